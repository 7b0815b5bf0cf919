#!/usr/bin/env bash
# osm_read.sh [ROADS_BENCH]: the OpenStreetMap reader timed on the largest
# OSM files we have (README "Road sources"): tests/data/osm/monaco.osm.pbf
# (1.7 MB, 180,118 nodes) and the same as XML (42 MB, made with
# `osmium cat` when osmium-tool is installed), and the demo's roads as OSM
# (tests/data/osm/edinburgh_roads.osm.pbf). Each is read three times by
# roads_bench (the [roads] layer alone: wall and CPU seconds, links, peak
# RSS), in UTM 32N for Monaco and BNG for Edinburgh.
# ROADS_BENCH defaults to build/bench/roads_bench (make it first).
set -eu
cd "$(dirname "$0")/../.."
bench=${1:-build/bench/roads_bench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

study() { # NAME FILE CRS
	printf '[study]\nbase_year = 2023\ncrs = %s\n[schools]\nfile = s.csv\n[roads]\nfile = %s\n' \
		"$3" "$2" > "$tmp/$1.ini"
}
study monaco_pbf "$PWD/tests/data/osm/monaco.osm.pbf" EPSG:32632
study edinburgh_pbf "$PWD/tests/data/osm/edinburgh_roads.osm.pbf" EPSG:27700
names="monaco_pbf edinburgh_pbf"
if command -v osmium >/dev/null; then
	osmium cat -o "$tmp/monaco.osm" tests/data/osm/monaco.osm.pbf
	study monaco_xml "$tmp/monaco.osm" EPSG:32632
	names="monaco_pbf monaco_xml edinburgh_pbf"
fi
for n in $names; do
	for i in 1 2 3; do
		printf '%-14s ' "$n"
		"$bench" "$tmp/$n.ini" stream
	done
done
