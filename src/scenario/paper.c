/*
 * paper.c: the board paper, summary.html, assembled from a run's results
 * (scenario_paper_write; report/html.c lays it out). What a board member
 * reads, in order: the trend without changes over the reported years,
 * one line per option in words, the officers' recommendation (from the
 * study, or a slot to fill), the appraisal sections of issue 12, the key
 * measures coloured by each KPI's direction, the caveats the data call
 * for, per option what changes, when, what it costs and a map zoomed to
 * where it changes, then the annexes (every measure, the glossary) and
 * the data's attribution.
 *
 * Invariants:
 *  - every number comes from the results' KPIs or layers (the same
 *    figures as comparison.csv and estate.gpkg), never recomputed by
 *    another rule; directions and descriptions from the KPI table
 *    (eval.c), labels from the full table's (write.c);
 *  - same inputs, same bytes: no clock, rows in index order, ties broken
 *    by index;
 *  - an option's difference layer compares the same zones rows of its
 *    zones layer and the baseline's (scenario_layers writes the zones in
 *    region order for every scenario).
 */
#include "scenario/scenario.h"
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Schools charted per scenario (the page's chart holds 12 panels). */
#define MAPS_CHART_MAX 12

/* ---------------------------------------------------------------- summary */

/* The charts of one view: owned arrays the report_series point into. */
struct chart {
	struct report_series s[MAPS_CHART_MAX];
	char name[MAPS_CHART_MAX][160];
	double *vals;           /* MAPS_CHART_MAX * 2 * nyears */
	int n;
};

/* Is school k named by a change of sc? */
static int named(const struct scenario *sc, int k)
{
	int i, j;

	for (i = 0; sc && i < sc->n; i++) {
		if (sc->v[i].kind != SCENARIO_HOUSING && sc->v[i].school == k)
			return 1;
		for (j = 0; j < sc->v[i].nschools; j++)
			if (sc->v[i].schools[j] == k)
				return 1;
	}
	return 0;
}

static double roll_or0(const struct scenario_result *res, int y, int k)
{
	size_t i = (size_t)y * res->nschools + k;
	int st = res->status[i];

	return st == SCENARIO_ABSENT || st == SCENARIO_PLANNED ? 0 : res->roll[i];
}

static double cap_or0(const struct scenario_result *res, int y, int k)
{
	size_t i = (size_t)y * res->nschools + k;
	int st = res->status[i];

	return st == SCENARIO_ABSENT || st == SCENARIO_PLANNED || st == SCENARIO_CLOSED ||
	       res->capacity[i] < 0 ? 0 : res->capacity[i];
}

struct pick {
	double score;
	int k;
};

/* Score descending, then index (a school, or a layer row): a stable
 * order. */
static int cmp_pick(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->k > y->k) - (x->k < y->k);
}

/*
 * The schools to chart for res: those whose roll or capacity differs
 * from the baseline's in some year by more than half a pupil or place,
 * or that a change names, largest difference first. For the baseline
 * (or a scenario that changes nothing) the schools with the highest
 * utilisation in any year: the ones a board asks about.
 */
static void pick_schools(const struct scenario_result *res, const struct scenario_result *base,
			 const struct scenario_world *w, int h, int *order, int *n)
{
	struct pick *p = xcalloc((size_t)w->n + 1, sizeof(*p));
	int k, y, np = 0, pass;

	for (pass = base ? 0 : 1; pass < 2 && np == 0; pass++)
		for (k = 0; k < w->n; k++) {
			double s = 0;

			if (res->status[(size_t)h * res->nschools + k] == SCENARIO_ABSENT ||
			    w->s[k].sector == LE_SPECIAL)
				continue;
			for (y = 0; y < res->nyears; y++) {
				double c = cap_or0(res, y, k);

				if (pass == 0)
					s = fmax(s, fabs(roll_or0(res, y, k) - roll_or0(base, y, k)) +
						    fabs(c - cap_or0(base, y, k)));
				else if (c > 0)
					s = fmax(s, roll_or0(res, y, k) / c);
			}
			if (pass == 0 ? !(s > 0.5 || named(res->sc, k)) : !(s > 0))
				continue;
			p[np].score = s;
			p[np++].k = k;
		}
	if (np > 1)
		qsort(p, (size_t)np, sizeof(*p), cmp_pick);
	*n = np < MAPS_CHART_MAX ? np : MAPS_CHART_MAX;
	for (k = 0; k < *n; k++)
		order[k] = p[k].k;
	free(p);
}

