/*
 * write.c: the tables of `estate run`: per scenario schools.csv,
 * zones.csv and kpis.csv, the comparison.csv of every scenario against
 * the baseline, and the comparison table for the terminal.
 *
 * Invariants: every file is written through io_out (a temporary name,
 * renamed when complete); numbers have fixed decimals ("%.2f", counts and
 * money "%.0f"), NaN is written "n/a"; rows are in index order (schools
 * and zones as loaded, years ascending), so equal inputs give equal bytes.
 *
 * res[0] is always the baseline: comparison rows and the terminal table
 * take differences against it, so callers must put the study with no
 * changes first. Results and the world are borrowed; nothing here keeps
 * them.
 *
 * Fixed decimals rather than %g because these files are compared across
 * runs and scenarios (tests demand byte-identical outputs) and read in
 * spreadsheets, where 1e+03 or 0.30000000000000004 confuse a planner.
 */
#include "scenario/scenario.h"
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void num(FILE *fp, double v, int dec)
{
	/* 10^-dec as literals (pow per number was 1 % of a run). */
	static const double tenth[10] = { 1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7,
					  1e-8, 1e-9 };
	double unit = dec >= 0 && dec < 10 ? tenth[dec] : pow(10, -dec);
	char t[32];

	if (isnan(v))
		fputs("n/a", fp);
	else
		/* Values that round to zero are written as 0 so that -0.00
		 * never appears (a difference of -1e-12 from floating
		 * error is no change). le_fmt_fixed: printf's bytes, faster
		 * (these rows run to millions for all of Scotland). */
		fwrite(t, 1, (size_t)le_fmt_fixed(fabs(v) < 0.5 * unit ? 0.0 : v,
						  dec, t), fp);
}

/* Open in that year: it has places (or "n/a" where not given). */
static int open_status(int status)
{
	return status != SCENARIO_CLOSED && status != SCENARIO_PLANNED &&
	       status != SCENARIO_ABSENT;
}

static int open_in(struct io_out *o, const char *dir, const char *name,
		   struct le_err *err)
{
	char *path = le_path_join(dir, name);
	int rc = io_out_open(o, path, err);

	free(path);
	return rc;
}

static int write_schools(const struct scenario_result *res, const struct scenario_world *w,
			 const char *dir, struct le_err *err)
{
	struct io_out o;
	int rc, y, k, s;

	if ((rc = open_in(&o, dir, "schools.csv", err)))
		return rc;
	fputs("school_id,school_name,sector,year,status,capacity,roll,utilisation_pct,condition", o.fp);
	for (s = 0; s < w->r->stages.n; s++)
		fprintf(o.fp, ",%s", w->r->stages.name[s]);
	fputc('\n', o.fp);
	for (k = 0; k < w->n; k++) {
		/* Another scenario's new school is no row of this one. */
		if (res->status[k] == SCENARIO_ABSENT)
			continue;
		for (y = 0; y < res->nyears; y++) {
			size_t i = (size_t)y * res->nschools + k;
			double cap = res->capacity[i];

			report_csv_field(o.fp, w->s[k].id);
			fputc(',', o.fp);
			report_csv_field(o.fp, w->s[k].name);
			fprintf(o.fp, ",%s,%d,%s,", le_sector_name(w->s[k].sector),
				res->base_year + y, scenario_status_name(res->status[i]));
			/* A school that offers no places (closed from its
			 * closing year, planned before it opens) has empty
			 * capacity and utilisation; an open school whose
			 * capacity the data does not give has "n/a", never
			 * 0: a planner must tell "no data" from "no places". */
			if (open_status(res->status[i]))
				num(o.fp, cap >= 0 ? cap : NAN, 2);
			fputc(',', o.fp);
			num(o.fp, res->roll[i], 2);
			fputc(',', o.fp);
			if (open_status(res->status[i]))
				num(o.fp, report_util_pct(res->roll[i], cap), 2);
			fprintf(o.fp, ",%s", res->condition[i] ? le_grade_name(res->condition[i]) : "");
			/* Stages the school does not teach stay empty
			 * rather than 0, so a column of zeros means
			 * "taught, no pupils". */
			for (s = 0; s < w->r->stages.n; s++) {
				fputc(',', o.fp);
				if (w->s[k].stages & (1u << s))
					num(o.fp, res->stage_roll[SCENARIO_SR(res, y, k, s)], 2);
			}
			fputc('\n', o.fp);
		}
	}
	return io_out_commit(&o, err);
}

