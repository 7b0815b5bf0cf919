/*
 * test_io_db.c: unit tests for io_db_read. The GeoPackage and SpatiaLite
 * fixtures are built at test time with plain SQL: the geometry blobs are
 * hex literals of known bytes, generated once with Python's struct module
 * (GeoPackage header 'GP' 0 flags srs_id [envelope] + WKB; SpatiaLite
 * 0x00 order srid mbr 0x7C class body 0xFE), so the decoder is checked
 * against the published layouts, not against itself.
 */
#include "testutil.h"

#include "io/io.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Points, all in EPSG:27700. P1: little-endian, no envelope. P2: envelope,
 * big-endian ISO WKB PointZ (1001). P5: big-endian header, EWKB PointZ. */
#define GP_P1 "X'47500001346C000001010000000000000080F61341000000003A942441'"
#define GP_P2 "X'47500003346C000000000000A00E0C4100000000A00E0C41000000006CA42341000000006CA4234100000003E9410C0EA0000000004123A46C000000004029000000000000'"
#define GP_P5 "X'4750000000006C34010100008000000000804F124100000000C05C2541000000000000F03F'"
#define GP_POLY "X'47500001346C0000010300000002000000050000000000000000000000000000000000000000000000000024400000000000000000000000000000244000000000000024400000000000000000000000000000244000000000000000000000000000000000050000000000000000001040000000000000104000000000000010400000000000001840000000000000184000000000000018400000000000001840000000000000104000000000000010400000000000001040'"
#define GP_MPOLY "X'47500001346C000001060000000200000001030000000100000005000000000000000000000000000000000000000000000000002440000000000000000000000000000024400000000000002440000000000000000000000000000024400000000000000000000000000000000001030000000100000005000000000000000000344000000000000000000000000000003E4000000000000000000000000000003E4000000000000024400000000000003440000000000000244000000000000034400000000000000000'"
#define GP_MULTIPOINT "X'47500001346C00000104000000010000000101000000000000000000F03F0000000000000040'"
#define GP_TRUNC "X'47500001346C000001030000000100000005000000000000000000000000'"
#define SL_POLY "X'0001346C000000000000000000000000000000000000000000000000000000000000000000007C0300000002000000050000000000000000000000000000000000000000000000000024400000000000000000000000000000244000000000000024400000000000000000000000000000244000000000000000000000000000000000050000000000000000001040000000000000104000000000000010400000000000001840000000000000184000000000000018400000000000001840000000000000104000000000000010400000000000001040FE'"
#define SL_MPOLY "X'0001346C000000000000000000000000000000000000000000000000000000000000000000007C060000000200000069030000000100000005000000000000000000000000000000000000000000000000002440000000000000000000000000000024400000000000002440000000000000000000000000000024400000000000000000000000000000000069030000000100000005000000000000000000344000000000000000000000000000003E4000000000000000000000000000003E4000000000000024400000000000003440000000000000244000000000000034400000000000000000FE'"
#define SL_LINEZ "X'0001346C000000000000000000000000000000000000000000000000000000000000000000007CEA03000002000000000000000000000000000000000000000000000000001440000000000000084000000000000010400000000000001840FE'"
#define SL_COMPRESSED "X'0001346C000000000000000000000000000000000000000000000000000000000000000000007C43420F0001000000050000000000000000000000000000000000000000000000000024400000000000000000000000000000244000000000000024400000000000000000000000000000244000000000000000000000000000000000FE'"
#define SL_TINY "X'0081346C000001000000000000F83F0000000000000440FE'"

static char *gpkg_path, *sl_path;

static void exec_sql(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK, "%s", msg);
	sqlite3_close(db);
}

