/*
 * The tour's steps (W, issue 17): one per failing item, grouped across the
 * files failing it, so a repository of 12,000 files has one step per item
 * and not one per (file, item). Steps come most-failing first: the map's
 * "what fails most" is the tour's order. What was skipped or accepted is
 * kept per (item, path), which is what walk_state.h saves.
 */
#include "model_priv.h"

#include <stdlib.h>
#include <string.h>

#include "walk_state.h"

static void step_free(struct tui_step *s)
{
	free(s->files);
	free(s->fstate);
	memset(s, 0, sizeof(*s));
}

void tui_walk_clear(struct tui_model *m)
{
	for (size_t i = 0; i < m->nwalk; i++)
		step_free(&m->walk[i]);
	m->nwalk = 0;
	m->walk_pos = 0;
}

static int step_cmp(const void *pa, const void *pb)
{
	const struct tui_step *a = pa, *b = pb;
	if (a->nfiles != b->nfiles)
		return a->nfiles > b->nfiles ? -1 : 1;
	return a->item < b->item ? -1 : a->item > b->item;
}

void tui_walk_start(struct tui_model *m)
{
	size_t count[ITEM_COUNT] = { 0 };
	const struct scan *s = m->scan;
	tui_walk_clear(m);
	m->detail_top = 0;
	m->mode = TUI_MODE_WALK;
	m->walk_phase = TUI_WALK_MAP;
	for (size_t f = 0; s && f < s->nfiles; f++)
		for (int i = 0; i < ITEM_COUNT; i++)
			count[i] += s->files[f].res.status[i] == ST_FAIL;
	for (int i = 0; i < ITEM_COUNT; i++) {
		struct tui_step st = { i, NULL, NULL, 0, 0, 0 };
		size_t k = 0;
		if (!count[i])
			continue;
		st.files = xcalloc(count[i], sizeof(*st.files));
		st.fstate = xcalloc(count[i], sizeof(*st.fstate));
		for (size_t f = 0; f < s->nfiles; f++)
			if (s->files[f].res.status[i] == ST_FAIL) {
				st.files[k] = f;
				st.fstate[k++] = tui_model_accepted(m, f, i) ? TUI_STEP_APPLIED : TUI_STEP_PENDING;
			}
		st.nfiles = k;
		st.file = st.files[0];
		PUSH(m->walk, m->nwalk, m->walkcap, st);
	}
	qsort(m->walk, m->nwalk, sizeof(*m->walk), step_cmp);
}

const struct tui_step *tui_walk_current(const struct tui_model *m)
{
	return m->walk_phase == TUI_WALK_STEP && m->walk_pos < m->nwalk ? &m->walk[m->walk_pos] : NULL;
}

void tui_walk_goto(struct tui_model *m, size_t pos)
{
	m->walk_pos = pos < m->nwalk ? pos : m->nwalk;
	m->walk_phase = m->walk_pos < m->nwalk ? TUI_WALK_STEP : TUI_WALK_SUMMARY;
	m->detail_top = 0;
}

void tui_walk_step(struct tui_model *m, int dir)
{
	if (m->walk_phase == TUI_WALK_MAP || m->walk_phase == TUI_WALK_RESUME) {
		if (dir > 0)
			tui_walk_goto(m, 0);
		return;
	}
	if (dir > 0 && m->walk_pos < m->nwalk) {
		struct tui_step *s = &m->walk[m->walk_pos];
		/* what is left of the step when it is left: skipped by the user */
		for (size_t k = 0; k < s->nfiles; k++)
			if (!tui_model_accepted(m, s->files[k], s->item))
				s->fstate[k] = TUI_STEP_SKIPPED;
		tui_walk_goto(m, m->walk_pos + 1);
	} else if (dir < 0 && m->walk_pos > 0) {
		tui_walk_goto(m, m->walk_pos - 1);
	} else if (dir < 0) {
		m->walk_phase = TUI_WALK_MAP;   /* back from the first step: the map */
		m->detail_top = 0;
	}
}

