/*
 * backtest.c: forecast accuracy against what happened (estate backtest).
 * The model is run from a past base year with only the history up to it;
 * each school's forecast total of the target year is set against the
 * census of that year, beside two naive rules a forecaster must beat:
 *  - persistence: next years' roll = the base-year roll;
 *  - council progression: every school's stages move on by the council's
 *    stage-to-stage ratios (the mean over the last three transitions of
 *    the council sums), the entry stage (P1, S1) held at the school's own
 *    base-year value; no population, no shrinkage.
 * Errors are percentages of the actual roll: (forecast - actual) / actual.
 * A school counts when it has a roll in both years (a school opened
 * after the base year has nothing to forecast from; one closed before the
 * target year has nothing to compare with). Council totals are over the
 * same schools, so they compare like with like.
 */
#include "model/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Size bands by base-year roll, per sector (upper bounds, last open). */
static const double band_upper[LE_NSECTORS][MODEL_BT_NBANDS] = {
	{ 100, 250, 400, 1e30 },
	{ 600, 1000, 1300, 1e30 },
	{ 1e30, 1e30, 1e30, 1e30 },
};

int model_bt_band(int sector, double roll)
{
	int b;

	for (b = 0; b < MODEL_BT_NBANDS - 1; b++)
		if (roll < band_upper[sector][b])
			return b;
	return MODEL_BT_NBANDS - 1;
}

double model_bt_band_upper(int sector, int band)
{
	return band_upper[sector][band];
}

/* Sum of a school's sector stages in year Y; < 0 when a stage is missing. */
double model_bt_total(const struct le_stages *st, const struct model_history *h,
		      int k, int sector, int year)
{
	int s, first = st->first[sector], last = st->last[sector];
	double t = 0, v;

	for (s = first; s <= last; s++) {
		if ((v = model_history_at(h, k, s, year)) < 0)
			return -1;
		t += v;
	}
	return t;
}

double model_bt_progression(const struct model_history *h, const struct region *r,
			    int k, int base, int n)
{
	int sec = r->schools[k].sector, first = r->stages.first[sec];
	int last = r->stages.last[sec], s, i, j, y;
	double g[LE_MAX_STAGES], cur[LE_MAX_STAGES], nxt[LE_MAX_STAGES], t = 0;

	for (s = first + 1; s <= last; s++) {
		double sum = 0;
		int cnt = 0;

		for (i = 0; i < 3; i++) {
			double num = 0, den = 0;

			/* Schools with both cells only: a school opened in
			 * between would count in one year and not the other. */
			for (j = 0; j < r->nschools; j++) {
				double a = model_history_at(h, j, s, base - i);
				double b = model_history_at(h, j, s - 1, base - i - 1);

				if (r->schools[j].sector == sec && a >= 0 && b >= 0) {
					num += a;
					den += b;
				}
			}
			if (den > 0) {
				sum += num / den;
				cnt++;
			}
		}
		g[s] = cnt ? sum / cnt : 1;
	}
	/* From the school's base-year stages; a stage not given counts 0
	 * (as persistence would count it). */
	for (s = first; s <= last; s++) {
		cur[s] = model_history_at(h, k, s, base);
		if (cur[s] < 0)
			cur[s] = 0;
	}
	/* Year by year: the entry stage held, every other stage the one
	 * below it a year earlier times the council's ratio. */
	for (y = 1; y <= n; y++) {
		nxt[first] = cur[first];
		for (s = first + 1; s <= last; s++)
			nxt[s] = g[s] * cur[s - 1];
		memcpy(&cur[first], &nxt[first], sizeof(double) * (size_t)(last - first + 1));
	}
	for (s = first; s <= last; s++)
		t += cur[s];
	return t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median of v (sorted in place); 0 for none. */
static double median(double *v, int n)
{
	if (n == 0)
		return 0;
	qsort(v, (size_t)n, sizeof(double), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void model_bt_stats(const double *fc, const double *actual, const double *low,
		    const double *high, int n, struct model_bt_stats *st)
{
	double *ape = xmalloc(sizeof(double) * (size_t)(n + 1));
	double sf = 0, sa = 0, sum = 0, bias = 0;
	int i, in5 = 0, in10 = 0, cov = 0;

	memset(st, 0, sizeof(*st));
	/* Percentages of the actual roll, the convention of the DfE's
	 * forecast accuracy tables that the targets come from. */
	for (i = 0; i < n; i++) {
		double e = (fc[i] - actual[i]) / actual[i] * 100;

		ape[i] = fabs(e);
		sum += ape[i];
		bias += e;
		in5 += ape[i] <= 5;
		in10 += ape[i] <= 10;
		if (low && high)
			cov += actual[i] >= low[i] && actual[i] <= high[i];
		sf += fc[i];
		sa += actual[i];
	}
	st->n = n;
	if (n) {
		st->mean_ape = sum / n;
		st->bias = bias / n;
		st->within5 = 100.0 * in5 / n;
		st->within10 = 100.0 * in10 / n;
		st->coverage = low && high ? 100.0 * cov / n : -1;
		st->total_err = sa > 0 ? (sf - sa) / sa * 100 : 0;
	}
	st->median_ape = median(ape, n);
	st->actual_total = sa;
	st->forecast_total = sf;
	free(ape);
}
