/* Fuzz the Compose loader, the Compose checklist and every fix, then the fixed text again. */
#include "fuzz_fixed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_fixed(data, size, "compose.yaml", KIND_COMPOSE);
	return 0;
}
