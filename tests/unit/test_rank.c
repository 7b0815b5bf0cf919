/*
 * test_rank.c: the appraisal's ranking (src/scenario/rank.c): scores of
 * hand-made options computed by hand, a hard-constraint breach flagged
 * and not ranked (given, and found on hand-made results), the criteria
 * file's errors with file:line, and ranking.csv. Suite "rank".
 */
#include "testutil.h"

#include "scenario/scenario.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-9

/* Three options, criteria net_present_cost 50, short_place_years 30,
 * pupils_moved 20 (all lower is better):
 *         npc GBP m   short   moved
 *   A        100        10       0
 *   B        110         0      50
 *   C        120         5     100
 * Normalised (best 1, worst 0): npc A 1, B 0.5, C 0; short A 0, B 1,
 * C 0.5; moved A 1, B 0.5, C 0. Scores (100 x weighted mean, weights
 * sum 100): A 50 + 0 + 20 = 70; B 25 + 30 + 10 = 65; C 0 + 15 + 0 = 15. */
static const char *const crit3 =
	"[criteria]\nnet_present_cost = 50\nshort_place_years = 30\npupils_moved = 20\n";

static void three(struct scenario_rank_option *o)
{
	static const char *const names[3] = { "A", "B", "C" };
	static const double npc[3] = { 100e6, 110e6, 120e6 }, sh[3] = { 10, 0, 5 },
			    mv[3] = { 0, 50, 100 };
	int i;

	memset(o, 0, sizeof(*o) * 3);
	for (i = 0; i < 3; i++) {
		o[i].name = names[i];
		o[i].npc_gbp = npc[i];
		o[i].tot[ST_SHORT_PLACE_YEARS] = sh[i];
		o[i].kpi[SK_MOVED] = mv[i];
	}
}

static void read_crit(const char *text, struct scenario_criteria *c)
{
	struct le_err err;
	char *path = tu_write_tmp(".ini", text);

	le_err_clear(&err);
	ck_assert_int_eq(scenario_criteria_read(path, c, &err), LE_OK);
	free(path);
}

START_TEST(test_rank_three)
{
	struct scenario_criteria c;
	struct scenario_rank_option o[3];
	struct scenario_ranking rk;

	read_crit(crit3, &c);
	ck_assert_int_eq(c.n, 3);
	ck_assert(isnan(c.max_over_pct));
	three(o);
	ck_assert_int_eq(scenario_rank(&rk, &c, o, 3, NULL), LE_OK);
	ck_assert_double_eq_tol(rk.score[0], 70, TOL);
	ck_assert_double_eq_tol(rk.score[1], 65, TOL);
	ck_assert_double_eq_tol(rk.score[2], 15, TOL);
	ck_assert_double_eq_tol(rk.norm[1 * 3 + 0], 0.5, TOL);
	ck_assert_double_eq_tol(rk.norm[2 * 3 + 1], 0.5, TOL);
	ck_assert_int_eq(rk.rank[0], 1);
	ck_assert_int_eq(rk.rank[1], 2);
	ck_assert_int_eq(rk.rank[2], 3);
	ck_assert_int_eq(rk.nranked, 3);
	/* Best on its two heaviest wins, worst on place-years short. */
	ck_assert_str_eq(rk.reason[0], "ranks first (score 70.0): lowest net present cost (£100.0 m) and lowest number of pupils who must move school (0 pupils); but highest place-years short (10 place-years)");
	/* Best on short; its largest weighted shortfall: npc 50 x 0.5 = 25
	 * against moved 20 x 0.5 = 10. */
	ck_assert_str_eq(rk.reason[1], "ranks second (score 65.0): lowest place-years short (0 place-years); but weaker on net present cost (£110.0 m)");
	ck_assert_str_eq(rk.reason[2], "ranks third (score 15.0): highest net present cost (£120.0 m)");
	scenario_ranking_release(&rk);
	/* The direction turned round in the file: pupils_moved higher is
	 * better makes C best (1) and A worst (0) on it: A 50, B 25 + 30 +
	 * 10 = 65, C 15 + 20 = 35; B now first. */
	scenario_criteria_release(&c);
	read_crit("[criteria]\nnet_present_cost = 50\nshort_place_years = 30\npupils_moved = 20, higher\n", &c);
	ck_assert_int_eq(scenario_rank(&rk, &c, o, 3, NULL), LE_OK);
	ck_assert_double_eq_tol(rk.score[0], 50, TOL);
	ck_assert_double_eq_tol(rk.score[2], 35, TOL);
	ck_assert_int_eq(rk.order[0], 1);
	ck_assert_int_eq(rk.order[1], 0);
	scenario_ranking_release(&rk);
	scenario_criteria_release(&c);
	/* A measure on which all are equal (beyond_limit_pupil_years, all
	 * 0) scores 1 for each: A (70 + 10) / 110 = 72.73, B 75 / 110,
	 * C 25 / 110; it separates no one and is never a reason. */
	read_crit("[criteria]\nnet_present_cost = 50\nshort_place_years = 30\npupils_moved = 20\n"
		  "beyond_limit_pupil_years = 10\n", &c);
	ck_assert_int_eq(scenario_rank(&rk, &c, o, 3, NULL), LE_OK);
	ck_assert_double_eq_tol(rk.score[0], 8000.0 / 110, TOL);
	ck_assert_double_eq_tol(rk.score[1], 7500.0 / 110, TOL);
	ck_assert_double_eq_tol(rk.score[2], 2500.0 / 110, TOL);
	ck_assert_int_eq(rk.spread[3], 0);
	ck_assert_ptr_null(strstr(rk.reason[0], "walking limit"));
	scenario_ranking_release(&rk);
	scenario_criteria_release(&c);
}
END_TEST

