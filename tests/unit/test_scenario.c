/*
 * test_scenario.c: scenarios on hand-built regions whose every number can
 * be checked with a pencil: each change type, nearest / catchment /
 * capacity allocation, conservation (placed + unplaced = demand every
 * year), "closing never lowers another school's roll", progression
 * schools' rolls spread over their zones, beyond-limit
 * counts, the min-cost flow against brute force on small random cases
 * and against GLPK's LP optimum on small and medium ones, capacities kept
 * on a bench-shaped region with many tight schools,
 * broken scenario files with their exact messages, and byte-identical
 * reruns of the writers.
 */
#include "testutil.h"

#include "scenario/scenario.h"
#include "report/report.h"
#include "geo/geo.h"
#include "model/model_int.h"
#include "net/net.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-6

/*
 * The line region: zones Z0..Z3 at x = 0, 1000, 2000, 6000 (y = 0), each
 * with 10 residents at every age 0..18, pop year = base year = 2023,
 * horizon 2. Primaries A (x 0, cap 200), B (x 2000, cap 200), C (x 6000,
 * cap 200); one secondary H (x 1000, no capacity). Each stage is one age
 * (P1 = 5 ...), so a zone has 70 primary children; rolls are set so
 * participation is 1 and calibration 1 under nearest: A takes Z0 + Z1
 * (Z1 is 1000 m from A and B: tie -> lower index A), B Z2, C Z3.
 */
static void line_region(struct region *r)
{
	static const double xs[4] = { 0, 1000, 2000, 6000 };
	static const char *const ids[4] = { "Z0", "Z1", "Z2", "Z3" };
	static const char *const sid[4] = { "A", "B", "C", "H" };
	static const double sx[4] = { 0, 2000, 6000, 1000 };
	static const double roll[4] = { 140, 70, 70, 0 };
	int z, a, k;

	region_init(r, "EPSG:27700");
	for (z = 0; z < 4; z++) {
		int i = region_add_zone(r, ids[z]);

		r->zones[i].px = xs[z];
		r->zones[i].has_geom = 1;
		r->zones[i].has_pop = 1;
	}
	region_pop_grow(r);
	r->pop_year = 2023;
	for (z = 0; z < 4; z++)
		for (a = 0; a <= 18; a++)
			r->pop[(size_t)z * LE_NAGES + a] = 10;
	for (k = 0; k < 4; k++) {
		int i = region_add_school(r, sid[k]);
		struct school *sc = &r->schools[i];

		sc->name = xstrdup(sid[k]);
		sc->denom_text = xstrdup("Non-denominational");
		sc->sector = k < 3 ? LE_PRIMARY : LE_SECONDARY;
		sc->stages = k < 3 ? TU_PRIMARY : TU_SECONDARY;
		sc->x = sx[k];
		sc->capacity = k < 3 ? 200 : -1;
		sc->roll = k < 3 ? roll[k] : 240;
		sc->condition = k == 1 ? LE_GRADE_C : LE_GRADE_A;
	}
}

struct fx {
	struct region r;
	struct model m;
	struct scenario_params p;
	struct scenario_world w;
	struct scenario_travel t;
	struct le_diags d;
	struct le_err err;
};

/* Stage history 2021-2023 for A (20 in every stage) and B (P1 12, the
 * rest 10): method progression, N = 2. Ratios: A all 1 (the allocated
 * P1 cohort is 20); B intake 12/10, P2 10/12, the rest 1: A projects
 * 140 and B 72 (P1 12, P2-P7 10) every year. */
static void fx_history(struct model *m)
{
	struct model_history *h = &m->hist;
	int k, y, s;

	m->method = MODEL_PROGRESSION;
	m->prog_years = 2;
	h->year0 = 2021;
	h->nyears = 3;
	h->nschools = m->nschools;
	h->nst = m->nst;
	h->pupils = xmalloc(sizeof(double) * MODEL_H(h, m->nschools, 0, 0));
	h->has = xcalloc((size_t)m->nschools, 1);
	for (k = 0; k < m->nschools; k++)
		for (y = 0; y < 3; y++)
			for (s = 0; s < TU_NSTAGES; s++)
				h->pupils[MODEL_H(h, k, y, s)] =
					s >= 7 || (k > 1 && k != 4) ? -1 : k == 4 ? 5 :
					k == 0 ? 20 : s == 0 ? 12 : 10;
	h->has[0] = h->has[1] = 1;
	if (m->nschools > 4)
		h->has[4] = 1;
}

/* -1: the line region as it is; 0 / 1: split into two councils (see
 * two_councils) with cross_boundary off / on. Set by the council tests. */
static int fx_councils = -1;
/* Years after the base year (2023); the phasing tests need a primary
 * school's seven. */
static int fx_horizon = 2;

/* 1: the line region gets a fifth school, D, a primary at x = -100 (cap
 * 50, roll 35): no zone's nearest (Z0 is A's at 0 m, D's at 100), so
 * the projection homes it in Z0, and with a stage history (5 pupils in
 * every primary stage) it is projected by progression. */
static int fx_held = 0;

/* 1: A and C have Gaelic-medium provision and every zone's Gaelic
 * share is 0.1 (gaelic_share), so a zone's 70 primary pupils are 63
 * English-medium and 7 Gaelic-medium; the rolls are those nearest gives
 * (A 147: Z0 and Z1's 126 and the Gaelic 21 of Z0-Z2; B 63; C 70), so
 * that calibration is still 1. */
static int fx_gaelic = 0;

static void add_held_school(struct region *r)
{
	int i = region_add_school(r, "D");
	struct school *sc = &r->schools[i];

	sc->name = xstrdup("D");
	sc->denom_text = xstrdup("Non-denominational");
	sc->sector = LE_PRIMARY;
	sc->stages = TU_PRIMARY;
	sc->x = -100;
	sc->capacity = 50;
	sc->roll = 35;
	sc->condition = LE_GRADE_A;
}

/*
 * The line region as two councils: C1 holds Z0, Z1, A and the secondary
 * H; C2 holds Z2, Z3, B and C. C2 has no secondary school, so with
 * cross_boundary off its zones' secondary pupils are unplaced, and with
 * it on they go to H in C1.
 */
static void two_councils(struct region *r, int cross)
{
	static const int zc[4] = { 0, 0, 1, 1 }, sc[4] = { 0, 1, 1, 0 };
	int i;

	region_add_council(r, "C1");
	region_add_council(r, "C2");
	r->councils[0].name = xstrdup("Council One");
	r->councils[1].name = xstrdup("Council Two");
	r->cross_boundary = cross;
	for (i = 0; i < 4; i++) {
		r->zones[i].council = zc[i];
		r->zones[i].council_id = xstrdup(r->councils[zc[i]].id);
		r->schools[i].council = sc[i];
		r->schools[i].council_id = xstrdup(r->councils[sc[i]].id);
	}
}

static void fx_init_at(struct fx *f, int alloc_catchment, int progression)
{
	struct model_params mp;
	int s;

	line_region(&f->r);
	if (fx_held)
		add_held_school(&f->r);
	if (fx_councils >= 0)
		two_councils(&f->r, fx_councils);
	if (fx_gaelic) {
		f->r.schools[0].gaelic = f->r.schools[2].gaelic = 1;
		f->r.schools[0].roll = 147;
		f->r.schools[1].roll = 63;
	}
	model_params_default(&mp);
	for (s = 0; s < TU_NSTAGES; s++) {
		mp.st.age[s] = 5 + s;
		mp.st.stay[s] = 1;
	}
	mp.st.younger_share = 1;
	model_init_params(&f->m, &f->r, &mp, 2023, fx_horizon);
	model_params_release(&mp);
	if (fx_gaelic)
		f->m.gaelic_override = 0.1;
	scenario_params_default(&f->p);
	f->p.detour = 1;
	le_diags_init(&f->d);
	le_err_clear(&f->err);
	ck_assert_int_eq(scenario_world_init(&f->w, &f->r, &f->m, NULL, &f->err), LE_OK);
	scenario_travel_straight(&f->t, &f->w, &f->p);
	if (alloc_catchment) {
		static const int zone[5] = { 0, 1, 2, 3, 0 };
		static const int school[5] = { 0, 0, 1, 2, 3 };

		model_alloc_catchment(&f->m, zone, school, 5);
	} else {
		scenario_model_nearest(&f->m, &f->w, &f->t);
	}
	if (progression)
		fx_history(&f->m);
	ck_assert_int_eq(model_run(&f->m, &f->d, &f->err), LE_OK);
}

static void fx_init(struct fx *f, int alloc_catchment)
{
	fx_init_at(f, alloc_catchment, 0);
}

/* Read a scenario from text into sc (index 0). */
static int fx_read(struct fx *f, const char *text, struct scenario *sc, char **path)
{
	char *p = tu_write_tmp(".ini", text);
	int rc;

	le_err_clear(&f->err);
	rc = scenario_read(p, &f->w, 0, sc, &f->err);
	if (path)
		*path = p;
	else
		free(p);
	return rc;
}

static void fx_release(struct fx *f)
{
	scenario_travel_release(&f->t);
	scenario_world_release(&f->w);
	scenario_params_release(&f->p);
	model_release(&f->m);
	region_release(&f->r);
	le_diags_release(&f->d);
}

static double roll(const struct scenario_result *res, int y, int k)
{
	return res->roll[(size_t)y * res->nschools + k];
}

static double kpi(const struct scenario_result *res, int y, int i)
{
	return res->kpi[(size_t)y * SK_NKPIS + i];
}

/* Placed + unplaced = demand + held, every year. */
static void assert_conserved(const struct scenario_result *res)
{
	int y, k, q;

	for (y = 0; y < res->nyears; y++) {
		double placed = 0, dem = 0, unpl = res->held_unplaced[y];

		for (k = 0; k < res->nschools; k++)
			placed += roll(res, y, k);
		for (q = 0; q < res->nkeys; q++) {
			dem += res->pupils[(size_t)y * res->nkeys + q];
			unpl += res->unplaced[(size_t)y * res->nkeys + q];
		}
		ck_assert_double_eq_tol(placed + unpl, dem, 1e-6);
		ck_assert_double_eq_tol(kpi(res, y, SK_PUPILS) + kpi(res, y, SK_UNPLACED), dem, 1e-6);
	}
}

START_TEST(test_baseline_nearest)
{
	struct fx f;
	struct scenario_result b;

	fx_init(&f, 0);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	/* Every year the same children (a flat age profile): A 140, B 70, C 70. */
	ck_assert_double_eq_tol(roll(&b, 0, 0), 140, TOL);
	ck_assert_double_eq_tol(roll(&b, 2, 0), 140, TOL);
	ck_assert_double_eq_tol(roll(&b, 0, 1), 70, TOL);
	ck_assert_double_eq_tol(roll(&b, 0, 2), 70, TOL);
	/* H: 4 zones x 6 ages x 10 = 240, calibrated to its roll. */
	ck_assert_double_eq_tol(roll(&b, 0, 3), 240, TOL);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_CAPACITY), 600, TOL);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_SURPLUS), 600 - 280, TOL);
	/* Bands: A 70 %, B 35 %, C 35 %; H has no capacity. */
	ck_assert_double_eq_tol(kpi(&b, 0, SK_BAND_LE40), 2, TOL);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_BAND_61_80), 1, TOL);
	/* Pupils in C/D: B's 70. Running: per school 3 x 200,000 +
	 * 700,000; building 200 places x 500 x 0.9 (A) for A and C, x 1.2
	 * (C) for B, H's 240 pupils (no capacity) x 500 x 0.9; per pupil
	 * 280 x 5,200 + 240 x 6,400: 4,700,000. */
	ck_assert_double_eq_tol(kpi(&b, 0, SK_PUPILS_CD), 70, TOL);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_RUNNING_GBP),
				3 * 200000.0 + 2 * 90000.0 + 120000.0 + 280 * 5200.0 +
				700000.0 + 108000.0 + 240 * 6400.0, 1e-3);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_RUNNING_GBP), 4700000, 1e-3);
	/* Distances: primary Z0 0 m (70), Z1 1000 (70), Z2 0, Z3 0; H from
	 * Z0 1000, Z1 0, Z2 1000, Z3 5000 (60 each). Mean over 520 pupils:
	 * (70,000 + 60 x 7,000) / 520. */
	ck_assert_double_eq_tol(kpi(&b, 0, SK_DIST_MEAN_M), (70000.0 + 420000.0) / 520, 1e-3);
	/* Beyond the walking limit: only Z3's 60 secondary pupils (5 km >
	 * 3 miles = 4,828 m). Transport 60 x 1,100. */
	ck_assert_double_eq_tol(kpi(&b, 0, SK_BEYOND_LIMIT), 60, TOL);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_TRANSPORT_GBP), 66000, TOL);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_DIST_P95_M), 5000, TOL);
	ck_assert(isnan(kpi(&b, 0, SK_SIMD_PUPILS)));
	assert_conserved(&b);
	scenario_result_release(&b);
	fx_release(&f);
}
END_TEST

/* Evaluate a scenario text against the baseline (same policy). */
static void eval_text(struct fx *f, const char *text, int policy,
		      struct scenario *sc, struct scenario_result *b,
		      struct scenario_result *res)
{
	ck_assert_int_eq(fx_read(f, text, sc, NULL), LE_OK);
	ck_assert_int_eq(scenario_eval(b, &f->w, &f->t, NULL, policy, &f->p, NULL, &f->err), LE_OK);
	ck_assert_int_eq(scenario_eval(res, &f->w, &f->t, sc, policy, &f->p, b, &f->err), LE_OK);
	assert_conserved(b);
	assert_conserved(res);
}

static void eval_done(struct fx *f, struct scenario *sc, struct scenario_result *b,
		      struct scenario_result *res)
{
	scenario_result_release(res);
	scenario_result_release(b);
	scenario_release(sc);
	fx_release(f);
}

/*
 * Schools over capacity in the high case: a school's roll times its
 * projected high / central, by hand. The line region under nearest: A
 * 140, B 70, C 70 (capacity 200 each, none over centrally); H has no
 * capacity and never counts, however high. Ranges set by hand:
 *   2023: A x 1.4 = 196 (98 %), C x 2.9 = 203 (101.5 %): 1 (C)
 *   2024: A x 1.5 = 210, C x 3.0 = 210: 2
 *   2025: every ratio 1: 0
 * Closing B in 2024 sends its 70 to A (210, over centrally): 2024 A 315
 * and C 210: 2; 2025 A 210 (ratio 1): 1; 2023 as the baseline.
 */
START_TEST(test_kpi_over_capacity_high)
{
	static const double ratio[3][4] = {
		{ 1.4, 1, 2.9, 50 }, { 1.5, 1, 3.0, 50 }, { 1, 1, 1, 50 }
	};
	static const double base_want[3] = { 1, 2, 0 }, close_want[3] = { 1, 2, 1 };
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	int y, k;

	fx_init(&f, 0);
	for (y = 0; y < 3; y++)
		for (k = 0; k < 4; k++) {
			size_t i = (size_t)y * f.m.nschools + (size_t)k;

			f.m.high[i] = f.m.total[i] * ratio[y][k];
		}
	eval_text(&f, "[scenario]\nname = c\n[close]\nyear = 2024\nschool = B\n",
		  SCENARIO_NEAREST, &sc, &b, &res);
	ck_assert_double_eq_tol(roll(&res, 1, 0), 210, TOL);
	for (y = 0; y < 3; y++) {
		ck_assert_double_eq(kpi(&b, y, SK_OVER_CAPACITY), 0);
		ck_assert_double_eq(kpi(&b, y, SK_OVER_CAPACITY_HIGH), base_want[y]);
		ck_assert_double_eq(kpi(&res, y, SK_OVER_CAPACITY_HIGH), close_want[y]);
	}
	ck_assert_str_eq(scenario_kpi_name(SK_OVER_CAPACITY_HIGH), "schools_over_capacity_high");
	ck_assert_int_eq(scenario_kpi_better(SK_OVER_CAPACITY_HIGH), -1);
	eval_done(&f, &sc, &b, &res);
}
END_TEST

START_TEST(test_close)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	int pol, k;

	for (pol = SCENARIO_CATCHMENT; pol <= SCENARIO_NEAREST; pol++) {
		fx_init(&f, pol == SCENARIO_CATCHMENT);
		eval_text(&f, "[scenario]\nname = c\n[close]\nyear = 2024\nschool = B\n", pol, &sc, &b, &res);
		/* 2023 unchanged; from 2024 B's 70 (Z2) go to the nearest open
		 * primary: A (2 km) rather than C (4 km). */
		ck_assert_double_eq_tol(roll(&res, 0, 1), 70, TOL);
		ck_assert_double_eq_tol(roll(&res, 1, 1), 0, TOL);
		ck_assert_double_eq_tol(roll(&res, 1, 0), 210, TOL);
		ck_assert_int_eq(res.status[1 * res.nschools + 1], SCENARIO_CLOSED);
		ck_assert_double_eq_tol(kpi(&res, 1, SK_MOVED), 70, TOL);
		ck_assert_double_eq_tol(kpi(&res, 1, SK_SCHOOLS_OPEN), 3, TOL);
		/* B was C-grade, A is A-grade: 70 moved into A/B, none in C/D. */
		ck_assert_double_eq_tol(kpi(&res, 1, SK_INTO_AB), 70, TOL);
		ck_assert_double_eq_tol(kpi(&res, 1, SK_PUPILS_CD), 0, TOL);
		/* Closing B saves its school and its C-grade building,
		 * 200,000 + 200 x 500 x 1.2; its pupils' part moves. */
		ck_assert_double_eq_tol(kpi(&res, 1, SK_RUNNING_GBP) - kpi(&b, 1, SK_RUNNING_GBP), -320000, 1e-3);
		/* Closing never lowers another school's roll. */
		for (k = 0; k < res.nschools; k++)
			if (k != 1)
				ck_assert(roll(&res, 1, k) >= roll(&b, 1, k) - TOL);
		eval_done(&f, &sc, &b, &res);
	}
}
END_TEST

/*
 * Progression schools A and B (fx_history), C by demand: the baseline
 * reproduces the projected rolls (A 140, B 72, by stage too); closing B
 * moves its spread pupils to A; re-zoning Z1 to B moves half of A's
 * (Z0 and Z1 sent it equal demand in the base year). Both policies.
 */
START_TEST(test_progression_spread)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	int pol, y, k, s;

	for (pol = SCENARIO_CATCHMENT; pol <= SCENARIO_NEAREST; pol++) {
		fx_init_at(&f, pol == SCENARIO_CATCHMENT, 1);
		ck_assert_int_eq(f.m.source[0], MODEL_SRC_PROGRESSION);
		ck_assert_int_eq(f.m.source[1], MODEL_SRC_PROGRESSION);
		ck_assert_int_eq(f.m.source[2], MODEL_SRC_DEMAND);
		eval_text(&f, "[scenario]\nname = c\n[close]\nyear = 2024\nschool = B\n", pol, &sc, &b, &res);
		for (y = 0; y < 3; y++) {
			for (k = 0; k < 4; k++) {
				ck_assert_double_eq_tol(roll(&b, y, k), f.m.total[(size_t)y * f.m.nschools + k], TOL);
				for (s = 0; s < TU_NSTAGES; s++)
					ck_assert_double_eq_tol(b.stage_roll[SCENARIO_SR(&b, y, k, s)],
								f.m.roll[MODEL_K(&f.m, y, k, s)], TOL);
			}
			ck_assert_double_eq_tol(roll(&b, y, 0), 140, TOL);
			ck_assert_double_eq_tol(roll(&b, y, 1), 72, TOL);
			ck_assert_double_eq_tol(roll(&b, y, 2), 70, TOL);
			ck_assert_double_eq_tol(b.stage_roll[SCENARIO_SR(&b, y, 1, 0)], 12, TOL);
		}
		/* From 2024 B's 72 go to A (nearest open), none held or lost. */
		ck_assert_double_eq_tol(roll(&res, 0, 1), 72, TOL);
		ck_assert_double_eq_tol(roll(&res, 1, 1), 0, TOL);
		ck_assert_double_eq_tol(roll(&res, 1, 0), 212, TOL);
		ck_assert_double_eq_tol(roll(&res, 2, 0), 212, TOL);
		ck_assert_double_eq_tol(roll(&res, 1, 2), 70, TOL);
		ck_assert_double_eq_tol(res.held_unplaced[1], 0, TOL);
		ck_assert_double_eq_tol(kpi(&res, 1, SK_PUPILS), kpi(&b, 1, SK_PUPILS), TOL);
		scenario_result_release(&res);
		scenario_release(&sc);
		/* phasing = all: every stage in 2024 (the phased case is
		 * test_phasing_intake). */
		ck_assert_int_eq(fx_read(&f, "[scenario]\nname = z\n[catchment]\nyear = 2024\nschool = B\nzones = Z1\nphasing = all\n",
					 &sc, NULL), LE_OK);
		ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, &sc, pol, &f.p, &b, &f.err), LE_OK);
		assert_conserved(&res);
		ck_assert_double_eq_tol(roll(&res, 0, 0), 140, TOL);
		ck_assert_double_eq_tol(roll(&res, 1, 0), 70, TOL);
		ck_assert_double_eq_tol(roll(&res, 1, 1), 142, TOL);
		eval_done(&f, &sc, &b, &res);
	}
}
END_TEST

