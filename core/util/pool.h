/*
 * pool - run independent jobs 0..n-1 on a few threads and wait for all of
 * them. Jobs write only their own slot of a preallocated array, so the
 * result is the same whatever the order they ran in: output stays
 * deterministic while a scan uses every core.
 */
#ifndef BERTH_POOL_H
#define BERTH_POOL_H

#include <pthread.h>
#include <stddef.h>

#define POOL_MAX_THREADS 8      /* more buys nothing for files this small */

typedef void (*pool_job_fn)(size_t i, void *arg);

/*
 * Call job(i, arg) once for every i in [0, n). The number of threads is the
 * online CPUs (at most POOL_MAX_THREADS), or $BERTH_THREADS when set; with
 * one thread, or when threads cannot be started, the jobs run in order on
 * the calling thread.
 */
void pool_for(size_t n, pool_job_fn job, void *arg);
/* How many threads pool_for would use for n jobs. */
size_t pool_threads(size_t n);

/*
 * pthread_create with every signal blocked in the new thread, so that
 * signals reach the thread that started berth: curses learns of a resize
 * only when SIGWINCH interrupts the read of the thread waiting for keys.
 */
int pool_spawn(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
