/*
 * search.c: the figures that rank candidate closures and sites (estate
 * closures, estate site; README "Searching").
 *
 * Nothing here evaluates: every candidate is a struct scenario built by
 * cli/cmd_search.c and evaluated by scenario_eval, the one evaluation
 * `estate run` uses, against the baseline under the same policy. This
 * file turns a result into the handful of numbers a board compares, and
 * orders candidates by them.
 *
 * Invariants: the comparisons round every figure to the unit it is
 * printed in before comparing (whole pupils, 0.1 km, whole metres), so
 * two candidates that print the same compare equal and the caller's
 * stated tie rule (school id, candidate index) decides; a refused
 * closure is never ranked above a feasible one and never shows a saving.
 */
#include "scenario/scenario.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* A KPI that may be NaN (no capacity given): 0, so a difference of two
 * unavailable figures is no difference. */
static double kv(const struct scenario_result *res, int y, int kpi)
{
	double v = res->kpi[(size_t)y * SK_NKPIS + kpi];

	return isnan(v) ? 0 : v;
}

/* Group sector (0 primary, 1 secondary) of a school sector. */
static int gsec(int sector)
{
	return sector == LE_SECONDARY ? 1 : 0;
}

/* Pupil-metres walked by every placed pupil in year index y. */
static double walk_total_m(const struct scenario_result *res, int y)
{
	size_t kq = (size_t)y * res->nkeys;
	double sum = 0;
	int q;

	for (q = 0; q < res->nkeys; q++)
		if (res->dist_m[kq + q] >= 0)
			sum += res->dist_m[kq + q] * (res->pupils[kq + q] - res->unplaced[kq + q]);
	return sum;
}

/*
 * A school the baseline places no pupils at while its file gives it a
 * roll (the allocation sends its zone's pupils elsewhere: estate
 * check's "is no zone's nearest"): closing it would move nobody and bank
 * its whole running cost, a saving the model cannot back. Not judged,
 * like a refused closure, with the reason.
 */
static int unjudged(struct scenario_harm *h, const struct scenario_world *w,
		    const struct scenario *sc, const struct scenario_result *base, int y0)
{
	int i, j;

	for (i = 0; i < sc->n; i++) {
		const struct scenario_change *ch = &sc->v[i];

		for (j = 0; j < (ch->kind == SCENARIO_MERGE ? ch->nschools : 1); j++) {
			int k = ch->kind == SCENARIO_MERGE ? ch->schools[j] : ch->school;
			double roll;

			if ((ch->kind != SCENARIO_CLOSE && ch->kind != SCENARIO_MERGE) ||
			    (ch->kind == SCENARIO_MERGE && k == ch->school) || k >= w->nbase)
				continue;
			roll = w->r->schools[k].roll;
			if (roll > 0 && base->roll[(size_t)y0 * base->nschools + (size_t)k] < 0.5) {
				snprintf(h->reason, sizeof(h->reason),
					 "not judged: '%s' (%s) has %.0f pupils on roll but the baseline's allocation places none there in %d "
					 "(its zones' pupils go to other schools; see estate check's allocation warnings), "
					 "so closing it would show a saving with no pupils moved",
					 w->s[k].id, w->s[k].name, roll, base->base_year + y0);
				return 1;
			}
		}
	}
	return 0;
}

int scenario_closure_harm(struct scenario_harm *h, const struct scenario_world *w,
			  const struct scenario_travel *t, const struct scenario *sc,
			  int policy, const struct scenario_params *p,
			  const struct scenario_result *base,
			  const struct scenario_wlc *base_wlc, int appraisal_years,
			  int y0, struct le_err *err)
{
	struct scenario_result res;
	struct scenario_wlc wlc;
	struct le_err e2;
	int rc, y, k;

	memset(h, 0, sizeof(*h));
	le_err_clear(&e2);
	if (unjudged(h, w, sc, base, y0))
		return LE_OK;
	rc = scenario_eval(&res, w, t, sc, policy, p, base, &e2);
	if (rc) {
		/* A refusal (eval.c, refuse_lost / refuse_held) is the
		 * answer "infeasible", with eval's own reason; anything
		 * else is a real error. */
		const char *msg = strstr(e2.msg, "with no school");

		if (rc != LE_EDATA || !msg) {
			*err = e2;
			return rc;
		}
		msg = strstr(e2.msg, "] ");
		snprintf(h->reason, sizeof(h->reason), "%s", msg ? msg + 2 : e2.msg);
		return LE_OK;
	}
	h->feasible = 1;
	h->moved = kv(&res, y0, SK_MOVED);
	h->added_dist_m = kv(&res, y0, SK_MOVED_DIST_MEAN_M);
	h->max_added_dist_m = kv(&res, y0, SK_MOVED_DIST_MAX_M);
	h->added_time_s = kv(&res, y0, SK_MOVED_TIME_MEAN_S);
	h->newly_entitled = kv(&res, y0, SK_MOVED_NEW_BEYOND);
	/* The movers' mean pairs each key's leavers with its arrivals in
	 * proportion, which under the capacity allocation (chains of
	 * displaced pupils) can even come out negative: the harm ranks on
	 * the total instead. */
	h->added_km = (walk_total_m(&res, y0) - walk_total_m(base, y0)) / 1000;
	h->surplus_removed = kv(base, y0, SK_SURPLUS) - kv(&res, y0, SK_SURPLUS);
	h->running_saved_gbp = kv(base, y0, SK_RUNNING_GBP) - kv(&res, y0, SK_RUNNING_GBP);
	for (y = y0; y < res.nyears; y++) {
		double s = kv(&res, y, SK_UNPLACED) + kv(&res, y, SK_SHORTFALL) -
			   kv(base, y, SK_UNPLACED) - kv(base, y, SK_SHORTFALL);

		if (s > h->short_added)
			h->short_added = s;
	}
	/* A receiving school pushed over: over capacity in a year where
	 * the baseline had it at or under; counted once, its first year. */
	for (k = 0; k < res.nschools; k++) {
		for (y = y0; y < res.nyears; y++) {
			size_t i = (size_t)y * res.nschools + (size_t)k;
			double cap = res.capacity[i];

			if (cap <= 0 || res.roll[i] <= cap + 1e-6 || base->roll[i] > cap + 1e-6)
				continue;
			h->pushed_over++;
			if (!h->first_over_year || res.base_year + y < h->first_over_year)
				h->first_over_year = res.base_year + y;
			break;
		}
	}
	if ((rc = scenario_wlc_eval(&wlc, &res, w, p, appraisal_years, err)) == LE_OK) {
		h->npc_change_gbp = wlc.npc_gbp - base_wlc->npc_gbp;
		scenario_wlc_release(&wlc);
	}
	scenario_result_release(&res);
	return rc;
}

