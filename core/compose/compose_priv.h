/*
 * compose_priv - what the Compose module's files share: the loaded document,
 * `.env` variables and interpolation (compose_env.c), build resolution
 * (compose_build.c), `extends:` (compose_extends.c, compose_merge.c,
 * compose_origin.c) and the per-service judging context of check_compose*.c.
 * Not a public API: other modules use compose.h.
 */
#ifndef BERTH_COMPOSE_PRIV_H
#define BERTH_COMPOSE_PRIV_H

#include <stddef.h>
#include "compose.h"
#include "strmap.h"
#include "yamldoc.h"

/* Variables read from one `.env`; more are ignored (a .env is a handful of lines). */
#define COMPOSE_ENV_MAX_VARS 4096
/* `${A:-${B:-...}}` nested this deep at most; deeper is unresolvable. */
#define COMPOSE_INTERP_DEPTH 8
/* `extends:` followed this many steps at most (within the file and across files). */
#define COMPOSE_MAX_EXTENDS 8
/* Other compose files read for `extends: {file: ...}` while judging one file. */
#define COMPOSE_MAX_EXTERNAL 16
/* Steps into another file taken while judging one file: beyond, other files are not consulted. */
#define COMPOSE_MAX_FILE_EXTENDS 1000
/*
 * Values placed by `extends:` merges while judging one file (a real file
 * merges a few thousand): beyond, a service is judged on its own keys, so a
 * hostile file (thousands of services extending one with a huge list) stays
 * linear.
 */
#define COMPOSE_MAX_MERGED 1000000

struct compose_name {
	const char *name;
	size_t idx;                     /* into services */
};

struct compose_doc {
	struct ydoc y;
	int wellformed;                 /* ydoc_load succeeded */
	const struct ydoc_node *root;   /* first document's root, NULL when none */
	struct compose_service *services;
	size_t nservices;
	struct compose_name *names;             /* per service, sorted by name (then file order) */
};

/* The first service of that name, or NULL. */
const struct compose_service *compose_find_service(const struct compose_doc *d, const char *name);

/* Variables of the `.env` beside a compose file. Values are never printed. */
struct compose_var {
	char *name, *value;
};

struct compose_env {
	struct compose_var *vars;       /* in file order; a later definition wins */
	size_t n, cap;
};

/* Reads `<folder of compose_path>/.env` through fs; a missing file leaves it empty. */
void compose_env_load(struct compose_env *e, const struct fsview *fs, const char *compose_path);
void compose_env_free(struct compose_env *e);
/* An env file's variables as written (quotes removed, nothing interpolated): for judging its values. */
void compose_env_parse_raw(struct compose_env *e, const char *data, size_t len);
const char *compose_env_get(const struct compose_env *e, const char *name, size_t len);

struct compose_interp {
	char *value;            /* the interpolated text (malloc'd, never NULL) */
	int unresolved;         /* a variable had no value and no default, or `:?`/`?` fired, or bad syntax */
	int from_env;           /* some value came from .env: do not print `value` */
	int vars;               /* interpolations seen */
	int literal_default;    /* a `${X:-text}` / `${X-text}` with non-empty text is present */
	char *default_text;     /* the first such default as written (malloc'd) or NULL */
};

/* Interpolate `s` as Compose does ($$, $V, ${V}, ${V:-d}, ${V-d}, ${V:?e}, ${V?e}, ${V:+r}, ${V+r}). */
void compose_interp(const struct compose_env *e, const char *s, struct compose_interp *out);
void compose_interp_free(struct compose_interp *r);

/* A service's build, resolved. */
enum compose_build_state { CB_LOCAL, CB_REMOTE, CB_UNRESOLVED, CB_OUTSIDE };

struct compose_buildref {
	const struct ydoc_node *node;           /* the `build` value */
	const struct ydoc_node *ctx_node;       /* `context` (or the string form), NULL when implicit */
	const struct ydoc_node *df_node;        /* `dockerfile`, NULL when implicit */
	const struct ydoc_node *target_node;
	const struct ydoc_node *inline_node;    /* `dockerfile_inline` */
	enum compose_build_state state;
	char *context;          /* repository-relative, when CB_LOCAL */
	char *dockerfile;       /* repository-relative; NULL when outside the repository or inline */
	char *target;           /* interpolated, NULL when none or unresolvable */
	int target_unresolved;
};

/* Resolve `build` of a service in the compose file whose folder is `dir`. */
void compose_build_resolve(struct compose_buildref *b, const struct compose_env *e, const char *dir,
			   const struct ydoc_node *build);
void compose_build_clear(struct compose_buildref *b);

/*
 * ---- extends (compose_extends.c, compose_merge.c, compose_origin.c) ----
 *
 * A service as Compose runs it: its own keys merged over those of the service
 * its `extends:` names, in this file or another one, followed to the end of
 * the chain (compose-spec 05-services.md "extends"; compose-go loader/extends.go):
 * `file:` is relative to the folder of the file that writes it, and so are
 * the relative paths (build.context, env_file, volume sources) of the services
 * read from it. Other files are read only through the fsview. The merged
 * mapping borrows the original nodes; the collections a merge builds are new
 * and belong to the compose_eff, which also records where every value is
 * written (compose_eff_origin).
 */

