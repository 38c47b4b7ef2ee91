/*
 * check_compose_pair - the default override pair, judged merged as `docker
 * compose` runs it without `-f` (CHECKLIST.md "Compose items"):
 * `compose.override.yaml|yml` beside `compose.yaml|yml`, and
 * `docker-compose.override.yaml|yml` beside `docker-compose.yaml|yml`.
 *
 * Both files are judged on the same merged services, and each reports what
 * it writes:
 * - the base file's services are judged with the override's values applied
 *   (an override that adds `restart:` or pins the image settles the base's
 *   finding); a value the override writes is reported in the override file;
 *   what is missing from the merged service is reported at the base's
 *   service key;
 * - in the override file, a service that completes a base service is partial
 *   (nothing is missing from it: the base reports that); what it writes is
 *   judged on the merged service (a healthcheck turned off where the base
 *   builds a Dockerfile with a HEALTHCHECK passes). Its other services are
 *   judged on their own, as in any file.
 * When a folder has both spellings of a name, the first of Compose's order
 * (.yaml, then .yml) is the one paired.
 */
#include <stdlib.h>
#include <string.h>

#include "compose_priv.h"
#include "util.h"

static const char *const bases[] = { "compose.yaml", "compose.yml", NULL };
static const char *const overrides[] = { "compose.override.yaml", "compose.override.yml", NULL };
static const char *const dbases[] = { "docker-compose.yaml", "docker-compose.yml", NULL };
static const char *const doverrides[] = { "docker-compose.override.yaml", "docker-compose.override.yml", NULL };

static int listed(const char *name, const char *const *names)
{
	for (; *names; names++)
		if (strcmp(name, *names) == 0)
			return 1;
	return 0;
}

/* The names the other file of the pair may have, or NULL when this file is not one of a pair. */
static const char *const *partner_names(const char *name, int *partner_upper)
{
	*partner_upper = 1;
	if (listed(name, bases))
		return overrides;
	if (listed(name, dbases))
		return doverrides;
	*partner_upper = 0;
	if (listed(name, overrides))
		return bases;
	if (listed(name, doverrides))
		return dbases;
	return NULL;
}

void ccx_pair_open(struct ccx *c)
{
	const char *const *names;
	int upper;
	if (!c->fs || !(names = partner_names(str_basename(c->path), &upper)))
		return;
	for (; *names && !c->pair; names++) {
		char *p = path_join_norm(c->dir, *names), *data = NULL;
		size_t len = 0;
		if (p && fs_stat(c->fs, p) == FS_FILE && fs_read(c->fs, p, &data, &len) == 0) {
			struct compose_doc *d = compose_load(data, len);
			if (d->wellformed && d->nservices > 0) {
				c->pair = d;
				c->pair_path = p;
				p = NULL;
			} else {
				compose_free(d);
			}
		}
		free(data);
		free(p);
	}
	if (!c->pair)
		return;
	c->pair_is_upper = upper;
	compose_resolver_init(&c->pair_res, c->pair, c->pair_path, c->fs, &c->env);
}

void ccx_pair_close(struct ccx *c)
{
	if (!c->pair)
		return;
	compose_resolver_free(&c->pair_res);
	compose_free(c->pair);
	free(c->pair_path);
	c->pair = NULL;
	c->pair_path = NULL;
}

int ccx_own(const struct ccx *c, const struct ydoc_node *n)
{
	const struct compose_origin *o = compose_eff_origin(&c->eff, n);
	return n && (!o || o->layer == 0);
}

/* Merge the current service with its namesake of the other file, when there is one. */
int ccx_pair_resolve(struct ccx *c)
{
	const struct compose_service *other = c->pair ? compose_find_service(c->pair, c->svc->name) : NULL;
	c->pair_upper = 0;
	if (!other)
		return 0;
	compose_eff_free(&c->eff);
	if (c->pair_is_upper) {
		compose_resolve_pair(&c->res, c->svc, &c->pair_res, other, 0, &c->eff);
	} else {
		compose_resolve_pair(&c->pair_res, other, &c->res, c->svc, 1, &c->eff);
		c->pair_upper = 1;
	}
	return 1;
}
