/*
 * snap.c: points onto the graph, and the zone-to-school table.
 *
 * Two ways to join a point to the network ([roads] snap): onto the
 * nearest point of a usable link (the default), or at the nearest usable
 * node (the peers' rule; kept so that benchmarks compare like with like).
 * On a long rural road the nearest junction may lie behind the pupil;
 * the link's nearest point, with the way along the link to both of its
 * ends, lets the search take the right one.
 *
 * Both use a uniform grid, cells in CSR form (one counting sort, no
 * per-cell allocation): over the nodes of usable components (about two
 * nodes per cell), or over the segments of usable links (about one
 * segment per cell). A segment no longer than two cells is listed once,
 * in the cell of its midpoint (every point of it lies within a cell's
 * width of there); a longer one (a rural road, a ferry) in every cell it
 * may cross. Listing each short segment once keeps the build to one
 * sequential pass: listing it in every cell it crosses cost 5 times as
 * much on the Scotland-size network (2.6 cells a segment, read at
 * random). A query searches square rings of cells outwards from the
 * point's cell and stops when the next ring cannot hold anything nearer
 * than the best found (a cell's width of slack for the midpoints), or
 * lies beyond the tolerance. Ties at equal distance go to the lowest
 * node id (the lowest link, then its earlier segment), so results never
 * depend on order.
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
	o->to = NET_SNAP_LINK;
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

/* The node rule: the nearest usable node, joined at no cost along a link. */
static void snap_nodes(const struct net_graph *g, const double *xy, int n, int mode,
		       const struct net_snap_opts *o, struct net_snap *out)
{
	struct grid gr;
	uint32_t indexed = g->nnodes ? grid_build(&gr, g, o, mode) : 0;
	int i;

	for (i = 0; i < n; i++) {
		struct net_snap *sn = &out[i];
		double d = 0;

		memset(sn, 0, sizeof(*sn));
		sn->x = xy[2 * i];
		sn->y = xy[2 * i + 1];
		sn->node = indexed ? grid_nearest(&gr, g, sn->x, sn->y, o->tol_m, &d) : -1;
		sn->snap_m = sn->node >= 0 ? d : 0;
		sn->link = -1;
		sn->sx = sn->node >= 0 ? g->xy[2 * sn->node] : sn->x;
		sn->sy = sn->node >= 0 ? g->xy[2 * sn->node + 1] : sn->y;
		sn->end[0].node = sn->node;
		sn->end[0].leave = sn->end[0].enter = 1;
		sn->end[1].node = -1;
	}
	if (g->nnodes)
		grid_release(&gr);
}

/* ---------------------------------------------------------------- links */

/*
 * The grid over the segments of usable links. Link i's line is its first
 * node, its interior vertices (net_graph.link_xy), its last node; its
 * segment j (vertex j to j + 1) has the id link_ipt[i] + i + j, and
 * seg_link maps an id back to its link.
 */
struct lgrid {
	double x0, y0, cell_m;
	long nx, ny;
	uint32_t *start;        /* nx * ny + 1 */
	uint32_t *seg;          /* segment ids, cell by cell, increasing */
	uint32_t *seg_link;     /* every segment's link */
	unsigned char *mask;    /* per link: bit j, usable for job j */
};

static uint32_t link_npts(const struct net_graph *g, uint32_t i)
{
	return g->link_ipt[i + 1] - g->link_ipt[i] + 2;
}

/* Vertex v of link i's line (npts of them). */
static void link_vertex(const struct net_graph *g, uint32_t i, uint32_t v, uint32_t npts,
			double *x, double *y)
{
	const double *p;

	if (v == 0)
		p = g->xy + 2 * (size_t)g->link_node[2 * i];
	else if (v == npts - 1)
		p = g->xy + 2 * (size_t)g->link_node[2 * i + 1];
	else
		p = g->link_xy + 2 * ((size_t)g->link_ipt[i] + v - 1);
	*x = p[0];
	*y = p[1];
}

/* The directions mode may take link i in (net_graph.link_dirs; -1: any). */
static unsigned link_dirs(const struct net_graph *g, int mode, uint32_t i)
{
	if (mode >= 0 && mode < NET_NMODES)
		return g->link_dirs[mode][i];
	return (g->link_dirs[NET_WALK][i] || g->link_dirs[NET_DRIVE][i]) ? 3 : 0;
}

