/*
 * test_compare.c: the options appraisal's building blocks on hand-made
 * numbers: the cumulative totals of an option (scenario_totals) and the
 * per-school sufficiency years (scenario_sufficiency), each checked
 * against sums and years worked out by hand in the comments.
 */
#include "testutil.h"

#include "scenario/scenario.h"

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

Suite *suite_compare(void)
{
	Suite *s = suite_create("compare");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_totals_hand);
	suite_add_tcase(s, tc);
	return s;
}
