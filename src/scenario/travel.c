/*
 * travel.c: the candidate schools of every zone, sector and stream, with
 * walking distance and driving time: the glue from the study's roads to
 * net/ (links, graph, snapping, k nearest, tables), or straight lines.
 *
 * Why per group (stage group x stream: a sector and stream in Scotland)
 * and not one k-nearest list per zone: an
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
 * serves the group: the region's schools only.
 *
 * Why sites: a scenario's new school, and the school a [merge] or a
 * [catchment] change sends pupils to, are searched here one school at a
 * time on the same graph, for every zone (a "site" row). Searched
 * together, the new schools of every option in the run once shared each
 * zone's k slots, so adding or removing one option changed another's
 * candidates and figures; and a merge site that was not among a zone's k
 * was measured in a straight line, shorter than the roads around it.
 * Now an option's candidates (scenario_travel_option) are the region's
 * k and its own new schools, never another option's, and any site's
 * distance is the road's.
 *
 * Invariants: a key's candidates are sorted by walking distance (the
 * region's in double precision, as the projection sorts), ties by world
 * index; the region's candidates do not depend on the scenarios, so the
 * baseline and the projection's nearest do not either; travel is
 * computed once per run.
 */
#include "scenario/scenario.h"
#include "net/net.h"
#include "geo/geo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* New schools of one option a key's list may hold beyond the region's
 * k (scenario_travel_option). */
#define OPTION_MAX_NEW 32

/* A candidate before it is stored (in float) in the table. */
struct exact {
	int school;
	double dist_m, time_s;
	int straight;
};

static void alloc_tables(struct scenario_travel *t, const struct scenario_world *w, int k)
{
	size_t nk = (size_t)w->r->nzones * (size_t)w->grp.nkg;
	int i;

	memset(t, 0, sizeof(*t));
	t->nzones = w->r->nzones;
	t->nkg = w->grp.nkg;
	t->nschools = w->n;
	t->k = k;
	t->n = xcalloc(nk + 1, sizeof(int));
	t->c = xcalloc(nk * (size_t)k + 1, sizeof(*t->c));
	t->own_c = 1;
	t->site = xmalloc(sizeof(int) * ((size_t)w->n + 1));
	for (i = 0; i < w->n; i++)
		t->site[i] = -1;
}

/* Room for one more site, school k; returns its row (all "no pair"). */
static struct scenario_cand *site_new(struct scenario_travel *t, int k)
{
	struct scenario_cand *row;
	int z;

