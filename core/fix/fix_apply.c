/*
 * fix_apply - chosen fixes applied together: edits that do not overlap are
 * combined on the original text; a fix overlapping one already taken is
 * re-planned on the text as it stands; when the combination is not as clean
 * as each fix alone, they go one at a time with a re-plan in between.
 */
#include "fix_priv.h"

#include <stdlib.h>
#include <string.h>

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int same_fix(const struct fix *a, const struct fix *b)
{
	return a->item == b->item && same_str(a->rule, b->rule) && same_str(a->service, b->service) &&
	       same_str(a->value_name, b->value_name);
}

/* Do f's edits touch a span already taken this round? (insertions at one offset count) */
static int overlaps(const struct fix *f, const struct fix *taken, size_t ntaken)
{
	for (size_t t = 0; t < ntaken; t++)
		for (size_t i = 0; i < f->nchanges; i++)
			for (size_t j = 0; j < taken[t].nchanges; j++) {
				const struct fix_change *a = &f->changes[i], *b = &taken[t].changes[j];
				if (strcmp(a->path, b->path) != 0)
					continue;
				if (a->create || b->create)
					return 1;
				for (size_t x = 0; x < a->nedits; x++)
					for (size_t y = 0; y < b->nedits; y++)
						if (a->edits[x].start <= b->edits[y].end &&
						    b->edits[y].start <= a->edits[x].end)
							return 1;
			}
	return 0;
}

/* Merge the taken fixes into one (edits on the same text, none overlapping) and apply it. */
static int apply_taken(struct fix_state *s, const struct fix_input *in, const struct fix *taken,
		       size_t ntaken)
{
	struct fix all;
	int rc;
	memset(&all, 0, sizeof(all));
	for (size_t t = 0; t < ntaken; t++)
		for (size_t i = 0; i < taken[t].nchanges; i++) {
			const struct fix_change *ch = &taken[t].changes[i];
			for (size_t j = 0; j < ch->nedits; j++) {
				if (ch->create)
					fix_create(&all, ch->path, ch->edits[j].text);
				else
					fix_edit(&all, ch->path, ch->edits[j].start, ch->edits[j].end,
						 ch->edits[j].text);
			}
		}
	rc = fix_normalize(&all) == 0 ? fix_state_apply(s, in, &all) : -1;
	fix_clear(&all);
	return rc;
}

struct wanted {
	struct fix key;         /* shallow: borrows the chosen fix's strings */
	int done;
};

/* A re-plan's audit may be borrowed from the memo (fix_plan_items). */
static void replan_free(struct fix_plan *p, int borrowed)
{
	if (borrowed)
		memset(&p->before, 0, sizeof(p->before));
	fix_plan_free(p);
}

/* Rounds of taking fixes (all that fit, or one at a time) with a re-plan in between. */
static int apply_rounds(struct fix_state *s, const struct fix_input *in, const struct fix_plan *plan,
			struct wanted *w, size_t nw, int batch, struct fix_result *r,
			struct fix_memo *memo)
{
	const struct fix_plan *cur = plan;
	struct fix_plan replanned;
	struct fix_input now;
	unsigned char *checked = NULL;  /* re-planned fixes: 0 unverified, 1 verified, 2 withheld */
	int have_replan = 0, borrowed = 0;

	for (int round = 0; round < FIX_MAX_ROUNDS; round++) {
		struct fix *taken = NULL;
		size_t ntaken = 0, cap = 0, left = 0;
		for (size_t i = 0; i < nw; i++) {
			if (w[i].done || (!batch && ntaken))
				continue;
			for (size_t j = 0; j < cur->nfixes; j++) {
				const struct fix *f = &cur->fixes[j];
				if (!same_fix(f, &w[i].key) || f->needs_value || overlaps(f, taken, ntaken))
					continue;
				/* a re-planned fix is verified only when it would be taken; a withheld one is not there */
				if (have_replan && !checked[j])
					checked[j] = fix_verify(&now, &replanned.before, f, memo, s) == FIX_WHY_COUNT ? 1 : 2;
				if (have_replan && checked[j] == 2)
					continue;
				PUSH(taken, ntaken, cap, *f);
				w[i].done = 1;
				r->applied++;
				r->applied_item[f->item]++;
				break;
			}
		}
		if (ntaken && apply_taken(s, in, taken, ntaken) < 0) {
			free(taken);
			if (have_replan)
				replan_free(&replanned, borrowed);
			free(checked);
			return -1;
		}
		free(taken);
		for (size_t i = 0; i < nw; i++)
			left += !w[i].done;
		if (!ntaken || !left)
			break;
		if (have_replan)
			replan_free(&replanned, borrowed);
		{
			/* only the items still wanted: a fix of any other item would never be taken */
			unsigned char items[ITEM_COUNT] = { 0 };
			for (size_t i = 0; i < nw; i++)
				if (!w[i].done && w[i].key.item >= 0 && w[i].key.item < ITEM_COUNT)
					items[w[i].key.item] = 1;
			now = fix_state_input(s, in);
			borrowed = fix_plan_items(&replanned, &now, items, 1, memo, s) == 0 && memo;
			free(checked);
			checked = xcalloc(replanned.nfixes ? replanned.nfixes : 1, 1);
		}
		have_replan = 1;
		cur = &replanned;
	}
	if (have_replan)
		replan_free(&replanned, borrowed);
	free(checked);
	for (size_t i = 0; i < nw; i++)
		r->dropped += !w[i].done;
	return 0;
}

