/*
 * explain_priv - the explanation tables (explain_text_*.c), read only through
 * explain_get(). Each table is indexed by item id and fills only its own
 * items. Examples are whole files: the failing one breaks the item, the
 * passing one follows every item of the checklist (tests/test_explain.c
 * audits both), so a reader can copy the good one as it stands. The macros
 * below are the pieces the examples share.
 */
#ifndef BERTH_EXPLAIN_PRIV_H
#define BERTH_EXPLAIN_PRIV_H

#include "explain.h"
#include "items.h"

extern const struct explain explain_text_perf_sec[ITEM_COUNT];
extern const struct explain explain_text_size_corr[ITEM_COUNT];
extern const struct explain explain_text_compose[ITEM_COUNT];

/* ---- pieces the Dockerfile examples share ---- */

#define DF_SYNTAX "# syntax=docker/dockerfile:1.7\n"
#define DF_PY "FROM python:3.12.8-slim\n"
#define DF_PIP_MOUNT \
	"RUN --mount=type=cache,target=/root/.cache/pip \\\n" \
	"    pip install -r requirements.txt\n"
#define DF_PY_APP \
	"WORKDIR /app\n" \
	"COPY requirements.txt ./\n" \
	DF_PIP_MOUNT \
	"COPY app/ ./app/\n"
#define DF_PY_RUN \
	"USER 1000\n" \
	"CMD [\"python\", \"-m\", \"app\"]\n"
/* a Python worker: no port, so no HEALTHCHECK is expected */
#define DF_GOOD_WORKER DF_SYNTAX DF_PY DF_PY_APP DF_PY_RUN

#define DF_HEALTH \
	"HEALTHCHECK --interval=30s --timeout=5s --start-period=10s \\\n" \
	"    CMD [\"python\", \"-c\", \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health', timeout=2)\"]\n"
#define DF_UVICORN(extra) \
	"CMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\", \"--port\", \"8000\"" extra "]\n"
/* a Python web service with everything a network service needs */
#define DF_GOOD_API \
	DF_SYNTAX DF_PY DF_PY_APP \
	"USER 1000\n" \
	"EXPOSE 8000\n" \
	DF_HEALTH \
	DF_UVICORN("")

#define DF_DEBIAN "FROM debian:12.8-slim\n"
#define DF_CURL_TAIL \
	"USER 1000\n" \
	"ENTRYPOINT [\"curl\"]\n" \
	"CMD [\"--help\"]\n"

/* ---- pieces the Compose examples share ---- */

#define C_HEAD "services:\n  api:\n"
#define C_IMAGE "    image: ghcr.io/acme/api:1.4.2\n"
#define C_RESTART "    restart: unless-stopped\n"
#define C_NNP "    security_opt:\n      - no-new-privileges:true\n"
#define C_CAPS "    cap_drop:\n      - ALL\n"
#define C_RO "    read_only: true\n    tmpfs:\n      - /tmp\n"
#define C_LIMITS \
	"    deploy:\n      resources:\n        limits:\n" \
	"          cpus: \"1\"\n          memory: 512M\n"
#define C_HEALTH \
	"    healthcheck:\n      test: [\"CMD\", \"/app/healthcheck\"]\n" \
	"      interval: 30s\n      timeout: 5s\n      retries: 3\n"
#define C_HARDENING C_RESTART C_NNP C_CAPS C_RO C_LIMITS C_HEALTH
#define C_GOOD C_HEAD C_IMAGE C_HARDENING

#endif
