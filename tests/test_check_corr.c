/* Correctness items of CHECKLIST.md on small inline Dockerfiles. */
#include "test_check_util.h"

#include "dfcheck.h"
#include "dockerfile.h"

/* ---- corr.parse ---- */

static void test_parse(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "RUN echo hi\n");
	assert_status(&r, "corr.parse", "fail");
	assert_finding(&r, "corr.parse", "no-from", "error", 1, 0);
	/* without FROM only the parse item is judged */
	for (int i = 0; i < ITEM_COUNT; i++)
		if (item_defs[i].kind == KIND_DOCKERFILE && i != ITEM_CORR_PARSE)
			assert_int_equal(r.status[i], ST_NA);
	file_result_free(&r);
	/*
	 * no instruction at all, comments only (surrealml's Dockerfile.macos,
	 * HOLDOUT15.md): a draft, info; any instruction without FROM stays an error
	 */
	df_audit(&r, "# syntax=docker/dockerfile:1\n# Build for macOS\n\n# FROM rust:1.84.0\n# RUN cargo build\n");
	assert_status(&r, "corr.parse", "pass");
	assert_finding(&r, "corr.parse", "no-from", "info", 1, 0);
	assert_non_null(strstr(finding_of(&r, "corr.parse", "no-from")->message, "no instruction at all"));
	file_result_free(&r);
	df_audit(&r, "");
	assert_finding(&r, "corr.parse", "no-from", "info", 1, 0);
	file_result_free(&r);
	df_audit(&r, "# a comment\nARG VERSION=1\n");
	assert_status(&r, "corr.parse", "fail");
	assert_finding(&r, "corr.parse", "no-from", "error", 2, 1);
	file_result_free(&r);
	df_audit(&r, "FROM alpine:3.19.1\nFOO bar\nCMD ['sh']\nUSER app\n");
	assert_status(&r, "corr.parse", "fail");
	assert_finding(&r, "corr.parse", "unknown-instruction", "error", 2, 1);
	assert_finding(&r, "corr.parse", "single-quoted-exec-form", "error", 3, 1);
	assert_int_equal(finding_of(&r, "corr.parse", "single-quoted-exec-form")->fix, FIX_AUTO);
	assert_int_equal(finding_of(&r, "corr.parse", "unknown-instruction")->fix, FIX_NONE);
	/* the rest is still judged */
	assert_status(&r, "sec.non-root", "pass");
	assert_status(&r, "corr.pitfalls", "pass");
	file_result_free(&r);
	expect_status("FROM alpine:3.19.1\nUSER app\n", "corr.parse", "pass");
	/* FROM without an image: a parse problem, not an unpinned image */
	df_audit(&r, "FROM\nUSER app\n");
	assert_finding(&r, "corr.parse", "missing-args", "error", 1, 1);
	assert_status(&r, "sec.pinned-base", "n/a");
	file_result_free(&r);
}

/* What Docker refuses to build (revision 4). */
static void test_parse_refused(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM alpine:3.19.1\nEXPOSE 80 70000/tcp\n");
	assert_finding(&r, "corr.parse", "bad-port", "error", 2, 11);
	file_result_free(&r);
	expect_status("FROM alpine:3.19.1\nEXPOSE 0\n", "corr.parse", "fail");
	expect_status("FROM alpine:3.19.1\nEXPOSE 8000-70000\n", "corr.parse", "fail");
	expect_status("FROM alpine:3.19.1\nEXPOSE 80 443/udp 8000-8010 $PORT\n", "corr.parse", "pass");
	df_audit(&r, "FROM alpine:3.19.1\nCOPY a b /app\n");
	assert_finding(&r, "corr.parse", "multi-source-dest", "error", 2, 1);
	file_result_free(&r);
	expect_status("FROM alpine:3.19.1\nCOPY a b /app/\n", "corr.parse", "pass");
	expect_status("FROM alpine:3.19.1\nCOPY [\"a\", \"b\", \"/app\"]\n", "corr.parse", "fail");
	expect_status("FROM alpine:3.19.1\nCOPY a b $DEST\n", "corr.parse", "pass");
	expect_status("FROM alpine:3.19.1\nCOPY a /app\n", "corr.parse", "pass");
	df_audit(&r, "FROM alpine:3.19.1\nONBUILD ONBUILD RUN true\n");
	assert_finding(&r, "corr.parse", "bad-onbuild", "error", 2, 1);
	file_result_free(&r);
	expect_status("FROM alpine:3.19.1\nONBUILD from alpine\n", "corr.parse", "fail");
	expect_status("FROM alpine:3.19.1\nONBUILD MAINTAINER me\n", "corr.parse", "fail");
	expect_status("FROM alpine:3.19.1\nONBUILD COPY . /app/\n", "corr.parse", "pass");
	df_audit(&r, "FROM alpine:3.19.1 AS Scratch\nFROM alpine:3.19.1 AS context\n");
	assert_int_equal(count_of(&r, "corr.parse", "reserved-stage-name"), 2);
	file_result_free(&r);
	df_audit(&r, "FROM alpine:3.19.1 AS build\nFROM alpine:3.19.1 AS BUILD\n");
	assert_finding(&r, "corr.parse", "duplicate-stage", "error", 2, 0);
	file_result_free(&r);
	df_audit(&r, "FROM alpine:3.19.1\nENV A=\"open\nLABEL b='x'\n");
	assert_finding(&r, "corr.parse", "unterminated-quote", "error", 2, 0);
	assert_int_equal(count_of(&r, "corr.parse", "unterminated-quote"), 1);
	file_result_free(&r);
	expect_status("FROM alpine:3.19.1\nLABEL a=\"it's\" b='say \"hi\"' c=don\\'t\n", "corr.parse", "pass");
	expect_status("FROM alpine:3.19.1\nLABEL a=it's\n", "corr.parse", "fail");
	/* the rest of the file is still judged */
	df_audit(&r, "FROM alpine:3.19.1\nEXPOSE 0\nUSER root\n");
	assert_status(&r, "sec.non-root", "fail");
	file_result_free(&r);
}

/* ---- corr.workdir-before-copy ---- */

