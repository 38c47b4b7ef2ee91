/* The Compose items of CHECKLIST.md: each item's pass, fail and n/a, positions, development files. */
#include "support.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "facts.h"
#include "scan.h"
#include "text.h"
#include "util.h"

/* Every hardening item satisfied (indented for a service body). */
#define HARD \
	"    security_opt: [\"no-new-privileges:true\"]\n" \
	"    cap_drop: [ALL]\n" \
	"    read_only: true\n" \
	"    tmpfs: [/tmp]\n" \
	"    mem_limit: 256m\n" \
	"    cpus: 0.5\n" \
	"    restart: unless-stopped\n" \
	"    healthcheck:\n      test: [\"CMD\", \"true\"]\n"

static const char *const compose_keys[] = {
	"compose.pinned-image", "compose.no-new-privileges", "compose.cap-drop", "compose.read-only",
	"compose.resource-limits", "compose.healthcheck", "compose.restart", "compose.build-valid",
	"compose.no-inline-secrets", "compose.no-privileged",
};

static void run_cfg(struct file_result *r, const char *path, const char *yaml, struct memfs *m,
		    const struct config *cfg)
{
	struct fsview fs;
	struct text t;
	if (m)
		memfs_view(m, &fs);
	text_init(&t, yaml, strlen(yaml));
	scan_audit_file(r, path, KIND_COMPOSE, yaml, strlen(yaml), &t, m ? &fs : NULL, cfg, NULL, 0);
	text_free(&t);
}

static void run(struct file_result *r, const char *yaml, struct memfs *m)
{
	run_cfg(r, "compose.yaml", yaml, m, NULL);
}

static void assert_all_na(const struct file_result *r)
{
	for (size_t i = 0; i < ARRAY_SIZE(compose_keys); i++)
		assert_status(r, compose_keys[i], "n/a");
}

/* ---- compose.parse ---- */

static void test_parse_ok_and_info(void **state)
{
	struct file_result r;
	(void)state;
	run(&r, "version: \"3.8\"\nservices:\n  web:\n    image: nginx:1.25.3\n" HARD, NULL);
	assert_status(&r, "compose.parse", "pass");
	assert_int_equal(finding_of(&r, "compose.parse", "obsolete-version")->sev, SEV_INFO);
	assert_int_equal(finding_of(&r, "compose.parse", "obsolete-version")->line, 1);
	assert_status(&r, "compose.pinned-image", "pass");
	assert_status(&r, "compose.build-valid", "n/a");
	file_result_free(&r);
	run(&r, "volumes:\n  data: {}\nx-note: 1\n", NULL);
	assert_status(&r, "compose.parse", "pass");
	assert_non_null(finding_of(&r, "compose.parse", "no-services"));
	assert_all_na(&r);
	file_result_free(&r);	/* revision 4: include, models and x- are top-level keys; an empty services is a fragment too */
	run(&r, "include:\n  - other.yaml\nmodels:\n  llm: {model: ai/smollm2}\nx-a: 1\nname: p\n"
	    "services:\n  web:\n    image: nginx:1.25.3\n" HARD, NULL);
	assert_status(&r, "compose.parse", "pass");
	assert_null(finding_of(&r, "compose.parse", NULL));
	file_result_free(&r);
	run(&r, "services: {}\n", NULL);
	assert_status(&r, "compose.parse", "pass");
	assert_int_equal(finding_of(&r, "compose.parse", "no-services")->sev, SEV_INFO);
	assert_all_na(&r);
	file_result_free(&r);
}

static void test_parse_fails(void **state)
{
	static const struct { const char *yaml, *rule; int line; } cases[] = {
		{ "services:\n  web:\n    image: a\n    image: b\n", "duplicate-key", 4 },
		{ "services:\n  web: {image: nginx:1.25.3}\n---\nservices: {}\n", "multi-document", 4 },
		{ "- web\n- db\n", "not-mapping", 1 },
		{ "web:\n  image: nginx\n", "unknown-key", 1 },
		{ "services:\n  - web\n", "services-not-mapping", 2 },
		{ "services:\n  web: nginx\n", "service-not-mapping", 2 },
		{ "", "empty", 1 },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct file_result r;
		const struct finding *f;
		run(&r, cases[i].yaml, NULL);
		assert_status(&r, "compose.parse", "fail");
		f = finding_of(&r, "compose.parse", cases[i].rule);
		if (!f) {
			dump_result(&r);
			fail_msg("case %zu: no %s finding", i, cases[i].rule);
		}
		assert_int_equal(f->sev, SEV_ERROR);
		assert_int_equal(f->line, cases[i].line);
		file_result_free(&r);
	}
}

static void test_malformed_only_parse(void **state)
{
	static const char *const bad[] = {
		"services:\n  web:\n    image: [nginx\n", "services:\n\tweb: {}\n", "a: *undefined\n",
		"services: {web: {<<: [1]}}\n", "\xff\xfe\x00s",
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct file_result r;
		run(&r, bad[i], NULL);
		assert_status(&r, "compose.parse", "fail");
		assert_all_na(&r);
		assert_true(r.nfindings >= 1);
		file_result_free(&r);
	}
}

static void test_alias_bomb_and_depth(void **state)
{
	char *s = fixture_read("compose/billion-laughs.yaml", NULL);
	struct file_result r;
	struct buf b = BUF_INIT;
	(void)state;
	run(&r, s, NULL);
	assert_status(&r, "compose.parse", "fail");
	assert_non_null(finding_of(&r, "compose.parse", "limit"));
	assert_all_na(&r);
	file_result_free(&r);
	free(s);
	buf_puts(&b, "services:\n  web:\n    command: ");
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, '[');
	buf_putc(&b, '\n');
	run(&r, b.ptr, NULL);
	assert_status(&r, "compose.parse", "fail");
	assert_non_null(finding_of(&r, "compose.parse", "limit"));
	file_result_free(&r);
	buf_free(&b);
}

/* ---- compose.pinned-image ---- */

static void expect_image(const char *image, const char *status, int sev)
{
	char *y = xasprintf("services:\n  web:\n    image: %s\n" HARD, image);
	struct file_result r;
	const struct finding *f;
	run(&r, y, NULL);
	assert_status(&r, "compose.pinned-image", status);
	f = finding_of(&r, "compose.pinned-image", NULL);
	if (sev < 0)
		assert_null(f);
	else if (!f || (int)f->sev != sev)
		fail_msg("%s: expected a finding of severity %d", image, sev);
	if (f) {
		assert_int_equal(f->line, 3);
		assert_int_equal(f->col, 12);
		assert_string_equal(f->service, "web");
	}
	file_result_free(&r);
	free(y);
}

