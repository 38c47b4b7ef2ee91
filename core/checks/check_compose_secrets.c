/*
 * check_compose_secrets - compose.no-inline-secrets: a secret-like name
 * (dfa.h, CHECKLIST.md Terms) given a literal value or a literal default in
 * `environment` or `build.args` (map or list form), or in an `env_file`
 * that git tracks. A yes/no word or an absolute path is a setting; an empty
 * value, a null, `!reset` and `${VAR}` without default are fine. Messages
 * name the variable, never its value.
 */
#include <stdlib.h>
#include <string.h>

#include "compose_priv.h"
#include "dfa.h"
#include "util.h"

/* Names of a tracked env file listed in one finding; more are counted. */
#define ENV_FILE_NAMES_SHOWN 5

enum secret_kind { SK_NONE, SK_LITERAL, SK_DEFAULT };

/* What the raw value v gives a secret-like name: nothing, a literal, or a literal default. */
static enum secret_kind secret_value(const struct ccx *c, const char *v)
{
	struct compose_interp r;
	enum secret_kind k = SK_NONE;
	if (!v || !*v)
		return SK_NONE;
	compose_interp(&c->env, v, &r);
	if (r.vars == 0 && !dfa_setting_value(r.value))
		k = SK_LITERAL;
	else if (r.literal_default && !dfa_setting_value(r.default_text))
		k = SK_DEFAULT;
	compose_interp_free(&r);
	return k;
}

/* Judge NAME given the raw value `v` (NULL: none) found at node `at`. */
static void judge_value(struct ccx *c, const char *where, const char *name, size_t namelen,
			const char *v, const struct ydoc_node *at)
{
	char *nm = xstrndup(name, namelen);
	enum secret_kind k;
	if (!v || !*v || !dfa_secret_name(nm)) {
		free(nm);
		return;
	}
	k = secret_value(c, v);
	if (k == SK_LITERAL)
		ccx_add(c, ITEM_COMPOSE_NO_INLINE_SECRETS, SEV_WARNING, "literal", at,
			"%s gives %.100s a literal value: the secret is committed with the file "
			"(use ${%.100s} and a .env that git ignores, or Compose secrets)", where, nm, nm);
	else if (k == SK_DEFAULT)
		ccx_add(c, ITEM_COMPOSE_NO_INLINE_SECRETS, SEV_WARNING, "literal-default", at,
			"%s gives %.100s a literal default: the default is committed with the file", where, nm);
	free(nm);
}

/* `environment` or `build.args`: a mapping, or a list of NAME=VALUE strings. */
static void judge_vars(struct ccx *c, const char *where, const struct ydoc_node *n)
{
	if (!n)
		return;
	if (n->type == YDOC_MAPPING) {
		for (size_t i = 0; i < n->npairs; i++) {
			const struct ydoc_pair *p = &n->pairs[i];
			if (ydoc_str(p->key) && p->value->type == YDOC_SCALAR && !ydoc_is_null(p->value))
				judge_value(c, where, p->key->value, p->key->len, p->value->value, p->value);
		}
	} else if (n->type == YDOC_SEQUENCE) {
		for (size_t i = 0; i < n->nitems; i++) {
			const char *s = ydoc_str(n->items[i]), *eq = s ? strchr(s, '=') : NULL;
			if (eq)
				judge_value(c, where, s, (size_t)(eq - s), eq + 1, n->items[i]);
		}
	}
}

/*
 * A tracked env file: its secret-like names with a literal value (or a
 * literal default) are committed. One finding per file, naming them.
 */
static void judge_env_file_values(struct ccx *c, const struct ydoc_node *n, const char *path)
{
	struct compose_env vars;
	struct buf names = BUF_INIT;
	size_t found = 0;
	char *data = NULL;
	size_t len = 0;
	if (fs_read(c->fs, path, &data, &len) < 0)
		return;
	compose_env_parse_raw(&vars, data, len);
	free(data);
	for (size_t i = 0; i < vars.n; i++) {
		if (!dfa_secret_name(vars.vars[i].name) || secret_value(c, vars.vars[i].value) == SK_NONE)
			continue;
		if (found++ < ENV_FILE_NAMES_SHOWN)
			buf_printf(&names, "%s%.100s", found > 1 ? ", " : "", vars.vars[i].name);
	}
	if (found > ENV_FILE_NAMES_SHOWN)
		buf_printf(&names, " and %zu more", found - ENV_FILE_NAMES_SHOWN);
	if (found)
		ccx_add(c, ITEM_COMPOSE_NO_INLINE_SECRETS, SEV_WARNING, "env-file-tracked", n,
			"env_file %.200s is tracked by git and gives %s a literal value: the secret is committed "
			"(ignore the file and commit an example with empty values instead)",
			ydoc_str(n) ? n->value : path, buf_str(&names));
	buf_free(&names);
	compose_env_free(&vars);
}

static void judge_env_file(struct ccx *c, const struct ydoc_node *n)
{
	const char *dir = ccx_dir(c, n);        /* relative to the file that writes it */
	struct compose_interp r;
	char *path;
	if (n->type == YDOC_MAPPING)
		n = ydoc_get(n, "path");
	if (ccx_str(c, n, &r) < 0)
		return;
	path = r.unresolved ? NULL : path_join_norm(dir, r.value);
	if (path && fs_tracked(c->fs, path))
		judge_env_file_values(c, n, path);
	free(path);
	compose_interp_free(&r);
}

void check_compose_secrets(struct ccx *c)
{
	const struct ydoc_node *build = ccx_get(c, "build", NULL);
	const struct ydoc_node *ef = ccx_get(c, "env_file", NULL);
	audit_applies(c->a, ITEM_COMPOSE_NO_INLINE_SECRETS);
	judge_vars(c, "environment", ccx_get(c, "environment", NULL));
	judge_vars(c, "build.args", ydoc_get(build, "args"));
	if (ef && ef->type == YDOC_SEQUENCE)
		for (size_t i = 0; i < ef->nitems; i++)
			judge_env_file(c, ef->items[i]);
	else if (ef)
		judge_env_file(c, ef);
}
