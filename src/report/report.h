/*
 * report.h: what estate writes for people: text reports, output tables,
 * map layers (GeoPackage, GeoJSON, CSV) and the board summary page.
 * Report functions write to a FILE * or an output file they are given;
 * they never print on their own and never decide exit codes (cli/ does).
 *
 * Invariants of every writer here: output goes to "<name>.tmp" and is
 * renamed when complete (a failed run leaves the previous file intact);
 * the same inputs give the same bytes (fixed number formats, fixed
 * timestamps, rows in the order given).
 */
#ifndef ESTATE_REPORT_H
#define ESTATE_REPORT_H

#include "core/core.h"
#include "io/io.h"

struct net_travel;

/*
 * The data-quality report of `estate check`: what was loaded (schools by
 * sector and council, pupils on roll, zones, population by age band,
 * roads) and every finding in diags, grouped by topic.
 * t: the road graph and snapping (net_travel_network), NULL without
 * roads; road_km: total length of the road links in km.
 */
void report_check(FILE *fp, const struct study *s, const struct region *r,
		  const struct le_diags *d, const struct net_travel *t,
		  double road_km);

/*
 * The findings of every command, in one place: the data's (load, roads)
 * and the model's (calibration, schools held at a ratio, housing ...).
 * lists[0 .. nlists) are printed and written in the same order.
 *
 * report_warnings prints the count and the first REPORT_WARNINGS_LISTED
 * (calibration first, schools held at a ratio last), one a line as
 * "  topic: message", and where the rest are (csv_shown, the path of
 * data_quality.csv as the user knows it); "warnings: none" when there
 * are none. Used by estate travel, project and run; estate check prints
 * its fuller report (report_check).
 */
#define REPORT_WARNINGS_LISTED 10
void report_warnings(FILE *fp, const struct le_diags *const *lists, int nlists,
		     const char *csv_shown);

/*
 * data_quality.csv: one row a finding of lists[0 .. nlists) (severity,
 * topic, message), written atomically to path. Returns LE_OK or LE_EIO.
 */
int report_check_csv(const char *path, const struct le_diags *const *lists, int nlists,
		     struct le_err *err);

/*
 * Land and sea (report/land.c), for studies with landmasses (r->nland >
 * 0; nothing is written otherwise): report_land prints the section of the
 * check report (landmasses, links, how travel between them is measured);
 * report_land_line the one line the projection and run summaries give;
 * report_land_csv writes landmasses.csv (one row a landmass with
 * residents or schools: zones, schools, children, links) atomically.
 */
void report_land(FILE *fp, const struct region *r);
void report_land_line(FILE *fp, const struct region *r);
int report_land_csv(const char *path, const struct region *r, struct le_err *err);

/* Format a count with thousands separators ("40,866") into out. */
char *report_count(double v, char *out, size_t n);

/* Write s as one CSV text cell: quoted when it holds , " or a newline,
 * and, when it starts like a spreadsheet formula (=, +, -, @, tab, CR),
 * quoted with a leading single quote so that it stays text (csv_out.c).
 * Every CSV writer of estate goes through it. */
void report_csv_field(FILE *fp, const char *s);

/* ---------------------------------------------------------------- layers */

/*
 * A generic output layer: what every map writer (GeoPackage, GeoJSON,
 * CSV, the SVG maps of the summary page) takes. A layer is a name, one
 * geometry type, the CRS of its geometries (the study's working CRS),
 * typed fields and rows: one value per field and one geometry per row.
 *
 * Field names and types are part of the output contract (QGIS styles and
 * users' own maps refer to them): keep them stable, lowercase, with units
 * in the name (distance_m, utilisation_pct).
 *
 * Geometry: geom_type is the layer's declared type. Rows may hold the
 * single form of a multi type (a Polygon in a MultiPolygon layer, a
 * LineString in a MultiLineString layer): writers promote them, so a
 * GeoPackage's declared type always matches its blobs. An empty row
 * geometry (LE_GEOM_NONE) is written as a null geometry.
 *
 * Example:
 *     struct report_layer l;
 *     report_layer_init(&l, "schools", LE_GEOM_POINT, "EPSG:27700");
 *     int f_roll = report_layer_field(&l, "roll", REPORT_INT, 0);
 *     int row = report_layer_row(&l, &pt);        (pt copied)
 *     report_layer_set_int(&l, row, f_roll, 240);
 *     ...
 *     report_layer_release(&l);
 */