static void test_pinned_image(void **state)
{
	(void)state;
	expect_image("python:3.11.11-slim", "pass", -1);
	expect_image("ghcr.io/org/api@sha256:0123456789abcdef", "pass", -1);
	expect_image("debian:bookworm-20240311-slim", "pass", -1);
	expect_image("minio/minio:RELEASE.2025-04-22T22-12-26Z", "pass", -1);   /* a date stamp (HOLDOUT15.md) */
	expect_image("minio/minio:RELEASE", "fail", SEV_WARNING);
	expect_image("postgres:16.2-alpine", "pass", SEV_INFO);
	expect_image("postgres:9.5", "fail", SEV_WARNING);     /* a 9.x line moves: 9.5.25 was a release (HOLDOUT15.md) */
	expect_image("org/api:latest", "fail", SEV_ERROR);
	expect_image("redis", "fail", SEV_ERROR);
	expect_image("python:3.11-slim", "fail", SEV_WARNING);
	expect_image("\"${TAG:-nginx:1.25.3}\"", "pass", -1);
	expect_image("nginx:${TAG:-latest}", "fail", SEV_ERROR);
	expect_image("nginx:${TAG}", "fail", SEV_WARNING);
	expect_image("${REGISTRY}/app", "fail", SEV_ERROR);            /* no tag whatever REGISTRY is */
	expect_image("${REGISTRY}/app:${TAG}", "fail", SEV_WARNING);
	expect_image("${IMAGE}", "fail", SEV_WARNING);
}

static void test_pinned_image_env_file(void **state)
{
	struct memfs *m = memfs_new();
	struct file_result r;
	const struct finding *f;
	(void)state;
	memfs_add(m, ".env", "TAG=1.25.3\nBAD=sekrit-tag\n", 0);
	run(&r, "services:\n  a:\n    image: nginx:${TAG}\n  b:\n    image: nginx:${BAD}\n", m);
	assert_status(&r, "compose.pinned-image", "fail");
	f = finding_of(&r, "compose.pinned-image", NULL);
	assert_string_equal(f->service, "b");
	assert_null(strstr(f->message, "sekrit"));      /* .env values are never printed */
	assert_non_null(strstr(f->message, "${BAD}"));
	assert_int_equal(f->line, 5);
	file_result_free(&r);
	/* the whole reference from .env: pinned there, it passes; a moving tag fails without being printed */
	memfs_add(m, ".env", "PINNED=ghcr.io/acme/snuba:24.1.0\nMOVING=ghcr.io/acme/snuba:nightly\n", 0);
	run(&r, "services:\n  a:\n    image: \"$PINNED\"\n  b:\n    image: \"$MOVING\"\n", m);
	assert_status(&r, "compose.pinned-image", "fail");
	f = finding_of(&r, "compose.pinned-image", NULL);
	assert_string_equal(f->service, "b");
	assert_int_equal(f->nservices, 1);
	assert_null(strstr(f->message, "nightly"));
	assert_non_null(strstr(f->message, "image $MOVING, as the .env beside the file sets it: not a full version"));
	file_result_free(&r);
	memfs_free(m);
}

static void test_pinned_image_na(void **state)
{
	struct memfs *m = memfs_new();
	struct file_result r;
	(void)state;
	memfs_add(m, "Dockerfile", "FROM alpine:3.19.1\n", 0);
	run(&r, "services:\n  web:\n    build: .\n" HARD, m);
	assert_status(&r, "compose.pinned-image", "n/a");
	assert_status(&r, "compose.build-valid", "pass");
	file_result_free(&r);
	memfs_free(m);
}

/* ---- hardening items ---- */

static void expect_item(const char *body, const char *key, const char *status, const char *rule, int line)
{
	char *y = xasprintf("services:\n  web:\n    image: nginx:1.25.3\n%s", body);
	struct file_result r;
	const struct finding *f;
	run(&r, y, NULL);
	assert_status(&r, key, status);
	if (rule) {
		f = finding_of(&r, key, rule);
		if (!f) {
			dump_result(&r);
			fail_msg("%s: no %s finding", key, rule);
		}
		assert_int_equal(f->line, line);
		assert_string_equal(f->service, "web");
	}
	file_result_free(&r);
	free(y);
}

static void test_no_new_privileges(void **state)
{
	(void)state;
	expect_item(HARD, "compose.no-new-privileges", "pass", NULL, 0);
	expect_item("    security_opt:\n      - no-new-privileges\n", "compose.no-new-privileges", "pass", NULL, 0);
	expect_item("    security_opt: [no-new-privileges=true]\n", "compose.no-new-privileges", "pass", NULL, 0);
	expect_item("    restart: always\n", "compose.no-new-privileges", "fail", "missing", 2);
	expect_item("    security_opt:\n      - label:disable\n      - no-new-privileges:false\n",
		    "compose.no-new-privileges", "fail", "not-true", 6);
	expect_item("    security_opt:\n      - no-new-privileges: true\n",
		    "compose.no-new-privileges", "fail", "mapping-entry", 5);
}

static void test_cap_drop(void **state)
{
	(void)state;
	expect_item(HARD, "compose.cap-drop", "pass", NULL, 0);
	expect_item("    cap_drop:\n      - all\n    cap_add: [NET_BIND_SERVICE]\n", "compose.cap-drop", "pass", NULL, 0);
	expect_item("    cap_drop: [NET_RAW]\n", "compose.cap-drop", "fail", "missing", 2);
	expect_item("", "compose.cap-drop", "fail", "missing", 2);
}

