/*
 * layer.c: what every layer loader shares: the file a study section
 * names, read, filtered, mapped and converted to the working CRS
 * through src/input/ (input.h, which net/read.c's roads use too), kept
 * with its keep flags and transform for the loaders.
 *
 * Messages about the study's own keys point at the study file's line
 * ("study.ini:14: ..."); messages about data point at the data file's line
 * or feature ("schools.csv:12: ...").
 *
 * Filters run in layer_open, on the raw cell text, before any loader parses a
 * field: one national file (the Scottish Government school roll, NRS
 * population) feeds one council or a whole collaborative, and rows of
 * other councils must neither be parsed nor counted. A bad capacity in a
 * school of a council the study excluded is not this study's problem, and
 * an id used by two councils in the national file must not be reported as
 * a duplicate. Loaders skip rows with keep[i] == 0 and never look at them.
 *
 * Ownership: struct layer owns its table, keep flags and transform
 * (layer_close frees them); it borrows the study and the geo context.
 * Loaders may move geometries out of ly->t.geoms (le_geom_move), which
 * leaves an empty geometry behind for layer_close to release.
 */
#include "load/load_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int layer_open(struct layer *ly, const struct study *s, int kind,
	       struct geo_ctx *g, struct le_diags *d, struct le_err *err)
{
	const struct study_layer *l = &s->layers[kind];
	int rc;

	memset(ly, 0, sizeof(*ly));
	io_table_init(&ly->t);
	input_marks_init(&ly->marks);
	ly->s = s;
	ly->l = l;
	ly->kind = kind;
	ly->section = study_layer_name(kind);
	ly->g = g;
	ly->map.s = s;
	ly->map.l = l;
	ly->map.section = ly->section;
	rc = input_read(&ly->map, &ly->t, &ly->marks, err);
	if (rc)
		return rc;
	/* One byte per row, at least one so an empty table still has a
	 * valid array. */
	ly->keep = xmalloc((size_t)(ly->t.nrows ? ly->t.nrows : 1));
	memset(ly->keep, 1, (size_t)(ly->t.nrows ? ly->t.nrows : 1));
	/* Counted for reports; no loader relies on it being non-zero. */
	if ((rc = input_filter(&ly->map, &ly->t, ly->keep, &ly->nkept, err)))
		return rc;
	input_report(&ly->map, &ly->t, ly->keep, &ly->marks, d);
	return LE_OK;
}

void layer_close(struct layer *ly)
{
	io_table_release(&ly->t);
	free(ly->keep);
	geo_xform_free(ly->xf);
	input_marks_release(&ly->marks);
	memset(ly, 0, sizeof(*ly));
}

int layer_col(struct layer *ly, const char *field, int required,
	      const char *what, int *col, struct le_err *err)
{
	return input_col(&ly->map, &ly->t, field, NULL, required, what, col, err);
}

const char *layer_map(const struct layer *ly, const char *field,
		      const char *raw)
{
	return input_value(&ly->map, field, raw);
}

char *layer_where(const struct layer *ly, int r, char *out, size_t n)
{
	return io_where(&ly->t, r, out, n);
}

int layer_count(struct layer *ly, int r, int c, const char *what, double max,
		double *v, struct le_err *err)
{
	char where[600], *t = le_trim(xstrdup(io_cell(&ly->t, r, c)));
	int rc = LE_OK;

	*v = -1;
	/* A board reads these as head counts: a fraction, a negative or an
	 * astronomical value (1e20 from a broken export) is a mistake in
	 * the file, never something to round or clamp silently. floor()
	 * equality is exact for every double in range. */
	if (*t && (le_parse_double(t, v) || *v < 0 || *v > max || *v != floor(*v))) {
		layer_where(ly, r, where, sizeof(where));
		rc = le_errf(err, LE_EPARSE,
			     "%s: column '%s': expected %s (a whole number from 0 to %.0f), got '%s'",
			     where, ly->t.cols[c], what, max, t);
		*v = -1;
	}
	free(t);
	return rc;
}

int layer_need_rows(const struct layer *ly, const char *what, struct le_err *err)
{
	const char *why;

	if (ly->t.nrows == 0) {
		why = ly->t.rowkind == IO_ROW_LINE ? "the file has only a header line" :
		      ly->t.rowkind == IO_ROW_FEATURE ? "the file has no features" :
							"the table is empty";
		return le_errf(err, LE_EDATA, "%s: no %s rows (%s)", ly->l->file, what, why);
	}
	if (ly->nkept == 0)
		return le_errf(err, LE_EDATA,
			       "%s: no %s rows pass the filters of [%s] in %s (0 of %d rows kept)",
			       ly->l->file, what, ly->section, ly->s->path, ly->t.nrows);
	return LE_OK;
}

int layer_xform(struct layer *ly, struct le_err *err)
{
	return input_xform(&ly->map, ly->g, &ly->t, ly->t.crs, &ly->xf, &ly->src_crs, err);
}

/* Message for a failed point check, with the coordinates as given. */
static int point_error(struct layer *ly, const char *where, int check,
		       double x, double y, const char *what, struct le_err *err)
{
	double a[4];

	geo_xform_area(ly->xf, a);
	switch (check) {
	case GEO_SWAPPED:
		return le_errf(err, LE_EGEO,
			       "%s: %s (%.15g, %.15g) looks like x and y swapped (latitude given as longitude?): check which columns are x and y in [%s]",
			       where, what, x, y, ly->section);
	case GEO_OUTSIDE:
		return le_errf(err, LE_EGEO,
			       "%s: %s (%.15g, %.15g) in %s is outside the area where %s can be used (longitude %.2f to %.2f, latitude %.2f to %.2f)",
			       where, what, x, y, ly->src_crs, ly->s->crs,
			       a[0], a[2], a[1], a[3]);
	default:
		return le_errf(err, LE_EGEO,
			       "%s: %s (%.15g, %.15g) cannot be converted from %s to %s",
			       where, what, x, y, ly->src_crs, ly->s->crs);
	}
}

