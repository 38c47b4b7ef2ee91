# Issue 17, Done when: the use cases "review a repository" and "remediate it (value
# fixes, .dockerignore edits, write and commit)" on the demo repository (examples/shop),
# in a real terminal (tmux) at 80x24 and 200x60, on a light and a dark terminal: every
# screen has a way out, and the commit holds exactly the accepted fixes.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
tmux_need tui_usecases
SHOP="$FIX/../../../examples/shop"

# demo DIR: the demo repository as examples/demo.sh makes it
demo() {
	rm -rf "$1"
	mkdir -p "$1"
	cp -R "$SHOP/." "$1/"
	git -C "$1" init -q -b main
	git -C "$1" config user.name "Berth Test"
	git -C "$1" config user.email "test@example.com"
	git -C "$1" add -A
	git -C "$1" commit -q -m "shop: first version"
}

# root_entrypoint DIR: the api's entrypoint needs root at start (chown), so berth withholds
# its non-root fix; the demo has no fully withheld fix of its own since the system-user fix
root_entrypoint() {
	printf '#!/bin/sh\nchown -R nobody /data\nexec "$@"\n' > "$1/services/api/docker-entrypoint.sh"
	sed -i 's|^CMD uvicorn|COPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD uvicorn|' \
		"$1/services/api/Dockerfile"
	git -C "$1" add -A
	git -C "$1" commit -q -m "api: an entrypoint that changes owners as root"
}

# start DIR COLS ROWS COLORFGBG: berth in a fresh tmux server
start() {
	TMUX_ENV="COLORFGBG='$4'" tmux_start "$1" "$2" "$3"
	# the scan is done (keys typed before it ends are not this test's subject)
	wait_for "4 files ·"
}

# the main screen is back (its status bar and a pane title)
main_back() {
	wait_for "┌ Files"
}

# back to the files pane with every file listed (Esc never quits)
to_top() {
	for _ in 1 2 3 4; do
		$T send-keys -t t Escape
		sleep 0.1
	done
	wait_for "services/web/"
}

# review COLS ROWS COLORFGBG THEME: browse, read, look around; nothing changes
review() {
	demo "$TMP/r"
	root_entrypoint "$TMP/r"
	start "$TMP/r" "$1" "$2" "$3"
	# the theme the terminal's background asks for
	$T send-keys -t t '?'
	wait_for "Theme: $4 (t cycles)"
	$T send-keys -t t q
	main_back
	# the overview, and back
	$T send-keys -t t o
	wait_for "Runs as non-root user"
	$T send-keys -t t q
	main_back
	# a withheld fix: why, and what a person would write (zoomed, scrolled to the end)
	$T send-keys -t t / n o n - r o o t Enter
	wait_for "▶✘  Runs as non-root user"
	$T send-keys -t t z
	wait_for "Fix withheld: berth writes nothing here"
	$T send-keys -t t G
	wait_for "What a person would write:"
	wait_for "USER app"
	wait_for "Check first: the entrypoint"
	$T send-keys -t t z
	main_back
	# a Compose fix offered for one service and withheld for the others: what to write for those
	to_top
	$T send-keys -t t / c a p - d r o p Enter
	wait_for "▶✘  All capabilities dropp"
	$T send-keys -t t Tab z G
	wait_for "Where it is withheld, what a person would write:"
	wait_for "cap_drop: [ALL]"
	$T send-keys -t t z
	main_back
	# a fix that needs a value says what a valid one looks like, and Esc leaves the prompt
	to_top
	$T send-keys -t t / p i n n e d - b a s e Enter
	wait_for "▶✘  Base image pinned"
	$T send-keys -t t a
	wait_for "Such as 3.11.<patch>"
	$T send-keys -t t Escape
	main_back
	# the message log, and back
	$T send-keys -t t L
	wait_for "Message log"
	$T send-keys -t t q
	main_back
	# out: the search filter, then quit (nothing accepted: no question)
	$T send-keys -t t q q q q
	wait_for "berth-exited-0"
	[ "$(git -C "$TMP/r" status --porcelain)" = "" ] || fail "review changed the work tree"
	[ "$(git -C "$TMP/r" rev-list --count HEAD)" = 2 ] || fail "review committed"
}

