/*
 * repo_read.c - reading below the root without ever following a link:
 * every component is opened with O_NOFOLLOW relative to its parent's fd,
 * the last one is inspected with fstatat before it is opened (a FIFO or a
 * device is never opened, an oversized file never read), then opened with
 * O_NONBLOCK and checked again with fstat (it may have been swapped).
 * Where the kernel has openat2 (Linux 5.6+), one call does the same walk:
 * RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS refuses any link on the way.
 */
#define _GNU_SOURCE             /* O_PATH */
#include "repo_priv.h"

#include <linux/openat2.h>
#include <sys/syscall.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define REPO_READ_CHUNK 65536   /* bytes read per read() call */

static const char *kind_name(mode_t m)
{
	if (S_ISDIR(m))
		return "a folder";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	if (S_ISLNK(m))
		return "a symbolic link";
	return "not a regular file";
}

static int fail(char **err, int code, const char *fmt, const char *a, const char *b)
{
	if (err)
		*err = xasprintf(fmt, a, b);
	return code;
}

static int errno_fail(char **err, const char *rel, int e)
{
	if (e == ENOENT || e == ENOTDIR)
		return fail(err, REPO_ERR_MISSING, "%s: no such file%s", rel, "");
	if (e == EACCES || e == EPERM)
		return fail(err, REPO_ERR_UNREADABLE, "%s: permission denied%s", rel, "");
	if (e == ELOOP)
		return fail(err, REPO_ERR_SYMLINK, "%s: a symbolic link; berth does not follow links%s", rel, "");
	return fail(err, REPO_ERR_UNREADABLE, "%s: %s", rel, strerror(e));
}

