# Issue 17 (9): a light terminal gets the light theme (COLORFGBG here; tui_tmux_keys.sh and
# tests/test_tui_themepick.c cover the OSC 11 answer), the theme chosen with t is kept for
# the next start ($XDG_CONFIG_HOME/berth/theme), --theme and NO_COLOR still win.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkrepo "$TMP/shop"
COLORFGBG="0;15" tui ":wait
?
:dump $TMP/light" "$TMP/shop"
expect "$TMP/light" "Theme: light (t cycles)"
COLORFGBG="15;0" tui ":wait
?
:dump $TMP/dark" "$TMP/shop"
expect "$TMP/dark" "Theme: default (t cycles)"

# t chooses, and the choice is kept
export XDG_CONFIG_HOME="$TMP/xdg"
tui ":wait
t
t
:dump $TMP/chosen" "$TMP/shop"
expect "$TMP/chosen" "theme: high-contrast (kept for the next start)"
grep -qx "high-contrast" "$XDG_CONFIG_HOME/berth/theme" || fail "the choice was not saved"
COLORFGBG="0;15" tui ":wait
?
:dump $TMP/kept" "$TMP/shop"
expect "$TMP/kept" "Theme: high-contrast (t cycles)"
tui ":wait
?
:dump $TMP/cli" --theme light "$TMP/shop"
expect "$TMP/cli" "Theme: light (t cycles)"
NO_COLOR=1 tui ":wait
?
:dump $TMP/nocolor" "$TMP/shop"
expect "$TMP/nocolor" "Theme: mono, colours off"
# a saved theme that no longer exists is as if none was saved
echo "gone-theme" > "$XDG_CONFIG_HOME/berth/theme"
tui ":wait
?
:dump $TMP/gone" "$TMP/shop"
expect "$TMP/gone" "Theme: default (t cycles)"
exit 0
