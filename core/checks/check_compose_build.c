/*
 * check_compose_build - what a service runs: compose.pinned-image (the same
 * pinned-tag rule as sec.pinned-base, from dfa.h), compose.build-valid and
 * compose.healthcheck, the two that read the Dockerfile a service builds.
 */
#include <stdlib.h>
#include <string.h>

#include "check_facts.h"
#include "compose_priv.h"
#include "dfa.h"
#include "dfcheck.h"
#include "dockerfile.h"
#include "util.h"

static const struct ydoc_node *svc_get(const struct ccx *c, const char *key)
{
	return ccx_get(c, key, NULL);
}

/* ---- compose.pinned-image ---- */

static void pin_finding(struct ccx *c, const struct ydoc_node *n, const struct compose_interp *r,
			const struct dfa_image *img, enum dfa_pin pin)
{
	static const char *const why[] = { "", "a two-part version of an image released in two parts",
		"not a full version (at least three parts) or a date stamp",
		"`latest` changes under you: pin a version or a digest" };
	static const enum sev sev[] = { SEV_INFO, SEV_INFO, SEV_WARNING, SEV_ERROR };
	static const char *const rule[] = { "", "two-part-version", "unpinned-tag", "latest" };
	int no_tag = pin == DFA_PIN_ERROR && (!img->tag || !*img->tag);
	const char *reason = no_tag ? "no tag means `latest`, which changes under you" : why[pin];
	if (r->vars && !r->from_env && strcmp(r->value, n->value) != 0)
		ccx_add(c, ITEM_COMPOSE_PINNED_IMAGE, sev[pin], no_tag ? "no-tag" : rule[pin], n,
			"image %.200s (%.200s): %s",
			n->value, r->value, reason);
	else if (r->from_env)   /* judged on the value .env gives, which is never printed */
		ccx_add(c, ITEM_COMPOSE_PINNED_IMAGE, sev[pin], no_tag ? "no-tag" : rule[pin], n,
			"image %.200s, as the .env beside the file sets it: %s", n->value, reason);
	else
		ccx_add(c, ITEM_COMPOSE_PINNED_IMAGE, sev[pin], no_tag ? "no-tag" : rule[pin], n, "image %.200s: %s",
			n->value, reason);
}

/* The image name (no tag, no digest) of an interpolated reference without registry or namespace; NULL otherwise. */
static char *bare_name(const char *ref)
{
	struct dfa_image img;
	char *name = NULL;
	if (strchr(ref, '/'))
		return NULL;
	dfa_image_parse(&img, ref);
	if (img.path && *img.path && !img.registry)
		name = xstrdup(img.path);
	dfa_image_free(&img);
	return name;
}

static void projects_of(struct ccx *c, const struct compose_doc *d)
{
	for (size_t i = 0; d && i < d->nservices; i++) {
		const struct ydoc_node *v = d->services[i].value, *img = ydoc_get(v, "image"), *b = ydoc_get(v, "build");
		struct compose_interp r;
		char *name;
		if (!b || ydoc_is_null(b) || ccx_str(c, img, &r) < 0)
			continue;
		name = r.unresolved ? NULL : bare_name(r.value);
		if (!r.unresolved && strmap_get(&c->builders, r.value) == (size_t)-1) {
			GROW(c->builder_svcs, c->capbuildsvcs, c->nbuilders + 1);
			GROW(c->builder_refs, c->capbuilders, c->nbuilders + 1);
			c->builder_svcs[c->nbuilders] = &d->services[i];
			c->builder_refs[c->nbuilders] = xstrdup(r.value);
			strmap_put(&c->builders, c->builder_refs[c->nbuilders], c->nbuilders);
			c->nbuilders++;
		}
		compose_interp_free(&r);
		if (!name || strmap_get(&c->projects, name) != (size_t)-1) {
			free(name);
			continue;
		}
		PUSH(c->project_names, c->nprojects, c->capprojects, name);
		strmap_put(&c->projects, name, c->nprojects - 1);
	}
}

void ccx_projects_load(struct ccx *c)
{
	projects_of(c, c->d);
	projects_of(c, c->pair);
}

