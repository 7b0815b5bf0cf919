/*
 * io.h: reading input files into tables, and reading study files.
 *
 * Every reader returns the same thing, a struct io_table: named columns,
 * rows of text cells and, for spatial sources, one geometry per row in the
 * source's own CRS. Turning a table into schools or zones (field mapping,
 * value mapping, filters, CRS conversion) is load/'s job, so that every
 * source format gives the same messages for the same mistakes.
 *
 * io/ is the only module that includes csv.h, jansson.h, sqlite3.h,
 * spatialite.h and ini.h.
 *
 * Row references: each row remembers where it came from (CSV: the line the
 * record starts on, 1-based, header = line 1; GeoJSON: the feature's index
 * in the features array, 0-based as GDAL numbers them, and the line it
 * starts on; SQLite/GeoPackage: the feature's primary key or rowid), so
 * that a message can say "schools.csv:12" or "zones.geojson:40: features[6]".
 *
 * Cells: io_cell gives any cell in O(1) for an ordinary table. A GeoJSON
 * file whose features each bring new property keys would be a huge,
 * nearly empty matrix (4,000 features with one unique key each: 16 M
 * cells); such a table keeps only its non-empty cells, and io_cell finds
 * one by binary search within its row.
 */
#ifndef ESTATE_IO_H
#define ESTATE_IO_H

#include "core/core.h"

enum io_rowkind { IO_ROW_LINE = 0, IO_ROW_FEATURE, IO_ROW_FID };

struct io_table {
	char *path;             /* the path as given, for messages */
	int rowkind;            /* enum io_rowkind */
	int ncols;
	char **cols;            /* column names, as in the file (BOM stripped) */
	int nrows;
	char **cells;           /* private: read cells with io_cell */
	long *rowref;           /* nrows: CSV line / GeoJSON feature index
				   (0-based, as GDAL numbers features) / fid */
	long *rowline;          /* nrows: GeoJSON only, the line the feature
				   starts on (0 = not known); NULL otherwise */
	struct le_geom *geoms;  /* nrows geometries, or NULL if not spatial */
	char *crs;              /* CRS of geoms as "EPSG:n" / "OGC:CRS84";
				   NULL for a plain table */
	/* private: storage */
	struct buf pool_;
	size_t rows_alloc_;
	/* private: sparse cells (see table.c), when columns arrive after
	 * rows and most cells are empty */
	struct io_cellent *ents_;
	size_t nents_, ents_alloc_;
	size_t *rowent_;
	int sparse_;
};

void io_table_init(struct io_table *t);
void io_table_release(struct io_table *t);

/* Append "a, b, c", the table's column names, to b for messages (cut
 * after about 300 characters with the number of columns). */
void io_column_list(const struct io_table *t, struct buf *b);
/*
 * Does cell text v equal one of the comma-separated values in list? The
 * rule of a study's filter.<column> = v1, v2: spaces around the cell and
 * the items are ignored, the comparison is exact otherwise.
 */
int io_in_list(const char *v, const char *list);

/*
 * Make cell (r, c) empty (a missing-value marker read as missing; see
 * input/). Out-of-range r or c: nothing happens.
 */
void io_table_blank(struct io_table *t, int r, int c);

/*
 * Left join of o onto t on t's column kt = o's column ko (io/join.c): t
 * keeps its rows, order, row references, lines and geometries, and gains
 * o's columns that it lacks (same exact name: t's column wins). Ids are
 * compared trimmed. *hit (t->nrows flags) and *ohit (o->nrows flags) say
 * which rows found a partner (malloc'd, free()). o is not changed.
 * Errors: LE_EDATA "o-path:12: column 'K': id 'X' is joined twice (first
 * on line 4): ..."; t is then unchanged.
 */
int io_table_join(struct io_table *t, const struct io_table *o, int kt, int ko,
		  char **hit, char **ohit, struct le_err *err);

/* Cell text of row r, column c (never NULL). */
const char *io_cell(const struct io_table *t, int r, int c);
/*
 * Index of the column named `name`: exact match first, else a unique
 * case-insensitive match; -1 if absent.
 */
int io_col(const struct io_table *t, const char *name);
/*
 * Where row r came from, for messages: "path:12" for a CSV line,
 * "path:40: features[6]" for a GeoJSON feature ("path: features[6]" when
 * its line is not known), "path: fid 7" for a database row.
 * Writes into out (size n) and returns out.
 */
char *io_where(const struct io_table *t, int r, char *out, size_t n);
/*
 * The same without the path, for a second mention in one message ("first
 * on line 4", "first as features[2]"): "line 12", "features[6] (line 40)",
 * "fid 7". rowkind and ref as stored in the table.
 */
char *io_ref(int rowkind, long ref, long line, char *out, size_t n);

/*
 * CSV (RFC 4180 via libcsv, strict): quoted fields may hold commas, quotes
 * and newlines; a UTF-8 BOM is stripped; CRLF and LF both end records;
 * blank lines are skipped. The first record is the header: it must be
 * non-empty and its names unique. Every row must have as many fields as
 * the header ("path:LINE: row has N fields, the header has M").
 * Returns LE_OK, LE_EIO (cannot open/read) or LE_EPARSE.
 */
