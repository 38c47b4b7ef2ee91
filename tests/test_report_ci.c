/*
 * The formats CI tools read (checkstyle, junit, github, markdown) on
 * hand-made scans: exact escaping, what is left out, the checklist cases.
 * The schemas and renderers check the same writers end to end in
 * tests/e2e/check_formats_ci.sh.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

static struct scan_file *add_file(struct scan *s, const char *path, enum filekind kind, const char *data)
{
	struct scan_file *f;
	s->files = xrealloc(s->files, (s->nfiles + 1) * sizeof(*s->files));
	f = &s->files[s->nfiles++];
	memset(f, 0, sizeof(*f));
	f->len = strlen(data);
	f->data = xstrndup(data, f->len);
	text_init(&f->text, f->data, f->len);
	audit_init(&(struct audit){ 0 }, &f->res, path, kind, &f->text, NULL);
	return f;
}

static struct finding *add_at(struct scan_file *f, const char *key, enum sev sev, const char *needle,
			      const char *msg, const char *service)
{
	struct audit a = { .res = &f->res, .text = &f->text, .service = service };
	const char *at = strstr(f->data, needle);
	int item = item_find(key);
	assert_true(item >= 0);
	assert_non_null(at);
	return audit_add(&a, item, sev, "r1", (size_t)(at - f->data), (size_t)(at - f->data) + strlen(needle),
			 item_defs[item].fix, "%s", msg);
}

static void finish(struct scan_file *f)
{
	struct audit a = { .res = &f->res, .text = &f->text };
	audit_applies(&a, item_find("sec.non-root"));
	check_finish(&a);
}

static const char df[] = "FROM python:latest\nUSER root\nCMD python app.py\n";

/* A Dockerfile in a folder whose name needs escaping everywhere, with hostile messages. */
static void sample(struct scan *s)
{
	struct scan_file *f;
	memset(s, 0, sizeof(*s));
	f = add_file(s, "a,b:c%d/<x>&\"y\"", KIND_DOCKERFILE, df);
	add_at(f, "sec.pinned-base", SEV_ERROR, "python:latest", "50% of <b>it</b> & 'more', a:b\r\nnext\x1b[31m \xff|x|*y*", NULL);
	add_at(f, "corr.production-cmd", SEV_INFO, "CMD", "shell form", NULL);
	add_at(f, "corr.pitfalls", SEV_WARNING, "USER root", "quiet", NULL)->suppressed = 1;
	finish(f);
}

__attribute__((noinline)) static char *render(const struct scan *s, enum report_fmt fmt, const struct report_opts *o)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	assert_non_null(f);
	report_write(f, fmt, s, o);
	fclose(f);
	return out;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_format_names(void **state)
{
	static const char *const names[] = { "checkstyle", "junit", "github", "markdown" };
	enum report_fmt f;
	(void)state;
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(report_fmt_parse(names[i], &f), 0);
		assert_string_equal(report_fmt_name(f), names[i]);
	}
	assert_int_equal(report_fmt_parse("junit-xml", &f), -1);
}

static void test_github(void **state)
{
	struct scan s;
	char *out;
	(void)state;
	sample(&s);
	out = render(&s, FMT_GITHUB, NULL);
	/* properties escape % : , ; the message % CR LF; ESC and invalid UTF-8 become U+FFFD */
	assert_string_equal(out,
		"::error file=a%2Cb%3Ac%25d/<x>&\"y\",line=1,col=6,endLine=1,endColumn=18,title=sec.pinned-base::"
		"50%25 of <b>it</b> & 'more', a:b%0D%0Anext\xef\xbf\xbd[31m \xef\xbf\xbd|x|*y* [r1]\n"
		"::notice file=a%2Cb%3Ac%25d/<x>&\"y\",line=3,col=1,endLine=3,endColumn=3,title=corr.production-cmd::"
		"shell form [r1]\n");
	free(out);
	scan_free(&s);
}

static void test_checkstyle(void **state)
{
	struct scan s;
	char *out;
	(void)state;
	sample(&s);
	add_file(&s, "clean/Dockerfile", KIND_DOCKERFILE, "FROM scratch\n");
	out = render(&s, FMT_CHECKSTYLE, NULL);
	assert_string_equal(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
		"  <file name=\"a,b:c%d/&lt;x&gt;&amp;&quot;y&quot;\">\n"
		"    <error line=\"1\" column=\"6\" severity=\"error\" message=\"50% of &lt;b&gt;it&lt;/b&gt; &amp; "
		"&apos;more&apos;, a:b&#13;&#10;next\xef\xbf\xbd[31m \xef\xbf\xbd|x|*y*\" source=\"berth.sec.pinned-base.r1\"/>\n"
		"    <error line=\"3\" column=\"1\" severity=\"info\" message=\"shell form\" source=\"berth.corr.production-cmd.r1\"/>\n"
		"  </file>\n"
		"  <file name=\"clean/Dockerfile\"/>\n"
		"</checkstyle>\n");
	free(out);
	scan_free(&s);
}

