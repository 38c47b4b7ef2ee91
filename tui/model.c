/* The model's lists: files grouped by folder, the checklist by category, cursors and search. */
#include "model_priv.h"
#include "walk_state.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void tui_model_init(struct tui_model *m)
{
	memset(m, 0, sizeof(*m));
	m->filter_item = -1;
	m->dlg_item = -1;
	m->files.sel = m->check.sel = m->ov.sel = TUI_NONE;
}

void tui_model_free(struct tui_model *m)
{
	free(m->files.rows);
	free(m->check.rows);
	free(m->ov.rows);
	free(m->search);
	free(m->filter_keep);
	tui_model_clear_accepted(m);
	free(m->acc);
	tui_walk_clear(m);
	free(m->walk);
	buf_free(&m->edit.text);
	free(m->dlg_title);
	free(m->dlg_error);
	free(m->dlg_name);
	free(m->dlg_current);
	memset(m, 0, sizeof(*m));
}

static int row_selectable(const struct tui_row *r)
{
	return r->kind == TUI_ROW_FILE || r->kind == TUI_ROW_ITEM;
}

static void list_push(struct tui_list *l, enum tui_row_kind kind, size_t index)
{
	struct tui_row r = { kind, index };
	PUSH(l->rows, l->n, l->cap, r);
}

static void list_reset(struct tui_list *l)
{
	l->n = 0;
	l->sel = TUI_NONE;
	l->top = 0;
}

/* First selectable row at or after `from` going in `dir`, or TUI_NONE. */
static size_t list_find(const struct tui_list *l, size_t from, int dir)
{
	for (size_t i = from; i < l->n; i += (size_t)(long)dir)
		if (row_selectable(&l->rows[i]))
			return i;
	return TUI_NONE;
}

int tui_list_select(struct tui_list *l, size_t row)
{
	if (row >= l->n || !row_selectable(&l->rows[row]))
		return -1;
	l->sel = row;
	return 0;
}

void tui_list_scroll(struct tui_list *l, size_t height)
{
	if (height == 0 || l->sel == TUI_NONE)
		return;
	if (l->sel < l->top) {
		l->top = l->sel;
		/* bring the group's header into view with its first row */
		if (l->top > 0 && !row_selectable(&l->rows[l->top - 1]))
			l->top--;
	}
	if (l->sel >= l->top + height)
		l->top = l->sel - height + 1;
	if (l->n <= height)
		l->top = 0;
}

static const char *folder_of(const char *path, size_t *len)
{
	const char *slash = strrchr(path, '/');
	*len = slash ? (size_t)(slash - path) + 1 : 0;
	return path;
}

static const struct scan *cmp_scan;

/* Root files first, then folders in path order, files by name inside each. */
static int file_cmp(const void *pa, const void *pb)
{
	const char *a = cmp_scan->files[*(const size_t *)pa].res.path;
	const char *b = cmp_scan->files[*(const size_t *)pb].res.path;
	size_t la, lb;
	int c;
	folder_of(a, &la);
	folder_of(b, &lb);
	if ((la == 0) != (lb == 0))
		return la == 0 ? -1 : 1;
	c = strncmp(a, b, la < lb ? la : lb);
	if (c == 0 && la != lb)
		c = la < lb ? -1 : 1;
	return c ? c : strcmp(a + la, b + lb);
}

void tui_model_build_files(struct tui_model *m)
{
	const struct scan *s = m->scan;
	size_t *order, prev_len = 0;
	const char *prev = NULL;

	list_reset(&m->files);
	if (!s || s->nfiles == 0)
		return;
	order = xcalloc(s->nfiles, sizeof(*order));
	for (size_t i = 0; i < s->nfiles; i++)
		order[i] = i;
	cmp_scan = s;
	qsort(order, s->nfiles, sizeof(*order), file_cmp);
	for (size_t k = 0; k < s->nfiles; k++) {
		const struct file_result *r = &s->files[order[k]].res;
		size_t len;
		const char *dir = folder_of(r->path, &len);
		if (m->filter_item >= 0 && r->status[m->filter_item] != ST_FAIL)
			continue;
		if (m->filter_search && !tui_model_file_matches(m, order[k]))
			continue;
		if (len > 0 && (!prev || prev_len != len || strncmp(prev, dir, len) != 0))
			list_push(&m->files, TUI_ROW_FOLDER, order[k]);
		prev = dir;
		prev_len = len;
		list_push(&m->files, TUI_ROW_FILE, order[k]);
	}
	free(order);
	m->files.sel = list_find(&m->files, 0, 1);
}

