/*
 * knn.c: the k nearest sources (schools) of every node, by one
 * multi-source search per mode and source set.
 *
 * Every node keeps a list of at most k labels, the best offer of each
 * source seen so far, sorted by (key, source). An offer to a node joins
 * its list if it beats that source's label there, or the list's worst
 * when full; then it is queued, and when taken from the queue, if still
 * in the list, it is offered on along every arc. Nothing else is pushed,
 * so the queue holds few useless entries.
 *
 * That is exact whatever order the queue hands entries out in (a label
 * correcting search): every label is the cost of a real path, so lists
 * only ever hold upper bounds; and if source s is among the k best of
 * node v, every node u on s's best path to v has s among its k best too
 * (any source beating s at u also beats it at v, costs only grow along
 * arcs), so s's exact label at u is never displaced, is taken from the
 * queue and offered on, and so reaches v. The order only decides the
 * wasted work (labels offered on and displaced later).
 *
 * The order used: buckets of ranking cost, of a width about twice the
 * median arc (bucket_width), taken one at a time; a bucket's entries are
 * handled in node order, not cost order. Within a bucket a label can be
 * displaced only by a path through arcs shorter than the width, which is
 * rare: the work stays within 10-25 % of Dijkstra's order (about k
 * settled labels per node), but the nodes of a bucket are visited in
 * memory order (the graph numbers nodes along a Hilbert curve), with
 * software prefetching a few entries ahead. With thousands of wave fronts
 * a cost-ordered heap touches the 100 MB of labels at random, one cache
 * and TLB miss per step; this sweep takes 5-6 times less CPU time.
 *
 * Costs: a label's cost is the pair (ranking metric, other metric)
 * compared lexicographically, packed into one 64-bit key (ranking metric
 * in the high 32 bits). The ranking metric is distance for walking and
 * time for driving. Ties are broken by source index, so the result is
 * the same on every run and machine.
 */
#define _DEFAULT_SOURCE         /* madvise, MADV_HUGEPAGE */
#include "net/net.h"

#include <pthread.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>

/* A hint that *p will be written soon (no effect on results). */
#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch((p), 1, 3)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* A queue entry: 16 bytes. */
struct hent {
	uint64_t key;
	uint32_t node, src;
};

/* A growable array of entries. */
struct evec {
	struct hent *v;
	size_t n, cap;
};

/* Out of line: rare, and keeping it apart lets evec_push inline. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void evec_grow(struct evec *e)
{
	e->cap = e->cap ? e->cap * 2 : 64;
	e->v = xrealloc(e->v, e->cap * sizeof(*e->v));
}

static void evec_push(struct evec *e, const struct hent *x)
{
	if (e->n == e->cap)
		evec_grow(e);
	e->v[e->n++] = *x;
}

/*
 * The queue: a bucket per width of ranking metric (delta units), a ring
 * of RING buckets from the current one, and an overflow list for entries
 * beyond the ring (a long ferry, a long rural link). A bucket is taken
 * whole and its entries are handled in node order, not key order: see
 * the file comment for why that is still exact.
 */
#define RING 4096
#define SPARES 16

struct queue {
	struct evec ring[RING];
	struct evec over;
	/*
	 * Arrays of buckets already handled, for buckets that start to
	 * fill: a bucket is used once per RING widths, so without reuse
	 * every bucket would keep its own array and the queue would grow
	 * to all entries ever pushed (170 MB a mode at k = 8, scotland).
	 */
	struct evec spare[SPARES];
	int nspare;
	uint64_t cur;           /* absolute bucket number being handled */
	uint64_t over_min;      /* least bucket in over (UINT64_MAX: empty) */
	uint32_t delta;         /* bucket width, ranking metric units (>= 1) */
	size_t size;            /* entries in ring and over */
};

static uint64_t bucket_of(const struct queue *h, uint64_t key)
{
	return (key >> 32) / h->delta;
}

/* Append e to bucket r, which starts from a spare array if it has none. */
static void bucket_push(struct queue *h, struct evec *r, const struct hent *e)
{
	if (r->cap == 0 && h->nspare > 0)
		*r = h->spare[--h->nspare];
	evec_push(r, e);
}

static void queue_push(struct queue *h, const struct hent *e)
{
	uint64_t b = bucket_of(h, e->key);

	/* Offers never go below the bucket in hand: keys only grow. */
	if (b < h->cur)
		b = h->cur;
	if (b - h->cur < RING) {
		bucket_push(h, &h->ring[b % RING], e);
	} else {
		evec_push(&h->over, e);
		if (b < h->over_min)
			h->over_min = b;
	}
	h->size++;
}

