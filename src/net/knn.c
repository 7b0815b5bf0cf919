/*
 * knn.c: the k nearest sources (schools) of every node, by one
 * label-setting multi-source Dijkstra per mode and source set.
 *
 * Every source starts a search from its node; all searches share one heap
 * ordered by (cost, source index). A node accepts at most k labels and at
 * most one per source; once it has k it is closed, and nothing more is
 * pushed to it. That is exact: if source s is among the k best of node v
 * and u precedes v on s's best path to v, then any source beating s at u
 * also beats s at v (costs only grow along arcs), so s is among u's k best
 * too and its label travels on. The work is about k settled labels per
 * node, i.e. about k passes over the graph, not one per school.
 *
 * Costs: a label's cost is the pair (ranking metric, other metric)
 * compared lexicographically, packed into one 64-bit key (ranking metric
 * in the high 32 bits). The ranking metric is distance for walking and
 * time for driving. Ties are broken by source index, so the result does
 * not depend on heap order. Invariants: lab[v * k + j] for j < cnt[v] are
 * sorted by (key, src), because labels are settled in that order.
 */
#include "net/net.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* A heap entry: 16 bytes, so four children share one cache line. */
struct hent {
	uint64_t key;
	uint32_t node, src;
};

struct heap {
	struct hent *v;
	size_t n, alloc;
};

static int hless(const struct hent *a, const struct hent *b)
{
	return a->key < b->key || (a->key == b->key && a->src < b->src);
}

/* A 4-ary heap: half the depth of a binary one, fewer cache misses. */
static void heap_push(struct heap *h, uint64_t key, uint32_t node, uint32_t src)
{
	struct hent e;
	size_t i;

	e.key = key;
	e.node = node;
	e.src = src;
	if (h->n == h->alloc) {
		h->alloc = h->alloc ? h->alloc * 2 : 4096;
		h->v = xrealloc(h->v, h->alloc * sizeof(*h->v));
	}
	i = h->n++;
	while (i > 0) {
		size_t p = (i - 1) / 4;

		if (!hless(&e, &h->v[p]))
			break;
		h->v[i] = h->v[p];
		i = p;
	}
	h->v[i] = e;
}

static struct hent heap_pop(struct heap *h)
{
	struct hent top = h->v[0], last = h->v[--h->n];
	size_t i = 0, n = h->n;

	for (;;) {
		size_t c = 4 * i + 1, best, j, end;

		if (c >= n)
			break;
		best = c;
		end = c + 4 < n ? c + 4 : n;
		for (j = c + 1; j < end; j++)
			if (hless(&h->v[j], &h->v[best]))
				best = j;
		if (!hless(&h->v[best], &last))
			break;
		h->v[i] = h->v[best];
		i = best;
	}
	if (n > 0)
		h->v[i] = last;
	return top;
}

/* The arc's cost as a key increment for mode m. */
static uint64_t arc_key(const struct net_arc *a, int m)
{
	return m == NET_WALK ? (uint64_t)a->dist_cm << 32 | a->time_cs
			     : (uint64_t)a->time_cs << 32 | a->dist_cm;
}

static uint32_t units(double v, double per)
{
	double u = v * per + 0.5;

	return u <= 0 ? 0 : u >= 4294967295.0 ? UINT32_MAX - 1 : (uint32_t)u;
}

/* 1 when node v already holds a label of source s. */
static int has_src(const struct net_label *lab, int cnt, uint32_t s)
{
	int j;

	for (j = 0; j < cnt; j++)
		if (lab[j].src == s)
			return 1;
	return 0;
}

int net_knn_run(struct net_knn *out, const struct net_graph *g, int mode,
		const struct net_source *src, int nsrc, int k,
		struct le_err *err)
{
	const struct net_csr *c;
	struct heap h = { NULL, 0, 0 };
	int rc = LE_OK, i;