static void make_gpkg(void)
{
	char *dir = tu_tmpdir();

	gpkg_path = le_path_join(dir, "t.gpkg");
	free(dir);
	exec_sql(gpkg_path,
		"PRAGMA application_id = 1196444487;"
		"CREATE TABLE gpkg_spatial_ref_sys(srs_name TEXT, srs_id INTEGER PRIMARY KEY,"
		" organization TEXT, organization_coordsys_id INTEGER, definition TEXT,"
		" description TEXT);"
		/* srs_id 9 stands for EPSG:27700: the file's number is not a code. */
		"INSERT INTO gpkg_spatial_ref_sys VALUES"
		" ('British National Grid', 27700, 'EPSG', 27700, 'undefined', NULL),"
		" ('BNG again', 9, 'epsg', 27700, 'undefined', NULL);"
		"CREATE TABLE gpkg_contents(table_name TEXT PRIMARY KEY, data_type TEXT);"
		"CREATE TABLE gpkg_geometry_columns(table_name TEXT, column_name TEXT,"
		" geometry_type_name TEXT, srs_id INTEGER, z TINYINT, m TINYINT);"
		"INSERT INTO gpkg_geometry_columns VALUES"
		" ('schools', 'geom', 'POINT', 27700, 0, 0),"
		" ('zones', 'shape', 'MULTIPOLYGON', 9, 0, 0),"
		" ('bad', 'geom', 'POINT', 27700, 0, 0),"
		" ('mp', 'geom', 'MULTIPOINT', 27700, 0, 0);"
		"CREATE TABLE schools(fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT,"
		" name TEXT, roll INTEGER, cap REAL, photo BLOB);"
		/* Inserted out of order: rows must come back by fid. */
		"INSERT INTO schools VALUES (5, " GP_P5 ", 'Gamma', NULL, 1.5, X'00FF'),"
		" (1, " GP_P1 ", 'Abbeyhill Primary School', 191, 232.0, NULL),"
		" (2, " GP_P2 ", 'Abbey Primary School', 200, NULL, NULL);"
		"CREATE TABLE zones(fid INTEGER PRIMARY KEY, code TEXT, shape MULTIPOLYGON);"
		"INSERT INTO zones VALUES (1, 'S01', " GP_POLY "), (2, 'S02', " GP_MPOLY "),"
		" (3, 'S03', NULL);"
		"CREATE TABLE bad(fid INTEGER PRIMARY KEY, geom BLOB);"
		"INSERT INTO bad VALUES (3, " GP_P1 "), (7, " GP_TRUNC ");"
		"CREATE TABLE mp(fid INTEGER PRIMARY KEY, geom BLOB);"
		"INSERT INTO mp VALUES (4, " GP_MULTIPOINT ");");
}

static void make_spatialite(void)
{
	char *dir = tu_tmpdir();

	sl_path = le_path_join(dir, "t.sqlite");
	free(dir);
	exec_sql(sl_path,
		"CREATE TABLE spatial_ref_sys(srid INTEGER PRIMARY KEY, auth_name TEXT,"
		" auth_srid INTEGER, ref_sys_name TEXT, proj4text TEXT, srtext TEXT);"
		"CREATE TABLE geometry_columns(f_table_name TEXT, f_geometry_column TEXT,"
		" geometry_type INTEGER, coord_dimension INTEGER, srid INTEGER,"
		" spatial_index_enabled INTEGER);"
		/* SpatiaLite stores registered names in lower case. */
		"INSERT INTO geometry_columns VALUES ('zones', 'geometry', 6, 2, 27700, 0),"
		" ('roads', 'geometry', 1002, 3, 27700, 0),"
		" ('packed', 'geometry', 3, 2, 27700, 0);"
		"CREATE TABLE Zones(pk_uid INTEGER PRIMARY KEY, name TEXT, Geometry BLOB);"
		"INSERT INTO Zones VALUES (10, 'Leith', " SL_POLY "), (11, 'Two', " SL_MPOLY ");"
		"CREATE TABLE roads(pk_uid INTEGER PRIMARY KEY, Geometry BLOB);"
		"INSERT INTO roads VALUES (1, " SL_LINEZ ");"
		"CREATE TABLE pts(pk_uid INTEGER PRIMARY KEY, label TEXT, g BLOB);"
		"INSERT INTO pts VALUES (1, 'tiny', " SL_TINY ");"
		"CREATE TABLE packed(pk_uid INTEGER PRIMARY KEY, geometry BLOB);"
		"INSERT INTO packed VALUES (6, " SL_COMPRESSED ");");
}

static void setup(void)
{
	make_gpkg();
	make_spatialite();
}

static void teardown(void)
{
	free(gpkg_path);
	free(sl_path);
}

static int read_ok(const char *path, const char *layer, const char *gcol,
		   struct io_table *t)
{
	struct le_err err;

	le_err_clear(&err);
	io_table_init(t);
	ck_assert_msg(io_db_read(path, layer, gcol, t, &err) == LE_OK, "%s", err.msg);
	return t->nrows;
}

/* Read expecting failure; returns the code, message in err. */
static int read_err(const char *path, const char *layer, const char *gcol,
		    struct le_err *err)
{
	struct io_table t;
	int rc;

	le_err_clear(err);
	io_table_init(&t);
	rc = io_db_read(path, layer, gcol, &t, err);
	io_table_release(&t);
	return rc;
}

