#!/bin/sh
# Issue 14: `berth fix` opens the repository and its config as `check` does
# (.berth.yaml, .hadolint.yaml, --config, --hadolint-config): an item check
# reports as ignored is never fixed, and the items it reports as failing are.
set -u
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-fixcfg.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "fix_config.sh: $*" >&2; for f in out err patch; do [ -f "$tmp/$f" ] && cat "$tmp/$f" >&2; done; exit 1; }
export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp"

repo=$tmp/repo
mkdir -p "$repo/sub"
cat >"$repo/Dockerfile" <<'DOCKERFILE'
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y curl
COPY . /app
CMD ["/app/run"]
DOCKERFILE
cp "$repo/Dockerfile" "$repo/sub/Dockerfile"
git -C "$repo" init -q && git -C "$repo" add -A || fail "git failed"

status() { grep -Eq "\"$1\": *\"$2\"" "$tmp/out" || fail "check: $1 is not $2"; }
# what `fix --dry-run --level review` patches (--no-install-recommends is a review fix): the item keys
# named in its stderr notes are not stable, so look at the patch
fix() { (cd "$repo" && "$BERTH" fix --dry-run --level review "$@") >"$tmp/patch" 2>"$tmp/err" || fail "fix exited $?"; }

# Without a config, both items fail and fix mends both.
(cd "$repo" && "$BERTH" check --format json Dockerfile) >"$tmp/out" 2>"$tmp/err"
status size.no-install-recommends fail
status size.apt-lists-cleaned fail
fix Dockerfile
grep -q '^+.*--no-install-recommends' "$tmp/patch" || fail "no --no-install-recommends without a config"
grep -q '^+.*rm -rf /var/lib/apt/lists' "$tmp/patch" || fail "no apt lists cleaning without a config"

# .hadolint.yaml ignores DL3015 (size.no-install-recommends), .berth.yaml ignores size.apt-lists-cleaned.
printf 'ignored:\n  - DL3015\n' >"$repo/.hadolint.yaml"
printf 'ignore:\n  - size.apt-lists-cleaned\n' >"$repo/.berth.yaml"
(cd "$repo" && "$BERTH" check --format json Dockerfile) >"$tmp/out" 2>"$tmp/err"
status size.no-install-recommends ignored
status size.apt-lists-cleaned ignored
fix Dockerfile
grep -q 'no-install-recommends' "$tmp/patch" && fail "fix added --no-install-recommends, which .hadolint.yaml ignores"
grep -q 'apt/lists' "$tmp/patch" && fail "fix cleaned the apt lists, which .berth.yaml ignores"
# run from a subfolder on a file there: the root's config still holds, as for check
(cd "$repo/sub" && "$BERTH" fix --dry-run --level review Dockerfile) >"$tmp/patch" 2>"$tmp/err" || fail "fix in sub exited $?"
grep -q 'no-install-recommends\|apt/lists' "$tmp/patch" && fail "fix from a subfolder ignored the root's configs"

# --config and --hadolint-config name other files, as for check; the root's are then not read.
mv "$repo/.hadolint.yaml" "$tmp/hadolint.yaml"
mv "$repo/.berth.yaml" "$tmp/berth.yaml"
(cd "$repo" && "$BERTH" check --format json --config "$tmp/berth.yaml" --hadolint-config "$tmp/hadolint.yaml" Dockerfile) >"$tmp/out" 2>"$tmp/err"
status size.no-install-recommends ignored
status size.apt-lists-cleaned ignored
fix --config "$tmp/berth.yaml" --hadolint-config "$tmp/hadolint.yaml" Dockerfile
grep -q 'no-install-recommends\|apt/lists' "$tmp/patch" && fail "fix did not honour --config / --hadolint-config"
fix --hadolint-config "$tmp/hadolint.yaml" Dockerfile
grep -q 'no-install-recommends' "$tmp/patch" && fail "fix did not honour --hadolint-config"
grep -q '^+.*rm -rf /var/lib/apt/lists' "$tmp/patch" || fail "fix lost the apt lists cleaning (only hadolint's DL3015 is ignored)"

# A broken hadolint config stops fix as it stops check (exit 2).
printf 'ignored: [\n' >"$repo/.hadolint.yaml"
(cd "$repo" && "$BERTH" check Dockerfile) >/dev/null 2>&1
c=$?
(cd "$repo" && "$BERTH" fix --dry-run Dockerfile) >/dev/null 2>&1
f=$?
[ "$c" -eq 2 ] && [ "$f" -eq 2 ] || fail "a broken .hadolint.yaml: check exited $c, fix $f (both should be 2)"
echo "fix_config.sh: ok"
