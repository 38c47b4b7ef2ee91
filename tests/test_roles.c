/*
 * test_roles - CHECKLIST.md's roles: each rule by each kind of evidence,
 * their order, the overrides (pragma, .berth.yaml roles:, compose-profile),
 * templates; and the role table applied to findings (check_apply_role).
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose.h"
#include "config.h"
#include "project_priv.h"
#include "util.h"

#define MAX_FILES 16

/* A small repository: paths with their contents, judged together. */
struct repo_case {
	const char *path[MAX_FILES];
	const char *text[MAX_FILES];
	size_t n;
	struct project p;
	struct config cfg;
	struct role_facts facts[MAX_FILES];
	struct role_result out[MAX_FILES];
};

static void rc_init(struct repo_case *c)
{
	memset(c, 0, sizeof(*c));
	project_init(&c->p);
	config_init(&c->cfg);
}

static void rc_add(struct repo_case *c, const char *path, const char *text)
{
	c->path[c->n] = path;
	c->text[c->n] = text;
	c->n++;
}

static void rc_run(struct repo_case *c)
{
	struct compose_doc *docs[MAX_FILES] = { 0 };
	for (size_t i = 0; i < c->n; i++) {
		enum filekind k = strstr(c->path[i], "compose") ? KIND_COMPOSE : KIND_DOCKERFILE;
		if (k == KIND_COMPOSE) {
			docs[i] = compose_load(c->text[i], strlen(c->text[i]));
			role_facts_compose(&c->facts[i], c->text[i], strlen(c->text[i]), docs[i]);
			project_add_compose(&c->p, c->path[i], docs[i], NULL);
		} else {
			role_facts_dockerfile(&c->facts[i], c->text[i], strlen(c->text[i]));
		}
	}
	project_roles(&c->p, &c->cfg, (char *const *)c->path, c->facts, c->n, c->out);
	for (size_t i = 0; i < c->n; i++)
		compose_free(docs[i]);
}

static void rc_free(struct repo_case *c)
{
	for (size_t i = 0; i < c->n; i++) {
		role_facts_free(&c->facts[i]);
		free(c->out[i].reason);
	}
	project_free(&c->p);
	config_free(&c->cfg);
}

/* The role of `path`, with its reason holding `why` (NULL: not checked). */
static void expect_role(struct repo_case *c, const char *path, enum role want, const char *why)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->path[i], path)) {
			if (c->out[i].role != want || (why && !strstr(c->out[i].reason, why)))
				fail_msg("%s: expected %s (%s), got %s (%s)", path, role_name(want), why ? why : "-",
					 role_name(c->out[i].role), c->out[i].reason);
			return;
		}
	fail_msg("%s: not in the case", path);
}

static const char *const APP = "FROM python:3.12.4-slim\nCOPY app.py /app/\nCMD [\"python\", \"/app/app.py\"]\n";

/* Judge one file alone: its role and reason. */
static void one(const char *path, const char *text, enum role want, const char *why)
{
	struct repo_case c;
	rc_init(&c);
	rc_add(&c, path, text);
	rc_run(&c);
	expect_role(&c, path, want, why);
	rc_free(&c);
}

/*
 * Beyond revision 4 (HOLDOUT6.md, trigger.dev): a Dockerfile built only by
 * dev Compose files is part of that stack; one a deployment also builds, or
 * one at the repository's root, is judged as written.
 */
/* openstreetmap-website (HOLDOUT14.md): a root image with no command of its own, run only by the dev stack */
static void test_root_image_without_command(void **state)
{
	struct repo_case c;
	(void)state;
	rc_init(&c);
	rc_add(&c, "docker-compose.yml", "services:\n  web:\n    build:\n      context: .\n    volumes:\n      - .:/app\n"
	       "    command: bundle exec rails s\n");
	rc_add(&c, "Dockerfile", "FROM ruby:3.3-bookworm\nRUN apt-get update\nWORKDIR /app\n");
	rc_run(&c);
	expect_role(&c, "Dockerfile", ROLE_DEV, "built only by development files (docker-compose.yml)");
	rc_free(&c);
	/* an ENTRYPOINT that is only a wrapper script says nothing of what runs either (romm's root dev image) */
	rc_init(&c);
	rc_add(&c, "docker-compose.yml", "services:\n  web:\n    build:\n      context: .\n    volumes:\n      - .:/app\n");
	rc_add(&c, "Dockerfile", "FROM ubuntu:22.04\nCOPY docker/entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n");
	rc_run(&c);
	expect_role(&c, "Dockerfile", ROLE_DEV, "built only by development files");
	rc_free(&c);
	/* a program as ENTRYPOINT is the image's own run */
	rc_init(&c);
	rc_add(&c, "docker-compose.yml", "services:\n  web:\n    build:\n      context: .\n    volumes:\n      - .:/app\n");
	rc_add(&c, "Dockerfile", "FROM golang:1.23\nENTRYPOINT [\"/app/server\"]\n");
	rc_run(&c);
	expect_role(&c, "Dockerfile", ROLE_RUNTIME, NULL);
	rc_free(&c);
	/* with a CMD the root image is the project's own, whoever else builds it */
	rc_init(&c);
	rc_add(&c, "docker-compose.yml", "services:\n  web:\n    build:\n      context: .\n    volumes:\n      - .:/app\n");
	rc_add(&c, "Dockerfile", "FROM ruby:3.3-bookworm\nWORKDIR /app\nCMD [\"rails\", \"s\"]\n");
	rc_run(&c);
	expect_role(&c, "Dockerfile", ROLE_RUNTIME, NULL);
	rc_free(&c);
}

/* eShopOnWeb (HOLDOUT14.md): Visual Studio's runner is dev; the Dockerfiles it builds stay the project's images */
static void test_vs_tooling_runner(void **state)
{
	struct repo_case c;
	(void)state;
	rc_init(&c);
	rc_add(&c, "docker-compose.yml", "services:\n  eshopwebmvc:\n    image: ${DOCKER_REGISTRY-}eshopwebmvc\n"
	       "    build:\n      context: .\n      dockerfile: src/Web/Dockerfile\n");
	rc_add(&c, "src/Web/Dockerfile", APP);
	rc_run(&c);
	expect_role(&c, "docker-compose.yml", ROLE_DEV, "Visual Studio's container tooling");
	expect_role(&c, "src/Web/Dockerfile", ROLE_RUNTIME, NULL);
	rc_free(&c);
	/* a registry variable of the project's own naming is no sign */
	one("docker-compose.yml", "services:\n  web:\n    image: ${REGISTRY:-ghcr.io/acme}/web:1.2.3\n    build: .\n",
	    ROLE_RUNTIME, NULL);
}

/* puter (HOLDOUT12.md): the self-hosting stack runs the repository's own image beside dynamodb-local, its store */
static void test_emulator_beside_own_image(void **state)
{
	struct repo_case c;
	(void)state;
	rc_init(&c);
	c.p.slug = xstrdup("HeyPuter/puter");
	rc_add(&c, "docker-compose.yml", "services:\n  dynamo:\n    image: amazon/dynamodb-local:2.5.2\n"
	       "  puter:\n    image: ghcr.io/heyputer/puter:main\n");
	rc_run(&c);
	expect_role(&c, "docker-compose.yml", ROLE_RUNTIME, NULL);
	rc_free(&c);
	rc_init(&c);
	c.p.slug = xstrdup("acme/other");
	rc_add(&c, "docker-compose.yml", "services:\n  dynamo:\n    image: amazon/dynamodb-local:2.5.2\n"
	       "  puter:\n    image: ghcr.io/heyputer/puter:main\n");
	rc_run(&c);
	expect_role(&c, "docker-compose.yml", ROLE_DEV, "dynamo (amazon/dynamodb-local:2.5.2)");
	rc_free(&c);
}

static void test_built_only_by_dev(void **state)
{
	struct repo_case c;
	(void)state;
	rc_init(&c);
	rc_add(&c, "docker/docker-compose.yml", "# Core local-dev stack for contributors.\nservices:\n"
	       "  db:\n    build:\n      context: .\n      dockerfile: Dockerfile.postgres\n"
	       "  ch:\n    build: ../internal/clickhouse\n  app:\n    build: ..\n  web:\n    build: ../web\n");
	rc_add(&c, "deploy/compose.yaml", "services:\n  web:\n    build: ../web\n");
	rc_add(&c, "docker/Dockerfile.postgres", "FROM postgres:14\nRUN echo hi\n");
	rc_add(&c, "internal/clickhouse/Dockerfile", "FROM golang:1.26\nCMD [\"goose\", \"up\"]\n");
	rc_add(&c, "Dockerfile", APP);
	rc_add(&c, "web/Dockerfile", APP);
	rc_run(&c);
	expect_role(&c, "docker/docker-compose.yml", ROLE_DEV, "first comment");
	expect_role(&c, "docker/Dockerfile.postgres", ROLE_DEV, "built only by development files (docker/docker-compose.yml)");
	expect_role(&c, "internal/clickhouse/Dockerfile", ROLE_DEV, "built only by development files");
	expect_role(&c, "Dockerfile", ROLE_RUNTIME, NULL);
	expect_role(&c, "web/Dockerfile", ROLE_RUNTIME, NULL);
	rc_free(&c);
}

static void test_dev(void **state)
{
	(void)state;
	one(".devcontainer/Dockerfile", APP, ROLE_DEV, "under .devcontainer/");
	one("tools/workstation/Dockerfile", APP, ROLE_DEV, "under workstation/");
	one("discourse_dev/Dockerfile", APP, ROLE_DEV, "discourse_dev/");
	one("Dockerfile.dev", APP, ROLE_DEV, "its name (Dockerfile.dev)");
	one("debug.Dockerfile", APP, ROLE_DEV, "says development");
	one("docker-compose.override.yml", "services:\n  a:\n    image: x\n", ROLE_DEV, "says development");
	one("Dockerfile", "FROM ubuntu:24.04\nRUN echo 'me ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/me\n", ROLE_DEV,
	    "passwordless sudo");
	one("Dockerfile", "FROM ubuntu:24.04\nCMD [\"sleep\", \"infinity\"]\n", ROLE_DEV, "only idles");
	one("Dockerfile", "FROM ubuntu:24.04\nCMD tail -f /dev/null\n", ROLE_DEV, "only idles");
	one("Dockerfile", "FROM ubuntu:24.04\nCMD sleep 999999\n", ROLE_DEV, "only idles");
	one("Dockerfile", "# An image for local development.\n# Not tuned.\nFROM ubuntu:24.04\n", ROLE_DEV,
	    "first comment");
	/* redash's compose.yaml (beyond revision 4): Markdown emphasis and "the ... setup" */
	one("compose.yaml", "# This configuration file is for the **development** setup.\n"
	    "# For a production example please refer to getredash/setup repository on GitHub.\n"
	    "services:\n  a:\n    image: x\n", ROLE_DEV, "first comment");
	/* zulip's production Dockerfile: the comment names what its first stage builds */
	one("Dockerfile", "# This is a 2-stage Docker build.  In the first stage, we build a\n"
	    "# Zulip development environment image and use\n"
	    "# tools/build-release-tarball to generate a production release tarball\n"
	    "# from the provided Git ref.\nFROM ubuntu:24.04 AS base\n", ROLE_RUNTIME, NULL);
	/* a short sleep is no idling; a later comment paragraph does not count */
	one("Dockerfile", "FROM ubuntu:24.04\nCMD sleep 60\n", ROLE_RUNTIME, NULL);
	one("Dockerfile", "# Shop API\n\n# for development only\nFROM ubuntu:24.04\n", ROLE_RUNTIME, NULL);
	/* HOLDOUT15: kratos' integration-test folder written as one word */
	one("oryx/watcherx/integrationtest/Dockerfile", APP, ROLE_TEST, "integrationtest");
	/* HOLDOUT15: synapse's editable.Dockerfile, whose header's second paragraph follows an empty comment line */
	one("docker/editable.Dockerfile", "# This dockerfile builds an editable install of Synapse.\n#\n"
	    "# Used by `complement.sh`. Not suitable for production use.\nFROM python:3.12-slim\n", ROLE_DEV, "first comment");
	/* HOLDOUT16: crater's Uffizzi preview environment */
	one("uffizzi/docker-compose.uffizzi.yml", "version: '3'\nx-uffizzi:\n  ingress:\n    service: nginx\n    port: 8080\n"
	    "services:\n  nginx:\n    image: x:1.2.3\n", ROLE_TEST, "x-uffizzi");
	/* HOLDOUT16: tensorzero's tutorial stacks */
	one("examples/guides/episodes/docker-compose.yml", "# This is a simplified example for learning purposes. Do not use "
	    "this in production.\n# For production-ready deployments, see the docs.\nservices:\n  gateway:\n    image: x:1.2.3\n",
	    ROLE_DEV, "first comment");
	/* a comment after the first instruction is no header */
	one("docker/editable.Dockerfile", "# Builds Synapse.\nFROM python:3.12-slim\n# Not suitable for production use.\n"
	    "RUN pip install synapse\n", ROLE_RUNTIME, NULL);
	/* "devops" is not the word dev */
	one("devops/Dockerfile", APP, ROLE_RUNTIME, NULL);
	/* beyond revision 4: CodeSandbox's folder (excalidraw); trigger.dev's "local-dev stack" comments */
	one("examples/app/.codesandbox/Dockerfile", APP, ROLE_DEV, "under .codesandbox/");
	one("docker/docker-compose.yml", "# Core local-dev stack: the minimum a contributor needs to boot the webapp.\n"
	    "services:\n  a:\n    image: x\n", ROLE_DEV, "first comment");
	one("docker/docker-compose.extras.yml", "# Optional services for advanced local-dev workflows. Pair with\n"
	    "# `docker-compose.yml`.\nservices:\n  a:\n    image: x\n", ROLE_DEV, "first comment");
	one("compose.yaml", "# Runs on local devices and servers alike.\nservices:\n  a:\n    image: x\n", ROLE_RUNTIME, NULL);
	/* HOLDOUT7: logto's demo stack, koillection's dev file */
	one("docker-compose.yml", "# This compose file is for demonstration only, do not use in prod.\nservices:\n  a:\n    image: x\n",
	    ROLE_DEV, "first comment");
	one("docker-compose.yml", "# Provided for dev purposes.\nservices:\n  a:\n    image: x\n", ROLE_DEV, "first comment");
	/* the top-level tools/ folder (qdrant's local cluster, its schema converter); not a deeper one */
	one("tools/compose/docker-compose.yaml", "services:\n  a:\n    image: qdrant/qdrant:latest\n", ROLE_DEV, "under tools/");
	one("tools/schema2openapi/Dockerfile", APP, ROLE_DEV, "under tools/");
	one("wireguard/tools/Dockerfile", APP, ROLE_RUNTIME, NULL);
}

