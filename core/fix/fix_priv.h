/*
 * fix_priv - what the fix engine's own files share (fix.c, fix_edit.c,
 * fix_df_*.c, fix_compose*.c): the generator context, the table of
 * generators and the helpers that build a struct fix. Not a public API: the
 * TUI and the CLI use fix.h. Tests include it to drive one generator alone.
 *
 * A generator looks at one file and adds at most a few fixes for one item
 * (normally one fix mending every instance of the item in the file). It
 * must add nothing when there is nothing to mend: fix_plan() runs it again
 * on the fixed text and withholds the fix when it would change more.
 */
#ifndef BERTH_FIX_PRIV_H
#define BERTH_FIX_PRIV_H

#include "fix.h"
#include "dockerfile.h"
#include "util.h"

/* Rounds of re-planning when chosen fixes overlap (fix_apply). */
#define FIX_MAX_ROUNDS 16

struct cfile;

/*
 * One text parsed once for every generator run on it (fix_plan runs the
 * generators of all failing items on the same text): the Dockerfile, or the
 * Compose file as cfile_load reads it. Generators only read what it holds.
 */
struct fix_parsed {
	const char *data;               /* the text parsed: lives as long as the parse */
	size_t len;
	int have_df;
	struct df_file df;
	int have_cf, cf_rc;
	struct cfile *cf;
	int gen_known;                  /* gen_why was worked out (fix_df_generated.c) */
	char *gen_why;                  /* why the file is generated from a template, or NULL */
};
void fix_parsed_free(struct fix_parsed *p);

struct fix_ctx {
	const struct fix_input *in;
	struct fix_parsed *parsed;      /* shared parse of in->data, or NULL: each generator parses */
	const struct df_file *df;       /* Dockerfiles: the parsed text, else NULL */
	const char *nl;                 /* the file's line ending: "\n" or "\r\n" */
	struct fix *fixes;              /* what the generators added */
	size_t nfixes, cap;
	const char *ov_name, *ov_value; /* a value given for this run only (fix_plan_value) */
};

struct fix_state;
struct fix_memo;

/*
 * fix_plan limited to the items set in `items` (all when NULL): each item is
 * planned on its own, so the fixes of an item are the same as fix_plan's.
 * fix_apply re-plans only the items it still wants. With `lazy` the fixes
 * that need verifying are left in the plan unverified (withheld stays 0):
 * the caller verifies each with fix_verify before taking it, which leaves
 * the same fixes as fix_plan once the withheld ones are skipped.
 *
 * `memo` (or NULL) keeps the audits and parses of one file's states (see
 * fix_memo_new); `self` is the state `in` describes (fix_state_input), or
 * NULL when `in` is the file as read. With both set, out->before is
 * borrowed from the memo: clear it (memset) before fix_plan_free.
 */
int fix_plan_items(struct fix_plan *out, const struct fix_input *in, const unsigned char *items,
		   int lazy, struct fix_memo *memo, const struct fix_state *self);
/* Verify a planned fix against the audit of the text it was planned on (fix_plan's check). */
enum fix_why fix_verify(const struct fix_input *in, const struct file_result *before,
			const struct fix *f, struct fix_memo *memo, const struct fix_state *self);
/* fix_apply with a memo shared with the file's fix_plan_items (NULL: as fix_apply). */
int fix_apply_memo(struct fix_result *out, const struct fix_input *in, const struct fix_plan *plan,
		   const size_t *chosen, size_t nchosen, struct fix_memo *memo);

/* The value of a fix's NAME: the one given for this run, else the config's (--set, fix:). */
const char *fix_value(const struct fix_ctx *c, const char *name);

typedef void (*fix_gen_fn)(struct fix_ctx *c);

/* Tests only: a generator that replaces an item's own (to show each verification guard). */
extern fix_gen_fn fix_gen_override[ITEM_COUNT];

/* The generator of an item, or NULL when it has none. */
fix_gen_fn fix_generator(int item);

/*
 * Run the generator of `item` on a file, whatever its status: for tests and
 * the idempotence check. Fixes are appended to *out / *n (free each with
 * fix_clear, then the array).
 */
