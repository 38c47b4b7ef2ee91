/*
 * The --since filter on hand-made changes (repo_since.h): which findings
 * stay, the missing-thing rule, deletions, whole files, the count left out.
 * The libgit2 side (merge base, staged/untracked files) is driven end to end
 * by tests/e2e/check_since.sh.
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "repo_since.h"
#include "util.h"

static struct since_file *add_changed(struct since *s, const char *path, int whole)
{
	struct since_file *f;
	s->files = xrealloc(s->files, (s->nfiles + 1) * sizeof(*s->files));
	f = &s->files[s->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	f->whole = whole;
	return f;
}

static void add_range(struct since_file *f, int first, int last)
{
	struct since_range r = { first, last };
	PUSH(f->ranges, f->n, f->cap, r);
}

static struct finding *add_finding(struct file_result *r, const char *data, const char *needle, int line,
				   int end_line, const char *rule, enum sev sev)
{
	struct finding *f;
	const char *at = strstr(data, needle);
	assert_non_null(at);
	r->findings = xrealloc(r->findings, (r->nfindings + 1) * sizeof(*r->findings));
	f = &r->findings[r->nfindings++];
	memset(f, 0, sizeof(*f));
	f->item = 0;
	f->rule = xstrdup(rule);
	f->message = xstrdup("m");
	f->sev = sev;
	f->start = (size_t)(at - data);
	f->end = f->start + strlen(needle);
	f->line = line;
	f->end_line = end_line;
	return f;
}

static const char df[] =
	"# syntax=docker/dockerfile:1\n"      /* 1 */
	"  from python:3.12 AS app\n"         /* 2: the final FROM, indented, lower case */
	"RUN a \\\n"                          /* 3 */
	"    && b\n"                          /* 4 */
	"CMD x\n";                            /* 5 */

static void test_lines_and_missing(void **state)
{
	struct since s;
	struct file_result r;
	struct since_file *f;
	(void)state;
	memset(&s, 0, sizeof(s));
	memset(&r, 0, sizeof(r));
	f = add_changed(&s, "Dockerfile", 0);
	add_range(f, 4, 4);
	r.path = xstrdup("Dockerfile");
	r.kind = KIND_DOCKERFILE;
	add_finding(&r, df, "python:3.12", 2, 2, "unpinned", SEV_WARNING);     /* present thing, unchanged line */
	add_finding(&r, df, "from python", 2, 2, "no-user", SEV_WARNING);      /* missing thing: at the FROM */
	add_finding(&r, df, "RUN a", 3, 4, "multi", SEV_WARNING);              /* spans into the changed line 4 */
	add_finding(&r, df, "CMD x", 5, 5, "shell", SEV_WARNING);              /* unchanged */
	add_finding(&r, df, "CMD x", 5, 5, "quiet", SEV_WARNING)->suppressed = 1;
	assert_false(since_keeps(&s, &r, &r.findings[0], df, strlen(df)));
	assert_true(since_keeps(&s, &r, &r.findings[1], df, strlen(df)));
	assert_true(since_keeps(&s, &r, &r.findings[2], df, strlen(df)));
	assert_false(since_keeps(&s, &r, &r.findings[3], df, strlen(df)));
	/* two reported findings go (the suppressed one goes too, uncounted) */
	assert_int_equal(since_filter(&s, &r, df, strlen(df)), 2);
	assert_int_equal(r.nfindings, 2);
	assert_string_equal(r.findings[0].rule, "no-user");
	assert_string_equal(r.findings[1].rule, "multi");
	file_result_free(&r);
	since_free(&s);
}

static void test_files_whole_and_unchanged(void **state)
{
	static const char compose[] = "services:\n  api:\n    image: a:1\n";
	struct since s;
	struct file_result r;
	(void)state;
	memset(&s, 0, sizeof(s));
	memset(&r, 0, sizeof(r));
	add_changed(&s, "a/compose.yaml", 0);   /* changed, but not on line 2 or 3 */
	add_range(&s.files[0], 1, 1);
	add_changed(&s, "b/Dockerfile", 1);     /* new: every line */
	r.path = xstrdup("a/compose.yaml");
	r.kind = KIND_COMPOSE;
	add_finding(&r, compose, "api", 2, 2, "missing", SEV_WARNING);
	add_finding(&r, compose, "a:1", 3, 3, "unpinned", SEV_WARNING);
	assert_true(since_keeps(&s, &r, &r.findings[0], compose, strlen(compose)));
	assert_false(since_keeps(&s, &r, &r.findings[1], compose, strlen(compose)));
	assert_non_null(since_find(&s, "b/Dockerfile"));
	assert_null(since_find(&s, "c/Dockerfile"));
	/* an unchanged file keeps nothing, not even a missing thing */
	free(r.path);
	r.path = xstrdup("c/compose.yaml");
	assert_false(since_keeps(&s, &r, &r.findings[0], compose, strlen(compose)));
	free(r.path);
	r.path = xstrdup("b/Dockerfile");
	r.kind = KIND_DOCKERFILE;
	assert_true(since_keeps(&s, &r, &r.findings[1], compose, strlen(compose)));
	file_result_free(&r);
	since_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_and_missing),
		cmocka_unit_test(test_files_whole_and_unchanged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
