/*
 * repo_write - atomic writes of fixed files: a temporary file in the same
 * folder (so rename(2) stays on one file system), fsync, rename over the
 * original, then fsync of the folder. The original's mode bits are kept.
 * Refused, never overwritten: symlinks (in the path too), non-regular or
 * unwritable files, and files that changed since berth read them.
 */
#include "repo.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* Mode of a file berth creates (before the umask), like any editor's. */
#define FIX_NEW_FILE_MODE 0666

/* -1 when a folder on the way to `rel` (below the root) is a symlink or not a folder. */
static int parents_ok(const char *root, const char *rel, char **err)
{
	char *path = xasprintf("%s/%s", root, rel);
	size_t rl = strlen(root) + 1;
	int rc = 0;
	for (char *p = path + rl; (p = strchr(p, '/')) != NULL; p++) {
		struct stat st;
		*p = '\0';
		if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
			*err = xasprintf("%s: %s is not a folder (a symlink?): refused", rel, path + rl);
			rc = -1;
		}
		*p = '/';
		if (rc)
			break;
	}
	free(path);
	return rc;
}

/* Decide whether the target may be written; *mode gets the bits to keep. */
static int may_write(struct repo *r, const char *rel, const char *full,
		     const struct repo_stamp *stamp, mode_t *mode, char **err)
{
	struct stat st;
	if (parents_ok(repo_root(r), rel, err) < 0)
		return -1;
	if (lstat(full, &st) != 0) {
		if (errno != ENOENT) {
			*err = xasprintf("%s: %s", rel, strerror(errno));
			return -1;
		}
		if (stamp) {
			*err = xasprintf("%s: removed since it was read: refused", rel);
			return -1;
		}
		mode_t mask = umask(0);
		umask(mask);
		*mode = FIX_NEW_FILE_MODE & ~mask;
		return 0;
	}
	if (S_ISLNK(st.st_mode)) {
		*err = xasprintf("%s: a symlink: refused", rel);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = xasprintf("%s: not a regular file: refused", rel);
		return -1;
	}
	if (!stamp) {
		*err = xasprintf("%s: created by someone else since the scan: refused", rel);
		return -1;
	}
	/* no write bit at all is read-only by intent, even for root (who could write it anyway) */
	if (access(full, W_OK) != 0 || !(st.st_mode & 0222)) {
		*err = xasprintf("%s: not writable: refused", rel);
		return -1;
	}
	if (repo_stamp_check(r, rel, stamp) != 0) {
		*err = xasprintf("%s: changed since it was read: refused", rel);
		return -1;
	}
	*mode = st.st_mode & 07777;
	return 0;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static void sync_dir(const char *full)
{
	char *dir = str_dirname(full);
	int fd = open(*dir ? dir : ".", O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int repo_write(struct repo *r, const char *rel, const char *data, size_t len,
	      const struct repo_stamp *stamp, char **err)
{
	char *full = xasprintf("%s/%s", repo_root(r), rel);
	char *dir = str_dirname(full);
	char *tmp = xasprintf("%s/.%s.berth-XXXXXX", dir, str_basename(full));
	mode_t mode = 0;
	int fd = -1, rc = -1;

	*err = NULL;
	if (may_write(r, rel, full, stamp, &mode, err) < 0)
		goto out;
	fd = mkstemp(tmp);
	if (fd < 0) {
		*err = xasprintf("%s: cannot create a temporary file beside it: %s", rel, strerror(errno));
		goto out;
	}
	if (write_all(fd, data, len) < 0 || fchmod(fd, mode) != 0 || fsync(fd) != 0) {
		*err = xasprintf("%s: cannot write: %s", rel, strerror(errno));
		goto out;
	}
	close(fd);
	fd = -1;
	/* the last look before replacing it: someone may have written in between */
	if (stamp && repo_stamp_check(r, rel, stamp) != 0) {
		*err = xasprintf("%s: changed since it was read: refused", rel);
		goto out;
	}
	if (rename(tmp, full) != 0) {
		*err = xasprintf("%s: cannot replace: %s", rel, strerror(errno));
		goto out;
	}
	sync_dir(full);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	free(dir);
	free(full);
	return rc;
}
