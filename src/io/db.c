/*
 * db.c: io_db_read, one table of a SpatiaLite database or a GeoPackage
 * into an io_table.
 *
 * Geometry blobs are decoded here, without libspatialite: both formats are
 * small, fixed layouts around (a variant of) WKB, and decoding them
 * ourselves avoids SpatiaLite's per-connection cache and its PROJ context.
 *   GeoPackage binary: 'G' 'P' version flags srs_id [envelope] WKB.
 *   SpatiaLite BLOB-Geometry: 0x00 order srid mbr[4] 0x7C class body 0xFE,
 *   where collection members are 0x69 class body (no byte-order byte).
 *   SpatiaLite TinyPoint: 0x00 0x80|0x81 srid kind x y [z] [m] 0xFE.
 *
 * Invariants:
 *  - The file is opened read-only and never created; a missing file is
 *    reported before SQLite sees it.
 *  - Rows come in rowid order, so two reads give the same table; rowref is
 *    the rowid (the fid of a GeoPackage, the integer primary key of a
 *    SpatiaLite table).
 *  - Every count read from a blob is checked against the bytes left before
 *    anything is allocated, so a corrupt blob cannot ask for gigabytes.
 *  - BLOB columns other than the geometry become "" (their bytes are not
 *    text); NULL becomes "".
 *  - Text is UTF-8 (the GeoPackage standard requires it; SQLite assumes
 *    it but never checks): any other bytes are an error naming the fid
 *    and field, never passed on to the outputs. Numbers are ASCII.
 */
#include "io/io_int.h"

#include <sqlite3.h>

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------- blobs */

/* A cursor over one blob; why says what went wrong first. */
struct rd {
	const unsigned char *p;
	size_t n, off;
	int le;                 /* 1: little-endian numbers */
	const char *why;
	char whybuf[96];
};

/* Record the first reason only: later ones are consequences. Returns -1
 * so readers can write `return rd_fail(r, "...")`. */
static int rd_fail(struct rd *r, const char *why)
{
	if (!r->why)
		r->why = why;
	return -1;
}

/*
 * Bounds-checked readers. The byte order of multi-byte numbers is r->le,
 * set from each header: WKB allows every member of a collection its own.
 */
static int rd_u8(struct rd *r, unsigned *v)
{
	if (r->off + 1 > r->n)
		return rd_fail(r, "truncated");
	*v = r->p[r->off++];
	return 0;
}

static int rd_u32(struct rd *r, uint32_t *v)
{
	const unsigned char *b = r->p + r->off;

	if (r->off + 4 > r->n)
		return rd_fail(r, "truncated");
	if (r->le)
		*v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
		     (uint32_t)b[3] << 24;
	else
		*v = (uint32_t)b[3] | (uint32_t)b[2] << 8 | (uint32_t)b[1] << 16 |
		     (uint32_t)b[0] << 24;
	r->off += 4;
	return 0;
}

/* IEEE 754 doubles, assembled as an integer first so that the host's own
 * byte order never matters. */
static int rd_f64(struct rd *r, double *v)
{
	const unsigned char *b = r->p + r->off;
	uint64_t u = 0;
	int i;

	if (r->off + 8 > r->n)
		return rd_fail(r, "truncated");
	for (i = 0; i < 8; i++)
		u |= (uint64_t)b[r->le ? i : 7 - i] << (8 * i);
	memcpy(v, &u, sizeof(*v));
	r->off += 8;
	return 0;
}

/* Refuse a count that cannot fit in the bytes left (each item >= size). */
static int rd_count(struct rd *r, uint32_t *n, size_t size)
{
	if (rd_u32(r, n))
		return -1;
	if ((size_t)*n > (r->n - r->off) / size)
		return rd_fail(r, "truncated: count larger than the blob");
	return 0;
}

/* n points of dims coordinates as one new part; z and m are dropped. A
 * ring that is not closed is closed (le_geom stores rings closed). */
