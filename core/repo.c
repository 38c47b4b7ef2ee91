/*
 * repo.c - opening a repository (or a plain folder), its root and branch,
 * command-line paths, candidate names and the content hash. Reading lives
 * in repo_read.c, listing in repo_list.c.
 */
#include "repo_priv.h"

#include <fcntl.h>
#include <unistd.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define REPO_FNV_OFFSET 0xcbf29ce484222325ULL   /* FNV-1a 64-bit offset basis */
#define REPO_FNV_PRIME 0x100000001b3ULL         /* FNV-1a 64-bit prime */

static char *git_message(const char *what)
{
	const git_error *e = git_error_last();
	return xasprintf("%s: %s", what, e && e->message ? e->message : "libgit2 error");
}

/* Branch name from HEAD: its symbolic target (born or unborn), "HEAD" when detached. */
static char *read_branch(git_repository *g)
{
	git_reference *head = NULL;
	char *name = NULL;
	if (git_reference_lookup(&head, g, "HEAD") < 0)
		return xstrdup("HEAD");
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
		const char *t = git_reference_symbolic_target(head);
		if (t && str_starts(t, "refs/heads/"))
			name = xstrdup(t + strlen("refs/heads/"));
		else if (t)
			name = xstrdup(t);
	}
	git_reference_free(head);
	return name ? name : xstrdup("HEAD");
}

/* The physical absolute form of a folder, without a trailing '/' (except "/"). */
static char *physical_dir(const char *dir)
{
	char *p = realpath(dir, NULL), *q;
	size_t n;
	if (!p)
		return NULL;
	q = xstrdup(p);
	free(p);
	n = strlen(q);
	while (n > 1 && q[n - 1] == '/')
		q[--n] = '\0';
	return q;
}

static int open_git(struct repo *r, const char *dir, char **err)
{
	const char *wd;
	int rc = git_repository_open_ext(&r->git, dir, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		r->git = NULL;
		r->root = physical_dir(dir);
		return r->root ? 0 : -1;
	}
	if (rc < 0) {
		*err = git_message(dir);
		r->git = NULL;
		return -1;
	}
	r->bare = git_repository_is_bare(r->git);
	wd = r->bare ? git_repository_path(r->git) : git_repository_workdir(r->git);
	r->root = wd ? physical_dir(wd) : NULL;
	if (!r->root) {
		*err = xasprintf("%s: cannot resolve the repository's folder", dir);
		return -1;
	}
	r->branch = read_branch(r->git);
	return 0;
}

int repo_open(struct repo **out, const char *path, char **err)
{
	struct stat st;
	struct repo *r;
	char *dir;

	*out = NULL;
	*err = NULL;
	if (!path || !*path)
		path = ".";
	if (stat(path, &st) < 0) {
		*err = xasprintf("%s: no such file or folder", path);
		return -1;
	}
	dir = S_ISDIR(st.st_mode) ? xstrdup(path) : NULL;
	if (!dir) {
		const char *slash = strrchr(path, '/');
		dir = slash ? (slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path))) : xstrdup(".");
	}
	if (gitlib_load(err) < 0) {
		free(dir);
		return -1;
	}
	r = xcalloc(1, sizeof(*r));
	pthread_mutex_init(&r->lock, NULL);
	r->rootfd = -1;
	if (open_git(r, dir, err) < 0) {
		if (!*err)
			*err = xasprintf("%s: cannot open: %s", path, strerror(errno));
		free(dir);
		repo_free(r);
		return -1;
	}
	free(dir);
	r->rootfd = open(r->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	*out = r;
	return 0;
}

