# Overview (o): pass / fail / n-a counts per item across the repository; Enter filters the files pane.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkrepo "$TMP/shop"
ROWS=48 tui ":wait
o
:dump $TMP/ov
/
:type Runs as non-root
Enter
Enter
:dump $TMP/filtered
Esc
:dump $TMP/unfiltered" "$TMP/shop"
# two Dockerfiles: the api one runs as root, the web one as node
line=$(grep -F "Runs as non-root user" "$TMP/ov")
echo "$line" | grep -qE "1 ✘ +1 ✔ +0 –" || fail "sec.non-root counts: $line"
line=$(grep -F "Base image pinned" "$TMP/ov")
echo "$line" | grep -qE "2 ✘ +0 ✔ +0 –" || fail "sec.pinned-base counts: $line"
line=$(grep -F "Restart policy set" "$TMP/ov")
echo "$line" | grep -qE "0 ✘ +1 ✔ +0 –" || fail "compose.restart counts: $line"
# grouped by category, most failures first inside each
expect "$TMP/ov" "Performance"
expect "$TMP/ov" "Compose"
sec=$(grep -nF "Base image pinned" "$TMP/ov" | cut -d: -f1)
nr=$(grep -nF "Runs as non-root user" "$TMP/ov" | cut -d: -f1)
[ "$sec" -lt "$nr" ] || fail "items are not sorted by failures"
# Enter on the item: only the failing file is listed
expect "$TMP/filtered" "Files failing"
expect "$TMP/filtered" "services/api/"
reject "$TMP/filtered" "services/web/"
expect "$TMP/filtered" "▶✘  Runs as non-root user"
# Esc on the files pane clears the filter
expect "$TMP/unfiltered" "services/web/"
