/*
 * fix_cli_run - the body of `berth fix`: plan and apply every file's fixes
 * in path order (later files see the files earlier ones created, such as a
 * shared .dockerignore), then print one patch or write the files.
 *
 * Planning runs on the pool (pool.h): every file is first planned against
 * the repository as read, noting each path its plan looked at. Then, in path
 * order, a plan is kept when none of those paths is one that earlier files'
 * fixes changed or created (the view would have answered the same), and is
 * made again over those changes otherwise: the result is exactly the serial
 * one, whatever the number of threads.
 */
#include "fix_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commit.h"
#include "diff.h"
#include "pool.h"
#include "repo.h"
#include "scan.h"
#include "strmap.h"

struct pending {
	char *path;
	int create;
	char *old;              /* as read (NULL when created) */
	size_t oldlen;
	char *data;
	size_t len;
	const struct repo_stamp *stamp;         /* the scanned file's, NULL for other files */
	unsigned char items[ITEM_COUNT];        /* the fixes it got, by item */
};

struct run {
	struct repo *repo;
	struct scan s;
	struct fsview base, view;
	struct fix_overlay *ov;
	struct pending *out;
	size_t nout, capout;
	struct strmap outmap;   /* path -> index into out */
	size_t fixes, withheld[FIX_WHY_COUNT], dropped;
	size_t refused;         /* files not written or committed */
};

static struct pending *pending_for(struct run *r, const char *path)
{
	size_t i = strmap_get(&r->outmap, path);
	return i == (size_t)-1 ? NULL : &r->out[i];
}

/* Record a file's new content; a file changed twice keeps its first "old". */
static void keep(struct run *r, struct fix_output *o, const struct repo_stamp *stamp,
		 const struct fix_result *res)
{
	struct pending *p = pending_for(r, o->path);
	if (!p) {
		struct pending np;
		memset(&np, 0, sizeof(np));
		np.path = xstrdup(o->path);
		np.create = o->create;
		np.old = o->old;
		np.oldlen = o->oldlen;
		np.stamp = stamp;
		o->old = NULL;
		PUSH(r->out, r->nout, r->capout, np);
		strmap_put(&r->outmap, r->out[r->nout - 1].path, r->nout - 1);
		p = &r->out[r->nout - 1];
	}
	for (int i = 0; i < ITEM_COUNT; i++) {
		if (!res->applied_item[i])
			continue;
		if (stamp && i != ITEM_PERF_DOCKERIGNORE)
			p->items[i] = 1;        /* the planned file itself */
		else if (i == ITEM_PERF_DOCKERIGNORE)
			p->items[i] = 1;        /* the one fix that edits another file */
	}
	free(p->data);
	p->data = o->data;
	p->len = o->len;
	o->data = NULL;
	fix_overlay_put(r->ov, p->path, p->data, p->len);
}

/* One file's fixes: what fix_apply made of its plan, and what verification withheld. */
struct outcome {
	struct fix_result res;
	int applied;                    /* res holds fix_apply's result */
	size_t withheld[FIX_WHY_COUNT];
};

static void plan_file(struct outcome *oc, const struct config *cfg, const char *only,
		      const struct scan_file *f, const struct fsview *fs)
{
	struct fix_input in;
	struct fix_plan plan;
	struct fix_memo *memo = fix_memo_new();   /* what applying can take from verifying */

	memset(oc, 0, sizeof(*oc));
	memset(&in, 0, sizeof(in));
	in.path = f->res.path;
	in.kind = f->res.kind;
	in.data = f->data;
	in.len = f->len;
	in.fs = fs;
	in.cfg = cfg;
	in.only = only;
	/* the scan worked out which Compose services build this Dockerfile */
	in.contexts = f->contexts;
	in.ncontexts = f->ncontexts;
	if (fix_plan_items(&plan, &in, NULL, 0, memo, NULL) == 0 && plan.nfixes) {
		oc->applied = fix_apply_memo(&oc->res, &in, &plan, NULL, 0, memo) == 0;
		if (!oc->applied)
			fix_result_free(&oc->res);
	}
	for (int w = 0; w < FIX_WHY_COUNT; w++)
		oc->withheld[w] = plan.withheld[w];
	fix_plan_free(&plan);
	fix_memo_free(memo);
}

/* Take a file's outcome into the run (its outputs join the overlay later files see). */
static void merge(struct run *r, struct outcome *oc, struct scan_file *f)
{
	if (oc->applied) {
		r->fixes += oc->res.applied;
		r->dropped += oc->res.dropped;
		for (size_t i = 0; i < oc->res.nfiles; i++)
			keep(r, &oc->res.files[i], strcmp(oc->res.files[i].path, f->res.path) == 0 ? &f->stamp : NULL,
			     &oc->res);
		fix_result_free(&oc->res);
	}
	for (int w = 0; w < FIX_WHY_COUNT; w++)
		r->withheld[w] += oc->withheld[w];
}

/* --- planning every file at once --- */

