/*
 * table.c: the io_table every reader fills, and io_table_read, which picks
 * the reader by file extension.
 *
 * While building, cells hold offsets into pool_ (cast through uintptr_t,
 * 0 = empty), because the pool moves as it grows; io_table_end turns the
 * offsets into pointers. Offset 0 is a NUL byte, so every empty cell
 * points at the same "".
 *
 * Every reader (CSV, GeoJSON, SpatiaLite/GeoPackage) fills the same
 * io_table, so the loaders in load/ see one shape whatever the council
 * exported: named columns of text cells, an optional geometry per row, and
 * a row reference (CSV line, GeoJSON feature, database fid) for messages.
 * Cells stay text: parsing into numbers is the loader's job, after the
 * study's filters, so a value is judged only when a row is kept.
 *
 * Sparse cells: columns may arrive after rows (GeoJSON properties appear
 * feature by feature). Widening a row-major matrix for each new key copied
 * every row: 4,000 features with one unique key each took 154 s. Instead,
 * the first column added after a row switches the table to a list of
 * (row, column, offset) entries, which add_col never touches. io_table_end
 * then builds the matrix if the table is at least a quarter full (the
 * usual case: every feature has every key), else keeps the entries sorted
 * by row and column with a per-row index (rowent_), and io_cell searches
 * its row. Either way the cost is linear in the cells actually given.
 *
 * Ownership: the table owns its strings, pool and geometries; io_cell
 * returns a borrowed pointer valid until io_table_release. A reader must
 * call io_table_begin first and io_table_end last: between the two, cells
 * are offsets and must not be dereferenced.
 */
#include "io/io_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One non-empty cell of a sparse table; off is a pool offset while
 * building, then a pointer (as in the dense matrix). */
struct io_cellent {
	int row, col;
	size_t seq;             /* order of setting: the last set wins */
	char *off;
};

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
	free(t->rowline);
	free(t->ents_);
	free(t->rowent_);
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

/* Append one sparse entry. */
static void add_ent(struct io_table *t, int r, int c, char *off)
{
	struct io_cellent *e;

	ALLOC_GROW(t->ents_, t->nents_ + 1, t->ents_alloc_);
	e = &t->ents_[t->nents_];
	e->row = r;
	e->col = c;
	e->seq = t->nents_++;
	e->off = off;
}