void ccx_projects_free(struct ccx *c)
{
	strmap_free(&c->projects);
	for (size_t i = 0; i < c->nprojects; i++)
		free(c->project_names[i]);
	free(c->project_names);
	c->project_names = NULL;
	c->nprojects = c->capprojects = 0;
	strmap_free(&c->builders);
	for (size_t i = 0; i < c->nbuilders; i++)
		free(c->builder_refs[i]);
	free(c->builder_refs);
	free(c->builder_svcs);
	c->builder_refs = NULL;
	c->builder_svcs = NULL;
	c->nbuilders = c->capbuilders = c->capbuildsvcs = 0;
}

/* A project image without registry or namespace (`myapp-local`): built here, never pushed, not judged. */
static int local_project_image(const struct ccx *c, const char *ref)
{
	char *name = bare_name(ref);
	int yes = name && strmap_get(&c->projects, name) != (size_t)-1;
	free(name);
	return yes;
}

/*
 * `${REGISTRY}/name` as written: the part after the last '/' holds no
 * variable, no ':' and no '@', so whatever the variable is there is no tag
 * (as sec.pinned-base judges `FROM ${REGISTRY}/name`).
 */
static int untagged_text(const char *s)
{
	const char *slash = strrchr(s, '/');
	const char *last = slash ? slash + 1 : s;
	return slash && *last && !strpbrk(last, "$:@{}");
}

void check_compose_image(struct ccx *c)
{
	const struct ydoc_node *n = svc_get(c, "image");
	struct compose_interp r;
	struct dfa_image img;
	enum dfa_pin pin;
	if (!n || !ccx_own(c, n))
		return;         /* the other file of the default pair writes it: it reports it */
	audit_applies(c->a, ITEM_COMPOSE_PINNED_IMAGE);
	if (ccx_str(c, n, &r) < 0) {
		ccx_add(c, ITEM_COMPOSE_PINNED_IMAGE, SEV_WARNING, "not-a-string", n, "image is not a string");
		return;
	}
	if (r.unresolved && untagged_text(n->value)) {
		ccx_add(c, ITEM_COMPOSE_PINNED_IMAGE, SEV_ERROR, "no-tag", n,
			"image %.200s has no tag whatever the variable: no tag means `latest`, which changes under you",
			n->value);
	} else if (r.unresolved) {
		ccx_add(c, ITEM_COMPOSE_PINNED_IMAGE, SEV_WARNING, "unresolved-variable", n,
			"image %.200s uses a variable with no value and no default", n->value);
	} else if (!local_project_image(c, r.value)) {
		dfa_image_parse(&img, r.value);
		pin = dfa_pin_classify(&img);
		if (pin != DFA_PIN_OK)
			pin_finding(c, n, &r, &img, pin);
		dfa_image_free(&img);
	}
	compose_interp_free(&r);
}

/* ---- compose.build-valid ---- */

static const struct ydoc_node *ctx_node(const struct compose_buildref *b)
{
	return b->ctx_node ? b->ctx_node : b->node;
}

static void check_target(struct ccx *c, const struct compose_buildref *b)
{
	struct df_file df;
	char *data;
	if (!b->target || ccx_dockerfile(c, b, &df, &data) < 0)
		return;
	if (df_stage_find(&df, b->target, df.nstages) < 0)
		ccx_add(c, ITEM_COMPOSE_BUILD_VALID, SEV_ERROR, "target-missing", b->target_node,
			"target %.100s is not a stage of %s", b->target_node->value,
			b->inline_node ? "dockerfile_inline" : b->df_node ? b->df_node->value : "the Dockerfile");
	df_free(&df);
	free(data);
}

