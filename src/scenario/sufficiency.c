/*
 * sufficiency.c: per-school sufficiency (issue 12, item 7): for each
 * option and school, the first year it goes over 90 % and over 100 % of
 * its capacity, its peak roll and year, the places short at that peak,
 * and the same in the high case; sufficiency.csv, the terminal's short
 * list and the rows the summary page lists.
 *
 * Invariants and choices:
 *  - one band rule: "over 100 %" is report_util_band's REPORT_BAND_OVER
 *    and "over 90 %" compares the same one-decimal figure
 *    (report_util_shown) with 90, so 90.0 % is not over and a school the
 *    KPIs count in schools_over_capacity in a year is over 100 % here in
 *    that year;
 *  - only the years a school is open in the option count (a closed
 *    school's empty building is no roll; a new school counts from its
 *    opening); a school never open in an option has no row;
 *  - a school without a capacity has no utilisation: its years over 90 %
 *    / 100 % are n/a (-1), its utilisation and places short NaN, written
 *    "n/a", never 0; its peak roll is still given;
 *  - the high case is the roll times the baseline projection's high /
 *    central of the same school and year (scenario_high_ratio: the
 *    survival method's range; 1 for other methods and for new schools),
 *    the rule the KPI schools_over_capacity_high uses, so pupils a
 *    scenario moves carry their new school's uncertainty;
 *  - rows are sorted within each option (in run order) by urgency: the
 *    earliest year over 100 %, then over 90 % (never after any year, n/a
 *    after never), then the highest peak utilisation (n/a last), then
 *    school order: a total order, so equal inputs give equal bytes.
 */
#include "scenario/scenario.h"
#include "report/report.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * The one place the sufficiency figures are worked out; the rows, the
 * high case and the tests all go through it, so a change of rule (a
 * threshold, what counts as open) is made once.
 */
void scenario_sufficiency_series(int base_year, int nyears, const double *roll,
				 const double *cap, const unsigned char *open,
				 struct report_suff_case *out)
{
	int y, any_cap = 0, peak = -1;

	memset(out, 0, sizeof(*out));
	out->peak_roll = out->peak_capacity = out->peak_util_pct = out->short_at_peak = NAN;
	for (y = 0; y < nyears; y++) {
		double pct;

		if (!open[y])
			continue;
		/* The first of equal peaks: the year the pressure arrives. */
		if (peak < 0 || roll[y] > roll[peak])
			peak = y;
		pct = report_util_pct(roll[y], cap[y]);
		if (isnan(pct))
			continue;       /* no capacity this year: no utilisation */
		any_cap = 1;
		if (isnan(out->peak_util_pct) || pct > out->peak_util_pct)
			out->peak_util_pct = pct;
		if (!out->over90 && report_util_shown(pct) > 90)
			out->over90 = base_year + y;
		if (!out->over100 && report_util_band(pct) == REPORT_BAND_OVER)
			out->over100 = base_year + y;
	}
	/* "never" claims the school stays under; with no capacity we do
	 * not know, so n/a. */
	if (!any_cap)
		out->over90 = out->over100 = -1;
	if (peak < 0)
		return;
	out->peak_year = base_year + peak;
	out->peak_roll = roll[peak];
	if (!isnan(report_util_pct(roll[peak], cap[peak]))) {
		out->peak_capacity = cap[peak];
		/* Short only when over 100 % as shown: the KPIs' shortfall. */
		out->short_at_peak = report_util_band(report_util_pct(roll[peak], cap[peak])) ==
			REPORT_BAND_OVER ? roll[peak] - cap[peak] : 0;
	}
}

/* A first year as a sort key: any year first, then never, then n/a. */
static int year_key(int year)
{
	return year > 0 ? year : year == 0 ? INT_MAX - 1 : INT_MAX;
}

/* qsort's comparator: a total order (school index last), so the order
 * does not depend on qsort's algorithm, and equal inputs give equal
 * bytes in the CSV. Only the central case sorts: the high case is the
 * margin of a row, not its place in the queue. */