int io_csv_read(const char *path, struct io_table *t, struct le_err *err);
/*
 * A file's declared encoding, and the study key that declares it (or
 * would), so that a reader's advice names the key the planner has to
 * write: "encoding" in a layer's section, "join_encoding" for its joined
 * file, "housing.encoding" in [model] for a model input. Following
 * advice that named the wrong key would recode the wrong file.
 * Filled by io_enc_declare (or by hand: name NULL and empty key and
 * section are "nothing declared, key unknown").
 */
struct io_enc {
	const char *name;       /* iconv name ("windows-1252"); NULL: none
				   declared (UTF-8; a Shapefile's .cpg).
				   Borrowed. */
	char key[64];           /* the key; "": "encoding" */
	char section[32];       /* its section ("schools", "model"); "": not
				   known ("its section of the study file") */
	int no_key;             /* 1: no key can name this file's encoding
				   (a scenario's table): the advice is to
				   save it as UTF-8 */
};
/*
 * The same for a file in the encoding e declares (e NULL or e->name NULL
 * or "utf-8": UTF-8, as io_csv_read). Every field is recoded to UTF-8; a
 * byte the encoding does not define is LE_EPARSE "path:LINE: column
 * 'name': byte 0x81 (byte 4 of the field) is not valid windows-1252 text
 * (check 'encoding = windows-1252' in [schools] of the study file)"; a
 * UTF-8 BOM with another encoding declared is LE_EPARSE; an encoding
 * io_csv_encoding refuses is LE_EUSAGE. Text that is not UTF-8 with no
 * encoding declared names e's key ("add 'join_encoding = windows-1252'
 * to [schools] of the study file").
 */
int io_csv_read_enc(const char *path, const struct io_enc *e, struct io_table *t,
		    struct le_err *err);
/*
 * *e for path, read for a study key: name is the key's value (NULL: the
 * key is not given; e then only names the key for advice), given at
 * study_path:line in [section] as key ("encoding", "join_encoding",
 * "housing.encoding"). csv: path is read as CSV whatever its suffix (a
 * [model] table); else by its suffix, where only a CSV file or a
 * Shapefile can take the key. e->name borrows name.
 * Errors, LE_EPARSE at the study line ("study.ini:12: [model]
 * housing.encoding = windows-1999: unknown encoding (expected ...)"): a
 * name iconv does not know, one that does not keep ASCII as ASCII, a file
 * whose format says its own encoding.
 */
int io_enc_declare(struct io_enc *e, const char *name, const char *study_path, int line,
		   const char *section, const char *key, const char *path, int csv,
		   struct le_err *err);
/* Whether the CSV reader can read enc: IO_ENC_OK (also for NULL and
 * UTF-8), IO_ENC_UNKNOWN (iconv does not know the name), IO_ENC_NOT_ASCII
 * (UTF-16 and the like: libcsv's delimiters would not be its bytes). */
enum { IO_ENC_OK = 0, IO_ENC_UNKNOWN, IO_ENC_NOT_ASCII };
/* 1 when text[0..n) is well-formed UTF-8 (RFC 3629: no overlong forms,
 * surrogates or code points past U+10FFFF). */
int io_utf8_valid(const char *text, size_t n);
/* The same check, saying where: the 0-based offset of the first byte
 * that does not start a well-formed sequence (a broken or cut-short
 * sequence counts at its first byte), or n when text[0..n) is UTF-8.
 * io_utf8_bad("Gh\xE0idh", 6) is 2. */
size_t io_utf8_bad(const char *text, size_t n);
int io_csv_encoding(const char *enc);

/*
 * GeoJSON (RFC 7946 and the older form with a named "crs" member): a
 * FeatureCollection, a single Feature or a bare geometry. Geometry types
 * Point, LineString, MultiLineString, Polygon, MultiPolygon; MultiPoint
 * and GeometryCollection are rejected with a message. z and m values are
 * ignored; unclosed rings are closed. A null geometry (or empty
 * coordinates) gives an empty le_geom: the loader decides about it.
 * Properties become columns (the union of all features' keys, in order of
 * first appearance); nested objects and arrays are kept as compact JSON
 * text. t->crs is "OGC:CRS84" unless a named crs member says otherwise
 * ("urn:ogc:def:crs:EPSG::27700" -> "EPSG:27700").
 * Features are numbered as GDAL numbers them: features[i], 0-based (a lone
 * Feature or geometry is features[0]); rowref is i and rowline the line
 * the feature starts on.
 * Errors: LE_EIO, LE_EPARSE with "path: line L, column C: json error",
 * "path:L: features[i]: ..." (missing geometry, bad coordinates, ...) or
 * "path: crs 'X' is not understood ...".
 */
int io_geojson_read(const char *path, struct io_table *t, struct le_err *err);

/*
 * Streaming GeoJSON (gjstream.c), for files too large for a table: the
 * features of a FeatureCollection of lines handed to a callback one by
 * one, coordinates in the file's CRS, and for each wanted property name
 * the cell text io_geojson_read would give. No tree and no table: memory
 * is a window on the file and one feature.
 *
 * It answers only when the answer is exactly io_geojson_read's: for a
 * valid FeatureCollection whose geometries are null, LineString or
 * MultiLineString ("type" before "coordinates"), with any "crs" member
 * before "features". Anything else (invalid JSON, a BOM, a Polygon, a
 * duplicate member, a callback that says stop ...) returns
 * IO_GJS_FALLBACK, possibly after some features were handed over: the
 * caller then discards what it built and reads the file with
 * io_table_read, whose messages are the ones users know.
 */
