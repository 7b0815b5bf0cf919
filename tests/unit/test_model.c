/*
 * test_model.c: the roll projection on regions built by hand, so that
 * every number can be checked with a pencil: a 3-zone, 2-school, 3-year
 * demand case (ageing, participation, nearest allocation, calibration,
 * housing), conservation, staying-on, the progression method on a 4-year
 * stage history, the shipped parameter files, and the exact messages for
 * broken parameter files.
 */
#include "testutil.h"

#include "model/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-6

/*
 * Parameters that keep the arithmetic short: each stage is fed by one
 * single year of age (P1 = 5 ... S6 = 17, younger_share 1); the rest are
 * the Scottish defaults (staying-on 0.85 / 0.65, PPR 0.25 / 0.05 / 0.15 /
 * 0.03).
 */
static void simple_params(struct model_params *p, struct region *r)
{
	int s;

	model_params_default(p);
	(void)r;
	for (s = 0; s < TU_NSTAGES; s++)
		p->st.age[s] = 5 + s;
	p->st.younger_share = 1;
}

static int add_zone(struct region *r, const char *id, double x)
{
	int z = region_add_zone(r, id);

	r->zones[z].px = x;
	r->zones[z].py = 0;
	r->zones[z].has_geom = 1;
	r->zones[z].has_pop = 1;
	return z;
}

static int add_school(struct region *r, const char *id, int sector,
		      double x, double roll, double cap)
{
	int k = region_add_school(r, id);
	struct school *sc = &r->schools[k];

	sc->name = xstrdup(id);
	sc->denom_text = xstrdup("Non-denominational");
	sc->sector = sector;
	sc->stages = sector == LE_PRIMARY ? TU_PRIMARY :
		     sector == LE_SECONDARY ? TU_SECONDARY :
		     TU_PRIMARY | TU_SECONDARY;
	sc->x = x;
	sc->y = 0;
	sc->roll = roll;
	sc->capacity = cap;
	return k;
}

static void set_pop(struct region *r, int z, int a, double v)
{
	r->pop[(size_t)z * LE_NAGES + a] = v;
}

/* Nearest allocation by straight line (detour 1: the hand case's
 * distances are the coordinates' differences). */
static void nearest(struct model *m, const struct region *r)
{
	struct model_cands c;

	model_cands_straight(&c, r, r->nschools, 1.0);
	model_alloc_nearest(m, &c);
	model_cands_release(&c);
}

static double total(const struct model *m, int y, int k)
{
	return m->total[(size_t)y * m->nschools + k];
}

/*
 * The hand case. Population year = base year = 2023, horizon 2 (2023,
 * 2024, 2025). Zones on a line: Z0 at x = 0, Z1 at 900, Z2 at 2000;
 * primaries A at x = 0 (roll 200) and B at x = 2000 (roll 51); no
 * secondary school. Ages (cohort change 1, so a cohort keeps its size):
 *   Z0: age 3 = 12, 4 = 11, 5..10 = 10, 11 = 16
 *   Z1: ages 3..11 = 20
 *   Z2: age 3 = 19, 4 = 12, 5..11 = 5
 * Primary (ages 5..11) per year: year Y takes ages 5-d .. 11-d of 2023.
 *   Z0: 2023 6x10 + 16 = 76; 2024 ages 4..10: 11 + 60 = 71;
 *       2025 ages 3..9: 12 + 11 + 50 = 73
 *   Z1: 140 every year
 *   Z2: 2023 7x5 = 35; 2024: 12 + 6x5 = 42; 2025: 19 + 12 + 5x5 = 56
 * Participation = roll / children = (200 + 51) / (76 + 140 + 35) = 1.
 * Nearest: Z0 -> A (0 m), Z1 -> A (900 m vs 1100 m), Z2 -> B.
 * Modelled base rolls: A 76 + 140 = 216, B 35.
 * Calibration: A 200 / 216 = 0.925926, B 51 / 35 = 1.457143.
 *   A: 2023 216 x 200/216 = 200; 2024 211 x 200/216 = 195.370370;
 *      2025 213 x 200/216 = 197.222222
 *   B: 2023 35 x 51/35 = 51; 2024 42 x 51/35 = 61.2; 2025 56 x 51/35 = 81.6
 * Housing: 100 houses in Z2 completing 2025 add 100 x 0.25 = 25 primary
 * pupils (25/7 per stage, uncalibrated) to B from 2025: 81.6 + 25 = 106.6;
 * and 100 x 0.15 = 15 secondary pupils, unplaced (no secondary school).
 */