/* Equal scores: the lower net present cost first, then run order. A
 * measure n/a for one option is left out of every score. */
START_TEST(test_rank_ties_and_na)
{
	struct scenario_criteria c;
	struct scenario_rank_option o[3];
	struct scenario_ranking rk;

	read_crit("[criteria]\nshort_place_years = 1\nnet_present_cost = 0\n"
		  "cd_buildings_pupil_years = 5\n", &c);
	three(o);
	/* short: A 10 (0), B 0 (1), C 5 (0.5); C/D n/a for C: not scored.
	 * Scores A 0, B 100, C 50. Then make A and C equal on short. */
	o[2].tot[ST_CD_PUPIL_YEARS] = NAN;
	o[2].tot[ST_SHORT_PLACE_YEARS] = 10;
	ck_assert_int_eq(scenario_rank(&rk, &c, o, 3, NULL), LE_OK);
	ck_assert_int_eq(rk.used[2], 0);
	ck_assert_double_eq_tol(rk.score[0], 0, TOL);
	ck_assert_double_eq_tol(rk.score[2], 0, TOL);
	ck_assert_double_eq_tol(rk.score[1], 100, TOL);
	/* A (npc 100 m) before C (120 m) at equal scores. */
	ck_assert_int_eq(rk.order[0], 1);
	ck_assert_int_eq(rk.order[1], 0);
	ck_assert_int_eq(rk.order[2], 2);
	scenario_ranking_release(&rk);
	scenario_criteria_release(&c);
}
END_TEST

/* A breach given: B is flagged and not ranked, and the others are
 * normalised without it: npc A 1, C 0; short A 0 (10), C 1 (5); moved
 * A 1, C 0. A = 50 + 20 = 70, C = 30. */
