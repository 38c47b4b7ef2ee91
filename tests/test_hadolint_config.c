/*
 * `--hadolint-config FILE` (core/hadolint_config.c): a .hadolint.yaml's
 * ignored / override / failure-threshold / no-fail land in struct config
 * through HADOLINT-MAP.md, the rest of hadolint's keys are accepted, and
 * mistakes in the keys berth reads are refused with their position.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "hadolint_config.h"
#include "util.h"

static char *tmp_write(const char *data)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/berth-hadolint-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	size_t len = strlen(data);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

/* Load `yaml` into c; returns the return code, *msg the error without its "PATH:" prefix. */
static int load(struct config *c, const char *yaml, char **msg)
{
	char *path = tmp_write(yaml), *err = NULL;
	int rc = hadolint_config_load(c, path, &err);
	*msg = NULL;
	if (err) {
		assert_true(str_starts(err, path));
		*msg = xstrdup(err + strlen(path) + 1);
	}
	unlink(path);
	free(path);
	free(err);
	return rc;
}

static void test_fixture_import(void **state)
{
	struct config c;
	char *err = NULL;
	(void)state;
	config_init(&c);
	assert_int_equal(hadolint_config_load(&c, "tests/fixtures/config/hadolint.yaml", &err), 0);
	assert_null(err);
	assert_int_equal(c.fail_on, SEV_INFO);                  /* style -> info */
	for (int i = 0; i < ITEM_COUNT; i++)                    /* DL3008, SC2086: no counterpart */
		assert_int_equal(c.ignore[i], i == ITEM_SEC_PINNED_BASE);
	for (int i = 0; i < ITEM_COUNT; i++)
		assert_int_equal(!!c.has_severity[i], i == ITEM_SEC_NON_ROOT ||
				 i == ITEM_SIZE_NO_PKG_CACHE || i == ITEM_SIZE_NO_INSTALL_RECOMMENDS);
	assert_int_equal(c.severity[ITEM_SEC_NON_ROOT], SEV_ERROR);
	assert_int_equal(c.severity[ITEM_SIZE_NO_PKG_CACHE], SEV_WARNING);     /* beats DL3019's style */
	assert_int_equal(c.severity[ITEM_SIZE_NO_INSTALL_RECOMMENDS], SEV_INFO);
	assert_null(c.path);            /* .berth.yaml's path stays the config's path */
	config_free(&c);
}

static void test_thresholds(void **state)
{
	static const struct { const char *yaml; enum sev want; } cases[] = {
		{ "failure-threshold: error\n", SEV_ERROR },
		{ "failure-threshold: warning\n", SEV_WARNING },
		{ "failure-threshold: info\n", SEV_INFO },
		{ "failure-threshold: style\n", SEV_INFO },
		{ "failure-threshold: none\n", SEV_NEVER },
		{ "failure-threshold: ignore\n", SEV_NEVER },
		{ "no-fail: true\nfailure-threshold: error\n", SEV_NEVER },
		{ "failure-threshold: error\nno-fail: false\n", SEV_ERROR },
		{ "ignored: []\n", SEV_WARNING },                   /* unset: berth's default stays */
		{ "", SEV_WARNING },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct config c;
		char *msg;
		config_init(&c);
		if (load(&c, cases[i].yaml, &msg) != 0)
			fail_msg("%s: %s", cases[i].yaml, msg);
		if (c.fail_on != cases[i].want)
			fail_msg("%s: fail-on %s, want %s", cases[i].yaml, sev_name(c.fail_on), sev_name(cases[i].want));
		config_free(&c);
	}
}

/* hadolint's other settings are accepted and change nothing. */
static void test_other_keys_accepted(void **state)
{
	struct config c, before;
	char *msg;
	const char *yaml =
		"trustedRegistries: [docker.io, \"*.gcr.io\"]\n"
		"trusted-registries: docker.io\n"
		"label-schema: {author: text, version: semver}\n"
		"strict-labels: true\n"
		"disable-ignore-pragma: false\n"
		"format: sarif\n"
		"output-format: json\n"
		"no-color: true\n"
		"verbose: true\n"
		"something-newer: {x: [1, 2]}\n"
		"ignored: [DL9999, foo, SC1000, DL3059]\n"
		"override: {info: [DL3033]}\n";
	(void)state;
	config_init(&c);
	config_init(&before);
	assert_int_equal(load(&c, yaml, &msg), 0);
	assert_memory_equal(c.ignore, before.ignore, sizeof(c.ignore));
	assert_memory_equal(c.has_severity, before.has_severity, sizeof(c.has_severity));
	assert_int_equal(c.fail_on, before.fail_on);
	config_free(&c);
}

