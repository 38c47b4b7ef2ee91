/* The files pane (grouped by folder, mark and fail count per file) and the checklist pane (by category). */
#include "app.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

/* A files pane at least this wide may show the fail mark after each count ("5 ✘") when the name leaves room. */
#define FILES_WIDE_COLS 24

static enum status file_status(const struct file_result *r)
{
	for (int i = 0; i < ITEM_COUNT; i++)
		if (r->status[i] == ST_FAIL)
			return ST_FAIL;
	return ST_PASS;
}

/* Number of accepted fixes of one file. */
static size_t file_accepted(const struct tui_model *m, size_t file)
{
	size_t n = 0;
	for (int i = 0; i < ITEM_COUNT; i++)
		n += tui_model_accepted(m, file, i) != NULL;
	return n;
}

static void draw_sel_bar(struct tui_rect in, int y, int selected, int focus)
{
	if (selected)
		draw_fill(y, in.x, in.w, focus ? TUI_ROLE_SELECTED : TUI_ROLE_NORMAL,
			  focus ? 0 : A_BOLD);
}

/*
 * The counts of a file row, the widest form that leaves the name whole in
 * `room` columns (name, a gap, the counts): "2✚ 16 ✘" (a wide pane), "2✚ 16",
 * then "16" with the file's mark turned into ✚ (a file with accepted fixes
 * fails: its ✘ says nothing the ✚ does not). When even that leaves no room,
 * the narrowest form, and the name is elided. *acc_mark: the mark is ✚.
 */
static void file_counts(char *count, size_t size, size_t acc, unsigned fails, int wide, int name_w, int room,
			int *acc_mark)
{
	const char *plus = draw_glyph("✚", "+"), *x = draw_mark(ST_FAIL);
	int nforms = acc ? 3 : 2;
	for (int f = wide ? 0 : 1; f < nforms; f++) {
		if (acc && f == 0)
			snprintf(count, size, "%zu%s %u %s", acc, plus, fails, x);
		else if (acc && f == 1)
			snprintf(count, size, "%zu%s %u", acc, plus, fails);
		else if (!acc && f == 0)
			snprintf(count, size, "%u %s", fails, x);
		else
			snprintf(count, size, "%u", fails);
		*acc_mark = acc && f == 2;
		if (name_w + 1 + draw_width(count, strlen(count)) <= room)
			return;
	}
}

static void file_row(struct tui_app *app, struct tui_rect in, int y, size_t file, int sel, int focus)
{
	struct tui_model *m = &app->m;
	const struct file_result *res = &m->scan->files[file].res;
	enum status st = file_status(res);
	unsigned fails = tui_model_fail_count(m, file);
	size_t acc = file_accepted(m, file);
	const char *name = strrchr(res->path, '/') ? strrchr(res->path, '/') + 1 : res->path;
	int indent = strchr(res->path, '/') ? 2 : 1, x = in.x + indent, cw, acc_mark;
	const char *mark;
	char count[48], *fit;

	/* the mark's columns are the same whichever mark (✘ or ✚, XX or ++) */
	file_counts(count, sizeof(count), acc, fails, in.w >= FILES_WIDE_COLS, draw_width(name, strlen(name)),
		    in.w - indent - draw_width(draw_mark(st), strlen(draw_mark(st))) - 1, &acc_mark);
	mark = acc_mark ? draw_glyph("✚", "++") : draw_mark(st);
	draw_sel_bar(in, y, sel, focus);
	if (sel)
		draw_str(y, in.x, 1, draw_glyph("▶", ">"), focus ? TUI_ROLE_SELECTED : TUI_ROLE_FOCUS);
	x += draw_text(y, x, in.w - indent, mark, strlen(mark),
		       sel && focus ? TUI_ROLE_SELECTED : acc_mark ? TUI_ROLE_ACCEPTED : draw_status_role(st), 0) + 1;
	cw = draw_width(count, strlen(count));
	/*
	 * The name never runs into the count: a gap of one column, the middle of
	 * the name elided only when the narrowest counts leave no room; the count
	 * ends at the frame, so that a narrow pane (80 columns: 17 inside) still
	 * shows "Dockerfile" whole, accepted fixes or not.
	 */
	fit = draw_ellipsize(name, in.x + in.w - x - cw - 1);
	draw_str(y, x, in.x + in.w - x - cw - 1, fit, sel ? (focus ? TUI_ROLE_SELECTED : TUI_ROLE_TITLE) : TUI_ROLE_NORMAL);
	free(fit);
	if (in.w > cw + 8)
		draw_text(y, in.x + in.w - cw, cw, count, strlen(count),
			  sel && focus ? TUI_ROLE_SELECTED : fails ? TUI_ROLE_FAIL : TUI_ROLE_NA, 0);
}

