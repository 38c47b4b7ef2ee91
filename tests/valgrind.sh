#!/bin/sh
# make valgrind: `berth check` over the shared corpus and the demo under
# valgrind's memcheck; any leak or invalid access fails.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
BERTH=${BERTH:-$top/berth}
shared=${BERTH_SHARED:-$top/../shared}
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)"; exit 1; }
run() {
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 "$BERTH" "$@" >/dev/null
	rc=$?
	if [ "$rc" -eq 99 ]; then
		echo "valgrind: errors in berth $*"
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
