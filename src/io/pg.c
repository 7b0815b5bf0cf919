/*
 * pg.c: the shared PostGIS store of `estate run --to PG:...` (or
 * [output] database = PG:...): a run's results copied into one schema of
 * a PostgreSQL/PostGIS database, replacing the previous run's at once.
 *
 * What is stored is what the output folder holds, read back from it:
 * every feature table of estate.gpkg (schools, zones, catchments,
 * desire_lines, changes, councils: one table each, every scenario's rows
 * with the scenario column, geometry column "geom" in the study's CRS)
 * and the run's tables of figures (comparison.csv, ranking.csv, ...,
 * every scenario's kpis.csv as one kpis table with a scenario column,
 * and with --variants every variant's comparison-<variant>.csv as one
 * comparison_variants table with a variant column, and variants.csv,
 * overrides.csv, estate_shapefile_fields.csv). So the database and the
 * files can never disagree on what a layer is: one writer
 * (report/gpkg.c, scenario/write.c) makes both. A table of several
 * files has one type per column that every file's cells fit.
 *
 * Why GDAL's PostgreSQL driver and not libpq: the copy is GDAL's
 * GDALVectorTranslate (ogr2ogr's engine), which already turns
 * GeoPackage geometries, field types and CRS into PostGIS typed
 * geometry(Point, 27700) columns with a GiST index, loads rows with
 * COPY and registers nothing QGIS needs beyond what PostGIS's
 * geometry_columns view shows. GDAL is linked already for the inputs
 * (io/ogr.c, which reads PG: layers too); with libpq we would write a
 * second encoder of every layer's schema and geometries.
 *
 * Atomic replacement: the tables are written into a staging schema
 * "<schema>__staging" over one connection, which is then closed (GDAL
 * finishes its tables: indexes, sequences); over a second connection,
 * held from io_pg_open to io_pg_close, one transaction drops the old
 * schema and renames the staging one. A reader sees the old run or the
 * new one, never a mix. Any failure drops the staging schema; a run
 * killed half-way leaves one, which the next run drops first.
 *
 * Invariants:
 *  - the second connection holds a session advisory lock on the schema's
 *    name for the whole run: two runs into one schema cannot interleave
 *    (the second is refused at once, before its long work);
 *  - estate only replaces a schema it wrote (its comment starts with
 *    PG_MARK); any other schema of that name is left alone, with an error,
 *    and so is one whose tables a view or key outside it needs (the drop
 *    would take them along);
 *  - outside its schema estate writes only the rows of
 *    public.layer_styles (QGIS's styles) for that schema's tables and
 *    its own style names, in the swap's transaction, and never a table
 *    another schema on the search path has (every copy names its table
 *    schema.table);
 *  - schema names are plain identifiers (pg_schema_fold), so they go into
 *    SQL unquoted and as QGIS shows them;
 *  - passwords never appear in messages (io_ogr_shown, io_ogr_msg).
 */
#include "io/io_int.h"

/* As in io/ogr.c: GDAL's 64-bit enumerators under -Wpedantic. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_api.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#pragma GCC diagnostic pop

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The comment on every schema estate writes: the mark of ownership. */
#define PG_MARK "estate results"
#define PG_STAGING "__staging"

struct io_pg {
	GDALDatasetH ctl;       /* lock, checks and the swap */
	char conn[1024];        /* the connection string as given */
	char shown[512];        /* the same, password masked */
	char schema[IO_PG_NAME_MAX + 1];
	char staging[IO_PG_NAME_MAX + sizeof(PG_STAGING)];
	int staged;             /* a staging schema may exist: drop on failure */
	int have_styles;        /* the staging schema holds estate.gpkg's layer_styles */
	int nstyles;            /* styles put into public.layer_styles by the swap */
	char styles_skip[200];  /* why they were not ("" when they were) */
};

/*
 * How a table of figures is made of files: one file; one per scenario
 * (the file in each scenario's folder); one per forecast variant of
 * `estate run --variants` (the file's %s the variant's name). A table
 * of several files has the part's name as its first column (key).
 */
enum pg_parts { PG_ONE, PG_SCENARIOS, PG_VARIANTS };

/*
 * The run's tables of figures, from the output folder (scenario/write.c,
 * scenario/variant.c, cmd_run.c and report/gpkg.c name the files): file,
 * table, parts, key column, and a column that is text whatever its
 * cells look like (overrides' value: a rate in one run, a file name in
 * the next, and one type for queries). A file a run does not write (no
 * ranking without criteria, no comparison-low.csv without --variants
 * low, no overrides.csv when no scenario sets [model] or [costs]) is
 * skipped. The order is the tables' (the test hook counts them).
 */
