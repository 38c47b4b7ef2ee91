/*
 * fix_cli_run's planning on the pool: files are planned ahead against the
 * repository as read, and a plan that looked at a file an earlier file's
 * fixes changed is made again over those changes, so the result is the
 * serial one whatever the number of threads.
 */
#include "support.h"
#include "support_git.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fix_priv.h"
#include "repo.h"
#include "util.h"

static char dir[] = "/tmp/berth-fix-run-XXXXXX";

static void put(const char *rel, const char *text)
{
	test_write_file(dir, rel, text);
}

static char *get(const char *rel)
{
	return test_read_file(dir, rel);
}

static void gone(const char *rel)
{
	char *p = xasprintf("%s/%s", dir, rel);
	unlink(p);
	free(p);
}

/* The first Dockerfile creates the context's .dockerignore; the second, planned after it, must see it. */
static const char *DF_FIRST = "FROM node:20.11.1-slim\nWORKDIR /app\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n";
static const char *DF_SECOND = "FROM node:20.11.1-slim\nWORKDIR /app\nCOPY node_modules ./node_modules\nCOPY . .\n"
			       "USER node\nCMD [\"node\", \"server.js\"]\n";

static void setup_files(void)
{
	put("app/Dockerfile", DF_FIRST);
	put("app/Dockerfile.dev", DF_SECOND);
	put("app/package.json", "{}\n");
	put("app/server.js", "\n");
}

/* --write the perf.dockerignore fixes with `threads` workers: the .dockerignore written (malloc'd). */
static char *run_with(const char *threads)
{
	struct repo *r = NULL;
	char *err = NULL, *paths[1] = { dir }, *ignore;
	/* perf.dockerignore is a review fix (CHECKLIST.md "Fixes"): --level review */
	struct fix_cli_opts o = { FIX_MODE_WRITE, "perf.dockerignore", NULL, 0, FIX_LEVEL_REVIEW };
	gone("app/.dockerignore");
	setup_files();
	setenv("BERTH_THREADS", threads, 1);
	assert_int_equal(repo_open(&r, dir, &err), 0);
	free(err);
	assert_int_equal(fix_cli_run(r, NULL, paths, 1, &o), 0);
	repo_free(r);
	unsetenv("BERTH_THREADS");
	/* neither Dockerfile is changed by this fix */
	{
		char *a = get("app/Dockerfile"), *b = get("app/Dockerfile.dev");
		assert_string_equal(a, DF_FIRST);
		assert_string_equal(b, DF_SECOND);
		free(a);
		free(b);
	}
	ignore = get("app/.dockerignore");
	assert_non_null(ignore);
	return ignore;
}

static void test_later_file_sees_earlier_fix(void **state)
{
	char *serial, *pooled;
	(void)state;
	assert_non_null(mkdtemp(dir));
	serial = run_with("1");
	/*
	 * made for the first Dockerfile; Dockerfile.dev, built with the same
	 * context, copies node_modules: that pattern is left out (CHECKLIST.md
	 * "Fixes", perf.dockerignore); the second file sees the file made
	 */
	assert_null(strstr(serial, "node_modules/\n"));
	assert_non_null(strstr(serial, "# Node\n"));
	assert_non_null(strstr(serial, ".env\n"));
	pooled = run_with("4");
	assert_string_equal(pooled, serial);
	free(serial);
	free(pooled);
	gone("app/.dockerignore");
	gone("app/Dockerfile");
	gone("app/Dockerfile.dev");
	gone("app/package.json");
	gone("app/server.js");
	{
		char *p = xasprintf("%s/app", dir);
		rmdir(p);
		free(p);
	}
	rmdir(dir);
}

/* --write sec.non-root and compose.cap-drop at review: the number of files written. */
static void write_review(const char *threads)
{
	struct repo *r = NULL;
	char *err = NULL, *paths[1] = { dir };
	struct fix_cli_opts o = { FIX_MODE_WRITE, "sec.non-root,compose.cap-drop", NULL, 0, FIX_LEVEL_REVIEW };
	setenv("BERTH_THREADS", threads, 1);
	assert_int_equal(repo_open(&r, dir, &err), 0);
	free(err);
	assert_int_equal(fix_cli_run(r, NULL, paths, 1, &o), 0);
	repo_free(r);
	unsetenv("BERTH_THREADS");
}

