#!/bin/sh
# berth's own Dockerfile (at the repository root) passes berth's checklist
# with no warning or error: pinned bases, a non-root user, a minimal base,
# cache mounts, a multi-stage build with no build tools in the final image.
# And the berth command lines of docs/ci/github-actions-docker.yml (what the
# image runs) work on a real repository with a base branch.
set -eu
: "${BERTH:?BERTH must name the built binary}"
src=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-own-df.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "own_dockerfile.sh: $*" >&2; exit 1; }

[ -f "$src/Dockerfile" ] || fail "no Dockerfile at the repository root"
rc=0
(cd "$src" && "$BERTH" check --format gnu --fail-on warning Dockerfile) >"$tmp/gnu" 2>"$tmp/err" || rc=$?
[ "$rc" -eq 0 ] || fail "berth check exited $rc on its own Dockerfile: $(cat "$tmp/gnu" "$tmp/err")"
if grep -E ': (warning|error): ' "$tmp/gnu"; then fail "warnings or errors on berth's own Dockerfile"; fi

# the items the Dockerfile is meant to pass must pass, not be n/a
(cd "$src" && "$BERTH" check --format json Dockerfile) >"$tmp/json" || fail "json report failed"
for item in perf.multi-stage perf.dockerignore perf.single-apt-layer sec.pinned-base sec.non-root \
	sec.minimal-base size.no-install-recommends size.apt-lists-cleaned size.no-build-tools \
	corr.production-cmd corr.syntax-directive; do
	grep -q "\"$item\": \"pass\"" "$tmp/json" || fail "$item does not pass: $(grep -o "\"$item\": \"[a-z/]*\"" "$tmp/json")"
done
# apt's lists and downloads sit in cache mounts in both stages (without them
# size.apt-lists-cleaned fails the final stage, checked above)
[ "$(grep -c -- '--mount=type=cache,target=/var/lib/apt,' "$src/Dockerfile")" -eq 2 ] || fail "an apt-get RUN without cache mounts"
# the final stage is not the build stage, and both bases carry a pinned tag
[ "$(grep -c '^FROM debian:bookworm-[0-9]\{8\}-slim' "$src/Dockerfile")" -eq 2 ] || fail "both stages must start from a date-stamped slim Debian 12"
# the check can fail: the same file with a moving base tag and no USER warns
sed -e 's/bookworm-[0-9]\{8\}-slim/bookworm-slim/' -e '/^USER /d' "$src/Dockerfile" >"$tmp/Dockerfile"
cp "$src/.dockerignore" "$tmp/.dockerignore"
rc=0; (cd "$tmp" && "$BERTH" check --format gnu Dockerfile) >"$tmp/bad" || rc=$?
[ "$rc" -eq 1 ] && grep -q '\[sec.pinned-base\]' "$tmp/bad" && grep -q '\[sec.non-root\]' "$tmp/bad" ||
	fail "a moving tag and a root user were not flagged: $(cat "$tmp/bad")"

# docs/ci/github-actions-docker.yml: each `docker run ... berth ARGS` runs as `berth ARGS`
repo=$tmp/repo
mkdir -p "$repo"
git -C "$repo" init -q -b main
printf 'FROM python:3.12-slim\nCMD ["python", "app.py"]\n' >"$repo/Dockerfile"
git -C "$repo" add -A
git -C "$repo" -c user.name=t -c user.email=t@e commit -q -m base
git -C "$repo" update-ref refs/remotes/origin/main HEAD
git -C "$repo" checkout -q -b change
printf 'RUN chmod 777 /tmp\n' >>"$repo/Dockerfile"
lines=$(sed -n 's/^[[:space:]]*run: docker run .* berth \(check .*\)$/\1/p' "$src/docs/ci/github-actions-docker.yml")
[ "$(printf '%s\n' "$lines" | grep -c .)" -eq 2 ] || fail "expected 2 berth command lines in docs/ci/github-actions-docker.yml"
printf '%s\n' "$lines" | while IFS= read -r args; do
	rc=0
	(cd "$repo" && GITHUB_BASE_REF=main GITHUB_STEP_SUMMARY=$tmp/summary sh -c "\"\$BERTH\" $args") >"$tmp/out" 2>"$tmp/err" || rc=$?
	case $rc in 0|1) ;; *) fail "'berth $args' exited $rc: $(cat "$tmp/err")" ;; esac
	[ -s "$tmp/out" ] || [ -s "$tmp/summary" ] || fail "'berth $args' wrote nothing"
done
grep -q '^::warning file=Dockerfile,line=3,.*title=corr.pitfalls::' "$tmp/out" "$tmp/summary" 2>/dev/null ||
	grep -rq 'corr.pitfalls' "$tmp/summary" || fail "the change's chmod 777 is not reported"
grep -q 'Only lines changed since origin/main' "$tmp/summary" || fail "the summary does not say what --since left out"
echo "own_dockerfile.sh: ok"
