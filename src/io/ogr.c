/*
 * ogr.c: any vector source GDAL/OGR can open (Shapefile, MapInfo TAB and
 * MIF, Esri file geodatabase through OpenFileGDB, FlatGeobuf, KML, GML, a
 * PostGIS connection "PG:...") read into the same io_table as the native
 * readers, so load/'s mapping, filters, CRS handling and messages apply
 * unchanged. io/ogr.c and io/pg.c (the PostGIS store of results, which
 * shares this file's message helpers) are the only includers of GDAL's
 * headers.
 *
 * The native CSV, GeoJSON and SpatiaLite/GeoPackage readers stay: they
 * are stricter (a ragged CSV row, a NUL byte, an unclosed GeoJSON ring
 * are errors there, where OGR would pad, cut or close them silently) and
 * they number rows as a planner finds them (line, features[i]). Rows read
 * here are numbered by OGR's feature id (fid), which is what QGIS's
 * attribute table and ogrinfo show ("schools.shp: fid 7").
 *
 * Invariants:
 *  - GDAL never prints: a quiet error handler is pushed around every
 *    call, and GDAL's last message goes into our error text.
 *  - Cells are OGR's string form of the field (integers "339", reals in
 *    up to 15 significant digits, NULL or unset as ""); the loaders
 *    parse them as they parse CSV cells.
 *  - Cells are UTF-8: GDAL recodes a Shapefile from its .cpg (or from
 *    the study's encoding =, its ENCODING open option) and a MapInfo
 *    table from its charset; text that still is not UTF-8 (any driver)
 *    is an error naming the fid, field and first bad byte, with the fix
 *    for that format (not_utf8_advice), never passed on to outputs that
 *    declare UTF-8.
 *  - Geometries are flattened to 2D and curves linearised; a geometry
 *    type we cannot use (MultiPoint, GeometryCollection) is an error
 *    naming the feature; an empty or NULL geometry is an empty le_geom,
 *    for the loader to judge, as the GeoJSON reader does.
 *  - t->crs is "EPSG:n" when GDAL identifies the layer's CRS with an EPSG
 *    code (a Shapefile's .prj of British National Grid included), else
 *    the CRS as WKT (PROJ reads that too), else NULL (no CRS: the
 *    study's crs key or the working CRS applies, as for CSV).
 */
#include "io/io_int.h"

/* GDAL's headers declare 64-bit enumerators (ogr_core.h), which ISO C11
 * does not allow; -Wpedantic is silenced for them only. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#pragma GCC diagnostic pop

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Registered once per process: GDALAllRegister is idempotent but slow
 * (tens of ms), and estate reads several layers per command. */
static int ogr_registered;

/*
 * GDAL's last message on one line (libpq's span several, with tabs), or
 * fallback when it has none, with any password masked (io_ogr_shown: a
 * driver may quote the connection string). Into out (size n).
 */
const char *io_ogr_msg(char *out, size_t n, const char *fallback)
{
	const char *m = CPLGetLastErrorMsg();
	char *line = xmalloc(n);
	size_t k = 0;
	int space = 0;

	if (!m || !*m)
		m = fallback;
	for (; *m && k + 1 < n; m++) {
		if (*m == '\n' || *m == '\t' || *m == '\r' || *m == ' ') {
			space = k > 0;
			continue;
		}
		if (space && k + 2 < n)
			line[k++] = ' ';
		space = 0;
		line[k++] = *m;
	}
	line[k] = '\0';
	io_ogr_shown(line, out, n);
	free(line);
	return out;
}

void io_ogr_init(void)
{
	if (!ogr_registered) {
		GDALAllRegister();
		ogr_registered = 1;
	}
}

/*
 * A connection string for messages: the password replaced by "***", so
 * that it never reaches a terminal, a log or data_quality.csv (the
 * README says to keep it in ~/.pgpass instead). Both of libpq's forms:
 * keywords ("password=x", "password = 'a b'", quotes and backslashes as
 * libpq reads them) and URIs ("postgresql://user:x@host/db"). Into out
 * (size n).
 */
