/*
 * compose_merge - a service merged over the service its `extends:` names, as
 * Compose merges them (compose-spec 05-services.md "Merging service
 * definitions" and 13-merge.md; compose-go override/merge.go, uncity.go):
 *
 * - mappings key by key, recursively, the extending service winning
 *   (healthcheck, deploy.resources.limits, build, logging, ...);
 *   environment, build.args, labels, annotations and sysctls by name, in
 *   mapping or list form (NAME=VALUE): the result is a mapping;
 * - sequences appended, the base's items first. Unique ones keep one entry
 *   per key, the later entry taking the earlier one's place: volumes and
 *   devices by container path, secrets and configs by target, ports by
 *   their text (or {host_ip, published, target, protocol}), cap_add,
 *   cap_drop, security_opt, expose, ... by their text. env_file, tmpfs, dns
 *   and dns_search are lists (a single string is a list of one) and keep
 *   repeats;
 * - scalars, command, entrypoint and healthcheck.test: the extending value;
 * - `!reset` drops the inherited value, `!override` replaces it whole.
 *
 * Every original node is borrowed; only the collections a merge builds (and
 * the NAME / VALUE scalars cut out of list-form entries) are new, owned by
 * the eff, which also learns where each of their entries is written.
 * Costs O(n log n) in the entries merged: a hostile list stays cheap.
 */
#include <stdlib.h>
#include <string.h>

#include "compose_priv.h"
#include "util.h"

/* Key paths below the service longer than this are merged by the generic rules. */
#define MERGE_PATH_MAX 96

enum mkind { MK_GENERIC, MK_REPLACE, MK_NAMED, MK_VOLUME, MK_SECRET, MK_CONFIG, MK_PORT, MK_UNIQUE, MK_LIST };

static const struct {
	const char *path;
	enum mkind kind;
} rules[] = {
	{ "command", MK_REPLACE }, { "entrypoint", MK_REPLACE }, { "healthcheck.test", MK_REPLACE },
	{ "environment", MK_NAMED }, { "build.args", MK_NAMED }, { "labels", MK_NAMED },
	{ "annotations", MK_NAMED }, { "build.labels", MK_NAMED }, { "deploy.labels", MK_NAMED },
	{ "sysctls", MK_NAMED },
	{ "volumes", MK_VOLUME }, { "devices", MK_VOLUME },
	{ "secrets", MK_SECRET }, { "configs", MK_CONFIG }, { "ports", MK_PORT },
	{ "cap_add", MK_UNIQUE }, { "cap_drop", MK_UNIQUE }, { "security_opt", MK_UNIQUE },
	{ "expose", MK_UNIQUE }, { "external_links", MK_UNIQUE }, { "device_cgroup_rules", MK_UNIQUE },
	{ "deploy.placement.constraints", MK_UNIQUE }, { "deploy.placement.preferences", MK_UNIQUE },
	{ "env_file", MK_LIST }, { "tmpfs", MK_LIST }, { "dns", MK_LIST }, { "dns_search", MK_LIST },
};

static enum mkind kind_of(const char *path)
{
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
		if (strcmp(rules[i].path, path) == 0)
			return rules[i].kind;
	return MK_GENERIC;
}

static int has_tag(const struct ydoc_node *n, const char *tag)
{
	return n && n->tag && strcmp(n->tag, tag) == 0;
}

/* A node built by the merge, with the marks of `like`, written at origin o. */
static struct ydoc_node *make(struct compose_eff *e, enum ydoc_type type, const struct ydoc_node *like, size_t o)
{
	struct ydoc_node *n = xcalloc(1, sizeof(*n));
	n->type = type;
	if (like) {
		n->start = like->start;
		n->end = like->end;
	}
	n->weight = 1;
	n->height = 1;
	PUSH(e->made, e->nmade, e->capmade, n);
	compose_eff_tag(e, n, o, 1);
	return n;
}

static struct ydoc_node *make_scalar(struct compose_eff *e, const struct ydoc_node *like, const char *s,
				     size_t len, size_t o, int null)
{
	struct ydoc_node *n = make(e, YDOC_SCALAR, like, o);
	n->value = xstrndup(s, len);
	n->len = len;
	n->style = null ? YDOC_PLAIN : YDOC_DOUBLE_QUOTED;
	return n;
}

