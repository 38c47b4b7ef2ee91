/*
 * Report formats on hand-made scans (no parser involved): JSON and SARIF
 * checked by a strict JSON parser written here, gnu line shape,
 * codeclimate fields and fingerprints, tty with and without colour.
 */
#include "support.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "report.h"
#include "report_priv.h"
#include "util.h"

/* ---- a strict JSON parser (RFC 8259) building a small tree ---- */

#define JV_MAX_DEPTH 64

enum jt { JT_NULL, JT_BOOL, JT_NUM, JT_STR, JT_ARR, JT_OBJ };

struct jv {
	enum jt t;
	int b;
	double num;
	char *str;              /* JT_STR (UTF-8, NUL-terminated) */
	struct jv *items;       /* JT_ARR, JT_OBJ values */
	char **keys;            /* JT_OBJ */
	size_t n, cap, kcap;
};

struct jp {
	const unsigned char *p, *end;
	int depth;
};

static void jv_free(struct jv *v)
{
	for (size_t i = 0; i < v->n; i++) {
		jv_free(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
}

static void ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int hex4(struct jp *j, unsigned *out)
{
	*out = 0;
	for (int i = 0; i < 4; i++, j->p++) {
		if (j->p >= j->end || !isxdigit(*j->p))
			return -1;
		*out = *out * 16 + (unsigned)(isdigit(*j->p) ? *j->p - '0' : (tolower(*j->p) - 'a' + 10));
	}
	return 0;
}

static void put_utf8(struct buf *b, unsigned cp)
{
	if (cp < 0x80) {
		buf_putc(b, (int)cp);
	} else if (cp < 0x800) {
		buf_putc(b, 0xc0 | (cp >> 6));
		buf_putc(b, 0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		buf_putc(b, 0xe0 | (cp >> 12));
		buf_putc(b, 0x80 | ((cp >> 6) & 0x3f));
		buf_putc(b, 0x80 | (cp & 0x3f));
	} else {
		buf_putc(b, 0xf0 | (cp >> 18));
		buf_putc(b, 0x80 | ((cp >> 12) & 0x3f));
		buf_putc(b, 0x80 | ((cp >> 6) & 0x3f));
		buf_putc(b, 0x80 | (cp & 0x3f));
	}
}

/* Raw bytes of a string must be valid UTF-8 and never a control character. */
static int raw_char(struct jp *j, struct buf *b)
{
	const unsigned char *p = j->p;
	size_t n = p[0] < 0x80 ? 1 : (p[0] >= 0xc2 && p[0] <= 0xdf) ? 2 :
		   (p[0] >= 0xe0 && p[0] <= 0xef) ? 3 : (p[0] >= 0xf0 && p[0] <= 0xf4) ? 4 : 0;
	if (n == 0 || p[0] < 0x20 || (size_t)(j->end - p) < n)
		return -1;
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return -1;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
		return -1;      /* overlong, surrogate, above U+10FFFF */
	buf_add(b, p, n);
	j->p += n;
	return 0;
}

static int escape(struct jp *j, struct buf *b)
{
	unsigned cp, lo;
	const char *simple = "\"\\/bfnrt", *means = "\"\\/\b\f\n\r\t";
	const char *s;
	if (j->p >= j->end)
		return -1;
	if (*j->p != 'u') {
		if (!(s = strchr(simple, *j->p)) || !*j->p)
			return -1;
		buf_putc(b, means[s - simple]);
		j->p++;
		return 0;
	}
	j->p++;
	if (hex4(j, &cp) < 0)
		return -1;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
			return -1;
		j->p += 2;
		if (hex4(j, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
			return -1;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	} else if (cp >= 0xdc00 && cp <= 0xdfff) {
		return -1;
	}
	put_utf8(b, cp);
	return 0;
}

static int parse_string(struct jp *j, char **out)
{
	struct buf b = BUF_INIT;
	if (j->p >= j->end || *j->p != '"')
		return -1;
	j->p++;
	for (;;) {
		if (j->p >= j->end)
			goto bad;
		if (*j->p == '"')
			break;
		if (*j->p == '\\') {
			j->p++;
			if (escape(j, &b) < 0)
				goto bad;
		} else if (raw_char(j, &b) < 0) {
			goto bad;
		}
	}
	j->p++;
	*out = buf_detach(&b);
	return 0;
bad:
	buf_free(&b);
	return -1;
}

static int parse_number(struct jp *j, double *out)
{
	const unsigned char *s = j->p;
	char tmp[64];
	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p >= j->end || !isdigit(*j->p))
		return -1;
	if (*j->p == '0')
		j->p++;
	else
		while (j->p < j->end && isdigit(*j->p))
			j->p++;
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (j->p >= j->end || !isdigit(*j->p))
			return -1;
		while (j->p < j->end && isdigit(*j->p))
			j->p++;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (j->p >= j->end || !isdigit(*j->p))
			return -1;
		while (j->p < j->end && isdigit(*j->p))
			j->p++;
	}
	if ((size_t)(j->p - s) >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, (size_t)(j->p - s));
	tmp[j->p - s] = '\0';
	*out = strtod(tmp, NULL);
	return 0;
}

static int parse_value(struct jp *j, struct jv *v);

static int word(struct jp *j, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0)
		return -1;
	j->p += n;
	return 0;
}

static int parse_container(struct jp *j, struct jv *v, int obj)
{
	char close = obj ? '}' : ']';
	j->p++;
	if (++j->depth > JV_MAX_DEPTH)
		return -1;
	v->t = obj ? JT_OBJ : JT_ARR;
	ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		j->depth--;
		return 0;
	}
	for (;;) {
		char *key = NULL;
		struct jv item;
		memset(&item, 0, sizeof(item));
		ws(j);
		if (obj) {
			if (parse_string(j, &key) < 0)
				return -1;
			for (size_t i = 0; i < v->n; i++)
				if (strcmp(v->keys[i], key) == 0) {
					free(key);
					return -1;      /* duplicate keys are not strict JSON for us */
				}
			ws(j);
			if (j->p >= j->end || *j->p != ':') {
				free(key);
				return -1;
			}
			j->p++;
			PUSH(v->keys, v->n, v->kcap, key);
			v->n--;
		}
		if (parse_value(j, &item) < 0) {
			if (obj)
				free(v->keys[v->n]);
			jv_free(&item);
			return -1;
		}
		if (obj)
			v->n++;
		GROW(v->items, v->cap, v->n + 1);
		v->items[obj ? v->n - 1 : v->n] = item;
		if (!obj)
			v->n++;
		ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			j->depth--;
			return 0;
		}
		return -1;
	}
}

