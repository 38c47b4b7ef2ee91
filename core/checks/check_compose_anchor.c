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

/* An anchored mapping that says what a container runs (not a fragment such as `&logging`). */
static int container_mapping(const struct ydoc_node *m)
{
	return m && m->type == YDOC_MAPPING && m->anchor && (ydoc_get(m, "image") || ydoc_get(m, "build"));
}

/* The service writes one of the item's keys itself (not merged from a shared mapping). */
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
	const struct finding *f;
};

/* By (item, rule, message), then the order found: one problem of several services side by side. */
static int cand_cmp(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	int r;
	if (a->f->item != b->f->item)
		return a->f->item < b->f->item ? -1 : 1;
	if ((r = strcmp(a->f->rule, b->f->rule)) != 0 || (r = strcmp(a->f->message, b->f->message)) != 0)
		return r;
	return a->finding < b->finding ? -1 : a->finding > b->finding;
}

static int same_problem(const struct cand *a, const struct cand *b)
{
	return a->f->item == b->f->item && strcmp(a->f->rule, b->f->rule) == 0 &&
	       strcmp(a->f->message, b->f->message) == 0;
}

/* ---- where an anchored mapping is written ---- */

struct anchor_key {
	const struct ydoc_node *map, *key;
};

/* A key node written in an anchored mapping (its own entry, not merged): whoever merges it gets it from there. */
struct key_owner {
	const struct ydoc_node *key, *map;
};

struct anchor_keys {
	struct anchor_key *v;
	size_t n, cap;
	struct key_owner *own;          /* the own keys of every anchored mapping, sorted by key node */
	size_t nown, capown;
};

/* Every pair whose value is an anchored mapping written there (not an alias, not merged), and its own keys. */
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
			for (size_t j = 0; j < p->value->npairs; j++)
				if (!p->value->pairs[j].merged) {
					struct key_owner o = { p->value->pairs[j].key, p->value };
					PUSH(out->own, out->nown, out->capown, o);
				}
		}
		collect_keys(out, p->value);
	}
}

static int key_owner_cmp(const void *pa, const void *pb)
{
	const struct key_owner *a = pa, *b = pb;
	return a->key == b->key ? 0 : (uintptr_t)a->key < (uintptr_t)b->key ? -1 : 1;
}

/* The anchored mapping that writes key node `key` itself, or NULL. */
static const struct ydoc_node *owner_of(const struct anchor_keys *ks, const struct ydoc_node *key)
{
	struct key_owner probe = { key, NULL };
	const struct key_owner *o = ks->nown ? bsearch(&probe, ks->own, ks->nown, sizeof(*ks->own), key_owner_cmp) : NULL;
	return o ? o->map : NULL;
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

/* A service and one mapping it shares; sorted by (anchor, service) to find an anchor's services. */
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
	struct member *v;               /* (anchor, service) for every anchored mapping a service shares */
	size_t n, cap;
	unsigned char *failing;         /* per service: has the problem being folded (not suppressed) */
	unsigned char *lacking;         /* per service: lacks the key too, judged otherwise (a one-shot job's info) */
	unsigned char *placed;          /* per service: its finding of that problem has moved already */
	struct anchor_keys keys;
};

/*
 * The anchored mappings a service shares: its own mapping when anchored
 * (`netbox: &netbox`, or `web2: *web`), and every mapping that says what a
 * container runs and gives it an entry through `<<` (directly or through
 * another merged mapping: frappe's `&customizable_image` under
 * `&backend_defaults`). A mapping whose every own key the service overrides
 * gives it nothing and is not seen: a key added there would still reach it,
 * which only matters for a service that passes without writing the key (it
 * would be changed); berth accepts that blind spot of a rare layout.
 */
static void add_members(struct groups *gs, const struct compose_service *s, size_t svc)
{
	const struct ydoc_node *v = s->value;
	size_t from = gs->n;
	if (!v || v->type != YDOC_MAPPING)
		return;
	if (v->anchor) {
		struct member m = { v, svc };
		PUSH(gs->v, gs->n, gs->cap, m);
	}
	for (size_t i = 0; i < v->npairs; i++) {
		const struct ydoc_node *o;
		int seen = 0;
		if (!v->pairs[i].merged || !(o = owner_of(&gs->keys, v->pairs[i].key)) || o == v || !container_mapping(o))
			continue;
		for (size_t k = from; k < gs->n && !seen; k++)
			seen = gs->v[k].anchor == o;
		if (!seen) {
			struct member m = { o, svc };
			PUSH(gs->v, gs->n, gs->cap, m);
		}
	}
}

/* [*lo, *hi): the members of `anchor` in the sorted list. */
static void members_of(const struct groups *gs, const struct ydoc_node *anchor, size_t *lo, size_t *hi)
{
	size_t a = 0, b = gs->n;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if ((uintptr_t)gs->v[mid].anchor < (uintptr_t)anchor)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	while (a < gs->n && gs->v[a].anchor == anchor)
		a++;
	*hi = a;
}

/*
 * For the problem being folded (failing[] set): the findings it still has
 * at service keys that `anchor` would settle (0 when a key written there
 * would change a service that does not have the problem and does not write
 * the key itself), and how many services share the anchor. A service that
 * lacks the key too, judged with another severity or message (a one-shot
 * job's missing read_only is an info), gains from the key as much as the
 * others: it does not stop the move, keeps its own finding and is counted
 * in *lacking.
 */
