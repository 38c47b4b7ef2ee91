/* Performance items of CHECKLIST.md on small inline Dockerfiles. */
#include "test_check_util.h"

#include <stdlib.h>

#include "scan.h"

/* ---- perf.multi-stage ---- */

static void test_multi_stage_na(void **state)
{
	(void)state;
	expect_status("FROM python:3.11.11-slim\nRUN pip install flask\n", "perf.multi-stage", "n/a");
	expect_status("FROM alpine:3.19.1\nRUN apk add --no-cache curl git\n", "perf.multi-stage", "n/a");
}

static void test_multi_stage_compile_in_final(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM golang:1.22.1\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nCMD [\"/app\"]\n");
	assert_status(&r, "perf.multi-stage", "fail");
	assert_finding(&r, "perf.multi-stage", "build-in-final", "warning", 4, 5);
	assert_int_equal(finding_of(&r, "perf.multi-stage", NULL)->fix, FIX_NONE);
	file_result_free(&r);
	/* one finding per RUN */
	df_audit(&r, "FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y make gcc\nRUN make && make install\n");
	assert_finding(&r, "perf.multi-stage", "build-in-final", "warning", 3, 5);
	assert_int_equal(count_of(&r, "perf.multi-stage", NULL), 1);
	file_result_free(&r);
}

static void test_multi_stage_builder_stage_passes(void **state)
{
	(void)state;
	expect_status("FROM golang:1.22.1 AS build\nRUN go build -o /app .\n"
		      "FROM alpine:3.19.1\nCOPY --from=build /app /app\nCMD [\"/app\"]\n", "perf.multi-stage", "pass");
	/* a stage used only through COPY --from is not in the final chain */
	expect_status("FROM python:3.11.11-slim AS build\nRUN apt-get update && apt-get install -y gcc && pip wheel -w /w .\n"
		      "FROM python:3.11.11-slim\nCOPY --from=build /w /w\nRUN pip install /w/*.whl\n",
		      "perf.multi-stage", "pass");
	/* trailing dev-named stages are not the final stage */
	expect_status("FROM golang:1.22.1 AS build\nRUN go build -o /app .\n"
		      "FROM alpine:3.19.1 AS prod\nCOPY --from=build /app /app\n"
		      "FROM golang:1.22.1 AS dev-env\nRUN go build ./...\n", "perf.multi-stage", "pass");
	/* a trailing stage used only as a source is not the final stage */
	expect_status("FROM alpine:3.19.1 AS prod\nCOPY --from=assets /out /srv\nCMD [\"/srv/app\"]\n"
		      "FROM golang:1.22.1 AS assets\nRUN go build -o /out/app .\n", "perf.multi-stage", "pass");
	expect_status("FROM alpine:3.19.1 AS prod\nRUN --mount=from=tools,target=/t /t/gen\n"
		      "FROM golang:1.22.1 AS tools\nRUN go build -o /gen .\n", "perf.multi-stage", "pass");
	/* not used by anything: it is the final stage */
	expect_status("FROM alpine:3.19.1 AS prod\nCMD [\"/srv/app\"]\n"
		      "FROM golang:1.22.1 AS other\nRUN go build -o /out/app .\n", "perf.multi-stage", "fail");
}

static void test_multi_stage_native_build(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM python:3.11.11-slim\nRUN apt-get update && apt-get install -y gcc libpq-dev\n"
		 "RUN pip install psycopg2\n");
	assert_status(&r, "perf.multi-stage", "fail");
	assert_finding(&r, "perf.multi-stage", "native-build-in-final", "warning", 3, 5);
	file_result_free(&r);
	/* inherited through FROM <stage> */
	expect_status("FROM python:3.11.11-slim AS base\nRUN apt-get update && apt-get install -y build-essential\n"
		      "FROM base AS app\nRUN pip install -r requirements.txt\n", "perf.multi-stage", "fail");
	/* -dev packages alone build nothing: no compiler is present */
	expect_status("FROM python:3.11.11-slim\nRUN apt-get update && apt-get install -y libpq-dev\n"
		      "RUN pip install psycopg2\n", "perf.multi-stage", "pass");
	/* a compiler installed from an ARG's packages */
	expect_status("FROM python:3.11.11-slim\nARG DEPS=\"gcc libpq-dev\"\nRUN apt-get update && apt-get install -y $DEPS\n"
		      "RUN pip install psycopg2\n", "perf.multi-stage", "fail");
	/* upgrading the installers themselves builds nothing */
	expect_status("FROM python:3.11.11-slim\nRUN apt-get update && apt-get install -y gcc\n"
		      "RUN pip install --upgrade pip setuptools wheel\n", "perf.multi-stage", "pass");
}

static void test_multi_stage_toolchain_removed(void **state)
{
	(void)state;
	expect_status("FROM python:3.11.11-slim\nRUN apt-get update && apt-get install -y gcc "
		      "&& pip install -r requirements.txt && apt-get purge -y gcc\n", "perf.multi-stage", "pass");
	expect_status("FROM python:3.12.2-alpine3.19\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev "
		      "&& pip install psycopg2 && apk del .build-deps\n", "perf.multi-stage", "pass");
	/* the official images' unnamed purge --auto-remove */
	expect_status("FROM debian:12.5-slim\nRUN buildDeps='gcc make' && apt-get update && apt-get install -y $buildDeps gcc "
		      "&& make && apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false\n",
		      "perf.multi-stage", "pass");
}

