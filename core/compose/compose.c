/*
 * compose - loading a Compose file into the yamldoc tree and finding its
 * services (in file order, and by name for `extends:`).
 */
#include "compose.h"

#include <stdlib.h>
#include <string.h>

#include "compose_priv.h"
#include "util.h"

static void index_names(struct compose_doc *d);

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
	index_names(d);
	return d;
}

void compose_free(struct compose_doc *d)
{
	if (!d)
		return;
	ydoc_free(&d->y);
	free(d->services);
	free(d->names);
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

int compose_is_job_name(const char *service)
{
	static const char *const words[] = { "init", "setup", "seed", "seeder", "migrate", "migration",
		"migrations", "bootstrap", "provision", "createbuckets", NULL };
	return service && str_has_word(service, ".-_", words);
}

static int cmp_name(const void *a, const void *b)
{
	const struct compose_name *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : x->idx < y->idx ? -1 : 1;
}

/* Services by name, once: `extends:` lookups stay cheap however many services a file has. */
static void index_names(struct compose_doc *d)
{
	size_t n = d->nservices;
	if (n == 0)
		return;
	d->names = xcalloc(n, sizeof(*d->names));
	for (size_t i = 0; i < n; i++) {
		d->names[i].name = d->services[i].name;
		d->names[i].idx = i;
	}
	qsort(d->names, n, sizeof(*d->names), cmp_name);
}

const struct compose_service *compose_find_service(const struct compose_doc *d, const char *want)
{
	size_t lo = 0, hi = d ? d->nservices : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(d->names[mid].name, want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (d && lo < d->nservices && strcmp(d->names[lo].name, want) == 0)
		return &d->services[d->names[lo].idx];
	return NULL;
}
