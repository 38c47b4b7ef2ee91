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
#include "scan.h"
#include "text.h"
#include "util.h"

#define DIGEST "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

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
	/* php's apache family is Debian only; its cli and fpm have alpine tags */
	assert_int_equal(facts_no_slim_variant(NULL, "php:8.3.14-apache"), FACT_YES);
	assert_int_equal(facts_no_slim_variant(NULL, "php:8.3.14-fpm"), FACT_NO);
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
	test_config_from(&c, "images:\n"
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
	test_config_from(&c, "fail-on: error\n");
	assert_int_equal(facts_drops_privileges(&c, "postgres:17.2", NULL), FACT_YES);
	config_free(&c);
}

/* ---- the Dockerfile rules that read the facts ---- */

/* Audit `text` as ./Dockerfile with `cfg` (NULL: the built-in facts). */
static void df_audit_cfg(struct file_result *r, const char *text, const struct config *cfg)
{
	struct text t;
	text_init(&t, text, strlen(text));
	scan_audit_file(r, "Dockerfile", KIND_DOCKERFILE, text, strlen(text), &t, NULL, cfg, NULL, 0);
	text_free(&t);
}

/* Item `key` of `text` has `status`; with `rule`, a finding of that rule and severity `sev` exists, else none of the item. */
static void expect_rule(const char *text, const struct config *cfg, const char *key, const char *status,
			const char *rule, const char *sev)
{
	struct file_result r;
	const struct finding *f;
	df_audit_cfg(&r, text, cfg);
	f = finding_of(&r, key, rule);
	if (strcmp(status_of(&r, key), status) != 0 || (rule && (!f || strcmp(sev_name(f->sev), sev) != 0)) ||
	    (!rule && finding_of(&r, key, NULL))) {
		dump_result(&r);
		fail_msg("%s: expected %s %s/%s for:\n%s", key, status, rule ? rule : "-", sev ? sev : "-", text);
	}
	file_result_free(&r);
}

static void test_rule_non_root(void **state)
{
	struct config c;
	(void)state;
	/* the image's own USER 101 */
	expect_rule("FROM nginxinc/nginx-unprivileged:1.27.3\nCOPY site/ /usr/share/nginx/html/\n", NULL,
		    "sec.non-root", "pass", NULL, NULL);
	expect_rule("FROM nginx:1.27.3\nCOPY site/ /usr/share/nginx/html/\n", NULL,
		    "sec.non-root", "fail", "no-user", "warning");
	/* by tag, and unknown with a digest alone */
	expect_rule("FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY app.py /app/\n", NULL,
		    "sec.non-root", "pass", NULL, NULL);
	expect_rule("FROM gcr.io/distroless/python3-debian12@" DIGEST "\nCOPY app.py /app/\n", NULL,
		    "sec.non-root", "fail", "no-user", "warning");
	/* postgres's entrypoint starts as root and drops to postgres with gosu: info */
	expect_rule("FROM postgres:17.2\nCOPY init.sql /docker-entrypoint-initdb.d/\n", NULL,
		    "sec.non-root", "pass", "no-user", "info");
	/* unless the file replaces that entrypoint */
	expect_rule("FROM postgres:17.2\nCOPY run.sh /run.sh\nENTRYPOINT [\"/run.sh\"]\n", NULL,
		    "sec.non-root", "fail", "no-user", "warning");
	/* USER root at the end of a gosu image: info too */
	expect_rule("FROM redis:7.4.1\nUSER root\n", NULL, "sec.non-root", "pass", "root-user", "info");
	/* `.berth.yaml` images: teaches berth a company base image (the file runs its own command) */
	expect_rule("FROM ghcr.io/acme/base:1.2.3\nCOPY app /app\nCMD [\"/app/run\"]\n", NULL, "sec.non-root", "fail",
		    "no-user", "warning");
	test_config_from(&c, "images:\n  ghcr.io/acme/base:\n    user: app\n");
	expect_rule("FROM ghcr.io/acme/base:1.2.3\nCOPY app /app\nCMD [\"/app/run\"]\n", &c, "sec.non-root", "pass", NULL, NULL);
	config_free(&c);
	test_config_from(&c, "images:\n  ghcr.io/acme/base:\n    drops-privileges: su-exec\n");
	expect_rule("FROM ghcr.io/acme/base:1.2.3\nCOPY app /app\nCMD [\"/app/run\"]\n", &c, "sec.non-root", "pass",
		    "no-user", "info");
	config_free(&c);
	/* without a command of its own, the unknown image it extends runs it: info (beyond revision 4, N7) */
	expect_rule("FROM ghcr.io/acme/base:1.2.3\nCOPY app /app\n", NULL, "sec.non-root", "pass", "no-user", "info");
	/* once its facts are known, they decide */
	test_config_from(&c, "images:\n  ghcr.io/acme/base:\n    port: 8080\n");
	expect_rule("FROM ghcr.io/acme/base:1.2.3\nCOPY app /app\n", &c, "sec.non-root", "fail", "no-user", "warning");
	config_free(&c);
}

