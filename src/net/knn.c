/*
 * knn.c: the k nearest sources (schools) of every node, by one
 * label-setting multi-source Dijkstra per mode and source set.
 *
 * Every source starts a search from its node; all searches share one
 * queue ordered by (cost, source index). A node accepts at most k labels
 * and at most one per source; once it has k it is closed, and nothing more
 * is pushed to it. Offers are also checked against the node's pending
 * ones (see struct search), so the queue holds few useless entries. That is exact: if source s is among the k best of node v
 * and u precedes v on s's best path to v, then any source beating s at u
 * also beats s at v (costs only grow along arcs), so s is among u's k best
 * too and its label travels on. The work is about k settled labels per
 * node, i.e. about k passes over the graph, not one per school.
 *
 * Costs: a label's cost is the pair (ranking metric, other metric)
 * compared lexicographically, packed into one 64-bit key (ranking metric
 * in the high 32 bits). The ranking metric is distance for walking and
 * time for driving. Ties are broken by source index, so the result does
 * not depend on queue order. Invariants: a node's settled slots come
 * before its pending ones and all are sorted by (key, src), because labels
 * are settled in that order; in the result every slot is settled.
 *
 * Cost on a 2-core VM: memory latency, not arithmetic (each settled label
 * touches the node's block, its arcs and each neighbour's block).
 */
#include "net/net.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* A queue entry: 16 bytes. */
struct hent {
	uint64_t key;
	uint32_t node, src;
};

/*
 * A radix heap (Ahuja, Mehlhorn, Orlin, Tarjan 1990): Dijkstra's keys
 * never go below the last key popped, so an entry can live in bucket
 * b = the highest bit in which its key differs from that last key, and
 * only the lowest non-empty bucket is ever searched and split. Pushes are
 * appends, which matters here: a binary or 4-ary heap of the few hundred
 * thousand entries of thousands of wave fronts does not fit in cache and
 * costs a miss per level. Bucket 0 holds the keys equal to the last one;
 * it is a small binary heap on the source index, so that equal keys come
 * out in source order and the result is deterministic.
 */
struct heap {
	uint64_t last;
	struct hent *b[65];
	size_t n[65], cap[65];
	size_t size;
};

static int bucket_of(uint64_t key, uint64_t last)
{
	uint64_t x = key ^ last;
	int b = 0;

	if (!x)
		return 0;
#if defined(__GNUC__)
	b = 64 - __builtin_clzll(x);
#else
	while (x) {
		b++;
		x >>= 1;
	}
#endif
	return b;
}

static void append(struct heap *h, int b, const struct hent *e)
{
	if (h->n[b] == h->cap[b]) {
		h->cap[b] = h->cap[b] ? h->cap[b] * 2 : 256;
		h->b[b] = xrealloc(h->b[b], h->cap[b] * sizeof(*h->b[b]));
	}
	h->b[b][h->n[b]++] = *e;
}

/* Bucket 0: a binary heap on src (all its keys are equal). */
static void zero_push(struct heap *h, const struct hent *e)
{
	struct hent *v;
	size_t i;

	append(h, 0, e);
	v = h->b[0];
	for (i = h->n[0] - 1; i > 0 && v[(i - 1) / 2].src > e->src; i = (i - 1) / 2)
		v[i] = v[(i - 1) / 2];
	v[i] = *e;
}

static struct hent zero_pop(struct heap *h)
{
	struct hent *v = h->b[0], top = v[0], last = v[--h->n[0]];
	size_t i = 0, n = h->n[0];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && v[c + 1].src < v[c].src)
			c++;
		if (v[c].src >= last.src)
			break;
		v[i] = v[c];
		i = c;
	}
	if (n > 0)
		v[i] = last;
	return top;
}

static void heap_push(struct heap *h, uint64_t key, uint32_t node, uint32_t src)
{
	struct hent e;
	int b = bucket_of(key, h->last);

	e.key = key;
	e.node = node;
	e.src = src;
	if (b == 0)
		zero_push(h, &e);
	else
		append(h, b, &e);
	h->size++;
}