static int parse_value(struct jp *j, struct jv *v)
{
	ws(j);
	if (j->p >= j->end)
		return -1;
	switch (*j->p) {
	case '{': return parse_container(j, v, 1);
	case '[': return parse_container(j, v, 0);
	case '"': v->t = JT_STR; return parse_string(j, &v->str);
	case 't': v->t = JT_BOOL; v->b = 1; return word(j, "true");
	case 'f': v->t = JT_BOOL; return word(j, "false");
	case 'n': v->t = JT_NULL; return word(j, "null");
	default: v->t = JT_NUM; return parse_number(j, &v->num);
	}
}

/* 0 and the tree when `text` is exactly one strict JSON value. */
static int json_parse(const char *text, size_t len, struct jv *out)
{
	struct jp j = { (const unsigned char *)text, (const unsigned char *)text + len, 0 };
	memset(out, 0, sizeof(*out));
	if (parse_value(&j, out) < 0) {
		jv_free(out);
		memset(out, 0, sizeof(*out));
		return -1;
	}
	ws(&j);
	return j.p == j.end ? 0 : -1;
}

static const struct jv *jget(const struct jv *v, const char *key)
{
	if (!v || v->t != JT_OBJ)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0)
			return &v->items[i];
	return NULL;
}

static const struct jv *jat(const struct jv *v, size_t i)
{
	return v && v->t == JT_ARR && i < v->n ? &v->items[i] : NULL;
}

static const char *jstr(const struct jv *v, const char *key)
{
	const struct jv *x = jget(v, key);
	return x && x->t == JT_STR ? x->str : NULL;
}

static double jnum(const struct jv *v, const char *key)
{
	const struct jv *x = jget(v, key);
	if (!x || x->t != JT_NUM)
		fail_msg("no number at %s", key);
	return x->num;
}

/* Follow "a.b.0.c" through objects and arrays. */
static const struct jv *jpath(const struct jv *v, const char *path)
{
	char *copy = xstrdup(path), *save = NULL;
	for (char *tok = strtok_r(copy, ".", &save); tok && v; tok = strtok_r(NULL, ".", &save))
		v = isdigit((unsigned char)tok[0]) ? jat(v, (size_t)atoi(tok)) : jget(v, tok);
	free(copy);
	return v;
}

/* ---- hand-made scans ---- */

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

/* A finding on the first occurrence of `needle` in the file, spanning it. */
static struct finding *add_at(struct scan_file *f, const char *key, enum sev sev, const char *needle,
			      const char *msg, int suppressed, const char *service)
{
	struct audit a = { .res = &f->res, .text = &f->text, .service = service };
	const char *at = strstr(f->data, needle);
	struct finding *fd;
	int item = item_find(key);
	assert_true(item >= 0);
	assert_non_null(at);
	fd = audit_add(&a, item, sev, "test-rule", (size_t)(at - f->data),
		       (size_t)(at - f->data) + strlen(needle), item_defs[item].fix, "%s", msg);
	fd->suppressed = suppressed;
	return fd;
}

static void finish(struct scan_file *f)
{
	struct audit a = { .res = &f->res, .text = &f->text };
	for (int i = 0; i < ITEM_COUNT; i++)
		if (item_defs[i].kind == f->res.kind && i % 3 == 0)
			audit_applies(&a, i);
	check_finish(&a);
}

static const char df_text[] =
	"# syntax=docker/dockerfile:1\n"
	"FROM python:latest\n"
	"RUN apt-get install curl\n"
	"CMD python app.py\n";

static const char compose_text[] =
	"services:\n"
	"  api:\n"
	"    image: org/api:latest\n"
	"    privileged: true\n";

/* Two files added out of order, findings added out of order, one suppressed. */
static void sample_scan(struct scan *s)
{
	struct scan_file *f;
	memset(s, 0, sizeof(*s));
	f = add_file(s, "services/web/compose.yaml", KIND_COMPOSE, compose_text);
	add_at(f, "compose.no-privileged", SEV_ERROR, "privileged: true", "privileged container", 0, "api");
	add_at(f, "compose.pinned-image", SEV_ERROR, "org/api:latest", "image org/api:latest is not pinned", 0, "api");
	finish(f);
	f = add_file(s, "Dockerfile", KIND_DOCKERFILE, df_text);
	add_at(f, "corr.production-cmd", SEV_WARNING, "CMD python app.py", "shell form CMD: signals do not reach the app", 0, NULL);
	add_at(f, "sec.pinned-base", SEV_ERROR, "python:latest", "base image python:latest is not pinned", 0, NULL);
	add_at(f, "corr.pitfalls", SEV_ERROR, "apt-get install", "apt-get install without -y", 1, NULL);
	add_at(f, "size.no-install-recommends", SEV_INFO, "apt-get install curl", "\"quoted\" \\ back\x1b[31mslash\tand\x01 \xff\xfe bytes", 0, NULL);
	finish(f);
}

