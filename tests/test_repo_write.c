/*
 * repo_write: atomic replacement with the mode kept, new files, and every
 * refusal (changed since read, symlink, created meanwhile, unwritable).
 */
#include "support.h"
#include "support_git.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fix.h"
#include "repo.h"
#include "util.h"

static char dir[] = "/tmp/berth-fix-write-XXXXXX";

static void put(const char *rel, const char *text, mode_t mode)
{
	char *p = xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(p, mode);
	free(p);
}

static char *get(const char *rel)
{
	return test_read_file(dir, rel);
}

static struct repo *open_dir(void)
{
	struct repo *r = NULL;
	char *err = NULL;
	assert_int_equal(repo_open(&r, dir, &err), 0);
	free(err);
	return r;
}

static void read_stamp(struct repo *r, const char *rel, struct repo_stamp *st)
{
	char *data = NULL, *err = NULL;
	size_t len;
	assert_int_equal(repo_read(r, rel, &data, &len, st, &err), 0);
	free(data);
	free(err);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);
	(void)state;
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static void test_replace_keeps_mode(void **state)
{
	struct repo *r;
	struct repo_stamp st;
	struct stat sb;
	char *err = NULL, *text, *p;
	(void)state;
	put("Dockerfile", "FROM a\n", 0750);
	r = open_dir();
	read_stamp(r, "Dockerfile", &st);
	assert_int_equal(repo_write(r, "Dockerfile", "FROM b\n", 7, &st, &err), 0);
	assert_null(err);
	text = get("Dockerfile");
	assert_string_equal(text, "FROM b\n");
	free(text);
	p = xasprintf("%s/Dockerfile", dir);
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0750);
	free(p);
	repo_free(r);
}

static void test_refuses_changed_file(void **state)
{
	struct repo *r;
	struct repo_stamp st;
	char *err = NULL, *text;
	(void)state;
	put("Dockerfile.changed", "FROM a\n", 0644);
	r = open_dir();
	read_stamp(r, "Dockerfile.changed", &st);
	put("Dockerfile.changed", "FROM someone-else\n", 0644);
	assert_int_equal(repo_write(r, "Dockerfile.changed", "FROM b\n", 7, &st, &err), -1);
	assert_non_null(strstr(err, "changed since"));
	free(err);
	text = get("Dockerfile.changed");
	assert_string_equal(text, "FROM someone-else\n");
	free(text);
	repo_free(r);
}

static void test_refuses_symlink(void **state)
{
	struct repo *r;
	struct repo_stamp st;
	char *err = NULL, *link = xasprintf("%s/Dockerfile.link", dir), *text;
	(void)state;
	put("target", "FROM a\n", 0644);
	assert_int_equal(symlink("target", link), 0);
	r = open_dir();
	memset(&st, 0, sizeof(st));
	assert_int_equal(repo_write(r, "Dockerfile.link", "FROM b\n", 7, &st, &err), -1);
	assert_non_null(strstr(err, "symlink"));
	free(err);
	text = get("target");
	assert_string_equal(text, "FROM a\n");
	free(text);
	free(link);
	repo_free(r);
}

static void test_new_file_and_race(void **state)
{
	struct repo *r;
	char *err = NULL, *text;
	(void)state;
	r = open_dir();
	assert_int_equal(repo_write(r, ".dockerignore", ".git\n", 5, NULL, &err), 0);
	text = get(".dockerignore");
	assert_string_equal(text, ".git\n");
	free(text);
	/* it exists now: creating it again is refused, never overwritten */
	assert_int_equal(repo_write(r, ".dockerignore", ".env\n", 5, NULL, &err), -1);
	assert_non_null(err);
	free(err);
	text = get(".dockerignore");
	assert_string_equal(text, ".git\n");
	free(text);
	repo_free(r);
}

static void test_refuses_unwritable(void **state)
{
	struct repo *r;
	struct repo_stamp st;
	char *err = NULL;
	(void)state;
	put("Dockerfile.ro", "FROM a\n", 0444);
	r = open_dir();
	read_stamp(r, "Dockerfile.ro", &st);
	assert_int_equal(repo_write(r, "Dockerfile.ro", "FROM b\n", 7, &st, &err), -1);
	assert_non_null(strstr(err, "not writable"));
	free(err);
	repo_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replace_keeps_mode),
		cmocka_unit_test(test_refuses_changed_file),
		cmocka_unit_test(test_refuses_symlink),
		cmocka_unit_test(test_new_file_and_race),
		cmocka_unit_test(test_refuses_unwritable),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
