/*
 * links.c: the road links of one network source, as the readers fill them
 * and the graph builder reads them.
 *
 * Invariants: l->v[0..n) are the links; every link's points are the run
 * xy[2 * first_pt .. 2 * (first_pt + npts)) of the shared point array, so
 * one source of a million links makes two allocations, not two million.
 */
#include "net/net.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void net_links_init(struct net_links *l)
{
	memset(l, 0, sizeof(*l));
}

void net_links_release(struct net_links *l)
{
	if (!l)
		return;
	free(l->v);
	free(l->xy);
	memset(l, 0, sizeof(*l));
}

double net_link_line_m(const struct net_links *l, int i)
{
	const struct net_link *k = &l->v[i];
	const double *p = l->xy + 2 * (size_t)k->first_pt;
	double len = 0;
	int j;

	for (j = 1; j < k->npts; j++)
		len += hypot(p[2 * j] - p[2 * j - 2], p[2 * j + 1] - p[2 * j - 1]);
	return len;
}

double net_link_length_m(const struct net_links *l, int i)
{
	/* A source's own length (OS Open Roads measures in 3D along the
	 * ground) is preferred to the line's planar length. */
	return l->v[i].len_m > 0 ? l->v[i].len_m : net_link_line_m(l, i);
}

double net_links_length_m(const struct net_links *l)
{
	double sum = 0;
	int i;

	for (i = 0; i < l->n; i++)
		sum += net_link_length_m(l, i);
	return sum;
}

int net_links_add(struct net_links *l, const double *xy, int npts, int cls,
		  unsigned flags)
{
	struct net_link *k;

	ALLOC_GROW(l->v, l->n + 1, l->alloc);
	/* pts_alloc counts points; the array holds two doubles per point. */
	if (l->npts + npts > l->pts_alloc) {
		size_t na = ((size_t)l->pts_alloc + 16) * 3 / 2;

		if (na < (size_t)(l->npts + npts))
			na = (size_t)(l->npts + npts);
		l->xy = xrealloc(l->xy, na * 2 * sizeof(*l->xy));
		l->pts_alloc = (int)na;
	}
	if (npts > 0)
		memcpy(l->xy + 2 * (size_t)l->npts, xy, 2 * (size_t)npts * sizeof(*xy));
	k = &l->v[l->n];
	memset(k, 0, sizeof(*k));
	k->first_pt = l->npts;
	k->npts = npts;
	k->cls = cls;
	k->flags = flags;
	k->start_node = k->end_node = -1;
	l->npts += npts;
	return l->n++;
}
