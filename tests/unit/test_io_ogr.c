/*
 * test_io_ogr.c: unit tests for io_ogr_read (any OGR source) and
 * io_table_join. The OGR fixtures are KML text written here (GDAL's KML
 * readers need no companion files), so the expected fids, columns,
 * coordinates and CRS are known without running GDAL's writers; the
 * Shapefile, TAB and FlatGeobuf paths are covered end to end by the CLI
 * cases ogr_* (written with ogr2ogr).
 */
#include "testutil.h"

#include "io/io.h"
#include "io/io_int.h"

#include <stdlib.h>
#include <string.h>

/* Two folders, so two layers: schools (points, one with a z value) and
 * zones (a polygon, then a MultiGeometry of two points). */
static const char kml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>\n"
	"<Folder><name>schools</name>\n"
	"<Placemark><name>P1</name><description>Meadow</description>"
	"<Point><coordinates>-3.19,55.95</coordinates></Point></Placemark>\n"
	"<Placemark><name>P2</name>"
	"<Point><coordinates>-3.18,55.96,10</coordinates></Point></Placemark>\n"
	"</Folder>\n"
	"<Folder><name>zones</name>\n"
	"<Placemark><name>Z1</name><Polygon><outerBoundaryIs><LinearRing><coordinates>"
	"-3.2,55.9 -3.1,55.9 -3.1,56.0 -3.2,55.9</coordinates></LinearRing></outerBoundaryIs>"
	"</Polygon></Placemark>\n"
	"<Placemark><name>M</name><MultiGeometry><Point><coordinates>-3.2,55.9</coordinates>"
	"</Point><Point><coordinates>-3.1,55.9</coordinates></Point></MultiGeometry></Placemark>\n"
	"</Folder>\n"
	"</Document></kml>\n";

/* Read layer `layer` of the KML fixture; the path is returned in *path. */
static int read_kml(const char *layer, struct io_table *t, struct le_err *err, char **path)
{
	*path = tu_write_tmp(".kml", kml);
	io_table_init(t);
	le_err_clear(err);
	return io_table_read(*path, layer, NULL, t, err);
}

START_TEST(kml_points)
{
	struct io_table t;
	struct le_err err;
	char *path;
	int c;

	ck_assert_int_eq(read_kml("schools", &t, &err, &path), LE_OK);
	ck_assert_int_eq(t.nrows, 2);
	ck_assert_int_eq(t.rowkind, IO_ROW_FID);
	/* KML features are numbered from 1 by GDAL's LIBKML driver. */
	ck_assert_int_eq(t.rowref[0], 1);
	ck_assert_int_eq(t.rowref[1], 2);
	ck_assert_str_eq(t.crs, "EPSG:4326");
	ck_assert_int_ge(c = io_col(&t, "Name"), 0);
	ck_assert_str_eq(io_cell(&t, 0, c), "P1");
	ck_assert_str_eq(io_cell(&t, 1, c), "P2");
	ck_assert_int_ge(c = io_col(&t, "description"), 0);
	ck_assert_str_eq(io_cell(&t, 0, c), "Meadow");
	/* Not set in the file: empty, not "(null)". */
	ck_assert_str_eq(io_cell(&t, 1, c), "");
	/* Longitude first, as in the file; the z value is dropped. */
	ck_assert_int_eq(t.geoms[0].type, LE_GEOM_POINT);
	ck_assert_int_eq(t.geoms[1].npoints, 1);
	ck_assert(t.geoms[0].xy[0] == -3.19 && t.geoms[0].xy[1] == 55.95);
	ck_assert(t.geoms[1].xy[0] == -3.18 && t.geoms[1].xy[1] == 55.96);
	{
		char where[200];
		ck_assert_str_eq(io_where(&t, 1, where, sizeof(where)) + strlen(path), ": fid 2");
	}
	io_table_release(&t);
	free(path);
}
END_TEST

