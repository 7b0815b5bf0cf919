/*
 * totals.c: the cumulative totals of one evaluated option over the years
 * it was evaluated (base year to horizon, both included): pupil-years
 * beyond the walking limit, pupil-years in condition C/D buildings,
 * place-years short, unplaced pupil-years, and the capital, running and
 * transport money spent. `estate compare` prints their differences and
 * the ranking (issue 12, item 8) scores options by them, so both read
 * this one function and this one table.
 *
 * Invariants:
 *  - a total is the plain sum over years of one KPI of the KPI table
 *    (eval.c): a pupil counted beyond the limit in three years is three
 *    pupil-years; capital is the sum of each year's spend, which is the
 *    horizon's capital_cost_to_date_gbp;
 *  - a KPI that is "n/a" (NaN: no capacity, no grades given) makes its
 *    total NaN, never 0: "no data" must not read as "no problem";
 *  - undiscounted: discounting and the appraisal period beyond the
 *    horizon belong to the whole-life cost (cost.c), not here.
 */
#include "scenario/scenario.h"

#include <math.h>

/* The totals table, in enum scenario_total order: name, unit, and the
 * KPI summed (which also says which way is better). */
static const struct {
	const char *name, *unit;
	int kpi;
} total_def[SCENARIO_NTOTALS] = {
	{ "beyond_limit_pupil_years", "pupil-years", SK_BEYOND_LIMIT },
	{ "cd_buildings_pupil_years", "pupil-years", SK_PUPILS_CD },
	{ "short_place_years", "place-years", SK_SHORTFALL },
	{ "unplaced_pupil_years", "pupil-years", SK_UNPLACED },
	{ "capital_gbp", "GBP", SK_CAPITAL_GBP },
	{ "running_gbp", "GBP", SK_RUNNING_GBP },
	{ "transport_gbp", "GBP", SK_TRANSPORT_GBP },
};

const char *scenario_total_name(int t)
{
	return t >= 0 && t < SCENARIO_NTOTALS ? total_def[t].name : "?";
}

const char *scenario_total_unit(int t)
{
	return t >= 0 && t < SCENARIO_NTOTALS ? total_def[t].unit : "?";
}

int scenario_total_kpi(int t)
{
	return t >= 0 && t < SCENARIO_NTOTALS ? total_def[t].kpi : -1;
}

void scenario_totals(const struct scenario_result *res, double *tot)
{
	int t, y;

	for (t = 0; t < SCENARIO_NTOTALS; t++) {
		int k = total_def[t].kpi;
		double s = 0;

		/* NaN in any year propagates: the sum is n/a, as the KPI. */
		for (y = 0; y < res->nyears; y++)
			s += res->kpi[(size_t)y * SK_NKPIS + (size_t)k];
		tot[t] = s;
	}
}
