#include "scan.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "dfcheck.h"
#include "dockerfile.h"
#include "pool.h"
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
static void audit_file(struct file_result *res, const char *path, enum filekind kind,
		       const char *data, size_t len, const struct text *text,
		       const struct fsview *fs, const struct config *cfg,
		       char *const *contexts, size_t ncontexts, const struct compose_doc *doc)
{
	struct audit a;
	audit_init(&a, res, path, kind, text, cfg);
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
	audit_file(res, path, kind, data, len, text, fs, cfg, contexts, ncontexts, NULL);
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
			if (!repo_candidate_kind(base, &k)) {
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

/* What the worker threads share during one scan. */
struct scan_job {
	struct scan *s;
	struct fsview fs;
	scan_progress_fn progress;
	void *payload;
	pthread_mutex_t lock;           /* serialises progress calls */
	size_t done;
	struct compose_build **builds;  /* per file: what a Compose file builds */
	size_t *nbuilds;
	unsigned char *judged;          /* per file: judged in the first pass (a Compose file) */
};

static void progress_one(struct scan_job *job)
{
	if (!job->progress)
		return;
	pthread_mutex_lock(&job->lock);
	job->progress(++job->done, job->s->nfiles, job->payload);
	pthread_mutex_unlock(&job->lock);
}

/* audit_init starts the result afresh with its own copy of the path. */
static void audit_slot(struct scan_job *job, struct scan_file *f, const struct compose_doc *doc)
{
	char *path = f->res.path;
	enum filekind kind = f->res.kind;
	f->res.path = NULL;
	if (!f->data) {
		f->res.path = path;
		audit_unreadable(f, kind, job->s->cfg);        /* takes its own copy of the path */
		free(path);
		progress_one(job);
		return;
	}
	audit_file(&f->res, path, kind, f->data, f->len, &f->text, &job->fs,
		   job->s->cfg, f->contexts, f->ncontexts, doc);
	free(path);
	progress_one(job);
}

/*
 * First pass: read every file. A Compose file is loaded once, here: its
 * builds are kept for the Dockerfiles' contexts and it is judged at once
 * (nothing in its audit waits on another file's), so its document never
 * outlives this job.
 */
static void read_one(size_t i, void *arg)
{
	struct scan_job *job = arg;
	struct scan_file *f = &job->s->files[i];
	int binary;
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
	if (f->res.kind == KIND_COMPOSE && f->data && !binary) {
		struct compose_doc *d = compose_load(f->data, f->len);
		job->nbuilds[i] = compose_builds(d, f->res.path, &job->fs, &job->builds[i]);
		audit_slot(job, f, d);
		job->judged[i] = 1;
		compose_free(d);
	}
}

static int file_path_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct scan_file *)elem)->res.path);
}

/* Give each Dockerfile of the scan the contexts of the Compose services that build it. */
static void link_contexts(struct scan_job *job)
{
	struct scan *s = job->s;
	size_t *cap = xcalloc(s->nfiles ? s->nfiles : 1, sizeof(*cap));
	for (size_t i = 0; i < s->nfiles; i++) {
		struct compose_build *b = job->builds[i];
		for (size_t j = 0; j < job->nbuilds[i]; j++) {
			struct scan_file *df;
			if (!b[j].dockerfile || !b[j].context)
				continue;
			df = bsearch(b[j].dockerfile, s->files, s->nfiles, sizeof(*s->files), file_path_cmp);
			if (df && df->res.kind == KIND_DOCKERFILE)
				PUSH(df->contexts, df->ncontexts, cap[df - s->files], xstrdup(b[j].context));
		}
		compose_builds_free(b, job->nbuilds[i]);
	}
	free(cap);
}

/* Second pass: everything the first did not judge (Dockerfiles, unreadable files). */
static void audit_one(size_t i, void *arg)
{
	struct scan_job *job = arg;
	struct scan_file *f = &job->s->files[i];
	if (job->judged[i])
		return;
	audit_slot(job, f, NULL);
}

int scan_run(struct scan *s, struct repo *repo, const struct config *cfg,
	     char *const *paths, size_t npaths,
	     scan_progress_fn progress, void *payload, char **err)
{
	char **list = NULL;
	enum filekind *kinds = NULL;
	size_t n = 0;
	struct scan_job job = { .s = s, .progress = progress, .payload = payload };

	memset(s, 0, sizeof(*s));
	s->repo = repo;
	s->cfg = cfg;
	*err = NULL;
	if (collect_paths(repo, cfg, paths, npaths, &list, &kinds, &n, err) < 0)
		return -1;
	timing_phase("list");
	repo_fsview(repo, &job.fs);
	s->files = xcalloc(n ? n : 1, sizeof(*s->files));
	s->nfiles = n;
	for (size_t i = 0; i < n; i++) {
		s->files[i].res.path = list[i];
		s->files[i].res.kind = kinds[i];
	}
	free(list);
	free(kinds);
	job.builds = xcalloc(n ? n : 1, sizeof(*job.builds));
	job.nbuilds = xcalloc(n ? n : 1, sizeof(*job.nbuilds));
	job.judged = xcalloc(n ? n : 1, sizeof(*job.judged));

	pthread_mutex_init(&job.lock, NULL);
	/* Compose files first decide the contexts of the Dockerfiles they build */
	pool_for(n, read_one, &job);
	timing_phase("read+compose");
	link_contexts(&job);
	pool_for(n, audit_one, &job);
	pthread_mutex_destroy(&job.lock);
	free(job.builds);
	free(job.nbuilds);
	free(job.judged);
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
	}
	free(s->files);
	memset(s, 0, sizeof(*s));
}
