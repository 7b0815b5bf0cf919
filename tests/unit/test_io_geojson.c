/*
 * test_io_geojson.c: unit tests for io_geojson_read. Small inputs are
 * written inline so each test shows the JSON it reads; messages are
 * compared in full because users see them verbatim.
 */
#include "testutil.h"

#include "io/io.h"
#include "io/io_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Read text as a GeoJSON file (see testutil.h). */
static int read_text(const char *text, struct io_table *t, struct le_err *err,
		     char **path_out)
{
	return tu_read_text(".geojson", text, t, err, path_out);
}

static void expect_error(const char *text, int code, const char *suffix)
{
	tu_expect_read_error(".geojson", text, code, suffix);
}

/* Coordinates of point i of g. */
#define X(g, i) ((g)->xy[2 * (i)])
#define Y(g, i) ((g)->xy[2 * (i) + 1])

/* A FeatureCollection of one feature with the given geometry JSON. */
#define ONE(geom) \
	"{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\"," \
	"\"properties\":{},\"geometry\":" geom "}]}"

START_TEST(test_point_default_crs)
{
	struct io_table t;
	struct le_err err;
	const struct le_geom *g;

	ck_assert_int_eq(read_text(ONE("{\"type\":\"Point\",\"coordinates\":[-3.19, 55.95, 80.5]}"),
				   &t, &err, NULL), LE_OK);
	ck_assert_str_eq(t.crs, "OGC:CRS84");
	ck_assert_int_eq(t.rowkind, IO_ROW_FEATURE);
	ck_assert_int_eq(t.nrows, 1);
	ck_assert_int_eq(t.ncols, 0);
	/* 0-based, as GDAL numbers features; the document is one line. */
	ck_assert_int_eq(t.rowref[0], 0);
	ck_assert_int_eq(t.rowline[0], 1);
	g = &t.geoms[0];
	ck_assert_int_eq(g->type, LE_GEOM_POINT);
	/* The z value is dropped, not stored as a third coordinate. */
	ck_assert_int_eq(g->npoints, 1);
	ck_assert_int_eq(g->nparts, 1);
	ck_assert_double_eq(X(g, 0), -3.19);
	ck_assert_double_eq(Y(g, 0), 55.95);
	io_table_release(&t);
}
END_TEST

START_TEST(test_lines)
{
	struct io_table t;
	struct le_err err;
	const struct le_geom *g;

	ck_assert_int_eq(read_text(ONE("{\"type\":\"LineString\",\"coordinates\":"
				       "[[0,0,1],[10,0,2],[10,5,3]]}"),
				   &t, &err, NULL), LE_OK);
	g = &t.geoms[0];
	ck_assert_int_eq(g->type, LE_GEOM_LINESTRING);
	ck_assert_int_eq(g->npoints, 3);
	ck_assert_int_eq(g->nparts, 1);
	ck_assert_int_eq(g->part_start[1], 3);
	ck_assert_double_eq(X(g, 2), 10);
	ck_assert_double_eq(Y(g, 2), 5);
	io_table_release(&t);

	ck_assert_int_eq(read_text(ONE("{\"type\":\"MultiLineString\",\"coordinates\":"
				       "[[[0,0],[1,1]],[[5,5],[6,6],[7,8]]]}"),
				   &t, &err, NULL), LE_OK);
	g = &t.geoms[0];
	ck_assert_int_eq(g->type, LE_GEOM_MULTILINESTRING);
	ck_assert_int_eq(g->npoints, 5);
	ck_assert_int_eq(g->nparts, 2);
	ck_assert_int_eq(g->part_start[0], 0);
	ck_assert_int_eq(g->part_start[1], 2);
	ck_assert_int_eq(g->part_start[2], 5);
	ck_assert_double_eq(X(g, 4), 7);
	ck_assert_double_eq(Y(g, 4), 8);
	io_table_release(&t);
}
END_TEST

/* The fixture: named EPSG:27700 CRS, a polygon with an unclosed hole,
 * a multipolygon with z values and an unclosed ring, a null geometry. */
START_TEST(test_polygons_fixture)
{
	struct io_table t;
	struct le_err err;
	const struct le_geom *g;
	char where[600];

	io_table_init(&t);
	le_err_clear(&err);
	ck_assert_int_eq(io_table_read(TDATA "io/zones_small.geojson", NULL, NULL, &t, &err),
			 LE_OK);
	ck_assert_str_eq(t.crs, "EPSG:27700");
	ck_assert_int_eq(t.nrows, 3);
	/* Union of keys in order of first appearance. */
	ck_assert_int_eq(t.ncols, 5);
	ck_assert_str_eq(t.cols[0], "DataZone");
	ck_assert_str_eq(t.cols[3], "Area_ha");
	ck_assert_str_eq(t.cols[4], "Council");
	ck_assert_str_eq(io_cell(&t, 0, 2), "812");
	ck_assert_str_eq(io_cell(&t, 0, 3), "103.25");
	ck_assert_str_eq(io_cell(&t, 0, 4), "");
	ck_assert_str_eq(io_cell(&t, 1, 2), "");
	ck_assert_str_eq(io_cell(&t, 1, 4), "S12000036");
	ck_assert_str_eq(io_cell(&t, 2, 0), "S01008419");

	g = &t.geoms[0];
	ck_assert_int_eq(g->type, LE_GEOM_POLYGON);
	ck_assert_int_eq(g->npolys, 1);
	ck_assert_int_eq(g->nparts, 2);
	/* 5 exterior points; the hole's 3 points gain a closing 4th. */
	ck_assert_int_eq(g->npoints, 9);
	ck_assert_int_eq(g->part_start[1], 5);
	ck_assert_int_eq(g->part_start[2], 9);
	ck_assert_int_eq(g->poly_start[0], 0);
	ck_assert_int_eq(g->poly_start[1], 2);
	ck_assert_double_eq(X(g, 8), 315400);
	ck_assert_double_eq(Y(g, 8), 666400);

	g = &t.geoms[1];
	ck_assert_int_eq(g->type, LE_GEOM_MULTIPOLYGON);
	ck_assert_int_eq(g->npolys, 2);
	ck_assert_int_eq(g->nparts, 2);
	/* First ring already closed (4 points), second closed here (5). */
	ck_assert_int_eq(g->npoints, 9);
	ck_assert_int_eq(g->part_start[1], 4);
	ck_assert_int_eq(g->poly_start[1], 1);
	ck_assert_int_eq(g->poly_start[2], 2);
	ck_assert_double_eq(X(g, 3), 317000);
	ck_assert_double_eq(X(g, 8), 319000);
	ck_assert_double_eq(Y(g, 8), 666000);

	/* A null geometry is an empty one; the loader decides about it. */
	ck_assert_int_eq(t.geoms[2].type, LE_GEOM_NONE);
	ck_assert_int_eq(t.geoms[2].npoints, 0);
	ck_assert_int_eq(t.rowref[2], 2);
	ck_assert_int_eq(t.rowline[2], 8);
	io_where(&t, 2, where, sizeof(where));
	ck_assert_str_eq(where, TDATA "io/zones_small.geojson:8: features[2]");
	ck_assert_str_eq(io_ref(t.rowkind, t.rowref[2], t.rowline[2], where, sizeof(where)),
			 "features[2] (line 8)");
	io_table_release(&t);
}
END_TEST