/* Is the combined result as clean as each fix alone promised? */
static int combined_clean(const struct fix_input *in, const struct fix_plan *plan,
			  struct fix_state *s, const struct wanted *w, size_t nw, struct fix_memo *memo)
{
	struct file_result own;
	const struct file_result *after = &own;
	unsigned char mine[ITEM_COUNT] = { 0 };
	int ok;
	for (size_t i = 0; i < nw; i++)
		mine[w[i].key.item] = 1;
	if (memo)
		after = fix_memo_audit(memo, in, s->data, s->len, &s->view, NULL, s);
	else
		fix_audit(&own, in, s->data, s->len, &s->view);
	ok = !fix_new_parse_finding(&plan->before, after) && !fix_regression(&plan->before, after, mine);
	if (!memo)
		file_result_free(&own);
	return ok;
}

static void result_from_state(struct fix_result *r, const struct fix_input *in, struct fix_state *s)
{
	struct fix_output o;
	size_t cap = 0;
	if (s->len != in->len || memcmp(s->data, in->data, in->len) != 0) {
		memset(&o, 0, sizeof(o));
		o.path = xstrdup(in->path);
		o.old = xstrndup(in->data, in->len);
		o.oldlen = in->len;
		o.data = xstrndup(s->data, s->len);
		o.len = s->len;
		PUSH(r->files, r->nfiles, cap, o);
	}
	for (size_t i = 0; i < s->nextra; i++) {
		memset(&o, 0, sizeof(o));
		o.path = xstrdup(s->extra[i]);
		if (fs_read(in->fs, o.path, &o.old, &o.oldlen) < 0) {
			o.create = 1;
			o.old = NULL;
			o.oldlen = 0;
		}
		fs_read(&s->view, o.path, &o.data, &o.len);
		PUSH(r->files, r->nfiles, cap, o);
	}
}

/* How many of the applied fixes changed each output file. */
static void count_per_file(struct fix_result *r, const struct wanted *w, size_t nw)
{
	for (size_t o = 0; o < r->nfiles; o++)
		for (size_t i = 0; i < nw; i++) {
			int touches = 0;
			for (size_t c = 0; c < w[i].key.nchanges; c++)
				touches |= strcmp(w[i].key.changes[c].path, r->files[o].path) == 0;
			r->files[o].nfixes += w[i].done && touches;
		}
}

int fix_apply(struct fix_result *out, const struct fix_input *in, const struct fix_plan *plan,
	      const size_t *chosen, size_t nchosen)
{
	return fix_apply_memo(out, in, plan, chosen, nchosen, NULL);
}

int fix_apply_memo(struct fix_result *out, const struct fix_input *in, const struct fix_plan *plan,
		   const size_t *chosen, size_t nchosen, struct fix_memo *memo)
{
	struct wanted *w;
	size_t nw = 0;
	struct fix_state s;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!chosen)
		nchosen = plan->nfixes;
	w = xcalloc(nchosen ? nchosen : 1, sizeof(*w));
	for (size_t i = 0; i < nchosen; i++) {
		size_t k = chosen ? chosen[i] : i;
		if (k < plan->nfixes && !plan->fixes[k].needs_value &&
		    (chosen || plan->fixes[k].level <= fix_apply_level(in)))
			w[nw++].key = plan->fixes[k];
	}
	fix_state_init(&s, in);
	rc = apply_rounds(&s, in, plan, w, nw, 1, out, memo);
	if (rc == 0 && out->applied > 1 && !combined_clean(in, plan, &s, w, nw, memo)) {
		/* together they misbehave: one at a time, each re-planned on the text as it stands */
		fix_state_free(&s);
		memset(out, 0, sizeof(*out));
		for (size_t i = 0; i < nw; i++)
			w[i].done = 0;
		fix_state_init(&s, in);
		rc = apply_rounds(&s, in, plan, w, nw, 0, out, memo);
	}
	if (rc == 0) {
		result_from_state(out, in, &s);
		count_per_file(out, w, nw);
	}
	fix_state_free(&s);
	free(w);
	return rc;
}

void fix_result_free(struct fix_result *r)
{
	for (size_t i = 0; i < r->nfiles; i++) {
		free(r->files[i].path);
		free(r->files[i].old);
		free(r->files[i].data);
	}
	free(r->files);
	memset(r, 0, sizeof(*r));
}
