#!/usr/bin/env bash
# run.sh [ESTATE]: the PostGIS store and PostGIS inputs against a real
# PostgreSQL 15 + PostGIS 3 (Debian's postgresql-15 and
# postgresql-15-postgis-3, installed by `make deps`), started once in a
# temporary folder (server.sh: Unix socket there, no TCP; as the
# "postgres" user when run as root) and stopped on exit whatever happens.
#
# The Edinburgh demo's zones and schools are loaded into the database
# with ogr2ogr; the checks, in order (each later one builds on the state
# the earlier ones leave):
#   inputs      a run reading them from PostGIS gives the same files,
#               byte for byte, as the GeoJSON/CSV study
#   store       that run ([output] database) wrote the schema: every
#               feature table equals estate.gpkg's row by row (ogr2ogr
#               dumps of both), the kpis, comparison and shapefile_fields
#               tables equal the CSVs, geometry columns typed in
#               EPSG:27700, no overrides table (no overrides.csv)
#   replace     a second run (--to, which wins over a study key naming a
#               missing database) with other scenarios replaced the
#               first: only its scenarios, its counts, no staging schema
#               (one left as by a killed run was dropped)
#   grants      the README's default privileges let readers read it
#   failed      a run failing after the first table
#               (ESTATE_TEST_PG_FAIL_AFTER=1) left the second run's
#               results and no staging schema; exit 1, folder unwritten
#   locked      a run while another holds the schema is refused at once
#   foreign     a schema estate did not write is not replaced
#   dependents  nor one whose tables a view outside it needs
#   public      a colleague's public.schools (a table of one of our
#               names on the search path) is left as it was
#   styles      estate.gpkg's QGIS styles went into public.layer_styles
#               (7 rows, the geometry types QGIS matches on) and QGIS
#               headless draws and labels each table opened from PostGIS
#               as the GeoPackage's layer (tests/pg/verify_styles.py)
#   styles_replace  the next run replaced them (no duplicates) and kept
#               a style a user saved under a name of their own
#   variants    a run with --variants stored the comparison of every
#               variant (comparison_variants, low to high, and
#               variants): every row and column equals the CSV files'
#               text cast to the stored type, the columns typed as the
#               comparison table's
#   variants_failed  a --variants run failing at the variants table
#               left that run's 15 tables as they were
#   types       a run whose second scenario's running cost exceeds 2^31
#               (tests/pg/costly-running.ini) stored kpis with that
#               column bigint, every scenario's rows equal to its
#               kpis.csv; overrides and shapefile_fields equal their CSVs
#   badconn     bad connection strings: exit 1 (2 for a non-PG: --to),
#               the password masked, nothing written
#   nopostgis   a database without PostGIS is refused with the fix
#   styles_noright  a role that may not write public.layer_styles stores
#               its tables without the styles and says so
# Prints "ok NAME" or "FAIL NAME: why" per check, then
# "pg: N passed, N failed" (or "pg: SKIP ..." when the server binaries
# are absent: then nothing is counted).
set -u
# ESTATE (the argument, else $ESTATE, else ./estate): the binary, or a
# command that runs it with the binary's absolute path last, as the CLI
# cases take it: `make valgrind` passes "valgrind -q --error-exitcode=99
# ... $PWD/estate" (tests/run_all.sh), and every check then fails on a
# memory error as on a wrong exit code. A binary's path is taken from
# the caller's folder.
cmd=${1:-${ESTATE:-./estate}}
if [ -f "$cmd" ]; then
	ESTATE=("$(realpath "$cmd")")
else
	read -ra ESTATE <<< "$cmd"
fi
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
. tests/pg/server.sh

if [ -z "$pg_bin" ]; then
	echo "pg: SKIP (no PostgreSQL 15 server: make deps installs postgresql-15 and postgresql-15-postgis-3)"
	exit 0
fi
for tool in psql ogr2ogr ogrinfo; do
	command -v $tool >/dev/null || { echo "FAIL pg: $tool not found"; echo "pg: 0 passed, 1 failed"; exit 1; }
done

TMP=$(mktemp -d)
# The server (as postgres) must reach its folder inside TMP.
chmod 755 "$TMP"
mkdir "$TMP/pg" "$TMP/work"
trap 'pg_stop; rm -rf "$TMP"' EXIT
W=$TMP/work
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
sql() { psql -qtAX -v ON_ERROR_STOP=1 -c "$1"; }

