/*
 * report_sarif - SARIF 2.1.0 as GitHub code scanning reads it: one run, the
 * whole checklist as rules (ruleIndex = item id), one result per finding
 * with a region in the default utf16CodeUnits columns, suppressions for
 * suppressed findings and a `fixes` hook for the fix engine.
 */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "report_priv.h"
#include "repo.h"
#include "util.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
/* Where users learn about the tool; update with the project's public home. */

/* 1-based UTF-16 column of the 1-based byte column `col` on `line`; `col` when the text is unknown. */
static int utf16_col(const struct scan_file *f, int line, int col)
{
	const char *s;
	size_t len, i = 0, stop;
	int units = 0;
	if (col < 1 || !report_line_span(f, line, &s, &len))
		return col < 1 ? 1 : col;
	stop = (size_t)col - 1;
	if (stop > len)     /* a span may end past the line (its newline): keep counting bytes */
		return col - (int)len + utf16_col(f, line, (int)len + 1) - 1;
	while (i < stop) {
		uint32_t cp;
		size_t n = report_utf8_next((const unsigned char *)s + i, len - i, &cp);
		if (n == 0)
			n = 1, cp = 0xfffd;
		if (i + n > stop)
			break;
		units += cp >= 0x10000 ? 2 : 1;
		i += n;
	}
	return units + 1;
}

