/*
 * check_memo - answers about the repository that a check would otherwise
 * work out again for every file it judges: the first file to ask computes
 * the answer, every later file of the same scan reads it. sec.healthcheck's
 * search of the program sources (check_sec.c) is asked per build context:
 * every probe-less Dockerfile built with that context asked it, and the fix
 * engine's re-audits asked it again.
 *
 * An answer is an int stored under (kind, key): `kind` names the question
 * (a static string), `key` its argument (a build context). The memo holds
 * what the repository was when first asked: it lives as long as one scan.
 *
 * Threads: the scan judges files and the fix engine plans them on the pool
 * (pool.h). A key's answer is computed once, by the first thread to ask it;
 * a thread asking the same key meanwhile waits for that answer; different
 * keys are computed in parallel.
 *
 * Ownership: struct scan owns its memo (check_memo_new, check_memo_free);
 * an audit borrows it (struct audit.memo). A NULL memo (a file judged
 * alone) stores nothing: every ask computes.
 */
#ifndef BERTH_CHECK_MEMO_H
#define BERTH_CHECK_MEMO_H

#include <stddef.h>

struct check_memo;

struct check_memo *check_memo_new(void);
void check_memo_free(struct check_memo *m);

/* Computes one answer; `payload` is the one given to check_memo_int. */
typedef int (*check_memo_fn)(void *payload);

/*
 * The answer to question `kind` about `key`: fn(payload) the first time
 * the memo is asked it (the value stored), the stored value afterwards.
 * With m NULL: fn(payload), nothing stored.
 */
int check_memo_int(struct check_memo *m, const char *kind, const char *key, check_memo_fn fn, void *payload);

/*
 * How often m was asked, and how many answers it computed (the asks it
 * could not answer from memory): the tests hold a scan to one per key.
 * Both 0 for a NULL memo.
 */
void check_memo_counts(struct check_memo *m, size_t *asked, size_t *computed);

#endif
