/*
 * test_compare.c: the options appraisal's building blocks on hand-made
 * numbers: the cumulative totals of an option (scenario_totals) and the
 * per-school sufficiency years (scenario_sufficiency), each checked
 * against sums and years worked out by hand in the comments.
 */
#include "testutil.h"

#include "scenario/scenario.h"
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-9

/* A result with only its KPI rows: what scenario_totals reads. */
static void kpi_result(struct scenario_result *res, int nyears)
{
	memset(res, 0, sizeof(*res));
	res->base_year = 2025;
	res->nyears = nyears;
	res->kpi = xcalloc((size_t)nyears * SK_NKPIS, sizeof(double));
}

#define KPI(res, y, k) ((res)->kpi[(size_t)(y) * SK_NKPIS + (k)])

/*
 * Three years. Beyond the limit 10, 12.5, 0 -> 22.5 pupil-years; C/D
 * buildings n/a (no grades) -> n/a, not 0; shortfall 1, 2, 3 -> 6
 * place-years; capital 0, 1,000,000, 250,000 -> 1,250,000 (the horizon's
 * capital to date); running 3 x 100 -> 300; transport 7, 8, 9 -> 24;
 * unplaced 0.5 in the last year only -> 0.5.
 */
START_TEST(test_totals_hand)
{
	struct scenario_result res;
	double tot[SCENARIO_NTOTALS];
	int y;

	kpi_result(&res, 3);
	KPI(&res, 0, SK_BEYOND_LIMIT) = 10;
	KPI(&res, 1, SK_BEYOND_LIMIT) = 12.5;
	KPI(&res, 1, SK_CAPITAL_GBP) = 1e6;
	KPI(&res, 2, SK_CAPITAL_GBP) = 2.5e5;
	KPI(&res, 2, SK_UNPLACED) = 0.5;
	for (y = 0; y < 3; y++) {
		KPI(&res, y, SK_PUPILS_CD) = NAN;
		KPI(&res, y, SK_SHORTFALL) = y + 1;
		KPI(&res, y, SK_RUNNING_GBP) = 100;
		KPI(&res, y, SK_TRANSPORT_GBP) = 7 + y;
		/* Other KPIs must not leak into any total. */
		KPI(&res, y, SK_PUPILS) = 1e9;
		KPI(&res, y, SK_CAPITAL_TO_DATE_GBP) = 1e9;
	}
	scenario_totals(&res, tot);
	ck_assert_double_eq_tol(tot[ST_BEYOND_PUPIL_YEARS], 22.5, TOL);
	ck_assert(isnan(tot[ST_CD_PUPIL_YEARS]));
	ck_assert_double_eq_tol(tot[ST_SHORT_PLACE_YEARS], 6, TOL);
	ck_assert_double_eq_tol(tot[ST_UNPLACED_PUPIL_YEARS], 0.5, TOL);
	ck_assert_double_eq_tol(tot[ST_CAPITAL_GBP], 1.25e6, TOL);
	ck_assert_double_eq_tol(tot[ST_RUNNING_GBP], 300, TOL);
	ck_assert_double_eq_tol(tot[ST_TRANSPORT_GBP], 24, TOL);
	/* The table: names and units as the CSVs write them, and the KPI
	 * that says which way is better. */
	ck_assert_str_eq(scenario_total_name(ST_BEYOND_PUPIL_YEARS), "beyond_limit_pupil_years");
	ck_assert_str_eq(scenario_total_unit(ST_SHORT_PLACE_YEARS), "place-years");
	ck_assert_str_eq(scenario_total_unit(ST_CAPITAL_GBP), "GBP");
	ck_assert_int_eq(scenario_total_kpi(ST_CD_PUPIL_YEARS), SK_PUPILS_CD);
	ck_assert_int_eq(scenario_total_kpi(SCENARIO_NTOTALS), -1);
	ck_assert_str_eq(scenario_total_name(-1), "?");
	free(res.kpi);
}
END_TEST

/*
 * A hand-made roll series, base 2025, capacity 100 (120 from 2031 after
 * an extension). Rolls 85, 90, 90.04, 95, 100.04, 101, 99, 130:
 *  - 90 % (2026) and 90.04 % (2027, shown 90.0) are not over 90 %: the
 *    first year over 90 % is 2028 (95 %);
 *  - 100.04 % (2029) shows as 100.0 %, not over: the first year over
 *    100 % is 2030 (101 %), as report_util_band bands it;
 *  - 2032 (130) is closed: its roll does not count, so the peak roll is
 *    101 in 2030 (not 2031's 99 / 120), 1 place short, peak utilisation
 *    101 %.
 */
