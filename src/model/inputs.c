/*
 * inputs.c: the projection's own input tables, named in [model]:
 * housing completions, stage history (rolls by school, year and stage),
 * a zone-school catchment table and observed flows. Each is a CSV whose
 * columns are named by the study ("<input>.<field> = COLUMN" in [model])
 * or, by default, like the fields (case-insensitive; README.md lists
 * them); "<input>.filter.<column>" keeps rows as a layer's filter does,
 * and "<input>.encoding" names the file's encoding (input_model_read).
 * A bad cell is reported as "file:line: column 'x': expected ..., got
 * '...'", the loaders' style. Zones and schools are looked up in the region by id.
 *
 * Invariants: after a failure the output arrays are freed and zeroed.
 */
#include "model/model_int.h"

#include <stdlib.h>
#include <string.h>

int model_src_open(struct model_src *src, const struct study *s,
		   const char *input, const char *path, int spatial,
		   struct le_err *err)
{
	int rc;

	memset(src, 0, sizeof(*src));
	io_table_init(&src->t);
	src->s = s;
	src->input = input;
	input_model_map(&src->map, &src->view, s, input, path);
	if ((rc = input_model_read(&src->map, spatial, &src->t, err)))
		return rc;
	src->keep = xmalloc((size_t)src->t.nrows + 1);
	memset(src->keep, 1, (size_t)src->t.nrows + 1);
	/* Filters: every "input.filter.<column>" key, in study order, the
	 * rule of a layer's filter, through the layers' own helper. */
	if (!s)
		return LE_OK;
	return input_filter(&src->map, &src->t, src->keep, NULL, err);
}

void model_src_close(struct model_src *src)
{
	io_table_release(&src->t);
	free(src->keep);
	src->keep = NULL;
	input_model_release(&src->view);
}

/*
 * The two messages point where the fix goes: a mapped column that is
 * missing names the study line that maps it; an unmapped one names the
 * data file and the key that would map it. Both list the file's columns,
 * since the usual cause is a council's own header.
 */
int model_src_col(struct model_src *src, const char *field, int required,
		  int *col, struct le_err *err)
{
	return input_col(&src->map, &src->t, field, NULL, required, NULL, col, err);
}

/* Columns of fields names[0..]; the first nreq are required. */
static int need_cols(struct model_src *src, const char *const *names,
		     int *cols, int nreq, struct le_err *err)
{
	int i, rc;

	for (i = 0; names[i]; i++)
		if ((rc = model_src_col(src, names[i], i < nreq, &cols[i], err)))
			return rc;
	return LE_OK;
}

/* A cell that is not what its column needs: "file:line: column 'x':
 * expected ..., got '...'", the wording every loader uses, so a planner
 * meets one style of message whatever file is wrong. */
static int bad(const struct io_table *t, int r, int c, const char *what,
	       struct le_err *err)
{
	char where[600];

	io_where(t, r, where, sizeof(where));
	return le_errf(err, LE_EPARSE, "%s: column '%s': expected %s, got '%s'",
		       where, t->cols[c], what, io_cell(t, r, c));
}

/* An id that the region does not know. LE_EDATA, not LE_EPARSE: the file
 * is well formed, it just names a zone or school the study has not
 * loaded (often a filter that dropped it, or an old code). */
static int lookup(const struct io_table *t, int r, int c, int ix,
		  const char *what, struct le_err *err)
{
	char where[600];

	if (ix >= 0)
		return LE_OK;
	io_where(t, r, where, sizeof(where));
	return le_errf(err, LE_EDATA, "%s: column '%s': %s '%s' is not in the study's %s",
		       where, t->cols[c], what, io_cell(t, r, c),
		       strcmp(what, "zone") == 0 ? "population or zones" : "schools");
}

/*
 * Sites are located by zone code when the row gives one, else by x/y in
 * the working CRS through a point-in-polygon index over the zones (the
 * caller's, or one built only when the first such row appears: most
 * files use zone codes). The delivery discount is applied here, once, so
 * the rest of the model sees dwellings expected to be built. One reader
 * for the study's housing input and the scenarios' trajectories, so a
 * row means the same in both; only the years differ (model.h).
 */
