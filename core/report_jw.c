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

static void indent(struct jw *j)
{
	putc('\n', j->out);
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->out);
}

/* Comma, newline, indentation and the key of the next value. */
static void member(struct jw *j, const char *key)
{
	if (j->depth > 0) {
		int d = j->depth < JW_MAX_DEPTH ? j->depth : JW_MAX_DEPTH - 1;
		if (j->nonempty[d])
			putc(',', j->out);
		j->nonempty[d] = 1;
		indent(j);
	}
	if (key) {
		json_put_string(j->out, key);
		fputs(": ", j->out);
	}
}

static void begin(struct jw *j, const char *key, int c)
{
	member(j, key);
	putc(c, j->out);
	j->depth++;
	if (j->depth < JW_MAX_DEPTH)
		j->nonempty[j->depth] = 0;
}

static void finish(struct jw *j, int c)
{
	int d = j->depth < JW_MAX_DEPTH ? j->depth : JW_MAX_DEPTH - 1;
	int had = j->nonempty[d];
	if (j->depth > 0)
		j->depth--;
	if (had)
		indent(j);
	putc(c, j->out);
	if (j->depth == 0)
		putc('\n', j->out);
}

void jw_obj(struct jw *j, const char *key) { begin(j, key, '{'); }
void jw_arr(struct jw *j, const char *key) { begin(j, key, '['); }
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
	member(j, key);
	fprintf(j->out, "%lld", val);
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
