/* The model's fixes: accepting and dropping, and the overview (the commit message is the fix pipeline's). */
#include "model.h"

#include <stdlib.h>
#include <string.h>

static const struct file_result *file_res(const struct tui_model *m, size_t file)
{
	return m->scan && file < m->scan->nfiles ? &m->scan->files[file].res : NULL;
}

/* FIX_AUTO or FIX_VALUE when a failing finding of the item offers a fix; FIX_NONE otherwise. */
int tui_model_fixable(const struct tui_model *m, size_t file, int item)
{
	const struct file_result *r = file_res(m, file);
	int best = FIX_NONE;
	if (!r || item < 0 || item >= ITEM_COUNT || r->status[item] != ST_FAIL)
		return FIX_NONE;
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		if (f->item != item || f->suppressed || f->sev < SEV_WARNING || f->sev == SEV_NEVER)
			continue;
		if (f->fix == FIX_AUTO)
			return FIX_AUTO;
		if (f->fix == FIX_VALUE)
			best = FIX_VALUE;
	}
	return best;
}

const struct tui_accept *tui_model_accepted(const struct tui_model *m, size_t file, int item)
{
	const struct file_result *r = file_res(m, file);
	for (size_t i = 0; r && i < m->nacc; i++)
		if (m->acc[i].item == item && strcmp(m->acc[i].path, r->path) == 0)
			return &m->acc[i];
	return NULL;
}

static void add_accept(struct tui_model *m, size_t file, int item, const char *name, const char *value)
{
	struct tui_accept a = { xstrdup(file_res(m, file)->path), item, name ? xstrdup(name) : NULL,
				value ? xstrdup(value) : NULL };
	PUSH(m->acc, m->nacc, m->acccap, a);
}

enum tui_acc_result tui_model_accept(struct tui_model *m, size_t file, int item)
{
	const struct file_result *r = file_res(m, file);
	int kind;
	if (!r || item < 0 || item >= ITEM_COUNT || r->status[item] != ST_FAIL)
		return TUI_ACC_NOT_FAILING;
	if (tui_model_accepted(m, file, item))
		return TUI_ACC_ALREADY;
	kind = tui_model_fixable(m, file, item);
	if (kind == FIX_NONE)
		return TUI_ACC_NO_FIX;
	if (kind == FIX_VALUE)
		return TUI_ACC_NEEDS_VALUE;
	add_accept(m, file, item, NULL, NULL);
	return TUI_ACC_OK;
}

int tui_model_accept_value(struct tui_model *m, size_t file, int item, const char *name, const char *value)
{
	if (!name || !*name || !value || !*value || tui_model_fixable(m, file, item) == FIX_NONE)
		return -1;
	tui_model_drop(m, file, item);
	add_accept(m, file, item, name, value);
	return 0;
}

int tui_model_value_used(const struct tui_model *m, const char *name)
{
	for (size_t i = 0; i < m->nacc; i++)
		if (m->acc[i].value_name && strcmp(m->acc[i].value_name, name) == 0)
			return 1;
	return 0;
}

size_t tui_model_accept_all(struct tui_model *m, size_t file)
{
	size_t n = 0;
	for (int i = 0; i < ITEM_COUNT; i++)
		if (tui_model_fixable(m, file, i) == FIX_AUTO && tui_model_accept(m, file, i) == TUI_ACC_OK)
			n++;
	return n;
}

int tui_model_drop(struct tui_model *m, size_t file, int item)
{
	const struct tui_accept *a = tui_model_accepted(m, file, item);
	size_t i;
	if (!a)
		return -1;
	i = (size_t)(a - m->acc);
	free(m->acc[i].path);
	free(m->acc[i].value_name);
	free(m->acc[i].value);
	memmove(&m->acc[i], &m->acc[i + 1], (m->nacc - i - 1) * sizeof(*m->acc));
	m->nacc--;
	return 0;
}

void tui_model_clear_accepted(struct tui_model *m)
{
	for (size_t i = 0; i < m->nacc; i++) {
		free(m->acc[i].path);
		free(m->acc[i].value_name);
		free(m->acc[i].value);
	}
	m->nacc = 0;
}

static int ov_cmp(const void *pa, const void *pb)
{
	const struct tui_ov_item *a = pa, *b = pb;
	if (item_defs[a->item].cat != item_defs[b->item].cat)
		return item_defs[a->item].cat < item_defs[b->item].cat ? -1 : 1;
	if (a->fail != b->fail)
		return a->fail > b->fail ? -1 : 1;
	return a->item < b->item ? -1 : a->item > b->item;
}

void tui_model_overview(struct tui_model *m)
{
	struct tui_ov_item sorted[ITEM_COUNT];
	size_t old_item = m->ov.sel != TUI_NONE && m->ov.sel < m->ov.n ? m->ov.rows[m->ov.sel].index : TUI_NONE;

	for (int i = 0; i < ITEM_COUNT; i++) {
		struct tui_ov_item *o = &m->ov_items[i];
		memset(o, 0, sizeof(*o));
		o->item = i;
		for (size_t f = 0; m->scan && f < m->scan->nfiles; f++) {
			const struct file_result *r = &m->scan->files[f].res;
			if (r->kind != item_defs[i].kind)
				continue;       /* a Compose item says nothing about a Dockerfile */
			switch (r->status[i]) {
			case ST_PASS: o->pass++; break;
			case ST_FAIL: o->fail++; break;
			case ST_IGNORED: o->ignored++; break;
			default: o->na++; break;
			}
		}
	}
	memcpy(sorted, m->ov_items, sizeof(sorted));
	qsort(sorted, ITEM_COUNT, sizeof(*sorted), ov_cmp);
	m->ov.n = 0;
	m->ov.sel = TUI_NONE;
	for (int i = 0; i < ITEM_COUNT; i++) {
		struct tui_row r = { TUI_ROW_ITEM, (size_t)sorted[i].item };
		if (i == 0 || item_defs[sorted[i].item].cat != item_defs[sorted[i - 1].item].cat) {
			struct tui_row h = { TUI_ROW_CATEGORY, (size_t)item_defs[sorted[i].item].cat };
			PUSH(m->ov.rows, m->ov.n, m->ov.cap, h);
		}
		if (r.index == old_item || (old_item == TUI_NONE && m->ov.sel == TUI_NONE))
			m->ov.sel = m->ov.n;
		PUSH(m->ov.rows, m->ov.n, m->ov.cap, r);
	}
	if (m->ov.top >= m->ov.n)
		m->ov.top = 0;
}
