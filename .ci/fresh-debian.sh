#!/usr/bin/env bash
# CI stage: the README's Quick start on a fresh Debian 12, exactly as a new
# user runs it. A minimal Debian 12 (bookworm) root made with debootstrap,
# a clean clone of this checkout's HEAD in it (git clone, never the working
# files), and inside it, as root with no terminal:
#
#   BERTH_DEMO_CHECK=1 sh examples/demo.sh    (installs what is missing, builds, checks the demo)
#   make test
#
# Either one failing fails the stage. The root is the "minbase" variant
# (only Essential and required packages): anything the suite needs that is
# not in it must be installed by the demo's set-up, or its test must say
# "skipped: X is not installed", and X must be one of the tools the README
# says the set-up leaves out (groff, man, npm): a skip for any other one
# fails the stage too. The mirror is the one this machine's own apt uses.
#
# Cache (where the machine keeps it, $BERTH_CI_CACHE): the bootstrapped root as
# a tarball keyed by the day, so debootstrap runs once a day; and apt's
# downloaded packages, so the demo's apt-get install does not fetch them
# again. Neither changes what is tested: the root is untouched by any run,
# apt still resolves and installs every package.
#
#   BERTH_CI_CACHE=DIR     the cache folder (default /var/cache/berth-ci)
#   BERTH_CI_MIRROR=URL    a Debian mirror instead of the machine's own
#   BERTH_CI_KEEP=1        keep the root (build/fresh-debian/root) afterwards
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
SUITE=bookworm
VARIANT=minbase
cache=${BERTH_CI_CACHE:-/var/cache/berth-ci}
work=$top/build/fresh-debian
root=$work/root
# the day is the cache key: a new root every day, at most one bootstrap a day
today=$(date -u +%Y-%m-%d)
tarball=$cache/debian-$SUITE-$VARIANT-$today.tar.gz

log() { printf '== fresh Debian: %s\n' "$*"; }
die() { printf 'fresh Debian: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot, mount)"

# The mirror of this machine's own apt, read at run time: the first Debian
# source (deb822 .sources files, then the one-line sources.list) whose suite
# is a release, not -security, -updates or -backports.
mirror_of_host() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
			function flush() {
				if (uris != "" && types ~ /(^| )deb( |$)/ && suites ~ /(^| )[a-z]+( |$)/) { split(uris, u, " "); print u[1]; found = 1; exit }
				uris = ""; suites = ""; types = ""
			}
			/^[ \t]*$/ { flush(); next }
			tolower($1) == "uris:" { $1 = ""; uris = $0; sub(/^ +/, "", uris) }
			tolower($1) == "suites:" { $1 = ""; suites = $0 }
			tolower($1) == "types:" { $1 = ""; types = $0 }
			END { if (!found) flush() }
		' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		# deb [options] URI SUITE COMPONENTS...
		sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" | awk '$1 == "deb" && $3 ~ /^[a-z]+$/ { print $2 }'
	done
}
mirror=${BERTH_CI_MIRROR:-$(mirror_of_host | head -n 1)}
[ -n "$mirror" ] || die "no Debian mirror found in /etc/apt/sources.list{,.d} (set BERTH_CI_MIRROR)"

# Mounts are undone by the trap, deepest first, whatever happened; the root
# is deleted only once nothing is mounted under it any more (a bind mount of
# a folder on the same file system would defeat rm --one-file-system).
mounts_under_root() { awk -v r="$root/" 'index($2, r) == 1 { print $2 }' /proc/mounts | sort -r; }
unmount_root() {
	local m
	for m in $(mounts_under_root); do
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
	done
	[ -z "$(mounts_under_root)" ] || { echo "fresh Debian: still mounted under $root:" $(mounts_under_root) >&2; return 1; }
}
remove_root() {
	[ -e "$root" ] || return 0
	unmount_root || return 1
	rm -rf --one-file-system "$root"
}
cleanup() {
	local t=$SECONDS
	unmount_root || { echo "fresh Debian: not deleting $root" >&2; return; }
	if [ "${BERTH_CI_KEEP:-}" != 1 ] && [ -e "$root" ]; then
		rm -rf --one-file-system "$root"
		log "root removed in $((SECONDS - t)) s"
	fi
}
trap 'exit 130' INT TERM
bind() {
	mkdir -p "$root$2"
	mount --bind "$1" "$root$2"
}

