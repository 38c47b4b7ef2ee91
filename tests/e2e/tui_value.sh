# Fixes that need a value prompt for it (default from the config, else the engine's suggestion), one value at a time.
. "$(dirname "$0")/../fixtures/tui/lib.sh"
mkrepo "$TMP/shop"
tui ":wait
/
:type CPU and memory
Enter
a
:dump $TMP/first
C-u
:type 2
Enter
:dump $TMP/second
Enter
:dump $TMP/accepted
w
:wait
:dump $TMP/written" "$TMP/shop"
expect "$TMP/first" "A value for this fix"
expect "$TMP/first" "Given as limits.cpus"
expect "$TMP/second" "Given as limits.memory"
expect "$TMP/second" "512M"
expect "$TMP/accepted" "1 fix accepted"
expect "$TMP/accepted" "+          memory: 512M"
expect "$TMP/written" "✔  CPU and memory limits"
grep -q 'cpus: "2"' "$TMP/shop/compose.yaml" || { cat "$TMP/shop/compose.yaml"; fail "the typed value was not written"; }

# a value from .berth.yaml is the prompt's default; Esc cancels and accepts nothing
mkrepo "$TMP/cfg"
printf 'fix:\n  limits: {cpus: "3", memory: 2G}\n' > "$TMP/cfg/.berth.yaml"
tui ":wait
/
:type CPU and memory
Enter
a
:dump $TMP/default
Esc
:dump $TMP/cancelled" "$TMP/cfg"
# the engine names the value it asks for; the config's setting of it is the default
expect "$TMP/default" "Given as limits."
grep -A3 "Given as limits" "$TMP/default" | grep -qE "│ (3|2G) " || { cat "$TMP/default"; fail "the config's value is not the default"; }
expect "$TMP/cancelled" "0 fixes accepted"