static void test_read_only(void **state)
{
	struct file_result r;
	(void)state;
	expect_item(HARD, "compose.read-only", "pass", NULL, 0);
	expect_item("    read_only: true\n", "compose.read-only", "pass", "no-tmpfs", 4);
	expect_item("    read_only: true\n    volumes:\n      - type: tmpfs\n        target: /tmp\n",
		    "compose.read-only", "pass", NULL, 0);
	expect_item("    read_only: yes\n", "compose.read-only", "fail", "not-true", 4);
	expect_item("    read_only: \"true\"\n    tmpfs: /tmp\n", "compose.read-only", "pass", NULL, 0);
	expect_item("    read_only: ${RO:-true}\n    tmpfs: /tmp\n", "compose.read-only", "pass", NULL, 0);
	expect_item("    read_only: ${RO:-false}\n", "compose.read-only", "fail", "not-true", 4);
	expect_item("    read_only: false\n", "compose.read-only", "fail", "not-true", 4);
	expect_item("", "compose.read-only", "fail", "missing", 2);
	run(&r, "services:\n  web:\n    image: nginx:1.25.3\n    read_only: true\n    tmpfs: /tmp\n", NULL);
	assert_null(finding_of(&r, "compose.read-only", NULL));
	file_result_free(&r);
}

static void test_resource_limits(void **state)
{
	(void)state;
	expect_item(HARD, "compose.resource-limits", "pass", NULL, 0);
	expect_item("    deploy:\n      resources:\n        limits: {cpus: '1', memory: 1G}\n",
		    "compose.resource-limits", "pass", NULL, 0);
	expect_item("    cpus: 1\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n",
		    "compose.resource-limits", "pass", NULL, 0);
	expect_item("    mem_limit: 1g\n", "compose.resource-limits", "fail", "no-cpu-limit", 2);
	expect_item("    deploy:\n      resources:\n        limits: {cpus: '1'}\n",
		    "compose.resource-limits", "fail", "no-memory-limit", 2);
	expect_item("    deploy:\n      resources:\n        reservations: {cpus: '1', memory: 1G}\n",
		    "compose.resource-limits", "fail", "missing", 2);
}

static void test_healthcheck(void **state)
{
	(void)state;
	expect_item(HARD, "compose.healthcheck", "pass", NULL, 0);
	expect_item("    healthcheck:\n      interval: 10s\n", "compose.healthcheck", "pass", NULL, 0);
	expect_item("", "compose.healthcheck", "fail", "missing", 2);
	expect_item("    healthcheck:\n      disable: true\n", "compose.healthcheck", "fail", "disabled", 5);
	expect_item("    healthcheck:\n      test: [\"NONE\"]\n", "compose.healthcheck", "fail", "disabled", 5);
}

/*
 * paperless-ngx docker/compose/docker-compose.postgres-tika.yml: the webserver
 * runs the project's published image, whose Dockerfile has a HEALTHCHECK (its
 * image facts say so, from that Dockerfile); the database beside it has none.
 */
static void test_healthcheck_image_facts(void **state)
{
	static const char y[] = "services:\n"
		"  db:\n    image: docker.io/library/postgres:18\n    restart: unless-stopped\n"
		"  webserver:\n    image: ghcr.io/paperless-ngx/paperless-ngx:latest\n    restart: unless-stopped\n"
		"    depends_on:\n      - db\n"
		"  mirror:\n    image: paperlessngx/paperless-ngx:2.14.7\n    restart: unless-stopped\n";
	struct file_result r;
	(void)state;
	run(&r, y, NULL);
	assert_status(&r, "compose.healthcheck", "fail");
	for (size_t i = 0; i < r.nfindings; i++)
		if (r.findings[i].item == item_find("compose.healthcheck") &&
		    (strcmp(r.findings[i].service, "webserver") == 0 || strcmp(r.findings[i].service, "mirror") == 0))
			fail_msg("compose.healthcheck raised for %s, whose image has a HEALTHCHECK", r.findings[i].service);
	assert_non_null(finding_of(&r, "compose.healthcheck", "missing"));
	assert_string_equal(finding_of(&r, "compose.healthcheck", "missing")->service, "db");
	file_result_free(&r);
}

static void build_case(const char *dockerfile, const char *build, const char *key, const char *status,
		       const char *rule)
{
	struct memfs *m = memfs_new();
	struct file_result r;
	char *y = xasprintf("services:\n  api:\n    build:\n%s", build);
	memfs_add(m, "app/Dockerfile", dockerfile, 1);
	memfs_add(m, "app/src/main.py", "", 1);
	run_cfg(&r, "deploy/compose.yaml", y, m, NULL);
	assert_status(&r, key, status);
	if (rule && !finding_of(&r, key, rule)) {
		dump_result(&r);
		fail_msg("no %s finding", rule);
	}
	file_result_free(&r);
	memfs_free(m);
	free(y);
}

#define DF_HC "FROM python:3.11.11-slim AS base\nHEALTHCHECK CMD true\nFROM base AS prod\nCMD [\"x\"]\n" \
	      "FROM python:3.11.11-slim AS tools\nCMD [\"y\"]\n"

static void test_healthcheck_from_dockerfile(void **state)
{
	(void)state;
	/* the final stage is tools (no healthcheck); prod inherits base's */
	build_case(DF_HC, "      context: ../app\n      target: prod\n", "compose.healthcheck", "pass", NULL);
	build_case(DF_HC, "      context: ../app\n", "compose.healthcheck", "fail", "missing");
	build_case(DF_HC, "      context: ../app\n      target: base\n", "compose.healthcheck", "pass", NULL);
	build_case("FROM alpine:3.19.1\nHEALTHCHECK NONE\n", "      context: ../app\n",
		   "compose.healthcheck", "pass", NULL);
	/*
	 * Beyond revision 4 (HOLDOUT9.md, gatus): a FROM scratch image holding only
	 * the app (no shell, no probe tool, no health command in its sources) has
	 * nothing a healthcheck could run: info. A probe copied in, or a target
	 * that is not the final stage, is judged as written.
	 */
	build_case("FROM golang:1.23.4 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n"
		   "ENTRYPOINT [\"/app\"]\n", "      context: ../app\n", "compose.healthcheck", "pass", "missing");
	build_case("FROM golang:1.23.4 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n"
		   "COPY --from=build /usr/bin/wget /wget\nENTRYPOINT [\"/app\"]\n", "      context: ../app\n",
		   "compose.healthcheck", "fail", "missing");
	build_case("FROM golang:1.23.4 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n"
		   "ENTRYPOINT [\"/app\"]\n", "      context: ../app\n      target: build\n", "compose.healthcheck", "fail",
		   "missing");
}

