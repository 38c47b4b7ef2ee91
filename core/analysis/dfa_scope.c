/*
 * dfa_scope - variables as Docker scopes them: a stage sees its own ENV and
 * ARG (a global ARG only when redeclared there) and what the stages it
 * inherits through FROM <stage> defined; ENV wins over ARG.
 */
#include "dfa.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int dfa_well_known(const char *name, size_t len)
{
	static const char *const names[] = { "PATH", "HOME", "HOSTNAME", "USER", "SHELL", "LANG",
		"LC_ALL", "LD_LIBRARY_PATH", "PKG_CONFIG_PATH", "PYTHONPATH", "NODE_PATH", "GOPATH",
		"GOROOT", "JAVA_HOME", "CARGO_HOME", "RUSTUP_HOME", "GEM_HOME", "BUNDLE_PATH",
		"TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "BUILDPLATFORM",
		"BUILDOS", "BUILDARCH", "BUILDVARIANT", NULL };
	for (const char *const *n = names; *n; n++)
		if (strlen(*n) == len && strncmp(*n, name, len) == 0)
			return 1;
	return 0;
}

/*
 * The index: every ENV and ARG definition, sorted by (name, kind, instruction),
 * so that a lookup is a few binary searches per inherited stage instead of a
 * walk over the file. ARGs without a value carry the global default (or are
 * left out when there is none: they change nothing).
 */
enum { VAR_GLOBAL, VAR_ARG, VAR_ENV, VAR_DECL };   /* VAR_DECL: an ARG with no value at all (declared only) */

static int ent_cmp(const void *pa, const void *pb)
{
	const struct dfa_var_ent *x = pa, *y = pb;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->name, y->name, n);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->instr < y->instr ? -1 : x->instr > y->instr;
}

