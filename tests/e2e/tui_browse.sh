# Open a repository, see the files and counts, find a failing item with /, read its detail.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkrepo "$TMP/shop"
tui ":wait
:dump $TMP/start
/
:type non-root
Enter
:dump $TMP/item
Enter
j
:dump $TMP/scrolled" "$TMP/shop"
expect "$TMP/start" "berth  shop (main)"
expect "$TMP/start" "3 files"
expect "$TMP/start" "services/api/"
expect "$TMP/start" "✘ Dockerfile"
expect "$TMP/start" "? help"
expect "$TMP/start" "Tab pane"
# the search landed on the checklist item; the detail pane follows it
expect "$TMP/item" "▶✘  Runs as non-root user"
expect "$TMP/item" "Runs as non-root user"
expect "$TMP/item" "sec.non-root"
expect "$TMP/item" "✘ fail  services/api/Dockerfile"
expect "$TMP/item" "1 │ FROM python:3.11"
expect "$TMP/item" "warning line"
# the fix preview as a diff
expect "$TMP/item" "Fix (review): "
expect "$TMP/item" "+USER "
expect "$TMP/item" "@@ "
# Enter moved to the detail pane, j scrolled it
expect "$TMP/scrolled" "Runs as non-root user"