int model_housing_read(const struct model *m, const struct study *s, const char *path,
		       int scenario, struct geo_ctx *g, struct geo_index *zone_ix,
		       struct model_site **sites, int *nsites, struct le_diags *d,
		       struct le_err *err)
{
	static const char *const names[] = {
		"site", "year", "units", "dwelling_type", "zone", "x", "y",
		"discount", NULL
	};
	const struct region *r = m->r;
	const int last = m->base_year + m->nyears - 1;
	struct model_src src;
	struct geo_index *own = NULL, *ix = zone_ix;
	int c[8], rc, i;

	if ((rc = model_src_open(&src, s, "housing", path, 0, err)) ||
	    (rc = need_cols(&src, names, c, 4, err)))
		goto done;
	if (c[4] < 0 && (c[5] < 0 || c[6] < 0)) {
		rc = le_errf(err, LE_EPARSE, "%s: needs a column 'zone' or columns 'x' and 'y' (working CRS) for each site (map yours with 'housing.zone = COLUMN' in [model])", path);
		goto done;
	}
	for (i = 0; i < src.t.nrows; i++) {
		struct model_site st;
		long y;
		double disc = 0, x, yy;
		const char *dw = io_cell(&src.t, i, c[3]);
		const char *zw = c[4] >= 0 ? io_cell(&src.t, i, c[4]) : "";

		if (!src.keep[i])
			continue;
		memset(&st, 0, sizeof(st));
		if (scenario) {
			/* A scenario's change: within the projection, like
			 * the year of any other change. */
			if (le_parse_long(io_cell(&src.t, i, c[1]), &y) || y < m->base_year || y > last) {
				char what[80];

				snprintf(what, sizeof(what), "a year from %d to %d", m->base_year, last);
				rc = bad(&src.t, i, c[1], what, err);
				goto done;
			}
		} else if (le_parse_long(io_cell(&src.t, i, c[1]), &y) || y < 1990 || y > 2200) {
			rc = bad(&src.t, i, c[1], "a completion year such as 2026", err);
			goto done;
		}
		if (le_parse_double(io_cell(&src.t, i, c[2]), &st.units) || st.units < 0) {
			rc = bad(&src.t, i, c[2], "a number of dwellings (0 or more)", err);
			goto done;
		}
		if (le_strcaseeq(dw, "house"))
			st.dwelling = MODEL_HOUSE;
		else if (le_strcaseeq(dw, "flat"))
			st.dwelling = MODEL_FLAT;
		else {
			rc = bad(&src.t, i, c[3], "a dwelling type (house or flat)", err);
			goto done;
		}
		if (c[7] >= 0 && *io_cell(&src.t, i, c[7]) &&
		    (le_parse_double(io_cell(&src.t, i, c[7]), &disc) || disc < 0 || disc > 1)) {
			rc = bad(&src.t, i, c[7], "a delivery discount from 0 to 1", err);
			goto done;
		}
		if (*zw) {
			st.zone = region_zone(r, zw);
			if ((rc = lookup(&src.t, i, c[4], st.zone, "zone", err)))
				goto done;
		} else {
			/* By location: the zone polygon holding the point. */
			if (c[5] < 0 || le_parse_double(io_cell(&src.t, i, c[5]), &x)) {
				rc = bad(&src.t, i, c[5] >= 0 ? c[5] : c[0], "an x coordinate (or a zone)", err);
				goto done;
			}
			if (le_parse_double(io_cell(&src.t, i, c[6]), &yy)) {
				rc = bad(&src.t, i, c[6], "a y coordinate", err);
				goto done;
			}
			/* A point zone holds no site: say so, rather than
			 * "outside every zone" for a site inside one. */
			if (r->zone_points) {
				char where[600];

				io_where(&src.t, i, where, sizeof(where));
				rc = le_errf(err, LE_EDATA,
					     "%s: a site located by x/y needs zone polygons, but %d zones are points: give the site's zone",
					     where, r->zone_points);
				goto done;
			}
			if (!ix) {
				struct le_geom *polys = xmalloc(sizeof(*polys) * (size_t)(r->nzones ? r->nzones : 1));
				int z;

				for (z = 0; z < r->nzones; z++)
					polys[z] = r->zones[z].geom;
				ix = own = g ? geo_index_new(g, polys, r->nzones, err) : NULL;
				free(polys);
				if (!ix) {
					rc = le_errf(err, LE_EGEO, "%s: sites located by x/y need zone polygons", path);
					goto done;
				}
			}
			st.zone = geo_index_find(ix, x, yy);
			if (st.zone < 0) {
				char where[600];
				io_where(&src.t, i, where, sizeof(where));
				rc = le_errf(err, LE_EDATA, "%s: site '%s' at (%.0f, %.0f) lies outside every zone polygon",
					     where, io_cell(&src.t, i, c[0]), x, yy);
				goto done;
			}
		}
		/* Completions up to the base year are already in the
		 * population and the roll: counting them would add them twice. */
		if (!scenario && y <= m->base_year) {
			char where[600];
			io_where(&src.t, i, where, sizeof(where));
			le_diag_add(d, LE_WARNING, "housing",
				    "%s: site '%s' completes in %ld, not after the base year %d: already in the population, ignored",
				    where, io_cell(&src.t, i, c[0]), y, m->base_year);
			continue;
		}
		/* A completion after the horizon would be read, kept and
		 * never reach a projected year: the planner would believe
		 * it counted. Refuse it, naming the horizon. */
		if (y > last) {
			char where[600];
			io_where(&src.t, i, where, sizeof(where));
			rc = le_errf(err, LE_EDATA,
				     "%s: site '%s' completes in %ld, after the horizon %d: it would never be applied (drop the row or raise horizon_years)",
				     where, io_cell(&src.t, i, c[0]), y, last);
			goto done;
		}
		st.id = xstrdup(io_cell(&src.t, i, c[0]));
		st.year = (int)y;
		st.units *= 1 - disc;
		*sites = xrealloc(*sites, sizeof(**sites) * (size_t)(*nsites + 1));
		(*sites)[(*nsites)++] = st;
	}
done:
	geo_index_free(own);
	model_src_close(&src);
	return rc;
}

