/*
 * travel.c: the zone-to-school travel tables of a region. Schools are
 * grouped into sets (sector x stream), each set gets one k-nearest search
 * per mode over the road graph, and every zone's representative point
 * gets its k nearest schools of each set, by road where it can be
 * reached, by straight line times a detour factor where not.
 *
 * Invariants: sets are ordered by sector, then stream; a school belongs
 * to every set whose stream it serves (le_stream_serves: a school with
 * Gaelic provision is in two); zones keep region order, so tables are
 * deterministic for the same inputs.
 *
 * Why sets: a Roman Catholic pupil is placed among RC schools and a
 * Gaelic-medium pupil among GM schools, so "the k nearest schools" only
 * means something within a stream. Searching per set rather than per
 * school keeps the cost at about k graph passes per set and mode (issue
 * 3), whatever the number of schools.
 *
 * Ownership: struct net_travel owns its sets, tables, snaps and graph
 * (net_travel_release); it refers to schools and zones by region index
 * only, so the region must outlive the tables but may not be reordered.
 */
#include "net/net.h"
#include "io/io.h"

#include <stdlib.h>
#include <string.h>

const char *net_stream_name(int stream)
{
	/* The core table's spelling, so travel.csv says what demand.csv
	 * and zones.csv say. */
	return le_stream_name(stream);
}

/*
 * Special schools serve needs, not places: one set, "all". The others
 * by the one rule (le_stream_serves), the projection's and the
 * scenarios': a school with Gaelic provision is in the Gaelic set and in
 * its denomination's English-medium set, so a set's table is "the k
 * nearest schools that take this stream's pupils".
 */
int net_stream_has(const struct le_stages *st, const struct school *s, int sector, int stream)
{
	if (sector == LE_SPECIAL)
		return s->sector == LE_SPECIAL && stream == NET_STREAM_ALL;
	if (stream == NET_STREAM_ALL)
		return 0;
	return le_stream_serves(st, s->sector, s->stages, s->denom == LE_RC, s->gaelic,
				sector, stream);
}

void net_travel_opts_default(struct net_travel_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->k = NET_KNN_DEFAULT_K;
	o->speeds = net_speeds_default();
	net_snap_opts_default(&o->snap);
	o->merge_tol_m = NET_MERGE_TOL_M;
}

int net_travel_opts_read(const struct study *s, struct net_travel_opts *o,
			 struct le_err *err)
{
	const struct study_layer *l = &s->layers[STUDY_ROADS];
	const char *v;
	int rc = LE_OK;

	net_travel_opts_default(o);
	o->threads = s->threads;
	/* Numbers were checked by the study reader; here they are only read. */
	if ((v = study_get(l, "k")))
		o->k = atoi(v);
	if ((v = study_get(l, "detour_factor")))
		o->snap.detour = atof(v);
	if ((v = study_get(l, "snap_tolerance_m")))
		o->snap.tol_m = atof(v);
	/* "link" or "node", checked by the study reader. */
	if ((v = study_get(l, "snap")))
		o->snap.to = strcmp(v, "node") == 0 ? NET_SNAP_NODE : NET_SNAP_LINK;
	if ((v = study_get(l, "speeds"))) {
		double kph[NET_NCLASSES][NET_NMODES];
		rc = net_read_speeds(v, kph, &o->speeds.ferry_kph, err);
		if (!rc)
			memcpy(o->speeds.kph, kph, sizeof(kph));
	}
	return rc;
}

void net_travel_sets(struct net_travel *t, const struct region *r, int k)
{
	int sector, stream, i;

	memset(t, 0, sizeof(*t));
	t->nzones = r->nzones;
	t->nschools = r->nschools;
	t->k = k > 0 ? k : NET_KNN_DEFAULT_K;
	t->sets = xcalloc(LE_NSECTORS * NET_NSTREAMS, sizeof(*t->sets));
	for (sector = 0; sector < LE_NSECTORS; sector++) {
		for (stream = 0; stream < NET_NSTREAMS; stream++) {
			struct net_travel_set *set = &t->sets[t->nsets];
			for (i = 0; i < r->nschools; i++)
				set->nschools += net_stream_has(&r->stages, &r->schools[i], sector, stream);
			/* Empty sets are dropped (most councils have no GM
			 * secondary), so set indices are dense and the
			 * table count is what the region needs. */
			if (!set->nschools)
				continue;
			set->sector = sector;
			set->stream = stream;
			set->school = xmalloc(sizeof(int) * (size_t)set->nschools);
			set->nschools = 0;
			for (i = 0; i < r->nschools; i++)
				if (net_stream_has(&r->stages, &r->schools[i], sector, stream))
					set->school[set->nschools++] = i;
			t->nsets++;
		}
	}
}