	t->row = xrealloc(t->row, sizeof(*t->row) * ((size_t)(t->nsites + 1) * (size_t)t->nzones + 1));
	row = &t->row[(size_t)t->nsites * (size_t)t->nzones];
	for (z = 0; z < t->nzones; z++) {
		row[z].school = k;
		row[z].dist_m = row[z].time_s = -1;
		row[z].straight = 1;
	}
	t->site[k] = t->nsites++;
	return row;
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

/* Zone z to world school k in a straight line x detour: over land or by
 * ferry, never across open water, within the zone's council unless the
 * study allows otherwise (core/land.c); a new school is on its zone's
 * landmass. 0 when there is no such pair. */
static int straight_pair(const struct scenario_world *w, const struct scenario_params *p,
			 int z, int k, struct scenario_cand *c)
{
	struct le_trip tr;

	if (!w->r->zones[z].has_geom ||
	    !region_pair(w->r, z, school_council(w, k), school_land(w, k),
			 w->s[k].x, w->s[k].y, p->detour, &tr))
		return 0;
	c->school = k;
	c->dist_m = (float)tr.dist_m;
	c->time_s = (float)(tr.land_m / (p->drive_kph / 3.6) + tr.ferry_s);
	c->straight = 1;
	return 1;
}

/* The scenarios' new schools, which every table makes sites. */
static int *new_schools(const struct scenario_world *w, int *n)
{
	int *ks = xmalloc(sizeof(int) * ((size_t)(w->n - w->nbase) + 1)), k;

	*n = 0;
	for (k = w->nbase; k < w->n; k++)
		ks[(*n)++] = k;
	return ks;
}

void scenario_travel_straight(struct scenario_travel *t,
			      const struct scenario_world *w,
			      const struct scenario_params *p)
{
	const struct region *r = w->r;
	struct scenario_cand *tmp = xmalloc(sizeof(*tmp) * ((size_t)w->nbase + 1));
	struct le_err err;
	int z, g, k, n, *ks;

	alloc_tables(t, w, p->k);
	for (z = 0; z < r->nzones; z++) {
		/* No point, no distance: such a zone's pupils are unplaced
		 * (counted), as in the projection. */
		if (!r->zones[z].has_geom)
			continue;
		t->nstraight_zones++;
		for (g = 0; g < w->grp.nkg; g++) {
			n = 0;
			for (k = 0; k < w->nbase; k++)
				if (scenario_school_serves(w, &w->s[k], g) &&
				    straight_pair(w, p, z, k, &tmp[n]))
					n++;
			keep_best(t, (size_t)SCENARIO_KEY(&w->grp, z, g), tmp, n);
		}
	}
	free(tmp);
	/* Without a graph a site cannot fail. */
	ks = new_schools(w, &n);
	scenario_travel_sites(t, w, NULL, NULL, p, ks, n, &err);
	free(ks);
}

void scenario_travel_release(struct scenario_travel *t)
{
	if (!t)
		return;
	if (t->own_c) {
		free(t->n);
		free(t->c);
	}
	if (!t->view) {
		free(t->site);
		free(t->row);
	}
	memset(t, 0, sizeof(*t));
}

const struct scenario_cand *scenario_travel_site_pair(const struct scenario_travel *t,
						      int q, int k)
{
	const struct scenario_cand *c;

	if (!t->site || k < 0 || k >= t->nschools || t->site[k] < 0)
		return NULL;
	c = &t->row[(size_t)t->site[k] * (size_t)t->nzones + (size_t)(q / t->nkg)];
	return c->dist_m >= 0 ? c : NULL;
}

void scenario_travel_option(struct scenario_travel *out, const struct scenario_travel *t,
			    const struct scenario_world *w, int owner)
{
	size_t nk = (size_t)t->nzones * (size_t)t->nkg, q;
	struct scenario_cand *tmp;
	int i, n, mine = 0;

	*out = *t;
	out->view = 1;
	out->own_c = 0;
	for (i = 0; i < t->nsites; i++)
		mine += owner >= 0 && w->s[t->row[(size_t)i * t->nzones].school].owner == owner;
	/* An option that builds nothing sees the region's candidates. */
	if (!mine)
		return;
	/* The region's k and the option's new schools, all of them: a new
	 * school takes no region school's slot, so until it opens the
	 * option's open candidates are the baseline's. */
	tmp = xmalloc(sizeof(*tmp) * ((size_t)mine + 1));
	/* The nearest OPTION_MAX_NEW of them: a key's list stays within
	 * the 64 the allocation's scratch holds (k <= 32, study.c). */
	out->k = t->k + (mine < OPTION_MAX_NEW ? mine : OPTION_MAX_NEW);
	out->own_c = 1;
	out->n = xcalloc(nk + 1, sizeof(int));
	out->c = xcalloc(nk * (size_t)out->k + 1, sizeof(*out->c));
	for (q = 0; q < nk; q++) {
		const struct scenario_cand *b = &t->c[q * (size_t)t->k];
		struct scenario_cand *o = &out->c[q * (size_t)out->k];
		int j = 0, m = 0;

		n = 0;
		for (i = 0; i < t->nsites; i++) {
			const struct scenario_cand *c = &t->row[(size_t)i * t->nzones + q / (size_t)t->nkg];

			if (c->dist_m >= 0 && w->s[c->school].owner == owner &&
			    scenario_school_serves(w, &w->s[c->school], (int)(q % (size_t)t->nkg)))
				tmp[n++] = *c;
		}
		qsort(tmp, (size_t)n, sizeof(*tmp), cand_cmp);
		/* Merged, not re-sorted: the region's keep their order (by
		 * exact distance), a new one goes before the first farther
		 * one (on a tie after: a new school's index is higher). */
		for (i = 0; (i < t->n[q] || j < n) && m < out->k;) {
			if (j < n && (i == t->n[q] || cand_cmp(&tmp[j], &b[i]) < 0))
				o[m++] = tmp[j++];
			else
				o[m++] = b[i++];
		}
		out->n[q] = m;
	}
	free(tmp);
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
 * school serves. Each (group, school) comes once per table, so a group
 * gets at most the tables' rows. */
static void add_rows(struct exact **cand, int *ncand, const struct scenario_world *w,
		     const struct net_table *tw, const struct net_table *td,
		     const int *map, int z, const struct net_travel_opts *o)
{
	int j, grp;

	for (j = 0; j < tw->n[z]; j++) {
		const struct net_pair *pw = &tw->v[(size_t)z * tw->k + j];
		int k = map[pw->school];

		for (grp = 0; grp < w->grp.nkg; grp++) {
			struct exact *e;

			if (!scenario_school_serves(w, &w->s[k], grp))
				continue;
			e = &cand[grp][ncand[grp]++];
			e->school = k;
			e->dist_m = pw->dist_m;
			e->time_s = drive_time(td, z, pw->school, pw->dist_m, o);
			e->straight = pw->method != NET_BY_NETWORK;
		}
	}
}

/* Site row of world school k from its walking and driving tables (one
 * school each, searched from it alone). */
static void site_rows(struct scenario_cand *row, const struct scenario_world *w,
		      const struct net_table *tw, const struct net_table *td,
		      const struct net_travel_opts *o)
{
	int z;

	for (z = 0; z < tw->nzones && z < w->r->nzones; z++) {
		const struct net_pair *pw = &tw->v[(size_t)z * tw->k];

		if (!w->r->zones[z].has_geom || tw->n[z] < 1)
			continue;
		row[z].dist_m = (float)pw->dist_m;
		row[z].time_s = (float)drive_time(td, z, 0, pw->dist_m, o);
		row[z].straight = pw->method != NET_BY_NETWORK;
	}
}

/*
 * The site tables of the sites' searches: one per school and mode, the
 * k = 1 nearest of that school alone, which is its distance from every
 * node, so every located zone gets a row and the row does not depend on
 * any other school (the reason sites exist).
 */
static int site_tables(struct scenario_cand *row, const struct scenario_world *w,
		       const struct net_travel *nt, const struct net_travel_opts *o,
		       struct net_snap *sn, struct net_knn_job *jobs, struct le_err *err)
{
	struct net_table tab[NET_NMODES];
	int m, rc = LE_OK;

	memset(tab, 0, sizeof(tab));
	for (m = 0; m < NET_NMODES && !rc; m++)
		rc = net_table_build(&tab[m], &jobs[m].out, nt->zsnap[m], nt->nzones, &sn[m], 1,
				     &o->snap, err);
	if (!rc)
		site_rows(row, w, &tab[NET_WALK], &tab[NET_DRIVE], o);
	for (m = 0; m < NET_NMODES; m++)
		net_table_release(&tab[m]);
	return rc;
}

int scenario_travel_sites(struct scenario_travel *t, const struct scenario_world *w,
			  const struct net_travel *nt, const struct net_travel_opts *o,
			  const struct scenario_params *p, const int *ks, int n,
			  struct le_err *err)
{
	int i, j, m, z, nsite = 0, rc = LE_OK;
	int *todo = xmalloc(sizeof(int) * ((size_t)n + 1));
	size_t nj = (size_t)n * NET_NMODES + 1;
	struct net_snap *sn = xcalloc(nj, sizeof(*sn));
	struct net_source *src = xcalloc(nj, sizeof(*src));
	struct net_knn_job *jobs = xcalloc(nj, sizeof(*jobs));

	/* The schools still without a site, each once, in ks order (so
	 * the site rows keep that order whatever the thread count). */
	for (i = 0; i < n; i++) {
		int k = ks[i], dup = 0;

		if (k < 0 || k >= t->nschools || t->site[k] >= 0)
			continue;
		for (j = 0; j < nsite; j++)
			dup |= todo[j] == k;
		if (dup)
			continue;
		if (!nt) {
			struct scenario_cand *row = site_new(t, k);

			for (z = 0; z < t->nzones; z++)
				straight_pair(w, p, z, k, &row[z]);
			continue;
		}
		/* The graph nt kept (NET_TRAVEL_GRAPH): the region's tables
		 * may come from the cache, which holds no graph. */
		if (!nt->zsnap[NET_WALK]) {
			rc = le_errf(err, LE_EUSAGE, "travel to '%s' (a new or merged school's site) needs the road graph",
				     w->s[k].id);
			goto out;
		}
		todo[nsite++] = k;
	}
	/* Every site's search per mode first, then all of them on the
	 * run's threads (each job its own state: the tables do not depend
	 * on the count), then the rows in order. */
	for (j = 0; j < nsite && !rc; j++) {
		for (m = 0; m < NET_NMODES && !rc; m++) {
			size_t q = (size_t)j * NET_NMODES + (size_t)m;
			double xy[2];

			xy[0] = w->s[todo[j]].x;
			xy[1] = w->s[todo[j]].y;
			rc = net_snap_points(&nt->graph, xy, 1, m, &o->snap, &sn[q], err);
			if (rc)
				break;
			net_sources_from_snaps(&sn[q], 1, m, &o->snap, &src[q]);
			jobs[q].mode = m;
			jobs[q].src = &src[q];
			jobs[q].nsrc = 1;
			jobs[q].k = 1;
		}
	}
	if (!rc && nsite)
		rc = net_knn_many(&nt->graph, jobs, nsite * NET_NMODES, o->threads, err);
	for (j = 0; j < nsite && !rc; j++)
		rc = site_tables(site_new(t, todo[j]), w, nt, o, &sn[(size_t)j * NET_NMODES],
				 &jobs[(size_t)j * NET_NMODES], err);
out:
	for (j = 0; j < nsite * NET_NMODES; j++)
		net_knn_release(&jobs[j].out);
	free(jobs);
	free(src);
	free(sn);
	free(todo);
	return rc;
}

int scenario_travel_site_again(struct scenario_travel *t, const struct scenario_world *w,
			       const struct net_travel *nt, const struct net_travel_opts *o,
			       const struct scenario_params *p, int k, struct le_err *err)
{
	if (k < 0 || k >= t->nschools || t->view)
		return le_errf(err, LE_EUSAGE, "no site to measure again for school %d", k);
	if (t->site[k] >= 0) {
		/* Only the last site's rows can go without moving others. */
		if (t->site[k] != t->nsites - 1)
			return le_errf(err, LE_EUSAGE, "school %d is not the last site", k);
		t->nsites--;
		t->site[k] = -1;
	}
	return scenario_travel_sites(t, w, nt, o, p, &k, 1, err);
}

int scenario_sites(const struct scenario *sc, int *ks)
{
	int i, n = 0;

	for (i = 0; sc && i < sc->n; i++)
		if (sc->v[i].kind == SCENARIO_MERGE || sc->v[i].kind == SCENARIO_CATCHMENT_CHANGE)
			ks[n++] = sc->v[i].school;
	return n;
}

int scenario_travel_build(struct scenario_travel *t, const struct scenario_world *w,
			  const struct net_travel *nt, const struct net_travel_opts *o,
			  const struct scenario_params *p, struct le_err *err)
{
	const struct region *r = w->r;
	int nkg = w->grp.nkg;
	struct exact **cand = xcalloc((size_t)nkg + 1, sizeof(*cand));
	int *ncand = xcalloc((size_t)nkg + 1, sizeof(int)), rc = LE_OK, z, grp, i, m, maxc = 0, *ks, nks;

	if (!nt) {
		free(cand);
		free(ncand);
		scenario_travel_straight(t, w, p);
		return LE_OK;
	}
	alloc_tables(t, w, p->k);
	t->network = 1;
	/* Room for every set's rows of a zone (a school is in one set). */
	for (i = 0; i < nt->nsets; i++)
		maxc += nt->sets[i].table[NET_WALK].k;
	maxc += 1;
	for (grp = 0; grp < nkg; grp++)
		cand[grp] = xmalloc(sizeof(struct exact) * (size_t)maxc);
	for (m = 0; m < NET_NMODES; m++)
		t->noff[m] = net_travel_offnet(nt, m);
	t->nstraight_zones = t->noff[NET_WALK];
	for (z = 0; z < r->nzones; z++) {
		/* A zone without a polygon has no point to measure from. */
		if (!r->zones[z].has_geom)
			continue;
		memset(ncand, 0, sizeof(int) * (size_t)nkg);
		for (i = 0; i < nt->nsets; i++)
			add_rows(cand, ncand, w, &nt->sets[i].table[NET_WALK],
				 &nt->sets[i].table[NET_DRIVE], nt->sets[i].school, z, o);
		for (grp = 0; grp < nkg; grp++) {
			size_t q = (size_t)SCENARIO_KEY(&w->grp, z, grp);
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
	for (grp = 0; grp < nkg; grp++)
		free(cand[grp]);
	free(cand);
	free(ncand);
	/* The scenarios' new schools: sites, each searched on its own. */
	ks = new_schools(w, &nks);
	rc = scenario_travel_sites(t, w, nt, o, p, ks, nks, err);
	free(ks);
	if (rc)
		scenario_travel_release(t);
	return rc;
}

void scenario_model_nearest(struct model *m, const struct scenario_world *w,
			    const struct scenario_travel *t)
{
	const struct scenario_groups *gr = &w->grp;
	int nkeys = t->nzones * t->nkg, q, i, j, n = 0;
	int *key = xmalloc(sizeof(int) * ((size_t)nkeys + 1));
	int *school = xmalloc(sizeof(int) * ((size_t)nkeys + 1));
	double *wt = xmalloc(sizeof(double) * ((size_t)nkeys + 1));
	unsigned *mask = xmalloc(sizeof(unsigned) * ((size_t)nkeys + 1));
	int split = gr->nsec[0] > 1 || gr->nsec[1] > 1;

	/* The projection knows only the region's schools: a scenario's new
	 * ones are skipped. Its table is keyed by sector, so a sector split
	 * into stage groups gives one entry per group (the nearest school
	 * teaching it, masked to its stages: model.c's stage_share sends
	 * each stage there), one entry per school of a key (masks joined). */
	for (q = 0; q < nkeys; q++)
		for (i = 0; i < t->n[q]; i++) {
			int k = t->c[(size_t)q * t->k + i].school, mq = SCENARIO_MODEL_KEY(gr, q);

			if (k >= w->nbase)
				continue;
			/* A zone's entries are consecutive. */
			for (j = n - 1; j >= 0 && key[j] / (2 * MODEL_NSTREAMS) == mq / (2 * MODEL_NSTREAMS) &&
			     !(key[j] == mq && school[j] == k); j--)
				;
			if (j >= 0 && key[j] == mq && school[j] == k) {
				mask[j] |= SCENARIO_GROUP_STAGES(gr, SCENARIO_KEY_GROUP(gr, q));
				break;
			}
			key[n] = mq;
			school[n] = k;
			mask[n] = SCENARIO_GROUP_STAGES(gr, SCENARIO_KEY_GROUP(gr, q));
			wt[n++] = 1;
			break;
		}
	/* No mask where every group is a sector: the table as before. */
	model_alloc_keys(m, key, school, wt, split ? mask : NULL, n);
	free(key);
	free(school);
	free(wt);
	free(mask);
}
