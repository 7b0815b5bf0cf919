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

/* A first year: the year, "&ndash;" for never (the intro says by when),
 * "n/a" without capacity. */
static void year_td(FILE *fp, int year)
{
	if (year > 0)
		fprintf(fp, "<td>%d</td>", year);
	else
		fputs(year == 0 ? "<td>&ndash;</td>" : "<td>n/a</td>", fp);
}

static void num_td(FILE *fp, double v, int dec)
{
	char t[64];

	fprintf(fp, "<td>%s</td>", isnan(v) ? "n/a" : report_fixed(v, dec, t, sizeof(t)));
}

/* The end of one option's list: the table closed, or the sentence that
 * says none is listed; and how many more the CSV has. */
static void option_end(FILE *fp, int shown, int more, int last_year)
{
	if (shown)
		fputs("</tbody></table>\n", fp);
	else
		fprintf(fp, "<p>No school over 90 %% of capacity by %d.</p>\n", last_year);
	if (more)
		fprintf(fp, "<p>%d more in sufficiency.csv.</p>\n", more);
}

void report_html_sufficiency(FILE *fp, const struct report_summary *sm)
{
	const struct report_sufficiency *v = sm->sufficiency;
	int i, shown = 0, more = 0, n = sm->nsufficiency;

	if (!v)
		return;
	fputs("<section class=\"sufficiency\">\n<h2>Schools running out of places</h2>\n", fp);
	fprintf(fp, "<p>For each option, the schools that go over 90 %% of their capacity by %d, "
		"most urgent first: the first year over 100 %%, then over 90 %%, then the fullest. "
		"The peak roll is the highest projected roll, with the places short of capacity in "
		"that year. The high case scales each school's roll by the high projection's ratio to "
		"the central one. &ndash; means not by %d; n/a means no capacity is given.</p>\n",
		sm->suff_last_year, sm->suff_last_year);
	for (i = 0; i < n; i++) {
		const struct report_sufficiency *s = &v[i];
		const struct report_suff_case *c = &s->c[0], *h = &s->c[1];

		if (i == 0 || s->option_index != v[i - 1].option_index) {
			if (i)
				option_end(fp, shown, more, sm->suff_last_year);
			shown = more = 0;
			fputs("<h3>", fp);
			report_html_esc(fp, s->option);
			fputs("</h3>\n", fp);
		}
		if (!report_suff_listed(s))
			continue;
		if (shown >= REPORT_SUFF_LISTED) {
			more++;
			continue;
		}
		if (!shown)
			fputs("<table><thead><tr><th>School</th><th>Over 90 %</th><th>Over 100 %</th>"
			      "<th>Peak roll</th><th>Year</th><th>Places short</th>"
			      "<th>High: over 100 %</th><th>High: places short</th></tr></thead><tbody>\n",
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
		option_end(fp, shown, more, sm->suff_last_year);
	fputs("</section>\n", fp);
}
