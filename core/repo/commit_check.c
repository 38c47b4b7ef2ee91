/*
 * commit_check.c - every reason commit_fixes() refuses, found before
 * anything is written: only reads of the repository happen here (the
 * index is re-read from disk, the work tree read through repo_read).
 */
#include "commit_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

char *commit_git_error(const char *what)
{
	const git_error *e = git_error_last();
	return xasprintf("%s: %s", what, e && e->message ? e->message : "libgit2 error");
}

static int refuse(char **err, char *msg)
{
	*err = msg;
	return -1;
}

static int check_head(struct commit_ctx *c, const struct commit_opts *o, char **err)
{
	git_reference *head = NULL;
	int rc;
	if (git_reference_lookup(&head, c->g, "HEAD") < 0)
		return refuse(err, commit_git_error("HEAD"));
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
		c->refname = xstrdup(git_reference_symbolic_target(head));
	} else {
		c->detached = 1;
		c->refname = xstrdup("HEAD");
	}
	git_reference_free(head);
	if (c->detached && !(o && o->allow_detached))
		return refuse(err, xstrdup("HEAD is detached (not on a branch): check out a branch first, "
					   "or allow committing on a detached HEAD"));
	rc = git_reference_name_to_id(&c->head_id, c->g, c->refname);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		c->unborn = 1;
		return 0;
	}
	if (rc < 0 || git_commit_lookup(&c->head_commit, c->g, &c->head_id) < 0 ||
	    git_commit_tree(&c->head_tree, c->head_commit) < 0)
		return refuse(err, commit_git_error(c->refname));
	return 0;
}

static int check_signature(struct commit_ctx *c, char **err)
{
	if (git_signature_default(&c->sig, c->g) == 0)
		return 0;
	git_error_clear();
	c->sig = NULL;
	return refuse(err, xstrdup("user.name and user.email are not set in git config: set them "
				   "(git config --global user.name \"Your Name\"; git config --global "
				   "user.email you@example.com) and commit again"));
}

int commit_check_repo(struct commit_ctx *c, const struct commit_opts *o, char **err)
{
	struct stat st;
	git_config *cfg = NULL;
	char *lock;
	int lock_held;

	if (!repo_is_git(c->r))
		return refuse(err, xasprintf("%s is not inside a git repository: nothing to commit into "
					     "(write the fixes instead)", c->r->root));
	c->g = repo_git(c->r);          /* libgit2 is loaded here, when a commit needs it */
	if (!c->g)
		return refuse(err, xstrdup(repo_error(c->r) ? repo_error(c->r) : "cannot open the repository"));
	if (git_repository_is_bare(c->g))
		return refuse(err, xstrdup("a bare repository has no work tree: nothing to commit from"));
	if (git_repository_state(c->g) != GIT_REPOSITORY_STATE_NONE)
		return refuse(err, xstrdup("a merge, rebase, cherry-pick or similar is in progress: finish it first"));
	lock = xasprintf("%sindex.lock", git_repository_path(c->g));
	lock_held = lstat(lock, &st) == 0;
	if (lock_held)
		*err = xasprintf("%s exists: another git process is running (or one crashed and left it; "
				 "remove it only when no git is running)", lock);
	free(lock);
	if (lock_held)
		return -1;
	if (check_head(c, o, err) < 0 || check_signature(c, err) < 0)
		return -1;
	if (git_repository_index(&c->idx, c->g) < 0 || git_index_read(c->idx, 1) < 0)
		return refuse(err, commit_git_error("index"));
	c->filemode = 1;
	if (git_repository_config_snapshot(&cfg, c->g) == 0) {
		if (git_config_get_bool(&c->filemode, cfg, "core.filemode") < 0) {
			c->filemode = 1;
			git_error_clear();
		}
		git_config_free(cfg);
	}
	return 0;
}

