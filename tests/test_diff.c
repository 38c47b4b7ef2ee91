#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "util.h"

static void test_modified_file(void **state)
{
	struct buf b = BUF_INIT;
	const char *old = "FROM a\nRUN x\nCMD y\n", *new_ = "FROM a\nRUN x\nUSER app\nCMD y\n";
	(void)state;
	assert_int_equal(diff_patch(&b, "svc/Dockerfile", old, strlen(old), new_, strlen(new_), NULL), 0);
	assert_non_null(strstr(buf_str(&b), "diff --git a/svc/Dockerfile b/svc/Dockerfile\n"));
	assert_non_null(strstr(buf_str(&b), "\n--- a/svc/Dockerfile\n+++ b/svc/Dockerfile\n"));
	assert_non_null(strstr(buf_str(&b), "@@ -1,3 +1,4 @@\n FROM a\n RUN x\n+USER app\n CMD y\n"));
	buf_free(&b);
}

static void test_new_file(void **state)
{
	struct buf b = BUF_INIT;
	const char *new_ = ".git\n.env\n";
	(void)state;
	assert_int_equal(diff_patch(&b, "app/.dockerignore", NULL, 0, new_, strlen(new_), NULL), 0);
	assert_non_null(strstr(buf_str(&b), "diff --git a/app/.dockerignore b/app/.dockerignore\nnew file mode 100644\n"));
	assert_non_null(strstr(buf_str(&b), "--- /dev/null\n+++ b/app/.dockerignore\n@@ -0,0 +1,2 @@\n+.git\n+.env\n"));
	buf_free(&b);
}

static void test_equal_gives_nothing(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	assert_int_equal(diff_patch(&b, "Dockerfile", "x\n", 2, "x\n", 2, NULL), 0);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void test_crlf_and_no_final_newline(void **state)
{
	struct buf b = BUF_INIT;
	const char *old = "FROM a\r\nCMD y", *new_ = "FROM a\r\nUSER app\r\nCMD y";
	(void)state;
	assert_int_equal(diff_hunks(&b, "Dockerfile", old, strlen(old), new_, strlen(new_), NULL), 0);
	/* hunks only, CR kept on the lines, the missing newline said */
	assert_true(str_starts(buf_str(&b), "@@ -1,2 +1,3 @@\n"));
	assert_non_null(strstr(buf_str(&b), "+USER app\r\n"));
	assert_non_null(strstr(buf_str(&b), "\\ No newline at end of file"));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modified_file),
		cmocka_unit_test(test_new_file),
		cmocka_unit_test(test_equal_gives_nothing),
		cmocka_unit_test(test_crlf_and_no_final_newline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