static void test_errors_with_positions(void **state)
{
	static const struct { const char *yaml, *want; } cases[] = {
		{ "failure-threshold: fatal\n",
		  "1:20: bad level 'fatal' (expected error, warning, info, style, ignore or none)" },
		{ "ignored: DL3008\n", "1:10: 'ignored' must be a list, found a scalar" },
		{ "ignored:\n  - DL3008\n  - [DL3009]\n",
		  "3:5: a rule list expects rule ids such as DL3008, found a list" },
		{ "override:\n  fatal: [DL3002]\n",
		  "2:3: unknown key 'override.fatal' (expected error, warning, info or style)" },
		{ "override:\n  error: DL3002\n", "2:10: 'override.error' must be a list, found a scalar" },
		{ "override: [DL3002]\n", "1:11: 'override' must be a mapping, found a list" },
		{ "no-fail: maybe\n", "1:10: bad value 'maybe' for no-fail (expected true or false)" },
		{ "- DL3008\n", "1:1: the hadolint config must be a mapping, found a list" },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct config c;
		char *msg;
		config_init(&c);
		assert_int_equal(load(&c, cases[i].yaml, &msg), -1);
		if (!msg || strcmp(msg, cases[i].want) != 0)
			fail_msg("%s: expected \"%s\", got \"%s\"", cases[i].yaml, cases[i].want, msg ? msg : "");
		free(msg);
		config_free(&c);
	}
	{
		struct config c;
		char *msg;
		config_init(&c);
		assert_int_equal(load(&c, "ignored: [DL3007]\nignored: [DL3002]\n", &msg), -1);
		assert_true(str_starts(msg, "2:1: "));
		assert_non_null(strstr(msg, "duplicate key"));
		free(msg);
		config_free(&c);
	}
}

/* A bad file changes nothing; a good one adds to what .berth.yaml said. */
static void test_merge(void **state)
{
	struct config c;
	char *msg;
	(void)state;
	config_init(&c);
	c.ignore[ITEM_CORR_PARSE] = 1;
	c.fail_on = SEV_ERROR;
	assert_int_equal(load(&c, "ignored: [DL3007]\nfailure-threshold: info\noverride: {error: [DL4000]}\nbad: [\n", &msg), -1);
	free(msg);
	assert_false(c.ignore[ITEM_SEC_PINNED_BASE]);
	assert_int_equal(c.fail_on, SEV_ERROR);
	assert_false(c.has_severity[ITEM_CORR_PITFALLS]);
	assert_int_equal(load(&c, "ignored: [DL3007]\noverride: {error: [DL4000]}\n", &msg), 0);
	assert_true(c.ignore[ITEM_SEC_PINNED_BASE]);
	assert_true(c.ignore[ITEM_CORR_PARSE]);
	assert_int_equal(c.fail_on, SEV_ERROR);
	assert_int_equal(c.severity[ITEM_CORR_PITFALLS], SEV_ERROR);
	config_free(&c);
}

/*
 * The promise of issue 9: what hadolint's config silenced, berth does not
 * report. Findings placed by hand; check_finish applies the imported config.
 */
static void test_silenced_findings(void **state)
{
	struct config c;
	struct file_result r;
	struct audit a;
	struct text t;
	char *err = NULL;
	const char *src = "FROM python:latest\nRUN apt-get install -y --no-install-recommends curl\nUSER root\n";
	(void)state;
	config_init(&c);
	assert_int_equal(hadolint_config_load(&c, "tests/fixtures/config/hadolint.yaml", &err), 0);
	text_init(&t, src, strlen(src));
	audit_init(&a, &r, "Dockerfile", KIND_DOCKERFILE, &t, &c);
	audit_add(&a, ITEM_SEC_PINNED_BASE, SEV_ERROR, "latest", 0, 18, FIX_VALUE, "latest");
	audit_add(&a, ITEM_SEC_NON_ROOT, SEV_WARNING, "root", 71, 80, FIX_AUTO, "root");
	audit_add(&a, ITEM_SIZE_NO_INSTALL_RECOMMENDS, SEV_WARNING, "x", 19, 40, FIX_AUTO, "x");
	check_finish(&a);
	assert_status(&r, "sec.pinned-base", "ignored");        /* ignored: DL3007 */
	assert_status(&r, "sec.non-root", "fail");
	assert_int_equal(finding_of(&r, "sec.non-root", NULL)->sev, SEV_ERROR);  /* override error */
	assert_status(&r, "size.no-install-recommends", "pass");        /* style -> info */
	file_result_free(&r);
	text_free(&t);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_import),
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_other_keys_accepted),
		cmocka_unit_test(test_errors_with_positions),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_silenced_findings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
