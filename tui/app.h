/*
 * app - the running TUI: the model, the scan (run in a background thread so
 * the screen is usable before it ends), the theme, the one input loop and
 * its request dispatch, and the views drawn each turn.
 *
 * Views are ops tables (tig's struct view_ops): each draws itself in a
 * rectangle of stdscr and may handle requests and clicks of its own;
 * generic navigation (move, page, search) lives in app.c and never
 * switches on the view.
 *
 * Ownership: struct tui_app owns everything in it; the scan thread owns
 * `pending` until it sets `scan_done`, then the input loop takes it.
 */
#ifndef BERTH_TUI_APP_H
#define BERTH_TUI_APP_H

#include <pthread.h>
#include <stdio.h>

#include "config.h"
#include "draw.h"
#include "keys.h"
#include "model.h"
#include "repo.h"
#include "scan.h"
#include "theme.h"

/* Lines the message log keeps; older ones are dropped (a long session's notices). */
#define TUI_LOG_MAX 1000

/* Smallest usable screen; below it a "terminal too small" notice. */
#define TUI_MIN_COLS 60
#define TUI_MIN_LINES 15

struct tui_app;

struct tui_view_ops {
	const char *name;
	void (*draw)(struct tui_app *app, struct tui_rect r, int focus);
	/* 1 when the view handled the request itself */
	int (*request)(struct tui_app *app, enum tui_req req);
	/* a click at screen (y, x) inside r */
	void (*click)(struct tui_app *app, struct tui_rect r, int y, int x);
};

extern const struct tui_view_ops tui_files_view, tui_check_view, tui_detail_view,
	tui_overview_view, tui_walk_view, tui_help_view, tui_dialog_view, tui_log_view;

/* The fix preview of one (file, item), cached until either or the scan changes. */
struct tui_preview {
	int valid;
	size_t file;
	int item;
	unsigned gen;
	struct buf diff;        /* unified diff hunks, or empty */
	char *title;            /* the fix's title, or NULL */
	char *value_name;       /* the value it needs, or NULL */
	char *value_default;    /* the engine's suggestion (for a pin: the tag written now) */
	int value_missing;      /* value_name is still needed (no edits without it) */
	char *full;             /* the planned file as the fix leaves it (v shows it whole), or NULL */
	size_t fulllen;
	char *note;             /* why there is none, or the engine's caveat */
	int level;              /* enum fix_level of the fix shown; FIX_LEVEL_WITHHELD: no edits */
	char *hint;             /* withheld or needing a value: what a person would write (fix_hint), or NULL */
	char *hint_check;       /* and what to check first, or NULL */
	int hint_partial;       /* the fix is offered for some services and withheld for others: the hint is for those */
};

struct fix_session;

/* A value given in the TUI, and what the config held under its name before (NULL: nothing). */
struct tui_given {
	char *name;
	char *orig;
};

/*
 * A file w wrote that berth has not committed since: c after w commits it
 * exactly as written (commit.h, `written`), with every fix w wrote into it.
 */
struct tui_wrote {
	char *path;
	char *base;                     /* the content the first w planned on; NULL when w created the file */
	size_t baselen;
	char *data;                     /* the content the last w wrote */
	size_t len;
	const char *keys[ITEM_COUNT];   /* every fix written into it, in the order written */
	char *notes[ITEM_COUNT];        /* each one's note (level first), or NULL */
	size_t nkeys;
};

struct tui_app {
	struct tui_model m;
	struct repo *repo;
	struct config cfg;
	char *path;                     /* PATH from the command line */
	char *since;                    /* --since REF, or NULL */
	char *repo_name;
	char *branch;
	struct scan *scan;              /* the current scan (NULL before the first ends) */
	unsigned scan_gen;              /* bumped for each scan taken */
	/* background scan */
	pthread_t thread;
	pthread_mutex_t mu;
	int scanning, thread_live, scan_done, scan_rc;
	size_t prog_done, prog_total;
	struct scan *pending;
	char *scan_err;
	/* look */
	struct tui_theme theme;
	char themes[TUI_THEME_MAX][TUI_THEME_NAME_MAX];
	size_t nthemes, theme_idx;
	char theme_start[TUI_THEME_NAME_MAX];   /* the theme picked at start */
	int theme_cli;                  /* --theme given */
	int bg_query;                   /* the background the terminal answered (enum tui_bg) */
	int color_ok;                   /* colours allowed and available */
	int no_color;                   /* NO_COLOR, TERM=dumb or no colours */
	int ascii;
	struct tui_preview preview;
	struct fix_session *fixes;      /* the fix pipeline over the current scan (actions.c) */
	unsigned fixes_gen;             /* the scan_gen it was made for */
	struct tui_wrote *wrote;        /* files written by w and not committed by berth since (actions_write.c) */
	size_t nwrote, wrotecap;
	int commit_wrote;               /* the commit dialog open is for them (c after w), not accepted fixes */
	struct tui_given *given;        /* values given in this session (actions_value.c) */
	size_t ngiven, givencap;
	char **log;                     /* every notice, refusal and error of the session, oldest first (L) */
	size_t nlog, logcap;
	char *msg;                      /* a notice in the hint bar until the next key */
	char *search_pending;           /* a search submitted before the first scan ended: run when it does */
	int quit;
	int lines, cols;
	int page;                       /* rows of the list panes, for PgUp/PgDn */
	/* scripted mode */
	int headless;
};