/*
 * `stream = ` on a [catchment] (fx_gaelic: A and C teach Gaelic, each
 * zone has 63 English-medium and 7 Gaelic-medium primary pupils; under
 * nearest Z0, Z1 -> A, Z2 -> B, Z3 -> C in English, Z0-Z2 -> A and
 * Z3 -> C in Gaelic: A 147, B 63, C 70). Z2 to C from 2024, all at once:
 *   stream = gaelic  only Z2's 7 Gaelic pupils leave A: A 140, B 63, C 77;
 *   stream = nd      only Z2's 63 English-medium leave B: A 147, B 0, C 133;
 *   no key           both, as before the key: A 140, B 0, C 140;
 * the same under catchment (C serves both streams, so the pin wins);
 * and phased by intake (below).
 */
START_TEST(test_catchment_stream)
{
	static const char *const keys[3] = { "stream = gaelic\n", "stream = nd\n", "" };
	static const double want[3][3] = { { 140, 63, 77 }, { 147, 0, 133 }, { 140, 0, 140 } };
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	char text[300];
	static const int pols[2] = { SCENARIO_NEAREST, SCENARIO_CATCHMENT };
	int i, k, y, pi, pol;

	fx_gaelic = 1;
	for (pi = 0; pi < 2; pi++)
		for (i = 0; i < 3; i++) {
			fx_init(&f, 0);
			snprintf(text, sizeof(text), "[scenario]\nname = g\n[catchment]\nyear = 2024\nschool = C\n"
				 "zones = Z2\nphasing = all\n%s", keys[i]);
			ck_assert_int_eq(fx_read(&f, text, &sc, NULL), LE_OK);
			ck_assert_uint_eq(sc.v[0].streams, i == 0 ? 1u << MODEL_GM : i == 1 ? 1u << MODEL_ND : 0);
			pol = pols[pi];
			ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, pol, &f.p, NULL, &f.err), LE_OK);
			ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, &sc, pol, &f.p, &b, &f.err), LE_OK);
			assert_conserved(&res);
			for (y = 0; y <= 2; y++) {
				ck_assert_double_eq_tol(roll(&b, y, 0), 147, TOL);
				ck_assert_double_eq_tol(roll(&b, y, 1), 63, TOL);
				ck_assert_double_eq_tol(roll(&b, y, 2), 70, TOL);
				for (k = 0; k < 3; k++)
					ck_assert_double_eq_tol(roll(&res, y, k), (y ? want[i][k] : roll(&b, y, k)), TOL);
			}
			eval_done(&f, &sc, &b, &res);
		}
	/* Phased by intake, the Gaelic change moves Z2's Gaelic P1 (1
	 * pupil a stage) in 2024, P1-P2 in 2025: A 146, 145; C 71, 72. */
	fx_init(&f, 0);
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = g\n[catchment]\nyear = 2024\nschool = C\nzones = Z2\n"
				 "stream = gaelic\n", &sc, NULL), LE_OK);
	ck_assert_int_eq(sc.v[0].phasing, SCENARIO_PHASE_INTAKE);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, &sc, SCENARIO_NEAREST, &f.p, &b, &f.err), LE_OK);
	assert_conserved(&res);
	for (y = 1; y <= 2; y++) {
		ck_assert_double_eq_tol(roll(&res, y, 0), 147 - y, TOL);
		ck_assert_double_eq_tol(roll(&res, y, 1), 63, TOL);
		ck_assert_double_eq_tol(roll(&res, y, 2), 70 + y, TOL);
	}
	eval_done(&f, &sc, &b, &res);
	/* A stream the school does not teach, at its line. */
	fx_init(&f, 0);
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = g\n[catchment]\nyear = 2024\nschool = B\nstream = Gaelic-medium\nzones = Z1\n",
				 &sc, NULL), LE_EDATA);
	ck_assert_str_eq(strchr(f.err.msg, ' ') + 1, "[catchment] school 'B' has no Gaelic-medium stream");
	ck_assert(strstr(f.err.msg, ".ini:6: ") != NULL);
	fx_release(&f);
	fx_gaelic = 0;
}
END_TEST

static double stage(const struct scenario_result *res, int y, int k, int s)
{
	return res->stage_roll[SCENARIO_SR(res, y, k, s)];
}

/*
 * Intake phasing by hand, on the line region under nearest with a
 * horizon of 8 (2023-2031): every zone has 10 pupils in every stage
 * every year. A new secondary N at Z3 (x 6000) opens in 2023 and takes
 * Z3's 60 at once (a new school is not phased); from 2024 Z1 is re-zoned
 * to primary B and Z2 to N, phasing = intake. In year 2023 + j the
 * cohorts that entered P1 (S1) in 2024 or later are P1 .. Pj (S1 .. Sj),
 * so B gains 10 x min(j, 7) of Z1's pupils from A and N 10 x min(j, 6)
 * of Z2's from H: 2024 only P1 and S1, 2025 P1-P2 and S1-S2, all of
 * them from 2030 (primary) and 2029 (secondary). The same file with
 * phasing = all moves all 70 and 60 in 2024.
 *
 * The merger of B into C (site, no capacity given) in 2024, phased: C
 * takes Z2's P1 in 2024 (80), B keeps its P2-P7 (60) and stays open
 * with its 200 places until its last cohort, the P7 of 2029, has left:
 * closed from 2030, when C has 140 pupils and 400 places. Running cost
 * against the baseline: none until 2030 (the same schools, places and
 * pupils), then B's 200,000 + 200 x 500 x 1.2 saved and C's 200 more
 * places x 500 x 0.9 added: -230,000. The same under catchment.
 */
START_TEST(test_phasing_intake)
{
	static const char *const rezone =
		"[scenario]\nname = p\n"
		"[new]\nyear = 2023\nid = N\nsector = secondary\nx = 6000\ny = 0\ncapacity = 300\n"
		"[catchment]\nyear = 2024\nschool = B\nzones = Z1\n%s"
		"[catchment]\nyear = 2024\nschool = N\nzones = Z2\n%s";
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	char text[600];
	int y, j, all;

	fx_horizon = 8;
	for (all = 0; all <= 1; all++) {
		fx_init(&f, 0);
		snprintf(text, sizeof(text), rezone, all ? "phasing = all\n" : "",
			 all ? "phasing = all\n" : "");
		/* The travel tables again, now with the new school N. */
		ck_assert_int_eq(fx_read(&f, text, &sc, NULL), LE_OK);
		scenario_travel_release(&f.t);
		scenario_travel_straight(&f.t, &f.w, &f.p);
		ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
		ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, &sc, SCENARIO_NEAREST, &f.p, &b, &f.err), LE_OK);
		assert_conserved(&res);
		ck_assert_int_eq(sc.v[1].phasing, all ? SCENARIO_PHASE_ALL : SCENARIO_PHASE_INTAKE);
		for (y = 0; y <= 8; y++) {
			int p = all ? (y ? 7 : 0) : (y < 7 ? y : 7);
			int s = all ? (y ? 6 : 0) : (y < 6 ? y : 6);

			ck_assert_double_eq_tol(roll(&res, y, 0), 140 - 10 * p, TOL);
			ck_assert_double_eq_tol(roll(&res, y, 1), 70 + 10 * p, TOL);
			ck_assert_double_eq_tol(roll(&res, y, 4), 60 + 10 * s, TOL);
			ck_assert_double_eq_tol(roll(&res, y, 3), 180 - 10 * s, TOL);
			/* Moved against the baseline: Z3's 60 and the phased. */
			ck_assert_double_eq_tol(kpi(&res, y, SK_MOVED), 60 + 10 * (p + s), TOL);
			/* By stage: B has Z1's pupils in P1 .. Pp only. */
			for (j = 0; j < 7; j++)
				ck_assert_double_eq_tol(stage(&res, y, 1, j), j < p ? 20 : 10, TOL);
			for (j = 0; j < 6; j++)
				ck_assert_double_eq_tol(stage(&res, y, 4, 7 + j), j < s ? 20 : 10, TOL);
		}
		eval_done(&f, &sc, &b, &res);
	}
	/* Catchment and nearest (under capacity the flow sends a merged
	 * school's zones to whichever open school is nearest, the site or
	 * not, so the figures are not these). */
	for (all = 0; all <= 3; all++) {
		int pol = all / 2;

		fx_init(&f, pol == SCENARIO_CATCHMENT);
		snprintf(text, sizeof(text), "[scenario]\nname = m\n[merge]\nyear = 2024\nschools = C, B\nsite = C\n%s",
			 all % 2 ? "phasing = all\n" : "");
		eval_text(&f, text, pol, &sc, &b, &res);
		for (y = 1; y <= 8; y++) {
			/* Cohorts left at B: P(y+1) .. P7. */
			int left = all % 2 ? 0 : y < 7 ? 7 - y : 0;

			ck_assert_double_eq_tol(roll(&res, y, 1), 10 * left, TOL);
			ck_assert_double_eq_tol(roll(&res, y, 2), 140 - 10 * left, TOL);
			ck_assert_int_eq(res.status[(size_t)y * res.nschools + 1],
					 left ? SCENARIO_OPEN : SCENARIO_CLOSED);
			ck_assert_double_eq_tol(res.capacity[(size_t)y * res.nschools + 1], left ? 200 : -1, TOL);
			ck_assert_double_eq_tol(res.capacity[(size_t)y * res.nschools + 2], left ? 200 : 400, TOL);
			ck_assert_double_eq_tol(kpi(&res, y, SK_MOVED), 70 - 10 * left, TOL);
			ck_assert_double_eq_tol(kpi(&res, y, SK_RUNNING_GBP) - kpi(&b, y, SK_RUNNING_GBP),
						left ? 0 : -230000, 1e-3);
		}
		eval_done(&f, &sc, &b, &res);
	}
	fx_horizon = 2;
}
END_TEST

/*
 * A progression school that is no zone's nearest (D, fx_held) is held at
 * its projected roll, by stage, under the capacity allocation as under
 * nearest (issue 14, kcand item 3). Spread over Z0, whose pupils the
 * flow sends to A (nearest, with places), D once showed 0 pupils in the
 * census year. Closing C from 2024 sends Z3's 70 to B (4,000 m; A is
 * 6,000): D keeps its roll, and every pupil is placed: the schools' rolls
 * add up to the keys' pupils plus D's held roll.
 */
START_TEST(test_capacity_held)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	int y, s, k, q, pol;

	fx_held = 1;
	for (pol = SCENARIO_NEAREST; pol <= SCENARIO_CAPACITY; pol++) {
		fx_init_at(&f, 0, 1);
		ck_assert_int_eq(f.m.source[4], MODEL_SRC_PROGRESSION);
		ck_assert(f.m.homed && f.m.homed[4]);
		ck_assert_int_eq(fx_read(&f, "[scenario]\nname = c\n[close]\nyear = 2024\nschool = C\n",
					 &sc, NULL), LE_OK);
		ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, pol, &f.p, NULL, &f.err), LE_OK);
		ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, &sc, pol, &f.p, &b, &f.err), LE_OK);
		for (y = 0; y < 3; y++) {
			double held = f.m.total[(size_t)y * f.m.nschools + 4], placed = 0, dem = 0;

			/* The projection's roll, by stage. */
			ck_assert_double_eq_tol(roll(&b, y, 4), held, TOL);
			ck_assert_double_eq_tol(roll(&res, y, 4), held, TOL);
			for (s = 0; s < TU_NSTAGES; s++)
				ck_assert_double_eq_tol(b.stage_roll[SCENARIO_SR(&b, y, 4, s)],
							f.m.roll[MODEL_K(&f.m, y, 4, s)], TOL);
			for (k = 0; k < res.nschools; k++)
				placed += roll(&res, y, k);
			for (q = 0; q < res.nkeys; q++) {
				dem += res.pupils[(size_t)y * res.nkeys + q];
				ck_assert_double_eq_tol(res.unplaced[(size_t)y * res.nkeys + q], 0, TOL);
			}
			ck_assert_double_eq_tol(placed, dem + held, 1e-6);
		}
		/* 35 (5 a stage) in the census year, where the spread roll
		 * went to A under capacity. */
		ck_assert_double_eq_tol(roll(&b, 0, 4), 35, TOL);
		ck_assert_double_eq_tol(roll(&res, 1, 2), 0, TOL);
		ck_assert_double_eq_tol(roll(&res, 1, 1), roll(&b, 1, 1) + 70, TOL);
		eval_done(&f, &sc, &b, &res);
	}
	fx_held = 0;
}
END_TEST

/*
 * An option's figures do not depend on the other options in the world
 * (issue 14, kcand item 1), straight-line travel, two candidates a key,
 * capacity allocation. X cuts A to 50 places from 2024: Z0 and Z1's 140
 * pupils overflow, 90 of them to B (2,000 m from Z0, 1,000 m from Z1),
 * which has places. Y builds N at x = 500: searched with the region's
 * schools, N took one of Z0's and Z1's two slots (Z0: A, N; Z1: N, A), B
 * was no longer X's candidate there and X left 90 pupils unplaced when Y
 * was in the world. X evaluated with and without Y: identical bytes.
 */
START_TEST(test_option_independent)
{
	static const char *x = "[scenario]\nname = x\n[reduce]\nyear = 2024\nschool = A\nplaces = 150\n";
	static const char *yy = "[scenario]\nname = y\n[new]\nyear = 2024\nid = N\nname = N\nsector = primary\n"
				"x = 500\ny = 0\ncapacity = 300\n";
	struct fx f[2];
	struct scenario sx[2], sy;
	struct scenario_result b[2], r[2];
	int i, y;

	for (i = 0; i < 2; i++) {
		fx_init(&f[i], 0);
		f[i].p.k = 2;
		ck_assert_int_eq(fx_read(&f[i], x, &sx[i], NULL), LE_OK);
		if (i) {
			char *path = tu_write_tmp(".ini", yy);

			ck_assert_int_eq(scenario_read(path, &f[i].w, 1, &sy, &f[i].err), LE_OK);
			free(path);
		}
		scenario_travel_release(&f[i].t);
		scenario_travel_straight(&f[i].t, &f[i].w, &f[i].p);
		ck_assert_int_eq(scenario_eval(&b[i], &f[i].w, &f[i].t, NULL, SCENARIO_CAPACITY, &f[i].p,
					       NULL, &f[i].err), LE_OK);
		ck_assert_int_eq(scenario_eval(&r[i], &f[i].w, &f[i].t, &sx[i], SCENARIO_CAPACITY, &f[i].p,
					       &b[i], &f[i].err), LE_OK);
	}
	ck_assert_int_eq(f[1].w.n, 5);
	for (y = 0; y < 3; y++) {
		size_t nq = (size_t)r[0].nkeys;

		/* The region's four schools, every key, every KPI. */
		ck_assert(memcmp(&r[0].roll[(size_t)y * r[0].nschools], &r[1].roll[(size_t)y * r[1].nschools],
				 4 * sizeof(double)) == 0);
		ck_assert(memcmp(&b[0].roll[(size_t)y * b[0].nschools], &b[1].roll[(size_t)y * b[1].nschools],
				 4 * sizeof(double)) == 0);
		ck_assert(memcmp(&r[0].unplaced[y * nq], &r[1].unplaced[y * nq], nq * sizeof(double)) == 0);
		ck_assert(memcmp(&r[0].dist_m[y * nq], &r[1].dist_m[y * nq], nq * sizeof(double)) == 0);
		ck_assert(memcmp(&r[0].kpi[(size_t)y * SK_NKPIS], &r[1].kpi[(size_t)y * SK_NKPIS],
				 SK_NKPIS * sizeof(double)) == 0);
		ck_assert(memcmp(&b[0].kpi[(size_t)y * SK_NKPIS], &b[1].kpi[(size_t)y * SK_NKPIS],
				 SK_NKPIS * sizeof(double)) == 0);
	}
	/* By hand, 2024: A 50, B 70 + 90 = 160, nobody unplaced. */
	ck_assert_double_eq_tol(roll(&r[1], 1, 0), 50, TOL);
	ck_assert_double_eq_tol(roll(&r[1], 1, 1), 160, TOL);
	ck_assert_double_eq_tol(kpi(&r[1], 1, SK_UNPLACED), 0, TOL);
	for (i = 0; i < 2; i++) {
		scenario_result_release(&r[i]);
		scenario_result_release(&b[i]);
		scenario_release(&sx[i]);
		fx_release(&f[i]);
	}
	scenario_release(&sy);
}
END_TEST

START_TEST(test_merge_extend_reduce_refurbish)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;

	fx_init(&f, 0);
	/* phasing = all: the building closes and every stage moves in
	 * 2024 (phased: test_phasing_intake). */
	eval_text(&f, "[scenario]\nname = m\n"
		  "[merge]\nyear = 2024\nschools = C, B\nsite = C\nphasing = all\n"
		  "[extend]\nyear = 2025\nschool = C\nplaces = 50\n"
		  "[reduce]\nyear = 2025\nschool = A\nplaces = 20\n"
		  "[refurbish]\nyear = 2024\nschool = C\ncondition = B\ncost = 1000000\n",
		  SCENARIO_NEAREST, &sc, &b, &res);
	/* B's zone goes to the merged site C (not the nearer A); capacity
	 * = 200 + 200, then + 50. */
	ck_assert_double_eq_tol(roll(&res, 1, 2), 140, TOL);
	ck_assert_double_eq_tol(res.capacity[1 * res.nschools + 2], 400, TOL);
	ck_assert_double_eq_tol(res.capacity[2 * res.nschools + 2], 450, TOL);
	ck_assert_int_eq(res.status[2 * res.nschools + 2], SCENARIO_EXTENDED);
	ck_assert_double_eq_tol(res.capacity[2 * res.nschools + 0], 180, TOL);
	ck_assert_int_eq(res.status[2 * res.nschools + 0], SCENARIO_REDUCED);
	ck_assert_int_eq(res.condition[1 * res.nschools + 2], LE_GRADE_B);
	/* Capital: refurbishment 1,000,000 in 2024; extension 50 x 30,000 in
	 * 2025. */
	ck_assert_double_eq_tol(kpi(&res, 1, SK_CAPITAL_GBP), 1000000, TOL);
	ck_assert_double_eq_tol(kpi(&res, 2, SK_CAPITAL_GBP), 1500000, TOL);
	ck_assert_double_eq_tol(kpi(&res, 2, SK_CAPITAL_TO_DATE_GBP), 2500000, TOL);
	eval_done(&f, &sc, &b, &res);
}
END_TEST

START_TEST(test_new_catchment_housing)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;

	fx_init(&f, 0);
	eval_text(&f, "[scenario]\nname = n\n"
		  "[new]\nyear = 2024\nid = N\nname = New Primary\nsector = primary\nx = 4000\ny = 0\ncapacity = 100\n"
		  "[housing]\nyear = 2025\nzone = Z3\nunits = 100\ndwelling = house\n"
		  "[catchment]\nyear = 2025\nschool = B\nzones = Z1\nphasing = all\n",
		  SCENARIO_NEAREST, &sc, &b, &res);
	/* N (x 4000) is planned in 2023, open from 2024: nearest for none
	 * of Z0-Z3 (Z3 is 2 km from C's 0), so 0 pupils; its capital is
	 * 100 x 38,000 in 2024. */
	ck_assert_int_eq(res.status[0 * res.nschools + 4], SCENARIO_PLANNED);
	ck_assert_int_eq(res.status[1 * res.nschools + 4], SCENARIO_NEWLY_BUILT);
	ck_assert_double_eq_tol(kpi(&res, 1, SK_CAPITAL_GBP), 3800000, TOL);
	/* Housing: 100 houses x 0.25 primary pupils in Z3 from 2025 -> C. */
	ck_assert_double_eq_tol(roll(&res, 2, 2), 70 + 25, TOL);
	/* Catchment: Z1 pinned to B from 2025: A 70, B 140. */
	ck_assert_double_eq_tol(roll(&res, 2, 0), 70, TOL);
	ck_assert_double_eq_tol(roll(&res, 2, 1), 140, TOL);
	ck_assert_double_eq_tol(kpi(&res, 2, SK_MOVED), 70, TOL);
	eval_done(&f, &sc, &b, &res);
}
END_TEST

