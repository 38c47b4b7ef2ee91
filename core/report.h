/*
 * report - the output formats of `berth check` (SPEC.md): tty, json, sarif,
 * gnu and codeclimate. Every format is deterministic: files by path,
 * findings by line, column, key. Text from files is escaped so that no raw
 * control character reaches a terminal.
 */
#ifndef BERTH_REPORT_H
#define BERTH_REPORT_H

#include <stdio.h>
#include "scan.h"

enum report_fmt { FMT_TTY, FMT_JSON, FMT_SARIF, FMT_GNU, FMT_CODECLIMATE };

int report_fmt_parse(const char *s, enum report_fmt *out);   /* 0 ok, -1 unknown */

struct report_opts {
	int color;              /* tty only: ANSI colours */
};

void report_write(FILE *out, enum report_fmt fmt, const struct scan *s, const struct report_opts *o);
/* 1 when an unsuppressed finding is at or above fail_on (SEV_NEVER: never), else 0. */
int report_failed(const struct scan *s, enum sev fail_on);

/* JSON string escaping, shared with the other writers. */
void json_put_string(FILE *out, const char *s);

#endif
