#!/bin/sh
# berth's first command: set everything up, build, and open berth on the
# bundled demo repository (examples/shop, copied into a fresh git repository
# so the demo never changes this checkout).
#
#   sh examples/demo.sh            the TUI (on a terminal), else `berth check`
#   BERTH_DEMO_DIR=/some/dir ...   where the demo repository goes
#
# As root it installs the Debian/Ubuntu packages berth needs with apt-get;
# otherwise it prints the exact apt-get line to run and stops.
set -eu

PACKAGES="build-essential pkg-config libncurses-dev libyaml-dev libgit2-dev libcmocka-dev git tmux clang"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

missing=""
for tool in cc make git pkg-config tmux; do
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if command -v pkg-config >/dev/null 2>&1; then
	for lib in ncursesw yaml-0.1 libgit2 cmocka; do
		pkg-config --exists "$lib" || missing="$missing $lib"
	done
fi
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "berth: installing what is missing:$missing"
		apt-get update
		DEBIAN_FRONTEND=noninteractive apt-get install -y $PACKAGES
	else
		echo "berth: missing:$missing" >&2
		echo "Install them with:" >&2
		echo "  sudo apt-get update && sudo apt-get install -y $PACKAGES" >&2
		echo "then run this command again." >&2
		exit 1
	fi
fi

make -j2 berth >/dev/null

demo=${BERTH_DEMO_DIR:-${TMPDIR:-/tmp}/berth-demo}
rm -rf "$demo"
mkdir -p "$demo"
cp -R examples/shop/. "$demo/"
(
	cd "$demo"
	git init -q
	git symbolic-ref HEAD refs/heads/main
	git config user.name "berth demo"
	git config user.email "demo@berth.invalid"
	git add -A
	GIT_AUTHOR_DATE="2026-01-01T12:00:00Z" GIT_COMMITTER_DATE="2026-01-01T12:00:00Z" \
		git commit -q -m "shop: first version"
)
echo "berth: demo repository ready in $demo"

if [ -t 0 ] && [ -t 1 ] && [ "${BERTH_DEMO_CHECK:-}" = "" ]; then
	exec ./berth "$demo"
fi
# no terminal (CI, a pipe): the same audit without a screen
./berth check "$demo" || [ $? -eq 1 ]
