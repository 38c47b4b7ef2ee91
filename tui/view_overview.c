/* Overview (o): every item with a pass / fail / n-a bar across the repository, by category, most failures first. */
#include "app.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* Columns of the label and counts beside the bar. */
#define OV_TITLE_COLS 36
#define OV_COUNT_COLS 22

static void draw_bar(int y, int x, int w, const struct tui_ov_item *o)
{
	unsigned total = o->pass + o->fail + o->na + o->ignored;
	int wf, wp, wi;
	if (w <= 0)
		return;
	if (total == 0) {
		draw_str(y, x, w, "(no such files)", TUI_ROLE_NA);
		return;
	}
	/* failures round up so that one failing file is always visible */
	wf = o->fail ? (int)((o->fail * (unsigned)w + total - 1) / total) : 0;
	wp = (int)(o->pass * (unsigned)w / total);
	wi = (int)(o->ignored * (unsigned)w / total);
	if (wf + wp + wi > w)
		wp = w - wf - wi;
	for (int i = 0; i < w; i++) {
		enum tui_role role = i < wf ? TUI_ROLE_FAIL : i < wf + wp ? TUI_ROLE_PASS
			: i < wf + wp + wi ? TUI_ROLE_IGNORED : TUI_ROLE_NA;
		/* a different glyph per part: the bar reads without colour */
		const char *g = role == TUI_ROLE_FAIL ? draw_glyph("█", "X") : role == TUI_ROLE_PASS ? draw_glyph("▓", "=")
			: role == TUI_ROLE_IGNORED ? draw_glyph("▒", "~") : draw_glyph("░", ".");
		draw_str(y, x + i, 1, g, role);
	}
}

static void ov_draw(struct tui_app *app, struct tui_rect r, int focus)
{
	struct tui_model *m = &app->m;
	struct tui_list *l = &m->ov;
	struct tui_rect in = { r.y + 1, r.x + 1, r.h - 2, r.w - 2 };
	int tcols = in.w / 3 > OV_TITLE_COLS ? OV_TITLE_COLS : in.w / 3;
	char legend[128];
	snprintf(legend, sizeof(legend), "%s fail %s pass %s ignored %s n/a", draw_glyph("█", "X"),
		 draw_glyph("▓", "="), draw_glyph("▒", "~"), draw_glyph("░", "."));
	draw_box(r, "Overview: every item across the repository", legend, focus);
	tui_list_scroll(l, (size_t)in.h);
	for (int i = 0; i < in.h && l->top + (size_t)i < l->n; i++) {
		size_t row = l->top + (size_t)i;
		const struct tui_row *rw = &l->rows[row];
		const struct tui_ov_item *o;
		int y = in.y + i, sel = row == l->sel, x = in.x + 1;
		char counts[64];
		if (rw->kind == TUI_ROW_CATEGORY) {
			draw_str(y, in.x, in.w, category_name((enum category)rw->index), TUI_ROLE_CATEGORY);
			continue;
		}
		o = &m->ov_items[rw->index];
		if (sel)
			draw_fill(y, in.x, in.w, TUI_ROLE_SELECTED, 0);
		if (sel)
			draw_str(y, in.x, 1, draw_glyph("▶", ">"), TUI_ROLE_SELECTED);
		draw_str(y, x, tcols, item_defs[rw->index].title, sel ? TUI_ROLE_SELECTED : TUI_ROLE_NORMAL);
		x += tcols + 1;
		snprintf(counts, sizeof(counts), "%3u %s %3u %s %3u %s", o->fail, draw_mark(ST_FAIL), o->pass,
			 draw_mark(ST_PASS), o->na + o->ignored, draw_mark(ST_NA));
		x += draw_str(y, x, in.x + in.w - x, counts, sel ? TUI_ROLE_SELECTED : o->fail ? TUI_ROLE_FAIL : TUI_ROLE_NORMAL) + 2;
		draw_bar(y, x, in.x + in.w - x - 1, o);
	}
}

static int ov_request(struct tui_app *app, enum tui_req req)
{
	struct tui_model *m = &app->m;
	if (req == TUI_REQ_ENTER) {
		size_t item = m->ov.sel != TUI_NONE ? m->ov.rows[m->ov.sel].index : TUI_NONE;
		if (item == TUI_NONE || m->ov_items[item].fail == 0) {
			tui_app_message(app, "no file fails this item");
			return 1;
		}
		m->mode = TUI_MODE_MAIN;
		m->pane = TUI_PANE_FILES;
		tui_model_filter(m, (int)item);
		return 1;
	}
	return 0;
}

static void ov_click(struct tui_app *app, struct tui_rect r, int y, int x)
{
	struct tui_list *l = &app->m.ov;
	if (y > r.y && y < r.y + r.h - 1)
		tui_list_select(l, l->top + (size_t)(y - r.y - 1));
}

const struct tui_view_ops tui_overview_view = { "overview", ov_draw, ov_request, ov_click };
