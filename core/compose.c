/*
 * compose - loading a Compose file into the yamldoc tree and finding its
 * services; lookups that follow `extends:` within the file.
 */
#include "compose.h"

#include <stdlib.h>
#include <string.h>

#include "compose_int.h"
#include "util.h"

static void find_services(struct compose_doc *d)
{
	const struct ydoc_node *svcs = ydoc_get(d->root, "services");
	size_t cap = 0;
	if (!svcs || svcs->type != YDOC_MAPPING)
		return;
	for (size_t i = 0; i < svcs->npairs; i++) {
		const struct ydoc_pair *p = &svcs->pairs[i];
		struct compose_service s;
		if (p->key->type != YDOC_SCALAR || p->value->type != YDOC_MAPPING)
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
	return d;
}

void compose_free(struct compose_doc *d)
{
	if (!d)
		return;
	ydoc_free(&d->y);
	free(d->services);
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

/* The service that `extends:` names within this file, or NULL (another file, or none). */
static const struct ydoc_node *extended(const struct compose_doc *d, const struct ydoc_node *svc)
{
	const struct ydoc_node *ext = ydoc_get(svc, "extends"), *name = ext;
	if (!ext)
		return NULL;
	if (ext->type == YDOC_MAPPING) {
		if (ydoc_get(ext, "file"))
			return NULL;
		name = ydoc_get(ext, "service");
	}
	if (!ydoc_str(name))
		return NULL;
	for (size_t i = 0; i < d->nservices; i++)
		if (strcmp(d->services[i].name, name->value) == 0)
			return d->services[i].value;
	return NULL;
}

const struct ydoc_pair *compose_svc_entry(const struct compose_doc *d, const struct ydoc_node *svc,
					  const char *key)
{
	for (int step = 0; svc && step <= COMPOSE_MAX_EXTENDS; step++) {
		const struct ydoc_pair *p = ydoc_entry(svc, key);
		if (p)
			return p;
		svc = extended(d, svc);
	}
	return NULL;
}

const struct ydoc_node *compose_svc_get(const struct compose_doc *d, const struct ydoc_node *svc,
					const char *key)
{
	const struct ydoc_pair *p = compose_svc_entry(d, svc, key);
	return p ? p->value : NULL;
}