/* compose.healthcheck: an image whose facts give it a HEALTHCHECK needs none in the service. */
static void hc_case(const char *image, const struct config *cfg, const char *status)
{
	char *y = xasprintf("services:\n  web:\n    image: %s\n", image);
	struct file_result r;
	run_cfg(&r, "compose.yaml", y, NULL, cfg);
	if (strcmp(status, "fail") == 0 && !finding_of(&r, "compose.healthcheck", "missing")) {
		dump_result(&r);
		fail_msg("%s: no missing-healthcheck finding", image);
	}
	assert_status(&r, "compose.healthcheck", status);
	file_result_free(&r);
	free(y);
}

static void test_healthcheck_from_facts(void **state)
{
	static const char yaml[] = "images:\n  ghcr.io/acme/app: {healthcheck: true}\n"
				   "  axllent/mailpit: {healthcheck: false}\n";
	struct config c;
	char *err = NULL;
	(void)state;
	hc_case("axllent/mailpit:v1.21.8", NULL, "pass");      /* its Dockerfile has a HEALTHCHECK */
	hc_case("docker.io/axllent/mailpit:v1.21.8", NULL, "pass");
	hc_case("postgres:17.2", NULL, "fail");                 /* its facts say it has none */
	hc_case("ghcr.io/acme/app:1.0.0", NULL, "fail");        /* unknown: nothing assumed */
	/* `.berth.yaml` images: adds one and corrects another */
	config_init(&c);
	c.facts = facts_db_copy(facts_builtin());
	assert_non_null(c.facts);
	if (facts_db_add_yaml(c.facts, yaml, strlen(yaml), ".berth.yaml", &err) != 0)
		fail_msg("%s", err);
	hc_case("ghcr.io/acme/app:1.0.0", &c, "pass");
	hc_case("axllent/mailpit:v1.21.8", &c, "fail");
	config_free(&c);
}

static void test_restart(void **state)
{
	(void)state;
	expect_item(HARD, "compose.restart", "pass", NULL, 0);
	expect_item("    restart: \"no\"\n", "compose.restart", "pass", NULL, 0);
	expect_item("    deploy:\n      restart_policy:\n        condition: on-failure\n", "compose.restart", "pass", NULL, 0);
	expect_item("    cpus: 1\n", "compose.restart", "fail", "missing", 2);
}

/* ---- compose.build-valid ---- */

static void test_build_valid(void **state)
{
	(void)state;
	build_case(DF_HC, "      context: ../app\n      target: prod\n", "compose.build-valid", "pass", NULL);
	build_case(DF_HC, "      context: ../app\n      target: nope\n", "compose.build-valid", "fail", "target-missing");
	build_case(DF_HC, "      context: ../missing\n", "compose.build-valid", "fail", "context-missing");
	build_case(DF_HC, "      context: ../app/src\n", "compose.build-valid", "fail", "dockerfile-missing");
	build_case(DF_HC, "      context: ../app\n      dockerfile: Dockerfile.prod\n", "compose.build-valid",
		   "fail", "dockerfile-missing");
	build_case(DF_HC, "      context: ../../outside\n", "compose.build-valid", "fail", "context-outside");
	build_case(DF_HC, "      context: https://github.com/org/repo.git#main\n", "compose.build-valid", "pass", NULL);
	build_case(DF_HC, "      context: ${SRC}\n", "compose.build-valid", "pass", NULL);
	build_case(DF_HC, "      context: ../app\n      dockerfile_inline: |\n        FROM alpine:3.19.1 AS x\n"
		   "      target: y\n", "compose.build-valid", "fail", "target-missing");
}

static void test_build_string_form(void **state)
{
	struct memfs *m = memfs_new();
	struct file_result r;
	const struct finding *f;
	(void)state;
	memfs_add(m, "web/Dockerfile", "FROM nginx:1.25.3\n", 0);
	run(&r, "services:\n  web:\n    build: ./web\n  api:\n    build: ./api\n", m);
	assert_status(&r, "compose.build-valid", "fail");
	f = finding_of(&r, "compose.build-valid", "context-missing");
	assert_string_equal(f->service, "api");
	assert_int_equal(f->line, 5);
	assert_int_equal(f->col, 12);
	file_result_free(&r);
	memfs_free(m);
}

/* ---- compose.no-inline-secrets ---- */

static void expect_secret(const char *body, const char *status, const char *rule, struct memfs *m)
{
	char *y = xasprintf("services:\n  web:\n    image: nginx:1.25.3\n%s", body);
	struct file_result r;
	const struct finding *f;
	run(&r, y, m);
	assert_status(&r, "compose.no-inline-secrets", status);
	f = finding_of(&r, "compose.no-inline-secrets", rule);
	if (rule && !f) {
		dump_result(&r);
		fail_msg("no %s finding", rule);
	}
	if (f)
		assert_null(strstr(f->message, "hunter2"));
	file_result_free(&r);
	free(y);
}

static void test_inline_secrets(void **state)
{
	struct memfs *m = memfs_new();
	(void)state;
	expect_secret("    environment:\n      DB_PASSWORD: hunter2\n", "fail", "literal", NULL);
	expect_secret("    environment:\n      - API_KEY=hunter2\n", "fail", "literal", NULL);
	expect_secret("    environment:\n      DB_PASSWORD: ${DB_PASSWORD:-hunter2}\n", "fail", "literal-default", NULL);
	expect_secret("    build:\n      context: .\n      args:\n        GITHUB_TOKEN: hunter2\n", "fail", "literal", NULL);
	expect_secret("    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n      TOKEN:\n      SECRET: ''\n",
		      "pass", NULL, NULL);
	expect_secret("    environment:\n      - DB_PASSWORD\n      - API_TOKEN=${TOKEN}\n"
		      "      - MYSQL_RANDOM_ROOT_PASSWORD=yes\n      - DB_PASSWORD_FILE=/run/secrets/db\n"
		      "      - PASSWORD_PATH=hunter2\n      - LOG_LEVEL=debug\n", "pass", NULL, NULL);
	/* revision 4: a tracked env file fails only for a secret-like name with a literal value */
	memfs_add(m, ".env", "A=1\nexport DB_PASSWORD=\"hunter2\"\n", 1);
	memfs_add(m, "local.env", "DB_PASSWORD=hunter2\n", 0);
	memfs_add(m, "names.env", "DB_PASSWORD=\nAPI_TOKEN=${TOKEN}\nMYSQL_RANDOM_ROOT_PASSWORD=yes\n"
		  "SECRET_KEY_FILE=hunter2\nCERT_PASS=/run/secrets/c\nTOKEN\n# SECRET=hunter2\n", 1);
	memfs_add(m, "default.env", "AUTH_TOKEN=${AUTH_TOKEN:-hunter2}\n", 1);
	expect_secret("    env_file: .env\n", "fail", "env-file-tracked", m);
	expect_secret("    env_file:\n      - local.env\n      - path: ./.env\n        required: false\n",
		      "fail", "env-file-tracked", m);
	expect_secret("    env_file: [local.env, missing.env]\n", "pass", NULL, m);
	expect_secret("    env_file: names.env\n", "pass", NULL, m);
	expect_secret("    env_file: default.env\n", "fail", "env-file-tracked", m);
	memfs_free(m);
}

