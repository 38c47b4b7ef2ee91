# .berth.yaml is honoured (an ignored item shows ~); a broken one is shown in a notice and defaults apply.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkrepo "$TMP/shop"
printf 'ignore: [sec.non-root]\n' > "$TMP/shop/.berth.yaml"
tui ":wait
/
:type non-root
Enter
:dump $TMP/ignored" "$TMP/shop"
expect "$TMP/ignored" "▶~  Runs as non-root user"
printf 'bogus: 1\n' > "$TMP/shop/.berth.yaml"
tui ":wait
:dump $TMP/notice
j
:dump $TMP/after" "$TMP/shop"
expect "$TMP/notice" "The config is ignored, defaults apply:"
expect "$TMP/notice" ".berth.yaml:1:1: unknown key"
reject "$TMP/after" "The config is ignored"
expect "$TMP/after" "┌ Files"
