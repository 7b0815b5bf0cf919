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

int scenario_entry_takes(const struct model *m, int i, unsigned stages)
{
	unsigned has = m->r->schools[m->a_school[i]].stages;

	return (!has || (has & stages)) && (!m->a_mask || (m->a_mask[i] & stages));
}

double scenario_entry_norm(const struct model *m, int mq, unsigned stages)
{
	double sum = 0;
	int i, all = 1;

	for (i = m->a_start[mq]; i < m->a_start[mq + 1]; i++) {
		if (scenario_entry_takes(m, i, stages))
			sum += m->a_share[i];
		else
			all = 0;
	}
	/* Every entry takes the group: the shares as they are (a division
	 * by exactly 1), so Scotland's figures do not move by a rounding. */
	return all ? 1 : sum;
}

/* Share of model key mq's stage group `stages` that the projection
 * allocates to progression schools, over the group's total share (0 for
 * a group with none). */
double scenario_prog_share(const struct model *m, int mq, unsigned stages)
{
	double sum = 0, prog = 0, norm = scenario_entry_norm(m, mq, stages);
	int i;

	for (i = m->a_start[mq]; i < m->a_start[mq + 1]; i++) {
		double sh;

		if (!scenario_entry_takes(m, i, stages))
			continue;
		sh = m->a_share[i] / norm;
		sum += sh;
		if (model_by_history(m->source[m->a_school[i]]))
			prog += sh;
	}
	return sum > 0 ? prog / sum : 0;
}

/*
 * One pass over the allocation table rather than one per school (a
 * region has thousands of schools and the table tens of thousands of
 * entries): entry i of model key mq = (z, sector, t) carries, for each
 * stage group j of the sector it takes, school k's base-year demand of
 * the group kd x its share of the group; the entry's part of k's roll
 * in the group's stages is that over k's sum for the group. With one
 * group per sector (Scotland) that is the sector, as it always was.
 */
void scenario_spread_progression(const struct scenario_world *w, double *demand,
				 unsigned char *spread, const int *near)
{
	const struct model *m = w->m;
	const struct scenario_groups *gr = &w->grp;
	int nq = m->nzones * gr->nkg, q, i, k, y, s;
	double *kd = xcalloc((size_t)nq + 1, sizeof(double));
	double *norm = xcalloc((size_t)nq + 1, sizeof(double));
	double *sum = xcalloc((size_t)m->nschools * (size_t)gr->n + 1, sizeof(double));

	/* q is the scenario key (zone, stage group, stream); mq its
	 * model key, whose entries are read for the group's stages. */
	for (q = 0; q < nq; q++) {
		int z = SCENARIO_KEY_ZONE(gr, q), g = SCENARIO_KEY_GROUP(gr, q), mq = SCENARIO_MODEL_KEY(gr, q);
		unsigned gs = SCENARIO_GROUP_STAGES(gr, g);

		for (s = 0; s < m->r->stages.n; s++)
			if (gs & (1u << s))
				kd[q] += m->demand[MODEL_D(m, 0, z, s, SCENARIO_GROUP_STREAM(g))];
		norm[q] = scenario_entry_norm(m, mq, gs);
		for (i = m->a_start[mq]; i < m->a_start[mq + 1]; i++)
			if (scenario_entry_takes(m, i, gs) && (!near || near[q] == m->a_school[i]))
				sum[(size_t)m->a_school[i] * (size_t)gr->n + (size_t)SCENARIO_GROUP_SG(g)] +=
					kd[q] * (m->a_share[i] / norm[q]);
	}
	/* Spread only a school with zones for every group it has pupils
	 * in (any year); the others stay held. */
	for (k = 0; k < m->nschools; k++) {
		spread[k] = model_by_history(m->source[k]);
		for (y = 0; y < m->nyears && spread[k]; y++)
			for (s = 0; s < m->r->stages.n; s++)
				if (m->roll[MODEL_K(m, y, k, s)] > 0 && gr->of[s] >= 0 &&
				    !(sum[(size_t)k * (size_t)gr->n + (size_t)gr->of[s]] > 0))
					spread[k] = 0;
	}
	for (q = 0; q < nq; q++) {
		int z = SCENARIO_KEY_ZONE(gr, q), g = SCENARIO_KEY_GROUP(gr, q), mq = SCENARIO_MODEL_KEY(gr, q);
		int t = SCENARIO_GROUP_STREAM(g), j = SCENARIO_GROUP_SG(g);
		unsigned gs = SCENARIO_GROUP_STAGES(gr, g);

		for (i = m->a_start[mq]; i < m->a_start[mq + 1]; i++) {
			double part, sh;

			k = m->a_school[i];
			if (!spread[k] || !scenario_entry_takes(m, i, gs) || (near && near[q] != k))
				continue;
			sh = m->a_share[i] / norm[q];
			if (kd[q] * sh <= 0)
				continue;
			part = kd[q] * sh / sum[(size_t)k * (size_t)gr->n + (size_t)j];
			for (y = 0; y < m->nyears; y++)
				for (s = 0; s < m->r->stages.n; s++)
					if (gs & (1u << s))
						demand[MODEL_D(m, y, z, s, t)] +=
							part * m->roll[MODEL_K(m, y, k, s)];
		}
	}
	free(kd);
	free(norm);
	free(sum);
}
