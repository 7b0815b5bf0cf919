/*
 * geo.c: the PROJ and GEOS wrappers behind geo.h. This is the only file
 * that includes proj.h and geos_c.h; no PJ or GEOSGeometry pointer leaves
 * it.
 *
 * Invariants:
 *  - One geo_ctx owns one GEOS handle and one PROJ context. Their message
 *    handlers store the last message in the ctx, so every failure is turned
 *    into LE_EGEO with the library's own words (PROJ otherwise says only
 *    "Unknown error" when proj.db is missing).
 *  - Every transform is normalised for visualisation: x = lon / easting,
 *    y = lat / northing, whatever the CRS's official axis order.
 *  - A transform also holds src -> OGC:CRS84, used to check each point
 *    against the dst CRS's area of use before it is transformed; a point
 *    that fails the check is left untouched.
 *  - Every GEOS call's NULL / 0 / 2 "exception" return is checked.
 */
#define GEOS_USE_ONLY_R_API
#include "geo/geo_int.h"

#include <geos_c.h>
#include <proj.h>

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Tolerance around the area of use, in degrees (~1 km): the published
 * boxes are rounded, and coastal schools sit right on their edge. */
#define AREA_MARGIN_DEG 0.01

struct geo_ctx {
	GEOSContextHandle_t gh;
	PJ_CONTEXT *pj;
	char geos_msg[256];     /* last GEOS error or notice */
	char proj_first[256];   /* first PROJ log line since the last reset */
	char proj_msg[256];     /* last PROJ log line */
	char proj_why[520];     /* both, for a message */
};

struct geo_xform {
	struct geo_ctx *g;
	PJ *fwd;                /* src -> dst; NULL when they are the same CRS */
	PJ *ll;                 /* src -> OGC:CRS84, for the area check */
	double area[4];         /* dst area of use: west south east north */
	/* A src-CRS box already proven to lie inside the area of use (see
	 * geo_xform_geom): later geometries inside it need no check. */
	double proven[4];
	int has_proven;
	int proof_misses;       /* failed attempts to widen proven */
};

struct geo_index {
	struct geo_ctx *g;
	GEOSSTRtree *tree;
	GEOSGeometry **geoms;   /* n; NULL for skipped (empty) polygons */
	const GEOSPreparedGeometry **prep;
	int *ids;               /* tree items point here: ids[i] == i */
	int n;
};

/* ---------------------------------------------------------------- context */

/*
 * GEOS reports through callbacks, not return values: the message of the
 * last exception is kept here and read right after a NULL / 0 / 2 return.
 * Notices go to the same slot because GEOS sometimes explains a failure in
 * a notice (e.g. for invalid rings) just before the error.
 */
static void on_geos_msg(const char *message, void *userdata)
{
	struct geo_ctx *g = userdata;

	snprintf(g->geos_msg, sizeof(g->geos_msg), "%s", message ? message : "");
}

/*
 * PROJ logs a failure as a chain: the root cause first ("Cannot find
 * proj.db"), then its consequence ("no database context specified").
 * Keep the first and the last line since the last reset.
 */
static void on_proj_log(void *app_data, int level, const char *message)
{
	struct geo_ctx *g = app_data;

	(void)level;
	if (!message)
		return;
	if (!g->proj_first[0])
		snprintf(g->proj_first, sizeof(g->proj_first), "%s", message);
	snprintf(g->proj_msg, sizeof(g->proj_msg), "%s", message);
}

static void reset_proj_msg(struct geo_ctx *g)
{
	g->proj_first[0] = '\0';
	g->proj_msg[0] = '\0';
	g->proj_why[0] = '\0';
}

/* The best explanation PROJ has for its last failure. */
static const char *reason_proj(struct geo_ctx *g)
{
	const char *s;

	if (g->proj_first[0] && strcmp(g->proj_first, g->proj_msg) != 0) {
		snprintf(g->proj_why, sizeof(g->proj_why), "%s; %s", g->proj_first,
			 g->proj_msg);
		return g->proj_why;
	}
	if (g->proj_msg[0])
		return g->proj_msg;
	s = proj_context_errno_string(g->pj, proj_context_errno(g->pj));
	return s ? s : "unknown error";
}

/* GEOS's last message, or a placeholder when it gave none. */
static const char *reason_geos(struct geo_ctx *g)
{
	return g->geos_msg[0] ? g->geos_msg : "unknown error";
}

/*
 * Order matters: PROJ_NETWORK must be set before the first PROJ context
 * exists anywhere in the process, and the log function must be installed
 * before the probe so that a missing proj.db is explained.
 */
struct geo_ctx *geo_ctx_new(struct le_err *err)
{
	struct geo_ctx *g = xcalloc(1, sizeof(*g));
	PJ *probe = NULL;

	/* Before any PROJ context exists, SpatiaLite's included: an offline
	 * machine must not wait for (and fail on) the CDN grids. */
	setenv("PROJ_NETWORK", "OFF", 1);
	g->gh = GEOS_init_r();
	if (!g->gh) {
		le_errf(err, LE_EGEO, "cannot start GEOS");
		goto fail;
	}
	GEOSContext_setErrorMessageHandler_r(g->gh, on_geos_msg, g);
	GEOSContext_setNoticeMessageHandler_r(g->gh, on_geos_msg, g);
	g->pj = proj_context_create();
	if (!g->pj) {
		le_errf(err, LE_EGEO, "cannot create a PROJ context");
		goto fail;
	}
	proj_context_set_enable_network(g->pj, 0);
	proj_log_func(g->pj, g, on_proj_log);
	/* proj.db is opened lazily; probe it now so that a broken install
	 * fails here with PROJ's reason instead of at the first layer. */
	probe = proj_create(g->pj, "EPSG:4326");
	if (!probe) {
		le_errf(err, LE_EGEO, "PROJ is not usable (%s)", reason_proj(g));
		goto fail;
	}
	proj_destroy(probe);
	reset_proj_msg(g);
	return g;
fail:
	geo_ctx_free(g);
	return NULL;
}

/* Destroy in reverse order of creation; a half-built ctx is fine. */
void geo_ctx_free(struct geo_ctx *g)
{
	if (!g)
		return;
	if (g->pj)
		proj_context_destroy(g->pj);
	if (g->gh)
		GEOS_finish_r(g->gh);
	free(g);
}

