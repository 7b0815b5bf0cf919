/*
 * load_int.h: private to load/. One struct layer per input layer being
 * loaded: its study section, its table, which rows pass the filters, and
 * the transform into the working CRS. The per-layer files (schools.c,
 * zones.c, population.c, ...) share these helpers from layer.c.
 */
#ifndef ESTATE_LOAD_INT_H
#define ESTATE_LOAD_INT_H

#include "load/load.h"
#include "input/input.h"

struct layer {
	const struct study *s;
	const struct study_layer *l;
	int kind;                /* enum study_layer_kind */
	const char *section;     /* "schools", ... */
	struct io_table t;
	char *keep;              /* t.nrows flags: row passes the filters */
	int nkept;
	struct geo_ctx *g;
	struct geo_xform *xf;    /* source CRS -> working CRS, or NULL */
	const char *src_crs;     /* borrowed: layer crs or table crs */
	struct input_map map;    /* the study section, for input/ */
	struct input_marks marks; /* missing-value markers blanked, join */
};

/*
 * Read the layer's file (with its join and missing-value markers) and
 * apply its filters, all through input/; the warnings about missing
 * values and unmatched join rows go to d (NULL: not reported, for a
 * second read of the same layer).
 */
int layer_open(struct layer *ly, const struct study *s, int kind,
	       struct geo_ctx *g, struct le_diags *d, struct le_err *err);
void layer_close(struct layer *ly);

/*
 * Column for one of our fields: the mapped column, else a column with the
 * field's own name. *col = -1 when neither exists and required is 0;
 * when required, an error says which key to add. `what` describes the
 * field for that message ("the column holding each school's unique id").
 */
int layer_col(struct layer *ly, const char *field, int required,
	      const char *what, int *col, struct le_err *err);

/* The value after the layer's value mapping "<field>.<raw> = word". */
const char *layer_map(const struct layer *ly, const char *field,
		      const char *raw);

/* "path:line" / "path:line: features[i]" of row r (into out). */
char *layer_where(const struct layer *ly, int r, char *out, size_t n);

/*
 * Make ly->xf from the layer's CRS (study crs key, else the file's own)
 * to the working CRS. A plain table without crs uses the working CRS.
 */
int layer_xform(struct layer *ly, struct le_err *err);

/*
 * Transform a row's geometry into the working CRS (in place); polygonal
 * layers are then repaired with GEOSMakeValid (a warning in diags).
 * `label` names the feature in messages ("zone 'S01008417'").
 */
int layer_geom(struct layer *ly, int r, struct le_geom *gm, int polygonal,
	       const char *label, struct le_diags *d, struct le_err *err);

/*
 * Counts (pupils, places, people) are whole numbers from 0 to max:
 * "339.0" and "1e3" are read, "339.5", "-1", "1e20" and text are errors
 * "path:line: column 'C': expected <what> (a whole number from 0 to
 * <max>), got '...'". An empty cell is *v = -1 and LE_OK: whether that
 * is allowed is the caller's call. what: "a number of pupils", ...
 */
#define LOAD_SCHOOL_MAX 20000       /* pupils or places at one school */
#define LOAD_PEOPLE_MAX 10000000    /* people in one population cell */
int layer_count(struct layer *ly, int r, int c, const char *what, double max,
		double *v, struct le_err *err);

/*
 * LE_EDATA when the layer has no rows to load, or none pass its filters:
 * "path: no <what> rows (...)". A schools or population file with only
 * its header would otherwise give a study of 0 schools that writes
 * results over the last good run's.
 */
int layer_need_rows(const struct layer *ly, const char *what, struct le_err *err);

/* Transform a point (x, y) of row r; fields name the columns for messages. */
int layer_point(struct layer *ly, int r, double *x, double *y,
		const char *xcol, const char *ycol, struct le_err *err);

int load_boundaries(const struct study *s, struct geo_ctx *g, struct region *r,
		    struct le_diags *d, struct le_err *err);
/* zones and population also say how their rows are numbered (enum
 * io_rowkind, into *rowkind unless NULL), for the join messages that
 * name a zone's row after the file is closed. */
int load_zones(const struct study *s, struct geo_ctx *g, struct region *r,
	       struct le_diags *d, int *rowkind, struct le_err *err);
/*
 * [zone_boundaries]: each point zone's drawing polygon (zone.shape, in
 * the working CRS, repaired like a zone polygon), joined by code. A
 * polygon naming no zone of [zones], and a point zone without one, are
 * one warning each with counts; a missing id column, an empty or repeated
 * code, a feature that is no polygon are errors. With polygon zones the
 * layer is not used (a warning). Call after load_zones.
 */
int load_zone_boundaries(const struct study *s, struct geo_ctx *g, struct region *r,
			 struct le_diags *d, struct le_err *err);
int load_population(const struct study *s, struct geo_ctx *g, struct region *r,
		    struct le_diags *d, int *rowkind, struct le_err *err);
int load_schools(const struct study *s, struct geo_ctx *g, struct region *r,
		 struct le_diags *d, struct le_err *err);
/* Landmasses and links ([model] landmass_gap_m, ferries; load/land.c):
 * after the joins, as it needs zone points and school locations. */
int load_land(const struct study *s, struct geo_ctx *g, struct region *r,
	      struct le_diags *d, struct le_err *err);
/* Data-quality checks against the list of schools opened and closed
 * ([model] school_changes; load/history.c): warnings only. */
int load_history(const struct study *s, struct region *r, struct le_diags *d,
		 struct le_err *err);

/*
 * The location of row r in the working CRS: from the x / y columns cx, cy
 * when given (>= 0), else the row's Point geometry. Errors name the file
 * and line or feature, the field and the value: LE_EPARSE "FILE:12:
 * column 'x': expected a coordinate (a number), got 'abc'"; LE_EGEO
 * "FILE: features[3]: LABEL is a Polygon (expected a Point)" and those
 * of layer_point (degrees as metres, outside the CRS's area).
 */
int layer_xy(struct layer *ly, int r, int cx, int cy, const char *label, double *x,
	     double *y, struct le_err *err);

#endif
