/*
 * sh_lex - the word level of the shell splitter: quotes ('', "", $''),
 * backslash escapes and line joins, $( ) / backtick substitutions (parsed
 * as scripts one level deeper), ${ } kept as written, redirections and
 * here-document bodies skipped.
 */
#include "sh_priv.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Room for n more bytes in the word being scanned (its buffer is in the arena). */
static inline void room(struct sh_text *b, size_t n)
{
	if (b->cap - b->len < n)
		AGROW(b->mem, b->ptr, b->cap, b->len + n);
}

static inline void put(struct sh_text *b, char c)
{
	room(b, 1);
	b->ptr[b->len++] = c;
}

static void add(struct sh_text *b, const char *s, size_t n)
{
	room(b, n);
	if (n)
		memcpy(b->ptr + b->len, s, n);
	b->len += n;
}

static size_t skip_squote(const char *s, size_t len, size_t i)
{
	const char *q = i < len ? memchr(s + i, '\'', len - i) : NULL;
	return q ? (size_t)(q - s) + 1 : len;
}

static size_t skip_dquote(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] != '"')
		i += s[i] == '\\' ? 2 : 1;
	return i < len ? i + 1 : len;
}

/* Index of the ')' matching an opening one just before s[i]; len when none. */
static size_t match_paren(const char *s, size_t len, size_t i)
{
	int depth = 1;
	while (i < len) {
		char c = s[i];
		if (c == '\\')
			i += 2;
		else if (c == '\'')
			i = skip_squote(s, len, i + 1);
		else if (c == '"')
			i = skip_dquote(s, len, i + 1);
		else if (c == '(' && ++depth)
			i++;
		else if (c == ')' && --depth == 0)
			return i;
		else
			i++;
	}
	return len;
}

static size_t match_backtick(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] != '`')
		i += s[i] == '\\' ? 2 : 1;
	return i < len ? i : len;
}

static void descend(struct sh_parser *p, size_t start, size_t end)
{
	struct sh_parser q = *p;
	if (p->depth + 1 > SH_MAX_DEPTH || end <= start)
		return;
	q.s = p->s + start;
	q.len = end - start;
	q.base = p->base + start;
	q.depth = p->depth + 1;
	sh_run(&q);
}

/* $( ... ) or $(( ... )) at s[i]; the text is kept as written. */
static size_t subst(struct sh_parser *p, size_t i, struct sh_text *b)
{
	size_t j = match_paren(p->s, p->len, i + 2);
	size_t end = j < p->len ? j + 1 : p->len;
	if (!(i + 2 < p->len && p->s[i + 2] == '('))
		descend(p, i + 2, j);
	add(b, p->s + i, end - i);
	return end;
}

static size_t backtick(struct sh_parser *p, size_t i, struct sh_text *b)
{
	size_t j = match_backtick(p->s, p->len, i + 1);
	size_t end = j < p->len ? j + 1 : p->len;
	descend(p, i + 1, j);
	add(b, p->s + i, end - i);
	return end;
}

static size_t braced(const struct sh_parser *p, size_t i, struct sh_text *b)
{
	size_t j = i + 2;
	int depth = 1;
	while (j < p->len && depth > 0) {
		if (p->s[j] == '{')
			depth++;
		else if (p->s[j] == '}')
			depth--;
		j++;
	}
	add(b, p->s + i, j - i);
	return j;
}

static size_t dquote(struct sh_parser *p, size_t i, struct sh_text *b)
{
	const char *s = p->s;
	while (i < p->len && s[i] != '"') {
		if (s[i] == '\\' && i + 1 < p->len && strchr("$`\"\\\n", s[i + 1])) {
			if (s[i + 1] != '\n')
				put(b, s[i + 1]);
			i += 2;
		} else if (s[i] == '$' && i + 1 < p->len && s[i + 1] == '(') {
			i = subst(p, i, b);
		} else if (s[i] == '$' && i + 1 < p->len && s[i + 1] == '{') {
			i = braced(p, i, b);
		} else if (s[i] == '`') {
			i = backtick(p, i, b);
		} else {
			put(b, s[i++]);
		}
	}
	return i < p->len ? i + 1 : p->len;
}

/* $'...': ANSI-C quoting, the common escapes only. */
static size_t ansi_quote(const struct sh_parser *p, size_t i, struct sh_text *b)
{
	static const char from[] = "ntr\\'\"", to[] = "\n\t\r\\'\"";
	while (i < p->len && p->s[i] != '\'') {
		const char *k = i + 1 < p->len && p->s[i] == '\\' && p->s[i + 1] ?
			strchr(from, p->s[i + 1]) : NULL;
		if (k) {
			put(b, to[k - from]);
			i += 2;
		} else {
			put(b, p->s[i++]);
		}
	}
	return i < p->len ? i + 1 : p->len;
}

