/*
 * land.c: travel over land and sea for straight-line trips: the links
 * (ferries, fixed links) between landmasses, the best paths between their
 * ends, and region_trip, the one pairing rule every straight-line
 * zone-to-school distance goes through (model/write.c for the projection,
 * scenario/travel.c for the scenarios).
 *
 * The landmasses themselves come from the zone polygons (geo/land.c,
 * tagged onto zones and schools by load/land.c); this file is plain
 * arithmetic so that model/ and scenario/ need no GEOS.
 *
 * Paths: the link ends (2 per link) are the nodes; a link joins its two
 * ends (sea: the straight port-to-port length, time: crossing + wait);
 * two ends on the same landmass are joined by land (straight line). The
 * all-pairs best paths (Floyd-Warshall: tens of ends) minimise land x
 * 1.3 + sea, the default detour factor; a trip then applies its own
 * detour to the land legs it adds up. A trip between landmasses tries
 * only the ends on the zone's and the school's landmasses (a per-landmass
 * list), so the cost per pair is a few additions.
 *
 * region_pair adds the council rule in front: unless the study allows
 * cross-boundary placing, a zone pairs only with its own council's
 * schools (both councils known).
 *
 * Invariant: with nland == 0 (not derived) region_trip is exactly the old
 * straight line x detour, so studies without landmasses are unchanged.
 */
#include "core/core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct le_hops {
	int nends;
	double *land_m, *sea_m, *ferry_s;   /* nends x nends; land_m < 0: none */
	int *nl;                            /* links used */
	int *first, *list;                  /* ends by landmass (CSR) */
};

static double end_x(const struct region *r, int e)
{
	return e & 1 ? r->links[e / 2].bx : r->links[e / 2].ax;
}

static double end_y(const struct region *r, int e)
{
	return e & 1 ? r->links[e / 2].by : r->links[e / 2].ay;
}

static int end_land(const struct region *r, int e)
{
	return e & 1 ? r->links[e / 2].lb : r->links[e / 2].la;
}

void region_add_link(struct region *r, const struct le_link *l)
{
	struct le_link *d;

	r->links = xrealloc(r->links, sizeof(*r->links) * ((size_t)r->nlinks + 1));
	d = &r->links[r->nlinks++];
	*d = *l;
	d->name = xstrdup(l->name ? l->name : "");
	d->operator_name = xstrdup(l->operator_name ? l->operator_name : "");
	d->source = xstrdup(l->source ? l->source : "");
}

static void hops_free(struct le_hops *h)
{
	if (!h)
		return;
	free(h->land_m);
	free(h->sea_m);
	free(h->ferry_s);
	free(h->nl);
	free(h->first);
	free(h->list);
	free(h);
}

void region_links_release(struct region *r)
{
	int i;

	for (i = 0; i < r->nlinks; i++) {
		free(r->links[i].name);
		free(r->links[i].operator_name);
		free(r->links[i].source);
	}
	free(r->links);
	r->links = NULL;
	r->nlinks = 0;
	hops_free(r->hops);
	r->hops = NULL;
}

