/*
 * hadolint_config - `--hadolint-config FILE`: a repository's `.hadolint.yaml`
 * read into berth's struct config, so that moving from hadolint to berth
 * silences nothing less than hadolint's config did.
 *
 * Imported (through the DL -> item table of HADOLINT-MAP.md, item_of_hadolint()):
 *   ignored: [DLxxxx]            -> the item is ignored everywhere
 *   override: {error|warning|info|style: [DLxxxx]}
 *                                -> per-item severity (style -> info; an item
 *                                   named in several lists keeps the most severe)
 *   failure-threshold: LEVEL     -> fail-on (style -> info, none/ignore -> never)
 *   no-fail: true                -> fail-on never
 * Ids with no berth counterpart (SCxxxx, DL3008, ...) are accepted silently.
 * Every other hadolint key (trustedRegistries, label-schema, strict-labels,
 * disable-ignore-pragma, format, no-color, verbose, ...) is accepted and has
 * no effect; unknown keys are ignored as hadolint ignores them.
 *
 * Like config_load(), the struct is left untouched when the file is bad;
 * errors are "FILE:LINE:COL: message" (malloc'd) in *err.
 */
#ifndef BERTH_HADOLINT_CONFIG_H
#define BERTH_HADOLINT_CONFIG_H

#include "config.h"

/* 0 ok; -1 with a message in *err. */
int hadolint_config_load(struct config *c, const char *path, char **err);

#endif
