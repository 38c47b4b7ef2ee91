/*
 * df_json - exec form: a JSON array of strings, read the way Go's
 * encoding/json reads it for BuildKit (white space is space, tab, CR, LF;
 * escapes incl. \uXXXX and surrogate pairs; nothing may follow the ']').
 * With allow_single, strings may also be single-quoted, to recognise the
 * common mistake CMD ['a', 'b'] (which Docker runs as a shell command).
 */
#include "df_internal.h"
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

static void put_utf8(struct buf *b, unsigned cp)
{
	if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = 0xFFFD;            /* Go substitutes lone surrogates; NUL would cut the C string */
	if (cp < 0x80) {
		buf_putc(b, (int)cp);
	} else if (cp < 0x800) {
		buf_putc(b, (int)(0xC0 | (cp >> 6)));
		buf_putc(b, (int)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		buf_putc(b, (int)(0xE0 | (cp >> 12)));
		buf_putc(b, (int)(0x80 | ((cp >> 6) & 0x3F)));
		buf_putc(b, (int)(0x80 | (cp & 0x3F)));
	} else {
		buf_putc(b, (int)(0xF0 | (cp >> 18)));
		buf_putc(b, (int)(0x80 | ((cp >> 12) & 0x3F)));
		buf_putc(b, (int)(0x80 | ((cp >> 6) & 0x3F)));
		buf_putc(b, (int)(0x80 | (cp & 0x3F)));
	}
}

static int unicode_escape(struct jp *p, struct buf *b)
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
	put_utf8(b, cp);
	return 0;
}

static int escape(struct jp *p, struct buf *b)
{
	static const char from[] = "\"\\/bfnrt'", to[] = "\"\\/\b\f\n\r\t'";
	const char *k;
	char c;
	if (p->i >= p->len)
		return -1;
	c = p->s[p->i++];
	if (c == 'u')
		return unicode_escape(p, b);
	k = c ? strchr(from, c) : NULL;
	if (!k || (c == '\'' && !p->allow_single))
		return -1;
	buf_putc(b, to[k - from]);
	return 0;
}

static int string(struct jp *p, char **out)
{
	struct buf b = BUF_INIT;
	char q = p->s[p->i++];
	if (q == '\'')
		p->used_single = 1;
	while (p->i < p->len && p->s[p->i] != q) {
		unsigned char c = (unsigned char)p->s[p->i++];
		if (c < 0x20 || (c == '\\' && escape(p, &b) < 0)) {
			buf_free(&b);
			return -1;
		}
		if (c != '\\')
			buf_putc(&b, c);
	}
	if (p->i >= p->len) {
		buf_free(&b);
		return -1;
	}
	p->i++;
	*out = buf_detach(&b);
	return 0;
}

static void free_argv(char **argv, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(argv[i]);
	free(argv);
}

int df_json_array(const char *s, size_t len, int allow_single, char ***argv,
		size_t *argc, struct df_tok **toks, int *used_single)
{
	struct jp p = { s, len, 0, allow_single, 0 };
	char **v = NULL;
	struct df_tok *t = NULL;
	size_t n = 0, cap = 0, tn = 0, tcap = 0;
	*argv = NULL;
	*argc = 0;
	if (toks)
		*toks = NULL;
	ws(&p);
	if (p.i >= len || s[p.i++] != '[')
		return -1;
	ws(&p);
	if (p.i < len && s[p.i] == ']') {
		p.i++;
		goto end;
	}
	for (;;) {
		struct df_tok tk;
		char *str;
		ws(&p);
		if (p.i >= len || !(s[p.i] == '"' || (allow_single && s[p.i] == '\'')))
			goto fail;
		tk.start = p.i;
		if (string(&p, &str) < 0)
			goto fail;
		tk.end = p.i;
		PUSH(v, n, cap, str);
		if (toks)
			PUSH(t, tn, tcap, tk);
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
	*argv = v ? v : xcalloc(1, sizeof(char *));
	*argc = n;
	if (toks)
		*toks = t;
	if (used_single)
		*used_single = p.used_single;
	return 0;
fail:
	free_argv(v, n);
	free(t);
	*argv = NULL;
	*argc = 0;
	return -1;
}
