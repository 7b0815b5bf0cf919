/*
 * test_rezone.c: estate rezone's solver (scenario/rezone.c) on grids of
 * square zones made here, with adjacency from GEOS (geo_adjacency):
 * a strip whose optimum is worked by hand, a 12-zone 3-school grid
 * checked against every one of its 3^12 assignments (contiguity and the
 * objective recomputed here, independently of rezone.c), the returned
 * catchments' unions (one polygon each, by GEOS), the input kept when
 * nothing beats it, and the same answer twice.
 */
#include "testutil.h"

#include "geo/geo.h"
#include "scenario/scenario.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A w x h grid of 1000 m squares, zone z = row * w + col. */
static struct le_geom *grid(int w, int h)
{
	struct le_geom *g = calloc((size_t)(w * h), sizeof(*g));
	int r, c;

	for (r = 0; r < h; r++)
		for (c = 0; c < w; c++) {
			struct le_geom *p = &g[r * w + c];
			double x = c * 1000.0, y = r * 1000.0;

			le_geom_init(p);
			le_geom_begin(p, LE_GEOM_POLYGON);
			le_geom_poly(p);
			le_geom_part(p);
			le_geom_point(p, x, y);
			le_geom_point(p, x + 1000, y);
			le_geom_point(p, x + 1000, y + 1000);
			le_geom_point(p, x, y + 1000);
			le_geom_point(p, x, y);
			le_geom_finish(p);
		}
	return g;
}

static void grid_free(struct le_geom *g, int n)
{
	int i;

	for (i = 0; i < n; i++)
		le_geom_release(&g[i]);
	free(g);
}

/* A problem on a grid: every school a candidate of every zone, walking
 * distance = centre to centre (m), pupils moved = the zone's pupils
 * unless it stays with cur. */
struct prob {
	struct scenario_rezone_in in;
	int cstart[64], cschool[256], root[8], cur[64];
	double cdist[256], cmoved[256], pupils[64], cap[8], fixed[8];
	int *pairs;
};

static void prob_make(struct prob *p, struct geo_ctx *g, struct le_geom *zones, int w, int h,
		      int ns, const int *roots, const int *cur, const double *pupils,
		      const double *cap)
{
	struct le_err err;
	int z, k, n = 0, np;

	memset(p, 0, sizeof(*p));
	le_err_clear(&err);
	ck_assert_int_eq(geo_adjacency(g, zones, w * h, &p->pairs, &np, &err), LE_OK);
	for (z = 0; z < w * h; z++) {
		p->cstart[z] = n;
		p->pupils[z] = pupils[z];
		p->cur[z] = cur[z];
		for (k = 0; k < ns; k++) {
			int rz = roots[k];
			double dx = (z % w - rz % w) * 1000.0, dy = (z / w - rz / w) * 1000.0;

			p->cschool[n] = k;
			p->cdist[n] = sqrt(dx * dx + dy * dy);
			p->cmoved[n] = k == cur[z] ? 0 : pupils[z];
			n++;
		}
	}
	p->cstart[w * h] = n;
	for (k = 0; k < ns; k++) {
		p->root[k] = roots[k];
		p->cap[k] = cap[k];
	}
	p->in.nzones = w * h;
	p->in.nschools = ns;
	p->in.pupils = p->pupils;
	p->in.cur = p->cur;
	p->in.cstart = p->cstart;
	p->in.cschool = p->cschool;
	p->in.cdist_m = p->cdist;
	p->in.cmoved = p->cmoved;
	p->in.root = p->root;
	p->in.cap = p->cap;
	p->in.fixed = p->fixed;
	p->in.pairs = p->pairs;
	p->in.npairs = np;
	p->in.lo = 0.8;
	p->in.hi = 1.0;
	p->in.w_band = SCENARIO_REZONE_W_BAND;
	p->in.w_move = SCENARIO_REZONE_W_MOVE;
	p->in.w_walk_km = SCENARIO_REZONE_W_WALK_KM;
	p->in.time_limit_s = 20;
}

/* GEOS: each school's zones unite into exactly one polygon. */
static void assert_one_piece(struct geo_ctx *g, const struct le_geom *zones, int nz,
			     const int *assign, int ns)
{
	struct le_err err;
	int k, z, idx[64], n;

	for (k = 0; k < ns; k++) {
		struct le_geom u;

		for (n = 0, z = 0; z < nz; z++)
			if (assign[z] == k)
				idx[n++] = z;
		ck_assert_int_eq(geo_union(g, zones, idx, n, &u, &err), LE_OK);
		ck_assert_msg(u.npolys == 1, "school %d: %d pieces", k, u.npolys);
		le_geom_release(&u);
	}
}

