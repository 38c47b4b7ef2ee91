#!/bin/sh
# check --format json|sarif give each failing finding the level and note
# `berth fix --dry-run` gives its fix, through the CLI: here a Dockerfile
# whose build context berth cannot tell, whose context-reading fix is
# withheld (it once said `review` in JSON while the dry run withheld it).
set -eu
: "${BERTH:?BERTH must name the built binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-fix-levels.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "check_fix_levels.sh: $*" >&2; exit 1; }

mkdir -p "$tmp/deploy/docker"
printf 'FROM node:20.11.1-slim\nWORKDIR /app\nCOPY . .\nCOPY package.json ./\nRUN npm ci\nUSER node\nCMD ["node", "server.js"]\n' \
	>"$tmp/deploy/docker/Dockerfile"
(cd "$tmp" && git init -q && git add -A &&
	git -c user.name=t -c user.email=t@berth.invalid commit -q -m initial) || fail "git setup"
(cd "$tmp" && "$BERTH" fix --dry-run .) >/dev/null 2>"$tmp/notes" || true
(cd "$tmp" && "$BERTH" check --format json .) >"$tmp/json" || true
(cd "$tmp" && "$BERTH" check --format sarif .) >"$tmp/sarif" || true

note='berth cannot tell the build context, so nothing is written into it'
grep -q "\[size.prod-deps-only\] withheld: $note" "$tmp/notes" ||
	fail "the dry run does not withhold size.prod-deps-only: $(cat "$tmp/notes")"
grep -q "\"fix_level\": \"withheld\", \"fix_note\": \"$note\"" "$tmp/json" ||
	fail "json does not say what the dry run says: $(grep -o '"fix_level[^}]*' "$tmp/json")"
grep -q "$note" "$tmp/sarif" || fail "sarif does not carry the note"
# every level the dry run gives appears in json with its note (safe here: cache mounts)
grep -q '\[perf.cache-mounts\] safe: changes nothing the container does beyond the item' "$tmp/notes" ||
	fail "no safe fix in the dry run: $(cat "$tmp/notes")"
grep -q '"fix_level": "safe", "fix_note": "changes nothing the container does beyond the item"' "$tmp/json" ||
	fail "json lacks the safe fix's level and note"
echo "check_fix_levels.sh: ok"
