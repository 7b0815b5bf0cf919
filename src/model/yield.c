/*
 * yield.c: the housing yield curve (models/yield.csv, [model] yield =
 * FILE): pupils per completed dwelling by years since completion, per
 * sector and dwelling type. New homes fill with young families over the
 * first years, then the children age through school and the yield
 * settles; a flat pupil product ratio (ppr.csv) over-counts the first
 * years and under-counts the peak.
 *
 * File: sector, dwelling_type, years_since_completion, pupils_per_dwelling
 * (any extra column, e.g. source, is ignored). Per sector and dwelling
 * type the years must run 0, 1, 2, ... with no gap; the last value holds
 * after the series. A sector and type not in the file keep the flat PPR.
 * Invariant: yield_n[sec][dw] = 0 means "use ppr".
 */
#include "model/model_int.h"

#include <string.h>

double model_yield_at(const struct model_params *p, int sector, int dwelling,
		      int years_since)
{
	int n = p->yield_n[sector][dwelling];

	if (!n)
		return p->ppr[sector][dwelling];
	if (years_since < 0)
		return 0;
	return p->yield[sector][dwelling][years_since < n ? years_since : n - 1];
}

static int bad_cell(const struct io_table *t, int r, int c, const char *what,
		    struct le_err *err)
{
	char where[600];

	io_where(t, r, where, sizeof(where));
	return le_errf(err, LE_EPARSE, "%s: column '%s': expected %s, got '%s'",
		       where, t->cols[c], what, io_cell(t, r, c));
}

int model_yield_read(struct model_params *p, const char *path, struct le_err *err)
{
	static const char *const names[4] = {
		"sector", "dwelling_type", "years_since_completion", "pupils_per_dwelling"
	};
	struct io_table t;
	int c[4], i, j, rc;

	io_table_init(&t);
	if ((rc = io_csv_read(path, &t, err)))
		return rc;
	for (j = 0; j < 4; j++)
		if ((c[j] = io_col(&t, names[j])) < 0) {
			rc = le_errf(err, LE_EPARSE, "%s: has no column '%s' (expected sector, dwelling_type, years_since_completion, pupils_per_dwelling)",
				     path, names[j]);
			goto done;
		}
	memset(p->yield_n, 0, sizeof(p->yield_n));
	for (i = 0; i < t.nrows; i++) {
		const char *sw = io_cell(&t, i, c[0]), *dw = io_cell(&t, i, c[1]);
		int sec = le_strcaseeq(sw, "primary") ? LE_PRIMARY :
			  le_strcaseeq(sw, "secondary") ? LE_SECONDARY : -1;
		int dt = le_strcaseeq(dw, "house") ? MODEL_HOUSE :
			 le_strcaseeq(dw, "flat") ? MODEL_FLAT : -1;
		long ys;
		double v;

		if (sec < 0) {
			rc = bad_cell(&t, i, c[0], "a sector (primary or secondary)", err);
			goto done;
		}
		if (dt < 0) {
			rc = bad_cell(&t, i, c[1], "a dwelling type (house or flat)", err);
			goto done;
		}
		/* Years in order from 0: a gap would leave a year undefined. */
		if (le_parse_long(io_cell(&t, i, c[2]), &ys) || ys != p->yield_n[sec][dt] ||
		    ys >= MODEL_YIELD_MAX) {
			char what[80];

			snprintf(what, sizeof(what), "year %d next for %s %s (0, 1, 2 ... below %d)",
				 p->yield_n[sec][dt], sw, dw, MODEL_YIELD_MAX);
			rc = bad_cell(&t, i, c[2], what, err);
			goto done;
		}
		if (le_parse_double(io_cell(&t, i, c[3]), &v) || v < 0 || v > 5) {
			rc = bad_cell(&t, i, c[3], "pupils per dwelling from 0 to 5", err);
			goto done;
		}
		p->yield[sec][dt][ys] = v;
		p->yield_n[sec][dt]++;
	}
done:
	if (rc)
		memset(p->yield_n, 0, sizeof(p->yield_n));
	io_table_release(&t);
	return rc;
}