START_TEST(test_sufficiency_series)
{
	static const double roll[8] = { 85, 90, 90.04, 95, 100.04, 101, 99, 130 };
	static const double cap[8] = { 100, 100, 100, 100, 100, 100, 120, 120 };
	static const unsigned char open[8] = { 1, 1, 1, 1, 1, 1, 1, 0 };
	struct report_suff_case c;

	scenario_sufficiency_series(2025, 8, roll, cap, open, &c);
	ck_assert_int_eq(c.over90, 2028);
	ck_assert_int_eq(c.over100, 2030);
	ck_assert_int_eq(c.peak_year, 2030);
	ck_assert_double_eq_tol(c.peak_roll, 101, TOL);
	ck_assert_double_eq_tol(c.peak_capacity, 100, TOL);
	ck_assert_double_eq_tol(c.short_at_peak, 1, TOL);
	ck_assert_double_eq_tol(c.peak_util_pct, 101, TOL);
	/* Closed from the start of 2030 on: never over 100 % while open;
	 * the peak is 2029's 100.04, shown 100.0 %, so 0 places short. */
	{
		static const unsigned char open2[8] = { 1, 1, 1, 1, 1, 0, 0, 0 };

		scenario_sufficiency_series(2025, 8, roll, cap, open2, &c);
		ck_assert_int_eq(c.over90, 2028);
		ck_assert_int_eq(c.over100, 0);
		ck_assert_int_eq(c.peak_year, 2029);
		ck_assert_double_eq_tol(c.short_at_peak, 0, TOL);
	}
}
END_TEST

/* Equal peaks: the first year; a series that never nears 90 %: never
 * (0), not n/a; never open: no peak year and NaN. */
START_TEST(test_sufficiency_peaks)
{
	static const double roll[4] = { 50, 70, 70, 60 };
	static const double cap[4] = { 100, 100, 100, 100 };
	static const unsigned char open[4] = { 1, 1, 1, 1 }, shut[4] = { 0, 0, 0, 0 };
	struct report_suff_case c;

	scenario_sufficiency_series(2030, 4, roll, cap, open, &c);
	ck_assert_int_eq(c.peak_year, 2031);
	ck_assert_int_eq(c.over90, 0);
	ck_assert_int_eq(c.over100, 0);
	ck_assert_double_eq_tol(c.peak_util_pct, 70, TOL);
	ck_assert_double_eq_tol(c.short_at_peak, 0, TOL);
	scenario_sufficiency_series(2030, 4, roll, cap, shut, &c);
	ck_assert_int_eq(c.peak_year, 0);
	ck_assert(isnan(c.peak_roll));
	ck_assert(isnan(c.peak_util_pct));
}
END_TEST

/* A school without a capacity (-1 as loaded, or 0): no utilisation. Its
 * years over 90 % / 100 % are n/a (-1), its utilisation and places short
 * NaN ("n/a"), never 0 or "never"; its peak roll is still given. */
START_TEST(test_sufficiency_no_capacity)
{
	static const double roll[3] = { 40, 44, 42 };
	static const double none[3] = { -1, -1, -1 }, zero[3] = { 0, 0, 0 };
	static const unsigned char open[3] = { 1, 1, 1 };
	struct report_suff_case c;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		scenario_sufficiency_series(2025, 3, roll, pass ? zero : none, open, &c);
		ck_assert_int_eq(c.over90, -1);
		ck_assert_int_eq(c.over100, -1);
		ck_assert(isnan(c.peak_util_pct));
		ck_assert(isnan(c.short_at_peak));
		ck_assert(isnan(c.peak_capacity));
		ck_assert_int_eq(c.peak_year, 2026);
		ck_assert_double_eq_tol(c.peak_roll, 44, TOL);
	}
}
END_TEST

static void suff_row(struct report_sufficiency *r, const char *id, int option, int k,
		     int over100, int over90, double util)
{
	memset(r, 0, sizeof(*r));
	r->option = option ? "other" : "baseline";
	r->school_id = r->school_name = id;
	r->option_index = option;
	r->school_index = k;
	r->c[0].over100 = over100;
	r->c[0].over90 = over90;
	r->c[0].peak_util_pct = util;
}

