/*
 * test_geo.c: unit tests for geo: CRS transforms with their area-of-use
 * checks, polygon repair, point on surface, area and the
 * point-in-polygon index.
 *
 * Reference coordinates come from the Scottish Government school file.
 * Debian ships no OSTN15 grid, so WGS84 -> BNG goes through a Helmert
 * transform and agrees with the published eastings / northings to about
 * 2-3 m: the tolerance is 3 m.
 */
#include "testutil.h"

#include "geo/geo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct geo_ctx *ctx;
static struct le_err err;

static void setup(void)
{
	le_err_clear(&err);
	ctx = geo_ctx_new(&err);
	ck_assert_msg(ctx != NULL, "geo_ctx_new: %s", err.msg);
}

static void teardown(void)
{
	geo_ctx_free(ctx);
	ctx = NULL;
}

static struct geo_xform *xform(const char *src, const char *dst)
{
	struct geo_xform *xf = NULL;

	ck_assert_msg(geo_xform_new(ctx, src, dst, &xf, &err) == LE_OK, "%s", err.msg);
	return xf;
}

/* Build a one-ring polygon from n (x, y) pairs (closed by the caller). */
static void polygon(struct le_geom *g, const double *xy, int n)
{
	int i;

	le_geom_init(g);
	le_geom_begin(g, LE_GEOM_POLYGON);
	le_geom_poly(g);
	le_geom_part(g);
	for (i = 0; i < n; i++)
		le_geom_point(g, xy[2 * i], xy[2 * i + 1]);
	le_geom_finish(g);
}

static void square(struct le_geom *g, double x0, double y0, double side)
{
	double xy[] = { x0, y0, x0 + side, y0, x0 + side, y0 + side,
			x0, y0 + side, x0, y0 };
	polygon(g, xy, 5);
}

START_TEST(unknown_crs)
{
	struct geo_xform *xf = (struct geo_xform *)1;

	ck_assert_int_eq(geo_xform_new(ctx, "EPSG:99999", "EPSG:27700", &xf, &err),
			 LE_EGEO);
	ck_assert_ptr_null(xf);
	ck_assert_str_eq(err.msg,
			 "unknown crs 'EPSG:99999' (PROJ: proj_create: crs not found)");
}
END_TEST

START_TEST(wgs84_to_bng)
{
	struct geo_xform *xf = xform("EPSG:4326", "EPSG:27700");
	double x = -3.1695825, y = 55.9564553;

	/* Abbeyhill Primary School, Edinburgh. */
	ck_assert_int_eq(geo_xform_point(xf, &x, &y), GEO_OK);
	ck_assert_msg(hypot(x - 327072, y - 674333) < 3, "got %.1f %.1f", x, y);
	/* Abbey Primary School, North Ayrshire. */
	x = -4.706148;
	y = 55.6563736;
	ck_assert_int_eq(geo_xform_point(xf, &x, &y), GEO_OK);
	ck_assert_msg(hypot(x - 229844, y - 643638) < 3, "got %.1f %.1f", x, y);
	geo_xform_free(xf);
}
END_TEST

START_TEST(swapped_and_outside)
{
	struct geo_xform *xf = xform("EPSG:4326", "EPSG:27700");
	double x = 55.9564553, y = -3.1695825;

	/* lat, lon given where lon, lat was expected: caught, left alone. */
	ck_assert_int_eq(geo_xform_point(xf, &x, &y), GEO_SWAPPED);
	ck_assert(x == 55.9564553 && y == -3.1695825);
	/* Greece is outside the British National Grid either way round. */
	x = 20;
	y = 40;
	ck_assert_int_eq(geo_xform_point(xf, &x, &y), GEO_OUTSIDE);
	ck_assert(x == 20 && y == 40);
	x = NAN;
	ck_assert_int_eq(geo_xform_point(xf, &x, &y), GEO_FAILED);
	geo_xform_free(xf);
}
END_TEST

