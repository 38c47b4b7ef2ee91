#!/bin/sh
# The whole corpus (../shared/corpus, or $BERTH_SHARED/corpus) in a temporary
# git repository: `berth fix`'s patch passes `git apply --check`, --write
# gives the same files as applying it, and a second run has nothing to fix.
# Skipped (exit 77, tests/run.sh) with a message when the corpus is absent.
set -eu
: "${BERTH:?BERTH must name the built binary}"
shared=${BERTH_SHARED:-../shared}
if [ ! -d "$shared/corpus" ]; then
	echo "fix_corpus.sh: skipped: $shared/corpus is absent"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/berth-fix-corpus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "fix_corpus.sh: $*" >&2; exit 1; }
export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp"

cp -R "$shared/corpus" "$tmp/repo"
chmod -R u+w "$tmp/repo"
git -C "$tmp/repo" init -q
git -C "$tmp/repo" add -A
git -C "$tmp/repo" -c user.name=t -c user.email=t@example.com commit -qm corpus

(cd "$tmp/repo" && "$BERTH" fix) >"$tmp/patch" 2>"$tmp/err" || fail "dry run exited $? ($(cat "$tmp/err"))"
[ -s "$tmp/patch" ] || fail "no patch for the corpus"
(cd "$tmp/repo" && git apply --check --whitespace=nowarn "$tmp/patch") || fail "git apply --check refused the corpus patch"
cp -R "$tmp/repo" "$tmp/applied"
(cd "$tmp/applied" && git apply --whitespace=nowarn "$tmp/patch") || fail "git apply failed"
(cd "$tmp/repo" && "$BERTH" fix --write) >/dev/null 2>"$tmp/err" || fail "--write exited $? ($(cat "$tmp/err"))"
w=$(cd "$tmp/repo" && git add -A && git write-tree)
a=$(cd "$tmp/applied" && git add -A && git write-tree)
[ "$w" = "$a" ] || fail "--write and the applied patch give different trees"
[ "$w" != "$(git -C "$tmp/repo" rev-parse 'HEAD^{tree}')" ] || fail "--write changed nothing"
(cd "$tmp/repo" && "$BERTH" fix) >"$tmp/again" 2>/dev/null || fail "the second dry run failed"
[ ! -s "$tmp/again" ] || { head -40 "$tmp/again" >&2; fail "fixing the fixed corpus again changes something"; }
# --level review (CHECKLIST.md "Fixes"): the same guarantees with the review fixes added
cp -R "$tmp/applied" "$tmp/review"
rm -rf "$tmp/review/.git"
git -C "$tmp/review" init -q
git -C "$tmp/review" add -A
git -C "$tmp/review" -c user.name=t -c user.email=t@example.com commit -qm safe
(cd "$tmp/review" && "$BERTH" fix --level review) >"$tmp/rpatch" 2>"$tmp/err" || fail "review dry run exited $? ($(cat "$tmp/err"))"
[ -s "$tmp/rpatch" ] || fail "no review patch for the corpus"
grep -q '\] withheld: ' "$tmp/err" || fail "no withheld note on the corpus"
(cd "$tmp/review" && git apply --check --whitespace=nowarn "$tmp/rpatch") || fail "git apply --check refused the review patch"
(cd "$tmp/review" && "$BERTH" fix --level review --write) >/dev/null 2>"$tmp/err" || fail "review --write exited $?"
(cd "$tmp/review" && "$BERTH" fix --level review) >"$tmp/ragain" 2>/dev/null || fail "the second review run failed"
[ ! -s "$tmp/ragain" ] || { head -40 "$tmp/ragain" >&2; fail "fixing the review-fixed corpus again changes something"; }
echo "fix_corpus.sh: ok ($(grep -c '^diff --git' "$tmp/patch") files patched, $(grep -c '^diff --git' "$tmp/rpatch") more with --level review)"