/* Switch a table being built from the matrix to entries (once). */
static void go_sparse(struct io_table *t)
{
	size_t i, n = (size_t)t->nrows * (size_t)t->ncols;

	for (i = 0; i < n; i++)
		if (t->cells[i])
			add_ent(t, (int)(i / (size_t)t->ncols), (int)(i % (size_t)t->ncols),
				t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->sparse_ = 1;
}

int io_table_add_col(struct io_table *t, const char *name, size_t len)
{
	/* A column after the first row: the matrix's row stride would
	 * change, so the cells become entries instead (see the top). */
	if (!t->sparse_ && t->rows_alloc_)
		go_sparse(t);
	t->cols = xrealloc(t->cols, sizeof(char *) * ((size_t)t->ncols + 1));
	t->cols[t->ncols] = xstrndup(name, len);
	return t->ncols++;
}

int io_table_add_row(struct io_table *t, long rowref)
{
	size_t want = (size_t)t->nrows + 1;

	/* Rows double (64 first) so a 100,000-row national file costs
	 * about 11 reallocations; geometries and lines are allocated only
	 * once a reader sets one. */
	if (want > t->rows_alloc_) {
		size_t na = t->rows_alloc_ ? t->rows_alloc_ * 2 : 64;
		if (!t->sparse_)
			t->cells = xrealloc(t->cells, sizeof(char *) * na *
						      (size_t)(t->ncols ? t->ncols : 1));
		t->rowref = xrealloc(t->rowref, sizeof(long) * na);
		if (t->geoms) {
			t->geoms = xrealloc(t->geoms, sizeof(*t->geoms) * na);
			memset(t->geoms + t->rows_alloc_, 0,
			       sizeof(*t->geoms) * (na - t->rows_alloc_));
		}
		if (t->rowline) {
			t->rowline = xrealloc(t->rowline, sizeof(long) * na);
			memset(t->rowline + t->rows_alloc_, 0,
			       sizeof(long) * (na - t->rows_alloc_));
		}
		t->rows_alloc_ = na;
	}
	if (!t->sparse_)
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

	/* NULL is offset 0, the shared empty string, once io_table_end has
	 * run. */
	if (len == 0) {
		if (t->sparse_)
			add_ent(t, r, c, NULL);
		else
			t->cells[(size_t)r * (size_t)t->ncols + (size_t)c] = NULL;
		return;
	}
	off = (uintptr_t)t->pool_.len;
	buf_add(&t->pool_, s, len);
	buf_addc(&t->pool_, '\0');
	if (t->sparse_)
		add_ent(t, r, c, (char *)off);
	else
		t->cells[(size_t)r * (size_t)t->ncols + (size_t)c] = (char *)off;
}

void io_table_set_line(struct io_table *t, int r, long line)
{
	/* Lazily, like the geometries: only GeoJSON rows have lines. */
	if (!t->rowline)
		t->rowline = xcalloc(t->rows_alloc_ ? t->rows_alloc_ : 1, sizeof(long));
	t->rowline[r] = line;
}

void io_table_set_geom(struct io_table *t, int r, struct le_geom *g)
{
	/* Created lazily, for every row allocated so far, so CSV tables
	 * never pay for geometry slots; add_row then keeps the array in
	 * step. */
	if (!t->geoms) {
		size_t n = t->rows_alloc_ ? t->rows_alloc_ : 1;
		t->geoms = xcalloc(n, sizeof(*t->geoms));
	}
	le_geom_move(&t->geoms[r], g);
}

static int ent_cmp(const void *a, const void *b)
{
	const struct io_cellent *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Finish a sparse table: sort, keep the last setting of each cell, then
 * either build the matrix (at least a quarter full, or small) or index
 * the entries by row.
 */
static void end_sparse(struct io_table *t)
{
	size_t i, k = 0, cells = (size_t)t->nrows * (size_t)t->ncols;

	qsort(t->ents_, t->nents_, sizeof(*t->ents_), ent_cmp);
	for (i = 0; i < t->nents_; i++) {
		if (k && t->ents_[k - 1].row == t->ents_[i].row &&
		    t->ents_[k - 1].col == t->ents_[i].col)
			k--;
		t->ents_[k++] = t->ents_[i];
	}
	t->nents_ = k;
	if (cells <= 4 * t->nents_ + 4096) {
		t->cells = xcalloc(cells ? cells : 1, sizeof(char *));
		for (i = 0; i < t->nents_; i++)
			t->cells[(size_t)t->ents_[i].row * (size_t)t->ncols +
				 (size_t)t->ents_[i].col] = t->ents_[i].off;
		for (i = 0; i < cells; i++)
			t->cells[i] = t->pool_.s + (uintptr_t)t->cells[i];
		free(t->ents_);
		t->ents_ = NULL;
		t->nents_ = t->ents_alloc_ = 0;
		t->sparse_ = 0;
		return;
	}
	t->rowent_ = xcalloc((size_t)t->nrows + 1, sizeof(size_t));
	for (i = 0; i < t->nents_; i++) {
		t->rowent_[t->ents_[i].row + 1]++;
		t->ents_[i].off = t->pool_.s + (uintptr_t)t->ents_[i].off;
	}
	for (i = 0; i < (size_t)t->nrows; i++)
		t->rowent_[i + 1] += t->rowent_[i];
}

void io_table_end(struct io_table *t)
{
	size_t i, n = (size_t)t->nrows * (size_t)t->ncols;

	if (t->sparse_) {
		end_sparse(t);
		return;
	}
	for (i = 0; i < n; i++)
		t->cells[i] = t->pool_.s + (uintptr_t)t->cells[i];
}

void io_column_list(const struct io_table *t, struct buf *b)
{
	int i;

	for (i = 0; i < t->ncols; i++) {
		/* Capped so a wide NRS file (one column per age) does not
		 * flood the error message it is embedded in. */
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
		/* Exact, case-sensitive comparison: filter values are
		 * codes (LACode S12000036), where case differences mean a
		 * different code. */
		if (n == vn && memcmp(q, v, n) == 0)
			return 1;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

/*
 * Where cell (r, c) of a finished table is kept: its slot in the dense
 * matrix, or its entry among row r's sparse ones (binary search by
 * column); NULL for a row or column out of range, or a sparse cell never
 * set. One lookup for reading (io_cell) and blanking (io_table_blank).
 */
static char **cell_slot(const struct io_table *t, int r, int c)
{
	size_t lo, hi;

	if (r < 0 || r >= t->nrows || c < 0 || c >= t->ncols)
		return NULL;
	if (!t->rowent_)
		return &t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
	lo = t->rowent_[r];
	hi = t->rowent_[r + 1];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->ents_[mid].col < c)
			lo = mid + 1;
		else if (t->ents_[mid].col > c)
			hi = mid;
		else
			return &t->ents_[mid].off;
	}
	return NULL;
}

const char *io_cell(const struct io_table *t, int r, int c)
{
	char **slot = cell_slot(t, r, c);

	/* "" for a missing column or row lets optional fields be read
	 * without a check at each call. */
	return slot ? *slot : "";
}

void io_table_blank(struct io_table *t, int r, int c)
{
	char **slot = cell_slot(t, r, c);

	/* pool_.s[0] is the shared empty string (io_table_begin). */
	if (slot)
		*slot = t->pool_.s;
}

/*
 * Column lookup. Exact names first: a file may legitimately have both
 * "Name" and "NAME". Case-insensitive matching is a convenience for
 * hand-written study files and is refused when ambiguous.
 */
int io_col_in(char *const *names, int n, const char *name)
{
	int i, found = -1, nfound = 0;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	/* A header "schuid" still finds "SchUID", unless that is ambiguous. */
	for (i = 0; i < n; i++)
		if (le_strcaseeq(names[i], name)) {
			found = i;
			nfound++;
		}
	return nfound == 1 ? found : -1;
}

int io_col(const struct io_table *t, const char *name)
{
	return io_col_in(t->cols, t->ncols, name);
}

char *io_ref(int rowkind, long ref, long line, char *out, size_t n)
{
	switch (rowkind) {
	case IO_ROW_LINE:
		snprintf(out, n, "line %ld", ref);
		break;
	case IO_ROW_FEATURE:
		if (line > 0)
			snprintf(out, n, "features[%ld] (line %ld)", ref, line);
		else
			snprintf(out, n, "features[%ld]", ref);
		break;
	default:
		snprintf(out, n, "fid %ld", ref);
		break;
	}
	return out;
}

char *io_where(const struct io_table *t, int r, char *out, size_t n)
{
	int ok = r >= 0 && r < t->nrows;
	long ref = ok ? t->rowref[r] : 0;
	long line = ok && t->rowline ? t->rowline[r] : 0;

	switch (t->rowkind) {
	case IO_ROW_LINE:
		snprintf(out, n, "%s:%ld", t->path, ref);
		break;
	case IO_ROW_FEATURE:
		/* path:LINE first, as for CSV, so editors can jump to it;
		 * the index is what GDAL and QGIS show. */
		if (line > 0)
			snprintf(out, n, "%s:%ld: features[%ld]", t->path, line, ref);
		else
			snprintf(out, n, "%s: features[%ld]", t->path, ref);
		break;
	default:
		snprintf(out, n, "%s: fid %ld", t->path, ref);
		break;
	}
	return out;
}

int io_crs_geographic(const char *crs)
{
	return crs && (le_strcaseeq(crs, "EPSG:4326") || le_strcaseeq(crs, "OGC:CRS84") ||
		       le_strcaseeq(crs, "CRS84") || le_strcaseeq(crs, "EPSG:4258"));
}

/* 1 when (x, y) could be longitude/latitude degrees. */
int io_in_degrees(double x, double y)
{
	return x >= -180 && x <= 180 && y >= -90 && y <= 90;
}

int io_table_check_crs(const struct io_table *t, const char *section, struct le_err *err)
{
	int geographic = io_crs_geographic(t->crs), r, k, first = -1;
	char ref[200];

	if (!t->geoms || !t->crs)
		return LE_OK;
	/*
	 * Degrees: one position outside the range is enough (metres of a
	 * grid are in the hundreds of thousands). Metres: only when every
	 * position is within the range, since a projected CRS may have
	 * small values near its origin, but never a whole layer of them.
	 */
	for (r = 0; r < t->nrows; r++) {
		const struct le_geom *g = &t->geoms[r];
		for (k = 0; k < g->npoints; k++) {
			double x = g->xy[2 * k], y = g->xy[2 * k + 1];
			if (io_in_degrees(x, y)) {
				if (first < 0)
					first = r;
				continue;
			}
			/* One position in metres settles a projected CRS. */
			if (!geographic)
				return LE_OK;
			io_ref(t->rowkind, t->rowref[r], t->rowline ? t->rowline[r] : 0, ref,
			       sizeof(ref));
			return le_errf(err, LE_EGEO,
				       "%s: the file says its CRS is %s (longitude/latitude degrees), but %s has the position (%.15g, %.15g), beyond +-180, +-90: correct the file's CRS or give the right one with 'crs = EPSG:27700' (or whichever it is) in [%s]",
				       t->path, t->crs, ref, x, y, section);
		}
	}
	if (geographic || first < 0)
		return LE_OK;
	io_ref(t->rowkind, t->rowref[first], t->rowline ? t->rowline[first] : 0, ref,
	       sizeof(ref));
	return le_errf(err, LE_EGEO,
		       "%s: the file says its CRS is %s (metres), but every position is within +-180, +-90, as longitude/latitude degrees are (%s: (%.15g, %.15g)): correct the file's CRS or add 'crs = EPSG:4326' to [%s]",
		       t->path, t->crs, ref, t->geoms[first].xy[0], t->geoms[first].xy[1],
		       section);
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
	return io_table_read_enc(path, layer, geomcol, NULL, t, err);
}

const char *io_enc_key(const struct io_enc *e)
{
	return e && e->key[0] ? e->key : "encoding";
}

char *io_enc_place(const struct io_enc *e, int add, char *out, size_t n)
{
	if (e && e->section[0])
		snprintf(out, n, "[%s] of the study file", e->section);
	else
		snprintf(out, n, "%s", add ? "its section of the study file" : "the study file");
	return out;
}

/* 1 when path ends with suffix, ignoring case. */
int io_has_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), k = strlen(suffix);

	return n >= k && strcasecmp(path + n - k, suffix) == 0;
}

