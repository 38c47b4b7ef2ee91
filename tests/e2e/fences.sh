#!/bin/sh
# The "never" arrows of docs/ARCHITECTURE.md, checked on the sources: the
# Makefile already compiles each part with only the include paths it may use,
# but a DEPS_ line added there would open a fence silently; this test keeps
# the rules that must never be opened.
#   core/ never includes cli/ or tui/ headers, nor curses
#   the parsers (core/dockerfile, core/compose) never include core/repo
#   the checks (core/checks) never include core/fix or core/report
#   cli/ never includes tui/ headers (the TUI is handed to cli_main)
set -eu
cd "$(dirname "$0")/../.."

fail=0
# folder of the header named $1 ("" when it is not one of ours)
where() {
	for d in core/*/ cli/ tui/; do
		[ -f "$d$1" ] && { printf '%s\n' "${d%/}"; return; }
	done
	printf '\n'
}

# forbid FROM_GLOB TO_FOLDER...: no file under FROM includes a header of TO
forbid() {
	from=$1
	shift
	for f in $(find $from -name '*.[ch]' | sort); do
		for h in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
			d=$(where "$h")
			for to in "$@"; do
				if [ "$d" = "$to" ]; then
					echo "FAIL: $f includes $h from $to" >&2
					fail=1
				fi
			done
		done
	done
}

forbid core cli tui
forbid core/dockerfile core/repo
forbid core/compose core/repo
forbid core/checks core/fix core/report
forbid cli tui

# curses stays in the TUI
if grep -rln '#[[:space:]]*include[[:space:]]*<n\{0,1\}curses' core cli >/dev/null 2>&1; then
	grep -rln '#[[:space:]]*include[[:space:]]*<n\{0,1\}curses' core cli | sed 's/^/FAIL: curses included by /' >&2
	fail=1
fi

# the test itself must see every part: a renamed folder would make it vacuous
for d in core/util core/dockerfile core/compose core/checks core/repo core/fix core/report cli tui; do
	[ -d "$d" ] || { echo "FAIL: $d is missing: update tests/e2e/fences.sh" >&2; fail=1; }
done
[ "$(where repo.h)" = core/repo ] || { echo "FAIL: repo.h not found in core/repo" >&2; fail=1; }

[ $fail -eq 0 ] && echo "fences: core/ sees no cli/ or tui/, parsers no repo/, checks no fix/ or report/"
exit $fail
