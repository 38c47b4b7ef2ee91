/*
 * check_compose_anchor - a key missing from several services that share one
 * anchored mapping is reported once, at that mapping (beyond CHECKLIST.md
 * revision 4, which folds only findings already on the same line).
 *
 * The anchored mapping of a service: its own mapping when it carries an
 * anchor (`netbox: &netbox`, or a service written `web2: *web`), else the one
 * mapping its `<<` merges when that is anchored and says what the container
 * runs — it gives `image` or `build` (`<<: *sentry_defaults`). A fragment
 * (`<<: *restart_policy`, `<<: *logging`) is not the place of a container's
 * settings, and a service merging several mappings (`<<: [*a, *b]`) has none:
 * which of them the key belongs in is the author's choice. The services
 * sharing one anchored mapping are its group.
 *
 * A finding about something missing (it points at the service's key) of an
 * item below is moved to the key line of the mapping when:
 * - two services of the group or more have it (same item, rule and
 *   message), none of them writing the item's keys itself and none of them
 *   suppressed by a pragma above its own key: a key written in the shared
 *   mapping reaches them all (YAML merges are shallow: a key of their own
 *   would hide it);
 * - every other service of the group writes the item's keys itself, so
 *   that the key added to the shared mapping changes nothing for it. A
 *   service that passes otherwise (a healthcheck from its Dockerfile), does
 *   not need the key (a one-shot job has no restart policy) or was exempted
 *   by a pragma would be changed by it: then nothing is moved.
 * The moved findings then have the same line, key, rule and message, and
 * check_finish's "reported once" folds them into one naming every service.
 * Pragmas above the mapping's line suppress it. Other services keep theirs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compose_priv.h"
#include "pragma.h"
#include "util.h"

/* The items about a missing key that are folded, and the keys a service writes to settle each. */
struct anchored_item {
	int item;
	const char *keys[4];
	const char *shown;      /* the keys, for the message */
};

static const struct anchored_item anchored_items[] = {
	{ ITEM_COMPOSE_NO_NEW_PRIVILEGES, { "security_opt", NULL }, "security_opt" },
	{ ITEM_COMPOSE_CAP_DROP, { "cap_drop", NULL }, "cap_drop" },
	{ ITEM_COMPOSE_READ_ONLY, { "read_only", NULL }, "read_only" },
	{ ITEM_COMPOSE_RESOURCE_LIMITS, { "deploy", "cpus", "mem_limit", NULL }, "deploy, cpus or mem_limit" },
	{ ITEM_COMPOSE_RESTART, { "restart", "deploy", NULL }, "restart or deploy" },
	{ ITEM_COMPOSE_HEALTHCHECK, { "healthcheck", NULL }, "healthcheck" },
};

static const struct anchored_item *anchored_item(int item)
{
	for (size_t i = 0; i < ARRAY_SIZE(anchored_items); i++)
		if (anchored_items[i].item == item)
			return &anchored_items[i];
	return NULL;
}

/* The anchored mapping a service shares, or NULL. */
static const struct ydoc_node *anchor_of(const struct compose_service *s)
{
	const struct ydoc_node *v = s->value, *m;
	if (!v || v->type != YDOC_MAPPING)
		return NULL;
	if (v->anchor)
		return v;
	m = v->nmerges == 1 ? v->merge_from : NULL;
	/* a fragment (`&restart_policy`, `&logging`) is no place for a container's settings */
	if (m && m->anchor && (ydoc_get(m, "image") || ydoc_get(m, "build")))
		return m;
	return NULL;
}

/* The service writes one of the item's keys itself (not merged from the shared mapping). */
static int writes_own(const struct compose_service *s, const struct ydoc_node *anchor, const struct anchored_item *it)
{
	if (s->value == anchor)
		return 0;       /* its keys are the shared mapping's */
	for (const char *const *k = it->keys; *k; k++) {
		const struct ydoc_pair *p = ydoc_entry(s->value, *k);
		if (p && !p->merged)
			return 1;
	}
	return 0;
}

/* A finding that may move (about a missing key, at its service's key), with what the sort compares. */
struct cand {
	size_t finding;                 /* index into the file's findings */
	size_t svc;
	const struct ydoc_node *anchor;
	const struct finding *f;
};