static void hand_region(struct region *r)
{
	int a;

	region_init(r, "EPSG:27700");
	add_zone(r, "Z0", 0);
	add_zone(r, "Z1", 900);
	add_zone(r, "Z2", 2000);
	region_pop_grow(r);
	r->pop_year = 2023;
	set_pop(r, 0, 3, 12);
	set_pop(r, 0, 4, 11);
	for (a = 5; a <= 10; a++)
		set_pop(r, 0, a, 10);
	set_pop(r, 0, 11, 16);
	for (a = 3; a <= 11; a++)
		set_pop(r, 1, a, 20);
	set_pop(r, 2, 3, 19);
	set_pop(r, 2, 4, 12);
	for (a = 5; a <= 11; a++)
		set_pop(r, 2, a, 5);
	add_school(r, "A", LE_PRIMARY, 0, 200, 250);
	add_school(r, "B", LE_PRIMARY, 2000, 51, 60);
}

static void hand_model(struct model *m, struct region *r, struct le_diags *d,
		       int with_housing)
{
	struct model_params p;
	struct le_err err;

	hand_region(r);
	simple_params(&p, r);
	model_init_params(m, r, &p, 2023, 2);
	if (with_housing) {
		m->sites = xcalloc(1, sizeof(*m->sites));
		m->sites[0].id = xstrdup("site1");
		m->sites[0].zone = 2;
		m->sites[0].year = 2025;
		m->sites[0].dwelling = MODEL_HOUSE;
		m->sites[0].units = 100;
		m->nsites = 1;
	}
	nearest(m, r);
	le_diags_init(d);
	le_err_clear(&err);
	ck_assert_int_eq(model_run(m, d, &err), LE_OK);
}

START_TEST(test_hand_case)
{
	struct region r;
	struct model m;
	struct le_diags d;
	int s;

	hand_model(&m, &r, &d, 1);
	ck_assert_double_eq_tol(m.participation[0], 1.0, TOL);
	ck_assert_double_eq_tol(m.factor[0], 200.0 / 216.0, TOL);
	ck_assert_double_eq_tol(m.factor[1], 51.0 / 35.0, TOL);
	/* Demand by zone, summed over P1-P7, each year (no RC schools: all
	 * non-denominational). */
	{
		static const double want[3][3] = {
			{ 76, 140, 35 }, { 71, 140, 42 }, { 73, 140, 56 }
		};
		int y, z;

		for (y = 0; y < 3; y++)
			for (z = 0; z < 3; z++) {
				double v = 0;
				for (s = 0; s < 7; s++) {
					v += m.demand[MODEL_D(&m, y, z, s, MODEL_ND)];
					ck_assert_double_eq_tol(m.demand[MODEL_D(&m, y, z, s, MODEL_RC)], 0, TOL);
				}
				ck_assert_double_eq_tol(v, want[y][z], TOL);
			}
	}
	ck_assert_double_eq_tol(total(&m, 0, 0), 200, TOL);
	ck_assert_double_eq_tol(total(&m, 1, 0), 211 * 200.0 / 216.0, TOL);
	ck_assert_double_eq_tol(total(&m, 1, 0), 195.370370, TOL);
	ck_assert_double_eq_tol(total(&m, 2, 0), 197.222222, TOL);
	ck_assert_double_eq_tol(total(&m, 0, 1), 51, TOL);
	ck_assert_double_eq_tol(total(&m, 1, 1), 61.2, TOL);
	ck_assert_double_eq_tol(total(&m, 2, 1), 106.6, TOL);
	/* One stage: A's P1 in 2023 is ages 5 of Z0 and Z1, (10 + 20) x
	 * 200/216 = 27.777778; B's P1 in 2025 is age 3 of Z2 in 2023, 19 x
	 * 51/35 = 27.685714, plus 25/7 = 3.571429 from the houses. */
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 0, 0, 0)], 27.777778, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 2, 1, 0)], 19 * 51.0 / 35.0 + 25.0 / 7.0, TOL);
	/* No secondary school: the 15 secondary pupils of the site are
	 * unplaced in 2025, none before. */
	{
		double u[3] = { 0, 0, 0 };
		int y, t;

		for (y = 0; y < 3; y++)
			for (s = 0; s < TU_NSTAGES; s++)
				for (t = 0; t < MODEL_NSTREAMS; t++)
					u[y] += m.unplaced[MODEL_U(&m, y, s, t)];
		ck_assert_double_eq_tol(u[0], 0, TOL);
		ck_assert_double_eq_tol(u[1], 0, TOL);
		ck_assert_double_eq_tol(u[2], 15, TOL);
	}
	ck_assert_int_eq(m.source[0], MODEL_SRC_DEMAND);
	ck_assert_int_eq((int)d.n, 0);
	model_release(&m);
	region_release(&r);
	le_diags_release(&d);
}
END_TEST