static const struct pg_csv {
	const char *file, *table;
	enum pg_parts parts;
	const char *key, *text;
} pg_csvs[] = {
	{ "comparison.csv", "comparison", PG_ONE, NULL, NULL },
	{ "kpis.csv", "kpis", PG_SCENARIOS, "scenario", NULL },
	{ "ranking.csv", "ranking", PG_ONE, NULL, NULL },
	{ "appraisal.csv", "appraisal", PG_ONE, NULL, NULL },
	{ "sufficiency.csv", "sufficiency", PG_ONE, NULL, NULL },
	{ "cross_boundary.csv", "cross_boundary", PG_ONE, NULL, NULL },
	{ "data_quality.csv", "data_quality", PG_ONE, NULL, NULL },
	{ "comparison-%s.csv", "comparison_variants", PG_VARIANTS, "variant", NULL },
	{ "variants.csv", "variants", PG_ONE, NULL, NULL },
	{ "overrides.csv", "overrides", PG_ONE, NULL, "value" },
	/* The Shapefile names of the layers' fields hold for an
	 * ogr2ogr -f "ESRI Shapefile" of the stored tables too (same
	 * fields, same order). */
	{ "estate_shapefile_fields.csv", "shapefile_fields", PG_ONE, NULL, NULL },
};

/* Names PostgreSQL, PostGIS or every database already use. */
static const char *const pg_reserved[] = {
	"public", "information_schema", "topology", "tiger", "tiger_data", NULL
};

/*
 * name folded: ASCII letters lowercased, digits kept, every run of
 * anything else (spaces, punctuation, '_', non-ASCII bytes) one '_',
 * none at either end, cut to IO_PG_NAME_MAX characters (and a '_' the
 * cut leaves at the end dropped). Into out (IO_PG_NAME_MAX + 1).
 */
static void pg_schema_fold(const char *name, char *out)
{
	size_t k = 0;
	int gap = 0;

	for (; *name && k < IO_PG_NAME_MAX; name++) {
		unsigned char c = (unsigned char)*name;

		if (c < 128 && isalnum(c)) {
			if (gap && k > 0 && k + 1 < IO_PG_NAME_MAX)
				out[k++] = '_';
			else if (gap && k > 0)
				break;
			out[k++] = (char)tolower(c);
			gap = 0;
		} else {
			gap = 1;
		}
	}
	out[k] = '\0';
}

int io_pg_schema_name(const char *name, const char *given, char *out, struct le_err *err)
{
	int i;

	if (given) {
		/* A name given as such is used as it is or refused: a
		 * silently different schema would be looked for in vain. */
		pg_schema_fold(given, out);
		if (strcmp(out, given) != 0)
			return le_errf(err, LE_EDATA,
				       "schema '%s' is not a plain name (expected lowercase letters, "
				       "digits and single '_', at most %d characters, e.g. '%s')",
				       given, IO_PG_NAME_MAX, *out ? out : "edinburgh_estate");
	} else {
		pg_schema_fold(name, out);
		if (!*out)
			return le_errf(err, LE_EDATA,
				       "cannot make a schema name from '%s' (no letters or digits): "
				       "set one with 'schema = NAME' in [output]", name);
	}
	if (!isalpha((unsigned char)out[0]))
		return le_errf(err, LE_EDATA,
			       "schema name '%s' (from '%s') does not start with a letter: "
			       "set one with 'schema = NAME' in [output]", out, given ? given : name);
	for (i = 0; pg_reserved[i]; i++)
		if (strcmp(out, pg_reserved[i]) == 0)
			break;
	if (pg_reserved[i] || strncmp(out, "pg_", 3) == 0)
		return le_errf(err, LE_EDATA,
			       "schema name '%s' (from '%s') is PostgreSQL's or PostGIS's own: "
			       "set another with 'schema = NAME' in [output]", out, given ? given : name);
	return LE_OK;
}

/* Run one SQL statement on ds; a result set (if any) is discarded. */
static int pg_exec(struct io_pg *pg, GDALDatasetH ds, const char *sql, struct le_err *err)
{
	char msg[300];
	OGRLayerH res;

	CPLErrorReset();
	res = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
	if (res)
		GDALDatasetReleaseResultSet(ds, res);
	if (CPLGetLastErrorType() >= CE_Failure)
		return le_errf(err, LE_EDB, "%s: %s", pg->shown,
			       io_ogr_msg(msg, sizeof(msg), "SQL error"));
	return LE_OK;
}

/*
 * The first column of the first row of a query, as text, into out (size
 * n); *found 0 when there is no row.
 */
static int pg_query(struct io_pg *pg, const char *sql, char *out, size_t n, int *found,
		    struct le_err *err)
{
	char msg[300];
	OGRLayerH res;
	OGRFeatureH f;

	*found = 0;
	out[0] = '\0';
	CPLErrorReset();
	res = GDALDatasetExecuteSQL(pg->ctl, sql, NULL, NULL);
	if (!res || CPLGetLastErrorType() >= CE_Failure) {
		if (res)
			GDALDatasetReleaseResultSet(pg->ctl, res);
		return le_errf(err, LE_EDB, "%s: %s", pg->shown,
			       io_ogr_msg(msg, sizeof(msg), "SQL error"));
	}
	if ((f = OGR_L_GetNextFeature(res)) != NULL) {
		*found = 1;
		if (OGR_F_IsFieldSetAndNotNull(f, 0))
			snprintf(out, n, "%s", OGR_F_GetFieldAsString(f, 0));
		OGR_F_Destroy(f);
	}
	GDALDatasetReleaseResultSet(pg->ctl, res);
	return LE_OK;
}