static void test_workdir(void **state)
{
	struct file_result r;
	(void)state;
	expect_status("FROM alpine:3.19.1\nRUN echo hi\n", "corr.workdir-before-copy", "n/a");
	df_audit(&r, "FROM python:3.11.11-slim\nCOPY . .\n");
	assert_status(&r, "corr.workdir-before-copy", "fail");
	assert_finding(&r, "corr.workdir-before-copy", "relative-dest", "warning", 2, 8);
	assert_int_equal(finding_of(&r, "corr.workdir-before-copy", NULL)->fix, FIX_AUTO);
	file_result_free(&r);
	expect_status("FROM python:3.11.11-slim\nWORKDIR /app\nCOPY . .\n", "corr.workdir-before-copy", "pass");
	expect_status("FROM python:3.11.11-slim\nCOPY app.py /app/\n", "corr.workdir-before-copy", "pass");
	expect_status("FROM python:3.11.11-slim AS base\nWORKDIR /app\nFROM base\nCOPY . .\n", "corr.workdir-before-copy", "pass");
	/* an unrelated stage's WORKDIR does not count */
	expect_status("FROM python:3.11.11-slim AS a\nWORKDIR /app\nFROM python:3.11.11-slim\nCOPY . .\n",
		      "corr.workdir-before-copy", "fail");
	/* an unresolvable variable is not judged; a resolvable one is */
	expect_status("FROM python:3.11.11-slim\nCOPY . $APP_HOME\n", "corr.workdir-before-copy", "pass");
	expect_status("FROM python:3.11.11-slim\nENV APP_HOME=/srv/app\nCOPY . $APP_HOME\n", "corr.workdir-before-copy", "pass");
	expect_status("FROM python:3.11.11-slim\nENV D=app\nCOPY . $D\n", "corr.workdir-before-copy", "fail");
	/* an image with a namespace or registry and no facts may set a WORKDIR berth cannot see: info */
	df_audit(&r, "FROM searxng/base:2024.1.1\nCOPY . .\n");
	assert_status(&r, "corr.workdir-before-copy", "pass");
	assert_finding(&r, "corr.workdir-before-copy", "relative-dest", "info", 2, 8);
	file_result_free(&r);
	expect_status("FROM ghcr.io/acme/app:1.2.3 AS base\nFROM base\nCOPY . .\n", "corr.workdir-before-copy", "pass");
	expect_status("ARG BASE\nFROM $BASE\nCOPY . .\n", "corr.workdir-before-copy", "pass");
	expect_status("FROM python:3.11.11-slim\nCOPY . .\n", "corr.workdir-before-copy", "fail");
	df_audit(&r, "FROM python:3.11.11-slim\nWORKDIR app\n");
	assert_finding(&r, "corr.workdir-before-copy", "relative-workdir", "warning", 2, 1);
	file_result_free(&r);
	expect_status("FROM python:3.11.11-slim\nWORKDIR /app\nWORKDIR src\nCOPY . .\n", "corr.workdir-before-copy", "pass");
	expect_status("FROM python:3.11.11-slim\nWORKDIR \"/usr/src/app/\"\nCOPY . .\n", "corr.workdir-before-copy", "pass");
}

/*
 * Beyond revision 4 (HOLDOUT5 pattern 4): where the chain sets no WORKDIR
 * (scratch, an official image without one) a relative destination is `/`.
 */
static void test_workdir_known_root(void **state)
{
	struct file_result r;
	(void)state;
	/* whoami: a static binary copied into scratch and run as /whoami */
	expect_status("FROM golang:1.22.1-alpine AS builder\nWORKDIR /go/whoami\nCOPY . .\nRUN go build\n"
		      "FROM scratch\nCOPY --from=builder /go/whoami/whoami .\nENTRYPOINT [\"/whoami\"]\n",
		      "corr.workdir-before-copy", "pass");
	expect_status("FROM scratch\nCOPY app app\n", "corr.workdir-before-copy", "pass");
	/* tubearchivist: a build stage on python reads what it copied from the same `/` */
	expect_status("FROM python:3.13.11-slim AS ffmpeg\nCOPY ffmpeg_download.py ffmpeg_download.py\n"
		      "RUN python ffmpeg_download.py\n"
		      "FROM python:3.13.11-slim\nWORKDIR /app\nCOPY --from=ffmpeg ./ffmpeg/ffmpeg /usr/bin/ffmpeg\n",
		      "corr.workdir-before-copy", "pass");
	/* a later WORKDIR moves the build away from what was copied */
	df_audit(&r, "FROM python:3.13.11-slim AS build\nCOPY requirements.txt .\nWORKDIR /src\n"
		 "RUN pip install -r requirements.txt\nFROM python:3.13.11-slim\nWORKDIR /app\n");
	assert_status(&r, "corr.workdir-before-copy", "fail");
	assert_finding(&r, "corr.workdir-before-copy", "relative-dest", "warning", 2, 23);
	assert_non_null(strstr(finding_of(&r, "corr.workdir-before-copy", NULL)->message, "line 3"));
	file_result_free(&r);
	/* ... also in a stage built FROM it, and in scratch */
	expect_status("FROM python:3.13.11-slim AS base\nCOPY app.py .\nFROM base\nWORKDIR /app\nCMD [\"python\", \"app.py\"]\n",
		      "corr.workdir-before-copy", "fail");
	expect_status("FROM scratch\nCOPY app .\nWORKDIR /data\nENTRYPOINT [\"/app\"]\n", "corr.workdir-before-copy", "fail");
	/* hatchet lite: the shipped image on a full base puts the application among the system folders */
	df_audit(&r, "FROM alpine:3.21.3\nCOPY --from=lite /hatchet/hatchet-lite ./hatchet-lite\n"
		 "COPY ./hack/lite/start.sh ./entrypoint.sh\nCMD [\"./entrypoint.sh\"]\n");
	assert_status(&r, "corr.workdir-before-copy", "fail");
	assert_int_equal(count_of(&r, "corr.workdir-before-copy", "relative-dest"), 2);
	file_result_free(&r);
	/* a build stage whose chain the final image is FROM is shipped too */
	expect_status("FROM python:3.13.11-slim AS base\nCOPY app.py .\nFROM base\nCMD [\"python\", \"/app.py\"]\n",
		      "corr.workdir-before-copy", "fail");
}

/* ---- corr.copy-ownership ---- */

