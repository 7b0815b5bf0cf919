/*
 * html_sufficiency.c: the summary page's section "Schools running out of
 * places": per option, the schools that go over 90 % of capacity by the
 * horizon (central or high case), most urgent first, as the rows come
 * (scenario/sufficiency.c sorts them). One self-contained section, called
 * by one line of report_summary_write (html.c), so the page's layout can
 * change around it.
 *
 * Invariants: a school without a capacity shows "n/a", never 0; "not by
 * YEAR" where a threshold is never crossed; at most REPORT_SUFF_LISTED
 * rows per option, with the count of the rest (sufficiency.csv has them
 * all); escaped text only (names are the user's data).
 */
#include "report/report_int.h"

#include <math.h>
#include <stdio.h>

int report_suff_listed(const struct report_sufficiency *s)
{
	return s->c[0].over90 > 0 || s->c[1].over90 > 0;
}

/* Equal as shown (whole pupils), NaN equal to NaN. */
static int same_num(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b);
	return fabs(a - b) < 0.5;
}

/* Does a case read the same as the baseline's in the list: its years
 * and its whole-pupil figures? (The utilisation is not compared: it
 * follows from the roll and the capacity.) */
static int same_case(const struct report_suff_case *a, const struct report_suff_case *b)
{
	return a->over90 == b->over90 && a->over100 == b->over100 &&
	       a->peak_year == b->peak_year && same_num(a->peak_roll, b->peak_roll) &&
	       same_num(a->short_at_peak, b->short_at_peak);
}

int report_suff_shown(const struct report_sufficiency *rows, int n, int i)
{
	const struct report_sufficiency *s = &rows[i], *base = NULL;
	int j;

	if (s->option_index == 0)
		return report_suff_listed(s);
	/* The baseline's rows come first (sorted by option). */
	for (j = 0; j < n && rows[j].option_index == 0 && !base; j++)
		if (rows[j].school_index == s->school_index)
			base = &rows[j];
	if (!base)
		return report_suff_listed(s);   /* a new school */
	/* A school the option relieves is shown too: listed in the
	 * baseline, changed here. */
	return (report_suff_listed(s) || report_suff_listed(base)) &&
	       !(same_case(&s->c[0], &base->c[0]) && same_case(&s->c[1], &base->c[1]));
}

/* A first year: the year, "&ndash;" for never (the intro says by when),
 * "n/a" without capacity. */
static void year_td(FILE *fp, int year)
{
	if (year > 0)
		fprintf(fp, "<td>%d</td>", year);
	else
		fputs(year == 0 ? "<td>&ndash;</td>" : "<td>n/a</td>", fp);
}

/* A number cell: fixed decimals (report_fixed: no "-0"), "n/a" for
 * NaN, as every table of the page. */
static void num_td(FILE *fp, double v, int dec)
{
	char t[64];

	fprintf(fp, "<td>%s</td>", isnan(v) ? "n/a" : report_fixed(v, dec, t, sizeof(t)));
}

/* The end of one option's list: the table closed, or the sentence that
 * says what an empty list means; and how many more the CSV has. */
static void option_end(FILE *fp, int option_index, int shown, int more, int last_year)
{
	if (shown)
		fputs("</tbody></table></div>\n", fp);
	else if (option_index == 0)
		fprintf(fp, "<p>No school over 90 %% of capacity by %d.</p>\n", last_year);
	else
		fputs("<p>No change from the baseline in the schools over 90 % of capacity.</p>\n", fp);
	if (more)
		fprintf(fp, "<p>%d more in sufficiency.csv.</p>\n", more);
}

void report_html_sufficiency(FILE *fp, const struct report_summary *sm)
{
	const struct report_sufficiency *v = sm->sufficiency;
	int i, shown = 0, more = 0, n = sm->nsufficiency;

	/* A page without options (the region summary) has no section. */
	if (!v)
		return;
	fputs("<section class=\"sufficiency\">\n<h2>Schools running out of places</h2>\n", fp);
	fprintf(fp, "<p>For each option, the schools that go over 90 %% of their capacity by %d, "
		"most urgent first: the first year over 100 %%, then over 90 %%, then the fullest. "
		"The peak roll is the highest projected roll, with the places short of capacity in "
		"that year. The high case scales each school's roll by the high projection's ratio to "
		"the central one. Each option after the baseline lists the schools whose figures it "
		"changes (the others are as in the baseline). &ndash; means not by %d; n/a means "
		"no capacity is given.</p>\n",
		sm->suff_last_year, sm->suff_last_year);
	for (i = 0; i < n; i++) {
		const struct report_sufficiency *s = &v[i];
		const struct report_suff_case *c = &s->c[0], *h = &s->c[1];

		if (i == 0 || s->option_index != v[i - 1].option_index) {
			if (i)
				option_end(fp, v[i - 1].option_index, shown, more,
					   sm->suff_last_year);
			shown = more = 0;
			fputs("<h3>", fp);
			report_html_esc(fp, s->option);
			fputs("</h3>\n", fp);
		}
		if (!report_suff_shown(v, n, i))
			continue;
		if (shown >= REPORT_SUFF_LISTED) {
			more++;
			continue;
		}
		/* The table opens with its first row, so an option
		 * with none gets a sentence, not an empty table. */
		if (!shown)
			fputs("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">School</th><th scope=\"col\">Over 90 %</th><th scope=\"col\">Over 100 %</th>"
			      "<th scope=\"col\">Peak roll</th><th scope=\"col\">Year</th><th scope=\"col\">Places short</th>"
			      "<th scope=\"col\">High: over 100 %</th><th scope=\"col\">High: places short</th></tr></thead><tbody>\n",
			      fp);
		fputs("<tr><td>", fp);
		report_html_esc(fp, s->school_name);
		fputs("</td>", fp);
		year_td(fp, c->over90);
		year_td(fp, c->over100);
		num_td(fp, c->peak_roll, 0);
		fprintf(fp, "<td>%d</td>", c->peak_year);
		num_td(fp, c->short_at_peak, 0);
		year_td(fp, h->over100);
		num_td(fp, h->short_at_peak, 0);
		fputs("</tr>\n", fp);
		shown++;
	}
	if (n)
		option_end(fp, v[n - 1].option_index, shown, more, sm->suff_last_year);
	fputs("</section>\n", fp);
}
