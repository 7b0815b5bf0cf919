/*
 * gpkg.c: report_gpkg_write, a GeoPackage 1.2 of output layers that QGIS,
 * ArcGIS and GDAL open as it is (GDAL's validate_gpkg.py passes).
 *
 * Why not SpatiaLite's gpkgCreateBaseTables: it writes a 1.0 header and
 * DDL that the validator rejects (LIBRARIES.md). The schema here is the
 * OGC 12-128r15 DDL (annex C) typed in; the geometry blobs come from our
 * own encoder (layer.c, report_gpb), so SQLite alone is enough and io/
 * stays the only includer of sqlite3.h (through io_sql_*).
 *
 * Invariants:
 *  - The file holds the three SRS rows the spec requires (-1, 0, 4326)
 *    plus the working CRS, whose srs_id is its EPSG code.
 *  - Each layer is a table "name" (fid INTEGER PRIMARY KEY, geom <TYPE>,
 *    fields), registered in gpkg_contents (with its extent) and
 *    gpkg_geometry_columns, with an R-tree index filled from the rows and
 *    the spec's triggers (created after the rows: they call ST_*
 *    functions that only GDAL / QGIS provide, so they must not fire here).
 *  - Timestamps are fixed (REPORT_GPKG_TIME), rows go in the order given
 *    and everything is written in one transaction, so the same layers give
 *    the same bytes.
 */