/* allocated + unplaced = demand + housing, every year and stage. */
START_TEST(test_conservation)
{
	struct region r;
	struct model m;
	struct le_diags d;
	int y, s, t, z, k;

	hand_model(&m, &r, &d, 1);
	for (y = 0; y < m.nyears; y++)
		for (s = 0; s < TU_NSTAGES; s++) {
			double dem = 0, got = 0;

			for (z = 0; z < m.nzones; z++)
				for (t = 0; t < MODEL_NSTREAMS; t++)
					dem += m.demand[MODEL_D(&m, y, z, s, t)] +
					       m.housing[MODEL_D(&m, y, z, s, t)];
			for (k = 0; k < m.nschools; k++)
				got += m.alloc[MODEL_K(&m, y, k, s)] + m.alloc_h[MODEL_K(&m, y, k, s)];
			for (t = 0; t < MODEL_NSTREAMS; t++)
				got += m.unplaced[MODEL_U(&m, y, s, t)];
			ck_assert_double_eq_tol(got, dem, 1e-9);
		}
	model_release(&m);
	region_release(&r);
	le_diags_release(&d);
}
END_TEST

/* The base year reproduces every observed roll after calibration, with
 * an RC stream, a special school and a far-off zone in play. */
START_TEST(test_base_year_exact)
{
	struct region r;
	struct model m;
	struct model_params p;
	struct le_diags d;
	struct le_err err;
	int k, a;

	hand_region(&r);
	k = add_school(&r, "R", LE_PRIMARY, 1000, 37, 50);
	r.schools[k].denom = LE_RC;
	add_school(&r, "X", LE_SPECIAL, 500, 12, 20);
	for (a = 0; a < 18; a++)
		set_pop(&r, 1, a, 20 + a);
	simple_params(&p, &r);
	model_init_params(&m, &r, &p, 2023, 3);
	nearest(&m, &r);
	le_diags_init(&d);
	ck_assert_int_eq(model_run(&m, &d, &err), LE_OK);
	for (k = 0; k < r.nschools; k++)
		ck_assert_double_eq_tol(total(&m, 0, k), r.schools[k].roll, 1e-9);
	/* RC share = 37 / (200 + 51 + 37); the special school is held. */
	ck_assert_double_eq_tol(m.rc_share[0], 37.0 / 288.0, 1e-12);
	ck_assert_int_eq(m.source[3], MODEL_SRC_HELD);
	model_release(&m);
	region_release(&r);
	le_diags_release(&d);
}
END_TEST

/* A housing site adds exactly units x PPR from its year on, nothing before. */
START_TEST(test_housing_yield)
{
	struct region r;
	struct model with, without;
	struct le_diags d1, d2;
	int y;

	hand_model(&with, &r, &d1, 1);
	region_release(&r);
	hand_model(&without, &r, &d2, 0);
	for (y = 0; y < 3; y++) {
		double diff = total(&with, y, 1) - total(&without, y, 1);
		/* 100 houses x 0.25 primary pupils from 2025 (index 2). */
		ck_assert_double_eq_tol(diff, y < 2 ? 0 : 25, 1e-9);
		ck_assert_double_eq_tol(total(&with, y, 0), total(&without, y, 0), 1e-9);
	}
	model_release(&with);
	model_release(&without);
	region_release(&r);
	le_diags_release(&d1);
	le_diags_release(&d2);
}
END_TEST

