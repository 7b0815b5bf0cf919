/*
 * travel.c: the model's candidate table from the road network's travel
 * tables (net/travel.c). The tables are per school set (sector x stream);
 * the model wants one list per zone across all sets, nearest first, and
 * picks the schools of the right sector and stream itself.
 */
#include "model/model.h"
#include "net/net.h"

#include <stdlib.h>
#include <string.h>

/* Nearest first; ties by school index, so the order is deterministic. */
static int cmp_cand(const void *a, const void *b)
{
	const struct model_cand *x = a, *y = b;

	if (x->dist_m != y->dist_m)
		return x->dist_m < y->dist_m ? -1 : 1;
	return (x->school > y->school) - (x->school < y->school);
}

void model_cands_from_travel(struct model_cands *c, const struct net_travel *t,
			     int mode)
{
	int i, z, j, k = 0;

	/* Room for every set's rows of a zone. */
	for (i = 0; i < t->nsets; i++)
		k += t->sets[i].table[mode].k;
	model_cands_init(c, t->nzones, k ? k : 1);
	for (z = 0; z < t->nzones; z++) {
		struct model_cand *row = &c->c[(size_t)z * (size_t)c->k];
		int n = 0;
		for (i = 0; i < t->nsets; i++) {
			const struct net_table *tb = &t->sets[i].table[mode];
			for (j = 0; j < tb->n[z]; j++) {
				const struct net_pair *p = &tb->v[(size_t)z * (size_t)tb->k + (size_t)j];
				row[n].school = t->sets[i].school[p->school];
				row[n].dist_m = p->dist_m;
				row[n].time_s = p->time_s;
				row[n].route = p->method == NET_BY_NETWORK ? MODEL_NETWORK : MODEL_STRAIGHT;
				n++;
			}
		}
		qsort(row, (size_t)n, sizeof(*row), cmp_cand);
		/* A school in two sets (Gaelic provision in an English-medium
		 * school) comes twice: keep its nearest row only. */
		for (i = j = 0; i < n; i++) {
			int d, dup = 0;

			for (d = 0; d < j && !dup; d++)
				dup = row[d].school == row[i].school;
			if (!dup)
				row[j++] = row[i];
		}
		c->n[z] = j;
	}
}
