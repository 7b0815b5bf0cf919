/*
 * compare.c: one option against another (`estate compare STUDY A B`):
 * the difference A - B of every KPI of the KPI table (eval.c) in every
 * year, and of the cumulative totals (totals.c), as two CSV files and a
 * table for the terminal.
 *
 * Invariants:
 *  - A and B are results of one evaluation (same world, same travel,
 *    same years), so A - B is exactly (A - baseline) - (B - baseline) of
 *    `estate run`'s comparison.csv: the tests check it;
 *  - a KPI or total that is n/a (NaN) in either option gives an n/a
 *    difference, never 0;
 *  - "favours" names the option the difference is good for, by the
 *    KPI's direction (scenario_kpi_better); empty where the KPI has no
 *    better direction or is n/a, "equal" where the difference rounds to
 *    zero at the KPI's decimals;
 *  - numbers as every CSV of a run: fixed decimals (scenario_csv_num),
 *    rows in KPI-table order, years ascending.
 */
#include "scenario/scenario.h"
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Is d zero as shown with dec decimals? Then neither option is better. */
static int rounds_to_zero(double d, int dec)
{
	return fabs(d) < 0.5 * pow(10, -dec);
}

/* The option a difference d = A - B of a KPI with direction better (+1
 * higher is better, -1 lower, 0 neither) is good for. */
static const char *favours(double d, int better, int dec, const char *a, const char *b)
{
	if (isnan(d) || better == 0)
		return "";
	if (rounds_to_zero(d, dec))
		return "equal";
	return d * better > 0 ? a : b;
}

/* "NAME,NAME," then the rest of a row: both names as the user's text. */
static void names(FILE *fp, const struct scenario_result *a, const struct scenario_result *b)
{
	report_csv_field(fp, a->name);
	fputc(',', fp);
	report_csv_field(fp, b->name);
	fputc(',', fp);
}

static void a_b_diff(FILE *fp, double va, double vb, int dec)
{
	scenario_csv_num(fp, va, dec);
	fputc(',', fp);
	scenario_csv_num(fp, vb, dec);
	fputc(',', fp);
	scenario_csv_num(fp, va - vb, dec);
	fputc(',', fp);
}

/* dir/compare-A-B<suffix>.csv opened through io_out (a temporary name,
 * renamed on commit). Scenario names are letters, digits, '-' and '_'
 * (read.c refuses others), so they are safe in a file name; the a and b
 * columns say which is which where a name holds '-'. */
static int open_named(struct io_out *o, const char *dir, const char *a, const char *b,
		      const char *suffix, struct le_err *err)
{
	struct buf name;
	char *path;
	int rc;

	buf_init(&name);
	buf_addf(&name, "compare-%s-%s%s.csv", a, b, suffix);
	path = le_path_join(dir, name.s);
	rc = io_out_open(o, path, err);
	free(path);
	buf_release(&name);
	return rc;
}

/* The KPI row of year index y: the region's (c < 0) or council c's. */
static const double *kpi_at(const struct scenario_result *res, int y, int c)
{
	return c < 0 ? &res->kpi[(size_t)y * SK_NKPIS] : scenario_kpi_council(res, y, c);
}

/* The KPI table's direction in words, for a reader of the CSV without
 * the README. */
static const char *better_word(int better)
{
	return better > 0 ? "higher" : better < 0 ? "lower" : "";
}

int scenario_write_compare(const struct scenario_result *a, const struct scenario_result *b,
			   const char *dir, struct le_err *err)
{
	double ta[SCENARIO_NTOTALS], tb[SCENARIO_NTOTALS];
	struct io_out o;
	int rc, y, i, c;

	if ((rc = open_named(&o, dir, a->name, b->name, "", err)))
		return rc;
	fputs("a,b,year,council,kpi,unit,better,a_value,b_value,a_minus_b,favours\n", o.fp);
	/* Long form, KPI by KPI and each KPI's years together: a
	 * spreadsheet filter on kpi gives one KPI's series, and a KPI added
	 * to the table adds rows, not columns. The values are written with
	 * the KPI's own decimals, exactly as kpis.csv writes them. The
	 * region ("all") first, then each council as kpis.csv has them
	 * (both results come from one region: the same councils). */
	for (c = -1; c < a->ncouncils && c < b->ncouncils; c++)
		for (i = 0; i < SK_NKPIS; i++)
			for (y = 0; y < a->nyears && y < b->nyears; y++) {
				double va = kpi_at(a, y, c)[i], vb = kpi_at(b, y, c)[i];
				int dec = scenario_kpi_decimals(i);

				names(o.fp, a, b);
				fprintf(o.fp, "%d,", a->base_year + y);
				report_csv_field(o.fp, c < 0 ? "all" : a->councils[c].id);
				fprintf(o.fp, ",%s,%s,%s,", scenario_kpi_name(i), scenario_kpi_unit(i),
					better_word(scenario_kpi_better(i)));
				a_b_diff(o.fp, va, vb, dec);
				report_csv_field(o.fp, favours(va - vb, scenario_kpi_better(i), dec,
							       a->name, b->name));
				fputc('\n', o.fp);
			}
	if ((rc = io_out_commit(&o, err)))
		return rc;
	/* The totals: one row each, over the same years. */
	if ((rc = open_named(&o, dir, a->name, b->name, "-totals", err)))
		return rc;
	scenario_totals(a, ta);
	scenario_totals(b, tb);
	fputs("a,b,first_year,last_year,total,unit,better,a_value,b_value,a_minus_b,favours\n", o.fp);
	for (i = 0; i < SCENARIO_NTOTALS; i++) {
		int k = scenario_total_kpi(i), dec = scenario_kpi_decimals(k);

		names(o.fp, a, b);
		fprintf(o.fp, "%d,%d,%s,%s,%s,", a->base_year, a->base_year + a->nyears - 1,
			scenario_total_name(i), scenario_total_unit(i),
			better_word(scenario_kpi_better(k)));
		/* The summed KPI's decimals: pupil-years to 0.01, money
		 * to the pound, as the yearly figures. */
		a_b_diff(o.fp, ta[i], tb[i], dec);
		report_csv_field(o.fp, favours(ta[i] - tb[i], scenario_kpi_better(k), dec,
					       a->name, b->name));
		fputc('\n', o.fp);
	}
	return io_out_commit(&o, err);
}

