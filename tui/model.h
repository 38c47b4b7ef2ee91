/*
 * model - everything the TUI knows apart from how it is drawn: the rows of
 * the files pane (grouped by folder), the checklist of the selected file
 * (grouped by category), selections and scrolling, search, the overview's
 * counts, the accepted fixes, the walkthrough's order and position, and the
 * state of the dialogs. No curses here: tests drive it with no terminal
 * (tests/test_tui_model.c), the views only read it.
 *
 * Ownership: the model borrows the scan (tui_model_set_scan) and owns
 * everything else; tui_model_free() releases it. Accepted fixes are kept by
 * path and item key, so they survive a rescan that reorders files.
 */
#ifndef BERTH_TUI_MODEL_H
#define BERTH_TUI_MODEL_H

#include <stddef.h>
#include "scan.h"
#include "util.h"

#define TUI_NONE ((size_t)-1)
#define TUI_EDIT_MAX 4096       /* bytes a dialog's input line holds */

enum tui_pane { TUI_PANE_FILES, TUI_PANE_CHECK, TUI_PANE_DETAIL, TUI_PANE_COUNT };
enum tui_mode { TUI_MODE_MAIN, TUI_MODE_OVERVIEW, TUI_MODE_WALK, TUI_MODE_HELP, TUI_MODE_LOG };
/* Text screens over the others: help and the message log (L); q or Esc goes back to help_return. */
#define TUI_MODE_TEXT(md) ((md) == TUI_MODE_HELP || (md) == TUI_MODE_LOG)
enum tui_dialog {
	TUI_DLG_NONE,
	TUI_DLG_SEARCH,         /* "/" input line */
	TUI_DLG_COMMIT,         /* the commit message, editable */
	TUI_DLG_VALUE,          /* a value a fix needs, with a default */
	TUI_DLG_QUIT,           /* accepted fixes not written: quit anyway? */
	TUI_DLG_MESSAGE,        /* a notice; any key closes it */
};
enum tui_row_kind { TUI_ROW_FOLDER, TUI_ROW_FILE, TUI_ROW_CATEGORY, TUI_ROW_ITEM };

struct tui_row {
	enum tui_row_kind kind;
	size_t index;           /* file index in the scan, item id, or category */
};

/* A list pane's rows and cursor. `sel` is always a selectable row (file or item) when any exists. */
struct tui_list {
	struct tui_row *rows;
	size_t n, cap;
	size_t sel, top;
};

struct tui_accept {
	char *path;
	int item;
	char *value_name;       /* for fixes that need a value: the name it is given under ("pin.python") */
	char *value;            /* and the value, else both NULL */
};

enum tui_step_state { TUI_STEP_PENDING, TUI_STEP_APPLIED, TUI_STEP_SKIPPED };

/*
 * One step of the tour (W): an item and every file failing it ("Runs as
 * non-root user - 5 files"), issue 17. `file` is the file in focus (a scan
 * index): e, x and a value prompt act on it; the view shows its preview.
 */
struct tui_step {
	int item;
	size_t *files;                  /* scan indexes, path order */
	enum tui_step_state *fstate;    /* per file: left without its fix (skipped), or accepted */
	size_t nfiles, fsel;            /* fsel: the position of `file` in files */
	size_t file;
};

/* Where the tour is: its opening map, the offer to resume, a step, or the summary (walk_pos == nwalk). */
enum tui_walk_phase { TUI_WALK_MAP, TUI_WALK_RESUME, TUI_WALK_STEP, TUI_WALK_SUMMARY };

struct tui_ov_item {
	int item;
	unsigned pass, fail, na, ignored;
};

struct tui_edit {
	struct buf text;
	size_t cursor;          /* byte offset, always on a character boundary */
};