static size_t anchor_gain(const struct ccx *c, const struct groups *gs, const struct ydoc_node *anchor,
			  const struct anchored_item *it, size_t *shared, size_t *lacking)
{
	size_t lo, hi, gain = 0;
	members_of(gs, anchor, &lo, &hi);
	*shared = hi - lo;
	*lacking = 0;
	for (size_t i = lo; i < hi; i++) {
		size_t svc = gs->v[i].svc;
		if (gs->failing[svc])
			gain += !gs->placed[svc];
		else if (gs->lacking[svc])
			(*lacking)++;
		else if (!writes_own(&c->d->services[svc], anchor, it))
			return 0;
	}
	return gain;
}

/*
 * One problem, g[0..n) (n >= 2, none suppressed): the widest shared mapping
 * first — the one that settles the most of its findings, then the one
 * fewer services share, then the first written — takes the findings of its
 * services; again with the findings left, while a mapping takes two or more.
 */
static void fold_problem(struct ccx *c, const struct cand *g, size_t n, struct groups *gs)
{
	const struct anchored_item *it = anchored_item(g[0].f->item);
	for (size_t i = 0; i < n; i++)
		gs->failing[g[i].svc] = 1;
	for (;;) {
		const struct ydoc_node *best = NULL;
		size_t best_gain = 1, best_shared = 0, best_lacking = 0, start, end;
		struct buf msg = BUF_INIT;
		for (size_t i = 0; i < n; i++) {
			if (gs->placed[g[i].svc])
				continue;
			for (size_t k = 0; k < gs->n; k++) {
				const struct ydoc_node *a = gs->v[k].anchor;
				size_t gain, shared, lacking;
				if (gs->v[k].svc != g[i].svc)
					continue;
				gain = anchor_gain(c, gs, a, it, &shared, &lacking);
				if (gain > best_gain || (gain == best_gain && best &&
				    (shared < best_shared || (shared == best_shared && a->start.offset < best->start.offset)))) {
					best = a;
					best_gain = gain;
					best_shared = shared;
					best_lacking = lacking;
				}
			}
		}
		if (!best)
			break;
		if (best_gain + best_lacking == best_shared)
			buf_printf(&msg, "%s; the %zu services sharing `&%.100s` all lack it: set it once in that mapping",
				   g[0].f->message, best_shared, best->anchor);
		else
			buf_printf(&msg, "%s; %zu of the %zu services sharing `&%.100s` lack it (the others write their own %s): "
				   "it can go into that shared mapping", g[0].f->message, best_gain, best_shared, best->anchor,
				   it->shown);
		anchor_span(&gs->keys, best, &start, &end);
		{
			size_t lo, hi;
			members_of(gs, best, &lo, &hi);
			for (size_t i = 0; i < n; i++) {
				int in = 0;
				if (gs->placed[g[i].svc])
					continue;
				for (size_t k = lo; k < hi && !in; k++)
					in = gs->v[k].svc == g[i].svc;
				if (!in)
					continue;
				move_finding(c, &c->a->res->findings[g[i].finding], start, end, buf_str(&msg));
				gs->placed[g[i].svc] = 1;
			}
		}
		buf_free(&msg);
	}
	for (size_t i = 0; i < n; i++)
		gs->failing[g[i].svc] = gs->placed[g[i].svc] = 0;
}

void ccx_fold_anchors(struct ccx *c)
{
	const struct compose_doc *d = c->d;
	struct file_result *r = c->a->res;
	struct cand *cands = NULL;
	size_t ncands = 0, capcands = 0;
	struct groups gs;
	memset(&gs, 0, sizeof(gs));
	for (size_t i = 0; i < r->nfindings; i++) {
		const struct finding *f = &r->findings[i];
		const struct compose_service *s;
		struct cand k;
		if (f->nservices != 1 || !anchored_item(f->item) || !(s = compose_find_service(d, f->service)) ||
		    !s->key || f->start != s->key->start.offset || f->end != s->key->end.offset ||
		    writes_own(s, NULL, anchored_item(f->item)))
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
		size_t w = i;
		for (j = i + 1; j < ncands && same_problem(&cands[i], &cands[j]); j++)
			;
		if (j - i < 2)
			continue;
		if (!gs.failing) {
			/* a service exempted by a pragma above its own key must not be changed through the mapping */
			pragma_apply(r, c->a->text);
			collect_keys(&gs.keys, d->root);
			if (gs.keys.n)
				qsort(gs.keys.v, gs.keys.n, sizeof(*gs.keys.v), anchor_key_cmp);
			if (gs.keys.nown)
				qsort(gs.keys.own, gs.keys.nown, sizeof(*gs.keys.own), key_owner_cmp);
			for (size_t k = 0; k < d->nservices; k++)
				add_members(&gs, &d->services[k], k);
			if (gs.n)
				qsort(gs.v, gs.n, sizeof(*gs.v), member_cmp);
			gs.failing = xcalloc(d->nservices, 1);
			gs.placed = xcalloc(d->nservices, 1);
			gs.lacking = xcalloc(d->nservices, 1);
		}
		/* the services lacking the key whose finding says another thing (same item and rule) */
		for (size_t k = 0; k < ncands; k++)
			if ((k < i || k >= j) && cands[k].f->item == cands[i].f->item &&
			    !strcmp(cands[k].f->rule, cands[i].f->rule) && !r->findings[cands[k].finding].suppressed)
				gs.lacking[cands[k].svc] = 1;
		/* a suppressed finding's service counts as one that does not have the problem */
		for (size_t k = i; k < j; k++)
			if (!r->findings[cands[k].finding].suppressed)
				cands[w++] = cands[k];
		if (w - i >= 2)
			fold_problem(c, cands + i, w - i, &gs);
		memset(gs.lacking, 0, d->nservices);
	}
	free(gs.failing);
	free(gs.placed);
	free(gs.lacking);
	free(gs.v);
	free(gs.keys.v);
	free(gs.keys.own);
	free(cands);
}