/* Beyond revision 4 (HOLDOUT5 pattern 4): the toolchain a RUN installs and removes does not stay. */
static void test_multi_stage_same_run_toolchain(void **state)
{
	struct file_result r;
	(void)state;
	/* kanidm rlm_python: python3-devel stays from an earlier RUN, gcc comes and goes with the build */
	expect_status("FROM opensuse/leap:15.6\nRUN zypper install -y python3 python3-devel python3-pip\n"
		      "RUN zypper install -y gcc openssl-devel && python3 -m pip install /pkg/pykanidm "
		      "&& zypper remove -y gcc openssl-devel\n", "perf.multi-stage", "pass");
	/* a compiler staying from an earlier RUN still builds there */
	df_audit(&r, "FROM opensuse/leap:15.6\nRUN zypper install -y gcc python3-pip\n"
		 "RUN zypper install -y openssl-devel && python3 -m pip install /pkg/pykanidm "
		 "&& zypper remove -y openssl-devel\n");
	assert_status(&r, "perf.multi-stage", "fail");
	assert_finding(&r, "perf.multi-stage", "native-build-in-final", "warning", 3, 40);
	file_result_free(&r);
	/* the same RUN keeping part of its toolchain: it stays */
	expect_status("FROM opensuse/leap:15.6\nRUN zypper install -y gcc openssl-devel && python3 -m pip install /pkg/x "
		      "&& zypper remove -y openssl-devel\n", "perf.multi-stage", "fail");
}

/* Beyond revision 4 (HOLDOUT5 pattern 4, paperless-ai): one native-build finding per final chain. */
static void test_multi_stage_native_once(void **state)
{
	struct file_result r;
	const struct finding *f;
	(void)state;
	df_audit(&r, "FROM node:22.12.0-slim\nWORKDIR /app\nRUN apt-get update && apt-get install -y python3-pip make g++\n"
		 "RUN npm install pm2 -g\nRUN pip install --upgrade pip && pip install --no-cache-dir -r requirements.txt\n"
		 "RUN npm ci --only=production\n");
	assert_status(&r, "perf.multi-stage", "fail");
	assert_int_equal(count_of(&r, "perf.multi-stage", "native-build-in-final"), 1);
	/* on the first project dependency install, not the global tool before it */
	f = finding_of(&r, "perf.multi-stage", "native-build-in-final");
	assert_int_equal(f->line, 5);
	assert_non_null(strstr(f->message, "3 installs"));
	file_result_free(&r);
	/* no project install: the first install */
	df_audit(&r, "FROM node:22.12.0-slim\nRUN apt-get update && apt-get install -y make g++\nRUN npm install pm2 -g\n");
	assert_finding(&r, "perf.multi-stage", "native-build-in-final", "warning", 3, 5);
	assert_null(strstr(finding_of(&r, "perf.multi-stage", NULL)->message, "installs of"));
	file_result_free(&r);
	/* a compile step is still its own finding per RUN */
	df_audit(&r, "FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y gcc make python3-pip\n"
		 "RUN pip install -r requirements.txt\nRUN make\n");
	assert_int_equal(count_of(&r, "perf.multi-stage", "native-build-in-final"), 1);
	assert_int_equal(count_of(&r, "perf.multi-stage", "build-in-final"), 1);
	file_result_free(&r);
}

static void test_multi_stage_toolchain_image(void **state)
{
	(void)state;
	expect_status("FROM node:20.11.1\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD [\"node\", \"dist/index.js\"]\n",
		      "perf.multi-stage", "fail");
	/* a toolchain left behind with nothing built is size.no-build-tools' business */
	expect_status("FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y gcc\n", "perf.multi-stage", "pass");
	expect_status("FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y gcc\n", "size.no-build-tools", "fail");
}

/* ---- perf.cache-mounts ---- */

static void test_cache_mounts(void **state)
{
	struct file_result r;
	(void)state;
	expect_status("FROM alpine:3.19.1\nRUN apk add --no-cache curl\n", "perf.cache-mounts", "n/a");
	df_audit(&r, "FROM python:3.11.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n");
	assert_status(&r, "perf.cache-mounts", "fail");
	assert_finding(&r, "perf.cache-mounts", "no-cache-mount", "warning", 4, 5);
	assert_int_equal(finding_of(&r, "perf.cache-mounts", NULL)->fix, FIX_AUTO);
	file_result_free(&r);
	expect_status("FROM python:3.11.11-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\n",
		      "perf.cache-mounts", "pass");
	expect_status("FROM node:20.11.1-slim\nRUN npm ci --omit=dev\n", "perf.cache-mounts", "fail");
}

static void test_cache_mounts_info(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM python:3.11.11-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n"
		 "RUN pip install httpie\n");
	assert_status(&r, "perf.cache-mounts", "pass");
	assert_finding(&r, "perf.cache-mounts", "no-cache-mount-named", "info", 3, 5);
	assert_finding(&r, "perf.cache-mounts", "os-no-cache-mount", "info", 2, 0);
	file_result_free(&r);
	/* the seed's own --no-cache-dir beside a pip cache mount */
	df_audit(&r, "FROM python:3.11.11-slim\nRUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install --no-cache-dir .\n");
	assert_status(&r, "perf.cache-mounts", "pass");
	/* on a continuation line: the finding points at the physical line and column of the command */
	assert_finding(&r, "perf.cache-mounts", "cache-mount-wasted", "info", 3, 5);
	file_result_free(&r);
}

/*
 * HOLDOUT9.md (deps-prebuilt), otterwiki's Dockerfile, minimised: `pip
 * install .` after a cache-mounted `pip install -r` of the same stage (or a
 * stage it is built FROM) downloads little: info.
 */
static void test_pip_project_after_cached_requirements(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM python:3.12.8-slim AS compile\nCOPY pyproject.toml /src/\nWORKDIR /src\n"
		 "RUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt\n"
		 "COPY otterwiki /src/otterwiki\nFROM compile AS final\nRUN pip install .\n");
	assert_status(&r, "perf.cache-mounts", "pass");
	assert_finding(&r, "perf.cache-mounts", "deps-cached-before", "info", 7, 5);
	assert_non_null(strstr(finding_of(&r, "perf.cache-mounts", "deps-cached-before")->message, "line 4"));
	file_result_free(&r);
	/* no cache mount on the requirements, an index package, a requirements file: still a warning */
	expect_status("FROM python:3.12.8-slim\nWORKDIR /src\nRUN pip install -r requirements.txt\nCOPY . .\n"
		      "RUN pip install .\n", "perf.cache-mounts", "fail");
	expect_status("FROM python:3.12.8-slim\nWORKDIR /src\nRUN --mount=type=cache,target=/root/.cache pip install -r r.txt\n"
		      "COPY . .\nRUN pip install . gunicorn\n", "perf.cache-mounts", "fail");
	/* a later RUN, or another stage's, installs nothing for this one */
	expect_status("FROM python:3.12.8-slim AS a\nRUN --mount=type=cache,target=/root/.cache pip install -r r.txt\n"
		      "FROM python:3.12.8-slim\nCOPY . /src\nWORKDIR /src\nRUN pip install .\n", "perf.cache-mounts", "fail");
	expect_status("FROM python:3.12.8-slim\nCOPY . /src\nWORKDIR /src\nRUN pip install .\n"
		      "RUN --mount=type=cache,target=/root/.cache pip install -r r.txt\n", "perf.cache-mounts", "fail");
}