#define IO_GJS_FALLBACK (-1)
#define IO_GJS_MAX_WANT 32

/* A feature as handed over; everything is borrowed until the callback
 * returns (geom may be changed in place, e.g. reprojected). */
struct io_gjfeat {
	long index, line;           /* features[index], starting on line */
	struct le_geom *geom;       /* LE_GEOM_NONE (null or empty), LINESTRING
				     * or MULTILINESTRING; part_start[nparts]
				     * is set */
	/* Per wanted name: the cell text; "" when the feature lacks the
	 * column (or it is null); NULL when no feature so far has a key
	 * matching the name (io_col's rule: exact, else the only
	 * case-insensitive match). */
	const char *const *val;
};

struct io_gjstream {
	const char *const *want;    /* property names, io_col's matching */
	int nwant;                  /* at most IO_GJS_MAX_WANT */
	/* NULL, or nwant flags: 1 = only whether the column exists matters
	 * (its values are checked, not kept: val is "" when present). */
	const unsigned char *presence_only;
	/* Before the first feature, with the file's CRS as io_geojson_read
	 * names it ("OGC:CRS84" when there is no crs member). Nonzero: stop. */
	int (*begin)(void *ctx, const char *crs);
	/* Each feature in file order. Nonzero: stop (IO_GJS_FALLBACK). */
	int (*feature)(void *ctx, const struct io_gjfeat *f);
	void *ctx;
	const char *what;           /* progress label (le_progress), e.g.
				     * "reading roads.geojson"; NULL: the path */
};

/* What the whole file said, once it was read to the end. */
struct io_gjstream_end {
	long nfeatures;
	int found[IO_GJS_MAX_WANT]; /* wanted name w matches a column */
	int began;                  /* begin was called */
};

/* LE_OK (every feature handed over, end filled) or IO_GJS_FALLBACK. */
int io_geojson_stream(const char *path, const struct io_gjstream *o,
		      struct io_gjstream_end *end);

/*
 * Index of the column named `name` among names[0 .. n): io_col's rule
 * (exact match first, else a unique case-insensitive match); -1 if absent.
 */
int io_col_in(char *const *names, int n, const char *name);

/*
 * A table of a SpatiaLite database or a GeoPackage. layer is the table
 * name; geomcol the geometry column (NULL: the one registered for the
 * layer in geometry_columns / gpkg_geometry_columns, else none). Geometry
 * blobs (SpatiaLite or GeoPackage binary) become le_geoms and t->crs is
 * "EPSG:<srid>". Non-geometry columns become text cells.
 * Errors: LE_EIO (cannot open), LE_EDB ("path: no table 'x'", "path:
 * layer 'x' has no column 'g'", bad blob with its fid).
 */
int io_db_read(const char *path, const char *layer, const char *geomcol,
	       struct io_table *t, struct le_err *err);

/*
 * 1 for the longitude/latitude CRSs councils use, by name: EPSG:4326,
 * EPSG:4258 (ETRS89), OGC:CRS84 and CRS84 (case ignored); 0 otherwise.
 */
int io_crs_geographic(const char *crs);

/*
 * Do the table's geometries agree with the CRS the file declares (t->crs:
 * a GeoJSON crs member, CRS84 when it has none, or a database's srid)?
 * A file that says degrees but holds a position beyond +-180 / +-90, or
 * says a projected CRS (metres) while every position lies within
 * +-180 / +-90, contradicts itself: LE_EGEO "path: the file says its CRS
 * is X (...), but ...", naming a feature (features[i] and its line) and
 * ending with the fix: the file's CRS or 'crs = ...' in [section].
 * Tables without geometries or crs pass (LE_OK).
 */
int io_table_check_crs(const struct io_table *t, const char *section, struct le_err *err);
/* 1 when (x, y) could be longitude/latitude degrees (io_table_check_crs's
 * test, for a reader that checks as it streams). */
int io_in_degrees(double x, double y);

/*
 * Any vector source through GDAL/OGR (io/ogr.c): Shapefile (.shp, .dbf,
 * .shz), MapInfo (.tab, .mif), file geodatabase (.gdb), FlatGeobuf
 * (.fgb), KML (.kml), GML (.gml) or a PostGIS connection "PG:...". layer
 * names the layer (required when the source has more than one); geomcol
 * the geometry field (NULL: the first). Rows are numbered by fid
 * (IO_ROW_FID); cells are OGR's text of each field ("" for NULL); t->crs
 * "EPSG:n" when GDAL identifies the CRS, else its WKT, else NULL.
 * Errors: LE_EIO "cannot open 'path': no such file", "cannot open 'path'
 * as a vector source: <GDAL's words>"; LE_EDB "path: no layer 'x'
 * (layers: ...)"; LE_EUSAGE "path: has N layers (...): name one with
 * 'layer = NAME' ..."; LE_EGEO "path: fid N: geometry is a MultiPoint
 * (expected ...)"; LE_EPARSE "path: fid N: field 'F': text is not valid
 * UTF-8 (...)" (a Shapefile without .cpg and no encoding given).
 */
int io_ogr_read(const char *path, const char *layer, const char *geomcol,
		struct io_table *t, struct le_err *err);