# remediate COLS ROWS COLORFGBG: a .dockerignore edit, a value fix, the safe fixes, commit;
# then w (written, not committed) and c says so; Ctrl-C asks while fixes are pending
remediate() {
	demo "$TMP/m"
	# an existing .dockerignore that the fix edits (issue 17, blocker 2)
	printf '.git\n' > "$TMP/m/services/api/.dockerignore"
	git -C "$TMP/m" add -A
	git -C "$TMP/m" commit -q -m "api: a .dockerignore"
	# a developer's local settings in that context, untracked: what the .env line keeps out
	printf 'API_TOKEN=local-only\n' > "$TMP/m/services/api/.env"
	start "$TMP/m" "$1" "$2" "$3"
	$T send-keys -t t / d o c k e r i g n o r e Enter
	wait_for "▶✘  .dockerignore"
	$T send-keys -t t a
	wait_for "accepted: perf.dockerignore"
	# the value fix: the prompt is empty (never the failing tag), a valid value is taken
	$T send-keys -t t / p i n n e d - b a s e Enter
	wait_for "▶✘  Base image pinned"
	$T send-keys -t t a
	wait_for "Such as 3.11.<patch>"
	$T send-keys -t t 3 . 1 1 . 1 1 - s l i m Enter
	wait_for "accepted: sec.pinned-base"
	# every safe fix of the file
	$T send-keys -t t A
	wait_for "safe fixes of services/api/Dockerfile"
	$T capture-pane -p -t t > "$TMP/pane"
	n=$(sed -n 's/.* \([0-9][0-9]*\) fixes accepted.*/\1/p' "$TMP/pane" | head -1)
	[ -n "$n" ] && [ "$n" -ge 4 ] || fail "expected at least 4 accepted fixes, status: $(head -1 "$TMP/pane")"
	# Ctrl-C with fixes pending asks; n stays
	$T send-keys -t t C-c
	wait_for "Quit anyway"
	$T send-keys -t t n
	main_back
	# the commit dialog, Enter commits
	$T send-keys -t t c
	wait_for "Commit accepted fixes"
	$T send-keys -t t Enter
	wait_for "0 fixes accepted"
	[ "$(git -C "$TMP/m" rev-list --count HEAD)" = 3 ] || fail "no commit made"
	git -C "$TMP/m" show --stat --format=%B HEAD > "$TMP/commit"
	# exactly the accepted fixes: the Dockerfile and the edited .dockerignore, nothing else
	files=$(git -C "$TMP/m" show --name-only --format= HEAD | sort | tr '\n' ' ')
	[ "$files" = "services/api/.dockerignore services/api/Dockerfile " ] || fail "committed files: $files"
	grep -q "^- perf.dockerignore in services/api/.dockerignore" "$TMP/commit" || fail "no perf.dockerignore in $(cat "$TMP/commit")"
	grep -q "^- sec.pinned-base in services/api/Dockerfile" "$TMP/commit" || fail "no sec.pinned-base"
	keys=$(grep -c "^- " "$TMP/commit")
	[ "$keys" = "$n" ] || fail "$n fixes accepted, $keys in the commit: $(cat "$TMP/commit")"
	git -C "$TMP/m" show HEAD:services/api/Dockerfile | grep -q "^FROM python:3.11.11-slim" || fail "the pin is not committed"
	git -C "$TMP/m" show HEAD:services/api/.dockerignore | grep -qx ".git" || fail "the .dockerignore lost its line"
	# only the untracked local .env is left, as it was
	[ "$(git -C "$TMP/m" status --porcelain)" = "?? services/api/.env" ] || fail "the work tree differs after the commit"
	grep -qx "API_TOKEN=local-only" "$TMP/m/services/api/.env" || fail "the untracked .env changed"
	# w then c: c offers to commit the file w wrote, exactly as written
	wait_for "┌ Files"
	# the search's filter of the files pane: Esc on the files pane shows them all again
	$T send-keys -t t h
	wait_for "Enter open · Tab pane"
	$T send-keys -t t Escape
	wait_for "services/web/"
	$T send-keys -t t / c o m p o s e . r e s t a r t Enter
	wait_for "▶✘  Restart policy set"
	$T send-keys -t t a
	wait_for "accepted: compose.restart"
	$T send-keys -t t w
	wait_for "wrote 1 accepted fix to 1 file"
	wait_for "0 fixes accepted"
	[ "$(git -C "$TMP/m" status --porcelain --untracked-files=no)" = " M compose.yaml" ] ||
		fail "w: $(git -C "$TMP/m" status --porcelain)"
	[ "$(git -C "$TMP/m" rev-list --count HEAD)" = 3 ] || fail "w committed"
	$T send-keys -t t c
	wait_for "Commit the fixes written (w)"
	wait_for "compose.restart in compose.yaml"
	$T send-keys -t t Enter
	wait_for "as written by w"
	main_back
	[ "$(git -C "$TMP/m" status --porcelain --untracked-files=no)" = "" ] || fail "c after w: $(git -C "$TMP/m" status --porcelain)"
	[ "$(git -C "$TMP/m" rev-list --count HEAD)" = 4 ] || fail "c after w did not commit"
	[ "$(git -C "$TMP/m" show --name-only --format= HEAD)" = "compose.yaml" ] || fail "c after w committed more"
	# nothing pending: q quits without a question
	$T send-keys -t t q q q q
	wait_for "berth-exited-0"
}

review 80 24 "0;15" light
remediate 80 24 "0;15"
review 200 60 "15;0" default
remediate 200 60 "15;0"
echo "tui_usecases: review and remediate at 80x24 (light) and 200x60 (dark)"
