/* The running TUI: request dispatch, the background scan, the screen's frame (status and hint bars). */
#include "app.h"

#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "repo_since.h"
#include "theme_pick.h"
#include "util.h"

/* Rows a mouse wheel step scrolls. */
#define TUI_WHEEL_ROWS 3

static void log_add(struct tui_app *app, const char *text)
{
	char *t = xstrdup(text);
	if (app->nlog == TUI_LOG_MAX) {
		free(app->log[0]);
		memmove(app->log, app->log + 1, (app->nlog - 1) * sizeof(*app->log));
		app->nlog--;
	}
	PUSH(app->log, app->nlog, app->logcap, t);
}

void tui_app_log(struct tui_app *app, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	log_add(app, buf_str(&b));
	buf_free(&b);
}

void tui_app_message(struct tui_app *app, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(app->msg);
	app->msg = buf_detach(&b);
	log_add(app, app->msg);
}

const char *tui_plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
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

static void search_submit(struct tui_app *app, const char *text);

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
	if (app->search_pending && app->scan) {
		char *pat = app->search_pending;
		app->search_pending = NULL;
		search_submit(app, pat);
		free(pat);
	}
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
	case TUI_MODE_LOG: return &tui_log_view;
	default: return pane_view(app->m.pane);
	}
}

static void open_search(struct tui_app *app)
{
	/* before the first scan ends the dialog opens all the same: the letters typed are never commands */
	/* whatever pane has the focus (the overview searches its items): the cursor moves as the pattern is typed */
	if (app->m.mode != TUI_MODE_OVERVIEW)
		app->m.mode = TUI_MODE_MAIN;
	tui_model_search_begin(&app->m);
	tui_dialog_open(&app->m, TUI_DLG_SEARCH, app->m.scan ? "File paths and checklist items, in every file; "
			"Enter keeps the matching files, n / N go from match to match"
			: "File paths and checklist items, in every file; the scan is still running: Enter "
			"searches when it ends", NULL);
}

/* A search's Enter: jump to the first match and keep the matching files (an empty one clears the filter). */
static void search_submit(struct tui_app *app, const char *text)
{
	struct tui_model *m = &app->m;
	if (*text && tui_model_search(m, text) < 0) {
		tui_app_message(app, "no match for \"%s\"", text);
	} else if (*text && m->mode == TUI_MODE_OVERVIEW) {
		;       /* the overview's Enter filters by the item found */
	} else if (*text) {
		/* the files pane keeps the files that match: Esc or q at the top shows them all again */
		tui_model_search_filter(m, 1);
		tui_app_message(app, "\"%s\": n next · N previous · Esc on the files shows all", text);
	} else if (m->filter_search) {
		tui_model_search_filter(m, 0);
	}
}

void tui_app_interrupt(struct tui_app *app)
{
	/* Ctrl-C: quits at once unless accepted fixes are pending; then it asks, and a second one quits */
	if (app->m.nacc == 0 || app->m.dialog == TUI_DLG_QUIT) {
		app->quit = 1;
		return;
	}
	if (app->m.dialog == TUI_DLG_VALUE)
		tui_act_value_cancel(app);
	tui_dialog_close(&app->m);
	{
		char *t = xasprintf("Ctrl-C: %zu accepted fix%s not written. Quit anyway and lose %s? y or Ctrl-C "
				    "quits; n, Esc or Enter stays (w writes, c commits).", app->m.nacc,
				    app->m.nacc == 1 ? " is" : "es are", app->m.nacc == 1 ? "it" : "them");
		tui_dialog_open(&app->m, TUI_DLG_QUIT, t, NULL);
		free(t);
	}
}

