/*
 * test_numbers.c: the KPIs at their edges, on a region built so that every
 * boundary is met exactly, each expected value computed by hand in the
 * comment above its assertion. tests/cases/run_hand checks the same KPIs
 * through `estate run` and its files; this suite checks what a small CLI
 * region cannot reach: a school exactly 40, 60, 80 and 100 % full, a
 * zone exactly at its walking limit, a median falling exactly on a
 * cumulative half, transport priced per sector, a per-council limit for
 * one sector only, SIMD by rank, capital to date over the years, the
 * backtest's median of an even count, and the parameters' validation.
 * Suite "numbers" (tests/mutate/mutants.txt lists the bugs it kills).
 */
#include "testutil.h"

#include "scenario/scenario.h"
#include "report/report.h"
#include "model/model_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-6

/*
 * The edge region. Zones Z0..Z4 at x = 10,000 i + 100 (i + 1), y = 0:
 * 100, 10,200, 20,300, 30,400, 40,500; each with 10 residents at every
 * age 0-18, population year = base year = 2023, horizon 2 (every year
 * the same). Z3 and Z4 are in council C1, Z0-Z2 in no council.
 * Primaries A..E at x = 10,000 i (so zone i is 100 (i + 1) m from its
 * own primary and at least 9,400 m from any other), capacity 100, rolls
 * 40, 60, 80, 100, 120; grades D, B, C, A, A. One secondary H at x =
 * 35,000, capacity 1,000, roll 160, grade A.
 * Stage i is age 5 + i (younger share 1, staying-on 1): 70 primary and
 * 60 secondary children per zone. Detour 1: walking = straight line;
 * driving time = distance / (32 / 3.6) m/s = distance x 0.1125.
 * Nearest: zone i -> primary i (calibrated to its roll), every zone ->
 * H, 160 / 5 = 32 secondary pupils per zone.
 */
enum { NZ = 5, NS = 6, H = 5 };

struct fx {
	struct region r;
	struct model m;
	struct scenario_params p;
	struct scenario_world w;
	struct scenario_travel t;
	struct le_diags d;
	struct le_err err;
};

static void edge_region(struct region *r, int specials)
{
	static const char *const zid[NZ] = { "Z0", "Z1", "Z2", "Z3", "Z4" };
	static const char *const sid[NS] = { "A", "B", "C", "D", "E", "H" };
	static const double roll[NS] = { 40, 60, 80, 100, 120, 160 };
	static const int grade[NS] = { LE_GRADE_D, LE_GRADE_B, LE_GRADE_C,
				       LE_GRADE_A, LE_GRADE_A, LE_GRADE_A };
	int z, a, k, c1;

	region_init(r, "EPSG:27700");
	c1 = region_add_council(r, "C1");
	for (z = 0; z < NZ; z++) {
		int i = region_add_zone(r, zid[z]);

		r->zones[i].px = 10000.0 * z + 100.0 * (z + 1);
		r->zones[i].has_geom = 1;
		r->zones[i].has_pop = 1;
		r->zones[i].council = z >= 3 ? c1 : -1;
	}
	region_pop_grow(r);
	r->pop_year = 2023;
	for (z = 0; z < NZ; z++)
		for (a = 0; a <= 18; a++)
			r->pop[(size_t)z * LE_NAGES + a] = 10;
	for (k = 0; k < NS; k++) {
		int i = region_add_school(r, sid[k]);
		struct school *sc = &r->schools[i];

		sc->name = xstrdup(sid[k]);
		sc->denom_text = xstrdup("Non-denominational");
		sc->sector = k < H ? LE_PRIMARY : LE_SECONDARY;
		sc->stages = k < H ? TU_PRIMARY : TU_SECONDARY;
		sc->x = k < H ? 10000.0 * k : 35000;
		sc->capacity = k < H ? 100 : 1000;
		sc->roll = roll[k];
		sc->condition = grade[k];
	}
	/* Special schools hold their observed roll (times a population
	 * change of exactly 1 here): 40, 60, 80 and 100 pupils on 100
	 * places are exactly 40, 60, 80 and 100 %, where a calibrated
	 * roll may land a hair either side of the edge. */
	for (k = 0; k < specials; k++) {
		static const char *const xid[4] = { "X40", "X60", "X80", "X100" };
		int i = region_add_school(r, xid[k]);
		struct school *sc = &r->schools[i];

		sc->name = xstrdup(xid[k]);
		sc->denom_text = xstrdup("Non-denominational");
		sc->sector = LE_SPECIAL;
		sc->stages = TU_PRIMARY | TU_SECONDARY;
		sc->x = 5000;
		sc->capacity = 100;
		sc->roll = 40.0 + 20 * k;
		sc->condition = LE_GRADE_A;
	}
}

/* Limits: primary 300 m (zone Z2 is exactly at it), secondary the
 * statutory 4,828.032 m; council C1 overrides the primary limit only
 * (450 m). Transport GBP 1,000 a primary and 2,000 a secondary pupil;
 * extension GBP 10,000 / 20,000 a place. */
static void fx_init_at(struct fx *f, int specials)
{
	struct model_params mp;
	int s;

	edge_region(&f->r, specials);
	model_params_default(&mp);
	for (s = 0; s < TU_NSTAGES; s++) {
		mp.st.age[s] = 5 + s;
		mp.st.stay[s] = 1;
	}
	mp.st.younger_share = 1;
	model_init_params(&f->m, &f->r, &mp, 2023, 2);
	model_params_release(&mp);
	scenario_params_default(&f->p);
	f->p.detour = 1;
	f->p.walk_limit_m[0] = 300;
	f->p.limits = xcalloc(1, sizeof(*f->p.limits));
	f->p.limits[0].council = xstrdup("C1");
	f->p.limits[0].limit_m[0] = 450;
	f->p.limits[0].limit_m[1] = -1;
	f->p.nlimits = 1;
	f->p.transport_gbp[0] = 1000;
	f->p.transport_gbp[1] = 2000;
	f->p.extend_gbp_per_place[0] = 10000;
	f->p.extend_gbp_per_place[1] = 20000;
	le_diags_init(&f->d);
	le_err_clear(&f->err);
	ck_assert_int_eq(scenario_world_init(&f->w, &f->r, &f->m, NULL, &f->err), LE_OK);
	scenario_travel_straight(&f->t, &f->w, &f->p);
	scenario_model_nearest(&f->m, &f->w, &f->t);
	ck_assert_int_eq(model_run(&f->m, &f->d, &f->err), LE_OK);
}