#include "report/report_int.h"
#include "geo/geo.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* last_change and update_time: a constant, so that output is reproducible
 * (a run's date is in its log, not in the data). */
#define REPORT_GPKG_TIME "2000-01-01T00:00:00.000Z"

/* OGC 12-128r15 annex C, with the optional tile tables left out (the
 * spec needs them only for tile pyramids). */
static const char *core_ddl =
	"PRAGMA application_id = 1196444487;"   /* "GPKG" */
	"PRAGMA user_version = 10200;"          /* 1.2.0 */
	"CREATE TABLE gpkg_spatial_ref_sys ("
	" srs_name TEXT NOT NULL,"
	" srs_id INTEGER NOT NULL PRIMARY KEY,"
	" organization TEXT NOT NULL,"
	" organization_coordsys_id INTEGER NOT NULL,"
	" definition TEXT NOT NULL,"
	" description TEXT);"
	"CREATE TABLE gpkg_contents ("
	" table_name TEXT NOT NULL PRIMARY KEY,"
	" data_type TEXT NOT NULL,"
	" identifier TEXT UNIQUE,"
	" description TEXT DEFAULT '',"
	" last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
	" min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,"
	" srs_id INTEGER,"
	" CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));"
	"CREATE TABLE gpkg_geometry_columns ("
	" table_name TEXT NOT NULL,"
	" column_name TEXT NOT NULL,"
	" geometry_type_name TEXT NOT NULL,"
	" srs_id INTEGER NOT NULL,"
	" z TINYINT NOT NULL,"
	" m TINYINT NOT NULL,"
	" CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),"
	" CONSTRAINT uk_gc_table_name UNIQUE (table_name),"
	" CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),"
	" CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));"
	"CREATE TABLE gpkg_extensions ("
	" table_name TEXT,"
	" column_name TEXT,"
	" extension_name TEXT NOT NULL,"
	" definition TEXT NOT NULL,"
	" scope TEXT NOT NULL,"
	" CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));"
	/* GDAL's feature counts (not part of the spec, and not an extension
	 * either: GDAL creates it unregistered). Without it a reader counts
	 * rows by a full scan, and QGIS 3.22 shows a filtered layer with the
	 * table's count. */
	"CREATE TABLE gpkg_ogr_contents ("
	" table_name TEXT NOT NULL PRIMARY KEY,"
	" feature_count INTEGER DEFAULT NULL);"
	"INSERT INTO gpkg_spatial_ref_sys VALUES"
	" ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined',"
	"  'undefined cartesian coordinate reference system'),"
	" ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined',"
	"  'undefined geographic coordinate reference system');";

/*
 * QGIS's layer_styles table (the columns QGIS itself creates in a
 * GeoPackage). QGIS applies the row with useAsDefault = 1 when the layer
 * is opened. Registered as an attributes table so the file stays valid.
 */
static const char *styles_ddl =
	"CREATE TABLE layer_styles ("
	" id INTEGER PRIMARY KEY,"
	" f_table_catalog TEXT(256),"
	" f_table_schema TEXT(256),"
	" f_table_name TEXT(256),"
	" f_geometry_column TEXT(256),"
	" styleName TEXT(30),"
	" styleQML TEXT,"
	" styleSLD TEXT,"
	" useAsDefault BOOLEAN,"
	" description TEXT,"
	" owner TEXT(30),"
	" ui TEXT(30),"
	" update_time DATETIME);"
	"INSERT INTO gpkg_contents (table_name, data_type, identifier, description,"
	" last_change) VALUES ('layer_styles', 'attributes', 'layer_styles',"
	" 'QGIS layer styles', '" REPORT_GPKG_TIME "');";

/* The spec's R-tree triggers (F.3); @ = the table, column geom, key fid. */
static const char *rtree_triggers[] = {
	"CREATE TRIGGER rtree_@_geom_insert AFTER INSERT ON @"
	" WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))"
	" BEGIN INSERT OR REPLACE INTO rtree_@_geom VALUES (NEW.fid,"
	" ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;",
	"CREATE TRIGGER rtree_@_geom_update1 AFTER UPDATE OF geom ON @"
	" WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))"
	" BEGIN INSERT OR REPLACE INTO rtree_@_geom VALUES (NEW.fid,"
	" ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;",
	"CREATE TRIGGER rtree_@_geom_update2 AFTER UPDATE OF geom ON @"
	" WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))"
	" BEGIN DELETE FROM rtree_@_geom WHERE id = OLD.fid; END;",
	"CREATE TRIGGER rtree_@_geom_update3 AFTER UPDATE ON @"
	" WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))"
	" BEGIN DELETE FROM rtree_@_geom WHERE id = OLD.fid;"
	" INSERT OR REPLACE INTO rtree_@_geom VALUES (NEW.fid,"
	" ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)); END;",
	"CREATE TRIGGER rtree_@_geom_update4 AFTER UPDATE ON @"
	" WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))"
	" BEGIN DELETE FROM rtree_@_geom WHERE id IN (OLD.fid, NEW.fid); END;",
	"CREATE TRIGGER rtree_@_geom_delete AFTER DELETE ON @"
	" WHEN old.geom NOT NULL"
	" BEGIN DELETE FROM rtree_@_geom WHERE id = OLD.fid; END;",
	/* GDAL's, keeping gpkg_ogr_contents right when a GIS edits the
	 * table (the names GDAL gives them, so GDAL does not add its own). */
	"CREATE TRIGGER trigger_insert_feature_count_@ AFTER INSERT ON @"
	" BEGIN UPDATE gpkg_ogr_contents SET feature_count = feature_count + 1"
	" WHERE lower(table_name) = lower('@'); END;",
	"CREATE TRIGGER trigger_delete_feature_count_@ AFTER DELETE ON @"
	" BEGIN UPDATE gpkg_ogr_contents SET feature_count = feature_count - 1"
	" WHERE lower(table_name) = lower('@'); END;",
};

static const char *gpkg_type_name(int type)
{
	switch (type) {
	case LE_GEOM_POINT: return "POINT";
	case LE_GEOM_LINESTRING: return "LINESTRING";
	case LE_GEOM_POLYGON: return "POLYGON";
	case LE_GEOM_MULTILINESTRING: return "MULTILINESTRING";
	case LE_GEOM_MULTIPOLYGON: return "MULTIPOLYGON";
	default: return "GEOMETRY";
	}
}

/*
 * Layer and field names go into trigger bodies unquoted (the spec's
 * triggers are templates), so only plain identifiers are accepted; the
 * output contract wants lowercase snake_case names anyway.
 */
static int plain_ident(const char *s)
{
	if (!*s || !(isalpha((unsigned char)*s) || *s == '_'))
		return 0;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_'))
			return 0;
	return 1;
}

/* "EPSG:27700" -> 27700, else 0. */
static int epsg_code(const char *crs)
{
	long v;

	if (!crs || strncmp(crs, "EPSG:", 5) != 0 || le_parse_long(crs + 5, &v) != 0 ||
	    v <= 0 || v > 1000000)
		return 0;
	return (int)v;
}

/* tmpl with every '@' replaced by name. */
static void expand(struct buf *b, const char *tmpl, const char *name)
{
	const char *p;

	buf_reset(b);
	for (p = tmpl; *p; p++)
		if (*p == '@')
			buf_adds(b, name);
		else
			buf_addc(b, *p);
}

static int add_srs(struct io_sql *db, struct geo_ctx *g, const char *crs, int code,
		   struct le_err *err)
{
	struct geo_crs_info ci;
	struct io_sql_stmt *st = NULL;
	int rc;

	if ((rc = geo_crs_info(g, crs, &ci, err)))
		return rc;
	rc = io_sql_prepare(db, "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, 'EPSG', ?, ?, NULL)",
			    &st, err);
	if (!rc) {
		io_sql_bind_text(st, 1, ci.name);
		io_sql_bind_int(st, 2, code);
		io_sql_bind_int(st, 3, code);
		io_sql_bind_text(st, 4, ci.wkt);
		rc = io_sql_step(st, err);
	}
	io_sql_finalize(st);
	geo_crs_info_release(&ci);
	return rc;
}

/* Read a whole text file; NULL when it cannot be opened. */
static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct buf b;
	char chunk[4096], *s;
	size_t n;

	if (!fp)
		return NULL;
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	/* buf_detach leaves b initialised (allocated) again. */
	s = buf_detach(&b);
	buf_release(&b);
	return s;
}

