/*
 * fix_view - a view over the repository that answers each question once
 * (fix.h): `check --format json|sarif` plans every file's fixes, and each
 * verification audits a fixed text again, asking the same paths as the scan
 * did (a .dockerignore, the context's files, a Compose file's Dockerfiles).
 * The repository does not change while a command runs, so the first answer
 * stands; the scanned files' contents are the scan's own, never read again
 * (the caller's `known` function hands them over).
 */
#include "fix_priv.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

/* A file larger than this is read through every time (the cache holds small side files). */
#define FIX_VIEW_MAX_FILE (256 * 1024)
/* Past this many bytes of contents held, new reads go through uncached (memory stays bounded). */
#define FIX_VIEW_MAX_BYTES (4u * 1024 * 1024)

enum answer { A_READ, A_STAT, A_LIST, A_COUNT };

/* One answer about one path. */
struct cached {
	int rc;                         /* read, list: 0 or -1 */
	enum fs_type type;              /* stat */
	char *data;                     /* read: the contents */
	size_t len;
	char **names;                   /* list */
	size_t nnames;
	char key[];                     /* the kind's letter then the path: "r:path", "s:path", "l:dir" */
};

struct fix_view_cache {
	struct fsview base;
	fix_view_known_fn known;        /* contents the caller already holds, or NULL */
	void *known_payload;
	pthread_mutex_t lock;           /* one cache may serve several threads */
	struct cached **v;              /* one allocation each: entries stay put as more are added */
	size_t n, cap;
	struct strmap map;              /* key -> index into v */
	size_t bytes;                   /* contents held */
};

struct fix_view_cache *fix_view_cache_new(const struct fsview *base, fix_view_known_fn known, void *payload)
{
	struct fix_view_cache *c = xcalloc(1, sizeof(*c));
	c->base = *base;
	c->known = known;
	c->known_payload = payload;
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

void fix_view_cache_free(struct fix_view_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i]->data);
		fs_names_free(c->v[i]->names, c->v[i]->nnames);
		free(c->v[i]);
	}
	free(c->v);
	strmap_free(&c->map);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* A new entry for answer `a` about `path`, its key filled in. */
static struct cached *entry_new(enum answer a, const char *path)
{
	size_t n = strlen(path);
	struct cached *e = xcalloc(1, sizeof(*e) + n + 3);
	e->key[0] = "rsl"[a];
	e->key[1] = ':';
	memcpy(e->key + 2, path, n + 1);
	return e;
}

/* The entry for `key`, or NULL (called with the lock held). */
static struct cached *find(struct fix_view_cache *c, const char *key)
{
	size_t i = strmap_get(&c->map, key);
	return i == (size_t)-1 ? NULL : c->v[i];
}

/* Keep `e` unless another thread answered first; returns the entry that stands (frees `e` if not it). */
static struct cached *keep(struct fix_view_cache *c, struct cached *e)
{
	struct cached *had;
	pthread_mutex_lock(&c->lock);
	had = find(c, e->key);
	if (!had) {
		PUSH(c->v, c->n, c->cap, e);
		strmap_put(&c->map, e->key, c->n - 1);
		c->bytes += e->len;
	}
	pthread_mutex_unlock(&c->lock);
	if (had) {
		free(e->data);
		fs_names_free(e->names, e->nnames);
		free(e);
		return had;
	}
	return e;
}

/* The kept answer, or NULL with *fresh a new entry for it (the caller fills it in and keeps it). */
static struct cached *lookup(struct fix_view_cache *c, enum answer a, const char *path, struct cached **fresh)
{
	struct cached *e;
	*fresh = entry_new(a, path);
	pthread_mutex_lock(&c->lock);
	e = find(c, (*fresh)->key);
	pthread_mutex_unlock(&c->lock);
	if (e) {
		free(*fresh);
		*fresh = NULL;
	}
	return e;
}

/* A copy the caller owns, NUL-terminated as a view's reads are. */
static void give(const char *d, size_t n, char **data, size_t *len)
{
	*data = xmalloc(n + 1);
	memcpy(*data, d, n);
	(*data)[n] = '\0';
	*len = n;
}

static int cache_read(void *p, const char *path, char **data, size_t *len)
{
	struct fix_view_cache *c = p;
	struct cached *e, *ne;
	const char *kd;
	size_t kn, held;
	*data = NULL;
	*len = 0;
	if (c->known && c->known(c->known_payload, path, &kd, &kn) == 0) {
		give(kd, kn, data, len);
		return 0;
	}
	if (!(e = lookup(c, A_READ, path, &ne))) {
		char *d = NULL;
		size_t n = 0;
		ne->rc = fs_read(&c->base, path, &d, &n) == 0 ? 0 : -1;
		pthread_mutex_lock(&c->lock);
		held = c->bytes;
		pthread_mutex_unlock(&c->lock);
		if (ne->rc == 0 && (n > FIX_VIEW_MAX_FILE || held + n > FIX_VIEW_MAX_BYTES)) {
			free(ne);
			*data = d;      /* too large to keep: this caller's copy */
			*len = n;
			return 0;
		}
		if (ne->rc == 0) {
			ne->data = d;
			ne->len = n;
		} else
			free(d);
		e = keep(c, ne);
	}
	if (e->rc != 0)
		return -1;
	give(e->data, e->len, data, len);
	return 0;
}

static enum fs_type cache_stat(void *p, const char *path)
{
	struct fix_view_cache *c = p;
	struct cached *e, *ne;
	if (!(e = lookup(c, A_STAT, path, &ne))) {
		ne->type = fs_stat(&c->base, path);
		e = keep(c, ne);
	}
	return e->type;
}

static int cache_list(void *p, const char *dir, char ***names, size_t *n)
{
	struct fix_view_cache *c = p;
	struct cached *e, *ne;
	if (!(e = lookup(c, A_LIST, dir, &ne))) {
		ne->rc = fs_list(&c->base, dir, &ne->names, &ne->nnames) == 0 ? 0 : -1;
		e = keep(c, ne);
	}
	*names = NULL;
	*n = 0;
	if (e->rc != 0)
		return -1;
	*names = xcalloc(e->nnames ? e->nnames : 1, sizeof(**names));
	for (size_t i = 0; i < e->nnames; i++)
		(*names)[i] = xstrdup(e->names[i]);
	*n = e->nnames;
	return 0;
}

/* whether git tracks a path: the base's answer each time (its index is already in memory) */
static int cache_tracked(void *p, const char *path)
{
	return fs_tracked(&((struct fix_view_cache *)p)->base, path);
}

void fix_view_cache_view(struct fix_view_cache *c, struct fsview *out)
{
	out->read = cache_read;
	out->stat = cache_stat;
	out->list = cache_list;
	out->tracked = cache_tracked;
	out->payload = c;
}
