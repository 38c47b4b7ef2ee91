#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static size_t hash(const char *s)
{
	size_t h = (size_t)1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * (size_t)1099511628211ULL;
	return h;
}

static size_t slot_of(const struct strmap *m, const char *key)
{
	size_t mask = m->nslots - 1, h = hash(key) & mask;
	while (m->keys[h] && strcmp(m->keys[h], key) != 0)
		h = (h + 1) & mask;
	return h;
}

size_t strmap_get(const struct strmap *m, const char *key)
{
	size_t h;
	if (!m->nslots)
		return (size_t)-1;
	h = slot_of(m, key);
	return m->keys[h] ? m->vals[h] : (size_t)-1;
}

static void grow(struct strmap *m)
{
	struct strmap big = { NULL, NULL, m->nslots ? m->nslots * 2 : 64, 0 };
	big.keys = xcalloc(big.nslots, sizeof(*big.keys));
	big.vals = xcalloc(big.nslots, sizeof(*big.vals));
	for (size_t i = 0; i < m->nslots; i++)
		if (m->keys[i])
			strmap_put(&big, m->keys[i], m->vals[i]);
	strmap_free(m);
	*m = big;
}

void strmap_put(struct strmap *m, const char *key, size_t val)
{
	size_t h;
	if (2 * (m->n + 1) > m->nslots)
		grow(m);
	h = slot_of(m, key);
	if (!m->keys[h]) {
		m->keys[h] = key;
		m->n++;
	}
	m->vals[h] = val;
}

void strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}