/*
 * The same with the source's encoding e->name (e NULL or name NULL: the
 * driver's own reading). Only the Shapefile driver takes one (its
 * ENCODING open option, which overrides the .cpg file); for any other
 * driver it is LE_EUSAGE "path: 'encoding = X' applies to CSV files and Shapefiles;
 * the <driver> driver reads text as UTF-8 itself". input/ refuses it
 * earlier, at the study's line, by the file's suffix.
 */
int io_ogr_read_enc(const char *path, const char *layer, const char *geomcol,
		    const struct io_enc *e, struct io_table *t, struct le_err *err);
/* 1 when io_table_read sends path to io_ogr_read (by suffix, or PG:). */
int io_ogr_source(const char *path);

/*
 * Read by file extension: .csv -> CSV; .geojson/.json -> GeoJSON;
 * .sqlite/.db/.gpkg/.spatialite -> database (layer required); the
 * suffixes of io_ogr_source and PG: connections -> io_ogr_read.
 * Anything else: LE_EUSAGE "path: unknown file type '.xyz' (expected ...)".
 */
int io_table_read(const char *path, const char *layer, const char *geomcol,
		  struct io_table *t, struct le_err *err);
/* The same for a file in the encoding e declares (NULL: UTF-8, or for a
 * Shapefile its .cpg): io_csv_read_enc or io_ogr_read_enc; the other
 * native readers are UTF-8 by their formats' definition and ignore e
 * (io_enc_declare refuses the key for them). */
int io_table_read_enc(const char *path, const char *layer, const char *geomcol,
		      const struct io_enc *e, struct io_table *t, struct le_err *err);

/*
 * The PostGIS store of a run's results (io/pg.c, through GDAL's
 * PostgreSQL driver). Usage: io_pg_schema_name, then io_pg_open before
 * the long work (a bad connection, a database without PostGIS, a schema
 * estate did not write or another run writing it fail at once), then
 * io_pg_store once the output folder is complete, then io_pg_close.
 */
#define IO_PG_NAME_MAX 48
struct io_pg;

/*
 * The schema of a study: given (the [output] schema key; NULL if not
 * set) must already be a plain name; else the name (the study's name,
 * or its file's name) folded: ASCII letters lowercased, digits kept,
 * every run of other characters one '_', none at the ends, at most
 * IO_PG_NAME_MAX characters. It must start with a letter and not be
 * public, information_schema, topology, tiger, tiger_data or pg_*.
 * out: IO_PG_NAME_MAX + 1 bytes. LE_EDATA with the reason otherwise.
 * Example: "City of Edinburgh learning estate (demo)" ->
 * "city_of_edinburgh_learning_estate_demo".
 */
int io_pg_schema_name(const char *name, const char *given, char *out, struct le_err *err);

/*
 * Connect to conn ("PG:dbname=... host=..." or "PG:postgresql://...",
 * as GDAL takes it), check PostGIS is installed, take the run's lock on
 * schema and check that the schema, if it exists, is estate's. *out is
 * freed with io_pg_close. LE_EUSAGE for a string not starting "PG:",
 * LE_EDB "cannot connect to 'PG:... password=***': <libpq's words>" and
 * the other refusals; the password never appears in a message.
 */
int io_pg_open(const char *conn, const char *schema, struct io_pg **out, struct le_err *err);

/*
 * Copy the run's results in output folder dir (estate.gpkg's feature
 * tables, the CSV tables of figures, scenarios[0..nsc-1]'s kpis.csv as
 * one kpis table, variants[0..nvar-1]'s comparison-<variant>.csv (the
 * forecast variants of --variants, by name: "low", ...; nvar 0 without)
 * as one comparison_variants table) into the schema, replacing the
 * previous run's in one transaction. *ntables: the tables written. On error the schema is as
 * it was and no staging schema is left (io_pg_close drops it).
 * Test hook: ESTATE_TEST_PG_FAIL_AFTER=N fails after N tables.
 */
int io_pg_store(struct io_pg *pg, const char *dir, const char *const *scenarios, int nsc,
		const char *const *variants, int nvar, int *ntables, struct le_err *err);
/* The connection string as shown in messages (password masked). */
const char *io_pg_shown(const struct io_pg *pg);
/* The schema written. */
const char *io_pg_schema(const struct io_pg *pg);
/* After io_pg_store: the QGIS styles put into public.layer_styles for
 * the schema's layers (QGIS's default style of each), or 0 with *why
 * saying why they were not (the role may not write that table), else
 * *why NULL. */
int io_pg_styles(const struct io_pg *pg, const char **why);
/* Drops a staging schema left by a failed io_pg_store, closes. NULL ok. */
void io_pg_close(struct io_pg *pg);

/* ---------------------------------------------------------------- study */

enum study_layer_kind {
	STUDY_SCHOOLS = 0,
	STUDY_ZONES,
	STUDY_POPULATION,
	STUDY_BOUNDARIES,
	STUDY_ROADS,
	STUDY_ZONE_BOUNDARIES,  /* drawing polygons of point zones */
	STUDY_NLAYERS
};

/* A key = value line of a study file, with its line number. */
struct study_kv {
	char *key;
	char *val;
	int line;
};

