#!/usr/bin/env bash
# search.sh: time the searches on the Edinburgh demo (make bench; issue
# 14's targets): estate site among the 503 cells of a 680 m grid (target
# under 2 s) and estate closures of all 90 primaries (target under 5 s),
# each end to end (loading, projection, travel from the cache, baseline
# included); estate rezone of the primaries (target: within 60 s, the
# optimality gap printed), and the same without contiguity (the plain
# assignment MIP the README compares with). Wall, user and system seconds (GNU time): on a shared
# machine compare the CPU seconds (user + sys); the load average is
# printed before and after. Outputs go to a scratch folder, removed after.
set -u
cd "$(dirname "$0")/../.." || exit 2
ESTATE=${ESTATE:-./estate}
out=$(mktemp -d)
study=scenarios/edinburgh/study.ini
echo "search: $(nproc) CPU, load before $(cut -d' ' -f1-3 /proc/loadavg)"
# Warm the travel cache first (the run's table is shared by every command).
"$ESTATE" travel --out "$out/site" "$study" >/dev/null 2>&1
cp -r "$out/site" "$out/closures"
cp -r "$out/site" "$out/rezone"
cp -r "$out/site" "$out/plain"
printf '%-36s %8s %8s %8s\n' search wall_s user_s sys_s
run() {
	local name=$1
	shift
	/usr/bin/time -o "$out/time" -f '%e %U %S' "$ESTATE" "$@" >"$out/stdout" 2>/dev/null ||
		echo "search: $name failed"
	read -r wall user sys <"$out/time"
	printf '%-36s %8s %8s %8s\n' "$name" "$wall" "$user" "$sys"
}
run "site --grid 680 (503 sites)" site --sector primary --grid 680 --out "$out/site" "$study"
run "closures --sector primary (90)" closures --sector primary --out "$out/closures" "$study"
run "rezone --sector primary (60 s)" rezone --sector primary --time-limit 60 --out "$out/rezone" "$study"
grep -E '^[a-z-]+: [0-9]+ schools|objective|gap|in band|more than one piece' "$out/stdout"
run "rezone --no-contiguity" rezone --sector primary --time-limit 60 --no-contiguity --out "$out/plain" "$study"
grep -E '^[a-z-]+: [0-9]+ schools|objective|in band|more than one piece' "$out/stdout"
echo "search: load after $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$out"