/*
 * Holdout 2 (deps-prebuilt), wger extras/docker/production/Dockerfile:107,
 * minimised: the dependencies are wheels a builder stage made from
 * pyproject.toml alone, bind-mounted into the final stage; nothing is
 * downloaded after `COPY . .`.
 */
static void test_pip_local_wheels(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM python:3.12.8-slim AS builder\nCOPY pyproject.toml /root/src/\n"
		 "RUN pip3 wheel --no-cache-dir --wheel-dir /wheels /root/src\n"
		 "FROM python:3.12.8-slim\nCOPY . /home/wger/src\nWORKDIR /home/wger/src\n"
		 "RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \\\n"
		 "    pip3 install --no-cache-dir --user /wheels/* \\\n"
		 "    && pip3 install --user .\n");
	assert_status(&r, "perf.cache-mounts", "pass");
	assert_finding(&r, "perf.cache-mounts", "local-wheels", "info", 8, 5);
	assert_status(&r, "perf.layer-order", "pass");
	assert_finding(&r, "perf.layer-order", "deps-after-copy", "info", 9, 8);
	file_result_free(&r);
	/* the project's own sources are local: --no-index, --find-links to a folder, wheel files */
	expect_status("FROM python:3.12.8-slim\nCOPY . /app\nWORKDIR /app\n"
		      "RUN pip install --no-index --find-links /wheels -r requirements.txt\n", "perf.cache-mounts", "pass");
	expect_status("FROM python:3.12.8-slim\nCOPY . /app\nWORKDIR /app\n"
		      "RUN pip install -f ./wheels -r requirements.txt\n", "perf.layer-order", "pass");
	expect_status("FROM python:3.12.8-slim\nCOPY . /app\nWORKDIR /app\nRUN pip install dist/app-1.0-py3-none-any.whl\n",
		      "perf.cache-mounts", "pass");
	/* an index URL is not local, and `pip install .` alone still downloads its dependencies */
	expect_status("FROM python:3.12.8-slim\nCOPY . /app\nWORKDIR /app\n"
		      "RUN pip install -f https://download.pytorch.org/whl/torch_stable.html -r requirements.txt\n",
		      "perf.cache-mounts", "fail");
	df_audit(&r, "FROM python:3.12.8-slim\nCOPY . /app\nWORKDIR /app\nRUN pip install httpie && pip install .\n");
	assert_status(&r, "perf.cache-mounts", "fail");
	assert_finding(&r, "perf.cache-mounts", "no-cache-mount", "warning", 4, 27);
	assert_status(&r, "perf.layer-order", "fail");
	file_result_free(&r);
}

/* hoppscotch prod.Dockerfile: pnpm's Docker idiom, the store filled from the lockfile in its own layer */
static void test_pnpm_fetch_idiom(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM node:22.14.0-alpine AS base\nWORKDIR /usr/src/app\nCOPY pnpm-lock.yaml .\nRUN pnpm fetch\n"
		 "FROM base AS build\nCOPY . .\nRUN pnpm install -f --prefer-offline\n");
	assert_status(&r, "perf.cache-mounts", "pass");
	assert_finding(&r, "perf.cache-mounts", "prefetched-store", "info", 7, 5);
	assert_status(&r, "perf.layer-order", "pass");
	assert_finding(&r, "perf.layer-order", "deps-after-copy", "info", 7, 5);
	file_result_free(&r);
	df_audit(&r, "FROM node:22.14.0-alpine\nWORKDIR /app\nCOPY pnpm-lock.yaml .\nRUN pnpm fetch --prod && pnpm install --offline --prod\n");
	assert_status(&r, "perf.cache-mounts", "pass");
	file_result_free(&r);
	/* without the offline flag, or without a fetch before, the install downloads */
	expect_status("FROM node:22.14.0-alpine\nWORKDIR /app\nCOPY pnpm-lock.yaml .\nRUN pnpm fetch\nCOPY . .\nRUN pnpm install\n",
		      "perf.cache-mounts", "fail");
	expect_status("FROM node:22.14.0-alpine\nWORKDIR /app\nCOPY . .\nRUN pnpm install --offline && pnpm fetch\n",
		      "perf.cache-mounts", "fail");
	/* a fetch in a stage the install is not built from fills another store */
	expect_status("FROM node:22.14.0-alpine AS a\nRUN pnpm fetch\nFROM node:22.14.0-alpine\nWORKDIR /app\nCOPY . .\n"
		      "RUN pnpm install --prefer-offline\n", "perf.layer-order", "fail");
}

/* ---- perf.layer-order ---- */

