/* Help (?): generated from the key table that dispatches, plus marks and the current theme. */
#include "app.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

static void help_lines(struct tui_app *app, struct tui_dlines *d)
{
	char line[256];
#define LINE(rl, ...) do { \
		snprintf(line, sizeof(line), __VA_ARGS__); \
		tui_dlines_add(d, line, rl); \
	} while (0)
	LINE(TUI_ROLE_NORMAL, "Theme: %s%s (t cycles)", app->themes[app->theme_idx], app->color_ok ? "" : ", colours off");
	LINE(TUI_ROLE_NORMAL, "Marks: %s pass   %s fail   %s n/a   %s ignored   %s fix accepted   %si advice only (info)",
	     draw_mark(ST_PASS), draw_mark(ST_FAIL), draw_mark(ST_NA), draw_mark(ST_IGNORED), draw_glyph("✚", "+"),
	     draw_mark(ST_PASS));
	LINE(TUI_ROLE_NORMAL, "%s", "");
	LINE(TUI_ROLE_CATEGORY, "Keys");
	for (int r = 1; r < TUI_REQ_COUNT; r++)
		LINE(TUI_ROLE_NORMAL, "  %-12s %s", tui_reqs[r].keys, tui_reqs[r].help);
	LINE(TUI_ROLE_NORMAL, "%s", "");
	LINE(TUI_ROLE_CATEGORY, "Dialogs");
	LINE(TUI_ROLE_NORMAL, "  %-12s %s", "Enter", "confirm (commit, search, value)");
	LINE(TUI_ROLE_NORMAL, "  %-12s %s", "Esc", "cancel; nothing is lost");
#undef LINE
}

static void help_draw(struct tui_app *app, struct tui_rect r, int focus)
{
	struct tui_dlines d = { 0 };
	draw_box(r, "Help", "q or ? to close", focus);
	help_lines(app, &d);
	app->m.help_top = tui_dlines_draw(&d, (struct tui_rect){ r.y + 1, r.x + 2, r.h - 2, r.w - 4 },
					  app->m.help_top);
	tui_dlines_free(&d);
}

const struct tui_view_ops tui_help_view = { "help", help_draw, NULL, NULL };
