/*
 * html_ranking.c: the "Ranking" section of summary.html, one function the
 * page calls (report_html_ranking, hooked in html.c after the
 * comparison): which option ranks first and why, in the words of the
 * ranking (scenario/rank.c), and the options flagged for breaking a hard
 * constraint, last and unranked. Self-contained: its own escaping, no
 * styles beyond the page's tables.
 *
 * Invariants: rows in the order given (rank order, flagged last); a
 * flagged row shows "-" for rank and score, never a number.
 */
#include "report/report.h"

#include <math.h>

void report_html_ranking(FILE *fp, const struct report_ranking *rk)
{
	int i;

	if (!rk || rk->nrows < 1)
		return;
	fputs("<h2>Ranking</h2>\n<p>Each option, the do-minimum (the baseline) included, is "
	      "scored on the measures of the criteria", fp);
	if (rk->criteria) {
		fputs(" (", fp);
		report_html_esc(fp, rk->criteria);
		fputs(")", fp);
	}
	fputs(": each measure is scaled from 0 (the worst option) to 1 (the best), and the "
	      "score is 100 times the weighted mean. An option that breaks a hard constraint "
	      "is listed last, not ranked.</p>\n", fp);
	fputs("<table class=\"ranking\">\n<thead><tr><th>option</th><th>rank</th><th>score</th>"
	      "<th>why</th></tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < rk->nrows; i++) {
		fputs("<tr><td>", fp);
		report_html_esc(fp, rk->option[i]);
		if (rk->rank[i] > 0 && !isnan(rk->score[i]))
			fprintf(fp, "</td><td>%d</td><td>%.1f</td><td style=\"text-align:left\">",
				rk->rank[i], rk->score[i]);
		else
			fputs("</td><td>-</td><td>-</td><td style=\"text-align:left\">", fp);
		report_html_esc(fp, rk->reason[i]);
		fputs("</td></tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n", fp);
}