void net_travel_release(struct net_travel *t)
{
	int i, m;

	if (!t)
		return;
	for (i = 0; i < t->nsets; i++) {
		free(t->sets[i].school);
		for (m = 0; m < NET_NMODES; m++)
			net_table_release(&t->sets[i].table[m]);
	}
	free(t->sets);
	free(t->zone_small);
	free(t->school_small);
	for (m = 0; m < NET_NMODES; m++) {
		free(t->zsnap[m]);
		free(t->ssnap[m]);
	}
	net_graph_release(&t->graph);
	memset(t, 0, sizeof(*t));
}

/*
 * Which points lie nearest to a small component: all[i] is point i
 * snapped with every component usable, however small (the truly nearest
 * road), walk[i] its real walking snap; a point whose nearest road is on
 * another component than its real snap sits on an isolated piece of road.
 * These are the points a planner should check (a school on a car-park
 * loop, a zone whose only road is a private drive). Judged on the walking
 * snap and the components of both modes, as `estate check` reports the
 * network.
 */
static void flag_small(char *flag, const struct net_graph *g, const struct net_snap *all,
		       const struct net_snap *walk, int n)
{
	int i;

	for (i = 0; i < n; i++)
		flag[i] = all[i].node >= 0 && walk[i].node >= 0 ?
			g->comp[all[i].node] != g->comp[walk[i].node] :
			all[i].node >= 0 && walk[i].node < 0;
}

int net_travel_network(struct net_travel *t, const struct region *r,
		       const struct net_links *links,
		       const struct net_travel_opts *o, struct le_err *err)
{
	struct net_links empty;
	struct net_graph g;
	int rc;

	net_links_init(&empty);
	/* No network: an empty graph, so every pair falls back alike. */
	rc = net_graph_build(&g, links ? links : &empty, &o->speeds, o->merge_tol_m, err);
	net_links_release(&empty);
	if (rc) {
		net_graph_release(&g);
		net_travel_sets(t, r, o->k);
		return rc;
	}
	return net_travel_snap(t, r, &g, links && links->n > 0, o, err);
}

int net_travel_snap(struct net_travel *t, const struct region *r,
		    struct net_graph *g, int have_network,
		    const struct net_travel_opts *o, struct le_err *err)
{
	struct net_snap_opts all = o->snap;
	struct net_snap_job jobs[NET_NMODES + 1];
	struct net_snap *sn[NET_NMODES + 1];
	double *xy = NULL;
	int rc, i, m, nz = r->nzones, np = r->nzones + r->nschools;

	net_travel_sets(t, r, o->k);
	t->graph = *g;
	memset(g, 0, sizeof(*g));
	g->largest_comp = -1;
	/* Recorded so reports can say "straight line" for the whole study,
	 * rather than label every pair as a failed snap. */
	t->have_network = have_network;
	t->tol_m = o->snap.tol_m;
	t->snap_to = o->snap.to;
	t->nnodes = t->graph.nnodes;
	t->nlinks = (uint32_t)t->graph.nlinks;
	t->ncomp = (uint32_t)t->graph.ncomp;
	t->largest_nodes = t->graph.ncomp ? t->graph.comp_size[t->graph.largest_comp] : 0;

	/* Zones travel from their representative point (inside the
	 * polygon), not the centroid; zones and schools are snapped
	 * together, so one grid serves them all. */
	xy = xmalloc(sizeof(double) * 2 * (size_t)(np ? np : 1));
	for (i = 0; i < r->nzones; i++) {
		xy[2 * i] = r->zones[i].px;
		xy[2 * i + 1] = r->zones[i].py;
	}
	for (i = 0; i < r->nschools; i++) {
		xy[2 * (nz + i)] = r->schools[i].x;
		xy[2 * (nz + i) + 1] = r->schools[i].y;
	}
	/* Each mode snaps to a road it may use: a zone beside a footway
	 * walks from the footway but drives from the nearest street. The
	 * third job finds the truly nearest road, every component usable
	 * however small, for flag_small. */
	all.min_comp_nodes = 1;
	all.min_comp_frac = 0;
	for (m = 0; m <= NET_NMODES; m++) {
		sn[m] = xcalloc((size_t)(np ? np : 1), sizeof(*sn[m]));
		jobs[m].mode = m < NET_NMODES ? m : -1;
		jobs[m].o = m < NET_NMODES ? &o->snap : &all;
		jobs[m].out = sn[m];
	}
	rc = net_snap_many(&t->graph, xy, np, jobs, NET_NMODES + 1, err);
	for (m = 0; !rc && m < NET_NMODES; m++) {
		t->zsnap[m] = xcalloc((size_t)(nz ? nz : 1), sizeof(*t->zsnap[m]));
		t->ssnap[m] = xcalloc((size_t)(r->nschools ? r->nschools : 1), sizeof(*t->ssnap[m]));
		memcpy(t->zsnap[m], sn[m], (size_t)nz * sizeof(*sn[m]));
		memcpy(t->ssnap[m], sn[m] + nz, (size_t)r->nschools * sizeof(*sn[m]));
	}
	if (!rc) {
		t->zone_small = xcalloc((size_t)(nz ? nz : 1), 1);
		t->school_small = xcalloc((size_t)(r->nschools ? r->nschools : 1), 1);
		flag_small(t->zone_small, &t->graph, sn[NET_NMODES], sn[NET_WALK], nz);
		flag_small(t->school_small, &t->graph, sn[NET_NMODES] + nz, sn[NET_WALK] + nz,
			   r->nschools);
	}
	for (m = 0; m <= NET_NMODES; m++)
		free(sn[m]);
	if (rc)
		goto done;
	for (i = 0; i < r->nzones; i++) {
		if (!r->zones[i].has_geom) {
			/* Not located: never snapped, never tabled. */
			for (m = 0; m < NET_NMODES; m++)
				t->zsnap[m][i].node = -1;
			t->zone_small[i] = 0;
			t->zones_unlocated++;
			continue;
		}
		/* A zone farther than the snap tolerance from a usable
		 * road is not an error: island and rural zones often are,
		 * and they fall back to straight line times the detour
		 * factor, flagged as such in travel.csv. */
		for (m = 0; m < NET_NMODES; m++) {
			if (t->zsnap[m][i].node >= 0)
				t->zones_snapped[m]++;
			else
				t->zones_fallback[m]++;
		}
	}
	for (i = 0; i < r->nschools; i++)
		for (m = 0; m < NET_NMODES; m++) {
			if (t->ssnap[m][i].node >= 0)
				t->schools_snapped[m]++;
			else
				t->schools_fallback[m]++;
		}
done:
	free(xy);
	return rc;
}

