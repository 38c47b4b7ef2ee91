#!/bin/sh
# Runs every cmocka unit binary given as arguments, then every end-to-end
# script in tests/e2e/ (each one test). Counts tests from cmocka's summary
# lines and ends with "N passed, N failed, N skipped". Exit status 1 when
# anything failed; a skip is not a failure.
# A test that cannot check what it promises because something is absent
# (../shared, a tool the Quick start does not install) says why on a
# "skipped: X is not installed" line and skips: cmocka's skip() in a unit,
# exit status 77 (SKIP_STATUS, automake's convention) in an e2e script. It
# runs every check it can first, so a failure there still fails.
SKIP_STATUS=77
passed=0
failed=0
skipped=0
failed_names=""
skipped_names=""
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
	s=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	[ "$s" -gt 0 ] && skipped_names="$skipped_names $(basename "$bin")"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		# crashed or aborted before its summary
		failed=$((failed + 1))
	fi
	[ "$rc" -ne 0 ] && failed_names="$failed_names $(basename "$bin")"
done
for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	out=$(sh "$t" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	if [ "$rc" -eq 0 ]; then
		echo "[  PASSED  ] e2e $(basename "$t")"
		passed=$((passed + 1))
	elif [ "$rc" -eq "$SKIP_STATUS" ]; then
		echo "[  SKIPPED ] e2e $(basename "$t")"
		skipped=$((skipped + 1))
		skipped_names="$skipped_names $(basename "$t")"
	else
		echo "[  FAILED  ] e2e $(basename "$t") (exit $rc)"
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
[ -n "$skipped_names" ] && echo "skipped:$skipped_names"
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