/*
 * Urgency within an option: the earliest year over 100 % (b 2027 before
 * g and a 2030), then over 90 % (g 2027 before a 2028), never after any
 * year (f, c, d), then fuller first (f 97 % before c 95 %), n/a last (e),
 * equal keys by school order (i after c, same 95 %); option order first
 * (h of option 1 over 100 % in 2025 still comes after option 0's rows).
 */
START_TEST(test_sufficiency_sort)
{
	struct report_sufficiency v[9];
	const char *want = "bgafcide" "h";
	char got[10];
	int i;

	suff_row(&v[0], "h", 1, 0, 2025, 2025, 120);
	suff_row(&v[1], "e", 0, 4, -1, -1, NAN);
	suff_row(&v[2], "a", 0, 0, 2030, 2028, 101);
	suff_row(&v[3], "i", 0, 8, 0, 2026, 95);
	suff_row(&v[4], "d", 0, 3, 0, 0, 85);
	suff_row(&v[5], "c", 0, 2, 0, 2026, 95);
	suff_row(&v[6], "b", 0, 1, 2027, 2026, 104);
	suff_row(&v[7], "g", 0, 6, 2030, 2027, 102);
	suff_row(&v[8], "f", 0, 5, 0, 2026, 97);
	scenario_sufficiency_sort(v, 9);
	for (i = 0; i < 9; i++)
		got[i] = v[i].school_id[0];
	got[9] = '\0';
	ck_assert_str_eq(got, want);
	/* On the short lists: over 90 % in the central or the high case. */
	ck_assert(report_suff_listed(&v[0]));    /* b */
	ck_assert(report_suff_listed(&v[8]));    /* h */
	ck_assert(!report_suff_listed(&v[6]));   /* d: never */
	ck_assert(!report_suff_listed(&v[7]));   /* e: n/a */
	v[6].c[1].over90 = 2031;                 /* d in the high case */
	ck_assert(report_suff_listed(&v[6]));
}
END_TEST

/*
 * What the short lists show (report_suff_shown): the baseline's rows
 * over 90 %; another option's rows that differ from the baseline's row
 * of the same school where either is over 90 % (a school it relieves
 * included), and its new schools over 90 %.
 */
START_TEST(test_sufficiency_shown)
{
	struct report_sufficiency v[7];

	suff_row(&v[0], "a", 0, 0, 2026, 2025, 110);   /* listed */
	suff_row(&v[1], "b", 0, 1, 0, 2027, 93);       /* listed */
	suff_row(&v[2], "c", 0, 2, 0, 0, 70);          /* not listed */
	suff_row(&v[3], "a", 1, 0, 2026, 2025, 110);   /* as the baseline */
	suff_row(&v[4], "b", 1, 1, 0, 0, 85);          /* relieved */
	suff_row(&v[5], "c", 1, 2, 0, 0, 70);          /* as the baseline */
	suff_row(&v[6], "n", 1, 9, 0, 2030, 95);       /* a new school */
	ck_assert(report_suff_shown(v, 7, 0));
	ck_assert(report_suff_shown(v, 7, 1));
	ck_assert(!report_suff_shown(v, 7, 2));
	ck_assert(!report_suff_shown(v, 7, 3));
	ck_assert(report_suff_shown(v, 7, 4));
	ck_assert(!report_suff_shown(v, 7, 5));
	ck_assert(report_suff_shown(v, 7, 6));
	/* The same first years but 2 more places short in the high case. */
	v[0].c[1].short_at_peak = 10;
	v[3].c[1].short_at_peak = 12;
	ck_assert(report_suff_shown(v, 7, 3));
	/* Less than half a pupil apart reads the same as shown. */
	v[3].c[1].short_at_peak = 10.4;
	ck_assert(!report_suff_shown(v, 7, 3));
	/* A change that keeps a school under 90 % is not listed. */
	v[5].c[0].peak_roll = 99;
	ck_assert(!report_suff_shown(v, 7, 5));
}
END_TEST

Suite *suite_compare(void)
{
	Suite *s = suite_create("compare");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_totals_hand);
	tcase_add_test(tc, test_sufficiency_series);
	tcase_add_test(tc, test_sufficiency_peaks);
	tcase_add_test(tc, test_sufficiency_no_capacity);
	tcase_add_test(tc, test_sufficiency_sort);
	tcase_add_test(tc, test_sufficiency_shown);
	suite_add_tcase(s, tc);
	return s;
}