static void test_layer_order(void **state)
{
	struct file_result r;
	struct memfs *m = memfs_new();
	struct fsview fs;
	const char *bad = "FROM python:3.11.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\n";
	(void)state;
	expect_status("FROM python:3.11.11-slim\nCOPY app.py /app/\n", "perf.layer-order", "n/a");
	df_audit(&r, bad);
	assert_status(&r, "perf.layer-order", "fail");
	assert_finding(&r, "perf.layer-order", "deps-after-copy", "warning", 4, 5);
	assert_int_equal(finding_of(&r, "perf.layer-order", NULL)->fix, FIX_NONE);
	file_result_free(&r);
	/* auto fix only when the manifest exists in the context */
	memfs_add(m, "requirements.txt", "flask\n", 1);
	memfs_view(m, &fs);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, bad, &fs);
	assert_int_equal(finding_of(&r, "perf.layer-order", NULL)->fix, FIX_AUTO);
	file_result_free(&r);
	memfs_free(m);
	expect_status("FROM python:3.11.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n"
		      "COPY . .\nRUN pip install --no-deps .\n", "perf.layer-order", "pass");
	expect_status("FROM node:20.11.1-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n", "perf.layer-order", "fail");
}

/* ---- perf.dockerignore ---- */

static void audit_ctx(struct file_result *r, const char *path, const char *text, const struct fsview *fs,
		      char *const *ctx, size_t n)
{
	struct text t;
	text_init(&t, text, strlen(text));
	scan_audit_file(r, path, KIND_DOCKERFILE, text, strlen(text), &t, fs, NULL, ctx, n);
	text_free(&t);
}