enum report_ftype { REPORT_INT = 1, REPORT_REAL, REPORT_TEXT };

struct report_field {
	char *name;
	int type;               /* enum report_ftype */
	int decimals;           /* REPORT_REAL: digits after the point in
				   text outputs (GeoJSON, CSV, HTML) */
};

/* One value. null = 1 means missing (SQL NULL, JSON null, empty CSV). */
struct report_cell {
	int null;
	long long i;            /* REPORT_INT */
	double r;               /* REPORT_REAL */
	char *s;                /* REPORT_TEXT, owned by the layer */
};

struct report_layer {
	char *name;             /* table and file name, e.g. "schools" */
	int geom_type;          /* enum le_geom_type declared for the layer */
	char *crs;              /* CRS of geoms, e.g. "EPSG:27700" */
	int nfields;
	struct report_field *fields;
	int nrows;
	struct report_cell *cells;  /* nrows * nfields, row-major */
	struct le_geom *geoms;      /* nrows, owned */
	/* private */
	size_t rows_alloc_, fields_alloc_;
};

void report_layer_init(struct report_layer *l, const char *name, int geom_type,
		       const char *crs);
void report_layer_release(struct report_layer *l);
/* Add a field (only before the first row); returns its index. */
int report_layer_field(struct report_layer *l, const char *name, int type,
		       int decimals);
/* Index of the field named name, or -1. */
int report_layer_find(const struct report_layer *l, const char *name);
/* Append a row whose values are all null; gm (may be NULL = no geometry)
 * is copied. Returns the row index. */
int report_layer_row(struct report_layer *l, const struct le_geom *gm);
/* Set a value (the field's type must match; asserted). A NaN real or a
 * NULL text is stored as null. */
void report_layer_set_int(struct report_layer *l, int row, int field, long long v);
void report_layer_set_real(struct report_layer *l, int row, int field, double v);
void report_layer_set_text(struct report_layer *l, int row, int field, const char *v);
/* Borrowed pointer to a cell. */
const struct report_cell *report_layer_cell(const struct report_layer *l, int row,
					    int field);
/* A cell as a number (ints converted), NaN when null or text. */
double report_layer_num(const struct report_layer *l, int row, int field);
/* Bounding box of every row geometry; -1 when there is none. */
int report_layer_bbox(const struct report_layer *l, double bbox[4]);
/*
 * Initialise l as an empty layer with the name, geometry type, CRS and
 * fields of like (nothing shared: l owns its copies), e.g. to gather
 * several scenarios' layers into one with report_layer_append.
 */
void report_layer_init_like(struct report_layer *l, const struct report_layer *like);
/* Append copies of every row of src to dst; both must have the same
 * fields (names and types, asserted). */
void report_layer_append(struct report_layer *dst, const struct report_layer *src);

/*
 * The names GDAL gives l's fields in a Shapefile (`ogr2ogr -f "ESRI
 * Shapefile"`): dBase allows 10 characters, so capacity_2023 and
 * capacity_2028 become capacity_2 and capacity_1 (sic). out[f] gets
 * field f's name; the GeoPackage writer ships them as a field map.
 */
#define REPORT_SHP_NAME 11
void report_shp_names(const struct report_layer *l, char (*out)[REPORT_SHP_NAME]);

/* ---------------------------------------------------------------- encoders */

/*
 * The multi type a single type is promoted to in a layer of type
 * layer_type: e.g. (LE_GEOM_MULTIPOLYGON, LE_GEOM_POLYGON) -> MULTIPOLYGON;
 * otherwise row_type.
 */
