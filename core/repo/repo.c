/*
 * repo.c - opening a repository (or a plain folder), its root and branch,
 * command-line paths, candidate names and the content hash. Reading lives
 * in repo_read.c, listing in repo_list.c.
 */
#include "repo_priv.h"

#include <fcntl.h>
#include <unistd.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define REPO_FNV_OFFSET 0xcbf29ce484222325ULL   /* FNV-1a 64-bit offset basis */
#define REPO_FNV_PRIME 0x100000001b3ULL         /* FNV-1a 64-bit prime */

/* "<what>: <libgit2's last message>" (libgit2 loaded). */
static char *git_failure(const char *what)
{
	const git_error *e = git_error_last();
	return xasprintf("%s: %s", what, e && e->message ? e->message : "libgit2 error");
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

static char *join(const char *dir, const char *name)
{
	return strcmp(dir, "/") == 0 ? xasprintf("/%s", name) : xasprintf("%s/%s", dir, name);
}

/* The folder holding an absolute path ("/" for "/a"). */
static char *parent_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return !slash || slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

static void rtrim(char *s)
{
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

/* A small file's content, NUL-terminated; NULL (errno set) when it cannot be read or is over `max` bytes. */
static char *slurp(const char *path, size_t max)
{
	struct stat st;
	size_t n = 0;
	char *buf;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (uintmax_t)st.st_size > max) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	buf = xmalloc(max + 1);
	for (;;) {
		ssize_t got = read(fd, buf + n, max - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0 || (n += (size_t)got) == max)
			break;
	}
	close(fd);
	buf[n] = '\0';
	return buf;
}

/* What stat(2) says `dir/name` is (links followed, as libgit2 looks): S_IFREG, S_IFDIR, ... or 0. */
static mode_t kind_at(const char *dir, const char *name)
{
	struct stat st;
	char *p = join(dir, name);
	int rc = stat(p, &st);
	free(p);
	return rc == 0 ? (st.st_mode & S_IFMT) : 0;
}

/*
 * Finding the repository without libgit2
 *
 * Loading libgit2 costs ~10 ms per process, so repo_open() finds the
 * repository the way git_repository_open_ext(path, 0, NULL) did for it
 * before (libgit2 1.5's find_repo), and opens it with libgit2 only when
 * git is needed. From the start folder upwards, each folder X is tried as
 * X/.git (a folder, or a "gitdir: PATH" file as worktrees and submodules
 * have), then as X itself (a bare repository); a git folder counts when it
 * has a HEAD file and objects/ and refs/ folders (in the folder its
 * "commondir" file names, for a worktree). The search stops at the first
 * folder on another device than the start, and before "/" (libgit2 looks
 * at "/" only when it starts there). Like open_ext with flags 0 (and so
 * like berth always was), GIT_DIR, GIT_WORK_TREE and GIT_CEILING_DIRECTORIES
 * are not read: libgit2 reads them only for GIT_REPOSITORY_OPEN_FROM_ENV.
 *
 * Whatever is not the plain case is left to libgit2, at once and exactly
 * as before (its answer and its errors): a bare repository, a malformed or
 * unreadable .git file, commondir or config, a config that is not plainly
 * readable here (includes, extensions, a format version other than 0,
 * quoted or continued values), core.bare set on a work tree, and any git
 * folder or work tree not owned by the current user (libgit2 then applies
 * safe.directory). One difference remains: the global and system git
 * config are not read until git is needed, so a broken ~/.gitconfig no
 * longer stops a check of one file; it is reported (repo_error) when
 * libgit2 first opens the repository, and so is a core.bare or
 * core.worktree set there that would move the work tree.
 */
enum found {
	FOUND_NONE,             /* no repository: a plain folder */
	FOUND_GIT,              /* found, and filled in */
	FOUND_ASK_LIBGIT2,      /* not the plain case: libgit2 decides */
};

/* libgit2's is_valid_repository_path: 1 a git folder (*common set), 0 not one, -1 ask libgit2. */
static int git_folder(const char *path, char **common)
{
	*common = NULL;
	if (kind_at(path, "commondir") == S_IFREG) {
		char *file = join(path, "commondir"), *link = slurp(file, PATH_MAX), *joined;
		free(file);
		if (!link)
			return -1;
		rtrim(link);
		joined = link[0] == '/' ? xstrdup(link) : join(path, link);
		*common = physical_dir(joined);
		free(joined);
		free(link);
		if (!*common)
			return -1;
	} else {
		*common = physical_dir(path);
		if (!*common)
			return -1;
	}
	if (kind_at(path, "HEAD") == S_IFREG && kind_at(*common, "objects") == S_IFDIR &&
	    kind_at(*common, "refs") == S_IFDIR)
		return 1;
	free(*common);
	*common = NULL;
	return 0;
}

/* A config section or variable name as this reader accepts it: a letter, then letters, digits and '-'. */
static int config_name(const char *s, size_t n)
{
	if (n == 0 || !isalpha((unsigned char)s[0]))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return 0;
	return 1;
}

/* 1 when only blanks and perhaps a comment follow. */
static int config_rest_empty(const char *s)
{
	s += strspn(s, " \t");
	return *s == '\0' || *s == '#' || *s == ';';
}

/* A value's text before an inline comment, trimmed; NULL when it has quotes or escapes. */
static char *config_value(char *v)
{
	v[strcspn(v, "#;")] = '\0';
	if (strpbrk(v, "\"\\"))
		return NULL;
	v += strspn(v, " \t");
	rtrim(v);
	return v;
}

/* git_config_parse_bool, for the words this reader accepts: 1, 0, or -1. */
static int config_bool(const char *v)
{
	static const char *const yes[] = { "true", "yes", "on", "1" }, *const no[] = { "false", "no", "off", "0", "" };
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++)
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
	for (size_t i = 0; i < ARRAY_SIZE(no); i++)
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	return -1;
}

