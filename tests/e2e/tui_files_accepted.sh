# A file with accepted fixes keeps its name whole in the files pane (in a real terminal, tmux,
# at 80x24 and 200x60): a narrow pane drops the accepted count and shows the file's mark as
# ✚ (++ in ASCII) with its fail count; a wide one shows every count.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
tmux_need tui_files_accepted
mkrepo "$TMP/shop"

# run COLS ROWS [ARGS]: accept the non-root fix of services/api/Dockerfile, back to the files pane
run() {
	tmux_start "$TMP/shop" "$1" "$2" "${3:-}"
	wait_for "0 fixes accepted"
	$T send-keys -t t / n o n - r o o t Enter
	wait_for "Runs as non-root"
	$T send-keys -t t a
	wait_for "1 fix accepted"
	$T send-keys -t t Escape Escape Escape
	wait_for "services/web/"
	# the files pane: left of the first "││" ("||" in ASCII)
	sed 's/││.*//; s/||.*//' "$TMP/pane" > "$TMP/files"
	cp "$TMP/pane" "$TMP/screen-$1${3:-}"
}

run 80 24
grep -q "✚ Dockerfile  *8$" "$TMP/files" || { cat "$TMP/pane" >&2; fail "80x24: no whole name with ✚ and its count"; }
grep -q "…" "$TMP/files" && { cat "$TMP/pane" >&2; fail "80x24: a name is elided"; }
grep -q "✘ Dockerfile  *4$" "$TMP/files" || fail "80x24: the other Dockerfile lost its mark or count"
$T send-keys -t t q y
run 80 24 --ascii
grep -q "++ Dockerfile  *8$" "$TMP/files" || { cat "$TMP/pane" >&2; fail "80x24 ascii: no whole name with ++"; }
grep -q "XX Dockerfile  *4$" "$TMP/files" || fail "80x24 ascii: the other Dockerfile lost its mark or count"
$T send-keys -t t q y
run 200 60
grep -q "✘ Dockerfile  *1✚ 8 ✘$" "$TMP/files" || { cat "$TMP/pane" >&2; fail "200x60: not every count"; }
$T send-keys -t t q y
[ -n "${CAPTURE:-}" ] && cat "$TMP/screen-80" "$TMP/screen-80--ascii"
exit 0