/* ---- compose.no-privileged ---- */

static void test_no_privileged(void **state)
{
	static const struct { const char *body, *rule; int line; } bad[] = {
		{ "    privileged: true\n", "privileged", 4 },
		{ "    network_mode: host\n", "network_mode", 4 },
		{ "    pid: \"host\"\n", "pid", 4 },
		{ "    ipc: host\n", "ipc", 4 },
		{ "    cap_add: [SYS_ADMIN]\n", "cap-add", 4 },
		{ "    cap_add: [cap_all]\n", "cap-add", 4 },
		{ "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n", "docker-socket", 5 },
		{ "    volumes:\n      - type: bind\n        source: /run/docker.sock\n        target: /s\n", "docker-socket", 6 },
		{ "    volumes:\n      - /:/host:ro\n", "host-path", 5 },
		{ "    volumes:\n      - /proc/:/host/proc\n", "host-path", 5 },
		{ "    security_opt: [\"seccomp:unconfined\"]\n", "unconfined", 4 },
		{ "    security_opt: [apparmor=unconfined]\n", "unconfined", 4 },
		{ "    userns_mode: host\n", "userns_mode", 4 },
		{ "    volumes:\n      - /etc:/host-etc\n", "host-system-folder", 5 },
		{ "    volumes:\n      - /var/lib/docker/:/docker\n", "host-system-folder", 5 },
		{ "    volumes:\n      - type: bind\n        source: /home\n        target: /h\n", "host-system-folder", 6 },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		expect_item(bad[i].body, "compose.no-privileged", "fail", bad[i].rule, bad[i].line);
	expect_item("    privileged: false\n    network_mode: bridge\n    cap_add: [NET_ADMIN]\n"
		    "    volumes:\n      - data:/data\n      - ./src:/src\n      - /var/log\n      - /sys/fs/cgroup:/x\n"
		    "      - /etc/localtime:/etc/localtime:ro\n      - /home/app/data:/data\n      - /etc:/etc\n",
		    "compose.no-privileged", "fail", "host-system-folder", 14);
	/* single files under the system folders are fine; the folders themselves read-only: info */
	expect_item("    volumes:\n      - /etc/localtime:/etc/localtime:ro\n      - /home/app/data:/data\n"
		    "      - /etc:/host/etc:ro\n      - type: bind\n        source: /dev\n        target: /d\n"
		    "        read_only: true\n    userns_mode: \"\"\n",
		    "compose.no-privileged", "pass", "host-system-folder", 7);
	expect_item("    privileged: false\n    network_mode: bridge\n    cap_add: [NET_ADMIN]\n"
		    "    volumes:\n      - data:/data\n      - ./src:/src\n      - /var/log\n      - /sys/fs/cgroup:/x\n",
		    "compose.no-privileged", "pass", NULL, 0);
}

/* A socket proxy holds the socket for the others: info; any other image mounting it fails. */
static void test_socket_proxy(void **state)
{
	static const char *const proxies[] = { "tecnativa/docker-socket-proxy:0.3.0",
		"ghcr.io/tecnativa/docker-socket-proxy@sha256:0123", "lscr.io/linuxserver/socket-proxy:1.26.2", NULL };
	struct file_result r;
	const struct finding *f;
	(void)state;
	for (size_t i = 0; proxies[i]; i++) {
		char *y = xasprintf("services:\n  proxy:\n    image: %s\n    volumes:\n"
				    "      - /var/run/docker.sock:/var/run/docker.sock:ro\n", proxies[i]);
		run(&r, y, NULL);
		assert_status(&r, "compose.no-privileged", "pass");
		f = finding_of(&r, "compose.no-privileged", "docker-socket");
		assert_non_null(f);
		assert_int_equal(f->sev, SEV_INFO);
		assert_int_equal(f->line, 5);
		file_result_free(&r);
		free(y);
	}
	expect_item("    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n",
		    "compose.no-privileged", "fail", "docker-socket", 5);
	run(&r, "services:\n  agent:\n    image: acme/socket-proxy-agent:1.0\n    volumes:\n"
	    "      - /run/docker.sock:/run/docker.sock\n", NULL);
	assert_status(&r, "compose.no-privileged", "fail");
	file_result_free(&r);
}

/* ---- anchors, development files, profiles ---- */

static void test_anchors_count(void **state)
{
	const char *y =
		"x-hardening: &hardening\n"
		"  security_opt: [\"no-new-privileges:true\"]\n"
		"  cap_drop: [ALL]\n"
		"  read_only: true\n"
		"  tmpfs: [/tmp]\n"
		"  deploy:\n    resources:\n      limits: {cpus: '1', memory: 512M}\n"
		"  restart: unless-stopped\n"
		"x-hc: &hc\n  healthcheck:\n    test: [CMD, \"true\"]\n"
		"services:\n"
		"  web:\n    <<: [*hardening, *hc]\n    image: nginx:1.25.3\n"
		"  worker:\n    <<: *hardening\n    image: nginx:1.25.3\n    read_only: false\n";
	struct file_result r;
	const struct finding *f;
	(void)state;
	run(&r, y, NULL);
	assert_status(&r, "compose.parse", "pass");
	assert_status(&r, "compose.no-new-privileges", "pass");
	assert_status(&r, "compose.cap-drop", "pass");
	assert_status(&r, "compose.resource-limits", "pass");
	assert_status(&r, "compose.restart", "pass");
	assert_status(&r, "compose.read-only", "fail");     /* worker's local key wins */
	f = finding_of(&r, "compose.read-only", "not-true");
	assert_string_equal(f->service, "worker");
	assert_int_equal(f->line, 20);
	f = finding_of(&r, "compose.healthcheck", "missing");
	assert_string_equal(f->service, "worker");
	assert_int_equal(f->line, 17);
	file_result_free(&r);
}

/* ---- a key missing from services sharing one anchored mapping ---- */

/* The findings of item `key` (rule any) in order, and how many. */
static size_t findings_of(const struct file_result *r, const char *key, const struct finding **out, size_t max)
{
	int item = item_find(key);
	size_t n = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].item == item) {
			if (n < max)
				out[n] = &r->findings[i];
			n++;
		}
	return n;
}

