/*
 * test_net.c: unit tests for net's graph, k-nearest search and snapping.
 *
 * The k-nearest search is checked against an independent reference
 * written here: for each source separately, a plain O(V^2) Dijkstra over
 * arcs the test derives from the links by its own reading of the rules,
 * then the k smallest per node. Lengths are whole metres and speeds are
 * chosen so that every time is a whole number of centiseconds: the
 * comparison is exact, not within a tolerance.
 */
#include "testutil.h"

#include "net/net.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static struct le_err err;

/* A straight link from (x0, y0) to (x1, y1) with topology ids sn, en. */
static int line(struct net_links *l, double x0, double y0, double x1, double y1,
		int cls, unsigned flags, long long sn, long long en)
{
	double xy[4];
	int i;

	xy[0] = x0;
	xy[1] = y0;
	xy[2] = x1;
	xy[3] = y1;
	i = net_links_add(l, xy, 2, cls, flags);
	l->v[i].start_node = sn;
	l->v[i].end_node = en;
	return i;
}

static void build(struct net_graph *g, const struct net_links *l, double tol_m)
{
	struct net_speeds sp = net_speeds_default();

	le_err_clear(&err);
	ck_assert_msg(net_graph_build(g, l, &sp, tol_m, &err) == LE_OK, "%s", err.msg);
}

/* Search mode from one source at node v with no snap leg. */
static void knn1(struct net_knn *r, const struct net_graph *g, int mode,
		 const struct net_source *src, int nsrc, int k)
{
	le_err_clear(&err);
	ck_assert_msg(net_knn_run(r, g, mode, src, nsrc, k, &err) == LE_OK, "%s", err.msg);
}

/*
 * The node at end `end` (0 start, 1 end) of link i. Node ids follow the
 * graph's own order (a Hilbert curve), so tests name nodes by the link
 * ends they were built from, never by number.
 */
static uint32_t at(const struct net_graph *g, int i, int end)
{
	return g->link_node[2 * i + end];
}

/* Label j of node v: its source, or -1 when the node has fewer labels. */
static int lab_src(const struct net_knn *r, uint32_t v, int j)
{
	return j < r->cnt[v] ? (int)r->lab[(size_t)v * r->k + j].src : -1;
}

static const struct net_label *lab(const struct net_knn *r, uint32_t v, int j)
{
	return &r->lab[(size_t)v * r->k + j];
}

/* ---------------------------------------------------------------- reference */

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	/* xorshift64*: a fixed sequence, the same on every machine. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 33) % n;
}

enum { RV = 40, RL = 120, RS = 12 };

struct rarc { int a, b; uint32_t d_cm, t_cs; };

/* The test's own arc list for a mode, from the link attributes it set. */
static int ref_arcs(const struct net_links *l, int mode, struct rarc *out)
{
	int i, n = 0;

	for (i = 0; i < l->n; i++) {
		const struct net_link *k = &l->v[i];
		int a = (int)k->start_node, b = (int)k->end_node, fwd = 1, back = 1;
		uint32_t d = (uint32_t)k->len_m * 100, t;

		if (k->flags & NET_FERRY)
			t = (uint32_t)k->ferry_s * 100;
		else if (mode == NET_WALK && (k->flags & NET_WALK_OK))
			t = d;          /* 3.6 km/h = 1 m/s: 100 cs per metre */
		else if (mode == NET_DRIVE && (k->flags & NET_DRIVE_OK))
			t = (uint32_t)(k->len_m * 360 / k->speed_kph[NET_DRIVE]);
		else
			continue;
		if (mode == NET_DRIVE && (k->flags & NET_ONEWAY))
			back = 0;
		if (mode == NET_DRIVE && (k->flags & NET_ONEWAY_REV))
			fwd = 0;
		if (fwd) {
			out[n].a = a; out[n].b = b; out[n].d_cm = d; out[n].t_cs = t; n++;
		}
		if (back) {
			out[n].a = b; out[n].b = a; out[n].d_cm = d; out[n].t_cs = t; n++;
		}
	}
	return n;
}

static uint64_t key_of(int mode, uint64_t d, uint64_t t)
{
	return mode == NET_WALK ? d << 32 | t : t << 32 | d;
}

/* Costs from every node to one source (the way pupils travel to a
 * school): O(V^2) Dijkstra from the source over the arcs walked
 * backwards, UINT64_MAX = none. */
static void ref_dijkstra(const struct rarc *arcs, int narcs, int mode, int s,
			 uint64_t start, uint64_t *key)
{
	int done[RV] = { 0 }, v, i;

	for (v = 0; v < RV; v++)
		key[v] = UINT64_MAX;
	key[s] = start;
	for (;;) {
		int u = -1;

		for (v = 0; v < RV; v++)
			if (!done[v] && key[v] != UINT64_MAX && (u < 0 || key[v] < key[u]))
				u = v;
		if (u < 0)
			break;
		done[u] = 1;
		for (i = 0; i < narcs; i++)
			if (arcs[i].b == u) {
				uint64_t nk = key[u] + key_of(mode, arcs[i].d_cm, arcs[i].t_cs);

				if (nk < key[arcs[i].a])
					key[arcs[i].a] = nk;
			}
	}
}

struct rlab { uint64_t key; int src; };

static int rlab_cmp(const void *pa, const void *pb)
{
	const struct rlab *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->src - b->src;
}

/* One random graph: links on test nodes 0..RV-1 named by topology ids. */
static void random_links(struct net_links *l)
{
	static const double drive_kph[3] = { 36, 72, 18 };
	int nl = 1 + (int)rnd(RL), nv = 2 + (int)rnd(RV - 1), i;

	for (i = 0; i < nl; i++) {
		int a = (int)rnd((uint32_t)nv), b = (int)rnd((uint32_t)nv);
		uint32_t f = rnd(100);
		unsigned flags = f < 15 ? NET_WALK_OK : f < 30 ? NET_DRIVE_OK
						      : NET_WALK_OK | NET_DRIVE_OK;
		int k;

		if (rnd(100) < 25)
			flags |= rnd(2) ? NET_ONEWAY : NET_ONEWAY_REV;
		if (rnd(100) < 5)
			flags = NET_FERRY | (flags & (NET_ONEWAY | NET_ONEWAY_REV));
		k = line(l, a * 10.0, (a * 7) % 13, b * 10.0, (b * 7) % 13,
			 NET_RESIDENTIAL, flags, a, b);
		l->v[k].len_m = 1 + rnd(100);
		l->v[k].ferry_s = 1 + rnd(500);
		/* 3.6 km/h = 1 m/s; driving 10, 20 or 5 m/s: whole centiseconds. */
		l->v[k].speed_kph[NET_WALK] = 3.6;
		l->v[k].speed_kph[NET_DRIVE] = drive_kph[rnd(3)];
	}
}