struct tui_model {
	const struct scan *scan;        /* borrowed, may be NULL while scanning */
	const struct config *cfg;       /* borrowed, may be NULL */
	enum tui_mode mode, help_return;
	enum tui_pane pane;
	struct tui_list files, check, ov;
	size_t detail_top;              /* first line of the detail pane shown (walkthrough too) */
	size_t help_top;                /* first line of the help shown */
	int filter_item;                /* files pane lists only files failing it, or -1 */
	char *search;                   /* the last search pattern, or NULL */
	int filter_search;              /* files pane lists only files the search matches */
	int failing_only;               /* the checklist lists only failing items (F) */
	int show_full;                  /* the fix preview shows the whole fixed file (v) */
	int zoom;                       /* the detail pane takes the whole screen while it has the focus (z) */
	char *filter_keep;              /* a file a filter keeps whatever it says (the one on screen), or NULL */
	struct { size_t files, check; enum tui_pane pane; int set; } search_origin;   /* where `/` started */
	struct tui_accept *acc;
	size_t nacc, acccap;
	size_t written;                 /* fixes written since the last commit (w) */
	struct tui_ov_item ov_items[ITEM_COUNT];
	struct tui_step *walk;
	size_t nwalk, walkcap, walk_pos;        /* walk_pos == nwalk: the summary */
	enum tui_walk_phase walk_phase;
	enum tui_dialog dialog;
	struct tui_edit edit;
	char *dlg_title;                /* prompt or notice text */
	char *dlg_error;                /* shown in the dialog (commit refused ...) */
	size_t dlg_file;                /* TUI_DLG_VALUE: the fix it is for */
	int dlg_item;
	char *dlg_name;                 /* TUI_DLG_VALUE: the value's name, fixed when the prompt opens */
	char *dlg_current;              /* pins: the tag written now, or NULL */
	int dlg_minimal, dlg_shared;    /* see struct tui_value_ctx */
};

void tui_model_init(struct tui_model *m);
void tui_model_free(struct tui_model *m);
/* Take a (new) scan: rebuild rows, keep the selection by path and item, recount. */
void tui_model_set_scan(struct tui_model *m, const struct scan *s, const struct config *cfg);

/* Selected file (scan index) or TUI_NONE; selected item id or -1. */
size_t tui_model_file(const struct tui_model *m);
int tui_model_item(const struct tui_model *m);
unsigned tui_model_fail_count(const struct tui_model *m, size_t file);

/* Move the cursor of the focused list by delta rows (skipping headers; clamps). */
void tui_model_move(struct tui_model *m, long delta);
void tui_model_home(struct tui_model *m, int end);
/* Keep the cursor inside a window of `height` rows (sets top). */
void tui_list_scroll(struct tui_list *l, size_t height);
/* Select row `row` of a list when it is selectable: 0 ok, -1 not. */
int tui_list_select(struct tui_list *l, size_t row);
struct tui_list *tui_model_list(struct tui_model *m, enum tui_pane p);
/* A click: focus pane p and select its row `row` (a list index): 0 ok, -1 not selectable. */
int tui_model_click(struct tui_model *m, enum tui_pane p, size_t row);
void tui_model_focus(struct tui_model *m, enum tui_pane p);
/* Enter: files -> checklist, checklist -> detail. */
void tui_model_enter(struct tui_model *m);
/* q/Esc: 1 when at the top already (the caller may quit). */
int tui_model_back(struct tui_model *m);

/*
 * Search (model_search.c), whatever pane has the focus: one order over the
 * repository, each file (its path) followed by the items of its checklist
 * (key or title), case-insensitive substrings. tui_model_search jumps to
 * the first match from the cursor on; n / N to the next / previous one,
 * from file to file, wrapping. 0 found, -1 none (the cursor stays).
 */
int tui_model_search(struct tui_model *m, const char *pat);
int tui_model_search_next(struct tui_model *m, int dir);
/* f: the next failing item after the cursor, from file to file (dir -1: the previous one): 0, -1 none. */
int tui_model_next_failing(struct tui_model *m, int dir);
/* F: the checklist lists only the failing items (on 1) or all (0). */
void tui_model_failing_only(struct tui_model *m, int on);
/* As the search line is typed: from where `/` started (begin), jump to the first match; cancel goes back there. */
void tui_model_search_begin(struct tui_model *m);
int tui_model_search_preview(struct tui_model *m, const char *pat);
void tui_model_search_cancel(struct tui_model *m);
/* Filter the files pane to the files the search matches (a path, or a matching item that fails): on 1, off 0. */
void tui_model_search_filter(struct tui_model *m, int on);

/* Files pane filter (overview's Enter): only files failing `item`; -1 clears. */
void tui_model_filter(struct tui_model *m, int item);