static int write_zones(const struct scenario_result *res, const struct scenario_world *w,
		       const char *dir, struct le_err *err)
{
	struct io_out o;
	struct buf lab[LE_MAX_STAGES];
	int rc, y, q, j;

	if ((rc = open_in(&o, dir, "zones.csv", err)))
		return rc;
	/* The sector column names the key's stage group where its sector
	 * is split ("secondary Y12-Y13"); else the sector, as always. */
	for (j = 0; j < res->grp.n; j++) {
		buf_init(&lab[j]);
		scenario_groups_label(&res->grp, &w->r->stages, j, &lab[j]);
	}
	fputs("zone_id,year,sector,stream,pupils,school_id,distance_m,time_s,beyond_limit_pupils,unplaced_pupils,measured\n", o.fp);
	/* A key is (zone, sector, stream): the unit the allocation places,
	 * so the file says where each stream's pupils of each zone go. */
	for (q = 0; q < res->nkeys; q++)
		for (y = 0; y < res->nyears; y++) {
			size_t i = (size_t)y * res->nkeys + q;
			int g = SCENARIO_KEY_GROUP(&res->grp, q);

			/* A key without pupils in any form says nothing. */
			if (res->pupils[i] <= 0)
				continue;
			report_csv_field(o.fp, w->r->zones[SCENARIO_KEY_ZONE(&res->grp, q)].id);
			/* ",YEAR,sector,stream," by hand rather than by
			 * fprintf: millions of rows for all of Scotland. */
			fputc(',', o.fp);
			num(o.fp, res->base_year + y, 0);
			fputc(',', o.fp);
			report_csv_field(o.fp, lab[SCENARIO_GROUP_SG(g)].s);
			fputc(',', o.fp);
			fputs(le_stream_name(SCENARIO_GROUP_STREAM(g)), o.fp);
			fputc(',', o.fp);
			num(o.fp, res->pupils[i], 2);
			fputc(',', o.fp);
			if (res->school[i] >= 0)
				report_csv_field(o.fp, w->s[res->school[i]].id);
			fputc(',', o.fp);
			/* Whole metres and seconds: finer would promise a
			 * precision the snapping and the road data do not
			 * have. */
			if (res->dist_m[i] >= 0)
				num(o.fp, res->dist_m[i], 0);
			fputc(',', o.fp);
			if (res->time_s[i] >= 0)
				num(o.fp, res->time_s[i], 0);
			fputc(',', o.fp);
			num(o.fp, res->beyond[i], 2);
			fputc(',', o.fp);
			num(o.fp, res->unplaced[i], 2);
			/* Says whether the distance is measured on the
			 * road network or is the straight-line fallback,
			 * so no estimated distance passes as measured. */
			fputc(',', o.fp);
			fputs(res->school[i] < 0 ? "" :
			      res->straight[i] ? "straight line" : "network", o.fp);
			fputc('\n', o.fp);
		}
	for (j = 0; j < res->grp.n; j++)
		buf_release(&lab[j]);
	return io_out_commit(&o, err);
}

/* The KPI row of year index y: the region's (c < 0) or council c's. */
static const double *kpi_row(const struct scenario_result *res, int y, int c)
{
	return c < 0 ? &res->kpi[(size_t)y * SK_NKPIS] : scenario_kpi_council(res, y, c);
}

/* The council column: "all" for the region, else the council's code. */
static const char *council_label(const struct scenario_result *res, int c)
{
	return c < 0 ? "all" : res->councils[c].id;
}

static int write_kpis(const struct scenario_result *res, const char *dir,
		      struct le_err *err)
{
	struct io_out o;
	int rc, y, i, c;

