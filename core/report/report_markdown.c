/*
 * report_markdown - a summary to paste into a pull-request comment or an
 * onboarding page: the totals, then per file a checklist table (✔ pass,
 * ✘ fail, – n/a or ignored), its findings, and the fixes available. GitHub
 * and GitLab both render GFM tables; elsewhere they read as plain text.
 *
 * Text from files is escaped: a backslash before each character that can
 * start inline markup in CommonMark or GFM (MD_SPECIAL: emphasis, code,
 * links, images, raw HTML, entities, table cells, strikethrough, GitLab's
 * math) - never at a line's start, so the block-level ones (`#`, `-`, `>`,
 * digits) need none; line breaks become spaces, control characters and
 * invalid UTF-8 U+FFFD. Suppressed findings are counted, not listed.
 */
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"
#include "util.h"

#define MD_SPECIAL "\\`*_[]<>|~&!$"
#define MD_REPLACEMENT "\xef\xbf\xbd"   /* U+FFFD */
#define MD_PASS "\xe2\x9c\x94"          /* ✔ U+2714 */
#define MD_FAIL "\xe2\x9c\x98"          /* ✘ U+2718 */
#define MD_NONE "\xe2\x80\x93"          /* – U+2013 */

static void md_escape(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = s ? strlen(s) : 0, i = 0;
	while (i < len) {
		uint32_t cp = 0;
		size_t n = report_utf8_next(p + i, len - i, &cp);
		if (n == 0) {
			buf_puts(b, MD_REPLACEMENT);
			i++;
			continue;
		}
		if (cp == '\n' || cp == '\r' || cp == '\t')
			buf_putc(b, ' ');
		else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			buf_puts(b, MD_REPLACEMENT);
		else if (cp < 0x80 && strchr(MD_SPECIAL, (int)cp)) {
			buf_putc(b, '\\');
			buf_putc(b, (int)cp);
		} else {
			buf_add(b, p + i, n);
		}
		i += n;
	}
}

static const char *status_mark(enum status st)
{
	return st == ST_PASS ? MD_PASS : st == ST_FAIL ? MD_FAIL : MD_NONE;
}

static int listed(const struct finding *f)
{
	return !f->suppressed && f->sev != SEV_NEVER && f->item >= 0 && f->item < ITEM_COUNT;
}

static void put_checklist(struct buf *b, const struct file_result *r)
{
	buf_puts(b, "| | Item | | Status |\n|:-:|---|---|---|\n");
	for (int i = 0; i < ITEM_COUNT; i++) {
		if (item_defs[i].kind != r->kind)
			continue;
		/* item keys and titles are berth's own text, but escape them like the rest */
		buf_printf(b, "| %s | `%s` | ", status_mark(r->status[i]), item_defs[i].key);
		md_escape(b, item_defs[i].title);
		buf_printf(b, " | %s |\n", status_name(r->status[i]));
	}
}

static void put_findings(struct buf *b, const struct finding **fs, size_t n)
{
	buf_puts(b, "\n**Findings**\n\n| Line | Severity | Item | Finding |\n|--:|---|---|---|\n");
	for (size_t k = 0; k < n; k++) {
		const struct finding *f = fs[k];
		if (!listed(f))
			continue;
		buf_printf(b, "| %d | %s | `%s` | ", f->line, sev_name(f->sev), item_defs[f->item].key);
		md_escape(b, f->message);
		if (f->service) {
			buf_puts(b, " (service ");
			md_escape(b, f->service);
			buf_putc(b, ')');
		}
		buf_puts(b, " |\n");
	}
}

static void put_fixes(struct buf *b, const struct finding **fs, size_t n)
{
	size_t shown = 0;
	for (size_t k = 0; k < n; k++) {
		const struct finding *f = fs[k];
		if (!listed(f) || f->fix == FIX_NONE)
			continue;
		if (shown++ == 0)
			buf_puts(b, "\n**Fixes available** (`berth fix`)\n\n| Line | Item | Fix |\n|--:|---|---|\n");
		/*
		 * FIX-LEVEL: when struct fix carries its level (safe, review,
		 * withheld; CHECKLIST.md "Fixes"), add a "Level" column here
		 * with the level and its note. Until then the kind is listed:
		 * auto (berth writes the edit) or value (berth asks for one).
		 */
		buf_printf(b, "| %d | `%s` | %s |\n", f->line, item_defs[f->item].key,
			   f->fix == FIX_AUTO ? "auto" : "value: berth asks for it");
	}
}

static void md_file(struct buf *b, const struct scan_file *file, void *arg)
{
	const struct file_result *r = &file->res;
	const struct finding **fs = report_findings_sorted(r);
	struct report_counts c = { 0 };
	(void)arg;
	report_count_file(r, &c);
	buf_puts(b, "### ");
	md_escape(b, r->path ? r->path : "");
	buf_printf(b, " (%s)\n\n", filekind_name(r->kind));
	buf_printf(b, "%zu error%s, %zu warning%s, %zu info", c.errors, c.errors == 1 ? "" : "s",
		   c.warnings, c.warnings == 1 ? "" : "s", c.info);
	if (c.suppressed)
		buf_printf(b, ", %zu suppressed", c.suppressed);
	buf_puts(b, "\n\n");
	put_checklist(b, r);
	if (c.errors + c.warnings + c.info > 0) {
		put_findings(b, fs, r->nfindings);
		put_fixes(b, fs, r->nfindings);
	}
	free(fs);
}

void report_markdown(FILE *out, const struct scan *s, const struct report_opts *o)
{
	const struct scan_file **files = report_files_sorted(s);
	struct report_counts c;
	report_count(s, &c);
	fprintf(out, "## berth: %zu file%s checked\n\n", c.files, c.files == 1 ? "" : "s");
	fprintf(out, "%zu error%s, %zu warning%s, %zu info, %zu suppressed.\n", c.errors,
		c.errors == 1 ? "" : "s", c.warnings, c.warnings == 1 ? "" : "s", c.info, c.suppressed);
	if (o->since_ref) {
		struct buf ref = BUF_INIT;
		md_escape(&ref, o->since_ref);
		fprintf(out, "Only lines changed since %s are reported: %zu finding%s left out.\n",
			buf_str(&ref), o->since_left_out, o->since_left_out == 1 ? "" : "s");
		buf_free(&ref);
	}
	if (c.files == 0)
		fputs("\nNo Dockerfile or Compose file to check.\n", out);
	fputs("\n", out);
	report_each_file(out, files, s->nfiles, md_file, NULL, "\n", 1);
	free(files);
}