/* ---------------------------------------------------------------- transforms */

/* A CRS object for text like "EPSG:27700", or NULL with err set. */
/*
 * Each CRS is created on its own (rather than handing both strings to
 * proj_create_crs_to_crs) so that the message names the CRS that failed.
 */
static PJ *crs_create(struct geo_ctx *g, const char *text, struct le_err *err)
{
	PJ *p;

	reset_proj_msg(g);
	p = proj_create(g->pj, text);
	if (p && !proj_is_crs(p)) {
		/* "+proj=merc" is a valid PROJ string but not a CRS. */
		proj_destroy(p);
		p = NULL;
		snprintf(g->proj_msg, sizeof(g->proj_msg), "not a CRS");
	}
	if (!p)
		le_errf(err, LE_EGEO, "unknown crs '%s' (PROJ: %s)", text,
			reason_proj(g));
	return p;
}

/* src -> dst in visualisation axis order, or NULL with err set. */
static PJ *op_create(struct geo_ctx *g, PJ *src, PJ *dst, const char *src_text,
		     const char *dst_text, struct le_err *err)
{
	PJ *op, *norm = NULL;

	reset_proj_msg(g);
	op = proj_create_crs_to_crs_from_pj(g->pj, src, dst, NULL, NULL);
	if (op)
		norm = proj_normalize_for_visualization(g->pj, op);
	if (!norm)
		le_errf(err, LE_EGEO, "no transform from '%s' to '%s' (PROJ: %s)",
			src_text, dst_text, reason_proj(g));
	proj_destroy(op);
	return norm;
}

/*
 * Three CRS objects are needed: src, dst and OGC:CRS84 (lon/lat on WGS84,
 * the frame PROJ's areas of use are given in). They are only needed while
 * the operations are built and are destroyed at the end.
 */
int geo_xform_new(struct geo_ctx *g, const char *src, const char *dst,
		  struct geo_xform **out, struct le_err *err)
{
	struct geo_xform *xf = xcalloc(1, sizeof(*xf));
	PJ *s = NULL, *d = NULL, *ll = NULL;
	double w, so, e, n;
	int rc = LE_EGEO;

	*out = NULL;
	xf->g = g;
	if (!(s = crs_create(g, src, err)) || !(d = crs_create(g, dst, err)) ||
	    !(ll = crs_create(g, "OGC:CRS84", err)))
		goto done;
	/* The same CRS twice: no work per point, but still the area check
	 * (a lon/lat pair typed into an easting column is caught). */
	if (!proj_is_equivalent_to(s, d, PJ_COMP_EQUIVALENT) &&
	    !(xf->fwd = op_create(g, s, d, src, dst, err)))
		goto done;
	if (!(xf->ll = op_create(g, s, ll, src, "OGC:CRS84", err)))
		goto done;
	/* PROJ reports unknown bounds as -1000; a CRS without an area of
	 * use (a PROJ string) accepts the whole world. */
	if (proj_get_area_of_use(g->pj, d, &w, &so, &e, &n, NULL) &&
	    w > -999 && so > -999 && e > -999 && n > -999) {
		xf->area[0] = w;
		xf->area[1] = so;
		xf->area[2] = e;
		xf->area[3] = n;
	} else {
		xf->area[0] = -180;
		xf->area[1] = -90;
		xf->area[2] = 180;
		xf->area[3] = 90;
	}
	*out = xf;
	xf = NULL;
	rc = LE_OK;
done:
	proj_destroy(ll);
	proj_destroy(d);
	proj_destroy(s);
	geo_xform_free(xf);
	return rc;
}

/* Destructor; NULL is fine. */
void geo_xform_free(struct geo_xform *xf)
{
	if (!xf)
		return;
	proj_destroy(xf->fwd);
	proj_destroy(xf->ll);
	free(xf);
}

void geo_xform_area(const struct geo_xform *xf, double area[4])
{
	memcpy(area, xf->area, sizeof(xf->area));
}

/* Is lon/lat inside the dst area of use (with the margin)? An area with
 * west > east crosses the antimeridian. */
static int in_area(const struct geo_xform *xf, double lon, double lat)
{
	const double *a = xf->area, m = AREA_MARGIN_DEG;

	if (lat < a[1] - m || lat > a[3] + m)
		return 0;
	if (a[0] <= a[2])
		return lon >= a[0] - m && lon <= a[2] + m;
	return lon >= a[0] - m || lon <= a[2] + m;
}

/* GEO_OK / GEO_OUTSIDE / GEO_FAILED for one src point, not swapped. */
/*
 * Non-finite input is refused before PROJ sees it: PROJ would return
 * HUGE_VAL anyway, but NaN compares false everywhere and could slip
 * through the area test.
 */
static int check_point(struct geo_xform *xf, double x, double y)
{
	PJ_COORD c = proj_coord(x, y, 0, 0);

	if (!isfinite(x) || !isfinite(y))
		return GEO_FAILED;
	c = proj_trans(xf->ll, PJ_FWD, c);
	if (!isfinite(c.xy.x) || !isfinite(c.xy.y) || c.xy.x == HUGE_VAL)
		return GEO_FAILED;
	return in_area(xf, c.xy.x, c.xy.y) ? GEO_OK : GEO_OUTSIDE;
}

/* The verdict on a point that failed: maybe its x and y are exchanged
 * (a lat, lon file read as lon, lat). */
static int diagnose(struct geo_xform *xf, double x, double y, int st)
{
	if (check_point(xf, y, x) == GEO_OK)
		return GEO_SWAPPED;
	return st;
}

int geo_xform_point(struct geo_xform *xf, double *x, double *y)
{
	PJ_COORD c;
	int st = check_point(xf, *x, *y);

	if (st != GEO_OK)
		return diagnose(xf, *x, *y, st);
	if (!xf->fwd)
		return GEO_OK;
	c = proj_trans(xf->fwd, PJ_FWD, proj_coord(*x, *y, 0, 0));
	if (!isfinite(c.xy.x) || !isfinite(c.xy.y) || c.xy.x == HUGE_VAL)
		return GEO_FAILED;
	*x = c.xy.x;
	*y = c.xy.y;
	return GEO_OK;
}