static void test_copy_ownership(void **state)
{
	struct file_result r;
	(void)state;
	expect_status("FROM alpine:3.19.1\nCOPY . /app\n", "corr.copy-ownership", "n/a");
	expect_status("FROM alpine:3.19.1\nCOPY . /app\nUSER root\n", "corr.copy-ownership", "n/a");
	df_audit(&r, "FROM alpine:3.19.1\nCOPY a /app/a\nUSER app\nCOPY . /app\nCOPY conf /etc/app/\n");
	assert_status(&r, "corr.copy-ownership", "fail");
	assert_finding(&r, "corr.copy-ownership", "root-owned-copy", "warning", 4, 1);
	assert_finding(&r, "corr.copy-ownership", "copy-before-user", "info", 2, 1);
	assert_finding(&r, "corr.copy-ownership", "system-path-copy", "info", 5, 1);
	assert_int_equal(count_of(&r, "corr.copy-ownership", "root-owned-copy"), 1);
	file_result_free(&r);
	expect_status("FROM alpine:3.19.1\nUSER app\nCOPY --chown=app:app . /app\n", "corr.copy-ownership", "pass");
	expect_status("FROM alpine:3.19.1\nCOPY . /app\nUSER app\n", "corr.copy-ownership", "pass");
	/* USER of a parent stage */
	expect_status("FROM alpine:3.19.1 AS base\nUSER 1000\nFROM base\nCOPY . /app\n", "corr.copy-ownership", "fail");
	/* back to root, then copy: root-owned is what root wants */
	expect_status("FROM alpine:3.19.1\nUSER app\nUSER root\nCOPY . /app\n", "corr.copy-ownership", "pass");
}

/*
 * uptime-kuma's extra/uptime-kuma-push: the executable copied after USER into
 * the WORKDIR and run as the ENTRYPOINT. Root-owned, the user runs it but
 * cannot rewrite it: info. What the program writes or reads beside it still fails.
 */
static void test_copy_ownership_program(void **state)
{
	static const char push[] = "FROM node:22.11.0-bookworm-slim AS build\nRUN useradd --create-home kuma\nUSER kuma\n"
		"WORKDIR /home/kuma\nCOPY --chown=kuma:kuma build.js build.js\nRUN node build.js\n\n"
		"FROM debian:12.5-slim AS release\nRUN useradd --create-home kuma\nUSER kuma\nWORKDIR /home/kuma\n"
		"COPY --from=build /home/kuma/uptime-kuma-push ./uptime-kuma-push\n\n"
		"ENTRYPOINT [\"/home/kuma/uptime-kuma-push\"]\n";
	struct file_result r;
	(void)state;
	df_audit(&r, push);
	assert_status(&r, "corr.copy-ownership", "pass");
	assert_finding(&r, "corr.copy-ownership", "program-copy", "info", 12, 1);
	file_result_free(&r);
	/* a relative ENTRYPOINT from the WORKDIR; a binary into a bin folder run by its bare name */
	expect_status("FROM debian:12.5-slim\nUSER 1000\nWORKDIR /srv\nWORKDIR app\nCOPY --from=b /out/svc .\n"
		      "ENTRYPOINT [\"./svc\"]\n", "corr.copy-ownership", "pass");
	expect_status("FROM debian:12.5-slim\nUSER 1000\nCOPY --from=b /out/svc /opt/bin/\nCMD [\"svc\", \"--serve\"]\n",
		      "corr.copy-ownership", "pass");
	expect_status("FROM debian:12.5-slim\nENV APP=/opt/app\nUSER 1000\nCOPY --from=b /out/svc $APP/svc\n"
		      "ENTRYPOINT [\"/opt/app/svc\"]\n", "corr.copy-ownership", "pass");
	/* anything else after USER still fails: the data beside the program, a folder, another path */
	df_audit(&r, "FROM debian:12.5-slim\nUSER 1000\nWORKDIR /home/app\nCOPY --from=b /out/app ./app\n"
		 "COPY config.yaml ./\nENTRYPOINT [\"/home/app/app\"]\n");
	assert_status(&r, "corr.copy-ownership", "fail");
	assert_finding(&r, "corr.copy-ownership", "root-owned-copy", "warning", 5, 1);
	assert_finding(&r, "corr.copy-ownership", "program-copy", "info", 4, 1);
	file_result_free(&r);
	expect_status("FROM debian:12.5-slim\nUSER 1000\nWORKDIR /home/app\nCOPY --from=b /out/ ./\n"
		      "ENTRYPOINT [\"/home/app/app\"]\n", "corr.copy-ownership", "fail");
	expect_status("FROM debian:12.5-slim\nUSER 1000\nCOPY --from=b /out/app /srv/app\nENTRYPOINT [\"/home/app/app\"]\n",
		      "corr.copy-ownership", "fail");
	expect_status("FROM debian:12.5-slim\nUSER 1000\nCOPY --from=b /out/svc /opt/lib/\nCMD [\"svc\"]\n",
		      "corr.copy-ownership", "fail");
	expect_status("FROM debian:12.5-slim\nARG D\nUSER 1000\nCOPY --from=b /out/svc $D/svc\nENTRYPOINT [\"/svc\"]\n",
		      "corr.copy-ownership", "fail");
}

/* ---- corr.expose-port ---- */

