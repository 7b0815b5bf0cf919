/*
 * variant.c: forecast variants (low, central, high) and whether the
 * options' ranking survives them (issue 12, item 4).
 *
 * A variant is the projection seen at one end of its range: the survival
 * method gives each school a low and a high total per year (the central
 * share range_level of outcomes, models/forecast.ini [ranges]); under
 * "high" every such school's roll is its high, under "low" its low. The
 * evaluation then runs as usual on that model: the roll of a school
 * projected from its history is spread over its zones (spread.c), so
 * closures and new schools move the variant's pupils, not the central
 * ones. Schools the demand method projects have no range (population
 * demand carries no stated uncertainty) and keep their central figures
 * in every variant; so do held and special schools and new schools.
 *
 * Why a shallow copy: the evaluation reads the model's allocation table,
 * calibration, demand and housing unchanged; only roll, total and the
 * range differ, so the variant owns those four arrays and borrows the
 * rest from the projection it was made from (which must outlive it).
 *
 * The sensitivity table ranks the options (the baseline, the do-minimum,
 * included) on a few main KPIs in one year under each variant and says
 * whether each rank holds. Ties are judged at the decimals the CSVs show,
 * so two options a board sees as equal share a rank.
 */
#include "scenario/scenario.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const variant_names[SCENARIO_NVARIANTS] = {
	"?", "low", "central", "high"
};

const char *scenario_variant_name(int v)
{
	return v > 0 && v < SCENARIO_NVARIANTS ? variant_names[v] : "?";
}

int scenario_variant_parse(const char *s)
{
	int v;

	for (v = 1; s && v < SCENARIO_NVARIANTS; v++)
		if (strcmp(s, variant_names[v]) == 0)
			return v;
	return SCENARIO_V_NONE;
}

/*
 * Stage by stage with one factor per school and year: the range is on
 * the school's total, and the stage mix of the central projection is
 * the best estimate of how a higher or lower roll splits (the entry
 * stage moves most, but the range says nothing about which stage).
 */
void scenario_variant_model(struct model *out, const struct model *m, int v)
{
	size_t nk = (size_t)m->nyears * (size_t)m->nschools;
	size_t nr = MODEL_K_LEN(m), i;
	int y, k, s;

	*out = *m;
	out->roll = xmalloc(sizeof(double) * (nr + 1));
	out->total = xmalloc(sizeof(double) * (nk + 1));
	out->low = xmalloc(sizeof(double) * (nk + 1));
	out->high = xmalloc(sizeof(double) * (nk + 1));
	memcpy(out->roll, m->roll, sizeof(double) * nr);
	memcpy(out->total, m->total, sizeof(double) * nk);
	memcpy(out->low, m->low, sizeof(double) * nk);
	memcpy(out->high, m->high, sizeof(double) * nk);
	if (v != SCENARIO_V_LOW && v != SCENARIO_V_HIGH)
		return;
	for (y = 0; y < m->nyears; y++)
		for (k = 0; k < m->nschools; k++) {
			/* The stages of school k in year y. */
			double c, e, f;

			i = (size_t)y * (size_t)m->nschools + (size_t)k;
			c = m->total[i];
			e = v == SCENARIO_V_LOW ? m->low[i] : m->high[i];
			f = c > 0 ? e / c : 1;
			/* Every stage of the system: those the school does
			 * not teach hold zeros. */
			for (s = 0; s < m->nst; s++)
				out->roll[MODEL_K(m, y, k, s)] *= f;
			out->total[i] = c > 0 ? e : c;
			out->low[i] = out->high[i] = out->total[i];
		}
}

void scenario_variant_model_release(struct model *out)
{
	free(out->roll);
	free(out->total);
	free(out->low);
	free(out->high);
	out->roll = out->total = out->low = out->high = NULL;
}

/* ---------------------------------------------------------------- ranking */

/* The main KPIs of the sensitivity table: what decides between options
 * when pupil numbers move (money over the whole life, places, travel,
 * buildings). kpi < 0: the net present cost (appraisal.csv), not a KPI
 * of the year. */
#define RANK_NPC (-1)
static const struct {
	int kpi;
	const char *name;       /* variants.csv's */
	const char *label;      /* the terminal's */
} rank_kpis[] = {
	{ RANK_NPC, "net_present_cost_gbp", "net present cost" },
	{ SK_SHORTFALL, NULL, "places short" },
	{ SK_OVER_CAPACITY, NULL, "schools over capacity" },
	{ SK_BEYOND_LIMIT, NULL, "beyond walking limit" },
	{ SK_TRANSPORT_GBP, NULL, "transport cost" },
	{ SK_PUPILS_CD, NULL, "pupils in C/D buildings" },
	{ SK_RUNNING_GBP, NULL, "running cost" },
};
#define NRANK ((int)(sizeof(rank_kpis) / sizeof(rank_kpis[0])))

static const char *row_name(int r)
{
	return rank_kpis[r].name ? rank_kpis[r].name : scenario_kpi_name(rank_kpis[r].kpi);
}

static int row_decimals(int r)
{
	return rank_kpis[r].kpi == RANK_NPC ? 0 : scenario_kpi_decimals(rank_kpis[r].kpi);
}

/* Row r's value of option i in set vs, year index y (NaN: not
 * available). */
static double value(const struct scenario_variant_set *vs, int r, int i, int y)
{
	if (rank_kpis[r].kpi == RANK_NPC)
		return vs->npc ? vs->npc[i] : NAN;
	return vs->res[i]->kpi[(size_t)y * SK_NKPIS + (size_t)rank_kpis[r].kpi];
}