/*
 * Objects outside the schema that need its tables (a colleague's view,
 * a foreign key): dropping the schema would drop them too (CASCADE), so
 * the run stops instead and names the first. Checked when the
 * connection is opened (before the long work) and again before the swap.
 */
static int pg_dependents(struct io_pg *pg, struct le_err *err)
{
	struct buf sql;
	char val[300];
	int rc, found;

	buf_init(&sql);
	buf_addf(&sql, "SELECT dn.nspname || '.' || dc.relname || ' needs ' || n.nspname || '.' || c.relname"
		 " FROM pg_depend d"
		 " JOIN pg_class c ON c.oid = d.refobjid AND d.refclassid = 'pg_class'::regclass"
		 " JOIN pg_namespace n ON n.oid = c.relnamespace"
		 " LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid"
		 " LEFT JOIN pg_constraint k ON d.classid = 'pg_constraint'::regclass AND k.oid = d.objid"
		 " JOIN pg_class dc ON dc.oid = coalesce(r.ev_class, k.conrelid)"
		 " JOIN pg_namespace dn ON dn.oid = dc.relnamespace"
		 " WHERE n.nspname = '%s' AND dn.nspname <> '%s'"
		 " ORDER BY 1 LIMIT 1", pg->schema, pg->schema);
	rc = pg_query(pg, sql.s, val, sizeof(val), &found, err);
	buf_release(&sql);
	if (!rc && found)
		rc = le_errf(err, LE_EDB, "%s: cannot replace schema '%s': %s (replacing the "
			     "schema would drop it too: drop it first, or keep it on a copy)",
			     pg->shown, pg->schema, val);
	return rc;
}

/* A connection for writing (GDAL's PostgreSQL driver only: a PG: string
 * must never be taken for a file name by another driver). */
static int pg_connect(struct io_pg *pg, GDALDatasetH *ds, struct le_err *err)
{
	static const char *const drivers[] = { "PostgreSQL", NULL };
	char msg[300];

	CPLErrorReset();
	*ds = GDALOpenEx(pg->conn, GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers, NULL, NULL);
	if (!*ds)
		return le_errf(err, LE_EDB, "cannot connect to '%s': %s", pg->shown,
			       io_ogr_msg(msg, sizeof(msg), "GDAL's PostgreSQL driver refused it"));
	return LE_OK;
}

int io_pg_open(const char *conn, const char *schema, struct io_pg **out, struct le_err *err)
{
	struct io_pg *pg = xcalloc(1, sizeof(*pg));
	struct buf sql;
	char val[256];
	int rc, found;

	*out = NULL;
	buf_init(&sql);
	io_ogr_shown(conn, pg->shown, sizeof(pg->shown));
	if (strncmp(conn, "PG:", 3) != 0) {
		rc = le_errf(err, LE_EUSAGE,
			     "'%s' is not a PostGIS connection (expected PG:..., e.g. "
			     "'PG:dbname=estate host=gis')", pg->shown);
		goto fail;
	}
	if (strlen(conn) >= sizeof(pg->conn)) {
		rc = le_errf(err, LE_EUSAGE, "the connection string '%.60s...' is too long "
			     "(at most %d characters)", pg->shown, (int)sizeof(pg->conn) - 1);
		goto fail;
	}
	/* Checked by io_pg_schema_name; a programmer error otherwise. */
	if (strlen(schema) > IO_PG_NAME_MAX) {
		rc = le_errf(err, LE_EUSAGE, "schema name '%s' is too long", schema);
		goto fail;
	}
	snprintf(pg->conn, sizeof(pg->conn), "%s", conn);
	snprintf(pg->schema, sizeof(pg->schema), "%s", schema);
	snprintf(pg->staging, sizeof(pg->staging), "%s" PG_STAGING, schema);
	CPLPushErrorHandler(CPLQuietErrorHandler);
	io_ogr_init();
	if ((rc = pg_connect(pg, &pg->ctl, err)))
		goto pop;
	/* Without PostGIS, GDAL would store geometries as bytes that QGIS
	 * cannot draw: say so instead. */
	if ((rc = pg_query(pg, "SELECT extversion FROM pg_extension WHERE extname = 'postgis'",
			   val, sizeof(val), &found, err)))
		goto pop;
	if (!found) {
		rc = le_errf(err, LE_EDB, "%s: the database has no PostGIS (run "
			     "'CREATE EXTENSION postgis' in it, or ask its administrator)",
			     pg->shown);
		goto pop;
	}
	buf_addf(&sql, "SELECT pg_try_advisory_lock(hashtext('estate:%s'))::int", schema);
	if ((rc = pg_query(pg, sql.s, val, sizeof(val), &found, err)))
		goto pop;
	if (strcmp(val, "1") != 0) {
		rc = le_errf(err, LE_EDB, "%s: another estate run is writing schema '%s': "
			     "try again when it has finished", pg->shown, schema);
		goto pop;
	}
	/* Another program's schema of that name is never dropped. */
	buf_reset(&sql);
	buf_addf(&sql, "SELECT coalesce(obj_description(oid, 'pg_namespace'), '')"
		 " FROM pg_namespace WHERE nspname = '%s'", schema);
	if ((rc = pg_query(pg, sql.s, val, sizeof(val), &found, err)))
		goto pop;
	if (found && strncmp(val, PG_MARK, strlen(PG_MARK)) != 0) {
		rc = le_errf(err, LE_EDB, "%s: schema '%s' exists and was not written by estate: "
			     "not replacing it (set another with 'schema = NAME' in [output])",
			     pg->shown, schema);
		goto pop;
	}
	if (found && (rc = pg_dependents(pg, err)))
		goto pop;
pop:
	CPLPopErrorHandler();
	if (rc)
		goto fail;
	buf_release(&sql);
	*out = pg;
	return LE_OK;
fail:
	buf_release(&sql);
	io_pg_close(pg);
	return rc;
}

