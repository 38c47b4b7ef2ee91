/* Fuzz the Compose loader and the Compose checklist. */
#include <stddef.h>
#include <stdint.h>

#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct file_result r;
	struct text t;
	text_init(&t, (const char *)data, size);
	scan_audit_file(&r, "compose.yaml", KIND_COMPOSE, (const char *)data, size, &t, NULL, NULL, NULL, 0);
	file_result_free(&r);
	text_free(&t);
	return 0;
}
