#!/bin/sh
# `berth fix --commit [-m MSG]`: the commit holds exactly the fixed files
# (HEAD's tree with their blobs replaced), another staged change stays staged
# and out of it, the message lists the fixes; outside a repository it is
# refused with nothing written.
set -eu
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-fix-commit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "fix_commit.sh: $*" >&2; exit 1; }
export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp" TZ=UTC

repo=$tmp/repo
mkdir -p "$repo"
git -C "$repo" init -q
git -C "$repo" config user.name "Berth Test"
git -C "$repo" config user.email test@example.com
# the image makes its user: berth switches to it without facts about python's image
printf 'FROM python:3.11.11-slim\nRUN useradd -r app\nWORKDIR /app\nCOPY app.py .\nCMD ["python", "app.py"]\n' >"$repo/Dockerfile"
printf 'services:\n  app:\n    build: .\n' >"$repo/compose.yaml"
echo 'print(1)' >"$repo/app.py"
echo 'notes' >"$repo/NOTES"
git -C "$repo" add -A
git -C "$repo" commit -qm init
echo 'staged, not berth'"'"'s' >>"$repo/NOTES"
git -C "$repo" add NOTES

(cd "$repo" && "$BERTH" fix --level review --commit -m "harden the app image") >"$tmp/out" 2>"$tmp/err" ||
	fail "--commit exited $? ($(cat "$tmp/err"))"
[ "$(git -C "$repo" rev-list --count HEAD)" -eq 2 ] || fail "no commit made"
git -C "$repo" log -1 --format=%s | grep -qx "harden the app image" || fail "the subject is not the -m message"
git -C "$repo" log -1 --format=%b | grep -q "sec.non-root in Dockerfile" || fail "the body does not list the fixes"
changed=$(git -C "$repo" diff-tree --no-commit-id --name-only -r HEAD | sort | tr '\n' ' ')
[ "$changed" = "Dockerfile compose.yaml " ] || fail "the commit changed: $changed"
git -C "$repo" diff --cached --name-only | grep -qx NOTES || fail "the staged NOTES change is gone"
git -C "$repo" show HEAD:Dockerfile | grep -q '^USER app$' || fail "the committed Dockerfile lacks the fix"
git -C "$repo" show HEAD:Dockerfile >"$tmp/committed"
cmp -s "$repo/Dockerfile" "$tmp/committed" || fail "the work tree and the commit differ"

# nothing left: a second run commits nothing and exits 0
(cd "$repo" && "$BERTH" fix --level review --commit) >/dev/null 2>&1 || fail "a second --commit failed"
[ "$(git -C "$repo" rev-list --count HEAD)" -eq 2 ] || fail "a second --commit made a commit"

# outside a repository: refused, nothing written
plain=$tmp/plain
mkdir -p "$plain"
# with a safe fix to commit (the apt lists)
printf 'FROM debian:12.5-slim\nRUN apt-get update && apt-get install -y curl\nCMD ["curl"]\n' >"$plain/Dockerfile"
cp "$plain/Dockerfile" "$tmp/plain-before"
rc=0
(cd "$plain" && "$BERTH" fix --commit) >/dev/null 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "--commit outside a repository succeeded"
cmp -s "$plain/Dockerfile" "$tmp/plain-before" || fail "--commit outside a repository wrote the file"
# --write outside a repository writes only where it is told (SPEC.md)
rc=0
(cd "$plain" && "$BERTH" fix --write) >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "--write outside a repository without paths exited $rc, expected 2"
cmp -s "$plain/Dockerfile" "$tmp/plain-before" || fail "--write without paths wrote the file"
(cd "$plain" && "$BERTH" fix --write .) >/dev/null 2>&1 || fail "--write . outside a repository failed"
grep -q 'rm -rf /var/lib/apt/lists' "$plain/Dockerfile" || fail "--write . did not fix the file"
echo "fix_commit.sh: ok"
