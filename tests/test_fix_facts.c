/*
 * The fix engine's image facts (core/fix/fix_facts.c): each question against
 * real entries of images.yaml, and `.berth.yaml` images: turning a withheld
 * fix into one that applies (the same generator, the same file).
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "fix_priv.h"
#include "util.h"

#define DIGEST "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void test_questions(void **state)
{
	const char *const *l;
	char *h;
	(void)state;
	assert_string_equal(fix_image_user(NULL, "node:22.12.0"), "node");
	/* nginx-unprivileged's USER is a bare uid: the name it ships is what a fix writes */
	assert_string_equal(fix_image_user(NULL, "nginxinc/nginx-unprivileged:1.27.3"), "nginx");
	assert_null(fix_image_user(NULL, "python:3.12.8"));
	assert_int_equal(fix_image_known(NULL, "python:3.12.8"), 1);
	assert_int_equal(fix_image_known(NULL, "ghcr.io/acme/app:1"), 0);
	assert_int_equal(fix_image_known(NULL, NULL), 0);
	assert_int_equal(fix_image_drops_privileges(NULL, "postgres:17.2"), 1);
	assert_int_equal(fix_image_drops_privileges(NULL, "node:22.12.0"), 0);
	assert_int_equal(fix_image_drops_privileges(NULL, "ghcr.io/acme/app:1"), -1);
	assert_int_equal(fix_image_uid1000_taken(NULL, "node:22.12.0"), 1);
	assert_int_equal(fix_image_uid1000_taken(NULL, "python:3.12.8"), 0);
	assert_int_equal(fix_image_uid1000_taken(NULL, "ghcr.io/acme/app:1"), -1);
	/* tools: the user tool and the probes' runtimes, by tag */
	assert_int_equal(fix_image_tools(NULL, "python:3.12.8-slim"), FIX_TOOL_USERADD | FIX_TOOL_PYTHON | FIX_TOOL_BASH);
	assert_int_equal(fix_image_tools(NULL, "python:3.12.8-alpine3.21"), FIX_TOOL_BUSYBOX | FIX_TOOL_PYTHON | FIX_TOOL_NC);
	assert_int_equal(fix_image_tools(NULL, "gcr.io/distroless/static-debian12:nonroot"), 0);   /* known: none */
	assert_int_equal(fix_image_tools(NULL, "ghcr.io/acme/app:1"), -1);
	assert_int_equal(fix_image_port(NULL, "postgres:17.2"), 5432);
	assert_int_equal(fix_image_port(NULL, "python:3.12.8"), -1);
	/* the documented health command, as HEALTHCHECK CMD takes it */
	h = fix_image_health(NULL, "mariadb:11.4.4");
	assert_string_equal(h, "[\"healthcheck.sh\", \"--connect\", \"--innodb_initialized\"]");
	free(h);
	assert_null(fix_image_health(NULL, "postgres:17.2"));
	/* cap_add and tmpfs: by the full reference, registry and tag included */
	l = fix_image_caps(NULL, "docker.io/library/postgres:17.2");
	assert_non_null(l);
	assert_string_equal(l[0], "CHOWN");
	assert_non_null(fix_image_caps(NULL, "nginxinc/nginx-unprivileged:1.27.3"));
	assert_null(fix_image_caps(NULL, "nginxinc/nginx-unprivileged:1.27.3")[0]);   /* none needed */
	assert_null(fix_image_caps(NULL, "bitnami/redis:7.4.1"));                       /* another image than redis */
	assert_null(fix_image_caps(NULL, "${REGISTRY}/postgres:17.2"));
	/* redis, valkey, memcached: facts say they write nothing outside their volumes (an empty list, not unknown) */
	assert_non_null(fix_image_tmpfs(NULL, "redis:7.4.1"));
	assert_null(fix_image_tmpfs(NULL, "redis:7.4.1")[0]);
	assert_non_null(fix_image_tmpfs(NULL, "valkey/valkey:8.1.9-alpine"));
	assert_non_null(fix_image_tmpfs(NULL, "memcached:1.6.45"));
	/* valkey 8.1 has no VOLUME over its data folder; 9.0 and redis do */
	assert_string_equal(fix_image_bare_workdir(NULL, "valkey/valkey:8.1.9-alpine"), "/data");
	assert_null(fix_image_bare_workdir(NULL, "valkey/valkey:9-alpine"));
	assert_null(fix_image_bare_workdir(NULL, "redis:7.4.1"));
	assert_null(fix_image_bare_workdir(NULL, "httpd:2.4.62"));
	{
		int slim, alpine;
		assert_int_equal(fix_image_variants(NULL, "postgres:16.2", &slim, &alpine), 1);
		assert_int_equal(slim, 0);
		assert_int_equal(alpine, 1);
		assert_int_equal(fix_image_variants(NULL, "ghcr.io/acme/app:1", &slim, &alpine), 0);
		assert_int_equal(slim, -1);
	}
	l = fix_image_tmpfs(NULL, "nginx:1.27.3");
	assert_string_equal(l[0], "/var/cache/nginx");
	assert_string_equal(l[1], "/var/run");
	assert_null(l[2]);
}

