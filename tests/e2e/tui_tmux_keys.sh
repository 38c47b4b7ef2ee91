# Issue 17 in a real terminal (tmux, 80x24 and 120x40): Ctrl-C (a real SIGINT) asks when
# accepted fixes are pending and Enter stays; TERM=dumb refuses with a pointer to berth
# check; a bad --theme's error is still on screen after exit; the value prompt's repro.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
if ! command -v tmux > /dev/null 2>&1; then
	echo "SKIP: tmux is not installed (CI installs it)"
	exit 0
fi
mkrepo "$TMP/shop"
SOCK="berth-keys-$$"
T="tmux -L $SOCK -f /dev/null"
trap '$T kill-server > /dev/null 2>&1; rm -rf "$TMP"' EXIT INT TERM

# start CMD COLS LINES: a fresh session running CMD in the repository
start() {
	$T kill-session -t t > /dev/null 2>&1 || true
	$T new-session -d -s t -x "$2" -y "$3" \
		"cd '$TMP/shop' && HOME='$HOME' LANG=C.UTF-8 LC_ALL=C.UTF-8 $1; echo berth-exited-\$?; sleep 30"
	$T set-option -t t -g window-size manual > /dev/null 2>&1 || true
}


for size in "80 24" "120 40"; do
	set -- $size
	start "TERM=xterm-256color '$BERTH'" "$1" "$2"
	wait_for "17 ✘ · 0 fixes accepted"     # the scan is done
	# the blocker's repro: a, Enter on the prompt, then the value berth fix --set accepts
	$T send-keys -t t / B a s e Space i m a g e Space p i n n e d Enter
	wait_for "Base image pinned"
	$T send-keys -t t a
	wait_for "Such as 3.11.<patch>"
	$T send-keys -t t Enter
	wait_for "a value is needed"
	$T send-keys -t t 3 . 1 1 . 1 1 Enter
	wait_for "1 fix accepted"
	# Ctrl-C with a fix pending asks; Enter stays; Ctrl-C twice quits
	$T send-keys -t t C-c
	wait_for "Ctrl-C: 1 accepted fix is not written"
	$T send-keys -t t Enter
	sleep 0.3
	$T capture-pane -p -t t > "$TMP/pane"
	grep -q "Quit anyway" "$TMP/pane" && fail "Enter quit or kept the dialog at ${1}x$2"
	grep -q "berth-exited" "$TMP/pane" && fail "Enter quit at ${1}x$2"
	$T send-keys -t t C-c
	wait_for "Quit anyway"
	$T send-keys -t t C-c
	wait_for "berth-exited-0"
done

# a light terminal (its answer to OSC 11) starts on the light theme; a dark one on default;
# the answers never reach the screen as keys
start "TERM=xterm-256color '$BERTH'" 80 24
$T set-option -t t -g window-style 'bg=#ffffff' > /dev/null
$T respawn-pane -k -t t "cd '$TMP/shop' && HOME='$HOME' TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 '$BERTH'; echo berth-exited-\$?; sleep 30"
wait_for "17 ✘ · 0 fixes accepted"
reject "$TMP/pane" "Help"
$T send-keys -t t '?'
wait_for "Theme: light (t cycles)"
$T send-keys -t t q q
wait_for "berth-exited-0"
$T set-option -t t -g window-style 'bg=#000000' > /dev/null
$T respawn-pane -k -t t "cd '$TMP/shop' && HOME='$HOME' TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 '$BERTH'; echo berth-exited-\$?; sleep 30"
wait_for "17 ✘ · 0 fixes accepted"
$T send-keys -t t '?'
wait_for "Theme: default (t cycles)"
$T send-keys -t t q q
wait_for "berth-exited-0"
$T set-option -t t -gu window-style > /dev/null

# TERM=dumb: a refusal that points to berth check, not an unusable screen
start "TERM=dumb '$BERTH'" 80 24
wait_for "berth-exited-2"
expect "$TMP/pane" "TERM=dumb cannot show the TUI"
expect "$TMP/pane" "berth check"

# a bad --theme: the error is still there after the screen is gone
start "TERM=xterm-256color '$BERTH' --theme nosuchtheme" 80 24
wait_for "berth-exited-2"
expect "$TMP/pane" "nosuchtheme"
exit 0
