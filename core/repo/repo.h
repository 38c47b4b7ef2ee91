/*
 * repo - where berth finds and reads files: a git repository (discovered
 * from a path upwards), or a plain folder walked on disk when there is none.
 *
 * Finding the repository, its root and its branch needs no libgit2: it is
 * loaded (gitlib.h) and the repository opened through it only when git is
 * first needed - candidates (the index, the ignore rules), "is it tracked",
 * repo_git(), a commit - so a check of one named file never loads it. When
 * it cannot be loaded or opened then, those calls fail (repo_candidates -1,
 * repo_tracked 0, repo_git NULL) and repo_error() says why.
 *
 * Candidates (SPEC.md) are the tracked files plus the untracked files git
 * does not ignore. Reading refuses, with a message, what berth must not
 * read: a path leaving the root, a symlink (any symlink: its target may lie
 * outside, and berth never follows one), a non-regular file (FIFO, device,
 * folder), a file over REPO_MAX_FILE bytes.
 *
 * Ownership: repo_open() returns a struct repo to release with repo_free();
 * returned path arrays belong to the caller (free each, then the array).
 */
#ifndef BERTH_REPO_H
#define BERTH_REPO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "items.h"
#include "fsview.h"

#define REPO_MAX_FILE (4u << 20)        /* 4 MiB: no real Dockerfile or compose file comes close */
#define REPO_MAX_FILES 200000           /* candidates listed at most */

struct repo;
struct git_repository;

enum repo_err {
	REPO_OK = 0,
	REPO_ERR_MISSING = -1,
	REPO_ERR_OUTSIDE = -2,          /* path leaves the root */
	REPO_ERR_SYMLINK = -3,
	REPO_ERR_NOT_REGULAR = -4,
	REPO_ERR_TOO_BIG = -5,
	REPO_ERR_UNREADABLE = -6,
};

/* What a file was when it was read, to refuse writing over a later change. */
struct repo_stamp {
	dev_t dev;
	ino_t ino;
	off_t size;
	int64_t mtime_ns;
	mode_t mode;
	uint64_t hash;          /* FNV-1a of the content */
};

/* 0 ok; -1 with a message in *err (malloc'd) when `path` does not exist. */
int repo_open(struct repo **out, const char *path, char **err);
void repo_free(struct repo *r);

const char *repo_root(const struct repo *r);          /* absolute, no trailing '/' */
int repo_is_git(const struct repo *r);
/* Its git folder (where HEAD is; a worktree's own), absolute; NULL outside a repository. Borrowed. */
const char *repo_git_dir(const struct repo *r);
/* 1 for a bare repository: nothing to scan, and commits are refused. */
int repo_is_bare(const struct repo *r);
/* Current branch name, "HEAD" when detached, NULL outside a repository; borrowed. */
const char *repo_branch(const struct repo *r);
/*
 * The repository's GitHub "owner/name" (what a workflow's `github.repository`
 * is), from remote.origin.url when that is a github.com URL (https, ssh or
 * scp-like; ".git" dropped): malloc'd, or NULL (no repository, no origin,
 * another host).
 */
char *repo_github_slug(struct repo *r);
/* The "owner/name" of a github.com URL as written (malloc'd), or NULL. */
char *repo_slug_of_url(const char *url);
/* The libgit2 handle, opened on first use; NULL outside a repository or when it cannot be opened. */
struct git_repository *repo_git(struct repo *r);
/*
 * Why git could not be used when it was first needed: "cannot load libgit2
 * (SONAME): ...", or libgit2's refusal of the repository; NULL when it was
 * not needed yet or opened fine. Borrowed; stays valid until repo_free().
 */
const char *repo_error(struct repo *r);
/* Re-read HEAD after a commit or a checkout made by someone else. */
void repo_refresh_branch(struct repo *r);

/* Command-line path -> root-relative path ("" for the root); -1 when outside the root. */
int repo_relpath(const struct repo *r, const char *path, char **rel);

/*
 * 1 and the kind when a file name (not path) is a candidate Dockerfile or
 * compose file (SPEC.md); never a template (CHECKLIST.md, roles rule 3:
 * `Dockerfile.j2`, `compose.yaml.tmpl`, `Dockerfile~`).
 */
int repo_candidate_kind(const char *name, enum filekind *kind);
/* The kind a template's name stands for once its template suffix is dropped (a named file); 0 when none. */
int repo_template_kind(const char *name, enum filekind *kind);

/*
 * A candidate that is a symbolic link (CHECKLIST.md, the build context):
 * 0 when `rel` is no link; 1 when its target (links followed, at most
 * REPO_MAX_LINKS) lies inside the root, in *target (root-relative,
 * malloc'd); REPO_ERR_OUTSIDE when it leads out of the root (or to an
 * absolute path); REPO_ERR_MISSING when it leads nowhere.
 */
#define REPO_MAX_LINKS 8
int repo_link_target(struct repo *r, const char *rel, char **target);

/*
 * Files at or below the root that `want` accepts (given the root-relative
 * path): in a repository the tracked ones (the index), outside one a walk
 * of the folder; sorted. 0 ok, -1 when git cannot be used.
 */
int repo_list_files(struct repo *r, int (*want)(const char *path), char ***paths, size_t *n);

/*
 * Candidates at or below root-relative folder `sub` ("" = all), sorted by
 * path; none from a vendored folder below `sub` (node_modules/,
 * third_party/, a Go vendor/ with modules.txt: another project's files).
 */
int repo_candidates(struct repo *r, const char *sub, char ***paths, size_t *n);

/*
 * Read a root-relative file. On error returns an enum repo_err and a
 * message in *err (malloc'd). `st` may be NULL.
 */
int repo_read(struct repo *r, const char *rel, char **data, size_t *len,
	      struct repo_stamp *st, char **err);
/* 0 when the file on disk still matches the stamp, -1 otherwise. */
int repo_stamp_check(struct repo *r, const char *rel, const struct repo_stamp *st);
uint64_t repo_hash(const char *data, size_t len);

int repo_tracked(struct repo *r, const char *rel);
void repo_fsview(struct repo *r, struct fsview *out);

void repo_paths_free(char **paths, size_t n);

/*
 * Write a repository file atomically (repo_write.c): a temporary file in the
 * same folder, fsync, rename over the original, mode bits kept. Refuses with
 * a message (*err, malloc'd) and -1 a symlink, a file that is not regular or
 * not writable, and a file changed since it was read (`stamp`, checked with
 * repo_stamp_check). A NULL stamp means the file is new and must not exist.
 */
int repo_write(struct repo *r, const char *rel, const char *data, size_t len,
	       const struct repo_stamp *stamp, char **err);

#endif