/* noinline: GCC otherwise mistakes the open_memstream buffer for a dangling local */
__attribute__((noinline)) static char *render(const struct scan *s, enum report_fmt fmt, const struct report_opts *o, size_t *len)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	assert_non_null(f);
	report_write(f, fmt, s, o);
	fclose(f);
	if (len)
		*len = n;
	return out;
}

static struct jv parse_or_fail(const char *text, size_t len)
{
	struct jv v;
	if (json_parse(text, len, &v) < 0) {
		fprintf(stderr, "%s\n", text);
		fail_msg("output is not strict JSON");
	}
	return v;
}

static int count_kind(enum filekind k)
{
	int n = 0;
	for (int i = 0; i < ITEM_COUNT; i++)
		n += item_defs[i].kind == k;
	return n;
}

/* Like assert_non_null(strstr()), but shows the output when it fails. */
#define assert_contains(hay, needle) do { \
	if (!strstr((hay), (needle))) { \
		fprintf(stderr, "---- output ----\n%s\n---- wanted ----\n%s\n", (hay), (needle)); \
		fail_msg("output lacks the text above"); } \
} while (0)

/* ---- json ---- */

static void test_json_shape(void **state)
{
	struct scan s;
	size_t len;
	char *out;
	struct jv v;
	const struct jv *files, *f0, *f1, *fd;
	(void)state;
	sample_scan(&s);
	out = render(&s, FMT_JSON, NULL, &len);
	v = parse_or_fail(out, len);
	assert_string_equal(jstr(jget(&v, "tool"), "name"), "berth");
	assert_string_equal(jstr(jget(&v, "tool"), "version"), BERTH_VERSION);
	files = jget(&v, "files");
	assert_int_equal(files->n, 2);
	f0 = jat(files, 0);
	f1 = jat(files, 1);
	/* sorted by path: "Dockerfile" < "services/..." */
	assert_string_equal(jstr(f0, "path"), "Dockerfile");
	assert_string_equal(jstr(f0, "kind"), "dockerfile");
	assert_string_equal(jstr(f1, "kind"), "compose");
	assert_int_equal(jget(f0, "checklist")->n, count_kind(KIND_DOCKERFILE));
	assert_int_equal(jget(f1, "checklist")->n, count_kind(KIND_COMPOSE));
	for (int i = 0; i < ITEM_COUNT; i++) {
		const struct jv *cl = jget(item_defs[i].kind == KIND_DOCKERFILE ? f0 : f1, "checklist");
		const char *st = jstr(cl, item_defs[i].key);
		assert_non_null(st);
		assert_true(strcmp(st, "pass") == 0 || strcmp(st, "fail") == 0 ||
			    strcmp(st, "n/a") == 0 || strcmp(st, "ignored") == 0);
	}
	assert_string_equal(jstr(jget(f0, "checklist"), "sec.pinned-base"), "fail");
	assert_string_equal(jstr(jget(f0, "checklist"), "corr.pitfalls"), "ignored");
	assert_string_equal(jstr(jget(f1, "checklist"), "compose.no-privileged"), "fail");
	/* findings by line, then column, then key */
	fd = jget(f0, "findings");
	assert_int_equal(fd->n, 4);
	assert_string_equal(jstr(jat(fd, 0), "key"), "sec.pinned-base");
	assert_string_equal(jstr(jat(fd, 1), "key"), "corr.pitfalls");
	assert_string_equal(jstr(jat(fd, 2), "key"), "size.no-install-recommends");
	assert_string_equal(jstr(jat(fd, 3), "key"), "corr.production-cmd");
	assert_int_equal((int)jnum(jat(fd, 0), "line"), 2);
	assert_int_equal((int)jnum(jat(fd, 0), "column"), 6);
	assert_int_equal((int)jnum(jat(fd, 0), "end_line"), 2);
	assert_int_equal((int)jnum(jat(fd, 0), "end_column"), 18);
	assert_string_equal(jstr(jat(fd, 0), "rule"), "test-rule");
	assert_string_equal(jstr(jat(fd, 0), "severity"), "error");
	assert_string_equal(jstr(jat(fd, 0), "fix"), "value");
	assert_true(jget(jat(fd, 1), "suppressed")->t == JT_BOOL && jget(jat(fd, 1), "suppressed")->b);
	assert_false(jget(jat(fd, 0), "suppressed")->b);
	assert_null(jget(jat(fd, 0), "service"));
	assert_string_equal(jstr(jat(jget(f1, "findings"), 0), "service"), "api");
	/* hostile message: escaped, invalid bytes as U+FFFD, content otherwise kept */
	assert_string_equal(jstr(jat(fd, 2), "message"),
			    "\"quoted\" \\ back\x1b[31mslash\tand\x01 \xef\xbf\xbd\xef\xbf\xbd bytes");
	assert_null(memchr(out, 0x1b, len));
	/* summary: unsuppressed by severity, suppressed apart */
	assert_int_equal((int)jnum(jget(&v, "summary"), "files"), 2);
	assert_int_equal((int)jnum(jget(&v, "summary"), "errors"), 3);
	assert_int_equal((int)jnum(jget(&v, "summary"), "warnings"), 1);
	assert_int_equal((int)jnum(jget(&v, "summary"), "info"), 1);
	assert_int_equal((int)jnum(jget(&v, "summary"), "suppressed"), 1);
	jv_free(&v);
	free(out);
	scan_free(&s);
}

/*
 * Many files are rendered on the pool in batches (REPORT_BATCH = 512): the
 * text must be byte for byte what one thread writes, in path order, and
 * JSON keeps SPEC.md's layout (small objects on one line).
 */
