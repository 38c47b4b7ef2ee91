/* Fuzz the Dockerfile parser, the Dockerfile checklist and every fix, then the fixed text again. */
#include "fuzz_fixed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_fixed(data, size, "Dockerfile", KIND_DOCKERFILE);
	return 0;
}
