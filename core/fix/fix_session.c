/*
 * fix_session - accepted fixes planned, verified, applied, written or
 * committed: the pipeline `berth fix` and the TUI share (fix_session.h).
 */
#include "fix_session.h"
#include "fix_priv.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "strmap.h"

/* The stamp of a file as the session first read it. */
struct stamped {
	char *path;
	struct repo_stamp st;
};

/* A view over the session's base that notes every path asked about (each once). */
struct recorder {
	struct fix_session *fs;
	char **paths;
	size_t n, cap;
	struct strmap seen;
};

/* What the session keeps about one scanned file. */
struct slot {
	int ready;
	int failed;                             /* cannot be planned (unread, binary) */
	struct fix_memo *memo;                  /* over `view`; seeded with the scan's audit */
	struct recorder rec;                    /* what its plans, applies and audits asked about */
	struct fsview view;
	int have_deps;                          /* the original's audit went through rec too */
	struct fix_plan *plans[ITEM_COUNT];     /* one item each, over the repository as read */
	/* the last pick applied over the repository as read */
	int prepared, prep_ok;
	unsigned char prep_items[ITEM_COUNT];
	struct fix_result prep;
	size_t prep_withheld[FIX_WHY_COUNT];
	/* the notes of its plan in the last batch when it was planned again over earlier fixes, else NULL */
	char *batch_notes;
};

struct fix_session {
	const struct scan *scan;
	struct repo *repo;
	const struct config *cfg;
	struct fsview repo_view;        /* the repository */
	struct fsview base;             /* the repository, noting the stamp of every file read */
	pthread_mutex_t lock;           /* the stamps: files are planned on the pool */
	struct stamped **stamps;        /* one allocation each: pointers to them stay valid */
	size_t nstamps, capstamps;
	struct strmap stampmap;         /* path -> index into stamps */
	struct slot *slots;             /* per scanned file */
	size_t nfiles;
	struct fix_batch batch;
	int have_batch;
	enum fix_level level;           /* the highest level a batch applies (fix_session_set_level) */
};

/* --- the base view: the repository, with the stamp of what was read --- */

static int base_read(void *p, const char *path, char **data, size_t *len)
{
	struct fix_session *fs = p;
	struct repo_stamp st;
	char *err = NULL;
	int rc = repo_read(fs->repo, path, data, len, &st, &err);
	free(err);
	if (rc != 0)
		return -1;
	pthread_mutex_lock(&fs->lock);
	if (strmap_get(&fs->stampmap, path) == (size_t)-1) {
		struct stamped *s = xmalloc(sizeof(*s));
		s->path = xstrdup(path);
		s->st = st;
		PUSH(fs->stamps, fs->nstamps, fs->capstamps, s);
		strmap_put(&fs->stampmap, s->path, fs->nstamps - 1);
	}
	pthread_mutex_unlock(&fs->lock);
	return 0;
}

static enum fs_type base_stat(void *p, const char *path)
{
	return fs_stat(&((struct fix_session *)p)->repo_view, path);
}

static int base_list(void *p, const char *dir, char ***names, size_t *n)
{
	return fs_list(&((struct fix_session *)p)->repo_view, dir, names, n);
}

static int base_tracked(void *p, const char *path)
{
	return fs_tracked(&((struct fix_session *)p)->repo_view, path);
}

/* The stamp of the first read of `path`, or NULL. */
static const struct repo_stamp *stamp_of(struct fix_session *fs, const char *path)
{
	size_t i;
	pthread_mutex_lock(&fs->lock);
	i = strmap_get(&fs->stampmap, path);
	pthread_mutex_unlock(&fs->lock);
	return i == (size_t)-1 ? NULL : &fs->stamps[i]->st;
}

/* --- the recorder --- */

static void note(struct recorder *rc, const char *path)
{
	if (strmap_get(&rc->seen, path) != (size_t)-1)
		return;
	PUSH(rc->paths, rc->n, rc->cap, xstrdup(path));
	strmap_put(&rc->seen, rc->paths[rc->n - 1], rc->n - 1);
}

static int rec_read(void *p, const char *path, char **data, size_t *len)
{
	struct recorder *rc = p;
	note(rc, path);
	return fs_read(&rc->fs->base, path, data, len);
}

static enum fs_type rec_stat(void *p, const char *path)
{
	struct recorder *rc = p;
	note(rc, path);
	return fs_stat(&rc->fs->base, path);
}

