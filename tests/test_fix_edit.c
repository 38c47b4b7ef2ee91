#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "fix_priv.h"

static void test_edits_apply(void **state)
{
	struct fix_edit e[] = { { 0, 0, "# syntax=docker/dockerfile:1\n" }, { 5, 6, "B" }, { 9, 9, "!" } };
	char *out;
	size_t len;
	(void)state;
	assert_int_equal(fix_edits_apply("FROM a\nRUN", 10, e, 3, &out, &len), 0);
	assert_string_equal(out, "# syntax=docker/dockerfile:1\nFROM B\nRU!N");
	assert_int_equal(len, strlen(out));
	free(out);
	/* overlapping and out-of-range edits are refused */
	struct fix_edit bad[] = { { 2, 5, "x" }, { 4, 6, "y" } };
	assert_int_equal(fix_edits_apply("0123456789", 10, bad, 2, &out, &len), -1);
	struct fix_edit past[] = { { 8, 12, "x" } };
	assert_int_equal(fix_edits_apply("0123456789", 10, past, 1, &out, &len), -1);
}

static void test_normalize_detects_overlap(void **state)
{
	struct fix_ctx c;
	struct fix *f;
	(void)state;
	memset(&c, 0, sizeof(c));
	f = fix_new(&c, ITEM_SEC_NON_ROOT, "t", "title %d", 1);
	fix_edit(f, "Dockerfile", 10, 12, "b");
	fix_edit(f, "Dockerfile", 0, 2, "a");
	fix_create(f, ".dockerignore", ".git\n");
	assert_int_equal(fix_normalize(f), 0);
	assert_int_equal(f->changes[0].edits[0].start, 0);  /* sorted */
	assert_string_equal(f->title, "title 1");
	assert_true(f->changes[1].create);
	fix_edit(f, "Dockerfile", 11, 11, "c");
	assert_int_equal(fix_normalize(f), -1);
	fix_clear(f);
	/* two insertions at one offset: their order is unknown, refused */
	f = fix_new(&c, ITEM_SEC_NON_ROOT, "t", "x");
	fix_insert(f, "Dockerfile", 3, "%s", "a");
	fix_insert(f, "Dockerfile", 3, "%s", "b");
	assert_int_equal(fix_normalize(f), -1);
	fix_clear(f);
	free(c.fixes);
}

static void test_line_helpers(void **state)
{
	const char *s = "FROM a\r\n    RUN x \\\r\n\tand y";
	char *ind;
	(void)state;
	assert_string_equal(fix_newline(s, strlen(s)), "\r\n");
	assert_string_equal(fix_newline("a\nb", 3), "\n");
	assert_int_equal(fix_line_start(s, 12), 8);
	assert_int_equal(fix_line_next(s, strlen(s), 9), 21);
	assert_int_equal(fix_line_next(s, strlen(s), 22), strlen(s));
	ind = fix_line_indent(s, strlen(s), 12);
	assert_string_equal(ind, "    ");
	free(ind);
	ind = fix_line_indent(s, strlen(s), 25);
	assert_string_equal(ind, "\t");
	free(ind);
}

static void test_overlay(void **state)
{
	struct memfs *m = memfs_new();
	struct fsview base, view;
	struct fix_overlay *o;
	char *data, **names;
	size_t len, n;
	(void)state;
	memfs_add(m, "app/Dockerfile", "FROM a\n", 1);
	memfs_view(m, &base);
	o = fix_overlay_new(&base);
	fix_overlay_view(o, &view);
	assert_int_equal(fs_stat(&view, "app/.dockerignore"), FS_MISSING);
	fix_overlay_put(o, "app/.dockerignore", ".git\n", 5);
	assert_int_equal(fs_stat(&view, "app/.dockerignore"), FS_FILE);
	assert_int_equal(fs_read(&view, "app/.dockerignore", &data, &len), 0);
	assert_string_equal(data, ".git\n");
	free(data);
	assert_int_equal(fs_read(&view, "app/Dockerfile", &data, &len), 0);
	assert_string_equal(data, "FROM a\n");
	free(data);
	assert_int_equal(fs_list(&view, "app", &names, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], ".dockerignore");
	assert_string_equal(names[1], "Dockerfile");
	fs_names_free(names, n);
	fix_overlay_free(o);
	memfs_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edits_apply),
		cmocka_unit_test(test_normalize_detects_overlap),
		cmocka_unit_test(test_line_helpers),
		cmocka_unit_test(test_overlay),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