START_TEST(test_capacity)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;

	fx_init(&f, 0);
	/* A reduced to 100 places: of its 140 pupils (Z0 0 m, Z1 1000 m),
	 * the cheapest to move are Z1's (to B also 1000 m, cost 0 extra):
	 * A keeps Z0's 70 plus 30 of Z1, B gets 40 more. Least total travel
	 * is the same for any split of Z1, so check the totals. */
	eval_text(&f, "[scenario]\nname = cap\nallocation = capacity\n"
		  "[reduce]\nyear = 2024\nschool = A\nplaces = 100\n",
		  SCENARIO_NEAREST, &sc, &b, &res);
	ck_assert_int_eq(res.policy, SCENARIO_CAPACITY);
	ck_assert_double_eq_tol(roll(&res, 1, 0), 100, 1e-6);
	ck_assert_double_eq_tol(roll(&res, 1, 1), 110, 1e-6);
	ck_assert_double_eq_tol(kpi(&res, 1, SK_DIST_MEAN_M), kpi(&b, 1, SK_DIST_MEAN_M), 1e-6);
	ck_assert_double_eq_tol(kpi(&res, 1, SK_SHORTFALL), 0, 1e-6);
	scenario_result_release(&res);
	scenario_release(&sc);
	/* Everything full: A, B, C at 20 places each -> unplaced, counted. */
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = full\nallocation = capacity\n"
				 "[reduce]\nyear = 2023\nschool = A\nplaces = 180\n"
				 "[reduce]\nyear = 2023\nschool = B\nplaces = 180\n"
				 "[reduce]\nyear = 2023\nschool = C\nplaces = 180\n", &sc, NULL), LE_OK);
	ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, &sc, SCENARIO_NEAREST, &f.p, &b, &f.err), LE_OK);
	ck_assert_double_eq_tol(roll(&res, 0, 0) + roll(&res, 0, 1) + roll(&res, 0, 2), 60, 1e-6);
	ck_assert_double_eq_tol(kpi(&res, 0, SK_UNPLACED), 220, 1e-6);
	assert_conserved(&res);
	eval_done(&f, &sc, &b, &res);
}
END_TEST

/* Brute force of a tiny transportation problem: every split of each
 * source's supply over its arcs on a grid of 1/step, best cost. */
static double brute(int nsrc, const double *supply, int nsnk, const double *cap,
		    int narcs, const int *from, const int *to, const double *cost,
		    double ucost, int step)
{
	/* Enumerate units: supply is integer, assign each unit to an arc or
	 * unplaced, by DP over sources with a load vector: small enough for
	 * nsrc <= 3, supply <= 3, nsnk <= 3. */
	double best = INFINITY;
	int choice[16], units[16], n = 0, i, j;

	(void)step;
	for (i = 0; i < nsrc; i++)
		for (j = 0; j < (int)supply[i]; j++)
			units[n++] = i;
	for (i = 0; i < n; i++)
		choice[i] = -1;
	for (;;) {
		double load[8] = { 0 }, c = 0;
		int ok = 1;

		for (i = 0; i < n; i++) {
			if (choice[i] < 0) {
				c += ucost;
				continue;
			}
			if (from[choice[i]] != units[i]) {
				ok = 0;
				break;
			}
			load[to[choice[i]]] += 1;
			c += cost[choice[i]];
		}
		for (j = 0; ok && j < nsnk; j++)
			if (cap[j] >= 0 && load[j] > cap[j] + 1e-9)
				ok = 0;
		if (ok && c < best)
			best = c;
		/* Next combination: each unit in -1 .. narcs - 1. */
		for (i = 0; i < n; i++) {
			if (++choice[i] < narcs)
				break;
			choice[i] = -1;
		}
		if (i == n)
			break;
	}
	return best;
}

START_TEST(test_mincost_brute)
{
	unsigned seed = 12345;
	int trial;

	for (trial = 0; trial < 40; trial++) {
		int nsrc = 1 + (int)((seed = seed * 1103515245 + 12345) >> 16) % 3;
		int nsnk = 1 + (int)((seed = seed * 1103515245 + 12345) >> 16) % 3;
		double supply[3], cap[3], cost[9], flow[9], unpl[3], got = 0;
		int from[9], to[9], narcs = 0, i, j;
		struct le_err err;

		for (i = 0; i < nsrc; i++)
			supply[i] = 1 + (double)(((seed = seed * 1103515245 + 12345) >> 16) % 2);
		for (j = 0; j < nsnk; j++)
			cap[j] = (double)(((seed = seed * 1103515245 + 12345) >> 16) % 3);
		for (i = 0; i < nsrc; i++)
			for (j = 0; j < nsnk; j++)
				if (((seed = seed * 1103515245 + 12345) >> 16) % 4) {
					from[narcs] = i;
					to[narcs] = j;
					cost[narcs++] = 1 + (double)(((seed = seed * 1103515245 + 12345) >> 16) % 9);
				}
		le_err_clear(&err);
		ck_assert_int_eq(scenario_mincost(nsrc, supply, nsnk, cap, narcs, from, to, cost,
						  100, flow, unpl, &err), LE_OK);
		for (i = 0; i < narcs; i++)
			got += flow[i] * cost[i];
		for (i = 0; i < nsrc; i++) {
			double s = unpl[i];

			got += 100 * unpl[i];
			for (j = 0; j < narcs; j++)
				s += from[j] == i ? flow[j] : 0;
			ck_assert_double_eq_tol(s, supply[i], 1e-9);
		}
		/* Integer data: the LP optimum is integral, so brute force over
		 * whole pupils finds the same cost. */
		ck_assert_double_eq_tol(got, brute(nsrc, supply, nsnk, cap, narcs, from, to, cost, 100, 1), 1e-6);
	}
}
END_TEST

/* A small xorshift generator: the random cases are the same on every
 * run and machine. */
static double rnd(unsigned long long *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (double)(*s >> 11) / 9007199254740992.0;
}

/* Total cost of a flow, and checks that it is a flow: every source adds
 * up to its supply, no capped sink above its capacity. */
static double flow_cost(int nsrc, const double *supply, int nsnk, const double *cap,
			int narcs, const int *from, const int *to, const double *cost,
			double ucost, const double *flow, const double *unpl)
{
	double c = 0, *out = calloc((size_t)nsrc + 1, sizeof(double));
	double *in = calloc((size_t)nsnk + 1, sizeof(double));
	int i, j, a;

	for (a = 0; a < narcs; a++) {
		ck_assert(flow[a] >= 0);
		out[from[a]] += flow[a];
		in[to[a]] += flow[a];
		c += flow[a] * cost[a];
	}
	for (i = 0; i < nsrc; i++) {
		ck_assert(unpl[i] >= 0);
		ck_assert_double_eq_tol(out[i] + unpl[i], supply[i], 1e-9 * (1 + supply[i]));
		c += ucost * unpl[i];
	}
	for (j = 0; j < nsnk; j++)
		if (cap[j] >= 0)
			ck_assert(in[j] <= cap[j] + 1e-9 * (1 + cap[j]));
	free(out);
	free(in);
	return c;
}

/*
 * The flow against GLPK's LP optimum (an independent solver of the same
 * problem) on random cases with fractional supplies, capacities and
 * costs: 60 small (2-12 sources, 1-6 sinks) and 6 medium (400 sources,
 * 60 sinks, 8 candidates each, sinks tight so chains of displacements
 * and some unplaced pupils occur). Equal totals within 1e-6 relative.
 */
START_TEST(test_mincost_glpk)
{
	unsigned long long seed = 977;
	int trial;

	for (trial = 0; trial < 66; trial++) {
		int medium = trial >= 60;
		int nsrc = medium ? 400 : 2 + (int)(rnd(&seed) * 11);
		int nsnk = medium ? 60 : 1 + (int)(rnd(&seed) * 6);
		int kk = medium ? 8 : nsnk, narcs = 0, i, j, a;
		double *supply = malloc(sizeof(double) * (size_t)nsrc);
		double *cap = malloc(sizeof(double) * (size_t)nsnk);
		double *sx = malloc(sizeof(double) * (size_t)nsnk);
		double *cost = malloc(sizeof(double) * (size_t)(nsrc * kk));
		double *f1 = malloc(sizeof(double) * (size_t)(nsrc * kk));
		double *f2 = malloc(sizeof(double) * (size_t)(nsrc * kk));
		double *u1 = malloc(sizeof(double) * (size_t)nsrc);
		double *u2 = malloc(sizeof(double) * (size_t)nsrc);
		int *from = malloc(sizeof(int) * (size_t)(nsrc * kk));
		int *to = malloc(sizeof(int) * (size_t)(nsrc * kk));
		double tot = 0, c1, c2, ucost = 1e5;
		struct le_err err;

		for (i = 0; i < nsrc; i++) {
			supply[i] = rnd(&seed) * 40;
			tot += supply[i];
		}
		/* Sinks on a line, sources between: cost = distance, so the
		 * candidates are the nearest, as in the allocation. About
		 * one sink in four is uncapped in small cases. */
		for (j = 0; j < nsnk; j++) {
			sx[j] = rnd(&seed) * 10000;
			cap[j] = !medium && rnd(&seed) < 0.25 ? -1 :
				 rnd(&seed) * 2.2 * tot / nsnk;
		}
		for (i = 0; i < nsrc; i++) {
			double x = rnd(&seed) * 10000;

			for (j = 0; j < nsnk; j++) {
				/* Small: random subsets; medium: every sink
				 * within reach of a window of kk. */
				int jj = medium ? (int)((x / 10000 * (nsnk - kk)) + j) : j;

				if (medium && j >= kk)
					break;
				if (!medium && rnd(&seed) < 0.3)
					continue;
				from[narcs] = i;
				to[narcs] = jj;
				cost[narcs++] = fabs(x - sx[jj]) + rnd(&seed);
			}
		}
		le_err_clear(&err);
		ck_assert_int_eq(scenario_mincost(nsrc, supply, nsnk, cap, narcs, from, to, cost,
						  ucost, f1, u1, &err), LE_OK);
		ck_assert_int_eq(scenario_mincost_lp(nsrc, supply, nsnk, cap, narcs, from, to, cost,
						     ucost, f2, u2, &err), LE_OK);
		c1 = flow_cost(nsrc, supply, nsnk, cap, narcs, from, to, cost, ucost, f1, u1);
		c2 = flow_cost(nsrc, supply, nsnk, cap, narcs, from, to, cost, ucost, f2, u2);
		ck_assert_msg(fabs(c1 - c2) <= 1e-6 * fabs(c2) + 1e-9,
			      "trial %d: flow %.9f, GLPK %.9f", trial, c1, c2);
		/* Same input, same bytes. */
		memcpy(f2, f1, sizeof(double) * (size_t)narcs);
		ck_assert_int_eq(scenario_mincost(nsrc, supply, nsnk, cap, narcs, from, to, cost,
						  ucost, f1, u1, &err), LE_OK);
		ck_assert(memcmp(f1, f2, sizeof(double) * (size_t)narcs) == 0);
		(void)a;
		free(supply);
		free(cap);
		free(sx);
		free(cost);
		free(f1);
		free(f2);
		free(u1);
		free(u2);
		free(from);
		free(to);
	}
}
END_TEST

/*
 * A sink with no places (a held school whose projected roll fills it,
 * eval.c) that every source reaches first: the flow must move all of its
 * start load out. The supplies 0.1, 0.2, 0.3 do not cancel in floating
 * point (0.1 + 0.2 + 0.3 - 0.1 - 0.2 - 0.3 = 5.6e-17), and the sink's
 * load was kept by additions alone, so 5.6e-17 of "excess" with no flow
 * left to send stopped the Edinburgh capacity allocation with "no
 * augmenting path" once held rolls applied under it (issue 14, kcand
 * item 3). Expected by hand: every pupil to sink 1 (cost 2), none
 * unplaced, sink 0 empty.
 */
START_TEST(test_mincost_full_sink)
{
	double supply[3] = { 0.1, 0.2, 0.3 }, cap[2] = { 0, -1 };
	int from[6] = { 0, 0, 1, 1, 2, 2 }, to[6] = { 0, 1, 0, 1, 0, 1 };
	double cost[6] = { 1, 2, 1, 2, 1, 2 }, flow[6], unpl[3];
	struct le_err err;
	int i;

	le_err_clear(&err);
	ck_assert_msg(scenario_mincost(3, supply, 2, cap, 6, from, to, cost, 1e7, flow, unpl,
				       &err) == LE_OK, "%s", err.msg);
	for (i = 0; i < 3; i++) {
		ck_assert(flow[2 * i] == 0);
		ck_assert(flow[2 * i + 1] == supply[i]);
		ck_assert(unpl[i] == 0);
	}
}
END_TEST

/*
 * A region shaped like the bench (scen_bench.c), smaller: nz zones and ns
 * schools uniform over a square, one school in six RC, capacities 1.15 x
 * the nearest allocation's roll and tight_pct % of it for one school in
 * six. Held schools (no zone's nearest) keep a roll the allocation
 * cannot move, so they get room for it: what is tested is the flow.
 */
static void fx_init_random(struct fx *f, int nz, int ns, double tight, double loose)
{
	struct model_params mp;
	unsigned long long seed = 4242;
	char id[32];
	int z, a, k, i;

	region_init(&f->r, "EPSG:27700");
	for (z = 0; z < nz; z++) {
		snprintf(id, sizeof(id), "Z%d", z);
		i = region_add_zone(&f->r, id);
		f->r.zones[i].px = rnd(&seed) * 40000;
		f->r.zones[i].py = rnd(&seed) * 40000;
		f->r.zones[i].has_geom = f->r.zones[i].has_pop = 1;
	}
	region_pop_grow(&f->r);
	f->r.pop_year = 2023;
	for (z = 0; z < nz; z++)
		for (a = 0; a < 20; a++)
			f->r.pop[(size_t)z * LE_NAGES + a] = 5 + 10 * rnd(&seed);
	for (k = 0; k < ns; k++) {
		struct school *sc;

		snprintf(id, sizeof(id), "S%d", k);
		i = region_add_school(&f->r, id);
		sc = &f->r.schools[i];
		sc->name = xstrdup(id);
		sc->denom_text = xstrdup("nd");
		sc->sector = k < ns * 4 / 5 ? LE_PRIMARY : LE_SECONDARY;
		sc->stages = k < ns * 4 / 5 ? TU_PRIMARY : TU_SECONDARY;
		sc->denom = k % 6 == 0 ? LE_RC : LE_NONDENOM;
		sc->x = rnd(&seed) * 40000;
		sc->y = rnd(&seed) * 40000;
		sc->roll = k < ns * 4 / 5 ? 150 : 700;
		sc->capacity = -1;
	}
	model_params_default(&mp);
	model_init_params(&f->m, &f->r, &mp, 2023, fx_horizon);
	model_params_release(&mp);
	scenario_params_default(&f->p);
	le_diags_init(&f->d);
	le_err_clear(&f->err);
	ck_assert_int_eq(scenario_world_init(&f->w, &f->r, &f->m, NULL, &f->err), LE_OK);
	scenario_travel_straight(&f->t, &f->w, &f->p);
	scenario_model_nearest(&f->m, &f->w, &f->t);
	ck_assert_int_eq(model_run(&f->m, &f->d, &f->err), LE_OK);
	for (k = 0; k < ns; k++) {
		double held = 0;
		int y;

		for (y = 0; f->m.source[k] != MODEL_SRC_DEMAND && y < f->m.nyears; y++)
			if (f->m.total[(size_t)y * f->m.nschools + k] > held)
				held = f->m.total[(size_t)y * f->m.nschools + k];
		f->w.s[k].capacity = f->m.total[k] * (k % 6 == 3 ? tight : loose) + 1;
		if (f->w.s[k].capacity < held + 1)
			f->w.s[k].capacity = held + 1;
	}
}

/* Conservation where some schools hold their roll (no zone's nearest):
 * placed + unplaced = demand + the held rolls. */
static void assert_conserved_held(const struct fx *f, const struct scenario_result *res)
{
	int y, k, q;

	for (y = 0; y < res->nyears; y++) {
		double placed = 0, dem = 0, unpl = res->held_unplaced[y];

		for (k = 0; k < res->nschools; k++) {
			placed += roll(res, y, k);
			if (f->m.source[k] != MODEL_SRC_DEMAND)
				dem += f->m.total[(size_t)y * f->m.nschools + k];
		}
		for (q = 0; q < res->nkeys; q++) {
			dem += res->pupils[(size_t)y * res->nkeys + q];
			unpl += res->unplaced[(size_t)y * res->nkeys + q];
		}
		ck_assert_double_eq_tol(placed + unpl, dem, 1e-6);
	}
}

/* No school over capacity; a key has unplaced pupils only when every
 * one of its candidates is full. */
static void assert_capacity_kept(const struct fx *f, const struct scenario_result *res)
{
	int y, k, q, i;

	for (y = 0; y < res->nyears; y++) {
		size_t ks = (size_t)y * res->nschools, kq = (size_t)y * res->nkeys;

		for (k = 0; k < res->nschools; k++)
			if (res->capacity[ks + k] >= 0)
				ck_assert_msg(res->roll[ks + k] <= res->capacity[ks + k] + 1e-6,
					      "year %d school %d: roll %.9f > capacity %.9f", y, k,
					      res->roll[ks + k], res->capacity[ks + k]);
		ck_assert(res->kpi[(size_t)y * SK_NKPIS + SK_OVER_CAPACITY] == 0);
		for (q = 0; q < res->nkeys; q++) {
			if (res->unplaced[kq + q] <= 0)
				continue;
			for (i = 0; i < f->t.n[q]; i++) {
				k = f->t.c[(size_t)q * f->t.k + i].school;
				ck_assert_msg(res->roll[ks + k] >= res->capacity[ks + k] - 1e-6,
					      "year %d key %d unplaced %.6f but school %d has %.6f places",
					      y, q, res->unplaced[kq + q], k,
					      res->capacity[ks + k] - res->roll[ks + k]);
			}
		}
	}
}

START_TEST(test_capacity_tight)
{
	struct fx f;
	struct scenario_result res, res2;
	double unpl = 0;
	int y;

	/* Bench-shaped: one school in six at 75 % of its roll, the rest
	 * with 15 % room: nobody unplaced, nobody over. */
	fx_init_random(&f, 700, 250, 0.75, 1.15);
	ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, NULL, SCENARIO_CAPACITY, &f.p, NULL, &f.err), LE_OK);
	assert_conserved_held(&f, &res);
	assert_capacity_kept(&f, &res);
	for (y = 0; y < res.nyears; y++)
		ck_assert(kpi(&res, y, SK_UNPLACED) == 0);
	/* The nearest policy on the same region does overfill (so the
	 * capacity step had work to do). */
	ck_assert_int_eq(scenario_eval(&res2, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert(kpi(&res2, 0, SK_OVER_CAPACITY) > 10);
	scenario_result_release(&res2);
	scenario_result_release(&res);
	fx_release(&f);
	/* Short of places everywhere (tight 40 %, the rest 95 %): pupils
	 * unplaced, but only where all 8 candidates are full. */
	fx_init_random(&f, 700, 250, 0.40, 0.95);
	ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, NULL, SCENARIO_CAPACITY, &f.p, NULL, &f.err), LE_OK);
	assert_conserved_held(&f, &res);
	assert_capacity_kept(&f, &res);
	for (y = 0; y < res.nyears; y++)
		unpl += kpi(&res, y, SK_UNPLACED);
	ck_assert(unpl > 0);
	scenario_result_release(&res);
	fx_release(&f);
}
END_TEST

/* Broken files: the exact message, nothing added to the world. */
static void expect_bad(const char *text, int code, const char *msg_fmt, int line)
{
	struct fx f;
	struct scenario sc;
	char *path, want[800];
	int n0;

	fx_init(&f, 0);
	n0 = f.w.n;
	ck_assert_int_eq(fx_read(&f, text, &sc, &path), code);
	snprintf(want, sizeof(want), msg_fmt, path, line);
	ck_assert_str_eq(f.err.msg, want);
	ck_assert_int_eq(f.w.n, n0);
	ck_assert_int_eq(sc.n, 0);
	free(path);
	fx_release(&f);
}

/*
 * A school by id or by name (scenario_school_find): A is named "Lorne
 * Primary School", B and C share a name (with odd case and spacing), H
 * is "St Mary's Academy".
 */
