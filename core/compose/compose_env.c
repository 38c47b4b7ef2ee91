/*
 * compose_env - the `.env` file beside a compose file and Compose's variable
 * interpolation. There is deliberately no process environment: an audit must
 * give the same answer on every machine.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "compose_priv.h"
#include "util.h"

const char *compose_env_get(const struct compose_env *e, const char *name, size_t len)
{
	for (size_t i = e->n; i-- > 0;)
		if (strlen(e->vars[i].name) == len && memcmp(e->vars[i].name, name, len) == 0)
			return e->vars[i].value;
	return NULL;
}

static void env_set(struct compose_env *e, char *name, char *value)
{
	struct compose_var v;
	if (e->n >= COMPOSE_ENV_MAX_VARS) {
		free(name);
		free(value);
		return;
	}
	v.name = name;
	v.value = value;
	PUSH(e->vars, e->n, e->cap, v);
}

void compose_env_free(struct compose_env *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->vars[i].name);
		free(e->vars[i].value);
	}
	free(e->vars);
	memset(e, 0, sizeof(*e));
}

static int is_name_start(int c) { return isalpha(c) || c == '_'; }
static int is_name_char(int c) { return isalnum(c) || c == '_'; }

/* A double-quoted value: backslash escapes, may span lines. *p is after the quote. */
static char *dquoted(const char **p, const char *end)
{
	struct buf b = BUF_INIT;
	const char *s = *p;
	for (; s < end && *s != '"'; s++) {
		if (*s == '\\' && s + 1 < end) {
			s++;
			buf_putc(&b, *s == 'n' ? '\n' : *s == 't' ? '\t' : *s == 'r' ? '\r' : *s);
		} else {
			buf_putc(&b, *s);
		}
	}
	*p = s < end ? s + 1 : s;
	return buf_detach(&b);
}

/* The value after '=': quoted, or up to the end of the line without a ` #` comment. */
static char *env_value(const struct compose_env *e, const char **p, const char *end, int raw_only)
{
	const char *s = *p, *v;
	char *raw;
	struct compose_interp r;
	if (s < end && *s == '\'') {
		const char *q = memchr(s + 1, '\'', (size_t)(end - s - 1));
		raw = xstrndup(s + 1, (size_t)((q ? q : end) - s - 1));
		*p = q ? q + 1 : end;
		return raw;
	}
	if (s < end && *s == '"') {
		s++;
		raw = dquoted(&s, end);
		*p = s;
	} else {
		for (v = s; v < end && *v != '\n' && !(*v == '#' && v > s && isspace((unsigned char)v[-1])); v++)
			;
		*p = v;
		while (v > s && isspace((unsigned char)v[-1]))
			v--;
		raw = xstrndup(s, (size_t)(v - s));
	}
	if (raw_only)
		return raw;
	compose_interp(e, raw, &r);
	free(raw);
	raw = r.value;
	r.value = NULL;
	compose_interp_free(&r);
	return raw;
}

static void env_parse(struct compose_env *e, const char *s, const char *end, int raw_only)
{
	while (s < end) {
		const char *name;
		while (s < end && isspace((unsigned char)*s))
			s++;
		if (s + 7 <= end && memcmp(s, "export ", 7) == 0)
			s += 7;
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		name = s;
		while (s < end && (is_name_char((unsigned char)*s) || *s == '.' || *s == '-'))
			s++;
		if (s > name) {
			const char *n_end = s;
			while (s < end && (*s == ' ' || *s == '\t'))
				s++;
			if (s < end && *s == '=') {
				char *nm = xstrndup(name, (size_t)(n_end - name));
				s++;
				while (s < end && (*s == ' ' || *s == '\t'))
					s++;
				env_set(e, nm, env_value(e, &s, end, raw_only));
			}
		}
		while (s < end && *s != '\n')       /* rest of the line (comments, junk) */
			s++;
	}
}

void compose_env_load(struct compose_env *e, const struct fsview *fs, const char *compose_path)
{
	char *dir = str_dirname(compose_path ? compose_path : ""), *path, *data = NULL;
	size_t len = 0;
	memset(e, 0, sizeof(*e));
	path = *dir ? xasprintf("%s/.env", dir) : xstrdup(".env");
	/* a read that fails is a missing .env: no stat first (one lookup, not two) */
	if (fs_read(fs, path, &data, &len) == 0) {
		env_parse(e, data, data + len, 0);
		free(data);
	}
	free(path);
	free(dir);
}