/* "sec.non-root" -> "SecNonRoot": SARIF's rule name, an identifier rather than a title. */
static void rule_name(struct buf *b, const char *key)
{
	int up = 1;
	buf_clear(b);
	for (const char *p = key; *p; p++) {
		if (*p == '.' || *p == '-') {
			up = 1;
			continue;
		}
		buf_putc(b, up && *p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
		up = 0;
	}
}

static const char *level_of(enum sev s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

static void help_text(struct buf *b, int item, int markdown)
{
	const struct explain *e = explain_get(item);
	const char *lang = item_defs[item].kind == KIND_COMPOSE ? "yaml" : "dockerfile";
	buf_clear(b);
	if (markdown)
		buf_printf(b, "**%s** (`%s`)\n\n", item_defs[item].title, item_defs[item].key);
	buf_printf(b, "%s\n\n%s%s\n", e->why, markdown ? "**How berth judges it.** " : "How berth judges it: ",
		   e->judged);
	if (*e->bad)
		buf_printf(b, markdown ? "\nFails:\n\n```%s\n%s```\n" : "\nFails:\n%.0s%s", lang, e->bad);
	if (*e->good)
		buf_printf(b, markdown ? "\nPasses:\n\n```%s\n%s```\n" : "\nPasses:\n%.0s%s", lang, e->good);
	if (*item_defs[item].hadolint) {
		/* the row's space-separated ids, listed as the text has always listed them */
		buf_puts(b, "\nhadolint: ");
		for (const char *p = item_defs[item].hadolint; *p; p++)
			buf_puts(b, *p == ' ' ? ", " : (char[]){ *p, 0 });
		buf_putc(b, '\n');
	}
}

static void put_rule(struct jw *j, int item, struct buf *tmp)
{
	const struct item_def *d = &item_defs[item];
	jw_obj(j, NULL);
	jw_str(j, "id", d->key);
	rule_name(tmp, d->key);
	jw_str(j, "name", buf_str(tmp));
	jw_obj(j, "shortDescription");
	jw_str(j, "text", d->title);
	jw_end_obj(j);
	jw_obj(j, "fullDescription");
	jw_str(j, "text", *explain_get(item)->why ? explain_get(item)->why : d->title);
	jw_end_obj(j);
	jw_obj(j, "help");
	help_text(tmp, item, 0);
	jw_str(j, "text", buf_str(tmp));
	help_text(tmp, item, 1);
	jw_str(j, "markdown", buf_str(tmp));
	jw_end_obj(j);
	jw_obj(j, "defaultConfiguration");
	jw_str(j, "level", item == ITEM_CORR_PARSE || item == ITEM_COMPOSE_PARSE ? "error" : "warning");
	jw_end_obj(j);
	jw_obj(j, "properties");
	jw_arr(j, "tags");
	jw_str(j, NULL, category_name(d->cat));
	jw_str(j, NULL, d->kind == KIND_COMPOSE ? "compose" : "dockerfile");
	jw_end_arr(j);
	jw_str(j, "fix", fixkind_name(d->fix));
	jw_end_obj(j);
	jw_end_obj(j);
}

/* RFC 3986: keep unreserved characters and '/', percent-encode every other byte. */
static void uri_encode(struct buf *b, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	buf_clear(b);
	for (const unsigned char *p = (const unsigned char *)path; p && *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			buf_putc(b, *p);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		}
	}
	if (!b->ptr)
		buf_puts(b, "");
}

static void put_region(struct jw *j, const struct scan_file *f, const struct finding *fd)
{
	int line = fd->line > 0 ? fd->line : 1;
	int col = fd->col > 0 ? fd->col : 1;
	int eline = fd->end_line >= line ? fd->end_line : line;
	/* end_col names the span's last byte; SARIF's endColumn is the column after it */
	int ecol = fd->end_line >= line && fd->end_col > 0 ? fd->end_col + 1 : col + 1;
	int c16 = utf16_col(f, line, col), e16 = utf16_col(f, eline, ecol);
	if (eline == line && e16 <= c16)
		e16 = c16 + 1;
	jw_obj(j, "region");
	jw_int(j, "startLine", line);
	jw_int(j, "startColumn", c16);
	jw_int(j, "endLine", eline);
	jw_int(j, "endColumn", e16);
	jw_end_obj(j);
}

static void put_result(struct jw *j, const struct scan *s, const struct scan_file *f,
		       const struct finding *fd, const char *fp, const struct report_opts *o,
		       struct buf *tmp)
{
	jw_obj(j, NULL);
	jw_str(j, "ruleId", item_defs[fd->item].key);
	jw_int(j, "ruleIndex", fd->item);
	jw_str(j, "level", level_of(fd->sev));
	jw_obj(j, "message");
	jw_str(j, "text", fd->message && *fd->message ? fd->message : item_defs[fd->item].title);
	jw_end_obj(j);
	jw_arr(j, "locations");
	jw_obj(j, NULL);
	jw_obj(j, "physicalLocation");
	jw_obj(j, "artifactLocation");
	uri_encode(tmp, f->res.path);
	jw_str(j, "uri", buf_str(tmp));
	jw_str(j, "uriBaseId", "%SRCROOT%");
	jw_end_obj(j);
	put_region(j, f, fd);
	jw_end_obj(j);
	jw_end_obj(j);
	jw_end_arr(j);
	jw_obj(j, "partialFingerprints");
	jw_str(j, "berthFingerprint/v1", fp);
	jw_end_obj(j);
	if (fd->suppressed) {
		jw_arr(j, "suppressions");
		jw_obj(j, NULL);
		/* a pragma and the config's ignore list both live in the repository */
		jw_str(j, "kind", "inSource");
		jw_end_obj(j);
		jw_end_arr(j);
	}
	if (o->sarif_fixes) {
		char *fixes = o->sarif_fixes(s, f, fd, o->payload);
		if (fixes)
			jw_raw(j, "fixes", fixes);
		free(fixes);
	}
	jw_obj(j, "properties");
	jw_str(j, "rule", fd->rule ? fd->rule : "");
	jw_str(j, "severity", sev_name(fd->sev));
	jw_str(j, "fix", fixkind_name(fd->fix));
	if (fd->fix != FIX_NONE && fd->fix_level) {
		jw_str(j, "fix_level", fd->fix_level);
		jw_str(j, "fix_note", fd->fix_note ? fd->fix_note : "");
	}
	if (fd->service)
		jw_str(j, "service", fd->service);
	report_put_services(j, fd);
	jw_str(j, "berth.role", role_name(f->res.role));
	jw_str(j, "berth.roleReason", f->res.role_reason ? f->res.role_reason : "");
	jw_end_obj(j);
	jw_end_obj(j);
}

struct results_arg {
	const struct scan *s;
	const struct report_opts *o;
	int depth;
};

static void results_file(struct buf *b, const struct scan_file *file, void *arg)
{
	const struct results_arg *ra = arg;
	const struct file_result *r = &file->res;
	const struct finding **fs = report_findings_sorted(r);
	char (*fp)[33] = report_fingerprints(file, fs);
	struct buf tmp = BUF_INIT;
	struct jw j;
	jw_init_part(&j, b, ra->depth);
	for (size_t k = 0; k < r->nfindings; k++)
		if (fs[k]->sev != SEV_NEVER && fs[k]->item >= 0 && fs[k]->item < ITEM_COUNT)
			put_result(&j, ra->s, file, fs[k], fp[k], ra->o, &tmp);
	jw_end_part(&j, b);
	buf_free(&tmp);
	free(fp);
	free(fs);
}

/* The fix hook (sarif_fixes) need not be thread-safe: with one, files are rendered in turn. */
static void put_results(struct jw *j, FILE *out, const struct scan *s, const struct report_opts *o)
{
	const struct scan_file **files = report_files_sorted(s);
	struct results_arg ra = { s, o, 0 };
	jw_arr(j, "results");
	ra.depth = j->depth;
	jw_flush(j);
	jw_after_parts(j, report_each_file(out, files, s->nfiles, results_file, &ra, ",", !o->sarif_fixes));
	jw_end_arr(j);
	free(files);
}

static void put_base(struct jw *j, const struct scan *s, struct buf *tmp)
{
	const char *root = s->repo ? repo_root(s->repo) : NULL;
	if (!root || root[0] != '/')
		return;
	uri_encode(tmp, root);
	jw_obj(j, "originalUriBaseIds");
	jw_obj(j, "%SRCROOT%");
	buf_printf(tmp, "%s", root[1] && tmp->ptr[tmp->len - 1] != '/' ? "/" : "");
	{
		char *uri = xasprintf("file://%s", buf_str(tmp));
		jw_str(j, "uri", uri);
		free(uri);
	}
	jw_end_obj(j);
	jw_end_obj(j);
}

void report_sarif(FILE *out, const struct scan *s, const struct report_opts *o)
{
	struct jw j;
	struct buf tmp = BUF_INIT;
	jw_init(&j, out);
	jw_obj(&j, NULL);
	jw_str(&j, "$schema", SARIF_SCHEMA);
	jw_str(&j, "version", "2.1.0");
	jw_arr(&j, "runs");
	jw_obj(&j, NULL);
	jw_obj(&j, "tool");
	jw_obj(&j, "driver");
	jw_str(&j, "name", "berth");
	jw_str(&j, "version", BERTH_VERSION);
	jw_str(&j, "semanticVersion", BERTH_VERSION);
	jw_arr(&j, "rules");
	for (int i = 0; i < ITEM_COUNT; i++)
		put_rule(&j, i, &tmp);
	jw_end_arr(&j);
	jw_end_obj(&j);
	jw_end_obj(&j);
	put_base(&j, s, &tmp);
	jw_str(&j, "columnKind", "utf16CodeUnits");
	put_results(&j, out, s, o);
	jw_end_obj(&j);
	jw_end_arr(&j);
	jw_end_obj(&j);
	buf_free(&tmp);
}