const char *io_ogr_shown(const char *path, char *out, size_t n)
{
	struct buf b;
	const char *p = path, *kw, *at, *colon, *slash;

	buf_init(&b);
	/* URI form: the text between the user's ':' and the '@'. */
	if ((slash = strstr(p, "://")) != NULL && (at = strchr(slash + 3, '@')) != NULL &&
	    (colon = memchr(slash + 3, ':', (size_t)(at - slash - 3))) != NULL) {
		buf_add(&b, p, (size_t)(colon - p) + 1);
		buf_adds(&b, "***");
		p = at;
	}
	while ((kw = strstr(p, "password")) != NULL) {
		const char *v = kw + 8;

		while (*v == ' ' || *v == '\t')
			v++;
		if (*v != '=') {
			buf_add(&b, p, (size_t)(v - p));
			p = v;
			continue;
		}
		v++;
		while (*v == ' ' || *v == '\t')
			v++;
		buf_add(&b, p, (size_t)(v - p));
		buf_adds(&b, "***");
		if (*v == '\'') {
			for (v++; *v && *v != '\''; v++)
				if (*v == '\\' && v[1])
					v++;
			if (*v)
				v++;
		} else {
			while (*v && *v != ' ' && *v != '\t')
				v++;
		}
		p = v;
	}
	buf_adds(&b, p);
	snprintf(out, n, "%s", b.s);
	buf_release(&b);
	return out;
}

int io_ogr_source(const char *path)
{
	static const char *const exts[] = {
		".shp", ".dbf", ".tab", ".mif", ".gdb", ".fgb", ".kml", ".gml",
		".shz", NULL
	};
	const char *base, *dot;
	int i;

	if (!path)
		return 0;
	/* A database connection string is a source, not a path. */
	if (strncmp(path, "PG:", 3) == 0)
		return 1;
	base = le_basename(path);
	/* A file geodatabase is a folder "x.gdb" (maybe given as "x.gdb/"). */
	dot = strrchr(base, '.');
	if (!dot) {
		size_t n = strlen(path);
		if (n > 5 && path[n - 1] == '/' && le_strcaseeq(path + n - 5, ".gdb/"))
			return 1;
		return 0;
	}
	for (i = 0; exts[i]; i++)
		if (le_strcaseeq(dot, exts[i]))
			return 1;
	return 0;
}

