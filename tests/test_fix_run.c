/*
 * fix_cli_run's planning on the pool: files are planned ahead against the
 * repository as read, and a plan that looked at a file an earlier file's
 * fixes changed is made again over those changes, so the result is the
 * serial one whatever the number of threads.
 */
#include "support.h"

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
	char *p = xasprintf("%s/%s", dir, rel);
	FILE *f;
	char *slash = strrchr(p, '/');
	*slash = '\0';
	mkdir(p, 0755);
	*slash = '/';
	f = fopen(p, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

static char *get(const char *rel)
{
	char *p = xasprintf("%s/%s", dir, rel), buf[4096];
	FILE *f = fopen(p, "rb");
	size_t n;
	free(p);
	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return xstrdup(buf);
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
	struct fix_cli_opts o = { FIX_MODE_WRITE, "perf.dockerignore", NULL, 0 };
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
	/* made for the first Dockerfile (which copies no node_modules), kept as such by the second */
	assert_non_null(strstr(serial, "node_modules/\n"));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_later_file_sees_earlier_fix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
