# Issue 17, blocker 1: a fix that needs a value never dead-ends. The prompt is never
# pre-filled with the failing tag, says the rule and an example; a rejected value is
# never kept (the next try, r, Esc start clean); each value lives under its own name;
# one value fixes sec.pinned-base and sec.minimal-base together; a multi-value fix
# blames the value that is wrong. At 80x24, as a new user sees it.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
export COLS=80 ROWS=24
mkrepo "$TMP/shop"

# the exact repro: Enter on the prompt, then the value `berth fix --set` accepts
tui ":wait
/
:type Base image pinned
Enter
a
:dump $TMP/prompt
Enter
:dump $TMP/empty
:type 3.11
Enter
:dump $TMP/moving
C-u
:type 3.11.11
Enter
:dump $TMP/accepted
q
y" "$TMP/shop"
expect "$TMP/prompt" "A value for this fix"
expect "$TMP/prompt" "pin python to a full version"
expect "$TMP/prompt" "Such as 3.11.<patch>."
expect "$TMP/prompt" "Given as pin.python"
# the input line is empty: the failing tag is never offered
grep -q "│ 3.11 *│" "$TMP/prompt" && fail "the prompt is pre-filled with the failing tag"
expect "$TMP/empty" "a value is needed"
expect "$TMP/moving" "\"3.11\" is a moving tag"
expect "$TMP/accepted" "1 fix accepted"
expect "$TMP/accepted" "accepted: sec.pinned-base with pin.python=3.11.11"
reject "$TMP/accepted" "A value for this fix"

# a rejected value, then r (rescan) and Esc: the next try starts clean
tui ":wait
/
:type Base image pinned
Enter
a
:type 3.11
Enter
Esc
r
:wait
a
:dump $TMP/again
:type 3.11.12
Enter
:dump $TMP/after_r
q
y" "$TMP/shop"
reject "$TMP/again" "\"3.11\" is a moving tag"
grep -q "│ 3.11 *│" "$TMP/again" && fail "the rejected value came back after r"
expect "$TMP/after_r" "accepted: sec.pinned-base with pin.python=3.11.12"

# one value for both items: pinned first with 3.11.11, then minimal asks for a value that fixes both
tui ":wait
/
:type Base image pinned
Enter
a
:type 3.11.11
Enter
/
:type Minimal base
Enter
:dump $TMP/minimal_preview
a
:dump $TMP/minimal_prompt
:type 3.11.11
Enter
:dump $TMP/minimal_refused
C-u
:type 3.11.11-slim
Enter
:dump $TMP/both
w
:wait
:dump $TMP/written" "$TMP/shop"
expect "$TMP/minimal_prompt" "Such as 3.11.<patch>-slim."
expect "$TMP/minimal_refused" "not a minimal variant"
expect "$TMP/both" "2 fixes accepted"
expect "$TMP/both" "accepted: sec.minimal-base with pin.python=3.11.11-slim"
head -1 "$TMP/shop/services/api/Dockerfile" | grep -qx "FROM python:3.11.11-slim" ||
	fail "expected FROM python:3.11.11-slim, got: $(head -1 "$TMP/shop/services/api/Dockerfile")"

# a multi-value fix blames the value that is wrong, each under its own name
mkrepo "$TMP/lim"
tui ":wait
/
:type CPU and memory
Enter
a
C-u
:type lots
Enter
:dump $TMP/cpus_bad
C-u
:type 2
Enter
:dump $TMP/memory_prompt
C-u
:type lots
Enter
:dump $TMP/memory_bad
C-u
:type 1G
Enter
:dump $TMP/limits
w
:wait" "$TMP/lim"
expect "$TMP/cpus_bad" "\"lots\" is not a number of CPUs"
expect "$TMP/memory_prompt" "Given as limits.memory"
expect "$TMP/memory_bad" "\"lots\" is not a size"
expect "$TMP/limits" "1 fix accepted"
grep -q 'cpus: "2"' "$TMP/lim/compose.yaml" || fail "limits.cpus was not written"
grep -q 'memory: 1G' "$TMP/lim/compose.yaml" || fail "limits.memory was not written"
exit 0
