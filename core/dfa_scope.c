/*
 * dfa_scope - variables as Docker scopes them: a stage sees its own ENV and
 * ARG (a global ARG only when redeclared there) and what the stages it
 * inherits through FROM <stage> defined; ENV wins over ARG.
 */
#include "dfa.h"

#include <ctype.h>
#include <stdio.h>
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

static int key_is(const char *key, const char *name, size_t len)
{
	return key && strlen(key) == len && strncmp(key, name, len) == 0;
}

/* Default of a global ARG (before the first FROM), or NULL. */
static const char *global_default(const struct df_file *df, const char *name, size_t len)
{
	const char *v = NULL;
	for (size_t i = 0; i < df->ninstrs && df->instrs[i].stage < 0; i++) {
		const struct df_instr *in = &df->instrs[i];
		if (in->kind != DF_ARG)
			continue;
		for (size_t p = 0; p < in->npairs; p++)
			if (key_is(in->pairs[p].key, name, len) && in->pairs[p].value)
				v = in->pairs[p].value;
	}
	return v;
}

struct scope_val {
	const char *env, *arg;
	int has_env;
};

static void scan_instrs(const struct df_file *df, size_t from, size_t to, const char *name, size_t len,
			struct scope_val *v)
{
	for (size_t i = from; i < to && i < df->ninstrs; i++) {
		const struct df_instr *in = &df->instrs[i];
		if (in->kind != DF_ENV && in->kind != DF_ARG)
			continue;
		for (size_t p = 0; p < in->npairs; p++) {
			const struct df_pair *pr = &in->pairs[p];
			if (!key_is(pr->key, name, len))
				continue;
			if (in->kind == DF_ENV) {
				v->env = pr->value ? pr->value : "";
				v->has_env = 1;
			} else if (pr->value) {
				v->arg = pr->value;
			} else {
				const char *g = global_default(df, name, len);
				if (g)
					v->arg = g;
			}
		}
	}
}

const char *dfa_var(const struct dfa *a, size_t i, const char *name, size_t len)
{
	const struct df_file *df = a->df;
	struct scope_val v = { NULL, NULL, 0 };
	int line[DFA_MAX_CHAIN], n = 0;
	int s = dfa_stage_of(a, i);
	if (s < 0)
		return global_default(df, name, len);
	for (int t = s; t >= 0 && (size_t)t < df->nstages && n < DFA_MAX_CHAIN; t = df->stages[t].parent) {
		int seen = 0;
		for (int k = 0; k < n; k++)
			seen |= line[k] == t;
		if (seen)
			break;
		line[n++] = t;
	}
	for (int k = n - 1; k >= 0; k--) {
		const struct df_stage *st = &df->stages[line[k]];
		size_t end = st->first + st->count;
		scan_instrs(df, st->first + 1, k == 0 ? i : end, name, len, &v);
	}
	return v.has_env ? v.env : v.arg;
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

int dfa_from_unset(const struct df_file *df, const char *image, char *bad, size_t badsz)
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
		if (!fallback && !dfa_well_known(name, nlen) && !global_default(df, name, nlen)) {
			snprintf(bad, badsz, "%.*s", (int)nlen, name);
			return 1;
		}
		s += n;
	}
	return 0;
}