static void chart_fill(struct chart *c, const struct scenario_result *res,
		       const struct scenario_result *base, const struct scenario_world *w,
		       int h, const int *years)
{
	int order[MAPS_CHART_MAX], i, y;

	memset(c, 0, sizeof(*c));
	pick_schools(res, base, w, h, order, &c->n);
	c->vals = xcalloc((size_t)MAPS_CHART_MAX * 2 * res->nyears + 1, sizeof(double));
	for (i = 0; i < c->n; i++) {
		int k = order[i], st = res->status[(size_t)h * res->nschools + k];
		double *roll = c->vals + (size_t)2 * i * res->nyears, *cap = roll + res->nyears;

		/* The horizon's status tells a board why the line moves
		 * (unless the name says it already, as new schools' often do). */
		if (st == SCENARIO_OPEN || strstr(w->s[k].name, scenario_status_name(st)))
			snprintf(c->name[i], sizeof(c->name[i]), "%s", w->s[k].name);
		else
			snprintf(c->name[i], sizeof(c->name[i]), "%s (%s)", w->s[k].name,
				 scenario_status_name(st));
		for (y = 0; y < res->nyears; y++) {
			size_t j = (size_t)y * res->nschools + k;
			int s = res->status[j];

			roll[y] = s == SCENARIO_ABSENT || s == SCENARIO_PLANNED ? NAN : res->roll[j];
			cap[y] = s == SCENARIO_ABSENT || s == SCENARIO_PLANNED || s == SCENARIO_CLOSED ||
				 res->capacity[j] < 0 ? NAN : res->capacity[j];
		}
		c->s[i].name = c->name[i];
		c->s[i].nyears = res->nyears;
		c->s[i].years = years;
		c->s[i].roll = roll;
		c->s[i].capacity = cap;
	}
}

/*
 * The page's table of councils in year index h: the region's row, then
 * one per council; the baseline's key KPIs (scenario_council_kpi), then
 * per scenario its pupils changing school and the change in schools over
 * 100 %, as the terminal's table. Arrays owned by g and *owned (the
 * scenario columns' names): council_grid_release.
 */
static const struct report_grid *council_grid(struct report_grid *g,
					      struct scenario_result *const *res,
					      int nres, int h, char **owned)
{
	int nk = 0, kpi, d, c, i, r, col;
	double scale;
	const char *label;
	const char **cols, **rows;
	int *dec;
	double *v;
	char (*names)[128];

	while (scenario_council_kpi(nk, &label, &scale, &d) >= 0)
		nk++;
	g->nrows = res[0]->ncouncils + 1;
	g->ncols = nk + 2 * (nres - 1);
	g->row_names = rows = xcalloc((size_t)g->nrows, sizeof(char *));
	g->col_names = cols = xcalloc((size_t)g->ncols, sizeof(char *));
	g->decimals = dec = xcalloc((size_t)g->ncols, sizeof(int));
	g->v = v = xcalloc((size_t)g->nrows * (size_t)g->ncols, sizeof(double));
	/* Scenario column names are built here: two per scenario. */
	names = xcalloc((size_t)(2 * nres) + 1, sizeof(*names));
	g->note = "Pupils live in a council (distances, the walking limit, unplaced pupils) and "
		  "are taught in a council (rolls, places, utilisation, costs): each figure counts "
		  "in the council of the zone or of the school accordingly. The baseline's values, "
		  "then each scenario's pupils changing school and change in schools over 100 %.";
	for (i = 0; i < nk; i++) {
		scenario_council_kpi(i, &label, &scale, &d);
		cols[i] = label;
		dec[i] = d;
	}
	for (r = 1; r < nres; r++) {
		snprintf(names[2 * r], sizeof(names[0]), "%s: moved", res[r]->name);
		snprintf(names[2 * r + 1], sizeof(names[0]), "%s: >100 %% change", res[r]->name);
		cols[nk + 2 * (r - 1)] = names[2 * r];
		cols[nk + 2 * (r - 1) + 1] = names[2 * r + 1];
	}
	for (c = -1; c < res[0]->ncouncils; c++) {
		const double *b = c < 0 ? &res[0]->kpi[(size_t)h * SK_NKPIS] :
				  scenario_kpi_council(res[0], h, c);
		double *row = &v[(size_t)(c + 1) * g->ncols];

		rows[c + 1] = c < 0 ? "all" : res[0]->councils[c].name ?
			      res[0]->councils[c].name : res[0]->councils[c].id;
		for (i = 0; i < nk; i++) {
			kpi = scenario_council_kpi(i, &label, &scale, &d);
			row[i] = b[kpi] / scale;
		}
		for (r = 1, col = nk; r < nres; r++) {
			const double *x = c < 0 ? &res[r]->kpi[(size_t)h * SK_NKPIS] :
					  scenario_kpi_council(res[r], h, c);

			row[col++] = x[SK_MOVED];
			row[col++] = x[SK_BAND_GT100] - b[SK_BAND_GT100];
		}
	}
	*owned = (char *)names;
	return g;
}

static void council_grid_release(struct report_grid *g, char *owned)
{
	free((void *)g->row_names);
	free((void *)g->col_names);
	free((void *)g->decimals);
	free((void *)g->v);
	free(owned);
	memset(g, 0, sizeof(*g));
}

/* ---------------------------------------------------------------- paper */

/*
 * The key measures of the paper's first table: what a board weighs
 * first (pupils moved, places, the walking limit, buildings, money).
 * Labels, scales and decimals are those of the full table
 * (scenario_board_kpi), directions those of the KPI table.
 */
static const int key_kpis[] = {
	SK_MOVED, SK_BAND_GT100, SK_SURPLUS, SK_BEYOND_LIMIT, SK_DIST_MEAN_M,
	SK_INTO_AB, SK_CAPITAL_TO_DATE_GBP, SK_RUNNING_GBP,
};
#define NKEY ((int)(sizeof(key_kpis) / sizeof(key_kpis[0])))

/* A zone's walking distance must move by more than this to count as
 * changed on the map: pupil-weighted means shift by metres when a
 * neighbouring zone's pupils are shared differently. */