START_TEST(test_adjacency_grid)
{
	struct le_err err;
	struct geo_ctx *g = geo_ctx_new(&err);
	struct le_geom *zones = grid(4, 3);
	int *pairs, np;

	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(geo_adjacency(g, zones, 12, &pairs, &np, &err), LE_OK);
	/* 3 x 3 east-west edges + 4 x 2 north-south; the 12 diagonal
	 * corner contacts are not adjacency. */
	ck_assert_int_eq(np, 17);
	ck_assert_int_eq(pairs[0], 0);
	ck_assert_int_eq(pairs[1], 1);
	ck_assert_int_eq(pairs[2], 0);
	ck_assert_int_eq(pairs[3], 4);
	free(pairs);
	grid_free(zones, 12);
	geo_ctx_free(g);
}
END_TEST

/*
 * A strip of 4 zones, 10 pupils each, schools A (zone 0) and B (zone
 * 3), 20 places each, band 80-100 % (16-20 pupils). Input: A has zones
 * 0-2 (30 pupils, 10 over), B zone 3 (10, 6 under): 16 pupils out of
 * band, 1600 points + walking 10 x (0 + 1 + 2 + 0) km = 30. The only
 * in-band answer moves zone 2 to B: 10 moved + walking 10 x (0 + 1 + 1
 * + 0) = 20, total 30 points.
 */
START_TEST(test_strip_by_hand)
{
	struct le_err err;
	struct geo_ctx *g = geo_ctx_new(&err);
	struct le_geom *zones = grid(4, 1);
	const int roots[2] = { 0, 3 }, cur[4] = { 0, 0, 0, 1 };
	const double pupils[4] = { 10, 10, 10, 10 }, cap[2] = { 20, 20 };
	struct prob p;
	struct scenario_rezone_out out;

	prob_make(&p, g, zones, 4, 1, 2, roots, cur, pupils, cap);
	ck_assert_int_eq(scenario_rezone_solve(&p.in, &out, &err), LE_OK);
	ck_assert_double_eq_tol(out.obj_in.total, 1630, 1e-9);
	ck_assert_double_eq_tol(out.obj_in.out_of_band, 16, 1e-9);
	ck_assert_int_eq(out.obj_in.in_band, 0);
	ck_assert_int_eq(out.assign[0], 0);
	ck_assert_int_eq(out.assign[1], 0);
	ck_assert_int_eq(out.assign[2], 1);
	ck_assert_int_eq(out.assign[3], 1);
	ck_assert_double_eq_tol(out.obj.total, 30, 1e-9);
	ck_assert_double_eq_tol(out.obj.moved, 10, 1e-9);
	ck_assert_double_eq_tol(out.obj.pupil_km, 20, 1e-9);
	ck_assert_int_eq(out.obj.in_band, 2);
	ck_assert_int_eq(out.how, SCENARIO_REZONE_OPTIMAL);
	ck_assert_double_eq_tol(out.gap, 0, 1e-9);
	assert_one_piece(g, zones, 4, out.assign, 2);
	scenario_rezone_out_release(&out);
	free(p.pairs);
	grid_free(zones, 4);
	geo_ctx_free(g);
}
END_TEST

/* Independent checks for the brute force: 4-neighbour flood fill on the
 * grid from each root, and the objective by its definition. */
static int bf_contiguous(const int *a, int w, int h, const int *roots, int ns)
{
	int k, z, seen[64], stack[64], n, count;

	for (k = 0; k < ns; k++) {
		if (a[roots[k]] != k)
			return 0;
		memset(seen, 0, sizeof(seen));
		n = 0;
		stack[n++] = roots[k];
		seen[roots[k]] = 1;
		count = 1;
		while (n) {
			int u = stack[--n], r = u / w, c = u % w, d;
			const int nb[4][2] = { { r - 1, c }, { r + 1, c }, { r, c - 1 }, { r, c + 1 } };

			for (d = 0; d < 4; d++) {
				int v;

				if (nb[d][0] < 0 || nb[d][0] >= h || nb[d][1] < 0 || nb[d][1] >= w)
					continue;
				v = nb[d][0] * w + nb[d][1];
				if (!seen[v] && a[v] == k) {
					seen[v] = 1;
					count++;
					stack[n++] = v;
				}
			}
		}
		for (z = 0; z < w * h; z++)
			count -= a[z] == k;
		if (count != 0)
			return 0;
	}
	return 1;
}

