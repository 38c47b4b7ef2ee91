# Themes: t cycles, --theme picks (stock or a user's file), NO_COLOR and TERM=dumb select mono, --ascii marks.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkrepo "$TMP/shop"
tui ":wait
t
:dump $TMP/t1
t
:dump $TMP/t2
?
:dump $TMP/help" "$TMP/shop"
expect "$TMP/t1" "theme: light"
expect "$TMP/t2" "theme: high-contrast"
expect "$TMP/help" "high-contrast (t cycles)"

NO_COLOR=1 tui ":wait
?
:dump $TMP/nocolor" "$TMP/shop"
expect "$TMP/nocolor" "mono, colours off (t cycles)"
# marks still carry the meaning
expect "$TMP/nocolor" "✔ pass   ✘ fail"

TERM=dumb tui ":wait
?
:dump $TMP/dumb" "$TMP/shop"
expect "$TMP/dumb" "mono, colours off"

# a user theme from $XDG_CONFIG_HOME/berth/themes, chosen by --theme and listed for t
mkdir -p "$TMP/xdg/berth/themes"
printf 'name: solar\ncolors:\n  fail: {fg: 160, attrs: [bold]}\n' > "$TMP/xdg/berth/themes/solar.yaml"
XDG_CONFIG_HOME="$TMP/xdg" tui ":wait
?
:dump $TMP/solar" --theme solar "$TMP/shop"
expect "$TMP/solar" "solar (t cycles)"

# a broken theme or an unknown name: exit 2 with a message, no screen
printf 'colors:\n  fail: {fg: purple-ish}\n' > "$TMP/xdg/berth/themes/broken.yaml"
printf ':wait\n' > "$TMP/script"
if XDG_CONFIG_HOME="$TMP/xdg" BERTH_SCRIPT="$TMP/script" timeout "$WATCHDOG" "$BERTH" --theme broken "$TMP/shop" 2> "$TMP/err"; then
	fail "a broken theme was accepted"
fi
grep -q "broken.yaml:2:" "$TMP/err" || { cat "$TMP/err"; fail "no position in the theme error"; }
if BERTH_SCRIPT="$TMP/script" timeout "$WATCHDOG" "$BERTH" --theme nope "$TMP/shop" 2> "$TMP/err"; then
	fail "an unknown theme was accepted"
fi
grep -q "nope: no such theme" "$TMP/err" || { cat "$TMP/err"; fail "unclear unknown-theme error"; }

# --ascii (and a non-UTF-8 locale): ok XX -- ~~ and plain frames
tui ":wait
:dump $TMP/ascii" --ascii "$TMP/shop"
expect "$TMP/ascii" "XX compose.yaml"
expect "$TMP/ascii" "+ Files "
reject "$TMP/ascii" "✘"
LANG=C LC_ALL=C tui ":wait
:dump $TMP/clocale" "$TMP/shop"
expect "$TMP/clocale" "XX compose.yaml"
