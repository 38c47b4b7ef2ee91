/*
 * check - findings, per-file results and the small API that every checklist
 * group (check_perf.c, check_sec.c, ..., check_compose.c) reports through.
 *
 * A group never decides an item's final status: it says which items apply to
 * the file (audit_applies) and adds findings (audit_add). check_finish()
 * then applies the config (ignore, severity overrides), pragmas, and derives
 * each item's status with CHECKLIST.md's rule:
 *   fail    - an unsuppressed finding of severity warning or error
 *   ignored - such findings exist but every one is suppressed
 *   pass    - applicable, nothing of the above (info notes may remain)
 *   n/a     - the item does not apply.
 *
 * Ownership: a struct file_result owns its path, findings and their strings;
 * file_result_free() releases them. Strings passed to audit_add are copied.
 */
#ifndef BERTH_CHECK_H
#define BERTH_CHECK_H

#include <stddef.h>
#include "items.h"
#include "text.h"

enum sev { SEV_INFO, SEV_WARNING, SEV_ERROR, SEV_NEVER };
enum status { ST_NA, ST_PASS, ST_FAIL, ST_IGNORED };

const char *sev_name(enum sev s);                 /* "info", "warning", "error", "never" */
int sev_parse(const char *s, enum sev *out);      /* 0 ok, -1 unknown */
const char *status_name(enum status s);           /* "pass", "fail", "n/a", "ignored" */

struct finding {
	int item;               /* enum item_id */
	char *rule;             /* finer id inside the item, e.g. "apt-no-y" */
	enum sev sev;
	size_t start, end;      /* byte span in the file, [start, end) */
	int line, col, end_line, end_col;   /* 1-based; end_col is inclusive of the last byte */
	char *message;
	enum fixkind fix;
	int suppressed;
	char *service;          /* compose: the service name, else NULL */
	const char *fix_level;  /* set by fix_annotate (core/fix): "safe", "review", "withheld"; else NULL */
	char *fix_note;         /* its note (SPEC.md `fix_note`), or NULL */
};

struct file_result {
	char *path;             /* relative to the repository root, '/' separators */
	enum filekind kind;
	enum status status[ITEM_COUNT];
	unsigned char applies[ITEM_COUNT];
	struct finding *findings;
	size_t nfindings, cap;
};

struct config;

/* What a checklist group writes into while it judges one file. */
struct audit {
	struct file_result *res;
	const struct text *text;        /* positions for spans */
	const struct config *cfg;       /* may be NULL: defaults */
	const char *service;            /* compose: set while judging one service */
};

void audit_init(struct audit *a, struct file_result *res, const char *path,
		enum filekind kind, const struct text *text, const struct config *cfg);
/* The item applies to this file (otherwise it ends up n/a). */
void audit_applies(struct audit *a, int item);
/*
 * Add a finding spanning [start, end) of the text. `rule` is a static string.
 * The item is marked as applying. Returns the finding (valid until the next add).
 */
struct finding *audit_add(struct audit *a, int item, enum sev sev, const char *rule,
			  size_t start, size_t end, enum fixkind fix,
			  const char *fmt, ...) __attribute__((format(printf, 8, 9)));

/*
 * Apply config severity overrides and ignores, pragmas (from the text), sort
 * findings (line, column, key) and derive every status.
 */
void check_finish(struct audit *a);

void file_result_free(struct file_result *r);

#endif