START_TEST(test_single_feature_and_bare_geometry)
{
	struct io_table t;
	struct le_err err;

	ck_assert_int_eq(read_text("{\"type\":\"Feature\",\"properties\":{\"id\":\"a\"},"
				   "\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]}}",
				   &t, &err, NULL), LE_OK);
	ck_assert_int_eq(t.nrows, 1);
	ck_assert_int_eq(t.ncols, 1);
	ck_assert_str_eq(io_cell(&t, 0, 0), "a");
	ck_assert_int_eq(t.geoms[0].type, LE_GEOM_POINT);
	io_table_release(&t);

	ck_assert_int_eq(read_text("{\"type\":\"Polygon\",\"coordinates\":"
				   "[[[0,0],[4,0],[4,3],[0,0]]]}", &t, &err, NULL), LE_OK);
	ck_assert_int_eq(t.nrows, 1);
	ck_assert_int_eq(t.ncols, 0);
	ck_assert_int_eq(t.rowref[0], 0);
	ck_assert_int_eq(t.geoms[0].type, LE_GEOM_POLYGON);
	ck_assert_int_eq(t.geoms[0].npoints, 4);
	io_table_release(&t);

	/* An empty FeatureCollection is an empty table, not an error. */
	ck_assert_int_eq(read_text("{\"type\":\"FeatureCollection\",\"features\":[]}",
				   &t, &err, NULL), LE_OK);
	ck_assert_int_eq(t.nrows, 0);
	ck_assert_str_eq(t.crs, "OGC:CRS84");
	io_table_release(&t);
}
END_TEST

START_TEST(test_property_types)
{
	struct io_table t;
	struct le_err err;

	ck_assert_int_eq(read_text("{\"type\":\"FeatureCollection\",\"features\":["
				   "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{"
				   "\"s\":\"Caf\\u00e9 \\\"x\\\"\",\"i\":-9007199254740993,"
				   "\"r1\":0.1,\"r2\":1.0,\"r3\":0.30000000000000004,\"r4\":2.5e-8,"
				   "\"t\":true,\"f\":false,\"n\":null,"
				   "\"o\":{\"b\": [1, 2.5, \"x\"], \"a\": null},\"a\":[ ]}},"
				   "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{"
				   "\"late\":\"new key\",\"s\":\"\"}}]}",
				   &t, &err, NULL), LE_OK);
	ck_assert_int_eq(t.ncols, 12);
	ck_assert_int_eq(t.nrows, 2);
	ck_assert_str_eq(io_cell(&t, 0, io_col(&t, "s")), "Caf\xC3\xA9 \"x\"");
	ck_assert_str_eq(io_cell(&t, 0, io_col(&t, "i")), "-9007199254740993");
	ck_assert_str_eq(io_cell(&t, 0, io_col(&t, "r1")), "0.1");
	ck_assert_str_eq(io_cell(&t, 0, io_col(&t, "r2")), "1");
	ck_assert_str_eq(io_cell(&t, 0, io_col(&t, "r3")), "0.30000000000000004");
	ck_assert_str_eq(io_cell(&t, 0, io_col(&t, "r4")), "2.5e-08");
	ck_assert_str_eq(io_cell(&t, 0, io_col(&t, "t")), "true");
	ck_assert_str_eq(io_cell(&t, 0, io_col(&t, "f")), "false");
	ck_assert_str_eq(io_cell(&t, 0, io_col(&t, "n")), "");
	/* Nested values keep their key order, as compact JSON. */
	ck_assert_str_eq(io_cell(&t, 0, io_col(&t, "o")), "{\"b\":[1,2.5,\"x\"],\"a\":null}");
	ck_assert_str_eq(io_cell(&t, 0, io_col(&t, "a")), "[]");
	ck_assert_int_eq(io_col(&t, "late"), 11);
	ck_assert_str_eq(io_cell(&t, 0, 11), "");
	ck_assert_str_eq(io_cell(&t, 1, 11), "new key");
	ck_assert_str_eq(io_cell(&t, 1, io_col(&t, "i")), "");
	ck_assert_int_eq(t.geoms[0].type, LE_GEOM_NONE);
	io_table_release(&t);
}
END_TEST

