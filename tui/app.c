/* The running TUI: request dispatch, the background scan, the screen's frame (status and hint bars). */
#include "app.h"

#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "repo_since.h"
#include "util.h"

/* Rows a mouse wheel step scrolls. */
#define TUI_WHEEL_ROWS 3

void tui_app_message(struct tui_app *app, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(app->msg);
	app->msg = buf_detach(&b);
}

static void progress(size_t done, size_t total, void *payload)
{
	struct tui_app *app = payload;
	pthread_mutex_lock(&app->mu);
	app->prog_done = done;
	app->prog_total = total;
	pthread_mutex_unlock(&app->mu);
}

static void *scan_thread(void *arg)
{
	struct tui_app *app = arg;
	struct scan *s = xcalloc(1, sizeof(*s));
	char *err = NULL;
	char *paths[1] = { app->path };
	int rc = scan_run(s, app->repo, &app->cfg, paths, app->path ? 1 : 0, progress, app, &err);
	if (rc == 0 && app->since) {
		/* --since: the findings on unchanged lines go, as `berth check --since` leaves them out */
		struct since sn;
		if ((rc = since_load(&sn, app->repo, app->since, &err)) == 0) {
			for (size_t i = 0; i < s->nfiles; i++)
				since_filter(&sn, &s->files[i].res, s->files[i].data, s->files[i].len);
			since_free(&sn);
		}
	}
	pthread_mutex_lock(&app->mu);
	app->pending = s;
	app->scan_rc = rc;
	app->scan_err = err;
	app->scan_done = 1;
	pthread_mutex_unlock(&app->mu);
	return NULL;
}

void tui_app_rescan(struct tui_app *app)
{
	if (app->scanning)
		return;
	app->scanning = 1;
	app->scan_done = 0;
	app->prog_done = app->prog_total = 0;
	if (pool_spawn(&app->thread, scan_thread, app) != 0) {
		/* no thread: scan in the foreground instead */
		scan_thread(app);
		return;
	}
	app->thread_live = 1;
}

int tui_app_poll(struct tui_app *app)
{
	struct scan *old = app->scan;
	int done;
	pthread_mutex_lock(&app->mu);
	done = app->scanning && app->scan_done;
	pthread_mutex_unlock(&app->mu);
	if (!done)
		return 0;
	if (app->thread_live)
		pthread_join(app->thread, NULL);
	app->thread_live = 0;
	app->scanning = 0;
	app->scan = app->pending;
	app->pending = NULL;
	app->scan_gen++;
	app->preview.valid = 0;
	tui_model_set_scan(&app->m, app->scan, &app->cfg);
	if (old) {
		scan_free(old);
		free(old);
	}
	if (app->scan_rc < 0)
		tui_app_message(app, "scan: %s", app->scan_err ? app->scan_err : "failed");
	free(app->scan_err);
	app->scan_err = NULL;
	return 1;
}

void tui_app_wait(struct tui_app *app)
{
	if (app->thread_live) {
		pthread_join(app->thread, NULL);
		app->thread_live = 0;
	}
	tui_app_poll(app);
}

void tui_app_set_theme(struct tui_app *app, size_t idx)
{
	char *err = NULL;
	if (app->nthemes == 0)
		return;
	idx %= app->nthemes;
	if (tui_theme_load(&app->theme, app->themes[idx], &err) < 0) {
		tui_app_message(app, "theme: %s", err);
		free(err);
		return;
	}
	app->theme_idx = idx;
	draw_theme(&app->theme, app->color_ok);
}

void tui_app_resize(struct tui_app *app, int lines, int cols)
{
	app->lines = lines;
	app->cols = cols;
	clear();
}

static const struct tui_view_ops *pane_view(enum tui_pane p)
{
	return p == TUI_PANE_FILES ? &tui_files_view : p == TUI_PANE_CHECK ? &tui_check_view : &tui_detail_view;
}