static void judge_build(struct ccx *c, const struct compose_buildref *b)
{
	if (b->state == CB_OUTSIDE) {
		ccx_add(c, ITEM_COMPOSE_BUILD_VALID, SEV_ERROR, "context-outside", ctx_node(b),
			"build context %.200s is outside the repository", ctx_node(b)->value);
		return;
	}
	if (b->state != CB_LOCAL)
		return;         /* remote or unresolvable: not judged */
	if (fs_stat(c->fs, b->context) != FS_DIR) {
		ccx_add(c, ITEM_COMPOSE_BUILD_VALID, SEV_ERROR, "context-missing", ctx_node(b),
			"build context folder %.200s does not exist", b->ctx_node ? b->ctx_node->value : ".");
		return;
	}
	if (!b->inline_node && !b->dockerfile) {
		ccx_add(c, ITEM_COMPOSE_BUILD_VALID, SEV_ERROR, "dockerfile-outside",
			b->df_node ? b->df_node : ctx_node(b), "the Dockerfile is outside the repository");
		return;
	}
	if (!b->inline_node && fs_stat(c->fs, b->dockerfile) != FS_FILE) {
		ccx_add(c, ITEM_COMPOSE_BUILD_VALID, SEV_ERROR, "dockerfile-missing",
			b->df_node ? b->df_node : ctx_node(b), "Dockerfile %.200s does not exist in the context",
			b->df_node ? b->df_node->value : "Dockerfile");
		return;
	}
	check_target(c, b);
}

/* ---- compose.healthcheck ---- */

/* The node that turns the healthcheck off, or NULL when it is defined. */
static const struct ydoc_node *hc_disabled(const struct ccx *c, const struct ydoc_node *hc)
{
	const struct ydoc_node *dis = ydoc_get(hc, "disable"), *test = ydoc_get(hc, "test");
	if (dis && ccx_true(c, dis))
		return dis;
	if (test && test->type == YDOC_SEQUENCE && test->nitems > 0 &&
	    ydoc_str(test->items[0]) && strcmp(test->items[0]->value, "NONE") == 0)
		return test;
	return NULL;
}

/* 1 when the service builds a Dockerfile in the repository whose built stage has a HEALTHCHECK. */
static int image_has_healthcheck(struct ccx *c, const struct compose_buildref *b)
{
	struct df_file df;
	char *data;
	int r;
	if (!b || ccx_dockerfile(c, b, &df, &data) < 0)
		return 0;
	r = dfcheck_stage_has_healthcheck(&df, b->target);
	df_free(&df);
	free(data);
	return r == 1;
}

/* The built stage of a Dockerfile of the repository that a workflow, script or bake file builds has a HEALTHCHECK. */
static int source_has_healthcheck(struct ccx *c, const struct project_image_src *src)
{
	struct df_file df;
	char *data = NULL;
	size_t len = 0;
	int r;
	if (fs_stat(c->fs, src->dockerfile) != FS_FILE || fs_read(c->fs, src->dockerfile, &data, &len) < 0) {
		free(data);
		return 0;
	}
	df_parse(&df, data, len);
	r = dfcheck_stage_has_healthcheck(&df, src->target);
	df_free(&df);
	free(data);
	return r == 1;
}

/*
 * The service runs an image with a HEALTHCHECK of its own: one whose image
 * facts say so (the built-in table corrected by `.berth.yaml` images:), or
 * a project image that a service of this file (or its pair) builds from a
 * Dockerfile whose built stage has one, or that the repository's
 * workflows, scripts or bake files build from such a Dockerfile (CHECKLIST.md:
 * "a project image built from such a Dockerfile").
 */
static int image_has_own_healthcheck(struct ccx *c)
{
	struct compose_interp r;
	struct compose_buildref b;
	size_t k;
	int yes = 0;
	if (ccx_str(c, svc_get(c, "image"), &r) < 0)
		return 0;
	if (!r.unresolved && facts_healthcheck(c->a->cfg, r.value) == FACT_YES)
		yes = 1;
	else if (!r.unresolved && (k = strmap_get(&c->builders, r.value)) != (size_t)-1) {
		/* the builder's build, relative to this folder (the pair shares it) */
		compose_build_resolve(&b, &c->env, c->dir, ydoc_get(c->builder_svcs[k]->value, "build"));
		yes = image_has_healthcheck(c, &b);
		compose_build_clear(&b);
	} else if (!r.unresolved) {
		const struct project_image_src *src = project_image_src_of(&c->a->image_map, r.value);
		yes = src && source_has_healthcheck(c, src);
	}
	compose_interp_free(&r);
	return yes;
}

/*
 * Beyond revision 4 (HOLDOUT9.md gatus, HOLDOUT10.md rustdesk-server): the
 * image the service builds, or the project image it runs, has nothing that
 * could run a healthcheck (sec.healthcheck's no-probe: FROM scratch with only
 * the app, no health command in its sources). The Dockerfile's path, or NULL.
 */
