/* scan_open - one way for every command to open the repository and load its config. */
#include "scan_open.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

/* The folder a PATH stands for: itself, or the folder of a file. */
static char *folder_of(const char *path)
{
	struct stat st;
	char *dir;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return xstrdup(path);
	dir = str_dirname(path);
	if (!*dir) {
		free(dir);
		dir = xstrdup(".");
	}
	return dir;
}

/* The folder of the only PATH, or the deepest folder holding all of them. */
static char *anchor(char *const *paths, size_t npaths)
{
	char *common = NULL;
	if (npaths == 0)
		return xstrdup(".");
	if (npaths == 1)
		return folder_of(paths[0]);
	for (size_t i = 0; i < npaths; i++) {
		char *dir = folder_of(paths[i]), *real = realpath(dir, NULL);
		size_t n = 0, cut = 0;
		free(dir);
		if (!real)
			continue;
		if (!common) {
			common = real;
			continue;
		}
		while (common[n] && common[n] == real[n]) {
			if (common[n] == '/')
				cut = n;
			n++;
		}
		if (!(common[n] == '\0' && (real[n] == '/' || real[n] == '\0')))
			common[cut ? cut : 1] = '\0';     /* "/" is the shortest ancestor */
		free(real);
	}
	return common ? common : xstrdup(".");
}

int scan_open(struct repo **repo, struct config *cfg, const struct scan_open_opts *o, char **err)
{
	struct stat st;
	char *dir;
	*repo = NULL;
	*err = NULL;
	for (size_t i = 0; i < o->npaths; i++)
		if (lstat(o->paths[i], &st) != 0) {
			*err = xasprintf("%s: no such file or folder", o->paths[i]);
			return SCAN_OPEN_NO_REPO;
		}
	dir = anchor(o->paths, o->npaths);
	if (repo_open(repo, dir, err) < 0) {
		free(dir);
		repo_free(*repo);
		*repo = NULL;
		if (!*err)
			*err = xstrdup("cannot open the repository");
		return SCAN_OPEN_NO_REPO;
	}
	free(dir);
	free(*err);
	*err = NULL;
	if (config_load_repo(cfg, repo_root(*repo), o->config, o->hadolint, err) < 0) {
		if (!*err)
			*err = xstrdup("cannot read the config");
		return SCAN_OPEN_BAD_CONFIG;
	}
	return SCAN_OPEN_OK;
}
