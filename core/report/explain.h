/*
 * explain - what berth teaches about each checklist item: why it matters,
 * how it is judged, a bad and a good example, and where the seed guide's own examples break the rule. Used by
 * `berth explain` (with the hadolint ids of the item's row in items.h), SARIF rule help and the TUI's detail pane.
 */
#ifndef BERTH_EXPLAIN_H
#define BERTH_EXPLAIN_H

#include <stdio.h>

struct explain {
	const char *why;        /* the rationale, a short paragraph */
	const char *judged;     /* how berth decides pass / fail / n/a */
	const char *bad;        /* an example that fails (file text) */
	const char *good;       /* the same, fixed */
	const char *seed_note;  /* where the seed guide breaks this rule, or "" */
};

/* Never NULL for a valid item id. */
const struct explain *explain_get(int item);
/* `berth explain KEY`: 0 ok, -1 unknown key (nothing written). */
int explain_write(FILE *out, const char *key);
/* `berth rules`: every item, as a table or as JSON. */
void rules_write(FILE *out, int json);

#endif
