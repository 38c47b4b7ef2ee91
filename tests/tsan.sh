#!/bin/sh
# make tsan: berth built with ThreadSanitizer (build/tsan) checks and fixes a
# generated 600-file repository, the demo and the shared corpus on four
# threads, in every report format; any data race fails.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
BERTH=${BERTH:-$top/build/tsan/berth}
shared=${BERTH_SHARED:-$top/../shared}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export BERTH_THREADS=4 TSAN_OPTIONS="halt_on_error=1 exitcode=66"
cc -O2 -o "$tmp/gen" "$top/tests/bench/gen.c"
"$tmp/gen" "$tmp/mono" 500 100 20261127 >/dev/null
(cd "$tmp/mono" && git init -q && git add -A &&
	git -c user.name=tsan -c user.email=tsan@berth.invalid commit -q -m tsan)
set -- "$tmp/mono" "$top/examples/shop"
[ -d "$shared/corpus" ] && set -- "$@" "$shared/corpus"
for dir in "$@"; do
	for fmt in tty json sarif gnu codeclimate checkstyle junit github markdown; do
		rc=0
		"$BERTH" check --format "$fmt" "$dir" >/dev/null 2>"$tmp/err" || rc=$?
		if [ "$rc" -gt 2 ]; then
			cat "$tmp/err" >&2
			echo "tsan: berth check --format $fmt $dir ended with $rc"
			exit 1
		fi
	done
	rc=0
	(cd "$dir" && "$BERTH" fix --dry-run . >/dev/null 2>"$tmp/err") || rc=$?
	if [ "$rc" -gt 2 ]; then
		cat "$tmp/err" >&2
		echo "tsan: berth fix --dry-run $dir ended with $rc"
		exit 1
	fi
	echo "tsan clean: check (9 formats) and fix --dry-run on $dir"
done
