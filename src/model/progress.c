/*
 * progress.c: the councils' own method, grade progression ratios, for
 * schools with a stage history (method = progression).
 *
 * For a school with history h (years year0 .. base) and N = the study's
 * progression_years (at most the number of transitions in the history):
 *  - stage s after the first of its sector: ratio g[s] = mean over the
 *    last N years of h[y][s] / h[y-1][s-1] (this is also how S5 and S6
 *    get the school's own staying-on ratios);
 *  - P1: intake ratio = mean over the last N years of h[y][P1] / the
 *    P1 cohort the population model allocates to the school in year y
 *    (its "pre-school count per catchment"); projected P1 = ratio x the
 *    allocated cohort of the year. No allocated cohort: the mean P1 held;
 *  - S1: transfer ratio = mean of h[y][S1] / the feeder primaries' P7 of
 *    year y-1, feeders weighted by the share of each primary's P7 zones
 *    that the allocation sends to this secondary. No feeders: mean S1;
 *  - then housing yield is added on top (pupils from new dwellings are
 *    not in the history's ratios).
 * Primaries are projected before secondaries, because S1 needs the
 * feeders' P7 of the year before. Ratios with a zero denominator are left
 * out of the mean; a stage with no usable year keeps a ratio of 1.
 * Invariant: the base year of a progression school is its history's.
 */
#include "model/model_int.h"

#include <stdlib.h>
#include <string.h>

/* History of school k, stage s, calendar year Y; < 0 when not given. */
static double hist_at(const struct model *m, int k, int s, int year)
{
	return model_history_at(&m->hist, k, s, year);
}

/* P7 of primary i in calendar year Y as the projection sees it, without
 * housing: history where given, else progressed (prog, Y >= base), else
 * the calibrated population model. */
static double p7_of(const struct model *m, const double *prog, int i, int year)
{
	/* The last primary stage (P7, England's Y6) feeds secondary entry. */
	int p7 = m->r->stages.last[LE_PRIMARY];
	double v = hist_at(m, i, p7, year);
	int y = year - m->base_year;

	if (v >= 0)
		return v;
	if (y >= 0 && y < m->nyears && m->source[i] == MODEL_SRC_PROGRESSION)
		return prog[MODEL_K(m, y, i, p7)];
	if (y >= 0 && y < m->nyears)
		return m->factor[i] * m->alloc[MODEL_K(m, y, i, p7)];
	return m->factor[i] * model_alloc_stage(m, i, p7, year);
}

void model_feeders(const struct model *m, int j, double *w)
{
	int z, t, a, b, nk = m->nschools;
	double *sent = xcalloc((size_t)nk + 1, sizeof(double));
	double *all = xcalloc((size_t)nk + 1, sizeof(double));

	for (z = 0; z < m->nzones; z++)
		for (t = 0; t < MODEL_NSTREAMS; t++) {
			size_t kp = ((size_t)z * 2 + 0) * MODEL_NSTREAMS + (size_t)t;
			size_t ks = ((size_t)z * 2 + 1) * MODEL_NSTREAMS + (size_t)t;
			double p7 = m->demand[MODEL_D(m, 0, z, m->r->stages.last[LE_PRIMARY], t)], toj = 0;

			for (b = m->a_start[ks]; b < m->a_start[ks + 1]; b++)
				if (m->a_school[b] == j)
					toj += m->a_share[b];
			for (a = m->a_start[kp]; a < m->a_start[kp + 1]; a++) {
				all[m->a_school[a]] += p7 * m->a_share[a];
				sent[m->a_school[a]] += p7 * m->a_share[a] * toj;
			}
		}
	for (a = 0; a < nk; a++)
		w[a] = all[a] > 0 ? sent[a] / all[a] : 0;
	free(sent);
	free(all);
}

static double feeder_p7(const struct model *m, const double *prog,
			const double *w, int year)
{
	double v = 0;
	int i;

	for (i = 0; i < m->nschools; i++)
		if (w[i] > 0)
			v += w[i] * p7_of(m, prog, i, year);
	return v;
}

/* Mean of num/den over the last n years ending at the base year, with
 * num from the history and den from f; *ok = 0 when no year counts. */
struct ratio { double sum; int n; };

static void ratio_add(struct ratio *r, double num, double den)
{
	if (num >= 0 && den > 0) {
		r->sum += num / den;
		r->n++;
	}
}