/* Move the overflow entries that now fall in the ring into it. */
static void queue_spill(struct queue *h)
{
	size_t i, keep = 0;

	h->over_min = UINT64_MAX;
	for (i = 0; i < h->over.n; i++) {
		struct hent e = h->over.v[i];
		uint64_t b = bucket_of(h, e.key);

		if (b < h->cur + RING) {
			bucket_push(h, &h->ring[(b < h->cur ? h->cur : b) % RING], &e);
		} else {
			h->over.v[keep++] = e;
			if (b < h->over_min)
				h->over_min = b;
		}
	}
	h->over.n = keep;
}

/*
 * Advance to the next non-empty bucket and move its entries into *out,
 * whose old array becomes a spare; returns 0 when the queue is empty.
 */
static int queue_take(struct queue *h, struct evec *out)
{
	int scanned = 0;

	out->n = 0;
	while (h->size) {
		struct evec *b;

		if (h->over.n && h->over_min < h->cur + RING)
			queue_spill(h);
		b = &h->ring[h->cur % RING];
		if (b->n) {
			if (out->cap && h->nspare < SPARES)
				h->spare[h->nspare++] = *out;
			else
				free(out->v);
			*out = *b;
			memset(b, 0, sizeof(*b));
			h->size -= out->n;
			return 1;
		}
		h->cur++;
		/* A whole empty ring: jump to the overflow's least bucket. */
		if (++scanned >= RING && h->over.n) {
			h->cur = h->over_min;
			scanned = 0;
		}
	}
	return 0;
}