void tui_walk_focus(struct tui_model *m, int dir)
{
	struct tui_step *s = m->walk_phase == TUI_WALK_STEP && m->walk_pos < m->nwalk ? &m->walk[m->walk_pos] : NULL;
	if (!s || !s->nfiles)
		return;
	if (dir > 0 && s->fsel + 1 < s->nfiles)
		s->fsel++;
	else if (dir < 0 && s->fsel > 0)
		s->fsel--;
	s->file = s->files[s->fsel];
}

size_t tui_walk_accept(struct tui_model *m, int (*ok)(void *ctx, size_t file), void *ctx)
{
	struct tui_step *s = m->walk_phase == TUI_WALK_STEP && m->walk_pos < m->nwalk ? &m->walk[m->walk_pos] : NULL;
	size_t n = 0;
	for (size_t k = 0; s && k < s->nfiles; k++) {
		size_t f = s->files[k];
		if (tui_model_accepted(m, f, s->item)) {
			s->fstate[k] = TUI_STEP_APPLIED;
			continue;
		}
		if (tui_model_fixable(m, f, s->item) != FIX_AUTO || (ok && !ok(ctx, f)))
			continue;
		if (tui_model_accept(m, f, s->item) == TUI_ACC_OK) {
			s->fstate[k] = TUI_STEP_APPLIED;
			n++;
		}
	}
	return n;
}

void tui_walk_mark_focus(struct tui_model *m)
{
	struct tui_step *s = m->walk_phase == TUI_WALK_STEP && m->walk_pos < m->nwalk ? &m->walk[m->walk_pos] : NULL;
	if (s && s->nfiles && tui_model_accepted(m, s->file, s->item)) {
		s->fstate[s->fsel] = TUI_STEP_APPLIED;
		tui_walk_focus(m, 1);   /* on to the next file, as Enter does */
	}
}

size_t tui_walk_step_accepted(const struct tui_model *m, const struct tui_step *s)
{
	size_t n = 0;
	for (size_t k = 0; s && k < s->nfiles; k++)
		n += tui_model_accepted(m, s->files[k], s->item) != NULL;
	return n;
}

void tui_walk_counts(const struct tui_model *m, size_t *applied, size_t *skipped, size_t *pending)
{
	*applied = *skipped = *pending = 0;
	for (size_t i = 0; i < m->nwalk; i++)
		for (size_t k = 0; k < m->walk[i].nfiles; k++) {
			/* a fix dropped after it was accepted counts as skipped */
			if (tui_model_accepted(m, m->walk[i].files[k], m->walk[i].item))
				(*applied)++;
			else if (m->walk[i].fstate[k] == TUI_STEP_PENDING)
				(*pending)++;
			else
				(*skipped)++;
		}
}

static const char *path_of(const struct tui_model *m, size_t file)
{
	return m->scan->files[file].res.path;
}

void tui_walk_export(const struct tui_model *m, struct tui_walk_state *st)
{
	/* the resume offer stands for the place it offers */
	int placed = m->walk_phase == TUI_WALK_STEP || m->walk_phase == TUI_WALK_RESUME;
	tui_walk_state_free(st);
	st->at = m->walk_phase == TUI_WALK_SUMMARY || (placed && m->walk_pos >= m->nwalk) ? TUI_WALK_AT_SUMMARY
		 : placed ? TUI_WALK_AT_STEP : TUI_WALK_AT_MAP;
	if (st->at == TUI_WALK_AT_STEP) {
		const struct tui_step *s = &m->walk[m->walk_pos];
		st->at_item = s->item;
		st->at_path = s->nfiles ? xstrdup(path_of(m, s->file)) : NULL;
	}
	for (size_t i = 0; i < m->nwalk; i++)
		for (size_t k = 0; k < m->walk[i].nfiles; k++) {
			const struct tui_step *s = &m->walk[i];
			if (tui_model_accepted(m, s->files[k], s->item))
				tui_walk_state_mark(st, s->item, path_of(m, s->files[k]), TUI_WALK_ACCEPT);
			else if (s->fstate[k] == TUI_STEP_SKIPPED)
				tui_walk_state_mark(st, s->item, path_of(m, s->files[k]), TUI_WALK_SKIP);
		}
}

