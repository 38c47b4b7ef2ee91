/* Dialogs drawn over the screen: search line, commit message, value prompt, quit question, notices. */
#include "app.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Widest a dialog gets. */
#define DLG_MAX_COLS 76

/* The input line, scrolled so that the cursor stays visible. */
static void draw_input(struct tui_app *app, int y, int x, int w)
{
	const struct tui_edit *e = &app->m.edit;
	const char *s = buf_str(&e->text);
	size_t start = 0;
	int cx;
	while (draw_width(s + start, e->cursor - start) > w - 2 && start < e->cursor)
		start += draw_fit(s + start, e->cursor - start, 1) ? draw_fit(s + start, e->cursor - start, 1) : 1;
	draw_fill(y, x, w, TUI_ROLE_NORMAL, A_UNDERLINE);
	draw_text(y, x, w, s + start, strlen(s + start), TUI_ROLE_NORMAL, A_UNDERLINE);
	cx = x + draw_width(s + start, e->cursor - start);
	if (cx < x + w)
		draw_text(y, cx, 1, e->cursor < e->text.len ? s + e->cursor : " ",
			  e->cursor < e->text.len ? draw_fit(s + e->cursor, e->text.len - e->cursor, 1) : 1,
			  TUI_ROLE_NORMAL, A_REVERSE);
}

static void dialog_draw(struct tui_app *app, struct tui_rect body, int focus)
{
	struct tui_model *m = &app->m;
	struct tui_dlines d = { 0 };
	int w = body.w - 4 > DLG_MAX_COLS ? DLG_MAX_COLS : body.w - 4, h, y0, x0;
	const char *title = m->dialog == TUI_DLG_COMMIT && app->commit_wrote ? "Commit the fixes written (w)"
		: m->dialog == TUI_DLG_COMMIT ? "Commit accepted fixes"
		: m->dialog == TUI_DLG_SEARCH ? "Search" : m->dialog == TUI_DLG_VALUE ? "A value for this fix"
		: m->dialog == TUI_DLG_QUIT ? "Quit" : "berth";
	const char *hint = m->dialog == TUI_DLG_COMMIT ? "Enter commit · Esc cancel"
		: m->dialog == TUI_DLG_QUIT ? "y quit · n or Enter stay" : m->dialog == TUI_DLG_MESSAGE ? "any key"
		: "Enter ok · Esc cancel";
	int input = m->dialog == TUI_DLG_COMMIT || m->dialog == TUI_DLG_SEARCH || m->dialog == TUI_DLG_VALUE;

	struct tui_dlines e = { 0 };
	if (m->dlg_title)
		tui_dlines_wrap(&d, m->dlg_title, w - 4, TUI_ROLE_DIALOG);
	/* an error is wrapped, never cut: its advice is at the end */
	if (m->dlg_error)
		tui_dlines_wrap(&e, m->dlg_error, w - 4, TUI_ROLE_ERROR);
	h = (int)d.n + (input ? 2 : 0) + (m->dlg_error ? 1 + (int)e.n : 0) + 2;
	if (h > body.h)
		h = body.h;
	y0 = body.y + (body.h - h) / 2;
	x0 = body.x + (body.w - w) / 2;
	for (int i = 0; i < h; i++) {
		/*
		 * One blank column either side first: a wide character (a CJK file
		 * name) straddling the dialog's edge is erased whole, never cut in
		 * half by the border (which would shift or swallow it).
		 */
		if (x0 > 0)
			draw_fill(y0 + i, x0 - 1, 1, TUI_ROLE_NORMAL, 0);
		if (x0 + w < app->cols)
			draw_fill(y0 + i, x0 + w, 1, TUI_ROLE_NORMAL, 0);
		draw_fill(y0 + i, x0, w, TUI_ROLE_DIALOG, 0);
	}
	draw_box((struct tui_rect){ y0, x0, h, w }, title, hint, focus);
	{
		int y = y0 + 1, lines = h - 2 - (input ? 2 : 0) - (m->dlg_error ? 1 + (int)e.n : 0);
		/* the commit's subject comes first, its body under it; a prompt comes before its input */
		if (input && m->dialog == TUI_DLG_COMMIT) {
			draw_input(app, y, x0 + 2, w - 4);
			y += 2;
		}
		if (lines > 0)
			tui_dlines_draw(&d, (struct tui_rect){ y, x0 + 2, lines, w - 4 }, 0);
		y += lines > 0 ? lines : 0;
		if (input && m->dialog != TUI_DLG_COMMIT) {
			y++;
			draw_input(app, y++, x0 + 2, w - 4);
		}
		if (m->dlg_error) {
			y++;
			tui_dlines_draw(&e, (struct tui_rect){ y, x0 + 2, y0 + h - 1 - y, w - 4 }, 0);
		}
	}
	tui_dlines_free(&d);
	tui_dlines_free(&e);
}

const struct tui_view_ops tui_dialog_view = { "dialog", dialog_draw, NULL, NULL };