static int cmp_urgency(const void *pa, const void *pb)
{
	const struct report_sufficiency *a = pa, *b = pb;
	const struct report_suff_case *ca = &a->c[0], *cb = &b->c[0];
	int ka, kb;

	if (a->option_index != b->option_index)
		return a->option_index < b->option_index ? -1 : 1;
	ka = year_key(ca->over100);
	kb = year_key(cb->over100);
	if (ka != kb)
		return ka < kb ? -1 : 1;
	ka = year_key(ca->over90);
	kb = year_key(cb->over90);
	if (ka != kb)
		return ka < kb ? -1 : 1;
	/* Fuller first; no utilisation (NaN) last. */
	if (isnan(ca->peak_util_pct) != isnan(cb->peak_util_pct))
		return isnan(ca->peak_util_pct) ? 1 : -1;
	if (!isnan(ca->peak_util_pct) && ca->peak_util_pct != cb->peak_util_pct)
		return ca->peak_util_pct > cb->peak_util_pct ? -1 : 1;
	return a->school_index < b->school_index ? -1 : a->school_index > b->school_index;
}

void scenario_sufficiency_sort(struct report_sufficiency *rows, int n)
{
	if (n > 1)
		qsort(rows, (size_t)n, sizeof(*rows), cmp_urgency);
}

int scenario_sufficiency(struct scenario_result *const *res, int nres,
			 const struct scenario_world *w, struct report_sufficiency **rows_out)
{
	struct report_sufficiency *rows = NULL;
	double *roll, *rhigh, *cap;
	unsigned char *open;
	int r, k, y, n = 0, alloc = 0, ny = nres > 0 ? res[0]->nyears : 0;

	/* One school's series at a time, reused: rows hold the results,
	 * not the series. */
	roll = xcalloc((size_t)ny + 1, sizeof(double));
	rhigh = xcalloc((size_t)ny + 1, sizeof(double));
	cap = xcalloc((size_t)ny + 1, sizeof(double));
	open = xcalloc((size_t)ny + 1, 1);
	for (r = 0; r < nres; r++)
		for (k = 0; k < res[r]->nschools && k < w->n; k++) {
			int any = 0, nyr = res[r]->nyears < ny ? res[r]->nyears : ny;

			for (y = 0; y < nyr; y++) {
				size_t i = (size_t)y * res[r]->nschools + (size_t)k;

				open[y] = (unsigned char)scenario_status_open(res[r]->status[i]);
				any |= open[y];
				roll[y] = res[r]->roll[i];
				/* The baseline's range of the same school:
				 * pupils a scenario moves in take on the
				 * receiving school's uncertainty. */
				rhigh[y] = roll[y] * scenario_high_ratio(w, y, k);
				cap[y] = res[r]->capacity[i];
			}
			/* Another option's new school, or one closed
			 * before the base year: no row. */
			if (!any)
				continue;
			if (n == alloc) {
				alloc = alloc ? 2 * alloc : 64;
				rows = xrealloc(rows, sizeof(*rows) * (size_t)alloc);
			}
			memset(&rows[n], 0, sizeof(rows[n]));
			rows[n].option = res[r]->name;
			rows[n].school_id = w->s[k].id;
			rows[n].school_name = w->s[k].name;
			rows[n].option_index = r;
			rows[n].school_index = k;
			rows[n].sector = w->s[k].sector;
			scenario_sufficiency_series(res[r]->base_year, nyr, roll, cap, open,
						    &rows[n].c[0]);
			scenario_sufficiency_series(res[r]->base_year, nyr, rhigh, cap, open,
						    &rows[n].c[1]);
			n++;
		}
	free(roll);
	free(rhigh);
	free(cap);
	free(open);
	scenario_sufficiency_sort(rows, n);
	*rows_out = rows;
	return n;
}

/* A first year: the year, "never" (not by the horizon) or "n/a". */
static void year_cell(FILE *fp, int year)
{
	if (year > 0)
		fprintf(fp, "%d", year);
	else
		fputs(year == 0 ? "never" : "n/a", fp);
}

