#include "scan.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "check_memo.h"
#include "compose.h"
#include "dfcheck.h"
#include "dockerfile.h"
#include "pool.h"
#include "project.h"
#include "util.h"

/* A file with a NUL byte in its first 8 KiB is binary: judged as a parse failure, not parsed. */
#define SCAN_BINARY_PROBE 8192

static int looks_binary(const char *data, size_t len)
{
	return memchr(data, '\0', len < SCAN_BINARY_PROBE ? len : SCAN_BINARY_PROBE) != NULL;
}

static int parse_item(enum filekind kind)
{
	return kind == KIND_COMPOSE ? ITEM_COMPOSE_PARSE : ITEM_CORR_PARSE;
}

/* The audit of one file; a Compose file's document may come already loaded (`doc`). */
struct role_in {
	enum role role;
	const char *reason;
	int base_by_name, context_unknown;
	char *const *project_images;    /* the scan's (struct scan), or NULL */
	size_t nproject_images;
	const struct project_image_map *image_map;      /* the scan's, or NULL */
	char *const *build_args;        /* what the repository's builds supply (audit.build_args) */
	size_t nbuild_args;
	char *const *named_contexts;    /* ... and their named contexts (audit.named_contexts) */
	size_t nnamed_contexts;
	int official_images;            /* the scan's */
	struct check_memo *memo;        /* the scan's (audit.memo), or NULL */
};

static void audit_file(struct file_result *res, const char *path, enum filekind kind,
		       const char *data, size_t len, const struct text *text,
		       const struct fsview *fs, const struct config *cfg,
		       char *const *contexts, size_t ncontexts, const struct compose_doc *doc,
		       const struct role_in *role)
{
	struct audit a;
	audit_init(&a, res, path, kind, text, cfg);
	if (role) {
		audit_set_role(&a, role->role, role->reason, role->base_by_name, role->context_unknown);
		a.project_images = role->project_images;
		a.nproject_images = role->nproject_images;
		if (role->image_map)
			a.image_map = *role->image_map;
		a.build_args = role->build_args;
		a.nbuild_args = role->nbuild_args;
		a.named_contexts = role->named_contexts;
		a.nnamed_contexts = role->nnamed_contexts;
		a.official_images = role->official_images;
		a.memo = role->memo;
	}
	if (looks_binary(data, len)) {
		audit_add(&a, parse_item(kind), SEV_ERROR, "binary", 0, 0, FIX_NONE,
			  "the file holds NUL bytes: it is binary, not a %s",
			  kind == KIND_COMPOSE ? "Compose file" : "Dockerfile");
	} else if (kind == KIND_DOCKERFILE) {
		struct df_file df;
		df_parse(&df, data, len);
		check_dockerfile(&a, &df, path, fs, contexts, ncontexts);
		df_free(&df);
	} else if (doc) {
		check_compose(&a, doc, path, fs);
	} else {
		struct compose_doc *d = compose_load(data, len);
		check_compose(&a, d, path, fs);
		compose_free(d);
	}
	check_finish(&a);
}

void scan_audit_file(struct file_result *res, const char *path, enum filekind kind,
		     const char *data, size_t len, const struct text *text,
		     const struct fsview *fs, const struct config *cfg,
		     char *const *contexts, size_t ncontexts)
{
	audit_file(res, path, kind, data, len, text, fs, cfg, contexts, ncontexts, NULL, NULL);
}

void scan_audit_file_as(struct file_result *res, const char *path, enum filekind kind,
			const char *data, size_t len, const struct text *text,
			const struct fsview *fs, const struct config *cfg,
			char *const *contexts, size_t ncontexts,
			enum role role, const char *reason, int base_by_name, int context_unknown,
			char *const *project_images, size_t nproject_images,
			const struct project_image_map *image_map,
			char *const *build_args, size_t nbuild_args,
			char *const *named_contexts, size_t nnamed_contexts, int official_images,
			struct check_memo *memo)
{
	struct role_in r = { role, reason, base_by_name, context_unknown, project_images, nproject_images, image_map,
			     build_args, nbuild_args, named_contexts, nnamed_contexts, official_images, memo };
	audit_file(res, path, kind, data, len, text, fs, cfg, contexts, ncontexts, NULL, &r);
}

