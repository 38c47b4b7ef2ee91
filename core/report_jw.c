/*
 * report_jw - the tiny JSON writer behind the json, sarif and codeclimate
 * formats: it tracks commas and indentation so the writers only say what
 * goes where. Strings go through json_put_stringn (always valid JSON).
 */
#include <string.h>

#include "report_int.h"

void jw_init(struct jw *j, FILE *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

void jw_init_at(struct jw *j, FILE *out, int depth, int nonempty)
{
	jw_init(j, out);
	j->depth = depth < JW_MAX_DEPTH - 1 ? depth : JW_MAX_DEPTH - 1;
	j->nonempty[j->depth] = nonempty != 0;
}

void jw_splice(struct jw *j, const char *text, size_t len)
{
	int d = j->depth < JW_MAX_DEPTH ? j->depth : JW_MAX_DEPTH - 1;
	fwrite(text, 1, len, j->out);
	if (len)
		j->nonempty[d] = 1;
}

static int inline_at(const struct jw *j)
{
	return j->inl[j->depth < JW_MAX_DEPTH ? j->depth : JW_MAX_DEPTH - 1];
}

static void indent(struct jw *j)
{
	static const char nl_spaces[] = "\n                                                                ";
	size_t n = 1 + 2 * (size_t)(j->depth > 0 ? j->depth : 0);
	if (n > sizeof(nl_spaces) - 1)
		n = sizeof(nl_spaces) - 1;
	fwrite(nl_spaces, 1, n, j->out);
}

/* Comma, newline, indentation and the key of the next value. */
static void member(struct jw *j, const char *key)
{
	if (j->depth > 0) {
		int d = j->depth < JW_MAX_DEPTH ? j->depth : JW_MAX_DEPTH - 1;
		if (j->nonempty[d])
			fputs(j->inl[d] ? ", " : ",", j->out);
		if (!j->inl[d])
			indent(j);
		j->nonempty[d] = 1;
	}
	if (key) {
		json_put_string(j->out, key);
		fputs(": ", j->out);
	}
}

static void begin(struct jw *j, const char *key, int c, int inl)
{
	member(j, key);
	putc(c, j->out);
	/* inside an inline container everything stays on the line */
	inl = inl || (j->depth > 0 && inline_at(j));
	j->depth++;
	if (j->depth < JW_MAX_DEPTH) {
		j->nonempty[j->depth] = 0;
		j->inl[j->depth] = (unsigned char)inl;
	}
}

static void finish(struct jw *j, int c)
{
	int d = j->depth < JW_MAX_DEPTH ? j->depth : JW_MAX_DEPTH - 1;
	int had = j->nonempty[d] && !j->inl[d];
	if (j->depth > 0)
		j->depth--;
	if (had)
		indent(j);
	putc(c, j->out);
	if (j->depth == 0)
		putc('\n', j->out);
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
		json_put_string(j->out, val);
	else
		fputs("null", j->out);
}

void jw_strn(struct jw *j, const char *key, const char *val, size_t len)
{
	member(j, key);
	json_put_stringn(j->out, val, len);
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
	fwrite(p, 1, (size_t)(buf + sizeof(buf) - p), j->out);
}

void jw_bool(struct jw *j, const char *key, int val)
{
	member(j, key);
	fputs(val ? "true" : "false", j->out);
}

void jw_raw(struct jw *j, const char *key, const char *json)
{
	member(j, key);
	fputs(json && *json ? json : "null", j->out);
}