void tui_model_build_check(struct tui_model *m)
{
	size_t f = tui_model_file(m);
	enum filekind kind;

	list_reset(&m->check);
	m->detail_top = 0;
	if (f == TUI_NONE)
		return;
	kind = m->scan->files[f].res.kind;
	for (int c = 0; c < CAT_COUNT; c++) {
		int header = 0;
		for (int i = 0; i < ITEM_COUNT; i++) {
			if (item_defs[i].cat != (enum category)c || item_defs[i].kind != kind)
				continue;
			if (m->failing_only && m->scan->files[f].res.status[i] != ST_FAIL)
				continue;
			if (!header++)
				list_push(&m->check, TUI_ROW_CATEGORY, (size_t)c);
			list_push(&m->check, TUI_ROW_ITEM, (size_t)i);
		}
	}
	/* a file opens on its first failing item: that is what there is to do (issue 17) */
	m->check.sel = list_find(&m->check, 0, 1);
	for (size_t r = 0; r < m->check.n; r++)
		if (m->check.rows[r].kind == TUI_ROW_ITEM &&
		    m->scan->files[f].res.status[m->check.rows[r].index] == ST_FAIL) {
			m->check.sel = r;
			break;
		}
}

size_t tui_model_file(const struct tui_model *m)
{
	const struct tui_list *l = &m->files;
	return l->sel == TUI_NONE || l->sel >= l->n ? TUI_NONE : l->rows[l->sel].index;
}

int tui_model_item(const struct tui_model *m)
{
	const struct tui_list *l = &m->check;
	return l->sel == TUI_NONE || l->sel >= l->n ? -1 : (int)l->rows[l->sel].index;
}

unsigned tui_model_fail_count(const struct tui_model *m, size_t file)
{
	unsigned n = 0;
	if (!m->scan || file >= m->scan->nfiles)
		return 0;
	for (int i = 0; i < ITEM_COUNT; i++)
		n += m->scan->files[file].res.status[i] == ST_FAIL;
	return n;
}

size_t tui_model_find_file_row(const struct tui_model *m, const char *path)
{
	for (size_t i = 0; path && i < m->files.n; i++)
		if (m->files.rows[i].kind == TUI_ROW_FILE
		    && strcmp(m->scan->files[m->files.rows[i].index].res.path, path) == 0)
			return i;
	return TUI_NONE;
}

void tui_model_select_item(struct tui_model *m, int item)
{
	for (size_t i = 0; item >= 0 && i < m->check.n; i++)
		if (m->check.rows[i].kind == TUI_ROW_ITEM && (int)m->check.rows[i].index == item)
			m->check.sel = i;
}

void tui_model_set_scan(struct tui_model *m, const struct scan *s, const struct config *cfg)
{
	size_t f = tui_model_file(m);
	int item = tui_model_item(m);
	char *path = f != TUI_NONE ? xstrdup(m->scan->files[f].res.path) : NULL;
	size_t row;
	int walking = m->mode == TUI_MODE_WALK;
	struct tui_walk_state ws;

	/* the tour's marks name files by path: taken from the old scan before it goes */
	tui_walk_state_init(&ws);
	if (walking && m->scan)
		tui_walk_export(m, &ws);
	m->scan = s;
	m->cfg = cfg;
	/* the file on screen stays listed through a filter, even once fixed */
	free(m->filter_keep);
	m->filter_keep = path ? xstrdup(path) : NULL;
	tui_model_build_files(m);
	row = tui_model_find_file_row(m, path);
	if (row != TUI_NONE)
		m->files.sel = row;
	tui_model_build_check(m);
	if (row != TUI_NONE)
		tui_model_select_item(m, item);
	free(path);
	tui_model_overview(m);
	if (walking)
		tui_walk_rebuild(m, &ws);
	tui_walk_state_free(&ws);
}

struct tui_list *tui_model_list(struct tui_model *m, enum tui_pane p)
{
	if (m->mode == TUI_MODE_OVERVIEW)
		return &m->ov;
	if (m->mode != TUI_MODE_MAIN)
		return NULL;
	return p == TUI_PANE_FILES ? &m->files : p == TUI_PANE_CHECK ? &m->check : NULL;
}

static void list_changed(struct tui_model *m, struct tui_list *l, size_t old)
{
	if (l == &m->files && l->sel != old)
		tui_model_build_check(m);
	else if (l == &m->check && l->sel != old)
		m->detail_top = 0;
}