/* The path or one of its folders is a gitlink in the index or in HEAD. */
static int in_submodule(struct commit_ctx *c, const char *path, char **which)
{
	char *p = xstrdup(path), *slash = p;
	int found = 0;
	do {
		git_tree_entry *te = NULL;
		slash = strchr(slash, '/');
		if (slash)
			*slash = '\0';
		for (int stage = 0; stage <= 3 && !found; stage++) {
			const git_index_entry *e = git_index_get_bypath(c->idx, p, stage);
			found = e && e->mode == GIT_FILEMODE_COMMIT;
		}
		if (!found && c->head_tree && git_tree_entry_bypath(&te, c->head_tree, p) == 0) {
			found = git_tree_entry_filemode(te) == GIT_FILEMODE_COMMIT;
			git_tree_entry_free(te);
		}
		git_error_clear();
		if (found)
			*which = xstrdup(p);
		if (slash)
			*slash++ = '/';
	} while (slash && !found);
	free(p);
	return found;
}

/* The content as git would store it: the clean filters (autocrlf, .gitattributes) applied. */
static int clean_content(struct commit_ctx *c, const char *path, const char *data, size_t len,
			 char **out, size_t *outlen)
{
	git_filter_list *fl = NULL;
	git_buf b = { NULL, 0, 0 };
	if (git_filter_list_load(&fl, c->g, NULL, path, GIT_FILTER_TO_ODB, GIT_FILTER_DEFAULT) < 0)
		return -1;
	if (!fl) {
		*out = xmalloc(len + 1);
		memcpy(*out, data, len);
		(*out)[len] = '\0';
		*outlen = len;
		return 0;
	}
	if (git_filter_list_apply_to_buffer(&b, fl, data, len) < 0) {
		git_filter_list_free(fl);
		return -1;
	}
	*out = xmalloc(b.size + 1);
	memcpy(*out, b.ptr, b.size);
	(*out)[b.size] = '\0';
	*outlen = b.size;
	git_buf_dispose(&b);
	git_filter_list_free(fl);
	return 0;
}

/* Blob id of the work-tree file as git would hash it; -1 when it cannot be read. */
static int worktree_blob(struct commit_ctx *c, const char *path, git_oid *id, mode_t *mode)
{
	struct repo_stamp st;
	char *data = NULL, *rerr = NULL, *clean = NULL;
	size_t len, clen;
	int rc = -1;
	if (repo_read(c->r, path, &data, &len, &st, &rerr) == 0 &&
	    clean_content(c, path, data, len, &clean, &clen) == 0) {
		rc = git_odb_hash(id, clean, clen, GIT_OBJECT_BLOB);
		*mode = st.mode;
	}
	free(data);
	free(rerr);
	free(clean);
	return rc;
}

/* Written by berth (w): the file holds exactly what berth wrote, byte for byte. */
static int check_written_disk(struct commit_ctx *c, struct commit_item *it, int exists, char **err)
{
	char *data = NULL, *rerr = NULL;
	size_t len = 0;
	int same;
	if (!exists)
		return refuse(err, xasprintf("%s: removed since berth wrote it: nothing of it committed", it->path));
	if (repo_read(c->r, it->path, &data, &len, NULL, &rerr) != 0) {
		*err = xasprintf("%s: cannot be read: %s", it->path, rerr ? rerr : "error");
		free(rerr);
		return -1;
	}
	same = len == it->f->len && (len == 0 || memcmp(data, it->f->data, len) == 0);
	free(data);
	if (!same)
		return refuse(err, xasprintf("%s: changed since berth wrote it: not committed (commit it with git, "
					     "or scan again)", it->path));
	return 0;
}

/* On disk: no link, nothing irregular, unchanged since read (written by berth: as written); a new file must not exist yet. */
static int check_disk(struct commit_ctx *c, struct commit_item *it, int *exists, mode_t *disk_mode, char **err)
{
	struct stat st;
	char *e = NULL;
	int fd = repo_open_safe(c->r, it->path, 0, &st, &e);
	*exists = fd >= 0;
	if (fd >= 0) {
		close(fd);
		*disk_mode = st.st_mode;
	} else if (fd != REPO_ERR_MISSING) {
		return refuse(err, e);
	}
	free(e);
	e = NULL;
	if (it->f->written)
		return check_written_disk(c, it, *exists, err);
	if (it->f->stamp) {
		if (!*exists)
			return refuse(err, xasprintf("%s: removed since berth read it: scan again", it->path));
		if (repo_stamp_check(c->r, it->path, it->f->stamp) != 0)
			return refuse(err, xasprintf("%s: changed since berth read it: scan again", it->path));
		return 0;
	}
	if (*exists)
		return refuse(err, xasprintf("%s: exists, but berth did not read it: scan again", it->path));
	{
		char *dir = str_dirname(it->path);
		int dfd = repo_open_safe(c->r, dir, 1, &st, &e);
		free(dir);
		if (dfd < 0) {
			*err = xasprintf("%s: cannot be created: %s", it->path, e ? e : "no folder");
			free(e);
			return -1;
		}
		close(dfd);
	}
	return 0;
}