int report_geom_out_type(int layer_type, int row_type);

/*
 * Well-known binary (OGC 06-103r4, 2D, little-endian) of gm written as
 * type as_type (gm's own type or its multi form), appended to b.
 */
void report_wkb(struct buf *b, const struct le_geom *gm, int as_type);

/*
 * A GeoPackage binary geometry (GeoPackage 1.2, 2.1.3): "GP", version 0,
 * flags 0x03 (little-endian, xy envelope), srs_id, envelope minx maxx
 * miny maxy, then the WKB. An empty gm gets the empty flag (0x11), no
 * envelope and an empty WKB of as_type (points: NaN coordinates).
 */
void report_gpb(struct buf *b, const struct le_geom *gm, int as_type, int srs_id);

/* Twice the signed area of a ring of n points (closed or not): > 0 when
 * counter-clockwise in an x-right, y-up frame. */
double report_ring_area2(const double *xy, int n);
/*
 * Rewind polygon rings by the right-hand rule (RFC 7946, 3.1.6): each
 * exterior ring counter-clockwise, each hole clockwise. Other geometry
 * types are left alone.
 */
void report_geom_rhr(struct le_geom *gm);

/*
 * v with `decimals` digits after the point ("%.*f"), without a negative
 * zero ("-0.000000" becomes "0.000000"). Writes into out (size n),
 * returns out.
 */
char *report_fixed(double v, int decimals, char *out, size_t n);

/* ---------------------------------------------------------------- writers */

struct geo_ctx;

/*
 * The GeoPackage file path (a valid GeoPackage 1.2, checked by GDAL's
 * validate_gpkg.py) with one feature table per layer, all in the layers'
 * CRS (which must be "EPSG:<code>": the SRS row is made from PROJ's WKT).
 * Each table: fid INTEGER PRIMARY KEY, geom <TYPE>, the fields (INTEGER,
 * REAL, TEXT); an R-tree spatial index with the spec's triggers; the
 * gpkg_contents extent. Each layer's QGIS style goes into the
 * layer_styles table (QGIS applies it when the file is opened): the
 * <layer>.qml of styles_dir when styles_dir is not NULL, else the style
 * compiled in from gis/styles (none for a layer without one). Also:
 * gpkg_ogr_contents (each table's row count, as GDAL keeps it), reals
 * rounded to their field's decimals (as the text outputs print them),
 * the QGIS project "estate" in qgis_projects (report_gpkg_write_study)
 * and, beside the file, <stem>_shapefile_fields.csv: the names each
 * field gets in a Shapefile (report_shp_names). Written to "path.tmp"
 * and renamed.
 * Errors: LE_EUSAGE (no layers, layer CRS not EPSG:n, mixed CRSs),
 * LE_EGEO (CRS unknown to PROJ), LE_EIO (a style unreadable), LE_EDB.
 */
int report_gpkg_write(const char *path, const struct report_layer *layers, int n,
		      const char *styles_dir, struct geo_ctx *g, struct le_err *err);
/* The same with each table made of nparts layers, part-major (table i,
 * part p is layers[p * n + i], e.g. one part per scenario), rows in part
 * order: the file report_gpkg_write gives for the parts appended into one
 * layer per table (report_layer_append), without that copy. The parts of
 * a table must have the same name, fields and CRS (else LE_EUSAGE). */
int report_gpkg_write_parts(const char *path, const struct report_layer *layers, int n,
			    int nparts, const char *styles_dir, struct geo_ctx *g,
			    struct le_err *err);

/*
 * What report_gpkg_write_study adds to report_gpkg_write_parts: the
 * parts' names (the values of part_field in their rows, e.g. the
 * scenario names) and shared tables written once (e.g. the councils).
 * Every GeoPackage also holds a QGIS project, "estate" in its
 * qgis_projects table, whose layers read this very file by a relative
 * path: with part names, one legend group of layers filtered to each part
 * and one map theme per part (a planner switches options with one
 * click); without, the tables as they are.
 */
