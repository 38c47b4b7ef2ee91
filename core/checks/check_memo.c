#include "check_memo.h"

#include <pthread.h>
#include <stdlib.h>

#include "strmap.h"
#include "util.h"

/* The byte between a question's kind and its key in an entry's name: kinds are identifiers, never holding it. */
#define MEMO_SEP "\x1f"

struct memo_entry {
	char *name;             /* kind MEMO_SEP key; the map's key */
	int value;
	int done;               /* 0 while the first asker computes it */
};

struct check_memo {
	pthread_mutex_t lock;   /* guards everything below */
	pthread_cond_t ready;   /* an entry became done */
	struct memo_entry **entries;    /* each on its own: the map borrows their names */
	size_t n, cap;
	struct strmap map;      /* name -> index in entries */
	size_t asked, computed;
};

struct check_memo *check_memo_new(void)
{
	struct check_memo *m = xcalloc(1, sizeof(*m));
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->ready, NULL);
	return m;
}

void check_memo_free(struct check_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->entries[i]->name);
		free(m->entries[i]);
	}
	free(m->entries);
	strmap_free(&m->map);
	pthread_cond_destroy(&m->ready);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

int check_memo_int(struct check_memo *m, const char *kind, const char *key, check_memo_fn fn, void *payload)
{
	char *name;
	size_t i;
	struct memo_entry *e;
	int v;
	if (!m)
		return fn(payload);
	name = xasprintf("%s" MEMO_SEP "%s", kind, key);
	pthread_mutex_lock(&m->lock);
	m->asked++;
	i = strmap_get(&m->map, name);
	if (i != (size_t)-1) {
		e = m->entries[i];
		free(name);
		while (!e->done)
			pthread_cond_wait(&m->ready, &m->lock);
		v = e->value;
		pthread_mutex_unlock(&m->lock);
		return v;
	}
	/* the first to ask: the entry is claimed, the answer computed outside the lock */
	e = xcalloc(1, sizeof(*e));
	e->name = name;
	PUSH(m->entries, m->n, m->cap, e);
	strmap_put(&m->map, e->name, m->n - 1);
	m->computed++;
	pthread_mutex_unlock(&m->lock);
	v = fn(payload);
	pthread_mutex_lock(&m->lock);
	e->value = v;
	e->done = 1;
	pthread_cond_broadcast(&m->ready);
	pthread_mutex_unlock(&m->lock);
	return v;
}

void check_memo_counts(struct check_memo *m, size_t *asked, size_t *computed)
{
	*asked = *computed = 0;
	if (!m)
		return;
	pthread_mutex_lock(&m->lock);
	*asked = m->asked;
	*computed = m->computed;
	pthread_mutex_unlock(&m->lock);
}
