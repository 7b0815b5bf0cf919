/*
 * graph.c: road links into a routable graph in compressed sparse row form,
 * one CSR per mode, and its connected components.
 *
 * Invariants:
 *  - nodes are found in order of first appearance (link order, start end
 *    before end end), then renumbered 0..nnodes-1 along a Hilbert curve
 *    (ties by first appearance), so a build is deterministic and nodes
 *    close on the ground are close in memory;
 *  - mode[m] holds only arcs mode m may use, stored REVERSED: node v's
 *    list arcs[off[v]..off[v+1]) (in link order) holds the arcs that
 *    arrive at v, each with .to its tail. The searches start at the
 *    schools and walk this list, so a label at node u is the cost of the
 *    trip u -> school, the way pupils travel (a one-way street is driven
 *    towards the school only in its allowed direction);
 *  - components are also kept per mode (mcomp), undirected over that
 *    mode's arcs only, for snapping a point to a road the mode can use;
 *  - costs are integer centimetres and centiseconds (NET_CM_PER_M,
 *    NET_CS_PER_S), each arc rounded once, so path sums are exact;
 *  - components are undirected over both modes' arcs, numbered in order of
 *    their lowest node id.
 */
#include "net/net.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct net_speeds net_speeds_default(void)
{
	/* Driving speeds by class: typical free-flow speeds in km/h for
	 * Scottish roads (the national limits discounted for junctions and
	 * bends), the same order of figures as routing engines' car profiles. */
	static const double drive_kph[NET_NCLASSES] = {
		96, 80, 64, 56, 48, 40, 32, 16, 0, 0
	};
	struct net_speeds sp;
	int c;

	memset(&sp, 0, sizeof(sp));
	for (c = 0; c < NET_NCLASSES; c++) {
		/* 4.8 km/h is the 3 mph walking pace of school travel guidance;
		 * walkers are barred from motorways only. */
		sp.kph[c][NET_WALK] = c == NET_MOTORWAY ? 0 : 4.8;
		sp.kph[c][NET_DRIVE] = drive_kph[c];
	}
	sp.ferry_kph = 20;
	/* As net_read_speeds fills it: the ferry class moves at ferry speed. */
	sp.kph[NET_FERRY_ROUTE][NET_WALK] = sp.kph[NET_FERRY_ROUTE][NET_DRIVE] = sp.ferry_kph;
	return sp;
}

/* ---------------------------------------------------------------- nodes */

/*
 * Two hash tables give node ids: one from source topology ids, one from
 * coordinates rounded to cells of the merge tolerance. The coordinate
 * table may hold several nodes per cell (entries are (cell, node) pairs);
 * a lookup checks the 3 x 3 cells around a point, since two points within
 * the tolerance can fall on either side of a cell border.
 */
struct idhash {
	long long *key;
	uint32_t *node;
	size_t cap;             /* power of two; empty slots have node UINT32_MAX */
};

struct cellhash {
	long long *cx, *cy;
	uint32_t *node;
	size_t cap;
};

struct nodes {
	struct idhash ids;
	struct cellhash cells;
	double tol_m, cell_m;
	double *xy;
	uint32_t n, alloc;
};

