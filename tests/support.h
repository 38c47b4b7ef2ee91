/*
 * support - helpers shared by the cmocka tests: fixtures, the shared corpus,
 * and one-call audits of in-memory files.
 */
#ifndef BERTH_TEST_SUPPORT_H
#define BERTH_TEST_SUPPORT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "check.h"
#include "fsview.h"

/* Contents of tests/fixtures/NAME (malloc'd), failing the test when missing. */
char *fixture_read(const char *name, size_t *len);
/* The ../shared folder (or $BERTH_SHARED), or NULL when absent: tests that need it print why and skip. */
const char *shared_dir(void);

/*
 * Audit `text` as a Dockerfile or Compose file named `path`, with `fs` (may
 * be NULL) as the repository. The result must be freed (file_result_free).
 */
void audit_text(struct file_result *r, const char *path, enum filekind kind,
		const char *text, const struct fsview *fs);
/* The status of item KEY in r ("pass", "fail", "n/a", "ignored"). */
const char *status_of(const struct file_result *r, const char *key);
/* The first finding of KEY (and rule, unless NULL), or NULL. */
const struct finding *finding_of(const struct file_result *r, const char *key, const char *rule);
/* Print the findings (for a failing test's context). */
void dump_result(const struct file_result *r);

struct config;
/* A config loaded from `yaml` (a .berth.yaml written to a temporary file); the caller config_free()s it. */
void test_config_from(struct config *c, const char *yaml);

#define assert_status(r, key, want) do { \
	const char *got_ = status_of((r), (key)); \
	if (strcmp(got_, (want)) != 0) { dump_result(r); \
		fail_msg("%s: expected %s, got %s", (key), (want), got_); } \
} while (0)

#endif
