#!/bin/sh
# Colour and progress follow the terminal: colour only when stdout is a
# terminal and NO_COLOR is unset or empty; progress (files checked / total)
# only when stderr is a terminal, erased at the end; never on a pipe.
# A pseudo-terminal comes from script(1) (util-linux).
set -eu
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-check-tty.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "check_tty.sh: $*" >&2; exit 1; }
esc=$(printf '\033')

repo=$tmp/repo
mkdir -p "$repo/a" "$repo/b"
git -C "$repo" init -q
printf 'FROM alpine:latest\nCMD ["true"]\n' >"$repo/a/Dockerfile"
printf 'services:\n  web:\n    image: nginx:latest\n' >"$repo/b/compose.yaml"

# a pipe: no colour, no progress
rc=0
(cd "$repo" && "$BERTH" check . 2>&1 | cat) >"$tmp/pipe" || rc=$?
if grep -q "$esc" "$tmp/pipe"; then fail "an escape sequence went down a pipe"; fi
if grep -q 'checked [0-9]*/[0-9]*' "$tmp/pipe"; then fail "progress went down a pipe"; fi
grep -q 'a/Dockerfile:1:6: error:' "$tmp/pipe" || fail "no report on the pipe"

if ! command -v script >/dev/null 2>&1; then
	echo "check_tty.sh: skipped: script is not installed (util-linux): terminal behaviour not checked"
	exit 77
fi
# in_tty CMD: run CMD (a shell command line) with a terminal as stdin/stdout/stderr
in_tty() {
	(cd "$repo" && TERM=xterm script -qec "$1" /dev/null) </dev/null >"$tmp/tty" 2>&1 || true
}
q_berth=$(printf '%s' "$BERTH" | sed "s/'/'\\\\''/g")

# stdout a terminal, NO_COLOR unset: colour
in_tty "env -u NO_COLOR '$q_berth' check . 2>'$tmp/err1'"
grep -q "${esc}\[1;31merror" "$tmp/tty" || fail "no colour on a terminal"
grep -q 'a/Dockerfile' "$tmp/tty" || fail "no report on a terminal"
# NO_COLOR empty counts as unset (no-color.org)
in_tty "NO_COLOR= '$q_berth' check . 2>'$tmp/err2'"
grep -q "${esc}\[" "$tmp/tty" || fail "NO_COLOR='' turned colour off"
# NO_COLOR set: none
in_tty "NO_COLOR=1 '$q_berth' check . 2>'$tmp/err3'"
if grep -q "$esc" "$tmp/tty"; then fail "colour despite NO_COLOR=1"; fi
grep -q 'a/Dockerfile:1:6: error:' "$tmp/tty" || fail "no report with NO_COLOR"
# stderr was a file each time: no progress in it
for f in err1 err2 err3; do
	if grep -q 'checked' "$tmp/$f"; then fail "progress written to a file ($f)"; fi
done

# stderr a terminal, stdout a file: progress on the terminal, erased; the report plain
in_tty "env -u NO_COLOR '$q_berth' check . >'$tmp/report'"
grep -q 'checked [0-9]*/2 files' "$tmp/tty" || fail "no progress on a terminal"
grep -q "${esc}\[K" "$tmp/tty" || fail "progress line not erased"
if grep -q "$esc" "$tmp/report"; then fail "colour in a report written to a file"; fi
grep -q 'files checked' "$tmp/report" || fail "report missing"
echo "check_tty.sh: ok"
