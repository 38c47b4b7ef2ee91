/*
 * report_github - GitHub Actions workflow commands, one a finding:
 *   ::warning file=PATH,line=L,col=C,endLine=L,endColumn=C,title=KEY::MESSAGE
 * which the runner turns into annotations on the pull request's diff.
 * error -> ::error, warning -> ::warning, info -> ::notice. Suppressed
 * findings are left out.
 *
 * Escaping is the runner's (actions/toolkit, command.ts): in the message
 * `%`, CR and LF become %25, %0D, %0A; in a property value `:` and `,` are
 * escaped too (%3A, %2C). Beyond that, other control characters (an ESC
 * would colour the log) and invalid UTF-8 become U+FFFD: an annotation is
 * text, and one line of it.
 */
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"
#include "util.h"

#define GH_REPLACEMENT "\xef\xbf\xbd"   /* U+FFFD */

static void gh_escape(struct buf *b, const char *s, int property)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = s ? strlen(s) : 0, i = 0;
	while (i < len) {
		uint32_t cp = 0;
		size_t n = report_utf8_next(p + i, len - i, &cp);
		if (n == 0) {
			buf_puts(b, GH_REPLACEMENT);
			i++;
			continue;
		}
		if (cp == '%')
			buf_puts(b, "%25");
		else if (cp == '\r')
			buf_puts(b, "%0D");
		else if (cp == '\n')
			buf_puts(b, "%0A");
		else if (property && cp == ':')
			buf_puts(b, "%3A");
		else if (property && cp == ',')
			buf_puts(b, "%2C");
		else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			buf_puts(b, GH_REPLACEMENT);
		else
			buf_add(b, p + i, n);
		i += n;
	}
}

static const char *gh_command(enum sev s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "notice";
}

static void gh_file(struct buf *b, const struct scan_file *file, void *arg)
{
	const struct file_result *r = &file->res;
	const struct finding **fs = report_findings_sorted(r);
	(void)arg;
	for (size_t k = 0; k < r->nfindings; k++) {
		const struct finding *f = fs[k];
		int line = f->line > 0 ? f->line : 1;
		if (f->suppressed || f->sev == SEV_NEVER || f->item < 0 || f->item >= ITEM_COUNT)
			continue;
		buf_printf(b, "::%s file=", gh_command(f->sev));
		gh_escape(b, r->path ? r->path : "", 1);
		buf_printf(b, ",line=%d", line);
		if (f->col > 0)
			buf_printf(b, ",col=%d", f->col);
		if (f->end_line >= line) {
			buf_printf(b, ",endLine=%d", f->end_line);
			/* the runner reads endColumn only on a one-line span */
			if (f->end_line == line && f->end_col >= f->col && f->col > 0)
				buf_printf(b, ",endColumn=%d", f->end_col);
		}
		buf_puts(b, ",title=");
		gh_escape(b, item_defs[f->item].key, 1);
		buf_puts(b, "::");
		gh_escape(b, f->message ? f->message : "", 0);
		if (f->service) {
			buf_puts(b, " (service ");
			gh_escape(b, f->service, 0);
			buf_putc(b, ')');
		}
		buf_puts(b, " [");
		gh_escape(b, f->rule ? f->rule : "", 0);
		buf_puts(b, "]\n");
	}
	free(fs);
}

void report_github(FILE *out, const struct scan *s, const struct report_opts *o)
{
	const struct scan_file **files = report_files_sorted(s);
	(void)o;
	report_each_file(out, files, s->nfiles, gh_file, NULL, NULL, 1);
	free(files);
}