/*
 * One input layer section ([schools], [zones], ...).
 *   file = path                 relative to the study file (a PG:
 *                               connection is kept as written)
 *   layer = name, geometry = col  for sources with several layers
 *   missing = NA, z             missing-value markers (input/)
 *   join = FILE, join_on = KEY[, KEY2], join_layer = name
 *   encoding = windows-1252     the file's encoding (CSV, Shapefile;
 *                               join_encoding for the joined file)
 *                               a second file joined on an id (input/;
 *                               join stored resolved, like file)
 *   crs = EPSG:4326             CRS of x/y columns (or override of the file)
 *   <field> = <column>          field mapping (fields depend on the layer)
 *   <field>.<file word> = <our word>   value mapping
 *   filter.<column> = v1, v2    keep rows whose column is one of the values
 *   year = 2021                 (population) year of the estimate
 *   age_columns = Age           (population) prefix of one-column-per-age
 *                               ("*": bare ages 0 .. 89, 90+)
 */
struct study_layer {
	int present;            /* the section exists */
	int line;               /* line of the section header */
	char *file;             /* resolved path (relative to the study dir) */
	char *file_given;       /* as written */
	int file_line;
	char *layer, *geometry, *crs;
	int crs_line;
	struct study_kv *fields;   int nfields;   /* key = our field */
	struct study_kv *maps;     int nmaps;     /* key = "field.word" */
	struct study_kv *filters;  int nfilters;  /* key = column */
	struct study_kv *opts;     int nopts;     /* other layer options */
};

/*
 * The [model] section: how `estate project` projects rolls. Keys (all
 * optional; model/ applies the defaults and reads the files):
 *   method = demand | progression | survival
 *   allocation = catchment | nearest | observed | capacity
 *   stages, parameters, ppr               model parameter files (models/)
 *   catchment, flows, housing, history    input tables (catchment: CSV
 *                                         or a polygon layer)
 *   population_previous, population_previous_year   an earlier population
 *                                         (the [population] columns, 1-5
 *                                         years before)
 *   births = hold | trend                 future age-0 cohorts
 *   stage_rolls = FILE, ... (or a {year} pattern), stage_rolls_years =
 *     YEAR, ...: the published stage-roll tables (each path resolved)
 *   school_changes, forecast, yield       opened/closed list, survival
 *                                         parameters, housing yield curve
 *   transport, costs                      scenario parameter files (models/)
 *   catchment, flows, housing, history, simd   input CSVs
 *   candidates = N (1-32): schools per zone, sector and stream that the
 *     scenario allocation considers (estate run)
 *   progression_years = N (1-20)  detour_factor = 1.3 (1-5)  rc_share = 0-1
 *   gaelic_share = 0-1            catchment_outside = nearest | error
 *   <input>.<field> = COLUMN      column mapping of housing, history,
 *                                 catchment, flows, stage_rolls (field
 *                                 checked here)
 *   <input>.filter.<column> = v1, v2   rows kept, as a layer's filter
 *   catchment.layer / .geometry / .crs  options of a polygon catchment file
 * Words and numbers are checked when read; path values are stored
 * resolved against the study's folder.
 */
struct study_model {
	int present;
	int line;               /* line of [model] */
	struct study_kv *kv;    /* keys as given (paths resolved) */
	int nkv;
};

/* Longest [model] deprivation_name (the index's name in every label of
 * the most deprived fifth). */
#define STUDY_DEP_NAME_MAX 40

struct study {
	char *path;             /* the study file as given */
	char *dir;              /* its directory */
	char *name;
	char *crs;              /* working CRS, default "EPSG:27700" */
	int base_year;
	int horizon_years;      /* default 15 */
	char *output;           /* output folder, resolved; default "<dir>/output" */
	/* [output] database = PG:... (as written) and schema = NAME: where
	 * `estate run` also stores its results (io/pg.c); NULL if not given. */
	char *database, *schema;
	int database_line, schema_line;
	char *scenarios;        /* [study] scenarios: the list as written
				   (files and globs relative to dir); NULL
				   if not given */
	int scenarios_line;
	/* [study] threads: as written (0: not given, line 0). The command
	 * line front end replaces it by the run's count (--threads, this,
	 * ESTATE_THREADS, the CPUs: le_threads_resolve) before any work. */
	int threads, threads_line;
	struct study_layer layers[STUDY_NLAYERS];
	struct study_model model;
	/* The board paper's words (summary.html), all optional:
	 * recommendation: the officers' recommendation, from
	 * "recommendation = TEXT" or the text of "recommendation_file =
	 * PATH" (read here, trailing blank lines dropped); illustrative:
	 * which inputs are illustrative, a caveat in the page's own words;
	 * attribution: one line per data source ("attribution = ..." may be
	 * given once per source), in file order. */
	char *recommendation;
	char *illustrative;
	char **attribution;
	int nattribution;
};

/* Section name of a layer kind: "schools", "zones", ... */
const char *study_layer_name(int kind);

/*
 * Read and validate a study file. Unknown sections, unknown keys in
 * [study], unknown fields of a layer, a layer without `file`, a bad number
 * are LE_EPARSE with "path:line: ..." naming the key and what was expected.
 * Required: [study] base_year; [schools]. Paths are resolved against the
 * study file's directory; files are not opened here.
 */
int io_study_read(const char *path, struct study *s, struct le_err *err);
void io_study_release(struct study *s);