static int rd_part(struct rd *r, struct le_geom *g, int dims, int ring)
{
	uint32_t n, i;
	double c[4];
	int k, first = g->npoints;

	if (rd_count(r, &n, (size_t)dims * 8))
		return -1;
	le_geom_part(g);
	for (i = 0; i < n; i++) {
		for (k = 0; k < dims; k++)
			if (rd_f64(r, &c[k]))
				return -1;
		le_geom_point(g, c[0], c[1]);
	}
	if (ring && n > 0 && (g->xy[2 * first] != c[0] || g->xy[2 * first + 1] != c[1]))
		le_geom_point(g, g->xy[2 * first], g->xy[2 * first + 1]);
	return 0;
}

/* A polygon: a ring count, then each ring as a part; the first ring is
 * the exterior (both formats and le_geom agree on that). */
static int rd_polygon(struct rd *r, struct le_geom *g, int dims)
{
	uint32_t n, i;

	if (rd_count(r, &n, 4))
		return -1;
	le_geom_poly(g);
	for (i = 0; i < n; i++)
		if (rd_part(r, g, dims, 1))
			return -1;
	return 0;
}

/* Base type 1..7 and coordinate count of a WKB type word, ISO (1000s) or
 * EWKB (high flag bits) style; *srid_follows for EWKB's SRID flag. */
static void wkb_type(uint32_t raw, unsigned *base, int *dims, int *srid_follows)
{
	uint32_t t = raw & 0x0FFFFFFFu;

	*dims = 2 + !!(raw & 0x80000000u) + !!(raw & 0x40000000u);
	*srid_follows = !!(raw & 0x20000000u);
	switch (t / 1000) {
	case 1: case 2: *dims += 1; break;
	case 3: *dims += 2; break;
	default: break;
	}
	*base = t % 1000;
}

/* One WKB header (byte order, type, optional EWKB srid). */
static int wkb_header(struct rd *r, unsigned *base, int *dims)
{
	unsigned order;
	uint32_t raw, srid;
	int has_srid;

	if (rd_u8(r, &order))
		return -1;
	if (order > 1)
		return rd_fail(r, "bad WKB byte order");
	r->le = (int)order;
	if (rd_u32(r, &raw))
		return -1;
	wkb_type(raw, base, dims, &has_srid);
	if (*dims > 4)
		return rd_fail(r, "bad WKB type");
	if (has_srid && rd_u32(r, &srid))
		return -1;
	return 0;
}

/* The OGC names of WKB base types, for messages. */
static const char *base_name(unsigned base)
{
	static const char *names[] = { "Geometry", "Point", "LineString", "Polygon",
		"MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection" };
	return base < 8 ? names[base] : "unknown type";
}

static int unsupported(struct rd *r, unsigned base)
{
	snprintf(r->whybuf, sizeof(r->whybuf), "%s %u is not supported",
		 base_name(base), base);
	return rd_fail(r, r->whybuf);
}

/* The le_geom type for a WKB base type; NONE for what estate refuses
 * (MultiPoint and GeometryCollection have no meaning for schools or zones). */
static int le_type_of(unsigned base)
{
	switch (base) {
	case 1: return LE_GEOM_POINT;
	case 2: return LE_GEOM_LINESTRING;
	case 3: return LE_GEOM_POLYGON;
	case 5: return LE_GEOM_MULTILINESTRING;
	case 6: return LE_GEOM_MULTIPOLYGON;
	default: return LE_GEOM_NONE;
	}
}

/*
 * A geometry body (after its type) in WKB (spatialite 0) or SpatiaLite
 * (spatialite 1) form. The two differ only in how collection members
 * start: a full WKB header, or 0x69 and a class word.
 */