static void test_expose_port(void **state)
{
	struct file_result r;
	(void)state;
	expect_status("FROM alpine:3.19.1\nCMD [\"sh\"]\n", "corr.expose-port", "n/a");
	df_audit(&r, "FROM python:3.11.11-slim\nCMD [\"uvicorn\", \"app:app\", \"--port\", \"8000\"]\n");
	assert_status(&r, "corr.expose-port", "fail");
	assert_finding(&r, "corr.expose-port", "port-not-exposed", "warning", 2, 38);
	assert_int_equal(finding_of(&r, "corr.expose-port", NULL)->fix, FIX_AUTO);
	file_result_free(&r);
	expect_status("FROM python:3.11.11-slim\nEXPOSE 8000\nCMD [\"uvicorn\", \"app:app\", \"--port\", \"8000\"]\n",
		      "corr.expose-port", "pass");
	expect_status("FROM python:3.11.11-slim\nEXPOSE 8000\nCMD gunicorn --bind 0.0.0.0:5000 app:app\n",
		      "corr.expose-port", "fail");
	expect_status("FROM python:3.11.11-slim\nEXPOSE 8000/tcp\nCMD gunicorn -b :8000 app:app\n", "corr.expose-port", "pass");
	expect_status("FROM node:20.11.1-slim\nCMD [\"node\", \"server.js\", \"--port=3000\"]\n", "corr.expose-port", "fail");
	expect_status("FROM node:20.11.1-slim\nEXPOSE 3000-3010\nCMD [\"node\", \"server.js\", \"--port=3005\"]\n",
		      "corr.expose-port", "pass");
	df_audit(&r, "FROM node:20.11.1-slim\nEXPOSE 8080\nHEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1\n");
	assert_finding(&r, "corr.expose-port", "port-not-exposed", "warning", 3, 42);
	file_result_free(&r);
	expect_status("FROM nginx:1.25.4\nEXPOSE 80\n", "corr.expose-port", "pass");
	/* a CMD of a builder stage is not what runs */
	expect_status("FROM node:20.11.1-slim AS b\nCMD [\"x\", \"--port\", \"9\"]\nFROM nginx:1.25.4\nCOPY --from=b /a /a\n",
		      "corr.expose-port", "n/a");
}

/* ---- corr.production-cmd ---- */

static void test_production_cmd(void **state)
{
	struct file_result r;
	(void)state;
	expect_status("FROM alpine:3.19.1\nRUN echo\n", "corr.production-cmd", "n/a");
	df_audit(&r, "FROM python:3.11.11-slim\nCMD [\"uvicorn\", \"app:app\", \"--reload\"]\n");
	assert_status(&r, "corr.production-cmd", "fail");
	assert_finding(&r, "corr.production-cmd", "dev-flag", "warning", 2, 28);
	assert_int_equal(finding_of(&r, "corr.production-cmd", "dev-flag")->fix, FIX_AUTO);
	file_result_free(&r);
	df_audit(&r, "FROM python:3.11.11-slim\nCMD [\"python\", \"manage.py\", \"runserver\", \"0.0.0.0:8000\"]\n");
	assert_finding(&r, "corr.production-cmd", "dev-server", "warning", 2, 16);
	assert_int_equal(finding_of(&r, "corr.production-cmd", "dev-server")->fix, FIX_NONE);
	file_result_free(&r);
	df_audit(&r, "FROM python:3.11.11-slim\nCMD python app.py\n");
	assert_finding(&r, "corr.production-cmd", "shell-form", "warning", 2, 1);
	assert_int_equal(finding_of(&r, "corr.production-cmd", "shell-form")->fix, FIX_AUTO);
	file_result_free(&r);
	df_audit(&r, "FROM python:3.11.11-slim\nCMD python app.py > /log 2>&1\n");
	assert_int_equal(finding_of(&r, "corr.production-cmd", "shell-form")->fix, FIX_NONE);
	file_result_free(&r);
	expect_status("FROM python:3.11.11-slim\nCMD exec python app.py\n", "corr.production-cmd", "pass");
	expect_status("FROM python:3.11.11-slim\nCMD [\"python\", \"app.py\"]\n", "corr.production-cmd", "pass");
	expect_status("FROM python:3.11.11-slim\nENTRYPOINT [\"flask\", \"run\"]\n", "corr.production-cmd", "fail");
	expect_status("FROM node:20.11.1-slim\nCMD [\"npm\", \"run\", \"dev\"]\n", "corr.production-cmd", "fail");
	expect_status("FROM node:20.11.1-slim\nCMD [\"nodemon\", \"app.js\"]\n", "corr.production-cmd", "fail");
	expect_status("FROM python:3.11.11-slim\nCMD [\"python\", \"manage.py\", \"runserver\"]\n", "corr.production-cmd", "fail");
	df_audit(&r, "FROM python:3.11.11-slim\nCMD [\"a\"]\nCMD [\"b\"]\n");
	assert_finding(&r, "corr.production-cmd", "duplicate-cmd", "warning", 3, 1);
	file_result_free(&r);
	df_audit(&r, "FROM node:20.11.1-slim\nENV NODE_ENV=development\nCMD [\"node\", \"app.js\"]\n");
	assert_finding(&r, "corr.production-cmd", "dev-env", "warning", 2, 5);
	file_result_free(&r);
	/* a dev stage at the end is not the final stage */
	expect_status("FROM python:3.11.11-slim AS production\nCMD [\"gunicorn\", \"app:app\"]\n"
		      "FROM production AS development\nCMD [\"flask\", \"run\", \"--debug\"]\n", "corr.production-cmd", "pass");
}

/* ---- corr.env-defaults ---- */

