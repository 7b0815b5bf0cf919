#!/usr/bin/env bash
# snap_change.sh: how much snapping onto links ([roads] snap = link)
# moves a study's distances against the nearest-junction rule (snap =
# node). Runs `estate travel` on STUDY twice, into OUT/link and OUT/node
# (the study is copied beside itself with the snap key set, so relative
# paths still resolve), then compares each zone's walking distance to its
# nearest school of each sector and stream (rank 1): median and largest
# change (link - node), over all zones and over those measured on the
# network both times, and how many zones change nearest school.
#
#   bash tests/bench/snap_change.sh [STUDY [OUT]]
#   defaults: scenarios/edinburgh/study.ini output/snap_change
set -eu
cd "$(dirname "$0")/../.."
study=${1:-scenarios/edinburgh/study.ini}
out=${2:-output/snap_change}
est=${ESTATE:-./estate}
dir=$(dirname "$study")
mkdir -p "$out"
for rule in link node; do
	tmp="$dir/.snap_change_$rule.ini"
	# Drop any snap key of the study, then set the rule under [roads].
	sed '/^snap *=/d; s/^\[roads\]$/[roads]\nsnap = '"$rule"'/' "$study" > "$tmp"
	"$est" travel --out "$out/$rule" "$tmp" > /dev/null
	rm -f "$tmp"
done
# Rank-1 walking rows keyed by zone, sector, stream: distance, school, method.
python3 - "$out/node/travel.csv" "$out/link/travel.csv" <<'PY'
import csv, statistics, sys
def nearest(path):
    d = {}
    for r in csv.DictReader(open(path)):
        if r['mode'] == 'walk' and r['rank'] == '1':
            d[(r['zone_id'], r['sector'], r['stream'])] = (float(r['distance_m']), r['school_id'], r['method'])
    return d
node, link = nearest(sys.argv[1]), nearest(sys.argv[2])
keys = sorted(k for k in node if k in link)
def show(label, ks):
    ch = [link[k][0] - node[k][0] for k in ks]
    ab = sorted(abs(c) for c in ch)
    print('%-34s %5d  median %+7.1f m  median |change| %6.1f m  largest %+7.1f / %+7.1f m'
          % (label, len(ks), statistics.median(ch), statistics.median(ab), min(ch), max(ch)))
show('zone x sector x stream, all', keys)
show('  both on the network', [k for k in keys if node[k][2] == link[k][2] == 'network'])
print('nearest school changed: %d of %d' % (sum(node[k][1] != link[k][1] for k in keys), len(keys)))
PY