/*
 * A real as stored: rounded to the field's decimals exactly as the text
 * outputs print it (report_fixed, then read back), so that the GeoPackage,
 * the GeoJSON and the page agree digit for digit and a table does not
 * show 1234.5678901 pupils. Decimals beyond 15 would add nothing.
 */
static double stored_real(double v, int decimals)
{
	char s[64];

	if (decimals < 0 || decimals > 15)
		return v;
	return strtod(report_fixed(v, decimals, s, sizeof(s)), NULL);
}

static const char *sql_type(int type)
{
	return type == REPORT_INT ? "INTEGER" : type == REPORT_REAL ? "REAL" : "TEXT";
}

/* The table, its rows, its registrations and its R-tree. The rows are
 * those of l[0], then of l[stride], ... (nparts layers with the same
 * fields, e.g. one per scenario), fids running on across the parts, as if
 * the parts had been appended into one layer (without the copy). */
static int write_layer(struct io_sql *db, const struct report_layer *l, int nparts,
		       int stride, int srs, struct le_err *err)
{
	struct io_sql_stmt *ins = NULL, *rt = NULL, *reg = NULL;
	struct buf sql, blob;
	double bb[4], pb[4];
	int i, f, rc, p, fid = 0, any = 0;
	size_t t;

	buf_init(&sql);
	buf_init(&blob);
	/* The contents row comes before the geometry column row: the latter's
	 * foreign key refers to it. */
	rc = io_sql_prepare(db, "INSERT INTO gpkg_contents (table_name, data_type, identifier,"
			    " description, last_change, min_x, min_y, max_x, max_y, srs_id)"
			    " VALUES (?, 'features', ?, '', '" REPORT_GPKG_TIME "', ?, ?, ?, ?, ?)",
			    &reg, err);
	if (rc)
		goto done;
	io_sql_bind_text(reg, 1, l->name);
	io_sql_bind_text(reg, 2, l->name);
	/* The extent over every part: min and max of the parts' extents. */
	for (p = 0; p < nparts; p++) {
		if (report_layer_bbox(&l[(size_t)p * stride], pb) != 0)
			continue;
		for (i = 0; i < 4; i++)
			if (!any || (i < 2 ? pb[i] < bb[i] : pb[i] > bb[i]))
				bb[i] = pb[i];
		any = 1;
	}
	if (any)
		for (i = 0; i < 4; i++)
			io_sql_bind_real(reg, 3 + i, bb[i]);
	io_sql_bind_int(reg, 7, srs);
	if ((rc = io_sql_step(reg, err)))
		goto done;
	buf_addf(&sql, "CREATE TABLE %s (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom %s",
		 l->name, gpkg_type_name(l->geom_type));
	for (f = 0; f < l->nfields; f++)
		buf_addf(&sql, ", %s %s", l->fields[f].name, sql_type(l->fields[f].type));
	buf_adds(&sql, ");");
	buf_addf(&sql, "INSERT INTO gpkg_geometry_columns VALUES ('%s', 'geom', '%s', %d, 0, 0);",
		 l->name, gpkg_type_name(l->geom_type), srs);
	buf_addf(&sql, "CREATE VIRTUAL TABLE rtree_%s_geom USING rtree(id, minx, maxx, miny, maxy);",
		 l->name);
	buf_addf(&sql, "INSERT INTO gpkg_extensions VALUES ('%s', 'geom', 'gpkg_rtree_index',"
		 " 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');",
		 l->name);
	if ((rc = io_sql_exec(db, sql.s, err)))
		goto done;

	buf_reset(&sql);
	buf_addf(&sql, "INSERT INTO %s VALUES (?, ?", l->name);
	for (f = 0; f < l->nfields; f++)
		buf_adds(&sql, ", ?");
	buf_adds(&sql, ")");
	if ((rc = io_sql_prepare(db, sql.s, &ins, err)))
		goto done;
	buf_reset(&sql);
	buf_addf(&sql, "INSERT INTO rtree_%s_geom VALUES (?, ?, ?, ?, ?)", l->name);
	if ((rc = io_sql_prepare(db, sql.s, &rt, err)))
		goto done;
	for (p = 0; p < nparts; p++)
	for (i = 0; i < l[(size_t)p * stride].nrows; i++) {
		const struct report_layer *lp = &l[(size_t)p * stride];
		const struct le_geom *gm = &lp->geoms[i];
		/* fid from 1 in row order: stable feature ids across runs. */
		io_sql_bind_int(ins, 1, ++fid);
		if (gm->npoints > 0) {
			buf_reset(&blob);
			report_gpb(&blob, gm, report_geom_out_type(l->geom_type, gm->type), srs);
			io_sql_bind_blob(ins, 2, blob.s, blob.len);
		}
		for (f = 0; f < l->nfields; f++) {
			const struct report_cell *c = report_layer_cell(lp, i, f);
			if (c->null)
				continue;   /* bindings were cleared: NULL */
			if (l->fields[f].type == REPORT_INT)
				io_sql_bind_int(ins, 3 + f, c->i);
			else if (l->fields[f].type == REPORT_REAL)
				io_sql_bind_real(ins, 3 + f, stored_real(c->r,
						 l->fields[f].decimals));
			else
				io_sql_bind_text(ins, 3 + f, c->s);
		}
		if ((rc = io_sql_step(ins, err)))
			goto done;
		/* The index is filled here, once, from the envelopes we know;
		 * the triggers keep it right for later edits in GIS software. */
		if (le_geom_bbox(gm, bb) == 0) {
			io_sql_bind_int(rt, 1, fid);
			io_sql_bind_real(rt, 2, bb[0]);
			io_sql_bind_real(rt, 3, bb[2]);
			io_sql_bind_real(rt, 4, bb[1]);
			io_sql_bind_real(rt, 5, bb[3]);
			if ((rc = io_sql_step(rt, err)))
				goto done;
		}
	}
	buf_reset(&sql);
	buf_addf(&sql, "INSERT INTO gpkg_ogr_contents VALUES ('%s', %d);", l->name, fid);
	if ((rc = io_sql_exec(db, sql.s, err)))
		goto done;
	for (t = 0; t < sizeof(rtree_triggers) / sizeof(rtree_triggers[0]); t++) {
		expand(&sql, rtree_triggers[t], l->name);
		if ((rc = io_sql_exec(db, sql.s, err)))
			goto done;
	}
done:
	io_sql_finalize(rt);
	io_sql_finalize(ins);
	io_sql_finalize(reg);
	buf_release(&blob);
	buf_release(&sql);
	return rc;
}

