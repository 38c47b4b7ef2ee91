/*
 * check_memo - a scan's answers about the repository, computed once per key:
 * keys and kinds keep their own answers, threads asking one key share one
 * computation, and sec.healthcheck's source search runs once per build
 * context for a whole scan (its Dockerfiles and the fix engine's re-audits),
 * each context with its own answer.
 */
#include "support.h"
#include "support_git.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check_memo.h"
#include "fix.h"
#include "fix_priv.h"
#include "fix_session.h"
#include "pool.h"
#include "repo.h"
#include "scan.h"
#include "util.h"

static char tmp_root[256];

static size_t computed(struct check_memo *m)
{
	size_t asked, n;
	check_memo_counts(m, &asked, &n);
	return n;
}

static size_t asked(struct check_memo *m)
{
	size_t n, comp;
	check_memo_counts(m, &n, &comp);
	return n;
}

struct counter {
	atomic_int calls;
	int value;
};

static int count_call(void *payload)
{
	struct counter *c = payload;
	atomic_fetch_add(&c->calls, 1);
	return c->value;
}

static void test_null_memo_computes_every_time(void **state)
{
	struct counter c = { 0, 7 };
	(void)state;
	assert_int_equal(check_memo_int(NULL, "k", "x", count_call, &c), 7);
	assert_int_equal(check_memo_int(NULL, "k", "x", count_call, &c), 7);
	assert_int_equal(atomic_load(&c.calls), 2);
	assert_int_equal(computed(NULL), 0);
	assert_int_equal(asked(NULL), 0);
	check_memo_free(NULL);
}

static void test_keys_and_kinds_keep_their_answers(void **state)
{
	struct check_memo *m = check_memo_new();
	struct counter a = { 0, 1 }, b = { 0, 0 }, other = { 0, 5 };
	(void)state;
	assert_int_equal(check_memo_int(m, "health", "a", count_call, &a), 1);
	assert_int_equal(check_memo_int(m, "health", "b", count_call, &b), 0);
	/* the root context "" is a key of its own */
	assert_int_equal(check_memo_int(m, "health", "", count_call, &other), 5);
	/* asked again: the stored answers, whatever the callback would now say */
	a.value = 0;
	b.value = 1;
	assert_int_equal(check_memo_int(m, "health", "a", count_call, &a), 1);
	assert_int_equal(check_memo_int(m, "health", "b", count_call, &b), 0);
	assert_int_equal(atomic_load(&a.calls), 1);
	assert_int_equal(atomic_load(&b.calls), 1);
	/* another question about the same key is not the same answer */
	assert_int_equal(check_memo_int(m, "other", "a", count_call, &other), 5);
	assert_int_equal(atomic_load(&other.calls), 2);
	assert_int_equal(computed(m), 4);
	assert_int_equal(asked(m), 6);
	check_memo_free(m);
}

/* Jobs asking THREAD_KEYS keys from every pool thread at once. */
#define THREAD_JOBS 64
#define THREAD_KEYS 4

struct thread_job {
	struct check_memo *m;
	struct counter c[THREAD_KEYS];
	int got[THREAD_JOBS];
};

static int slow_call(void *payload)
{
	struct timespec ts = { 0, 2 * 1000 * 1000 };     /* long enough for the others to ask meanwhile */
	nanosleep(&ts, NULL);
	return count_call(payload);
}

static void ask_one(size_t i, void *arg)
{
	struct thread_job *j = arg;
	char key[16];
	snprintf(key, sizeof(key), "ctx%zu", i % THREAD_KEYS);
	j->got[i] = check_memo_int(j->m, "health", key, slow_call, &j->c[i % THREAD_KEYS]);
}

static void test_threads_share_one_computation(void **state)
{
	struct thread_job j;
	(void)state;
	memset(&j, 0, sizeof(j));
	j.m = check_memo_new();
	for (int k = 0; k < THREAD_KEYS; k++)
		j.c[k].value = 100 + k;
	setenv("BERTH_THREADS", "8", 1);
	pool_for(THREAD_JOBS, ask_one, &j);
	unsetenv("BERTH_THREADS");
	for (int k = 0; k < THREAD_KEYS; k++)
		assert_int_equal(atomic_load(&j.c[k].calls), 1);
	for (size_t i = 0; i < THREAD_JOBS; i++)
		assert_int_equal(j.got[i], 100 + (int)(i % THREAD_KEYS));
	assert_int_equal(computed(j.m), THREAD_KEYS);
	assert_int_equal(asked(j.m), THREAD_JOBS);
	check_memo_free(j.m);
}

/* miniflux's shape (test_check_sec.c): a Go build into a distroless image, nothing in it can probe */
static const char NO_PROBE_DF[] = "FROM golang:1.22.1 AS build\nADD . /go/src/app\nWORKDIR /go/src/app\nRUN make app\n"
				  "FROM gcr.io/distroless/base-debian12:nonroot\nEXPOSE 8080\n"
				  "COPY --from=build /go/src/app/app /usr/bin/app\nCMD [\"/usr/bin/app\"]\n";

