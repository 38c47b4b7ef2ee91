/*
 * commit - commit accepted fixes through libgit2 without touching anything
 * else of the user's: the TUI's `c` and `berth fix --commit [-m MSG]` both
 * call commit_fixes().
 *
 * The commit's tree is HEAD's tree with only the given paths' blobs
 * replaced or added (git_tree_create_updated), never the user's index
 * written as a tree: other staged changes stay staged and out of the
 * commit, unstaged changes and untracked files stay as they are. Only the
 * given paths' index entries are updated (their mode kept). The current
 * branch advances with a reflog entry; hooks are not run.
 *
 * Everything is checked before anything is written, and a refusal changes
 * nothing on disk or in .git: not a repository, a bare one, a merge or
 * rebase in progress, a held index.lock, user.name/user.email missing, a
 * detached HEAD (unless allow_detached), a path that leaves the root, is a
 * symbolic link, lies inside a submodule, changed since it was read, or has
 * uncommitted changes of its own (work tree or index differs from HEAD).
 * An unborn branch gets a root commit holding the fixed files.
 *
 * Ownership: inputs are borrowed for the call; *err and the result's
 * strings are malloc'd (commit_result_free).
 */
#ifndef BERTH_COMMIT_H
#define BERTH_COMMIT_H

#include <stddef.h>

struct repo;
struct repo_stamp;

#define COMMIT_SUBJECT_FILES 3  /* the default subject names at most this many files, then "N files" */

/* One fixed file: its new content and what it was when read. */
struct commit_file {
	const char *path;               /* root-relative, '/' separators */
	const char *data;               /* the content to write and commit */
	size_t len;
	const struct repo_stamp *stamp; /* as read; NULL for a file berth creates (it must not exist) */
	const char *const *keys;        /* the fix keys applied to it ("sec.non-root", ...) */
	const char *const *notes;       /* NULL, or each key's note (level first), NULL entries allowed */
	size_t nkeys;
	/*
	 * The TUI's w then c: berth wrote `data` to the work tree already,
	 * over `base` (the content it planned on; NULL when it created the
	 * file), and `stamp` is unused. The file must still hold exactly
	 * `data` (else: changed since berth wrote it), HEAD must hold `base`
	 * (or not hold the path, when created) and the index HEAD's entry or
	 * the written content: its only uncommitted change is berth's. It is
	 * not written again.
	 */
	int written;
	const char *base;
	size_t baselen;
};

struct commit_opts {
	/*
	 * NULL: the default message. One line: it replaces the default
	 * subject, the body listing the fixes stays. Several lines: the
	 * whole message, as given.
	 */
	const char *message;
	int allow_detached;             /* commit on a detached HEAD (moving HEAD) */
	/*
	 * Refuse only the files with a problem of their own (dirty, changed
	 * since read, a link, in a submodule, ...) and commit the others;
	 * their messages go to the result. Problems of the repository (bare,
	 * index.lock, identity, detached HEAD) still refuse everything.
	 */
	int keep_going;
};

struct commit_result {
	int committed;          /* 0: nothing differed from HEAD, no commit made */
	char id[41];            /* the new commit's id in hex, "" when none */
	char *branch;           /* the branch advanced, "HEAD" when detached; NULL when none */
	size_t nfiles;          /* files whose blob changed */
	char **refused;         /* keep_going: "path: why" per file left out */
	size_t nrefused;
};

/*
 * 0 done (res->committed tells whether a commit was made; with keep_going,
 * res->nrefused files may have been left out); -1 refused or failed, with
 * a message in *err and nothing written when it is a refusal. `opts` may
 * be NULL.
 */
int commit_fixes(struct repo *r, const struct commit_file *files, size_t n,
		 const struct commit_opts *opts, struct commit_result *res, char **err);
void commit_result_free(struct commit_result *res);

/* "berth: N fixes in a, b" + a blank line + "- key in path" per fix (malloc'd). */
char *commit_default_message(const struct commit_file *files, size_t n);

#endif
