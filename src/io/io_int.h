/*
 * io_int.h: private helpers shared by the readers in io/: building an
 * io_table row by row. Cells are copied into one string pool; the cell
 * pointers are fixed up when the table is finished, so building never
 * holds dangling pointers into a pool that has moved.
 */
#ifndef ESTATE_IO_INT_H
#define ESTATE_IO_INT_H

#include "io/io.h"

/* Start a table read from path with the given row kind. */
void io_table_begin(struct io_table *t, const char *path, int rowkind);
/* Append a column name; returns its index (names are not checked here). */
int io_table_add_col(struct io_table *t, const char *name, size_t len);
/* Start a new row (every cell ""); returns its index. */
int io_table_add_row(struct io_table *t, long rowref);
/* Set cell (r, c) of a row added earlier; c < ncols. */
void io_table_set(struct io_table *t, int r, int c, const char *s, size_t len);
/* Give row r its geometry (moved in; the table becomes spatial). */
void io_table_set_geom(struct io_table *t, int r, struct le_geom *g);
/* Throw away a half-read table after an error: the caller must see an
 * empty table, never a partial one. */
void io_table_discard(struct io_table *t);
/* Resolve cell pointers; call once after the last row. */
void io_table_end(struct io_table *t);

#endif
