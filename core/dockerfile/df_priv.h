/*
 * df_priv - what the df_*.c files of the Dockerfile parser share with
 * each other. Not a public API: checks use dockerfile.h only.
 *
 * The reader (dockerfile.c) joins the physical lines of one instruction into
 * a "logical line" (struct df_line) whose every byte remembers its offset in
 * the original data; df_instr.c turns a logical line into a struct df_instr;
 * df_lex.c splits and unquotes words; df_json.c reads exec forms;
 * df_stage.c builds the stages and the file-level problems.
 */
#ifndef BERTH_DF_PRIV_H
#define BERTH_DF_PRIV_H

#include <stddef.h>
#include "df_arena.h"
#include "dockerfile.h"

/* Logical line: text[i] came from original offset map[i]; map[len] is the end offset. */
struct df_line {
	char *text;
	size_t *map;
	size_t len, cap;
	struct df_arena *mem;   /* where text and map live (they are never freed alone) */
};

/* A token of a logical line: [start, end) indices into its text. */
struct df_tok { size_t start, end; };

/* Tokens of one split: on the stack while they are few (df_toks_free releases the rest). */
#define DF_TOKS_STACK 32
struct df_toks {
	struct df_tok *v;
	size_t n, cap;
	struct df_tok stack[DF_TOKS_STACK];
};
void df_toks_free(struct df_toks *t);

/* dockerfile.c */
void df_problem_add(struct df_file *f, const char *rule, struct df_span span,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* df_instr.c: fill `in` from logical text s[0..len) (starting at the keyword). */
void df_instr_build(struct df_file *f, struct df_instr *in, const char *s,
		const size_t *map, size_t len, int depth);
/* The instruction that reads heredocs: `in`, the one ONBUILD wraps, or NULL. */
struct df_instr *df_instr_heredoc_owner(struct df_instr *in);
/* Heredoc markers of an instruction's args, in order (names etc. filled, bodies not). */
void df_heredoc_markers(struct df_file *f, struct df_instr *in);

/* df_pairs.c: ENV/ARG/LABEL pairs of in->args; `whole` is the span for problems. */
void df_pairs_parse(struct df_file *f, struct df_instr *in, struct df_span whole);

/* df_lex.c */
static inline int df_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}
/* Split on unquoted white space the way BuildKit's parseWords does (quotes kept in tokens); t->n of them. */
void df_split_words(const char *s, size_t len, char esc, struct df_toks *t);
/* The first of those words; 0 when there is none. */
int df_first_word(const char *s, size_t len, char esc, struct df_tok *t);
/* Remove quotes and process escapes as BuildKit's word lexer does (no variable expansion); in the arena. */
char *df_unquote(struct df_arena *a, const char *s, size_t len, char esc);
/* Like df_expand but quote-aware, for a raw word (FROM image). */
char *df_expand_word(const char *s, size_t len, char esc, df_lookup_fn lookup,
		void *payload, int *unresolved);

/*
 * df_json.c: parse s[0..len) as a JSON array of strings (argv and its strings
 * in the arena, toks when not NULL). 0 ok, -1 not valid (*argv NULL).
 */
int df_json_array(struct df_arena *a, const char *s, size_t len, int allow_single, char ***argv,
		size_t *argc, struct df_toks *toks, int *used_single);

/* df_stage.c: stages, parent links, resolved images and the file-level problems. */
void df_stages_build(struct df_file *f);
/* The first stage named `name` (case-insensitive) in the index, -1 when none. */
int df_names_first(const struct df_names *ix, const char *name);

#endif
