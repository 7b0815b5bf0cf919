/*
 * input.h: the one input-mapping helper. Every input layer of a study
 * ([schools], [zones], [population], [boundaries], [roads]), whatever
 * reads its file (the native CSV, GeoJSON and SpatiaLite/GeoPackage
 * readers or GDAL/OGR for everything else), goes through these steps,
 * so a mistake gets the same message from every format:
 *
 *   input_read    the file (io_table_read, in its declared encoding =,
 *                 checked at its line), the joined second file
 *                 (join = FILE, join_on = KEY) and the missing-value
 *                 markers (missing = NA, z, c), which become empty cells;
 *   input_filter  the filter.<column> = v1, v2 keys;
 *   input_report  warnings: missing values counted per column, rows
 *                 without a partner in the join (kept rows only);
 *   input_col     our field -> the file's column (mapping, else the
 *                 field's own name, else an alias);
 *   input_value   the value mapping <field>.<word> = <our word>;
 *   input_xform   the source CRS (study key, else the file's, else the
 *                 working CRS) -> working CRS, with the file's CRS
 *                 checked against its coordinates.
 *
 * A row is then its cells by mapped column plus its geometry: load/
 * (struct layer) and net/read.c (the roads) both read rows this way.
 * input/ sits above io/ and geo/ and below net/ and load/.
 *
 * Messages about the study's keys name the study file's line ("study.ini:14:
 * [schools] capacity = Cap: schools.shp has no column 'Cap' (columns:
 * ...)"); messages about data name the file and the row (CSV line,
 * GeoJSON features[i], fid).
 */
#ifndef ESTATE_INPUT_H
#define ESTATE_INPUT_H

#include "core/core.h"
#include "io/io.h"
#include "geo/geo.h"

/* Which section of which study a table is read for (all borrowed). */
struct input_map {
	const struct study *s;   /* NULL: no study (no filters, no mapping) */
	const struct study_layer *l;
	const char *section;     /* "schools", "roads", "model" */
	char prefix[48];         /* "" for a layer; "housing." for a [model]
				    input, whose keys are "housing.<field>" */
};

/*
 * A [model] input (housing, history, catchment, flows, stage_rolls, simd,
 * ...) seen as a layer section, so it takes the same path: its
 * "<input>.<field> = COLUMN" keys become fields, "<input>.filter.<column>"
 * filters, "<input>.layer / .geometry / .crs / .encoding" the options;
 * file = path.
 * m then names keys as "[model] <input>.<key>" in messages. The view
 * borrows s's strings (s may be NULL: an empty view); release it with
 * input_model_release.
 */
void input_model_map(struct input_map *m, struct study_layer *view,
		     const struct study *s, const char *input, const char *path);
/*
 * Read the file of a [model] input mapped by input_model_map into t
 * (initialised by the caller; released by the caller even on failure),
 * in the encoding its "<input>.encoding" key declares. spatial: any
 * io_table_read format, with the input's layer and geometry keys; else
 * CSV whatever the file's name. Errors: the reader's, and LE_EPARSE at
 * the key's line for an encoding it cannot use ("study.ini:12: [model]
 * housing.encoding = windows-1999: unknown encoding (...)").
 */
int input_model_read(const struct input_map *m, int spatial, struct io_table *t,
		     struct le_err *err);
void input_model_release(struct study_layer *view);

/*
 * What input_read changed and found: the cells that held a missing-value
 * marker (now empty), in row-major order, and the join's partners.
 */
struct input_marks {
	char **markers;          /* the layer's markers, as listed */
	int nmarkers;
	int n;                   /* blanked cells */
	int *row, *col;
	unsigned char *which;    /* index into markers */
	size_t alloc;
	char *hit;               /* t->nrows flags: found a join partner; NULL: no join */
	char *join_path;         /* borrowed from the study: the joined file */
	int kt;                  /* the layer's join column */
	int nlost;               /* rows of the joined file without partner */
	char *lost;              /* their ids, the first few, "a, b, c" */
	/* The encoding hint: a row without partner whose id equals an
	 * unused id of the joined file but for its letters beyond ASCII
	 * ("Sgoil Ghàidhlig" against "Sgoil GhÃ idhlig"); enc_other NULL:
	 * no such pair. */
	int enc_row;             /* the row, in t */
	char *enc_other;         /* the joined id and its row: "'X' (line 2)" */
};

void input_marks_init(struct input_marks *mk);
void input_marks_release(struct input_marks *mk);

/*
 * Read the layer's file into t (initialised by the caller; released by
 * the caller even on failure), join its `join` file when given, and
 * blank its missing-value markers (recorded in mk).
 * Errors: the readers' (io_table_read), the joined file's, and LE_EPARSE
 * "study.ini:N: [schools] join = F needs 'join_on = COLUMN' ...",
 * "study.ini:N: [schools] join_on = K: F has no column 'K' (columns: ...)".
 */
int input_read(const struct input_map *m, struct io_table *t,
	       struct input_marks *mk, struct le_err *err);

/*
 * keep[i] = 0 for the rows that fail a filter.<column> key (keep has
 * t->nrows flags, set by the caller); *nkept (unless NULL) gets the
 * number kept. LE_EPARSE "study.ini:N: [s] filter.C: F has no column 'C'
 * (columns: ...)".
 */
int input_filter(const struct input_map *m, const struct io_table *t,
		 char *keep, int *nkept, struct le_err *err);

/*
 * Warnings into d (may be NULL: nothing reported) about the kept rows:
 * "F: missing values (markers NA, z) read as missing, not 0: column
 * 'Capacity' (capacity) 2, ..." and the join's unmatched rows on both
 * sides (count and the first few ids), with a hint naming join_encoding
 * and encoding when an unmatched id differs from an unused joined one
 * only in its letters beyond ASCII (a file read in the wrong encoding).
 */
void input_report(const struct input_map *m, const struct io_table *t,
		  const char *keep, const struct input_marks *mk,
		  struct le_diags *d);

/*
 * Column of our field `field`: the study's mapping (missing column: an
 * error naming the study line), else a column named like the field, else
 * like alias (may be NULL), else -1, an error when required ("study.ini:
 * [s] needs 'field = COLUMN' naming <what> in F").
 */
int input_col(const struct input_map *m, const struct io_table *t,
	      const char *field, const char *alias, int required,
	      const char *what, int *col, struct le_err *err);

/* The value after the value mapping "<field>.<raw> = word" (raw if none). */
const char *input_value(const struct input_map *m, const char *field,
			const char *raw);

/* The marker that cell (r, c) held before input_read blanked it, or NULL. */
const char *input_marker(const struct input_marks *mk, int r, int c);

/*
 * *xf: the layer's CRS -> the study's working CRS (free with
 * geo_xform_free); *src_crs (borrowed) the source CRS: the study's crs
 * key, else file_crs, else the working CRS. When t is given and the
 * study has no crs key, the file's CRS is first checked against its
 * coordinates (io_table_check_crs).
 */
int input_xform(const struct input_map *m, struct geo_ctx *g,
		const struct io_table *t, const char *file_crs,
		struct geo_xform **xf, const char **src_crs, struct le_err *err);

#endif