/*
 * Beyond revision 4 (tests/realworld/HOLDOUT.md): a tutorial sandbox and a
 * debugging stack deploy nothing (loki's examples/getting-started, 52 raised
 * fails, and debug/, 23); install examples and a runtime named "sandbox"
 * inside a longer word stay runtime.
 */
static const char *const LOKI_GETTING_STARTED = "services:\n  flog:\n    image: mingrammer/flog\n"
	"    command: -f json -d 200ms -l\n  read:\n    image: grafana/loki:latest\n"
	"    command: \"-config.file=/etc/loki/config.yaml -target=read\"\n    ports:\n      - 3101:3100\n";
static const char *const LOKI_DEBUG = "services:\n  loki:\n    image: grafana/loki-debug:latest\n"
	"    security_opt:\n      - seccomp:unconfined\n    ports:\n      - \"40000:40000\"\n";

static void test_dev_demo_debug(void **state)
{
	(void)state;
	one("examples/getting-started/docker-compose.yaml", LOKI_GETTING_STARTED, ROLE_DEV,
	    "under getting-started/ (a demo or tutorial folder)");
	one("docs/quickstart/compose.yaml", LOKI_GETTING_STARTED, ROLE_DEV, "demo or tutorial");
	one("demo-stack/compose.yaml", LOKI_GETTING_STARTED, ROLE_DEV, "under demo-stack/");
	one("docs/tutorials/part1/Dockerfile", APP, ROLE_DEV, "demo or tutorial");
	one("playground/Dockerfile", APP, ROLE_DEV, "demo or tutorial");
	one("sandbox/compose.yaml", LOKI_GETTING_STARTED, ROLE_DEV, "demo or tutorial");
	one("debug/docker-compose.yaml", LOKI_DEBUG, ROLE_DEV, "under debug/ (a development folder)");
	/* install examples, and a runtime whose folder only contains the word sandbox */
	one("examples/ha-monolithic/docker-compose.yaml", LOKI_GETTING_STARTED, ROLE_RUNTIME, NULL);
	one("packages/in-app-agent-sandbox-runtime/Dockerfile", APP, ROLE_RUNTIME, NULL);
	/* "demonstrate" is not the word demo */
	one("demonstrate/Dockerfile", APP, ROLE_RUNTIME, NULL);
}

/*
 * Beyond revision 4 (tests/realworld/HOLDOUT2.md, Kong scripts/Dockerfile): an
 * image that copies none of the repository in and runs a relative script
 * from its WORKDIR, a VOLUME, is a tool run over a mounted checkout.
 */
static const char *const KONG_TOOL =
	"FROM ubuntu:latest AS expat-build\nWORKDIR /workspace\nRUN make install\n"
	"FROM ubuntu:latest\nCOPY --from=expat-build /expat_lib /expat_lib\n"
	"RUN apt update && apt install -y curl lua5.4\nWORKDIR /workspace\n"
	"CMD [\"/bin/bash\", \"-c\", \"OPENSSL_DIR=/usr EXPAT_DIR=/expat_lib scripts/update-copyright\"]\n"
	"VOLUME /workspace\n";

static void test_dev_checkout_tool(void **state)
{
	(void)state;
	one("scripts/Dockerfile", KONG_TOOL, ROLE_DEV, "runs scripts/update-copyright on /workspace");
	/* the same image with the repository copied in ships that script: a runtime */
	one("scripts/Dockerfile",
	    "FROM ubuntu:24.04\nWORKDIR /workspace\nCOPY scripts/ scripts/\nCMD [\"scripts/run\"]\nVOLUME /workspace\n",
	    ROLE_RUNTIME, NULL);
	/* a build stage's output copied into the workspace ships with the image */
	one("scripts/Dockerfile",
	    "FROM golang:1.23.4 AS build\nRUN go build -o /out/server .\n"
	    "FROM debian:12.8\nWORKDIR /srv\nCOPY --from=build /out/server bin/server\nCMD [\"bin/server\"]\nVOLUME /srv\n",
	    ROLE_RUNTIME, NULL);
	one("scripts/Dockerfile",
	    "FROM golang:1.23.4 AS build\nRUN go build -o /out/server .\n"
	    "FROM debian:12.8\nWORKDIR /srv\nCOPY --from=build /out /srv/\nCMD [\"bin/server\"]\nVOLUME /srv\n",
	    ROLE_RUNTIME, NULL);
	/* a data VOLUME that is not the WORKDIR, or an absolute program, says nothing */
	one("scripts/Dockerfile", "FROM ubuntu:24.04\nWORKDIR /app\nCMD [\"bin/run\"]\nVOLUME /data\n", ROLE_RUNTIME, NULL);
	one("scripts/Dockerfile", "FROM ubuntu:24.04\nWORKDIR /data\nCMD [\"/usr/bin/run\"]\nVOLUME /data/\n",
	    ROLE_RUNTIME, NULL);
}

/*
 * Beyond revision 4 (HOLDOUT9.md, otterwiki): the README in a Compose file's
 * own folder below the root says what the file is for, in its title and first
 * paragraph; the root README describes the project and is not read.
 */
static void test_readme_beside(void **state)
{
	struct memfs *m = memfs_new();
	struct fsview view;
	struct role_facts f;
	(void)state;
	memfs_add(m, "README.md", "# Otter Wiki\n\nNot for production use yet.\n", 1);
	memfs_add(m, "docs/auth/header/README.md", "# Example for testing `AUTH_METHOD=PROXY_HEADER`\n\n"
		  "This is a minimal example.\n", 1);
	memfs_add(m, "docs/dbg/README.md", "# Debug setup\n\nThis stack is\nfor **debugging** the importer.\n", 1);
	memfs_add(m, "deploy/README", "Production deployment.\n\nUse it for testing too.\n\nfor testing\n", 1);
	memfs_add(m, "production/docker/README.md", "# Loki with docker-compose\n\nYou can use this `docker-compose` "
		  "setup to run Docker for development or in production.\n", 1);
	memfs_add(m, "late/README.md", "# Stack\n\nRuns the app.\n\n## Notes\n\nNot for production.\n", 1);
	memfs_view(m, &view);
	role_facts_init(&f, KIND_COMPOSE);
	role_readme_beside(&f, &view, "docs/auth/header/docker-compose.yaml");
	assert_non_null(f.readme_test);
	assert_string_equal(f.readme_test, "docs/auth/header/README.md");
	assert_null(f.readme_dev);
	role_facts_free(&f);
	role_facts_init(&f, KIND_COMPOSE);
	role_readme_beside(&f, &view, "docs/dbg/compose.yaml");
	assert_non_null(f.readme_dev);      /* a phrase across a line break, Markdown emphasis dropped */
	role_facts_free(&f);
	/* the root README; a phrase past the first paragraph; no README: nothing */
	role_facts_init(&f, KIND_COMPOSE);
	role_readme_beside(&f, &view, "docker-compose.yml");
	assert_null(f.readme_dev);
	role_facts_free(&f);
	role_facts_init(&f, KIND_COMPOSE);
	role_readme_beside(&f, &view, "production/docker/docker-compose.yaml");
	assert_null(f.readme_dev);          /* "for development or in production" names both */
	role_facts_free(&f);
	role_facts_init(&f, KIND_COMPOSE);
	role_readme_beside(&f, &view, "late/compose.yaml");
	assert_null(f.readme_dev);
	role_facts_free(&f);
	role_facts_init(&f, KIND_COMPOSE);
	role_readme_beside(&f, &view, "deploy/compose.yaml");
	assert_non_null(f.readme_test);     /* "for testing" in its first paragraph */
	role_facts_free(&f);
	role_facts_init(&f, KIND_COMPOSE);
	role_readme_beside(&f, &view, "other/compose.yaml");
	assert_null(f.readme_dev);
	assert_null(f.readme_test);
	role_facts_free(&f);
	memfs_free(m);
	/* HOLDOUT16: a worked example under examples/; an install example's title says so */
	m = memfs_new();
	memfs_add(m, "examples/babyai/README.md", "# Example: LLMs Learn to Navigate Mazes from Experience\n\n## Background\n", 1);
	memfs_add(m, "examples/traefik/README.md", "# Example: deploy behind Traefik in production\n\nSteps.\n", 1);
	memfs_add(m, "docs/babyai/README.md", "# Example: LLMs Learn to Navigate Mazes\n", 1);
	memfs_view(m, &view);
	role_facts_init(&f, KIND_COMPOSE);
	role_readme_beside(&f, &view, "examples/babyai/docker-compose.yml");
	assert_non_null(f.readme_example);
	role_facts_free(&f);
	role_facts_init(&f, KIND_COMPOSE);
	role_readme_beside(&f, &view, "examples/traefik/docker-compose.yml");
	assert_null(f.readme_example);
	role_facts_free(&f);
	role_facts_init(&f, KIND_COMPOSE);
	role_readme_beside(&f, &view, "docs/babyai/docker-compose.yml");
	assert_null(f.readme_example);      /* not under an examples folder */
	role_facts_free(&f);
	memfs_free(m);
	/* HOLDOUT15: a sample application's root README title; a deployment file's name; other words */
	m = memfs_new();
	memfs_add(m, "README.md", "# Distributed version of the Spring PetClinic Sample Application built with Spring Cloud\n", 1);
	memfs_view(m, &view);
	role_facts_init(&f, KIND_COMPOSE);
	role_readme_beside(&f, &view, "docker-compose.yml");
	assert_non_null(f.readme_sample);
	assert_non_null(strstr(f.readme_sample, "Sample Application"));
	role_facts_free(&f);
	role_facts_init(&f, KIND_COMPOSE);
	role_readme_beside(&f, &view, "deploy/docker-compose.prod.yml");
	assert_null(f.readme_sample);
	role_facts_free(&f);
	memfs_free(m);
	m = memfs_new();
	memfs_add(m, "README.md", "# Wiki\n\nA sample application of the API is in examples/.\n", 1);
	memfs_add(m, "x/README.md", "# Demo applications\n", 1);
	memfs_view(m, &view);
	role_facts_init(&f, KIND_COMPOSE);
	role_readme_beside(&f, &view, "docker-compose.yml");
	assert_null(f.readme_sample);       /* only the title line counts */
	role_facts_free(&f);
	memfs_free(m);
	/* Mailu's docs/docker-compose.yml */
	one("docs/docker-compose.yml", "# This file is used to test the mailu/docs website\n# Deployment files can be found on "
	    "github.com/mailu/infra\n\nservices:\n  docs:\n    image: mailu/docs:2024.06\n", ROLE_TEST, "for testing");
	/* a banner's empty comment lines before the first paragraph; "development version" */
	one("docker-compose.yml", "---\n#\n# This docker-compose.yml is for running the latest development version\n#\n"
	    "services:\n  web:\n    build: .\n", ROLE_DEV, "first comment");
	one("docker-compose.yml", "#\n#\nservices:\n  web:\n    image: x:1.2.3\n# for development\n", ROLE_RUNTIME, NULL);
}

