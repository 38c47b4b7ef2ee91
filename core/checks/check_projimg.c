/*
 * check_projimg - a project image's name back to the Dockerfile that builds
 * it (check.h, struct project_image_src): a Compose service that runs the
 * image CI pushes is judged with that Dockerfile's HEALTHCHECK and USER.
 */
#include "check.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "dfa.h"

/* Longest image name looked up; longer ones are never project images. */
#define PROJIMG_NAME_MAX 512

static const struct project_image_src *lookup(char *const *names, const struct project_image_src *srcs, size_t n,
						    const char *name)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(names[mid], name);
		if (c == 0)
			return srcs[mid].dockerfile ? &srcs[mid] : NULL;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct project_image_src *project_image_src_of(const struct project_image_map *m, const char *ref)
{
	char *const *names = m ? m->names : NULL;
	const struct project_image_src *srcs = m ? m->srcs : NULL;
	size_t n = m ? m->n : 0;
	struct dfa_image img;
	char name[PROJIMG_NAME_MAX];
	int len;
	if (!names || !srcs || !n || !ref || strchr(ref, '$'))
		return NULL;
	dfa_image_parse(&img, ref);
	len = img.path ? snprintf(name, sizeof(name), "%s%s%s", img.registry ? img.registry : "",
				  img.registry ? "/" : "", img.path) : -1;
	dfa_image_free(&img);
	if (len <= 0 || (size_t)len >= sizeof(name))
		return NULL;
	for (char *c = name; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	{
		const struct project_image_src *hit = lookup(names, srcs, n, name);
		const char *last = strrchr(name, '/');
		char wild[PROJIMG_NAME_MAX];
		/*
		 * "* /LAST" (no space): the one image the repository pushes, its
		 * namespace a secret (project_images); a namespaced name only, never
		 * an official image's bare name
		 */
		if (!hit && last && (size_t)snprintf(wild, sizeof(wild), "*%s", last) < sizeof(wild))
			hit = lookup(names, srcs, n, wild);
		return hit;
	}
}
