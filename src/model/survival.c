/*
 * survival.c: cohort survival per school (method = survival), the
 * councils' grade progression made steadier for small schools.
 *
 * For a school k with a stage history and each ratio it needs:
 *  - stage s after its sector's first: num = stage s in year Y, den =
 *    stage s-1 in year Y-1 (S5 and S6 are the staying-on ratios);
 *  - P1: num = P1 in Y, den = the P1-age population the allocation gives
 *    the school in Y (its catchment's age 4/5 children, model_alloc_stage);
 *  - S1: num = S1 in Y, den = the feeder primaries' P7 in Y-1, each
 *    feeder weighted by the share of its P7 zones the allocation sends
 *    to the secondary (model_feeders).
 * Years are weighted toward the base: w = recency^(base - Y), over at
 * most `years` transitions; the school's ratio is N_k / D_k with N, D the
 * weighted sums of num and den. The council ratio R = sum N / sum D over
 * the sector's schools. Empirical Bayes (Poisson-gamma): a count num has
 * variance about its mean, so r_k = N_k / D_k scatters around the school's
 * true ratio with variance R / D_k; the between-school variance is
 * tau2 = mean over schools of (r_k - R)^2 - R / D_k, and the ratio used is
 *     g_k = (N_k + kappa R) / (D_k + kappa),   kappa = max(R / tau2, prior_min),
 * so a school with few pupils (small D_k) is pulled toward the council's
 * ratio and a large one keeps its own. Migration is in the ratios (they
 * are observed, not assumed 1). A school with no denominator at all (no
 * zones allocated, no feeders) holds its weighted mean entry.
 * The base year is the history's (the observed stages); housing yield is
 * added on top, as in the progression method.
 * Ranges: relative variance of a school total h years ahead =
 * h^(2 hpow) * (noise / roll + floor) (models/forecast.ini, calibrated on the
 * backtest), low/high = central x (1 -/+ z sigma) with z the normal
 * quantile of the range level.
 */
#include "model/model_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Weighted sums of one ratio for every school of a sector. */
struct wsum { double n, d; };

static double hist(const struct model *m, int k, int s, int year)
{
	return model_history_at(&m->hist, k, s, year);
}

/* Shrink every school's ratio toward the council's (see the top). */
void model_survival_shrink(const double *num, const double *den, const char *use,
			   int nk, double prior_min, double *g)
{
	double sn = 0, sd = 0, R, tau2 = 0, kappa;
	int k, cnt = 0;

	for (k = 0; k < nk; k++)
		if (use[k] && den[k] > 0) {
			sn += num[k];
			sd += den[k];
		}
	R = sd > 0 ? sn / sd : 1;
	for (k = 0; k < nk; k++)
		if (use[k] && den[k] > 0) {
			double r = num[k] / den[k];
			tau2 += (r - R) * (r - R) - R / den[k];
			cnt++;
		}
	tau2 = cnt ? tau2 / cnt : 0;
	/* No spread beyond the counting noise: every school is the council. */
	kappa = tau2 > 1e-9 ? R / tau2 : 1e9;
	if (kappa < prior_min)
		kappa = prior_min;
	for (k = 0; k < nk; k++)
		g[k] = use[k] ? (num[k] + kappa * R) / (den[k] + kappa) : 0;
}

/* Feeder P7 of secondary j in calendar year Y: history where given, else
 * the survival projection (Y >= base), else the allocated population. */
static double feeder_p7(const struct model *m, const double *prog,
			const double *w, int year)
{
	double v = 0, p;
	int i, y = year - m->base_year, p7 = m->r->stages.last[LE_PRIMARY];

	for (i = 0; i < m->nschools; i++) {
		if (w[i] <= 0)
			continue;
		if ((p = hist(m, i, p7, year)) < 0) {
			if (y >= 0 && y < m->nyears && m->source[i] == MODEL_SRC_SURVIVAL)
				p = prog[MODEL_K(m, y, i, p7)];
			else
				p = model_alloc_stage(m, i, p7, year);
		}
		v += w[i] * p;
	}
	return v;
}