/* The step of `item`, or TUI_NONE; and the position of `path` in it (*k, TUI_NONE when absent). */
static size_t find(const struct tui_model *m, int item, const char *path, size_t *k)
{
	*k = TUI_NONE;
	for (size_t i = 0; i < m->nwalk; i++) {
		if (m->walk[i].item != item)
			continue;
		for (size_t j = 0; path && j < m->walk[i].nfiles; j++)
			if (strcmp(path_of(m, m->walk[i].files[j]), path) == 0)
				*k = j;
		return i;
	}
	return TUI_NONE;
}

void tui_walk_import(struct tui_model *m, const struct tui_walk_state *st)
{
	for (size_t e = 0; e < st->n; e++) {
		size_t k, i = find(m, st->e[e].item, st->e[e].path, &k);
		struct tui_step *s;
		if (i == TUI_NONE || k == TUI_NONE)
			continue;       /* the file no longer fails that item */
		s = &m->walk[i];
		/* an accepted fix lives as long as berth runs: one of an earlier run is to be taken again */
		if (tui_model_accepted(m, s->files[k], s->item))
			s->fstate[k] = TUI_STEP_APPLIED;
		else
			s->fstate[k] = st->e[e].mark == TUI_WALK_SKIP ? TUI_STEP_SKIPPED : TUI_STEP_PENDING;
	}
}

size_t tui_walk_resume_pos(const struct tui_model *m, const struct tui_walk_state *st)
{
	size_t k, i;
	if (st->at == TUI_WALK_AT_SUMMARY)
		return m->nwalk;
	if (st->at != TUI_WALK_AT_STEP)
		return 0;
	i = find(m, st->at_item, st->at_path, &k);
	if (i != TUI_NONE)
		return i;
	/* that item is fixed now: the first step with a file not yet seen */
	for (i = 0; i < m->nwalk; i++)
		for (k = 0; k < m->walk[i].nfiles; k++)
			if (m->walk[i].fstate[k] == TUI_STEP_PENDING && !tui_model_accepted(m, m->walk[i].files[k], m->walk[i].item))
				return i;
	return m->nwalk;
}

/* Focus the step's file at `path` when it is there. */
static void focus_path(struct tui_model *m, size_t pos, const char *path)
{
	size_t k;
	if (pos >= m->nwalk || !path || find(m, m->walk[pos].item, path, &k) != pos || k == TUI_NONE)
		return;
	m->walk[pos].fsel = k;
	m->walk[pos].file = m->walk[pos].files[k];
}

void tui_walk_rebuild(struct tui_model *m, const struct tui_walk_state *st)
{
	enum tui_walk_phase phase = m->walk_phase;
	size_t pos;
	tui_walk_start(m);
	tui_walk_import(m, st);
	pos = tui_walk_resume_pos(m, st);
	if (phase == TUI_WALK_STEP || phase == TUI_WALK_SUMMARY) {
		tui_walk_goto(m, pos);
		focus_path(m, pos, st->at_path);
	} else {
		/* the map, or the resume offer: which still offers the step it named */
		m->walk_pos = phase == TUI_WALK_RESUME ? pos : 0;
		focus_path(m, pos, st->at_path);
		m->walk_phase = phase;
	}
}

void tui_walk_resume(struct tui_model *m, const struct tui_walk_state *st)
{
	size_t pos;
	tui_walk_import(m, st);
	pos = tui_walk_resume_pos(m, st);
	if (st->at == TUI_WALK_AT_MAP) {
		m->walk_phase = TUI_WALK_MAP;
		return;
	}
	tui_walk_goto(m, pos);
	focus_path(m, pos, st->at_path);
}