static void test_env_defaults(void **state)
{
	struct file_result r;
	(void)state;
	expect_status("FROM alpine:3.19.1\nRUN echo\n", "corr.env-defaults", "n/a");
	df_audit(&r, "FROM alpine:3.19.1\nENV DATA=$APP_HOME/data\n");
	assert_status(&r, "corr.env-defaults", "fail");
	assert_finding(&r, "corr.env-defaults", "undefined-var", "warning", 2, 10);
	file_result_free(&r);
	expect_status("FROM alpine:3.19.1\nENV APP_HOME=/app\nENV DATA=$APP_HOME/data\n", "corr.env-defaults", "pass");
	expect_status("FROM alpine:3.19.1\nENV DATA=${APP_HOME:-/app}/data\n", "corr.env-defaults", "pass");
	expect_status("FROM alpine:3.19.1\nENV PATH=$PATH:/opt/bin HOME2=$HOME\n", "corr.env-defaults", "pass");
	expect_status("FROM alpine:3.19.1\nARG V=1\nENV X=$V\n", "corr.env-defaults", "pass");
	/* ARG X then ENV Y=$X: the idiom for an optional build value, never "not defined" */
	expect_status("FROM alpine:3.19.1\nARG V\nENV X=$V\n", "corr.env-defaults", "pass");
	expect_status("ARG V\nFROM alpine:3.19.1\nARG V\nENV X=$V\n", "corr.env-defaults", "pass");
	expect_status("FROM alpine:3.19.1 AS base\nARG V\nFROM base\nENV X=$V\n", "corr.env-defaults", "pass");
	/* a chain rooted in an image whose ENV berth cannot see: info */
	df_audit(&r, "FROM searxng/base:2024.1.1\nENV DATA=$APP_HOME/data\n");
	assert_status(&r, "corr.env-defaults", "pass");
	assert_finding(&r, "corr.env-defaults", "var-from-image", "info", 2, 10);
	file_result_free(&r);
	expect_status("FROM ghcr.io/acme/app:1.2.3\nENV DATA=$APP_HOME/data\n", "corr.env-defaults", "pass");
	expect_status("FROM python:3.11.11-slim\nENV DATA=$APP_HOME/data\n", "corr.env-defaults", "fail");
	expect_status("ARG BASE\nFROM $BASE\nENV DATA=$APP_HOME/data\n", "corr.env-defaults", "fail");  /* FROM's ARG has no default */
	df_audit(&r, "ARG BASE\nFROM $BASE\nENV DATA=$APP_HOME/data\n");
	assert_finding(&r, "corr.env-defaults", "var-from-image", "info", 3, 10);
	file_result_free(&r);
	expect_status("FROM scratch\nENV DATA=$APP_HOME/data\n", "corr.env-defaults", "fail");
	/* a global ARG counts only when redeclared in the stage */
	expect_status("ARG V=1\nFROM alpine:3.19.1\nENV X=$V\n", "corr.env-defaults", "fail");
	expect_status("ARG V=1\nFROM alpine:3.19.1\nARG V\nENV X=$V\n", "corr.env-defaults", "pass");
	/* ENV A=1 B=$A: B sees the A from before this ENV */
	expect_status("FROM alpine:3.19.1\nENV A=1 B=$A\n", "corr.env-defaults", "fail");
	expect_status("FROM alpine:3.19.1 AS base\nENV A=1\nFROM base\nENV B=$A\n", "corr.env-defaults", "pass");
	expect_status("FROM alpine:3.19.1\nENV X='$NOT_EXPANDED'\n", "corr.env-defaults", "pass");
	/* an ARG without default used in FROM */
	expect_status("ARG TAG\nFROM alpine:$TAG\n", "corr.env-defaults", "fail");
	expect_status("ARG TAG=3.19.1\nFROM alpine:$TAG\n", "corr.env-defaults", "pass");
	expect_status("ARG TAG\nFROM alpine:${TAG:-3.19.1}\n", "corr.env-defaults", "pass");
	/* BuildKit's platform ARGs are always set; the image names one of the earlier stages */
	expect_status("FROM scratch AS binary-linux\nFROM scratch AS binary-darwin\nFROM binary-$TARGETOS AS binary\n",
		      "corr.env-defaults", "n/a");
	expect_status("FROM scratch AS binary-linux\nFROM binary-$TARGETOS AS binary\nARG X=1\n", "corr.env-defaults", "pass");
	expect_status("FROM scratch AS binary-linux\nFROM binary-$TARGETOS AS binary\n", "sec.pinned-base", "n/a");
}


/* netbox-docker: `ARG FROM` then `FROM ${FROM}`, build.sh passing --build-arg "FROM=${DOCKER_FROM}" */
static void test_env_defaults_supplied(void **state)
{
	static const char df[] = "ARG FROM\nFROM ${FROM} AS builder\nRUN echo\nFROM ${FROM} AS main\nUSER 1000\n";
	char *supplied[] = { "NETBOX_PATH=${NETBOX_PATH}", "FROM=docker.io/ubuntu:24.04" };
	char *env_only[] = { "FROM" };
	char *other[] = { "FROMAGE=1", "FRO" };
	struct file_result r;
	(void)state;
	audit_with_args(&r, df, supplied, 2);
	assert_status(&r, "corr.env-defaults", "pass");
	assert_finding(&r, "sec.pinned-base", "unresolved-image", "info", 2, 6);
	assert_status(&r, "sec.pinned-base", "pass");
	file_result_free(&r);
	audit_with_args(&r, df, env_only, 1);         /* `--build-arg FROM`: the value from the environment */
	assert_status(&r, "corr.env-defaults", "pass");
	file_result_free(&r);
	audit_with_args(&r, df, other, 2);
	assert_finding(&r, "corr.env-defaults", "from-arg-no-default", "warning", 2, 6);
	assert_finding(&r, "sec.pinned-base", "unresolved-image", "warning", 2, 6);
	file_result_free(&r);
	audit_with_args(&r, df, NULL, 0);
	assert_status(&r, "corr.env-defaults", "fail");
	file_result_free(&r);
}

/* ---- corr.syntax-directive ---- */

