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
	char **contexts;                /* Dockerfile: its build contexts (CHECKLIST.md: Compose, bake, workflows, scripts, inferred) */
	size_t ncontexts;
	int context_unknown;            /* no source names the context and the inference failed: contexts holds the
	                                   Dockerfile's folder as a guess; nothing may be written into it */
	char **build_args;              /* build args the repository supplies ("NAME=VALUE", or "NAME" from the environment) */
	size_t nbuild_args;
	char **named_contexts;          /* named contexts of the bake targets / build lines building it ("NAME=VALUE") */
	size_t nnamed_contexts;
	char *link;                     /* the candidate symlink this file was reached through, or NULL */
	int link_out;                   /* a symlink leading out of the repository (or nowhere): not read */
};

struct scan {
	struct repo *repo;
	const struct config *cfg;
	struct scan_file *files;        /* sorted by path */
	size_t nfiles;
	char **project_images;          /* CHECKLIST.md "project image": names the repository builds (Compose
	                                   build + image, bake tags, docker build -t), tag dropped, sorted */
	size_t nproject_images;
	/*
	 * The images the workflows, scripts and bake files build (no Compose
	 * build), each with its Dockerfile when one alone builds it: what a
	 * Compose `image:` runs (audit.image_map; image_map borrows these).
	 */
	char **image_names;
	struct project_image_src *image_srcs;
	size_t nimage_names;
	struct project_image_map image_map;
	int official_images;            /* project_official_images, asked once */
	/* answers the checks worked out once for the whole scan (check_memo.h: sec.healthcheck's source search per
	   build context); the fix engine's re-audits of the scan's files read them too */
	struct check_memo *memo;
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
/*
 * The contents of the scanned file at `path` as the scan read them: 0, or
 * -1 when the scan has no such file or could not read it. `scan` is a
 * struct scan * (a void * so it serves as a fix_view_cache lookup).
 */
int scan_file_data(void *scan, const char *path, const char **data, size_t *len);

/* Audit one file's content: used by scan_run, the fix engine's verification and the tests. */
void scan_audit_file(struct file_result *res, const char *path, enum filekind kind,
		     const char *data, size_t len, const struct text *text,
		     const struct fsview *fs, const struct config *cfg,
		     char *const *contexts, size_t ncontexts);
/* The same, judged as a file of `role` (check.h; reason may be NULL). */
void scan_audit_file_as(struct file_result *res, const char *path, enum filekind kind,
			const char *data, size_t len, const struct text *text,
			const struct fsview *fs, const struct config *cfg,
			char *const *contexts, size_t ncontexts,
			enum role role, const char *reason, int base_by_name, int context_unknown,
			char *const *project_images, size_t nproject_images,
			const struct project_image_map *image_map,      /* NULL: none */
			char *const *build_args, size_t nbuild_args,
			char *const *named_contexts, size_t nnamed_contexts,
			int official_images,    /* -1: not known, the check asks fs */
			struct check_memo *memo);       /* the scan's (struct scan.memo), or NULL: nothing kept */

#endif
