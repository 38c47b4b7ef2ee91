#!/bin/sh
# The integration files say valid things: every berth command line in
# docs/ci/*.yml and .pre-commit-hooks.yaml runs against a real repository with
# exit 0 or 1 (findings), never 2 (usage); the reports they write are not
# empty; the pre-commit `files` regex picks exactly berth's candidate names.
# (That the files are well-formed YAML is checked with libyaml in test_config.)
set -u
: "${BERTH:?BERTH must name the built binary}"
src=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-ci.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "ci_examples.sh: $*" >&2; exit 1; }

repo=$tmp/repo
mkdir -p "$repo/services/api" "$repo/docs"
cat >"$repo/services/api/Dockerfile" <<'DOCKERFILE'
FROM python:3.12
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD python app.py
DOCKERFILE
cat >"$repo/compose.yaml" <<'COMPOSE'
services:
  api:
    build: services/api
    image: shop/api:latest
COMPOSE
printf 'flask\n' >"$repo/services/api/requirements.txt"
git -C "$repo" init -q || fail "git init failed"
git -C "$repo" add -A || fail "git add failed"

# run_line FILE CMD: run one command line of FILE in the repository with $BERTH as berth.
ran=0
run_line() {
	cmd=$(printf '%s\n' "$2" | sed 's/^berth /"$BERTH" /')
	(cd "$repo" && sh -c "$cmd") >"$tmp/out" 2>"$tmp/err"
	rc=$?
	case $rc in
	0|1) ;;
	*) cat "$tmp/err"; fail "$1: '$2' exited $rc" ;;
	esac
	ran=$((ran + 1))
}

# GitHub Actions and GitLab CI: the `run:` / `- ` lines that call berth.
for f in docs/ci/github-actions.yml docs/ci/gitlab-ci.yml; do
	[ -f "$f" ] || fail "$f missing"
	lines=$(sed -n 's/^[[:space:]]*\(run:\|-\)[[:space:]]*\(berth .*\)$/\2/p' "$f")
	[ -n "$lines" ] || fail "$f has no berth command line"
	printf '%s\n' "$lines" >"$tmp/lines"
	while IFS= read -r line; do
		run_line "$f" "$line"
		out=$(printf '%s\n' "$line" | sed -n 's/.*> *\([^ ]*\)$/\1/p')
		if [ -n "$out" ]; then
			[ -s "$repo/$out" ] || fail "$f: '$line' wrote no $out"
			head -c 1 "$repo/$out" | grep -q '[{[]' || fail "$f: $out is not JSON"
		fi
	done <"$tmp/lines"
done
grep -q 'github/codeql-action/upload-sarif' docs/ci/github-actions.yml || fail "no upload-sarif step"
grep -q -- '--format sarif' docs/ci/github-actions.yml || fail "GitHub job does not write SARIF"
grep -q 'codequality:' docs/ci/gitlab-ci.yml || fail "GitLab job has no codequality report"
grep -q -- '--format codeclimate' docs/ci/gitlab-ci.yml || fail "GitLab job does not write codeclimate"

# pre-commit: entry + the staged file names.
hooks=.pre-commit-hooks.yaml
entry=$(sed -n 's/^[[:space:]]*entry:[[:space:]]*//p' "$hooks")
[ "$entry" = "berth check" ] || fail "pre-commit entry is '$entry'"
run_line "$hooks" "$entry services/api/Dockerfile compose.yaml"

# The `files` regex (Python re.search; this one is also a POSIX ERE) and `exclude`.
files=$(sed -n "s/^[[:space:]]*files:[[:space:]]*'\(.*\)'[[:space:]]*$/\1/p" "$hooks")
exclude=$(sed -n "s/^[[:space:]]*exclude:[[:space:]]*'\(.*\)'[[:space:]]*$/\1/p" "$hooks")
[ -n "$files" ] && [ -n "$exclude" ] || fail "files/exclude regex not found in $hooks"
picks() { printf '%s\n' "$1" | grep -E -- "$files" | grep -Ev -- "$exclude" | grep -q .; }
cands="Dockerfile a/Dockerfile Dockerfile.prod a/b/Dockerfile.dev api.Dockerfile x/web.dockerfile
	Containerfile Containerfile.alpine compose.yaml compose.yml compose.prod.yaml a/compose.dev.yml
	docker-compose.yaml docker-compose.yml docker-compose.override.yml s/docker-compose.ci.yaml"
others="Dockerfile.dockerignore a/.dockerignore api.Dockerfile.dockerignore README.md
	dockerfile.txt/x compose.json mycompose.yaml docker-compose.yaml.bak compose.yaml.d/readme
	Makefile notDockerfile"
for name in $cands; do
	picks "$name" || fail "pre-commit regex misses candidate $name"
done
for name in $others; do
	picks "$name" && fail "pre-commit regex picks non-candidate $name"
done

# ...and berth's own scan of a repository holding all those names agrees.
all=$tmp/all
mkdir -p "$all"
for name in $cands $others; do
	mkdir -p "$all/$(dirname "$name")"
	printf 'FROM alpine:3.19.1\n' >"$all/$name"
done
git -C "$all" init -q && git -C "$all" add -A || fail "git failed"
(cd "$all" && "$BERTH" check --format json --fail-on never .) >"$tmp/all.json" 2>"$tmp/err" ||
	{ cat "$tmp/err"; fail "berth check on the candidate names failed"; }
grep -o '"path": *"[^"]*"' "$tmp/all.json" | sed 's/.*"\([^"]*\)"$/\1/' | sort >"$tmp/scanned"
for name in $cands; do printf '%s\n' "$name"; done | sort >"$tmp/expected"
cmp -s "$tmp/scanned" "$tmp/expected" || { diff "$tmp/expected" "$tmp/scanned"; fail "berth's candidates differ from the list"; }
echo "ci_examples.sh: $ran berth command lines ran; pre-commit regex agrees with the candidate names"