/* Where child `n` of `parent` (written at `po`) is written: a built parent knows each child's. */
static size_t child_origin(const struct compose_eff *e, const struct ydoc_node *parent, size_t po,
			   const struct ydoc_node *n)
{
	const struct compose_tag *t = compose_eff_tag_of(e, parent);
	if (t && t->made && (t = compose_eff_tag_of(e, n)) != NULL)
		return t->origin;
	return po;
}

/* ---- entries of both sides, grouped by key ---- */

struct ent {
	char *key;                              /* NULL: equal to no other entry */
	const struct ydoc_node *k, *v;          /* mapping key (NULL in sequences) and value */
	size_t origin;
	int own;
};

struct ents {
	struct ent *v;
	size_t n, cap;
};

static void ent_add(struct ents *es, char *key, const struct ydoc_node *k, const struct ydoc_node *v,
		    size_t origin, int own)
{
	struct ent x = { key, k, v, origin, own };
	PUSH(es->v, es->n, es->cap, x);
}

static void ents_free(struct ents *es)
{
	for (size_t i = 0; i < es->n; i++)
		free(es->v[i].key);
	free(es->v);
}

struct keyed {
	const char *key;
	size_t i;                               /* the entry's position */
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = !x->key ? (y->key ? 1 : 0) : !y->key ? -1 : strcmp(x->key, y->key);
	return c ? c : x->i < y->i ? -1 : 1;
}

static int same_key(const struct ent *a, const struct ent *b)
{
	return a->key && b->key && strcmp(a->key, b->key) == 0;
}

/* Entry indices sorted by key (NULL keys last, each alone), then by position. */
static size_t *group(const struct ents *es)
{
	struct keyed *k = xcalloc(es->n ? es->n : 1, sizeof(*k));
	size_t *ix = xcalloc(es->n ? es->n : 1, sizeof(*ix));
	for (size_t i = 0; i < es->n; i++) {
		k[i].key = es->v[i].key;
		k[i].i = i;
	}
	qsort(k, es->n, sizeof(*k), cmp_keyed);
	for (size_t i = 0; i < es->n; i++)
		ix[i] = k[i].i;
	free(k);
	return ix;
}

/* ---- keys of sequence items ---- */

static char *trimmed(const char *s)
{
	const char *e;
	while (*s == ' ' || *s == '\t')
		s++;
	for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t'); e--)
		;
	return xstrndup(s, (size_t)(e - s));
}

/* The container path of "src:target[:mode]", "target", or a mapping's `target`. */
static char *volume_target(const struct ydoc_node *n)
{
	const char *s = ydoc_str(n), *c1, *c2;
	if (n->type == YDOC_MAPPING)
		s = ydoc_str(ydoc_get(n, "target"));
	if (!s)
		return NULL;
	if (n->type == YDOC_MAPPING || !(c1 = strchr(s, ':')))
		return trimmed(s);
	c2 = strchr(c1 + 1, ':');
	return c2 ? xstrndup(c1 + 1, (size_t)(c2 - c1 - 1)) : trimmed(c1 + 1);
}

/* Secrets and configs: the target, by default under `dflt` with the name of the source. */
static char *mount_target(const struct ydoc_node *n, const char *dflt)
{
	const char *t = ydoc_str(n);
	if (n->type == YDOC_MAPPING) {
		t = ydoc_str(ydoc_get(n, "target"));
		if (t)
			return xstrdup(t);
		t = ydoc_str(ydoc_get(n, "source"));
	}
	return t ? xasprintf("%s%s", dflt, t) : NULL;
}

static char *port_key(const struct ydoc_node *n)
{
	const char *f[4] = { "host_ip", "published", "target", "protocol" };
	struct buf b = BUF_INIT;
	if (n->type != YDOC_MAPPING)
		return ydoc_str(n) ? trimmed(n->value) : NULL;
	for (size_t i = 0; i < 4; i++) {
		const char *v = ydoc_str(ydoc_get(n, f[i]));
		buf_printf(&b, "%s%s", i ? "|" : "", v ? v : i == 3 ? "tcp" : "");
	}
	return buf_detach(&b);
}

static char *item_key(const struct ydoc_node *n, enum mkind k)
{
	switch (k) {
	case MK_VOLUME: return volume_target(n);
	case MK_SECRET: return mount_target(n, "/run/secrets/");
	case MK_CONFIG: return mount_target(n, "/");
	case MK_PORT: return port_key(n);
	case MK_UNIQUE: return ydoc_str(n) ? trimmed(n->value) : NULL;
	default: return NULL;
	}
}

