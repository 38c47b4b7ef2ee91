/*
 * ignore_match.c - running a compiled .dockerignore pattern. The tokens
 * form an NFA whose epsilon moves only go forward, so one pass per rune
 * closes a state set: matching costs tokens x runes, never backtracking.
 */
#include "ignore_priv.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

uint32_t ign_rune(const char *s, size_t n, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s + *i;
	size_t left = n - *i, len;
	uint32_t r, min;
	if (u[0] < 0x80) {
		(*i)++;
		return u[0];
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		len = 2; r = u[0] & 0x1F; min = 0x80;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		len = 3; r = u[0] & 0x0F; min = 0x800;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		len = 4; r = u[0] & 0x07; min = 0x10000;
	} else {
		len = 0; r = 0; min = 0;
	}
	if (len == 0 || left < len)
		goto bad;
	for (size_t k = 1; k < len; k++) {
		if ((u[k] & 0xC0) != 0x80)
			goto bad;
		r = (r << 6) | (u[k] & 0x3F);
	}
	if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
		goto bad;
	*i += len;
	return r;
bad:
	(*i)++;
	return 0x110000u + u[0];
}

static size_t inner(const struct ign_pattern *p, size_t k)
{
	return p->ntok + 1 + k;
}

/* Follow the epsilon moves (all forward) of `set` at rune position `pos`. */
static void closure(const struct ign_pattern *p, unsigned char *set, size_t pos)
{
	for (size_t k = 0; k < p->ntok; k++) {
		if (!set[k])
			continue;
		switch (p->tok[k].kind) {
		case IGN_STAR:
		case IGN_ANY:
			set[k + 1] = 1;
			break;
		case IGN_DSLASH:
			set[k + 1] = 1;
			set[inner(p, k)] = 1;
			break;
		case IGN_ANCHOR:
			if (pos == 0)
				set[k + 1] = 1;
			break;
		default:
			break;
		}
	}
}

static int in_class(const struct ign_pattern *p, const struct ign_tok *t, uint32_t c)
{
	int in = 0;
	for (size_t i = 0; i < t->count && !in; i++)
		in = p->ranges[t->first + i].lo <= c && c <= p->ranges[t->first + i].hi;
	return in != t->negated;
}

/* One rune: `next` (cleared here) from `cur`; 1 when any state is left. */
static int step(const struct ign_pattern *p, const unsigned char *cur, unsigned char *next, uint32_t c, size_t pos)
{
	size_t ns = 2 * (p->ntok + 1);
	int any = 0;
	memset(next, 0, ns);
	for (size_t k = 0; k < p->ntok; k++) {
		const struct ign_tok *t = &p->tok[k];
		if (cur[k]) {
			switch (t->kind) {
			case IGN_LIT: if (c == t->rune) next[k + 1] = 1; break;
			case IGN_ONE: if (c != '/') next[k + 1] = 1; break;
			case IGN_CLASS: if (in_class(p, t, c)) next[k + 1] = 1; break;
			case IGN_STAR: if (c != '/') next[k] = 1; break;
			case IGN_ANY: if (t->nl || c != '\n') next[k] = 1; break;
			default: break;
			}
		}
		if (t->kind == IGN_DSLASH && cur[inner(p, k)]) {
			if (t->nl || c != '\n')
				next[inner(p, k)] = 1;
			if (c == '/')
				next[k + 1] = 1;
		}
	}
	closure(p, next, pos);
	for (size_t k = 0; k < ns && !any; k++)
		any = next[k];
	return any;
}

/*
 * Run `p` over `s`; with `parents`, 1 as soon as the text before a '/' is
 * matched (a parent folder). Leaves the final state set in `cur`.
 */
static int run(const struct ign_pattern *p, const char *s, int parents, unsigned char *cur, unsigned char *next)
{
	size_t ns = 2 * (p->ntok + 1), n = strlen(s), i = 0, pos = 0;
	memset(cur, 0, ns);
	cur[0] = 1;
	closure(p, cur, 0);
	while (i < n) {
		uint32_t c = ign_rune(s, n, &i);
		if (parents && c == '/' && pos > 0 && cur[p->ntok])
			return 1;
		pos++;
		if (!step(p, cur, next, c, pos)) {
			memset(cur, 0, ns);
			return 0;
		}
		memcpy(cur, next, ns);
	}
	return cur[p->ntok];
}

int ign_match(const struct ign_pattern *p, const char *path)
{
	size_t ns;
	unsigned char *cur, *next;
	int rc;
	if (p->invalid)
		return 0;
	ns = 2 * (p->ntok + 1);
	cur = xmalloc(ns);
	next = xmalloc(ns);
	rc = run(p, path, 1, cur, next);
	free(cur);
	free(next);
	return rc;
}

static int nullable(const struct ign_pattern *p, size_t k)
{
	for (; k < p->ntok; k++)
		if (p->tok[k].kind != IGN_STAR && p->tok[k].kind != IGN_ANY && p->tok[k].kind != IGN_DSLASH)
			return 0;
	return 1;
}

/* From main state k, is every non-empty name without '/' accepted? */
static int universal(const struct ign_pattern *p, size_t k)
{
	enum ign_tok_kind a, b;
	if (k >= p->ntok)
		return 0;
	a = p->tok[k].kind;
	if ((a == IGN_STAR || a == IGN_ANY) && nullable(p, k + 1))
		return 1;
	if (a != IGN_ONE || k + 1 >= p->ntok)
		return 0;
	b = p->tok[k + 1].kind;
	return (b == IGN_STAR || b == IGN_ANY) && nullable(p, k + 2);
}

enum ign_reach ign_reach_below(const struct ign_pattern *p, const char *dir)
{
	size_t ns;
	unsigned char *cur, *next;
	enum ign_reach reach = IGN_NONE;
	char *prefix;
	if (p->invalid)
		return IGN_NONE;
	if (*dir && ign_match(p, dir))
		return IGN_ALL;
	ns = 2 * (p->ntok + 1);
	cur = xmalloc(ns);
	next = xmalloc(ns);
	prefix = *dir ? xasprintf("%s/", dir) : xstrdup("");
	run(p, prefix, 0, cur, next);
	for (size_t k = 0; k < ns; k++) {
		if (!cur[k])
			continue;
		reach = IGN_SOME;
		if (k <= p->ntok && universal(p, k)) {
			reach = IGN_ALL;
			break;
		}
	}
	free(prefix);
	free(cur);
	free(next);
	return reach;
}
