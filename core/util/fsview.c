#include "fsview.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

int fs_list(const struct fsview *fs, const char *dir, char ***names, size_t *n)
{
	*names = NULL;
	*n = 0;
	return fs && fs->list ? fs->list(fs->payload, dir, names, n) : -1;
}

void fs_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

struct memfile {
	char *path;
	char *data;
	int tracked;
};

struct memfs {
	struct memfile *files;
	size_t n, cap;
};

struct memfs *memfs_new(void)
{
	return xcalloc(1, sizeof(struct memfs));
}

void memfs_add(struct memfs *m, const char *path, const char *data, int tracked)
{
	struct memfile f = { xstrdup(path), xstrdup(data ? data : ""), tracked };
	PUSH(m->files, m->n, m->cap, f);
}

static struct memfile *memfs_find(struct memfs *m, const char *path)
{
	for (size_t i = m->n; i-- > 0;)
		if (strcmp(m->files[i].path, path) == 0)
			return &m->files[i];
	return NULL;
}

static int memfs_read(void *p, const char *path, char **data, size_t *len)
{
	struct memfile *f = memfs_find(p, path);
	if (!f)
		return -1;
	*len = strlen(f->data);
	*data = xstrndup(f->data, *len);
	return 0;
}

static enum fs_type memfs_stat(void *p, const char *path)
{
	struct memfs *m = p;
	size_t n = strlen(path);
	if (n == 0)
		return FS_DIR;
	if (memfs_find(m, path))
		return FS_FILE;
	for (size_t i = 0; i < m->n; i++)
		if (strncmp(m->files[i].path, path, n) == 0 && m->files[i].path[n] == '/')
			return FS_DIR;
	return FS_MISSING;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int memfs_list(void *p, const char *dir, char ***names, size_t *n)
{
	struct memfs *m = p;
	size_t dn = strlen(dir), cap = 0;
	*names = NULL;
	*n = 0;
	for (size_t i = 0; i < m->n; i++) {
		const char *path = m->files[i].path, *rest;
		char *name;
		int dup = 0;
		if (dn) {
			if (strncmp(path, dir, dn) != 0 || path[dn] != '/')
				continue;
			rest = path + dn + 1;
		} else {
			rest = path;
		}
		name = xstrndup(rest, strcspn(rest, "/"));
		for (size_t j = 0; j < *n; j++)
			if (strcmp((*names)[j], name) == 0)
				dup = 1;
		if (dup)
			free(name);
		else
			PUSH(*names, *n, cap, name);
	}
	if (*n)
		qsort(*names, *n, sizeof(**names), name_cmp);
	return 0;
}

static int memfs_tracked(void *p, const char *path)
{
	struct memfile *f = memfs_find(p, path);
	return f ? f->tracked : 0;
}

void memfs_view(struct memfs *m, struct fsview *out)
{
	out->read = memfs_read;
	out->stat = memfs_stat;
	out->list = memfs_list;
	out->tracked = memfs_tracked;
	out->payload = m;
}

void memfs_free(struct memfs *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->files[i].path);
		free(m->files[i].data);
	}
	free(m->files);
	free(m);
}