/* Transform n interleaved x, y pairs in place with one PROJ call. */
/*
 * proj_trans_generic walks strided arrays, so the interleaved xy of a
 * le_geom is transformed without unpacking it. Failed points come back as
 * HUGE_VAL, which the callers check vertex by vertex.
 */
static void trans_all(PJ *op, double *xy, int n)
{
	size_t stride = 2 * sizeof(double);

	proj_trans_generic(op, PJ_FWD, xy, stride, (size_t)n, xy + 1, stride,
			   (size_t)n, NULL, 0, 0, NULL, 0, 0);
}

/* Is box b (west south east north, src CRS) inside box a? */
static int box_within(const double b[4], const double a[4])
{
	return b[0] >= a[0] && b[1] >= a[1] && b[2] <= a[2] && b[3] <= a[3];
}

/* Would the box b, densified and brought to lon/lat, lie inside the area?
 * 0 means "don't know" (PROJ failed, or part of it lies outside). */
static int box_in_area(struct geo_xform *xf, const double b[4])
{
	double w, s, e, n;

	if (!proj_trans_bounds(xf->g->pj, xf->ll, PJ_FWD, b[0], b[1], b[2], b[3],
			       &w, &s, &e, &n, 21))
		return 0;
	if (!isfinite(w) || !isfinite(s) || !isfinite(e) || !isfinite(n) || w > e)
		return 0;
	return in_area(xf, w, s) && in_area(xf, e, n);
}

/*
 * Proving one box costs 4 x 21 PROJ calls, far more than checking the two
 * vertices of a typical road link, and a national road layer has ~2M
 * links. So the transform remembers the largest box proven so far and
 * tries to widen it (first with room to spare, then to just cover the new
 * geometry) whenever a geometry falls outside: a whole layer is then
 * proven with a few dozen box checks. Near the edge of the area of use
 * widening keeps failing; after PROOF_MISSES_MAX failures only the
 * per-geometry checks remain, so a border layer costs no more than before.
 */
#define PROOF_MISSES_MAX 16

static int covered_by_proof(struct geo_xform *xf, const double b[4])
{
	double u[4], grown[4], dx, dy;

	if (xf->has_proven && box_within(b, xf->proven))
		return 1;
	if (xf->proof_misses >= PROOF_MISSES_MAX)
		return 0;
	memcpy(u, b, sizeof(u));
	if (xf->has_proven) {
		u[0] = fmin(u[0], xf->proven[0]);
		u[1] = fmin(u[1], xf->proven[1]);
		u[2] = fmax(u[2], xf->proven[2]);
		u[3] = fmax(u[3], xf->proven[3]);
	}
	/* A quarter of the larger side each way, at least a small margin so
	 * a single point (zero-size box) grows too. */
	dx = dy = 0.25 * fmax(u[2] - u[0], u[3] - u[1]) + 1e-9 * (fabs(u[0]) + fabs(u[1]) + 1);
	grown[0] = u[0] - dx;
	grown[1] = u[1] - dy;
	grown[2] = u[2] + dx;
	grown[3] = u[3] + dy;
	if (box_in_area(xf, grown)) {
		memcpy(xf->proven, grown, sizeof(grown));
		xf->has_proven = 1;
		return 1;
	}
	if (box_in_area(xf, u)) {
		memcpy(xf->proven, u, sizeof(u));
		xf->has_proven = 1;
		return 1;
	}
	xf->proof_misses++;
	return 0;
}

/*
 * Two passes over a scratch copy: first the area check (skipped when the
 * bounding box alone, or the proven box, shows every vertex inside), then the transform. gm
 * is only written when every vertex succeeded, so callers can report the
 * bad vertex of the geometry exactly as it was read.
 */
int geo_xform_geom(struct geo_xform *xf, struct le_geom *gm, int *bad_vertex)
{
	size_t bytes = sizeof(double) * 2 * (size_t)gm->npoints;
	double *tmp, b[4];
	int i, st = GEO_OK;

	*bad_vertex = -1;
	if (gm->npoints <= 0)
		return GEO_OK;
	/* Check every vertex on a copy first, so a failed geometry is left
	 * exactly as it was. */
	tmp = xmalloc(bytes);
	i = gm->npoints;
	le_geom_bbox(gm, b);
	if (covered_by_proof(xf, b))
		goto checked;
	/* The geometry's own box pays off only for long geometries: a
	 * vertex check is one PROJ call per vertex, a box ~84. */
	if (gm->npoints > 84 && box_in_area(xf, b))
		goto checked;
	memcpy(tmp, gm->xy, bytes);
	trans_all(xf->ll, tmp, gm->npoints);
	for (i = 0; i < gm->npoints; i++) {
		double lon = tmp[2 * i], lat = tmp[2 * i + 1];
		if (!isfinite(lon) || !isfinite(lat) || lon == HUGE_VAL)
			st = GEO_FAILED;
		else if (!in_area(xf, lon, lat))
			st = GEO_OUTSIDE;
		if (st != GEO_OK) {
			st = diagnose(xf, gm->xy[2 * i], gm->xy[2 * i + 1], st);
			goto done;
		}
	}
checked:
	if (!xf->fwd)
		goto done;
	memcpy(tmp, gm->xy, bytes);
	trans_all(xf->fwd, tmp, gm->npoints);
	for (i = 0; i < gm->npoints; i++)
		if (!isfinite(tmp[2 * i]) || !isfinite(tmp[2 * i + 1]) ||
		    tmp[2 * i] == HUGE_VAL) {
			st = GEO_FAILED;
			goto done;
		}
	memcpy(gm->xy, tmp, bytes);
done:
	if (st != GEO_OK)
		*bad_vertex = i;
	free(tmp);
	return st;
}

/* ---------------------------------------------------------------- le_geom <-> GEOS */

/*
 * Ring p of gm as a GEOS linear ring. Rings should be stored closed; one
 * that is not is closed here rather than refused, since GEOS would throw.
 */
static GEOSGeometry *ring_to(struct geo_ctx *g, const struct le_geom *gm, int p,
			     struct le_err *err)
{
	int a = gm->part_start[p], n = gm->part_start[p + 1] - a;
	const double *xy = gm->xy + 2 * a;
	double *closed = NULL;
	GEOSCoordSequence *seq;
	GEOSGeometry *ring = NULL;