struct report_gpkg_opts {
	const char *styles_dir;                 /* as report_gpkg_write; NULL */
	const char *part_field;                 /* e.g. "scenario"; NULL: none */
	const char *const *part_names;          /* nparts, or NULL */
	const struct report_layer *shared;      /* nshared, or NULL */
	int nshared;
	const char *title;                      /* project title; NULL: "estate" */
};
int report_gpkg_write_study(const char *path, const struct report_layer *layers, int n,
			    int nparts, const struct report_gpkg_opts *o,
			    struct geo_ctx *g, struct le_err *err);

/*
 * One RFC 7946 GeoJSON file per layer: dir/<prefix><layer>.geojson
 * (prefix may be NULL, e.g. "baseline_" for a scenario's layers).
 * Coordinates are transformed to WGS84 lon/lat with 6 decimals, polygons
 * wound by the right-hand rule, no "crs" member, every property present
 * in every feature (null where missing), reals with their field's
 * decimals. Each file written atomically.
 * Errors: LE_EGEO (a vertex PROJ cannot transform), LE_EIO.
 */
int report_geojson_write(const char *dir, const char *prefix,
			 const struct report_layer *layers, int n,
			 struct geo_ctx *g, struct le_err *err);

/*
 * State a caller keeps across report_geojson_write_memo calls that write
 * the same layers once per scenario: the transform to lon/lat, built once
 * (PROJ's set-up is slow), and the first call's transformed geometries,
 * reused for a later call's row whose geometry is byte-identical to the
 * first call's same row (the zones and schools of every scenario), so the
 * bytes are those of a fresh transform. The first call's layers must
 * outlive the memo. report_geojson_write is the call without a memo.
 */
struct report_gj_memo;
struct report_gj_memo *report_gj_memo_new(void);
void report_gj_memo_free(struct report_gj_memo *m);
int report_geojson_write_memo(const char *dir, const char *prefix,
			      const struct report_layer *layers, int n,
			      struct geo_ctx *g, struct report_gj_memo *m,
			      struct le_err *err);

/*
 * One CSV per layer: dir/<prefix><layer>.csv with a header of the field
 * names; point layers get x and y columns (working CRS) first. Reals
 * with their field's decimals; null is an empty cell.
 */
int report_csv_write(const char *dir, const char *prefix,
		     const struct report_layer *layers, int n,
		     struct le_err *err);

/*
 * The layers of a loaded region, in the working CRS, as export writes
 * them before scenario results exist (report/export.c gives the fields):
 * schools (points), zones (zone polygons, with the straight-line distance
 * from the zone's representative point to its nearest primary school and
 * its primary pupils beyond their stage's walking limit, stage_walk_m[s]
 * in metres for each stage s of r->stages), catchments (of primary schools,
 * from that nearest-school assignment), desire_lines (zone point to that
 * school, with the zone's primary-age population) and councils
 * (boundaries). *layers is malloc'd (free it after releasing each layer
 * with report_layer_release); *n gets the count. Errors: LE_EGEO.
 */
int report_region_layers(const struct region *r, struct geo_ctx *g, const double *stage_walk_m,
			 struct report_layer **layers, int *n, struct le_err *err);

/*
 * The "councils" MultiPolygon layer (council_id, council_name) of the
 * councils with a boundary, in region order: the outline a map is framed
 * by. out is initialised here.
 */
void report_councils_layer(const struct region *r, struct report_layer *out);
/*
 * Append a row for zone z to a "zones" layer initialised with the type
 * region_zone_draw_type(r): its polygon (region_zone_polygon) in a
 * polygon layer, its point (px, py) in a point layer, the one rule of
 * every zones layer. Returns the row, or -1 (nothing added) when the
 * zone has nothing to draw in this layer.
 */
int report_zone_row(struct report_layer *l, const struct region *r, int z);

/* ---------------------------------------------------------------- catchments */

