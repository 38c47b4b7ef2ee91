/*
 * Pragmas (core/pragma.c, SPEC.md "Config", CHECKLIST.md "Where findings
 * point, and pragmas"): which findings a comment suppresses, and which it
 * must not. Findings are placed by hand on chosen lines so that these tests
 * judge the pragma scopes alone, whatever the checks report. Also checks the
 * DL -> item table against HADOLINT-MAP.md.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pragma.h"
#include "text.h"
#include "util.h"

struct placed {
	const char *key;
	int line;
	enum sev sev;
};

/* Audit `src` with one finding per entry of `f` (each spanning its whole line), then finish. */
static void run(struct file_result *r, enum filekind kind, const char *src,
		const struct placed *f, size_t n)
{
	struct text t;
	struct audit a;
	text_init(&t, src, strlen(src));
	audit_init(&a, r, kind == KIND_DOCKERFILE ? "Dockerfile" : "compose.yaml", kind, &t, NULL);
	for (size_t i = 0; i < n; i++) {
		size_t s, e;
		int item = item_find(f[i].key);
		assert_true(item >= 0);
		assert_true(text_line(&t, f[i].line, &s, &e));
		audit_add(&a, item, f[i].sev, "test", s, e, FIX_NONE, "finding %zu", i);
	}
	check_finish(&a);
	text_free(&t);
}

/* Whether the finding of KEY on LINE was suppressed (fails when there is none). */
static int suppressed(const struct file_result *r, const char *key, int line)
{
	int item = item_find(key);
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].item == item && r->findings[i].line == line)
			return r->findings[i].suppressed;
	fail_msg("no finding of %s on line %d", key, line);
	return -1;
}

static void test_berth_ignore_above(void **state)
{
	struct file_result r;
	const char *src =
		"FROM python:3.12.1-slim\n"
		"# berth ignore=sec.non-root\n"
		"CMD [\"python\", \"app.py\"]\n";
	const struct placed f[] = {
		{ "sec.non-root", 3, SEV_WARNING },
		{ "sec.healthcheck", 3, SEV_WARNING },
		{ "sec.non-root", 1, SEV_WARNING },
	};
	(void)state;
	run(&r, KIND_DOCKERFILE, src, f, ARRAY_SIZE(f));
	assert_true(suppressed(&r, "sec.non-root", 3));
	assert_false(suppressed(&r, "sec.healthcheck", 3));     /* other keys untouched */
	assert_false(suppressed(&r, "sec.non-root", 1));        /* only the line below */
	assert_status(&r, "sec.non-root", "fail");              /* line 1 still fails it */
	assert_status(&r, "sec.healthcheck", "fail");
	file_result_free(&r);
}

static void test_suppressed_only_is_ignored(void **state)
{
	struct file_result r;
	const char *src =
		"FROM python:3.12.1-slim\n"
		"# berth ignore=sec.non-root, corr.pitfalls  -- reviewed by ops\n"
		"USER root\n";
	const struct placed f[] = {
		{ "sec.non-root", 3, SEV_ERROR },
		{ "corr.pitfalls", 3, SEV_WARNING },
		{ "corr.parse", 3, SEV_INFO },
	};
	(void)state;
	run(&r, KIND_DOCKERFILE, src, f, ARRAY_SIZE(f));
	assert_true(suppressed(&r, "sec.non-root", 3));
	assert_true(suppressed(&r, "corr.pitfalls", 3));        /* after ", " and before the remark */
	assert_status(&r, "sec.non-root", "ignored");
	assert_status(&r, "corr.pitfalls", "ignored");
	assert_status(&r, "corr.parse", "pass");                /* an info note never fails */
	file_result_free(&r);
}

static void test_ignore_file_anywhere(void **state)
{
	struct file_result r;
	const char *src =
		"# syntax=docker/dockerfile:1\n"
		"FROM python:3.12.1-slim\n"
		"RUN pip install flask\n"
		"USER app\n"
		"# berth ignore-file=size.no-pkg-cache,sec.pinned-base\n";
	const struct placed f[] = {
		{ "size.no-pkg-cache", 3, SEV_WARNING },
		{ "sec.pinned-base", 2, SEV_WARNING },
		{ "sec.non-root", 4, SEV_WARNING },
	};
	(void)state;
	run(&r, KIND_DOCKERFILE, src, f, ARRAY_SIZE(f));
	assert_true(suppressed(&r, "size.no-pkg-cache", 3));   /* above the pragma, far away */
	assert_true(suppressed(&r, "sec.pinned-base", 2));
	assert_false(suppressed(&r, "sec.non-root", 4));
	assert_status(&r, "size.no-pkg-cache", "ignored");
	file_result_free(&r);
}