	if ((rc = open_in(&o, dir, "kpis.csv", err)))
		return rc;
	fputs("year,council", o.fp);
	for (i = 0; i < SK_NKPIS; i++)
		fprintf(o.fp, ",%s", scenario_kpi_name(i));
	fputc('\n', o.fp);
	/* The region's years first ("all"), then each council's. */
	for (c = -1; c < res->ncouncils; c++)
		for (y = 0; y < res->nyears; y++) {
			const double *K = kpi_row(res, y, c);

			fprintf(o.fp, "%d,", res->base_year + y);
			report_csv_field(o.fp, council_label(res, c));
			for (i = 0; i < SK_NKPIS; i++) {
				fputc(',', o.fp);
				num(o.fp, K[i], scenario_kpi_decimals(i));
			}
			fputc('\n', o.fp);
		}
	return io_out_commit(&o, err);
}

int scenario_write(const struct scenario_result *res, const struct scenario_world *w,
		   const char *dir, struct le_err *err)
{
	char *sub = le_path_join(dir, res->name);
	int rc;

	/* One folder per scenario, named by the scenario; the first
	 * failure stops the rest, and io_out leaves the previous run's
	 * files intact. */
	if (!(rc = io_mkdirs(sub, err)) && !(rc = write_schools(res, w, sub, err)) &&
	    !(rc = write_zones(res, w, sub, err)))
		rc = write_kpis(res, sub, err);
	free(sub);
	return rc;
}

/* One row set of comparison.csv: every result and reported year for the
 * region (c < 0) or council c. */
static void comparison_rows(FILE *fp, struct scenario_result *const *res, int nres,
			    const int *years, int nyears_rep, int c)
{
	int r, j, i;

	for (r = 0; r < nres; r++)
		for (j = 0; j < nyears_rep; j++) {
			int y = years[j] - res[r]->base_year, pass;

			/* A reporting year outside this scenario's horizon
			 * is skipped rather than written as zeros. */
			if (y < 0 || y >= res[r]->nyears)
				continue;
			/* The value, then (not for the baseline) the
			 * difference from the baseline in the same year. */
			for (pass = 0; pass < (r ? 2 : 1); pass++) {
				/* The scenario's name is the user's text. */
				report_csv_field(fp, res[r]->name);
				fprintf(fp, ",%s,%d,%s,",
					scenario_policy_name(res[r]->policy), years[j],
					pass ? "diff" : "value");
				report_csv_field(fp, council_label(res[r], c));
				for (i = 0; i < SK_NKPIS; i++) {
					double v = kpi_row(res[r], y, c)[i];

					if (pass)
						v -= kpi_row(res[0], y, c)[i];
					fputc(',', fp);
					num(fp, v, scenario_kpi_decimals(i));
				}
				fputc('\n', fp);
			}
		}
}

int scenario_write_comparison(struct scenario_result *const *res, int nres,
			      const int *years, int nyears_rep, const char *dir,
			      struct le_err *err)
{
	return scenario_write_comparison_file(res, nres, years, nyears_rep, dir,
					      "comparison.csv", err);
}

int scenario_write_comparison_file(struct scenario_result *const *res, int nres,
				   const int *years, int nyears_rep, const char *dir,
				   const char *name, struct le_err *err)
{
	struct io_out o;
	int rc, i, c;
	char *path;

	if ((rc = io_mkdirs(dir, err)))
		return rc;
	path = le_path_join(dir, name);
	rc = io_out_open(&o, path, err);
	free(path);
	if (rc)
		return rc;
	fputs("scenario,policy,year,row,council", o.fp);
	for (i = 0; i < SK_NKPIS; i++)
		fprintf(o.fp, ",%s", scenario_kpi_name(i));
	fputc('\n', o.fp);
	/* The region's rows ("all") first, then one set per council; the
	 * results of a run share one region, so one council list. */
	for (c = -1; nres > 0 && c < res[0]->ncouncils; c++)
		comparison_rows(o.fp, res, nres, years, nyears_rep, c);
	return io_out_commit(&o, err);
}

/* Distances are on the walking network (the statutory limit is a walking
 * distance) and times on the driving network (what transport costs depend
 * on); scales turn metres, seconds and pounds into the units a board
 * reads. */
