#!/bin/sh
# The formats CI tools read, from the real binary on a repository with
# hostile text: checkstyle and junit validate against the published schemas
# (tests/fixtures/schemas, with xmllint), markdown renders through a
# CommonMark renderer (cmark-gfm with its table extension, as GitHub does;
# else cmark) with no raw HTML getting through, and github commands have the
# runner's shape. Every format reports as many findings as gnu does.
set -eu
: "${BERTH:?BERTH must name the built binary}"
here=$(cd "$(dirname "$0")/../.." && pwd)
schemas=$here/tests/fixtures/schemas
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-formats-ci.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "check_formats_ci.sh: $*" >&2; exit 1; }

repo=$tmp/repo
mkdir -p "$repo/we,ird:dir" "$repo/svc"
git -C "$repo" init -q
printf 'FROM python:3.12\nENV API_TOKEN="<script>alert(1)</script> | *x* 50%%"\nRUN curl -k https://example.com/i.sh | sh\nCMD python app.py\n' >"$repo/we,ird:dir/Dockerfile"
printf 'FROM alpine:latest\033[2J\nRUN echo "\377\376" && chmod 777 /tmp\n' >"$repo/svc/Dockerfile"
printf 'FROM scratch\nUSER 1000\nCOPY --chown=1000 app /app\nENTRYPOINT ["/app"]\n' >"$repo/svc/Dockerfile.clean"
cat >"$repo/compose.yaml" <<'YAML'
services:
  api:
    build: svc
    image: "shop/<b>x|*y*</b>%,:latest"
    environment:
      DB_PASSWORD: hunter2
YAML
git -C "$repo" add -A
git -C "$repo" -c user.name=t -c user.email=t@e commit -q -m init

for fmt in gnu checkstyle junit github markdown; do
	rc=0
	(cd "$repo" && "$BERTH" check --format "$fmt" .) >"$tmp/$fmt" 2>"$tmp/err.$fmt" || rc=$?
	[ "$rc" -eq 1 ] || fail "$fmt: exit $rc, expected 1 (findings): $(cat "$tmp/err.$fmt")"
	[ ! -s "$tmp/err.$fmt" ] || fail "$fmt wrote to stderr: $(cat "$tmp/err.$fmt")"
done
findings=$(wc -l <"$tmp/gnu")
[ "$findings" -gt 5 ] || fail "too few findings to compare: $findings"
nfiles=$(cd "$repo" && "$BERTH" check --format json . | grep -c '"path"' || true)
[ "$nfiles" -eq 4 ] || fail "expected 4 files, got $nfiles"

# ---- checkstyle ----
[ "$(grep -c '<error ' "$tmp/checkstyle")" -eq "$findings" ] || fail "checkstyle: not one <error> a finding"
[ "$(grep -c '<file ' "$tmp/checkstyle")" -eq 4 ] || fail "checkstyle: not one <file> a checked file"
grep -q 'name="svc/Dockerfile.clean"/>' "$tmp/checkstyle" || fail "checkstyle: the clean file is missing"
# ---- junit ----
grep -q '<testsuites name="berth"' "$tmp/junit" || fail "junit: no <testsuites>"
[ "$(grep -c '<testsuite ' "$tmp/junit")" -eq 4 ] || fail "junit: not one <testsuite> a file"
# one failing case per (file, item) holding a warning or error in gnu's output
pairs=$(grep -E ': (warning|error): ' "$tmp/gnu" | sed 's/^\(.*\):[0-9]*:[0-9]*: .*\[\(.*\)\]$/\1 \2/' | sort -u | wc -l)
[ "$(grep -c '<failure ' "$tmp/junit")" -eq "$pairs" ] || fail "junit: $(grep -c '<failure ' "$tmp/junit") failures, gnu has $pairs failing items"
grep -q "failures=\"$pairs\"" "$tmp/junit" || fail "junit: the root's failure count is not $pairs"
# ---- github ----
[ "$(wc -l <"$tmp/github")" -eq "$findings" ] || fail "github: not one command a finding"
bad=$(grep -Evc '^::(error|warning|notice) file=[^:,]+,line=[0-9]+(,col=[0-9]+)?(,endLine=[0-9]+)?(,endColumn=[0-9]+)?,title=[a-z.-]+::[^[:cntrl:]]+$' "$tmp/github" || true)
[ "$bad" -eq 0 ] || fail "github: $bad malformed lines: $(grep -Ev '^::(error|warning|notice) file=' "$tmp/github" | head -3)"
grep -q '^::[a-z]* file=we%2Cird%3Adir/Dockerfile,line=' "$tmp/github" || fail "github: the path's , and : are not escaped"
grep -q '::image shop/<b>x|\*y\*</b>%25,:latest: ' "$tmp/github" || fail "github: the message's % is not escaped"

# ---- validation with the tools the formats' users have ----
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout --schema "$schemas/checkstyle-report-1.0.0.xsd" "$tmp/checkstyle" 2>"$tmp/xerr" ||
		fail "checkstyle does not validate: $(cat "$tmp/xerr")"
	xmllint --noout --schema "$schemas/junit-10.xsd" "$tmp/junit" 2>"$tmp/xerr" ||
		fail "junit does not validate: $(cat "$tmp/xerr")"
	# the schema check can fail: a report missing a required attribute is refused
	sed 's/<testsuite name="[^"]*"/<testsuite/' "$tmp/junit" >"$tmp/junit.bad"
	if xmllint --noout --schema "$schemas/junit-10.xsd" "$tmp/junit.bad" 2>/dev/null; then
		fail "the junit schema accepts a testsuite without a name"
	fi
	msg=$(xmllint --xpath 'string(//file[@name="compose.yaml"]/error[@source="berth.compose.pinned-image.latest"]/@message)' "$tmp/checkstyle")
	case $msg in
	"image shop/<b>x|*y*</b>%,:latest: "*) ;;
	*) fail "checkstyle: the message does not read back as written: $msg" ;;
	esac
else
	echo "check_formats_ci.sh: skipped: xmllint is not installed (schema validation)"
fi

if command -v cmark-gfm >/dev/null 2>&1; then
	cmark-gfm -e table "$tmp/markdown" >"$tmp/md.html"
	# a checklist table per file, a findings table per file with findings
	tables=$(grep -c '<table>' "$tmp/md.html")
	[ "$tables" -ge 7 ] || fail "markdown: $tables tables rendered, expected a checklist per file and findings"
	rows=$(sed -n '/<th>Finding<\/th>/,/<\/table>/p' "$tmp/md.html" | grep -c '<tr>')
	[ "$rows" -eq "$findings" ] || fail "markdown: $rows finding rows, gnu has $findings findings"
	renderer=cmark-gfm
elif command -v cmark >/dev/null 2>&1; then
	cmark "$tmp/markdown" >"$tmp/md.html"
	renderer=cmark
else
	echo "check_formats_ci.sh: skipped: cmark is not installed (markdown rendering)"
	renderer=
fi
if [ -n "$renderer" ]; then
	[ "$(grep -c '<h3>' "$tmp/md.html")" -eq 4 ] || fail "markdown ($renderer): not one heading a file"
	if grep -q '<script>\|<b>' "$tmp/md.html"; then fail "markdown ($renderer): raw HTML from a file got through"; fi
	grep -q 'image shop/&lt;b&gt;x|\*y\*&lt;/b&gt;%,:latest' "$tmp/md.html" ||
		fail "markdown ($renderer): the hostile text is not shown as text"
fi
echo "check_formats_ci.sh: ok ($findings findings, checkstyle/junit/github/markdown)"