/* S5 = 0.85 x the S4 cohort, S6 = 0.85 x 0.65 of its cohort, both in
 * demand and in how housing pupils spread over S1-S6. */
START_TEST(test_staying_on)
{
	struct region r;
	struct model m;
	struct model_params p;
	struct le_diags d;
	struct le_err err;
	int a;

	region_init(&r, "EPSG:27700");
	add_zone(&r, "Z", 0);
	region_pop_grow(&r);
	r.pop_year = 2023;
	for (a = 0; a < 20; a++)
		set_pop(&r, 0, a, 100);
	add_school(&r, "H", LE_SECONDARY, 0, 300, 400);
	simple_params(&p, &r);
	model_init_params(&m, &r, &p, 2023, 1);
	nearest(&m, &r);
	le_diags_init(&d);
	ck_assert_int_eq(model_run(&m, &d, &err), LE_OK);
	/* Children: S1-S4 4 x 100, S5 85, S6 55.25; 540.25 in all, so
	 * participation = 300 / 540.25. */
	ck_assert_double_eq_tol(m.participation[1], 300 / 540.25, 1e-12);
	ck_assert_double_eq_tol(m.demand[MODEL_D(&m, 0, 0, 11, MODEL_ND)] /
				m.demand[MODEL_D(&m, 0, 0, 10, MODEL_ND)], 0.85, 1e-12);
	ck_assert_double_eq_tol(m.demand[MODEL_D(&m, 0, 0, 12, MODEL_ND)] /
				m.demand[MODEL_D(&m, 0, 0, 10, MODEL_ND)], 0.85 * 0.65, 1e-12);
	ck_assert_double_eq_tol(le_stages_stay(&r.stages, 12), 0.5525, 1e-12);
	model_release(&m);
	region_release(&r);
	le_diags_release(&d);
}
END_TEST

/* Ageing: forward with cohort change and the births index, backward as
 * observed; the mid-year mix of the Scottish stage mapping. */
START_TEST(test_ageing)
{
	struct region r;
	struct model_params p;
	int a;

	region_init(&r, "EPSG:27700");
	add_zone(&r, "Z", 0);
	region_pop_grow(&r);
	r.pop_year = 2021;
	for (a = 0; a < 10; a++)
		set_pop(&r, 0, a, 10 + a);
	model_params_default(&p);
	p.cohort_change[5] = 0.9;
	p.index_year0 = 2022;
	p.index_n = 1;
	p.births_index = xmalloc(sizeof(double));
	p.births_index[0] = 0.5;
	/* 2023, age 5: the 2021 age-3 cohort (13), x 0.9 at age 5. */
	ck_assert_double_eq_tol(model_pop_aged(&p, &r, 0, 5, 2023), 13 * 0.9, 1e-12);
	/* 2023, age 0: born 2023, after the series' first year: index 0.5
	 * held, x age-0 cohort 10. Age 1 in 2023: born 2022, index 0.5. */
	ck_assert_double_eq_tol(model_pop_aged(&p, &r, 0, 0, 2023), 5, 1e-12);
	ck_assert_double_eq_tol(model_pop_aged(&p, &r, 0, 1, 2023), 5, 1e-12);
	/* Age 2 in 2023 was age 0 in 2021: observed, 10. */
	ck_assert_double_eq_tol(model_pop_aged(&p, &r, 0, 2, 2023), 10, 1e-12);
	/* 2019, age 4: the 2021 age-6 cohort, 16. */
	ck_assert_double_eq_tol(model_pop_aged(&p, &r, 0, 4, 2019), 16, 1e-12);
	/* P1 in the 2021 census: 8/12 x age 4 (14) + 4/12 x age 5 (15). */
	ck_assert_double_eq_tol(model_stage_pop(&p, &r, 0, 0, 2021), 14 * 8.0 / 12 + 15 * 4.0 / 12, 1e-12);
	model_params_release(&p);
	region_release(&r);
}
END_TEST