START_TEST(test_crs_names)
{
	struct io_table t;
	struct le_err err;

#define WITH_CRS(name) \
	"{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":" \
	"{\"name\":\"" name "\"}},\"features\":[]}"
	ck_assert_int_eq(read_text(WITH_CRS("urn:ogc:def:crs:OGC:1.3:CRS84"), &t, &err, NULL),
			 LE_OK);
	ck_assert_str_eq(t.crs, "OGC:CRS84");
	io_table_release(&t);
	ck_assert_int_eq(read_text(WITH_CRS("EPSG:4326"), &t, &err, NULL), LE_OK);
	ck_assert_str_eq(t.crs, "EPSG:4326");
	io_table_release(&t);
	ck_assert_int_eq(read_text(WITH_CRS("urn:ogc:def:crs:EPSG:6.6:27700"), &t, &err, NULL),
			 LE_OK);
	ck_assert_str_eq(t.crs, "EPSG:27700");
	io_table_release(&t);

	expect_error(WITH_CRS("urn:ogc:def:crs:EPSG::27700x"), LE_EPARSE,
		     ": crs 'urn:ogc:def:crs:EPSG::27700x' is not understood"
		     " (expected a name such as urn:ogc:def:crs:EPSG::27700)");
	expect_error(WITH_CRS("British National Grid"), LE_EPARSE,
		     ": crs 'British National Grid' is not understood"
		     " (expected a name such as urn:ogc:def:crs:EPSG::27700)");
	expect_error("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"link\"},"
		     "\"features\":[]}", LE_EPARSE,
		     ": crs '{\"type\":\"link\"}' is not understood"
		     " (expected a name such as urn:ogc:def:crs:EPSG::27700)");
#undef WITH_CRS
}
END_TEST

START_TEST(test_structure_errors)
{
	/* Truncated: jansson's own line/column and text. */
	expect_error("{\"type\":\"FeatureCollection\",\n\"features\":[\n{\"type\":\"Feature\",",
		     LE_EPARSE, ": line 3, column 18: string or '}' expected near end of file");
	expect_error("", LE_EPARSE, ": line 1, column 0: '[' or '{' expected near end of file");
	expect_error("[1, 2]", LE_EPARSE,
		     ": not a GeoJSON FeatureCollection, Feature or geometry (top-level type 'array')");
	expect_error("{\"type\":\"Topology\"}", LE_EPARSE,
		     ": not a GeoJSON FeatureCollection, Feature or geometry (top-level type 'Topology')");
	expect_error("{\"type\":\"FeatureCollection\",\"features\":{}}", LE_EPARSE,
		     ": the FeatureCollection has no 'features' array");
	expect_error("{\"type\":\"FeatureCollection\",\"features\":["
		     "{\"type\":\"Feature\",\"properties\":{},\"geometry\":null},"
		     "{\"type\":\"Feature\",\"properties\":{\"a\":1}}]}", LE_EPARSE,
		     ":1: features[1]: no 'geometry' member");
	expect_error(ONE("{\"type\":\"MultiPoint\",\"coordinates\":[[1,2],[3,4]]}"), LE_EPARSE,
		     ":1: features[0]: geometry type 'MultiPoint' is not supported"
		     " (expected Point, LineString, MultiLineString, Polygon or MultiPolygon)");
	expect_error(ONE("{\"type\":\"GeometryCollection\",\"geometries\":[]}"), LE_EPARSE,
		     ":1: features[0]: geometry type 'GeometryCollection' is not supported"
		     " (expected Point, LineString, MultiLineString, Polygon or MultiPolygon)");
	expect_error(ONE("\"POINT (1 2)\""), LE_EPARSE,
		     ":1: features[0]: 'geometry' is a string, not an object or null");
}
END_TEST

START_TEST(test_bad_coordinates)
{
#define BAD ":1: features[0]: bad coordinates (expected [x, y] positions; "
	expect_error(ONE("{\"type\":\"Point\",\"coordinates\":[1]}"), LE_EPARSE,
		     BAD "the position has 1 value, need at least 2)");
	expect_error(ONE("{\"type\":\"Point\",\"coordinates\":[\"1\",2]}"), LE_EPARSE,
		     BAD "the position holds a string where a number belongs)");
	expect_error(ONE("{\"type\":\"Point\"}"), LE_EPARSE,
		     BAD "the geometry has no 'coordinates' member)");
	expect_error(ONE("{\"type\":\"LineString\",\"coordinates\":[[0,0]]}"), LE_EPARSE,
		     BAD "the line has 1 position, need at least 2)");
	/* Polygon nesting where a line belongs, and the other way round. */
	expect_error(ONE("{\"type\":\"LineString\",\"coordinates\":[[[0,0],[1,1]]]}"), LE_EPARSE,
		     BAD "position 1 holds an array where a number belongs)");
	expect_error(ONE("{\"type\":\"Polygon\",\"coordinates\":[[0,0],[1,0],[1,1]]}"), LE_EPARSE,
		     BAD "position 1 of ring 1 is a number, not an [x, y] array)");
	expect_error(ONE("{\"type\":\"MultiLineString\",\"coordinates\":[[[0,0],[1,1]],[[2,2],[3,null]]]}"),
		     LE_EPARSE, BAD "position 2 of line 2 holds null where a number belongs)");
	expect_error(ONE("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}"), LE_EPARSE,
		     BAD "ring 1 has 3 positions, need at least 4)");
	expect_error(ONE("{\"type\":\"MultiPolygon\",\"coordinates\":"
			 "[[[[0,0],[1,0],[1,1]]],[[[0,0],[1,0],[1,1]],[[0,0],[1,0]]]]}"),
		     LE_EPARSE, BAD "ring 2 of polygon 2 has 3 positions after closing, need at least 4)");
	expect_error(ONE("{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1]]],[]]}"),
		     LE_EPARSE, BAD "polygon 2 has no rings)");
	expect_error(ONE("{\"type\":\"MultiPolygon\",\"coordinates\":7}"),
		     LE_EPARSE, BAD "coordinates is a number, not an array of polygons)");
#undef BAD
}
END_TEST

START_TEST(test_cannot_open)
{
	struct io_table t;
	struct le_err err;
	char *dir = tu_tmpdir();
	char path[600], want[700];

	snprintf(path, sizeof(path), "%s/missing.geojson", dir);
	io_table_init(&t);
	le_err_clear(&err);
	ck_assert_int_eq(io_table_read(path, NULL, NULL, &t, &err), LE_EIO);
	snprintf(want, sizeof(want), "cannot open '%s': No such file or directory", path);
	ck_assert_str_eq(err.msg, want);
	io_table_release(&t);
	free(dir);
}
END_TEST


/* ---------------------------------------------------------------- streaming */

/*
 * A FeatureCollection of n features meant to exercise everything the
 * streaming reader cuts out by hand: strings holding brackets, braces,
 * escaped quotes and backslashes, \u escapes, nested property values,
 * a key first seen late (a column added after rows exist), every
 * geometry type, null geometry, and the crs member after the features.
 * bad (1-based, 0 = none) gets a position with a string in it. tail is
 * appended after the features array (e.g. the crs member and the "}").
 */
static char *big_collection(int n, int bad, const char *tail)
{
	struct buf b;
	char *out;
	int i;

	buf_init(&b);
	buf_adds(&b, "{\"type\":\"FeatureCollection\",\n\"features\":[\n");
	for (i = 1; i <= n; i++) {
		double x = 180000.0 + i * 1.25, y = 600000.0 - i * 0.5;
		buf_addf(&b, "%s{\"type\":\"Feature\",\"properties\":{\"id\":\"L%d\","
			 "\"name\":\"a [b] {c} \\\"q%d\\\" \\\\ ]}\",\"n\":%d,\"r\":%.3f,"
			 "\"u\":\"caf\\u00e9\",\"nest\":{\"k\":[1,{\"z\":\"]\"}]},\"nil\":null",
			 i > 1 ? ",\n" : "", i, i, i, i / 7.0);
		if (i >= n / 2)
			buf_addf(&b, ",\"late\":%s", i % 2 ? "true" : "false");
		buf_adds(&b, "},\"geometry\":");
		if (i == bad)
			buf_addf(&b, "{\"type\":\"LineString\",\"coordinates\":[[%.1f,%.1f],[\"x\",1]]}", x, y);
		else if (i % 11 == 0)
			buf_adds(&b, "null");
		else if (i % 13 == 0)
			buf_addf(&b, "{\"type\":\"Point\",\"coordinates\":[%.2f,%.2f,3]}", x, y);
		else if (i % 17 == 0)
			buf_addf(&b, "{\"type\":\"Polygon\",\"coordinates\":[[[%g,%g],[%g,%g],[%g,%g]]]}",
				 x, y, x + 5, y, x, y + 5);
		else if (i % 19 == 0)
			buf_addf(&b, "{\"type\":\"MultiLineString\",\"coordinates\":"
				 "[[[%g,%g],[%g,%g]],[[%g,%g],[%g,%g]]]}",
				 x, y, x + 1, y, x + 3, y, x + 4, y + 1e-3);
		else
			buf_addf(&b, "{\"type\":\"LineString\",\"coordinates\":"
				 "[[%.1f,%.1f],[%.6f,%.6f],[%.17g,%.1f]]}",
				 x, y, x + 0.1, y - 0.1, x + 1.0 / 3.0, y + 2);
		buf_adds(&b, "}");
	}
	buf_adds(&b, "\n]");
	buf_adds(&b, tail);
	out = buf_detach(&b);
	/* buf_detach leaves b a fresh empty buffer that owns memory. */
	buf_release(&b);
	return out;
}

/* The two tables hold exactly the same columns, cells, rows and geometry. */
static void expect_same_table(const struct io_table *a, const struct io_table *b)
{
	int r, c, k;

	ck_assert_str_eq(a->crs, b->crs);
	ck_assert_int_eq(a->nrows, b->nrows);
	ck_assert_int_eq(a->ncols, b->ncols);
	for (c = 0; c < a->ncols; c++)
		ck_assert_str_eq(a->cols[c], b->cols[c]);
	for (r = 0; r < a->nrows; r++) {
		const struct le_geom *ga = &a->geoms[r], *gb = &b->geoms[r];
		ck_assert_int_eq(a->rowref[r], b->rowref[r]);
		ck_assert_int_eq(a->rowline[r], b->rowline[r]);
		for (c = 0; c < a->ncols; c++)
			ck_assert_str_eq(io_cell(a, r, c), io_cell(b, r, c));
		ck_assert_int_eq(ga->type, gb->type);
		ck_assert_int_eq(ga->npoints, gb->npoints);
		ck_assert_int_eq(ga->nparts, gb->nparts);
		ck_assert_int_eq(ga->npolys, gb->npolys);
		for (k = 0; k < 2 * ga->npoints; k++)
			ck_assert(ga->xy[k] == gb->xy[k]);
		for (k = 0; ga->nparts && k <= ga->nparts; k++)
			ck_assert_int_eq(ga->part_start[k], gb->part_start[k]);
	}
}

START_TEST(test_stream_matches_dom)
{
	char *text = big_collection(10000, 0,
				    ",\n\"crs\":{\"type\":\"name\",\"properties\":"
				    "{\"name\":\"urn:ogc:def:crs:EPSG::27700\"}}}\n");
	char *path = tu_write_tmp(".geojson", text);
	struct io_table a, b;
	struct le_err ea, eb;

	io_table_init(&a);
	io_table_init(&b);
	le_err_clear(&ea);
	le_err_clear(&eb);
	ck_assert_int_eq(io_geojson_read(path, &a, &ea), LE_OK);
	ck_assert_int_eq(io_geojson_read_dom(path, &b, &eb), LE_OK);
	ck_assert_int_eq(a.nrows, 10000);
	ck_assert_str_eq(a.crs, "EPSG:27700");
	/* The late key became the last column, "" before its first row. */
	ck_assert_str_eq(a.cols[a.ncols - 1], "late");
	ck_assert_str_eq(io_cell(&a, 0, a.ncols - 1), "");
	ck_assert_str_eq(io_cell(&a, 0, 1), "a [b] {c} \"q1\" \\ ]}");
	ck_assert_str_eq(io_cell(&a, 0, 4), "caf\xc3\xa9");
	/* Feature i of big_collection starts on line i + 3. */
	ck_assert_int_eq(a.rowref[9999], 9999);
	ck_assert_int_eq(a.rowline[9999], 10002);
	expect_same_table(&a, &b);
	io_table_release(&a);
	io_table_release(&b);
	free(path);
	free(text);
}
END_TEST

/* Both readers fail on text with the same code and a message that holds
 * msg_part, and leave an empty table. */
static void expect_same_error(const char *text, const char *msg_part)
{
	char *path = tu_write_tmp(".geojson", text);
	struct io_table a, b;
	struct le_err ea, eb;
	int ra, rb;

	io_table_init(&a);
	io_table_init(&b);
	le_err_clear(&ea);
	le_err_clear(&eb);
	ra = io_geojson_read(path, &a, &ea);
	rb = io_geojson_read_dom(path, &b, &eb);
	ck_assert_int_ne(ra, LE_OK);
	ck_assert_int_eq(ra, rb);
	ck_assert_str_eq(ea.msg, eb.msg);
	ck_assert_msg(strstr(ea.msg, msg_part) != NULL, "'%s' lacks '%s'", ea.msg, msg_part);
	/* A failed read leaves nothing behind. */
	ck_assert_int_eq(a.nrows, 0);
	ck_assert_int_eq(a.ncols, 0);
	ck_assert_ptr_null(a.geoms);
	io_table_release(&a);
	io_table_release(&b);
	free(path);
}

START_TEST(test_stream_errors)
{
	char *text, *cut;
	size_t n;

	/* A bad feature deep in a large file is named by its number (2,000
	 * features: large enough to span chunks, small enough for valgrind). */
	text = big_collection(2000, 1531, "}");
	/* Feature 1531 of big_collection is features[1530], on line 1533:
	 * past the reader's first 256 KiB chunk (about 250 bytes a feature). */
	expect_same_error(text, ":1533: features[1530]: bad coordinates (expected [x, y] positions; "
			  "position 2 holds a string where a number belongs)");
	free(text);
	/* ... but a crs that is not understood comes first, even when the
	 * member follows the features. */
	text = big_collection(2000, 1531, ",\"crs\":{\"type\":\"name\",\"properties\":"
			      "{\"name\":\"Mars\"}}}");
	expect_same_error(text, ": crs 'Mars' is not understood");
	free(text);
	/* Truncated in the middle of a feature: jansson's line and column. */
	text = big_collection(2000, 0, "}");
	n = strlen(text);
	cut = xstrndup(text, n / 2);
	expect_same_error(cut, ": line ");
	free(cut);
	/* A missing comma between two features, and trailing junk. */
	cut = xstrdup(text);
	memcpy(strstr(cut, ",\n{\"type\":\"Feature\",\"properties\":{\"id\":\"L1000\""), " ", 1);
	expect_same_error(cut, ": line 1002, column 1: ']' expected near '{'");
	free(cut);
	{
		struct buf b;
		buf_init(&b);
		buf_adds(&b, text);
		buf_adds(&b, " x");
		expect_same_error(b.s, "end of file expected");
		buf_release(&b);
	}
	free(text);
	/* Not a FeatureCollection, or features not an array: the same words
	 * as before, from the whole-document reader. */
	expect_same_error("{\"features\":[],\"type\":\"Topology\"}", "top-level type 'Topology'");
	expect_same_error("{\"type\":\"FeatureCollection\",\"features\":7}",
			  "has no 'features' array");
	expect_same_error("{\"type\":\"FeatureCollection\",\"features\":[1]}",
			  ":1: features[0]: not an object (found a number)");
}
END_TEST

/* Scan text as one value, fed in pieces of `step` bytes. */
static int span_of(const char *text, size_t step, size_t *end)
{
	struct io_jspan j;
	size_t n = 0, len = strlen(text);
	int rc;

	io_jspan_init(&j);
	for (;;) {
		n = n + step < len ? n + step : len;
		rc = io_jspan_scan(&j, text, n, n == len);
		if (rc != 0 || n == len)
			break;
	}
	*end = j.off;
	return rc;
}

START_TEST(test_json_spans)
{
	static const struct { const char *text; int rc; size_t end; } cases[] = {
		{ "{\"a\":\"]}\"} ,", 1, 10 },
		{ "[\"\\\"]\", \"\\\\\"] x", 1, 13 },
		{ "{\"k\":\"\\\\\\\"}\"}]", 1, 13 },
		{ "\"[{\\\"\"tail", 1, 6 },
		{ "[[1,[2]],{\"x\":[]}],", 1, 18 },
		{ "-12.5e3, 1", 1, 7 },
		{ "true]", 1, 4 },
		{ "null", 1, 4 },           /* a scalar ends with the input */
		{ "{\"a\":[1,2}", 0, 10 },  /* unbalanced: runs out */
		{ "\"open", 0, 5 },
		{ "]", -1, 0 },
		{ ":x", -1, 0 },
	};
	size_t i, step, end;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (step = 1; step <= 16; step *= 2) {
			int rc = span_of(cases[i].text, step, &end);
			ck_assert_msg(rc == cases[i].rc, "case %zu step %zu: rc %d", i, step, rc);
			if (rc >= 0)
				ck_assert_msg(end == cases[i].end, "case %zu step %zu: end %zu",
					      i, step, end);
		}
}
END_TEST

/*
 * Every feature brings a key of its own (plus a shared "id"): 5,000
 * features, 5,001 columns. Widening a row-major matrix per new key made
 * this quadratic (4,000 such features took 154 s); it must read in a
 * fraction of a second (the figure is in the README's benchmarks, not
 * asserted here) and, above all, give the right cells: feature i has
 * "k<i>" = i, "id" = "F<i>", and nothing in anyone else's column.
 */
START_TEST(test_unique_keys)
{
	const int n = 5000;
	struct buf b;
	struct io_table t;
	struct le_err err;
	char *path, key[32], val[32];
	int i, pass;

	buf_init(&b);
	buf_adds(&b, "{\"type\":\"FeatureCollection\",\"features\":[\n");
	for (i = 0; i < n; i++)
		buf_addf(&b, "%s{\"type\":\"Feature\",\"properties\":{\"id\":\"F%d\",\"k%d\":%d},"
			 "\"geometry\":{\"type\":\"Point\",\"coordinates\":[%d,1]}}",
			 i ? ",\n" : "", i, i, i, i);
	buf_adds(&b, "\n]}\n");
	path = tu_write_tmp(".geojson", b.s);
	buf_release(&b);
	/* Both readers: the streaming one, and the whole-document one that
	 * used to make every column before the first row. */
	for (pass = 0; pass < 2; pass++) {
		io_table_init(&t);
		le_err_clear(&err);
		ck_assert_int_eq(pass ? io_geojson_read_dom(path, &t, &err)
				      : io_geojson_read(path, &t, &err), LE_OK);
		ck_assert_int_eq(t.nrows, n);
		ck_assert_int_eq(t.ncols, n + 1);
		ck_assert_str_eq(t.cols[0], "id");
		for (i = 0; i < n; i++) {
			/* Columns in order of first appearance: k<i> is i+1. */
			snprintf(key, sizeof(key), "k%d", i);
			ck_assert_str_eq(t.cols[i + 1], key);
			snprintf(val, sizeof(val), "%d", i);
			ck_assert_str_eq(io_cell(&t, i, i + 1), val);
			snprintf(val, sizeof(val), "F%d", i);
			ck_assert_str_eq(io_cell(&t, i, 0), val);
			/* The neighbours' columns are empty in this row. */
			ck_assert_str_eq(io_cell(&t, i, i ? i : 2), "");
			ck_assert_str_eq(io_cell(&t, i, i + 2 <= n ? i + 2 : 1), "");
			ck_assert_int_eq(t.rowref[i], i);
			ck_assert_int_eq(t.rowline[i], i + 2);
			ck_assert(t.geoms[i].xy[0] == i);
		}
		ck_assert_int_eq(io_col(&t, "k4999"), n);
		io_table_release(&t);
	}
	free(path);
}
END_TEST

/*
 * A NUL in a name would cut it short ("Leith\0 Academy" -> "Leith"):
 * escaped or raw, in a value or a key, it is an error with jansson's
 * line and column, from both readers, and never a short name.
 */
START_TEST(test_nul_byte)
{
	static const char raw[] = "{\"type\":\"FeatureCollection\",\"features\":[\n"
				  "{\"type\":\"Feature\",\"properties\":{\"name\":\"Leith\0 Academy\"},"
				  "\"geometry\":null}\n]}\n";
	char *path = tu_write_tmp(".geojson", ""), want[700];
	struct io_table t;
	struct le_err err;
	FILE *fp;

	expect_error("{\"type\":\"FeatureCollection\",\"features\":[\n"
		     "{\"type\":\"Feature\",\"properties\":{\"name\":\"Leith\\u0000 Academy\"},"
		     "\"geometry\":null}\n]}\n", LE_EPARSE,
		     ": line 2, column 60: \\u0000 is not allowed without JSON_ALLOW_NUL");
	expect_error("{\"type\":\"FeatureCollection\",\"features\":[\n"
		     "{\"type\":\"Feature\",\"properties\":{\"na\\u0000me\":\"x\"},"
		     "\"geometry\":null}\n]}\n", LE_EPARSE,
		     ": line 2, column 44: NUL byte in object key not supported near '\"na\\u0000me\"'");
	fp = fopen(path, "wb");
	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(raw, 1, sizeof(raw) - 1, fp), sizeof(raw) - 1);
	fclose(fp);
	io_table_init(&t);
	le_err_clear(&err);
	ck_assert_int_eq(io_geojson_read(path, &t, &err), LE_EPARSE);
	snprintf(want, sizeof(want), "%s: line 2, column 45: control character 0x0 near '\"Leith'",
		 path);
	ck_assert_str_eq(err.msg, want);
	ck_assert_int_eq(t.nrows, 0);
	io_table_release(&t);
	free(path);
}
END_TEST