/*
 * One check for every key that declares an encoding (a layer's encoding
 * and join_encoding, a [model] input's <input>.encoding): a name iconv
 * does not know or the CSV reader cannot use, and a file whose reader has
 * no use for it (GeoJSON and GeoPackage are UTF-8 by definition, a
 * database or another OGR format says its own), are errors at the study
 * line rather than a key that silently does nothing.
 */
int io_enc_declare(struct io_enc *e, const char *name, const char *study_path, int line,
		   const char *section, const char *key, const char *path, int csv,
		   struct le_err *err)
{
	memset(e, 0, sizeof(*e));
	snprintf(e->key, sizeof(e->key), "%s", key);
	snprintf(e->section, sizeof(e->section), "%s", section);
	if (!name)
		return LE_OK;
	switch (io_csv_encoding(name)) {
	case IO_ENC_UNKNOWN:
		return le_errf(err, LE_EPARSE,
			       "%s:%d: [%s] %s = %s: unknown encoding (expected a name such as windows-1252, latin1 or utf-8; `iconv -l` lists them all)",
			       study_path, line, section, key, name);
	case IO_ENC_NOT_ASCII:
		return le_errf(err, LE_EPARSE,
			       "%s:%d: [%s] %s = %s: the CSV reader needs an encoding that keeps ASCII as ASCII (windows-1252, latin1, utf-8, ...), not %s",
			       study_path, line, section, key, name, name);
	}
	/* A GeoPackage's text is UTF-8 by its standard, and db.c refuses
	 * any other bytes: the fix for a file that breaks the standard is
	 * to re-save it, not a key. */
	if (!csv && io_has_suffix(path, ".gpkg"))
		return le_errf(err, LE_EPARSE,
			       "%s:%d: [%s] %s = %s: the GeoPackage standard requires UTF-8 text, so %s is read as UTF-8 (remove the key; a GeoPackage written in %s must be re-saved as UTF-8 from its source)",
			       study_path, line, section, key, name, path, name);
	if (!csv && !io_has_suffix(path, ".csv") && !io_has_suffix(path, ".shp") &&
	    !io_has_suffix(path, ".dbf") && !io_has_suffix(path, ".shz"))
		return le_errf(err, LE_EPARSE,
			       "%s:%d: [%s] %s = %s: applies to CSV files and Shapefiles only; %s says its own encoding (remove the key)",
			       study_path, line, section, key, name, path);
	e->name = name;
	return LE_OK;
}

