/*
 * config - `.berth.yaml` (SPEC.md "Config") and the command line's --set
 * values, in one struct that the checks, the fix engine and the TUI read.
 *
 * config_init() gives the defaults (nothing ignored, fail-on warning,
 * profile by file name). config_load() parses a file with libyaml and fails
 * with "FILE:LINE:COL: message" in `err` on an unknown key, a bad level, a
 * bad glob or an unknown item key. The struct owns all its strings.
 */
#ifndef BERTH_CONFIG_H
#define BERTH_CONFIG_H

#include <stddef.h>
#include "check.h"

enum profile { PROFILE_AUTO, PROFILE_PRODUCTION, PROFILE_DEVELOPMENT };

struct config_kv {
	char *name;     /* "user", "workdir", "pin.python", "limits.memory", or an item key */
	char *value;
};

/* One entry of `roles:`: paths matching the glob get the role (CHECKLIST.md, roles rule 1). */
struct config_role {
	char *glob;
	enum role role;
};

struct config {
	enum sev fail_on;
	enum profile profile;
	unsigned char ignore[ITEM_COUNT];
	int has_severity[ITEM_COUNT];
	enum sev severity[ITEM_COUNT];
	char **exclude;             /* globs, matched against repository-relative paths */
	size_t nexclude;
	struct config_kv *fix;      /* the `fix:` section flattened, then --set values (later wins) */
	size_t nfix;
	struct config_role *roles;  /* `roles:` in file order: the first match wins */
	size_t nroles;
	char *path;                 /* the file it came from, or NULL */
};

void config_init(struct config *c);
void config_free(struct config *c);
/* 0 ok; -1 with a message in *err (malloc'd) */
int config_load(struct config *c, const char *path, char **err);
/*
 * The config of a repository as every command finds it: `file` (--config)
 * else .berth.yaml at `root`; then `hadolint` (--hadolint-config) else
 * .hadolint.yaml or .hadolint.yml at `root`. Missing files are fine; a
 * broken one is -1 with *err (malloc'd).
 */
int config_load_repo(struct config *c, const char *root, const char *file,
		     const char *hadolint, char **err);
/* Add or replace a fix value ("pin.python", "3.11.11-slim"). */
void config_set(struct config *c, const char *name, const char *value);
/* The value for NAME, or NULL. */
const char *config_get(const struct config *c, const char *name);
/* 1 when a repository-relative path matches one of paths.exclude. */
int config_excluded(const struct config *c, const char *path);
/* The role of the first `roles:` glob matching the path: 1 with *role (and *glob, borrowed), else 0. */
int config_role(const struct config *c, const char *path, enum role *role, const char **glob);

#endif