/* Squared distance from (x, y) to the segment, and the nearest point's
 * parameter t (0 at a, 1 at b; 0 for a segment of no length). */
static double seg_d2(double x, double y, double ax, double ay, double bx, double by,
		     double *t)
{
	double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy, u = 0, px, py;

	if (l2 > 0) {
		u = ((x - ax) * dx + (y - ay) * dy) / l2;
		u = u < 0 ? 0 : u > 1 ? 1 : u;
	}
	px = ax + u * dx;
	py = ay + u * dy;
	*t = u;
	return (x - px) * (x - px) + (y - py) * (y - py);
}

/*
 * List a long segment id (a to b) in the grid: count it (fill 0) or
 * place it (fill 1, pos[c] the next free slot of cell c) in every cell of
 * its box whose centre lies within half a diagonal of it (a superset of
 * the cells it touches, which is all the search needs).
 */
static void seg_cells(struct lgrid *gr, double ax, double ay, double bx, double by,
		      uint32_t id, int fill, uint32_t *pos)
{
	long cx0 = cell_of(ax < bx ? ax : bx, gr->x0, gr->cell_m);
	long cx1 = cell_of(ax < bx ? bx : ax, gr->x0, gr->cell_m);
	long cy0 = cell_of(ay < by ? ay : by, gr->y0, gr->cell_m);
	long cy1 = cell_of(ay < by ? by : ay, gr->y0, gr->cell_m);
	/* A hair over half the diagonal: rounding must not drop a cell. */
	double r2 = gr->cell_m * gr->cell_m * 0.5 * 1.0001, t;
	long cx, cy;

	cx0 = cx0 < 0 ? 0 : cx0;
	cy0 = cy0 < 0 ? 0 : cy0;
	cx1 = cx1 >= gr->nx ? gr->nx - 1 : cx1;
	cy1 = cy1 >= gr->ny ? gr->ny - 1 : cy1;
	for (cy = cy0; cy <= cy1; cy++)
		for (cx = cx0; cx <= cx1; cx++) {
			long c = cy * gr->nx + cx;

			if (cx0 != cx1 && cy0 != cy1 &&
			    seg_d2(gr->x0 + (cx + 0.5) * gr->cell_m, gr->y0 + (cy + 0.5) * gr->cell_m,
				   ax, ay, bx, by, &t) > r2)
				continue;
			if (fill)
				gr->seg[pos[c]++] = id;
			else
				gr->start[c + 1]++;
		}
}

/*
 * The links usable for each job (bit j of mask[i]: link i has an arc of
 * job j's mode, or of either mode for -1, on a component job j's options
 * allow). Returns how many links any job may use.
 */
static uint32_t link_mask(const struct net_graph *g, const struct net_snap_job *jobs,
			  int njobs, unsigned char *mask)
{
	uint32_t i, n = 0;
	int j;

	memset(mask, 0, (size_t)g->nlinks + 1);
	for (j = 0; j < njobs; j++) {
		struct comps cs = comps_of(g, jobs[j].mode);

		for (i = 0; i < (uint32_t)g->nlinks; i++)
			if (link_dirs(g, jobs[j].mode, i) &&
			    usable(g, &cs, jobs[j].o, cs.comp[g->link_node[2 * i]]))
				mask[i] |= (unsigned char)(1u << j);
	}
	for (i = 0; i < (uint32_t)g->nlinks; i++)
		n += mask[i] != 0;
	return n;
}

