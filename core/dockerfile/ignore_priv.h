/*
 * ignore_priv - the compiled form of a .dockerignore pattern, shared by
 * ignore.c (reading, compiling) and ignore_match.c (the NFA, the
 * "everything under it" analysis). Not part of the public API.
 */
#ifndef BERTH_IGNORE_PRIV_H
#define BERTH_IGNORE_PRIV_H

#include <stddef.h>
#include <stdint.h>

enum ign_tok_kind {
	IGN_LIT,        /* one rune */
	IGN_ONE,        /* [^/] */
	IGN_STAR,       /* [^/]* */
	IGN_ANY,        /* .* */
	IGN_DSLASH,     /* (.* /)? */
	IGN_CLASS,      /* [...] as a regexp reads it: it may match '/' */
	IGN_ANCHOR,     /* an unescaped '^' in a regexp pattern: matches only at the start */
};

struct ign_tok {
	enum ign_tok_kind kind;
	uint32_t rune;          /* IGN_LIT */
	int nl;                 /* IGN_ANY / IGN_DSLASH: may cross '\n' (prefix/suffix types do) */
	size_t first, count;    /* IGN_CLASS: its ranges in the pattern's range array */
	int negated;            /* IGN_CLASS */
};

#define IGN_BAD 1
#define IGN_NEVER 2

struct ign_range {
	uint32_t lo, hi;
};

struct ign_pattern {
	char *text;             /* as cleaned, without the '!' */
	int exclusion;          /* '!' pattern */
	int invalid;            /* IGN_BAD: Docker refuses it; IGN_NEVER: valid but berth cannot match it */
	struct ign_tok *tok;
	size_t ntok, tokcap;
	struct ign_range *ranges;
	size_t nranges, rangecap;
};

struct dockerignore {
	struct ign_pattern *pat;
	size_t n, cap;
	size_t invalid;
};

/* Decode the rune at s[*i] (n bytes in all) and advance; an invalid byte b is 0x110000 + b. */
uint32_t ign_rune(const char *s, size_t n, size_t *i);

/* 1 when pattern `p` matches `path` or one of its parent folders (moby's MatchesOrParentMatches). */
int ign_match(const struct ign_pattern *p, const char *path);

enum ign_reach { IGN_NONE, IGN_SOME, IGN_ALL };
/* Whether `p` matches none, some or all of the paths strictly below folder `dir`. */
enum ign_reach ign_reach_below(const struct ign_pattern *p, const char *dir);

#endif
