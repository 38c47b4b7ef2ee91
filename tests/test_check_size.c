/* Size items of CHECKLIST.md (final chain only) on small inline Dockerfiles. */
#include "test_check_util.h"

#include <stdio.h>

#include "dfcheck.h"
#include "dockerfile.h"

/* ---- size.no-install-recommends, size.apt-lists-cleaned ---- */

static void test_install_recommends(void **state)
{
	struct file_result r;
	(void)state;
	expect_status("FROM alpine:3.19.1\nRUN apk add --no-cache curl\n", "size.no-install-recommends", "n/a");
	df_audit(&r, "FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n");
	assert_status(&r, "size.no-install-recommends", "fail");
	assert_finding(&r, "size.no-install-recommends", "install-recommends", "warning", 2, 23);
	assert_int_equal(finding_of(&r, "size.no-install-recommends", NULL)->fix, FIX_AUTO);
	assert_status(&r, "size.apt-lists-cleaned", "pass");
	file_result_free(&r);
	expect_status("FROM debian:12.5-slim\nRUN apt-get install -y --no-install-recommends curl\n",
		      "size.no-install-recommends", "pass");
	expect_status("FROM debian:12.5-slim\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n",
		      "size.no-install-recommends", "pass");
	expect_status("FROM debian:12.5-slim\nRUN apt install -y curl\n", "size.no-install-recommends", "fail");
	/* only the final chain is judged */
	expect_status("FROM debian:12.5-slim AS build\nRUN apt-get install -y gcc\nFROM alpine:3.19.1\nCOPY --from=build /a /a\n",
		      "size.no-install-recommends", "n/a");
}

static void test_apt_lists(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM debian:12.5-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl\n");
	assert_status(&r, "size.apt-lists-cleaned", "fail");
	assert_finding(&r, "size.apt-lists-cleaned", "apt-lists-kept", "warning", 3, 5);
	assert_int_equal(finding_of(&r, "size.apt-lists-cleaned", NULL)->end_line, 3);
	file_result_free(&r);
	/* a pragma above a multi-line RUN covers the findings of its continuation lines */
	df_audit(&r, "FROM debian:12.5-slim\n# berth ignore=size.no-install-recommends\n"
		 "# hadolint ignore=DL3009\nRUN apt-get update \\\n && apt-get install -y curl\n");
	assert_status(&r, "size.no-install-recommends", "ignored");
	assert_status(&r, "size.apt-lists-cleaned", "ignored");
	file_result_free(&r);
	expect_status("FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get dist-clean\n",
		      "size.apt-lists-cleaned", "pass");
	expect_status("FROM debian:12.5-slim\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y --no-install-recommends curl\n",
		      "size.apt-lists-cleaned", "pass");
	expect_status("FROM debian:12.5-slim\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && apt-get install -y --no-install-recommends curl\n",
		      "size.apt-lists-cleaned", "pass");
	expect_status("FROM debian:12.5-slim\nRUN --mount=type=cache,target=/var/lib/aptitude apt-get update && apt-get install -y --no-install-recommends curl\n",
		      "size.apt-lists-cleaned", "fail");
	/* penpot: removing a folder above the lists removes them */
	expect_status("FROM debian:12.5-slim\nRUN apt-get update; apt-get install -y --no-install-recommends curl; rm -rf /var/lib /var/cache\n",
		      "size.apt-lists-cleaned", "pass");
	expect_status("FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/\n",
		      "size.apt-lists-cleaned", "pass");
	expect_status("FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/*\n",
		      "size.apt-lists-cleaned", "pass");
	/* a sibling folder, or a name that only starts the same, is not the lists' parent */
	expect_status("FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/ap /var/lib/dpkg\n",
		      "size.apt-lists-cleaned", "fail");
	/* a removal before the last update cleans nothing */
	expect_status("FROM debian:12.5-slim\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y --no-install-recommends curl\n",
		      "size.apt-lists-cleaned", "fail");
	expect_status("FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* "
		      "&& apt-get update && apt-get install -y --no-install-recommends git\n", "size.apt-lists-cleaned", "fail");
	/* removing the lists in a later RUN does not shrink the earlier layer */
	expect_status("FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n",
		      "size.apt-lists-cleaned", "fail");
}