static int rd_body(struct rd *r, struct le_geom *g, unsigned base, int dims,
		   int spatialite)
{
	uint32_t n, i, cls;
	unsigned mark, mbase;
	int mdims, dummy;
	double c[4];
	int k;

	switch (base) {
	case 1:
		for (k = 0; k < dims; k++)
			if (rd_f64(r, &c[k]))
				return -1;
		/* WKB writes an empty point as NaN NaN. */
		if (isnan(c[0]) && isnan(c[1]))
			return 0;
		le_geom_part(g);
		le_geom_point(g, c[0], c[1]);
		return 0;
	case 2:
		return rd_part(r, g, dims, 0);
	case 3:
		return rd_polygon(r, g, dims);
	case 5:
	case 6:
		if (rd_count(r, &n, 9))
			return -1;
		for (i = 0; i < n; i++) {
			if (spatialite) {
				if (rd_u8(r, &mark) || rd_u32(r, &cls))
					return -1;
				if (mark != 0x69)
					return rd_fail(r, "missing collection entity mark");
				wkb_type(cls, &mbase, &mdims, &dummy);
			} else if (wkb_header(r, &mbase, &mdims)) {
				return -1;
			}
			if (mbase != base - 3)
				return rd_fail(r, "collection member of the wrong type");
			if (rd_body(r, g, mbase, mdims, spatialite))
				return -1;
		}
		return 0;
	default:
		return unsupported(r, base);
	}
}

/* Standard WKB at the cursor into g. */
static int rd_wkb(struct rd *r, struct le_geom *g)
{
	unsigned base;
	int dims;

	if (wkb_header(r, &base, &dims))
		return -1;
	if (le_type_of(base) == LE_GEOM_NONE)
		return unsupported(r, base);
	le_geom_begin(g, le_type_of(base));
	return rd_body(r, g, base, dims, 0);
}

/*
 * GeoPackage binary header (OGC 12-128r18, 2.1.3): magic, version 0, flags
 * (bit 0 byte order of the header, bits 1-3 envelope size code, bit 4
 * empty, bit 5 extended type), srs_id, the envelope, then ordinary WKB.
 * The envelope is skipped: le_geom_bbox recomputes it when needed.
 */
static int rd_gpkg(struct rd *r, struct le_geom *g, long *srid)
{
	static const size_t env_size[] = { 0, 32, 48, 48, 64 };
	unsigned flags, env;
	uint32_t s;

	if (r->n < 8 || r->p[2] != 0)
		return rd_fail(r, "bad GeoPackage header");
	flags = r->p[3];
	if (flags & 0x20)
		return rd_fail(r, "extended GeoPackage geometry is not supported");
	env = (flags >> 1) & 7;
	if (env > 4)
		return rd_fail(r, "bad GeoPackage envelope code");
	r->le = (int)(flags & 1);
	r->off = 4;
	if (rd_u32(r, &s))
		return -1;
	*srid = (int32_t)s;
	r->off += env_size[env];
	if (r->off > r->n)
		return rd_fail(r, "truncated");
	/* The empty flag: the WKB that follows carries nothing useful. */
	if (flags & 0x10)
		return 0;
	return rd_wkb(r, g);
}

/*
 * SpatiaLite BLOB-Geometry (and the 5.x TinyPoint). Class numbers are
 * WKB-like: 1..7 for XY, +1000 XYZ, +2000 XYM, +3000 XYZM; compressed
 * classes (1000000 and up) store deltas as floats and are refused rather
 * than decoded approximately.
 */