static void fx_init(struct fx *f)
{
	fx_init_at(f, 0);
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

/* Findings of one topic in d, and the first one's message. */
static int count_topic(const struct le_diags *d, const char *topic)
{
	size_t i;
	int n = 0;

	for (i = 0; i < d->n; i++)
		n += strcmp(d->v[i].topic, topic) == 0;
	return n;
}

static const char *msg_of_topic(const struct le_diags *d, const char *topic)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->v[i].topic, topic) == 0)
			return d->v[i].msg;
	return "";
}

static double kpi(const struct scenario_result *res, int y, int i)
{
	return res->kpi[(size_t)y * SK_NKPIS + i];
}

/* Key of zone z, sector sec (0 primary, 1 secondary), non-denominational. */
static int key(int z, int sec)
{
	/* Whole-sector schools: stage group = sector, 2 groups a zone. */
	return z * 2 * MODEL_NSTREAMS + SCENARIO_GROUP(sec, MODEL_ND);
}

START_TEST(test_edges_baseline)
{
	struct fx f;
	struct scenario_result b;
	int y;

	fx_init(&f);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	for (y = 0; y < 3; y++) {
		/* 40 + 60 + 80 + 100 + 120 + 160 = 560 pupils; 5 x 100 +
		 * 1,000 = 1,500 places: 560 / 1,500 = 37.33 %. */
		ck_assert_double_eq_tol(kpi(&b, y, SK_PUPILS), 560, TOL);
		ck_assert_double_eq_tol(kpi(&b, y, SK_CAPACITY), 1500, TOL);
		ck_assert_double_eq_tol(kpi(&b, y, SK_UTIL_PCT), 560.0 / 1500 * 100, TOL);
		/* Bands at their upper edges: A exactly 40 % and H 16 % are
		 * "<= 40", B exactly 60 %, C exactly 80 %, D exactly 100 %
		 * (full, not over), E 120 %. */
		ck_assert_double_eq_tol(kpi(&b, y, SK_BAND_LE40), 2, TOL);
		ck_assert_double_eq_tol(kpi(&b, y, SK_BAND_41_60), 1, TOL);
		ck_assert_double_eq_tol(kpi(&b, y, SK_BAND_61_80), 1, TOL);
		ck_assert_double_eq_tol(kpi(&b, y, SK_BAND_81_100), 1, TOL);
		ck_assert_double_eq_tol(kpi(&b, y, SK_BAND_GT100), 1, TOL);
		/* D at exactly 100 % is not over capacity; only E is. Surplus
		 * 60 + 40 + 20 + 0 + 840 (H) = 960; shortfall E's 20. */
		ck_assert_double_eq_tol(kpi(&b, y, SK_OVER_CAPACITY), 1, TOL);
		ck_assert_double_eq_tol(kpi(&b, y, SK_SURPLUS), 960, TOL);
		ck_assert_double_eq_tol(kpi(&b, y, SK_SHORTFALL), 20, TOL);
		/* C/D buildings: A (D) 40 + C (C) 80. */
		ck_assert_double_eq_tol(kpi(&b, y, SK_PUPILS_CD), 120, TOL);
		/*
		 * Walking limits. Primary (300 m; 450 m in C1): Z0 100, Z1
		 * 200, Z2 300 (exactly at the limit: not beyond), Z3 400 (C1:
		 * under 450), Z4 500 (C1: beyond) -> E's 120. Secondary
		 * (4,828.032 m everywhere: C1 overrides the primary limit
		 * only): H at 35,000 is 34,900, 24,800, 14,700, 4,600 (Z3:
		 * within) and 5,500 m away -> 4 x 32 = 128.
		 */
		ck_assert_double_eq_tol(kpi(&b, y, SK_BEYOND_LIMIT), 120 + 128, TOL);
		/* Priced per sector: 120 x 1,000 + 128 x 2,000. */
		ck_assert_double_eq_tol(kpi(&b, y, SK_TRANSPORT_GBP), 376000, TOL);
		ck_assert_double_eq_tol(b.beyond[(size_t)y * b.nkeys + key(2, 0)], 0, TOL);
		ck_assert_double_eq_tol(b.beyond[(size_t)y * b.nkeys + key(3, 0)], 0, TOL);
		ck_assert_double_eq_tol(b.beyond[(size_t)y * b.nkeys + key(4, 0)], 120, TOL);
		ck_assert_double_eq_tol(b.beyond[(size_t)y * b.nkeys + key(3, 1)], 0, TOL);
		ck_assert_double_eq_tol(b.beyond[(size_t)y * b.nkeys + key(4, 1)], 32, TOL);
		/*
		 * Distances by value (pupils, cumulative of 560): 100 (40,
		 * 40), 200 (60, 100), 300 (80, 180), 400 (100, 280), 500
		 * (120, 400), 4,600 (32, 432), 5,500 (464), 14,700 (496),
		 * 24,800 (528), 34,900 (560). Median: the cumulative meets
		 * half (280) exactly at 400. 95 % of 560 = 532 -> 34,900
		 * (90 % = 504 would give 24,800).
		 * Mean: (4,000 + 12,000 + 24,000 + 40,000 + 60,000 + 32 x
		 * 84,500) / 560 = 2,844,000 / 560.
		 */
		ck_assert_double_eq_tol(kpi(&b, y, SK_DIST_MEDIAN_M), 400, TOL);
		ck_assert_double_eq_tol(kpi(&b, y, SK_DIST_P95_M), 34900, TOL);
		ck_assert_double_eq_tol(kpi(&b, y, SK_DIST_MEAN_M), 2844000.0 / 560, 1e-6);
		/* Driving time: the same order, x 0.1125 s/m. */
		ck_assert_double_eq_tol(kpi(&b, y, SK_TIME_MEDIAN_S), 45, 1e-6);
		ck_assert_double_eq_tol(kpi(&b, y, SK_TIME_P95_S), 3926.25, 1e-6);
		ck_assert_double_eq_tol(kpi(&b, y, SK_TIME_MEAN_S), 2844000.0 / 560 * 0.1125, 1e-6);
		/* No SIMD file: not available, never 0. */
		ck_assert(isnan(kpi(&b, y, SK_SIMD_PUPILS)));
		ck_assert(isnan(kpi(&b, y, SK_SIMD_BEYOND_PCT)));
	}
	scenario_result_release(&b);
	fx_release(&f);
}
END_TEST