/* The value of layer option `key` (fields, then opts), or NULL. */
const char *study_get(const struct study_layer *l, const char *key);
/* Line number of that key in the study file, 0 if absent. */
int study_line(const struct study_layer *l, const char *key);
/* The value of [model] key `key` (a resolved path for file keys) or NULL;
 * *line (if not NULL) gets its line in the study file, 0 if absent. */
const char *study_model_get(const struct study *s, const char *key, int *line);

/*
 * The Scottish Government list of schools opened, closed and mothballed,
 * [model] school_changes = FILE (io/changes.c), the one reader both the
 * data-quality check and the stage-roll history use. Columns mapped with
 * school_changes.<field> = COLUMN, by default the published headers.
 * Returns LE_OK with c->path NULL (and no rows) when the study names no
 * list; errors for an unreadable file or a missing required column.
 * io_changes_cell: a trimmed copy (free()) of a row's field, "" when the
 * optional column is absent. Release with io_changes_release always.
 */
enum { IO_CH_SCHOOL, IO_CH_STATUS, IO_CH_SECTOR, IO_CH_OPENED, IO_CH_CLOSED,
       IO_CH_COUNCIL, IO_CH_NAME, IO_CH_DETAILS, IO_CH_N };
struct io_changes {
	const char *path;       /* the study's resolved path, NULL: none */
	struct io_table t;
	int col[IO_CH_N];       /* -1: an optional column that is absent */
};
int io_changes_read(const struct study *s, struct io_changes *c, struct le_err *err);
char *io_changes_cell(const struct io_changes *c, int row, int field);
void io_changes_release(struct io_changes *c);

/* ---------------------------------------------------------------- ini */

/*
 * A plain parameter file in INI form (models/<name>.ini): "[section]" headers,
 * "key = value" lines, comments from ';' or '#' at the start of a line or
 * from " ;" inside one. Unlike a study, the keys are not known here: the
 * reader keeps every entry with its section and line, and the caller
 * checks them (so that its messages can say "file:line: key ...").
 */
struct io_ini_entry {
	char *section;          /* "" before any section */
	char *key;
	char *val;
	int line;
	int section_line;       /* line of its [section] header, 0 if none */
};

/* A [section] header as written, empty or not. */
struct io_ini_section {
	char *name;
	int line;
};

struct io_ini {
	char *path;             /* as given, for messages */
	struct io_ini_entry *v;
	int n;
	struct io_ini_section *secs;  /* every header, in file order */
	int nsecs;
};

/*
 * Read path into ini. Errors: LE_EIO (cannot open), LE_EPARSE
 * "path:line: expected 'key = value', a [section] or a comment, got '...'"
 * or "path:line: 'key' has no value". On failure ini is left empty.
 */
int io_ini_read(const char *path, struct io_ini *ini, struct le_err *err);
void io_ini_release(struct io_ini *ini);
/*
 * The number of entry e in [lo, hi], or an error "FILE:LINE: [section]
 * key must be WHAT, got 'VALUE'" (the one wording of every models/ file's
 * bad number).
 */
int io_ini_number(const struct io_ini *ini, const struct io_ini_entry *e,
		  double lo, double hi, const char *what, double *out,
		  struct le_err *err);

/*
 * Read a stage system (models/stages.ini format, see load/stages.c and the
 * README) into *st; *st is untouched on failure. Errors: LE_EIO (cannot
 * open), LE_EPARSE "path:line: [stages] ..." for a stage without a sector
 * or age, an unknown sector, a duplicate name, more than LE_MAX_STAGES
 * stages, stages out of sector order, an unknown section or key, or a
 * missing [entry] / [walking_limit] key.
 */
int io_stages_read(const char *path, struct le_stages *st, struct le_err *err);

/* ---------------------------------------------------------------- workspace */

/*
 * The workspace database (SQLite, beside the outputs) caches what is
 * costly to compute and cheap to keep, such as the zone-to-school travel
 * table. Each cached table is stored under a key: a hash of everything it
 * was computed from, so a changed input is never served stale results.
 */
struct io_ws;

/* One row of the travel table; zone and school are indices into the
 * region, mode and method small integers defined by net/. */
struct io_travel_row {
	int zone, school;
	int mode, rank, method;
	double dist_m, time_s;
	int set;                /* the caller's set index (a school may be
				   in several sets: le_stream_serves) */
	double zone_snap_m, school_snap_m; /* network pairs: the points'
				   distances to the road (0: straight line) */
};

/*
 * Open (creating if needed) the workspace at path. A file that is not a
 * workspace of ours (garbage, truncated, another program's or an older
 * version's) is replaced by an empty one, and io_ws_damage says why.
 * LE_EDB / LE_EIO only when no workspace can be made there at all.
 */
int io_ws_open(const char *path, struct io_ws **out, struct le_err *err);
void io_ws_close(struct io_ws *ws);
/* Why the workspace was found damaged (and rebuilt or missed), or NULL. */
const char *io_ws_damage(const struct io_ws *ws);
/*
 * Fetch the travel rows stored under key. *found = 0 (and no rows) when
 * there are none, or when the stored table cannot be read whole or
 * disagrees with the row count and checksum kept with its key (then
 * io_ws_damage says so): never a partial table. The rows are malloc'd
 * (free()). When found, the findings stored with the rows are appended
 * to diags (may be NULL). Returns LE_OK.
 */