/* ---- size.no-pkg-cache ---- */

static void test_pkg_cache(void **state)
{
	struct file_result r;
	(void)state;
	expect_status("FROM debian:12.5-slim\nRUN echo hi\n", "size.no-pkg-cache", "n/a");
	df_audit(&r, "FROM python:3.11.11-slim\nRUN pip install flask\n");
	assert_status(&r, "size.no-pkg-cache", "fail");
	assert_finding(&r, "size.no-pkg-cache", "pip-cache", "warning", 2, 5);
	file_result_free(&r);
	expect_status("FROM python:3.11.11-slim\nRUN pip install --no-cache-dir flask\n", "size.no-pkg-cache", "pass");
	expect_status("FROM python:3.11.11-slim\nRUN python -m pip install flask\n", "size.no-pkg-cache", "fail");
	expect_status("FROM python:3.11.11-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n",
		      "size.no-pkg-cache", "pass");
	expect_status("FROM python:3.11.11-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n", "size.no-pkg-cache", "pass");
	expect_status("FROM python:3.11.11-slim\nARG PIP_NO_CACHE_DIR=1\nRUN pip install flask\n", "size.no-pkg-cache", "pass");
	expect_status("FROM python:3.11.11-slim AS base\nENV PIP_NO_CACHE_DIR=off\nFROM base\nRUN pip install flask\n",
		      "size.no-pkg-cache", "pass");
	/* set after the install does not help */
	expect_status("FROM python:3.11.11-slim\nRUN pip install flask\nENV PIP_NO_CACHE_DIR=1\n", "size.no-pkg-cache", "fail");
	df_audit(&r, "FROM alpine:3.19.1\nRUN apk add curl\n");
	assert_finding(&r, "size.no-pkg-cache", "apk-cache", "warning", 2, 5);
	file_result_free(&r);
	expect_status("FROM alpine:3.19.1\nRUN apk add --no-cache curl\n", "size.no-pkg-cache", "pass");
	expect_status("FROM alpine:3.19.1\nRUN apk add --no-network --virtual .rundeps so:libc.musl-x86_64.so.1\n",
		      "size.no-pkg-cache", "pass");
	expect_status("FROM alpine:3.19.1\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*\n", "size.no-pkg-cache", "pass");
	expect_status("FROM fedora:39\nRUN dnf install -y gcc\n", "size.no-pkg-cache", "fail");
	expect_status("FROM fedora:39\nRUN dnf install -y gcc && dnf clean all\n", "size.no-pkg-cache", "pass");
	expect_status("FROM registry.access.redhat.com/ubi9/ubi-minimal:9.3\nRUN microdnf install -y tar && microdnf clean all\n",
		      "size.no-pkg-cache", "pass");
	/* revision 4: spellings, mounts, order */
	expect_status("FROM python:3.11.11-slim\nRUN pip install --no-cache flask\n", "size.no-pkg-cache", "pass");
	expect_status("FROM python:3.11.11-slim\nRUN --mount=type=tmpfs,target=/root/.cache/pip pip install flask\n",
		      "size.no-pkg-cache", "pass");
	expect_status("FROM python:3.11.11-slim\nRUN export PIP_NO_CACHE_DIR=1 && pip install flask\n", "size.no-pkg-cache", "pass");
	expect_status("FROM python:3.11.11-slim\nRUN PIP_NO_CACHE_DIR=1 pip install flask\n", "size.no-pkg-cache", "pass");
	expect_status("FROM alpine:3.19.1\nRUN rm -rf /var/cache/apk/* && apk add curl\n", "size.no-pkg-cache", "fail");
	/* the RUN removes pip's cache itself (seafile-docker): nothing stays; before the install or elsewhere it does */
	expect_status("FROM python:3.11.11-slim\nRUN pip3 install flask && rm -r /root/.cache/pip\n", "size.no-pkg-cache", "pass");
	expect_status("FROM python:3.11.11-slim\nRUN pip install flask && rm -rf ~/.cache\n", "size.no-pkg-cache", "pass");
	expect_status("FROM python:3.11.11-slim\nRUN rm -rf /root/.cache/pip && pip install flask\n", "size.no-pkg-cache", "fail");
	expect_status("FROM python:3.11.11-slim\nRUN pip install flask && rm -rf /root/.cache/go-build\n", "size.no-pkg-cache", "fail");
	expect_status("FROM python:3.11.11-slim\nRUN pip install flask\nRUN rm -rf /root/.cache/pip\n", "size.no-pkg-cache", "fail");
	expect_status("FROM alpine:3.19.1\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n", "size.no-pkg-cache", "pass");
	expect_status("FROM fedora:39\nRUN dnf clean all && dnf install -y gcc\n", "size.no-pkg-cache", "fail");
	expect_status("FROM fedora:39\nRUN dnf in -y gcc && dnf clean -y all\n", "size.no-pkg-cache", "pass");
	expect_status("FROM fedora:39\nRUN dnf reinstall -y tzdata\n", "size.no-pkg-cache", "fail");
	expect_status("FROM fedora:39\nRUN dnf upgrade -y && rm -rf /var/cache/libdnf5\n", "size.no-pkg-cache", "pass");
	expect_status("FROM photon:5.0\nRUN tdnf install -y tar && rm -rf /var/cache/tdnf\n", "size.no-pkg-cache", "pass");
	expect_status("FROM photon:5.0\nRUN tdnf install -y tar\n", "size.no-pkg-cache", "fail");
	df_audit(&r, "FROM opensuse/leap:15.5\nRUN zypper -n in tar\n");
	assert_finding(&r, "size.no-pkg-cache", "zypper-cache", "warning", 2, 5);
	file_result_free(&r);
	expect_status("FROM opensuse/leap:15.5\nRUN zypper -n in tar && zypper clean --all\n", "size.no-pkg-cache", "pass");
	expect_status("FROM opensuse/leap:15.5\nRUN zypper -n in tar && rm -rf /var/cache/zypp\n", "size.no-pkg-cache", "pass");
}

