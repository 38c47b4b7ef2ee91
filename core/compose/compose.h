/*
 * compose - Compose files: a loader on libyaml's event API that keeps every
 * node's marks, resolves anchors, aliases and merge keys within documented
 * limits, and the Compose half of the checklist (check_compose.c).
 *
 * compose_load() never fails on content: a file that is not valid becomes
 * compose.parse findings when judged. The document owns all its nodes.
 */
#ifndef BERTH_COMPOSE_H
#define BERTH_COMPOSE_H

#include <stddef.h>
#include "check.h"
#include "fsview.h"

struct compose_doc;
struct ydoc_node;

struct compose_doc *compose_load(const char *data, size_t len);
void compose_free(struct compose_doc *d);

/*
 * The YAML tree (yamldoc.h) for fixes and views that need positions: the
 * first document's root, NULL when the file is not well-formed YAML or empty.
 * Borrowed from the document.
 */
const struct ydoc_node *compose_root(const struct compose_doc *d);

/* One entry of `services` whose value is a mapping; nodes borrowed from the document. */
struct compose_service {
	const char *name;
	const struct ydoc_node *key;    /* the service's key: findings about missing things point here */
	const struct ydoc_node *value;  /* its mapping, merge keys resolved */
};

/* The services in file order (NULL, 0 when none). */
const struct compose_service *compose_services(const struct compose_doc *d, size_t *n);

/*
 * A development file by name (CHECKLIST.md: a word dev, development, local,
 * override, test or ci when the base name is split on '.', '-', '_').
 */
int compose_is_dev_name(const char *path);

/*
 * A service whose name says it runs once and exits (beyond CHECKLIST.md
 * revision 4, from real stacks: `setup_grafana_datasource`, `zammad-init`,
 * `createbuckets`): a word init, setup, seed, seeder, migrate, migration,
 * migrations, bootstrap, provision or createbuckets when the name is split
 * on '.', '-', '_'. A one-shot service gets no restart policy.
 */
int compose_is_job_name(const char *service);

/* One service that builds from a Dockerfile, with repository-relative paths. */
struct compose_build {
	char *service;
	char *context;          /* NULL when remote, unresolvable or outside the repository */
	char *dockerfile;       /* context + dockerfile name (default "Dockerfile"); NULL as above */
	char *target;           /* NULL when none */
};

/* The builds of a compose file at repository-relative `path`. Returns the count; *out malloc'd. */
size_t compose_builds(const struct compose_doc *d, const char *path, const struct fsview *fs,
		      struct compose_build **out);
void compose_builds_free(struct compose_build *b, size_t n);

/*
 * What kind each service of the file is (CHECKLIST.md "Compose items"), as
 * the items judge it — the default override pair merged, extends followed:
 * flags[i] for services[i] (compose_services order) gets COMPOSE_ONESHOT
 * (runs to completion: no restart policy, no healthcheck) and
 * COMPOSE_PARTIAL (completes a service defined elsewhere: nothing is missing
 * from it). For fixes, which must not give a migration `restart:`.
 * `flags` has room for every service.
 */
#define COMPOSE_ONESHOT 1u
#define COMPOSE_PARTIAL 2u
void compose_service_kinds(const struct compose_doc *d, const char *path, const struct fsview *fs,
			   unsigned char *flags);

/* Judge every Compose item (cross-file checks read the repository through fs). */
void check_compose(struct audit *a, const struct compose_doc *d, const char *path,
		   const struct fsview *fs);

#endif
