/* The message log (L): every notice, refusal and error of the session, wrapped in full, newest last. */
#include "app.h"

#include <stdio.h>

#include "util.h"

static void log_draw(struct tui_app *app, struct tui_rect r, int focus)
{
	struct tui_dlines d = { 0 };
	int w = r.w - 4;
	char right[48];
	snprintf(right, sizeof(right), "%zu %s · q or L to close", app->nlog, tui_plural(app->nlog, "message", "messages"));
	draw_box(r, "Message log", right, focus);
	if (app->nlog == 0)
		tui_dlines_wrap(&d, "No messages yet. Notices, refusals and errors land here as they happen.", w,
				TUI_ROLE_NA);
	for (size_t i = 0; i < app->nlog; i++) {
		char num[24];
		struct tui_dlines one = { 0 };
		snprintf(num, sizeof(num), "%3zu ", i + 1);
		/* each message wrapped under its number, nothing cut */
		tui_dlines_wrap(&one, app->log[i], w - 4, TUI_ROLE_NORMAL);
		for (size_t k = 0; k < one.n; k++) {
			struct buf b = BUF_INIT;
			buf_printf(&b, "%s%s", k == 0 ? num : "    ", one.v[k].nseg ? one.v[k].seg[0].text : "");
			tui_dlines_add(&d, buf_str(&b), TUI_ROLE_NORMAL);
			buf_free(&b);
		}
		tui_dlines_free(&one);
	}
	app->m.help_top = tui_dlines_draw(&d, (struct tui_rect){ r.y + 1, r.x + 2, r.h - 2, w }, app->m.help_top);
	tui_scroll_foot(r, app->m.help_top, d.n, r.h - 2, focus);
	tui_dlines_free(&d);
}

const struct tui_view_ops tui_log_view = { "log", log_draw, NULL, NULL };
