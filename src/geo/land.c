/*
 * land.c: landmasses (islands and the mainland) from the zone polygons,
 * so that straight-line travel never crosses open sea (geo_landmasses in
 * geo.h says what it computes).
 *
 * How: every polygon part of every zone goes into a GEOS STRtree; each
 * part asks the tree for the parts whose envelopes come within gap_m of
 * its own, and a prepared-geometry distance test (GEOSPreparedDistance-
 * Within) joins the pair in a union-find when they are closer than gap_m.
 * Parts, not zones, are the pieces: an island data zone is often a
 * MultiPolygon over several islands (Orkney's S01011831 holds Sanday,
 * Stronsay and North Ronaldsay), and joining per zone would bridge them.
 * Union-find with path halving and union by lower index gives each
 * landmass the id of its first part's group, in first-seen order.
 *
 * Cost: one tree query and a few distance tests per part; the 1,281
 * Northern Alliance zones (about 3,000 parts) take well under a second.
 *
 * Invariant: every non-empty zone and every point gets a landmass id in
 * 0..nland-1; nothing here prints.
 */
#define GEOS_USE_ONLY_R_API
#include "geo/geo_int.h"

#include <geos_c.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct pieces {
	GEOSContextHandle_t gh;
	GEOSGeometry **geom;            /* n parts */
	const GEOSPreparedGeometry **prep;
	int *zone;                      /* zone of each part */
	int *id;                        /* tree items point here */
	int *up;                        /* union-find parent */
	int n, alloc;
	GEOSSTRtree *tree;
	struct geo_ctx *g;
};

static const char *geo_int_reason_h(struct pieces *p)
{
	return geo_int_reason(p->g);
}

static int find(int *up, int i)
{
	while (up[i] != i) {
		up[i] = up[up[i]];
		i = up[i];
	}
	return i;
}

/* The root is the lower index, so a group's root is its first part. */
static void join(int *up, int a, int b)
{
	a = find(up, a);
	b = find(up, b);
	if (a < b)
		up[b] = a;
	else if (b < a)
		up[a] = b;
}

/* Query callback: collect the candidate part ids into a growing list. */
struct hits {
	int *v;
	size_t n, alloc;
};

