/*
 * compose_build - a service's `build` (string or mapping) resolved to
 * repository-relative paths, for compose.build-valid, compose.healthcheck
 * and the scan (perf.dockerignore needs each Dockerfile's build context).
 */
#include <stdlib.h>
#include <string.h>

#include "compose_priv.h"
#include "util.h"

/* Git URLs and URLs of tarballs are built remotely: nothing in the repository to check. */
static int is_remote(const char *s)
{
	static const char *const prefixes[] = { "http://", "https://", "git://", "git@", "ssh://",
		"github.com/", "gitlab.com/", "bitbucket.org/", NULL };
	for (const char *const *p = prefixes; *p; p++)
		if (str_starts(s, *p))
			return 1;
	return str_ends(s, ".git") || strstr(s, ".git#") != NULL;
}

/* Interpolate a scalar; NULL when it is not one or a variable cannot be resolved. */
static char *scalar(const struct compose_env *e, const struct ydoc_node *n, int *unresolved)
{
	struct compose_interp r;
	char *v;
	if (!ydoc_str(n)) {
		*unresolved = 1;
		return NULL;
	}
	compose_interp(e, n->value, &r);
	if (r.unresolved) {
		*unresolved = 1;
		compose_interp_free(&r);
		return NULL;
	}
	v = r.value;
	r.value = NULL;
	compose_interp_free(&r);
	return v;
}

static void resolve_paths(struct compose_buildref *b, const char *dir, const char *ctx, const char *dfname)
{
	if (is_remote(ctx)) {
		b->state = CB_REMOTE;
		return;
	}
	b->context = path_join_norm(dir, ctx);
	if (!b->context) {
		b->state = CB_OUTSIDE;
		return;
	}
	b->state = CB_LOCAL;
	if (b->inline_node)
		return;
	b->dockerfile = dfname ? path_join_norm(b->context, dfname) : NULL;
}

void compose_build_resolve(struct compose_buildref *b, const struct compose_env *e, const char *dir,
			   const struct ydoc_node *build)
{
	int unresolved = 0;
	char *ctx = NULL, *dfname = NULL;
	memset(b, 0, sizeof(*b));
	b->node = build;
	if (build->type == YDOC_MAPPING) {
		b->ctx_node = ydoc_get(build, "context");
		b->df_node = ydoc_get(build, "dockerfile");
		b->target_node = ydoc_get(build, "target");
		b->inline_node = ydoc_get(build, "dockerfile_inline");
		if (ydoc_is_null(b->ctx_node))
			b->ctx_node = NULL;
		if (ydoc_is_null(b->df_node))
			b->df_node = NULL;
	} else {
		b->ctx_node = build;
	}
	ctx = b->ctx_node ? scalar(e, b->ctx_node, &unresolved) : xstrdup(".");
	dfname = b->df_node ? scalar(e, b->df_node, &unresolved) : xstrdup("Dockerfile");
	if (b->target_node && !ydoc_is_null(b->target_node)) {
		int tu = 0;
		b->target = scalar(e, b->target_node, &tu);
		b->target_unresolved = tu;
	}
	if (!ctx || (!b->inline_node && !dfname) || unresolved)
		b->state = CB_UNRESOLVED;
	else
		resolve_paths(b, dir, *ctx ? ctx : ".", dfname);
	free(ctx);
	free(dfname);
}

void compose_build_clear(struct compose_buildref *b)
{
	free(b->context);
	free(b->dockerfile);
	free(b->target);
	memset(b, 0, sizeof(*b));
}

size_t compose_builds(const struct compose_doc *d, const char *path, const struct fsview *fs,
		      struct compose_build **out)
{
	struct compose_env env;
	struct compose_resolver res;
	size_t n = 0, cap = 0;
	*out = NULL;
	if (!d || !d->root)
		return 0;
	compose_env_load(&env, fs, path);
	compose_resolver_init(&res, d, path, fs, &env);
	for (size_t i = 0; i < d->nservices; i++) {
		struct compose_eff eff;
		const struct ydoc_node *build;
		struct compose_buildref b;
		struct compose_build cb;
		/* `extends:` followed, into other files too: a context is relative to the file that writes it */
		compose_resolve(&res, &d->services[i], &eff);
		build = ydoc_get(eff.map, "build");
		if (!build || ydoc_is_null(build)) {
			compose_eff_free(&eff);
			continue;
		}
		compose_build_resolve(&b, &env, compose_build_dir(&eff, build, res.dir), build);
		compose_eff_free(&eff);
		cb.service = xstrdup(d->services[i].name);
		cb.context = b.state == CB_LOCAL ? b.context : NULL;
		cb.dockerfile = b.state == CB_LOCAL ? b.dockerfile : NULL;
		if (!cb.context)
			free(b.context);
		if (!cb.dockerfile)
			free(b.dockerfile);
		cb.target = b.target;
		PUSH(*out, n, cap, cb);
	}
	compose_resolver_free(&res);
	compose_env_free(&env);
	return n;
}

void compose_builds_free(struct compose_build *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(b[i].service);
		free(b[i].context);
		free(b[i].dockerfile);
		free(b[i].target);
	}
	free(b);
}