static void test_json_batches_same_as_one_thread(void **state)
{
	struct scan s;
	size_t len1, lenn;
	char *one, *many, *line;
	struct jv v;
	const struct jv *files;
	(void)state;
	memset(&s, 0, sizeof(s));
	for (int i = 1100; i-- > 0;) {
		char path[64];
		struct scan_file *f;
		snprintf(path, sizeof(path), "svc/%04d/Dockerfile", i);
		f = add_file(&s, path, KIND_DOCKERFILE, df_text);
		if (i % 3 == 0)
			add_at(f, "sec.pinned-base", SEV_ERROR, "python:latest", "not pinned", 0, NULL);
		finish(f);
	}
	/* every format: the same bytes with one thread and with four */
	for (int fmt = 0; fmt < 5; fmt++) {
		static const enum report_fmt fmts[] = { FMT_TTY, FMT_GNU, FMT_SARIF, FMT_CODECLIMATE, FMT_JSON };
		setenv("BERTH_THREADS", "1", 1);
		one = render(&s, fmts[fmt], NULL, &len1);
		setenv("BERTH_THREADS", "4", 1);
		many = render(&s, fmts[fmt], NULL, &lenn);
		unsetenv("BERTH_THREADS");
		assert_int_equal(len1, lenn);
		assert_memory_equal(one, many, len1);
		if (fmts[fmt] == FMT_SARIF || fmts[fmt] == FMT_CODECLIMATE) {
			/* the commas between the files' parts keep it strict JSON */
			struct jv parts = parse_or_fail(many, lenn);
			const struct jv *list = fmts[fmt] == FMT_SARIF ? jget(jat(jget(&parts, "runs"), 0), "results") : &parts;
			assert_int_equal(list->n, 367);
			jv_free(&parts);
		}
		if (fmts[fmt] != FMT_JSON) {
			free(one);
			free(many);
		}
	}
	v = parse_or_fail(many, lenn);
	files = jget(&v, "files");
	assert_int_equal(files->n, 1100);
	assert_string_equal(jstr(jat(files, 0), "path"), "svc/0000/Dockerfile");
	assert_string_equal(jstr(jat(files, 511), "path"), "svc/0511/Dockerfile");
	assert_string_equal(jstr(jat(files, 512), "path"), "svc/0512/Dockerfile");
	assert_string_equal(jstr(jat(files, 1099), "path"), "svc/1099/Dockerfile");
	assert_int_equal(jget(jat(files, 1098), "findings")->n, 1);
	assert_int_equal(jget(jat(files, 1099), "findings")->n, 0);
	assert_int_equal((int)jnum(jget(&v, "summary"), "errors"), 367);
	/* the layout: tool, checklist and each finding on one line */
	assert_contains(many, "\n  \"tool\": {\"name\": \"berth\", \"version\": \"" BERTH_VERSION "\"},\n");
	assert_contains(many, "\n      \"checklist\": {\"perf.multi-stage\": \"");
	line = strstr(many, "\n        {\"key\": \"sec.pinned-base\", \"rule\": \"test-rule\", ");
	assert_non_null(line);
	assert_true(strchr(line + 1, '\n') > strstr(line + 1, "\"suppressed\": false}"));
	jv_free(&v);
	free(one);
	free(many);
	scan_free(&s);
}

/*
 * JSON strings are escaped 8 bytes at a time where they are plain: over
 * random strings of awkward bytes (quotes, backslashes, controls, DEL, C1,
 * multibyte letters, at every alignment) the text must parse back to the
 * very bytes. Item keys, written as they are, must need no escaping.
 */
static void test_json_string_round_trip(void **state)
{
	static const char *const pieces[] = { "a", "Z", " ", "\"", "\\", "\n", "\t", "\x01", "\x1f", "\x7f",
					      "\xc3\xa9", "\xc2\x85", "\xe2\x80\xa8", "~", "}", "0123456" };
	unsigned seed = 20261127;
	(void)state;
	for (int round = 0; round < 2000; round++) {
		char in[200], *out = NULL;
		size_t n = 0, olen = 0;
		int count = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 24;
		FILE *f;
		struct jv v;
		for (int k = 0; k < count; k++) {
			const char *pc = pieces[((seed = seed * 1103515245u + 12345u) >> 16) % ARRAY_SIZE(pieces)];
			memcpy(in + n, pc, strlen(pc));
			n += strlen(pc);
		}
		f = open_memstream(&out, &olen);
		assert_non_null(f);
		json_put_stringn(f, in, n);
		fclose(f);
		assert_int_equal(json_parse(out, olen, &v), 0);
		assert_int_equal(v.t, JT_STR);
		assert_int_equal(strlen(v.str), n);
		assert_memory_equal(v.str, in, n);
		for (size_t i = 0; i < olen; i++)
			assert_true((unsigned char)out[i] >= 0x20 && (unsigned char)out[i] != 0x7f);
		jv_free(&v);
		free(out);
	}
	for (int i = 0; i < ITEM_COUNT; i++)
		assert_true(json_plain_key(item_defs[i].key, strlen(item_defs[i].key)));
}

static void test_json_empty_and_escapes(void **state)
{
	struct scan s;
	size_t len;
	char *out;
	struct jv v;
	(void)state;
	memset(&s, 0, sizeof(s));
	out = render(&s, FMT_JSON, NULL, &len);
	v = parse_or_fail(out, len);
	assert_int_equal(jget(&v, "files")->n, 0);
	assert_int_equal((int)jnum(jget(&v, "summary"), "files"), 0);
	jv_free(&v);
	free(out);

	/* every byte value through json_put_stringn stays strict JSON */
	{
		char all[256], *o2 = NULL;
		size_t n2 = 0;
		FILE *f = open_memstream(&o2, &n2);
		for (int i = 0; i < 256; i++)
			all[i] = (char)i;
		json_put_stringn(f, all + 1, sizeof(all) - 1);
		json_put_string(f, NULL);       /* a NULL string is "" */
		fclose(f);
		assert_string_equal(o2 + n2 - 2, "\"\"");
		v = parse_or_fail(o2, n2 - 2);
		assert_int_equal(v.t, JT_STR);
		/* 0x01..0x7f as themselves, 0x80..0xff each as U+FFFD (3 bytes) */
		assert_int_equal(strlen(v.str), 127 + 128 * 3);
		jv_free(&v);
		free(o2);
	}
}

