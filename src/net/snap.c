/*
 * snap.c: points onto the graph, and the zone-to-school table.
 *
 * Snapping uses a uniform grid over the nodes of usable components (about
 * two nodes per cell, cells in CSR form: one counting sort, no per-cell
 * allocation). A query searches square rings of cells outwards from the
 * point's cell and stops when the next ring cannot hold anything nearer
 * than the best found, or lies beyond the tolerance. Ties at equal
 * distance go to the lowest node id, so results never depend on order.
 *
 * The table merges network labels with straight-line fallbacks (distance
 * times a detour factor) for pairs the network cannot give, and ranks both
 * together by the mode's metric (distance walking, time driving).
 */
#include "net/net.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void net_snap_opts_default(struct net_snap_opts *o)
{
	memset(o, 0, sizeof(*o));
	/* 2 km: beyond that a point is not "on" this network (a croft at the
	 * end of a track the data lacks, an island without roads). */
	o->tol_m = 2000;
	/* 1.3: the usual ratio of road to crow-fly distance in rural Scotland
	 * (the Edinburgh test box measures 1.1-1.6). */
	o->detour = 1.3;
	o->min_comp_nodes = 50;
	o->min_comp_frac = 0.01;
	o->offnet_kph[NET_WALK] = 4.8;
	o->offnet_kph[NET_DRIVE] = 32;
}

const char *net_method_name(int method)
{
	return method == NET_BY_STRAIGHT_LINE ? "straight line" : "network";
}

/* ---------------------------------------------------------------- grid */

struct grid {
	double x0, y0, cell_m;
	long nx, ny;
	uint32_t *start;        /* nx * ny + 1 */
	uint32_t *node;         /* nodes, cell by cell */
};

/*
 * The components a snap for mode (or -1: any mode) looks at: the mode's
 * own (over its arcs only) or the union of both modes'.
 */
struct comps {
	const uint32_t *comp, *size;
	int largest;
	int need_arcs;          /* a node of size-1 component has no arc */
};

static struct comps comps_of(const struct net_graph *g, int mode)
{
	struct comps c;

	if (mode >= 0 && mode < NET_NMODES) {
		c.comp = g->mcomp[mode];
		c.size = g->mcomp_size[mode];
		c.largest = g->mlargest[mode];
		c.need_arcs = 1;
	} else {
		c.comp = g->comp;
		c.size = g->comp_size;
		c.largest = g->largest_comp;
		c.need_arcs = 0;
	}
	return c;
}

/*
 * Component c may take snapped points (the rule in net.h): the largest
 * always, so that a network of small pieces still snaps somewhere. For
 * one mode a node with no arc of that mode (a footway end for driving)
 * is never usable: snapping a zone there would leave the driver on a
 * road he may not take, and the zone would silently fall back to a
 * straight line while counted as "on the network".
 */
static int usable(const struct net_graph *g, const struct comps *cs,
		  const struct net_snap_opts *o, uint32_t c)
{
	if (cs->need_arcs && cs->size[c] < 2)
		return 0;
	return (int)c == cs->largest ||
	       (o->min_comp_nodes > 0 && cs->size[c] >= (uint32_t)o->min_comp_nodes) ||
	       (o->min_comp_frac > 0 && cs->size[c] >= o->min_comp_frac * g->nnodes);
}

/* Cell index along one axis; negative or past the grid for outside points. */
static long cell_of(double v, double v0, double cell_m)
{
	return (long)floor((v - v0) / cell_m);
}

/* Returns the number of nodes indexed (0: nothing usable). */
static uint32_t grid_build(struct grid *gr, const struct net_graph *g,
			   const struct net_snap_opts *o, int mode)
{
	struct comps cs = comps_of(g, mode);
	double x1 = 0, y1 = 0;
	uint32_t v, n = 0;
	long c, ncell;
	char *ok = xmalloc((size_t)g->nnodes + 1);

	memset(gr, 0, sizeof(*gr));
	for (v = 0; v < g->nnodes; v++) {
		double x = g->xy[2 * v], y = g->xy[2 * v + 1];

		ok[v] = (char)usable(g, &cs, o, cs.comp[v]);
		if (!ok[v])
			continue;
		if (n == 0) {
			gr->x0 = x1 = x;
			gr->y0 = y1 = y;
		}
		gr->x0 = x < gr->x0 ? x : gr->x0;
		gr->y0 = y < gr->y0 ? y : gr->y0;
		x1 = x > x1 ? x : x1;
		y1 = y > y1 ? y : y1;
		n++;
	}
	if (n == 0)
		goto done;
	/* About two nodes per cell over the bounding box; a degenerate box
	 * (all nodes on a line) still gets cells of a sensible size. */
	gr->cell_m = sqrt(((x1 - gr->x0) * (y1 - gr->y0)) / (n / 2.0 + 1));
	if (gr->cell_m < 1)
		gr->cell_m = (x1 - gr->x0 + y1 - gr->y0) / (n / 2.0 + 1) + 1;
	gr->nx = cell_of(x1, gr->x0, gr->cell_m) + 1;
	gr->ny = cell_of(y1, gr->y0, gr->cell_m) + 1;
	ncell = gr->nx * gr->ny;
	gr->start = xcalloc((size_t)ncell + 1, sizeof(*gr->start));
	gr->node = xmalloc((size_t)n * sizeof(*gr->node));
	for (v = 0; v < g->nnodes; v++)
		if (ok[v])
			gr->start[cell_of(g->xy[2 * v + 1], gr->y0, gr->cell_m) * gr->nx +
				  cell_of(g->xy[2 * v], gr->x0, gr->cell_m) + 1]++;
	for (c = 0; c < ncell; c++)
		gr->start[c + 1] += gr->start[c];
	/* Nodes in increasing id within a cell (filled in id order). */
	{
		uint32_t *fill = xmalloc(((size_t)ncell + 1) * sizeof(*fill));

		memcpy(fill, gr->start, (size_t)ncell * sizeof(*fill));
		for (v = 0; v < g->nnodes; v++)
			if (ok[v])
				gr->node[fill[cell_of(g->xy[2 * v + 1], gr->y0, gr->cell_m) * gr->nx +
					      cell_of(g->xy[2 * v], gr->x0, gr->cell_m)]++] = v;
		free(fill);
	}
done:
	free(ok);
	return n;
}

