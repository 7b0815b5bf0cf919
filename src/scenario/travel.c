/*
 * travel.c: the candidate schools of every zone, sector and stream, with
 * walking distance and driving time: the glue from the study's roads to
 * net/ (links, graph, snapping, k nearest, tables), or straight lines.
 *
 * Why per group (sector x stream) and not one k-nearest list per zone: an
 * RC secondary may be the 20th nearest school of a zone; a list over all
 * schools would leave its pupils without a candidate. Each group's search
 * runs over that group's schools only, so every zone gets k of its own.
 *
 * Why walking decides the ranking: the statutory limit that entitles a
 * pupil to free transport is a walking distance, and "nearest school" in
 * councils' placing policies is measured on foot. Driving time is the
 * time KPI (most pupils beyond the limit are driven or bussed).
 *
 * Invariants: a key's candidates are sorted by walking distance, ties by
 * world index; every world school of the group is a candidate source,
 * whatever scenario builds it (a scenario filters by status later), so
 * travel is computed once per run.
 */
#include "scenario/scenario.h"
#include "net/net.h"
#include "geo/geo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int serves(const struct scenario_school *s, int g)
{
	unsigned want = SCENARIO_GROUP_SECTOR(g) == 0 ? LE_STAGES_PRIMARY : LE_STAGES_SECONDARY;
	int stream = SCENARIO_GROUP_STREAM(g);

	if (s->sector == LE_SPECIAL || !(s->stages & want))
		return 0;
	/* The projection's rule (model_serves): Gaelic-medium pupils go to
	 * schools with Gaelic provision, the others by denomination. */
	return stream == MODEL_GM ? s->gaelic : s->stream == stream;
}

static void alloc_tables(struct scenario_travel *t, const struct scenario_world *w, int k)
{
	size_t nk = (size_t)w->r->nzones * SCENARIO_NGROUPS;

	memset(t, 0, sizeof(*t));
	t->nzones = w->r->nzones;
	t->nschools = w->n;
	t->k = k;
	t->n = xcalloc(nk + 1, sizeof(int));
	t->c = xcalloc(nk * (size_t)k + 1, sizeof(*t->c));
}

static int cand_cmp(const void *a, const void *b)
{
	const struct scenario_cand *x = a, *y = b;

	if (x->dist_m != y->dist_m)
		return x->dist_m < y->dist_m ? -1 : 1;
	return x->school < y->school ? -1 : x->school > y->school;
}

/* Keep the k best of the n candidates in tmp (sorted) for key q. */
static void keep_best(struct scenario_travel *t, size_t q, struct scenario_cand *tmp, int n)
{
	qsort(tmp, (size_t)n, sizeof(*tmp), cand_cmp);
	if (n > t->k)
		n = t->k;
	memcpy(&t->c[q * (size_t)t->k], tmp, sizeof(*tmp) * (size_t)n);
	t->n[q] = n;
}

/* Landmass of world school k: the region's, or for a scenario's new
 * school the landmass of the zone it stands in (-1: unknown, no limit). */
static int school_land(const struct scenario_world *w, int k)
{
	int z;

	if (k < w->nbase)
		return w->r->schools[k].land;
	if (!w->r->nland || !w->zone_ix || (z = geo_index_find(w->zone_ix, w->s[k].x, w->s[k].y)) < 0)
		return -1;
	return w->r->zones[z].land;
}

/* Council code of world school k (a new school's from the boundary it
 * stands in), or NULL when unknown. */
static const char *school_council(const struct scenario_world *w, int k)
{
	int c = k < w->nbase ? -1 : w->s[k].council;

	if (k < w->nbase)
		return w->r->schools[k].council_id;
	return c >= 0 && c < w->r->ncouncils ? w->r->councils[c].id : NULL;
}