void region_links_ready(struct region *r)
{
	struct le_hops *h;
	int n = 2 * r->nlinks, i, j, k, l;
	size_t nn = (size_t)n * (size_t)n + 1;

	hops_free(r->hops);
	r->hops = h = xcalloc(1, sizeof(*h));
	h->nends = n;
	h->land_m = xmalloc(sizeof(double) * nn);
	h->sea_m = xcalloc(nn, sizeof(double));
	h->ferry_s = xcalloc(nn, sizeof(double));
	h->nl = xcalloc(nn, sizeof(int));
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			size_t q = (size_t)i * n + j;
			/* Same landmass: overland; else unreachable until a
			 * link joins them. */
			h->land_m[q] = end_land(r, i) >= 0 && end_land(r, i) == end_land(r, j)
				? hypot(end_x(r, i) - end_x(r, j), end_y(r, i) - end_y(r, j)) : -1;
		}
	for (l = 0; l < r->nlinks; l++) {
		const struct le_link *k2 = &r->links[l];
		double sea = hypot(k2->bx - k2->ax, k2->by - k2->ay);
		int a = 2 * l, b = 2 * l + 1;
		size_t ab = (size_t)a * n + b, ba = (size_t)b * n + a;

		/* A link beats an overland path between its own ends only
		 * when it is shorter (two ports of one island). */
		if (h->land_m[ab] >= 0 && h->land_m[ab] * 1.3 <= sea)
			continue;
		h->land_m[ab] = h->land_m[ba] = 0;
		h->sea_m[ab] = h->sea_m[ba] = sea;
		h->ferry_s[ab] = h->ferry_s[ba] = k2->crossing_s + k2->wait_s;
		h->nl[ab] = h->nl[ba] = 1;
	}
	/* Floyd-Warshall on land x 1.3 + sea; ties keep the earlier path,
	 * so the result does not depend on anything but the input order. */
	for (k = 0; k < n; k++)
		for (i = 0; i < n; i++) {
			size_t ik = (size_t)i * n + k;
			if (h->land_m[ik] < 0)
				continue;
			for (j = 0; j < n; j++) {
				size_t kj = (size_t)k * n + j, ij = (size_t)i * n + j;
				double c;
				if (h->land_m[kj] < 0)
					continue;
				c = (h->land_m[ik] + h->land_m[kj]) * 1.3 + h->sea_m[ik] + h->sea_m[kj];
				if (h->land_m[ij] >= 0 &&
				    h->land_m[ij] * 1.3 + h->sea_m[ij] <= c)
					continue;
				h->land_m[ij] = h->land_m[ik] + h->land_m[kj];
				h->sea_m[ij] = h->sea_m[ik] + h->sea_m[kj];
				h->ferry_s[ij] = h->ferry_s[ik] + h->ferry_s[kj];
				h->nl[ij] = h->nl[ik] + h->nl[kj];
			}
		}
	/* Ends by landmass. */
	h->first = xcalloc((size_t)r->nland + 2, sizeof(int));
	h->list = xmalloc(sizeof(int) * ((size_t)n + 1));
	for (i = 0; i < n; i++)
		if (end_land(r, i) >= 0 && end_land(r, i) < r->nland)
			h->first[end_land(r, i) + 1]++;
	for (i = 0; i < r->nland; i++)
		h->first[i + 1] += h->first[i];
	{
		int *at = xmalloc(sizeof(int) * ((size_t)r->nland + 1));
		memcpy(at, h->first, sizeof(int) * ((size_t)r->nland + 1));
		for (i = 0; i < n; i++)
			if (end_land(r, i) >= 0 && end_land(r, i) < r->nland)
				h->list[at[end_land(r, i)]++] = i;
		free(at);
	}
}

int region_trip(const struct region *r, int zl, double zx, double zy, int sl,
		double sx, double sy, double detour, struct le_trip *t)
{
	const struct le_hops *h = r->hops;
	double best = -1;
	int a, b;

	memset(t, 0, sizeof(*t));
	if (r->nland <= 0 || zl < 0 || sl < 0 || zl == sl) {
		t->dist_m = t->land_m = hypot(sx - zx, sy - zy) * detour;
		return 1;
	}
	if (!h || zl >= r->nland || sl >= r->nland)
		return 0;
	for (a = h->first[zl]; a < h->first[zl + 1]; a++)
		for (b = h->first[sl]; b < h->first[sl + 1]; b++) {
			int u = h->list[a], v = h->list[b];
			size_t q = (size_t)u * h->nends + v;
			double land, d;

			if (h->land_m[q] < 0)
				continue;
			land = (hypot(end_x(r, u) - zx, end_y(r, u) - zy) + h->land_m[q] +
				hypot(sx - end_x(r, v), sy - end_y(r, v))) * detour;
			d = land + h->sea_m[q];
			/* Strictly better only: the first of equal paths
			 * (lowest ends) stays, for a stable result. */
			if (best >= 0 && d >= best)
				continue;
			best = d;
			t->dist_m = d;
			t->land_m = land;
			t->ferry_s = h->ferry_s[q];
			t->nlinks = h->nl[q];
		}
	return best >= 0;
}

int region_pair(const struct region *r, int z, const char *school_council, int sl,
		double sx, double sy, double detour, struct le_trip *t)
{
	const struct zone *zn = &r->zones[z];

	/* Both councils must be known to refuse a pair: a study whose
	 * zones carry no council keeps every school. */
	if (!r->cross_boundary && zn->council_id && school_council &&
	    strcmp(zn->council_id, school_council) != 0)
		return 0;
	return region_trip(r, zn->land, zn->px, zn->py, sl, sx, sy, detour, t);
}
