#!/bin/sh
# SARIF that GitHub code scanning accepts: Microsoft's SARIF Multitool
# (npm @microsoft/sarif-multitool, runs offline once installed) validates
# berth's SARIF for the demo repository and the shared corpus with no error.
# Where npm is not installed, or the registry cannot be reached, this says so
# and skips with exit 77 (issue 9: "where npm is available").
set -u
: "${BERTH:?BERTH must name the built binary}"
top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${BERTH_NPM_CACHE:-${TMPDIR:-/tmp}/berth-sarif-multitool}
if ! command -v npm >/dev/null 2>&1; then
	echo "sarif_multitool.sh: skipped: npm is not installed: SARIF Multitool validation not run"
	exit 77
fi
mkdir -p "$cache"
tool=$cache/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -x "$tool" ]; then
	if ! (cd "$cache" && timeout 300 npm install --no-audit --no-fund --silent @microsoft/sarif-multitool >/dev/null 2>&1); then
		echo "sarif_multitool.sh: skipped: npm could not install @microsoft/sarif-multitool (no registry?)"
		exit 77
	fi
	# npm does not run the package's postinstall (chmod) by default
	chmod u+x "$tool" 2>/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
validate() {
	rm -f "$tmp/log.sarif"
	"$BERTH" check --format sarif "$1" > "$tmp/out.sarif"
	rc=$?
	[ "$rc" -le 1 ] || { echo "berth check exited $rc on $1"; exit 1; }
	(cd "$cache" && timeout 300 npx --no-install sarif-multitool validate "$tmp/out.sarif" -o "$tmp/log.sarif") > "$tmp/log" 2>&1
	if grep -q ' error ' "$tmp/log" || ! grep -q 'Analysis completed successfully' "$tmp/log"; then
		cat "$tmp/log"
		echo "sarif_multitool.sh: the SARIF of $1 does not validate"
		exit 1
	fi
	echo "sarif_multitool.sh: $1 validates ($(grep -c ' warning ' "$tmp/log") warnings)"
}
validate "$top/examples/shop"
shared=${BERTH_SHARED:-$top/../shared}
if [ -d "$shared/corpus" ]; then
	validate "$shared/corpus"
else
	echo "sarif_multitool.sh: no shared corpus at $shared: only the demo was validated"
fi