/* Free the grid's arrays (a grid over no nodes holds none). */
static void grid_release(struct grid *gr)
{
	free(gr->start);
	free(gr->node);
}

/* Check the nodes of cell (cx, cy) against the best so far. */
static void scan_cell(const struct grid *gr, const struct net_graph *g, long cx,
		      long cy, double x, double y, double *best_d2, int32_t *best)
{
	uint32_t j;
	long c;

	if (cx < 0 || cy < 0 || cx >= gr->nx || cy >= gr->ny)
		return;
	c = cy * gr->nx + cx;
	for (j = gr->start[c]; j < gr->start[c + 1]; j++) {
		uint32_t v = gr->node[j];
		double dx = g->xy[2 * v] - x, dy = g->xy[2 * v + 1] - y;
		double d2 = dx * dx + dy * dy;

		if (d2 < *best_d2 || (d2 == *best_d2 && (int32_t)v < *best)) {
			*best_d2 = d2;
			*best = (int32_t)v;
		}
	}
}

/*
 * Nearest indexed node to (x, y) within tol_m, its distance in *dist_m;
 * -1 when none. Rings are scanned whole before the stopping test, so a
 * node at the same distance with a lower id is never missed.
 */
static int32_t grid_nearest(const struct grid *gr, const struct net_graph *g,
			    double x, double y, double tol_m, double *dist_m)
{
	long cx = cell_of(x, gr->x0, gr->cell_m), cy = cell_of(y, gr->y0, gr->cell_m);
	long r, rmax, i, far;
	double best_d2 = INFINITY;
	int32_t best = -1;

	/* Rings beyond the tolerance, or beyond every cell, are not needed. */
	far = labs(cx) > labs(cx - gr->nx) ? labs(cx) : labs(cx - gr->nx);
	far = far > labs(cy) ? far : labs(cy);
	far = far > labs(cy - gr->ny) ? far : labs(cy - gr->ny);
	rmax = (long)ceil(tol_m / gr->cell_m) + 1;
	rmax = rmax < far ? rmax : far;
	for (r = 0; r <= rmax; r++) {
		/* A node in ring r + 1 or beyond is at least r cells away. */
		if (best >= 0 && best_d2 < (r - 1) * gr->cell_m * (r - 1) * gr->cell_m)
			break;
		if (r == 0) {
			scan_cell(gr, g, cx, cy, x, y, &best_d2, &best);
			continue;
		}
		for (i = -r; i <= r; i++) {
			scan_cell(gr, g, cx + i, cy - r, x, y, &best_d2, &best);
			scan_cell(gr, g, cx + i, cy + r, x, y, &best_d2, &best);
		}
		for (i = -r + 1; i <= r - 1; i++) {
			scan_cell(gr, g, cx - r, cy + i, x, y, &best_d2, &best);
			scan_cell(gr, g, cx + r, cy + i, x, y, &best_d2, &best);
		}
	}
	if (best < 0 || sqrt(best_d2) > tol_m)
		return -1;
	*dist_m = sqrt(best_d2);
	return best;
}

int net_snap_points(const struct net_graph *g, const double *xy, int n, int mode,
		    const struct net_snap_opts *o, struct net_snap *out,
		    struct le_err *err)
{
	struct grid gr;
	uint32_t indexed = g->nnodes ? grid_build(&gr, g, o, mode) : 0;
	int i;

	/* Nothing here can fail today; err is in the signature so that a
	 * GEOS-backed index can report without an API change. */
	(void)err;
	for (i = 0; i < n; i++) {
		double d = 0;

		out[i].x = xy[2 * i];
		out[i].y = xy[2 * i + 1];
		out[i].node = indexed ? grid_nearest(&gr, g, out[i].x, out[i].y, o->tol_m, &d)
				      : -1;
		out[i].snap_m = out[i].node >= 0 ? d : 0;
	}
	if (g->nnodes)
		grid_release(&gr);
	return LE_OK;
}

