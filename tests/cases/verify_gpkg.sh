#!/usr/bin/env bash
# verify_gpkg.sh GPKG NAME THEME...
# The GeoPackage as GIS software reads it (issue 13, item 5):
#  - GDAL's validate_gpkg.py passes;
#  - every feature table has a gpkg_ogr_contents row whose count is the
#    table's row count, and GDAL's `ogrinfo -so` reports that count;
#  - reals are stored as the text outputs print them (distances in whole
#    metres, pupils to 0.1);
#  - the QGIS project stored in qgis_projects opens in headless QGIS 3.22
#    with one map theme per option (THEME...) and renders one
#    (verify_qgis.py; the PNG goes to build/screenshots/NAME_qgis.png).
#    Without python3-qgis that part is skipped with a message (make test
#    installs it).
set -eu
gpkg=$1 name=$2
shift 2
. "$(dirname "$0")/verify_lib.sh"

check_gpkg_valid "$gpkg"

tables=$(python3 -c 'import sqlite3,sys; [print(r[0]) for r in sqlite3.connect(sys.argv[1]).execute("SELECT table_name FROM gpkg_contents WHERE data_type = '"'features'"' ORDER BY table_name")]' "$gpkg")
[ -n "$tables" ] || fail "no feature tables"
for t in $tables; do
	read -r rows stored <<<"$(python3 -c 'import sqlite3,sys; db = sqlite3.connect(sys.argv[1]); print(db.execute("SELECT count(*) FROM " + sys.argv[2]).fetchone()[0], (db.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = ?", (sys.argv[2],)).fetchone() or ["none"])[0])' "$gpkg" "$t")"
	[ "$rows" = "$stored" ] || fail "$t: gpkg_ogr_contents says $stored, the table has $rows rows"
	info=$(ogrinfo -ro -so "$gpkg" "$t" 2>&1) || fail "ogrinfo $t: $info"
	grep -qx "Feature Count: $rows" <<<"$info" || fail "$t: ogrinfo $(grep 'Feature Count' <<<"$info"), expected $rows"
done

python3 - "$gpkg" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
bad = db.execute("SELECT count(*) FROM zones WHERE distance_m != round(distance_m)"
                 " OR abs(pupils * 10 - round(pupils * 10)) > 1e-6").fetchone()[0]
assert bad == 0, "%d zones with unrounded distance_m or pupils" % bad
PY

mkdir -p build/screenshots
rc=0
out=$(QT_QPA_PLATFORM=offscreen timeout 600 /usr/bin/python3 "$(dirname "$0")/verify_qgis.py" \
	"$gpkg" "build/screenshots/${name}_qgis.png" "$@" 2>&1) || rc=$?
if [ "$rc" = 77 ]; then
	echo "$out" >&2
elif [ "$rc" != 0 ]; then
	fail "QGIS: $(grep -v '^QStandardPaths\|^Warning' <<<"$out" | tail -5)"
fi
