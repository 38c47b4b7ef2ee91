/*
 * The model's search (issue 17): one order over the whole repository, never
 * the focused pane's rows alone. A position is a file row of the files pane
 * and either the file itself (its path) or one item of its checklist, in
 * checklist order; n / N walk it from file to file, wrapping.
 */
#include "model_priv.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Slots per file in the search order: the file itself, then each item. */
#define SLOTS (ITEM_COUNT + 1)

static int text_matches(const char *t, const char *pat)
{
	size_t plen = strlen(pat);
	for (; t && *t; t++)
		if (strncasecmp(t, pat, plen) == 0)
			return 1;
	return 0;
}

static int item_matches(int item, const char *pat)
{
	return text_matches(item_defs[item].key, pat) || text_matches(item_defs[item].title, pat);
}

/* The items of a kind in checklist order (categories, then items): the count. */
static size_t kind_items(enum filekind kind, int *out)
{
	size_t n = 0;
	for (int c = 0; c < CAT_COUNT; c++)
		for (int i = 0; i < ITEM_COUNT; i++)
			if (item_defs[i].cat == (enum category)c && item_defs[i].kind == kind)
				out[n++] = i;
	return n;
}

int tui_model_file_matches(const struct tui_model *m, size_t file)
{
	const struct file_result *r = &m->scan->files[file].res;
	if (!m->search || !*m->search)
		return 1;
	if (text_matches(r->path, m->search) || (m->filter_keep && strcmp(r->path, m->filter_keep) == 0))
		return 1;
	/* an item that matches and does not pass here: failing, or ignored by the config */
	for (int i = 0; i < ITEM_COUNT; i++)
		if (item_defs[i].kind == r->kind && (r->status[i] == ST_FAIL || r->status[i] == ST_IGNORED) &&
		    item_matches(i, m->search))
			return 1;
	return 0;
}

/* The slot of the cursor: its file row, and the file (0) or its item's place in the checklist (1 + index). */
static size_t cursor_slot(const struct tui_model *m)
{
	size_t frow = m->files.sel, slot = 0;
	int item = m->mode == TUI_MODE_MAIN && m->pane != TUI_PANE_FILES ? tui_model_item(m) : -1;
	if (frow == TUI_NONE)
		return 0;
	if (item >= 0) {
		int order[ITEM_COUNT];
		size_t n = kind_items(m->scan->files[m->files.rows[frow].index].res.kind, order);
		for (size_t k = 0; k < n; k++)
			if (order[k] == item)
				slot = k + 1;
	}
	return frow * SLOTS + slot;
}

static void go(struct tui_model *m, size_t frow, int item)
{
	if (m->files.sel != frow) {
		m->files.sel = frow;
		tui_model_build_check(m);
	}
	m->detail_top = 0;
	if (m->mode != TUI_MODE_MAIN)
		m->mode = TUI_MODE_MAIN;
	if (item >= 0) {
		tui_model_select_item(m, item);
		m->pane = TUI_PANE_CHECK;
	} else {
		m->pane = TUI_PANE_FILES;
	}
}

/* The overview lists items only: its own rows are searched. */
static int search_overview(struct tui_model *m, int dir, int include)
{
	struct tui_list *l = &m->ov;
	size_t from = l->sel == TUI_NONE ? 0 : l->sel;
	for (size_t k = include ? 0 : 1; l->n && k <= l->n; k++) {
		size_t i = dir > 0 ? (from + k) % l->n : (from + l->n * 2 - k) % l->n;
		if (l->rows[i].kind == TUI_ROW_ITEM && item_matches((int)l->rows[i].index, m->search)) {
			l->sel = i;
			return 0;
		}
	}
	return -1;
}

/*
 * Walk the order from the cursor in `dir` (the cursor's own slot first when
 * `include`) to the next slot matching the pattern, or (`failing`) the next
 * failing item.
 */