/* A failed read becomes the file's parse finding, so the report still names the file. */
static void audit_unreadable(struct scan_file *f, enum filekind kind, const struct config *cfg)
{
	struct audit a;
	audit_init(&a, &f->res, f->res.path ? f->res.path : "", kind, NULL, cfg);
	audit_add(&a, parse_item(kind), SEV_ERROR, "unreadable", 0, 0, FIX_NONE, "%s", f->read_error);
	check_finish(&a);
}

static int path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Candidate paths named by the command line, de-duplicated and sorted. */
static int collect_paths(struct repo *repo, const struct config *cfg, char *const *paths, size_t npaths,
			 char ***out, enum filekind **kinds, size_t *nout, char **err)
{
	char **all = NULL;
	enum filekind *kd = NULL;
	size_t n = 0, cap = 0, kcap = 0, i0;
	char *root_only[] = { "." };

	if (npaths == 0) {
		paths = root_only;
		npaths = 1;
	}
	for (size_t i = 0; i < npaths; i++) {
		char *rel = NULL;
		enum fs_type t;
		struct fsview fs;
		if (repo_relpath(repo, paths[i], &rel) < 0) {
			*err = xasprintf("%s: outside the repository at %s", paths[i], repo_root(repo));
			goto fail;
		}
		repo_fsview(repo, &fs);
		t = fs_stat(&fs, rel);
		if (t == FS_DIR) {
			char **found = NULL;
			size_t nf = 0;
			if (repo_candidates(repo, rel, &found, &nf) < 0 && repo_error(repo)) {
				*err = xstrdup(repo_error(repo));       /* libgit2 could not be loaded or open the repository */
				free(rel);
				goto fail;
			}
			for (size_t j = 0; j < nf; j++) {
				enum filekind k = KIND_DOCKERFILE;
				if (cfg && config_excluded(cfg, found[j])) {
					free(found[j]);
					continue;
				}
				repo_candidate_kind(str_basename(found[j]), &k);
				GROW(kd, kcap, n + 1);
				kd[n] = k;
				PUSH(all, n, cap, found[j]);
			}
			free(found);
			free(rel);
		} else {
			enum filekind k = KIND_DOCKERFILE;
			const char *base = str_basename(rel);
			/* a file named on the command line is always audited, its kind taken from its name */
			if (!repo_candidate_kind(base, &k) && !repo_template_kind(base, &k)) {
				if (str_ends(base, ".yml") || str_ends(base, ".yaml"))
					k = KIND_COMPOSE;
			}
			if (t == FS_MISSING) {
				char *data = NULL, *rerr = NULL;
				size_t len;
				int rc = repo_read(repo, rel, &data, &len, NULL, &rerr);
				free(data);
				free(rerr);
				if (rc == REPO_ERR_MISSING) {
					*err = xasprintf("%s: no such file or folder", paths[i]);
					free(rel);
					goto fail;
				}
			}
			GROW(kd, kcap, n + 1);
			kd[n] = k;
			PUSH(all, n, cap, rel);
		}
	}
	/* sort paths with their kinds, then drop duplicates (one folder's list already is) */
	for (i0 = 1; i0 < n && strcmp(all[i0 - 1], all[i0]) < 0; i0++)
		;
	if (n > 1 && i0 < n) {
		char **tagged = xcalloc(n ? n : 1, sizeof(*tagged));
		for (size_t i = 0; i < n; i++) {
			tagged[i] = xasprintf("%s%c%c", all[i], '\0', (char)('0' + kd[i]));
			free(all[i]);
		}
		qsort(tagged, n, sizeof(*tagged), path_cmp);
		size_t m = 0;
		for (size_t i = 0; i < n; i++) {
			if (m && strcmp(tagged[i], all[m - 1]) == 0) {
				free(tagged[i]);
				continue;
			}
			kd[m] = (enum filekind)(tagged[i][strlen(tagged[i]) + 1] - '0');
			all[m++] = tagged[i];
		}
		free(tagged);
		n = m;
	}
	*out = all;
	*kinds = kd;
	*nout = n;
	return 0;
fail:
	for (size_t i = 0; i < n; i++)
		free(all[i]);
	free(all);
	free(kd);
	return -1;
}

