#!/bin/sh
# `make install PREFIX=/ DESTDIR=TMP` installs the binary, the themes and the
# man page (readable, no groff warnings); `make uninstall` removes them all.
# Without groff or man (not in a minimal Debian, not installed by the Quick
# start) the rendering is not checked and the test says it skipped.
set -u
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "install.sh: $*" >&2; exit 1; }
missing=""

# A plain release build whatever the outer make was asked for (SANITIZE=1, -j ...).
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s SANITIZE=0 PREFIX=/ DESTDIR="$tmp/root" "$@"; }

mk install >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "make install failed"; }
root=$tmp/root

[ -x "$root/bin/berth" ] || fail "bin/berth missing or not executable"
[ "$(stat -c %a "$root/bin/berth")" = 755 ] || fail "bin/berth mode is not 755"
out=$("$root/bin/berth" --version) || fail "installed berth --version failed"
case $out in *berth*[0-9].[0-9]*) ;; *) fail "unexpected --version output: $out" ;; esac

ls themes/*.yaml >/dev/null 2>&1 || fail "no themes/*.yaml in the source tree to install"
for t in themes/*.yaml; do
	f=$root/share/berth/themes/$(basename "$t")
	[ -f "$f" ] || fail "theme $f not installed"
	cmp -s "$t" "$f" || fail "theme $f differs from $t"
	[ "$(stat -c %a "$f")" = 644 ] || fail "$f mode is not 644"
done

man1=$root/share/man/man1/berth.1
[ -f "$man1" ] || fail "share/man/man1/berth.1 missing"
cmp -s docs/berth.1 "$man1" || fail "installed man page differs from docs/berth.1"
if command -v groff >/dev/null 2>&1; then
	groff -man -Tutf8 -ww "$man1" >"$tmp/man.txt" 2>"$tmp/man.err" || fail "groff failed"
	[ -s "$tmp/man.err" ] && { cat "$tmp/man.err"; fail "groff warnings in the man page"; }
	grep -q "hadolint-config" "$tmp/man.txt" || fail "rendered man page lacks --hadolint-config"
else
	missing="$missing groff"
fi
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man -l "$man1" >"$tmp/man2.txt" 2>/dev/null || fail "man -l failed"
	grep -q "EXIT STATUS" "$tmp/man2.txt" || fail "man -l output lacks EXIT STATUS"
else
	missing="$missing man"
fi

mk uninstall >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "make uninstall failed"; }
left=$(find "$root" -type f -o -type l)
[ -z "$left" ] || fail "left after uninstall: $left"
[ ! -e "$root/share/berth" ] || fail "share/berth left after uninstall"
echo "install.sh: installed and removed $(ls themes/*.yaml | wc -l) themes, binary and man page"
for tool in $missing; do
	echo "install.sh: skipped: $tool is not installed: the man page's rendering by $tool is not checked"
done
[ -z "$missing" ] || exit 77
