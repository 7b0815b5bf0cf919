/*
 * geojson_out.c: report_geojson_write, one RFC 7946 GeoJSON file per
 * output layer, written with fixed decimals (report_fixed) so that every
 * number has a fixed format (a JSON library would print doubles in
 * shortest form). report_geojson_write_memo writes the same layers for
 * several scenarios, transforming each distinct geometry once.
 *
 * Invariants of every file:
 *  - coordinates are WGS84 longitude, latitude (RFC 7946 3.1.1), 6
 *    decimals (about 0.1 m), transformed from the layer's CRS with the
 *    axis order normalised (x = lon), so axes cannot come out swapped;
 *  - polygon rings follow the right-hand rule (exterior counter-clockwise)
 *    and single geometries are promoted to the layer's multi type, so a
 *    reader sees one geometry type per file;
 *  - no "crs" member (RFC 7946 removed it); a "name" member gives the
 *    layer name, as GDAL writes it;
 *  - every feature has every property, in field order, null where missing.
 */
#include "report/report.h"
#include "geo/geo.h"

#include <stdlib.h>
#include <string.h>

/* Digits after the point for lon / lat: 1e-6 degrees is ~0.1 m. */
#define GEOJSON_DECIMALS 6

/* A JSON string: quotes, backslashes and control characters escaped;
 * UTF-8 passes through unchanged (JSON text is UTF-8). */
