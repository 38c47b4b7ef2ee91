/*
 * report_tty - the default, human format: findings grouped per file, each as
 * `path:line:col: severity: message [key]` with its source line and a caret
 * under the span, then a summary (files, counts, pass/fail per category).
 * Everything taken from files goes through buf_add_safe.
 */
#include <stdlib.h>
#include <string.h>

#include "report_priv.h"
#include "util.h"

/* Longest piece of a source line shown, in bytes (minified files have huge lines). */
#define TTY_SOURCE_MAX 160
/* Bytes of context kept before the span when a long line is cut. */
#define TTY_SOURCE_CONTEXT 40

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_RED "\033[1;31m"
#define C_YELLOW "\033[33m"
#define C_CYAN "\033[36m"
#define C_GREEN "\033[32m"

struct tty {
	FILE *out;
	int color;
	struct buf b;
};

static const char *paint(const struct tty *t, const char *code)
{
	return t->color ? code : "";
}

static const char *sev_color(enum sev s)
{
	return s == SEV_ERROR ? C_RED : s == SEV_WARNING ? C_YELLOW : C_CYAN;
}

/*
 * Code points a terminal draws two columns wide (East Asian Wide and
 * Fullwidth, and the emoji blocks) or not at all (combining marks,
 * zero-width spaces and joiners, variation selectors). A table of our own,
 * so the caret lines up whatever the locale; rarer scripts count as one.
 */
static const struct { uint32_t lo, hi; } wide[] = {
	{ 0x1100, 0x115f }, { 0x231a, 0x231b }, { 0x2329, 0x232a }, { 0x23e9, 0x23ec },
	{ 0x25fd, 0x25fe }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 }, { 0x26aa, 0x26ab },
	{ 0x26bd, 0x26be }, { 0x26c4, 0x26c5 }, { 0x2705, 0x2705 }, { 0x270a, 0x270b },
	{ 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x2753, 0x2755 }, { 0x2795, 0x2797 },
	{ 0x2b1b, 0x2b1c }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff }, { 0x3400, 0x4dbf },
	{ 0x4e00, 0x9fff }, { 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 },
	{ 0xf900, 0xfaff }, { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f }, { 0xff00, 0xff60 },
	{ 0xffe0, 0xffe6 }, { 0x16fe0, 0x18cff }, { 0x1b000, 0x1b2ff }, { 0x1f004, 0x1f004 },
	{ 0x1f0cf, 0x1f0cf }, { 0x1f18e, 0x1f18e }, { 0x1f191, 0x1f19a }, { 0x1f200, 0x1f251 },
	{ 0x1f300, 0x1f64f }, { 0x1f680, 0x1f6ff }, { 0x1f7e0, 0x1f7eb }, { 0x1f90c, 0x1f9ff },
	{ 0x1fa70, 0x1faff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
}, zero[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd }, { 0x0610, 0x061a },
	{ 0x064b, 0x065f }, { 0x0e31, 0x0e31 }, { 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e },
	{ 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x2060, 0x2064 },
	{ 0x20d0, 0x20ff }, { 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
	{ 0xe0100, 0xe01ef },
};

static int in_ranges(uint32_t cp, const void *table, size_t n)
{
	const struct { uint32_t lo, hi; } *r = table;
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* Display columns of terminal-safe text (escapes are ASCII; the rest is valid UTF-8). */
static size_t width(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = p[i] < 0x80 ? 1 : report_utf8_next(p + i, len - i, &cp);
		if (n == 0) {
			w++;
			i++;
			continue;
		}
		if (n > 1 && in_ranges(cp, zero, ARRAY_SIZE(zero)))
			;
		else if (n > 1 && in_ranges(cp, wide, ARRAY_SIZE(wide)))
			w += 2;
		else
			w++;
		i += n;
	}
	return w;
}

static size_t safe_width(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	size_t w;
	buf_add_safe(&b, s, len);
	w = width(b.ptr, b.len);
	buf_free(&b);
	return w;
}

static size_t utf8_back(const char *base, size_t off)
{
	while (off > 0 && ((unsigned char)base[off] & 0xc0) == 0x80)
		off--;
	return off;
}

/* The source line and the caret row under the finding's span (its first line only). */
static void put_source(struct tty *t, const struct scan_file *f, const struct finding *fd)
{
	const char *line;
	size_t len, a, z, w0 = 0, w1, pre, span;
	if (!report_line_span(f, fd->line, &line, &len))
		return;
	a = fd->col > 0 ? (size_t)fd->col - 1 : 0;
	a = a > len ? len : a;
	z = fd->end_line == fd->line && fd->end_col > 0 ? (size_t)fd->end_col : len;
	z = z > len ? len : z < a ? a : z;
	w1 = len;
	if (len > TTY_SOURCE_MAX) {
		w0 = utf8_back(line, a > TTY_SOURCE_CONTEXT ? a - TTY_SOURCE_CONTEXT : 0);
		w1 = w0 + TTY_SOURCE_MAX < len ? utf8_back(line, w0 + TTY_SOURCE_MAX) : len;
		if (a > w1)
			a = w1;
		if (z > w1)
			z = w1;
	}
	buf_printf(&t->b, "%s%6d |%s ", paint(t, C_DIM), fd->line, paint(t, C_RESET));
	buf_puts(&t->b, w0 > 0 ? "…" : "");
	buf_add_safe(&t->b, line + w0, w1 - w0);
	buf_printf(&t->b, "%s\n", w1 < len ? "…" : "");
	pre = (w0 > 0) + safe_width(line + w0, a - w0);
	span = safe_width(line + a, z - a);
	buf_printf(&t->b, "%s       |%s ", paint(t, C_DIM), paint(t, C_RESET));
	for (size_t i = 0; i < pre; i++)
		buf_putc(&t->b, ' ');
	buf_puts(&t->b, paint(t, sev_color(fd->sev)));
	for (size_t i = 0; i < (span ? span : 1); i++)
		buf_putc(&t->b, i ? '~' : '^');
	buf_printf(&t->b, "%s\n", paint(t, C_RESET));
}