	if (n > 0 && (xy[0] != xy[2 * n - 2] || xy[1] != xy[2 * n - 1])) {
		closed = xmalloc(sizeof(double) * 2 * ((size_t)n + 1));
		memcpy(closed, xy, sizeof(double) * 2 * (size_t)n);
		closed[2 * n] = xy[0];
		closed[2 * n + 1] = xy[1];
		xy = closed;
		n++;
	}
	/* Checked here: GEOS would throw, and who frees the sequence then
	 * is not documented. */
	if (n < 4) {
		le_errf(err, LE_EGEO, "ring with %d points (a ring needs at least 4)", n);
		goto done;
	}
	seq = GEOSCoordSeq_copyFromBuffer_r(g->gh, xy, (unsigned)n, 0, 0);
	if (!seq || !(ring = GEOSGeom_createLinearRing_r(g->gh, seq)))
		le_errf(err, LE_EGEO, "cannot build a ring (GEOS: %s)", reason_geos(g));
done:
	free(closed);
	return ring;
}

/* Polygon j of gm (exterior + holes). */
static GEOSGeometry *polygon_to(struct geo_ctx *g, const struct le_geom *gm, int j,
				struct le_err *err)
{
	int p0 = gm->poly_start[j], p1 = gm->poly_start[j + 1], i, nh = 0;
	GEOSGeometry *shell = NULL, **holes = NULL, *poly = NULL;

	if (p1 <= p0)
		return GEOSGeom_createEmptyPolygon_r(g->gh);
	if (!(shell = ring_to(g, gm, p0, err)))
		goto done;
	holes = xcalloc((size_t)(p1 - p0), sizeof(*holes));
	for (i = p0 + 1; i < p1; i++)
		if (!(holes[nh++] = ring_to(g, gm, i, err)))
			goto done;
	/* Ownership of shell and holes passes to the polygon. */
	poly = GEOSGeom_createPolygon_r(g->gh, shell, holes, (unsigned)nh);
	shell = NULL;
	nh = 0;
	if (!poly)
		le_errf(err, LE_EGEO, "cannot build a polygon (GEOS: %s)", reason_geos(g));
done:
	for (i = 0; i < nh; i++)
		if (holes[i])
			GEOSGeom_destroy_r(g->gh, holes[i]);
	free(holes);
	if (shell)
		GEOSGeom_destroy_r(g->gh, shell);
	return poly;
}

/* Line part p of gm. */
/* GEOS refuses lines of fewer than 2 points: refused here with our own
 * message so that the sequence's ownership question never arises. */
static GEOSGeometry *line_to(struct geo_ctx *g, const struct le_geom *gm, int p,
			     struct le_err *err)
{
	int a = gm->part_start[p], n = gm->part_start[p + 1] - a;
	GEOSCoordSequence *seq;
	GEOSGeometry *line = NULL;

	if (n < 2) {
		le_errf(err, LE_EGEO, "line with %d point(s)", n);
		return NULL;
	}
	seq = GEOSCoordSeq_copyFromBuffer_r(g->gh, gm->xy + 2 * a, (unsigned)n, 0, 0);
	if (!seq || !(line = GEOSGeom_createLineString_r(g->gh, seq)))
		le_errf(err, LE_EGEO, "cannot build a line (GEOS: %s)", reason_geos(g));
	return line;
}

/* gm as a GEOS geometry (caller destroys), or NULL with err set. */
static GEOSGeometry *geom_to(struct geo_ctx *g, const struct le_geom *gm,
			     struct le_err *err)
{
	GEOSGeometry **parts = NULL, *out = NULL;
	int i, n = 0, type;

	g->geos_msg[0] = '\0';
	switch (gm->type) {
	case LE_GEOM_POINT:
		if (gm->npoints < 1)
			break;
		out = GEOSGeom_createPointFromXY_r(g->gh, gm->xy[0], gm->xy[1]);
		if (!out)
			le_errf(err, LE_EGEO, "cannot build a point (GEOS: %s)",
				reason_geos(g));
		return out;
	case LE_GEOM_LINESTRING:
		return line_to(g, gm, 0, err);
	case LE_GEOM_POLYGON:
		return polygon_to(g, gm, 0, err);
	case LE_GEOM_MULTILINESTRING:
	case LE_GEOM_MULTIPOLYGON:
		type = gm->type == LE_GEOM_MULTIPOLYGON ? GEOS_MULTIPOLYGON
							 : GEOS_MULTILINESTRING;
		n = type == GEOS_MULTIPOLYGON ? gm->npolys : gm->nparts;
		parts = xcalloc((size_t)n + 1, sizeof(*parts));
		for (i = 0; i < n; i++) {
			parts[i] = type == GEOS_MULTIPOLYGON ? polygon_to(g, gm, i, err)
							     : line_to(g, gm, i, err);
			if (!parts[i])
				goto done;
		}
		/* The collection takes the members (not the array). */
		out = GEOSGeom_createCollection_r(g->gh, type, parts, (unsigned)n);
		n = 0;
		if (!out)
			le_errf(err, LE_EGEO, "cannot build a collection (GEOS: %s)",
				reason_geos(g));
		goto done;
	default:
		break;
	}
	le_errf(err, LE_EGEO, "empty geometry");
done:
	for (i = 0; i < n; i++)
		if (parts[i])
			GEOSGeom_destroy_r(g->gh, parts[i]);
	free(parts);
	return out;
}

/* Append a GEOS ring (borrowed) to out as a new part. */
/* copyToBuffer (GEOS 3.10+) reads the whole sequence in one call instead
 * of one getX / getY pair per vertex. The sequence is borrowed. */
static int ring_from(struct geo_ctx *g, const GEOSGeometry *ring, struct le_geom *out,
		     struct le_err *err)
{
	const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(g->gh, ring);
	unsigned n = 0, i;
	double *xy;

	if (!seq || !GEOSCoordSeq_getSize_r(g->gh, seq, &n))
		return le_errf(err, LE_EGEO, "cannot read a ring (GEOS: %s)",
			       reason_geos(g));
	xy = xmalloc(sizeof(double) * 2 * ((size_t)n + 1));
	if (!GEOSCoordSeq_copyToBuffer_r(g->gh, seq, xy, 0, 0)) {
		free(xy);
		return le_errf(err, LE_EGEO, "cannot read a ring (GEOS: %s)",
			       reason_geos(g));
	}
	le_geom_part(out);
	for (i = 0; i < n; i++)
		le_geom_point(out, xy[2 * i], xy[2 * i + 1]);
	free(xy);
	return LE_OK;
}

