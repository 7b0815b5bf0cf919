/*
 * world.c: the schools every scenario of a run can name (the region's,
 * then each scenario's new ones), the point-in-polygon indices that tell
 * whether a new school lies in the region, and the optional zone SIMD.
 *
 * Invariants: w->s[0 .. nbase) mirror the region's schools in order (a
 * world index below nbase is the region's index); new schools follow in
 * the order the scenario files are read; strings of new schools are owned
 * by w->owned and freed with the world.
 */
#include "scenario/scenario.h"
#include "geo/geo.h"

#include <stdlib.h>
#include <string.h>

int scenario_school_serves(const struct scenario_school *s, int g)
{
	return le_stream_serves(s->sector, s->stages, s->stream == MODEL_RC, s->gaelic,
				SCENARIO_GROUP_SECTOR(g), SCENARIO_GROUP_STREAM(g));
}

int scenario_world_init(struct scenario_world *w, const struct region *r,
			const struct model *m, struct geo_ctx *g,
			struct le_err *err)
{
	struct le_geom *polys = NULL;
	int k, i, n = 0, rc = LE_OK;

	memset(w, 0, sizeof(*w));
	w->r = r;
	w->m = m;
	w->alloc = r->nschools + 16;
	w->s = xcalloc((size_t)w->alloc, sizeof(*w->s));
	for (k = 0; k < r->nschools; k++) {
		const struct school *sc = &r->schools[k];
		struct scenario_school *ws = &w->s[k];

		ws->id = sc->id;
		ws->name = sc->name ? sc->name : sc->id;
		ws->sector = sc->sector;
		ws->stages = sc->stages;
		ws->stream = sc->denom == LE_RC ? MODEL_RC : MODEL_ND;
		ws->gaelic = sc->gaelic;
		ws->x = sc->x;
		ws->y = sc->y;
		ws->capacity = sc->capacity;
		ws->condition = sc->condition;
		ws->suitability = sc->suitability;
		ws->council = sc->council;
		ws->owner = -1;
		ws->src_line = (int)sc->src_row;
	}
	w->n = w->nbase = r->nschools;
	if (!g)
		return LE_OK;
	/* Indices only over what exists: a region without polygons cannot
	 * say "outside", so the check is skipped rather than always failing. */
	polys = xcalloc((size_t)r->nzones + (size_t)r->ncouncils + 1, sizeof(*polys));
	for (i = 0; i < r->nzones; i++)
		if (r->zones[i].has_geom && r->zones[i].geom.npoints)
			n++;
	if (n) {
		for (i = 0; i < r->nzones; i++)
			polys[i] = r->zones[i].geom;
		if (!(w->zone_ix = geo_index_new(g, polys, r->nzones, err))) {
			rc = err->code;
			goto done;
		}
	}
	n = 0;
	for (i = 0; i < r->ncouncils; i++)
		if (r->councils[i].geom.npoints)
			n++;
	if (n) {
		for (i = 0; i < r->ncouncils; i++)
			polys[i] = r->councils[i].geom;
		if (!(w->council_ix = geo_index_new(g, polys, r->ncouncils, err)))
			rc = err->code;
	}
done:
	/* polys held shallow copies of the region's geometries. */
	free(polys);
	if (rc)
		scenario_world_release(w);
	return rc;
}

void scenario_world_release(struct scenario_world *w)
{
	int i;

	if (!w)
		return;
	for (i = 0; i < w->nowned; i++)
		free(w->owned[i]);
	free(w->owned);
	free(w->s);
	free(w->simd_rank);
	geo_index_free(w->zone_ix);
	geo_index_free(w->council_ix);
	memset(w, 0, sizeof(*w));
}

/* ---------------------------------------------------------------- SIMD */

int scenario_simd_read(struct scenario_world *w, const char *path,
		       struct le_err *err)
{
	static const char *const zcols[] = { "zone", "DataZone", "Data_Zone", "Data zone code", NULL };
	/* Measure columns and the count of classes each has (0: a rank). */
	static const char *const mcols[] = { "rank", "quintile", "decile", "vigintile", NULL };
	static const int nclass[] = { 0, 5, 10, 20 };
	struct io_table t;
	char where[600];
	int rc, i, cz = -1, cm = -1, which = -1;
	long v, maxrank = 0;
	long *val = NULL;

	io_table_init(&t);
	if ((rc = io_csv_read(path, &t, err)))
		goto done;
	for (i = 0; zcols[i] && cz < 0; i++)
		cz = io_col(&t, zcols[i]);
	for (i = 0; mcols[i] && cm < 0; i++)
		if ((cm = io_col(&t, mcols[i])) >= 0)
			which = i;
	if (cz < 0 || cm < 0) {
		rc = le_errf(err, LE_EPARSE, "%s: a SIMD file needs a zone column (zone or DataZone) and one of rank, quintile, decile or vigintile",
			     path);
		goto done;
	}
	val = xcalloc((size_t)t.nrows + 1, sizeof(long));
	for (i = 0; i < t.nrows; i++) {
		if (le_parse_long(io_cell(&t, i, cm), &v) != 0 || v < 1 ||
		    (nclass[which] && v > nclass[which])) {
			io_where(&t, i, where, sizeof(where));
			rc = le_errf(err, LE_EPARSE, "%s: %s must be a whole number from 1%s, got '%s'",
				     where, mcols[which], nclass[which] == 5 ? " to 5" :
				     nclass[which] == 10 ? " to 10" : nclass[which] == 20 ? " to 20" : "",
				     io_cell(&t, i, cm));
			goto done;
		}
		val[i] = v;
		if (v > maxrank)
			maxrank = v;
	}
	free(w->simd_rank);
	w->simd_rank = xmalloc(sizeof(double) * ((size_t)w->r->nzones + 1));
	for (i = 0; i < w->r->nzones; i++)
		w->simd_rank[i] = -1;
	for (i = 0; i < t.nrows; i++) {
		int z = region_zone(w->r, io_cell(&t, i, cz));
		int most;

		if (z < 0)
			continue;   /* zones of other councils: a national file */
		/* The most deprived 20 %: quintile 1, deciles 1-2, vigintiles
		 * 1-4; for a rank, the lowest fifth of the ranks given. */
		most = nclass[which] ? val[i] * 5 <= nclass[which] : val[i] * 5 <= maxrank;
		w->simd_rank[z] = most;
	}
done:
	free(val);
	io_table_release(&t);
	return rc;
}