/* One character or quoted part of a word at s[i]; returns the next index. */
static size_t word_part(struct sh_parser *p, size_t i, struct sh_text *b, int *quoted)
{
	const char *s = p->s;
	char c = s[i], n = i + 1 < p->len ? s[i + 1] : '\0';
	if (c == '\\') {
		if (i + 1 < p->len)
			put(b, n);
		*quoted = 1;
		return i + 2 <= p->len ? i + 2 : p->len;
	}
	if (c == '\'') {
		const char *q = i + 1 < p->len ? memchr(s + i + 1, '\'', p->len - i - 1) : NULL;
		size_t e = q ? (size_t)(q - s) : p->len;
		add(b, s + i + 1, e - i - 1);
		*quoted = 1;
		return q ? e + 1 : p->len;
	}
	if (c == '"')
		return *quoted = 1, dquote(p, i + 1, b);
	if (c == '$' && n == '\'')
		return *quoted = 1, ansi_quote(p, i + 2, b);
	if (c == '$' && n == '(')
		return subst(p, i, b);
	if (c == '$' && n == '{')
		return braced(p, i, b);
	if (c == '`')
		return backtick(p, i, b);
	put(b, c);
	return i + 1;
}

/*
 * A byte that stands for itself in a word: not a quote, an escape, a
 * substitution, a blank or a metacharacter. Runs of them are copied at once.
 */
static inline int plain(unsigned char c)
{
	switch (c) {
	case '\\': case '\'': case '"': case '$': case '`':
	case ' ': case '\t': case '\r': case '\v': case '\f':
	case ';': case '&': case '|': case '<': case '>': case '(': case ')': case '\n':
		return 0;
	default:
		return 1;
	}
}
size_t sh_scan_word(struct sh_parser *p, size_t i, struct sh_word *w)
{
	/* one buffer per depth: a $( ) inside the word scans its own words one level deeper */
	struct sh_text *b = &p->scratch[p->depth < SH_MAX_DEPTH ? p->depth : SH_MAX_DEPTH];
	int quoted = 0;
	b->len = 0;
	w->start = p->base + i;
	for (;;) {
		size_t j = i;
		while (j < p->len && plain((unsigned char)p->s[j]))
			j++;
		if (j > i) {
			add(b, p->s + i, j - i);
			i = j;
		}
		i = sh_skip_joins(p->s, p->len, i);
		if (i >= p->len || sh_is_blank((unsigned char)p->s[i]) || sh_is_meta((unsigned char)p->s[i]))
			break;
		i = word_part(p, i, b, &quoted);
	}
	w->end = p->base + i;
	w->text = df_arena_strndup(p->mem, b->ptr ? b->ptr : "", b->len);
	w->quoted = quoted;
	return i;
}

size_t sh_redirect_op(const char *s, size_t len, size_t i, int *heredoc, int *strip)
{
	size_t j = i;
	*heredoc = *strip = 0;
	while (j < len && s[j] >= '0' && s[j] <= '9')
		j++;
	if (j == i && j + 1 < len && s[j] == '&' && s[j + 1] == '>')
		j++;
	if (j < len && s[j] == '>') {
		j++;
		if (j < len && (s[j] == '>' || s[j] == '|' || s[j] == '&'))
			j++;
		return j - i;
	}
	if (j >= len || s[j] != '<')
		return 0;
	j++;
	if (j < len && s[j] == '<') {
		j++;
		if (j < len && s[j] == '<')
			return j + 1 - i;       /* <<< here-string: one word follows */
		*heredoc = 1;
		if (j < len && s[j] == '-') {
			*strip = 1;
			j++;
		}
	} else if (j < len && (s[j] == '&' || s[j] == '>')) {
		j++;
	}
	return j - i;
}

size_t sh_skip_heredoc(const char *s, size_t len, size_t i, const char *delim, int strip)
{
	size_t dl = strlen(delim);
	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - s) : len, l = i;
		size_t next = nl ? e + 1 : len;
		if (e > i && s[e - 1] == '\r')
			e--;
		if (strip)
			while (l < e && s[l] == '\t')
				l++;
		if (e - l == dl && memcmp(s + l, delim, dl) == 0)
			return next;
		i = next;
	}
	return len;
}
