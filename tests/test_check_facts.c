/*
 * The image-fact questions of core/checks/check_facts.h, against real
 * entries of images.yaml and against `.berth.yaml` `images:` corrections:
 * yes, no and unknown each where the table says so.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_facts.h"
#include "config.h"
#include "util.h"

#define DIGEST "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* A config loaded from `yaml` (a .berth.yaml); the caller config_free()s it. */
static void cfg_from(struct config *c, const char *yaml)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/berth-cfacts-XXXXXX", dir && *dir ? dir : "/tmp"), *err = NULL;
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
	close(fd);
	config_init(c);
	if (config_load(c, path, &err) != 0)
		fail_msg("config: %s", err);
	unlink(path);
	free(path);
}

static void test_user_nonroot(void **state)
{
	const char *user = NULL;
	(void)state;
	assert_int_equal(facts_user_nonroot(NULL, "nginxinc/nginx-unprivileged:1.27.3", &user), FACT_YES);
	assert_string_equal(user, "101");
	assert_int_equal(facts_user_nonroot(NULL, "docker.io/grafana/grafana:11.4.0", &user), FACT_YES);
	assert_string_equal(user, "472");
	assert_int_equal(facts_user_nonroot(NULL, "postgres:17.2", NULL), FACT_NO);   /* no USER: root */
	assert_int_equal(facts_user_nonroot(NULL, "node:22.12.0-slim", NULL), FACT_NO);
	/* by tag: distroless's nonroot tags set USER, the others run as root */
	assert_int_equal(facts_user_nonroot(NULL, "gcr.io/distroless/python3-debian12:nonroot", &user), FACT_YES);
	assert_string_equal(user, "nonroot");
	assert_int_equal(facts_user_nonroot(NULL, "gcr.io/distroless/python3-debian12:latest", NULL), FACT_NO);
	assert_int_equal(facts_user_nonroot(NULL, "gcr.io/distroless/python3-debian12@" DIGEST, NULL), FACT_UNKNOWN);
	assert_int_equal(facts_user_nonroot(NULL, "ghcr.io/acme/app:1.0.0", NULL), FACT_UNKNOWN);
	assert_int_equal(facts_user_nonroot(NULL, NULL, NULL), FACT_UNKNOWN);
}

static void test_workdir(void **state)
{
	const char *dir = NULL;
	(void)state;
	assert_int_equal(facts_workdir(NULL, "php:8.3-apache", &dir), FACT_YES);
	assert_string_equal(dir, "/var/www/html");
	assert_int_equal(facts_workdir(NULL, "golang:1.23.4", &dir), FACT_YES);
	assert_string_equal(dir, "/go");
	assert_int_equal(facts_workdir(NULL, "php:8.3-cli", NULL), FACT_UNKNOWN);     /* cli sets none */
	assert_int_equal(facts_workdir(NULL, "python:3.12.8", NULL), FACT_UNKNOWN);
	assert_int_equal(facts_workdir(NULL, "searxng/base:x", NULL), FACT_UNKNOWN);
}

static void test_env_defines(void **state)
{
	(void)state;
	assert_int_equal(facts_env_defines(NULL, "node:22.12.0", "NODE_VERSION"), FACT_YES);
	assert_int_equal(facts_env_defines(NULL, "node:22.12.0-alpine3.21", "YARN_VERSION"), FACT_YES);
	assert_int_equal(facts_env_defines(NULL, "node:22.12.0", "PYTHON_VERSION"), FACT_NO);
	assert_int_equal(facts_env_defines(NULL, "postgres:17.2", "PGDATA"), FACT_YES);
	/* alpine's postgres lists PG_SHA256, the Debian one does not */
	assert_int_equal(facts_env_defines(NULL, "postgres:17.2-alpine3.21", "PG_SHA256"), FACT_YES);
	assert_int_equal(facts_env_defines(NULL, "postgres:17.2-bookworm", "PG_SHA256"), FACT_NO);
	assert_int_equal(facts_env_defines(NULL, "postgres@" DIGEST, "PGDATA"), FACT_UNKNOWN);
	assert_int_equal(facts_env_defines(NULL, "ghcr.io/acme/app:1", "APP_HOME"), FACT_UNKNOWN);
}

static void test_variants_and_full(void **state)
{
	(void)state;
	assert_int_equal(facts_no_slim_variant(NULL, "ubuntu:24.04"), FACT_YES);
	assert_int_equal(facts_no_slim_variant(NULL, "python:3.12.8"), FACT_NO);
	assert_int_equal(facts_no_slim_variant(NULL, "postgres:17.2"), FACT_NO);      /* alpine exists */
	assert_int_equal(facts_no_slim_variant(NULL, "ghcr.io/acme/app:1"), FACT_UNKNOWN);
	assert_int_equal(facts_full_image(NULL, "node:22.12.0"), FACT_YES);
	assert_int_equal(facts_full_image(NULL, "node:22.12.0-slim"), FACT_NO);
	assert_int_equal(facts_full_image(NULL, "node:22.12.0-alpine3.21"), FACT_NO);
	assert_int_equal(facts_full_image(NULL, "node@" DIGEST), FACT_UNKNOWN);       /* the tag decides */
	assert_int_equal(facts_full_image(NULL, "nginx:1.27.3"), FACT_UNKNOWN);
}

