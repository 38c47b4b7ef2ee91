# Issue 17 (7): a narrow detail pane (80 columns) never cuts a change off at its edge: a
# diff line, and a line of the whole fixed file (v), go on under a "↪".
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkrepo "$TMP/shop"
COLS=80 ROWS=60 tui ":wait
/
:type sec.healthcheck
Enter
Tab
:dump $TMP/diff
v
G
:dump $TMP/full" "$TMP/shop"
# the detail pane's text (right of the last "││"), its continuation lines joined to the line
# they continue; compared without spaces (a cut may fall on one)
joined() {
	sed 's/.*││//; s/│$//' "$1" | awk '
		/^ *↪/ { sub(/^ *↪/, ""); cur = cur $0; next }
		{ if (NR > 1) print cur; cur = $0 }
		END { print cur }' | tr -d ' '
}
joined "$TMP/diff" > "$TMP/diff.joined"
# the HEALTHCHECK line the fix adds is on screen whole, in pieces
line=$(grep -o '+HEALTHCHECK[^│]*' "$TMP/diff.joined" | head -1)
case "$line" in
*--interval=30s*--retries=3*) ;;
*) cat "$TMP/diff" >&2; fail "the HEALTHCHECK line is cut: $line" ;;
esac
expect "$TMP/diff" "↪"
expect "$TMP/full" "The whole file after the fix"
expect "$TMP/full" "↪"
echo "tui_wrap_diff: ok"
