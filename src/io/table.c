/*
 * table.c: the io_table every reader fills, and io_table_read, which picks
 * the reader by file extension.
 *
 * While building, cells hold offsets into pool_ (cast through uintptr_t,
 * 0 = empty), because the pool moves as it grows; io_table_end turns the
 * offsets into pointers. Offset 0 is a NUL byte, so every empty cell
 * points at the same "".
 */
#include "io/io_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void io_table_init(struct io_table *t)
{
	memset(t, 0, sizeof(*t));
	buf_init(&t->pool_);
}

void io_table_release(struct io_table *t)
{
	int i;

	if (!t)
		return;
	free(t->path);
	for (i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	free(t->cols);
	free(t->cells);
	free(t->rowref);
	if (t->geoms) {
		for (i = 0; i < t->nrows; i++)
			le_geom_release(&t->geoms[i]);
		free(t->geoms);
	}
	free(t->crs);
	buf_release(&t->pool_);
	memset(t, 0, sizeof(*t));
}

void io_table_discard(struct io_table *t)
{
	io_table_release(t);
	io_table_init(t);
}

void io_table_begin(struct io_table *t, const char *path, int rowkind)
{
	io_table_release(t);
	io_table_init(t);
	t->path = xstrdup(path);
	t->rowkind = rowkind;
	/* Offset 0: the shared empty string. */
	buf_addc(&t->pool_, '\0');
}

int io_table_add_col(struct io_table *t, const char *name, size_t len)
{
	int i;

	/* Columns can be added while rows exist (GeoJSON properties appear
	 * feature by feature): widen every row already stored. */
	t->cols = xrealloc(t->cols, sizeof(char *) * ((size_t)t->ncols + 1));
	t->cols[t->ncols] = xstrndup(name, len);
	if (t->nrows) {
		char **cells = xcalloc((size_t)t->nrows * ((size_t)t->ncols + 1),
				       sizeof(char *));
		for (i = 0; i < t->nrows; i++)
			memcpy(cells + (size_t)i * ((size_t)t->ncols + 1),
			       t->cells + (size_t)i * (size_t)t->ncols,
			       sizeof(char *) * (size_t)t->ncols);
		free(t->cells);
		t->cells = cells;
		t->rows_alloc_ = (size_t)t->nrows;
	}
	return t->ncols++;
}

int io_table_add_row(struct io_table *t, long rowref)
{
	size_t want = (size_t)t->nrows + 1;

	if (want > t->rows_alloc_) {
		size_t na = t->rows_alloc_ ? t->rows_alloc_ * 2 : 64;
		t->cells = xrealloc(t->cells, sizeof(char *) * na * (size_t)(t->ncols ? t->ncols : 1));
		t->rowref = xrealloc(t->rowref, sizeof(long) * na);
		if (t->geoms) {
			t->geoms = xrealloc(t->geoms, sizeof(*t->geoms) * na);
			memset(t->geoms + t->rows_alloc_, 0,
			       sizeof(*t->geoms) * (na - t->rows_alloc_));
		}
		t->rows_alloc_ = na;
	}
	memset(t->cells + (size_t)t->nrows * (size_t)t->ncols, 0,
	       sizeof(char *) * (size_t)t->ncols);
	t->rowref[t->nrows] = rowref;
	if (t->geoms)
		le_geom_init(&t->geoms[t->nrows]);
	return t->nrows++;
}

void io_table_set(struct io_table *t, int r, int c, const char *s, size_t len)
{
	uintptr_t off;

	if (len == 0) {
		t->cells[(size_t)r * (size_t)t->ncols + (size_t)c] = NULL;
		return;
	}
	off = (uintptr_t)t->pool_.len;
	buf_add(&t->pool_, s, len);
	buf_addc(&t->pool_, '\0');
	t->cells[(size_t)r * (size_t)t->ncols + (size_t)c] = (char *)off;
}

void io_table_set_geom(struct io_table *t, int r, struct le_geom *g)
{
	if (!t->geoms) {
		size_t n = t->rows_alloc_ ? t->rows_alloc_ : 1;
		t->geoms = xcalloc(n, sizeof(*t->geoms));
	}
	le_geom_move(&t->geoms[r], g);
}

void io_table_end(struct io_table *t)
{
	size_t i, n = (size_t)t->nrows * (size_t)t->ncols;

	for (i = 0; i < n; i++)
		t->cells[i] = t->pool_.s + (uintptr_t)t->cells[i];
}

void io_column_list(const struct io_table *t, struct buf *b)
{
	int i;

	for (i = 0; i < t->ncols; i++) {
		if (b->len > 300) {
			buf_addf(b, ", ... (%d columns)", t->ncols);
			return;
		}
		buf_addf(b, "%s%s", i ? ", " : "", t->cols[i]);
	}
}

int io_in_list(const char *v, const char *list)
{
	const char *p = list;
	size_t vn;

	/* Cells keep their spaces (a quoted " S12000036" stays so). */
	while (*v == ' ' || *v == '\t')
		v++;
	vn = strlen(v);
	while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\t'))
		vn--;
	while (*p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *q = p;
		/* Trim the list item in place of copying it. */
		while (n && (*q == ' ' || *q == '\t')) {
			q++;
			n--;
		}
		while (n && (q[n - 1] == ' ' || q[n - 1] == '\t'))
			n--;
		if (n == vn && memcmp(q, v, n) == 0)
			return 1;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

const char *io_cell(const struct io_table *t, int r, int c)
{
	if (r < 0 || r >= t->nrows || c < 0 || c >= t->ncols)
		return "";
	return t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
}

/*
 * Column lookup. Exact names first: a file may legitimately have both
 * "Name" and "NAME". Case-insensitive matching is a convenience for
 * hand-written study files and is refused when ambiguous.
 */
int io_col(const struct io_table *t, const char *name)
{
	int i, found = -1, nfound = 0;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i], name) == 0)
			return i;
	/* A header "schuid" still finds "SchUID", unless that is ambiguous. */
	for (i = 0; i < t->ncols; i++)
		if (le_strcaseeq(t->cols[i], name)) {
			found = i;
			nfound++;
		}
	return nfound == 1 ? found : -1;
}