/* Findings point at the physical line of the word; pragmas are still looked up above the instruction. */

/* Beyond revision 4 (HOLDOUT4 pattern 4, HOLDOUT5 pattern 7): a branch the default build does not take. */
static void test_skipped_branch(void **state)
{
	/* tubearchivist: debug tools only when INSTALL_DEBUG is given */
	static const char debug[] = "FROM python:3.13.11-slim\nARG INSTALL_DEBUG\n"
				    "RUN if [ \"$INSTALL_DEBUG\" ] ; then \\\n    apt-get -y update && apt-get -y install --no-install-recommends \\\n"
				    "    vim htop \\\n    && pip install --user ipython pytest \\\n    ; fi\n";
	char *supplied[] = { "INSTALL_DEBUG=1" };
	struct file_result r;
	char df[1024];
	(void)state;
	df_audit(&r, debug);
	assert_status(&r, "size.apt-lists-cleaned", "pass");
	assert_status(&r, "size.no-pkg-cache", "pass");
	assert_int_equal(count_of(&r, "size.apt-lists-cleaned", NULL), 0);
	file_result_free(&r);
	/* a build that supplies the variable takes the branch */
	audit_with_args(&r, debug, supplied, 1);
	assert_finding(&r, "size.apt-lists-cleaned", "apt-lists-kept", "warning", 4, 26);
	assert_status(&r, "size.no-pkg-cache", "fail");
	file_result_free(&r);
	/* a default that takes it: judged */
	snprintf(df, sizeof(df), "FROM python:3.13.11-slim\nARG INSTALL_DEBUG=1\n%s", strchr(strchr(debug, '\n') + 1, '\n') + 1);
	expect_status(df, "size.apt-lists-cleaned", "fail");
	/* -n, = LIT, != LIT, -z with else, [[ ]] and test */
	expect_status("FROM debian:12.5-slim\nARG DEBUG=\nRUN if [ -n \"$DEBUG\" ]; then apt-get update && apt-get install -y --no-install-recommends gdb; fi\n",
		      "size.apt-lists-cleaned", "pass");
	expect_status("FROM debian:12.5-slim\nARG DEV=false\nRUN if [ \"$DEV\" = \"true\" ]; then apt-get update && apt-get install -y --no-install-recommends gdb; fi\n",
		      "size.apt-lists-cleaned", "pass");
	expect_status("FROM debian:12.5-slim\nARG DEV=true\nRUN if [ \"$DEV\" == true ]; then apt-get update && apt-get install -y --no-install-recommends gdb; fi\n",
		      "size.apt-lists-cleaned", "fail");
	expect_status("FROM debian:12.5-slim\nARG DEV=false\nRUN if [ \"${DEV}\" != \"false\" ]; then apt-get update && apt-get install -y --no-install-recommends gdb; fi\n",
		      "size.apt-lists-cleaned", "pass");
	expect_status("FROM debian:12.5-slim\nARG DEV\nRUN if [ -z \"$DEV\" ]; then echo prod; else apt-get update && apt-get install -y --no-install-recommends gdb; fi\n",
		      "size.apt-lists-cleaned", "pass");
	expect_status("FROM debian:12.5-slim\nARG DEV\nRUN if [ -z \"$DEV\" ]; then apt-get update && apt-get install -y --no-install-recommends gdb; fi\n",
		      "size.apt-lists-cleaned", "fail");
	expect_status("FROM debian:12.5-slim\nARG DEV\nRUN if [[ $DEV ]]; then apt-get update && apt-get install -y --no-install-recommends gdb; fi\n",
		      "size.apt-lists-cleaned", "pass");
	expect_status("FROM debian:12.5-slim\nENV DEV=0\nRUN if test \"$DEV\" = 1; then apt-get update && apt-get install -y --no-install-recommends gdb; fi\n",
		      "size.apt-lists-cleaned", "pass");
	/* after the fi, a negation, a variable the base image may set, two tests: judged */
	expect_status("FROM debian:12.5-slim\nARG DEV\nRUN if [ \"$DEV\" ]; then echo dev; fi && apt-get update && apt-get install -y --no-install-recommends gdb\n",
		      "size.apt-lists-cleaned", "fail");
	expect_status("FROM debian:12.5-slim\nARG DEV\nRUN if ! [ \"$DEV\" ]; then apt-get update && apt-get install -y --no-install-recommends gdb; fi\n",
		      "size.apt-lists-cleaned", "fail");
	expect_status("FROM debian:12.5-slim\nRUN if [ \"$DEV\" ]; then apt-get update && apt-get install -y --no-install-recommends gdb; fi\n",
		      "size.apt-lists-cleaned", "fail");
	expect_status("FROM debian:12.5-slim\nARG DEV\nRUN if [ \"$DEV\" ] || [ -f /x ]; then apt-get update && apt-get install -y --no-install-recommends gdb; fi\n",
		      "size.apt-lists-cleaned", "fail");
	/* the update of a skipped branch is no repeat for perf.single-apt-layer */
	df_audit(&r, "FROM debian:12.5-slim\nARG DEV\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n"
		 "RUN if [ \"$DEV\" ]; then apt-get update && apt-get install -y --no-install-recommends gdb; fi\n");
	assert_no_finding(&r, "perf.single-apt-layer", "repeated-apt-update");
	file_result_free(&r);
	df_audit(&r, "FROM debian:12.5-slim\nARG DEV=1\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n"
		 "RUN if [ \"$DEV\" ]; then apt-get update && apt-get install -y --no-install-recommends gdb; fi\n");
	assert_non_null(finding_of(&r, "perf.single-apt-layer", "repeated-apt-update"));
	file_result_free(&r);
}

