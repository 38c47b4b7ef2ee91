#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "pragma.h"
#include "text.h"
#include "util.h"

static void test_path_join_norm(void **state)
{
	char *p;
	(void)state;
	p = path_join_norm("a/b", "../c");
	assert_string_equal(p, "a/c");
	free(p);
	p = path_join_norm("", "./x/./y/");
	assert_string_equal(p, "x/y");
	free(p);
	p = path_join_norm("a", "..");
	assert_string_equal(p, "");
	free(p);
	assert_null(path_join_norm("a", "../.."));
	assert_null(path_join_norm("", "/etc"));
}

static void test_text_positions(void **state)
{
	const char *s = "\xEF\xBB\xBF" "FROM a\r\nRUN b\n\nX";
	struct text t;
	int line, col;
	size_t a, b;
	(void)state;
	text_init(&t, s, strlen(s));
	assert_int_equal(t.nlines, 4);
	assert_true(t.bom);
	assert_true(t.crlf);
	text_pos(&t, 3, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	text_pos(&t, strlen("\xEF\xBB\xBF" "FROM a\r\nRU"), &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
	assert_true(text_line(&t, 1, &a, &b));
	assert_int_equal(b - a, 6);     /* "FROM a" without BOM and CR */
	assert_true(text_line(&t, 4, &a, &b));
	assert_int_equal(b - a, 1);
	assert_false(text_line(&t, 5, &a, &b));
	text_free(&t);
}

static void test_safe_escape(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;
	buf_add_safe(&b, "a\x1b[31mb\x01\x7f" "\xff" "é", 12);
	assert_string_equal(buf_str(&b), "a^[[31mb^A^?\\xFFé");
	buf_free(&b);
}

static void test_has_word(void **state)
{
	static const char *const words[] = { "dev", "test", NULL };
	(void)state;
	assert_true(str_has_word("requirements-dev.txt", "-_./", words));
	assert_false(str_has_word("devices.txt", "-_./", words));
	assert_true(str_has_word("docker-compose.TEST.yml", "-_.", words));
}

static void test_config_exclude(void **state)
{
	struct config c;
	(void)state;
	config_init(&c);
	c.exclude = calloc(2, sizeof(char *));
	c.exclude[0] = strdup("vendor/**");
	c.exclude[1] = strdup("**/testdata/**");
	c.nexclude = 2;
	assert_true(config_excluded(&c, "vendor/x/Dockerfile"));
	assert_false(config_excluded(&c, "src/vendor/Dockerfile"));
	assert_true(config_excluded(&c, "a/b/testdata/Dockerfile"));
	assert_true(config_excluded(&c, "testdata/Dockerfile"));
	assert_false(config_excluded(&c, "a/testdatas/Dockerfile"));
	free(c.exclude[0]);
	c.exclude[0] = strdup("third_party");
	assert_true(config_excluded(&c, "third_party/x/Dockerfile"));
	assert_false(config_excluded(&c, "src/third_party_x/Dockerfile"));
	config_set(&c, "pin.python", "3.11.11-slim");
	config_set(&c, "pin.python", "3.12.1-slim");
	assert_string_equal(config_get(&c, "pin.python"), "3.12.1-slim");
	assert_null(config_get(&c, "user"));
	config_free(&c);
}

static void test_hadolint_map(void **state)
{
	(void)state;
	assert_int_equal(item_of_hadolint("DL3002"), ITEM_SEC_NON_ROOT);
	assert_int_equal(item_of_hadolint("dl3042"), ITEM_SIZE_NO_PKG_CACHE);
	assert_int_equal(item_of_hadolint("DL3008"), -2);
	assert_int_equal(item_of_hadolint("SC2086"), -2);
	assert_int_equal(item_of_hadolint("DL9999"), -1);
}

static void test_pragmas(void **state)
{
	const char *s = "# berth ignore-file=corr.pitfalls\nFROM x\n# hadolint ignore=DL3002\n# other comment\nUSER root\nRUN y\n";
	struct text t;
	struct file_result r;
	struct audit a;
	(void)state;
	text_init(&t, s, strlen(s));
	audit_init(&a, &r, "Dockerfile", KIND_DOCKERFILE, &t, NULL);
	audit_add(&a, ITEM_SEC_NON_ROOT, SEV_WARNING, "root", 82, 91, FIX_AUTO, "root on line 5");
	audit_add(&a, ITEM_SEC_NON_ROOT, SEV_WARNING, "root", 92, 97, FIX_AUTO, "line 6");
	audit_add(&a, ITEM_CORR_PITFALLS, SEV_WARNING, "sudo", 92, 97, FIX_NONE, "file-wide");
	audit_applies(&a, ITEM_SEC_PINNED_BASE);
	check_finish(&a);
	assert_int_equal(r.nfindings, 3);
	assert_int_equal(r.findings[0].line, 5);
	assert_true(r.findings[0].suppressed);
	/* sorted by line, then key: corr.pitfalls before sec.non-root on line 6 */
	assert_int_equal(r.findings[1].item, ITEM_CORR_PITFALLS);
	assert_true(r.findings[1].suppressed);
	assert_int_equal(r.findings[2].line, 6);
	assert_false(r.findings[2].suppressed);
	assert_status(&r, "sec.non-root", "fail");
	assert_status(&r, "corr.pitfalls", "ignored");
	assert_status(&r, "sec.pinned-base", "pass");
	assert_status(&r, "perf.multi-stage", "n/a");
	assert_status(&r, "compose.parse", "n/a");
	file_result_free(&r);
	text_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_join_norm),
		cmocka_unit_test(test_text_positions),
		cmocka_unit_test(test_safe_escape),
		cmocka_unit_test(test_has_word),
		cmocka_unit_test(test_config_exclude),
		cmocka_unit_test(test_hadolint_map),
		cmocka_unit_test(test_pragmas),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