static const struct tui_view_ops *mode_view(const struct tui_app *app)
{
	switch (app->m.mode) {
	case TUI_MODE_OVERVIEW: return &tui_overview_view;
	case TUI_MODE_WALK: return &tui_walk_view;
	case TUI_MODE_HELP: return &tui_help_view;
	default: return pane_view(app->m.pane);
	}
}

static void open_search(struct tui_app *app)
{
	tui_dialog_open(&app->m, TUI_DLG_SEARCH, "Search", NULL);
}

static void request_quit(struct tui_app *app)
{
	if (tui_model_back(&app->m) == 0)
		return;
	if (app->m.nacc > 0) {
		char *t = xasprintf("%zu accepted fix%s not written. Quit anyway? (y/n)",
				    app->m.nacc, app->m.nacc == 1 ? " is" : "es are");
		tui_dialog_open(&app->m, TUI_DLG_QUIT, t, NULL);
		free(t);
		return;
	}
	app->quit = 1;
}

/* Requests every screen understands the same way. */
static int global_request(struct tui_app *app, enum tui_req req)
{
	struct tui_model *m = &app->m;
	switch (req) {
	case TUI_REQ_HELP:
		if (m->mode == TUI_MODE_HELP) {
			m->mode = m->help_return;
		} else {
			m->help_return = m->mode;
			m->mode = TUI_MODE_HELP;
			m->help_top = 0;
		}
		return 1;
	case TUI_REQ_THEME:
		tui_app_set_theme(app, app->theme_idx + 1);
		tui_app_message(app, "theme: %s", app->themes[app->theme_idx]);
		return 1;
	case TUI_REQ_QUIT:
		request_quit(app);
		return 1;
	case TUI_REQ_BACK:
		tui_model_back(m);
		return 1;
	case TUI_REQ_OVERVIEW:
		tui_model_overview(m);
		m->mode = TUI_MODE_OVERVIEW;
		return 1;
	case TUI_REQ_WALK:
		tui_walk_start(m);
		if (m->nwalk == 0)
			tui_app_message(app, "nothing fails: no walkthrough needed");
		return 1;
	case TUI_REQ_RESCAN:
		if (app->scanning)
			tui_app_message(app, "a scan is already running");
		else
			tui_app_rescan(app);
		return 1;
	default:
		return 0;
	}
}

/* Moving, paging, searching: the same for every list and text view. */
static int generic_request(struct tui_app *app, enum tui_req req)
{
	struct tui_model *m = &app->m;
	long page = app->page > 2 ? app->page - 1 : 1;
	switch (req) {
	case TUI_REQ_DOWN: tui_model_move(m, 1); return 1;
	case TUI_REQ_UP: tui_model_move(m, -1); return 1;
	case TUI_REQ_PAGE_DOWN: tui_model_move(m, page); return 1;
	case TUI_REQ_PAGE_UP: tui_model_move(m, -page); return 1;
	case TUI_REQ_TOP: tui_model_home(m, 0); return 1;
	case TUI_REQ_BOTTOM: tui_model_home(m, 1); return 1;
	case TUI_REQ_SEARCH: open_search(app); return 1;
	case TUI_REQ_NEXT_MATCH:
	case TUI_REQ_PREV_MATCH:
		if (tui_model_search_next(m, req == TUI_REQ_NEXT_MATCH ? 1 : -1) < 0)
			tui_app_message(app, "no match for \"%s\"", m->search ? m->search : "");
		return 1;
	default:
		return 0;
	}
}

/* The main screen's own requests: panes and the fix actions. */
static int main_request(struct tui_app *app, enum tui_req req)
{
	struct tui_model *m = &app->m;
	switch (req) {
	case TUI_REQ_NEXT_PANE: m->pane = (enum tui_pane)((m->pane + 1) % TUI_PANE_COUNT); return 1;
	case TUI_REQ_PREV_PANE: m->pane = (enum tui_pane)((m->pane + TUI_PANE_COUNT - 1) % TUI_PANE_COUNT); return 1;
	case TUI_REQ_ENTER: tui_model_enter(m); return 1;
	case TUI_REQ_ACCEPT: tui_act_accept(app); return 1;
	case TUI_REQ_ACCEPT_ALL: tui_act_accept_all(app); return 1;
	case TUI_REQ_DROP: tui_act_drop(app); return 1;
	case TUI_REQ_WRITE: tui_act_write(app); return 1;
	case TUI_REQ_COMMIT: tui_act_commit_open(app); return 1;
	case TUI_REQ_EDIT: tui_act_edit(app); return 1;
	default: return 0;
	}
}

