/*
 * diff - previews of fixes as unified diffs, made by libgit2's patch API
 * (git_patch_from_buffers), in the `git diff` format that `git apply`
 * accepts at the repository root: "diff --git a/P b/P", "--- a/P",
 * "+++ b/P"; a new file as "--- /dev/null" with "new file mode 100644".
 *
 * Ownership: the patch text is appended to the caller's struct buf.
 */
#ifndef BERTH_DIFF_H
#define BERTH_DIFF_H

#include <stddef.h>
#include "util.h"

/* Lines of context around each change (git's default). */
#define DIFF_CONTEXT 3

/*
 * Append the patch turning `old` (NULL when the file is new) into `new` for
 * repository-relative `path`. Nothing is appended when they are equal.
 * 0 ok, -1 on a libgit2 error (message in *err, malloc'd, when err is not NULL).
 */
int diff_patch(struct buf *out, const char *path, const char *old, size_t oldlen,
	       const char *new_, size_t newlen, char **err);

/*
 * The same with only the hunks (from the first "@@" on): for the TUI's
 * preview pane, where the file is already named.
 */
int diff_hunks(struct buf *out, const char *path, const char *old, size_t oldlen,
	       const char *new_, size_t newlen, char **err);

#endif
