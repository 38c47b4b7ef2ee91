#include "config.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "util.h"

void config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->fail_on = SEV_WARNING;
	c->profile = PROFILE_AUTO;
}

void config_free(struct config *c)
{
	for (size_t i = 0; i < c->nexclude; i++)
		free(c->exclude[i]);
	free(c->exclude);
	for (size_t i = 0; i < c->nroles; i++)
		free(c->roles[i].glob);
	free(c->roles);
	for (size_t i = 0; i < c->nfix; i++) {
		free(c->fix[i].name);
		free(c->fix[i].value);
	}
	free(c->fix);
	free(c->path);
	facts_db_free(c->facts);
	config_init(c);
}

void config_set(struct config *c, const char *name, const char *value)
{
	size_t cap = c->nfix;
	for (size_t i = 0; i < c->nfix; i++)
		if (strcmp(c->fix[i].name, name) == 0) {
			free(c->fix[i].value);
			c->fix[i].value = xstrdup(value);
			return;
		}
	struct config_kv kv = { xstrdup(name), xstrdup(value) };
	PUSH(c->fix, c->nfix, cap, kv);
}

const struct facts_db *config_facts(const struct config *c)
{
	return c && c->facts ? c->facts : facts_builtin();
}

const char *config_get(const struct config *c, const char *name)
{
	for (size_t i = 0; c && i < c->nfix; i++)
		if (strcmp(c->fix[i].name, name) == 0)
			return c->fix[i].value;
	return NULL;
}

/*
 * Glob over '/'-separated segments: a segment "**" matches any number of
 * folders (zero included), any other segment matches one path segment with
 * fnmatch ("vendor/" "**" matches all below vendor).
 */
static int seg_match(const char *pat, const char *path)
{
	size_t pn = strcspn(pat, "/"), sn = strcspn(path, "/");
	if (pn == 2 && pat[0] == '*' && pat[1] == '*') {
		const char *rest = pat[2] ? pat + 3 : pat + 2;
		if (!*rest)
			return 1;
		for (const char *p = path;;) {
			if (seg_match(rest, p))
				return 1;
			p += strcspn(p, "/");
			if (!*p)
				return 0;
			p++;
		}
	}
	{
		char *ps = xstrndup(pat, pn), *ss = xstrndup(path, sn);
		int ok = fnmatch(ps, ss, 0) == 0;
		free(ps);
		free(ss);
		if (!ok)
			return 0;
	}
	if (!pat[pn])
		return !path[sn];
	if (!path[sn])
		return 0;       /* the pattern wants more segments than the path has */
	return seg_match(pat + pn + 1, path + sn + 1);
}

/* A pattern excludes a path when it matches the path or one of its folders ("vendor" excludes vendor/x/Dockerfile). */
int config_excluded(const struct config *c, const char *path)
{
	for (size_t i = 0; c && i < c->nexclude; i++) {
		if (seg_match(c->exclude[i], path))
			return 1;
		for (const char *p = strchr(path, '/'); p; p = strchr(p + 1, '/')) {
			char *folder = xstrndup(path, (size_t)(p - path));
			int hit = seg_match(c->exclude[i], folder);
			free(folder);
			if (hit)
				return 1;
		}
	}
	return 0;
}

int config_role(const struct config *c, const char *path, enum role *role, const char **glob)
{
	for (size_t i = 0; c && path && i < c->nroles; i++) {
		int hit = seg_match(c->roles[i].glob, path);
		/* a glob naming a folder ("deploy", "deploy/") holds what is below it, as paths.exclude does */
		for (const char *p = strchr(path, '/'); p && !hit; p = strchr(p + 1, '/')) {
			char *folder = xstrndup(path, (size_t)(p - path));
			hit = seg_match(c->roles[i].glob, folder);
			free(folder);
		}
		if (hit) {
			*role = c->roles[i].role;
			if (glob)
				*glob = c->roles[i].glob;
			return 1;
		}
	}
	return 0;
}