static void json_string(FILE *fp, const char *s)
{
	const unsigned char *p;

	fputc('"', fp);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", fp);
		else if (*p == '\t')
			fputs("\\t", fp);
		else if (*p == '\r')
			fputs("\\r", fp);
		else if (*p < 0x20)
			fprintf(fp, "\\u%04x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

static void coord(FILE *fp, const double *xy)
{
	char x[64], y[64];

	fprintf(fp, "[%s, %s]", report_fixed(xy[0], GEOJSON_DECIMALS, x, sizeof(x)),
		report_fixed(xy[1], GEOJSON_DECIMALS, y, sizeof(y)));
}

/* The points of part p as a coordinate array. */
static void part(FILE *fp, const struct le_geom *gm, int p)
{
	int i;

	fputc('[', fp);
	for (i = gm->part_start[p]; i < gm->part_start[p + 1]; i++) {
		if (i > gm->part_start[p])
			fputs(", ", fp);
		coord(fp, gm->xy + 2 * i);
	}
	fputc(']', fp);
}

static void polygon(FILE *fp, const struct le_geom *gm, int j)
{
	int p;

	fputc('[', fp);
	for (p = gm->poly_start[j]; p < gm->poly_start[j + 1]; p++) {
		if (p > gm->poly_start[j])
			fputs(", ", fp);
		part(fp, gm, p);
	}
	fputc(']', fp);
}

/* gm (lon/lat) as a geometry object of type as_type; empty -> null. */
static void geometry(FILE *fp, const struct le_geom *gm, int as_type)
{
	int i;

	if (gm->npoints == 0) {
		fputs("null", fp);
		return;
	}
	fprintf(fp, "{\"type\": \"%s\", \"coordinates\": ", le_geom_type_name(as_type));
	switch (as_type) {
	case LE_GEOM_POINT:
		coord(fp, gm->xy);
		break;
	case LE_GEOM_LINESTRING:
		part(fp, gm, 0);
		break;
	case LE_GEOM_MULTILINESTRING:
		fputc('[', fp);
		for (i = 0; i < gm->nparts; i++) {
			if (i)
				fputs(", ", fp);
			part(fp, gm, i);
		}
		fputc(']', fp);
		break;
	case LE_GEOM_POLYGON:
		polygon(fp, gm, 0);
		break;
	default:        /* LE_GEOM_MULTIPOLYGON */
		fputc('[', fp);
		for (i = 0; i < gm->npolys; i++) {
			if (i)
				fputs(", ", fp);
			polygon(fp, gm, i);
		}
		fputc(']', fp);
		break;
	}
	fputc('}', fp);
}

static void properties(FILE *fp, const struct report_layer *l, int row)
{
	char num[64];
	int f;

	fputc('{', fp);
	for (f = 0; f < l->nfields; f++) {
		const struct report_cell *c = report_layer_cell(l, row, f);
		if (f)
			fputs(", ", fp);
		json_string(fp, l->fields[f].name);
		fputs(": ", fp);
		if (c->null)
			fputs("null", fp);
		else if (l->fields[f].type == REPORT_INT)
			fprintf(fp, "%lld", c->i);
		else if (l->fields[f].type == REPORT_REAL)
			fputs(report_fixed(c->r, l->fields[f].decimals, num, sizeof(num)), fp);
		else
			json_string(fp, c->s);
	}
	fputc('}', fp);
}

/* The memo of report_geojson_write_memo (report.h). */
#define GJ_MEMO_MAX 16
struct report_gj_memo {
	struct geo_xform *xf;           /* to lon/lat from crs */
	char *crs;
	int nokeep;                     /* one call only: keep no rows */
	int nref;                       /* layers of the first call */
	const struct report_layer *ref[GJ_MEMO_MAX];    /* borrowed */
	struct le_geom *out[GJ_MEMO_MAX];       /* their rows, transformed */
	/* Per layer, built on the first row that is not the ref's row of
	 * the same index (a closed school's catchment missing shifts the
	 * rest): ref rows by a quick key, open addressing, row + 1. */
	int *slot[GJ_MEMO_MAX];
	size_t nslot[GJ_MEMO_MAX];      /* a power of two, or 0 */
};

/* A quick key of a geometry: its sizes and first and last vertex (rows
 * found by it are compared in full by geom_same). */
static size_t geom_key(const struct le_geom *gm)
{
	struct le_hash h;

	le_hash_init(&h);
	le_hash_int(&h, gm->type);
	le_hash_int(&h, gm->npoints);
	le_hash_int(&h, gm->nparts);
	if (gm->npoints > 0) {
		le_hash_add(&h, gm->xy, 2 * sizeof(double));
		le_hash_add(&h, gm->xy + 2 * (size_t)(gm->npoints - 1), 2 * sizeof(double));
	}
	return (size_t)h.h;
}

struct report_gj_memo *report_gj_memo_new(void)
{
	return xcalloc(1, sizeof(struct report_gj_memo));
}

void report_gj_memo_free(struct report_gj_memo *m)
{
	int i, r;

	if (!m)
		return;
	for (i = 0; i < m->nref; i++) {
		for (r = 0; m->out[i] && r < m->ref[i]->nrows; r++)
			le_geom_release(&m->out[i][r]);
		free(m->out[i]);
		free(m->slot[i]);
	}
	geo_xform_free(m->xf);
	free(m->crs);
	free(m);
}

/* Byte-identical geometries (same type, parts and coordinates). */
static int geom_same(const struct le_geom *a, const struct le_geom *b)
{
	return a->type == b->type && a->npoints == b->npoints && a->nparts == b->nparts &&
	       a->npolys == b->npolys &&
	       (!a->npoints || !memcmp(a->xy, b->xy, sizeof(double) * 2 * (size_t)a->npoints)) &&
	       (!a->part_start == !b->part_start) && (!a->poly_start == !b->poly_start) &&
	       (!a->part_start || !memcmp(a->part_start, b->part_start,
					  sizeof(int) * ((size_t)a->nparts + 1))) &&
	       (!a->poly_start || !memcmp(a->poly_start, b->poly_start,
					  sizeof(int) * ((size_t)a->npolys + 1)));
}

/* The row of m's layer j byte-identical to gm, or -1: the row of the same
 * index i first, else by the key table (built here on first use). */
static int memo_find(struct report_gj_memo *m, int j, const struct le_geom *gm, int i)
{
	const struct report_layer *ref = m->ref[j];
	size_t s, mask;
	int r;

	if (i < ref->nrows && geom_same(gm, &ref->geoms[i]))
		return i;
	if (!m->nslot[j]) {
		for (m->nslot[j] = 16; m->nslot[j] < 2 * (size_t)ref->nrows; m->nslot[j] *= 2)
			;
		m->slot[j] = xcalloc(m->nslot[j], sizeof(int));
		mask = m->nslot[j] - 1;
		for (r = 0; r < ref->nrows; r++) {
			for (s = geom_key(&ref->geoms[r]) & mask; m->slot[j][s]; s = (s + 1) & mask)
				;
			m->slot[j][s] = r + 1;
		}
	}
	mask = m->nslot[j] - 1;
	for (s = geom_key(gm) & mask; m->slot[j][s]; s = (s + 1) & mask)
		if (geom_same(gm, &ref->geoms[m->slot[j][s] - 1]))
			return m->slot[j][s] - 1;
	return -1;
}

/* One layer into fp; xf transforms the layer's CRS to lon/lat. With m
 * and j >= 0 (the memo's same layer), a row byte-identical to one of the
 * memo's rows takes its transformed copy; with keep (size nrows, the
 * first call), every transformed row is kept there. */
static int write_one(FILE *fp, const struct report_layer *l, struct geo_xform *xf,
		     struct report_gj_memo *m, int j, struct le_geom *keep,
		     const char *path, struct le_err *err)
{
	struct le_geom gm;
	int i, bad, r;

	fputs("{\"type\": \"FeatureCollection\", \"name\": ", fp);
	json_string(fp, l->name);
	fputs(",\n\"features\": [\n", fp);
	for (i = 0; i < l->nrows; i++) {
		if (j >= 0 && (r = memo_find(m, j, &l->geoms[i], i)) >= 0) {
			le_geom_copy(&gm, &m->out[j][r]);
		} else {
			le_geom_copy(&gm, &l->geoms[i]);
			if (gm.npoints > 0 && geo_xform_geom(xf, &gm, &bad) != GEO_OK) {
				le_geom_release(&gm);
				return le_errf(err, LE_EGEO,
					       "%s: feature %d: vertex %d cannot be transformed to WGS84",
					       path, i + 1, bad + 1);
			}
			/* Orientation is decided in lon/lat, after the
			 * transform: the projection could mirror an axis. */
			report_geom_rhr(&gm);
		}
		if (keep)
			le_geom_copy(&keep[i], &gm);
		fputs("{\"type\": \"Feature\", \"properties\": ", fp);
		properties(fp, l, i);
		fputs(", \"geometry\": ", fp);
		geometry(fp, &gm, report_geom_out_type(l->geom_type, gm.type));
		fputs(i + 1 < l->nrows ? "},\n" : "}\n", fp);
		le_geom_release(&gm);
	}
	fputs("]}\n", fp);
	return LE_OK;
}

int report_geojson_write_memo(const char *dir, const char *prefix,
			      const struct report_layer *layers, int n,
			      struct geo_ctx *g, struct report_gj_memo *m,
			      struct le_err *err)
{
	struct io_out o;
	struct buf path;
	int i, rc = LE_OK, first = !m->nokeep && m->nref == 0 && n <= GJ_MEMO_MAX;

	buf_init(&path);
	for (i = 0; i < n && !rc; i++) {
		struct le_geom *keep = NULL;
		int j = -1;

		/* Layers usually share one CRS: build the transform once. */
		if (!m->xf || strcmp(layers[i].crs, m->crs)) {
			geo_xform_free(m->xf);
			free(m->crs);
			m->xf = NULL;
			m->crs = xstrdup(layers[i].crs);
			if ((rc = geo_xform_new(g, layers[i].crs, "EPSG:4326", &m->xf, err)))
				break;
		}
		if (first) {
			keep = xcalloc((size_t)layers[i].nrows + 1, sizeof(*keep));
			m->ref[m->nref] = &layers[i];
			m->out[m->nref++] = keep;
		} else if (i < m->nref && !strcmp(m->ref[i]->name, layers[i].name) &&
			   !strcmp(m->ref[i]->crs, layers[i].crs)) {
			j = i;
		}
		buf_reset(&path);
		buf_addf(&path, "%s/%s%s.geojson", dir, prefix ? prefix : "", layers[i].name);
		if ((rc = io_out_open(&o, path.s, err)))
			break;
		if ((rc = write_one(o.fp, &layers[i], m->xf, m, j, keep, path.s, err))) {
			io_out_abort(&o);
			break;
		}
		rc = io_out_commit(&o, err);
	}
	buf_release(&path);
	return rc;
}

int report_geojson_write(const char *dir, const char *prefix,
			 const struct report_layer *layers, int n,
			 struct geo_ctx *g, struct le_err *err)
{
	struct report_gj_memo *m = report_gj_memo_new();
	int rc;

	/* A memo for one call: the transform built once per CRS, no
	 * geometries kept. */
	m->nokeep = 1;
	rc = report_geojson_write_memo(dir, prefix, layers, n, g, m, err);
	report_gj_memo_free(m);
	return rc;
}