/* By (anchor, item, rule, message), then the order found: one problem of one group side by side. */
static int cand_cmp(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	int r;
	if (a->anchor != b->anchor)
		return (uintptr_t)a->anchor < (uintptr_t)b->anchor ? -1 : 1;
	if (a->f->item != b->f->item)
		return a->f->item < b->f->item ? -1 : 1;
	if ((r = strcmp(a->f->rule, b->f->rule)) != 0 || (r = strcmp(a->f->message, b->f->message)) != 0)
		return r;
	return a->finding < b->finding ? -1 : a->finding > b->finding;
}

static int same_group(const struct cand *a, const struct cand *b)
{
	return a->anchor == b->anchor && a->f->item == b->f->item && strcmp(a->f->rule, b->f->rule) == 0 &&
	       strcmp(a->f->message, b->f->message) == 0;
}

/* ---- where an anchored mapping is written ---- */

struct anchor_key {
	const struct ydoc_node *map, *key;
};

struct anchor_keys {
	struct anchor_key *v;
	size_t n, cap;
};

/* Every pair whose value is an anchored mapping written there (not an alias, not merged). */
static void collect_keys(struct anchor_keys *out, const struct ydoc_node *n)
{
	if (!n)
		return;
	if (n->type == YDOC_SEQUENCE) {
		for (size_t i = 0; i < n->nitems; i++)
			if (n->items[i]->start.offset >= n->start.offset)
				collect_keys(out, n->items[i]);
		return;
	}
	for (size_t i = 0; n->type == YDOC_MAPPING && i < n->npairs; i++) {
		const struct ydoc_pair *p = &n->pairs[i];
		if (p->merged || p->value->start.offset < p->key->start.offset)
			continue;       /* its text is elsewhere: walked where it is written */
		if (p->value->type == YDOC_MAPPING && p->value->anchor) {
			struct anchor_key k = { p->value, p->key };
			PUSH(out->v, out->n, out->cap, k);
		}
		collect_keys(out, p->value);
	}
}

static int anchor_key_cmp(const void *pa, const void *pb)
{
	const struct anchor_key *a = pa, *b = pb;
	return a->map == b->map ? 0 : (uintptr_t)a->map < (uintptr_t)b->map ? -1 : 1;
}

/* [*start, *end): the mapping's key, else its `&name` (a list item, the document itself). */
static void anchor_span(const struct anchor_keys *ks, const struct ydoc_node *map, size_t *start, size_t *end)
{
	struct anchor_key probe = { map, NULL };
	const struct anchor_key *k = ks->n ? bsearch(&probe, ks->v, ks->n, sizeof(*ks->v), anchor_key_cmp) : NULL;
	if (k) {
		*start = k->key->start.offset;
		*end = k->key->end.offset;
	} else {
		*start = map->start.offset;
		*end = map->start.offset + 1 + strlen(map->anchor);
	}
}

/* ---- moving a group's findings ---- */

static void move_finding(struct ccx *c, struct finding *f, size_t start, size_t end, const char *msg)
{
	f->start = start;
	f->end = end;
	if (c->a->text) {
		text_pos(c->a->text, start, &f->line, &f->col);
		text_pos(c->a->text, end > start ? end - 1 : start, &f->end_line, &f->end_col);
	} else {
		f->line = f->col = f->end_line = f->end_col = 1;
	}
	free(f->message);
	f->message = xstrdup(msg);
}

/* A service and the mapping it shares; sorted by (anchor, service) to find a group's services. */
struct member {
	const struct ydoc_node *anchor;
	size_t svc;
};

static int member_cmp(const void *pa, const void *pb)
{
	const struct member *a = pa, *b = pb;
	if (a->anchor != b->anchor)
		return (uintptr_t)a->anchor < (uintptr_t)b->anchor ? -1 : 1;
	return a->svc < b->svc ? -1 : a->svc > b->svc;
}

struct groups {
	struct member *v;               /* every service that shares an anchored mapping */
	size_t n;
	unsigned char *failing;         /* per service: has the problem being folded */
	struct anchor_keys keys;
};

