/*
 * project_overlay - Compose overlays named after the file they go over
 * (beyond CHECKLIST.md revision 4, tests/realworld/HOLDOUT11.md):
 * ErsatzTV's docker/docker-compose.vaapi.yml and docker-compose.nvidia.yml
 * add a device or a GPU to the one service of docker/docker-compose.yml and
 * are run as `-f docker-compose.yml -f docker-compose.vaapi.yml`. A file
 * `STEM.WORD.yml` beside `STEM.yml` (or .yaml) whose every service is a
 * service of that base is such an overlay: it is recorded as a Compose set
 * {base, overlay}, as a script's `-f` line would be, so that role.c's
 * paired_with gives it the base's role when that is dev or test (and any
 * other mention of it still vetoes).
 */
#include "project.h"
#include "project_priv.h"

#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "util.h"

/* Overlays looked for per scan, at most. */
#define PROJECT_OVERLAY_MAX 64

static int compose_name(const char *b)
{
	return strstr(b, "compose") && (str_ends(b, ".yml") || str_ends(b, ".yaml"));
}

/* The base of overlay `path` among paths ("docker/docker-compose.yml" for docker/docker-compose.vaapi.yml), or NULL. */
static const char *base_of(const char *path, char *const *paths, size_t n)
{
	const char *b = str_basename(path), *ext = strrchr(b, '.'), *word;
	size_t dir = (size_t)(b - path);
	if (!ext || ext == b)
		return NULL;
	for (word = ext - 1; word > b && *word != '.'; word--)
		;
	if (word == b)
		return NULL;    /* STEM.EXT: no word between */
	for (size_t i = 0; i < n; i++) {
		const char *q = paths[i], *qb = str_basename(q), *qext = strrchr(qb, '.');
		if ((size_t)(qb - q) != dir || strncmp(q, path, dir) || !qext || q == path)
			continue;
		/* same folder; STEM equal; either extension */
		if ((size_t)(qext - qb) == (size_t)(word - b) && !strncmp(qb, b, (size_t)(word - b)) &&
		    (!strcmp(qext, ".yml") || !strcmp(qext, ".yaml")))
			return q;
	}
	return NULL;
}

static struct compose_doc *load(const struct fsview *fs, const char *path, char **data)
{
	size_t len = 0;
	*data = NULL;
	if (fs_read(fs, path, data, &len) != 0 || len > PROJECT_MAX_FILE) {
		free(*data);
		*data = NULL;
		return NULL;
	}
	return compose_load(*data, len);
}

/* 1 when every service of overlay o is a service of base b (and o has one at least). */
static int services_within(const struct compose_doc *o, const struct compose_doc *b)
{
	size_t no = 0, nb = 0;
	const struct compose_service *so = o ? compose_services(o, &no) : NULL;
	const struct compose_service *sb = b ? compose_services(b, &nb) : NULL;
	if (!no)
		return 0;
	for (size_t i = 0; i < no; i++) {
		size_t k;
		if (!so[i].name)
			return 0;
		for (k = 0; k < nb && (!sb[k].name || strcmp(sb[k].name, so[i].name)); k++)
			;
		if (k == nb)
			return 0;
	}
	return 1;
}

void project_overlay_sets(struct project *p, const struct fsview *fs, char *const *paths, size_t n)
{
	size_t found = 0;
	for (size_t i = 0; i < n && found < PROJECT_OVERLAY_MAX; i++) {
		const char *base;
		char *od = NULL, *bd = NULL;
		struct compose_doc *o, *b;
		if (!compose_name(str_basename(paths[i])) || !(base = base_of(paths[i], paths, n)))
			continue;
		o = load(fs, paths[i], &od);
		b = o ? load(fs, base, &bd) : NULL;
		if (services_within(o, b)) {
			struct project_compose_set set;
			memset(&set, 0, sizeof(set));
			plist_add(&set.files, &set.n, xstrdup(base));
			plist_add(&set.files, &set.n, xstrdup(paths[i]));
			set.source = xstrdup(paths[i]);
			set.where = xasprintf("%s (an overlay: every service of it is one of %s's)", paths[i], base);
			PUSH(p->csets, p->ncsets, p->capcsets, set);
			found++;
		}
		compose_free(o);
		compose_free(b);
		free(od);
		free(bd);
	}
}