static void request_quit(struct tui_app *app)
{
	if (tui_model_back(&app->m) == 0)
		return;
	if (app->m.nacc > 0) {
		char *t = xasprintf("%zu accepted fix%s not written. Quit anyway and lose %s? y quits; n, Esc or "
				    "Enter stays (w writes, c commits).", app->m.nacc, app->m.nacc == 1 ? " is" : "es are",
				    app->m.nacc == 1 ? "it" : "them");
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
	case TUI_REQ_LOG: {
		enum tui_mode want = req == TUI_REQ_HELP ? TUI_MODE_HELP : TUI_MODE_LOG;
		if (m->mode == want) {
			m->mode = m->help_return;
		} else {
			if (!TUI_MODE_TEXT(m->mode))
				m->help_return = m->mode;
			m->mode = want;
			/* the log opens on its newest lines */
			m->help_top = want == TUI_MODE_LOG ? (size_t)-1 / 2 : 0;
		}
		return 1;
	}
	case TUI_REQ_THEME: {
		char *err = NULL;
		tui_app_set_theme(app, app->theme_idx + 1);
		/* the choice is remembered for the next start (theme_pick.h) */
		if (tui_theme_save(app->themes[app->theme_idx], &err) < 0) {
			tui_app_message(app, "theme: %s (not saved: %s)", app->themes[app->theme_idx], err);
			free(err);
		} else {
			tui_app_message(app, "theme: %s (kept for the next start)", app->themes[app->theme_idx]);
		}
		return 1;
	}
	case TUI_REQ_QUIT:
		request_quit(app);
		return 1;
	case TUI_REQ_BACK:
		tui_model_back(m);
		return 1;
	case TUI_REQ_ZOOM:
		/* zoomed, the detail pane is the screen; the other panes come back with it */
		m->zoom = !(m->zoom && m->pane == TUI_PANE_DETAIL);
		if (m->zoom)
			tui_model_focus(m, TUI_PANE_DETAIL);
		tui_app_message(app, m->zoom ? "detail: the whole screen (z: three panes)" : "three panes");
		return 1;
	case TUI_REQ_FULL:
		m->show_full = !m->show_full;
		m->detail_top = 0;
		tui_app_message(app, m->show_full ? "preview: the whole fixed file (v: the diff)" : "preview: the diff");
		return 1;
	case TUI_REQ_OVERVIEW:
		tui_model_overview(m);
		m->mode = TUI_MODE_OVERVIEW;
		return 1;
	case TUI_REQ_WALK:
		tui_walk_open(app);
		return 1;
	case TUI_REQ_RESCAN:
		if (app->scanning) {
			tui_app_message(app, "a scan is already running");
		} else {
			tui_act_values_reset(app);      /* values no accepted fix uses are taken back */
			tui_app_rescan(app);
		}
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
	case TUI_REQ_NEXT_FAIL:
		if (tui_model_next_failing(m, 1) < 0)
			tui_app_message(app, "nothing fails");
		return 1;
	case TUI_REQ_FAIL_ONLY:
		tui_model_failing_only(m, !m->failing_only);
		tui_app_message(app, m->failing_only ? "checklist: failing items only (F shows all)"
				: "checklist: every item");
		return 1;
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
		tui_model_search_cancel(m);     /* from where / started, as the preview did */
		if (*text && !m->scan) {
			free(app->search_pending);
			app->search_pending = xstrdup(text);
			tui_app_message(app, "searching for \"%s\" when the scan ends", text);
		} else {
			search_submit(app, text);
		}
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

static int mode_bit(const struct tui_app *app)
{
	switch (app->m.mode) {
	case TUI_MODE_OVERVIEW: return TUI_HO;
	case TUI_MODE_WALK: return TUI_HW;
	case TUI_MODE_MAIN: return TUI_HM;
	default: return TUI_HH;
	}
}

void tui_app_key(struct tui_app *app, int key)
{
	free(app->msg);
	app->msg = NULL;
	if (key == TUI_K_RESIZE) {
		tui_app_resize(app, LINES, COLS);
		return;
	}
	if (key == TUI_KEY_CTRL_C) {
		tui_app_interrupt(app);
		return;
	}
	if (app->m.dialog != TUI_DLG_NONE) {
		enum tui_dialog d = app->m.dialog;
		enum tui_dlg_result r = tui_dialog_key(&app->m, key);
		char *before = app->m.dlg_error ? xstrdup(app->m.dlg_error) : NULL;
		if (r == TUI_DLG_SUBMIT)
			dialog_submit(app);
		else if (r == TUI_DLG_CANCEL && d == TUI_DLG_VALUE)
			tui_act_value_cancel(app);
		else if (r == TUI_DLG_CANCEL && d == TUI_DLG_SEARCH)
			tui_model_search_cancel(&app->m);
		else if (r == TUI_DLG_CONTINUE && d == TUI_DLG_SEARCH && app->m.scan &&
			 tui_model_search_preview(&app->m, buf_str(&app->m.edit.text)) < 0)
			tui_dialog_error(&app->m, "no match");
		else if (r == TUI_DLG_CONTINUE && d == TUI_DLG_SEARCH)
			tui_dialog_error(&app->m, NULL);
		/* a dialog's error goes to the log too: it is read there after the dialog is gone */
		if (app->m.dialog != TUI_DLG_NONE && app->m.dialog != TUI_DLG_SEARCH && app->m.dlg_error &&
		    (!before || strcmp(before, app->m.dlg_error)))
			tui_app_log(app, "%s", app->m.dlg_error);
		free(before);
		return;
	}
	tui_app_request(app, tui_key_req_mode(key, mode_bit(app)));
}

/* The rectangles of the main screen's panes. */
static void main_layout(const struct tui_app *app, struct tui_rect r[TUI_PANE_COUNT])
{
	int h = app->lines - 2, fw = app->cols * 24 / 100, cw = app->cols * 36 / 100;
	if (fw < 18)
		fw = 18;
	if (cw < 24)
		cw = 24;
	if (app->m.zoom && app->m.pane == TUI_PANE_DETAIL) {
		r[0] = r[1] = (struct tui_rect){ 1, 0, h, 0 };
		r[2] = (struct tui_rect){ 1, 0, h, app->cols };
		return;
	}
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

/* A hint: a request and its label there (NULL: the key table's). */
struct hint {
	enum tui_req req;
	const char *label;
};

/* The keys of where the user is, most useful first; as many as fit are shown. */
static const struct hint hints_files[] = {
	{ TUI_REQ_ENTER, NULL }, { TUI_REQ_NEXT_PANE, NULL }, { TUI_REQ_SEARCH, NULL }, { TUI_REQ_WALK, NULL },
	{ TUI_REQ_ACCEPT_ALL, NULL }, { TUI_REQ_OVERVIEW, NULL }, { TUI_REQ_WRITE, "write" },
	{ TUI_REQ_COMMIT, NULL }, { TUI_REQ_LOG, NULL }, { TUI_REQ_RESCAN, "rescan" }, { TUI_REQ_QUIT, NULL },
}, hints_check[] = {
	{ TUI_REQ_ENTER, NULL }, { TUI_REQ_ACCEPT, NULL }, { TUI_REQ_DROP, "drop" }, { TUI_REQ_WRITE, "write" },
	{ TUI_REQ_COMMIT, NULL }, { TUI_REQ_EDIT, "edit" }, { TUI_REQ_NEXT_FAIL, NULL }, { TUI_REQ_FAIL_ONLY, NULL },
	{ TUI_REQ_PREV_PANE, "files" },
	{ TUI_REQ_WALK, NULL }, { TUI_REQ_LOG, NULL }, { TUI_REQ_QUIT, "back" },
}, hints_detail[] = {
	{ TUI_REQ_DOWN, "scroll" }, { TUI_REQ_ACCEPT, NULL }, { TUI_REQ_ZOOM, NULL }, { TUI_REQ_DROP, "drop" },
	{ TUI_REQ_WRITE, "write" }, { TUI_REQ_COMMIT, NULL }, { TUI_REQ_EDIT, "edit" }, { TUI_REQ_PREV_PANE, "list" },
	{ TUI_REQ_LOG, NULL },
	{ TUI_REQ_QUIT, "back" },
}, hints_walk[] = {
	{ TUI_REQ_ACCEPT, "safe fixes" }, { TUI_REQ_ENTER, "this fix" }, { TUI_REQ_NEXT_PANE, "file" },
	{ TUI_REQ_SKIP, "next" }, { TUI_REQ_STEP_BACK, NULL }, { TUI_REQ_QUIT, "leave" }, { TUI_REQ_DOWN, "scroll" },
	{ TUI_REQ_DROP, "drop" }, { TUI_REQ_COMMIT, NULL }, { TUI_REQ_WRITE, "write" }, { TUI_REQ_EDIT, "edit" },
	{ TUI_REQ_LOG, NULL },
}, hints_walk_map[] = {
	{ TUI_REQ_ENTER, "start the tour" }, { TUI_REQ_DOWN, "scroll" }, { TUI_REQ_QUIT, "leave" },
}, hints_walk_resume[] = {
	{ TUI_REQ_ENTER, "resume" }, { TUI_REQ_NEXT_MATCH, "start over" }, { TUI_REQ_QUIT, "leave" },
}, hints_summary[] = {
	{ TUI_REQ_COMMIT, NULL }, { TUI_REQ_WRITE, "write" }, { TUI_REQ_STEP_BACK, NULL }, { TUI_REQ_LOG, NULL },
	{ TUI_REQ_QUIT, "leave" },
}, hints_overview[] = {
	{ TUI_REQ_DOWN, NULL }, { TUI_REQ_ENTER, "files failing it" }, { TUI_REQ_QUIT, "back" },
}, hints_text[] = {
	{ TUI_REQ_DOWN, "scroll" }, { TUI_REQ_QUIT, "back" },
};

static const struct hint *hints_of(const struct tui_app *app, size_t *n)
{
#define HINTS(a) (*n = ARRAY_SIZE(a), a)
	switch (app->m.mode) {
	case TUI_MODE_OVERVIEW: return HINTS(hints_overview);
	case TUI_MODE_WALK:
		if (app->m.walk_phase == TUI_WALK_MAP)
			return HINTS(hints_walk_map);
		if (app->m.walk_phase == TUI_WALK_RESUME)
			return HINTS(hints_walk_resume);
		if (!tui_walk_current(&app->m))
			return HINTS(hints_summary);       /* the summary: nothing to apply or skip */
		return HINTS(hints_walk);
	case TUI_MODE_HELP: case TUI_MODE_LOG: return HINTS(hints_text);
	default: break;
	}
	if (app->m.pane == TUI_PANE_FILES) {
		static struct hint top[ARRAY_SIZE(hints_files)];
		/* at the top, q quits */
		memcpy(top, hints_files, sizeof(top));
		top[ARRAY_SIZE(top) - 1].label = app->m.filter_item >= 0 || app->m.filter_search ? "show all" : "quit";
		return HINTS(top);
	}
	return app->m.pane == TUI_PANE_CHECK ? HINTS(hints_check) : HINTS(hints_detail);
#undef HINTS
}

static void draw_hints(struct tui_app *app)
{
	struct buf b = BUF_INIT;
	const struct hint *h;
	const char *sep = draw_glyph(" · ", " | "), *help = "? help ";
	size_t n;
	int y = app->lines - 1, room = app->cols - draw_width(help, strlen(help)) - 1;
	draw_fill(y, 0, app->cols, TUI_ROLE_HINT, 0);
	if (app->msg) {
		/* a notice too long for the bar is cut with a pointer to the log, which has it whole */
		const char *more = draw_glyph("… (L log)", "... (L log)");
		int w = draw_width(app->msg, strlen(app->msg)), mw = draw_width(more, strlen(more));
		if (w <= app->cols - 2) {
			draw_str(y, 1, app->cols - 2, app->msg, TUI_ROLE_HINT);
		} else {
			int x = 1 + draw_str(y, 1, app->cols - 2 - mw, app->msg, TUI_ROLE_HINT);
			draw_str(y, x, mw, more, TUI_ROLE_HINT);
		}
		return;
	}
	h = hints_of(app, &n);
	for (size_t i = 0; i < n; i++) {
		const char *label = h[i].label ? h[i].label : tui_reqs[h[i].req].hint;
		char one[64];
		if (!label)
			continue;
		snprintf(one, sizeof(one), "%s%s %s", b.len ? sep : " ", tui_req_key_label(h[i].req), label);
		if (draw_width(b.ptr ? b.ptr : "", b.len) + draw_width(one, strlen(one)) > room)
			break;          /* the rest are in ? help */
		buf_puts(&b, one);
	}
	draw_str(y, 0, room, buf_str(&b), TUI_ROLE_HINT);
	draw_str(y, app->cols - draw_width(help, strlen(help)), draw_width(help, strlen(help)), help, TUI_ROLE_HINT);
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
			if (r[p].w > 0)
				pane_view((enum tui_pane)p)->draw(app, r[p], app->m.pane == (enum tui_pane)p);
	} else {
		mode_view(app)->draw(app, body, 1);
	}
	draw_hints(app);
	if (app->m.dialog != TUI_DLG_NONE)
		tui_dialog_view.draw(app, body, 1);
	refresh();
}
