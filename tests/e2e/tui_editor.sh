# e opens $VISUAL, else $EDITOR, else vi, at +LINE FILE, then the screen comes back.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkrepo "$TMP/shop"
cat > "$TMP/fake-editor" <<EOS
#!/bin/sh
echo "\$(basename "\$0") \$*" >> "$TMP/editor.log"
EOS
chmod +x "$TMP/fake-editor"
cp "$TMP/fake-editor" "$TMP/fake-visual"
EDITOR="$TMP/fake-editor" tui ":wait
/
:type Base image pinned
Enter
e
:dump $TMP/back" "$TMP/shop"
expect "$TMP/editor.log" "fake-editor +1 $TMP/shop/services/api/Dockerfile"
expect "$TMP/back" "Base image pinned"
expect "$TMP/back" "Files"
# VISUAL wins over EDITOR; an editor given with arguments works as in git
rm -f "$TMP/editor.log"
VISUAL="$TMP/fake-visual --wait" EDITOR="$TMP/fake-editor" tui ":wait
/
:type Package caches
Enter
e" "$TMP/shop"
expect "$TMP/editor.log" "fake-visual --wait +5 $TMP/shop/services/api/Dockerfile"  # the pip install, below the fixture's useradd
reject "$TMP/editor.log" "fake-editor"
