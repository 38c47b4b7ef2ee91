#!/bin/sh
# A Dockerfile whose syntax line selects the devthefuture/dockerfile-x
# frontend INCLUDEs fragments in order (manyfold's docker/manyfold.dockerfile,
# tests/realworld/HOLDOUT7.md): INCLUDE is the frontend's instruction (info,
# not a parse error), and each fragment knows the stages of the fragments
# INCLUDEd before it — `FROM base AS build` names base.dockerfile's stage, not
# an untagged image, and `COPY --from=build` in the runtime fragment names a
# stage that exists. Without the syntax line, INCLUDE stays a parse error.
set -eu
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-include.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "include_frontend.sh: $*" >&2; exit 1; }

repo=$tmp/repo
mkdir -p "$repo/docker"
git -C "$repo" init -q
cat > "$repo/docker/app.dockerfile" <<'DF'
# syntax = devthefuture/dockerfile-x
INCLUDE docker/base.dockerfile
INCLUDE docker/build.dockerfile
INCLUDE docker/runtime.dockerfile
DF
cat > "$repo/docker/base.dockerfile" <<'DF'
FROM ruby:3.4.9-alpine3.21 AS base
WORKDIR /usr/src/app
DF
cat > "$repo/docker/build.dockerfile" <<'DF'
FROM base AS build
COPY Gemfile .
RUN bundle install
DF
cat > "$repo/docker/runtime.dockerfile" <<'DF'
FROM base AS runtime
COPY --from=build /usr/src/app/vendor vendor
COPY --from=bulid /x /x
USER nobody
CMD ["ruby", "app.rb"]
DF
echo 'source "https://rubygems.org"' > "$repo/Gemfile"
git -C "$repo" add -A
git -C "$repo" -c user.email=t@example.com -c user.name=t commit -qm init

# the gnu report: "PATH:LINE:COL: SEVERITY: MESSAGE [KEY]" per finding (no python on a fresh machine)
out=$(cd "$repo" && "$BERTH" check --format gnu 2>/dev/null) || true
count() { printf '%s\n' "$out" | grep -c "$1" || true; }
[ "$(count '^docker/app.dockerfile:[0-9]*:[0-9]*: info: unknown instruction INCLUDE')" = 3 ] ||
	fail "INCLUDE under the frontend is not info three times"
[ "$(count '^docker/app.dockerfile:[0-9]*:[0-9]*: error:')" = 0 ] || fail "the including file raised an error (INCLUDE, no FROM)"
[ "$(count '^docker/build.dockerfile:1:[0-9]*: error: .*has no tag')" = 0 ] || fail "FROM base judged as an image"
[ "$(count '^docker/build.dockerfile:1:[0-9]*: info: `base` is a named context')" = 1 ] || fail "FROM base not named"
[ "$(count '^docker/build.dockerfile:[0-9]*:[0-9]*: warning: COPY to the relative path')" = 0 ] ||
	fail "COPY after base.dockerfile's WORKDIR raised"
# build is INCLUDEd before runtime, bulid is no stage
[ "$(count '^docker/runtime.dockerfile:[0-9]*:[0-9]*: warning: COPY --from=')" = 1 ] || fail "copy-from-unknown in runtime"
[ "$(count 'COPY --from=bulid names no earlier stage')" = 1 ] || fail "the misspelt stage is not the one raised"

# without the frontend, INCLUDE is an unknown instruction: a parse error
sed -i 1d "$repo/docker/app.dockerfile"
out=$(cd "$repo" && "$BERTH" check --format gnu docker/app.dockerfile docker/build.dockerfile 2>/dev/null) || true
[ "$(count '^docker/app.dockerfile:[0-9]*:[0-9]*: error: unknown instruction INCLUDE')" = 3 ] || fail "INCLUDE without the frontend"
[ "$(count '^docker/build.dockerfile:1:[0-9]*: error: .*has no tag')" = 1 ] || fail "FROM base alone is no image"
echo "include_frontend.sh: ok"