static void test_positions_and_pragmas(void **state)
{
	struct file_result r;
	(void)state;
	df_audit(&r, "FROM debian:12.5-slim\n# berth ignore=size.apt-lists-cleaned\nRUN apt-get update \\\n"
		 " && apt-get install -y --no-install-recommends curl\n");
	assert_finding(&r, "size.apt-lists-cleaned", "apt-lists-kept", "warning", 4, 5);
	assert_true(finding_of(&r, "size.apt-lists-cleaned", NULL)->suppressed);
	assert_status(&r, "size.apt-lists-cleaned", "ignored");
	file_result_free(&r);
	/* the same problem twice on one line is one finding */
	df_audit(&r, "FROM debian:12.5-slim\nRUN cd /a && make && cd /b\nRUN cd /c\n");
	assert_int_equal(count_of(&r, "corr.pitfalls", "cd-in-run"), 2);
	file_result_free(&r);
}

/* ---- size.no-build-tools ---- */

static void test_build_tools(void **state)
{
	struct file_result r;
	(void)state;
	expect_status("FROM debian:12.5-slim\n", "size.no-build-tools", "pass");
	df_audit(&r, "FROM python:3.11.11-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq-dev curl\n");
	assert_status(&r, "size.no-build-tools", "fail");
	assert_finding(&r, "size.no-build-tools", "build-tools", "warning", 2, 66);
	assert_int_equal(count_of(&r, "size.no-build-tools", NULL), 1);     /* curl is not a toolchain */
	file_result_free(&r);
	expect_status("FROM alpine:3.19.1\nRUN apk add --virtual .deps build-base musl-dev && make && apk del .deps\n",
		      "size.no-build-tools", "pass");
	expect_status("FROM alpine:3.19.1\nRUN apk add gcc\nRUN apk del gcc\n", "size.no-build-tools", "fail");
	expect_status("FROM centos:7.9.2009\nRUN yum install -y gcc-c++ openssl-devel && yum remove -y openssl-devel\n",
		      "size.no-build-tools", "pass");
	expect_status("FROM centos:7.9.2009\nRUN yum install -y openssl-devel\n", "size.no-build-tools", "fail");
	expect_status("FROM debian:12.5-slim\nRUN apt-get install -y gcc=4:12.2.0-3 && apt-get remove -y gcc\n",
		      "size.no-build-tools", "pass");
	/* HOLDOUT11: stash's published compiler image; a toolchain or cross folder is the same */
	audit_text(&r, "docker/compiler/Dockerfile", KIND_DOCKERFILE, "FROM debian:12.5-slim\nRUN apt-get install -y clang cmake\n", NULL);
	assert_status(&r, "size.no-build-tools", "pass");
	assert_finding(&r, "size.no-build-tools", "build-tools", "info", 2, 24);
	file_result_free(&r);
	audit_text(&r, "build/cross-images/x86_64.dockerfile", KIND_DOCKERFILE, "FROM debian:12.5-slim\nRUN apt-get install -y gcc\n", NULL);
	assert_status(&r, "size.no-build-tools", "pass");
	file_result_free(&r);
	/* "crossword" is not the word cross */
	audit_text(&r, "crossword/Dockerfile", KIND_DOCKERFILE, "FROM debian:12.5-slim\nRUN apt-get install -y gcc\n", NULL);
	assert_status(&r, "size.no-build-tools", "fail");
	file_result_free(&r);
	/* tdnf and zypper are OS package managers too */
	expect_status("FROM photon:5.0\nRUN tdnf install -y gcc && tdnf clean all\n", "size.no-build-tools", "fail");
	expect_status("FROM opensuse/leap:15.5\nRUN zypper -n in make && zypper clean -a\n", "size.no-build-tools", "fail");
}