START_TEST(round_trip)
{
	struct geo_xform *to = xform("EPSG:27700", "EPSG:4326");
	struct geo_xform *back = xform("EPSG:4326", "EPSG:27700");
	double x = 327072, y = 674333;

	ck_assert_int_eq(geo_xform_point(to, &x, &y), GEO_OK);
	/* Lon, lat order out, within ~3 m (5e-5 degree) of the school. */
	ck_assert_msg(fabs(x - -3.1695825) < 5e-5 && fabs(y - 55.9564553) < 5e-5,
		      "got %.7f %.7f", x, y);
	ck_assert_int_eq(geo_xform_point(back, &x, &y), GEO_OK);
	ck_assert_msg(hypot(x - 327072, y - 674333) < 0.01, "got %.3f %.3f", x, y);
	geo_xform_free(back);
	geo_xform_free(to);
}
END_TEST

START_TEST(identity_and_area)
{
	struct geo_xform *xf = xform("EPSG:27700", "EPSG:27700");
	double a[4], x = 327072, y = 674333;

	ck_assert_int_eq(geo_xform_point(xf, &x, &y), GEO_OK);
	ck_assert(x == 327072 && y == 674333);
	/* Still checked: 5000 km east of the grid's origin is in Russia. */
	x = 5e6;
	y = 1e6;
	ck_assert_int_eq(geo_xform_point(xf, &x, &y), GEO_OUTSIDE);
	geo_xform_area(xf, a);
	ck_assert(fabs(a[0] - -9.0) < 0.1 && fabs(a[1] - 49.75) < 0.1);
	ck_assert(fabs(a[2] - 2.01) < 0.1 && fabs(a[3] - 61.01) < 0.1);
	geo_xform_free(xf);
}
END_TEST

START_TEST(xform_geom)
{
	struct geo_xform *xf = xform("EPSG:4326", "EPSG:27700");
	double ring[] = { -3.2, 55.9, -3.1, 55.9, -3.1, 56.0, -3.2, 56.0, -3.2, 55.9 };
	double px = -3.1, py = 56.0;
	struct le_geom g, copy;
	int bad = 99;

	polygon(&g, ring, 5);
	ck_assert_int_eq(geo_xform_geom(xf, &g, &bad), GEO_OK);
	ck_assert_int_eq(bad, -1);
	/* Each vertex agrees with the single-point transform. */
	ck_assert_int_eq(geo_xform_point(xf, &px, &py), GEO_OK);
	ck_assert(fabs(g.xy[4] - px) < 1e-6 && fabs(g.xy[5] - py) < 1e-6);
	le_geom_release(&g);

	/* Vertex 2 is swapped: the whole geometry is refused untouched. */
	ring[4] = 56.0;
	ring[5] = -3.1;
	polygon(&g, ring, 5);
	le_geom_copy(&copy, &g);
	ck_assert_int_eq(geo_xform_geom(xf, &g, &bad), GEO_SWAPPED);
	ck_assert_int_eq(bad, 2);
	ck_assert(memcmp(g.xy, copy.xy, sizeof(double) * 10) == 0);
	le_geom_release(&copy);
	le_geom_release(&g);
	geo_xform_free(xf);
}
END_TEST

/*
 * Many geometries through one transform: every vertex lands where the
 * point transform puts it (the layer-wide area check must not change
 * results). Speed is the benchmark's business, not a unit test's.
 */
START_TEST(xform_geom_many)
{
	struct geo_xform *xf = xform("EPSG:4326", "EPSG:27700");
	struct le_geom *gs = xcalloc(1000, sizeof(*gs));
	double px, py;
	int i, k, bad;

	/* 1,000 polygons of 100 vertices around Edinburgh. */
	for (i = 0; i < 1000; i++) {
		le_geom_begin(&gs[i], LE_GEOM_POLYGON);
		le_geom_poly(&gs[i]);
		le_geom_part(&gs[i]);
		for (k = 0; k < 99; k++) {
			double t = 6.283185307179586 * k / 99;
			le_geom_point(&gs[i], -3.5 + 0.001 * i + 0.01 * cos(t),
				      55.9 + 0.01 * sin(t));
		}
		le_geom_point(&gs[i], gs[i].xy[0], gs[i].xy[1]);
		le_geom_finish(&gs[i]);
	}
	for (i = 0; i < 1000; i++) {
		double x0 = gs[i].xy[2 * 37], y0 = gs[i].xy[2 * 37 + 1];
		ck_assert_int_eq(geo_xform_geom(xf, &gs[i], &bad), GEO_OK);
		px = x0;
		py = y0;
		ck_assert_int_eq(geo_xform_point(xf, &px, &py), GEO_OK);
		ck_assert(fabs(gs[i].xy[2 * 37] - px) < 1e-6 && fabs(gs[i].xy[2 * 37 + 1] - py) < 1e-6);
	}
	for (i = 0; i < 1000; i++)
		le_geom_release(&gs[i]);
	free(gs);
	geo_xform_free(xf);
}
END_TEST