	memset(out, 0, sizeof(*out));
	if (k <= 0)
		k = NET_KNN_DEFAULT_K;
	if (k > 255)
		return le_errf(err, LE_EUSAGE, "k = %d nearest is more than 255", k);
	if (mode < 0 || mode >= NET_NMODES)
		return le_errf(err, LE_EUSAGE, "unknown travel mode %d", mode);
	c = &g->mode[mode];
	out->mode = mode;
	out->k = k;
	out->nnodes = g->nnodes;
	out->cnt = xcalloc((size_t)g->nnodes + 1, 1);
	/* Uninitialised on purpose: only the first cnt[v] labels are read,
	 * and touching 12 k bytes per node up front would cost a pass. */
	out->lab = xmalloc(((size_t)g->nnodes * (size_t)k + 1) * sizeof(*out->lab));
	for (i = 0; i < nsrc; i++) {
		uint32_t dm, ts;

		if (src[i].node < 0)
			continue;
		if ((uint32_t)src[i].node >= g->nnodes) {
			rc = le_errf(err, LE_EUSAGE, "source %d: node %ld is not in the graph",
				     i, (long)src[i].node);
			goto done;
		}
		dm = units(src[i].extra_m, NET_CM_PER_M);
		ts = units(src[i].extra_s, NET_CS_PER_S);
		heap_push(&h, mode == NET_WALK ? (uint64_t)dm << 32 | ts
					       : (uint64_t)ts << 32 | dm,
			  (uint32_t)src[i].node, (uint32_t)i);
	}
	while (h.n) {
		struct hent e = heap_pop(&h);
		struct net_label *lab = out->lab + (size_t)e.node * (size_t)k;
		int n = out->cnt[e.node];
		uint32_t j, hi = (uint32_t)(e.key >> 32), lo = (uint32_t)e.key;

		/* Stale entries: the node filled up, or this source already
		 * reached it by a cheaper path. */
		if (n >= k || has_src(lab, n, e.src))
			continue;
		lab[n].src = e.src;
		lab[n].dist_cm = mode == NET_WALK ? hi : lo;
		lab[n].time_cs = mode == NET_WALK ? lo : hi;
		out->cnt[e.node] = (unsigned char)(n + 1);
		for (j = c->off[e.node]; j < c->off[e.node + 1]; j++) {
			const struct net_arc *a = &c->arcs[j];
			int nw = out->cnt[a->to];

			/* Pruning at push time keeps the heap small: a full
			 * node, or one this source has settled, takes nothing. */
			if (nw >= k || has_src(out->lab + (size_t)a->to * (size_t)k, nw, e.src))
				continue;
			heap_push(&h, e.key + arc_key(a, mode), a->to, e.src);
		}
	}
done:
	free(h.v);
	if (rc)
		net_knn_release(out);
	return rc;
}

void net_knn_release(struct net_knn *r)
{
	if (!r)
		return;
	free(r->cnt);
	free(r->lab);
	memset(r, 0, sizeof(*r));
}

/* ---------------------------------------------------------------- threads */

struct pool {
	const struct net_graph *g;
	struct net_knn_job *jobs;
	int njobs, next;
	pthread_mutex_t lock;
};

/* A worker takes the next job until none is left. */
static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		struct net_knn_job *j;
		int i;

		pthread_mutex_lock(&p->lock);
		i = p->next++;
		pthread_mutex_unlock(&p->lock);
		if (i >= p->njobs)
			break;
		j = &p->jobs[i];
		j->rc = net_knn_run(&j->out, p->g, j->mode, j->src, j->nsrc, j->k, &j->err);
	}
	return NULL;
}

int net_knn_many(const struct net_graph *g, struct net_knn_job *jobs,
		 int njobs, int nthreads, struct le_err *err)
{
	pthread_t tid[16];
	struct pool p;
	int i, started = 0, rc = LE_OK;

	if (nthreads <= 0)
		nthreads = 2;
	if (nthreads > 16)
		nthreads = 16;
	if (nthreads > njobs)
		nthreads = njobs;
	for (i = 0; i < njobs; i++) {
		jobs[i].rc = LE_OK;
		le_err_clear(&jobs[i].err);
		memset(&jobs[i].out, 0, sizeof(jobs[i].out));
	}
	p.g = g;
	p.jobs = jobs;
	p.njobs = njobs;
	p.next = 0;
	pthread_mutex_init(&p.lock, NULL);
	/* The calling thread is a worker too: n threads, n - 1 created. */
	for (i = 1; i < nthreads; i++)
		if (pthread_create(&tid[started], NULL, worker, &p) == 0)
			started++;
	worker(&p);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	pthread_mutex_destroy(&p.lock);
	for (i = 0; i < njobs; i++)
		if (jobs[i].rc && !rc)
			rc = le_errf(err, jobs[i].rc, "%s", jobs[i].err.msg);
	return rc;
}
