/*
 * catchment.c: allocation = catchment. The `catchment` file is either a
 * zone-school table (CSV: zone, school) or a layer of catchment polygons
 * (GeoJSON, GeoPackage, SpatiaLite: one feature per school, with a
 * school id field). A zone goes to the school whose catchment polygon
 * contains its representative point (the point load/ computed inside the
 * zone polygon, so a zone straddling two catchments goes to one).
 *
 * Councils keep primary and secondary, non-denominational and RC
 * catchments as overlapping layers, often in one file: the polygons are
 * therefore indexed per school set (sector x stream), and a zone is
 * looked up in each set. A zone outside every catchment of a set that has
 * some is listed in one warning and its pupils go to the nearest school
 * of the set (straight line x detour factor); `catchment_outside = error`
 * makes it an error. A set without any polygon (say, no RC catchments in
 * the file) goes to the nearest school wholly, with a warning.
 * Gaelic-medium pupils always go to the nearest Gaelic school.
 *
 * Invariants: polygons are converted to the working CRS before indexing;
 * a feature naming an unknown school is an error with its feature number.
 */
#include "model/model_int.h"

#include <stdlib.h>
#include <string.h>

/* At most this many zone ids in a warning: enough to find the pattern. */
enum { LIST_MAX = 20 };

static const char *set_name(int sec, int t, char *out, size_t n)
{
	/* The stream table's label, so a Gaelic-medium set is not called
	 * non-denominational. */
	snprintf(out, n, "%s %s", sec ? "secondary" : "primary", le_stream_label(t));
	return out;
}

/* Every kept feature a polygon, converted in place to the working CRS
 * (the study's catchment.crs, else the file's own); school[] reset. */
static int check_features(struct model_src *src, const struct study *s,
			  struct geo_ctx *g, const char *working, int csch,
			  int *school, struct le_err *err)
{
	struct geo_xform *xf = NULL;
	const char *crs = NULL;
	char where[600];
	int i, rc, bad = 0;

	/* catchment.crs, else the file's own, else the working CRS: the
	 * layers' rule, through their helper. */
	(void)s;
	if ((rc = input_xform(&src->map, g, NULL, src->t.crs, &xf, &crs, err)))
		goto done;
	for (i = 0; i < src->t.nrows; i++) {
		struct le_geom *gm = &src->t.geoms[i];

		school[i] = -1;
		if (!src->keep[i])
			continue;
		io_where(&src->t, i, where, sizeof(where));
		if (gm->type != LE_GEOM_POLYGON && gm->type != LE_GEOM_MULTIPOLYGON) {
			rc = le_errf(err, LE_EGEO, "%s: catchment of school '%s' is a %s (expected Polygon or MultiPolygon)",
				     where, io_cell(&src->t, i, csch),
				     gm->npoints ? le_geom_type_name(gm->type) : "missing geometry");
			goto done;
		}
		if (geo_xform_geom(xf, gm, &bad) != GEO_OK) {
			rc = le_errf(err, LE_EGEO, "%s: catchment of school '%s': vertex %d cannot be converted from %s to %s",
				     where, io_cell(&src->t, i, csch), bad + 1, crs, working);
			goto done;
		}
	}
done:
	geo_xform_free(xf);
	return rc;
}

/* Zones outside every polygon of a set: one warning (or the error). */
static int outside(struct model *m, const struct study *s, const char *path,
		   const int *zones, int n, int sec, int t, struct le_diags *d,
		   struct le_err *err)
{
	const char *mode = study_model_get(s, "catchment_outside", NULL);
	char name[64];
	struct buf b;
	int i, rc = LE_OK;

	buf_init(&b);
	for (i = 0; i < n && i < LIST_MAX; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", m->r->zones[zones[i]].id);
	if (n > LIST_MAX)
		buf_addf(&b, " and %d more", n - LIST_MAX);
	set_name(sec, t, name, sizeof(name));
	if (mode && strcmp(mode, "error") == 0)
		rc = le_errf(err, LE_EDATA, "%s: %d zone%s outside every %s catchment (catchment_outside = error): %s",
			     path, n, n == 1 ? "" : "s", name, b.s);
	else
		le_diag_add(d, LE_WARNING, "catchment",
			    "%s: %d zone%s outside every %s catchment, allocated to the nearest %s school instead (straight line; 'catchment_outside = error' to stop): %s",
			    path, n, n == 1 ? "" : "s", name, name, b.s);
	buf_release(&b);
	return rc;
}

/*
 * Per set: index its polygons, look every zone's point up, collect the
 * (zone, school) pairs; then the pairs become the table and the empty
 * keys are filled with the nearest school.
 */
static int from_polygons(struct model *m, const struct study *s, struct model_src *src,
			 const char *path, struct geo_ctx *g, struct le_diags *d,
			 struct le_err *err)
{
	const struct region *r = m->r;
	int csch, rc, i, z, sec, t, n = 0, nout, *school = NULL, *pz = NULL, *pk = NULL;
	int *ids = NULL, *out = NULL;
	struct le_geom *polys = NULL;
	struct model_cands c;
	char where[600], name[64];