static void named_world(struct fx *f)
{
	fx_init(f, 0);
	f->w.s[0].name = "Lorne Primary School";
	f->w.s[1].name = "St Mary's RC Primary School";
	f->w.s[2].name = "St  Mary's rc primary school ";
	f->w.s[3].name = "St Mary's Academy";
}

static int find(struct fx *f, const char *ref, struct buf *why)
{
	buf_reset(why);
	return scenario_school_find(&f->w, 0, ref, why);
}

START_TEST(test_school_find)
{
	struct fx f;
	struct buf why;

	named_world(&f);
	buf_init(&why);
	/* An id, exactly. */
	ck_assert_int_eq(find(&f, "C", &why), 2);
	ck_assert_int_eq(find(&f, "H", &why), 3);
	/* A unique name, any case and spacing. */
	ck_assert_int_eq(find(&f, "  lorne   PRIMARY school", &why), 0);
	ck_assert_int_eq(find(&f, "st mary's academy", &why), 3);
	/* Two schools of one name: both listed, none taken. */
	ck_assert_int_eq(find(&f, "St Mary's RC Primary School", &why), -1);
	ck_assert_str_eq(why.s, "school name 'St Mary's RC Primary School' is ambiguous: it names "
			 "B St Mary's RC Primary School, C St  Mary's rc primary school  (write the id)");
	/* Unknown: the closest, by edit distance from the start of the
	 * name ("lorn primary" is 1 from "lorne primary ..."). */
	ck_assert_int_eq(find(&f, "Lorn Primary", &why), -1);
	ck_assert_str_eq(why.s, "unknown school 'Lorn Primary': did you mean A Lorne Primary School?");
	/* "st marys" is 1 edit from the start of three names: the one
	 * closest as a whole first (the academy), then by index. */
	ck_assert_int_eq(find(&f, "St Marys", &why), -1);
	ck_assert_str_eq(why.s, "unknown school 'St Marys': did you mean H St Mary's Academy, "
			 "B St Mary's RC Primary School or C St  Mary's rc primary school ?");
	/* Four at one edit (every one-letter id): three named, in index
	 * order. */
	ck_assert_int_eq(find(&f, "Q", &why), -1);
	ck_assert_str_eq(why.s, "unknown school 'Q': did you mean A Lorne Primary School, "
			 "B St Mary's RC Primary School or C St  Mary's rc primary school ?");
	ck_assert_int_eq(find(&f, "Morningside", &why), -1);
	ck_assert_str_eq(why.s, "unknown school 'Morningside' (not an id or a name of the study's schools)");
	buf_release(&why);
	fx_release(&f);
}
END_TEST

/* Every school key takes a name: close by name, merge by names with
 * the site by id; the error of a misspelt one comes with its line. */
START_TEST(test_school_names_in_keys)
{
	struct fx f;
	struct scenario sc;
	char *path, want[400];

	named_world(&f);
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = x\n[close]\nyear = 2024\nschool = lorne primary school\n"
				 "[refurbish]\nyear = 2024\nschool = St Mary's Academy\ncondition = A\n",
				 &sc, NULL), LE_OK);
	ck_assert_int_eq(sc.v[0].school, 0);
	ck_assert_int_eq(sc.v[1].school, 3);
	scenario_release(&sc);
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = x\n[merge]\nyear = 2024\nschools = Lorne Primary School, B\nsite = B\n",
				 &sc, NULL), LE_OK);
	ck_assert_int_eq(sc.v[0].school, 1);
	ck_assert_int_eq(sc.v[0].schools[0], 0);
	scenario_release(&sc);
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = x\n[extend]\nyear = 2024\nschool = Lorn Primary\nplaces = 5\n",
				 &sc, &path), LE_EDATA);
	snprintf(want, sizeof(want), "%s:5: [extend] unknown school 'Lorn Primary': did you mean A Lorne Primary School?", path);
	ck_assert_str_eq(f.err.msg, want);
	free(path);
	fx_release(&f);
}
END_TEST

/* Write name (in dir) with text; returns the path (malloc'd). */
static char *put(const char *dir, const char *name, const char *text)
{
	char *path = le_path_join(dir, name);
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

/* Read dir/name as a programme; on failure, the message must be want
 * with every "@" replaced by dir, and the world must be as it was. */
static void expect_prog(struct fx *f, const char *dir, const char *name, const char *want)
{
	struct scenario sc;
	char *path = le_path_join(dir, name), msg[1200];
	const char *c;
	size_t n = 0;
	int n0 = f->w.n;

	for (c = want; *c && n + strlen(dir) + 2 < sizeof(msg); c++) {
		if (*c == '@') {
			memcpy(msg + n, dir, strlen(dir));
			n += strlen(dir);
		} else {
			msg[n++] = *c;
		}
	}
	msg[n] = '\0';
	le_err_clear(&f->err);
	ck_assert_int_ne(scenario_read(path, &f->w, 0, &sc, &f->err), LE_OK);
	ck_assert_str_eq(f->err.msg, msg);
	ck_assert_int_eq(sc.n, 0);
	ck_assert_int_eq(f->w.n, n0);
	free(path);
}

/*
 * Programmes: [scenario] include = a, b reads the projects' changes into
 * one scenario, each keeping its file and line; conflicts between
 * projects, cycles and double includes are refused naming both places.
 */
START_TEST(test_include)
{
	struct fx f;
	struct scenario sc;
	char *dir = tu_tmpdir(), *pa, *pb, *pp;
	static const char *const newsch =
		"[new]\nyear = 2024\nid = N\nsector = primary\nx = 500\ny = 0\ncapacity = 100\n";
	char text[400];

	fx_init(&f, 0);
	pa = put(dir, "a.ini", "[scenario]\nname = a\n[close]\nyear = 2024\nschool = B\n");
	pb = put(dir, "b.ini", "[scenario]\nname = b\nallocation = capacity\n\n[extend]\nyear = 2025\nschool = C\nplaces = 50\n");
	pp = put(dir, "prog.ini", "[refurbish]\nyear = 2024\nschool = A\ncondition = A\n"
		 "[scenario]\nname = prog\ndescription = a and b\ninclude = a, b.ini\n");
	le_err_clear(&f.err);
	ck_assert_int_eq(scenario_read(pp, &f.w, 0, &sc, &f.err), LE_OK);
	/* The projects' changes first, in include order, then its own. */
	ck_assert_int_eq(sc.n, 3);
	ck_assert_str_eq(sc.name, "prog");
	ck_assert_str_eq(sc.description, "a and b");
	/* An included project's allocation is its own, not the programme's. */
	ck_assert_int_eq(sc.policy, -1);
	ck_assert_int_eq(sc.v[0].kind, SCENARIO_CLOSE);
	ck_assert_str_eq(sc.v[0].path, pa);
	ck_assert_int_eq(sc.v[0].line, 3);
	ck_assert_int_eq(sc.v[1].kind, SCENARIO_EXTEND);
	ck_assert_str_eq(sc.v[1].path, pb);
	ck_assert_int_eq(sc.v[1].line, 5);
	ck_assert_int_eq(sc.v[2].kind, SCENARIO_REFURBISH);
	ck_assert_str_eq(sc.v[2].path, pp);
	ck_assert_int_eq(sc.v[2].line, 1);
	scenario_release(&sc);
	free(pp);

	/* A school one project closes and another changes, in any year. */
	free(put(dir, "c.ini", "[scenario]\nname = c\n[extend]\nyear = 2023\nschool = B\nplaces = 10\n"));
	free(put(dir, "p1.ini", "[scenario]\nname = p1\ninclude = a, c\n"));
	expect_prog(&f, dir, "p1.ini", "@/c.ini:3: [extend] school 'B' is closed by @/a.ini:3 ([close]), "
		    "another project of the programme: the two cannot both apply");
	/* Closed twice, by two projects (or a project and the programme). */
	free(put(dir, "p2.ini", "[scenario]\nname = p2\ninclude = a\n[close]\nyear = 2025\nschool = b\n"));
	expect_prog(&f, dir, "p2.ini", "@/p2.ini:4: [close] school 'B' is closed by @/a.ini:3 ([close]), "
		    "another project of the programme: the two cannot both apply");
	/* Merged away by one, extended by the other. */
	free(put(dir, "m.ini", "[scenario]\nname = m\n[merge]\nyear = 2025\nschools = A, C\n"));
	free(put(dir, "p3.ini", "[scenario]\nname = p3\ninclude = m, b\n"));
	expect_prog(&f, dir, "p3.ini", "@/b.ini:5: [extend] school 'C' is closed by @/m.ini:3 ([merge]), "
		    "another project of the programme: the two cannot both apply");
	/* Two new schools of one id, the second's error naming the first. */
	snprintf(text, sizeof(text), "[scenario]\nname = n1\n%s", newsch);
	free(put(dir, "n1.ini", text));
	snprintf(text, sizeof(text), "[scenario]\nname = n2\n%s", newsch);
	free(put(dir, "n2.ini", text));
	free(put(dir, "p4.ini", "[scenario]\nname = p4\ninclude = n1, n2\n"));
	expect_prog(&f, dir, "p4.ini", "@/n2.ini:5: [new] school id 'N' is already taken by the new school of @/n1.ini:3");
	/* One housing site in two projects: its homes would count twice;
	 * unnamed sections (id = the section name) are not compared. */
	free(put(dir, "h1.ini", "[scenario]\nname = h1\n[housing]\nid = quay\nyear = 2024\nzone = Z1\nunits = 10\n"
		 "[housing]\nyear = 2024\nzone = Z1\nunits = 5\n"));
	free(put(dir, "h2.ini", "[scenario]\nname = h2\n[housing]\nyear = 2024\nzone = Z1\nunits = 5\n"
		 "[housing]\nid = quay\nyear = 2025\nzone = Z1\nunits = 10\n"));
	free(put(dir, "p9.ini", "[scenario]\nname = p9\ninclude = h1, h2\n"));
	expect_prog(&f, dir, "p9.ini", "@/h2.ini:7: [housing] site 'quay' is also added by @/h1.ini:3, "
		    "another project of the programme: its homes would count twice");
	/* A cycle, shown whole; nested includes otherwise work. */
	free(put(dir, "x.ini", "[scenario]\nname = x\ninclude = y\n"));
	free(put(dir, "y.ini", "[scenario]\nname = y\ninclude = z\n"));
	free(put(dir, "z.ini", "[scenario]\nname = z\ninclude = x\n"));
	expect_prog(&f, dir, "x.ini", "@/z.ini:3: [scenario] include: a cycle: @/x.ini includes @/y.ini includes @/z.ini includes @/x.ini");
	free(put(dir, "q.ini", "[scenario]\nname = q\ninclude = a\n"));
	free(put(dir, "p5.ini", "[scenario]\nname = p5\ninclude = q, b\n"));
	le_err_clear(&f.err);
	pp = le_path_join(dir, "p5.ini");
	ck_assert_int_eq(scenario_read(pp, &f.w, 0, &sc, &f.err), LE_OK);
	ck_assert_int_eq(sc.n, 2);
	ck_assert_str_eq(sc.v[0].path, pa);
	ck_assert_str_eq(sc.v[1].path, pb);
	scenario_release(&sc);
	free(pp);
	/* One project twice (directly and through another). */
	free(put(dir, "p6.ini", "[scenario]\nname = p6\ninclude = q, a\n"));
	expect_prog(&f, dir, "p6.ini", "@/p6.ini:3: [scenario] include: 'a' is already included by @/q.ini:3 (its changes would count twice)");
	free(put(dir, "p7.ini", "[scenario]\nname = p7\ninclude = nosuch\n"));
	expect_prog(&f, dir, "p7.ini", "@/p7.ini:3: [scenario] include: no scenario file 'nosuch' (looked for @/nosuch.ini, "
		    "and for a [scenario] of that name in @)");
	/* By the scenario's name when no file has it (m.ini is named m,
	 * b.ini b: "mm" is only a name, in one file, then in two). */
	free(put(dir, "merge-ac-file.ini", "[scenario]\nname = merge-ac\n[merge]\nyear = 2025\nschools = A, C\n"));
	free(put(dir, "p10.ini", "[scenario]\nname = p10\ninclude = merge-ac\n"));
	le_err_clear(&f.err);
	pp = le_path_join(dir, "p10.ini");
	ck_assert_int_eq(scenario_read(pp, &f.w, 0, &sc, &f.err), LE_OK);
	ck_assert_int_eq(sc.n, 1);
	ck_assert_str_eq(le_basename(sc.v[0].path), "merge-ac-file.ini");
	scenario_release(&sc);
	free(pp);
	free(put(dir, "merge-ac-copy.ini", "[scenario]\nname = merge-ac\n[merge]\nyear = 2025\nschools = A, C\n"));
	expect_prog(&f, dir, "p10.ini", "@/p10.ini:3: [scenario] include: 'merge-ac' is the name of more than one scenario "
		    "(@/merge-ac-copy.ini and @/merge-ac-file.ini): name the file");
	/* An error inside a project is at its own file and line. */
	free(put(dir, "bad.ini", "[scenario]\nname = bad\n[close]\nyear = 2024\nschool = Quarry Hill\n"));
	free(put(dir, "p8.ini", "[scenario]\nname = p8\ninclude = n1, bad\n"));
	expect_prog(&f, dir, "p8.ini", "@/bad.ini:5: [close] unknown school 'Quarry Hill' (not an id or a name of the study's schools)");
	free(pa);
	free(pb);
	free(dir);
	fx_release(&f);
}
END_TEST

START_TEST(test_bad_files)
{
	expect_bad("[scenario]\nname = x\n[close]\nyear = 2024\nschool = Quarry Hill\n", LE_EDATA,
		   "%s:%d: [close] unknown school 'Quarry Hill' (not an id or a name of the study's schools)", 5);
	expect_bad("[scenario]\nname = x\n[catchment]\nyear = 2024\nschool = A\nzones = Z1, Z9\n", LE_EDATA,
		   "%s:%d: [catchment] unknown zone 'Z9'", 6);
	expect_bad("[scenario]\nname = x\n[close]\nyear = 2020\nschool = A\n", LE_EDATA,
		   "%s:%d: [close] year 2020 is before the base year 2023", 4);
	expect_bad("[scenario]\nname = x\n[close]\nyear = 2025\nschool = A\n[close]\nyear = 2024\nschool = A\n",
		   LE_EDATA, "%s:%d: [close] school 'A' is already closed by the change on line 6", 3);
	expect_bad("[scenario]\nname = x\n[new]\nyear = 2024\nid = N\nsector = primary\nx = 1\ny = 2\ncapacity = -5\n",
		   LE_EDATA, "%s:%d: [new] capacity cannot be below zero, got '-5'", 9);
	expect_bad("[scenario]\nname = x\n[reduce]\nyear = 2024\nschool = A\nplaces = 250\n", LE_EDATA,
		   "%s:%d: [reduce] capacity of school 'A' would fall below zero (200 places left, 250 removed)", 3);
	expect_bad("[scenario]\nname = x\n[demolish]\nyear = 2024\n", LE_EPARSE,
		   "%s:%d: unknown section '[demolish]' (expected scenario, close, merge, new, extend, reduce, catchment, refurbish, housing, housing_trajectory, model or costs)", 3);
	expect_bad("[scenario]\nname = x\n[close]\nschool = A\n", LE_EPARSE,
		   "%s:%d: [close] needs 'year = ...'", 3);
	expect_bad("[scenario]\nname = x\n[extend]\nyear = 2024\nschool = A\nseats = 3\n", LE_EPARSE,
		   "%s:%d: [extend] unknown key 'seats' (expected year, school, places, cost, land_cost, demolition_cost, decant_cost)", 6);
	expect_bad("[scenario]\nname = x\n[catchment]\nyear = 2024\nschool = A\nzones = Z1\nphasing = gradual\n", LE_EPARSE,
		   "%s:%d: [catchment] phasing must be intake (new P1/S1 intakes from the year, the other stages year by year) "
		   "or all (every stage in the year), got 'gradual'", 7);
	expect_bad("[scenario]\nname = x\n[catchment]\nyear = 2024\nschool = A\nzones = Z1\nstream = welsh\n", LE_EPARSE,
		   "%s:%d: [catchment] stream must be nd (non-denominational), rc (Roman Catholic) or gaelic (Gaelic-medium), "
		   "got 'welsh'", 7);
	expect_bad("[scenario]\nname = x\n[catchment]\nyear = 2024\nschool = A\nstream = rc\nzones = Z1\n", LE_EDATA,
		   "%s:%d: [catchment] school 'A' has no Roman Catholic stream", 6);
	expect_bad("[scenario]\nname = x\n[close]\nyear = 2024\nschool = A\nstream = nd\n", LE_EPARSE,
		   "%s:%d: [close] unknown key 'stream' (expected year, school, land_cost, demolition_cost, decant_cost)", 6);
	expect_bad("[scenario]\nname = x\n[merge]\nyear = 2024\nphasing = All\nschools = A, B\n", LE_EPARSE,
		   "%s:%d: [merge] phasing must be intake (new P1/S1 intakes from the year, the other stages year by year) "
		   "or all (every stage in the year), got 'All'", 5);
	expect_bad("[scenario]\nname = x\n[close]\nyear = 2024\nschool = A\nphasing = intake\n", LE_EPARSE,
		   "%s:%d: [close] unknown key 'phasing' (expected year, school, land_cost, demolition_cost, decant_cost)", 6);
	expect_bad("[scenario]\nname = x\n[close]\nyear = 2024\nschool = A\n[extend]\nyear = 2025\nschool = A\nplaces = 5\n",
		   LE_EDATA, "%s:%d: [extend] school 'A' is already closed by the change on line 3", 6);
}
END_TEST

/* A new school outside the region: needs polygons, so a region with a
 * zone square and a geo context. */
START_TEST(test_bad_outside)
{
	struct fx f;
	struct scenario sc;
	struct geo_ctx *g;
	char *path, want[600];

	fx_init(&f, 0);
	scenario_world_release(&f.w);
	le_geom_begin(&f.r.zones[0].geom, LE_GEOM_POLYGON);
	le_geom_poly(&f.r.zones[0].geom);
	le_geom_part(&f.r.zones[0].geom);
	le_geom_point(&f.r.zones[0].geom, -500, -500);
	le_geom_point(&f.r.zones[0].geom, 7000, -500);
	le_geom_point(&f.r.zones[0].geom, 7000, 500);
	le_geom_point(&f.r.zones[0].geom, -500, 500);
	le_geom_point(&f.r.zones[0].geom, -500, -500);
	le_geom_finish(&f.r.zones[0].geom);
	g = geo_ctx_new(&f.err);
	ck_assert_ptr_nonnull(g);
	ck_assert_int_eq(scenario_world_init(&f.w, &f.r, &f.m, g, &f.err), LE_OK);
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = x\n[new]\nyear = 2024\nid = N\nsector = primary\nx = 100\ny = 0\ncapacity = 5\n",
				 &sc, NULL), LE_OK);
	scenario_release(&sc);
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = x\n[new]\nyear = 2024\nid = N2\nsector = primary\nx = 9000\ny = 0\ncapacity = 5\n",
				 &sc, &path), LE_EGEO);
	snprintf(want, sizeof(want), "%s:7: [new] school 'N2' at (9000, 0) is outside the region (in no zone and no council boundary)", path);
	ck_assert_str_eq(f.err.msg, want);
	free(path);
	/* The world's indices belong to the context: release them first. */
	fx_release(&f);
	geo_ctx_free(g);
}
END_TEST

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct buf b;
	char chunk[4096];
	size_t n;

	buf_init(&b);
	ck_assert_ptr_nonnull(fp);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	char *out;

	fclose(fp);
	out = buf_detach(&b);
	buf_release(&b);   /* detach leaves a fresh empty buffer */
	return out;
}

START_TEST(test_identical_reruns)
{
	static const char *const files[] = { "cap/schools.csv", "cap/zones.csv", "cap/kpis.csv", "comparison.csv" };
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	char *dir[2];
	int run, i;

	fx_init(&f, 0);
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = cap\nallocation = capacity\n[reduce]\nyear = 2024\nschool = A\nplaces = 100\n", &sc, NULL), LE_OK);
	for (run = 0; run < 2; run++) {
		struct scenario_result *all[2];
		int years[2] = { 2023, 2025 };

		dir[run] = tu_tmpdir();
		ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
		ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, &sc, SCENARIO_NEAREST, &f.p, &b, &f.err), LE_OK);
		all[0] = &b;
		all[1] = &res;
		ck_assert_int_eq(scenario_write(&res, &f.w, dir[run], &f.err), LE_OK);
		ck_assert_int_eq(scenario_write_comparison(all, 2, years, 2, dir[run], &f.err), LE_OK);
		scenario_result_release(&res);
		scenario_result_release(&b);
	}
	for (i = 0; i < 4; i++) {
		char *p0 = le_path_join(dir[0], files[i]), *p1 = le_path_join(dir[1], files[i]);
		char *a = slurp(p0), *c = slurp(p1);

		ck_assert_str_eq(a, c);
		ck_assert(strlen(a) > 50);
		free(a);
		free(c);
		free(p0);
		free(p1);
	}
	free(dir[0]);
	free(dir[1]);
	scenario_release(&sc);
	fx_release(&f);
}
END_TEST