/* A view that notes every path asked about (each once) and answers from `base`. */
struct recorder {
	const struct fsview *base;
	char **paths;
	size_t n, cap;
	struct strmap seen;
};

static void note(struct recorder *rc, const char *path)
{
	if (strmap_get(&rc->seen, path) != (size_t)-1)
		return;
	PUSH(rc->paths, rc->n, rc->cap, xstrdup(path));
	strmap_put(&rc->seen, rc->paths[rc->n - 1], rc->n - 1);
}

static int rec_read(void *p, const char *path, char **data, size_t *len)
{
	note(p, path);
	return fs_read(((struct recorder *)p)->base, path, data, len);
}

static enum fs_type rec_stat(void *p, const char *path)
{
	note(p, path);
	return fs_stat(((struct recorder *)p)->base, path);
}

static int rec_list(void *p, const char *dir, char ***names, size_t *n)
{
	note(p, dir);
	return fs_list(((struct recorder *)p)->base, dir, names, n);
}

/* whether git tracks a path is the repository's answer, whatever fixes changed */
static int rec_tracked(void *p, const char *path)
{
	return fs_tracked(((struct recorder *)p)->base, path);
}

/* A file planned ahead: its outcome and the paths its plan looked at. */
struct ahead {
	struct outcome oc;
	char **paths;
	size_t npaths;
};

struct ahead_job {
	struct run *r;
	const struct config *cfg;
	const char *only;
	struct ahead *slots;
};

/* Plan one file over an overlay with nothing in it (so it answers as the run's overlay does where that holds nothing). */
static void plan_ahead(size_t i, void *arg)
{
	struct ahead_job *job = arg;
	struct scan_file *f = &job->r->s.files[i];
	struct fix_overlay *none;
	struct fsview empty, view;
	struct recorder rc;

	if (!f->data)
		return;
	none = fix_overlay_new(&job->r->base);
	fix_overlay_view(none, &empty);
	memset(&rc, 0, sizeof(rc));
	rc.base = &empty;
	view.read = rec_read;
	view.stat = rec_stat;
	view.list = rec_list;
	view.tracked = rec_tracked;
	view.payload = &rc;
	plan_file(&job->slots[i].oc, job->cfg, job->only, f, &view);
	job->slots[i].paths = rc.paths;
	job->slots[i].npaths = rc.n;
	strmap_free(&rc.seen);
	fix_overlay_free(none);
}

/* Would the run's overlay have answered every question of this plan as the empty one did? */
static int still_holds(struct run *r, const struct ahead *a)
{
	for (size_t i = 0; i < a->npaths; i++)
		if (fix_overlay_touches(r->ov, a->paths[i]))
			return 0;
	return 1;
}

static void fix_all(struct run *r, const struct config *cfg, const char *only)
{
	struct ahead_job job = { r, cfg, only, xcalloc(r->s.nfiles ? r->s.nfiles : 1, sizeof(struct ahead)) };
	pool_for(r->s.nfiles, plan_ahead, &job);
	for (size_t i = 0; i < r->s.nfiles; i++) {
		struct scan_file *f = &r->s.files[i];
		struct ahead *a = &job.slots[i];
		if (f->data && !still_holds(r, a)) {
			/* it looked at a file an earlier fix changed: plan it again over the changes */
			fix_result_free(&a->oc.res);
			plan_file(&a->oc, cfg, only, f, &r->view);
		}
		if (f->data)
			merge(r, &a->oc, f);
		for (size_t k = 0; k < a->npaths; k++)
			free(a->paths[k]);
		free(a->paths);
	}
	free(job.slots);
}

static int pending_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pending *)a)->path, ((const struct pending *)b)->path);
}

static int print_patch(struct run *r)
{
	struct buf patch = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < r->nout && rc == 0; i++) {
		struct pending *p = &r->out[i];
		char *err = NULL;
		if (diff_patch(&patch, p->path, p->create ? NULL : p->old, p->oldlen, p->data, p->len,
			       &err) < 0) {
			fprintf(stderr, "berth fix: %s: %s\n", p->path, err ? err : "no patch");
			rc = 2;
		}
		free(err);
	}
	if (rc == 0 && (fwrite(patch.ptr ? patch.ptr : "", 1, patch.len, stdout) != patch.len ||
			fflush(stdout) != 0))
		rc = 2;
	buf_free(&patch);
	return rc;
}

/* A file berth did not scan (a .dockerignore): still as it was when planned? Then its stamp. */
static int stamp_other(struct run *r, const struct pending *p, struct repo_stamp *st, char **err)
{
	char *data = NULL;
	size_t len = 0;
	int rc = repo_read(r->repo, p->path, &data, &len, st, err);
	if (rc == 0 && (len != p->oldlen || memcmp(data, p->old, len) != 0)) {
		*err = xasprintf("%s: changed since it was read: refused", p->path);
		rc = -1;
	}
	free(data);
	return rc == 0 ? 0 : -1;
}