/* The same region plus special schools exactly 40, 60, 80 and 100 %
 * full: each lands in the band it tops, and the full one is not over
 * capacity. Counts of test_edges_baseline plus one in each of the four
 * lower bands; surplus 960 + 60 + 40 + 20 + 0. */
START_TEST(test_band_edges_exact)
{
	struct fx f;
	struct scenario_result b;

	fx_init_at(&f, 4);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_BAND_LE40), 3, TOL);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_BAND_41_60), 2, TOL);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_BAND_61_80), 2, TOL);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_BAND_81_100), 2, TOL);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_BAND_GT100), 1, TOL);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_OVER_CAPACITY), 1, TOL);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_SURPLUS), 1080, TOL);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_SHORTFALL), 20, TOL);
	/* 560 + 280 held pupils on 1,500 + 400 places. */
	ck_assert_double_eq_tol(kpi(&b, 0, SK_PUPILS), 840, TOL);
	ck_assert_double_eq_tol(kpi(&b, 0, SK_UTIL_PCT), 840.0 / 1900 * 100, 1e-9);
	scenario_result_release(&b);
	fx_release(&f);
}
END_TEST

/* SIMD by rank: the lowest fifth of the ranks given (here 1-500: ranks
 * up to 100) are the most deprived. Z0 rank 1, Z1 rank 100 (exactly
 * 500 / 5), Z2 rank 110 (just above), Z3 400, Z4 500. */
START_TEST(test_simd_rank)
{
	struct fx f;
	struct scenario_result b;
	char *path;

	fx_init(&f);
	path = tu_write_tmp(".csv", "zone,rank\nZ0,1\nZ1,100\nZ2,110\nZ3,400\nZ4,500\nS01999999,3\n");
	ck_assert_int_eq(scenario_simd_read(NULL, path, &f.r, &f.w.simd_rank, &f.d, &f.err), LE_OK);
	free(path);
	/* Every zone has a row: no coverage warning. */
	ck_assert_int_eq(count_topic(&f.d, "simd"), 0);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	/* Z0 + Z1: 40 + 32 + 60 + 32 = 164 pupils. */
	ck_assert_double_eq_tol(kpi(&b, 1, SK_SIMD_PUPILS), 164, TOL);
	/* (40 x 100 + 32 x 34,900 + 60 x 200 + 32 x 24,800) / 164 =
	 * 1,926,400 / 164. */
	ck_assert_double_eq_tol(kpi(&b, 1, SK_SIMD_DIST_MEAN_M), 1926400.0 / 164, 1e-6);
	/* The others, Z2-Z4, 396 pupils: (80 x 300 + 32 x 14,700 + 100 x
	 * 400 + 32 x 4,600 + 120 x 500 + 32 x 5,500) / 396 = 917,600 / 396. */
	ck_assert_double_eq_tol(kpi(&b, 1, SK_OTHER_DIST_MEAN_M), 917600.0 / 396, 1e-6);
	/* Beyond: Z0 and Z1 secondary 64 of 164 (a percentage: 39.02);
	 * others Z2 secondary 32 + Z4 120 + 32 = 184 of 396. */
	ck_assert_double_eq_tol(kpi(&b, 1, SK_SIMD_BEYOND_PCT), 64.0 / 164 * 100, 1e-6);
	ck_assert_double_eq_tol(kpi(&b, 1, SK_OTHER_BEYOND_PCT), 184.0 / 396 * 100, 1e-6);
	scenario_result_release(&b);
	fx_release(&f);
}
END_TEST

/* A class outside its scale is an error with the file and line. */
START_TEST(test_simd_bad)
{
	struct fx f;
	char *path, want[600];

	fx_init(&f);
	path = tu_write_tmp(".csv", "zone,quintile\nZ0,1\nZ1,6\n");
	ck_assert_int_eq(scenario_simd_read(NULL, path, &f.r, &f.w.simd_rank, &f.d, &f.err), LE_EPARSE);
	snprintf(want, sizeof(want), "%s:3: column 'quintile': quintile must be a whole number from 1 to 5, got '6'", path);
	ck_assert_str_eq(f.err.msg, want);
	/* A failed read leaves the world without SIMD. */
	ck_assert_ptr_null(f.w.simd_rank);
	free(path);
	path = tu_write_tmp(".csv", "zone,decile\nZ0,0\n");
	le_err_clear(&f.err);
	ck_assert_int_eq(scenario_simd_read(NULL, path, &f.r, &f.w.simd_rank, &f.d, &f.err), LE_EPARSE);
	free(path);
	/* No measure column at all: the file and what to map. */
	path = tu_write_tmp(".csv", "zone,score\nZ0,3\n");
	le_err_clear(&f.err);
	ck_assert_int_eq(scenario_simd_read(NULL, path, &f.r, &f.w.simd_rank, &f.d, &f.err), LE_EPARSE);
	snprintf(want, sizeof(want), "%s: has no column rank, quintile, decile or vigintile (columns: zone, score; map yours with 'simd.rank = COLUMN' (or simd.quintile, .decile, .vigintile) in [model])", path);
	ck_assert_str_eq(f.err.msg, want);
	free(path);
	fx_release(&f);
}
END_TEST

