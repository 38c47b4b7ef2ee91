/*
 * compose_int - what the Compose module's files share: the loaded document,
 * `.env` variables and interpolation (compose_env.c), build resolution
 * (compose_build.c) and the per-service judging context of check_compose*.c.
 * Not a public API: other modules use compose.h.
 */
#ifndef BERTH_COMPOSE_INT_H
#define BERTH_COMPOSE_INT_H

#include <stddef.h>
#include "compose.h"
#include "yamldoc.h"

/* Variables read from one `.env`; more are ignored (a .env is a handful of lines). */
#define COMPOSE_ENV_MAX_VARS 4096
/* `${A:-${B:-...}}` nested this deep at most; deeper is unresolvable. */
#define COMPOSE_INTERP_DEPTH 8
/* `extends:` followed within the file this many steps at most. */
#define COMPOSE_MAX_EXTENDS 8
/* Other compose files read for `extends: {file: ...}` while judging one file. */
#define COMPOSE_MAX_EXTERNAL 16
/* Services of one file resolved through another file: beyond, the other file is not consulted. */
#define COMPOSE_MAX_FILE_EXTENDS 1000

struct compose_node_idx {
	const struct ydoc_node *node;   /* a service's mapping */
	const struct ydoc_node *ext;    /* the mapping of the service its `extends:` names in this file, or NULL */
};

struct compose_doc {
	struct ydoc y;
	int wellformed;                 /* ydoc_load succeeded */
	const struct ydoc_node *root;   /* first document's root, NULL when none */
	struct compose_service *services;
	size_t nservices;
	struct compose_node_idx *by_node;       /* per service, sorted by node: what its `extends:` names */
};

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

/* A service's key, looked up in the service and then along same-file `extends:`. */
const struct ydoc_pair *compose_svc_entry(const struct compose_doc *d, const struct ydoc_node *svc,
					  const char *key);
const struct ydoc_node *compose_svc_get(const struct compose_doc *d, const struct ydoc_node *svc,
					const char *key);
/* The service `extends:` names in this file (NULL: none, or in another file). */
const struct ydoc_node *compose_svc_parent(const struct compose_doc *d, const struct ydoc_node *svc);

/* Another compose file read for `extends: {file: ...}`. */
struct ccx_ext {
	char *path;
	char *dir;
	struct compose_doc *doc;        /* NULL when it could not be read */
};

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
	/* extends: {file: ...} of the current service: the service it names there, and that file */
	const struct ydoc_node *ext_svc;
	const struct ccx_ext *ext_file;
	struct ccx_ext *exts;   /* files read so far */
	size_t nexts, capexts, nfile_extends;
};

/* Set ext_svc/ext_file for the current service (check_compose_extends.c). */
void ccx_resolve_extends(struct ccx *c);
void ccx_extends_free(struct ccx *c);
/*
 * The current service's `key`: in the service, along `extends:` in this file,
 * then in the service another file's `extends:` names. A null value counts as
 * absent. *dir (when not NULL) gets the folder relative paths in it start from.
 */
const struct ydoc_node *ccx_get(const struct ccx *c, const char *key, const char **dir);

/* Severity of a hardening finding: info in development files. */
enum sev ccx_harden_sev(const struct ccx *c);
/* Add a finding spanning node `n` (the service key when n is NULL). */
void ccx_add(struct ccx *c, int item, enum sev sev, const char *rule, const struct ydoc_node *n,
	     const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The scalar at n interpolated (NULL when n is not a scalar); free with compose_interp_free. */
int ccx_str(const struct ccx *c, const struct ydoc_node *n, struct compose_interp *out);
/* n is `true` as Compose reads it (YAML 1.2 boolean, or a string "true" after interpolation). */
int ccx_true(const struct ccx *c, const struct ydoc_node *n);
/* Read and parse the service's Dockerfile; 0 ok (df_free it), -1 when it cannot be read. */
struct df_file;
int ccx_dockerfile(const struct ccx *c, const struct compose_buildref *b, struct df_file *df, char **data);

void check_compose_harden(struct ccx *c);       /* no-new-privileges, cap-drop, read-only, limits, restart */
void check_compose_privileged(struct ccx *c);
void check_compose_image(struct ccx *c);
void check_compose_build(struct ccx *c);        /* build-valid, healthcheck */
void check_compose_secrets(struct ccx *c);

#endif
