#!/bin/sh
# A .dockerignore that is a symlink inside the repository (lemmy's .dockerignore ->
# .gitignore, tests/realworld/HOLDOUT3.md): check reads it through the link, as
# Docker does; fix never writes through it (withheld, saying what to write) and
# never plans a new file over it; a link leading out of the repository is not read.
set -u
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-linkign.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "fix_linked_ignore.sh: $*" >&2; for f in out err patch; do [ -f "$tmp/$f" ] && cat "$tmp/$f" >&2; done; exit 1; }
export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp"

repo=$tmp/repo
mkdir -p "$repo"
printf 'FROM debian:bookworm-slim\nCOPY . /app\nCMD ["/app/run"]\n' >"$repo/Dockerfile"
printf 'target\n' >"$repo/.gitignore"
ln -s .gitignore "$repo/.dockerignore"
git -C "$repo" init -q && git -C "$repo" add -A || fail "git failed"

(cd "$repo" && "$BERTH" check --format json) >"$tmp/out" 2>"$tmp/err"
grep -q '"rule": "git-not-ignored"' "$tmp/out" || fail "check: no git-not-ignored finding"
grep -q 'excludes neither .git nor .env' "$tmp/out" || fail "check did not read the linked file"
grep -q 'has no .dockerignore' "$tmp/out" && fail "check calls the linked .dockerignore missing"

(cd "$repo" && "$BERTH" fix --dry-run --level review) >"$tmp/patch" 2>"$tmp/err"
grep -q '\[perf.dockerignore\] withheld: .dockerignore is a symlink' "$tmp/err" || fail "fix: no withheld note"
grep -q 'dockerignore' "$tmp/patch" && fail "fix patches the linked .dockerignore"
(cd "$repo" && "$BERTH" fix --write --level review) >/dev/null 2>"$tmp/err"
[ -L "$repo/.dockerignore" ] || fail "the link was replaced"
[ "$(cat "$repo/.gitignore")" = target ] || fail "the link's target was written"

# once the content excludes both, the item passes through the link
printf 'target\n.git\n.env\n' >"$repo/.gitignore"
(cd "$repo" && "$BERTH" check --format json) >"$tmp/out" 2>"$tmp/err"
grep -q '"perf.dockerignore": "pass"' "$tmp/out" || fail "check: perf.dockerignore does not pass through the link"

# a link out of the repository is never read: the context has no .dockerignore
rm "$repo/.dockerignore"
printf '.git\n.env\n' >"$tmp/outside"
ln -s "$tmp/outside" "$repo/.dockerignore"
(cd "$repo" && "$BERTH" check --format json) >"$tmp/out" 2>"$tmp/err"
grep -q '"perf.dockerignore": "pass"' "$tmp/out" && fail "check read a .dockerignore outside the repository"
exit 0
