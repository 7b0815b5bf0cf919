/*
 * layer.c: the generic output layer of report.h and the byte-level
 * encoders every map writer shares: well-known binary, GeoPackage binary
 * geometry, right-hand-rule winding and fixed-decimal numbers.
 *
 * Invariants:
 *  - Fields are fixed before the first row, so cells are one row-major
 *    array of nrows * nfields and a row never changes shape.
 *  - Every text value and geometry belongs to the layer (copied in).
 *  - The encoders write little-endian bytes one by one, so the output is
 *    the same on any host; doubles are IEEE 754 bit patterns.
 */
#include "report/report.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- layer */

void report_layer_init(struct report_layer *l, const char *name, int geom_type,
		       const char *crs)
{
	memset(l, 0, sizeof(*l));
	l->name = xstrdup(name);
	l->geom_type = geom_type;
	l->crs = xstrdup(crs ? crs : "EPSG:27700");
}

void report_layer_release(struct report_layer *l)
{
	int i;

	if (!l)
		return;
	for (i = 0; i < l->nrows * l->nfields; i++)
		free(l->cells[i].s);
	for (i = 0; i < l->nrows; i++)
		le_geom_release(&l->geoms[i]);
	for (i = 0; i < l->nfields; i++)
		free(l->fields[i].name);
	free(l->cells);
	free(l->geoms);
	free(l->fields);
	free(l->name);
	free(l->crs);
	memset(l, 0, sizeof(*l));
}

int report_layer_field(struct report_layer *l, const char *name, int type,
		       int decimals)
{
	/* Adding a field would reshape every row already stored. */
	assert(l->nrows == 0);
	ALLOC_GROW(l->fields, l->nfields + 1, l->fields_alloc_);
	l->fields[l->nfields].name = xstrdup(name);
	l->fields[l->nfields].type = type;
	l->fields[l->nfields].decimals = decimals;
	return l->nfields++;
}

int report_layer_find(const struct report_layer *l, const char *name)
{
	int i;

	for (i = 0; i < l->nfields; i++)
		if (!strcmp(l->fields[i].name, name))
			return i;
	return -1;
}

int report_layer_row(struct report_layer *l, const struct le_geom *gm)
{
	size_t old = l->rows_alloc_;
	int i, row = l->nrows;

	ALLOC_GROW(l->geoms, l->nrows + 1, l->rows_alloc_);
	if (l->rows_alloc_ != old)
		l->cells = xrealloc(l->cells, sizeof(*l->cells) * l->rows_alloc_ *
					      (size_t)(l->nfields ? l->nfields : 1));
	for (i = 0; i < l->nfields; i++) {
		struct report_cell *c = &l->cells[(size_t)row * l->nfields + i];
		memset(c, 0, sizeof(*c));
		c->null = 1;
	}
	if (gm)
		le_geom_copy(&l->geoms[row], gm);
	else
		le_geom_init(&l->geoms[row]);
	l->nrows++;
	return row;
}

int report_zone_row(struct report_layer *l, const struct region *r, int z)
{
	const struct zone *zn = &r->zones[z];
	struct le_geom pt;
	int row;

	if (l->geom_type != LE_GEOM_POINT) {
		const struct le_geom *gm = region_zone_polygon(zn);
		return gm ? report_layer_row(l, gm) : -1;
	}
	/* A point zone's point is where its pupils start (has_geom: it
	 * was read and transformed); a zone known only from the
	 * population has none. */
	if (!zn->has_geom)
		return -1;
	le_geom_init(&pt);
	le_geom_begin(&pt, LE_GEOM_POINT);
	le_geom_part(&pt);
	le_geom_point(&pt, zn->px, zn->py);
	le_geom_finish(&pt);
	row = report_layer_row(l, &pt);
	le_geom_release(&pt);
	return row;
}

static struct report_cell *cell(struct report_layer *l, int row, int field, int type)
{
	assert(row >= 0 && row < l->nrows && field >= 0 && field < l->nfields);
	assert(l->fields[field].type == type);
	(void)type;
	return &l->cells[(size_t)row * l->nfields + field];
}

