/*
 * measure OUT CMD [ARG...]: runs CMD and writes "SECONDS PEAK_KB\n" to OUT,
 * the wall time and peak resident set size that GNU time's -f "%e %M" gives.
 * The e2e scripts build it with cc (which the build needs anyway) because a
 * fresh Debian has no /usr/bin/time.
 *
 * The peak is wait4()'s ru_maxrss, as GNU time reads it: the largest of CMD
 * and every descendant it waited for, so `measure OUT timeout 60 berth ...`
 * measures berth. Exit status: CMD's, 128 + the signal that killed it, or 127
 * when it could not be run (as a shell says).
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* exit status when CMD cannot be started or measured, as sh(1) uses it */
#define MEASURE_CANNOT_RUN 127
/* exit status base for a CMD killed by a signal, as sh(1) reports it */
#define MEASURE_SIGNAL_BASE 128

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
	struct timespec t0;
	struct rusage ru;
	FILE *out;
	pid_t pid;
	int status;

	if (argc < 3) {
		fprintf(stderr, "usage: measure OUT CMD [ARG...]\n");
		return MEASURE_CANNOT_RUN;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("measure: fork");
		return MEASURE_CANNOT_RUN;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(MEASURE_CANNOT_RUN);
	}
	if (wait4(pid, &status, 0, &ru) != pid) {
		perror("measure: wait4");
		return MEASURE_CANNOT_RUN;
	}
	out = fopen(argv[1], "w");
	if (!out || fprintf(out, "%.2f %ld\n", seconds_since(&t0), ru.ru_maxrss) < 0 || fclose(out) != 0) {
		perror(argv[1]);
		return MEASURE_CANNOT_RUN;
	}
	if (WIFSIGNALED(status))
		return MEASURE_SIGNAL_BASE + WTERMSIG(status);
	return WEXITSTATUS(status);
}
