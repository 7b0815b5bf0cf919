#!/usr/bin/env bash
# verify_export.sh DIR NAME WEST SOUTH EAST NORTH LAYER:COUNT:GEOMETRY...
# Checks what `estate export --format all` wrote into DIR:
#  - ogrinfo -al -so opens every layer of estate.gpkg and every
#    <layer>.geojson with the expected feature count, geometry type and
#    CRS (EPSG:27700 in the GeoPackage, WGS 84 in GeoJSON);
#  - GDAL's validate_gpkg.py passes, and application_id / user_version
#    are those of GeoPackage 1.2;
#  - every GeoJSON coordinate lies inside the lon/lat box (catches
#    swapped axes), with no "crs" member;
#  - summary.html renders in headless Chromium without console errors;
#    the screenshot goes to build/screenshots/NAME.png for inspection.
set -eu
dir=$1 name=$2 w=$3 s=$4 e=$5 n=$6
shift 6
. "$(dirname "$0")/verify_lib.sh"

for spec in "$@"; do
	IFS=: read -r layer count geom <<<"$spec"
	info=$(ogrinfo -ro -al -so "$dir/estate.gpkg" "$layer" 2>&1) || fail "ogrinfo gpkg $layer: $info"
	grep -qx "Feature Count: $count" <<<"$info" || fail "gpkg $layer: expected $count features"
	grep -qx "Geometry: $geom" <<<"$info" || fail "gpkg $layer: expected geometry $geom"
	grep -q 'ID\["EPSG",27700\]' <<<"$info" || fail "gpkg $layer: not EPSG:27700"
	info=$(ogrinfo -ro -al -so "$dir/$layer.geojson" 2>&1) || fail "ogrinfo geojson $layer: $info"
	grep -qx "Feature Count: $count" <<<"$info" || fail "geojson $layer: expected $count features"
	grep -qx "Geometry: $geom" <<<"$info" || fail "geojson $layer: expected geometry $geom"
	grep -q 'ID\["EPSG",4326\]' <<<"$info" || fail "geojson $layer: not WGS 84"
done

check_gpkg_valid "$dir/estate.gpkg"

python3 - "$dir" "$w" "$s" "$e" "$n" "$@" <<'PY'
import json, sqlite3, sys
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
    layer = spec.split(":")[0]
    if layer != "councils":
        assert layer in styled, "no default style for " + layer
    fc = json.load(open(f"{d}/{layer}.geojson"))
    assert "crs" not in fc, layer + ": crs member"
    for f in fc["features"]:
        for lon, lat in walk(f["geometry"]["coordinates"]):
            assert w <= lon <= e and s <= lat <= n, f"{layer}: ({lon}, {lat}) outside the region"
PY

[ -f "$dir/summary.html" ] || fail "no summary.html"
check_renders "$dir/summary.html" "$name"