static void test_syntax_directive(void **state)
{
	struct file_result r;
	(void)state;
	expect_status("FROM alpine:3.19.1\nRUN echo\n", "corr.syntax-directive", "n/a");
	/* BuildKit syntax current Docker builds: info, the directive only pins the frontend */
	df_audit(&r, "FROM alpine:3.19.1\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n");
	assert_status(&r, "corr.syntax-directive", "pass");
	assert_finding(&r, "corr.syntax-directive", "no-syntax-directive", "info", 2, 5);
	assert_int_equal(finding_of(&r, "corr.syntax-directive", NULL)->fix, FIX_AUTO);
	file_result_free(&r);
	/* syntax newer than the Engine 23 frontend: warning */
	df_audit(&r, "FROM alpine:3.19.1\nCOPY --link a /a\nCOPY --exclude=*.md . /app\n");
	assert_status(&r, "corr.syntax-directive", "fail");
	assert_finding(&r, "corr.syntax-directive", "no-syntax-directive", "warning", 3, 6);
	assert_int_equal(count_of(&r, "corr.syntax-directive", NULL), 1);
	file_result_free(&r);
	expect_status("FROM alpine:3.19.1\nCOPY --parents a/b /app/\n", "corr.syntax-directive", "fail");
	expect_status("FROM alpine:3.19.1\nADD --keep-git-dir=true https://example.com/r.git /r\n", "corr.syntax-directive", "fail");
	expect_status("FROM alpine:3.19.1\nRUN --device=name=x true\n", "corr.syntax-directive", "fail");
	expect_status("# syntax=docker/dockerfile:1\nFROM alpine:3.19.1\nCOPY --exclude=*.md . /app\n",
		      "corr.syntax-directive", "pass");
	df_audit(&r, "# syntax=docker/dockerfile:1\nFROM alpine:3.19.1\nRUN --mount=type=cache,target=/x true\n");
	assert_status(&r, "corr.syntax-directive", "pass");
	assert_int_equal(count_of(&r, "corr.syntax-directive", NULL), 0);
	file_result_free(&r);
	expect_status("# escape=\\\n# syntax=docker.io/docker/dockerfile:1.7\nFROM alpine:3.19.1\nCOPY --parents a /a/\n",
		      "corr.syntax-directive", "pass");
	expect_status("# syntax=docker/dockerfile-upstream:master\nFROM alpine:3.19.1\nCOPY --exclude=x a /a/\n",
		      "corr.syntax-directive", "pass");
	/* after a comment, the directive is a plain comment; another frontend is no docker/dockerfile directive */
	expect_status("# build file\n# syntax=docker/dockerfile:1\nFROM alpine:3.19.1\nCOPY --exclude=x . /a\n",
		      "corr.syntax-directive", "fail");
	expect_status("# syntax=example/frontend:1\nFROM alpine:3.19.1\nRUN --device=x true\n",
		      "corr.syntax-directive", "fail");
	df_audit(&r, "FROM alpine:3.19.1\nRUN <<EOF\necho hi\nEOF\n");
	assert_finding(&r, "corr.syntax-directive", "no-syntax-directive", "info", 2, 0);
	file_result_free(&r);
	/* heredoc bodies are the RUN's script; a python shebang is not shell */
	df_audit(&r, "# syntax=docker/dockerfile:1\nFROM debian:12.5-slim\nRUN <<EOF\nset -e\nsudo true\nEOF\n"
		 "RUN <<EOF\n#!/usr/bin/env python3\nsudo = 1\nEOF\n");
	assert_finding(&r, "corr.pitfalls", "sudo", "warning", 5, 1);
	assert_int_equal(finding_of(&r, "corr.pitfalls", "sudo")->end_line, 5);
	assert_int_equal(count_of(&r, "corr.pitfalls", "sudo"), 1);
	file_result_free(&r);
	expect_status("FROM alpine:3.19.1\nADD --checksum=sha256:abc https://x/y.tgz /y\n", "corr.syntax-directive", "pass");
}

/* ---- corr.pitfalls ---- */

static void test_pitfalls_pipes(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM debian:12.5-slim\nRUN curl -fsSL https://example.com/i.sh | bash\n");
	assert_status(&r, "corr.pitfalls", "fail");
	assert_finding(&r, "corr.pitfalls", "curl-pipe-shell", "warning", 2, 5);
	file_result_free(&r);
	expect_status("FROM debian:12.5-slim\nRUN wget -qO- https://example.com/i.sh | sh -s -- -y\n", "corr.pitfalls", "fail");
	/* discourse_docker: the next command sources what the script installs; a failed download fails the build there */
	df_audit(&r, "FROM ruby:3.4.5-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n"
		 "    && curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal \\\n"
		 "    && . \"$HOME/.cargo/env\" \\\n    && bundle install && rm -rf /var/lib/apt/lists/*\n");
	assert_finding(&r, "corr.pitfalls", "curl-pipe-shell", "info", 3, 8);
	file_result_free(&r);
	/* a system file exists whatever the download did; `;` after the chain may go on past the failure */
	expect_status("FROM debian:12.5-slim\nRUN curl -fsSL https://example.com/i.sh | sh && . /etc/os-release\n",
		      "corr.pitfalls", "fail");
	expect_status("FROM debian:12.5-slim\nRUN curl -fsSL https://example.com/i.sh | sh && . \"$HOME/.cargo/env\"; true\n",
		      "corr.pitfalls", "fail");
	expect_status("FROM debian:12.5-slim\nRUN set -eux -o pipefail; curl -fsSL https://example.com/i.sh | bash\n",
		      "corr.pitfalls", "pass");
	expect_status("FROM debian:12.5-slim\nRUN set -euo pipefail && curl -fsSL https://example.com/i.sh | bash\n",
		      "corr.pitfalls", "pass");
	expect_status("FROM debian:12.5-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
		      "RUN curl -fsSL https://example.com/i.sh | bash\n", "corr.pitfalls", "pass");
	/* SHELL after the RUN does not help it */
	expect_status("FROM debian:12.5-slim\nRUN curl -fsSL https://example.com/i.sh | bash\n"
		      "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n", "corr.pitfalls", "fail");
	expect_status("FROM debian:12.5-slim\nRUN curl -fsSL https://example.com/x.tgz | tar xz\n", "corr.pitfalls", "pass");
}

/*
 * Holdout 2 (role-dev), kimai Dockerfile:276-316 minimised: `FROM base AS dev`
 * beside the final `FROM base AS prod`; the dev stage's chmod 777 is not in
 * the shipped image, the prod stage's identical line is.
 */
static void test_pitfalls_dev_stage(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM php:8.3.14-apache-bookworm AS base\nWORKDIR /opt/kimai\n"
		 "FROM base AS dev\nRUN mkdir -p /opt/kimai/var/log && chmod 777 /opt/kimai/var/log\n"
		 "FROM base AS prod\nRUN mkdir -p /opt/kimai/var/log && chmod 750 /opt/kimai/var/log\n");
	assert_status(&r, "corr.pitfalls", "pass");
	assert_finding(&r, "corr.pitfalls", "chmod-777", "info", 4, 42);
	file_result_free(&r);
	/* the prod stage's own chmod 777 is still raised */
	expect_status("FROM php:8.3.14-apache-bookworm AS base\nWORKDIR /opt/kimai\n"
		      "FROM base AS dev\nRUN chmod 777 /opt/kimai/var/log\n"
		      "FROM base AS prod\nRUN chmod 777 /opt/kimai/var/log\n", "corr.pitfalls", "fail");
	/* a dev stage that is the file's final stage is the image: the file's role rules apply */
	expect_status("FROM php:8.3.14-apache-bookworm AS base\nWORKDIR /opt/kimai\n"
		      "FROM base AS dev\nRUN chmod 777 /opt/kimai/var/log\n", "corr.pitfalls", "fail");
	/* a stage the final one builds on is shipped, whatever its name */
	expect_status("FROM php:8.3.14-apache-bookworm AS dev\nRUN chmod 777 /var/log\n"
		      "FROM dev AS prod\nRUN true\n", "corr.pitfalls", "fail");
}

