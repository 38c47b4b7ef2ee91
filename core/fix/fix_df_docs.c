/*
 * fix_df_docs - what the repository's own documentation mounts into the
 * image: sec.non-root must not move an app off root when its docs tell users
 * to bind-mount a host folder over its data (jellyseerr's
 * `-v /path/to/appdata/config:/app/config`, openobserve's
 * `-v $PWD/data:/data`). Docker creates that folder root-owned, and every
 * existing installation's files there were written by root.
 */
#include <stdlib.h>
#include <string.h>

#include "fix_df.h"
#include "fix_priv.h"
#include "fsview.h"
#include "text.h"
#include "util.h"

/* Documentation files berth reads, at most (README and docs/ Markdown). */
#define FIX_DOCS_MAX_FILES 400
/* Largest documentation file berth reads. */
#define FIX_DOCS_MAX_SIZE (512u * 1024u)
/* How deep under docs/ berth looks. */
#define FIX_DOCS_MAX_DEPTH 4

struct docs_walk {
	const struct fix_ctx *c;
	const char *wd;         /* the final WORKDIR, image path without '/' */
	size_t files;
	char *hit;
};

/* A host folder as docs write it: /abs, ./rel, ~/x, $PWD/x, ${PWD}/x, $(pwd)/x. */
static int host_source(const char *s, size_t n)
{
	static const char *const starts[] = { "/", "./", "../", "~/", "$PWD", "${PWD}", "$(pwd)", NULL };
	for (size_t i = 0; starts[i]; i++)
		if (n >= strlen(starts[i]) && strncmp(s, starts[i], strlen(starts[i])) == 0)
			return 1;
	return 0;
}

/* The target is the app's folder: under the final WORKDIR, or a path the Dockerfile names. */
static int app_target(const struct docs_walk *w, const char *t)
{
	static const char *const system[] = { "/etc", "/var/run", "/run", "/dev", "/proc", "/sys", "/tmp", "/usr",
					      "/lib", "/bin", "/sbin", NULL };
	const char *df = w->c->in->data;
	size_t tl = strlen(t), wl = strlen(w->wd);
	if (tl < 2 || t[0] != '/')
		return 0;
	for (size_t i = 0; system[i]; i++)
		if (str_starts(t, system[i]) && (t[strlen(system[i])] == '\0' || t[strlen(system[i])] == '/'))
			return 0;
	if (wl && strncmp(t + 1, w->wd, wl) == 0 && (t[wl + 1] == '\0' || t[wl + 1] == '/'))
		return 1;
	for (const char *p = df; p && (p = strstr(p, t)) != NULL; p += tl) {
		char before = p > df ? p[-1] : ' ', after = p[tl];
		if (strchr(" \t\"'=[,", before) && strchr(" \t\"'/],\n\r", after) && after != '\0')
			return 1;
	}
	return 0;
}

/* Looks in one document for SOURCE:TARGET with a host folder as source. */
static void scan_doc(struct docs_walk *w, const char *name, const char *text)
{
	for (const char *p = text; !w->hit && (p = strstr(p, ":/")) != NULL; p++) {
		const char *s = p, *e = p + 1;
		char *src, *tgt;
		while (s > text && !strchr(" \t\n\r\"'`=(", s[-1]))
			s--;
		while (*e && !strchr(" \t\n\r\"'`:)\\", *e))
			e++;
		if (p == s || !host_source(s, (size_t)(p - s)) || p[2] == '/')
			continue;
		src = xstrndup(s, (size_t)(p - s));
		tgt = xstrndup(p + 1, (size_t)(e - p - 1));
		if (app_target(w, tgt))
			w->hit = xasprintf("%s mounts the host folder %s at %s", name, src, tgt);
		free(src);
		free(tgt);
	}
}

static void read_doc(struct docs_walk *w, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	if (w->files++ >= FIX_DOCS_MAX_FILES)
		return;
	if (fs_read(w->c->in->fs, path, &data, &len) == 0 && len <= FIX_DOCS_MAX_SIZE && !memchr(data, '\0', len))
		scan_doc(w, path, data);
	free(data);
}

static void walk_docs(struct docs_walk *w, const char *dir, int depth)
{
	char **names = NULL;
	size_t n = 0;
	if (depth > FIX_DOCS_MAX_DEPTH || fs_list(w->c->in->fs, dir, &names, &n) != 0)
		return;
	for (size_t i = 0; i < n && !w->hit; i++) {
		char *path = path_join_norm(dir, names[i]);
		enum fs_type t = path ? fs_stat(w->c->in->fs, path) : FS_MISSING;
		if (t == FS_DIR && names[i][0] != '.')
			walk_docs(w, path, depth + 1);
		else if (t == FS_FILE && (str_ends(names[i], ".md") || str_ends(names[i], ".mdx")))
			read_doc(w, path);
		free(path);
	}
	fs_names_free(names, n);
}

char *fix_df_documented_bind(const struct fix_ctx *c, const char *wd)
{
	static const char *const readmes[] = { "README.md", "README", "readme.md", "README.rst", NULL };
	struct docs_walk w = { c, wd ? wd : "", 0, NULL };
	if (!c->in->fs || !c->in->data)
		return NULL;
	for (size_t i = 0; readmes[i] && !w.hit; i++)
		if (fs_stat(c->in->fs, readmes[i]) == FS_FILE)
			read_doc(&w, readmes[i]);
	if (!w.hit && fs_stat(c->in->fs, "docs") == FS_DIR)
		walk_docs(&w, "docs", 0);
	return w.hit;
}