/* ---------------------------------------------------------------- gjstream */

/* What io_geojson_stream handed over, for the tests to look at. */
struct gjrec {
	char crs[64];
	int nbegin, nfeat, stop_at;
	long index[8], line[8];
	int type[8], npts[8], nparts[8];
	double xy[8][16];
	char val[8][4][64];     /* "(null)" for a NULL value */
};

static int rec_begin(void *ctx, const char *crs)
{
	struct gjrec *x = ctx;

	x->nbegin++;
	snprintf(x->crs, sizeof(x->crs), "%s", crs);
	return 0;
}

static int rec_feature(void *ctx, const struct io_gjfeat *f)
{
	struct gjrec *x = ctx;
	int i = x->nfeat++, w;

	if (x->stop_at && x->nfeat == x->stop_at)
		return 1;
	if (i >= 8)
		return 0;
	x->index[i] = f->index;
	x->line[i] = f->line;
	x->type[i] = f->geom->type;
	x->npts[i] = f->geom->npoints;
	x->nparts[i] = f->geom->nparts;
	for (w = 0; w < 2 * f->geom->npoints && w < 16; w++)
		x->xy[i][w] = f->geom->xy[w];
	if (f->geom->type != LE_GEOM_NONE)
		ck_assert_int_eq(f->geom->part_start[f->geom->nparts], f->geom->npoints);
	for (w = 0; w < 4; w++)
		snprintf(x->val[i][w], sizeof(x->val[i][w]), "%s", f->val[w] ? f->val[w] : "(null)");
	return 0;
}