/* ---- sarif ---- */

static char *fixes_hook(const struct scan *s, const struct scan_file *f, const struct finding *fd, void *payload)
{
	(void)s;
	(void)f;
	(*(int *)payload)++;
	if (fd->item != item_find("sec.pinned-base"))
		return NULL;
	return xstrdup("[{\"description\": {\"text\": \"pin it\"}, \"artifactChanges\": []}]");
}

static void check_sarif_rules(const struct jv *driver)
{
	const struct jv *rules = jget(driver, "rules");
	assert_non_null(rules);
	assert_int_equal(rules->n, ITEM_COUNT);
	for (int i = 0; i < ITEM_COUNT; i++) {
		const struct jv *r = jat(rules, (size_t)i);
		const char *lvl = jstr(jget(r, "defaultConfiguration"), "level");
		assert_string_equal(jstr(r, "id"), item_defs[i].key);
		assert_non_null(jstr(r, "name"));
		assert_string_equal(jstr(jget(r, "shortDescription"), "text"), item_defs[i].title);
		assert_true(strlen(jstr(jget(r, "fullDescription"), "text")) > 0);
		assert_true(strlen(jstr(jget(r, "help"), "text")) > 0);
		assert_true(strlen(jstr(jget(r, "help"), "markdown")) > 0);
		assert_non_null(lvl);
		assert_true(strcmp(lvl, "error") == 0 || strcmp(lvl, "warning") == 0 || strcmp(lvl, "note") == 0);
	}
}

static void test_sarif(void **state)
{
	struct scan s;
	size_t len;
	char *out;
	struct jv v;
	const struct jv *run, *results, *rules;
	int calls = 0, suppressed = 0, fixed = 0;
	struct report_opts o = { 0, fixes_hook, &calls, NULL, 0 };
	(void)state;
	sample_scan(&s);
	out = render(&s, FMT_SARIF, &o, &len);
	v = parse_or_fail(out, len);
	assert_string_equal(jstr(&v, "version"), "2.1.0");
	assert_true(strstr(jstr(&v, "$schema"), "sarif") != NULL);
	assert_int_equal(jget(&v, "runs")->n, 1);
	run = jat(jget(&v, "runs"), 0);
	assert_string_equal(jstr(jpath(run, "tool.driver"), "name"), "berth");
	assert_string_equal(jstr(jpath(run, "tool.driver"), "version"), BERTH_VERSION);
	check_sarif_rules(jpath(run, "tool.driver"));
	rules = jpath(run, "tool.driver.rules");
	results = jget(run, "results");
	assert_int_equal(results->n, 6);        /* suppressed findings stay, marked */
	assert_int_equal(calls, 6);
	for (size_t i = 0; i < results->n; i++) {
		const struct jv *r = jat(results, i);
		const struct jv *loc = jpath(r, "locations.0.physicalLocation");
		const char *lvl = jstr(r, "level");
		int idx = (int)jnum(r, "ruleIndex");
		assert_string_equal(jstr(jat(rules, (size_t)idx), "id"), jstr(r, "ruleId"));
		assert_true(strcmp(lvl, "error") == 0 || strcmp(lvl, "warning") == 0 || strcmp(lvl, "note") == 0);
		assert_true(strlen(jstr(jget(r, "message"), "text")) > 0);
		assert_non_null(jstr(jget(loc, "artifactLocation"), "uri"));
		assert_string_equal(jstr(jget(loc, "artifactLocation"), "uriBaseId"), "%SRCROOT%");
		assert_true(jnum(jget(loc, "region"), "startLine") >= 1);
		assert_true(jnum(jget(loc, "region"), "startColumn") >= 1);
		assert_true(jnum(jget(loc, "region"), "endLine") >= jnum(jget(loc, "region"), "startLine"));
		assert_true(jnum(jget(loc, "region"), "endColumn") >= 1);
		if (jget(r, "suppressions")) {
			suppressed++;
			assert_string_equal(jstr(jpath(r, "suppressions.0"), "kind"), "inSource");
		}
		if (jget(r, "fixes")) {
			fixed++;
			assert_string_equal(jstr(r, "ruleId"), "sec.pinned-base");
			assert_string_equal(jstr(jpath(r, "fixes.0.description"), "text"), "pin it");
		}
		assert_non_null(jstr(jget(r, "partialFingerprints"), "berthFingerprint/v1"));
	}
	assert_int_equal(suppressed, 1);
	assert_int_equal(fixed, 1);
	/* the first result is the Dockerfile's FROM: columns 6..18 (end exclusive in SARIF) */
	assert_string_equal(jstr(jpath(results, "0.locations.0.physicalLocation.artifactLocation"), "uri"), "Dockerfile");
	assert_int_equal((int)jnum(jpath(results, "0.locations.0.physicalLocation.region"), "startColumn"), 6);
	assert_int_equal((int)jnum(jpath(results, "0.locations.0.physicalLocation.region"), "endColumn"), 19);
	assert_string_equal(jstr(jpath(results, "1"), "level"), "error");
	jv_free(&v);
	free(out);
	scan_free(&s);
}

