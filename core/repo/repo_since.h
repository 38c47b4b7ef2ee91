/*
 * repo_since - what changed since a git revision, for `berth check
 * --since REF`: per file, the lines of today's work tree that were added or
 * changed against the merge base of HEAD and REF (`git diff $(git
 * merge-base HEAD REF)`, staged and unstaged changes alike). A file that
 * base does not have - new, renamed, untracked but not ignored - is changed
 * as a whole.
 *
 * The scan still judges every file as it is today; since_filter() then
 * drops the findings that lie on lines the change did not touch, so a
 * review sees what the change brought. A finding about something missing
 * (CHECKLIST.md: it points at the final stage's FROM, or at the service's
 * key, rule "missing") has no line of its own: it stays when its file
 * changed at all.
 *
 * Ownership: since_load() fills a struct since that since_free() releases.
 */
#ifndef BERTH_REPO_SINCE_H
#define BERTH_REPO_SINCE_H

#include <stddef.h>
#include "check.h"
#include "repo.h"

struct since_range {
	int first, last;                /* 1-based, inclusive, lines of the work tree's file */
};

struct since_file {
	char *path;                     /* repository-relative, '/' separators */
	int whole;                      /* the base has no such file: every line is new */
	struct since_range *ranges;     /* in line order */
	size_t n, cap;
};

struct since {
	char *ref;                      /* as given */
	char base[41];                  /* the merge base, hex */
	struct since_file *files;       /* sorted by path */
	size_t nfiles, cap;
};

/*
 * Diff the work tree against the merge base of HEAD and `ref`. 0 ok; -1
 * with a message in *err (malloc'd): not a git repository, libgit2 cannot
 * be loaded, an unknown revision, no HEAD yet, no common ancestor.
 */
int since_load(struct since *out, struct repo *r, const char *ref, char **err);
void since_free(struct since *s);

/* The file's changes, or NULL when it did not change. */
const struct since_file *since_find(const struct since *s, const char *path);

/* 1 when a finding of `r` (whose text is data/len) stays reported. */
int since_keeps(const struct since *s, const struct file_result *r, const struct finding *f,
		const char *data, size_t len);

/*
 * Drop from r the findings since_keeps() refuses; returns how many of them
 * would have been reported (unsuppressed, of a real severity).
 */
size_t since_filter(const struct since *s, struct file_result *r, const char *data, size_t len);

#endif
