/* Values for fixes (tui/value.c): the pinned-tag rule, variants and major versions kept, sizes, examples. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "value.h"

static int ok(const char *name, const char *current, int minimal, const char *value)
{
	struct tui_value_ctx c = { name, current, minimal, 0 };
	char *why = NULL;
	int rc = tui_value_check(&c, value, &why);
	/* a refusal always says why; an acceptance never does */
	if (rc < 0)
		assert_non_null(why);
	else
		assert_null(why);
	free(why);
	return rc == 0;
}

static void test_pin_rule(void **state)
{
	(void)state;
	/* the failing tags of the issue are refused */
	assert_false(ok("pin.python", "3.11", 0, "3.11"));
	assert_false(ok("pin.python", "bookworm", 0, "bookworm"));
	assert_false(ok("pin.python", "latest", 0, "latest"));
	assert_false(ok("pin.python", "3.11", 0, ""));
	/* what berth fix --set pin.python=3.11.11 accepts */
	assert_true(ok("pin.python", "3.11", 0, "3.11.11"));
	assert_true(ok("pin.python", "3.11", 0, "3.11.11-slim"));
	assert_true(ok("pin.python", "3.11-slim", 0, "3.11.11-slim"));
	assert_true(ok("pin.node", "20", 0, "v20.11.1"));
	assert_true(ok("pin.debian", "bookworm", 0, "bookworm-20240311-slim"));
	assert_true(ok("pin.python", NULL, 0,
		       "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
	assert_false(ok("pin.python", NULL, 0, "sha256:0123"));
	/* the major version and the variant are kept */
	assert_false(ok("pin.python", "3.11", 0, "2.7.18"));
	assert_false(ok("pin.python", "3.11-slim", 0, "3.11.11"));
	assert_false(ok("pin.python", "3.11-slim", 0, "3.11.11-alpine"));
	assert_false(ok("pin.python", "bookworm", 0, "3.11.11"));
	assert_true(ok("pin.python", "bookworm", 0, "3.11.11-bookworm"));
	assert_false(ok("pin.python", "3.11", 0, "3.11.11 slim"));
	assert_false(ok("pin.python", "3.11", 0, "python:3.11.11"));
	/* sec.minimal-base: a pinned minimal variant */
	assert_false(ok("pin.python", "3.11", 1, "3.11.11"));
	assert_false(ok("pin.python", "3.11", 1, "3.11-slim"));
	assert_true(ok("pin.python", "3.11", 1, "3.11.11-slim"));
	assert_true(ok("pin.python", "3.11", 1, "3.11.11-alpine3.20"));
}

static void test_limits_rule(void **state)
{
	(void)state;
	assert_true(ok("limits.cpus", NULL, 0, "2"));
	assert_true(ok("limits.cpus", NULL, 0, "0.5"));
	assert_false(ok("limits.cpus", NULL, 0, "0"));
	assert_false(ok("limits.cpus", NULL, 0, "lots"));
	assert_false(ok("limits.cpus", NULL, 0, "-1"));
	assert_true(ok("limits.memory", NULL, 0, "512M"));
	assert_true(ok("limits.memory", NULL, 0, "1G"));
	assert_true(ok("limits.memory", NULL, 0, "1.5gb"));
	assert_false(ok("limits.memory", NULL, 0, "lots"));
	assert_false(ok("limits.memory", NULL, 0, "512X"));
	assert_false(ok("limits.memory", NULL, 0, "0M"));
	assert_true(ok("healthcheck.web", NULL, 0, "curl -f http://localhost:8000/health"));
	assert_false(ok("healthcheck.web", NULL, 0, "a\tb"));
}

static void expect_example(const char *current, int minimal, const char *want)
{
	struct tui_value_ctx c = { "pin.python", current, minimal, 0 };
	char *ex = tui_value_example(&c), *why = NULL;
	assert_non_null(ex);
	assert_string_equal(ex, want);
	/* an example is never the failing tag itself */
	if (current)
		assert_string_not_equal(ex, current);
	free(ex);
	free(why);
}

static void test_examples(void **state)
{
	struct tui_value_ctx lim = { "limits.memory", NULL, 0, 0 };
	(void)state;
	expect_example("3.11", 0, "3.11.<patch>");
	expect_example("3.11-slim", 0, "3.11.<patch>-slim");
	expect_example("3.11", 1, "3.11.<patch>-slim");
	expect_example("20", 0, "20.<minor>.<patch>");
	expect_example("bookworm", 0, "<x.y.z>-bookworm");
	expect_example("latest", 0, "<x.y.z>");
	expect_example(NULL, 1, "<x.y.z>-slim");
	expect_example("3.11-alpine", 1, "3.11.<patch>-alpine");
	assert_null(tui_value_example(&lim));
}

static void test_rule_text(void **state)
{
	struct tui_value_ctx c = { "pin.python", "3.11-slim", 0, 1 };
	char *r = tui_value_rule(&c);
	(void)state;
	assert_non_null(strstr(r, "3 parts"));
	assert_non_null(strstr(r, "major version 3"));
	assert_non_null(strstr(r, "variant \"slim\""));
	assert_non_null(strstr(r, "sec.minimal-base"));
	/* never claims a tag exists */
	assert_non_null(strstr(r, "cannot see the registry"));
	free(r);
	c.shared = 0;
	r = tui_value_rule(&c);
	assert_null(strstr(r, "sec.minimal-base"));
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pin_rule),
		cmocka_unit_test(test_limits_rule),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_rule_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