/* Compare one search with the per-source reference, label by label. */
static void check_against_ref(const struct net_links *l, const struct net_graph *g,
			      const struct net_knn *r, const int *src_tnode,
			      const struct net_source *src, int nsrc)
{
	static struct rarc arcs[2 * RL];
	static uint64_t key[RS][RV];
	int narcs = ref_arcs(l, r->mode, arcs), s, t, i;
	int32_t gnode[RV];

	/* Test node -> graph node, through the ends the graph recorded. */
	for (t = 0; t < RV; t++)
		gnode[t] = -1;
	for (i = 0; i < l->n; i++) {
		gnode[l->v[i].start_node] = (int32_t)g->link_node[2 * i];
		gnode[l->v[i].end_node] = (int32_t)g->link_node[2 * i + 1];
	}
	for (s = 0; s < nsrc; s++)
		ref_dijkstra(arcs, narcs, r->mode, src_tnode[s],
			     key_of(r->mode, (uint64_t)src[s].extra_m * 100,
				    (uint64_t)src[s].extra_s * 100), key[s]);
	for (t = 0; t < RV; t++) {
		struct rlab best[RS];
		int nb = 0, j;

		if (gnode[t] < 0)
			continue;
		for (s = 0; s < nsrc; s++)
			if (key[s][t] != UINT64_MAX) {
				best[nb].key = key[s][t];
				best[nb++].src = s;
			}
		qsort(best, (size_t)nb, sizeof(*best), rlab_cmp);
		if (nb > r->k)
			nb = r->k;
		ck_assert_int_eq(r->cnt[gnode[t]], nb);
		for (j = 0; j < nb; j++) {
			const struct net_label *x = lab(r, (uint32_t)gnode[t], j);
			uint64_t d = r->mode == NET_WALK ? best[j].key >> 32 : best[j].key & 0xffffffffu;
			uint64_t tt = r->mode == NET_WALK ? best[j].key & 0xffffffffu : best[j].key >> 32;

			ck_assert_int_eq(x->src, best[j].src);
			ck_assert_uint_eq(x->dist_cm, d);
			ck_assert_uint_eq(x->time_cs, tt);
		}
	}
}

START_TEST(knn_matches_reference)
{
	static const int ks[3] = { 1, 3, 8 };
	int round;

	rng_state = 0x9e3779b97f4a7c15ULL;
	for (round = 0; round < 200; round++) {
		struct net_links l;
		struct net_graph g;
		struct net_source src[RS];
		struct net_knn_job jobs[6];
		int tnode[RS], nsrc, s, j;

		net_links_init(&l);
		random_links(&l);
		build(&g, &l, 0);
		nsrc = 1 + (int)rnd(RS);
		for (s = 0; s < nsrc; s++) {
			/* A source on an end of a random link: a node the
			 * graph has. Two sources may share a node. */
			int li = (int)rnd((uint32_t)l.n), end = (int)rnd(2);

			tnode[s] = (int)(end ? l.v[li].end_node : l.v[li].start_node);
			src[s].node = (int32_t)g.link_node[2 * li + end];
			src[s].extra_m = rnd(3) ? 0 : rnd(50);
			src[s].extra_s = rnd(3) ? 0 : rnd(50);
			src[s].has2 = 0;
		}
		/* Both modes and three k on the thread pool at once. */
		for (j = 0; j < 6; j++) {
			jobs[j].mode = j % 2;
			jobs[j].src = src;
			jobs[j].nsrc = nsrc;
			jobs[j].k = ks[j / 2];
		}
		le_err_clear(&err);
		ck_assert_msg(net_knn_many(&g, jobs, 6, 2, &err) == LE_OK, "%s", err.msg);
		for (j = 0; j < 6; j++) {
			check_against_ref(&l, &g, &jobs[j].out, tnode, src, nsrc);
			net_knn_release(&jobs[j].out);
		}
		net_graph_release(&g);
		net_links_release(&l);
	}
}
END_TEST

/*
 * The same searches on 1, 2, 4 and the default number of threads give
 * the same labels, byte for byte: each job has its own state and the
 * pool only decides which thread runs it. Seven jobs, so 2 and 4
 * threads each take several and finish in varying order.
 */
START_TEST(knn_many_threads_identical)
{
	static const int nth[4] = { 1, 2, 4, 0 };
	struct net_links l;
	struct net_graph g;
	struct net_source src[RS];
	struct net_knn_job jobs[4][7];
	int nsrc = RS, s, j, t;

	rng_state = 0x51f15eedULL;
	net_links_init(&l);
	random_links(&l);
	build(&g, &l, 0);
	/* Zeroed: a source at a junction has no second end (has2 0). */
	memset(src, 0, sizeof(src));
	for (s = 0; s < nsrc; s++) {
		int li = (int)rnd((uint32_t)l.n);

		src[s].node = (int32_t)g.link_node[2 * li];
		src[s].extra_m = rnd(50);
		src[s].extra_s = rnd(50);
	}
	for (t = 0; t < 4; t++) {
		for (j = 0; j < 7; j++) {
			jobs[t][j].mode = j % 2;
			jobs[t][j].src = src + j % 3;
			jobs[t][j].nsrc = nsrc - j % 3;
			jobs[t][j].k = 1 + j;
		}
		le_err_clear(&err);
		ck_assert_msg(net_knn_many(&g, jobs[t], 7, nth[t], &err) == LE_OK, "%s", err.msg);
	}
	for (t = 1; t < 4; t++) {
		for (j = 0; j < 7; j++) {
			const struct net_knn *a = &jobs[0][j].out, *b = &jobs[t][j].out;

			ck_assert_int_eq(a->k, b->k);
			ck_assert_int_eq(a->mode, b->mode);
			ck_assert_uint_eq(a->nnodes, b->nnodes);
			ck_assert(memcmp(a->cnt, b->cnt, a->nnodes) == 0);
			ck_assert(memcmp(a->lab, b->lab, (size_t)a->nnodes * (size_t)a->k *
					 sizeof(*a->lab)) == 0);
		}
	}
	for (t = 0; t < 4; t++)
		for (j = 0; j < 7; j++)
			net_knn_release(&jobs[t][j].out);
	net_graph_release(&g);
	net_links_release(&l);
}
END_TEST

/* ---------------------------------------------------------------- hand-built */

/*
 * A square A(0,0) B(100,0) C(100,100) D(0,100), residential, joined by
 * shared end points: A->B is one-way for cars; B-C-D-A is the way round.
 */