/* Stream text (wanted names a, b, c, d); returns the code. */
static int stream_text(const char *text, struct gjrec *x)
{
	static const char *const want[] = { "a", "b", "c", "D" };
	struct io_gjstream o;
	struct io_gjstream_end end;
	char *path = tu_write_tmp(".geojson", text);
	int rc;

	memset(x, 0, sizeof(*x));
	memset(&o, 0, sizeof(o));
	o.want = want;
	o.nwant = 4;
	o.begin = rec_begin;
	o.feature = rec_feature;
	o.ctx = x;
	rc = io_geojson_stream(path, &o, &end);
	if (rc == LE_OK)
		ck_assert_int_eq(end.nfeatures, x->nfeat);
	free(path);
	return rc;
}

#define FC "{\"type\":\"FeatureCollection\",\"features\":["
#define LINE "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[1,2],[3,4]]}"

START_TEST(test_gjstream_strings)
{
	struct gjrec x;

	/* Every escape, a \u of two and three UTF-8 bytes, a surrogate pair
	 * (U+1F600, four bytes), raw UTF-8, and a key written with escapes. */
	ck_assert_int_eq(stream_text(FC "{\"properties\":{\"a\":\"q\\\"b\\\\s\\/\\b\\f\\n\\r\\tz\","
				     "\"b\":\"\\u00e9\\u20AC\",\"c\":\"\\ud83d\\ude00\",\"\\u0044\":\"\xc3\xa9t\xc3\xa9\"},"
				     LINE "}]}", &x), LE_OK);
	ck_assert_int_eq(x.nfeat, 1);
	ck_assert_str_eq(x.val[0][0], "q\"b\\s/\b\f\n\r\tz");
	ck_assert_str_eq(x.val[0][1], "\xc3\xa9\xe2\x82\xac");
	ck_assert_str_eq(x.val[0][2], "\xf0\x9f\x98\x80");
	ck_assert_str_eq(x.val[0][3], "\xc3\xa9t\xc3\xa9");
	/* What jansson refuses, the stream leaves to the reader: a lone
	 * high or low surrogate, \u0000, a raw control character, invalid
	 * UTF-8 (an overlong form, an encoded surrogate), a bad escape. */
	ck_assert_int_eq(stream_text(FC "{\"properties\":{\"a\":\"\\ud83d\"}," LINE "}]}", &x),
			 IO_GJS_FALLBACK);
	ck_assert_int_eq(stream_text(FC "{\"properties\":{\"a\":\"\\ude00\"}," LINE "}]}", &x),
			 IO_GJS_FALLBACK);
	ck_assert_int_eq(stream_text(FC "{\"properties\":{\"a\":\"\\u0000\"}," LINE "}]}", &x),
			 IO_GJS_FALLBACK);
	ck_assert_int_eq(stream_text(FC "{\"properties\":{\"a\":\"x\ty\"}," LINE "}]}", &x),
			 IO_GJS_FALLBACK);
	ck_assert_int_eq(stream_text(FC "{\"properties\":{\"a\":\"\xc0\xaf\"}," LINE "}]}", &x),
			 IO_GJS_FALLBACK);
	ck_assert_int_eq(stream_text(FC "{\"properties\":{\"a\":\"\xed\xa0\x80\"}," LINE "}]}", &x),
			 IO_GJS_FALLBACK);
	ck_assert_int_eq(stream_text(FC "{\"properties\":{\"a\":\"\\x\"}," LINE "}]}", &x),
			 IO_GJS_FALLBACK);
}
END_TEST

