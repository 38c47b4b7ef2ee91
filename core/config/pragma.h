/*
 * pragma - suppression comments inside the audited file (SPEC.md "Config"):
 *   # berth ignore=KEY[,KEY]            the line(s) directly above a finding's line
 *   # berth ignore-file=KEY[,KEY]       anywhere, the whole file
 *   # hadolint ignore=DLxxxx[,DLxxxx]   like berth ignore=, mapped by HADOLINT-MAP.md
 *   # hadolint global ignore=DLxxxx     like ignore-file=
 * "Directly above" is the run of comment lines that ends on the line before.
 */
#ifndef BERTH_PRAGMA_H
#define BERTH_PRAGMA_H

#include "check.h"
#include "text.h"

/* Mark the findings of `r` that the file's pragmas suppress. */
void pragma_apply(struct file_result *r, const struct text *t);

#endif