#define PAPER_DIST_CHANGE_M 50.0
/* Entitlement: pupils beyond the limit, changed by at least this. */
#define PAPER_BEYOND_CHANGE 0.05
/* Schools labelled on an option's map at most (the most changed). */
#define PAPER_LABELS 8
/* Margin around the changed area, as a share of its size, at least
 * PAPER_MARGIN_M: the reader sees the neighbours of what changes. */
#define PAPER_MARGIN 0.15
#define PAPER_MARGIN_M 800.0

/* The full table's row of kpi: label (named for the deprivation index
 * dep, which may be NULL), scale, decimals; -1 if absent. */
static int board_row(const struct scenario_dep *dep, int kpi, const char **label,
		     double *scale, int *dec)
{
	int i, k;

	for (i = 0; (k = scenario_board_kpi(i, label, scale, dec)) >= 0; i++)
		if (k == kpi) {
			*label = scenario_dep_board_label(dep, kpi, *label);
			return i;
		}
	return -1;
}

static double kpi_at(const struct scenario_result *res, int y, int kpi)
{
	return res->kpi[(size_t)y * SK_NKPIS + kpi];
}

/* "rise from A to B", "fall from A to B" or "stay at A". */
static void movement(struct buf *b, double from, double to, int dec)
{
	char x[64], y[64];

	report_html_num(from, dec, x, sizeof(x));
	report_html_num(to, dec, y, sizeof(y));
	if (!strcmp(x, y))
		buf_addf(b, "stay at %s", x);
	else
		buf_addf(b, "%s from %s to %s", to > from ? "rise" : "fall", x, y);
}

/* A signed difference as the page writes it: "+1,200", "-3.50", "0". */
static const char *signed_num(double v, int dec, char *out, size_t n)
{
	char t[48];

	report_html_num(v, dec, t, sizeof(t));
	if (isnan(v))
		snprintf(out, n, "n/a");
	else if (strspn(t, "0.,-") == strlen(t))
		report_html_num(0, dec, out, n);
	else
		snprintf(out, n, "%s%s", v > 0 ? "+" : "", t);
	return out;
}

/* The trend of the baseline over the reported years: the grid (a row
 * per year, so each measure keeps its decimals) and the sentence. */
struct trend {
	struct report_grid g;
	char rows[17][16];
	const char *rowp[17];
	double v[17 * 6];
};

static const int trend_kpis[6] = { SK_PUPILS, SK_CAPACITY, SK_SURPLUS, SK_UTIL_PCT,
				   SK_BAND_GT100, SK_BEYOND_LIMIT };
static const char *const trend_names[6] = { "pupils", "places", "surplus places",
					    "utilisation %", "schools over 100 %",
					    "pupils beyond walking limit" };
static const int trend_dec[6] = { 0, 0, 0, 1, 0, 0 };

static void trend_fill(struct trend *t, const struct scenario_result *b, const int *years,
		       int ny, int h, struct buf *text)
{
	char x[64];
	int i, j, n = 0;

	memset(t, 0, sizeof(*t));
	for (j = 0; j < ny && n < 17; j++) {
		int y = years[j] - b->base_year;

		if (y < 0 || y >= b->nyears)
			continue;
		snprintf(t->rows[n], sizeof(t->rows[n]), "%d", years[j]);
		t->rowp[n] = t->rows[n];
		for (i = 0; i < 6; i++)
			t->v[n * 6 + i] = kpi_at(b, y, trend_kpis[i]);
		n++;
	}
	t->g.nrows = n;
	t->g.ncols = 6;
	t->g.row_names = t->rowp;
	t->g.col_names = trend_names;
	t->g.v = t->v;
	t->g.decimals = trend_dec;
	t->g.corner = "year";
	t->g.caption = "The trend without changes (the baseline) in the reported years";
	buf_addf(text, "Without changes, between %d and %d pupils ", b->base_year,
		 b->base_year + h);
	movement(text, kpi_at(b, 0, SK_PUPILS), kpi_at(b, h, SK_PUPILS), 0);
	buf_adds(text, ", places ");
	movement(text, kpi_at(b, 0, SK_CAPACITY), kpi_at(b, h, SK_CAPACITY), 0);
	buf_adds(text, " and surplus places ");
	movement(text, kpi_at(b, 0, SK_SURPLUS), kpi_at(b, h, SK_SURPLUS), 0);
	buf_addf(text, ": utilisation goes from %s %% to ",
		 report_html_num(kpi_at(b, 0, SK_UTIL_PCT), 1, x, sizeof(x)));
	buf_addf(text, "%s %%. Schools over capacity ",
		 report_html_num(kpi_at(b, h, SK_UTIL_PCT), 1, x, sizeof(x)));
	movement(text, kpi_at(b, 0, SK_BAND_GT100), kpi_at(b, h, SK_BAND_GT100), 0);
	buf_adds(text, "; pupils beyond the walking limit ");
	movement(text, kpi_at(b, 0, SK_BEYOND_LIMIT), kpi_at(b, h, SK_BEYOND_LIMIT), 0);
	buf_adds(text, ".");
}

