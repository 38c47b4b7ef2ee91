/*
 * check_compose_secrets - compose.no-inline-secrets: a secret-like name
 * (dfa.h, CHECKLIST.md Terms) given a literal value or a literal default in
 * `environment` or `build.args` (map or list form), or an `env_file` that
 * git tracks. Messages name the variable, never its value.
 */
#include <stdlib.h>
#include <string.h>

#include "compose_priv.h"
#include "dfa.h"
#include "util.h"

/* Judge NAME given the raw value `v` (NULL: none) found at node `at`. */
static void judge_value(struct ccx *c, const char *where, const char *name, size_t namelen,
			const char *v, const struct ydoc_node *at)
{
	char *nm = xstrndup(name, namelen);
	struct compose_interp r;
	if (!v || !*v || !dfa_secret_name(nm)) {
		free(nm);
		return;
	}
	compose_interp(&c->env, v, &r);
	if (r.vars == 0 && !dfa_setting_value(r.value))
		ccx_add(c, ITEM_COMPOSE_NO_INLINE_SECRETS, SEV_WARNING, "literal", at,
			"%s gives %.100s a literal value: the secret is committed with the file "
			"(use ${%.100s} and a .env that git ignores, or Compose secrets)", where, nm, nm);
	else if (r.literal_default && !dfa_setting_value(r.default_text))
		ccx_add(c, ITEM_COMPOSE_NO_INLINE_SECRETS, SEV_WARNING, "literal-default", at,
			"%s gives %.100s a literal default: the default is committed with the file", where, nm);
	compose_interp_free(&r);
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
		ccx_add(c, ITEM_COMPOSE_NO_INLINE_SECRETS, SEV_WARNING, "env-file-tracked", n,
			"env_file %.200s is tracked by git: its values are committed (ignore it, commit an example instead)",
			n->value);
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
