/*
 * fix - berth's auto-fix engine: which fixes a file gets, each one verified
 * before it is offered, and how chosen fixes are applied to the text.
 *
 * A fix is an edit of the original bytes, never a tree printed back: a list
 * of byte-range replacements on one or more files (struct fix_change); a
 * file that does not exist yet (a new .dockerignore) is one insertion at 0
 * with `create` set. Each generator copies the file's own style (the RUN's
 * continuation layout and indent, the escape character, CRLF, a missing
 * final newline, the Compose service's indentation and list style).
 *
 * Verification (fix_plan): a fix is offered only when, applied alone, the
 * text re-parses with no new parse finding, its item no longer fails (or,
 * for a fix that can only mend part of an item, fails with fewer findings),
 * no other item turns to fail, and planning that item again on the fixed
 * text yields nothing. Otherwise it is withheld and counted by reason.
 *
 * Fixes that need a value (sec.pinned-base, compose.resource-limits, ...)
 * are offered with `value_name` set; without a value they have no edits
 * (`needs_value`). Values come from the config (config_get: `--set` or the
 * `fix:` section); fix_plan_value() plans one of them with a value given
 * (the TUI's prompt).
 *
 * Ownership: a struct fix_plan owns its fixes and everything in them;
 * fix_plan_free() releases it. A struct fix_result owns its outputs
 * (fix_result_free). Inputs (struct fix_input) are borrowed for the call.
 */
#ifndef BERTH_FIX_H
#define BERTH_FIX_H

#include <stddef.h>
#include "check.h"
#include "config.h"
#include "fsview.h"
#include "util.h"

struct scan;

struct repo;
struct repo_stamp;

/* Replace [start, end) of the original text with `text` (insertion when start == end). */
struct fix_edit {
	size_t start, end;
	char *text;
};

/* The edits of one file, sorted by start and never overlapping. */
struct fix_change {
	char *path;             /* repository-relative */
	int create;             /* the file does not exist: one edit at [0, 0) holds all of it */
	struct fix_edit *edits;
	size_t nedits;
};

/* Why a fix was withheld by verification. */
enum fix_why {
	FIX_WHY_PARSE,          /* the fixed text has a parse finding the original did not have */
	FIX_WHY_STILL_FAILS,    /* its item still fails as before */
	FIX_WHY_REGRESSION,     /* another item turned from pass (or n/a) to fail */
	FIX_WHY_NOT_IDEMPOTENT, /* planning it again on the fixed text changes something */
	FIX_WHY_CONFLICT,       /* its edits overlap or fall outside the text (a generator bug) */
	FIX_WHY_COUNT
};
const char *fix_why_name(enum fix_why w);   /* "parse", "still-fails", ... */

/*
 * How sure a fix is (CHECKLIST.md "Fixes"): `safe` changes nothing the
 * container does beyond the item's intent; `review` changes what it does and
 * says what to check; `withheld` has no edits, only the reason and what a
 * person would write. Ordered: a plan's fixes at or below a level are taken.
 */
enum fix_level { FIX_LEVEL_SAFE, FIX_LEVEL_REVIEW, FIX_LEVEL_WITHHELD };
const char *fix_level_name(enum fix_level l);           /* "safe", "review", "withheld" */
/* 0 and *out for "safe" or "review" (the levels `--level` takes); -1 otherwise. */
int fix_level_parse(const char *s, enum fix_level *out);

/*
 * What the file is for (CHECKLIST.md "roles"), as far as fixes care: hardening
 * and runtime edits only where the roles table judges the item as written.
 * The roles part decides it; ROLE_RUNTIME (0) is every caller's default.
 */
