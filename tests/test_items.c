/*
 * The item table (core/checks/items.h) is the one definition of an item;
 * every other per-item table must agree with it: the explain texts, the fix
 * generators, the hadolint ids (pragmas, .hadolint.yaml, berth explain).
 */
#include "support.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "explain.h"
#include "fix_priv.h"
#include "items.h"
#include "util.h"

/* Keys are unique, of the form category.word, and kinds match categories. */
static void test_rows_well_formed(void **state)
{
	(void)state;
	for (int i = 0; i < ITEM_COUNT; i++) {
		const struct item_def *d = &item_defs[i];
		const char *dot = strchr(d->key, '.');
		assert_non_null(dot);
		assert_true(*d->title);
		assert_int_equal(item_find(d->key), i);
		if ((d->cat == CAT_COMPOSE) != (d->kind == KIND_COMPOSE))
			fail_msg("%s: category and kind disagree", d->key);
		if (d->kind == KIND_COMPOSE ? strncmp(d->key, "compose.", 8) != 0 : strncmp(d->key, "compose.", 8) == 0)
			fail_msg("%s: key prefix and kind disagree", d->key);
		for (int j = 0; j < i; j++)
			if (strcmp(item_defs[j].title, d->title) == 0)
				fail_msg("%s and %s share a title", item_defs[j].key, d->key);
	}
}

/* Every item has its explanation: why, how judged, a bad and a good example. */
static void test_every_item_explained(void **state)
{
	(void)state;
	for (int i = 0; i < ITEM_COUNT; i++) {
		const struct explain *e = explain_get(i);
		if (!*e->why || !*e->judged || !*e->bad || !*e->good)
			fail_msg("%s has no complete explanation", item_defs[i].key);
	}
}

/* A fix generator exists exactly for the items whose fix kind is not "none". */
static void test_generators_match_fix_kind(void **state)
{
	(void)state;
	for (int i = 0; i < ITEM_COUNT; i++) {
		int has = fix_generator(i) != NULL;
		if (has != (item_defs[i].fix != FIX_NONE))
			fail_msg("%s: fix kind %s but %s generator", item_defs[i].key,
				 fixkind_name(item_defs[i].fix), has ? "a" : "no");
	}
	assert_null(fix_generator(-1));
	assert_null(fix_generator(ITEM_COUNT));
}

/* Each DL id sits in one row at most, is well formed, and maps back to its row. */
static void test_hadolint_ids_once(void **state)
{
	(void)state;
	int seen[2000] = { 0 };
	for (int i = 0; i < ITEM_COUNT; i++) {
		char *copy = xstrdup(item_defs[i].hadolint), *save = NULL;
		for (char *id = strtok_r(copy, " ", &save); id; id = strtok_r(NULL, " ", &save)) {
			int n = 0;
			if (strlen(id) != 6 || strncmp(id, "DL", 2) != 0 || sscanf(id + 2, "%d", &n) != 1 ||
			    n < 3000 || n >= 5000)
				fail_msg("%s: malformed hadolint id '%s'", item_defs[i].key, id);
			if (seen[n - 3000]++)
				fail_msg("%s is listed twice", id);
			if (item_of_hadolint(id) != i)
				fail_msg("%s in %s's row maps to %d", id, item_defs[i].key, item_of_hadolint(id));
		}
		free(copy);
	}
	/* lower case, ShellCheck, unknown */
	assert_int_equal(item_of_hadolint("dl3002"), ITEM_SEC_NON_ROOT);
	assert_int_equal(item_of_hadolint("DL3008"), -2);
	assert_int_equal(item_of_hadolint("SC2086"), -2);
	assert_int_equal(item_of_hadolint("DL9999"), -1);
	assert_int_equal(item_of_hadolint("DL300"), -1);
	assert_int_equal(item_of_hadolint("DL30021"), -1);
	assert_int_equal(item_of_hadolint(""), -1);
}

/* `berth explain` names exactly the row's ids, and no others. */
static void test_explain_names_row_ids(void **state)
{
	(void)state;
	for (int i = 0; i < ITEM_COUNT; i++) {
		char *out = NULL, *save = NULL, *copy;
		size_t n = 0, listed = 0, inrow = 0;
		FILE *f = open_memstream(&out, &n);
		assert_int_equal(explain_write(f, item_defs[i].key), 0);
		fclose(f);
		for (const char *p = out; (p = strstr(p, "DL")); p += 2)
			if (p[2] >= '0' && p[2] <= '9')
				listed++;
		copy = xstrdup(item_defs[i].hadolint);
		for (char *id = strtok_r(copy, " ", &save); id; id = strtok_r(NULL, " ", &save)) {
			inrow++;
			if (!strstr(out, id))
				fail_msg("berth explain %s does not name %s", item_defs[i].key, id);
		}
		if (listed != inrow)
			fail_msg("berth explain %s names %zu DL ids, its row has %zu", item_defs[i].key, listed, inrow);
		free(copy);
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_well_formed),
		cmocka_unit_test(test_every_item_explained),
		cmocka_unit_test(test_generators_match_fix_kind),
		cmocka_unit_test(test_hadolint_ids_once),
		cmocka_unit_test(test_explain_names_row_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
