# Control characters from files (content and names) are shown escaped (^[), wide characters stay whole.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkdir -p "$TMP/evil"
cp "$FIX/escape.Dockerfile" "$TMP/evil/Dockerfile"
mkdir -p "$TMP/evil/$(printf 'bad\033[31mdir')"
cp "$FIX/escape.Dockerfile" "$TMP/evil/$(printf 'bad\033[31mdir')/Dockerfile"
git -C "$TMP/evil" init -q -b main
git -C "$TMP/evil" -c user.name=t -c user.email=t@e add -A
git -C "$TMP/evil" -c user.name=t -c user.email=t@e commit -q -m i
tui ":wait
/
:type non-root
Enter
:dump $TMP/screen" "$TMP/evil"
# the folder name and the comment line around the finding, escaped
expect "$TMP/screen" "bad^[[31mdir/"
expect "$TMP/screen" "^[]0;pwned^G ^[[2J look: 日本語"
# no raw control byte reached the screen
if LC_ALL=C grep -q "$(printf '\033')" "$TMP/screen"; then fail "a raw ESC reached the screen"; fi
# a narrow pane cuts before a wide character, never through it: the dump stays valid UTF-8
COLS=61 ROWS=16 tui ":wait
/
:type non-root
Enter
:dump $TMP/narrow" "$TMP/evil"
iconv -f UTF-8 -t UTF-8 "$TMP/narrow" > /dev/null || fail "the screen holds a broken UTF-8 character"