START_TEST(kml_errors)
{
	struct io_table t;
	struct le_err err;
	char *path, want[600];

	/* Two layers and none named: never a guess. */
	ck_assert_int_eq(read_kml(NULL, &t, &err, &path), LE_EUSAGE);
	snprintf(want, sizeof(want),
		 "%s: has 2 layers (schools, zones): name one with 'layer = NAME' in the study file",
		 path);
	ck_assert_str_eq(err.msg, want);
	ck_assert_int_eq(t.nrows, 0);
	io_table_release(&t);
	free(path);

	ck_assert_int_eq(read_kml("nosuch", &t, &err, &path), LE_EDB);
	snprintf(want, sizeof(want), "%s: no layer 'nosuch' (layers: schools, zones)", path);
	ck_assert_str_eq(err.msg, want);
	io_table_release(&t);
	free(path);

	/* A MultiGeometry of points: no loader can use it; the feature is
	 * named, and no partial table is left. */
	ck_assert_int_eq(read_kml("zones", &t, &err, &path), LE_EGEO);
	snprintf(want, sizeof(want),
		 "%s: fid 2: geometry is a MultiPoint (expected a point, lines or polygons)", path);
	ck_assert_str_eq(err.msg, want);
	ck_assert_int_eq(t.nrows, 0);
	ck_assert_ptr_null(t.geoms);
	io_table_release(&t);
	free(path);

	io_table_init(&t);
	le_err_clear(&err);
	ck_assert_int_eq(io_table_read("/nonexistent/zones.fgb", NULL, NULL, &t, &err), LE_EIO);
	ck_assert_str_eq(err.msg, "cannot open '/nonexistent/zones.fgb': no such file");
	io_table_release(&t);
	path = tu_write_tmp(".shp", "not a shapefile\n");
	le_err_clear(&err);
	ck_assert_int_eq(io_table_read(path, NULL, NULL, &t, &err), LE_EIO);
	snprintf(want, sizeof(want), "cannot open '%s' as a vector source: GDAL does not recognise it",
		 path);
	ck_assert_str_eq(err.msg, want);
	io_table_release(&t);
	free(path);
}
END_TEST

/* A database that cannot be reached: GDAL's (libpq's) words on one line,
 * the password never repeated. */
START_TEST(pg_unreachable)
{
	static const char want[] =
		"cannot open 'PG:dbname=nosuchdb host=/nonexistent password=*** user=me' as a vector source: ";
	struct io_table t;
	struct le_err err;

	io_table_init(&t);
	le_err_clear(&err);
	ck_assert_int_eq(io_table_read("PG:dbname=nosuchdb host=/nonexistent password=hunter2 user=me",
				       "schools", NULL, &t, &err), LE_EIO);
	ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "%s", err.msg);
	ck_assert_ptr_null(strstr(err.msg, "hunter2"));
	ck_assert_ptr_null(strchr(err.msg, '\n'));
	ck_assert_ptr_nonnull(strstr(err.msg, "PQconnectdb failed"));
	io_table_release(&t);
}
END_TEST

START_TEST(pg_masking)
{
	/* Every way libpq takes a password; the rest kept as written. */
	static const char *const cases[][2] = {
		{ "PG:dbname=x password=hunter2 user=me", "PG:dbname=x password=*** user=me" },
		{ "PG:password=hunter2", "PG:password=***" },
		{ "PG:dbname=x password = hunter2", "PG:dbname=x password = ***" },
		{ "PG:dbname=x password='a b\\' c' host=h", "PG:dbname=x password=*** host=h" },
		{ "PG:postgresql://me:hunter2@gis/estate", "PG:postgresql://me:***@gis/estate" },
		{ "PG:postgresql://me@gis:5433/estate", "PG:postgresql://me@gis:5433/estate" },
		{ "PG:dbname=x passwordfile=y", "PG:dbname=x passwordfile=y" },
		{ "fe_sendauth: no password supplied", "fe_sendauth: no password supplied" },
	};
	char out[200];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_str_eq(io_ogr_shown(cases[i][0], out, sizeof(out)), cases[i][1]);
}
END_TEST