/* What the command line covers (reach_of). */
enum reach { REACH_FILES, REACH_SOME, REACH_WHOLE };

/* What the worker threads share during one scan. */
struct scan_job {
	struct scan *s;
	struct fsview fs;
	scan_progress_fn progress;
	void *payload;
	pthread_mutex_t lock;           /* serialises progress calls */
	size_t done;
	struct project model;           /* the repository's build references (project.h) */
	struct project *compose_refs;   /* per universe file: what a Compose file builds (merged after the first pass) */
	/*
	 * The universe: every candidate of the repository, the scanned files
	 * first (same index as s->files), then the others, read only for what
	 * they say about the scanned ones (roles need the other files).
	 */
	char **upaths;
	enum filekind *ukinds;
	size_t nu;
	struct role_facts *facts;       /* per universe file */
	struct role_result *roles;      /* per universe file, once the first pass is done */
	unsigned char *judged;          /* per file: judged in the first pass (a Compose file) */
	char **links, **targets;        /* candidate symlinks and where they lead (inside the repository) */
	size_t nlinks;
};

static void progress_one(struct scan_job *job)
{
	if (!job->progress)
		return;
	pthread_mutex_lock(&job->lock);
	job->progress(++job->done, job->s->nfiles, job->payload);
	pthread_mutex_unlock(&job->lock);
}

/* A candidate symlink that leads out of the repository (or nowhere): one info finding, nothing read. */
static void audit_link_out(struct scan_file *f, const struct config *cfg, const struct role_in *role)
{
	struct audit a;
	char *path = f->res.path;
	enum filekind kind = f->res.kind;
	f->res.path = NULL;
	audit_init(&a, &f->res, path, kind, NULL, cfg);
	if (role)
		audit_set_role(&a, role->role, role->reason, role->base_by_name, 0);
	audit_add(&a, parse_item(kind), SEV_INFO, "symlink-outside", 0, 0, FIX_NONE,
		  "a symbolic link that leads out of the repository (or nowhere): berth does not follow it");
	check_finish(&a);
	free(path);
}

/* audit_init starts the result afresh with its own copy of the path. */
static void audit_slot(struct scan_job *job, struct scan_file *f, const struct compose_doc *doc,
		       const struct role_in *role)
{
	char *path = f->res.path;
	enum filekind kind = f->res.kind;
	if (f->link_out) {
		audit_link_out(f, job->s->cfg, role);
		progress_one(job);
		return;
	}
	f->res.path = NULL;
	if (!f->data) {
		f->res.path = path;
		audit_unreadable(f, kind, job->s->cfg);        /* takes its own copy of the path */
		free(path);
		progress_one(job);
		return;
	}
	audit_file(&f->res, path, kind, f->data, f->len, &f->text, &job->fs,
		   job->s->cfg, f->contexts, f->ncontexts, doc, role);
	free(path);
	progress_one(job);
}

/* A Compose file's facts, builds and role: everything about it is known once it is loaded. */
static void compose_facts(struct scan_job *job, size_t i, const char *path, const char *data, size_t len,
			  const struct compose_doc *d)
{
	role_facts_compose(&job->facts[i], data, len, d);
	job->facts[i].beside_source = role_beside_source(&job->fs, path);
	role_readme_beside(&job->facts[i], &job->fs, path);
	project_add_compose(&job->compose_refs[i], path, d, &job->fs);
}

/*
 * First pass: read every file. A Compose file is loaded once, here: its
 * builds are kept for the Dockerfiles' contexts and it is judged at once
 * (its role needs only itself and the reference files, read before), so its
 * document never outlives this job. A Dockerfile gives its role facts.
 */