static void files_draw(struct tui_app *app, struct tui_rect r, int focus)
{
	struct tui_model *m = &app->m;
	struct tui_list *l = &m->files;
	struct tui_rect in = { r.y + 1, r.x + 1, r.h - 2, r.w - 2 };
	char *title = m->filter_item >= 0 ? xasprintf("Files failing %s", item_defs[m->filter_item].key)
		: m->filter_search ? xasprintf("Files /%s", m->search) : xstrdup("Files");
	draw_box(r, title, NULL, focus);
	free(title);
	if (!m->scan || l->n == 0) {
		draw_str(in.y, in.x + 1, in.w - 1, app->scanning ? draw_glyph("scanning…", "scanning...") : !m->scan ? "no scan"
			 : "no Dockerfile or Compose file here", TUI_ROLE_NA);
		return;
	}
	tui_list_scroll(l, (size_t)in.h);
	for (int i = 0; i < in.h && l->top + (size_t)i < l->n; i++) {
		size_t row = l->top + (size_t)i;
		const struct tui_row *rw = &l->rows[row];
		const char *path = m->scan->files[rw->index].res.path;
		if (rw->kind == TUI_ROW_FOLDER) {
			/* elided in the middle: services/team00/ and services/team01/ stay apart */
			char *dir = xstrndup(path, (size_t)(strrchr(path, '/') - path) + 1);
			char *fit = draw_ellipsize(dir, in.w - 1);
			draw_str(in.y + i, in.x + 1, in.w - 1, fit, TUI_ROLE_FOLDER);
			free(fit);
			free(dir);
		} else
			file_row(app, in, in.y + i, rw->index, row == l->sel, focus);
	}
}

static void list_click(struct tui_app *app, enum tui_pane p, struct tui_rect r, int y)
{
	struct tui_list *l = tui_model_list(&app->m, p);
	size_t row;
	if (!l || y <= r.y || y >= r.y + r.h - 1) {
		tui_model_focus(&app->m, p);
		return;
	}
	row = l->top + (size_t)(y - r.y - 1);
	tui_model_click(&app->m, p, row);
}

static void files_click(struct tui_app *app, struct tui_rect r, int y, int x)
{
	list_click(app, TUI_PANE_FILES, r, y);
}

/* An item that does not fail but has advice (info findings): it must not look like a clean pass. */
static int info_only(const struct file_result *r, int item)
{
	if (r->status[item] == ST_FAIL)
		return 0;
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].item == item && !r->findings[i].suppressed && r->findings[i].sev == SEV_INFO)
			return 1;
	return 0;
}

static void check_draw(struct tui_app *app, struct tui_rect r, int focus)
{
	struct tui_model *m = &app->m;
	struct tui_list *l = &m->check;
	struct tui_rect in = { r.y + 1, r.x + 1, r.h - 2, r.w - 2 };
	size_t f = tui_model_file(m);
	const struct file_result *res = f != TUI_NONE ? &m->scan->files[f].res : NULL;
	{
		/*
		 * The file and what it is for: "api/Dockerfile · dev environment -
		 * under .devcontainer/", elided in the middle so that its end stays
		 * (tui_detail shows the path whole).
		 */
		struct buf t = BUF_INIT;
		char *title;
		int room = r.w - 4;
		if (res && res->role_reason) {
			buf_puts(&t, draw_ascii() ? " - " : " \u00b7 ");
			report_role_text(&t, res, draw_ascii());
		}
		/* the path keeps its end; the role follows when at least 16 columns are left for the path */
		if (res && t.len && room - draw_width(buf_str(&t), t.len) >= 16) {
			char *p = draw_ellipsize(res->path, room - draw_width(buf_str(&t), t.len));
			title = xasprintf("%s%s", p, buf_str(&t));
			free(p);
		} else {
			title = res ? draw_ellipsize(res->path, room) : xstrdup("Checklist");
		}
		draw_box(r, title, m->failing_only ? "failing" : NULL, focus);
		free(title);
		buf_free(&t);
	}
	if (!res)
		return;
	tui_list_scroll(l, (size_t)in.h);
	for (int i = 0; i < in.h && l->top + (size_t)i < l->n; i++) {
		size_t row = l->top + (size_t)i;
		const struct tui_row *rw = &l->rows[row];
		int y = in.y + i, sel = row == l->sel, x = in.x + 1;
		enum status st;
		if (rw->kind == TUI_ROW_CATEGORY) {
			draw_str(y, in.x, in.w, category_name((enum category)rw->index), TUI_ROLE_CATEGORY);
			continue;
		}
		st = res->status[rw->index];
		draw_sel_bar(in, y, sel, focus);
		if (sel)
			draw_str(y, in.x, 1, draw_glyph("▶", ">"), focus ? TUI_ROLE_SELECTED : TUI_ROLE_FOCUS);
		/* on the selection bar the mark keeps its glyph, the bar its colour */
		x += draw_text(y, x, in.w - 1, draw_mark(st), strlen(draw_mark(st)),
			       sel && focus ? TUI_ROLE_SELECTED : draw_status_role(st), 0);
		/* one column for a flag: i = advice only (info findings) */
		if (info_only(res, (int)rw->index))
			draw_str(y, x, 1, "i", sel && focus ? TUI_ROLE_SELECTED : TUI_ROLE_NA);
		x += 2;
		if (tui_model_accepted(m, f, (int)rw->index))
			x += draw_str(y, x, in.x + in.w - x, draw_glyph("✚ ", "+ "), TUI_ROLE_ACCEPTED);
		draw_str(y, x, in.x + in.w - x, item_defs[rw->index].title,
			 sel ? (focus ? TUI_ROLE_SELECTED : TUI_ROLE_TITLE) : TUI_ROLE_NORMAL);
	}
}

static void check_click(struct tui_app *app, struct tui_rect r, int y, int x)
{
	list_click(app, TUI_PANE_CHECK, r, y);
}

const struct tui_view_ops tui_files_view = { "files", files_draw, NULL, files_click };
const struct tui_view_ops tui_check_view = { "checklist", check_draw, NULL, check_click };
