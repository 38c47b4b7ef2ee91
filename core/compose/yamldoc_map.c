/*
 * yamldoc_map - mappings: duplicate keys, merge keys, anchors table and the
 * lookup helpers. Hash tables keep a mapping with many keys linear in cost.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "yamldoc_priv.h"

#define YDOC_MERGE_TAG "tag:yaml.org,2002:merge"

static size_t hash_bytes(const char *s, size_t len)
{
	size_t h = 1469598103934665603ull & (size_t)-1;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * (size_t)1099511628211ull;
	return h;
}

/* ---- anchors ---- */

static void anchors_grow(struct ydoc_anchors *a)
{
	struct ydoc_anchors old = *a;
	a->cap = old.cap ? old.cap * 2 : 64;
	a->names = xcalloc(a->cap, sizeof(*a->names));
	a->nodes = xcalloc(a->cap, sizeof(*a->nodes));
	a->n = 0;
	for (size_t i = 0; i < old.cap; i++)
		if (old.names[i])
			ydoc_anchors_set(a, old.names[i], old.nodes[i]);
	free(old.names);
	free(old.nodes);
}

void ydoc_anchors_set(struct ydoc_anchors *a, const char *name, struct ydoc_node *node)
{
	size_t i;
	if ((a->n + 1) * 2 > a->cap)
		anchors_grow(a);
	i = hash_bytes(name, strlen(name)) & (a->cap - 1);
	while (a->names[i] && strcmp(a->names[i], name) != 0)
		i = (i + 1) & (a->cap - 1);
	if (!a->names[i])
		a->n++;
	a->names[i] = name;     /* owned by a node, which outlives the table */
	a->nodes[i] = node;
}

struct ydoc_node *ydoc_anchors_get(const struct ydoc_anchors *a, const char *name)
{
	size_t i;
	if (!a->cap || !name)
		return NULL;
	i = hash_bytes(name, strlen(name)) & (a->cap - 1);
	while (a->names[i]) {
		if (strcmp(a->names[i], name) == 0)
			return a->nodes[i];
		i = (i + 1) & (a->cap - 1);
	}
	return NULL;
}

void ydoc_anchors_clear(struct ydoc_anchors *a)
{
	if (a->cap) {
		memset(a->names, 0, a->cap * sizeof(*a->names));
		memset(a->nodes, 0, a->cap * sizeof(*a->nodes));
	}
	a->n = 0;
}

void ydoc_anchors_free(struct ydoc_anchors *a)
{
	free(a->names);
	free(a->nodes);
	memset(a, 0, sizeof(*a));
}

/* ---- a set of scalar keys, to find duplicates and settle merges ---- */

struct keyset {
	const struct ydoc_node **keys;
	size_t cap, n;
};

static const struct ydoc_node *keyset_find(const struct keyset *s, const struct ydoc_node *k, size_t *slot)
{
	size_t i = hash_bytes(k->value, k->len) & (s->cap - 1);
	while (s->keys[i]) {
		const struct ydoc_node *o = s->keys[i];
		if (o->len == k->len && memcmp(o->value, k->value, k->len) == 0)
			return o;
		i = (i + 1) & (s->cap - 1);
	}
	*slot = i;
	return NULL;
}

/* Insert scalar key `k`; returns the earlier equal key instead when there is one. */
static const struct ydoc_node *keyset_add(struct keyset *s, const struct ydoc_node *k)
{
	const struct ydoc_node *found;
	size_t slot;
	if ((s->n + 1) * 2 > s->cap) {
		struct keyset old = *s;
		s->cap = old.cap ? old.cap * 2 : 16;
		s->keys = xcalloc(s->cap, sizeof(*s->keys));
		s->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.keys[i])
				keyset_add(s, old.keys[i]);
		free(old.keys);
	}
	found = keyset_find(s, k, &slot);
	if (found)
		return found;
	s->keys[slot] = k;
	s->n++;
	return NULL;
}

/* ---- mappings ---- */

static int is_merge_key(const struct ydoc_node *k)
{
	if (k->type != YDOC_SCALAR)
		return 0;
	if (k->tag)
		return strcmp(k->tag, YDOC_MERGE_TAG) == 0;
	return k->style == YDOC_PLAIN && k->len == 2 && memcmp(k->value, "<<", 2) == 0;
}

static void report_duplicate(struct ydoc *y, const struct ydoc_node *k, const struct ydoc_node *first)
{
	size_t before = y->nerrors;
	ydoc_add_error(y, YDOC_ERR_DUPLICATE, k->start, k->end.offset,
		       "duplicate key \"%.200s\" (first at line %d, column %d)",
		       k->value, first->start.line, first->start.col);
	if (y->nerrors > before)
		y->errors[y->nerrors - 1].other = first->start;
}

/* Pass 1: every local key goes into the set; duplicates (the `<<` key too) are reported. */
static void collect_local(struct ydoc *y, struct keyset *seen, const struct ydoc_pair *raw,
			  size_t nraw, size_t *nmerge)
{
	const struct ydoc_node *first_merge = NULL;
	*nmerge = 0;
	for (size_t i = 0; i < nraw; i++) {
		const struct ydoc_node *k = raw[i].key, *dup;
		if (is_merge_key(k)) {
			if (first_merge)
				report_duplicate(y, k, first_merge);
			else
				first_merge = k;
			(*nmerge)++;
			continue;
		}
		if (k->type != YDOC_SCALAR)
			continue;
		dup = keyset_add(seen, k);
		if (dup)
			report_duplicate(y, k, dup);
	}
}

