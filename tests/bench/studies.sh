#!/usr/bin/env bash
# studies.sh: time the bundled real studies end to end (make bench):
# estate check, project and run (with every bundled option) on the
# Northern Alliance and all of Scotland, one row per command: wall, user
# and system seconds and peak RSS (GNU time), then a total per study (the
# sum of the three commands' wall and CPU seconds, the largest peak).
# The machine (CPUs, model, memory) and its load average before and after
# are printed: on a shared machine the wall time depends on the load, the
# CPU time (user + sys) much less, so compare CPU seconds between runs.
# Outputs go to a scratch folder, removed afterwards.
set -u
cd "$(dirname "$0")/../.." || exit 2
ESTATE=${ESTATE:-./estate}
out=$(mktemp -d)
model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
echo "studies: $(nproc) CPU ($model), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load before $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-18s %-8s %8s %8s %8s %9s\n' study command wall_s user_s sys_s peak_MB
for study in northern-alliance scotland; do
	tw=0 tu=0 ts=0 tk=0
	for cmd in check project run; do
		opt=""
		[ "$cmd" = check ] || opt="--out $out/$study-$cmd"
		/usr/bin/time -o "$out/time" -f '%e %U %S %M' \
			"$ESTATE" $cmd $opt "scenarios/$study/study.ini" >/dev/null 2>&1 ||
			echo "studies: $study $cmd failed"
		read -r wall user sys kb <"$out/time"
		printf '%-18s %-8s %8s %8s %8s %9.0f\n' "$study" "$cmd" "$wall" "$user" "$sys" "$((kb / 1024))"
		tw=$(awk "BEGIN {print $tw + $wall}")
		tu=$(awk "BEGIN {print $tu + $user}")
		ts=$(awk "BEGIN {print $ts + $sys}")
		[ "$kb" -gt "$tk" ] && tk=$kb
	done
	printf '%-18s %-8s %8.2f %8.2f %8.2f %9.0f\n' "$study" total "$tw" "$tu" "$ts" "$((tk / 1024))"
done
echo "studies: load after $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$out"
