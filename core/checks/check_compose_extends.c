/*
 * check_compose_extends - the service being judged as Compose runs it: its
 * `extends:` chain followed and merged (compose_extends.c), within the file
 * and across files. What stops Compose from following it (a cycle, a
 * missing service or file) is a compose.parse finding at the `extends`;
 * every other item judges the merged service. Where findings about
 * inherited values point is ccx_add's business (check_compose.c).
 */
#include <stdlib.h>
#include <string.h>

#include "compose_priv.h"
#include "util.h"

void ccx_resolve_extends(struct ccx *c)
{
	compose_eff_free(&c->eff);
	if (!ccx_pair_resolve(c))
		compose_resolve(&c->res, c->svc, &c->eff);
	for (size_t i = 0; i < c->eff.nproblems; i++) {
		const struct compose_problem *p = &c->eff.problems[i];
		ccx_add(c, ITEM_COMPOSE_PARSE, p->sev, p->rule, p->at, "%s", p->msg);
	}
}

void ccx_extends_free(struct ccx *c)
{
	compose_eff_free(&c->eff);
	compose_resolver_free(&c->res);
	ccx_pair_close(c);
}

const struct ydoc_node *ccx_get(const struct ccx *c, const char *key, const char **dir)
{
	const struct ydoc_node *n = ydoc_get(c->eff.map, key);
	if (ydoc_is_null(n))
		n = NULL;
	if (dir)
		*dir = ccx_dir(c, n);
	return n;
}

const char *ccx_dir(const struct ccx *c, const struct ydoc_node *n)
{
	return n ? compose_eff_dir(&c->eff, n, c->dir) : c->dir;
}
