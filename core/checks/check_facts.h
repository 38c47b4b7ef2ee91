/*
 * check_facts - the questions the checklist rules (and the fixes) ask of the
 * image facts (core/facts, CHECKLIST.md "Image facts"), each answered yes,
 * no or unknown, from the table a scan uses: the built-in one corrected by
 * the config's `images:` (config_facts(); cfg may be NULL: built-in only).
 *
 * `ref` is an image reference as written in FROM or `image:` (tag and
 * registry included, `${VAR}` already resolved where the caller could).
 * Unknown is the answer when no entry matches, when the entry leaves the
 * field out, and when the field depends on a tag the reference does not
 * give (a digest alone, an unresolved variable): a rule then decides as it
 * does for an image it knows nothing about. Nothing is ever assumed.
 *
 * These describe the image as published, with its own ENTRYPOINT, CMD and
 * USER: a rule whose file replaces them judges its own.
 *
 * Ownership: strings handed back through out-parameters (optional: NULL
 * is fine) are borrowed from the facts table, valid while cfg lives (the
 * built-in table lives as long as the program).
 */
#ifndef BERTH_CHECK_FACTS_H
#define BERTH_CHECK_FACTS_H

#include <stddef.h>

struct config;
struct dfa_image;

/* Longest reference check_facts_ref() writes: core/facts' FACTS_MAX_REF (longer is unknown there anyway). */
#define CHECK_FACTS_REF_MAX 512

enum fact { FACT_UNKNOWN = -1, FACT_NO = 0, FACT_YES = 1 };

/* The image's default user (its last USER) is not root; *user: that user (on yes). */
enum fact facts_user_nonroot(const struct config *cfg, const char *ref, const char **user);
/* The image sets a WORKDIR; *dir: it. No is never answered: a missing field is unknown. */
enum fact facts_workdir(const struct config *cfg, const char *ref, const char **dir);
/* The image defines variable `name` with ENV (its facts list every ENV, PATH aside). */
enum fact facts_env_defines(const struct config *cfg, const char *ref, const char *name);
/* Neither a slim nor an alpine tag family exists for the image (sec.minimal-base: info). */
enum fact facts_no_slim_variant(const struct config *cfg, const char *ref);
/* The image (at this tag) is a full image in sec.minimal-base's sense. */
enum fact facts_full_image(const struct config *cfg, const char *ref);
/* The image has its own HEALTHCHECK. */
enum fact facts_healthcheck(const struct config *cfg, const char *ref);
/* The image listens on a port; *port: the main one (on yes). No: it listens on none. */
enum fact facts_port(const struct config *cfg, const char *ref, int *port);
/*
 * The image's entrypoint starts as root and drops privileges itself; *how:
 * "gosu", "su-exec", "setpriv", "s6-overlay", "chpst", "runuser", "su" or
 * "its own tool" (on yes). No: it runs as it starts.
 */
enum fact facts_drops_privileges(const struct config *cfg, const char *ref, const char **how);
/* ---- what the fixes need (CHECKLIST.md "Fixes") ---- */

/* The table has an entry for the image at all. */
enum fact facts_known(const struct config *cfg, const char *ref);
/* The image ships a non-root user; *name: the first one its facts list (on yes). */
enum fact facts_shipped_user(const struct config *cfg, const char *ref, const char **name);
/* A user with uid 1000, or a group with gid 1000, exists in the image. */
enum fact facts_id1000_taken(const struct config *cfg, const char *ref);
/* The image has no shell at all (`shell: none`: distroless, Chainguard's production tags). */
enum fact facts_no_shell(const struct config *cfg, const char *ref);
/* How users are made in the image; *tool: "useradd", "busybox" or "none" (on yes; no: none at all). */
enum fact facts_user_tool(const struct config *cfg, const char *ref, const char **tool);
/* Program `name` ("curl", "nc", "python", "bash") is in the image (its facts list what is). */
enum fact facts_has_tool(const struct config *cfg, const char *ref, const char *name);
/*
 * The capabilities the image's entrypoint needs after cap_drop: [ALL]
 * (CAP_ not written), a NULL-terminated list, empty when it needs none;
 * NULL when unknown.
 */
const char *const *facts_cap_add(const struct config *cfg, const char *ref);
/* The paths it writes outside its volumes (tmpfs under read_only: true), NULL-terminated; NULL unknown. */
const char *const *facts_tmpfs(const struct config *cfg, const char *ref);
/* Its documented health command, exec form ("CMD", program, args...), NULL-terminated; NULL unknown. */
const char *const *facts_health(const struct config *cfg, const char *ref);

/*
 * An image as the analysis parsed it (dfa.h) written back as a reference
 * for the questions above ("gcr.io/distroless/static:nonroot") into buf;
 * NULL (every answer unknown) for NULL, an image without a name, or one
 * longer than size.
 */
const char *check_facts_ref(const struct dfa_image *img, char *buf, size_t size);
/* Where the image's facts come from (for a finding's message), or NULL when none match. */
const char *facts_source_of(const struct config *cfg, const char *ref);

#endif
