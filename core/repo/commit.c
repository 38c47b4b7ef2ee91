/*
 * commit.c - writing the checked files, then the commit: blobs, HEAD's
 * tree with only those entries replaced (git_tree_create_updated), the
 * commit object, the branch moved with a compare-and-swap and a reflog
 * entry, and last only those paths' index entries updated. The refusals
 * are in commit_check.c and all happen before anything here runs.
 */
#include "commit_priv.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

static int seen_before(const struct commit_file *files, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (files[j].path && files[i].path && strcmp(files[j].path, files[i].path) == 0)
			return 1;
	return 0;
}

char *commit_default_message(const struct commit_file *files, size_t n)
{
	struct buf b = BUF_INIT;
	size_t nfix = 0, nfiles = 0;
	const char *sep = "";
	for (size_t i = 0; i < n; i++) {
		nfix += files[i].nkeys;
		nfiles += !seen_before(files, i);
	}
	buf_printf(&b, "berth: %zu fix%s in ", nfix, nfix == 1 ? "" : "es");
	if (nfiles > COMMIT_SUBJECT_FILES) {
		buf_printf(&b, "%zu files", nfiles);
	} else {
		for (size_t i = 0; i < n; i++)
			if (!seen_before(files, i)) {
				buf_printf(&b, "%s%s", sep, files[i].path ? files[i].path : "");
				sep = ", ";
			}
	}
	buf_puts(&b, "\n\n");
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < files[i].nkeys; k++) {
			const char *note = files[i].notes ? files[i].notes[k] : NULL;
			buf_printf(&b, "- %s in %s", files[i].keys[k], files[i].path ? files[i].path : "");
			/* the fix's level and note (SPEC.md "Commits"), so the history says what to check */
			if (note && *note)
				buf_printf(&b, "\n  %s", note);
			buf_putc(&b, '\n');
		}
	return buf_detach(&b);
}

/* The message to commit, tidied as git does (trailing spaces, final newline). */
static char *build_message(const struct commit_ctx *c, const struct commit_opts *o)
{
	struct commit_file *kept = xcalloc(c->n ? c->n : 1, sizeof(*kept));
	char *def, *msg;
	size_t nk = 0;
	git_buf b = { NULL, 0, 0 };
	for (size_t i = 0; i < c->n; i++)
		if (!c->items[i].skipped)
			kept[nk++] = *c->items[i].f;
	def = commit_default_message(kept, nk);
	free(kept);
	if (o && o->message && strchr(o->message, '\n')) {
		msg = xstrdup(o->message);
	} else if (o && o->message && *o->message) {
		const char *body = strchr(def, '\n');
		msg = xasprintf("%s%s", o->message, body ? body : "\n");
	} else {
		msg = xstrdup(def);
	}
	free(def);
	if (git_message_prettify(&b, msg, 0, '#') == 0 && b.size > 0) {
		free(msg);
		msg = xstrndup(b.ptr, b.size);
	}
	git_buf_dispose(&b);
	return msg;
}

static int write_files(struct commit_ctx *c, char **err)
{
	for (size_t i = 0; i < c->n; i++) {
		struct commit_item *it = &c->items[i];
		char *e = NULL;
		if (!it->changed || it->f->written)
			continue;       /* written: the checks found exactly `data` on disk */
		if (repo_write(c->r, it->path, it->f->data ? it->f->data : "", it->f->len, it->f->stamp, &e) < 0) {
			*err = xasprintf("%s%s", e ? e : it->path, i ? " (the files before it were written)" : "");
			free(e);
			return -1;
		}
	}
	return 0;
}

/* HEAD's tree (or an empty one) with the changed paths' blobs upserted. */
static int make_tree(struct commit_ctx *c, git_tree **tree, char **err)
{
	git_tree_update *up = xcalloc(c->n ? c->n : 1, sizeof(*up));
	git_treebuilder *tb = NULL;
	git_tree *base = c->head_tree, *empty = NULL;
	git_oid id;
	size_t nup = 0;
	int rc = -1;
	for (size_t i = 0; i < c->n; i++) {
		struct commit_item *it = &c->items[i];
		git_oid written;
		if (!it->changed)
			continue;
		if (git_blob_create_from_buffer(&written, c->g, it->clean, it->cleanlen) < 0)
			goto out;
		up[nup].action = GIT_TREE_UPDATE_UPSERT;
		up[nup].id = written;
		up[nup].filemode = it->mode;
		up[nup].path = it->path;
		nup++;
	}
	if (!base) {
		if (git_treebuilder_new(&tb, c->g, NULL) < 0 || git_treebuilder_write(&id, tb) < 0 ||
		    git_tree_lookup(&empty, c->g, &id) < 0)
			goto out;
		base = empty;
	}
	if (git_tree_create_updated(&id, c->g, base, nup, up) == 0 && git_tree_lookup(tree, c->g, &id) == 0)
		rc = 0;
out:
	if (rc < 0)
		*err = commit_git_error("cannot build the commit's tree");
	git_tree_free(empty);
	git_treebuilder_free(tb);
	free(up);
	return rc;
}