static void oneway_square(struct net_links *l)
{
	net_links_init(l);
	line(l, 0, 0, 100, 0, NET_RESIDENTIAL, NET_WALK_OK | NET_DRIVE_OK | NET_ONEWAY, -1, -1);
	line(l, 100, 0, 100, 100, NET_RESIDENTIAL, NET_WALK_OK | NET_DRIVE_OK, -1, -1);
	line(l, 100, 100, 0, 100, NET_RESIDENTIAL, NET_WALK_OK | NET_DRIVE_OK, -1, -1);
	line(l, 0, 100, 0, 0, NET_RESIDENTIAL, NET_WALK_OK | NET_DRIVE_OK, -1, -1);
}

START_TEST(oneway_drive_only)
{
	struct net_links l;
	struct net_graph g;
	struct net_knn w, d;
	struct net_source src = { 0, 0, 0, -1, 0, 0, 0 };
	uint32_t a, b;

	oneway_square(&l);
	build(&g, &l, 0);
	ck_assert_uint_eq(g.nnodes, 4);
	/* A starts link 0, B ends it; link 3 comes back to A. */
	a = at(&g, 0, 0);
	b = at(&g, 0, 1);
	ck_assert_uint_ne(a, b);
	ck_assert_uint_eq(at(&g, 3, 1), a);
	src.node = (int32_t)b;  /* a school at B */
	ck_assert_uint_eq(g.mode[NET_WALK].narcs, 8);
	ck_assert_uint_eq(g.mode[NET_DRIVE].narcs, 7);
	knn1(&w, &g, NET_WALK, &src, 1, 1);
	knn1(&d, &g, NET_DRIVE, &src, 1, 1);
	/* Labels are trips TO the school. Walking A -> B: 100 m at 4.8
	 * km/h = 75 s. */
	ck_assert_uint_eq(lab(&w, a, 0)->dist_cm, 10000);
	ck_assert_uint_eq(lab(&w, a, 0)->time_cs, 7500);
	/* Driving A -> B takes the one-way the allowed way: 100 m at 32
	 * km/h = 11.25 s. */
	ck_assert_uint_eq(lab(&d, a, 0)->dist_cm, 10000);
	ck_assert_uint_eq(lab(&d, a, 0)->time_cs, 1125);
	net_knn_release(&w);
	net_knn_release(&d);
	/* A school at A: driving B -> A must go round by C and D, 300 m,
	 * 33.75 s. */
	src.node = (int32_t)a;
	knn1(&d, &g, NET_DRIVE, &src, 1, 1);
	ck_assert_uint_eq(lab(&d, b, 0)->dist_cm, 30000);
	ck_assert_uint_eq(lab(&d, b, 0)->time_cs, 3375);
	net_knn_release(&d);
	net_graph_release(&g);
	net_links_release(&l);
}
END_TEST

START_TEST(oneway_reverse_and_ranking)
{
	struct net_links l;
	struct net_graph g;
	struct net_knn d;
	struct net_source src[2] = { { 0, 0, 0, -1, 0, 0, 0 }, { 0, 0, 0, -1, 0, 0, 0 } };
	uint32_t b;
	int i;

	oneway_square(&l);
	/* The same square, A->B now driven only from B to A. */
	l.v[0].flags = NET_WALK_OK | NET_DRIVE_OK | NET_ONEWAY_REV;
	build(&g, &l, 0);
	/* Schools at A and C; B-C and C-D become primary roads. */
	for (i = 1; i <= 2; i++)
		l.v[i].cls = NET_PRIMARY;
	net_graph_release(&g);
	build(&g, &l, 0);
	/* Schools at A (start of link 0) and C (end of link 1). */
	src[0].node = (int32_t)at(&g, 0, 0);
	src[1].node = (int32_t)at(&g, 1, 1);
	b = at(&g, 0, 1);
	knn1(&d, &g, NET_DRIVE, src, 2, 2);
	/* B's nearest by car is C: 100 m primary at 64 km/h = 5.625 s. */
	ck_assert_int_eq(lab_src(&d, b, 0), 1);
	ck_assert_uint_eq(lab(&d, b, 0)->dist_cm, 10000);
	ck_assert_uint_eq(lab(&d, b, 0)->time_cs, 563);
	/* To A: link 0 may be driven from B to A, the way this pupil
	 * goes: 100 m residential, 11.25 s. */
	ck_assert_int_eq(lab_src(&d, b, 1), 0);
	ck_assert_uint_eq(lab(&d, b, 1)->dist_cm, 10000);
	ck_assert_uint_eq(lab(&d, b, 1)->time_cs, 1125);
	net_knn_release(&d);
	/* The other way round: from A to a school at B, oneway=-1 forbids
	 * A -> B, so the car goes by D and C: 100 m residential (11.25 s)
	 * and two primary arcs of 5.63 s. */
	src[0].node = (int32_t)b;
	knn1(&d, &g, NET_DRIVE, src, 1, 1);
	ck_assert_uint_eq(lab(&d, at(&g, 0, 0), 0)->dist_cm, 30000);
	ck_assert_uint_eq(lab(&d, at(&g, 0, 0), 0)->time_cs, 1125 + 2 * 563);
	net_knn_release(&d);
	net_graph_release(&g);
	net_links_release(&l);
}
END_TEST

/*
 * Mainland A(0,0) - B(1000,0) by road; island C(6000,0) - D(6500,0) by
 * road; B - C only by ferry.
 */
static void island(struct net_links *l, double ferry_s)
{
	int f;

	net_links_init(l);
	line(l, 0, 0, 1000, 0, NET_TERTIARY, NET_WALK_OK | NET_DRIVE_OK, -1, -1);
	f = line(l, 1000, 0, 6000, 0, NET_FERRY_ROUTE, NET_FERRY, -1, -1);
	l->v[f].ferry_s = ferry_s;
	line(l, 6000, 0, 6500, 0, NET_TERTIARY, NET_WALK_OK | NET_DRIVE_OK, -1, -1);
}