void tui_app_request(struct tui_app *app, enum tui_req req)
{
	const struct tui_view_ops *v = mode_view(app);
	if (req == TUI_REQ_NONE)
		return;
	if (v->request && v->request(app, req))
		return;
	if (global_request(app, req) || generic_request(app, req))
		return;
	if (app->m.mode == TUI_MODE_MAIN)
		main_request(app, req);
}

static void dialog_submit(struct tui_app *app)
{
	struct tui_model *m = &app->m;
	char *text = xstrdup(buf_str(&m->edit.text));
	switch (m->dialog) {
	case TUI_DLG_SEARCH:
		tui_dialog_close(m);
		if (*text && tui_model_search(m, text) < 0)
			tui_app_message(app, "no match for \"%s\"", text);
		break;
	case TUI_DLG_COMMIT:
		tui_act_commit_submit(app, text);
		break;
	case TUI_DLG_VALUE:
		tui_act_value_submit(app, text);
		break;
	case TUI_DLG_QUIT:
		tui_dialog_close(m);
		app->quit = 1;
		break;
	default:
		tui_dialog_close(m);
	}
	free(text);
}

void tui_app_key(struct tui_app *app, int key)
{
	free(app->msg);
	app->msg = NULL;
	if (key == TUI_K_RESIZE) {
		tui_app_resize(app, LINES, COLS);
		return;
	}
	if (app->m.dialog != TUI_DLG_NONE) {
		if (tui_dialog_key(&app->m, key) == TUI_DLG_SUBMIT)
			dialog_submit(app);
		return;
	}
	tui_app_request(app, tui_key_req(key));
}

/* The rectangles of the main screen's panes. */
static void main_layout(const struct tui_app *app, struct tui_rect r[TUI_PANE_COUNT])
{
	int h = app->lines - 2, fw = app->cols * 24 / 100, cw = app->cols * 36 / 100;
	if (fw < 18)
		fw = 18;
	if (cw < 24)
		cw = 24;
	r[0] = (struct tui_rect){ 1, 0, h, fw };
	r[1] = (struct tui_rect){ 1, fw, h, cw };
	r[2] = (struct tui_rect){ 1, fw + cw, h, app->cols - fw - cw };
}

static int inside(struct tui_rect r, int y, int x)
{
	return y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w;
}

void tui_app_click(struct tui_app *app, int y, int x, int button)
{
	struct tui_rect body = { 1, 0, app->lines - 2, app->cols };
	if (app->m.dialog != TUI_DLG_NONE || !inside(body, y, x))
		return;
	if (app->m.mode == TUI_MODE_MAIN) {
		struct tui_rect r[TUI_PANE_COUNT];
		main_layout(app, r);
		for (int p = 0; p < TUI_PANE_COUNT; p++)
			if (inside(r[p], y, x)) {
				if (button == 4 || button == 5) {
					tui_model_focus(&app->m, (enum tui_pane)p);
					tui_model_move(&app->m, button == 4 ? -TUI_WHEEL_ROWS : TUI_WHEEL_ROWS);
				} else if (pane_view((enum tui_pane)p)->click) {
					pane_view((enum tui_pane)p)->click(app, r[p], y, x);
				}
			}
		return;
	}
	if (button == 4 || button == 5)
		tui_model_move(&app->m, button == 4 ? -TUI_WHEEL_ROWS : TUI_WHEEL_ROWS);
	else if (mode_view(app)->click)
		mode_view(app)->click(app, body, y, x);
}