void scenario_travel_straight(struct scenario_travel *t,
			      const struct scenario_world *w,
			      const struct scenario_params *p)
{
	const struct region *r = w->r;
	struct scenario_cand *tmp = xmalloc(sizeof(*tmp) * ((size_t)w->n + 1));
	int z, g, k, n;

	alloc_tables(t, w, p->k);
	for (z = 0; z < r->nzones; z++) {
		const struct zone *zn = &r->zones[z];

		/* No point, no distance: such a zone's pupils are unplaced
		 * (counted), as in the projection. */
		if (!zn->has_geom)
			continue;
		t->nstraight_zones++;
		for (g = 0; g < SCENARIO_NGROUPS; g++) {
			n = 0;
			for (k = 0; k < w->n; k++) {
				struct le_trip tr;

				if (!serves(&w->s[k], g))
					continue;
				/* Over land or by ferry, never across open
				 * water, within the zone's council unless the
				 * study allows otherwise (core/land.c); a new
				 * school is on its zone's landmass. */
				if (!region_pair(r, z, school_council(w, k), school_land(w, k),
						 w->s[k].x, w->s[k].y, p->detour, &tr))
					continue;
				tmp[n].school = k;
				tmp[n].dist_m = (float)tr.dist_m;
				tmp[n].time_s = (float)(tr.land_m / (p->drive_kph / 3.6) + tr.ferry_s);
				tmp[n].straight = 1;
				n++;
			}
			keep_best(t, (size_t)z * SCENARIO_NGROUPS + g, tmp, n);
		}
	}
	free(tmp);
}

void scenario_travel_release(struct scenario_travel *t)
{
	if (!t)
		return;
	free(t->n);
	free(t->c);
	memset(t, 0, sizeof(*t));
}

int scenario_travel_build(struct scenario_travel *t, const struct scenario_world *w,
			  const struct study *s, struct geo_ctx *g,
			  const struct scenario_params *p, struct le_diags *d,
			  struct le_err *err)
{
	const struct region *r = w->r;
	struct net_links l;
	struct net_graph gr;
	struct net_speeds sp = net_speeds_default();
	struct net_snap_opts so;
	struct net_snap *zs = NULL, *ss = NULL, *gs = NULL;
	struct net_source *src = NULL;
	struct scenario_cand *tmp = NULL;
	double *xy = NULL;
	int *members = NULL;
	int rc, i, z, grp, m, nmem, nmax;

