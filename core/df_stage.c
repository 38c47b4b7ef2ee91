/*
 * df_stage - the build stages (FROM [--platform=P] image [AS name]), their
 * parent links, FROM images with the global ARG defaults substituted, and
 * the file-level problems: no FROM, instructions before it, duplicate
 * stage names.
 */
#include "dockerfile.h"
#include "df_internal.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* The ARGs declared before the first FROM, last declaration winning. */
struct globals {
	const struct df_pair **args;
	size_t n, cap;
};

static const char *global_lookup(void *payload, const char *name, size_t len)
{
	const struct globals *g = payload;
	size_t i = g->n;
	while (i-- > 0)
		if (strlen(g->args[i]->key) == len && memcmp(g->args[i]->key, name, len) == 0)
			return g->args[i]->value;
	return NULL;
}

static void stage_image(struct df_file *f, const struct df_instr *in, struct df_stage *st,
		struct globals *g)
{
	struct df_tok *t;
	size_t n = df_split_words(in->args, strlen(in->args), f->escape, &t);
	int unresolved = 0;
	if (n > 0) {
		st->image_resolved = df_expand_word(in->args + t[0].start, t[0].end - t[0].start,
			f->escape, global_lookup, g, &unresolved);
		if (unresolved) {
			free(st->image_resolved);
			st->image_resolved = NULL;
		}
	}
	free(t);
}

static void parent_and_name(struct df_file *f, struct df_stage *st, size_t idx)
{
	const char *img = st->image_resolved ? st->image_resolved : st->image;
	size_t i;
	st->parent = -1;
	for (i = 0; i < idx && img; i++)
		if (f->stages[i].name && str_ieq(f->stages[i].name, img))
			st->parent = (int)i;
	for (i = 0; i < idx && st->name; i++) {
		if (f->stages[i].name && str_ieq(f->stages[i].name, st->name)) {
			df_problem_add(f, "duplicate-stage", st->name_span,
				"stage name \"%s\" is already used by stage %zu", st->name, i);
			break;
		}
	}
}

static void new_stage(struct df_file *f, size_t *cap, size_t idx, struct globals *g)
{
	struct df_instr *in = &f->instrs[idx];
	const struct df_flag *pl = df_flag_get(in, "platform");
	struct df_stage st;
	memset(&st, 0, sizeof(st));
	st.first = idx;
	st.parent = -1;
	st.platform = pl && pl->value ? xstrdup(pl->value) : NULL;
	if (in->nwords > 0) {
		st.image = xstrdup(in->words[0].text);
		st.image_span = in->words[0].span;
		stage_image(f, in, &st, g);
	} else {
		st.image = xstrdup("");
		st.image_span = in->args_span;
	}
	if (in->nwords >= 3 && str_ieq(in->words[1].text, "AS")) {
		st.name = xstrdup(in->words[2].text);
		st.name_span = in->words[2].span;
	}
	GROW(f->stages, *cap, f->nstages + 1);
	f->stages[f->nstages] = st;
	parent_and_name(f, &f->stages[f->nstages], f->nstages);
	f->nstages++;
}

void df_stages_build(struct df_file *f)
{
	struct globals g = { NULL, 0, 0 };
	size_t i, j, cap = 0;
	int has_from = 0;
	for (i = 0; i < f->ninstrs; i++)
		has_from |= f->instrs[i].kind == DF_FROM;
	for (i = 0; i < f->ninstrs; i++) {
		struct df_instr *in = &f->instrs[i];
		if (in->kind == DF_FROM)
			new_stage(f, &cap, i, &g);
		if (f->nstages == 0 && in->kind == DF_ARG)
			for (j = 0; j < in->npairs; j++)
				PUSH(g.args, g.n, g.cap, &in->pairs[j]);
		else if (f->nstages == 0 && has_from && in->kind != DF_UNKNOWN)
			df_problem_add(f, "before-from", in->kw_span,
				"%s comes before the first FROM (only ARG may)", in->keyword);
		in->stage = (int)f->nstages - 1;
		if (in->onbuild)
			in->onbuild->stage = in->stage;
		if (f->nstages > 0)
			f->stages[f->nstages - 1].count++;
	}
	free(g.args);
	if (!has_from) {
		struct df_span sp = { 0, 0 };
		if (f->ninstrs > 0)
			sp = f->instrs[0].kw_span;
		df_problem_add(f, "no-from", sp, "the Dockerfile has no FROM instruction");
	}
}
