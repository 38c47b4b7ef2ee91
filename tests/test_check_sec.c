/* Security items of CHECKLIST.md on small inline Dockerfiles. */
#include "test_check_util.h"

#include "dfcheck.h"
#include "dockerfile.h"

/* `FROM <image>` alone: the pinned-base finding's severity, or "pass". */
static void expect_pin(const char *image, const char *want)
{
	struct file_result r;
	char buf[512];
	const struct finding *f;
	snprintf(buf, sizeof(buf), "FROM %s\nUSER app\n", image);
	df_audit(&r, buf);
	f = finding_of(&r, "sec.pinned-base", NULL);
	if (strcmp(want, "pass") == 0 ? f != NULL : (!f || strcmp(sev_name(f->sev), want) != 0)) {
		dump_result(&r);
		fail_msg("%s: expected %s", image, want);
	}
	if (f) {
		assert_int_equal(f->line, 1);
		assert_int_equal(f->col, 6);
		assert_int_equal(f->fix, FIX_VALUE);
	}
	file_result_free(&r);
}

static void test_pinned_tags(void **state)
{
	(void)state;
	expect_pin("python", "error");
	expect_pin("python:latest", "error");
	expect_pin("python:3.11-slim", "warning");
	expect_pin("python:3.11-alpine3.19.1", "warning");
	/*
	 * A pinned tag starts with its version (CHECKLIST.md revision 4, Terms):
	 * a full version after a flavour prefix (vaultwarden's rust-musl build
	 * images) is a warning by that rule.
	 */
	expect_pin("ghcr.io/blackdex/rust-musl:x86_64-musl-stable-1.97.1", "warning");
	expect_pin("linuxserver/nginx:version-1.24.0", "warning");
	/* moving words alone, or with a short version or a distribution's version, still move */
	expect_pin("ghcr.io/blackdex/rust-musl:x86_64-musl-stable", "warning");
	expect_pin("nginx:stable-alpine", "warning");
	expect_pin("nginx:stable-alpine3.19.1", "warning");
	expect_pin("nginx:mainline-1.25", "warning");
	expect_pin("postgis/postgis:16-3.4.2", "warning");
	expect_pin("minio/minio:edge", "warning");
	expect_pin("node:20", "warning");
	expect_pin("debian:bookworm", "warning");
	expect_pin("node:lts", "warning");
	expect_pin("gcr.io/distroless/static-debian12:nonroot", "warning");
	expect_pin("python:3.11.11-slim", "pass");
	expect_pin("node:20.11.1-alpine3.19", "pass");
	expect_pin("ubuntu:22.04.5", "pass");
	expect_pin("traefik:v2.10.4", "pass");
	expect_pin("debian:bookworm-20240311-slim", "pass");
	expect_pin("ubuntu:jammy-20240911.1", "pass");
	/* a YYYY-MM-DD date is a date stamp (MinIO's RELEASE tags, HOLDOUT15.md); not a version, a bad month, a longer number */
	expect_pin("minio/mc:RELEASE.2025-08-13T08-35-41Z", "pass");
	expect_pin("acme/app:nightly-2024-03-11", "pass");
	expect_pin("acme/app:2-10-1", "warning");
	expect_pin("acme/app:nightly-2024-13-11", "warning");
	expect_pin("acme/app:build-12024-03-11", "warning");
	expect_pin("acme/app:1990-01-0", "warning");
	expect_pin("python@sha256:0123456789abcdef", "pass");
	expect_pin("python:3.11-slim@sha256:0123456789abcdef", "pass");
	expect_pin("localhost:5000/team/app:1.2.3", "pass");
	expect_pin("localhost:5000/team/app", "error");
	/* two-part releases of debian, ubuntu and postgres */
	expect_pin("debian:12.5-slim", "info");
	expect_pin("ubuntu:22.04", "info");
	expect_pin("postgres:16.2", "info");
	expect_pin("postgres:16.2-alpine", "info");
	expect_pin("docker.io/library/postgres:16.2", "info");
	expect_pin("postgres:16", "warning");
	/* PostgreSQL before 10 released in three parts (9.5.21): 9.5 is a line that moves (HOLDOUT15.md, Kong) */
	expect_pin("postgres:9.5", "warning");
	expect_pin("postgres:9.6-alpine", "warning");
	expect_pin("postgres:9.6.24", "pass");
	expect_pin("postgres:10.23", "info");
	expect_pin("python:3.11", "warning");
}

static void test_pinned_status(void **state)
{
	struct file_result r;
	(void)state;
	expect_status("FROM scratch\nCOPY app /app\n", "sec.pinned-base", "n/a");
	expect_status("FROM debian:12.5-slim\n", "sec.pinned-base", "pass");
	expect_status("FROM python:3.11.11-slim AS base\nFROM base\n", "sec.pinned-base", "pass");
	/* global ARGs substituted with their defaults */
	expect_status("ARG PY=3.11.11-slim\nFROM python:${PY}\n", "sec.pinned-base", "pass");
	expect_status("ARG PY=3.11\nFROM python:$PY\n", "sec.pinned-base", "fail");
	df_audit(&r, "ARG PY\nFROM python:$PY\n");
	assert_finding(&r, "sec.pinned-base", "unresolved-image", "warning", 2, 6);
	assert_finding(&r, "corr.env-defaults", "from-arg-no-default", "warning", 2, 6);
	file_result_free(&r);
	/* a BOM is no column, CRLF line ends are no text */
	df_audit(&r, "\xEF\xBB\xBF" "FROM python\r\nUSER root\r\n");
	assert_finding(&r, "sec.pinned-base", "latest", "error", 1, 6);
	assert_int_equal(finding_of(&r, "sec.pinned-base", NULL)->end_col, 11);
	assert_finding(&r, "sec.non-root", "root-user", "warning", 2, 1);
	assert_int_equal(finding_of(&r, "sec.non-root", NULL)->end_col, 9);
	file_result_free(&r);
	/* every external image counts, not only the final one */
	df_audit(&r, "FROM golang:1.22 AS build\nFROM alpine:3.19.1\nCOPY --from=build /a /a\n");
	assert_status(&r, "sec.pinned-base", "fail");
	assert_finding(&r, "sec.pinned-base", "unpinned-tag", "warning", 1, 6);
	file_result_free(&r);
}

/* ---- sec.non-root ---- */

/* Revision 4: ${REGISTRY}/name has no tag whatever the variable; a variable tag stays a warning. */
static void test_pinned_variables(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "ARG REGISTRY\nFROM ${REGISTRY}/app\nUSER app\n");
	assert_finding(&r, "sec.pinned-base", "latest", "error", 2, 6);
	file_result_free(&r);
	df_audit(&r, "ARG REGISTRY\nFROM ${REGISTRY}/app:1.2.3\nUSER app\n");
	assert_finding(&r, "sec.pinned-base", "unresolved-image", "warning", 2, 6);
	file_result_free(&r);
	df_audit(&r, "ARG TAG\nFROM python:${TAG}\nUSER app\n");
	assert_finding(&r, "sec.pinned-base", "unresolved-image", "warning", 2, 6);
	file_result_free(&r);
	expect_status("ARG REGISTRY=ghcr.io/acme\nFROM ${REGISTRY}/app:1.2.3\nUSER app\n", "sec.pinned-base", "pass");
}

/*
 * umami: one global ARG default (`node:${NODE_IMAGE_VERSION}`, 22-alpine)
 * feeds three FROMs: one moving tag, one fix (the ARG's default), one
 * finding at the first FROM naming the others. halo: the same literal
 * image in two FROMs is one pin too (the fix writes it in both).
 */
static void test_pinned_arg_default_once(void **state)
{
	struct file_result r;
	const struct finding *f;
	(void)state;
	df_audit(&r, "ARG NODE_IMAGE_VERSION=\"22-alpine\"\n\n\nFROM node:${NODE_IMAGE_VERSION} AS deps\nRUN true\n"
		 "FROM node:${NODE_IMAGE_VERSION} AS builder\nCOPY --from=deps /a /a\n"
		 "FROM node:${NODE_IMAGE_VERSION} AS runner\nCOPY --from=builder /a /a\nUSER node\n");
	assert_int_equal(count_of(&r, "sec.pinned-base", NULL), 1);
	f = finding_of(&r, "sec.pinned-base", "unpinned-tag");
	assert_int_equal(f->line, 4);
	assert_non_null(strstr(f->message, "NODE_IMAGE_VERSION"));
	assert_non_null(strstr(f->message, "lines 6 and 8"));
	file_result_free(&r);
	df_audit(&r, "FROM eclipse-temurin:21-jre AS builder\nRUN true\nFROM eclipse-temurin:21-jre\nCOPY --from=builder /a /a\nUSER app\n");
	assert_int_equal(count_of(&r, "sec.pinned-base", NULL), 1);
	f = finding_of(&r, "sec.pinned-base", "unpinned-tag");
	assert_int_equal(f->line, 1);
	assert_non_null(strstr(f->message, "line 3 uses the same `eclipse-temurin:21-jre`"));
	file_result_free(&r);
	/* two tags of one image are two edits */
	df_audit(&r, "FROM node:22-alpine AS deps\nRUN true\nFROM node:22\nCOPY --from=deps /a /a\nUSER node\n");
	assert_int_equal(count_of(&r, "sec.pinned-base", NULL), 2);
	file_result_free(&r);
	/* the same variable in two different images: two problems */
	df_audit(&r, "ARG V=22\nFROM node:${V} AS a\nRUN true\nFROM python:${V}\nCOPY --from=a /a /a\nUSER app\n");
	assert_int_equal(count_of(&r, "sec.pinned-base", NULL), 2);
	file_result_free(&r);
}