void report_layer_set_int(struct report_layer *l, int row, int field, long long v)
{
	struct report_cell *c = cell(l, row, field, REPORT_INT);

	c->i = v;
	c->null = 0;
}

void report_layer_set_real(struct report_layer *l, int row, int field, double v)
{
	struct report_cell *c = cell(l, row, field, REPORT_REAL);

	/* NaN has no spelling in JSON or SQL; it is a missing value. */
	c->r = v;
	c->null = !isfinite(v);
}

void report_layer_set_text(struct report_layer *l, int row, int field, const char *v)
{
	struct report_cell *c = cell(l, row, field, REPORT_TEXT);

	free(c->s);
	c->s = v ? xstrdup(v) : NULL;
	c->null = v == NULL;
}

const struct report_cell *report_layer_cell(const struct report_layer *l, int row,
					    int field)
{
	return &l->cells[(size_t)row * l->nfields + field];
}

double report_layer_num(const struct report_layer *l, int row, int field)
{
	const struct report_cell *c;

	if (field < 0)
		return NAN;
	c = report_layer_cell(l, row, field);
	if (c->null)
		return NAN;
	if (l->fields[field].type == REPORT_INT)
		return (double)c->i;
	if (l->fields[field].type == REPORT_REAL)
		return c->r;
	return NAN;
}

int report_layer_bbox(const struct report_layer *l, double bbox[4])
{
	double b[4];
	int i, any = 0;

	for (i = 0; i < l->nrows; i++) {
		if (le_geom_bbox(&l->geoms[i], b) != 0)
			continue;
		if (!any) {
			memcpy(bbox, b, sizeof(b));
			any = 1;
			continue;
		}
		if (b[0] < bbox[0]) bbox[0] = b[0];
		if (b[1] < bbox[1]) bbox[1] = b[1];
		if (b[2] > bbox[2]) bbox[2] = b[2];
		if (b[3] > bbox[3]) bbox[3] = b[3];
	}
	return any ? 0 : -1;
}

/* ---------------------------------------------------------------- WKB */

int report_geom_out_type(int layer_type, int row_type)
{
	if (layer_type == LE_GEOM_MULTIPOLYGON && row_type == LE_GEOM_POLYGON)
		return LE_GEOM_MULTIPOLYGON;
	if (layer_type == LE_GEOM_MULTILINESTRING && row_type == LE_GEOM_LINESTRING)
		return LE_GEOM_MULTILINESTRING;
	return row_type;
}

/* OGC WKB type codes (2D). */
static uint32_t wkb_code(int type)
{
	switch (type) {
	case LE_GEOM_POINT: return 1;
	case LE_GEOM_LINESTRING: return 2;
	case LE_GEOM_POLYGON: return 3;
	case LE_GEOM_MULTILINESTRING: return 5;
	case LE_GEOM_MULTIPOLYGON: return 6;
	default: return 7;      /* GeometryCollection: never written */
	}
}

/* Byte by byte so that the file does not depend on the host's order. */
static void put_u32(struct buf *b, uint32_t v)
{
	unsigned char c[4];
	int i;

	for (i = 0; i < 4; i++)
		c[i] = (unsigned char)(v >> (8 * i));
	buf_add(b, c, 4);
}

static void put_f64(struct buf *b, double d)
{
	unsigned char c[8];
	uint64_t v;
	int i;

	memcpy(&v, &d, 8);
	for (i = 0; i < 8; i++)
		c[i] = (unsigned char)(v >> (8 * i));
	buf_add(b, c, 8);
}

static void put_header(struct buf *b, int type)
{
	buf_addc(b, 1);         /* 1 = NDR, little-endian */
	put_u32(b, wkb_code(type));
}