START_TEST(test_rank_breach_given)
{
	struct scenario_criteria c;
	struct scenario_rank_option o[3];
	struct scenario_ranking rk;
	char *dir, *path, line[600];
	FILE *fp;
	struct le_err err;

	read_crit("[criteria]\nnet_present_cost = 50\nshort_place_years = 30\npupils_moved = 20\n"
		  "[constraints]\nmax_over_capacity_pct = 5\n", &c);
	ck_assert_double_eq(c.max_over_pct, 5);
	three(o);
	o[1].breach_given = "X Primary is 20.0 % over capacity in 2030";
	ck_assert_int_eq(scenario_rank(&rk, &c, o, 3, NULL), LE_OK);
	ck_assert_int_eq(rk.rank[1], 0);
	ck_assert(isnan(rk.score[1]));
	ck_assert_int_eq(rk.nranked, 2);
	ck_assert_double_eq_tol(rk.score[0], 70, TOL);
	ck_assert_double_eq_tol(rk.score[2], 30, TOL);
	ck_assert_int_eq(rk.order[0], 0);
	ck_assert_int_eq(rk.order[1], 2);
	ck_assert_int_eq(rk.order[2], 1);
	ck_assert_str_eq(rk.reason[1], "not ranked: breaks a hard constraint: X Primary is 20.0 % over capacity in 2030");
	ck_assert_ptr_nonnull(strstr(rk.reason[0], "; meets the hard constraints"));
	/* ranking.csv: rank order, the flagged row without rank or score. */
	dir = tu_tmpdir();
	le_err_clear(&err);
	ck_assert_int_eq(scenario_ranking_write(&rk, dir, &err), LE_OK);
	path = le_path_join(dir, "ranking.csv");
	fp = fopen(path, "r");
	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
	ck_assert_str_eq(line, "rank,option,score,net_present_cost,net_present_cost_score,short_place_years,short_place_years_score,pupils_moved,pupils_moved_score,breach,reasons\n");
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
	ck_assert_str_eq(line, "1,\"A\",70.00,100000000.00,1.0000,10.00,0.0000,0.00,1.0000,\"\",\"ranks first (score 70.0): lowest net present cost (£100.0 m) and lowest number of pupils who must move school (0 pupils); but highest place-years short (10 place-years); meets the hard constraints\"\n");
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), fp));
	ck_assert_str_eq(line, ",\"B\",n/a,110000000.00,n/a,0.00,n/a,50.00,n/a,\"X Primary is 20.0 % over capacity in 2030\",\"not ranked: breaks a hard constraint: X Primary is 20.0 % over capacity in 2030\"\n");
	fclose(fp);
	free(path);
	free(dir);
	scenario_ranking_release(&rk);
	scenario_criteria_release(&c);
}
END_TEST

/* A hand-made result of one year and two schools. */
static void mini_result(struct scenario_result *r, double roll0, double roll1)
{
	memset(r, 0, sizeof(*r));
	r->base_year = 2030;
	r->nyears = 1;
	r->nschools = 2;
	r->roll = xcalloc(2, sizeof(double));
	r->capacity = xcalloc(2, sizeof(double));
	r->status = xcalloc(2, sizeof(int));
	r->years = xcalloc(1, sizeof(*r->years));
	r->kpi = xcalloc(SK_NKPIS, sizeof(double));
	r->roll[0] = roll0;
	r->roll[1] = roll1;
	r->capacity[0] = r->capacity[1] = 100;
	r->status[0] = r->status[1] = SCENARIO_OPEN;
}

static void mini_free(struct scenario_result *r)
{
	free(r->roll);
	free(r->capacity);
	free(r->status);
	free(r->years);
	free(r->kpi);
}

/* The capacity constraint found on results: the do-minimum has school 0
 * at 108 (8 % over, already beyond 5 %) and school 1 at 100. Option P
 * keeps school 0 at 108 and puts school 1 at 104 (4 %: within): not a
 * breach. Option Q puts school 1 at 110.2 (10.2 % over, the do-minimum
 * 0 %): a breach, flagged, not ranked. Option R closes school 1 and puts
 * its pupils at school 0: 208 on 100 places, worse than the do-minimum's
 * 108: a breach. */