static void read_one(size_t i, void *arg)
{
	struct scan_job *job = arg;
	struct scan_file *f = &job->s->files[i];
	int binary;
	if (f->link_out)
		return;
	if (repo_read(job->s->repo, f->res.path, &f->data, &f->len, &f->stamp, &f->read_error) != 0) {
		free(f->data);
		f->data = NULL;
		f->len = 0;
		if (!f->read_error)
			f->read_error = xstrdup("cannot be read");
	}
	binary = f->data && looks_binary(f->data, f->len);
	/* a binary file gets no line table: its bytes are never shown as source lines */
	if (f->data && !binary)
		text_init(&f->text, f->data, f->len);
	else
		text_init(&f->text, "", 0);
	if (!f->data || binary)
		return;
	if (f->res.kind == KIND_COMPOSE) {
		struct compose_doc *d = compose_load(f->data, f->len);
		struct role_result rr;
		struct role_in role;
		compose_facts(job, i, f->res.path, f->data, f->len, d);
		project_roles(&job->model, job->s->cfg, &job->upaths[i], &job->facts[i], 1, &rr);
		role = (struct role_in){ rr.role, rr.reason, 0, 0, NULL, 0, &job->s->image_map, NULL, 0, NULL, 0, 0,
					  job->s->memo };
		audit_slot(job, f, d, &role);
		job->judged[i] = 1;
		free(rr.reason);
		compose_free(d);
	} else {
		role_facts_dockerfile(&job->facts[i], f->data, f->len);
	}
}

/* The repository's other candidates: read for their facts only. */
static void read_other(size_t k, void *arg)
{
	struct scan_job *job = arg;
	size_t i = job->s->nfiles + k;
	char *data = NULL, *rerr = NULL;
	size_t len = 0;
	if (repo_read(job->s->repo, job->upaths[i], &data, &len, NULL, &rerr) == 0 && !looks_binary(data, len)) {
		if (job->ukinds[i] == KIND_COMPOSE) {
			struct compose_doc *d = compose_load(data, len);
			compose_facts(job, i, job->upaths[i], data, len, d);
			compose_free(d);
		} else {
			role_facts_dockerfile(&job->facts[i], data, len);
		}
	}
	free(data);
	free(rerr);
}

static int file_path_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct scan_file *)elem)->res.path);
}

int scan_file_data(void *scan, const char *path, const char **data, size_t *len)
{
	const struct scan *s = scan;
	const struct scan_file *f = bsearch(path, s->files, s->nfiles, sizeof(*s->files), file_path_cmp);
	if (!f || !f->data)
		return -1;
	*data = f->data;
	*len = f->len;
	return 0;
}

static int scan_file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct scan_file *)a)->res.path, ((const struct scan_file *)b)->res.path);
}

/*
 * Candidate symlinks (CHECKLIST.md, the build context): a link inside the
 * repository is audited as its target, under the target's path (once, even
 * when the target is scanned too); the link still counts for lookups. A
 * link out of the repository is kept, to be reported, and never read.
 */
static void resolve_links(struct scan_job *job)
{
	struct scan *s = job->s;
	size_t m = 0, cap = 0;
	for (size_t i = 0; i < s->nfiles; i++) {
		struct scan_file *f = &s->files[i];
		char *t = NULL;
		int rc = repo_link_target(s->repo, f->res.path, &t);
		if (rc == 1) {
			f->link = f->res.path;
			f->res.path = t;
			GROW(job->links, cap, job->nlinks + 1);
			job->targets = xrealloc(job->targets, cap * sizeof(*job->targets));
			job->links[job->nlinks] = xstrdup(f->link);
			job->targets[job->nlinks++] = xstrdup(t);
		} else if (rc < 0) {
			f->link_out = 1;
		}
	}
	if (!job->nlinks)
		return;
	qsort(s->files, s->nfiles, sizeof(*s->files), scan_file_cmp);
	for (size_t i = 0; i < s->nfiles; i++) {
		if (m && strcmp(s->files[i].res.path, s->files[m - 1].res.path) == 0) {
			free(s->files[i].res.path);
			free(s->files[i].link);
			continue;
		}
		s->files[m++] = s->files[i];
	}
	s->nfiles = m;
}

