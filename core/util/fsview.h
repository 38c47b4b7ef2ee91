/*
 * fsview - the repository as the checks see it: read a file, ask whether a
 * path exists, list a folder, ask whether git tracks a path. All paths are
 * relative to the repository root with '/' separators; "" is the root.
 *
 * Checks never touch the disk themselves: the scan hands them the view of the
 * real repository (repo_fsview), tests hand them a memfs. A view must refuse
 * paths that leave the root and must not follow symlinks out of it.
 */
#ifndef BERTH_FSVIEW_H
#define BERTH_FSVIEW_H

#include <stddef.h>

enum fs_type { FS_MISSING = 0, FS_FILE = 1, FS_DIR = 2 };

struct fsview {
	/* 0 and a malloc'd, NUL-terminated copy in *data; -1 when missing, unreadable or too large */
	int (*read)(void *payload, const char *path, char **data, size_t *len);
	enum fs_type (*stat)(void *payload, const char *path);
	/* Names (not paths) in folder `dir`, malloc'd array of malloc'd strings, sorted. */
	int (*list)(void *payload, const char *dir, char ***names, size_t *n);
	/* 1 when git tracks the path; 0 when not, or outside a repository */
	int (*tracked)(void *payload, const char *path);
	void *payload;
};

static inline int fs_read(const struct fsview *fs, const char *path, char **data, size_t *len)
{ return fs && fs->read ? fs->read(fs->payload, path, data, len) : -1; }
static inline enum fs_type fs_stat(const struct fsview *fs, const char *path)
{ return fs && fs->stat ? fs->stat(fs->payload, path) : FS_MISSING; }
static inline int fs_tracked(const struct fsview *fs, const char *path)
{ return fs && fs->tracked ? fs->tracked(fs->payload, path) : 0; }
int fs_list(const struct fsview *fs, const char *dir, char ***names, size_t *n);
void fs_names_free(char **names, size_t n);

/*
 * memfs - an in-memory view for tests and fuzzers: files added with their
 * content; folders exist implicitly as prefixes of file paths.
 */
struct memfs;
struct memfs *memfs_new(void);
void memfs_add(struct memfs *m, const char *path, const char *data, int tracked);
void memfs_view(struct memfs *m, struct fsview *out);
void memfs_free(struct memfs *m);

#endif