const char *io_pg_shown(const struct io_pg *pg)
{
	return pg->shown;
}

const char *io_pg_schema(const struct io_pg *pg)
{
	return pg->schema;
}

int io_pg_styles(const struct io_pg *pg, const char **why)
{
	*why = pg->styles_skip[0] ? pg->styles_skip : NULL;
	return pg->nstyles;
}

/* The test hook ESTATE_TEST_PG_FAIL_AFTER=N: fail after N tables. */
static int pg_hook(const struct io_pg *pg, int done, const char *table, struct le_err *err)
{
	const char *v = getenv("ESTATE_TEST_PG_FAIL_AFTER");
	long n;

	if (!v || le_parse_long(v, &n) != 0 || done < n)
		return LE_OK;
	return le_errf(err, LE_EDB, "%s: cannot write table '%s': injected failure "
		       "(ESTATE_TEST_PG_FAIL_AFTER=%ld)", pg->shown, table, n);
}

/*
 * One copy into the staging schema: src's layer (or -sql's result) by
 * GDALVectorTranslate, into table (created, or appended to), with the
 * given extra arguments.
 */
static int pg_copy(struct io_pg *pg, GDALDatasetH dst, GDALDatasetH src,
		   const char *const *extra, int append, const char *table, struct le_err *err)
{
	char **argv = NULL, msg[300];
	struct buf nln;
	GDALVectorTranslateOptions *o;
	GDALDatasetH out;
	int usage = 0, i;
	const char *what = table;

	/* Always schema.table, never -lco SCHEMA=: GDALVectorTranslate
	 * looks the plain name up first, and the driver finds a table of
	 * that name on the search path (a colleague's public.schools, or
	 * QGIS's public.layer_styles) and appends the run's rows to it. */
	buf_init(&nln);
	buf_addf(&nln, "%s.%s", pg->staging, table);
	argv = CSLAddString(argv, "-nln");
	argv = CSLAddString(argv, nln.s);
	/* Names as in the GeoPackage (they are plain already): the key
	 * fid, the geometry geom. Rows appended keep the table's. */
	if (!append) {
		argv = CSLAddString(argv, "-lco");
		argv = CSLAddString(argv, "GEOMETRY_NAME=geom");
		argv = CSLAddString(argv, "-lco");
		argv = CSLAddString(argv, "FID=fid");
		argv = CSLAddString(argv, "-lco");
		argv = CSLAddString(argv, "LAUNDER=NO");
	} else {
		argv = CSLAddString(argv, "-append");
	}
	for (i = 0; extra[i]; i++)
		argv = CSLAddString(argv, extra[i]);
	buf_release(&nln);
	CPLErrorReset();
	o = GDALVectorTranslateOptionsNew(argv, NULL);
	CSLDestroy(argv);
	if (!o)
		return le_errf(err, LE_EDB, "%s: cannot write table '%s': %s", pg->shown, what,
			       io_ogr_msg(msg, sizeof(msg), "bad translation options"));
	out = GDALVectorTranslate(NULL, dst, 1, &src, o, &usage);
	GDALVectorTranslateOptionsFree(o);
	/* A warning is an error here: GDAL warns, and goes on, when a value
	 * does not fit its column ("12.5" into an integer is stored 12). A
	 * store that differs from the files must not pass for a copy. Not
	 * every loss warns (a bigint appended to an integer column is
	 * clamped to 2147483647 silently): pg_copy_csv gives every part of
	 * a table its final types, so no append converts. */
	if (!out || CPLGetLastErrorType() >= CE_Warning)
		return le_errf(err, LE_EDB, "%s: cannot write table '%s': %s", pg->shown, what,
			       io_ogr_msg(msg, sizeof(msg), "GDAL could not copy it"));
	return LE_OK;
}

/* The GeoPackage's feature tables, and its layer_styles (QGIS's styles
 * of the layers, which the swap moves to public.layer_styles; not a
 * table of results, so not counted). *ntab counts the tables written. */
static int pg_copy_gpkg(struct io_pg *pg, GDALDatasetH dst, const char *dir, int *ntab,
			struct le_err *err)
{
	static const char *const drivers[] = { "GPKG", NULL };
	GDALDatasetH src;
	struct buf path;
	char msg[300];
	int i, n, rc = LE_OK;

