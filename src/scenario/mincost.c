/*
 * mincost.c: the capacity allocation's transportation problem solved as
 * a min-cost flow by successive shortest paths with potentials.
 *
 *   minimise   sum_a cost[a] x[a] + unplaced_cost * sum_i u[i]
 *   subject to sum_{a from i} x[a] + u[i] = supply[i]   (every source)
 *              sum_{a to j} x[a] <= cap[j]               (capped sinks)
 *              x, u >= 0
 *
 * Network: source i -> sink j along each arc (cost[a], no upper bound),
 * sink j -> T (cost 0, capacity cap[j]), source i -> T directly (the
 * unplaced arc, cost unplaced_cost, no bound). T takes everything.
 *
 * Why not a general LP (GLPK, kept as the tests' reference in
 * mincost_lp.c): most of a region's keys simply go to their nearest
 * school, and a simplex still pivots through them; at 42,000 keys that
 * took seconds per year. Here the start is that answer:
 *  - every source sends its whole supply along its cheapest arc (or
 *    unplaced, if cheaper). With potentials p(i) = -(that cost) and
 *    p(j) = p(T) = 0 every residual arc has reduced cost
 *    c(u,v) + p(u) - p(v) >= 0, so this pseudo-flow is optimal for the
 *    loads it gives: the only thing wrong is sinks above capacity;
 *  - each such sink's excess is sent to T along a shortest residual path
 *    (Dijkstra on reduced costs, from that one sink): back along an arc
 *    that carries flow to its source, on to another candidate, ..., to a
 *    sink with places left or to the unplaced arc. The bottleneck is the
 *    excess, a reverse arc's flow or the last sink's places, so every
 *    augmentation uses up one of them exactly (amounts are real: no
 *    rounding of pupils, "nothing lost" holds);
 *  - Dijkstra stops when T is settled at distance D, and only the nodes
 *    settled so far have their potential lowered by D - d(v): the usual
 *    update p += min(d, D) shifted by the constant D. Reduced costs stay
 *    >= 0 and the shortest path's become 0, which is all successive
 *    shortest paths needs, and the work is local: an overfull school
 *    looks only as far as the nearest free places.
 * When no sink is above capacity, no residual path of negative cost is
 * left (reduced costs >= 0 on every residual arc), so the flow is
 * optimal; the tests check it against GLPK and against brute force.
 *
 * Why integer costs: costs are converted to int64 micrometres (cost x
 * 1e6, rounded), so reduced costs are exact, never -1e-12 from
 * cancellation; Dijkstra's invariants then hold exactly and ties are
 * broken by node index, so equal inputs give equal flows, byte for
 * byte. The rounding (0.5 um per unit of flow) is far below what the
 * KPIs print. |cost| and unplaced_cost must stay below 1e9 (metres), so
 * that potentials (bounded by sums of costs over paths) fit in int64.
 *
 * Invariants: flow and unplaced add up to each supply (unplaced is
 * taken from the balance at the end, clamped at 0); every capped sink
 * ends at or below its capacity; a sink still above capacity after an
 * augmentation has its load summed afresh from its arcs, so it always
 * has flow to send back (a path to T exists); library code, so nothing
 * is printed.
 */
#include "scenario/scenario.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Cost units per metre (micrometres): see the file comment. */
#define COST_SCALE 1e6
#define COST_MAX 1e9

/* A heap entry: tentative distance, node; ordered by (dist, node) so
 * that ties never depend on insertion order. */
struct hent {
	int64_t d;
	int v;
};

struct heap {
	struct hent *h;
	int n, alloc;
};

static int hless(const struct hent *a, const struct hent *b)
{
	return a->d < b->d || (a->d == b->d && a->v < b->v);
}

