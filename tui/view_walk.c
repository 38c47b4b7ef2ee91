/*
 * The tour (W, issue 17): an opening map of the repository
 * (view_walk_map.c), one step per failing item across every file failing
 * it, and a summary of what is left and why (view_walk_step.c). This file
 * is the view itself: the frame, the keys, and where the tour was left,
 * saved (walk_state.h) after every move so that W resumes there. The last
 * step leads to the summary, never to a dialog: keys typed on would land
 * in it (issue 17).
 */
#include "view_walk_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "util.h"
#include "walk_state.h"

/* ---- lines (view_walk_priv.h) ---- */

void walk_wrap(struct tui_dlines *d, int indent, const char *text, int width, enum tui_role role)
{
	size_t from = d->n;
	char *ascii = NULL;
	/* --ascii or a non-UTF-8 locale: the separators as the status bar writes them */
	if (draw_ascii() && strstr(text, "\xC2\xB7")) {
		char *p;
		ascii = xstrdup(text);
		while ((p = strstr(ascii, "\xC2\xB7")) != NULL)
			memcpy(p, " |", 2);
		text = ascii;
	}
	tui_dlines_wrap(d, text, width - indent > 10 ? width - indent : 10, role);
	free(ascii);
	for (size_t i = from; indent > 0 && i < d->n; i++)
		if (d->v[i].nseg > 0) {
			char *t = xasprintf("%*s%s", indent, "", d->v[i].seg[0].text);
			free(d->v[i].seg[0].text);
			d->v[i].seg[0].text = t;
		}
}

/* Text wrapped with a hanging indent: the first line at `first` columns, the others at `rest`. */
void walk_hang(struct tui_dlines *d, int first, int rest, const char *text, int width, enum tui_role role)
{
	size_t from = d->n;
	walk_wrap(d, rest, text, width, role);
	if (d->n > from && d->v[from].nseg > 0 && first < rest) {
		char *t = xasprintf("%*s%s", first, "", d->v[from].seg[0].text + rest);
		free(d->v[from].seg[0].text);
		d->v[from].seg[0].text = t;
	}
}

/* A file's role and the evidence: "runtime: nothing marks it as ..." (the reason may name the role already). */
char *walk_role_text(const struct file_result *r)
{
	const char *name = role_name(r->role);
	size_t n = strlen(name);
	if (!r->role_reason)
		return xstrdup(name);
	if (strncmp(r->role_reason, name, n) == 0 && r->role_reason[n] == ':')
		return xstrdup(r->role_reason);
	return xasprintf("%s: %s", name, r->role_reason);
}

void walk_blank(struct tui_dlines *d)
{
	tui_dlines_add(d, "", TUI_ROLE_NORMAL);
}

/* A file's text (an example), one line each, indented, never wrapped (the pane cuts it). */
void walk_example(struct tui_dlines *d, const char *label, const char *text, enum tui_role role)
{
	tui_dlines_add(d, label, TUI_ROLE_CATEGORY);
	while (text && *text) {
		const char *eol = strchr(text, '\n');
		size_t n = eol ? (size_t)(eol - text) : strlen(text);
		char *l = xasprintf("    %.*s", (int)n, text);
		tui_dlines_add(d, l, role);
		free(l);
		text += n + (eol ? 1 : 0);
	}
}

/* ---- the view ---- */