static void test_dockerignore(void **state)
{
	const char *df = "FROM python:3.11.11-slim\nWORKDIR /app\nCOPY . .\n";
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct file_result r;
	(void)state;
	memfs_view(m, &fs);
	expect_status("FROM python:3.11.11-slim\nCOPY app.py /app/\n", "perf.dockerignore", "n/a");
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "perf.dockerignore", "fail");
	assert_finding(&r, "perf.dockerignore", "no-dockerignore", "warning", 1, 1);
	assert_non_null(strstr(finding_of(&r, "perf.dockerignore", NULL)->message, ".env, .git and other junk"));
	file_result_free(&r);
	/* gitleaks: the build stamps `git describe` after COPY . .: .git is no junk to it */
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM golang:1.24 AS build\nCOPY . .\n"
		   "RUN VERSION=$(git describe --tags --abbrev=0) && go build -o /out/app\n", &fs);
	assert_finding(&r, "perf.dockerignore", "no-dockerignore", "warning", 1, 1);
	assert_null(strstr(finding_of(&r, "perf.dockerignore", NULL)->message, ".env, .git"));
	assert_non_null(strstr(finding_of(&r, "perf.dockerignore", NULL)->message, "keep .git: the build reads it"));
	file_result_free(&r);
	memfs_add(m, ".dockerignore", ".env\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "perf.dockerignore", "fail");     /* .git is required at the repository root */
	assert_finding(&r, "perf.dockerignore", "git-not-ignored", "warning", 1, 1);
	assert_no_finding(&r, "perf.dockerignore", "env-not-ignored");
	file_result_free(&r);
	memfs_add(m, ".dockerignore", ".git\n.env\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "perf.dockerignore", "pass");
	file_result_free(&r);
	/* evaluated like Docker: folders with a trailing slash, ** */
	memfs_add(m, ".dockerignore", ".git/\n**/.env\nnode_modules\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "perf.dockerignore", "pass");
	file_result_free(&r);
	memfs_add(m, ".dockerignore", "*\n!src\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "perf.dockerignore", "pass");
	file_result_free(&r);
	/*
	 * An allow-list that re-includes .git fails (CHECKLIST.md revision 4),
	 * vaultwarden's `!.git` included: its fix leaves that line alone
	 * (fixtures perf.dockerignore/reincluded-git).
	 */
	memfs_add(m, ".dockerignore", "// Ignore everything\n*\n\n// Allow what is needed\n!.git\n!docker/start.sh\n!src\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_finding(&r, "perf.dockerignore", "git-not-ignored", "warning", 1, 1);
	file_result_free(&r);
	memfs_add(m, ".dockerignore", "*\n!/.git/\n!src\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "perf.dockerignore", "fail");
	file_result_free(&r);
	/* so does .git re-included by a wide pattern */
	memfs_add(m, ".dockerignore", "*\n!.github\n!src\n!*\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_finding(&r, "perf.dockerignore", "git-not-ignored", "warning", 1, 1);
	file_result_free(&r);
	/* an allow-list that re-includes .env still fails on it */
	memfs_add(m, ".dockerignore", "*\n!.git\n!.env\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_finding(&r, "perf.dockerignore", "git-not-ignored", "warning", 1, 1);   /* .git and .env: one finding */
	assert_non_null(strstr(finding_of(&r, "perf.dockerignore", NULL)->message, ".env"));
	file_result_free(&r);
	memfs_add(m, ".dockerignore", ".git\n.env\n!.env\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_finding(&r, "perf.dockerignore", "env-not-ignored", "warning", 1, 1);
	file_result_free(&r);
	memfs_add(m, ".dockerignore", ".git\n.env\n", 1);
	/* <Dockerfile>.dockerignore beside the Dockerfile wins */
	memfs_add(m, "Dockerfile.dockerignore", ".git\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_finding(&r, "perf.dockerignore", "env-not-ignored", "warning", 1, 1);
	file_result_free(&r);
	memfs_free(m);
}

/* Revision 4: .env need not be excluded when it is tracked (public already) or a COPY reads it by name. */
static void test_dockerignore_env_wanted(void **state)
{
	const char *df = "FROM python:3.11.11-slim\nWORKDIR /app\nCOPY . .\n";
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct file_result r;
	(void)state;
	memfs_add(m, ".dockerignore", ".git\n", 1);
	memfs_view(m, &fs);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "perf.dockerignore", "fail");
	file_result_free(&r);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, "FROM python:3.11.11-slim\nWORKDIR /app\nCOPY .env ./\nCOPY . .\n", &fs);
	assert_status(&r, "perf.dockerignore", "pass");
	file_result_free(&r);
	memfs_add(m, ".env", "DEBUG=1\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "perf.dockerignore", "pass");
	file_result_free(&r);
	/* an untracked .env is what the rule is for */
	memfs_add(m, ".env", "TOKEN=s3cret\n", 0);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "perf.dockerignore", "fail");
	file_result_free(&r);
	memfs_free(m);
}

static void test_dockerignore_contexts(void **state)
{
	const char *df = "FROM python:3.11.11-slim\nWORKDIR /app\nCOPY . .\n";
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct file_result r;
	char *ctx[] = { "api", "" };
	(void)state;
	memfs_add(m, "api/.dockerignore", ".env\n", 1);
	memfs_add(m, "api/Dockerfile", df, 1);
	memfs_view(m, &fs);
	/* in a sub-folder context, .git is not required */
	audit_text(&r, "api/Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "perf.dockerignore", "pass");
	file_result_free(&r);
	/* a Compose build from the root with no root .dockerignore fails */
	audit_ctx(&r, "api/Dockerfile", df, &fs, ctx, 2);
	assert_status(&r, "perf.dockerignore", "fail");
	assert_int_equal(count_of(&r, "perf.dockerignore", "no-dockerignore"), 1);
	file_result_free(&r);
	/* negation brings .env back: with nothing to keep out on disk, info (revision 4: "nothing to exclude today") */
	memfs_add(m, "api/.dockerignore", ".env\n!.env\n", 1);
	audit_text(&r, "api/Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "perf.dockerignore", "pass");
	assert_finding(&r, "perf.dockerignore", "env-not-ignored", "info", 1, 1);
	file_result_free(&r);
	/* a local .env (untracked) or node_modules in the context: it would reach the builder */
	memfs_add(m, "api/.env", "TOKEN=x\n", 0);
	audit_text(&r, "api/Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "perf.dockerignore", "fail");
	file_result_free(&r);
	memfs_free(m);
	m = memfs_new();
	memfs_add(m, "web/.dockerignore", "dist\n", 1);
	memfs_add(m, "web/.env.example", "TOKEN=\n", 1);
	memfs_view(m, &fs);
	audit_text(&r, "web/Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "perf.dockerignore", "pass");          /* an example is no secret */
	file_result_free(&r);
	memfs_add(m, "web/node_modules/x/index.js", "1\n", 0);
	audit_text(&r, "web/Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "perf.dockerignore", "fail");
	file_result_free(&r);
	memfs_free(m);
}

/*
 * Beyond revision 4 (HOLDOUT3 pattern 3, HOLDOUT5 pattern 7): a build that
 * reads .git is not asked to exclude it.
 */
static void expect_git_request(struct memfs *m, const char *df, int want)
{
	struct fsview fs;
	struct file_result r;
	memfs_view(m, &fs);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	if (want != (finding_of(&r, "perf.dockerignore", "git-not-ignored") != NULL))
		fail_msg("git-not-ignored %s for:\n%s", want ? "missing" : "raised", df);
	/* .env is still asked for */
	assert_non_null(finding_of(&r, "perf.dockerignore", want ? "git-not-ignored" : "env-not-ignored"));
	file_result_free(&r);
}

static void test_dockerignore_build_reads_git(void **state)
{
	struct memfs *m = memfs_new();
	(void)state;
	memfs_add(m, ".dockerignore", "node_modules\n", 1);
	/* netbird combined/Dockerfile.multistage: the version stamped from git after COPY . . */
	expect_git_request(m, "FROM golang:1.25.1-bookworm AS builder\nWORKDIR /app\nCOPY . .\n"
			   "RUN go build -ldflags=\"-X main.commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\" "
			   "-o server ./combined\nFROM ubuntu:24.04\nCOPY --from=builder /app/server /server\n", 0);
	/* git before the context is copied, or cloning another repository, reads no .git of the context */
	expect_git_request(m, "FROM golang:1.25.1-bookworm\nRUN git describe --tags\nCOPY . .\n", 1);
	expect_git_request(m, "FROM golang:1.25.1-bookworm\nCOPY . .\n"
			   "RUN git clone https://github.com/acme/lib /lib && git config --global x.y z\n", 1);
	/* a stage built FROM the one that copied the context; a bind mount of the context */
	expect_git_request(m, "FROM golang:1.25.1-bookworm AS src\nCOPY . .\nFROM src\nRUN git -C /src describe --tags\n", 0);
	expect_git_request(m, "FROM golang:1.25.1-bookworm AS lint\nCOPY . .\nFROM golang:1.25.1-bookworm\n"
			   "RUN --mount=type=bind,target=/src git -C /src describe\n", 0);
	expect_git_request(m, "FROM golang:1.25.1-bookworm AS lint\nCOPY . .\nFROM golang:1.25.1-bookworm\n"
			   "RUN --mount=type=bind,from=lint,target=/src git -C /src describe\n", 1);
	/* miniflux: make, whose Makefile stamps git describe; without git in it, .git is asked for */
	memfs_add(m, "Makefile", "VERSION := $(shell git describe --tags --exact-match 2>/dev/null)\n", 1);
	expect_git_request(m, "FROM golang:1.25.1-alpine AS build\nADD . /go/src/app\nWORKDIR /go/src/app\nRUN make miniflux\n", 0);
	/* writefreely: the Makefile stamps it in backticks; yopass: a substitution inside ${VAR:-…} */
	memfs_add(m, "Makefile", "GITREV=`git describe | cut -c 2-`\nbuild:\n\tgo build\n", 1);
	expect_git_request(m, "FROM golang:1.25.1-alpine AS build\nADD . /go/src/app\nWORKDIR /go/src/app\nRUN make build\n", 0);
	expect_git_request(m, "FROM golang:1.25.1-alpine AS build\nCOPY . .\n"
			   "RUN VERSION=${VERSION:-$(git rev-parse --short HEAD)} && go build -ldflags \"-X main.v=$VERSION\"\n", 0);
	memfs_add(m, "Makefile", "VERSION := 1.0\nbuild:\n\tgo build\n", 1);
	expect_git_request(m, "FROM golang:1.25.1-alpine AS build\nADD . /go/src/app\nWORKDIR /go/src/app\nRUN make miniflux\n", 1);
	/* vikunja: mage, whose magefile.go runs git */
	memfs_add(m, "magefile.go", "func version() { exec.CommandContext(ctx, \"git\", \"describe\") }\n", 1);
	expect_git_request(m, "FROM golang:1.25.1\nCOPY . ./\nRUN mage build:clean && mage release\n", 0);
	/* cargo, whose build script runs git */
	memfs_add(m, "src/config/build.rs", "fn main() { Command::new(\"git\").args([\"describe\"]); }\n", 1);
	expect_git_request(m, "FROM rust:1.89.0\nCOPY . .\nRUN cargo build --release\n", 0);
	expect_git_request(m, "FROM rust:1.89.0\nCOPY . .\nRUN . /env-cargo && xx-cargo build --release\n", 0);
	memfs_free(m);
	/* atuin: only the client crate stamps git; the server binary the image builds does not */
	m = memfs_new();
	memfs_add(m, ".dockerignore", "target\n", 1);
	memfs_add(m, "crates/atuin/build.rs", "fn main() { Command::new(\"git\").args([\"rev-parse\", \"HEAD\"]); }\n", 1);
	memfs_add(m, "crates/atuin-server-postgres/build.rs", "fn main() { println!(\"cargo:rerun-if-changed=migrations\"); }\n", 1);
	expect_git_request(m, "FROM rust:1.89.0\nCOPY . .\nRUN cargo build --release --bin atuin-server\n", 1);
	expect_git_request(m, "FROM rust:1.89.0\nCOPY . .\nRUN cargo chef prepare --recipe-path recipe.json && "
			   "cargo build --release --bin atuin-server\n", 1);
	expect_git_request(m, "FROM rust:1.89.0\nCOPY . .\nRUN cargo build --release --bin atuin\n", 0);
	expect_git_request(m, "FROM rust:1.89.0\nCOPY . .\nRUN cargo build --release\n", 0);
	memfs_free(m);
}

/*
 * One .dockerignore missing both .git and .env is one problem at one line
 * (meilisearch's root `.dockerignore`: target, Dockerfile, .dockerignore,
 * .gitignore): one finding naming both, kept under the .git rule.
 */
static void test_dockerignore_git_and_env_once(void **state)
{
	const char *df = "FROM rust:1.89.0-alpine3.22 AS compiler\nWORKDIR /\nCOPY . .\nRUN cargo build --release\n"
			 "FROM alpine:3.22.1\nCOPY --from=compiler /target/release/app /bin/app\n";
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct file_result r;
	const struct finding *f;
	(void)state;
	memfs_add(m, ".dockerignore", "target\nDockerfile\n.dockerignore\n.gitignore\n", 1);
	memfs_view(m, &fs);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_status(&r, "perf.dockerignore", "fail");
	assert_int_equal(count_of(&r, "perf.dockerignore", NULL), 1);
	f = finding_of(&r, "perf.dockerignore", "git-not-ignored");
	assert_non_null(f);
	assert_int_equal(f->line, 5);
	assert_non_null(strstr(f->message, ".git"));
	assert_non_null(strstr(f->message, ".env"));
	assert_no_finding(&r, "perf.dockerignore", "env-not-ignored");
	file_result_free(&r);
	/* only .env missing (a sub-folder context needs no .git): the .env rule, as before */
	memfs_add(m, ".dockerignore", ".git\n", 1);
	audit_text(&r, "Dockerfile", KIND_DOCKERFILE, df, &fs);
	assert_int_equal(count_of(&r, "perf.dockerignore", NULL), 1);
	assert_non_null(finding_of(&r, "perf.dockerignore", "env-not-ignored"));
	file_result_free(&r);
	memfs_free(m);
}

/*
 * bitwarden/server: one root .dockerignore (bin, obj, node_modules under any
 * folder) is the context of every Dockerfile CI builds with
 * context `.`: one problem, raised once in the scan (at the first Dockerfile
 * by path, naming the others); the others keep an info note pointing there.
 */
/* Beyond revision 4: one build of the context reads .git through the shared ignore file (loki, netbird). */
static void test_dockerignore_git_read_across(void **state)
{
	const char *reads = "FROM golang:1.25.1 AS build\nWORKDIR /src\nCOPY . .\nRUN make loki\n"
			    "FROM alpine:3.22.1\nCOPY --from=build /src/loki /usr/bin/loki\n";
	const char *plain = "FROM golang:1.25.1 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/fb ./clients/fb\n"
			    "FROM alpine:3.22.1\nCOPY --from=build /out/fb /usr/bin/fb\n";
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct file_result r[3], *v[3];
	char *root[] = { "" };
	const struct finding *f;
	(void)state;
	memfs_add(m, ".dockerignore", "**/node_modules\n", 1);
	memfs_add(m, "Makefile", "GIT_REVISION := $(shell git rev-parse --short HEAD)\n", 1);
	memfs_view(m, &fs);
	audit_ctx(&r[0], "clients/fb/Dockerfile", plain, &fs, root, 1);
	audit_ctx(&r[1], "cmd/loki/Dockerfile", reads, &fs, root, 1);
	audit_ctx(&r[2], "cmd/logcli/Dockerfile", reads, &fs, root, 1);
	/* alone, the plain build asks for both, the others for .env and say why not .git */
	assert_non_null(finding_of(&r[0], "perf.dockerignore", "git-not-ignored"));
	assert_non_null(finding_of(&r[1], "perf.dockerignore", "git-read"));
	assert_non_null(finding_of(&r[1], "perf.dockerignore", "env-not-ignored"));
	for (size_t i = 0; i < 3; i++)
		v[i] = &r[i];
	check_once_across(v, 3, ITEM_PERF_DOCKERIGNORE);
	/* together: one .env request for the three, no .git request */
	for (size_t i = 0; i < 3; i++)
		assert_no_finding(&r[i], "perf.dockerignore", "git-not-ignored");
	f = finding_of(&r[0], "perf.dockerignore", "env-not-ignored");
	assert_int_equal(f->sev, SEV_WARNING);
	assert_non_null(strstr(f->message, "cmd/loki/Dockerfile"));
	assert_int_equal(finding_of(&r[1], "perf.dockerignore", "env-not-ignored")->sev, SEV_INFO);
	for (size_t i = 0; i < 3; i++)
		file_result_free(&r[i]);
	/* .git alone asked for: info, naming the build that reads it */
	memfs_add(m, ".dockerignore", ".env\n", 1);
	audit_ctx(&r[0], "management/Dockerfile", plain, &fs, root, 1);
	audit_ctx(&r[1], "combined/Dockerfile", reads, &fs, root, 1);
	check_once_across(v, 2, ITEM_PERF_DOCKERIGNORE);
	assert_status(&r[0], "perf.dockerignore", "pass");
	f = finding_of(&r[0], "perf.dockerignore", "git-not-ignored");
	assert_int_equal(f->sev, SEV_INFO);
	assert_non_null(strstr(f->message, "combined/Dockerfile, built with the same context, reads .git"));
	assert_status(&r[1], "perf.dockerignore", "pass");
	file_result_free(&r[0]);
	file_result_free(&r[1]);
	/* another context's ignore file is another problem */
	memfs_add(m, "management/Dockerfile.dockerignore", ".env\n", 1);
	audit_ctx(&r[0], "management/Dockerfile", plain, &fs, root, 1);
	audit_ctx(&r[1], "combined/Dockerfile", reads, &fs, root, 1);
	check_once_across(v, 2, ITEM_PERF_DOCKERIGNORE);
	assert_status(&r[0], "perf.dockerignore", "fail");
	file_result_free(&r[0]);
	file_result_free(&r[1]);
	memfs_free(m);
}

static void test_dockerignore_once_per_context(void **state)
{
	static const char *const paths[] = { "bitwarden_license/src/Scim/Dockerfile", "src/Api/Dockerfile",
					     "src/Admin/Dockerfile" };
	const char *df = "FROM mcr.microsoft.com/dotnet/sdk:8.0.404 AS build\nWORKDIR /source\nCOPY . ./\n"
			 "RUN dotnet publish -o /app\nFROM mcr.microsoft.com/dotnet/aspnet:8.0.11\n"
			 "COPY --from=build /app /app\n";
	struct memfs *m = memfs_new();
	struct fsview fs;
	struct file_result r[4], *v[4];
	char *root[] = { "" };
	const struct finding *f;
	(void)state;
	memfs_add(m, ".dockerignore", "**/bin\n**/obj\n**/node_modules\n", 1);
	memfs_view(m, &fs);
	for (size_t i = 0; i < 3; i++) {
		audit_ctx(&r[i], paths[i], df, &fs, root, 1);
		v[i] = &r[i];
	}
	/* the Dockerfile's own ignore file is another problem: it stays */
	memfs_add(m, "src/Own/Dockerfile.dockerignore", "bin\n", 1);
	audit_ctx(&r[3], "src/Own/Dockerfile", df, &fs, root, 1);
	v[3] = &r[3];
	check_once_across(v, 4, ITEM_PERF_DOCKERIGNORE);
	assert_status(&r[0], "perf.dockerignore", "fail");
	f = finding_of(&r[0], "perf.dockerignore", "git-not-ignored");
	assert_int_equal(f->sev, SEV_WARNING);
	assert_non_null(strstr(f->message, "src/Api/Dockerfile"));
	assert_non_null(strstr(f->message, "src/Admin/Dockerfile"));
	for (size_t i = 1; i < 3; i++) {
		assert_status(&r[i], "perf.dockerignore", "pass");
		f = finding_of(&r[i], "perf.dockerignore", "git-not-ignored");
		assert_int_equal(f->sev, SEV_INFO);
		assert_non_null(strstr(f->message, "bitwarden_license/src/Scim/Dockerfile"));
	}
	assert_status(&r[3], "perf.dockerignore", "fail");
	assert_int_equal(finding_of(&r[3], "perf.dockerignore", NULL)->sev, SEV_WARNING);
	for (size_t i = 0; i < 4; i++)
		file_result_free(&r[i]);
	/* a finding suppressed by a pragma in one file does not hide the others' */
	audit_ctx(&r[0], paths[0], "# berth ignore=perf.dockerignore\n" "FROM alpine:3.19.1\nCOPY . /app\n", &fs, root, 1);
	audit_ctx(&r[1], paths[1], df, &fs, root, 1);
	check_once_across(v, 2, ITEM_PERF_DOCKERIGNORE);
	assert_status(&r[0], "perf.dockerignore", "ignored");
	assert_status(&r[1], "perf.dockerignore", "fail");
	file_result_free(&r[0]);
	file_result_free(&r[1]);
	memfs_free(m);
}

/* ---- perf.single-apt-layer ---- */

static void test_single_apt_layer(void **state)
{
	struct file_result r;
	const char *clean = "apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n";
	char buf[512];
	(void)state;
	expect_status("FROM alpine:3.19.1\nRUN apk add --no-cache curl\n", "perf.single-apt-layer", "n/a");
	df_audit(&r, "FROM debian:12.5-slim\nRUN apt-get update\nRUN apt-get install -y curl\n");
	assert_status(&r, "perf.single-apt-layer", "fail");
	assert_finding(&r, "perf.single-apt-layer", "update-without-install", "warning", 2, 5);
	file_result_free(&r);
	df_audit(&r, "FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y curl\n"
		 "RUN apt-get update && apt-get install -y git\n");
	assert_status(&r, "perf.single-apt-layer", "fail");
	assert_finding(&r, "perf.single-apt-layer", "repeated-apt-update", "warning", 3, 5);
	file_result_free(&r);
	snprintf(buf, sizeof(buf), "FROM debian:12.5-slim\nRUN %sRUN %s", clean, clean);
	df_audit(&r, buf);
	assert_status(&r, "perf.single-apt-layer", "pass");
	assert_finding(&r, "perf.single-apt-layer", "could-merge-apt", "info", 3, 5);
	file_result_free(&r);
	snprintf(buf, sizeof(buf), "FROM debian:12.5-slim AS a\nRUN %sFROM debian:12.5-slim\nRUN %s", clean, clean);
	expect_status(buf, "perf.single-apt-layer", "pass");
}

/*
 * Holdout 2 (hidden-install): the fresh index is read in the same RUN by a
 * command other than `apt-get install`. linkwarden Dockerfile:81 and
 * photoprism docker/photoprism/bookworm/Dockerfile:90, minimised.
 */
static void test_single_apt_hidden_install(void **state)
{
	struct file_result r;
	(void)state;
	expect_status("FROM node:22.23-bullseye-slim\nRUN apt-get update && \\\n"
		      "    playwright install --with-deps chromium-headless-shell && \\\n"
		      "    apt-get clean && rm -rf /var/lib/apt/lists/*\n", "perf.single-apt-layer", "pass");
	expect_status("FROM node:22.23-bullseye-slim\nRUN apt-get update && npx -y playwright@1.49.0 install --with-deps\n",
		      "perf.single-apt-layer", "pass");
	expect_status("FROM node:22.23-bullseye-slim\nRUN apt-get update && pnpm exec playwright install-deps\n",
		      "perf.single-apt-layer", "pass");
	expect_status("FROM debian:12.5-slim\nRUN apt-get update && \\\n    apt-get -qq dist-upgrade && \\\n"
		      "    /scripts/cleanup.sh\n", "perf.single-apt-layer", "pass");
	expect_status("FROM debian:12.5-slim\nRUN apt-get update && apt-get -y upgrade\n", "perf.single-apt-layer", "pass");
	/* without --with-deps playwright downloads browsers only: the update is still unused */
	df_audit(&r, "FROM node:22.23-bullseye-slim\nRUN apt-get update && playwright install chromium\n");
	assert_status(&r, "perf.single-apt-layer", "fail");
	assert_finding(&r, "perf.single-apt-layer", "update-without-install", "warning", 2, 5);
	file_result_free(&r);
}

/*
 * Beyond revision 4 (tests/realworld/HOLDOUT3.md, "new-repo-update"):
 * linkding's plus image adds the nodesource list, then must update again to
 * read it; a second update with no new source stays a repeat.
 */
static void test_single_apt_new_source(void **state)
{
	struct file_result r;
	static const char *const head = "FROM python:3.13.7-slim-trixie\n"
		"RUN apt-get update && apt-get -y install chromium\n";
	char *df;
	(void)state;
	df = xasprintf("%sRUN apt-get install -y gnupg2 ca-certificates && \\\n"
		       "    curl -fsSL https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key | gpg --dearmor -o /usr/share/keyrings/nodesource.gpg && \\\n"
		       "    echo \"deb [signed-by=/usr/share/keyrings/nodesource.gpg] https://deb.nodesource.com/node_22.x nodistro main\" | tee /etc/apt/sources.list.d/nodesource.list && \\\n"
		       "    apt-get update && apt-get install -y nodejs\n", head);
	df_audit(&r, df);
	assert_no_finding(&r, "perf.single-apt-layer", "repeated-apt-update");
	file_result_free(&r);
	free(df);
	/* a redirection writes the list; add-apt-repository adds one */
	df = xasprintf("%sRUN echo 'deb http://deb.debian.org/debian trixie-backports main' > /etc/apt/sources.list.d/bp.list && "
		       "apt-get update && apt-get install -y -t trixie-backports git\n", head);
	df_audit(&r, df);
	assert_no_finding(&r, "perf.single-apt-layer", "repeated-apt-update");
	file_result_free(&r);
	free(df);
	df = xasprintf("%sRUN add-apt-repository -y ppa:deadsnakes/ppa && apt-get update && apt-get install -y python3.12\n", head);
	df_audit(&r, df);
	assert_no_finding(&r, "perf.single-apt-layer", "repeated-apt-update");
	file_result_free(&r);
	free(df);
	/* the same second RUN without a new source is a repeat */
	df = xasprintf("%sRUN apt-get update && apt-get install -y nodejs\n", head);
	df_audit(&r, df);
	assert_finding(&r, "perf.single-apt-layer", "repeated-apt-update", "warning", 3, 5);
	file_result_free(&r);
	free(df);
	/* a source written after the update does not make that update new */
	df = xasprintf("%sRUN apt-get update && apt-get install -y curl && echo 'deb x y' > /etc/apt/sources.list.d/x.list\n", head);
	df_audit(&r, df);
	assert_finding(&r, "perf.single-apt-layer", "repeated-apt-update", "warning", 3, 5);
	file_result_free(&r);
	free(df);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multi_stage_na),
		cmocka_unit_test(test_multi_stage_compile_in_final),
		cmocka_unit_test(test_multi_stage_builder_stage_passes),
		cmocka_unit_test(test_multi_stage_native_build),
		cmocka_unit_test(test_multi_stage_toolchain_removed),
		cmocka_unit_test(test_multi_stage_same_run_toolchain),
		cmocka_unit_test(test_multi_stage_native_once),
		cmocka_unit_test(test_multi_stage_toolchain_image),
		cmocka_unit_test(test_cache_mounts),
		cmocka_unit_test(test_pip_local_wheels),
		cmocka_unit_test(test_pip_project_after_cached_requirements),
		cmocka_unit_test(test_single_apt_hidden_install),
		cmocka_unit_test(test_single_apt_new_source),
		cmocka_unit_test(test_cache_mounts_info),
		cmocka_unit_test(test_pnpm_fetch_idiom),
		cmocka_unit_test(test_layer_order),
		cmocka_unit_test(test_dockerignore),
		cmocka_unit_test(test_dockerignore_env_wanted),
		cmocka_unit_test(test_dockerignore_contexts),
		cmocka_unit_test(test_dockerignore_git_and_env_once),
		cmocka_unit_test(test_dockerignore_build_reads_git),
		cmocka_unit_test(test_dockerignore_git_read_across),
		cmocka_unit_test(test_dockerignore_once_per_context),
		cmocka_unit_test(test_single_apt_layer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
