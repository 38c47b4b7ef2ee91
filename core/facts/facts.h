/*
 * facts - image facts: what a well-known base or service image already does
 * (CHECKLIST.md "Image facts"), read from core/facts/images.yaml (compiled
 * in) and from `.berth.yaml`'s `images:` (SPEC.md), which adds or corrects
 * entries.
 *
 * The YAML: a mapping whose `images` key maps image names to entries; other
 * top-level keys are left to their owner (the same text can be a whole
 * `.berth.yaml`). images.yaml's header comment is the schema. An unknown
 * field, a malformed value or a duplicate key refuses the whole text with
 * one message "ORIGIN:LINE:COL: message".
 *
 * Matching: a reference as written in FROM or `image:` is split into name,
 * tag and digest; the registries docker.io, index.docker.io and
 * registry-1.docker.io are dropped and so is `library/` after them (Docker
 * Hub's official images are plain names); every other registry stays part
 * of the name (`gcr.io/distroless/static`, `quay.io/keycloak/keycloak`).
 * Entry names are normalised the same way. An exact name (or alias) wins;
 * otherwise the first entry whose name is a glob (`gcr.io/distroless/` then `*`)
 * matching the name. Then every `tags:` override whose `match` globs match
 * the tag applies, in file order, a later one winning field by field. No
 * tag means `latest`. An entry with `versions:` does not match a tag outside
 * the versions its facts hold for (facts_out_of_range says so). When the tag is unknown (a digest alone, or a tag
 * with `$` that the caller did not resolve), the facts are those every tag
 * shares: the fields that any override changes are left unknown.
 *
 * Ownership: a struct facts_db owns every string and array; the one from
 * facts_builtin() belongs to the library (never free it) and is shared by
 * every thread: it is built once (pthread_once) and only read afterwards.
 * facts_db_copy() returns a db the caller frees with facts_db_free(); only
 * such a db may be passed to facts_db_add_yaml(). A struct image_facts
 * filled by facts_lookup() borrows every pointer from the db, valid until
 * the db is freed or changed. Lookups on a db nobody is changing are safe
 * from any number of threads.
 */
#ifndef BERTH_FACTS_H
#define BERTH_FACTS_H

#include <stddef.h>

/* Largest YAML text facts_db_add_yaml() reads: images.yaml is ~100 KiB. */
#define FACTS_MAX_YAML (1u << 20)
/* Longest image reference facts_lookup() considers; longer is unknown. */
#define FACTS_MAX_REF 512

/* The fields, in images.yaml's spelling; bit i of image_facts.known is field i. */
#define FACTS_FIELDS(X) \
	X(USER, "user") \
	X(USERS, "users") \
	X(UID1000, "uid-1000-taken") \
	X(GID1000, "gid-1000-taken") \
	X(USER_TOOL, "user-tool") \
	X(SHELL, "shell") \
	X(PKG, "package-manager") \
	X(TOOLS, "tools") \
	X(PORT, "port") \
	X(HEALTH, "health") \
	X(HEALTHCHECK, "healthcheck") \
	X(DROPS, "drops-privileges") \
	X(ROOT_START, "starts-as-root") \
	X(CAP_ADD, "cap-add") \
	X(FILE_CAPS, "file-caps") \
	X(SETUID_START, "setuid-start") \
	X(TMPFS, "tmpfs") \
	X(MOUNT_WRITES, "writes-when-mounted") \
	X(VOLUMES, "volumes") \
	X(WORKDIR, "workdir") \
	X(ENV, "env") \
	X(VARIANTS, "variants") \
	X(FULL, "full-image")

enum facts_field {
#define FACTS_ENUM(id, name) FACTS_F_##id,
	FACTS_FIELDS(FACTS_ENUM)
#undef FACTS_ENUM
	FACTS_F_COUNT
};

#define FACTS_HAS(f, id) (((f)->known >> FACTS_F_##id) & 1u)