static void test_healthcheck_and_port(void **state)
{
	int port = 0;
	(void)state;
	assert_int_equal(facts_healthcheck(NULL, "axllent/mailpit:v1.21.8"), FACT_YES);
	assert_int_equal(facts_healthcheck(NULL, "postgres:17.2"), FACT_NO);
	assert_int_equal(facts_healthcheck(NULL, "ghcr.io/acme/app:1"), FACT_UNKNOWN);
	assert_int_equal(facts_port(NULL, "postgres:17.2", &port), FACT_YES);
	assert_int_equal(port, 5432);
	assert_int_equal(facts_port(NULL, "nginxinc/nginx-unprivileged:1.27.3", &port), FACT_YES);
	assert_int_equal(port, 8080);
	assert_int_equal(facts_port(NULL, "docker:27.4.1", &port), FACT_YES);
	assert_int_equal(port, 2376);
	assert_int_equal(facts_port(NULL, "docker:27.4.1-cli", NULL), FACT_NO);       /* the cli has no daemon */
	assert_int_equal(facts_port(NULL, "docker@" DIGEST, NULL), FACT_UNKNOWN);
	assert_int_equal(facts_port(NULL, "python:3.12.8", NULL), FACT_UNKNOWN);
}

static void test_drops_privileges(void **state)
{
	const char *how = NULL;
	(void)state;
	assert_int_equal(facts_drops_privileges(NULL, "postgres:17.2", &how), FACT_YES);
	assert_string_equal(how, "gosu");
	assert_int_equal(facts_drops_privileges(NULL, "gitea/gitea:1.22.6", &how), FACT_YES);
	assert_string_equal(how, "su-exec");
	assert_int_equal(facts_drops_privileges(NULL, "node:22.12.0", NULL), FACT_NO);
	assert_int_equal(facts_drops_privileges(NULL, "ghcr.io/acme/app:1", NULL), FACT_UNKNOWN);
	assert_non_null(strstr(facts_source_of(NULL, "postgres:17.2"), "docker-library/postgres"));
	assert_null(facts_source_of(NULL, "ghcr.io/acme/app:1"));
}

/* `.berth.yaml` images: answers for an image the table does not know, and corrects one it does. */
static void test_config_images(void **state)
{
	struct config c;
	const char *s = NULL;
	int port = 0;
	(void)state;
	cfg_from(&c, "images:\n"
		 "  ghcr.io/acme/app:\n"
		 "    user: app\n"
		 "    workdir: /srv/app\n"
		 "    env: [APP_HOME]\n"
		 "    healthcheck: true\n"
		 "    port: 8443\n"
		 "    drops-privileges: su-exec\n"
		 "    variants: {slim: false, alpine: false}\n"
		 "    full-image: true\n"
		 "  postgres:\n"
		 "    drops-privileges: none\n"
		 "    healthcheck: true\n");
	assert_int_equal(facts_user_nonroot(&c, "ghcr.io/acme/app:1", &s), FACT_YES);
	assert_string_equal(s, "app");
	assert_int_equal(facts_workdir(&c, "ghcr.io/acme/app:1", &s), FACT_YES);
	assert_string_equal(s, "/srv/app");
	assert_int_equal(facts_env_defines(&c, "ghcr.io/acme/app:1", "APP_HOME"), FACT_YES);
	assert_int_equal(facts_env_defines(&c, "ghcr.io/acme/app:1", "HOME_APP"), FACT_NO);
	assert_int_equal(facts_healthcheck(&c, "ghcr.io/acme/app:1"), FACT_YES);
	assert_int_equal(facts_port(&c, "ghcr.io/acme/app:1", &port), FACT_YES);
	assert_int_equal(port, 8443);
	assert_int_equal(facts_drops_privileges(&c, "ghcr.io/acme/app:1", &s), FACT_YES);
	assert_string_equal(s, "su-exec");
	assert_int_equal(facts_no_slim_variant(&c, "ghcr.io/acme/app:1"), FACT_YES);
	assert_int_equal(facts_full_image(&c, "ghcr.io/acme/app:1"), FACT_YES);
	assert_string_equal(facts_source_of(&c, "ghcr.io/acme/app:1"), c.path);
	/* the correction wins over the table; the fields it does not give stay */
	assert_int_equal(facts_drops_privileges(&c, "postgres:17.2", NULL), FACT_NO);
	assert_int_equal(facts_healthcheck(&c, "postgres:17.2"), FACT_YES);
	assert_int_equal(facts_port(&c, "postgres:17.2", &port), FACT_YES);
	assert_int_equal(port, 5432);
	/* and the table itself is untouched */
	assert_int_equal(facts_healthcheck(NULL, "postgres:17.2"), FACT_NO);
	assert_int_equal(facts_user_nonroot(NULL, "ghcr.io/acme/app:1", NULL), FACT_UNKNOWN);
	config_free(&c);
	/* a config without images: answers from the table */
	cfg_from(&c, "fail-on: error\n");
	assert_int_equal(facts_drops_privileges(&c, "postgres:17.2", NULL), FACT_YES);
	config_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_nonroot),
		cmocka_unit_test(test_workdir),
		cmocka_unit_test(test_env_defines),
		cmocka_unit_test(test_variants_and_full),
		cmocka_unit_test(test_healthcheck_and_port),
		cmocka_unit_test(test_drops_privileges),
		cmocka_unit_test(test_config_images),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
