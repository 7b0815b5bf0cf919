/*
 * test_land.c: land and sea on a hand-made archipelago (metres, a
 * BNG-like plane):
 *
 *   A1 | A2  [100 m causeway gap]  B  .... 10 km of sea ....  C
 *   (0-5 km | 5-10 km)              (10.1-20 km)              (30-40 km)
 *   D: an island 20 km north of A, no ferry.
 *   E: one zone in two pieces: a big empty islet far east (60-70 km) and a
 *      strip along A's southern shore (y -1 km .. 0): its people live on A.
 *
 * geo_landmasses must join A and B through the causeway at a 250 m gap
 * and not at 50 m, keep C and D apart, move E onto A; region_trip must
 * never pair across the sea without a link, and must add the crossing
 * time and the wait of a ferry (half the headway of a 12-hour day).
 * Expected values are worked out by hand in the comments.
 */
#include "testutil.h"

#include "geo/geo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* Append a rectangle polygon to g (begun by the caller). */
static void rect(struct le_geom *g, double x0, double y0, double x1, double y1)
{
	le_geom_poly(g);
	le_geom_part(g);
	le_geom_point(g, x0, y0);
	le_geom_point(g, x1, y0);
	le_geom_point(g, x1, y1);
	le_geom_point(g, x0, y1);
	le_geom_point(g, x0, y0);
}

enum { ZA1, ZA2, ZB, ZC, ZD, ZE, NZ };

static void archipelago(struct le_geom *z, double *pt)
{
	static const double box[][4] = {
		{ 0, 0, 5000, 10000 }, { 5000, 0, 10000, 10000 },
		{ 10100, 0, 20000, 10000 }, { 30000, 0, 40000, 10000 },
		{ 0, 30000, 5000, 35000 },
	};
	int i;

	for (i = 0; i < ZE; i++) {
		le_geom_init(&z[i]);
		le_geom_begin(&z[i], LE_GEOM_POLYGON);
		rect(&z[i], box[i][0], box[i][1], box[i][2], box[i][3]);
		le_geom_finish(&z[i]);
		ck_assert_int_eq(geo_point_on_surface(ctx, &z[i], &pt[2 * i], &pt[2 * i + 1], &err), LE_OK);
	}
	le_geom_init(&z[ZE]);
	le_geom_begin(&z[ZE], LE_GEOM_MULTIPOLYGON);
	rect(&z[ZE], 60000, 0, 70000, 10000);     /* 100 km2, empty */
	rect(&z[ZE], 0, -1000, 10000, 0);         /* 10 km2, on A's shore */
	le_geom_finish(&z[ZE]);
	ck_assert_int_eq(geo_point_on_surface(ctx, &z[ZE], &pt[2 * ZE], &pt[2 * ZE + 1], &err), LE_OK);
}

START_TEST(landmasses_causeway_and_sea)
{
	struct le_geom z[NZ];
	double pt[2 * NZ], pts[] = { 35000, 5000, 24000, 5000, 2000, 32000 }, off[3];
	int zl[NZ], pl[3], nland, i;

	archipelago(z, pt);
	/* GEOS puts E's point on its widest piece, the empty islet. */
	ck_assert(pt[2 * ZE] > 60000);
	ck_assert_int_eq(geo_landmasses(ctx, z, pt, NZ, pts, 3, 250, zl, pl, off, &nland, &err),
			 LE_OK);
	/* Pieces in order A1 A2 B C D E-islet E-strip: groups {A1 A2 B
	 * E-strip} = 0, C = 1, D = 2, the islet = 3. */
	ck_assert_int_eq(nland, 4);
	ck_assert_int_eq(zl[ZA1], 0);
	ck_assert_int_eq(zl[ZA2], 0);
	ck_assert_int_eq(zl[ZB], 0);          /* the 100 m causeway */
	ck_assert_int_eq(zl[ZC], 1);
	ck_assert_int_eq(zl[ZD], 2);
	/* E lives on A (shared with three zones), its point moved inside
	 * the strip. */
	ck_assert_int_eq(zl[ZE], 0);
	ck_assert(pt[2 * ZE] > 0 && pt[2 * ZE] < 10000);
	ck_assert(pt[2 * ZE + 1] > -1000 && pt[2 * ZE + 1] < 0);
	/* A school on C; a pier 4 km off B (nearest land B, 4,000 m);
	 * a point on D. */
	ck_assert_int_eq(pl[0], 1);
	ck_assert(off[0] == 0);
	ck_assert_int_eq(pl[1], 0);
	ck_assert_double_eq_tol(off[1], 4000, 1e-6);
	ck_assert_int_eq(pl[2], 2);
	/* At a 50 m gap the causeway no longer joins A and B. */
	ck_assert_int_eq(geo_landmasses(ctx, z, pt, NZ, NULL, 0, 50, zl, pl, off, &nland, &err),
			 LE_OK);
	ck_assert_int_eq(nland, 5);
	ck_assert_int_eq(zl[ZA1], zl[ZA2]);
	ck_assert_int_ne(zl[ZA1], zl[ZB]);
	for (i = 0; i < NZ; i++)
		le_geom_release(&z[i]);
}
END_TEST