/* One option in words, at the horizon, against the baseline. */
static void option_line(struct buf *b, const struct scenario_result *res,
			const struct scenario_result *base, int h)
{
	char a[64], c[64], d[64], e[64], f[64], g[64];
	const struct scenario *sc = res->sc;

	buf_addf(b, "%s", res->name);
	if (sc && sc->description)
		buf_addf(b, " (%s)", sc->description);
	buf_addf(b, ": by %d, %s pupils change school; schools over capacity %s; surplus "
		 "places %s; pupils beyond the walking limit %s; capital GBP %s m to date; "
		 "running costs %s GBP m a year against the baseline.", res->base_year + h,
		 report_html_num(kpi_at(res, h, SK_MOVED), 0, a, sizeof(a)),
		 signed_num(kpi_at(res, h, SK_BAND_GT100) - kpi_at(base, h, SK_BAND_GT100), 0, c, sizeof(c)),
		 signed_num(kpi_at(res, h, SK_SURPLUS) - kpi_at(base, h, SK_SURPLUS), 0, d, sizeof(d)),
		 signed_num(kpi_at(res, h, SK_BEYOND_LIMIT) - kpi_at(base, h, SK_BEYOND_LIMIT), 0, e, sizeof(e)),
		 report_html_num(kpi_at(res, h, SK_CAPITAL_TO_DATE_GBP) / 1e6, 2, f, sizeof(f)),
		 signed_num((kpi_at(res, h, SK_RUNNING_GBP) - kpi_at(base, h, SK_RUNNING_GBP)) / 1e6, 2,
			    g, sizeof(g)));
}

/*
 * The caveats the data call for, each a sentence in *out (owned
 * strings, free each and the array): illustrative inputs (the study's
 * words), the baseline's unplaced pupils and why, the share of travel
 * measured in a straight line, the calibration warnings of the run, the
 * measures not available.
 */
static int caveats(const struct scenario_result *b, const struct scenario_world *w, int h,
		   const struct scenario_paper *paper, char ***out)
{
	const struct region *r = w->r;
	const struct scenario_alloc *a = &b->years[h];
	char **v = xcalloc(8, sizeof(char *));
	char x[64], y[64], z[64];
	double unpl = kpi_at(b, h, SK_UNPLACED), nopoly = 0, held, alloc = 0;
	int n = 0, nz = 0, ncal = 0, i, q, e;
	size_t k;
	struct buf t;

	buf_init(&t);
	if (paper && paper->study && paper->study->illustrative) {
		buf_addf(&t, "Illustrative inputs: %s", paper->study->illustrative);
		v[n++] = xstrdup(t.s);
	}
	/* Unplaced pupils: those with no location (zones with population
	 * but no polygon), those held on closed schools' rolls, the rest
	 * with no school with room in reach. */
	for (i = 0; i < r->nzones; i++) {
		int g;

		if (!r->zones[i].has_pop || r->zones[i].has_geom)
			continue;
		nz++;
		for (g = 0; g < b->grp.nkg; g++)
			nopoly += b->unplaced[(size_t)h * b->nkeys + (size_t)SCENARIO_KEY(&b->grp, i, g)];
	}
	held = b->held_unplaced ? b->held_unplaced[h] : 0;
	if (unpl >= 0.5) {
		buf_reset(&t);
		buf_addf(&t, "%s pupils are unplaced in the baseline in %d: ",
			 report_html_num(unpl, 0, x, sizeof(x)), b->base_year + h);
		buf_addf(&t, "%s live in the %d zone%s with population but no polygon (no location, "
			 "so no distance to any school: estate check lists them), %s are held on the "
			 "rolls of closed schools, and %s found no school with room within reach. "
			 "They are counted in every option, never dropped.",
			 report_html_num(nopoly, 0, y, sizeof(y)), nz, nz == 1 ? "" : "s",
			 report_html_num(held, 0, z, sizeof(z)),
			 report_html_num(fmax(0, unpl - nopoly - held), 0, x, sizeof(x)));
		v[n++] = xstrdup(t.s);
	}
	for (q = 0; q < b->nkeys; q++)
		for (e = a->start[q]; e < a->start[q + 1]; e++)
			alloc += a->pupils[e];
	if (alloc > 0) {
		double st = kpi_at(b, h, SK_STRAIGHT_PUPILS);

		buf_reset(&t);
		buf_addf(&t, "%s %% of the pupils placed in the baseline in %d (%s of %s) have their "
			 "journey measured in a straight line (times a detour factor), not on the road "
			 "network: their distances, times and transport entitlement are less certain.",
			 report_html_num(st / alloc * 100, 1, x, sizeof(x)), b->base_year + h,
			 report_html_num(st, 0, y, sizeof(y)), report_html_num(alloc, 0, z, sizeof(z)));
		v[n++] = xstrdup(t.s);
	}
	for (i = 0; paper && i < paper->ndiags; i++)
		for (k = 0; paper->diags[i] && k < paper->diags[i]->n; k++)
			ncal += !strcmp(paper->diags[i]->v[k].topic, "calibration");
	if (ncal) {
		buf_reset(&t);
		buf_addf(&t, "The projection's calibration warns about %d school%s: the roll it "
			 "models from the population differs from the census roll by more than a "
			 "factor of two, so their projected rolls rest on a strong correction "
			 "(data_quality.csv names them; check their catchments and rolls).",
			 ncal, ncal == 1 ? "" : "s");
		v[n++] = xstrdup(t.s);
	}
	if (isnan(kpi_at(b, h, SK_SIMD_PUPILS)))
		v[n++] = xstrdup("Equity measures (SIMD) are not available: the study gives no zone "
				 "SIMD input.");
	if (isnan(kpi_at(b, h, SK_PUPILS_CD)))
		v[n++] = xstrdup("Building condition measures are not available: no school has a "
				 "condition grade.");
	buf_release(&t);
	*out = v;
	return n;
}