static void test_pitfalls_commands(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM debian:12.5-slim\nRUN sudo make install\nRUN chmod -R 777 /app\nEXPOSE 80 22\n"
		 "RUN apt-get update && apt-get install curl\n");
	assert_finding(&r, "corr.pitfalls", "sudo", "warning", 2, 5);
	assert_finding(&r, "corr.pitfalls", "chmod-777", "warning", 3, 14);
	assert_finding(&r, "corr.pitfalls", "expose-ssh", "warning", 4, 11);
	assert_finding(&r, "corr.pitfalls", "apt-no-y", "error", 5, 23);
	file_result_free(&r);
	/*
	 * an SSH server image (coolify's docker/testing-host, HOLDOUT15.md item
	 * 10): sshd is the program, port 22 its service; sshd beside an app, or
	 * started before it, is still the side door
	 */
	expect_status("FROM debian:12.5-slim\nEXPOSE 22\nCMD [\"/usr/sbin/sshd\", \"-D\", \"-e\"]\n",
		      "corr.pitfalls", "pass");
	expect_status("FROM debian:12.5-slim\nEXPOSE 22/tcp\nENTRYPOINT [\"/usr/sbin/sshd\", \"-D\"]\n",
		      "corr.pitfalls", "pass");
	expect_status("FROM debian:12.5-slim\nEXPOSE 22\nCMD /usr/sbin/sshd -D\n", "corr.pitfalls", "pass");
	expect_status("FROM debian:12.5-slim\nEXPOSE 22 8080\nCMD [\"node\", \"server.js\"]\n", "corr.pitfalls", "fail");
	expect_status("FROM debian:12.5-slim\nEXPOSE 22\nCMD service ssh start && node server.js\n", "corr.pitfalls",
		      "fail");
	expect_status("FROM debian:12.5-slim\nEXPOSE 22\n", "corr.pitfalls", "fail");
	expect_status("FROM debian:12.5-slim\nRUN apt-get install -qq curl\n", "corr.pitfalls", "pass");
	expect_status("FROM debian:12.5-slim\nRUN apt-get install --yes curl\n", "corr.pitfalls", "pass");
	expect_status("FROM debian:12.5-slim\nRUN apt-get -y install curl\n", "corr.pitfalls", "pass");
	expect_status("FROM debian:12.5-slim\nRUN chmod a+rwx /app\n", "corr.pitfalls", "fail");
	expect_status("FROM debian:12.5-slim\nRUN chmod 755 /app\n", "corr.pitfalls", "pass");
	/* every spelling of "do not ask" */
	expect_status("FROM debian:12.5-slim\nRUN apt-get install -q -q curl\n", "corr.pitfalls", "pass");
	expect_status("FROM debian:12.5-slim\nRUN apt-get install -q=2 curl\n", "corr.pitfalls", "pass");
	expect_status("FROM debian:12.5-slim\nRUN apt-get install --quiet --quiet curl\n", "corr.pitfalls", "pass");
	expect_status("FROM debian:12.5-slim\nRUN apt-get install -q curl\n", "corr.pitfalls", "fail");
	expect_status("FROM debian:12.5-slim\nRUN yes | apt-get install curl\n", "corr.pitfalls", "pass");
	df_audit(&r, "FROM rockylinux:9.3\nRUN dnf install curl\n");
	assert_finding(&r, "corr.pitfalls", "rpm-no-y", "error", 2, 5);
	file_result_free(&r);
	expect_status("FROM rockylinux:9.3\nRUN dnf --assumeyes install curl\n", "corr.pitfalls", "pass");
	expect_status("FROM photon:5.0\nRUN tdnf install -y curl\n", "corr.pitfalls", "pass");
	expect_status("FROM rockylinux:9.3\nRUN microdnf install curl\n", "corr.pitfalls", "fail");
	df_audit(&r, "FROM opensuse/leap:15.5\nRUN zypper install curl\n");
	assert_finding(&r, "corr.pitfalls", "zypper-no-n", "error", 2, 5);
	file_result_free(&r);
	expect_status("FROM opensuse/leap:15.5\nRUN zypper -n install curl\n", "corr.pitfalls", "pass");
	expect_status("FROM opensuse/leap:15.5\nRUN zypper --non-interactive in curl\n", "corr.pitfalls", "pass");
	/* sudo: -u drops privileges; after a non-root USER it is how root is reached (info) */
	expect_status("FROM debian:12.5-slim\nRUN sudo -u app make\n", "corr.pitfalls", "pass");
	df_audit(&r, "FROM debian:12.5-slim\nUSER app\nRUN sudo make install\n");
	assert_finding(&r, "corr.pitfalls", "sudo", "info", 3, 5);
	assert_status(&r, "corr.pitfalls", "pass");
	file_result_free(&r);
	/* two HEALTHCHECKs in one stage */
	df_audit(&r, "FROM nginx:1.25.4\nHEALTHCHECK CMD curl -f http://localhost/\nHEALTHCHECK CMD true\n");
	assert_finding(&r, "corr.pitfalls", "duplicate-healthcheck", "warning", 2, 1);
	file_result_free(&r);
	expect_status("FROM nginx:1.25.4 AS a\nHEALTHCHECK CMD true\nFROM a\nHEALTHCHECK CMD false\n", "corr.pitfalls", "pass");
}