/* Returns the number of usable links indexed (0: none, no arrays). */
static uint32_t lgrid_build(struct lgrid *gr, const struct net_graph *g,
			    const struct net_snap_job *jobs, int njobs)
{
	uint32_t nlinks = (uint32_t)g->nlinks, i, v, n, nseg, *segcell = NULL;
	double x1 = 0, y1 = 0, x, y, px, py;
	uint32_t *pos = NULL;
	long c, ncell;

	memset(gr, 0, sizeof(*gr));
	gr->mask = xmalloc((size_t)nlinks + 1);
	n = link_mask(g, jobs, njobs, gr->mask);
	if (n == 0)
		return 0;
	/* The box of every vertex, usable or not: two sequential passes,
	 * and a larger box only costs empty cells. */
	gr->x0 = x1 = g->xy[0];
	gr->y0 = y1 = g->xy[1];
	for (v = 0; v < g->nnodes + g->link_ipt[nlinks]; v++) {
		const double *p = v < g->nnodes ? g->xy + 2 * (size_t)v :
				  g->link_xy + 2 * (size_t)(v - g->nnodes);

		gr->x0 = p[0] < gr->x0 ? p[0] : gr->x0;
		gr->y0 = p[1] < gr->y0 ? p[1] : gr->y0;
		x1 = p[0] > x1 ? p[0] : x1;
		y1 = p[1] > y1 ? p[1] : y1;
	}
	nseg = g->link_ipt[nlinks] + nlinks;
	/* About one segment per cell over the box; a degenerate box (all
	 * roads on one line) still gets cells of a sensible size. */
	gr->cell_m = sqrt(((x1 - gr->x0) * (y1 - gr->y0)) / ((double)nseg + 1));
	if (gr->cell_m < 1)
		gr->cell_m = (x1 - gr->x0 + y1 - gr->y0) / ((double)nseg + 1) + 1;
	gr->nx = cell_of(x1, gr->x0, gr->cell_m) + 1;
	gr->ny = cell_of(y1, gr->y0, gr->cell_m) + 1;
	ncell = gr->nx * gr->ny;
	gr->start = xcalloc((size_t)ncell + 1, sizeof(*gr->start));
	gr->seg_link = xmalloc(((size_t)nseg + 1) * sizeof(*gr->seg_link));
	/* The cell of each short segment, found once (the links' nodes are
	 * read at random: the costly part); UINT32_MAX for a long one,
	 * listed by seg_cells in both passes, UINT32_MAX - 1 unusable. */
	segcell = xmalloc(((size_t)nseg + 1) * sizeof(*segcell));
	for (i = 0; i < nlinks; i++) {
		uint32_t np = link_npts(g, i), id = g->link_ipt[i] + i;

		link_vertex(g, i, 0, np, &px, &py);
		for (v = 1; v < np; v++, id++) {
			link_vertex(g, i, v, np, &x, &y);
			gr->seg_link[id] = i;
			if (!gr->mask[i])
				segcell[id] = UINT32_MAX - 1;
			else if ((x - px) * (x - px) + (y - py) * (y - py) >
				 4 * gr->cell_m * gr->cell_m) {
				segcell[id] = UINT32_MAX;
				seg_cells(gr, px, py, x, y, id, 0, NULL);
			} else {
				segcell[id] = (uint32_t)(cell_of((py + y) / 2, gr->y0, gr->cell_m) * gr->nx +
							 cell_of((px + x) / 2, gr->x0, gr->cell_m));
				gr->start[segcell[id] + 1]++;
			}
			px = x;
			py = y;
		}
	}
	for (c = 0; c < ncell; c++)
		gr->start[c + 1] += gr->start[c];
	gr->seg = xmalloc(((size_t)gr->start[ncell] + 1) * sizeof(*gr->seg));
	pos = xmalloc(((size_t)ncell + 1) * sizeof(*pos));
	memcpy(pos, gr->start, (size_t)ncell * sizeof(*pos));
	/* Placed in increasing id within a cell. */
	for (i = 0; i < nseg; i++) {
		uint32_t k = segcell[i];

		if (k < UINT32_MAX - 1) {
			gr->seg[pos[k]++] = i;
		} else if (k == UINT32_MAX) {
			uint32_t li = gr->seg_link[i], np = link_npts(g, li), sj = i - g->link_ipt[li] - li;

			link_vertex(g, li, sj, np, &px, &py);
			link_vertex(g, li, sj + 1, np, &x, &y);
			seg_cells(gr, px, py, x, y, i, 1, pos);
		}
	}
	free(pos);
	free(segcell);
	return n;
}

static void lgrid_release(struct lgrid *gr)
{
	free(gr->mask);
	free(gr->start);
	free(gr->seg);
	free(gr->seg_link);
}

/* The best segment so far: squared distance, link, segment, parameter. */
struct lbest {
	double d2, t;
	int64_t link;
	uint32_t seg;
};