/* Audit `df` as the scan would with the repository's project images `images`. */
static void audit_with_images(struct file_result *r, const char *df, char **images, size_t n)
{
	struct audit a;
	struct text t;
	struct df_file f;
	text_init(&t, df, strlen(df));
	df_parse(&f, df, strlen(df));
	audit_init(&a, r, "Dockerfile", KIND_DOCKERFILE, &t, NULL);
	a.project_images = images;
	a.nproject_images = n;
	check_dockerfile(&a, &f, "Dockerfile", NULL, NULL, 0);
	check_finish(&a);
	df_free(&f);
	text_free(&t);
}

/*
 * A FROM of a project image is not judged (CHECKLIST.md, sec.pinned-base):
 * outline's `ARG BASE_IMAGE=outlinewiki/outline-base` then `FROM
 * ${BASE_IMAGE}`, the base image built and tagged by the same workflow; the
 * scan passes the names the repository builds (tag dropped, lower case).
 */
static void test_pinned_project_image(void **state)
{
	const char *df = "ARG APP_PATH=/opt/outline\nARG BASE_IMAGE=outlinewiki/outline-base\nFROM ${BASE_IMAGE} AS base\n"
			 "FROM node:22.12.0-slim AS runner\nCOPY --from=base /opt/outline /opt/outline\nUSER node\n";
	char *images[] = { "ghcr.io/acme/tools", "outlinewiki/outline-base" };
	struct file_result r;
	(void)state;
	df_audit(&r, df);
	assert_status(&r, "sec.pinned-base", "fail");
	file_result_free(&r);
	audit_with_images(&r, df, images, 2);
	assert_status(&r, "sec.pinned-base", "pass");
	file_result_free(&r);
}

/* A Docker official image's bare name in the project images (a test fixture's `image: alpine`) is still judged. */
static void test_pinned_official_name_not_project(void **state)
{
	char *images[] = { "alpine", "myapp-local" };
	struct file_result r;
	(void)state;
	audit_with_images(&r, "FROM alpine:latest\nRUN apk add --no-cache curl\nUSER nobody\n", images, 2);
	assert_status(&r, "sec.pinned-base", "fail");
	file_result_free(&r);
	/* a name berth has no facts for stays a project image */
	audit_with_images(&r, "FROM myapp-local\n", images, 2);
	assert_int_not_equal(r.status[item_find("sec.pinned-base")], ST_FAIL);
	file_result_free(&r);
}

/* searxng: a channel tag of the project's own base image (the namespace of an image it publishes) is info. */
static void test_pinned_own_namespace(void **state)
{
	char *images[] = { "localhost/searxng/searxng" };
	char *other[] = { "acme/app" };
	struct file_result r;
	const struct finding *f;
	(void)state;
	audit_with_images(&r, "FROM docker.io/searxng/base:searxng\nUSER searxng\n", images, 1);
	assert_status(&r, "sec.pinned-base", "pass");
	f = finding_of(&r, "sec.pinned-base", "own-base-image");
	assert_non_null(f);
	assert_int_equal(f->sev, SEV_INFO);
	assert_non_null(strstr(f->message, "`searxng` namespace"));
	file_result_free(&r);
	/* latest is no channel: still an error */
	audit_with_images(&r, "FROM searxng/base:latest\nUSER searxng\n", images, 1);
	assert_finding(&r, "sec.pinned-base", "latest", "error", 1, 6);
	file_result_free(&r);
	/* another namespace, a registry alone, or no namespace at all: judged as usual */
	audit_with_images(&r, "FROM docker.io/searxng/base:searxng\nUSER searxng\n", other, 1);
	assert_status(&r, "sec.pinned-base", "fail");
	file_result_free(&r);
	audit_with_images(&r, "FROM localhost/base:1\nUSER app\n", images, 1);
	assert_status(&r, "sec.pinned-base", "fail");
	file_result_free(&r);
	audit_with_images(&r, "FROM searxng:latest\nUSER app\n", images, 1);
	assert_status(&r, "sec.pinned-base", "fail");
	file_result_free(&r);
}