START_TEST(gpkg_points)
{
	struct io_table t;
	char where[256];

	ck_assert_int_eq(read_ok(gpkg_path, "schools", NULL, &t), 3);
	ck_assert_int_eq(t.rowkind, IO_ROW_FID);
	ck_assert_str_eq(t.crs, "EPSG:27700");
	/* The geometry column is not a text column; the rest keep table order. */
	ck_assert_int_eq(t.ncols, 5);
	ck_assert_str_eq(t.cols[0], "fid");
	ck_assert_str_eq(t.cols[1], "name");
	ck_assert_int_eq(io_col(&t, "geom"), -1);
	ck_assert_int_eq(t.rowref[0], 1);
	ck_assert_int_eq(t.rowref[1], 2);
	ck_assert_int_eq(t.rowref[2], 5);
	ck_assert_str_eq(io_cell(&t, 0, 1), "Abbeyhill Primary School");
	ck_assert_str_eq(io_cell(&t, 0, 2), "191");
	ck_assert_str_eq(io_cell(&t, 0, 3), "232.0");
	ck_assert_str_eq(io_cell(&t, 1, 3), "");        /* NULL */
	ck_assert_str_eq(io_cell(&t, 2, 4), "");        /* a blob column */
	ck_assert_str_eq(io_cell(&t, 2, 3), "1.5");
	ck_assert_int_eq(t.geoms[0].type, LE_GEOM_POINT);
	ck_assert(t.geoms[0].xy[0] == 327072 && t.geoms[0].xy[1] == 674333);
	/* Envelope + big-endian ISO PointZ; z dropped. */
	ck_assert(t.geoms[1].npoints == 1 && t.geoms[1].xy[0] == 229844 &&
		  t.geoms[1].xy[1] == 643638);
	/* Big-endian header, EWKB PointZ. */
	ck_assert(t.geoms[2].xy[0] == 300000 && t.geoms[2].xy[1] == 700000);
	ck_assert_str_eq(io_where(&t, 2, where, sizeof(where)) + strlen(gpkg_path), ": fid 5");
	io_table_release(&t);
}
END_TEST

START_TEST(gpkg_polygons)
{
	struct io_table t;
	const struct le_geom *g;

	ck_assert_int_eq(read_ok(gpkg_path, "zones", NULL, &t), 3);
	/* srs_id 9 is EPSG:27700 per gpkg_spatial_ref_sys. */
	ck_assert_str_eq(t.crs, "EPSG:27700");
	g = &t.geoms[0];
	ck_assert_int_eq(g->type, LE_GEOM_POLYGON);
	ck_assert_int_eq(g->npolys, 1);
	ck_assert_int_eq(g->nparts, 2);
	ck_assert_int_eq(g->npoints, 10);
	ck_assert(g->xy[2 * 5] == 4 && g->xy[2 * 5 + 1] == 4);
	g = &t.geoms[1];
	ck_assert_int_eq(g->type, LE_GEOM_MULTIPOLYGON);
	ck_assert_int_eq(g->npolys, 2);
	ck_assert_int_eq(g->poly_start[1], 1);
	ck_assert(g->xy[2 * g->part_start[1]] == 20);
	/* A NULL geometry is an empty one. */
	ck_assert_int_eq(t.geoms[2].type, LE_GEOM_NONE);
	ck_assert_str_eq(io_cell(&t, 2, 1), "S03");
	io_table_release(&t);
}
END_TEST

START_TEST(spatialite_layers)
{
	struct io_table t;
	const struct le_geom *g;

	/* Table "Zones", registered as "zones" / "geometry": case is ignored. */
	ck_assert_int_eq(read_ok(sl_path, "zones", NULL, &t), 2);
	ck_assert_str_eq(t.crs, "EPSG:27700");
	ck_assert_int_eq(t.ncols, 2);
	ck_assert_int_eq(t.rowref[0], 10);
	ck_assert_str_eq(io_cell(&t, 0, 1), "Leith");
	ck_assert_int_eq(t.geoms[0].type, LE_GEOM_POLYGON);
	ck_assert_int_eq(t.geoms[0].nparts, 2);
	g = &t.geoms[1];
	ck_assert_int_eq(g->type, LE_GEOM_MULTIPOLYGON);
	ck_assert_int_eq(g->npolys, 2);
	ck_assert_int_eq(g->npoints, 10);
	io_table_release(&t);

	/* LineString XYZ (class 1002). */
	ck_assert_int_eq(read_ok(sl_path, "roads", NULL, &t), 1);
	ck_assert_int_eq(t.geoms[0].type, LE_GEOM_LINESTRING);
	ck_assert(t.geoms[0].npoints == 2 && t.geoms[0].xy[2] == 3 && t.geoms[0].xy[3] == 4);
	io_table_release(&t);

	/* Unregistered column named explicitly; the crs comes from the blob. */
	ck_assert_int_eq(read_ok(sl_path, "pts", "g", &t), 1);
	ck_assert_str_eq(t.crs, "EPSG:27700");
	ck_assert(t.geoms[0].xy[0] == 1.5 && t.geoms[0].xy[1] == 2.5);
	io_table_release(&t);

	/* Not spatial without a geometry column: every column is text. */
	ck_assert_int_eq(read_ok(sl_path, "pts", NULL, &t), 1);
	ck_assert_ptr_null(t.geoms);
	ck_assert_ptr_null(t.crs);
	ck_assert_int_eq(t.ncols, 3);
	io_table_release(&t);
}
END_TEST