/* The glossary: every KPI, as the full table labels it when it shows
 * it, else by its CSV name. */
static struct report_term *glossary_fill(const struct scenario_dep *dep)
{
	struct report_term *t = xcalloc(SK_NKPIS, sizeof(*t));
	int k;

	for (k = 0; k < SK_NKPIS; k++) {
		const char *label;
		double scale;
		int dec;

		t[k].name = scenario_kpi_name(k);
		t[k].label = board_row(dep, k, &label, &scale, &dec) >= 0 ? label : t[k].name;
		t[k].unit = scenario_kpi_unit(k);
		t[k].desc = scenario_dep_kpi_desc(dep, k, scenario_kpi_desc(k));
		t[k].better = scenario_kpi_better(k);
	}
	return t;
}

/* World school index of each row of a scenario's schools layer (the
 * schools present at the horizon, in world order). */
static int *school_rows(const struct scenario_result *res, int h, int nrows)
{
	int *k = xcalloc((size_t)nrows + 1, sizeof(int)), i, row = 0;

	for (i = 0; i < res->nschools && row < nrows; i++)
		if (res->status[(size_t)h * res->nschools + i] != SCENARIO_ABSENT)
			k[row++] = i;
	return k;
}

static int text_differs(const struct report_layer *a, const struct report_layer *b,
			int row, const char *field)
{
	int fa = report_layer_find(a, field), fb = report_layer_find(b, field);
	const struct report_cell *x, *y;

	if (fa < 0 || fb < 0)
		return 0;
	x = report_layer_cell(a, row, fa);
	y = report_layer_cell(b, row, fb);
	if (x->null || y->null)
		return x->null != y->null;
	return strcmp(x->s, y->s) != 0;
}

static double num_diff(const struct report_layer *a, const struct report_layer *b, int row,
		       const char *field)
{
	double x = report_layer_num(a, row, report_layer_find(a, field));
	double y = report_layer_num(b, row, report_layer_find(b, field));

	if (isnan(x) && isnan(y))
		return 0;
	if (isnan(x) || isnan(y))
		return INFINITY;
	return fabs(x - y);
}

static void box_add(double b[4], const struct le_geom *gm)
{
	int i;

	for (i = 0; i < gm->npoints; i++) {
		b[0] = fmin(b[0], gm->xy[2 * i]);
		b[1] = fmin(b[1], gm->xy[2 * i + 1]);
		b[2] = fmax(b[2], gm->xy[2 * i]);
		b[3] = fmax(b[3], gm->xy[2 * i + 1]);
	}
}

/* One option's map extras: owned arrays the view points into. */
struct optmap {
	unsigned char *zone_diff, *label;
	double focus[4];
	char **changes;
	int nchanges;
	struct buf desc;
	/* costs by year */
	struct report_grid costs;
	const char *cost_rows[17];
	char cost_row_names[17][16];
	double cost_v[17 * 4];
};

static const char *const cost_cols[4] = {
	"capital to date (GBP m)", "running (GBP m/yr)", "running vs baseline (GBP m/yr)",
	"transport (GBP k/yr)"
};
static const int cost_dec[4] = { 2, 2, 2, 0 };

/*
 * The difference layer (zones whose school, distance or entitlement
 * changed against the baseline, by the zones layers' fields: the same
 * zones in the same rows for every scenario), the schools to label (those
 * a change names, then the largest roll changes, PAPER_LABELS at most),
 * the focus box around both, what changes and when, and the costs.
 */