void fix_generate(const struct fix_input *in, int item, struct fix **out, size_t *n);
void fix_clear(struct fix *f);

/* A new fix of `item` (title formatted, level the item's) in the context; valid until the next fix_new. */
struct fix *fix_new(struct fix_ctx *c, int item, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/*
 * --- image facts (fix_facts.c): answers from the table the scan uses (the
 * built-in one corrected by the config's `images:`; cfg may be NULL). `ref`
 * is the image as written in FROM or `image:`, tag included. Strings and
 * lists are borrowed from the table (valid while cfg lives) unless said. ---
 */

#define FIX_TOOL_USERADD  0x01  /* useradd/groupadd (shadow) */
#define FIX_TOOL_BUSYBOX  0x02  /* BusyBox adduser -S/addgroup -S */
#define FIX_TOOL_PYTHON   0x04
#define FIX_TOOL_NODE     0x08
#define FIX_TOOL_NC       0x10
#define FIX_TOOL_BASH     0x20
struct config;
/* A non-root user the image has (its own non-root USER, else the first user it ships), or NULL. */
const char *fix_image_user(const struct config *cfg, const char *ref);
/* 1 when the table has an entry for the image, else 0. */
int fix_image_known(const struct config *cfg, const char *ref);
/*
 * The table has an entry for the image's name, but its tag is outside the
 * versions the facts hold for (images.yaml `versions:`), so the image is
 * unknown: those versions as "10.4.30, 10.5.21" (malloc'd), else NULL.
 */
char *fix_image_out_of_range(const struct config *cfg, const char *ref);
/* Its entrypoint starts as root and drops privileges itself: 1, 0 no, -1 unknown. */
int fix_image_drops_privileges(const struct config *cfg, const char *ref);
/* uid or gid 1000 is taken in the image: 1, 0 free, -1 unknown. */
int fix_image_uid1000_taken(const struct config *cfg, const char *ref);
/* FIX_TOOL_* bits of what the image has, or -1 when nothing is known. */
int fix_image_tools(const struct config *cfg, const char *ref);
/* The port it listens on (its main one), or -1. */
long fix_image_port(const struct config *cfg, const char *ref);
/* Its documented health command for `HEALTHCHECK CMD` (exec form as JSON, or a shell line), malloc'd; NULL unknown. */
char *fix_image_health(const struct config *cfg, const char *ref);
/*
 * A non-root process of the image gets its capabilities from file
 * capabilities (setcap), which no-new-privileges cancels: 1, 0 no, -1 unknown.
 */
int fix_image_file_caps(const struct config *cfg, const char *ref);
int fix_image_setuid_start(const struct config *cfg, const char *ref);
/* The cap_add it needs after cap_drop ALL, or the tmpfs paths it writes under read_only (NULL-terminated, maybe empty); NULL unknown. */
const char *const *fix_image_caps(const struct config *cfg, const char *ref);
const char *const *fix_image_tmpfs(const struct config *cfg, const char *ref);
/*
 * The facts' writes-when-mounted, entry i: the paths (NULL-terminated) its
 * entrypoint writes when a container mounts *mount; NULL past the last entry.
 */
const char *const *fix_image_mount_writes(const struct config *cfg, const char *ref, size_t i, const char **mount);
/*
 * The folder the image keeps its data in when nothing makes it writable
 * under read_only: its WORKDIR, when the facts say the image declares no
 * VOLUME over it and list it in no tmpfs (valkey 8.1 dropped VOLUME /data).
 * NULL when it is covered or unknown. Borrowed from the facts table.
 */
const char *fix_image_bare_workdir(const struct config *cfg, const char *ref);
/* 1 and *slim, *alpine (0/1, -1 unknown) when the facts say which tag families the image has; 0 unknown. */
int fix_image_variants(const struct config *cfg, const char *ref, int *slim, int *alpine);

/*
 * A pin value for `image` whose tag was `old_tag` (NULL: none): NULL when it
 * is a pinned tag keeping the variant (-alpine, -slim, a codename) and the
 * major version, else why not (malloc'd). fix_df_base.c.
 */
char *fix_pin_check(const char *image, const char *old_tag, const char *value);

/* --- levels (fix_level.c) --- */

/* The level of an item's fix when its preconditions hold (CHECKLIST.md's level table). */
enum fix_level fix_item_level(int item);
/* Why the roles table keeps automatic fixes of `item` off a file of `role`, or NULL. */
const char *fix_role_refuses(enum role role, int item);
/* Drop every edit of a fix. */
void fix_strip(struct fix *f);
/* Withhold a fix: no edits, level withheld, the note formatted. */
void fix_withhold(struct fix *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A new withheld fix of `item` with its note (what a person would write). */
struct fix *fix_new_withheld(struct fix_ctx *c, int item, const char *rule, const char *title,
			     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Replace a fix's note. */
void fix_set_note(struct fix *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* After a generator: the roles and context gates, and a note for every fix. */
void fix_judge(struct fix_ctx *c, struct fix *f);
/* The highest level fix_apply takes when it is not told which fixes: struct fix_input's. */
enum fix_level fix_apply_level(const struct fix_input *in);

/* Edit the planned file itself: replace [start, end) with `text`. */
void fix_edit(struct fix *f, const char *path, size_t start, size_t end, const char *text);
/* Insert a formatted text at `at` of the planned file. */
void fix_insert(struct fix *f, const char *path, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A whole new file. */
void fix_create(struct fix *f, const char *path, const char *text);
/* Sort each change's edits; -1 when two overlap. */
int fix_normalize(struct fix *f);

/* Apply one fix's change to the text it was made for (see fix_edits_apply). */
int fix_change_apply(const struct fix_change *ch, const char *data, size_t len,
		     char **out, size_t *outlen);

/* Replace the tag (or, for a sha256: value, the digest) of the image written in [s, e) of `d`. */
void fix_df_retag(struct fix *f, const char *path, const char *d, size_t s, size_t e, const char *value);

/* --- the files as fixes leave them (fix_state.c) --- */

/* The planned file plus the other files fixes touched, seen over the repository. */
struct fix_state {
	char *data;             /* the planned file */
	size_t len;
	struct fix_overlay *ov; /* the other files as changed */
	struct fsview view;
	char **extra;           /* paths of the other files changed, in order */
	size_t nextra, cap;
};

void fix_state_init(struct fix_state *s, const struct fix_input *in);
void fix_state_free(struct fix_state *s);
/* Apply a fix's changes; -1 when an edit does not fit (the state is then partly changed). */
int fix_state_apply(struct fix_state *s, const struct fix_input *in, const struct fix *f);
/* The input describing the state (borrows it). */
struct fix_input fix_state_input(const struct fix_state *s, const struct fix_input *in);
/*
 * What one file's planning and applying already worked out about the states
 * of its files: for a text and the other files' changed contents (over the
 * file's own view, which must be the same for every use of one memo), the
 * audit and the parse the generators share. fix_apply meets again states
 * that verification saw (the text after the one fix a round took, the
 * combined result): those are not audited or parsed twice. Nothing in it
 * depends on anything but those contents, so results stay the same.
 */
struct fix_memo *fix_memo_new(void);
void fix_memo_free(struct fix_memo *m);
/*
 * The audit of `data` seen through `fs`, where the files other than the
 * planned one are as changed by `outer` and then `inner` (each a state, or
 * NULL); `in` names the file. Borrowed from the memo.
 */
const struct file_result *fix_memo_audit(struct fix_memo *m, const struct fix_input *in,
					 const char *data, size_t len, const struct fsview *fs,
					 const struct fix_state *outer, const struct fix_state *inner);
/*
 * Give the memo the audit of `data` as read (no other file changed) that the
 * scan already made over the same view: it is borrowed (it must outlive the
 * memo) and never made again (fix_session.c).
 */
void fix_memo_seed(struct fix_memo *m, const char *data, size_t len, const struct file_result *audit);
/* The shared parse of the same (filled in by the generators as they need it). */
struct fix_parsed *fix_memo_parsed(struct fix_memo *m, const char *data, size_t len,
				   const struct fix_state *outer, const struct fix_state *inner);
/* Overlay contents without a copy (borrowed, valid until the path is put again): 0, or -1 when not there. */
int fix_overlay_peek(struct fix_overlay *o, const char *path, const char **data, size_t *len);

/* Audit a text as `in` describes its file (scan_audit_file). */
void fix_audit(struct file_result *r, const struct fix_input *in, const char *data, size_t len,
	       const struct fsview *fs);
/* How many audits fix_audit made in this process (the tests hold the pipeline to a budget). */
size_t fix_audit_count(void);
/* Unsuppressed warning/error findings of an item (and rule, unless NULL). */
size_t fix_count_failing(const struct file_result *r, int item, const char *rule);
/* A parse finding whose rule the original had fewer of. */
int fix_new_parse_finding(const struct file_result *before, const struct file_result *after);
/* An item not in `mine` that did not fail and fails now. */
int fix_regression(const struct file_result *before, const struct file_result *after,
		   const unsigned char *mine);

/* --- style of the file being edited --- */

/* "\r\n" when the file's first line ends so, else "\n". */
const char *fix_newline(const char *data, size_t len);
/* Offset of the start of the line holding `off`. */
size_t fix_line_start(const char *data, size_t off);
/* Offset just past the line ending of the line holding `off` (len at the end). */
size_t fix_line_next(const char *data, size_t len, size_t off);
/* The leading blanks of the line holding `off` (malloc'd). */
char *fix_line_indent(const char *data, size_t len, size_t off);

/*
 * The work of `berth fix` once arguments, repository and config are known
 * (fix_cli_run.c): dry-run patch on stdout, or atomic writes. Exit code.
 */
struct repo;
enum fix_mode { FIX_MODE_DRY_RUN, FIX_MODE_WRITE, FIX_MODE_COMMIT };
struct fix_cli_opts {
	enum fix_mode mode;
	const char *only;               /* --only, or NULL */
	const char *message;            /* --commit -m MSG, or NULL */
	int allow_detached;             /* --allow-detached */
	enum fix_level level;           /* --level (safe by default) */
};
int fix_cli_run(struct repo *repo, const struct config *cfg, char *const *paths, size_t npaths,
		const struct fix_cli_opts *o);

/* --- generators, by file --- */
void fix_df_apt(struct fix_ctx *c);             /* fix_df_apt.c: apt group */
void fix_df_apt_lists(struct fix_ctx *c);
void fix_df_apt_layer(struct fix_ctx *c);
void fix_df_pkg_cache(struct fix_ctx *c);       /* fix_df_cache.c */
void fix_df_cache_mounts(struct fix_ctx *c);
void fix_df_syntax(struct fix_ctx *c);
void fix_df_user(struct fix_ctx *c);            /* fix_df_user.c */
void fix_df_chown(struct fix_ctx *c);
void fix_df_cmd(struct fix_ctx *c);             /* fix_df_cmd.c */
void fix_df_parse(struct fix_ctx *c);
void fix_df_workdir(struct fix_ctx *c);         /* fix_df_misc.c */
void fix_df_expose(struct fix_ctx *c);
void fix_df_healthcheck(struct fix_ctx *c);
void fix_df_prod_deps(struct fix_ctx *c);
void fix_df_layer_order(struct fix_ctx *c);     /* fix_df_order.c */
void fix_df_dockerignore(struct fix_ctx *c);
void fix_df_pin(struct fix_ctx *c);             /* fix_df_base.c */
void fix_df_minimal(struct fix_ctx *c);
void fix_compose_security(struct fix_ctx *c);   /* fix_compose.c */
void fix_compose_cap_drop(struct fix_ctx *c);
void fix_compose_read_only(struct fix_ctx *c);
void fix_compose_restart(struct fix_ctx *c);
void fix_compose_limits(struct fix_ctx *c);     /* fix_compose_value.c */
void fix_compose_healthcheck(struct fix_ctx *c);
void fix_compose_pin(struct fix_ctx *c);

#endif