/*
 * Beyond revision 4 (tests/realworld/HOLDOUT.md, loki): a Compose file in a
 * program's source folder, or one folder below it, tries that program out.
 */
static void test_dev_beside_source(void **state)
{
	struct memfs *m = memfs_new();
	struct fsview view;
	char *hit;
	(void)state;
	memfs_add(m, "main.go", "package main\n", 1);
	memfs_add(m, "docker-compose.yml", "services: {}\n", 1);
	memfs_add(m, "cmd/logql-analyzer/main.go", "package main\n", 1);
	memfs_add(m, "cmd/logql-analyzer/docker-compose.yaml", "services: {}\n", 1);
	memfs_add(m, "clients/cmd/fluentd/fluent-plugin-grafana-loki.gemspec", "Gem::Specification.new\n", 1);
	memfs_add(m, "clients/cmd/fluentd/docker/docker-compose.yml", "services: {}\n", 1);
	memfs_add(m, "production/docker/docker-compose.yaml", "services: {}\n", 1);
	memfs_add(m, "deep/a/b/c/compose.yaml", "services: {}\n", 1);
	memfs_add(m, "deep/main.go", "package main\n", 1);
	memfs_view(m, &view);
	hit = role_beside_source(&view, "cmd/logql-analyzer/docker-compose.yaml");
	assert_non_null(hit);
	assert_string_equal(hit, "cmd/logql-analyzer/main.go");
	free(hit);
	hit = role_beside_source(&view, "clients/cmd/fluentd/docker/docker-compose.yml");
	assert_non_null(hit);
	assert_string_equal(hit, "clients/cmd/fluentd/fluent-plugin-grafana-loki.gemspec");
	free(hit);
	/* the root is the app's deployment; a deploy folder holds no source; two folders up is too far */
	assert_null(role_beside_source(&view, "docker-compose.yml"));
	assert_null(role_beside_source(&view, "production/docker/docker-compose.yaml"));
	assert_null(role_beside_source(&view, "deep/a/b/c/compose.yaml"));
	memfs_free(m);
	{
		struct repo_case c;
		rc_init(&c);
		static const char *const docs = "services:\n  docs:\n    image: grafana/docs-base:latest\n";
		struct compose_doc *d = compose_load(docs, strlen(docs));
		rc_add(&c, "cmd/logql-analyzer/docker-compose.yaml", docs);
		role_facts_compose(&c.facts[0], docs, strlen(docs), d);
		c.facts[0].beside_source = xstrdup("cmd/logql-analyzer/main.go");
		project_roles(&c.p, &c.cfg, (char *const *)c.path, c.facts, c.n, c.out);
		compose_free(d);
		expect_role(&c, "cmd/logql-analyzer/docker-compose.yaml", ROLE_DEV, "beside the source of the program");
		rc_free(&c);
	}
}

/* Beyond revision 4 (tests/realworld/REVIEW.md): backing-service stacks, "devcontainer" and "cicd" words. */
static void test_dev_backing_services(void **state)
{
	struct repo_case c;
	struct memfs *m = memfs_new();
	struct fsview view;
	static const char *const stack = "services:\n  db:\n    image: postgres:16.2\n  cache:\n    image: redis:7.2.4\n";
	(void)state;
	/* the root holds the app's manifest: the stack serves an app that runs on the host */
	memfs_add(m, "package.json", "{}\n", 1);
	memfs_view(m, &view);
	rc_init(&c);
	project_read(&c.p, &view, NULL, 0);
	assert_string_equal(c.p.app_manifest, "package.json");
	rc_add(&c, "docker-compose.yml", stack);
	rc_add(&c, "deploy/compose.yaml", "services:\n  app:\n    image: acme/app:1.2.3\n  db:\n    image: postgres:16.2\n");
	rc_add(&c, "build/compose.yaml", "services:\n  db:\n    build: ./db\n");
	rc_run(&c);
	expect_role(&c, "docker-compose.yml", ROLE_DEV, "only backing services");
	expect_role(&c, "deploy/compose.yaml", ROLE_RUNTIME, NULL);   /* the app's own image runs in it */
	expect_role(&c, "build/compose.yaml", ROLE_RUNTIME, NULL);
	rc_free(&c);
	memfs_free(m);
	/* no app source in the repository: a self-hosting stack of databases is what ships */
	rc_init(&c);
	rc_add(&c, "docker-compose.yml", stack);
	rc_run(&c);
	expect_role(&c, "docker-compose.yml", ROLE_RUNTIME, NULL);
	rc_free(&c);
	one("docker/docker-compose.yml", "services:\n  app:\n    image: hkotel/mealie:dev\n", ROLE_DEV,
	    "a development image by its tag");
	one("docker/compose.yml", "services:\n  app:\n    image: acme/devtools:1.2.3\n", ROLE_RUNTIME, NULL);
	one("devcontainer-example/Dockerfile", "FROM debian:12.5-slim\n", ROLE_DEV, "development folder");
	one("Dockerfile.cicd", "FROM alpine:3.19.1\n", ROLE_TEST, "says test");
}

static void test_dev_reference(void **state)
{
	struct repo_case c;
	(void)state;
	rc_init(&c);
	project_add_dev(&c.p, "docker/Dockerfile.workspace", ".devcontainer/devcontainer.json:4");
	project_add_dev(&c.p, "compose.yaml", ".devcontainer/devcontainer.json:6");
	rc_add(&c, "docker/Dockerfile.workspace", APP);
	rc_add(&c, "compose.yaml", "services:\n  app:\n    image: x:1.0.0\n");
	rc_run(&c);
	expect_role(&c, "docker/Dockerfile.workspace", ROLE_DEV, "named by the development environment");
	expect_role(&c, "compose.yaml", ROLE_DEV, ".devcontainer/devcontainer.json:6");
	rc_free(&c);
}

static void test_test(void **state)
{
	(void)state;
	one(".github/actions/x/Dockerfile", APP, ROLE_TEST, "under .github/");
	one("e2e-tests/Dockerfile", APP, ROLE_TEST, "e2e-tests/");
	one("src/testdata/Dockerfile", APP, ROLE_TEST, "testdata/");
	one("Dockerfile.test", APP, ROLE_TEST, "says test");
	one("docker-compose.ci.yml", "services:\n  a:\n    image: x\n", ROLE_TEST, "says test");
	one("Dockerfile", "FROM python:3.12.4\nCMD [\"pytest\", \"-q\"]\n", ROLE_TEST, "pytest");
	one("Dockerfile", "FROM node:20.11.1\nCMD npx playwright test\n", ROLE_TEST, "test runner");
	one("Dockerfile", "FROM golang:1.22.1\nENTRYPOINT [\"go\", \"test\", \"./...\"]\n", ROLE_TEST, "test runner");
	one("Dockerfile", "FROM python:3.12.4\nCMD python -m pytest\n", ROLE_TEST, "test runner");
	one("Dockerfile", "# Image for testing the client\nFROM alpine:3.19.1\n", ROLE_TEST, "for testing");
	one("compose.yaml", "services:\n  e2e:\n    image: cypress/included:13.6.0\n  unit:\n    image: x\n"
		"    command: [\"npm\", \"test\"]\n", ROLE_TEST, "every service");
	/* one service that serves: runtime */
	one("compose.yaml", "services:\n  e2e:\n    image: cypress/included:13.6.0\n  web:\n    image: nginx\n",
	    ROLE_RUNTIME, NULL);
}

/*
 * Beyond CHECKLIST.md revision 4: a Compose file that the repository's CI
 * or tests run, and nothing else names: langfuse's docker-compose.build.yml
 * (the workflow's test-docker-build job, an agent start script, its test),
 * minio's docs/resiliency/docker-compose.yaml (the Makefile's
 * test-resiliency target).
 */
static const char *const LANGFUSE_WF =
	"name: CI\njobs:\n  test-docker-build:\n    runs-on: ubuntu-24.04\n    env:\n"
	"      DOCKER_COMPOSE_FILE: docker-compose.build.yml\n    steps:\n"
	"      - run: docker compose -f $DOCKER_COMPOSE_FILE up -d --build --wait\n"
	"  release:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo release\n";
static const char *const MINIO_MAKEFILE =
	"GOARCH := $(shell go env GOARCH)\n\nbuild:\n\tgo build .\n\n"
	"test-resiliency: build\n\t@echo \"Running resiliency tests\"\n"
	"\t@(DOCKER_COMPOSE_FILE=$(PWD)/docs/resiliency/docker-compose.yaml env bash $(PWD)/docs/resiliency/resiliency-tests.sh)\n";
static const char *const STACK = "services:\n  web:\n    image: acme/web:1.2.3\n";

static void test_test_by_references(void **state)
{
	const char *start = "compose_file=\"${CURSOR_COMPOSE_FILE:-$repo_root/docker-compose.build.yml}\"\n";
	struct repo_case c;
	(void)state;
	rc_init(&c);
	project_read_workflow(&c.p, ".github/workflows/pipeline.yml", LANGFUSE_WF, strlen(LANGFUSE_WF));
	project_read_script(&c.p, "scripts/agents/start-cursor-cloud.sh", start, strlen(start));
	project_read_script(&c.p, "Makefile", MINIO_MAKEFILE, strlen(MINIO_MAKEFILE));
	rc_add(&c, "docker-compose.build.yml", STACK);
	rc_add(&c, "docs/resiliency/docker-compose.yaml", STACK);
	rc_add(&c, "docs/orchestration/docker-compose.yaml", STACK);
	rc_add(&c, "docker-compose.yml", STACK);
	rc_run(&c);
	expect_role(&c, "docker-compose.build.yml", ROLE_TEST, ".github/workflows/pipeline.yml:6 (job test-docker-build)");
	expect_role(&c, "docs/resiliency/docker-compose.yaml", ROLE_TEST, "Makefile:8 (target test-resiliency)");
	/* named nowhere, or the root's default file (run without -f): runtime */
	expect_role(&c, "docs/orchestration/docker-compose.yaml", ROLE_RUNTIME, NULL);
	expect_role(&c, "docker-compose.yml", ROLE_RUNTIME, NULL);
	rc_free(&c);
}