/* The blob id of `data` as git would store it at `path`. */
static int blob_of(struct commit_ctx *c, const char *path, const char *data, size_t len, git_oid *id)
{
	char *clean = NULL;
	size_t clen = 0;
	int rc = clean_content(c, path, data, len, &clean, &clen) == 0 &&
		 git_odb_hash(id, clean, clen, GIT_OBJECT_BLOB) == 0 ? 0 : -1;
	free(clean);
	return rc;
}

/*
 * Written by berth (w): HEAD holds what berth planned on (nothing, when it
 * created the file) and the index HEAD's entry or the written content, so
 * the difference from HEAD is berth's fixes and nothing else.
 */
static int check_written_history(struct commit_ctx *c, struct commit_item *it, const git_tree_entry *te,
				  const git_index_entry *ie, mode_t disk_mode, char **err)
{
	git_oid base;
	if (!it->f->base) {
		if (te)
			return refuse(err, xasprintf("%s: berth created it, but HEAD has it now: nothing of it committed",
						     it->path));
		if (ie && !git_oid_equal(&ie->id, &it->blob))
			return refuse(err, xasprintf("%s: has uncommitted changes of its own (staged)", it->path));
		it->mode = ie ? (git_filemode_t)ie->mode : GIT_FILEMODE_BLOB;
		return 0;
	}
	if (!te)
		return refuse(err, xasprintf("%s: no longer in HEAD since berth wrote it: nothing of it committed",
					     it->path));
	if (blob_of(c, it->path, it->f->base, it->f->baselen, &base) < 0)
		return refuse(err, commit_git_error(it->path));
	if (!git_oid_equal(&base, git_tree_entry_id(te)))
		return refuse(err, xasprintf("%s: HEAD changed since berth wrote it (the file was not as committed "
					     "then, or was committed since): nothing of it committed", it->path));
	it->mode = git_tree_entry_filemode(te);
	if (!ie || ie->mode != (uint32_t)it->mode ||
	    (!git_oid_equal(&ie->id, git_tree_entry_id(te)) && !git_oid_equal(&ie->id, &it->blob)))
		return refuse(err, xasprintf("%s: has uncommitted changes of its own (staged): commit or unstage "
					     "them first", it->path));
	if (c->filemode && ((disk_mode & 0100) != 0) != (it->mode == GIT_FILEMODE_BLOB_EXECUTABLE))
		return refuse(err, xasprintf("%s: has uncommitted changes of its own (executable bit)", it->path));
	return 0;
}