/* Append every polygon in x (borrowed), looking into collections; other
 * members (lines and points left by a repair) are dropped. */
static int polys_from(struct geo_ctx *g, const GEOSGeometry *x, struct le_geom *out,
		      struct le_err *err)
{
	int type = GEOSGeomTypeId_r(g->gh, x), i, n, nh;
	const GEOSGeometry *ring;

	if (type == -1)
		return le_errf(err, LE_EGEO, "bad geometry (GEOS: %s)", reason_geos(g));
	if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
		if ((n = GEOSGetNumGeometries_r(g->gh, x)) < 0)
			return le_errf(err, LE_EGEO, "bad collection (GEOS: %s)",
				       reason_geos(g));
		for (i = 0; i < n; i++) {
			const GEOSGeometry *m = GEOSGetGeometryN_r(g->gh, x, i);
			if (!m || polys_from(g, m, out, err))
				return le_errf(err, LE_EGEO, "bad member (GEOS: %s)",
					       reason_geos(g));
		}
		return LE_OK;
	}
	if (type != GEOS_POLYGON || GEOSisEmpty_r(g->gh, x) != 0)
		return LE_OK;
	if (!(ring = GEOSGetExteriorRing_r(g->gh, x)) ||
	    (nh = GEOSGetNumInteriorRings_r(g->gh, x)) < 0)
		return le_errf(err, LE_EGEO, "bad polygon (GEOS: %s)", reason_geos(g));
	le_geom_poly(out);
	if (ring_from(g, ring, out, err))
		return err ? err->code : LE_EGEO;
	for (i = 0; i < nh; i++) {
		if (!(ring = GEOSGetInteriorRingN_r(g->gh, x, i)))
			return le_errf(err, LE_EGEO, "bad hole (GEOS: %s)", reason_geos(g));
		if (ring_from(g, ring, out, err))
			return err ? err->code : LE_EGEO;
	}
	return LE_OK;
}

/* ---------------------------------------------------------------- operations */

/* Only polygons have a validity that matters to estate (zones). */
static int is_polygonal(const struct le_geom *gm)
{
	return gm->type == LE_GEOM_POLYGON || gm->type == LE_GEOM_MULTIPOLYGON;
}

/*
 * isValid first: MakeValid rebuilds even a valid polygon (and may reorder
 * its vertices), and zones should reach the output exactly as given when
 * nothing is wrong with them. The reason string is taken before the
 * repair because it describes the input, which is what a user can fix.
 */
int geo_make_valid(struct geo_ctx *g, struct le_geom *gm, int *repaired,
		   char **reason, struct le_err *err)
{
	GEOSGeometry *in = NULL, *fixed = NULL;
	struct le_geom out;
	char *why;
	int valid, rc = LE_EGEO;

	*repaired = 0;
	*reason = NULL;
	le_geom_init(&out);
	/* Lines and points have nothing to repair for our purposes. */
	if (!is_polygonal(gm) || gm->npoints == 0)
		return LE_OK;
	if (!(in = geom_to(g, gm, err)))
		goto done;
	valid = GEOSisValid_r(g->gh, in);
	if (valid == 2) {
		le_errf(err, LE_EGEO, "cannot check a polygon (GEOS: %s)", reason_geos(g));
		goto done;
	}
	if (valid == 1) {
		rc = LE_OK;
		goto done;
	}
	if ((why = GEOSisValidReason_r(g->gh, in))) {
		*reason = xstrdup(why);
		GEOSFree_r(g->gh, why);
	} else {
		*reason = xstrdup("invalid");
	}
	if (!(fixed = GEOSMakeValid_r(g->gh, in))) {
		le_errf(err, LE_EGEO, "cannot repair a polygon (GEOS: %s)", reason_geos(g));
		goto done;
	}
	le_geom_begin(&out, LE_GEOM_MULTIPOLYGON);
	if (polys_from(g, fixed, &out, err))
		goto done;
	/* One polygon stays a Polygon; none leaves an empty geometry. */
	if (out.npolys == 1)
		out.type = LE_GEOM_POLYGON;
	le_geom_finish(&out);
	if (out.npoints == 0)
		le_geom_release(&out);
	le_geom_move(gm, &out);
	*repaired = 1;
	rc = LE_OK;
done:
	if (rc != LE_OK) {
		free(*reason);
		*reason = NULL;
	}
	le_geom_release(&out);
	if (fixed)
		GEOSGeom_destroy_r(g->gh, fixed);
	if (in)
		GEOSGeom_destroy_r(g->gh, in);
	return rc;
}

/*
 * GEOS's interior point, not the centroid: a U-shaped or a coastal zone
 * has its centroid outside, and this point is what travel is measured
 * from. X and Y are read with the checked getters.
 */
int geo_point_on_surface(struct geo_ctx *g, const struct le_geom *gm,
			 double *x, double *y, struct le_err *err)
{
	GEOSGeometry *in = NULL, *pt = NULL;
	double px, py;
	int rc = LE_EGEO;

	if (gm->npoints == 0)
		return le_errf(err, LE_EGEO, "no point on the surface of an empty geometry");
	if (!(in = geom_to(g, gm, err)))
		goto done;
	if (!(pt = GEOSPointOnSurface_r(g->gh, in)) || GEOSisEmpty_r(g->gh, pt) != 0 ||
	    !GEOSGeomGetX_r(g->gh, pt, &px) || !GEOSGeomGetY_r(g->gh, pt, &py)) {
		le_errf(err, LE_EGEO, "no point on surface (GEOS: %s)", reason_geos(g));
		goto done;
	}
	*x = px;
	*y = py;
	rc = LE_OK;
done:
	if (pt)
		GEOSGeom_destroy_r(g->gh, pt);
	if (in)
		GEOSGeom_destroy_r(g->gh, in);
	return rc;
}

/*
 * Area and length are computed here rather than through GEOS: the same
 * sums GEOSArea / GEOSLength do (shoelace per ring, exterior minus holes;
 * perimeter for polygons), without building a GEOS copy and with no
 * failure path.
 */