/* Accepting fixes. */
enum tui_acc_result {
	TUI_ACC_OK = 0,
	TUI_ACC_NEEDS_VALUE = 1,        /* ask for a value, then tui_model_accept_value */
	TUI_ACC_ALREADY = 2,
	TUI_ACC_NO_FIX = -1,            /* the item has no automatic fix */
	TUI_ACC_NOT_FAILING = -2,
};
int tui_model_fixable(const struct tui_model *m, size_t file, int item);
enum tui_acc_result tui_model_accept(struct tui_model *m, size_t file, int item);
/* Accept a fix with its value, given under `name`: 0, or -1 (no value, nothing to fix). */
int tui_model_accept_value(struct tui_model *m, size_t file, int item, const char *name, const char *value);
/* 1 when an accepted fix uses the value `name`. */
int tui_model_value_used(const struct tui_model *m, const char *name);
/* Every automatic (not value) fix of a file: the number newly accepted. */
size_t tui_model_accept_all(struct tui_model *m, size_t file);
/* 0 dropped, -1 it was not accepted. */
int tui_model_drop(struct tui_model *m, size_t file, int item);
const struct tui_accept *tui_model_accepted(const struct tui_model *m, size_t file, int item);
void tui_model_clear_accepted(struct tui_model *m);

/* Status bar counts over the whole scan. */
void tui_model_counts(const struct tui_model *m, size_t *files, size_t *pass, size_t *fail);

/* Overview: counts per item, rows grouped by category, sorted by failures. */
void tui_model_overview(struct tui_model *m);

/*
 * The tour (model_walk.c): one step per failing item, every file failing it
 * in the step, items that fail in most files first. tui_walk_start builds
 * the steps and opens on the map; tui_walk_current is the step on screen
 * (NULL on the map, the resume offer and the summary).
 */
void tui_walk_start(struct tui_model *m);
const struct tui_step *tui_walk_current(const struct tui_model *m);
void tui_walk_step(struct tui_model *m, int dir);       /* +1 next (pending files: skipped), -1 back */
void tui_walk_goto(struct tui_model *m, size_t pos);    /* a step (nwalk: the summary) */
void tui_walk_focus(struct tui_model *m, int dir);      /* the next / previous file of the step */
/* Accept every fix of the step that `ok(file)` allows (the view: its level is safe): the number accepted. */
size_t tui_walk_accept(struct tui_model *m, int (*ok)(void *ctx, size_t file), void *ctx);
/* A fix of the step's file in focus was accepted (Enter, a value given): mark it, focus the next file. */
void tui_walk_mark_focus(struct tui_model *m);
/* Over every step's files: accepted, skipped, not seen yet. */
void tui_walk_counts(const struct tui_model *m, size_t *applied, size_t *skipped, size_t *pending);
/* Files of a step whose fix is accepted (now, in this session). */
size_t tui_walk_step_accepted(const struct tui_model *m, const struct tui_step *s);
struct tui_walk_state;
/* The tour's state (walk_state.h) from the model, and back (marks of files that no longer fail are dropped). */
void tui_walk_export(const struct tui_model *m, struct tui_walk_state *st);
void tui_walk_import(struct tui_model *m, const struct tui_walk_state *st);
/* The step a state resumes at (nwalk: the summary), from its item and path. */
size_t tui_walk_resume_pos(const struct tui_model *m, const struct tui_walk_state *st);
/* A new scan while touring: the steps built again, `st` exported from the old scan's (marks, position). */
void tui_walk_rebuild(struct tui_model *m, const struct tui_walk_state *st);
/* Import a state and go where it was left (the map, a step with its file in focus, the summary). */
void tui_walk_resume(struct tui_model *m, const struct tui_walk_state *st);

/* Dialogs: open with a title and initial text; keys edit; Enter submits, Esc cancels. */
enum tui_dlg_result { TUI_DLG_CONTINUE, TUI_DLG_SUBMIT, TUI_DLG_CANCEL };
void tui_dialog_open(struct tui_model *m, enum tui_dialog d, const char *title, const char *text);
void tui_dialog_close(struct tui_model *m);
void tui_dialog_error(struct tui_model *m, const char *err);
enum tui_dlg_result tui_dialog_key(struct tui_model *m, int key);

#endif