int layer_point(struct layer *ly, int r, double *x, double *y,
		const char *xcol, const char *ycol, struct le_err *err)
{
	char where[600], what[200];
	double x0 = *x, y0 = *y;
	int check;

	/* Degrees read as metres land near the grid's false origin, which is
	 * still inside the CRS's rectangle of use: catch them here. */
	/* Both CRSs projected (metres): a value within +-180 / +-90 cannot
	 * be a real British National Grid location in a school estate, so
	 * it is an error with the fix spelled out, not a guess. */
	if (!io_crs_geographic(ly->src_crs) && !io_crs_geographic(ly->s->crs) &&
	    fabs(x0) <= 180 && fabs(y0) <= 90) {
		layer_where(ly, r, where, sizeof(where));
		return le_errf(err, LE_EGEO,
			       "%s: location (%.15g, %.15g) looks like longitude/latitude degrees, but [%s] says the CRS is %s: add 'crs = EPSG:4326' to [%s]",
			       where, x0, y0, ly->section, ly->src_crs, ly->section);
	}
	check = geo_xform_point(ly->xf, x, y);
	if (check == GEO_OK)
		return LE_OK;
	layer_where(ly, r, where, sizeof(where));
	snprintf(what, sizeof(what), "location '%s', '%s' =", xcol, ycol);
	return point_error(ly, where, check, x0, y0, what, err);
}

int layer_geom(struct layer *ly, int r, struct le_geom *gm, int polygonal,
	       const char *label, struct le_diags *d, struct le_err *err)
{
	char where[600], what[200];
	int bad = 0, check, repaired = 0, rc;
	char *reason = NULL;

	/* A feature without geometry cannot be placed on the map or joined
	 * to anything; the loaders have no fallback, so it stops the load. */
	if (gm->npoints == 0) {
		layer_where(ly, r, where, sizeof(where));
		return le_errf(err, LE_EGEO, "%s: %s has no geometry", where, label);
	}
	if (polygonal && gm->type != LE_GEOM_POLYGON && gm->type != LE_GEOM_MULTIPOLYGON) {
		layer_where(ly, r, where, sizeof(where));
		return le_errf(err, LE_EGEO,
			       "%s: %s is a %s (expected Polygon or MultiPolygon)",
			       where, label, le_geom_type_name(gm->type));
	}
	if (!polygonal && gm->type != LE_GEOM_LINESTRING &&
	    gm->type != LE_GEOM_MULTILINESTRING) {
		layer_where(ly, r, where, sizeof(where));
		return le_errf(err, LE_EGEO,
			       "%s: %s is a %s (expected LineString or MultiLineString)",
			       where, label, le_geom_type_name(gm->type));
	}
	/* Convert first, then repair: validity is judged in the working CRS,
	 * where the shapes will be used. */
	check = geo_xform_geom(ly->xf, gm, &bad);
	if (check != GEO_OK) {
		layer_where(ly, r, where, sizeof(where));
		snprintf(what, sizeof(what), "%s: vertex %d", label, bad + 1);
		return point_error(ly, where, check, gm->xy[2 * bad],
				   gm->xy[2 * bad + 1], what, err);
	}
	if (!polygonal)
		return LE_OK;
	/* A self-intersecting data zone is common in published boundaries
	 * and still means what it says: repair it and warn, rather than
	 * refuse the whole layer; the planner sees which feature in
	 * `estate check`. */
	rc = geo_make_valid(ly->g, gm, &repaired, &reason, err);
	if (rc)
		return rc;
	if (repaired) {
		layer_where(ly, r, where, sizeof(where));
		le_diag_add(d, LE_WARNING, "repaired polygon",
			    "%s: %s was not a valid polygon (%s); repaired with GEOSMakeValid",
			    where, label, reason ? reason : "invalid");
	}
	free(reason);
	return LE_OK;
}

int layer_xy(struct layer *ly, int r, int cx, int cy, const char *label, double *x,
	     double *y, struct le_err *err)
{
	char where[600];

	layer_where(ly, r, where, sizeof(where));
	if (cx >= 0) {
		const char *tx = io_cell(&ly->t, r, cx), *ty = io_cell(&ly->t, r, cy);

		if (le_parse_double(tx, x))
			return le_errf(err, LE_EPARSE, "%s: column '%s': expected a coordinate (a number), got '%s'",
				       where, ly->t.cols[cx], tx);
		if (le_parse_double(ty, y))
			return le_errf(err, LE_EPARSE, "%s: column '%s': expected a coordinate (a number), got '%s'",
				       where, ly->t.cols[cy], ty);
		return layer_point(ly, r, x, y, ly->t.cols[cx], ly->t.cols[cy], err);
	}
	if (!ly->t.geoms || ly->t.geoms[r].type != LE_GEOM_POINT || ly->t.geoms[r].npoints < 1)
		return le_errf(err, LE_EGEO, "%s: %s is a %s (expected a Point)", where, label,
			       ly->t.geoms && ly->t.geoms[r].npoints ?
			       le_geom_type_name(ly->t.geoms[r].type) : "feature without geometry");
	*x = ly->t.geoms[r].xy[0];
	*y = ly->t.geoms[r].xy[1];
	return layer_point(ly, r, x, y, "x", "y", err);
}
