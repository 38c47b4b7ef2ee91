#!/bin/sh
# A fix is verified against the file as the scan judged it: the repository's
# facts (build args a Compose file supplies, a .dockerignore finding reported
# once for Dockerfiles sharing a context) hold for the fixed text too, so a
# safe fix is never withheld as a "regression" the file had all along.
set -eu
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-fix-facts.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "fix_repo_facts.sh: $*" >&2; exit 1; }

repo=$tmp/repo
mkdir -p "$repo/ext" "$repo/svc"
git -C "$repo" init -q
# the Compose file supplies BASE: the ARG without default is info, not a fail
cat > "$repo/compose.yaml" <<'YML'
services:
  ext:
    build:
      context: ./ext
      args:
        BASE: python:3.12.8-slim
    image: acme/ext:1.0.0
    restart: unless-stopped
YML
cat > "$repo/ext/Dockerfile" <<'DF'
ARG BASE
FROM ${BASE}
RUN pip install requests==2.32.3
DF
# two Dockerfiles, one context (the root), no .dockerignore: one finding, at one of them
cat > "$repo/svc/api.Dockerfile" <<'DF'
FROM python:3.12.8-slim
RUN pip install flask==3.1.0
WORKDIR /app
COPY . .
USER nobody
CMD ["python", "-m", "flask", "run"]
DF
cat > "$repo/svc/worker.Dockerfile" <<'DF'
FROM python:3.12.8-slim
RUN pip install celery==5.4.0
WORKDIR /app
COPY . .
USER nobody
CMD ["celery", "worker"]
DF
echo 'print(1)' > "$repo/svc/api.py"
echo 'print(1)' > "$repo/svc/worker.py"
cat > "$repo/build.sh" <<'SH'
#!/bin/sh
docker build -f svc/api.Dockerfile -t acme/api:1.0.0 .
docker build -f svc/worker.Dockerfile -t acme/worker:1.0.0 .
SH
git -C "$repo" add -A
git -C "$repo" -c user.name=t -c user.email=t@example.com commit -q -m init

(cd "$repo" && "$BERTH" check --format json > "$tmp/check.json") || true
grep -q 'reported once' "$tmp/check.json" ||
	fail "the shared .dockerignore finding was not folded (the test's premise)"
(cd "$repo" && "$BERTH" fix --dry-run . > "$tmp/patch" 2> "$tmp/err") || true
grep -q 'withheld by verification' "$tmp/err" && { cat "$tmp/err" >&2; fail "a fix was withheld by verification"; }
for f in ext/Dockerfile svc/api.Dockerfile svc/worker.Dockerfile; do
	grep -q "^$f:[0-9]*: \[size.no-pkg-cache\] safe" "$tmp/err" || { cat "$tmp/err" >&2; fail "$f: no safe size.no-pkg-cache fix"; }
	grep -q "^+++ b/$f" "$tmp/patch" || fail "$f: not in the patch"
done
echo "fix_repo_facts.sh: ok"
