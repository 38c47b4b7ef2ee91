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
# the wheel over the checklist focused it and moved three items down (it passes: web's
# COPY package.json is not in the fixture, so berth cannot tell its build context and says so as info)
expect "$TMP/wheeled" "▶✔ .dockerignore excludes junk"

tui ":wait
/
:type non-root
Enter
a
w
:wait
:dump $TMP/written" "$TMP/shop"
expect "$TMP/written" "0 fixes accepted"
expect "$TMP/written" "✔ Runs as non-root user"
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
:dump $TMP/asked
n
:dump $TMP/stayed
q
y" "$TMP/shop"
expect "$TMP/asked" "1 accepted fix is not written. Quit anyway? (y/n)"
reject "$TMP/stayed" "Quit anyway"