static int walk_from(struct tui_model *m, int dir, int include, int failing)
{
	size_t total, from;
	int match[2][ITEM_COUNT], order[2][ITEM_COUNT];
	size_t norder[2];
	if (!m->scan || m->files.n == 0)
		return -1;
	total = m->files.n * SLOTS;
	from = cursor_slot(m);
	/* which items match is the same for every file of a kind: worked out once */
	for (int k = 0; k < 2; k++) {
		norder[k] = kind_items(k == 0 ? KIND_DOCKERFILE : KIND_COMPOSE, order[k]);
		for (size_t j = 0; j < norder[k]; j++)
			match[k][j] = failing || item_matches(order[k][j], m->search);
	}
	for (size_t step = include ? 0 : 1; step <= total; step++) {
		size_t slot = dir > 0 ? (from + step) % total : (from + total * 2 - step) % total;
		size_t frow = slot / SLOTS, sub = slot % SLOTS;
		const struct file_result *r;
		int k;
		if (m->files.rows[frow].kind != TUI_ROW_FILE)
			continue;
		r = &m->scan->files[m->files.rows[frow].index].res;
		if (sub == 0) {
			if (!failing && text_matches(r->path, m->search)) {
				go(m, frow, -1);
				return 0;
			}
			continue;
		}
		k = r->kind == KIND_DOCKERFILE ? 0 : 1;
		if (sub - 1 < norder[k] && match[k][sub - 1] &&
		    (!failing || r->status[order[k][sub - 1]] == ST_FAIL)) {
			go(m, frow, order[k][sub - 1]);
			return 0;
		}
	}
	return -1;
}

static int search_from(struct tui_model *m, int dir, int include)
{
	if (!m->search || !*m->search || !m->scan)
		return -1;
	if (m->mode == TUI_MODE_OVERVIEW)
		return search_overview(m, dir, include);
	return walk_from(m, dir, include, 0);
}

int tui_model_next_failing(struct tui_model *m, int dir)
{
	if (m->mode != TUI_MODE_MAIN)
		return -1;
	return walk_from(m, dir, 0, 1);
}

int tui_model_search(struct tui_model *m, const char *pat)
{
	free(m->search);
	m->search = xstrdup(pat);
	return search_from(m, 1, 1);
}

int tui_model_search_next(struct tui_model *m, int dir)
{
	return search_from(m, dir, 0);
}

void tui_model_search_begin(struct tui_model *m)
{
	m->search_origin.files = m->mode == TUI_MODE_OVERVIEW ? m->ov.sel : m->files.sel;
	m->search_origin.check = m->check.sel;
	m->search_origin.pane = m->pane;
	m->search_origin.set = 1;
}

static void back_to_origin(struct tui_model *m)
{
	if (m->search_origin.set && m->mode == TUI_MODE_OVERVIEW) {
		m->ov.sel = m->search_origin.files;
		return;
	}
	if (!m->search_origin.set || m->search_origin.files >= m->files.n)
		return;
	if (m->files.sel != m->search_origin.files) {
		m->files.sel = m->search_origin.files;
		tui_model_build_check(m);
	}
	if (m->search_origin.check < m->check.n)
		m->check.sel = m->search_origin.check;
	m->pane = m->search_origin.pane;
}

int tui_model_search_preview(struct tui_model *m, const char *pat)
{
	char *keep = m->search;
	int rc;
	back_to_origin(m);
	if (!*pat)
		return 0;
	m->search = xstrdup(pat);
	rc = search_from(m, 1, 1);
	free(m->search);
	m->search = keep;
	return rc;
}

void tui_model_search_cancel(struct tui_model *m)
{
	back_to_origin(m);
	m->search_origin.set = 0;
}

void tui_model_search_filter(struct tui_model *m, int on)
{
	size_t f = tui_model_file(m), row;
	int item = tui_model_item(m);
	char *path = f != TUI_NONE ? xstrdup(m->scan->files[f].res.path) : NULL;
	enum tui_pane pane = m->pane;
	m->filter_search = on && m->search && *m->search;
	if (m->filter_search)
		m->filter_item = -1;    /* one filter at a time */
	free(m->filter_keep);
	m->filter_keep = path ? xstrdup(path) : NULL;      /* the file the search landed on stays */
	tui_model_build_files(m);
	row = tui_model_find_file_row(m, path);
	if (row != TUI_NONE)
		m->files.sel = row;
	tui_model_build_check(m);
	if (row != TUI_NONE) {
		tui_model_select_item(m, item);
		m->pane = pane;
	}
	free(path);
}
