#!/usr/bin/env bash
# netcache.sh: the network cache at Scotland size (issue 15 item 2). On
# the peers' synthetic `scotland` region (../shared/peers/gen_region.py:
# 1 M road nodes, 1.8 M links, 2,500 schools, 7,000 zones), generated
# into REGION (default /tmp/scot) unless its roads.geojson is there, it
# writes a study beside it (zones as 2 m squares round the peers' zone
# points, k = 5) and times, whole process (GNU time: wall, user, sys,
# peak RSS), with ESTATE_TRACE=net saying where network and tables came
# from:
#   travel cold      no workspace: roads read, graph built, tables searched
#   travel warm      the same again: tables from the cache
#   check warm       the network from the cache, zones and schools snapped
#   travel k=4       network from the cache, tables searched anew (k changed)
# and the Edinburgh demo's `estate run` cold (fresh folder) and warm, as
# bundled and with the region's 1.8 M road links for its roads (the same
# study and scenarios, whose new schools need the graph: the warm run
# loads it rather than read 360 MB of GeoJSON). On
# a shared machine compare CPU seconds (user + sys); the load average is
# printed before and after. Usage: bash tests/bench/netcache.sh [REGION]
set -u
cd "$(dirname "$0")/../.." || exit 2
ESTATE=${ESTATE:-$PWD/estate}
region=${1:-/tmp/scot}
peers=$(cd .. && pwd)/shared/peers
if [ ! -f "$region/roads.geojson" ]; then
	/usr/bin/python3 "$peers/gen_region.py" scotland "$region" || exit 1
fi
study=$region/estate
mkdir -p "$study"
# The peers' zones are points; estate's zones are polygons (until zones
# as points land): a 2 m square round each point, whose representative
# point is the point itself.
awk -F, 'NR > 1 { printf "%s{\"type\":\"Feature\",\"properties\":{\"ZoneId\":\"%s\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f],[%.2f,%.2f]]]}}\n",
	(NR > 2 ? "," : ""), $1, $2 - 1, $3 - 1, $2 + 1, $3 - 1, $2 + 1, $3 + 1, $2 - 1, $3 + 1, $2 - 1, $3 - 1 }' \
	"$region/zones.csv" > "$study/zones.body" || exit 1
{
	echo '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":['
	cat "$study/zones.body"
	echo ']}'
} > "$study/zones.geojson"
rm -f "$study/zones.body"
write_study() {
	cat > "$study/$1" <<EOF
; $1: the peers' synthetic scotland region (tests/bench/netcache.sh)
[study]
name = synthetic scotland (peers)
crs = EPSG:27700
base_year = 2023
output = out

[schools]
file = $region/schools.csv
id = school_id
name = name
sector = sector
x = easting
y = northing
crs = EPSG:27700
capacity = capacity

[zones]
file = zones.geojson
id = ZoneId

[roads]
file = $region/roads.geojson
class.local = residential
class.arterial = primary
speed = speed_kph
k = $2
EOF
}
write_study study.ini 5
write_study study_k4.ini 4
rm -rf "$study/out"
tmp=$(mktemp -d)
echo "netcache: $(nproc) CPU, load before $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-26s %8s %8s %8s %8s  %s\n' step wall_s user_s sys_s rss_mb "network / tables"
step() {
	local name=$1
	shift
	ESTATE_TRACE=net /usr/bin/time -o "$tmp/time" -f '%e %U %S %M' "$ESTATE" "$@" \
		>"$tmp/stdout" 2>"$tmp/stderr" || echo "netcache: $name failed"
	read -r wall user sys rss < <(tail -n 1 "$tmp/time")
	printf '%-26s %8s %8s %8s %8d  %s\n' "$name" "$wall" "$user" "$sys" $((rss / 1024)) \
		"$(sed -n 's/^estate: \(network\|travel tables\): //p' "$tmp/stderr" | tr '\n' ' ')"
}
step "travel k=5 cold" travel "$study/study.ini"
step "travel k=5 warm" travel "$study/study.ini"
step "check warm" check "$study/study.ini"
step "travel k=4 (network warm)" travel "$study/study_k4.ini"
step "run Edinburgh cold" run --out "$tmp/ed" scenarios/edinburgh/study.ini
step "run Edinburgh warm" run --out "$tmp/ed" scenarios/edinburgh/study.ini
# The demo with Scotland-size roads: paths made absolute, [roads] swapped.
mkdir -p "$tmp/edbig"
cp scenarios/edinburgh/* "$tmp/edbig/"
sed -i "s#\.\./\.\./#$PWD/#; /^\[roads\]/,/^\[/{s#^file = .*#file = $region/roads.geojson\nclass.local = residential\nclass.arterial = primary\nspeed = speed_kph#; /^id = identifier/d}" \
	"$tmp/edbig/study.ini"
step "run Edinburgh, big roads, cold" run --out "$tmp/edbig-out" "$tmp/edbig/study.ini"
step "run Edinburgh, big roads, warm" run --out "$tmp/edbig-out" "$tmp/edbig/study.ini"
echo "netcache: load after $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$tmp"
