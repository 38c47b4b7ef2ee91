/* Fuzz the .dockerignore matcher: the first line is a path, the rest the file. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ignore.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t plen = nl ? (size_t)(nl - (const char *)data) : size;
	char *path = xstrndup((const char *)data, plen);
	const char *rest = nl ? nl + 1 : (const char *)data + size;
	struct dockerignore *d = dockerignore_parse(rest, size - (size_t)(rest - (const char *)data));
	(void)dockerignore_match(d, path);
	(void)dockerignore_excludes(d, path);
	(void)dockerignore_excludes(d, ".git");
	(void)dockerignore_invalid(d);
	dockerignore_free(d);
	free(path);
	return 0;
}
