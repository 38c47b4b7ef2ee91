/*
 * df_lex - words of a Dockerfile instruction as BuildKit's lexers see them:
 * splitting on unquoted white space (parseWords), removing quotes and
 * escapes (the shell lexer's processWord), and variable expansion.
 */
#include "dockerfile.h"
#include "df_priv.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Nesting of ${V:-${W:-...}} defaults followed before giving up (text kept as written). */
#define DF_EXPAND_MAX_DEPTH 16

void df_toks_free(struct df_toks *t)
{
	if (t->v != t->stack)
		free(t->v);
	t->v = t->stack;
	t->n = 0;
	t->cap = DF_TOKS_STACK;
}

/* Append a token, moving off the stack once it is full. */
static void toks_push(struct df_toks *t, size_t start, size_t end)
{
	if (t->n == t->cap) {
		if (t->v == t->stack) {
			struct df_tok *v = xmalloc(2 * t->cap * sizeof(*v));
			memcpy(v, t->stack, t->n * sizeof(*v));
			t->v = v;
			t->cap *= 2;
		} else {
			GROW(t->v, t->cap, t->n + 1);
		}
	}
	t->v[t->n].start = start;
	t->v[t->n].end = end;
	t->n++;
}

/* The token starting at s[i] (not a space): returns where it ends. */
static size_t token_end(const char *s, size_t len, char esc, size_t i)
{
	char quote = 0;
	while (i < len) {
		char c = s[i];
		if (quote) {
			if (c == quote)
				quote = 0;
			else if (c == esc && quote != '\'' && i + 1 < len)
				i++;
		} else if (df_is_space((unsigned char)c)) {
			break;
		} else if (c == '\'' || c == '"') {
			quote = c;
		} else if (c == esc && i + 1 < len) {
			i++;
		}
		i++;
	}
	return i;
}

void df_split_words(const char *s, size_t len, char esc, struct df_toks *out)
{
	size_t i = 0;
	out->v = out->stack;
	out->n = 0;
	out->cap = DF_TOKS_STACK;
	while (i < len) {
		size_t start;
		while (i < len && df_is_space((unsigned char)s[i]))
			i++;
		if (i >= len)
			break;
		start = i;
		i = token_end(s, len, esc, i);
		toks_push(out, start, i);
	}
}

int df_first_word(const char *s, size_t len, char esc, struct df_tok *t)
{
	size_t i = 0;
	while (i < len && df_is_space((unsigned char)s[i]))
		i++;
	if (i >= len)
		return 0;
	t->start = i;
	t->end = token_end(s, len, esc, i);
	return 1;
}