static void collect(void *item, void *userdata)
{
	struct hits *h = userdata;

	ALLOC_GROW(h->v, h->n + 1, h->alloc);
	h->v[h->n++] = *(int *)item;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Candidates whose envelopes meet the box (x0 y0 x1 y1), sorted, so that
 * ties below are broken by the lowest part index whatever GEOS's order. */
static int query_box(struct pieces *p, double x0, double y0, double x1, double y1,
		     struct hits *h)
{
	GEOSGeometry *box = GEOSGeom_createRectangle_r(p->gh, x0, y0, x1, y1);

	if (!box)
		return -1;
	h->n = 0;
	GEOSSTRtree_query_r(p->gh, p->tree, box, collect, h);
	GEOSGeom_destroy_r(p->gh, box);
	if (h->n > 1)
		qsort(h->v, h->n, sizeof(int), cmp_int);
	return 0;
}

/*
 * The part holding (x, y) (lowest index), else the nearest part and its
 * distance: boxes grow until one holds a candidate, then one more query
 * with the best distance found makes sure no part just outside the box is
 * nearer (a box of half-width R misses only parts farther than R).
 */
static int locate(struct pieces *p, double x, double y, struct hits *h, double *off)
{
	GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(p->gh, x, y);
	double r = 500, best = -1;
	int at = -1, pass;
	size_t i;

	*off = -1;
	if (!pt)
		return -1;
	if (query_box(p, x, y, x, y, h) == 0)
		for (i = 0; i < h->n && at < 0; i++)
			if (GEOSPreparedCovers_r(p->gh, p->prep[h->v[i]], pt) == 1)
				at = h->v[i];
	if (at >= 0) {
		*off = 0;
		goto done;
	}
	for (pass = 0; pass < 40 && p->n; pass++, r *= 2) {
		if (query_box(p, x - r, y - r, x + r, y + r, h))
			break;
		if (!h->n)
			continue;
		for (i = 0; i < h->n; i++) {
			double d;
			if (GEOSDistance_r(p->gh, p->geom[h->v[i]], pt, &d) != 1)
				continue;
			if (best < 0 || d < best) {
				best = d;
				at = h->v[i];
			}
		}
		if (at >= 0 && best <= r)
			break;
		/* The nearest may lie just outside this box: one more
		 * round with the box grown to the best distance. */
		if (at >= 0)
			r = best / 2;
	}
	*off = best;
done:
	GEOSGeom_destroy_r(p->gh, pt);
	return at;
}

/*
 * A zone over several landmasses (a town zone with an offshore island,
 * Oban South - 01 with Kerrera) is moved to the landmass that the most
 * zones share, at a point inside its largest piece there: GEOS's point on
 * surface of the whole MultiPolygon lands in the widest piece, often the
 * empty island, while the people live in the town. Ties keep the point's
 * own landmass, so a zone of islands only (Orkney's Isles - 05) stays
 * where its point is. zpt is updated in place.
 */
static int split_zones(struct pieces *p, const int *label, int nland, int *zone_land,
		       double *zpt, struct le_err *err)
{
	int *count = xcalloc((size_t)nland + 1, sizeof(int));
	int *last = xmalloc(sizeof(int) * ((size_t)nland + 1));
	int i, j, rc = LE_OK;

	for (i = 0; i < nland; i++)
		last[i] = -1;
	/* Zones with a piece on each landmass (parts are in zone order). */
	for (i = 0; i < p->n; i++)
		if (last[label[i]] != p->zone[i]) {
			last[label[i]] = p->zone[i];
			count[label[i]]++;
		}
	for (i = 0; i < p->n; i = j) {
		int z = p->zone[i], best = zone_land[z], big = -1, multi = 0;
		double area = -1, x, y;
		GEOSGeometry *pt;

		for (j = i; j < p->n && p->zone[j] == z; j++) {
			multi |= label[j] != label[i];
			if (count[label[j]] > count[best])
				best = label[j];
		}
		if (!multi || best == zone_land[z])
			continue;
		for (int k = i; k < j; k++) {
			double a;
			if (label[k] == best && GEOSArea_r(p->gh, p->geom[k], &a) == 1 && a > area) {
				area = a;
				big = k;
			}
		}
		if (big < 0 || !(pt = GEOSPointOnSurface_r(p->gh, p->geom[big]))) {
			rc = le_errf(err, LE_EGEO, "landmasses: no point inside a zone piece (GEOS: %s)",
				     geo_int_reason_h(p));
			break;
		}
		if (GEOSGeomGetX_r(p->gh, pt, &x) == 1 && GEOSGeomGetY_r(p->gh, pt, &y) == 1) {
			zpt[2 * z] = x;
			zpt[2 * z + 1] = y;
			zone_land[z] = best;
		}
		GEOSGeom_destroy_r(p->gh, pt);
	}
	free(last);
	free(count);
	return rc;
}

static void pieces_free(struct pieces *p)
{
	int i;

	if (p->tree)
		GEOSSTRtree_destroy_r(p->gh, p->tree);
	for (i = 0; i < p->n; i++) {
		if (p->prep && p->prep[i])
			GEOSPreparedGeom_destroy_r(p->gh, p->prep[i]);
		GEOSGeom_destroy_r(p->gh, p->geom[i]);
	}
	free(p->geom);
	free(p->prep);
	free(p->zone);
	free(p->id);
	free(p->up);
}

int geo_landmasses(struct geo_ctx *g, const struct le_geom *zones, double *zpt,
		   int n, const double *pts, int m, double gap_m, int *zone_land,
		   int *pt_land, double *pt_off_m, int *nland, struct le_err *err)
{
	struct pieces p;
	struct hits h = { NULL, 0, 0 };
	int *label = NULL, i, z, rc = LE_EGEO;
	size_t k;

	memset(&p, 0, sizeof(p));
	p.gh = geo_int_handle(g);
	p.g = g;
	*nland = 0;
	for (z = 0; z < n; z++) {
		const struct le_geom *gm = &zones[z];
		int j, np = gm->npoints ? (gm->npolys > 0 ? gm->npolys : 0) : 0;

		zone_land[z] = -1;
		for (j = 0; j < np; j++) {
			GEOSGeometry *x = geo_int_polygon(g, gm, j, err);
			if (!x)
				goto done;
			ALLOC_GROW(p.geom, (size_t)p.n + 1, p.alloc);
			p.geom[p.n] = x;
			p.zone = xrealloc(p.zone, sizeof(int) * (size_t)p.alloc);
			p.zone[p.n++] = z;
		}
	}
	p.prep = xcalloc((size_t)p.n + 1, sizeof(*p.prep));
	p.id = xmalloc(sizeof(int) * ((size_t)p.n + 1));
	p.up = xmalloc(sizeof(int) * ((size_t)p.n + 1));
	if (!(p.tree = GEOSSTRtree_create_r(p.gh, 10)))
		goto geos_fail;
	for (i = 0; i < p.n; i++) {
		p.id[i] = i;
		p.up[i] = i;
		if (!(p.prep[i] = GEOSPrepare_r(p.gh, p.geom[i])))
			goto geos_fail;
		GEOSSTRtree_insert_r(p.gh, p.tree, p.geom[i], &p.id[i]);
	}
	/* Pairs within the gap: the envelope query is the cheap filter, the
	 * prepared distance test the exact one. */
	for (i = 0; i < p.n; i++) {
		double x0, y0, x1, y1;

		if (GEOSGeom_getXMin_r(p.gh, p.geom[i], &x0) != 1 ||
		    GEOSGeom_getYMin_r(p.gh, p.geom[i], &y0) != 1 ||
		    GEOSGeom_getXMax_r(p.gh, p.geom[i], &x1) != 1 ||
		    GEOSGeom_getYMax_r(p.gh, p.geom[i], &y1) != 1)
			continue;       /* an empty part touches nothing */
		if (query_box(&p, x0 - gap_m, y0 - gap_m, x1 + gap_m, y1 + gap_m, &h))
			goto geos_fail;
		for (k = 0; k < h.n; k++) {
			int j = h.v[k];
			char near;

			if (j <= i || find(p.up, i) == find(p.up, j))
				continue;
			near = GEOSPreparedDistanceWithin_r(p.gh, p.prep[i], p.geom[j], gap_m);
			if (near == 2)
				goto geos_fail;
			if (near)
				join(p.up, i, j);
		}
	}
	/* Number the groups in order of their first part. */
	label = xmalloc(sizeof(int) * ((size_t)p.n + 1));
	for (i = 0; i < p.n; i++)
		label[i] = find(p.up, i) == i ? (*nland)++ : label[find(p.up, i)];
	/* A zone lives where its representative point is; a point-less or
	 * stray zone falls back to its first part. */
	for (i = p.n - 1; i >= 0; i--)
		zone_land[p.zone[i]] = label[i];
	for (z = 0; z < n && zpt; z++) {
		double off;
		int at;

		if (zone_land[z] < 0)
			continue;
		at = locate(&p, zpt[2 * z], zpt[2 * z + 1], &h, &off);
		if (at >= 0 && off == 0)
			zone_land[z] = label[at];
	}
	if (zpt && (rc = split_zones(&p, label, *nland, zone_land, zpt, err)))
		goto done;
	rc = LE_EGEO;
	for (i = 0; i < m; i++) {
		int at = locate(&p, pts[2 * i], pts[2 * i + 1], &h, &pt_off_m[i]);
		pt_land[i] = at >= 0 ? label[at] : -1;
	}
	rc = LE_OK;
	goto done;
geos_fail:
	le_errf(err, LE_EGEO, "landmasses: GEOS failed (%s)", geo_int_reason(g));
done:
	free(label);
	free(h.v);
	pieces_free(&p);
	return rc;
}
