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
 * Where the tables come from: net_travel_get (net/cache.c), the travel
 * every command shares, so the run's candidates are those of `estate
 * travel` and `estate project` (same [roads] settings, same cache). A
 * zone's candidates of a group are the rows of every set whose school
 * serves the group, plus the scenarios' new schools, searched here on
 * the same graph.
 *
 * Invariants: a key's candidates are sorted by walking distance (in
 * double precision, as the projection sorts), ties by world index; every
 * world school of the group is a candidate source, whatever scenario
 * builds it (a scenario filters by status later), so travel is computed
 * once per run.
 */
#include "scenario/scenario.h"
#include "net/net.h"
#include "geo/geo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A candidate before it is stored (in float) in the table. */
struct exact {
	int school;
	double dist_m, time_s;
	int straight;
};

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

				if (!scenario_school_serves(&w->s[k], g))
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

/* Nearest first by walking distance in full precision (the order the
 * projection's candidates use, model/travel.c), ties by world index. */
static int cand_cmp_exact(const void *a, const void *b)
{
	const struct exact *x = a, *y = b;

	if (x->dist_m != y->dist_m)
		return x->dist_m < y->dist_m ? -1 : 1;
	return (x->school > y->school) - (x->school < y->school);
}

/*
 * The driving time of set i's school j (set position) for zone z: from
 * the driving table when the driver's k nearest hold it, else the
 * walking distance at the off-network driving speed.
 */
static double drive_time(const struct net_table *td, int z, int j, double dist_m,
			 const struct net_travel_opts *o)
{
	int e;

	for (e = 0; e < td->n[z]; e++)
		if (td->v[(size_t)z * td->k + e].school == j)
			return td->v[(size_t)z * td->k + e].time_s;
	return dist_m / (o->snap.offnet_kph[NET_DRIVE] / 3.6);
}

/* Append zone z's rows of the walking / driving tables tw / td, whose
 * school j is world school map[j], to the candidates of each group the
 * school serves (only: that group alone, -1 all). Each (group, school)
 * comes once per table, so a group gets at most the tables' rows. */
static void add_rows(struct exact **cand, int *ncand, const struct scenario_world *w,
		     const struct net_table *tw, const struct net_table *td,
		     const int *map, int z, int only, const struct net_travel_opts *o)
{
	int j, grp;

	for (j = 0; j < tw->n[z]; j++) {
		const struct net_pair *pw = &tw->v[(size_t)z * tw->k + j];
		int k = map[pw->school];

		for (grp = 0; grp < SCENARIO_NGROUPS; grp++) {
			struct exact *e;

			if ((only >= 0 && grp != only) || !scenario_school_serves(&w->s[k], grp))
				continue;
			e = &cand[grp][ncand[grp]++];
			e->school = k;
			e->dist_m = pw->dist_m;
			e->time_s = drive_time(td, z, pw->school, pw->dist_m, o);
			e->straight = pw->method != NET_BY_NETWORK;
		}
	}
}

/*
 * The searches for the scenarios' new schools (world index >= nbase),
 * one per group and mode, on the graph of nt: nw[grp] tables per mode
 * and the world index of each source. k nearest of the union of the
 * region's and the new schools = k best of (the region's k nearest, the
 * new schools' k nearest), so merging the two is exact.
 */
struct newsets {
	struct net_table tab[SCENARIO_NGROUPS][NET_NMODES];
	int *map[SCENARIO_NGROUPS];
	int n[SCENARIO_NGROUPS];
};

static int new_searches(struct newsets *ns, const struct scenario_world *w,
			const struct net_travel *nt, const struct net_travel_opts *o,
			int k, struct le_err *err)
{
	int nnew = w->n - w->nbase, grp, i, m, rc = LE_OK, nj = 0, j;
	double *xy = xmalloc(sizeof(double) * (2 * (size_t)nnew + 2));
	struct net_snap *sn[NET_NMODES], *sub = xcalloc((size_t)nnew + 1, sizeof(*sub));
	/* Sources of every job, one after another: each group holds at
	 * most the nnew new schools. */
	struct net_source *src = xcalloc((size_t)SCENARIO_NGROUPS * NET_NMODES * (size_t)nnew + 1,
					 sizeof(*src)), *next = src;
	struct net_knn_job *jobs = xcalloc((size_t)SCENARIO_NGROUPS * NET_NMODES + 1, sizeof(*jobs));

	memset(ns, 0, sizeof(*ns));
	for (i = 0; i < nnew; i++) {
		xy[2 * i] = w->s[w->nbase + i].x;
		xy[2 * i + 1] = w->s[w->nbase + i].y;
	}
	for (m = 0; m < NET_NMODES; m++) {
		sn[m] = xcalloc((size_t)nnew + 1, sizeof(*sn[m]));
		if (!rc)
			rc = net_snap_points(&nt->graph, xy, nnew, m, &o->snap, sn[m], err);
	}
	/* Every group's and mode's search first, then all of them on the
	 * run's threads (net_knn_many: each its own state, so the tables
	 * do not depend on the count), then the tables in order. */
	for (grp = 0; grp < SCENARIO_NGROUPS && !rc; grp++) {
		ns->map[grp] = xmalloc(sizeof(int) * ((size_t)nnew + 1));
		for (i = 0; i < nnew; i++)
			if (scenario_school_serves(&w->s[w->nbase + i], grp))
				ns->map[grp][ns->n[grp]++] = w->nbase + i;
		for (m = 0; ns->n[grp] && m < NET_NMODES; m++) {
			struct net_knn_job *jb = &jobs[nj++];

			for (i = 0; i < ns->n[grp]; i++)
				sub[i] = sn[m][ns->map[grp][i] - w->nbase];
			net_sources_from_snaps(sub, ns->n[grp], m, &o->snap, next);
			jb->mode = m;
			jb->src = next;
			jb->nsrc = ns->n[grp];
			jb->k = k;
			next += ns->n[grp];
		}
	}
	if (!rc && nj)
		rc = net_knn_many(&nt->graph, jobs, nj, o->threads, err);
	for (grp = 0, j = 0; grp < SCENARIO_NGROUPS && !rc; grp++) {
		for (m = 0; ns->n[grp] && m < NET_NMODES && !rc; m++, j++) {
			for (i = 0; i < ns->n[grp]; i++)
				sub[i] = sn[m][ns->map[grp][i] - w->nbase];
			rc = net_table_build(&ns->tab[grp][m], &jobs[j].out, nt->zsnap[m], nt->nzones,
					     sub, ns->n[grp], &o->snap, err);
		}
	}
	for (j = 0; j < nj; j++)
		net_knn_release(&jobs[j].out);
	free(jobs);
	for (m = 0; m < NET_NMODES; m++)
		free(sn[m]);
	free(sub);
	free(src);
	free(xy);
	return rc;
}

static void newsets_release(struct newsets *ns)
{
	int grp, m;

	for (grp = 0; grp < SCENARIO_NGROUPS; grp++) {
		free(ns->map[grp]);
		for (m = 0; m < NET_NMODES; m++)
			net_table_release(&ns->tab[grp][m]);
	}
}

int scenario_travel_build(struct scenario_travel *t, const struct scenario_world *w,
			  const struct net_travel *nt, const struct net_travel_opts *o,
			  const struct scenario_params *p, struct le_err *err)
{
	const struct region *r = w->r;
	struct exact *cand[SCENARIO_NGROUPS];
	struct newsets ns;
	int ncand[SCENARIO_NGROUPS], rc = LE_OK, z, grp, i, m, maxc = 0, kk;

	if (!nt) {
		scenario_travel_straight(t, w, p);
		return LE_OK;
	}
	alloc_tables(t, w, p->k);
	t->network = 1;
	memset(&ns, 0, sizeof(ns));
	/* New schools are searched here, on the graph net_travel_get kept
	 * (NET_TRAVEL_GRAPH): the region's tables may come from the cache. */
	kk = p->k > 0 && p->k < 255 ? p->k : NET_KNN_DEFAULT_K;
	if (w->n > w->nbase) {
		if (!nt->zsnap[NET_WALK])
			return le_errf(err, LE_EUSAGE, "travel for new schools needs the road graph");
		if ((rc = new_searches(&ns, w, nt, o, kk, err)))
			goto done;
	}
	/* Room for every set's rows of a zone (a school is in one set) and
	 * the group's own new-school table. */
	for (i = 0; i < nt->nsets; i++)
		maxc += nt->sets[i].table[NET_WALK].k;
	maxc += kk + 1;
	for (grp = 0; grp < SCENARIO_NGROUPS; grp++)
		cand[grp] = xmalloc(sizeof(struct exact) * (size_t)maxc);
	for (m = 0; m < NET_NMODES; m++)
		t->noff[m] = net_travel_offnet(nt, m);
	t->nstraight_zones = t->noff[NET_WALK];
	for (z = 0; z < r->nzones; z++) {
		/* A zone without a polygon has no point to measure from. */
		if (!r->zones[z].has_geom)
			continue;
		memset(ncand, 0, sizeof(ncand));
		for (i = 0; i < nt->nsets; i++)
			add_rows(cand, ncand, w, &nt->sets[i].table[NET_WALK],
				 &nt->sets[i].table[NET_DRIVE], nt->sets[i].school, z, -1, o);
		for (grp = 0; grp < SCENARIO_NGROUPS; grp++)
			if (ns.n[grp])
				add_rows(cand, ncand, w, &ns.tab[grp][NET_WALK],
					 &ns.tab[grp][NET_DRIVE], ns.map[grp], z, grp, o);
		for (grp = 0; grp < SCENARIO_NGROUPS; grp++) {
			size_t q = (size_t)z * SCENARIO_NGROUPS + grp;
			int n = ncand[grp];

			/* Should a set rule ever put a school in two sets,
			 * it is listed once per set, at the same distance:
			 * keep one. */
			qsort(cand[grp], (size_t)n, sizeof(struct exact), cand_cmp_exact);
			t->n[q] = 0;
			for (i = 0; i < n && t->n[q] < t->k; i++) {
				struct scenario_cand *c;

				if (i > 0 && cand[grp][i].school == cand[grp][i - 1].school)
					continue;
				c = &t->c[q * (size_t)t->k + (size_t)t->n[q]++];
				c->school = cand[grp][i].school;
				c->dist_m = (float)cand[grp][i].dist_m;
				c->time_s = (float)cand[grp][i].time_s;
				c->straight = cand[grp][i].straight;
			}
		}
	}
	for (grp = 0; grp < SCENARIO_NGROUPS; grp++)
		free(cand[grp]);
done:
	newsets_release(&ns);
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
