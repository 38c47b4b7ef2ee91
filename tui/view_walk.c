/* Guided walkthrough (W): every failing item one at a time, with apply, skip, back, quit and a summary. */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void summary_draw(struct tui_app *app, struct tui_rect in)
{
	size_t applied, skipped, pending;
	char *t;
	int y = in.y;
	tui_walk_counts(&app->m, &applied, &skipped, &pending);
	draw_str(y++, in.x, in.w, "Walkthrough done.", TUI_ROLE_TITLE);
	y++;
	t = xasprintf("%zu failing item%s seen: %zu fix%s accepted, %zu skipped or left to a person.",
		      app->m.nwalk, app->m.nwalk == 1 ? "" : "s", applied, applied == 1 ? "" : "es", skipped + pending);
	draw_str(y++, in.x, in.w, t, TUI_ROLE_NORMAL);
	free(t);
	y++;
	draw_str(y++, in.x, in.w, app->m.nacc ? "c commit the accepted fixes · w write them · b back · q leave"
					     : "Nothing accepted. b back · q leave", TUI_ROLE_NORMAL);
}

static void walk_draw(struct tui_app *app, struct tui_rect r, int focus)
{
	struct tui_model *m = &app->m;
	const struct tui_step *s = tui_walk_current(m);
	struct tui_rect in = { r.y + 1, r.x + 2, r.h - 2, r.w - 4 };
	struct tui_dlines d = { 0 };
	char *title, progress[48];
	snprintf(progress, sizeof(progress), "%zu/%zu", s ? m->walk_pos + 1 : m->nwalk, m->nwalk);
	if (!s) {
		draw_box(r, "Walkthrough: summary", progress, focus);
		summary_draw(app, in);
		return;
	}
	title = xasprintf("Walkthrough: %s (%s)", item_defs[s->item].title, item_defs[s->item].key);
	draw_box(r, title, progress, focus);
	free(title);
	tui_detail_build(app, s->file, s->item, in.w, &d);
	m->detail_top = tui_dlines_draw(&d, in, m->detail_top);
	tui_scroll_foot(r, m->detail_top, d.n, in.h, focus);
	tui_dlines_free(&d);
}

static void walk_apply(struct tui_app *app)
{
	struct tui_model *m = &app->m;
	enum tui_acc_result r;
	if (!tui_walk_current(m))
		return;
	r = tui_act_accept(app);
	/* accepted now or before: the step is applied and the walk moves on (a value prompt does it on submit) */
	if (r == TUI_ACC_OK || r == TUI_ACC_ALREADY)
		tui_walk_apply(m);
	/* the last step leads to the summary, never to a dialog: keys typed on would land in it (issue 17) */
}

static int walk_request(struct tui_app *app, enum tui_req req)
{
	struct tui_model *m = &app->m;
	switch (req) {
	case TUI_REQ_ACCEPT:
		walk_apply(app);
		return 1;
	case TUI_REQ_SKIP:
	case TUI_REQ_ENTER:
		tui_walk_step(m, 1);
		return 1;
	case TUI_REQ_STEP_BACK:
		tui_walk_step(m, -1);
		return 1;
	case TUI_REQ_DROP: {
		const struct tui_step *s = tui_walk_current(m);
		if (s && tui_model_drop(m, s->file, s->item) == 0) {
			tui_act_values_reset(app);
			tui_app_message(app, "dropped");
		}
		return 1;
	}
	case TUI_REQ_COMMIT:
		tui_act_commit_open(app);
		return 1;
	case TUI_REQ_WRITE:
		tui_act_write(app);
		return 1;
	case TUI_REQ_EDIT:
		tui_act_edit(app);
		return 1;
	default:
		return 0;
	}
}

const struct tui_view_ops tui_walk_view = { "walkthrough", walk_draw, walk_request, NULL };
