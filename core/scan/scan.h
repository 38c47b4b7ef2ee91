/*
 * scan - one audit of a set of paths: find the candidate files, read and
 * parse them, work out the cross-file facts (which Compose services build
 * which Dockerfile, with which context), judge every item, and keep the
 * results in path order for the reports, the fix engine and the TUI.
 *
 * Files are read and judged on a small pool of threads (pool.h); every
 * result lands in its own slot, so the output does not depend on timing.
 * The progress callback is called from those threads, one call at a time.
 *
 * Ownership: struct scan owns its files (paths, contents, results);
 * scan_free() releases them. It borrows the repo and the config.
 */
#ifndef BERTH_SCAN_H
#define BERTH_SCAN_H

#include <stddef.h>
#include "check.h"
#include "config.h"
#include "repo.h"

struct scan_file {
	struct file_result res;         /* res.path is the repository-relative path */
	char *data;                     /* content as read (NULL when it could not be read) */
	size_t len;
	struct text text;               /* line table over data */
	struct repo_stamp stamp;
	char *read_error;               /* why it could not be read, or NULL */
	char **contexts;                /* Dockerfile: build contexts of the Compose services building it */
	size_t ncontexts;
};

struct scan {
	struct repo *repo;
	const struct config *cfg;
	struct scan_file *files;        /* sorted by path */
	size_t nfiles;
};

typedef void (*scan_progress_fn)(size_t done, size_t total, void *payload);

/*
 * Audit `paths` (files or folders, as given on the command line; none means
 * the repository root). 0 ok; -1 with *err (malloc'd) when a path does not
 * exist or leaves the repository.
 */
int scan_run(struct scan *s, struct repo *repo, const struct config *cfg,
	     char *const *paths, size_t npaths,
	     scan_progress_fn progress, void *payload, char **err);
void scan_free(struct scan *s);

/* Audit one file's content: used by scan_run, the fix engine's verification and the tests. */
void scan_audit_file(struct file_result *res, const char *path, enum filekind kind,
		     const char *data, size_t len, const struct text *text,
		     const struct fsview *fs, const struct config *cfg,
		     char *const *contexts, size_t ncontexts);

#endif