/* Points of part p: count, then x y pairs. */
static void put_part(struct buf *b, const struct le_geom *gm, int p)
{
	int a = gm->part_start[p], e = gm->part_start[p + 1], i;

	put_u32(b, (uint32_t)(e - a));
	for (i = a; i < e; i++) {
		put_f64(b, gm->xy[2 * i]);
		put_f64(b, gm->xy[2 * i + 1]);
	}
}

static void put_polygon(struct buf *b, const struct le_geom *gm, int j)
{
	int p;

	put_header(b, LE_GEOM_POLYGON);
	put_u32(b, (uint32_t)(gm->poly_start[j + 1] - gm->poly_start[j]));
	for (p = gm->poly_start[j]; p < gm->poly_start[j + 1]; p++)
		put_part(b, gm, p);
}

/*
 * An empty gm is written as an empty geometry of as_type: a point with NaN
 * coordinates (the GeoPackage convention), anything else with 0 members.
 */
void report_wkb(struct buf *b, const struct le_geom *gm, int as_type)
{
	int i;

	if (gm->npoints == 0) {
		put_header(b, as_type);
		if (as_type == LE_GEOM_POINT) {
			put_f64(b, NAN);
			put_f64(b, NAN);
		} else {
			put_u32(b, 0);
		}
		return;
	}
	switch (as_type) {
	case LE_GEOM_POINT:
		put_header(b, as_type);
		put_f64(b, gm->xy[0]);
		put_f64(b, gm->xy[1]);
		break;
	case LE_GEOM_LINESTRING:
		put_header(b, as_type);
		put_part(b, gm, 0);
		break;
	case LE_GEOM_MULTILINESTRING:
		put_header(b, as_type);
		put_u32(b, (uint32_t)gm->nparts);
		for (i = 0; i < gm->nparts; i++) {
			put_header(b, LE_GEOM_LINESTRING);
			put_part(b, gm, i);
		}
		break;
	case LE_GEOM_POLYGON:
		put_polygon(b, gm, 0);
		break;
	case LE_GEOM_MULTIPOLYGON:
		put_header(b, as_type);
		put_u32(b, (uint32_t)gm->npolys);
		for (i = 0; i < gm->npolys; i++)
			put_polygon(b, gm, i);
		break;
	default:
		assert(!"report_wkb: geometry type");
	}
}

void report_gpb(struct buf *b, const struct le_geom *gm, int as_type, int srs_id)
{
	double bb[4];
	int empty = le_geom_bbox(gm, bb) != 0;

	buf_add(b, "GP", 2);
	buf_addc(b, 0);         /* version 0 = GeoPackage 1.x */
	/* bit 0 little-endian; bits 1-3 envelope 1 = [minx maxx miny maxy];
	 * bit 4 empty. An empty geometry has no envelope. */
	buf_addc(b, empty ? 0x11 : 0x03);
	put_u32(b, (uint32_t)srs_id);
	if (!empty) {
		put_f64(b, bb[0]);
		put_f64(b, bb[2]);
		put_f64(b, bb[1]);
		put_f64(b, bb[3]);
	}
	report_wkb(b, gm, as_type);
}

/* ---------------------------------------------------------------- winding */

double report_ring_area2(const double *xy, int n)
{
	double s = 0;
	int i;

	/* Relative to the first vertex: BNG coordinates are ~1e6 m and their
	 * products would lose the low digits that decide small rings. A
	 * repeated closing vertex adds a zero term. */
	for (i = 1; i + 1 < n; i++)
		s += (xy[2 * i] - xy[0]) * (xy[2 * i + 3] - xy[1]) -
		     (xy[2 * i + 2] - xy[0]) * (xy[2 * i + 1] - xy[1]);
	return s;
}

static void reverse_ring(double *xy, int n)
{
	int i, j;

	for (i = 0, j = n - 1; i < j; i++, j--) {
		double x = xy[2 * i], y = xy[2 * i + 1];
		xy[2 * i] = xy[2 * j];
		xy[2 * i + 1] = xy[2 * j + 1];
		xy[2 * j] = x;
		xy[2 * j + 1] = y;
	}
}