static void test_sarif_columns_and_uri(void **state)
{
	struct scan s;
	struct scan_file *f;
	size_t len;
	char *out;
	struct jv v;
	const struct jv *reg, *art;
	(void)state;
	memset(&s, 0, sizeof(s));
	/* "é" is 2 bytes, 1 UTF-16 unit; the emoji is 4 bytes, 2 units */
	f = add_file(&s, "dir with space/Dockerfile.é", KIND_DOCKERFILE,
		     "FROM alpine:3.19.1\nLABEL x=\"é\xf0\x9f\x90\xb3\" y=1\n");
	add_at(f, "corr.pitfalls", SEV_INFO, "y=1", "a note", 0, NULL);
	finish(f);
	out = render(&s, FMT_SARIF, NULL, &len);
	v = parse_or_fail(out, len);
	reg = jpath(&v, "runs.0.results.0.locations.0.physicalLocation.region");
	art = jpath(&v, "runs.0.results.0.locations.0.physicalLocation.artifactLocation");
	assert_int_equal((int)jnum(reg, "startLine"), 2);
	/* byte column 18 -> UTF-16 column 15 */
	assert_int_equal((int)jnum(reg, "startColumn"), 15);
	assert_int_equal((int)jnum(reg, "endColumn"), 18);
	assert_string_equal(jstr(art, "uri"), "dir%20with%20space/Dockerfile.%C3%A9");
	assert_string_equal(jstr(jpath(&v, "runs.0.results.0"), "level"), "note");
	jv_free(&v);
	free(out);
	scan_free(&s);
}

/* ---- gnu ---- */

/* path:line:col: severity: message [key] */
static int gnu_line_ok(const char *line)
{
	const char *p = strchr(line, ':');
	char sev[16];
	int l, c, n = 0;
	size_t len = strlen(line);
	if (!p || p == line || sscanf(p, ":%d:%d: %15[a-z]: %n", &l, &c, sev, &n) != 3 || n == 0)
		return 0;
	if (l < 1 || c < 1 || (strcmp(sev, "error") && strcmp(sev, "warning") && strcmp(sev, "info")))
		return 0;
	if (len < 4 || line[len - 1] != ']' || !strstr(line, " ["))
		return 0;
	for (const char *q = line; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			return 0;
	return item_find(strrchr(line, '[') + 1) < 0 ? (strrchr(line, '[')[1] != '\0') : 1;
}

static void test_gnu(void **state)
{
	struct scan s;
	char *out, *save = NULL;
	int lines = 0;
	(void)state;
	sample_scan(&s);
	out = render(&s, FMT_GNU, NULL, NULL);
	assert_contains(out, "Dockerfile:2:6: error: base image python:latest is not pinned [sec.pinned-base]\n");
	assert_contains(out, "services/web/compose.yaml:4:5: error: privileged container (service api) [compose.no-privileged]\n");
	assert_null(strstr(out, "[corr.pitfalls]"));        /* suppressed */
	assert_contains(out, "back^[[31mslash and^A \\xFF\\xFE bytes");
	for (char *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (!gnu_line_ok(l))
			fail_msg("bad gnu line: %s", l);
		lines++;
	}
	assert_int_equal(lines, 5);
	free(out);
	scan_free(&s);
}

/* ---- codeclimate ---- */

static int is_hex32(const char *s)
{
	if (!s || strlen(s) != 32)
		return 0;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s))
			return 0;
	return 1;
}

static void test_codeclimate(void **state)
{
	struct scan s;
	size_t len;
	char *out;
	struct jv v;
	(void)state;
	sample_scan(&s);
	out = render(&s, FMT_CODECLIMATE, NULL, &len);
	v = parse_or_fail(out, len);
	assert_int_equal(v.t, JT_ARR);
	assert_int_equal(v.n, 5);
	for (size_t i = 0; i < v.n; i++) {
		const struct jv *x = jat(&v, i);
		const char *sev = jstr(x, "severity");
		assert_true(strlen(jstr(x, "description")) > 0);
		assert_true(item_find(jstr(x, "check_name")) >= 0);
		assert_true(is_hex32(jstr(x, "fingerprint")));
		assert_true(strcmp(sev, "info") == 0 || strcmp(sev, "minor") == 0 ||
			    strcmp(sev, "major") == 0 || strcmp(sev, "critical") == 0 || strcmp(sev, "blocker") == 0);
		assert_non_null(jstr(jget(x, "location"), "path"));
		assert_true(jnum(jpath(x, "location.lines"), "begin") >= 1);
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(jstr(jat(&v, k), "fingerprint"), jstr(x, "fingerprint"));
	}
	assert_string_equal(jstr(jat(&v, 0), "check_name"), "sec.pinned-base");
	assert_string_equal(jstr(jat(&v, 0), "severity"), "critical");     /* error of a security item */
	assert_string_equal(jstr(jat(&v, 1), "severity"), "info");
	assert_string_equal(jstr(jat(&v, 2), "severity"), "minor");
	assert_int_equal((int)jnum(jpath(&v, "2.location.lines"), "begin"), 4);
	jv_free(&v);
	free(out);
	scan_free(&s);
}

static char *fingerprint_of(const char *text, const char *needle)
{
	struct scan s;
	struct scan_file *f;
	size_t len;
	char *out, *fp;
	struct jv v;
	memset(&s, 0, sizeof(s));
	f = add_file(&s, "Dockerfile", KIND_DOCKERFILE, text);
	add_at(f, "sec.non-root", SEV_WARNING, needle, "runs as root", 0, NULL);
	finish(f);
	out = render(&s, FMT_CODECLIMATE, NULL, &len);
	v = parse_or_fail(out, len);
	fp = xstrdup(jstr(jat(&v, 0), "fingerprint"));
	jv_free(&v);
	free(out);
	scan_free(&s);
	return fp;
}

static void test_fingerprint_stable(void **state)
{
	char *a = fingerprint_of("FROM alpine:3.19.1\nCMD [\"app\"]\n", "FROM");
	char *b = fingerprint_of("# a comment\n\nFROM alpine:3.19.1\nCMD [\"app\"]\n", "FROM");
	char *c = fingerprint_of("FROM alpine:3.20.0\nCMD [\"app\"]\n", "FROM");
	(void)state;
	assert_string_equal(a, b);              /* moving the line keeps it */
	assert_string_not_equal(a, c);          /* changing the line's content does not */
	free(a);
	free(b);
	free(c);
}