/* -1 / 0 / 1 of a and b rounded to step. */
static int cmp_round(double a, double b, double step)
{
	double ra = round(a / step), rb = round(b / step);

	return ra < rb ? -1 : ra > rb ? 1 : 0;
}

int scenario_harm_cmp(const struct scenario_harm *a, const struct scenario_harm *b)
{
	int c;

	if (a->feasible != b->feasible)
		return a->feasible ? -1 : 1;
	if (!a->feasible)
		return 0;
	if ((c = cmp_round(a->short_added, b->short_added, 1)))
		return c;
	if (a->pushed_over != b->pushed_over)
		return a->pushed_over < b->pushed_over ? -1 : 1;
	if ((c = cmp_round(a->added_km, b->added_km, 0.1)))
		return c;
	if ((c = cmp_round(a->moved, b->moved, 1)))
		return c;
	return cmp_round(a->npc_change_gbp, b->npc_change_gbp, 1);
}

void scenario_sector_figures(const struct scenario_result *res, const struct scenario_world *w,
			     const struct scenario_params *p, int sector, int y,
			     double *short_places, double *beyond, double *dist_mean_m)
{
	size_t kq = (size_t)y * res->nkeys, ks = (size_t)y * res->nschools;
	double sh = 0, bey = 0, dsum = 0, dw = 0;
	int q, k;

	(void)p;
	for (q = 0; q < res->nkeys; q++) {
		int g = SCENARIO_KEY_GROUP(&res->grp, q);

		if (SCENARIO_GROUP_SECTOR(&res->grp, g) != gsec(sector))
			continue;
		sh += res->unplaced[kq + q];
		bey += res->beyond[kq + q];
		/* dist_m is the key's pupil-weighted mean over its placed
		 * pupils: weight it back by them. */
		if (res->dist_m[kq + q] >= 0) {
			double placed = res->pupils[kq + q] - res->unplaced[kq + q];

			dsum += res->dist_m[kq + q] * placed;
			dw += placed;
		}
	}
	for (k = 0; k < res->nschools; k++) {
		double cap = res->capacity[ks + k];

		if (w->s[k].sector == sector && cap > 0 && res->roll[ks + k] > cap)
			sh += res->roll[ks + k] - cap;
	}
	*short_places = sh;
	*beyond = bey;
	*dist_mean_m = dw > 0 ? dsum / dw : 0;
}

void scenario_site_figures(struct scenario_site_fig *f, const struct scenario_result *res,
			   const struct scenario_result *base, const struct scenario_world *w,
			   const struct scenario_params *p, int sector, int k, int ys, int yh)
{
	size_t io = (size_t)ys * res->nschools + (size_t)k;
	size_t ih = (size_t)yh * res->nschools + (size_t)k;

	(void)base;
	memset(f, 0, sizeof(*f));
	scenario_sector_figures(res, w, p, sector, yh, &f->short_h, &f->beyond_h, &f->dist_mean_h_m);
	f->roll_open = res->roll[io];
	f->roll_h = res->roll[ih];
	f->util_open_pct = res->capacity[io] > 0 ? 100 * res->roll[io] / res->capacity[io] : NAN;
	f->util_h_pct = res->capacity[ih] > 0 ? 100 * res->roll[ih] / res->capacity[ih] : NAN;
	f->moved_h = kv(res, yh, SK_MOVED);
}

int scenario_site_cmp(const struct scenario_site_fig *a, const struct scenario_site_fig *b)
{
	int c;

	if ((c = cmp_round(a->short_h, b->short_h, 1)))
		return c;
	if ((c = cmp_round(a->beyond_h, b->beyond_h, 1)))
		return c;
	return cmp_round(a->dist_mean_h_m, b->dist_mean_h_m, 1);
}
