# Issue 17 (7): v shows the whole fixed file, numbered, its new lines marked; v again the diff.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkrepo "$TMP/shop"
ROWS=50 tui ":wait
/
:type non-root
Enter
:dump $TMP/diff
v
:dump $TMP/full
v
:dump $TMP/diff_again" "$TMP/shop"
expect "$TMP/diff" "@@ "
expect "$TMP/full" "The whole file after the fix"
# every line of the file, from its first, numbered; the added USER line marked
expect "$TMP/full" "    1 FROM python:3.11"
expect "$TMP/full" "    9 CMD"
grep -qE "[0-9]+\+USER " "$TMP/full" || { cat "$TMP/full"; fail "the added line is not marked"; }
reject "$TMP/full" "@@ "
expect "$TMP/diff_again" "@@ "
exit 0