static void progress_school(struct model *m, int k, double *prog, double *w,
			    struct le_diags *d)
{
	const struct school *sc = &m->r->schools[k];
	int sec = sc->sector, first = m->r->stages.first[sec];
	int last = m->r->stages.last[sec];
	int n = m->prog_years < m->hist.nyears - 1 ? m->prog_years : m->hist.nyears - 1;
	int s, y, i, year;
	double g[LE_MAX_STAGES], entry = 0, hold = 0;
	struct ratio r;
	int nhold = 0, have_w = 0;

	if (n < 1) {
		le_diag_add(d, LE_WARNING, "progression",
			    "%s: school '%s' (%s): the stage history has one year only: projected by the demand method",
			    region_where(sc->where), sc->id, sc->name);
		return;
	}
	for (s = first + 1; s <= last; s++) {
		memset(&r, 0, sizeof(r));
		for (i = 0; i < n; i++) {
			year = m->base_year - i;
			ratio_add(&r, hist_at(m, k, s, year), hist_at(m, k, s - 1, year - 1));
		}
		g[s] = r.n ? r.sum / r.n : 1;
	}
	/* The entry stage: intake ratio (P1) or transfer ratio (S1). */
	if (sec == LE_SECONDARY) {
		model_feeders(m, k, w);
		for (i = 0; i < m->nschools; i++)
			have_w |= w[i] > 0;
	}
	memset(&r, 0, sizeof(r));
	for (i = 0; i < n; i++) {
		year = m->base_year - i;
		if (hist_at(m, k, first, year) >= 0) {
			hold += hist_at(m, k, first, year);
			nhold++;
		}
		if (sec == LE_PRIMARY)
			ratio_add(&r, hist_at(m, k, first, year), model_alloc_stage(m, k, first, year));
		else if (have_w)
			ratio_add(&r, hist_at(m, k, first, year), feeder_p7(m, prog, w, year - 1));
	}
	entry = r.n ? r.sum / r.n : 0;
	hold = nhold ? hold / nhold : 0;

	m->source[k] = MODEL_SRC_PROGRESSION;
	m->factor[k] = 1;
	for (s = first; s <= last; s++) {
		double v = hist_at(m, k, s, m->base_year);
		prog[MODEL_K(m, 0, k, s)] = v > 0 ? v : 0;
	}
	for (y = 1; y < m->nyears; y++) {
		if (!r.n)
			prog[MODEL_K(m, y, k, first)] = hold;
		else if (sec == LE_PRIMARY)
			prog[MODEL_K(m, y, k, first)] = entry * m->alloc[MODEL_K(m, y, k, first)];
		else
			prog[MODEL_K(m, y, k, first)] = entry * feeder_p7(m, prog, w, m->base_year + y - 1);
		for (s = first + 1; s <= last; s++)
			prog[MODEL_K(m, y, k, s)] = g[s] * prog[MODEL_K(m, y - 1, k, s - 1)];
	}
}

int model_progress(struct model *m, struct le_diags *d, struct le_err *err)
{
	size_t nk = MODEL_K_LEN(m);
	double *prog = xcalloc(nk + 1, sizeof(double));
	double *w = xcalloc((size_t)m->nschools + 1, sizeof(double));
	int pass, k, y, s;

	(void)err;
	/* Primaries first: secondaries' S1 reads their P7. */
	for (pass = 0; pass < 2; pass++)
		for (k = 0; k < m->nschools; k++) {
			int sec = m->r->schools[k].sector;
			if (m->hist.has && m->hist.has[k] &&
			    sec == (pass ? LE_SECONDARY : LE_PRIMARY))
				progress_school(m, k, prog, w, d);
		}
	for (k = 0; k < m->nschools; k++) {
		if (m->source[k] != MODEL_SRC_PROGRESSION)
			continue;
		for (y = 0; y < m->nyears; y++) {
			double tot = 0;
			for (s = 0; s < m->r->stages.n; s++) {
				size_t i = MODEL_K(m, y, k, s);
				m->roll[i] = prog[i] + m->alloc_h[i];
				tot += m->roll[i];
			}
			m->total[(size_t)y * m->nschools + k] = tot;
		}
	}
	free(prog);
	free(w);
	return LE_OK;
}
