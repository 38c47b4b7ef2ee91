/*
 * df_stage - the build stages (FROM [--platform=P] image [AS name]), their
 * parent links, FROM images with the global ARG defaults substituted, and
 * the file-level problems: no FROM, instructions before it, duplicate
 * stage names.
 */
#include "dockerfile.h"
#include "df_priv.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/*
 * The ARGs declared before the first FROM, last declaration winning. A
 * default is expanded with the ARGs before it (ARG B=${A}-x), as BuildKit
 * does; one that uses a variable without value has no value either.
 */
struct global {
	const char *name;
	char *value;            /* owned; NULL when it has no (resolvable) value */
};

struct globals {
	struct global *args;
	size_t n, cap;
};

static const char *global_lookup(void *payload, const char *name, size_t len)
{
	const struct globals *g = payload;
	size_t i = g->n;
	while (i-- > 0)
		if (strlen(g->args[i].name) == len && memcmp(g->args[i].name, name, len) == 0)
			return g->args[i].value;
	return NULL;
}

static void add_global(struct globals *g, const struct df_pair *p, char esc)
{
	struct global a;
	int unresolved = 0;
	a.name = p->key;
	a.value = p->value ? df_expand(p->value, esc, global_lookup, g, &unresolved) : NULL;
	if (unresolved) {
		free(a.value);
		a.value = NULL;
	}
	PUSH(g->args, g->n, g->cap, a);
}

static void stage_image(struct df_file *f, const struct df_instr *in, struct df_stage *st,
		struct globals *g)
{
	struct df_tok t;
	int unresolved = 0;
	if (df_first_word(in->args, strlen(in->args), f->escape, &t)) {
		char *r = df_expand_word(in->args + t.start, t.end - t.start,
			f->escape, global_lookup, g, &unresolved);
		st->image_resolved = unresolved ? NULL : df_arena_strdup(f->arena, r);
		free(r);
	}
}

/*
 * Stage names, lower-cased, in an open-addressing table: files with
 * thousands of stages must not compare every pair.
 */
struct df_names {
	struct slot { const char *key; size_t idx; } *slots;
	size_t cap;             /* a power of two, at least twice the names */
};

static size_t name_hash(const char *s)
{
	size_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)((*s >= 'A' && *s <= 'Z') ? *s + 32 : *s)) * 1099511628211u;
	return h;
}

static struct slot *find_slot(const struct df_names *ix, const char *name)
{
	size_t i = name_hash(name) & (ix->cap - 1);
	while (ix->slots[i].key && !str_ieq(ix->slots[i].key, name))
		i = (i + 1) & (ix->cap - 1);
	return &ix->slots[i];
}

int df_names_first(const struct df_names *ix, const char *name)
{
	const struct slot *sl;
	if (!ix || !ix->cap || !name)
		return -1;
	sl = find_slot(ix, name);
	return sl->key ? (int)sl->idx : -1;
}

static struct df_names *names_new(struct df_arena *ar, size_t nstages)
{
	struct df_names *ix = df_arena_calloc(ar, 1, sizeof(*ix));
	ix->cap = 8;
	while (ix->cap < 2 * nstages)
		ix->cap *= 2;
	ix->slots = df_arena_calloc(ar, ix->cap, sizeof(*ix->slots));
	return ix;
}

static void parent_and_name(struct df_file *f, struct df_stage *st, size_t idx)
{
	const char *img = st->image_resolved ? st->image_resolved : st->image;
	struct slot *sl;
	st->parent = img ? df_names_first(f->names, img) : -1;
	if (!st->name)
		return;
	if (str_ieq(st->name, "scratch") || str_ieq(st->name, "context"))
		df_problem_add(f, "reserved-stage-name", st->name_span,
			"a stage cannot be named \"%s\": the name is reserved", st->name);
	sl = find_slot(f->names, st->name);
	if (sl->key) {
		df_problem_add(f, "duplicate-stage", st->name_span,
			"stage name \"%s\" is already used by stage %zu", st->name, sl->idx);
		return;
	}
	sl->key = st->name;     /* the stage's own string: both live in the arena */
	sl->idx = idx;
}

static void new_stage(struct df_file *f, size_t *cap, size_t idx, struct globals *g)
{
	struct df_instr *in = &f->instrs[idx];
	const struct df_flag *pl = df_flag_get(in, "platform");
	struct df_stage st;
	memset(&st, 0, sizeof(st));
	st.first = idx;
	st.parent = -1;
	/* strings shared with the instruction's words and flags: all of them live in the arena */
	st.platform = pl && pl->value ? pl->value : NULL;
	if (in->nwords > 0) {
		st.image = in->words[0].text;
		st.image_span = in->words[0].span;
		stage_image(f, in, &st, g);
	} else {
		st.image = df_arena_strdup(f->arena, "");
		st.image_span = in->args_span;
	}
	if (in->nwords >= 3 && str_ieq(in->words[1].text, "AS")) {
		st.name = in->words[2].text;
		st.name_span = in->words[2].span;
	}
	AGROW(f->arena, f->stages, *cap, f->nstages + 1);
	f->stages[f->nstages] = st;
	parent_and_name(f, &f->stages[f->nstages], f->nstages);
	f->nstages++;
}

void df_stages_build(struct df_file *f)
{
	struct globals g = { NULL, 0, 0 };
	size_t i, j, cap = 0;
	size_t nfrom = 0;
	for (i = 0; i < f->ninstrs; i++)
		nfrom += f->instrs[i].kind == DF_FROM;
	f->names = names_new(f->arena, nfrom);
	for (i = 0; i < f->ninstrs; i++) {
		struct df_instr *in = &f->instrs[i];
		if (in->kind == DF_FROM)
			new_stage(f, &cap, i, &g);
		if (f->nstages == 0 && in->kind == DF_ARG)
			for (j = 0; j < in->npairs; j++)
				add_global(&g, &in->pairs[j], f->escape);
		else if (f->nstages == 0 && nfrom && in->kind != DF_UNKNOWN)
			df_problem_add(f, "before-from", in->kw_span,
				"%s comes before the first FROM (only ARG may)", in->keyword);
		in->stage = (int)f->nstages - 1;
		if (in->onbuild)
			in->onbuild->stage = in->stage;
		if (f->nstages > 0)
			f->stages[f->nstages - 1].count++;
	}
	for (j = 0; j < g.n; j++)
		free(g.args[j].value);
	free(g.args);
	if (!nfrom) {
		struct df_span sp = { 0, 0 };
		if (f->ninstrs > 0)
			sp = f->instrs[0].kw_span;
		df_problem_add(f, "no-from", sp, "the Dockerfile has no FROM instruction");
	}
}