/*
 * core.bare and core.worktree from the repository's own config file, read
 * only when it is plain: "[name]" sections (no subsection in core, none of
 * include, includeIf, extensions), "name = value" or "name" lines, comments;
 * no quotes, escapes or continued lines anywhere, core.repositoryformatversion
 * 0 when set. 0 read (a missing file reads as empty; *bare -1 when unset);
 * -1 ask libgit2.
 */
static int read_core_config(const char *path, int *bare, char **worktree)
{
	char *text = slurp(path, 1u << 20), *line, *next;
	int in_core = -1, rc = 0;       /* -1 before the first section */
	*bare = -1;
	*worktree = NULL;
	if (!text)
		return errno == ENOENT ? 0 : -1;
	for (line = text; line && rc == 0; line = next) {
		char *p = line, *eq, *v;
		size_t n;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		rtrim(p);
		p += strspn(p, " \t");
		if (!*p || *p == '#' || *p == ';')
			continue;
		if (*p == '[') {
			char *close = strchr(p, ']');
			n = close ? (size_t)(close - p - 1) : 0;
			if (!close || !config_name(p + 1, n) || !config_rest_empty(close + 1) ||
			    (n == 7 && strncasecmp(p + 1, "include", n) == 0) ||
			    (n == 9 && strncasecmp(p + 1, "includeif", n) == 0) ||
			    (n == 10 && strncasecmp(p + 1, "extensions", n) == 0))
				rc = -1;
			in_core = n == 4 && strncasecmp(p + 1, "core", n) == 0;
			continue;
		}
		eq = strchr(p, '=');
		n = strcspn(p, " \t=#;");
		if (in_core < 0 || !config_name(p, n) || p[strlen(p) - 1] == '\\' ||
		    (eq ? p + n + strspn(p + n, " \t") != eq : !config_rest_empty(p + n))) {
			rc = -1;
			break;
		}
		v = eq ? config_value(eq + 1) : NULL;
		if (eq && !v) {
			rc = -1;
			break;
		}
		if (!in_core)
			continue;
		if (n == 4 && strncasecmp(p, "bare", n) == 0) {
			*bare = v ? config_bool(v) : 1;         /* "bare" alone is true */
			rc = *bare < 0 ? -1 : 0;
		} else if (n == 23 && strncasecmp(p, "repositoryformatversion", n) == 0) {
			rc = v && strcmp(v, "0") == 0 ? 0 : -1;
		} else if (n == 8 && strncasecmp(p, "worktree", n) == 0) {
			free(*worktree);
			*worktree = v ? xstrdup(v) : NULL;
			rc = v ? 0 : -1;
		}
	}
	free(text);
	if (rc < 0) {
		free(*worktree);
		*worktree = NULL;
	}
	return rc;
}