static void test_health_forms(void **state)
{
	struct config c;
	char *h;
	(void)state;
	test_config_from(&c, "images:\n"
		 "  ghcr.io/acme/a: {health: [\"CMD\", \"/bin/probe\", \"--say \\\"ok\\\"\"]}\n"
		 "  ghcr.io/acme/b: {health: [\"CMD-SHELL\", \"curl -fsS localhost:8080/health || exit 1\"]}\n");
	h = fix_image_health(&c, "ghcr.io/acme/a:1");
	assert_string_equal(h, "[\"/bin/probe\", \"--say \\\"ok\\\"\"]");
	free(h);
	h = fix_image_health(&c, "ghcr.io/acme/b:1");
	assert_string_equal(h, "curl -fsS localhost:8080/health || exit 1");
	free(h);
	config_free(&c);
}

/* The fixes of `item` for `text` with `cfg`; *out the planned file's text after them (malloc'd) or NULL. */
static enum fix_level plan_one(const char *path, enum filekind kind, const char *text, const struct config *cfg,
			       int item, char **out, char **note)
{
	struct fix_input in;
	struct fix *fx = NULL;
	size_t n = 0;
	enum fix_level lv = FIX_LEVEL_WITHHELD;
	memset(&in, 0, sizeof(in));
	in.path = path;
	in.kind = kind;
	in.data = text;
	in.len = strlen(text);
	in.cfg = cfg;
	*out = *note = NULL;
	fix_generate(&in, item, &fx, &n);
	assert_int_equal(n, 1);
	lv = fx[0].level;
	*note = fx[0].note ? xstrdup(fx[0].note) : NULL;
	if (fx[0].nchanges && fx[0].changes[0].nedits) {
		size_t len = 0;
		assert_int_equal(fix_change_apply(&fx[0].changes[0], text, strlen(text), out, &len), 0);
	}
	fix_clear(&fx[0]);
	free(fx);
	return lv;
}

/* `.berth.yaml` images: gives the facts a withheld fix waited for. */
static void test_config_enables_fixes(void **state)
{
	static const char compose[] = "services:\n  app:\n    image: ghcr.io/acme/app:1.0.0\n";
	static const char df[] = "FROM ghcr.io/acme/base:1.2.3\nCOPY app /srv/app\nCMD [\"/srv/app\"]\n";
	struct config c;
	char *out, *note;
	(void)state;
	/* nobody described the images: withheld, nothing written */
	assert_int_equal(plan_one("compose.yaml", KIND_COMPOSE, compose, NULL, ITEM_COMPOSE_READ_ONLY, &out, &note),
			 FIX_LEVEL_WITHHELD);
	assert_null(out);
	free(note);
	assert_int_equal(plan_one("compose.yaml", KIND_COMPOSE, compose, NULL, ITEM_COMPOSE_CAP_DROP, &out, &note),
			 FIX_LEVEL_WITHHELD);
	assert_null(out);
	free(note);
	assert_int_equal(plan_one("Dockerfile", KIND_DOCKERFILE, df, NULL, ITEM_SEC_NON_ROOT, &out, &note),
			 FIX_LEVEL_WITHHELD);
	assert_non_null(strstr(note, "no facts about the base image ghcr.io/acme/base:1.2.3"));
	assert_null(out);
	free(note);
	/* described in .berth.yaml */
	test_config_from(&c, "images:\n"
		 "  ghcr.io/acme/app:\n"
		 "    cap-add: [NET_BIND_SERVICE]\n"
		 "    tmpfs: [/tmp, /run/app]\n"
		 "  ghcr.io/acme/base:\n"
		 "    users: [{name: app, uid: 10001, gid: 10001}]\n"
		 "    user-tool: busybox\n"
		 "    drops-privileges: none\n");
	assert_int_equal(plan_one("compose.yaml", KIND_COMPOSE, compose, &c, ITEM_COMPOSE_READ_ONLY, &out, &note),
			 FIX_LEVEL_REVIEW);
	assert_string_equal(out, "services:\n  app:\n    image: ghcr.io/acme/app:1.0.0\n    read_only: true\n"
			    "    tmpfs:\n      - /tmp\n      - /run/app\n");
	free(out);
	free(note);
	assert_int_equal(plan_one("compose.yaml", KIND_COMPOSE, compose, &c, ITEM_COMPOSE_CAP_DROP, &out, &note),
			 FIX_LEVEL_REVIEW);
	assert_string_equal(out, "services:\n  app:\n    image: ghcr.io/acme/app:1.0.0\n    cap_drop:\n      - ALL\n"
			    "    cap_add:\n      - NET_BIND_SERVICE\n");
	assert_non_null(strstr(note, "ghcr.io/acme/app"));
	free(out);
	free(note);
	assert_int_equal(plan_one("Dockerfile", KIND_DOCKERFILE, df, &c, ITEM_SEC_NON_ROOT, &out, &note),
			 FIX_LEVEL_REVIEW);
	assert_string_equal(out, "FROM ghcr.io/acme/base:1.2.3\nCOPY app /srv/app\nUSER app\nCMD [\"/srv/app\"]\n");
	assert_non_null(strstr(note, "runs as app (the base image's user)"));
	free(out);
	free(note);
	/* a correction can withhold too: an entrypoint that drops privileges keeps its root start */
	config_free(&c);
	test_config_from(&c, "images:\n  ghcr.io/acme/base:\n    users: [{name: app}]\n    drops-privileges: su-exec\n");
	assert_int_equal(plan_one("Dockerfile", KIND_DOCKERFILE, df, &c, ITEM_SEC_NON_ROOT, &out, &note),
			 FIX_LEVEL_WITHHELD);
	assert_non_null(strstr(note, "drops privileges itself"));
	assert_null(out);
	free(note);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_questions),
		cmocka_unit_test(test_health_forms),
		cmocka_unit_test(test_config_enables_fixes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