/* ---- tty ---- */

static void test_tty_plain(void **state)
{
	struct scan s;
	struct report_opts o = { 0, NULL, NULL, NULL, 0 };
	size_t len;
	char *out;
	(void)state;
	sample_scan(&s);
	out = render(&s, FMT_TTY, &o, &len);
	assert_null(memchr(out, 0x1b, len));    /* no colour, and the file's ESC is escaped */
	for (size_t i = 0; i < len; i++)
		assert_false((unsigned char)out[i] < 0x20 && out[i] != '\n');
	assert_contains(out, "Dockerfile (dockerfile): 1 error, 1 warning, 1 info\n");
	assert_contains(out, "Dockerfile:2:6: error: base image python:latest is not pinned [sec.pinned-base]\n"
				    "     2 | FROM python:latest\n"
				    "       |      ^~~~~~~~~~~~~\n");
	assert_contains(out, "services/web/compose.yaml:4:5: error: privileged container (service api) [compose.no-privileged]\n");
	assert_null(strstr(out, "[corr.pitfalls]"));
	assert_contains(out, "2 files checked: 3 errors, 1 warning, 1 info, 1 suppressed\n");
	assert_contains(out, "Performance");
	assert_contains(out, "Compose");
	assert_contains(out, "pass");
	assert_contains(out, "fail");
	free(out);
	scan_free(&s);
}

/* Every ESC in coloured output starts one of our own SGR sequences. */
static void assert_only_sgr(const char *out, size_t len)
{
	static const char *const ok[] = { "\033[0m", "\033[1m", "\033[2m", "\033[1;31m", "\033[33m",
					  "\033[36m", "\033[32m", "\033[m" };
	for (size_t i = 0; i < len; i++) {
		int known = 0;
		if (out[i] != 0x1b)
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(ok); k++)
			known |= strncmp(out + i, ok[k], strlen(ok[k])) == 0;
		if (!known)
			fail_msg("foreign escape at %zu: %.12s", i, out + i);
	}
}

static void test_tty_colour_and_hostile_text(void **state)
{
	struct scan s;
	struct scan_file *f;
	struct report_opts o = { 1, NULL, NULL, NULL, 0 };
	size_t len;
	char *out;
	(void)state;
	memset(&s, 0, sizeof(s));
	f = add_file(&s, "evil\x1b]0;title\x07/Dockerfile", KIND_DOCKERFILE,
		     "FROM alpine:3.19.1\nRUN echo \x1b[2J\x9b\xc2\x9b done\r\nUSER \tnobody\n");
	add_at(f, "corr.pitfalls", SEV_WARNING, "done", "message with \x1b[5m blink", 0, "svc\x1b[1m");
	add_at(f, "sec.non-root", SEV_ERROR, "nobody", "tab before", 0, NULL);
	finish(f);
	out = render(&s, FMT_TTY, &o, &len);
	assert_only_sgr(out, len);
	assert_contains(out, "\033[1;31merror");
	assert_non_null(strstr(out, "evil^[]0;title^G/Dockerfile"));
	assert_contains(out, "RUN echo ^[[2J\\x9B\\xC2\\x9B done");
	assert_null(strstr(out, "\r"));
	/* the tab is one space wide, so the caret stays under "nobody" */
	assert_contains(out, "USER  nobody\n");
	assert_contains(out, "|\033[0m       \033[1;31m^~~~~~\033[0m\n");
	/* the escapes before "done" widen the line, and the caret follows them */
	assert_contains(out, "|\033[0m                            \033[33m^~~~\033[0m\n");
	free(out);
	scan_free(&s);
}

static void test_tty_long_line_and_multiline_span(void **state)
{
	struct scan s;
	struct scan_file *f;
	struct buf text = BUF_INIT;
	struct report_opts o = { 0, NULL, NULL, NULL, 0 };
	char *out, *caret;
	(void)state;
	memset(&s, 0, sizeof(s));
	buf_puts(&text, "FROM alpine:3.19.1\nRUN echo ");
	for (int i = 0; i < 500; i++)
		buf_puts(&text, "x");
	buf_puts(&text, " TARGET ");
	for (int i = 0; i < 500; i++)
		buf_puts(&text, "y");
	buf_puts(&text, "\nRUN a \\\n  b\n");
	f = add_file(&s, "Dockerfile", KIND_DOCKERFILE, text.ptr);
	add_at(f, "corr.pitfalls", SEV_WARNING, "TARGET", "found it", 0, NULL);
	add_at(f, "corr.pitfalls", SEV_WARNING, "RUN a \\\n  b", "two lines", 0, NULL);
	finish(f);
	out = render(&s, FMT_TTY, &o, NULL);
	/* the long line is cut around the span, and the caret still points at TARGET */
	{
		char *src = strstr(out, "     2 | …");
		assert_non_null(src);
		caret = strchr(src, '\n') + 1;
		assert_true(strchr(src, '\n') - src < 200);
		assert_int_equal(strstr(src, "TARGET") - src, strchr(caret, '^') - caret + 2);
	}
	/* a span over two lines marks its first line to the end */
	assert_contains(out, "     3 | RUN a \\\n       | ^~~~~~~\n");
	free(out);
	buf_free(&text);
	scan_free(&s);
}