static void assert_services(const struct finding *f, const char *const *names, size_t n)
{
	if (f->nservices != n)
		fail_msg("%zu services, want %zu (%s)", f->nservices, n, f->message);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(f->services[i], names[i]);
	assert_string_equal(f->service, names[0]);
}

/* The anchor, then services a, b, c merging it and d on its own (lines 5, 7, 9, 11). */
#define APP_ANCHOR "x-app: &app\n  image: nginx:1.25.3\n  restart: always\nservices:\n"

static void test_anchor_missing_once(void **state)
{
	const char *y = APP_ANCHOR
		"  a:\n    <<: *app\n"
		"  b:\n    <<: *app\n"
		"  c:\n    <<: *app\n"
		"  d:\n    image: nginx:1.25.3\n";
	static const char *const abc[] = { "a", "b", "c" };
	const struct finding *f[4];
	struct file_result r;
	(void)state;
	run(&r, y, NULL);
	assert_status(&r, "compose.cap-drop", "fail");
	assert_int_equal(findings_of(&r, "compose.cap-drop", f, 4), 2);
	assert_int_equal(f[0]->line, 1);                /* x-app: the key of the anchored mapping */
	assert_int_equal(f[0]->col, 1);
	assert_int_equal(f[0]->end_col, 5);
	assert_services(f[0], abc, 3);
	assert_non_null(strstr(f[0]->message, "the 3 services sharing `&app` all lack it"));
	assert_int_equal(f[1]->line, 11);               /* d merges nothing: its own key */
	assert_string_equal(f[1]->service, "d");
	assert_int_equal(f[1]->nservices, 1);
	/* every item about a missing key folds the same way; restart is in the anchor */
	assert_int_equal(findings_of(&r, "compose.no-new-privileges", f, 4), 2);
	assert_int_equal(findings_of(&r, "compose.read-only", f, 4), 2);
	assert_int_equal(findings_of(&r, "compose.resource-limits", f, 4), 2);
	assert_int_equal(findings_of(&r, "compose.healthcheck", f, 4), 2);
	assert_services(f[0], abc, 3);
	assert_int_equal(findings_of(&r, "compose.restart", f, 4), 1);
	assert_string_equal(f[0]->service, "d");
	file_result_free(&r);
}

static void test_anchor_some_write_their_own(void **state)
{
	const char *y = APP_ANCHOR
		"  a:\n    <<: *app\n"
		"  b:\n    <<: *app\n    cap_drop: [ALL]\n    deploy: {replicas: 2}\n"
		"  c:\n    <<: *app\n";
	static const char *const ac[] = { "a", "c" };
	static const char *const abc[] = { "a", "b", "c" };
	const struct finding *f[4];
	struct file_result r;
	(void)state;
	run(&r, y, NULL);
	assert_int_equal(findings_of(&r, "compose.cap-drop", f, 4), 1);
	assert_int_equal(f[0]->line, 1);
	assert_services(f[0], ac, 2);
	assert_non_null(strstr(f[0]->message, "2 of the 3 services sharing `&app` lack it (the others write their own "
					      "cap_drop): it can go into that shared mapping"));
	/* b's own deploy hides the mapping's: b keeps its finding, a and c are one at the anchor */
	assert_int_equal(findings_of(&r, "compose.resource-limits", f, 4), 2);
	assert_int_equal(f[0]->line, 1);
	assert_services(f[0], ac, 2);
	assert_non_null(strstr(f[0]->message, "(the others write their own deploy, cpus or mem_limit)"));
	assert_int_equal(f[1]->line, 7);
	assert_string_equal(f[1]->service, "b");
	assert_int_equal(findings_of(&r, "compose.read-only", f, 4), 1);
	assert_services(f[0], abc, 3);
	file_result_free(&r);
}

/* A service of the group that neither fails nor writes the key would be changed by the mapping: nothing moves. */
static void test_anchor_not_folded(void **state)
{
	static const struct { const char *yaml, *key; size_t n; } cases[] = {
		/* c is a one-shot job: restart n/a for it, and a restart in the mapping would restart it */
		{ "x-app: &app\n  image: nginx:1.25.3\nservices:\n  a:\n    <<: *app\n  b:\n    <<: *app\n"
		  "  c:\n    <<: *app\n    profiles: [tools]\n", "compose.restart", 2 },
		/* a fragment is no place for a container's settings */
		{ "x-r: &r\n  restart: always\nservices:\n  a:\n    <<: *r\n    image: nginx:1.25.3\n"
		  "  b:\n    <<: *r\n    image: nginx:1.25.3\n", "compose.cap-drop", 2 },
		/* each merges its own container mapping beside a shared fragment: nothing shared says what runs */
		{ "x-a: &a\n  image: nginx:1.25.3\nx-b: &b\n  image: redis:7.2.4\nx-r: &r\n  restart: always\nservices:\n"
		  "  a:\n    <<: [*a, *r]\n  b:\n    <<: [*b, *r]\n", "compose.cap-drop", 2 },
		/* a mapping only one service uses: its own key stays the place */
		{ "x-app: &app\n  image: nginx:1.25.3\nservices:\n  a:\n    <<: *app\n  b:\n    image: nginx:1.25.3\n",
		  "compose.cap-drop", 2 },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct finding *f[4];
		struct file_result r;
		run(&r, cases[i].yaml, NULL);
		if (findings_of(&r, cases[i].key, f, 4) != cases[i].n) {
			dump_result(&r);
			fail_msg("case %zu: %zu findings of %s", i, findings_of(&r, cases[i].key, f, 4), cases[i].key);
		}
		for (size_t k = 0; k < cases[i].n; k++) {
			assert_int_equal(f[k]->nservices, 1);
			assert_null(strstr(f[k]->message, "sharing"));
		}
		file_result_free(&r);
	}
}