/*
 * Progression on a hand-made 4-year history (2020-2023), N = 3.
 * One zone, every age 10 residents; primary P (roll 70, so participation
 * is 1 and the allocated P1 cohort is 10 in every year) and secondary H.
 * P history, P1 / P2 (P3-P7 are 10 every year):
 *   2020: 9 / 10   2021: 11 / 9   2022: 10 / 12   2023: 12 / 10
 * Ratios over the last 3 transitions:
 *   intake = (11 + 10 + 12) / 3 / 10 = 1.1
 *   g(P2) = (9/9 + 12/11 + 10/10) / 3 = 1.030303
 *   g(P3) = (10/10 + 10/9 + 10/12) / 3 = 0.981481; g(P4..P7) = 1
 * 2024: P1 = 1.1 x 10 = 11; P2 = 1.030303 x 12 = 12.363636;
 *       P3 = 0.981481 x 10 = 9.814815; P4..P7 = 10
 * 2025: P1 = 11; P2 = 1.030303 x 11 = 11.333333;
 *       P3 = 0.981481 x 12.363636 = 12.134680; P4 = 9.814815
 * H history: S1 8, 9, 8, 10; S2-S4 10; S5 8, 8, 9, 8; S6 6 every year.
 *   transfer = (9 + 8 + 10) / 3 / P7(=10) = 0.9 -> S1 2024 = 2025 = 9
 *   g(S2) = (10/8 + 10/9 + 10/8) / 3 = 1.203704 -> S2 2024 = 12.037037
 *   g(S5) = (8/10 + 9/10 + 8/10) / 3 = 0.833333 -> S5 2024 = 8.333333
 *   g(S6) = (6/8 + 6/8 + 6/9) / 3 = 0.722222 -> S6 2024 = 5.777778
 */
START_TEST(test_progression)
{
	static const double p1[4] = { 9, 11, 10, 12 }, p2[4] = { 10, 9, 12, 10 };
	static const double s1[4] = { 8, 9, 8, 10 }, s5[4] = { 8, 8, 9, 8 };
	struct region r;
	struct model m;
	struct model_params p;
	struct le_diags d;
	struct le_err err;
	struct model_history *h;
	int a, y, s;

	region_init(&r, "EPSG:27700");
	add_zone(&r, "Z", 0);
	region_pop_grow(&r);
	r.pop_year = 2023;
	for (a = 0; a <= 30; a++)
		set_pop(&r, 0, a, 10);
	add_school(&r, "P", LE_PRIMARY, 0, 70, 100);
	add_school(&r, "H", LE_SECONDARY, 0, 60, 100);
	simple_params(&p, &r);
	model_init_params(&m, &r, &p, 2023, 2);
	m.method = MODEL_PROGRESSION;
	m.prog_years = 3;
	h = &m.hist;
	h->year0 = 2020;
	h->nyears = 4;
	h->nschools = 2;
	h->nst = m.nst;
	h->pupils = xmalloc(sizeof(double) * MODEL_H(h, 2, 0, 0));
	h->has = xcalloc(2, 1);
	h->has[0] = h->has[1] = 1;
	for (y = 0; y < 4; y++)
		for (s = 0; s < TU_NSTAGES; s++) {
			double *pp = &h->pupils[MODEL_H(h, 0, y, s)];
			double *hh = &h->pupils[MODEL_H(h, 1, y, s)];
			*pp = s == 0 ? p1[y] : s == 1 ? p2[y] : s < 7 ? 10 : -1;
			*hh = s < 7 ? -1 : s == 7 ? s1[y] : s == 11 ? s5[y] : s == 12 ? 6 : 10;
		}
	nearest(&m, &r);
	le_diags_init(&d);
	ck_assert_int_eq(model_run(&m, &d, &err), LE_OK);
	ck_assert_int_eq(m.source[0], MODEL_SRC_PROGRESSION);
	ck_assert_int_eq(m.source[1], MODEL_SRC_PROGRESSION);
	/* Base year = the history's. */
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 0, 0, 0)], 12, TOL);
	ck_assert_double_eq_tol(total(&m, 0, 0), 72, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 1, 0, 0)], 11, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 1, 0, 1)], 12.363636, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 1, 0, 2)], 9.814815, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 1, 0, 6)], 10, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 2, 0, 0)], 11, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 2, 0, 1)], 11.333333, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 2, 0, 2)], 12.134680, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 2, 0, 3)], 9.814815, TOL);
	ck_assert_double_eq_tol(total(&m, 1, 0), 11 + 12.363636 + 9.814815 + 40, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 1, 1, 7)], 9, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 2, 1, 7)], 9, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 1, 1, 8)], 12.037037, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 1, 1, 11)], 8.333333, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 1, 1, 12)], 5.777778, TOL);
	/* Spreading: one zone holds the whole roll. */
	{
		double out[1];
		model_spread(&m, 0, 1, out);
		ck_assert_double_eq_tol(out[0], total(&m, 1, 0), TOL);
	}
	model_release(&m);
	region_release(&r);
	le_diags_release(&d);
}
END_TEST