static int rec_list(void *p, const char *dir, char ***names, size_t *n)
{
	struct recorder *rc = p;
	note(rc, dir);
	return fs_list(&rc->fs->base, dir, names, n);
}

/* whether git tracks a path is the repository's answer, whatever fixes changed */
static int rec_tracked(void *p, const char *path)
{
	return fs_tracked(&((struct recorder *)p)->fs->base, path);
}

static void recorder_free(struct recorder *rc)
{
	for (size_t i = 0; i < rc->n; i++)
		free(rc->paths[i]);
	free(rc->paths);
	strmap_free(&rc->seen);
	memset(rc, 0, sizeof(*rc));
}

/* --- the session --- */

struct fix_session *fix_session_new(const struct scan *s)
{
	struct fix_session *fs = xcalloc(1, sizeof(*fs));
	fs->scan = s;
	fs->repo = s->repo;
	fs->cfg = s->cfg;
	if (s->repo)
		repo_fsview(s->repo, &fs->repo_view);
	fs->base.read = base_read;
	fs->base.stat = base_stat;
	fs->base.list = base_list;
	fs->base.tracked = base_tracked;
	fs->base.payload = fs;
	pthread_mutex_init(&fs->lock, NULL);
	fs->slots = xcalloc(s->nfiles ? s->nfiles : 1, sizeof(*fs->slots));
	fs->nfiles = s->nfiles;
	return fs;
}

void fix_input_of_scan(struct fix_input *in, const struct scan *s, size_t file, const struct fsview *view,
		       const struct config *cfg)
{
	const struct scan_file *f = &s->files[file];
	memset(in, 0, sizeof(*in));
	in->path = f->res.path;
	in->kind = f->res.kind;
	in->data = f->data ? f->data : "";
	in->len = f->len;
	in->fs = view;
	in->cfg = cfg;
	/* the scan worked out which Compose services build this Dockerfile */
	in->contexts = f->contexts;
	in->ncontexts = f->ncontexts;
	in->judged = &f->res;           /* a dev or test file's re-audits keep its role */
	in->build_args = f->build_args;
	in->nbuild_args = f->nbuild_args;
	in->named_contexts = f->named_contexts;
	in->nnamed_contexts = f->nnamed_contexts;
	in->project_images = s->project_images;
	in->nproject_images = s->nproject_images;
	in->official_images = s->official_images;
	in->scan = s;
	in->role = f->res.role;
	in->context_unknown = f->res.context_unknown;
}

static void input_of(const struct fix_session *fs, size_t file, const struct fsview *view,
		     struct fix_input *in)
{
	fix_input_of_scan(in, fs->scan, file, view, fs->cfg);
	in->level = fs->level;
}

static struct slot *slot_ready(struct fix_session *fs, size_t file)
{
	struct slot *sl = &fs->slots[file];
	const struct scan_file *f = &fs->scan->files[file];
	if (sl->ready)
		return sl;
	sl->ready = 1;
	sl->memo = fix_memo_new();
	sl->rec.fs = fs;
	sl->view.read = rec_read;
	sl->view.stat = rec_stat;
	sl->view.list = rec_list;
	sl->view.tracked = rec_tracked;
	sl->view.payload = &sl->rec;
	if (f->data)
		fix_memo_seed(sl->memo, f->data, f->len, &f->res);     /* the scan audited it over this view */
	else
		sl->failed = 1;
	return sl;
}

/* A plan whose audit of the original is the memo's (fix_plan_items with a state): cleared before it is freed. */
static void plan_release(struct fix_plan *p)
{
	memset(&p->before, 0, sizeof(p->before));
	fix_plan_free(p);
	free(p);
}

static void slot_forget(struct slot *sl)
{
	for (int i = 0; i < ITEM_COUNT; i++)
		if (sl->plans[i]) {
			plan_release(sl->plans[i]);
			sl->plans[i] = NULL;
		}
	if (sl->prepared && sl->prep_ok)
		fix_result_free(&sl->prep);
	sl->prepared = sl->prep_ok = 0;
}

void fix_session_forget_plans(struct fix_session *fs)
{
	for (size_t i = 0; fs && i < fs->nfiles; i++)
		slot_forget(&fs->slots[i]);
}

