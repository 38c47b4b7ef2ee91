/*
 * fix_state - the files as fixes leave them (the planned file plus the
 * others a fix touched, over the repository's view), how a fix is applied
 * to them, and the audit comparisons verification and fix_apply share.
 */
#include "fix_priv.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

/* Audits the fix engine made (planned on the pool: atomic). */
static atomic_size_t audits;

size_t fix_audit_count(void)
{
	return atomic_load(&audits);
}

void fix_audit(struct file_result *r, const struct fix_input *in, const char *data,
	       size_t len, const struct fsview *fs)
{
	struct text t;
	atomic_fetch_add(&audits, 1);
	memset(r, 0, sizeof(*r));
	text_init(&t, data, len);
	if (in->judged)   /* judged as the scan judged it: a dev file's hardening stays info */
		scan_audit_file_as(r, in->path, in->kind, data, len, &t, fs, in->cfg, in->contexts,
				   in->ncontexts, in->judged->role, in->judged->role_reason, in->judged->base_by_name,
				   in->judged->context_unknown, in->project_images, in->nproject_images,
				   in->scan ? &in->scan->image_map : NULL,
				   in->build_args, in->nbuild_args, in->named_contexts, in->nnamed_contexts,
				   in->scan ? in->official_images : -1,    /* -1: the check asks itself */
				   in->scan ? in->scan->memo : NULL);
	else
		scan_audit_file(r, in->path, in->kind, data, len, &t, fs, in->cfg, in->contexts,
				in->ncontexts);
	text_free(&t);
}

void fix_state_init(struct fix_state *s, const struct fix_input *in)
{
	memset(s, 0, sizeof(*s));
	s->data = xstrndup(in->data, in->len);
	s->len = in->len;
	s->ov = fix_overlay_new(in->fs);
	fix_overlay_view(s->ov, &s->view);
}

void fix_state_free(struct fix_state *s)
{
	free(s->data);
	fix_overlay_free(s->ov);
	for (size_t i = 0; i < s->nextra; i++)
		free(s->extra[i]);
	free(s->extra);
	memset(s, 0, sizeof(*s));
}

/* Apply a fix's changes to the state. -1 when an edit does not fit (the state is then partly changed). */
int fix_state_apply(struct fix_state *s, const struct fix_input *in, const struct fix *f)
{
	for (size_t i = 0; i < f->nchanges; i++) {
		const struct fix_change *ch = &f->changes[i];
		char *old = NULL, *res = NULL;
		size_t oldlen = 0, reslen = 0;
		int rc;
		if (strcmp(ch->path, in->path) == 0) {
			rc = fix_change_apply(ch, s->data, s->len, &res, &reslen);
			if (rc == 0) {
				free(s->data);
				s->data = res;
				s->len = reslen;
			}
		} else {
			int known = 0;
			if (!ch->create && fs_read(&s->view, ch->path, &old, &oldlen) < 0)
				return -1;
			rc = fix_change_apply(ch, old ? old : "", oldlen, &res, &reslen);
			if (rc == 0)
				fix_overlay_put(s->ov, ch->path, res, reslen);
			for (size_t j = 0; j < s->nextra; j++)
				known |= strcmp(s->extra[j], ch->path) == 0;
			if (rc == 0 && !known)
				PUSH(s->extra, s->nextra, s->cap, xstrdup(ch->path));
			free(old);
			free(res);
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* The input describing the state (borrows it). */
struct fix_input fix_state_input(const struct fix_state *s, const struct fix_input *in)
{
	struct fix_input r = *in;
	r.data = s->data;
	r.len = s->len;
	r.fs = &s->view;
	return r;
}

static int failing(const struct finding *f)
{
	return !f->suppressed && f->sev >= SEV_WARNING && f->sev != SEV_NEVER;
}

size_t fix_count_failing(const struct file_result *r, int item, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].item == item && failing(&r->findings[i]) &&
		    (!rule || strcmp(r->findings[i].rule, rule) == 0))
			n++;
	return n;
}

/* A parse finding whose rule the original had fewer of. */
int fix_new_parse_finding(const struct file_result *before, const struct file_result *after)
{
	int item = after->kind == KIND_COMPOSE ? ITEM_COMPOSE_PARSE : ITEM_CORR_PARSE;
	for (size_t i = 0; i < after->nfindings; i++) {
		const struct finding *f = &after->findings[i];
		if (f->item == item && failing(f) &&
		    fix_count_failing(after, item, f->rule) > fix_count_failing(before, item, f->rule))
			return 1;
	}
	return 0;
}

/* An item other than those in `mine` that did not fail and fails now. */
int fix_regression(const struct file_result *before, const struct file_result *after,
		      const unsigned char *mine)
{
	for (int i = 0; i < ITEM_COUNT; i++)
		if (!mine[i] && before->status[i] != ST_FAIL && after->status[i] == ST_FAIL)
			return 1;
	return 0;
}

/* --- the memo --- */

/* One changed file other than the planned one: path and content (borrowed while looking up). */
struct memo_file {
	char *path;
	char *data;
	size_t len;
};

struct memo_entry {
	char *data;                     /* the planned file's text (the parse points into it) */
	size_t len;
	struct memo_file *files;        /* the other files changed, sorted by path */
	size_t nfiles;
	int have_audit;
	int audit_borrowed;             /* seeded (fix_memo_seed): the audit is the caller's */
	struct file_result audit;
	struct fix_parsed parsed;
};

/* Entries are allocated one by one: audits and parses handed out stay put as more are added. */
struct fix_memo {
	struct memo_entry **e;
	size_t n, cap;
};

struct fix_memo *fix_memo_new(void)
{
	return xcalloc(1, sizeof(struct fix_memo));
}

void fix_memo_free(struct fix_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		struct memo_entry *e = m->e[i];
		fix_parsed_free(&e->parsed);
		if (e->have_audit && !e->audit_borrowed)
			file_result_free(&e->audit);
		for (size_t k = 0; k < e->nfiles; k++) {
			free(e->files[k].path);
			free(e->files[k].data);
		}
		free(e->files);
		free(e->data);
		free(e);
	}
	free(m->e);
	free(m);
}

