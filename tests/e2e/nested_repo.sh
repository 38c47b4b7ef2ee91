#!/bin/sh
# Outside a repository the walk never enters a nested repository (a folder
# holding .git) unless that folder is named on the command line (SPEC.md).
set -eu
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-nested.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "nested_repo.sh: $*" >&2; exit 1; }

mkdir -p "$tmp/top/app" "$tmp/top/vendor/lib/sub" "$tmp/top/bare/x"
printf 'FROM alpine:3.19.1\nUSER 65532\n' >"$tmp/top/app/Dockerfile"
printf 'FROM alpine\n' >"$tmp/top/vendor/lib/sub/Dockerfile"
git -C "$tmp/top/vendor/lib" init -q
# a .git file (a worktree or submodule link) marks a repository too
printf 'FROM alpine\n' >"$tmp/top/bare/x/Dockerfile"
printf 'gitdir: /nowhere\n' >"$tmp/top/bare/.git"

"$BERTH" check --format json --fail-on never "$tmp/top" >"$tmp/out" 2>"$tmp/err" || fail "check failed: $(cat "$tmp/err")"
grep -q '"path": *"app/Dockerfile"' "$tmp/out" || fail "app/Dockerfile was not audited: $(cat "$tmp/out")"
if grep -q 'vendor/lib\|bare/x' "$tmp/out"; then
	fail "the walk entered a nested repository: $(cat "$tmp/out")"
fi
# named on the command line, the nested repository is audited
"$BERTH" check --format json --fail-on never "$tmp/top/vendor/lib" >"$tmp/out" 2>"$tmp/err" || fail "check of the named nested repository failed"
grep -q '"path": *"sub/Dockerfile"' "$tmp/out" || fail "the named nested repository was not audited: $(cat "$tmp/out")"
echo "nested_repo: the walk skips nested repositories unless named"