static double ring_area(const double *xy, int n)
{
	double s = 0;
	int i;

	/* Relative to the first vertex, to keep precision at BNG scales. */
	for (i = 1; i + 1 < n; i++)
		s += (xy[2 * i] - xy[0]) * (xy[2 * i + 3] - xy[1]) -
		     (xy[2 * i + 2] - xy[0]) * (xy[2 * i + 1] - xy[1]);
	return fabs(s) / 2;
}

double geo_area(struct geo_ctx *g, const struct le_geom *gm)
{
	double total = 0;
	int j, p;

	(void)g;
	if (!is_polygonal(gm) || gm->npoints == 0)
		return 0;
	for (j = 0; j < gm->npolys; j++)
		for (p = gm->poly_start[j]; p < gm->poly_start[j + 1]; p++) {
			int a = gm->part_start[p], n = gm->part_start[p + 1] - a;
			double ar = ring_area(gm->xy + 2 * a, n);
			total += p == gm->poly_start[j] ? ar : -ar;
		}
	return total;
}

/* ---------------------------------------------------------------- index */

/*
 * Every polygon is converted and prepared up front: preparation builds
 * the segment index that makes repeated covers tests cheap, and 7,000
 * zones prepare in a few milliseconds. A failure anywhere frees the whole
 * index, so a caller never sees one with holes in it.
 */
struct geo_index *geo_index_new(struct geo_ctx *g, const struct le_geom *polys,
				int n, struct le_err *err)
{
	struct geo_index *ix = xcalloc(1, sizeof(*ix));
	int i;

	ix->g = g;
	ix->n = n;
	ix->geoms = xcalloc((size_t)n + 1, sizeof(*ix->geoms));
	ix->prep = xcalloc((size_t)n + 1, sizeof(*ix->prep));
	ix->ids = xcalloc((size_t)n + 1, sizeof(*ix->ids));
	/* Node capacity 10, GEOS's own default. */
	if (!(ix->tree = GEOSSTRtree_create_r(g->gh, 10))) {
		le_errf(err, LE_EGEO, "cannot create an index (GEOS: %s)", reason_geos(g));
		goto fail;
	}
	for (i = 0; i < n; i++) {
		ix->ids[i] = i;
		if (polys[i].npoints == 0)
			continue;
		if (!(ix->geoms[i] = geom_to(g, &polys[i], err)))
			goto fail;
		if (!(ix->prep[i] = GEOSPrepare_r(g->gh, ix->geoms[i]))) {
			le_errf(err, LE_EGEO, "cannot prepare polygon %d (GEOS: %s)", i,
				reason_geos(g));
			goto fail;
		}
		/* The tree keeps the envelope and the item pointer only. */
		GEOSSTRtree_insert_r(g->gh, ix->tree, ix->geoms[i], &ix->ids[i]);
	}
	return ix;
fail:
	geo_index_free(ix);
	return NULL;
}

/* Tree first (it points at geometries), then prepared, then originals. */
void geo_index_free(struct geo_index *ix)
{
	int i;

	if (!ix)
		return;
	if (ix->tree)
		GEOSSTRtree_destroy_r(ix->g->gh, ix->tree);
	for (i = 0; i < ix->n; i++) {
		if (ix->prep[i])
			GEOSPreparedGeom_destroy_r(ix->g->gh, ix->prep[i]);
		if (ix->geoms[i])
			GEOSGeom_destroy_r(ix->g->gh, ix->geoms[i]);
	}
	free(ix->ids);
	free(ix->prep);
	free(ix->geoms);
	free(ix);
}

/* What the tree callback needs: the candidates are tested against the
 * query point, and the best (lowest) index so far is kept. */
struct find_state {
	struct geo_index *ix;
	const GEOSGeometry *pt;
	int best;
};

/* STRtree callback: keep the lowest candidate index that covers the point
 * (covers, not contains: a point on a shared edge belongs somewhere). */
static void find_cb(void *item, void *userdata)
{
	struct find_state *st = userdata;
	int id = *(const int *)item;

	if (st->best >= 0 && id >= st->best)
		return;
	/* 2 (a GEOS exception) counts as "not covered". */
	if (GEOSPreparedCovers_r(st->ix->g->gh, st->ix->prep[id], st->pt) == 1)
		st->best = id;
}

/*
 * The tree returns candidates in no particular order; the callback keeps
 * the lowest covering index, so the answer does not depend on the tree's
 * layout. A GEOS failure while building the query point means "not found".
 */
int geo_index_find(struct geo_index *ix, double x, double y)
{
	struct find_state st;
	GEOSGeometry *pt;

	if (!ix || ix->n == 0)
		return -1;
	if (!(pt = GEOSGeom_createPointFromXY_r(ix->g->gh, x, y)))
		return -1;
	st.ix = ix;
	st.pt = pt;
	st.best = -1;
	GEOSSTRtree_query_r(ix->g->gh, ix->tree, pt, find_cb, &st);
	GEOSGeom_destroy_r(ix->g->gh, pt);
	return st.best;
}

/* ---------------------------------------------------------------- CRS text */

/*
 * WKT 1 in GDAL's flavour: GeoPackage 1.2 defines the SRS definition as
 * OGC 01-009 WKT, and GDAL / QGIS read GDAL's own spelling best. The
 * identifier comes from the CRS object itself so that "EPSG:27700" and a
 * full WKT name the same code.
 */
int geo_crs_info(struct geo_ctx *g, const char *crs, struct geo_crs_info *out,
		 struct le_err *err)
{
	const char *opts[] = { "MULTILINE=NO", NULL };
	const char *s;
	PJ *p;
	int rc = LE_EGEO;

	memset(out, 0, sizeof(*out));
	if (!(p = crs_create(g, crs, err)))
		return LE_EGEO;
	s = proj_as_wkt(g->pj, p, PJ_WKT1_GDAL, opts);
	if (!s) {
		le_errf(err, LE_EGEO, "crs '%s' has no WKT 1 form (PROJ: %s)", crs,
			reason_proj(g));
		goto done;
	}
	out->wkt = xstrdup(s);
	s = proj_get_name(p);
	out->name = xstrdup(s ? s : crs);
	if ((s = proj_get_id_auth_name(p, 0)))
		out->auth = xstrdup(s);
	if ((s = proj_get_id_code(p, 0)))
		out->code = atoi(s);
	rc = LE_OK;
done:
	proj_destroy(p);
	return rc;
}