START_TEST(errors)
{
	struct le_err err;
	char *txt = tu_write_tmp(".gpkg", "fid,name\n1,not a database at all\n");
	char want[600];

	ck_assert_int_eq(read_err("/nonexistent/x.gpkg", "schools", NULL, &err), LE_EIO);
	ck_assert_str_eq(err.msg, "cannot open '/nonexistent/x.gpkg': no such file");

	ck_assert_int_eq(read_err(txt, "schools", NULL, &err), LE_EDB);
	snprintf(want, sizeof(want), "%s: not a SQLite database (file is not a database)", txt);
	ck_assert_str_eq(err.msg, want);
	free(txt);

	/* Metadata tables are not offered. */
	ck_assert_int_eq(read_err(gpkg_path, "school", NULL, &err), LE_EDB);
	snprintf(want, sizeof(want), "%s: no table 'school' (tables: bad, mp, schools, zones)",
		 gpkg_path);
	ck_assert_str_eq(err.msg, want);

	ck_assert_int_eq(read_err(gpkg_path, "schools", "the_geom", &err), LE_EDB);
	snprintf(want, sizeof(want), "%s: layer 'schools' has no column 'the_geom'", gpkg_path);
	ck_assert_str_eq(err.msg, want);

	ck_assert_int_eq(read_err(gpkg_path, "bad", NULL, &err), LE_EDB);
	snprintf(want, sizeof(want),
		 "%s: layer 'bad', fid 7: geometry blob is not valid (truncated: count larger than the blob)",
		 gpkg_path);
	ck_assert_str_eq(err.msg, want);

	ck_assert_int_eq(read_err(gpkg_path, "mp", NULL, &err), LE_EDB);
	snprintf(want, sizeof(want),
		 "%s: layer 'mp', fid 4: geometry blob is not valid (MultiPoint 4 is not supported)",
		 gpkg_path);
	ck_assert_str_eq(err.msg, want);

	ck_assert_int_eq(read_err(sl_path, "packed", NULL, &err), LE_EDB);
	ck_assert_msg(strstr(err.msg, "fid 6: geometry blob is not valid (compressed "
				      "SpatiaLite geometry (class 1000003) is not supported)"),
		      "%s", err.msg);

	/* A text column named as the geometry. */
	ck_assert_int_eq(read_err(sl_path, "pts", "label", &err), LE_EDB);
	ck_assert_msg(strstr(err.msg, "fid 1: geometry blob is not valid (a text value"),
		      "%s", err.msg);
}
END_TEST

/*
 * Text that is not UTF-8 in a GeoPackage and in a SpatiaLite table (SQLite
 * stores any bytes as TEXT): an error naming layer, fid, field and the
 * first bad byte, with advice citing the format; UTF-8 text (a 2-byte
 * "à", a 4-byte emoji) and numbers pass unchanged.
 */
START_TEST(not_utf8)
{
	struct le_err err;
	struct io_table t;
	char want[700];

	exec_sql(gpkg_path,
		"CREATE TABLE names(fid INTEGER PRIMARY KEY, n INTEGER, name TEXT);"
		"INSERT INTO names VALUES (1, 7, CAST(X'4768C3A069646820F09F8FAB' AS TEXT)),"
		" (4, 8, CAST(X'5374204D617279927320524320507269' AS TEXT)),"
		" (9, 9, CAST(X'E0' AS TEXT));"
		"CREATE TABLE fine(fid INTEGER PRIMARY KEY, n INTEGER, name TEXT);"
		"INSERT INTO fine SELECT fid, n, name FROM names WHERE fid = 1;");
	ck_assert_int_eq(read_err(gpkg_path, "names", NULL, &err), LE_EPARSE);
	snprintf(want, sizeof(want),
		 "%s: layer 'names', fid 4: field 'name': text is not valid UTF-8 (byte 0x92, byte 8 of the field; the GeoPackage standard requires UTF-8 text: re-save the layer as UTF-8 from its source, in QGIS with the source's encoding set under Layer Properties > Source, then Export > Save Features As)",
		 gpkg_path);
	ck_assert_str_eq(err.msg, want);

	/* A column name in Latin-1 ("Gàidhlig" with 0xE0), the 3rd column. */
	exec_sql(gpkg_path, "CREATE TABLE cols(fid INTEGER PRIMARY KEY, a TEXT, \"G\xe0idhlig\" TEXT);");
	ck_assert_int_eq(read_err(gpkg_path, "cols", NULL, &err), LE_EPARSE);
	snprintf(want, sizeof(want),
		 "%s: layer 'cols': column 3's name is not valid UTF-8 (byte 0xE0, byte 2 of the name; rename the column)",
		 gpkg_path);
	ck_assert_str_eq(err.msg, want);

	ck_assert_int_eq(read_ok(gpkg_path, "fine", NULL, &t), 1);
	ck_assert_str_eq(io_cell(&t, 0, 1), "7");
	ck_assert_str_eq(io_cell(&t, 0, 2), "Gh\xC3\xA0idh \xF0\x9F\x8F\xAB");
	io_table_release(&t);

	/* A SpatiaLite database: the same check, SQLite's rule cited. */
	exec_sql(sl_path,
		"CREATE TABLE names(pk_uid INTEGER PRIMARY KEY, label TEXT);"
		"INSERT INTO names VALUES (3, CAST(X'4C656974C3' AS TEXT));");
	ck_assert_int_eq(read_err(sl_path, "names", NULL, &err), LE_EPARSE);
	snprintf(want, sizeof(want),
		 "%s: layer 'names', fid 3: field 'label': text is not valid UTF-8 (byte 0xC3, byte 5 of the field; SQLite text must be UTF-8: re-save the layer as UTF-8 from its source, in QGIS with the source's encoding set under Layer Properties > Source, then Export > Save Features As)",
		 sl_path);
	ck_assert_str_eq(err.msg, want);
}
END_TEST