/*
 * A "catchments" MultiPolygon layer (fields school_id, school_name,
 * method "zones" | "voronoi", zones, area_ha) with one row per school k
 * with use[k] != 0 that gets an area, in school order. zone_school[z]
 * (r->nzones entries) is the school zone z's pupils go to (-1: none).
 * Where the region has zone polygons, a catchment is the GEOS union of the
 * polygons of the zones the school serves; where it has none, it is the
 * school's Voronoi cell among the used schools, clipped to the union of
 * the council boundaries (the schools' envelope when there are none).
 * out is initialised here. Errors: LE_EGEO.
 */
int report_catchments_layer(const struct region *r, struct geo_ctx *g,
			    const int *zone_school, const char *use,
			    struct report_layer *out, struct le_err *err);

/* ---------------------------------------------------------------- summary */

/*
 * The board summary page (summary.html): one self-contained file, no
 * external scripts, fonts, styles or tiles, readable offline and printable
 * on A4. Everything it shows is handed in through these generic structs,
 * so a scenario run fills them from its own results.
 */

/*
 * The comparison table: rows (KPIs) x columns (scenarios); each column
 * other than the baseline is followed by its difference from it (only
 * the difference with diff_only). A difference is classed by the row's
 * direction better[i] (+1 higher is better, -1 lower, 0 neither; the KPI
 * table's scenario_kpi_better): "better" or "worse" (coloured), "diff"
 * when neither way is better, "same" when it rounds to nothing.
 */
struct report_compare {
	int nrows, ncols;
	const char *const *row_names;   /* nrows, e.g. "pupils beyond limit" */
	const char *const *col_names;   /* ncols, e.g. "baseline" */
	const double *v;                /* nrows * ncols, row-major; NaN = n/a */
	const int *decimals;            /* nrows digits after the point; NULL = 0 */
	int baseline;                   /* column the differences are from */
	const int *better;              /* nrows directions; NULL = all 0 */
	int diff_only;                  /* 1: options show their difference only */
	const char *caption;            /* the table's caption; NULL: none */
};

/* One school's roll and capacity by year, for the chart. */
struct report_series {
	const char *name;
	int nyears;
	const int *years;               /* nyears, ascending */
	const double *roll;             /* nyears; NaN = missing */
	const double *capacity;         /* nyears; NaN = missing */
};

/* A plain table of numbers: rows x columns, decimals per column (the
 * page's table of councils, the trend, an option's costs by year). */
struct report_grid {
	int nrows, ncols;
	const char *const *row_names;   /* nrows */
	const char *const *col_names;   /* ncols */
	const double *v;                /* nrows * ncols, row-major; NaN = n/a */
	const int *decimals;            /* ncols */
	const char *note;               /* a sentence under the heading, may be NULL */
	const char *corner;             /* heading of the row names; NULL: "council" */
	const char *caption;            /* NULL: none */
};

/* Bits of report_view.zone_diff: what changed in a zone against the
 * baseline (the map's difference layer). */
enum report_zone_diff {
	REPORT_DIFF_SCHOOL = 1 << 0,    /* the school its pupils go to */
	REPORT_DIFF_DISTANCE = 1 << 1,  /* their walking distance */
	REPORT_DIFF_ENTITLED = 1 << 2   /* pupils beyond the walking limit */
};

/*
 * One scenario's section: what changes and when, what it costs, a map
 * and a chart. The map is drawn from layers in the working CRS: zones
 * shaded by the numeric field zone_field, in classes tied to the walking
 * limits limit_m (metres, ascending, nlimits; 0 = none given: 5 equal
 * classes),
 * schools as circles sized by "roll" and coloured by the utilisation band
 * of "utilisation_pct", with "status" closed / new drawn as a cross / a
 * star; boundary outlines. Any layer may be NULL. With focus the map is
 * zoomed to that box (working CRS: minx, miny, maxx, maxy); zone_diff
 * (zones->nrows bits, NULL: none) draws the difference layer over the
 * zones and school_label (schools->nrows, 1 = labelled) names schools.
 */
/* Walking limits a map's classes can show (classes: half the lowest,
 * each limit, beyond the highest; 5 colours). */
