/*
 * compose - loading a Compose file into the yamldoc tree and finding its
 * services; lookups that follow `extends:` within the file.
 */
#include "compose.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compose_int.h"
#include "util.h"

static void index_extends(struct compose_doc *d);

static void find_services(struct compose_doc *d)
{
	const struct ydoc_node *svcs = ydoc_get(d->root, "services");
	size_t cap = 0;
	if (!svcs || svcs->type != YDOC_MAPPING)
		return;
	for (size_t i = 0; i < svcs->npairs; i++) {
		const struct ydoc_pair *p = &svcs->pairs[i];
		struct compose_service s;
		/* `x-` keys are extension fields, in `services` as anywhere else */
		if (p->key->type != YDOC_SCALAR || p->value->type != YDOC_MAPPING || str_starts(p->key->value, "x-"))
			continue;
		s.name = p->key->value;
		s.key = p->key;
		s.value = p->value;
		PUSH(d->services, d->nservices, cap, s);
	}
}

struct compose_doc *compose_load(const char *data, size_t len)
{
	struct compose_doc *d = xcalloc(1, sizeof(*d));
	d->wellformed = ydoc_load(&d->y, data ? data : "", data ? len : 0) == 0;
	if (d->wellformed && d->y.ndocs > 0)
		d->root = d->y.docs[0];
	find_services(d);
	index_extends(d);
	return d;
}

void compose_free(struct compose_doc *d)
{
	if (!d)
		return;
	ydoc_free(&d->y);
	free(d->services);
	free(d->by_node);
	free(d);
}

const struct ydoc_node *compose_root(const struct compose_doc *d)
{
	return d ? d->root : NULL;
}

const struct compose_service *compose_services(const struct compose_doc *d, size_t *n)
{
	*n = d ? d->nservices : 0;
	return d ? d->services : NULL;
}

int compose_is_dev_name(const char *path)
{
	static const char *const words[] = { "dev", "development", "local", "override", "test", "ci", NULL };
	return path && str_has_word(str_basename(path), ".-_", words);
}

/* The name `extends:` gives within this file, or NULL (another file, or none). */
static const char *extends_name(const struct ydoc_node *svc)
{
	const struct ydoc_node *ext = ydoc_get(svc, "extends"), *name = ext;
	if (!ext)
		return NULL;
	if (ext->type == YDOC_MAPPING) {
		if (ydoc_get(ext, "file"))
			return NULL;
		name = ydoc_get(ext, "service");
	}
	return ydoc_str(name);
}

struct by_name {
	const char *name;
	size_t idx;
};

static int cmp_name(const void *a, const void *b)
{
	const struct by_name *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : x->idx < y->idx ? -1 : 1;
}

static int cmp_node(const void *a, const void *b)
{
	const struct compose_node_idx *x = a, *y = b;
	return x->node == y->node ? 0 : (uintptr_t)x->node < (uintptr_t)y->node ? -1 : 1;
}

/* The first service named `want` in `names` (sorted), or NULL. */
static const struct ydoc_node *find_name(const struct compose_doc *d, const struct by_name *names,
					 const char *want)
{
	size_t lo = 0, hi = d->nservices;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(names[mid].name, want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < d->nservices && strcmp(names[lo].name, want) == 0)
		return d->services[names[lo].idx].value;
	return NULL;
}

/* Resolve every `extends:` once: lookups stay cheap however many services a file has. */
static void index_extends(struct compose_doc *d)
{
	size_t n = d->nservices;
	struct by_name *names;
	if (n == 0)
		return;
	names = xcalloc(n, sizeof(*names));
	d->by_node = xcalloc(n, sizeof(*d->by_node));
	for (size_t i = 0; i < n; i++) {
		names[i].name = d->services[i].name;
		names[i].idx = i;
	}
	qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		const char *want = extends_name(d->services[i].value);
		d->by_node[i].node = d->services[i].value;
		d->by_node[i].ext = want ? find_name(d, names, want) : NULL;
	}
	qsort(d->by_node, n, sizeof(*d->by_node), cmp_node);
	free(names);
}

const struct ydoc_node *compose_svc_parent(const struct compose_doc *d, const struct ydoc_node *svc)
{
	size_t lo = 0, hi = d->nservices;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct ydoc_node *v = d->by_node[mid].node;
		if (v == svc)
			return d->by_node[mid].ext;
		if ((uintptr_t)v < (uintptr_t)svc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct ydoc_pair *compose_svc_entry(const struct compose_doc *d, const struct ydoc_node *svc,
					  const char *key)
{
	for (int step = 0; svc && step <= COMPOSE_MAX_EXTENDS; step++) {
		const struct ydoc_pair *p = ydoc_entry(svc, key);
		if (p)
			return p;
		svc = compose_svc_parent(d, svc);
	}
	return NULL;
}

const struct ydoc_node *compose_svc_get(const struct compose_doc *d, const struct ydoc_node *svc,
					const char *key)
{
	const struct ydoc_pair *p = compose_svc_entry(d, svc, key);
	return p ? p->value : NULL;
}