static void test_rule_minimal_base(void **state)
{
	struct config c;
	(void)state;
	expect_rule("FROM php:8.3.14-apache\nUSER www-data\n", NULL, "sec.minimal-base", "pass", "no-slim-variant", "info");
	/* buildpack-deps has neither a slim nor an alpine family (its facts) */
	expect_rule("FROM buildpack-deps:bookworm\nUSER nobody\n", NULL, "sec.minimal-base", "pass", "no-slim-variant", "info");
	expect_rule("FROM python:3.12.8\nUSER nobody\n", NULL, "sec.minimal-base", "fail", "full-image", "warning");
	test_config_from(&c, "images:\n  python:\n    variants: {slim: false, alpine: false}\n");
	expect_rule("FROM python:3.12.8\nUSER nobody\n", &c, "sec.minimal-base", "pass", "no-slim-variant", "info");
	config_free(&c);
}

static void test_rule_workdir(void **state)
{
	struct config c;
	(void)state;
	/* php's apache and fpm images set WORKDIR /var/www/html; the cli one sets none */
	expect_rule("FROM php:8.3.14-apache\nCOPY src/ .\n", NULL, "corr.workdir-before-copy", "pass", NULL, NULL);
	expect_rule("FROM php:8.3.14-cli\nCOPY src/ .\n", NULL, "corr.workdir-before-copy", "fail", "relative-dest", "warning");
	expect_rule("FROM golang:1.23.4\nCOPY . .\n", NULL, "corr.workdir-before-copy", "pass", NULL, NULL);
	/* a namespaced image: with facts its WORKDIR counts, without them berth cannot see one (info) */
	expect_rule("FROM grafana/grafana:11.4.0\nCOPY plugins plugins\n", NULL, "corr.workdir-before-copy", "pass", NULL, NULL);
	expect_rule("FROM ghcr.io/acme/app:1.0.0\nCOPY conf conf\n", NULL, "corr.workdir-before-copy", "pass", "relative-dest", "info");
	test_config_from(&c, "images:\n  ghcr.io/acme/app:\n    workdir: /srv\n");
	expect_rule("FROM ghcr.io/acme/app:1.0.0\nCOPY conf conf\n", &c, "corr.workdir-before-copy", "pass", NULL, NULL);
	config_free(&c);
	/* a stage built on one that inherits the image's WORKDIR */
	expect_rule("FROM php:8.3.14-fpm AS base\nFROM base\nCOPY src/ .\n", NULL, "corr.workdir-before-copy", "pass", NULL, NULL);
}

static void test_rule_env_defaults(void **state)
{
	struct config c;
	(void)state;
	expect_rule("FROM node:22.12.0\nENV V=$NODE_VERSION\n", NULL, "corr.env-defaults", "pass", NULL, NULL);
	expect_rule("FROM node:22.12.0-alpine3.21\nENV V=${YARN_VERSION}\n", NULL, "corr.env-defaults", "pass", NULL, NULL);
	expect_rule("FROM node:22.12.0\nENV V=$NODE_VERSIONS\n", NULL, "corr.env-defaults", "fail", "undefined-var", "warning");
	/* a namespaced image whose facts list its ENV: seen, so a name it lacks is a warning */
	expect_rule("FROM nginxinc/nginx-unprivileged:1.27.3\nENV V=$NGINX_VERSION\n", NULL, "corr.env-defaults", "pass", NULL, NULL);
	expect_rule("FROM nginxinc/nginx-unprivileged:1.27.3\nENV V=$NGINX_VER\n", NULL,
		    "corr.env-defaults", "fail", "undefined-var", "warning");
	/* no facts: berth cannot see its ENV */
	expect_rule("FROM ghcr.io/acme/app:1.0.0\nENV V=$APP_HOME\n", NULL, "corr.env-defaults", "pass", "var-from-image", "info");
	test_config_from(&c, "images:\n  ghcr.io/acme/app:\n    env: [APP_HOME]\n");
	expect_rule("FROM ghcr.io/acme/app:1.0.0\nENV V=$APP_HOME\n", &c, "corr.env-defaults", "pass", NULL, NULL);
	expect_rule("FROM ghcr.io/acme/app:1.0.0\nENV V=$APP_HOM\n", &c, "corr.env-defaults", "fail", "undefined-var", "warning");
	config_free(&c);
}