	memset(&c, 0, sizeof(c));
	if ((rc = model_src_col(src, "school", 1, &csch, err)))
		goto done;
	school = xmalloc(sizeof(int) * ((size_t)src->t.nrows + 1));
	if ((rc = check_features(src, s, g, r->crs, csch, school, err)))
		goto done;
	for (i = 0; i < src->t.nrows; i++) {
		if (!src->keep[i])
			continue;
		if ((school[i] = region_school(r, io_cell(&src->t, i, csch))) < 0) {
			io_where(&src->t, i, where, sizeof(where));
			rc = le_errf(err, LE_EDATA, "%s: column '%s': catchment of school '%s', which is not in the study's schools",
				     where, src->t.cols[csch], io_cell(&src->t, i, csch));
			goto done;
		}
	}
	polys = xmalloc(sizeof(*polys) * ((size_t)src->t.nrows + 1));
	ids = xmalloc(sizeof(int) * ((size_t)src->t.nrows + 1));
	pz = xmalloc(sizeof(int) * ((size_t)r->nzones * 4 + 1));
	pk = xmalloc(sizeof(int) * ((size_t)r->nzones * 4 + 1));
	out = xmalloc(sizeof(int) * ((size_t)r->nzones + 1));
	for (sec = 0; sec < 2; sec++)
		for (t = MODEL_ND; t <= MODEL_RC; t++) {
			struct geo_index *ix;
			int np = 0;

			for (i = 0; i < src->t.nrows; i++)
				if (school[i] >= 0 && model_serves(&r->stages, &r->schools[school[i]], sec, t)) {
					/* Shallow copies: the index copies them. */
					polys[np] = src->t.geoms[i];
					ids[np++] = school[i];
				}
			if (np == 0) {
				/* No catchment of the set at all: a file of one
				 * sector or stream, not a zone problem. */
				for (i = 0; i < r->nschools && !model_serves(&r->stages, &r->schools[i], sec, t); i++)
					;
				if (i < r->nschools)
					le_diag_add(d, LE_WARNING, "catchment",
						    "%s: no %s catchments: those pupils go to the nearest %s school",
						    path, set_name(sec, t, name, sizeof(name)), name);
				continue;
			}
			if (!(ix = geo_index_new(g, polys, np, err))) {
				rc = err->code ? err->code : LE_EGEO;
				goto done;
			}
			nout = 0;
			for (z = 0; z < r->nzones; z++) {
				int p;

				if (!r->zones[z].has_geom)
					continue;
				if ((p = geo_index_find(ix, r->zones[z].px, r->zones[z].py)) < 0) {
					out[nout++] = z;
					continue;
				}
				pz[n] = z;
				pk[n++] = ids[p];
			}
			geo_index_free(ix);
			if (nout && (rc = outside(m, s, path, out, nout, sec, t, d, err)))
				goto done;
		}
	model_alloc_catchment(m, pz, pk, n);
	model_cands_straight(&c, r, r->nschools ? r->nschools : 1, m->p.detour_factor);
	model_alloc_fill(m, &c, 1u << MODEL_ND | 1u << MODEL_RC | 1u << MODEL_GM);
done:
	model_cands_release(&c);
	free(school);
	free(polys);
	free(ids);
	free(pz);
	free(pk);
	free(out);
	return rc;
}

int model_read_catchment(struct model *m, const struct study *s, const char *path,
			 struct geo_ctx *g, struct le_diags *d, struct le_err *err)
{
	struct model_src src;
	int rc, *zone = NULL, *school = NULL, n = 0;
	double *share = NULL;

	if ((rc = model_src_open(&src, s, "catchment", path, 1, err)))
		goto done;
	if (src.t.geoms) {
		if (!g) {
			rc = le_errf(err, LE_EGEO, "%s: catchment polygons need the geometry library (no geo context)", path);
			goto done;
		}
		rc = from_polygons(m, s, &src, path, g, d, err);
		goto done;
	}
	/* A plain table: the pairs reader, then Gaelic to the nearest. */
	if ((rc = model_read_pairs(m, s, "catchment", path, 0, &zone, &school, &share, &n, err)))
		goto done;
	model_alloc_catchment(m, zone, school, n);
	model_alloc_gaelic(m);
done:
	model_src_close(&src);
	free(zone);
	free(school);
	free(share);
	return rc;
}