/* Do two files hold the same bytes (GeoPackages hold NULs, so not as
 * strings)? */
static int same_file(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int ca = 0, cb = 0, same = fa && fb;

	while (same && ca != EOF) {
		ca = fgetc(fa);
		cb = fgetc(fb);
		same = ca == cb;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

/* A square of side 1000 m around (x, 0): the zones of the line region
 * side by side (Z0..Z2 touch, Z3 stands alone). */
static void square(struct le_geom *gm, double x)
{
	le_geom_begin(gm, LE_GEOM_POLYGON);
	le_geom_poly(gm);
	le_geom_part(gm);
	le_geom_point(gm, x - 500, -500);
	le_geom_point(gm, x + 500, -500);
	le_geom_point(gm, x + 500, 500);
	le_geom_point(gm, x - 500, 500);
	le_geom_point(gm, x - 500, -500);
	le_geom_finish(gm);
}

/*
 * The map layers of a closure: B closes in 2024, so in the horizon A
 * serves Z0-Z2 and C Z3. The catchments together cover exactly the zones
 * with primary pupils placed (area of their union = sum of those zones'
 * areas, 1e-6 relative), B is "closed" without places, the closure is
 * one change point at B, and every desire line carries pupils. Then the
 * writers run on the layers (GeoPackage, GeoJSON, page) twice: the same
 * bytes.
 */
START_TEST(test_maps_closure)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	struct scenario_result *all[2];
	struct report_layer L[SCENARIO_NLAYERS];
	struct geo_ctx *g;
	struct le_geom u;
	int years[2] = { 2023, 2025 }, z, i, fs, fst, fcap, fp;
	double zones_area = 0, cover;
	char *dir[2];
	/* The board paper's inputs: the study's words and one calibration
	 * warning of the run. */
	static char *attr[] = { "Roads: test data & more", "Zones: made up" };
	struct study st;
	struct le_diags cal;
	const struct le_diags *lists[1] = { &cal };
	struct scenario_paper paper = { "t", &st, NULL, lists, 1, NULL };

	memset(&st, 0, sizeof(st));
	st.name = "Line study";
	st.recommendation = "Close B <now>.";
	st.illustrative = "the rolls are invented";
	st.attribution = attr;
	st.nattribution = 2;
	le_diags_init(&cal);
	le_diag_add(&cal, LE_WARNING, "calibration", "school 'A': factor 3.00");
	le_diag_add(&cal, LE_WARNING, "join", "not a calibration warning");
	fx_init(&f, 0);
	paper.p = &f.p;
	for (z = 0; z < f.r.nzones; z++)
		square(&f.r.zones[z].geom, f.r.zones[z].px);
	g = geo_ctx_new(&f.err);
	ck_assert_ptr_nonnull(g);
	eval_text(&f, "[scenario]\nname = close-b\n[close]\nyear = 2024\nschool = B\n",
		  SCENARIO_NEAREST, &sc, &b, &res);
	ck_assert_int_eq(scenario_layers(&res, &f.w, years, 2, g, L, &f.err), LE_OK);

	/* Zones served: those whose horizon primary pupils have a school. */
	fp = report_layer_find(&L[SCENARIO_L_ZONES], "pupils");
	fs = report_layer_find(&L[SCENARIO_L_ZONES], "school_id");
	ck_assert_int_eq(L[SCENARIO_L_ZONES].nrows, 4);
	for (i = 0; i < L[SCENARIO_L_ZONES].nrows; i++)
		if (report_layer_num(&L[SCENARIO_L_ZONES], i, fp) > 0 &&
		    !report_layer_cell(&L[SCENARIO_L_ZONES], i, fs)->null)
			zones_area += geo_area(g, &L[SCENARIO_L_ZONES].geoms[i]);
	ck_assert_double_eq_tol(zones_area, 4e6, 1);
	{
		const struct report_layer *c = &L[SCENARIO_L_CATCHMENTS];
		int idx[8], fsec = report_layer_find(c, "sector");

		/* A and C's primary catchments, then the secondary's (H's:
		 * every zone), each tagged with the group it is drawn for. */
		ck_assert_int_eq(c->nrows, 3);
		ck_assert_str_eq(report_layer_cell(c, 0, 1)->s, "A");
		ck_assert_str_eq(report_layer_cell(c, 1, 1)->s, "C");
		ck_assert_str_eq(report_layer_cell(c, 0, 0)->s, "close-b");
		ck_assert_str_eq(report_layer_cell(c, 0, fsec)->s, "primary");
		ck_assert_str_eq(report_layer_cell(c, 1, fsec)->s, "primary");
		ck_assert_str_eq(report_layer_cell(c, 2, fsec)->s, "secondary");
		ck_assert_str_eq(report_layer_cell(c, 2, report_layer_find(c, "stream"))->s, "nd");
		ck_assert_str_eq(report_layer_cell(c, 2, 1)->s, "H");
		ck_assert_double_eq_tol(geo_area(g, &c->geoms[2]), 4e6, 1e-3);
		for (i = 0; i < 2; i++)
			idx[i] = i;
		ck_assert_int_eq(geo_union(g, c->geoms, idx, 2, &u, &f.err), LE_OK);
		cover = geo_area(g, &u);
		le_geom_release(&u);
		ck_assert(fabs(cover - zones_area) <= 1e-6 * zones_area);
		/* A's three squares merge into one 3000 x 1000 block. */
		ck_assert_double_eq_tol(geo_area(g, &c->geoms[0]), 3e6, 1e-3);
	}
	/* B: row 1 of the schools; closed in the horizon, no places. */
	fst = report_layer_find(&L[SCENARIO_L_SCHOOLS], "status");
	fcap = report_layer_find(&L[SCENARIO_L_SCHOOLS], "capacity");
	ck_assert_str_eq(report_layer_cell(&L[SCENARIO_L_SCHOOLS], 1, fst)->s, "closed");
	ck_assert(report_layer_cell(&L[SCENARIO_L_SCHOOLS], 1, fcap)->null);
	ck_assert_int_ge(report_layer_find(&L[SCENARIO_L_SCHOOLS], "roll_2025"), 0);
	ck_assert_int_eq(L[SCENARIO_L_CHANGES].nrows, 1);
	ck_assert_str_eq(report_layer_cell(&L[SCENARIO_L_CHANGES], 0, 1)->s, "close");
	ck_assert_double_eq_tol(L[SCENARIO_L_CHANGES].geoms[0].xy[0], 2000, TOL);
	fp = report_layer_find(&L[SCENARIO_L_DESIRE], "pupils");
	ck_assert_int_gt(L[SCENARIO_L_DESIRE].nrows, 0);
	for (i = 0; i < L[SCENARIO_L_DESIRE].nrows; i++)
		ck_assert(report_layer_num(&L[SCENARIO_L_DESIRE], i, fp) > 0);
	for (i = 0; i < SCENARIO_NLAYERS; i++)
		report_layer_release(&L[i]);

	all[0] = &b;
	all[1] = &res;
	for (i = 0; i < 2; i++) {
		dir[i] = tu_tmpdir();
		ck_assert_int_eq(scenario_maps_write(all, 2, &f.w, years, 2, g, NULL, &paper,
						     SCENARIO_MAP_GPKG | SCENARIO_MAP_GEOJSON |
						     SCENARIO_MAP_HTML, dir[i], &f.err), LE_OK);
	}
	{
		static const char *const files[] = { "estate.gpkg", "summary.html",
			"geojson/close-b_catchments.geojson", "geojson/baseline_changes.geojson" };
		size_t k;

		for (k = 0; k < sizeof(files) / sizeof(files[0]); k++) {
			char *p0 = le_path_join(dir[0], files[k]), *p1 = le_path_join(dir[1], files[k]);
			ck_assert_msg(same_file(p0, p1), "%s differs between two runs", files[k]);
			free(p0);
			free(p1);
		}
	}
	{
		/* The board paper: summary first, recommendation, caveats,
		 * key measures by direction, the option's changes and map,
		 * glossary, attribution, footer. */
		char *p0 = le_path_join(dir[0], "summary.html"), *html = slurp(p0), *m;
		char want[200];
		int k, n;

		ck_assert(strstr(html, "<h2>Summary</h2>") < strstr(html, "<h2>Key measures</h2>"));
		ck_assert(strstr(html, "<h2>Key measures</h2>") < strstr(html, "<h2>Caveats</h2>"));
		ck_assert(strstr(html, "<p class=\"lead\">Without changes, between 2023 and 2025 pupils "));
		ck_assert(strstr(html, "<li>close-b: by 2025, "));
		ck_assert(strstr(html, "<div class=\"rec\">\n<p>Close B &lt;now&gt;.</p>"));
		ck_assert(strstr(html, "<li>Illustrative inputs: the rolls are invented</li>"));
		ck_assert(strstr(html, "The projection's calibration warns about 1 school: "));
		ck_assert(strstr(html, "<li>Roads: test data &amp; more</li>\n<li>Zones: made up</li>"));
		ck_assert(strstr(html, "Study: Line study. Made with estate " ESTATE_VERSION "."));
		/* Pupils changing school: lower is better, so the closure's
		 * movers are "worse". */
		ck_assert(res.kpi[SK_MOVED + SK_NKPIS * 2] > 0.5);
		ck_assert(strstr(html, "<th scope=\"row\">changing school</th><td class=\"text\">lower"
				 "</td><td>0</td><td class=\"worse\">+"));
		ck_assert(strstr(html, "<li>close B: from 2024</li>"));
		/* The option's map: titled, described, zoomed, the difference
		 * layer drawn and the closed school labelled; the baseline's
		 * map has neither. */
		ck_assert(strstr(html, "<title id=\"map1-t\">Map: close-b</title>"));
		ck_assert(strstr(html, "<desc id=\"map1-d\">Map of close-b, zoomed to where it changes: "));
		ck_assert_ptr_nonnull(m = strstr(html, "<title id=\"map1-t\">"));
		ck_assert(strstr(m, "<g class=\"diff\""));
		ck_assert(strstr(m, "<g class=\"labels\""));
		ck_assert(strstr(strstr(m, "<g class=\"labels\""), ">B</text>"));
		ck_assert(strstr(html, "<g class=\"diff\"") > m);
		/* No transport.ini: the statute's limits by age. */
		ck_assert(strstr(html, "walking limits applied</text>"));
		ck_assert(strstr(html, ">P1-P3 2.0 mi (3.2 km)</text>"));
		ck_assert(strstr(html, ">P4-S6 3.0 mi (4.8 km)</text>"));
		ck_assert(strstr(html, "2.0-3.0 mi (to P4-S6 limit)"));
		/* The glossary: every KPI once, with its description. */
		for (k = 0, n = 0, m = html; (m = strstr(m, "<dt>")); m++)
			n++;
		ck_assert_int_eq(n, SK_NKPIS);
		for (k = 0; k < SK_NKPIS; k++) {
			snprintf(want, sizeof(want), "<dd>%s (", scenario_kpi_desc(k));
			ck_assert_msg(strstr(html, want), "glossary lacks %s", scenario_kpi_name(k));
		}
		ck_assert(!strstr(html, "<script"));
		free(html);
		free(p0);
	}
	le_diags_release(&cal);
	free(dir[0]);
	free(dir[1]);
	geo_ctx_free(g);
	eval_done(&f, &sc, &b, &res);
}
END_TEST


/* ---------------------------------------------------------------- KPIs in the CSVs */

/* Cell (row whose column 0..key_cols-1 join to `row`, column `col`) of a
 * CSV written by scenario_write(_comparison); cells hold no commas
 * (numbers, names of the line region). Returns a static copy. */
static const char *csv_cell(const char *path, const char *row, const char *col)
{
	static char out[128];
	char line[8192], head[8192], *f;
	FILE *fp = fopen(path, "r");
	int ci = -1, i, nrow;

	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(fgets(head, sizeof(head), fp));
	head[strcspn(head, "\n")] = 0;
	for (i = 0, f = head; f; i++) {
		char *c = strchr(f, ',');

		if (c)
			*c = 0;
		if (!strcmp(f, col))
			ci = i;
		f = c ? c + 1 : NULL;
	}
	ck_assert_msg(ci >= 0, "no column %s in %s", col, path);
	nrow = (int)strlen(row);
	out[0] = 0;
	while (fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\n")] = 0;
		if (strncmp(line, row, (size_t)nrow) || line[nrow] != ',')
			continue;
		for (i = 0, f = line; f && i < ci; i++)
			if ((f = strchr(f, ',')))
				f++;
		if (f)
			f[strcspn(f, ",")] = 0;
		snprintf(out, sizeof(out), "%.120s", f ? f : "");
		fclose(fp);
		return out;
	}
	fclose(fp);
	ck_abort_msg("no row %s in %s", row, path);
	return NULL;
}

/* Evaluate text against a fresh baseline, write both, and return the
 * output folder (free it). */
static char *eval_write(struct fx *f, const char *text, int policy, struct scenario *sc,
			struct scenario_result *b, struct scenario_result *res)
{
	char *dir = tu_tmpdir();
	struct scenario_result *all[2] = { b, res };
	int years[2] = { 2023, 2024 };

	eval_text(f, text, policy, sc, b, res);
	ck_assert_int_eq(scenario_write(b, &f->w, dir, &f->err), LE_OK);
	ck_assert_int_eq(scenario_write(res, &f->w, dir, &f->err), LE_OK);
	ck_assert_int_eq(scenario_write_comparison(all, 2, years, 2, dir, &f->err), LE_OK);
	return dir;
}

static const char *kcell(const char *dir, const char *name, const char *year, const char *col)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s/kpis.csv", dir, name);
	return csv_cell(path, year, col);
}

static const char *ccell(const char *dir, const char *row, const char *col)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/comparison.csv", dir);
	return csv_cell(path, row, col);
}

/*
 * A housing-only scenario moves nobody into A/B (the 700 new pupils of Z0
 * go to A, grade A, but were in no building before): 0, where the old
 * count (growth of A/B pupils) said 700. Its movers' KPIs are all 0.
 */
START_TEST(test_kpi_housing_only)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	char *dir;

	fx_init(&f, 0);
	dir = eval_write(&f, "[scenario]\nname = h\n[housing]\nyear = 2024\nzone = Z0\nunits = 100\ndwelling = house\n",
			 SCENARIO_NEAREST, &sc, &b, &res);
	ck_assert(kpi(&res, 1, SK_PUPILS) > kpi(&b, 1, SK_PUPILS) + 1);
	ck_assert_str_eq(kcell(dir, "h", "2024", "pupils_moved_into_ab"), "0.00");
	/* The KPI table: every row named, with a unit; a few by hand. */
	{
		int i;

		for (i = 0; i < SK_NKPIS; i++) {
			ck_assert_str_ne(scenario_kpi_name(i), "?");
			ck_assert_str_ne(scenario_kpi_unit(i), "?");
		}
		ck_assert_str_eq(scenario_kpi_unit(SK_RUNNING_GBP), "GBP");
		ck_assert_int_eq(scenario_kpi_better(SK_RUNNING_GBP), -1);
		ck_assert_int_eq(scenario_kpi_better(SK_INTO_AB), 1);
		ck_assert_int_eq(scenario_kpi_decimals(SK_OVER_CAPACITY), 0);
		ck_assert_int_eq(scenario_kpi_decimals(SK_MOVED_DIST_MEAN_M), 2);
		ck_assert_str_eq(scenario_kpi_name(SK_MOVED_NEW_BEYOND), "moved_newly_beyond_limit");
	}
	ck_assert_str_eq(kcell(dir, "h", "2024", "pupils_changing_school"), "0.00");
	ck_assert_str_eq(kcell(dir, "h", "2024", "moved_distance_change_mean_m"), "0.00");
	ck_assert_str_eq(kcell(dir, "h", "2024", "moved_newly_beyond_limit"), "0.00");
	ck_assert_str_eq(ccell(dir, "h,nearest,2024,diff", "pupils_moved_into_ab"), "0.00");
	free(dir);
	eval_done(&f, &sc, &b, &res);
}
END_TEST

/*
 * B (grade C, suitability D) refurbished in place to A / A in 2024: its
 * 70 pupils stay and their building improved: 70 into A/B and 70 into
 * A/B suitability, none left in C/D; nobody changes school. Suitability
 * of A and C is B (not counted either way). Capital 200 places x 12,000.
 * Running: B's building factor 1.2 -> 0.9: 200 x 500 x 0.3 = 30,000 less.
 */
START_TEST(test_kpi_refurbish_in_place)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	char *dir;

	fx_init(&f, 0);
	f.w.s[0].suitability = f.w.s[2].suitability = LE_GRADE_B;
	f.w.s[1].suitability = LE_GRADE_D;
	dir = eval_write(&f, "[scenario]\nname = r\n[refurbish]\nyear = 2024\nschool = B\ncondition = A\nsuitability = A\n",
			 SCENARIO_NEAREST, &sc, &b, &res);
	ck_assert_str_eq(kcell(dir, "baseline", "2024", "pupils_in_cd_buildings"), "70.00");
	ck_assert_str_eq(kcell(dir, "baseline", "2024", "pupils_in_cd_suitability"), "70.00");
	ck_assert_str_eq(kcell(dir, "r", "2023", "pupils_moved_into_ab"), "0.00");
	ck_assert_str_eq(kcell(dir, "r", "2024", "pupils_moved_into_ab"), "70.00");
	ck_assert_str_eq(kcell(dir, "r", "2024", "pupils_moved_into_ab_suitability"), "70.00");
	ck_assert_str_eq(kcell(dir, "r", "2024", "pupils_in_cd_buildings"), "0.00");
	ck_assert_str_eq(kcell(dir, "r", "2024", "pupils_in_cd_suitability"), "0.00");
	ck_assert_str_eq(kcell(dir, "r", "2024", "pupils_changing_school"), "0.00");
	ck_assert_str_eq(kcell(dir, "r", "2024", "capital_cost_gbp"), "2400000");
	ck_assert_str_eq(ccell(dir, "r,nearest,2024,diff", "running_cost_gbp"), "-30000");
	ck_assert_str_eq(ccell(dir, "r,nearest,2024,diff", "pupils_in_cd_suitability"), "-70.00");
	free(dir);
	eval_done(&f, &sc, &b, &res);

	/* A held roll (H's 240, no zone reaching it) in a C building
	 * refurbished to A stays in its building: 240 into A/B. */
	fx_init(&f, 0);
	f.w.s[3].sector = LE_SPECIAL;
	scenario_travel_release(&f.t);
	scenario_travel_straight(&f.t, &f.w, &f.p);
	f.w.s[3].sector = LE_SECONDARY;
	f.w.s[3].condition = LE_GRADE_C;
	f.m.source[3] = MODEL_SRC_HELD;
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = r\n[refurbish]\nyear = 2024\nschool = H\ncondition = A\n",
				 &sc, NULL), LE_OK);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, &sc, SCENARIO_NEAREST, &f.p, &b, &f.err), LE_OK);
	ck_assert_double_eq_tol(kpi(&res, 0, SK_INTO_AB), 0, TOL);
	ck_assert_double_eq_tol(kpi(&res, 1, SK_INTO_AB), 240, TOL);
	ck_assert_double_eq_tol(kpi(&b, 1, SK_PUPILS_CD) - kpi(&res, 1, SK_PUPILS_CD), 240, TOL);
	eval_done(&f, &sc, &b, &res);
}
END_TEST

/*
 * Closing C (x 6000) in 2024: Z3's 70 primary pupils walk 0 m to C in the
 * baseline and 4,000 m to B (x 2000) after: 70 move, mean and worst
 * change +4,000 m, +450 s (4,000 m at 32 km/h), while the city-wide mean
 * moves only by 70 x 4,000 / 520. No transport.ini: each stage has the
 * statutory limit of its age, and 4,000 m lies between 2 miles (3,218.69
 * m, P1-P3, under 8) and 3 miles (4,828.03 m, P4-P7): of the 10 pupils a
 * stage, P1-P3's 30 are newly beyond, 30 x GBP 1,100 = 33,000 a year.
 * With the shipped transport.ini's policy (2 miles for every primary
 * stage) all 70 are, GBP 77,000. B's grade C: none into A/B. Running:
 * C's school and A-grade building, 200,000 + 200 x 500 x 0.9 = 290,000
 * saved.
 */
