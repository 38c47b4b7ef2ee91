#!/bin/sh
# Roles and build contexts on a real repository (CHECKLIST.md, roles and the
# build context): templates are not candidates unless named, a symlinked
# Dockerfile is audited as its target and a link out of the repository is
# one info, a devcontainer.json and a bake file decide roles and contexts.
set -eu
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-roles.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "roles.sh: $*" >&2; exit 1; }

repo=$tmp/repo
mkdir -p "$repo/.devcontainer" "$repo/docker/app" "$repo/docker/base" "$repo/tools"
git -C "$repo" init -q
printf 'FROM {{ base_image }}\nRUN {%% for p in pkgs %%}apt-get install {{ p }}{%% endfor %%}\n' >"$repo/Dockerfile.j2"
printf 'FROM python:3.12.4-slim\nCOPY app.py /app/\nUSER 1000\nCMD ["python", "/app/app.py"]\n' >"$repo/docker/app/Dockerfile"
touch "$repo/docker/app/app.py"
ln -s docker/app/Dockerfile "$repo/Dockerfile"
ln -s /etc/hostname "$repo/Containerfile"
printf 'FROM ubuntu:24.04\nRUN apt-get update\nCMD ["sleep", "infinity"]\n' >"$repo/tools/workspace.Dockerfile"
cat >"$repo/.devcontainer/devcontainer.json" <<'JSON'
// the workspace image
{
  "build": { "dockerfile": "../tools/workspace.Dockerfile", },
}
JSON
printf 'FROM alpine:3.19.1\nRUN apk add --no-cache ca-certificates\n' >"$repo/docker/base/Dockerfile"
cat >"$repo/docker-bake.hcl" <<'HCL'
variable "REG" { default = "ghcr.io/acme" }
target "base" {
  context = "docker/base"
  tags = ["${REG}/base:1.0.0"]
}
HCL
printf 'FROM ghcr.io/acme/base:1.0.0\nCOPY conf /etc/conf\nCOPY . /app\n' >"$repo/docker/app/Dockerfile.worker"
git -C "$repo" add -A

(cd "$repo" && "$BERTH" check --format json .) >"$tmp/json" 2>"$tmp/err" || true
[ ! -s "$tmp/err" ] || { cat "$tmp/err" >&2; fail "check wrote to stderr"; }
grep -q '"path": "Dockerfile.j2"' "$tmp/json" && fail "a template was audited"
grep -q '"path": "Dockerfile"' "$tmp/json" && fail "the symlink was audited under its own path"
grep -q '"path": "docker/app/Dockerfile"' "$tmp/json" || fail "the link's target was not audited"
[ "$(grep -c '"path": "docker/app/Dockerfile"' "$tmp/json")" = 1 ] || fail "the link's target was audited twice"
grep -A8 '"path": "Containerfile"' "$tmp/json" >"$tmp/link"
grep -q '"rule": "symlink-outside", "severity": "info"' "$tmp/link" || fail "a link out of the repository is not one info"
grep -q '"corr.parse": "pass"' "$tmp/link" || fail "a link out of the repository failed corr.parse"
grep -A3 '"path": "tools/workspace.Dockerfile"' "$tmp/json" | grep -q '"role": "dev"' ||
	fail "a devcontainer.json's dockerfile is not dev"
grep -A3 '"path": "tools/workspace.Dockerfile"' "$tmp/json" | grep -q 'named by the development environment .devcontainer/devcontainer.json:3' ||
	fail "the dev reason does not name the devcontainer.json"
grep -A3 '"path": "docker/base/Dockerfile"' "$tmp/json" | grep -q '"role": "base"' ||
	fail "an image built FROM by a bake tag is not base"
grep -A3 '"path": "docker/base/Dockerfile"' "$tmp/json" | grep -q 'built FROM by docker/app/Dockerfile.worker' ||
	fail "the base reason does not name the Dockerfile built on it"
# docker/app/Dockerfile.worker: COPY conf exists nowhere: the context is unknown, said as info
grep -A40 '"path": "docker/app/Dockerfile.worker"' "$tmp/json" | grep -q 'berth cannot tell the build context' ||
	fail "an unknown build context is not said"

# a template named on the command line is audited, as what its name stands for
(cd "$repo" && "$BERTH" check --format json Dockerfile.j2) >"$tmp/named" 2>&1 || true
grep -q '"path": "Dockerfile.j2"' "$tmp/named" || fail "a named template was not audited"
grep -q '"kind": "dockerfile"' "$tmp/named" || fail "a named template is not judged as a Dockerfile"

# the tty header: the role and its evidence
(cd "$repo" && "$BERTH" check .) >"$tmp/tty" 2>&1 || true
grep -q '^tools/workspace.Dockerfile (dockerfile) — dev environment — named by the development environment' "$tmp/tty" ||
	fail "tty: no role in the header"

# a build arg that a tracked script supplies through a bash array reaches the checks
# (netbox-docker's build.sh: `DOCKER_BUILD_ARGS+=(--build-arg "FROM=...")`, `$DRY docker buildx ... build`)
nb=$tmp/netbox
mkdir -p "$nb"
git -C "$nb" init -q
printf 'ARG FROM\nFROM ${FROM} AS main\nCOPY app /app\nUSER 1000\nCMD ["/app"]\n' >"$nb/Dockerfile"
touch "$nb/app"
cat >"$nb/build.sh" <<'SH'
#!/bin/bash
DRY="echo"
DOCKER_FROM="docker.io/ubuntu:24.04"
DOCKER_BUILD_ARGS=(
  --pull
  -f "${DOCKERFILE-Dockerfile}"
)
DOCKER_BUILD_ARGS+=(--build-arg "FROM=${DOCKER_FROM}")
$DRY docker buildx --builder "netbox" build "${DOCKER_BUILD_ARGS[@]}" .
SH
git -C "$nb" add -A
(cd "$nb" && "$BERTH" check --format json .) >"$tmp/nb" 2>&1 || true
grep -q '"corr.env-defaults": "pass"' "$tmp/nb" || fail "a build arg supplied by a script's bash array still fails corr.env-defaults"
grep -q '"rule": "unresolved-image", "severity": "info"' "$tmp/nb" || fail "a supplied FROM argument is not info under sec.pinned-base"
echo "roles.sh: ok"