/* The universe: the scanned files, then every other candidate of the repository (sorted, not excluded). */
static void build_universe(struct scan_job *job, enum reach reach)
{
	struct scan *s = job->s;
	char **all = NULL;
	size_t nall = 0, cap;
	job->nu = s->nfiles;
	cap = s->nfiles + 1;
	job->upaths = xcalloc(cap, sizeof(*job->upaths));
	job->ukinds = xcalloc(cap, sizeof(*job->ukinds));
	for (size_t i = 0; i < s->nfiles; i++) {
		job->upaths[i] = xstrdup(s->files[i].res.path);       /* the audit replaces res.path */
		job->ukinds[i] = s->files[i].res.kind;
	}
	if (reach == REACH_SOME && repo_candidates(s->repo, "", &all, &nall) == 0) {
		for (size_t k = 0; k < nall; k++) {
			enum filekind kind = KIND_DOCKERFILE;
			if (bsearch(all[k], s->files, s->nfiles, sizeof(*s->files), file_path_cmp) ||
			    !repo_candidate_kind(str_basename(all[k]), &kind)) {
				free(all[k]);
				continue;
			}
			GROW(job->upaths, cap, job->nu + 1);
			job->ukinds = xrealloc(job->ukinds, cap * sizeof(*job->ukinds));
			job->upaths[job->nu] = all[k];
			job->ukinds[job->nu++] = kind;
		}
		free(all);
	}
	job->facts = xcalloc(job->nu ? job->nu : 1, sizeof(*job->facts));
	job->compose_refs = xcalloc(job->nu ? job->nu : 1, sizeof(*job->compose_refs));
	job->roles = xcalloc(job->nu ? job->nu : 1, sizeof(*job->roles));
	for (size_t i = 0; i < job->nu; i++) {
		role_facts_init(&job->facts[i], job->ukinds[i]);
		project_init(&job->compose_refs[i]);
	}
}

/*
 * Beyond CHECKLIST.md revision 4 (HOLDOUT2.md linkwarden, HOLDOUT8.md
 * Ackee): the image named after the repository (`OWNER/NAME` of its GitHub
 * slug, on Docker Hub or ghcr.io) is built from the root Dockerfile when
 * no build berth reads names it (a registry's automated build): a Compose
 * service running it is judged with that Dockerfile's HEALTHCHECK and USER.
 */
