#!/bin/sh
# A hostile repository: berth must finish with one clear finding per bad
# file, in bounded time and memory, never follow a symlink out, never hang
# on a FIFO, and never let a control character from a file reach the
# terminal. Time and peak memory come from measure.c beside this script
# (built here with cc: a fresh Debian has no /usr/bin/time); the JSON is
# parsed with jq (the Quick start installs it) or python3.
set -eu
BERTH=${BERTH:?BERTH must name the binary}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'chmod -R u+rwX "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
${CC:-cc} -std=c11 -Wall -Wextra -Werror -O2 -o "$tmp/measure" "$here/measure.c"
repo=$tmp/repo
mkdir -p "$repo"
git init -q "$repo"
cd "$repo"

mkdir bin big line utf8 nul esc bomb deep link fifo crlf bom
head -c 3000 /dev/urandom > bin/Dockerfile
printf '\0\0\0' >> bin/Dockerfile
# 50 MB: must be refused by size without being read whole
{ printf 'FROM alpine:3.19.1\n'; head -c 52428800 /dev/zero | tr '\0' '#'; } > big/Dockerfile
{ printf 'FROM alpine:3.19.1\nRUN echo '; head -c 1048576 /dev/zero | tr '\0' 'a'; printf '\n'; } > line/Dockerfile
printf 'FROM alpine:3.19.1\nRUN echo "\377\376 caf\351"\nUSER 1000\n' > utf8/Dockerfile
printf 'FROM alpine:3.19.1\nRUN echo a\0b\n' > nul/Dockerfile
printf 'FROM alpine:3.19.1\033[2J\nRUN echo "\033]0;pwned\007\033[31mred"\nUSER root\033[0m\n' > esc/Dockerfile
printf 'FROM alpine:latest\n' > "esc/Dockerfile.$(printf '\033[31m')red"
printf 'services:\n  web:\n    image: "nginx:latest\033[5m"\n    environment:\n      NOTE: "\033]52;c;ZXZpbA==\007"\n' > esc/compose.yaml
cat > bomb/compose.yaml <<'YAML'
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
services:
  x:
    image: *i
YAML
{ printf 'services:\n  x: '; head -c 10000 /dev/zero | tr '\0' '['; head -c 10000 /dev/zero | tr '\0' ']'; printf '\n'; } > deep/compose.yaml
ln -s /etc/passwd link/Dockerfile
mkfifo fifo/Dockerfile
printf 'FROM alpine:3.19.1\r\nRUN apk add curl\r\nUSER 1000\r\n' > crlf/Dockerfile
printf '\357\273\277FROM alpine:3.19.1\nUSER 1000\n' > bom/Dockerfile

out=$tmp/out
set +e
"$tmp/measure" "$tmp/time" timeout 60 "$BERTH" check "$repo" > "$out" 2> "$tmp/err"
rc=$?
set -e
read -r wall rss <<EOF
$(tail -n 1 "$tmp/time")
EOF
echo "hostile repository: exit $rc, ${wall}s, peak RSS ${rss} KB"
cat "$tmp/err"
fail() { echo "FAIL: $*"; echo "--- output:"; head -c 4000 "$out" | cat -v; exit 1; }
[ "$rc" -eq 1 ] || fail "expected exit 1 (findings), got $rc"
awk "BEGIN{exit !($wall < 30)}" || fail "took ${wall}s"
[ "$rss" -lt 262144 ] || fail "peak RSS ${rss} KB"
# no raw control character (other than newline) in the tty report
if tr -d '\n' < "$out" | LC_ALL=C grep -q '[[:cntrl:]]'; then
	fail "raw control characters reached the output"
fi
grep -q 'root:x:0:0' "$out" && fail "content behind the symlink was read"
for f in bin/Dockerfile big/Dockerfile line/Dockerfile nul/Dockerfile esc/Dockerfile \
	esc/compose.yaml bomb/compose.yaml deep/compose.yaml link/Dockerfile crlf/Dockerfile; do
	grep -q "$f" "$out" || fail "$f is not in the report"
done
grep -q 'esc/Dockerfile.^\[\[31mred' "$out" || fail "the file name with an escape is not shown escaped"

# git lists no FIFO; named on the command line it is refused without blocking
set +e
timeout 20 "$BERTH" check fifo/Dockerfile > "$tmp/fifo" 2>&1
rc=$?
set -e
[ "$rc" -eq 1 ] || { cat "$tmp/fifo"; fail "FIFO: expected exit 1, got $rc"; }
grep -q 'fifo/Dockerfile' "$tmp/fifo" || fail "the FIFO is not reported"

# JSON stays valid whatever the bytes
"$BERTH" check --format json "$repo" > "$tmp/json" || true
if command -v jq >/dev/null 2>&1; then
	jq -e . "$tmp/json" >/dev/null || fail "invalid JSON (jq)"
elif command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/json" || fail "invalid JSON (python3)"
else
	json_unchecked=1
fi
for f in bomb/compose.yaml utf8/Dockerfile crlf/Dockerfile bom/Dockerfile; do
	grep -q "\"$f\"" "$tmp/json" || fail "$f missing from JSON"
done

# an unreadable file, as an unprivileged user (root reads everything)
plain=$tmp/plain
mkdir -p "$plain/locked"
printf 'FROM alpine:3.19.1\n' > "$plain/locked/Dockerfile"
chmod 000 "$plain/locked/Dockerfile"
chmod 755 "$tmp" "$plain" "$plain/locked"
unpriv_berth=$BERTH
if [ "$(id -u)" = 0 ]; then
	run_unpriv() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	# a clone in root's home (mode 700, as on a fresh Debian) is out of the
	# other user's reach: it runs a copy of the binary
	unpriv_berth=$tmp/berth
	cp "$BERTH" "$unpriv_berth"
	chmod 755 "$unpriv_berth"
else
	run_unpriv() { "$@"; }
fi
set +e
run_unpriv env HOME=/ timeout 20 "$unpriv_berth" check "$plain" > "$tmp/out2" 2>&1
rc=$?
set -e
[ "$rc" -eq 1 ] || { cat "$tmp/out2"; fail "unreadable file: expected exit 1, got $rc"; }
grep -q 'locked/Dockerfile' "$tmp/out2" || fail "the unreadable file is not reported"
if [ -n "${json_unchecked:-}" ]; then
	echo "hostile.sh: skipped: jq is not installed (nor python3): the JSON report is not parsed"
	exit 77
fi
echo "hostile repository handled"
