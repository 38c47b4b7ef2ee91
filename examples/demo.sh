#!/bin/sh
# berth's first command: set everything up, build, and open berth on the
# bundled demo repository (examples/shop, copied into a fresh git repository
# so the demo never changes this checkout).
#
#   sh examples/demo.sh            the TUI (on a terminal), else `berth check`
#   BERTH_DEMO_DIR=/some/dir ...   where the demo repository goes
#
# As root it installs the Debian/Ubuntu packages berth and its test suite
# need with apt-get; otherwise it prints the exact apt-get line to run, and
# stops only when berth itself cannot be built.
set -eu

# To build berth and make the demo repository (compiler, make, pkg-config,
# the headers of ncursesw, libyaml and libgit2, git), and what `make test`
# needs beyond that: cmocka for the unit tests, tmux for the real-terminal
# test, jq to read the JSON reports. Nothing else: a test that wants another
# tool (groff, man, npm) says "skipped: X is not installed".
BUILD_PACKAGES="build-essential pkg-config libncurses-dev libyaml-dev libgit2-dev git"
TEST_PACKAGES="libcmocka-dev tmux jq"
PACKAGES="$BUILD_PACKAGES $TEST_PACKAGES"
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

missing_build=""
missing_test=""
for tool in cc make git pkg-config; do
	command -v "$tool" >/dev/null 2>&1 || missing_build="$missing_build $tool"
done
if command -v pkg-config >/dev/null 2>&1; then
	for lib in ncursesw yaml-0.1 libgit2; do
		pkg-config --exists "$lib" || missing_build="$missing_build $lib"
	done
	pkg-config --exists cmocka || missing_test="$missing_test cmocka"
else
	missing_test="$missing_test cmocka"
fi
for tool in tmux jq; do
	command -v "$tool" >/dev/null 2>&1 || missing_test="$missing_test $tool"
done
if [ -n "$missing_build$missing_test" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "berth: installing what is missing:$missing_build$missing_test"
		DEBIAN_FRONTEND=noninteractive apt-get update
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $PACKAGES
	elif [ -n "$missing_build" ]; then
		echo "berth: missing:$missing_build$missing_test" >&2
		echo "Install them with:" >&2
		echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $PACKAGES" >&2
		echo "then run this command again." >&2
		exit 1
	else
		echo "berth: \`make test\` needs:$missing_test; install them with:" >&2
		echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $TEST_PACKAGES" >&2
	fi
fi

# the build takes about half a minute the first time: say so, and show it advance
log=$(mktemp)
total=$(make -n berth 2>/dev/null | grep -c 'echo "  CC' || true)
if [ "$total" -gt 0 ]; then
	echo "berth: building berth: $total source files to compile (about half a minute on two cores)"
fi
make -j2 berth >"$log" 2>&1 &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
	[ -t 1 ] && [ "$total" -gt 0 ] && printf '\r  compiled %s of %s files' "$(grep -c '^  CC' "$log" || true)" "$total"
	sleep 1
done
if ! wait "$pid"; then
	[ -t 1 ] && printf '\n'
	cat "$log" >&2
	rm -f "$log"
	echo "berth: the build failed (the output is above)" >&2
	exit 1
fi
[ -t 1 ] && [ "$total" -gt 0 ] && printf '\r  compiled %s of %s files: done\n' "$(grep -c '^  CC' "$log" || true)" "$total"
rm -f "$log"

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