const struct fix_plan *fix_session_plan(struct fix_session *fs, size_t file, int item)
{
	struct slot *sl;
	if (!fs || file >= fs->scan->nfiles || item < 0 || item >= ITEM_COUNT)
		return NULL;
	sl = slot_ready(fs, file);
	if (sl->failed)
		return NULL;
	if (!sl->plans[item]) {
		struct fix_plan *p = xcalloc(1, sizeof(*p));
		struct fix_input in;
		struct fix_state none;          /* nothing changed: the original's audit comes from the memo */
		unsigned char one[ITEM_COUNT] = { 0 };
		one[item] = 1;
		memset(&none, 0, sizeof(none));
		input_of(fs, file, &sl->view, &in);
		if (fix_plan_items(p, &in, one, 0, sl->memo, &none) < 0) {
			fix_plan_free(p);       /* its audit is its own here */
			free(p);
			sl->failed = 1;
			return NULL;
		}
		sl->plans[item] = p;
	}
	return sl->plans[item];
}

/* Would a plan of `item` be made at all? (as fix_plan_items decides) */
static int plannable(const struct scan_file *f, const unsigned char *items, int item)
{
	return (!items || items[item]) && fix_generator(item) && item_defs[item].kind == f->res.kind &&
	       f->res.status[item] == ST_FAIL;
}

/*
 * The plan of several items, from the one-item plans (shallow: free only
 * out->fixes). -1 when the file cannot be planned.
 */
static int combined_plan(struct fix_session *fs, size_t file, const unsigned char *items,
			 struct fix_plan *out)
{
	const struct scan_file *f = &fs->scan->files[file];
	size_t cap = 0;
	memset(out, 0, sizeof(*out));
	if (slot_ready(fs, file)->failed)
		return -1;
	for (int i = 0; i < ITEM_COUNT; i++) {
		const struct fix_plan *p;
		if (!plannable(f, items, i))
			continue;
		if (!(p = fix_session_plan(fs, file, i))) {
			free(out->fixes);
			memset(out, 0, sizeof(*out));
			return -1;
		}
		for (size_t k = 0; k < p->nfixes; k++)
			PUSH(out->fixes, out->nfixes, cap, p->fixes[k]);
		for (int w = 0; w < FIX_WHY_COUNT; w++)
			out->withheld[w] += p->withheld[w];
		out->withheld_item[i] += p->withheld_item[i];
	}
	out->path = f->res.path;
	out->kind = f->res.kind;
	out->before = f->res;
	return 0;
}

void fix_session_set_level(struct fix_session *fs, enum fix_level level)
{
	fs->level = level;
}

void fix_session_notes(struct fix_session *fs, const struct fix_pick *picks, size_t n, struct buf *out)
{
	size_t *order = xcalloc(n ? n : 1, sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	/* picks in path order, as the patch */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && picks[order[j - 1]].file > picks[order[j]].file; j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t k = 0; k < n; k++) {
		const struct fix_pick *pk = &picks[order[k]];
		const struct scan_file *f;
		struct fix_plan all;
		size_t capf = 0, caph = 0;
		if (pk->file >= fs->nfiles || slot_ready(fs, pk->file)->failed)
			continue;
		if (fs->slots[pk->file].batch_notes) {
			/* planned again over the batch's earlier fixes: what was applied says so */
			buf_puts(out, fs->slots[pk->file].batch_notes);
			continue;
		}
		f = &fs->scan->files[pk->file];
		memset(&all, 0, sizeof(all));
		for (int i = 0; i < ITEM_COUNT; i++) {
			const struct fix_plan *p;
			if (!plannable(f, pk->items, i) || !(p = fix_session_plan(fs, pk->file, i)))
				continue;
			for (size_t j = 0; j < p->nfixes; j++)
				PUSH(all.fixes, all.nfixes, capf, p->fixes[j]);
			for (size_t j = 0; j < p->nheld; j++)
				PUSH(all.held, all.nheld, caph, p->held[j]);
			all.withheld_item[i] += p->withheld_item[i];
		}
		all.path = f->res.path;
		all.before = f->res;
		fix_plan_notes(out, &all);
		free(all.fixes);
		free(all.held);
	}
	free(order);
}