/* The compiled-in style of a layer, or NULL. */
static const char *builtin_style(const char *layer)
{
	const struct report_style *st;

	for (st = report_styles; st->layer; st++)
		if (strcmp(st->layer, layer) == 0)
			return st->qml;
	return NULL;
}

/*
 * The style of table name: <name>.qml in styles_dir when one is given
 * (estate export --styles; *owned is then the text, to free), else the
 * style compiled into the binary from gis/styles, or NULL. Never a file
 * looked up from the working directory: the same study gives the same
 * GeoPackage from any folder.
 */
static const char *style_for(const char *name, const char *styles_dir, char **owned)
{
	struct buf path;

	*owned = NULL;
	if (!styles_dir)
		return builtin_style(name);
	buf_init(&path);
	buf_addf(&path, "%s/%s.qml", styles_dir, name);
	*owned = slurp(path.s);
	buf_release(&path);
	return *owned;
}

/* One layer_styles row: id, table, style name, QML, default or not. */
static int style_row(struct io_sql_stmt *st, int id, const char *table, const char *name,
		     const char *qml, int is_default, const char *description,
		     struct le_err *err)
{
	io_sql_bind_int(st, 1, id);
	io_sql_bind_text(st, 2, table);
	io_sql_bind_text(st, 3, name);
	io_sql_bind_text(st, 4, qml);
	io_sql_bind_int(st, 5, is_default);
	io_sql_bind_text(st, 6, description);
	return io_sql_step(st, err);
}

