#!/bin/sh
# Issue 14: the TUI and `berth fix` are one pipeline: the same accepted
# fixes give byte-identical files. The repository has a Compose file, two
# Dockerfiles sharing the root's build context (the second sees the
# .dockerignore the first one's fix creates) and two more in services/.
# The TUI accepts every automatic fix of every file (A on each) and writes
# them (w); `berth fix --write --only` gets the same item keys.
. "$(dirname "$0")/../fixtures/tui/lib.sh"

mkfaces() {
	mkdir -p "$1"
	cp -R "$FIX/repo/." "$1/"
	cp "$FIX/walk/Dockerfile" "$FIX/walk/requirements.txt" "$1/"
	cp "$1/Dockerfile" "$1/Dockerfile.dev"
	git -C "$1" init -q -b main
	git -C "$1" config user.name "Berth Test"
	git -C "$1" config user.email "test@example.com"
	git -C "$1" add -A
	git -C "$1" commit -q -m initial
}
mkfaces "$TMP/tui"
mkfaces "$TMP/cli"

# the keys of the safe automatic fixes the failing items offer (what A accepts: CHECKLIST.md "Fixes")
keys=$("$BERTH" check --format json "$TMP/cli" 2>/dev/null | grep '"fix": "auto", "fix_level": "safe"' |
	sed 's/.*"key": "\([^"]*\)".*/\1/' | sort -u | paste -sd, -)
[ -n "$keys" ] || fail "no automatic fix in the fixture"

# files pane: A on every row (a folder row accepts nothing), then w
script=":wait"
i=0
while [ "$i" -lt 8 ]; do script="$script
A
j"; i=$((i + 1)); done
tui "$script
:dump $TMP/accepted
w
:wait
:dump $TMP/written" "$TMP/tui"
expect "$TMP/written" "wrote "
reject "$TMP/written" "refused"

rc=0
(cd "$TMP/cli" && "$BERTH" fix --write --only "$keys") >/dev/null 2>"$TMP/err" || rc=$?
[ "$rc" -eq 0 ] || { cat "$TMP/err" >&2; fail "fix --write exited $rc"; }

# both wrote something, and the same bytes in every file
[ -n "$(git -C "$TMP/tui" status --porcelain)" ] || fail "the TUI wrote nothing"
(cd "$TMP/tui" && git add -A && git ls-files -s) >"$TMP/tui.files"
(cd "$TMP/cli" && git add -A && git ls-files -s) >"$TMP/cli.files"
if ! cmp -s "$TMP/tui.files" "$TMP/cli.files"; then
	diff "$TMP/tui.files" "$TMP/cli.files" >&2
	(cd "$TMP" && diff -r -x .git tui cli) >&2
	fail "the TUI and berth fix wrote different files for the same fixes"
fi
n=$(git -C "$TMP/cli" diff --cached --name-only | wc -l)
[ "$n" -ge 4 ] || fail "only $n files fixed: the fixture no longer exercises both faces"
echo "fix_faces.sh: ok ($n files, keys $keys)"
exit 0