enum { REPORT_NLIMITS = 3 };

struct report_view {
	const char *name;
	const struct report_layer *zones;
	const char *zone_field;         /* e.g. "distance_m" */
	const char *zone_label;         /* legend title, e.g. "distance to school (m)" */
	const struct report_layer *schools;
	const struct report_layer *boundary;
	const struct report_series *series;
	int nseries;
	/* The board paper's parts; all may be NULL / 0. */
	const char *id;                 /* HTML id (a name without spaces) */
	const char *desc;               /* the map's text alternative */
	const double *focus;            /* [4] box to zoom to */
	const unsigned char *zone_diff; /* zones->nrows, enum report_zone_diff */
	const unsigned char *school_label;  /* schools->nrows */
	/* The walking limits applied (scenario_walk_classes), ascending,
	 * each with the stages it applies to ("P1-P3"); 0 = none given. */
	int nlimits;
	double limit_m[REPORT_NLIMITS];
	char limit_stages[REPORT_NLIMITS][48];
	const char *attribution;        /* drawn in the map's corner */
	const char *const *changes;     /* "what changes and when", sentences */
	int nchanges;
	const struct report_grid *costs;    /* cost by year */
};

/* A term of the glossary: its name as the page shows it, its name in the
 * CSV outputs, unit, direction (as report_compare.better) and meaning. */
struct report_term {
	const char *label, *name, *unit, *desc;
	int better;
};

/*
 * A section other modules write into the page (issue 12's appraisal:
 * the ranking of report/html_ranking.c, the sufficiency of
 * report/html_sufficiency.c): write(fp, ctx) emits its HTML, an <h2>
 * and its content, escaping data with report_html_esc. The page calls
 * them, in the order given, in the executive summary after the options
 * and the recommendation: the one place the appraisal goes.
 */
struct report_section {
	void (*write)(FILE *fp, const void *ctx);
	const void *ctx;
};

/*
 * Per-school sufficiency under one option (scenario/sufficiency.c fills
 * them; the page and the terminal list them by urgency). A case is the
 * central projection ([0]) or the high one ([1]). Years are calendar
 * years; "over 90 %" and "over 100 %" are the utilisation as every output
 * shows it, one decimal (report_util_shown; over 100 % is
 * report_util_band's REPORT_BAND_OVER).
 */
struct report_suff_case {
	int over90, over100;    /* first year over 90 % / 100 %: 0 never (by
				   the horizon), -1 n/a (no capacity given) */
	int peak_year;          /* year of the peak roll (the first of equals) */
	double peak_roll;
	double peak_capacity;   /* capacity in that year; NaN: none given */
	double peak_util_pct;   /* highest utilisation of any year; NaN: none */
	double short_at_peak;   /* places short in the peak-roll year (0 if
				   not over 100 %); NaN: no capacity */
};

struct report_sufficiency {
	const char *option;             /* borrowed: "baseline" or a scenario */
	const char *school_id, *school_name;   /* borrowed */
	int option_index, school_index; /* run order, world order */
	int sector;                     /* enum le_sector */
	struct report_suff_case c[2];   /* [0] central, [1] high */
};
/* Is s on the short lists (terminal, page): over 90 % in some year, in
 * the central or the high case? */
int report_suff_listed(const struct report_sufficiency *s);
/*
 * Is rows[i] on the short lists? rows as scenario_sufficiency gives
 * them (by option, option 0 the baseline first). A baseline row: when
 * listed. Another option's: when it or the baseline's row of the same
 * school is listed and the two differ (first years, peak year, peak roll
 * or places short, central or high, in whole pupils), so each option
 * shows what it changes, schools it relieves included; a school not in
 * the baseline (a new one) when listed.
 */
int report_suff_shown(const struct report_sufficiency *rows, int n, int i);
/* The ranking of the options (scenario/rank.c fills it), rank order,
 * flagged options last with rank 0 (report/html_ranking.c). */