/*
 * One layer_styles row per table that has a style (QGIS applies it when
 * the layer is added by hand), then, with variants, the table's other
 * built-in styles (gis/styles/<table>.<variant>.qml, e.g. the zones'
 * secondary view), not default: QGIS lists them under Layer
 * Properties > Style > Load Style > Database. Ids from 1 in that order.
 */
static int write_styles(struct io_sql *db, const struct report_layer *const *tabs, int n,
			const char *styles_dir, int variants, struct le_err *err)
{
	struct io_sql_stmt *st = NULL;
	const struct report_style *v;
	int i, rc, id = 0;

	if ((rc = io_sql_exec(db, styles_ddl, err)) ||
	    (rc = io_sql_prepare(db, "INSERT INTO layer_styles VALUES (?, '', '', ?, 'geom', ?, ?,"
				 " '', ?, ?, '', NULL, '" REPORT_GPKG_TIME "')", &st, err)))
		goto done;
	for (i = 0; i < n; i++) {
		char *qml;
		const char *key = report_style_key(tabs[i]->name, tabs[i]->geom_type);
		const char *text = style_for(key, styles_dir, &qml);

		/* A layer without a style is shown in QGIS's default style. */
		if (!text)
			continue;
		rc = style_row(st, ++id, tabs[i]->name, key, text, 1,
			       styles_dir ? "estate style (--styles)" :
			       "estate default style (gis/styles)", err);
		free(qml);
		if (rc)
			goto done;
		for (v = report_styles; variants && v->layer; v++) {
			const char *variant = report_style_variant(v->layer, key);

			if (variant && (rc = style_row(st, ++id, tabs[i]->name, variant, v->qml, 0,
						       "estate style (gis/styles)", err)))
				goto done;
		}
	}
done:
	io_sql_finalize(st);
	return rc;
}