/* The KPIs of the terminal table: the ones a board asks about first. */
static const struct {
	int kpi;
	const char *label;
	double scale;           /* printed value = kpi / scale */
	int dec;
} shown[] = {
	{ SK_PUPILS, "pupils", 1, 0 },
	{ SK_CAPACITY, "capacity (places)", 1, 0 },
	{ SK_UTIL_PCT, "utilisation %", 1, 1 },
	{ SK_SCHOOLS_OPEN, "schools open", 1, 0 },
	{ SK_BAND_LE40, "schools <= 40 % full", 1, 0 },
	{ SK_BAND_41_60, "schools 41-60 %", 1, 0 },
	{ SK_BAND_61_80, "schools 61-80 %", 1, 0 },
	{ SK_BAND_81_100, "schools 81-100 %", 1, 0 },
	{ SK_BAND_GT100, "schools > 100 %", 1, 0 },
	{ SK_SURPLUS, "surplus places", 1, 0 },
	{ SK_SHORTFALL, "shortfall places", 1, 0 },
	{ SK_UNPLACED, "unplaced pupils", 1, 0 },
	{ SK_BEYOND_LIMIT, "beyond walking limit", 1, 0 },
	{ SK_TRANSPORT_GBP, "transport GBP k/yr", 1000, 0 },
	{ SK_DIST_MEAN_M, "mean walk km", 1000, 2 },
	{ SK_DIST_MEDIAN_M, "median walk km", 1000, 2 },
	{ SK_DIST_P95_M, "p95 walk km", 1000, 2 },
	{ SK_TIME_MEAN_S, "mean drive min", 60, 1 },
	{ SK_TIME_P95_S, "p95 drive min", 60, 1 },
	{ SK_PUPILS_CD, "pupils in C/D", 1, 0 },
	{ SK_INTO_AB, "moved into A/B", 1, 0 },
	{ SK_PUPILS_SUIT_CD, "in C/D suitability", 1, 0 },
	{ SK_INTO_AB_SUIT, "into A/B suitability", 1, 0 },
	{ SK_MOVED, "changing school", 1, 0 },
	{ SK_MOVED_DIST_MEAN_M, "movers: walk +km mean", 1000, 2 },
	{ SK_MOVED_DIST_MAX_M, "movers: walk +km worst", 1000, 2 },
	{ SK_MOVED_NEW_BEYOND, "movers newly over limit", 1, 0 },
	{ SK_CAPITAL_TO_DATE_GBP, "capital GBP m to date", 1e6, 2 },
	{ SK_RUNNING_GBP, "running GBP m/yr", 1e6, 2 },
	{ SK_SIMD_DIST_MEAN_M, "SIMD20 mean walk km", 1000, 2 },
	{ SK_SIMD_BEYOND_PCT, "SIMD20 beyond limit %", 1, 1 },
};

int scenario_board_kpi(int i, const char **label, double *scale, int *dec)
{
	if (i < 0 || (size_t)i >= sizeof(shown) / sizeof(shown[0]))
		return -1;
	*label = shown[i].label;
	*scale = shown[i].scale;
	*dec = shown[i].dec;
	return shown[i].kpi;
}

void scenario_print_comparison(FILE *fp, struct scenario_result *const *res,
			       int nres, int year_index)
{
	size_t i;
	int r, wl = 24;
	const struct scenario_dep *dep = nres ? &res[0]->dep : NULL;

	/* The label column is 24 wide, wider when the deprivation index's
	 * name makes a label longer ("IMD 2019 most deprived 20 % mean walk
	 * km"): SIMD's labels fit, so a Scottish table is as it was. */
	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		int n = (int)strlen(scenario_dep_board_label(dep, shown[i].kpi, shown[i].label));
		wl = n > wl ? n : wl;
	}
	/* Names are cut at 14 characters so the table fits a terminal with
	 * the baseline and four or five options side by side. */
	fprintf(fp, "%-*s", wl, "");
	for (r = 0; r < nres; r++)
		fprintf(fp, " %14.14s", res[r]->name);
	fprintf(fp, "\n%-*s", wl, "");
	for (r = 0; r < nres; r++)
		fprintf(fp, " %14.14s", r ? "(vs baseline)" : scenario_policy_name(res[r]->policy));
	fputc('\n', fp);
	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		fprintf(fp, "%-*s", wl, scenario_dep_board_label(dep, shown[i].kpi, shown[i].label));
		for (r = 0; r < nres; r++) {
			double v = res[r]->kpi[(size_t)year_index * SK_NKPIS + shown[i].kpi] / shown[i].scale;
			double b = res[0]->kpi[(size_t)year_index * SK_NKPIS + shown[i].kpi] / shown[i].scale;
			char cell[64];

			if (isnan(v))
				snprintf(cell, sizeof(cell), "n/a");
			else if (r == 0)
				snprintf(cell, sizeof(cell), "%.*f", shown[i].dec, v);
			else
				snprintf(cell, sizeof(cell), "%+.*f", shown[i].dec,
					 fabs(v - b) < 0.5 * pow(10, -shown[i].dec) ? 0.0 : v - b);
			fprintf(fp, " %14s", cell);
		}
		fputc('\n', fp);
	}
}

