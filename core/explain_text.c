/*
 * explain_text - what `berth explain` says about each item, in items.h
 * order. Examples are whole files: the failing one breaks the item, the
 * passing one follows every item of the checklist (tests/test_explain.c
 * audits both), so a reader can copy the good one as it stands.
 */
#include "explain_int.h"

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

const struct explain explain_table[ITEM_COUNT] = {
[ITEM_PERF_MULTI_STAGE] = {
	"Compilers, headers and build caches are needed to make the program, not to run it. "
	"When the build happens in the image that ships, all of that ships too: a bigger image "
	"to pull, more packages to patch and more tools for an intruder. A separate build stage "
	"lets the final stage copy in only the result.",
	"Fails when the final chain (the last stage and the stages it is built FROM) runs a "
	"compile step (go build, cargo build, npm run build, make, gcc, pip wheel, ...), or "
	"installs language packages while a toolchain package is present, and the toolchain "
	"stays: a toolchain package is not removed in the same RUN, or the final image is itself "
	"a toolchain image (golang, rust, gcc, maven, ...). Not applicable when no stage installs "
	"a toolchain or compiles anything. A toolchain left behind with nothing built is "
	"size.no-build-tools' business.",
	"FROM golang:1.22.5-bookworm\n"
	"WORKDIR /src\n"
	"COPY go.mod go.sum ./\n"
	"RUN go mod download\n"
	"COPY cmd/ ./cmd/\n"
	"RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n"
	"USER 65532\n"
	"ENTRYPOINT [\"/out/app\"]\n",
	"FROM golang:1.22.5-bookworm AS build\n"
	"WORKDIR /src\n"
	"COPY go.mod go.sum ./\n"
	"RUN go mod download\n"
	"COPY cmd/ ./cmd/\n"
	"RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app\n"
	"\n"
	"FROM scratch\n"
	"COPY --from=build /out/app /app\n"
	"USER 65532:65532\n"
	"ENTRYPOINT [\"/app\"]\n",
	"",
	""
},
[ITEM_PERF_CACHE_MOUNTS] = {
	"Without a cache mount every rebuild of the layer downloads every package again, even "
	"when only one changed. A BuildKit cache mount keeps the package manager's download "
	"cache between builds, outside the image, so rebuilds are fast and the image stays "
	"small.",
	"Fails when a RUN installs the project's dependencies with pip, npm, yarn or pnpm "
	"(pip install -r FILE, pip install ., npm ci, npm install with no package names, yarn, "
	"pnpm install) without --mount=type=cache. Installing named packages (pip install "
	"httpie, npm install -g x) or apt-get/apk without a cache mount is only a note, and so "
	"is a pip cache mount next to --no-cache-dir, which leaves the mount empty. Not "
	"applicable when no RUN installs language packages.",
	DF_PY
	"WORKDIR /app\n"
	"COPY requirements.txt ./\n"
	"RUN pip install --no-cache-dir -r requirements.txt\n"
	"COPY app/ ./app/\n"
	DF_PY_RUN,
	DF_GOOD_WORKER,
	"",
	"The seed's Python API example puts --mount=type=cache,target=/root/.cache/pip and "
	"pip install --no-cache-dir in the same RUN. pip then writes nothing to the cache, so "
	"the mount saves nothing; berth notes it (info). With a cache mount, drop --no-cache-dir: "
	"the cache lives outside the image anyway."
},
[ITEM_PERF_LAYER_ORDER] = {
	"Docker reuses a layer only while everything it depends on is unchanged. Copying the "
	"whole source before installing dependencies ties the slow install to every edit of "
	"any file. Copying the manifest first, installing, and only then copying the code keeps "
	"the install cached until the dependencies themselves change.",
	"Fails when, in a stage, a project dependency install (pip install -r, pip install ., "
	"npm ci, npm install, yarn install, pnpm install, go mod download, bundle install, "
	"composer install, poetry install, uv sync, cargo fetch) comes after a COPY or ADD of "
	"the whole context (., ./ or *) and no such install came before that COPY. Not "
	"applicable when no stage installs project dependencies.",
	DF_PY
	"WORKDIR /app\n"
	"COPY . .\n"
	"RUN pip install --no-cache-dir -r requirements.txt\n"
	DF_PY_RUN,
	DF_SYNTAX DF_PY
	"WORKDIR /app\n"
	"COPY requirements.txt ./\n"
	DF_PIP_MOUNT
	"COPY . .\n"
	DF_PY_RUN,
	"",
	""
},
[ITEM_PERF_DOCKERIGNORE] = {
	"COPY . . sends the whole build context to the builder and into the image: the .git "
	"folder with the project's history, local .env files with real credentials, "
	"node_modules and caches. A .dockerignore keeps them out, which also makes builds "
	"faster and keeps the layer cache from breaking on irrelevant changes.",
	"Applies when a stage copies the whole context. Fails when the context has no "
	".dockerignore (a <Dockerfile>.dockerignore beside the Dockerfile wins over it), or its "
	"patterns do not exclude .env, and .git too when the context is the repository's root. "
	"Patterns are read as Docker reads them (! negation, **). The context is the build "
	"context of a Compose service that builds the Dockerfile, else the Dockerfile's folder. "
	"The examples are .dockerignore files beside a Dockerfile that runs COPY . . at the "
	"repository's root.",
	"# .dockerignore\n"
	"node_modules/\n"
	"*.log\n",
	"# .dockerignore\n"
	".git\n"
	".env\n"
	".env.*\n"
	"!.env.example\n"
	"node_modules/\n"
	"__pycache__/\n"
	"*.log\n",
	"",
	""
},
[ITEM_PERF_SINGLE_APT_LAYER] = {
	"apt-get update in a RUN of its own is cached as a layer and then reused for months, so "
	"a later apt-get install works from stale package lists and fails or installs old "
	"versions. Several update-and-install RUNs in one stage also repeat the download of the "
	"lists. One RUN that updates, installs and cleans up avoids both.",
	"Fails when a RUN runs apt-get update (or apt update) without installing in the same "
	"RUN, or when more than one RUN of a stage runs apt-get update. When each of those RUNs "
	"also installs and removes the lists, it is only a note: they could be one layer. Not "
	"applicable when no RUN uses apt-get or apt.",
	DF_DEBIAN
	"RUN apt-get update\n"
	"RUN apt-get install -y --no-install-recommends ca-certificates curl \\\n"
	"    && rm -rf /var/lib/apt/lists/*\n"
	DF_CURL_TAIL,
	DF_DEBIAN
	"RUN apt-get update \\\n"
	"    && apt-get install -y --no-install-recommends ca-certificates curl \\\n"
	"    && rm -rf /var/lib/apt/lists/*\n"
	DF_CURL_TAIL,
	"",
	""
},
[ITEM_SEC_PINNED_BASE] = {
	"A tag such as latest, 3.12 or bookworm is a moving pointer: the same Dockerfile builds "
	"a different image next week, and a break or a compromised release arrives without any "
	"change in the repository. A full version (or a digest) makes builds repeatable and "
	"makes every upgrade a reviewed change.",
	"Every external FROM image (not scratch, not an earlier stage) must be a pinned tag: a "
	"digest, a tag starting with a version of at least three parts (3.12.8-slim, "
	"20.18.1-alpine3.20, v2.10.4) or one holding an 8-digit date stamp. No tag or latest is "
	"an error; any other tag (3.12-slim, 20, bookworm, lts) a warning; debian and ubuntu "
	"point releases and postgres versions, which have two parts, only a note. A variable "
	"without a resolvable default is a warning.",
	"FROM python:3.12-slim\n"
	"WORKDIR /app\n"
	"COPY app/ ./app/\n"
	DF_PY_RUN,
	DF_PY
	"WORKDIR /app\n"
	"COPY app/ ./app/\n"
	DF_PY_RUN,
	"DL3006, DL3007",
	"The seed shows FROM python:3.11-slim under its warning about latest: it is not latest, "
	"but a minor-version tag that moves with every patch release, so berth warns about it. "
	"Its distroless example, FROM gcr.io/distroless/python3-debian12:latest, breaks the rule "
	"outright (error), and its digest example (@sha256:abc123...) is a placeholder, not a "
	"digest."
},
[ITEM_SEC_NON_ROOT] = {
	"A container's root is the host's root with a few walls around it. If the application "
	"is compromised while running as root, every kernel or runtime flaw and every mounted "
	"path is open to the intruder with full rights. A dedicated unprivileged user limits "
	"what a compromise can reach.",
	"Fails when the last USER in the final chain is missing, root, 0, root:... or 0:.... A "
	"final image whose tag contains nonroot (distroless) counts as non-root, and so does a "
	"USER $VAR that cannot be resolved. Always applicable.",
	DF_PY
	"WORKDIR /app\n"
	"COPY app/ ./app/\n"
	"CMD [\"python\", \"-m\", \"app\"]\n",
	DF_PY
	"RUN groupadd --system --gid 1000 app \\\n"
	"    && useradd --system --uid 1000 --gid app --no-create-home app\n"
	"WORKDIR /app\n"
	"COPY app/ ./app/\n"
	"USER app\n"
	"CMD [\"python\", \"-m\", \"app\"]\n",
	"DL3002",
	""
},
[ITEM_SEC_MINIMAL_BASE] = {
	"Full language images carry compilers, shells, package managers and hundreds of "
	"libraries the application never calls. Each one adds size, scanner findings and tools "
	"an intruder can use. Slim, alpine, distroless or scratch bases ship only what the "
	"runtime needs.",
	"Fails when the final image is a full image: python, node, ruby, golang, rust, php, "
	"perl, openjdk, eclipse-temurin, maven, gradle, elixir, erlang, haskell, gcc or "
	"buildpack-deps with a tag containing neither slim nor alpine; or debian without slim, "
	"centos, fedora, amazonlinux. ubuntu (which has no slim variant) and eclipse-temurin "
	"JRE tags are only a note. Other images pass. Always applicable.",
	"FROM python:3.12.8\n"
	"WORKDIR /app\n"
	"COPY app/ ./app/\n"
	DF_PY_RUN,
	DF_PY
	"WORKDIR /app\n"
	"COPY app/ ./app/\n"
	DF_PY_RUN,
	"",
	"The seed's multi-runtime sandbox builds on ubuntu:22.04.5, a full distribution; berth "
	"only notes it, as ubuntu has no slim variant."
},
[ITEM_SEC_NO_SECRETS] = {
	"Anything given to ENV or ARG is stored in the image's configuration and history, and "
	"anything copied in stays in a layer even if a later step deletes it. Whoever can pull "
	"the image can read it. Secrets belong in build secrets (RUN --mount=type=secret) at "
	"build time and in the orchestrator's secrets at run time.",
	"Fails when an ENV or ARG in any stage has a secret-like name (a word PASSWORD, PASSWD, "
	"PASS, SECRET, TOKEN, APIKEY, CREDENTIALS or CREDS, or API KEY, ACCESS KEY, PRIVATE "
	"KEY, SECRET KEY, AUTH KEY, CLIENT SECRET; not when the last word is FILE, PATH or DIR; "
	"not for a yes/no value or an absolute path), when any instruction holds a known key "
	"format (AKIA..., ghp_..., xoxb-..., a PEM private key), or when COPY or ADD takes a "
	".env file, an SSH key, a *.pem or *.key file, .npmrc or .pypirc. Always applicable.",
	DF_PY
	"ARG PYPI_TOKEN\n"
	"WORKDIR /app\n"
	"COPY requirements.txt ./\n"
	"RUN pip install --no-cache-dir \\\n"
	"    --index-url \"https://__token__:${PYPI_TOKEN}@pypi.example.com/simple\" \\\n"
	"    -r requirements.txt\n"
	"COPY app/ ./app/\n"
	DF_PY_RUN,
	DF_SYNTAX DF_PY
	"WORKDIR /app\n"
	"COPY requirements.txt ./\n"
	"RUN --mount=type=secret,id=netrc,target=/root/.netrc \\\n"
	"    --mount=type=cache,target=/root/.cache/pip \\\n"
	"    pip install --index-url https://pypi.example.com/simple -r requirements.txt\n"
	"COPY app/ ./app/\n"
	DF_PY_RUN,
	"DL3064",
	""
},
[ITEM_SEC_HEALTHCHECK] = {
	"A process can be alive and still unable to serve: deadlocked, out of connections, "
	"stuck on a dependency. Without a health check Docker and Compose only see that it "
	"runs, so nothing restarts it and nothing waits for it to be ready. A HEALTHCHECK "
	"probes the real service.",
	"Applies to network services: the final chain EXPOSEs a port, has an evident port or a "
	"HEALTHCHECK, runs a server (uvicorn, gunicorn, nginx, npm start, rails server, ...) or "
	"is built on a server image (nginx, httpd, caddy, traefik, haproxy, tomcat, php with "
	"apache or fpm). Fails when the final chain has no HEALTHCHECK. HEALTHCHECK NONE is a "
	"deliberate choice and passes.",
	DF_SYNTAX DF_PY DF_PY_APP
	"USER 1000\n"
	"EXPOSE 8000\n"
	DF_UVICORN(""),
	DF_GOOD_API,
	"DL3012, DL3057",
	"The production stage of the seed's development-versus-production example runs uvicorn "
	"with no HEALTHCHECK in it or in the stage it builds on as shown, so berth fails it."
},
[ITEM_SIZE_NO_INSTALL_RECOMMENDS] = {
	"By default apt installs every package that the requested ones merely recommend: "
	"documentation, extra tools, sometimes whole language runtimes. They are rarely needed "
	"in a container and often double the size of the layer.",
	"Fails when an apt-get install or apt install in the final chain lacks "
	"--no-install-recommends (or -o APT::Install-Recommends=false). Not applicable when the "
	"final chain installs nothing with apt.",
	DF_DEBIAN
	"RUN apt-get update \\\n"
	"    && apt-get install -y ca-certificates curl \\\n"
	"    && rm -rf /var/lib/apt/lists/*\n"
	DF_CURL_TAIL,
	DF_DEBIAN
	"RUN apt-get update \\\n"
	"    && apt-get install -y --no-install-recommends ca-certificates curl \\\n"
	"    && rm -rf /var/lib/apt/lists/*\n"
	DF_CURL_TAIL,
	"DL3015",
	"The seed's 'single apt layer' fix and its apt cache-mount example both run apt-get "
	"install -y without --no-install-recommends."
},
[ITEM_SIZE_APT_LISTS_CLEANED] = {
	"apt-get update downloads package lists of tens of megabytes into /var/lib/apt/lists. "
	"Left in the layer, they ship in every image and are stale by the time anyone could use "
	"them. They must go in the same RUN: a later rm only hides them, the earlier layer "
	"still holds them.",
	"Fails when a RUN in the final chain installs with apt and neither removes the lists in "
	"the same RUN (rm of /var/lib/apt/lists or anything under it, apt-get dist-clean) nor "
	"has a cache mount on /var/lib/apt or /var/lib/apt/lists. Not applicable when the final "
	"chain installs nothing with apt.",
	DF_DEBIAN
	"RUN apt-get update \\\n"
	"    && apt-get install -y --no-install-recommends ca-certificates curl\n"
	DF_CURL_TAIL,
	DF_DEBIAN
	"RUN apt-get update \\\n"
	"    && apt-get install -y --no-install-recommends ca-certificates curl \\\n"
	"    && rm -rf /var/lib/apt/lists/*\n"
	DF_CURL_TAIL,
	"DL3009",
	""
},
[ITEM_SIZE_NO_PKG_CACHE] = {
	"Package managers keep a copy of everything they download so the next install is "
	"faster. In an image there is no next install: the cache just ships, often as large as "
	"the packages themselves. Either tell the manager not to keep it or keep it in a cache "
	"mount outside the image.",
	"Fails, in the final chain, for pip install without --no-cache-dir (unless the RUN has a "
	"cache mount whose target contains pip, or PIP_NO_CACHE_DIR is set earlier), apk add "
	"without --no-cache (unless a cache mount on /var/cache/apk or an rm of "
	"/var/cache/apk/* in the same RUN), and yum, dnf or microdnf install without a clean "
	"all in the same RUN (or a cache mount). Not applicable when the final chain has none "
	"of these installs.",
	"FROM alpine:3.20.3\n"
	"RUN apk add ca-certificates curl\n"
	"USER 65534\n"
	"ENTRYPOINT [\"curl\"]\n",
	"FROM alpine:3.20.3\n"
	"RUN apk add --no-cache ca-certificates curl\n"
	"USER 65534\n"
	"ENTRYPOINT [\"curl\"]\n",
	"DL3019, DL3032, DL3036, DL3040, DL3042",
	"The seed's layer-ordering example and its 'install dependencies first' fix run pip "
	"install with neither --no-cache-dir nor a cache mount."
},
[ITEM_SIZE_NO_BUILD_TOOLS] = {
	"A compiler in the running image is a gift to an intruder and dead weight for everyone "
	"else: build-essential alone adds a couple of hundred megabytes. Build in an earlier "
	"stage and copy the result, or remove the tools in the same RUN that used them.",
	"Fails when a toolchain package (build-essential, gcc, g++, clang, make, cmake, "
	"autoconf, automake, libtool, pkg-config, alpine-sdk, musl-dev, cargo, rust, golang, "
	"any *-dev or *-devel package) installed by an OS package manager stays in the final "
	"chain, that is, the same RUN does not purge or delete it again. Always applicable.",
	DF_SYNTAX DF_PY
	"RUN apt-get update \\\n"
	"    && apt-get install -y --no-install-recommends build-essential \\\n"
	"    && rm -rf /var/lib/apt/lists/*\n"
	DF_PY_APP DF_PY_RUN,
	DF_SYNTAX
	"FROM python:3.12.8-slim AS build\n"
	"RUN apt-get update \\\n"
	"    && apt-get install -y --no-install-recommends build-essential \\\n"
	"    && rm -rf /var/lib/apt/lists/*\n"
	"WORKDIR /src\n"
	"COPY requirements.txt ./\n"
	"RUN --mount=type=cache,target=/root/.cache/pip \\\n"
	"    pip wheel --wheel-dir /wheels -r requirements.txt\n"
	"\n"
	DF_PY
	"WORKDIR /app\n"
	"COPY --from=build /wheels /wheels\n"
	"RUN --mount=type=cache,target=/root/.cache/pip \\\n"
	"    pip install --no-index /wheels/*.whl\n"
	"COPY app/ ./app/\n"
	DF_PY_RUN,
	"",
	"The seed's multi-runtime sandbox installs build-essential, libffi-dev, libssl-dev and "
	"python3.11-dev in its only stage and keeps them, so berth fails this item there."
},
[ITEM_SIZE_PROD_DEPS_ONLY] = {
	"Test runners, linters and debuggers are needed while developing, not in production. "
	"Installed in the shipped image they add size and code that nobody reviews as part of "
	"the running service.",
	"Fails when a project dependency install in the final chain pulls development "
	"dependencies: pip -r of a file whose name has a word dev, develop, development, test, "
	"tests, testing, lint or ci; pip extras dev, test, tests, testing, lint or docs; npm "
	"ci or npm install without --omit=dev (or --production, --only=prod), yarn install "
	"without --production, pnpm install without --prod, unless NODE_ENV=production is set "
	"earlier; poetry install without --only main, --without dev or --no-dev. Not applicable "
	"when the final chain installs no project dependencies.",
	DF_SYNTAX
	"FROM node:20.18.1-alpine3.20\n"
	"WORKDIR /app\n"
	"COPY package.json package-lock.json ./\n"
	"RUN --mount=type=cache,target=/root/.npm npm ci\n"
	"COPY src/ ./src/\n"
	"USER node\n"
	"CMD [\"node\", \"src/worker.js\"]\n",
	DF_SYNTAX
	"FROM node:20.18.1-alpine3.20\n"
	"WORKDIR /app\n"
	"COPY package.json package-lock.json ./\n"
	"RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\n"
	"COPY src/ ./src/\n"
	"USER node\n"
	"CMD [\"node\", \"src/worker.js\"]\n",
	"",
	""
},
[ITEM_CORR_PARSE] = {
	"Docker accepts some broken Dockerfiles silently and does something else than what was "
	"written: a CMD in single quotes is not an exec form but a shell command starting with "
	"a bracket. Other mistakes only show up when the build fails. berth also cannot judge "
	"what it cannot read.",
	"Fails on: no FROM; an unknown instruction; an instruction missing its arguments; an "
	"instruction other than ARG before the first FROM; a line continuation at the end of "
	"the file; an unterminated heredoc; duplicate stage names; or a broken exec form (CMD, "
	"ENTRYPOINT or SHELL that starts with [ and a quote, or RUN, COPY, ADD, VOLUME that "
	"start with [\" or [', but are not a valid JSON array of strings). Always applicable.",
	"FROM alpine:3.20.3\n"
	"RUN apk add --no-cache curl\n"
	"USER 65534\n"
	"ENTRYPOINT ['curl']\n",
	"FROM alpine:3.20.3\n"
	"RUN apk add --no-cache curl\n"
	"USER 65534\n"
	"ENTRYPOINT [\"curl\"]\n",
	"DL3011, DL3021, DL3023, DL3024, DL3043, DL3061, DL3063",
	""
},
[ITEM_CORR_WORKDIR_BEFORE_COPY] = {
	"A relative COPY destination is resolved against the current working folder, which is "
	"whatever the base image left behind, often /. Files then land in the root folder next "
	"to /etc and /bin, and the next base image update can move them. An absolute WORKDIR "
	"first makes the layout explicit.",
	"Fails when, in a stage, a COPY or ADD with a relative destination comes before any "
	"WORKDIR of the stage or of a stage it is built FROM (a base image's own WORKDIR is "
	"unknown and does not count), or when a WORKDIR is relative with no absolute WORKDIR "
	"before it. Not applicable when the file has no COPY, ADD or WORKDIR.",
	DF_PY
	"COPY app/ ./app/\n"
	DF_PY_RUN,
	DF_PY
	"WORKDIR /app\n"
	"COPY app/ ./app/\n"
	DF_PY_RUN,
	"DL3000, DL3045",
	"Several of the seed's fragments (layer ordering, 'install dependencies first') copy to "
	"./ or . with no WORKDIR in sight; as whole files they would copy into the image's root "
	"folder."
},
[ITEM_CORR_COPY_OWNERSHIP] = {
	"COPY always creates files owned by root, whatever USER says. An application running "
	"as its own user then cannot write to its own folder (uploads, caches, pid files) and "
	"fails at run time, or someone 'fixes' it with chmod 777. --chown gives the files to "
	"the right user in the same layer.",
	"Applies when the final chain switches to a non-root USER. Fails when a COPY or ADD "
	"without --chown comes after that switch (in the same or a parent stage). A COPY before "
	"the switch without --chown, or into /etc or /usr, is only a note: read-only code "
	"owned by root is fine when the application never writes there.",
	DF_PY
	"RUN useradd --uid 1000 --create-home app\n"
	"USER app\n"
	"WORKDIR /home/app\n"
	"COPY app/ ./app/\n"
	"CMD [\"python\", \"-m\", \"app\"]\n",
	DF_PY
	"RUN useradd --uid 1000 --create-home app\n"
	"USER app\n"
	"WORKDIR /home/app\n"
	"COPY --chown=app:app app/ ./app/\n"
	"CMD [\"python\", \"-m\", \"app\"]\n",
	"",
	"The seed's Python API example copies the code (COPY . .) before USER app without "
	"--chown; berth notes it, since the code is then read-only for the app."
},
[ITEM_CORR_EXPOSE_PORT] = {
	"EXPOSE is documentation that tools act on: docker run -P, Compose and platforms use it "
	"to wire ports. When it names a different port than the one the server listens on, "
	"traffic goes nowhere and the health of the service is misjudged.",
	"Fails when a port the image evidently serves is not EXPOSEd in the final chain: a port "
	"given to CMD or ENTRYPOINT (--port N, -p N, --bind HOST:N, --listen HOST:N) or probed "
	"by the HEALTHCHECK (localhost:N, 127.0.0.1:N, 0.0.0.0:N). Not applicable when there is "
	"no EXPOSE and no evident port.",
	DF_SYNTAX DF_PY DF_PY_APP
	"USER 1000\n"
	"EXPOSE 8080\n"
	DF_HEALTH
	DF_UVICORN(""),
	DF_GOOD_API,
	"",
	""
},
[ITEM_CORR_PRODUCTION_CMD] = {
	"Development servers and flags (auto-reload, debug mode, file watchers) are slow, leak "
	"internals and sometimes run arbitrary code from a debugger page. A shell-form command "
	"runs under /bin/sh, which does not pass SIGTERM on, so the application is killed "
	"instead of shutting down cleanly. Two CMDs in a stage mean one of them is ignored.",
	"Fails, for the final chain's effective CMD and ENTRYPOINT, on dev flags or servers "
	"(--reload, --debug, --watch, nodemon, npm run dev, yarn dev, flask run, manage.py "
	"runserver, ng serve), on shell form unless the command starts with exec, on more than "
	"one CMD or ENTRYPOINT in a stage of the final chain, and on FLASK_DEBUG=1, "
	"FLASK_ENV=development, NODE_ENV=development or RAILS_ENV=development set in the final "
	"chain. Not applicable when there is no CMD and no ENTRYPOINT.",
	DF_SYNTAX DF_PY DF_PY_APP
	"USER 1000\n"
	"EXPOSE 8000\n"
	DF_HEALTH
	DF_UVICORN(", \"--reload\""),
	DF_GOOD_API,
	"DL3025, DL4003, DL4004",
	""
},
[ITEM_CORR_ENV_DEFAULTS] = {
	"An ENV that refers to a variable nobody defined expands to an empty string, silently. "
	"The image then runs with a broken path or setting and the cause is far from the "
	"symptom. A default (an ARG with a value, or ${VAR:-default}) makes the intent explicit.",
	"Fails when an ENV value uses a variable that is not well-known (PATH, HOME, "
	"TARGETARCH, ...), not defined earlier in scope (by ENV, or by an ARG with a default; a "
	"global ARG counts in a stage only when redeclared there) and has no fallback "
	"(${VAR:-x}, ${VAR-x}, ${VAR:+x}); or when an ARG without default is used in a FROM. "
	"Not applicable when there is no ENV and no ARG.",
	DF_PY
	"ENV LOG_LEVEL=${LOG_LEVEL}\n"
	"WORKDIR /app\n"
	"COPY app/ ./app/\n"
	DF_PY_RUN,
	DF_PY
	"ARG LOG_LEVEL=info\n"
	"ENV LOG_LEVEL=${LOG_LEVEL}\n"
	"WORKDIR /app\n"
	"COPY app/ ./app/\n"
	DF_PY_RUN,
	"DL3044",
	""
},
[ITEM_CORR_PITFALLS] = {
	"A handful of mistakes that linters have caught for years: piping a download into a "
	"shell without pipefail (a failed download still 'succeeds'), sudo in a build that "
	"already runs as root, world-writable files, an SSH port, apt-get install waiting for a "
	"yes that never comes, COPY --from naming a stage that does not exist.",
	"Warnings: curl or wget piped into sh, bash, dash, ash, zsh or ksh without set -o "
	"pipefail (or a SHELL with -o pipefail); sudo in RUN; chmod 777, 0777 or a+rwx; EXPOSE "
	"22. Errors: apt-get install without -y (or --yes, -qq, --assume-yes); COPY --from=NAME "
	"where NAME is not an earlier stage, a stage index or an image reference. Notes: ADD of "
	"a local file that is not an archive, cd in RUN, MAINTAINER. Always applicable.",
	DF_DEBIAN
	"RUN apt-get update \\\n"
	"    && apt-get install -y --no-install-recommends ca-certificates curl \\\n"
	"    && curl -fsSL https://example.com/install-tool.sh | sh \\\n"
	"    && rm -rf /var/lib/apt/lists/*\n"
	"USER 1000\n"
	"ENTRYPOINT [\"tool\"]\n",
	DF_DEBIAN
	"SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
	"RUN apt-get update \\\n"
	"    && apt-get install -y --no-install-recommends ca-certificates curl \\\n"
	"    && curl -fsSL https://example.com/install-tool.sh | bash \\\n"
	"    && rm -rf /var/lib/apt/lists/*\n"
	"USER 1000\n"
	"ENTRYPOINT [\"tool\"]\n",
	"DL3003, DL3004, DL3014, DL3020, DL3022, DL4000, DL4006",
	"The seed's multi-runtime sandbox installs Node.js with curl ... | bash - and no "
	"pipefail, so a failed download would go unnoticed."
},
[ITEM_CORR_SYNTAX_DIRECTIVE] = {
	"Cache mounts, secret mounts, heredocs and COPY --link need a recent Dockerfile "
	"frontend. Without a # syntax= line the build uses whatever frontend the local Docker "
	"ships, so the same file builds on one machine and fails, or behaves differently, on "
	"another.",
	"Applies when the file uses BuildKit-only syntax (RUN --mount, --network or --security, "
	"COPY --link, --chmod, ADD --checksum, heredocs). Fails when no # syntax= directive "
	"naming docker/dockerfile or docker/dockerfile-upstream is in force. Directives are "
	"read only before the first comment, blank line or instruction; a later # syntax= line "
	"is a plain comment.",
	DF_PY DF_PY_APP DF_PY_RUN,
	DF_GOOD_WORKER,
	"",
	"The seed's development-versus-production example and its cache-mount fragments use "
	"RUN --mount with no # syntax= line."
},
[ITEM_COMPOSE_PARSE] = {
	"A Compose file that is not what Compose expects is either rejected at deploy time or, "
	"worse, read differently from what its author meant: a duplicate key silently keeps "
	"one value, and the retired version-1 layout puts services where Compose no longer "
	"looks.",
	"Fails when the file is not well-formed YAML, holds more than one document, its top "
	"level is not a mapping or has a key other than version, name, services, networks, "
	"volumes, configs, secrets, include, models or x-..., services is not a mapping of "
	"mappings, or any mapping repeats a key. A file without services (a fragment) passes "
	"with a note; the obsolete version: key is a note. Always applicable.",
	"api:\n"
	"  image: ghcr.io/acme/api:1.4.2\n"
	"  restart: unless-stopped\n",
	C_GOOD,
	"",
	""
},
[ITEM_COMPOSE_PINNED_IMAGE] = {
	"The image a service runs, or the one it builds and pushes, should be the same every "
	"time the file is deployed. A latest or minor tag changes under the same file, so two "
	"deployments of one commit can run different code.",
	"Fails when a service's image: is not a pinned tag, with the same rule as "
	"sec.pinned-base (a digest, a three-part version or a date stamp; latest or no tag is "
	"an error, other tags a warning). ${VAR:-default} and values from a .env file beside the "
	"Compose file are resolved as Compose does (values from .env are never printed). Also "
	"when the service has build:, since image: then names what is pushed. Not applicable "
	"when no service has image:.",
	C_HEAD "    image: ghcr.io/acme/api:latest\n" C_HARDENING,
	C_GOOD,
	"",
	"The seed's Compose example tags the image it builds as org/api:latest."
},
[ITEM_COMPOSE_NO_NEW_PRIVILEGES] = {
	"Set-uid programs inside the image (su, ping, package helpers) can raise a process's "
	"rights even after it dropped them. no-new-privileges makes the kernel refuse any such "
	"gain for every process in the container.",
	"Fails when a service's security_opt lacks no-new-privileges:true (or "
	"no-new-privileges, no-new-privileges=true). Development files (dev, local, override, "
	"test or ci in the name, or compose-profile: development) get a note instead. Always "
	"applicable.",
	C_HEAD C_IMAGE C_RESTART C_CAPS C_RO C_LIMITS C_HEALTH,
	C_GOOD,
	"",
	""
},
[ITEM_COMPOSE_CAP_DROP] = {
	"Containers start with a default set of Linux capabilities (changing file owners, "
	"binding low ports, raw sockets, ...) that most services never use and an intruder "
	"gladly would. Dropping ALL and adding back the one or two a service needs leaves "
	"little to abuse.",
	"Fails when a service's cap_drop lacks ALL (any case). Adding back what the image needs "
	"with cap_add is fine. Development files get a note instead. Always applicable.",
	C_HEAD C_IMAGE C_RESTART C_NNP C_RO C_LIMITS C_HEALTH,
	C_GOOD,
	"",
	""
},
[ITEM_COMPOSE_READ_ONLY] = {
	"With a read-only root filesystem an intruder cannot drop tools or change the "
	"application's code, and an application that writes where it should not fails loudly "
	"in testing rather than filling a disk in production. tmpfs mounts give it the scratch "
	"space it really needs.",
	"Fails when a service lacks read_only: true; read_only without any tmpfs is a note "
	"(most programs need a writable /tmp). Development files get a note instead. Always "
	"applicable.",
	C_HEAD C_IMAGE C_RESTART C_NNP C_CAPS C_LIMITS C_HEALTH,
	C_GOOD,
	"",
	""
},
[ITEM_COMPOSE_RESOURCE_LIMITS] = {
	"Without limits one service with a leak or a traffic spike takes all the memory or CPU "
	"of the host and takes its neighbours down with it. Limits turn that into a restart of "
	"the one service.",
	"Fails when a service has no CPU limit or no memory limit (deploy.resources.limits.cpus "
	"and memory, or the legacy cpus and mem_limit; mixing the forms is fine). Development "
	"files get a note instead. Always applicable.",
	C_HEAD C_IMAGE C_RESTART C_NNP C_CAPS C_RO C_HEALTH,
	C_GOOD,
	"",
	""
},
[ITEM_COMPOSE_HEALTHCHECK] = {
	"Compose can only wait for a dependency to be ready, and a platform can only replace a "
	"broken instance, if something says what healthy means. Without a health check a hung "
	"service looks exactly like a working one.",
	"Fails when a service has no healthcheck (or one with disable: true or test: "
	"[\"NONE\"]) and does not build from a Dockerfile in the repository whose built stage has "
	"a HEALTHCHECK in its chain (HEALTHCHECK NONE there is a deliberate choice and passes). "
	"Development files get a note instead. Always applicable.",
	C_HEAD C_IMAGE C_RESTART C_NNP C_CAPS C_RO C_LIMITS,
	C_GOOD,
	"",
	""
},
[ITEM_COMPOSE_RESTART] = {
	"Processes crash and hosts reboot. Without a restart policy a service that exits stays "
	"down until someone notices.",
	"Fails when a service has neither restart nor deploy.restart_policy. An explicit "
	"restart: \"no\" is a choice and passes. Development files get a note instead. Always "
	"applicable.",
	C_HEAD C_IMAGE C_NNP C_CAPS C_RO C_LIMITS C_HEALTH,
	C_GOOD,
	"",
	""
},
[ITEM_COMPOSE_BUILD_VALID] = {
	"A build: that points at a missing folder, a missing Dockerfile or a stage that does "
	"not exist only fails when someone runs docker compose build, often in CI or on the "
	"day of a release. berth checks the references against the repository.",
	"Fails when a service's build context folder or its Dockerfile does not exist in the "
	"repository (a context outside the repository fails; remote contexts and unresolvable "
	"variables are not judged), or when target is not a stage of that Dockerfile. Not "
	"applicable when no service has build:. In both examples the repository holds "
	"./Dockerfile with a stage named runtime, and no folder ./api.",
	C_HEAD
	"    build:\n      context: ./api\n      target: runtime\n"
	C_IMAGE C_HARDENING,
	C_HEAD
	"    build:\n      context: .\n      target: runtime\n"
	C_IMAGE C_HARDENING,
	"",
	""
},
[ITEM_COMPOSE_NO_INLINE_SECRETS] = {
	"A password written into a Compose file is in the repository, in every clone and in "
	"its history for good, and visible to anyone who can run docker inspect. The same goes "
	"for a tracked env_file. Secrets should come from the environment at deploy time or "
	"from Compose secrets.",
	"Fails when environment (map or list form) or build.args gives a secret-like name "
	"(as in sec.no-secrets) a literal value or an interpolation with a literal default "
	"(${DB_PASSWORD:-changeme} commits the default); ${VAR} without default, empty and null "
	"are fine. Also fails when an env_file is tracked by git. Always applicable.",
	C_HEAD C_IMAGE C_HARDENING
	"    environment:\n"
	"      DB_HOST: db\n"
	"      DB_PASSWORD: s3cret-in-git\n",
	C_HEAD C_IMAGE C_HARDENING
	"    environment:\n"
	"      DB_HOST: db\n"
	"      DB_PASSWORD_FILE: /run/secrets/db_password\n"
	"    secrets:\n"
	"      - db_password\n"
	"secrets:\n"
	"  db_password:\n"
	"    environment: DB_PASSWORD\n",
	"",
	"The seed's Compose example loads env_file: .env. That is only safe while .env stays "
	"out of git; berth fails the item when git tracks the file."
},
[ITEM_COMPOSE_NO_PRIVILEGED] = {
	"A privileged container, host networking or PID namespace, or a mounted Docker socket "
	"hands the container the host: whoever controls the process can start containers, read "
	"other processes or reconfigure the network. Such access should be rare and deliberate.",
	"Fails on privileged: true, network_mode: host, pid: host, ipc: host, cap_add with ALL "
	"or SYS_ADMIN, a volume mounting /var/run/docker.sock, /run/docker.sock or the host's /, "
	"/proc or /sys, and security_opt with seccomp:unconfined or apparmor:unconfined. Always "
	"applicable.",
	C_HEAD C_IMAGE C_HARDENING
	"    volumes:\n"
	"      - /var/run/docker.sock:/var/run/docker.sock\n",
	C_GOOD,
	"",
	""
},
};
