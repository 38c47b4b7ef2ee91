/*
 * dockerfile - a Dockerfile parser that keeps the byte offset of every token,
 * so that checks can point at exact spans and fixes can edit the original
 * bytes. It follows BuildKit's frontend: parser directives only at the top,
 * the escape character, continuations with comment and blank lines inside,
 * heredocs, exec (JSON) versus shell form, flags, stages.
 *
 * df_parse() never fails on content: whatever is wrong becomes a
 * struct df_problem (reported as corr.parse findings). It borrows `data`,
 * which must outlive the struct df_file; every other pointer inside is owned
 * by the df_file and released by df_free(). They all come from one arena
 * (df_arena.h): never free() or realloc() one of them alone, and expect two
 * fields to share a string (a FROM word and its stage's image, a JSON
 * element and its word).
 *
 * Offsets are byte offsets into the original `data` (BOM and CR included);
 * a span is [start, end).
 */
#ifndef BERTH_DOCKERFILE_H
#define BERTH_DOCKERFILE_H

#include <stddef.h>
#include "text.h"

enum df_kind {
	DF_ADD, DF_ARG, DF_CMD, DF_COPY, DF_ENTRYPOINT, DF_ENV, DF_EXPOSE, DF_FROM,
	DF_HEALTHCHECK, DF_LABEL, DF_MAINTAINER, DF_ONBUILD, DF_RUN, DF_SHELL,
	DF_STOPSIGNAL, DF_USER, DF_VOLUME, DF_WORKDIR, DF_UNKNOWN
};

struct df_span { size_t start, end; };
struct df_names;
struct df_arena;

struct df_kv { char *key; char *value; };       /* value NULL for a bare key */

struct df_flag {
	char *name;             /* without the dashes: "mount", "from", "chown" */
	char *value;            /* text after '=' (quotes removed), NULL when there is none */
	struct df_span span;    /* "--name=value" in the original bytes */
	struct df_kv *kv;       /* value split on ',' then '=' (type=cache,target=/x) */
	size_t nkv;
};

struct df_word {
	char *text;             /* quotes removed, escapes processed, variables NOT expanded */
	struct df_span span;    /* in the original bytes, quotes included */
};

struct df_pair {                /* ENV, ARG, LABEL: key[=value] */
	char *key;
	char *value;            /* unquoted; NULL when absent (ARG NAME, legacy ENV KEY VALUE has one) */
	struct df_span span, key_span, value_span;
};

struct df_heredoc {
	char *delim;            /* "EOF" */
	int strip_tabs;         /* <<-EOF */
	int quoted;             /* <<"EOF" or <<'EOF': no expansion inside */
	char *body;             /* the content lines (leading tabs removed for <<-), '\n' separated */
	size_t *body_map;       /* body_map[i]: original offset of body[i]; body_map[strlen(body)] = body_span.end */
	struct df_span body_span;   /* body lines in the original bytes, terminator excluded */
	struct df_span span;        /* from the "<<EOF" marker's line end through the terminator line */
	struct df_span marker;      /* the "<<EOF" word in the instruction line */
};

struct df_instr {
	enum df_kind kind;
	char *keyword;          /* as written, upper-cased ("RUN") */
	struct df_span span;    /* keyword .. end of last line (heredocs included), no trailing newline or blanks */
	struct df_span kw_span;
	int line, end_line;     /* 1-based, of span */
	struct df_flag *flags;  /* leading --flags, in order */
	size_t nflags;
	/*
	 * The arguments after the flags as Docker sees them: continuation escapes
	 * and newlines removed, comment lines inside continuations dropped,
	 * heredoc bodies not included. args_map[i] is the original offset of
	 * args[i]; args_map[strlen(args)] is the end offset.
	 */
	char *args;
	size_t *args_map;
	struct df_span args_span;
	int json;               /* exec form: args is a valid JSON array of strings */
	char **argv;            /* exec form elements (CMD, ENTRYPOINT, RUN, SHELL, COPY, ADD, VOLUME, HEALTHCHECK CMD);
	                           \u0000 becomes U+FFFD so that every element is a whole C string */
	size_t argc;
	struct df_word *words;  /* args split on unquoted white space (not for shell-form RUN/CMD/ENTRYPOINT/
	                           HEALTHCHECK, nor ONBUILD); in exec form, the array's strings with their spans */
	size_t nwords;
	struct df_pair *pairs;  /* ENV, ARG, LABEL */
	size_t npairs;
	struct df_heredoc *heredocs;    /* RUN/COPY/ADD; for ONBUILD RUN <<EOF on the wrapped instruction */
	size_t nheredocs;
	/* HEALTHCHECK: NONE, or the command after "CMD" (hc_cmd is an offset into args; json/argv describe it) */
	int hc_none;
	size_t hc_cmd;
	/* ONBUILD: the wrapped instruction, parsed (NULL otherwise) */
	struct df_instr *onbuild;
	int stage;              /* index into df_file.stages; -1 before the first FROM */
};