/* The shipped models/ files hold exactly the built-in defaults. */
/* Mark index i of a len-slot array as used, once: an index past the end
 * or used twice fails. */
static void mark_once(char *used, size_t i, size_t len)
{
	ck_assert_uint_lt(i, len);
	ck_assert_int_eq(used[i], 0);
	used[i] = 1;
}

/*
 * The per-stage arrays hold the stage system's stages and no more: each
 * index helper (MODEL_D, MODEL_K, MODEL_U, MODEL_H) maps every (year,
 * zone or school, stage, stream) of the system one to one onto 0 .. its
 * length - 1, for Scotland's 13 stages (3 years x 3 zones x 13 x 3
 * streams = 351 demand slots) and England's 14 (models/stages-england.ini:
 * 378). Until stage systems sized them by the system, every array had
 * LE_MAX_STAGES = 16 slots per zone or school and year (432 here).
 */
START_TEST(test_arrays_by_system)
{
	int sys;

	for (sys = 0; sys < 2; sys++) {
		struct region r;
		struct model m;
		struct model_params p;
		struct model_history h;
		struct le_err err;
		char *used;
		int y, z, k, s, t, nst = sys ? 14 : 13;

		region_init(&r, "EPSG:27700");
		le_err_clear(&err);
		if (sys)
			ck_assert_int_eq(io_stages_read("models/stages-england.ini", &r.stages, &err), LE_OK);
		add_zone(&r, "Z0", 0);
		add_zone(&r, "Z1", 900);
		add_zone(&r, "Z2", 2000);
		region_pop_grow(&r);
		add_school(&r, "A", LE_PRIMARY, 0, 200, 250);
		add_school(&r, "B", LE_SECONDARY, 2000, 51, 60);
		model_params_default(&p);
		p.st = r.stages;
		model_init_params(&m, &r, &p, 2023, 2);
		ck_assert_int_eq(m.nst, nst);
		ck_assert_uint_eq(MODEL_D_LEN(&m), (size_t)3 * 3 * nst * 3);
		ck_assert_uint_eq(MODEL_K_LEN(&m), (size_t)3 * 2 * nst);
		ck_assert_uint_eq(MODEL_U_LEN(&m), (size_t)3 * nst * 3);
		used = xcalloc(MODEL_D_LEN(&m), 1);
		for (y = 0; y < m.nyears; y++)
			for (z = 0; z < m.nzones; z++)
				for (s = 0; s < r.stages.n; s++)
					for (t = 0; t < MODEL_NSTREAMS; t++)
						mark_once(used, MODEL_D(&m, y, z, s, t), MODEL_D_LEN(&m));
		memset(used, 0, MODEL_D_LEN(&m));
		for (y = 0; y < m.nyears; y++)
			for (k = 0; k < m.nschools; k++)
				for (s = 0; s < r.stages.n; s++)
					mark_once(used, MODEL_K(&m, y, k, s), MODEL_K_LEN(&m));
		memset(used, 0, MODEL_D_LEN(&m));
		for (y = 0; y < m.nyears; y++)
			for (s = 0; s < r.stages.n; s++)
				for (t = 0; t < MODEL_NSTREAMS; t++)
					mark_once(used, MODEL_U(&m, y, s, t), MODEL_U_LEN(&m));
		/* A history of 4 years: 2 schools x 4 x nst cells. */
		memset(&h, 0, sizeof(h));
		h.nyears = 4;
		h.nschools = 2;
		h.nst = r.stages.n;
		ck_assert_uint_eq(MODEL_H(&h, h.nschools, 0, 0), (size_t)2 * 4 * nst);
		memset(used, 0, MODEL_D_LEN(&m));
		for (k = 0; k < h.nschools; k++)
			for (y = 0; y < h.nyears; y++)
				for (s = 0; s < h.nst; s++)
					mark_once(used, MODEL_H(&h, k, y, s), MODEL_H(&h, h.nschools, 0, 0));
		free(used);
		model_release(&m);
		model_params_release(&p);
		region_release(&r);
	}
}
END_TEST

