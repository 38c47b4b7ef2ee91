#!/bin/sh
# Issue 17, blocker 2: a fix that edits an existing side file (a
# .dockerignore berth did not scan) carries the stamp of what berth read, so
# `berth fix --commit` and the TUI's commit take it instead of refusing it
# with "exists, but berth did not read it" (a side file changed after it was
# read is still refused: tests/test_fix_session.c).
. "$(dirname "$0")/../fixtures/tui/lib.sh"

# mkside DIR: a Dockerfile whose only failure is an incomplete, committed .dockerignore
mkside() {
	mkdir -p "$1"
	printf 'FROM python:3.12.1-slim\nWORKDIR /app\nCOPY . .\nUSER nobody\nCMD ["python", "app.py"]\n' >"$1/Dockerfile"
	printf 'node_modules\n' >"$1/.dockerignore"
	git -C "$1" init -q -b main
	git -C "$1" config user.name "Berth Test"
	git -C "$1" config user.email "test@example.com"
	git -C "$1" add -A
	git -C "$1" commit -q -m initial
}

# the CLI: the batch is committed, the .dockerignore holds the fix
mkside "$TMP/cli"
rc=0
(cd "$TMP/cli" && "$BERTH" fix --commit --level review) >"$TMP/out" 2>"$TMP/err" || rc=$?
[ "$rc" -eq 0 ] || { cat "$TMP/err" >&2; fail "fix --commit exited $rc"; }
grep -q "did not read it" "$TMP/err" && fail "the .dockerignore was refused: $(cat "$TMP/err")"
[ "$(git -C "$TMP/cli" rev-list --count HEAD)" = 2 ] || fail "fix --commit made no commit"
git -C "$TMP/cli" show HEAD:.dockerignore | grep -qx '.git' || fail "the committed .dockerignore lacks the fix"
git -C "$TMP/cli" show HEAD:.dockerignore | grep -qx 'node_modules' || fail "the committed .dockerignore lost its own line"
git -C "$TMP/cli" log -1 --format=%b | grep -q "perf.dockerignore in .dockerignore" || fail "the body does not name the fix"
[ -z "$(git -C "$TMP/cli" status --porcelain)" ] || fail "the commit left changes behind"

# --write takes it too
mkside "$TMP/write"
rc=0
(cd "$TMP/write" && "$BERTH" fix --write --level review) >/dev/null 2>"$TMP/err" || rc=$?
[ "$rc" -eq 0 ] || { cat "$TMP/err" >&2; fail "fix --write exited $rc"; }
grep -qx '.git' "$TMP/write/.dockerignore" || fail "--write did not fix the .dockerignore"

# the TUI: the tour's step accepts the file's fix (Enter: its preview and note are on screen), c opens the dialog
mkside "$TMP/tui"
tui ":wait
W
Enter
Enter
c
:dump $TMP/summary
Enter
:wait
:dump $TMP/committed" "$TMP/tui"
expect "$TMP/summary" "- perf.dockerignore in .dockerignore"
reject "$TMP/committed" "did not read it"
[ "$(git -C "$TMP/tui" rev-list --count HEAD)" = 2 ] || { cat "$TMP/committed" >&2; fail "the TUI made no commit"; }
git -C "$TMP/tui" show HEAD:.dockerignore | grep -qx '.git' || fail "the TUI's commit lacks the .dockerignore fix"
[ -z "$(git -C "$TMP/tui" status --porcelain)" ] || fail "the TUI's commit left changes behind"

exit 0