/*
 * One problem of one group, g[0..n): moved when the rule of the header
 * holds (the others of the group write the item's keys themselves).
 */
static void fold_group(struct ccx *c, const struct cand *g, size_t n, struct groups *gs)
{
	const struct compose_doc *d = c->d;
	const struct ydoc_node *anchor = g[0].anchor;
	const struct anchored_item *it = anchored_item(g[0].f->item);
	size_t shared = 0, start, end, lo = 0, hi = gs->n;
	int ok = 1;
	struct buf msg = BUF_INIT;
	while (lo < hi) {       /* the first member of this anchor */
		size_t mid = lo + (hi - lo) / 2;
		if ((uintptr_t)gs->v[mid].anchor < (uintptr_t)anchor)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = 0; i < n; i++)
		gs->failing[g[i].svc] = 1;
	for (size_t i = lo; i < gs->n && gs->v[i].anchor == anchor; i++) {
		shared++;
		if (!gs->failing[gs->v[i].svc] && !writes_own(&d->services[gs->v[i].svc], anchor, it))
			ok = 0;
	}
	for (size_t i = 0; i < n; i++)
		gs->failing[g[i].svc] = 0;
	if (!ok)
		return;
	if (n == shared)
		buf_printf(&msg, "%s; the %zu services sharing `&%.100s` all lack it: set it once in that mapping",
			   g[0].f->message, n, anchor->anchor);
	else
		buf_printf(&msg, "%s; %zu of the %zu services sharing `&%.100s` lack it (the others write their own %s): "
			   "it can go into that shared mapping", g[0].f->message, n, shared, anchor->anchor, it->shown);
	anchor_span(&gs->keys, anchor, &start, &end);
	for (size_t i = 0; i < n; i++)
		move_finding(c, &c->a->res->findings[g[i].finding], start, end, buf_str(&msg));
	buf_free(&msg);
}

void ccx_fold_anchors(struct ccx *c)
{
	const struct compose_doc *d = c->d;
	struct file_result *r = c->a->res;
	struct cand *cands = NULL;
	size_t ncands = 0, capcands = 0, capmembers = 0;
	struct groups gs;
	memset(&gs, 0, sizeof(gs));
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		const struct compose_service *s;
		struct cand k;
		if (f->nservices != 1 || !anchored_item(f->item) || !(s = compose_find_service(d, f->service)) ||
		    !s->key || f->start != s->key->start.offset || f->end != s->key->end.offset)
			continue;
		k.anchor = anchor_of(s);
		if (!k.anchor || writes_own(s, k.anchor, anchored_item(f->item)))
			continue;
		k.finding = i;
		k.svc = (size_t)(s - d->services);
		k.f = f;
		PUSH(cands, ncands, capcands, k);
	}
	if (ncands < 2) {
		free(cands);
		return;
	}
	qsort(cands, ncands, sizeof(*cands), cand_cmp);
	for (size_t i = 0, j; i < ncands; i = j) {
		int suppressed = 0;
		for (j = i + 1; j < ncands && same_group(&cands[i], &cands[j]); j++)
			;
		if (j - i < 2)
			continue;
		if (!gs.failing) {
			/* a service exempted by a pragma above its own key must not be changed through the mapping */
			pragma_apply(r, c->a->text);
			for (size_t k = 0; k < d->nservices; k++) {
				struct member m = { anchor_of(&d->services[k]), k };
				if (m.anchor)
					PUSH(gs.v, gs.n, capmembers, m);
			}
			qsort(gs.v, gs.n, sizeof(*gs.v), member_cmp);
			gs.failing = xcalloc(d->nservices, 1);
			collect_keys(&gs.keys, d->root);
			if (gs.keys.n)
				qsort(gs.keys.v, gs.keys.n, sizeof(*gs.keys.v), anchor_key_cmp);
		}
		for (size_t k = i; k < j; k++)
			suppressed |= r->findings[cands[k].finding].suppressed;
		if (!suppressed)
			fold_group(c, cands + i, j - i, &gs);
	}
	free(gs.failing);
	free(gs.v);
	free(gs.keys.v);
	free(cands);
}