/* One finding per install, listing its packages; compilers and headers named apart; variables substituted. */
static void test_build_tools_grouped(void **state)
{
	struct file_result r;
	const struct finding *f;
	(void)state;
	df_audit(&r, "FROM debian:12.5-slim\nARG BUILD_DEPS=\"gcc libpq-dev\"\nRUN apt-get update && \\\n"
		 "    apt-get install -y --no-install-recommends \\\n      $BUILD_DEPS make libssl-dev curl \\\n"
		 " && rm -rf /var/lib/apt/lists/*\n");
	assert_int_equal(count_of(&r, "size.no-build-tools", NULL), 1);
	/* the physical line and column of the first package word */
	assert_finding(&r, "size.no-build-tools", "build-tools", "warning", 5, 7);
	f = finding_of(&r, "size.no-build-tools", NULL);
	assert_non_null(strstr(f->message, "compilers and build tools `gcc`, `make`"));
	assert_non_null(strstr(f->message, "development headers `libpq-dev`, `libssl-dev`"));
	assert_null(strstr(f->message, "curl"));
	file_result_free(&r);
	/* headers alone are not called compilers */
	df_audit(&r, "FROM python:3.11.11-slim\nRUN apt-get install -y libpq-dev\n");
	f = finding_of(&r, "size.no-build-tools", NULL);
	assert_non_null(f);
	assert_null(strstr(f->message, "compiler"));
	assert_non_null(strstr(f->message, "development headers `libpq-dev`"));
	file_result_free(&r);
	/* a shell variable of the same RUN, removed again with it: the official images' pattern */
	expect_status("FROM debian:12.5-slim\nRUN buildDeps='gcc make'; apt-get install -y $buildDeps && make && "
		      "apt-get purge -y --auto-remove $buildDeps\n", "size.no-build-tools", "pass");
	expect_status("FROM debian:12.5-slim\nRUN buildDeps='gcc make'; apt-get install -y $buildDeps\n",
		      "size.no-build-tools", "fail");
	expect_status("FROM debian:12.5-slim\nENV RUN_DEPS='curl ca-certificates'\nRUN apt-get install -y $RUN_DEPS\n",
		      "size.no-build-tools", "pass");
	/* two installs, two findings */
	df_audit(&r, "FROM debian:12.5-slim\nRUN apt-get install -y gcc g++ && apt-get install -y make\n");
	assert_int_equal(count_of(&r, "size.no-build-tools", NULL), 2);
	file_result_free(&r);
}

