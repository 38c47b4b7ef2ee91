/*
 * Tests of the order of a file's findings (core/check.c, check_finish):
 * line, column, item key, end, message; findings equal in all of these
 * keep the order they were added in, with few findings (insertion sort) and
 * with many (qsort), as glibc's merge sort kept them.
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "text.h"
#include "util.h"

/* The documented order, compared by hand. */
static int before(const struct finding *a, const struct finding *b)
{
	int c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	c = strcmp(item_defs[a->item].key, item_defs[b->item].key);
	if (c)
		return c;
	if (a->end_line != b->end_line)
		return a->end_line < b->end_line ? -1 : 1;
	if (a->end_col != b->end_col)
		return a->end_col < b->end_col ? -1 : 1;
	return strcmp(a->message, b->message);
}

/* n findings from a fixed pseudo-random sequence, many of them equal but for their rule. */
static void run(size_t n, unsigned seed)
{
	static const int items[] = { ITEM_CORR_PARSE, ITEM_SEC_NON_ROOT, ITEM_PERF_DOCKERIGNORE, ITEM_SEC_HEALTHCHECK };
	char data[400];
	struct text t;
	struct file_result r;
	struct audit a;
	unsigned x = seed;
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = i % 20 == 19 ? '\n' : 'a';
	text_init(&t, data, sizeof(data));
	audit_init(&a, &r, "Dockerfile", KIND_DOCKERFILE, &t, NULL);
	for (size_t i = 0; i < n; i++) {
		size_t start;
		x = x * 1103515245u + 12345u;
		start = (x >> 8) % 3 * 20 + (x >> 12) % 2;       /* few distinct positions: many ties */
		audit_add(&a, items[(x >> 16) % 4], SEV_WARNING, "r", start, start + 1 + (x >> 20) % 2,
			  FIX_NONE, "%s", (x >> 24) % 2 ? "same text" : "other text");
		free(r.findings[i].rule);
		r.findings[i].rule = xasprintf("%zu", i);  /* the rule records the order of addition */
	}
	check_finish(&a);
	assert_int_equal(r.nfindings, n);
	for (size_t i = 1; i < n; i++) {
		int c = before(&r.findings[i - 1], &r.findings[i]);
		assert_true(c <= 0);
		if (c == 0)                                 /* equal: the earlier added comes first */
			assert_true(atoi(r.findings[i - 1].rule) < atoi(r.findings[i].rule));
	}
	file_result_free(&r);
	text_free(&t);
}

static void test_few(void **state)
{
	(void)state;
	for (unsigned seed = 1; seed < 200; seed++)
		for (size_t n = 0; n <= 32; n += 4)
			run(n, seed);
}

static void test_many(void **state)
{
	(void)state;
	for (unsigned seed = 1; seed < 50; seed++) {
		run(33, seed);
		run(100, seed);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_few),
		cmocka_unit_test(test_many),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
