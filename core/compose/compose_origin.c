/*
 * compose_origin - where each value of a merged service is written (file,
 * service, depth in the extends chain): a hash of the nodes the resolver and
 * the merge tagged, and for the nodes inside them the innermost tagged text
 * range of the same file (node ranges of a file nest or lie apart, so each
 * range's container is found once by a stack sweep, and a lookup is a binary
 * search and a walk up at most the nesting depth).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compose_priv.h"
#include "util.h"

/* ---- tags: where each node is written ---- */

static size_t hash_ptr(const void *p, size_t cap)
{
	size_t h = (size_t)(uintptr_t)p;
	h ^= h >> 17;
	h *= (size_t)0x9E3779B97F4A7C15ull;
	return (h ^ (h >> 29)) & (cap - 1);
}

static void slots_grow(struct compose_eff *e)
{
	size_t *old = e->slots_, oldcap = e->capslots_;
	e->capslots_ = oldcap ? oldcap * 2 : 64;
	e->slots_ = xcalloc(e->capslots_, sizeof(*e->slots_));
	for (size_t i = 0; i < oldcap; i++)
		if (old[i]) {
			size_t h = hash_ptr(e->tags[old[i] - 1].node, e->capslots_);
			while (e->slots_[h])
				h = (h + 1) & (e->capslots_ - 1);
			e->slots_[h] = old[i];
		}
	free(old);
}

/* The slot of node n (empty when untagged). */
static size_t *slot_of(const struct compose_eff *e, const struct ydoc_node *n)
{
	size_t h = hash_ptr(n, e->capslots_);
	while (e->slots_[h] && e->tags[e->slots_[h] - 1].node != n)
		h = (h + 1) & (e->capslots_ - 1);
	return &e->slots_[h];
}

void compose_eff_tag(struct compose_eff *e, const struct ydoc_node *n, size_t o, int made)
{
	struct compose_tag t;
	size_t *slot;
	if (!n)
		return;
	if ((e->ntags + 1) * 2 > e->capslots_)
		slots_grow(e);
	slot = slot_of(e, n);
	if (*slot) {
		struct compose_tag *old = &e->tags[*slot - 1];
		if (e->origins[o].depth < e->origins[old->origin].depth)
			old->origin = o;
		return;
	}
	t.node = n;
	t.origin = o;
	t.made = made;
	PUSH(e->tags, e->ntags, e->captags, t);
	*slot = e->ntags;
}

const struct compose_tag *compose_eff_tag_of(const struct compose_eff *e, const struct ydoc_node *n)
{
	size_t *slot;
	if (!e || !n || !e->capslots_)
		return NULL;
	slot = slot_of(e, n);
	return *slot ? &e->tags[*slot - 1] : NULL;
}

/* ---- text ranges: the innermost tagged node around a node ---- */

static const struct compose_doc *tag_doc(const struct compose_eff *e, size_t t)
{
	return e->origins[e->tags[t].origin].doc;
}

static int cmp_range(const struct compose_eff *e, size_t a, size_t b)
{
	const struct compose_doc *da = tag_doc(e, a), *db = tag_doc(e, b);
	const struct ydoc_node *x = e->tags[a].node, *y = e->tags[b].node;
	if (da != db)
		return (uintptr_t)da < (uintptr_t)db ? -1 : 1;
	if (x->start.offset != y->start.offset)
		return x->start.offset < y->start.offset ? -1 : 1;
	if (x->end.offset != y->end.offset)     /* the outer one first */
		return x->end.offset > y->end.offset ? -1 : 1;
	return a < b ? -1 : a > b ? 1 : 0;
}

