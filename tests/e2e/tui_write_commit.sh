# w then c (in a real terminal, tmux, at 80x24 and 200x60): c offers to commit the files w
# wrote, in the commit dialog with the fixes' levels and notes; the commit holds them exactly
# as written and nothing else (two writes: one commit). A file changed since berth wrote it is
# never committed: c says so.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
tmux_need tui_write_commit

# start DIR COLS ROWS: berth in a fresh tmux server, the scan done
start() {
	tmux_start "$1" "$2" "$3"
	wait_for "0 fixes accepted"
}

# accept_write: the non-root fix of services/api/Dockerfile accepted and written
accept_write() {
	$T send-keys -t t / n o n - r o o t Enter
	wait_for "▶✘  Runs as non-root user"
	$T send-keys -t t a
	wait_for "1 fix accepted"
	$T send-keys -t t w
	wait_for "wrote 1 accepted fix to 1 file"
	wait_for "0 fixes accepted"
}

run() {
	cols=$1 rows=$2
	# two writes (a file berth creates the second time): one commit holds both, in path order
	d="$TMP/two$cols"
	mkrepo "$d"
	start "$d" "$cols" "$rows"
	accept_write
	$T send-keys -t t / p e r f . d o c k e r i g n o r e Enter
	wait_for "Files /perf.doc"
	$T send-keys -t t a
	wait_for "1 fix accepted"
	$T send-keys -t t w
	wait_for "0 fixes accepted"
	$T send-keys -t t c
	wait_for "berth: 2 fixes in services/api/.dockerignore, services/api/Dockerfile"
	$T send-keys -t t Enter
	wait_for "2 files as written by w"
	[ "$(git -C "$d" rev-list --count HEAD)" = 2 ] || fail "$cols: two writes, not one commit"
	[ "$(git -C "$d" status --porcelain)" = "" ] || fail "$cols: two writes: $(git -C "$d" status --porcelain)"
	[ "$(git -C "$d" log -1 --format=%B | grep -c "^- ")" = 2 ] || fail "$cols: two writes: $(git -C "$d" log -1 --format=%B)"
	$T kill-server > /dev/null 2>&1 || true

	d="$TMP/ok$cols"
	mkrepo "$d"
	# an unrelated change of the user's stays out of the commit
	echo "mine" > "$d/NOTES"
	start "$d" "$cols" "$rows"
	accept_write
	$T send-keys -t t c
	wait_for "Commit the fixes written (w)"
	# the dialog: the subject, each fix with its level and note
	wait_for "berth: 1 fix in services/api/Dockerfile"
	wait_for "- sec.non-root in services/api/Dockerfile"
	wait_for "review: runs as app"
	cp "$TMP/pane" "$TMP/dialog-$cols"
	# a narrow dialog wraps the note under its own indentation
	if [ "$cols" = 80 ]; then grep -q "│   app writes only where it may" "$TMP/pane" || fail "80: the note's wrap"; fi
	$T send-keys -t t Enter
	wait_for "as written by w"
	[ "$(git -C "$d" rev-list --count HEAD)" = 2 ] || fail "$cols: c after w made no commit"
	[ "$(git -C "$d" show --name-only --format= HEAD)" = "services/api/Dockerfile" ] \
		|| fail "$cols: committed $(git -C "$d" show --name-only --format= HEAD)"
	git -C "$d" log -1 --format=%B | grep -q "^  review: runs as app" || fail "$cols: the note is not in the commit"
	git -C "$d" show HEAD:services/api/Dockerfile | cmp -s - "$d/services/api/Dockerfile" \
		|| fail "$cols: the commit does not hold the file as written"
	[ "$(git -C "$d" status --porcelain)" = "?? NOTES" ] || fail "$cols: status $(git -C "$d" status --porcelain)"
	# nothing left: c says there is nothing to commit
	$T send-keys -t t c
	wait_for "no accepted fixes"
	$T kill-server > /dev/null 2>&1 || true

	# the file changed after w: never committed, and c says so
	d="$TMP/changed$cols"
	mkrepo "$d"
	start "$d" "$cols" "$rows"
	accept_write
	echo "# mine" >> "$d/services/api/Dockerfile"
	$T send-keys -t t c
	wait_for "changed since berth wrote it"
	cp "$TMP/pane" "$TMP/changed-$cols"
	reject "$TMP/pane" "Commit the fixes written"
	$T send-keys -t t Escape
	wait_for "┌ Files"
	[ "$(git -C "$d" rev-list --count HEAD)" = 1 ] || fail "$cols: a file changed since w was committed"
	tail -1 "$d/services/api/Dockerfile" | grep -qx "# mine" || fail "$cols: the user's change was overwritten"
	$T kill-server > /dev/null 2>&1 || true
}

run 80 24
run 200 60
[ -n "${CAPTURE:-}" ] && cat "$TMP/dialog-80" "$TMP/changed-80"
exit 0
