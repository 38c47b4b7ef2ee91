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
	git_repository *git;    /* NULL outside a repository */
	int bare;
	char *branch;           /* "main", "HEAD" when detached, NULL outside a repository */
	git_index *index;       /* loaded on first use; NULL outside a repository */
	int rootfd;             /* the root folder, open for openat2 lookups beneath it; -1 when not open */
	pthread_mutex_t lock;   /* libgit2 objects are not for two threads at once: the scan's workers share this repo */
};

/* The repository's index, read from disk when it changed; NULL when it cannot be loaded. */
git_index *repo_index(struct repo *r);

/*
 * Open root-relative `rel` below the root without following any symlink.
 * Returns an fd (O_RDONLY, O_NONBLOCK for the last component) of a regular
 * file or folder, and its stat; or an enum repo_err with *err set when err
 * is not NULL. `want_dir` asks for a folder instead of a regular file.
 */
int repo_open_safe(struct repo *r, const char *rel, int want_dir, struct stat *st, char **err);

#endif