/* The table QGIS creates for projects stored in a GeoPackage (its
 * QgsGeoPackageProjectStorage): not registered in gpkg_contents, as QGIS
 * does not either (its text key is no feature or attribute table). */
static const char *projects_ddl =
	"CREATE TABLE qgis_projects(name TEXT PRIMARY KEY, metadata BLOB, content BLOB);";

/* The name QGIS lists the project under. */
#define REPORT_QGIS_PROJECT "estate"

/*
 * The QGIS project row: content is the .qgz archive (a zip holding
 * estate.qgs) written as hexadecimal text, the form QGIS reads and
 * writes there; metadata the JSON QGIS writes, with the fixed time.
 * tabs: the n per-part tables then the nshared shared ones.
 */
static int write_project(struct io_sql *db, const char *path,
			 const struct report_layer *const *tabs, int n, int nshared,
			 const struct report_layer *layers, int nparts,
			 const struct report_gpkg_opts *o, const double *extent, int variants,
			 struct geo_ctx *g, struct le_err *err)
{
	static const char hex[] = "0123456789abcdef";
	struct report_layer *tables = xcalloc((size_t)n + 1, sizeof(*tables));
	struct report_layer *shared = xcalloc((size_t)nshared + 1, sizeof(*shared));
	const char **qml = xcalloc((size_t)(n + nshared) + 1, sizeof(char *));
	char **owned = xcalloc((size_t)(n + nshared) + 1, sizeof(char *));
	struct io_sql_stmt *st = NULL;
	struct report_qgis q;
	struct geo_crs_info ci;
	struct buf xml, zip, text;
	const char *base;
	size_t i;
	int t, rc;

	buf_init(&xml);
	buf_init(&zip);
	buf_init(&text);
	memset(&ci, 0, sizeof(ci));
	if ((rc = geo_crs_info(g, layers[0].crs, &ci, err)))
		goto done;
	/* The project needs each table's name and geometry type only:
	 * shallow copies, no rows. */
	for (t = 0; t < n + nshared; t++) {
		struct report_layer *c = t < n ? &tables[t] : &shared[t - n];

		c->name = tabs[t]->name;
		c->geom_type = tabs[t]->geom_type;
		c->crs = tabs[t]->crs;
		qml[t] = style_for(report_style_key(tabs[t]->name, tabs[t]->geom_type),
				   o->styles_dir, &owned[t]);
	}
	base = strrchr(path, '/');
	memset(&q, 0, sizeof(q));
	q.name = REPORT_QGIS_PROJECT;
	q.title = o->title;
	q.file = base ? base + 1 : path;
	q.crs = layers[0].crs;
	q.crs_wkt = ci.wkt;
	q.tables = tables;
	q.ntables = n;
	q.table_qml = qml;
	q.shared = shared;
	q.nshared = nshared;
	q.shared_qml = qml + n;
	if (o->part_field && o->part_names) {
		q.part_field = o->part_field;
		q.parts = o->part_names;
		q.nparts = nparts;
	}
	q.extent = extent;
	q.variants = variants;
	report_qgis_xml(&xml, &q);
	report_zip_stored(&zip, REPORT_QGIS_PROJECT ".qgs", xml.s, xml.len);
	for (i = 0; i < zip.len; i++) {
		buf_addc(&text, hex[(unsigned char)zip.s[i] >> 4]);
		buf_addc(&text, hex[(unsigned char)zip.s[i] & 15]);
	}
	if ((rc = io_sql_exec(db, projects_ddl, err)) ||
	    (rc = io_sql_prepare(db, "INSERT INTO qgis_projects VALUES ('" REPORT_QGIS_PROJECT
				 "', '{\"last_modified_time\": \"" REPORT_GPKG_TIME "\","
				 " \"last_modified_user\": \"estate\" }', ?)", &st, err)))
		goto done;
	io_sql_bind_text(st, 1, text.s);
	rc = io_sql_step(st, err);
done:
	io_sql_finalize(st);
	geo_crs_info_release(&ci);
	for (t = 0; t < n + nshared; t++)
		free(owned[t]);
	free(owned);
	free(qml);
	free(shared);
	free(tables);
	buf_release(&text);
	buf_release(&zip);
	buf_release(&xml);
	return rc;
}

