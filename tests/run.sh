#!/bin/sh
# Runs every cmocka unit binary given as arguments, then every end-to-end
# script in tests/e2e/ (each one test). Counts tests from cmocka's summary
# lines and ends with "N passed, N failed". Exit status 1 when anything failed.
# Tests that need ../shared say so and skip themselves when it is absent.
passed=0
failed=0
failed_names=""
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
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