START_TEST(test_rank_breach_found)
{
	struct scenario_criteria c;
	struct scenario_rank_option o[4];
	struct scenario_result base, p, q, r;
	struct scenario_ranking rk;

	read_crit("[criteria]\nnet_present_cost = 1\n[constraints]\nmax_over_capacity_pct = 5\n", &c);
	mini_result(&base, 108, 100);
	mini_result(&p, 108, 104);
	mini_result(&q, 108, 110.2);
	mini_result(&r, 208, 0);
	r.status[1] = SCENARIO_CLOSED;
	memset(o, 0, sizeof(o));
	o[0].name = "baseline";
	o[0].res = &base;
	o[1].name = "P";
	o[2].name = "Q";
	o[3].name = "R";
	o[1].res = &p;
	o[2].res = &q;
	o[3].res = &r;
	o[1].base = o[2].base = o[3].base = &base;
	o[0].npc_gbp = 10e6;
	o[1].npc_gbp = 12e6;
	o[2].npc_gbp = 8e6;
	o[3].npc_gbp = 5e6;
	ck_assert_int_eq(scenario_rank(&rk, &c, o, 4, NULL), LE_OK);
	ck_assert_ptr_null(rk.breach[0]);
	ck_assert_ptr_null(rk.breach[1]);
	ck_assert_str_eq(rk.breach[2], "a school is 10.2 % over capacity in 2030 (110 pupils, 100 places; the limit 5 %, the do-minimum 0.0 % over)");
	ck_assert_str_eq(rk.breach[3], "a school is 108.0 % over capacity in 2030 (208 pupils, 100 places; the limit 5 %, the do-minimum 8.0 % over)");
	/* Q and R are the cheapest, but flagged: the baseline ranks first. */
	ck_assert_int_eq(rk.rank[0], 1);
	ck_assert_int_eq(rk.rank[1], 2);
	ck_assert_int_eq(rk.rank[2], 0);
	ck_assert_int_eq(rk.rank[3], 0);
	ck_assert_str_eq(rk.reason[0], "the do-minimum ranks first (score 100.0): lowest net present cost (£10.0 m); meets the hard constraints");
	scenario_ranking_release(&rk);
	mini_free(&base);
	mini_free(&p);
	mini_free(&q);
	mini_free(&r);
	scenario_criteria_release(&c);
}
END_TEST

/* The journey constraint: the do-minimum has 10 pupils at 50 minutes
 * (over 45 already: not the option's doing); option J adds 5 pupils at
 * 46 minutes: 15 over 45 minutes, a breach; option K moves the 10 to
 * 44 minutes and 5 others to 60: 5, fewer than the do-minimum, no breach. */
START_TEST(test_rank_journey)
{
	struct scenario_criteria c;
	struct scenario_rank_option o[3];
	struct scenario_result base, jr, kr;
	struct scenario_ranking rk;
	double bp[1] = { 10 }, bt[1] = { 3000 }, jp[2] = { 10, 5 }, jt[2] = { 3000, 2760 },
	       kp[2] = { 10, 5 }, kt[2] = { 2640, 3600 };

	read_crit("[criteria]\nnet_present_cost = 1\n[constraints]\nmax_journey_min = 45\n", &c);
	mini_result(&base, 50, 50);
	mini_result(&jr, 50, 50);
	mini_result(&kr, 50, 50);
	base.years[0].ne = 1;
	base.years[0].pupils = bp;
	base.years[0].time_s = bt;
	jr.years[0].ne = 2;
	jr.years[0].pupils = jp;
	jr.years[0].time_s = jt;
	kr.years[0].ne = 2;
	kr.years[0].pupils = kp;
	kr.years[0].time_s = kt;
	memset(o, 0, sizeof(o));
	o[0].name = "baseline";
	o[0].res = &base;
	o[1].name = "J";
	o[1].res = &jr;
	o[2].name = "K";
	o[2].res = &kr;
	o[1].base = o[2].base = &base;
	ck_assert_int_eq(scenario_rank(&rk, &c, o, 3, NULL), LE_OK);
	ck_assert_ptr_null(rk.breach[0]);
	ck_assert_str_eq(rk.breach[1], "15 pupils travel over 45 minutes in 2030 (the do-minimum 10)");
	ck_assert_ptr_null(rk.breach[2]);
	ck_assert_int_eq(rk.nranked, 2);
	scenario_ranking_release(&rk);
	mini_free(&base);
	mini_free(&jr);
	mini_free(&kr);
	scenario_criteria_release(&c);
}
END_TEST

static void expect_crit_error(const char *text, const char *fmt, int line)
{
	struct scenario_criteria c;
	struct le_err err;
	char *path = tu_write_tmp(".ini", text), want[900];

	le_err_clear(&err);
	ck_assert_int_eq(scenario_criteria_read(path, &c, &err), LE_EPARSE);
	if (line)
		snprintf(want, sizeof(want), fmt, path, line);
	else
		snprintf(want, sizeof(want), fmt, path);
	ck_assert_str_eq(err.msg, want);
	free(path);
}