if ! pg_start "$TMP/pg"; then
	echo "FAIL pg: the server did not start"
	echo "pg: 0 passed, 1 failed"
	exit 1
fi

E=$ROOT/gis/edinburgh
SC=$ROOT/scenarios/edinburgh
S=city_of_edinburgh_learning_estate_demo
# The demo's inputs into schema council, as a GIS team would load them.
sql 'CREATE SCHEMA council'
ogr2ogr -f PostgreSQL PG:dbname=estate "$E/zones.geojson" -nln council.zones 2>/dev/null &&
ogr2ogr -f PostgreSQL PG:dbname=estate "$E/schools.csv" -nln council.schools \
	-oo X_POSSIBLE_NAMES=GridRefEasting -oo Y_POSSIBLE_NAMES=GridRefNorthing \
	-oo KEEP_GEOM_COLUMNS=YES -a_srs EPSG:27700 2>/dev/null ||
	bad load "ogr2ogr could not load the demo"

# ref.ini: the demo as bundled (paths made absolute); pg.ini: its schools
# and zones from PostGIS, results stored by the study's key; pg2.ini: the
# key naming a database that does not exist (--to must win).
sed -e "s#\.\./\.\./#$ROOT/#g" -e '/^output = /d' -e '/^scenarios = /d' "$SC/study.ini" > "$W/ref.ini"
sed -e 's#^file = .*/schools.csv#file = PG:dbname=estate\nlayer = council.schools#' \
    -e 's#^file = .*/zones.geojson#file = PG:dbname=estate\nlayer = council.zones#' \
    -e '/^x = /d' -e '/^y = /d' "$W/ref.ini" > "$W/pg.ini"
cp "$W/pg.ini" "$W/pg2.ini"
printf '\n[output]\ndatabase = PG:dbname=estate\n' >> "$W/pg.ini"
printf '\n[output]\ndatabase = PG:dbname=nosuch\n' >> "$W/pg2.ini"
RUN1="$SC/close-hillwood.ini $SC/extend-trinity.ini $SC/new-granton.ini"
RUN2="$SC/close-hillwood.ini $SC/rezone-canaan-lane.ini"

# --- inputs: PostGIS layers give the files' run, byte for byte.
"${ESTATE[@]}" run --out "$W/ref" "$W/ref.ini" $RUN1 > "$W/ref.txt" 2> "$W/ref.err"
# A colleague's table on the search path with the name of one of ours.
sql "CREATE TABLE public.schools (id int); INSERT INTO public.schools VALUES (7)"
"${ESTATE[@]}" run --out "$W/run1" "$W/pg.ini" $RUN1 > "$W/run1.txt" 2> "$W/run1.err"
rc=$?
why=""
[ $rc = 0 ] || why="exit $rc: $(tail -1 "$W/run1.err")"
n=0
if [ -z "$why" ]; then
	# data_quality.csv names rows as each reader numbers them (CSV line,
	# GeoJSON feature, database fid): the one file allowed to differ.
	for f in $(cd "$W/ref" && find . -type f ! -name data_quality.csv ! -name workspace.sqlite | sort); do
		n=$((n + 1))
		cmp -s "$W/ref/$f" "$W/run1/$f" || { why="$f differs"; break; }
	done
	[ -n "$why" ] || [ $n -ge 20 ] || why="only $n files compared"
fi
[ -z "$why" ] && ok "inputs ($n files identical)" || bad inputs "$why"