/* ---- sequences ---- */

/* The items of one side (a single scalar is a list of one). */
static void seq_side(const struct compose_eff *e, struct ents *es, const struct ydoc_node *n, size_t o,
		     int own, enum mkind k)
{
	if (n->type != YDOC_SEQUENCE) {
		ent_add(es, item_key(n, k), NULL, n, o, own);
		return;
	}
	for (size_t i = 0; i < n->nitems; i++)
		ent_add(es, item_key(n->items[i], k), NULL, n->items[i],
			child_origin(e, n, o, n->items[i]), own);
}

static const struct ydoc_node *merge_seq(struct compose_eff *e, enum mkind k, const struct ydoc_node *b,
					 size_t ob, const struct ydoc_node *w, size_t o)
{
	struct ents es = { NULL, 0, 0 };
	struct ydoc_node *s = make(e, YDOC_SEQUENCE, w, o);
	const struct ent **at;
	size_t *ix, cap = 0;
	seq_side(e, &es, b, ob, 0, k);
	seq_side(e, &es, w, o, 1, k);
	ix = group(&es);
	at = xcalloc(es.n ? es.n : 1, sizeof(*at));
	/* the last entry of a key takes the place of the first */
	for (size_t i = 0, j; i < es.n; i = j) {
		for (j = i + 1; j < es.n && same_key(&es.v[ix[i]], &es.v[ix[j]]); j++)
			;
		at[ix[i]] = &es.v[ix[j - 1]];
	}
	for (size_t i = 0; i < es.n; i++)
		if (at[i]) {
			PUSH(s->items, s->nitems, cap, (struct ydoc_node *)at[i]->v);
			compose_eff_tag(e, at[i]->v, at[i]->origin, 0);
		}
	free(at);
	free(ix);
	ents_free(&es);
	return s;
}

/* ---- mappings ---- */

static const struct ydoc_node *merge_value(struct compose_eff *e, const char *path, const struct ydoc_node *b,
					   size_t ob, const struct ydoc_node *w, size_t o);

/* NAME=VALUE (or NAME) list entries become a pair of new scalars. */
static void named_side(struct compose_eff *e, struct ents *es, const struct ydoc_node *n, size_t o, int own)
{
	if (n->type == YDOC_MAPPING) {
		for (size_t i = 0; i < n->npairs; i++) {
			const struct ydoc_pair *p = &n->pairs[i];
			ent_add(es, ydoc_str(p->key) ? xstrdup(p->key->value) : NULL, p->key, p->value,
				child_origin(e, n, o, p->value), own);
		}
		return;
	}
	for (size_t i = 0; i < n->nitems; i++) {
		const struct ydoc_node *it = n->items[i];
		const char *s = ydoc_str(it), *eq;
		size_t io = child_origin(e, n, o, it);
		struct ydoc_node *k, *v;
		if (!s)
			continue;       /* not a NAME=VALUE string: Compose refuses it */
		eq = strchr(s, '=');
		k = make_scalar(e, it, s, eq ? (size_t)(eq - s) : strlen(s), io, 0);
		v = eq ? make_scalar(e, it, eq + 1, strlen(eq + 1), io, 0) : make_scalar(e, it, "", 0, io, 1);
		ent_add(es, xstrdup(k->value), k, v, io, own);
	}
}

static void map_side(const struct compose_eff *e, struct ents *es, const struct ydoc_node *n, size_t o,
		     int own, int top)
{
	for (size_t i = 0; i < n->npairs; i++) {
		const struct ydoc_pair *p = &n->pairs[i];
		const char *key = ydoc_str(p->key);
		if (top && key && strcmp(key, "extends") == 0)
			continue;       /* consumed: the result extends nothing */
		ent_add(es, key ? xstrdup(key) : NULL, p->key, p->value,
			child_origin(e, n, o, p->value), own);
	}
}

static void push_pair(struct compose_eff *e, struct ydoc_node *m, size_t *cap, const struct ydoc_node *k,
		      const struct ydoc_node *v, size_t o)
{
	struct ydoc_pair p;
	p.key = (struct ydoc_node *)k;  /* borrowed, never written through */
	p.value = (struct ydoc_node *)v;
	p.merged = 0;
	PUSH(m->pairs, m->npairs, *cap, p);
	compose_eff_tag(e, v, o, 0);
}

/*
 * Both sides' entries by key: `named` takes the last entry of a name
 * (environment and the like); otherwise a key on both sides is merged
 * (the first entry of each side, as lookups see duplicate keys).
 */
