/*
 * explain: text for every item, examples that differ (the hadolint ids: tests/test_items.c)
 * with the pragma table, `berth explain` output, and - once the checks are
 * built - that every failing example fails its item and every passing one
 * passes the whole checklist.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "explain_priv.h"
#include "pragma.h"
#include "util.h"

static void test_every_item_has_text(void **state)
{
	(void)state;
	for (int i = 0; i < ITEM_COUNT; i++) {
		const struct explain *e = explain_get(i);
		const char *key = item_defs[i].key;
		if (strlen(e->why) < 80 || strlen(e->judged) < 80)
			fail_msg("%s: why/judged too short", key);
		if (!*e->bad || !*e->good)
			fail_msg("%s: an example is missing", key);
		if (strcmp(e->bad, e->good) == 0)
			fail_msg("%s: the failing and passing examples are the same", key);
		if (e->bad[strlen(e->bad) - 1] != '\n' || e->good[strlen(e->good) - 1] != '\n')
			fail_msg("%s: examples are whole files ending in a newline", key);
		assert_non_null(e->seed_note);
	}
	/* each item is written once, in the table of its category */
	for (int i = 0; i < ITEM_COUNT; i++) {
		int n = (explain_text_perf_sec[i].why != NULL) + (explain_text_size_corr[i].why != NULL) +
			(explain_text_compose[i].why != NULL);
		if (n != 1)
			fail_msg("%s is in %d explanation tables", item_defs[i].key, n);
	}
	/* out of range: an empty explanation, never NULL */
	assert_non_null(explain_get(-1));
	assert_non_null(explain_get(ITEM_COUNT));
	assert_string_equal(explain_get(ITEM_COUNT)->why, "");
}

static char *explain_text(const char *key, int *rc)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	*rc = explain_write(f, key);
	fclose(f);
	return out;
}

static void test_explain_write(void **state)
{
	int rc;
	char *out;
	(void)state;
	for (int i = 0; i < ITEM_COUNT; i++) {
		const struct explain *e = explain_get(i);
		char first[40];
		out = explain_text(item_defs[i].key, &rc);
		assert_int_equal(rc, 0);
		assert_true(str_starts(out, item_defs[i].title));
		assert_non_null(strstr(out, item_defs[i].key));
		assert_non_null(strstr(out, category_name(item_defs[i].cat)));
		assert_non_null(strstr(out, fixkind_name(item_defs[i].fix)));
		assert_non_null(strstr(out, "Why it matters"));
		assert_non_null(strstr(out, "How berth judges it"));
		assert_non_null(strstr(out, "Fails\n"));
		assert_non_null(strstr(out, "Passes\n"));
		if (*e->seed_note)
			assert_non_null(strstr(out, "In the seed guide"));
		/* the examples are shown line by line */
		snprintf(first, sizeof(first), "    | %.*s\n", (int)strcspn(e->good, "\n"), e->good);
		assert_non_null(strstr(out, first));
		/* prose is wrapped */
		for (char *l = out; *l; ) {
			size_t len = strcspn(l, "\n");
			if (!str_starts(l, "    | ") && len > 80)
				fail_msg("%s: line of %zu columns", item_defs[i].key, len);
			l += len + (l[len] == '\n');
		}
		free(out);
	}
	out = explain_text("sec.nonroot", &rc);
	assert_int_equal(rc, -1);
	assert_string_equal(out, "");
	free(out);
	out = explain_text(NULL, &rc);
	assert_int_equal(rc, -1);
	free(out);
}

/* ---- the examples, audited ---- */

static const char probe_df[] = "FROM python:latest\nCMD python app.py\n";
static const char probe_compose[] = "services:\n  a:\n    image: x/y:latest\n";

/* The checks are written by another part of the project: skip until they judge. */
static int checks_ready(enum filekind kind)
{
	struct file_result r;
	int ready;
	audit_text(&r, kind == KIND_COMPOSE ? "compose.yaml" : "Dockerfile", kind,
		   kind == KIND_COMPOSE ? probe_compose : probe_df, NULL);
	ready = strcmp(status_of(&r, kind == KIND_COMPOSE ? "compose.pinned-image" : "sec.pinned-base"), "fail") == 0;
	file_result_free(&r);
	return ready;
}

static struct memfs *example_repo(const char *dockerignore)
{
	struct memfs *m = memfs_new();
	memfs_add(m, ".dockerignore", dockerignore, 1);
	memfs_add(m, "requirements.txt", "flask==3.0.3\n", 1);
	memfs_add(m, "package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}\n", 1);
	memfs_add(m, "package-lock.json", "{}\n", 1);
	memfs_add(m, "go.mod", "module example.com/x\n", 1);
	memfs_add(m, "go.sum", "", 1);
	memfs_add(m, "app/__init__.py", "", 1);
	memfs_add(m, "app/main.py", "", 1);
	memfs_add(m, "src/worker.js", "", 1);
	memfs_add(m, "cmd/app/main.go", "package main\n", 1);
	/* compose.build-valid's examples build the stage "runtime" of ./Dockerfile */
	memfs_add(m, "Dockerfile", "FROM alpine:3.20.3 AS runtime\nUSER 65534\nCMD [\"true\"]\n", 1);
	return m;
}

static const char good_ignore[] = ".git\n.env\n.env.*\n!.env.example\n";

static void audit_example(struct file_result *r, int item, const char *text)
{
	enum filekind kind = item_defs[item].kind;
	struct memfs *m;
	struct fsview fs;
	const char *df = text;
	/* perf.dockerignore's examples are .dockerignore files beside a whole-context COPY */
	if (item == ITEM_PERF_DOCKERIGNORE) {
		m = example_repo(text);
		df = explain_get(ITEM_PERF_LAYER_ORDER)->good;
	} else {
		m = example_repo(good_ignore);
	}
	memfs_view(m, &fs);
	audit_text(r, kind == KIND_COMPOSE ? "compose.yaml" : "Dockerfile", kind, df, &fs);
	memfs_free(m);
}

static void check_examples(enum filekind kind)
{
	int bad = 0;
	for (int i = 0; i < ITEM_COUNT; i++) {
		struct file_result r;
		if (item_defs[i].kind != kind)
			continue;
		audit_example(&r, i, explain_get(i)->bad);
		if (strcmp(status_of(&r, item_defs[i].key), "fail") != 0) {
			dump_result(&r);
			fprintf(stderr, "%s: the failing example does not fail it\n", item_defs[i].key);
			bad++;
		}
		file_result_free(&r);
		audit_example(&r, i, explain_get(i)->good);
		for (int k = 0; k < ITEM_COUNT; k++)
			if (r.status[k] == ST_FAIL) {
				dump_result(&r);
				fprintf(stderr, "%s: the passing example fails %s\n", item_defs[i].key, item_defs[k].key);
				bad++;
			}
		file_result_free(&r);
	}
	if (bad)
		fail_msg("%d example problems (listed above)", bad);
}

static void test_dockerfile_examples(void **state)
{
	(void)state;
	if (!checks_ready(KIND_DOCKERFILE)) {
		printf("skipped: the Dockerfile checks do not judge yet, examples not audited\n");
		skip();
	}
	check_examples(KIND_DOCKERFILE);
}

static void test_compose_examples(void **state)
{
	(void)state;
	if (!checks_ready(KIND_COMPOSE)) {
		printf("skipped: the Compose checks do not judge yet, examples not audited\n");
		skip();
	}
	check_examples(KIND_COMPOSE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_item_has_text),
		cmocka_unit_test(test_explain_write),
		cmocka_unit_test(test_dockerfile_examples),
		cmocka_unit_test(test_compose_examples),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