void net_sources_from_snaps(const struct net_snap *s, int n, int mode,
			    const struct net_snap_opts *o,
			    struct net_source *out)
{
	double mps = o->offnet_kph[mode] / 3.6;
	int i;

	for (i = 0; i < n; i++) {
		out[i].node = s[i].node;
		out[i].extra_m = s[i].node >= 0 ? s[i].snap_m : 0;
		out[i].extra_s = s[i].node >= 0 && mps > 0 ? s[i].snap_m / mps : 0;
	}
}

/* ---------------------------------------------------------------- table */

/*
 * Rank as net_knn does: the mode's metric, then the other, then the school
 * index. One comparator per mode, since qsort passes no context.
 */
static int cmp3(double a1, double b1, double a2, double b2, int sa, int sb)
{
	if (a1 != b1)
		return a1 < b1 ? -1 : 1;
	if (a2 != b2)
		return a2 < b2 ? -1 : 1;
	return (sa > sb) - (sa < sb);
}

static int pair_cmp_walk(const void *pa, const void *pb)
{
	const struct net_pair *a = pa, *b = pb;

	return cmp3(a->dist_m, b->dist_m, a->time_s, b->time_s, a->school, b->school);
}

static int pair_cmp_drive(const void *pa, const void *pb)
{
	const struct net_pair *a = pa, *b = pb;

	return cmp3(a->time_s, b->time_s, a->dist_m, b->dist_m, a->school, b->school);
}

/*
 * The straight-line pair of zone z and school s: crow-fly distance times
 * the detour factor, at the off-network speed of the mode.
 */
static void straight(struct net_pair *p, const struct net_snap *z,
		     const struct net_snap *s, int school,
		     const struct net_snap_opts *o, int mode)
{
	double mps = o->offnet_kph[mode] / 3.6;

	p->school = school;
	p->dist_m = hypot(z->x - s->x, z->y - s->y) * o->detour;
	p->time_s = mps > 0 ? p->dist_m / mps : 0;
	p->method = NET_BY_STRAIGHT_LINE;
}

int net_table_build(struct net_table *t, const struct net_knn *knn,
		    const struct net_snap *zones, int nzones,
		    const struct net_snap *schools, int nschools,
		    const struct net_snap_opts *o, struct le_err *err)
{
	struct net_pair *cand;
	double mps = o->offnet_kph[knn->mode] / 3.6;
	int z, i, k = knn->k;

	(void)err;      /* as in net_snap_points: room for failures to come */
	memset(t, 0, sizeof(*t));
	t->mode = knn->mode;
	t->k = k;
	t->nzones = nzones;
	t->n = xcalloc((size_t)nzones + 1, sizeof(*t->n));
	t->v = xmalloc(((size_t)nzones * (size_t)k + 1) * sizeof(*t->v));
	/* Candidates of one zone: its labels plus straight-line pairs, at
	 * most every school plus k. */
	cand = xmalloc(((size_t)nschools + (size_t)k + 1) * sizeof(*cand));
	for (z = 0; z < nzones; z++) {
		const struct net_snap *zs = &zones[z];
		int nc = 0, j, all;

		if (zs->node >= 0 && (uint32_t)zs->node < knn->nnodes) {
			const struct net_label *lab = knn->lab + (size_t)zs->node * (size_t)k;

			for (j = 0; j < knn->cnt[zs->node]; j++) {
				struct net_pair *p = &cand[nc++];

				/* The school's own snap leg is in the label
				 * already (the source's extra cost); the
				 * zone's leg is added here. */
				p->school = (int)lab[j].src;
				p->dist_m = lab[j].dist_cm / NET_CM_PER_M + zs->snap_m;
				p->time_s = lab[j].time_cs / NET_CS_PER_S +
					    (mps > 0 ? zs->snap_m / mps : 0);
				p->method = NET_BY_NETWORK;
			}
		}
		/* A zone the network leaves without a school measures every
		 * school in a straight line; otherwise only schools off the
		 * network need it. */
		all = nc == 0 || zs->node < 0;
		for (i = 0; i < nschools; i++)
			if (all || schools[i].node < 0)
				straight(&cand[nc++], zs, &schools[i], i, o, knn->mode);
		qsort(cand, (size_t)nc, sizeof(*cand),
		      knn->mode == NET_WALK ? pair_cmp_walk : pair_cmp_drive);
		t->n[z] = nc < k ? nc : k;
		memcpy(t->v + (size_t)z * (size_t)k, cand, (size_t)t->n[z] * sizeof(*cand));
	}
	free(cand);
	return LE_OK;
}

void net_table_release(struct net_table *t)
{
	if (!t)
		return;
	free(t->n);
	free(t->v);
	memset(t, 0, sizeof(*t));
}