START_TEST(test_gjstream_numbers)
{
	struct gjrec x;

	/* Coordinates with exponents, fractions, a negative zero and an
	 * integer; values as io_geojson_read's cells: integers through long
	 * long ("-0" is 0), reals shortest of %.15g / %.17g. */
	ck_assert_int_eq(stream_text(FC "{\"properties\":{\"a\":-0,\"b\":2.50,\"c\":1E2,\"D\":0.1},"
				     "\"geometry\":{\"type\":\"LineString\",\"coordinates\":"
				     "[[1.5e3,-2E-2],[325123.45,-0.0],[12345678901234567890.5,1e-400],"
				     "[9007199254740993,0.30000000000000004]]}}]}", &x), LE_OK);
	ck_assert_str_eq(x.val[0][0], "0");
	ck_assert_str_eq(x.val[0][1], "2.5");
	ck_assert_str_eq(x.val[0][2], "100");
	ck_assert_str_eq(x.val[0][3], "0.1");
	ck_assert_int_eq(x.npts[0], 4);
	ck_assert(x.xy[0][0] == 1500 && x.xy[0][1] == strtod("-2E-2", NULL));
	ck_assert(x.xy[0][2] == strtod("325123.45", NULL));
	ck_assert(x.xy[0][3] == 0 && signbit(x.xy[0][3]));
	ck_assert(x.xy[0][4] == strtod("12345678901234567890.5", NULL));
	ck_assert(x.xy[0][5] == strtod("1e-400", NULL));
	ck_assert(x.xy[0][6] == (double)9007199254740993LL);
	ck_assert(x.xy[0][7] == strtod("0.30000000000000004", NULL));
	/* jansson refuses: an integer beyond long long, a real beyond a
	 * double, a leading zero, a bare dot, an empty exponent. */
	ck_assert_int_eq(stream_text(FC "{\"properties\":{\"a\":99999999999999999999}," LINE "}]}", &x),
			 IO_GJS_FALLBACK);
	ck_assert_int_eq(stream_text(FC "{\"properties\":{\"a\":1e400}," LINE "}]}", &x),
			 IO_GJS_FALLBACK);
	ck_assert_int_eq(stream_text(FC "{\"properties\":{\"a\":012}," LINE "}]}", &x),
			 IO_GJS_FALLBACK);
	ck_assert_int_eq(stream_text(FC "{\"properties\":{\"a\":1.}," LINE "}]}", &x),
			 IO_GJS_FALLBACK);
	ck_assert_int_eq(stream_text(FC "{\"properties\":{\"a\":1e}," LINE "}]}", &x),
			 IO_GJS_FALLBACK);
}
END_TEST