static void test_hadolint_ignore_several(void **state)
{
	struct file_result r;
	const char *src =
		"# hadolint ignore=DL3007,DL3002 DL4006\n"
		"FROM python:latest\n"
		"# hadolint ignore=dl3015,DL3008\n"
		"RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n";
	const struct placed f[] = {
		{ "sec.pinned-base", 2, SEV_ERROR },
		{ "sec.non-root", 2, SEV_WARNING },
		{ "sec.healthcheck", 2, SEV_WARNING },
		{ "size.no-install-recommends", 4, SEV_WARNING },
		{ "corr.pitfalls", 4, SEV_WARNING },
	};
	(void)state;
	run(&r, KIND_DOCKERFILE, src, f, ARRAY_SIZE(f));
	assert_true(suppressed(&r, "sec.pinned-base", 2));      /* DL3007 */
	assert_true(suppressed(&r, "sec.non-root", 2));         /* DL3002 */
	assert_false(suppressed(&r, "sec.healthcheck", 2));
	assert_true(suppressed(&r, "size.no-install-recommends", 4));  /* dl3015, any case */
	assert_false(suppressed(&r, "corr.pitfalls", 4));       /* DL4006 stopped at the space */
	file_result_free(&r);
}

/* openwisp-base (FIX-HOLDOUT8.md): a blank after the comma still names the next rule. */
static void test_hadolint_comma_blank(void **state)
{
	struct file_result r;
	const char *src =
		"FROM python:3.14.0-slim-trixie\n"
		"# hadolint ignore=DL3008, DL3009\n"
		"RUN apt-get update && \\\n"
		"    apt-get install --yes --no-install-recommends g++\n";
	const struct placed f[] = {
		{ "size.apt-lists-cleaned", 3, SEV_WARNING },
		{ "perf.single-apt-layer", 3, SEV_WARNING },
	};
	(void)state;
	run(&r, KIND_DOCKERFILE, src, f, ARRAY_SIZE(f));
	assert_true(suppressed(&r, "size.apt-lists-cleaned", 3));   /* DL3009 */
	assert_false(suppressed(&r, "perf.single-apt-layer", 3));   /* no hadolint rule maps to it */
	file_result_free(&r);
}

static void test_hadolint_global(void **state)
{
	struct file_result r;
	const char *src =
		"# hadolint global ignore=DL3015,DL3059\n"
		"FROM debian:12.5-slim\n"
		"RUN apt-get install -y curl\n"
		"RUN apt-get install -y git\n";
	const struct placed f[] = {
		{ "size.no-install-recommends", 3, SEV_WARNING },
		{ "size.no-install-recommends", 4, SEV_WARNING },
		{ "size.apt-lists-cleaned", 3, SEV_WARNING },
	};
	(void)state;
	run(&r, KIND_DOCKERFILE, src, f, ARRAY_SIZE(f));
	assert_true(suppressed(&r, "size.no-install-recommends", 3));
	assert_true(suppressed(&r, "size.no-install-recommends", 4));
	assert_false(suppressed(&r, "size.apt-lists-cleaned", 3));
	assert_status(&r, "size.no-install-recommends", "ignored");
	assert_status(&r, "size.apt-lists-cleaned", "fail");
	file_result_free(&r);
}

/* A pragma two lines up with an instruction (or a blank line) between does not reach. */
static void test_not_directly_above(void **state)
{
	struct file_result r;
	const char *src =
		"FROM python:3.12.1-slim\n"
		"# berth ignore=sec.non-root\n"
		"RUN true\n"
		"USER root\n"
		"# hadolint ignore=DL3002\n"
		"\n"
		"USER 0\n";
	const struct placed f[] = {
		{ "sec.non-root", 4, SEV_WARNING },
		{ "sec.non-root", 7, SEV_WARNING },
		{ "sec.non-root", 3, SEV_WARNING },
	};
	(void)state;
	run(&r, KIND_DOCKERFILE, src, f, ARRAY_SIZE(f));
	assert_false(suppressed(&r, "sec.non-root", 4));
	assert_false(suppressed(&r, "sec.non-root", 7));
	assert_true(suppressed(&r, "sec.non-root", 3));
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
}