/* Partial coverage: Z0 and Z2 in quintile 1, Z1 in quintile 2, Z3 and Z4
 * without a row: one warning with the count (2 of 5), and their pupils
 * in neither group. SIMD pupils Z0 + Z2 = 40 + 32 + 80 + 32 = 184;
 * the others only Z1: 60 + 32 = 92, mean walk (60 x 200 + 32 x 24,800)
 * / 92 = 805,600 / 92 m. */
START_TEST(test_simd_partial)
{
	struct fx f;
	struct scenario_result b;
	char *path, want[700];

	fx_init(&f);
	path = tu_write_tmp(".csv", "zone,quintile\nZ0,1\nZ1,2\nZ2,1\n");
	ck_assert_int_eq(scenario_simd_read(NULL, path, &f.r, &f.w.simd_rank, &f.d, &f.err), LE_OK);
	ck_assert_int_eq(count_topic(&f.d, "simd"), 1);
	snprintf(want, sizeof(want), "%s: 2 of the study's 5 zones with population have no SIMD row (the first 'Z3'): their pupils count in neither group of the equity (SIMD) KPIs", path);
	ck_assert_str_eq(msg_of_topic(&f.d, "simd"), want);
	free(path);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_double_eq_tol(kpi(&b, 1, SK_SIMD_PUPILS), 184, TOL);
	ck_assert_double_eq_tol(kpi(&b, 1, SK_OTHER_DIST_MEAN_M), 805600.0 / 92, 1e-6);
	scenario_result_release(&b);
	fx_release(&f);
}
END_TEST

/* The column mapping of [model] simd: the study names the file's columns
 * (as SIMD 2020 v2 is published); a mapped column that is not there is an
 * error naming the study line, the file and the column; two measures
 * mapped are ambiguous. */
START_TEST(test_simd_mapping)
{
	struct fx f;
	struct study s;
	char *path, *spath, want[900];
	char text[1200];

	fx_init(&f);
	/* rank 6976 is the largest in the file: Z0 (rank 1) and Z1 (1,395 =
	 * the national quintile 1 edge) most deprived; a decoy "quintile"
	 * column that says otherwise must not be read. */
	path = tu_write_tmp(".csv", "Data_Zone,quintile,SIMD2020v2_Rank\nZ0,5,1\nZ1,5,1395\nZ2,1,1396\nZ3,1,4000\nZ4,1,6976\n");
	snprintf(text, sizeof(text), "[study]\nbase_year = 2023\n[schools]\nfile = s.csv\n[model]\nsimd = %s\nsimd.zone = Data_Zone\nsimd.rank = SIMD2020v2_Rank\n", path);
	spath = tu_write_tmp(".ini", text);
	ck_assert_int_eq(io_study_read(spath, &s, &f.err), LE_OK);
	ck_assert_int_eq(scenario_simd_read(&s, path, &f.r, &f.w.simd_rank, &f.d, &f.err), LE_OK);
	ck_assert_double_eq(f.w.simd_rank[0], 1);
	ck_assert_double_eq(f.w.simd_rank[1], 1);
	ck_assert_double_eq(f.w.simd_rank[2], 0);
	ck_assert_double_eq(f.w.simd_rank[4], 0);
	io_study_release(&s);
	free(spath);
	/* A mapped column the file lacks. */
	snprintf(text, sizeof(text), "[study]\nbase_year = 2023\n[schools]\nfile = s.csv\n[model]\nsimd = %s\nsimd.zone = Data_Zone\nsimd.quintile = SIMD2020v2_Quintile\n", path);
	spath = tu_write_tmp(".ini", text);
	ck_assert_int_eq(io_study_read(spath, &s, &f.err), LE_OK);
	ck_assert_int_eq(scenario_simd_read(&s, path, &f.r, &f.w.simd_rank, &f.d, &f.err), LE_EPARSE);
	snprintf(want, sizeof(want), "%s:8: [model] simd.quintile = SIMD2020v2_Quintile: %s has no column 'SIMD2020v2_Quintile' (columns: Data_Zone, quintile, SIMD2020v2_Rank)", spath, path);
	ck_assert_str_eq(f.err.msg, want);
	io_study_release(&s);
	free(spath);
	/* The zone not mapped and no "zone" column. */
	le_err_clear(&f.err);
	ck_assert_int_eq(scenario_simd_read(NULL, path, &f.r, &f.w.simd_rank, &f.d, &f.err), LE_EPARSE);
	snprintf(want, sizeof(want), "%s: has no column 'zone' (columns: Data_Zone, quintile, SIMD2020v2_Rank; map yours with 'simd.zone = COLUMN' in [model])", path);
	ck_assert_str_eq(f.err.msg, want);
	/* Two measures mapped. */
	snprintf(text, sizeof(text), "[study]\nbase_year = 2023\n[schools]\nfile = s.csv\n[model]\nsimd.zone = Data_Zone\nsimd.rank = SIMD2020v2_Rank\nsimd.quintile = quintile\n");
	spath = tu_write_tmp(".ini", text);
	le_err_clear(&f.err);
	ck_assert_int_eq(io_study_read(spath, &s, &f.err), LE_OK);
	ck_assert_int_eq(scenario_simd_read(&s, path, &f.r, &f.w.simd_rank, &f.d, &f.err), LE_EPARSE);
	snprintf(want, sizeof(want), "%s:8: [model] simd.quintile: the SIMD measure is already mapped by simd.rank (map one of rank, quintile, decile or vigintile)", spath);
	ck_assert_str_eq(f.err.msg, want);
	io_study_release(&s);
	free(spath);
	free(path);
	fx_release(&f);
}
END_TEST

/* Write a study whose [model] holds model_lines; returns the study
 * file's path (malloc'd). */
static char *dep_study(const char *model_lines)
{
	char text[1600];

	snprintf(text, sizeof(text), "[study]\nbase_year = 2023\n[schools]\nfile = s.csv\n[model]\n%s", model_lines);
	return tu_write_tmp(".ini", text);
}

