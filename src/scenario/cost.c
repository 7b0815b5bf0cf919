/*
 * cost.c: whole-life cost and net present cost of an option (issue 12,
 * item 1), the HM Treasury Green Book way: every cost line per year of
 * an appraisal period, in real terms at one price base, discounted at
 * the Green Book rate to a net present cost, and compared with the
 * do-minimum (the baseline).
 *
 * The one place of each rate: the capital of a change and the running
 * cost of a school are computed here and called by eval.c for its KPIs,
 * so the KPIs and the appraisal cannot disagree; the appraisal's running
 * and mainstream transport lines are the evaluation's KPIs themselves.
 *
 * Invariants:
 *  - t = 0 is the base year; year t's factor is 1 / (1 + r)^t (r the
 *    Green Book's 3.5 % to year 30, then discount_rate_long);
 *  - years past the roll horizon hold the horizon year's estate and
 *    rolls (the last evaluated year stands for every later one);
 *  - capital spent before the base year by a spend profile (a school
 *    opening in the base year + 1 with a three-year profile) counts in
 *    year 0: the option is not committed, so nothing is sunk;
 *  - a change after the appraisal period adds nothing;
 *  - the total of a year is the sum of its lines, and the net present
 *    cost the sum of the discounted totals, in index order (equal
 *    inputs, equal bytes).
 */
#include "scenario/scenario.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const line_names[SW_NLINES] = {
	"capital", "optimism_bias", "lifecycle", "backlog", "running",
	"transport_mainstream", "transport_asn", "total"
};

double scenario_discount_factor(const struct scenario_params *p, int t)
{
	/* Green Book (2022) table 8: 3.5 % for years 0-30, 3.0 % for
	 * 31-75; the factor is continuous at year 30. */
	if (t <= 30)
		return 1 / pow(1 + p->discount_rate, t);
	return 1 / pow(1 + p->discount_rate, 30) / pow(1 + p->discount_rate_long, t - 30);
}

double scenario_running_gbp(const struct scenario_params *p, int sector, double size,
			    int grade, double roll)
{
	/* Special schools have their own rates (sector 2); the building
	 * part by size and condition, so a closure saves what that
	 * building costs. */
	return p->fixed_gbp[sector] +
	       p->per_place_gbp[sector] * size * p->cond_factor[grade] +
	       p->per_pupil_gbp[sector] * roll;
}

void scenario_change_capital(const struct scenario_change *ch, const struct scenario_world *w,
			     const struct scenario_params *p, double cap_places,
			     double out[SCENARIO_NPROJ])
{
	int sec;

	memset(out, 0, sizeof(double) * SCENARIO_NPROJ);
	if (ch->school < 0)
		return;
	/* The rates of the council the school is in. */
	p = scenario_params_for(p, w->r, w->s[ch->school].council);
	sec = w->s[ch->school].sector == LE_SECONDARY;
	/* A given cost wins over the rates: an officer's estimate for one
	 * site knows more than a per-place average. */
	if (ch->kind == SCENARIO_NEW)
		out[SCENARIO_PROJ_NEW] = ch->cost_gbp >= 0 ? ch->cost_gbp :
			(w->s[ch->school].capacity > 0 ? w->s[ch->school].capacity : 0) *
			p->new_gbp_per_place[sec];
	else if (ch->kind == SCENARIO_EXTEND)
		out[SCENARIO_PROJ_EXTEND] = ch->cost_gbp >= 0 ? ch->cost_gbp :
			ch->places * p->extend_gbp_per_place[sec];
	else if (ch->kind == SCENARIO_REFURBISH)
		out[SCENARIO_PROJ_REFURB] = ch->cost_gbp >= 0 ? ch->cost_gbp :
			(cap_places > 0 ? cap_places : 0) * p->refurb_gbp_per_place[sec];
	/* Only where the change gives them: no rate could know a site's
	 * land price, or whether a closed building is sold or cleared. */
	out[SCENARIO_PROJ_DEMOLITION] = ch->demolition_gbp;
	out[SCENARIO_PROJ_DECANT] = ch->decant_gbp;
	out[SCENARIO_PROJ_LAND] = ch->land_gbp;
}

/* Open in that year (schools.csv's rule): it has places and costs. */
static int is_open(int status)
{
	return status != SCENARIO_CLOSED && status != SCENARIO_PLANNED &&
	       status != SCENARIO_ABSENT;
}

/* Add amount v of project type proj at calendar year `year`, with its
 * optimism bias, into out's lines. */