static void optmap_fill(struct optmap *o, const struct scenario_result *res,
			const struct scenario_result *base, const struct scenario_world *w,
			const struct report_layer *Lr, const struct report_layer *Lb,
			const int *years, int ny, int h)
{
	const struct report_layer *z = &Lr[SCENARIO_L_ZONES], *zb = &Lb[SCENARIO_L_ZONES];
	const struct report_layer *s = &Lr[SCENARIO_L_SCHOOLS];
	const struct scenario *sc = res->sc;
	int *rows = school_rows(res, h, s->nrows), fname = report_layer_find(s, "school_name");
	struct pick *pd = xcalloc((size_t)s->nrows + 1, sizeof(*pd));
	int i, j, np = 0, nlab = 0, nzd = 0, nent = 0, any = 0, n = 0;
	struct buf t;
	memset(o, 0, sizeof(*o));
	buf_init(&o->desc);
	buf_init(&t);
	o->zone_diff = xcalloc((size_t)z->nrows + 1, 1);
	o->label = xcalloc((size_t)s->nrows + 1, 1);
	o->focus[0] = o->focus[1] = INFINITY;
	o->focus[2] = o->focus[3] = -INFINITY;
	for (i = 0; i < z->nrows && z->nrows == zb->nrows; i++) {
		int d = 0;

		if (text_differs(z, zb, i, "school_id") || text_differs(z, zb, i, "secondary_school_id"))
			d |= REPORT_DIFF_SCHOOL;
		if (num_diff(z, zb, i, "distance_m") > PAPER_DIST_CHANGE_M ||
		    num_diff(z, zb, i, "secondary_distance_m") > PAPER_DIST_CHANGE_M)
			d |= REPORT_DIFF_DISTANCE;
		if (num_diff(z, zb, i, "beyond_limit") >= PAPER_BEYOND_CHANGE ||
		    num_diff(z, zb, i, "secondary_beyond_limit") >= PAPER_BEYOND_CHANGE)
			d |= REPORT_DIFF_ENTITLED;
		o->zone_diff[i] = (unsigned char)d;
		if (d) {
			nzd++;
			nent += (d & REPORT_DIFF_ENTITLED) != 0;
			box_add(o->focus, &z->geoms[i]);
			any = 1;
		}
	}
	/* Schools: named by a change first (score +inf), then by the
	 * change of their horizon roll. */
	for (i = 0; i < s->nrows; i++) {
		int k = rows[i];
		double d = fabs(roll_or0(res, h, k) - roll_or0(base, h, k)) +
			   fabs(cap_or0(res, h, k) - cap_or0(base, h, k));

		if (named(sc, k))
			d = INFINITY;
		if (d > 0.5) {
			pd[np].score = d;
			pd[np++].k = i;
		}
	}
	if (np > 1)
		qsort(pd, (size_t)np, sizeof(*pd), cmp_pick);
	for (i = 0; i < np && nlab < PAPER_LABELS; i++, nlab++) {
		o->label[pd[i].k] = 1;
		box_add(o->focus, &s->geoms[pd[i].k]);
		any = 1;
	}
	if (any) {
		double m = fmax(PAPER_MARGIN_M, PAPER_MARGIN * fmax(o->focus[2] - o->focus[0],
								     o->focus[3] - o->focus[1]));

		o->focus[0] -= m;
		o->focus[1] -= m;
		o->focus[2] += m;
		o->focus[3] += m;
	} else {
		o->focus[0] = NAN;
	}
	/* The map's text alternative. */
	buf_addf(&o->desc, "Map of %s", res->name);
	if (any)
		buf_addf(&o->desc, ", zoomed to where it changes: %d zone%s change school, distance "
			 "or transport entitlement (%d of them entitlement)", nzd, nzd == 1 ? "" : "s",
			 nent);
	else
		buf_adds(&o->desc, ": no zone or school changes against the baseline");
	for (i = 0, j = 0; i < s->nrows && fname >= 0; i++)
		if (o->label[i] && !report_layer_cell(s, i, fname)->null)
			buf_addf(&o->desc, "%s%s", j++ ? ", " : "; schools labelled: ",
				 report_layer_cell(s, i, fname)->s);
	buf_adds(&o->desc, ". Zones are shaded by the walking distance of their primary pupils, in "
		 "classes of the walking limits applied; schools are sized by roll and coloured "
		 "by utilisation.");
	/* What changes and when. */
	o->changes = xcalloc((size_t)(sc ? sc->n : 0) + 1, sizeof(char *));
	for (i = 0; sc && i < sc->n; i++) {
		scenario_change_describe(&t, &sc->v[i], w);
		buf_addf(&t, ": from %d", sc->v[i].year);
		o->changes[o->nchanges++] = xstrdup(t.s);
	}
	/* Costs in the reported years. */
	for (j = 0; j < ny && n < 17; j++) {
		int y = years[j] - res->base_year;

		if (y < 0 || y >= res->nyears)
			continue;
		snprintf(o->cost_row_names[n], sizeof(o->cost_row_names[n]), "%d", years[j]);
		o->cost_rows[n] = o->cost_row_names[n];
		o->cost_v[n * 4 + 0] = kpi_at(res, y, SK_CAPITAL_TO_DATE_GBP) / 1e6;
		o->cost_v[n * 4 + 1] = kpi_at(res, y, SK_RUNNING_GBP) / 1e6;
		o->cost_v[n * 4 + 2] = (kpi_at(res, y, SK_RUNNING_GBP) - kpi_at(base, y, SK_RUNNING_GBP)) / 1e6;
		o->cost_v[n * 4 + 3] = kpi_at(res, y, SK_TRANSPORT_GBP) / 1e3;
		n++;
	}
	o->costs.nrows = n;
	o->costs.ncols = 4;
	o->costs.row_names = o->cost_rows;
	o->costs.col_names = cost_cols;
	o->costs.v = o->cost_v;
	o->costs.decimals = cost_dec;
	o->costs.corner = "year";
	o->costs.caption = "Capital spent to date and yearly running and transport costs "
			   "(prices of models/costs.ini and models/transport.ini)";
	buf_release(&t);
	free(pd);
	free(rows);
}

static void optmap_release(struct optmap *o)
{
	int i;

	free(o->zone_diff);
	free(o->label);
	for (i = 0; i < o->nchanges; i++)
		free(o->changes[i]);
	free(o->changes);
	buf_release(&o->desc);
}

/* The ranking of the options (rank.c, html_ranking.c). */
static void ranking_section(FILE *fp, const void *ctx)
{
	report_html_ranking(fp, ctx);
}