struct df_stage {
	char *name;             /* "AS name" as written, or NULL */
	char *image;            /* as written */
	char *image_resolved;   /* global ARG defaults substituted; NULL when a variable has no value */
	char *platform;         /* --platform value or NULL */
	int parent;             /* index of the earlier stage FROM names, else -1 */
	size_t first;           /* index of its FROM in instrs */
	size_t count;           /* instructions in the stage, FROM included */
	struct df_span image_span, name_span;
};

struct df_directive {
	char *name;             /* lower-cased: "syntax", "escape", "check" */
	char *value;
	struct df_span span;    /* the whole comment line */
};

struct df_problem {
	const char *rule;       /* "no-from", "unknown-instruction", "missing-args", "before-from",
	                           "eof-continuation", "unterminated-heredoc", "duplicate-stage",
	                           "bad-exec-form", "single-quoted-exec-form", "bad-directive" */
	char *message;
	struct df_span span;
};

struct df_comment {
	struct df_span span;    /* '#' through end of line */
	int line;
	int in_continuation;    /* inside an instruction's continuation lines */
};

struct df_file {
	const char *data;
	size_t len;
	struct text text;
	char escape;                    /* '\\' or '`' */
	struct df_directive *directives;        /* in force (the top block only) */
	size_t ndirectives;
	const char *syntax;             /* value of the `syntax` directive in force, or NULL */
	struct df_instr *instrs;
	size_t ninstrs;
	struct df_stage *stages;
	size_t nstages;
	struct df_problem *problems;
	size_t nproblems;
	struct df_comment *comments;
	size_t ncomments;
	struct df_names *names;         /* private: stage-name index behind df_stage_find */
	struct df_arena *arena;         /* private: where everything above is allocated */
};

void df_parse(struct df_file *f, const char *data, size_t len);
void df_free(struct df_file *f);

const char *df_kind_name(enum df_kind k);       /* "RUN" */
/* 1 when a syntax directive's value names Docker's own frontend (docker/dockerfile[-upstream], any tag); 0 for NULL. */
int df_frontend_docker(const char *syntax);
/* The line of the first comment `# USER name` (name not root or 0) at or after line `from`, or 0: a non-root USER taken back. */
int df_commented_user(const struct df_file *f, int from);
/* Stage by name (case-insensitive) or decimal index; -1 when none. Only stages before `before` (use nstages for all). */
int df_stage_find(const struct df_file *f, const char *name, size_t before);
/* First flag named `name` (without dashes), or NULL. */
const struct df_flag *df_flag_get(const struct df_instr *in, const char *name);
/* Value of key in a flag's key/values (e.g. "target"), NULL when absent. */
const char *df_flag_kv(const struct df_flag *fl, const char *key);

/*
 * Variable expansion as the Dockerfile frontend does it: $V, ${V}, ${V:-d},
 * ${V-d}, ${V:+x}, ${V+x}; the escape character protects a '$'. `lookup`
 * returns the value of a variable or NULL when it is not set. Sets
 * *unresolved (when not NULL) when a variable without a default had no value.
 * Returns a malloc'd string.
 */
typedef const char *(*df_lookup_fn)(void *payload, const char *name, size_t len);
char *df_expand(const char *s, char escape, df_lookup_fn lookup, void *payload, int *unresolved);

#endif
