#!/usr/bin/env bash
# verify_run.sh DIR NAME WEST SOUTH EAST NORTH LAYER:COUNT:GEOMETRY...
# Checks the map outputs `estate run` wrote into DIR:
#  - ogrinfo -al -so opens every layer of estate.gpkg with the expected
#    feature count (all scenarios), geometry type and EPSG:27700;
#  - ogrinfo opens every geojson/<scenario>_<layer>.geojson, in WGS 84,
#    with as many features as the GeoPackage has for that scenario and
#    (when not empty) the layer's geometry type;
#  - GDAL's validate_gpkg.py passes; application_id / user_version are
#    GeoPackage 1.2's; every layer has a default QGIS style;
#  - every GeoJSON coordinate lies inside the lon/lat box, no "crs";
#  - summary.html has exactly one map and one chart per scenario and
#    renders in headless Chromium without console errors; the screenshot
#    goes to build/screenshots/NAME.png for inspection.
set -eu
dir=$1 name=$2 w=$3 s=$4 e=$5 n=$6
shift 6
. "$(dirname "$0")/verify_lib.sh"
gpkg=$dir/estate.gpkg

scenarios=$(sqlite3 "$gpkg" "SELECT DISTINCT scenario FROM schools ORDER BY fid" 2>/dev/null ||
	python3 -c 'import sqlite3,sys; [print(r[0]) for r in sqlite3.connect(sys.argv[1]).execute("SELECT DISTINCT scenario FROM schools ORDER BY fid")]' "$gpkg")
[ -n "$scenarios" ] || fail "no scenarios in $gpkg"
nsc=$(wc -l <<<"$scenarios")

for spec in "$@"; do
	IFS=: read -r layer count geom <<<"$spec"
	info=$(ogrinfo -ro -al -so "$gpkg" "$layer" 2>&1) || fail "ogrinfo gpkg $layer: $info"
	grep -qx "Feature Count: $count" <<<"$info" || fail "gpkg $layer: expected $count features: $(grep 'Feature Count' <<<"$info")"
	grep -qx "Geometry: $geom" <<<"$info" || fail "gpkg $layer: expected geometry $geom"
	grep -q 'ID\["EPSG",27700\]' <<<"$info" || fail "gpkg $layer: not EPSG:27700"
	grep -q '^scenario: String' <<<"$info" || fail "gpkg $layer: no scenario column"
	while IFS= read -r sc; do
		f=$dir/geojson/${sc}_$layer.geojson
		want=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM " + sys.argv[2] + " WHERE scenario = ?", (sys.argv[3],)).fetchone()[0])' "$gpkg" "$layer" "$sc")
		info=$(ogrinfo -ro -al -so "$f" 2>&1) || fail "ogrinfo $f: $info"
		grep -qx "Feature Count: $want" <<<"$info" || fail "$f: expected $want features"
		[ "$want" = 0 ] || grep -qx "Geometry: $geom" <<<"$info" || fail "$f: expected geometry $geom"
		grep -q 'ID\["EPSG",4326\]' <<<"$info" || fail "$f: not WGS 84"
	done <<<"$scenarios"
done

check_gpkg_valid "$gpkg"

python3 - "$dir" "$w" "$s" "$e" "$n" "$@" <<'PY'
import glob, json, sqlite3, sys
d, w, s, e, n = sys.argv[1], *map(float, sys.argv[2:6])
db = sqlite3.connect(d + "/estate.gpkg")
assert db.execute("PRAGMA application_id").fetchone()[0] == 1196444487, "application_id"
assert db.execute("PRAGMA user_version").fetchone()[0] == 10200, "user_version"
styled = {r[0] for r in db.execute("SELECT f_table_name FROM layer_styles WHERE useAsDefault")}
def walk(c):
    if isinstance(c[0], (int, float)):
        yield c
    else:
        for x in c:
            yield from walk(x)
for spec in sys.argv[6:]:
    assert spec.split(":")[0] in styled, "no default style for " + spec
files = glob.glob(d + "/geojson/*.geojson")
assert files, "no geojson files"
for path in files:
    fc = json.load(open(path))
    assert "crs" not in fc, path + ": crs member"
    for f in fc["features"]:
        if f["geometry"] is None:
            continue
        for lon, lat in walk(f["geometry"]["coordinates"]):
            assert w <= lon <= e and s <= lat <= n, f"{path}: ({lon}, {lat}) outside the region"
PY

html=$dir/summary.html
[ -f "$html" ] || fail "no summary.html"
maps=$(grep -o '<figure class="map">' "$html" | wc -l)
charts=$(grep -o '<figure class="chart">' "$html" | wc -l)
[ "$maps" = "$nsc" ] || fail "summary.html: $maps maps for $nsc scenarios"
[ "$charts" = "$nsc" ] || fail "summary.html: $charts charts for $nsc scenarios"
grep -q '@media print' "$html" || fail "summary.html: no print stylesheet"
! grep -qiE '<script|https?://[^"]*\.(js|css|png|woff)' "$html" || fail "summary.html: external resources"
check_renders "$html" "$name"
