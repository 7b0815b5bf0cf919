#!/usr/bin/env bash
# studies.sh: time the bundled real studies end to end (make bench):
# estate check, project and run (with every bundled option) on the
# Northern Alliance and all of Scotland, one row per command: wall and
# user seconds and peak RSS (GNU time), with the machine. Outputs go to a
# scratch folder, removed afterwards.
set -u
cd "$(dirname "$0")/../.." || exit 2
ESTATE=${ESTATE:-./estate}
out=$(mktemp -d)
echo "studies: $(nproc) CPU, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1 /proc/loadavg)"
printf '%-18s %-8s %8s %8s %9s\n' study command wall_s user_s peak_MB
for study in northern-alliance scotland; do
	for cmd in check project run; do
		opt=""
		[ "$cmd" = check ] || opt="--out $out/$study-$cmd"
		/usr/bin/time -o "$out/time" -f '%e %U %M' \
			"$ESTATE" $cmd $opt "scenarios/$study/study.ini" >/dev/null 2>&1 ||
			echo "studies: $study $cmd failed"
		read -r wall user kb <"$out/time"
		printf '%-18s %-8s %8s %8s %9.0f\n' "$study" "$cmd" "$wall" "$user" "$((kb / 1024))"
	done
done
rm -rf "$out"