int fix_session_try(struct fix_session *fs, size_t file, int item, struct fix_result *out)
{
	struct fix_plan plan;
	struct fix_input in;
	unsigned char one[ITEM_COUNT] = { 0 };
	size_t n = 0;
	int rc = -1;
	memset(out, 0, sizeof(*out));
	if (!fs || file >= fs->scan->nfiles || item < 0 || item >= ITEM_COUNT)
		return -1;
	one[item] = 1;
	if (combined_plan(fs, file, one, &plan) < 0)
		return -1;
	for (size_t i = 0; i < plan.nfixes; i++)
		n += !plan.fixes[i].needs_value;
	input_of(fs, file, &fs->slots[file].view, &in);
	if (n && fix_apply_memo(out, &in, &plan, NULL, 0, fs->slots[file].memo) == 0)
		rc = 0;
	else
		fix_result_free(out);
	free(plan.fixes);
	return rc;
}

/* A pick's items as flags (NULL: every item). */
static void mask_of(const unsigned char *items, unsigned char *mask)
{
	for (int i = 0; i < ITEM_COUNT; i++)
		mask[i] = items ? items[i] != 0 : 1;
}

/* Plan and apply a pick over the repository as read, into the slot. */
static void base_apply(struct fix_session *fs, size_t file, const unsigned char *items)
{
	struct slot *sl = slot_ready(fs, file);
	struct fix_plan plan;
	struct fix_input in;
	if (sl->prepared && sl->prep_ok)
		fix_result_free(&sl->prep);
	sl->prepared = 1;
	sl->prep_ok = 0;
	mask_of(items, sl->prep_items);
	memset(sl->prep_withheld, 0, sizeof(sl->prep_withheld));
	if (combined_plan(fs, file, items, &plan) < 0)
		return;
	memcpy(sl->prep_withheld, plan.withheld, sizeof(sl->prep_withheld));
	if (plan.nfixes) {
		input_of(fs, file, &sl->view, &in);
		sl->prep_ok = fix_apply_memo(&sl->prep, &in, &plan, NULL, 0, sl->memo) == 0;
		if (!sl->prep_ok)
			fix_result_free(&sl->prep);
	}
	free(plan.fixes);
}

/* Audit the original once through the recorder, to learn what its audit asks about. */
static void learn_deps(struct fix_session *fs, size_t file)
{
	struct slot *sl = slot_ready(fs, file);
	struct fix_input in;
	struct file_result r;
	if (sl->have_deps || sl->failed)
		return;
	input_of(fs, file, &sl->view, &in);
	fix_audit(&r, &in, in.data, in.len, &sl->view);
	file_result_free(&r);
	sl->have_deps = 1;
}

struct prep_job {
	struct fix_session *fs;
	const struct fix_pick *picks;
	int deps;               /* several files: a later one may need to know what its audit asked */
};

static void prep_one(size_t i, void *arg)
{
	struct prep_job *job = arg;
	const struct fix_pick *p = &job->picks[i];
	struct slot *sl;
	if (!job->fs->scan->files[p->file].data)
		return;
	base_apply(job->fs, p->file, p->items);
	if (job->deps)
		learn_deps(job->fs, p->file);
	/*
	 * A whole repository's audits and parses would stay in memory to the
	 * end: the result is what the batch needs, the memo starts afresh.
	 */
	sl = &job->fs->slots[p->file];
	fix_memo_free(sl->memo);
	sl->memo = fix_memo_new();
	fix_memo_seed(sl->memo, job->fs->scan->files[p->file].data, job->fs->scan->files[p->file].len,
		      &job->fs->scan->files[p->file].res);
}

static int pick_cmp(const void *a, const void *b)
{
	const struct fix_pick *x = a, *y = b;
	return x->file < y->file ? -1 : x->file > y->file;
}

/*
 * Compose files after every other file, each group in path order: a Compose
 * fix reads the Dockerfiles its services build (compose.cap-drop on a project
 * image that ends non-root), so it must see them as this batch leaves them;
 * otherwise a second run would find what the first one made possible.
 */
static void compose_last(const struct fix_session *fs, struct fix_pick *v, size_t n)
{
	struct fix_pick *tmp = xcalloc(n ? n : 1, sizeof(*tmp));
	size_t k = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			if ((fs->scan->files[v[i].file].res.kind == KIND_COMPOSE) == pass)
				tmp[k++] = v[i];
	memcpy(v, tmp, n * sizeof(*v));
	free(tmp);
}