/* Add (or replace) the other files a state changed, with their contents in its overlay. */
static void key_files(struct memo_file **files, size_t *n, size_t *cap, const struct fix_state *s)
{
	for (size_t i = 0; s && i < s->nextra; i++) {
		struct memo_file f = { s->extra[i], NULL, 0 };
		const char *d = NULL;
		size_t k;
		if (fix_overlay_peek(s->ov, s->extra[i], &d, &f.len) < 0)
			continue;       /* never: extra lists what the overlay holds */
		f.data = (char *)d;
		for (k = 0; k < *n && strcmp((*files)[k].path, f.path) != 0; k++)
			;
		if (k < *n)
			(*files)[k] = f;
		else
			PUSH(*files, *n, *cap, f);
	}
}

static int memo_file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct memo_file *)a)->path, ((const struct memo_file *)b)->path);
}

/* The entry for this text and these changed files, made (empty) when new. */
static struct memo_entry *memo_find(struct fix_memo *m, const char *data, size_t len,
				    const struct fix_state *outer, const struct fix_state *inner)
{
	struct memo_file *files = NULL;
	size_t n = 0, cap = 0;
	struct memo_entry *ne;
	key_files(&files, &n, &cap, outer);
	key_files(&files, &n, &cap, inner);
	if (n > 1)
		qsort(files, n, sizeof(*files), memo_file_cmp);
	for (size_t i = 0; i < m->n; i++) {
		struct memo_entry *e = m->e[i];
		int same = e->len == len && e->nfiles == n && memcmp(e->data, data, len) == 0;
		for (size_t k = 0; same && k < n; k++)
			same = strcmp(e->files[k].path, files[k].path) == 0 && e->files[k].len == files[k].len &&
			       memcmp(e->files[k].data, files[k].data, files[k].len) == 0;
		if (same) {
			free(files);
			return e;
		}
	}
	ne = xcalloc(1, sizeof(*ne));
	ne->data = xstrndup(data, len);
	ne->len = len;
	ne->files = files;
	ne->nfiles = n;
	for (size_t k = 0; k < n; k++) {
		/* the key borrowed the states' strings: the entry keeps copies */
		ne->files[k].path = xstrdup(files[k].path);
		ne->files[k].data = xstrndup(files[k].data, files[k].len);
	}
	ne->parsed.data = ne->data;
	ne->parsed.len = len;
	PUSH(m->e, m->n, m->cap, ne);
	return ne;
}

const struct file_result *fix_memo_audit(struct fix_memo *m, const struct fix_input *in,
					 const char *data, size_t len, const struct fsview *fs,
					 const struct fix_state *outer, const struct fix_state *inner)
{
	struct memo_entry *e = memo_find(m, data, len, outer, inner);
	if (!e->have_audit) {
		fix_audit(&e->audit, in, data, len, fs);
		e->have_audit = 1;
	}
	return &e->audit;
}

void fix_memo_seed(struct fix_memo *m, const char *data, size_t len, const struct file_result *audit)
{
	struct memo_entry *e;
	/*
	 * A finding folded across files (one .dockerignore, several Dockerfiles)
	 * is not what re-auditing this file alone gives: verifying a fix against
	 * it would call the unfolded finding a regression. Audit afresh.
	 */
	if (audit->folded)
		return;
	e = memo_find(m, data, len, NULL, NULL);
	if (e->have_audit && !e->audit_borrowed)
		file_result_free(&e->audit);
	e->audit = *audit;
	e->have_audit = 1;
	e->audit_borrowed = 1;
}

struct fix_parsed *fix_memo_parsed(struct fix_memo *m, const char *data, size_t len,
				   const struct fix_state *outer, const struct fix_state *inner)
{
	return &memo_find(m, data, len, outer, inner)->parsed;
}