/* The entry of least (key, src); the heap must not be empty. */
static struct hent heap_pop(struct heap *h)
{
	if (h->n[0] == 0) {
		size_t j, n;
		uint64_t min;
		int b = 1;

		while (h->n[b] == 0)
			b++;
		/* The bucket's least key becomes the reference; every entry
		 * of the bucket then differs from it in a lower bit, so all
		 * move down, and the least ones to bucket 0. */
		min = h->b[b][0].key;
		for (j = 1; j < h->n[b]; j++)
			if (h->b[b][j].key < min)
				min = h->b[b][j].key;
		h->last = min;
		n = h->n[b];
		h->n[b] = 0;
		for (j = 0; j < n; j++) {
			int nb = bucket_of(h->b[b][j].key, min);

			if (nb == 0)
				zero_push(h, &h->b[b][j]);
			else
				append(h, nb, &h->b[b][j]);
		}
	}
	h->size--;
	return zero_pop(h);
}

static void heap_release(struct heap *h)
{
	int b;

	for (b = 0; b < 65; b++)
		free(h->b[b]);
}

/* The arc's cost as a key increment for mode m. */
static uint64_t arc_key(const struct net_arc *a, int m)
{
	return m == NET_WALK ? (uint64_t)a->dist_cm << 32 | a->time_cs
			     : (uint64_t)a->time_cs << 32 | a->dist_cm;
}

/* A label's key: the same packing as arc_key. */
static uint64_t lab_key(const struct net_label *l, int m)
{
	return m == NET_WALK ? (uint64_t)l->dist_cm << 32 | l->time_cs
			     : (uint64_t)l->time_cs << 32 | l->dist_cm;
}

static int before(uint64_t ka, uint32_t sa, uint64_t kb, uint32_t sb)
{
	return ka < kb || (ka == kb && sa < sb);
}

static uint32_t units(double v, double per)
{
	double u = v * per + 0.5;

	return u <= 0 ? 0 : u >= 4294967295.0 ? UINT32_MAX - 1 : (uint32_t)u;
}

/*
 * Per node: k slots sorted by (key, src), the first nset settled, the rest
 * tentative (the best pending offer of each source). Tentative slots prune
 * as well as settled ones: once k distinct sources have offered paths no
 * worse than key, the node's final k labels are all no worse than key, so
 * a worse offer can never be among them and is dropped before it reaches
 * the heap. That keeps the heap near the size of the wave front.
 */
struct search {
	int mode, k;
	/*
	 * Node v's block: a header slot (src = cnt | nset << 8) then its k
	 * slots, so that the state test and the slots usually share a
	 * cache line: with thousands of wave fronts the search is bound by
	 * memory latency, not by arithmetic.
	 */
	struct net_label *blk;
	struct heap h;
};

static struct net_label *block(const struct search *q, uint32_t v)
{
	return q->blk + (size_t)v * (size_t)(q->k + 1);
}

/* Offer the path (key) of source s to node v; push it if it may count. */
static void offer(struct search *q, uint32_t v, uint64_t key, uint32_t s)
{
	struct net_label *hd = block(q, v), *lab = hd + 1;
	int n = (int)(hd->src & 0xff), ns = (int)(hd->src >> 8), j, pos;

	if (ns >= q->k)
		return;
	for (j = 0; j < n; j++)
		if (lab[j].src == s)
			break;
	if (j < n) {
		/* Settled, or already offered as cheaply: nothing new. */
		if (j < ns || !before(key, s, lab_key(&lab[j], q->mode), s))
			return;
		memmove(&lab[j], &lab[j + 1], (size_t)(n - j - 1) * sizeof(*lab));
		n--;
	} else if (n == q->k) {
		/* The worst slot is tentative here: every key offered is at
		 * least the key being settled, so a full settled list has
		 * already refused above. */
		if (!before(key, s, lab_key(&lab[n - 1], q->mode), lab[n - 1].src))
			return;
		n--;
	}
	pos = n;
	while (pos > ns && before(key, s, lab_key(&lab[pos - 1], q->mode), lab[pos - 1].src)) {
		lab[pos] = lab[pos - 1];
		pos--;
	}
	lab[pos].src = s;
	lab[pos].dist_cm = q->mode == NET_WALK ? (uint32_t)(key >> 32) : (uint32_t)key;
	lab[pos].time_cs = q->mode == NET_WALK ? (uint32_t)key : (uint32_t)(key >> 32);
	hd->src = (uint32_t)(n + 1) | (uint32_t)ns << 8;
	heap_push(&q->h, key, v, s);
}