# csv_equal TABLE FILE [KEY VALUE]: the stored table's rows (those with
# KEY = VALUE) against FILE's, row by row in fid order: its columns (but
# fid and KEY) are the file's header, in order, and every value equals
# the file's text (loaded by PostgreSQL's own COPY into a text table),
# cast to the stored column's type ("" as NULL). Prints the first reason
# it does not, nothing when equal.
csv_equal() {
	local t=$1 f=$2 key=${3:-} where="" head cols expr bad rows
	[ -n "$key" ] && where="WHERE $key = '$4'"
	head=$(head -1 "$f")
	cols=$(sql "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns
		WHERE table_schema = '$S' AND table_name = '$t' AND column_name NOT IN ('fid', '$key')")
	[ "$cols" = "$head" ] || { echo "$t columns $cols, $f has $head"; return; }
	sql "SET client_min_messages = warning; DROP TABLE IF EXISTS chk.raw; CREATE TABLE chk.raw (n serial, $(echo "$head" | sed 's/,/ text, /g') text)"
	psql -qtAX -v ON_ERROR_STOP=1 -c "\\copy chk.raw ($head) FROM '$f' CSV HEADER" || { echo "cannot load $f"; return; }
	expr=$(sql "SELECT string_agg(format('s.%I IS NOT DISTINCT FROM nullif(r.%I, '''')::%s', column_name, column_name, data_type), ' AND ')
		FROM information_schema.columns WHERE table_schema = '$S' AND table_name = '$t' AND column_name NOT IN ('fid', '$key')")
	bad=$(sql "SELECT count(*) FROM (SELECT row_number() OVER (ORDER BY fid) AS n, * FROM $S.$t $where) s
		FULL JOIN chk.raw r USING (n) WHERE NOT ($expr)")
	rows=$(sql "SELECT count(*) FROM chk.raw")
	[ "$bad" = 0 ] || { echo "$t${4:+ ($4)}: $bad of $rows rows differ from $f"; return; }
	[ "$rows" -gt 0 ] || echo "$f has no rows"
}
# Asked high first: the table is low, central, high whatever the order.
# types TABLE: its columns (but fid and variant) with their types.
types() { sql "SELECT string_agg(column_name || ' ' || data_type, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = '$S' AND table_name = '$1' AND column_name NOT IN ('fid', 'variant')"; }
sql 'CREATE SCHEMA chk'

# --- store: the schema holds estate.gpkg's tables, row by row.
# A layer dumped by ogr2ogr (CSV, WKT geometry, in fid order): the same
# text from the GeoPackage and from PostGIS when the rows are equal.
dump() { ogr2ogr -f CSV /vsistdout/ "$1" -dialect OGRSQL -sql "SELECT * FROM \"$2\" ORDER BY fid" -lco GEOMETRY=AS_WKT 2>&1; }
# rows: per table its rows in the GeoPackage and in the schema.
rows() {
	local t
	for t in schools zones catchments desire_lines changes councils; do
		echo "$t $(ogrinfo -ro -so "$1" "$2$t" | sed -n 's/^Feature Count: //p')"
	done
}
# check_store NAME FULL FOLDER SCENARIOS...: the schema against the run
# in FOLDER; FULL=1 compares every row of the feature tables (dumps),
# else their row counts (ogrinfo).
check_store() {
	local name=$1 full=$2 dir=$3 t why="" want got
	shift 3
	for t in schools zones catchments desire_lines changes councils; do
		[ $full = 1 ] || break
		want=$(dump "$dir/estate.gpkg" $t)
		got=$(dump PG:dbname=estate "$S.$t")
		[ -n "$want" ] && [ "$want" = "$got" ] || { why="table $t differs from estate.gpkg"; break; }
		[ "$(echo "$want" | wc -l)" -gt 1 ] || { why="table $t is empty"; break; }
	done
	[ -n "$why" ] || [ "$(rows "$dir/estate.gpkg" "")" = "$(rows PG:dbname=estate "$S.")" ] ||
		why="row counts differ: $(rows PG:dbname=estate "$S." | tr '\n' ' ')"
	# Typed geometry columns QGIS lists as they are.
	[ -n "$why" ] || [ "$(sql "SELECT string_agg(f_table_name || ':' || type || ':' || srid, ' ' ORDER BY f_table_name) FROM geometry_columns WHERE f_table_schema = '$S'")" = \
		"catchments:MULTIPOLYGON:27700 changes:POINT:27700 councils:MULTIPOLYGON:27700 desire_lines:LINESTRING:27700 schools:POINT:27700 zones:MULTIPOLYGON:27700" ] ||
		why="geometry_columns: $(sql "SELECT string_agg(f_table_name || ':' || type || ':' || srid, ' ') FROM geometry_columns WHERE f_table_schema = '$S'")"
	# kpis: every scenario's kpis.csv, in order, with its name.
	if [ -z "$why" ]; then
		want=""
		for s in "$@"; do
			want+=$(tail -n +2 "$dir/$s/kpis.csv" | cut -d, -f1-6 | sed "s/^/$s,/")$'\n'
		done
		got=$(sql "SELECT scenario, year, council, to_char(pupils, 'FM999990.00'), to_char(capacity, 'FM999990.00'), to_char(utilisation_pct, 'FM990.00'), schools_open FROM $S.kpis ORDER BY fid" | tr '|' ,)
		[ "$got" = "${want%$'\n'}" ] || why="kpis differ from the kpis.csv files"
	fi
	[ -n "$why" ] || [ "$(sql "SELECT count(*) FROM $S.comparison")" = "$(($(wc -l < "$dir/comparison.csv") - 1))" ] ||
		why="comparison rows differ"
	# The Shapefile field map, typed; no overrides table (no scenario
	# of these has [model] or [costs] keys, so no overrides.csv).
	[ -n "$why" ] || why=$(csv_equal shapefile_fields "$dir/estate_shapefile_fields.csv")
	[ -n "$why" ] || [ "$(types shapefile_fields)" = "layer character varying,field character varying,shapefile_field character varying,type character varying" ] ||
		why="shapefile_fields typed $(types shapefile_fields)"
	[ -n "$why" ] || { [ ! -e "$dir/overrides.csv" ] &&
		[ "$(sql "SELECT count(*) FROM pg_tables WHERE schemaname = '$S' AND tablename = 'overrides'")" = 0 ]; } ||
		why="an overrides table or file without overrides"
	[ -n "$why" ] || [ "$(sql "SELECT string_agg(DISTINCT scenario, ',') FROM $S.schools")" = "$(printf '%s\n' "$@" | sort | paste -sd,)" ] ||
		why="scenarios: $(sql "SELECT string_agg(DISTINCT scenario, ',') FROM $S.schools")"
	[ -n "$why" ] || [ "$(sql "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '%staging%'")" = 0 ] ||
		why="a staging schema is left"
	[ -z "$why" ] && ok "$name" || bad "$name" "$why"
}
if [ $rc = 0 ]; then
	grep -q "^and 13 tables into schema $S of PG:dbname=estate" "$W/run1.txt" ||
		bad store "the run did not report 13 tables: $(tail -1 "$W/run1.txt")"
	check_store store 1 "$W/run1" baseline close-hillwood extend-trinity new-granton
else
	bad store "no run to check"
fi
# public: the colleague's public.schools is as it was (GDAL once appended
# the run's schools to it, taking it for the table to write).
[ "$(sql "SELECT string_agg(id::text, ',') FROM public.schools")" = 7 ] &&
	[ "$(sql "SELECT string_agg(column_name, ',') FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'schools'")" = id ] &&
	ok public || bad public "public.schools: $(sql "SELECT count(*) FROM public.schools") rows"
# styles: estate.gpkg's 7 QGIS styles (schools, zones and its secondary
# style, catchments, desire_lines, changes, councils) in
# public.layer_styles, and QGIS opening each table from PostGIS draws and
# labels it as the same layer of estate.gpkg.
styles() { sql "SELECT count(*) || ' ' || string_agg(f_table_name || ':' || stylename || ':' || useasdefault || ':' || type, ' ' ORDER BY f_table_name, stylename) FROM public.layer_styles WHERE f_table_schema = '$S'"; }
STYLES="7 catchments:catchments:true:Polygon changes:changes:true:Point councils:councils:true:Polygon desire_lines:desire_lines:true:Line schools:schools:true:Point zones:secondary:false:Polygon zones:zones:true:Polygon"
why=""
grep -q "^and 7 QGIS styles into public.layer_styles" "$W/run1.txt" || why="not reported: $(tail -1 "$W/run1.txt")"
[ -n "$why" ] || [ "$(styles)" = "$STYLES" ] || why="layer_styles: $(styles)"
[ -n "$why" ] || out=$(QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/pg/verify_styles.py "$PGHOST" "$S" \
	"$W/run1/estate.gpkg" schools zones catchments desire_lines changes councils 2>&1) ||
	why=$(echo "$out" | grep verify_styles | tail -1)
[ -z "$why" ] && ok styles || bad styles "$why"
# A style a user saved for one of the tables, under a name of their own.
sql "INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column,
	stylename, styleqml, useasdefault, description, type) VALUES ('estate', '$S', 'schools', 'geom',
	'my labels', XMLPARSE(DOCUMENT '<qgis/>'), false, 'mine', 'Point')"

# --- replace: a second run with other scenarios; --to beats the study key.
# The README's grants for readers, made once, hold for the new schema.
sql "CREATE ROLE officers; ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO officers;
     ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO officers"
# A staging schema as a run killed half-way leaves it: dropped by this run.
sql "CREATE SCHEMA ${S}__staging; CREATE TABLE ${S}__staging.schools (junk int)"
"${ESTATE[@]}" run --out "$W/run2" --to PG:dbname=estate "$W/pg2.ini" $RUN2 > "$W/run2.txt" 2> "$W/run2.err"
rc=$?
if [ $rc = 0 ]; then
	check_store replace 0 "$W/run2" baseline close-hillwood rezone-canaan-lane
	[ "$(sql "SELECT has_schema_privilege('officers', '$S', 'USAGE') AND has_table_privilege('officers', '$S.kpis', 'SELECT')")" = t ] &&
		ok grants || bad grants "officers cannot read the new schema"
	# styles_replace: estate's styles replaced, not added; the user's kept.
	[ "$(styles)" = "$(echo "$STYLES" | sed -e 's/^7/8/' -e 's/ schools:schools/ schools:my labels:false:Point&/')" ] &&
		ok styles_replace || bad styles_replace "layer_styles: $(styles)"
else
	bad replace "exit $rc: $(tail -1 "$W/run2.err")"
fi
# Every table of the schema: name, rows and a checksum of its rows; and
# its styles in public.layer_styles.
snapshot() {
	local t
	for t in $(sql "SELECT tablename FROM pg_tables WHERE schemaname = '$S' ORDER BY 1"); do
		sql "SELECT '$t ' || count(*) || ' ' || md5(coalesce(string_agg(x::text, '|' ORDER BY fid), '')) FROM $S.$t x"
	done
	sql "SELECT 'layer_styles ' || count(*) || ' ' || md5(coalesce(string_agg(x::text, '|' ORDER BY id), '')) FROM public.layer_styles x WHERE f_table_schema = '$S'"
}
before=$(snapshot)

# --- failed: a failure after the first table leaves run 2 in place.
ESTATE_TEST_PG_FAIL_AFTER=1 "${ESTATE[@]}" run --out "$W/run3" --to PG:dbname=estate "$W/pg.ini" $RUN1 \
	> "$W/run3.txt" 2> "$W/run3.err"
rc=$?
why=""
[ $rc = 1 ] || why="exit $rc, expected 1"
[ -n "$why" ] || [ "$(tail -1 "$W/run3.err")" = \
	"estate: PG:dbname=estate: cannot write table 'zones': injected failure (ESTATE_TEST_PG_FAIL_AFTER=1)" ] ||
	why="stderr: $(tail -1 "$W/run3.err")"
[ -n "$why" ] || [ ! -e "$W/run3" ] || why="the output folder was written"
[ -n "$why" ] || [ "$(echo "$before" | wc -l)" = 14 ] || why="snapshot of $(echo "$before" | wc -l) tables"
[ -n "$why" ] || [ "$(snapshot)" = "$before" ] || why="the stored run changed"
[ -n "$why" ] || [ "$(sql "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '%staging%'")" = 0 ] ||
	why="a staging schema is left"
[ -z "$why" ] && ok failed || bad failed "$why"

# --- locked: another session holds the schema's lock (for as long as
# estate takes to start, under valgrind too: ended below, not by the sleep).
psql -qX -c "SELECT pg_advisory_lock(hashtext('estate:$S'))" -c 'SELECT pg_sleep(600)' >/dev/null 2>&1 &
holder=$!
for i in $(seq 50); do
	[ "$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" = 1 ] && break
	sleep 0.2
done
"${ESTATE[@]}" run --out "$W/run4" --to PG:dbname=estate "$W/pg.ini" $RUN1 > /dev/null 2> "$W/run4.err"
rc=$?
# The holder's session ends from the server side (psql then exits).
sql "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'" >/dev/null
wait $holder 2>/dev/null
[ $rc = 1 ] && [ "$(cat "$W/run4.err")" = \
	"estate: PG:dbname=estate: another estate run is writing schema '$S': try again when it has finished" ] &&
	[ ! -e "$W/run4" ] && ok locked || bad locked "exit $rc: $(cat "$W/run4.err")"

# --- foreign: a schema of that name that estate did not write.
sql "CREATE SCHEMA planning; CREATE TABLE planning.sites (id int); INSERT INTO planning.sites VALUES (7)"
sed -e 's/^database = .*/&\nschema = planning/' "$W/pg.ini" > "$W/foreign.ini"
"${ESTATE[@]}" run --out "$W/run5" "$W/foreign.ini" $RUN1 > /dev/null 2> "$W/run5.err"
rc=$?
[ $rc = 1 ] && [ "$(cat "$W/run5.err")" = \
	"estate: PG:dbname=estate: schema 'planning' exists and was not written by estate: not replacing it (set another with 'schema = NAME' in [output])" ] &&
	[ "$(sql 'SELECT id FROM planning.sites')" = 7 ] && [ ! -e "$W/run5" ] && ok foreign ||
	bad foreign "exit $rc: $(cat "$W/run5.err")"

# --- dependents: a colleague's view on the stored tables is never dropped.
sql "CREATE VIEW public.big_schools AS SELECT school_name FROM $S.schools WHERE roll > 1000"
"${ESTATE[@]}" run --out "$W/run8" --to PG:dbname=estate "$W/pg.ini" $RUN1 > /dev/null 2> "$W/run8.err"
rc=$?
[ $rc = 1 ] && [ "$(cat "$W/run8.err")" = \
	"estate: PG:dbname=estate: cannot replace schema '$S': public.big_schools needs $S.schools (replacing the schema would drop it too: drop it first, or keep it on a copy)" ] &&
	[ "$(snapshot)" = "$before" ] && [ ! -e "$W/run8" ] && sql 'SELECT count(*) FROM public.big_schools' >/dev/null &&
	ok dependents || bad dependents "exit $rc: $(cat "$W/run8.err")"
sql 'DROP VIEW public.big_schools'

# --- variants: --variants stores the comparison of every forecast variant.
"${ESTATE[@]}" run --out "$W/run9" --to PG:dbname=estate --variants high,central,low "$W/pg.ini" $RUN1 \
	> "$W/run9.txt" 2> "$W/run9.err"
rc=$?
why=""
[ $rc = 0 ] || why="exit $rc: $(tail -1 "$W/run9.err")"
[ -n "$why" ] || grep -q "^and 15 tables into schema $S of PG:dbname=estate" "$W/run9.txt" ||
	why="the run did not report 15 tables: $(grep '^and .* tables' "$W/run9.txt")"
for v in low central high; do
	[ -n "$why" ] || why=$(csv_equal comparison_variants "$W/run9/comparison-$v.csv" variant $v)
done
[ -n "$why" ] || why=$(csv_equal variants "$W/run9/variants.csv")
# Every row is one of the three files' (none left over), in file order.
[ -n "$why" ] || [ "$(sql "SELECT string_agg(variant || ' ' || n, ',' ORDER BY f) FROM (SELECT variant, min(fid) AS f, count(*) AS n FROM $S.comparison_variants GROUP BY 1) x")" = \
	"low $(($(wc -l < "$W/run9/comparison-low.csv") - 1)),central $(($(wc -l < "$W/run9/comparison-central.csv") - 1)),high $(($(wc -l < "$W/run9/comparison-high.csv") - 1))" ] ||
	why="comparison_variants rows: $(sql "SELECT string_agg(variant || ' ' || n, ',') FROM (SELECT variant, count(*) AS n FROM $S.comparison_variants GROUP BY 1) x")"
# Typed as the comparison table (the same columns), ranks integers.
[ -n "$why" ] || [ "$(types comparison_variants)" = "$(types comparison)" ] ||
	why="comparison_variants typed $(types comparison_variants | head -c 200)"
[ -n "$why" ] || types comparison | grep -q '^scenario character varying,policy character varying,year integer,row character varying,council character varying,pupils double precision,' ||
	why="comparison typed $(types comparison | head -c 200)"
[ -n "$why" ] || [ "$(types variants)" = "kpi character varying,scenario character varying,year integer,value_central double precision,rank_central integer,value_low double precision,rank_low integer,value_high double precision,rank_high integer,holds boolean" ] ||
	why="variants typed $(types variants)"
[ -z "$why" ] && ok variants || bad variants "$why"

# --- variants_failed: a run failing after the variants' comparison (the
# 14th table, variants, refused) leaves the stored run, variants and all.
before=$(snapshot)
ESTATE_TEST_PG_FAIL_AFTER=13 "${ESTATE[@]}" run --out "$W/run10" --to PG:dbname=estate --variants low,high \
	"$W/pg.ini" $RUN2 > "$W/run10.txt" 2> "$W/run10.err"
rc=$?
why=""
[ $rc = 1 ] || why="exit $rc, expected 1"
[ -n "$why" ] || [ "$(tail -1 "$W/run10.err")" = \
	"estate: PG:dbname=estate: cannot write table 'variants': injected failure (ESTATE_TEST_PG_FAIL_AFTER=13)" ] ||
	why="stderr: $(tail -1 "$W/run10.err")"
[ -n "$why" ] || [ ! -e "$W/run10" ] || why="the output folder was written"
[ -n "$why" ] || [ "$(echo "$before" | wc -l)" = 16 ] || why="snapshot of $(echo "$before" | wc -l) tables"
[ -n "$why" ] || [ "$(snapshot)" = "$before" ] || why="the stored run changed"
[ -n "$why" ] || [ "$(sql "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '%staging%'")" = 0 ] ||
	why="a staging schema is left"
[ -z "$why" ] && ok variants_failed || bad variants_failed "$why"

# --- types: a table of several files gets one type per column that
# every file fits. The baseline's running_cost_gbp (401,771,600) fits a
# 32-bit integer, costly-running's (2,650,110,000 in 2023) does not: the
# kpis table built from the baseline's file first must still hold it
# (GDAL took the type from the first file, integer, and stored the
# second's 2,650,110,000 as 2147483647 without a warning).
"${ESTATE[@]}" run --out "$W/run12" --to PG:dbname=estate "$W/pg.ini" "$SC/close-hillwood.ini" \
	"$ROOT/tests/pg/costly-running.ini" > "$W/run12.txt" 2> "$W/run12.err"
rc=$?
why=""
[ $rc = 0 ] || why="exit $rc: $(tail -1 "$W/run12.err")"
# The figure over 2^31 is really in the file (else this checks nothing).
[ -n "$why" ] || [ "$(sed -n 2p "$W/run12/costly-running/kpis.csv" | cut -d, -f37)" = 2650110000 ] ||
	why="costly-running's 2023 running cost is $(sed -n 2p "$W/run12/costly-running/kpis.csv" | cut -d, -f37)"
for s in baseline close-hillwood costly-running; do
	[ -n "$why" ] || why=$(csv_equal kpis "$W/run12/$s/kpis.csv" scenario $s)
done
[ -n "$why" ] || [ "$(sql "SELECT (SELECT data_type FROM information_schema.columns WHERE table_schema = '$S'
	AND table_name = 'kpis' AND column_name = 'running_cost_gbp') || ' ' || (SELECT max(running_cost_gbp) FROM $S.kpis)")" = "bigint 2650110000" ] ||
	why="kpis.running_cost_gbp: $(types kpis | tr , '\n' | grep running_cost_gbp)"
[ -n "$why" ] || [ "$(sql "SELECT count(*) FROM $S.kpis")" = $(($(cat "$W"/run12/*/kpis.csv | wc -l) - 3)) ] ||
	why="kpis has $(sql "SELECT count(*) FROM $S.kpis") rows"
# 14 tables: the 12 of the store check, overrides and shapefile_fields.
[ -n "$why" ] || grep -q "^and 14 tables into schema $S of PG:dbname=estate" "$W/run12.txt" ||
	why="the run did not report 14 tables: $(grep '^and .* tables' "$W/run12.txt")"
# overrides.csv: the scenario's [costs] key, value text (a rate here, a
# file name in another run).
[ -n "$why" ] || why=$(csv_equal overrides "$W/run12/overrides.csv")
[ -n "$why" ] || [ "$(types overrides)" = "scenario character varying,section character varying,key character varying,value character varying,file character varying,line integer" ] ||
	why="overrides typed $(types overrides)"
[ -n "$why" ] || [ "$(sql "SELECT scenario || ' ' || key || '=' || value FROM $S.overrides")" = "costly-running running.primary_gbp_per_pupil=80000" ] ||
	why="overrides: $(sql "SELECT * FROM $S.overrides")"
[ -n "$why" ] || why=$(csv_equal shapefile_fields "$W/run12/estate_shapefile_fields.csv")
# The map holds for the stored tables too (README): every table exported
# to a Shapefile by ogr2ogr has the field names the map gives.
shp_fields() {
	/usr/bin/python3 -c 'import sys; from osgeo import ogr
ds = ogr.Open(sys.argv[1])
d = ds.GetLayer(0).GetLayerDefn()
print(",".join(d.GetFieldDefn(i).GetName() for i in range(d.GetFieldCount())))' "$1"
}
for t in $(sql "SELECT DISTINCT layer FROM $S.shapefile_fields ORDER BY 1"); do
	[ -z "$why" ] || break
	ogr2ogr -f "ESRI Shapefile" "$W/shp" PG:dbname=estate "$S.$t" -nln $t 2>/dev/null
	[ "$(shp_fields "$W/shp/$t.shp")" = "$(sql "SELECT string_agg(shapefile_field, ',' ORDER BY fid) FROM $S.shapefile_fields WHERE layer = '$t'")" ] ||
		why="$t exported to a Shapefile has fields $(shp_fields "$W/shp/$t.shp"), not shapefile_fields'"
done
[ -n "$why" ] || [ "$(ls "$W"/shp/*.shp | wc -l)" = 6 ] || why="$(ls "$W"/shp/*.shp | wc -l) Shapefiles exported, not 6"
[ -z "$why" ] && ok types || bad types "$why"

# --- badconn: clear errors, passwords masked, nothing written.
why=""
"${ESTATE[@]}" run --out "$W/run6" --to "PG:dbname=nosuch password=hunter2" "$W/ref.ini" $RUN1 > "$W/run6.txt" 2> "$W/run6.err"
rc=$?
[ $rc = 1 ] || why="missing database: exit $rc"
[ -n "$why" ] || grep -q "^estate: cannot connect to 'PG:dbname=nosuch password=\*\*\*': PQconnectdb failed\. .*database \"nosuch\" does not exist" "$W/run6.err" ||
	why="missing database: $(cat "$W/run6.err")"
"${ESTATE[@]}" run --out "$W/run6" --to "PG:host=$TMP/none password='a secret'" "$W/ref.ini" $RUN1 >> "$W/run6.txt" 2>> "$W/run6.err"
rc=$?
[ -n "$why" ] || [ $rc = 1 ] || why="missing server: exit $rc"
[ -n "$why" ] || grep -q "^estate: cannot connect to 'PG:host=$TMP/none password=\*\*\*': PQconnectdb failed\." "$W/run6.err" ||
	why="missing server: $(tail -1 "$W/run6.err")"
"${ESTATE[@]}" run --out "$W/run6" --to "dbname=estate password=hunter2" "$W/ref.ini" $RUN1 >> "$W/run6.txt" 2>> "$W/run6.err"
rc=$?
[ -n "$why" ] || [ $rc = 2 ] || why="no PG: prefix: exit $rc"
[ -n "$why" ] || [ "$(tail -1 "$W/run6.err")" = "estate: run: --to expects a PostGIS connection such as 'PG:dbname=estate host=gis' (usage: estate run [--out DIR] [--to PG:...] [--years Y,...] [--variants low,central,high] STUDY [SCENARIO...])" ] ||
	why="no PG: prefix: $(tail -1 "$W/run6.err")"
[ -n "$why" ] || ! grep -q -e hunter2 -e secret "$W/run6.txt" "$W/run6.err" || why="a password was shown"
[ -n "$why" ] || [ ! -e "$W/run6" ] || why="the output folder was written"
[ -z "$why" ] && ok badconn || bad badconn "$why"

# --- nopostgis: a database without the extension.
"$pg_bin/createdb" plain
"${ESTATE[@]}" run --out "$W/run7" --to PG:dbname=plain "$W/ref.ini" $RUN1 > /dev/null 2> "$W/run7.err"
rc=$?
[ $rc = 1 ] && [ "$(cat "$W/run7.err")" = \
	"estate: PG:dbname=plain: the database has no PostGIS (run 'CREATE EXTENSION postgis' in it, or ask its administrator)" ] &&
	[ ! -e "$W/run7" ] && ok nopostgis || bad nopostgis "exit $rc: $(cat "$W/run7.err")"

# --- styles_noright: a role that may not write public.layer_styles (here
# QGIS's, owned by another role) stores its tables, and says so.
sql "CREATE ROLE clerk LOGIN; GRANT CREATE ON DATABASE estate TO clerk"
cp "$W/ref.ini" "$W/clerk.ini"
printf '\n[output]\nschema = clerk_run\n' >> "$W/clerk.ini"
PGUSER=clerk "${ESTATE[@]}" run --out "$W/run11" --to PG:dbname=estate "$W/clerk.ini" $RUN2 \
	> "$W/run11.txt" 2> "$W/run11.err"
rc=$?
[ $rc = 0 ] && grep -qx "QGIS styles not stored in the database: no right to write public.layer_styles (they are in estate.gpkg)" "$W/run11.txt" &&
	[ "$(sql "SELECT count(*) FROM clerk_run.schools")" -gt 0 ] &&
	[ "$(sql "SELECT count(*) FROM pg_tables WHERE schemaname = 'clerk_run' AND tablename = 'layer_styles'")" = 0 ] &&
	ok styles_noright || bad styles_noright "exit $rc: $(tail -1 "$W/run11.err"); $(tail -1 "$W/run11.txt")"

echo "pg: $pass passed, $fail failed"
[ "$fail" = 0 ]