void repo_free(struct repo *r)
{
	if (!r)
		return;
	if (r->index)
		git_index_free(r->index);
	if (r->git)
		git_repository_free(r->git);
	free(r->root);
	free(r->branch);
	if (r->rootfd >= 0)
		close(r->rootfd);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

const char *repo_root(const struct repo *r) { return r->root; }
int repo_is_git(const struct repo *r) { return r->git != NULL; }
int repo_is_bare(const struct repo *r) { return r->git && r->bare; }
const char *repo_branch(const struct repo *r) { return r->branch; }
struct git_repository *repo_git(struct repo *r) { return r->git; }

void repo_refresh_branch(struct repo *r)
{
	if (!r->git)
		return;
	free(r->branch);
	r->branch = read_branch(r->git);
}

git_index *repo_index(struct repo *r)
{
	if (!r->git || r->bare)
		return NULL;
	if (!r->index) {
		if (git_repository_index(&r->index, r->git) < 0) {
			r->index = NULL;
			return NULL;
		}
	} else if (git_index_read(r->index, 0) < 0) {
		return NULL;
	}
	return r->index;
}

/* Absolute, lexically normalised form of a command-line path ("/" for the root). */
static char *absolute_path(const char *path)
{
	char cwd[PATH_MAX], *joined, *norm;
	if (path[0] == '/') {
		joined = xstrdup(path + 1);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			return NULL;
		joined = xasprintf("%s/%s", cwd + 1, path);
	}
	norm = path_join_norm("", joined);
	free(joined);
	if (!norm)
		return xstrdup("/");    /* "/.." is "/" */
	joined = xasprintf("/%s", norm);
	free(norm);
	return joined;
}

/* The path with its folder resolved physically (the last component is kept: it may be a link). */
static char *physical_path(const char *abs)
{
	const char *slash = strrchr(abs, '/');
	char *dir, *pdir, *out;
	if (strcmp(abs, "/") == 0)
		return xstrdup("/");
	dir = slash == abs ? xstrdup("/") : xstrndup(abs, (size_t)(slash - abs));
	pdir = physical_dir(dir);
	free(dir);
	if (!pdir)
		return xstrdup(abs);
	out = strcmp(pdir, "/") == 0 ? xasprintf("/%s", slash + 1) : xasprintf("%s/%s", pdir, slash + 1);
	free(pdir);
	return out;
}

static int below_root(const char *root, const char *abs, char **rel)
{
	size_t n = strlen(root);
	if (strcmp(root, "/") == 0) {
		*rel = xstrdup(abs + 1);
		return 0;
	}
	if (strncmp(abs, root, n) != 0 || (abs[n] != '\0' && abs[n] != '/'))
		return -1;
	*rel = xstrdup(abs[n] ? abs + n + 1 : "");
	return 0;
}

int repo_relpath(const struct repo *r, const char *path, char **rel)
{
	char *abs, *phys;
	int rc;
	*rel = NULL;
	if (!path || !*path)
		path = ".";
	abs = absolute_path(path);
	if (!abs)
		return -1;
	phys = physical_path(abs);
	rc = below_root(r->root, phys, rel);
	if (rc < 0)
		rc = below_root(r->root, abs, rel);
	free(phys);
	free(abs);
	return rc;
}

static int dockerfile_name(const char *name)
{
	return strcmp(name, "Dockerfile") == 0 || str_starts(name, "Dockerfile.") ||
	       str_ends(name, ".Dockerfile") || str_ends(name, ".dockerfile") ||
	       strcmp(name, "Containerfile") == 0 || str_starts(name, "Containerfile.");
}

/* `base` itself, or base + ".*" + ext: "compose.yaml", "compose.prod.yaml" (the '*' may be empty). */
static int compose_stem(const char *name, const char *base)
{
	static const char *const exts[] = { ".yaml", ".yml" };
	size_t bn = strlen(base), n = strlen(name);
	if (strncmp(name, base, bn) != 0)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(exts); i++) {
		size_t en = strlen(exts[i]);
		if (strcmp(name + bn, exts[i]) == 0)
			return 1;
		if (n >= bn + 1 + en && name[bn] == '.' && strcmp(name + n - en, exts[i]) == 0)
			return 1;
	}
	return 0;
}

int repo_candidate_kind(const char *name, enum filekind *kind)
{
	if (!name || str_ends(name, ".dockerignore"))
		return 0;
	if (dockerfile_name(name)) {
		if (kind)
			*kind = KIND_DOCKERFILE;
		return 1;
	}
	if (compose_stem(name, "compose") || compose_stem(name, "docker-compose")) {
		if (kind)
			*kind = KIND_COMPOSE;
		return 1;
	}
	return 0;
}

uint64_t repo_hash(const char *data, size_t len)
{
	uint64_t h = REPO_FNV_OFFSET;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)data[i];
		h *= REPO_FNV_PRIME;
	}
	return h;
}

void repo_paths_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}