int tui_model_click(struct tui_model *m, enum tui_pane p, size_t row)
{
	struct tui_list *l;
	size_t old;
	tui_model_focus(m, p);
	l = tui_model_list(m, p);
	if (!l)
		return -1;
	old = l->sel;
	if (tui_list_select(l, row) < 0)
		return -1;
	list_changed(m, l, old);
	return 0;
}

void tui_model_move(struct tui_model *m, long delta)
{
	struct tui_list *l = tui_model_list(m, m->pane);
	size_t *top = TUI_MODE_TEXT(m->mode) ? &m->help_top : &m->detail_top;
	size_t old;

	if (!l) {
		if (delta < 0 && (size_t)-delta > *top)
			*top = 0;
		else
			*top += (size_t)delta;  /* the view clamps to the text's length */
		return;
	}
	if (l->sel == TUI_NONE)
		return;
	old = l->sel;
	for (long n = delta < 0 ? -delta : delta; n > 0; n--) {
		size_t next = delta < 0 ? (l->sel == 0 ? TUI_NONE : list_find(l, l->sel - 1, -1))
					: list_find(l, l->sel + 1, 1);
		if (next == TUI_NONE)
			break;
		l->sel = next;
	}
	list_changed(m, l, old);
}

void tui_model_home(struct tui_model *m, int end)
{
	struct tui_list *l = tui_model_list(m, m->pane);
	size_t old;
	if (!l) {
		size_t *top = TUI_MODE_TEXT(m->mode) ? &m->help_top : &m->detail_top;
		*top = end ? (size_t)-1 / 2 : 0;
		return;
	}
	if (l->sel == TUI_NONE)
		return;
	old = l->sel;
	l->sel = end ? (l->n ? list_find(l, l->n - 1, -1) : TUI_NONE) : list_find(l, 0, 1);
	if (l->sel == TUI_NONE)
		l->sel = old;
	list_changed(m, l, old);
}

void tui_model_focus(struct tui_model *m, enum tui_pane p)
{
	if (m->mode == TUI_MODE_MAIN && (unsigned)p < TUI_PANE_COUNT)
		m->pane = p;
}

void tui_model_enter(struct tui_model *m)
{
	if (m->mode != TUI_MODE_MAIN)
		return;
	if (m->pane == TUI_PANE_FILES && tui_model_file(m) != TUI_NONE)
		m->pane = TUI_PANE_CHECK;
	else if (m->pane == TUI_PANE_CHECK && tui_model_item(m) >= 0)
		m->pane = TUI_PANE_DETAIL;
}

int tui_model_back(struct tui_model *m)
{
	if (TUI_MODE_TEXT(m->mode)) {
		m->mode = m->help_return;
		return 0;
	}
	if (m->mode != TUI_MODE_MAIN) {
		m->mode = TUI_MODE_MAIN;
		return 0;
	}
	if (m->pane > TUI_PANE_FILES) {
		m->pane--;
		return 0;
	}
	if (m->filter_item >= 0) {
		tui_model_filter(m, -1);
		return 0;
	}
	if (m->filter_search) {
		tui_model_search_filter(m, 0);
		return 0;
	}
	return 1;
}

void tui_model_failing_only(struct tui_model *m, int on)
{
	int item = tui_model_item(m);
	m->failing_only = on;
	tui_model_build_check(m);
	tui_model_select_item(m, item);
}

void tui_model_filter(struct tui_model *m, int item)
{
	size_t f = tui_model_file(m);
	char *path = f != TUI_NONE ? xstrdup(m->scan->files[f].res.path) : NULL;
	size_t row;
	m->filter_item = item >= 0 && item < ITEM_COUNT ? item : -1;
	if (m->filter_item >= 0)
		m->filter_search = 0;   /* one filter at a time */
	tui_model_build_files(m);
	row = tui_model_find_file_row(m, path);
	if (row != TUI_NONE)
		m->files.sel = row;
	tui_model_build_check(m);
	if (m->filter_item >= 0)
		tui_model_select_item(m, m->filter_item);
	free(path);
}

void tui_model_counts(const struct tui_model *m, size_t *files, size_t *pass, size_t *fail)
{
	*files = m->scan ? m->scan->nfiles : 0;
	*pass = *fail = 0;
	for (size_t f = 0; f < *files; f++)
		for (int i = 0; i < ITEM_COUNT; i++) {
			*pass += m->scan->files[f].res.status[i] == ST_PASS;
			*fail += m->scan->files[f].res.status[i] == ST_FAIL;
		}
}