static double bf_objective(const int *a, int w, int h, const int *roots, const int *cur,
			   const double *pupils, const double *cap, int ns, int *in_band)
{
	double roll[8] = { 0 }, obj = 0;
	int z, k;

	for (z = 0; z < w * h; z++) {
		int rz = roots[a[z]];
		double dx = z % w - rz % w, dy = z / w - rz / w;

		roll[a[z]] += pupils[z];
		obj += pupils[z] * sqrt(dx * dx + dy * dy);     /* pupil-km */
		if (a[z] != cur[z])
			obj += pupils[z];                       /* moved */
	}
	*in_band = 0;
	for (k = 0; k < ns; k++) {
		double lo = 0.8 * cap[k], hi = cap[k];

		obj += 100 * (roll[k] < lo ? lo - roll[k] : roll[k] > hi ? roll[k] - hi : 0);
		*in_band += roll[k] >= lo - 1e-9 && roll[k] <= hi + 1e-9;
	}
	return obj;
}

/*
 * 4 x 3 grid, schools at zones 0 (south-west), 3 (south-east) and 9
 * (north, second column). Uneven pupils; capacities that the nearest
 * catchments break (input: by column, A cols 0-1 rows 0-1, etc.).
 */
START_TEST(test_brute_force_12_zones)
{
	enum { W = 4, H = 3, NZ = 12, NS = 3 };
	struct le_err err;
	struct geo_ctx *g = geo_ctx_new(&err);
	struct le_geom *zones = grid(W, H);
	const int roots[NS] = { 0, 3, 9 };
	const int cur[NZ] = { 0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 2 };
	const double pupils[NZ] = { 30, 25, 12, 40, 18, 22, 35, 9, 14, 27, 16, 20 };
	const double cap[NS] = { 90, 100, 95 };
	struct prob p;
	struct scenario_rezone_out out;
	int a[NZ], best[NZ], z, i, nfeas = 0, nin = 0, ib;
	double bobj = INFINITY;
	long code, total = 1;

	for (z = 0; z < NZ; z++)
		total *= NS;
	for (code = 0; code < total; code++) {
		long c = code;
		double o;

		for (z = 0; z < NZ; z++) {
			a[z] = (int)(c % NS);
			c /= NS;
		}
		if (!bf_contiguous(a, W, H, roots, NS))
			continue;
		nfeas++;
		o = bf_objective(a, W, H, roots, cur, pupils, cap, NS, &ib);
		nin += ib == NS;
		if (o < bobj - 1e-9) {
			bobj = o;
			memcpy(best, a, sizeof(a));
		}
	}
	/* The instance is not trivial: some contiguous assignments keep
	 * every school in band, most do not. */
	ck_assert_int_gt(nin, 0);
	ck_assert_int_gt(nfeas, nin);
	prob_make(&p, g, zones, W, H, NS, roots, cur, pupils, cap);
	ck_assert_int_eq(scenario_rezone_solve(&p.in, &out, &err), LE_OK);
	ck_assert_double_eq_tol(out.obj.total, bobj, 1e-6);
	ck_assert_int_eq(out.how, SCENARIO_REZONE_OPTIMAL);
	ck_assert_int_eq(out.obj.in_band, NS);
	ck_assert(out.obj.total < out.obj_in.total);
	ck_assert_int_eq(bf_contiguous(out.assign, W, H, roots, NS), 1);
	ck_assert_double_eq_tol(bf_objective(out.assign, W, H, roots, cur, pupils, cap, NS, &ib),
				bobj, 1e-6);
	assert_one_piece(g, zones, NZ, out.assign, NS);
	/* Same input, same answer. */
	{
		struct scenario_rezone_out again;

		ck_assert_int_eq(scenario_rezone_solve(&p.in, &again, &err), LE_OK);
		for (i = 0; i < NZ; i++)
			ck_assert_int_eq(again.assign[i], out.assign[i]);
		scenario_rezone_out_release(&again);
	}
	/* One node only: still contiguous and never worse than the input. */
	{
		struct scenario_rezone_out one;

		p.in.max_nodes = 1;
		ck_assert_int_eq(scenario_rezone_solve(&p.in, &one, &err), LE_OK);
		ck_assert_int_eq(bf_contiguous(one.assign, W, H, roots, NS), 1);
		ck_assert(one.obj.total <= one.obj_in.total);
		ck_assert(one.obj.total >= bobj - 1e-6);
		scenario_rezone_out_release(&one);
	}
	(void)best;
	scenario_rezone_out_release(&out);
	free(p.pairs);
	grid_free(zones, NZ);
	geo_ctx_free(g);
}
END_TEST

/* Input already optimal (in band, nearest): it comes back unchanged,
 * marked as kept, with its own objective. */