int io_table_read_enc(const char *path, const char *layer, const char *geomcol,
		      const struct io_enc *enc, struct io_table *t, struct le_err *err)
{
	char ext[16];

	/* By extension, not by content: councils' files are named by their
	 * software, and a wrong guess would give a worse message than
	 * "unknown file type". */
	extension(path, ext, sizeof(ext));
	/* The native readers first: they are stricter and number rows as
	 * a planner finds them; everything else GDAL reads goes to OGR. */
	if (io_ogr_source(path))
		return io_ogr_read_enc(path, layer, geomcol, enc, t, err);
	if (!strcmp(ext, ".csv"))
		return io_csv_read_enc(path, enc, t, err);
	if (!strcmp(ext, ".geojson") || !strcmp(ext, ".json"))
		return io_geojson_read(path, t, err);
	if (!strcmp(ext, ".sqlite") || !strcmp(ext, ".db") ||
	    !strcmp(ext, ".gpkg") || !strcmp(ext, ".spatialite")) {
		/* A database holds many tables; guessing one would load
		 * the wrong layer without a word. */
		if (!layer || !*layer)
			return le_errf(err, LE_EUSAGE,
				       "%s: a database needs 'layer = TABLE' in the study file",
				       path);
		return io_db_read(path, layer, geomcol, t, err);
	}
	return le_errf(err, LE_EUSAGE,
		       "%s: unknown file type '%s' (expected .csv, .geojson, .json, .gpkg, .sqlite, .db, or through GDAL .shp, .tab, .mif, .gdb, .fgb, .kml, .gml or a PG: connection)",
		       path, ext[0] ? ext : "(none)");
}