struct report_ranking {
	const char *criteria;           /* the criteria file, may be NULL */
	int nrows;
	const char *const *option;      /* nrows */
	const int *rank;                /* nrows; 0: not ranked (a breach) */
	const double *score;            /* nrows; NaN for a breach */
	const char *const *reason;      /* nrows: the reasons in words */
};
/* The page's "Ranking" section: a heading, a sentence on the method and
 * a table of rank, option, score and reasons. */
void report_html_ranking(FILE *fp, const struct report_ranking *rk);

struct report_summary {
	const char *title;
	const char *intro;              /* one paragraph, may be NULL */
	const struct report_compare *compare;   /* the full table (an annex when
						   key is given); may be NULL */
	const struct report_grid *by_council;   /* after the comparison; may be NULL */
	const struct report_view *views;
	int nviews;
	/* Schools running out of places, sorted by urgency within each
	 * option (scenario_sufficiency); may be NULL. */
	const struct report_sufficiency *sufficiency;
	int nsufficiency;
	int suff_last_year;             /* the horizon: "never" means by it */
	/* The board paper (all optional: NULL / 0 leaves a part out). */
	const char *trend_text;         /* the trend in words */
	const struct report_grid *trend;    /* pupils, capacity, surplus by year */
	const char *const *option_lines;    /* one sentence per option */
	int noption_lines;
	const char *recommendation;     /* NULL: a slot for officers to fill */
	int recommendation_slot;        /* 1: show the slot when NULL */
	const struct report_section *appraisal;
	int nappraisal;
	const struct report_compare *key;   /* 6-8 key measures */
	const char *const *caveats;
	int ncaveats;
	const struct report_term *glossary;
	int nglossary;
	const char *const *attribution; /* one line per data source */
	int nattribution;
	const char *study;              /* footer: the study's name */
	const char *version;            /* footer: estate's version */
};

/* Text HTML-escaped (& < > ") to fp, for report_section writers. */
void report_html_esc(FILE *fp, const char *s);
/* v with d decimals and thousands separators ("40,866.5"), "n/a" for
 * NaN, into out (size n); returns out. */
const char *report_html_num(double v, int d, char *out, size_t n);

/* Write the page to path atomically. Errors: LE_EIO. */
int report_summary_write(const char *path, const struct report_summary *sm,
			 struct le_err *err);
/*
 * The page's section "Schools running out of places" from
 * sm->sufficiency (html_sufficiency.c, called by report_summary_write):
 * per option the first REPORT_SUFF_LISTED rows report_suff_shown picks,
 * in the order given (by urgency); nothing when sm->sufficiency is NULL.
 * The board paper calls it as one of its appraisal sections.
 */
#define REPORT_SUFF_LISTED 10
void report_html_sufficiency(FILE *fp, const struct report_summary *sm);

/*
 * The utilisation bands, one rule for every output (the KPIs'
 * schools_util_* counts and schools_over_capacity, the maps' and
 * GeoPackage's utilisation_band, the page's colours): the percentage
 * is first rounded to one decimal, as every output shows it, then
 * banded <= 40, 40.1-60, 60.1-80, 80.1-100, > 100. So exactly 100.0 %
 * (and 100.04 %, shown as 100.0) is "81-100 %", and 100.3 % is
 * "> 100 %", over capacity, everywhere. report_util_pct(roll, cap)
 * is the percentage (NaN when cap <= 0 or either is NaN or negative:
 * no capacity given); report_util_band returns 0 (<= 40) .. 4 (> 100)
 * and -1 for NaN; report_util_band_name gives "<=40 %", "41-60 %",
 * "61-80 %", "81-100 %", ">100 %" and "n/a" for -1.
 */
enum { REPORT_NBANDS = 5, REPORT_BAND_OVER = 4 };
double report_util_pct(double roll, double cap);
/* pct rounded to one decimal, as every output shows and bands it: what
 * the map layers store, so that a GIS style's ranges band it alike. */
double report_util_shown(double pct);
int report_util_band(double pct);
const char *report_util_band_name(int band);