START_TEST(test_kpi_close_movers)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	char *dir;

	fx_init(&f, 0);
	dir = eval_write(&f, "[scenario]\nname = c\n[close]\nyear = 2024\nschool = C\n",
			 SCENARIO_NEAREST, &sc, &b, &res);
	ck_assert_str_eq(kcell(dir, "c", "2024", "pupils_changing_school"), "70.00");
	ck_assert_str_eq(kcell(dir, "c", "2024", "moved_distance_change_mean_m"), "4000.00");
	ck_assert_str_eq(kcell(dir, "c", "2024", "moved_distance_change_max_m"), "4000.00");
	ck_assert_str_eq(kcell(dir, "c", "2024", "moved_time_change_mean_s"), "450.00");
	ck_assert_str_eq(kcell(dir, "c", "2024", "moved_time_change_max_s"), "450.00");
	ck_assert_str_eq(kcell(dir, "c", "2024", "moved_newly_beyond_limit"), "30.00");
	ck_assert_str_eq(ccell(dir, "c,nearest,2024,diff", "beyond_limit_pupils"), "30.00");
	ck_assert_str_eq(ccell(dir, "c,nearest,2024,diff", "transport_cost_gbp"), "33000");
	ck_assert_str_eq(kcell(dir, "c", "2024", "pupils_moved_into_ab"), "0.00");
	ck_assert_str_eq(kcell(dir, "c", "2023", "moved_newly_beyond_limit"), "0.00");
	ck_assert_str_eq(ccell(dir, "c,nearest,2024,diff", "running_cost_gbp"), "-290000");
	ck_assert_str_eq(ccell(dir, "c,nearest,2024,diff", "distance_mean_m"), "538.46");
	ck_assert_str_eq(ccell(dir, "c,nearest,2024,diff", "schools_open"), "-1");
	/* C's row: no capacity from the year it closes. */
	{
		char path[512];

		snprintf(path, sizeof(path), "%s/c/schools.csv", dir);
		ck_assert_str_eq(csv_cell(path, "C,C,primary,2023", "capacity"), "200.00");
		ck_assert_str_eq(csv_cell(path, "C,C,primary,2024", "status"), "closed");
		ck_assert_str_eq(csv_cell(path, "C,C,primary,2024", "capacity"), "");
		ck_assert_str_eq(csv_cell(path, "C,C,primary,2024", "utilisation_pct"), "");
		ck_assert_str_eq(csv_cell(path, "C,C,primary,2024", "roll"), "0.00");
	}
	free(dir);
	eval_done(&f, &sc, &b, &res);

	/* The shipped policy: 2 miles for P1-P7. */
	fx_init(&f, 0);
	f.p.walk_limit_m[0] = 3218.688;
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = c\n[close]\nyear = 2024\nschool = C\n", &sc, NULL), LE_OK);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, &sc, SCENARIO_NEAREST, &f.p, &b, &f.err), LE_OK);
	ck_assert_double_eq_tol(kpi(&res, 1, SK_MOVED_NEW_BEYOND), 70, TOL);
	ck_assert_double_eq_tol(kpi(&res, 1, SK_BEYOND_LIMIT) - kpi(&b, 1, SK_BEYOND_LIMIT), 70, TOL);
	ck_assert_double_eq_tol(kpi(&res, 1, SK_TRANSPORT_GBP) - kpi(&b, 1, SK_TRANSPORT_GBP), 77000, TOL);
	eval_done(&f, &sc, &b, &res);
}
END_TEST

/*
 * The walking limit by stage (params.c), by hand. A primary key of
 * council C1 with 10 pupils in each of P1-P3 and 20 in each of P4-P7
 * (110): P1-P3 are under 8 (age + 1 < 8), 2 miles = 3,218.688 m; P4-P7
 * 3 miles = 4,828.032 m. An entry of 55 pupils at 4,000 m: only the
 * P1-P3 share is beyond, 55 x 30 / 110 = 15 pupils, 15 x 1,100 = GBP
 * 16,500 a year.
 */
START_TEST(test_walk_by_stage)
{
	static const double by[7] = { 10, 10, 10, 20, 20, 20, 20 };
	struct scenario_params p;
	struct scenario_walk wk;
	struct le_stages eng;
	struct region r;
	struct le_diags d;
	struct le_err err;
	struct buf t;
	unsigned prim;

	region_init(&r, "EPSG:27700");
	region_add_council(&r, "C1");
	prim = le_stages_bits(&r.stages, LE_PRIMARY);
	scenario_params_default(&p);
	buf_init(&t);
	le_diags_init(&d);

	/* No policy: the statute by age. */
	scenario_walk_key(&p, &r, 0, prim, by, &wk);
	ck_assert_int_eq(wk.n, 2);
	ck_assert_double_eq_tol(wk.limit_m[0], 3218.688, 1e-9);
	ck_assert_double_eq_tol(wk.share[0], 30.0 / 110, 1e-12);
	ck_assert_double_eq_tol(wk.limit_m[1], 4828.032, 1e-9);
	ck_assert_double_eq_tol(wk.share[1], 80.0 / 110, 1e-12);
	ck_assert_double_eq_tol(55 * scenario_walk_beyond(&wk, 4000), 15, 1e-9);
	ck_assert_double_eq_tol(55 * scenario_walk_gbp(&wk, 4000), 16500, 1e-6);
	ck_assert_double_eq_tol(scenario_walk_beyond(&wk, 3000), 0, 1e-12);
	ck_assert_double_eq_tol(scenario_walk_beyond(&wk, 5000), 1, 1e-12);
	/* At the limit is within it ("beyond" is strictly longer). */
	ck_assert_double_eq_tol(scenario_walk_beyond(&wk, 3218.688), 0, 1e-12);
	/* Movers from 3,000 m to 4,000 m: the P1-P3 share newly beyond;
	 * from 4,000 m to 5,000 m the P4-P7 share. */
	ck_assert_double_eq_tol(scenario_walk_newly(&wk, 3000, 4000), 30.0 / 110, 1e-12);
	ck_assert_double_eq_tol(scenario_walk_newly(&wk, 4000, 5000), 80.0 / 110, 1e-12);
	/* No pupils by stage: a cohort a stage, 3/7 and 4/7. */
	scenario_walk_key(&p, &r, 0, prim, NULL, &wk);
	ck_assert_double_eq_tol(scenario_walk_beyond(&wk, 4000), 3.0 / 7, 1e-12);
	ck_assert_double_eq_tol(scenario_walk_stage_m(&p, &r, -1, 3), 4828.032, 1e-9);
	scenario_walk_text(&p, &r, -1, &t);
	ck_assert_str_eq(t.s, "P1-P3 3219 m (2.0 mi), P4-S6 4828 m (3.0 mi)");
	scenario_walk_check(&p, &r, NULL, &d);
	ck_assert_int_eq((int)d.n, 0);

	/* A policy (1.5 miles, more generous): every primary stage. */
	ck_assert_int_eq(scenario_params_set(&p, "walking_limit", "primary_m", "2414.016", &err), LE_OK);
	scenario_walk_key(&p, &r, 0, prim, by, &wk);
	ck_assert_int_eq(wk.n, 1);
	ck_assert_double_eq_tol(55 * scenario_walk_beyond(&wk, 3000), 55, 1e-9);
	ck_assert_double_eq_tol(55 * scenario_walk_gbp(&wk, 3000), 60500, 1e-6);
	/* The shipped transport.ini: 2 miles primary, 3 secondary. */
	ck_assert_int_eq(scenario_params_set(&p, "walking_limit", "primary_m", "3218.688", &err), LE_OK);
	ck_assert_int_eq(scenario_params_set(&p, "walking_limit", "secondary_m", "4828.032", &err), LE_OK);
	scenario_walk_text(&p, &r, -1, &t);
	ck_assert_str_eq(t.s, "P1-P7 3219 m (2.0 mi), S1-S6 4828 m (3.0 mi)");
	ck_assert_double_eq_tol(55 * scenario_walk_beyond(&wk, 4000), 55, 1e-9);
	/* A council's own policy wins for its zones only. */
	ck_assert_int_eq(scenario_params_set(&p, "council C1", "primary_m", "1609.344", &err), LE_OK);
	ck_assert_double_eq_tol(scenario_walk_stage_m(&p, &r, 0, 0), 1609.344, 1e-9);
	ck_assert_double_eq_tol(scenario_walk_stage_m(&p, &r, -1, 0), 3218.688, 1e-9);
	ck_assert_double_eq_tol(scenario_walk_stage_m(&p, &r, 0, 7), 4828.032, 1e-9);
	scenario_walk_check(&p, &r, NULL, &d);
	ck_assert_int_eq((int)d.n, 0);
	scenario_params_release(&p);

	/* A policy above the statute (3 miles primary): P1-P3 keep their
	 * 2 miles, P4-P7 get 3; the run is warned. 55 x 30 / 110 = 15. */
	scenario_params_default(&p);
	ck_assert_int_eq(scenario_params_set(&p, "walking_limit", "primary_m", "4828.032", &err), LE_OK);
	scenario_walk_key(&p, &r, 0, prim, by, &wk);
	ck_assert_int_eq(wk.n, 2);
	ck_assert_double_eq_tol(55 * scenario_walk_beyond(&wk, 4000), 15, 1e-9);
	ck_assert_double_eq_tol(scenario_walk_stage_m(&p, &r, 0, 2), 3218.688, 1e-9);
	ck_assert_double_eq_tol(scenario_walk_stage_m(&p, &r, 0, 3), 4828.032, 1e-9);
	scenario_walk_check(&p, &r, "s.ini: ", &d);
	ck_assert_int_eq((int)d.n, 1);
	ck_assert_int_eq(d.v[0].severity, LE_WARNING);
	ck_assert_str_eq(d.v[0].topic, "walking limit");
	ck_assert_str_eq(d.v[0].msg, "s.ini: [walking_limit] primary_m = 4828 m (3.0 mi) is above the statutory walking distance of P1-P3 (3219 m, 2.0 mi, under age 8): a pupil beyond the statutory distance is entitled whatever the policy, so P1-P3 keep the statutory limit");
	scenario_params_release(&p);

	/* England (models/stages-england.ini): R-Y3 2 miles, Y4 on 3. A
	 * primary key R-Y6 of 10 a stage at 4,000 m: R-Y3, 4/7. */
	ck_assert_msg(io_stages_read("models/stages-england.ini", &eng, &err) == LE_OK, "%s", err.msg);
	r.stages = eng;
	scenario_params_default(&p);
	scenario_walk_key(&p, &r, 0, le_stages_bits(&r.stages, LE_PRIMARY), NULL, &wk);
	ck_assert_double_eq_tol(70 * scenario_walk_beyond(&wk, 4000), 40, 1e-9);
	scenario_walk_text(&p, &r, -1, &t);
	ck_assert_str_eq(t.s, "R-Y3 3219 m (2.0 mi), Y4-Y13 4828 m (3.0 mi)");
	scenario_params_release(&p);

	le_diags_release(&d);
	buf_release(&t);
	region_release(&r);
}
END_TEST

/*
 * Bands and n/a. A at 140 / 139.6 = 100.29 % is "> 100 %" (shown
 * 100.3 %) in the KPIs and the maps' utilisation_band; at 140 / 140 =
 * 100.0 % it is "81-100 %". Without any capacity, capacity, utilisation,
 * bands, surplus, shortfall and over-capacity are "n/a", and so are
 * the schools' capacity and utilisation cells.
 */
START_TEST(test_kpi_bands_na)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	struct report_layer L[SCENARIO_NLAYERS];
	struct geo_ctx *g;
	int years[1] = { 2023 }, fb, i, cap;
	char *dir, path[512];

	for (cap = 0; cap < 2; cap++) {
		fx_init(&f, 0);
		f.w.s[0].capacity = cap ? 140 : 139.6;
		dir = eval_write(&f, "[scenario]\nname = x\n[extend]\nyear = 2024\nschool = C\nplaces = 10\n",
				 SCENARIO_NEAREST, &sc, &b, &res);
		ck_assert_str_eq(kcell(dir, "baseline", "2023", "schools_util_over100"), cap ? "0" : "1");
		ck_assert_str_eq(kcell(dir, "baseline", "2023", "schools_util_81_100"), cap ? "1" : "0");
		ck_assert_str_eq(kcell(dir, "baseline", "2023", "schools_over_capacity"), cap ? "0" : "1");
		ck_assert_str_eq(kcell(dir, "baseline", "2023", "schools_util_le40"), "2");
		g = geo_ctx_new(&f.err);
		ck_assert_int_eq(scenario_layers(&b, &f.w, years, 1, g, L, &f.err), LE_OK);
		fb = report_layer_find(&L[SCENARIO_L_SCHOOLS], "utilisation_band");
		ck_assert_int_ge(fb, 0);
		ck_assert_str_eq(report_layer_cell(&L[SCENARIO_L_SCHOOLS], 0, fb)->s, cap ? "81-100 %" : ">100 %");
		ck_assert_str_eq(report_layer_cell(&L[SCENARIO_L_SCHOOLS], 1, fb)->s, "<=40 %");
		/* H has no capacity. */
		ck_assert_str_eq(report_layer_cell(&L[SCENARIO_L_SCHOOLS], 3, fb)->s, "n/a");
		for (i = 0; i < SCENARIO_NLAYERS; i++)
			report_layer_release(&L[i]);
		geo_ctx_free(g);
		free(dir);
		eval_done(&f, &sc, &b, &res);
	}
	/* No capacity anywhere. */
	fx_init(&f, 0);
	for (i = 0; i < f.w.n; i++)
		f.w.s[i].capacity = -1;
	dir = eval_write(&f, "[scenario]\nname = x\n[close]\nyear = 2024\nschool = C\n",
			 SCENARIO_NEAREST, &sc, &b, &res);
	ck_assert_str_eq(kcell(dir, "baseline", "2023", "capacity"), "n/a");
	ck_assert_str_eq(kcell(dir, "baseline", "2023", "utilisation_pct"), "n/a");
	ck_assert_str_eq(kcell(dir, "baseline", "2023", "schools_over_capacity"), "n/a");
	ck_assert_str_eq(kcell(dir, "baseline", "2023", "schools_util_over100"), "n/a");
	ck_assert_str_eq(kcell(dir, "baseline", "2023", "surplus_places"), "n/a");
	ck_assert_str_eq(ccell(dir, "x,nearest,2024,diff", "schools_over_capacity"), "n/a");
	snprintf(path, sizeof(path), "%s/baseline/schools.csv", dir);
	ck_assert_str_eq(csv_cell(path, "A,A,primary,2023", "capacity"), "n/a");
	ck_assert_str_eq(csv_cell(path, "A,A,primary,2023", "utilisation_pct"), "n/a");
	free(dir);
	eval_done(&f, &sc, &b, &res);
}
END_TEST

/* A school whose name a spreadsheet would run is written as text in
 * schools.csv. */
START_TEST(test_formula_name_csv)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	char *dir, path[512], line[512];
	FILE *fp;
	int found = 0;

	fx_init(&f, 0);
	f.w.s[2].name = "=HYPERLINK(\"http://x\")";
	dir = eval_write(&f, "[scenario]\nname = x\n[extend]\nyear = 2024\nschool = C\nplaces = 10\n",
			 SCENARIO_NEAREST, &sc, &b, &res);
	snprintf(path, sizeof(path), "%s/baseline/schools.csv", dir);
	fp = fopen(path, "r");
	while (fgets(line, sizeof(line), fp))
		found += !strncmp(line, "C,\"'=HYPERLINK(\"\"http://x\"\")\",primary,",
				  strlen("C,\"'=HYPERLINK(\"\"http://x\"\")\",primary,"));
	fclose(fp);
	ck_assert_int_eq(found, 3);
	free(dir);
	eval_done(&f, &sc, &b, &res);
}
END_TEST

/*
 * One rule for Gaelic provision: an ND primary with Gaelic provision is
 * served for ND and Gaelic-medium pupils, an RC one for RC and GM, by
 * travel's sets, the projection and the scenarios alike; it sits in
 * two of travel's sets; special schools serve no stream.
 */
START_TEST(test_gaelic_one_rule)
{
	struct region r;
	struct net_travel t;
	struct scenario_school ws;
	struct scenario_world w;
	unsigned bits[6];
	int k, sec, st, i, in_nd = 0, in_gm = 0;
	static const struct { int sector, rc, gaelic; } kinds[] = {
		{ LE_PRIMARY, 0, 1 }, { LE_PRIMARY, 1, 1 }, { LE_PRIMARY, 0, 0 },
		{ LE_PRIMARY, 1, 0 }, { LE_SECONDARY, 0, 1 }, { LE_SPECIAL, 0, 0 },
	};

	region_init(&r, "EPSG:27700");
	for (k = 0; k < 6; k++) {
		char id[8];
		struct school *sc;

		snprintf(id, sizeof(id), "S%d", k);
		i = region_add_school(&r, id);
		sc = &r.schools[i];
		sc->sector = kinds[k].sector;
		sc->stages = kinds[k].sector == LE_PRIMARY ? TU_PRIMARY :
			     kinds[k].sector == LE_SECONDARY ? TU_SECONDARY : 0;
		sc->denom = kinds[k].rc ? LE_RC : LE_NONDENOM;
		sc->gaelic = kinds[k].gaelic;
	}
	/* Whole-sector schools: one stage group per sector, so group
	 * (sec, stream) is SCENARIO_GROUP(sec, stream). */
	memset(&w, 0, sizeof(w));
	w.r = &r;
	for (k = 0; k < 6; k++)
		bits[k] = r.schools[k].stages;
	scenario_groups_build(&w.grp, &r.stages, bits, 6);
	ck_assert_int_eq(w.grp.n, 2);
	for (k = 0; k < 6; k++) {
		const struct school *sc = &r.schools[k];

		memset(&ws, 0, sizeof(ws));
		ws.sector = sc->sector;
		ws.stages = sc->stages;
		ws.stream = sc->denom == LE_RC ? MODEL_RC : MODEL_ND;
		ws.gaelic = sc->gaelic;
		for (sec = 0; sec < 2; sec++)
			for (st = 0; st < MODEL_NSTREAMS; st++) {
				int want = le_stream_serves(&r.stages, sc->sector, sc->stages, sc->denom == LE_RC,
							    sc->gaelic, sec, st);

				ck_assert_int_eq(net_stream_has(&r.stages, sc, sec, st), want);
				ck_assert_int_eq(model_serves(&r.stages, sc, sec, st), want);
				ck_assert_int_eq(scenario_school_serves(&w, &ws, SCENARIO_GROUP(sec, st)), want);
			}
	}
	/* The ND Gaelic primary: ND and GM, not RC; the RC one RC and GM. */
	ck_assert(model_serves(&r.stages, &r.schools[0], 0, MODEL_ND) && model_serves(&r.stages, &r.schools[0], 0, MODEL_GM) &&
		  !model_serves(&r.stages, &r.schools[0], 0, MODEL_RC));
	ck_assert(model_serves(&r.stages, &r.schools[1], 0, MODEL_RC) && model_serves(&r.stages, &r.schools[1], 0, MODEL_GM) &&
		  !model_serves(&r.stages, &r.schools[1], 0, MODEL_ND));
	ck_assert(!model_serves(&r.stages, &r.schools[5], 0, MODEL_ND) && !net_stream_has(&r.stages, &r.schools[5], 0, MODEL_ND));
	net_travel_sets(&t, &r, 4);
	for (i = 0; i < t.nsets; i++)
		for (k = 0; k < t.sets[i].nschools; k++)
			if (t.sets[i].school[k] == 0 && t.sets[i].sector == LE_PRIMARY) {
				in_nd += t.sets[i].stream == NET_STREAM_NONDENOM;
				in_gm += t.sets[i].stream == NET_STREAM_GAELIC;
			}
	ck_assert_int_eq(in_nd, 1);
	ck_assert_int_eq(in_gm, 1);
	ck_assert_str_eq(net_stream_name(NET_STREAM_RC), "rc");
	ck_assert_str_eq(le_stream_name(MODEL_ND), "nd");
	ck_assert_str_eq(le_stream_name(MODEL_GM), "gaelic");
	net_travel_release(&t);
	region_release(&r);
}
END_TEST


/*
 * A closure never makes pupils disappear. Catchment policy, Z3 without a
 * location: closing C (Z3's catchment school) leaves Z3's 70 primary
 * pupils with no school that can be found, so the evaluation is refused
 * with the change's file:line, the school, the pupils and why. A held
 * (special) school closing outright is refused too.
 */