/* One terminal cell: the value scaled, "n/a" for NaN, a sign for the
 * difference column, no "-0". */
static void cell(FILE *fp, double v, int dec, int sign)
{
	char buf[64];

	if (isnan(v))
		snprintf(buf, sizeof(buf), "n/a");
	else
		snprintf(buf, sizeof(buf), sign ? "%+.*f" : "%.*f", dec,
			 rounds_to_zero(v, dec) ? 0.0 : v);
	fprintf(fp, " %14s", buf);
}

/* The totals as the terminal shows them: label, scale and decimals. In
 * enum scenario_total order. */
static const struct {
	const char *label;
	double scale;
	int dec;
} total_shown[SCENARIO_NTOTALS] = {
	{ "pupil-yrs beyond limit", 1, 0 },
	{ "pupil-yrs in C/D", 1, 0 },
	{ "place-yrs short", 1, 0 },
	{ "unplaced pupil-yrs", 1, 0 },
	{ "capital GBP m", 1e6, 2 },
	{ "running GBP m", 1e6, 2 },
	{ "transport GBP m", 1e6, 2 },
};

void scenario_print_compare(FILE *fp, const struct scenario_result *a,
			    const struct scenario_result *b, const int *years, int nyears_rep)
{
	double ta[SCENARIO_NTOTALS], tb[SCENARIO_NTOTALS];
	int j, i, kpi, dec;
	double scale;
	const char *label;
	char head[64];

	int wl = 24;

	/* The label column widens for a deprivation index whose name makes
	 * a label longer than 24 (as estate run's table does); SIMD's fit. */
	for (i = 0; (kpi = scenario_board_kpi(i, &label, &scale, &dec)) >= 0; i++) {
		int n = (int)strlen(scenario_dep_board_label(&a->dep, kpi, label));
		wl = n > wl ? n : wl;
	}
	for (j = 0; j < nyears_rep; j++) {
		int y = years[j] - a->base_year;

		/* A --years beyond the horizon is skipped, as estate run
		 * does, rather than shown as zeros. */
		if (y < 0 || y >= a->nyears || y >= b->nyears)
			continue;
		/* The board's KPIs (scenario_board_kpi), as estate run shows
		 * them; compare-A-B.csv has every KPI. */
		snprintf(head, sizeof(head), "%d", years[j]);
		fprintf(fp, "\n%-*s %14.14s %14.14s %14s\n", wl, head, a->name, b->name, "A - B");
		for (i = 0; (kpi = scenario_board_kpi(i, &label, &scale, &dec)) >= 0; i++) {
			double va = a->kpi[(size_t)y * SK_NKPIS + kpi] / scale;
			double vb = b->kpi[(size_t)y * SK_NKPIS + kpi] / scale;

			/* The deprived fifth's rows name the study's index. */
			fprintf(fp, "%-*s", wl, scenario_dep_board_label(&a->dep, kpi, label));
			cell(fp, va, dec, 0);
			cell(fp, vb, dec, 0);
			cell(fp, va - vb, dec, 1);
			fputc('\n', fp);
		}
	}
	/* The totals after the years: the whole period in one figure,
	 * what the ranking reads. */
	scenario_totals(a, ta);
	scenario_totals(b, tb);
	snprintf(head, sizeof(head), "totals %d-%d", a->base_year, a->base_year + a->nyears - 1);
	fprintf(fp, "\n%-*s %14.14s %14.14s %14s\n", wl, head, a->name, b->name, "A - B");
	for (i = 0; i < SCENARIO_NTOTALS; i++) {
		fprintf(fp, "%-*s", wl, total_shown[i].label);
		cell(fp, ta[i] / total_shown[i].scale, total_shown[i].dec, 0);
		cell(fp, tb[i] / total_shown[i].scale, total_shown[i].dec, 0);
		cell(fp, (ta[i] - tb[i]) / total_shown[i].scale, total_shown[i].dec, 1);
		fputc('\n', fp);
	}
}