	buf_init(&path);
	buf_addf(&path, "%s/estate.gpkg", dir);
	src = GDALOpenEx(path.s, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
	if (!src) {
		rc = le_errf(err, LE_EIO, "cannot open '%s': %s", path.s,
			     io_ogr_msg(msg, sizeof(msg), "not a GeoPackage"));
		goto done;
	}
	n = GDALDatasetGetLayerCount(src);
	for (i = 0; i < n && !rc; i++) {
		OGRLayerH l = GDALDatasetGetLayer(src, i);
		const char *name = OGR_L_GetName(l);
		const char *extra[] = { name, NULL };

		if (OGR_L_GetGeomType(l) == wkbNone) {
			if (strcmp(name, "layer_styles") == 0 &&
			    !(rc = pg_copy(pg, dst, src, extra, 0, name, err)))
				pg->have_styles = 1;
			continue;
		}
		if (!(rc = pg_hook(pg, *ntab, name, err)) &&
		    !(rc = pg_copy(pg, dst, src, extra, 0, name, err)))
			++*ntab;
	}
	GDALClose(src);
done:
	buf_release(&path);
	return rc;
}

/*
 * The types of a table's columns across all its files (struct pg_cols):
 * per column its name (the first file's header; every file must have
 * the same), and the widest type that every file's cells fit, as GDAL's
 * AUTODETECT_TYPE reads each file: integer -> bigint (Integer64) ->
 * double precision (Real) -> text (String). Two files that disagree in
 * any other way (a boolean and a number) make the column text. A file
 * whose cells in a column are all empty (NULL) has no say: an empty KPI
 * for one scenario leaves the others' numbers numbers. A column empty
 * in every file is text, as GDAL makes it.
 */
struct pg_cols {
	int n;
	char **name;
	int *type;          /* OGRFieldType, or -1 while no file has a value */
	int *sub;           /* OGRFieldSubType */
};

static void pg_cols_release(struct pg_cols *k)
{
	int i;

	for (i = 0; i < k->n; i++)
		free(k->name[i]);
	free(k->name);
	free(k->type);
	free(k->sub);
	memset(k, 0, sizeof(*k));
}

/* Width of a numeric type (0 integer, 1 bigint, 2 real), -1 for others. */
static int pg_num_rank(int type, int sub)
{
	if (sub != OFSTNone)
		return -1;
	return type == OFTInteger ? 0 : type == OFTInteger64 ? 1 : type == OFTReal ? 2 : -1;
}

/* Column i of k widened to hold a file's (type, sub) too. */
static void pg_cols_widen(struct pg_cols *k, int i, int type, int sub)
{
	int a = pg_num_rank(k->type[i], k->sub[i]), b = pg_num_rank(type, sub);

	if (k->type[i] < 0 || (a >= 0 && b > a)) {
		k->type[i] = type;
		k->sub[i] = sub;
	} else if ((a < 0 || b < 0) && (k->type[i] != type || k->sub[i] != sub)) {
		k->type[i] = OFTString;
		k->sub[i] = OFSTNone;
	}
}

/* The CSV driver's options when it guesses types from the text: over
 * the whole file (a decimal in the last row is never cut to an
 * integer), "" as NULL. */
static const char *const pg_csv_oo[] = { "AUTODETECT_TYPE=YES", "AUTODETECT_SIZE_LIMIT=0",
					 "EMPTY_STRING_AS_NULL=YES", NULL };
static const char *const pg_csv_drv[] = { "CSV", NULL };

/* One file's say in k (k->n 0: the first file, which names the
 * columns). */
static int pg_cols_add(struct pg_cols *k, const char *path, const char *first,
		       struct le_err *err)
{
	GDALDatasetH src;
	OGRFeatureDefnH d;
	OGRFeatureH f;
	OGRLayerH l;
	char msg[300];
	int i, n, *has = NULL, rc = LE_OK;

	src = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, pg_csv_drv, pg_csv_oo, NULL);
	if (!src)
		return le_errf(err, LE_EIO, "cannot open '%s': %s", path,
			       io_ogr_msg(msg, sizeof(msg), "not a CSV file"));
	l = GDALDatasetGetLayer(src, 0);
	d = OGR_L_GetLayerDefn(l);
	n = OGR_FD_GetFieldCount(d);
	if (!first) {
		k->n = n;
		k->name = xcalloc((size_t)n + 1, sizeof(*k->name));
		k->type = xcalloc((size_t)n + 1, sizeof(*k->type));
		k->sub = xcalloc((size_t)n + 1, sizeof(*k->sub));
		for (i = 0; i < n; i++) {
			k->name[i] = xstrdup(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i)));
			k->type[i] = -1;
		}
	} else {
		/* The parts of one table come from one writer: a header
		 * that differs is a bug, never to be stored misaligned. */
		for (i = 0; i < n && i < k->n; i++)
			if (strcmp(k->name[i], OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(d, i))) != 0)
				break;
		if (i < n || n != k->n) {
			rc = le_errf(err, LE_EDATA, "%s: its columns are not those of '%s'",
				     path, first);
			goto done;
		}
	}
	has = xcalloc((size_t)n + 1, sizeof(*has));
	OGR_L_ResetReading(l);
	while ((f = OGR_L_GetNextFeature(l)) != NULL) {
		for (i = 0; i < n; i++)
			has[i] |= OGR_F_IsFieldSetAndNotNull(f, i);
		OGR_F_Destroy(f);
	}
	for (i = 0; i < n; i++)
		if (has[i]) {
			OGRFieldDefnH fd = OGR_FD_GetFieldDefn(d, i);

			pg_cols_widen(k, i, OGR_Fld_GetType(fd), OGR_Fld_GetSubType(fd));
		}