char *io_where(const struct io_table *t, int r, char *out, size_t n)
{
	long ref = (r >= 0 && r < t->nrows) ? t->rowref[r] : 0;

	switch (t->rowkind) {
	case IO_ROW_LINE:
		snprintf(out, n, "%s:%ld", t->path, ref);
		break;
	case IO_ROW_FEATURE:
		snprintf(out, n, "%s: feature %ld", t->path, ref);
		break;
	default:
		snprintf(out, n, "%s: fid %ld", t->path, ref);
		break;
	}
	return out;
}

/* Lower-case extension of path including the dot, or "". */
static void extension(const char *path, char *out, size_t n)
{
	const char *base = le_basename(path), *dot = strrchr(base, '.');
	size_t i;

	out[0] = '\0';
	if (!dot)
		return;
	for (i = 0; dot[i] && i + 1 < n; i++)
		out[i] = (char)((dot[i] >= 'A' && dot[i] <= 'Z') ? dot[i] + 32 : dot[i]);
	out[i] = '\0';
}

int io_table_read(const char *path, const char *layer, const char *geomcol,
		  struct io_table *t, struct le_err *err)
{
	char ext[16];

	extension(path, ext, sizeof(ext));
	if (!strcmp(ext, ".csv"))
		return io_csv_read(path, t, err);
	if (!strcmp(ext, ".geojson") || !strcmp(ext, ".json"))
		return io_geojson_read(path, t, err);
	if (!strcmp(ext, ".sqlite") || !strcmp(ext, ".db") ||
	    !strcmp(ext, ".gpkg") || !strcmp(ext, ".spatialite")) {
		if (!layer || !*layer)
			return le_errf(err, LE_EUSAGE,
				       "%s: a database needs 'layer = TABLE' in the study file",
				       path);
		return io_db_read(path, layer, geomcol, t, err);
	}
	return le_errf(err, LE_EUSAGE,
		       "%s: unknown file type '%s' (expected .csv, .geojson, .json, .gpkg, .sqlite or .db)",
		       path, ext[0] ? ext : "(none)");
}
