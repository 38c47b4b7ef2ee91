/*
 * report - the output formats of `berth check` (SPEC.md): tty, json, sarif,
 * gnu, codeclimate, and checkstyle, junit, github (workflow commands) and
 * markdown, the formats other CI tools read. Every format is deterministic:
 * files by path, findings by line, column, key. Text from files is escaped so that no raw
 * control character reaches a terminal, and JSON output is always valid
 * (control characters escaped, invalid UTF-8 written as U+FFFD).
 *
 * The writers only read the scan; nothing they return needs freeing.
 * Suppressed findings appear in json (suppressed: true) and sarif
 * (suppressions); tty, gnu and codeclimate leave them out and the tty
 * summary counts them.
 */
#ifndef BERTH_REPORT_H
#define BERTH_REPORT_H

#include <stddef.h>
#include <stdio.h>
#include "scan.h"
#include "util.h"

enum report_fmt { FMT_TTY, FMT_JSON, FMT_SARIF, FMT_GNU, FMT_CODECLIMATE,
		  FMT_CHECKSTYLE, FMT_JUNIT, FMT_GITHUB, FMT_MARKDOWN };

int report_fmt_parse(const char *s, enum report_fmt *out);   /* 0 ok, -1 unknown */
const char *report_fmt_name(enum report_fmt f);

/*
 * SARIF `fixes` hook for the fix engine: return the JSON text of a SARIF
 * `fixes` array for this finding (malloc'd; the writer frees it), or NULL
 * for none. The text is spliced in as is, so it must be valid JSON.
 */
typedef char *(*report_sarif_fixes_fn)(const struct scan *s, const struct scan_file *f,
				       const struct finding *fd, void *payload);

struct report_opts {
	int color;                          /* tty only: ANSI colours */
	report_sarif_fixes_fn sarif_fixes;  /* sarif only, may be NULL */
	void *payload;                      /* handed to sarif_fixes */
	const char *since_ref;              /* check --since REF: the REF, else NULL */
	size_t since_left_out;              /* findings --since left out */
};

void report_write(FILE *out, enum report_fmt fmt, const struct scan *s, const struct report_opts *o);
/* 1 when an unsuppressed finding is at or above fail_on (SEV_NEVER: never), else 0. */
int report_failed(const struct scan *s, enum sev fail_on);

/*
 * A file's role for people (CHECKLIST.md, roles): "runtime", or the role's
 * words and its evidence, "dev environment — under .devcontainer/" (with
 * `ascii`, " - " for the dash). Nothing for a file judged alone (no reason).
 */
void report_role_text(struct buf *b, const struct file_result *r, int ascii);
/* The same after " — " (the tty report's file header); nothing when there is no reason. */
void report_role_label(struct buf *b, const struct file_result *r);

/* JSON string escaping, shared with the other writers (quotes included). */
void json_put_string(FILE *out, const char *s);
void json_put_stringn(FILE *out, const char *s, size_t len);

#endif
