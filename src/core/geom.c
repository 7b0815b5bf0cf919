/*
 * geom.c: the flat geometry of core.h. Readers build geometries with the
 * begin / poly / part / point / finish calls; offsets are kept as "start"
 * arrays whose last entry is the total, so part i is
 * xy[2*part_start[i]] .. xy[2*part_start[i+1]].
 */
#include "core/core.h"

#include <stdlib.h>
#include <string.h>

void le_geom_init(struct le_geom *g)
{
	memset(g, 0, sizeof(*g));
}

void le_geom_release(struct le_geom *g)
{
	if (!g)
		return;
	free(g->xy);
	free(g->part_start);
	free(g->poly_start);
	le_geom_init(g);
}

void le_geom_copy(struct le_geom *dst, const struct le_geom *src)
{
	le_geom_init(dst);
	dst->type = src->type;
	dst->npoints = src->npoints;
	dst->nparts = src->nparts;
	dst->npolys = src->npolys;
	if (src->xy) {
		dst->xy = xmalloc(sizeof(double) * 2 * (size_t)src->npoints);
		memcpy(dst->xy, src->xy, sizeof(double) * 2 * (size_t)src->npoints);
	}
	if (src->part_start) {
		dst->part_start = xmalloc(sizeof(int) * ((size_t)src->nparts + 1));
		memcpy(dst->part_start, src->part_start,
		       sizeof(int) * ((size_t)src->nparts + 1));
	}
	if (src->poly_start) {
		dst->poly_start = xmalloc(sizeof(int) * ((size_t)src->npolys + 1));
		memcpy(dst->poly_start, src->poly_start,
		       sizeof(int) * ((size_t)src->npolys + 1));
	}
}

void le_geom_move(struct le_geom *dst, struct le_geom *src)
{
	le_geom_release(dst);
	*dst = *src;
	le_geom_init(src);
}

const char *le_geom_type_name(int type)
{
	switch (type) {
	case LE_GEOM_POINT: return "Point";
	case LE_GEOM_LINESTRING: return "LineString";
	case LE_GEOM_MULTILINESTRING: return "MultiLineString";
	case LE_GEOM_POLYGON: return "Polygon";
	case LE_GEOM_MULTIPOLYGON: return "MultiPolygon";
	default: return "empty";
	}
}

int le_geom_bbox(const struct le_geom *g, double bbox[4])
{
	int i;

	if (g->npoints <= 0)
		return -1;
	bbox[0] = bbox[2] = g->xy[0];
	bbox[1] = bbox[3] = g->xy[1];
	for (i = 1; i < g->npoints; i++) {
		double x = g->xy[2 * i], y = g->xy[2 * i + 1];
		if (x < bbox[0]) bbox[0] = x;
		if (x > bbox[2]) bbox[2] = x;
		if (y < bbox[1]) bbox[1] = y;
		if (y > bbox[3]) bbox[3] = y;
	}
	return 0;
}

/*
 * While building, part_start[nparts] and poly_start[npolys] are not yet
 * written; arrays grow one element at a time with doubling, using the
 * power-of-two rule so no separate capacity needs storing.
 */
static size_t cap_for(size_t n)
{
	size_t c = 8;
	while (c < n)
		c *= 2;
	return c;
}

static void grow_if_needed(void **p, size_t n, size_t elem)
{
	/* Grow exactly when n crosses a power-of-two capacity boundary. */
	if (n == 0) {
		*p = xrealloc(*p, cap_for(1) * elem);
	} else if (n >= 8 && (n & (n - 1)) == 0) {
		*p = xrealloc(*p, n * 2 * elem);
	}
}

void le_geom_begin(struct le_geom *g, int type)
{
	le_geom_release(g);
	g->type = type;
}

void le_geom_poly(struct le_geom *g)
{
	grow_if_needed((void **)&g->poly_start, (size_t)g->npolys, sizeof(int));
	g->poly_start[g->npolys++] = g->nparts;
}

void le_geom_part(struct le_geom *g)
{
	grow_if_needed((void **)&g->part_start, (size_t)g->nparts, sizeof(int));
	g->part_start[g->nparts++] = g->npoints;
}

void le_geom_point(struct le_geom *g, double x, double y)
{
	grow_if_needed((void **)&g->xy, (size_t)g->npoints, 2 * sizeof(double));
	g->xy[2 * g->npoints] = x;
	g->xy[2 * g->npoints + 1] = y;
	g->npoints++;
}

void le_geom_finish(struct le_geom *g)
{
	/* Append the closing offsets (one past the last part / polygon). */
	g->part_start = xrealloc(g->part_start, sizeof(int) * ((size_t)g->nparts + 1));
	g->part_start[g->nparts] = g->npoints;
	if (g->type == LE_GEOM_POLYGON || g->type == LE_GEOM_MULTIPOLYGON) {
		g->poly_start = xrealloc(g->poly_start,
					 sizeof(int) * ((size_t)g->npolys + 1));
		g->poly_start[g->npolys] = g->nparts;
	}
	if (g->npoints == 0)
		g->type = LE_GEOM_NONE;
}