START_TEST(test_gjstream_structure)
{
	struct gjrec x;

	/* Whitespace everywhere, properties after the geometry in any
	 * order, nested unwanted values skipped, a null geometry, empty
	 * coordinates, a MultiLineString, a crs member, z values, a key
	 * that matches a wanted name only ignoring case. */
	ck_assert_int_eq(stream_text("\r\n {\"type\" : \"FeatureCollection\",\n"
				     "\t\"crs\": {\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::27700\"}},\n"
				     " \"features\" : [\n"
				     "  {\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"bbox\":[0,0,1,1],"
				     "\"coordinates\":[ [ 1 , 2 , 9 ] , [3,4,{\"m\":[1]}] ] },\n"
				     "   \"properties\":{\"x\":{\"deep\":[[[1]],{\"a\":\"no\"}]},\"b\":true,\"a\":null,\"d\":\"low\"}},\n"
				     "  {\"type\":\"Feature\",\"properties\":null,\"geometry\":null},\n"
				     "  {\"geometry\":{\"type\":\"LineString\",\"coordinates\":[]},\"properties\":{\"c\":false}},\n"
				     "  {\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[[[0,0],[1,1]],[[2,2],[3,3],[4,4]]]}}\n"
				     " ]\n}\n", &x), LE_OK);
	ck_assert_int_eq(x.nbegin, 1);
	ck_assert_str_eq(x.crs, "EPSG:27700");
	ck_assert_int_eq(x.nfeat, 4);
	ck_assert_int_eq(x.line[0], 5);
	ck_assert_int_eq(x.line[3], 9);
	ck_assert_int_eq(x.index[3], 3);
	ck_assert_int_eq(x.type[0], LE_GEOM_LINESTRING);
	ck_assert(x.xy[0][0] == 1 && x.xy[0][1] == 2 && x.xy[0][2] == 3 && x.xy[0][3] == 4);
	ck_assert_str_eq(x.val[0][0], "");      /* null: an empty cell */
	ck_assert_str_eq(x.val[0][1], "true");
	ck_assert_str_eq(x.val[0][2], "(null)"); /* no "c" column yet */
	ck_assert_str_eq(x.val[0][3], "low");
	ck_assert_int_eq(x.type[1], LE_GEOM_NONE);
	ck_assert_str_eq(x.val[1][1], "");
	ck_assert_int_eq(x.type[2], LE_GEOM_NONE);
	ck_assert_str_eq(x.val[2][2], "false");
	ck_assert_int_eq(x.type[3], LE_GEOM_MULTILINESTRING);
	ck_assert_int_eq(x.nparts[3], 2);
	ck_assert_int_eq(x.npts[3], 5);
	/* No crs member: CRS84, as io_geojson_read says. */
	ck_assert_int_eq(stream_text(FC "{" LINE "}],\"type\":\"FeatureCollection\"}", &x), LE_OK);
	ck_assert_str_eq(x.crs, "OGC:CRS84");
}
END_TEST