void report_geom_rhr(struct le_geom *gm)
{
	int j, p;

	if (gm->type != LE_GEOM_POLYGON && gm->type != LE_GEOM_MULTIPOLYGON)
		return;
	for (j = 0; j < gm->npolys; j++)
		for (p = gm->poly_start[j]; p < gm->poly_start[j + 1]; p++) {
			int a = gm->part_start[p], n = gm->part_start[p + 1] - a;
			double s = report_ring_area2(gm->xy + 2 * a, n);
			int exterior = p == gm->poly_start[j];
			/* Reversing a closed ring keeps it closed. A zero-area
			 * ring has no orientation to fix. */
			if ((exterior && s < 0) || (!exterior && s > 0))
				reverse_ring(gm->xy + 2 * a, n);
		}
}

/* ---------------------------------------------------------------- numbers */

char *report_fixed(double v, int decimals, char *out, size_t n)
{
	/* le_fmt_fixed: printf's bytes, faster (needs 32 bytes; every
	 * caller passes 64). */
	if (n >= 32)
		le_fmt_fixed(v, decimals, out);
	else
		snprintf(out, n, "%.*f", decimals, v);
	/* A tiny negative rounds to "-0.00": a reader would take the sign as
	 * meaningful, and two runs differing by 1e-12 would differ in text. */
	if (out[0] == '-') {
		const char *p;
		for (p = out + 1; *p == '0' || *p == '.'; p++)
			;
		if (*p == '\0')
			memmove(out, out + 1, strlen(out));
	}
	return out;
}

/* ---------------------------------------------------------------- copies */

void report_layer_init_like(struct report_layer *l, const struct report_layer *like)
{
	int f;

	report_layer_init(l, like->name, like->geom_type, like->crs);
	for (f = 0; f < like->nfields; f++)
		report_layer_field(l, like->fields[f].name, like->fields[f].type,
				   like->fields[f].decimals);
}

void report_layer_append(struct report_layer *dst, const struct report_layer *src)
{
	int i, f;

	/* Rows are copied cell by cell, so dst owns every string it holds
	 * and src can be released independently. */
	assert(dst->nfields == src->nfields);
	for (i = 0; i < src->nrows; i++) {
		int row = report_layer_row(dst, &src->geoms[i]);

		for (f = 0; f < src->nfields; f++) {
			const struct report_cell *c = report_layer_cell(src, i, f);

			assert(dst->fields[f].type == src->fields[f].type &&
			       !strcmp(dst->fields[f].name, src->fields[f].name));
			if (c->null)
				continue;
			if (src->fields[f].type == REPORT_INT)
				report_layer_set_int(dst, row, f, c->i);
			else if (src->fields[f].type == REPORT_REAL)
				report_layer_set_real(dst, row, f, c->r);
			else
				report_layer_set_text(dst, row, f, c->s);
		}
	}
}

/* ---------------------------------------------------------------- Shapefile */

/* A dBase field name already taken (dBase compares without case). */
static int dbf_taken(char (*names)[REPORT_SHP_NAME], int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(names[i], s))
			return 1;
	return 0;
}

void report_shp_names(const struct report_layer *l, char (*out)[REPORT_SHP_NAME])
{
	int f, k;

	/* GDAL's Shapefile driver (OGRShapeLayer::CreateField, GDAL 3.6):
	 * the first 10 characters; when taken, the first 8 and "_1" .. "_9",
	 * then the first 8 and "10" .. "99", the lowest free number each
	 * time. Field names here are plain ASCII identifiers, which GDAL's
	 * laundering leaves alone. */
	for (f = 0; f < l->nfields; f++) {
		const char *s = l->fields[f].name;

		snprintf(out[f], REPORT_SHP_NAME, "%.10s", s);
		for (k = 1; dbf_taken(out, f, out[f]) && k < 100; k++)
			snprintf(out[f], REPORT_SHP_NAME, k < 10 ? "%.8s_%d" : "%.8s%02d", s, k);
	}
}