START_TEST(test_keeps_optimal_input)
{
	struct le_err err;
	struct geo_ctx *g = geo_ctx_new(&err);
	struct le_geom *zones = grid(4, 1);
	const int roots[2] = { 0, 3 }, cur[4] = { 0, 0, 1, 1 };
	const double pupils[4] = { 10, 10, 10, 10 }, cap[2] = { 20, 20 };
	struct prob p;
	struct scenario_rezone_out out;
	int z;

	prob_make(&p, g, zones, 4, 1, 2, roots, cur, pupils, cap);
	ck_assert_int_eq(scenario_rezone_solve(&p.in, &out, &err), LE_OK);
	ck_assert_int_eq(out.how, SCENARIO_REZONE_KEPT_INPUT);
	for (z = 0; z < 4; z++)
		ck_assert_int_eq(out.assign[z], cur[z]);
	ck_assert_double_eq_tol(out.obj.total, out.obj_in.total, 1e-12);
	ck_assert_double_eq_tol(out.obj.total, 20, 1e-9);
	scenario_rezone_out_release(&out);
	free(p.pairs);
	grid_free(zones, 4);
	geo_ctx_free(g);
}
END_TEST

/*
 * Input not contiguous (zone 1 of a strip belongs to B, cut off from
 * B's zone 3 by A's zone 2): kept when nothing beats it, else the
 * solver returns contiguous catchments, better on the objective; either
 * way it says the input was not contiguous.
 */
START_TEST(test_non_contiguous_input)
{
	struct le_err err;
	struct geo_ctx *g = geo_ctx_new(&err);
	struct le_geom *zones = grid(4, 1);
	const int roots[2] = { 0, 3 }, cur[4] = { 0, 1, 0, 1 };
	const double pupils[4] = { 10, 10, 10, 10 }, cap[2] = { 20, 20 };
	struct prob p;
	struct scenario_rezone_out out;

	prob_make(&p, g, zones, 4, 1, 2, roots, cur, pupils, cap);
	ck_assert_int_eq(scenario_rezone_feasible(&p.in, cur), 0);
	/* With the default weights the swap ties: 20 pupils moved for 20
	 * pupil-km saved (input 40 points, the contiguous answer 20 + 20):
	 * not better, so the input stays, flagged as not contiguous. */
	ck_assert_int_eq(scenario_rezone_solve(&p.in, &out, &err), LE_OK);
	ck_assert_int_eq(out.input_contiguous, 0);
	ck_assert_int_eq(out.how, SCENARIO_REZONE_KEPT_INPUT);
	ck_assert_double_eq_tol(out.obj.total, 40, 1e-9);
	ck_assert_int_eq(out.assign[1], 1);
	scenario_rezone_out_release(&out);
	/* A move worth half a point: the contiguous answer, 10 + 20. */
	p.in.w_move = 0.5;
	ck_assert_int_eq(scenario_rezone_solve(&p.in, &out, &err), LE_OK);
	ck_assert_int_eq(out.input_contiguous, 0);
	ck_assert_double_eq_tol(out.obj.total, 30, 1e-9);
	ck_assert_int_eq(out.how, SCENARIO_REZONE_OPTIMAL);
	ck_assert_int_eq(scenario_rezone_feasible(&p.in, out.assign), 1);
	ck_assert(out.obj.total < out.obj_in.total);
	assert_one_piece(g, zones, 4, out.assign, 2);
	scenario_rezone_out_release(&out);
	free(p.pairs);
	grid_free(zones, 4);
	geo_ctx_free(g);
}
END_TEST

/* Two schools on one zone: a malformed problem, refused. */
START_TEST(test_shared_root_refused)
{
	struct le_err err;
	struct geo_ctx *g = geo_ctx_new(&err);
	struct le_geom *zones = grid(4, 1);
	const int roots[2] = { 0, 0 }, cur[4] = { 0, 0, 1, 1 };
	const double pupils[4] = { 10, 10, 10, 10 }, cap[2] = { 20, 20 };
	struct prob p;
	struct scenario_rezone_out out;

	prob_make(&p, g, zones, 4, 1, 2, roots, cur, pupils, cap);
	le_err_clear(&err);
	ck_assert_int_eq(scenario_rezone_solve(&p.in, &out, &err), LE_EDATA);
	ck_assert_str_eq(err.msg, "rezone: schools 0 and 1 share their own zone 0");
	free(p.pairs);
	grid_free(zones, 4);
	geo_ctx_free(g);
}
END_TEST

Suite *suite_rezone(void)
{
	Suite *s = suite_create("rezone");
	TCase *tc = tcase_create("rezone");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_adjacency_grid);
	tcase_add_test(tc, test_strip_by_hand);
	tcase_add_test(tc, test_brute_force_12_zones);
	tcase_add_test(tc, test_keeps_optimal_input);
	tcase_add_test(tc, test_non_contiguous_input);
	tcase_add_test(tc, test_shared_root_refused);
	suite_add_tcase(s, tc);
	return s;
}