static int push_pair(struct ydoc *y, struct ydoc_node *map, size_t *cap, struct ydoc_pair p)
{
	PUSH(map->pairs, map->npairs, *cap, p);
	if (ydoc_account(y, map, p.key) < 0)
		return -1;
	return ydoc_account(y, map, p.value);
}

/* Entries of one merge source that no local key or earlier source already gave. */
static int merge_source(struct ydoc *y, struct ydoc_node *map, size_t *cap, struct keyset *seen,
			const struct ydoc_node *src)
{
	for (size_t j = 0; j < src->npairs; j++) {
		struct ydoc_pair p = src->pairs[j];
		if (p.key->type == YDOC_SCALAR && keyset_add(seen, p.key))
			continue;
		p.merged = 1;
		if (push_pair(y, map, cap, p) < 0)
			return -1;
	}
	return 0;
}

/* Remember the source: the one source of a mapping that merges exactly one. */
static void note_source(struct ydoc_node *map, const struct ydoc_node *src)
{
	map->merge_from = map->nmerges++ ? NULL : src;
}

static int merge_value(struct ydoc *y, struct ydoc_node *map, size_t *cap, struct keyset *seen,
		       const struct ydoc_node *v)
{
	if (v->type == YDOC_MAPPING) {
		note_source(map, v);
		return merge_source(y, map, cap, seen, v);
	}
	if (v->type == YDOC_SEQUENCE) {
		size_t i;
		for (i = 0; i < v->nitems && v->items[i]->type == YDOC_MAPPING; i++)
			;
		if (i == v->nitems) {
			for (i = 0; i < v->nitems; i++) {
				note_source(map, v->items[i]);
				if (merge_source(y, map, cap, seen, v->items[i]) < 0)
					return -1;
			}
			return 0;
		}
		v = v->items[i];
	}
	ydoc_add_error(y, YDOC_ERR_MERGE, v->start, v->end.offset,
		       "a merge key (<<) needs a mapping or a list of mappings, not this %s",
		       ydoc_type_name(v->type));
	return -1;
}

int ydoc_map_finish(struct ydoc *y, struct ydoc_node *map, const struct ydoc_pair *raw, size_t nraw)
{
	struct keyset seen = { 0 };
	size_t nmerge, cap = 0;
	int rc = 0;
	collect_local(y, &seen, raw, nraw, &nmerge);
	for (size_t i = 0; i < nraw && rc == 0; i++) {
		if (nmerge && is_merge_key(raw[i].key))
			rc = merge_value(y, map, &cap, &seen, raw[i].value);
		else
			rc = push_pair(y, map, &cap, raw[i]);
	}
	free(seen.keys);
	return rc;
}

/* ---- lookups ---- */

const struct ydoc_pair *ydoc_entry(const struct ydoc_node *map, const char *key)
{
	size_t len;
	if (!map || map->type != YDOC_MAPPING || !key)
		return NULL;
	len = strlen(key);
	for (size_t i = 0; i < map->npairs; i++) {
		const struct ydoc_node *k = map->pairs[i].key;
		if (k->type == YDOC_SCALAR && k->len == len && memcmp(k->value, key, len) == 0)
			return &map->pairs[i];
	}
	return NULL;
}

const struct ydoc_node *ydoc_get(const struct ydoc_node *map, const char *key)
{
	const struct ydoc_pair *p = ydoc_entry(map, key);
	return p ? p->value : NULL;
}

const char *ydoc_str(const struct ydoc_node *n)
{
	return n && n->type == YDOC_SCALAR ? n->value : NULL;
}

int ydoc_is_null(const struct ydoc_node *n)
{
	if (!n || n->type != YDOC_SCALAR)
		return 0;
	if (n->tag)
		return strcmp(n->tag, "tag:yaml.org,2002:null") == 0;
	if (n->style != YDOC_PLAIN)
		return 0;
	return n->len == 0 || strcmp(n->value, "~") == 0 || strcmp(n->value, "null") == 0 ||
	       strcmp(n->value, "Null") == 0 || strcmp(n->value, "NULL") == 0;
}

int ydoc_bool(const struct ydoc_node *n)
{
	if (!n || n->type != YDOC_SCALAR || n->style != YDOC_PLAIN)
		return -1;
	if (strcmp(n->value, "true") == 0 || strcmp(n->value, "True") == 0 || strcmp(n->value, "TRUE") == 0)
		return 1;
	if (strcmp(n->value, "false") == 0 || strcmp(n->value, "False") == 0 || strcmp(n->value, "FALSE") == 0)
		return 0;
	return -1;
}

const char *ydoc_type_name(enum ydoc_type t)
{
	return t == YDOC_MAPPING ? "mapping" : t == YDOC_SEQUENCE ? "sequence" : "scalar";
}

char *ydoc_error_text(const struct ydoc_error *e)
{
	return xasprintf("%d:%d: %s", e->mark.line, e->mark.col, e->message);
}