static const struct ydoc_node *merge_entries(struct compose_eff *e, const char *path, struct ents *es,
					     const struct ydoc_node *w, size_t o, int named)
{
	struct ydoc_node *m = make(e, YDOC_MAPPING, w, o);
	size_t *ix = group(es), cap = 0;
	struct pick { const struct ydoc_node *k, *v; size_t origin; } *at = xcalloc(es->n ? es->n : 1, sizeof(*at));
	for (size_t i = 0, j; i < es->n; i = j) {
		const struct ent *bo = NULL, *ow = NULL, *last = &es->v[ix[i]];
		for (j = i; j < es->n && (j == i || same_key(&es->v[ix[i]], &es->v[ix[j]])); j++) {
			const struct ent *x = &es->v[ix[j]];
			if (x->own && !ow)
				ow = x;
			else if (!x->own && !bo)
				bo = x;
			last = x;
		}
		if (named)
			ow = last->own ? last : NULL, bo = last->own ? NULL : last;
		if (ow && has_tag(ow->v, "!reset"))
			continue;
		if (ow && bo) {
			char *sub = xasprintf("%s%s%s", path, *path ? "." : "", ow->key ? ow->key : "");
			at[ix[i]].v = named ? ow->v : merge_value(e, strlen(sub) < MERGE_PATH_MAX ? sub : "~",
								  bo->v, bo->origin, ow->v, o);
			free(sub);
		} else {
			at[ix[i]].v = (ow ? ow : bo)->v;
		}
		at[ix[i]].k = (ow ? ow : bo)->k;
		at[ix[i]].origin = (ow ? ow : bo)->origin;
	}
	for (size_t i = 0; i < es->n; i++)
		if (at[i].v)
			push_pair(e, m, &cap, at[i].k, at[i].v, at[i].origin);
	free(at);
	free(ix);
	return m;
}

static const struct ydoc_node *merge_named(struct compose_eff *e, const struct ydoc_node *b, size_t ob,
					   const struct ydoc_node *w, size_t o)
{
	struct ents es = { NULL, 0, 0 };
	const struct ydoc_node *m;
	named_side(e, &es, b, ob, 0);
	named_side(e, &es, w, o, 1);
	m = merge_entries(e, "", &es, w, o, 1);
	ents_free(&es);
	return m;
}

static const struct ydoc_node *merge_map(struct compose_eff *e, const char *path, const struct ydoc_node *b,
					 size_t ob, const struct ydoc_node *w, size_t o, int top)
{
	struct ents es = { NULL, 0, 0 };
	const struct ydoc_node *m;
	map_side(e, &es, b, ob, 0, top);
	map_side(e, &es, w, o, 1, top);
	m = merge_entries(e, path, &es, w, o, 0);
	ents_free(&es);
	return m;
}

static const struct ydoc_node *merge_value(struct compose_eff *e, const char *path, const struct ydoc_node *b,
					   size_t ob, const struct ydoc_node *w, size_t o)
{
	enum mkind k;
	if (ydoc_is_null(b) || ydoc_is_null(w) || has_tag(w, "!override"))
		return w;
	k = kind_of(path);
	switch (k) {
	case MK_REPLACE:
		return w;
	case MK_NAMED:
		return b->type == YDOC_SCALAR || w->type == YDOC_SCALAR ? w : merge_named(e, b, ob, w, o);
	case MK_GENERIC:
		if (b->type == YDOC_MAPPING && w->type == YDOC_MAPPING)
			return merge_map(e, path, b, ob, w, o, 0);
		if (b->type == YDOC_SEQUENCE && w->type == YDOC_SEQUENCE)
			return merge_seq(e, MK_LIST, b, ob, w, o);
		return w;
	default:
		if (b->type == YDOC_MAPPING || w->type == YDOC_MAPPING)
			return w;
		if ((b->type == YDOC_SCALAR || w->type == YDOC_SCALAR) && k != MK_LIST && k != MK_UNIQUE)
			return w;
		return merge_seq(e, k, b, ob, w, o);
	}
}

const struct ydoc_node *compose_merge(struct compose_eff *e, const struct ydoc_node *base,
				      const struct ydoc_node *own, size_t o)
{
	const struct compose_tag *t = compose_eff_tag_of(e, base);
	return merge_map(e, "", base, t ? t->origin : o, own, o, 1);
}
