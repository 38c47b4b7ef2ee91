#include "pool.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

struct pool_run {
	atomic_size_t next;
	size_t n;
	pool_job_fn job;
	void *arg;
};

static void *worker(void *p)
{
	struct pool_run *run = p;
	for (;;) {
		size_t i = atomic_fetch_add(&run->next, 1);
		if (i >= run->n)
			return NULL;
		run->job(i, run->arg);
	}
}

size_t pool_threads(size_t n)
{
	const char *env = getenv("BERTH_THREADS");
	long t = env && *env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);
	if (t < 1)
		t = 1;
	if (t > POOL_MAX_THREADS)
		t = POOL_MAX_THREADS;
	return (size_t)t < n ? (size_t)t : n;
}

int pool_spawn(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	int rc;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

void pool_for(size_t n, pool_job_fn job, void *arg)
{
	struct pool_run run = { .n = n, .job = job, .arg = arg };
	pthread_t threads[POOL_MAX_THREADS];
	size_t nt = pool_threads(n), started = 0;

	atomic_init(&run.next, 0);
	/* the calling thread is one of the workers */
	for (size_t t = 1; t < nt; t++)
		if (pool_spawn(&threads[started], worker, &run) == 0)
			started++;
	worker(&run);
	for (size_t t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
}
