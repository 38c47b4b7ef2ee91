/*
 * report_checkstyle - the Checkstyle XML report (version 4.3 of its root
 * attribute, the one ESLint, hadolint and most tools write), which
 * reviewdog, Jenkins warnings-ng and many IDEs read: a <file> per checked
 * file (clean ones too: they were checked) holding an <error> per
 * finding, its item key as `source`. Suppressed findings are left out, as
 * Checkstyle leaves out what a suppression filter removed. Line and column
 * are at least 1: the published schema (checkstyle-report-1.0.0.xsd) wants
 * positive integers.
 */
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"
#include "util.h"

static void put_error(struct buf *b, const struct finding *f)
{
	buf_printf(b, "    <error line=\"%d\" column=\"%d\" severity=\"%s\" message=\"",
		   f->line > 0 ? f->line : 1, f->col > 0 ? f->col : 1, sev_name(f->sev));
	xml_buf_escape_str(b, f->message ? f->message : "");
	if (f->service) {
		buf_puts(b, " (service ");
		xml_buf_escape_str(b, f->service);
		buf_putc(b, ')');
	}
	buf_printf(b, "\" source=\"berth.%s", item_defs[f->item].key);
	if (f->rule && *f->rule) {
		buf_putc(b, '.');
		xml_buf_escape_str(b, f->rule);
	}
	buf_puts(b, "\"/>\n");
}

static void cs_file(struct buf *b, const struct scan_file *file, void *arg)
{
	const struct file_result *r = &file->res;
	const struct finding **fs = report_findings_sorted(r);
	size_t shown = 0;
	(void)arg;
	buf_puts(b, "  <file name=\"");
	xml_buf_escape_str(b, r->path ? r->path : "");
	buf_putc(b, '"');
	for (size_t k = 0; k < r->nfindings; k++) {
		const struct finding *f = fs[k];
		if (f->suppressed || f->sev == SEV_NEVER || f->item < 0 || f->item >= ITEM_COUNT)
			continue;
		if (shown++ == 0)
			buf_puts(b, ">\n");
		put_error(b, f);
	}
	buf_puts(b, shown ? "  </file>\n" : "/>\n");
	free(fs);
}

void report_checkstyle(FILE *out, const struct scan *s, const struct report_opts *o)
{
	const struct scan_file **files = report_files_sorted(s);
	(void)o;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n", out);
	report_each_file(out, files, s->nfiles, cs_file, NULL, NULL, 1);
	fputs("</checkstyle>\n", out);
	free(files);
}
