/* Fuzz .berth.yaml loading (config_load reads a path: the input goes through a temporary file). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[] = "/tmp/berth-fuzz-config-XXXXXX";
	static int fd = -1;
	struct config c;
	char *err = NULL;
	if (fd < 0 && (fd = mkstemp(path)) < 0)
		abort();
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	config_init(&c);
	(void)config_load(&c, path, &err);
	free(err);
	config_free(&c);
	return 0;
}
