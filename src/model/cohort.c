/*
 * cohort.c: cohort change factors estimated from two population years.
 *
 * With the population of year y and that of year y - G (same zones and
 * columns, G = 1 to 5 years apart), the cohort aged a in y was aged a - G
 * in y - G; its change c[a] = sum over zones of pop[a][y] / sum over zones
 * of pop[a - G][y - G] (migration and deaths over G years) is spread
 * evenly over its G years: the factor from age a - 1 to age a is
 *     f[a] = c[a]^(1 / G)
 * (G = 1: the one-year ratio itself). Ages below G, whose cohort was not
 * born in y - G, take the factor of age G. Sums are over the
 * zones present in both years so that a zone added or dropped between the
 * releases does not read as growth. Only the ages the stages use are
 * estimated (1 to the oldest stage age + 1); the rest keep their values
 * (1.0 or projection.ini's).
 *
 * Invariants: a factor is clamped to [0.5, 1.5] with a warning (a factor
 * outside is almost always a boundary change or a data error, and
 * compounding it over 15 years would swamp the projection); an age whose
 * earlier cohort is empty keeps its value.
 */
#include "model/model.h"

#include <math.h>
#include <stdio.h>

int model_cohort_estimate(struct model_params *p, const struct region *r,
			  const double *prev, const char *has, int prev_year,
			  struct le_diags *d, struct le_err *err)
{
	int a, z, s, amax = 0, gap = r->pop_year - prev_year;

	if (gap < 1 || gap > 5)
		return le_errf(err, LE_EPARSE,
			       "population_previous_year must be 1 to 5 years before the population's year %d, got %d",
			       r->pop_year, prev_year);
	for (s = 0; s < r->stages.n; s++)
		if (p->st.age[s] + 1 > amax)
			amax = p->st.age[s] + 1;
	for (a = 1; a <= amax && a < LE_MAX_AGE; a++) {
		double num = 0, den = 0, f;
		int at = a < gap ? gap : a;

		for (z = 0; z < r->nzones && z < r->pop_nzones; z++)
			if (has[z] && r->zones[z].has_pop) {
				num += region_pop(r, z, at);
				den += prev[(size_t)z * LE_NAGES + (size_t)(at - gap)];
			}
		if (den <= 0)
			continue;
		f = gap == 1 ? num / den : pow(num / den, 1.0 / gap);
		if (f < 0.5 || f > 1.5) {
			le_diag_add(d, LE_WARNING, "cohort change",
				    "age %d: estimated factor %.2f (%.0f aged %d in %d over %.0f aged %d in %d) is outside 0.50 .. 1.50: clamped to %.2f",
				    a, f, num, at, r->pop_year, den, at - gap, prev_year,
				    f < 0.5 ? 0.5 : 1.5);
			f = f < 0.5 ? 0.5 : 1.5;
		}
		p->cohort_change[a] = f;
	}
	return LE_OK;
}

/*
 * The births rule "trend": the age-0 population's annual change between
 * the two years, b = (sum age 0 in y / sum age 0 in y - G)^(1 / G),
 * carried forward for as many years as it was observed (G), then held:
 * index(y + k) = b^min(k, G). A short series says little about births
 * further ahead; holding after G years is the documented assumption.
 * Replaces only an empty births index (projection.ini's wins).
 */
void model_births_trend(struct model_params *p, const struct region *r,
			const double *prev, const char *has, int prev_year)
{
	int z, k, gap = r->pop_year - prev_year;
	double num = 0, den = 0, b;

	if (p->index_n || gap < 1)
		return;
	for (z = 0; z < r->nzones && z < r->pop_nzones; z++)
		if (has[z] && r->zones[z].has_pop) {
			num += region_pop(r, z, 0);
			den += prev[(size_t)z * LE_NAGES];
		}
	if (den <= 0 || num <= 0)
		return;
	b = pow(num / den, 1.0 / gap);
	p->index_year0 = r->pop_year + 1;
	p->index_n = gap;
	p->births_index = xmalloc(sizeof(double) * (size_t)gap);
	for (k = 1; k <= gap; k++)
		p->births_index[k - 1] = pow(b, k);
}