/* The council table of the terminal: a few KPIs per council for the
 * baseline, then what each scenario changes there (pupils changing
 * school and the change in schools over 100 %). */
static const struct {
	int kpi;
	const char *label;
	double scale;
	int dec;
} council_shown[] = {
	{ SK_PUPILS, "pupils", 1, 0 },
	{ SK_UTIL_PCT, "util %", 1, 1 },
	{ SK_SCHOOLS_OPEN, "schools", 1, 0 },
	{ SK_BAND_GT100, "> 100 %", 1, 0 },
	{ SK_BEYOND_LIMIT, "beyond lim", 1, 0 },
	{ SK_UNPLACED, "unplaced", 1, 0 },
	{ SK_DIST_MEAN_M, "walk km", 1000, 2 },
};

int scenario_council_kpi(int i, const char **label, double *scale, int *dec)
{
	if (i < 0 || (size_t)i >= sizeof(council_shown) / sizeof(council_shown[0]))
		return -1;
	*label = council_shown[i].label;
	*scale = council_shown[i].scale;
	*dec = council_shown[i].dec;
	return council_shown[i].kpi;
}

static void cell(FILE *fp, double v, int dec, int sign)
{
	char buf[64];

	if (isnan(v))
		snprintf(buf, sizeof(buf), "n/a");
	else
		snprintf(buf, sizeof(buf), sign ? "%+.*f" : "%.*f", dec,
			 sign && fabs(v) < 0.5 * pow(10, -dec) ? 0.0 : v);
	fprintf(fp, " %10s", buf);
}

void scenario_print_councils(FILE *fp, struct scenario_result *const *res,
			     int nres, int year_index)
{
	size_t i;
	int r, c;

	if (nres < 1 || res[0]->ncouncils < 1)
		return;
	fprintf(fp, "%-22s", "by council (baseline)");
	for (i = 0; i < sizeof(council_shown) / sizeof(council_shown[0]); i++)
		fprintf(fp, " %10s", council_shown[i].label);
	/* Scenario columns: names cut as in the region's table. */
	for (r = 1; r < nres; r++)
		fprintf(fp, " %14.14s", res[r]->name);
	/* What a scenario's cell holds, under its name. */
	if (nres > 1) {
		fprintf(fp, "\n%-22s", "");
		for (i = 0; i < sizeof(council_shown) / sizeof(council_shown[0]); i++)
			fprintf(fp, " %10s", "");
		for (r = 1; r < nres; r++)
			fprintf(fp, " %14s", "moved / >100%");
	}
	fputc('\n', fp);
	for (c = -1; c < res[0]->ncouncils; c++) {
		const struct council *co = c >= 0 ? &res[0]->councils[c] : NULL;
		const double *b = kpi_row(res[0], year_index, c);

		/* The region's row first, as the sum the councils make. */
		fprintf(fp, "%-22.22s", !co ? "all" : co->name ? co->name : co->id);
		for (i = 0; i < sizeof(council_shown) / sizeof(council_shown[0]); i++)
			cell(fp, b[council_shown[i].kpi] / council_shown[i].scale,
			     council_shown[i].dec, 0);
		for (r = 1; r < nres; r++) {
			const double *v = kpi_row(res[r], year_index, c);
			char buf[64];

			snprintf(buf, sizeof(buf), "%.0f / %+.0f", v[SK_MOVED],
				 v[SK_BAND_GT100] - b[SK_BAND_GT100]);
			fprintf(fp, " %14s", buf);
		}
		fputc('\n', fp);
	}
}

/* ---------------------------------------------------------------- flows */