/* Another job, target, a deploy script or the documentation naming it: it is run for real. */
static void test_test_by_references_vetoed(void **state)
{
	static const struct { const char *path, *text; } refs[] = {
		{ ".github/workflows/deploy.yml", "jobs:\n  deploy:\n    steps:\n      - run: docker compose -f docker-compose.build.yml up -d\n" },
		{ "Makefile", "up:\n\tdocker compose -f docker-compose.build.yml up -d\n" },
		{ "scripts/deploy.sh", "docker compose -f docker-compose.build.yml pull\n" },
		{ "README.md", "Run `docker compose -f docker-compose.build.yml up` to self-host.\n" },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(refs); i++) {
		struct repo_case c;
		rc_init(&c);
		project_read_workflow(&c.p, ".github/workflows/pipeline.yml", LANGFUSE_WF, strlen(LANGFUSE_WF));
		if (str_ends(refs[i].path, ".yml"))
			project_read_workflow(&c.p, refs[i].path, refs[i].text, strlen(refs[i].text));
		else if (str_ends(refs[i].path, ".md"))
			project_read_doc(&c.p, refs[i].path, refs[i].text, strlen(refs[i].text));
		else
			project_read_script(&c.p, refs[i].path, refs[i].text, strlen(refs[i].text));
		rc_add(&c, "docker-compose.build.yml", STACK);
		rc_run(&c);
		expect_role(&c, "docker-compose.build.yml", ROLE_RUNTIME, NULL);
		rc_free(&c);
	}
	/* a production word in its name: never test by references */
	{
		struct repo_case c;
		const char *wf = "jobs:\n  e2e:\n    steps:\n      - run: docker compose -f deploy/compose.prod.yml up\n";
		rc_init(&c);
		project_read_workflow(&c.p, ".github/workflows/e2e.yml", wf, strlen(wf));
		rc_add(&c, "deploy/compose.prod.yml", STACK);
		rc_run(&c);
		expect_role(&c, "deploy/compose.prod.yml", ROLE_RUNTIME, NULL);
		rc_free(&c);
	}
}

static void test_builder(void **state)
{
	struct repo_case c;
	(void)state;
	one("Dockerfile", "FROM golang:1.22.1\nWORKDIR /src\nCMD [\"go\", \"build\", \"-o\", \"/out/app\"]\n",
	    ROLE_BUILDER, "builds or packages");
	one("Dockerfile", "FROM debian:12.5\nCMD [\"dpkg-buildpackage\", \"-b\"]\n", ROLE_BUILDER, "dpkg-buildpackage");
	one("Dockerfile", "FROM debian:12.5\nCMD [\"./build-release.sh\"]\n", ROLE_BUILDER, "builds");
	one("Dockerfile.build", APP, ROLE_BUILDER, "says builder");
	one("toolchain.Dockerfile", APP, ROLE_BUILDER, "says builder");
	one("images/builder/Dockerfile", APP, ROLE_BUILDER, "folder builder/");
	/* copied from by another Dockerfile, the image named by Compose build + image */
	rc_init(&c);
	rc_add(&c, "compose.yaml", "services:\n  assets:\n    build: assets\n    image: shop/assets:1.0.0\n");
	rc_add(&c, "assets/Dockerfile", "FROM node:20.11.1\nRUN npm ci && npm run build\n");
	rc_add(&c, "web/Dockerfile", "FROM nginx:1.25.4\nCOPY --from=shop/assets:1.0.0 /dist /usr/share/nginx/html\n");
	rc_run(&c);
	expect_role(&c, "assets/Dockerfile", ROLE_BUILDER, "copied from by web/Dockerfile");
	expect_role(&c, "web/Dockerfile", ROLE_RUNTIME, NULL);
	rc_free(&c);
}

/*
 * outline: Dockerfile builds `FROM ${BASE_IMAGE} AS base` (the project
 * image outlinewiki/outline-base, which Dockerfile.base builds: yarn install
 * and build) only to COPY --from=base into the runner: the base image is a
 * source of build outputs (rule 6), not what ships under the runner.
 */
static void test_builder_through_source_stage(void **state)
{
	struct repo_case c;
	struct project_ref *r;
	(void)state;
	rc_init(&c);
	r = project_new_ref(&c.p, PSRC_WORKFLOW, ".github/workflows/docker-build.yml:71");
	r->dockerfile = xstrdup("Dockerfile.base");
	r->context = xstrdup("");
	plist_add(&r->tags, &r->ntags, xstrdup("outlinewiki/outline-base"));
	rc_add(&c, "Dockerfile.base", "FROM node:26.3.0 AS deps\nWORKDIR /opt/outline\nCOPY . .\nRUN yarn install && yarn build\n");
	rc_add(&c, "Dockerfile", "ARG BASE_IMAGE=outlinewiki/outline-base\nFROM ${BASE_IMAGE} AS base\n"
	       "FROM node:26.3.0-slim AS runner\nCOPY --from=base /opt/outline/build ./build\nUSER node\n");
	rc_run(&c);
	expect_role(&c, "Dockerfile.base", ROLE_BUILDER, "copied from by Dockerfile");
	expect_role(&c, "Dockerfile", ROLE_RUNTIME, NULL);
	rc_free(&c);
	/* the same image FROM in the final chain: a base */
	rc_init(&c);
	r = project_new_ref(&c.p, PSRC_WORKFLOW, ".github/workflows/docker-build.yml:71");
	r->dockerfile = xstrdup("Dockerfile.base");
	plist_add(&r->tags, &r->ntags, xstrdup("outlinewiki/outline-base"));
	rc_add(&c, "Dockerfile.base", "FROM node:26.3.0\nRUN yarn install\n");
	rc_add(&c, "Dockerfile", "FROM outlinewiki/outline-base:1.2.3 AS base\nFROM base\nUSER node\n");
	rc_run(&c);
	expect_role(&c, "Dockerfile.base", ROLE_BASE, "built FROM by Dockerfile");
	rc_free(&c);
}

static void test_base(void **state)
{
	struct repo_case c;
	struct project_ref *r;
	(void)state;
	/* built FROM by another Dockerfile: the image named by a bake target's tags */
	rc_init(&c);
	r = project_new_ref(&c.p, PSRC_BAKE, "docker-bake.hcl:3");
	r->dockerfile = xstrdup("images/py/Dockerfile");
	r->context = xstrdup("images/py");
	plist_add(&r->tags, &r->ntags, xstrdup("ghcr.io/acme/py:1.2.0"));
	rc_add(&c, "images/py/Dockerfile", APP);
	rc_add(&c, "api/Dockerfile", "FROM ghcr.io/acme/py:1.2.0\nCMD [\"python\", \"-m\", \"api\"]\n");
	rc_run(&c);
	expect_role(&c, "images/py/Dockerfile", ROLE_BASE, "built FROM by api/Dockerfile");
	assert_false(c.out[0].base_by_name);
	rc_free(&c);
	/* by name only */
	rc_init(&c);
	rc_add(&c, "Dockerfile.base", APP);
	rc_add(&c, "image/base/Dockerfile", APP);
	rc_run(&c);
	expect_role(&c, "Dockerfile.base", ROLE_BASE, "by name only");
	expect_role(&c, "image/base/Dockerfile", ROLE_BASE, "folder");
	assert_true(c.out[0].base_by_name);
	assert_true(c.out[1].base_by_name);
	rc_free(&c);
	/* a docker build -t name used FROM by a dev file does not count */
	rc_init(&c);
	r = project_new_ref(&c.p, PSRC_SCRIPT, "build.sh:2");
	r->dockerfile = xstrdup("core/Dockerfile");
	plist_add(&r->tags, &r->ntags, xstrdup("acme/core"));
	rc_add(&c, "core/Dockerfile", APP);
	rc_add(&c, ".devcontainer/Dockerfile", "FROM acme/core:latest\n");
	rc_run(&c);
	expect_role(&c, "core/Dockerfile", ROLE_RUNTIME, NULL);
	rc_free(&c);
	/* a bake named context: COPY --from=NAME where NAME is target:TARGET */
	rc_init(&c);
	r = project_new_ref(&c.p, PSRC_BAKE, "docker-bake.hcl:2");
	r->dockerfile = xstrdup("deps/Dockerfile");
	r->name = xstrdup("deps");
	r = project_new_ref(&c.p, PSRC_BAKE, "docker-bake.hcl:8");
	r->dockerfile = xstrdup("app/Dockerfile");
	plist_add(&r->named, &r->nnamed, xstrdup("deps=target:deps"));
	rc_add(&c, "deps/Dockerfile", APP);
	rc_add(&c, "app/Dockerfile", "FROM alpine:3.19.1\nCOPY --from=deps /wheels /wheels\n");
	rc_run(&c);
	expect_role(&c, "deps/Dockerfile", ROLE_BUILDER, "COPY --from=deps");
	rc_free(&c);
}

/*
 * Beyond revision 4 (tests/realworld/HOLDOUT3.md, "role-dev"), each from the
 * minimised real file: lemmy's development compose (builds the source with
 * debug logging), woodpecker's Gitpod compose and toolbox image, hedgedoc's
 * test-LDAP compose; and the near misses that stay runtime.
 */
static const char *const LEMMY_DEV = "services:\n  lemmy:\n    build:\n      context: ../\n"
	"      dockerfile: docker/Dockerfile\n    restart: unless-stopped\n    environment:\n"
	"      - RUST_LOG=warn,extism=info,lemmy_server=debug,lemmy_api=debug\n"
	"      - LEMMY_DISABLE_ACTIVITY_SENDING=true\n  postgres:\n    image: pgautoupgrade/pgautoupgrade:18-alpine\n";
static const char *const LEMMY_FEDERATION = "x-lemmy-default: &lemmy-default\n  build:\n    context: ../..\n"
	"    dockerfile: docker/Dockerfile\n  environment:\n    - RUST_BACKTRACE=1\n"
	"    - RUST_LOG=\"warn,lemmy_server=debug,lemmy_api=debug\"\n  restart: always\n"
	"services:\n  lemmy-alpha:\n    <<: *lemmy-default\n";
static const char *const WOODPECKER_GITPOD = "services:\n  gitea:\n    image: gitea/gitea:1.27\n"
	"    environment:\n      GITEA__database__PASSWD: 123456\n";
static const char *const WOODPECKER_MAKE = "FROM docker.io/golang:1.27-alpine AS golang_image\n"
	"FROM docker.io/node:24-alpine\nRUN apk add --no-cache make gcc musl-dev\n"
	"COPY --from=golang_image /usr/local/go /usr/local/go\nWORKDIR /build\nRUN chmod -R 777 /root\n"
	"CMD [ \"/bin/sh\" ]\n";
static const char *const HEDGEDOC_LDAP = "services:\n  ldap:\n    image: rroemhild/test-openldap\n"
	"    ports:\n      - \"10389:10389\"\n";

/*
 * Beyond revision 4 (FIX-HOLDOUT3.md): a service that builds the checkout and
 * mounts it read-write over the image runs it live (shlink, jellyseerr); read
 * only (CTFd's deployment) or a config folder built as an image (getsentry's
 * ./sentry) is no such mount. authelia's internal/suites/ are test suites.
 */
static void test_dev_source_mount(void **state)
{
	(void)state;
	one("docker-compose.yml", "services:\n  shlink_php:\n    build:\n      context: .\n      dockerfile: ./data/infra/php.Dockerfile\n"
	    "    volumes:\n      - ./:/home/shlink/www\n      - ./data/infra/php.ini:/usr/local/etc/php/php.ini\n",
	    ROLE_DEV, "service shlink_php (./:/home/shlink/www) mounts the build context");
	one("compose.yaml", "services:\n  app:\n    build: .\n    volumes:\n      - .:/app:rw,cached\n", ROLE_DEV, "(.:/app:rw,cached)");
	one("docker/compose.yaml", "services:\n  app:\n    build: ..\n    volumes:\n      - type: bind\n        source: ../\n"
	    "        target: /src\n", ROLE_DEV, "mounts the build context");
	one("docker-compose.yml", "services:\n  ctfd:\n    build: .\n    volumes:\n      - .:/opt/CTFd:ro\n", ROLE_RUNTIME, NULL);
	one("docker-compose.yml", "services:\n  app:\n    build: .\n    volumes:\n      - type: bind\n        source: .\n"
	    "        target: /src\n        read_only: true\n", ROLE_RUNTIME, NULL);
	one("docker-compose.yml", "services:\n  web:\n    build:\n      context: ./sentry\n    volumes:\n      - ./sentry:/etc/sentry\n",
	    ROLE_RUNTIME, NULL);
	one("docker-compose.yml", "services:\n  app:\n    build: .\n    volumes:\n      - ./data:/data\n      - app:/app\n", ROLE_RUNTIME,
	    NULL);
	one("internal/suites/OIDC/compose.yml", "services:\n  a:\n    image: x:1.2.3\n", ROLE_TEST, NULL);
}

