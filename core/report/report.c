/* report - format dispatch, the exit rule, ordering, counts and fingerprints shared by the writers. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "report_priv.h"
#include "util.h"

static const char *const fmt_names[] = { "tty", "json", "sarif", "gnu", "codeclimate",
					  "checkstyle", "junit", "github", "markdown" };

int report_fmt_parse(const char *s, enum report_fmt *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(fmt_names); i++)
		if (s && strcmp(s, fmt_names[i]) == 0) {
			*out = (enum report_fmt)i;
			return 0;
		}
	return -1;
}

const char *report_fmt_name(enum report_fmt f)
{
	return (unsigned)f < ARRAY_SIZE(fmt_names) ? fmt_names[f] : "?";
}

void report_write(FILE *out, enum report_fmt fmt, const struct scan *s, const struct report_opts *o)
{
	static const struct report_opts none = { 0, NULL, NULL, NULL, 0 };
	if (!o)
		o = &none;
	switch (fmt) {
	case FMT_JSON: report_json(out, s, o); break;
	case FMT_SARIF: report_sarif(out, s, o); break;
	case FMT_GNU: report_gnu(out, s, o); break;
	case FMT_CODECLIMATE: report_codeclimate(out, s, o); break;
	case FMT_CHECKSTYLE: report_checkstyle(out, s, o); break;
	case FMT_JUNIT: report_junit(out, s, o); break;
	case FMT_GITHUB: report_github(out, s, o); break;
	case FMT_MARKDOWN: report_markdown(out, s, o); break;
	case FMT_TTY:
	default: report_tty(out, s, o); break;
	}
	fflush(out);
}

int report_failed(const struct scan *s, enum sev fail_on)
{
	if (fail_on == SEV_NEVER)
		return 0;
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct file_result *r = &s->files[i].res;
		for (size_t j = 0; j < r->nfindings; j++) {
			const struct finding *f = &r->findings[j];
			if (!f->suppressed && f->sev != SEV_NEVER && f->sev >= fail_on)
				return 1;
		}
	}
	return 0;
}

size_t report_utf8_next(const unsigned char *p, size_t len, uint32_t *cp)
{
	size_t n;
	uint32_t c;
	if (len == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, c = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, c = p[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Bytes a JSON string takes as they are: printable ASCII but the quote and the backslash. */
static const unsigned char json_plain[256] = {
	[0x20] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,        /* 0x22 '"' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,                 /* 0x5c '\\' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,                 /* 0x7f DEL */
};

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* 1 when none of the 8 bytes at p needs escaping (bit tricks: any byte < 0x20, > 0x7e, '"' or '\\'). */
static int word_plain(const unsigned char *p)
{
	uint64_t x, q, b;
	memcpy(&x, p, sizeof(x));
	q = x ^ (ONES * '"');
	b = x ^ (ONES * '\\');
	return !((((x - ONES * 0x20) & ~x) |            /* a byte below 0x20 */
		  ((x + ONES * 1) | x) |                /* a byte above 0x7e */
		  ((q - ONES) & ~q) | ((b - ONES) & ~b)) & HIGHS);
}

int json_plain_key(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!json_plain[(unsigned char)s[i]])
			return 0;
	return 1;
}

void json_buf_stringn(struct buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	buf_putc(out, '"');
	while (p && i < len) {
		uint32_t cp;
		size_t n, run = i;
		/* plain ASCII goes out as one run: most of a report is such text */
		while (run + 8 <= len && word_plain(p + run))
			run += 8;
		while (run < len && json_plain[p[run]])
			run++;
		if (run > i) {
			buf_add(out, p + i, run - i);
			i = run;
			continue;
		}
		n = report_utf8_next(p + i, len - i, &cp);
		if (n == 0) {
			buf_puts(out, "\\uFFFD");    /* invalid byte: the replacement character */
			i++;
			continue;
		}
		switch (cp) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		case '\t': buf_puts(out, "\\t"); break;
		case '\b': buf_puts(out, "\\b"); break;
		case '\f': buf_puts(out, "\\f"); break;
		default:
			/* C0, DEL, C1 and the line separators that break JavaScript readers */
			if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
			    cp == 0x2028 || cp == 0x2029)
				buf_printf(out, "\\u%04X", (unsigned)cp);
			else
				buf_add(out, p + i, n);
		}
		i += n;
	}
	buf_putc(out, '"');
}