/* The picks in path order (the scan's order), one per file, the first kept; Compose files last. */
static struct fix_pick *sorted_picks(const struct fix_session *fs, const struct fix_pick *picks,
				     size_t n, size_t *out_n)
{
	struct fix_pick *v = xcalloc(n ? n : 1, sizeof(*v));
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (picks[i].file < fs->scan->nfiles)
			v[m++] = picks[i];
	if (m > 1)
		qsort(v, m, sizeof(*v), pick_cmp);
	*out_n = 0;
	for (size_t i = 0; i < m; i++)
		if (*out_n == 0 || v[*out_n - 1].file != v[i].file)
			v[(*out_n)++] = v[i];
	compose_last(fs, v, *out_n);
	return v;
}

void fix_session_prepare(struct fix_session *fs, const struct fix_pick *picks, size_t n)
{
	size_t m;
	struct fix_pick *v = sorted_picks(fs, picks, n, &m);
	struct prep_job job = { fs, v, m > 1 };
	/* each slot is set up here, so that a worker touches its own slot only */
	for (size_t i = 0; i < m; i++)
		slot_ready(fs, v[i].file);
	pool_for(m, prep_one, &job);
	free(v);
}

/* --- the batch --- */

static void batch_free(struct fix_batch *b)
{
	for (size_t i = 0; i < b->nfiles; i++) {
		free(b->files[i].path);
		free(b->files[i].old);
		free(b->files[i].data);
		free(b->files[i].refused);
		for (size_t k = 0; k < b->files[i].nkeys; k++)
			free(b->files[i].notes[k]);
	}
	free(b->files);
	memset(b, 0, sizeof(*b));
}

/*
 * Would the overlay have answered every question of the slot's plans as the
 * repository did? The original's audit came from the scan: the first time
 * the answer matters, it is made again through the recorder to learn what
 * it asked.
 */
static int holds(struct fix_session *fs, size_t file, struct fix_overlay *ov)
{
	struct slot *sl = &fs->slots[file];
	learn_deps(fs, file);
	for (size_t i = 0; i < sl->rec.n; i++)
		if (fix_overlay_touches(ov, sl->rec.paths[i]))
			return 0;
	return 1;
}

/*
 * Does a chosen fix of `item` (one not waiting for a value) change `path`?
 * A chosen fix dropped because the others already mended its item still
 * names it: the commit lists what was asked for and is in it.
 */
/* The note of the item's first fix that edits `path` (its level first: "review: ..."), or NULL. */
static const char *item_note(const struct fix_plan *plan, int item, const char *path, enum fix_level level)
{
	for (size_t i = 0; i < plan->nfixes; i++)
		for (size_t c = 0; plan->fixes[i].item == item && !plan->fixes[i].needs_value &&
				   plan->fixes[i].level <= level &&
				   c < plan->fixes[i].nchanges; c++)
			if (strcmp(plan->fixes[i].changes[c].path, path) == 0)
				return plan->fixes[i].note;
	return NULL;
}

/* Does a fix of `item` that the batch's level applies edit `path`? */
static int item_touches(const struct fix_plan *plan, int item, const char *path, enum fix_level level)
{
	for (size_t i = 0; i < plan->nfixes; i++)
		for (size_t c = 0; plan->fixes[i].item == item && !plan->fixes[i].needs_value &&
				   plan->fixes[i].level <= level &&
				   c < plan->fixes[i].nchanges; c++)
			if (strcmp(plan->fixes[i].changes[c].path, path) == 0)
				return 1;
	return 0;
}

struct batching {
	struct fix_session *fs;
	struct fix_overlay *ov;
	struct strmap outmap;   /* path -> index into batch.files */
	size_t cap;
	size_t changed;         /* files put in the overlay */
};

