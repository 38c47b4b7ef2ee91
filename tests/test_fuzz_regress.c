/*
 * Inputs the fuzzers once crashed on (tests/fixtures/fuzz/<target>/), run
 * again through the same code as the fuzz targets, each from a buffer of
 * exactly its size (no NUL after it, as libFuzzer gives them). Under
 * SANITIZE=1 any out-of-bounds read fails the run.
 */
#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/fuzz_fixed.h"
#include "util.h"

/* Run every input of one folder; returns how many there were. */
static size_t replay(const char *target, enum filekind kind, const char *path)
{
	char dir[256];
	DIR *d;
	struct dirent *e;
	size_t n = 0;
	snprintf(dir, sizeof(dir), "tests/fixtures/fuzz/%s", target);
	d = opendir(dir);
	if (!d)
		fail_msg("%s is missing", dir);
	while ((e = readdir(d)) != NULL) {
		char name[512], *text, *exact;
		size_t len;
		if (e->d_name[0] == '.')
			continue;
		snprintf(name, sizeof(name), "fuzz/%s/%s", target, e->d_name);
		text = fixture_read(name, &len);
		exact = xmalloc(len ? len : 1);
		memcpy(exact, text, len);
		free(text);
		fuzz_fixed((const uint8_t *)exact, len, path, kind);
		free(exact);
		n++;
	}
	closedir(d);
	return n;
}

static void test_dockerfile_inputs(void **state)
{
	(void)state;
	assert_true(replay("dockerfile", KIND_DOCKERFILE, "Dockerfile") >= 1);
}

static void test_compose_inputs(void **state)
{
	(void)state;
	(void)replay("compose", KIND_COMPOSE, "compose.yaml");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dockerfile_inputs),
		cmocka_unit_test(test_compose_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