struct fix {
	int item;               /* enum item_id */
	const char *rule;       /* static: finer id, e.g. "apt-merge-update", "cmd-exec-form" */
	char *title;            /* one line for the TUI and reports: "add --no-install-recommends" */
	char *service;          /* compose: the service it edits, else NULL */
	char *note;             /* level, evidence, what to check; for a withheld fix why (NULL: none) */
	enum fix_level level;   /* FIX_LEVEL_WITHHELD: no edits, only the note */
	char *value_name;       /* fixes with a value: "pin.python", "limits.memory", ...; else NULL */
	char *value_default;    /* a suggestion for the prompt, or NULL */
	char *value;            /* the value used (NULL when needs_value) */
	int needs_value;        /* value_name set and no value given: no edits */
	int partial;            /* mends only part of its item: the item may still fail */
	struct fix_change *changes;     /* changes[0] is the planned file itself when it is edited */
	size_t nchanges;
};

/* One file to plan, as scan_audit_file() audits it. Everything is borrowed. */
struct fix_input {
	const char *path;               /* repository-relative */
	enum filekind kind;
	const char *data;
	size_t len;
	const struct fsview *fs;        /* the repository (may be NULL) */
	const struct config *cfg;       /* may be NULL */
	char *const *contexts;          /* as for scan_audit_file */
	size_t ncontexts;
	const char *only;               /* NULL, or item keys separated by ',' (--only) */
	/* the scan's judgement of the file, whose role re-audits keep (CHECKLIST.md roles); NULL: runtime */
	const struct file_result *judged;
	enum fix_level level;           /* fix_apply with no `chosen` takes fixes up to it (default safe) */
	enum role role;                 /* default runtime: every item judged as written (check.h) */
	int context_unknown;            /* the build context is a guess: nothing written into it */
	/* the repository's facts the scan judged the file with (struct scan): re-audits use them too */
	char *const *build_args;
	size_t nbuild_args;
	char *const *named_contexts;
	size_t nnamed_contexts;
	char *const *project_images;
	size_t nproject_images;
	int official_images;            /* the scan's (set with `scan`) */
	/* the whole scan, or NULL: the other Dockerfiles built with the same context (perf.dockerignore) */
	const struct scan *scan;
};

struct fix_plan {
	char *path;
	enum filekind kind;
	struct file_result before;      /* the audit of the original text */
	struct fix *fixes;              /* verified, in checklist order */
	size_t nfixes;
	size_t withheld[FIX_WHY_COUNT]; /* fixes generated but not offered, by reason */
	size_t withheld_item[ITEM_COUNT];
	struct fix *held;               /* withheld by a precondition: no edits, a note each */
	size_t nheld;
};

/*
 * Plan the fixes of one file. 0 ok (possibly no fixes); -1 when the input
 * cannot be planned (binary content). Always leaves *out valid to free.
 */
int fix_plan(struct fix_plan *out, const struct fix_input *in);
void fix_plan_free(struct fix_plan *p);

/*
 * Plan the fix of one item with a value given (the TUI's prompt): `value`
 * stands for the fix's value_name. 0 and *out (free with fix_free) when a
 * verified fix results; -1 when none does (*why set when it was withheld,
 * else FIX_WHY_COUNT).
 */
int fix_plan_value(struct fix **out, const struct fix_input *in, int item,
		   const char *value_name, const char *value, enum fix_why *why);
void fix_free(struct fix *f);

/*
 * The notes of a plan (CHECKLIST.md "Fixes": every `berth fix` mode prints
 * them on stderr): one line per fix, withheld ones included, in line order:
 * `path:line: [key] level: note`. fix_note_line formats one of them.
 */
void fix_note_line(struct buf *out, const char *path, int line, const char *key,
		   enum fix_level level, const char *note);
void fix_plan_notes(struct buf *out, const struct fix_plan *p);
/* The line a fix's note points at: its item's first failing finding in `before`, else 1. */
int fix_note_at(const struct file_result *before, const struct fix *f);

/*
 * Plan the file and give each of its failing findings with a fix the level
 * and note of that fix (struct finding's fix_level, fix_note: JSON/SARIF),
 * the same as fix_plan (and `berth fix --dry-run`) says. `r` holds the
 * findings to annotate; only their items are planned (each item is planned
 * on its own, so nothing else changes), and a file with none is not planned.
 * fix_annotate_from borrows `before`, the audit of in->data as `in`
 * describes it (the scan's own, unfiltered), instead of auditing the file
 * again; NULL (and fix_annotate) audits it.
 */