static void draw_status(struct tui_app *app)
{
	struct buf b = BUF_INIT;
	size_t files, pass, fail;
	int x;
	draw_fill(0, 0, app->cols, TUI_ROLE_STATUS, 0);
	tui_model_counts(&app->m, &files, &pass, &fail);
	buf_printf(&b, " berth  %s", app->repo_name ? app->repo_name : "");
	if (app->branch)
		buf_printf(&b, " (%s)", app->branch);
	buf_printf(&b, "   %zu file%s · %zu %s · %zu %s · %zu fix%s accepted", files, files == 1 ? "" : "s",
		   pass, draw_mark(ST_PASS), fail, draw_mark(ST_FAIL), app->m.nacc, app->m.nacc == 1 ? "" : "es");
	if (app->scanning) {
		size_t d, t;
		pthread_mutex_lock(&app->mu);
		d = app->prog_done;
		t = app->prog_total;
		pthread_mutex_unlock(&app->mu);
		if (t)
			buf_printf(&b, " · scanning %zu/%zu", d, t);
		else
			buf_printf(&b, " · scanning%s", draw_glyph("…", "..."));
	}
	if (draw_ascii())
		for (char *p = b.ptr; (p = strstr(p, "\xC2\xB7")) != NULL;)
			memcpy(p, " |", 2);
	x = draw_str(0, 0, app->cols - 8, buf_str(&b), TUI_ROLE_STATUS);
	(void)x;
	draw_str(0, app->cols - 7, 7, "? help", TUI_ROLE_STATUS);
	buf_free(&b);
}

static void draw_hints(struct tui_app *app)
{
	struct buf b = BUF_INIT;
	int bit = app->m.mode == TUI_MODE_OVERVIEW ? TUI_HO : app->m.mode == TUI_MODE_WALK ? TUI_HW
		: app->m.mode == TUI_MODE_HELP ? TUI_HH : TUI_HM;
	int y = app->lines - 1;
	draw_fill(y, 0, app->cols, TUI_ROLE_HINT, 0);
	if (app->msg) {
		draw_str(y, 1, app->cols - 2, app->msg, TUI_ROLE_HINT);
		return;
	}
	for (int r = 1; r < TUI_REQ_COUNT; r++) {
		if (!tui_reqs[r].hint || !(tui_reqs[r].hint_modes & bit))
			continue;
		buf_printf(&b, "%s%s %s", b.len ? draw_glyph(" · ", " | ") : " ",
			   tui_req_key_label((enum tui_req)r), tui_reqs[r].hint);
	}
	draw_str(y, 0, app->cols, buf_str(&b), TUI_ROLE_HINT);
	buf_free(&b);
}

static void draw_too_small(struct tui_app *app)
{
	char *t = xasprintf("terminal too small: %dx%d, berth needs %dx%d", app->cols, app->lines,
			    TUI_MIN_COLS, TUI_MIN_LINES);
	int w = draw_width(t, strlen(t));
	int x = w < app->cols ? (app->cols - w) / 2 : 0;
	draw_str(app->lines / 2, x, app->cols, t, TUI_ROLE_NORMAL);
	if (app->lines / 2 + 1 < app->lines)
		draw_str(app->lines / 2 + 1, x, app->cols, "enlarge it, or q to quit", TUI_ROLE_NORMAL);
	free(t);
}

void tui_app_draw(struct tui_app *app)
{
	struct tui_rect body = { 1, 0, app->lines - 2, app->cols };
	erase();
	if (app->cols < TUI_MIN_COLS || app->lines < TUI_MIN_LINES) {
		draw_too_small(app);
		refresh();
		return;
	}
	app->page = body.h - 2;
	draw_status(app);
	if (app->m.mode == TUI_MODE_MAIN) {
		struct tui_rect r[TUI_PANE_COUNT];
		main_layout(app, r);
		for (int p = 0; p < TUI_PANE_COUNT; p++)
			pane_view((enum tui_pane)p)->draw(app, r[p], app->m.pane == (enum tui_pane)p);
	} else {
		mode_view(app)->draw(app, body, 1);
	}
	draw_hints(app);
	if (app->m.dialog != TUI_DLG_NONE)
		tui_dialog_view.draw(app, body, 1);
	refresh();
}