START_TEST(test_criteria_errors)
{
	struct scenario_criteria c;

	expect_crit_error("; weights\n[criteria]\nnet_present_cost = 30\nnet_cost = 20\n",
			  "%s:%d: unknown measure 'net_cost' in [criteria] (expected one of: "
			  "net_present_cost, short_place_years, cd_buildings_pupil_years, "
			  "beyond_limit_pupil_years, unplaced_pupil_years, simd20_distance_change_m, "
			  "pupils_moved, kpi.<a KPI of kpis.csv>)", 4);
	expect_crit_error("[criteria]\nkpi.no_such_kpi = 3\n",
			  "%s:%d: unknown measure 'kpi.no_such_kpi' in [criteria] (expected one of: "
			  "net_present_cost, short_place_years, cd_buildings_pupil_years, "
			  "beyond_limit_pupil_years, unplaced_pupil_years, simd20_distance_change_m, "
			  "pupils_moved, kpi.<a KPI of kpis.csv>)", 2);
	expect_crit_error("[criteria]\nnet_present_cost = heavy\n",
			  "%s:%d: net_present_cost: the weight must be a number from 0 to 1000, got 'heavy' (write 'measure = weight' or 'measure = weight, lower')", 2);
	expect_crit_error("[criteria]\nnet_present_cost = 3, cheaper\n",
			  "%s:%d: net_present_cost: the better direction must be lower or higher, got 'cheaper'", 2);
	expect_crit_error("[criteria]\nnet_present_cost = 3\nnet_present_cost = 4\n",
			  "%s:%d: measure 'net_present_cost' is given twice in [criteria] (first on line 2)", 3);
	/* simd20_pupils has no better direction of its own. */
	expect_crit_error("[criteria]\nkpi.simd20_pupils = 3\n",
			  "%s:%d: kpi.simd20_pupils has no better direction of its own: write 'kpi.simd20_pupils = 3, lower' or ', higher'", 2);
	expect_crit_error("[criteria]\nnet_present_cost = 3\n[constraints]\nmax_over_pct = 5\n",
			  "%s:%d: unknown constraint 'max_over_pct' in [constraints] (expected max_over_capacity_pct or max_journey_min)", 4);
	expect_crit_error("[criteria]\nnet_present_cost = 3\n[constraints]\nmax_journey_min = 45\nmax_journey_min = 60\n",
			  "%s:%d: max_journey_min is given twice in [constraints]", 5);
	expect_crit_error("[weights]\nnet_present_cost = 3\n",
			  "%s:%d: 'net_present_cost' is outside [criteria] and [constraints] (the sections of a criteria file)", 2);
	expect_crit_error("[criteria]\n", "%s: no measure in [criteria] (write 'net_present_cost = 30', one measure a line)", 0);
	/* A KPI with its own direction, and the bundled defaults. */
	read_crit("[criteria]\nkpi.pupils_in_cd_suitability = 2\nkpi.simd20_pupils = 1, lower\n", &c);
	ck_assert_int_eq(c.better[0], -1);
	scenario_criteria_release(&c);
	read_crit("[criteria]\nnet_present_cost = 1\n", &c);
	scenario_criteria_release(&c);
	{
		struct le_err err;

		le_err_clear(&err);
		ck_assert_int_eq(scenario_criteria_read("models/criteria.ini", &c, &err), LE_OK);
		ck_assert_int_eq(c.n, 6);
		ck_assert_double_eq(c.max_over_pct, 5);
		ck_assert_double_eq(c.max_journey_min, 45);
		scenario_criteria_release(&c);
	}
}
END_TEST

Suite *suite_rank(void)
{
	Suite *s = suite_create("rank");
	TCase *tc = tcase_create("rank");

	tcase_add_test(tc, test_rank_three);
	tcase_add_test(tc, test_rank_ties_and_na);
	tcase_add_test(tc, test_rank_breach_given);
	tcase_add_test(tc, test_rank_breach_found);
	tcase_add_test(tc, test_rank_journey);
	tcase_add_test(tc, test_criteria_errors);
	suite_add_tcase(s, tc);
	return s;
}
