/*
 * config - `.berth.yaml` (SPEC.md "Config") and the command line's --set
 * values, in one struct that the checks, the fix engine and the TUI read.
 *
 * config_init() gives the defaults (nothing ignored, fail-on warning,
 * profile by file name). config_load() parses a file with libyaml and fails
 * with "FILE:LINE:COL: message" in `err` on an unknown key, a bad level, a
 * bad glob or an unknown item key. The struct owns all its strings.
 *
 * `images:` adds or corrects image facts (core/facts, CHECKLIST.md "Image
 * facts"): the file's entries go into a private copy of the built-in table
 * that the config owns; config_facts() is the table every check and fix
 * reads, the built-in one when the config has no `images:` (or is NULL).
 */
#ifndef BERTH_CONFIG_H
#define BERTH_CONFIG_H

#include <stddef.h>
#include "check.h"

enum profile { PROFILE_AUTO, PROFILE_PRODUCTION, PROFILE_DEVELOPMENT };

struct facts_db;

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
	struct facts_db *facts;     /* built-in facts + `images:`; NULL: none given, the built-in ones */
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
/*
 * Is NAME=VALUE a fix value berth takes (SPEC.md `--set`, the `fix:`
 * section)? 0 yes; CONFIG_FIX_BAD_NAME with *bad the valid names;
 * CONFIG_FIX_BAD_VALUE with *bad what the value should be.
 */
#define CONFIG_FIX_BAD_NAME 1
#define CONFIG_FIX_BAD_VALUE 2
#define CONFIG_FIX_NAMES "user, workdir, pin.IMAGE, limits.cpus, limits.memory, healthcheck, " \
	"healthcheck.SERVICE, or the key of an item whose fix takes a value"
int config_fix_check(const char *name, const char *value, const char **bad);
/* The value for NAME, or NULL. */
const char *config_get(const struct config *c, const char *name);
/* 1 when a repository-relative path matches one of paths.exclude. */
int config_excluded(const struct config *c, const char *path);
/*
 * The image facts a scan judges with: the built-in table corrected by the
 * config's `images:`; facts_builtin() when c is NULL or has none. Borrowed
 * from c (or the library); NULL only when the built-in table is broken.
 */
const struct facts_db *config_facts(const struct config *c);
/* The role of the first `roles:` glob matching the path: 1 with *role (and *glob, borrowed), else 0. */
int config_role(const struct config *c, const char *path, enum role *role, const char **glob);

#endif
