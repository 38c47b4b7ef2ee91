/* explain_text_size_corr - what `berth explain` says about the Size and Correctness items. */
#include "explain_priv.h"

const struct explain explain_text_size_corr[ITEM_COUNT] = {
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
	"The seed's 'single apt layer' fix and its apt cache-mount example both run apt-get "
	"install -y without --no-install-recommends."
},
[ITEM_SIZE_APT_LISTS_CLEANED] = {
	"apt-get update downloads package lists of tens of megabytes into /var/lib/apt/lists. "
	"Left in the layer, they ship in every image and are stale by the time anyone could use "
	"them. They must go in the same RUN: a later rm only hides them, the earlier layer "
	"still holds them.",
	"Fails when a RUN in the final chain installs with apt and does not remove the lists "
	"in the same RUN after its last apt-get update or install (rm of /var/lib/apt/lists "
	"or anything under it, apt-get dist-clean, apt dist-clean), and has no cache or tmpfs "
	"mount on /var/lib/apt or /var/lib/apt/lists. A removal before the update cleans "
	"nothing. Not applicable when the final chain installs nothing with apt.",
	DF_DEBIAN
	"RUN apt-get update \\\n"
	"    && apt-get install -y --no-install-recommends ca-certificates curl\n"
	DF_CURL_TAIL,
	DF_DEBIAN
	"RUN apt-get update \\\n"
	"    && apt-get install -y --no-install-recommends ca-certificates curl \\\n"
	"    && rm -rf /var/lib/apt/lists/*\n"
	DF_CURL_TAIL,
	""
},
[ITEM_SIZE_NO_PKG_CACHE] = {
	"Package managers keep a copy of everything they download so the next install is "
	"faster. In an image there is no next install: the cache just ships, often as large as "
	"the packages themselves. Either tell the manager not to keep it or keep it in a cache "
	"mount outside the image.",
	"Fails, in the final chain, for pip install without --no-cache-dir or its prefix "
	"--no-cache (unless the RUN has a cache or tmpfs mount whose target contains pip, or "
	"PIP_NO_CACHE_DIR is set earlier in the chain by ENV or an ARG default, or exported "
	"earlier in the same RUN); apk add without --no-cache or --no-network (unless a cache "
	"or tmpfs mount on /var/cache/apk or an rm of /var/cache/apk/* later in the same "
	"RUN); yum, dnf, microdnf or tdnf install (also dnf in, reinstall, upgrade) without a "
	"clean all in any option order or an rm of /var/cache/yum, /var/cache/dnf, "
	"/var/cache/libdnf5 or /var/cache/tdnf later in the same RUN (or a cache or tmpfs "
	"mount there); zypper install without zypper clean or an rm of /var/cache/zypp later "
	"in the same RUN. A clean before the install cleans nothing. Not applicable when the "
	"final chain has none of these installs.",
	"FROM alpine:3.20.3\n"
	"RUN apk add ca-certificates curl\n"
	"USER 65534\n"
	"ENTRYPOINT [\"curl\"]\n",
	"FROM alpine:3.20.3\n"
	"RUN apk add --no-cache ca-certificates curl\n"
	"USER 65534\n"
	"ENTRYPOINT [\"curl\"]\n",
	"The seed's layer-ordering example and its 'install dependencies first' fix run pip "
	"install with neither --no-cache-dir nor a cache mount."
},
[ITEM_SIZE_NO_BUILD_TOOLS] = {
	"A compiler in the running image is a gift to an intruder and dead weight for everyone "
	"else: build-essential alone adds a couple of hundred megabytes. Build in an earlier "
	"stage and copy the result, or remove the tools in the same RUN that used them.",
	"Fails when a toolchain package (build-essential, gcc, g++, clang, make, cmake, "
	"autoconf, automake, libtool, pkg-config, pkgconf, alpine-sdk, musl-dev, cargo, rust, "
	"golang, build-base, any *-dev or *-devel package) installed by an OS package manager "
	"(apt-get, apt, apk, yum, dnf, microdnf, tdnf, zypper) stays in the final chain: the "
	"same RUN does not purge, autoremove or delete it (or its apk --virtual group) again. "
	"Packages are read after substituting ARG, ENV and the RUN's own shell variables "
	"(apt-get install $BUILD_DEPS). One finding per install lists its packages; compilers "
	"and development headers are named apart. Always applicable.",
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
	"The seed's multi-runtime sandbox installs build-essential, libffi-dev, libssl-dev and "
	"python3.11-dev in its only stage and keeps them, so berth fails this item there."
},
[ITEM_SIZE_PROD_DEPS_ONLY] = {
	"Test runners, linters and debuggers are needed while developing, not in production. "
	"Installed in the shipped image they add size and code that nobody reviews as part of "
	"the running service.",
	"Fails when a project dependency install in the final chain pulls development "
	"dependencies: pip -r of a file whose name has a word dev, develop, development, "
	"test, tests, testing, lint or ci; pip extras dev, test, tests, testing, lint or "
	"docs; npm ci or npm install without --omit=dev (or --production, --only=prod), yarn "
	"install without --production, pnpm install without --prod, unless "
	"NODE_ENV=production is set earlier in the chain; poetry install without --only main, "
	"--without dev or --no-dev. Passes when a dev-dependency prune follows in the chain "
	"(npm prune --omit=dev, pnpm prune --prod, yarn workspaces focus --production, poetry "
	"install --only main, pip uninstall) or when the install is one branch of an if/case "
	"whose other branch is the production variant. When a compile step follows the "
	"install, only a note: the build needs its dev dependencies, build in another stage. "
	"Not applicable when the final chain installs no project dependencies.",
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
	""
},
[ITEM_CORR_PARSE] = {
	"Docker accepts some broken Dockerfiles silently and does something else than what was "
	"written: a CMD in single quotes is not an exec form but a shell command starting with "
	"a bracket. Other mistakes only show up when the build fails. berth also cannot judge "
	"what it cannot read.",
	"Fails on: no FROM; an unknown instruction; an instruction missing its arguments; an "
	"instruction other than ARG before the first FROM; a line continuation at the end of "
	"the file; an unterminated heredoc; duplicate stage names (any case); a broken exec "
	"form (CMD, ENTRYPOINT or SHELL that starts with [ and a quote, or RUN, COPY, ADD, "
	"VOLUME that start with [\" or [', but are not a valid JSON array of strings); and "
	"what Docker refuses to build: an EXPOSE port outside 1-65535, COPY or ADD of several "
	"sources to a destination that does not end with /, ONBUILD followed by ONBUILD, FROM "
	"or MAINTAINER, a stage named scratch or context, an unterminated quote in an ENV or "
	"LABEL value. Always applicable.",
	"FROM alpine:3.20.3\n"
	"RUN apk add --no-cache curl\n"
	"USER 65534\n"
	"ENTRYPOINT ['curl']\n",
	"FROM alpine:3.20.3\n"
	"RUN apk add --no-cache curl\n"
	"USER 65534\n"
	"ENTRYPOINT [\"curl\"]\n",
	""
},
[ITEM_CORR_WORKDIR_BEFORE_COPY] = {
	"A relative COPY destination is resolved against the current working folder, which is "
	"whatever the base image left behind, often /. Files then land in the root folder next "
	"to /etc and /bin, and the next base image update can move them. An absolute WORKDIR "
	"first makes the layout explicit.",
	"Fails when, in a stage, a COPY or ADD with a relative destination comes before any "
	"WORKDIR of the stage or of a stage it is built FROM, or when a WORKDIR is relative "
	"with no absolute WORKDIR before it. An external image's own WORKDIR counts when its "
	"image facts give one; a Docker official image without facts has none; a chain rooted "
	"in any other image (a name with a namespace or registry) may set one berth cannot "
	"see, so the finding is a note. A destination made of an unresolvable variable is not "
	"judged. Not applicable when the file has no COPY, ADD or WORKDIR.",
	DF_PY
	"COPY app/ ./app/\n"
	DF_PY_RUN,
	DF_PY
	"WORKDIR /app\n"
	"COPY app/ ./app/\n"
	DF_PY_RUN,
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
	""
},
[ITEM_CORR_ENV_DEFAULTS] = {
	"An ENV that refers to a variable nobody defined expands to an empty string, silently. "
	"The image then runs with a broken path or setting and the cause is far from the "
	"symptom. A default (an ARG with a value, or ${VAR:-default}) makes the intent explicit.",
	"Fails when an ENV value uses a variable that is not well-known (PATH, HOME, "
	"TARGETARCH, ...), not declared earlier in scope (by ENV, or by an ARG with or "
	"without default: ARG X then ENV Y=$X is the idiom for an optional build value; a "
	"global ARG counts in a stage only when redeclared there) and has no fallback "
	"(${VAR:-x}, ${VAR-x}, ${VAR:+x}); in a chain rooted in an image whose ENV berth "
	"cannot see (not a Docker official image, no facts) it is only a note. Also fails "
	"when an ARG without default is used in a FROM and the build does not supply it. Not "
	"applicable when there is no ENV and no ARG.",
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
	""
},
[ITEM_CORR_PITFALLS] = {
	"A handful of mistakes that linters have caught for years: piping a download into a "
	"shell without pipefail (a failed download still 'succeeds'), sudo in a build that "
	"already runs as root, world-writable files, an SSH port, apt-get install waiting for a "
	"yes that never comes, COPY --from naming a stage that does not exist.",
	"Errors: a package install that waits for an answer - apt-get or apt install without "
	"-y, --yes, --assume-yes, -qq, -q -q, -q=2 or --quiet --quiet; yum, dnf, microdnf or "
	"tdnf install without -y or --assumeyes; zypper install without -n, "
	"--non-interactive, -y or --no-confirm. Warnings: curl or wget piped into sh, bash, "
	"dash, ash, zsh or ksh without set -o pipefail (or a SHELL with -o pipefail); sudo in "
	"RUN while the build runs as root (sudo -u drops privileges and is fine; after a "
	"non-root USER it is a note); chmod 777, 0777 or a+rwx; EXPOSE 22; COPY --from=NAME "
	"where NAME is no earlier stage, stage index or image reference (--build-context may "
	"supply it); two HEALTHCHECKs in one stage; verification turned off (rule "
	"insecure-download: curl -k, wget --no-check-certificate, pip --trusted-host, "
	"PIP_TRUSTED_HOST, apt --allow-unauthenticated or --force-yes, apk --allow-untrusted, "
	"rpm --nosignature, --nogpgcheck, strict-ssl false, NODE_TLS_REJECT_UNAUTHORIZED=0, "
	"git http.sslVerify=false, GIT_SSL_NO_VERIFY). Notes: ADD of a URL without "
	"--checksum, ADD of a local file that is not an archive, cd in RUN, MAINTAINER. "
	"Always applicable.",
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
	"The seed's multi-runtime sandbox installs Node.js with curl ... | bash - and no "
	"pipefail, so a failed download would go unnoticed."
},
[ITEM_CORR_SYNTAX_DIRECTIVE] = {
	"Newer Dockerfile syntax (COPY --exclude, COPY --parents, ADD --keep-git-dir, RUN --device) "
	"is unknown to the frontend built into Docker Engine 23: without a # syntax= line the same "
	"file builds on one machine and fails on another. Older BuildKit syntax (cache mounts, "
	"heredocs, COPY --link) builds with current Docker; the directive then only pins the "
	"frontend so the build is reproducible.",
	"Applies when the file uses BuildKit-only syntax. Fails (warning) when syntax newer than "
	"the Engine 23 frontend is used and no # syntax= directive naming docker/dockerfile or "
	"docker/dockerfile-upstream (any tag, with or without docker.io/) is in force; the other "
	"BuildKit syntax (RUN --mount, --network or --security, COPY --link, --chmod, ADD "
	"--checksum, heredocs) without one is an info note. Directives are read only before the "
	"first comment, blank line or instruction; a later # syntax= line is a plain comment.",
	DF_PY
	"WORKDIR /app\n"
	"COPY --exclude=tests/ . ./\n"
	DF_PY_RUN,
	DF_SYNTAX DF_PY
	"WORKDIR /app\n"
	"COPY --exclude=tests/ . ./\n"
	DF_PY_RUN,
	"The seed's development-versus-production example and its cache-mount fragments use "
	"RUN --mount with no # syntax= line: current Docker builds them, so that is an info note."
},
};
