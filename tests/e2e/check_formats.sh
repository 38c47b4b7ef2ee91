#!/bin/sh
# The report formats on a real repository: gnu lines have the SPEC.md shape,
# json/sarif/codeclimate parse and hold the promised fields (jq), paths are
# repository-relative and sorted, and the formats agree on the number of
# findings (jq). Without jq (the Quick start installs it), the JSON is only
# parsed (python3, when there) and the test says it skipped.
set -eu
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-check-formats.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "check_formats.sh: $*" >&2; exit 1; }
skipped=""

repo=$tmp/repo
mkdir -p "$repo/services/api" "$repo/services/web"
git -C "$repo" init -q
cat >"$repo/services/api/Dockerfile" <<'DF'
FROM python:3.12
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD python app.py
DF
printf 'flask\n' >"$repo/services/api/requirements.txt"
printf 'FROM nginx:latest\nCOPY index.html /usr/share/nginx/html/\n' >"$repo/services/web/Dockerfile"
cat >"$repo/compose.yaml" <<'YAML'
services:
  api:
    build: services/api
    image: shop/api:latest
    environment:
      DB_PASSWORD: hunter2
YAML
# a file whose text holds escapes and invalid UTF-8
printf 'FROM alpine:latest\033[2J\nRUN echo "\377\376"\n' >"$repo/Dockerfile.weird"
git -C "$repo" add -A
git -C "$repo" -c user.name=t -c user.email=t@e commit -q -m init

run() {
	fmt=$1
	rc=0
	(cd "$repo" && "$BERTH" check --format "$fmt" .) >"$tmp/$fmt" 2>"$tmp/err" || rc=$?
	[ "$rc" -eq 1 ] || { cat "$tmp/err" >&2; fail "--format $fmt exited $rc, expected 1"; }
	[ ! -s "$tmp/err" ] || { cat "$tmp/err" >&2; fail "--format $fmt wrote to stderr (not a terminal)"; }
	if LC_ALL=C grep -q "$(printf '\033')" "$tmp/$fmt"; then fail "--format $fmt let an escape through"; fi
}
for fmt in tty json sarif gnu codeclimate; do
	run "$fmt"
done

# gnu: path:line:col: severity: message [key], one per line, and nothing else
n_gnu=$(wc -l <"$tmp/gnu")
[ "$n_gnu" -gt 5 ] || fail "too few gnu lines ($n_gnu)"
if grep -Ev '^[^:]+:[0-9]+:[0-9]+: (error|warning|info): .+ \[[a-z]+\.[a-z-]+\]$' "$tmp/gnu"; then
	fail "gnu lines above do not have the shape path:line:col: severity: message [key]"
fi
grep -q '^services/api/Dockerfile:1:6: warning: .*\[sec.pinned-base\]$' "$tmp/gnu" || fail "gnu: pinned-base warning missing"
grep -q '^compose.yaml:[0-9]*:[0-9]*: error: .*\[compose.pinned-image\]$' "$tmp/gnu" || fail "gnu: compose finding missing"

# tty: the same findings, grouped, with a summary per category
grep -q '^services/api/Dockerfile:1:6: warning: ' "$tmp/tty" || fail "tty: finding line missing"
grep -q 'files checked' "$tmp/tty" || fail "tty: no summary"
grep -q 'Compose' "$tmp/tty" || fail "tty: no Compose category"
# the file header names the role (CHECKLIST.md, roles)
grep -q '^services/api/Dockerfile (dockerfile) — runtime: ' "$tmp/tty" || fail "tty: no role in the file header"

# json: the top-level shape, in the SPEC.md order
for key in '"tool"' '"files"' '"summary"' '"checklist"' '"findings"' '"suppressed"' '"end_column"' '"service": "api"' \
	'"role": "runtime"' '"role_reason": "runtime: nothing marks it'; do
	grep -q "$key" "$tmp/json" || fail "json: no $key"
done
paths=$(sed -n 's/^      "path": "\(.*\)",$/\1/p' "$tmp/json")
[ "$paths" = "$(printf '%s\n' "$paths" | LC_ALL=C sort)" ] || fail "json: files not sorted by path"
[ "$(printf '%s\n' "$paths" | head -1)" = "Dockerfile.weird" ] || fail "json: first path is not Dockerfile.weird"
grep -q '"path": "services/api/Dockerfile"' "$tmp/json" || fail "json: paths are not repository-relative"

# sarif and codeclimate: the fields code scanning and GitLab read
grep -q '"version": "2.1.0"' "$tmp/sarif" || fail "sarif: no version"
grep -q '"uriBaseId": "%SRCROOT%"' "$tmp/sarif" || fail "sarif: no uriBaseId"
grep -q '"berth.role": "runtime"' "$tmp/sarif" || fail "sarif: no berth.role"
grep -q '"berth.roleReason": ' "$tmp/sarif" || fail "sarif: no berth.roleReason"
grep -q '"fingerprint": "[0-9a-f]\{32\}"' "$tmp/codeclimate" || fail "codeclimate: no fingerprint"

if command -v jq >/dev/null 2>&1; then
	for f in json sarif codeclimate; do
		jq -e . "$tmp/$f" >/dev/null || fail "$f: not valid JSON (jq)"
	done
	n_json=$(jq '[.files[].findings[] | select(.suppressed | not)] | length' "$tmp/json")
	n_cc=$(jq 'length' "$tmp/codeclimate")
	n_sarif=$(jq '[.runs[0].results[] | select(.suppressions | not)] | length' "$tmp/sarif")
	[ "$n_json" -eq "$n_gnu" ] && [ "$n_cc" -eq "$n_gnu" ] && [ "$n_sarif" -eq "$n_gnu" ] ||
		fail "formats disagree: gnu $n_gnu, json $n_json, codeclimate $n_cc, sarif $n_sarif"
	jq -e '.summary.files == (.files | length) and (.files | all(.checklist | length > 10))' "$tmp/json" >/dev/null ||
		fail "json: summary.files or checklist wrong"
	jq -e '(.runs[0].tool.driver.rules | length) > 30 and
	       (.runs[0].results | all(.ruleId == $rules[.ruleIndex].id))' \
		--argjson rules "$(jq '.runs[0].tool.driver.rules' "$tmp/sarif")" "$tmp/sarif" >/dev/null ||
		fail "sarif: ruleIndex does not point at ruleId"
	jq -e 'all(.[]; .check_name and .description and .fingerprint and .location.path and
	       .location.lines.begin >= 1 and (.severity | IN("info", "minor", "major", "critical", "blocker")))' \
		"$tmp/codeclimate" >/dev/null || fail "codeclimate: a field is missing"
	jq -e '[.[].fingerprint] | length == (unique | length)' "$tmp/codeclimate" >/dev/null ||
		fail "codeclimate: fingerprints are not unique"
else
	if command -v python3 >/dev/null 2>&1; then
		for f in json sarif codeclimate; do
			python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$tmp/$f" ||
				fail "$f: not valid JSON (python3)"
		done
	fi
	skipped="jq is not installed: the formats' fields and counts are not compared"
fi

# rules --format json is an array of {key, title, category, fix}
(cd "$repo" && "$BERTH" rules --format json) >"$tmp/rules"
grep -q '{"key": "sec.non-root", "title": "Runs as non-root user", "category": "Security", "fix": "auto"}' "$tmp/rules" ||
	fail "rules --format json lacks sec.non-root"
if [ -n "$skipped" ]; then
	echo "check_formats.sh: skipped: $skipped"
	exit 77
fi
echo "check_formats.sh: ok ($n_gnu findings)"
