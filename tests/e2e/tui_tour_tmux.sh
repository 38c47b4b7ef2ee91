# The tour in a real terminal (tmux) at 80x24 on a dark terminal: W opens the map, a
# break in the middle (q), W offers to resume at the step left, Enter resumes; berth
# quit and started again (200x60, a light terminal) offers it too (the state is in
# .git/berth/walk).
. "$(dirname "$0")/../fixtures/tui/lib.sh"
if ! command -v tmux > /dev/null 2>&1; then
	echo "tui_tour_tmux.sh: skipped: tmux is not installed (the Quick start installs it)"
	exit 77
fi
mkrepo "$TMP/shop"
SOCK="berth-tour-$$"
T="tmux -L $SOCK -f /dev/null"
# the second berth runs on a server of its own: a killed server's socket may linger a moment
T1=$T
T2="tmux -L $SOCK-2 -f /dev/null"
trap '$T1 kill-server > /dev/null 2>&1 || true; $T2 kill-server > /dev/null 2>&1 || true; rm -rf "$TMP"' EXIT INT TERM
# start COLS ROWS COLORFGBG
start() {
	$T new-session -d -s t -x "$1" -y "$2" \
		"cd '$TMP/shop' && HOME='$HOME' TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 COLORFGBG='$3' '$BERTH'; echo berth-exited-\$?; sleep 30"
	$T set-option -t t -g window-size manual > /dev/null 2>&1 || true
	wait_for "3 files · "
}
start 80 24 '15;0'
$T send-keys -t t W
wait_for "Compose files and their services"
$T send-keys -t t Enter
wait_for "Tour 1/"
$T send-keys -t t s
wait_for "Tour 2/"
$T send-keys -t t q
wait_for "┌ Files"
$T send-keys -t t W
wait_for "You left the tour at step 2 of"
$T send-keys -t t Enter
wait_for "Tour 2/"
# quit berth (nothing accepted: q at the top quits at once) and start it again
$T send-keys -t t q
wait_for "┌ Files"
$T send-keys -t t q
wait_for "berth-exited-0"
T=$T2
start 200 60 '0;15'
$T send-keys -t t '?'
wait_for "Theme: light (t cycles)"
$T send-keys -t t q
wait_for "┌ Files"
$T send-keys -t t W
wait_for "You left the tour at step 2 of"
$T send-keys -t t n
wait_for "Tour: your repository"
exit 0
