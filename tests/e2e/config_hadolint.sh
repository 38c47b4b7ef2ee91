#!/bin/sh
# Issue 9's promise: a repository that used hadolint keeps its `# hadolint
# ignore=` comments and its .hadolint.yaml, runs `berth check` (the file at
# the root is found; --hadolint-config names another), and gets no finding hadolint's config
# had silenced; override and failure-threshold steer severities and the exit.
set -u
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-hadolint.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "config_hadolint.sh: $*" >&2; [ -f "$tmp/out" ] && cat "$tmp/out" "$tmp/err" >&2; exit 1; }

repo=$tmp/repo
mkdir -p "$repo"
cat >"$repo/Dockerfile" <<'DOCKERFILE'
# hadolint ignore=DL3007
FROM python:latest
RUN apt-get update && apt-get install -y curl
USER app
CMD python app.py
DOCKERFILE
git -C "$repo" init -q && git -C "$repo" add -A || fail "git failed"

check() { (cd "$repo" && "$BERTH" check "$@") >"$tmp/out" 2>"$tmp/err"; }
status_is() { grep -Eq "\"$1\": *\"$2\"" "$tmp/out" || fail "$1 is not $2"; }

# Without the hadolint config, those findings are there.
check --format json .
[ $? -eq 1 ] || fail "expected findings without the hadolint config"
status_is size.apt-lists-cleaned fail
status_is size.no-install-recommends fail

cat >"$repo/.hadolint.yaml" <<'HADOLINT'
failure-threshold: error
ignored:
  - DL3008    # pin apt versions: berth has no counterpart
  - DL3009    # apt lists -> size.apt-lists-cleaned
  - DL3015    # --no-install-recommends -> size.no-install-recommends
  - SC2086
trustedRegistries:
  - docker.io
label-schema:
  owner: text
HADOLINT

# A .hadolint.yaml at the root is honoured as it is, with no option.
check --format json .
rc=$?
[ "$rc" -eq 0 ] || fail "exit $rc: .hadolint.yaml at the root was not picked up"
status_is size.apt-lists-cleaned ignored

check --format json --hadolint-config .hadolint.yaml .
rc=$?
[ "$rc" -eq 0 ] || fail "exit $rc: failure-threshold error and no error left"
status_is size.apt-lists-cleaned ignored
status_is size.no-install-recommends ignored
status_is sec.pinned-base ignored                # the comment, as before
grep -Eq '"suppressed": *false' "$tmp/out" || fail "no finding left unsuppressed (CMD shell form expected)"

# override: error turns the shell-form CMD (DL3025) into an error: exit 1.
printf 'override:\n  error: [DL3025]\n' >>"$repo/.hadolint.yaml"
check --format gnu --hadolint-config .hadolint.yaml .
[ $? -eq 1 ] || fail "override error + threshold error did not fail"
grep -q 'error: .*\[corr.production-cmd\]' "$tmp/out" || fail "corr.production-cmd not reported as error"

# failure-threshold: none never fails; a bad threshold is exit 2 with its position.
sed -i 's/^failure-threshold: error/failure-threshold: none/' "$repo/.hadolint.yaml"
check --hadolint-config .hadolint.yaml .
[ $? -eq 0 ] || fail "failure-threshold none still failed"
sed -i 's/^failure-threshold: none/failure-threshold: fatal/' "$repo/.hadolint.yaml"
check --hadolint-config .hadolint.yaml .
[ $? -eq 2 ] || fail "bad failure-threshold did not exit 2"
grep -q '.hadolint.yaml:1:20: bad level' "$tmp/err" || fail "bad threshold message lacks its position"
echo "config_hadolint.sh: hadolint's config and comments silence what they silenced"