/* England's index through the same mapping: IMD 2019 File 1's columns,
 * deciles (1 = most deprived 10 %), so the most deprived fifth is
 * deciles 1-2: Z0 (1) and Z1 (2), not Z2 (3). The KPIs are those of
 * test_simd_rank by hand (Z0 + Z1: 40 + 32 + 60 + 32 = 164 pupils), and
 * the labels carry the index's name. */
START_TEST(test_deprivation_imd)
{
	struct fx f;
	struct study s;
	struct scenario_result b;
	struct scenario_dep dep;
	char *path, *spath, lines[900];

	fx_init(&f);
	path = tu_write_tmp(".csv",
			    "LSOA code (2011),LSOA name (2011),Index of Multiple Deprivation (IMD) Rank,Index of Multiple Deprivation (IMD) Decile\n"
			    "Z0,Zero,1520,1\nZ1,One,4871,2\nZ2,Two,8012,3\nZ3,Three,31877,10\nZ4,Four,14990,5\n");
	snprintf(lines, sizeof(lines), "deprivation = %s\ndeprivation_name = IMD 2019\n"
		 "deprivation.zone = LSOA code (2011)\n"
		 "deprivation.decile = Index of Multiple Deprivation (IMD) Decile\n", path);
	spath = dep_study(lines);
	ck_assert_int_eq(io_study_read(spath, &s, &f.err), LE_OK);
	scenario_dep_init(&dep, &s);
	ck_assert_str_eq(dep.key, "deprivation");
	ck_assert_str_eq(dep.path, path);
	ck_assert_str_eq(dep.name, "IMD 2019");
	ck_assert_int_eq(dep.simd, 0);
	ck_assert_str_eq(scenario_dep_board_label(&dep, SK_SIMD_DIST_MEAN_M, "x"),
			 "IMD 2019 most deprived 20 % mean walk km");
	ck_assert_str_eq(scenario_dep_board_label(&dep, SK_SIMD_BEYOND_PCT, "x"),
			 "IMD 2019 most deprived 20 % beyond limit %");
	ck_assert_str_eq(scenario_dep_board_label(&dep, SK_DIST_MEAN_M, "mean walk km"), "mean walk km");
	ck_assert_str_eq(scenario_dep_kpi_desc(&dep, SK_SIMD_PUPILS, "x"),
			 "pupils living in the 20 % most deprived zones by IMD 2019");
	ck_assert_int_eq(scenario_simd_read(&s, dep.path, &f.r, &f.w.simd_rank, &f.d, &f.err), LE_OK);
	ck_assert_double_eq(f.w.simd_rank[0], 1);
	ck_assert_double_eq(f.w.simd_rank[1], 1);
	ck_assert_double_eq(f.w.simd_rank[2], 0);
	ck_assert_double_eq(f.w.simd_rank[3], 0);
	ck_assert_double_eq(f.w.simd_rank[4], 0);
	f.w.dep = dep;
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_double_eq_tol(kpi(&b, 1, SK_SIMD_PUPILS), 164, TOL);
	ck_assert_double_eq_tol(kpi(&b, 1, SK_SIMD_DIST_MEAN_M), 1926400.0 / 164, 1e-6);
	ck_assert_double_eq_tol(kpi(&b, 1, SK_SIMD_BEYOND_PCT), 64.0 / 164 * 100, 1e-6);
	/* The result carries the index for its tables. */
	ck_assert_str_eq(b.dep.name, "IMD 2019");
	scenario_result_release(&b);
	io_study_release(&s);
	free(spath);
	free(path);
	fx_release(&f);
}
END_TEST

/* Bad deciles are errors at their line and column, under the study's
 * mapping: 0 and 11 are outside the scale, text is not a decile; a
 * zone without a row is a warning naming the index. */
START_TEST(test_deprivation_bad_decile)
{
	static const char *const bad[] = { "0", "11", "most" };
	struct fx f;
	struct study s;
	char *path, *spath, lines[900], csv[300], want[1100];
	int i;

	fx_init(&f);
	for (i = 0; i < 3; i++) {
		snprintf(csv, sizeof(csv), "LSOA code (2011),IMD Decile\nZ0,1\nZ1,%s\n", bad[i]);
		path = tu_write_tmp(".csv", csv);
		snprintf(lines, sizeof(lines), "deprivation = %s\ndeprivation_name = IMD 2019\n"
			 "deprivation.zone = LSOA code (2011)\ndeprivation.decile = IMD Decile\n", path);
		spath = dep_study(lines);
		ck_assert_int_eq(io_study_read(spath, &s, &f.err), LE_OK);
		le_err_clear(&f.err);
		ck_assert_int_eq(scenario_simd_read(&s, path, &f.r, &f.w.simd_rank, &f.d, &f.err), LE_EPARSE);
		snprintf(want, sizeof(want), "%s:3: column 'IMD Decile': decile must be a whole number from 1 to 10, got '%s'", path, bad[i]);
		ck_assert_str_eq(f.err.msg, want);
		ck_assert_ptr_null(f.w.simd_rank);
		io_study_release(&s);
		free(spath);
		free(path);
	}
	/* Partial coverage: the warning names the index and its topic is
	 * the input's key. */
	path = tu_write_tmp(".csv", "LSOA code (2011),IMD Decile\nZ0,1\nZ1,2\nZ2,7\n");
	snprintf(lines, sizeof(lines), "deprivation = %s\ndeprivation_name = IMD 2019\n"
		 "deprivation.zone = LSOA code (2011)\ndeprivation.decile = IMD Decile\n", path);
	spath = dep_study(lines);
	ck_assert_int_eq(io_study_read(spath, &s, &f.err), LE_OK);
	ck_assert_int_eq(scenario_simd_read(&s, path, &f.r, &f.w.simd_rank, &f.d, &f.err), LE_OK);
	ck_assert_int_eq(count_topic(&f.d, "deprivation"), 1);
	snprintf(want, sizeof(want), "%s: 2 of the study's 5 zones with population have no IMD 2019 row (the first 'Z3'): their pupils count in neither group of the equity (IMD 2019) KPIs", path);
	ck_assert_str_eq(msg_of_topic(&f.d, "deprivation"), want);
	io_study_release(&s);
	free(spath);
	free(path);
	fx_release(&f);
}
END_TEST

