#!/usr/bin/env bash
# peers.sh: estate travel side by side with scipy (issue 15, item 7; make
# bench). For each region size (PEERS_SIZES, default "medium scotland")
# and each k (PEERS_KS, default "1 5"): `estate travel` on a study file
# over the region, then ../shared/peers/scipy_peer.py on the same files,
# interleaved (estate, scipy, estate, scipy) so a change in the machine's
# load hits both. Each is a whole process, cold: estate writes to a fresh
# folder, so no workspace cache; both read files the page cache already
# holds. One row per process: wall and CPU (user + sys) seconds and peak
# RSS (/usr/bin/time -v), then the ratios scipy / estate (above 1: estate
# faster or smaller) and the per-zone agreement (peers_agree.py: estate's
# per-sector rows mapped together as the peers count them; see there).
#
# The regions come from ../shared/peers/gen_region.py (deterministic),
# kept in PEERS_CACHE (default build/bench/peers/SIZE) and reused. The
# peers' zones.csv holds points, which estate reads as they are (zones
# as points, issue 15 item 4).
# The peers snap to the nearest road node; the study asks estate for
# the same with [roads] snap = node when this estate knows that key
# (probed first), else estate's own snapping, which is nearest node.
# Needs /usr/bin/python3 with Debian's python3-numpy, -scipy, -pandas.
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
ESTATE=${ESTATE:-$ROOT/estate}
PEERS=${PEERS:-$ROOT/../shared/peers}
PY=/usr/bin/python3
CACHE=${PEERS_CACHE:-$ROOT/build/bench/peers}
SIZES=${PEERS_SIZES:-medium scotland}
KS=${PEERS_KS:-1 5}
BENCH=$ROOT/tests/bench

[ -f "$PEERS/scipy_peer.py" ] || { echo "peers: no $PEERS/scipy_peer.py (set PEERS=DIR)"; exit 2; }
$PY -c 'import numpy, scipy, pandas' 2>/dev/null ||
	{ echo "peers: /usr/bin/python3 lacks numpy, scipy or pandas (make deps)"; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Does this estate know [roads] snap = node? A study with the key and a
# roads file that does not exist: an unknown key fails on the key's line
# before any file is opened.
printf '[study]\nbase_year = 2023\n[schools]\nfile = none.csv\n[roads]\nfile = none.geojson\nsnap = node\n' >"$work/probe.ini"
if "$ESTATE" check "$work/probe.ini" 2>&1 | grep -q "unknown field 'snap'"; then
	snapline="; [roads] snap = node is not known to this estate: it snaps to the nearest node"
	snapnote="estate snaps to the nearest node (no snap key yet)"
else
	snapline="snap = node"
	snapnote="estate [roads] snap = node"
fi

model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
echo "peers: $(nproc) CPU ($model), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load before $(cut -d' ' -f1-3 /proc/loadavg)"
echo "peers: estate threads ${ESTATE_THREADS:-$(nproc) (the CPUs)}; $snapnote; $($PY -c 'import scipy; print("scipy", scipy.__version__)')"

# run LABEL CMD...: time one process into $work/LABEL.time (wall user sys KB).
run() {
	local label=$1
	shift
	/usr/bin/time -v -o "$work/$label.tv" "$@" >"$work/$label.out" 2>"$work/$label.err" ||
		{ echo "peers: $label failed:"; tail -3 "$work/$label.err"; return 1; }
	awk -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
		/User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { m = $2 }
		END { printf "%.2f %.2f %.2f %d\n", w, u, s, m }' "$work/$label.tv" >"$work/$label.time"
}

printf '%-9s %2s %-7s %8s %8s %8s %14s\n' size k tool wall_s cpu_s peak_MB checksum_m
for size in $SIZES; do
	data=$CACHE/$size
	if [ ! -f "$data/meta.json" ]; then
		echo "peers: generating $size in $data (gen_region.py)"
		mkdir -p "$data"
		$PY "$PEERS/gen_region.py" "$size" "$data" 2>/dev/null || { echo "peers: gen_region.py $size failed"; continue; }
	fi
	for k in $KS; do
		cat >"$work/study-$size-$k.ini" <<INI
; peers.sh: the $size region of ../shared/peers (gen_region.py), k = $k
[study]
name = peers $size
crs = EPSG:27700
base_year = 2023
output = out-$size-$k

[schools]
file = $data/schools.csv
id = school_id
name = name
sector = sector
x = easting
y = northing
capacity = capacity
crs = EPSG:27700

[zones]
file = $data/zones.csv
id = zone_id
x = easting
y = northing
crs = EPSG:27700

[roads]
file = $data/roads.geojson
k = $k
$snapline
INI
		run "estate-$size-$k" "$ESTATE" travel --out "$work/out-$size-$k" "$work/study-$size-$k.ini" || continue
		run "scipy-$size-$k" $PY "$PEERS/scipy_peer.py" "$data" --k "$k" || continue
		# The peer's per-zone values (untimed; its checksum must match).
		pz=$($PY "$BENCH/peers_zones.py" "$PEERS" "$data" "$k" "$work/peer-$size-$k.csv" 2>/dev/null)
		scs=$($PY -c 'import json,sys; print("%.1f" % json.loads(sys.stdin.readline())["checksum"])' <"$work/scipy-$size-$k.out")
		agree=$($PY "$BENCH/peers_agree.py" "$work/out-$size-$k/travel.csv" "$work/peer-$size-$k.csv" "$k")
		ecs=$(echo "$agree" | sed -n 's/.*estate checksum \([0-9.]*\) m.*/\1/p')
		read -r ew eu es ek <"$work/estate-$size-$k.time"
		read -r sw su ss sk <"$work/scipy-$size-$k.time"
		printf '%-9s %2s %-7s %8.2f %8.2f %8.0f %14s\n' "$size" "$k" estate "$ew" "$(awk "BEGIN {print $eu + $es}")" "$((ek / 1024))" "$ecs"
		printf '%-9s %2s %-7s %8.2f %8.2f %8.0f %14s\n' "$size" "$k" scipy "$sw" "$(awk "BEGIN {print $su + $ss}")" "$((sk / 1024))" "$scs"
		awk -v size="$size" -v k="$k" -v ew="$ew" -v sw="$sw" -v ec="$(awk "BEGIN {print $eu + $es}")" \
			-v sc="$(awk "BEGIN {print $su + $ss}")" -v ek="$ek" -v sk="$sk" 'BEGIN {
			printf "%-9s %2s %-7s %7.2fx %7.2fx %7.2fx   (scipy / estate: above 1, estate is faster or smaller)\n",
				size, k, "ratio", sw / ew, sc / ec, sk / ek }'
		printf '%-9s %2s %-7s %s\n' "$size" "$k" agree "$agree"
		[ "$pz" = "$scs" ] || echo "peers: $size k=$k: peers_zones.py checksum $pz differs from scipy_peer.py's $scs"
	done
done
echo "peers: load after $(cut -d' ' -f1-3 /proc/loadavg)"
