# Issue 17 (4, 5): w then c offers to commit what w wrote; every notice, refusal and
# error is kept, in full, in the message log (L); a dialog's long error wraps. At 80x24.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
export COLS=80 ROWS=24
mkrepo "$TMP/shop"
tui ":wait
/
:type non-root
Enter
a
w
:wait
:dump $TMP/wrote
c
:dump $TMP/c_after_w
Esc
:dump $TMP/esc
L
:dump $TMP/log
q
:dump $TMP/back" "$TMP/shop"
expect "$TMP/wrote" "wrote 1 accepted fix to 1 file"
expect "$TMP/c_after_w" "Commit the fixes written (w)"
expect "$TMP/c_after_w" "sec.non-root in services/api/Dockerfile"
reject "$TMP/c_after_w" "no accepted fixes"
reject "$TMP/esc" "Commit the fixes written"
expect "$TMP/log" "Message log"
expect "$TMP/log" "accepted: sec.non-root"
# the write's message in full, with its advice at the end
expect "$TMP/log" "Not committed: c commits them as written"
reject "$TMP/back" "Message log"
[ "$(git -C "$TMP/shop" rev-list --count HEAD)" = 1 ] || fail "Esc in the dialog still committed"
grep -q "^USER " "$TMP/shop/services/api/Dockerfile" || fail "w did not write"

# a refused commit: the dialog wraps the whole error; the log keeps it after Esc
mkrepo "$TMP/anon"
git -C "$TMP/anon" config --unset user.name
git -C "$TMP/anon" config --unset user.email
tui ":wait
/
:type non-root
Enter
a
c
Enter
:dump $TMP/refused
Esc
L
:dump $TMP/refusal_log" "$TMP/anon"
expect "$TMP/refused" "user.name"
expect "$TMP/refusal_log" "commit refused:"
expect "$TMP/refusal_log" "user.name"
exit 0