/*
 * compose.cap-drop on a project image counts the Dockerfile's last USER as
 * this run's sec.non-root leaves it: the Compose file (which sorts before
 * web/Dockerfile) is planned after it, so the first run makes both edits and
 * a second run finds nothing (idempotent across files).
 */
static void test_compose_sees_dockerfile_fix(void **state)
{
	static const char *DF = "FROM node:22.12.0-slim\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n";
	static const char *YML = "services:\n  web:\n    build: ./web\n";
	const char *threads[] = { "1", "4" };
	(void)state;
	memcpy(dir + strlen(dir) - 6, "XXXXXX", 6);    /* the template again after an earlier test */
	assert_non_null(mkdtemp(dir));
	for (size_t t = 0; t < 2; t++) {
		char *df, *yml, *df2, *yml2;
		put("web/Dockerfile", DF);
		put("web/server.js", "\n");
		put("compose.yaml", YML);
		write_review(threads[t]);
		df = get("web/Dockerfile");
		yml = get("compose.yaml");
		assert_non_null(strstr(df, "USER node"));
		assert_non_null(strstr(yml, "cap_drop:"));
		write_review(threads[t]);
		df2 = get("web/Dockerfile");
		yml2 = get("compose.yaml");
		assert_string_equal(df2, df);
		assert_string_equal(yml2, yml);
		free(df);
		free(yml);
		free(df2);
		free(yml2);
	}
	gone("web/Dockerfile");
	gone("web/server.js");
	gone("compose.yaml");
	{
		char *p = xasprintf("%s/web", dir);
		rmdir(p);
		free(p);
	}
	rmdir(dir);
}

/* `berth fix --dry-run ROOT` with `threads` workers: the patch (malloc'd) and the summary line. */
static char *dry_run(const char *root, const char *threads, char **summary)
{
	struct repo *r = NULL;
	char *err = NULL, *paths[1], *patch;
	char out[] = "/tmp/berth-fix-run-out-XXXXXX", errf[] = "/tmp/berth-fix-run-err-XXXXXX";
	struct fix_cli_opts o = { FIX_MODE_DRY_RUN, NULL, NULL, 0, FIX_LEVEL_SAFE };
	int fo = mkstemp(out), fe = mkstemp(errf), so, se, rc;
	FILE *f;
	long n;
	assert_true(fo >= 0 && fe >= 0);
	paths[0] = (char *)root;
	assert_int_equal(repo_open(&r, root, &err), 0);
	free(err);
	setenv("BERTH_THREADS", threads, 1);
	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	dup2(fo, 1);
	dup2(fe, 2);
	rc = fix_cli_run(r, NULL, paths, 1, &o);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	close(fo);
	close(fe);
	unsetenv("BERTH_THREADS");
	repo_free(r);
	assert_int_equal(rc, 0);
	f = fopen(out, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	patch = xmalloc((size_t)n + 1);
	assert_int_equal(fread(patch, 1, (size_t)n, f), (size_t)n);
	patch[n] = '\0';
	fclose(f);
	f = fopen(errf, "rb");
	assert_non_null(f);
	*summary = xmalloc(4096);
	n = (long)fread(*summary, 1, 4095, f);
	(*summary)[n] = '\0';
	fclose(f);
	unlink(out);
	unlink(errf);
	return patch;
}

/*
 * The shared corpus has Compose files that read Dockerfiles fixed before
 * them (planned again over the fixes): one thread or four, the same patch
 * and the same summary.
 */
static void test_corpus_same_whatever_threads(void **state)
{
	const char *shared = shared_dir();
	char *root, *one, *four, *sum1, *sum4;
	struct stat st;
	(void)state;
	if (!shared) {
		printf("test_fix_run: no shared corpus: skipped\n");
		skip();
	}
	root = xasprintf("%s/corpus", shared);
	if (stat(root, &st) != 0) {
		printf("test_fix_run: no shared corpus: skipped\n");
		free(root);
		skip();
	}
	one = dry_run(root, "1", &sum1);
	four = dry_run(root, "4", &sum4);
	assert_true(strlen(one) > 0);
	assert_string_equal(one, four);
	assert_string_equal(sum1, sum4);
	free(one);
	free(four);
	free(sum1);
	free(sum4);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_later_file_sees_earlier_fix),
		cmocka_unit_test(test_compose_sees_dockerfile_fix),
		cmocka_unit_test(test_corpus_same_whatever_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
