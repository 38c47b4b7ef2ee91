#!/bin/sh
# What .berth.yaml and the pragmas do to a real `berth check`: ignore,
# severity, paths.exclude and fail-on from the config; `# berth ignore=` and
# `# hadolint ignore=` above the line a finding points at. Suppressed findings
# stay in the JSON ("suppressed": true) and their item is "ignored".
set -u
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-apply.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "config_apply.sh: $*" >&2; [ -f "$tmp/out" ] && cat "$tmp/out" >&2; exit 1; }

repo=$tmp/repo
mkdir -p "$repo/vendor/lib"
cat >"$repo/Dockerfile" <<'DOCKERFILE'
# hadolint ignore=DL3007
FROM python:latest
# berth ignore=size.no-install-recommends  curl only, reviewed
RUN apt-get update && apt-get install -y curl
CMD python app.py
DOCKERFILE
printf 'FROM alpine:latest\n' >"$repo/vendor/lib/Dockerfile"
cat >"$repo/.berth.yaml" <<'CONFIG'
fail-on: error
ignore: [sec.minimal-base]
severity: {corr.production-cmd: info}
paths:
  exclude: ["vendor/**"]
CONFIG
git -C "$repo" init -q && git -C "$repo" add -A || fail "git failed"

check() { (cd "$repo" && "$BERTH" check "$@" .) >"$tmp/out" 2>"$tmp/err"; }
status_is() {
	grep -Eq "\"$1\": *\"$2\"" "$tmp/out" || fail "$1 is not $2"
}

check --format json
rc=$?
[ "$rc" -eq 0 ] || fail "exit $rc with fail-on: error and every error suppressed"
status_is sec.pinned-base ignored               # hadolint ignore=DL3007 above FROM
status_is size.no-install-recommends ignored    # berth ignore= above the RUN
status_is sec.minimal-base ignored              # config ignore
status_is corr.production-cmd pass              # severity: info
status_is size.apt-lists-cleaned fail           # untouched
status_is sec.non-root fail
n=$(grep -Ec '"suppressed": *true' "$tmp/out")
[ "$n" -ge 3 ] || fail "expected at least 3 suppressed findings in the JSON, got $n"
grep -q 'vendor/' "$tmp/out" && fail "paths.exclude did not exclude vendor/**"

# --fail-on beats the config; the ignored ones still do not count.
check --format gnu --fail-on warning
[ $? -eq 1 ] || fail "--fail-on warning did not exit 1 on the warnings left"
grep -q '\[sec.non-root\]' "$tmp/out" || fail "gnu output lacks the sec.non-root warning"

# Without the pragma the finding is back.
sed -i '/berth ignore=/d' "$repo/Dockerfile"
check --format json
status_is size.no-install-recommends fail
echo "config_apply.sh: config and pragmas applied as specified"