static uint64_t mix64(uint64_t x)
{
	/* splitmix64 finaliser: cheap, and spreads neighbouring cells and
	 * consecutive ids over the whole table. */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* Table capacities are powers of two so that a probe wraps with a mask. */
static size_t pow2_at_least(size_t n)
{
	size_t c = 16;

	while (c < n)
		c <<= 1;
	return c;
}

/*
 * Tables sized for nends link ends. The cell size equals the tolerance:
 * then two points within the tolerance are always in the same or
 * neighbouring cells, and a lookup needs only the 3 x 3 block.
 */
static void nodes_init(struct nodes *nd, size_t nends, double tol_m)
{
	size_t cap = pow2_at_least(nends * 2);

	memset(nd, 0, sizeof(*nd));
	/* Sized for every end once, at most half full: no rehashing. */
	nd->ids.cap = cap;
	nd->ids.key = xmalloc(cap * sizeof(*nd->ids.key));
	nd->ids.node = xmalloc(cap * sizeof(*nd->ids.node));
	memset(nd->ids.node, 0xff, cap * sizeof(*nd->ids.node));
	nd->cells.cap = cap;
	nd->cells.cx = xmalloc(cap * sizeof(*nd->cells.cx));
	nd->cells.cy = xmalloc(cap * sizeof(*nd->cells.cy));
	nd->cells.node = xmalloc(cap * sizeof(*nd->cells.node));
	memset(nd->cells.node, 0xff, cap * sizeof(*nd->cells.node));
	nd->tol_m = tol_m;
	nd->cell_m = tol_m;
}

static void nodes_release(struct nodes *nd)
{
	free(nd->ids.key);
	free(nd->ids.node);
	free(nd->cells.cx);
	free(nd->cells.cy);
	free(nd->cells.node);
	free(nd->xy);
}

/* Cell coordinates to a table slot; both axes mixed so rows spread too. */
static uint64_t cell_hash(long long cx, long long cy)
{
	return mix64((uint64_t)cx * 0x9e3779b97f4a7c15ULL ^ (uint64_t)cy);
}

/*
 * Add node v at (x, y) to the coordinate table: linear probing, several
 * entries per cell allowed (the table never fills past half).
 */
static void cell_insert(struct nodes *nd, double x, double y, uint32_t v)
{
	struct cellhash *h = &nd->cells;
	long long cx = (long long)floor(x / nd->cell_m);
	long long cy = (long long)floor(y / nd->cell_m);
	size_t i = cell_hash(cx, cy) & (h->cap - 1);

	while (h->node[i] != UINT32_MAX)
		i = (i + 1) & (h->cap - 1);
	h->cx[i] = cx;
	h->cy[i] = cy;
	h->node[i] = v;
}

/* Lowest node (first to appear) within the tolerance of (x, y), or
 * UINT32_MAX. Ids here are still those of first appearance. */
static uint32_t cell_find(const struct nodes *nd, double x, double y)
{
	const struct cellhash *h = &nd->cells;
	long long cx = (long long)floor(x / nd->cell_m);
	long long cy = (long long)floor(y / nd->cell_m);
	uint32_t best = UINT32_MAX;
	long long dx, dy;

	for (dx = -1; dx <= 1; dx++)
		for (dy = -1; dy <= 1; dy++) {
			size_t i = cell_hash(cx + dx, cy + dy) & (h->cap - 1);

			/* Every entry of a cell sits in the probe run from its
			 * hash slot to the next empty slot. */
			for (; h->node[i] != UINT32_MAX; i = (i + 1) & (h->cap - 1)) {
				uint32_t v = h->node[i];
				double ex, ey;

				if (h->cx[i] != cx + dx || h->cy[i] != cy + dy || v >= best)
					continue;
				ex = nd->xy[2 * v] - x;
				ey = nd->xy[2 * v + 1] - y;
				if (ex * ex + ey * ey <= nd->tol_m * nd->tol_m)
					best = v;
			}
		}
	return best;
}

/* A new node at (x, y): the coordinates of the first end that names it. */
static uint32_t node_new(struct nodes *nd, double x, double y)
{
	uint32_t v = nd->n;

	if (nd->n == nd->alloc) {
		nd->alloc = nd->alloc ? nd->alloc + nd->alloc / 2 : 1024;
		nd->xy = xrealloc(nd->xy, 2 * (size_t)nd->alloc * sizeof(*nd->xy));
	}
	nd->xy[2 * v] = x;
	nd->xy[2 * v + 1] = y;
	nd->n++;
	/* Topology nodes go into the coordinate table too, so that a plain
	 * line ending on one joins it. */
	cell_insert(nd, x, y, v);
	return v;
}

/* Node of a link end: by source id when given, else by coordinates. */
static uint32_t node_of(struct nodes *nd, long long id, double x, double y)
{
	uint32_t v;

	if (id >= 0) {
		struct idhash *h = &nd->ids;
		size_t i = mix64((uint64_t)id) & (h->cap - 1);

		for (; h->node[i] != UINT32_MAX; i = (i + 1) & (h->cap - 1))
			if (h->key[i] == id)
				return h->node[i];
		v = node_new(nd, x, y);
		h->key[i] = id;
		h->node[i] = v;
		return v;
	}
	v = cell_find(nd, x, y);
	return v != UINT32_MAX ? v : node_new(nd, x, y);
}

/* ---------------------------------------------------------------- arcs */

/*
 * Metres or seconds to whole centimetres or centiseconds, rounded once
 * per arc (the only rounding: sums of integers are exact).
 */
static uint32_t to_units(double v, double per)
{
	double u = floor(v * per + 0.5);

	/* Beyond the documented limits: saturate rather than wrap. */
	return u >= 4294967295.0 ? UINT32_MAX - 1 : (uint32_t)u;
}

/*
 * Cost of link k for mode m: 1 and (dist, time) when usable, else 0.
 * dirs gets bit 0 for along the line, bit 1 for against it.
 */
static int link_cost(const struct net_link *k, double len_m, int m,
		     const struct net_speeds *sp, struct net_arc *cost,
		     unsigned *dirs)
{
	double time_s, kph;

	/* A table source can only say "ferry" by its class: the same thing. */
	if ((k->flags & NET_FERRY) || k->cls == NET_FERRY_ROUTE) {
		if (k->ferry_s > 0)
			time_s = k->ferry_s;
		else if (sp->ferry_kph > 0)
			time_s = len_m / (sp->ferry_kph / 3.6);
		else
			return 0;
	} else {
		unsigned need = m == NET_WALK ? NET_WALK_OK : NET_DRIVE_OK;
		int cls = k->cls >= 0 && k->cls < NET_NCLASSES ? k->cls : NET_UNCLASSIFIED;

		if (!(k->flags & need))
			return 0;
		kph = k->speed_kph[m] > 0 ? k->speed_kph[m] : sp->kph[cls][m];
		if (kph <= 0)
			return 0;
		time_s = len_m / (kph / 3.6);
	}
	*dirs = 3;
	/* Walkers ignore one-way rules; drivers (and car ferries) keep them. */
	if (m == NET_DRIVE && (k->flags & NET_ONEWAY))
		*dirs = 1;
	else if (m == NET_DRIVE && (k->flags & NET_ONEWAY_REV))
		*dirs = 2;
	cost->dist_cm = to_units(len_m, NET_CM_PER_M);
	cost->time_cs = to_units(time_s, NET_CS_PER_S);
	return 1;
}

/* Two passes over the links: count arcs per node, then place them. */
static void build_csr(struct net_graph *g, const struct net_links *l,
		      const double *len_m, const struct net_speeds *sp, int m)
{
	struct net_csr *c = &g->mode[m];
	uint32_t *fill = NULL;
	int pass, i;

	c->off = xcalloc((size_t)g->nnodes + 1, sizeof(*c->off));
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < l->n; i++) {
			uint32_t a = g->link_node[2 * i], b = g->link_node[2 * i + 1];
			struct net_arc cost;
			unsigned dirs;

			if (a == b || !link_cost(&l->v[i], len_m[i], m, sp, &cost, &dirs))
				continue;
			if (pass == 0) {
				c->off[b + 1] += dirs & 1;
				c->off[a + 1] += (dirs >> 1) & 1;
				continue;
			}
			/* Reversed: the arc a -> b is listed at b with .to
			 * = a (see the top of the file for why). */
			if (dirs & 1) {
				cost.to = a;
				c->arcs[fill[b]++] = cost;
			}
			if (dirs & 2) {
				cost.to = b;
				c->arcs[fill[a]++] = cost;
			}
		}
		if (pass == 0) {
			uint32_t v;

			for (v = 0; v < g->nnodes; v++)
				c->off[v + 1] += c->off[v];
			c->narcs = c->off[g->nnodes];
			c->arcs = xmalloc((size_t)c->narcs * sizeof(*c->arcs) + 1);
			fill = xmalloc(((size_t)g->nnodes + 1) * sizeof(*fill));
			memcpy(fill, c->off, ((size_t)g->nnodes + 1) * sizeof(*fill));
		}
	}
	free(fill);
}