/* Take one file's result into the batch: a file changed twice keeps its first "old". */
static void merge(struct batching *bt, const struct fix_result *res, const struct fix_plan *plan)
{
	struct fix_batch *b = &bt->fs->batch;
	b->applied += res->applied;
	b->dropped += res->dropped;
	for (size_t i = 0; i < res->nfiles; i++) {
		const struct fix_output *o = &res->files[i];
		size_t k = strmap_get(&bt->outmap, o->path);
		struct fix_session_out *out;
		if (k == (size_t)-1) {
			struct fix_session_out no;
			memset(&no, 0, sizeof(no));
			no.path = xstrdup(o->path);
			no.create = o->create;
			no.old = o->old ? xstrndup(o->old, o->oldlen) : NULL;
			no.oldlen = o->oldlen;
			PUSH(b->files, b->nfiles, bt->cap, no);
			k = b->nfiles - 1;
			strmap_put(&bt->outmap, b->files[k].path, k);
		}
		out = &b->files[k];
		free(out->data);
		out->data = xstrndup(o->data, o->len);
		out->len = o->len;
		for (int it = 0; it < ITEM_COUNT; it++) {
			size_t j;
			if (!item_touches(plan, it, o->path, bt->fs->level))
				continue;
			for (j = 0; j < out->nkeys && strcmp(out->keys[j], item_defs[it].key) != 0; j++)
				;
			if (j == out->nkeys && out->nkeys < ITEM_COUNT) {
				const char *note = item_note(plan, it, o->path, bt->fs->level);
				out->notes[out->nkeys] = note ? xstrdup(note) : NULL;
				out->keys[out->nkeys++] = item_defs[it].key;
			}
		}
		fix_overlay_put(bt->ov, out->path, out->data, out->len);
		bt->changed++;
	}
}

/* One pick: over the repository as read when that still holds, else planned again over the overlay. */
static void apply_pick(struct batching *bt, const struct fix_pick *p)
{
	struct fix_session *fs = bt->fs;
	struct slot *sl = slot_ready(fs, p->file);
	unsigned char mask[ITEM_COUNT];
	mask_of(p->items, mask);
	if (!sl->prepared || memcmp(mask, sl->prep_items, sizeof(mask)) != 0)
		base_apply(fs, p->file, p->items);
	free(sl->batch_notes);
	sl->batch_notes = NULL;
	if (bt->changed == 0 || holds(fs, p->file, bt->ov)) {
		struct fix_plan plan;
		for (int w = 0; w < FIX_WHY_COUNT; w++)
			fs->batch.withheld[w] += sl->prep_withheld[w];
		if (sl->prep_ok && combined_plan(fs, p->file, p->items, &plan) == 0) {
			merge(bt, &sl->prep, &plan);
			free(plan.fixes);
		}
	} else {
		/* it asked about a file an earlier fix changed: plan it again over the changes */
		struct fix_memo *memo = fix_memo_new();
		struct fsview view;
		struct fix_input in;
		struct fix_plan plan;
		struct fix_result res;
		fix_overlay_view(bt->ov, &view);
		input_of(fs, p->file, &view, &in);
		if (fix_plan_items(&plan, &in, p->items, 0, memo, NULL) == 0) {
			struct buf nb = BUF_INIT;
			fix_plan_notes(&nb, &plan);
			sl->batch_notes = buf_detach(&nb);
		}
		if (plan.nfixes && fix_apply_memo(&res, &in, &plan, NULL, 0, memo) == 0) {
			merge(bt, &res, &plan);
			fix_result_free(&res);
		}
		for (int w = 0; w < FIX_WHY_COUNT; w++)
			fs->batch.withheld[w] += plan.withheld[w];
		fix_plan_free(&plan);
		fix_memo_free(memo);
	}
}

static int out_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fix_session_out *)a)->path, ((const struct fix_session_out *)b)->path);
}

static int scan_file_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct scan_file *)elem)->res.path);
}

/*
 * Each edited file's stamp: the scan's for a scanned file, else that of the
 * session's first read of it; either must be of the content the fixes were
 * planned on, else the file changed while berth read it and is refused.
 */
static void stamp_outputs(struct fix_session *fs)
{
	for (size_t i = 0; i < fs->batch.nfiles; i++) {
		struct fix_session_out *o = &fs->batch.files[i];
		const struct scan_file *f;
		if (o->create)
			continue;
		f = bsearch(o->path, fs->scan->files, fs->scan->nfiles, sizeof(*fs->scan->files), scan_file_cmp);
		o->stamp = f && f->data ? &f->stamp : stamp_of(fs, o->path);
		if (!o->stamp || o->stamp->hash != repo_hash(o->old ? o->old : "", o->oldlen)) {
			o->stamp = NULL;
			o->refused = xasprintf("%s: changed since it was read: refused", o->path);
		}
	}
}