static void test_pitfalls_copy_from(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM alpine:3.19.1 AS build\nFROM alpine:3.19.1\nCOPY --from=biuld /a /a\n");
	assert_status(&r, "corr.pitfalls", "fail");
	assert_finding(&r, "corr.pitfalls", "copy-from-unknown", "warning", 3, 6);
	file_result_free(&r);
	expect_status("FROM alpine:3.19.1 AS build\nFROM alpine:3.19.1\nCOPY --from=BUILD /a /a\n", "corr.pitfalls", "pass");
	expect_status("FROM alpine:3.19.1\nFROM alpine:3.19.1\nCOPY --from=0 /a /a\n", "corr.pitfalls", "pass");
	expect_status("FROM alpine:3.19.1\nCOPY --from=nginx:1.25.4 /etc/nginx /etc/nginx\n", "corr.pitfalls", "pass");
	expect_status("FROM alpine:3.19.1\nCOPY --from=ghcr.io/org/tool /bin/t /bin/t\n", "corr.pitfalls", "pass");
	/* a later stage is not an earlier one */
	expect_status("FROM alpine:3.19.1\nCOPY --from=later /a /a\nFROM alpine:3.19.1 AS later\n", "corr.pitfalls", "fail");
	/*
	 * Beyond revision 4 (HOLDOUT12.md, pgcat's Dockerfile.ci): sudo on a base
	 * image berth knows nothing of (cimg/rust runs as circleci) is info; on an
	 * official image (root) or after USER root it is the warning.
	 */
	df_audit(&r, "FROM cimg/rust:1.81.0\nRUN sudo apt-get update\n");
	assert_finding(&r, "corr.pitfalls", "sudo", "info", 2, 5);
	file_result_free(&r);
	expect_status("FROM cimg/rust:1.81.0\nUSER root\nRUN sudo apt-get update\n", "corr.pitfalls", "fail");
	expect_status("FROM debian:12.8-slim\nRUN sudo apt-get update\n", "corr.pitfalls", "fail");
	expect_status("FROM cimg/rust:1.81.0 AS b\nFROM b\nRUN sudo apt-get update\n", "corr.pitfalls", "pass");
	/* a named context a bake target (or --build-context) gives the build is no unknown name; another name still is */
	{
		char *named[] = { "src=../shared", "base=docker-image://alpine:3.20.3" };
		audit_with_named(&r, "FROM base\nCOPY --from=src /a /a\nCOPY --from=srcs /b /b\n", NULL, 0, named, 2);
		assert_int_equal(count_of(&r, "corr.pitfalls", "copy-from-unknown"), 1);
		assert_finding(&r, "corr.pitfalls", "copy-from-unknown", "warning", 3, 6);
		/* FROM a named context: its pin is the build's */
		assert_status(&r, "sec.pinned-base", "pass");
		assert_finding(&r, "sec.pinned-base", "named-context", "info", 1, 6);
		file_result_free(&r);
		audit_with_named(&r, "FROM base:latest\n", NULL, 0, named, 2);
		assert_status(&r, "sec.pinned-base", "fail");
		file_result_free(&r);
	}
}

/* Verification turned off: rule insecure-download. */
static void test_pitfalls_insecure(void **state)
{
	static const char *const bad[] = {
		"RUN curl -k https://example.com/a -o /a\n", "RUN curl --insecure https://example.com/a -o /a\n",
		"RUN wget --no-check-certificate https://example.com/a\n",
		"RUN pip install --trusted-host pypi.example flask\n", "ENV PIP_TRUSTED_HOST=pypi.example\n",
		"RUN apt-get install -y --allow-unauthenticated curl\n", "RUN apt-get install -y --force-yes curl\n",
		"RUN apt-get -o APT::Get::AllowUnauthenticated=true install -y curl\n",
		"RUN apk add --allow-untrusted /tmp/x.apk\n", "RUN rpm -i --nosignature x.rpm\n",
		"RUN dnf install -y --nogpgcheck x\n", "RUN npm config set strict-ssl false\n",
		"ENV NPM_CONFIG_STRICT_SSL=false\n", "ENV NODE_TLS_REJECT_UNAUTHORIZED=0\n",
		"RUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci\n", "RUN git -c http.sslVerify=false clone https://example.com/r\n",
		"ENV GIT_SSL_NO_VERIFY=1\n", "RUN export GIT_SSL_NO_VERIFY=true && git clone https://example.com/r\n",
		"RUN NODE_TLS_REJECT_UNAUTHORIZED=0\n", NULL };
	char buf[256];
	struct file_result r;
	(void)state;
	for (const char *const *b = bad; *b; b++) {
		snprintf(buf, sizeof(buf), "FROM debian:12.5-slim\n%s", *b);
		df_audit(&r, buf);
		if (!finding_of(&r, "corr.pitfalls", "insecure-download")) {
			dump_result(&r);
			fail_msg("no insecure-download for %s", *b);
		}
		assert_status(&r, "corr.pitfalls", "fail");
		file_result_free(&r);
	}
	expect_status("FROM debian:12.5-slim\nRUN curl -fsSL https://example.com/a -o /a\nENV GIT_SSL_NO_VERIFY=\n",
		      "corr.pitfalls", "pass");
	/* ADD of a URL without --checksum: info */
	df_audit(&r, "FROM debian:12.5-slim\nADD https://example.com/a.tgz /a.tgz\n");
	assert_finding(&r, "corr.pitfalls", "add-url-no-checksum", "info", 2, 5);
	file_result_free(&r);
	df_audit(&r, "# syntax=docker/dockerfile:1\nFROM debian:12.5-slim\nADD --checksum=sha256:0a https://example.com/a.tgz /a.tgz\n");
	assert_no_finding(&r, "corr.pitfalls", "add-url-no-checksum");
	file_result_free(&r);
}

static void test_pitfalls_info(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM alpine:3.19.1\nMAINTAINER me@example.com\nADD app.py /app/\nADD rootfs.tar.gz /\n"
		 "ADD https://example.com/x.txt /x\nRUN cd /app && make\n");
	assert_status(&r, "corr.pitfalls", "pass");
	assert_finding(&r, "corr.pitfalls", "maintainer", "info", 2, 1);
	assert_finding(&r, "corr.pitfalls", "add-local-file", "info", 3, 5);
	assert_int_equal(count_of(&r, "corr.pitfalls", "add-local-file"), 1);
	assert_finding(&r, "corr.pitfalls", "cd-in-run", "info", 6, 5);
	file_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_workdir),
		cmocka_unit_test(test_workdir_known_root),
		cmocka_unit_test(test_copy_ownership),
		cmocka_unit_test(test_copy_ownership_program),
		cmocka_unit_test(test_expose_port),
		cmocka_unit_test(test_production_cmd),
		cmocka_unit_test(test_parse_refused),
		cmocka_unit_test(test_env_defaults),
		cmocka_unit_test(test_env_defaults_supplied),
		cmocka_unit_test(test_syntax_directive),
		cmocka_unit_test(test_pitfalls_pipes),
		cmocka_unit_test(test_pitfalls_commands),
		cmocka_unit_test(test_pitfalls_dev_stage),
		cmocka_unit_test(test_pitfalls_copy_from),
		cmocka_unit_test(test_pitfalls_info),
		cmocka_unit_test(test_pitfalls_insecure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