done:
	free(has);
	GDALClose(src);
	return rc;
}

/*
 * The .csvt of k (the CSV driver's column types file: "Integer64",
 * "Real", "Integer(Boolean)", ...), into out; column text (if any) and
 * columns no file has a value in as "String".
 */
static void pg_cols_csvt(const struct pg_cols *k, const char *text, struct buf *out)
{
	int i;

	for (i = 0; i < k->n; i++) {
		int t = k->type[i];

		if (t < 0 || (text && strcmp(k->name[i], text) == 0))
			t = OFTString;
		buf_addf(out, "%s\"%s\"", i ? "," : "",
			 t == OFTInteger && k->sub[i] == OFSTBoolean ? "Integer(Boolean)" :
			 OGR_GetFieldTypeName((OGRFieldType)t));
	}
	buf_addc(out, '\n');
}

/* The file's copy in GDAL's memory beside its types: /vsimem/estate_pg/
 * NAME.csv and NAME.csvt (the layer keeps the file's name). */
#define PG_VSI "/vsimem/estate_pg/"

static int pg_vsi_put(const char *path, const struct buf *csvt, struct buf *vpath,
		      struct buf *vtypes, struct le_err *err)
{
	const char *base = strrchr(path, '/');
	GByte *data = NULL;
	vsi_l_offset size = 0;
	char msg[300];

	base = base ? base + 1 : path;
	buf_reset(vpath);
	buf_addf(vpath, PG_VSI "%s", base);
	buf_reset(vtypes);
	buf_adds(vtypes, vpath->s);
	buf_addc(vtypes, 't');
	CPLErrorReset();
	if (!VSIIngestFile(NULL, path, &data, &size, -1))
		return le_errf(err, LE_EIO, "cannot read '%s': %s", path,
			       io_ogr_msg(msg, sizeof(msg), "read error"));
	/* GDAL owns data from here (freed by VSIUnlink). */
	VSIFCloseL(VSIFileFromMemBuffer(vpath->s, data, size, TRUE));
	VSIFCloseL(VSIFileFromMemBuffer(vtypes->s, (GByte *)csvt->s, csvt->len, FALSE));
	return LE_OK;
}

/*
 * One table of figures from its CSV file(s). Every column's type is
 * worked out over all the table's files first (pg_cols_add), then each
 * file is read with those types (a .csvt beside a copy of it in GDAL's
 * memory) and copied: so the table is created with types every part
 * fits, and a later scenario's value that the first would not have
 * held (a cost over 2^31, an empty KPI, a decimal) is stored, not
 * refused. A table of parts (every scenario's kpis.csv, every
 * variant's comparison) has each part's file appended with the part's
 * name in the key column, in the order given (the baseline first, as
 * in the GeoPackage; variants low to high).
 */
static int pg_copy_csv(struct io_pg *pg, GDALDatasetH dst, const char *dir,
		       const struct pg_csv *c, const char *const *parts, int nparts,
		       int *ntab, struct le_err *err)
{
	static const char *const oo[] = { "EMPTY_STRING_AS_NULL=YES", NULL };
	struct buf *paths, sql, csvt, vpath, vtypes;
	struct pg_cols k;
	struct stat st;
	char msg[300];
	int s, n = c->parts == PG_ONE ? 1 : nparts, rc = LE_OK, np = 0;
	const char **pname;

	memset(&k, 0, sizeof(k));
	paths = xcalloc((size_t)n + 1, sizeof(*paths));
	pname = xcalloc((size_t)n + 1, sizeof(*pname));
	buf_init(&sql);
	buf_init(&csvt);
	buf_init(&vpath);
	buf_init(&vtypes);
	/* The files the run wrote, and their columns' types. */
	for (s = 0; s < n && !rc; s++) {
		struct buf *p = &paths[np];

		buf_init(p);
		if (c->parts == PG_SCENARIOS)
			buf_addf(p, "%s/%s/%s", dir, parts[s], c->file);
		else if (c->parts == PG_VARIANTS) {
			/* c->file is the name's pattern: comparison-%s.csv. */
			buf_addf(p, "%s/", dir);
			buf_addf(p, c->file, parts[s]);
		} else
			buf_addf(p, "%s/%s", dir, c->file);
		if (stat(p->s, &st) != 0) {
			buf_release(p);
			continue;
		}
		pname[np++] = c->parts == PG_ONE ? NULL : parts[s];
		rc = pg_cols_add(&k, p->s, np > 1 ? paths[0].s : NULL, err);
	}
	if (rc || !np || (rc = pg_hook(pg, *ntab, c->table, err)))
		goto done;
	pg_cols_csvt(&k, c->text, &csvt);
	for (s = 0; s < np && !rc; s++) {
		GDALDatasetH src;
		const char *extra[4];
		int e = 0;

		if ((rc = pg_vsi_put(paths[s].s, &csvt, &vpath, &vtypes, err)))
			break;
		src = GDALOpenEx(vpath.s, GDAL_OF_VECTOR | GDAL_OF_READONLY, pg_csv_drv, oo, NULL);
		if (!src) {
			rc = le_errf(err, LE_EIO, "cannot open '%s': %s", paths[s].s,
				     io_ogr_msg(msg, sizeof(msg), "not a CSV file"));
		} else {
			if (pname[s]) {
				/* The CSV driver names the layer after the file. */
				buf_reset(&sql);
				buf_adds(&sql, "SELECT ");
				io_sql_literal(&sql, pname[s]);
				buf_addf(&sql, " AS %s, * FROM \"%s\"", c->key,
					 OGR_L_GetName(GDALDatasetGetLayer(src, 0)));
				extra[e++] = "-sql";
				extra[e++] = sql.s;
			}
			extra[e] = NULL;
			rc = pg_copy(pg, dst, src, extra, s > 0, c->table, err);
			GDALClose(src);
		}
		VSIUnlink(vpath.s);
		VSIUnlink(vtypes.s);
	}
	if (!rc)
		++*ntab;
done:
	for (s = 0; s < np; s++)
		buf_release(&paths[s]);
	free(paths);
	free(pname);
	pg_cols_release(&k);
	buf_release(&vtypes);
	buf_release(&vpath);
	buf_release(&csvt);
	buf_release(&sql);
	return rc;
}