START_TEST(make_valid_bowtie)
{
	/* Two triangles meeting at (1, 1), each of area 2 * 1 / 2 = 1. */
	double bow[] = { 0, 0, 2, 2, 2, 0, 0, 2, 0, 0 };
	struct le_geom g;
	char *reason = NULL;
	int repaired = 0, p;

	polygon(&g, bow, 5);
	ck_assert_int_eq(geo_make_valid(ctx, &g, &repaired, &reason, &err), LE_OK);
	ck_assert_int_eq(repaired, 1);
	ck_assert_ptr_nonnull(reason);
	ck_assert_msg(strncmp(reason, "Self-intersection", 17) == 0, "%s", reason);
	free(reason);
	ck_assert_int_eq(g.type, LE_GEOM_MULTIPOLYGON);
	ck_assert_int_eq(g.npolys, 2);
	ck_assert(fabs(geo_area(ctx, &g) - 2.0) < 1e-9);
	/* Rings come back closed. */
	for (p = 0; p < g.nparts; p++) {
		int a = g.part_start[p], b = g.part_start[p + 1] - 1;
		ck_assert(g.xy[2 * a] == g.xy[2 * b] && g.xy[2 * a + 1] == g.xy[2 * b + 1]);
	}
	/* The repaired shape is valid: a second pass changes nothing. */
	ck_assert_int_eq(geo_make_valid(ctx, &g, &repaired, &reason, &err), LE_OK);
	ck_assert_int_eq(repaired, 0);
	ck_assert_ptr_null(reason);
	le_geom_release(&g);
}
END_TEST

START_TEST(make_valid_valid)
{
	struct le_geom g, copy;
	char *reason = NULL;
	int repaired = 1;

	square(&g, 0, 0, 10);
	le_geom_copy(&copy, &g);
	ck_assert_int_eq(geo_make_valid(ctx, &g, &repaired, &reason, &err), LE_OK);
	ck_assert_int_eq(repaired, 0);
	ck_assert_ptr_null(reason);
	ck_assert_int_eq(g.npoints, copy.npoints);
	ck_assert(memcmp(g.xy, copy.xy, sizeof(double) * 10) == 0);
	le_geom_release(&copy);
	le_geom_release(&g);
}
END_TEST

START_TEST(point_on_surface_u)
{
	/* A U: its centroid (1.5, 1.36) lies in the notch, outside. */
	double u[] = { 0, 0, 3, 0, 3, 3, 2, 3, 2, 1, 1, 1, 1, 3, 0, 3, 0, 0 };
	struct le_geom g;
	struct geo_index *ix;
	double x = -1, y = -1;

	polygon(&g, u, 9);
	ck_assert_int_eq(geo_point_on_surface(ctx, &g, &x, &y, &err), LE_OK);
	ck_assert_msg(!(x >= 1 && x <= 2 && y >= 1), "in the notch: %g %g", x, y);
	ix = geo_index_new(ctx, &g, 1, &err);
	ck_assert_ptr_nonnull(ix);
	ck_assert_int_eq(geo_index_find(ix, x, y), 0);
	geo_index_free(ix);
	le_geom_release(&g);

	le_geom_init(&g);
	ck_assert_int_eq(geo_point_on_surface(ctx, &g, &x, &y, &err), LE_EGEO);
}
END_TEST