/* A value as the CSVs show it (NaN stays NaN). */
static double shown(int r, double v)
{
	double sc = pow(10, row_decimals(r));

	return isnan(v) ? v : round(v * sc) / sc;
}

/* Competition ranks ("1224") of the options: 1 + the number of options
 * strictly better (every row is lower-is-better but the KPI table's
 * direction is asked, not assumed). 0 where not available. */
static void rank_options(const struct scenario_variant_set *vs, int nres, int y, int r,
			 int *rank)
{
	int i, j, dir = rank_kpis[r].kpi == RANK_NPC ? -1 : scenario_kpi_better(rank_kpis[r].kpi);

	for (i = 0; i < nres; i++) {
		double vi = shown(r, value(vs, r, i, y));

		rank[i] = 0;
		if (isnan(vi))
			continue;
		rank[i] = 1;
		for (j = 0; j < nres; j++) {
			double vj = shown(r, value(vs, r, j, y));

			if (!isnan(vj) && (dir > 0 ? vj > vi : vj < vi))
				rank[i]++;
		}
	}
}

/* ranks[(v * NRANK + r) * nres + i]: set v, row r, option i. */
static int *all_ranks(const struct scenario_variant_set *vs, int nvs, int nres, int y)
{
	int *rk = xmalloc(sizeof(int) * ((size_t)nvs * NRANK * (size_t)nres + 1));
	int v, r;

	for (v = 0; v < nvs; v++)
		for (r = 0; r < NRANK; r++)
			rank_options(&vs[v], nres, y, r,
				     &rk[((size_t)v * NRANK + (size_t)r) * (size_t)nres]);
	return rk;
}

/* One row per table row and option, options in the run's order (the
 * baseline first), so two runs give the same bytes. */
int scenario_write_variants(const struct scenario_variant_set *vs, int nvs, int nres,
			    int y, const char *dir, struct le_err *err)
{
	struct io_out o;
	int *rk, rc, v, r, i;
	char *path;

	if (nvs < 1 || nres < 1)
		return LE_OK;
	if ((rc = io_mkdirs(dir, err)))
		return rc;
	path = le_path_join(dir, "variants.csv");
	rc = io_out_open(&o, path, err);
	free(path);
	if (rc)
		return rc;
	rk = all_ranks(vs, nvs, nres, y);
	fputs("kpi,scenario,year", o.fp);
	for (v = 0; v < nvs; v++)
		fprintf(o.fp, ",value_%s,rank_%s", scenario_variant_name(vs[v].variant),
			scenario_variant_name(vs[v].variant));
	fputs(",holds\n", o.fp);
	for (r = 0; r < NRANK; r++)
		for (i = 0; i < nres; i++) {
			int holds = 1;

			fprintf(o.fp, "%s,%s,%d", row_name(r), vs[0].res[i]->name,
				vs[0].res[i]->base_year + y);
			for (v = 0; v < nvs; v++) {
				double x = value(&vs[v], r, i, y);
				int rv = rk[((size_t)v * NRANK + (size_t)r) * (size_t)nres + (size_t)i];

				if (isnan(x))
					fputs(",n/a,n/a", o.fp);
				else
					fprintf(o.fp, ",%.*f,%d", row_decimals(r), x, rv);
				holds &= rv == rk[(size_t)r * (size_t)nres + (size_t)i];
			}
			fprintf(o.fp, ",%s\n", holds ? "yes" : "no");
		}
	free(rk);
	return io_out_commit(&o, err);
}

/*
 * One line per row of the table, so the terminal stays short: whether
 * the ranking holds, or the options that move and how (the CSV has
 * every value and rank).
 */
void scenario_print_variants(FILE *fp, const struct scenario_variant_set *vs, int nvs,
			     int nres, int y)
{
	int *rk, v, r, i;

	if (nvs < 1 || nres < 1)
		return;
	rk = all_ranks(vs, nvs, nres, y);
	fprintf(fp, "rank of each option in %d, 1 = best of %d (", vs[0].res[0]->base_year + y, nres);
	for (v = 0; v < nvs; v++)
		fprintf(fp, "%s%s", v ? " / " : "", scenario_variant_name(vs[v].variant));
	fputs("):\n", fp);
	for (r = 0; r < NRANK; r++) {
		int changed = 0;

		fprintf(fp, "  %-24s", rank_kpis[r].label);
		if (!rk[(size_t)r * (size_t)nres]) {
			fputs("n/a (not available from the data)\n", fp);
			continue;
		}
		for (v = 1; v < nvs; v++) {
			const int *a = &rk[(size_t)r * (size_t)nres];
			const int *b = &rk[((size_t)v * NRANK + (size_t)r) * (size_t)nres];
			int n = 0;

			for (i = 0; i < nres; i++) {
				if (a[i] == b[i])
					continue;
				/* Name at most four movers: the CSV has them all. */
				if (!n)
					fprintf(fp, "%schanges under %s: ", changed ? "; " : "",
						scenario_variant_name(vs[v].variant));
				if (n < 4)
					fprintf(fp, "%s%s %d -> %d", n ? ", " : "", vs[0].res[i]->name, a[i], b[i]);
				n++;
			}
			if (n > 4)
				fprintf(fp, " and %d more", n - 4);
			changed |= n > 0;
		}
		if (!changed) {
			fputs("the ranking survives", fp);
			for (v = 1; v < nvs; v++)
				fprintf(fp, "%s%s", v == 1 ? " under " : v + 1 == nvs ? " and " : ", ",
					scenario_variant_name(vs[v].variant));
		}
		fputc('\n', fp);
	}
	free(rk);
}