START_TEST(ferry_crossing)
{
	struct net_links l;
	struct net_graph g;
	struct net_knn w, d;
	struct net_source src = { 0, 0, 0, -1, 0, 0, 0 };

	island(&l, 1800);
	build(&g, &l, 0);
	ck_assert_uint_eq(g.nnodes, 4);
	/* A school at A; C and D are the island's ends of links 1 and 2. */
	src.node = (int32_t)at(&g, 0, 0);
	ck_assert_int_eq(g.ncomp, 1);
	knn1(&w, &g, NET_WALK, &src, 1, 1);
	knn1(&d, &g, NET_DRIVE, &src, 1, 1);
	/* D: 1000 m road + 5000 m crossing of 30 min + 500 m road. */
	ck_assert_uint_eq(lab(&d, at(&g, 2, 1), 0)->dist_cm, 650000);
	/* 1500 m at 48 km/h = 112.5 s, plus 1800 s. */
	ck_assert_uint_eq(lab(&d, at(&g, 2, 1), 0)->time_cs, 11250 + 180000);
	/* On foot: 1500 m at 4.8 km/h = 1125 s, plus the same crossing. */
	ck_assert_uint_eq(lab(&w, at(&g, 2, 1), 0)->time_cs, 112500 + 180000);
	net_knn_release(&w);
	net_knn_release(&d);
	net_graph_release(&g);
	net_links_release(&l);

	/* No crossing time: 5000 m at the ferry's 20 km/h = 900 s. */
	island(&l, 0);
	build(&g, &l, 0);
	src.node = (int32_t)at(&g, 0, 0);
	knn1(&d, &g, NET_DRIVE, &src, 1, 1);
	ck_assert_uint_eq(lab(&d, at(&g, 1, 1), 0)->time_cs, 7500 + 90000);
	net_knn_release(&d);
	net_graph_release(&g);
	net_links_release(&l);

	/* A table source says "ferry" by class only, without the flag. */
	island(&l, 0);
	l.v[1].flags = NET_WALK_OK | NET_DRIVE_OK;
	build(&g, &l, 0);
	src.node = (int32_t)at(&g, 0, 0);
	knn1(&d, &g, NET_DRIVE, &src, 1, 1);
	ck_assert_uint_eq(lab(&d, at(&g, 1, 1), 0)->time_cs, 7500 + 90000);
	net_knn_release(&d);
	net_graph_release(&g);
	net_links_release(&l);

	/* Without the ferry the island is cut off. */
	island(&l, 1800);
	l.v[1].flags = 0;
	l.v[1].cls = NET_TERTIARY;
	build(&g, &l, 0);
	ck_assert_int_eq(g.ncomp, 2);
	src.node = (int32_t)at(&g, 0, 0);
	knn1(&d, &g, NET_DRIVE, &src, 1, 1);
	ck_assert_int_eq(d.cnt[at(&g, 1, 1)], 0);
	ck_assert_int_eq(d.cnt[at(&g, 2, 1)], 0);
	net_knn_release(&d);
	net_graph_release(&g);
	net_links_release(&l);
}
END_TEST

START_TEST(endpoint_merge)
{
	struct net_links l;
	struct net_graph g;
	unsigned f = NET_WALK_OK | NET_DRIVE_OK;

	net_links_init(&l);
	line(&l, 0, 0, 100, 0, NET_RESIDENTIAL, f, -1, -1);
	/* 5 mm from the first line's end: the same node. */
	line(&l, 100.005, 0, 200, 0, NET_RESIDENTIAL, f, -1, -1);
	/* 2 cm away: a different node at the default 1 cm tolerance. */
	line(&l, 100.02, 0, 100, 50, NET_RESIDENTIAL, f, -1, -1);
	/* Across a cell border of the hash (x = 200 sits on one). */
	line(&l, 199.996, 0.003, 300, 0, NET_RESIDENTIAL, f, -1, -1);
	build(&g, &l, 0);
	ck_assert_uint_eq(g.nnodes, 6);
	ck_assert_uint_eq(g.link_node[1], g.link_node[2]);
	ck_assert_uint_ne(g.link_node[4], g.link_node[1]);
	ck_assert_uint_eq(g.link_node[3], g.link_node[6]);
	/* The node keeps the first end point's coordinates. */
	ck_assert(g.xy[2 * g.link_node[1]] == 100);
	net_graph_release(&g);

	/* With a 5 cm tolerance the 2 cm end joins too. */
	build(&g, &l, 0.05);
	ck_assert_uint_eq(g.nnodes, 5);
	ck_assert_uint_eq(g.link_node[4], g.link_node[1]);
	net_graph_release(&g);

	/* Source ids win over coordinates: two ids at one place stay two
	 * nodes (a bridge over a road), and a plain end joins the first. */
	net_links_release(&l);
	net_links_init(&l);
	line(&l, 0, 0, 100, 0, NET_RESIDENTIAL, f, 7, 8);
	line(&l, 50, -50, 100, 0, NET_RESIDENTIAL, f, 9, 10);
	line(&l, 100, 0, 100, 100, NET_RESIDENTIAL, f, -1, 11);
	build(&g, &l, 0);
	ck_assert_uint_eq(g.nnodes, 5);
	ck_assert_uint_ne(g.link_node[1], g.link_node[3]);
	ck_assert_uint_eq(g.link_node[4], g.link_node[1]);
	net_graph_release(&g);
	net_links_release(&l);
}
END_TEST

START_TEST(graph_lengths_and_errors)
{
	struct net_links l;
	struct net_graph g;
	struct net_speeds sp = net_speeds_default();
	double xy[6] = { 0, 0, 30, 40, 30, 100 };
	int i;

	net_links_init(&l);
	/* A polyline's length is summed over its segments: 50 + 60 m. */
	i = net_links_add(&l, xy, 3, NET_PATH, NET_WALK_OK | NET_DRIVE_OK);
	build(&g, &l, 0);
	ck_assert_uint_eq(g.mode[NET_WALK].arcs[0].dist_cm, 11000);
	/* A path has no driving speed: no arc for cars even if flagged. */
	ck_assert_uint_eq(g.mode[NET_DRIVE].narcs, 0);
	net_graph_release(&g);
	/* A given length wins over the geometry; an explicit speed over the
	 * class default. */
	l.v[i].len_m = 123;
	l.v[i].speed_kph[NET_DRIVE] = 36;
	build(&g, &l, 0);
	ck_assert_uint_eq(g.mode[NET_DRIVE].arcs[0].dist_cm, 12300);
	ck_assert_uint_eq(g.mode[NET_DRIVE].arcs[0].time_cs, 1230);
	net_graph_release(&g);
	/* Motorways: no walking. */
	l.v[i].cls = NET_MOTORWAY;
	build(&g, &l, 0);
	ck_assert_uint_eq(g.mode[NET_WALK].narcs, 0);
	net_graph_release(&g);
	/* A link of one point is refused with its number. */
	net_links_add(&l, xy, 1, NET_RESIDENTIAL, NET_WALK_OK);
	le_err_clear(&err);
	ck_assert_int_eq(net_graph_build(&g, &l, &sp, 0, &err), LE_EDATA);
	ck_assert_str_eq(err.msg, "road link 2 has fewer than 2 points");
	net_graph_release(&g);
	net_links_release(&l);
}
END_TEST