/* ---------------------------------------------------------------- components */

/*
 * Union-find over the links both modes use: simpler than a search over two
 * CSRs (an arc may exist in one direction only) and near linear.
 */
static uint32_t uf_find(uint32_t *parent, uint32_t v)
{
	while (parent[v] != v) {
		parent[v] = parent[parent[v]];   /* path halving */
		v = parent[v];
	}
	return v;
}

/*
 * Components over the arcs of the modes in mask (bit m: mode m), into
 * comp / comp_size / ncomp / largest. A node without such arcs is a
 * component of its own (size 1).
 */
static void components_of(const struct net_graph *g, unsigned mask, uint32_t **comp_out,
			  uint32_t **size_out, int *ncomp_out, int *largest_out)
{
	uint32_t *parent = xmalloc(((size_t)g->nnodes + 1) * sizeof(*parent));
	uint32_t *comp, *size, v, best = 0;
	int m, ncomp = 0;

	for (v = 0; v < g->nnodes; v++)
		parent[v] = v;
	for (m = 0; m < NET_NMODES; m++) {
		if (!(mask & (1u << m)))
			continue;
		for (v = 0; v < g->nnodes; v++) {
			uint32_t j;

			for (j = g->mode[m].off[v]; j < g->mode[m].off[v + 1]; j++) {
				uint32_t a = uf_find(parent, v);
				uint32_t b = uf_find(parent, g->mode[m].arcs[j].to);

				/* The lower root wins, so a component's root is
				 * its lowest node. */
				if (a < b)
					parent[b] = a;
				else if (b < a)
					parent[a] = b;
			}
		}
	}
	comp = xmalloc(((size_t)g->nnodes + 1) * sizeof(*comp));
	/* Roots come before their members, so one forward pass numbers the
	 * components in order of their lowest node. */
	for (v = 0; v < g->nnodes; v++) {
		uint32_t r = uf_find(parent, v);

		comp[v] = r == v ? (uint32_t)ncomp++ : comp[r];
	}
	size = xcalloc((size_t)ncomp + 1, sizeof(*size));
	for (v = 0; v < g->nnodes; v++)
		size[comp[v]]++;
	for (v = 1; v < (uint32_t)ncomp; v++)
		if (size[v] > size[best])
			best = v;
	*comp_out = comp;
	*size_out = size;
	*ncomp_out = ncomp;
	*largest_out = ncomp ? (int)best : -1;
	free(parent);
}