/* A region with landmasses 0 (A+B), 1 (C), 2 (D) and optionally the
 * ferry B-C: ports (19990, 5000) on B and (30010, 5000) on C, 30 min,
 * 6 sailings a school day (wait 0.5 x 720 / 6 = 60 min). */
static void region_with(struct region *r, int ferry)
{
	region_init(r, "EPSG:27700");
	r->nland = 3;
	if (ferry) {
		struct le_link l;
		memset(&l, 0, sizeof(l));
		l.name = "B - C";
		l.ax = 19990; l.ay = 5000; l.la = 0;
		l.bx = 30010; l.by = 5000; l.lb = 1;
		l.crossing_s = 30 * 60;
		l.sailings = 6;
		l.wait_s = 0.5 * LE_SCHOOL_DAY_MIN / 6 * 60;
		region_add_link(r, &l);
	}
	region_links_ready(r);
}

START_TEST(trip_never_crosses_the_sea)
{
	struct region r;
	struct le_trip t;

	region_with(&r, 0);
	/* Same landmass (A to B over the causeway): straight line x 1.3. */
	ck_assert_int_eq(region_trip(&r, 0, 2500, 5000, 0, 15000, 5000, 1.3, &t), 1);
	ck_assert_double_eq_tol(t.dist_m, 12500 * 1.3, 1e-6);
	ck_assert_double_eq_tol(t.ferry_s, 0, 1e-9);
	/* A to C without a ferry: no trip, although C is nearer in a
	 * straight line than many schools on A would be. */
	ck_assert_int_eq(region_trip(&r, 0, 2500, 5000, 1, 35000, 5000, 1.3, &t), 0);
	/* D has no link at all. */
	ck_assert_int_eq(region_trip(&r, 2, 2500, 32500, 0, 2500, 5000, 1.3, &t), 0);
	/* Landmasses not derived (nland 0): the old straight line. */
	r.nland = 0;
	ck_assert_int_eq(region_trip(&r, 0, 2500, 5000, 1, 35000, 5000, 1.3, &t), 1);
	ck_assert_double_eq_tol(t.dist_m, 32500 * 1.3, 1e-6);
	region_release(&r);
}
END_TEST

START_TEST(trip_by_ferry_adds_crossing_and_wait)
{
	struct region r;
	struct le_trip t;

	region_with(&r, 1);
	/* Zone on A (2500, 5000) to a school on C (35000, 5000): land
	 * 17,490 m to the pier, 10,020 m of sea, 4,990 m on C: land x 1.3
	 * = 29,224 m, + sea = 39,244 m; 30 min crossing + 60 min wait. */
	ck_assert_int_eq(region_trip(&r, 0, 2500, 5000, 1, 35000, 5000, 1.3, &t), 1);
	ck_assert_double_eq_tol(t.land_m, 29224, 1e-6);
	ck_assert_double_eq_tol(t.dist_m, 39244, 1e-6);
	ck_assert_double_eq_tol(t.ferry_s, 5400, 1e-9);
	ck_assert_int_eq(t.nlinks, 1);
	/* The same in reverse: links carry both ways. */
	ck_assert_int_eq(region_trip(&r, 1, 35000, 5000, 0, 2500, 5000, 1.3, &t), 1);
	ck_assert_double_eq_tol(t.dist_m, 39244, 1e-6);
	/* D is still cut off. */
	ck_assert_int_eq(region_trip(&r, 2, 2500, 32500, 1, 35000, 5000, 1.3, &t), 0);
	region_release(&r);
}
END_TEST

Suite *suite_land(void)
{
	Suite *s = suite_create("land");
	TCase *tc = tcase_create("land");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, landmasses_causeway_and_sea);
	tcase_add_test(tc, trip_never_crosses_the_sea);
	tcase_add_test(tc, trip_by_ferry_adds_crossing_and_wait);
	suite_add_tcase(s, tc);
	return s;
}