/* Index and HEAD: no conflict, no link, and (on a born branch) no change of its own. */
static int check_history(struct commit_ctx *c, struct commit_item *it, const git_tree_entry *te,
			 int exists, mode_t disk_mode, char **err)
{
	const git_index_entry *ie = git_index_get_bypath(c->idx, it->path, 0);
	git_oid wt;
	mode_t wt_mode = 0;
	for (int stage = 1; stage <= 3; stage++)
		if (git_index_get_bypath(c->idx, it->path, stage))
			return refuse(err, xasprintf("%s: has merge conflicts: resolve them first", it->path));
	if ((ie && ie->mode == GIT_FILEMODE_LINK) || (te && git_tree_entry_filemode(te) == GIT_FILEMODE_LINK))
		return refuse(err, xasprintf("%s: a symbolic link in git; berth does not follow links", it->path));
	if (it->f->written && !c->unborn)
		return check_written_history(c, it, te, ie, disk_mode, err);
	if (c->unborn) {
		int exec = exists && c->filemode && (disk_mode & 0100);
		it->mode = ie ? (git_filemode_t)ie->mode : exec ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
		return 0;
	}
	if (!te && !ie) {
		if (exists)
			return refuse(err, xasprintf("%s: not committed yet (untracked): commit it first, "
						     "or write the fix without committing", it->path));
		it->mode = GIT_FILEMODE_BLOB;
		return 0;
	}
	if (te && !ie)
		return refuse(err, xasprintf("%s: has uncommitted changes of its own (staged for deletion)", it->path));
	if (!te)
		return refuse(err, xasprintf("%s: has uncommitted changes of its own (added, never committed): "
					     "commit it first, or write the fix without committing", it->path));
	it->mode = git_tree_entry_filemode(te);
	if (!git_oid_equal(&ie->id, git_tree_entry_id(te)) || ie->mode != (uint32_t)it->mode)
		return refuse(err, xasprintf("%s: has uncommitted changes of its own (staged): commit or unstage "
					     "them first, or write the fix without committing", it->path));
	if (!exists)
		return refuse(err, xasprintf("%s: has uncommitted changes of its own (deleted)", it->path));
	if (worktree_blob(c, it->path, &wt, &wt_mode) < 0)
		return refuse(err, commit_git_error(it->path));
	if (!git_oid_equal(&wt, git_tree_entry_id(te)))
		return refuse(err, xasprintf("%s: has uncommitted changes of its own (not staged): commit or "
					     "discard them first, or write the fix without committing", it->path));
	if (c->filemode && ((wt_mode & 0100) != 0) != (it->mode == GIT_FILEMODE_BLOB_EXECUTABLE))
		return refuse(err, xasprintf("%s: has uncommitted changes of its own (executable bit)", it->path));
	return 0;
}

int commit_check_file(struct commit_ctx *c, struct commit_item *it, char **err)
{
	git_tree_entry *te = NULL;
	char *sub = NULL;
	mode_t disk_mode = 0;
	int exists = 0, rc;
	it->path = it->f->path ? path_join_norm("", it->f->path) : NULL;
	if (!it->path || !*it->path)
		return refuse(err, xasprintf("%s: not a file inside the repository", it->f->path ? it->f->path : "(null)"));
	for (size_t i = 0; c->items + i < it; i++)
		if (c->items[i].path && strcmp(c->items[i].path, it->path) == 0)
			return refuse(err, xasprintf("%s: given twice", it->path));
	if (in_submodule(c, it->path, &sub)) {
		*err = xasprintf("%s: inside the submodule %s: commit it in the submodule", it->path, sub);
		free(sub);
		return -1;
	}
	if (check_disk(c, it, &exists, &disk_mode, err) < 0)
		return -1;
	if (c->head_tree && git_tree_entry_bypath(&te, c->head_tree, it->path) < 0) {
		te = NULL;
		git_error_clear();
	}
	/* the new blob first: a file berth wrote may be staged as written already */
	rc = clean_content(c, it->path, it->f->data ? it->f->data : "", it->f->len, &it->clean, &it->cleanlen) < 0 ||
		     git_odb_hash(&it->blob, it->clean, it->cleanlen, GIT_OBJECT_BLOB) < 0
	     ? refuse(err, commit_git_error(it->path)) : 0;
	if (rc == 0)
		rc = check_history(c, it, te, exists, disk_mode, err);
	if (rc == 0)
		it->changed = c->unborn || !te || !git_oid_equal(&it->blob, git_tree_entry_id(te)) ||
			      git_tree_entry_filemode(te) != it->mode;
	git_tree_entry_free(te);
	return rc;
}

void commit_ctx_free(struct commit_ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->items[i].path);
		free(c->items[i].clean);
	}
	free(c->items);
	free(c->refname);
	if (!c->g)
		return;         /* refused before libgit2 was needed: no libgit2 object to free */
	git_signature_free(c->sig);
	git_tree_free(c->head_tree);
	git_commit_free(c->head_commit);
	git_index_free(c->idx);
}
