/*
 * report_gnu - `path:line:col: severity: message [key]`, one finding a line,
 * the shape compilers print and editors jump through; Compose findings
 * name their service before the key. Suppressed findings
 * are left out; paths and messages are made terminal-safe.
 */
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"
#include "util.h"

static void gnu_file(struct buf *b, const struct scan_file *file, void *arg)
{
	const struct file_result *r = &file->res;
	const struct finding **fs = report_findings_sorted(r);
	(void)arg;
	for (size_t k = 0; k < r->nfindings; k++) {
		const struct finding *f = fs[k];
		if (f->suppressed || f->sev == SEV_NEVER || f->item < 0 || f->item >= ITEM_COUNT)
			continue;
		buf_add_safe(b, r->path ? r->path : "", r->path ? strlen(r->path) : 0);
		buf_printf(b, ":%d:%d: %s: ", f->line, f->col, sev_name(f->sev));
		if (f->message)
			buf_add_safe(b, f->message, strlen(f->message));
		report_services_note(b, f);
		buf_printf(b, " [%s]\n", item_defs[f->item].key);
	}
	free(fs);
}

void report_gnu(FILE *out, const struct scan *s, const struct report_opts *o)
{
	const struct scan_file **files = report_files_sorted(s);
	(void)o;
	report_each_file(out, files, s->nfiles, gnu_file, NULL, NULL, 1);
	free(files);
}