command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
start=$SECONDS
mkdir -p "$work" "$cache/archives/partial"
# two runs on one machine share the cache: the second waits for the first
# (fd 9 holds the lock; nothing run in the root inherits it)
exec 9>"$cache/lock"
flock 9
trap cleanup EXIT
# what a killed run left behind
remove_root || die "cannot remove the root a previous run left in $root"
if [ -f "$tarball" ]; then
	log "the cached root of $today"
	mkdir -p "$root"
	tar -C "$root" -xzf "$tarball"
else
	log "debootstrap --variant=$VARIANT $SUITE (no cached root for $today)"
	include=()
	case $mirror in https:*) include=(--include=ca-certificates) ;; esac
	debootstrap --variant="$VARIANT" "${include[@]}" "$SUITE" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 9>&- ||
		{ tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed (log: $work/debootstrap.log)"; }
	chroot "$root" apt-get clean 9>&-
	tar -C "$root" -czf "$tarball.part" .
	mv "$tarball.part" "$tarball"
	# yesterday's roots are of no use any more
	find "$cache" -maxdepth 1 -name "debian-$SUITE-$VARIANT-*.tar.gz" ! -name "$(basename "$tarball")" -delete
fi
log "root ready in $((SECONDS - start)) s"

# the machine's name resolution, so apt inside reaches the same mirror
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp /etc/hosts "$root/etc/hosts"
# a root thrown away at the end needs no fsync after every file dpkg unpacks
# (as Debian's own build chroots do); what gets installed is the same
echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/berth-ci-unsafe-io"
mkdir -p "$root/proc"
mount -t proc proc "$root/proc"
bind /dev /dev
bind /dev/pts /dev/pts
bind "$cache/archives" /var/cache/apt/archives

# a clean clone of HEAD: what is committed, nothing else
rev=$(git -C "$top" rev-parse HEAD)
git clone -q --no-local --no-checkout "$top" "$root/root/berth"
git -C "$root/root/berth" checkout -q --detach "$rev"
log "clone of $(git -C "$top" log -1 --format='%h %s' | cut -c1-72)"

# as root on a fresh machine: a login's PATH and HOME, no terminal, nothing else
in_root() {
	chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		HOME=/root CI=true /bin/sh -c "cd /root/berth && $1" </dev/null 9>&-
}

t=$SECONDS
log "BERTH_DEMO_CHECK=1 sh examples/demo.sh"
in_root "BERTH_DEMO_CHECK=1 sh examples/demo.sh" || die "the demo failed on a fresh Debian"
log "demo done in $((SECONDS - t)) s"

t=$SECONDS
log "make test"
in_root "make test" 2>&1 | tee "$work/make-test.log" || die "make test failed on a fresh Debian"
log "make test done in $((SECONDS - t)) s: $(tail -n 1 "$work/make-test.log")"
grep -E '^\[  SKIPPED \] e2e|skipped: ' "$work/make-test.log" | sed 's/^/  /' || true
# A test may skip for a tool the Quick start deliberately leaves out (the man
# page check, the SARIF validator, the schema and CommonMark validators: .ci/run
# installs them for its later stages); one that skips for any other tool shows
# a set-up that forgot it.
forgotten=$(sed -n 's/.*skipped: \([^ ]*\) is not installed.*/\1/p' "$work/make-test.log" | sort -u |
	grep -vxF -e groff -e man -e npm -e cmark -e cmark-gfm -e xmllint || true)
[ -z "$forgotten" ] || die "tests skipped for want of what the Quick start should install:" $forgotten
log "the README's two commands passed in $((SECONDS - start)) s"

# The Debian package (make deb, built before this script by .ci/run) on a
# second fresh root: installed with apt so its Depends must resolve, then run.
if [ -n "${BERTH_CI_DEB:-}" ]; then
	t=$SECONDS
	log "the Debian package on another fresh root"
	remove_root || die "cannot remove the root before the package test"
	mkdir -p "$root"
	tar -C "$root" -xzf "$tarball"
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	cp /etc/hosts "$root/etc/hosts"
	echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/berth-ci-unsafe-io"
	bind "$cache/archives" /var/cache/apt/archives
	bash "$top/.ci/deb.sh" "$root" 9>&- || die "the Debian package failed on a fresh Debian"
	log "package installed and run in $((SECONDS - t)) s"
fi