void json_put_stringn(FILE *out, const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	json_buf_stringn(&b, s, len);
	fwrite(b.ptr, 1, b.len, out);
	buf_free(&b);
}

void json_put_string(FILE *out, const char *s)
{
	json_put_stringn(out, s ? s : "", s ? strlen(s) : 0);
}

static int file_cmp(const void *pa, const void *pb)
{
	const struct scan_file *a = *(const struct scan_file *const *)pa;
	const struct scan_file *b = *(const struct scan_file *const *)pb;
	if (!a->res.path || !b->res.path)
		return (a->res.path != NULL) - (b->res.path != NULL);
	return strcmp(a->res.path, b->res.path);
}

struct each {
	const struct scan_file **files;
	report_file_fn fn;
	void *arg;
	struct buf *bufs;
};

static void each_one(size_t i, void *p)
{
	struct each *e = p;
	e->fn(&e->bufs[i], e->files[i], e->arg);
}

int report_each_file(FILE *out, const struct scan_file **files, size_t n, report_file_fn fn, void *arg,
		     const char *sep, int parallel)
{
	struct buf bufs[REPORT_BATCH];
	int any = 0;
	for (size_t first = 0; first < n; first += REPORT_BATCH) {
		size_t m = n - first < REPORT_BATCH ? n - first : REPORT_BATCH;
		struct each e = { files + first, fn, arg, bufs };
		memset(bufs, 0, m * sizeof(*bufs));
		if (parallel) {
			pool_for(m, each_one, &e);
		} else {
			for (size_t i = 0; i < m; i++)
				each_one(i, &e);
		}
		for (size_t i = 0; i < m; i++) {
			if (bufs[i].len) {
				if (any && sep)
					fputs(sep, out);
				fwrite(bufs[i].ptr, 1, bufs[i].len, out);
				any = 1;
			}
			buf_free(&bufs[i]);
		}
	}
	return any;
}

const struct scan_file **report_files_sorted(const struct scan *s)
{
	const struct scan_file **v = xcalloc(s->nfiles ? s->nfiles : 1, sizeof(*v));
	for (size_t i = 0; i < s->nfiles; i++)
		v[i] = &s->files[i];
	qsort(v, s->nfiles, sizeof(*v), file_cmp);
	return v;
}

static const char *item_key(int item)
{
	return item >= 0 && item < ITEM_COUNT ? item_defs[item].key : "?";
}

static int int_cmp(int a, int b)
{
	return a < b ? -1 : a > b;
}

static int finding_cmp(const void *pa, const void *pb)
{
	const struct finding *a = *(const struct finding *const *)pa;
	const struct finding *b = *(const struct finding *const *)pb;
	int c;
	if ((c = int_cmp(a->line, b->line)) || (c = int_cmp(a->col, b->col)))
		return c;
	if ((c = strcmp(item_key(a->item), item_key(b->item))))
		return c;
	if ((c = int_cmp(a->end_line, b->end_line)) || (c = int_cmp(a->end_col, b->end_col)))
		return c;
	if ((c = strcmp(a->rule ? a->rule : "", b->rule ? b->rule : "")))
		return c;
	return strcmp(a->message ? a->message : "", b->message ? b->message : "");
}

const struct finding **report_findings_sorted(const struct file_result *r)
{
	const struct finding **v = xcalloc(r->nfindings ? r->nfindings : 1, sizeof(*v));
	for (size_t i = 0; i < r->nfindings; i++)
		v[i] = &r->findings[i];
	qsort(v, r->nfindings, sizeof(*v), finding_cmp);
	return v;
}

