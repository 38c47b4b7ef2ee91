/*
 * fix_session - the one pipeline from "these fixes are wanted" to files
 * planned, verified, written or committed, shared by `berth fix` and the
 * TUI (issue 14): both faces give it the scan they made and the (file,
 * items) picks they want, and read back the same batch.
 *
 * What it keeps, for the life of the scan it borrows:
 *  - per file, a memo of audits and parses (fix_memo) seeded with the scan's
 *    own audit of the file, so the original is never audited again;
 *  - per (file, item), the plan of that one item over the repository as
 *    read: the TUI's preview plans the item on screen, a batch reuses it
 *    (an item is planned on its own, so the fixes are fix_plan's);
 *  - the last batch (fix_session_apply), until the next one: the commit
 *    dialog opens on it and commits it.
 *
 * A batch takes the picks in path order over an overlay of what earlier
 * files' fixes changed (a later Dockerfile sees the .dockerignore an earlier
 * one created). A plan made over the repository as read is kept when no
 * path it (or the audit of the original) asked about is one the overlay
 * changed, and is made again over the overlay otherwise: the result is the
 * serial one, whatever was planned ahead or on the pool.
 *
 * Every file is read through the session, which notes the stamp of what it
 * read: each file a fix edits - the scanned file or a side file such as an
 * existing .dockerignore - carries the stamp of the content the fix was
 * planned on, so writing and committing refuse only a file that really
 * changed since (never "berth did not read it").
 *
 * struct fix passes through untouched: whatever a fix carries (title,
 * note, value, level) reaches the caller as the generator made it.
 *
 * Ownership: the session borrows the scan (and through it the repository
 * and the config, which may gain values - fix_session_forget_plans); it
 * must be freed before the scan. Plans and batches are the session's.
 */
#ifndef BERTH_FIX_SESSION_H
#define BERTH_FIX_SESSION_H

#include <stddef.h>
#include "fix.h"
#include "commit.h"
#include "repo.h"
#include "scan.h"

struct fix_session;

/* The fixes wanted for one scanned file: the items flagged (ITEM_COUNT flags), or NULL for every item. */
struct fix_pick {
	size_t file;                    /* index into the scan's files */
	const unsigned char *items;
};

/* One file as the batch leaves it. */
struct fix_session_out {
	char *path;
	int create;                     /* a new file (it must not exist when written) */
	char *old;                      /* the content the fixes were planned on (NULL when created) */
	size_t oldlen;
	char *data;                     /* the content after */
	size_t len;
	const struct repo_stamp *stamp; /* what was read (NULL when created) */
	const char *keys[ITEM_COUNT];   /* keys of the chosen fixes that edit it, checklist order */
	char *notes[ITEM_COUNT];        /* each key's fix note, level first ("review: ..."), or NULL */
	size_t nkeys;
	char *refused;                  /* "path: why" when it was not (or must not be) written, else NULL */
};

struct fix_batch {
	struct fix_session_out *files;  /* sorted by path */
	size_t nfiles;
	size_t applied;                 /* fixes applied */
	size_t dropped;                 /* chosen fixes that no longer applied after the others */
	size_t withheld[FIX_WHY_COUNT]; /* fixes verification withheld in the plans used */
};

struct fix_session *fix_session_new(const struct scan *s);
/*
 * The input to plan file `file` of `s` as the scan judged it: its role,
 * build contexts and build args, the project images; level safe. Every
 * planner of a scanned file starts here, so a re-audit always sees what the
 * scan saw.
 */
void fix_input_of_scan(struct fix_input *in, const struct scan *s, size_t file, const struct fsview *view,
		       const struct config *cfg);
void fix_session_free(struct fix_session *fs);

/* The config's values changed (a value given in the TUI): plans are made again, audits kept. */
void fix_session_forget_plans(struct fix_session *fs);

/*
 * The plan of one item of a file over the repository as read (cached); NULL
 * when the file cannot be planned (unread, binary). Borrowed until the next
 * fix_session_forget_plans or fix_session_free.
 */
const struct fix_plan *fix_session_plan(struct fix_session *fs, size_t file, int item);

/*
 * The fixes of that item (those needing a value skipped) applied alone,
 * over the repository as read: a preview. 0 and *out (fix_result_free), or
 * -1 when there is nothing to apply.
 */
int fix_session_try(struct fix_session *fs, size_t file, int item, struct fix_result *out);

/*
 * Plan and apply the picks over the repository as read on the pool, ahead
 * of fix_session_apply (berth fix: every file at once). Optional: a batch
 * plans on its own what was not prepared. Each file's memo is dropped once
 * it is prepared (a whole repository's audits would stay in memory).
 */
void fix_session_prepare(struct fix_session *fs, const struct fix_pick *picks, size_t n);

/*
 * Apply the picks (any order, one per file: a second pick of a file is
 * ignored; files without data are skipped) into the session's batch, which
 * replaces the last one.
 */
const struct fix_batch *fix_session_apply(struct fix_session *fs, const struct fix_pick *picks, size_t n);
/*
 * The highest fix level a batch applies (CHECKLIST.md, Fixes): FIX_LEVEL_SAFE
 * (the default: `berth fix`, the TUI's `A` and walkthrough) or
 * FIX_LEVEL_REVIEW (`berth fix --level review`; the TUI's `a`, after the note
 * was shown). Plans are the same at every level: only applying differs.
 */
void fix_session_set_level(struct fix_session *fs, enum fix_level level);

/*
 * Each planned fix's note, offered or withheld, one `path:line: [key] level:
 * note` line each (fix_plan_notes), for the picks' files in path order.
 */
struct buf;
void fix_session_notes(struct fix_session *fs, const struct fix_pick *picks, size_t n, struct buf *out);

/* The last batch, or NULL before the first fix_session_apply. */
const struct fix_batch *fix_session_batch(const struct fix_session *fs);

/*
 * Write the batch's files (repo_write: atomic, stamp-checked). Returns the
 * files written; each file not written has `refused` set.
 */
size_t fix_session_write(struct fix_session *fs);

/*
 * Commit the batch (commit_fixes with `opts`). A file the session itself
 * refused (changed while it was read) is left out with keep_going (its
 * message joins res->refused) and refuses everything without. As
 * commit_fixes: 0 done, -1 with *err.
 */
int fix_session_commit(struct fix_session *fs, const struct commit_opts *opts,
		       struct commit_result *res, char **err);

/* The batch's default commit message (commit_default_message; malloc'd). */
char *fix_session_commit_message(const struct fix_session *fs);

#endif