START_TEST(components_counted)
{
	struct net_links l;
	struct net_graph g;

	net_links_init(&l);
	/* Piece 1: a walk-only and a drive-only link through node 2, and a
	 * one-way link: 4 nodes. */
	line(&l, 0, 0, 10, 0, NET_RESIDENTIAL, NET_WALK_OK, 1, 2);
	line(&l, 10, 0, 20, 0, NET_RESIDENTIAL, NET_DRIVE_OK, 2, 3);
	line(&l, 20, 0, 30, 0, NET_RESIDENTIAL, NET_DRIVE_OK | NET_ONEWAY, 3, 4);
	/* Piece 2: two nodes. */
	line(&l, 0, 50, 10, 50, NET_RESIDENTIAL, NET_WALK_OK, 5, 6);
	/* Pieces 3 and 4: a link nobody may use leaves its ends apart. */
	line(&l, 0, 90, 10, 90, NET_RESIDENTIAL, 0, 7, 8);
	/* Piece 1 again, joined late through a higher-numbered node. */
	line(&l, 40, 0, 30, 0, NET_RESIDENTIAL, NET_WALK_OK, 9, 4);
	build(&g, &l, 0);
	ck_assert_uint_eq(g.nnodes, 9);
	ck_assert_int_eq(g.ncomp, 4);
	ck_assert_int_eq(g.largest_comp, 0);
	ck_assert_uint_eq(g.comp_size[0], 5);
	ck_assert_uint_eq(g.comp_size[1], 2);
	ck_assert_uint_eq(g.comp_size[2], 1);
	ck_assert_uint_eq(g.comp_size[3], 1);
	ck_assert_uint_eq(g.comp[g.link_node[10]], 0);
	ck_assert_uint_eq(g.comp[g.link_node[9]], 3);
	net_graph_release(&g);
	net_links_release(&l);
}
END_TEST

/* ---------------------------------------------------------------- snapping */

START_TEST(snap_and_fallback)
{
	struct net_links l;
	struct net_graph g;
	struct net_snap_opts o;
	struct net_snap sch[2], zon[3];
	struct net_source src[2];
	struct net_knn w;
	struct net_table t;
	double sxy[4] = { 10, 3, 990, -4 };           /* schools by the road */
	double zxy[6] = { 500, 30, 5000, 4000, 60, 0 };
	unsigned f = NET_WALK_OK | NET_DRIVE_OK;
	int i;

	net_links_init(&l);
	/* A straight road of 10 links, 100 m each, nodes every 100 m. */
	for (i = 0; i < 10; i++)
		line(&l, i * 100.0, 0, i * 100.0 + 100, 0, NET_RESIDENTIAL, f, -1, -1);
	/* A stub far away: a small component, not usable for snapping. */
	line(&l, 5000, 3990, 5000, 3980, NET_RESIDENTIAL, f, -1, -1);
	build(&g, &l, 0);
	ck_assert_int_eq(g.ncomp, 2);
	net_snap_opts_default(&o);
	/* The node rule (snap = node); snap_onto_link tests the default. */
	o.to = NET_SNAP_NODE;
	/* On 13 nodes the default 1 % rule would admit the 2-node stub. */
	o.min_comp_frac = 0.2;
	ck_assert_int_eq(net_snap_points(&g, sxy, 2, -1, &o, sch, &err), LE_OK);
	ck_assert_int_eq(net_snap_points(&g, zxy, 3, -1, &o, zon, &err), LE_OK);
	/* The node at x = 100 i starts link i (x = 1000 ends link 9). */
	ck_assert(sch[0].node == (int32_t)at(&g, 0, 0) &&
		  fabs(sch[0].snap_m - hypot(10, 3)) < 1e-9);
	ck_assert(sch[1].node == (int32_t)at(&g, 9, 1) &&
		  fabs(sch[1].snap_m - hypot(10, 4)) < 1e-9);
	/* (500, 30) is 30 m above the node at x = 500. */
	ck_assert(zon[0].node == (int32_t)at(&g, 5, 0) && fabs(zon[0].snap_m - 30) < 1e-9);
	/* 10 m from the stub, but the stub is not usable; the road is
	 * more than 2 km away: fallback. */
	ck_assert_int_eq(zon[1].node, -1);
	/* (60, 0): 60 m from the node at x = 0, 40 m from x = 100. */
	ck_assert(zon[2].node == (int32_t)at(&g, 1, 0) && fabs(zon[2].snap_m - 40) < 1e-9);

	net_sources_from_snaps(sch, 2, NET_WALK, &o, src);
	knn1(&w, &g, NET_WALK, src, 2, 2);
	ck_assert_int_eq(net_table_build(&t, &w, zon, 3, sch, 2, &o, &err), LE_OK);
	/* Zone 0 by the network: 30 m snap + 500 m + school 0's snap. */
	ck_assert_int_eq(t.n[0], 2);
	ck_assert_int_eq(t.v[0].method, NET_BY_NETWORK);
	ck_assert_int_eq(t.v[0].school, 0);
	ck_assert(fabs(t.v[0].dist_m - (30 + 500 + hypot(10, 3))) < 0.01);
	ck_assert(fabs(t.v[0].time_s - t.v[0].dist_m / (4.8 / 3.6)) < 0.01);
	/* Zone 1 in a straight line times 1.3, nearest first: school 1 at
	 * (990, -4) is nearer (5000, 4000) than school 0 at (10, 3). */
	ck_assert_int_eq(t.n[1], 2);
	ck_assert_int_eq(t.v[2].method, NET_BY_STRAIGHT_LINE);
	ck_assert_int_eq(t.v[2].school, 1);
	ck_assert(fabs(t.v[2].dist_m - hypot(4010, 4004) * 1.3) < 1e-6);
	ck_assert(fabs(t.v[2].time_s - hypot(4010, 4004) * 1.3 / (4.8 / 3.6)) < 1e-6);
	ck_assert_int_eq(t.v[3].school, 0);
	ck_assert(fabs(t.v[3].dist_m - hypot(4990, 3997) * 1.3) < 1e-6);
	ck_assert_str_eq(net_method_name(t.v[3].method), "straight line");
	net_table_release(&t);
	net_knn_release(&w);

	/* A school off the network is still offered to a zone on it, in a
	 * straight line, ranked among the network pairs. */
	sch[1].node = -1;
	net_sources_from_snaps(sch, 2, NET_WALK, &o, src);
	knn1(&w, &g, NET_WALK, src, 2, 2);
	ck_assert_int_eq(net_table_build(&t, &w, zon, 3, sch, 2, &o, &err), LE_OK);
	ck_assert_int_eq(t.n[2], 2);
	ck_assert_int_eq(t.v[4].school, 0);
	ck_assert_int_eq(t.v[4].method, NET_BY_NETWORK);
	ck_assert(fabs(t.v[4].dist_m - (40 + 100 + hypot(10, 3))) < 0.01);
	ck_assert_int_eq(t.v[5].school, 1);
	ck_assert_int_eq(t.v[5].method, NET_BY_STRAIGHT_LINE);
	ck_assert(fabs(t.v[5].dist_m - hypot(930, 4) * 1.3) < 1e-6);
	net_table_release(&t);
	net_knn_release(&w);
	net_graph_release(&g);
	net_links_release(&l);
}
END_TEST