static void queue_release(struct queue *h)
{
	int b;

	for (b = 0; b < RING; b++)
		free(h->ring[b].v);
	for (b = 0; b < h->nspare; b++)
		free(h->spare[b].v);
	free(h->over.v);
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

/*
 * Ask for transparent huge pages over a large array (Linux; elsewhere, or
 * when refused, nothing changes): its 4 KiB pages would each want a TLB
 * entry, and the search visits them all over and over.
 */
static void huge(void *p, size_t n)
{
	uintptr_t a = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;

#ifdef MADV_HUGEPAGE
	if (n > 8192)
		madvise((void *)a, n - (a - (uintptr_t)p) - 4096, MADV_HUGEPAGE);
#else
	(void)a;
#endif
}

static uint32_t units(double v, double per)
{
	double u = v * per + 0.5;

	return u <= 0 ? 0 : u >= 4294967295.0 ? UINT32_MAX - 1 : (uint32_t)u;
}

/*
 * Per node: a small header (count, and the worst ranking cost when full)
 * and k slots sorted by (key, src), the best offer of each source seen so
 * far. The headers sit apart, 8 bytes each, eight to a cache line: most
 * offers are refused on the header alone (the node is full of better
 * labels), and the headers of neighbouring nodes (in the graph's Hilbert
 * order) share lines. Only the ranking metric is kept there (an offer
 * tying with it goes on to the slots): 8 bytes rather than 16 is less
 * memory to fault in and zero, which on this VM costs about as much as
 * the whole k = 1 search. The slots are already the public layout of
 * net_knn, so the result needs no copying.
 */
struct nhead {
	uint32_t worst;         /* ranking metric of slot k - 1 when n == k */
	uint32_t n;             /* slots in use */
};

struct search {
	int mode, k;
	struct nhead *hd;       /* nnodes */
	struct net_label *lab;  /* nnodes * k */
	struct queue h;
};

static struct net_label *slots(const struct search *q, uint32_t v)
{
	return q->lab + (size_t)v * (size_t)q->k;
}

/* Offer the path (key) of source s to node v; queue it if it may count. */
static void offer(struct search *q, uint32_t v, uint64_t key, uint32_t s)
{
	struct nhead *hd = &q->hd[v];
	struct net_label *lab;
	int n = (int)hd->n, j, pos;
	struct hent e;

	lab = slots(q, v);
	/* Full and no better than the worst: the common refusal, first,
	 * without touching the slots unless the ranking metric ties. */
	if (n == q->k && ((uint32_t)(key >> 32) > hd->worst ||
			  ((uint32_t)(key >> 32) == hd->worst &&
			   !before(key, s, lab_key(&lab[n - 1], q->mode), lab[n - 1].src))))
		return;
	for (j = 0; j < n; j++)
		if (lab[j].src == s)
			break;
	if (j < n) {
		/* Already offered as cheaply: nothing new. */
		if (!before(key, s, lab_key(&lab[j], q->mode), s))
			return;
		memmove(&lab[j], &lab[j + 1], (size_t)(n - j - 1) * sizeof(*lab));
		n--;
	} else if (n == q->k) {
		n--;            /* the worst slot goes (tested above) */
	}
	pos = n;
	while (pos > 0 && before(key, s, lab_key(&lab[pos - 1], q->mode), lab[pos - 1].src)) {
		lab[pos] = lab[pos - 1];
		pos--;
	}
	lab[pos].src = s;
	lab[pos].dist_cm = q->mode == NET_WALK ? (uint32_t)(key >> 32) : (uint32_t)key;
	lab[pos].time_cs = q->mode == NET_WALK ? (uint32_t)key : (uint32_t)(key >> 32);
	hd->n = (uint32_t)(n + 1);
	if (hd->n == (uint32_t)q->k)
		hd->worst = (uint32_t)(lab_key(&lab[q->k - 1], q->mode) >> 32);
	e.key = key;
	e.node = v;
	e.src = s;
	queue_push(&q->h, &e);
}

/*
 * The bucket width: twice the median ranking cost of a sample of arcs.
 * Wider buckets group more work per sweep over memory; an arc cheaper
 * than the width can make a label handled in a bucket stale within it
 * (wasted, never wrong). Measured on the synthetic scotland network
 * (k = 8): half the median wastes 5 %, twice 20 %, and twice is the
 * faster, as memory order matters more than the extra labels.
 */
static uint32_t bucket_width(const struct net_csr *c, int mode)
{
	uint32_t sample[257], n = 0, i, j, step;

	if (c->narcs == 0)
		return 1;
	step = c->narcs / 256 + 1;
	for (i = 0; i < c->narcs && n < 257; i += step)
		sample[n++] = (uint32_t)(arc_key(&c->arcs[i], mode) >> 32);
	/* Insertion sort: a few hundred values. */
	for (i = 1; i < n; i++) {
		uint32_t x = sample[i];

		for (j = i; j > 0 && sample[j - 1] > x; j--)
			sample[j] = sample[j - 1];
		sample[j] = x;
	}
	return sample[n / 2] * 2 > 1 ? sample[n / 2] * 2 : 1;
}

/*
 * Sort a bucket's entries by node block (node >> 6: 64 neighbouring
 * nodes in the Hilbert order share a bin) with one counting pass into
 * tmp; then the blocks and arcs are read in memory order.
 */
static void sort_by_node(struct evec *in, struct evec *tmp, uint32_t nnodes,
			 uint32_t *cnt)
{
	uint32_t nbin = (nnodes >> 6) + 2, i;
	size_t j;

	if (in->n < 64)
		return;
	if (tmp->cap < in->n) {
		tmp->cap = in->n;
		tmp->v = xrealloc(tmp->v, tmp->cap * sizeof(*tmp->v));
	}
	memset(cnt, 0, (size_t)nbin * sizeof(*cnt));
	for (j = 0; j < in->n; j++)
		cnt[(in->v[j].node >> 6) + 1]++;
	for (i = 0; i + 1 < nbin; i++)
		cnt[i + 1] += cnt[i];
	for (j = 0; j < in->n; j++)
		tmp->v[cnt[in->v[j].node >> 6]++] = in->v[j];
	tmp->n = in->n;
	{
		struct evec t = *in;

		*in = *tmp;
		*tmp = t;
	}
}

int net_knn_run(struct net_knn *out, const struct net_graph *g, int mode,
		const struct net_source *src, int nsrc, int k,
		struct le_err *err)
{
	const struct net_csr *c;
	struct search q;
	struct evec cur = { NULL, 0, 0 }, tmp = { NULL, 0, 0 };
	uint32_t v, *cnt = NULL;
	size_t lab_bytes;
	int rc = LE_OK, i;

	memset(out, 0, sizeof(*out));
	memset(&q, 0, sizeof(q));
	q.h.over_min = UINT64_MAX;
	q.h.delta = 1;
	if (k <= 0)
		k = NET_KNN_DEFAULT_K;
	if (k > 255)
		return le_errf(err, LE_EUSAGE, "k = %d nearest is more than 255", k);
	if (mode < 0 || mode >= NET_NMODES)
		return le_errf(err, LE_EUSAGE, "unknown travel mode %d", mode);
	c = &g->mode[mode];
	q.mode = mode;
	q.k = k;
	q.h.delta = bucket_width(c, mode);
	/* Slots beyond a node's count are never read: only the headers
	 * need clearing. Huge pages: the search touches both arrays all
	 * over, and 4 KiB pages would cost a TLB miss nearly every time. */
	q.hd = xcalloc((size_t)g->nnodes + 1, sizeof(*q.hd));
	huge(q.hd, ((size_t)g->nnodes + 1) * sizeof(*q.hd));
	lab_bytes = ((size_t)g->nnodes * (size_t)k + 1) * sizeof(*q.lab);
	q.lab = xmalloc(lab_bytes);
	huge(q.lab, lab_bytes);
	for (i = 0; i < nsrc; i++) {
		int e;

		/* A source snapped onto a link seeds both of its ends (net.h):
		 * offer() keeps the cheaper where they meet. */
		for (e = 0; e < 1 + (src[i].has2 != 0); e++) {
			int32_t sv = e ? src[i].node2 : src[i].node;
			uint64_t dm, ts;

			if (sv < 0)
				continue;
			if ((uint32_t)sv >= g->nnodes) {
				rc = le_errf(err, LE_EUSAGE, "source %d: node %ld is not in the graph",
					     i, (long)sv);
				goto done;
			}
			dm = units(e ? src[i].extra2_m : src[i].extra_m, NET_CM_PER_M);
			ts = units(e ? src[i].extra2_s : src[i].extra_s, NET_CS_PER_S);
			offer(&q, (uint32_t)sv, mode == NET_WALK ? dm << 32 | ts : ts << 32 | dm,
			      (uint32_t)i);
		}
	}
	cnt = xmalloc((((size_t)g->nnodes >> 6) + 2) * sizeof(*cnt));
	while (queue_take(&q.h, &cur)) {
		size_t x;

		sort_by_node(&cur, &tmp, g->nnodes, cnt);
		for (x = 0; x < cur.n; x++) {
			const struct hent *e = &cur.v[x];
			const struct net_label *lab;
			uint32_t j, n;

			/*
			 * A software pipeline over the entries ahead: the
			 * header, slots and arc offsets of entry x + 32, the
			 * arcs of x + 16 (their offsets have arrived by
			 * then), the neighbours' headers and slots of x + 8
			 * (their arcs have; most offers read the slots, to
			 * find the source's label or the place for it). Each step is a likely cache miss; issued
			 * early they overlap instead of stalling one after
			 * another. (Distances of half or twice these measured
			 * no better.)
			 */
			if (x + 32 < cur.n) {
				PREFETCH(&q.hd[cur.v[x + 32].node]);
				PREFETCH(slots(&q, cur.v[x + 32].node));
				PREFETCH(&c->off[cur.v[x + 32].node]);
			}
			if (x + 16 < cur.n)
				PREFETCH(&c->arcs[c->off[cur.v[x + 16].node]]);
			if (x + 8 < cur.n) {
				uint32_t w = cur.v[x + 8].node;

				for (j = c->off[w]; j < c->off[w + 1]; j++) {
					PREFETCH(&q.hd[c->arcs[j].to]);
					PREFETCH(slots(&q, c->arcs[j].to));
				}
			}
			lab = slots(&q, e->node);
			n = q.hd[e->node].n;
			/* The entry counts only if its label is still in the
			 * node's list: otherwise a cheaper offer of the same
			 * source replaced it, or k better ones pushed it out. */
			for (j = 0; j < n; j++)
				if (lab[j].src == e->src)
					break;
			if (j == n || lab_key(&lab[j], mode) != e->key)
				continue;
			for (j = c->off[e->node]; j < c->off[e->node + 1]; j++) {
				const struct net_arc *a = &c->arcs[j];

				offer(&q, a->to, e->key + arc_key(a, mode), e->src);
			}
		}
	}
	out->mode = mode;
	out->k = k;
	out->nnodes = g->nnodes;
	out->cnt = xmalloc((size_t)g->nnodes + 1);
	for (v = 0; v < g->nnodes; v++)
		out->cnt[v] = (unsigned char)q.hd[v].n;
	out->lab = q.lab;
	q.lab = NULL;
done:
	free(cnt);
	free(cur.v);
	free(tmp.v);
	queue_release(&q.h);
	free(q.hd);
	free(q.lab);
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
	pthread_t *tid;
	struct pool p;
	int i, started = 0, rc = LE_OK;

	/* The one default (core/threads.c); more threads than jobs would
	 * only wait. */
	if (nthreads <= 0)
		nthreads = le_threads_online();
	if (nthreads > njobs)
		nthreads = njobs;
	tid = xcalloc((size_t)(nthreads > 1 ? nthreads : 1), sizeof(*tid));
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
	free(tid);
	pthread_mutex_destroy(&p.lock);
	for (i = 0; i < njobs; i++)
		if (jobs[i].rc && !rc)
			rc = le_errf(err, jobs[i].rc, "%s", jobs[i].err.msg);
	return rc;
}
