#!/bin/sh
# `.berth.yaml` images: (and --config FILE's) add or correct image facts, and
# the facts change what `berth check` says: compose.healthcheck passes for an
# image whose facts give it a HEALTHCHECK of its own. A bad entry stops the
# run with exit 2 and its FILE:LINE:COL.
set -u
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-images.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "config_images.sh: $*" >&2; [ -f "$tmp/out" ] && cat "$tmp/out" >&2; exit 1; }

repo=$tmp/repo
mkdir -p "$repo"
cat >"$repo/compose.yaml" <<'COMPOSE'
services:
  app:
    image: ghcr.io/acme/app:1.0.0
  mail:
    image: axllent/mailpit:v1.21.8
COMPOSE
git -C "$repo" init -q && git -C "$repo" add -A || fail "git failed"

check() { (cd "$repo" && "$BERTH" check --format json "$@" .) >"$tmp/out" 2>"$tmp/err"; }
# hc_missing SERVICE: 0 when compose.healthcheck has a finding for SERVICE
hc_missing() { grep '"key": "compose.healthcheck"' "$tmp/out" | grep -q "\"service\": \"$1\""; }

# the built-in facts: mailpit's Dockerfile has a HEALTHCHECK; acme's image is unknown
check
hc_missing app || fail "no compose.healthcheck finding for an image berth knows nothing about"
hc_missing mail && fail "mailpit has its own HEALTHCHECK (built-in facts), yet a finding"

# .berth.yaml adds acme's image and corrects mailpit's entry
cat >"$repo/.berth.yaml" <<'CONFIG'
images:
  ghcr.io/acme/app:
    healthcheck: true
  axllent/mailpit:
    healthcheck: false
CONFIG
check
hc_missing app && fail ".berth.yaml images: gave ghcr.io/acme/app a HEALTHCHECK, still a finding"
hc_missing mail || fail ".berth.yaml images: took mailpit's HEALTHCHECK away, no finding"
grep -Eq '"compose.healthcheck": *"fail"' "$tmp/out" || fail "compose.healthcheck is not fail"

# --config FILE's images: instead of .berth.yaml's
printf 'images:\n  docker.io/acme/other: {port: 80}\n' >"$tmp/team.yaml"
check --config "$tmp/team.yaml"
hc_missing app || fail "--config replaces .berth.yaml: acme's image is unknown again"
hc_missing mail && fail "--config without a mailpit entry: its built-in HEALTHCHECK counts again"
printf 'images:\n  ghcr.io/acme/app: {healthcheck: true}\n' >"$tmp/team.yaml"
check --config "$tmp/team.yaml"
hc_missing app && fail "--config FILE's images: was not used"

# a bad entry: exit 2, the position, no report
printf 'fail-on: error\nimages:\n  ghcr.io/acme/app:\n    healthcheck: maybe\n' >"$repo/.berth.yaml"
check
rc=$?
[ "$rc" -eq 2 ] || fail "exit $rc, not 2, for a bad images: entry"
grep -qF ".berth.yaml:4:18: healthcheck: expected true or false, found 'maybe'" "$tmp/err" ||
	{ cat "$tmp/err" >&2; fail "stderr lacks the position of the bad value"; }
[ ! -s "$tmp/out" ] || fail "a report was printed despite the bad config"
echo "config_images.sh: images: adds and corrects facts; a bad entry is refused with its position"
