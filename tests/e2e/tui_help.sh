# ? help is generated from the key table: every key of SPEC.md's table is listed, and q closes it.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkrepo "$TMP/shop"
ROWS=50 tui ":wait
?
:dump $TMP/help
q
:dump $TMP/closed" "$TMP/shop"
for k in "Tab " "Shift-Tab" "j Down" "k Up" "g Home" "G End" "PgUp" "PgDn" "Enter" \
	" a " " A " " x " " w " " c " " W " " o " " / " " n " " N " " e " " r " " t " " ? " " q " "Esc"; do
	expect "$TMP/help" "$k"
done
expect "$TMP/help" "guided walkthrough"
# issue 17's additions: the message log, h/l panes, Ctrl-C, the info mark
for k in " L " "Tab l Right" "Shift-Tab h Left" "Ctrl-C" "message log" "i advice only" " f " " F " " v " "whole fixed file"; do
	expect "$TMP/help" "$k"
done
# at 80 columns the help wraps: no line is cut at the frame (the walkthrough's text ends in full)
COLS=80 ROWS=60 tui ":wait
?
:dump $TMP/help80" "$TMP/shop"
expect "$TMP/help80" "repository"
expect "$TMP/help80" "are not written)"
expect "$TMP/help" "✔ pass   ✘ fail   – n/a   ~ ignored"
expect "$TMP/help" "default (t cycles)"
reject "$TMP/closed" "Shift-Tab"
expect "$TMP/closed" "Files"
