/*
 * fix_hint: every item that has a fix (and so can be withheld or need a
 * value) has a hint for a person, filled from the file where it tells.
 */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "fix_priv.h"

static const char df_text[] =
	"FROM python:3.11 AS build\n"
	"EXPOSE 9999\n"
	"FROM python:3.11-slim\n"
	"EXPOSE 8000/tcp\n"
	"CMD [\"python\", \"app.py\"]\n";

static void test_every_fixable_item_has_a_hint(void **state)
{
	int n = 0;
	(void)state;
	for (int item = 0; item < ITEM_COUNT; item++) {
		char *w = NULL, *c = NULL;
		if (!fix_generator(item))
			continue;
		if (fix_hint(item, item_defs[item].kind, item_defs[item].kind == KIND_DOCKERFILE ? df_text : "services: {}\n",
			     item_defs[item].kind == KIND_DOCKERFILE ? sizeof(df_text) - 1 : 13, "api", &w, &c) != 0)
			fail_msg("no hint for %s", item_defs[item].key);
		assert_non_null(w);
		assert_true(strlen(w) > 0);
		free(w);
		free(c);
		n++;
	}
	assert_true(n >= 20);
}

static void test_filled_from_the_file(void **state)
{
	char *w, *c;
	(void)state;
	/* the final stage's port, not the builder's */
	assert_int_equal(fix_hint(ITEM_SEC_HEALTHCHECK, KIND_DOCKERFILE, df_text, sizeof(df_text) - 1, NULL, &w, &c), 0);
	assert_non_null(strstr(w, "127.0.0.1:8000/"));
	assert_null(strstr(w, "9999"));
	free(w);
	free(c);
	/* the final image's name, without its tag */
	assert_int_equal(fix_hint(ITEM_SEC_PINNED_BASE, KIND_DOCKERFILE, df_text, sizeof(df_text) - 1, NULL, &w, &c), 0);
	assert_non_null(strstr(w, "FROM python:<"));
	free(w);
	free(c);
	/* non-root says what to check about an entrypoint that drops privileges itself */
	assert_int_equal(fix_hint(ITEM_SEC_NON_ROOT, KIND_DOCKERFILE, df_text, sizeof(df_text) - 1, NULL, &w, &c), 0);
	assert_non_null(strstr(w, "USER app"));
	assert_non_null(c);
	assert_non_null(strstr(c, "entrypoint"));
	free(w);
	free(c);
	/* an entrypoint that drops privileges itself, a port below 1024: said by name */
	{
		static const char gosu[] = "FROM debian:12\nRUN apt-get install -y gosu\nEXPOSE 80\n"
					   "ENTRYPOINT [\"/entrypoint.sh\"]\n";
		assert_int_equal(fix_hint(ITEM_SEC_NON_ROOT, KIND_DOCKERFILE, gosu, sizeof(gosu) - 1, NULL, &w, &c), 0);
		assert_non_null(strstr(c, "runs gosu"));
		assert_non_null(strstr(c, "# berth ignore=sec.non-root"));
		assert_non_null(strstr(c, "Port 80 is below 1024"));
		free(w);
		free(c);
	}
	/* an alpine image has BusyBox adduser */
	assert_int_equal(fix_hint(ITEM_SEC_NON_ROOT, KIND_DOCKERFILE, "FROM alpine:3.20\n", 17, NULL, &w, &c), 0);
	assert_non_null(strstr(w, "adduser -S"));
	free(w);
	free(c);
	/* no EXPOSE: the port is left to the author */
	assert_int_equal(fix_hint(ITEM_SEC_HEALTHCHECK, KIND_DOCKERFILE, "FROM node:20\n", 13, NULL, &w, &c), 0);
	assert_non_null(strstr(w, "<port>"));
	free(w);
	free(c);
	/* Compose: under the service the finding is about */
	assert_int_equal(fix_hint(ITEM_COMPOSE_CAP_DROP, KIND_COMPOSE, "", 0, "worker", &w, &c), 0);
	assert_non_null(strstr(w, "worker:\n    cap_drop: [ALL]"));
	free(w);
	free(c);
}

static void test_no_hint(void **state)
{
	char *w = (char *)"x", *c = (char *)"x";
	(void)state;
	/* the wrong kind of file, an item with no fix, no item */
	assert_int_equal(fix_hint(ITEM_SEC_NON_ROOT, KIND_COMPOSE, "", 0, NULL, &w, &c), -1);
	assert_null(w);
	assert_null(c);
	assert_int_equal(fix_hint(ITEM_SEC_NO_SECRETS, KIND_DOCKERFILE, df_text, sizeof(df_text) - 1, NULL, &w, &c), -1);
	assert_int_equal(fix_hint(-1, KIND_DOCKERFILE, NULL, 0, NULL, &w, &c), -1);
	assert_int_equal(fix_hint(ITEM_COUNT, KIND_DOCKERFILE, NULL, 0, NULL, &w, &c), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_fixable_item_has_a_hint),
		cmocka_unit_test(test_filled_from_the_file),
		cmocka_unit_test(test_no_hint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