/* The sufficiency section of the page: ctx is the page itself. */
static void suff_section(FILE *fp, const void *ctx)
{
	report_html_sufficiency(fp, ctx);
}

int scenario_paper_write(struct scenario_result *const *res, int nres,
			 const struct scenario_world *w, const struct report_layer *L,
			 const int *years, int nyears_rep, int h,
			 const struct scenario_paper *paper, const char *dir,
			 struct le_err *err)
{
	static const char *const no_source[] = {
		"The study names no data sources: add one 'attribution = ...' line per source "
		"to its [study] section (open data licences such as the OGL require it)."
	};
	const int nk = 64;
	const struct study *st = paper ? paper->study : NULL;
	const char **rows = xcalloc((size_t)nk, sizeof(char *));
	const char **cols = xcalloc((size_t)nres + 1, sizeof(char *));
	int *dec = xcalloc((size_t)nk, sizeof(int)), *better = xcalloc((size_t)nk, sizeof(int));
	double *v = xcalloc((size_t)nk * nres + 1, sizeof(double));
	const char *krows[NKEY];
	int kdec[NKEY], kbetter[NKEY];
	double *kv = xcalloc((size_t)NKEY * nres + 1, sizeof(double));
	int *years_all = xcalloc((size_t)res[0]->nyears + 1, sizeof(int));
	struct report_view *views = xcalloc((size_t)nres + 1, sizeof(*views));
	struct chart *charts = xcalloc((size_t)nres + 1, sizeof(*charts));
	struct optmap *om = xcalloc((size_t)nres + 1, sizeof(*om));
	char (*vname)[256] = xcalloc((size_t)nres + 1, sizeof(*vname));
	char **lines = xcalloc((size_t)nres + 1, sizeof(char *));
	char **cav = NULL, key_caption[200], full_caption[200];
	struct report_term *terms = glossary_fill(&w->dep);
	struct report_layer councils;
	struct report_compare cmp, key;
	struct report_summary sm;
	struct report_grid grid;
	struct trend *tr = xcalloc(1, sizeof(*tr));
	struct report_sufficiency *suff = NULL;
	struct report_section sect[4];
	int nsect = 0;
	char *grid_names = NULL;
	struct buf intro, path, trend_text, line, map_credit;
	int i, r, nrows = 0, kpi, d, ncav, yh = res[0]->base_year + h;
	double scale;
	const char *label;