static void components(struct net_graph *g)
{
	int m;

	components_of(g, (1u << NET_NMODES) - 1, &g->comp, &g->comp_size, &g->ncomp,
		      &g->largest_comp);
	for (m = 0; m < NET_NMODES; m++)
		components_of(g, 1u << m, &g->mcomp[m], &g->mcomp_size[m], &g->mncomp[m],
			      &g->mlargest[m]);
}

/* ---------------------------------------------------------------- order */

/*
 * Position of cell (x, y) along a Hilbert curve over a 2^16 x 2^16 grid
 * (the classic rotate-and-flip walk from the top level down). Cells that
 * are close on the curve are close on the ground, and unlike row order
 * the converse mostly holds too: both neighbours of a grid node are near
 * it in the order, not one of them a whole row away.
 */
static uint32_t hilbert(uint32_t x, uint32_t y)
{
	uint32_t d = 0, s;

	for (s = 1u << 15; s > 0; s >>= 1) {
		uint32_t rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;

		d += s * s * ((3 * rx) ^ ry);
		/* Rotate the quadrant so the curve inside it is the standard one. */
		if (ry == 0) {
			if (rx == 1) {
				x = s - 1 - (x & (s - 1));
				y = s - 1 - (y & (s - 1));
			}
			{
				uint32_t t = x;

				x = y;
				y = t;
			}
		}
		x &= s - 1;
		y &= s - 1;
	}
	return d;
}

/*
 * Renumber the nodes along a Hilbert curve over their bounding box, ties
 * (nodes in one cell) in order of first appearance; link_node and xy
 * follow. Why: the k-nearest search spends its time waiting for memory,
 * and a settled node's neighbours are then mostly in the same or nearby
 * cache lines and pages, where the order of first appearance in the links
 * puts a grid's vertical neighbours a whole row of nodes apart.
 */
