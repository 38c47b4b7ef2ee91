#!/bin/sh
# `berth check` exit codes (SPEC.md): 0 nothing at or above --fail-on, 1 some
# finding at or above it, 2 usage error, unreadable config, PATH not found;
# .berth.yaml's fail-on and its override by --fail-on; pragmas; which files a
# folder scan picks up in a git repository (tracked + untracked not ignored).
set -eu
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-check-exit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "check_exit.sh: $*" >&2; exit 1; }

# expect CODE ARGS...: run berth in $repo, expect exit CODE (output in $tmp/out, $tmp/err).
expect() {
	want=$1
	shift
	rc=0
	(cd "$repo" && "$BERTH" "$@") >"$tmp/out" 2>"$tmp/err" || rc=$?
	if [ "$rc" -ne "$want" ]; then
		cat "$tmp/out" "$tmp/err" >&2
		fail "berth $* exited $rc, expected $want"
	fi
}

repo=$tmp/repo
mkdir -p "$repo/clean/app" "$repo/warn" "$repo/bad" "$repo/ignored"
git -C "$repo" init -q

# passes every item (one of berth explain's good examples)
cat >"$repo/clean/Dockerfile" <<'DF'
# syntax=docker/dockerfile:1.7
FROM python:3.12.8-slim
WORKDIR /app
COPY requirements.txt ./
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -r requirements.txt
COPY app/ ./app/
USER 1000
CMD ["python", "-m", "app"]
DF
printf 'flask==3.0.3\n' >"$repo/clean/requirements.txt"
printf '' >"$repo/clean/app/__init__.py"
# warnings only: a minor tag and no USER
printf 'FROM alpine:3.19\nCMD ["true"]\n' >"$repo/warn/Dockerfile"
# an error: latest
printf 'FROM alpine:latest\nUSER 65534\nCMD ["true"]\n' >"$repo/bad/Dockerfile"
# ignored by git: never scanned as part of a folder
printf 'ignored/\n' >"$repo/.gitignore"
printf 'FROM alpine:latest\n' >"$repo/ignored/Dockerfile"
git -C "$repo" add clean warn .gitignore
git -C "$repo" -c user.name=t -c user.email=t@e commit -q -m init
# bad/ stays untracked but not ignored: scanned

expect 0 check clean
grep -q '1 file checked' "$tmp/out" || fail "clean: no summary"
expect 1 check warn
expect 0 check --fail-on error warn
expect 0 check --fail-on=error warn
expect 1 check --fail-on info warn
expect 1 check --fail-on error bad
expect 0 check --fail-on never bad
expect 1 check .
expect 0 check --fail-on never .

# the folder scan: tracked and untracked files, not the git-ignored one
expect 1 check --format gnu .
grep -q '^bad/Dockerfile:1:6: error: .*\[sec.pinned-base\]$' "$tmp/out" || fail "untracked bad/Dockerfile not scanned"
grep -q '^warn/Dockerfile:' "$tmp/out" || fail "warn/Dockerfile not scanned"
if grep -q '^ignored/' "$tmp/out"; then fail "a git-ignored file was scanned"; fi
# ...but a file named on the command line is always audited
expect 1 check ignored/Dockerfile
grep -q 'ignored/Dockerfile' "$tmp/out" || fail "named ignored file not audited"

# .berth.yaml at the root: fail-on, then --fail-on wins
printf 'fail-on: error\n' >"$repo/.berth.yaml"
expect 0 check warn
expect 1 check --fail-on warning warn
printf 'fail-on: never\n' >"$repo/.berth.yaml"
expect 0 check bad
expect 1 check --fail-on error bad
# from a subfolder the root's config still applies
rc=0
(cd "$repo/bad" && "$BERTH" check .) >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "the root .berth.yaml was not used from a subfolder (exit $rc)"
# --config FILE instead of .berth.yaml
printf 'fail-on: warning\n' >"$tmp/strict.yaml"
expect 1 check --config "$tmp/strict.yaml" warn
expect 1 check --config="$tmp/strict.yaml" warn
rm "$repo/.berth.yaml"

# ignore: a config ignore and a pragma suppress, and the file then passes
printf 'ignore: [sec.pinned-base, sec.non-root]\n' >"$tmp/ignore.yaml"
expect 0 check --config "$tmp/ignore.yaml" warn
printf '# berth ignore=sec.pinned-base\nFROM alpine:latest\nUSER 65534\nCMD ["true"]\n' >"$repo/bad/Dockerfile"
expect 0 check bad
expect 0 check --format json bad
grep -q '"suppressed": true' "$tmp/out" || fail "the suppressed finding is not in the JSON"
grep -q '"suppressed": 1' "$tmp/out" || fail "summary.suppressed is not 1"

# exit 2: usage errors, missing PATH, unreadable config; nothing on stdout
expect 2 check --format xml .
grep -q 'usage: berth check' "$tmp/err" || fail "no usage for a bad --format"
[ ! -s "$tmp/out" ] || fail "a report was printed for a usage error"
expect 2 check --fail-on fatal .
expect 2 check --no-such-option .
expect 2 check --format
expect 2 check does/not/exist
grep -q 'does/not/exist' "$tmp/err" || fail "missing PATH not named"
expect 2 check clean does/not/exist
expect 2 check --config "$tmp/none.yaml" .
[ ! -s "$tmp/out" ] || fail "a report was printed despite the missing config"

# -- ends the options
mkdir -p "$repo/-odd"
printf 'FROM alpine:latest\n' >"$repo/-odd/Dockerfile"
expect 1 check -- -odd
grep -q -- '-odd/Dockerfile' "$tmp/out" || fail "-- did not end the options"

# outside any repository: paths relative to the folder holding every PATH
plain=$tmp/plain
mkdir -p "$plain/a/x" "$plain/b"
printf 'FROM alpine:latest\n' >"$plain/a/x/Dockerfile"
printf 'FROM alpine:latest\n' >"$plain/b/Dockerfile"
rc=0
"$BERTH" check --format gnu "$plain/a/x/Dockerfile" "$plain/b" >"$tmp/out" 2>"$tmp/err" || rc=$?
[ "$rc" -eq 1 ] || { cat "$tmp/err" >&2; fail "two paths outside a repository: exit $rc"; }
grep -q '^a/x/Dockerfile:1:6: error:' "$tmp/out" || fail "a/x/Dockerfile not relative to the common folder"
grep -q '^b/Dockerfile:1:6: error:' "$tmp/out" || fail "b/Dockerfile not relative to the common folder"

# other commands
expect 0 --version
[ "$(cat "$tmp/out")" = "berth 0.1.0" ] || fail "--version printed '$(cat "$tmp/out")'"
expect 0 --help
expect 0 rules
expect 0 explain sec.non-root
expect 2 explain no.such-key
echo "check_exit.sh: ok"
