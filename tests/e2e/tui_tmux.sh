# In a real terminal (tmux): the screen comes up, survives resizes (too small and back), and q quits.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
if ! command -v tmux > /dev/null 2>&1; then
	echo "tui_tmux.sh: skipped: tmux is not installed (the Quick start installs it)"
	exit 77
fi
mkrepo "$TMP/shop"
SOCK="berth-test-$$"
T="tmux -L $SOCK -f /dev/null"
trap '$T kill-server > /dev/null 2>&1; rm -rf "$TMP"' EXIT INT TERM
$T new-session -d -s t -x 120 -y 32 \
	"cd '$TMP/shop' && HOME='$HOME' TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 '$BERTH'; echo berth-exited-\$?; sleep 30"
$T set-option -t t -g window-size manual > /dev/null 2>&1 || true


wait_for "0 fixes accepted"
$T resize-window -t t -x 50 -y 12
wait_for "terminal too small: 50x12"
$T resize-window -t t -x 100 -y 40
wait_for "Tab pane"
grep -q "too small" "$TMP/pane" && fail "the notice stayed after growing"
# no garbage: the frame's corners are where they belong
head -2 "$TMP/pane" | tail -1 | grep -q "^┌ Files" || fail "the frame is not redrawn at the top left"
# the new user's path, typed: /non-root Enter shows the diff, a accepts, c then Enter commits
$T send-keys -t t / n o n - r o o t Enter
wait_for "+USER "
$T send-keys -t t a
wait_for "1 fix accepted"
$T send-keys -t t c
wait_for "Commit accepted fixes"
$T send-keys -t t Enter
wait_for "0 fixes accepted"
git -C "$TMP/shop" log -1 --format=%s | grep -q "^berth: 1 fix in services/api/Dockerfile" \
	|| fail "no commit: $(git -C "$TMP/shop" log -1 --format=%s)"
# q: the checklist, the search's filter, then quit
$T send-keys -t t q q q
wait_for "berth-exited-0"