void report_count_file(const struct file_result *r, struct report_counts *c)
{
	c->files++;
	for (size_t j = 0; j < r->nfindings; j++) {
		const struct finding *f = &r->findings[j];
		if (f->suppressed)
			c->suppressed++;
		else if (f->sev == SEV_ERROR)
			c->errors++;
		else if (f->sev == SEV_WARNING)
			c->warnings++;
		else if (f->sev == SEV_INFO)
			c->info++;
	}
}

void report_count(const struct scan *s, struct report_counts *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < s->nfiles; i++)
		report_count_file(&s->files[i].res, c);
}

int report_line_span(const struct scan_file *f, int line, const char **start, size_t *len)
{
	size_t a, b;
	if (!f->data || !f->text.lines || line < 1 || !text_line(&f->text, line, &a, &b))
		return 0;
	if (a > f->len || b > f->len || b < a)
		return 0;
	*start = f->data + a;
	*len = b - a;
	return 1;
}

/* FNV-1a, 64 bits: two passes with different seeds make the 128-bit fingerprint. */
static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
	/* the NUL keeps "ab"+"c" apart from "a"+"bc" */
	return fnv(h, s ? s : "", s ? strlen(s) + 1 : 1);
}

static uint64_t fingerprint_half(uint64_t seed, const struct scan_file *f, const struct finding *fd,
				 unsigned occurrence)
{
	const char *line = NULL;
	size_t len = 0;
	uint64_t h = fnv_str(seed, f->res.path);
	h = fnv_str(h, item_key(fd->item));
	h = fnv_str(h, fd->rule);
	h = fnv_str(h, fd->service);
	if (report_line_span(f, fd->line, &line, &len)) {
		/* indentation and trailing blanks do not change what the line says */
		while (len && (*line == ' ' || *line == '\t'))
			line++, len--;
		while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
			len--;
		h = fnv(h, line, len);
	}
	return fnv(h, &occurrence, sizeof(occurrence));
}

void report_fingerprint(const struct scan_file *f, const struct finding *fd,
			unsigned occurrence, char out[33])
{
	uint64_t a = fingerprint_half(0xcbf29ce484222325ULL, f, fd, occurrence);
	uint64_t b = fingerprint_half(0x84222325cbf29ce4ULL, f, fd, occurrence);
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

struct fp_slot {
	char base[33];
	size_t idx;
};

static int fp_slot_cmp(const void *pa, const void *pb)
{
	const struct fp_slot *a = pa, *b = pb;
	int c = strcmp(a->base, b->base);
	return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

char (*report_fingerprints(const struct scan_file *f, const struct finding **sorted))[33]
{
	size_t n = f->res.nfindings;
	char (*fp)[33] = xcalloc(n ? n : 1, sizeof(*fp));
	struct fp_slot *slots = xcalloc(n ? n : 1, sizeof(*slots));
	unsigned occ = 0;
	for (size_t i = 0; i < n; i++) {
		report_fingerprint(f, sorted[i], 0, slots[i].base);
		slots[i].idx = i;
	}
	/* sorting by base, then position, numbers the duplicates in file order without O(n^2) */
	qsort(slots, n, sizeof(*slots), fp_slot_cmp);
	for (size_t i = 0; i < n; i++) {
		occ = i && strcmp(slots[i].base, slots[i - 1].base) == 0 ? occ + 1 : 0;
		report_fingerprint(f, sorted[slots[i].idx], occ, fp[slots[i].idx]);
	}
	free(slots);
	return fp;
}

void report_role_text(struct buf *b, const struct file_result *r, int ascii)
{
	static const char *const words[] = { "runtime", "base image", "builder", "dev environment", "test harness" };
	if (!r->role_reason)
		return;
	buf_puts(b, (unsigned)r->role < ROLE_COUNT ? words[r->role] : "runtime");
	if (r->role == ROLE_RUNTIME || !*r->role_reason)
		return;
	buf_puts(b, ascii ? " - " : " \u2014 ");
	buf_add_safe(b, r->role_reason, strlen(r->role_reason));
}

void report_role_label(struct buf *b, const struct file_result *r)
{
	if (!r->role_reason)
		return;
	buf_puts(b, " \u2014 ");
	report_role_text(b, r, 0);
}
