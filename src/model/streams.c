/*
 * streams.c: which pupils go to which schools by stream, and the fills
 * of an allocation table that other methods leave empty.
 *
 * Streams: MODEL_GM (Gaelic-medium) takes a share g of a zone's pupils;
 * the rest split into MODEL_RC (share rc) and MODEL_ND. So the three
 * shares of a zone and sector add up to exactly 1, and demand is
 * conserved whatever g and rc are. Gaelic-medium pupils go only to
 * schools with Gaelic provision (the schools layer's `gaelic`), and, as
 * councils draw Gaelic-medium catchments council-wide, always to the
 * nearest such school, whatever the allocation method of the other
 * streams.
 *
 * Invariants: model_alloc_fill keeps every existing entry of the table
 * and only fills keys that have none, so a catchment or flow table is
 * never overridden; the table stays in key order.
 */
#include "model/model_int.h"

#include <stdlib.h>
#include <string.h>

int model_school_stream(const struct school *sc)
{
	return sc->denom == LE_RC ? MODEL_RC : MODEL_ND;
}

/* The one rule (le_stream_serves), on a region school. */
int model_serves(const struct le_stages *st, const struct school *sc, int sector, int stream)
{
	return le_stream_serves(st, sc->sector, sc->stages, sc->denom == LE_RC, sc->gaelic,
				sector, stream);
}

/*
 * The Gaelic-medium share per council and sector: the study's
 * gaelic_share when given, else the base-year roll of the schools with
 * Gaelic provision over all mainstream roll, the rule of the RC share.
 * Where Gaelic is a stream inside an English-medium school, its whole
 * roll counts, so this default is an upper bound: such councils should
 * give gaelic_share (README).
 */
void model_gaelic_shares(struct model *m)
{
	const struct region *r = m->r;
	int nc = r->ncouncils, k, c, s;
	double *gm = xcalloc((size_t)(nc + 1) * 2, sizeof(double));
	double *all = xcalloc((size_t)(nc + 1) * 2, sizeof(double));

	free(m->gm_share);
	m->gm_share = xcalloc((size_t)(nc + 1) * 2, sizeof(double));
	m->has_gaelic = m->gaelic_override > 0;
	for (k = 0; k < r->nschools; k++) {
		const struct school *sc = &r->schools[k];

		if (sc->sector == LE_SPECIAL)
			continue;
		m->has_gaelic |= sc->gaelic != 0;
		if (sc->roll < 0)
			continue;
		c = sc->council >= 0 ? sc->council : nc;
		all[c * 2 + sc->sector] += sc->roll;
		if (c < nc)
			all[nc * 2 + sc->sector] += sc->roll;
		if (sc->gaelic) {
			gm[c * 2 + sc->sector] += sc->roll;
			if (c < nc)
				gm[nc * 2 + sc->sector] += sc->roll;
		}
	}
	/* A council without schools of a sector takes the region's share. */
	for (c = 0; c <= nc; c++)
		for (s = 0; s < 2; s++) {
			int at = all[c * 2 + s] > 0 ? c : nc;
			m->gm_share[c * 2 + s] = all[at * 2 + s] > 0 ?
				gm[at * 2 + s] / all[at * 2 + s] : 0;
		}
	free(gm);
	free(all);
}

double model_stream_share(const struct model *m, int z, int sec, int stream,
			  double rc)
{
	double g = 0;
	int c = m->r->zones[z].council;

	if (m->gaelic_override >= 0)
		g = m->gaelic_override;
	else if (m->gm_share)
		g = m->gm_share[(c < 0 ? m->r->ncouncils : c) * 2 + sec];
	if (stream == MODEL_GM)
		return g;
	return (1 - g) * (stream == MODEL_RC ? rc : 1 - rc);
}

/*
 * Rebuilt rather than patched in place: the table is CSR (a_start per
 * key), so a key gaining an entry shifts every later one. One pass copies
 * the old entries and adds the nearest serving candidate where a key of
 * a stream in the mask has none.
 */
void model_alloc_fill(struct model *m, const struct model_cands *c,
		      unsigned stream_mask)
{
	size_t nkeys = (size_t)m->nzones * 2 * MODEL_NSTREAMS, key;
	int *start = xmalloc(sizeof(int) * (nkeys + 1));
	int *school = xmalloc(sizeof(int) * ((size_t)m->a_start[nkeys] + nkeys + 1));
	double *share = xmalloc(sizeof(double) * ((size_t)m->a_start[nkeys] + nkeys + 1));
	/* The stage masks travel with their entries; an added one takes
	 * every stage. */
	unsigned *mask = m->a_mask ? xmalloc(sizeof(unsigned) * ((size_t)m->a_start[nkeys] + nkeys + 1)) : NULL;
	int n = 0, i;

	for (key = 0; key < nkeys; key++) {
		int z = (int)(key / (2 * MODEL_NSTREAMS));
		int sec = (int)(key / MODEL_NSTREAMS % 2), t = (int)(key % MODEL_NSTREAMS);

		start[key] = n;
		for (i = m->a_start[key]; i < m->a_start[key + 1]; i++) {
			if (mask)
				mask[n] = m->a_mask[i];
			school[n] = m->a_school[i];
			share[n++] = m->a_share[i];
		}
		if (m->a_start[key] < m->a_start[key + 1] || !(stream_mask & (1u << t)) ||
		    z >= c->nzones)
			continue;
		/* Candidates are nearest first: the first that serves wins. */
		for (i = 0; i < c->n[z]; i++) {
			int k = c->c[(size_t)z * c->k + i].school;

			if (model_serves(&m->r->stages, &m->r->schools[k], sec, t)) {
				if (mask)
					mask[n] = ~0u;
				school[n] = k;
				share[n++] = 1;
				break;
			}
		}
	}
	start[nkeys] = n;
	free(m->a_start);
	free(m->a_school);
	free(m->a_share);
	free(m->a_mask);
	m->a_start = start;
	m->a_school = school;
	m->a_share = share;
	m->a_mask = mask;
}

void model_alloc_gaelic(struct model *m)
{
	struct model_cands c;

	model_cands_straight(&c, m->r, m->r->nschools ? m->r->nschools : 1,
			     m->p.detour_factor);
	model_alloc_fill(m, &c, 1u << MODEL_GM);
	model_cands_release(&c);
}
