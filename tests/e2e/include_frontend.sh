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

out=$(cd "$repo" && "$BERTH" check --format json) || true
echo "$out" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
raised = {}
for f in doc["files"]:
    for x in f["findings"]:
        raised.setdefault((f["path"], x["key"], x["rule"]), []).append(x["severity"])
def sev(p, k, r):
    return raised.get((p, k, r), [])
bad = []
if sev("docker/app.dockerfile", "corr.parse", "unknown-instruction") != ["info"] * 3:
    bad.append("INCLUDE under the frontend: %r" % sev("docker/app.dockerfile", "corr.parse", "unknown-instruction"))
if sev("docker/build.dockerfile", "sec.pinned-base", "latest"):
    bad.append("FROM base judged as an image")
if sev("docker/build.dockerfile", "sec.pinned-base", "named-context") != ["info"]:
    bad.append("FROM base not named: %r" % sev("docker/build.dockerfile", "sec.pinned-base", "named-context"))
if "warning" in sev("docker/build.dockerfile", "corr.workdir-before-copy", "relative-dest"):
    bad.append("COPY after base.dockerfile WORKDIR raised")
# the earlier fragment knows the later one only through its INCLUDE order: build is known in runtime, bulid is not
if sev("docker/runtime.dockerfile", "corr.pitfalls", "copy-from-unknown") != ["warning"]:
    bad.append("copy-from-unknown in runtime: %r" % sev("docker/runtime.dockerfile", "corr.pitfalls", "copy-from-unknown"))
if bad:
    print("\n".join(bad)); sys.exit(1)
' || fail "fragments judged alone"

# without the frontend, INCLUDE is an unknown instruction: a parse error
sed -i 1d "$repo/docker/app.dockerfile"
out=$(cd "$repo" && "$BERTH" check --format json docker/app.dockerfile docker/build.dockerfile) || true
echo "$out" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
sevs = [x["severity"] for f in doc["files"] for x in f["findings"] if x["rule"] == "unknown-instruction"]
latest = [x for f in doc["files"] if f["path"] == "docker/build.dockerfile" for x in f["findings"] if x["rule"] == "latest"]
sys.exit(0 if sevs == ["error"] * 3 and latest else 1)
' || fail "INCLUDE without the frontend"
echo "include_frontend.sh: ok"