/* Merge sort of tag indices (qsort has no payload). */
static void sort_ranges(const struct compose_eff *e, size_t *v, size_t *tmp, size_t n)
{
	size_t h = n / 2, i = 0, j = h, k = 0;
	if (n < 2)
		return;
	sort_ranges(e, v, tmp, h);
	sort_ranges(e, v + h, tmp, n - h);
	while (i < h && j < n)
		tmp[k++] = cmp_range(e, v[i], v[j]) <= 0 ? v[i++] : v[j++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

static int contains(const struct ydoc_node *outer, const struct ydoc_node *n)
{
	return outer->start.offset <= n->start.offset && n->end.offset <= outer->end.offset;
}

/* Node ranges of one file nest or are apart: each range's innermost container, by a stack sweep. */
void compose_eff_index(struct compose_eff *e)
{
	size_t *tmp, *stack, top = 0;
	e->ranges_ = xcalloc(e->ntags ? e->ntags : 1, sizeof(*e->ranges_));
	for (size_t i = 0; i < e->ntags; i++)
		if (!e->tags[i].made)
			e->ranges_[e->nranges_++] = i;
	tmp = xcalloc(e->nranges_ ? e->nranges_ : 1, sizeof(*tmp));
	sort_ranges(e, e->ranges_, tmp, e->nranges_);
	free(tmp);
	e->parent_ = xcalloc(e->nranges_ ? e->nranges_ : 1, sizeof(*e->parent_));
	stack = xcalloc(e->nranges_ ? e->nranges_ : 1, sizeof(*stack));
	for (size_t i = 0; i < e->nranges_; i++) {
		const struct ydoc_node *n = e->tags[e->ranges_[i]].node;
		while (top && (tag_doc(e, e->ranges_[stack[top - 1]]) != tag_doc(e, e->ranges_[i]) ||
			       !contains(e->tags[e->ranges_[stack[top - 1]]].node, n)))
			top--;
		e->parent_[i] = top ? stack[top - 1] : SIZE_MAX;
		stack[top++] = i;
	}
	free(stack);
}

/* The innermost tagged range of file d around n, or SIZE_MAX. */
static size_t range_around(const struct compose_eff *e, const struct compose_doc *d, const struct ydoc_node *n)
{
	size_t lo = 0, hi = e->nranges_, j;
	while (lo < hi) {       /* the first range after (d, n's start) */
		size_t mid = lo + (hi - lo) / 2;
		const struct compose_doc *dm = tag_doc(e, e->ranges_[mid]);
		int before = dm != d ? (uintptr_t)dm < (uintptr_t)d
				     : e->tags[e->ranges_[mid]].node->start.offset <= n->start.offset;
		if (before)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || tag_doc(e, e->ranges_[lo - 1]) != d)
		return SIZE_MAX;
	for (j = lo - 1; j != SIZE_MAX; j = e->parent_[j])
		if (contains(e->tags[e->ranges_[j]].node, n))
			return e->ranges_[j];
	return SIZE_MAX;
}

const struct compose_origin *compose_eff_origin(const struct compose_eff *e, const struct ydoc_node *n)
{
	const struct compose_tag *t;
	if (!e || !n || !e->norigins)
		return NULL;
	if ((t = compose_eff_tag_of(e, n)) != NULL)
		return &e->origins[t->origin];
	for (size_t i = 0; i < e->norigins; i++) {
		const struct compose_doc *d = e->origins[i].doc;
		size_t seen = 0, r;
		for (size_t k = 0; k < i; k++)
			seen |= e->origins[k].doc == d;
		if (seen || !ydoc_owns(&d->y, n))
			continue;
		r = range_around(e, d, n);
		return r == SIZE_MAX ? (i == 0 ? &e->origins[0] : NULL) : &e->origins[e->tags[r].origin];
	}
	return NULL;
}

const char *compose_eff_dir(const struct compose_eff *e, const struct ydoc_node *n, const char *dflt)
{
	const struct compose_origin *o = compose_eff_origin(e, n);
	return o ? o->dir : dflt;
}

const char *compose_build_dir(const struct compose_eff *e, const struct ydoc_node *build, const char *dflt)
{
	const struct ydoc_node *ctx = build && build->type == YDOC_MAPPING ? ydoc_get(build, "context") : build;
	return !ctx || ydoc_is_null(ctx) ? dflt : compose_eff_dir(e, ctx, dflt);
}

void compose_eff_free(struct compose_eff *e)
{
	for (size_t i = 0; i < e->nmade; i++) {
		free(e->made[i]->items);
		free(e->made[i]->pairs);
		free(e->made[i]->value);
		free(e->made[i]);
	}
	for (size_t i = 0; i < e->nproblems; i++)
		free(e->problems[i].msg);
	free(e->made);
	free(e->origins);
	free(e->tags);
	free(e->problems);
	free(e->slots_);
	free(e->ranges_);
	free(e->parent_);
	memset(e, 0, sizeof(*e));
}