	if (!s->layers[STUDY_ROADS].present || !g) {
		scenario_travel_straight(t, w, p);
		return LE_OK;
	}
	net_links_init(&l);
	memset(&gr, 0, sizeof(gr));
	alloc_tables(t, w, p->k);
	t->network = 1;
	if ((rc = net_read_links(s, g, &l, d, err)) ||
	    (rc = net_graph_build(&gr, &l, &sp, 0, err)))
		goto done;
	net_links_release(&l);   /* the graph holds what is needed */
	net_snap_opts_default(&so);
	so.detour = p->detour;
	so.offnet_kph[NET_WALK] = p->walk_kph;
	so.offnet_kph[NET_DRIVE] = p->drive_kph;
	nmax = r->nzones > w->n ? r->nzones : w->n;
	xy = xmalloc(sizeof(double) * (2 * (size_t)nmax + 2));
	zs = xcalloc((size_t)r->nzones + 1, sizeof(*zs));
	ss = xcalloc((size_t)w->n + 1, sizeof(*ss));
	gs = xcalloc((size_t)w->n + 1, sizeof(*gs));
	src = xcalloc((size_t)w->n + 1, sizeof(*src));
	members = xmalloc(sizeof(int) * ((size_t)w->n + 1));
	tmp = xmalloc(sizeof(*tmp) * ((size_t)p->k * 2 + 2));
	for (i = 0; i < r->nzones; i++) {
		xy[2 * i] = r->zones[i].px;
		xy[2 * i + 1] = r->zones[i].py;
	}
	if ((rc = net_snap_points(&gr, xy, r->nzones, &so, zs, err)))
		goto done;
	for (i = 0; i < w->n; i++) {
		xy[2 * i] = w->s[i].x;
		xy[2 * i + 1] = w->s[i].y;
	}
	if ((rc = net_snap_points(&gr, xy, w->n, &so, ss, err)))
		goto done;
	for (z = 0; z < r->nzones; z++)
		if (r->zones[z].has_geom && zs[z].node < 0)
			t->nstraight_zones++;
	for (grp = 0; grp < SCENARIO_NGROUPS; grp++) {
		struct net_knn_job jobs[NET_NMODES];
		struct net_table tab[NET_NMODES];
		struct net_source *msrc[NET_NMODES];

		nmem = 0;
		for (i = 0; i < w->n; i++)
			if (serves(&w->s[i], grp)) {
				gs[nmem] = ss[i];
				members[nmem++] = i;
			}
		if (!nmem)
			continue;
		memset(jobs, 0, sizeof(jobs));
		memset(tab, 0, sizeof(tab));
		for (m = 0; m < NET_NMODES; m++) {
			msrc[m] = xcalloc((size_t)nmem, sizeof(*src));
			net_sources_from_snaps(gs, nmem, m, &so, msrc[m]);
			jobs[m].mode = m;
			jobs[m].src = msrc[m];
			jobs[m].nsrc = nmem;
			jobs[m].k = p->k;
		}
		rc = net_knn_many(&gr, jobs, NET_NMODES, 2, err);
		for (m = 0; m < NET_NMODES && !rc; m++)
			rc = net_table_build(&tab[m], &jobs[m].out, zs, r->nzones, gs, nmem, &so, err);
		for (z = 0; z < r->nzones && !rc; z++) {
			const struct net_table *tw = &tab[NET_WALK], *td = &tab[NET_DRIVE];
			int n = 0, j, e;

			/* A zone without a polygon has no point to measure from. */
			if (!r->zones[z].has_geom)
				continue;
			for (j = 0; j < tw->n[z]; j++) {
				const struct net_pair *pw = &tw->v[(size_t)z * tw->k + j];

				tmp[n].school = members[pw->school];
				tmp[n].dist_m = (float)pw->dist_m;
				tmp[n].straight = pw->method != NET_BY_NETWORK;
				/* Driving time of the same school when the
				 * driver's k nearest hold it; else the walking
				 * distance at the off-network driving speed. */
				tmp[n].time_s = (float)(pw->dist_m / (p->drive_kph / 3.6));
				for (e = 0; e < td->n[z]; e++)
					if (td->v[(size_t)z * td->k + e].school == pw->school) {
						tmp[n].time_s = (float)td->v[(size_t)z * td->k + e].time_s;
						break;
					}
				n++;
			}
			keep_best(t, (size_t)z * SCENARIO_NGROUPS + grp, tmp, n);
		}
		for (m = 0; m < NET_NMODES; m++) {
			net_table_release(&tab[m]);
			net_knn_release(&jobs[m].out);
			free(msrc[m]);
		}
		if (rc)
			goto done;
	}
done:
	free(tmp);
	free(members);
	free(src);
	free(gs);
	free(ss);
	free(zs);
	free(xy);
	net_graph_release(&gr);
	net_links_release(&l);
	if (rc)
		scenario_travel_release(t);
	return rc;
}

void scenario_model_nearest(struct model *m, const struct scenario_world *w,
			    const struct scenario_travel *t)
{
	int nkeys = t->nzones * SCENARIO_NGROUPS, q, i, n = 0;
	int *key = xmalloc(sizeof(int) * ((size_t)nkeys + 1));
	int *school = xmalloc(sizeof(int) * ((size_t)nkeys + 1));
	double *wt = xmalloc(sizeof(double) * ((size_t)nkeys + 1));

	/* The projection knows only the region's schools: a scenario's new
	 * ones are skipped. */
	for (q = 0; q < nkeys; q++)
		for (i = 0; i < t->n[q]; i++) {
			int k = t->c[(size_t)q * t->k + i].school;

			if (k < w->nbase) {
				key[n] = q;
				school[n] = k;
				wt[n++] = 1;
				break;
			}
		}
	model_alloc_keys(m, key, school, wt, n);
	free(key);
	free(school);
	free(wt);
}