/* Comma-separated layer names of ds, for messages. */
static void layer_list(GDALDatasetH ds, struct buf *b)
{
	int i, n = GDALDatasetGetLayerCount(ds);

	for (i = 0; i < n; i++)
		buf_addf(b, "%s%s", i ? ", " : "",
			 OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
	if (n == 0)
		buf_adds(b, "none");
}

/*
 * The layer's CRS as we name CRSs: "EPSG:n" when GDAL can say which EPSG
 * CRS it is (OSRAutoIdentifyEPSG knows ESRI's British_National_Grid
 * .prj), else WKT. NULL for a layer without CRS.
 */
static char *crs_name(OGRSpatialReferenceH srs)
{
	OGRSpatialReferenceH c;
	const char *auth, *code;
	char *wkt = NULL, *out = NULL;

	if (!srs)
		return NULL;
	c = OSRClone(srs);
	if (OSRAutoIdentifyEPSG(c) == OGRERR_NONE || OSRGetAuthorityCode(c, NULL)) {
		auth = OSRGetAuthorityName(c, NULL);
		code = OSRGetAuthorityCode(c, NULL);
		if (auth && code && le_strcaseeq(auth, "EPSG")) {
			struct buf b;
			buf_init(&b);
			buf_addf(&b, "EPSG:%s", code);
			out = xstrdup(b.s);
			buf_release(&b);
		}
	}
	if (!out && OSRExportToWkt(c, &wkt) == OGRERR_NONE && wkt)
		out = xstrdup(wkt);
	CPLFree(wkt);
	OSRDestroySpatialReference(c);
	return out;
}

/* Points of a (linear, 2D) line string or ring as one part of g. */
static void add_points(struct le_geom *g, OGRGeometryH line)
{
	int i, n = OGR_G_GetPointCount(line);

	le_geom_part(g);
	for (i = 0; i < n; i++)
		le_geom_point(g, OGR_G_GetX(line, i), OGR_G_GetY(line, i));
}

static void add_polygon(struct le_geom *g, OGRGeometryH poly)
{
	int i, n = OGR_G_GetGeometryCount(poly);

	le_geom_poly(g);
	for (i = 0; i < n; i++)
		add_points(g, OGR_G_GetGeometryRef(poly, i));
}

/*
 * An OGR geometry into g. Returns 0, or -1 with the type's name in why
 * for a type the loaders cannot use. Rings are kept as stored: OGR
 * readers of Shapefile and FlatGeobuf close them.
 */
static int to_geom(OGRGeometryH in, struct le_geom *g, char *why, size_t n)
{
	OGRGeometryH lin = NULL, geom = in;
	OGRwkbGeometryType type;
	int i, rc = 0;

	le_geom_init(g);
	if (!in || OGR_G_IsEmpty(in))
		return 0;
	/* Arcs (MapInfo, file geodatabases) become line segments. */
	if (OGR_G_HasCurveGeometry(in, 1)) {
		lin = OGR_G_GetLinearGeometry(in, 0, NULL);
		if (lin)
			geom = lin;
	}
	type = wkbFlatten(OGR_G_GetGeometryType(geom));
	switch (type) {
	case wkbPoint:
		le_geom_begin(g, LE_GEOM_POINT);
		le_geom_part(g);
		le_geom_point(g, OGR_G_GetX(geom, 0), OGR_G_GetY(geom, 0));
		break;
	case wkbLineString:
		le_geom_begin(g, LE_GEOM_LINESTRING);
		add_points(g, geom);
		break;
	case wkbMultiLineString:
		le_geom_begin(g, LE_GEOM_MULTILINESTRING);
		for (i = 0; i < OGR_G_GetGeometryCount(geom); i++)
			add_points(g, OGR_G_GetGeometryRef(geom, i));
		break;
	case wkbPolygon:
		le_geom_begin(g, LE_GEOM_POLYGON);
		add_polygon(g, geom);
		break;
	case wkbMultiPolygon:
		le_geom_begin(g, LE_GEOM_MULTIPOLYGON);
		for (i = 0; i < OGR_G_GetGeometryCount(geom); i++)
			add_polygon(g, OGR_G_GetGeometryRef(geom, i));
		break;
	default: {
		/* GDAL says "Multi Point"; the GeoJSON name is what the
		 * other readers' messages use. */
		const char *name = OGRGeometryTypeToName(type);
		size_t k = 0;
		for (; *name && k + 1 < n; name++)
			if (*name != ' ')
				why[k++] = *name;
		why[k] = '\0';
		rc = -1;
		break;
	}
	}
	if (rc == 0)
		le_geom_finish(g);
	else
		le_geom_release(g);
	if (lin)
		OGR_G_DestroyGeometry(lin);
	return rc;
}

/*
 * What to do about text GDAL handed back that is not UTF-8, by driver:
 * the fix is in a different place for each format, and advice to add a
 * key the format cannot take (io_enc_declare refuses 'encoding =' for
 * all but Shapefiles) would only lead to a second error. Into out.
 */
static const char *not_utf8_advice(GDALDatasetH ds, const struct io_enc *e, char *out,
				   size_t n)
{
	static const struct {
		const char *driver, *advice;
	} table[] = {
		{ "MapInfo File", "the table's charset is Neutral or wrong: set the charset its text is in on the '!charset' and 'Charset' lines of the .tab file (WindowsLatin1 for Windows-1252), or re-save the table as UTF-8" },
		{ "FlatGeobuf", "the FlatGeobuf format requires UTF-8 text: re-save the layer as UTF-8 from its source" },
		{ "PostgreSQL", "the database holds text that is not UTF-8, as a SQL_ASCII database can: correct the rows, or store the table in a UTF8 database" },
	};
	const char *drv = GDALGetDriverShortName(GDALGetDatasetDriver(ds));
	char place[64];
	size_t i;

	if (strcmp(drv, "ESRI Shapefile") == 0) {
		if (e && e->name)
			/* Declared, yet not UTF-8 after GDAL's recoding: a
			 * declared UTF-8 is not recoded at all. */
			snprintf(out, n, "the text is not %s as declared: check '%s = %s' in %s",
				 e->name, io_enc_key(e), e->name,
				 io_enc_place(e, 0, place, sizeof(place)));
		else
			snprintf(out, n,
				 "the file does not say its encoding, as a Shapefile without a .cpg file: name it with '%s = windows-1252', or whichever it is, in %s",
				 io_enc_key(e), io_enc_place(e, 1, place, sizeof(place)));
		return out;
	}
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(drv, table[i].driver) == 0) {
			snprintf(out, n, "%s", table[i].advice);
			return out;
		}
	snprintf(out, n, "the %s driver passed it on as stored: re-save the layer as UTF-8 from its source", drv);
	return out;
}