static void scan_lcell(const struct lgrid *gr, const struct net_graph *g, long cx,
		       long cy, double x, double y, unsigned bit, struct lbest *b)
{
	uint32_t j;
	long c;

	if (cx < 0 || cy < 0 || cx >= gr->nx || cy >= gr->ny)
		return;
	c = cy * gr->nx + cx;
	for (j = gr->start[c]; j < gr->start[c + 1]; j++) {
		uint32_t id = gr->seg[j], i = gr->seg_link[id], k = id - g->link_ipt[i] - i;
		uint32_t np = link_npts(g, i);
		double ax, ay, bx, by, t, d2;

		if (!(gr->mask[i] & bit))
			continue;
		link_vertex(g, i, k, np, &ax, &ay);
		link_vertex(g, i, k + 1, np, &bx, &by);
		d2 = seg_d2(x, y, ax, ay, bx, by, &t);
		if (d2 < b->d2 || (d2 == b->d2 && ((int64_t)i < b->link ||
						   ((int64_t)i == b->link && k < b->seg)))) {
			b->d2 = d2;
			b->t = t;
			b->link = i;
			b->seg = k;
		}
	}
}

/* Nearest segment to (x, y) within tol_m (ring search as grid_nearest);
 * b->link -1 when none. */
static void lgrid_nearest(const struct lgrid *gr, const struct net_graph *g,
			  double x, double y, double tol_m, unsigned bit, struct lbest *b)
{
	long cx = cell_of(x, gr->x0, gr->cell_m), cy = cell_of(y, gr->y0, gr->cell_m);
	long r, rmax, i, far;

	b->d2 = INFINITY;
	b->link = -1;
	b->seg = 0;
	b->t = 0;
	far = labs(cx) > labs(cx - gr->nx) ? labs(cx) : labs(cx - gr->nx);
	far = far > labs(cy) ? far : labs(cy);
	far = far > labs(cy - gr->ny) ? far : labs(cy - gr->ny);
	rmax = (long)ceil(tol_m / gr->cell_m) + 2;
	rmax = rmax < far ? rmax : far;
	for (r = 0; r <= rmax; r++) {
		/* A segment first met in ring r or beyond is at least r - 1
		 * cells away if listed where it crosses, r - 2 if listed at
		 * its midpoint (within a cell of all its points). */
		if (b->link >= 0 && r >= 2 && b->d2 < (r - 2) * gr->cell_m * (r - 2) * gr->cell_m)
			break;
		if (r == 0) {
			scan_lcell(gr, g, cx, cy, x, y, bit, b);
			continue;
		}
		for (i = -r; i <= r; i++) {
			scan_lcell(gr, g, cx + i, cy - r, x, y, bit, b);
			scan_lcell(gr, g, cx + i, cy + r, x, y, bit, b);
		}
		for (i = -r + 1; i <= r - 1; i++) {
			scan_lcell(gr, g, cx - r, cy + i, x, y, bit, b);
			scan_lcell(gr, g, cx + r, cy + i, x, y, bit, b);
		}
	}
	if (b->link >= 0 && sqrt(b->d2) > tol_m)
		b->link = -1;
}

/*
 * The snap of a point onto segment seg of link i at t: where it lies
 * along the link (a share of the line, applied to the link's length as
 * its arcs cost it, so that the two ways add up to the link exactly),
 * and what each end costs for mode.
 */
static void link_snap(const struct net_graph *g, int mode, const struct lbest *b,
		      struct net_snap *sn)
{
	uint32_t i = (uint32_t)b->link, np = link_npts(g, i), v;
	unsigned dirs = link_dirs(g, mode, i);
	double px, py, x, y, along = 0, total = 0, f, len_m, time_s;

