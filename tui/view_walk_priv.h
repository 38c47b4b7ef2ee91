/* Shared by the tour's views only: view_walk.c (the screen, keys, state), view_walk_map.c, view_walk_step.c. */
#ifndef BERTH_TUI_VIEW_WALK_PRIV_H
#define BERTH_TUI_VIEW_WALK_PRIV_H

#include "app.h"

/* ---- a fix's level and note for one (file, item), from the fix pipeline ---- */

enum fixstate { FS_NONE, FS_SAFE, FS_REVIEW, FS_VALUE, FS_WITHHELD, FS_UNKNOWN };

struct fixinfo {
	enum fixstate st;
	const char *title;      /* borrowed from the plan, until the next plan */
	const char *note;
	const char *value_name;
};

/* The fix of (file, item): its level, title and note (the note's own "review: " dropped). */
void walk_fix_info(struct tui_app *app, size_t file, int item, struct fixinfo *fi);
/* tui_walk_accept's filter: the step's fix in `file` is safe (ctx: the app). */
int walk_safe_ok(void *ctx, size_t file);
/* A step's files by what their fixes are (c[FS_*]), and how many are accepted. */
void walk_step_counts(struct tui_app *app, const struct tui_step *s, size_t c[FS_UNKNOWN + 1], size_t *accepted);

/* ---- lines (view_walk.c) ---- */

/* Text wrapped to width - indent columns, each line indented. */
void walk_wrap(struct tui_dlines *d, int indent, const char *text, int width, enum tui_role role);
/* Text wrapped with a hanging indent: the first line at `first` columns, the others at `rest`. */
void walk_hang(struct tui_dlines *d, int first, int rest, const char *text, int width, enum tui_role role);
/* A file's role and the evidence: "runtime: nothing marks it as ..." (malloc'd). */
char *walk_role_text(const struct file_result *r);
void walk_blank(struct tui_dlines *d);
/* A file's text (an example), one line each, indented, never wrapped (the pane cuts it). */
void walk_example(struct tui_dlines *d, const char *label, const char *text, enum tui_role role);

/* ---- the screens ---- */

/* The opening map (view_walk_map.c). */
void walk_build_map(struct tui_app *app, struct tui_dlines *d, int width);
/* A step; *focus_line: the first line of the file in focus (view_walk_step.c). */
void walk_build_step(struct tui_app *app, const struct tui_step *s, struct tui_dlines *d, int width,
		     size_t *focus_line);
void walk_build_summary(struct tui_app *app, struct tui_dlines *d, int width);
void walk_build_resume(struct tui_app *app, struct tui_dlines *d, int width);

#endif