/* libgit2 refuses a repository not owned by the current user unless safe.directory allows it: its call. */
static int owned(const char *path)
{
	struct stat st;
	if (!path || lstat(path, &st) < 0)
		return !path || errno == ENOENT;
	return st.st_uid == geteuid();
}

/*
 * The repository whose git folder `gitdir` (physical; common folder
 * `common`) was found through `x`/.git (`gitlink`: that file, NULL for a
 * folder): its work tree, as libgit2's load_workdir finds it. FOUND_GIT
 * with r filled in, or FOUND_ASK_LIBGIT2.
 */
static enum found plain_repository(struct repo *r, const char *x, const char *gitdir, const char *common,
				   const char *gitlink)
{
	char *cfg = join(common, "config"), *worktree = NULL, *workdir = NULL, *root;
	int bare, is_worktree, ok;

	/* libgit2: a worktree has a common folder of its own and a "gitdir" file */
	is_worktree = strcmp(common, gitdir) != 0 && kind_at(gitdir, "gitdir") != 0;
	ok = (gitlink || !is_worktree) && read_core_config(cfg, &bare, &worktree) == 0 &&
	     !(bare == 1 && !is_worktree);
	free(cfg);
	if (!ok) {
		free(worktree);
		return FOUND_ASK_LIBGIT2;
	}
	if (is_worktree) {
		/* its work tree is where its "gitdir" file says the .git file is */
		char *file = join(gitdir, "gitdir"), *link = slurp(file, PATH_MAX);
		free(file);
		if (link) {
			rtrim(link);
			if (link[0] == '/')
				workdir = parent_of(link);
			free(link);
		}
	} else if (worktree) {
		workdir = worktree[0] == '/' ? xstrdup(worktree) : join(gitdir, worktree);
	} else {
		workdir = xstrdup(x);
	}
	free(worktree);
	root = workdir ? physical_dir(workdir) : NULL;
	if (!root || !owned(workdir) || !owned(gitlink) || !owned(gitdir)) {
		free(root);
		free(workdir);
		return FOUND_ASK_LIBGIT2;
	}
	free(workdir);
	r->root = root;
	r->gitdir = xstrdup(gitdir);
	r->open_at = xstrdup(x);
	r->is_git = 1;
	return FOUND_GIT;
}

/* X/.git is a file: "gitdir: PATH" (relative to X), as libgit2's read_gitfile reads it. */
static enum found through_gitfile(struct repo *r, const char *x, const char *file)
{
	char *text = slurp(file, PATH_MAX), *target, *gitdir, *common = NULL;
	const char *t;
	enum found f = FOUND_ASK_LIBGIT2;
	int valid;
	if (!text)
		return FOUND_ASK_LIBGIT2;
	rtrim(text);
	if (strncmp(text, "gitdir:", 7) != 0 || strchr(text, '\\')) {
		free(text);
		return FOUND_ASK_LIBGIT2;       /* malformed: libgit2 says so */
	}
	for (t = text + 7; isspace((unsigned char)*t); t++)
		;
	if (!*t) {
		free(text);
		return FOUND_ASK_LIBGIT2;
	}
	target = t[0] == '/' ? xstrdup(t) : join(x, t);
	free(text);
	gitdir = physical_dir(target);
	free(target);
	if (!gitdir)
		return FOUND_ASK_LIBGIT2;
	valid = git_folder(gitdir, &common);
	if (valid == 0)
		f = FOUND_NONE;         /* libgit2 stops there too, finding nothing */
	else if (valid > 0)
		f = plain_repository(r, x, gitdir, common, file);
	free(common);
	free(gitdir);
	return f;
}