	link_vertex(g, i, 0, np, &px, &py);
	for (v = 1; v < np; v++) {
		double l;

		link_vertex(g, i, v, np, &x, &y);
		l = hypot(x - px, y - py);
		if (v - 1 < b->seg)
			along += l;
		else if (v - 1 == b->seg) {
			along += b->t * l;
			sn->sx = px + b->t * (x - px);
			sn->sy = py + b->t * (y - py);
		}
		total += l;
		px = x;
		py = y;
	}
	/* Exactly 0 or 1 at the ends (the same sums), so a point at a node
	 * costs what the node does. */
	f = b->seg == 0 && b->t == 0 ? 0 : b->seg == np - 2 && b->t == 1 ? 1 :
	    total > 0 ? along / total : 0;
	len_m = g->link_dist_cm[i] / NET_CM_PER_M;
	time_s = mode >= 0 && mode < NET_NMODES ? g->link_time_cs[mode][i] / NET_CS_PER_S : 0;
	sn->link = (int32_t)i;
	sn->snap_m = sqrt(b->d2);
	sn->pos_m = f * len_m;
	sn->end[0].node = (int32_t)g->link_node[2 * i];
	sn->end[0].dist_m = sn->pos_m;
	sn->end[0].time_s = f * time_s;
	sn->end[1].node = (int32_t)g->link_node[2 * i + 1];
	sn->end[1].dist_m = len_m - sn->pos_m;
	sn->end[1].time_s = time_s - sn->end[0].time_s;
	/* Towards the first node is against the line (bit 1), towards the
	 * last along it (bit 0); a point on a node is at that node. */
	sn->end[0].leave = f == 0 || (dirs & 2);
	sn->end[0].enter = f == 0 || (dirs & 1);
	sn->end[1].leave = f == 1 || (dirs & 1);
	sn->end[1].enter = f == 1 || (dirs & 2);
	sn->node = sn->end[0].dist_m <= sn->end[1].dist_m ? sn->end[0].node : sn->end[1].node;
}

/* The link rule for every job of that rule: one grid for them all. */
static void snap_links(const struct net_graph *g, const double *xy, int n,
		       const struct net_snap_job *jobs, int njobs)
{
	struct lgrid gr;
	uint32_t indexed = g->nlinks ? lgrid_build(&gr, g, jobs, njobs) : 0;
	int i, j;

	for (j = 0; j < njobs; j++)
		for (i = 0; i < n; i++) {
			struct net_snap *sn = &jobs[j].out[i];
			struct lbest b;

			memset(sn, 0, sizeof(*sn));
			sn->x = sn->sx = xy[2 * i];
			sn->y = sn->sy = xy[2 * i + 1];
			sn->node = sn->link = -1;
			sn->end[0].node = sn->end[1].node = -1;
			if (!indexed)
				continue;
			lgrid_nearest(&gr, g, sn->x, sn->y, jobs[j].o->tol_m, 1u << j, &b);
			if (b.link >= 0)
				link_snap(g, jobs[j].mode, &b, sn);
		}
	if (g->nlinks)
		lgrid_release(&gr);
}

int net_snap_many(const struct net_graph *g, const double *xy, int n,
		  const struct net_snap_job *jobs, int njobs, struct le_err *err)
{
	struct net_snap_job lj[NET_SNAP_MAX_JOBS];
	int j, nl = 0;

	if (njobs > NET_SNAP_MAX_JOBS)
		return le_errf(err, LE_EUSAGE, "%d snapping jobs at once (at most %d)", njobs,
			       NET_SNAP_MAX_JOBS);
	/* A graph made elsewhere (a cache) must carry the links' lines and
	 * costs (net_graph.link_*): without them there is nothing to snap
	 * onto, and guessing would give other distances than a fresh build. */
	for (j = 0; j < njobs; j++)
		if (jobs[j].o->to != NET_SNAP_NODE && g->nlinks > 0 &&
		    (!g->link_ipt || !g->link_dist_cm || !g->link_dirs[NET_WALK] ||
		     !g->link_dirs[NET_DRIVE] || !g->link_time_cs[NET_WALK] ||
		     !g->link_time_cs[NET_DRIVE]))
			return le_errf(err, LE_EUSAGE,
				       "the road graph has no link lines to snap onto (snap = link): rebuild it from the roads");
	/* The node rule is cheap per job; the link jobs share one grid. */
	for (j = 0; j < njobs; j++) {
		if (jobs[j].o->to == NET_SNAP_NODE)
			snap_nodes(g, xy, n, jobs[j].mode, jobs[j].o, jobs[j].out);
		else
			lj[nl++] = jobs[j];
	}
	if (nl)
		snap_links(g, xy, n, lj, nl);
	return LE_OK;
}

int net_snap_points(const struct net_graph *g, const double *xy, int n, int mode,
		    const struct net_snap_opts *o, struct net_snap *out,
		    struct le_err *err)
{
	struct net_snap_job job;

	job.mode = mode;
	job.o = o;
	job.out = out;
	return net_snap_many(g, xy, n, &job, 1, err);
}

void net_sources_from_snaps(const struct net_snap *s, int n, int mode,
			    const struct net_snap_opts *o,
			    struct net_source *out)
{
	double mps = o->offnet_kph[mode] / 3.6;
	int i, e;

