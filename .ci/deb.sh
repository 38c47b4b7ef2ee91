#!/usr/bin/env bash
# CI: the Debian package on a clean Debian 12 root.
#   .ci/deb.sh ROOT
# ROOT is a bootstrapped Debian 12 tree (debootstrap bookworm ROOT) whose
# apt sources work. Builds the .deb with `make deb` when build/deb holds
# none, installs it in ROOT with apt (so apt resolves its Depends,
# libgit2-1.5 included), then runs the installed /usr/bin/berth there:
# --version, `berth check` on the demo (examples/shop) as a plain folder and
# as a git repository (`--since HEAD` makes berth dlopen libgit2: the
# declared dependency must be there), and `man berth` when man is present.
# Mounts /proc in ROOT only while it runs (unmounted by the trap).
set -euo pipefail
cd "$(dirname "$0")/.."

root=${1:?usage: .ci/deb.sh ROOT (a clean Debian 12 root)}
root=$(cd "$root" && pwd)
[ -x "$root/usr/bin/apt-get" ] || { echo "deb.sh: $root is not a Debian root (no apt-get)" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "deb.sh: chroot needs root" >&2; exit 2; }

deb=$(ls build/deb/berth_*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$deb" ]; then
	make deb
	deb=$(ls build/deb/berth_*.deb | head -n 1)
fi
echo "== $deb =="
dpkg-deb -f "$deb" Package Version Depends

mounted=
work=$root/tmp/berth-deb-test
cleanup() {
	rm -rf "$work"
	if [ -n "$mounted" ]; then umount "$root/proc" || umount -l "$root/proc"; fi
}
trap cleanup EXIT INT TERM
if ! mountpoint -q "$root/proc"; then
	mount -t proc proc "$root/proc"
	mounted=1
fi
# apt in the root needs names resolved as the host resolves them
[ -s "$root/etc/resolv.conf" ] || cp /etc/resolv.conf "$root/etc/resolv.conf"

rm -rf "$work"
mkdir -p "$work"
cp "$deb" "$work/"
cp -R examples/shop "$work/shop"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }

echo "== apt-get install the package in $root =="
in_root apt-get update -q
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	"/tmp/berth-deb-test/$(basename "$deb")"
in_root dpkg -s berth | grep -q '^Status: install ok installed' || { echo "deb.sh: berth is not installed" >&2; exit 1; }
for dep in libgit2-1.5 libyaml-0-2 libncursesw6; do
	in_root dpkg -s "$dep" >/dev/null 2>&1 || { echo "deb.sh: $dep was not installed with berth" >&2; exit 1; }
done

echo "== berth --version =="
version=$(in_root /usr/bin/berth --version)
echo "$version"
[ "$version" = "berth $(dpkg-deb -f "$deb" Version | sed 's/-[^-]*$//')" ] || { echo "deb.sh: unexpected version: $version" >&2; exit 1; }

echo "== berth check on the demo (a plain folder) =="
rc=0
in_root sh -c 'cd /tmp/berth-deb-test/shop && /usr/bin/berth check .' >"$work/out" 2>&1 || rc=$?
cat "$work/out"
# the demo has findings (exit 1); 2 would be berth refusing to run
[ "$rc" -eq 1 ] || { echo "deb.sh: berth check exited $rc, expected 1 (findings)" >&2; exit 1; }
grep -q 'files checked' "$work/out" || { echo "deb.sh: no summary in the report" >&2; exit 1; }
in_root /usr/bin/berth check --format json /tmp/berth-deb-test/shop >"$work/json" || true
grep -q '"summary": {"files": 4,' "$work/json" || { echo "deb.sh: no JSON report of 4 files" >&2; exit 1; }

echo "== berth check --since HEAD on the demo as a git repository (libgit2 loaded at run time) =="
git -C "$work/shop" init -q
git -C "$work/shop" add -A
git -C "$work/shop" -c user.name=ci -c user.email=ci@localhost commit -q -m demo
rc=0
in_root sh -c 'cd /tmp/berth-deb-test/shop && /usr/bin/berth check --since HEAD .' >"$work/out" 2>&1 || rc=$?
cat "$work/out"
[ "$rc" -eq 0 ] || { echo "deb.sh: berth check --since HEAD exited $rc, expected 0 (nothing changed)" >&2; exit 1; }
grep -q 'only lines changed since HEAD' "$work/out" || { echo "deb.sh: --since did not run" >&2; exit 1; }

echo "== the man page and the themes are installed =="
for f in /usr/share/man/man1/berth.1.gz /usr/share/berth/themes/default.yaml; do
	[ -f "$root$f" ] || { echo "deb.sh: $f is missing" >&2; exit 1; }
done
echo "deb.sh: ok"
