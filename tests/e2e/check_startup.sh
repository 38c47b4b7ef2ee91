#!/bin/sh
# Start-up costs berth avoids (README "Performance"): a check of one named
# file never loads libgit2; a folder check loads it, and libgit2's mbedTLS
# start-up binds its CA-bundle loader to berth's empty one (tui/nocerts.c),
# so the system bundle is never parsed. Checked through the dynamic loader's
# own trace (LD_DEBUG), which needs no extra tool.
set -eu
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-startup.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "check_startup.sh: $*" >&2; exit 1; }
export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp"

mkdir -p "$tmp/repo/svc"
printf 'FROM alpine:3.19.1\nUSER 1000\nCMD ["true"]\n' > "$tmp/repo/svc/Dockerfile"
git -C "$tmp/repo" init -q
git -C "$tmp/repo" add -A
git -C "$tmp/repo" -c user.name=t -c user.email=t@berth.invalid commit -q -m init

# one named file: libgit2 is never opened
(cd "$tmp/repo" && LD_DEBUG=files "$BERTH" check svc/Dockerfile) >/dev/null 2>"$tmp/one" || true
grep -q "file=libgit2" "$tmp/one" && fail "a check of one file loaded libgit2"
grep -q "file=libyaml" "$tmp/one" || fail "LD_DEBUG gave no trace here (the check above proves nothing)"

# a folder: libgit2 is loaded, and its certificate loader is berth's
(cd "$tmp/repo" && LD_DEBUG=files,bindings "$BERTH" check .) >/dev/null 2>"$tmp/dir" || true
grep -q "file=libgit2" "$tmp/dir" || fail "a folder check did not load libgit2"
lib=$(sed -n 's/.*file=\(\/[^ ]*libgit2[^ ]*\).*/\1/p' "$tmp/dir" | head -n 1)
if [ -n "$lib" ] && ldd "$lib" 2>/dev/null | grep -q mbedx509; then
	echo "libgit2: $lib"
	grep "symbol \`mbedtls_x509_crt_parse_file'" "$tmp/dir" | grep "libgit2" | grep -q "to $BERTH \[" ||
		fail "libgit2's mbedtls_x509_crt_parse_file is not bound to berth's"
	grep -q "ca-certificates" "$tmp/dir" && fail "the CA bundle shows in the trace"
else
	echo "SKIP (part): this libgit2 ($lib) is not built on mbedTLS, nothing to bind"
fi
echo "check_startup.sh: ok"
