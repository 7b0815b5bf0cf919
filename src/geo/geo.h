/*
 * geo.h: coordinate reference systems (PROJ) and geometry operations (GEOS)
 * behind a small interface. geo/ is the only includer of proj.h and
 * geos_c.h; no GEOSGeometry or PJ pointer leaves it.
 *
 * One struct geo_ctx per run owns the GEOS handle (GEOS_init_r) and the PROJ
 * context (network off, errors captured through a log function).
 * Coordinates are always handled in "visualisation" order: x = longitude /
 * easting, y = latitude / northing, whatever the CRS's official axis order.
 */
#ifndef ESTATE_GEO_H
#define ESTATE_GEO_H

#include "core/core.h"

struct geo_ctx;
struct geo_xform;
struct geo_index;

/* Create the run's context (sets PROJ_NETWORK=OFF first). NULL + err on
 * failure (LE_EGEO, with PROJ's own message, e.g. "cannot find proj.db"). */
struct geo_ctx *geo_ctx_new(struct le_err *err);
void geo_ctx_free(struct geo_ctx *g);

/*
 * A transform from src to dst CRS ("EPSG:4326", "OGC:CRS84", "EPSG:27700",
 * any string proj_create accepts). Creating one costs ~45 ms: make it once
 * per layer, not per point. Also prepares the dst CRS's area of use
 * (lon/lat box) for geo_xform_point's checks.
 * Errors: LE_EGEO "unknown crs 'EPSG:99999'" with PROJ's reason.
 */
int geo_xform_new(struct geo_ctx *g, const char *src, const char *dst,
		  struct geo_xform **out, struct le_err *err);
void geo_xform_free(struct geo_xform *xf);

enum geo_check {
	GEO_OK = 0,
	GEO_OUTSIDE,      /* outside the target CRS's area of use */
	GEO_SWAPPED,      /* outside, but inside with x and y exchanged */
	GEO_FAILED        /* PROJ could not transform it (infinite etc.) */
};

/*
 * Transform one point in place (src -> dst) after checking that it lies in
 * the dst CRS's area of use. Returns a geo_check value; on anything but
 * GEO_OK the point is left unchanged.
 */
int geo_xform_point(struct geo_xform *xf, double *x, double *y);

/*
 * Transform a whole geometry in place. On failure returns the geo_check
 * value of the first bad vertex and stores its index in *bad_vertex.
 */
int geo_xform_geom(struct geo_xform *xf, struct le_geom *gm, int *bad_vertex);

/* The area of use of the dst CRS as lon/lat degrees (west south east north). */
void geo_xform_area(const struct geo_xform *xf, double area[4]);

/*
 * Repair a polygon / multipolygon with GEOSMakeValid if it is invalid.
 * *repaired = 1 when it was invalid (then *reason holds GEOS's reason,
 * e.g. "Self-intersection[3.1 4.2]"; caller frees), else 0. Non-polygonal
 * results of the repair keep only their polygonal parts.
 */
int geo_make_valid(struct geo_ctx *g, struct le_geom *gm, int *repaired,
		   char **reason, struct le_err *err);

/* A point guaranteed inside a polygon (GEOSPointOnSurface). */
int geo_point_on_surface(struct geo_ctx *g, const struct le_geom *gm,
			 double *x, double *y, struct le_err *err);

/* Area (CRS units squared) of a geometry. */
double geo_area(struct geo_ctx *g, const struct le_geom *gm);

/*
 * A point-in-polygon index over n polygons (GEOS STRtree of prepared
 * geometries). The polygons are copied; indices are positions in the
 * array given (empty geometries are skipped).
 */
struct geo_index *geo_index_new(struct geo_ctx *g, const struct le_geom *polys,
				int n, struct le_err *err);
void geo_index_free(struct geo_index *ix);
/* Index of the first polygon (lowest index) containing (x, y), or -1. */
int geo_index_find(struct geo_index *ix, double x, double y);

/* ---------------------------------------------------------------- CRS text */

