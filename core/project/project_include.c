/*
 * project_include - Dockerfiles that INCLUDE others (beyond CHECKLIST.md
 * revision 4, tests/realworld/HOLDOUT7.md manyfold). The
 * devthefuture/dockerfile-x frontend, selected by a `# syntax=` line, pastes
 * each INCLUDEd file in place: `manyfold.dockerfile` INCLUDEs base, build
 * and runtime fragments in that order, so `FROM base AS build` in the second
 * fragment names the first one's stage, not an image called base. berth
 * audits each file alone; what the INCLUDEs make known before a file (the
 * stages of the fragments pasted before it) reaches its audit as named
 * contexts, "NAME=include:PATH".
 */
#include "project.h"
#include "project_priv.h"

#include <stdlib.h>
#include <string.h>

#include "dockerfile.h"
#include "util.h"

static void add_stages(const struct fsview *fs, const char *path, char ***names, size_t *n)
{
	struct df_file df;
	char *data = NULL;
	size_t len = 0;
	if (fs_read(fs, path, &data, &len) != 0 || len > PROJECT_MAX_FILE) {
		free(data);
		return;
	}
	df_parse(&df, data, len);
	for (size_t s = 0; s < df.nstages && *n < PROJECT_INCLUDE_NAMES_MAX; s++)
		if (df.stages[s].name)
			plist_add(names, n, xasprintf("%s=include:%s", df.stages[s].name, path));
	df_free(&df);
	free(data);
}

/* An INCLUDE's path: against the including file's folder, then the repository root (manyfold's docker/x from docker/). */
static char *resolve(const struct fsview *fs, const char *from, const char *arg)
{
	char *dir = str_dirname(from), *p = path_join_norm(dir, arg);
	free(dir);
	if (p && fs_stat(fs, p) == FS_FILE)
		return p;
	free(p);
	p = path_join_norm("", arg);
	if (p && fs_stat(fs, p) == FS_FILE)
		return p;
	free(p);
	return NULL;
}

size_t project_includes(const struct fsview *fs, const char *path, const struct df_file *df, char **out, size_t max)
{
	size_t n = 0;
	if (!df->syntax || df_frontend_docker(df->syntax))
		return 0;
	for (size_t i = 0; i < df->ninstrs && n < max; i++) {
		const struct df_instr *in = &df->instrs[i];
		char *p;
		if (in->kind != DF_UNKNOWN || !in->keyword || strcmp(in->keyword, "INCLUDE") || in->nwords != 1)
			continue;
		if ((p = resolve(fs, path, in->words[0].text)) != NULL)
			out[n++] = p;
	}
	return n;
}

void project_include_names(const struct fsview *fs, char *const *included, size_t upto, char ***names, size_t *n)
{
	for (size_t k = 0; k < upto; k++)
		add_stages(fs, included[k], names, n);
}