/* The commit object, then the branch (or detached HEAD) moved only if it did not move meanwhile. */
static int make_commit(struct commit_ctx *c, git_tree *tree, const char *msg, git_oid *out, char **err)
{
	const git_commit *parents[1];
	git_reference *ref = NULL;
	char *subject = xstrndup(msg, strcspn(msg, "\n")), *log;
	int rc;
	parents[0] = c->head_commit;
	if (git_commit_create(out, c->g, NULL, c->sig, c->sig, NULL, msg, tree, c->unborn ? 0 : 1, parents) < 0) {
		free(subject);
		*err = commit_git_error("cannot create the commit");
		return -1;
	}
	log = xasprintf("commit%s: %s", c->unborn ? " (initial)" : "", subject);
	if (c->unborn)
		rc = git_reference_create(&ref, c->g, c->refname, out, 0, log);
	else
		rc = git_reference_create_matching(&ref, c->g, c->refname, out, 1, &c->head_id, log);
	if (rc < 0)
		*err = commit_git_error(c->refname);
	git_reference_free(ref);
	free(log);
	free(subject);
	return rc < 0 ? -1 : 0;
}

/* Only the committed paths' index entries change; stat data from the written files. */
static int update_index(struct commit_ctx *c, char **err)
{
	if (git_index_read(c->idx, 1) < 0)
		goto fail;
	for (size_t i = 0; i < c->n; i++) {
		struct commit_item *it = &c->items[i];
		git_index_entry e;
		struct stat st;
		char *abs;
		if (!it->changed)
			continue;
		memset(&e, 0, sizeof(e));
		abs = xasprintf("%s/%s", c->r->root, it->path);
		if (lstat(abs, &st) == 0) {
			e.ctime.seconds = (int32_t)st.st_ctim.tv_sec;
			e.ctime.nanoseconds = (uint32_t)st.st_ctim.tv_nsec;
			e.mtime.seconds = (int32_t)st.st_mtim.tv_sec;
			e.mtime.nanoseconds = (uint32_t)st.st_mtim.tv_nsec;
			e.dev = (uint32_t)st.st_dev;
			e.ino = (uint32_t)st.st_ino;
			e.uid = (uint32_t)st.st_uid;
			e.gid = (uint32_t)st.st_gid;
			e.file_size = (uint32_t)st.st_size;
		}
		free(abs);
		e.mode = it->mode;
		e.id = it->blob;
		e.path = it->path;
		if (git_index_add(c->idx, &e) < 0)
			goto fail;
	}
	if (git_index_write(c->idx) == 0)
		return 0;
fail:
	*err = commit_git_error("committed, but the index could not be updated (git status will show the "
				"fixed files as changed)");
	return -1;
}

int commit_fixes(struct repo *r, const struct commit_file *files, size_t n,
		 const struct commit_opts *opts, struct commit_result *res, char **err)
{
	struct commit_ctx c;
	git_tree *tree = NULL;
	git_oid id;
	char *msg = NULL;
	size_t changed = 0, refcap = 0;
	int rc = -1;

	memset(res, 0, sizeof(*res));
	memset(&c, 0, sizeof(c));
	*err = NULL;
	c.r = r;
	if (commit_check_repo(&c, opts, err) < 0)
		goto out;
	c.items = xcalloc(n ? n : 1, sizeof(*c.items));
	for (c.n = 0; c.n < n; c.n++) {
		struct commit_item *it = &c.items[c.n];
		char *why = NULL;
		it->f = &files[c.n];
		if (commit_check_file(&c, it, &why) == 0) {
			changed += it->changed != 0;
			continue;
		}
		if (!(opts && opts->keep_going)) {
			*err = why;
			c.n++;
			goto out;
		}
		it->skipped = 1;
		it->changed = 0;
		PUSH(res->refused, res->nrefused, refcap, why);
	}
	res->branch = xstrdup(str_starts(c.refname, "refs/heads/") ? c.refname + strlen("refs/heads/") : c.refname);
	if (changed == 0) {
		rc = 0;         /* HEAD already holds every fix: no empty commit */
		goto out;
	}
	msg = build_message(&c, opts);
	if (write_files(&c, err) < 0 || make_tree(&c, &tree, err) < 0 || make_commit(&c, tree, msg, &id, err) < 0)
		goto out;
	res->committed = 1;
	res->nfiles = changed;
	git_oid_tostr(res->id, sizeof(res->id), &id);
	repo_refresh_branch(r);
	rc = update_index(&c, err);
out:
	free(msg);
	if (tree)
		git_tree_free(tree);
	commit_ctx_free(&c);
	return rc;
}

void commit_result_free(struct commit_result *res)
{
	if (!res)
		return;
	free(res->branch);
	res->branch = NULL;
	for (size_t i = 0; i < res->nrefused; i++)
		free(res->refused[i]);
	free(res->refused);
	res->refused = NULL;
	res->nrefused = 0;
}
