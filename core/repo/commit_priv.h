/*
 * commit_priv - what commit.c (writing, committing) and commit_check.c
 * (every refusal, decided before anything is written) share.
 */
#ifndef BERTH_COMMIT_PRIV_H
#define BERTH_COMMIT_PRIV_H

#include "commit.h"
#include "repo_priv.h"

/* One file to commit, as the checks found it. */
struct commit_item {
	const struct commit_file *f;
	char *path;             /* normalised */
	char *clean;            /* the new content as git stores it (clean filters applied) */
	size_t cleanlen;
	git_oid blob;           /* its id (computed, not yet written) */
	git_filemode_t mode;    /* HEAD's mode when tracked, else from the file */
	int changed;            /* blob or mode differs from HEAD (always, on an unborn branch) */
	int skipped;            /* refused, left out (keep_going) */
};

struct commit_ctx {
	struct repo *r;
	git_repository *g;
	git_index *idx;
	char *refname;          /* "refs/heads/main", or "HEAD" when detached */
	int unborn, detached;
	git_oid head_id;        /* when not unborn */
	git_commit *head_commit;
	git_tree *head_tree;    /* NULL when unborn */
	git_signature *sig;
	int filemode;           /* core.filemode: executable bits count */
	struct commit_item *items;
	size_t n;
};

/* The repository-wide refusals; fills everything in `c` but the items. */
int commit_check_repo(struct commit_ctx *c, const struct commit_opts *o, char **err);
/* The refusals of one file; fills `it`. */
int commit_check_file(struct commit_ctx *c, struct commit_item *it, char **err);
void commit_ctx_free(struct commit_ctx *c);

/* "<what>: <libgit2's last message>" (malloc'd). */
char *commit_git_error(const char *what);

#endif