int model_read_housing(struct model *m, const struct study *s, const char *path,
		       struct geo_ctx *g, struct le_diags *d, struct le_err *err)
{
	return model_housing_read(m, s, path, 0, g, NULL, &m->sites, &m->nsites, d, err);
}

/*
 * Two passes: the first checks every row and finds the year range (the
 * flat array's shape depends on it), the second fills the array. A
 * missing cell stays -1 so that the progression can tell "not given"
 * from "no pupils" and leave it out of its means.
 */
int model_read_history(struct model *m, const struct study *s, const char *path,
		       struct le_err *err)
{
	static const char *const names[] = { "school", "year", "stage", "pupils", NULL };
	struct model_history *h = &m->hist;
	struct model_src src;
	int c[4], rc, i, nkept = 0, *k = NULL, *st = NULL;
	long y, ymin = 99999, ymax = 0, *yr = NULL;
	double *v = NULL;

	if ((rc = model_src_open(&src, s, "history", path, 0, err)) ||
	    (rc = need_cols(&src, names, c, 4, err)))
		goto done;
	k = xmalloc(sizeof(int) * (size_t)(src.t.nrows + 1));
	st = xmalloc(sizeof(int) * (size_t)(src.t.nrows + 1));
	yr = xmalloc(sizeof(long) * (size_t)(src.t.nrows + 1));
	v = xmalloc(sizeof(double) * (size_t)(src.t.nrows + 1));
	for (i = 0; i < src.t.nrows; i++) {
		if (!src.keep[i])
			continue;
		nkept++;
		k[i] = region_school(m->r, io_cell(&src.t, i, c[0]));
		if ((rc = lookup(&src.t, i, c[0], k[i], "school", err)))
			goto done;
		if (le_parse_long(io_cell(&src.t, i, c[1]), &y) || y < 1990 || y > m->base_year) {
			char what[80];
			snprintf(what, sizeof(what), "a census year up to the base year %d", m->base_year);
			rc = bad(&src.t, i, c[1], what, err);
			goto done;
		}
		yr[i] = y;
		if (y < ymin)
			ymin = y;
		if (y > ymax)
			ymax = y;
		if ((st[i] = le_stages_find(&m->r->stages, io_cell(&src.t, i, c[2]))) < 0) {
			char what[80], words[60];

			le_stages_words(&m->r->stages, words, sizeof(words));
			snprintf(what, sizeof(what), "a stage %s", words);
			rc = bad(&src.t, i, c[2], what, err);
			goto done;
		}
		if (le_parse_double(io_cell(&src.t, i, c[3]), &v[i]) || v[i] < 0) {
			rc = bad(&src.t, i, c[3], "a number of pupils (0 or more)", err);
			goto done;
		}
	}
	if (nkept == 0 || ymax != m->base_year) {
		rc = le_errf(err, LE_EDATA, "%s: the stage history must reach the base year %d (it ends in %ld)",
			     path, m->base_year, nkept ? ymax : 0L);
		goto done;
	}
	h->year0 = (int)ymin;
	h->nyears = (int)(ymax - ymin + 1);
	h->nschools = m->nschools;
	h->nst = m->nst;
	{
		size_t n = MODEL_H(h, h->nschools, 0, 0), ci;

		h->pupils = xmalloc(sizeof(double) * (n + 1));
		for (ci = 0; ci < n; ci++)
			h->pupils[ci] = -1;
	}
	h->has = xcalloc((size_t)m->nschools + 1, 1);
	for (i = 0; i < src.t.nrows; i++) {
		double *cell;

		if (!src.keep[i])
			continue;
		cell = &h->pupils[MODEL_H(h, k[i], yr[i] - ymin, st[i])];
		if (*cell >= 0) {
			char where[600];
			io_where(&src.t, i, where, sizeof(where));
			rc = le_errf(err, LE_EDATA, "%s: school '%s' %s %ld is given twice",
				     where, io_cell(&src.t, i, c[0]), le_stages_name(&m->r->stages, st[i]), yr[i]);
			goto done;
		}
		*cell = v[i];
		h->has[k[i]] = 1;
	}
done:
	free(k);
	free(st);
	free(yr);
	free(v);
	model_src_close(&src);
	return rc;
}