/*
 * P1 denominator: the school's allocated P1-age children in year Y with
 * the cohorts NOT moved by the cohort change factors (each cohort as
 * counted in the population year; later cohorts from age 0 and the births
 * index). The intake ratio then carries the migration between the
 * population year and P1 the same way in the past years it is fitted on
 * and the future years it is applied to (aged denominators were fitted
 * backward without factors and applied forward with them: a bias as large
 * as the factors, about 2 % a year in Edinburgh 2020-2021).
 */
static double intake_den(struct model *m, int k, int year)
{
	double save[LE_NAGES], v;
	int a;

	memcpy(save, m->p.cohort_change, sizeof(save));
	for (a = 0; a < LE_NAGES; a++)
		m->p.cohort_change[a] = 1;
	v = model_alloc_stage(m, k, m->r->stages.first[LE_PRIMARY], year);
	memcpy(m->p.cohort_change, save, sizeof(save));
	return v;
}

/* z with P(|Z| < z) = level, by bisection on erfc (monotone). */
static double normal_z(double level)
{
	double lo = 0, hi = 10;
	int i;

	for (i = 0; i < 100; i++) {
		double mid = (lo + hi) / 2;
		if (1 - erfc(mid / sqrt(2.0)) < level)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

int model_survival(struct model *m, struct le_diags *d, struct le_err *err)
{
	int nk = m->nschools, k, s, y, i, sec, year, nused;
	size_t nall = MODEL_K_LEN(m);
	double *prog = xcalloc(nall + 1, sizeof(double));
	/* g[k * nst + s]: school k's shrunk ratio into stage s. */
	double *g = xcalloc((size_t)nk * (size_t)m->nst + 1, sizeof(double));
	double *w = xcalloc((size_t)nk * nk + 1, sizeof(double));
	double *hold = xcalloc((size_t)nk + 1, sizeof(double));
	char *noden = xcalloc((size_t)nk + 1, 1);
	struct wsum *ws = xcalloc((size_t)nk + 1, sizeof(*ws));
	double *gs = xcalloc((size_t)nk + 1, sizeof(double));
	char *use = xcalloc((size_t)nk + 1, 1);
	double *ent_r = xcalloc((size_t)nk + 1, sizeof(double));
	double *ent_dbar = xcalloc((size_t)nk + 1, sizeof(double));
	double *den_y = xcalloc((size_t)nk + 1, sizeof(double));
	double *sn_ = xcalloc((size_t)nk + 1, sizeof(double));
	double *sd_ = xcalloc((size_t)nk + 1, sizeof(double));
	double z = normal_z(m->fc.range_level);
	const struct model_history *h = &m->hist;

	(void)err;
	nused = m->fc.years < h->nyears - 1 ? m->fc.years : h->nyears - 1;
	for (k = 0; k < nk; k++)
		if (m->r->schools[k].sector == LE_SECONDARY && h->has && h->has[k])
			model_feeders(m, k, &w[(size_t)k * nk]);
	/* Primaries first: secondaries' S1 reads their projected P7. */
	for (sec = LE_PRIMARY; sec <= LE_SECONDARY; sec++) {
		int first = m->r->stages.first[sec], last = m->r->stages.last[sec];

		for (k = 0; k < nk; k++)
			use[k] = m->r->schools[k].sector == sec && h->has && h->has[k] &&
				 hist(m, k, first, m->base_year) >= 0;
		for (s = first; s <= last; s++) {
			memset(ws, 0, sizeof(*ws) * (size_t)nk);
			for (k = 0; k < nk; k++) {
				double wt = 1, hn = 0, hs = 0, wsum = 0;

				if (!use[k])
					continue;
				/* The entry ratio needs no year before: it may use
				 * one more year than the stage ratios. */
				int nfit = s == first ? (m->fc.years < h->nyears ? m->fc.years : h->nyears) : nused;

				for (i = 0; i < nfit; i++, wt *= m->fc.recency) {
					double num, den;

					year = m->base_year - i;
					num = hist(m, k, s, year);
					if (s == first) {
						/* The entry's held level, for a school
						 * without a denominator. */
						if (num >= 0) {
							hn += wt * num;
							hs += wt;
						}
						den = sec == LE_PRIMARY ? intake_den(m, k, year) :
						      feeder_p7(m, prog, &w[(size_t)k * nk], year - 1);
					} else {
						den = hist(m, k, s - 1, year - 1);
					}
					if (num >= 0 && den > 0) {
						ws[k].n += wt * num;
						ws[k].d += wt * den;
						wsum += wt;
					}
				}
				if (s == first) {
					hold[k] = hs > 0 ? hn / hs : 0;
					noden[k] = ws[k].d <= 0;
					/* The school's own intake ratio, and its
					 * weighted mean denominator. */
					ent_r[k] = ws[k].d > 0 ? ws[k].n / ws[k].d : 0;
					ent_dbar[k] = wsum > 0 ? ws[k].d / wsum : 0;
				}
			}
			for (k = 0; k < nk; k++) {
				sn_[k] = ws[k].n;
				sd_[k] = ws[k].d;
			}
			model_survival_shrink(sn_, sd_, use, nk, m->fc.prior_min, gs);
			for (k = 0; k < nk; k++)
				g[(size_t)k * (size_t)m->nst + s] = gs[k];
		}
		for (k = 0; k < nk; k++) {
			if (!use[k])
				continue;
			m->source[k] = MODEL_SRC_SURVIVAL;
			m->factor[k] = 1;
			for (s = first; s <= last; s++) {
				double v = hist(m, k, s, m->base_year);
				prog[MODEL_K(m, 0, k, s)] = v > 0 ? v : 0;
			}
		}
		/* Year by year, every school of the sector at once: the entry
		 * stage's growth is shrunk toward the council's growth F. */
		for (y = 1; y < m->nyears; y++) {
			double sd = 0, sdbar = 0, F;

			for (k = 0; k < nk; k++) {
				if (!use[k] || noden[k])
					continue;
				den_y[k] = sec == LE_PRIMARY ? intake_den(m, k, m->base_year + y) :
					   feeder_p7(m, prog, &w[(size_t)k * nk], m->base_year + y - 1);
				sd += den_y[k];
				sdbar += ent_dbar[k];
			}
			F = sdbar > 0 ? sd / sdbar : 1;
			for (k = 0; k < nk; k++) {
				double *ge = &g[(size_t)k * (size_t)m->nst], kap = m->fc.growth_prior;

				if (!use[k])
					continue;
				if (noden[k])
					prog[MODEL_K(m, y, k, first)] = hold[k];
				else
					prog[MODEL_K(m, y, k, first)] = ent_r[k] * ent_dbar[k] *
						(den_y[k] + kap * F) / (ent_dbar[k] + kap);
				for (s = first + 1; s <= last; s++)
					prog[MODEL_K(m, y, k, s)] = ge[s] * prog[MODEL_K(m, y - 1, k, s - 1)];
			}
		}
	}
	for (k = 0; k < nk; k++) {
		if (m->source[k] != MODEL_SRC_SURVIVAL) {
			if (h->has && h->has[k] && m->r->schools[k].sector != LE_SPECIAL)
				le_diag_add(d, LE_WARNING, "survival",
					    "school '%s' (%s): no stage roll in the base year %d: projected by the demand method",
					    m->r->schools[k].id, m->r->schools[k].name, m->base_year);
			continue;
		}
		for (y = 0; y < m->nyears; y++) {
			double tot = 0, var, base = 0;
			size_t ky = (size_t)y * nk + (size_t)k;

			for (s = 0; s < m->r->stages.n; s++) {
				size_t ix = MODEL_K(m, y, k, s);
				m->roll[ix] = prog[ix] + m->alloc_h[ix];
				tot += m->roll[ix];
				base += prog[MODEL_K(m, 0, k, s)];
			}
			m->total[ky] = tot;
			var = pow(y, 2 * m->fc.range_hpow) *
			      (m->fc.range_noise / (base > 1 ? base : 1) + m->fc.range_floor);
			m->low[ky] = tot * (1 - z * sqrt(var));
			if (m->low[ky] < 0)
				m->low[ky] = 0;
			m->high[ky] = tot * (1 + z * sqrt(var));
		}
	}
	free(prog);
	free(g);
	free(w);
	free(hold);
	free(noden);
	free(ws);
	free(gs);
	free(use);
	free(ent_r);
	free(ent_dbar);
	free(den_y);
	free(sn_);
	free(sd_);
	return LE_OK;
}
