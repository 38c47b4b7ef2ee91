/*
 * df_json - exec form: a JSON array of strings, read the way Go's
 * encoding/json reads it for BuildKit (white space is space, tab, CR, LF;
 * escapes incl. \uXXXX and surrogate pairs; nothing may follow the ']').
 * With allow_single, strings may also be single-quoted, to recognise the
 * common mistake CMD ['a', 'b'] (which Docker runs as a shell command).
 */
#include "df_priv.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct jp {
	const char *s;
	size_t len, i;
	int allow_single, used_single;
};

static void ws(struct jp *p)
{
	while (p->i < p->len && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
			p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
}

static int hex4(struct jp *p, unsigned *out)
{
	unsigned v = 0;
	size_t k;
	if (p->len - p->i < 4)
		return -1;
	for (k = 0; k < 4; k++) {
		char c = p->s[p->i + k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if ((c | 32) >= 'a' && (c | 32) <= 'f')
			v |= (unsigned)((c | 32) - 'a' + 10);
		else
			return -1;
	}
	p->i += 4;
	*out = v;
	return 0;
}

/* Decoded bytes go to o[*n]: never more than the escapes and characters they come from. */
static void put_utf8(char *o, size_t *n, unsigned cp)
{
	if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = 0xFFFD;            /* Go substitutes lone surrogates; NUL would cut the C string */
	if (cp < 0x80) {
		o[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		o[(*n)++] = (char)(0xC0 | (cp >> 6));
		o[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		o[(*n)++] = (char)(0xE0 | (cp >> 12));
		o[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[(*n)++] = (char)(0x80 | (cp & 0x3F));
	} else {
		o[(*n)++] = (char)(0xF0 | (cp >> 18));
		o[(*n)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
		o[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[(*n)++] = (char)(0x80 | (cp & 0x3F));
	}
}

static int unicode_escape(struct jp *p, char *o, size_t *n)
{
	unsigned cp, lo;
	if (hex4(p, &cp) < 0)
		return -1;
	if (cp >= 0xD800 && cp < 0xDC00 && p->len - p->i >= 6 &&
			p->s[p->i] == '\\' && p->s[p->i + 1] == 'u') {
		size_t save = p->i;
		p->i += 2;
		if (hex4(p, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF)
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		else
			p->i = save;
	}
	put_utf8(o, n, cp);
	return 0;
}

static int escape(struct jp *p, char *o, size_t *n)
{
	static const char from[] = "\"\\/bfnrt'", to[] = "\"\\/\b\f\n\r\t'";
	const char *k;
	char c;
	if (p->i >= p->len)
		return -1;
	c = p->s[p->i++];
	if (c == 'u')
		return unicode_escape(p, o, n);
	k = c ? strchr(from, c) : NULL;
	if (!k || (c == '\'' && !p->allow_single))
		return -1;
	o[(*n)++] = to[k - from];
	return 0;
}

/*
 * A string from its opening quote, decoded into the arena. Its extent is
 * found first (an escape covers the next byte; \uXXXX never holds a
 * quote), so the decoded text, never longer, fits what it came from.
 */
static int string(struct jp *p, struct df_arena *a, char **out)
{
	char q = p->s[p->i++], *o;
	size_t end = p->i, n = 0;
	if (q == '\'')
		p->used_single = 1;
	while (end < p->len && p->s[end] != q)
		end += p->s[end] == '\\' ? 2 : 1;
	if (end >= p->len)
		return -1;
	o = df_arena_alloc(a, end - p->i + 1);
	while (p->i < end) {
		unsigned char c = (unsigned char)p->s[p->i++];
		if (c < 0x20)
			return -1;
		if (c != '\\')
			o[n++] = (char)c;
		else if (escape(p, o, &n) < 0)
			return -1;
	}
	if (p->i != end)
		return -1;
	p->i++;
	o[n] = '\0';
	*out = o;
	return 0;
}

int df_json_array(struct df_arena *a, const char *s, size_t len, int allow_single, char ***argv,
		size_t *argc, struct df_toks *toks, int *used_single)
{
	struct jp p = { s, len, 0, allow_single, 0 };
	char **v = NULL;
	size_t n = 0, cap = 0;
	*argv = NULL;
	*argc = 0;
	if (toks) {
		toks->v = toks->stack;
		toks->n = 0;
		toks->cap = DF_TOKS_STACK;
	}
	ws(&p);
	if (p.i >= len || s[p.i++] != '[')
		return -1;
	ws(&p);
	if (p.i < len && s[p.i] == ']') {
		p.i++;
		goto end;
	}
	for (;;) {
		size_t start;
		char *str;
		ws(&p);
		if (p.i >= len || !(s[p.i] == '"' || (allow_single && s[p.i] == '\'')))
			goto fail;
		start = p.i;
		if (string(&p, a, &str) < 0)
			goto fail;
		APUSH(a, v, n, cap, str);
		if (toks) {
			if (toks->n == toks->cap) {
				if (toks->v == toks->stack) {
					struct df_tok *tv = xmalloc(2 * toks->cap * sizeof(*tv));
					memcpy(tv, toks->stack, toks->n * sizeof(*tv));
					toks->v = tv;
					toks->cap *= 2;
				} else {
					GROW(toks->v, toks->cap, toks->n + 1);
				}
			}
			toks->v[toks->n].start = start;
			toks->v[toks->n].end = p.i;
			toks->n++;
		}
		ws(&p);
		if (p.i < len && s[p.i] == ',') {
			p.i++;
			continue;
		}
		if (p.i < len && s[p.i] == ']') {
			p.i++;
			break;
		}
		goto fail;
	}
end:
	ws(&p);
	if (p.i != len)
		goto fail;
	*argv = v ? v : df_arena_calloc(a, 1, sizeof(char *));
	*argc = n;
	if (used_single)
		*used_single = p.used_single;
	return 0;
fail:
	if (toks)
		df_toks_free(toks);
	return -1;
}