enum facts_user_tool { FACTS_TOOL_USERADD = 1, FACTS_TOOL_BUSYBOX, FACTS_TOOL_NONE };
enum facts_shell { FACTS_SHELL_BASH = 1, FACTS_SHELL_SH, FACTS_SHELL_NONE };
enum facts_pkg {
	FACTS_PKG_APT = 1, FACTS_PKG_APK, FACTS_PKG_DNF, FACTS_PKG_MICRODNF,
	FACTS_PKG_YUM, FACTS_PKG_TDNF, FACTS_PKG_NONE
};
enum facts_drop {
	FACTS_DROP_GOSU = 1, FACTS_DROP_SU_EXEC, FACTS_DROP_SETPRIV, FACTS_DROP_S6_OVERLAY,
	FACTS_DROP_CHPST, FACTS_DROP_RUNUSER, FACTS_DROP_SU,
	FACTS_DROP_OTHER,       /* its own way (chroot --userspec, clickhouse su): a comment in images.yaml says */
	FACTS_DROP_NONE
};

struct facts_user {
	const char *name;
	long uid, gid;          /* -1 when not given */
};

/* A list of strings: argv-like, n entries. */
struct facts_list {
	const char *const *v;
	size_t n;
};

/* writes-when-mounted: when a container mounts `mount`, the entrypoint writes `paths` too. */
struct facts_mount_write {
	const char *mount;
	struct facts_list paths;
};

struct image_facts {
	const char *name;       /* the entry's name as written (normalised) */
	const char *source;     /* where the facts come from; never NULL */
	unsigned known;         /* FACTS_HAS(): which fields below are set */
	const char *user;       /* default user; NULL = root (no USER) */
	const struct facts_user *users;
	size_t nusers;
	int uid_1000_taken, gid_1000_taken;     /* 0/1 */
	enum facts_user_tool user_tool;
	enum facts_shell shell;
	enum facts_pkg package_manager;
	struct facts_list tools;
	const int *ports;       /* the first is the main one; none known with PORT = listens on none */
	size_t nports;
	struct facts_list health;       /* exec form: "CMD", args... */
	int healthcheck;        /* the image has its own HEALTHCHECK */
	enum facts_drop drops_privileges;
	int starts_as_root;
	int file_caps;          /* a non-root process gets its capabilities from setcap file capabilities */
	int setuid_start;       /* its start runs a setuid helper as non-root (rootless dockerd: newuidmap) */
	struct facts_list cap_add, tmpfs, volumes, env;
	const struct facts_mount_write *mount_writes;   /* more paths written outside the volumes */
	size_t nmount_writes;
	const char *workdir;
	int slim, alpine;       /* variants: -1 unknown, else 0/1 */
	int full_image;
	int tag_known;          /* 0: a digest alone or an unresolved tag */
};

struct facts_db;

/* The compiled-in facts (images.yaml); NULL only if that file is broken (a test guards it). */
const struct facts_db *facts_builtin(void);
/* Why facts_builtin() returned NULL (static string), or NULL. */
const char *facts_builtin_error(void);

/* A private copy of db (facts_builtin() included) to extend; NULL on allocation failure. */
struct facts_db *facts_db_copy(const struct facts_db *db);
void facts_db_free(struct facts_db *db);

/*
 * Add or correct entries from yaml[0..len) (whose root mapping's `images`
 * key holds them; none is fine). A name already in db keeps its fields
 * except those given, which replace them (`tags:` replaces the whole list);
 * its source becomes "<old source>; corrected in ORIGIN". A new entry
 * without `source:` gets ORIGIN as its source. 0 ok; -1 with *err (malloc'd
 * "ORIGIN:LINE:COL: message") and db unchanged.
 */
int facts_db_add_yaml(struct facts_db *db, const char *yaml, size_t len,
		      const char *origin, char **err);

/* 1 and *out filled when ref names an image db knows; 0 (unknown) otherwise. */
int facts_lookup(const struct facts_db *db, const char *ref, struct image_facts *out);

/*
 * 1 when db has an entry for ref's name whose `versions:` leave ref's tag
 * out (facts_lookup then answers unknown), with *versions (may be NULL) the
 * entry's list, borrowed; else 0.
 */
int facts_out_of_range(const struct facts_db *db, const char *ref, struct facts_list *versions);

/* Number of entries and the i-th entry's own facts (tag overrides not applied); for tests and listings. */
size_t facts_db_count(const struct facts_db *db);
int facts_db_entry(const struct facts_db *db, size_t i, struct image_facts *out);

/* Split ref as facts_lookup() does: *name and *tag malloc'd (tag NULL when unknown); 0 ok, -1 bad ref. */
int facts_ref_split(const char *ref, char **name, char **tag);

#endif