	for (i = 0; i < n; i++) {
		struct net_source *src = &out[i];
		double leg_s = s[i].node >= 0 && mps > 0 ? s[i].snap_m / mps : 0;

		memset(src, 0, sizeof(*src));
		src->node = -1;
		if (s[i].node < 0)
			continue;
		if (s[i].link < 0) {
			src->node = s[i].node;
			src->extra_m = s[i].snap_m;
			src->extra_s = leg_s;
			continue;
		}
		/* The school is reached from each end the mode may enter its
		 * link by, along the link to the snap point, then the leg. */
		for (e = 0; e < 2; e++) {
			const struct net_snap_end *en = &s[i].end[e];

			if (en->node < 0 || !en->enter)
				continue;
			if (src->node < 0) {
				src->node = en->node;
				src->extra_m = s[i].snap_m + en->dist_m;
				src->extra_s = leg_s + en->time_s;
			} else {
				src->has2 = 1;
				src->node2 = en->node;
				src->extra2_m = s[i].snap_m + en->dist_m;
				src->extra2_s = leg_s + en->time_s;
			}
		}
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
	p->zone_snap_m = p->school_snap_m = 0;
}

/*
 * Add a network pair to the zone's candidates, or improve the one of the
 * same school already there (a zone on a link hears of a school from both
 * ends): the better by the mode's ranking, as net_knn ranks.
 */
static void add_net(struct net_pair *cand, int *nc, int nnet, int mode, int school,
		    double dist_m, double time_s, double zone_snap_m, double school_snap_m)
{
	struct net_pair p;
	int j;

	p.school = school;
	p.dist_m = dist_m;
	p.time_s = time_s;
	p.method = NET_BY_NETWORK;
	p.zone_snap_m = zone_snap_m;
	p.school_snap_m = school_snap_m;
	for (j = 0; j < nnet; j++)
		if (cand[j].school == school) {
			if ((mode == NET_WALK ? pair_cmp_walk : pair_cmp_drive)(&p, &cand[j]) < 0)
				cand[j] = p;
			return;
		}
	cand[(*nc)++] = p;
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
	/* Candidates of one zone: the labels of its ends (2 k), schools on
	 * its link, and straight-line pairs: at most every school twice
	 * plus 2 k. */
	cand = xmalloc((2 * (size_t)nschools + 2 * (size_t)k + 1) * sizeof(*cand));
	for (z = 0; z < nzones; z++) {
		const struct net_snap *zs = &zones[z];
		double leg_s = mps > 0 ? zs->snap_m / mps : 0;
		int nc = 0, j, e, all;

		for (e = 0; zs->node >= 0 && e < 2; e++) {
			const struct net_snap_end *en = &zs->end[e];
			const struct net_label *lab;

			if (en->node < 0 || (uint32_t)en->node >= knn->nnodes || !en->leave)
				continue;
			lab = knn->lab + (size_t)en->node * (size_t)k;
			/* The school's own snap leg is in the label already
			 * (the source's extra cost); the zone's leg and its
			 * way along the link are added here. */
			for (j = 0; j < knn->cnt[en->node]; j++)
				add_net(cand, &nc, nc, knn->mode, (int)lab[j].src,
					lab[j].dist_cm / NET_CM_PER_M + zs->snap_m + en->dist_m,
					lab[j].time_cs / NET_CS_PER_S + leg_s + en->time_s,
					zs->snap_m, schools[lab[j].src].snap_m);
		}
		/* A school on the zone's own link: straight along it, when
		 * the mode may go that way (a search through the link's ends
		 * would go out and back). */
		for (i = 0; zs->link >= 0 && i < nschools; i++) {
			const struct net_snap *ss = &schools[i];
			double along;

			if (ss->node < 0 || ss->link != zs->link)
				continue;
			if ((ss->pos_m > zs->pos_m && !zs->end[1].leave) ||
			    (ss->pos_m < zs->pos_m && !zs->end[0].leave))
				continue;
			along = fabs(ss->pos_m - zs->pos_m);
			add_net(cand, &nc, nc, knn->mode, i, zs->snap_m + along + ss->snap_m,
				leg_s + fabs(ss->end[0].time_s - zs->end[0].time_s) +
				(mps > 0 ? ss->snap_m / mps : 0),
				zs->snap_m, ss->snap_m);
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