int report_gpkg_write(const char *path, const struct report_layer *layers, int n,
		      const char *styles_dir, struct geo_ctx *g, struct le_err *err)
{
	return report_gpkg_write_parts(path, layers, n, 1, styles_dir, g, err);
}

/*
 * <stem>_shapefile_fields.csv beside the GeoPackage <stem>.gpkg: per
 * table and field, the name GDAL gives it in a Shapefile, so that
 * capacity_1 (capacity_2028) and capacity_2 (capacity_2023) can be told
 * apart after `ogr2ogr -f "ESRI Shapefile"` (the names themselves keep
 * their units and years: renaming every output field to 10 characters
 * would break the GeoJSON, CSV and styles that use them).
 */
static int write_field_map(const char *path, const struct report_layer *const *tabs, int n,
			   struct le_err *err)
{
	char (*shp)[REPORT_SHP_NAME];
	struct io_out o;
	struct buf csv;
	size_t len = strlen(path);
	int i, f, rc;

	buf_init(&csv);
	if (len > 5 && !strcmp(path + len - 5, ".gpkg"))
		len -= 5;
	buf_add(&csv, path, len);
	buf_adds(&csv, "_shapefile_fields.csv");
	if ((rc = io_out_open(&o, csv.s, err))) {
		buf_release(&csv);
		return rc;
	}
	fputs("layer,field,shapefile_field,type\n", o.fp);
	for (i = 0; i < n; i++) {
		shp = xcalloc((size_t)tabs[i]->nfields + 1, sizeof(*shp));
		report_shp_names(tabs[i], shp);
		for (f = 0; f < tabs[i]->nfields; f++)
			fprintf(o.fp, "%s,%s,%s,%s\n", tabs[i]->name, tabs[i]->fields[f].name, shp[f],
				tabs[i]->fields[f].type == REPORT_INT ? "integer" :
				tabs[i]->fields[f].type == REPORT_REAL ? "real" : "text");
		free(shp);
	}
	rc = io_out_commit(&o, err);
	buf_release(&csv);
	return rc;
}

int report_gpkg_write_parts(const char *path, const struct report_layer *layers, int n,
			    int nparts, const char *styles_dir, struct geo_ctx *g,
			    struct le_err *err)
{
	struct report_gpkg_opts o;

	memset(&o, 0, sizeof(o));
	o.styles_dir = styles_dir;
	return report_gpkg_write_study(path, layers, n, nparts, &o, g, err);
}

/* Checks every table's name, fields and CRS (srs: the first layer's). */
static int check_table(const char *path, const struct report_layer *l,
		       const struct report_layer *first, struct le_err *err)
{
	int j;

	if (epsg_code(l->crs) != epsg_code(first->crs))
		return le_errf(err, LE_EUSAGE, "%s: layers in two crs ('%s', '%s')",
			       path, first->crs, l->crs);
	if (!plain_ident(l->name))
		return le_errf(err, LE_EUSAGE, "%s: layer name '%s' is not a plain identifier",
			       path, l->name);
	for (j = 0; j < l->nfields; j++)
		if (!plain_ident(l->fields[j].name) || !strcmp(l->fields[j].name, "fid") ||
		    !strcmp(l->fields[j].name, "geom"))
			return le_errf(err, LE_EUSAGE, "%s: layer '%s': bad field name '%s'",
				       path, l->name, l->fields[j].name);
	return LE_OK;
}

/* Grow the extent e (any = 0: none yet) by layer l's. */
static void grow_extent(double e[4], int *any, const struct report_layer *l)
{
	double b[4];
	int i;

	if (report_layer_bbox(l, b) != 0)
		return;
	for (i = 0; i < 4; i++)
		if (!*any || (i < 2 ? b[i] < e[i] : b[i] > e[i]))
			e[i] = b[i];
	*any = 1;
}

