/*
 * project - the model: references kept, which reader reads which file, the
 * Compose builds, links, and the build contexts of a Dockerfile.
 */
#include "project_priv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compose.h"
#include "util.h"
#include "yamldoc.h"

const char *project_src_name(enum project_src s)
{
	static const char *const names[] = { "Compose", "bake", "workflow", "script" };
	return (unsigned)s < PSRC_COUNT ? names[s] : "?";
}

void plist_add(char ***v, size_t *n, char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = s;
}

void plist_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int plist_has(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] && s && strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

void project_init(struct project *p)
{
	memset(p, 0, sizeof(*p));
}

static void ref_free(struct project_ref *r)
{
	free(r->dockerfile);
	free(r->context);
	plist_free(r->tags, r->ntags);
	plist_free(r->args, r->nargs);
	plist_free(r->named, r->nnamed);
	free(r->target);
	free(r->name);
	free(r->where);
}

void project_free(struct project *p)
{
	free(p->slug);
	p->slug = NULL;
	for (size_t i = 0; i < p->nrefs; i++)
		ref_free(&p->refs[i]);
	free(p->refs);
	for (size_t i = 0; i < p->ndev; i++) {
		free(p->dev[i].path);
		free(p->dev[i].where);
	}
	free(p->dev);
	plist_free(p->pkg_images, p->npkg_images);
	plist_free(p->ci_images, p->nci_images);
	project_mentions_free(p);
	project_csets_free(p);
	for (size_t i = 0; i < p->npartners; i++)
		free(p->partners[i].path);
	free(p->partners);
	plist_free(p->not_partners, p->nnot_partners);
	strmap_free(&p->by_df);
	free(p->next_ref);
	memset(p, 0, sizeof(*p));
}

void project_index(struct project *p)
{
	strmap_free(&p->by_df);
	memset(&p->by_df, 0, sizeof(p->by_df));
	free(p->next_ref);
	p->next_ref = xcalloc(p->nrefs ? p->nrefs : 1, sizeof(*p->next_ref));
	for (size_t i = p->nrefs; i-- > 0;) {
		const char *df = p->refs[i].dockerfile;
		p->next_ref[i] = (size_t)-1;
		if (!df)
			continue;
		p->next_ref[i] = strmap_get(&p->by_df, df);
		strmap_put(&p->by_df, df, i);
	}
	p->nindexed = p->nrefs;
}

static int indexed(const struct project *p)
{
	return p->next_ref && p->nindexed == p->nrefs;
}

/* Without a current index: the next reference at or after i building path, by walking them. */
static size_t walk_from(const struct project *p, size_t i, const char *path)
{
	for (; i < p->nrefs; i++)
		if (p->refs[i].dockerfile && !strcmp(p->refs[i].dockerfile, path))
			return i;
	return (size_t)-1;
}

size_t project_first_ref(const struct project *p, const char *path)
{
	if (indexed(p))
		return p->nrefs ? strmap_get(&p->by_df, path) : (size_t)-1;
	return walk_from(p, 0, path);
}

size_t project_next_ref(const struct project *p, size_t i, const char *path)
{
	if (indexed(p))
		return p->next_ref[i];
	return walk_from(p, i + 1, path);
}

struct project_ref *project_new_ref(struct project *p, enum project_src src, const char *where)
{
	struct project_ref *r;
	if (p->nrefs >= PROJECT_MAX_REFS)
		return NULL;
	GROW(p->refs, p->caprefs, p->nrefs + 1);
	r = &p->refs[p->nrefs++];
	memset(r, 0, sizeof(*r));
	r->src = src;
	r->where = xstrdup(where ? where : "");
	return r;
}

void project_add_dev(struct project *p, const char *path, const char *where)
{
	if (!path)
		return;
	GROW(p->dev, p->capdev, p->ndev + 1);
	p->dev[p->ndev].path = xstrdup(path);
	p->dev[p->ndev].where = xstrdup(where ? where : "");
	p->ndev++;
}

char *project_where(const char *path, const char *data, size_t off)
{
	int line = 1;
	for (size_t i = 0; data && i < off; i++)
		line += data[i] == '\n';
	return xasprintf("%s:%d", path, line);
}