void fix_annotate(struct file_result *r, const struct fix_input *in);
void fix_annotate_from(struct file_result *r, const struct fix_input *in, const struct file_result *before);

/*
 * A view of `base` that asks it each question once and keeps the answer
 * (reads, stats, listings; whether git tracks a path is asked each time):
 * for the many audits of one command over a repository that does not change
 * meanwhile. Safe to share between threads. `known` (or NULL) gives the
 * contents of a file the caller already read (0, borrowed), else -1: those
 * are served from the caller's copy and not kept twice.
 */
struct fix_view_cache;
typedef int (*fix_view_known_fn)(void *payload, const char *path, const char **data, size_t *len);
struct fix_view_cache *fix_view_cache_new(const struct fsview *base, fix_view_known_fn known, void *payload);
void fix_view_cache_view(struct fix_view_cache *c, struct fsview *out);
void fix_view_cache_free(struct fix_view_cache *c);

/*
 * What a person would write for an item berth's fix leaves to them
 * (fix_hint.c): withheld, needing a value, kept off by the file's role. For
 * every item with a fix: *write, a few lines to adapt, filled from the file
 * where it tells (final image, EXPOSEd port, the Compose `service`; "<...>"
 * marks what only the author knows), and *check, what to check first (or
 * NULL). 0 (both malloc'd), -1 when the item has no hint for that kind.
 */
int fix_hint(int item, enum filekind kind, const char *data, size_t len, const char *service,
	     char **write, char **check);

/* A file as it stands after fixes. */
struct fix_output {
	char *path;
	int create;             /* new file */
	char *old;              /* the content before (NULL when created) */
	size_t oldlen;
	char *data;             /* the content after */
	size_t len;
	size_t nfixes;          /* fixes that changed it */
};

struct fix_result {
	struct fix_output *files;       /* files[0] is the planned file when it changed */
	size_t nfiles;
	size_t applied;                 /* fixes applied */
	size_t dropped;                 /* chosen fixes that no longer applied after the others */
	int applied_item[ITEM_COUNT];   /* fixes applied per item */
};

/*
 * Apply the chosen fixes of `plan` (indices into plan->fixes; when `chosen`
 * is NULL, all of those whose level is at most in->level). Edits that do not overlap are combined on the
 * original text; a fix overlapping one already taken is re-planned on the
 * text as it stands and applied in sequence. The combined result is
 * verified like a single fix; when it is not clean, fixes are applied one at
 * a time with a re-plan in between. Fixes needing a value are skipped.
 */
int fix_apply(struct fix_result *out, const struct fix_input *in, const struct fix_plan *plan,
	      const size_t *chosen, size_t nchosen);
void fix_result_free(struct fix_result *r);

/*
 * Apply sorted, non-overlapping edits to a buffer: 0 and a malloc'd result
 * (NUL-terminated); -1 when edits overlap or leave the buffer.
 */
int fix_edits_apply(const char *data, size_t len, const struct fix_edit *e, size_t n,
		    char **out, size_t *outlen);

/*
 * An fsview that shows `outputs` over `base` (fixed files as they would be
 * written), for planning several files in a row (the second Dockerfile of
 * a context sees the .dockerignore the first one created). The view borrows
 * both; release it with fix_overlay_free().
 */
struct fix_overlay;
struct fix_overlay *fix_overlay_new(const struct fsview *base);
/* Record a file's new content (copied). */
void fix_overlay_put(struct fix_overlay *o, const char *path, const char *data, size_t len);
void fix_overlay_view(struct fix_overlay *o, struct fsview *out);
/*
 * Could the view answer differently about `path` than `base` does? 1 when
 * the overlay holds the file, or a folder its created files made or added a
 * name to; 0 when reading, stat-ing or listing `path` gives base's answer.
 */
int fix_overlay_touches(struct fix_overlay *o, const char *path);
void fix_overlay_free(struct fix_overlay *o);

#endif