static enum found discover(struct repo *r, const char *start)
{
	char *x = xstrdup(start);
	dev_t dev0 = 0;
	int have_dev = 0;
	enum found f = FOUND_NONE;
	for (;;) {
		for (int self = 0; self <= 1; self++) {
			char *p = self ? xstrdup(x) : join(x, ".git"), *common = NULL;
			struct stat st;
			int valid, stop = 0;
			if (stat(p, &st) == 0) {
				if (!have_dev) {
					dev0 = st.st_dev;
					have_dev = 1;
				}
				if (st.st_dev != dev0) {
					stop = 1;       /* libgit2 does not cross into another file system */
				} else if (S_ISDIR(st.st_mode)) {
					valid = git_folder(p, &common);
					if (valid != 0) {
						char *gitdir = valid > 0 && !self ? physical_dir(p) : NULL;
						stop = 1;
						/* a bare repository, or a .git folder with a common folder elsewhere: libgit2's */
						f = FOUND_ASK_LIBGIT2;
						if (gitdir && strcmp(common, gitdir) == 0)
							f = plain_repository(r, x, gitdir, common, NULL);
						free(gitdir);
					}
				} else if (!self && S_ISREG(st.st_mode)) {
					stop = 1;
					f = through_gitfile(r, x, p);
				}
			}
			free(common);
			free(p);
			if (stop) {
				free(x);
				return f;
			}
		}
		if (strcmp(x, "/") == 0)
			break;
		{
			char *up = parent_of(x);
			free(x);
			x = up;
		}
		if (strcmp(x, "/") == 0)
			break;          /* libgit2 never looks at "/" unless it starts there */
	}
	free(x);
	return f;
}
/* The repository as libgit2 opens it (the cases discovery leaves to it): the old way, at once. */
static int open_with_libgit2(struct repo *r, const char *dir, char **err)
{
	const char *wd;
	int rc;
	if (gitlib_load(err) < 0)
		return -1;
	rc = git_repository_open_ext(&r->git, dir, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		r->git = NULL;
		r->root = physical_dir(dir);
		return r->root ? 0 : -1;
	}
	if (rc < 0) {
		*err = git_failure(dir);
		r->git = NULL;
		return -1;
	}
	r->is_git = 1;
	r->bare = git_repository_is_bare(r->git);
	wd = r->bare ? git_repository_path(r->git) : git_repository_workdir(r->git);
	r->root = wd ? physical_dir(wd) : NULL;
	r->gitdir = physical_dir(git_repository_path(r->git));
	if (!r->root || !r->gitdir) {
		*err = xasprintf("%s: cannot resolve the repository's folder", dir);
		return -1;
	}
	return 0;
}

