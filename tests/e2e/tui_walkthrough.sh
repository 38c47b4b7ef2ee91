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

# apply every automatic fix in turn: the summary opens the commit dialog
steps=$(sed -n 's/.* 1\/\([0-9]*\)─.*/\1/p' "$TMP/w1" | head -1)
[ -n "$steps" ] || fail "no progress figure"
script=":wait
W"
i=0
while [ "$i" -lt "$steps" ]; do script="$script
a
s"; i=$((i + 1)); done
# 'a' moves on by itself after applying, so some s land on the summary: harmless
tui "$script
:dump $TMP/summary
Enter
:wait
:dump $TMP/committed" "$TMP/shop"
expect "$TMP/summary" "Walkthrough: summary"
expect "$TMP/summary" "Commit accepted fixes"
# Enter commits: back on the main screen, the commit in git
expect "$TMP/committed" "0 fixes accepted"
expect "$TMP/committed" "┌ Files"
[ "$(git -C "$TMP/shop" rev-list --count HEAD)" = 2 ] || fail "the walkthrough's commit is missing"
git -C "$TMP/shop" log -1 --format=%s | grep -q "^berth: " || fail "unexpected subject"
