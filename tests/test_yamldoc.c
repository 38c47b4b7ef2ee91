#include "support.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"
#include "yamldoc.h"

static int load(struct ydoc *y, const char *s)
{
	return ydoc_load(y, s, strlen(s));
}

static void test_marks(void **state)
{
	/* BOM and a two-byte character before the value: offsets count bytes */
	const char *s = "\xEF\xBB\xBF" "a: \xC3\xA9\nb\xC3\xA9: \"x y\"\n";
	struct ydoc y;
	const struct ydoc_node *root, *v;
	(void)state;
	assert_int_equal(load(&y, s), 0);
	assert_int_equal(y.ndocs, 1);
	root = y.docs[0];
	assert_int_equal(root->type, YDOC_MAPPING);
	assert_int_equal(root->npairs, 2);
	assert_int_equal(root->pairs[0].key->start.offset, 3);
	v = ydoc_get(root, "a");
	assert_non_null(v);
	assert_int_equal(v->start.offset, 6);
	assert_int_equal(v->end.offset, 8);
	assert_int_equal(v->start.line, 1);
	assert_int_equal(v->start.col, 4);
	v = ydoc_get(root, "b\xC3\xA9");
	assert_non_null(v);
	assert_string_equal(v->value, "x y");
	assert_int_equal(v->style, YDOC_DOUBLE_QUOTED);
	assert_int_equal(v->start.offset, 14);
	assert_int_equal(v->end.offset, 19);
	assert_int_equal(v->start.line, 2);
	assert_int_equal(v->start.col, 6);
	assert_int_equal(root->pairs[1].key->start.line, 2);
	ydoc_free(&y);
}

static void test_crlf(void **state)
{
	struct ydoc y;
	const struct ydoc_node *v;
	(void)state;
	assert_int_equal(load(&y, "a: 1\r\nbb:\r\n  - x\r\n"), 0);
	v = ydoc_get(y.docs[0], "bb");
	assert_int_equal(v->type, YDOC_SEQUENCE);
	assert_int_equal(v->items[0]->start.offset, 15);
	assert_int_equal(v->items[0]->start.line, 3);
	assert_int_equal(v->items[0]->start.col, 5);
	ydoc_free(&y);
}

static void test_scalars_and_tags(void **state)
{
	struct ydoc y;
	const struct ydoc_node *r;
	(void)state;
	assert_int_equal(load(&y, "a: true\nb: yes\nc: 'true'\nd: ~\ne:\nf: !!str 1\ng: False\n"), 0);
	r = y.docs[0];
	assert_int_equal(ydoc_bool(ydoc_get(r, "a")), 1);
	assert_int_equal(ydoc_bool(ydoc_get(r, "b")), -1);     /* YAML 1.2: a string */
	assert_int_equal(ydoc_bool(ydoc_get(r, "c")), -1);
	assert_int_equal(ydoc_bool(ydoc_get(r, "g")), 0);
	assert_true(ydoc_is_null(ydoc_get(r, "d")));
	assert_true(ydoc_is_null(ydoc_get(r, "e")));
	assert_false(ydoc_is_null(ydoc_get(r, "c")));
	assert_string_equal(ydoc_get(r, "f")->tag, "tag:yaml.org,2002:str");
	assert_int_equal(ydoc_get(r, "c")->style, YDOC_SINGLE_QUOTED);
	assert_null(ydoc_get(r, "zz"));
	assert_null(ydoc_get(ydoc_get(r, "a"), "x"));
	ydoc_free(&y);
}

static void test_alias_shares_node(void **state)
{
	struct ydoc y;
	const struct ydoc_node *r, *a, *c;
	(void)state;
	assert_int_equal(load(&y, "a: &x {b: 1}\nc: *x\n"), 0);
	r = y.docs[0];
	a = ydoc_get(r, "a");
	c = ydoc_get(r, "c");
	assert_ptr_equal(a, c);
	assert_string_equal(a->anchor, "x");
	assert_string_equal(ydoc_str(ydoc_get(c, "b")), "1");
	{
		struct ydoc other;
		assert_int_equal(load(&other, "b: 1\n"), 0);
		assert_true(ydoc_owns(&y, ydoc_get(c, "b")));
		assert_false(ydoc_owns(&y, other.docs[0]));
		assert_true(ydoc_owns(&other, other.docs[0]));
		ydoc_free(&other);
	}
	ydoc_free(&y);
}