static int rd_spatialite(struct rd *r, struct le_geom *g, long *srid)
{
	unsigned order = r->p[1], end, kind, base;
	uint32_t s, cls;
	int dims, dummy;
	double c[4];

	if (r->n < 7)
		return rd_fail(r, "truncated");
	/* TinyPoint (SpatiaLite 5): order byte 0x80 / 0x81. */
	if (order == 0x80 || order == 0x81) {
		r->le = order == 0x81;
		r->off = 2;
		if (rd_u32(r, &s) || rd_u8(r, &kind))
			return -1;
		*srid = (int32_t)s;
		if (kind < 1 || kind > 4)
			return rd_fail(r, "bad TinyPoint kind");
		dims = kind == 1 ? 2 : kind == 4 ? 4 : 3;
		le_geom_begin(g, LE_GEOM_POINT);
		for (int k = 0; k < dims; k++)
			if (rd_f64(r, &c[k]))
				return -1;
		le_geom_part(g);
		le_geom_point(g, c[0], c[1]);
	} else {
		if (order > 1)
			return rd_fail(r, "bad SpatiaLite byte order");
		r->le = (int)order;
		r->off = 2;
		if (rd_u32(r, &s))
			return -1;
		*srid = (int32_t)s;
		r->off += 32;   /* the MBR: recomputed from the points when needed */
		if (rd_u8(r, &end) || end != 0x7C)
			return rd_fail(r, "missing SpatiaLite MBR end mark");
		if (rd_u32(r, &cls))
			return -1;
		if (cls >= 1000000) {
			snprintf(r->whybuf, sizeof(r->whybuf),
				 "compressed SpatiaLite geometry (class %u) is not supported",
				 (unsigned)cls);
			return rd_fail(r, r->whybuf);
		}
		wkb_type(cls, &base, &dims, &dummy);
		if (cls % 1000 > 7 || cls / 1000 > 3 || le_type_of(base) == LE_GEOM_NONE)
			return unsupported(r, base);
		le_geom_begin(g, le_type_of(base));
		if (rd_body(r, g, base, dims, 1))
			return -1;
	}
	if (rd_u8(r, &end) || end != 0xFE)
		return rd_fail(r, "missing SpatiaLite end mark");
	return 0;
}

/*
 * Decode a GeoPackage or SpatiaLite geometry blob into g (empty for an
 * empty geometry) and its srid. Returns NULL, or the reason it is bad.
 */
static const char *decode_blob(const void *blob, size_t n, struct le_geom *g,
			       long *srid, char *why, size_t whylen)
{
	struct rd r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.p = blob;
	r.n = n;
	le_geom_init(g);
	if (n >= 2 && r.p[0] == 'G' && r.p[1] == 'P')
		rc = rd_gpkg(&r, g, srid);
	else if (n >= 2 && r.p[0] == 0x00)
		rc = rd_spatialite(&r, g, srid);
	else
		rc = rd_fail(&r, "neither GeoPackage nor SpatiaLite geometry");
	if (rc) {
		le_geom_release(g);
		snprintf(why, whylen, "%s", r.why ? r.why : "bad blob");
		return why;
	}
	le_geom_finish(g);
	if (g->npoints == 0)
		le_geom_release(g);
	return NULL;
}

/* ---------------------------------------------------------------- SQL */

/* State of one read, so the helpers share one error path. */
struct dbr {
	const char *path, *layer;
	sqlite3 *db;
	struct le_err *err;
};

/* An SQLite failure, with SQLite's own words. */
static int db_fail(struct dbr *d, const char *what)
{
	return le_errf(d->err, LE_EDB, "%s: %s (%s)", d->path, what, sqlite3_errmsg(d->db));
}

/*
 * Metadata tables of SpatiaLite and GeoPackage, left out of the list of
 * tables an error message offers: nobody means them as a layer.
 */