	buf_init(&intro);
	buf_init(&path);
	buf_init(&trend_text);
	buf_init(&line);
	buf_init(&map_credit);
	/* A map's corner holds one line: the first source and where the
	 * rest are. */
	if (st && st->nattribution)
		buf_addf(&map_credit, "%s%s", st->attribution[0], st->nattribution > 1 ?
			 "; Other sources: see Data and attribution at the end of this paper." : "");
	memset(&grid, 0, sizeof(grid));
	report_councils_layer(w->r, &councils);
	for (i = 0; i < res[0]->nyears; i++)
		years_all[i] = res[0]->base_year + i;
	for (i = 0; i < nk && (kpi = scenario_board_kpi(i, &label, &scale, &d)) >= 0; i++) {
		rows[nrows] = scenario_dep_board_label(&w->dep, kpi, label);
		dec[nrows] = d;
		better[nrows] = scenario_kpi_better(kpi);
		for (r = 0; r < nres; r++)
			v[(size_t)nrows * nres + r] = kpi_at(res[r], h, kpi) / scale;
		nrows++;
	}
	for (i = 0; i < NKEY; i++) {
		board_row(&w->dep, key_kpis[i], &label, &scale, &d);
		krows[i] = label;
		kdec[i] = d;
		kbetter[i] = scenario_kpi_better(key_kpis[i]);
		for (r = 0; r < nres; r++)
			kv[(size_t)i * nres + r] = kpi_at(res[r], h, key_kpis[i]) / scale;
	}
	for (r = 0; r < nres; r++) {
		const struct scenario *sc = res[r]->sc;

		cols[r] = res[r]->name;
		snprintf(vname[r], sizeof(vname[r]), "%s%s%s", res[r]->name,
			 sc && sc->description ? ": " : r ? "" : ": the study without changes",
			 sc && sc->description ? sc->description : "");
		chart_fill(&charts[r], res[r], r ? res[0] : NULL, w, h, years_all);
		views[r].name = vname[r];
		views[r].id = res[r]->name;
		views[r].zones = &L[r * SCENARIO_NLAYERS + SCENARIO_L_ZONES];
		views[r].zone_field = "distance_m";
		views[r].zone_label = "primary walking distance";
		views[r].schools = &L[r * SCENARIO_NLAYERS + SCENARIO_L_SCHOOLS];
		views[r].boundary = councils.nrows ? &councils : NULL;
		views[r].series = charts[r].s;
		views[r].nseries = charts[r].n;
		if (paper && paper->p) {
			/* The limits applied, by stage (the statute's by
			 * age unless transport.ini sets a policy). */
			unsigned bits[REPORT_NLIMITS];
			struct buf t;
			int j;

			buf_init(&t);
			views[r].nlimits = scenario_walk_classes(paper->p, w->r, -1, le_stages_all(&w->r->stages),
								 views[r].limit_m, bits, REPORT_NLIMITS);
			for (j = 0; j < views[r].nlimits; j++) {
				le_stages_text(&w->r->stages, bits[j], &t);
				snprintf(views[r].limit_stages[j], sizeof(views[r].limit_stages[j]), "%s", t.s);
			}
			buf_release(&t);
		}
		if (st && st->nattribution)
			views[r].attribution = map_credit.s;
		if (r == 0) {
			views[r].desc = "Map of the baseline: the whole study area. Zones are shaded by "
					"the walking distance of their primary pupils, in classes of the "
					"walking limits applied; schools are sized by roll and coloured "
					"by utilisation.";
			continue;
		}
		optmap_fill(&om[r], res[r], res[0], w, &L[r * SCENARIO_NLAYERS], L, years,
			    nyears_rep, h);
		views[r].desc = om[r].desc.s;
		views[r].focus = isnan(om[r].focus[0]) ? NULL : om[r].focus;
		views[r].zone_diff = om[r].zone_diff;
		views[r].school_label = om[r].label;
		views[r].changes = (const char *const *)om[r].changes;
		views[r].nchanges = om[r].nchanges;
		views[r].costs = &om[r].costs;
		buf_reset(&line);
		option_line(&line, res[r], res[0], h);
		lines[r - 1] = xstrdup(line.s);
	}
	buf_addf(&intro, "The baseline and %d option%s, %d to %d; measures in %d unless a year "
		 "is given.", nres - 1, nres == 2 ? "" : "s", res[0]->base_year,
		 res[0]->base_year + res[0]->nyears - 1, yh);
	trend_fill(tr, res[0], years, nyears_rep, h, &trend_text);
	snprintf(key_caption, sizeof(key_caption), "Key measures in %d: the baseline's value and "
		 "each option's difference from it (blue: better, vermillion: worse)", yh);
	snprintf(full_caption, sizeof(full_caption), "Every measure in %d: each option's value and "
		 "its difference from the baseline", yh);
	cmp.nrows = nrows;
	cmp.ncols = nres;
	cmp.row_names = rows;
	cmp.col_names = cols;
	cmp.v = v;
	cmp.decimals = dec;
	cmp.baseline = 0;
	cmp.better = better;
	cmp.diff_only = 0;
	cmp.caption = full_caption;
	key = cmp;
	key.nrows = NKEY;
	key.row_names = krows;
	key.v = kv;
	key.decimals = kdec;
	key.better = kbetter;
	key.diff_only = 1;
	key.caption = key_caption;
	ncav = caveats(res[0], w, h, paper, &cav);
	memset(&sm, 0, sizeof(sm));
	sm.title = paper && paper->title ? paper->title : "estate scenarios";
	sm.intro = intro.s;
	sm.trend_text = trend_text.s;
	sm.trend = &tr->g;
	sm.option_lines = (const char *const *)lines;
	sm.noption_lines = nres - 1;
	sm.recommendation = st ? st->recommendation : NULL;
	sm.recommendation_slot = 1;
	/* The appraisal of issue 12 plugs in here: sm.appraisal, the
	 * sections report/html.c calls in the summary after the
	 * recommendation; first the schools running out of places
	 * (sufficiency.c, html_sufficiency.c). */
	if (paper && paper->ranking) {
		sect[nsect].write = ranking_section;
		sect[nsect++].ctx = paper->ranking;
	}
	sm.nsufficiency = scenario_sufficiency(res, nres, w, &suff);
	sm.sufficiency = suff;
	sm.suff_last_year = res[0]->base_year + res[0]->nyears - 1;
	sect[nsect].write = suff_section;
	sect[nsect++].ctx = &sm;
	sm.appraisal = sect;
	sm.nappraisal = nsect;
	sm.compare = &cmp;
	sm.key = nres > 1 ? &key : NULL;
	sm.caveats = (const char *const *)cav;
	sm.ncaveats = ncav;
	sm.glossary = terms;
	sm.nglossary = SK_NKPIS;
	/* The licences require attribution: a study without it is told
	 * so on the page rather than the section left out. */
	sm.attribution = st && st->nattribution ? (const char *const *)st->attribution : no_source;
	sm.nattribution = st && st->nattribution ? st->nattribution : 1;
	sm.study = st && st->name ? st->name : sm.title;
	sm.version = ESTATE_VERSION;
	sm.views = views;
	sm.nviews = nres;
	if (res[0]->ncouncils)
		sm.by_council = council_grid(&grid, res, nres, h, &grid_names);
	buf_addf(&path, "%s/summary.html", dir);
	i = report_summary_write(path.s, &sm, err);
	free(suff);
	council_grid_release(&grid, grid_names);
	for (r = 0; r < nres; r++) {
		free(charts[r].vals);
		if (r)
			optmap_release(&om[r]);
		free(lines[r]);
	}
	for (r = 0; r < ncav; r++)
		free(cav[r]);
	free(cav);
	report_layer_release(&councils);
	buf_release(&map_credit);
	buf_release(&line);
	buf_release(&trend_text);
	buf_release(&path);
	buf_release(&intro);
	free(tr);
	free(terms);
	free(lines);
	free(vname);
	free(om);
	free(charts);
	free(views);
	free(years_all);
	free(kv);
	free(v);
	free(better);
	free(dec);
	free(cols);
	free(rows);
	return i;
}