/* What a writer needs to describe a CRS (all strings malloc'd). */
struct geo_crs_info {
	char *name;             /* "OSGB36 / British National Grid" */
	char *auth;             /* "EPSG", or NULL when PROJ knows no id */
	int code;               /* 27700; 0 when no id */
	char *wkt;              /* OGC WKT 1 (the GDAL flavour, as GeoPackage
				   1.2 and .prj files expect) */
};

/* Describe crs ("EPSG:27700"). Errors: LE_EGEO "unknown crs ..." or "crs
 * 'X' has no WKT 1 form". Release with geo_crs_info_release. */
int geo_crs_info(struct geo_ctx *g, const char *crs, struct geo_crs_info *out,
		 struct le_err *err);
void geo_crs_info_release(struct geo_crs_info *ci);

/* ---------------------------------------------------------------- overlay */

/*
 * Union (GEOSUnaryUnion over one collection) of the polygons
 * polys[idx[0..n-1]] (empty ones skipped) into out, a MultiPolygon in the
 * same CRS (empty when there is nothing to unite). Shared edges between
 * neighbouring zones dissolve, so a school's zones become one outline.
 * out is overwritten (not released first). Errors: LE_EGEO.
 */
int geo_union(struct geo_ctx *g, const struct le_geom *polys, const int *idx, int n,
	      struct le_geom *out, struct le_err *err);

/*
 * Which polygons touch along an edge (estate rezone's contiguity): the
 * pairs (a, b), a < b, of polys[0 .. n) that share a boundary of positive
 * length or overlap; a shared corner alone does not count. Empty
 * polygons have no neighbours. *pairs (2 * *npairs ints, sorted by a then
 * b, malloc'd: free() it) receives them. Errors: LE_EGEO.
 */
int geo_adjacency(struct geo_ctx *g, const struct le_geom *polys, int n, int **pairs,
		  int *npairs, struct le_err *err);

/*
 * Voronoi cells of n points (xy, interleaved) clipped to clip (a polygon
 * or multipolygon, or NULL: the points' envelope grown by a tenth). cells
 * (n, overwritten) gets each point's cell as a MultiPolygon; points at the
 * same place share one cell (both get a copy). GEOS returns the cells in
 * its own order: each is matched to the points it covers. A point outside
 * clip gets an empty cell. Errors: LE_EGEO.
 */
int geo_voronoi(struct geo_ctx *g, const double *xy, int n, const struct le_geom *clip,
		struct le_geom *cells, struct le_err *err);

/* ---------------------------------------------------------------- land */

/*
 * Landmasses from the zone polygons (geo/land.c): every polygon part of
 * every zone is a piece of land; two pieces closer than gap_m (metres,
 * working CRS) are on one landmass (so a causeway or bridge shorter than
 * the gap joins, and slivers between simplified neighbours close); the
 * landmasses are the connected groups, numbered 0.. in order of their
 * first piece (zone order, then part order), so the same input gives the
 * same ids. Equivalent to the connected pieces of the union of the parts
 * each grown by gap_m / 2, without building that union.
 *
 * zones: n geometries (empty ones get land -1); zpt: their representative
 * points (2n, interleaved, in and out): a zone is on the landmass of the
 * part holding its point, except that a zone over several landmasses
 * goes to the one the most zones share, its point moved inside its
 * largest piece there (a town zone with an offshore island lives in the
 * town; a zone of islands alone stays where its point is). pts: m more points (schools, ferry ports; 2m, may be NULL when m is
 * 0): each gets the landmass of the part holding it, else of the nearest
 * part, with that distance in pt_off_m (0 when inside; -1 with land -1
 * when there is no land at all). Outputs are caller-allocated: zone_land
 * (n), pt_land and pt_off_m (m); *nland the number of landmasses.
 * Errors: LE_EGEO with GEOS's message.
 */
int geo_landmasses(struct geo_ctx *g, const struct le_geom *zones, double *zpt,
		   int n, const double *pts, int m, double gap_m, int *zone_land,
		   int *pt_land, double *pt_off_m, int *nland, struct le_err *err);

#endif