int scenario_write_sufficiency(const struct report_sufficiency *rows, int n,
			       const char *dir, struct le_err *err)
{
	struct io_out o;
	char *path = le_path_join(dir, "sufficiency.csv");
	int rc = io_out_open(&o, path, err), i, c;

	free(path);
	if (rc)
		return rc;
	/* The central case's columns, then the same prefixed high_: one
	 * row per option and school, so a filter on option gives that
	 * option's table. */
	fputs("option,school_id,school_name,sector", o.fp);
	for (c = 0; c < 2; c++)
		fprintf(o.fp, ",%sfirst_year_over_90,%sfirst_year_over_100,%speak_roll,%speak_year,"
			"%scapacity_at_peak,%speak_utilisation_pct,%splaces_short_at_peak",
			c ? "high_" : "", c ? "high_" : "", c ? "high_" : "", c ? "high_" : "",
			c ? "high_" : "", c ? "high_" : "", c ? "high_" : "");
	fputc('\n', o.fp);
	for (i = 0; i < n; i++) {
		const struct report_sufficiency *s = &rows[i];

		report_csv_field(o.fp, s->option);
		fputc(',', o.fp);
		report_csv_field(o.fp, s->school_id);
		fputc(',', o.fp);
		report_csv_field(o.fp, s->school_name);
		fprintf(o.fp, ",%s", le_sector_name(s->sector));
		for (c = 0; c < 2; c++) {
			const struct report_suff_case *sc = &s->c[c];

			fputc(',', o.fp);
			year_cell(o.fp, sc->over90);
			fputc(',', o.fp);
			year_cell(o.fp, sc->over100);
			fputc(',', o.fp);
			scenario_csv_num(o.fp, sc->peak_roll, 2);
			fprintf(o.fp, ",%d,", sc->peak_year);
			scenario_csv_num(o.fp, sc->peak_capacity, 2);
			fputc(',', o.fp);
			scenario_csv_num(o.fp, sc->peak_util_pct, 2);
			fputc(',', o.fp);
			scenario_csv_num(o.fp, sc->short_at_peak, 2);
		}
		fputc('\n', o.fp);
	}
	return io_out_commit(&o, err);
}

/* A first year or a number for the terminal: "-" for never, "n/a". */
static const char *year_text(int year, char *buf, size_t n)
{
	if (year > 0)
		snprintf(buf, n, "%d", year);
	else
		snprintf(buf, n, "%s", year == 0 ? "-" : "n/a");
	return buf;
}

static const char *num_text(double v, int dec, char *buf, size_t n)
{
	if (isnan(v))
		snprintf(buf, n, "n/a");
	else
		snprintf(buf, n, "%.*f", dec, v);
	return buf;
}

/* After one option's rows: what an empty list means, and how many more
 * the CSV has. */
static void option_end(FILE *fp, int option_index, int shown, int more, int last_year)
{
	if (!shown && option_index == 0)
		fprintf(fp, "    no school over 90 %% by %d\n", last_year);
	else if (!shown)
		fputs("    no change from the baseline in the schools over 90 %\n", fp);
	if (more)
		fprintf(fp, "    (%d more in sufficiency.csv)\n", more);
}

void scenario_print_sufficiency(FILE *fp, const struct report_sufficiency *rows, int n,
				int last_year, int max_per_option)
{
	int i, shown = 0, more = 0;

	fprintf(fp, "\nSchools running out of places by %d: first year over 90 %% and over 100 %%\n"
		"of capacity, peak roll, places short at the peak; the high case's too\n"
		"(\"-\": not by %d; sufficiency.csv has every school):\n", last_year, last_year);
	for (i = 0; i < n; i++) {
		const struct report_sufficiency *s = &rows[i];
		const struct report_suff_case *c = &s->c[0], *h = &s->c[1];
		char name[80], a[16], b[16], d[16], e[16], f[16], g[16];

		if (i == 0 || s->option_index != rows[i - 1].option_index) {
			if (i)
				option_end(fp, rows[i - 1].option_index, shown, more, last_year);
			shown = more = 0;
			/* Each option lists what it changes; the baseline what
			 * there is. */
			fprintf(fp, "  %s%s\n", s->option,
				s->option_index ? ": the schools whose figures differ from the baseline's" : "");
		}
		if (!report_suff_shown(rows, n, i))
			continue;
		if (shown >= max_per_option) {
			more++;
			continue;
		}
		if (!shown)
			fprintf(fp, "    %-36s %5s %5s %9s %4s %7s | high %5s %7s\n", "school", ">90%",
				">100%", "peak roll", "year", "short", ">100%", "short");
		snprintf(name, sizeof(name), "%s %s", s->school_id, s->school_name);
		/* Cut at 36 characters: id and name in one column that
		 * fits an 80-column terminal with the figures. */
		fprintf(fp, "    %-36.36s %5s %5s %9s %4d %7s | high %5s %7s\n", name,
			year_text(c->over90, a, sizeof(a)), year_text(c->over100, b, sizeof(b)),
			num_text(c->peak_roll, 0, d, sizeof(d)), c->peak_year,
			num_text(c->short_at_peak, 0, e, sizeof(e)),
			year_text(h->over100, f, sizeof(f)), num_text(h->short_at_peak, 0, g, sizeof(g)));
		shown++;
	}
	if (n)
		option_end(fp, rows[n - 1].option_index, shown, more, last_year);
}