static void test_junit(void **state)
{
	struct scan s;
	char *out, *tail;
	size_t nitems = 0;
	struct report_opts o = { 0, NULL, NULL, "origin/main", 4 };
	(void)state;
	for (int i = 0; i < ITEM_COUNT; i++)
		nitems += item_defs[i].kind == KIND_DOCKERFILE;
	sample(&s);
	out = render(&s, FMT_JUNIT, NULL);
	/* one case per Dockerfile item; applying items: pinned-base (fails), production-cmd (info), pitfalls (ignored), non-root */
	assert_int_equal(count(out, "<testcase "), nitems);
	assert_int_equal(count(out, "<skipped "), nitems - 4);
	assert_int_equal(count(out, "<failure "), 1);
	assert_non_null(strstr(out, "failures=\"1\""));
	assert_non_null(strstr(out, "<failure type=\"error\" message=\"50% of &lt;b&gt;"));
	assert_non_null(strstr(out, "<system-out>info: line 3, column 1: shell form [r1]&#10;</system-out>"));
	assert_non_null(strstr(out, "<system-out>suppressed: warning: line 2, column 1: quiet [r1]&#10;</system-out>"));
	assert_non_null(strstr(out, "name=\"sec.non-root: Runs as non-root user\"/>"));
	tail = out + strlen(out) - strlen("</testsuites>\n");
	assert_string_equal(tail, "</testsuites>\n");
	free(out);
	/* --since left the failing finding out: the item's status stays fail, the case passes with a note */
	for (size_t k = 0; k < s.files[0].res.nfindings; k++)
		if (s.files[0].res.findings[k].sev == SEV_ERROR)
			s.files[0].res.findings[k].sev = SEV_NEVER;
	out = render(&s, FMT_JUNIT, &o);
	assert_int_equal(count(out, "<failure "), 0);
	assert_non_null(strstr(out, "fails on lines not changed since origin/main (left out by --since)"));
	free(out);
	scan_free(&s);
}

static void test_markdown(void **state)
{
	struct scan s;
	char *out;
	struct report_opts o = { 0, NULL, NULL, "main~1", 2 };
	(void)state;
	sample(&s);
	out = render(&s, FMT_MARKDOWN, &o);
	assert_non_null(strstr(out, "## berth: 1 file checked\n\n1 error, 0 warnings, 1 info, 1 suppressed.\n"
				    "Only lines changed since main\\~1 are reported: 2 findings left out.\n"));
	assert_non_null(strstr(out, "### a,b:c%d/\\<x\\>\\&\"y\" (dockerfile)\n"));
	assert_non_null(strstr(out, "| \xe2\x9c\x98 | `sec.pinned-base` | Base image pinned | fail |\n"));
	assert_non_null(strstr(out, "| \xe2\x9c\x94 | `sec.non-root` | Runs as non\\-root user | pass |\n") ||
			strstr(out, "| \xe2\x9c\x94 | `sec.non-root` | Runs as non-root user | pass |\n"));
	assert_non_null(strstr(out, "| \xe2\x80\x93 | `corr.pitfalls` | No common Dockerfile pitfalls | ignored |\n"));
	assert_non_null(strstr(out, "| \xe2\x80\x93 | `perf.multi-stage` | Multi\\-stage build for build deps | n/a |\n") ||
			strstr(out, "| \xe2\x80\x93 | `perf.multi-stage` | Multi-stage build for build deps | n/a |\n"));
	/* one line per finding: a cell can neither break the row nor hold markup */
	assert_non_null(strstr(out, "| 1 | error | `sec.pinned-base` | 50% of \\<b\\>it\\</b\\> \\& 'more', a:b  next"
				    "\xef\xbf\xbd\\[31m \xef\xbf\xbd\\|x\\|\\*y\\* |\n"));
	assert_null(strstr(out, "quiet"));                  /* suppressed: counted, not listed */
	assert_non_null(strstr(out, "| 1 | `sec.pinned-base` | value: berth asks for it |\n"));
	assert_non_null(strstr(out, "| 3 | `corr.production-cmd` | auto |\n"));
	free(out);
	scan_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_github),
		cmocka_unit_test(test_checkstyle),
		cmocka_unit_test(test_junit),
		cmocka_unit_test(test_markdown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
