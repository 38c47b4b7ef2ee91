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

const struct project_image_src *project_image_src_of(const struct project_image_map *m, const char *ref)
{
	char *const *names = m ? m->names : NULL;
	const struct project_image_src *srcs = m ? m->srcs : NULL;
	size_t n = m ? m->n : 0;
	struct dfa_image img;
	char name[PROJIMG_NAME_MAX];
	size_t lo = 0, hi;
	int len;
	if (!names || !srcs || !n || !ref || strchr(ref, '$'))
		return NULL;
	hi = n;
	dfa_image_parse(&img, ref);
	len = img.path ? snprintf(name, sizeof(name), "%s%s%s", img.registry ? img.registry : "",
				  img.registry ? "/" : "", img.path) : -1;
	dfa_image_free(&img);
	if (len <= 0 || (size_t)len >= sizeof(name))
		return NULL;
	for (char *c = name; *c; c++)
		*c = (char)tolower((unsigned char)*c);
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