static void test_merge_keys(void **state)
{
	const char *s =
		"x-a: &a {cap_drop: [ALL], read_only: true, k: from-a}\n"
		"x-b: &b {k: from-b, only_b: 1, read_only: false}\n"
		"svc:\n"
		"  <<: [*a, *b]\n"
		"  k: local\n"
		"one:\n"
		"  <<: *b\n"
		"  only_b: 2\n";
	struct ydoc y;
	const struct ydoc_node *svc, *one;
	const struct ydoc_pair *p;
	(void)state;
	assert_int_equal(load(&y, s), 0);
	assert_int_equal(y.nerrors, 0);
	svc = ydoc_get(y.docs[0], "svc");
	assert_string_equal(ydoc_str(ydoc_get(svc, "k")), "local");          /* local wins */
	assert_int_equal(ydoc_bool(ydoc_get(svc, "read_only")), 1);          /* earlier source wins */
	assert_string_equal(ydoc_str(ydoc_get(svc, "only_b")), "1");
	assert_int_equal(ydoc_get(svc, "cap_drop")->type, YDOC_SEQUENCE);
	assert_null(ydoc_get(svc, "<<"));
	assert_int_equal(svc->npairs, 4);
	p = ydoc_entry(svc, "cap_drop");
	assert_true(p->merged);
	assert_int_equal(p->key->start.line, 1);                            /* points into the anchor */
	assert_false(ydoc_entry(svc, "k")->merged);
	one = ydoc_get(y.docs[0], "one");
	assert_string_equal(ydoc_str(ydoc_get(one, "only_b")), "2");
	assert_string_equal(ydoc_str(ydoc_get(one, "k")), "from-b");
	/* the sources are remembered: one (the anchored node itself), or several counted */
	assert_int_equal(one->nmerges, 1);
	assert_ptr_equal(one->merge_from, ydoc_get(y.docs[0], "x-b"));
	assert_int_equal(svc->nmerges, 2);
	assert_null(svc->merge_from);
	assert_int_equal(ydoc_get(y.docs[0], "x-a")->nmerges, 0);
	ydoc_free(&y);
}

static void test_merge_errors(void **state)
{
	struct ydoc y;
	(void)state;
	assert_int_equal(load(&y, "a: &a [1]\nb:\n  <<: *a\n"), -1);
	assert_true(y.fatal);
	assert_int_equal(y.errors[y.nerrors - 1].kind, YDOC_ERR_MERGE);
	ydoc_free(&y);
	/* a quoted "<<" is an ordinary key */
	assert_int_equal(load(&y, "b:\n  \"<<\": 1\n"), 0);
	assert_string_equal(ydoc_str(ydoc_get(ydoc_get(y.docs[0], "b"), "<<")), "1");
	ydoc_free(&y);
}

static void test_duplicate_keys(void **state)
{
	struct ydoc y;
	(void)state;
	assert_int_equal(load(&y, "a: 1\nb:\n  c: 1\n  'c': 2\na: 3\n"), 0);
	assert_false(y.fatal);
	assert_int_equal(y.nerrors, 2);
	assert_int_equal(y.errors[0].kind, YDOC_ERR_DUPLICATE);
	assert_int_equal(y.errors[0].mark.line, 4);
	assert_int_equal(y.errors[0].other.line, 3);
	assert_int_equal(y.errors[0].other.col, 3);
	assert_int_equal(y.errors[1].mark.line, 5);
	assert_int_equal(y.errors[1].other.line, 1);
	assert_non_null(strstr(y.errors[1].message, "duplicate key \"a\""));
	assert_string_equal(ydoc_str(ydoc_get(y.docs[0], "a")), "1");     /* the first one */
	ydoc_free(&y);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"a: [1, 2\n", "a: b: c\n", "- a\nb: c\n", "a: \"unterminated\n", "\t- x\n",
		"a: *nope\n", "a: &x [*x]\n", "{a: 1}}\n", "a: \xff\xfe\n", "key: @x\n",
		"%YAML 9.9\n---\na\n", "!<tag:x> [", "? [a, b]\n: *",
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct ydoc y;
		int rc = load(&y, bad[i]);
		if (rc == 0)
			fail_msg("accepted: %s", bad[i]);
		assert_true(y.fatal);
		assert_true(y.nerrors >= 1);
		assert_true(y.errors[y.nerrors - 1].mark.line >= 1);
		assert_true(y.errors[y.nerrors - 1].mark.offset <= strlen(bad[i]));
		ydoc_free(&y);
	}
}