static int is_meta_table(const char *name)
{
	static const char *prefixes[] = {
		"sqlite_", "gpkg_", "rtree_", "idx_", "spatial_ref_sys",
		"geometry_columns", "views_geometry_columns", "virts_geometry_columns",
		"spatialite_history", "sql_statements_log", "SpatialIndex",
		"ElementaryGeometries", "KNN", "data_licenses", "raster_coverages",
		"vector_coverages", "wms_", "SE_", "ISO_metadata", "topologies",
		"networks", "stored_", "rl2map_configurations",
	};
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (sqlite3_strnicmp(name, prefixes[i], (int)strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

/*
 * Find layer among the tables and views (case-insensitively, as SQLite
 * does); its stored spelling goes to *name. Not found: the message lists
 * the user tables, sorted.
 */
static int find_layer(struct dbr *d, char **name)
{
	sqlite3_stmt *st = NULL;
	struct buf list;
	int rc, n = 0;

	buf_init(&list);
	*name = NULL;
	rc = sqlite3_prepare_v2(d->db,
		"SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
		"ORDER BY name", -1, &st, NULL);
	if (rc == SQLITE_NOTADB) {
		rc = le_errf(d->err, LE_EDB, "%s: not a SQLite database (%s)", d->path,
			     sqlite3_errmsg(d->db));
		goto done;
	}
	if (rc != SQLITE_OK) {
		rc = db_fail(d, "cannot list tables");
		goto done;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (!t)
			continue;
		if (!*name && sqlite3_stricmp(t, d->layer) == 0)
			*name = xstrdup(t);
		if (!is_meta_table(t))
			buf_addf(&list, "%s%s", n++ ? ", " : "", t);
	}
	if (rc == SQLITE_NOTADB) {
		rc = le_errf(d->err, LE_EDB, "%s: not a SQLite database (%s)", d->path,
			     sqlite3_errmsg(d->db));
		goto done;
	}
	if (rc != SQLITE_DONE) {
		rc = db_fail(d, "cannot list tables");
		goto done;
	}
	rc = LE_OK;
	if (!*name)
		rc = le_errf(d->err, LE_EDB, "%s: no table '%s' (tables: %s)", d->path,
			     d->layer, n ? list.s : "none");
done:
	sqlite3_finalize(st);
	buf_release(&list);
	return rc;
}

/* Run a one-row query with one text parameter; copies column 0 (text) to
 * *text and column 1 (integer) to *num. Returns 1 if a row came back, 0 if
 * none or the query does not apply (a missing registry table). */
/*
 * Registry lookups run on files that may lack the registry (a GeoPackage
 * has no geometry_columns and vice versa), so a failed prepare is "no
 * answer" here, not an error.
 */
static int lookup(struct dbr *d, const char *sql, const char *arg, char **text, long *num)
{
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(d->db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);
		if (text)
			*text = xstrdup(s ? s : "");
		if (num)
			*num = (long)sqlite3_column_int64(st, 1);
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

/*
 * The registered geometry column of the layer and its srid (GeoPackage
 * first, then SpatiaLite). A GeoPackage srs_id is the file's own number:
 * its gpkg_spatial_ref_sys row says which EPSG code it stands for.
 */
static void registered_geom(struct dbr *d, const char *layer, char **col, long *srid)
{
	char *org = NULL, idbuf[32];
	long code = 0;

	*col = NULL;
	*srid = 0;
	if (lookup(d, "SELECT column_name, srs_id FROM gpkg_geometry_columns "
		      "WHERE table_name = ?1 COLLATE NOCASE", layer, col, srid)) {
		snprintf(idbuf, sizeof(idbuf), "%ld", *srid);
		if (lookup(d, "SELECT organization, organization_coordsys_id "
			      "FROM gpkg_spatial_ref_sys WHERE srs_id = ?1", idbuf,
			   &org, &code) && sqlite3_stricmp(org, "EPSG") == 0)
			*srid = code;
		free(org);
		return;
	}
	lookup(d, "SELECT f_geometry_column, srid FROM geometry_columns "
		  "WHERE f_table_name = ?1 COLLATE NOCASE", layer, col, srid);
}

/*
 * The columns of the layer, in table order (PRAGMA table_info), into
 * *cols / *ncols (each malloc'd).
 */
/* PRAGMA table_info cannot take a bound parameter, hence io_sql_ident (layer and column names come from the user and the file: always quoted, never pasted). */
static int layer_columns(struct dbr *d, const char *layer, char ***cols, int *ncols)
{
	sqlite3_stmt *st = NULL;
	struct buf sql;
	size_t alloc = 0;
	int rc;

	buf_init(&sql);
	*cols = NULL;
	*ncols = 0;
	buf_adds(&sql, "PRAGMA table_info(");
	io_sql_ident(&sql, layer);
	buf_adds(&sql, ")");
	if (sqlite3_prepare_v2(d->db, sql.s, -1, &st, NULL) != SQLITE_OK) {
		rc = db_fail(d, "cannot read the columns");
		goto done;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 1);
		size_t len = c ? strlen(c) : 0, bad;

		/* Column names are text too: they are mapped by the study
		 * and quoted in messages and data_quality.csv. */
		if ((bad = io_utf8_bad(c ? c : "", len)) < len) {
			rc = le_errf(d->err, LE_EPARSE,
				     "%s: layer '%s': column %d's name is not valid UTF-8 (byte 0x%02X, byte %zu of the name; rename the column)",
				     d->path, d->layer, *ncols + 1, (unsigned)(unsigned char)c[bad],
				     bad + 1);
			goto done;
		}
		ALLOC_GROW(*cols, (size_t)*ncols + 1, alloc);
		(*cols)[(*ncols)++] = xstrdup(c ? c : "");
	}
	rc = rc == SQLITE_DONE ? LE_OK : db_fail(d, "cannot read the columns");
done:
	sqlite3_finalize(st);
	buf_release(&sql);
	return rc;
}

static void free_strings(char **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * The read, step by step: the file exists; SQLite opens it read-only; the
 * layer is found (which also proves the file is a database); the
 * geometry column is chosen and checked; then one SELECT in rowid order
 * fills the table. Every error leaves through `done`, which releases the
 * statement, the connection and the scratch strings.
 */
int io_db_read(const char *path, const char *layer, const char *geomcol,
	       struct io_table *t, struct le_err *err)
{
	struct dbr d;
	struct stat stb;
	sqlite3_stmt *st = NULL;
	struct buf sql;
	char **cols = NULL, *name = NULL, *reg_col = NULL, why[128];
	const char *gcol = NULL;
	long srid = 0, blob_srid = 0;
	int ncols = 0, gi = -1, i, c, r, rc;

	buf_init(&sql);
	memset(&d, 0, sizeof(d));
	d.path = path;
	d.layer = layer;
	d.err = err;
	io_table_begin(t, path, IO_ROW_FID);
	/* SQLite reports a missing file as "unable to open database file"
	 * only at the first query; say it plainly, before it. */
	if (stat(path, &stb) != 0) {
		rc = le_errf(err, LE_EIO, "cannot open '%s': %s", path,
			     errno == ENOENT ? "no such file" : strerror(errno));
		goto done;
	}
	if (sqlite3_open_v2(path, &d.db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		rc = le_errf(err, LE_EIO, "cannot open '%s': %s", path,
			     d.db ? sqlite3_errmsg(d.db) : "out of memory");
		goto done;
	}
	if ((rc = find_layer(&d, &name)))
		goto done;
	if ((rc = layer_columns(&d, name, &cols, &ncols)))
		goto done;
	registered_geom(&d, name, &reg_col, &srid);
	gcol = geomcol ? geomcol : reg_col;
	if (gcol) {
		for (i = 0; i < ncols && gi < 0; i++)
			if (sqlite3_stricmp(cols[i], gcol) == 0)
				gi = i;
		if (gi < 0) {
			rc = le_errf(err, LE_EDB, "%s: layer '%s' has no column '%s'", path,
				     layer, gcol);
			goto done;
		}
		/* An explicit column other than the registered one: its srid is
		 * unknown until the blobs say. */
		if (reg_col && sqlite3_stricmp(reg_col, cols[gi]) != 0)
			srid = 0;
	}
	/* rowid first, then every column in table order, in rowid order. */
	buf_adds(&sql, "SELECT rowid");
	for (i = 0; i < ncols; i++) {
		buf_adds(&sql, ", ");
		io_sql_ident(&sql, cols[i]);
		if (i != gi)
			io_table_add_col(t, cols[i], strlen(cols[i]));
	}
	buf_adds(&sql, " FROM ");
	io_sql_ident(&sql, name);
	buf_adds(&sql, " ORDER BY rowid");
	if (sqlite3_prepare_v2(d.db, sql.s, -1, &st, NULL) != SQLITE_OK) {
		rc = db_fail(&d, "cannot read the layer");
		goto done;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long fid = (long)sqlite3_column_int64(st, 0);
		r = io_table_add_row(t, fid);
		for (i = 0, c = 0; i < ncols; i++) {
			int type = sqlite3_column_type(st, i + 1);
			if (i == gi) {
				struct le_geom g;
				long s = 0;
				le_geom_init(&g);
				if (type == SQLITE_BLOB &&
				    decode_blob(sqlite3_column_blob(st, i + 1),
						(size_t)sqlite3_column_bytes(st, i + 1), &g, &s,
						why, sizeof(why))) {
					rc = le_errf(err, LE_EDB,
						     "%s: layer '%s', fid %ld: geometry blob is not valid (%s)",
						     path, layer, fid, why);
					goto done;
				}
				if (type != SQLITE_BLOB && type != SQLITE_NULL) {
					rc = le_errf(err, LE_EDB,
						     "%s: layer '%s', fid %ld: geometry blob is not valid (a %s value, not a blob)",
						     path, layer, fid,
						     type == SQLITE_TEXT ? "text" : "number");
					goto done;
				}
				if (!blob_srid && s > 0)
					blob_srid = s;
				io_table_set_geom(t, r, &g);
				continue;
			}
			/* Blobs are not text: "" rather than raw bytes. */
			if (type != SQLITE_NULL && type != SQLITE_BLOB) {
				const char *s = (const char *)sqlite3_column_text(st, i + 1);
				size_t len = (size_t)sqlite3_column_bytes(st, i + 1), bad;

				/* SQLite stores whatever bytes it is given as
				 * TEXT without a check, so a GeoPackage written
				 * by a tool that did not recode (Latin-1 names)
				 * would carry them into outputs that declare
				 * UTF-8, which browsers and QGIS then refuse. */
				if ((bad = io_utf8_bad(s, len)) < len) {
					rc = le_errf(err, LE_EPARSE,
						     "%s: layer '%s', fid %ld: field '%s': text is not valid UTF-8 (byte 0x%02X, byte %zu of the field; %s: re-save the layer as UTF-8 from its source, in QGIS with the source's encoding set under Layer Properties > Source, then Export > Save Features As)",
						     path, layer, fid, cols[i],
						     (unsigned)(unsigned char)s[bad], bad + 1,
						     io_has_suffix(path, ".gpkg") ? "the GeoPackage standard requires UTF-8 text"
								   : "SQLite text must be UTF-8");
					goto done;
				}
				io_table_set(t, r, c, s, len);
			}
			c++;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = db_fail(&d, "cannot read the layer");
		goto done;
	}
	rc = LE_OK;
	if (gi >= 0) {
		/* A spatial layer stays spatial even with no rows or all NULLs. */
		if (!t->geoms)
			t->geoms = xcalloc(t->rows_alloc_ ? t->rows_alloc_ : 1,
					   sizeof(*t->geoms));
		if (srid <= 0)
			srid = blob_srid;
		if (srid > 0) {
			char crs[32];
			snprintf(crs, sizeof(crs), "EPSG:%ld", srid);
			t->crs = xstrdup(crs);
		}
	}
done:
	/* Like every reader: an error leaves an empty table, not a partial one. */
	if (rc != LE_OK)
		io_table_discard(t);
	else
		io_table_end(t);
	sqlite3_finalize(st);
	if (d.db)
		sqlite3_close(d.db);
	buf_release(&sql);
	free(reg_col);
	free(name);
	free_strings(cols, ncols);
	return rc;
}