START_TEST(test_shipped_params)
{
	struct model_params b;
	struct le_err err;

	memset(&b, 0, sizeof(b));
	le_err_clear(&err);
	ck_assert_int_eq(model_params_read(&b, "models/projection.ini",
					   "models/ppr.csv", &err), LE_OK);
	ck_assert_double_eq(b.ppr[LE_PRIMARY][MODEL_FLAT], 0.05);
	ck_assert_double_eq(b.detour_factor, 1.3);
	ck_assert_double_eq(b.warn_above, 2);
}
END_TEST

/* One broken file: exact message with the temporary path in front. */
static void expect_param_error(const char *which, const char *text,
			       const char *msg_suffix)
{
	struct model_params p;
	struct le_err err;
	char *path = tu_write_tmp(strcmp(which, "ppr") == 0 ? ".csv" : ".ini", text);
	char want[800];
	int rc;

	model_params_default(&p);
	le_err_clear(&err);
	rc = model_params_read(&p, strcmp(which, "projection") == 0 ? path : NULL,
			       strcmp(which, "ppr") == 0 ? path : NULL, &err);
	snprintf(want, sizeof(want), "%s%s", path, msg_suffix);
	ck_assert_int_eq(rc, LE_EPARSE);
	ck_assert_str_eq(err.msg, want);
	model_params_release(&p);
	free(path);
}

START_TEST(test_param_errors)
{
	expect_param_error("ppr", "sector,dwelling_type,pupils_per_dwelling\n"
			   "primary,house,0.25\nprimary,bungalow,0.3\n",
			   ":3: column 'dwelling_type': unknown dwelling type "
			   "'bungalow' (expected house or flat)");
	expect_param_error("ppr", "sector,dwelling_type,pupils_per_dwelling\n"
			   "primary,house,-1\n",
			   ":2: column 'pupils_per_dwelling': expected pupils per "
			   "dwelling from 0 to 5, got '-1'");
	expect_param_error("ppr", "sector,dwelling_type,pupils_per_dwelling\n"
			   "primary,house,0.25\nprimary,flat,0.05\nsecondary,house,0.15\n",
			   ": no ratio for secondary flat (every sector and dwelling "
			   "type needs one)");
	expect_param_error("projection", "[cohort_change]\n5 = -1\n",
			   ":2: [cohort_change] 5 must be a factor from 0 to 10, got '-1'");
	expect_param_error("projection", "[births_index]\n2024 = 1\n2026 = 1\n",
			   ":3: [births_index] expected year 2025 next, got '2026'");
	expect_param_error("projection", "[travel]\nspeed = 3\n",
			   ":2: unknown key 'speed' in [travel] (expected "
			   "[cohort_change] AGE, [births_index] YEAR, [travel] "
			   "detour_factor, [calibration] warn_below or warn_above)");
}
END_TEST

/* Calibration warnings: a factor outside 0.5 .. 2 is listed. */
START_TEST(test_extreme_factor)
{
	struct region r;
	struct model m;
	struct model_params p;
	struct le_diags d;
	struct le_err err;

	hand_region(&r);
	r.schools[1].roll = 200;   /* B: 200 / 35 = 5.71 */
	r.schools[0].roll = 51;    /* A: 51 / 216 = 0.24 */
	r.schools[0].where = xstrdup("schools.csv:2");
	simple_params(&p, &r);
	model_init_params(&m, &r, &p, 2023, 1);
	nearest(&m, &r);
	le_diags_init(&d);
	ck_assert_int_eq(model_run(&m, &d, &err), LE_OK);
	ck_assert_int_eq((int)d.n, 2);
	/* The warning names the school's row (and (no file) for one made in
	 * memory, as B is). */
	ck_assert_str_eq(d.v[0].msg, "schools.csv:2: school 'A' (A): calibration factor 0.24 (roll 51, "
			 "modelled 216.0) is outside 0.50 .. 2.00: check its catchment and roll");
	ck_assert_str_eq(d.v[1].msg, "(no file): school 'B' (B): calibration factor 5.71 (roll 200, "
			 "modelled 35.0) is outside 0.50 .. 2.00: check its catchment and roll");
	model_release(&m);
	region_release(&r);
	le_diags_release(&d);
}
END_TEST