/* Where a value of a merged service is written. */
struct compose_origin {
	const struct compose_doc *doc;
	const char *path;                       /* repository-relative file (borrowed) */
	const char *shown;                      /* what messages call it: path, or `file:` as written when .env made it */
	const char *dir;                        /* its folder ("" at the root) */
	const char *name;                       /* the service that writes it */
	int depth;                              /* 0: the service judged; 1: what its extends names; ... */
	int layer;                              /* 0: the judged file's side; 1: the other file of the default pair */
};

struct compose_tag {
	const struct ydoc_node *node;
	size_t origin;                          /* index into origins */
	int made;                               /* a node the merge built (no text of its own) */
};

/* Something that stops Compose from following an `extends:` (a compose.parse finding). */
struct compose_problem {
	const char *rule;                       /* static */
	enum sev sev;
	const struct ydoc_node *at;             /* in the judged file */
	char *msg;
};

struct compose_eff {
	const struct ydoc_node *map;            /* the merged mapping, or the service's own */
	const struct ydoc_node *extends_key;    /* the judged service's `extends` key, NULL when none */
	struct compose_origin *origins;
	size_t norigins, caporigins;
	struct compose_tag *tags;
	size_t ntags, captags;
	struct ydoc_node **made;                /* nodes built by merges (freed with the eff) */
	size_t nmade, capmade;
	struct compose_problem *problems;
	size_t nproblems, capproblems;
	/* private: tags by node (open addressing, tag index + 1), and the tagged text ranges nested */
	size_t *slots_;
	size_t capslots_;
	size_t *ranges_, *parent_;             /* tag indices sorted by (file, start); innermost container */
	size_t nranges_;
};

/* Another compose file read for `extends: {file: ...}`. */
struct compose_xfile {
	char *path, *dir;
	struct compose_doc *doc;                /* NULL when it could not be read */
	int linked;                             /* the name is there but is no regular file (a link?) */
};

/* Follows `extends:` for the services of one file; other files are read once. */
struct compose_resolver {
	const struct compose_doc *d;
	const char *path;                       /* the judged file (borrowed) */
	char *dir;
	const struct fsview *fs;
	const struct compose_env *env;          /* interpolates `file:` (borrowed) */
	struct compose_xfile *files;
	size_t nfiles, capfiles;
	size_t nfile_steps;                     /* steps into other files so far (COMPOSE_MAX_FILE_EXTENDS) */
	size_t merged;                          /* values placed by merges so far (COMPOSE_MAX_MERGED) */
};

void compose_resolver_init(struct compose_resolver *r, const struct compose_doc *d, const char *path,
			   const struct fsview *fs, const struct compose_env *env);
void compose_resolver_free(struct compose_resolver *r);
/* The merged service (call compose_eff_free, also when problems were found). */
void compose_resolve(struct compose_resolver *r, const struct compose_service *svc, struct compose_eff *out);
/*
 * The service as `docker compose` runs the default pair of files
 * (compose.yaml + compose.override.yaml, CHECKLIST.md "Compose items"):
 * `lower`, the base file's service with its extends followed (resolver lo),
 * then `upper`, the override's (resolver up), merged over it, as Compose
 * merges `-f` files. The origins of the side being judged (`judged_upper`:
 * the override) have layer 0, the other side's layer 1; the other side's
 * extends problems are dropped (its own file reports them).
 */
void compose_resolve_pair(struct compose_resolver *lo, const struct compose_service *lower,
			  struct compose_resolver *up, const struct compose_service *upper, int judged_upper,
			  struct compose_eff *out);
void compose_eff_free(struct compose_eff *e);
/* Where node n of the merged service is written; NULL when the eff does not know it. */
const struct compose_origin *compose_eff_origin(const struct compose_eff *e, const struct ydoc_node *n);
/* The folder relative paths in node n start from (the judged file's when unknown). */
const char *compose_eff_dir(const struct compose_eff *e, const struct ydoc_node *n, const char *dflt);
/* The folder `build`'s context is relative to: where `context` (or the string form) is written. */
const char *compose_build_dir(const struct compose_eff *e, const struct ydoc_node *build, const char *dflt);

/* compose_merge.c: `own` (written at origin `o`) merged over the merged `base`; NULL never. */
const struct ydoc_node *compose_merge(struct compose_eff *e, const struct ydoc_node *base,
				      const struct ydoc_node *own, size_t o);
/* Record that node n is written at origin o (made: built by a merge); the shallowest origin wins. */
void compose_eff_tag(struct compose_eff *e, const struct ydoc_node *n, size_t o, int made);
/* The merge is done: index the tagged text ranges for compose_eff_origin. */
void compose_eff_index(struct compose_eff *e);
/* The tag of node n itself (no containment), or NULL. */
const struct compose_tag *compose_eff_tag_of(const struct compose_eff *e, const struct ydoc_node *n);