/*
 * frappe_docker's compose.yaml: every service merges `&customizable_image`
 * (image, restart), five through `&backend_defaults`, frontend directly,
 * websocket beside a depends_on fragment. A key missing from all seven is
 * one finding at the widest mapping they share, not one at
 * &backend_defaults plus frontend and websocket apart.
 */
#define FRAPPE \
	"x-customizable-image: &customizable_image\n  image: frappe/erpnext:v15.1.0\n  restart: unless-stopped\n" \
	"x-depends-on-configurator: &depends_on_configurator\n  depends_on:\n    configurator:\n" \
	"      condition: service_completed_successfully\n" \
	"x-backend-defaults: &backend_defaults\n  <<: [*depends_on_configurator, *customizable_image]\n" \
	"  volumes:\n    - sites:/home/frappe/frappe-bench/sites\n" \
	"services:\n" \
	"  configurator:\n    <<: *backend_defaults\n    command: [configure]\n    depends_on: {}\n" \
	"    restart: on-failure\n" \
	"  backend:\n    <<: *backend_defaults\n" \
	"  frontend:\n    <<: *customizable_image\n    command: [nginx-entrypoint.sh]\n" \
	"  websocket:\n    <<: [*depends_on_configurator, *customizable_image]\n    command: [node, socketio.js]\n" \
	"  scheduler:\n    <<: *backend_defaults\n    command: bench schedule\n" \
	"volumes:\n  sites:\n"

static void test_anchor_widest(void **state)
{
	static const char *const all[] = { "configurator", "backend", "frontend", "websocket", "scheduler" };
	static const char *const items[] = { "compose.cap-drop", "compose.no-new-privileges", "compose.read-only",
					     "compose.resource-limits" };
	const struct finding *f[8];
	struct file_result r;
	(void)state;
	run(&r, FRAPPE, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(items); i++) {
		/*
		 * the one-shot configurator keeps its own info for each (it lacks the
		 * key as well); cap_drop and no-new-privileges since HOLDOUT15.md item 6a
		 */
		if (findings_of(&r, items[i], f, 8) != 2) {
			dump_result(&r);
			fail_msg("%s: %zu findings", items[i], findings_of(&r, items[i], f, 8));
		}
		assert_int_equal(f[0]->line, 1);        /* x-customizable-image */
		assert_services(f[0], all + 1, 4);
		assert_int_equal(f[0]->sev, SEV_WARNING);
		assert_non_null(strstr(f[0]->message, "the 5 services sharing `&customizable_image` all lack it"));
		assert_string_equal(f[1]->service, "configurator");
		assert_int_equal(f[1]->sev, SEV_INFO);
	}
	/* configurator is a one-shot job: a healthcheck in the shared mapping would reach it, so each keeps its own */
	assert_int_equal(findings_of(&r, "compose.healthcheck", f, 8), 4);
	file_result_free(&r);
	/* several mappings merged, one of them says what runs and is shared: that one */
	run(&r, "x-app: &app\n  image: nginx:1.25.3\nx-r: &r\n  restart: always\nservices:\n"
	    "  a:\n    <<: [*app, *r]\n  b:\n    <<: [*app, *r]\n", NULL);
	assert_int_equal(findings_of(&r, "compose.cap-drop", f, 8), 1);
	assert_int_equal(f[0]->line, 1);
	assert_int_equal(f[0]->nservices, 2);
	file_result_free(&r);
}

/* A service that is itself the anchored mapping (netbox-docker's `netbox: &netbox`). */
static void test_anchor_is_a_service(void **state)
{
	const char *y = "services:\n"
		"  web: &web\n    image: nginx:1.25.3\n    restart: always\n"
		"  worker:\n    <<: *web\n    command: [work]\n"
		"  cron:\n    <<: *web\n    command: [cron]\n    read_only: true\n    tmpfs: [/tmp]\n";
	static const char *const all[] = { "web", "worker", "cron" };
	static const char *const two[] = { "web", "worker" };
	const struct finding *f[4];
	struct file_result r;
	(void)state;
	run(&r, y, NULL);
	assert_int_equal(findings_of(&r, "compose.cap-drop", f, 4), 1);
	assert_int_equal(f[0]->line, 2);
	assert_services(f[0], all, 3);
	assert_int_equal(findings_of(&r, "compose.read-only", f, 4), 1);
	assert_int_equal(f[0]->line, 2);
	assert_services(f[0], two, 2);
	assert_non_null(strstr(f[0]->message, "2 of the 3 services sharing `&web`"));
	file_result_free(&r);
}

static void test_anchor_pragmas(void **state)
{
	const char *above_anchor = "# berth ignore=compose.cap-drop\n" APP_ANCHOR
		"  a:\n    <<: *app\n  b:\n    <<: *app\n";
	const char *above_member = APP_ANCHOR
		"  a:\n    <<: *app\n  # berth ignore=compose.cap-drop\n  b:\n    <<: *app\n  c:\n    <<: *app\n";
	const struct finding *f[4];
	struct file_result r;
	(void)state;
	run(&r, above_anchor, NULL);
	assert_status(&r, "compose.cap-drop", "ignored");
	assert_int_equal(findings_of(&r, "compose.cap-drop", f, 4), 1);
	assert_int_equal(f[0]->line, 2);
	assert_true(f[0]->suppressed);
	assert_status(&r, "compose.read-only", "fail");
	file_result_free(&r);
	/* b was exempted on its own: a key in the mapping would reach it, so each keeps its finding */
	run(&r, above_member, NULL);
	assert_status(&r, "compose.cap-drop", "fail");
	assert_int_equal(findings_of(&r, "compose.cap-drop", f, 4), 3);
	assert_int_equal(f[0]->line, 5);
	assert_int_equal(f[1]->line, 8);
	assert_true(f[1]->suppressed);
	assert_int_equal(f[2]->line, 10);
	assert_int_equal(findings_of(&r, "compose.read-only", f, 4), 1);
	assert_int_equal(f[0]->line, 1);
	assert_int_equal(f[0]->nservices, 3);
	file_result_free(&r);
}