const struct fix_batch *fix_session_apply(struct fix_session *fs, const struct fix_pick *picks, size_t n)
{
	struct batching bt;
	size_t m;
	struct fix_pick *v = sorted_picks(fs, picks, n, &m);
	batch_free(&fs->batch);
	memset(&bt, 0, sizeof(bt));
	bt.fs = fs;
	bt.ov = fix_overlay_new(&fs->base);
	for (size_t i = 0; i < m; i++)
		if (fs->scan->files[v[i].file].data)
			apply_pick(&bt, &v[i]);
	strmap_free(&bt.outmap);
	fix_overlay_free(bt.ov);
	free(v);
	if (fs->batch.nfiles > 1)
		qsort(fs->batch.files, fs->batch.nfiles, sizeof(*fs->batch.files), out_cmp);
	stamp_outputs(fs);
	fs->have_batch = 1;
	return &fs->batch;
}

const struct fix_batch *fix_session_batch(const struct fix_session *fs)
{
	return fs && fs->have_batch ? &fs->batch : NULL;
}

size_t fix_session_write(struct fix_session *fs)
{
	size_t written = 0;
	for (size_t i = 0; fs && i < fs->batch.nfiles; i++) {
		struct fix_session_out *o = &fs->batch.files[i];
		char *err = NULL;
		if (o->refused)
			continue;
		if (repo_write(fs->repo, o->path, o->data, o->len, o->create ? NULL : o->stamp, &err) == 0) {
			written++;
			free(err);
		} else {
			o->refused = err ? err : xasprintf("%s: refused", o->path);
		}
	}
	return written;
}

/* The commit API's view of the batch's files (those not refused when `skip_refused`). */
static struct commit_file *commit_files(const struct fix_session *fs, int skip_refused, size_t *n)
{
	struct commit_file *cf = xcalloc(fs->batch.nfiles ? fs->batch.nfiles : 1, sizeof(*cf));
	*n = 0;
	for (size_t i = 0; i < fs->batch.nfiles; i++) {
		const struct fix_session_out *o = &fs->batch.files[i];
		if (skip_refused && o->refused)
			continue;
		cf[*n].path = o->path;
		cf[*n].data = o->data;
		cf[*n].len = o->len;
		cf[*n].stamp = o->create ? NULL : o->stamp;
		cf[*n].keys = o->keys;
		cf[*n].notes = (const char *const *)o->notes;
		cf[*n].nkeys = o->nkeys;
		(*n)++;
	}
	return cf;
}

int fix_session_commit(struct fix_session *fs, const struct commit_opts *opts,
		       struct commit_result *res, char **err)
{
	struct commit_file *cf;
	size_t n;
	int rc, keep_going = opts && opts->keep_going;
	memset(res, 0, sizeof(*res));
	*err = NULL;
	for (size_t i = 0; !keep_going && i < fs->batch.nfiles; i++)
		if (fs->batch.files[i].refused) {
			*err = xstrdup(fs->batch.files[i].refused);
			return -1;
		}
	cf = commit_files(fs, 1, &n);
	rc = commit_fixes(fs->repo, cf, n, opts, res, err);
	for (size_t i = 0; rc == 0 && i < fs->batch.nfiles; i++)
		if (fs->batch.files[i].refused) {
			res->refused = xrealloc(res->refused, (res->nrefused + 1) * sizeof(*res->refused));
			res->refused[res->nrefused++] = xstrdup(fs->batch.files[i].refused);
		}
	free(cf);
	return rc;
}

char *fix_session_commit_message(const struct fix_session *fs)
{
	size_t n;
	struct commit_file *cf = commit_files(fs, 0, &n);
	char *msg = commit_default_message(cf, n);
	free(cf);
	return msg;
}

void fix_session_free(struct fix_session *fs)
{
	if (!fs)
		return;
	/* never the scan: it may be gone already (the TUI frees an old scan first) */
	for (size_t i = 0; i < fs->nfiles; i++) {
		struct slot *sl = &fs->slots[i];
		slot_forget(sl);
		fix_memo_free(sl->memo);
		free(sl->batch_notes);
		recorder_free(&sl->rec);
	}
	free(fs->slots);
	for (size_t i = 0; i < fs->nstamps; i++) {
		free(fs->stamps[i]->path);
		free(fs->stamps[i]);
	}
	free(fs->stamps);
	strmap_free(&fs->stampmap);
	pthread_mutex_destroy(&fs->lock);
	batch_free(&fs->batch);
	free(fs);
}