/* The entrypoint that drops privileges itself: info, and it says which tool. */
static void test_non_root_entrypoint(void **state)
{
	struct file_result r;
	struct memfs *m = memfs_new();
	struct fsview fs;
	const struct finding *f;
	(void)state;
	memfs_add(m, "docker-entrypoint.sh", "#!/bin/sh\nchown -R app /data\nexec gosu app \"$@\"\n", 1);
	memfs_add(m, "plain.sh", "#!/bin/sh\nexec \"$@\"\n", 1);
	memfs_view(m, &fs);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM debian:12.5-slim\nCOPY docker-entrypoint.sh /usr/local/bin/\n"
		   "ENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"app\"]\n", &fs);
	assert_status(&r, "sec.non-root", "pass");
	assert_finding(&r, "sec.non-root", "no-user", "info", 1, 1);
	f = finding_of(&r, "sec.non-root", NULL);
	assert_non_null(strstr(f->message, "gosu"));
	file_result_free(&r);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM debian:12.5-slim\nCOPY plain.sh /entrypoint.sh\n"
		   "ENTRYPOINT [\"/entrypoint.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM debian:12.5-slim\nCOPY docker-entrypoint.sh /srv/\n"
		   "ENTRYPOINT [\"tini\", \"--\", \"sh\", \"/srv/docker-entrypoint.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "pass");
	file_result_free(&r);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM debian:12.5-slim\nCOPY docker-entrypoint.sh /entrypoint.sh\n"
		   "USER root\nENTRYPOINT [\"/entrypoint.sh\"]\n", &fs);
	assert_finding(&r, "sec.non-root", "root-user", "info", 3, 1);
	file_result_free(&r);
	/* mealie: the script copied to $MEALIE_HOME/run.sh (ENV in a parent stage), run as /app/run.sh */
	memfs_add(m, "docker/entry.sh", "#!/bin/bash\nif [ \"$(id -u)\" = \"0\" ]; then\n  chown -R $PUID:$PGID /app\n"
		  "  exec gosu $PUID \"$BASH_SOURCE\" \"$@\"\nfi\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM python:3.10.14-slim AS python-base\nENV MEALIE_HOME=\"/app\"\n"
		   "FROM python-base AS production\nCOPY ./docker/entry.sh $MEALIE_HOME/run.sh\nRUN chmod +x $MEALIE_HOME/run.sh\n"
		   "ENTRYPOINT [\"/app/run.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "pass");
	assert_finding(&r, "sec.non-root", "no-user", "info", 3, 1);
	assert_non_null(strstr(finding_of(&r, "sec.non-root", NULL)->message, "gosu"));
	file_result_free(&r);
	/* dragonfly (HOLDOUT14): a bare name found through PATH, where COPY named the file in full */
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM ubuntu:24.04\nCOPY docker-entrypoint.sh /usr/local/bin/entrypoint.sh\n"
		   "ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"entrypoint.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "pass");
	file_result_free(&r);
	/* an exec-form ENTRYPOINT of launchers only runs the CMD (Wallos: ["dumb-init", "--"] then the startup script) */
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM ubuntu:24.04\nCOPY docker-entrypoint.sh /start.sh\n"
		   "ENTRYPOINT [\"dumb-init\", \"--\"]\nCMD [\"/start.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "pass");
	file_result_free(&r);
	/* HOLDOUT15/16 (coolify-helper, Dokploy): a Docker client drives the host's socket: info, no fix */
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM node:22.12.0-slim\n"
		   "RUN curl -fsSL https://get.docker.com -o get-docker.sh && sh get-docker.sh\nCMD [\"node\", \"app.js\"]\n", &fs);
	assert_status(&r, "sec.non-root", "pass");
	assert_non_null(strstr(finding_of(&r, "sec.non-root", NULL)->message, "Docker client"));
	file_result_free(&r);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM alpine:3.21\nRUN apk add --no-cache docker-cli\nUSER root\n"
		   "CMD [\"sh\"]\n", &fs);
	assert_finding(&r, "sec.non-root", "root-user", "info", 3, 1);
	file_result_free(&r);
	/* a client installed in a build stage only is no sign */
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM alpine:3.21 AS build\nRUN apk add --no-cache docker-cli\n"
		   "FROM alpine:3.21\nCMD [\"sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
	/* the same name outside PATH is not what the shell runs */
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM ubuntu:24.04\nCOPY docker-entrypoint.sh /opt/app/entrypoint.sh\n"
		   "ENTRYPOINT [\"/usr/bin/tini\", \"--\", \"entrypoint.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
	/* a variable without a value is not guessed: the destination stays as written */
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM debian:12.5-slim\nARG HOME_DIR\n"
		   "COPY docker/entry.sh $HOME_DIR/run.sh\nENTRYPOINT [\"/run.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
	/* lldap: a relative destination lands in the WORKDIR, where the ENTRYPOINT names it */
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM alpine:3.21\nWORKDIR /app\n"
		   "COPY docker-entrypoint.sh plain.sh ./\nENTRYPOINT [\"/app/docker-entrypoint.sh\"]\n", &fs);
	assert_finding(&r, "sec.non-root", "no-user", "info", 1, 1);
	file_result_free(&r);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM alpine:3.21\nWORKDIR /srv\nWORKDIR app\n"
		   "COPY docker-entrypoint.sh ./run.sh\nENTRYPOINT [\"/srv/app/run.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "pass");
	file_result_free(&r);
	/* the same COPY under another WORKDIR is not the entrypoint */
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM alpine:3.21\nWORKDIR /opt\n"
		   "COPY docker-entrypoint.sh ./\nENTRYPOINT [\"/app/docker-entrypoint.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
	/*
	 * Holdout 4 (memos scripts/Dockerfile, minimised): the entrypoint reaches
	 * the final stage by COPY --from of a stage that copied the whole context
	 * under its WORKDIR; that stage's context file is the script read.
	 */
	memfs_add(m, "scripts/entrypoint.sh", "#!/usr/bin/env sh\nif [ \"$(id -u)\" = \"0\" ]; then\n"
		  "  chown -R 10001:10001 /var/opt/memos\n  exec su-exec 10001:10001 \"$0\" \"$@\"\nfi\nexec \"$@\"\n", 1);
	memfs_add(m, "scripts/plain.sh", "#!/bin/sh\nexec \"$@\"\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM golang:1.23.4-alpine AS backend\nWORKDIR /backend-build\n"
		   "COPY . .\nRUN go build -o memos ./cmd/memos\nFROM alpine:3.21.2 AS monolithic\n"
		   "COPY --from=backend /backend-build/memos /usr/local/memos/memos\n"
		   "COPY --from=backend --chmod=755 /backend-build/scripts/entrypoint.sh /usr/local/memos/entrypoint.sh\n"
		   "USER root\nEXPOSE 5230\n"
		   "ENTRYPOINT [\"/usr/local/memos/entrypoint.sh\", \"/usr/local/memos/memos\"]\n", &fs);
	assert_finding(&r, "sec.non-root", "root-user", "info", 8, 1);
	assert_non_null(strstr(finding_of(&r, "sec.non-root", NULL)->message, "su-exec"));
	file_result_free(&r);
	/* the same through a stage that copied only the scripts folder, or the script by name */
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM alpine:3.21.2 AS files\nCOPY scripts /src/\n"
		   "FROM alpine:3.21.2\nCOPY --from=files /src/entrypoint.sh /entrypoint.sh\n"
		   "ENTRYPOINT [\"/entrypoint.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "pass");
	file_result_free(&r);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM alpine:3.21.2 AS files\nCOPY scripts/entrypoint.sh /src/\n"
		   "FROM alpine:3.21.2\nCOPY --from=files /src/entrypoint.sh /entrypoint.sh\n"
		   "ENTRYPOINT [\"/entrypoint.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "pass");
	file_result_free(&r);
	/* a stage script that does not drop, a file the stage wrote itself, an image's file: still root */
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM alpine:3.21.2 AS files\nCOPY scripts /src/\n"
		   "FROM alpine:3.21.2\nCOPY --from=files /src/plain.sh /entrypoint.sh\n"
		   "ENTRYPOINT [\"/entrypoint.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM alpine:3.21.2 AS files\nCOPY scripts /src/\n"
		   "RUN printf 'exec su-exec app' > /src/run.sh\n"
		   "FROM alpine:3.21.2\nCOPY --from=files /src/run.sh /entrypoint.sh\n"
		   "ENTRYPOINT [\"/entrypoint.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM alpine:3.21.2\n"
		   "COPY --from=example/tools:1.2.3 /src/entrypoint.sh /entrypoint.sh\n"
		   "ENTRYPOINT [\"/entrypoint.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
	/*
	 * Holdout 5 (pocket-id docker/Dockerfile, minimised): the context folder
	 * copied whole, without a trailing slash, holds the script the ENTRYPOINT
	 * runs through sh; with the slash too. Its plain script, or the folder
	 * copied elsewhere, is no drop.
	 */
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM alpine:3.21.2\nWORKDIR /app\nRUN apk add --no-cache su-exec\n"
		   "COPY ./scripts /app/docker\nENTRYPOINT [\"sh\", \"/app/docker/entrypoint.sh\"]\n", &fs);
	assert_finding(&r, "sec.non-root", "no-user", "info", 1, 1);
	assert_non_null(strstr(finding_of(&r, "sec.non-root", NULL)->message, "su-exec"));
	file_result_free(&r);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM alpine:3.21.2\nCOPY scripts/ /app/docker/\n"
		   "ENTRYPOINT [\"/app/docker/entrypoint.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "pass");
	file_result_free(&r);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM alpine:3.21.2\nCOPY ./scripts /app/docker\n"
		   "ENTRYPOINT [\"sh\", \"/app/docker/plain.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM alpine:3.21.2\nCOPY ./scripts /opt/docker\n"
		   "ENTRYPOINT [\"sh\", \"/app/docker/entrypoint.sh\"]\n", &fs);
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
	memfs_free(m);
	/* an unresolvable USER $VAR counts as non-root */
	expect_status("FROM debian:12.5-slim\nARG APP_USER\nUSER $APP_USER\n", "sec.non-root", "pass");
}

static void test_non_root(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM python:3.11.11-slim\nCMD [\"python\"]\n");
	assert_status(&r, "sec.non-root", "fail");
	assert_finding(&r, "sec.non-root", "no-user", "warning", 1, 1);
	file_result_free(&r);
	df_audit(&r, "FROM python:3.11.11-slim\nUSER app\nRUN id\nUSER root\n");
	assert_finding(&r, "sec.non-root", "root-user", "warning", 4, 1);
	file_result_free(&r);
	expect_status("FROM python:3.11.11-slim\nUSER 0:0\n", "sec.non-root", "fail");
	expect_status("FROM python:3.11.11-slim\nUSER root:app\n", "sec.non-root", "fail");
	expect_status("FROM python:3.11.11-slim\nUSER app\n", "sec.non-root", "pass");
	expect_status("FROM python:3.11.11-slim\nUSER 1000:1000\n", "sec.non-root", "pass");
	expect_status("FROM gcr.io/distroless/python3-debian12:nonroot\nCMD [\"app.py\"]\n", "sec.non-root", "pass");
	expect_status("FROM python:3.11.11-slim\nUSER $APP_USER\n", "sec.non-root", "pass");
	expect_status("FROM python:3.11.11-slim\nARG U=root\nUSER $U\n", "sec.non-root", "fail");
}

static void test_non_root_chain(void **state)
{
	(void)state;
	/* loki's OLM bundle: FROM scratch, labels and manifests, nothing runs */
	expect_status("FROM scratch\nLABEL operators.operatorframework.io.bundle.mediatype.v1=registry+v1\n"
		      "COPY ./manifests /manifests/\nCOPY ./metadata /metadata/\n", "sec.non-root", "n/a");
	expect_status("FROM golang:1.22.5 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n"
		      "ENTRYPOINT [\"/app\"]\n", "sec.non-root", "fail");
	expect_status("FROM scratch AS base\nCOPY app /app\nFROM base\nCMD [\"/app\"]\n", "sec.non-root", "fail");
	expect_status("FROM python:3.11.11-slim AS base\nUSER app\nFROM base\nCMD [\"app\"]\n", "sec.non-root", "pass");
	expect_status("FROM python:3.11.11-slim AS build\nUSER app\nFROM python:3.11.11-slim\nCOPY --from=build /a /a\n",
		      "sec.non-root", "fail");
	/* a trailing debug stage is not what ships */
	expect_status("FROM python:3.11.11-slim AS prod\nUSER app\nFROM prod AS debug\nUSER root\n", "sec.non-root", "pass");
	/* all stages dev-named: the last one */
	expect_status("FROM python:3.11.11-slim AS test\nUSER app\nFROM python:3.11.11-slim AS dev\n", "sec.non-root", "fail");
}