int net_travel_tables(struct net_travel *t, const struct region *r,
		      const struct net_travel_opts *o, struct le_err *err)
{
	struct net_knn_job *jobs;
	struct net_source *src, *next;
	struct net_snap *ssub;
	int rc, i, j, m, nj = 0;

	/* One search per set and mode; sources are the set's schools. */
	/* All jobs are built first and then run together so the threads
	 * of net_knn_many (modes and sets in parallel) share the read-only
	 * graph. */
	jobs = xcalloc((size_t)(t->nsets * NET_NMODES + 1), sizeof(*jobs));
	src = xmalloc(sizeof(*src) * (size_t)(r->nschools + 1) * NET_NMODES);
	ssub = xmalloc(sizeof(*ssub) * (size_t)(r->nschools + 1));
	next = src;
	for (i = 0; i < t->nsets; i++) {
		struct net_travel_set *set = &t->sets[i];
		for (m = 0; m < NET_NMODES; m++) {
			struct net_knn_job *jb = &jobs[nj++];
			for (j = 0; j < set->nschools; j++)
				/* A school's source distance is its snap
				 * distance, so the school's own walk to
				 * the road is counted in every pupil's
				 * journey. */
				net_sources_from_snaps(&t->ssnap[m][set->school[j]], 1, m,
						       &o->snap, &next[j]);
			jb->mode = m;
			jb->src = next;
			jb->nsrc = set->nschools;
			jb->k = t->k;
			next += set->nschools;
		}
	}
	if ((rc = net_knn_many(&t->graph, jobs, nj, o->threads, err)))
		goto done;

	/* Tables: zones without a point are cut out after the build. */
	for (i = 0, nj = 0; i < t->nsets; i++) {
		struct net_travel_set *set = &t->sets[i];
		for (m = 0; m < NET_NMODES; m++, nj++) {
			for (j = 0; j < set->nschools; j++)
				ssub[j] = t->ssnap[m][set->school[j]];
			rc = net_table_build(&set->table[m], &jobs[nj].out, t->zsnap[m],
					     r->nzones, ssub, set->nschools, &o->snap, err);
			if (rc)
				goto done;
			/* Zones keep their region index in the table (n =
			 * 0 means no candidates), so callers never need a
			 * separate zone map. */
			for (j = 0; j < r->nzones; j++)
				if (!r->zones[j].has_geom)
					set->table[m].n[j] = 0;
		}
	}
done:
	for (i = 0; i < t->nsets * NET_NMODES; i++)
		net_knn_release(&jobs[i].out);
	free(jobs);
	free(src);
	free(ssub);
	return rc;
}

int net_travel_build(struct net_travel *t, const struct region *r,
		     const struct net_links *links,
		     const struct net_travel_opts *o, struct le_err *err)
{
	int rc = net_travel_network(t, r, links, o, err);

	if (!rc)
		rc = net_travel_tables(t, r, o, err);
	return rc;
}

int net_travel_offnet(const struct net_travel *t, int mode)
{
	int z, i, j, n = 0;

	/* From the tables, not the snaps: the same count whether they were
	 * computed now or read from the cache. */
	for (z = 0; z < t->nzones; z++) {
		int any = 0, net = 0;

		for (i = 0; i < t->nsets && !net; i++) {
			const struct net_table *tb = &t->sets[i].table[mode];

			for (j = 0; j < tb->n[z] && !net; j++) {
				any = 1;
				net = tb->v[(size_t)z * tb->k + j].method == NET_BY_NETWORK;
			}
		}
		n += any && !net;
	}
	return n;
}
