#!/bin/sh
# Issue 14's measure: how many parses, audits and fix plans the TUI's
# walkthrough (the tour, W: accept the 5 fixes of tests/fixtures/tui/walk, commit) and
# `berth fix --dry-run` on the same repository cost, counted by callgrind
# (calls of df_parse, check_finish - once per audit, scans included -,
# fix_plan_items and fix_apply*). Not part of `make test`: it needs valgrind
# and takes a few seconds. Usage: sh tests/bench/walk_counts.sh [BERTH]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
B=${1:-$top/berth}
case $B in /*) ;; *) B=$(pwd)/$B ;; esac
command -v valgrind >/dev/null || { echo "walk_counts.sh: valgrind is not installed"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-walk-counts.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp" TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC
unset BERTH_SCRIPT
mk() {
	mkdir -p "$1"
	cp -R "$top/tests/fixtures/tui/walk/." "$1/"
	git -C "$1" init -q -b main
	git -C "$1" config user.name "Berth Test"
	git -C "$1" config user.email "test@example.com"
	git -C "$1" add -A
	git -C "$1" commit -q -m initial
}
# calls per function name in a callgrind file, for the names given
counts() {
	awk -v want="$2" '
		/^cfn=/ { s = $0; sub(/^cfn=\([0-9]+\) ?/, "", s); id = $0; sub(/^cfn=/, "", id); sub(/\).*/, ")", id)
			  if (s != "") name[id] = s; cur = (id in name) ? name[id] : id; next }
		/^fn=/ { s = $0; sub(/^fn=\([0-9]+\) ?/, "", s); id = $0; sub(/^fn=/, "", id); sub(/\).*/, ")", id)
			 if (s != "") name[id] = s; next }
		/^calls=/ { split($0, a, /[= ]/); n[cur] += a[2] }
		END { k = split(want, w, ","); for (i = 1; i <= k; i++) printf "%s=%d ", w[i], n[w[i]] + 0; print "" }' "$1"
}
names=df_parse,compose_load,check_finish,fix_plan,fix_plan_items,fix_apply,fix_apply_memo
mk "$tmp/tui"
# the tour (W): the map, Enter starts it; at each of the fixture's 5 steps Enter
# accepts the fix on screen (safe or review) and s goes on; the summary's c
# opens the commit dialog and Enter commits
printf ':wait\nW\nEnter\nEnter\ns\nEnter\ns\nEnter\ns\nEnter\ns\nEnter\ns\nc\nEnter\n:wait\n' >"$tmp/script"
BERTH_SCRIPT="$tmp/script" BERTH_COLUMNS=140 BERTH_LINES=32 \
	valgrind -q --tool=callgrind --callgrind-out-file="$tmp/tui.cg" "$B" "$tmp/tui" 2>/dev/null
[ "$(git -C "$tmp/tui" rev-list --count HEAD)" = 2 ] || { echo "walk_counts.sh: the walkthrough did not commit"; exit 1; }
printf 'walkthrough (accept 5, commit): '
counts "$tmp/tui.cg" "$names"
mk "$tmp/cli"
(cd "$tmp/cli" && valgrind -q --tool=callgrind --callgrind-out-file="$tmp/cli.cg" "$B" fix --dry-run >/dev/null 2>&1)
printf 'berth fix --dry-run:            '
counts "$tmp/cli.cg" "$names"
# the same five fixes from the command line: --level review takes the review ones too
mk "$tmp/cli5"
(cd "$tmp/cli5" && valgrind -q --tool=callgrind --callgrind-out-file="$tmp/cli5.cg" "$B" fix --level review --commit >/dev/null 2>&1) || true
[ "$(git -C "$tmp/cli5" rev-list --count HEAD)" = 2 ] || { echo "walk_counts.sh: fix --level review --commit did not commit"; exit 1; }
printf 'berth fix --level review --commit: '
counts "$tmp/cli5.cg" "$names"
