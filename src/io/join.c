/*
 * join.c: a second file joined onto a layer's table on an id column, for
 * councils and governments that publish one thing in two files (school
 * capacities apart from the school list, pupil numbers apart from the
 * locations). The join is a left join: every row of the layer's own file
 * stays, in its order, with its row reference, line and geometry, so the
 * messages about it still name the file the planner gave as `file`.
 *
 * Invariants:
 *  - the joined table has the layer's columns, then the joined file's
 *    columns that the layer's file does not already have (the key
 *    included): on a name clash the layer's own file wins;
 *  - an id that appears twice in the joined file is an error (which row
 *    would be meant is unknowable); ids are compared after trimming
 *    spaces, exactly otherwise;
 *  - a row without a partner keeps empty joined cells; hit[] says which
 *    rows found one, so the caller can report the unmatched rows it
 *    keeps after its filters.
 */
#include "io/io_int.h"

#include <stdlib.h>
#include <string.h>

/* Trimmed copy of a cell (free()). */
static char *key_of(const struct io_table *t, int r, int c)
{
	return le_trim(xstrdup(io_cell(t, r, c)));
}

int io_table_join(struct io_table *t, const struct io_table *o, int kt, int ko,
		  char **hit_out, char **ohit_out, struct le_err *err)
{
	struct io_table j;
	struct strmap ix;
	char *hit = NULL, *ohit = NULL, ref[200], ref2[200];
	int *ocol = NULL, r, c, rc = LE_OK;

	io_table_init(&j);
	strmap_init(&ix);
	*hit_out = *ohit_out = NULL;
	ohit = xcalloc((size_t)o->nrows + 1, 1);
	for (r = 0; r < o->nrows; r++) {
		char *k = key_of(o, r, ko);
		int prev = *k ? strmap_get(&ix, k) : -1;
		if (prev >= 0) {
			io_ref(o->rowkind, o->rowref[prev], o->rowline ? o->rowline[prev] : 0,
			       ref2, sizeof(ref2));
			io_where(o, r, ref, sizeof(ref));
			rc = le_errf(err, LE_EDATA,
				     "%s: column '%s': id '%s' is joined twice (first on %s): the joined file must have one row per id",
				     ref, o->cols[ko], k, ref2);
			free(k);
			goto done;
		}
		if (*k)
			strmap_put(&ix, k, r);
		free(k);
	}
	io_table_begin(&j, t->path, t->rowkind);
	for (c = 0; c < t->ncols; c++)
		io_table_add_col(&j, t->cols[c], strlen(t->cols[c]));
	/* ocol[c]: the joined table's column of o's column c, -1 when the
	 * layer's file has a column of that exact name already. */
	ocol = xmalloc(sizeof(int) * (size_t)(o->ncols + 1));
	for (c = 0; c < o->ncols; c++) {
		int same = 0, k;
		for (k = 0; k < t->ncols && !same; k++)
			same = strcmp(t->cols[k], o->cols[c]) == 0;
		ocol[c] = same ? -1 : io_table_add_col(&j, o->cols[c], strlen(o->cols[c]));
	}
	hit = xcalloc((size_t)t->nrows + 1, 1);
	for (r = 0; r < t->nrows; r++) {
		char *k = key_of(t, r, kt);
		int orow = *k ? strmap_get(&ix, k) : -1, jr = io_table_add_row(&j, t->rowref[r]);
		const char *v;

		free(k);
		if (t->rowline && t->rowline[r])
			io_table_set_line(&j, jr, t->rowline[r]);
		for (c = 0; c < t->ncols; c++)
			if (*(v = io_cell(t, r, c)))
				io_table_set(&j, jr, c, v, strlen(v));
		if (t->geoms) {
			/* Moved, not copied: t is replaced by j below. */
			io_table_set_geom(&j, jr, &t->geoms[r]);
		}
		if (orow < 0)
			continue;
		hit[r] = ohit[orow] = 1;
		for (c = 0; c < o->ncols; c++)
			if (ocol[c] >= 0 && *(v = io_cell(o, orow, c)))
				io_table_set(&j, jr, ocol[c], v, strlen(v));
	}
	if (t->crs)
		j.crs = xstrdup(t->crs);
	io_table_end(&j);
	io_table_release(t);
	*t = j;
	*hit_out = hit;
	*ohit_out = ohit;
	hit = ohit = NULL;
done:
	if (rc)
		io_table_release(&j);
	free(hit);
	free(ohit);
	free(ocol);
	strmap_release(&ix);
	return rc;
}
