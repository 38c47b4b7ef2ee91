/* explain_text_perf_sec - what `berth explain` says about the Performance and Security items. */
#include "explain_priv.h"

const struct explain explain_text_perf_sec[ITEM_COUNT] = {
[ITEM_PERF_MULTI_STAGE] = {
	"Compilers, headers and build caches are needed to make the program, not to run it. "
	"When the build happens in the image that ships, all of that ships too: a bigger image "
	"to pull, more packages to patch and more tools for an intruder. A separate build stage "
	"lets the final stage copy in only the result.",
	"Fails when the build happens in the final chain (the final stage and the stages it "
	"is built FROM): a compile step runs (go build, cargo build, npm run build, make, "
	"gcc, pip wheel, ...; leading VAR=value assignments do not hide it), or language "
	"packages are installed while a compiler is present (native extensions get built; "
	"-dev packages alone build nothing; upgrading pip, setuptools, wheel, npm, yarn, pnpm "
	"or corepack builds nothing), and the toolchain stays: a toolchain package is not "
	"removed in the same RUN, or the final image is itself a toolchain image (golang, "
	"rust, gcc, maven, ...). The final stage skips trailing stages named dev, test or "
	"debug and trailing stages another stage only copies from. Not applicable when no "
	"stage installs a toolchain or compiles anything. A toolchain left behind with "
	"nothing built is size.no-build-tools' business.",
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
	""
},
[ITEM_SEC_PINNED_BASE] = {
	"A tag such as latest, 3.12 or bookworm is a moving pointer: the same Dockerfile builds "
	"a different image next week, and a break or a compromised release arrives without any "
	"change in the repository. A full version (or a digest) makes builds repeatable and "
	"makes every upgrade a reviewed change.",
	"Every external FROM image (not scratch, not an earlier stage) must be a pinned tag: "
	"a digest, a tag starting with a version of at least three parts (3.12.8-slim, "
	"20.18.1-alpine3.20, v2.10.4) or one holding a date stamp (8 digits, or a YYYY-MM-DD "
	"date: RELEASE.2025-08-13T08-35-41Z). No tag or latest "
	"is an error, also for FROM ${REGISTRY}/name, which has no tag whatever the variable "
	"holds; any other tag (3.12-slim, 20, bookworm, lts) a warning; debian and ubuntu "
	"point releases and postgres versions from 10 on, which have two parts, only a note "
	"(postgres 9.x released in three: 9.5 moves). A variable "
	"without a resolvable default is a warning (a note when the build supplies it); an "
	"image the repository builds itself is not judged.",
	"FROM python:3.12-slim\n"
	"WORKDIR /app\n"
	"COPY app/ ./app/\n"
	DF_PY_RUN,
	DF_PY
	"WORKDIR /app\n"
	"COPY app/ ./app/\n"
	DF_PY_RUN,
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
	"Fails when the last USER in the final chain is missing, root, 0, root:... or 0:... "
	"(a USER without argument switches nothing). A final image whose tag contains nonroot "
	"(distroless), or whose image facts give a non-root default user, counts as non-root, "
	"and so does a USER $VAR that cannot be resolved. When the entrypoint starts as root "
	"and drops privileges itself (the image facts say so, or the repository's entrypoint "
	"script brought by COPY runs gosu, su-exec, setpriv, s6-setuidgid, chpst or runuser), "
	"the finding is only a note naming the tool. Always applicable.",
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
	""
},
[ITEM_SEC_MINIMAL_BASE] = {
	"Full language images carry compilers, shells, package managers and hundreds of "
	"libraries the application never calls. Each one adds size, scanner findings and tools "
	"an intruder can use. Slim, alpine, distroless or scratch bases ship only what the "
	"runtime needs.",
	"Fails when the final image is a full image: python, node, ruby, golang, rust, php, "
	"perl, openjdk, eclipse-temurin, maven, gradle, elixir, erlang, haskell, gcc or "
	"buildpack-deps with a tag containing neither slim nor alpine; or debian without "
	"slim, centos, fedora, amazonlinux. ubuntu (which has no slim variant), "
	"eclipse-temurin JRE tags, php apache tags (no slim or alpine variant) and images "
	"whose facts say the tag family has no slim variant are only a note. Other images "
	"pass. Always applicable.",
	"FROM python:3.12.8\n"
	"WORKDIR /app\n"
	"COPY app/ ./app/\n"
	DF_PY_RUN,
	DF_PY
	"WORKDIR /app\n"
	"COPY app/ ./app/\n"
	DF_PY_RUN,
	"The seed's multi-runtime sandbox builds on ubuntu:22.04.5, a full distribution; berth "
	"only notes it, as ubuntu has no slim variant."
},
[ITEM_SEC_NO_SECRETS] = {
	"Anything given to ENV or ARG is stored in the image's configuration and history, and "
	"anything copied in stays in a layer even if a later step deletes it. Whoever can pull "
	"the image can read it. Secrets belong in build secrets (RUN --mount=type=secret) at "
	"build time and in the orchestrator's secrets at run time.",
	"Fails when an ENV or ARG in any stage has a secret-like name (split on _, - and .: a "
	"word PASSWORD, PASSWD, PASS, SECRET, TOKEN, APIKEY, CREDENTIALS or CREDS, or API "
	"KEY, ACCESS KEY, PRIVATE KEY, SECRET KEY, AUTH KEY, CLIENT SECRET; not when the last "
	"word is FILE, PATH or DIR; not for a yes/no value, an absolute path or an empty "
	"value; an ARG without default still counts, the secret arrives as a build argument), "
	"when any instruction holds a known key format (AKIA..., ghp_..., xoxb-..., a PEM "
	"private key: rule secret-value), or when COPY or ADD takes a .env file, an SSH key, "
	"a *.pem or *.key file, .npmrc or .pypirc. A *.pem or *.key that exists in the build "
	"context and holds no PRIVATE KEY (a certificate, a public key, DH parameters), and "
	"an .npmrc without _authToken, _auth or _password, pass; *.pub, *.crt, *.gpg and "
	"*.asc are never secrets. Always applicable.",
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
	""
},
[ITEM_SEC_HEALTHCHECK] = {
	"A process can be alive and still unable to serve: deadlocked, out of connections, "
	"stuck on a dependency. Without a health check Docker and Compose only see that it "
	"runs, so nothing restarts it and nothing waits for it to be ready. A HEALTHCHECK "
	"probes the real service.",
	"Applies to network services: the final chain EXPOSEs a port, has an evident port or "
	"a HEALTHCHECK, runs a server (uvicorn, gunicorn, nginx, npm start, rails server, "
	"...) or is built on a server image (the last part of its name is or starts with "
	"nginx, httpd, caddy, traefik, haproxy, envoy, tomcat or jetty, as in "
	"nginxinc/nginx-unprivileged; php with apache or fpm). Fails when the final chain has "
	"no HEALTHCHECK. HEALTHCHECK NONE is a deliberate choice and passes.",
	DF_SYNTAX DF_PY DF_PY_APP
	"USER 1000\n"
	"EXPOSE 8000\n"
	DF_UVICORN(""),
	DF_GOOD_API,
	"The production stage of the seed's development-versus-production example runs uvicorn "
	"with no HEALTHCHECK in it or in the stage it builds on as shown, so berth fails it."
},
};