static void slug_images(struct scan_job *job)
{
	struct scan *s = job->s;
	char *slug;
	if (!job->model.slug || fs_stat(&job->fs, "Dockerfile") != FS_FILE)
		return;
	slug = xstrdup(job->model.slug);
	for (char *c = slug; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	for (int k = 0; k < 2; k++) {
		char *name = k ? xasprintf("ghcr.io/%s", slug) : xstrdup(slug);
		size_t at = 0;
		while (at < s->nimage_names && strcmp(s->image_names[at], name) < 0)
			at++;
		if (at < s->nimage_names && !strcmp(s->image_names[at], name)) {
			free(name);
			continue;
		}
		s->image_names = xrealloc(s->image_names, (s->nimage_names + 1) * sizeof(*s->image_names));
		s->image_srcs = xrealloc(s->image_srcs, (s->nimage_names + 1) * sizeof(*s->image_srcs));
		memmove(s->image_names + at + 1, s->image_names + at, (s->nimage_names - at) * sizeof(*s->image_names));
		memmove(s->image_srcs + at + 1, s->image_srcs + at, (s->nimage_names - at) * sizeof(*s->image_srcs));
		s->image_names[at] = name;
		s->image_srcs[at] = (struct project_image_src){ xstrdup("Dockerfile"), NULL };
		s->nimage_names++;
	}
	free(slug);
}

/* The reference files (bake, workflows, scripts, dev environments), read before anything is judged. */
static void read_model(struct scan_job *job, enum reach reach)
{
	char **refs = NULL;
	size_t n = 0;
	project_init(&job->model);
	if (reach != REACH_FILES)
		job->model.slug = repo_github_slug(job->s->repo);
	if (reach != REACH_FILES && repo_list_files(job->s->repo, project_reference_path, &refs, &n) == 0)
		project_read(&job->model, &job->fs, refs, n);
	repo_paths_free(refs, n);
	/* before Compose builds join: the images CI, scripts and bake build, for the Compose files judged first */
	project_images(&job->model, &job->s->image_names, &job->s->nimage_names);
	project_image_sources(&job->model, job->s->image_names, job->s->nimage_names, &job->s->image_srcs);
	slug_images(job);
	job->s->image_map = (struct project_image_map){ job->s->image_names, job->s->image_srcs, job->s->nimage_names };
}

/* After the first pass: Compose builds join the model, then roles and contexts for every Dockerfile. */
static void include_contexts(struct scan_job *job);

static void link_model(struct scan_job *job)
{
	struct scan *s = job->s;
	for (size_t i = 0; i < job->nu; i++)
		project_take(&job->model, &job->compose_refs[i]);
	for (size_t i = 0; i < job->nlinks; i++)
		project_alias(&job->model, job->links[i], job->targets[i]);
	project_index(&job->model);
	project_images(&job->model, &s->project_images, &s->nproject_images);
	s->official_images = check_official_images(&job->fs);
	project_roles(&job->model, s->cfg, job->upaths, job->facts, job->nu, job->roles);
	for (size_t i = 0; i < s->nfiles; i++) {
		struct scan_file *f = &s->files[i];
		struct project_ctx c;
		if (f->res.kind != KIND_DOCKERFILE || f->link_out)
			continue;
		project_contexts(&job->model, f->res.path, &job->facts[i], &job->fs, &c);
		if (!c.unknown) {
			f->contexts = c.contexts;
			f->ncontexts = c.ncontexts;
			c.contexts = NULL;
			c.ncontexts = 0;
		}
		f->context_unknown = c.unknown;
		f->build_args = c.args;
		f->nbuild_args = c.nargs;
		f->named_contexts = c.named;
		f->nnamed_contexts = c.nnamed;
		c.args = c.named = NULL;
		c.nargs = c.nnamed = 0;
		project_ctx_free(&c);
	}
	include_contexts(job);
}

/* The bytes hold the word INCLUDE: a cheap test before parsing again. */
static int mentions_include(const char *d, size_t n)
{
	for (size_t i = 0; i + 7 <= n; i++)
		if (d[i] == 'I' && !memcmp(d + i, "INCLUDE", 7))
			return 1;
	return 0;
}

/* The scanned Dockerfile at `path`, or NULL. */
static struct scan_file *dockerfile_at(struct scan *s, const char *path)
{
	for (size_t i = 0; i < s->nfiles; i++)
		if (s->files[i].res.kind == KIND_DOCKERFILE && !strcmp(s->files[i].res.path, path))
			return &s->files[i];
	return NULL;
}

/*
 * Beyond revision 4 (project_include.c): a Dockerfile that INCLUDEs others
 * through its frontend knows the stages of every fragment; each fragment
 * knows those of the fragments INCLUDEd before it. Both as named contexts.
 */
static void include_contexts(struct scan_job *job)
{
	struct scan *s = job->s;
	for (size_t i = 0; i < s->nfiles; i++) {
		struct scan_file *f = &s->files[i];
		char *inc[PROJECT_INCLUDE_MAX];
		struct df_file df;
		size_t n;
		if (f->res.kind != KIND_DOCKERFILE || !f->data || !mentions_include(f->data, f->len))
			continue;
		df_parse(&df, f->data, f->len);
		n = project_includes(&job->fs, f->res.path, &df, inc, PROJECT_INCLUDE_MAX);
		df_free(&df);
		if (!n)
			continue;
		project_include_names(&job->fs, inc, n, &f->named_contexts, &f->nnamed_contexts);
		for (size_t k = 1; k < n; k++) {
			struct scan_file *g = dockerfile_at(s, inc[k]);
			if (g && g != f && !g->nnamed_contexts)
				project_include_names(&job->fs, inc, k, &g->named_contexts, &g->nnamed_contexts);
		}
		for (size_t k = 0; k < n; k++)
			free(inc[k]);
	}
}

/* Second pass: everything the first did not judge (Dockerfiles, unreadable files). */
static void audit_one(size_t i, void *arg)
{
	struct scan_job *job = arg;
	struct scan_file *f = &job->s->files[i];
	struct role_in role = { job->roles[i].role, job->roles[i].reason, job->roles[i].base_by_name,
				f->context_unknown, job->s->project_images, job->s->nproject_images, &job->s->image_map,
				f->build_args, f->nbuild_args, f->named_contexts, f->nnamed_contexts,
				job->s->official_images, job->s->memo };
	if (job->judged[i])
		return;
	audit_slot(job, f, NULL, &role);
}

/* A context's .dockerignore is one problem for every Dockerfile built with it: raised once; so is a
 * Compose problem a service takes from another file through extends (check.h). */
static void once_across(struct scan *s)
{
	struct file_result **res = xcalloc(s->nfiles ? s->nfiles : 1, sizeof(*res));
	for (size_t i = 0; i < s->nfiles; i++)
		res[i] = &s->files[i].res;
	check_once_across(res, s->nfiles, ITEM_PERF_DOCKERIGNORE);
	check_extends_across(res, s->nfiles);
	free(res);
}

static void job_free(struct scan_job *job)
{
	for (size_t i = 0; i < job->nu; i++) {
		role_facts_free(&job->facts[i]);
		project_free(&job->compose_refs[i]);
		free(job->roles[i].reason);
		free(job->upaths[i]);
	}
	free(job->facts);
	free(job->compose_refs);
	free(job->roles);
	free(job->upaths);
	free(job->ukinds);
	free(job->judged);
	repo_paths_free(job->links, job->nlinks);
	repo_paths_free(job->targets, job->nlinks);
	project_free(&job->model);
}

/*
 * What the command line covers: the whole repository (no path, or the root
 * named), some folders, or named files only. Named files alone never load
 * libgit2 (repo.h): then the model and the other candidates are not read,
 * and a role rests on the file's own path, name and content.
 */
static enum reach reach_of(struct repo *repo, char *const *paths, size_t npaths)
{
	enum reach r = REACH_FILES;
	if (npaths == 0)
		return REACH_WHOLE;
	for (size_t i = 0; i < npaths; i++) {
		char *rel = NULL;
		struct fsview fs;
		if (repo_relpath(repo, paths[i], &rel) == 0 && rel) {
			repo_fsview(repo, &fs);
			if (!*rel)
				r = REACH_WHOLE;
			else if (r == REACH_FILES && fs_stat(&fs, rel) == FS_DIR)
				r = REACH_SOME;
		}
		free(rel);
	}
	return r;
}

int scan_run(struct scan *s, struct repo *repo, const struct config *cfg,
	     char *const *paths, size_t npaths,
	     scan_progress_fn progress, void *payload, char **err)
{
	char **list = NULL;
	enum filekind *kinds = NULL;
	size_t n = 0;
	struct scan_job job = { .s = s, .progress = progress, .payload = payload };
	enum reach reach;

	memset(s, 0, sizeof(*s));
	s->repo = repo;
	s->cfg = cfg;
	*err = NULL;
	if (collect_paths(repo, cfg, paths, npaths, &list, &kinds, &n, err) < 0)
		return -1;
	timing_phase("list");
	repo_fsview(repo, &job.fs);
	s->memo = check_memo_new();
	s->files = xcalloc(n ? n : 1, sizeof(*s->files));
	s->nfiles = n;
	for (size_t i = 0; i < n; i++) {
		s->files[i].res.path = list[i];
		s->files[i].res.kind = kinds[i];
	}
	free(list);
	free(kinds);
	reach = reach_of(repo, paths, npaths);
	resolve_links(&job);
	build_universe(&job, reach);
	job.judged = xcalloc(s->nfiles ? s->nfiles : 1, sizeof(*job.judged));
	read_model(&job, reach);
	timing_phase("references");

	pthread_mutex_init(&job.lock, NULL);
	/* Compose files first decide the contexts of the Dockerfiles they build */
	pool_for(s->nfiles, read_one, &job);
	pool_for(job.nu - s->nfiles, read_other, &job);
	timing_phase("read+compose");
	link_model(&job);
	pool_for(s->nfiles, audit_one, &job);
	once_across(s);
	pthread_mutex_destroy(&job.lock);
	job_free(&job);
	return 0;
}

void scan_free(struct scan *s)
{
	for (size_t i = 0; i < s->nfiles; i++) {
		struct scan_file *f = &s->files[i];
		file_result_free(&f->res);
		text_free(&f->text);
		free(f->data);
		free(f->read_error);
		for (size_t j = 0; j < f->ncontexts; j++)
			free(f->contexts[j]);
		free(f->contexts);
		repo_paths_free(f->build_args, f->nbuild_args);
		repo_paths_free(f->named_contexts, f->nnamed_contexts);
		free(f->link);
	}
	free(s->files);
	repo_paths_free(s->project_images, s->nproject_images);
	repo_paths_free(s->image_names, s->nimage_names);
	project_image_srcs_free(s->image_srcs, s->nimage_names);
	check_memo_free(s->memo);
	memset(s, 0, sizeof(*s));
}
