#!/bin/sh
# check --since REF: every file judged as today, only findings on lines
# changed since the merge base of HEAD and REF reported (staged, unstaged
# and untracked changes alike), a finding about something missing kept when
# its file changed, the count left out in tty and JSON, and the exit code
# following only the reported findings.
set -eu
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-since.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "check_since.sh: $*" >&2; exit 1; }
g() { git -C "$repo" -c user.name=t -c user.email=t@e "$@"; }
check() { (cd "$repo" && "$BERTH" check "$@"); }

repo=$tmp/repo
mkdir -p "$repo/api" "$repo/web"
g init -q -b main
# api: fails sec.pinned-base (line 1) and the missing USER; web: clean but for an info
printf 'FROM python:3.12-slim\nRUN pip install flask\nCMD ["python", "app.py"]\n' >"$repo/api/Dockerfile"
printf 'FROM nginx:1.27.3\nUSER nginx\nCOPY --chown=nginx index.html /usr/share/nginx/html/\n' >"$repo/web/Dockerfile"
printf '.git\n.env\n' >"$repo/.dockerignore"
g add -A
g commit -q -m base
g checkout -q -b feature

# no change at all: nothing reported, everything counted as left out, exit 0
all=$(check --format gnu . | wc -l) || true
[ "$all" -gt 0 ] || fail "the fixture has no findings"
rc=0; check --since main --format gnu . >"$tmp/none" || rc=$?
[ "$rc" -eq 0 ] || fail "no change since main: exit $rc"
[ ! -s "$tmp/none" ] || fail "no change since main, yet: $(cat "$tmp/none")"
check --since main --format json . >"$tmp/json"
grep -q '"since": {"ref": "main", "left_out": '"$all"'}' "$tmp/json" ||
	fail "json summary: $(grep since "$tmp/json")"

# an unstaged edit of one line of api: its findings come back, web's stay out
sed -i 's/^RUN pip install flask$/RUN chmod 777 \/tmp \&\& pip install flask/' "$repo/api/Dockerfile"
rc=0; check --since main --format gnu . >"$tmp/edit" || rc=$?
[ "$rc" -eq 1 ] || fail "a new warning on a changed line: exit $rc"
grep -q '^api/Dockerfile:2:.*\[corr.pitfalls\]' "$tmp/edit" || fail "the changed line's finding is missing: $(cat "$tmp/edit")"
# the missing USER points at FROM (line 1, unchanged) but counts: its file changed
grep -q '^api/Dockerfile:1:1: .*\[sec.non-root\]' "$tmp/edit" || fail "the missing USER is not reported: $(cat "$tmp/edit")"
if grep -q '^api/Dockerfile:1:6: .*\[sec.pinned-base\]' "$tmp/edit"; then fail "line 1's base image finding is not a change"; fi
if grep -q '^web/' "$tmp/edit"; then fail "web did not change: $(grep '^web/' "$tmp/edit")"; fi
shown=$(wc -l <"$tmp/edit")
full=$(check --format gnu . | wc -l) || true
check --since main . >"$tmp/tty" || true
grep -q "only lines changed since main: $((full - shown)) findings left out" "$tmp/tty" ||
	fail "tty summary: $(tail -3 "$tmp/tty")"

# staged and committed changes count the same: commit it, stage another
g commit -q -am "chmod"
rc=0; check --since main --format gnu . >"$tmp/committed" || rc=$?
cmp -s "$tmp/edit" "$tmp/committed" || fail "a committed change reads differently: $(cat "$tmp/committed")"

# an untracked new Dockerfile is changed as a whole
printf 'FROM alpine\nRUN apk add curl\n' >"$repo/web/Dockerfile.new"
check --since main --format gnu . >"$tmp/new" || true
grep -q '^web/Dockerfile.new:1:6: .*\[sec.pinned-base\]' "$tmp/new" || fail "untracked file's line 1: $(cat "$tmp/new")"
rm "$repo/web/Dockerfile.new"

# the merge base, not REF itself: what main did after the fork is not this change
g checkout -q main
printf 'FROM nginx:latest\nUSER nginx\nCOPY --chown=nginx index.html /usr/share/nginx/html/\n' >"$repo/web/Dockerfile"
g commit -q -am "main moves on"
g checkout -q feature
check --since main --format gnu . >"$tmp/base" || true
if grep -q '^web/' "$tmp/base"; then fail "main's own later change was reported: $(grep '^web/' "$tmp/base")"; fi

# errors: an unknown revision, a plain folder; exit 2 and a message
rc=0; check --since no-such-branch . 2>"$tmp/err" >/dev/null || rc=$?
[ "$rc" -eq 2 ] && grep -q "unknown revision" "$tmp/err" || fail "unknown REF: exit $rc, $(cat "$tmp/err")"
mkdir "$tmp/plain"
printf 'FROM alpine\n' >"$tmp/plain/Dockerfile"
rc=0; (cd "$tmp/plain" && "$BERTH" check --since main .) 2>"$tmp/err" >/dev/null || rc=$?
[ "$rc" -eq 2 ] && grep -q "needs a git repository" "$tmp/err" || fail "plain folder: exit $rc, $(cat "$tmp/err")"
rc=0; check --since >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "--since without REF: exit $rc"
echo "check_since.sh: ok"
