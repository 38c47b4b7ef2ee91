#!/bin/sh
# The seed's anti-pattern examples (seed/docker-best-practices.md, "Common
# Mistakes" and the "old way" snippets), written as files: after
# `berth fix --level review --write`, `berth check` finds every item with an
# automatic fix passing (but those whose preconditions need image facts,
# withheld with a note), and fixing again changes nothing.
set -eu
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-fix-seed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "fix_seed.sh: $*" >&2; exit 1; }

repo=$tmp/repo
mkdir -p "$repo/root-user" "$repo/copy-first" "$repo/old-cache" "$repo/apt"
git -C "$repo" init -q

# "Running as root"
cat >"$repo/root-user/Dockerfile" <<'DF'
FROM python:3.11.11-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD ["uvicorn", "app:main"]
DF
# "Copying before installing dependencies"
cat >"$repo/copy-first/Dockerfile" <<'DF'
FROM python:3.11.11-slim
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
DF
# "Old way: downloads every build" and a shell-form, reloading server
cat >"$repo/old-cache/Dockerfile" <<'DF'
FROM node:20.11.1-slim
COPY . .
RUN npm ci
EXPOSE 3000
CMD node server.js --watch
DF
# apt spread over layers, without the usual flags
cat >"$repo/apt/Dockerfile" <<'DF'
FROM debian:12.5-slim
RUN apt-get update
RUN apt-get install -y curl ca-certificates
CMD ["curl", "--version"]
DF
for d in root-user copy-first; do echo fastapi >"$repo/$d/requirements.txt"; echo 'app = None' >"$repo/$d/app.py"; done
echo '{}' >"$repo/old-cache/package.json"
cat >"$repo/compose.yaml" <<'YML'
services:
  api:
    build:
      context: ./root-user
    image: org/api:1.0.0
    environment:
      - NODE_ENV=production
YML
git -C "$repo" add -A
git -C "$repo" -c user.name=t -c user.email=t@example.com commit -qm seed

(cd "$repo" && "$BERTH" fix --level review --write) >"$tmp/out" 2>"$tmp/err" || fail "fix --write exited $? ($(cat "$tmp/err"))"
(cd "$repo" && "$BERTH" check --format json) >"$tmp/json" 2>/dev/null || true
# no image facts for what the api service builds (CHECKLIST.md "Image facts"): read_only is withheld,
# with its reason on stderr; python's facts name its user tool (a system user, review), and the
# Dockerfile then ends non-root, which is what cap_drop needs
grep -q "\[compose.read-only\] withheld: " "$tmp/err" || fail "no withheld note for compose.read-only"
for key in sec.non-root compose.cap-drop; do
	grep -q "\[$key\] review: " "$tmp/err" || fail "no review note for $key"
done
for key in perf.cache-mounts perf.layer-order perf.dockerignore perf.single-apt-layer \
	sec.healthcheck size.no-install-recommends size.apt-lists-cleaned size.no-pkg-cache size.prod-deps-only \
	corr.parse corr.workdir-before-copy corr.copy-ownership corr.expose-port corr.production-cmd \
	corr.syntax-directive compose.no-new-privileges compose.restart; do
	if grep -q "\"$key\": \"fail\"" "$tmp/json"; then
		(cd "$repo" && "$BERTH" check --format gnu) | grep "\[$key\]" >&2 || true
		fail "$key still fails after berth fix --write"
	fi
done
(cd "$repo" && "$BERTH" fix --level review) >"$tmp/again" 2>/dev/null || fail "the second dry run failed"
[ ! -s "$tmp/again" ] || { cat "$tmp/again" >&2; fail "fixing again changes something"; }
echo "fix_seed.sh: ok"