START_TEST(test_gjstream_fallbacks)
{
	struct gjrec x;

	/* Left to the table reader, which words the error or reads the
	 * shape: a UTF-8 BOM, truncated input, trailing text, a crs after
	 * the features (the features were converted with the wrong CRS),
	 * an unknown crs, a second features member, a Polygon, coordinates
	 * before their type, a line of one position, a feature that is not
	 * an object or has no geometry, a wanted value that is an object,
	 * a wanted name matching two keys ignoring case, not a collection,
	 * a stopped callback. */
	static const char *const bad[] = {
		"\xef\xbb\xbf" FC "{" LINE "}]}",
		FC "{" LINE "}]",
		FC "{" LINE "}",
		FC "{\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[1,2],[3,",
		FC "{" LINE "}]} x",
		FC "{" LINE "}],\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:27700\"}}}",
		"{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"link\"},\"features\":[{" LINE "}]}",
		FC "{" LINE "}],\"features\":[]}",
		FC "{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}]}",
		FC "{\"geometry\":{\"coordinates\":[[1,2],[3,4]],\"type\":\"LineString\"}}]}",
		FC "{\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[1,2]]}}]}",
		FC "3]}",
		FC "{\"properties\":{}}]}",
		FC "{\"properties\":{\"a\":{\"x\":1}}," LINE "}]}",
		FC "{\"properties\":{\"A\":1,\"a\":2}," LINE "},{\"properties\":{\"d\":1,\"D\":2}," LINE "}]}",
		"{\"type\":\"Feature\"," LINE "}",
		"[]",
		"",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(stream_text(bad[i], &x) == IO_GJS_FALLBACK, "case %zu streamed", i);
	/* The exact-match key wins over a case-insensitive one whatever the
	 * order, as in io_col: "A" then "a" resolves "a" to "a" at once. */
	ck_assert_int_eq(stream_text(FC "{\"properties\":{\"a\":\"x\",\"A\":\"y\"}," LINE "}]}", &x),
			 LE_OK);
	ck_assert_str_eq(x.val[0][0], "x");
	/* A callback that says stop. */
	memset(&x, 0, sizeof(x));
	{
		static const char *const want[] = { "a", "b", "c", "d" };
		struct io_gjstream o;
		struct io_gjstream_end end;
		char *path = tu_write_tmp(".geojson", FC "{" LINE "},{" LINE "},{" LINE "}]}");
		memset(&o, 0, sizeof(o));
		o.want = want;
		o.nwant = 4;
		o.feature = rec_feature;
		o.ctx = &x;
		x.stop_at = 2;
		ck_assert_int_eq(io_geojson_stream(path, &o, &end), IO_GJS_FALLBACK);
		ck_assert_int_eq(x.nfeat, 2);
		free(path);
	}
}
END_TEST

/* Compare one streamed feature with the table's row (ctx: struct cmp). */
static int cmp_feature(void *ctx, const struct io_gjfeat *f)
{
	struct { const struct io_table *t; int cols[10]; long n; } *c = ctx;
	const struct io_table *t = c->t;
	int row = (int)c->n++, w;

	ck_assert_int_eq(t->rowref[row], f->index);
	ck_assert_int_eq(t->rowline[row], f->line);
	ck_assert_int_eq(t->geoms[row].npoints, f->geom->npoints);
	ck_assert_int_eq(t->geoms[row].nparts, f->geom->nparts);
	ck_assert(memcmp(t->geoms[row].xy, f->geom->xy,
			 sizeof(double) * 2 * (size_t)f->geom->npoints) == 0);
	for (w = 0; w < 10; w++) {
		if (c->cols[w] < 0)
			continue;
		ck_assert_ptr_nonnull(f->val[w]);
		ck_assert_str_eq(f->val[w], io_cell(t, row, c->cols[w]));
	}
	return 0;
}

/* The stream's cells and coordinates are io_geojson_read's, on the
 * road fixtures and an inline file of awkward values. */
START_TEST(test_gjstream_matches_table)
{
	static const char *const files[] = {
		TDATA "roads/os_open_roads_small.geojson", TDATA "roadmini/roads.geojson",
		TDATA "roadmini/roads_oneway.geojson", "gis/edinburgh/roads.geojson",
	};
	static const char *const want[] = {
		"identifier", "class", "formOfWay", "length", "startNode", "endNode",
		"id", "oneway", "speed", "name",
	};
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct io_table t;
		struct le_err err;
		struct cmp { const struct io_table *t; int cols[10]; long n; } c;
		struct io_gjstream o;
		struct io_gjstream_end end;
		size_t w;

		io_table_init(&t);
		le_err_clear(&err);
		ck_assert_msg(io_geojson_read(files[i], &t, &err) == LE_OK, "%s", err.msg);
		c.t = &t;
		c.n = 0;
		for (w = 0; w < 10; w++)
			c.cols[w] = io_col(&t, want[w]);
		memset(&o, 0, sizeof(o));
		o.want = want;
		o.nwant = 10;
		o.feature = cmp_feature;
		o.ctx = &c;
		ck_assert_int_eq(io_geojson_stream(files[i], &o, &end), LE_OK);
		ck_assert_int_eq(c.n, t.nrows);
		for (w = 0; w < 10; w++)
			ck_assert_int_eq(end.found[w], c.cols[w] >= 0);
		io_table_release(&t);
	}
}
END_TEST

Suite *suite_io_geojson(void)
{
	Suite *s = suite_create("io_geojson");
	TCase *tc = tcase_create("read");

	tcase_add_test(tc, test_point_default_crs);
	tcase_add_test(tc, test_lines);
	tcase_add_test(tc, test_polygons_fixture);
	tcase_add_test(tc, test_single_feature_and_bare_geometry);
	tcase_add_test(tc, test_property_types);
	tcase_add_test(tc, test_crs_names);
	tcase_add_test(tc, test_structure_errors);
	tcase_add_test(tc, test_bad_coordinates);
	tcase_add_test(tc, test_cannot_open);
	tcase_add_test(tc, test_json_spans);
	suite_add_tcase(s, tc);
	/* Each of these writes and reads files of 10,000 features twice:
	 * about a second, more on a busy machine or under valgrind, so the
	 * default 4 s would make them flaky. */
	tc = tcase_create("stream");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_stream_matches_dom);
	tcase_add_test(tc, test_stream_errors);
	tcase_add_test(tc, test_unique_keys);
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_gjstream_strings);
	tcase_add_test(tc, test_gjstream_numbers);
	tcase_add_test(tc, test_gjstream_structure);
	tcase_add_test(tc, test_gjstream_fallbacks);
	tcase_add_test(tc, test_gjstream_matches_table);
	suite_add_tcase(s, tc);
	return s;
}
