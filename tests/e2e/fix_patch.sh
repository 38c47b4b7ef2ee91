#!/bin/sh
# `berth fix` on a multi-file repository: the dry-run patch is accepted by
# `git apply --check` at the repository root (new .dockerignore included),
# writes nothing, and gives the same tree as --write; after the fixes,
# `berth check` finds the automatically fixed items passing; usage errors
# exit 2; a refused (read-only) file exits 1 while the others are written.
set -eu
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-fix-patch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "fix_patch.sh: $*" >&2; exit 1; }

make_repo() {
	r=$1
	mkdir -p "$r/api" "$r/web"
	git -C "$r" init -q
	git -C "$r" config user.name berth-test
	git -C "$r" config user.email test@example.com
	cat >"$r/api/Dockerfile" <<'DF'
FROM python:3.11-slim
# system packages
RUN apt-get update
RUN apt-get install -y curl
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
EXPOSE 8000
CMD uvicorn app:main --host 0.0.0.0 --port 8000 --reload
DF
	echo flask >"$r/api/requirements.txt"
	echo 'print("hi")' >"$r/api/app.py"
	printf 'FROM node:20.11.1-alpine3.19\r\nWORKDIR /srv\r\nCOPY . .\r\nRUN npm ci\r\nEXPOSE 3000\r\nCMD ["node", "server.js"]\r\n' >"$r/web/Dockerfile"
	echo '{}' >"$r/web/package.json"
	printf 'node_modules\n' >"$r/web/.dockerignore"
	cat >"$r/compose.yaml" <<'YML'
services:
  api:
    build: ./api
    ports:
      - "8000:8000"
  # the cache
  cache:
    image: redis:7.2.4-alpine
YML
	git -C "$r" add -A
	git -C "$r" commit -qm init
}

repo=$tmp/repo
make_repo "$repo"
(cd "$repo" && git status --porcelain) >"$tmp/before-status"

# dry run (the default mode; --level review adds the review fixes): a patch on stdout, nothing written
(cd "$repo" && "$BERTH" fix --level review) >"$tmp/patch" 2>"$tmp/err" || fail "dry run exited $? ($(cat "$tmp/err"))"
# every fix's note on stderr, withheld ones included (the api service builds an image without facts:
# read_only is held for it); python's facts name its user tool: a system user, at review
grep -q '^compose.yaml:[0-9]*: \[compose.read-only\] review: .*withheld for api: ' "$tmp/err" || fail "no withheld note for api's read_only"
grep -q '^api/Dockerfile:[0-9]*: \[sec.non-root\] review: runs as app (a system user, no fixed ids)' "$tmp/err" || fail "no review note for sec.non-root"
grep -q '^api/Dockerfile:[0-9]*: \[size.no-install-recommends\] review: ' "$tmp/err" || fail "no review note"
(cd "$repo" && git status --porcelain) >"$tmp/after-status"
cmp -s "$tmp/before-status" "$tmp/after-status" || fail "the dry run changed the work tree"
grep -q '^diff --git a/api/Dockerfile b/api/Dockerfile$' "$tmp/patch" || fail "no patch for api/Dockerfile"
grep -q '^diff --git a/compose.yaml b/compose.yaml$' "$tmp/patch" || fail "no patch for compose.yaml"
grep -q '^new file mode 100644$' "$tmp/patch" || fail "no new .dockerignore in the patch"
grep -q '^--- /dev/null$' "$tmp/patch" || fail "the new file is not from /dev/null"
grep -q '^+++ b/api/.dockerignore$' "$tmp/patch" || fail "no api/.dockerignore created"
(cd "$repo" && git apply --check "$tmp/patch") || fail "git apply --check refused the patch"

# the same patch applied equals --write
cp -R "$repo" "$tmp/applied"
(cd "$tmp/applied" && git apply "$tmp/patch") || fail "git apply failed"
(cd "$repo" && "$BERTH" fix --level review --write) >"$tmp/out" 2>"$tmp/err" || fail "--write exited $? ($(cat "$tmp/err"))"
grep -q '\[compose.read-only\] review: .*withheld for api: ' "$tmp/err" || fail "--write printed no notes"
for f in api/Dockerfile api/.dockerignore web/Dockerfile web/.dockerignore compose.yaml; do
	cmp -s "$repo/$f" "$tmp/applied/$f" || fail "$f differs between --write and the applied patch"
