# Resize at any moment: below 60x15 a "terminal too small" notice, back to normal after, state kept.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkrepo "$TMP/shop"
tui ":wait
j
j
:resize 50 12
:dump $TMP/small
j
:resize 59 30
:dump $TMP/narrow
:resize 60 15
:dump $TMP/minimum
:resize 200 60
:dump $TMP/big
o
:resize 70 20
:dump $TMP/ov" "$TMP/shop"
expect "$TMP/small" "terminal too small: 50x12, berth needs 60x15"
[ "$(wc -l < "$TMP/small")" -eq 12 ] || fail "the dump is not 12 lines"
expect "$TMP/narrow" "terminal too small"
reject "$TMP/minimum" "too small"
expect "$TMP/minimum" "Files"
# the selection survived (two files down, one more while small)
expect "$TMP/big" "▶ ✘ Dockerfile"
[ "$(head -1 "$TMP/big" | wc -m)" -le 201 ] || fail "the status line is wider than the screen"
expect "$TMP/ov" "Overview"
