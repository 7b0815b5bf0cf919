/*
 * cohort.c: cohort change factors estimated from two population years.
 *
 * With the population of year y and that of year y - 1 (same zones and
 * columns), the factor from age a - 1 to age a is
 *     f[a] = sum over zones of pop[a][y] / sum over zones of pop[a - 1][y - 1]
 * (migration and deaths of the cohort over one year), summed over the
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

#include <stdio.h>

int model_cohort_estimate(struct model_params *p, const struct region *r,
			  const double *prev, const char *has, int prev_year,
			  struct le_diags *d, struct le_err *err)
{
	int a, z, s, amax = 0;

	if (prev_year != r->pop_year - 1)
		return le_errf(err, LE_EPARSE,
			       "population_previous_year must be the year before the population's year %d, got %d",
			       r->pop_year, prev_year);
	for (s = 0; s < LE_NSTAGES; s++)
		if (p->stage_age[s] + 1 > amax)
			amax = p->stage_age[s] + 1;
	for (a = 1; a <= amax && a < LE_MAX_AGE; a++) {
		double num = 0, den = 0, f;

		for (z = 0; z < r->nzones && z < r->pop_nzones; z++)
			if (has[z] && r->zones[z].has_pop) {
				num += region_pop(r, z, a);
				den += prev[(size_t)z * LE_NAGES + (size_t)(a - 1)];
			}
		if (den <= 0)
			continue;
		f = num / den;
		if (f < 0.5 || f > 1.5) {
			le_diag_add(d, LE_WARNING, "cohort change",
				    "age %d: estimated factor %.2f (%.0f aged %d in %d over %.0f aged %d in %d) is outside 0.50 .. 1.50: clamped to %.2f",
				    a, f, num, a, r->pop_year, den, a - 1, prev_year,
				    f < 0.5 ? 0.5 : 1.5);
			f = f < 0.5 ? 0.5 : 1.5;
		}
		p->cohort_change[a] = f;
	}
	return LE_OK;
}
