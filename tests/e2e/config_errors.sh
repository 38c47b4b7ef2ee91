#!/bin/sh
# A bad .berth.yaml (or --config FILE) stops `berth check` with exit 2 and one
# "FILE:LINE:COL: message" line on stderr; a good or empty one does not.
set -u
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-config.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "config_errors.sh: $*" >&2; exit 1; }

repo=$tmp/repo
mkdir -p "$repo"
printf 'FROM python:3.12.1-slim\nUSER app\nCMD ["python", "app.py"]\n' >"$repo/Dockerfile"
git -C "$repo" init -q || fail "git init failed"

# expect_error CONFIG_TEXT WANT [ARGS...]: with .berth.yaml = CONFIG_TEXT, exit 2 and stderr holds WANT.
expect_error() {
	printf '%b' "$1" >"$repo/.berth.yaml"
	want=$2
	shift 2
	(cd "$repo" && "$BERTH" check "$@" .) >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq 2 ] || { cat "$tmp/err"; fail "exit $rc, not 2, for: $want"; }
	grep -qF -- "$want" "$tmp/err" || { cat "$tmp/err"; fail "stderr lacks: $want"; }
	[ ! -s "$tmp/out" ] || fail "a report was printed despite the bad config ($want)"
}

expect_error 'fail-on: error\nfail_on: info\n' ".berth.yaml:2:1: unknown key 'fail_on'"
expect_error 'fail-on: fatal\n' ".berth.yaml:1:10: bad level 'fatal'"
expect_error 'paths:\n  exclude: ["ok/**", "src/[abc"]\n' ".berth.yaml:2:22: bad glob 'src/[abc': unbalanced '['"
expect_error 'ignore: [sec.nonroot]\n' ".berth.yaml:1:10: unknown item 'sec.nonroot' (did you mean 'sec.non-root'?)"
expect_error 'severity: [sec.non-root]\n' ".berth.yaml:1:11: 'severity' must be a mapping, found a list"
expect_error 'fix:\n  user: app\n  user: web\n' ".berth.yaml:3:3: duplicate key"
expect_error 'fail-on: error\n  bad: indent\n' ".berth.yaml:2:6: mapping values are not allowed"
# the --format is parsed too, the config is still what stops the run
expect_error 'compose-profile: staging\n' ".berth.yaml:1:18: bad compose-profile 'staging'" --format json

# --config FILE: its own path in the message; a missing file is exit 2 too.
printf '' >"$repo/.berth.yaml"
printf 'ignore:\n  - sec.non-root\n  - DL3002\n' >"$tmp/team.yaml"
(cd "$repo" && "$BERTH" check --config "$tmp/team.yaml" .) >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "--config with a bad file did not exit 2"
grep -qF "$tmp/team.yaml:3:5: unknown item 'DL3002' (a hadolint id; the berth item is 'sec.non-root')" "$tmp/err" ||
	{ cat "$tmp/err"; fail "--config error message"; }
(cd "$repo" && "$BERTH" check --config "$tmp/none.yaml" .) >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "--config with a missing file did not exit 2"
grep -qF "none.yaml" "$tmp/err" || fail "missing config not named"

# An empty config and a full valid one run normally (0 or 1, never 2).
for cfg in '' '# nothing yet\n' 'fail-on: never\ncompose-profile: development\nignore: [sec.minimal-base]\npaths: {exclude: ["vendor/**"]}\nseverity: {sec.healthcheck: info}\nfix: {user: app, workdir: /app, pin: {python: 3.12.1-slim}, limits: {cpus: "1", memory: 512M}}\n'; do
	printf '%b' "$cfg" >"$repo/.berth.yaml"
	(cd "$repo" && "$BERTH" check .) >/dev/null 2>"$tmp/err"
	rc=$?
	[ "$rc" -le 1 ] || { cat "$tmp/err"; fail "valid config rejected (exit $rc): $cfg"; }
done
# fail-on: never in the last one: never exit 1
[ "$rc" -eq 0 ] || fail "fail-on: never still exited $rc"
echo "config_errors.sh: positioned errors and exit codes as specified"