void geo_crs_info_release(struct geo_crs_info *ci)
{
	if (!ci)
		return;
	free(ci->name);
	free(ci->auth);
	free(ci->wkt);
	memset(ci, 0, sizeof(*ci));
}

/* ---------------------------------------------------------------- overlay */

/* The polygonal parts of x (borrowed) as a MultiPolygon le_geom. */
static int multi_from(struct geo_ctx *g, const GEOSGeometry *x, struct le_geom *out,
		      struct le_err *err)
{
	le_geom_init(out);
	le_geom_begin(out, LE_GEOM_MULTIPOLYGON);
	if (polys_from(g, x, out, err)) {
		le_geom_release(out);
		return err ? err->code : LE_EGEO;
	}
	le_geom_finish(out);
	if (out->npoints == 0)
		le_geom_release(out);
	return LE_OK;
}

/*
 * One collection and one GEOSUnaryUnion: GEOS unites the members in a
 * cascade (pairs of neighbours first), far quicker than adding zones one
 * at a time, and the result has no slivers along shared edges when the
 * zones share their vertices.
 */
int geo_union(struct geo_ctx *g, const struct le_geom *polys, const int *idx, int n,
	      struct le_geom *out, struct le_err *err)
{
	GEOSGeometry **parts = xcalloc((size_t)n + 1, sizeof(*parts));
	GEOSGeometry *coll = NULL, *u = NULL;
	int i, m = 0, rc = LE_EGEO;

	le_geom_init(out);
	for (i = 0; i < n; i++) {
		const struct le_geom *p = &polys[idx[i]];
		if (p->npoints == 0 || !is_polygonal(p))
			continue;
		if (!(parts[m] = geom_to(g, p, err)))
			goto done;
		m++;
	}
	if (m == 0) {
		rc = LE_OK;
		goto done;
	}
	/* The collection takes the members (not the array). */
	coll = GEOSGeom_createCollection_r(g->gh, GEOS_GEOMETRYCOLLECTION, parts,
					   (unsigned)m);
	if (!coll) {
		le_errf(err, LE_EGEO, "cannot build a collection (GEOS: %s)", reason_geos(g));
		goto done;
	}
	m = 0;
	if (!(u = GEOSUnaryUnion_r(g->gh, coll))) {
		le_errf(err, LE_EGEO, "cannot unite polygons (GEOS: %s)", reason_geos(g));
		goto done;
	}
	rc = multi_from(g, u, out, err);
done:
	for (i = 0; i < m; i++)
		if (parts[i])
			GEOSGeom_destroy_r(g->gh, parts[i]);
	free(parts);
	if (u)
		GEOSGeom_destroy_r(g->gh, u);
	if (coll)
		GEOSGeom_destroy_r(g->gh, coll);
	return rc;
}

/*
 * Adjacency for estate rezone: a pair of polygons is adjacent when their
 * DE-9IM matrix says they share a boundary of positive length (B/B, I/B
 * or B/I of dimension 1) or overlap (I/I of dimension 2: real zone files
 * have slivers where neighbours were simplified apart). A corner alone
 * (dimension 0) is not adjacency: two catchments meeting at a point are
 * two pieces. Envelopes filter the pairs first (sorted by west edge, a
 * sweep), so the cost is that of the few real neighbours.
 */
struct adj_box {
	double b[4];
	int i;
};

static int by_west(const void *pa, const void *pb)
{
	const struct adj_box *a = pa, *b = pb;

	if (a->b[0] != b->b[0])
		return a->b[0] < b->b[0] ? -1 : 1;
	return a->i - b->i;
}

static int by_pair(const void *pa, const void *pb)
{
	const int *a = pa, *b = pb;

	return a[0] != b[0] ? (a[0] < b[0] ? -1 : 1) : (a[1] > b[1]) - (a[1] < b[1]);
}

int geo_adjacency(struct geo_ctx *g, const struct le_geom *polys, int n, int **pairs,
		  int *npairs, struct le_err *err)
{
	struct adj_box *bx = xcalloc((size_t)n + 1, sizeof(*bx));
	GEOSGeometry **gs = xcalloc((size_t)n + 1, sizeof(*gs));
	int *out = NULL, nout = 0, alloc = 0, i, j, m = 0, rc = LE_EGEO;

	*pairs = NULL;
	*npairs = 0;
	for (i = 0; i < n; i++) {
		if (polys[i].npoints == 0 || !is_polygonal(&polys[i]) ||
		    le_geom_bbox(&polys[i], bx[m].b) != 0)
			continue;
		if (!(gs[i] = geom_to(g, &polys[i], err)))
			goto done;
		bx[m++].i = i;
	}
	qsort(bx, (size_t)m, sizeof(*bx), by_west);
	for (i = 0; i < m; i++)
		for (j = i + 1; j < m && bx[j].b[0] <= bx[i].b[2]; j++) {
			char *mx;
			int adj, a = bx[i].i, b = bx[j].i;

			if (bx[j].b[1] > bx[i].b[3] || bx[j].b[3] < bx[i].b[1])
				continue;
			if (!(mx = GEOSRelate_r(g->gh, gs[a], gs[b]))) {
				le_errf(err, LE_EGEO, "cannot relate polygons %d and %d (GEOS: %s)", a, b,
					reason_geos(g));
				goto done;
			}
			/* Order: II IB IE BI BB BE EI EB EE. */
			adj = mx[0] == '2' || mx[1] == '1' || mx[3] == '1' || mx[4] == '1';
			GEOSFree_r(g->gh, mx);
			if (!adj)
				continue;
			ALLOC_GROW(out, 2 * (nout + 1), alloc);
			out[2 * nout] = a < b ? a : b;
			out[2 * nout + 1] = a < b ? b : a;
			nout++;
		}
	qsort(out, (size_t)nout, 2 * sizeof(int), by_pair);
	*pairs = out;
	*npairs = nout;
	out = NULL;
	rc = LE_OK;
done:
	for (i = 0; i < n; i++)
		if (gs[i])
			GEOSGeom_destroy_r(g->gh, gs[i]);
	free(gs);
	free(bx);
	free(out);
	return rc;
}

