/*
 * catchments.c: report_catchments_layer, the area each school serves, as
 * a map layer. Zone polygons when the region has them (their union per
 * school, so the catchments of a set of schools cover exactly the zones
 * they serve, with no gaps or overlaps beyond the zones' own), else
 * Voronoi cells of the schools clipped to the councils' outline.
 *
 * Invariants: rows are in school order; a school with nothing to show
 * (no zone served, or an empty clipped cell) has no row.
 */
#include "report/report.h"
#include "geo/geo.h"

#include <stdlib.h>

static int layer_fields(struct report_layer *out, const struct region *r)
{
	report_layer_init(out, "catchments", LE_GEOM_MULTIPOLYGON, r->crs);
	report_layer_field(out, "school_id", REPORT_TEXT, 0);
	report_layer_field(out, "school_name", REPORT_TEXT, 0);
	report_layer_field(out, "method", REPORT_TEXT, 0);
	report_layer_field(out, "zones", REPORT_INT, 0);
	report_layer_field(out, "area_ha", REPORT_REAL, 2);
	return 0;
}

static void add_row(struct report_layer *out, const struct region *r, struct geo_ctx *g,
		    int k, const struct le_geom *gm, const char *method, int nzones)
{
	int row = report_layer_row(out, gm);

	report_layer_set_text(out, row, 0, r->schools[k].id);
	report_layer_set_text(out, row, 1, r->schools[k].name);
	report_layer_set_text(out, row, 2, method);
	report_layer_set_int(out, row, 3, nzones);
	/* Hectares: the unit planners quote for school sites and areas. */
	report_layer_set_real(out, row, 4, geo_area(g, gm) / 10000.0);
}

/* Union of each used school's zones. */
static int by_zones(const struct region *r, struct geo_ctx *g, const int *zone_school,
		    const char *use, struct report_layer *out, struct le_err *err)
{
	struct le_geom *polys = xcalloc((size_t)r->nzones + 1, sizeof(*polys));
	int *idx = xcalloc((size_t)r->nzones + 1, sizeof(*idx));
	int *first = xmalloc(sizeof(int) * ((size_t)r->nschools + 1));
	int *next = xmalloc(sizeof(int) * ((size_t)r->nzones + 1));
	int z, k, rc = LE_OK;

	/* The polygons are borrowed views of the zones (no copy): geo_union
	 * only reads them. */
	for (z = 0; z < r->nzones; z++) {
		const struct le_geom *gm = region_zone_polygon(&r->zones[z]);
		if (gm)
			polys[z] = *gm;
	}
	/* Zones grouped per school by linked lists, in zone order. */
	for (k = 0; k < r->nschools; k++)
		first[k] = -1;
	for (z = r->nzones - 1; z >= 0; z--) {
		k = zone_school[z];
		next[z] = -1;
		if (k < 0 || k >= r->nschools || !region_zone_polygon(&r->zones[z]))
			continue;
		next[z] = first[k];
		first[k] = z;
	}
	for (k = 0; k < r->nschools && !rc; k++) {
		struct le_geom u;
		int n = 0;
		if (!use[k])
			continue;
		for (z = first[k]; z >= 0; z = next[z])
			idx[n++] = z;
		if (n == 0)
			continue;
		if ((rc = geo_union(g, polys, idx, n, &u, err)))
			break;
		if (u.npoints > 0)
			add_row(out, r, g, k, &u, "zones", n);
		le_geom_release(&u);
	}
	free(next);
	free(first);
	free(idx);
	free(polys);
	return rc;
}

/* Voronoi cells of the used schools, clipped to the councils. */
static int by_voronoi(const struct region *r, struct geo_ctx *g, const char *use,
		      struct report_layer *out, struct le_err *err)
{
	double *xy = xmalloc(sizeof(double) * 2 * ((size_t)r->nschools + 1));
	int *who = xmalloc(sizeof(int) * ((size_t)r->nschools + 1));
	struct le_geom *bounds = xcalloc((size_t)r->ncouncils + 1, sizeof(*bounds));
	int *idx = xmalloc(sizeof(int) * ((size_t)r->ncouncils + 1));
	struct le_geom clip, *cells = NULL;
	int k, i, n = 0, rc;

	le_geom_init(&clip);
	for (k = 0; k < r->nschools; k++)
		if (use[k]) {
			xy[2 * n] = r->schools[k].x;
			xy[2 * n + 1] = r->schools[k].y;
			who[n++] = k;
		}
	for (i = 0; i < r->ncouncils; i++) {
		bounds[i] = r->councils[i].geom;
		idx[i] = i;
	}
	/* Several councils (a collaborative) clip as one outline. */
	if ((rc = geo_union(g, bounds, idx, r->ncouncils, &clip, err)))
		goto done;
	cells = xcalloc((size_t)n + 1, sizeof(*cells));
	if ((rc = geo_voronoi(g, xy, n, clip.npoints ? &clip : NULL, cells, err)))
		goto done;
	for (i = 0; i < n; i++)
		if (cells[i].npoints > 0)
			add_row(out, r, g, who[i], &cells[i], "voronoi", 0);
done:
	if (cells)
		for (i = 0; i < n; i++)
			le_geom_release(&cells[i]);
	free(cells);
	le_geom_release(&clip);
	free(idx);
	free(bounds);
	free(who);
	free(xy);
	return rc;
}

int report_catchments_layer(const struct region *r, struct geo_ctx *g,
			    const int *zone_school, const char *use,
			    struct report_layer *out, struct le_err *err)
{
	int z, polys = 0;

	layer_fields(out, r);
	for (z = 0; z < r->nzones; z++)
		polys += region_zone_polygon(&r->zones[z]) != NULL;
	if (polys)
		return by_zones(r, g, zone_school, use, out, err);
	return by_voronoi(r, g, use, out, err);
}