/*
 * The read: open the source (a file that does not exist is said plainly,
 * before GDAL's "not recognized"), choose the layer (the named one, else
 * the only one), choose the geometry field, then every feature in the
 * layer's order.
 */
int io_ogr_read(const char *path, const char *layer, const char *geomcol,
		struct io_table *t, struct le_err *err)
{
	return io_ogr_read_enc(path, layer, geomcol, NULL, t, err);
}

int io_ogr_read_enc(const char *path, const char *layer, const char *geomcol,
		    const struct io_enc *e, struct io_table *t, struct le_err *err)
{
	const char *enc = e ? e->name : NULL;
	char enc_opt[80];
	const char *open_opts[] = { "WRITE_GFS=NO", NULL, NULL };
	GDALDatasetH ds = NULL;
	OGRLayerH ly;
	OGRFeatureDefnH defn;
	OGRFeatureH f = NULL;
	struct stat stb;
	struct buf b;
	char why[128], msg[200], P[512], advice[300];
	size_t bad;
	int rc = LE_OK, nf, gi = -1, i, r, is_db = strncmp(path, "PG:", 3) == 0;

	buf_init(&b);
	io_ogr_shown(path, P, sizeof(P));
	io_table_begin(t, P, IO_ROW_FID);
	if (!is_db && stat(path, &stb) != 0) {
		rc = le_errf(err, LE_EIO, "cannot open '%s': %s", path,
			     errno == ENOENT ? "no such file" : strerror(errno));
		goto done;
	}
	CPLPushErrorHandler(CPLQuietErrorHandler);
	io_ogr_init();
	CPLErrorReset();
	/* The Shapefile driver recodes the .dbf's text to UTF-8 from its
	 * .cpg file (or the .dbf's language byte) by itself; ENCODING is for
	 * a file whose .cpg is missing or wrong, and overrides both. */
	if (enc && *enc) {
		snprintf(enc_opt, sizeof(enc_opt), "ENCODING=%s", enc);
		open_opts[1] = enc_opt;
	}
	/* Reading must not write: the GML reader would otherwise leave a
	 * .gfs schema file beside a council's data. Drivers that do not
	 * know the option only warn, quietly. */
	ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, open_opts, NULL);
	if (!ds) {
		rc = le_errf(err, LE_EIO, "cannot open '%s' as a vector source: %s", P,
			     io_ogr_msg(msg, sizeof(msg), "GDAL does not recognise it"));
		goto pop;
	}
	/* Every other driver would ignore the option without a word (its
	 * text is UTF-8 by definition, or it recodes by itself). */
	if (enc && *enc && strcmp(GDALGetDriverShortName(GDALGetDatasetDriver(ds)),
				  "ESRI Shapefile") != 0) {
		rc = le_errf(err, LE_EUSAGE,
			     "%s: '%s = %s' applies to CSV files and Shapefiles; the %s driver reads text as UTF-8 itself",
			     P, io_enc_key(e), enc, GDALGetDriverShortName(GDALGetDatasetDriver(ds)));
		goto pop;
	}
	if (layer && *layer) {
		ly = GDALDatasetGetLayerByName(ds, layer);
		if (!ly) {
			layer_list(ds, &b);
			rc = le_errf(err, LE_EDB, "%s: no layer '%s' (layers: %s)", P, layer, b.s);
			goto pop;
		}
	} else if (GDALDatasetGetLayerCount(ds) == 1) {
		/* A Shapefile, TAB or FlatGeobuf file is one layer: naming it
		 * would be a chore, and there is nothing to confuse it with. */
		ly = GDALDatasetGetLayer(ds, 0);
	} else {
		/* Several layers (a geodatabase, a GML with many feature
		 * types, a database): guessing one would load the wrong
		 * layer without a word. */
		layer_list(ds, &b);
		rc = le_errf(err, LE_EUSAGE,
			     "%s: has %d layers (%s): name one with 'layer = NAME' in the study file",
			     P, GDALDatasetGetLayerCount(ds), b.s);
		goto pop;
	}
	defn = OGR_L_GetLayerDefn(ly);
	nf = OGR_FD_GetFieldCount(defn);
	if (geomcol && *geomcol) {
		gi = OGR_FD_GetGeomFieldIndex(defn, geomcol);
		if (gi < 0) {
			rc = le_errf(err, LE_EDB, "%s: layer '%s' has no geometry column '%s'",
				     P, OGR_L_GetName(ly), geomcol);
			goto pop;
		}
	} else if (OGR_FD_GetGeomFieldCount(defn) > 0) {
		gi = 0;
	}
	for (i = 0; i < nf; i++) {
		const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));

		/* A field name is recoded (or not) as the values are, and is
		 * quoted in messages and data_quality.csv. */
		if ((bad = io_utf8_bad(name, strlen(name))) < strlen(name)) {
			rc = le_errf(err, LE_EPARSE,
				     "%s: field %d's name is not valid UTF-8 (byte 0x%02X, byte %zu of the name; %s)",
				     P, i + 1, (unsigned)(unsigned char)name[bad], bad + 1,
				     not_utf8_advice(ds, e, advice, sizeof(advice)));
			goto pop;
		}
		io_table_add_col(t, name, strlen(name));
	}
	if (gi >= 0)
		t->crs = crs_name(OGR_GFld_GetSpatialRef(OGR_FD_GetGeomFieldDefn(defn, gi)));
	OGR_L_ResetReading(ly);
	CPLErrorReset();
	while ((f = OGR_L_GetNextFeature(ly)) != NULL) {
		long fid = (long)OGR_F_GetFID(f);

		r = io_table_add_row(t, fid);
		for (i = 0; i < nf; i++) {
			const char *v;
			if (!OGR_F_IsFieldSetAndNotNull(f, i))
				continue;
			v = OGR_F_GetFieldAsString(f, i);
			/* GDAL recodes a Shapefile to UTF-8 only when its .cpg
			 * (or the .dbf's language byte) names the encoding,
			 * a MapInfo table only when its charset is not
			 * Neutral; FlatGeobuf and a SQL_ASCII database pass
			 * whatever bytes they hold. Any of them would reach
			 * the outputs as invalid text. */
			if ((bad = io_utf8_bad(v, strlen(v))) < strlen(v)) {
				rc = le_errf(err, LE_EPARSE,
					     "%s: fid %ld: field '%s': text is not valid UTF-8 (byte 0x%02X, byte %zu of the field; %s)",
					     P, fid, OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)),
					     (unsigned)(unsigned char)v[bad], bad + 1,
					     not_utf8_advice(ds, e, advice, sizeof(advice)));
				goto pop;
			}
			io_table_set(t, r, i, v, strlen(v));
		}
		if (gi >= 0) {
			struct le_geom g;
			if (to_geom(OGR_F_GetGeomFieldRef(f, gi), &g, why, sizeof(why))) {
				rc = le_errf(err, LE_EGEO,
					     "%s: fid %ld: geometry is a %s (expected a point, lines or polygons)",
					     P, fid, why);
				goto pop;
			}
			io_table_set_geom(t, r, &g);
		}
		OGR_F_Destroy(f);
		f = NULL;
	}
	/* A read that stops on an error (a truncated .dbf, a dropped
	 * database connection) ends like a normal end of layer: only the
	 * error state tells them apart, and a partial table must never
	 * pass for the whole one. */
	if (CPLGetLastErrorType() >= CE_Failure) {
		rc = le_errf(err, LE_EIO, "%s: cannot read layer '%s': %s", P,
			     OGR_L_GetName(ly), io_ogr_msg(msg, sizeof(msg), "read error"));
		goto pop;
	}
pop:
	if (f)
		OGR_F_Destroy(f);
	if (ds)
		GDALClose(ds);
	CPLPopErrorHandler();
done:
	buf_release(&b);
	if (rc)
		io_table_discard(t);
	else
		io_table_end(t);
	return rc;
}