static void walk_draw(struct tui_app *app, struct tui_rect r, int focus)
{
	struct tui_model *m = &app->m;
	const struct tui_step *s = tui_walk_current(m);
	struct tui_rect in = { r.y + 1, r.x + 2, r.h - 2, r.w - 4 };
	struct tui_dlines d = { 0 };
	char *title, progress[48];
	size_t focus_line = TUI_NONE;
	if (!app->scan) {
		draw_box(r, "Tour", NULL, focus);
		return;
	}
	switch (m->walk_phase) {
	case TUI_WALK_MAP:
		title = xstrdup("Tour: your repository");
		snprintf(progress, sizeof(progress), "map");
		walk_build_map(app, &d, in.w);
		break;
	case TUI_WALK_RESUME:
		title = xstrdup("Tour: resume?");
		snprintf(progress, sizeof(progress), "%zu/%zu", m->walk_pos < m->nwalk ? m->walk_pos + 1 : m->nwalk,
			 m->nwalk);
		walk_build_resume(app, &d, in.w);
		break;
	case TUI_WALK_STEP:
		if (s) {
			title = xasprintf("Tour %zu/%zu: %s (%s) %s %zu %s", m->walk_pos + 1, m->nwalk,
					  item_defs[s->item].title, item_defs[s->item].key, draw_glyph("—", "-"),
					  s->nfiles, tui_plural(s->nfiles, "file", "files"));
			snprintf(progress, sizeof(progress), "%zu/%zu", m->walk_pos + 1, m->nwalk);
			walk_build_step(app, s, &d, in.w, &focus_line);
			break;
		}
		/* fall through */
	default:
		title = xstrdup("Tour: summary");
		snprintf(progress, sizeof(progress), "%zu/%zu", m->nwalk, m->nwalk);
		walk_build_summary(app, &d, in.w);
	}
	draw_box(r, title, progress, focus);     /* it cuts a title too long for the frame */
	free(title);
	m->detail_top = tui_dlines_draw(&d, in, m->detail_top);
	tui_scroll_foot(r, m->detail_top, d.n, in.h, focus);
	tui_dlines_free(&d);
	(void)focus_line;
}

/* After the file in focus changed: scroll so its block starts on screen. */
static void scroll_to_focus(struct tui_app *app)
{
	struct tui_model *m = &app->m;
	const struct tui_step *s = tui_walk_current(m);
	struct tui_dlines d = { 0 };
	size_t focus_line = TUI_NONE;
	int w = app->cols - 4, h = app->lines - 4;
	if (!s || w < 10 || h < 3)
		return;
	walk_build_step(app, s, &d, w, &focus_line);
	if (focus_line != TUI_NONE && (focus_line < m->detail_top || focus_line >= m->detail_top + (size_t)h - 2))
		m->detail_top = focus_line > 1 ? focus_line - 1 : 0;
	tui_dlines_free(&d);
}

/* Save where the tour is; a failure is said once per session in the log and the hint bar. */
static void walk_save(struct tui_app *app)
{
	static int warned;
	struct tui_walk_state st;
	char *where = NULL, *err = NULL;
	if (!app->scan)
		return;
	tui_walk_state_init(&st);
	tui_walk_export(&app->m, &st);
	if (tui_walk_state_save(&st, repo_git_dir(app->repo), repo_root(app->repo), &where, &err) < 0 && !warned++)
		tui_app_message(app, "the tour's place is not kept: %s", err);
	free(where);
	free(err);
	tui_walk_state_free(&st);
}

void tui_walk_open(struct tui_app *app)
{
	struct tui_model *m = &app->m;
	struct tui_walk_state st;
	char *where = NULL, *err = NULL;
	int rc;
	if (!app->scan) {
		tui_app_message(app, "wait for the scan to finish");
		return;
	}
	tui_walk_start(m);
	rc = tui_walk_state_load(&st, repo_git_dir(app->repo), repo_root(app->repo), &where, &err);
	if (rc < 0) {
		tui_app_message(app, "tour state %s ignored (%s): the tour starts afresh", where, err);
	} else if (rc > 0) {
		tui_walk_resume(m, &st);
		/* anything to resume: a step or the summary, or marks made */
		if (m->walk_phase != TUI_WALK_MAP || st.n)
			m->walk_phase = TUI_WALK_RESUME;
	}
	if (m->nwalk == 0)
		tui_app_message(app, "nothing fails: the map shows the repository; there are no steps");
	tui_walk_state_free(&st);
	free(where);
	free(err);
}

/* Enter on the resume offer: where tui_walk_open put the tour (the state's step, or the summary). */
static void resume(struct tui_app *app)
{
	tui_walk_goto(&app->m, app->m.walk_pos);
}