/* The caret counts display columns: two for CJK and emoji, none for a combining mark. */
static void test_tty_caret_after_wide_characters(void **state)
{
	struct scan s;
	struct scan_file *f;
	struct report_opts o = { 0, NULL, NULL, NULL, 0 };
	char *out;
	(void)state;
	memset(&s, 0, sizeof(s));
	f = add_file(&s, "Dockerfile", KIND_DOCKERFILE,
		     "FROM alpine:3.19.1\nRUN echo \"\xe6\x97\xa5\xe6\x9c\xac\xf0\x9f\x90\xb3" "e\xcc\x81\" && TARGET\n");
	add_at(f, "corr.pitfalls", SEV_WARNING, "TARGET", "found it", 0, NULL);
	finish(f);
	out = render(&s, FMT_TTY, &o, NULL);
	/* `RUN echo "` 10 + 日本 4 + 🐳 2 + é 1 + `" && ` 5 = 22 columns before TARGET */
	assert_contains(out, "\n       |                       ^~~~~~\n");
	free(out);
	scan_free(&s);
}

static void test_tty_empty(void **state)
{
	struct scan s;
	char *out;
	(void)state;
	memset(&s, 0, sizeof(s));
	out = render(&s, FMT_TTY, NULL, NULL);
	assert_contains(out, "No Dockerfile or Compose file");
	free(out);
}

/* ---- exit rule, formats, rules list ---- */

static void test_failed_and_parse(void **state)
{
	struct scan s;
	enum report_fmt f;
	(void)state;
	sample_scan(&s);
	assert_true(report_failed(&s, SEV_ERROR));
	assert_true(report_failed(&s, SEV_WARNING));
	assert_true(report_failed(&s, SEV_INFO));
	assert_false(report_failed(&s, SEV_NEVER));
	scan_free(&s);

	memset(&s, 0, sizeof(s));
	{
		struct scan_file *x = add_file(&s, "Dockerfile", KIND_DOCKERFILE, df_text);
		add_at(x, "corr.pitfalls", SEV_ERROR, "apt-get", "suppressed error", 1, NULL);
		add_at(x, "sec.non-root", SEV_WARNING, "CMD", "a warning", 0, NULL);
		add_at(x, "size.no-pkg-cache", SEV_INFO, "RUN", "a note", 0, NULL);
		finish(x);
	}
	assert_false(report_failed(&s, SEV_ERROR));     /* the only error is suppressed */
	assert_true(report_failed(&s, SEV_WARNING));
	assert_true(report_failed(&s, SEV_INFO));
	scan_free(&s);

	assert_int_equal(report_fmt_parse("json", &f), 0);
	assert_int_equal(f, FMT_JSON);
	assert_int_equal(report_fmt_parse("codeclimate", &f), 0);
	assert_int_equal(f, FMT_CODECLIMATE);
	assert_int_equal(report_fmt_parse("sarif", &f), 0);
	assert_int_equal(report_fmt_parse("gnu", &f), 0);
	assert_int_equal(report_fmt_parse("tty", &f), 0);
	assert_int_equal(f, FMT_TTY);
	assert_int_equal(report_fmt_parse("JSON", &f), -1);
	assert_int_equal(report_fmt_parse("", &f), -1);
}

static void test_rules_json(void **state)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	struct jv v;
	(void)state;
	rules_write(f, 1);
	fclose(f);
	v = parse_or_fail(out, n);
	assert_int_equal(v.t, JT_ARR);
	assert_int_equal(v.n, ITEM_COUNT);
	for (int i = 0; i < ITEM_COUNT; i++) {
		const struct jv *r = jat(&v, (size_t)i);
		assert_string_equal(jstr(r, "key"), item_defs[i].key);
		assert_string_equal(jstr(r, "title"), item_defs[i].title);
		assert_string_equal(jstr(r, "category"), category_name(item_defs[i].cat));
		assert_string_equal(jstr(r, "fix"), fixkind_name(item_defs[i].fix));
	}
	jv_free(&v);
	free(out);
	out = NULL;
	f = open_memstream(&out, &n);
	rules_write(f, 0);
	fclose(f);
	for (int i = 0; i < ITEM_COUNT; i++) {
		assert_contains(out, item_defs[i].key);
		assert_contains(out, item_defs[i].title);
	}
	free(out);
}

static void test_parser_rejects(void **state)
{
	/* the validator itself must fail on what is not strict JSON, or the tests above prove nothing */
	static const char *const bad[] = {
		"", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "\"\x01\"", "\"\xff\"", "01", "1.", "[1 2]",
		"{\"a\":1,\"a\":2}", "\"\\x\"", "\"\\ud800\"", "nul", "[] []", "{'a':1}", "\"\xc0\xaf\"",
	};
	static const char *const good[] = {
		"{}", "[]", "0", "-1.5e3", "\"\\u00e9\\ud83d\\udc33\"", "{\"a\":[true,false,null]}", " [ 1 , 2 ] ",
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct jv v;
		if (json_parse(bad[i], strlen(bad[i]), &v) == 0)
			fail_msg("accepted bad JSON #%zu: %s", i, bad[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		struct jv v;
		if (json_parse(good[i], strlen(good[i]), &v) != 0)
			fail_msg("rejected good JSON: %s", good[i]);
		jv_free(&v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parser_rejects),
		cmocka_unit_test(test_json_shape),
		cmocka_unit_test(test_json_batches_same_as_one_thread),
		cmocka_unit_test(test_json_string_round_trip),
		cmocka_unit_test(test_json_empty_and_escapes),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_sarif_columns_and_uri),
		cmocka_unit_test(test_gnu),
		cmocka_unit_test(test_codeclimate),
		cmocka_unit_test(test_fingerprint_stable),
		cmocka_unit_test(test_tty_plain),
		cmocka_unit_test(test_tty_colour_and_hostile_text),
		cmocka_unit_test(test_tty_long_line_and_multiline_span),
		cmocka_unit_test(test_tty_caret_after_wide_characters),
		cmocka_unit_test(test_tty_empty),
		cmocka_unit_test(test_failed_and_parse),
		cmocka_unit_test(test_rules_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