static void test_rule_healthcheck(void **state)
{
	struct config c;
	(void)state;
	/* mailpit's own HEALTHCHECK is inherited */
	expect_rule("FROM axllent/mailpit:v1.21.8\nEXPOSE 8025\n", NULL, "sec.healthcheck", "pass", NULL, NULL);
	expect_rule("FROM nginx:1.27.3\nUSER nginx\n", NULL, "sec.healthcheck", "fail", "no-healthcheck", "warning");
	/* postgres listens on 5432 (its facts): a network service when the file runs it */
	expect_rule("FROM postgres:17.2\nUSER postgres\nCMD [\"postgres\"]\n", NULL, "sec.healthcheck", "fail", "no-healthcheck", "warning");
	/* a layer that leaves the command to the image: whoever deploys postgres decides (round 7) */
	expect_rule("FROM postgres:17.2\nUSER postgres\n", NULL, "sec.healthcheck", "pass", "no-healthcheck", "info");
	/* its own command that is not postgres: cannot tell, info */
	expect_rule("FROM postgres:17.2\nUSER postgres\nCMD [\"/backup.sh\"]\n", NULL, "sec.healthcheck", "pass", "no-healthcheck", "info");
	expect_rule("FROM python:3.12.8-slim\nUSER nobody\nCMD [\"python\", \"job.py\"]\n", NULL, "sec.healthcheck", "n/a", NULL, NULL);
	test_config_from(&c, "images:\n  ghcr.io/acme/app:\n    port: 8080\n");
	expect_rule("FROM ghcr.io/acme/app:1.0.0\nUSER app\n", NULL, "sec.healthcheck", "n/a", NULL, NULL);
	expect_rule("FROM ghcr.io/acme/app:1.0.0\nUSER app\n", &c, "sec.healthcheck", "pass", "no-healthcheck", "info");
	expect_rule("FROM ghcr.io/acme/app:1.0.0\nUSER app\nCMD [\"/usr/bin/app\", \"serve\"]\n", &c, "sec.healthcheck", "fail",
		    "no-healthcheck", "warning");
	config_free(&c);
}

/* ---- what the fixes ask ---- */

static size_t nlist(const char *const *l)
{
	size_t n = 0;
	while (l && l[n])
		n++;
	return n;
}

