# A search typed before the first scan ends: the dialog opens, the letters typed are
# never commands (o overview, c commit, e editor...), and Enter searches when the scan ends.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkdir -p "$TMP/big"
content=$(cat "$FIX/repo/services/api/Dockerfile")
i=0
# shell built-ins only: 1500 files without 1500 processes
while [ "$i" -lt 1500 ]; do
	printf '%s\n' "$content" > "$TMP/big/s$i.Dockerfile"
	i=$((i + 1))
done
git -C "$TMP/big" init -q -b main
git -C "$TMP/big" -c user.name=t -c user.email=t@e add -A
git -C "$TMP/big" -c user.name=t -c user.email=t@e commit -q -m big
# no :wait first: / and the pattern come while the scan runs
tui "/
:dump $TMP/dialog
:type s777.Dockerfile
Enter
:dump $TMP/early
:wait
:dump $TMP/done" "$TMP/big"
expect "$TMP/dialog" "File paths and checklist items"
expect "$TMP/done" "1500 files"
# no letter of the pattern ran as a key: no overview, no commit dialog, no editor
reject "$TMP/done" "Overview"
reject "$TMP/done" "Commit accepted fixes"
reject "$TMP/done" "editor"
# the search ran: the files pane keeps the one file, selected
expect "$TMP/done" "Files /s777.D"
expect "$TMP/done" "▶✘ s777.Dockerfile"
echo "tui_search_early: ok"
