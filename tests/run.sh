#!/bin/sh
# Runs every cmocka unit binary given as arguments, then every end-to-end
# script in tests/e2e/ (each one test). Counts tests from cmocka's summary
# lines and ends with "N passed, N failed". Exit status 1 when anything failed.
# Tests that need ../shared say so and skip themselves when it is absent.
passed=0
failed=0
failed_names=""
# Under the sanitizers (make test SANITIZE=1) every report goes to a file in
# $SANITIZER_LOGS: one from a berth that a script ran without looking at its
# exit status (or its stderr) still fails the run. The folder is writable by
# all: one script runs berth as another user.
if [ -n "${SANITIZER_LOGS:-}" ]; then
	rm -rf "$SANITIZER_LOGS"
	mkdir -p "$SANITIZER_LOGS"
	chmod 1777 "$SANITIZER_LOGS"
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$SANITIZER_LOGS/asan"
	export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$SANITIZER_LOGS/ubsan"
fi
for bin in "$@"; do
	out=$("$bin" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		# crashed or aborted before its summary
		failed=$((failed + 1))
	fi
	[ "$rc" -ne 0 ] && failed_names="$failed_names $(basename "$bin")"
done
for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	if out=$(sh "$t" 2>&1); then
		printf '%s\n' "$out"
		echo "[  PASSED  ] e2e $(basename "$t")"
		passed=$((passed + 1))
	else
		printf '%s\n' "$out"
		echo "[  FAILED  ] e2e $(basename "$t")"
		failed=$((failed + 1))
		failed_names="$failed_names $(basename "$t")"
	fi
done
if [ -n "${SANITIZER_LOGS:-}" ] && [ -n "$(ls -A "$SANITIZER_LOGS" 2>/dev/null)" ]; then
	for log in "$SANITIZER_LOGS"/*; do
		echo "---- sanitizer report $log ----"
		cat "$log"
	done
	echo "[  FAILED  ] sanitizer reports: $(ls "$SANITIZER_LOGS" | wc -l)"
	failed=$((failed + 1))
	failed_names="$failed_names sanitizer-reports"
fi
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