/*
 * Pupils living in council i placed at schools of council j in year
 * index y: f[i * nc + j] (nc = w->r->ncouncils; zones or schools with no
 * council are left out). From the allocation itself, so the figures are
 * the KPIs' pupils; held rolls come from no zone and are not flows.
 */
static void council_flows(const struct scenario_result *res,
			  const struct scenario_world *w, int y, double *f)
{
	const struct scenario_alloc *a = &res->years[y];
	int nc = w->r->ncouncils, q, e;

	memset(f, 0, sizeof(double) * (size_t)nc * (size_t)nc);
	for (q = 0; q < res->nkeys; q++) {
		int zc = w->r->zones[SCENARIO_KEY_ZONE(&res->grp, q)].council;

		for (e = a->start[q]; zc >= 0 && e < a->start[q + 1]; e++) {
			int sc = w->s[a->school[e]].council;

			if (sc >= 0)
				f[(size_t)zc * nc + sc] += a->pupils[e];
		}
	}
}

int scenario_write_flows(struct scenario_result *const *res, int nres,
			 const struct scenario_world *w, const int *years,
			 int nyears_rep, const char *dir, struct le_err *err)
{
	int nc = w->r->ncouncils, r, j, i, k, rc;
	double *f = xmalloc(sizeof(double) * ((size_t)nc * (size_t)nc + 1));
	struct io_out o;
	char *path = le_path_join(dir, "cross_boundary.csv");

	rc = io_out_open(&o, path, err);
	free(path);
	if (rc) {
		free(f);
		return rc;
	}
	fputs("scenario,year,from_council,to_council,pupils\n", o.fp);
	for (r = 0; r < nres; r++)
		for (j = 0; j < nyears_rep; j++) {
			int y = years[j] - res[r]->base_year;

			if (y < 0 || y >= res[r]->nyears)
				continue;
			council_flows(res[r], w, y, f);
			/* Only the crossings: a council's own pupils are
			 * its KPIs. */
			for (i = 0; i < nc; i++)
				for (k = 0; k < nc; k++) {
					if (i == k || f[(size_t)i * nc + k] <= 0)
						continue;
					report_csv_field(o.fp, res[r]->name);
					fprintf(o.fp, ",%d,", years[j]);
					report_csv_field(o.fp, w->r->councils[i].id);
					fputc(',', o.fp);
					report_csv_field(o.fp, w->r->councils[k].id);
					fputc(',', o.fp);
					num(o.fp, f[(size_t)i * nc + k], 2);
					fputc('\n', o.fp);
				}
		}
	free(f);
	return io_out_commit(&o, err);
}

void scenario_print_flows(FILE *fp, struct scenario_result *const *res, int nres,
			  const struct scenario_world *w, int year_index)
{
	int nc = w->r->ncouncils, r, i, k, any = 0;
	double *f = xmalloc(sizeof(double) * ((size_t)nc * (size_t)nc * (size_t)nres + 1));

	for (r = 0; r < nres; r++)
		council_flows(res[r], w, year_index, f + (size_t)r * nc * nc);
	fprintf(fp, "%-40s", "cross-boundary (lives in -> taught in)");
	for (r = 0; r < nres; r++)
		fprintf(fp, " %14.14s", res[r]->name);
	fputc('\n', fp);
	for (i = 0; i < nc; i++)
		for (k = 0; k < nc; k++) {
			char pair[128];
			int show = 0;

			for (r = 0; r < nres && i != k; r++)
				show |= f[(size_t)r * nc * nc + (size_t)i * nc + k] >= 0.5;
			if (!show)
				continue;
			any = 1;
			snprintf(pair, sizeof(pair), "%.18s -> %.18s",
				 w->r->councils[i].name ? w->r->councils[i].name : w->r->councils[i].id,
				 w->r->councils[k].name ? w->r->councils[k].name : w->r->councils[k].id);
			fprintf(fp, "%-40s", pair);
			for (r = 0; r < nres; r++)
				fprintf(fp, " %14.0f", f[(size_t)r * nc * nc + (size_t)i * nc + k]);
			fputc('\n', fp);
		}
	if (!any)
		fputs("  no pupils placed across a council boundary\n", fp);
	free(f);
}

void scenario_csv_num(FILE *fp, double v, int dec)
{
	num(fp, v, dec);
}

int scenario_status_open(int status)
{
	return open_status(status);
}