/*
 * Whether the swap can put the styles into public.layer_styles, the one
 * table QGIS reads a PostGIS layer's default style from (it looks the
 * layer up by database, schema, table and geometry column, and creates
 * the table itself in public when a user first saves a style there):
 * "" when it can, else why not, into pg->styles_skip. A role that may
 * not write it (PostgreSQL 15 lets only the database's owner create in
 * public) still stores its tables: the styles stay in estate.gpkg.
 */
static int pg_styles_check(struct io_pg *pg, int *nstyles, struct le_err *err)
{
	struct buf sql;
	char val[32];
	int found, rc;

	/* The styles of the staged layers (every one of them has its
	 * geometry column there). */
	buf_init(&sql);
	buf_addf(&sql, "SELECT count(*) FROM %s.layer_styles st JOIN geometry_columns g"
		 " ON g.f_table_schema = '%s' AND g.f_table_name = st.f_table_name"
		 " AND g.f_geometry_column = st.f_geometry_column", pg->staging, pg->staging);
	rc = pg_query(pg, sql.s, val, sizeof(val), &found, err);
	buf_release(&sql);
	if (rc)
		return rc;
	*nstyles = atoi(val);
	return pg_query(pg,
		"SELECT CASE WHEN to_regclass('public.layer_styles') IS NULL THEN"
		"  CASE WHEN has_schema_privilege('public', 'CREATE') THEN ''"
		"  ELSE 'no right to create public.layer_styles' END"
		" WHEN NOT (has_table_privilege('public.layer_styles', 'SELECT')"
		"  AND has_table_privilege('public.layer_styles', 'INSERT')"
		"  AND has_table_privilege('public.layer_styles', 'DELETE')"
		"  AND coalesce(has_sequence_privilege(pg_get_serial_sequence("
		"  'public.layer_styles', 'id'), 'USAGE'), true))"
		"  THEN 'no right to write public.layer_styles'"
		" WHEN (SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public'"
		"  AND table_name = 'layer_styles' AND column_name IN ('f_table_catalog',"
		"  'f_table_schema', 'f_table_name', 'f_geometry_column', 'stylename', 'styleqml',"
		"  'useasdefault', 'description', 'update_time', 'type')) < 10"
		"  THEN 'public.layer_styles lacks the columns of QGIS 3.14 or later' ELSE '' END",
		pg->styles_skip, sizeof(pg->styles_skip), &found, err);
}

/*
 * The styles' part of the swap's transaction (after the rename, so the
 * schema is pg->schema): public.layer_styles made as QGIS makes it if
 * missing; the rows of the same schema, table and style name replaced
 * (a style a user saved under another name stays); the geometry type
 * QGIS also matches on from geometry_columns; the file's update_time
 * (fixed), so that a default style a user saves later, newer, wins.
 * The staging copy of the file's table is dropped.
 */