/* A Scottish study keeps estate's SIMD labels, word for word: its
 * outputs do not change. */
START_TEST(test_deprivation_simd_labels)
{
	struct study s;
	struct scenario_dep dep;
	struct le_err err;
	char *spath = dep_study("simd = simd.csv\nsimd.rank = SIMD2020v2_Rank\n");

	le_err_clear(&err);
	ck_assert_int_eq(io_study_read(spath, &s, &err), LE_OK);
	scenario_dep_init(&dep, &s);
	ck_assert_str_eq(dep.key, "simd");
	ck_assert_str_eq(dep.name, "SIMD");
	ck_assert_int_eq(dep.simd, 1);
	ck_assert_str_eq(scenario_dep_board_label(&dep, SK_SIMD_DIST_MEAN_M, "x"), "SIMD20 mean walk km");
	ck_assert_str_eq(scenario_dep_board_label(&dep, SK_SIMD_BEYOND_PCT, "x"), "SIMD20 beyond limit %");
	ck_assert_str_eq(scenario_dep_kpi_desc(&dep, SK_SIMD_PUPILS, "x"), scenario_kpi_desc(SK_SIMD_PUPILS));
	io_study_release(&s);
	free(spath);
	/* No input at all: SIMD, no file (the not-available texts). */
	scenario_dep_init(&dep, NULL);
	ck_assert_ptr_null(dep.path);
	ck_assert_str_eq(dep.name, "SIMD");
}
END_TEST

/* The census check: children 5-17 are 13 ages x 10 = 130 per zone; Z0
 * alone in quintile 1: 130 of 650 = 20 %. The base-year stage-roll file
 * puts school A's pupils at 10, 20, c, 30, 40 by quintile (c suppressed,
 * left out: 100 pupils) and B's at 5, 5, 5, 5, 0 (20): 15 of 120 =
 * 12.5 % in quintile 1, 7.5 points from 20 %: more than 5, a warning. A row of a school not in
 * the study (Q) is not counted. */
START_TEST(test_simd_census)
{
	struct fx f;
	struct study s;
	struct scenario_simd_check c;
	char *sr, *spath, text[1200];

	fx_init(&f);
	f.w.simd_rank = xmalloc(sizeof(double) * NZ);
	f.w.simd_rank[0] = 1;
	f.w.simd_rank[1] = f.w.simd_rank[2] = f.w.simd_rank[3] = f.w.simd_rank[4] = 0;
	sr = tu_write_tmp(".csv", "SeedCode,School Type,SIMD Quintile 1 [Note 6],SIMD Quintile 2 [Note 6],SIMD Quintile 3 [Note 6],SIMD Quintile 4 [Note 6],SIMD Quintile 5 [Note 6]\n"
			  "A,Primary,10,20,c,30,40\nB,Primary,5,5,5,5,0\nQ,Primary,900,0,0,0,0\nH,Primary,900,0,0,0,0\n");
	snprintf(text, sizeof(text), "[study]\nbase_year = 2023\n[schools]\nfile = s.csv\n[model]\nstage_rolls = %s\nstage_rolls_years = 2023\n", sr);
	spath = tu_write_tmp(".ini", text);
	ck_assert_int_eq(io_study_read(spath, &s, &f.err), LE_OK);
	ck_assert_int_eq(scenario_simd_census(&s, &f.r, f.w.simd_rank, &c, &f.d, &f.err), LE_OK);
	ck_assert_double_eq_tol(c.children_pct, 20, TOL);
	/* H is a secondary: its "Primary" row does not join. */
	ck_assert_int_eq(c.schools, 2);
	ck_assert_int_eq(c.suppressed, 1);
	ck_assert_double_eq_tol(c.pupils, 120, TOL);
	ck_assert_double_eq_tol(c.pupils_pct, 12.5, 1e-9);
	ck_assert_int_eq(count_topic(&f.d, "simd"), 1);
	ck_assert_ptr_nonnull(strstr(msg_of_topic(&f.d, "simd"), "20.0 % of the study's children aged 5-17"));
	ck_assert_ptr_nonnull(strstr(msg_of_topic(&f.d, "simd"), "12.5 % of its schools' pupils by the 2023 census"));
	scenario_simd_check_release(&c);
	io_study_release(&s);
	free(spath);
	free(sr);
	/* 24 of 120 = 20 % (A: 24, 26, 20, 20, 30; B has no row): the shares
	 * agree, no second warning. */
	sr = tu_write_tmp(".csv", "SeedCode,School Type,SIMD Quintile 1 [Note 6],SIMD Quintile 2 [Note 6],SIMD Quintile 3 [Note 6],SIMD Quintile 4 [Note 6],SIMD Quintile 5 [Note 6]\n"
			  "A,Primary,24,26,20,20,30\n");
	snprintf(text, sizeof(text), "[study]\nbase_year = 2023\n[schools]\nfile = s.csv\n[model]\nstage_rolls = %s\nstage_rolls_years = 2023\n", sr);
	spath = tu_write_tmp(".ini", text);
	ck_assert_int_eq(io_study_read(spath, &s, &f.err), LE_OK);
	ck_assert_int_eq(scenario_simd_census(&s, &f.r, f.w.simd_rank, &c, &f.d, &f.err), LE_OK);
	ck_assert_double_eq_tol(c.pupils_pct, 20, 1e-9);
	ck_assert_int_eq(count_topic(&f.d, "simd"), 1);
	scenario_simd_check_release(&c);
	io_study_release(&s);
	free(spath);
	free(sr);
	fx_release(&f);
}
END_TEST

/* Capital in the year and to date: H (secondary) extended by 10 places
 * in 2023, the base year, A (primary) by 5 in 2024, no cost given:
 * 10 x 20,000 = 200,000 in 2023; 5 x 10,000 = 50,000 in 2024; to date
 * 200,000, 250,000, 250,000. */