START_TEST(test_close_refused)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	char *path, want[512];

	fx_init(&f, 1);
	scenario_travel_release(&f.t);
	f.r.zones[3].has_geom = 0;
	scenario_travel_straight(&f.t, &f.w, &f.p);
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = c\n[close]\nyear = 2024\nschool = C\n", &sc, &path), LE_OK);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_CATCHMENT, &f.p, NULL, &f.err), LE_OK);
	/* The baseline places Z3's primary pupils by its catchment. */
	ck_assert_double_eq_tol(b.unplaced[(size_t)1 * b.nkeys + SCENARIO_KEY(&b.grp, 3, 0) +
					   SCENARIO_GROUP(0, MODEL_ND)], 0, TOL);
	ck_assert_double_eq_tol(b.pupils[(size_t)1 * b.nkeys + SCENARIO_KEY(&b.grp, 3, 0) +
					 SCENARIO_GROUP(0, MODEL_ND)], 70, TOL);
	ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, &sc, SCENARIO_CATCHMENT, &f.p, &b, &f.err), LE_EDATA);
	snprintf(want, sizeof(want), "%s:3: [close] closing 'C' (C) leaves 70 pupils of 1 zone with no school in 2024: "
		 "their zones have no location, so no other school can be found for them; "
		 "give the zones a polygon, re-zone them with a [catchment] change, or keep the school open", path);
	ck_assert_str_eq(f.err.msg, want);
	scenario_result_release(&b);
	scenario_release(&sc);
	free(path);
	fx_release(&f);

	/* H as a special school (travel rebuilt: no secondary has it as
	 * a candidate): its roll (240) is held, and its running cost
	 * counts: 250,000 + 240 (its roll, no capacity) x 1,500 x 0.9 +
	 * 240 x 30,000. */
	fx_init(&f, 0);
	f.w.s[3].sector = LE_SPECIAL;
	scenario_travel_release(&f.t);
	scenario_travel_straight(&f.t, &f.w, &f.p);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_double_eq_tol(roll(&b, 2, 3), 240, TOL);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_RUNNING_GBP),
				3 * 200000.0 + 2 * 90000.0 + 120000.0 + 280 * 5200.0 +
				250000.0 + 240 * 1500 * 0.9 + 240 * 30000.0, 1e-3);
	scenario_result_release(&b);
	fx_release(&f);

	/* Closing H, the only secondary, leaves its zones' pupils with no
	 * school of their stream: refused. */
	fx_init(&f, 0);
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = h\n\n[close]\nyear = 2025\nschool = H\n", &sc, &path), LE_OK);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, &sc, SCENARIO_NEAREST, &f.p, &b, &f.err), LE_EDATA);
	snprintf(want, sizeof(want), "%s:4: [close] closing 'H' (H) leaves 240 pupils of 4 zones with no school in 2025: "
		 "no other open secondary school takes non-denominational pupils; keep the school open or add one that does", path);
	ck_assert_str_eq(f.err.msg, want);
	scenario_result_release(&b);
	scenario_release(&sc);
	free(path);
	fx_release(&f);

	/* One candidate per key: closing A leaves Z0 and Z1 (tie, A first)
	 * with a full list of closed candidates: refused, saying so. */
	fx_init(&f, 0);
	f.p.k = 1;
	scenario_travel_release(&f.t);
	scenario_travel_straight(&f.t, &f.w, &f.p);
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = a\n[close]\nyear = 2024\nschool = A\n", &sc, &path), LE_OK);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, &sc, SCENARIO_NEAREST, &f.p, &b, &f.err), LE_EDATA);
	snprintf(want, sizeof(want), "%s:3: [close] closing 'A' (A) leaves 140 pupils of 2 zones with no school in 2024: "
		 "the 1 nearest primary schools that take non-denominational pupils are all closed; "
		 "raise candidates in models/transport.ini, or keep a school open", path);
	ck_assert_str_eq(f.err.msg, want);
	scenario_result_release(&b);
	scenario_release(&sc);
	free(path);
	fx_release(&f);

	/* H's roll held from the projection, no zone's pupils reaching it
	 * (travel rebuilt without it): closing it outright is refused. */
	fx_init(&f, 0);
	f.w.s[3].sector = LE_SPECIAL;
	scenario_travel_release(&f.t);
	scenario_travel_straight(&f.t, &f.w, &f.p);
	f.w.s[3].sector = LE_SECONDARY;
	f.m.source[3] = MODEL_SRC_HELD;
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = h\n\n[close]\nyear = 2025\nschool = H\n", &sc, &path), LE_OK);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, &sc, SCENARIO_NEAREST, &f.p, &b, &f.err), LE_EDATA);
	snprintf(want, sizeof(want), "%s:4: [close] closing 'H' (H) leaves its 240 pupils with no school in 2025: "
		 "its roll is held from the projection (no zone's pupils were allocated to it), so the model cannot move them; "
		 "merge it into another school ([merge]) or keep it open", path);
	ck_assert_str_eq(f.err.msg, want);
	scenario_result_release(&b);
	scenario_release(&sc);
	free(path);
	fx_release(&f);
}
END_TEST


/* models/costs.ini: the running rates by sector (special included) and
 * the condition factors, read as shipped and equal to the built-in
 * defaults; an unknown key is an error with its line. */
START_TEST(test_costs_ini)
{
	struct scenario_params d, p;
	struct le_err err;
	char *path;
	int i;

	scenario_params_default(&d);
	scenario_params_default(&p);
	memset(p.fixed_gbp, 0, sizeof(p.fixed_gbp));
	memset(p.per_place_gbp, 0, sizeof(p.per_place_gbp));
	memset(p.per_pupil_gbp, 0, sizeof(p.per_pupil_gbp));
	memset(p.cond_factor, 0, sizeof(p.cond_factor));
	le_err_clear(&err);
	ck_assert_int_eq(scenario_params_read(&p, NULL, "models/costs.ini", &err), LE_OK);
	for (i = 0; i < 3; i++) {
		ck_assert_double_eq(p.fixed_gbp[i], d.fixed_gbp[i]);
		ck_assert_double_eq(p.per_place_gbp[i], d.per_place_gbp[i]);
		ck_assert_double_eq(p.per_pupil_gbp[i], d.per_pupil_gbp[i]);
	}
	ck_assert_double_eq(p.fixed_gbp[2], 250000);
	ck_assert_double_eq(p.per_place_gbp[2], 1500);
	for (i = LE_GRADE_A; i <= LE_GRADE_D; i++)
		ck_assert_double_eq(p.cond_factor[i], d.cond_factor[i]);
	ck_assert_double_eq(p.cond_factor[LE_GRADE_D], 1.5);
	scenario_params_release(&p);
	scenario_params_release(&d);

	path = tu_write_tmp(".ini", "[condition]\nA = 0.9\nE = 2\n");
	scenario_params_default(&p);
	ck_assert_int_eq(scenario_params_read(&p, NULL, path, &err), LE_EPARSE);
	{
		char want[512];

		snprintf(want, sizeof(want), "%s:3: unknown key 'E' in [condition] (expected A, B, C or D)", path);
		ck_assert_str_eq(err.msg, want);
	}
	scenario_params_release(&p);
	free(path);
}
END_TEST

/*
 * A delayed opening costs more in transport, and the net present cost
 * shows it (issue 12). The line region's 60 secondary pupils of Z3
 * (x 6000: ages 12-17, 10 each) walk 5,000 m to H (x 1000), beyond the
 * 3-mile limit (4,828 m): 60 x 1,100 = 66,000 a year of transport. A new
 * secondary at x 6000 takes them from its opening: on time in 2023, or
 * the same school two years late in 2025. Late pays 66,000 more in 2023
 * and in 2024, 120 more pupil-years beyond the limit; present value
 * 66,000 + 66,000 / 1.035 = 129,768.12 more. Capital 100 x 45,000 =
 * 4,500,000: on time its 30/50/20 profile falls in 2020-2022, before
 * the base year, so all of it counts in year 0 (not sunk); late, 0.3 +
 * 0.5 in 2022-2023 (year 0) and 0.2 in 2024. Either way the appraisal's
 * capital adds up to the capital KPI to date, and its running line is
 * the running KPI, which the per-school rate reproduces over the open
 * schools.
 */
START_TEST(test_wlc_delayed_opening)
{
	struct fx f;
	struct scenario on, late;
	struct scenario_result b, r_on, r_late;
	struct scenario_wlc w_on, w_late, w_b;
	char *path;
	int t, y, k;

	fx_init(&f, 0);
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = on-time\n"
				 "[new]\nyear = 2023\nid = N\nsector = secondary\nx = 6000\ny = 0\ncapacity = 100\n",
				 &on, NULL), LE_OK);
	path = tu_write_tmp(".ini", "[scenario]\nname = late\n"
			    "[new]\nyear = 2025\nid = N2\nsector = secondary\nx = 6000\ny = 0\ncapacity = 100\n");
	ck_assert_int_eq(scenario_read(path, &f.w, 1, &late, &f.err), LE_OK);
	free(path);
	scenario_travel_release(&f.t);
	scenario_travel_straight(&f.t, &f.w, &f.p);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_int_eq(scenario_eval(&r_on, &f.w, &f.t, &on, SCENARIO_NEAREST, &f.p, &b, &f.err), LE_OK);
	ck_assert_int_eq(scenario_eval(&r_late, &f.w, &f.t, &late, SCENARIO_NEAREST, &f.p, &b, &f.err), LE_OK);
	ck_assert_int_eq(scenario_wlc_eval(&w_b, &b, &f.w, &f.p, 30, &f.err), LE_OK);
	ck_assert_int_eq(scenario_wlc_eval(&w_on, &r_on, &f.w, &f.p, 30, &f.err), LE_OK);
	ck_assert_int_eq(scenario_wlc_eval(&w_late, &r_late, &f.w, &f.p, 30, &f.err), LE_OK);
#define L(w, t, l) (w).line[(t) * SW_NLINES + (l)]
	/* The baseline: Z3's 60 beyond the limit every year, and every
	 * year past the horizon holds 2025's. */
	for (t = 0; t < 30; t++)
		ck_assert_double_eq_tol(L(w_b, t, SW_TRANSPORT), 66000, TOL);
	for (t = 0; t < 30; t++) {
		double extra = t < 2 ? 66000 : 0;

		ck_assert_double_eq_tol(L(w_on, t, SW_TRANSPORT), 0, TOL);
		ck_assert_double_eq_tol(L(w_late, t, SW_TRANSPORT) - L(w_on, t, SW_TRANSPORT), extra, TOL);
	}
	for (y = 0; y < 3; y++)
		ck_assert_double_eq_tol(kpi(&r_late, y, SK_BEYOND_LIMIT) - kpi(&r_on, y, SK_BEYOND_LIMIT),
					y < 2 ? 60 : 0, TOL);
	ck_assert_double_eq_tol(w_late.npc_line[SW_TRANSPORT] - w_on.npc_line[SW_TRANSPORT],
				66000 + 66000 / 1.035, 1e-6);
	ck_assert(w_late.npc_line[SW_TRANSPORT] > w_on.npc_line[SW_TRANSPORT] + 129768);
	/* Capital and its optimism bias by the profile. */
	ck_assert_double_eq_tol(L(w_on, 0, SW_CAPITAL), 4500000, TOL);
	ck_assert_double_eq_tol(L(w_on, 0, SW_OPTIMISM), 4500000 * 0.24, TOL);
	ck_assert_double_eq_tol(L(w_late, 0, SW_CAPITAL), 3600000, TOL);
	ck_assert_double_eq_tol(L(w_late, 1, SW_CAPITAL), 900000, TOL);
	ck_assert_double_eq_tol(L(w_late, 2, SW_CAPITAL), 0, TOL);
	ck_assert_double_eq_tol(w_late.npc_line[SW_CAPITAL], 3600000 + 900000 / 1.035, 1e-6);
	{
		double s_on = 0, s_late = 0;

		for (t = 0; t < 30; t++) {
			s_on += L(w_on, t, SW_CAPITAL);
			s_late += L(w_late, t, SW_CAPITAL);
		}
		ck_assert_double_eq_tol(s_on, kpi(&r_on, 2, SK_CAPITAL_TO_DATE_GBP), TOL);
		ck_assert_double_eq_tol(s_late, kpi(&r_late, 2, SK_CAPITAL_TO_DATE_GBP), TOL);
	}
	/* Running: the KPI, and the KPI is the per-school rate summed over
	 * the schools the appraisal counts as open. */
	for (y = 0; y < 3; y++) {
		const struct scenario_result *rs[3] = { &b, &r_on, &r_late };
		int i;

		for (i = 0; i < 3; i++) {
			const struct scenario_result *r = rs[i];
			double run = 0;

			for (k = 0; k < r->nschools; k++) {
				size_t ks = (size_t)y * r->nschools + k;
				int st = r->status[ks];

				if (st == SCENARIO_CLOSED || st == SCENARIO_PLANNED || st == SCENARIO_ABSENT)
					continue;
				run += scenario_running_gbp(&f.p, f.w.s[k].sector,
							    r->capacity[ks] >= 0 ? r->capacity[ks] : r->roll[ks],
							    r->condition[ks], r->roll[ks]);
			}
			ck_assert_double_eq_tol(run, kpi(r, y, SK_RUNNING_GBP), 1e-6);
		}
		ck_assert_double_eq_tol(L(w_late, y, SW_RUNNING), kpi(&r_late, y, SK_RUNNING_GBP), TOL);
	}
	/* The total is the sum of the lines, the NPC the discounted sum. */
	{
		double npc = 0;

		for (t = 0; t < 30; t++)
			npc += L(w_late, t, SW_TOTAL) / pow(1.035, t);
		ck_assert_double_eq_tol(w_late.npc_gbp, npc, 1e-3);
	}
#undef L
	scenario_wlc_release(&w_b);
	scenario_wlc_release(&w_on);
	scenario_wlc_release(&w_late);
	scenario_result_release(&r_late);
	scenario_release(&late);
	eval_done(&f, &on, &b, &r_on);
}
END_TEST

/*
 * Costs a change gives (land_cost, demolition_cost, decant_cost, and a
 * new school's own cost) are read, counted in the capital KPI in the
 * change's year, and placed by the appraisal: the line region with
 *   [close] C 2024, demolition_cost 100,000 (its year, 2024, bias 24 %);
 *   [refurbish] B 2025 to B, cost 1,000,000 (profile 0.5 / 0.5 in 2023
 *     and 2024, bias 51 %), decant_cost 200,000 (with the works, 24 %);
 *   [new] N 2025, cost 5,000,000 (0.3 / 0.5 / 0.2 in 2022-2024: 2022
 *     counts in 2023, year 0; bias 24 %), land_cost 300,000 (the first
 *     works year, 2022 -> year 0; no bias).
 * KPI: 2024 100,000; 2025 1,000,000 + 200,000 + 5,000,000 + 300,000 =
 * 6,500,000. Appraisal, year 0: capital 500,000 + 100,000 + 4,000,000
 * + 300,000 = 4,900,000, bias 255,000 + 24,000 + 960,000 = 1,239,000;
 * year 1: capital 100,000 + 500,000 + 100,000 + 1,000,000 = 1,700,000,
 * bias 24,000 + 255,000 + 24,000 + 240,000 = 543,000; year 2: none.
 */
START_TEST(test_given_costs)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	struct scenario_wlc wlc;

	fx_init(&f, 0);
	eval_text(&f, "[scenario]\nname = g\n"
		  "[close]\nyear = 2024\nschool = C\ndemolition_cost = 100000\n"
		  "[refurbish]\nyear = 2025\nschool = B\ncondition = B\ncost = 1000000\ndecant_cost = 200000\n"
		  "[new]\nyear = 2025\nid = N\nsector = primary\nx = 4000\ny = 0\ncapacity = 100\n"
		  "cost = 5000000\nland_cost = 300000\n",
		  SCENARIO_NEAREST, &sc, &b, &res);
	ck_assert_double_eq_tol(sc.v[0].demolition_gbp, 100000, TOL);
	ck_assert_double_eq_tol(sc.v[1].decant_gbp, 200000, TOL);
	ck_assert_double_eq_tol(sc.v[2].cost_gbp, 5000000, TOL);
	ck_assert_double_eq_tol(sc.v[2].land_gbp, 300000, TOL);
	ck_assert_double_eq_tol(kpi(&res, 0, SK_CAPITAL_GBP), 0, TOL);
	ck_assert_double_eq_tol(kpi(&res, 1, SK_CAPITAL_GBP), 100000, TOL);
	ck_assert_double_eq_tol(kpi(&res, 2, SK_CAPITAL_GBP), 6500000, TOL);
	ck_assert_int_eq(scenario_wlc_eval(&wlc, &res, &f.w, &f.p, 3, &f.err), LE_OK);
	ck_assert_double_eq_tol(wlc.line[0 * SW_NLINES + SW_CAPITAL], 4900000, TOL);
	ck_assert_double_eq_tol(wlc.line[0 * SW_NLINES + SW_OPTIMISM], 1239000, TOL);
	ck_assert_double_eq_tol(wlc.line[1 * SW_NLINES + SW_CAPITAL], 1700000, TOL);
	ck_assert_double_eq_tol(wlc.line[1 * SW_NLINES + SW_OPTIMISM], 543000, TOL);
	ck_assert_double_eq_tol(wlc.line[2 * SW_NLINES + SW_CAPITAL], 0, TOL);
	ck_assert_double_eq_tol(wlc.line[2 * SW_NLINES + SW_OPTIMISM], 0, TOL);
	scenario_wlc_release(&wlc);
	eval_done(&f, &sc, &b, &res);

	/* A negative given cost is refused with its line. */
	fx_init(&f, 0);
	ck_assert_int_eq(fx_read(&f, "[scenario]\nname = x\n[close]\nyear = 2024\nschool = C\ndecant_cost = -5\n",
				 &sc, NULL), LE_EDATA);
	ck_assert_ptr_nonnull(strstr(f.err.msg, ":6: [close] decant_cost cannot be below zero, got '-5'"));
	fx_release(&f);
}
END_TEST

/* The KPIs that add up over councils (counts, pupils, places, costs). */
static const int additive[] = {
	SK_PUPILS, SK_CAPACITY, SK_SCHOOLS_OPEN, SK_BAND_LE40, SK_BAND_41_60,
	SK_BAND_61_80, SK_BAND_81_100, SK_BAND_GT100, SK_SURPLUS, SK_SHORTFALL,
	SK_OVER_CAPACITY, SK_UNPLACED, SK_BEYOND_LIMIT, SK_TRANSPORT_GBP,
	SK_PUPILS_CD, SK_INTO_AB, SK_MOVED, SK_MOVED_NEW_BEYOND, SK_CAPITAL_GBP,
	SK_CAPITAL_TO_DATE_GBP, SK_RUNNING_GBP, SK_STRAIGHT_PUPILS,
};

static double ckpi(const struct scenario_result *res, int y, int c, int i)
{
	return scenario_kpi_council(res, y, c)[i];
}

/*
 * Per-council cost rates ([council CODE] section.key) reach the KPIs and
 * the appraisal through the one rate function, for that council's
 * schools only. The two-council line region: C2 holds B (grade C) and C
 * (grade A), 200 places each, primary. C2's per-school running cost set
 * to 0 lowers the region's running KPI by 2 x 200,000 and C1's not at
 * all; C2's lifecycle for grade C set to 0 lowers the lifecycle line by
 * B's 200 x 8.5 = 1,700 m2 x 25 = 42,500 a year, and nothing else.
 */
