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

enum fact facts_known(const struct config *cfg, const char *ref)
{
	struct image_facts f;
	return lookup(cfg, ref, &f) ? FACT_YES : FACT_UNKNOWN;
}

enum fact facts_shipped_user(const struct config *cfg, const char *ref, const char **name)
{
	struct image_facts f;
	if (!lookup(cfg, ref, &f) || !FACTS_HAS(&f, USERS))
		return FACT_UNKNOWN;
	for (size_t i = 0; i < f.nusers; i++)
		if (f.users[i].name && !is_root(f.users[i].name) && f.users[i].uid != 0) {
			if (name)
				*name = f.users[i].name;
			return FACT_YES;
		}
	return FACT_NO;
}

enum fact facts_id1000_taken(const struct config *cfg, const char *ref)
{
	struct image_facts f;
	if (!lookup(cfg, ref, &f))
		return FACT_UNKNOWN;
	if ((FACTS_HAS(&f, UID1000) && f.uid_1000_taken) || (FACTS_HAS(&f, GID1000) && f.gid_1000_taken))
		return FACT_YES;
	return FACTS_HAS(&f, UID1000) && FACTS_HAS(&f, GID1000) ? FACT_NO : FACT_UNKNOWN;
}

enum fact facts_no_shell(const struct config *cfg, const char *ref)
{
	struct image_facts f;
	if (!lookup(cfg, ref, &f) || !FACTS_HAS(&f, SHELL))
		return FACT_UNKNOWN;
	return f.shell == FACTS_SHELL_NONE ? FACT_YES : FACT_NO;
}

enum fact facts_user_tool(const struct config *cfg, const char *ref, const char **tool)
{
	struct image_facts f;
	if (!lookup(cfg, ref, &f) || !FACTS_HAS(&f, USER_TOOL))
		return FACT_UNKNOWN;
	switch (f.user_tool) {
	case FACTS_TOOL_USERADD:
		if (tool)
			*tool = "useradd";
		return FACT_YES;
	case FACTS_TOOL_BUSYBOX:
		if (tool)
			*tool = "busybox";
		return FACT_YES;
	case FACTS_TOOL_NONE:
		if (tool)
			*tool = "none";
		return FACT_NO;
	}
	return FACT_UNKNOWN;
}

enum fact facts_has_tool(const struct config *cfg, const char *ref, const char *name)
{
	struct image_facts f;
	if (!name || !lookup(cfg, ref, &f))
		return FACT_UNKNOWN;
	/* the shell is a tool too: bash is there when the image's shell is bash */
	if (strcmp(name, "bash") == 0 && FACTS_HAS(&f, SHELL) && f.shell == FACTS_SHELL_BASH)
		return FACT_YES;
	if (!FACTS_HAS(&f, TOOLS))
		return FACT_UNKNOWN;
	for (size_t i = 0; i < f.tools.n; i++)
		if (strcmp(f.tools.v[i], name) == 0)
			return FACT_YES;
	return FACT_NO;
}

/* A list field: its NULL-terminated array (the facts table ends every list with NULL), or NULL unknown. */
static const char *const *list_of(const struct config *cfg, const char *ref, enum facts_field fld)
{
	static const char *const empty[] = { NULL };
	struct image_facts f;
	const struct facts_list *l;
	if (!lookup(cfg, ref, &f) || !((f.known >> fld) & 1u))
		return NULL;
	l = fld == FACTS_F_CAP_ADD ? &f.cap_add : fld == FACTS_F_TMPFS ? &f.tmpfs : &f.health;
	return l->n && l->v ? l->v : empty;
}

const char *const *facts_cap_add(const struct config *cfg, const char *ref)
{
	return list_of(cfg, ref, FACTS_F_CAP_ADD);
}

const char *const *facts_tmpfs(const struct config *cfg, const char *ref)
{
	return list_of(cfg, ref, FACTS_F_TMPFS);
}

const char *const *facts_health(const struct config *cfg, const char *ref)
{
	const char *const *h = list_of(cfg, ref, FACTS_F_HEALTH);
	return h && *h ? h : NULL;
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