static void spend(struct scenario_wlc *out, const struct scenario_params *pc, int proj,
		  int year, double v)
{
	int t = year - out->base_year;

	if (t < 0)
		t = 0;          /* not sunk: see the top of the file */
	if (t >= out->nyears || v == 0)
		return;
	out->line[(size_t)t * SW_NLINES + SW_CAPITAL] += v;
	out->line[(size_t)t * SW_NLINES + SW_OPTIMISM] += v * pc->optimism[proj];
}

/*
 * The capital lines of one change: works spread over the years before
 * the change's year by the type's profile, decant with the works (the
 * pupils move out while it is built), land in the first year of the
 * works (bought before building starts), demolition in the change's
 * year (the old building is cleared once its pupils have moved). A
 * change with no works (a closure) spends in its own year.
 */
static void change_lines(struct scenario_wlc *out, const struct scenario_result *res,
			 const struct scenario_world *w, const struct scenario_params *p,
			 const struct scenario_change *ch)
{
	double c[SCENARIO_NPROJ], cap = -1;
	const struct scenario_params *pc;
	int y = ch->year - res->base_year, works = -1, i, n, first;

	if (ch->school < 0)
		return;
	pc = scenario_params_for(p, w->r, w->s[ch->school].council);
	if (y >= 0 && y < res->nyears)
		cap = res->capacity[(size_t)y * res->nschools + ch->school];
	scenario_change_capital(ch, w, p, cap, c);
	if (ch->kind == SCENARIO_NEW)
		works = SCENARIO_PROJ_NEW;
	else if (ch->kind == SCENARIO_EXTEND)
		works = SCENARIO_PROJ_EXTEND;
	else if (ch->kind == SCENARIO_REFURBISH)
		works = SCENARIO_PROJ_REFURB;
	n = works >= 0 ? pc->nprofile[works] : 0;
	first = ch->year - n;
	for (i = 0; i < n; i++) {
		spend(out, pc, works, first + i, c[works] * pc->profile[works][i]);
		spend(out, pc, SCENARIO_PROJ_DECANT, first + i,
		      c[SCENARIO_PROJ_DECANT] * pc->profile[works][i]);
	}
	if (n == 0)
		spend(out, pc, SCENARIO_PROJ_DECANT, ch->year, c[SCENARIO_PROJ_DECANT]);
	spend(out, pc, SCENARIO_PROJ_LAND, n ? first : ch->year, c[SCENARIO_PROJ_LAND]);
	spend(out, pc, SCENARIO_PROJ_DEMOLITION, ch->year, c[SCENARIO_PROJ_DEMOLITION]);
}

int scenario_wlc_eval(struct scenario_wlc *out, const struct scenario_result *res,
		      const struct scenario_world *w, const struct scenario_params *p,
		      int appraisal_years, struct le_err *err)
{
	int t, k, i, l;

	memset(out, 0, sizeof(*out));
	/* The Green Book's table of rates stops at 75 years here (its
	 * next step, 2.5 %, is not modelled). */
	if (appraisal_years < 1 || appraisal_years > 75)
		return le_errf(err, LE_EUSAGE, "appraisal_years must be a whole number of years from 1 to 75, got %d",
			       appraisal_years);
	out->name = res->name;
	out->base_year = res->base_year;
	out->nyears = appraisal_years;
	out->rate = p->discount_rate;
	out->rate_long = p->discount_rate_long;
	out->price_base_year = p->price_base_year;
	out->line = xcalloc((size_t)appraisal_years * SW_NLINES, sizeof(double));
	out->df = xcalloc((size_t)appraisal_years, sizeof(double));
	out->discounted = xcalloc((size_t)appraisal_years, sizeof(double));
	for (i = 0; res->sc && i < res->sc->n; i++)
		change_lines(out, res, w, p, &res->sc->v[i]);
	for (t = 0; t < appraisal_years; t++) {
		/* Past the horizon the horizon year's estate stands. */
		int y = t < res->nyears ? t : res->nyears - 1;
		size_t ks = (size_t)y * res->nschools;
		const double *K = &res->kpi[(size_t)y * SK_NKPIS];
		double *L = &out->line[(size_t)t * SW_NLINES];

		L[SW_RUNNING] = K[SK_RUNNING_GBP];
		L[SW_TRANSPORT] = K[SK_TRANSPORT_GBP];
		for (k = 0; k < res->nschools; k++) {
			const struct scenario_params *pc;
			double roll = res->roll[ks + k], cap = res->capacity[ks + k];
			double m2;
			int sec = w->s[k].sector, grade = res->condition[ks + k];

			if (!is_open(res->status[ks + k]))
				continue;
			pc = scenario_params_for(p, w->r, w->s[k].council);
			/* Floor area from places (the roll where no capacity
			 * is given, as the running cost's building part). */
			m2 = (cap >= 0 ? cap : roll) * pc->m2_per_place[sec];
			L[SW_LIFECYCLE] += m2 * pc->lifecycle_gbp_m2[grade];
			L[SW_BACKLOG] += m2 * pc->backlog_gbp_m2[grade];
			L[SW_TRANSPORT_ASN] += roll * pc->asn_share[sec == LE_SPECIAL] *
					       pc->asn_gbp_per_pupil;
		}
		for (l = 0; l < SW_TOTAL; l++)
			L[SW_TOTAL] += L[l];
		out->df[t] = scenario_discount_factor(p, t);
		out->discounted[t] = L[SW_TOTAL] * out->df[t];
		for (l = 0; l < SW_NLINES; l++)
			out->npc_line[l] += L[l] * out->df[t];
		out->npc_gbp += out->discounted[t];
	}
	return LE_OK;
}

