/*
 * The config a command runs with, found the same way by `check`, `fix` and
 * the TUI: --config FILE, else .berth.yaml at the root; then a hadolint
 * config: --hadolint-config FILE, else .hadolint.yaml / .hadolint.yml at the
 * root, so a repository that used hadolint keeps what its config silenced.
 */
#include "config.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "hadolint_config.h"
#include "util.h"

/* The path of the first of `names` present at the root (lstat: a link is still "present" and refused by the loader). */
static char *at_root(const char *root, const char *const *names)
{
	struct stat st;
	for (; *names; names++) {
		char *p = xasprintf("%s/%s", root, *names);
		if (lstat(p, &st) == 0)
			return p;
		free(p);
	}
	return NULL;
}

int config_load_repo(struct config *c, const char *root, const char *file,
		     const char *hadolint, char **err)
{
	static const char *const berth_names[] = { ".berth.yaml", NULL };
	static const char *const hadolint_names[] = { ".hadolint.yaml", ".hadolint.yml", NULL };
	char *path = file ? xstrdup(file) : at_root(root, berth_names);
	int rc = 0;
	*err = NULL;
	if (path)
		rc = config_load(c, path, err);
	free(path);
	if (rc < 0)
		return rc;
	path = hadolint ? xstrdup(hadolint) : at_root(root, hadolint_names);
	if (path)
		rc = hadolint_config_load(c, path, err);
	free(path);
	return rc;
}