static int write_all(struct run *r)
{
	int rc = 0;
	for (size_t i = 0; i < r->nout; i++) {
		struct pending *p = &r->out[i];
		struct repo_stamp st;
		const struct repo_stamp *use = p->stamp;
		char *err = NULL;
		int ok = 0;
		if (!p->stamp && !p->create) {
			ok = stamp_other(r, p, &st, &err);
			use = &st;
		}
		if (ok == 0)
			ok = repo_write(r->repo, p->path, p->data, p->len, use, &err);
		if (ok < 0) {
			fprintf(stderr, "berth fix: %s\n", err ? err : p->path);
			r->refused++;
			rc = 1;
		}
		free(err);
	}
	return rc;
}

/* --commit: the files written and committed by the commit module (which refuses what it must). */
static int commit_all(struct run *r, const struct fix_cli_opts *o)
{
	struct commit_file *files = xcalloc(r->nout ? r->nout : 1, sizeof(*files));
	const char **keys = xcalloc(r->nout * ITEM_COUNT + 1, sizeof(*keys));
	struct commit_opts co = { o->message, o->allow_detached, 1 };
	struct commit_result res;
	char *err = NULL;
	size_t nk = 0;
	int rc = 0;
	if (!r->nout) {
		free(files);
		free(keys);
		return 0;
	}
	for (size_t i = 0; i < r->nout; i++) {
		files[i].path = r->out[i].path;
		files[i].data = r->out[i].data;
		files[i].len = r->out[i].len;
		files[i].stamp = r->out[i].stamp;
		files[i].keys = keys + nk;
		for (int k = 0; k < ITEM_COUNT; k++)
			if (r->out[i].items[k])
				keys[nk++] = item_defs[k].key;
		files[i].nkeys = (size_t)(keys + nk - files[i].keys);
	}
	memset(&res, 0, sizeof(res));
	if (commit_fixes(r->repo, files, r->nout, &co, &res, &err) < 0) {
		fprintf(stderr, "berth fix: %s\n", err ? err : "the commit was refused");
		r->refused = r->nout;
		rc = 2;
	} else {
		for (size_t i = 0; i < res.nrefused; i++)
			fprintf(stderr, "berth fix: %s\n", res.refused[i]);
		r->refused = res.nrefused;
		rc = res.nrefused ? 1 : 0;
		if (res.committed)
			fprintf(stderr, "berth fix: committed %.12s on %s\n", res.id, res.branch ? res.branch : "HEAD");
	}
	commit_result_free(&res);
	free(err);
	free(files);
	free(keys);
	return rc;
}

static void summary(const struct run *r, int mode)
{
	int write = mode != FIX_MODE_DRY_RUN;
	size_t withheld = 0;
	for (int w = 0; w < FIX_WHY_COUNT; w++)
		withheld += r->withheld[w];
	fprintf(stderr, "berth fix: %zu fix%s in %zu file%s", r->fixes, r->fixes == 1 ? "" : "es",
		r->nout, r->nout == 1 ? "" : "s");
	if (!write)
		fputs(" (dry run: nothing written)", stderr);
	else if (r->refused)
		fprintf(stderr, "; %zu written, %zu refused", r->nout - r->refused, r->refused);
	else
		fputs(mode == FIX_MODE_COMMIT ? " written and committed" : " written", stderr);
	if (withheld) {
		fprintf(stderr, "; %zu withheld by verification (", withheld);
		for (int w = 0, first = 1; w < FIX_WHY_COUNT; w++)
			if (r->withheld[w]) {
				fprintf(stderr, "%s%s %zu", first ? "" : ", ", fix_why_name(w), r->withheld[w]);
				first = 0;
			}
		fputc(')', stderr);
	}
	fputc('\n', stderr);
}

static void run_free(struct run *r)
{
	for (size_t i = 0; i < r->nout; i++) {
		free(r->out[i].path);
		free(r->out[i].old);
		free(r->out[i].data);
	}
	free(r->out);
	strmap_free(&r->outmap);
	fix_overlay_free(r->ov);
	scan_free(&r->s);
}

int fix_cli_run(struct repo *repo, const struct config *cfg, char *const *paths, size_t npaths,
		const struct fix_cli_opts *o)
{
	struct run r;
	char *err = NULL;
	int rc;

	memset(&r, 0, sizeof(r));
	r.repo = repo;
	if (scan_run(&r.s, repo, cfg, paths, npaths, NULL, NULL, &err) < 0) {
		fprintf(stderr, "berth fix: %s\n", err ? err : "scan failed");
		free(err);
		return 2;
	}
	repo_fsview(repo, &r.base);
	r.ov = fix_overlay_new(&r.base);
	fix_overlay_view(r.ov, &r.view);
	fix_all(&r, cfg, o->only);
	if (r.nout > 1)
		qsort(r.out, r.nout, sizeof(*r.out), pending_cmp);
	rc = o->mode == FIX_MODE_COMMIT ? commit_all(&r, o) : o->mode == FIX_MODE_WRITE ? write_all(&r)
									: print_patch(&r);
	summary(&r, o->mode);
	run_free(&r);
	return rc;
}