int io_ws_travel_get(struct io_ws *ws, const char *key, struct io_travel_row **rows,
		     size_t *n, struct le_diags *diags, int *found, struct le_err *err);
/* Replace the stored travel table by rows and the findings made while
 * computing it (diags[0 .. ndiags), e.g. the road reader's warnings)
 * under key (one transaction);
 * if that fails on a damaged file, the file is rebuilt and the put
 * tried once more. */
int io_ws_travel_put(struct io_ws *ws, const char *key, const struct io_travel_row *rows,
		     size_t n, const struct le_diag *diags, size_t ndiags,
		     struct le_err *err);

/*
 * Named blobs (bytes the caller formats and checks, e.g. the road
 * network: net/store.c), each stored with the key it was made under.
 *
 * io_ws_blob_open: *b = the blob stored as name under key, *size its
 * bytes; *b = NULL when there is none or it has another key (a miss),
 * or it cannot be read (then io_ws_damage says why). Returns LE_OK.
 * io_ws_blob_read: n bytes from offset off into dst; 0, or -1 when the
 * blob is shorter or unreadable (damage noted). Close with
 * io_ws_blob_close (NULL accepted) before io_ws_close.
 */
struct io_ws_blob;
int io_ws_blob_open(struct io_ws *ws, const char *name, const char *key,
		    struct io_ws_blob **b, size_t *size, struct le_err *err);
int io_ws_blob_read(struct io_ws_blob *b, void *dst, size_t n, size_t off);
void io_ws_blob_close(struct io_ws_blob *b);
/* Record why a blob was not trusted (the first reason wins), for
 * io_ws_damage: a reader that finds its format broken says so here. */
void io_ws_note_damage(struct io_ws *ws, const char *why);
/*
 * Replace the blob name by the concatenation of part[0 .. nparts) (len[i]
 * bytes each) under key, in one transaction, written piece by piece. A
 * blob over SQLite's length limit (1e9 bytes) is silently not stored (a
 * cache miss next time). A damaged file is rebuilt and the put tried
 * once more. LE_EDB (busy, full, read-only: the file is kept).
 */
int io_ws_blob_put(struct io_ws *ws, const char *name, const char *key,
		   const void *const *part, const size_t *len, int nparts,
		   struct le_err *err);

/* ---------------------------------------------------------------- output */

/*
 * Atomic output: io_out_open() creates "<path>.tmp" (a stale file or a
 * symbolic link at that name is removed, never followed: O_EXCL |
 * O_NOFOLLOW); io_out_commit() closes and renames it over path;
 * io_out_abort() closes and removes it. A failed run therefore never
 * leaves a half-written file behind.
 */
struct io_out {
	FILE *fp;
	char *path, *tmp;
};
int io_out_open(struct io_out *o, const char *path, struct le_err *err);
int io_out_commit(struct io_out *o, struct le_err *err);
void io_out_abort(struct io_out *o);
/* mkdir -p */
int io_mkdirs(const char *dir, struct le_err *err);

/*
 * An output folder written as one unit (src/io/out.c explains the
 * staging folder, the lock, the swap and what a crash leaves). Every
 * command that writes: io_outdir_begin(), write every file under
 * io_outdir_path(), then io_outdir_commit() (the folder is replaced as a
 * whole) or, on any error, io_outdir_abort() (nothing is left).
 *
 * cmd names the command in the folder's manifest: entries this command
 * wrote last time and does not write again are removed; entries of other
 * commands, entries estate did not write and workspace.sqlite (a cache,
 * copied) are kept.
 *
 * io_outdir_begin errors: LE_EIO "output folder 'DIR' is in use by
 * another estate command (lock '...'): ..." when another command holds
 * the folder (it fails at once, it does not wait); LE_EIO for a folder
 * that cannot be created or read; LE_EUSAGE for "/" or a path that is a
 * file. io_outdir_commit always releases od; io_outdir_abort accepts an
 * od that begin failed on, or one already released.
 */
struct io_outdir {
	char *dir;              /* the output folder: absolute, no links */
	char *stage;            /* staging folder, a sibling: written to */
	char *old, *lock;       /* siblings: old folder in a swap, lock file */
	char *cmd;              /* owner name in the manifest */
	int lockfd;
	char **made;            /* parent folders begin created */
	int nmade;
	char **carried, **carried_owner; /* entries carried over, owners */
	unsigned long long *carried_ino; /* their inodes in the stage */
	int ncarried;
};
int io_outdir_begin(struct io_outdir *od, const char *dir, const char *cmd,
		    struct le_err *err);
/* Where to write (the staging folder; borrowed, valid until commit). */
const char *io_outdir_path(const struct io_outdir *od);
int io_outdir_commit(struct io_outdir *od, struct le_err *err);
void io_outdir_abort(struct io_outdir *od);

/* ---------------------------------------------------------------- sql */

/*
 * A new SQLite file written through plain SQL, for writers that know a
 * format's schema themselves (report/'s GeoPackage writer): io/ stays the
 * only includer of sqlite3.h and report/ does not depend on it.
 *
 * io_sql_create() opens "<path>.tmp" (removing a stale one) with
 * journal_mode OFF and synchronous OFF (a half-written tmp file is thrown
 * away anyway); io_sql_commit() closes and renames it over path;
 * io_sql_abort() closes and removes it. Errors are LE_EDB
 * "path: what: sqlite's message".
 */