/* ---- size.prod-deps-only ---- */

static void test_prod_deps(void **state)
{
	struct file_result r;
	(void)state;
	expect_status("FROM python:3.11.11-slim\nRUN pip install flask\n", "size.prod-deps-only", "n/a");
	df_audit(&r, "FROM python:3.11.11-slim\nRUN pip install -r requirements-dev.txt\n");
	assert_status(&r, "size.prod-deps-only", "fail");
	assert_finding(&r, "size.prod-deps-only", "dev-requirements", "warning", 2, 20);
	file_result_free(&r);
	expect_status("FROM python:3.11.11-slim\nRUN pip install -r requirements/test.txt\n", "size.prod-deps-only", "fail");
	expect_status("FROM python:3.11.11-slim\nRUN pip install -r requirements.txt\n", "size.prod-deps-only", "pass");
	expect_status("FROM python:3.11.11-slim\nRUN pip install -r devices.txt\n", "size.prod-deps-only", "pass");
	df_audit(&r, "FROM python:3.11.11-slim\nRUN pip install -e \".[dev]\"\n");
	assert_finding(&r, "size.prod-deps-only", "dev-extras", "warning", 2, 20);
	file_result_free(&r);
	expect_status("FROM python:3.11.11-slim\nRUN pip install .[postgres]\n", "size.prod-deps-only", "pass");
	expect_status("FROM node:20.11.1-slim\nRUN npm ci\n", "size.prod-deps-only", "fail");
	expect_status("FROM node:20.11.1-slim\nRUN npm ci --omit=dev\n", "size.prod-deps-only", "pass");
	expect_status("FROM node:20.11.1-slim\nRUN npm install --production\n", "size.prod-deps-only", "pass");
	expect_status("FROM node:20.11.1-slim\nENV NODE_ENV=production\nRUN npm ci\n", "size.prod-deps-only", "pass");
	expect_status("FROM node:20.11.1-slim\nRUN npm ci\nENV NODE_ENV=production\n", "size.prod-deps-only", "fail");
	expect_status("FROM node:20.11.1-slim\nRUN NODE_ENV=production npm ci\n", "size.prod-deps-only", "pass");
	expect_status("FROM node:20.11.1-slim\nRUN yarn install --frozen-lockfile\n", "size.prod-deps-only", "fail");
	expect_status("FROM node:20.11.1-slim\nRUN yarn install --production --frozen-lockfile\n", "size.prod-deps-only", "pass");
	expect_status("FROM node:20.11.1-slim\nRUN pnpm install --prod\n", "size.prod-deps-only", "pass");
	expect_status("FROM node:20.11.1-slim\nRUN pnpm install\n", "size.prod-deps-only", "fail");
	expect_status("FROM python:3.11.11-slim\nRUN poetry install\n", "size.prod-deps-only", "fail");
	expect_status("FROM python:3.11.11-slim\nRUN poetry install --only main\n", "size.prod-deps-only", "pass");
	expect_status("FROM python:3.11.11-slim\nRUN poetry install --without=dev\n", "size.prod-deps-only", "pass");
	/* revision 4: prunes after the install, if/case branches, a compile step after it (info) */
	expect_status("FROM node:20.11.1-slim\nRUN npm ci\nRUN npm prune --omit=dev\n", "size.prod-deps-only", "pass");
	expect_status("FROM node:20.11.1-slim\nRUN npm ci && npm prune --production\n", "size.prod-deps-only", "pass");
	expect_status("FROM node:20.11.1-slim\nRUN npm prune --omit=dev && npm ci\n", "size.prod-deps-only", "fail");
	expect_status("FROM node:20.11.1-slim\nRUN pnpm install\nRUN pnpm prune --prod\n", "size.prod-deps-only", "pass");
	expect_status("FROM node:20.11.1-slim\nRUN yarn install\nRUN yarn workspaces focus --production\n", "size.prod-deps-only", "pass");
	expect_status("FROM python:3.11.11-slim\nRUN poetry install\nRUN poetry install --sync --only main\n", "size.prod-deps-only", "pass");
	expect_status("FROM node:20.11.1-slim\nRUN export NODE_ENV=production && npm ci\n", "size.prod-deps-only", "pass");
	expect_status("FROM node:20.11.1-slim\nARG ENV=prod\nRUN if [ \"$ENV\" = dev ]; then npm ci; else npm ci --omit=dev; fi\n",
		      "size.prod-deps-only", "pass");
	expect_status("FROM python:3.11.11-slim\nARG DEV\nRUN if [ -n \"$DEV\" ]; then pip install -r requirements-dev.txt; "
		      "else pip install -r requirements.txt; fi\n", "size.prod-deps-only", "pass");
	df_audit(&r, "FROM node:20.11.1-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD [\"node\", \"dist/index.js\"]\n");
	assert_status(&r, "size.prod-deps-only", "pass");
	assert_finding(&r, "size.prod-deps-only", "dev-deps", "info", 4, 5);
	file_result_free(&r);
	/* a builder stage may install dev dependencies */
	expect_status("FROM node:20.11.1-slim AS build\nRUN npm ci && npm run build\nFROM nginx:1.25.4\nCOPY --from=build /app/dist /usr/share/nginx/html\n",
		      "size.prod-deps-only", "n/a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_install_recommends),
		cmocka_unit_test(test_apt_lists),
		cmocka_unit_test(test_pkg_cache),
		cmocka_unit_test(test_skipped_branch),
		cmocka_unit_test(test_positions_and_pragmas),
		cmocka_unit_test(test_build_tools),
		cmocka_unit_test(test_build_tools_grouped),
		cmocka_unit_test(test_prod_deps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