/*
 * Beyond revision 4: a service that builds from a development folder (solidtime's
 * Laravel Sail, docker/local/8.3; FIX-HOLDOUT6.md) makes the stack dev; one
 * service that is a test harness makes it test (isso's Jest and Puppeteer
 * runner, HOLDOUT8.md).
 */
static void test_compose_dev_context_test_harness(void **state)
{
	(void)state;
	one("docker-compose.yml", "services:\n  laravel.test:\n    build:\n      context: ./docker/local/8.3\n"
	    "    image: sail-8.3/app\n  pgsql:\n    image: postgres:17\n", ROLE_DEV,
	    "service laravel.test builds from ./docker/local/8.3, under local/");
	one("compose.yaml", "services:\n  db:\n    build: docker/dev-postgres\n", ROLE_DEV, "under dev-postgres/");
	/* a production context, a variable or absolute context: runtime */
	one("compose.yaml", "services:\n  app:\n    build:\n      context: ./docker/prod\n", ROLE_RUNTIME, NULL);
	one("compose.yaml", "services:\n  app:\n    build: ${LOCAL_DIR}/app\n", ROLE_RUNTIME, NULL);
	one("docker-compose.yml", "services:\n  isso-server:\n    build:\n      context: .\n      dockerfile: Dockerfile\n"
	    "  isso-client:\n    image: isso-js-testbed\n    build:\n      context: .\n"
	    "      dockerfile: docker/Dockerfile-js-testbed\n", ROLE_TEST, "service isso-client (builds docker/Dockerfile-js-testbed) runs for tests");
	one("compose.yaml", "services:\n  api:\n    build: .\n  runner:\n    build:\n      context: .\n"
	    "      dockerfile: docker/Dockerfile.e2e\n", ROLE_TEST, "runner (builds docker/Dockerfile.e2e)");
	/* a pulled test runner beside a serving service is revision 4's "one service that serves" */
	one("compose.yaml", "services:\n  api:\n    build: .\n  check:\n    image: node:22\n    command: npx jest --ci\n",
	    ROLE_RUNTIME, NULL);
	one("compose.yaml", "services:\n  api:\n    build:\n      context: .\n      target: e2e\n  db:\n    image: postgres:17\n",
	    ROLE_TEST, "api (builds target e2e)");
	/* otterwiki's docs/plugin_examples builds the checkout: a try-out; an install example runs the image */
	one("docs/plugin_examples/docker-compose.yaml", "services:\n  otterwiki:\n    image: redimp/otterwiki:2\n"
	    "    build: ../..\n", ROLE_DEV, "builds the checkout from ../..");
	one("docs/install/docker-compose.yaml", "services:\n  otterwiki:\n    image: redimp/otterwiki:2.4.1\n", ROLE_RUNTIME, NULL);
	one("deploy/docker-compose.yaml", "services:\n  app:\n    build: ..\n", ROLE_RUNTIME, NULL);
	one("examples/docker-compose.yaml", "services:\n  app:\n    build: ./app\n", ROLE_RUNTIME, NULL);
	/* pgcat: the service runs the configuration of an examples folder; ${PWD}/ is ./ */
	one("docker-compose.yml", "services:\n  pgcat:\n    build: .\n    volumes:\n"
	    "      - \"${PWD}/examples/docker/pgcat.toml:/etc/pgcat/pgcat.toml\"\n", ROLE_DEV, "from examples/");
	one("docker-compose.yml", "services:\n  app:\n    build: .\n    volumes:\n      - ./config/app.toml:/etc/app.toml\n",
	    ROLE_RUNTIME, NULL);
	/* ErsatzTV: a build arg naming a development build */
	one("docker/docker-compose.yml", "services:\n  ersatztv:\n    build:\n      context: ..\n      args:\n"
	    "        INFO_VERSION: \"docker-compose-develop\"\n", ROLE_DEV, "build arg INFO_VERSION");
	one("compose.yaml", "services:\n  app:\n    build:\n      context: .\n      args:\n        - VERSION=1.2.3\n"
	    "        - DEVICE=/dev/dri\n", ROLE_RUNTIME, NULL);
	/* autobrr: a test database beside the app; a database named otherwise is no sign */
	one("docker-compose.yml", "services:\n  app:\n    build: .\n  postgres:\n    image: postgres:12.10\n"
	    "  test_postgres:\n    image: postgres:12.10\n", ROLE_DEV, "test_postgres (postgres:12.10) is a database for the tests");
	one("docker-compose.yml", "services:\n  app:\n    build: .\n  postgres:\n    image: postgres:12.10\n"
	    "  latest_cache:\n    image: redis:7.4.1\n", ROLE_RUNTIME, NULL);
	/* wallabag: the checkout bound over an image built elsewhere; read-only or a subfolder is no sign */
	one("compose.yaml", "services:\n  php:\n    build:\n      context: docker/php\n    volumes:\n      - .:/var/www/html\n",
	    ROLE_DEV, "mounts the repository's checkout");
	one("docker/compose.yaml", "services:\n  php:\n    build: ./php\n    volumes:\n      - ..:/var/www/html\n",
	    ROLE_DEV, "mounts the repository's checkout");
	one("docker/compose.yaml", "services:\n  php:\n    build: ./php\n    volumes:\n      - .:/etc/app\n", ROLE_RUNTIME, NULL);
	one("compose.yaml", "services:\n  php:\n    build: docker/php\n    volumes:\n      - .:/var/www/html:ro\n", ROLE_RUNTIME, NULL);
	one("compose.yaml", "services:\n  web:\n    image: nginx:1.27.3\n    volumes:\n      - .:/usr/share/nginx/html\n",
	    ROLE_RUNTIME, NULL);
	/* quickwit: stock images and a cloud emulator, no app of its own (a variable tag keeps the name) */
	one("docker-compose.yml", "services:\n  localstack:\n    image: localstack/localstack:${LOCALSTACK_VERSION:-3.5.0}\n"
	    "  postgres:\n    image: postgres:${POSTGRES_VERSION:-12.17-alpine}\n  grafana:\n    image: grafana/grafana-oss:10.4.1\n",
	    ROLE_DEV, "localstack (localstack/localstack:${LOCALSTACK_VERSION:-3.5.0}) is a local stand-in for a cloud service");
	one("compose.yaml", "services:\n  gcs:\n    image: fsouza/fake-gcs-server:1.47.7\n  pubsub:\n"
	    "    image: thekevjames/gcloud-pubsub-emulator:550.0.0\n", ROLE_DEV, "gcs (fsouza/fake-gcs-server:1.47.7)");
	/* a service that builds the app beside the emulator: the app runs in the stack */
	one("compose.yaml", "services:\n  app:\n    build: .\n  s3:\n    image: localstack/localstack:3.5.0\n", ROLE_RUNTIME, NULL);
	/* an image named "fakeroot-tools" is no fake of a service: the word stands alone */
	one("compose.yaml", "services:\n  tools:\n    image: acme/fakeroot-tools:1.0.0\n", ROLE_RUNTIME, NULL);
	/* coturn's fuzzing harness; lnbits' regtest network */
	one("fuzzing/Dockerfile", "FROM debian:12.8-slim\nCMD [\"/fuzz\"]\n", ROLE_TEST, "fuzzing");
	one("docker/regtest/docker-compose.yml", "services:\n  bitcoind:\n    image: boltz/bitcoin-core:24.0.1\n", ROLE_TEST,
	    "regtest");
	/* postal's CI stack: the app's environment variable set to test */
	one("docker-compose.yml", "services:\n  postal:\n    image: ${POSTAL_IMAGE}\n    environment:\n"
	    "      RAILS_ENVIRONMENT: test\n  mariadb:\n    image: mariadb\n", ROLE_TEST, "postal (RAILS_ENVIRONMENT)");
	one("compose.yaml", "services:\n  api:\n    image: x:1.2.3\n    environment:\n      - NODE_ENV=testing\n",
	    ROLE_TEST, "api (NODE_ENV=testing)");
	/* production, a variable, a name that is no environment's: runtime */
	one("compose.yaml", "services:\n  api:\n    image: x:1.2.3\n    environment:\n      NODE_ENV: production\n"
	    "      RUN_MODE: test\n      APP_ENV: ${APP_ENV:-test}\n", ROLE_RUNTIME, NULL);
	/* "speedtest", "latest": no test word; a service named test builds nothing of the kind */
	one("compose.yaml", "services:\n  test:\n    image: librespeed/speedtest:5.4\n  app:\n    build:\n"
	    "      context: .\n      dockerfile: Dockerfile.latest\n", ROLE_RUNTIME, NULL);
}

static void test_dev_debug_build(void **state)
{
	(void)state;
	one("docker/docker-compose.yml", LEMMY_DEV, ROLE_DEV, "service lemmy (RUST_LOG) builds this repository's source");
	one("docker/federation/docker-compose.yml", LEMMY_FEDERATION, ROLE_DEV, "service lemmy-alpha (RUST_LOG)");
	one("compose.yaml", "services:\n  web:\n    build: .\n    environment:\n      NODE_ENV: development\n",
	    ROLE_DEV, "web (NODE_ENV)");
	one("compose.yaml", "services:\n  api:\n    build: .\n    environment:\n      APP_LOG_LEVEL: DEBUG\n",
	    ROLE_DEV, "api (APP_LOG_LEVEL)");
	/* production log levels, a debug level on a pulled image, a variable: runtime */
	one("compose.yaml", "services:\n  lemmy:\n    build: .\n    environment:\n      - RUST_LOG=warn,lemmy_server=info\n",
	    ROLE_RUNTIME, NULL);
	one("compose.yaml", "services:\n  web:\n    build: .\n    environment:\n      NODE_ENV: production\n",
	    ROLE_RUNTIME, NULL);
	one("compose.yaml", "services:\n  lemmy:\n    image: dessalines/lemmy:0.19.14\n    environment:\n"
	    "      - RUST_LOG=debug\n", ROLE_RUNTIME, NULL);
	one("compose.yaml", "services:\n  web:\n    build: .\n    environment:\n      LOG_LEVEL: ${LOG_LEVEL:-debug}\n",
	    ROLE_RUNTIME, NULL);
	/* "debugger" is not the word debug */
	one("compose.yaml", "services:\n  web:\n    build: .\n    environment:\n      LOG_LEVEL: nodebugger\n",
	    ROLE_RUNTIME, NULL);
}

static void test_dev_gitpod_name(void **state)
{
	(void)state;
	one("docker-compose.gitpod.yaml", WOODPECKER_GITPOD, ROLE_DEV, "its name (docker-compose.gitpod.yaml) says development");
	one("Dockerfile.gitpod", APP, ROLE_DEV, "says development");
	/* a word inside another is not the word */
	one("docker-compose.gitpodish.yaml", WOODPECKER_GITPOD, ROLE_RUNTIME, NULL);
}

static void test_dev_bare_shell(void **state)
{
	(void)state;
	one("docker/Dockerfile.make", WOODPECKER_MAKE, ROLE_DEV, "bare shell");
	/* no toolchain kept, an EXPOSE, an ENTRYPOINT, a shell with a script: runtime */
	one("Dockerfile", "FROM alpine:3.20.3\nCMD [\"sh\"]\n", ROLE_RUNTIME, NULL);
	one("Dockerfile", "FROM alpine:3.20.3\nRUN apk add --no-cache gcc make\nEXPOSE 8080\nCMD [\"/bin/sh\"]\n",
	    ROLE_RUNTIME, NULL);
	one("Dockerfile", "FROM alpine:3.20.3\nRUN apk add --no-cache gcc make\nENTRYPOINT [\"/usr/bin/app\"]\n"
	    "CMD [\"sh\"]\n", ROLE_RUNTIME, NULL);
	one("Dockerfile", "FROM alpine:3.20.3\nRUN apk add --no-cache gcc make\nCMD [\"sh\", \"-c\", \"exec /usr/bin/app\"]\n",
	    ROLE_RUNTIME, NULL);
}