struct io_sql;
struct io_sql_stmt;

int io_sql_create(const char *path, struct io_sql **out, struct le_err *err);
int io_sql_commit(struct io_sql *db, struct le_err *err);
void io_sql_abort(struct io_sql *db);
/* Run one or more statements (no results). */
int io_sql_exec(struct io_sql *db, const char *sql, struct le_err *err);
/* Prepare one statement; free with io_sql_finalize (NULL is fine). */
int io_sql_prepare(struct io_sql *db, const char *sql, struct io_sql_stmt **out,
		   struct le_err *err);
void io_sql_finalize(struct io_sql_stmt *st);
/* Bind parameter i (1-based). Text and blobs are copied. */
void io_sql_bind_null(struct io_sql_stmt *st, int i);
void io_sql_bind_int(struct io_sql_stmt *st, int i, long long v);
void io_sql_bind_real(struct io_sql_stmt *st, int i, double v);
void io_sql_bind_text(struct io_sql_stmt *st, int i, const char *v);
void io_sql_bind_blob(struct io_sql_stmt *st, int i, const void *v, size_t n);
/* Run a bound statement to completion, then reset it and clear its
 * bindings for the next row. */
int io_sql_step(struct io_sql_stmt *st, struct le_err *err);
/* SQL identifier quoting: "name" with inner quotes doubled, appended. */
void io_sql_ident(struct buf *b, const char *name);
/* SQL string literal: 'text' with inner quotes doubled, appended. */
void io_sql_literal(struct buf *b, const char *text);

/* ---------------------------------------------------------------- osm */

/*
 * An OpenStreetMap file (.osm XML or .osm.pbf) as read by GDAL's OSM
 * driver: the ways a road network needs (a highway=* tag or route=ferry),
 * in the file's order, each with its points and the few tags net/ uses.
 * Relations and untagged nodes are skipped. io/osm.c is the only file
 * that talks to the OSM driver.
 *
 * GDAL gives a way as a line of coordinates, not as node ids. A node
 * shared by two ways gives both the very same coordinates: GDAL stores
 * each node once, as whole units of 1e-7 degree (the PBF grid), and every
 * way that uses it reads that one value back. So equal coordinates are
 * how net/ finds junctions.
 *
 * Invariants: way w's points are lonlat[2 * ways[w].first_pt ..] (lon,
 * lat pairs, WGS84 degrees, npts >= 2); tag values live in one pool.
 * Memory: GDAL indexes every node of the file while it reads (in memory
 * up to 100 MB, then in a temporary file under $TMPDIR); this keeps 16
 * bytes per point of a road way. Clip a national extract to the study
 * area first.
 */
enum io_osm_tag {
	IO_OSM_HIGHWAY = 0, IO_OSM_FOOT, IO_OSM_ACCESS, IO_OSM_MOTOR_VEHICLE,
	IO_OSM_ONEWAY, IO_OSM_JUNCTION, IO_OSM_MAXSPEED, IO_OSM_ROUTE,
	IO_OSM_DURATION, IO_OSM_NAME, IO_OSM_NTAGS
};

struct io_osm_way {
	long long id;
	int first_pt, npts;     /* into io_osm.lonlat (pairs) */
	int tag[IO_OSM_NTAGS];  /* offset of the value in the pool, -1 = absent */
	/* 1: some of its nodes are not in the file (an extract cut at its
	 * edge); GDAL joined the nodes that are, so the line may cut a
	 * corner where the missing ones were. */
	int missing;
};

struct io_osm {
	struct io_osm_way *ways;
	int nways;              /* highway and ferry ways only */
	double *lonlat;         /* 2 * npts */
	int npts;
	/* private: storage */
	size_t ways_alloc_, pts_alloc_;
	struct buf pool_;
};

void io_osm_init(struct io_osm *o);
void io_osm_release(struct io_osm *o);

/*
 * Read an .osm or .osm.pbf file into out, which the caller has
 * io_osm_init'ed and later io_osm_releases. The content decides the
 * format, as in GDAL: an XML file is first read with expat and refused
 * with its line when GDAL would accept it silently and wrongly (a <tag>
 * without k, a <node> without lat read as latitude 0, ...).
 * Errors: LE_EIO "PATH: cannot open: <strerror>"; LE_EPARSE
 * "PATH: the file is empty (...)", "PATH: not an OpenStreetMap PBF file
 * (...)", "PATH:LINE: not well-formed XML (column C: <expat's words>)",
 * "PATH:LINE: <tag> has no 'k' attribute (...)" (likewise v of <tag>,
 * role, type and ref of <member>, ref of <nd>, id/lat/lon of <node>),
 * "PATH:LINE: <node> has lat '...': not a latitude (...)" (lon, id, ref
 * likewise), "PATH:LINE: <node> after a <way>: ..." (an unsorted file),
 * and "PATH: not a valid OpenStreetMap file (GDAL: <GDAL's words>)" for a
 * truncated or corrupt .pbf (GDAL names the byte). On error out is left
 * empty. GDAL never prints.
 */
int io_osm_read(const char *path, struct io_osm *out, struct le_err *err);

/* Value of tag `tag` (enum io_osm_tag) of way w, or NULL if absent. */
const char *io_osm_tag(const struct io_osm *o, int w, int tag);

#endif