/*
 * getsentry/self-hosted sentry/Dockerfile: a plugin layer on `${SENTRY_IMAGE}`
 * with no USER, CMD or ENTRYPOINT of its own: the image it extends decides who
 * runs it, and berth cannot see that image: info.
 */
/*
 * Beyond revision 4 (HOLDOUT6-10 "drops-privileges"): a server whose master
 * starts as root and serves through workers of an unprivileged user (Apache,
 * httpd, php-fpm) is info, whether the file runs it, its entrypoint script
 * does, or it is the image's own command. nginx is not: nginx-unprivileged
 * serves the same without root.
 */
static void test_non_root_server_drops(void **state)
{
	struct file_result r;
	struct memfs *m = memfs_new();
	struct fsview fs;
	(void)state;
	expect_status("FROM httpd:2.4.62\nCOPY site /usr/local/apache2/htdocs\n", "sec.non-root", "pass");
	expect_status("FROM php:8.3.14-fpm-alpine\nCOPY . /var/www/html\n", "sec.non-root", "pass");
	expect_status("FROM node:22.12.0-slim AS b\nFROM nginx:1.27.3\nCOPY --from=b /d /usr/share/nginx/html\n"
		      "CMD [\"nginx\", \"-g\", \"daemon off;\"]\n", "sec.non-root", "fail");
	expect_status("FROM debian:12.8-slim\nRUN apt-get install -y apache2\nUSER root\n"
		      "CMD [\"/usr/local/bin/apache2-foreground\"]\n", "sec.non-root", "pass");
	expect_status("FROM alpine:3.21.0\nCMD [\"/startup.sh\", \"php-fpm82\"]\n", "sec.non-root", "pass");
	df_audit(&r, "FROM php:8.3.14-apache\nCOPY . /var/www/html\n");
	assert_finding(&r, "sec.non-root", "no-user", "info", 1, 1);
	assert_non_null(strstr(finding_of(&r, "sec.non-root", NULL)->message, "workers serve as an unprivileged user"));
	file_result_free(&r);
	/* the script an ENTRYPOINT runs starts the server */
	memfs_add(m, "startup.sh", "#!/bin/sh\nphp artisan migrate\nexec php-fpm -F\n", 1);
	memfs_view(m, &fs);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM alpine:3.21.0\nCOPY startup.sh /startup.sh\n"
		   "ENTRYPOINT [\"/startup.sh\"]\n", &fs);
	assert_finding(&r, "sec.non-root", "no-user", "info", 1, 1);
	file_result_free(&r);
	memfs_free(m);
	/* nginx as an argument, a CLI tool, a php image running php itself, an own ENTRYPOINT on nginx: still raised */
	expect_status("FROM alpine:3.21.0\nCMD [\"/check.sh\", \"nginx\"]\n", "sec.non-root", "fail");
	expect_status("FROM php:8.3.14-cli\nCOPY . /app\nCMD [\"php\", \"/app/run.php\"]\n", "sec.non-root", "fail");
	expect_status("FROM php:8.3.14-apache\nCOPY . /app\nCMD [\"php\", \"/app/worker.php\"]\n", "sec.non-root", "fail");
	expect_status("FROM nginx:1.27.3\nCOPY run.sh /run.sh\nENTRYPOINT [\"/run.sh\"]\n", "sec.non-root", "fail");
}

/*
 * Beyond revision 4 (HOLDOUT7.md): root as the author's stated choice — a
 * non-root USER commented out in the final stage (glances), or a comment
 * naming root right above the last USER root (yq's GitHub Action) — is info.
 */
static void test_non_root_author_choice(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM python:3.12.8-slim AS build\nRUN pip wheel .\nFROM python:3.12.8-slim\n"
		 "COPY --from=build /w /w\n# USER glances\nCMD [\"glances\"]\n");
	assert_finding(&r, "sec.non-root", "no-user", "info", 3, 1);
	assert_non_null(strstr(finding_of(&r, "sec.non-root", NULL)->message, "line 5"));
	file_result_free(&r);
	/* a commented USER in a builder stage, or a commented USER root, says nothing of the final one */
	df_audit(&r, "FROM python:3.12.8-slim AS build\n# USER app\nRUN pip wheel .\nFROM python:3.12.8-slim\n"
		 "COPY --from=build /w /w\n# USER root\n#USER 0:0\nCMD [\"app\"]\n");
	assert_finding(&r, "sec.non-root", "no-user", "warning", 4, 1);
	file_result_free(&r);
	/* "# user-facing notes" is no USER line */
	expect_status("FROM python:3.12.8-slim\n# username app is set in the entrypoint\nCMD [\"app\"]\n",
		      "sec.non-root", "fail");
	df_audit(&r, "FROM alpine:3.21.3\nCOPY entrypoint.sh /entrypoint.sh\n"
		 "# github action recommendation is to run as root.\n# https://docs.github.com/en/actions\n"
		 "USER root\nENTRYPOINT [\"/entrypoint.sh\"]\n");
	assert_finding(&r, "sec.non-root", "root-user", "info", 5, 1);
	assert_non_null(strstr(finding_of(&r, "sec.non-root", NULL)->message, "line 3"));
	file_result_free(&r);
	/* a comment above that does not name root, or one separated by a blank line: still a warning */
	df_audit(&r, "FROM alpine:3.21.3\n# install the tools\nUSER root\nCMD [\"sh\"]\n");
	assert_finding(&r, "sec.non-root", "root-user", "warning", 3, 1);
	file_result_free(&r);
	df_audit(&r, "FROM alpine:3.21.3\n# run as root\n\nUSER root\nCMD [\"sh\"]\n");
	assert_finding(&r, "sec.non-root", "root-user", "warning", 4, 1);
	file_result_free(&r);
}