/* The run of comment lines right above counts as a whole, indented ones too. */
static void test_comment_run(void **state)
{
	struct file_result r;
	const char *src =
		"FROM python:3.12.1-slim\n"
		"# berth ignore=sec.non-root\n"
		"# the app binds port 80 and needs root; see ops/README\n"
		"   #\n"
		"\t# hadolint ignore=DL3025\n"
		"USER root\n"
		"CMD python app.py\n";
	const struct placed f[] = {
		{ "sec.non-root", 6, SEV_WARNING },
		{ "corr.production-cmd", 6, SEV_WARNING },
		{ "corr.production-cmd", 7, SEV_WARNING },
	};
	(void)state;
	run(&r, KIND_DOCKERFILE, src, f, ARRAY_SIZE(f));
	assert_true(suppressed(&r, "sec.non-root", 6));
	assert_true(suppressed(&r, "corr.production-cmd", 6));
	assert_false(suppressed(&r, "corr.production-cmd", 7)); /* the run ended at line 5 */
	file_result_free(&r);
}

/* Compose: a comment above the service key; CRLF and a BOM change nothing. */
static void test_compose_and_crlf(void **state)
{
	struct file_result r;
	const char *src =
		"\xEF\xBB\xBF" "services:\r\n"
		"  # berth ignore=compose.restart,compose.read-only\r\n"
		"  web:\r\n"
		"    image: nginx:1.25.4\r\n"
		"  db:\r\n"
		"    image: postgres:16.2\r\n";
	const struct placed f[] = {
		{ "compose.restart", 3, SEV_WARNING },
		{ "compose.read-only", 3, SEV_WARNING },
		{ "compose.restart", 5, SEV_WARNING },
	};
	(void)state;
	run(&r, KIND_COMPOSE, src, f, ARRAY_SIZE(f));
	assert_true(suppressed(&r, "compose.restart", 3));
	assert_true(suppressed(&r, "compose.read-only", 3));    /* the key before "\r" */
	assert_false(suppressed(&r, "compose.restart", 5));
	assert_status(&r, "compose.read-only", "ignored");
	assert_status(&r, "compose.restart", "fail");
	file_result_free(&r);
}

/* Unknown keys and ids, junk and edge positions: no effect, no crash. */
static void test_junk(void **state)
{
	struct file_result r;
	const char *src =
		"# berth ignore=\n"
		"# berth ignore=nope.nope,,,DL3002\n"
		"# hadolint ignore=DL9999,SC2086,sec.non-root\n"
		"# berthignore=sec.non-root\n"
		"#berth ignore=corr.pitfalls\n"
		"USER root\n";
	const struct placed f[] = {
		{ "sec.non-root", 6, SEV_WARNING },
		{ "corr.pitfalls", 6, SEV_WARNING },
		{ "corr.parse", 1, SEV_ERROR },
	};
	(void)state;
	run(&r, KIND_DOCKERFILE, src, f, ARRAY_SIZE(f));
	assert_false(suppressed(&r, "sec.non-root", 6));  /* not a berth key, not a DL id */
	assert_true(suppressed(&r, "corr.pitfalls", 6));  /* "#berth" without a space is still a comment pragma */
	assert_false(suppressed(&r, "corr.parse", 1));
	file_result_free(&r);
}

static void test_hadolint_item_table(void **state)
{
	(void)state;
	assert_int_equal(item_of_hadolint("DL3002"), ITEM_SEC_NON_ROOT);
	assert_int_equal(item_of_hadolint("dl3002"), ITEM_SEC_NON_ROOT);
	assert_int_equal(item_of_hadolint("DL3042"), ITEM_SIZE_NO_PKG_CACHE);
	assert_int_equal(item_of_hadolint("DL3057"), ITEM_SEC_HEALTHCHECK);
	assert_int_equal(item_of_hadolint("DL4006"), ITEM_CORR_PITFALLS);
	assert_int_equal(item_of_hadolint("DL3008"), -2);
	assert_int_equal(item_of_hadolint("SC2086"), -2);
	assert_int_equal(item_of_hadolint("DL9999"), -1);
	assert_int_equal(item_of_hadolint(""), -1);
	assert_int_equal(item_of_hadolint("sec.non-root"), -1);
}