void compose_env_parse_raw(struct compose_env *e, const char *data, size_t len)
{
	memset(e, 0, sizeof(*e));
	env_parse(e, data, data + len, 1);
}

/* ---- interpolation ---- */

struct interp {
	const struct compose_env *e;
	struct compose_interp *out;
};

static void interp_run(struct interp *st, const char *s, size_t len, struct buf *b, int depth);

/* Index of the '}' closing the "${" at s[0], or len when unterminated. */
static size_t closing(const char *s, size_t len)
{
	int open = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '$' && i + 1 < len && s[i + 1] == '{') {
			open++;
			i++;
		} else if (s[i] == '}' && --open == 0) {
			return i;
		}
	}
	return len;
}

static void use_value(struct interp *st, const char *v, struct buf *b)
{
	buf_puts(b, v);
	st->out->from_env = 1;
}

static void note_default(struct interp *st, const char *d, size_t len)
{
	if (len == 0 || memchr(d, '$', len))
		return;
	st->out->literal_default = 1;
	if (!st->out->default_text)
		st->out->default_text = xstrndup(d, len);
}

/* "${...}" with `in` the text between the braces. */
static void braced(struct interp *st, const char *in, size_t len, struct buf *b, int depth)
{
	size_t n = 0;
	const char *v, *op, *arg;
	size_t oplen = 0, arglen;
	int colon, set, nonempty;
	while (n < len && (n ? is_name_char((unsigned char)in[n]) : is_name_start((unsigned char)in[n])))
		n++;
	op = in + n;
	colon = n < len && *op == ':';
	if (n < len)
		oplen = colon ? 2 : 1;
	if (n == 0 || (n < len && (n + oplen > len || !strchr("-?+", op[oplen - 1])))) {
		st->out->unresolved = 1;
		return;
	}
	arg = op + oplen;
	arglen = len - n - oplen;
	v = compose_env_get(st->e, in, n);
	set = v != NULL;
	nonempty = set && *v;
	if (oplen == 0) {
		if (set)
			use_value(st, v, b);
		else
			st->out->unresolved = 1;
		return;
	}
	switch (op[oplen - 1]) {
	case '-':
		note_default(st, arg, arglen);
		if (colon ? nonempty : set)
			use_value(st, v, b);
		else
			interp_run(st, arg, arglen, b, depth + 1);
		break;
	case '?':
		if (colon ? nonempty : set)
			use_value(st, v, b);
		else
			st->out->unresolved = 1;
		break;
	default:        /* '+' */
		if (colon ? nonempty : set)
			interp_run(st, arg, arglen, b, depth + 1);
		break;
	}
}

static void interp_run(struct interp *st, const char *s, size_t len, struct buf *b, int depth)
{
	if (depth > COMPOSE_INTERP_DEPTH) {
		st->out->unresolved = 1;
		return;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '$' || i + 1 >= len) {
			buf_putc(b, s[i]);
		} else if (s[i + 1] == '$') {
			buf_putc(b, '$');
			i++;
		} else if (s[i + 1] == '{') {
			size_t j = i + closing(s + i, len - i);
			st->out->vars++;
			if (j >= len) {
				st->out->unresolved = 1;
				return;
			}
			braced(st, s + i + 2, j - i - 2, b, depth);
			i = j;
		} else if (is_name_start((unsigned char)s[i + 1])) {
			size_t j = i + 1;
			while (j < len && is_name_char((unsigned char)s[j]))
				j++;
			st->out->vars++;
			braced(st, s + i + 1, j - i - 1, b, depth);
			i = j - 1;
		} else {
			buf_putc(b, '$');
		}
	}
}

void compose_interp(const struct compose_env *e, const char *s, struct compose_interp *out)
{
	struct interp st;
	struct buf b = BUF_INIT;
	memset(out, 0, sizeof(*out));
	st.e = e;
	st.out = out;
	interp_run(&st, s ? s : "", s ? strlen(s) : 0, &b, 0);
	out->value = buf_detach(&b);
}

void compose_interp_free(struct compose_interp *r)
{
	free(r->value);
	free(r->default_text);
	memset(r, 0, sizeof(*r));
}