void scenario_wlc_release(struct scenario_wlc *wlc)
{
	if (!wlc)
		return;
	free(wlc->line);
	free(wlc->df);
	free(wlc->discounted);
	memset(wlc, 0, sizeof(*wlc));
}

/* Fixed decimals, and never "-0.00" (a -1e-12 of floating error). */
static void money(FILE *fp, double v, int dec)
{
	if (fabs(v) < 0.5 * pow(10, -dec))
		v = 0;
	fprintf(fp, ",%.*f", dec, v);
}

int scenario_wlc_write(struct scenario_wlc *const *v, int n, const char *dir,
		       struct le_err *err)
{
	struct io_out o;
	char *path;
	int rc, i, t, l;

	if ((rc = io_mkdirs(dir, err)))
		return rc;
	path = le_path_join(dir, "appraisal.csv");
	rc = io_out_open(&o, path, err);
	free(path);
	if (rc)
		return rc;
	fputs("option,year,t", o.fp);
	for (l = 0; l < SW_NLINES; l++)
		fprintf(o.fp, ",%s_gbp", line_names[l]);
	fputs(",discount_factor,discounted_total_gbp\n", o.fp);
	for (i = 0; i < n; i++) {
		for (t = 0; t < v[i]->nyears; t++) {
			fprintf(o.fp, "%s,%d,%d", v[i]->name, v[i]->base_year + t, t);
			for (l = 0; l < SW_NLINES; l++)
				money(o.fp, v[i]->line[(size_t)t * SW_NLINES + l], 2);
			fprintf(o.fp, ",%.6f", v[i]->df[t]);
			money(o.fp, v[i]->discounted[t], 2);
			fputc('\n', o.fp);
		}
		/* The option's present values: each line discounted and
		 * summed; the net present cost in the last column. */
		fprintf(o.fp, "%s,npc,", v[i]->name);
		for (l = 0; l < SW_NLINES; l++)
			money(o.fp, v[i]->npc_line[l], 2);
		fputc(',', o.fp);
		money(o.fp, v[i]->npc_gbp, 2);
		fputc('\n', o.fp);
	}
	return io_out_commit(&o, err);
}

/* GBP in millions with two decimals and thousands separators: a board
 * reads "£7,956.88 m". sign: always show + or -. */
static void millions(FILE *fp, double v, int sign)
{
	char digits[64], out[96];
	double m = fabs(v) / 1e6;
	size_t n, i, j = 0, lead;

	/* Rounded before the sign is chosen, so -0.001 m prints +£0.00 m. */
	snprintf(digits, sizeof(digits), "%.2f", m);
	if (strcmp(digits, "0.00") == 0)
		v = 0;
	n = strlen(digits) - 3;         /* digits before ".dd" */
	lead = n % 3 ? n % 3 : 3;
	for (i = 0; i < n; i++) {
		if (i >= lead && (i - lead) % 3 == 0)
			out[j++] = ',';
		out[j++] = digits[i];
	}
	memcpy(out + j, digits + n, 4);
	fprintf(fp, "%s£%s m", v < 0 ? "-" : sign ? "+" : "", out);
}

void scenario_wlc_print(FILE *fp, struct scenario_wlc *const *v, int n)
{
	int i;

	if (n < 1)
		return;
	fprintf(fp, "net present cost over %d years at %.1f %%", v[0]->nyears, v[0]->rate * 100);
	if (v[0]->nyears > 31)
		fprintf(fp, " (%.1f %% from year 31)", v[0]->rate_long * 100);
	fprintf(fp, ", %d prices: ", v[0]->price_base_year);
	for (i = 0; i < n; i++) {
		fprintf(fp, "%s%s ", i ? "; " : "", v[i]->name);
		millions(fp, v[i]->npc_gbp, 0);
		if (i) {
			fputs(" (", fp);
			millions(fp, v[i]->npc_gbp - v[0]->npc_gbp, 1);
			fputc(')', fp);
		}
	}
	fputc('\n', fp);
}
