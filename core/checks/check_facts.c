/*
 * check_facts - yes/no/unknown answers from the image facts for the rules.
 * Every answer is one facts_lookup() on the scan's table and one field: the
 * table decides matching (name, alias, glob, tag overrides), this file only
 * what a field means for a rule.
 */
#include "check_facts.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "dfa.h"
#include "facts.h"
#include "util.h"

static int lookup(const struct config *cfg, const char *ref, struct image_facts *f)
{
	const struct facts_db *db = config_facts(cfg);
	return db && ref && facts_lookup(db, ref, f) == 1;
}

/* USER root, 0, root:GROUP, 0:GROUP; no USER at all is root too. */
static int is_root(const char *user)
{
	return !user || !*user || strcmp(user, "root") == 0 || strcmp(user, "0") == 0 ||
	       str_starts(user, "root:") || str_starts(user, "0:");
}

enum fact facts_user_nonroot(const struct config *cfg, const char *ref, const char **user)
{
	struct image_facts f;
	if (!lookup(cfg, ref, &f) || !FACTS_HAS(&f, USER))
		return FACT_UNKNOWN;
	if (is_root(f.user))
		return FACT_NO;
	if (user)
		*user = f.user;
	return FACT_YES;
}

enum fact facts_workdir(const struct config *cfg, const char *ref, const char **dir)
{
	struct image_facts f;
	if (!lookup(cfg, ref, &f) || !FACTS_HAS(&f, WORKDIR) || !f.workdir)
		return FACT_UNKNOWN;
	if (dir)
		*dir = f.workdir;
	return FACT_YES;
}

enum fact facts_env_defines(const struct config *cfg, const char *ref, const char *name)
{
	struct image_facts f;
	if (!name || !lookup(cfg, ref, &f) || !FACTS_HAS(&f, ENV))
		return FACT_UNKNOWN;
	for (size_t i = 0; i < f.env.n; i++)
		if (strcmp(f.env.v[i], name) == 0)
			return FACT_YES;
	return FACT_NO;
}

enum fact facts_no_slim_variant(const struct config *cfg, const char *ref)
{
	struct image_facts f;
	if (!lookup(cfg, ref, &f) || !FACTS_HAS(&f, VARIANTS))
		return FACT_UNKNOWN;
	if (f.slim == 1 || f.alpine == 1)
		return FACT_NO;
	return f.slim == 0 && f.alpine == 0 ? FACT_YES : FACT_UNKNOWN;
}

enum fact facts_full_image(const struct config *cfg, const char *ref)
{
	struct image_facts f;
	if (!lookup(cfg, ref, &f) || !FACTS_HAS(&f, FULL))
		return FACT_UNKNOWN;
	return f.full_image ? FACT_YES : FACT_NO;
}

enum fact facts_healthcheck(const struct config *cfg, const char *ref)
{
	struct image_facts f;
	if (!lookup(cfg, ref, &f) || !FACTS_HAS(&f, HEALTHCHECK))
		return FACT_UNKNOWN;
	return f.healthcheck ? FACT_YES : FACT_NO;
}

enum fact facts_port(const struct config *cfg, const char *ref, int *port)
{
	struct image_facts f;
	if (!lookup(cfg, ref, &f) || !FACTS_HAS(&f, PORT))
		return FACT_UNKNOWN;
	if (f.nports == 0)
		return FACT_NO;
	if (port)
		*port = f.ports[0];
	return FACT_YES;
}

enum fact facts_drops_privileges(const struct config *cfg, const char *ref, const char **how)
{
	static const char *const names[] = {
		[FACTS_DROP_GOSU] = "gosu", [FACTS_DROP_SU_EXEC] = "su-exec",
		[FACTS_DROP_SETPRIV] = "setpriv", [FACTS_DROP_S6_OVERLAY] = "s6-overlay",
		[FACTS_DROP_CHPST] = "chpst", [FACTS_DROP_RUNUSER] = "runuser", [FACTS_DROP_SU] = "su",
		[FACTS_DROP_OTHER] = "its own tool",
	};
	struct image_facts f;
	if (!lookup(cfg, ref, &f) || !FACTS_HAS(&f, DROPS))
		return FACT_UNKNOWN;
	if (f.drops_privileges == FACTS_DROP_NONE)
		return FACT_NO;
	if ((unsigned)f.drops_privileges >= ARRAY_SIZE(names) || !names[f.drops_privileges])
		return FACT_UNKNOWN;    /* a value this file does not know yet */
	if (how)
		*how = names[f.drops_privileges];
	return FACT_YES;
}

const char *facts_source_of(const struct config *cfg, const char *ref)
{
	struct image_facts f;
	return lookup(cfg, ref, &f) ? f.source : NULL;
}

const char *check_facts_ref(const struct dfa_image *img, char *buf, size_t size)
{
	int n;
	if (!img || !img->path || !*img->path || !size)
		return NULL;
	n = snprintf(buf, size, "%s%s%s%s%s%s%s", img->registry ? img->registry : "", img->registry ? "/" : "",
		     img->path, img->tag ? ":" : "", img->tag ? img->tag : "", img->digest ? "@" : "",
		     img->digest ? img->digest : "");
	return n > 0 && (size_t)n < size ? buf : NULL;
}
