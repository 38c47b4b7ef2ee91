/*
 * sh_priv - what shell.c (the command splitter) and sh_lex.c (words,
 * quotes, substitutions, redirections) share. Not a public API.
 */
#ifndef BERTH_SH_PRIV_H
#define BERTH_SH_PRIV_H

#include <stddef.h>
#include "df_arena.h"
#include "shell.h"
#include "util.h"

/* How deep sh -c, $( ), backticks and wrappers (exec, sudo, env) are followed. */
#define SH_MAX_DEPTH 8

struct sh_parser {
	const char *s;
	size_t len;
	size_t base;            /* offset of s[0] in the text given to sh_parse */
	int depth;
	struct sh_script *out;
	size_t *cap;            /* capacity of out->cmds */
	struct df_arena *mem;   /* where commands, words and their texts go */
	struct sh_text *scratch;        /* SH_MAX_DEPTH + 1 buffers: the word being scanned at each depth */
};

/* The text of the word being scanned, in the arena (one word per depth is ever being scanned). */
struct sh_text {
	char *ptr;
	size_t len, cap;
	struct df_arena *mem;
};

/* Parse p->s as a script, appending commands to p->out (recursive for substitutions). */
void sh_run(struct sh_parser *p);

static inline int sh_is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* 1 when s[i] starts an operator or ends a word: ; & | < > ( ) newline. */
static inline int sh_is_meta(int c)
{
	return c == ';' || c == '&' || c == '|' || c == '<' || c == '>' ||
		c == '(' || c == ')' || c == '\n';
}

/* Skip a backslash-newline pair at s[i] (line joining); returns the new index. */
static inline size_t sh_skip_joins(const char *s, size_t len, size_t i)
{
	for (;;) {
		if (i + 1 < len && s[i] == '\\' && s[i + 1] == '\n')
			i += 2;
		else if (i + 2 < len && s[i] == '\\' && s[i + 1] == '\r' && s[i + 2] == '\n')
			i += 3;
		else
			return i;
	}
}
/*
 * Scan the word at s[i] into `w` (quotes removed, escapes processed,
 * substitutions kept as written but parsed into p->out at depth+1).
 * Returns the index after the word.
 */
size_t sh_scan_word(struct sh_parser *p, size_t i, struct sh_word *w);
/* A redirection at s[i] ("2>&1", ">>", "<<-EOF"...): length of its operator, 0 when none. */
size_t sh_redirect_op(const char *s, size_t len, size_t i, int *heredoc, int *strip);
/* The index after the line that ends heredoc `delim` (starting at line start i). */
size_t sh_skip_heredoc(const char *s, size_t len, size_t i, const char *delim, int strip);

#endif
