/*
 * strmap - a string -> index hash map (open addressing, FNV-1a), for the
 * places that look paths up among thousands: the fix overlay and the fix
 * command's pending outputs. The map borrows the keys: they must outlive it
 * (they usually live in the array the indexes point into).
 */
#ifndef BERTH_STRMAP_H
#define BERTH_STRMAP_H

#include <stddef.h>

struct strmap {
	const char **keys;      /* per slot: the key, NULL when empty */
	size_t *vals;
	size_t nslots;          /* a power of two, at least twice n */
	size_t n;
};

#define STRMAP_INIT { NULL, NULL, 0, 0 }

/* The index stored for `key`, or (size_t)-1. */
size_t strmap_get(const struct strmap *m, const char *key);
/* Store key -> val (replacing an earlier value). */
void strmap_put(struct strmap *m, const char *key, size_t val);
void strmap_free(struct strmap *m);

#endif