START_TEST(snap_matches_brute_force)
{
	struct net_links l;
	struct net_graph g;
	struct net_snap_opts o;
	struct net_snap s[300];
	double q[600];
	int i, n;

	rng_state = 12345;
	net_links_init(&l);
	/* 400 short random links over 10 x 5 km, ends merged by position. */
	for (i = 0; i < 400; i++) {
		double x = rnd(10000), y = rnd(5000);

		line(&l, x, y, x + rnd(200), y + rnd(200), NET_RESIDENTIAL,
		     NET_WALK_OK, -1, -1);
	}
	build(&g, &l, 0);
	net_snap_opts_default(&o);
	o.to = NET_SNAP_NODE;
	o.tol_m = 700;
	/* Random links rarely touch: let every piece be usable. */
	o.min_comp_nodes = 1;
	/* Queries inside and well outside the nodes' box. */
	for (i = 0; i < 300; i++) {
		q[2 * i] = (double)rnd(14000) - 2000;
		q[2 * i + 1] = (double)rnd(9000) - 2000;
	}
	ck_assert_int_eq(net_snap_points(&g, q, 300, -1, &o, s, &err), LE_OK);
	for (i = 0, n = 0; i < 300; i++) {
		double best = INFINITY;
		int32_t bv = -1;
		uint32_t v;

		for (v = 0; v < g.nnodes; v++) {
			double d = hypot(g.xy[2 * v] - q[2 * i], g.xy[2 * v + 1] - q[2 * i + 1]);

			if (d < best) {
				best = d;
				bv = (int32_t)v;
			}
		}
		if (best > o.tol_m)
			bv = -1;
		ck_assert_int_eq(s[i].node, bv);
		n += bv < 0;
	}
	/* Both kinds of answer were exercised. */
	ck_assert(n > 0 && n < 300);
	net_graph_release(&g);
	net_links_release(&l);
}
END_TEST

/*
 * Snap zones and schools onto g for mode and build the zone-to-school
 * table, as net_travel does for one set.
 */
static void link_table(struct net_table *t, const struct net_graph *g, int mode,
		       const double *zxy, int nz, const double *sxy, int ns,
		       const struct net_snap_opts *o, struct net_snap *zs, struct net_snap *ss)
{
	struct net_source src[8];
	struct net_knn w;

	ck_assert_int_eq(net_snap_points(g, zxy, nz, mode, o, zs, &err), LE_OK);
	ck_assert_int_eq(net_snap_points(g, sxy, ns, mode, o, ss, &err), LE_OK);
	net_sources_from_snaps(ss, ns, mode, o, src);
	knn1(&w, g, mode, src, ns, 4);
	ck_assert_int_eq(net_table_build(t, &w, zs, nz, ss, ns, o, &err), LE_OK);
	net_knn_release(&w);
}

/* Zone z's row for school s in t (k = 4), or NULL. */
static const struct net_pair *row_of(const struct net_table *t, int z, int s)
{
	int j;

	for (j = 0; j < t->n[z]; j++)
		if (t->v[(size_t)z * t->k + j].school == s)
			return &t->v[(size_t)z * t->k + j];
	return NULL;
}

/*
 * Issue 15 item 3: a point beside a long road joins it at its nearest
 * point, not at the nearest junction. A 5 km road L0 from A (0, 0) to B
 * (5000, 0), a 3 km road L1 from B north to C (5000, 3000). All
 * residential: walking 4.8 km/h = 0.75 s a metre, the snap leg too.
 */
