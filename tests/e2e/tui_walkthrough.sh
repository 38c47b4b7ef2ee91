# W, the tour (issue 17): an opening map, steps grouped by item across files, a
# summary of what is left and why that never opens the commit dialog by itself,
# and a break in the middle: q, then W again resumes at the step left, in this
# berth and in the next (state in .git/berth/walk, never in the work tree). At
# 80x24 and 200x60.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkrepo "$TMP/shop"

for size in 80x24 200x60; do
	COLS=${size%x*}
	ROWS=${size#*x}
	export COLS ROWS
	rm -rf "$TMP/shop/.git/berth"
	d="$TMP/$size"
	mkdir -p "$d"
	tui ":wait
W
:dump $d/map
Enter
:dump $d/step1
s
:dump $d/step2
q
:dump $d/left
W
:dump $d/offer
Enter
:dump $d/resumed" "$TMP/shop"
	# the map: Compose files and their services, what builds what, roles, what fails most
	expect "$d/map" "Tour: your repository"
	expect "$d/map" "Compose files and their services"
	expect "$d/map" "api"
	expect "$d/map" "builds services/api/Dockerfile"
	tail -1 "$d/map" | grep -q "Enter start the tour" || fail "$size: the map's hints: $(tail -1 "$d/map")"
	n=$(sed -n 's/.*Tour 1\/\([0-9]*\):.*/\1/p' "$d/step1" | head -1)
	[ -n "$n" ] && [ "$n" -ge 3 ] || fail "$size: expected several steps, got '$n'"
	# a step names its item and how many files it fails in
	grep -q "Tour 1/$n: .*(\(sec\|perf\|size\|corr\|compose\)\.[a-z-]*) — [0-9]* file" "$d/step1" ||
		{ cat "$d/step1" >&2; fail "$size: no grouped step title"; }
	expect "$d/step1" "Why it matters"
	expect "$d/step2" "Tour 2/$n"
	# q leaves to the main screen; W offers to resume at step 2
	expect "$d/left" "┌ Files"
	expect "$d/offer" "Tour: resume?"
	expect "$d/offer" "You left the tour at step 2 of $n"
	expect "$d/resumed" "Tour 2/$n"
	# the map's closing line is reached by scrolling (80x24) or shown at once (200x60), never cut
	grep -q "Enter starts the tour · q leaves" "$d/map" || [ "$ROWS" -lt 40 ] || fail "$size: the map is cut"
done

# the state: in the git folder, the work tree untouched; the next berth resumes too
[ -f "$TMP/shop/.git/berth/walk" ] || fail "no .git/berth/walk"
head -1 "$TMP/shop/.git/berth/walk" | grep -qx "berth-walk 1" || fail "the state's header: $(head -1 "$TMP/shop/.git/berth/walk")"
grep -q "^at " "$TMP/shop/.git/berth/walk" || fail "the state names no place"
grep -q "^skip " "$TMP/shop/.git/berth/walk" || fail "the skipped step is not kept"
[ -z "$(git -C "$TMP/shop" status --porcelain)" ] || fail "the tour left files in the work tree"
COLS=80 ROWS=24 tui ":wait
W
:dump $TMP/again
n
:dump $TMP/over" "$TMP/shop"
expect "$TMP/again" "You left the tour at step 2"
# n starts over: the map, the state forgotten
expect "$TMP/over" "Tour: your repository"

# the help says how the tour works and where it keeps its place
COLS=120 ROWS=100 tui ":wait
?
:dump $TMP/help" "$TMP/shop"
expect "$TMP/help" "The tour (W)"
expect "$TMP/help" "(.git/berth/walk)"
expect "$TMP/help" "accept every safe fix of the step"

# --ascii: the tour's separators and marks in ASCII too
COLS=80 ROWS=24 tui ":wait
W
n
Enter
:dump $TMP/ascii" --ascii "$TMP/shop"
expect "$TMP/ascii" "Tour 1/"
# (a character the ASCII screen cannot show comes out as "?")
expect "$TMP/ascii" " | s next step"

# a corrupt state file is ignored, with a message saying where and why
printf 'not a tour\n' > "$TMP/shop/.git/berth/walk"
COLS=80 ROWS=24 tui ":wait
W
:dump $TMP/corrupt
L
:dump $TMP/corrupt_log" "$TMP/shop"
expect "$TMP/corrupt" "Tour: your repository"
expect "$TMP/corrupt_log" "berth/walk ignored"
expect "$TMP/corrupt_log" "header"

# a Dockerfile whose failing items all have fixes: a accepts each step's safe fixes, the
# summary lists what is left and why, and opens no dialog by itself (issue 17: the next
# keys landed in the subject and one more Enter committed); c opens it, Enter commits
mkdir -p "$TMP/walk"
cp -R "$FIX/walk/." "$TMP/walk/"
git -C "$TMP/walk" init -q -b main
git -C "$TMP/walk" config user.name "Berth Test"
git -C "$TMP/walk" config user.email "test@example.com"
git -C "$TMP/walk" add -A
git -C "$TMP/walk" commit -q -m initial
COLS=80 ROWS=24 tui ":wait
W
Enter
:dump $TMP/k0" "$TMP/walk"
steps=$(sed -n 's/.*Tour 1\/\([0-9]*\):.*/\1/p' "$TMP/k0" | head -1)
[ -n "$steps" ] && [ "$steps" -ge 3 ] || fail "expected several steps, got '$steps'"
script=":wait
W
Enter"
i=0
while [ "$i" -lt "$steps" ]; do script="$script
a
s"; i=$((i + 1)); done
COLS=80 ROWS=24 tui "$script
:dump $TMP/summary
:type xyz
Enter
:dump $TMP/typed_on
c
:dump $TMP/dialog
Enter
:wait
:dump $TMP/committed" "$TMP/walk"
expect "$TMP/summary" "Tour: summary"
expect "$TMP/summary" "What is left, and why"
accepted=$(sed -n 's/.* \([0-9]*\) fix\(es\)\{0,1\} accepted.*/\1/p' "$TMP/summary" | head -1)
[ -n "$accepted" ] && [ "$accepted" -ge 1 ] || fail "nothing accepted: $(head -1 "$TMP/summary")"
grep -q "$steps steps, .* to fix .*: $accepted fix\(es\)\{0,1\} accepted" "$TMP/summary" ||
	{ cat "$TMP/summary" >&2; fail "the summary's count"; }
reject "$TMP/summary" "Commit accepted fixes"
# the summary's hint bar offers what can be done there, not apply or skip
tail -1 "$TMP/typed_on" | grep -q "c commit · w write" || fail "the summary hints: $(tail -1 "$TMP/typed_on")"
tail -1 "$TMP/typed_on" | grep -q "a safe" && fail "the summary offers a"
reject "$TMP/typed_on" "Commit accepted fixes"
expect "$TMP/dialog" "Commit accepted fixes"
# Enter commits: back on the main screen, the commit in git
expect "$TMP/committed" "0 fixes accepted"
expect "$TMP/committed" "┌ Files"
[ "$(git -C "$TMP/walk" rev-list --count HEAD)" = 2 ] || fail "the tour's commit is missing"
git -C "$TMP/walk" status --porcelain | grep -q . && fail "the commit left changes behind"
exit 0