static void test_documents(void **state)
{
	struct ydoc y;
	struct buf b = BUF_INIT;
	(void)state;
	assert_int_equal(load(&y, "a: 1\n---\nb: 2\n"), 0);
	assert_int_equal(y.ndocs, 2);
	ydoc_free(&y);
	assert_int_equal(load(&y, ""), 0);
	assert_int_equal(y.ndocs, 0);
	ydoc_free(&y);
	for (int i = 0; i <= YDOC_MAX_DOCUMENTS; i++)
		buf_puts(&b, "--- a\n");
	assert_int_equal(ydoc_load(&y, b.ptr, b.len), -1);
	assert_int_equal(y.errors[y.nerrors - 1].kind, YDOC_ERR_LIMIT);
	ydoc_free(&y);
	buf_free(&b);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_alias_bomb(void **state)
{
	size_t len;
	char *s = fixture_read("compose/billion-laughs.yaml", &len);
	struct ydoc y;
	double t0 = now(), dt;
	(void)state;
	assert_int_equal(ydoc_load(&y, s, len), -1);
	dt = now() - t0;
	assert_int_equal(y.errors[y.nerrors - 1].kind, YDOC_ERR_LIMIT);
	assert_non_null(strstr(y.errors[y.nerrors - 1].message, "aliases are expanded"));
	assert_true(y.nall_ < 1000);    /* sharing: the tree holds the file's nodes, not the expansion */
	assert_true(dt < 0.5);
	ydoc_free(&y);
	free(s);
}

static void deep(struct buf *b, const char *open, const char *close, int n)
{
	for (int i = 0; i < n; i++)
		buf_puts(b, open);
	buf_puts(b, "x");
	for (int i = 0; close && i < n; i++)
		buf_puts(b, close);
	buf_putc(b, '\n');
}

static void test_deep_nesting(void **state)
{
	static const char *const shapes[][2] = { { "[", "]" }, { "{a: ", "}" }, { "- ", NULL } };
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(shapes); i++) {
		struct buf b = BUF_INIT;
		struct ydoc y;
		deep(&b, shapes[i][0], shapes[i][1], 10000);
		assert_int_equal(ydoc_load(&y, b.ptr, b.len), -1);
		assert_int_equal(y.errors[y.nerrors - 1].kind, YDOC_ERR_LIMIT);
		ydoc_free(&y);
		buf_clear(&b);
		deep(&b, shapes[i][0], shapes[i][1], YDOC_MAX_DEPTH - 1);
		assert_int_equal(ydoc_load(&y, b.ptr, b.len), 0);
		ydoc_free(&y);
		buf_free(&b);
	}
}

static void test_alias_depth(void **state)
{
	/* each level nests the previous one through an alias: the expanded depth counts */
	struct buf b = BUF_INIT;
	struct ydoc y;
	(void)state;
	buf_puts(&b, "a0: &a0 [x]\n");
	for (int i = 1; i < YDOC_MAX_DEPTH + 5; i++)
		buf_printf(&b, "a%d: &a%d [[[*a%d]]]\n", i, i, i - 1);
	assert_int_equal(ydoc_load(&y, b.ptr, b.len), -1);
	assert_int_equal(y.errors[y.nerrors - 1].kind, YDOC_ERR_LIMIT);
	ydoc_free(&y);
	buf_free(&b);
}

static void test_size_limit(void **state)
{
	struct ydoc y;
	size_t n = YDOC_MAX_SIZE + 1;
	char *s = xmalloc(n);
	(void)state;
	memset(s, '#', n);
	assert_int_equal(ydoc_load(&y, s, n), -1);
	assert_int_equal(y.errors[0].kind, YDOC_ERR_LIMIT);
	ydoc_free(&y);
	free(s);
}

static void test_error_text(void **state)
{
	struct ydoc y;
	char *t;
	(void)state;
	assert_int_equal(load(&y, "a: 1\nb: [\n"), -1);
	t = ydoc_error_text(&y.errors[0]);
	assert_true(strchr(t, ':') != NULL);
	assert_true(t[0] >= '1' && t[0] <= '9');
	free(t);
	ydoc_free(&y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_scalars_and_tags),
		cmocka_unit_test(test_alias_shares_node),
		cmocka_unit_test(test_merge_keys),
		cmocka_unit_test(test_merge_errors),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_alias_depth),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_error_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