/* A line of the detail pane: segments of text, each in a role. */
#define TUI_DLINE_SEGS 4
struct tui_dline {
	struct { char *text; enum tui_role role; } seg[TUI_DLINE_SEGS];
	int nseg;
};
struct tui_dlines {
	struct tui_dline *v;
	size_t n, cap;
};
/* The detail of (file, item) for a pane `width` columns wide: title and rationale, findings with their source, the fix. */
void tui_detail_build(struct tui_app *app, size_t file, int item, int width, struct tui_dlines *out);
void tui_dlines_free(struct tui_dlines *d);
/* Add one line of text in a role. */
void tui_dlines_add(struct tui_dlines *d, const char *text, enum tui_role role);
/* Add text word-wrapped to `width` columns (its own line breaks kept). */
void tui_dlines_wrap(struct tui_dlines *d, const char *text, int width, enum tui_role role);
/* On frame `box`: which lines of n show from top in h rows, and which way there is more ("1-20/45 ↓"); nothing when all show. */
void tui_scroll_foot(struct tui_rect box, size_t top, size_t n, int h, int focus);
/* Draw lines [top, top + r.h) of d in r; returns the top actually used (clamped). */
size_t tui_dlines_draw(const struct tui_dlines *d, struct tui_rect r, size_t top);

/* W: the tour, from its map, or offering to resume where it was left (view_walk.c, walk_state.h). */
void tui_walk_open(struct tui_app *app);

/* Request dispatch (keys from the terminal or the script go through tui_key_req first). */
void tui_app_request(struct tui_app *app, enum tui_req req);
void tui_app_key(struct tui_app *app, int key);
void tui_app_click(struct tui_app *app, int y, int x, int button);
/* Ctrl-C (the key in raw input, or SIGINT): quit, asking first when accepted fixes are pending. */
void tui_app_interrupt(struct tui_app *app);
void tui_app_draw(struct tui_app *app);
void tui_app_resize(struct tui_app *app, int lines, int cols);
/* Start a (re)scan in the background; poll takes a finished one (1 when it did). */
void tui_app_rescan(struct tui_app *app);
int tui_app_poll(struct tui_app *app);
void tui_app_wait(struct tui_app *app);
void tui_app_message(struct tui_app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Add a line to the message log only (tui_app_message logs what it shows). */
void tui_app_log(struct tui_app *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* `one` or `many` as n asks ("fix", "fixes"). */
const char *tui_plural(size_t n, const char *one, const char *many);
void tui_app_set_theme(struct tui_app *app, size_t idx);
/* Dump stdscr as UTF-8 text, one line per row, trailing spaces trimmed. */
int tui_app_dump(const char *path);
/* Run BERTH_SCRIPT: 0 ok, -1 on a bad line (message on stderr). */
int tui_script_run(struct tui_app *app, FILE *fp, const char *name);

/* Actions (actions.c): the fix engine and commits. */
void tui_act_preview(struct tui_app *app, size_t file, int item);
/* Accept the fix shown (the walkthrough's step or the selection), asking for a value if needed. */
enum tui_acc_result tui_act_accept(struct tui_app *app);
void tui_act_accept_all(struct tui_app *app);
void tui_act_drop(struct tui_app *app);
void tui_act_value_submit(struct tui_app *app, const char *value);
/* Esc on the value prompt: values given on the way to it (limits.cpus before limits.memory) are taken back. */
void tui_act_value_cancel(struct tui_app *app);
/* Take back every value given in the TUI that no accepted fix uses any more (r, x, after w and c). */
void tui_act_values_reset(struct tui_app *app);
void tui_act_write(struct tui_app *app);
void tui_act_commit_open(struct tui_app *app);
void tui_act_commit_submit(struct tui_app *app, const char *message);
void tui_act_edit(struct tui_app *app);
void tui_act_free(struct tui_app *app);

#endif