START_TEST(pg_schema_names)
{
	char out[IO_PG_NAME_MAX + 1];
	struct le_err err;

	le_err_clear(&err);
	ck_assert_int_eq(io_pg_schema_name("City of Edinburgh learning estate (demo)", NULL, out,
					   &err), LE_OK);
	ck_assert_str_eq(out, "city_of_edinburgh_learning_estate_demo");
	ck_assert_int_eq(io_pg_schema_name("  Moray -- Élgin_2026 ", NULL, out, &err), LE_OK);
	ck_assert_str_eq(out, "moray_lgin_2026");
	/* Cut at 48 characters, without a '_' left at the end. */
	ck_assert_int_eq(io_pg_schema_name("Aberdeen City and Aberdeenshire Northern Alliance review",
					   NULL, out, &err), LE_OK);
	ck_assert_str_eq(out, "aberdeen_city_and_aberdeenshire_northern_allianc");
	ck_assert_int_eq((int)strlen(out), IO_PG_NAME_MAX);
	ck_assert_int_eq(io_pg_schema_name("x", "estate_2026", out, &err), LE_OK);
	ck_assert_str_eq(out, "estate_2026");
	ck_assert_int_eq(io_pg_schema_name("(((", NULL, out, &err), LE_EDATA);
	ck_assert_str_eq(err.msg, "cannot make a schema name from '(((' (no letters or digits): "
			 "set one with 'schema = NAME' in [output]");
	le_err_clear(&err);
	ck_assert_int_eq(io_pg_schema_name("2026 review", NULL, out, &err), LE_EDATA);
	ck_assert_str_eq(err.msg, "schema name '2026_review' (from '2026 review') does not start "
			 "with a letter: set one with 'schema = NAME' in [output]");
	le_err_clear(&err);
	ck_assert_int_eq(io_pg_schema_name("Public", NULL, out, &err), LE_EDATA);
	ck_assert_str_eq(err.msg, "schema name 'public' (from 'Public') is PostgreSQL's or "
			 "PostGIS's own: set another with 'schema = NAME' in [output]");
	le_err_clear(&err);
	ck_assert_int_eq(io_pg_schema_name("PG catalog", NULL, out, &err), LE_EDATA);
	le_err_clear(&err);
	/* A given schema is used as written or refused. */
	ck_assert_int_eq(io_pg_schema_name("x", "Estate", out, &err), LE_EDATA);
	ck_assert_str_eq(err.msg, "schema 'Estate' is not a plain name (expected lowercase letters, "
			 "digits and single '_', at most 48 characters, e.g. 'estate')");
	le_err_clear(&err);
	ck_assert_int_eq(io_pg_schema_name("x", "a__staging", out, &err), LE_EDATA);
}
END_TEST

START_TEST(pg_open_refused)
{
	struct io_pg *pg = (struct io_pg *)&pg;
	struct le_err err;
	static const char want[] =
		"cannot connect to 'PG:dbname=nosuchdb host=/nonexistent password=*** user=me': "
		"PQconnectdb failed";

	le_err_clear(&err);
	ck_assert_int_eq(io_pg_open("dbname=x password=hunter2", "x", &pg, &err), LE_EUSAGE);
	ck_assert_ptr_null(pg);
	ck_assert_str_eq(err.msg, "'dbname=x password=***' is not a PostGIS connection "
			 "(expected PG:..., e.g. 'PG:dbname=estate host=gis')");
	le_err_clear(&err);
	ck_assert_int_eq(io_pg_open("PG:dbname=nosuchdb host=/nonexistent password=hunter2 user=me",
				    "x", &pg, &err), LE_EDB);
	ck_assert_ptr_null(pg);
	ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "%s", err.msg);
	ck_assert_ptr_null(strstr(err.msg, "hunter2"));
	io_pg_close(NULL);
}
END_TEST

START_TEST(ogr_sources)
{
	ck_assert_int_eq(io_ogr_source("a/schools.SHP"), 1);
	ck_assert_int_eq(io_ogr_source("zones.tab"), 1);
	ck_assert_int_eq(io_ogr_source("estate.gdb"), 1);
	ck_assert_int_eq(io_ogr_source("estate.gdb/"), 1);
	ck_assert_int_eq(io_ogr_source("PG:dbname=estate"), 1);
	/* The native readers keep theirs. */
	ck_assert_int_eq(io_ogr_source("schools.csv"), 0);
	ck_assert_int_eq(io_ogr_source("zones.geojson"), 0);
	ck_assert_int_eq(io_ogr_source("zones.gpkg"), 0);
}
END_TEST

