#!/bin/sh
# make bench: berth's speed and memory against the floor of just finding and
# reading the files. Prints figures; asserts nothing (no test times anything).
#
#   BENCH_SIZES="1000 4000 12000"   monorepo sizes in files (5/6 Dockerfiles, 1/6 Compose)
#   BENCH_DIR=/tmp/x                where the monorepos go (kept for re-runs)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
BERTH=${BERTH:-$top/berth}
sizes=${BENCH_SIZES:-"1000 4000 12000"}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}/berth-bench}
bin=$top/build/bench
mkdir -p "$bin" "$dir"
cc -O2 -o "$bin/gen" tests/bench/gen.c
cc -O2 -o "$bin/floor" tests/bench/floor.c
cc -O2 -o "$bin/timer" tests/bench/timer.c

# measure LABEL CMD...: wall, user+sys, peak RSS of one run (best of 3 for wall; timer.c, not time(1))
measure() {
	label=$1
	shift
	best=""
	for i in 1 2 3; do
		"$bin/timer" "$bin/time.out" "$@" || true
		read -r wall user sys rss <<EOF
$(tail -n 1 "$bin/time.out")
EOF
		if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then
			best=$wall
			bestcpu=$(awk "BEGIN{printf \"%.2f\", $user + $sys}")
			bestrss=$rss
		fi
	done
	printf '%-44s %8.3f s %8s s %8.1f MB\n' "$label" "$best" "$bestcpu" "$(awk "BEGIN{print $bestrss/1024}")"
	last_wall=$best
}

# The TUI's first full screen: the scripted mode dumps the screen as its
# first action; the time is until that dump exists (the scan goes on behind).
tui_first_screen() {
	printf ':dump %s\n:wait\nq\nq\n' "$bin/screen.txt" > "$bin/script.txt"
	rm -f "$bin/screen.txt"
	start=$(date +%s%N)
	BERTH_SCRIPT="$bin/script.txt" BERTH_COLUMNS=120 BERTH_LINES=40 LANG=C.UTF-8 TERM=xterm-256color \
		"$BERTH" "$1" >/dev/null 2>&1 &
	pid=$!
	while [ ! -s "$bin/screen.txt" ] && kill -0 "$pid" 2>/dev/null; do
		sleep 0.002
	done
	end=$(date +%s%N)
	wait "$pid" || true
	printf '%-44s %8.3f s\n' "TUI first screen ($2 files)" "$(awk "BEGIN{print ($end - $start) / 1e9}")"
}

printf '%-44s %10s %10s %11s\n' "what" "wall" "cpu" "peak RSS"
for n in $sizes; do
	repo=$dir/mono-$n
	nd=$((n * 5 / 6))
	nc=$((n - nd))
	if [ ! -d "$repo/.git" ]; then
		rm -rf "$repo"
		"$bin/gen" "$repo" "$nd" "$nc" 20261127
		(cd "$repo" && git init -q && git add -A && \
			git -c user.name=bench -c user.email=bench@berth.invalid commit -q -m bench)
	fi
	measure "floor: git ls-files + read ($n files)" \
		sh -c "cd '$repo' && git ls-files --cached --others --exclude-standard | '$bin/floor'"
	floor=$last_wall
	measure "berth check --format json ($n files)" "$BERTH" check --format json "$repo"
	printf '%-44s %8.1fx the floor\n' "  ratio" "$(awk "BEGIN{print ($floor > 0) ? $last_wall / $floor : 0}")"
	# where one run's wall time goes (BERTH_TIMING: open+config, scan, report, free)
	BERTH_TIMING=1 "$BERTH" check --format json "$repo" 2>&1 >/dev/null |
		awk '/^berth: / { printf "  %-42s %8.3f s\n", "phase " $2, $3 / 1000 }'
	# json and sarif give every finding its fix level and note (fix_annotate); tty does not
	measure "berth check --format sarif ($n files)" "$BERTH" check --format sarif "$repo"
	measure "berth check --format tty ($n files)" "$BERTH" check --format tty "$repo"
	measure "berth fix --dry-run ($n files)" "$BERTH" fix --dry-run "$repo"
	tui_first_screen "$repo" "$n"
done

shared=${BERTH_SHARED:-$top/../shared}
if [ -d "$shared/corpus" ]; then
	measure "berth check --format json (shared corpus)" "$BERTH" check --format json "$shared/corpus"
else
	echo "shared corpus not found at $shared/corpus: skipped"
fi

one=$dir/one
mkdir -p "$one"
printf 'FROM python:3.11.11-slim\nWORKDIR /app\nCOPY app.py .\nUSER 1000\nCMD ["python", "app.py"]\n' > "$one/Dockerfile"
measure "berth check, a single small file" "$BERTH" check "$one/Dockerfile"
# time(1) counts in 10 ms steps: the mean of 200 runs says more about start-up
start=$(date +%s%N)
for i in $(seq 200); do "$BERTH" check "$one/Dockerfile" >/dev/null 2>&1 || true; done
end=$(date +%s%N)
printf '%-44s %8.1f ms\n' "  mean of 200 runs (process start included)" "$(awk "BEGIN{print ($end - $start) / 200 / 1e6}")"
start=$(date +%s%N)
for i in $(seq 200); do "$BERTH" check "$top/examples/shop" >/dev/null 2>&1 || true; done
end=$(date +%s%N)
printf '%-44s %8.1f ms\n' "berth check, the demo (10 files), mean of 200" "$(awk "BEGIN{print ($end - $start) / 200 / 1e6}")"
