/*
 * yamldoc_priv - what yamldoc.c (event loop) and yamldoc_map.c (mappings,
 * merge keys, duplicate keys, lookups) share. Not a public API.
 */
#ifndef BERTH_YAMLDOC_PRIV_H
#define BERTH_YAMLDOC_PRIV_H

#include "yamldoc.h"

/* Anchor name -> node, open addressing; later definitions replace earlier ones. */
struct ydoc_anchors {
	const char **names;
	struct ydoc_node **nodes;
	size_t cap, n;
};

void ydoc_anchors_set(struct ydoc_anchors *a, const char *name, struct ydoc_node *node);
struct ydoc_node *ydoc_anchors_get(const struct ydoc_anchors *a, const char *name);
void ydoc_anchors_clear(struct ydoc_anchors *a);
void ydoc_anchors_free(struct ydoc_anchors *a);

void ydoc_add_error(struct ydoc *y, enum ydoc_err_kind kind, struct ydoc_mark mark,
		    size_t end, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
struct ydoc_node *ydoc_new_node(struct ydoc *y, enum ydoc_type type);
int ydoc_account(struct ydoc *y, struct ydoc_node *parent, const struct ydoc_node *child);

/*
 * A mapping ended: `raw` are its entries as written. Report duplicate keys,
 * resolve `<<` merges and set map->pairs. -1 on a fatal error.
 */
int ydoc_map_finish(struct ydoc *y, struct ydoc_node *map, const struct ydoc_pair *raw, size_t nraw);

#endif