START_TEST(test_capital_to_date)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	char *path;

	fx_init(&f);
	path = tu_write_tmp(".ini", "[scenario]\nname = x\n[extend]\nyear = 2023\nschool = H\nplaces = 10\n"
			    "[extend]\nyear = 2024\nschool = A\nplaces = 5\n");
	ck_assert_int_eq(scenario_read(path, &f.w, 0, &sc, &f.err), LE_OK);
	free(path);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, &sc, SCENARIO_NEAREST, &f.p, &b, &f.err), LE_OK);
	ck_assert_double_eq_tol(kpi(&res, 0, SK_CAPITAL_GBP), 200000, TOL);
	ck_assert_double_eq_tol(kpi(&res, 1, SK_CAPITAL_GBP), 50000, TOL);
	ck_assert_double_eq_tol(kpi(&res, 2, SK_CAPITAL_GBP), 0, TOL);
	ck_assert_double_eq_tol(kpi(&res, 0, SK_CAPITAL_TO_DATE_GBP), 200000, TOL);
	ck_assert_double_eq_tol(kpi(&res, 1, SK_CAPITAL_TO_DATE_GBP), 250000, TOL);
	ck_assert_double_eq_tol(kpi(&res, 2, SK_CAPITAL_TO_DATE_GBP), 250000, TOL);
	/* A now has 105 places: 40 / 105 = 38.1 %, still <= 40; capacity
	 * 1,500 + 10 + 5. */
	ck_assert_double_eq_tol(kpi(&res, 1, SK_CAPACITY), 1515, TOL);
	scenario_result_release(&res);
	scenario_result_release(&b);
	scenario_release(&sc);
	fx_release(&f);
}
END_TEST

/* A change takes effect in its own year, not the year after: E closed
 * from 2024 is open in 2023 and closed in 2024 (its 120 pupils go to
 * D, 9,500 m away: D 220 % full). */
START_TEST(test_change_year)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	char *path;

	fx_init(&f);
	path = tu_write_tmp(".ini", "[scenario]\nname = x\n[close]\nyear = 2024\nschool = E\n");
	ck_assert_int_eq(scenario_read(path, &f.w, 0, &sc, &f.err), LE_OK);
	free(path);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, &sc, SCENARIO_NEAREST, &f.p, &b, &f.err), LE_OK);
	ck_assert_double_eq_tol(kpi(&res, 0, SK_SCHOOLS_OPEN), 6, TOL);
	ck_assert_double_eq_tol(kpi(&res, 1, SK_SCHOOLS_OPEN), 5, TOL);
	ck_assert_double_eq_tol(res.roll[1 * res.nschools + 3], 220, TOL);
	/* Shortfall 120 at D; surplus 60 + 40 + 20 + 840. */
	ck_assert_double_eq_tol(kpi(&res, 1, SK_SHORTFALL), 120, TOL);
	ck_assert_double_eq_tol(kpi(&res, 1, SK_SURPLUS), 960, TOL);
	scenario_result_release(&res);
	scenario_result_release(&b);
	scenario_release(&sc);
	fx_release(&f);
}
END_TEST

/* A merged school without a capacity adds no places (not -1): D (100
 * places) and E (capacity unknown) merged on D's site in 2024 keep
 * D's 100. */
START_TEST(test_merge_unknown_capacity)
{
	struct fx f;
	struct scenario sc;
	struct scenario_result b, res;
	char *path;

	fx_init(&f);
	f.w.s[4].capacity = -1;
	path = tu_write_tmp(".ini", "[scenario]\nname = x\n[merge]\nyear = 2024\nschools = D, E\nsite = D\n");
	ck_assert_int_eq(scenario_read(path, &f.w, 0, &sc, &f.err), LE_OK);
	free(path);
	ck_assert_int_eq(scenario_eval(&b, &f.w, &f.t, NULL, SCENARIO_NEAREST, &f.p, NULL, &f.err), LE_OK);
	ck_assert_int_eq(scenario_eval(&res, &f.w, &f.t, &sc, SCENARIO_NEAREST, &f.p, &b, &f.err), LE_OK);
	ck_assert_double_eq_tol(res.capacity[1 * res.nschools + 3], 100, TOL);
	scenario_result_release(&res);
	scenario_result_release(&b);
	scenario_release(&sc);
	fx_release(&f);
}
END_TEST

/* The backtest over an even count: the mean of the middle two.
 * Participation (primary) = 400 pupils / (5 zones x 70) = 8 / 7; each
 * primary serves one zone: modelled 70 x 8 / 7 = 80. Absolute errors
 * over the observed roll: A 40 / 40 = 100 %, B 20 / 60 = 33.33 %, C 0,
 * D 20 / 100 = 20 %, E 40 / 120 = 33.33 %; H (all secondary) 0. Sorted
 * 0, 0, 20, 33.33, 33.33, 100: median (20 + 33.33) / 2 = 26.67 %. */
START_TEST(test_backtest_even)
{
	struct fx f;
	int n;

	fx_init(&f);
	ck_assert_double_eq_tol(model_backtest(&f.m, &n), (20 + 100.0 / 3) / 2, 1e-9);
	ck_assert_int_eq(n, 6);
	fx_release(&f);
}
END_TEST

/* No walking policy by default (-1: each stage gets the statutory limit
 * of its age, scenario_walk_stage_m); candidates are bounded 1-32. */
START_TEST(test_params)
{
	struct scenario_params p;
	struct le_err err;
	char *path, want[600];

	scenario_params_default(&p);
	ck_assert_double_eq(p.walk_limit_m[0], -1);
	ck_assert_double_eq(p.walk_limit_m[1], -1);
	path = tu_write_tmp(".ini", "[allocation]\ncandidates = 33\n");
	le_err_clear(&err);
	ck_assert_int_eq(scenario_params_read(&p, path, NULL, &err), LE_EPARSE);
	snprintf(want, sizeof(want), "%s:2: [allocation] candidates must be a whole number from 1 to 32, got '33'", path);
	ck_assert_str_eq(err.msg, want);
	free(path);
	path = tu_write_tmp(".ini", "[allocation]\ncandidates = 32\n");
	ck_assert_int_eq(scenario_params_read(&p, path, NULL, &err), LE_OK);
	ck_assert_int_eq(p.k, 32);
	free(path);
	scenario_params_release(&p);
}
END_TEST