static void test_fix_questions(void **state)
{
	struct config c;
	const char *s = NULL;
	const char *const *l;
	(void)state;
	assert_int_equal(facts_known(NULL, "postgres:17.2"), FACT_YES);
	assert_int_equal(facts_known(NULL, "ghcr.io/acme/app:1"), FACT_UNKNOWN);
	/* users the image ships */
	assert_int_equal(facts_shipped_user(NULL, "node:22.12.0", &s), FACT_YES);
	assert_string_equal(s, "node");
	assert_int_equal(facts_shipped_user(NULL, "gcr.io/distroless/static-debian12:latest", &s), FACT_YES);
	assert_string_equal(s, "nonroot");
	assert_int_equal(facts_shipped_user(NULL, "python:3.12.8", NULL), FACT_UNKNOWN);   /* not listed */
	/* uid/gid 1000: node's user has it; ubuntu from 24.04 on too */
	assert_int_equal(facts_id1000_taken(NULL, "node:22.12.0"), FACT_YES);
	assert_int_equal(facts_id1000_taken(NULL, "postgres:17.2"), FACT_NO);
	assert_int_equal(facts_id1000_taken(NULL, "ubuntu:24.04"), FACT_YES);
	assert_int_equal(facts_id1000_taken(NULL, "ubuntu:22.04"), FACT_NO);
	assert_int_equal(facts_id1000_taken(NULL, "ubuntu@" DIGEST), FACT_UNKNOWN);
	assert_int_equal(facts_id1000_taken(NULL, "ghcr.io/acme/app:1"), FACT_UNKNOWN);
	/* the user tool follows the tag */
	assert_int_equal(facts_user_tool(NULL, "postgres:17.2", &s), FACT_YES);
	assert_string_equal(s, "useradd");
	assert_int_equal(facts_user_tool(NULL, "postgres:17.2-alpine3.21", &s), FACT_YES);
	assert_string_equal(s, "busybox");
	assert_int_equal(facts_user_tool(NULL, "gcr.io/distroless/static-debian12:nonroot", &s), FACT_NO);
	assert_string_equal(s, "none");
	assert_int_equal(facts_user_tool(NULL, "ghcr.io/acme/app:1", NULL), FACT_UNKNOWN);
	/* shell: none (distroless), a BusyBox sh on its debug tags, unknown without facts */
	assert_int_equal(facts_no_shell(NULL, "gcr.io/distroless/static-debian12:nonroot"), FACT_YES);
	assert_int_equal(facts_no_shell(NULL, "gcr.io/distroless/static-debian12:debug"), FACT_NO);
	assert_int_equal(facts_no_shell(NULL, "postgres:17.2"), FACT_NO);
	assert_int_equal(facts_no_shell(NULL, "ghcr.io/acme/app:1.0.0"), FACT_UNKNOWN);
	/* tools */
	assert_int_equal(facts_has_tool(NULL, "postgres:17.2", "bash"), FACT_YES);
	assert_int_equal(facts_has_tool(NULL, "postgres:17.2", "curl"), FACT_NO);
	assert_int_equal(facts_has_tool(NULL, "postgres:17.2-alpine3.21", "nc"), FACT_YES);
	assert_int_equal(facts_has_tool(NULL, "python:3.12.8-slim", "curl"), FACT_NO);
	assert_int_equal(facts_has_tool(NULL, "python:3.12.8", "curl"), FACT_YES);
	assert_int_equal(facts_has_tool(NULL, "python@" DIGEST, "curl"), FACT_UNKNOWN);
	/* cap_add and tmpfs for a hardened service */
	l = facts_cap_add(NULL, "postgres:17.2");
	assert_int_equal(nlist(l), 5);
	assert_string_equal(l[0], "CHOWN");
	assert_string_equal(l[4], "SETUID");
	l = facts_cap_add(NULL, "nginxinc/nginx-unprivileged:1.27.3");
	assert_non_null(l);                                     /* known: it needs none */
	assert_int_equal(nlist(l), 0);
	assert_null(facts_cap_add(NULL, "python:3.12.8"));
	l = facts_tmpfs(NULL, "postgres:17.2");
	assert_int_equal(nlist(l), 1);
	assert_string_equal(l[0], "/var/run/postgresql");
	assert_null(facts_tmpfs(NULL, "ghcr.io/acme/app:1"));
	/* a documented health command */
	l = facts_health(NULL, "mariadb:11.4.4");
	assert_int_equal(nlist(l), 4);
	assert_string_equal(l[0], "CMD");
	assert_string_equal(l[1], "healthcheck.sh");
	assert_null(facts_health(NULL, "postgres:17.2"));
	/* `.berth.yaml` images: for all of them */
	test_config_from(&c, "images:\n"
		 "  ghcr.io/acme/app:\n"
		 "    users: []\n"
		 "    uid-1000-taken: false\n"
		 "    gid-1000-taken: true\n"
		 "    user-tool: busybox\n"
		 "    tools: [curl]\n"
		 "    cap-add: [NET_BIND_SERVICE]\n"
		 "    tmpfs: [/tmp, /run]\n"
		 "    health: [\"CMD\", \"/bin/probe\"]\n");
	assert_int_equal(facts_known(&c, "ghcr.io/acme/app:1"), FACT_YES);
	assert_int_equal(facts_shipped_user(&c, "ghcr.io/acme/app:1", NULL), FACT_NO);
	assert_int_equal(facts_id1000_taken(&c, "ghcr.io/acme/app:1"), FACT_YES);
	assert_int_equal(facts_user_tool(&c, "ghcr.io/acme/app:1", &s), FACT_YES);
	assert_string_equal(s, "busybox");
	assert_int_equal(facts_has_tool(&c, "ghcr.io/acme/app:1", "curl"), FACT_YES);
	assert_int_equal(facts_has_tool(&c, "ghcr.io/acme/app:1", "wget"), FACT_NO);
	l = facts_cap_add(&c, "ghcr.io/acme/app:1");
	assert_int_equal(nlist(l), 1);
	assert_string_equal(l[0], "NET_BIND_SERVICE");
	assert_int_equal(nlist(facts_tmpfs(&c, "ghcr.io/acme/app:1")), 2);
	assert_string_equal(facts_health(&c, "ghcr.io/acme/app:1")[1], "/bin/probe");
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
		cmocka_unit_test(test_fix_questions),
		cmocka_unit_test(test_rule_non_root),
		cmocka_unit_test(test_rule_minimal_base),
		cmocka_unit_test(test_rule_workdir),
		cmocka_unit_test(test_rule_env_defaults),
		cmocka_unit_test(test_rule_healthcheck),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