/* Catchment (zone, school) and flow (zone, school, share) tables share
 * one reader; without a share column every pair weighs 1. */
int model_read_pairs(struct model *m, const struct study *s, const char *input,
		     const char *path, int with_share, int **zone, int **school,
		     double **share, int *n, struct le_err *err)
{
	static const char *const names[] = { "zone", "school", "share", NULL };
	struct model_src src;
	int c[3], rc, i, j = 0;

	*zone = NULL;
	*school = NULL;
	*share = NULL;
	*n = 0;
	if ((rc = model_src_open(&src, s, input, path, 0, err)) ||
	    (rc = need_cols(&src, names, c, with_share ? 3 : 2, err)))
		goto done;
	*zone = xmalloc(sizeof(int) * (size_t)(src.t.nrows + 1));
	*school = xmalloc(sizeof(int) * (size_t)(src.t.nrows + 1));
	*share = xmalloc(sizeof(double) * (size_t)(src.t.nrows + 1));
	/* Kept rows only, packed: j counts them. */
	for (i = 0; i < src.t.nrows; i++) {
		if (!src.keep[i])
			continue;
		(*zone)[j] = region_zone(m->r, io_cell(&src.t, i, c[0]));
		(*school)[j] = region_school(m->r, io_cell(&src.t, i, c[1]));
		(*share)[j] = 1;
		if ((rc = lookup(&src.t, i, c[0], (*zone)[j], "zone", err)) ||
		    (rc = lookup(&src.t, i, c[1], (*school)[j], "school", err)))
			goto done;
		if (with_share && (le_parse_double(io_cell(&src.t, i, c[2]), &(*share)[j]) || (*share)[j] < 0)) {
			rc = bad(&src.t, i, c[2], "a share of the zone's pupils (0 or more)", err);
			goto done;
		}
		j++;
	}
	*n = j;
done:
	if (rc) {
		free(*zone);
		free(*school);
		free(*share);
		*zone = *school = NULL;
		*share = NULL;
	}
	model_src_close(&src);
	return rc;
}