static int name_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int name_char(int c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

struct expander {
	char esc;
	int quotes;             /* process quotes and escapes as a word (df_expand_word) */
	df_lookup_fn lookup;
	void *payload;
	int unresolved;
};

static void expand(struct expander *x, struct buf *out, const char *s, size_t len, int depth);

/* Index of the '}' closing a "${" whose body starts at s[i]; len when none. */
static size_t close_brace(const struct expander *x, const char *s, size_t len, size_t i)
{
	int depth = 1;
	while (i < len) {
		if (s[i] == x->esc && i + 1 < len) {
			i += 2;
			continue;
		}
		if (s[i] == '$' && i + 1 < len && s[i + 1] == '{') {
			depth++;
			i += 2;
			continue;
		}
		if (s[i] == '}' && --depth == 0)
			return i;
		i++;
	}
	return len;
}

static const char *lookup(struct expander *x, const char *name, size_t n)
{
	return x->lookup ? x->lookup(x->payload, name, n) : NULL;
}

/* ${NAME[op word]} starting at s[i] == '$'; returns the index after it. */
static size_t expand_braced(struct expander *x, struct buf *out, const char *s, size_t len,
		size_t i, int depth)
{
	size_t n = i + 2, ne, close;
	const char *v;
	char op = 0;
	int colon = 0;
	if (n >= len || !name_start((unsigned char)s[n])) {
		buf_putc(out, '$');     /* not a reference BuildKit would take: keep it */
		return i + 1;
	}
	while (n < len && name_char((unsigned char)s[n]))
		n++;
	ne = n;
	close = close_brace(x, s, len, i + 2);
	if (close >= len) {
		/* BuildKit rejects a missing '}'; keeping the rest as written also keeps this linear */
		buf_add(out, s + i, len - i);
		return len;
	}
	if (n < close && s[n] == ':' && n + 1 < close) {
		colon = 1;
		n++;
	}
	if (n < close)
		op = s[n++];
	v = lookup(x, s + i + 2, ne - (i + 2));
	if (op == '-' && (!v || (colon && !*v)))
		expand(x, out, s + n, close - n, depth + 1);
	else if (op == '+') {
		if (v && (!colon || *v))
			expand(x, out, s + n, close - n, depth + 1);
	} else if (v)
		buf_puts(out, v);
	else if (op != '-')
		x->unresolved = 1;
	return close + 1;
}

/* A reference at s[i] == '$'; returns the index after it. */
static size_t expand_ref(struct expander *x, struct buf *out, const char *s, size_t len,
		size_t i, int depth)
{
	size_t n;
	const char *v;
	if (i + 1 < len && s[i + 1] == '{')
		return expand_braced(x, out, s, len, i, depth);
	if (i + 1 >= len || !name_start((unsigned char)s[i + 1])) {
		buf_putc(out, '$');
		return i + 1;
	}
	for (n = i + 1; n < len && name_char((unsigned char)s[n]); n++)
		;
	v = lookup(x, s + i + 1, n - i - 1);
	if (v)
		buf_puts(out, v);
	else
		x->unresolved = 1;
	return n;
}

/* Inside "...": the escape only escapes '"', '$' and itself. Returns the index after the closing quote. */
static size_t expand_dquote(struct expander *x, struct buf *out, const char *s, size_t len,
		size_t i, int depth)
{
	while (i < len && s[i] != '"') {
		if (s[i] == x->esc && i + 1 < len &&
				(s[i + 1] == '"' || s[i + 1] == '$' || s[i + 1] == x->esc)) {
			buf_putc(out, s[i + 1]);
			i += 2;
		} else if (s[i] == '$' && x->lookup != NULL) {
			i = expand_ref(x, out, s, len, i, depth);
		} else {
			buf_putc(out, s[i++]);
		}
	}
	return i < len ? i + 1 : i;
}

static void expand(struct expander *x, struct buf *out, const char *s, size_t len, int depth)
{
	size_t i = 0;
	if (depth > DF_EXPAND_MAX_DEPTH) {
		buf_add(out, s, len);
		return;
	}
	while (i < len) {
		char c = s[i];
		if (c == x->esc && i + 1 < len && (x->quotes || s[i + 1] == '$')) {
			buf_putc(out, s[i + 1]);
			i += 2;
		} else if (c == x->esc && x->quotes) {
			i++;                    /* an escape at the end is dropped */
		} else if (x->quotes && c == '\'') {
			const char *q = memchr(s + i + 1, '\'', len - i - 1);
			size_t e = q ? (size_t)(q - s) : len;
			buf_add(out, s + i + 1, e - i - 1);
			i = q ? e + 1 : len;
		} else if (x->quotes && c == '"') {
			i = expand_dquote(x, out, s, len, i + 1, depth);
		} else if (c == '$' && x->lookup != NULL) {
			i = expand_ref(x, out, s, len, i, depth);
		} else {
			buf_putc(out, c);
			i++;
		}
	}
}

static char *run(const char *s, size_t len, char esc, int quotes, df_lookup_fn fn,
		void *payload, int *unresolved)
{
	struct expander x;
	struct buf out = BUF_INIT;
	size_t i;
	/* no '$', and (as a word) no quote or escape: the text is its own expansion */
	for (i = 0; s && i < len; i++)
		if (s[i] == '$' || (quotes && (s[i] == esc || s[i] == '\'' || s[i] == '"')))
			break;
	if (s && i == len) {
		if (unresolved)
			*unresolved = 0;
		return xstrndup(s, len);
	}
	x.esc = esc;
	x.quotes = quotes;
	x.lookup = fn;
	x.payload = payload;
	x.unresolved = 0;
	expand(&x, &out, s ? s : "", s ? len : 0, 0);
	if (unresolved)
		*unresolved = x.unresolved;
	return buf_detach(&out);
}

static const char *no_vars(void *payload, const char *name, size_t len)
{
	(void)payload;
	(void)name;
	(void)len;
	return NULL;
}

char *df_expand(const char *s, char escape, df_lookup_fn fn, void *payload, int *unresolved)
{
	return run(s, s ? strlen(s) : 0, escape, 0, fn ? fn : no_vars, payload, unresolved);
}

char *df_expand_word(const char *s, size_t len, char esc, df_lookup_fn fn,
		void *payload, int *unresolved)
{
	return run(s, len, esc, 1, fn ? fn : no_vars, payload, unresolved);
}

char *df_unquote(struct df_arena *a, const char *s, size_t len, char esc)
{
	struct buf out = BUF_INIT;
	struct expander x;
	char *r;
	size_t i;
	/* most words hold no quote and no escape: they are their own text */
	for (i = 0; i < len; i++)
		if (s[i] == esc || s[i] == '\'' || s[i] == '"')
			break;
	if (i == len)
		return df_arena_strndup(a, s, len);
	/* a NULL lookup leaves every $reference as written */
	x.esc = esc;
	x.quotes = 1;
	x.lookup = NULL;
	x.payload = NULL;
	x.unresolved = 0;
	expand(&x, &out, s, len, 0);
	r = df_arena_strndup(a, buf_str(&out), out.len);
	buf_free(&out);
	return r;
}
