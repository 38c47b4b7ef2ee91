#!/bin/sh
# seeds.sh TARGET OUTDIR SHARED: copy seed inputs for one fuzz target.
target=$1
out=$2
shared=$3
n=0
copy() {
	for f in "$@"; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		cp "$f" "$out/seed-$n"
	done
}
case $target in
dockerfile|shell)
	copy $(find tests/fixtures -type f \( -name 'Dockerfile*' -o -name '*.Dockerfile' \) 2>/dev/null)
	[ -d "$shared/corpus" ] && copy $(find "$shared/corpus" -type f -name 'Dockerfile*')
	;;
compose|config)
	copy $(find tests/fixtures -type f \( -name '*.yaml' -o -name '*.yml' \) 2>/dev/null)
	[ -d "$shared/corpus" ] && copy $(find "$shared/corpus" -type f \( -name '*.yaml' -o -name '*.yml' \))
	;;
ignore)
	copy $(find tests/fixtures -type f -name '*.dockerignore' 2>/dev/null)
	[ -d "$shared/corpus" ] && copy $(find "$shared/corpus" -type f -name '.dockerignore')
	;;
esac
[ "$n" -gt 0 ] || printf 'FROM scratch\n' > "$out/seed-0"
echo "fuzz: $n seeds for $target"