/* Walk the folders of `norm` (all but the last component) from the root; fd of the last folder. */
static int open_parent(struct repo *r, const char *rel, const char *norm, const char **last, char **err)
{
	int dfd = open(r->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	const char *p = norm;
	if (dfd < 0)
		return errno_fail(err, rel, errno);
	for (;;) {
		const char *slash = strchr(p, '/');
		struct stat st;
		char *comp;
		int fd;
		if (!slash)
			break;
		comp = xstrndup(p, (size_t)(slash - p));
		if (fstatat(dfd, comp, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			int e = errno;
			free(comp);
			close(dfd);
			return errno_fail(err, rel, e);
		}
		if (S_ISLNK(st.st_mode)) {
			char *where = xstrndup(norm, (size_t)(slash - norm));
			fail(err, REPO_ERR_SYMLINK, "%s: %s is a symbolic link; berth does not follow links", rel, where);
			free(where);
			free(comp);
			close(dfd);
			return REPO_ERR_SYMLINK;
		}
		fd = S_ISDIR(st.st_mode) ? openat(dfd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
		if (fd < 0) {
			int e = S_ISDIR(st.st_mode) ? errno : ENOTDIR;
			free(comp);
			close(dfd);
			return errno_fail(err, rel, e);
		}
		free(comp);
		close(dfd);
		dfd = fd;
		p = slash + 1;
	}
	*last = p;
	return dfd;
}

static int open_last(int dfd, const char *rel, const char *name, int want_dir, struct stat *st, char **err)
{
	struct stat again;
	int fd, flags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
	if (fstatat(dfd, name, st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno_fail(err, rel, errno);
	if (S_ISLNK(st->st_mode))
		return fail(err, REPO_ERR_SYMLINK, "%s: a symbolic link; berth does not follow links%s", rel, "");
	if (want_dir ? !S_ISDIR(st->st_mode) : !S_ISREG(st->st_mode))
		return fail(err, REPO_ERR_NOT_REGULAR, want_dir ? "%s: %s, not a folder" : "%s: %s, not a regular file",
			    rel, kind_name(st->st_mode));
	if (!want_dir && (uintmax_t)st->st_size > REPO_MAX_FILE) {
		if (err)
			*err = xasprintf("%s: %jd bytes, over berth's %u MiB limit", rel, (intmax_t)st->st_size,
					 (unsigned)(REPO_MAX_FILE >> 20));
		return REPO_ERR_TOO_BIG;
	}
	fd = openat(dfd, name, flags | (want_dir ? O_DIRECTORY : 0));
	if (fd < 0)
		return errno_fail(err, rel, errno);
	if (fstat(fd, &again) < 0 || again.st_dev != st->st_dev || again.st_ino != st->st_ino ||
	    (again.st_mode & S_IFMT) != (st->st_mode & S_IFMT)) {
		close(fd);
		return fail(err, REPO_ERR_UNREADABLE, "%s: changed while being opened%s", rel, "");
	}
	*st = again;
	return fd;
}

/*
 * The fast way (Linux 5.6+): one openat2 beneath the root that refuses any
 * symlink on the way. Returns the fd, an enum repo_err, or SLOW_WALK to
 * take the walk instead (no openat2 here, or a link was met: the walk names
 * it precisely).
 */
#define SLOW_WALK (-100)

/* openat2 from the root fd, refusing any symlink and escape on the way; -1 and errno on failure. */
static int openat2_beneath(const struct repo *r, const char *norm, int flags, int cross_mounts)
{
	struct open_how how;
	memset(&how, 0, sizeof(how));
	how.flags = (unsigned)flags;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS |
		      (cross_mounts ? 0 : RESOLVE_NO_XDEV);
	return (int)syscall(SYS_openat2, r->rootfd, norm, &how, sizeof(how));
}

static int open_beneath(struct repo *r, const char *rel, const char *norm, int want_dir,
			struct stat *st, char **err)
{
	int fd;
	if (r->rootfd < 0)
		return SLOW_WALK;
	fd = openat2_beneath(r, norm, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
			     (want_dir ? O_DIRECTORY : 0), 0);
	if (fd < 0) {
		int e = errno;
		if (e == ENOSYS || e == EPERM || e == ELOOP || e == EXDEV || e == E2BIG || e == EINVAL ||
		    e == ENOTDIR || e == EAGAIN)
			return SLOW_WALK;
		return errno_fail(err, rel, e);
	}
	if (fstat(fd, st) < 0) {
		int e = errno;
		close(fd);
		return errno_fail(err, rel, e);
	}
	if (want_dir ? !S_ISDIR(st->st_mode) : !S_ISREG(st->st_mode)) {
		close(fd);
		return fail(err, REPO_ERR_NOT_REGULAR, want_dir ? "%s: %s, not a folder" : "%s: %s, not a regular file",
			    rel, kind_name(st->st_mode));
	}
	if (!want_dir && (uintmax_t)st->st_size > REPO_MAX_FILE) {
		close(fd);
		if (err)
			*err = xasprintf("%s: %jd bytes, over berth's %u MiB limit", rel, (intmax_t)st->st_size,
					 (unsigned)(REPO_MAX_FILE >> 20));
		return REPO_ERR_TOO_BIG;
	}
	return fd;
}

int repo_open_dir(struct repo *r, const char *norm)
{
	struct stat st;
	if (r->rootfd >= 0 && *norm) {
		int fd = openat2_beneath(r, norm, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 1);
		if (fd >= 0)
			return fd;
		if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP || errno == EACCES)
			return -1;
	}
	return repo_open_safe(r, norm, 1, &st, NULL);
}

int repo_open_safe(struct repo *r, const char *rel, int want_dir, struct stat *st, char **err)
{
	char *norm = rel ? path_join_norm("", rel) : NULL;
	const char *last = NULL;
	int dfd, fd;

	if (err)
		*err = NULL;
	if (!norm)
		return fail(err, REPO_ERR_OUTSIDE, "%s: outside the repository%s", rel ? rel : "(null)", "");
	if (!*norm) {
		free(norm);
		if (!want_dir)
			return fail(err, REPO_ERR_NOT_REGULAR, "%s: a folder, not a regular file%s", rel, "");
		fd = open(r->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, st) < 0) {
			int e = errno;
			if (fd >= 0)
				close(fd);
			return errno_fail(err, rel, e);
		}
		return fd;
	}
	fd = open_beneath(r, rel, norm, want_dir, st, err);
	if (fd != SLOW_WALK) {
		free(norm);
		return fd;
	}
	if (err && *err) {
		free(*err);
		*err = NULL;
	}
	dfd = open_parent(r, rel, norm, &last, err);
	if (dfd < 0) {
		free(norm);
		return dfd;
	}
	fd = open_last(dfd, rel, last, want_dir, st, err);
	close(dfd);
	free(norm);
	return fd;
}

/*
 * Read everything from fd, refusing more than REPO_MAX_FILE bytes (the file
 * may grow). The buffer has room for one byte more than fstat's size: a
 * read that stops exactly at that size has met the end of the file, so
 * the usual second read that returns 0 is saved.
 */
static int read_all(int fd, const char *rel, size_t hint, char **data, size_t *len, char **err)
{
	size_t cap = hint + 1, n = 0;
	char *p = xmalloc(cap + 1);
	for (;;) {
		ssize_t got;
		size_t want;
		if (n == cap)
			p = xrealloc(p, (cap = cap * 2) + 1);
		want = cap - n < REPO_READ_CHUNK ? cap - n : REPO_READ_CHUNK;
		got = read(fd, p + n, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			free(p);
			return errno_fail(err, rel, e);
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > REPO_MAX_FILE) {
			free(p);
			if (err)
				*err = xasprintf("%s: over berth's %u MiB limit", rel, (unsigned)(REPO_MAX_FILE >> 20));
			return REPO_ERR_TOO_BIG;
		}
		if ((size_t)got < want && n == hint)
			break;
	}
	p[n] = '\0';
	*data = p;
	*len = n;
	return 0;
}

static void fill_stamp(struct repo_stamp *s, const struct stat *st, const char *data, size_t len)
{
	s->dev = st->st_dev;
	s->ino = st->st_ino;
	s->size = st->st_size;
	s->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
	s->mode = st->st_mode;
	s->hash = repo_hash(data, len);
}

int repo_read(struct repo *r, const char *rel, char **data, size_t *len,
	      struct repo_stamp *stamp, char **err)
{
	struct stat st;
	int fd, rc;
	*data = NULL;
	*len = 0;
	fd = repo_open_safe(r, rel, 0, &st, err);
	if (fd < 0)
		return fd;
	rc = read_all(fd, rel, (size_t)st.st_size, data, len, err);
	close(fd);
	if (rc == 0 && stamp)
		fill_stamp(stamp, &st, *data, *len);
	return rc;
}

int repo_stamp_check(struct repo *r, const char *rel, const struct repo_stamp *want)
{
	struct repo_stamp now;
	char *data = NULL, *err = NULL;
	size_t len;
	int rc = repo_read(r, rel, &data, &len, &now, &err);
	free(data);
	free(err);
	if (rc != 0)
		return -1;
	if (now.dev != want->dev || now.ino != want->ino || now.size != want->size ||
	    now.mtime_ns != want->mtime_ns || now.mode != want->mode || now.hash != want->hash)
		return -1;
	return 0;
}

/*
 * A symlink inside the repository is followed for lookups (CHECKLIST.md:
 * lemmy's .dockerignore -> .gitignore is what Docker reads): its target,
 * resolved hop by hop without leaving the root (repo_link_target), is then
 * read or looked at with no link on the way. A link out of it stays missing.
 */
static char *link_inside(struct repo *r, const char *path)
{
	char *t = NULL;
	if (repo_link_target(r, path, &t) == 1)
		return t;
	free(t);
	return NULL;
}

static int view_read(void *p, const char *path, char **data, size_t *len)
{
	char *err = NULL, *t;
	int rc = repo_read(p, path, data, len, NULL, &err);
	free(err);
	if (rc != 0 && (t = link_inside(p, path)) != NULL) {
		err = NULL;
		rc = repo_read(p, t, data, len, NULL, &err);
		free(err);
		free(t);
	}
	return rc == 0 ? 0 : -1;
}

static enum fs_type type_of(const struct stat *st)
{
	return S_ISREG(st->st_mode) ? FS_FILE : S_ISDIR(st->st_mode) ? FS_DIR : FS_MISSING;
}

/* What the path is, never through a link: openat2 beneath the root when the kernel has it, else the walk. */
static enum fs_type stat_nofollow(void *p, const char *path)
{
	struct repo *r = p;
	char *norm = path ? path_join_norm("", path) : NULL;
	const char *last = NULL;
	struct stat st;
	enum fs_type t = FS_MISSING;
	int dfd;
	if (!norm)
		return FS_MISSING;
	if (!*norm) {
		free(norm);
		return FS_DIR;
	}
	if (r->rootfd >= 0) {
		int fd = openat2_beneath(r, norm, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0);
		if (fd >= 0) {
			if (fstat(fd, &st) == 0 && !S_ISLNK(st.st_mode))
				t = type_of(&st);
			close(fd);
			free(norm);
			return t;
		}
		if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP) {
			free(norm);
			return FS_MISSING;      /* missing, or behind a link: berth never follows one */
		}
	}
	dfd = open_parent(r, path, norm, &last, NULL);
	if (dfd >= 0) {
		if (fstatat(dfd, last, &st, AT_SYMLINK_NOFOLLOW) == 0)
			t = type_of(&st);
		close(dfd);
	}
	free(norm);
	return t;
}

static enum fs_type view_stat(void *p, const char *path)
{
	enum fs_type t = stat_nofollow(p, path);
	char *to;
	if (t == FS_MISSING && path && (to = link_inside(p, path)) != NULL) {
		t = stat_nofollow(p, to);
		free(to);
	}
	return t;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int view_list(void *p, const char *dir, char ***names, size_t *n)
{
	struct stat st;
	struct dirent *de;
	size_t cap = 0;
	DIR *d;
	int fd = repo_open_safe(p, dir, 1, &st, NULL);
	*names = NULL;
	*n = 0;
	if (fd < 0)
		return -1;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (*n >= REPO_MAX_FILES)
			break;
		PUSH(*names, *n, cap, xstrdup(de->d_name));
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof(**names), name_cmp);
	return 0;
}

static int view_tracked(void *p, const char *path)
{
	return repo_tracked(p, path);
}

void repo_fsview(struct repo *r, struct fsview *out)
{
	out->read = view_read;
	out->stat = view_stat;
	out->list = view_list;
	out->tracked = view_tracked;
	out->payload = r;
}