/* The points as one GEOS MultiPoint (caller destroys). */
static GEOSGeometry *multipoint(struct geo_ctx *g, const double *xy, int n,
				struct le_err *err)
{
	GEOSGeometry **pts = xcalloc((size_t)n + 1, sizeof(*pts)), *mp = NULL;
	int i, m = 0;

	for (i = 0; i < n; i++, m++)
		if (!(pts[i] = GEOSGeom_createPointFromXY_r(g->gh, xy[2 * i], xy[2 * i + 1])))
			break;
	if (m == n)
		mp = GEOSGeom_createCollection_r(g->gh, GEOS_MULTIPOINT, pts, (unsigned)n);
	if (mp)
		m = 0;
	else
		le_errf(err, LE_EGEO, "cannot build points (GEOS: %s)", reason_geos(g));
	for (i = 0; i < m; i++)
		if (pts[i])
			GEOSGeom_destroy_r(g->gh, pts[i]);
	free(pts);
	return mp;
}

/*
 * GEOSVoronoiDiagram's envelope only extends the diagram (its outer cells
 * are still cut at an arbitrary frame), so every cell is clipped here.
 * The cells come back in no documented order: each point is matched to
 * the cell that covers it (a prepared cell makes the n x n test cheap).
 */
int geo_voronoi(struct geo_ctx *g, const double *xy, int n, const struct le_geom *clip,
		struct le_geom *cells, struct le_err *err)
{
	GEOSGeometry *mp = NULL, *clipg = NULL, *diag = NULL, *pt = NULL;
	int i, k, ncells, rc = LE_EGEO;

	for (i = 0; i < n; i++)
		le_geom_init(&cells[i]);
	if (n == 0)
		return LE_OK;
	if (!(mp = multipoint(g, xy, n, err)))
		goto done;
	if (clip && clip->npoints > 0) {
		if (!(clipg = geom_to(g, clip, err)))
			goto done;
	} else {
		double b[4] = { xy[0], xy[1], xy[0], xy[1] }, dx, dy;
		struct le_geom box;
		for (i = 1; i < n; i++) {
			b[0] = fmin(b[0], xy[2 * i]);
			b[1] = fmin(b[1], xy[2 * i + 1]);
			b[2] = fmax(b[2], xy[2 * i]);
			b[3] = fmax(b[3], xy[2 * i + 1]);
		}
		/* A single point (or a line of them) still needs an area. */
		dx = fmax((b[2] - b[0]) / 10, 100);
		dy = fmax((b[3] - b[1]) / 10, 100);
		le_geom_init(&box);
		le_geom_begin(&box, LE_GEOM_POLYGON);
		le_geom_poly(&box);
		le_geom_part(&box);
		le_geom_point(&box, b[0] - dx, b[1] - dy);
		le_geom_point(&box, b[2] + dx, b[1] - dy);
		le_geom_point(&box, b[2] + dx, b[3] + dy);
		le_geom_point(&box, b[0] - dx, b[3] + dy);
		le_geom_point(&box, b[0] - dx, b[1] - dy);
		le_geom_finish(&box);
		clipg = geom_to(g, &box, err);
		le_geom_release(&box);
		if (!clipg)
			goto done;
	}
	if (!(diag = GEOSVoronoiDiagram_r(g->gh, mp, clipg, 0.0, 0)) ||
	    (ncells = GEOSGetNumGeometries_r(g->gh, diag)) < 0) {
		le_errf(err, LE_EGEO, "cannot build Voronoi cells (GEOS: %s)", reason_geos(g));
		goto done;
	}
	for (k = 0; k < ncells; k++) {
		const GEOSGeometry *c = GEOSGetGeometryN_r(g->gh, diag, k);
		const GEOSPreparedGeometry *pc;
		GEOSGeometry *cut = NULL;
		if (!c || !(pc = GEOSPrepare_r(g->gh, c))) {
			le_errf(err, LE_EGEO, "bad Voronoi cell (GEOS: %s)", reason_geos(g));
			goto done;
		}
		for (i = 0; i < n; i++) {
			int hit;
			if (cells[i].npoints > 0 || cells[i].type != LE_GEOM_NONE)
				continue;
			if (!(pt = GEOSGeom_createPointFromXY_r(g->gh, xy[2 * i], xy[2 * i + 1])))
				break;
			hit = GEOSPreparedCovers_r(g->gh, pc, pt);
			GEOSGeom_destroy_r(g->gh, pt);
			pt = NULL;
			if (hit != 1)
				continue;
			/* Clip once per cell, copy to every point it holds. */
			if (!cut && !(cut = GEOSIntersection_r(g->gh, c, clipg)))
				break;
			if (multi_from(g, cut, &cells[i], err))
				break;
			/* Marks "matched" even when the clipped cell is empty. */
			if (cells[i].npoints == 0)
				cells[i].type = LE_GEOM_MULTIPOLYGON;
		}
		GEOSPreparedGeom_destroy_r(g->gh, pc);
		if (cut)
			GEOSGeom_destroy_r(g->gh, cut);
		if (i < n) {
			le_errf(err, LE_EGEO, "cannot clip a Voronoi cell (GEOS: %s)",
				reason_geos(g));
			goto done;
		}
	}
	/* Matched-but-empty cells were marked by their type: back to empty. */
	for (i = 0; i < n; i++)
		if (cells[i].npoints == 0)
			cells[i].type = LE_GEOM_NONE;
	rc = LE_OK;
done:
	if (rc != LE_OK)
		for (i = 0; i < n; i++)
			le_geom_release(&cells[i]);
	if (diag)
		GEOSGeom_destroy_r(g->gh, diag);
	if (clipg)
		GEOSGeom_destroy_r(g->gh, clipg);
	if (mp)
		GEOSGeom_destroy_r(g->gh, mp);
	return rc;
}

/* ---------------------------------------------------------------- for geo/ */

/* geo_int.h: what the other files of geo/ (land.c) need from this one. */
void *geo_int_handle(struct geo_ctx *g)
{
	return g->gh;
}

void *geo_int_polygon(struct geo_ctx *g, const struct le_geom *gm, int j,
		      struct le_err *err)
{
	g->geos_msg[0] = '\0';
	return polygon_to(g, gm, j, err);
}

const char *geo_int_reason(struct geo_ctx *g)
{
	return reason_geos(g);
}