static void test_test_fixture_image(void **state)
{
	(void)state;
	one("backend/docker-compose.auth.yml", HEDGEDOC_LDAP, ROLE_TEST, "test fixture image");
	/* "contest" and "latest" are not the word test; a fixture beside the app is not every service */
	one("compose.yaml", "services:\n  ldap:\n    image: acme/contest-openldap:1.2.3\n", ROLE_RUNTIME, NULL);
	one("compose.yaml", "services:\n  ldap:\n    image: rroemhild/test-openldap\n  app:\n    image: acme/app:1.2.3\n",
	    ROLE_RUNTIME, NULL);
}

/*
 * Beyond revision 4 (tests/realworld/HOLDOUT3.md, "toolchain-image"):
 * miniflux's rpm builder, built by `make rpm` as miniflux-rpm-builder and
 * run once to produce packages, is a builder by its image's name.
 */
static const char *const MINIFLUX_MAKEFILE = "rpm: clean\n\t@ docker build \\\n\t\t-t miniflux-rpm-builder \\\n"
	"\t\t-f packaging/rpm/Dockerfile \\\n\t\t.\n\t@ docker run --rm miniflux-rpm-builder rpmbuild -bb x.spec\n";
static const char *const MINIFLUX_RPM = "FROM golang:1 AS build\nADD . /go/src/app\nRUN make miniflux\n"
	"FROM rockylinux:9\nRUN dnf install -y rpm-build systemd-rpm-macros\n"
	"COPY --from=build /go/src/app/miniflux /root/rpmbuild/SOURCES/miniflux\n";

static void test_builder_by_image_name(void **state)
{
	struct repo_case c;
	(void)state;
	rc_init(&c);
	project_read_script(&c.p, "Makefile", MINIFLUX_MAKEFILE, strlen(MINIFLUX_MAKEFILE));
	rc_add(&c, "packaging/rpm/Dockerfile", MINIFLUX_RPM);
	rc_run(&c);
	expect_role(&c, "packaging/rpm/Dockerfile", ROLE_BUILDER, "its image's name (miniflux-rpm-builder) says builder");
	rc_free(&c);
	/* "rebuilds" is not a builder word, so the same file named so stays runtime */
	rc_init(&c);
	project_read_script(&c.p, "Makefile", "img:\n\tdocker build -t acme/rebuilds -f packaging/rpm/Dockerfile .\n",
			    strlen("img:\n\tdocker build -t acme/rebuilds -f packaging/rpm/Dockerfile .\n"));
	rc_add(&c, "packaging/rpm/Dockerfile", MINIFLUX_RPM);
	rc_run(&c);
	expect_role(&c, "packaging/rpm/Dockerfile", ROLE_RUNTIME, NULL);
	rc_free(&c);
}

/*
 * Holdout 4 (homarr deployments/prebuilt-debian/Dockerfile, minimised): CI
 * builds it, runs it and `docker cp`s the compiled native module out; its
 * CMD only sleeps long enough for that.
 */
static void test_builder_sleeps_after_build(void **state)
{
	const char *homarr = "FROM node:24.18.0-trixie AS base\nWORKDIR /app\nCOPY package.json .\n"
			     "COPY pnpm-lock.yaml .\nRUN corepack enable pnpm && pnpm install --frozen-lockfile\n"
			     "CMD [\"sleep\", \"60s\"]\n";
	(void)state;
	one("deployments/prebuilt-debian/Dockerfile", homarr, ROLE_BUILDER, "only sleeps a while after a RUN installs or builds");
	one("Dockerfile", "FROM golang:1.22.5\nCOPY . /src\nRUN go build -o /out/app ./cmd/app\nCMD sleep 300\n",
	    ROLE_BUILDER, "copy the build's output from");
	/* a sleep with nothing built, one that EXPOSEs, an ENTRYPOINT, or a loop around the sleep: runtime */
	one("Dockerfile", "FROM ubuntu:24.04\nCMD [\"sleep\", \"60s\"]\n", ROLE_RUNTIME, NULL);
	one("Dockerfile", "FROM node:22.12.0-slim\nCOPY . /app\nRUN npm ci\nEXPOSE 3000\nCMD [\"sleep\", \"60\"]\n",
	    ROLE_RUNTIME, NULL);
	one("Dockerfile", "FROM node:22.12.0-slim\nCOPY . /app\nRUN npm ci\nENTRYPOINT [\"/app/run.sh\"]\nCMD [\"sleep\", \"60\"]\n",
	    ROLE_RUNTIME, NULL);
	one("Dockerfile", "FROM node:22.12.0-slim\nCOPY . /app\nRUN npm ci\nCMD node sync.js && sleep 60\n",
	    ROLE_RUNTIME, NULL);
	one("Dockerfile", "FROM node:22.12.0-slim\nCOPY . /app\nRUN npm ci\nCMD [\"sleep\", \"1x\"]\n", ROLE_RUNTIME, NULL);
}

static void test_published(void **state)
{
	struct repo_case c;
	struct project_ref *r;
	(void)state;
	rc_init(&c);
	r = project_new_ref(&c.p, PSRC_WORKFLOW, ".github/workflows/release.yml:12");
	r->dockerfile = xstrdup("docker/Dockerfile.dev");
	r->pushed = 1;
	r = project_new_ref(&c.p, PSRC_SCRIPT, "Makefile:3");
	r->dockerfile = xstrdup("base/Dockerfile");
	r->pushed = 1;
	plist_add(&r->tags, &r->ntags, xstrdup("acme/base:1.0.0"));
	r = project_new_ref(&c.p, PSRC_WORKFLOW, ".github/workflows/dev.yml:9");
	r->dockerfile = xstrdup(".devcontainer/Dockerfile");
	r->pushed = 1;
	r = project_new_ref(&c.p, PSRC_WORKFLOW, ".github/workflows/ci.yml:9");
	r->dockerfile = xstrdup("tests/Dockerfile");
	r->pushed = 0;
	/* published ships whatever its name says */
	rc_add(&c, "docker/Dockerfile.dev", APP);
	/* ... and is a base when another Dockerfile builds on it */
	rc_add(&c, "base/Dockerfile", APP);
	rc_add(&c, "svc/Dockerfile", "FROM acme/base:1.0.0\n");
	/* a published dev image stays dev */
	rc_add(&c, ".devcontainer/Dockerfile", APP);
	/* built but not pushed: the other rules */
	rc_add(&c, "tests/Dockerfile", APP);
	rc_run(&c);
	expect_role(&c, "docker/Dockerfile.dev", ROLE_RUNTIME, "built and pushed by .github/workflows/release.yml:12");
	expect_role(&c, "base/Dockerfile", ROLE_BASE, "built FROM by svc/Dockerfile");
	expect_role(&c, ".devcontainer/Dockerfile", ROLE_DEV, "published development image");
	expect_role(&c, "tests/Dockerfile", ROLE_TEST, NULL);
	rc_free(&c);
}

/*
 * Beyond revision 4 (tests/realworld/HOLDOUT.md, "role-ci"): lldap's CI
 * toolchain image, pushed by a Makefile target and run only as a workflow
 * job's container, is test, not runtime; the same image pushed from outside
 * a CI folder, or not used as a container, stays published.
 */
static const char *const LLDAP_MAKEFILE = "build-dev-container:\n"
	"\tdocker buildx build --tag lldap/rust-dev --file .github/workflows/Dockerfile.dev --push .github/workflows\n";
static const char *const LLDAP_WORKFLOW = "on: [push]\njobs:\n  build-ui:\n    runs-on: ubuntu-latest\n"
	"    container:\n      image: lldap/rust-dev:latest\n    steps:\n      - run: ./app/build.sh\n";
static const char *const RUST_DEV = "FROM rust:1.85\nRUN apt-get update && apt-get install -y make pkg-config\n"
	"CMD [\"bash\"]\n";

/*
 * Beyond revision 4 (HOLDOUT12.md, pgcat): a Dockerfile named for CI, pushed by
 * a workflow and run as a CircleCI executor (or GitLab CI's image), is the CI's
 * toolchain wherever it sits; the runtime image beside it stays published.
 */
static void test_ci_executor_image(void **state)
{
	static const char wf[] = "on: [push]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n"
				 "      - run: |\n          docker build . -f Dockerfile.ci --tag ghcr.io/acme/pgcat-ci:latest\n"
				 "          docker push ghcr.io/acme/pgcat-ci:latest\n"
				 "          docker build . -f Dockerfile --tag ghcr.io/acme/pgcat:latest\n"
				 "          docker push ghcr.io/acme/pgcat:latest\n";
	static const char circle[] = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: ghcr.io/acme/pgcat-ci:latest\n"
				     "      - image: postgres:14\n    steps:\n      - checkout\n";
	static const char gitlab[] = "image: ghcr.io/acme/pgcat-ci:latest\ntest:\n  script: [cargo test]\n";
	for (int k = 0; k < 3; k++) {
		struct repo_case c;
		rc_init(&c);
		project_read_workflow(&c.p, ".github/workflows/publish.yml", wf, strlen(wf));
		if (k == 0)
			project_read_ci_config(&c.p, ".circleci/config.yml", circle, strlen(circle));
		else if (k == 1)
			project_read_ci_config(&c.p, ".gitlab-ci.yml", gitlab, strlen(gitlab));
		rc_add(&c, "Dockerfile.ci", RUST_DEV);
		rc_add(&c, "Dockerfile", "FROM rust:1.85\nCMD [\"pgcat\"]\n");
		rc_run(&c);
		if (k < 2)
			expect_role(&c, "Dockerfile.ci", ROLE_TEST, "named Dockerfile.ci, and its image ghcr.io/acme/pgcat-ci is a CI job's container");
		else    /* no CI job runs in it */
			expect_role(&c, "Dockerfile.ci", ROLE_RUNTIME, "built and pushed by");
		expect_role(&c, "Dockerfile", ROLE_RUNTIME, "built and pushed by");
		rc_free(&c);
	}
	(void)state;
}

static void test_published_ci_container(void **state)
{
	struct repo_case c;
	(void)state;
	rc_init(&c);
	project_read_script(&c.p, "Makefile", LLDAP_MAKEFILE, strlen(LLDAP_MAKEFILE));
	project_read_workflow(&c.p, ".github/workflows/docker-build-static.yml", LLDAP_WORKFLOW,
			      strlen(LLDAP_WORKFLOW));
	rc_add(&c, ".github/workflows/Dockerfile.dev", RUST_DEV);
	rc_run(&c);
	expect_role(&c, ".github/workflows/Dockerfile.dev", ROLE_TEST,
		    "its image lldap/rust-dev is a CI job's container (published by Makefile:2)");
	rc_free(&c);

	/* pushed from a folder that is no CI folder: published, runtime */
	rc_init(&c);
	{
		static const char *const mk = "x:\n\tdocker buildx build --tag lldap/rust-dev --file "
					      "docker/Dockerfile.rust --push .\n";
		project_read_script(&c.p, "Makefile", mk, strlen(mk));
	}
	project_read_workflow(&c.p, ".github/workflows/b.yml", LLDAP_WORKFLOW, strlen(LLDAP_WORKFLOW));
	rc_add(&c, "docker/Dockerfile.rust", RUST_DEV);
	rc_run(&c);
	expect_role(&c, "docker/Dockerfile.rust", ROLE_RUNTIME, "built and pushed by Makefile:2");
	rc_free(&c);

	/* under .github/ but no job runs in it: published, runtime */
	rc_init(&c);
	project_read_script(&c.p, "Makefile", LLDAP_MAKEFILE, strlen(LLDAP_MAKEFILE));
	rc_add(&c, ".github/workflows/Dockerfile.dev", RUST_DEV);
	rc_run(&c);
	expect_role(&c, ".github/workflows/Dockerfile.dev", ROLE_RUNTIME, "built and pushed by Makefile:2");
	rc_free(&c);
}