static void order_nodes(struct net_graph *g)
{
	uint32_t n = g->nnodes, v, *nid, *key, *tmp, *cnt;
	double x0, y0, x1, y1, sx, sy, *xy;
	int pass, i;

	if (n < 2)
		return;
	x0 = x1 = g->xy[0];
	y0 = y1 = g->xy[1];
	for (v = 1; v < n; v++) {
		double x = g->xy[2 * v], y = g->xy[2 * v + 1];

		x0 = x < x0 ? x : x0;
		x1 = x > x1 ? x : x1;
		y0 = y < y0 ? y : y0;
		y1 = y > y1 ? y : y1;
	}
	/* One scale for both axes keeps the curve's cells square. */
	sx = x1 - x0 > y1 - y0 ? x1 - x0 : y1 - y0;
	sx = sx > 0 ? 65535.0 / sx : 0;
	sy = sx;
	key = xmalloc((size_t)n * sizeof(*key));
	nid = xmalloc((size_t)n * sizeof(*nid));
	tmp = xmalloc((size_t)n * sizeof(*tmp));
	cnt = xmalloc(65537 * sizeof(*cnt));
	for (v = 0; v < n; v++) {
		key[v] = hilbert((uint32_t)((g->xy[2 * v] - x0) * sx),
				 (uint32_t)((g->xy[2 * v + 1] - y0) * sy));
		nid[v] = v;
	}
	/* Old ids sorted by key: two stable counting passes of 16 bits,
	 * from ids in increasing order, so ties keep first appearance. */
	for (pass = 0; pass < 2; pass++) {
		int sh = 16 * pass;

		memset(cnt, 0, 65537 * sizeof(*cnt));
		for (v = 0; v < n; v++)
			cnt[((key[nid[v]] >> sh) & 0xffff) + 1]++;
		for (i = 0; i < 65536; i++)
			cnt[i + 1] += cnt[i];
		for (v = 0; v < n; v++)
			tmp[cnt[(key[nid[v]] >> sh) & 0xffff]++] = nid[v];
		memcpy(nid, tmp, (size_t)n * sizeof(*nid));
	}
	/* nid[new] = old; key becomes new id of each old one. */
	xy = xmalloc(2 * (size_t)n * sizeof(*xy));
	for (v = 0; v < n; v++) {
		key[nid[v]] = v;
		xy[2 * v] = g->xy[2 * (size_t)nid[v]];
		xy[2 * v + 1] = g->xy[2 * (size_t)nid[v] + 1];
	}
	for (i = 0; i < 2 * g->nlinks; i++)
		g->link_node[i] = key[g->link_node[i]];
	free(g->xy);
	g->xy = xy;
	free(cnt);
	free(tmp);
	free(nid);
	free(key);
}

/* ---------------------------------------------------------------- links */

/*
 * What snapping onto links needs (net.h): interior vertices, and per mode
 * the link's cost and directions by the same rule as its arcs, so that a
 * point snapped at a link's end costs exactly what the node would.
 */
static void link_data(struct net_graph *g, const struct net_links *l,
		      const double *len_m, const struct net_speeds *sp)
{
	uint32_t nint = 0;
	int i, m;

	g->link_ipt = xmalloc(((size_t)l->n + 1) * sizeof(*g->link_ipt));
	for (i = 0; i < l->n; i++) {
		g->link_ipt[i] = nint;
		nint += (uint32_t)(l->v[i].npts - 2);
	}
	g->link_ipt[l->n] = nint;
	g->link_xy = xmalloc(((size_t)nint * 2 + 1) * sizeof(*g->link_xy));
	for (i = 0; i < l->n; i++)
		memcpy(g->link_xy + 2 * (size_t)g->link_ipt[i],
		       l->xy + 2 * ((size_t)l->v[i].first_pt + 1),
		       2 * (size_t)(l->v[i].npts - 2) * sizeof(*g->link_xy));
	g->link_dist_cm = xmalloc(((size_t)l->n + 1) * sizeof(*g->link_dist_cm));
	for (m = 0; m < NET_NMODES; m++) {
		g->link_time_cs[m] = xcalloc((size_t)l->n + 1, sizeof(*g->link_time_cs[m]));
		g->link_dirs[m] = xcalloc((size_t)l->n + 1, 1);
	}
	for (i = 0; i < l->n; i++) {
		g->link_dist_cm[i] = to_units(len_m[i], NET_CM_PER_M);
		for (m = 0; m < NET_NMODES; m++) {
			struct net_arc cost;
			unsigned dirs;

			/* Self loops have no arcs (build_csr): none here. */
			if (g->link_node[2 * i] == g->link_node[2 * i + 1] ||
			    !link_cost(&l->v[i], len_m[i], m, sp, &cost, &dirs))
				continue;
			g->link_time_cs[m][i] = cost.time_cs;
			g->link_dirs[m][i] = (unsigned char)dirs;
		}
	}
}

