# Issue 17 (11): the quit prompt defaults to stay (only y quits), Ctrl-C asks when accepted
# fixes are pending (a second Ctrl-C quits), editor failures are said, and items with only
# info findings are marked. Headless; tui_tmux_keys.sh does Ctrl-C and TERM=dumb for real.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
export COLS=80 ROWS=24
mkrepo "$TMP/shop"
tui ":wait
/
:type non-root
Enter
a
q
q
q
:dump $TMP/asked
Enter
:dump $TMP/stayed
C-c
:dump $TMP/ctrlc
n
:dump $TMP/ctrlc_stayed
C-c
C-c
:dump $TMP/not_reached" "$TMP/shop"
expect "$TMP/asked" "Quit anyway"
expect "$TMP/asked" "n or Enter stay"
reject "$TMP/stayed" "Quit anyway"
expect "$TMP/stayed" "1 fix accepted"
expect "$TMP/ctrlc" "Ctrl-C: 1 accepted fix is not written"
reject "$TMP/ctrlc_stayed" "Quit anyway"
expect "$TMP/ctrlc_stayed" "1 fix accepted"
[ -e "$TMP/not_reached" ] && fail "a second Ctrl-C did not quit"

# nothing pending: Ctrl-C quits at once
tui ":wait
C-c
:dump $TMP/after_quit" "$TMP/shop"
[ -e "$TMP/after_quit" ] && fail "Ctrl-C with nothing pending did not quit"

# an editor that cannot run is reported, in the hint bar and the log
EDITOR="$TMP/no-such-editor" tui ":wait
/
:type Base image pinned
Enter
e
:dump $TMP/ed_missing
L
:dump $TMP/ed_log" "$TMP/shop"
expect "$TMP/ed_missing" "editor not found"
expect "$TMP/ed_log" "no-such-editor"
EDITOR=false tui ":wait
/
:type Base image pinned
Enter
e
:dump $TMP/ed_false" "$TMP/shop"
expect "$TMP/ed_false" "exited with status 1"

# an item that passes with advice (info findings) is marked i, a clean pass is not
mkdir -p "$TMP/info"
printf 'FROM debian:12.5-slim\nRUN useradd -r app\nUSER app\nCMD ["sleep", "1"]\n' > "$TMP/info/Dockerfile"
git -C "$TMP/info" init -q -b main
git -C "$TMP/info" add -A
git -C "$TMP/info" -c user.name=t -c user.email=t@e commit -q -m init
tui ":wait
Tab
:dump $TMP/info_marks" "$TMP/info"
grep -q "✔i Base image pinned" "$TMP/info_marks" || { cat "$TMP/info_marks"; fail "info-only item not marked"; }
grep -q "✔  Runs as non-root" "$TMP/info_marks" || { cat "$TMP/info_marks"; fail "a clean pass is marked"; }
exit 0