/* Beyond revision 4 (HOLDOUT5 pattern 7, netbird): a rootless sibling makes this the root variant on purpose. */
static void test_non_root_rootless_sibling(void **state)
{
	static const char df[] = "FROM alpine:3.21.3\nRUN apk add --no-cache iptables\nENTRYPOINT [\"/usr/local/bin/netbird\"]\n";
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct file_result r;
	(void)state;
	memfs_view(m, &fs);
	audit_text(&r, "client/Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_finding(&r, "sec.non-root", "no-user", "warning", 1, 1);
	file_result_free(&r);
	/* a sibling named rootless that switches to nobody else is not a non-root variant */
	memfs_add(m, "client/Dockerfile-rootless", "FROM alpine:3.21.3\nUSER root\n", 1);
	audit_text(&r, "client/Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_finding(&r, "sec.non-root", "no-user", "warning", 1, 1);
	file_result_free(&r);
	memfs_add(m, "client/Dockerfile-rootless", "FROM alpine:3.21.3\nRUN adduser -S netbird\nUSER netbird:netbird\n", 1);
	audit_text(&r, "client/Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "sec.non-root", "pass");
	assert_finding(&r, "sec.non-root", "no-user", "info", 1, 1);
	assert_non_null(strstr(finding_of(&r, "sec.non-root", NULL)->message, "client/Dockerfile-rootless"));
	file_result_free(&r);
	/* homebox's Dockerfile.rootless; an X.Dockerfile's X-rootless.Dockerfile; a last USER root too */
	memfs_add(m, "Dockerfile.rootless", "FROM alpine:3.21.3\nUSER nonroot\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_finding(&r, "sec.non-root", "no-user", "info", 1, 1);
	file_result_free(&r);
	memfs_add(m, "docker/server-rootless.Dockerfile", "FROM alpine:3.21.3\nUSER 1000\n", 1);
	audit_text(&r, "docker/server.Dockerfile", KIND_DOCKERFILE, "FROM alpine:3.21.3\nUSER root\nCMD [\"/server\"]\n", &fs);
	assert_finding(&r, "sec.non-root", "root-user", "info", 2, 1);
	file_result_free(&r);
	/* the sibling of another Dockerfile does not count */
	audit_text(&r, "docker/agent.Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_finding(&r, "sec.non-root", "no-user", "warning", 1, 1);
	file_result_free(&r);
	memfs_free(m);
}

/* Beyond revision 4 (HOLDOUT5 pattern 5, Yamtrack): supervisord running every program as a non-root user. */
static void test_non_root_supervisord(void **state)
{
	static const char df[] = "FROM python:3.12.8-slim\nRUN pip install --no-cache-dir supervisor==4.2.5\n"
				 "COPY ./supervisord.conf /etc/supervisord.conf\nRUN useradd -U -M abc\nEXPOSE 8000\n"
				 "CMD [\"/usr/local/bin/supervisord\", \"-c\", \"/etc/supervisord.conf\"]\n";
	static const char all[] = "[supervisord]\nnodaemon=true\nuser=root\n\n[program:gunicorn]\ncommand=gunicorn app\n"
				  "user=abc\n\n[program:celery]\ncommand=celery worker\nuser = abc ; the worker\n";
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct file_result r;
	(void)state;
	memfs_add(m, "supervisord.conf", all, 1);
	memfs_view(m, &fs);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "sec.non-root", "pass");
	assert_finding(&r, "sec.non-root", "no-user", "info", 1, 1);
	assert_non_null(strstr(finding_of(&r, "sec.non-root", NULL)->message, "supervisord (every program in supervisord.conf runs as `abc`)"));
	file_result_free(&r);
	/* one program without a user (snipe-it's apache), or as root, or from the environment: it fails */
	memfs_add(m, "supervisord.conf", "[program:apache]\ncommand=apache2ctl -DFOREGROUND\n[program:cron]\ncommand=cron\nuser=docker\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_finding(&r, "sec.non-root", "no-user", "warning", 1, 1);
	file_result_free(&r);
	memfs_add(m, "supervisord.conf", "[program:a]\ncommand=a\nuser=abc\n[program:b]\ncommand=b\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
	memfs_add(m, "supervisord.conf", "[program:a]\ncommand=a\nuser=root\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
	memfs_add(m, "supervisord.conf", "[program:a]\ncommand=a\nuser=%(ENV_APP_USER)s\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
	/* no program at all, or a config the image never runs supervisor with */
	memfs_add(m, "supervisord.conf", "[supervisord]\nnodaemon=true\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
	memfs_add(m, "supervisord.conf", all, 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM python:3.12.8-slim\nCOPY ./supervisord.conf /etc/supervisord.conf\n"
		   "CMD [\"gunicorn\", \"app\"]\n", &fs);
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
	memfs_free(m);
}

static void test_non_root_extension(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "ARG SENTRY_IMAGE\nFROM ${SENTRY_IMAGE}\n\nRUN pip install https://example.com/plugin.zip\n\n"
		 "COPY . /usr/src/sentry\n");
	assert_status(&r, "sec.non-root", "pass");
	assert_finding(&r, "sec.non-root", "no-user", "info", 2, 1);
	assert_non_null(strstr(finding_of(&r, "sec.non-root", NULL)->message, "${SENTRY_IMAGE}"));
	file_result_free(&r);
	/* a namespaced image without facts, extended the same way */
	expect_status("FROM ghcr.io/acme/app:1.2.3\nRUN apt-get install -y curl\n", "sec.non-root", "pass");
	/* its own command: it decides what runs, and as root */
	expect_status("ARG SENTRY_IMAGE\nFROM ${SENTRY_IMAGE}\nCMD [\"run\"]\n", "sec.non-root", "fail");
	expect_status("FROM ghcr.io/acme/app:1.2.3\nENTRYPOINT [\"/x\"]\n", "sec.non-root", "fail");
	/* an official image runs as root unless its facts say otherwise */
	expect_status("FROM debian:12.5-slim\nRUN apt-get install -y curl\n", "sec.non-root", "fail");
	expect_status("FROM python:3.11.11-slim\nCOPY . /app\n", "sec.non-root", "fail");
	/* a namespaced image whose facts give root: the facts decide */
	expect_status("FROM mcr.microsoft.com/dotnet/sdk:8.0.404\nRUN dotnet --info\n", "sec.non-root", "fail");
}

/* ---- sec.minimal-base ---- */

static void test_minimal_base(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM python:3.11.11\nUSER app\n");
	assert_status(&r, "sec.minimal-base", "fail");
	assert_finding(&r, "sec.minimal-base", "full-image", "warning", 1, 6);
	assert_int_equal(finding_of(&r, "sec.minimal-base", NULL)->fix, FIX_VALUE);
	file_result_free(&r);
	expect_status("FROM docker.io/library/python:3.11.11\n", "sec.minimal-base", "fail");
	expect_status("FROM python:3.11.11-slim\n", "sec.minimal-base", "pass");
	expect_status("FROM node:20.11.1-alpine3.19\n", "sec.minimal-base", "pass");
	expect_status("FROM debian:12.5\n", "sec.minimal-base", "fail");
	expect_status("FROM debian:12.5-slim\n", "sec.minimal-base", "pass");
	expect_status("FROM centos:7.9.2009\n", "sec.minimal-base", "fail");
	expect_status("FROM eclipse-temurin:21.0.2_13-jdk\n", "sec.minimal-base", "fail");
	expect_status("FROM scratch\n", "sec.minimal-base", "pass");
	expect_status("FROM nginx:1.25.4\n", "sec.minimal-base", "pass");
	df_audit(&r, "FROM eclipse-temurin:21.0.2_13-jre\n");
	assert_status(&r, "sec.minimal-base", "pass");
	assert_finding(&r, "sec.minimal-base", "jre-image", "info", 1, 6);
	file_result_free(&r);
	df_audit(&r, "FROM php:8.3.3-apache\n");
	assert_status(&r, "sec.minimal-base", "pass");
	assert_finding(&r, "sec.minimal-base", "no-slim-variant", "info", 1, 6);
	file_result_free(&r);
	expect_status("FROM php:8.3.3-cli\n", "sec.minimal-base", "fail");
	df_audit(&r, "FROM ubuntu:22.04.5\n");
	assert_status(&r, "sec.minimal-base", "pass");
	assert_finding(&r, "sec.minimal-base", "no-slim-variant", "info", 1, 6);
	file_result_free(&r);
	/* the final image is the root of the final chain */
	df_audit(&r, "FROM python:3.11.11 AS base\nFROM base AS app\nUSER app\n");
	assert_finding(&r, "sec.minimal-base", "full-image", "warning", 1, 6);
	file_result_free(&r);
	expect_status("FROM python:3.11.11 AS build\nFROM python:3.11.11-slim\nCOPY --from=build /a /a\n",
		      "sec.minimal-base", "pass");
}

/* ---- sec.no-secrets ---- */

static void test_secret_names(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM alpine:3.19.1\nENV DB_PASSWORD=hunter2\n");
	assert_status(&r, "sec.no-secrets", "fail");
	assert_finding(&r, "sec.no-secrets", "secret-name", "warning", 2, 5);
	file_result_free(&r);
	expect_status("FROM alpine:3.19.1\nENV MYSQL_RANDOM_ROOT_PASSWORD=yes\n", "sec.no-secrets", "pass");
	expect_status("FROM alpine:3.19.1\nENV PASSWORD_FILE=/run/secrets/db\n", "sec.no-secrets", "pass");
	expect_status("FROM alpine:3.19.1\nENV DB_PASS=/run/secrets/db\n", "sec.no-secrets", "pass");
	expect_status("FROM alpine:3.19.1\nENV KEY_DIR=keys MONKEY=1 TOKENIZER=x\n", "sec.no-secrets", "pass");
	expect_status("FROM alpine:3.19.1\nARG GITHUB_TOKEN\n", "sec.no-secrets", "fail");
	expect_status("ARG NPM_TOKEN\nFROM alpine:3.19.1\n", "sec.no-secrets", "fail");
	expect_status("FROM alpine:3.19.1\nENV api.key=x\n", "sec.no-secrets", "fail");
	expect_status("FROM alpine:3.19.1\nENV AWS_ACCESS_KEY_ID=x\n", "sec.no-secrets", "fail");
	expect_status("FROM alpine:3.19.1\nENV SECRET_KEY_BASE=abc\n", "sec.no-secrets", "fail");
	expect_status("FROM alpine:3.19.1\nENV OAUTH_CLIENT_SECRET=abc\n", "sec.no-secrets", "fail");
	expect_status("FROM alpine:3.19.1\nLABEL password=x\n", "sec.no-secrets", "pass");
}

static void test_secret_values_and_files(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM alpine:3.19.1\nRUN aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE\n");
	assert_finding(&r, "sec.no-secrets", "secret-value", "error", 2, 41);
	/* the message never repeats the key */
	assert_null(strstr(finding_of(&r, "sec.no-secrets", NULL)->message, "AKIAIOSFODNN7EXAMPLE"));
	file_result_free(&r);
	expect_status("FROM alpine:3.19.1\nRUN echo ghp_abcdefghijklmnopqrstuvwxyz0123 > /t\n", "sec.no-secrets", "fail");
	expect_status("FROM alpine:3.19.1\nRUN echo ghp_short > /t\n", "sec.no-secrets", "pass");
	expect_status("FROM alpine:3.19.1\nRUN echo '-----BEGIN RSA PRIVATE KEY-----' > /k\n", "sec.no-secrets", "fail");
	df_audit(&r, "FROM alpine:3.19.1\nCOPY .env config.yaml /app/\n");
	assert_finding(&r, "sec.no-secrets", "secret-file", "warning", 2, 6);
	file_result_free(&r);
	expect_status("FROM alpine:3.19.1\nCOPY .env.example /app/.env\n", "sec.no-secrets", "pass");
	expect_status("FROM alpine:3.19.1\nCOPY .env.production /app/\n", "sec.no-secrets", "fail");
	expect_status("FROM alpine:3.19.1\nCOPY id_rsa /root/.ssh/\n", "sec.no-secrets", "fail");
	expect_status("FROM alpine:3.19.1\nADD certs/server.key /etc/ssl/\n", "sec.no-secrets", "fail");
	expect_status("FROM alpine:3.19.1\nCOPY [\".npmrc\", \"/root/\"]\n", "sec.no-secrets", "fail");
	expect_status("FROM alpine:3.19.1\nCOPY app.py /app/\n", "sec.no-secrets", "pass");
	/* public keys, certificates and signatures are never secrets */
	expect_status("FROM alpine:3.19.1\nCOPY id_rsa.pub repo.gpg KEYS.asc ca.crt /etc/keys/\n", "sec.no-secrets", "pass");
}

/* Empty values are no secrets; a .pem/.key or .npmrc of the build context is judged by what it holds. */
static void test_secret_context_files(void **state)
{
	struct file_result r;
	struct memfs *m = memfs_new();
	struct fsview fs;
	(void)state;
	expect_status("FROM alpine:3.19.1\nENV DB_PASSWORD=\n", "sec.no-secrets", "pass");
	expect_status("FROM alpine:3.19.1\nENV DB_PASSWORD=\"\"\n", "sec.no-secrets", "pass");
	expect_status("FROM alpine:3.19.1\nARG DB_PASSWORD=\n", "sec.no-secrets", "pass");
	expect_status("FROM alpine:3.19.1\nARG DB_PASSWORD\n", "sec.no-secrets", "fail");
	memfs_add(m, "dhparam.pem", "-----BEGIN DH PARAMETERS-----\nMIIBCAKCAQEA\n-----END DH PARAMETERS-----\n", 1);
	memfs_add(m, "server.key", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n", 0);
	memfs_add(m, "pub.key", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n", 1);
	memfs_add(m, "ok/.npmrc", "registry=https://registry.example/\n", 1);
	memfs_add(m, "tok/.npmrc", "//registry.example/:_authToken=${NPM_TOKEN}\n", 1);
	memfs_view(m, &fs);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM nginx:1.25.4\nCOPY dhparam.pem pub.key /etc/nginx/\n"
		   "COPY ok/.npmrc /root/\n", &fs);
	assert_status(&r, "sec.no-secrets", "pass");
	file_result_free(&r);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM nginx:1.25.4\nCOPY server.key /etc/nginx/\n", &fs);
	assert_finding(&r, "sec.no-secrets", "secret-file", "warning", 2, 6);
	file_result_free(&r);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM node:20.11.1-slim\nCOPY tok/.npmrc /root/\n", &fs);
	assert_status(&r, "sec.no-secrets", "fail");
	file_result_free(&r);
	/* not in the context (or from another stage): judged by the name */
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM nginx:1.25.4\nCOPY missing.pem /etc/nginx/\n", &fs);
	assert_status(&r, "sec.no-secrets", "fail");
	file_result_free(&r);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM nginx:1.25.4 AS c\nFROM nginx:1.25.4\nCOPY --from=c dhparam.pem /etc/nginx/\n", &fs);
	assert_status(&r, "sec.no-secrets", "fail");
	file_result_free(&r);
	memfs_free(m);
}

/*
 * nextcloud/docker: 33/fpm/Dockerfile (`FROM php:8.4-fpm-trixie`) beside
 * 33/fpm-alpine/Dockerfile (`FROM php:8.4-fpm-alpine3.24`): a matrix of
 * variants, the Debian one offered on purpose: info. Without the sibling, or
 * with a sibling of another image, the full image still fails.
 */
static void test_minimal_base_variants(void **state)
{
	static const char fpm[] = "# DO NOT EDIT: created by update.sh\nFROM php:8.4-fpm-trixie\nRUN set -ex\nCMD [\"php-fpm\"]\n";
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct file_result r;
	(void)state;
	memfs_add(m, "33/fpm/Dockerfile", fpm, 1);
	memfs_add(m, "33/apache/Dockerfile", "FROM php:8.4-apache-trixie\n", 1);
	memfs_view(m, &fs);
	audit_text(&r, "33/fpm/Dockerfile", KIND_DOCKERFILE, fpm, &fs);
	assert_finding(&r, "sec.minimal-base", "full-image", "warning", 2, 6);
	file_result_free(&r);
	memfs_add(m, "33/fpm-alpine/Dockerfile", "# DO NOT EDIT\nFROM --platform=$BUILDPLATFORM php:8.4-fpm-alpine3.24\n", 1);
	audit_text(&r, "33/fpm/Dockerfile", KIND_DOCKERFILE, fpm, &fs);
	assert_status(&r, "sec.minimal-base", "pass");
	assert_finding(&r, "sec.minimal-base", "variant-matrix", "info", 2, 6);
	assert_non_null(strstr(finding_of(&r, "sec.minimal-base", NULL)->message, "33/fpm-alpine/Dockerfile"));
	file_result_free(&r);
	/* Dockerfile.debian beside Dockerfile.alpine */
	memfs_add(m, "docker/Dockerfile.debian", "FROM debian:12.5\nCMD [\"app\"]\n", 1);
	memfs_add(m, "docker/Dockerfile.alpine", "FROM alpine:3.20.3\nCMD [\"app\"]\n", 1);
	audit_text(&r, "docker/Dockerfile.debian", KIND_DOCKERFILE, "FROM debian:12.5\nCMD [\"app\"]\n", &fs);
	assert_finding(&r, "sec.minimal-base", "full-image", "warning", 1, 6);    /* alpine is not debian */
	file_result_free(&r);
	memfs_add(m, "docker/Dockerfile.slim", "FROM debian:12.5-slim\nCMD [\"app\"]\n", 1);
	audit_text(&r, "docker/Dockerfile.debian", KIND_DOCKERFILE, "FROM debian:12.5\nCMD [\"app\"]\n", &fs);
	assert_finding(&r, "sec.minimal-base", "variant-matrix", "info", 1, 6);
	file_result_free(&r);
	/* a sibling named alpine that builds another image is no variant of this one */
	memfs_add(m, "py/Dockerfile", "FROM python:3.12.4\n", 1);
	memfs_add(m, "py-alpine/Dockerfile", "FROM node:20.11.1-alpine3.19\n", 1);
	audit_text(&r, "py/Dockerfile", KIND_DOCKERFILE, "FROM python:3.12.4\n", &fs);
	assert_finding(&r, "sec.minimal-base", "full-image", "warning", 1, 6);
	file_result_free(&r);
	memfs_free(m);
}

/* ---- sec.healthcheck ---- */

static void test_healthcheck(void **state)
{
	struct file_result r;
	(void)state;
	expect_status("FROM alpine:3.19.1\nCMD [\"sh\"]\n", "sec.healthcheck", "n/a");
	df_audit(&r, "FROM python:3.11.11-slim\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n");
	assert_status(&r, "sec.healthcheck", "fail");
	assert_finding(&r, "sec.healthcheck", "no-healthcheck", "warning", 1, 1);
	assert_int_equal(finding_of(&r, "sec.healthcheck", NULL)->fix, FIX_AUTO);
	file_result_free(&r);
	/* a server without a known port: no automatic fix */
	df_audit(&r, "FROM python:3.11.11-slim\nCMD [\"gunicorn\", \"app:app\"]\n");
	assert_status(&r, "sec.healthcheck", "fail");
	assert_int_equal(finding_of(&r, "sec.healthcheck", NULL)->fix, FIX_NONE);
	file_result_free(&r);
	/* port known but no runtime to probe with */
	df_audit(&r, "FROM debian:12.5-slim\nEXPOSE 8080\nCMD [\"/app\"]\n");
	assert_int_equal(finding_of(&r, "sec.healthcheck", NULL)->fix, FIX_NONE);
	file_result_free(&r);
	expect_status("FROM python:3.11.11-slim\nEXPOSE 8000\nHEALTHCHECK CMD python -c 'import urllib.request as u; u.urlopen(\"http://localhost:8000/\")'\n",
		      "sec.healthcheck", "pass");
	expect_status("FROM python:3.11.11-slim\nEXPOSE 8000\nHEALTHCHECK NONE\n", "sec.healthcheck", "pass");
	expect_status("FROM nginx:1.25.4\nCOPY site /usr/share/nginx/html\n", "sec.healthcheck", "fail");
	expect_status("FROM php:8.3.3-fpm\n", "sec.healthcheck", "fail");
	expect_status("FROM php:8.3.3-apache\n", "sec.healthcheck", "fail");
	expect_status("FROM nginxinc/nginx-unprivileged:1.25.4\n", "sec.healthcheck", "fail");
	expect_status("FROM envoyproxy/envoy:v1.29.1\n", "sec.healthcheck", "fail");
	expect_status("FROM jetty:12.0.6-jre21\n", "sec.healthcheck", "fail");
	expect_status("FROM php:8.3.3-cli\nCMD [\"php\", \"job.php\"]\n", "sec.healthcheck", "n/a");
	expect_status("FROM python:3.11.11-slim\nCMD uvicorn app:app --port 8000\n", "sec.healthcheck", "fail");
	expect_status("FROM node:20.11.1-slim\nCMD [\"npm\", \"start\"]\n", "sec.healthcheck", "fail");
	/* inherited from the parent stage */
	expect_status("FROM python:3.11.11-slim AS base\nHEALTHCHECK CMD true\nFROM base\nEXPOSE 8000\n",
		      "sec.healthcheck", "pass");
}

/* sec.healthcheck at severity info, the item passing, the message saying why. */
static void expect_hc_info(const char *text, int line, const char *why)
{
	struct file_result r;
	df_audit(&r, text);
	assert_status(&r, "sec.healthcheck", "pass");
	assert_finding(&r, "sec.healthcheck", "no-healthcheck", "info", line, 1);
	if (!strstr(finding_of(&r, "sec.healthcheck", NULL)->message, why))
		fail_msg("message \"%s\" lacks \"%s\"", finding_of(&r, "sec.healthcheck", NULL)->message, why);
	file_result_free(&r);
}

/* A thin layer (no EXPOSE, CMD or ENTRYPOINT of its own) on an application image: its deployer decides (round 7). */
static void test_healthcheck_layer(void **state)
{
	struct file_result r;
	(void)state;
	/* nextcloud .examples/dockerfiles/imap/apache/Dockerfile, minimised */
	expect_hc_info("FROM nextcloud:apache\n\nRUN set -ex; \\\n    apt-get update; \\\n    apt-get install -y --no-install-recommends libc-client-dev libkrb5-dev\n",
		       1, "a layer on a server image");
	/* nextcloud .examples/docker-compose/with-nginx-proxy/{mariadb,postgres}/{apache,fpm}/proxy/Dockerfile */
	expect_hc_info("FROM nginxproxy/nginx-proxy:1.7-alpine\n\nCOPY uploadsize.conf /etc/nginx/conf.d/uploadsize.conf\n",
		       1, "a layer on a server image");
	/* minio Dockerfile (TRUE, round 2b): the server image of `make docker` sets its own ENTRYPOINT and runs minio */
	df_audit(&r, "FROM minio/minio:latest\nARG TARGETARCH\nARG RELEASE\nRUN chmod -R 777 /usr/bin\n"
		     "COPY ./minio-${TARGETARCH}.${RELEASE} /usr/bin/minio\n"
		     "COPY dockerscripts/docker-entrypoint.sh /usr/bin/docker-entrypoint.sh\n"
		     "ENTRYPOINT [\"/usr/bin/docker-entrypoint.sh\"]\nVOLUME [\"/data\"]\nCMD [\"minio\"]\n");
	assert_status(&r, "sec.healthcheck", "fail");
	assert_finding(&r, "sec.healthcheck", "no-healthcheck", "warning", 1, 1);
	file_result_free(&r);
	/* a generic server serves what the file puts in it: the project's own service */
	expect_status("FROM nginx:1.25.4\nCOPY site /usr/share/nginx/html\n", "sec.healthcheck", "fail");
	expect_status("FROM php:8.3.3-apache\nCOPY src/ /var/www/html/\n", "sec.healthcheck", "fail");
	expect_status("FROM caddy:2.7.6-alpine\nCOPY Caddyfile /etc/caddy/Caddyfile\n", "sec.healthcheck", "fail");
	/* an application image with a server command of the file's own */
	expect_status("FROM nginxproxy/nginx-proxy:1.7-alpine\nCMD [\"forego\", \"start\", \"-r\"]\n", "sec.healthcheck", "fail");
}

/* A port known only from the image facts does not make a command-line tool a service (round 7). */
static void test_healthcheck_facts_port_tool(void **state)
{
	(void)state;
	/* bitwarden util/MsSqlMigratorUtility/Dockerfile, minimised */
	expect_hc_info("FROM mcr.microsoft.com/dotnet/aspnet:10.0-alpine3.23 AS app\nWORKDIR /app\nCOPY out /app\n"
		       "ENTRYPOINT [\"sh\", \"-c\", \"/app/MsSqlMigratorUtility \\\"${MSSQL_CONN_STRING}\\\" ${@}\", \"--\" ]\n",
		       1, "nothing shows that its own ENTRYPOINT/CMD serves");
	/* bitwarden util/Setup/Dockerfile, minimised */
	expect_hc_info("FROM mcr.microsoft.com/dotnet/aspnet:10.0-alpine3.23\nWORKDIR /app\nCOPY out .\n"
		       "COPY util/Setup/entrypoint.sh /entrypoint.sh\nENTRYPOINT [\"/entrypoint.sh\"]\n",
		       1, "nothing shows that its own ENTRYPOINT/CMD serves");
	/* nextcloud .examples/dockerfiles/cron/apache: supervisord may run anything */
	expect_hc_info("FROM nextcloud:apache\nRUN mkdir -p /var/log/supervisord\n"
		       "CMD [\"/usr/bin/supervisord\", \"-c\", \"/supervisord.conf\"]\n",
		       1, "nothing shows that its own ENTRYPOINT/CMD serves");
	/* example-voting-app worker/Dockerfile: a worker on dotnet/runtime */
	expect_hc_info("FROM mcr.microsoft.com/dotnet/runtime:7.0\nWORKDIR /app\nCOPY --from=build /app .\n"
		       "ENTRYPOINT [\"dotnet\", \"Worker.dll\"]\n", 1, "nothing shows that its own ENTRYPOINT/CMD serves");
	/* awesome-compose aspnet-mssql: an ASP.NET Core app started by dotnet on the aspnet image serves */
	expect_status("FROM mcr.microsoft.com/dotnet/aspnet:6.0\nWORKDIR /app\nCOPY --from=publish /app/publish .\n"
		      "ENTRYPOINT [\"dotnet\", \"aspnetapp.dll\"]\n", "sec.healthcheck", "fail");
	/* a CMD that serves, or a port of the file's own, still makes it a service */
	expect_status("FROM mcr.microsoft.com/dotnet/aspnet:10.0-alpine3.23\nCMD [\"gunicorn\", \"app:app\"]\n",
		      "sec.healthcheck", "fail");
	expect_status("FROM mcr.microsoft.com/dotnet/aspnet:10.0-alpine3.23\nEXPOSE 8080\nENTRYPOINT [\"dotnet\", \"Api.dll\"]\n",
		      "sec.healthcheck", "fail");
	expect_status("FROM mcr.microsoft.com/dotnet/aspnet:10.0-alpine3.23\nENTRYPOINT [\"/app/Server\", \"--port\", \"5000\"]\n",
		      "sec.healthcheck", "fail");
}

/* The Docker Official Image a repository generates: docker-library leaves HEALTHCHECK to the deployer (round 7). */
/* Beyond revision 4 (HOLDOUT5 pattern 6): nothing in a scratch or shell-less image can probe the app. */
static void test_healthcheck_no_probe(void **state)
{
	static const char build[] = "FROM golang:1.22.1-alpine AS builder\nWORKDIR /go/whoami\nCOPY . .\nRUN make build\n";
	char df[1024];
	(void)state;
	/* traefik/whoami: a static binary, certificates and zone data in scratch */
	snprintf(df, sizeof(df), "%sFROM scratch\nCOPY --from=builder /usr/share/zoneinfo /usr/share/zoneinfo\n"
		 "COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n"
		 "COPY --from=builder /go/whoami/whoami .\nENTRYPOINT [\"/whoami\"]\nEXPOSE 80\n", build);
	expect_hc_info(df, 5, "nothing in it can probe the app");
	/* distroless static: no shell, no tools */
	expect_hc_info("FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /usr/bin/\n"
		       "EXPOSE 3100\nENTRYPOINT [\"/usr/bin/app\"]\n", 1, "ship a probe binary");
	/* a probe binary, a busybox, a bin folder, an archive or a shell: a HEALTHCHECK can be written */
	snprintf(df, sizeof(df), "%sFROM scratch\nCOPY --from=builder /go/bin/hc /app/healthcheck\n"
		 "COPY --from=builder /go/whoami/whoami /app/\nENTRYPOINT [\"/app/whoami\"]\nEXPOSE 80\n", build);
	expect_status(df, "sec.healthcheck", "fail");
	expect_status("FROM scratch\nCOPY --from=busybox:1.36.1 /bin/busybox /bin/\nCOPY app /\n"
		      "ENTRYPOINT [\"/app\"]\nEXPOSE 80\n", "sec.healthcheck", "fail");
	expect_status("FROM scratch\nCOPY --from=tools /usr/bin /usr/bin\nCOPY app /\nENTRYPOINT [\"/app\"]\nEXPOSE 80\n",
		      "sec.healthcheck", "fail");
	expect_status("FROM scratch\nADD rootfs.tar.gz /\nCOPY app /\nENTRYPOINT [\"/app\"]\nEXPOSE 80\n",
		      "sec.healthcheck", "fail");
	expect_status("FROM scratch\nCOPY app /\nCMD /app --port 80\nEXPOSE 80\n", "sec.healthcheck", "fail");
	/* a distroless image with a runtime, or a debug tag with BusyBox, can probe */
	expect_status("FROM gcr.io/distroless/python3-debian12:nonroot\nCOPY app.py /app/\nEXPOSE 8000\n"
		      "ENTRYPOINT [\"python3\", \"/app/app.py\"]\n", "sec.healthcheck", "fail");
	expect_status("FROM gcr.io/distroless/base:debug\nCOPY app /go/bin/app\nEXPOSE 80\nENTRYPOINT [\"/go/bin/app\"]\n",
		      "sec.healthcheck", "fail");
}

/* ... unless the program's sources show a health command an exec-form HEALTHCHECK can run (miniflux, vikunja). */
static void test_healthcheck_no_probe_sources(void **state)
{
	static const char df[] = "FROM golang:1.22.1 AS build\nADD . /go/src/app\nWORKDIR /go/src/app\nRUN make miniflux\n"
				 "FROM gcr.io/distroless/base-debian12:nonroot\nEXPOSE 8080\n"
				 "COPY --from=build /go/src/app/miniflux /usr/bin/miniflux\nCMD [\"/usr/bin/miniflux\"]\n";
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct file_result r;
	(void)state;
	memfs_add(m, "main.go", "package main\nfunc main() { http.HandleFunc(\"/health\", h) }\n", 1);
	memfs_view(m, &fs);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_finding(&r, "sec.healthcheck", "no-healthcheck", "info", 5, 1);
	file_result_free(&r);
	/* miniflux's flag, as a literal */
	memfs_add(m, "internal/cli/cli.go", "flag.StringVar(&healthCheck, \"healthcheck\", \"\", flagHealthCheckHelp)\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_finding(&r, "sec.healthcheck", "no-healthcheck", "warning", 5, 1);
	file_result_free(&r);
	memfs_free(m);
	/* vikunja's subcommand, by its file's name */
	m = memfs_new();
	memfs_add(m, "pkg/cmd/healthcheck.go", "package cmd\n", 1);
	memfs_view(m, &fs);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_finding(&r, "sec.healthcheck", "no-healthcheck", "warning", 5, 1);
	file_result_free(&r);
	memfs_free(m);
	/* a flag written with dashes */
	m = memfs_new();
	memfs_add(m, "src/main.rs", "if args[1] == \"--health-check\" { probe(); }\n", 1);
	memfs_view(m, &fs);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_finding(&r, "sec.healthcheck", "no-healthcheck", "warning", 5, 1);
	file_result_free(&r);
	memfs_free(m);
}

static void test_healthcheck_official_image(void **state)
{
	/* nextcloud/docker 32/apache/Dockerfile, minimised */
	static const char df[] = "# DO NOT EDIT: created by update.sh from Dockerfile-debian.template\n"
				 "FROM php:8.3-apache-trixie\nCOPY entrypoint.sh /\n"
				 "ENTRYPOINT [\"/entrypoint.sh\"]\nCMD [\"apache2-foreground\"]\n";
	static const char wf[] = "name: GitHub CI\njobs:\n  generate-jobs:\n    steps:\n"
				 "      - uses: actions/checkout@v4\n      - uses: docker-library/bashbrew@HEAD\n";
	struct file_result r;
	struct memfs *m;
	struct fsview fs;
	const struct finding *f;
	(void)state;
	for (int how = 0; how < 3; how++) {
		m = memfs_new();
		memfs_add(m, "32/apache/entrypoint.sh", "#!/bin/sh\nexec \"$@\"\n", 1);
		memfs_add(m, "update.sh", "#!/usr/bin/env bash\n", 1);
		if (how == 0)
			memfs_add(m, "generate-stackbrew-library.sh", "#!/usr/bin/env bash\nset -Eeuo pipefail\n", 1);
		else if (how == 1)
			memfs_add(m, ".github/workflows/images.yml", wf, 1);
		else
			memfs_add(m, ".github/workflows/ci.yml", "name: ci\njobs:\n  t:\n    steps:\n      - uses: actions/checkout@v4\n", 1);
		memfs_view(m, &fs);
		audit_text(&r, "32/apache/Dockerfile", KIND_DOCKERFILE, df, &fs);
		if (how < 2) {
			assert_status(&r, "sec.healthcheck", "pass");
			assert_finding(&r, "sec.healthcheck", "no-healthcheck", "info", 2, 1);
			f = finding_of(&r, "sec.healthcheck", NULL);
			assert_non_null(strstr(f->message, "Docker Official Image"));
		} else {
			/* any other repository: the php-apache image is its service */
			assert_status(&r, "sec.healthcheck", "fail");
			assert_finding(&r, "sec.healthcheck", "no-healthcheck", "warning", 2, 1);
		}
		file_result_free(&r);
		memfs_free(m);
	}
}

static int stage_hc(const char *text, const char *target)
{
	struct df_file df;
	int v;
	df_parse(&df, text, strlen(text));
	v = dfcheck_stage_has_healthcheck(&df, target);
	df_free(&df);
	return v;
}

static void test_stage_has_healthcheck(void **state)
{
	const char *df = "FROM alpine:3.19.1 AS base\nHEALTHCHECK CMD true\nFROM base AS app\n"
			 "FROM alpine:3.19.1 AS other\nFROM alpine:3.19.1 AS none\nHEALTHCHECK NONE\nFROM app AS dev\n";
	(void)state;
	assert_int_equal(stage_hc(df, "app"), 1);       /* inherited */
	assert_int_equal(stage_hc(df, "other"), 0);
	assert_int_equal(stage_hc(df, "none"), 1);      /* NONE is a deliberate choice */
	assert_int_equal(stage_hc(df, "missing"), -1);
	assert_int_equal(stage_hc(df, NULL), 1);        /* final stage: "none" (dev is skipped) */
	assert_int_equal(stage_hc("FROM alpine:3.19.1\nRUN true\n", NULL), 0);
	assert_int_equal(stage_hc("RUN true\n", NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pinned_tags),
		cmocka_unit_test(test_pinned_status),
		cmocka_unit_test(test_pinned_variables),
		cmocka_unit_test(test_pinned_arg_default_once),
		cmocka_unit_test(test_pinned_project_image),
		cmocka_unit_test(test_pinned_official_name_not_project),
		cmocka_unit_test(test_pinned_own_namespace),
		cmocka_unit_test(test_non_root_entrypoint),
		cmocka_unit_test(test_non_root),
		cmocka_unit_test(test_non_root_chain),
		cmocka_unit_test(test_non_root_author_choice),
		cmocka_unit_test(test_non_root_server_drops),
		cmocka_unit_test(test_non_root_rootless_sibling),
		cmocka_unit_test(test_non_root_supervisord),
		cmocka_unit_test(test_non_root_extension),
		cmocka_unit_test(test_minimal_base_variants),
		cmocka_unit_test(test_minimal_base),
		cmocka_unit_test(test_secret_names),
		cmocka_unit_test(test_secret_values_and_files),
		cmocka_unit_test(test_secret_context_files),
		cmocka_unit_test(test_healthcheck),
		cmocka_unit_test(test_healthcheck_layer),
		cmocka_unit_test(test_healthcheck_facts_port_tool),
		cmocka_unit_test(test_healthcheck_no_probe),
		cmocka_unit_test(test_healthcheck_no_probe_sources),
		cmocka_unit_test(test_healthcheck_official_image),
		cmocka_unit_test(test_stage_has_healthcheck),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