static void accept_safe(struct tui_app *app)
{
	struct tui_model *m = &app->m;
	const struct tui_step *s = tui_walk_current(m);
	size_t c[FS_UNKNOWN + 1], accepted, n;
	struct buf b = BUF_INIT;
	if (!s)
		return;
	if (app->scanning) {
		tui_app_message(app, "wait for the scan to finish");
		return;
	}
	n = tui_walk_accept(m, walk_safe_ok, app);
	walk_step_counts(app, s, c, &accepted);
	buf_printf(&b, "accepted %zu safe %s of %s", n, tui_plural(n, "fix", "fixes"), item_defs[s->item].key);
	if (c[FS_REVIEW])
		buf_printf(&b, "; %zu review %s %s: Tab to one shows its preview and note, Enter accepts it", c[FS_REVIEW],
			   tui_plural(c[FS_REVIEW], "fix", "fixes"), tui_plural(c[FS_REVIEW], "waits", "wait"));
	if (c[FS_VALUE])
		buf_printf(&b, "; %zu %s a value", c[FS_VALUE], tui_plural(c[FS_VALUE], "needs", "need"));
	if (c[FS_WITHHELD])
		buf_printf(&b, "; %zu withheld", c[FS_WITHHELD]);
	if (!c[FS_REVIEW] && !c[FS_VALUE] && !c[FS_WITHHELD] && !c[FS_NONE] && !c[FS_SAFE])
		buf_puts(&b, "; s goes on");
	tui_app_message(app, "%s", buf_str(&b));
	buf_free(&b);
}

/* Enter on a step: the fix of the file in focus, whatever its level (its preview and note are on screen). */
static void accept_focus(struct tui_app *app)
{
	enum tui_acc_result r;
	if (!tui_walk_current(&app->m))
		return;
	r = tui_act_accept(app);
	if (r == TUI_ACC_OK || r == TUI_ACC_ALREADY) {
		tui_walk_mark_focus(&app->m);
		scroll_to_focus(app);
	}
	/* a value prompt marks the step when the value is taken (actions_value.c) */
}

static int walk_request(struct tui_app *app, enum tui_req req)
{
	struct tui_model *m = &app->m;
	enum tui_walk_phase ph = m->walk_phase;
	switch (req) {
	case TUI_REQ_ENTER:
		if (ph == TUI_WALK_MAP && m->nwalk)
			tui_walk_goto(m, 0);
		else if (ph == TUI_WALK_RESUME)
			resume(app);
		else if (ph == TUI_WALK_STEP)
			accept_focus(app);
		break;
	case TUI_REQ_NEXT_MATCH:
		if (ph != TUI_WALK_RESUME)
			return 0;
		/* n on the resume offer: start over */
		tui_walk_state_remove(repo_git_dir(app->repo), repo_root(app->repo));
		tui_walk_start(m);
		break;
	case TUI_REQ_ACCEPT:
		if (ph == TUI_WALK_STEP)
			accept_safe(app);
		break;
	case TUI_REQ_SKIP:
		if (ph == TUI_WALK_RESUME)
			return 1;
		if (ph != TUI_WALK_MAP || m->nwalk)
			tui_walk_step(m, 1);
		break;
	case TUI_REQ_STEP_BACK:
		if (ph == TUI_WALK_RESUME)
			return 1;
		tui_walk_step(m, -1);
		break;
	case TUI_REQ_NEXT_PANE:
	case TUI_REQ_PREV_PANE:
		tui_walk_focus(m, req == TUI_REQ_NEXT_PANE ? 1 : -1);
		scroll_to_focus(app);
		return 1;       /* the focus is not worth a write */
	case TUI_REQ_DROP: {
		const struct tui_step *s = tui_walk_current(m);
		if (s && tui_model_drop(m, s->file, s->item) == 0) {
			tui_act_values_reset(app);
			tui_app_message(app, "dropped: %s in %s", item_defs[s->item].key,
					app->scan->files[s->file].res.path);
		}
		break;
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
	case TUI_REQ_QUIT:
	case TUI_REQ_BACK:
		/* leaving: where the tour is stays for W; the resume offer itself changes nothing */
		if (ph != TUI_WALK_RESUME)
			walk_save(app);
		return 0;
	default:
		return 0;
	}
	if (m->walk_phase != TUI_WALK_RESUME)
		walk_save(app);
	return 1;
}

const struct tui_view_ops tui_walk_view = { "walkthrough", walk_draw, walk_request, NULL };

