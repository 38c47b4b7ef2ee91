/*
 * report_junit - JUnit XML (the Surefire shape Jenkins, GitLab and GitHub
 * test reporters read), so a CI's test tab shows the checklist: one
 * <testsuite> per file, one <testcase> per item of its kind. An item that
 * fails is a <failure> listing its findings; n/a is <skipped>; an ignored
 * item passes and says so in <system-out>, as do info notes.
 *
 * With --since a failing item whose findings all lie on unchanged lines
 * passes, with a note: the test tab then agrees with the exit code, which
 * follows only the reported findings.
 */
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"
#include "util.h"

static int reportable(const struct finding *f, int item)
{
	return f->item == item && f->sev != SEV_NEVER;
}

static void put_finding_line(struct buf *b, const struct finding *f)
{
	buf_printf(b, "%s: line %d, column %d: ", sev_name(f->sev), f->line, f->col);
	xml_buf_escape_str(b, f->message ? f->message : "");
	if (f->service) {
		buf_puts(b, " (service ");
		xml_buf_escape_str(b, f->service);
		buf_putc(b, ')');
	}
	buf_puts(b, " [");
	xml_buf_escape_str(b, f->rule ? f->rule : "");
	buf_puts(b, "]&#10;");
}

/* The first unsuppressed warning or error of an item: the failure's message. */
static const struct finding *first_failing(const struct finding **fs, size_t n, int item)
{
	for (size_t k = 0; k < n; k++)
		if (reportable(fs[k], item) && !fs[k]->suppressed && fs[k]->sev >= SEV_WARNING)
			return fs[k];
	return NULL;
}

static void put_case(struct buf *b, const struct file_result *r, const struct finding **fs, int item,
		     const struct report_opts *o)
{
	const struct finding *first = first_failing(fs, r->nfindings, item);
	struct buf notes = BUF_INIT;
	buf_puts(b, "    <testcase classname=\"");
	xml_buf_escape_str(b, r->path ? r->path : "");
	buf_printf(b, "\" name=\"%s: ", item_defs[item].key);
	xml_buf_escape_str(b, item_defs[item].title);
	buf_putc(b, '"');
	if (r->status[item] == ST_NA) {
		buf_puts(b, ">\n      <skipped message=\"not applicable\"/>\n    </testcase>\n");
		return;
	}
	if (first) {
		buf_printf(b, ">\n      <failure type=\"%s\" message=\"", sev_name(first->sev));
		xml_buf_escape_str(b, first->message ? first->message : "");
		buf_puts(b, "\">");
		for (size_t k = 0; k < r->nfindings; k++)
			if (reportable(fs[k], item) && !fs[k]->suppressed)
				put_finding_line(b, fs[k]);
		buf_puts(b, "</failure>\n");
	} else {
		for (size_t k = 0; k < r->nfindings; k++)
			if (reportable(fs[k], item)) {
				if (fs[k]->suppressed)
					buf_puts(&notes, "suppressed: ");
				put_finding_line(&notes, fs[k]);
			}
		if (r->status[item] == ST_FAIL && o->since_ref) {
			buf_puts(&notes, "fails on lines not changed since ");
			xml_buf_escape_str(&notes, o->since_ref);
			buf_puts(&notes, " (left out by --since)&#10;");
		}
		if (notes.len) {
			buf_puts(b, ">\n      <system-out>");
			buf_add(b, notes.ptr, notes.len);
			buf_puts(b, "</system-out>\n");
		} else {
			buf_puts(b, "/>\n");
			return;
		}
	}
	buf_puts(b, "    </testcase>\n");
	buf_free(&notes);
}

struct junit_arg {
	const struct report_opts *o;
};

static void junit_file(struct buf *b, const struct scan_file *file, void *arg)
{
	const struct junit_arg *ja = arg;
	const struct file_result *r = &file->res;
	const struct finding **fs = report_findings_sorted(r);
	size_t tests = 0, failures = 0, skipped = 0;
	for (int i = 0; i < ITEM_COUNT; i++) {
		if (item_defs[i].kind != r->kind)
			continue;
		tests++;
		if (r->status[i] == ST_NA)
			skipped++;
		else if (first_failing(fs, r->nfindings, i))
			failures++;
	}
	buf_puts(b, "  <testsuite name=\"");
	xml_buf_escape_str(b, r->path ? r->path : "");
	buf_printf(b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n", tests, failures,
		   skipped);
	for (int i = 0; i < ITEM_COUNT; i++)
		if (item_defs[i].kind == r->kind)
			put_case(b, r, fs, i, ja->o);
	buf_puts(b, "  </testsuite>\n");
	free(fs);
}

void report_junit(FILE *out, const struct scan *s, const struct report_opts *o)
{
	const struct scan_file **files = report_files_sorted(s);
	struct junit_arg ja = { o };
	size_t tests = 0, failures = 0;
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct file_result *r = &s->files[i].res;
		for (int k = 0; k < ITEM_COUNT; k++) {
			int failing = 0;
			if (item_defs[k].kind != r->kind)
				continue;
			tests++;
			for (size_t j = 0; j < r->nfindings && !failing; j++)
				failing = reportable(&r->findings[j], k) && !r->findings[j].suppressed &&
					  r->findings[j].sev >= SEV_WARNING;
			failures += failing && r->status[k] != ST_NA;
		}
	}
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"berth\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", tests, failures);
	report_each_file(out, files, s->nfiles, junit_file, &ja, NULL, 1);
	fputs("</testsuites>\n", out);
	free(files);
}
