/*
 * repo_priv - the inside of struct repo, shared by repo.c (opening, paths),
 * repo_read.c (safe reads, stamps, the fsview), repo_list.c (candidates)
 * and commit.c. Not part of the public API: only repo_*.c and commit.c
 * include it.
 */
#ifndef BERTH_REPO_PRIV_H
#define BERTH_REPO_PRIV_H

#include <sys/stat.h>
#include <pthread.h>
#include "gitlib.h"
#include "repo.h"

struct repo {
	char *root;             /* absolute and physical (realpath), no trailing '/' */
	int is_git;             /* a git repository holds the root: known without libgit2 */
	int bare;
	char *gitdir;           /* its git folder (HEAD is there), physical; NULL outside a repository */
	char *open_at;          /* the folder whose .git was found: libgit2 opens it there on first use */
	/*
	 * The rest is made on first use, under `lock`: the scan's workers
	 * share this repo, and libgit2 objects are not for two threads at once.
	 */
	git_repository *git;    /* NULL outside a repository, until first use, or when it cannot be opened */
	char *git_error;        /* why it could not be opened, kept for every later caller */
	char *branch;           /* "main", "HEAD" when detached; read from HEAD on first use */
	git_index *index;       /* loaded on first use */
	int rootfd;             /* the root folder, open for openat2 lookups beneath it; -1 when not open */
	pthread_mutex_t lock;
};

/*
 * With r->lock held: the git handle, opened (libgit2 loaded) on first use;
 * NULL outside a repository or when it cannot be opened (r->git_error).
 */
git_repository *repo_git_locked(struct repo *r);

/* With r->lock held: the repository's index, read from disk when it changed; NULL when it cannot be loaded. */
git_index *repo_index(struct repo *r);

/*
 * Open root-relative `rel` below the root without following any symlink.
 * Returns an fd (O_RDONLY, O_NONBLOCK for the last component) of a regular
 * file or folder, and its stat; or an enum repo_err with *err set when err
 * is not NULL. `want_dir` asks for a folder instead of a regular file.
 */
int repo_open_safe(struct repo *r, const char *rel, int want_dir, struct stat *st, char **err);
/*
 * A folder below the root (`norm`: normalised, root-relative) for the walk:
 * one openat2 that refuses any link (mount points may be crossed, as a
 * plain walk does), repo_open_safe where the kernel lacks openat2. -1 when
 * it cannot be opened.
 */
int repo_open_dir(struct repo *r, const char *norm);

#endif