START_TEST(snap_onto_link)
{
	struct net_links l;
	struct net_graph g;
	struct net_snap_opts o;
	struct net_snap zs[3], ss[2];
	struct net_table t;
	const struct net_pair *p;
	/* Z0 beside L0 at 1 km from A (A is its nearest junction, behind
	 * it); Z1 at 3 km, 40 m off; Z2 1,500 m from L0 and farther than
	 * 2 km from every junction. */
	double zxy[6] = { 1000, 30, 3000, 40, 2500, 1500 };
	/* S0 on L0 itself, 25 m south at 4 km; S1 10 m east of L1 at 2 km. */
	double sxy[4] = { 4000, -25, 5010, 2000 };
	unsigned f = NET_WALK_OK | NET_DRIVE_OK;

	net_links_init(&l);
	line(&l, 0, 0, 5000, 0, NET_RESIDENTIAL, f, -1, -1);
	line(&l, 5000, 0, 5000, 3000, NET_RESIDENTIAL, f, -1, -1);
	build(&g, &l, 0);
	net_snap_opts_default(&o);
	ck_assert_int_eq(o.to, NET_SNAP_LINK);
	link_table(&t, &g, NET_WALK, zxy, 3, sxy, 2, &o, zs, ss);
	/* The snaps: onto L0 at x = 1000, 30 m; S1 onto L1 at 2 km. */
	ck_assert_int_eq(zs[0].link, 0);
	ck_assert(fabs(zs[0].snap_m - 30) < 1e-9 && fabs(zs[0].pos_m - 1000) < 1e-9);
	ck_assert(fabs(zs[0].sx - 1000) < 1e-9 && fabs(zs[0].sy) < 1e-9);
	ck_assert_int_eq(ss[1].link, 1);
	ck_assert(fabs(ss[1].snap_m - 10) < 1e-9 && fabs(ss[1].pos_m - 2000) < 1e-9);
	/* Z0 -> S1: 30 m leg, 4,000 m on to B, 2,000 m up L1, 10 m leg:
	 * 6,040 m (the nearest junction A would have sent the pupil back
	 * 1 km first: 1,000.45 + 5,000 + 3,000 + 1,000.05 m). */
	p = row_of(&t, 0, 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(p->method, NET_BY_NETWORK);
	ck_assert(fabs(p->dist_m - 6040) < 0.01);
	ck_assert(fabs(p->time_s - 6040 * 0.75) < 0.01);
	ck_assert(fabs(p->zone_snap_m - 30) < 1e-9 && fabs(p->school_snap_m - 10) < 1e-9);
	/* Z1 -> S0 on the same link: along it, 40 + 1,000 + 25 m, not
	 * out to B and back (3,065 m). */
	p = row_of(&t, 1, 0);
	ck_assert(fabs(p->dist_m - 1065) < 0.01);
	ck_assert(fabs(p->time_s - 1065 * 0.75) < 0.01);
	/* Z1 -> S1: 40 + 2,000 + 2,000 + 10. */
	ck_assert(fabs(row_of(&t, 1, 1)->dist_m - 4050) < 0.01);
	/* Z2 is 1,500 m from L0, within the 2 km tolerance: on the network
	 * (1,500 + 2,500 + 2,000 + 10 m), where the node rule finds no
	 * junction within 2 km. */
	ck_assert_int_eq(zs[2].link, 0);
	p = row_of(&t, 2, 1);
	ck_assert_int_eq(p->method, NET_BY_NETWORK);
	ck_assert(fabs(p->dist_m - 6010) < 0.01);
	net_table_release(&t);

	/* Beyond the tolerance: no snap, straight line times the detour
	 * factor for every school, flagged as such, no snap distances. */
	o.tol_m = 1000;
	link_table(&t, &g, NET_WALK, zxy, 3, sxy, 2, &o, zs, ss);
	ck_assert_int_eq(zs[2].node, -1);
	ck_assert_int_eq(zs[2].link, -1);
	p = row_of(&t, 2, 0);
	ck_assert_int_eq(p->method, NET_BY_STRAIGHT_LINE);
	ck_assert(fabs(p->dist_m - hypot(1500, 1525) * 1.3) < 1e-6);
	ck_assert(p->zone_snap_m == 0 && p->school_snap_m == 0);
	net_table_release(&t);

	/* snap = node: today's rule. Z0 joins at A, 1,000.45 m away. */
	o.tol_m = 2000;
	o.to = NET_SNAP_NODE;
	link_table(&t, &g, NET_WALK, zxy, 3, sxy, 2, &o, zs, ss);
	ck_assert_int_eq(zs[0].link, -1);
	ck_assert(fabs(zs[0].snap_m - hypot(1000, 30)) < 1e-9);
	ck_assert(fabs(row_of(&t, 0, 1)->dist_m - (hypot(1000, 30) + 8000 + hypot(10, 1000))) < 0.01);
	ck_assert_int_eq(zs[2].node, -1);
	net_table_release(&t);
	/* A graph without its link arrays (a cache that did not keep them)
	 * is refused for snap = link, never snapped some other way. */
	free(g.link_ipt);
	g.link_ipt = NULL;
	o.to = NET_SNAP_LINK;
	le_err_clear(&err);
	ck_assert_int_eq(net_snap_points(&g, zxy, 3, NET_WALK, &o, zs, &err), LE_EUSAGE);
	ck_assert_str_eq(err.msg, "the road graph has no link lines to snap onto (snap = link): rebuild it from the roads");
	net_graph_release(&g);
	net_links_release(&l);
}
END_TEST

/*
 * Driving keeps one-way rules on the snapped link too. L0 (A -> B) is
 * one-way east; a two-way loop B (5000, 0) -> (5000, -1000) -> (0,
 * -1000) -> A brings a driver back. Residential: 32 km/h on the road and
 * on the snap leg, 0.1125 s a metre.
 */
START_TEST(snap_link_oneway)
{
	struct net_links l;
	struct net_graph g;
	struct net_snap_opts o;
	struct net_snap zs[1], ss[2];
	struct net_table t;
	const struct net_pair *p;
	double zxy[2] = { 3000, 40 };
	/* S0 ahead of the zone on L0, S2 behind it. */
	double sxy[4] = { 4000, -25, 1000, -25 };
	unsigned f = NET_WALK_OK | NET_DRIVE_OK;

	net_links_init(&l);
	line(&l, 0, 0, 5000, 0, NET_RESIDENTIAL, f | NET_ONEWAY, -1, -1);
	line(&l, 5000, 0, 5000, -1000, NET_RESIDENTIAL, f, -1, -1);
	line(&l, 5000, -1000, 0, -1000, NET_RESIDENTIAL, f, -1, -1);
	line(&l, 0, -1000, 0, 0, NET_RESIDENTIAL, f, -1, -1);
	build(&g, &l, 0);
	net_snap_opts_default(&o);
	link_table(&t, &g, NET_DRIVE, zxy, 1, sxy, 2, &o, zs, ss);
	ck_assert_int_eq(zs[0].link, 0);
	/* The zone may leave only eastwards, a school be entered only from A. */
	ck_assert(!zs[0].end[0].leave && zs[0].end[1].leave);
	ck_assert(ss[1].end[0].enter && !ss[1].end[1].enter);
	/* Ahead: along the link, 40 + 1,000 + 25 m. */
	p = row_of(&t, 0, 0);
	ck_assert(fabs(p->dist_m - 1065) < 0.01);
	ck_assert(fabs(p->time_s - 1065 * 0.1125) < 0.01);
	/* Behind: not back along L0 (2,065 m) but on to B, round the loop
	 * to A and along L0 again: 40 + 2,000 + 1,000 + 5,000 + 1,000 +
	 * 1,000 + 25 m. */
	p = row_of(&t, 0, 1);
	ck_assert(fabs(p->dist_m - 10065) < 0.01);
	ck_assert(fabs(p->time_s - 10065 * 0.1125) < 0.01);
	net_table_release(&t);
	/* Walking ignores one-way rules: 40 + 2,000 + 25 m. */
	link_table(&t, &g, NET_WALK, zxy, 1, sxy, 2, &o, zs, ss);
	ck_assert(fabs(row_of(&t, 0, 1)->dist_m - 2065) < 0.01);
	net_table_release(&t);
	net_graph_release(&g);
	net_links_release(&l);
}
END_TEST

/*
 * The link grid against brute force: polylines of several vertices,
 * queries inside and far outside, the nearest segment over all links.
 */
START_TEST(snap_link_matches_brute_force)
{
	struct net_links l;
	struct net_graph g;
	struct net_snap_opts o;
	struct net_snap s[300];
	double q[600];
	int i, n = 0;

	rng_state = 777;
	net_links_init(&l);
	for (i = 0; i < 300; i++) {
		double xy[8];
		int v;

		xy[0] = rnd(10000);
		xy[1] = rnd(5000);
		for (v = 1; v < 4; v++) {
			xy[2 * v] = xy[2 * v - 2] + rnd(300) - 150.0;
			xy[2 * v + 1] = xy[2 * v - 1] + rnd(300) - 150.0;
		}
		net_links_add(&l, xy, 2 + (int)rnd(3), NET_RESIDENTIAL, NET_WALK_OK);
	}
	build(&g, &l, 0);
	net_snap_opts_default(&o);
	o.tol_m = 700;
	o.min_comp_nodes = 1;
	for (i = 0; i < 300; i++) {
		q[2 * i] = (double)rnd(14000) - 2000;
		q[2 * i + 1] = (double)rnd(9000) - 2000;
	}
	ck_assert_int_eq(net_snap_points(&g, q, 300, NET_WALK, &o, s, &err), LE_OK);
	for (i = 0; i < 300; i++) {
		double best = INFINITY;
		int li, bl = -1, v;

		for (li = 0; li < l.n; li++) {
			const double *p = l.xy + 2 * l.v[li].first_pt;

			for (v = 0; v + 1 < l.v[li].npts; v++) {
				double ax = p[2 * v], ay = p[2 * v + 1], bx = p[2 * v + 2], by = p[2 * v + 3];
				double dx = bx - ax, dy = by - ay, u = 0, d;

				if (dx * dx + dy * dy > 0)
					u = ((q[2 * i] - ax) * dx + (q[2 * i + 1] - ay) * dy) / (dx * dx + dy * dy);
				u = u < 0 ? 0 : u > 1 ? 1 : u;
				d = hypot(q[2 * i] - ax - u * dx, q[2 * i + 1] - ay - u * dy);
				if (d < best - 1e-9) {
					best = d;
					bl = li;
				}
			}
		}
		if (best > o.tol_m) {
			ck_assert_int_eq(s[i].link, -1);
			n++;
			continue;
		}
		ck_assert_msg(fabs(s[i].snap_m - best) < 1e-6, "query %d: %f, brute force %f",
			      i, s[i].snap_m, best);
		ck_assert_int_ge(s[i].link, 0);
		(void)bl;
	}
	ck_assert(n > 0 && n < 300);
	net_graph_release(&g);
	net_links_release(&l);
}
END_TEST

/*
 * An arc far longer than the rest: the search's queue keeps a window of
 * buckets sized from the typical arc (1 m here), and a 100 km ferry
 * lands beyond it; its label must still arrive, in order.
 */
START_TEST(knn_long_arc)
{
	struct net_links l;
	struct net_graph g;
	struct net_knn w;
	struct net_source src[2] = { { 0, 0, 0, -1, 0, 0, 0 }, { 0, 0, 0, -1, 0, 0, 0 } };
	unsigned f = NET_WALK_OK | NET_DRIVE_OK;
	uint32_t a, z;
	int i;

	net_links_init(&l);
	for (i = 0; i < 20; i++)
		line(&l, i, 0, i + 1, 0, NET_RESIDENTIAL, f, -1, -1);
	i = line(&l, 20, 0, 100020, 0, NET_FERRY_ROUTE, NET_FERRY, -1, -1);
	l.v[i].ferry_s = 3600;
	for (i = 0; i < 5; i++)
		line(&l, 100020 + i, 0, 100021 + i, 0, NET_RESIDENTIAL, f, -1, -1);
	build(&g, &l, 0);
	a = at(&g, 0, 0);
	z = at(&g, 25, 1);
	src[0].node = (int32_t)a;
	knn1(&w, &g, NET_WALK, src, 1, 1);
	/* 25 m of road (0.75 s a metre at 4.8 km/h) and the crossing. */
	ck_assert_uint_eq(lab(&w, z, 0)->dist_cm, 10002500);
	ck_assert_uint_eq(lab(&w, z, 0)->time_cs, 25 * 75 + 360000);
	net_knn_release(&w);
	/* A second school at the far end: each end ranks its own first. */
	src[1].node = (int32_t)z;
	knn1(&w, &g, NET_WALK, src, 2, 2);
	ck_assert_int_eq(lab_src(&w, a, 0), 0);
	ck_assert_int_eq(lab_src(&w, a, 1), 1);
	ck_assert_uint_eq(lab(&w, a, 1)->dist_cm, 10002500);
	ck_assert_int_eq(lab_src(&w, z, 0), 1);
	ck_assert_int_eq(lab_src(&w, z, 1), 0);
	ck_assert_uint_eq(lab(&w, z, 1)->time_cs, 25 * 75 + 360000);
	net_knn_release(&w);
	net_graph_release(&g);
	net_links_release(&l);
}
END_TEST

START_TEST(knn_errors)
{
	struct net_links l;
	struct net_graph g;
	struct net_knn r;
	struct net_source src = { 99, 0, 0, -1, 0, 0, 0 };

	oneway_square(&l);
	build(&g, &l, 0);
	le_err_clear(&err);
	ck_assert_int_eq(net_knn_run(&r, &g, NET_WALK, &src, 1, 1, &err), LE_EUSAGE);
	ck_assert_str_eq(err.msg, "source 0: node 99 is not in the graph");
	le_err_clear(&err);
	ck_assert_int_eq(net_knn_run(&r, &g, NET_WALK, &src, 1, 300, &err), LE_EUSAGE);
	/* k <= 0 means the default. */
	src.node = 0;
	knn1(&r, &g, NET_DRIVE, &src, 1, 0);
	ck_assert_int_eq(r.k, NET_KNN_DEFAULT_K);
	net_knn_release(&r);
	net_graph_release(&g);
	net_links_release(&l);
}
END_TEST

Suite *suite_net(void)
{
	Suite *s = suite_create("net");
	TCase *tc = tcase_create("graph");

	tcase_add_test(tc, endpoint_merge);
	tcase_add_test(tc, graph_lengths_and_errors);
	tcase_add_test(tc, components_counted);
	suite_add_tcase(s, tc);
	tc = tcase_create("knn");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, knn_matches_reference);
	tcase_add_test(tc, knn_many_threads_identical);
	tcase_add_test(tc, oneway_drive_only);
	tcase_add_test(tc, oneway_reverse_and_ranking);
	tcase_add_test(tc, ferry_crossing);
	tcase_add_test(tc, knn_long_arc);
	tcase_add_test(tc, knn_errors);
	suite_add_tcase(s, tc);
	tc = tcase_create("snap");
	tcase_add_test(tc, snap_and_fallback);
	tcase_add_test(tc, snap_matches_brute_force);
	tcase_add_test(tc, snap_onto_link);
	tcase_add_test(tc, snap_link_oneway);
	tcase_add_test(tc, snap_link_matches_brute_force);
	suite_add_tcase(s, tc);
	return s;
}
