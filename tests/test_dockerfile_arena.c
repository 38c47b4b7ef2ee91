/*
 * Tests of the bump allocator behind a parsed Dockerfile, a parsed script
 * and an analysis (core/df_arena.h): alignment, strings, growth in place and
 * by copy, big requests, many arenas in turn (the per-thread spare blocks)
 * and arenas on several threads.
 */
#include "support.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "df_arena.h"

static void test_alloc_aligned_distinct(void **state)
{
	struct df_arena *a = df_arena_new(0);
	char *prev = NULL;
	(void)state;
	for (size_t i = 1; i < 3000; i += 7) {
		char *p = df_arena_alloc(a, i);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		memset(p, (int)(i & 0xFF), i);
		if (prev)
			assert_true(p != prev);
		prev = p;
	}
	df_arena_free(a);
}

static void test_strings(void **state)
{
	struct df_arena *a = df_arena_new(64);
	const char src[] = "ab\0cd";
	char *s, *t, *e;
	int *z;
	(void)state;
	s = df_arena_strndup(a, src, 5);           /* n bytes, as xstrndup: the NUL inside is copied */
	assert_memory_equal(s, src, 5);
	assert_int_equal(s[5], '\0');
	t = df_arena_strdup(a, "hello");
	assert_string_equal(t, "hello");
	e = df_arena_strndup(a, "", 0);
	assert_string_equal(e, "");
	z = df_arena_calloc(a, 100, sizeof(int));
	for (int i = 0; i < 100; i++)
		assert_int_equal(z[i], 0);
	assert_string_equal(t, "hello");            /* nothing overwrote an earlier string */
	assert_memory_equal(s, src, 5);
	df_arena_free(a);
}

/* An array pushed to element by element keeps every element, whether it grows in place or by copy. */
static void test_grow(void **state)
{
	struct df_arena *a = df_arena_new(0);
	size_t *v = NULL, n = 0, cap = 0;
	size_t *w = NULL, nw = 0, capw = 0;
	(void)state;
	for (size_t i = 0; i < 100000; i++) {
		APUSH(a, v, n, cap, i * 3);
		if (i % 3 == 0)
			APUSH(a, w, nw, capw, i);   /* two arrays growing in turn: copies */
		if (i % 1000 == 0)
			(void)df_arena_strdup(a, "in between");
	}
	assert_int_equal(n, 100000);
	assert_true(cap >= n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(v[i], i * 3);
	for (size_t i = 0; i < nw; i++)
		assert_int_equal(w[i], i * 3);
	df_arena_free(a);
}

/* The newest allocation grows without moving while the block has room. */
static void test_grow_in_place(void **state)
{
	struct df_arena *a = df_arena_new(0);
	int *v = NULL, *first;
	size_t cap = 0;
	(void)state;
	AGROW(a, v, cap, 1);
	first = v;
	v[0] = 42;
	AGROW(a, v, cap, 16);
	assert_ptr_equal(v, first);
	assert_int_equal(v[0], 42);
	assert_int_equal(cap, 16);
	(void)df_arena_alloc(a, 8);         /* no longer the newest: the next growth copies */
	AGROW(a, v, cap, 17);
	assert_true(v != first);
	assert_int_equal(v[0], 42);
	assert_int_equal(cap, 32);
	df_arena_free(a);
}

/* Requests bigger than any block, and a big first hint. */
static void test_big(void **state)
{
	struct df_arena *a = df_arena_new((size_t)4 << 20);
	char *small = df_arena_strdup(a, "small");
	char *big = df_arena_alloc(a, (size_t)3 << 20);
	char *after;
	(void)state;
	memset(big, 'x', (size_t)3 << 20);
	after = df_arena_strdup(a, "after");
	assert_string_equal(small, "small");
	assert_string_equal(after, "after");
	assert_int_equal(big[0], 'x');
	assert_int_equal(big[((size_t)3 << 20) - 1], 'x');
	df_arena_free(a);
	df_arena_free(NULL);
}

/* Many arenas one after the other and side by side (the spare blocks of a thread are reused). */
static void test_many(void **state)
{
	struct df_arena *live[10];
	(void)state;
	for (int round = 0; round < 50; round++) {
		for (int k = 0; k < 10; k++) {
			live[k] = df_arena_new((size_t)k * 100);
			for (int i = 0; i < 200; i++)
				(void)df_arena_strdup(live[k], "some text of some length");
			*(int *)df_arena_alloc(live[k], sizeof(int)) = k;
		}
		for (int k = 9; k >= 0; k--)
			df_arena_free(live[k]);
	}
}

static void *worker(void *arg)
{
	size_t *sum = arg;
	for (int round = 0; round < 200; round++) {
		struct df_arena *a = df_arena_new(0);
		size_t *v = NULL, n = 0, cap = 0;
		for (size_t i = 0; i < 500; i++)
			APUSH(a, v, n, cap, i);
		for (size_t i = 0; i < n; i++)
			*sum += v[i];
		df_arena_free(a);
	}
	return NULL;
}

/* Threads that end keep no block (their spares are freed; ASan and valgrind see no leak). */
static void test_threads(void **state)
{
	pthread_t t[4];
	size_t sums[4] = { 0 };
	(void)state;
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker, &sums[i]), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(sums[i], (size_t)200 * (499 * 500 / 2));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_aligned_distinct),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_grow_in_place),
		cmocka_unit_test(test_big),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