/* Expand one id cell of the table: "DL3030, DL3034", "DL3046 – DL3056", "SCxxxx". */
static void check_ids(const char *cell, int want, int *checked)
{
	char buf[256];
	char *save = NULL;
	snprintf(buf, sizeof(buf), "%s", cell);
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int a, b;
		char id[16];
		if (sscanf(tok, " DL%d \xE2\x80\x93 DL%d", &a, &b) == 2 || sscanf(tok, " DL%d - DL%d", &a, &b) == 2) {
		} else if (sscanf(tok, " DL%d", &a) == 1) {
			b = a;
		} else {
			assert_non_null(strstr(tok, "SC"));
			assert_int_equal(item_of_hadolint("SC1000"), -2);
			continue;
		}
		for (int n = a; n <= b; n++) {
			snprintf(id, sizeof(id), "DL%d", n);
			if (item_of_hadolint(id) != want)
				fail_msg("%s maps to %d, the documented table says %d", id, item_of_hadolint(id), want);
			(*checked)++;
		}
	}
}

/* Every row of ../shared/HADOLINT-MAP.md agrees with item_of_hadolint(). */
static void test_hadolint_map_doc(void **state)
{
	const char *dir = shared_dir();
	char path[4096], line[1024];
	int checked = 0;
	FILE *f;
	(void)state;
	if (!dir) {
		print_message("skipped: ../shared (HADOLINT-MAP.md) is absent\n");
		skip();
	}
	snprintf(path, sizeof(path), "%s/HADOLINT-MAP.md", dir);
	f = fopen(path, "r");
	if (!f) {
		print_message("skipped: %s is absent\n", path);
		skip();
	}
	while (fgets(line, sizeof(line), f)) {
		char *cells[4], *p = line, *bt;
		int n = 0, want;
		if (strncmp(line, "| DL", 4) != 0 && strncmp(line, "| SC", 4) != 0)
			continue;
		while (n < 4 && (p = strchr(p, '|'))) {
			*p++ = '\0';
			cells[n++] = p;
		}
		assert_true(n >= 4);
		bt = strchr(cells[2], '`');
		if (bt) {
			char key[64];
			assert_int_equal(sscanf(bt + 1, "%63[^`]", key), 1);
			want = item_find(key);
			assert_true(want >= 0);
		} else {
			want = -2;
		}
		check_ids(cells[0], want, &checked);
	}
	fclose(f);
	assert_true(checked >= 60);
}

/* The table in docs/berth.1 (HADOLINT section) says what item_of_hadolint() does. */
static void test_manpage_table(void **state)
{
	FILE *f = fopen("docs/berth.1", "r");
	char line[512], ids[512] = "";
	int checked = 0;
	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (ids[0]) {
			char key[128];
			size_t n = 0;
			int want;
			/* "corr.workdir\-before\-copy (...)" or "\(em (...)" */
			for (const char *p = line; *p && *p != ' ' && n + 1 < sizeof(key); p++)
				if (*p != '\\')
					key[n++] = *p;
			key[n] = '\0';
			want = strncmp(line, "\\(em", 4) == 0 ? -2 : item_find(key);
			if (want == -1)
				fail_msg("man page maps %s to unknown item '%s'", ids, key);
			/* "DL3046 to DL3056, DL3058" uses the same expander as HADOLINT-MAP.md */
			{
				char *to = strstr(ids, " to ");
				if (to)
					memcpy(to, " - ", 3), memmove(to + 3, to + 4, strlen(to + 4) + 1);
			}
			check_ids(ids, want, &checked);
			ids[0] = '\0';
		} else if (strncmp(line, "DL", 2) == 0 || strncmp(line, "SC\\fI", 5) == 0) {
			snprintf(ids, sizeof(ids), "%s", strncmp(line, "SC", 2) == 0 ? "SCxxxx" : line);
		}
	}
	fclose(f);
	assert_true(checked >= 60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_berth_ignore_above),
		cmocka_unit_test(test_suppressed_only_is_ignored),
		cmocka_unit_test(test_ignore_file_anywhere),
		cmocka_unit_test(test_hadolint_ignore_several),
		cmocka_unit_test(test_hadolint_comma_blank),
		cmocka_unit_test(test_hadolint_global),
		cmocka_unit_test(test_not_directly_above),
		cmocka_unit_test(test_comment_run),
		cmocka_unit_test(test_compose_and_crlf),
		cmocka_unit_test(test_junk),
		cmocka_unit_test(test_hadolint_item_table),
		cmocka_unit_test(test_hadolint_map_doc),
		cmocka_unit_test(test_manpage_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