START_TEST(join_left)
{
	struct io_table t, o;
	struct le_err err;
	char *hit = NULL, *ohit = NULL;

	ck_assert_int_eq(tu_read_text(".csv", "id,name,x\nA,Alpha,1\nB,Beta,2\nC,Gamma,3\n",
				      &t, &err, NULL), LE_OK);
	ck_assert_int_eq(tu_read_text(".csv", "key,cap,name\n C ,30,other\nA,10,other\nZ,99,zed\n",
				      &o, &err, NULL), LE_OK);
	ck_assert_int_eq(io_table_join(&t, &o, 0, 0, &hit, &ohit, &err), LE_OK);
	/* t's columns, then o's that t lacks: key and cap (name clashes). */
	ck_assert_int_eq(t.ncols, 5);
	ck_assert_str_eq(t.cols[3], "key");
	ck_assert_str_eq(t.cols[4], "cap");
	ck_assert_int_eq(t.nrows, 3);
	ck_assert_str_eq(io_cell(&t, 0, 4), "10");
	ck_assert_str_eq(io_cell(&t, 1, 4), "");
	ck_assert_str_eq(io_cell(&t, 2, 4), "30");
	ck_assert_str_eq(io_cell(&t, 2, 1), "Gamma");
	/* Row references stay the layer file's own lines. */
	ck_assert_int_eq(t.rowref[2], 4);
	ck_assert(hit[0] && !hit[1] && hit[2]);
	ck_assert(ohit[0] && ohit[1] && !ohit[2]);
	free(hit);
	free(ohit);
	io_table_release(&t);
	io_table_release(&o);
}
END_TEST

START_TEST(join_duplicate)
{
	struct io_table t, o;
	struct le_err err;
	char *hit = NULL, *ohit = NULL, *opath, want[600];

	ck_assert_int_eq(tu_read_text(".csv", "id,name\nA,Alpha\n", &t, &err, NULL), LE_OK);
	ck_assert_int_eq(tu_read_text(".csv", "id,cap\nA,1\nB,2\nA,3\n", &o, &err, &opath), LE_OK);
	ck_assert_int_eq(io_table_join(&t, &o, 0, 0, &hit, &ohit, &err), LE_EDATA);
	snprintf(want, sizeof(want),
		 "%s:4: column 'id': id 'A' is joined twice (first on line 2): the joined file must have one row per id",
		 opath);
	ck_assert_str_eq(err.msg, want);
	/* t is unchanged. */
	ck_assert_int_eq(t.ncols, 2);
	ck_assert_ptr_null(hit);
	ck_assert_ptr_null(ohit);
	free(opath);
	io_table_release(&t);
	io_table_release(&o);
}
END_TEST

START_TEST(blank_cells)
{
	struct io_table t;
	struct le_err err;

	ck_assert_int_eq(tu_read_text(".csv", "a,b\nNA,1\n2,NA\n", &t, &err, NULL), LE_OK);
	io_table_blank(&t, 0, 0);
	io_table_blank(&t, 1, 1);
	io_table_blank(&t, 5, 1);   /* out of range: nothing */
	ck_assert_str_eq(io_cell(&t, 0, 0), "");
	ck_assert_str_eq(io_cell(&t, 0, 1), "1");
	ck_assert_str_eq(io_cell(&t, 1, 0), "2");
	ck_assert_str_eq(io_cell(&t, 1, 1), "");
	io_table_release(&t);
}
END_TEST

Suite *suite_io_ogr(void)
{
	Suite *s = suite_create("io_ogr");
	TCase *tc = tcase_create("io_ogr");

	tcase_add_test(tc, kml_points);
	tcase_add_test(tc, kml_errors);
	tcase_add_test(tc, ogr_sources);
	tcase_add_test(tc, pg_unreachable);
	tcase_add_test(tc, pg_masking);
	tcase_add_test(tc, pg_schema_names);
	tcase_add_test(tc, pg_open_refused);
	tcase_add_test(tc, join_left);
	tcase_add_test(tc, join_duplicate);
	tcase_add_test(tc, blank_cells);
	suite_add_tcase(s, tc);
	return s;
}
