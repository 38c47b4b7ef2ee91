/*
 * Tests of a finding's message (core/check.c, audit_add): the conversions
 * the checklist uses are formatted without vsnprintf, and must read exactly
 * as snprintf writes them; anything else goes to vsnprintf.
 */
#include "support.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util.h"

/* One finding's message, formatted by audit_add. */
#define MESSAGE(res, ...) (audit_add(&(res).a, ITEM_CORR_PARSE, SEV_ERROR, "r", 0, 0, FIX_NONE, __VA_ARGS__)->message)

struct fixture {
	struct file_result r;
	struct audit a;
};

#define CHECK(fx, want_buf, ...) do { \
	char want_buf[2048]; \
	snprintf(want_buf, sizeof(want_buf), __VA_ARGS__); \
	assert_string_equal(MESSAGE(fx, __VA_ARGS__), want_buf); \
} while (0)

static void test_quick_conversions(void **state)
{
	struct fixture fx;
	const char *s = "python:3.11";
	(void)state;
	audit_init(&fx.a, &fx.r, "Dockerfile", KIND_DOCKERFILE, NULL, NULL);
	CHECK(fx, w, "plain text only");
	CHECK(fx, w, "%s", "");
	CHECK(fx, w, "`%s` is a moving tag: pin a full version (x.y.z), a date-stamped tag or a digest", s);
	CHECK(fx, w, "%s%s%s", "a", "", "c");
	CHECK(fx, w, "%%s is not a conversion, 100%% sure: %s", s);
	CHECK(fx, w, "%.3s|%.0s|%.20s|%.100s", s, s, s, s);
	CHECK(fx, w, "%.*s|%.*s|%.*s", 4, s, 0, s, -1, s);      /* a negative precision is none */
	CHECK(fx, w, "%.*s", 3, "ab");
	CHECK(fx, w, "%c%c%c", 'a', '-', '~');
	CHECK(fx, w, "%d %d %d %d %d", 0, 7, -7, INT_MAX, INT_MIN);
	CHECK(fx, w, "%ld %ld %ld %ld", 0L, 65535L, LONG_MAX, LONG_MIN);
	CHECK(fx, w, "%zu %zu %zu", (size_t)0, (size_t)42, (size_t)-1);
	CHECK(fx, w, "line %d: %s uses $%.*s, which is not defined; declare ARG %.*s=<default>",
	      12, "ENV X", 4, "PORTX", 4, "PORTX");
	file_result_free(&fx.r);
}

/* What the quick path does not take goes to vsnprintf with the same arguments. */
static void test_fallbacks(void **state)
{
	struct fixture fx;
	char big[1500];
	(void)state;
	audit_init(&fx.a, &fx.r, "Dockerfile", KIND_DOCKERFILE, NULL, NULL);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(fx, w, "%5d|%-4s|%x|%u|%.2f", 42, "ab", 255u, 7u, 1.5);
	CHECK(fx, w, "%s then %d", "flags", 3);
	CHECK(fx, w, "%.s|%s", "hidden", "shown");
	/* longer than the stack buffer: formatted by vsnprintf into a growing buffer */
	{
		const char *m = MESSAGE(fx, "<%s>", big);
		assert_int_equal(strlen(m), strlen(big) + 2);
		assert_int_equal(m[0], '<');
		assert_memory_equal(m + 1, big, strlen(big));
		assert_int_equal(m[strlen(m) - 1], '>');
	}
	CHECK(fx, w, "%d items: %s", 3, big);
	file_result_free(&fx.r);
}

/* A NULL string goes to vsnprintf too (glibc writes "(null)"), never crashes the quick path. */
static void test_null_string(void **state)
{
	struct fixture fx;
	const char *none = getenv("BERTH_TEST_NEVER_SET_VARIABLE");     /* NULL, unknown to the compiler */
	char want[64];
	(void)state;
	audit_init(&fx.a, &fx.r, "Dockerfile", KIND_DOCKERFILE, NULL, NULL);
	snprintf(want, sizeof(want), "[%s]", none);
	assert_string_equal(MESSAGE(fx, "[%s]", none), want);
	file_result_free(&fx.r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quick_conversions),
		cmocka_unit_test(test_fallbacks),
		cmocka_unit_test(test_null_string),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