/* ---------------------------------------------------------------- build */

int net_graph_build(struct net_graph *g, const struct net_links *l,
		    const struct net_speeds *sp, double merge_tol_m,
		    struct le_err *err)
{
	struct nodes nd;
	struct le_progress prog;
	double *len_m = NULL;
	int rc = LE_OK, i, m;

	/* Progress in percent: the ends' nodes are most of the work (60),
	 * then the ordering, the two modes' arcs and the components. */
	le_progress_begin(&prog, "building the road network", 100, LE_PROGRESS_PERCENT);
	/* A failed build leaves a graph that net_graph_release accepts. */
	memset(g, 0, sizeof(*g));
	g->largest_comp = -1;
	nodes_init(&nd, 2 * (size_t)l->n, merge_tol_m > 0 ? merge_tol_m : NET_MERGE_TOL_M);
	g->nlinks = l->n;
	g->link_node = xmalloc((2 * (size_t)l->n + 1) * sizeof(*g->link_node));
	len_m = xmalloc(((size_t)l->n + 1) * sizeof(*len_m));
	for (i = 0; i < l->n; i++) {
		const struct net_link *k = &l->v[i];
		const double *p = l->xy + 2 * (size_t)k->first_pt;

		if (k->npts < 2) {
			rc = le_errf(err, LE_EDATA, "road link %d has fewer than 2 points", i + 1);
			goto done;
		}
		if (nd.n >= UINT32_MAX - 2) {
			rc = le_errf(err, LE_EDATA, "road network has more than %u nodes",
				     UINT32_MAX - 2);
			goto done;
		}
		/* Ends in link order: the node numbering the header promises. */
		g->link_node[2 * i] = node_of(&nd, k->start_node, p[0], p[1]);
		g->link_node[2 * i + 1] = node_of(&nd, k->end_node, p[2 * k->npts - 2],
						  p[2 * k->npts - 1]);
		len_m[i] = net_link_length_m(l, i);
		if ((i & 0xFFFF) == 0xFFFF)
			le_progress_update(&prog, 60.0 * i / l->n);
	}
	le_progress_update(&prog, 60);
	g->nnodes = nd.n;
	/* The node table's coordinates become the graph's. */
	g->xy = nd.xy ? nd.xy : xmalloc(2 * sizeof(*g->xy));
	nd.xy = NULL;
	order_nodes(g);
	le_progress_update(&prog, 70);
	/* One CSR per mode rather than flags per arc: a search then reads
	 * only arcs it may use, and a mode's arrays stay dense. */
	for (m = 0; m < NET_NMODES; m++) {
		build_csr(g, l, len_m, sp, m);
		le_progress_update(&prog, 80 + 10 * m);
	}
	link_data(g, l, len_m, sp);
	components(g);
done:
	le_progress_end(&prog, rc == LE_OK);
	free(len_m);
	nodes_release(&nd);
	return rc;
}

void net_graph_release(struct net_graph *g)
{
	int m;

	if (!g)
		return;
	free(g->xy);
	for (m = 0; m < NET_NMODES; m++) {
		free(g->mode[m].off);
		free(g->mode[m].arcs);
		free(g->mcomp[m]);
		free(g->mcomp_size[m]);
		free(g->link_time_cs[m]);
		free(g->link_dirs[m]);
	}
	free(g->link_ipt);
	free(g->link_xy);
	free(g->link_dist_cm);
	free(g->link_node);
	free(g->comp);
	free(g->comp_size);
	memset(g, 0, sizeof(*g));
	g->largest_comp = -1;
}
