/*
 * report_jw - the tiny JSON writer behind the json, sarif and codeclimate
 * formats: it tracks commas and indentation so the writers only say what
 * goes where. Strings go through json_buf_stringn (always valid JSON).
 */
#include <string.h>

#include "report_priv.h"

void jw_init(struct jw *j, FILE *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

void jw_flush(struct jw *j)
{
	if (j->out && j->b.len) {
		fwrite(j->b.ptr, 1, j->b.len, j->out);
		buf_clear(&j->b);
	}
}

static void put(struct jw *j, const char *s, size_t len)
{
	buf_add(&j->b, s, len);
	if (j->b.len >= JW_FLUSH)
		jw_flush(j);
}

#define PUTS(j, lit) put((j), (lit), sizeof(lit) - 1)

void jw_init_part(struct jw *j, struct buf *b, int depth)
{
	jw_init(j, NULL);
	j->b = *b;
	j->depth = depth < JW_MAX_DEPTH - 1 ? depth : JW_MAX_DEPTH - 1;
}

void jw_end_part(struct jw *j, struct buf *b)
{
	*b = j->b;
}

/* The per-depth state's index (deeper than JW_MAX_DEPTH shares the last). */
static int slot(const struct jw *j)
{
	return j->depth < JW_MAX_DEPTH ? j->depth : JW_MAX_DEPTH - 1;
}

void jw_after_parts(struct jw *j, int any)
{
	if (any)
		j->nonempty[slot(j)] = 1;
}

static void indent(struct jw *j)
{
	static const char nl_spaces[] = "\n                                                                ";
	size_t n = 1 + 2 * (size_t)(j->depth > 0 ? j->depth : 0);
	if (n > sizeof(nl_spaces) - 1)
		n = sizeof(nl_spaces) - 1;
	put(j, nl_spaces, n);
}

/*
 * Comma, newline, indentation and the key of the next value, written
 * straight into the buffer: this runs for every value of a report. Keys
 * are berth's own names (field names and item keys, which test_report
 * proves need no escaping), so they go out as they are.
 */
static void member(struct jw *j, const char *key)
{
	size_t kn = key ? strlen(key) : 0, need = 2 + 1 + 2 * JW_MAX_DEPTH + kn + 4;
	char *w;
	if (j->b.cap - j->b.len <= need || !j->b.ptr)
		buf_grow(&j->b, need);
	w = j->b.ptr + j->b.len;
	if (j->depth > 0) {
		int d = slot(j);
		if (j->nonempty[d]) {
			*w++ = ',';
			if (j->inl[d])
				*w++ = ' ';
		}
		if (!j->inl[d]) {
			*w++ = '\n';
			memset(w, ' ', 2 * (size_t)d);
			w += 2 * (size_t)d;
		}
		j->nonempty[d] = 1;
	}
	if (key) {
		*w++ = '"';
		memcpy(w, key, kn);
		w += kn;
		memcpy(w, "\": ", 3);
		w += 3;
	}
	j->b.len = (size_t)(w - j->b.ptr);
	j->b.ptr[j->b.len] = '\0';
	if (j->b.len >= JW_FLUSH)
		jw_flush(j);
}

static void begin(struct jw *j, const char *key, int c, int inl)
{
	char ch = (char)c;
	member(j, key);
	put(j, &ch, 1);
	/* inside an inline container everything stays on the line */
	inl = inl || (j->depth > 0 && j->inl[slot(j)]);
	j->depth++;
	if (j->depth < JW_MAX_DEPTH) {
		j->nonempty[j->depth] = 0;
		j->inl[j->depth] = (unsigned char)inl;
	}
}

static void finish(struct jw *j, int c)
{
	int d = slot(j);
	int had = j->nonempty[d] && !j->inl[d];
	if (j->depth > 0)
		j->depth--;
	char ch = (char)c;
	if (had)
		indent(j);
	put(j, &ch, 1);
	if (j->depth == 0 && j->out) {
		PUTS(j, "\n");
		jw_flush(j);
		buf_free(&j->b);
	}
}

void jw_obj(struct jw *j, const char *key) { begin(j, key, '{', 0); }
void jw_arr(struct jw *j, const char *key) { begin(j, key, '[', 0); }
void jw_obj_inline(struct jw *j, const char *key) { begin(j, key, '{', 1); }
void jw_end_obj(struct jw *j) { finish(j, '}'); }
void jw_end_arr(struct jw *j) { finish(j, ']'); }

void jw_str(struct jw *j, const char *key, const char *val)
{
	member(j, key);
	if (val)
		json_buf_stringn(&j->b, val, strlen(val));
	else
		PUTS(j, "null");
}

void jw_strn(struct jw *j, const char *key, const char *val, size_t len)
{
	member(j, key);
	json_buf_stringn(&j->b, val, len);
}

void jw_int(struct jw *j, const char *key, long long val)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long long u = val < 0 ? 0ULL - (unsigned long long)val : (unsigned long long)val;
	member(j, key);
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (val < 0)
		*--p = '-';
	put(j, p, (size_t)(buf + sizeof(buf) - p));
}

void jw_bool(struct jw *j, const char *key, int val)
{
	member(j, key);
	if (val)
		PUTS(j, "true");
	else
		PUTS(j, "false");
}

void jw_raw(struct jw *j, const char *key, const char *json)
{
	member(j, key);
	if (json && *json)
		put(j, json, strlen(json));
	else
		PUTS(j, "null");
}

void report_put_services(struct jw *j, const struct finding *f)
{
	if (!f->nservices)
		return;
	jw_arr(j, "services");
	for (size_t k = 0; k < f->nservices; k++)
		jw_str(j, NULL, f->services[k]);
	jw_end_arr(j);
}

void report_services_note(struct buf *b, const struct finding *f)
{
	if (f->nservices == 0 && !f->service)
		return;
	if (f->nservices == 0) {
		buf_puts(b, " (service ");
		buf_add_safe(b, f->service, strlen(f->service));
		buf_putc(b, ')');
		return;
	}
	/* one line for a problem several services share, naming them all */
	buf_puts(b, f->nservices > 1 ? " (services " : " (service ");
	for (size_t k = 0; k < f->nservices; k++) {
		buf_puts(b, k ? ", " : "");
		buf_add_safe(b, f->services[k], strlen(f->services[k]));
	}
	buf_putc(b, ')');
}
