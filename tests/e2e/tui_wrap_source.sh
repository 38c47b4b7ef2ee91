# A finding's source lines in the detail pane wrap at the pane's edge instead of being cut
# (in a real terminal, tmux, at 80x24 and 200x60): the rest goes on under a "↪" in the number
# column, the line number only on the first row; a tab, wide characters and a control
# character from the file keep their place (the control character escaped, never raw).
. "$(dirname "$0")/../fixtures/tui/lib.sh"
tmux_need tui_wrap_source

mkdir -p "$TMP/r"
# line 2: longer than the detail pane is wide even at 200 columns
# (CMD runs a program: a bare shell CMD beside a compiler toolchain is a dev toolbox image, whose fails are info)
printf 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl ca-certificates libpq-dev gcc\tmake && echo "日本語のテキスト行です" \033[31m && ./configure --prefix=/usr/local --enable-shared --with-openssl && make -j4 && make install && echo TAIL-OF-LONG-LINE\nCMD ["/usr/local/bin/app"]\n' \
	> "$TMP/r/Dockerfile"
git -C "$TMP/r" init -q -b main
git -C "$TMP/r" -c user.name=t -c user.email=t@e add -A
git -C "$TMP/r" -c user.name=t -c user.email=t@e commit -q -m i
# the line as the screen shows it (tab: a space; ESC: ^[), without spaces (a row may end on one)
want=$(printf 'RUN apt-get update && apt-get install -y curl ca-certificates libpq-dev gcc make && echo "日本語のテキスト行です" ^[[31m && ./configure --prefix=/usr/local --enable-shared --with-openssl && make -j4 && make install && echo TAIL-OF-LONG-LINE' | tr -d ' ')

run() {
	tmux_start "$TMP/r" "$1" "$2"
	wait_for "0 fixes accepted"
	$T send-keys -t t / r e c o m m e n d s Enter
	wait_for "▶✘  apt --no-install-recom"
	$T send-keys -t t Tab
	wait_for "j/k scroll"
	# scroll the detail pane until the source line's last part and the line after are on screen
	i=0
	while :; do
		$T capture-pane -p -t t > "$TMP/pane"
		grep -q "TAIL-OF-LONG-LINE" "$TMP/pane" && grep -q " 3 │ CMD" "$TMP/pane" && break
		i=$((i + 1))
		[ "$i" -lt 40 ] || { cat "$TMP/pane" >&2; fail "$1x$2: the end of line 2 never came on screen"; }
		$T send-keys -t t j
		sleep 0.1
	done
	cp "$TMP/pane" "$TMP/screen-$1"
	# the detail pane's rows (right of the last "││")
	sed 's/.*││//; s/│$//' "$TMP/pane" > "$TMP/detail"
	grep -q "^ *2 │ RUN apt-get" "$TMP/detail" || { cat "$TMP/pane" >&2; fail "$1x$2: line 2 does not start with its number"; }
	[ "$(grep -c "^ *2 │ " "$TMP/detail")" = 1 ] || fail "$1x$2: the line number is repeated"
	grep -q "^ *↪ │ " "$TMP/detail" || { cat "$TMP/pane" >&2; fail "$1x$2: no continuation row"; }
	grep -q "^ *3 │ CMD" "$TMP/detail" || fail "$1x$2: line 3 is not after the wrapped line 2"
	# line 2 joined from its rows is the whole line
	got=$(awk '/^ *2 │ RUN/ { on = 1; sub(/^ *2 │ /, ""); printf "%s", $0; next }
		on && /^ *↪ │ / { sub(/^ *↪ │ /, ""); printf "%s", $0; next }
		{ on = 0 }' "$TMP/detail" | tr -d ' ')
	[ "$got" = "$want" ] || { cat "$TMP/pane" >&2; fail "$1x$2: line 2 on screen: $got"; }
	if LC_ALL=C grep -q "$(printf '\033')" "$TMP/pane"; then fail "$1x$2: a raw ESC reached the screen"; fi
	$T send-keys -t t q q q q
	wait_for "berth-exited-0"
}

run 80 24
run 200 60
[ -n "${CAPTURE:-}" ] && cat "$TMP/screen-80"
exit 0