/*
 * A GeoPackage written by GDAL, so the decoder also meets a real writer's
 * header (envelope present). Made with:
 *   OGR_SQLITE_PRAGMA="page_size=512" ogr2ogr -f GPKG -nlt GEOMETRY \
 *     -nln schools -lco SPATIAL_INDEX=NO schools_bng.gpkg schools_bng.geojson
 *   sqlite3 schools_bng.gpkg "PRAGMA page_size=512; VACUUM;"
 */
START_TEST(gdal_gpkg)
{
	struct io_table t;
	int sch = -1, name = -1;

	ck_assert_int_eq(read_ok(TDATA "io/schools_bng.gpkg", "schools", NULL, &t), 3);
	ck_assert_str_eq(t.crs, "EPSG:27700");
	sch = io_col(&t, "SchUID");
	name = io_col(&t, "schoolname");
	ck_assert(sch >= 0 && name >= 0);
	ck_assert_str_eq(io_cell(&t, 0, sch), "5526101");
	ck_assert_str_eq(io_cell(&t, 1, name), "Abbey Primary School");
	ck_assert_int_eq(t.rowref[2], 3);
	ck_assert(t.geoms[0].type == LE_GEOM_POINT && t.geoms[0].xy[0] == 327072 &&
		  t.geoms[0].xy[1] == 674333);
	ck_assert_int_eq(t.geoms[2].type, LE_GEOM_POLYGON);
	ck_assert_int_eq(t.geoms[2].npoints, 5);
	io_table_release(&t);
}
END_TEST

/* The workspace cache: a round trip, a key that no longer matches, and a
 * file that is not a database. */
