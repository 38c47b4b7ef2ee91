#!/bin/sh
# make valgrind: `berth check` over the shared corpus and the demo under
# valgrind's memcheck; any leak or invalid access fails.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
BERTH=${BERTH:-$top/berth}
shared=${BERTH_SHARED:-$top/../shared}
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)"; exit 1; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() {
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 "$BERTH" "$@" >/dev/null 2>"$log"
	rc=$?
	# valgrind 3.19 does not know openat2 (syscall 437): berth then takes its
	# portable path, which is worth checking too; its warning is noise here
	grep -v -e 'unhandled amd64-linux syscall: 437' -e 'write your own handler' \
		-e 'README_MISSING_SYSCALL_OR_IOCTL' -e 'we consider this a bug' -e 'valgrind.org/support' "$log" >&2
	if [ "$rc" -eq 99 ]; then
		echo "valgrind: errors in berth $*"
		exit 1
	fi
	if [ "$rc" -gt 2 ]; then
		echo "valgrind: berth $* ended with $rc (berth exits 0, 1 or 2)"
		exit 1
	fi
	echo "valgrind clean: berth $* (exit $rc)"
}
set +e
run check --format json "$top/examples/shop"
run fix --dry-run "$top/examples/shop"
if [ -d "$shared/corpus" ]; then
	run check --format json "$shared/corpus"
	run check --format sarif "$shared/corpus"
	run fix --dry-run "$shared/corpus"
else
	echo "shared corpus not found at $shared/corpus: only the demo was checked"
fi