int report_gpkg_write_study(const char *path, const struct report_layer *layers, int n,
			    int nparts, const struct report_gpkg_opts *o,
			    struct geo_ctx *g, struct le_err *err)
{
	const struct report_layer **tabs = NULL;
	struct io_sql *db = NULL;
	double extent[4];
	int i, j, p, srs, rc, any = 0, variants, nshared = o->shared ? o->nshared : 0;

	if (n <= 0)
		return le_errf(err, LE_EUSAGE, "%s: no layers to write", path);
	srs = epsg_code(layers[0].crs);
	if (!srs)
		return le_errf(err, LE_EUSAGE,
			       "%s: layer crs '%s' is not of the form EPSG:<code>", path,
			       layers[0].crs);
	/* Every part of a table has the table's fields (report_layer_append
	 * asserts the same), and every part the one CRS. */
	for (p = 1; p < nparts; p++)
		for (i = 0; i < n; i++) {
			const struct report_layer *a = &layers[i], *b = &layers[(size_t)p * n + i];

			if (strcmp(a->name, b->name) || a->nfields != b->nfields ||
			    epsg_code(b->crs) != srs)
				return le_errf(err, LE_EUSAGE, "%s: layer '%s': parts differ",
					       path, a->name);
			for (j = 0; j < a->nfields; j++)
				if (strcmp(a->fields[j].name, b->fields[j].name) ||
				    a->fields[j].type != b->fields[j].type)
					return le_errf(err, LE_EUSAGE, "%s: layer '%s': parts differ",
						       path, a->name);
		}
	for (i = 0; i < n; i++)
		if ((rc = check_table(path, &layers[i], layers, err)))
			return rc;
	for (i = 0; i < nshared; i++)
		if ((rc = check_table(path, &o->shared[i], layers, err)))
			return rc;
	/* The tables in file order: the per-part ones, then the shared. */
	tabs = xcalloc((size_t)(n + nshared) + 1, sizeof(*tabs));
	for (i = 0; i < n; i++)
		tabs[i] = &layers[i];
	for (i = 0; i < nshared; i++)
		tabs[n + i] = &o->shared[i];
	for (p = 0; p < nparts; p++)
		for (i = 0; i < n; i++)
			grow_extent(extent, &any, &layers[(size_t)p * n + i]);
	for (i = 0; i < nshared; i++)
		grow_extent(extent, &any, &o->shared[i]);
	if ((rc = io_sql_create(path, &db, err)))
		goto out;
	if ((rc = io_sql_exec(db, "BEGIN;", err)) || (rc = io_sql_exec(db, core_ddl, err)))
		goto fail;
	/* The spec requires a WGS 84 row whatever the data's CRS. */
	if ((rc = add_srs(db, g, "EPSG:4326", 4326, err)))
		goto fail;
	if (srs != 4326 && (rc = add_srs(db, g, layers[0].crs, srs, err)))
		goto fail;
	for (i = 0; i < n; i++)
		if ((rc = write_layer(db, &layers[i], nparts, n, srs, err)))
			goto fail;
	for (i = 0; i < nshared; i++)
		if ((rc = write_layer(db, &o->shared[i], 1, 1, srs, err)))
			goto fail;
	/* The other built-in styles are for a run's layers (the zones'
	 * secondary view reads fields a region export has not), and not with
	 * --styles, whose folder replaces the built-in styles. */
	variants = !o->styles_dir && o->part_field;
	if ((rc = write_styles(db, tabs, n + nshared, o->styles_dir, variants, err)) ||
	    (rc = write_project(db, path, tabs, n, nshared, layers, nparts, o,
				any ? extent : NULL, variants, g, err)))
		goto fail;
	if ((rc = io_sql_exec(db, "COMMIT;", err)))
		goto fail;
	if (!(rc = io_sql_commit(db, err)))
		rc = write_field_map(path, tabs, n + nshared, err);
	goto out;
fail:
	io_sql_abort(db);
out:
	free(tabs);
	return rc;
}