/* The severity of the sec.healthcheck finding of NO_PROBE_DF built with context ctx, judged with memo m. */
static const char *health_sev(struct check_memo *m, const struct fsview *fs, const char *path, const char *ctx)
{
	static char sev[16];
	struct file_result r;
	struct text t;
	char *contexts[1] = { (char *)ctx };
	const struct finding *f;
	text_init(&t, NO_PROBE_DF, strlen(NO_PROBE_DF));
	scan_audit_file_as(&r, path, KIND_DOCKERFILE, NO_PROBE_DF, strlen(NO_PROBE_DF), &t, fs, NULL, contexts, 1,
			   ROLE_RUNTIME, NULL, 0, 0, NULL, 0, NULL, NULL, 0, NULL, 0, 0, m);
	f = finding_of(&r, "sec.healthcheck", "no-healthcheck");
	assert_non_null(f);
	snprintf(sev, sizeof(sev), "%s", sev_name(f->sev));
	file_result_free(&r);
	text_free(&t);
	return sev;
}

/* Two build contexts in one scan: each gets its own answer, each computed once. */
static void test_contexts_get_their_own_answers(void **state)
{
	struct memfs *mf = memfs_new();
	struct fsview fs;
	struct check_memo *m = check_memo_new();
	(void)state;
	memfs_add(mf, "a/cmd/healthcheck.go", "package cmd\n", 1);         /* a health command: a probe exists */
	memfs_add(mf, "b/main.go", "package main\nfunc main() {}\n", 1);   /* none */
	memfs_view(mf, &fs);
	assert_string_equal(health_sev(m, &fs, "a/Dockerfile", "a"), "warning");
	assert_string_equal(health_sev(m, &fs, "b/Dockerfile", "b"), "info");
	assert_int_equal(computed(m), 2);
	/* a second Dockerfile of each context reads its context's answer */
	assert_string_equal(health_sev(m, &fs, "a/Dockerfile.cross", "a"), "warning");
	assert_string_equal(health_sev(m, &fs, "b/Dockerfile.debug", "b"), "info");
	assert_int_equal(computed(m), 2);
	/* the memo answers for the scan it belongs to: a health command written since is a new scan's answer */
	memfs_add(mf, "b/health_check.go", "package main\n", 1);
	assert_string_equal(health_sev(m, &fs, "b/Dockerfile", "b"), "info");
	assert_string_equal(health_sev(NULL, &fs, "b/Dockerfile", "b"), "warning");
	check_memo_free(m);
	m = check_memo_new();
	assert_string_equal(health_sev(m, &fs, "b/Dockerfile", "b"), "warning");
	check_memo_free(m);
	memfs_free(mf);
}

/* A whole scan and its fix annotation (`check --format json`): the root context is searched once. */
static void test_scan_searches_a_context_once(void **state)
{
	char *dir = test_mkdir(tmp_root, "two-dockerfiles"), *err = NULL, *paths[1];
	git_repository *g;
	struct repo *repo;
	struct config cfg;
	struct scan s;
	struct fsview view;
	size_t audits, asks;
	(void)state;
	test_write_file(dir, "Dockerfile", NO_PROBE_DF);
	test_write_file(dir, "Dockerfile.cross", NO_PROBE_DF);
	test_write_file(dir, "main.go", "package main\nfunc main() {}\n");
	g = test_git_init(dir, 0);
	test_git_stage(g, "Dockerfile");
	test_git_stage(g, "Dockerfile.cross");
	test_git_stage(g, "main.go");
	test_git_commit_index(g, "initial");
	git_repository_free(g);
	paths[0] = dir;
	assert_int_equal(repo_open(&repo, dir, &err), 0);
	free(err);
	config_init(&cfg);
	assert_int_equal(scan_run(&s, repo, &cfg, paths, 1, NULL, NULL, &err), 0);
	free(err);
	assert_int_equal(s.nfiles, 2);
	for (size_t i = 0; i < s.nfiles; i++)
		assert_string_equal(sev_name(finding_of(&s.files[i].res, "sec.healthcheck", "no-healthcheck")->sev), "info");
	assert_int_equal(computed(s.memo), 1);
	assert_int_equal(asked(s.memo), 2);
	/* the fix engine re-audits both files (its verifications), reading the scan's answer */
	repo_fsview(repo, &view);
	audits = fix_audit_count();
	asks = asked(s.memo);
	for (size_t i = 0; i < s.nfiles; i++) {
		struct fix_input in;
		fix_input_of_scan(&in, &s, i, &view, &cfg);
		fix_annotate_from(&s.files[i].res, &in, &s.files[i].res);
	}
	assert_true(fix_audit_count() > audits);
	assert_true(asked(s.memo) > asks);
	assert_int_equal(computed(s.memo), 1);
	scan_free(&s);
	config_free(&cfg);
	repo_free(repo);
	test_rm_rf(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_memo_computes_every_time),
		cmocka_unit_test(test_keys_and_kinds_keep_their_answers),
		cmocka_unit_test(test_threads_share_one_computation),
		cmocka_unit_test(test_contexts_get_their_own_answers),
		cmocka_unit_test(test_scan_searches_a_context_once),
	};
	int rc;
	if (test_git_sandbox(tmp_root, sizeof(tmp_root), "check-memo") < 0)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	test_git_sandbox_end(tmp_root);
	return rc;
}
