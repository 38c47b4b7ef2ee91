# The new user's path: /non-root, Enter, a, c, Enter commits; git log shows it; a refusal keeps the dialog.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkrepo "$TMP/shop"
# an unrelated staged change must stay staged and out of the commit
echo "note" > "$TMP/shop/NOTES"
git -C "$TMP/shop" add NOTES
tui ":wait
/
:type non-root
Enter
a
:dump $TMP/accepted
c
:dump $TMP/dialog
Enter
:wait
:dump $TMP/after
q" "$TMP/shop"
expect "$TMP/accepted" "1 fix accepted"
expect "$TMP/accepted" "Fix accepted"
expect "$TMP/dialog" "Commit accepted fixes"
expect "$TMP/dialog" "berth: 1 fix"
expect "$TMP/dialog" "sec.non-root"
expect "$TMP/after" "0 fixes accepted"
expect "$TMP/after" "committed "
subject=$(git -C "$TMP/shop" log -1 --format=%s)
case "$subject" in "berth: 1 fix"*) ;; *) fail "unexpected commit subject: $subject" ;; esac
git -C "$TMP/shop" log -1 --format=%B | grep -q "sec.non-root" || fail "the body does not list the fix"
git -C "$TMP/shop" show --stat HEAD | grep -q "services/api/Dockerfile" || fail "the Dockerfile is not in the commit"
git -C "$TMP/shop" show --stat HEAD | grep -q NOTES && fail "a staged change leaked into the commit"
git -C "$TMP/shop" diff --cached --name-only | grep -qx NOTES || fail "the staged change is no longer staged"
grep -q "^USER " "$TMP/shop/services/api/Dockerfile" || fail "the work tree file was not fixed"
[ "$(git -C "$TMP/shop" rev-list --count HEAD)" = 2 ] || fail "expected exactly one new commit"

# refused (no user.name): the dialog stays with the error and the message as edited; Esc cancels
mkrepo "$TMP/anon"
git -C "$TMP/anon" config --unset user.name
git -C "$TMP/anon" config --unset user.email
tui ":wait
/
:type non-root
Enter
a
c
:type  (edited)
Enter
:dump $TMP/refused
Esc
:dump $TMP/cancelled" "$TMP/anon"
expect "$TMP/refused" "Commit accepted fixes"
expect "$TMP/refused" "(edited)"
expect "$TMP/refused" "user.name"
expect "$TMP/cancelled" "1 fix accepted"
reject "$TMP/cancelled" "Commit accepted fixes"
[ "$(git -C "$TMP/anon" rev-list --count HEAD)" = 1 ] || fail "a refused commit still committed"
