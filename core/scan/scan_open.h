/*
 * scan_open - how every command (check, fix, the TUI) opens the repository
 * its PATHs lie in and loads the config it runs with, so that the files a
 * command reads and what it honours never depend on which command it is.
 *
 * The repository is looked for from the folder of the only PATH, or the
 * deepest folder holding all of them (outside a repository that folder is
 * the root the paths are relative to); no PATH means ".". The config is
 * config_load_repo's: --config FILE else .berth.yaml at the root, then
 * --hadolint-config FILE else .hadolint.yaml / .hadolint.yml at the root.
 *
 * It lives in scan/ because scan is the one part that sees both repo/ and
 * config/, and every command goes through the scan right after.
 */
#ifndef BERTH_SCAN_OPEN_H
#define BERTH_SCAN_OPEN_H

#include <stddef.h>
#include "config.h"
#include "repo.h"

struct scan_open_opts {
	char *const *paths;             /* the command line's PATHs (borrowed) */
	size_t npaths;
	const char *config;             /* --config FILE, or NULL */
	const char *hadolint;           /* --hadolint-config FILE, or NULL */
};

enum scan_open_rc {
	SCAN_OPEN_OK = 0,
	SCAN_OPEN_NO_REPO = -1,         /* a PATH does not exist, or no repository: *repo is NULL */
	SCAN_OPEN_BAD_CONFIG = -2,      /* *repo is open; *cfg is as far as it got (callers reset or stop) */
};

/*
 * Open the repository into *repo and load the config into *cfg (which the
 * caller has config_init'ed). SCAN_OPEN_OK, or an error above with a
 * message in *err (malloc'd, without the command's name).
 */
int scan_open(struct repo **repo, struct config *cfg, const struct scan_open_opts *o, char **err);

#endif