START_TEST(test_wlc_council_rates)
{
	struct fx f;
	struct scenario_result b0, b1;
	struct scenario_wlc w0, w1;
	struct le_err err;
	int y, t;

	fx_councils = 0;
	fx_init(&f, 0);
	fx_councils = -1;
	ck_assert_int_eq(scenario_eval(&b0, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_int_eq(scenario_wlc_eval(&w0, &b0, &f.w, &f.p, 5, &f.err), LE_OK);
	le_err_clear(&err);
	ck_assert_int_eq(scenario_params_set(&f.p, "council C2", "running.primary_gbp_per_school", "0", &err), LE_OK);
	ck_assert_int_eq(scenario_params_set(&f.p, "council C2", "lifecycle.C", "0", &err), LE_OK);
	ck_assert_int_eq(scenario_eval(&b1, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_int_eq(scenario_wlc_eval(&w1, &b1, &f.w, &f.p, 5, &f.err), LE_OK);
	for (y = 0; y < 3; y++) {
		ck_assert_double_eq_tol(kpi(&b0, y, SK_RUNNING_GBP) - kpi(&b1, y, SK_RUNNING_GBP), 400000, TOL);
		ck_assert_double_eq_tol(ckpi(&b0, y, 0, SK_RUNNING_GBP), ckpi(&b1, y, 0, SK_RUNNING_GBP), TOL);
	}
	for (t = 0; t < 5; t++) {
		ck_assert_double_eq_tol(w0.line[t * SW_NLINES + SW_LIFECYCLE] -
					w1.line[t * SW_NLINES + SW_LIFECYCLE], 42500, TOL);
		ck_assert_double_eq_tol(w0.line[t * SW_NLINES + SW_BACKLOG],
					w1.line[t * SW_NLINES + SW_BACKLOG], TOL);
		ck_assert_double_eq_tol(w0.line[t * SW_NLINES + SW_RUNNING] -
					w1.line[t * SW_NLINES + SW_RUNNING], 400000, TOL);
	}
	scenario_wlc_release(&w0);
	scenario_wlc_release(&w1);
	scenario_result_release(&b0);
	scenario_result_release(&b1);
	fx_release(&f);

	/* Transport at the rate of the council where the pupils live: with
	 * cross_boundary on, Z3's 60 secondary pupils (C2) go 5,000 m to H
	 * (C1), beyond the limit; C2's rate 2,000 makes it 120,000 (not 60 x
	 * 1,100), and the appraisal's line is that KPI. */
	fx_councils = 1;
	fx_init(&f, 0);
	fx_councils = -1;
	ck_assert_int_eq(scenario_params_set(&f.p, "council C2", "transport.secondary_gbp_per_entitled_pupil",
					     "2000", &err), LE_OK);
	ck_assert_int_eq(scenario_eval(&b0, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_int_eq(scenario_wlc_eval(&w0, &b0, &f.w, &f.p, 5, &f.err), LE_OK);
	ck_assert_double_eq_tol(kpi(&b0, 0, SK_BEYOND_LIMIT), 60, TOL);
	ck_assert_double_eq_tol(kpi(&b0, 0, SK_TRANSPORT_GBP), 120000, TOL);
	ck_assert_double_eq_tol(w0.line[4 * SW_NLINES + SW_TRANSPORT], 120000, TOL);
	scenario_wlc_release(&w0);
	scenario_result_release(&b0);
	fx_release(&f);
}
END_TEST

/*
 * The collaborative's view on the two-council line region, cross_boundary
 * off: every additive KPI of the two councils sums to the region's, every
 * year, for the baseline and for a scenario that extends A (capital in
 * C1) and closes C (Z3's pupils move to B, both in C2); utilisation and
 * mean distance recomputed from the councils' sums equal the region's;
 * no pupil is placed outside their council. Hand figures, 2023: C1's
 * schools A (Z0 + Z1: 140 primary) and H (Z0 + Z1 secondary only: 2 x 6
 * stages x 10 = 120, calibrated to its roll 240); C2's B 70 and C 70;
 * C2's 120 secondary pupils have no school in their council: unplaced.
 */
START_TEST(test_council_breakdown)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	const struct scenario_result *rs[2];
	int y, i, c, q, e, r;
	char *dir;

	fx_councils = 0;
	fx_init(&f, 0);
	fx_councils = -1;
	dir = eval_write(&f, "[scenario]\nname = x\n[extend]\nyear = 2024\nschool = A\nplaces = 50\n"
			 "[close]\nyear = 2024\nschool = C\n", SCENARIO_NEAREST, &sc, &b, &res);
	/* comparison.csv: the region's rows ("all") first, then each
	 * council's. By hand, 2023: C1 = A 140 (of 200 places: 70 %, band
	 * 61-80) + H 240 (no capacity, so not in utilisation); C2 = B 70 +
	 * C 70 (35 % each, band <= 40), 120 unplaced; all = the sums,
	 * utilisation 280 / 600. */
	{
		static const char *const want[] = {
			"scenario,policy,year,row,council,pupils,capacity,utilisation_pct,schools_open,"
			"schools_util_le40,schools_util_41_60,schools_util_61_80,schools_util_81_100,"
			"schools_util_over100,surplus_places,shortfall_places,schools_over_capacity,"
			"schools_over_capacity_high,unplaced_pupils,",
			"baseline,nearest,2023,value,all,520.00,600.00,46.67,4,2,0,1,0,0,320.00,0.00,0,0,120.00,",
			"baseline,nearest,2023,value,C1,380.00,200.00,70.00,2,0,0,1,0,0,60.00,0.00,0,0,0.00,",
			"baseline,nearest,2023,value,C2,140.00,400.00,35.00,2,2,0,0,0,0,260.00,0.00,0,0,120.00,",
		};
		char path[512], line[8192];
		FILE *fp;
		size_t n = 0;

		snprintf(path, sizeof(path), "%s/comparison.csv", dir);
		fp = fopen(path, "r");
		ck_assert_ptr_nonnull(fp);
		while (fgets(line, sizeof(line), fp) && n < sizeof(want) / sizeof(want[0]))
			if (n == 0 || !strncmp(line, "baseline,nearest,2023,", 22)) {
				ck_assert_msg(!strncmp(line, want[n], strlen(want[n])), "line %zu: %s", n, line);
				n++;
			}
		fclose(fp);
		ck_assert_int_eq((int)n, 4);
		/* kpis.csv: the same figures by year and council. */
		ck_assert_str_eq(kcell(dir, "baseline", "2023,C2", "unplaced_pupils"), "120.00");
		ck_assert_str_eq(kcell(dir, "baseline", "2023,all", "pupils"), "520.00");
	}
	free(dir);
	rs[0] = &b;
	rs[1] = &res;
	ck_assert_int_eq(b.ncouncils, 2);
	ck_assert_double_eq_tol(ckpi(&b, 0, 0, SK_PUPILS), 140 + 240, TOL);
	ck_assert_double_eq_tol(ckpi(&b, 0, 1, SK_PUPILS), 140, TOL);
	ck_assert_double_eq_tol(ckpi(&b, 0, 1, SK_UNPLACED), 120, TOL);
	ck_assert_double_eq_tol(ckpi(&b, 0, 0, SK_UNPLACED), 0, TOL);
	ck_assert_double_eq_tol(ckpi(&res, 1, 0, SK_CAPITAL_GBP), kpi(&res, 1, SK_CAPITAL_GBP), TOL);
	ck_assert(ckpi(&res, 1, 0, SK_CAPITAL_GBP) > 0);
	ck_assert_double_eq_tol(ckpi(&res, 1, 1, SK_MOVED), 70, TOL);
	ck_assert_double_eq_tol(ckpi(&res, 1, 0, SK_MOVED), 0, TOL);
	for (r = 0; r < 2; r++)
		for (y = 0; y < rs[r]->nyears; y++) {
			const struct scenario_alloc *a = &rs[r]->years[y];
			double cap = 0, used = 0, dw = 0, dsum = 0;

			for (i = 0; i < (int)(sizeof(additive) / sizeof(additive[0])); i++)
				ck_assert_msg(fabs(ckpi(rs[r], y, 0, additive[i]) + ckpi(rs[r], y, 1, additive[i]) -
						   kpi(rs[r], y, additive[i])) < 1e-6,
					      "%s: %s in year %d: councils %.6f + %.6f, region %.6f",
					      rs[r]->name, scenario_kpi_name(additive[i]), y,
					      ckpi(rs[r], y, 0, additive[i]), ckpi(rs[r], y, 1, additive[i]),
					      kpi(rs[r], y, additive[i]));
			/* Ratios from the sums: utilisation over places; mean
			 * distance over the pupils placed (here every placed
			 * pupil is in their council, none held). */
			for (c = 0; c < 2; c++) {
				cap += ckpi(rs[r], y, c, SK_CAPACITY);
				used += ckpi(rs[r], y, c, SK_UTIL_PCT) * ckpi(rs[r], y, c, SK_CAPACITY) / 100;
				dw += ckpi(rs[r], y, c, SK_PUPILS);
				dsum += ckpi(rs[r], y, c, SK_DIST_MEAN_M) * ckpi(rs[r], y, c, SK_PUPILS);
			}
			ck_assert_double_eq_tol(used / cap * 100, kpi(rs[r], y, SK_UTIL_PCT), 1e-9);
			ck_assert_double_eq_tol(dsum / dw, kpi(rs[r], y, SK_DIST_MEAN_M), 1e-9);
			/* Cross-boundary off: every placed pupil is taught in
			 * the council where they live. */
			for (q = 0; q < rs[r]->nkeys; q++)
				for (e = a->start[q]; e < a->start[q + 1]; e++)
					ck_assert_int_eq(f.w.s[a->school[e]].council,
							 f.r.zones[SCENARIO_KEY_ZONE(&f.w.grp, q)].council);
		}
	eval_done(&f, &sc, &b, &res);

	/* Cross-boundary on: C2's secondary pupils go to H in C1, counted
	 * in C1's roll (school side) and in C2's distances (pupil side). */
	fx_councils = 1;
	fx_init(&f, 0);
	fx_councils = -1;
	eval_text(&f, "[scenario]\nname = x\n[close]\nyear = 2024\nschool = C\n",
		  SCENARIO_NEAREST, &sc, &b, &res);
	ck_assert_double_eq_tol(ckpi(&b, 0, 1, SK_UNPLACED), 0, TOL);
	ck_assert_double_eq_tol(ckpi(&b, 0, 0, SK_PUPILS) + ckpi(&b, 0, 1, SK_PUPILS),
				kpi(&b, 0, SK_PUPILS), TOL);
	ck_assert_double_eq_tol(ckpi(&b, 0, 1, SK_PUPILS), 140, TOL);
	eval_done(&f, &sc, &b, &res);
}
END_TEST

/*
 * models/consult.ini: the shipped file reads with its values; a share
 * above 1, car + bus above 1, an unknown key and a missing key are
 * errors naming the file and line (or the key).
 */
START_TEST(test_consult_params)
{
	static const char *const good =
		"[travel]\nschool_days = 190\ntrips_per_day = 2\ncar_km_per_pupil_km = 2\n"
		"[mode_split]\ncar_within_limit = 0.25\nbus_within_limit = 0.05\n"
		"car_beyond_limit = 0.1\nbus_beyond_limit = 0.9\n"
		"[factors]\ncar_kg_co2e_per_km = 0.168\nbus_kg_co2e_per_passenger_km = 0.102\n";
	struct scenario_consult_params cp;
	struct le_err e;
	struct buf t;
	char *path;

	le_err_clear(&e);
	ck_assert_int_eq(scenario_consult_params_read(&cp, "models/consult.ini", &e), LE_OK);
	ck_assert(cp.school_days == 190 && cp.car_share[1] == 0.10 && cp.bus_share[1] == 0.90);
	ck_assert(cp.car_kg_per_km == 0.168 && cp.bus_kg_per_pkm == 0.102);
	scenario_consult_params_release(&cp);
	path = tu_write_tmp(".ini", good);
	ck_assert_int_eq(scenario_consult_params_read(&cp, path, &e), LE_OK);
	ck_assert(cp.car_share[0] == 0.25 && cp.trips_per_day == 2);
	scenario_consult_params_release(&cp);
	free(path);
	buf_init(&t);
	buf_adds(&t, good);
	buf_adds(&t, "[mode_split]\ncar_beyond_limit = 1.5\n");
	path = tu_write_tmp(".ini", t.s);
	ck_assert_int_eq(scenario_consult_params_read(&cp, path, &e), LE_EPARSE);
	ck_assert_ptr_nonnull(strstr(e.msg, ":14: [mode_split] car_beyond_limit must be a number from 0 to 1 (a share), got '1.5'"));
	free(path);
	buf_reset(&t);
	buf_adds(&t, good);
	buf_adds(&t, "[mode_split]\ncar_beyond_limit = 0.2\n");
	path = tu_write_tmp(".ini", t.s);
	le_err_clear(&e);
	ck_assert_int_eq(scenario_consult_params_read(&cp, path, &e), LE_EPARSE);
	ck_assert_ptr_nonnull(strstr(e.msg, ": [mode_split] car and bus shares beyond the limit add up to more than 1"));
	free(path);
	path = tu_write_tmp(".ini", "[travel]\nschool_dayz = 190\n");
	le_err_clear(&e);
	ck_assert_int_eq(scenario_consult_params_read(&cp, path, &e), LE_EPARSE);
	ck_assert_ptr_nonnull(strstr(e.msg, ":2: unknown key 'school_dayz' in [travel]"));
	free(path);
	path = tu_write_tmp(".ini", "[travel]\nschool_days = 190\n");
	le_err_clear(&e);
	ck_assert_int_eq(scenario_consult_params_read(&cp, path, &e), LE_EPARSE);
	ck_assert_ptr_nonnull(strstr(e.msg, ": missing 'trips_per_day' in [travel]"));
	free(path);
	buf_release(&t);
}
END_TEST

/* The stage groups of schools teaching the stage sets in texts (n of
 * them, in that order and then reversed: the partition must not depend
 * on the order), as "label; label; ..." with scenario_groups_label. */
static void groups_text(const struct le_stages *st, const char *const *texts, int n,
			char *out, size_t len)
{
	struct scenario_groups gr, rev;
	unsigned bits[8], rbits[8];
	struct buf b;
	int i;

	ck_assert_int_le(n, 8);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(le_stages_parse(st, texts[i], &bits[i]), 0);
		rbits[n - 1 - i] = bits[i];
	}
	scenario_groups_build(&gr, st, bits, n);
	scenario_groups_build(&rev, st, rbits, n);
	ck_assert(memcmp(&gr, &rev, sizeof(gr)) == 0);
	ck_assert_int_eq(gr.nkg, gr.n * MODEL_NSTREAMS);
	buf_init(&b);
	out[0] = '\0';
	for (i = 0; i < gr.n; i++) {
		scenario_groups_label(&gr, st, i, &b);
		snprintf(out + strlen(out), len - strlen(out), "%s%s", i ? "; " : "", b.s);
	}
	buf_release(&b);
}

/*
 * The stage groups, by hand: the coarsest split of each sector's stages
 * that every school teaches wholly or not at all. Scotland's whole-
 * sector schools: one group per sector (the keys as before stage
 * groups). England: an infant (R-Y2) and a junior (Y3-Y6) school beside
 * R-Y6 primaries split the primary stages in two; an 11-16 school, an
 * 11-18 school and a sixth form split the secondary ones into Y7-Y11
 * and Y12-Y13; a middle school (Y5-Y8) beside R-Y6 and Y7-Y13 schools
 * splits both sectors at its edges. Labels name the stages only where a
 * sector is split.
 */
START_TEST(test_stage_groups)
{
	struct le_stages sco, eng;
	struct le_err err;
	struct scenario_groups gr;
	unsigned bits;
	char got[256];
	static const char *const scot[] = { "P1-P7", "S1-S6", "P1-S6" };
	static const char *const infant[] = { "R-Y6", "R-Y2", "Y3-Y6", "Y7-Y13" };
	static const char *const sixth[] = { "R-Y6", "Y7-Y11", "Y7-Y13", "Y12-Y13" };
	static const char *const middle[] = { "R-Y6", "Y5-Y8", "Y7-Y13" };
	static const char *const none[] = { "R-Y6" };

	le_stages_scotland(&sco);
	le_err_clear(&err);
	ck_assert_msg(io_stages_read("models/stages-england.ini", &eng, &err) == LE_OK, "%s", err.msg);
	groups_text(&sco, scot, 3, got, sizeof(got));
	ck_assert_str_eq(got, "primary; secondary");
	/* Scotland: group j is sector j, so the key layout is the old one. */
	ck_assert_int_eq(le_stages_parse(&sco, "P1-P7", &bits), 0);
	scenario_groups_build(&gr, &sco, &bits, 1);
	ck_assert_int_eq(gr.n, 2);
	ck_assert_int_eq(gr.nkg, 6);
	ck_assert_int_eq(gr.sector[0], 0);
	ck_assert_int_eq(gr.sector[1], 1);
	ck_assert_uint_eq(gr.stages[0], bits);
	ck_assert_int_eq(gr.of[le_stages_find(&sco, "S6")], 1);
	groups_text(&eng, infant, 4, got, sizeof(got));
	ck_assert_str_eq(got, "primary R-Y2; primary Y3-Y6; secondary");
	groups_text(&eng, sixth, 4, got, sizeof(got));
	ck_assert_str_eq(got, "primary; secondary Y7-Y11; secondary Y12-Y13");
	groups_text(&eng, middle, 3, got, sizeof(got));
	ck_assert_str_eq(got, "primary R-Y4; primary Y5-Y6; secondary Y7-Y8; secondary Y9-Y13");
	/* No secondary school at all: the sector is still one group (its
	 * pupils unplaced, not dropped). */
	groups_text(&eng, none, 1, got, sizeof(got));
	ck_assert_str_eq(got, "primary; secondary");
	/* The group of a stage, and a key's model key: with one 11-16
	 * school the groups are R-Y6, Y7-Y11, Y12-Y13 (9 keys a zone);
	 * zone 2's Y12-Y13 and Y7-Y11 RC keys are both model key (zone 2,
	 * secondary, RC). */
	ck_assert_int_eq(le_stages_parse(&eng, "Y7-Y11", &bits), 0);
	scenario_groups_build(&gr, &eng, &bits, 1);
	ck_assert_int_eq(gr.n, 3);
	ck_assert_int_eq(gr.of[le_stages_find(&eng, "Y12")], 2);
	ck_assert_int_eq(gr.of[le_stages_find(&eng, "Y11")], 1);
	ck_assert_int_eq(gr.of[le_stages_find(&eng, "R")], 0);
	ck_assert_int_eq(SCENARIO_KEY(&gr, 2, SCENARIO_GROUP(2, MODEL_RC)), 2 * 9 + 2 * 3 + MODEL_RC);
	ck_assert_int_eq(SCENARIO_MODEL_KEY(&gr, 2 * 9 + 2 * 3 + MODEL_RC), (2 * 2 + 1) * 3 + MODEL_RC);
	ck_assert_int_eq(SCENARIO_MODEL_KEY(&gr, 2 * 9 + 1 * 3 + MODEL_RC), (2 * 2 + 1) * 3 + MODEL_RC);
	ck_assert_int_eq(SCENARIO_MODEL_KEY(&gr, 2 * 9 + 0 * 3 + MODEL_ND), (2 * 2 + 0) * 3 + MODEL_ND);
}
END_TEST

Suite *suite_scenario(void)
{
	Suite *s = suite_create("scenario");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_baseline_nearest);
	tcase_add_test(tc, test_consult_params);
	tcase_add_test(tc, test_close);
	tcase_add_test(tc, test_kpi_over_capacity_high);
	tcase_add_test(tc, test_progression_spread);
	tcase_add_test(tc, test_merge_extend_reduce_refurbish);
	tcase_add_test(tc, test_new_catchment_housing);
	tcase_add_test(tc, test_phasing_intake);
	tcase_add_test(tc, test_capacity);
	tcase_add_test(tc, test_mincost_brute);
	tcase_add_test(tc, test_mincost_glpk);
	tcase_add_test(tc, test_mincost_full_sink);
	tcase_add_test(tc, test_capacity_held);
	tcase_add_test(tc, test_option_independent);
	tcase_add_test(tc, test_capacity_tight);
	tcase_add_test(tc, test_bad_files);
	tcase_add_test(tc, test_school_find);
	tcase_add_test(tc, test_include);
	tcase_add_test(tc, test_school_names_in_keys);
	tcase_add_test(tc, test_bad_outside);
	tcase_add_test(tc, test_identical_reruns);
	tcase_add_test(tc, test_maps_closure);
	tcase_add_test(tc, test_kpi_housing_only);
	tcase_add_test(tc, test_kpi_refurbish_in_place);
	tcase_add_test(tc, test_kpi_close_movers);
	tcase_add_test(tc, test_walk_by_stage);
	tcase_add_test(tc, test_kpi_bands_na);
	tcase_add_test(tc, test_formula_name_csv);
	tcase_add_test(tc, test_gaelic_one_rule);
	tcase_add_test(tc, test_catchment_stream);
	tcase_add_test(tc, test_close_refused);
	tcase_add_test(tc, test_costs_ini);
	tcase_add_test(tc, test_wlc_delayed_opening);
	tcase_add_test(tc, test_given_costs);
	tcase_add_test(tc, test_wlc_council_rates);
	tcase_add_test(tc, test_council_breakdown);
	tcase_add_test(tc, test_stage_groups);
	suite_add_tcase(s, tc);
	return s;
}