START_TEST(workspace_cache)
{
	struct io_travel_row rows[3] = {
		{ 0, 2, 0, 1, 0, 812.5, 609.4, 0, 0, 0 },
		{ 0, 1, 0, 2, 0, 1200.0, 900.0, 0, 0, 0 },
		{ 1, 2, 1, 1, 1, 3000.25, 240.0, 1, 12.5, 3.25 },
	};
	struct io_travel_row *got;
	struct io_ws *ws;
	struct le_err err;
	char *dir = tu_tmpdir(), path[600], *bad;
	size_t n;
	int found;

	snprintf(path, sizeof(path), "%s/workspace.sqlite", dir);
	le_err_clear(&err);
	ck_assert_int_eq(io_ws_open(path, &ws, &err), LE_OK);
	ck_assert_int_eq(io_ws_travel_get(ws, "k1", &got, &n, NULL, &found, &err), LE_OK);
	ck_assert_int_eq(found, 0);
	ck_assert_int_eq(io_ws_travel_put(ws, "k1", rows, 3, NULL, 0, &err), LE_OK);
	io_ws_close(ws);

	/* Reopened: the same key finds the rows in order, another does not. */
	ck_assert_int_eq(io_ws_open(path, &ws, &err), LE_OK);
	ck_assert_int_eq(io_ws_travel_get(ws, "k2", &got, &n, NULL, &found, &err), LE_OK);
	ck_assert_int_eq(found, 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(io_ws_travel_get(ws, "k1", &got, &n, NULL, &found, &err), LE_OK);
	ck_assert_int_eq(found, 1);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(got[1].school, 1);
	ck_assert_int_eq(got[1].rank, 2);
	ck_assert(got[2].dist_m == 3000.25 && got[2].time_s == 240.0);
	/* The snap distances travel.csv reports come back too. */
	ck_assert(got[2].zone_snap_m == 12.5 && got[2].school_snap_m == 3.25);
	ck_assert_int_eq(got[2].mode, 1);
	/* The set is kept: a school may be in two sets. */
	ck_assert_int_eq(got[1].set, 0);
	ck_assert_int_eq(got[2].set, 1);
	free(got);
	/* A new table replaces the old one whole, with the findings made
	 * while computing it: a hit gives them back, so a cached command
	 * reports what a cold one did. */
	{
		struct le_diags in, out;

		le_diags_init(&in);
		le_diags_init(&out);
		le_diag_add(&in, LE_WARNING, "road node id", "roads.geojson: link 'C' %s", "moved");
		ck_assert_int_eq(io_ws_travel_put(ws, "k2", rows + 2, 1, in.v, in.n, &err), LE_OK);
		ck_assert_int_eq(io_ws_travel_get(ws, "k2", &got, &n, &out, &found, &err), LE_OK);
		ck_assert_uint_eq(n, 1);
		ck_assert_uint_eq(out.n, 1);
		ck_assert_int_eq(out.v[0].severity, LE_WARNING);
		ck_assert_str_eq(out.v[0].topic, "road node id");
		ck_assert_str_eq(out.v[0].msg, "roads.geojson: link 'C' moved");
		free(got);
		/* A finding changed behind our back: the checksum misses. */
		io_ws_close(ws);
		exec_sql(path, "UPDATE travel_diags SET msg = 'x';");
		ck_assert_int_eq(io_ws_open(path, &ws, &err), LE_OK);
		ck_assert_int_eq(io_ws_travel_get(ws, "k2", &got, &n, &out, &found, &err), LE_OK);
		ck_assert_int_eq(found, 0);
		ck_assert_uint_eq(out.n, 1);
		le_diags_release(&in);
		le_diags_release(&out);
	}
	io_ws_close(ws);

	/* A file that is not a database is only a cache gone bad: it is
	 * replaced by an empty workspace, and the reason is kept. */
	bad = tu_write_tmp(".sqlite", "this is not a database, just text\n");
	ck_assert_int_eq(io_ws_open(bad, &ws, &err), LE_OK);
	ck_assert_str_eq(io_ws_damage(ws), "file is not a database");
	ck_assert_int_eq(io_ws_travel_get(ws, "k1", &got, &n, NULL, &found, &err), LE_OK);
	ck_assert_int_eq(found, 0);
	ck_assert_int_eq(io_ws_travel_put(ws, "k1", rows, 3, NULL, 0, &err), LE_OK);
	io_ws_close(ws);
	ck_assert_int_eq(io_ws_open(bad, &ws, &err), LE_OK);
	ck_assert_ptr_null(io_ws_damage(ws));
	io_ws_close(ws);
	free(bad);
	free(dir);
}
END_TEST

/* Store rows under k1 in a fresh workspace at path. */
static void ws_fill(const char *path, const struct io_travel_row *rows, size_t n)
{
	struct io_ws *ws;
	struct le_err err;

	le_err_clear(&err);
	unlink(path);
	ck_assert_int_eq(io_ws_open(path, &ws, &err), LE_OK);
	ck_assert_int_eq(io_ws_travel_put(ws, "k1", rows, n, NULL, 0, &err), LE_OK);
	io_ws_close(ws);
}

/* Open path and look up k1: found or not, and why it was damaged. */
static int ws_lookup(const char *path, size_t *n, const char **why_out, char *why,
		     size_t whylen)
{
	struct io_travel_row *got = NULL;
	struct io_ws *ws;
	struct le_err err;
	int found = -1;

	le_err_clear(&err);
	ck_assert_int_eq(io_ws_open(path, &ws, &err), LE_OK);
	ck_assert_int_eq(io_ws_travel_get(ws, "k1", &got, n, NULL, &found, &err), LE_OK);
	*why_out = NULL;
	if (io_ws_damage(ws)) {
		snprintf(why, whylen, "%s", io_ws_damage(ws));
		*why_out = why;
	}
	free(got);
	io_ws_close(ws);
	return found;
}

/*
 * A damaged workspace is never trusted nor an error (issue 9 item 7):
 * truncated, a table dropped, a row gone or added, a value changed. Each
 * time the lookup misses whole (no partial table) and says why; a put
 * afterwards works again.
 */
START_TEST(workspace_damaged)
{
	struct io_travel_row rows[40];
	char *dir = tu_tmpdir(), path[600], why[300];
	const char *w;
	size_t n;
	FILE *fp;
	long size;
	int i;

	for (i = 0; i < 40; i++) {
		rows[i].zone = i / 4;
		rows[i].school = i % 4;
		rows[i].set = i % 2;
		rows[i].mode = 0;
		rows[i].rank = i % 4 + 1;
		rows[i].method = 0;
		rows[i].dist_m = 100.0 * i;
		rows[i].time_s = 75.0 * i;
		rows[i].zone_snap_m = 0.5 * i;
		rows[i].school_snap_m = 0;
	}
	snprintf(path, sizeof(path), "%s/workspace.sqlite", dir);

	/* Sound: found, 40 rows, no damage. */
	ws_fill(path, rows, 40);
	ck_assert_int_eq(ws_lookup(path, &n, &w, why, sizeof(why)), 1);
	ck_assert_uint_eq(n, 40);
	ck_assert_ptr_null(w);

	/* Truncated to its first page and a half. */
	ws_fill(path, rows, 40);
	fp = fopen(path, "rb");
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	fclose(fp);
	ck_assert_int_gt(size, 2048);
	ck_assert_int_eq(truncate(path, 1536), 0);
	ck_assert_int_eq(ws_lookup(path, &n, &w, why, sizeof(why)), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_nonnull(w);

	/* The travel table dropped: recreated empty, the count disagrees. */
	ws_fill(path, rows, 40);
	exec_sql(path, "DROP TABLE travel;");
	ck_assert_int_eq(ws_lookup(path, &n, &w, why, sizeof(why)), 0);
	ck_assert_str_eq(w, "the travel table's row count disagrees with its key");

	/* A row deleted, then a row added. */
	ws_fill(path, rows, 40);
	exec_sql(path, "DELETE FROM travel WHERE rowid = 7;");
	ck_assert_int_eq(ws_lookup(path, &n, &w, why, sizeof(why)), 0);
	ck_assert_str_eq(w, "the travel table's row count disagrees with its key");
	ws_fill(path, rows, 40);
	exec_sql(path, "INSERT INTO travel VALUES (0, 0, 0, 0, 9, 0, 1.0, 1.0, 0.0, 0.0);");
	ck_assert_int_eq(ws_lookup(path, &n, &w, why, sizeof(why)), 0);
	ck_assert_str_eq(w, "the travel table's row count disagrees with its key");

	/* A row moved to another set (a school may be in two), the count
	 * intact. */
	ws_fill(path, rows, 40);
	exec_sql(path, "UPDATE travel SET travel_set = travel_set + 1 WHERE rowid = 3;");
	ck_assert_int_eq(ws_lookup(path, &n, &w, why, sizeof(why)), 0);
	ck_assert_str_eq(w, "the travel table's rows disagree with their checksum");

	/* A value changed, the count intact. */
	ws_fill(path, rows, 40);
	exec_sql(path, "UPDATE travel SET distance_m = 5 WHERE rowid = 3;");
	ck_assert_int_eq(ws_lookup(path, &n, &w, why, sizeof(why)), 0);
	ck_assert_str_eq(w, "the travel table's rows disagree with their checksum");

	/* The key table dropped: a miss. */
	ws_fill(path, rows, 40);
	exec_sql(path, "DROP TABLE cache_keys;");
	ck_assert_int_eq(ws_lookup(path, &n, &w, why, sizeof(why)), 0);

	/* Another program's SQLite file: not ours, replaced. */
	unlink(path);
	exec_sql(path, "CREATE TABLE other(a); INSERT INTO other VALUES (1);");
	ck_assert_int_eq(ws_lookup(path, &n, &w, why, sizeof(why)), 0);
	ck_assert_str_eq(w, "not a workspace of this version of estate");
	/* ... and usable afterwards. */
	{
		struct io_ws *ws;
		struct le_err err;

		le_err_clear(&err);
		ck_assert_int_eq(io_ws_open(path, &ws, &err), LE_OK);
		ck_assert_int_eq(io_ws_travel_put(ws, "k1", rows, 40, NULL, 0, &err), LE_OK);
		io_ws_close(ws);
	}
	ck_assert_int_eq(ws_lookup(path, &n, &w, why, sizeof(why)), 1);
	ck_assert_uint_eq(n, 40);
	free(dir);
}
END_TEST

/* Overwrite every page after the first (the header and the schema) of
 * the SQLite file at path with garbage, leaving its size: opening still
 * works, but the tables' pages are gone. */
static void garble_after_first_page(const char *path)
{
	unsigned char junk[4096];
	FILE *fp = fopen(path, "r+b");
	long size, off;

	ck_assert_ptr_nonnull(fp);
	memset(junk, 0xab, sizeof(junk));
	ck_assert_int_eq(fseek(fp, 0, SEEK_END), 0);
	size = ftell(fp);
	/* Pages of 64 KiB (workspace.c): at least the first and one more. */
	ck_assert_int_gt(size, 65536);
	for (off = 65536; off < size; off += (long)sizeof(junk)) {
		ck_assert_int_eq(fseek(fp, off, SEEK_SET), 0);
		ck_assert_uint_eq(fwrite(junk, 1, size - off < (long)sizeof(junk) ?
					 (size_t)(size - off) : sizeof(junk), fp),
				  size - off < (long)sizeof(junk) ? (size_t)(size - off) : sizeof(junk));
	}
	fclose(fp);
}

/*
 * A put that finds the file damaged where the reads did not look (the
 * workspace was opened sound, its tables' pages garbled afterwards):
 * the first attempt fails on the damage, the file is rebuilt empty and
 * the second attempt stores, for the travel table and for a blob alike
 * (one retry sequence, put_retrying). The damage is kept for the user,
 * and what was stored is found by the next command.
 */
START_TEST(workspace_put_after_damage)
{
	struct io_travel_row rows[2] = {
		{ 0, 0, 0, 1, 0, 812.5, 609.4, 0, 0, 0 },
		{ 1, 1, 0, 1, 0, 1200.0, 900.0, 0, 0, 0 },
	};
	static const char bytes[] = "a network's bytes";
	const void *part[1] = { bytes };
	size_t len = sizeof(bytes), n, size;
	struct io_travel_row *got;
	struct io_ws_blob *b;
	struct io_ws *ws;
	struct le_err err;
	char *dir = tu_tmpdir(), path[600], back[sizeof(bytes)];
	int found, pass;

	snprintf(path, sizeof(path), "%s/workspace.sqlite", dir);
	for (pass = 0; pass < 2; pass++) {
		le_err_clear(&err);
		unlink(path);
		ck_assert_int_eq(io_ws_open(path, &ws, &err), LE_OK);
		ck_assert_int_eq(io_ws_travel_put(ws, "k1", rows, 2, NULL, 0, &err), LE_OK);
		ck_assert_int_eq(io_ws_blob_put(ws, "net", "k1", part, &len, 1, &err), LE_OK);
		io_ws_close(ws);

		ck_assert_int_eq(io_ws_open(path, &ws, &err), LE_OK);
		ck_assert_ptr_null(io_ws_damage(ws));
		garble_after_first_page(path);
		if (pass == 0) {
			ck_assert_int_eq(io_ws_travel_put(ws, "k2", rows + 1, 1, NULL, 0, &err), LE_OK);
			ck_assert_msg(io_ws_damage(ws) && strstr(io_ws_damage(ws),
				      ": clearing the travel table: database disk image is malformed"),
				      "damage: '%s'", io_ws_damage(ws) ? io_ws_damage(ws) : "(none)");
		} else {
			ck_assert_int_eq(io_ws_blob_put(ws, "net", "k2", part, &len, 1, &err), LE_OK);
			ck_assert_msg(io_ws_damage(ws) && strstr(io_ws_damage(ws),
				      ": storing a blob: database disk image is malformed"),
				      "damage: '%s'", io_ws_damage(ws) ? io_ws_damage(ws) : "(none)");
		}
		io_ws_close(ws);

		/* The next command: a sound file holding only what the second
		 * attempt stored (the rebuilt file lost the rest). */
		ck_assert_int_eq(io_ws_open(path, &ws, &err), LE_OK);
		ck_assert_ptr_null(io_ws_damage(ws));
		ck_assert_int_eq(io_ws_travel_get(ws, "k2", &got, &n, NULL, &found, &err), LE_OK);
		ck_assert_int_eq(found, pass == 0);
		if (found) {
			ck_assert_uint_eq(n, 1);
			ck_assert(got[0].dist_m == 1200.0 && got[0].school == 1);
		}
		free(got);
		ck_assert_int_eq(io_ws_blob_open(ws, "net", "k2", &b, &size, &err), LE_OK);
		ck_assert_int_eq(b != NULL, pass == 1);
		if (b) {
			ck_assert_uint_eq(size, sizeof(bytes));
			ck_assert_int_eq(io_ws_blob_read(b, back, size, 0), 0);
			ck_assert_str_eq(back, bytes);
		}
		io_ws_blob_close(b);
		ck_assert_int_eq(io_ws_travel_get(ws, "k1", &got, &n, NULL, &found, &err), LE_OK);
		ck_assert_int_eq(found, 0);
		free(got);
		io_ws_close(ws);
	}
	free(dir);
}
END_TEST

Suite *suite_io_db(void)
{
	Suite *s = suite_create("io_db");
	TCase *tc = tcase_create("io_db");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, gpkg_points);
	tcase_add_test(tc, gpkg_polygons);
	tcase_add_test(tc, spatialite_layers);
	tcase_add_test(tc, errors);
	tcase_add_test(tc, not_utf8);
	tcase_add_test(tc, gdal_gpkg);
	tcase_add_test(tc, workspace_cache);
	tcase_add_test(tc, workspace_damaged);
	tcase_add_test(tc, workspace_put_after_damage);
	suite_add_tcase(s, tc);
	return s;
}
