/* Help (?): generated from the key table that dispatches, plus marks and the current theme; wrapped to the screen. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Columns of the key column in the help. */
#define HELP_KEY_COLS 18

/* A key and its text, the text wrapped under itself. */
static void key_line(struct tui_dlines *d, const char *keys, const char *text, int width)
{
	struct tui_dlines w = { 0 };
	int tw = width - HELP_KEY_COLS - 2;
	tui_dlines_wrap(&w, text, tw > 20 ? tw : 20, TUI_ROLE_NORMAL);
	for (size_t i = 0; i < w.n; i++) {
		char line[512];
		snprintf(line, sizeof(line), "  %-*s%s", HELP_KEY_COLS, i == 0 ? keys : "",
			 w.v[i].nseg ? w.v[i].seg[0].text : "");
		tui_dlines_add(d, line, TUI_ROLE_NORMAL);
	}
	tui_dlines_free(&w);
}

static void help_lines(struct tui_app *app, struct tui_dlines *d, int width)
{
	char *t = xasprintf("Theme: %s%s (t cycles)", app->themes[app->theme_idx], app->color_ok ? "" : ", colours off");
	tui_dlines_wrap(d, t, width, TUI_ROLE_NORMAL);
	free(t);
	t = xasprintf("Marks: %s pass   %s fail   %s n/a   %s ignored   %s fix accepted   %si advice only (info)",
		      draw_mark(ST_PASS), draw_mark(ST_FAIL), draw_mark(ST_NA), draw_mark(ST_IGNORED),
		      draw_glyph("✚", "+"), draw_mark(ST_PASS));
	tui_dlines_wrap(d, t, width, TUI_ROLE_NORMAL);
	free(t);
	tui_dlines_add(d, "", TUI_ROLE_NORMAL);
	tui_dlines_add(d, "Keys", TUI_ROLE_CATEGORY);
	for (int r = 1; r < TUI_REQ_COUNT; r++)
		key_line(d, tui_reqs[r].keys, tui_reqs[r].help, width);
	key_line(d, "Ctrl-C", "quit; asks first when accepted fixes are not written", width);
	tui_dlines_add(d, "", TUI_ROLE_NORMAL);
	tui_dlines_add(d, "The tour (W)", TUI_ROLE_CATEGORY);
	tui_dlines_wrap(d, "A map of the repository (Compose files and their services, which Dockerfile builds which "
			"service, its base image and role, what fails most), then one step per failing item across every "
			"file it fails in: why it matters, how berth judges it, an example, the findings and each file's "
			"fix with its level and note; a summary of what is left and why at the end.", width,
			TUI_ROLE_NORMAL);
	key_line(d, "Enter", "map: start; step: accept the fix of the file in focus (its preview and note are "
		 "shown, a review fix too); resume offer: resume", width);
	key_line(d, "a", "accept every safe fix of the step; review fixes wait for Enter on their file", width);
	key_line(d, "Tab / Shift-Tab", "the next / previous file of the step", width);
	key_line(d, "s / b", "next / previous step (what a step leaves is marked skipped)", width);
	key_line(d, "n", "on the resume offer: start over from the map", width);
	key_line(d, "q", "leave the tour; W offers to resume at the step left, in a later berth too", width);
	tui_dlines_wrap(d, "Where the tour was left is kept per repository in its git folder (.git/berth/walk), or "
			"in $XDG_STATE_HOME/berth/ (~/.local/state/berth/) when that is not writable; never in the "
			"work tree. Accepted fixes live until berth quits: write (w) or commit (c) them.", width,
			TUI_ROLE_NORMAL);
	tui_dlines_add(d, "", TUI_ROLE_NORMAL);
	tui_dlines_add(d, "Dialogs", TUI_ROLE_CATEGORY);
	key_line(d, "Enter", "confirm (commit, search, value)", width);
	key_line(d, "Esc", "cancel; nothing is lost", width);
	key_line(d, "y / n", "the quit question: only y quits, Enter stays", width);
}

static void help_draw(struct tui_app *app, struct tui_rect r, int focus)
{
	struct tui_dlines d = { 0 };
	draw_box(r, "Help", "q or ? to close", focus);
	help_lines(app, &d, r.w - 4);
	app->m.help_top = tui_dlines_draw(&d, (struct tui_rect){ r.y + 1, r.x + 2, r.h - 2, r.w - 4 },
					  app->m.help_top);
	tui_scroll_foot(r, app->m.help_top, d.n, r.h - 2, focus);
	tui_dlines_free(&d);
}

const struct tui_view_ops tui_help_view = { "help", help_draw, NULL, NULL };