static void test_configured(void **state)
{
	struct repo_case c;
	(void)state;
	/* the pragma beats every other rule; an unknown role is no pragma */
	one(".devcontainer/Dockerfile", "# syntax=docker/dockerfile:1\n# berth role=runtime\nFROM alpine:3.19.1\n",
	    ROLE_RUNTIME, "# berth role=runtime");
	one("Dockerfile", "FROM alpine:3.19.1\n  # berth role=builder\n", ROLE_BUILDER, "configured");
	one("Dockerfile.test", "# berth role=prod\nFROM alpine:3.19.1\n", ROLE_TEST, NULL);
	one("compose.yaml", "# berth role=test\nservices:\n  a:\n    image: x\n", ROLE_TEST, "configured");
	/* Compose: only at the top level */
	one("compose.yaml", "services:\n  a:\n    # berth role=test\n    image: x\n", ROLE_RUNTIME, NULL);
	/* .berth.yaml roles: the first matching glob */
	rc_init(&c);
	c.cfg.roles = xcalloc(2, sizeof(*c.cfg.roles));
	c.cfg.roles[0] = (struct config_role){ xstrdup("deploy/**"), ROLE_RUNTIME };
	c.cfg.roles[1] = (struct config_role){ xstrdup("**/Dockerfile.*"), ROLE_TEST };
	c.cfg.nroles = 2;
	rc_add(&c, "deploy/dev/Dockerfile.local", APP);
	rc_add(&c, "x/Dockerfile.prod", APP);
	rc_add(&c, "x/Dockerfile", APP);
	rc_run(&c);
	expect_role(&c, "deploy/dev/Dockerfile.local", ROLE_RUNTIME, "roles \"deploy/**\"");
	expect_role(&c, "x/Dockerfile.prod", ROLE_TEST, "roles \"**/Dockerfile.*\"");
	expect_role(&c, "x/Dockerfile", ROLE_RUNTIME, "nothing marks it");
	rc_free(&c);
}

static void test_order(void **state)
{
	(void)state;
	/* dev (rule 4) before test (rule 5) before builder (6) before base (7) */
	one(".devcontainer/Dockerfile.test", APP, ROLE_DEV, NULL);
	one("tests/Dockerfile.build", APP, ROLE_TEST, NULL);
	one("Dockerfile.build-base", APP, ROLE_BUILDER, NULL);
	one("base/Dockerfile.dev", APP, ROLE_DEV, NULL);
}

static void test_compose_profile(void **state)
{
	struct repo_case c;
	(void)state;
	rc_init(&c);
	c.cfg.profile = PROFILE_DEVELOPMENT;
	rc_add(&c, "compose.yaml", "services:\n  a:\n    image: x\n");
	rc_add(&c, "prod/compose.yaml", "# berth role=runtime\nservices:\n  a:\n    image: x\n");
	rc_run(&c);
	expect_role(&c, "compose.yaml", ROLE_DEV, "compose-profile: development");
	expect_role(&c, "prod/compose.yaml", ROLE_RUNTIME, "configured");
	rc_free(&c);
	/* production: rules 4-5 off for Compose files (Dockerfiles keep them) */
	rc_init(&c);
	c.cfg.profile = PROFILE_PRODUCTION;
	rc_add(&c, "docker-compose.dev.yml", "services:\n  a:\n    image: x\n");
	rc_add(&c, "Dockerfile.dev", APP);
	rc_run(&c);
	expect_role(&c, "docker-compose.dev.yml", ROLE_RUNTIME, NULL);
	expect_role(&c, "Dockerfile.dev", ROLE_DEV, NULL);
	rc_free(&c);
	/* Compose files are never builder or base */
	one("build/compose.yaml", "services:\n  a:\n    image: x\n", ROLE_RUNTIME, NULL);
}

static void test_templates(void **state)
{
	static const char *const yes[] = { "Dockerfile.j2", "compose.yaml.jinja", "Dockerfile.jinja2", "x.tmpl",
		"Dockerfile.tpl", "a.template", "Dockerfile.in", "Dockerfile.erb", "x.mustache", "x.hbs", "x.gotmpl",
		"compose.yml.sample", "Dockerfile.example", "Dockerfile.orig", "Dockerfile.bak", "Dockerfile.rej",
		".Dockerfile.swp", "Dockerfile~", NULL };
	static const char *const no[] = { "Dockerfile", "Dockerfile.prod", "compose.yaml", "Dockerfile.j2.prod",
		"Dockerfile.int", NULL };
	(void)state;
	for (size_t i = 0; yes[i]; i++)
		if (!role_template_name(yes[i]))
			fail_msg("%s is a template", yes[i]);
	for (size_t i = 0; no[i]; i++)
		if (role_template_name(no[i]))
			fail_msg("%s is no template", no[i]);
}

/* ---- the role table applied to findings ---- */

static void judged(struct file_result *r, const char *path, enum filekind kind, const char *text,
		   enum role role, int by_name, int ctx_unknown)
{
	struct audit a;
	struct text t;
	text_init(&t, text, strlen(text));
	audit_init(&a, r, path, kind, &t, NULL);
	audit_set_role(&a, role, "why", by_name, ctx_unknown);
	if (kind == KIND_DOCKERFILE) {
		audit_add(&a, ITEM_SEC_NON_ROOT, SEV_WARNING, "no-user", 0, 4, FIX_AUTO, "root");
		audit_add(&a, ITEM_SIZE_NO_PKG_CACHE, SEV_WARNING, "pip-cache", 0, 4, FIX_AUTO, "cache");
		audit_add(&a, ITEM_PERF_MULTI_STAGE, SEV_WARNING, "build-in-final", 0, 4, FIX_NONE, "ms");
		audit_add(&a, ITEM_SEC_PINNED_BASE, SEV_ERROR, "latest", 0, 4, FIX_VALUE, "latest");
		audit_add(&a, ITEM_SEC_NO_SECRETS, SEV_ERROR, "secret-value", 0, 4, FIX_NONE, "key");
		audit_add(&a, ITEM_SEC_NO_SECRETS, SEV_WARNING, "secret-name", 0, 4, FIX_NONE, "name");
		audit_add(&a, ITEM_CORR_PITFALLS, SEV_ERROR, "apt-no-y", 0, 4, FIX_NONE, "apt");
		audit_add(&a, ITEM_CORR_PITFALLS, SEV_WARNING, "sudo", 0, 4, FIX_NONE, "sudo");
		audit_add(&a, ITEM_CORR_PARSE, SEV_ERROR, "unknown-instruction", 0, 4, FIX_NONE, "parse");
		audit_add(&a, ITEM_PERF_DOCKERIGNORE, SEV_WARNING, "no-dockerignore", 0, 4, FIX_AUTO, "ignore");
	} else {
		audit_add(&a, ITEM_COMPOSE_CAP_DROP, SEV_WARNING, "cap-drop", 0, 4, FIX_AUTO, "caps");
		audit_add(&a, ITEM_COMPOSE_PARSE, SEV_ERROR, "duplicate-key", 0, 4, FIX_NONE, "dup");
	}
	check_finish(&a);
	text_free(&t);
}

static void test_table_runtime_dev(void **state)
{
	struct file_result r;
	(void)state;
	judged(&r, "Dockerfile", KIND_DOCKERFILE, "FROM x\n", ROLE_RUNTIME, 0, 0);
	assert_status(&r, "sec.non-root", "fail");
	assert_status(&r, "size.no-pkg-cache", "fail");
	assert_status(&r, "perf.dockerignore", "fail");
	assert_string_equal(r.role_reason, "why");
	file_result_free(&r);
	judged(&r, "Dockerfile", KIND_DOCKERFILE, "FROM x\n", ROLE_DEV, 0, 0);
	/* info: kept, and the item passes */
	assert_status(&r, "sec.non-root", "pass");
	assert_int_equal(finding_of(&r, "sec.non-root", NULL)->sev, SEV_INFO);
	assert_status(&r, "sec.pinned-base", "pass");
	assert_status(&r, "perf.multi-stage", "pass");
	assert_status(&r, "corr.pitfalls", "fail");     /* its errors stay as written ... */
	assert_int_equal(finding_of(&r, "corr.pitfalls", "sudo")->sev, SEV_INFO);      /* ... its warnings do not */
	assert_status(&r, "corr.parse", "fail");
	assert_status(&r, "sec.no-secrets", "fail");    /* a known key format, whatever the role */
	assert_int_equal(finding_of(&r, "sec.no-secrets", "secret-name")->sev, SEV_INFO);
	file_result_free(&r);
	judged(&r, "compose.yaml", KIND_COMPOSE, "services: {}\n", ROLE_TEST, 0, 0);
	assert_status(&r, "compose.cap-drop", "pass");
	assert_status(&r, "compose.parse", "fail");
	file_result_free(&r);
}

static void test_table_base_builder(void **state)
{
	struct file_result r;
	(void)state;
	judged(&r, "Dockerfile", KIND_DOCKERFILE, "FROM x\n", ROLE_BASE, 0, 0);
	assert_status(&r, "sec.non-root", "n/a");       /* the image built on it decides */
	assert_null(finding_of(&r, "sec.non-root", NULL));
	assert_status(&r, "perf.multi-stage", "n/a");
	assert_status(&r, "size.no-pkg-cache", "fail");
	assert_status(&r, "sec.pinned-base", "fail");
	file_result_free(&r);
	judged(&r, "Dockerfile", KIND_DOCKERFILE, "FROM x\n", ROLE_BASE, 1, 0);
	assert_status(&r, "size.no-pkg-cache", "pass");  /* a base by name only: info */
	assert_int_equal(finding_of(&r, "size.no-pkg-cache", NULL)->sev, SEV_INFO);
	file_result_free(&r);
	judged(&r, "Dockerfile", KIND_DOCKERFILE, "FROM x\n", ROLE_BUILDER, 0, 0);
	assert_status(&r, "size.no-pkg-cache", "n/a");
	assert_status(&r, "sec.non-root", "n/a");
	/*
	 * beyond revision 4 (REVIEW N6, outline's Dockerfile.base): a builder is
	 * the first stage of a multi-stage build written as two files
	 */
	assert_status(&r, "perf.multi-stage", "n/a");
	assert_status(&r, "sec.pinned-base", "fail");
	file_result_free(&r);
}

static void test_table_context_unknown(void **state)
{
	struct file_result r;
	const struct finding *f;
	(void)state;
	judged(&r, "Dockerfile", KIND_DOCKERFILE, "FROM x\n", ROLE_RUNTIME, 0, 1);
	assert_status(&r, "perf.dockerignore", "pass");
	f = finding_of(&r, "perf.dockerignore", NULL);
	assert_int_equal(f->sev, SEV_INFO);
	assert_non_null(strstr(f->message, "berth cannot tell the build context"));
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
}

/*
 * Beyond CHECKLIST.md revision 4 (tests/realworld/HOLDOUT5.md, pattern 1):
 * a Compose file that bind-mounts files from a development folder runs
 * development configuration (hatchet's docker-compose.infra.yml mounts
 * ./hack/dev/prometheus.yml). The folder, not the file's own name, counts.
 */
static void test_dev_mount(void **state)
{
	(void)state;
	one("docker-compose.infra.yml", "services:\n  prometheus:\n    image: prom/prometheus:v2.51.0\n"
	    "    volumes:\n      - ./hack/dev/prometheus.yml:/etc/prometheus/prometheus.yml\n",
	    ROLE_DEV, "mounts ./hack/dev/prometheus.yml from dev/");
	one("compose.yaml", "services:\n  web:\n    image: acme/web:1.2.3\n    volumes:\n"
	    "      - type: bind\n        source: ../.devcontainer/init.sql\n        target: /init.sql\n",
	    ROLE_DEV, "from .devcontainer/");
	/* a production config folder, a named volume, a file whose own name says local: runtime */
	one("compose.yaml", "services:\n  web:\n    image: acme/web:1.2.3\n    volumes:\n"
	    "      - ./config/nginx.conf:/etc/nginx/nginx.conf:ro\n      - data:/data\n      - ./local.env:/app/.env\n"
	    "volumes:\n  data:\n", ROLE_RUNTIME, NULL);
	one("compose.yaml", "services:\n  web:\n    image: acme/web:1.2.3\n    volumes:\n"
	    "      - /srv/dev/data:/data\n      - ./local-storage/db/data:/var/lib/db\n", ROLE_RUNTIME, NULL);
}