/* What check_compose*.c share while judging one file. */
struct ccx {
	struct audit *a;
	const struct compose_doc *d;
	const char *path;
	char *dir;              /* folder of the compose file ("" at the root) */
	const struct fsview *fs;
	struct compose_env env;
	int dev;                /* development file: hardening findings are info */
	const struct compose_service *svc;
	struct compose_resolver res;
	struct compose_eff eff; /* the current service, extends merged */
	/* the other file of the default pair (compose.yaml + compose.override.yaml), NULL when none */
	struct compose_doc *pair;
	char *pair_path;
	int pair_is_upper;      /* the pair file is the override (this file is the base) */
	struct compose_resolver pair_res;
	/* project images without registry or namespace: built here (build + image), never pushed */
	struct strmap projects;
	char **project_names;
	size_t nprojects, capprojects;
	/* every image a service of this file (or its pair) builds (build + image), by its interpolated reference */
	struct strmap builders;
	char **builder_refs;
	const struct compose_service **builder_svcs;
	size_t nbuilders, capbuilders, capbuildsvcs;
	/* services another waits for to complete (depends_on: service_completed_successfully) */
	struct strmap awaited;
	/* per service */
	int pair_upper;         /* this file is the override and the service completes a base service */
	int partial;            /* none of image, build, extends (or pair_upper): nothing is missing from it */
	int oneshot;            /* runs to completion: healthcheck and restart n/a */
	int retired;            /* only in profiles such as `deprecated`: hardening findings are info */
	int inert;              /* its command does nothing (`true`, `exit`): hardening findings are info */
};

/* check_compose_kind.c: the current service's kind (CHECKLIST.md "Compose items"). */
int ccx_partial(const struct ccx *c);
int ccx_oneshot(const struct ccx *c);
/* What the kinds need of the whole file (and its pair), gathered once; freed. */
void ccx_kinds_load(struct ccx *c);
void ccx_kinds_free(struct ccx *c);
/* Load the other file of the default pair beside c->path, if any (check_compose_pair.c). */
void ccx_pair_open(struct ccx *c);
void ccx_pair_close(struct ccx *c);
/* Merge the current service with its namesake in the pair file; 0 when it has none. */
int ccx_pair_resolve(struct ccx *c);
/* n (a value of the current service) is written on the judged file's side of the pair. */
int ccx_own(const struct ccx *c, const struct ydoc_node *n);

/* Merge the current service over what it extends; its problems become compose.parse findings. */
void ccx_resolve_extends(struct ccx *c);
void ccx_extends_free(struct ccx *c);
/*
 * The current service's `key` as Compose sees it (extends merged). A null
 * value counts as absent. *dir (when not NULL) gets the folder relative
 * paths in it start from.
 */
const struct ydoc_node *ccx_get(const struct ccx *c, const char *key, const char **dir);
/* The folder relative paths in node n (a value of the current service) start from. */
const char *ccx_dir(const struct ccx *c, const struct ydoc_node *n);

/* Severity of a hardening finding: info in development files. */
enum sev ccx_harden_sev(const struct ccx *c);
/*
 * Add a finding spanning node `n` (the service key when n is NULL). A value
 * inherited through `extends:` says so in the message; one written in another
 * file is reported at the service's `extends` key.
 */
void ccx_add(struct ccx *c, int item, enum sev sev, const char *rule, const struct ydoc_node *n,
	     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The scalar at n interpolated (NULL when n is not a scalar); free with compose_interp_free. */
int ccx_str(const struct ccx *c, const struct ydoc_node *n, struct compose_interp *out);
/* n is `true` as Compose reads it (YAML 1.2 boolean, or a string "true" after interpolation). */
int ccx_true(const struct ccx *c, const struct ydoc_node *n);
/* Read and parse the service's Dockerfile; 0 ok (df_free it), -1 when it cannot be read. */
struct df_file;
int ccx_dockerfile(const struct ccx *c, const struct compose_buildref *b, struct df_file *df, char **data);

/* check_compose_build.c: gather the project images of this file (and its pair) once; free them. */
void ccx_projects_load(struct ccx *c);
void ccx_projects_free(struct ccx *c);
void check_compose_harden(struct ccx *c);       /* no-new-privileges, cap-drop, read-only, limits, restart */
void check_compose_privileged(struct ccx *c);
void check_compose_image(struct ccx *c);
void check_compose_build(struct ccx *c);        /* build-valid, healthcheck */
void check_compose_secrets(struct ccx *c);
/*
 * check_compose_anchor.c: once every service is judged, move the findings
 * about a key missing from services that share one anchored mapping to
 * that mapping (check_finish then reports them once).
 */
void ccx_fold_anchors(struct ccx *c);

#endif