static void put_finding(struct tty *t, const struct scan_file *f, const struct finding *fd)
{
	const char *path = f->res.path ? f->res.path : "";
	buf_puts(&t->b, paint(t, C_BOLD));
	buf_add_safe(&t->b, path, strlen(path));
	buf_printf(&t->b, ":%d:%d:%s %s%s%s: ", fd->line, fd->col, paint(t, C_RESET),
		   paint(t, sev_color(fd->sev)), sev_name(fd->sev), paint(t, C_RESET));
	if (fd->message)
		buf_add_safe(&t->b, fd->message, strlen(fd->message));
	report_services_note(&t->b, fd);
	buf_printf(&t->b, " %s[%s]%s\n", paint(t, C_DIM), item_defs[fd->item].key, paint(t, C_RESET));
	put_source(t, f, fd);
}

static void plural(struct buf *b, size_t n, const char *one, const char *many)
{
	buf_printf(b, "%zu %s", n, n == 1 ? one : many);
}

/* A file's section, appended to t->b (the whole section is one part of report_each_file). */
static void put_file(struct tty *t, const struct scan_file *f)
{
	const struct file_result *r = &f->res;
	const struct finding **fs = report_findings_sorted(r);
	struct report_counts c = { 0 };
	report_count_file(r, &c);
	if (c.errors + c.warnings + c.info > 0) {
		buf_puts(&t->b, paint(t, C_BOLD));
		buf_add_safe(&t->b, r->path ? r->path : "", r->path ? strlen(r->path) : 0);
		buf_printf(&t->b, "%s (%s)", paint(t, C_RESET), filekind_name(r->kind));
		report_role_label(&t->b, r);
		buf_puts(&t->b, ": ");
		plural(&t->b, c.errors, "error", "errors");
		buf_puts(&t->b, ", ");
		plural(&t->b, c.warnings, "warning", "warnings");
		buf_printf(&t->b, ", %zu info\n", c.info);
		for (size_t i = 0; i < r->nfindings; i++)
			if (!fs[i]->suppressed && fs[i]->sev != SEV_NEVER &&
			    fs[i]->item >= 0 && fs[i]->item < ITEM_COUNT)
				put_finding(t, f, fs[i]);
		buf_putc(&t->b, '\n');
	}
	free(fs);
}

static void put_categories(struct tty *t, const struct scan *s)
{
	size_t n[CAT_COUNT][4] = { { 0 } };
	int seen[CAT_COUNT] = { 0 };
	for (size_t i = 0; i < s->nfiles; i++)
		for (int k = 0; k < ITEM_COUNT; k++)
			if (item_defs[k].kind == s->files[i].res.kind) {
				seen[item_defs[k].cat] = 1;
				n[item_defs[k].cat][s->files[i].res.status[k] & 3]++;
			}
	fprintf(t->out, "  %-12s %6s %6s %8s %6s\n", "category", "pass", "fail", "ignored", "n/a");
	for (int c = 0; c < CAT_COUNT; c++) {
		if (!seen[c])
			continue;
		fprintf(t->out, "  %-12s %s%6zu%s %s%6zu%s %8zu %6zu\n", category_name((enum category)c),
			paint(t, n[c][ST_PASS] ? C_GREEN : ""), n[c][ST_PASS], paint(t, C_RESET),
			paint(t, n[c][ST_FAIL] ? C_RED : ""), n[c][ST_FAIL], paint(t, C_RESET),
			n[c][ST_IGNORED], n[c][ST_NA]);
	}
}

static void put_summary(struct tty *t, const struct scan *s)
{
	struct report_counts c;
	report_count(s, &c);
	buf_clear(&t->b);
	if (c.files == 0) {
		fputs("No Dockerfile or Compose file to check.\n", t->out);
		return;
	}
	buf_puts(&t->b, paint(t, C_BOLD));
	plural(&t->b, c.files, "file", "files");
	buf_printf(&t->b, " checked%s: ", paint(t, C_RESET));
	plural(&t->b, c.errors, "error", "errors");
	buf_puts(&t->b, ", ");
	plural(&t->b, c.warnings, "warning", "warnings");
	buf_printf(&t->b, ", %zu info, %zu suppressed\n", c.info, c.suppressed);
	fwrite(t->b.ptr, 1, t->b.len, t->out);
	put_categories(t, s);
}

static void tty_file(struct buf *b, const struct scan_file *f, void *arg)
{
	struct tty t = { NULL, *(const int *)arg, *b };
	put_file(&t, f);
	*b = t.b;
}

void report_tty(FILE *out, const struct scan *s, const struct report_opts *o)
{
	struct tty t = { out, o->color, BUF_INIT };
	const struct scan_file **files = report_files_sorted(s);
	report_each_file(out, files, s->nfiles, tty_file, &t.color, NULL, 1);
	put_summary(&t, s);
	if (o->since_ref)
		fprintf(out, "  only lines changed since %s: %zu finding%s left out\n", o->since_ref,
			o->since_left_out, o->since_left_out == 1 ? "" : "s");
	buf_free(&t.b);
	free(files);
}