int net_knn_run(struct net_knn *out, const struct net_graph *g, int mode,
		const struct net_source *src, int nsrc, int k,
		struct le_err *err)
{
	const struct net_csr *c;
	struct search q;
	uint32_t v;
	int rc = LE_OK, i;

	memset(out, 0, sizeof(*out));
	memset(&q, 0, sizeof(q));
	if (k <= 0)
		k = NET_KNN_DEFAULT_K;
	if (k > 255)
		return le_errf(err, LE_EUSAGE, "k = %d nearest is more than 255", k);
	if (mode < 0 || mode >= NET_NMODES)
		return le_errf(err, LE_EUSAGE, "unknown travel mode %d", mode);
	c = &g->mode[mode];
	q.mode = mode;
	q.k = k;
	/* Slots beyond a node's count are never read: only the headers
	 * need clearing. */
	q.blk = xmalloc(((size_t)g->nnodes * (size_t)(k + 1) + 1) * sizeof(*q.blk));
	for (v = 0; v < g->nnodes; v++)
		block(&q, v)->src = 0;
	for (i = 0; i < nsrc; i++) {
		uint64_t dm, ts;

		if (src[i].node < 0)
			continue;
		if ((uint32_t)src[i].node >= g->nnodes) {
			rc = le_errf(err, LE_EUSAGE, "source %d: node %ld is not in the graph",
				     i, (long)src[i].node);
			goto done;
		}
		dm = units(src[i].extra_m, NET_CM_PER_M);
		ts = units(src[i].extra_s, NET_CS_PER_S);
		offer(&q, (uint32_t)src[i].node, mode == NET_WALK ? dm << 32 | ts : ts << 32 | dm,
		      (uint32_t)i);
	}
	while (q.h.size) {
		struct hent e = heap_pop(&q.h);
		struct net_label *hd = block(&q, e.node), *lab = hd + 1;
		uint32_t ns = hd->src >> 8, j;

		/* The entry counts only if it is the node's best pending slot
		 * still; otherwise a cheaper offer replaced it, or it was
		 * pushed out by k better ones. */
		if (ns >= (hd->src & 0xff) || lab[ns].src != e.src ||
		    lab_key(&lab[ns], mode) != e.key)
			continue;
		hd->src += 1u << 8;
		for (j = c->off[e.node]; j < c->off[e.node + 1]; j++) {
			const struct net_arc *a = &c->arcs[j];

			offer(&q, a->to, e.key + arc_key(a, mode), e.src);
		}
	}
	/*
	 * Every slot is settled now. Compact the blocks to the public
	 * layout (k slots per node, counts apart) in place: each block moves
	 * to a lower address, so a forward pass never overwrites a block not
	 * yet moved.
	 */
	out->mode = mode;
	out->k = k;
	out->nnodes = g->nnodes;
	out->cnt = xmalloc((size_t)g->nnodes + 1);
	for (v = 0; v < g->nnodes; v++) {
		struct net_label *hd = block(&q, v);

		out->cnt[v] = (unsigned char)(hd->src >> 8);
		memmove(q.blk + (size_t)v * (size_t)k, hd + 1, (size_t)k * sizeof(*hd));
	}
	out->lab = xrealloc(q.blk, ((size_t)g->nnodes * (size_t)k + 1) * sizeof(*q.blk));
	q.blk = NULL;
done:
	heap_release(&q.h);
	free(q.blk);
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
