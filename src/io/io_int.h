/*
 * io_int.h: private helpers shared by the readers in io/: building an
 * io_table row by row. Cells are copied into one string pool; the cell
 * pointers are fixed up when the table is finished, so building never
 * holds dangling pointers into a pool that has moved.
 */
#ifndef ESTATE_IO_INT_H
#define ESTATE_IO_INT_H

#include "io/io.h"

/* Does path end in suffix (".gpkg"), ignoring ASCII case? */
int io_has_suffix(const char *path, const char *suffix);
/* Start a table read from path with the given row kind. */
void io_table_begin(struct io_table *t, const char *path, int rowkind);
/* Append a column name; returns its index (names are not checked here). */
int io_table_add_col(struct io_table *t, const char *name, size_t len);
/* Start a new row (every cell ""); returns its index. */
int io_table_add_row(struct io_table *t, long rowref);
/* Set cell (r, c) of a row added earlier; c < ncols. */
void io_table_set(struct io_table *t, int r, int c, const char *s, size_t len);
/* Record the line row r starts on (GeoJSON; allocates rowline). */
void io_table_set_line(struct io_table *t, int r, long line);
/* Give row r its geometry (moved in; the table becomes spatial). */
void io_table_set_geom(struct io_table *t, int r, struct le_geom *g);
/* Throw away a half-read table after an error: the caller must see an
 * empty table, never a partial one. */
void io_table_discard(struct io_table *t);
/* Resolve cell pointers; call once after the last row. */
void io_table_end(struct io_table *t);

/*
 * The advice of the readers' encoding messages (table.c): the key to
 * write ("encoding" when e names none) and where it goes, written into
 * out (size n): "[model] of the study file" when e knows the section,
 * else "its section of the study file" (add = 1, advice to add the key)
 * or "the study file" (add = 0, advice about a key already there).
 */
const char *io_enc_key(const struct io_enc *e);
char *io_enc_place(const struct io_enc *e, int add, char *out, size_t n);

/* ---------------------------------------------------------------- json spans */

/*
 * Where does one JSON value end? A resumable byte scanner that knows
 * strings (with their escapes) and bracket depth, and nothing else: it
 * finds the span of one array element so that jansson can parse that
 * element alone. It does not validate; jansson does, on the span.
 *
 * Scan s[0 .. n) where s[0] is the value's first byte; call again with
 * the same state and a longer n (same start) when more input arrived.
 * Returns 1 when the value is complete (j->off = one past its last byte),
 * 0 when it needs more input (at_eof = 0) or the input ended inside it
 * (at_eof = 1), and -1 when s[0] cannot begin a value or a closing
 * bracket comes with nothing open. j->max_depth is the deepest nesting
 * seen, so a caller can refuse what jansson's depth limit would.
 */
struct io_jspan {
	size_t off;             /* bytes scanned so far */
	int depth, max_depth;
	int in_str, esc;        /* inside a string; after a backslash */
};

void io_jspan_init(struct io_jspan *j);
int io_jspan_scan(struct io_jspan *j, const char *s, size_t n, int at_eof);

/*
 * The whole-document GeoJSON reader: the file is parsed by jansson in
 * one go. io_geojson_read streams FeatureCollections and falls back to
 * this for everything else, including every file that is not valid JSON
 * (so syntax errors carry jansson's own line, column and words). Same
 * contract as io_geojson_read; the unit tests compare the two.
 */
int io_geojson_read_dom(const char *path, struct io_table *t, struct le_err *err);

/*
 * The CRS of a GeoJSON file from the raw text of its top-level "crs"
 * member (n bytes; NULL: no member), as io_geojson_read names it:
 * *out "OGC:CRS84" or "EPSG:n", malloc'd. LE_EPARSE for a member it
 * does not understand (the message of io_geojson_read).
 */
int io_geojson_crs(const char *path, const char *text, size_t n, char **out,
		   struct le_err *err);

/* ---------------------------------------------------------------- outputs */

/*
 * Called by every file commit (io_out_commit, io_sql_commit) before its
 * rename: the tests' hooks ESTATE_TEST_FAIL_AFTER=N (the (N+1)th commit
 * of the process fails with LE_EIO "cannot write 'path': injected
 * failure ...") and ESTATE_TEST_SLOW_MS=M (sleep M ms after each commit).
 * LE_OK when neither is set.
 */
int io_out_hook(const char *path, struct le_err *err);

/*
 * GDAL helpers shared by io/ogr.c and io/pg.c. io_ogr_init registers
 * GDAL's drivers once per process. io_ogr_shown copies a source path or
 * connection string into out (size n) with its password replaced by
 * "***" (keyword "password=..." and URI "user:...@" forms); io_ogr_msg
 * copies GDAL's last error message (fallback when none) on one line,
 * passwords masked. Both return out.
 */
void io_ogr_init(void);
const char *io_ogr_shown(const char *path, char *out, size_t n);
const char *io_ogr_msg(char *out, size_t n, const char *fallback);

#endif
