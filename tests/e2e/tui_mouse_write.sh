# Mouse clicks select and scroll; w writes accepted fixes and rescans; q asks before losing accepted fixes.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkrepo "$TMP/shop"
# rows: 0 status, 1 frame, 2 compose.yaml, 3 services/api/, 4 Dockerfile, 5 services/web/, 6 Dockerfile
tui ":wait
:click 5 6
:dump $TMP/clicked
:wheel 50 10 down
:dump $TMP/wheeled" "$TMP/shop"
expect "$TMP/clicked" "┌ services/web/Dockerfile · runtime"
expect "$TMP/clicked" "▶ ✘ Dockerfile"
# the wheel over the checklist focused it and moved three items down (from the first failing one)
expect "$TMP/wheeled" "▶–  One apt-get layer per stage"

tui ":wait
/
:type non-root
Enter
a
w
:wait
:dump $TMP/written" "$TMP/shop"
expect "$TMP/written" "0 fixes accepted"
expect "$TMP/written" "✔  Runs as non-root user"
grep -q "^USER " "$TMP/shop/services/api/Dockerfile" || fail "w did not write the fix"
[ "$(git -C "$TMP/shop" rev-list --count HEAD)" = 1 ] || fail "w must not commit"

git -C "$TMP/shop" checkout -q -- .
tui ":wait
/
:type non-root
Enter
a
q
q
q
:dump $TMP/asked
n
:dump $TMP/stayed
q
y" "$TMP/shop"
expect "$TMP/asked" "1 accepted fix is not written. Quit anyway and lose it? y quits"
reject "$TMP/stayed" "Quit anyway"