char *project_image_name(const char *ref)
{
	const char *s = ref, *slash, *colon, *at;
	size_t n;
	char *out;
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return NULL;
	if (str_starts(s, "docker.io/"))
		s += 10;
	else if (str_starts(s, "index.docker.io/"))
		s += 16;
	if (str_starts(s, "library/"))
		s += 8;
	at = strchr(s, '@');
	n = at ? (size_t)(at - s) : strlen(s);
	/* the last '/' and then the first ':' outside ${...}: `x/y:${V:-1.2}` is x/y */
	slash = NULL;
	for (size_t i = 0, depth = 0; i < n; i++)
		if (s[i] == '$' && i + 1 < n && s[i + 1] == '{')
			depth++;
		else if (s[i] == '}' && depth)
			depth--;
		else if (s[i] == '/' && !depth)
			slash = s + i;
	colon = NULL;
	for (const char *q = slash ? slash : s; q < s + n && !colon; q++)
		if (*q == ':')
			colon = q;
	if (colon)
		n = (size_t)(colon - s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n)
		return NULL;
	out = xstrndup(s, n);
	for (char *q = out; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return out;
}

void pvars_set(struct pvars *v, const char *name, size_t nlen, const char *value, size_t vlen)
{
	for (size_t i = 0; i < v->n; i++)
		if (strlen(v->names[i]) == nlen && memcmp(v->names[i], name, nlen) == 0) {
			free(v->values[i]);
			v->values[i] = xstrndup(value, vlen);
			return;
		}
	v->names = xrealloc(v->names, (v->n + 1) * sizeof(*v->names));
	v->values = xrealloc(v->values, (v->n + 1) * sizeof(*v->values));
	v->names[v->n] = xstrndup(name, nlen);
	v->values[v->n] = xstrndup(value, vlen);
	v->n++;
}

const char *pvars_get(const struct pvars *v, const char *name, size_t nlen)
{
	for (size_t i = v->n; i-- > 0;)
		if (strlen(v->names[i]) == nlen && memcmp(v->names[i], name, nlen) == 0)
			return v->values[i];
	return NULL;
}

/* Expansion depth: a variable whose value names another is expanded this many times at most. */
#define PVARS_MAX_DEPTH 4
/* An expansion stops growing past this many bytes (values naming values could multiply). */
#define PVARS_MAX_OUT 65536

static void expand_into(const struct pvars *v, const char *s, struct buf *b, int depth)
{
	for (const char *p = s; *p && b->len < PVARS_MAX_OUT;) {
		if (*p == '$' && (p[1] == '{' || p[1] == '(')) {
			char close = p[1] == '{' ? '}' : ')';
			const char *e = strchr(p + 2, close);
			size_t nl = e ? (size_t)(e - p - 2) : 0;
			const char *colon = e ? memchr(p + 2, ':', nl) : NULL;
			const char *val, *def = NULL, *q = p + 2;
			if (colon && colon[1] == '-') {
				nl = (size_t)(colon - p - 2);
				def = colon + 2;
			} else if (e && close == '}') {
				/* ${NAME-default} (unset only; an empty value is as rare as unknown here) */
				while (q < e && (isalnum((unsigned char)*q) || *q == '_'))
					q++;
				if (q > p + 2 && q < e && *q == '-') {
					nl = (size_t)(q - p - 2);
					def = q + 1;
				}
			}
			val = e ? pvars_get(v, p + 2, nl) : NULL;
			if (!val && def) {
				/* ${NAME:-default}, ${NAME-default}: the default */
				char *d = xstrndup(def, (size_t)(e - def));
				if (depth < PVARS_MAX_DEPTH)
					expand_into(v, d, b, depth + 1);
				free(d);
				p = e + 1;
				continue;
			}
			if (val && depth < PVARS_MAX_DEPTH) {
				expand_into(v, val, b, depth + 1);
				p = e + 1;
				continue;
			}
		} else if (*p == '$' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
			const char *e = p + 1;
			const char *val;
			while (isalnum((unsigned char)*e) || *e == '_')
				e++;
			val = pvars_get(v, p + 1, (size_t)(e - p - 1));
			if (val && depth < PVARS_MAX_DEPTH) {
				expand_into(v, val, b, depth + 1);
				p = e;
				continue;
			}
		}
		buf_putc(b, *p++);
	}
}

char *pvars_expand(const struct pvars *v, const char *s)
{
	struct buf b = BUF_INIT;
	expand_into(v, s ? s : "", &b, 0);
	return buf_detach(&b);
}

void pvars_free(struct pvars *v)
{
	plist_free(v->names, v->n);
	plist_free(v->values, v->n);
	memset(v, 0, sizeof(*v));
}

/* ---- which file is read by which reader ---- */

enum reader { R_NONE, R_TASKFILE, R_BAKE_HCL, R_BAKE_JSON, R_WORKFLOW, R_SCRIPT, R_DEVCONTAINER, R_GITPOD, R_PACKAGE, R_DOC,
	R_COMPOSE /* not read here: its name, for project_overlay_sets */, R_CI_CONFIG };

static int in_folder(const char *path, const char *folder)
{
	size_t n = strlen(folder);
	for (const char *p = path; p; p = strchr(p, '/')) {
		if (*p == '/')
			p++;
		if (strncmp(p, folder, n) == 0 && p[n] == '/')
			return 1;
	}
	return 0;
}

static enum reader reader_of(const char *path)
{
	const char *base = str_basename(path);
	if (str_starts(base, "docker-bake") && str_ends(base, ".hcl"))
		return R_BAKE_HCL;
	if (str_starts(base, "docker-bake") && str_ends(base, ".json"))
		return R_BAKE_JSON;
	if ((str_starts(path, ".github/workflows/") && !strchr(path + 18, '/')) &&
	    (str_ends(base, ".yml") || str_ends(base, ".yaml")))
		return R_WORKFLOW;
	if (str_ends(base, ".sh") || str_ends(base, ".mk") || !strcmp(base, "Makefile") ||
	    !strcmp(base, "makefile") || !strcmp(base, "GNUmakefile"))
		return R_SCRIPT;
	if ((!strcmp(base, "devcontainer.json") || !strcmp(base, ".devcontainer.json")) &&
	    (in_folder(path, ".devcontainer") || !strcmp(path, ".devcontainer.json")))
		return R_DEVCONTAINER;
	if (!strcmp(path, ".gitpod.yml") || !strcmp(path, ".gitpod.yaml"))
		return R_GITPOD;
	if (!strcmp(path, ".circleci/config.yml") || !strcmp(path, ".circleci/config.yaml") || !strcmp(path, ".gitlab-ci.yml"))
		return R_CI_CONFIG;
	if (!strcmp(base, "package.json"))
		return R_PACKAGE;
	if (project_taskfile_name(base))
		return R_TASKFILE;
	/* READMEs say which Compose files users run (project_mention.c) */
	if (!strncasecmp(base, "readme", 6) && (!base[6] || !strcasecmp(base + 6, ".md") || !strcasecmp(base + 6, ".rst") ||
						 !strcasecmp(base + 6, ".txt") || !strcasecmp(base + 6, ".adoc")))
		return R_DOC;
	if (strstr(base, "compose") && (str_ends(base, ".yml") || str_ends(base, ".yaml")))
		return R_COMPOSE;
	return R_NONE;
}

int project_reference_path(const char *path)
{
	return path && reader_of(path) != R_NONE;
}

/* Manifests that say the repository holds an application's source (beyond CHECKLIST.md: see role.c). */
static const char *const APP_MANIFESTS[] = { "package.json", "pom.xml", "build.gradle", "build.gradle.kts",
	"go.mod", "Cargo.toml", "pyproject.toml", "requirements.txt", "Gemfile", "composer.json", "mix.exs", NULL };

void project_read(struct project *p, const struct fsview *fs, char *const *paths, size_t n)
{
	for (size_t i = 0; APP_MANIFESTS[i] && !p->app_manifest; i++)
		if (fs_stat(fs, APP_MANIFESTS[i]) == FS_FILE)
			p->app_manifest = APP_MANIFESTS[i];
	char **composes = NULL;
	size_t ncomposes = 0;
	for (size_t i = 0; i < n; i++) {
		enum reader r = reader_of(paths[i]);
		char *data = NULL;
		size_t len = 0;
		if (r == R_COMPOSE) {
			composes = xrealloc(composes, (ncomposes + 1) * sizeof(*composes));
			composes[ncomposes++] = paths[i];
			continue;
		}
		if (r == R_NONE || r == R_TASKFILE)
			continue;       /* Taskfiles after the loop: which folder they run in needs them all */
		if (p->files_read >= PROJECT_MAX_FILES || fs_read(fs, paths[i], &data, &len) != 0 ||
		    len > PROJECT_MAX_FILE) {
			free(data);
			p->files_skipped++;
			continue;
		}
		p->files_read++;
		switch (r) {
		case R_BAKE_HCL: project_read_bake_hcl(p, paths[i], data, len); break;
		case R_BAKE_JSON: project_read_bake_json(p, paths[i], data, len); break;
		case R_WORKFLOW: project_read_workflow(p, paths[i], data, len); break;
		case R_SCRIPT: project_read_script(p, paths[i], data, len); break;
		case R_DEVCONTAINER: project_read_devcontainer(p, paths[i], data, len); break;
		case R_GITPOD: project_read_gitpod(p, paths[i], data, len); break;
		case R_PACKAGE: project_read_package_json(p, paths[i], data, len); break;
		case R_DOC: project_read_doc(p, paths[i], data, len); break;
		case R_CI_CONFIG: project_read_ci_config(p, paths[i], data, len); break;
		case R_NONE: case R_TASKFILE: case R_COMPOSE: break;
		}
		free(data);
	}
	project_read_taskfiles(p, fs, paths, n);
	project_overlay_sets(p, fs, composes, ncomposes);
	free(composes);
	project_partner_roles(p, fs);
}

/* ---- Compose ---- */

/* "NAME=VALUE" pairs of a mapping or a list ("NAME=VALUE" / "NAME") into v. */
static void kv_list(char ***v, size_t *n, const struct ydoc_node *m)
{
	if (!m)
		return;
	if (m->type == YDOC_MAPPING) {
		for (size_t i = 0; i < m->npairs; i++) {
			const char *k = ydoc_str(m->pairs[i].key), *val = ydoc_str(m->pairs[i].value);
			if (!k)
				continue;
			if (val && !ydoc_is_null(m->pairs[i].value))
				plist_add(v, n, xasprintf("%s=%s", k, val));
			else
				plist_add(v, n, xstrdup(k));
		}
	} else if (m->type == YDOC_SEQUENCE) {
		for (size_t i = 0; i < m->nitems; i++)
			if (ydoc_str(m->items[i]))
				plist_add(v, n, xstrdup(ydoc_str(m->items[i])));
	}
}

void project_add_compose(struct project *p, const char *path, const struct compose_doc *d,
			 const struct fsview *fs)
{
	struct compose_build *b = NULL;
	size_t nb, ns = 0;
	const struct compose_service *sv;
	if (!d)
		return;
	nb = compose_builds(d, path, fs, &b);
	sv = compose_services(d, &ns);
	for (size_t i = 0; i < nb; i++) {
		const struct ydoc_node *svc = NULL, *build;
		struct project_ref *r;
		for (size_t k = 0; k < ns && !svc; k++)
			if (sv[k].name && b[i].service && !strcmp(sv[k].name, b[i].service))
				svc = sv[k].value;
		r = project_new_ref(p, PSRC_COMPOSE, NULL);
		if (!r)
			break;
		free(r->where);
		r->where = svc ? xasprintf("%s:%d", path, svc->start.line) : xstrdup(path);
		r->dockerfile = b[i].dockerfile ? xstrdup(b[i].dockerfile) : NULL;
		r->context = b[i].context ? xstrdup(b[i].context) : NULL;
		r->target = b[i].target ? xstrdup(b[i].target) : NULL;
		r->name = b[i].service ? xstrdup(b[i].service) : NULL;
		if (svc && ydoc_str(ydoc_get(svc, "image")))
			plist_add(&r->tags, &r->ntags, xstrdup(ydoc_str(ydoc_get(svc, "image"))));
		build = svc ? ydoc_get(svc, "build") : NULL;
		if (build && build->type == YDOC_MAPPING) {
			kv_list(&r->args, &r->nargs, ydoc_get(build, "args"));
			kv_list(&r->named, &r->nnamed, ydoc_get(build, "additional_contexts"));
		}
	}
	compose_builds_free(b, nb);
}

void project_take(struct project *dst, struct project *src)
{
	for (size_t i = 0; i < src->nrefs; i++) {
		if (dst->nrefs >= PROJECT_MAX_REFS) {
			ref_free(&src->refs[i]);
			continue;
		}
		GROW(dst->refs, dst->caprefs, dst->nrefs + 1);
		dst->refs[dst->nrefs++] = src->refs[i];
	}
	src->nrefs = 0;
	for (size_t i = 0; i < src->ndev; i++) {
		GROW(dst->dev, dst->capdev, dst->ndev + 1);
		dst->dev[dst->ndev++] = src->dev[i];
	}
	src->ndev = 0;
	for (size_t i = 0; i < src->nci_images; i++)
		if (plist_has(dst->ci_images, dst->nci_images, src->ci_images[i]))
			free(src->ci_images[i]);
		else
			plist_add(&dst->ci_images, &dst->nci_images, src->ci_images[i]);
	free(src->ci_images);
	src->ci_images = NULL;
	src->nci_images = 0;
}

void project_alias(struct project *p, const char *link, const char *target)
{
	for (size_t i = 0; i < p->nrefs; i++)
		if (p->refs[i].dockerfile && !strcmp(p->refs[i].dockerfile, link)) {
			free(p->refs[i].dockerfile);
			p->refs[i].dockerfile = xstrdup(target);
		}
	for (size_t i = 0; i < p->ndev; i++)
		if (!strcmp(p->dev[i].path, link)) {
			free(p->dev[i].path);
			p->dev[i].path = xstrdup(target);
		}
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * A pushed image's name whose registry or namespace is a secret or
 * variable but whose last component is literal
 * (`${{ secrets.DOCKER_USERNAME }}/paperless-ai`): "*" and that component
 * ("* /paperless-ai" without the space), malloc'd; else NULL.
 */
static char *wild_name(const char *name)
{
	const char *slash = name ? strrchr(name, '/') : NULL;
	if (!slash || !slash[1] || strchr(slash + 1, '$') || strchr(slash + 1, '{') || strchr(slash + 1, '}') ||
	    (!strchr(name, '$') && !strstr(name, "{{")))
		return NULL;
	return xasprintf("*/%s", slash + 1);
}

/*
 * Beyond CHECKLIST.md revision 4 (tests/realworld/HOLDOUT5.md, pattern 3):
 * when every image the repository pushes has the same last component and
 * one of them is named through a secret or variable, that image may be
 * pulled by any namespace: the wildcard name "* /LAST" (no space) joins the
 * project images, and check_projimg.c maps a Compose `image: NS/LAST` to
 * it. NULL when the repository pushes none, or more than one image.
 */
static char *one_wild_image(const struct project *p)
{
	char *last = NULL, *wild = NULL;
	for (size_t i = 0; i < p->nrefs; i++) {
		const struct project_ref *r = &p->refs[i];
		if (!r->pushed || (r->src != PSRC_WORKFLOW && r->src != PSRC_SCRIPT))
			continue;
		for (size_t k = 0; k < r->ntags; k++) {
			char *name = project_image_name(r->tags[k]), *w;
			const char *l = name ? (strrchr(name, '/') ? strrchr(name, '/') + 1 : name) : NULL;
			if (!l || strchr(l, '$') || strchr(l, '}') || (last && strcmp(last, l))) {
				free(name);
				free(last);
				free(wild);
				return NULL;
			}
			if (!last)
				last = xstrdup(l);
			if (!wild && (w = wild_name(name)) != NULL)
				wild = w;
			free(name);
		}
	}
	free(last);
	return wild;
}

void project_images(const struct project *p, char ***names, size_t *n)
{
	char **v = NULL;
	size_t nv = 0, cap = 0, m = 0;
	char *wild = one_wild_image(p);
	if (wild)
		PUSH(v, nv, cap, wild);
	for (size_t i = 0; i < p->nrefs; i++)
		for (size_t k = 0; k < p->refs[i].ntags; k++) {
			char *name = project_image_name(p->refs[i].tags[k]);
			if (name)
				PUSH(v, nv, cap, name);
		}
	for (size_t i = 0; i < p->npkg_images; i++) {
		char *name = project_image_name(p->pkg_images[i]);
		if (name)
			PUSH(v, nv, cap, name);
	}
	if (nv)
		qsort(v, nv, sizeof(*v), str_cmp);
	for (size_t i = 0; i < nv; i++) {
		if (m && !strcmp(v[i], v[m - 1]))
			free(v[i]);
		else
			v[m++] = v[i];
	}
	*names = v;
	*n = m;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Reference r builds image j: its Dockerfile and stage, unless another build of j differs. */
static void image_src_add(struct project_image_src *v, unsigned char *mixed, size_t j, const struct project_ref *r)
{
	if (mixed[j])
		return;
	if (!r->dockerfile) {
		mixed[j] = 1;   /* a build of that name whose Dockerfile is unknown */
	} else if (!v[j].dockerfile) {
		v[j].dockerfile = xstrdup(r->dockerfile);
		v[j].target = r->target ? xstrdup(r->target) : NULL;
	} else if (!same(v[j].dockerfile, r->dockerfile) || !same(v[j].target, r->target)) {
		mixed[j] = 1;
	}
}

void project_image_sources(const struct project *p, char *const *names, size_t n, struct project_image_src **srcs)
{
	struct project_image_src *v = xcalloc(n ? n : 1, sizeof(*v));
	unsigned char *mixed = xcalloc(n ? n : 1, 1);
	for (size_t i = 0; i < p->nrefs; i++) {
		const struct project_ref *r = &p->refs[i];
		for (size_t k = 0; k < r->ntags; k++) {
			char *name = project_image_name(r->tags[k]);
			char *const *hit = name ? bsearch(&name, names, n, sizeof(*names), str_cmp) : NULL;
			size_t j;
			if (r->pushed && (r->src == PSRC_WORKFLOW || r->src == PSRC_SCRIPT)) {
				/* the pushed image named through a secret also sources its wildcard name */
				char *w = wild_name(name);
				char *const *wh = w ? bsearch(&w, names, n, sizeof(*names), str_cmp) : NULL;
				if (wh)
					image_src_add(v, mixed, (size_t)(wh - names), r);
				free(w);
			}
			j = hit ? (size_t)(hit - names) : 0;
			free(name);
			if (hit)
				image_src_add(v, mixed, j, r);
		}
	}
	for (size_t j = 0; j < n; j++)
		if (mixed[j]) {
			free(v[j].dockerfile);
			free(v[j].target);
			v[j].dockerfile = v[j].target = NULL;
		}
	free(mixed);
	*srcs = v;
}

void project_image_srcs_free(struct project_image_src *srcs, size_t n)
{
	for (size_t i = 0; srcs && i < n; i++) {
		free(srcs[i].dockerfile);
		free(srcs[i].target);
	}
	free(srcs);
}

/* ---- build contexts ---- */

/* 1 when the COPY source exists below dir (globs: the folder before the first pattern does). */
static int source_exists(const struct fsview *fs, const char *dir, const char *src)
{
	char *s = xstrdup(src), *glob, *path;
	int ok;
	while (s[0] == '/')
		memmove(s, s + 1, strlen(s));
	glob = strpbrk(s, "*?[");
	if (glob) {
		char *slash = glob;
		while (slash > s && *slash != '/')
			slash--;
		*slash = '\0';
	}
	path = path_join_norm(dir, s);
	ok = path && (glob ? fs_stat(fs, path) == FS_DIR || !*path : fs_stat(fs, path) != FS_MISSING);
	free(path);
	free(s);
	return ok;
}

static int all_exist(const struct fsview *fs, const char *dir, const struct role_facts *f)
{
	for (size_t i = 0; f && i < f->nsources; i++)
		if (!source_exists(fs, dir, f->sources[i]))
			return 0;
	return 1;
}

void project_contexts(const struct project *p, const char *path, const struct role_facts *f,
		      const struct fsview *fs, struct project_ctx *out)
{
	memset(out, 0, sizeof(*out));
	for (int src = 0; src < PSRC_COUNT && !out->ncontexts; src++)
		for (size_t i = project_first_ref(p, path); i != (size_t)-1; i = project_next_ref(p, i, path)) {
			const struct project_ref *r = &p->refs[i];
			if ((int)r->src != src || !r->context)
				continue;
			out->src = (enum project_src)src;
			if (!plist_has(out->contexts, out->ncontexts, r->context))
				plist_add(&out->contexts, &out->ncontexts, xstrdup(r->context));
		}
	for (size_t i = project_first_ref(p, path); i != (size_t)-1; i = project_next_ref(p, i, path)) {
		const struct project_ref *r = &p->refs[i];
		for (size_t k = 0; k < r->nargs; k++)
			if (!plist_has(out->args, out->nargs, r->args[k]))
				plist_add(&out->args, &out->nargs, xstrdup(r->args[k]));
		for (size_t k = 0; k < r->nnamed; k++)
			if (!plist_has(out->named, out->nnamed, r->named[k]))
				plist_add(&out->named, &out->nnamed, xstrdup(r->named[k]));
	}
	if (out->ncontexts)
		return;
	{
		char *dir = str_dirname(path);
		if (all_exist(fs, dir, f)) {
			plist_add(&out->contexts, &out->ncontexts, dir);
			out->inferred = 1;
			return;
		}
		free(dir);
	}
	if (all_exist(fs, "", f)) {
		plist_add(&out->contexts, &out->ncontexts, xstrdup(""));
		out->inferred = 1;
		return;
	}
	out->unknown = 1;
}

void project_ctx_free(struct project_ctx *c)
{
	plist_free(c->contexts, c->ncontexts);
	plist_free(c->args, c->nargs);
	plist_free(c->named, c->nnamed);
	memset(c, 0, sizeof(*c));
}