/* First entry >= (name, kind, instr). */
static size_t lower_bound(const struct dfa *a, const char *name, size_t len, int kind, size_t instr)
{
	struct dfa_var_ent key = { name, len, kind, instr, NULL };
	size_t lo = 0, hi = a->nvars;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ent_cmp(&a->vars[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The last definition of (name, kind) in instructions [from, to), or NULL. */
static const struct dfa_var_ent *last_in(const struct dfa *a, const char *name, size_t len, int kind,
					 size_t from, size_t to)
{
	size_t k = lower_bound(a, name, len, kind, to);
	const struct dfa_var_ent *e;
	if (k == 0)
		return NULL;
	e = &a->vars[k - 1];
	if (e->len != len || memcmp(e->name, name, len) != 0 || e->kind != kind || e->instr < from)
		return NULL;
	return e;
}

static const char *global_default(const struct dfa *a, const char *name, size_t len)
{
	const struct dfa_var_ent *e = last_in(a, name, len, VAR_GLOBAL, 0, a->df->ninstrs);
	return e ? e->value : NULL;
}

static void add_ent(struct dfa *a, size_t *cap, const char *key, int kind, size_t i, const char *value)
{
	struct dfa_var_ent e = { key, strlen(key), kind, i, value };
	APUSH(a->arena, a->vars, a->nvars, *cap, e);
}

void dfa_scope_init(struct dfa *a)
{
	const struct df_file *df = a->df;
	size_t cap = 0, nglobal;
	for (size_t i = 0; i < df->ninstrs && df->instrs[i].stage < 0; i++)
		for (size_t p = 0; df->instrs[i].kind == DF_ARG && p < df->instrs[i].npairs; p++)
			if (df->instrs[i].pairs[p].key && df->instrs[i].pairs[p].value)
				add_ent(a, &cap, df->instrs[i].pairs[p].key, VAR_GLOBAL, i, df->instrs[i].pairs[p].value);
	nglobal = a->nvars;
	if (nglobal > 1)
		qsort(a->vars, nglobal, sizeof(*a->vars), ent_cmp);
	for (size_t i = 0; i < df->ninstrs; i++) {
		const struct df_instr *in = &df->instrs[i];
		if (in->stage < 0 || (in->kind != DF_ENV && in->kind != DF_ARG))
			continue;
		for (size_t p = 0; p < in->npairs; p++) {
			const struct df_pair *pr = &in->pairs[p];
			const char *v = pr->value;
			if (!pr->key)
				continue;
			if (in->kind == DF_ENV) {
				add_ent(a, &cap, pr->key, VAR_ENV, i, v ? v : "");
				continue;
			}
			if (!v) {
				/* the global entries are sorted and searched alone while nvars == nglobal */
				size_t saved = a->nvars;
				a->nvars = nglobal;
				v = global_default(a, pr->key, strlen(pr->key));
				a->nvars = saved;
			}
			add_ent(a, &cap, pr->key, v ? VAR_ARG : VAR_DECL, i, v);
		}
	}
	if (a->nvars > 1)
		qsort(a->vars, a->nvars, sizeof(*a->vars), ent_cmp);
}

const char *dfa_var(const struct dfa *a, size_t i, const char *name, size_t len)
{
	const struct df_file *df = a->df;
	const struct dfa_var_ent *env = NULL, *arg = NULL;
	int s = dfa_stage_of(a, i), n = 0;
	if (s < 0)
		return global_default(a, name, len);
	/* from the instruction's own stage outwards: the nearest definition of each kind wins */
	for (int t = s; t >= 0 && (size_t)t < df->nstages && n < DFA_MAX_CHAIN && !env; t = df->stages[t].parent, n++) {
		const struct df_stage *st = &df->stages[t];
		size_t to = t == s ? i : st->first + st->count;
		env = last_in(a, name, len, VAR_ENV, st->first, to);
		if (!arg)
			arg = last_in(a, name, len, VAR_ARG, st->first, to);
	}
	return env ? env->value : arg ? arg->value : NULL;
}

int dfa_declared(const struct dfa *a, size_t i, const char *name, size_t len)
{
	const struct df_file *df = a->df;
	int s = dfa_stage_of(a, i), n = 0;
	if (dfa_var(a, i, name, len))
		return 1;
	for (int t = s; t >= 0 && (size_t)t < df->nstages && n < DFA_MAX_CHAIN; t = df->stages[t].parent, n++) {
		const struct df_stage *st = &df->stages[t];
		size_t to = t == s ? i : st->first + st->count;
		if (last_in(a, name, len, VAR_DECL, st->first, to) || last_in(a, name, len, VAR_ENV, st->first, to))
			return 1;
	}
	return 0;
}

struct expand_ctx {
	const struct dfa *a;
	size_t i;
};

static const char *expand_lookup(void *payload, const char *name, size_t len)
{
	const struct expand_ctx *c = payload;
	const char *v = dfa_var(c->a, c->i, name, len);
	/* A value that needs expanding itself is not resolved here: say unknown rather than guess. */
	if (v && strchr(v, '$'))
		return NULL;
	return v;
}

char *dfa_expand(const struct dfa *a, size_t i, const char *s, int *unresolved)
{
	struct expand_ctx c = { a, i };
	return df_expand(s ? s : "", a->df->escape, expand_lookup, &c, unresolved);
}

/* Length of the variable reference at s ("$X", "${X:-d}"), its name in *name / *nlen; 0 when none. */
static size_t var_ref(const char *s, const char **name, size_t *nlen)
{
	size_t i = 1;
	int braced;
	if (s[0] != '$')
		return 0;
	braced = s[1] == '{';
	i += (size_t)braced;
	*name = s + i;
	while (isalnum((unsigned char)s[i]) || s[i] == '_')
		i++;
	*nlen = (size_t)(s + i - *name);
	if (!*nlen)
		return 0;
	if (braced) {
		const char *close = strchr(s + i, '}');
		return close ? (size_t)(close - s) + 1 : strlen(s);
	}
	return i;
}

char *dfa_var_glob(const char *s)
{
	struct buf b = BUF_INIT;
	while (*s) {
		const char *name;
		size_t nlen, n = var_ref(s, &name, &nlen);
		if (n) {
			buf_putc(&b, '*');
			s += n;
		} else {
			buf_putc(&b, *s++);
		}
	}
	return buf_detach(&b);
}

int dfa_from_unset(const struct dfa *a, const char *image, char *bad, size_t badsz)
{
	for (const char *s = image; *s;) {
		const char *name;
		size_t nlen, n = var_ref(s, &name, &nlen);
		if (!n) {
			s++;
			continue;
		}
		int fallback = s[1] == '{' && (name[nlen] == '-' || name[nlen] == '+' ||
						(name[nlen] == ':' && (name[nlen + 1] == '-' || name[nlen + 1] == '+')));
		if (!fallback && !dfa_well_known(name, nlen) && !global_default(a, name, nlen)) {
			snprintf(bad, badsz, "%.*s", (int)nlen, name);
			return 1;
		}
		s += n;
	}
	return 0;
}

int dfa_user_nonroot(const struct dfa *a, size_t i)
{
	int unres = 0, root;
	char *u = dfa_expand(a, i, dfa_instr_text(&a->df->instrs[i]), &unres);
	size_t n = strcspn(u, ":");
	root = !unres && ((n == 4 && !strncmp(u, "root", 4)) || (n == 1 && u[0] == '0') || n == 0);
	free(u);
	return !root;
}