/* Allocated base-year pupils of school k (all stages, uncalibrated). */
static double base_alloc(const struct model *m, int k)
{
	double v = 0;
	int s;

	for (s = 0; s < TU_NSTAGES; s++)
		v += m->alloc[MODEL_K(m, 0, k, s)];
	return v;
}

/*
 * A school that is no zone's nearest shares its home zone's pupils with
 * the schools there in proportion to base-year roll, instead of being
 * held at a ratio. The hand region plus primary C at x = -100 (roll 50):
 * Z0 (x = 0) is nearest A, Z1 nearest A, Z2 nearest B; C is nobody's.
 * Participation (200 + 51 + 50) / 251. C's home zone: Z0 (100 m, the
 * nearest zone) -> Z0's 76 children shared A 200 : C 50, so C gets
 * 0.2 x 76 x 301/251 = 18.2279 and A 0.8 x 76 x 301/251 + 140 x 301/251
 * = 240.8; then, with C's row naming Z1 (the zone it stands in), C gets
 * 0.2 x 140 x 301/251 = 33.5777. Pupils are conserved: A + B + C = 301.
 */
START_TEST(test_home_zone)
{
	struct region r;
	struct model m;
	struct model_params p;
	struct le_diags d;
	struct le_err err;
	int pass, k;

	for (pass = 0; pass < 2; pass++) {
		hand_region(&r);
		k = add_school(&r, "C", LE_PRIMARY, -100, 50, 60);
		if (pass == 1)
			r.schools[k].zone = 1;
		simple_params(&p, &r);
		model_init_params(&m, &r, &p, 2023, 1);
		nearest(&m, &r);
		le_diags_init(&d);
		le_err_clear(&err);
		ck_assert_int_eq(model_run(&m, &d, &err), LE_OK);
		ck_assert_int_eq(m.source[k], MODEL_SRC_DEMAND);
		ck_assert_double_eq_tol(base_alloc(&m, k),
					pass ? 0.2 * 140 * 301.0 / 251 : 0.2 * 76 * 301.0 / 251, TOL);
		ck_assert_double_eq_tol(base_alloc(&m, 0),
					pass ? 76 * 301.0 / 251 + 0.8 * 140 * 301.0 / 251 :
					       0.8 * 76 * 301.0 / 251 + 140 * 301.0 / 251, TOL);
		ck_assert_double_eq_tol(base_alloc(&m, 0) + base_alloc(&m, 1) + base_alloc(&m, k),
					301, TOL);
		/* Calibrated to its roll like every school with demand. */
		ck_assert_double_eq_tol(total(&m, 0, k), 50, TOL);
		ck_assert_str_eq(d.v[0].topic, "allocation");
		ck_assert_str_eq(d.v[0].msg, pass ?
				 "(no file): school 'C' (C) is no zone's nearest: it shares the pupils of zone 'Z1' (the zone it stands in) with that zone's schools in proportion to base-year roll" :
				 "(no file): school 'C' (C) is no zone's nearest: it shares the pupils of zone 'Z0' (its nearest zone) with that zone's schools in proportion to base-year roll");
		model_release(&m);
		region_release(&r);
		le_diags_release(&d);
	}
}
END_TEST

Suite *suite_model(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("model");

	tcase_add_test(tc, test_hand_case);
	tcase_add_test(tc, test_conservation);
	tcase_add_test(tc, test_base_year_exact);
	tcase_add_test(tc, test_housing_yield);
	tcase_add_test(tc, test_staying_on);
	tcase_add_test(tc, test_ageing);
	tcase_add_test(tc, test_progression);
	tcase_add_test(tc, test_arrays_by_system);
	tcase_add_test(tc, test_shipped_params);
	tcase_add_test(tc, test_param_errors);
	tcase_add_test(tc, test_extreme_factor);
	tcase_add_test(tc, test_home_zone);
	suite_add_tcase(s, tc);
	tu_model_inputs_tcase(s);
	return s;
}