/*
 * summary.html for a loaded region before scenarios exist: the region's
 * figures as a one-column comparison, one map from layers (as made by
 * report_region_layers) and the chart of series (may be 0: e.g. projected
 * rolls). Written to dir/summary.html. Errors: LE_EIO.
 */
int report_region_summary(const struct study *s, const struct region *r,
			  const struct report_layer *layers, int n,
			  const struct report_series *series, int nseries,
			  const char *dir, struct le_err *err);

/* ---------------------------------------------------------------- documents */

/*
 * A document of headings, paragraphs, officer slots and text tables
 * (report/doc.c): what the consultation evidence pack of estate consult
 * is built as, so that its HTML page and its CSV tables come from the
 * same cells. The builder copies every string; numbers are formatted by
 * the caller (fixed decimals, no thousands separators, so a CSV cell
 * reads as a number). Tables with a name are also written as
 * <name>.csv; all of them appear in the page where they were added.
 *
 * Example:
 *     struct report_doc d;
 *     report_doc_init(&d, "Consultation evidence");
 *     report_doc_text(&d, REPORT_B_H2, "Travel effect");
 *     int t = report_doc_table(&d, "travel", "Walking distance",
 *                              REPORT_T_PAGE | REPORT_T_CSV, 2, cols);
 *     report_doc_cell(&d, t, "%s", "baseline");
 *     report_doc_cell(&d, t, "%.0f", 1735.0);     (a row is full: next row)
 *     report_doc_html(&d, "pack.html", &err);
 *     report_doc_csv(&d, dir, &err);
 *     report_doc_release(&d);
 */
enum report_block_kind {
	REPORT_B_H2 = 0,        /* a section heading */
	REPORT_B_H3,            /* a sub-heading */
	REPORT_B_P,             /* a paragraph */
	REPORT_B_NOTE,          /* a paragraph in small print (method, sources) */
	REPORT_B_OFFICER,       /* a slot left for officers to write: the
				   text says what to write */
	REPORT_B_TABLE          /* table index in doc->t */
};

enum report_table_flags {
	REPORT_T_PAGE = 1 << 0, /* shown on the page */
	REPORT_T_CSV = 1 << 1   /* written as <name>.csv */
};

struct report_table {
	char *name;             /* CSV name without ".csv" */
	char *caption;
	int flags;              /* enum report_table_flags */
	int ncols, nrows;       /* nrows: data rows, header not counted */
	char **cells;           /* header row then data rows, row-major */
	int ncells;             /* cells filled so far (header included) */
	size_t alloc_;
};

struct report_block {
	int kind;               /* enum report_block_kind */
	char *text;             /* NULL for a table */
	int table;              /* REPORT_B_TABLE: index in doc->t */
};

struct report_doc {
	char *title;
	struct report_block *b;
	int nb;
	struct report_table *t;
	int nt;
	size_t b_alloc_, t_alloc_;
};

void report_doc_init(struct report_doc *d, const char *title);
void report_doc_release(struct report_doc *d);
/* Add a heading, paragraph, note or officer slot (printf format). */
void report_doc_text(struct report_doc *d, int kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Add a table of ncols columns named cols (flags: enum
 * report_table_flags); returns its index. */
int report_doc_table(struct report_doc *d, const char *name, const char *caption,
		     int flags, int ncols, const char *const *cols);
/* The next cell of table t, left to right, a new row after the last
 * column (printf format). */
void report_doc_cell(struct report_doc *d, int t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * The page: report_html_head's head and stylesheet (the board page's),
 * the title as <h1>, the blocks in order; officer slots are boxed and
 * headed "For officers to write". Atomic. Errors: LE_EIO.
 */
int report_doc_html(const struct report_doc *d, const char *path, struct le_err *err);
/* dir/<name>.csv for every REPORT_T_CSV table (report_csv_field cells; a row
 * left short is padded with empty cells). Atomic. Errors: LE_EIO. */
int report_doc_csv(const struct report_doc *d, const char *dir, struct le_err *err);

#endif