git_repository *repo_git_locked(struct repo *r)
{
	git_repository *g = NULL;
	const char *wd;
	char *phys;
	if (r->git || !r->is_git || r->git_error)
		return r->git;
	if (gitlib_load(&r->git_error) < 0)
		return NULL;
	/* the folder where discovery found .git, and only there: the same repository */
	if (git_repository_open_ext(&g, r->open_at, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		r->git_error = git_failure(r->root);
		return NULL;
	}
	wd = git_repository_is_bare(g) ? NULL : git_repository_workdir(g);
	phys = wd ? physical_dir(wd) : NULL;
	if (!phys || strcmp(phys, r->root) != 0) {
		/* only a global or system config could do this (core.bare, core.worktree) */
		r->git_error = phys ? xasprintf("%s: libgit2 finds this repository's work tree at %s", r->root, phys) :
			       xasprintf("%s: libgit2 finds this repository bare", r->root);
		free(phys);
		git_repository_free(g);
		return NULL;
	}
	free(phys);
	r->git = g;
	return g;
}

/* Branch name from HEAD: its symbolic target (born or unborn), "HEAD" when detached (as libgit2 reads HEAD). */
static char *read_branch(const char *gitdir)
{
	char *file = join(gitdir, "HEAD"), *text = slurp(file, PATH_MAX), *nl, *name;
	const char *t;
	free(file);
	if (!text || strncmp(text, "ref: ", 5) != 0 || !(nl = strchr(text, '\n'))) {
		free(text);
		return xstrdup("HEAD");
	}
	*nl = '\0';
	if (nl > text + 5 && nl[-1] == '\r')
		nl[-1] = '\0';
	t = text + 5;
	name = xstrdup(str_starts(t, "refs/heads/") ? t + strlen("refs/heads/") : t);
	free(text);
	return name;
}

int repo_open(struct repo **out, const char *path, char **err)
{
	struct stat st;
	struct repo *r;
	char *dir, *start;
	enum found f = FOUND_NONE;

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
	r = xcalloc(1, sizeof(*r));
	pthread_mutex_init(&r->lock, NULL);
	r->rootfd = -1;
	start = physical_dir(dir);
	if (start)
		f = discover(r, start);
	if (start && f == FOUND_NONE) {
		r->root = start;
		start = NULL;
	} else if (!start || (f == FOUND_ASK_LIBGIT2 && open_with_libgit2(r, dir, err) < 0)) {
		if (!*err)
			*err = xasprintf("%s: cannot open: %s", path, strerror(errno));
		free(start);
		free(dir);
		repo_free(r);
		return -1;
	}
	free(start);
	free(dir);
	r->rootfd = open(r->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	*out = r;
	return 0;
}

void repo_free(struct repo *r)
{
	if (!r)
		return;
	/* libgit2 objects exist only once it is loaded; it stays loaded (gitlib.h) */
	if (r->index)
		git_index_free(r->index);
	if (r->git)
		git_repository_free(r->git);
	free(r->root);
	free(r->gitdir);
	free(r->open_at);
	free(r->git_error);
	free(r->branch);
	if (r->rootfd >= 0)
		close(r->rootfd);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

const char *repo_root(const struct repo *r) { return r->root; }
int repo_is_git(const struct repo *r) { return r->is_git; }
const char *repo_git_dir(const struct repo *r) { return r->is_git ? r->gitdir : NULL; }
int repo_is_bare(const struct repo *r) { return r->is_git && r->bare; }

const char *repo_branch(const struct repo *cr)
{
	struct repo *r = (struct repo *)cr;     /* read on first use: a repo is never const itself */
	const char *b;
	if (!r->is_git)
		return NULL;
	pthread_mutex_lock(&r->lock);
	if (!r->branch)
		r->branch = read_branch(r->gitdir);
	b = r->branch;
	pthread_mutex_unlock(&r->lock);
	return b;
}

struct git_repository *repo_git(struct repo *r)
{
	git_repository *g;
	pthread_mutex_lock(&r->lock);
	g = repo_git_locked(r);
	pthread_mutex_unlock(&r->lock);
	return g;
}

const char *repo_error(struct repo *r)
{
	const char *e;
	pthread_mutex_lock(&r->lock);
	e = r->git_error;
	pthread_mutex_unlock(&r->lock);
	return e;
}

void repo_refresh_branch(struct repo *r)
{
	if (!r->is_git)
		return;
	pthread_mutex_lock(&r->lock);
	free(r->branch);
	r->branch = read_branch(r->gitdir);
	pthread_mutex_unlock(&r->lock);
}

git_index *repo_index(struct repo *r)
{
	if (!r->is_git || r->bare || !repo_git_locked(r))
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

/*
 * `base` itself, or base + ".*" + ext: "compose.yaml", "compose.prod.yaml"
 * (the '*' may be empty); with `dash`, base + "-*" + ext too
 * ("docker-compose-prod.yml", SPEC.md).
 */
static int compose_stem(const char *name, const char *base, int dash)
{
	static const char *const exts[] = { ".yaml", ".yml" };
	size_t bn = strlen(base), n = strlen(name);
	if (strncmp(name, base, bn) != 0)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(exts); i++) {
		size_t en = strlen(exts[i]);
		if (strcmp(name + bn, exts[i]) == 0)
			return 1;
		if (n >= bn + 1 + en && (name[bn] == '.' || (dash && name[bn] == '-' && n > bn + 1 + en)) &&
		    strcmp(name + n - en, exts[i]) == 0)
			return 1;
	}
	return 0;
}

/* CHECKLIST.md, roles rule 3: the last suffix of a template, or a trailing '~'. */
static const char *const TEMPLATE_SUFFIXES[] = { ".j2", ".jinja", ".jinja2", ".tmpl", ".tpl", ".template", ".in",
	".erb", ".mustache", ".hbs", ".gotmpl", ".sample", ".example", ".orig", ".bak", ".rej", ".swp" };

/* Length of the name without its template suffix; 0 when it is no template. */
static size_t template_stem(const char *name)
{
	size_t n = strlen(name);
	const char *dot = strrchr(name, '.');
	if (n && name[n - 1] == '~')
		return n - 1;
	if (!dot || dot == name)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(TEMPLATE_SUFFIXES); i++)
		if (str_ieq(dot, TEMPLATE_SUFFIXES[i]))
			return (size_t)(dot - name);
	return 0;
}

static int kind_by_name(const char *name, enum filekind *kind);

int repo_candidate_kind(const char *name, enum filekind *kind)
{
	if (!name || template_stem(name))
		return 0;
	return kind_by_name(name, kind);
}

int repo_template_kind(const char *name, enum filekind *kind)
{
	size_t n = name ? template_stem(name) : 0;
	char *stem;
	int rc;
	if (!n)
		return 0;
	stem = xstrndup(name, n);
	rc = kind_by_name(stem, kind);
	free(stem);
	return rc;
}

int repo_link_target(struct repo *r, const char *rel, char **target)
{
	char *cur = path_join_norm("", rel);
	*target = NULL;
	if (!cur)
		return REPO_ERR_OUTSIDE;
	for (int hop = 0; hop <= REPO_MAX_LINKS; hop++) {
		struct stat st;
		char *abs = xasprintf("%s/%s", r->root, cur), buf[4096], *dir, *next;
		ssize_t got;
		if (lstat(abs, &st) < 0) {
			free(abs);
			free(cur);
			return hop ? REPO_ERR_MISSING : 0;
		}
		if (!S_ISLNK(st.st_mode)) {
			free(abs);
			if (!hop) {
				free(cur);
				return 0;
			}
			*target = cur;
			return 1;
		}
		got = readlink(abs, buf, sizeof(buf) - 1);
		free(abs);
		if (got <= 0 || buf[0] == '/') {
			free(cur);
			return got <= 0 ? REPO_ERR_MISSING : REPO_ERR_OUTSIDE;
		}
		buf[got] = '\0';
		dir = str_dirname(cur);
		next = path_join_norm(dir, buf);
		free(dir);
		free(cur);
		if (!next)
			return REPO_ERR_OUTSIDE;
		cur = next;
	}
	free(cur);
	return REPO_ERR_MISSING;        /* a loop, or too many links */
}

static int kind_by_name(const char *name, enum filekind *kind)
{
	if (!name || str_ends(name, ".dockerignore"))
		return 0;
	if (dockerfile_name(name)) {
		if (kind)
			*kind = KIND_DOCKERFILE;
		return 1;
	}
	if (compose_stem(name, "compose", 1) || compose_stem(name, "docker-compose", 1)) {
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

char *repo_slug_of_url(const char *url)
{
	static const char *const prefixes[] = { "https://github.com/", "http://github.com/", "ssh://git@github.com/",
						"git@github.com:", "git://github.com/", NULL };
	const char *p = NULL, *slash;
	size_t n;
	for (size_t i = 0; url && prefixes[i] && !p; i++)
		if (str_starts(url, prefixes[i]))
			p = url + strlen(prefixes[i]);
	if (!p)
		return NULL;
	n = strlen(p);
	while (n && p[n - 1] == '/')
		n--;
	if (n > 4 && !strncmp(p + n - 4, ".git", 4))
		n -= 4;
	slash = memchr(p, '/', n);
	/* exactly owner/name, both non-empty */
	if (!slash || slash == p || (size_t)(slash - p) + 1 >= n || memchr(slash + 1, '/', n - (size_t)(slash - p) - 1))
		return NULL;
	return xstrndup(p, n);
}

char *repo_github_slug(struct repo *r)
{
	git_repository *g;
	git_config *cfg = NULL;
	const char *url = NULL;
	char *slug = NULL;
	if (!r || !r->is_git)
		return NULL;
	pthread_mutex_lock(&r->lock);
	g = repo_git_locked(r);
	if (g && git_repository_config_snapshot(&cfg, g) == 0) {
		if (git_config_get_string(&url, cfg, "remote.origin.url") == 0)
			slug = repo_slug_of_url(url);
		else
			git_error_clear();
		git_config_free(cfg);
	}
	pthread_mutex_unlock(&r->lock);
	return slug;
}