done
grep -q "$(printf '\r')" "$repo/web/Dockerfile" || fail "web/Dockerfile lost its CRLF line endings"

# fixed again: nothing left to fix automatically
(cd "$repo" && "$BERTH" fix --level review) >"$tmp/patch2" 2>/dev/null || fail "second dry run failed"
[ ! -s "$tmp/patch2" ] || { cat "$tmp/patch2" >&2; fail "fixing again changes something"; }

# berth check: the automatic items now pass
(cd "$repo" && "$BERTH" check --format json) >"$tmp/json" 2>/dev/null || true
for key in perf.single-apt-layer size.no-install-recommends size.apt-lists-cleaned \
	perf.cache-mounts corr.syntax-directive corr.production-cmd compose.no-new-privileges compose.restart; do
	grep -q "\"$key\": \"fail\"" "$tmp/json" && fail "$key still fails after the fixes"
done

# --only limits the fixes
repo2=$tmp/repo2
make_repo "$repo2"
(cd "$repo2" && "$BERTH" fix --only compose.restart) >"$tmp/patch3" 2>/dev/null || fail "--only failed"
grep -q '^diff --git' "$tmp/patch3" || fail "--only gave no patch"
[ "$(grep -c '^diff --git' "$tmp/patch3")" -eq 1 ] || fail "--only compose.restart touched more than compose.yaml"
grep -q '^+    restart: unless-stopped$' "$tmp/patch3" || fail "--only compose.restart did not add restart"

# usage errors: exit 2, nothing written
for args in "--bogus" "--only no.such-item" "--set novalue" "--write --dry-run" "--level bogus" \
	"--set limits.mem=1G" "--set limits.cpus=abc" "--set limits.cpus=0" "--set limits.memory=lots"; do
	rc=0
	# shellcheck disable=SC2086
	(cd "$repo2" && "$BERTH" fix $args) >/dev/null 2>&1 || rc=$?
	[ "$rc" -eq 2 ] || fail "berth fix $args exited $rc, expected 2"
done
(cd "$repo2" && git status --porcelain) | grep -q . && fail "a usage error wrote something"

# --set gives a value: the pinned tag
(cd "$repo2" && "$BERTH" fix --level review --only sec.pinned-base,compose.pinned-image --set pin.python=3.12.2-slim) \
	>"$tmp/patch4" 2>/dev/null || fail "--set failed"
grep -q '^+FROM python:3.12.2-slim$' "$tmp/patch4" || fail "--set pin.python did not pin the image"
# a pin that swaps the variant is withheld and says why
(cd "$repo2" && "$BERTH" fix --level review --only sec.pinned-base --set pin.python=3.12.2-alpine) \
	>"$tmp/patch5" 2>"$tmp/err5" || fail "--set (variant) failed"
[ ! -s "$tmp/patch5" ] || fail "a pin changing the variant was applied"
grep -q '\[sec.pinned-base\] withheld: .*changes the variant' "$tmp/err5" || fail "no note for the withheld pin"
# a fix waiting for a value names the --set that enables it
(cd "$repo2" && "$BERTH" fix --only sec.pinned-base) >/dev/null 2>"$tmp/err6" || fail "value-less run failed"
grep -q '\[sec.pinned-base\] review: needs a value: --set pin.python=' "$tmp/err6" || fail "no --set hint"

# a read-only file is refused (exit 1), the others are still written
chmod 0444 "$repo2/web/Dockerfile"
rc=0
(cd "$repo2" && "$BERTH" fix --write) >/dev/null 2>"$tmp/err" || rc=$?
[ "$rc" -eq 1 ] || fail "--write with a read-only file exited $rc, expected 1"
grep -q 'web/Dockerfile' "$tmp/err" || fail "the refusal does not name web/Dockerfile"
grep -q 'rm -rf /var/lib/apt/lists' "$repo2/api/Dockerfile" || fail "api/Dockerfile was not written beside the refusal"
echo "fix_patch.sh: ok"