static void heap_push(struct heap *hp, int64_t d, int v)
{
	int i;

	ALLOC_GROW(hp->h, hp->n + 1, hp->alloc);
	i = hp->n++;
	hp->h[i].d = d;
	hp->h[i].v = v;
	while (i > 0 && hless(&hp->h[i], &hp->h[(i - 1) / 2])) {
		struct hent t = hp->h[i];

		hp->h[i] = hp->h[(i - 1) / 2];
		hp->h[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static struct hent heap_pop(struct heap *hp)
{
	struct hent top = hp->h[0];
	int i = 0;

	hp->h[0] = hp->h[--hp->n];
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i;

		if (l < hp->n && hless(&hp->h[l], &hp->h[m]))
			m = l;
		if (r < hp->n && hless(&hp->h[r], &hp->h[m]))
			m = r;
		if (m == i)
			break;
		{
			struct hent t = hp->h[i];

			hp->h[i] = hp->h[m];
			hp->h[m] = t;
		}
		i = m;
	}
	return top;
}

/*
 * The solver's state. Nodes: sources 0 .. nsrc - 1, sinks nsrc ..
 * nsrc + nsnk - 1, T = nsrc + nsnk. Arcs are reached through two CSR
 * indices (out of each source, into each sink), both in arc order.
 */
struct mcf {
	int nsrc, nsnk, narcs, T;
	const double *cap;
	const int *from, *to;
	int64_t *c, ucost;
	int *src_start, *src_arc;       /* arcs out of source i */
	int *snk_start, *snk_arc;       /* arcs into sink j */
	double *flow, *unpl, *load;
	int64_t *p, *d;                 /* potential, distance (this round) */
	int *seen, *done, round;        /* round stamps: d set, settled */
	int *pred;                      /* arc into the node (T: -2 - node) */
	int *settled, nsettled;
	struct heap hp;
};

static void relax(struct mcf *f, int v, int64_t dv, int pred)
{
	if (f->done[v] == f->round)
		return;
	if (f->seen[v] != f->round || dv < f->d[v]) {
		f->seen[v] = f->round;
		f->d[v] = dv;
		f->pred[v] = pred;
		heap_push(&f->hp, dv, v);
	}
}

/*
 * One shortest path from the overfull sink node s to T; returns 1 with
 * pred[] filled and potentials updated, 0 if T cannot be reached (it
 * always can while s carries flow: the unplaced arc is unbounded).
 */
static int shortest(struct mcf *f, int s)
{
	int64_t D = 0;
	int found = 0, i;

	f->round++;
	f->hp.n = 0;
	f->nsettled = 0;
	relax(f, s, 0, -1);
	while (f->hp.n > 0) {
		struct hent e = heap_pop(&f->hp);
		int v = e.v;

		if (f->done[v] == f->round || e.d != f->d[v])
			continue;   /* a stale entry */
		if (v == f->T) {
			D = e.d;
			found = 1;
			break;
		}
		f->done[v] = f->round;
		f->settled[f->nsettled++] = v;
		if (v < f->nsrc) {
			/* Source: on to any candidate, or unplaced. */
			for (i = f->src_start[v]; i < f->src_start[v + 1]; i++) {
				int a = f->src_arc[i], w = f->nsrc + f->to[a];

				relax(f, w, e.d + f->c[a] + f->p[v] - f->p[w], a);
			}
			relax(f, f->T, e.d + f->ucost + f->p[v] - f->p[f->T], -2 - v);
		} else {
			int j = v - f->nsrc;

			/* Sink: done if it has places left, else back to a
			 * source that sends it pupils. */
			if (f->cap[j] < 0 || f->load[j] < f->cap[j])
				relax(f, f->T, e.d + f->p[v] - f->p[f->T], -2 - v);
			for (i = f->snk_start[j]; i < f->snk_start[j + 1]; i++) {
				int a = f->snk_arc[i], w = f->from[a];

				if (f->flow[a] > 0)
					relax(f, w, e.d - f->c[a] + f->p[v] - f->p[w], a);
			}
		}
	}
	if (!found)
		return 0;
	/* p += min(d, D) - D: only the settled nodes move (see the file
	 * comment); T's distance is D, so T keeps its potential. */
	for (i = 0; i < f->nsettled; i++)
		f->p[f->settled[i]] -= D - f->d[f->settled[i]];
	return 1;
}

/* The load of sink j as the sum of the flows into it, in arc order. */
static double inflow(const struct mcf *f, int j)
{
	double sum = 0;
	int i;

	for (i = f->snk_start[j]; i < f->snk_start[j + 1]; i++)
		sum += f->flow[f->snk_arc[i]];
	return sum;
}

/* Push the most the path to T allows out of overfull sink node s. */
static void augment(struct mcf *f, int s)
{
	int j0 = s - f->nsrc, v = f->T, last = -2 - f->pred[f->T];
	double delta = f->load[j0] - f->cap[j0];

	/* Bottleneck: s's excess, every reverse arc's flow, the last
	 * sink's places (an uncapped sink and the unplaced arc: none). */
	if (last >= f->nsrc && f->cap[last - f->nsrc] >= 0 &&
	    f->cap[last - f->nsrc] - f->load[last - f->nsrc] < delta)
		delta = f->cap[last - f->nsrc] - f->load[last - f->nsrc];
	for (v = last; v != s;) {
		int a = f->pred[v];

		if (v < f->nsrc) {
			if (f->flow[a] < delta)
				delta = f->flow[a];
			v = f->nsrc + f->to[a];
		} else {
			v = f->from[a];
		}
	}
	/* Apply. Whatever set the bottleneck is set exactly (to 0 or to the
	 * capacity), so it is used up, not left at 1e-17. */
	if (last < f->nsrc) {
		f->unpl[last] += delta;
	} else {
		int j = last - f->nsrc;

		if (f->cap[j] >= 0 && f->cap[j] - f->load[j] <= delta)
			f->load[j] = f->cap[j];
		else
			f->load[j] += delta;
	}
	for (v = last; v != s;) {
		int a = f->pred[v];

		if (v < f->nsrc) {
			f->flow[a] = f->flow[a] <= delta ? 0 : f->flow[a] - delta;
			v = f->nsrc + f->to[a];
		} else {
			f->flow[a] += delta;
			v = f->from[a];
		}
	}
	/* The excess used up: s is at capacity. Otherwise (a reverse arc
	 * or a sink's places set the bottleneck) the load is summed afresh
	 * from the arcs into s: kept by subtractions, 0.1 + 0.2 + 0.3 -
	 * 0.1 - 0.2 - 0.3 leaves 5.6e-17 of "excess" with no flow left to
	 * send back, and no path (a sink with no places, such as a held
	 * school its roll fills, must send everything back). */
	if (f->load[j0] - f->cap[j0] <= delta)
		f->load[j0] = f->cap[j0];
	else
		f->load[j0] = inflow(f, j0);
}

/* CSR of arc indices grouped by key[a] (n groups), in arc order. */
static void csr(int n, int narcs, const int *key, int **start, int **arc)
{
	int a, i;
	int *pos;

	*start = xcalloc((size_t)n + 2, sizeof(int));
	*arc = xmalloc(sizeof(int) * ((size_t)narcs + 1));
	for (a = 0; a < narcs; a++)
		(*start)[key[a] + 1]++;
	for (i = 0; i < n; i++)
		(*start)[i + 1] += (*start)[i];
	pos = xmalloc(sizeof(int) * ((size_t)n + 1));
	memcpy(pos, *start, sizeof(int) * (size_t)n);
	for (a = 0; a < narcs; a++)
		(*arc)[pos[key[a]]++] = a;
	free(pos);
}

static int to_units(double cost, int64_t *out)
{
	if (!isfinite(cost) || fabs(cost) > COST_MAX)
		return -1;
	*out = (int64_t)llround(cost * COST_SCALE);
	return 0;
}

int scenario_mincost(int nsrc, const double *supply, int nsnk, const double *cap,
		     int narcs, const int *from, const int *to, const double *cost,
		     double unplaced_cost, double *flow, double *unplaced,
		     struct le_err *err)
{
	struct mcf f;
	int n = nsrc + nsnk + 1, i, j, a, rc = LE_OK;
	long long naug = 0, maxaug;

	memset(&f, 0, sizeof(f));
	if (nsrc == 0)
		return LE_OK;
	f.nsrc = nsrc;
	f.nsnk = nsnk;
	f.narcs = narcs;
	f.T = nsrc + nsnk;
	f.cap = cap;
	f.from = from;
	f.to = to;
	f.flow = flow;
	f.unpl = unplaced;
	f.c = xmalloc(sizeof(int64_t) * ((size_t)narcs + 1));
	f.load = xcalloc((size_t)nsnk + 1, sizeof(double));
	f.p = xcalloc((size_t)n, sizeof(int64_t));
	f.d = xmalloc(sizeof(int64_t) * (size_t)n);
	f.seen = xcalloc((size_t)n, sizeof(int));
	f.done = xcalloc((size_t)n, sizeof(int));
	f.pred = xmalloc(sizeof(int) * (size_t)n);
	f.settled = xmalloc(sizeof(int) * (size_t)n);
	if (to_units(unplaced_cost, &f.ucost)) {
		rc = le_errf(err, LE_EDATA, "capacity allocation: unplaced cost %g out of range", unplaced_cost);
		goto done;
	}
	for (a = 0; a < narcs; a++)
		if (to_units(cost[a], &f.c[a])) {
			rc = le_errf(err, LE_EDATA, "capacity allocation: arc %d cost %g out of range", a, cost[a]);
			goto done;
		}
	for (i = 0; i < nsrc; i++)
		if (!(supply[i] >= 0) || !isfinite(supply[i])) {
			rc = le_errf(err, LE_EDATA, "capacity allocation: source %d supply %g not a count", i, supply[i]);
			goto done;
		}
	csr(nsrc, narcs, from, &f.src_start, &f.src_arc);
	csr(nsnk, narcs, to, &f.snk_start, &f.snk_arc);
	/* The start: each source on its cheapest arc (first in arc order on
	 * a tie, and the caller lists arcs nearest first), or unplaced when
	 * that is cheaper still. p(i) = -(its cost) makes every reduced cost
	 * >= 0 and the used arc's 0. */
	for (a = 0; a < narcs; a++)
		flow[a] = 0;
	for (i = 0; i < nsrc; i++) {
		int best = -1;
		int64_t bc = f.ucost;

		unplaced[i] = 0;
		for (j = f.src_start[i]; j < f.src_start[i + 1]; j++)
			if (f.c[f.src_arc[j]] < bc || (best < 0 && f.c[f.src_arc[j]] == bc)) {
				best = f.src_arc[j];
				bc = f.c[best];
			}
		f.p[i] = -bc;
		if (supply[i] <= 0)
			continue;
		if (best < 0) {
			unplaced[i] = supply[i];
		} else {
			flow[best] = supply[i];
			f.load[to[best]] += supply[i];
		}
	}
	/* Each augmentation uses up an excess, a reverse arc or a sink's
	 * places; the bound only turns a bug into an error instead of a
	 * hang (it is never near on real data). */
	maxaug = 100LL * ((long long)narcs + nsrc + nsnk) + 1000;
	for (j = 0; j < nsnk; j++) {
		while (cap[j] >= 0 && f.load[j] > cap[j]) {
			if (!shortest(&f, nsrc + j) || ++naug > maxaug) {
				rc = le_errf(err, LE_EDATA, "capacity allocation: no augmenting path from sink %d", j);
				goto done;
			}
			augment(&f, nsrc + j);
		}
	}
	/* Unplaced from the balance, so that each source adds up exactly
	 * to its supply whatever the order of additions was. */
	for (i = 0; i < nsrc; i++)
		unplaced[i] = supply[i];
	for (a = 0; a < narcs; a++)
		unplaced[from[a]] -= flow[a];
	for (i = 0; i < nsrc; i++)
		if (unplaced[i] < 1e-9 * (supply[i] > 1 ? supply[i] : 1))
			unplaced[i] = 0;
done:
	free(f.c);
	free(f.load);
	free(f.p);
	free(f.d);
	free(f.seen);
	free(f.done);
	free(f.pred);
	free(f.settled);
	free(f.src_start);
	free(f.src_arc);
	free(f.snk_start);
	free(f.snk_arc);
	free(f.hp.h);
	return rc;
}