START_TEST(area_with_hole)
{
	struct le_geom g;
	int k;

	/* A 10 x 10 square with a 2 x 2 hole: area 100 - 4. */
	le_geom_init(&g);
	le_geom_begin(&g, LE_GEOM_POLYGON);
	le_geom_poly(&g);
	le_geom_part(&g);
	{
		double sq[] = { 0, 0, 10, 0, 10, 10, 0, 10, 0, 0 };
		double ho[] = { 4, 4, 4, 6, 6, 6, 6, 4, 4, 4 };
		for (k = 0; k < 5; k++)
			le_geom_point(&g, sq[2 * k], sq[2 * k + 1]);
		le_geom_part(&g);
		for (k = 0; k < 5; k++)
			le_geom_point(&g, ho[2 * k], ho[2 * k + 1]);
	}
	le_geom_finish(&g);
	ck_assert(fabs(geo_area(ctx, &g) - 96) < 1e-9);
	le_geom_release(&g);
}
END_TEST

START_TEST(index_grid)
{
	struct le_geom sq[10];
	struct geo_index *ix;
	int r, c;

	/* A 3 x 3 grid of unit squares, index = row * 3 + col; [9] empty. */
	for (r = 0; r < 3; r++)
		for (c = 0; c < 3; c++)
			square(&sq[r * 3 + c], c, r, 1);
	le_geom_init(&sq[9]);
	ix = geo_index_new(ctx, sq, 10, &err);
	ck_assert_msg(ix != NULL, "%s", err.msg);
	ck_assert_int_eq(geo_index_find(ix, 0.5, 0.5), 0);
	ck_assert_int_eq(geo_index_find(ix, 1.5, 2.5), 7);
	/* Shared edges and corners go to the lowest index. */
	ck_assert_int_eq(geo_index_find(ix, 1.0, 0.5), 0);
	ck_assert_int_eq(geo_index_find(ix, 2.0, 1.5), 4);
	ck_assert_int_eq(geo_index_find(ix, 2.0, 2.0), 4);
	ck_assert_int_eq(geo_index_find(ix, 3.0, 3.0), 8);
	ck_assert_int_eq(geo_index_find(ix, 5, 5), -1);
	ck_assert_int_eq(geo_index_find(ix, -0.001, 0.5), -1);
	geo_index_free(ix);
	for (r = 0; r < 10; r++)
		le_geom_release(&sq[r]);
}
END_TEST

/* 7,000 zones and 10,000 points: every point in its own square. */
START_TEST(index_many)
{
	enum { NX = 70, NY = 100, NQ = 10000 };
	struct le_geom *sq = xcalloc(NX * NY, sizeof(*sq));
	struct geo_index *ix;
	int i, found = 0;

	/* 7,000 zones of 1 km, like a region's data zones in BNG metres. */
	for (i = 0; i < NX * NY; i++)
		square(&sq[i], 300000 + 1000.0 * (i % NX), 600000 + 1000.0 * (i / NX), 1000);
	ix = geo_index_new(ctx, sq, NX * NY, &err);
	ck_assert_ptr_nonnull(ix);
	for (i = 0; i < NQ; i++) {
		double x = 300000 + 70000.0 * ((i * 7919) % NQ) / NQ + 0.5;
		double y = 600000 + 100000.0 * ((i * 104729) % NQ) / NQ + 0.5;
		int k = geo_index_find(ix, x, y);
		ck_assert_int_eq(k, (int)((x - 300000) / 1000) + NX * (int)((y - 600000) / 1000));
		found++;
	}
	ck_assert_int_eq(found, NQ);
	geo_index_free(ix);
	for (i = 0; i < NX * NY; i++)
		le_geom_release(&sq[i]);
	free(sq);
}
END_TEST

Suite *suite_geo(void)
{
	Suite *s = suite_create("geo");
	TCase *tc = tcase_create("geo");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, unknown_crs);
	tcase_add_test(tc, wgs84_to_bng);
	tcase_add_test(tc, swapped_and_outside);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, identity_and_area);
	tcase_add_test(tc, xform_geom);
	tcase_add_test(tc, xform_geom_many);
	tcase_add_test(tc, make_valid_bowtie);
	tcase_add_test(tc, make_valid_valid);
	tcase_add_test(tc, point_on_surface_u);
	tcase_add_test(tc, area_with_hole);
	tcase_add_test(tc, index_grid);
	tcase_add_test(tc, index_many);
	suite_add_tcase(s, tc);
	return s;
}
