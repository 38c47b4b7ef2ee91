# W: every failing item one at a time with progress, apply / skip / back, a summary, then the commit dialog.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkrepo "$TMP/shop"
total=$(BERTH_SCRIPT=/dev/null "$BERTH" check --format json "$TMP/shop" 2>/dev/null | grep -o '"fail"' | wc -l || true)
tui ":wait
W
:dump $TMP/w1
s
:dump $TMP/w2
b
:dump $TMP/w1again
G
End
:dump $TMP/end" "$TMP/shop"
expect "$TMP/w1" "Walkthrough: "
expect "$TMP/w1" " 1/"
expect "$TMP/w2" " 2/"
expect "$TMP/w1again" " 1/"
# the first step names its item, why it matters and where
head -3 "$TMP/w1" | grep -q "(compose\.\|(perf\.\|(sec\.\|(size\.\|(corr\." || fail "no item key in the title"
if [ "$total" -gt 0 ]; then expect "$TMP/w1" " 1/$total"; fi

# apply every fix in turn on a Dockerfile whose failures all have automatic fixes:
# the last one shows the summary and opens no dialog by itself (issue 17: the next
# keys landed in the subject and one more Enter committed); c opens it, Enter commits
mkdir -p "$TMP/walk"
cp -R "$FIX/walk/." "$TMP/walk/"
git -C "$TMP/walk" init -q -b main
git -C "$TMP/walk" config user.name "Berth Test"
git -C "$TMP/walk" config user.email "test@example.com"
git -C "$TMP/walk" add -A
git -C "$TMP/walk" commit -q -m initial
tui ":wait
W
:dump $TMP/k0" "$TMP/walk"
steps=$(sed -n 's/.* 1\/\([0-9]*\)─.*/\1/p' "$TMP/k0" | head -1)
[ -n "$steps" ] && [ "$steps" -ge 3 ] || fail "expected several steps, got '$steps'"
script=":wait
W"
i=0
while [ "$i" -lt "$steps" ]; do script="$script
a"; i=$((i + 1)); done
tui "$script
:dump $TMP/summary
:type xyz
Enter
:dump $TMP/typed_on
c
:dump $TMP/dialog
Enter
:wait
:dump $TMP/committed" "$TMP/walk"
expect "$TMP/summary" "Walkthrough: summary"
expect "$TMP/summary" "$steps failing items seen: $steps fixes accepted"
reject "$TMP/summary" "Commit accepted fixes"
# the summary's hint bar offers what can be done there, not apply or skip
tail -1 "$TMP/typed_on" | grep -q "c commit · w write" || fail "the summary hints: $(tail -1 "$TMP/typed_on")"
tail -1 "$TMP/typed_on" | grep -q "a apply" && fail "the summary offers a apply"
reject "$TMP/typed_on" "Commit accepted fixes"
expect "$TMP/typed_on" "$steps fixes accepted"
expect "$TMP/dialog" "Commit accepted fixes"
expect "$TMP/dialog" "- sec.non-root in Dockerfile"
# Enter commits: back on the main screen, the commit in git
expect "$TMP/committed" "0 fixes accepted"
expect "$TMP/committed" "┌ Files"
[ "$(git -C "$TMP/walk" rev-list --count HEAD)" = 2 ] || fail "the walkthrough's commit is missing"
git -C "$TMP/walk" log -1 --format=%s | grep -q "^berth: $steps fixes in " || fail "unexpected subject"
git -C "$TMP/walk" status --porcelain | grep -q . && fail "the commit left changes behind"
exit 0
