/*
 * items - the checklist of CHECKLIST.md as one table: key, title, category,
 * the kind of file it applies to and its fix kind. Order is the checklist's
 * order (the TUI and `berth rules` show it as is).
 */
#ifndef BERTH_ITEMS_H
#define BERTH_ITEMS_H

enum category { CAT_PERF, CAT_SEC, CAT_SIZE, CAT_CORR, CAT_COMPOSE, CAT_COUNT };
enum filekind { KIND_DOCKERFILE, KIND_COMPOSE };
enum fixkind { FIX_NONE, FIX_AUTO, FIX_VALUE };

/*
 * One row per item: id, key, title, category, kind of file, fix kind, and the
 * hadolint ids it covers (space-separated; HADOLINT-MAP.md). Every other
 * per-item table is indexed by this enum and checked against it by
 * tests/test_items.c: the explain texts (core/report), the fix generators
 * (core/fix), the hadolint pragmas (core/config).
 *      id                        key                          title                               category     kind             fix        hadolint */
#define BERTH_ITEMS(_) \
	_(PERF_MULTI_STAGE,       "perf.multi-stage",          "Multi-stage build for build deps", CAT_PERF,    KIND_DOCKERFILE, FIX_NONE, "")  \
	_(PERF_CACHE_MOUNTS,      "perf.cache-mounts",         "Cache mounts for package downloads", CAT_PERF,  KIND_DOCKERFILE, FIX_AUTO, "")  \
	_(PERF_LAYER_ORDER,       "perf.layer-order",          "Dependencies installed before code", CAT_PERF,  KIND_DOCKERFILE, FIX_AUTO, "")  \
	_(PERF_DOCKERIGNORE,      "perf.dockerignore",         ".dockerignore excludes junk",      CAT_PERF,    KIND_DOCKERFILE, FIX_AUTO, "")  \
	_(PERF_SINGLE_APT_LAYER,  "perf.single-apt-layer",     "One apt-get layer per stage",      CAT_PERF,    KIND_DOCKERFILE, FIX_AUTO, "")  \
	_(SEC_PINNED_BASE,        "sec.pinned-base",           "Base image pinned",                CAT_SEC,     KIND_DOCKERFILE, FIX_VALUE, "DL3006 DL3007") \
	_(SEC_NON_ROOT,           "sec.non-root",              "Runs as non-root user",            CAT_SEC,     KIND_DOCKERFILE, FIX_AUTO, "DL3002")  \
	_(SEC_MINIMAL_BASE,       "sec.minimal-base",          "Minimal base image",               CAT_SEC,     KIND_DOCKERFILE, FIX_VALUE, "") \
	_(SEC_NO_SECRETS,         "sec.no-secrets",            "No secrets in ENV/ARG/COPY",       CAT_SEC,     KIND_DOCKERFILE, FIX_NONE, "DL3064")  \
	_(SEC_HEALTHCHECK,        "sec.healthcheck",           "HEALTHCHECK defined",              CAT_SEC,     KIND_DOCKERFILE, FIX_AUTO, "DL3057")  \
	_(SIZE_NO_INSTALL_RECOMMENDS, "size.no-install-recommends", "apt --no-install-recommends", CAT_SIZE,    KIND_DOCKERFILE, FIX_AUTO, "DL3015")  \
	_(SIZE_APT_LISTS_CLEANED, "size.apt-lists-cleaned",    "apt lists removed in same layer",  CAT_SIZE,    KIND_DOCKERFILE, FIX_AUTO, "DL3009")  \
	_(SIZE_NO_PKG_CACHE,      "size.no-pkg-cache",         "Package caches not kept",          CAT_SIZE,    KIND_DOCKERFILE, FIX_AUTO, "DL3019 DL3032 DL3036 DL3040 DL3042")  \
	_(SIZE_NO_BUILD_TOOLS,    "size.no-build-tools",       "No build tools in final image",    CAT_SIZE,    KIND_DOCKERFILE, FIX_NONE, "")  \
	_(SIZE_PROD_DEPS_ONLY,    "size.prod-deps-only",       "Production dependencies only",     CAT_SIZE,    KIND_DOCKERFILE, FIX_AUTO, "")  \
	_(CORR_PARSE,             "corr.parse",                "Dockerfile parses",                CAT_CORR,    KIND_DOCKERFILE, FIX_AUTO, "DL3011 DL3021 DL3024 DL3043 DL3061 DL3063")  \
	_(CORR_WORKDIR_BEFORE_COPY, "corr.workdir-before-copy", "WORKDIR set before COPY",         CAT_CORR,    KIND_DOCKERFILE, FIX_AUTO, "DL3000 DL3045")  \
	_(CORR_COPY_OWNERSHIP,    "corr.copy-ownership",       "Copied files owned correctly",     CAT_CORR,    KIND_DOCKERFILE, FIX_AUTO, "")  \
	_(CORR_EXPOSE_PORT,       "corr.expose-port",          "EXPOSE matches real port",         CAT_CORR,    KIND_DOCKERFILE, FIX_AUTO, "")  \
	_(CORR_PRODUCTION_CMD,    "corr.production-cmd",       "Production CMD/ENTRYPOINT",        CAT_CORR,    KIND_DOCKERFILE, FIX_AUTO, "DL3025 DL4003 DL4004")  \
	_(CORR_ENV_DEFAULTS,      "corr.env-defaults",         "Variables have defaults",          CAT_CORR,    KIND_DOCKERFILE, FIX_NONE, "DL3044")  \
	_(CORR_PITFALLS,          "corr.pitfalls",             "No common Dockerfile pitfalls",    CAT_CORR,    KIND_DOCKERFILE, FIX_NONE, "DL3003 DL3004 DL3012 DL3014 DL3020 DL3022 DL3023 DL3030 DL3034 DL3038 DL4000 DL4006")  \
	_(CORR_SYNTAX_DIRECTIVE,  "corr.syntax-directive",     "BuildKit syntax declared",         CAT_CORR,    KIND_DOCKERFILE, FIX_AUTO, "")  \
	_(COMPOSE_PARSE,          "compose.parse",             "Compose file is valid",            CAT_COMPOSE, KIND_COMPOSE,    FIX_NONE, "")  \
	_(COMPOSE_PINNED_IMAGE,   "compose.pinned-image",      "Images pinned",                    CAT_COMPOSE, KIND_COMPOSE,    FIX_VALUE, "") \
	_(COMPOSE_NO_NEW_PRIVILEGES, "compose.no-new-privileges", "no-new-privileges set",         CAT_COMPOSE, KIND_COMPOSE,    FIX_AUTO, "")  \
	_(COMPOSE_CAP_DROP,       "compose.cap-drop",          "All capabilities dropped",         CAT_COMPOSE, KIND_COMPOSE,    FIX_AUTO, "")  \
	_(COMPOSE_READ_ONLY,      "compose.read-only",         "Read-only root filesystem",        CAT_COMPOSE, KIND_COMPOSE,    FIX_AUTO, "")  \
	_(COMPOSE_RESOURCE_LIMITS, "compose.resource-limits",  "CPU and memory limits",            CAT_COMPOSE, KIND_COMPOSE,    FIX_VALUE, "") \
	_(COMPOSE_HEALTHCHECK,    "compose.healthcheck",       "Healthcheck defined",              CAT_COMPOSE, KIND_COMPOSE,    FIX_VALUE, "") \
	_(COMPOSE_RESTART,        "compose.restart",           "Restart policy set",               CAT_COMPOSE, KIND_COMPOSE,    FIX_AUTO, "")  \
	_(COMPOSE_BUILD_VALID,    "compose.build-valid",       "Build references resolve",         CAT_COMPOSE, KIND_COMPOSE,    FIX_NONE, "")  \
	_(COMPOSE_NO_INLINE_SECRETS, "compose.no-inline-secrets", "No secrets inline",             CAT_COMPOSE, KIND_COMPOSE,    FIX_NONE, "")  \
	_(COMPOSE_NO_PRIVILEGED,  "compose.no-privileged",     "No privileged access",             CAT_COMPOSE, KIND_COMPOSE,    FIX_NONE, "")

enum item_id {
#define ITEM_ENUM(id, key, title, cat, kind, fix, hadolint) ITEM_##id,
	BERTH_ITEMS(ITEM_ENUM)
#undef ITEM_ENUM
	ITEM_COUNT
};

struct item_def {
	const char *key;
	const char *title;
	enum category cat;
	enum filekind kind;
	enum fixkind fix;
	const char *hadolint;   /* "DL3009 DL3042" or "" */
};

extern const struct item_def item_defs[ITEM_COUNT];

/*
 * The item a hadolint id (DLxxxx, any case) maps to; -2 for an id hadolint
 * has and berth does not check (ShellCheck's SCxxxx too: accepted
 * silently); -1 for an id nobody knows.
 */
int item_of_hadolint(const char *id);

/* Index of the item with this key, or -1. */
int item_find(const char *key);
const char *category_name(enum category c);     /* "Performance", "Security", ... */
const char *fixkind_name(enum fixkind f);       /* "auto", "value", "none" */
const char *filekind_name(enum filekind k);     /* "dockerfile", "compose" */

#endif
