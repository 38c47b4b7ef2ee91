# Issue 17 (6, 7, 11): paths elided in the middle (monorepo folders stay apart at 80 and
# 120 columns), counts in a column of their own, the selected file's whole path shown,
# a scroll indicator, a hint bar that fits 80 columns with the focused pane's keys,
# h/l and arrows switch panes, a CJK name under a dialog keeps its border.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkdir -p "$TMP/mono"
cp -R "$FIX/mono/." "$TMP/mono/"
git -C "$TMP/mono" init -q -b main
git -C "$TMP/mono" add -A
git -C "$TMP/mono" -c user.name=t -c user.email=t@e commit -q -m init

for cols in 80 120; do
	rows=24; [ "$cols" = 120 ] && rows=40
	COLS=$cols ROWS=$rows tui ":wait
:dump $TMP/files$cols
G
k
l
:dump $TMP/check$cols
Right
:dump $TMP/detail$cols
h
h
:dump $TMP/back$cols
/
:dump $TMP/dialog$cols" "$TMP/mono"
	# every folder row is different: the end of a folder is kept
	n=$(grep -c "team0[0-2]/api/\|team0[0-2]/worker/" "$TMP/files$cols" || true)
	[ "$n" = 6 ] || { cat "$TMP/files$cols"; fail "expected 6 distinct team folders at $cols columns, got $n"; }
	dups=$(sed -n 's/^│ *\([^ ✘✔]*\/\) *│.*/\1/p' "$TMP/files$cols" | sort | uniq -d)
	[ -z "$dups" ] || fail "folders look the same at $cols columns: $dups"
	# a file name never runs into its count
	grep -q "docker-compose.yml[0-9]\|compose.y[a-z]*[0-9]" "$TMP/files$cols" && fail "a name runs into its count at $cols"
	grep -qE "(docker-compose\.yml|dock.*yml) +[0-9]" "$TMP/files$cols" || { cat "$TMP/files$cols"; fail "no count column at $cols"; }
	# the hint bar fits and ends with the help key; the checklist pane shows its own keys
	tail -1 "$TMP/files$cols" | grep -q "? help$" || fail "the hint bar is cut at $cols columns"
	tail -1 "$TMP/check$cols" | grep -q "x drop · w write" || { tail -1 "$TMP/check$cols"; fail "the checklist's keys are not in the hint bar at $cols"; }
	# l then Right went to the detail pane, h h back to the files
	tail -1 "$TMP/detail$cols" | grep -q "j/k scroll" || fail "l/Right did not reach the detail pane at $cols"
	tail -1 "$TMP/back$cols" | grep -q "Enter open · Tab pane" || fail "h did not go back to the files at $cols"
	# the selected file's whole path, in the detail pane
	expect "$TMP/detail$cols" "services/team02/worker/"
done
expect "$TMP/detail120" "services/team02/worker/Dockerfile"
# a file opens on its first failing item, not on a pass or an n/a
grep -q "▶✘" "$TMP/check80" || { cat "$TMP/check80"; fail "the checklist did not open on a failing item"; }
# the checklist's title keeps the end of the path at 80 columns
sed -n 2p "$TMP/check80" | grep -q "…am02/worker/Dockerfile\|team02/worker/Dockerfile" || { sed -n 2p "$TMP/check80"; fail "the checklist title lost the path's end"; }
# a scroll indicator when the detail does not fit at 80x24
grep -q "↓ more" "$TMP/detail80" || fail "no scroll indicator at 80x24"

# a CJK folder under a dialog: at 100 columns the value prompt's left border falls on the
# second half of 設 (services/設計/); the border must stay whole on that row
COLS=100 ROWS=24 tui ":wait
j
Tab
/
:type Base image pinned
Enter
a
:dump $TMP/cjk" "$TMP/mono"
expect "$TMP/cjk" "A value for this fix"
grep -q "^│ services/ *│ " "$TMP/cjk" || { cat "$TMP/cjk"; fail "a wide character broke the dialog's border"; }
expect "$TMP/files120" "services/設計/"
exit 0