static void pg_styles_sql(const struct io_pg *pg, struct buf *sql)
{
	const char *s = pg->schema;

	buf_adds(sql, " CREATE TABLE IF NOT EXISTS public.layer_styles (id serial PRIMARY KEY,"
		 " f_table_catalog varchar, f_table_schema varchar, f_table_name varchar,"
		 " f_geometry_column varchar, stylename text, styleqml xml, stylesld xml,"
		 " useasdefault boolean, description text, owner varchar(63) DEFAULT CURRENT_USER,"
		 " ui xml, update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar);");
	buf_addf(sql, " DELETE FROM public.layer_styles p USING %s.layer_styles st"
		 " WHERE p.f_table_catalog = current_database() AND p.f_table_schema = '%s'"
		 " AND p.f_table_name = st.f_table_name AND p.stylename = st.\"styleName\";", s, s);
	buf_addf(sql, " INSERT INTO public.layer_styles (f_table_catalog, f_table_schema,"
		 " f_table_name, f_geometry_column, stylename, styleqml, useasdefault,"
		 " description, update_time, type)"
		 " SELECT current_database(), '%s', st.f_table_name, st.f_geometry_column,"
		 " st.\"styleName\", XMLPARSE(DOCUMENT st.\"styleQML\"), st.\"useAsDefault\","
		 " st.description, st.update_time AT TIME ZONE 'UTC',"
		 " CASE WHEN g.type LIKE '%%POINT' THEN 'Point' WHEN g.type LIKE '%%LINESTRING'"
		 " THEN 'Line' WHEN g.type LIKE '%%POLYGON' THEN 'Polygon' END"
		 " FROM %s.layer_styles st JOIN geometry_columns g ON g.f_table_schema = '%s'"
		 " AND g.f_table_name = st.f_table_name AND g.f_geometry_column = st.f_geometry_column"
		 " ORDER BY st.fid;", s, s, s);
	buf_addf(sql, " DROP TABLE %s.layer_styles;", s);
}

int io_pg_store(struct io_pg *pg, const char *dir, const char *const *scenarios, int nsc,
		const char *const *variants, int nvar, int *ntables, struct le_err *err)
{
	GDALDatasetH dst = NULL;
	struct buf sql;
	size_t c;
	int rc, ntab = 0, nstyles = 0;

	*ntables = 0;
	buf_init(&sql);
	CPLPushErrorHandler(CPLQuietErrorHandler);
	/* A staging schema left by a killed run is ours (the lock says no
	 * run is writing it now): start afresh. */
	pg->staged = 1;
	buf_addf(&sql, "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s;"
		 " COMMENT ON SCHEMA %s IS '" PG_MARK " (staging of estate run)'",
		 pg->staging, pg->staging, pg->staging);
	if ((rc = pg_exec(pg, pg->ctl, sql.s, err)))
		goto fail;
	if ((rc = pg_connect(pg, &dst, err)) ||
	    (rc = pg_copy_gpkg(pg, dst, dir, &ntab, err)))
		goto fail;
	for (c = 0; c < sizeof(pg_csvs) / sizeof(pg_csvs[0]) && !rc; c++) {
		int variant = pg_csvs[c].parts == PG_VARIANTS;

		rc = pg_copy_csv(pg, dst, dir, &pg_csvs[c], variant ? variants : scenarios,
				 variant ? nvar : nsc, &ntab, err);
	}
	if (rc)
		goto fail;
	/* Closing finishes GDAL's deferred work on the tables before the
	 * schema changes name under them. */
	GDALClose(dst);
	dst = NULL;
	if (CPLGetLastErrorType() >= CE_Failure) {
		char msg[300];
		rc = le_errf(err, LE_EDB, "%s: cannot finish the tables: %s", pg->shown,
			     io_ogr_msg(msg, sizeof(msg), "write error"));
		goto fail;
	}
	if ((rc = pg_dependents(pg, err)))
		goto fail;
	if (pg->have_styles && (rc = pg_styles_check(pg, &nstyles, err)))
		goto fail;
	/* The swap: one transaction, so readers see the old run or the new,
	 * with its styles. */
	buf_reset(&sql);
	buf_addf(&sql, "BEGIN; DROP SCHEMA IF EXISTS %s CASCADE; ALTER SCHEMA %s RENAME TO %s;"
		 " COMMENT ON SCHEMA %s IS '" PG_MARK " (estate run): replaced by the next run';",
		 pg->schema, pg->staging, pg->schema, pg->schema);
	if (pg->have_styles && !pg->styles_skip[0])
		pg_styles_sql(pg, &sql);
	else if (pg->have_styles)
		buf_addf(&sql, " DROP TABLE %s.layer_styles;", pg->schema);
	buf_adds(&sql, " COMMIT");
	if ((rc = pg_exec(pg, pg->ctl, sql.s, err))) {
		pg_exec(pg, pg->ctl, "ROLLBACK", err);
		goto fail;
	}
	pg->staged = 0;
	if (pg->have_styles && !pg->styles_skip[0])
		pg->nstyles = nstyles;
	*ntables = ntab;
	CPLPopErrorHandler();
	buf_release(&sql);
	return LE_OK;
fail:
	if (dst)
		GDALClose(dst);
	CPLPopErrorHandler();
	buf_release(&sql);
	return rc;
}

void io_pg_close(struct io_pg *pg)
{
	if (!pg)
		return;
	CPLPushErrorHandler(CPLQuietErrorHandler);
	if (pg->ctl) {
		/* A failed run leaves no staging schema behind; the error
		 * reported is the first one, not this clean-up's. */
		if (pg->staged) {
			struct le_err e;
			struct buf sql;

			le_err_clear(&e);
			buf_init(&sql);
			buf_addf(&sql, "DROP SCHEMA IF EXISTS %s CASCADE", pg->staging);
			pg_exec(pg, pg->ctl, sql.s, &e);
			buf_release(&sql);
		}
		GDALClose(pg->ctl);
	}
	CPLPopErrorHandler();
	free(pg);
}
