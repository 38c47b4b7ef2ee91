/*
 * walk_state - where the tour (W) was left, kept per repository so that
 * leaving it (q, or quitting berth) and pressing W again offers to resume at
 * the step left (issue 17). Never in the work tree: in the repository's git
 * folder (`.git/berth/walk`, repo_git_dir), else - no git folder, or it is
 * not writable - in `$XDG_STATE_HOME/berth/walk-HASH` (default
 * ~/.local/state), HASH naming the repository's root.
 *
 * The file is text, one record a line, at most TUI_WALK_STATE_MAX bytes:
 *
 *   berth-walk 1                the header: format and version
 *   at map | at summary         where the tour was left: the opening map, the summary,
 *   at KEY PATH                 or the step of item KEY with file PATH in focus
 *   skip KEY PATH               the step KEY was left with PATH's fix not taken
 *   accept KEY PATH             PATH's fix of KEY was accepted
 *
 * KEY is an item key (sec.non-root); PATH is the rest of the line,
 * repository-relative (a path holding a line break is not kept). A record
 * of an item berth no longer has is dropped; anything else unexpected (no
 * header, an unknown record, a NUL byte, a file too big) makes the whole
 * file ignored, with a message saying why: the tour then starts afresh.
 *
 * No curses here: tests/test_tui_walk.c reads and writes it directly.
 * Ownership: struct tui_walk_state owns its strings; tui_walk_state_free().
 */
#ifndef BERTH_TUI_WALK_STATE_H
#define BERTH_TUI_WALK_STATE_H

#include <stddef.h>

#include "util.h"

/* The state file's largest size; a bigger one is ignored as corrupt (skipping every file of a 12,000-file repository's steps stays far below). */
#define TUI_WALK_STATE_MAX (4u << 20)
#define TUI_WALK_STATE_HEADER "berth-walk 1"
/* Its name in the git folder, and the folder under $XDG_STATE_HOME. */
#define TUI_WALK_STATE_DIR "berth"
#define TUI_WALK_STATE_FILE "walk"

enum tui_walk_mark { TUI_WALK_SKIP, TUI_WALK_ACCEPT };

struct tui_walk_entry {
	int item;
	char *path;
	enum tui_walk_mark mark;
};

enum tui_walk_at { TUI_WALK_AT_MAP, TUI_WALK_AT_STEP, TUI_WALK_AT_SUMMARY };

struct tui_walk_state {
	enum tui_walk_at at;
	int at_item;            /* TUI_WALK_AT_STEP: the step's item */
	char *at_path;          /* and the file in focus, or NULL */
	struct tui_walk_entry *e;
	size_t n, cap;
};

void tui_walk_state_init(struct tui_walk_state *st);
void tui_walk_state_free(struct tui_walk_state *st);
/* Record a mark (a later mark of the same item and path replaces the earlier one). */
void tui_walk_state_mark(struct tui_walk_state *st, int item, const char *path, enum tui_walk_mark mark);

/* Parse a state file's text: 0 ok; -1 and *err (malloc'd, "line 3: unknown record \"foo\"") when corrupt. */
int tui_walk_state_parse(struct tui_walk_state *st, const char *data, size_t len, char **err);
/* The text of a state (appended to out). */
void tui_walk_state_format(const struct tui_walk_state *st, struct buf *out);

/*
 * Load the state of the repository at `root` (git folder `gitdir`, NULL
 * outside one): 1 loaded; 0 none kept; -1 and *err (malloc'd) when a state
 * file exists but is ignored (corrupt, unreadable). *where (malloc'd) names
 * the file in every case but 0.
 */
int tui_walk_state_load(struct tui_walk_state *st, const char *gitdir, const char *root, char **where, char **err);
/* Save it (atomically: a temporary file renamed over): 0 and *where (malloc'd), or -1 and *err (malloc'd). */
int tui_walk_state_save(const struct tui_walk_state *st, const char *gitdir, const char *root, char **where,
			char **err);
/* Forget it (start over): every file it may be kept in is removed. */
void tui_walk_state_remove(const char *gitdir, const char *root);

#endif