/* A scenario change in the horizon year is accepted; one year later is
 * an error naming the horizon. */
START_TEST(test_change_horizon)
{
	struct fx f;
	struct scenario sc;
	char *path, want[600];

	fx_init(&f);
	path = tu_write_tmp(".ini", "[scenario]\nname = x\n[close]\nyear = 2025\nschool = E\n");
	ck_assert_int_eq(scenario_read(path, &f.w, 0, &sc, &f.err), LE_OK);
	scenario_release(&sc);
	free(path);
	path = tu_write_tmp(".ini", "[scenario]\nname = x\n[close]\nyear = 2026\nschool = E\n");
	ck_assert_int_eq(scenario_read(path, &f.w, 0, &sc, &f.err), LE_EDATA);
	snprintf(want, sizeof(want), "%s:4: [close] year 2026 is after the horizon 2025", path);
	ck_assert_str_eq(f.err.msg, want);
	free(path);
	fx_release(&f);
}
END_TEST

/* The page's and the maps' bands at their exact upper edges: 40 % is
 * "<= 40", 60 % "41-60", 80 % "61-80", 100 % (full) "81-100"; one
 * place more is the next band. */
START_TEST(test_page_bands)
{
	ck_assert_int_eq(report_util_band(40), 0);
	ck_assert_int_eq(report_util_band(60), 1);
	ck_assert_int_eq(report_util_band(61), 2);
	ck_assert_int_eq(report_util_band(80), 2);
	ck_assert_int_eq(report_util_band(100), 3);
	ck_assert_int_eq(report_util_band(101), 4);
	ck_assert_int_eq(report_util_band(NAN), -1);
}
END_TEST

/* Cohort change from two population years, clamped to 0.5-1.5 at both
 * ends. Every zone has 10 at every age now; a year earlier 5 at age 0
 * (factor to age 1: 50 / 25 = 2, clamped to 1.5), 25 at age 1 (to age
 * 2: 50 / 125 = 0.4, clamped to 0.5), 10 at age 2 (to age 3: 1). */
START_TEST(test_cohort_clamp)
{
	struct region r;
	struct model_params mp;
	struct le_diags d;
	struct le_err err;
	double *prev = xcalloc((size_t)NZ * LE_NAGES, sizeof(double));
	char has[NZ];
	int z, a;

	edge_region(&r, 0);
	model_params_default(&mp);
	le_diags_init(&d);
	le_err_clear(&err);
	for (z = 0; z < NZ; z++) {
		has[z] = 1;
		for (a = 0; a < LE_NAGES; a++)
			prev[(size_t)z * LE_NAGES + a] = a == 0 ? 5 : a == 1 ? 25 : 10;
	}
	ck_assert_int_eq(model_cohort_estimate(&mp, &r, prev, has, 2022, &d, &err), LE_OK);
	ck_assert_double_eq_tol(mp.cohort_change[1], 1.5, 1e-12);
	ck_assert_double_eq_tol(mp.cohort_change[2], 0.5, 1e-12);
	ck_assert_double_eq_tol(mp.cohort_change[3], 1.0, 1e-12);
	free(prev);
	model_params_release(&mp);
	le_diags_release(&d);
	region_release(&r);
}
END_TEST

/* The Gaelic-medium share is per sector: A (primary, 40 of the 400
 * primary pupils) and H (the only secondary, 160 of 160) have Gaelic
 * provision, so the share is 0.1 of primary and 1 of secondary pupils. */
START_TEST(test_gaelic_share_by_sector)
{
	struct fx f;
	struct model_params mp;

	edge_region(&f.r, 0);
	f.r.schools[0].gaelic = 1;
	f.r.schools[H].gaelic = 1;
	model_params_default(&mp);
	model_init_params(&f.m, &f.r, &mp, 2023, 2);
	model_params_release(&mp);
	scenario_params_default(&f.p);
	le_diags_init(&f.d);
	le_err_clear(&f.err);
	ck_assert_int_eq(scenario_world_init(&f.w, &f.r, &f.m, NULL, &f.err), LE_OK);
	scenario_travel_straight(&f.t, &f.w, &f.p);
	scenario_model_nearest(&f.m, &f.w, &f.t);
	ck_assert_int_eq(model_run(&f.m, &f.d, &f.err), LE_OK);
	ck_assert_double_eq_tol(model_stream_share(&f.m, 0, 0, MODEL_GM, 0), 0.1, 1e-12);
	ck_assert_double_eq_tol(model_stream_share(&f.m, 0, 1, MODEL_GM, 0), 1.0, 1e-12);
	fx_release(&f);
}
END_TEST

Suite *suite_numbers(void)
{
	Suite *s = suite_create("numbers");
	TCase *tc = tcase_create("edges");

	tcase_add_test(tc, test_edges_baseline);
	tcase_add_test(tc, test_band_edges_exact);
	tcase_add_test(tc, test_simd_rank);
	tcase_add_test(tc, test_deprivation_imd);
	tcase_add_test(tc, test_deprivation_bad_decile);
	tcase_add_test(tc, test_deprivation_simd_labels);
	tcase_add_test(tc, test_simd_bad);
	tcase_add_test(tc, test_simd_partial);
	tcase_add_test(tc, test_simd_mapping);
	tcase_add_test(tc, test_simd_census);
	tcase_add_test(tc, test_capital_to_date);
	tcase_add_test(tc, test_change_year);
	tcase_add_test(tc, test_merge_unknown_capacity);
	tcase_add_test(tc, test_backtest_even);
	tcase_add_test(tc, test_params);
	tcase_add_test(tc, test_change_horizon);
	tcase_add_test(tc, test_page_bands);
	tcase_add_test(tc, test_cohort_clamp);
	tcase_add_test(tc, test_gaelic_share_by_sector);
	suite_add_tcase(s, tc);
	return s;
}