/* One tracked env_file listed by several services is one finding naming them all (huginn). */
static void test_env_file_once(void **state)
{
	struct memfs *m = memfs_new();
	struct file_result r;
	const struct finding *f[4];
	(void)state;
	memfs_add(m, "app.env", "A_TOKEN=1234abcd\n", 1);
	memfs_add(m, "db.env", "DB_PASSWORD=s3cr3tpw\n", 1);
	run(&r, "services:\n  web:\n    image: web:1.2.3\n    env_file: app.env\n"
	    "  worker:\n    image: web:1.2.3\n    env_file: [app.env]\n"
	    "  db:\n    image: postgres:16.4\n    env_file: db.env\n", m);
	assert_int_equal(findings_of(&r, "compose.no-inline-secrets", f, 4), 2);
	assert_int_equal(f[0]->line, 4);
	assert_int_equal(f[0]->nservices, 2);
	assert_string_equal(f[0]->services[0], "web");
	assert_string_equal(f[0]->services[1], "worker");
	assert_int_equal(f[1]->line, 10);           /* another file is another problem */
	assert_int_equal(f[1]->nservices, 1);
	file_result_free(&r);
	memfs_free(m);
}

static void test_extends_other_file(void **state)
{
	struct memfs *m = memfs_new();
	struct file_result r;
	const struct finding *f;
	(void)state;
	memfs_add(m, "lib/common.yaml", "services:\n  base:\n    image: nginx:1.25.3\n    build: ./app\n"
		  "    privileged: true\n    env_file: app.env\n" HARD, 0);
	memfs_add(m, "lib/app/Dockerfile", "FROM nginx:1.25.3\n", 0);
	memfs_add(m, "lib/app.env", "A_TOKEN=1234abcd\n", 1);
	run(&r, "services:\n  web:\n    extends:\n      file: lib/common.yaml\n      service: base\n"
	    "  other:\n    extends: {file: lib/missing.yaml, service: base}\n", m);
	assert_status(&r, "compose.cap-drop", "fail");          /* only `other` */
	f = finding_of(&r, "compose.cap-drop", NULL);
	assert_string_equal(f->service, "other");
	assert_status(&r, "compose.build-valid", "pass");       /* ./app from lib/ */
	f = finding_of(&r, "compose.no-privileged", "privileged");
	assert_string_equal(f->service, "web");
	assert_int_equal(f->line, 3);                           /* web's extends: never a position in the other file */
	assert_non_null(finding_of(&r, "compose.no-inline-secrets", "env-file-tracked"));
	file_result_free(&r);
	memfs_free(m);
}

static void test_development_files(void **state)
{
	const char *y = "services:\n  web:\n    image: nginx:1.25.3\n    privileged: true\n";
	struct file_result r;
	struct config cfg;
	(void)state;
	run_cfg(&r, "compose.override.yaml", y, NULL, NULL);
	for (size_t i = 1; i < 7; i++)
		assert_status(&r, compose_keys[i], "pass");
	assert_int_equal(finding_of(&r, "compose.cap-drop", NULL)->sev, SEV_INFO);
	assert_status(&r, "compose.no-privileged", "fail");     /* not one of the six */
	file_result_free(&r);
	config_init(&cfg);
	cfg.profile = PROFILE_PRODUCTION;
	run_cfg(&r, "docker-compose.dev.yml", y, NULL, &cfg);
	assert_status(&r, "compose.cap-drop", "fail");
	file_result_free(&r);
	cfg.profile = PROFILE_DEVELOPMENT;
	run_cfg(&r, "compose.yaml", y, NULL, &cfg);
	assert_status(&r, "compose.restart", "pass");
	assert_status(&r, "compose.healthcheck", "pass");
	file_result_free(&r);
	config_free(&cfg);
}

static void test_pragma_on_service_key(void **state)
{
	const char *y2 = "services:\n  # berth ignore=compose.read-only\n  web:\n    image: nginx:1.25.3\n";
	struct file_result r;
	(void)state;
	run(&r, y2, NULL);
	assert_status(&r, "compose.read-only", "ignored");
	assert_status(&r, "compose.cap-drop", "fail");
	file_result_free(&r);
}

static void test_seed_example(void **state)
{
	struct memfs *m = memfs_new();
	char *y = fixture_read("compose/seed/compose.yaml", NULL);
	char *df = fixture_read("compose/seed/Dockerfile", NULL);
	struct file_result r;
	const struct finding *f;
	(void)state;
	memfs_add(m, "Dockerfile", df, 1);
	memfs_add(m, "compose.yaml", y, 1);
	run(&r, y, m);
	assert_status(&r, "compose.parse", "pass");
	assert_status(&r, "compose.pinned-image", "fail");
	f = finding_of(&r, "compose.pinned-image", NULL);
	assert_int_equal(f->sev, SEV_ERROR);
	assert_int_equal(f->line, 9);
	assert_string_equal(f->service, "api");
	for (size_t i = 1; i < ARRAY_SIZE(compose_keys); i++)
		assert_status(&r, compose_keys[i], "pass");
	file_result_free(&r);
	free(y);
	free(df);
	memfs_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ok_and_info),
		cmocka_unit_test(test_parse_fails),
		cmocka_unit_test(test_malformed_only_parse),
		cmocka_unit_test(test_alias_bomb_and_depth),
		cmocka_unit_test(test_pinned_image),
		cmocka_unit_test(test_pinned_image_env_file),
		cmocka_unit_test(test_pinned_image_na),
		cmocka_unit_test(test_no_new_privileges),
		cmocka_unit_test(test_cap_drop),
		cmocka_unit_test(test_read_only),
		cmocka_unit_test(test_resource_limits),
		cmocka_unit_test(test_healthcheck),
		cmocka_unit_test(test_healthcheck_image_facts),
		cmocka_unit_test(test_healthcheck_from_dockerfile),
		cmocka_unit_test(test_healthcheck_from_facts),
		cmocka_unit_test(test_restart),
		cmocka_unit_test(test_build_valid),
		cmocka_unit_test(test_build_string_form),
		cmocka_unit_test(test_inline_secrets),
		cmocka_unit_test(test_no_privileged),
		cmocka_unit_test(test_anchors_count),
		cmocka_unit_test(test_anchor_missing_once),
		cmocka_unit_test(test_anchor_some_write_their_own),
		cmocka_unit_test(test_anchor_not_folded),
		cmocka_unit_test(test_anchor_is_a_service),
		cmocka_unit_test(test_anchor_widest),
		cmocka_unit_test(test_anchor_pragmas),
		cmocka_unit_test(test_env_file_once),
		cmocka_unit_test(test_socket_proxy),
		cmocka_unit_test(test_extends_other_file),
		cmocka_unit_test(test_development_files),
		cmocka_unit_test(test_pragma_on_service_key),
		cmocka_unit_test(test_seed_example),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