/*
 * Beyond revision 4 (HOLDOUT5.md, pattern 2): an overlay only ever run with
 * a development file takes its role (hatchet's docker-compose.release.yml,
 * run by CI as `-f docker-compose.yml -f docker-compose.release.yml`, where
 * docker-compose.yml mounts ./hack/dev/nats-server.conf).
 */
static const char *const HATCHET_DEV = "services:\n  nats:\n    image: nats:2.14.3-alpine\n    volumes:\n"
	"      - ./hack/dev/nats-server.conf:/etc/nats/nats-server.conf:ro\n";
static const char *const HATCHET_WF =
	"jobs:\n  old-engine:\n    steps:\n      - name: Pull\n        run: docker compose -f docker-compose.yml -f "
	"docker-compose.release.yml pull hatchet-engine\n      - run: |\n          TOKEN=$(docker compose -f "
	"docker-compose.yml -f docker-compose.release.yml run -T --rm \\\n            hatchet-admin token)\n";

static void test_dev_paired_overlay(void **state)
{
	struct repo_case c;
	(void)state;
	rc_init(&c);
	project_read_workflow(&c.p, ".github/workflows/sdk.yml", HATCHET_WF, strlen(HATCHET_WF));
	rc_add(&c, "docker-compose.yml", HATCHET_DEV);
	rc_add(&c, "docker-compose.release.yml", STACK);
	rc_run(&c);
	expect_role(&c, "docker-compose.yml", ROLE_DEV, "hack/dev");
	expect_role(&c, "docker-compose.release.yml", ROLE_DEV,
		    "only ever run together with docker-compose.yml (dev), e.g. .github/workflows/sdk.yml:5 (job old-engine)");
	rc_free(&c);
}

/*
 * Beyond revision 4 (HOLDOUT12.md, openmrs): a README whose shell blocks run
 * a file only together with a development file pairs it too; a README that
 * also runs it alone, or a command outside a code block, does not.
 */
static void test_dev_paired_by_readme(void **state)
{
	static const char *const readmes[] = {
		"# Run\n\n```bash\n$ docker compose -f docker-compose.yml -f docker-compose.release.yml up\n```\n",
		"```\ndocker compose -f docker-compose.yml -f docker-compose.release.yml up\ndocker compose -f "
		"docker-compose.release.yml up -d\n```\n",
		"Run docker compose -f docker-compose.yml -f docker-compose.release.yml up\n",
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(readmes); i++) {
		struct repo_case c;
		rc_init(&c);
		project_read_doc(&c.p, "README.md", readmes[i], strlen(readmes[i]));
		rc_add(&c, "docker-compose.yml", HATCHET_DEV);
		rc_add(&c, "docker-compose.release.yml", STACK);
		rc_run(&c);
		if (i == 0)
			expect_role(&c, "docker-compose.release.yml", ROLE_DEV, "only ever run together with docker-compose.yml (dev), e.g. README.md:4");
		else
			expect_role(&c, "docker-compose.release.yml", ROLE_RUNTIME, NULL);
		rc_free(&c);
	}
}

/*
 * Beyond revision 4 (HOLDOUT11.md, ErsatzTV): docker-compose.vaapi.yml beside
 * docker-compose.yml, every service of it one of the base's, is an overlay
 * and takes the base's dev role; a file with a service of its own, or whose
 * base is runtime, keeps runtime.
 */
static void test_dev_overlay_by_name(void **state)
{
	static const char base[] = "services:\n  tv:\n    build:\n      context: ..\n      args:\n"
				   "        INFO_VERSION: docker-compose-develop\n";
	static const char vaapi[] = "services:\n  tv:\n    devices:\n      - /dev/dri/renderD128:/dev/dri/renderD128\n";
	static const char extra[] = "services:\n  tv:\n    privileged: true\n  db:\n    image: postgres:17.2\n";
	struct memfs *m = memfs_new();
	struct fsview view;
	char *paths[] = { "docker/docker-compose.yml", "docker/docker-compose.vaapi.yml", "docker/docker-compose.extra.yml",
			  "deploy/compose.yaml", "deploy/compose.gpu.yaml" };
	(void)state;
	memfs_add(m, paths[0], base, 1);
	memfs_add(m, paths[1], vaapi, 1);
	memfs_add(m, paths[2], extra, 1);
	memfs_add(m, paths[3], "services:\n  tv:\n    image: acme/tv:1.2.3\n", 1);
	memfs_add(m, paths[4], vaapi, 1);
	memfs_view(m, &view);
	{
		struct repo_case c;
		rc_init(&c);
		project_read(&c.p, &view, paths, ARRAY_SIZE(paths));
		rc_add(&c, paths[0], base);
		rc_add(&c, paths[1], vaapi);
		rc_add(&c, paths[2], extra);
		rc_add(&c, paths[3], "services:\n  tv:\n    image: acme/tv:1.2.3\n");
		rc_add(&c, paths[4], vaapi);
		rc_run(&c);
		expect_role(&c, paths[1], ROLE_DEV, "an overlay: every service of it is one of docker/docker-compose.yml's");
		expect_role(&c, paths[2], ROLE_RUNTIME, NULL);
		expect_role(&c, paths[4], ROLE_RUNTIME, NULL);
		rc_free(&c);
	}
	memfs_free(m);
}

static void test_dev_paired_overlay_vetoed(void **state)
{
	static const struct { const char *path, *text, *overlay; } refs[] = {
		/* run once alone, or over a runtime file */
		{ "deploy.sh", "docker compose -f docker-compose.release.yml up -d\n", "docker-compose.release.yml" },
		{ "Makefile", "up:\n\tdocker compose -f compose.base.yml -f docker-compose.release.yml up -d\n",
		  "docker-compose.release.yml" },
		/* named by a README */
		{ "README.md", "Run `docker-compose.release.yml` with your settings.\n", "docker-compose.release.yml" },
		/* a name saying it deploys */
		{ "", "", "docker-compose.prod.yml" },
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(refs); i++) {
		struct repo_case c;
		char wf[512];
		snprintf(wf, sizeof(wf), "jobs:\n  up:\n    steps:\n      - run: docker compose -f docker-compose.yml -f %s up\n",
			 refs[i].overlay);
		rc_init(&c);
		project_read_workflow(&c.p, ".github/workflows/sdk.yml", wf, strlen(wf));
		if (str_ends(refs[i].path, ".md"))
			project_read_doc(&c.p, refs[i].path, refs[i].text, strlen(refs[i].text));
		else if (*refs[i].path)
			project_read_script(&c.p, refs[i].path, refs[i].text, strlen(refs[i].text));
		rc_add(&c, "docker-compose.yml", HATCHET_DEV);
		rc_add(&c, "compose.base.yml", STACK);
		rc_add(&c, refs[i].overlay, STACK);
		rc_run(&c);
		expect_role(&c, refs[i].overlay, ROLE_RUNTIME, NULL);
		rc_free(&c);
	}
}

/*
 * Beyond revision 4 (HOLDOUT5.md): Taskfile tasks name Compose files as
 * Makefile targets do - a test task alone makes the file test, any other
 * task runs it for real.
 */
static void test_taskfile_mentions(void **state)
{
	const char *tf = "version: '3'\ntasks:\n  test:e2e:\n    cmds:\n      - docker compose -f tools/compose.stack.yml up -d\n"
			 "      - go test ./e2e/...\n  up:\n    dir: deploy\n    cmd: docker compose -f compose.prod.yml up -d\n";
	struct repo_case c;
	(void)state;
	rc_init(&c);
	project_read_taskfile(&c.p, "Taskfile.yml", "", tf, strlen(tf));
	rc_add(&c, "tools/compose.stack.yml", STACK);
	rc_add(&c, "deploy/compose.prod.yml", STACK);
	rc_add(&c, "other/compose.stack.yml", STACK);
	rc_run(&c);
	expect_role(&c, "tools/compose.stack.yml", ROLE_TEST, "Taskfile.yml:5 (task test:e2e)");
	expect_role(&c, "deploy/compose.prod.yml", ROLE_RUNTIME, NULL);
	rc_free(&c);
	/* the same file named by the `up` task too: run for real */
	{
		const char *tf2 = "tasks:\n  test:\n    cmds:\n      - docker compose -f compose.stack.yml up\n"
				  "  up:\n    cmds:\n      - cmd: docker compose -f compose.stack.yml up -d\n";
		rc_init(&c);
		project_read_taskfile(&c.p, "Taskfile.yml", "", tf2, strlen(tf2));
		rc_add(&c, "compose.stack.yml", STACK);
		rc_run(&c);
		expect_role(&c, "compose.stack.yml", ROLE_RUNTIME, NULL);
		rc_free(&c);
	}
}

/*
 * Beyond revision 4 (HOLDOUT5.md's role audit): benchmark and load-test
 * harnesses, test doubles and coverage builds are test; a profiling build
 * is dev, as a debug build is.
 */
static void test_audit_words(void **state)
{
	(void)state;
	one("packages/benchmarks/docker-compose.yml", STACK, ROLE_TEST, "under benchmarks/");
	one("build/package/loadtest.dockerfile", APP, ROLE_TEST, "says test");
	one("Dockerfile.coverage", APP, ROLE_TEST, "says test");
	one("docker/dummy/oidc/Dockerfile", APP, ROLE_TEST, "under dummy/");
	one("test/mocks/api/Dockerfile", APP, ROLE_TEST, NULL);
	one("deploy/build/Dockerfile.profiling.amd64", APP, ROLE_DEV, "says development");
	/* whole words only */
	one("services/benchmarking-ui/Dockerfile", APP, ROLE_RUNTIME, NULL);
	one("dummyapp/Dockerfile", APP, ROLE_RUNTIME, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dev),
		cmocka_unit_test(test_dev_backing_services),
		cmocka_unit_test(test_dev_demo_debug),
		cmocka_unit_test(test_dev_checkout_tool),
		cmocka_unit_test(test_dev_beside_source),
		cmocka_unit_test(test_dev_reference),
		cmocka_unit_test(test_test),
		cmocka_unit_test(test_test_by_references),
		cmocka_unit_test(test_test_by_references_vetoed),
		cmocka_unit_test(test_builder),
		cmocka_unit_test(test_builder_through_source_stage),
		cmocka_unit_test(test_base),
		cmocka_unit_test(test_dev_debug_build),
		cmocka_unit_test(test_dev_source_mount),
		cmocka_unit_test(test_readme_beside),
		cmocka_unit_test(test_compose_dev_context_test_harness),
		cmocka_unit_test(test_dev_gitpod_name),
		cmocka_unit_test(test_built_only_by_dev),
		cmocka_unit_test(test_emulator_beside_own_image),
		cmocka_unit_test(test_vs_tooling_runner),
		cmocka_unit_test(test_root_image_without_command),
		cmocka_unit_test(test_dev_bare_shell),
		cmocka_unit_test(test_test_fixture_image),
		cmocka_unit_test(test_builder_by_image_name),
		cmocka_unit_test(test_builder_sleeps_after_build),
		cmocka_unit_test(test_published),
		cmocka_unit_test(test_published_ci_container),
		cmocka_unit_test(test_ci_executor_image),
		cmocka_unit_test(test_configured),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_compose_profile),
		cmocka_unit_test(test_templates),
		cmocka_unit_test(test_table_runtime_dev),
		cmocka_unit_test(test_table_base_builder),
		cmocka_unit_test(test_table_context_unknown),
		cmocka_unit_test(test_dev_mount),
		cmocka_unit_test(test_dev_paired_overlay),
		cmocka_unit_test(test_dev_paired_overlay_vetoed),
		cmocka_unit_test(test_dev_paired_by_readme),
		cmocka_unit_test(test_dev_overlay_by_name),
		cmocka_unit_test(test_taskfile_mentions),
		cmocka_unit_test(test_audit_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
