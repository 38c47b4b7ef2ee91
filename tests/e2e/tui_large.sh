# A large repository: the screen is up (with the scan's progress) before the scan ends, and keys work meanwhile.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkdir -p "$TMP/big"
content=$(cat "$FIX/repo/services/api/Dockerfile")
i=0
# shell built-ins only: 1500 files without 1500 processes
while [ "$i" -lt 1500 ]; do
	printf '%s\n' "$content" > "$TMP/big/s$i.Dockerfile"
	i=$((i + 1))
done
git -C "$TMP/big" init -q -b main
git -C "$TMP/big" -c user.name=t -c user.email=t@e add -A
git -C "$TMP/big" -c user.name=t -c user.email=t@e commit -q -m big
# no :wait first: the first screen comes while the scan runs
tui ":dump $TMP/early
?
:dump $TMP/help
q
:wait
:dump $TMP/done" "$TMP/big"
expect "$TMP/early" "scanning"
expect "$TMP/help" "Keys"
expect "$TMP/done" "1500 files"
reject "$TMP/done" "scanning"
