# Issue 17 (8): / searches file paths and checklist items of every file whatever pane has
# the focus, moves as it is typed, Enter keeps the matching files; n / N go from file to file.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
export COLS=80 ROWS=24
mkdir -p "$TMP/mono"
cp -R "$FIX/mono/." "$TMP/mono/"
git -C "$TMP/mono" init -q -b main
git -C "$TMP/mono" add -A
git -C "$TMP/mono" -c user.name=t -c user.email=t@e commit -q -m init
tui ":wait
l
l
/
:type team01/wor
:dump $TMP/typing
Enter
:dump $TMP/found
Esc
/
:type non-root
Enter
:dump $TMP/n0
n
:dump $TMP/n1
n
:dump $TMP/n2
N
:dump $TMP/n1again" "$TMP/mono"
# typed from the detail pane: the cursor is already on the file as the pattern is typed
expect "$TMP/typing" "Search"
sed -n 2p "$TMP/typing" | grep -q "worker/Dockerfile" || { cat "$TMP/typing"; fail "the search did not move as it was typed"; }
expect "$TMP/found" "┌ Files /team01"
# every Dockerfile runs as root: n goes from one to the next, N back
path_of() { sed -n 2p "$1" | sed "s/^┌ Files[^┐]*┐┌ \([^ ]*\) .*/\1/"; }
a=$(path_of "$TMP/n0"); b=$(path_of "$TMP/n1"); c=$(path_of "$TMP/n2"); d=$(path_of "$TMP/n1again")

[ "$a" != "$b" ] && [ "$b" != "$c" ] || fail "n stayed in one file: $a $b $c"
[ "$b" = "$d" ] || fail "N did not go back: $b vs $d"
expect "$TMP/n1" "▶✘  Runs as non-root user"
expect "$TMP/n0" "┌ Files /non-root"
exit 0
