# berth --since REF: the TUI shows only the findings on lines changed since REF.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkrepo "$TMP/shop"
script=":wait
/
:type non-root
Enter
:dump $TMP/DUMP"
tui "$(echo "$script" | sed 's/DUMP/all/')" "$TMP/shop"
expect "$TMP/all" "▶✘  Runs as non-root user"
expect "$TMP/all" "warning line"
# nothing changed since HEAD: the item is judged as today, its finding is left out
tui "$(echo "$script" | sed 's/DUMP/since/')" --since HEAD "$TMP/shop"
expect "$TMP/since" "Runs as non-root user"
reject "$TMP/since" "warning line"
# a change to the Dockerfile brings the finding about the missing USER back
printf 'RUN true\n' >>"$TMP/shop/services/api/Dockerfile"
tui "$(echo "$script" | sed 's/DUMP/changed/')" --since=HEAD "$TMP/shop"
expect "$TMP/changed" "warning line"
# an unknown revision stops before the screen, with exit status 2
rc=0
BERTH_SCRIPT="$TMP/script" "$BERTH" --since no-such-ref "$TMP/shop" 2>"$TMP/err" || rc=$?
[ "$rc" -eq 2 ] || fail "unknown REF: exit $rc"
grep -q "unknown revision" "$TMP/err" || fail "unknown REF: $(cat "$TMP/err")"
