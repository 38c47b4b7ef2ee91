/* repo_since - changed line ranges since a revision's merge base, and the --since filter (repo_since.h). */
#include "repo_since.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gitlib.h"
#include "util.h"

static void set_git_err(char **err, const char *what)
{
	const git_error *e = git_error_last();
	if (err)
		*err = xasprintf("--since: %s%s%s", what, e && e->message ? ": " : "",
				 e && e->message ? e->message : "");
}

static struct since_file *file_for(struct since *s, const char *path)
{
	struct since_file *f;
	/* the diff lists deltas in path order: the file is the last one or a new one */
	if (s->nfiles && strcmp(s->files[s->nfiles - 1].path, path) == 0)
		return &s->files[s->nfiles - 1];
	if (s->nfiles == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->files = xrealloc(s->files, s->cap * sizeof(*s->files));
	}
	f = &s->files[s->nfiles++];
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	return f;
}

static int file_cb(const git_diff_delta *d, float progress, void *payload)
{
	struct since *s = payload;
	struct since_file *f;
	(void)progress;
	if (!d->new_file.path || d->status == GIT_DELTA_DELETED)
		return 0;
	f = file_for(s, d->new_file.path);
	f->whole = d->status == GIT_DELTA_ADDED || d->status == GIT_DELTA_UNTRACKED ||
		   d->status == GIT_DELTA_RENAMED || d->status == GIT_DELTA_COPIED;
	return 0;
}

static int hunk_cb(const git_diff_delta *d, const git_diff_hunk *h, void *payload)
{
	struct since *s = payload;
	struct since_file *f;
	struct since_range r;
	if (!d->new_file.path || d->status == GIT_DELTA_DELETED)
		return 0;
	f = file_for(s, d->new_file.path);
	if (h->new_lines > 0) {
		r.first = h->new_start;
		r.last = h->new_start + h->new_lines - 1;
	} else {
		/* lines removed: the lines on either side of the gap are where the change shows */
		r.first = h->new_start > 0 ? h->new_start : 1;
		r.last = h->new_start + 1;
	}
	PUSH(f->ranges, f->n, f->cap, r);
	return 0;
}

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct since_file *)a)->path, ((const struct since_file *)b)->path);
}

/* HEAD and the merge base of HEAD and ref; 0 ok. */
static int merge_base(git_repository *g, const char *ref, git_oid *base, char **err)
{
	git_object *obj = NULL, *commit = NULL;
	git_oid head;
	int rc = -1;
	if (git_revparse_single(&obj, g, ref) < 0) {
		set_git_err(err, "unknown revision");
		return -1;
	}
	if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0)
		set_git_err(err, "not a commit");
	else if (git_reference_name_to_id(&head, g, "HEAD") < 0)
		set_git_err(err, "HEAD has no commit yet");
	else if (git_merge_base(base, g, &head, git_object_id(commit)) < 0)
		set_git_err(err, "HEAD and the revision have no common ancestor");
	else
		rc = 0;
	git_object_free(commit);
	git_object_free(obj);
	return rc;
}

int since_load(struct since *out, struct repo *r, const char *ref, char **err)
{
	git_repository *g;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_diff *diff = NULL;
	git_diff_options opts;
	git_oid base;
	int rc = -1;
	memset(out, 0, sizeof(*out));
	if (err)
		*err = NULL;
	if (!repo_is_git(r)) {
		if (err)
			*err = xstrdup("--since needs a git repository: this is a plain folder");
		return -1;
	}
	if (!(g = repo_git(r))) {
		if (err)
			*err = xasprintf("--since: %s", repo_error(r) ? repo_error(r) : "cannot open the repository");
		return -1;
	}
	if (merge_base(g, ref, &base, err) < 0)
		return -1;
	if (git_commit_lookup(&c, g, &base) < 0 || git_commit_tree(&tree, c) < 0) {
		set_git_err(err, "cannot read the merge base");
		goto out;
	}
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
	opts.context_lines = 0;
	opts.interhunk_lines = 0;
	if (git_diff_tree_to_workdir_with_index(&diff, g, tree, &opts) < 0) {
		set_git_err(err, "cannot diff the work tree");
		goto out;
	}
	if (git_diff_foreach(diff, file_cb, NULL, hunk_cb, NULL, out) < 0) {
		set_git_err(err, "cannot diff the work tree");
		goto out;
	}
	if (out->nfiles > 1)
		qsort(out->files, out->nfiles, sizeof(*out->files), cmp_file);
	out->ref = xstrdup(ref);
	git_oid_tostr(out->base, sizeof(out->base), &base);
	rc = 0;
out:
	git_diff_free(diff);
	git_tree_free(tree);
	git_commit_free(c);
	if (rc < 0)
		since_free(out);
	return rc;
}

void since_free(struct since *s)
{
	for (size_t i = 0; i < s->nfiles; i++) {
		free(s->files[i].path);
		free(s->files[i].ranges);
	}
	free(s->files);
	free(s->ref);
	memset(s, 0, sizeof(*s));
}

const struct since_file *since_find(const struct since *s, const char *path)
{
	struct since_file key;
	if (!path || !s->nfiles)
		return NULL;
	key.path = (char *)path;
	return bsearch(&key, s->files, s->nfiles, sizeof(*s->files), cmp_file);
}

/*
 * Where CHECKLIST.md points a finding about something missing: Compose
 * findings carry the rule "missing" (at the service's key); a Dockerfile's
 * point at the whole FROM instruction of the final stage, so their span
 * starts at the FROM keyword itself (a finding about the base image points
 * at the image, after it). No line at all counts too.
 */
static int about_missing(const struct file_result *r, const struct finding *f, const char *data, size_t len)
{
	size_t i = f->start;
	if (f->line <= 0)
		return 1;
	if (r->kind == KIND_COMPOSE)
		return f->rule && strcmp(f->rule, "missing") == 0;
	if (!data || i + 4 > len || strncasecmp(data + i, "FROM", 4) != 0 ||
	    (i + 4 < len && !isspace((unsigned char)data[i + 4])))
		return 0;
	while (i > 0 && (data[i - 1] == ' ' || data[i - 1] == '\t'))
		i--;
	return i == 0 || data[i - 1] == '\n';
}

int since_keeps(const struct since *s, const struct file_result *r, const struct finding *f,
		const char *data, size_t len)
{
	const struct since_file *sf = since_find(s, r->path);
	int last;
	if (!sf)
		return 0;
	if (sf->whole || about_missing(r, f, data, len))
		return 1;
	last = f->end_line >= f->line ? f->end_line : f->line;
	for (size_t i = 0; i < sf->n; i++)
		if (sf->ranges[i].first <= last && f->line <= sf->ranges[i].last)
			return 1;
	return 0;
}

size_t since_filter(const struct since *s, struct file_result *r, const char *data, size_t len)
{
	size_t kept = 0, left = 0;
	for (size_t i = 0; i < r->nfindings; i++) {
		struct finding *f = &r->findings[i];
		if (since_keeps(s, r, f, data, len)) {
			r->findings[kept++] = *f;
			continue;
		}
		if (!f->suppressed && f->sev != SEV_NEVER)
			left++;
		finding_free(f);
	}
	r->nfindings = kept;
	return left;
}