static const char *image_cannot_probe(struct ccx *c, const struct compose_buildref *b)
{
	struct df_file df;
	char *data = NULL;
	size_t len = 0;
	const char *path = NULL, *ctx = NULL, *target = NULL;
	struct compose_interp r = { 0 };
	int no = 0;
	if (b && b->state == CB_LOCAL && b->dockerfile && !b->inline_node) {
		path = b->dockerfile;
		ctx = b->context;
		target = b->target;
		if (b->target_unresolved)
			return NULL;
	} else if (!b && ccx_str(c, svc_get(c, "image"), &r) == 0 && !r.unresolved) {
		const struct project_image_src *src = project_image_src_of(&c->a->image_map, r.value);
		if (src && src->dockerfile) {
			path = src->dockerfile;
			target = src->target;
		}
	}
	if (path && fs_stat(c->fs, path) == FS_FILE && fs_read(c->fs, path, &data, &len) == 0) {
		df_parse(&df, data, len);
		no = dfcheck_no_probe(c->a, &df, path, c->fs, ctx, target);
		df_free(&df);
	}
	free(data);
	compose_interp_free(&r);
	return no ? path : NULL;
}

static void check_healthcheck(struct ccx *c, const struct compose_buildref *b)
{
	const struct ydoc_node *hc = svc_get(c, "healthcheck"), *off = NULL;
	const char *bare;
	if (c->partial || c->oneshot)
		return;         /* n/a: nothing is missing from a partial service, a one-shot one ends */
	audit_applies(c->a, ITEM_COMPOSE_HEALTHCHECK);
	if (hc) {
		off = hc_disabled(c, hc);
		if (!off)
			return;
	}
	if (image_has_healthcheck(c, b) || (!b && image_has_own_healthcheck(c)))
		return;
	if ((bare = image_cannot_probe(c, b)) != NULL)
		ccx_add(c, ITEM_COMPOSE_HEALTHCHECK, SEV_INFO, off ? "disabled" : "missing", off,
			"%s: its image (built from %.200s) holds nothing a healthcheck could run — no shell, no probe tool, no health command; ship a probe binary to get one",
			off ? "the healthcheck is turned off" : "no healthcheck", bare);
	else if (off)
		ccx_add(c, ITEM_COMPOSE_HEALTHCHECK, ccx_harden_sev(c), "disabled", off,
			"the healthcheck is turned off: nothing tells Docker the service is unhealthy");
	else if (b && b->state == CB_LOCAL)
		ccx_add(c, ITEM_COMPOSE_HEALTHCHECK, ccx_harden_sev(c), "missing", NULL,
			"no healthcheck, and the stage it builds has no HEALTHCHECK: a hung service looks healthy");
	else
		ccx_add(c, ITEM_COMPOSE_HEALTHCHECK, ccx_harden_sev(c), "missing", NULL,
			"no healthcheck: a hung service looks healthy (Docker cannot tell)");
}

/* This file writes the build, or a part of it merged with the pair file's. */
static int writes_build(const struct ccx *c, const struct compose_buildref *b)
{
	const struct compose_tag *t = compose_eff_tag_of(&c->eff, b->node);
	if (!t || !t->made)
		return ccx_own(c, b->node);
	return ccx_own(c, b->ctx_node) || ccx_own(c, b->df_node) || ccx_own(c, b->target_node) ||
	       ccx_own(c, b->inline_node);
}

void check_compose_build(struct ccx *c)
{
	const struct ydoc_node *build = ccx_get(c, "build", NULL);
	struct compose_buildref b;
	if (!build) {
		check_healthcheck(c, NULL);
		return;
	}
	/* the context is relative to the file that writes it */
	compose_build_resolve(&b, &c->env, compose_build_dir(&c->eff, build, c->dir), build);
	/*
	 * A build merged from both files of the pair is judged whole; each
	 * finding goes to the file that writes its value (the base's context,
	 * the override's target). The item applies to a file that writes a part.
	 */
	if (writes_build(c, &b))
		audit_applies(c->a, ITEM_COMPOSE_BUILD_VALID);
	judge_build(c, &b);
	check_healthcheck(c, &b);
	compose_build_clear(&b);
}
