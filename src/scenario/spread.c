/*
 * spread.c: schools projected by grade progression in the scenarios.
 *
 * A progression school's projected roll comes from its own stage history,
 * not from zone demand, yet closures and re-zoning move pupils by zone.
 * So the evaluation's zone demand takes each progression school's roll
 * (by stage, housing yield included) spread over the zones and streams
 * that sent it pupils in the base year, in the shares of its allocated
 * base-year demand (as model_spread does for the total). The share of a
 * key the projection gives to progression schools is taken out of the
 * key's population demand and housing (those pupils are in the rolls),
 * so nothing is counted twice.
 *
 * Baseline: a key whose share goes to one school (nearest; catchment
 * with one school per key) sends its spread pupils straight back, so the
 * baseline reproduces the progression rolls exactly. A key split between
 * schools (a catchment naming two, observed flows) splits them too, as
 * the calibration factor does for demand schools.
 *
 * A progression school with no base-year allocated demand in a sector it
 * has a roll in has no zones to spread over: it stays held (the
 * projection's roll while open, unplaced when closed), as before.
 */
#include "scenario/scenario.h"

#include <stdlib.h>
#include <string.h>

/* Share of key q that the projection allocates to progression schools,
 * over the key's total share (0 for a key with none). */
double scenario_prog_share(const struct model *m, int q)
{
	double sum = 0, prog = 0;
	int i;

	for (i = m->a_start[q]; i < m->a_start[q + 1]; i++) {
		sum += m->a_share[i];
		if (model_by_history(m->source[m->a_school[i]]))
			prog += m->a_share[i];
	}
	return sum > 0 ? prog / sum : 0;
}

/*
 * One pass over the allocation table rather than one per school (a
 * region has thousands of schools and the table tens of thousands of
 * entries): entry i of key q = (z, sector, t) carries school k's
 * base-year demand kd[q] x share; the entry's part of k's roll in that
 * sector is that over k's sum for the sector.
 */
void scenario_spread_progression(const struct model *m, double *demand,
				 unsigned char *spread, const int *near)
{
	int nq = m->nzones * 2 * MODEL_NSTREAMS, q, i, k, y, s;
	double *kd = xcalloc((size_t)nq + 1, sizeof(double));
	double *sum = xcalloc((size_t)m->nschools * 2 + 1, sizeof(double));

	for (q = 0; q < nq; q++) {
		int z = q / (2 * MODEL_NSTREAMS), sec = q / MODEL_NSTREAMS % 2;

		for (s = 0; s < m->r->stages.n; s++)
			if (m->r->stages.sector[s] == sec)
				kd[q] += m->demand[MODEL_D(m, 0, z, s, q % MODEL_NSTREAMS)];
		for (i = m->a_start[q]; i < m->a_start[q + 1]; i++)
			if (!near || near[q] == m->a_school[i])
				sum[(size_t)m->a_school[i] * 2 + (size_t)sec] += kd[q] * m->a_share[i];
	}
	/* Spread only a school with zones for every sector it has pupils
	 * in (any year); the others stay held. */
	for (k = 0; k < m->nschools; k++) {
		spread[k] = model_by_history(m->source[k]);
		for (y = 0; y < m->nyears && spread[k]; y++)
			for (s = 0; s < m->r->stages.n; s++)
				if (m->roll[MODEL_K(m, y, k, s)] > 0 &&
				    !(sum[(size_t)k * 2 + (size_t)m->r->stages.sector[s]] > 0))
					spread[k] = 0;
	}
	for (q = 0; q < nq; q++) {
		int z = q / (2 * MODEL_NSTREAMS), sec = q / MODEL_NSTREAMS % 2;
		int t = q % MODEL_NSTREAMS;

		for (i = m->a_start[q]; i < m->a_start[q + 1]; i++) {
			double part;

			k = m->a_school[i];
			if (!spread[k] || kd[q] * m->a_share[i] <= 0 || (near && near[q] != k))
				continue;
			part = kd[q] * m->a_share[i] / sum[(size_t)k * 2 + (size_t)sec];
			for (y = 0; y < m->nyears; y++)
				for (s = 0; s < m->r->stages.n; s++)
					if (m->r->stages.sector[s] == sec)
						demand[MODEL_D(m, y, z, s, t)] +=
							part * m->roll[MODEL_K(m, y, k, s)];
		}
	}
	free(kd);
	free(sum);
}
