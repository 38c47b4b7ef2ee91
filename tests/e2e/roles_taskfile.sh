#!/bin/sh
# Roles and contexts from a repository's Taskfiles and `docker compose -f`
# commands (beyond CHECKLIST.md revision 4; tests/realworld/HOLDOUT5.md):
# hatchet's docker-compose.yml mounts ./hack/dev/ configuration (dev), its
# docker-compose.release.yml is only ever run over it by CI (dev too), and
# netbird's included Taskfile builds from its includer's folder, where the
# .dockerignore request must point. A stack that CI runs alone stays runtime.
set -eu
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-roles-task.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "roles_taskfile.sh: $*" >&2; exit 1; }

repo=$tmp/repo
mkdir -p "$repo/hack/dev" "$repo/.github/workflows" "$repo/client/ui/build/docker" "$repo/deploy"
git -C "$repo" init -q
cat >"$repo/docker-compose.yml" <<'YML'
services:
  nats:
    image: nats:2.14.3-alpine
    volumes:
      - ./hack/dev/nats-server.conf:/etc/nats/nats-server.conf:ro
YML
touch "$repo/hack/dev/nats-server.conf"
cat >"$repo/docker-compose.release.yml" <<'YML'
services:
  engine:
    image: ghcr.io/acme/engine:1.2.3
YML
cat >"$repo/deploy/compose.stack.yml" <<'YML'
services:
  engine:
    image: ghcr.io/acme/engine:1.2.3
YML
cat >"$repo/.github/workflows/compat.yml" <<'YML'
jobs:
  old-engine:
    runs-on: ubuntu-latest
    steps:
      - run: docker compose -f docker-compose.yml -f docker-compose.release.yml up -d engine
      - run: docker compose -f deploy/compose.stack.yml up -d
YML
cat >"$repo/Taskfile.yaml" <<'YML'
version: "3"
tasks:
  start-db:
    cmds:
      - docker compose up -d
YML
cat >"$repo/client/ui/Taskfile.yml" <<'YML'
version: '3'
includes:
  common: ./build/Taskfile.yml
tasks:
  build:docker:
    cmds:
      - task: common:build:docker
YML
cat >"$repo/client/ui/build/Taskfile.yml" <<'YML'
version: '3'
tasks:
  build:docker:
    cmds:
      - docker build -t {{.TAG | default "ui:latest"}} -f build/docker/Dockerfile.server .
YML
printf 'FROM alpine:3.19.1\nWORKDIR /app\nCOPY . .\nUSER 1000\nCMD ["/app/ui"]\n' >"$repo/client/ui/build/docker/Dockerfile.server"
git -C "$repo" add -A

(cd "$repo" && "$BERTH" check --format json .) >"$tmp/json" 2>"$tmp/err" || true
[ ! -s "$tmp/err" ] || { cat "$tmp/err" >&2; fail "check wrote to stderr"; }
role_of() {
	tr -d '\n' <"$tmp/json" | sed 's/{ *"path"/\n&/g' | grep "\"path\": \"$1\"" | head -1 |
		sed -n 's/.*"role": "\([a-z]*\)".*/\1/p'
}
[ "$(role_of docker-compose.yml)" = dev ] || fail "docker-compose.yml mounts hack/dev/: expected dev: $(cat "$tmp/json")"
[ "$(role_of docker-compose.release.yml)" = dev ] || fail "the release overlay is only run over the dev file: expected dev"
grep -q 'only ever run together with docker-compose.yml (dev)' "$tmp/json" || fail "expected the pairing reason"
[ "$(role_of deploy/compose.stack.yml)" = runtime ] || fail "a stack CI runs alone stays runtime"
grep -q 'the build context `client/ui` has no .dockerignore' "$tmp/json" ||
	fail "the included Taskfile builds from client/ui: $(cat "$tmp/json")"
grep -q 'the build context `client/ui/build/docker`' "$tmp/json" && fail "the context was guessed from the Dockerfile's folder"

# the overlay named alone by a README too: no longer only ever paired
printf 'Deploy with `docker compose -f docker-compose.release.yml up -d`.\n' >"$repo/README.md"
git -C "$repo" add -A
(cd "$repo" && "$BERTH" check --format json .) >"$tmp/json" 2>"$tmp/err" || true
[ "$(role_of docker-compose.release.yml)" = runtime ] || fail "a README runs the overlay alone: expected runtime"
echo "roles_taskfile: ok"
