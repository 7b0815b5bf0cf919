/*
 * eval.c: one scenario over the years: the estate's state in each year
 * (open, capacity, condition, merges, pinned catchments), the allocation
 * of every key's pupils by the policy, and the KPIs.
 *
 *   calibrated demand  D[y][z][s][t] = demand x f(z, stage group of s, stream)
 *                                      + housing (study's + scenario's)
 *                                      + progression rolls spread over
 *                                        their base-year zones (spread.c)
 *   state of year y    the changes with year <= y, in (year, line) order
 *   allocation         pinned catchment > policy (catchment / nearest /
 *                      capacity), closed schools resolved through merges
 *                      or to the nearest open school of the group
 *   results, KPIs      per school, per key, per year
 *
 * f is the calibration factors of the zone's baseline schools teaching
 * the stage group (struct scenario_groups), weighted by the projection's
 * allocation shares: the pupils a zone sends in the base
 * year are the ones that move when a school closes, so rolls stay
 * consistent with `estate project` and closures move whole pupils.
 *
 * Invariants: for every year, placed pupils + unplaced = sum of D +
 * held rolls (a scenario that would strand pupils by a closure is
 * refused instead; held_unplaced stays for the baseline); entries of a
 * key are in ascending school order (nearest and catchment build them so,
 * the LP's arcs are sorted), so output order never depends on a solver.
 */
#include "scenario/scenario.h"
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Above any possible walking distance (metres): a pupil is unplaced only
 * when every candidate school is full. */
#define UNPLACED_COST_M 1e7

/* Not placed by geography in the projection (special schools, schools
 * no zone's demand reached, progression schools with no zones to spread
 * over): the roll is the projection's, held. Read from the model at
 * evaluation time, after model_run has decided it; spread (the result's,
 * spread.c) marks the progression schools whose roll is zone demand. */
static int is_held(const struct scenario_world *w, const unsigned char *spread, int k)
{
	return k < w->nbase && (w->s[k].sector == LE_SPECIAL ||
				(w->m->source[k] != MODEL_SRC_DEMAND && !spread[k]));
}

/* ---------------------------------------------------------------- state */

/* The estate in one year. */
struct state {
	int *open;              /* w->n */
	int *redirect;          /* merged into (world index), -1 */
	double *cap;
	int *cond, *suit;       /* condition and suitability grades */
	int *status;
	int *pin;               /* nkeys: pinned school, -1 */
	int *order;             /* changes in (year, line) order */
};

/*
 * The changes in year order, ties by read order (not line: a programme's
 * changes come from several files, whose lines do not compare,
 * scenario_read), so a year's changes apply as read (a merge, then an
 * extension of its site). A stable merge sort with the scenario at hand
 * rather than qsort, which has no context argument (qsort_r is not C11)
 * and would need it in a static: scenarios are evaluated on several
 * threads at once (cli/cmd_run.c). Merge, not insertion: a generated
 * scenario (estate rezone) may hold thousands of changes in any order.
 */
static void order_by_year(int *order, const struct scenario *sc)
{
	int n = sc->n, w, lo, *tmp, *a = order, *b, *t;

	if (n < 2)
		return;
	tmp = xmalloc(sizeof(int) * (size_t)n);
	b = tmp;
	for (w = 1; w < n; w *= 2) {
		for (lo = 0; lo < n; lo += 2 * w) {
			int mid = lo + w < n ? lo + w : n;
			int hi = lo + 2 * w < n ? lo + 2 * w : n;
			int i = lo, j = mid, o = lo;

			/* <=: the left run first on equal years (stable). */
			while (i < mid && j < hi)
				b[o++] = sc->v[a[i]].year <= sc->v[a[j]].year ? a[i++] : a[j++];
			while (i < mid)
				b[o++] = a[i++];
			while (j < hi)
				b[o++] = a[j++];
		}
		t = a;
		a = b;
		b = t;
	}
	if (a != order)
		memcpy(order, a, sizeof(int) * (size_t)n);
	free(tmp);
}

/* The changes are ordered once per evaluation, not per year: state_at
 * replays them from the start every year and stops at the first later
 * one, so the order must be by year. */
static void state_init(struct state *st, const struct scenario_world *w,
		       const struct scenario *sc, int nkeys)
{
	int i;

	st->open = xmalloc(sizeof(int) * ((size_t)w->n + 1));
	st->redirect = xmalloc(sizeof(int) * ((size_t)w->n + 1));
	st->cap = xmalloc(sizeof(double) * ((size_t)w->n + 1));
	st->cond = xmalloc(sizeof(int) * ((size_t)w->n + 1));
	st->suit = xmalloc(sizeof(int) * ((size_t)w->n + 1));
	st->status = xmalloc(sizeof(int) * ((size_t)w->n + 1));
	st->pin = xmalloc(sizeof(int) * ((size_t)nkeys + 1));
	st->order = xmalloc(sizeof(int) * ((size_t)(sc ? sc->n : 0) + 1));
	for (i = 0; sc && i < sc->n; i++)
		st->order[i] = i;
	if (sc)
		order_by_year(st->order, sc);
}

static void state_release(struct state *st)
{
	free(st->open);
	free(st->redirect);
	free(st->cap);
	free(st->cond);
	free(st->suit);
	free(st->status);
	free(st->pin);
	free(st->order);
}

/* ---------------------------------------------------------------- phasing */

/* Stage s's place after the entry stage its cohort last joined a school
 * at (le_stages entry, the latest at or before s in its sector): 0 for
 * P1 and S1 (the intakes), 6 for P7, 5 for S6; in England 0 for R, Y7
 * and Y12 (a sixth form's intake), 4 for Y11, 1 for Y13. A cohort in
 * stage s in year Y entered in Y - stage_rank(s). */
static int stage_rank(const struct le_stages *stg, int s)
{
	int e = s;

	while (e > stg->first[stg->sector[s]] && !(stg->entry & (1u << e)))
		e--;
	return s - e;
}

/* The highest stage_rank a school teaches (6 for P1-P7, 5 for S1-S6, 4
 * for an 11-16 or 11-18 school, 1 for a sixth form):
 * a phased-out school has pupils for that many years after its last
 * intake. */
static int phase_last(const struct le_stages *stg, const struct scenario_school *s)
{
	int st, last = 0;

	for (st = 0; st < stg->n; st++)
		if ((s->stages & (1u << st)) && stage_rank(stg, st) > last)
			last = stage_rank(stg, st);
	return last;
}

/* Is change ch phased by intake and not yet in force for the cohort that
 * entered its sector in calendar year `cohort`? */
static int phase_skip(const struct scenario_change *ch, int cohort)
{
	return ch->phasing == SCENARIO_PHASE_INTAKE && ch->year > cohort &&
	       (ch->kind == SCENARIO_CATCHMENT_CHANGE || ch->kind == SCENARIO_MERGE);
}

/*
 * The rules each stage follows in calendar year `year` under intake
 * phasing: stage s's cohort entered in cohort = year - stage_rank(s) and
 * follows every change of that year or before, the intake-phased ones
 * included, and the all-at-once ones of `year`. Stages whose cohorts see
 * the same set of changes form one group (the sets are nested: a later
 * cohort sees more), so a year has 1 + the number of distinct phased
 * change years in year - 5 .. year groups. gof[s] = stage s's group;
 * cut[g] = the cohort year of group g (cut[0] = year: P1 and S1, every
 * change). Returns the number of groups (1: no phasing in progress, the
 * year is evaluated as before).
 */
static int phase_groups(const struct le_stages *stg, const struct scenario *sc, int year,
			int gof[LE_MAX_STAGES], int cut[LE_MAX_STAGES])
{
	int seen[LE_MAX_STAGES], ng = 0, s, i, g, n;

	for (s = 0; s < stg->n; s++) {
		int cohort = year - stage_rank(stg, s);

		/* The number of changes hidden from this cohort names its
		 * set, the sets being nested. */
		for (n = 0, i = 0; sc && i < sc->n; i++)
			n += sc->v[i].year <= year && phase_skip(&sc->v[i], cohort);
		for (g = 0; g < ng && seen[g] != n; g++)
			;
		if (g == ng) {
			seen[ng] = n;
			cut[ng++] = cohort;
		}
		gof[s] = g;
	}
	return ng;
}

/*
 * The state of calendar year `year`, rebuilt from the base estate every
 * time rather than updated from the year before: the bench and tests
 * evaluate one year on its own (scenario_eval_year), and a replay of a
 * few dozen changes costs nothing next to the allocation.
 *
 * cohort: the rules of the cohort that entered its sector in that year
 * (intake-phased changes of later years left out; year: every change).
 * report: the estate as it stands, for the KPIs and the school table:
 * every change in force, except that a school closing by an intake-
 * phased merger stays open (its places, running cost and remaining
 * cohorts) until its last cohort has left, phase_last years after the
 * merger; until then the site has the merged capacity less that
 * school's places (at least its own).
 */
static void state_at(struct state *st, const struct scenario_world *w,
		     const struct scenario *sc, int index, int year, int cohort,
		     int report, int nkeys)
{
	int i, j, k, g;

	for (k = 0; k < w->n; k++) {
		const struct scenario_school *s = &w->s[k];

		st->open[k] = s->owner < 0;
		st->status[k] = s->owner < 0 ? SCENARIO_OPEN :
				s->owner == index ? SCENARIO_PLANNED : SCENARIO_ABSENT;
		st->redirect[k] = -1;
		st->cap[k] = s->capacity;
		st->cond[k] = s->condition;
		st->suit[k] = s->suitability;
	}
	for (i = 0; i < nkeys; i++)
		st->pin[i] = -1;
	for (i = 0; sc && i < sc->n; i++) {
		const struct scenario_change *ch = &sc->v[st->order[i]];

		if (ch->year > year)
			break;
		if (phase_skip(ch, cohort))
			continue;
		switch (ch->kind) {
		case SCENARIO_CLOSE:
			st->open[ch->school] = 0;
			st->status[ch->school] = SCENARIO_CLOSED;
			break;
		case SCENARIO_MERGE: {
			double sum = 0, kept = 0, site = st->cap[ch->school];

			for (j = 0; j < ch->nschools; j++) {
				k = ch->schools[j];
				sum += st->cap[k] > 0 ? st->cap[k] : 0;
				if (k == ch->school)
					continue;
				/* Phased out: still teaching the cohorts it
				 * had before the merger, in its own places. */
				if (report && ch->phasing == SCENARIO_PHASE_INTAKE &&
				    year < ch->year + phase_last(&w->r->stages, &w->s[k])) {
					kept += st->cap[k] > 0 ? st->cap[k] : 0;
					continue;
				}
				st->open[k] = 0;
				st->status[k] = SCENARIO_CLOSED;
				st->redirect[k] = ch->school;
			}
			/* A school without a capacity adds no places: the
			 * merged site's capacity is what is known. While a
			 * closing school keeps cohorts, its places are its
			 * own, so the site has the merged capacity less
			 * them (and at least what it had): the places are
			 * not counted twice. */
			st->cap[ch->school] = ch->places >= 0 ? ch->places : sum;
			if (kept > 0) {
				st->cap[ch->school] -= kept;
				if (st->cap[ch->school] < site)
					st->cap[ch->school] = site;
			}
			break;
		}
		case SCENARIO_NEW:
			st->open[ch->school] = 1;
			st->status[ch->school] = SCENARIO_NEWLY_BUILT;
			break;
		case SCENARIO_EXTEND:
			st->cap[ch->school] += ch->places;
			break;
		case SCENARIO_REDUCE:
			st->cap[ch->school] -= ch->places;
			break;
		case SCENARIO_CATCHMENT_CHANGE:
			/* Only the groups the school serves (re-zoning to a
			 * primary leaves the zones' secondary pupils alone),
			 * and of those the stream the change names. */
			for (j = 0; j < ch->nzones; j++)
				for (g = 0; g < w->grp.nkg; g++)
					if (scenario_change_moves(w, ch, g))
						st->pin[SCENARIO_KEY(&w->grp, ch->zones[j], g)] = ch->school;
			break;
		case SCENARIO_REFURBISH:
			st->cond[ch->school] = ch->condition;
			/* Suitability is optional in [refurbish]: 0 keeps it. */
			if (ch->suitability > 0)
				st->suit[ch->school] = ch->suitability;
			break;
		default:
			break;
		}
	}
	/* Extended / reduced: an open school of the region whose capacity
	 * now differs from the base year's. */
	for (k = 0; k < w->n; k++)
		if (st->status[k] == SCENARIO_OPEN && w->s[k].capacity >= 0) {
			if (st->cap[k] > w->s[k].capacity + 1e-9)
				st->status[k] = SCENARIO_EXTENDED;
			else if (st->cap[k] < w->s[k].capacity - 1e-9)
				st->status[k] = SCENARIO_REDUCED;
		}
}

/* The open school taking k's pupils: k itself, or the site it was merged
 * into (and so on); -1 when closed outright or not (yet) open. */
static int resolve(const struct state *st, int k)
{
	int hops = 0;

	/* Merges chain (A into B, later B into C); the hop bound only guards
	 * against a cycle, which scenario_read's refusal of changes to a
	 * closed school already prevents. */
	while (k >= 0 && !st->open[k] && st->redirect[k] >= 0 && hops++ < 64)
		k = st->redirect[k];
	return k >= 0 && st->open[k] ? k : -1;
}

/* ---------------------------------------------------------------- alloc */

/* The five entry arrays grow together (ALLOC_GROW sizes the first, the
 * others follow its capacity), so one index addresses an entry in all. */
static void add_entry(struct scenario_alloc *a, int k, double pupils, double d,
		      double t, int straight)
{
	int had = a->alloc;

	ALLOC_GROW(a->school, a->ne + 1, a->alloc);
	/* The parallel arrays follow only when school's grew: a realloc
	 * to the same size per entry was a quarter of a year's
	 * evaluation (callgrind, scen_bench). */
	if (a->alloc != had || !a->pupils) {
		a->pupils = xrealloc(a->pupils, sizeof(double) * (size_t)a->alloc);
		a->dist_m = xrealloc(a->dist_m, sizeof(double) * (size_t)a->alloc);
		a->time_s = xrealloc(a->time_s, sizeof(double) * (size_t)a->alloc);
		a->straight = xrealloc(a->straight, (size_t)a->alloc);
	}
	a->school[a->ne] = k;
	a->pupils[a->ne] = pupils;
	a->dist_m[a->ne] = d;
	a->time_s[a->ne] = t;
	a->straight[a->ne] = (unsigned char)straight;
	a->ne++;
}

static void swap_entry(struct scenario_alloc *a, int i, int j)
{
	int tk = a->school[i];
	double tp = a->pupils[i], td = a->dist_m[i], tt = a->time_s[i];
	unsigned char ts = a->straight[i];

	a->school[i] = a->school[j];
	a->pupils[i] = a->pupils[j];
	a->dist_m[i] = a->dist_m[j];
	a->time_s[i] = a->time_s[j];
	a->straight[i] = a->straight[j];
	a->school[j] = tk;
	a->pupils[j] = tp;
	a->dist_m[j] = td;
	a->time_s[j] = tt;
	a->straight[j] = ts;
}

/* Walking distance and driving time from key q's zone to school k: from
 * the candidates, else from the sites (a merge or catchment site farther
 * than the k nearest: by road), else a straight line x detour (flagged). */
static void pair(const struct scenario_world *w, const struct scenario_travel *t,
		 const struct scenario_params *p, int q, int k, double *d,
		 double *tm, int *straight)
{
	const struct zone *zn = &w->r->zones[SCENARIO_KEY_ZONE(&w->grp, q)];
	const struct scenario_cand *sp;
	int i;
	double dx, dy;

	for (i = 0; i < t->n[q]; i++) {
		const struct scenario_cand *c = &t->c[(size_t)q * t->k + i];

		if (c->school == k) {
			*d = c->dist_m;
			*tm = c->time_s;
			*straight = c->straight;
			return;
		}
	}
	if ((sp = scenario_travel_site_pair(t, q, k))) {
		*d = sp->dist_m;
		*tm = sp->time_s;
		*straight = sp->straight;
		return;
	}
	*straight = 1;
	if (!zn->has_geom) {
		*d = *tm = -1;
		return;
	}
	dx = w->s[k].x - zn->px;
	dy = w->s[k].y - zn->py;
	*d = sqrt(dx * dx + dy * dy) * p->detour;
	*tm = *d / (p->drive_kph / 3.6);
}

/* The nearest open school among q's candidates (merged schools resolved
 * to their site), or -1. */
static int nearest_open(const struct state *st, const struct scenario_travel *t, int q)
{
	int i, k;

	for (i = 0; i < t->n[q]; i++)
		if ((k = resolve(st, t->c[(size_t)q * t->k + i].school)) >= 0)
			return k;
	return -1;
}

/* One key's shares (school, share) into tmp arrays, sorted by school and
 * merged; returns the count. Merged: a closed school redirected to its
 * site can meet the site itself in the same key, and one school must
 * have one entry. Insertion sort: a key has a handful of shares. */
static int sort_merge(int *ks, double *sh, int n)
{
	int i, j, m = 0;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && ks[j - 1] > ks[j]; j--) {
			int tk = ks[j];
			double ts = sh[j];

			ks[j] = ks[j - 1];
			sh[j] = sh[j - 1];
			ks[j - 1] = tk;
			sh[j - 1] = ts;
		}
	for (i = 0; i < n; i++) {
		if (m && ks[m - 1] == ks[i]) {
			sh[m - 1] += sh[i];
			continue;
		}
		ks[m] = ks[i];
		sh[m++] = sh[i];
	}
	return m;
}

/* Per-run scratch for one evaluation. */
struct ctx {
	const struct scenario_world *w;
	const struct scenario_travel *t;
	const struct scenario *sc;
	const struct scenario_params *p;
	struct scenario_walk_tab wt;    /* p's walking limits (kpis, eval_year) */
	int index, policy, nkeys;
	int y;                  /* year index being allocated */
	double *keyp;           /* nkeys: pupils of the year */
	double *unpl;           /* nkeys */
	double *lost;           /* nkeys: pupils with no school because a
				   school of this scenario closed (refused) */
	int *lost_school;       /* nkeys: that closed school, -1 */
	const unsigned char *spread;    /* the result's (is_held) */
	/* Intake phasing (phase_groups), only for a scenario with an
	 * intake-phased change: per stage group, the state its cohorts
	 * follow, their allocation (group 0's is the year's own) and
	 * unplaced pupils per key. NULL otherwise. */
	struct state *gst;              /* LE_MAX_STAGES */
	struct scenario_alloc *ga;      /* LE_MAX_STAGES */
	double *gunpl;                  /* LE_MAX_STAGES x nkeys */
};

/* The first of q's candidates that this scenario has closed, or -1: a
 * key whose schools are all closed or not (yet) open loses its pupils
 * to a closure only when one of them was closed; a group whose only
 * schools are another scenario's new ones is plain unplaced. */
static int closed_cand(const struct ctx *c, const struct state *st, int q)
{
	int i;

	for (i = 0; i < c->t->n[q]; i++) {
		int k = c->t->c[(size_t)q * c->t->k + i].school;

		if (st->status[k] == SCENARIO_CLOSED)
			return k;
	}
	return -1;
}

/* Open candidates of key q (merged schools resolved, duplicates
 * dropped), nearest first, into ks; returns the count. */
static int open_cands(const struct ctx *c, const struct state *st, int q, int *ks)
{
	int i, j, n = 0, k;

	for (i = 0; i < c->t->n[q]; i++) {
		if ((k = resolve(st, c->t->c[(size_t)q * c->t->k + i].school)) < 0)
			continue;
		for (j = 0; j < n && ks[j] != k; j++)
			;
		if (j == n)
			ks[n++] = k;
	}
	return n;
}

/*
 * The capacity policy for the keys in ck (ncap of them, each with open
 * candidates): one min-cost flow over all of them (scenario_mincost),
 * sources = keys, sinks = their open candidates with the places left
 * after held rolls and the keys decided before (pinned), arcs = each
 * key's open candidates at walking distance. The whole region goes in,
 * not a part grown round by round: the flow starts from every key at its
 * nearest school and only works where schools are over capacity, so the
 * keys that fit cost next to nothing (the restricted GLPK LP this
 * replaces, grown by capacity duals over up to 100 rounds, took 10 s a
 * year at the scotland size). sol receives the sources, arcs, flows and
 * unplaced.
 */
struct lp_sol {
	int nsrc, narcs, *src_key, *from, *to, *snk_school;
	double *flow, *uout;
};

static int capacity_solve(struct ctx *c, const struct state *st, const int *ck,
			  int ncap, const double *left, struct lp_sol *sol,
			  struct le_err *err)
{
	const struct scenario_world *w = c->w;
	int *snk_of = xmalloc(sizeof(int) * ((size_t)w->n + 1));
	double *snk_cap = xmalloc(sizeof(double) * ((size_t)w->n + 1));
	double *supply = xmalloc(sizeof(double) * ((size_t)ncap + 1));
	size_t maxa = (size_t)ncap * (size_t)c->t->k + 1;
	double *cost = xmalloc(sizeof(double) * maxa);
	int ks[64], i, j, n, k, nsnk = 0, rc;

	sol->src_key = xmalloc(sizeof(int) * ((size_t)ncap + 1));
	sol->uout = xmalloc(sizeof(double) * ((size_t)ncap + 1));
	sol->from = xmalloc(sizeof(int) * maxa);
	sol->to = xmalloc(sizeof(int) * maxa);
	sol->flow = xmalloc(sizeof(double) * maxa);
	sol->snk_school = xmalloc(sizeof(int) * ((size_t)w->n + 1));
	for (k = 0; k < w->n; k++)
		snk_of[k] = -1;
	sol->nsrc = sol->narcs = 0;
	for (i = 0; i < ncap; i++) {
		/* Nearest first: the flow's start takes the first of equal
		 * cost, so ties go to the nearer-listed (lower index). */
		n = open_cands(c, st, ck[i], ks);
		for (j = 0; j < n; j++) {
			double d, tm;
			int str;

			k = ks[j];
			if (snk_of[k] < 0) {
				snk_of[k] = nsnk;
				sol->snk_school[nsnk] = k;
				/* Held rolls or pinned keys may already fill
				 * it past capacity: then no places, not a
				 * negative capacity. */
				snk_cap[nsnk++] = st->cap[k] < 0 ? -1 : left[k] > 0 ? left[k] : 0;
			}
			pair(w, c->t, c->p, ck[i], k, &d, &tm, &str);
			sol->from[sol->narcs] = sol->nsrc;
			sol->to[sol->narcs] = snk_of[k];
			/* A zone without a point has no distance: every
			 * candidate is as good, capacity alone decides. */
			cost[sol->narcs++] = d >= 0 ? d : 0;
		}
		sol->src_key[sol->nsrc] = ck[i];
		supply[sol->nsrc++] = c->keyp[ck[i]];
	}
	rc = scenario_mincost(sol->nsrc, supply, nsnk, snk_cap, sol->narcs, sol->from,
			      sol->to, cost, UNPLACED_COST_M, sol->flow, sol->uout, err);
	free(snk_of);
	free(snk_cap);
	free(supply);
	free(cost);
	return rc;
}

static void lp_sol_free(struct lp_sol *sol)
{
	free(sol->src_key);
	free(sol->from);
	free(sol->to);
	free(sol->snk_school);
	free(sol->flow);
	free(sol->uout);
}

/*
 * After the solve: a's entries hold the keys decided before it; the
 * capacity keys have start -1 and take the flow's arcs. Rebuild a in key
 * order, each key's entries by school.
 */
static void rebuild(struct ctx *c, struct scenario_alloc *a, const struct lp_sol *sol)
{
	struct scenario_alloc b;
	int *old = xmalloc(sizeof(int) * ((size_t)c->nkeys + 1));
	int s = 0, arc = 0, q, e, hi, lo, x, y;
	double d, tm;
	int str;

	memcpy(old, a->start, sizeof(int) * ((size_t)c->nkeys + 1));
	memset(&b, 0, sizeof(b));
	b.start = a->start;
	for (q = 0; q < c->nkeys; q++) {
		lo = b.ne;
		b.start[q] = lo;
		if (s < sol->nsrc && sol->src_key[s] == q) {
			for (; arc < sol->narcs && sol->from[arc] == s; arc++) {
				int k = sol->snk_school[sol->to[arc]];

				if (sol->flow[arc] <= 0)
					continue;
				pair(c->w, c->t, c->p, q, k, &d, &tm, &str);
				add_entry(&b, k, sol->flow[arc], d, tm, str);
			}
			/* Arcs came nearest first: insertion sort by school. */
			for (x = lo + 1; x < b.ne; x++)
				for (y = x; y > lo && b.school[y - 1] > b.school[y]; y--)
					swap_entry(&b, y - 1, y);
			c->unpl[q] = sol->uout[s++];
			continue;
		}
		if (old[q] < 0)
			continue;   /* a capacity key with no flow source */
		/* Decided before the solve: its old range ends at the next
		 * key that was not left for the capacity step. */
		for (hi = q + 1; hi < c->nkeys && old[hi] < 0; hi++)
			;
		for (e = old[q]; e < old[hi]; e++)
			add_entry(&b, a->school[e], a->pupils[e], a->dist_m[e],
				  a->time_s[e], a->straight[e]);
	}
	b.start[c->nkeys] = b.ne;
	free(a->school);
	free(a->pupils);
	free(a->dist_m);
	free(a->time_s);
	free(a->straight);
	*a = b;
	free(old);
}

/* The calibration factor of key q's pupils: the factors of the schools
 * teaching its stage group, weighted by the projection's shares of the
 * group (an 11-16 school's factor never scales Y12-Y13 pupils).
 * Progression (and survival) schools' shares are left out: their pupils
 * come back as their spread rolls (build_demand). A key the projection
 * left unplaced keeps its raw demand (1). */
static double key_factor(const struct scenario_world *w, int q)
{
	const struct model *m = w->m;
	int mq = SCENARIO_MODEL_KEY(&w->grp, q), i;
	unsigned gs = SCENARIO_GROUP_STAGES(&w->grp, SCENARIO_KEY_GROUP(&w->grp, q));
	double sum = 0, fs = 0, norm = scenario_entry_norm(m, mq, gs);

	for (i = m->a_start[mq]; i < m->a_start[mq + 1]; i++) {
		double sh;

		if (!scenario_entry_takes(m, i, gs))
			continue;
		sh = m->a_share[i] / norm;
		if (!model_by_history(m->source[m->a_school[i]]))
			fs += sh * m->factor[m->a_school[i]];
		sum += sh;
	}
	return sum > 0 ? fs / sum : 1;
}

static int allocate(struct ctx *c, struct state *st, struct scenario_alloc *a,
		    struct le_err *err)
{
	const struct scenario_world *w = c->w;
	const struct model *m = w->m;
	int q, i, n, k, rc = LE_OK, ncap = 0;
	int ks[64], *ck = NULL;
	double sh[64], *left = NULL;
	struct lp_sol sol;

	memset(&sol, 0, sizeof(sol));
	a->ne = 0;
	if (c->policy == SCENARIO_CAPACITY) {
		ck = xmalloc(sizeof(int) * ((size_t)c->nkeys + 1));
		left = xmalloc(sizeof(double) * ((size_t)w->n + 1));
		/* Places for allocation: minus held rolls (and, below,
		 * pinned keys). The held roll is this year's, the one
		 * eval_year adds to the school: the base year's (as
		 * before) let a held school whose roll grows end over
		 * capacity by the growth. */
		for (k = 0; k < w->n; k++)
			left[k] = (st->open[k] ? st->cap[k] : 0) -
				  (is_held(w, c->spread, k) ? m->total[(size_t)c->y * m->nschools + k] : 0);
	}
	for (q = 0; q < c->nkeys; q++) {
		double P = c->keyp[q], placed = 0;
		int pinned = st->pin[q] >= 0 ? resolve(st, st->pin[q]) : -1;
		/* The projection's table is by sector: the entries teaching
		 * the key's stage group, their shares of it. */
		int mq = SCENARIO_MODEL_KEY(&w->grp, q);
		unsigned gs = SCENARIO_GROUP_STAGES(&w->grp, SCENARIO_KEY_GROUP(&w->grp, q));
		double norm;

		a->start[q] = a->ne;
		c->unpl[q] = 0;
		c->lost[q] = 0;
		c->lost_school[q] = -1;
		if (P <= 0)
			continue;
		n = 0;
		/* A pinned catchment ([catchment] change) beats every
		 * policy, the capacity one included: it is the council's
		 * decision, and under capacity its pupils take places
		 * first (left, below) because they cannot go elsewhere. */
		if (pinned >= 0) {
			ks[n] = pinned;
			sh[n++] = 1;
		} else if (c->policy == SCENARIO_CATCHMENT) {
			/* The projection's shares, each closed school's
			 * share moved to where its pupils go (merge site,
			 * else nearest open): the table itself is the
			 * base year's and knows no closures. */
			norm = scenario_entry_norm(m, mq, gs);
			for (i = m->a_start[mq]; i < m->a_start[mq + 1] && n < 64; i++) {
				if (!scenario_entry_takes(m, i, gs))
					continue;
				k = resolve(st, m->a_school[i]);
				if (k < 0)
					k = nearest_open(st, c->t, q);
				if (k < 0) {
					/* Its school closed and no open one is
					 * known (a zone without a location has
					 * no candidates): eval_year refuses. */
					c->lost[q] += P * (m->a_share[i] / norm);
					if (c->lost_school[q] < 0)
						c->lost_school[q] = m->a_school[i];
					continue;
				}
				ks[n] = k;
				sh[n++] = m->a_share[i] / norm;
			}
		} else if (c->policy == SCENARIO_NEAREST) {
			int k0 = nearest_open(st, c->t, q);
			double rest = 1, kf = m->homed ? key_factor(w, q) : 1;

			/* Schools the projection homed in this zone (no
			 * zone's nearest: model.c, share_home_zones) keep
			 * its share while open, calibrated as there (share
			 * x the school's factor / the key's), so that the
			 * baseline's roll is the projection's; the rest
			 * goes to the nearest open school. */
			norm = m->homed ? scenario_entry_norm(m, mq, gs) : 1;
			for (i = m->a_start[mq]; m->homed && kf > 0 && i < m->a_start[mq + 1] && n < 63; i++) {
				k = m->a_school[i];
				if (!m->homed[k] || k == k0 || !st->open[k] || !scenario_entry_takes(m, i, gs))
					continue;
				ks[n] = k;
				sh[n] = m->a_share[i] / norm * m->factor[k] / kf;
				rest -= sh[n++];
			}
			if (k0 >= 0 && rest > 0) {
				ks[n] = k0;
				sh[n++] = rest;
			}
		} else if (nearest_open(st, c->t, q) >= 0) {
			/* Capacity: decided below, with every key known
			 * (one key's best school depends on all others').
			 * A key with no open candidate falls through with
			 * n = 0 and is unplaced, as under nearest. */
			ck[ncap++] = q;
			a->start[q] = -1;
			continue;
		}
		/* Nearest or capacity with no open candidate: lost to a
		 * closure when one of the candidates was closed. */
		if (!n && c->policy != SCENARIO_CATCHMENT &&
		    (c->lost_school[q] = closed_cand(c, st, q)) >= 0)
			c->lost[q] = P;
		n = sort_merge(ks, sh, n);
		for (i = 0; i < n; i++) {
			double d, tm;
			int s;

			pair(w, c->t, c->p, q, ks[i], &d, &tm, &s);
			add_entry(a, ks[i], P * sh[i], d, tm, s);
			placed += P * sh[i];
			if (left)
				left[ks[i]] -= P * sh[i];
		}
		c->unpl[q] = P - placed;
		/* Shares of a catchment table add to 1 only to rounding;
		 * a 1e-16 "unplaced" would show in the CSVs as noise. */
		if (c->unpl[q] < 1e-12)
			c->unpl[q] = 0;
	}
	a->start[c->nkeys] = a->ne;
	if (c->policy != SCENARIO_CAPACITY)
		goto done;
	/* The flow cannot fail on evaluation data (distances are finite
	 * and far below its cost bound), but an error is passed up rather
	 * than an allocation half made. */
	if ((rc = capacity_solve(c, st, ck, ncap, left, &sol, err)))
		goto done;
	rebuild(c, a, &sol);
done:
	lp_sol_free(&sol);
	free(ck);
	free(left);
	return rc;
}

/* ---------------------------------------------------------------- demand */

/*
 * D[y][z][s][t] of the scenario: population demand times the zone's
 * calibration factor, plus the projection's housing, plus the housing of
 * the scenario's [housing] changes.
 */
/* Per scenario key (zone, stage group, stream), the nearest region
 * school of its candidates, as scenario_model_nearest picks it; -1 none. */
static int *nearest_region(const struct scenario_world *w, const struct scenario_travel *t)
{
	int nq = t->nzones * t->nkg, q, i;
	int *near = xmalloc(sizeof(int) * ((size_t)nq + 1));

	for (q = 0; q < nq; q++) {
		near[q] = -1;
		for (i = 0; i < t->n[q] && near[q] < 0; i++)
			if (t->c[(size_t)q * t->k + i].school < w->nbase)
				near[q] = t->c[(size_t)q * t->k + i].school;
	}
	return near;
}

static void build_demand(struct scenario_result *res, const struct scenario_world *w,
			 const struct scenario_travel *tr, const struct scenario *sc)
{
	const struct model *m = w->m;
	size_t nd = MODEL_D_LEN(m);
	double *f = xmalloc(sizeof(double) * ((size_t)res->nkeys + 1));
	double *h = xmalloc(sizeof(double) * ((size_t)res->nkeys + 1));
	int q, i, y, z, s, t;

	for (q = 0; q < res->nkeys; q++) {
		f[q] = key_factor(w, q);
		h[q] = 1 - scenario_prog_share(m, SCENARIO_MODEL_KEY(&w->grp, q),
					       SCENARIO_GROUP_STAGES(&w->grp, SCENARIO_KEY_GROUP(&w->grp, q)));
	}
	res->demand = xcalloc(nd + 1, sizeof(double));
	for (y = 0; y < m->nyears; y++)
		for (z = 0; z < m->nzones; z++)
			for (s = 0; s < m->r->stages.n; s++)
				for (t = 0; t < MODEL_NSTREAMS; t++) {
					size_t di = MODEL_D(m, y, z, s, t);

					/* Each stage into its stage group's key. */
					q = SCENARIO_KEY(&w->grp, z, SCENARIO_GROUP(w->grp.of[s], t));
					res->demand[di] = m->demand[di] * f[q] + m->housing[di] * h[q];
				}
	/* Progression rolls include their housing yield (progress.c). */
	res->spread = xcalloc((size_t)m->nschools + 1, 1);
	/* Under nearest and capacity the evaluation sends a key's pupils
	 * by its own rule, not by the projection's shares: a roll spread
	 * over a key the school only shares (the projection's rule for a
	 * school no zone has as nearest) would go to the key's nearest
	 * school (or wherever the flow finds places) and the school would
	 * show 0 pupils even in the census year. So only a key's nearest
	 * region school spreads there (scenario_model_nearest's choice); the
	 * others stay held at the projection's roll, which under capacity
	 * takes its own school's places first (allocate's left). */
	if ((res->policy == SCENARIO_NEAREST || res->policy == SCENARIO_CAPACITY) && tr) {
		int *near = nearest_region(w, tr);

		scenario_spread_progression(w, res->demand, res->spread, near);
		free(near);
	} else {
		scenario_spread_progression(w, res->demand, res->spread, NULL);
	}
	for (i = 0; sc && i < sc->n; i++)
		if (sc->v[i].kind == SCENARIO_HOUSING)
			model_housing_add(m, &sc->v[i].site, res->demand);
	free(f);
	free(h);
}

/* ---------------------------------------------------------------- KPIs */

struct wv {
	double v, w;
};

/*
 * Sort by value, LSD radix on the bit pattern (distances and times are
 * >= 0, whose IEEE patterns order like the numbers). qsort of 28,000
 * pairs a year was most of a nearest evaluation at the national size;
 * three 16-bit passes over the top 48 bits cost a tenth of it, and
 * ties keep their input order (stable), so the result is deterministic.
 * The low 16 bits of the mantissa (below 1e-11 relative) are ignored.
 */
static void wv_sort(struct wv *v, int n)
{
	struct wv *tmp = xmalloc(sizeof(*tmp) * ((size_t)n + 1)), *src = v, *dst = tmp, *sw;
	int *count = xmalloc(sizeof(int) * 65537);
	int pass, i;

	for (pass = 1; pass <= 3; pass++) {
		int shift = 16 * pass;

		memset(count, 0, sizeof(int) * 65537);
		for (i = 0; i < n; i++) {
			unsigned long long b;

			memcpy(&b, &src[i].v, sizeof(b));
			count[((b >> shift) & 0xFFFF) + 1]++;
		}
		for (i = 0; i < 65536; i++)
			count[i + 1] += count[i];
		for (i = 0; i < n; i++) {
			unsigned long long b;

			memcpy(&b, &src[i].v, sizeof(b));
			dst[count[(b >> shift) & 0xFFFF]++] = src[i];
		}
		sw = src;
		src = dst;
		dst = sw;
	}
	/* Three passes: the result is in tmp; copy it back. */
	if (src != v)
		memcpy(v, src, sizeof(*v) * (size_t)n);
	free(tmp);
	free(count);
}

/* Weighted quantile of sorted values: the first value whose cumulative
 * weight reaches q of the total (the pupil at that rank). */
static double quantile(const struct wv *v, int n, double total, double q)
{
	double cum = 0;
	int i;

	if (n == 0 || total <= 0)
		return 0;
	for (i = 0; i < n; i++) {
		cum += v[i].w;
		if (cum >= q * total - 1e-9)
			return v[i].v;
	}
	return v[n - 1].v;
}

double scenario_wquantile(const double *v, const double *wt, int n, double q)
{
	struct wv *a = xmalloc(sizeof(*a) * ((size_t)n + 1));
	double total = 0, r;
	int i;

	for (i = 0; i < n; i++) {
		a[i].v = v[i];
		a[i].w = wt[i];
		total += wt[i];
	}
	wv_sort(a, n);
	r = quantile(a, n, total, q);
	free(a);
	return r;
}

/* A (good) and B (satisfactory): what the Scottish school estate
 * statistics report as "good or satisfactory"; pupils moving into them
 * is the KPI. */
static int good(int grade)
{
	return grade == LE_GRADE_A || grade == LE_GRADE_B;
}

/* Capital spent in calendar year `year` by the scenario's changes, at
 * the change's year (appraisal.csv spreads it by its spend profile):
 * scenario_change_capital, the one capital rule. Refurbishment is priced
 * on the places of the year it happens, after the extensions up to
 * then. */
static double capital(const struct scenario_world *w, const struct scenario *sc,
		      const struct scenario_params *p, const struct state *st, int year,
		      int council)
{
	double v = 0, c[SCENARIO_NPROJ];
	int i, j;

	for (i = 0; sc && i < sc->n; i++) {
		const struct scenario_change *ch = &sc->v[i];

		if (ch->year != year || ch->school < 0 ||
		    (council >= 0 && w->s[ch->school].council != council))
			continue;
		scenario_change_capital(ch, w, p, st->cap[ch->school], c);
		for (j = 0; j < SCENARIO_NPROJ; j++)
			v += c[j];
	}
	return v;
}

/* Grades C and D: "poor" or "bad" in the estate statistics. */
static int poor(int grade)
{
	return grade == LE_GRADE_C || grade == LE_GRADE_D;
}

/* Movement of one key's pupils against the baseline, summed into K. */
struct moves {
	double moved, into_ab, into_ab_suit;
	double dsum, dw, dmax, tsum, tw, tmax, newly_beyond;
	int has_d, has_t;
};

/*
 * Key q in year y against the baseline b. Pupils of a key are alike, so
 * who moves is decided school by school: a school keeps min(baseline,
 * scenario) of the key's pupils (they stay), the baseline's excess
 * leaves (out) and the scenario's excess arrives (in); leavers spread
 * over the arrivals in proportion to in / max(total in, total out), so
 * pupils new to the key (housing) do not count as movers and leavers
 * without a place are not sent anywhere. "Into A/B": pupils whose
 * building was C/D in the baseline and is A/B now, stayers (a school
 * refurbished in place) and movers alike; an ungraded building is not
 * counted either way. Distance and time changes are the movers', from
 * their baseline school to their new one; newly beyond the limit: the
 * share of them within a limit class's limit before and beyond it now
 * (wk, the key's classes this year).
 */
static void key_moves(const struct scenario_result *res, const struct state *st,
		      int y, int q, const struct scenario_walk *wk, struct moves *mv)
{
	enum { MAXE = 128 };
	const struct scenario_result *b = res->base;
	const struct scenario_alloc *a = &res->years[y], *ba = &b->years[y];
	size_t ks = (size_t)y * res->nschools;
	int sch[MAXE], n = 0, i = a->start[q], j = ba->start[q], x, z;
	double pb[MAXE], ps[MAXE], db[MAXE], ds[MAXE], tb[MAXE], ts[MAXE];
	double out = 0, in = 0, den, gone;

	/* Both lists are by school: merge them. */
	while ((i < a->start[q + 1] || j < ba->start[q + 1]) && n < MAXE) {
		int ka = i < a->start[q + 1] ? a->school[i] : -1;
		int kb = j < ba->start[q + 1] ? ba->school[j] : -1;
		int k = ka < 0 ? kb : kb < 0 ? ka : ka < kb ? ka : kb;

		sch[n] = k;
		pb[n] = ps[n] = 0;
		db[n] = ds[n] = tb[n] = ts[n] = -1;
		if (ka == k) {
			ps[n] = a->pupils[i];
			ds[n] = a->dist_m[i];
			ts[n] = a->time_s[i++];
		}
		if (kb == k) {
			pb[n] = ba->pupils[j];
			db[n] = ba->dist_m[j];
			tb[n] = ba->time_s[j++];
		}
		out += pb[n] > ps[n] ? pb[n] - ps[n] : 0;
		in += ps[n] > pb[n] ? ps[n] - pb[n] : 0;
		n++;
	}
	/* Pupils the key no longer has (a lower forecast: a forecast
	 * variant or the scenario's own projection, variant.c) left no
	 * school for another: not movers. Equal demand: exactly 0. */
	gone = b->pupils[(size_t)y * res->nkeys + (size_t)q] - res->pupils[(size_t)y * res->nkeys + (size_t)q];
	mv->moved += gone > 0 ? (out > gone ? out - gone : 0) : out;
	den = in > out ? in : out;
	for (x = 0; x < n; x++) {
		double stay = pb[x] < ps[x] ? pb[x] : ps[x];
		int k = sch[x];

		if (poor(b->condition[ks + k]) && good(st->cond[k]))
			mv->into_ab += stay;
		if (poor(b->suitability[ks + k]) && good(st->suit[k]))
			mv->into_ab_suit += stay;
	}
	if (den <= 0)
		return;
	for (x = 0; x < n; x++) {
		if (pb[x] <= ps[x])
			continue;
		for (z = 0; z < n; z++) {
			double f;

			if (ps[z] <= pb[z])
				continue;
			f = (pb[x] - ps[x]) * (ps[z] - pb[z]) / den;
			if (poor(b->condition[ks + sch[x]]) && good(st->cond[sch[z]]))
				mv->into_ab += f;
			if (poor(b->suitability[ks + sch[x]]) && good(st->suit[sch[z]]))
				mv->into_ab_suit += f;
			if (db[x] >= 0 && ds[z] >= 0) {
				double dd = ds[z] - db[x];

				mv->dsum += f * dd;
				mv->dw += f;
				if (!mv->has_d || dd > mv->dmax)
					mv->dmax = dd;
				mv->has_d = 1;
				mv->newly_beyond += f * scenario_walk_newly(wk, db[x], ds[z]);
			}
			if (tb[x] >= 0 && ts[z] >= 0) {
				double dt = ts[z] - tb[x];

				mv->tsum += f * dt;
				mv->tw += f;
				if (!mv->has_t || dt > mv->tmax)
					mv->tmax = dt;
				mv->has_t = 1;
			}
		}
	}
}

/* A school's projected high over central in year y: 1 for schools the
 * projection does not know (new ones) or projects at 0. */
static double high_ratio(const struct scenario_world *w, int y, int k)
{
	size_t i = (size_t)y * w->m->nschools + (size_t)k;
	double c;

	if (k >= w->nbase || k >= w->m->nschools || y >= w->m->nyears || !w->m->high)
		return 1;
	c = w->m->total[i];
	return c > 0 ? w->m->high[i] / c : 1;
}

/*
 * The KPIs of year y into K, for the whole region (council < 0) or for
 * one council (region council index): the same code, with a filter. A
 * school-side figure (rolls, capacity, utilisation, bands, running and
 * capital costs, buildings, held rolls left without a school) counts in
 * the council of the school; a pupil-side figure (distances, times,
 * beyond the limit, transport, SIMD, unplaced, movers) in the council of
 * the zone where the pupils live. With cross_boundary = no the two are
 * the same pupils. Kprev: the same council's KPIs of year y - 1 (NULL in
 * the first year), for capital to date.
 */
static void kpis(struct scenario_result *res, const struct scenario_world *w,
		 const struct scenario_params *p, const struct scenario_walk_tab *wt,
		 const struct state *st, int y,
		 int council, double *K, const double *Kprev)
{
	const struct scenario_alloc *a = &res->years[y];
	const struct scenario_result *b = res->base;
	size_t ks = (size_t)y * res->nschools;
	struct wv *dv = xmalloc(sizeof(*dv) * ((size_t)a->ne + 1));
	struct wv *tv = xmalloc(sizeof(*tv) * ((size_t)a->ne + 1));
	double dsum = 0, tsum = 0, wsum = 0, twsum = 0, unpl = 0;
	double eq_p[2] = { 0, 0 }, eq_d[2] = { 0, 0 }, eq_dw[2] = { 0, 0 }, eq_b[2] = { 0, 0 };
	double beyond[2] = { 0, 0 }, util_roll = 0, held_unpl = 0, transport = 0, bey;
	struct moves mv;
	int k, q, e, nd = 0, nt = 0, anycap = 0, anycond = 0, anysuit = 0;

	memset(K, 0, sizeof(double) * SK_NKPIS);
	memset(&mv, 0, sizeof(mv));
	/* What the data gives at all: without any capacity, grade or
	 * suitability the KPIs built on them are "n/a", not 0. The region's
	 * schools only: a new school's figures say nothing about the data. */
	for (k = 0; k < w->nbase; k++) {
		if (council >= 0 && w->s[k].council != council)
			continue;
		anycap |= w->s[k].capacity >= 0;
		anycond |= w->s[k].condition != LE_GRADE_NONE;
		anysuit |= w->s[k].suitability != LE_GRADE_NONE;
	}
	/* Per school: only open ones count, a closed school's places are
	 * not places; schools without a capacity count in pupils and
	 * running cost but not in utilisation, where they would read as
	 * infinitely full or empty. */
	for (k = 0; k < w->n; k++) {
		double roll = res->roll[ks + k], cap = res->capacity[ks + k];
		int sec = w->s[k].sector, band;
		double size = cap >= 0 ? cap : roll;

		if (!st->open[k] || (council >= 0 && w->s[k].council != council))
			continue;
		K[SK_PUPILS] += roll;
		K[SK_SCHOOLS_OPEN]++;
		if (poor(st->cond[k]))
			K[SK_PUPILS_CD] += roll;
		if (poor(st->suit[k]))
			K[SK_PUPILS_SUIT_CD] += roll;
		/* Special schools too; the building part by size and
		 * condition, so a closure saves what that building costs. */
		K[SK_RUNNING_GBP] += scenario_running_gbp(scenario_params_for(p, w->r, w->s[k].council),
							  sec, size, st->cond[k], roll);
		if (cap <= 0)
			continue;
		/* One band rule for every output (report_util_band). */
		band = report_util_band(report_util_pct(roll, cap));
		K[SK_CAPACITY] += cap;
		util_roll += roll;
		K[SK_BAND_LE40 + band]++;
		if (band == REPORT_BAND_OVER) {
			K[SK_SHORTFALL] += roll - cap;
			K[SK_OVER_CAPACITY]++;
		} else if (cap > roll) {
			K[SK_SURPLUS] += cap - roll;
		}
		/* The high case: the roll times the school's projected
		 * high / central (the survival range; 1 for other methods
		 * and new schools), so pupils a scenario moves carry their
		 * new school's uncertainty; banded by the same rule. */
		if (report_util_band(report_util_pct(roll * high_ratio(w, y, k), cap)) ==
		    REPORT_BAND_OVER)
			K[SK_OVER_CAPACITY_HIGH]++;
	}
	K[SK_UTIL_PCT] = K[SK_CAPACITY] > 0 ? util_roll / K[SK_CAPACITY] * 100 : NAN;
	if (!anycap) {
		K[SK_CAPACITY] = K[SK_UTIL_PCT] = K[SK_SURPLUS] = K[SK_SHORTFALL] = NAN;
		K[SK_OVER_CAPACITY] = K[SK_OVER_CAPACITY_HIGH] = NAN;
		for (e = SK_BAND_LE40; e <= SK_BAND_GT100; e++)
			K[e] = NAN;
	}
	for (q = 0; q < res->nkeys; q++) {
		int z = SCENARIO_KEY_ZONE(&w->grp, q), sec = SCENARIO_GROUP_SECTOR(&w->grp, SCENARIO_KEY_GROUP(&w->grp, q));
		int simd = w->simd_rank ? (int)w->simd_rank[z] : -1;
		struct scenario_walk wk;

		if (council >= 0 && w->r->zones[z].council != council)
			continue;
		/* The key's limits by stage, weighted by its pupils by
		 * stage; the rates of the council the pupils live in: it
		 * pays. */
		scenario_key_walk(wt, res, w, y, q, &wk);
		unpl += res->unplaced[(size_t)y * res->nkeys + q];
		for (e = a->start[q]; e < a->start[q + 1]; e++) {
			double pp = a->pupils[e];

			if (a->straight[e])
				K[SK_STRAIGHT_PUPILS] += pp;
			if (a->dist_m[e] < 0)
				continue;   /* no point: distance unknown */
			dv[nd].v = a->dist_m[e];
			dv[nd++].w = pp;
			dsum += a->dist_m[e] * pp;
			wsum += pp;
			if (a->time_s[e] >= 0) {
				tv[nt].v = a->time_s[e];
				tv[nt++].w = pp;
				tsum += a->time_s[e] * pp;
				twsum += pp;
			}
			/* The entry's pupils beyond their stage's limit:
			 * the key's share in each limit class whose limit
			 * the distance exceeds (P1-P3 at 2.5 miles, P4-P7
			 * not, with no policy). */
			bey = pp * scenario_walk_beyond(&wk, a->dist_m[e]);
			beyond[sec] += bey;
			transport += pp * scenario_walk_gbp(&wk, a->dist_m[e]);
			if (simd >= 0) {
				eq_p[simd] += pp;
				eq_d[simd] += a->dist_m[e] * pp;
				eq_dw[simd] += pp;
				eq_b[simd] += bey;
			}
		}
		if (b)
			key_moves(res, st, y, q, &wk, &mv);
	}
	/* Held rolls (special schools, schools no zone reached) are in no
	 * key: they stay in their building, so a refurbishment in place
	 * improves it for them too. */
	for (k = 0; k < w->nbase; k++) {
		double h;

		if (!is_held(w, res->spread, k) || (council >= 0 && w->s[k].council != council))
			continue;
		h = w->m->total[(size_t)y * w->m->nschools + k];
		/* Closed outright (not merged): its roll has no school, as
		 * eval_year counts it in held_unplaced. */
		if (resolve(st, k) < 0) {
			held_unpl += h;
			continue;
		}
		if (!b || !st->open[k])
			continue;
		if (poor(b->condition[ks + k]) && good(st->cond[k]))
			mv.into_ab += h;
		if (poor(b->suitability[ks + k]) && good(st->suit[k]))
			mv.into_ab_suit += h;
	}
	K[SK_MOVED] = mv.moved;
	K[SK_INTO_AB] = mv.into_ab;
	K[SK_INTO_AB_SUIT] = mv.into_ab_suit;
	K[SK_MOVED_DIST_MEAN_M] = mv.dw > 0 ? mv.dsum / mv.dw : 0;
	K[SK_MOVED_DIST_MAX_M] = mv.has_d ? mv.dmax : 0;
	K[SK_MOVED_TIME_MEAN_S] = mv.tw > 0 ? mv.tsum / mv.tw : 0;
	K[SK_MOVED_TIME_MAX_S] = mv.has_t ? mv.tmax : 0;
	K[SK_MOVED_NEW_BEYOND] = mv.newly_beyond;
	/* Held rolls of closed schools are unplaced too (only the
	 * baseline's can be: a scenario that strands them is refused). */
	K[SK_UNPLACED] = unpl + held_unpl;
	K[SK_BEYOND_LIMIT] = beyond[0] + beyond[1];
	K[SK_TRANSPORT_GBP] = transport;
	wv_sort(dv, nd);
	wv_sort(tv, nt);
	K[SK_DIST_MEAN_M] = wsum > 0 ? dsum / wsum : 0;
	K[SK_DIST_MEDIAN_M] = quantile(dv, nd, wsum, 0.5);
	K[SK_DIST_P95_M] = quantile(dv, nd, wsum, 0.95);
	K[SK_TIME_MEAN_S] = twsum > 0 ? tsum / twsum : 0;
	K[SK_TIME_MEDIAN_S] = quantile(tv, nt, twsum, 0.5);
	K[SK_TIME_P95_S] = quantile(tv, nt, twsum, 0.95);
	K[SK_CAPITAL_GBP] = capital(w, res->sc, p, st, res->base_year + y, council);
	/* Years are evaluated in order, so the year before is complete;
	 * the bench's single year reads whatever scenario_eval left. */
	K[SK_CAPITAL_TO_DATE_GBP] = K[SK_CAPITAL_GBP] +
		(Kprev ? Kprev[SK_CAPITAL_TO_DATE_GBP] : 0);
	/* Building grades: "not available" when no school has one (the
	 * Scottish Government's school file carries none). */
	if (!anycond)
		K[SK_PUPILS_CD] = K[SK_INTO_AB] = NAN;
	if (!anysuit)
		K[SK_PUPILS_SUIT_CD] = K[SK_INTO_AB_SUIT] = NAN;
	if (w->simd_rank) {
		K[SK_SIMD_PUPILS] = eq_p[1];
		K[SK_SIMD_DIST_MEAN_M] = eq_dw[1] > 0 ? eq_d[1] / eq_dw[1] : 0;
		K[SK_OTHER_DIST_MEAN_M] = eq_dw[0] > 0 ? eq_d[0] / eq_dw[0] : 0;
		K[SK_SIMD_BEYOND_PCT] = eq_dw[1] > 0 ? eq_b[1] / eq_dw[1] * 100 : 0;
		K[SK_OTHER_BEYOND_PCT] = eq_dw[0] > 0 ? eq_b[0] / eq_dw[0] * 100 : 0;
	} else {
		K[SK_SIMD_PUPILS] = K[SK_SIMD_DIST_MEAN_M] = K[SK_OTHER_DIST_MEAN_M] = NAN;
		K[SK_SIMD_BEYOND_PCT] = K[SK_OTHER_BEYOND_PCT] = NAN;
	}
	free(dv);
	free(tv);
}

/* ---------------------------------------------------------------- eval */

/* The KPI table: name, unit, better direction (+1 higher is better,
 * -1 lower, 0 neither), decimals and what it measures (one sentence,
 * the page's glossary). In enum scenario_kpi order. */
static const struct {
	const char *name, *unit;
	int better, dec;
	const char *desc;       /* one sentence for the page's glossary */
} kpi_def[SK_NKPIS] = {
	{ "pupils", "pupils", 0, 2, "pupils on the roll of the open schools (primary, secondary and special) in the year" },
	{ "capacity", "places", 0, 2, "places in the open schools that have a capacity" },
	{ "utilisation_pct", "%", 0, 2, "pupils on roll as a share of places, over the schools with a capacity" },
	{ "schools_open", "schools", 0, 0, "schools open in the year" },
	{ "schools_util_le40", "schools", -1, 0, "schools at or under 40 % of their places: costly empty space" },
	{ "schools_util_41_60", "schools", -1, 0, "schools between 40 and 60 % full" },
	{ "schools_util_61_80", "schools", 0, 0, "schools between 60 and 80 % full" },
	{ "schools_util_81_100", "schools", 1, 0, "schools between 80 and 100 % full: the efficient range" },
	{ "schools_util_over100", "schools", -1, 0, "schools with more pupils than places (utilisation over 100 %, shown to one decimal)" },
	{ "surplus_places", "places", -1, 2, "empty places: places minus pupils, summed over the schools not over capacity" },
	{ "shortfall_places", "places", -1, 2, "missing places: pupils minus places, summed over the schools over capacity" },
	{ "schools_over_capacity", "schools", -1, 0, "schools over 100 % of their places" },
	{ "schools_over_capacity_high", "schools", -1, 0, "schools over 100 % under the high roll projection (the uncertainty range)" },
	{ "unplaced_pupils", "pupils", -1, 2, "pupils the model could not place in any school with room or reach, including the pupils of zones without a location" },
	{ "beyond_limit_pupils", "pupils", -1, 2, "pupils whose walk to school is longer than the walking limit of their stage (the statutory distance by age, 2 miles under 8 and 3 miles from 8, or a lower council policy of models/transport.ini): entitled to free transport" },
	{ "transport_cost_gbp", "GBP", -1, 0, "yearly cost of the transport those pupils are entitled to, at the cost per pupil of models/transport.ini" },
	{ "distance_mean_m", "m", -1, 2, "mean walking distance from home zone to school, over all pupils placed" },
	{ "distance_median_m", "m", -1, 2, "median walking distance from home zone to school" },
	{ "distance_p95_m", "m", -1, 2, "the walking distance 95 % of pupils are within" },
	{ "time_mean_s", "s", -1, 2, "mean driving time from home zone to school" },
	{ "time_median_s", "s", -1, 2, "median driving time from home zone to school" },
	{ "time_p95_s", "s", -1, 2, "the driving time 95 % of pupils are within" },
	{ "pupils_in_cd_buildings", "pupils", -1, 2, "pupils in schools whose building condition is graded C (poor) or D (bad)" },
	{ "pupils_moved_into_ab", "pupils", 1, 2, "pupils who move, against the baseline, into buildings in condition A or B" },
	{ "pupils_in_cd_suitability", "pupils", -1, 2, "pupils in schools whose suitability is graded C or D" },
	{ "pupils_moved_into_ab_suitability", "pupils", 1, 2, "pupils who move, against the baseline, into schools of suitability A or B" },
	{ "pupils_changing_school", "pupils", -1, 2, "pupils placed at a different school than in the baseline" },
	{ "moved_distance_change_mean_m", "m", -1, 2, "mean change in walking distance of the pupils changing school" },
	{ "moved_distance_change_max_m", "m", -1, 2, "largest change in walking distance of a pupil changing school" },
	{ "moved_time_change_mean_s", "s", -1, 2, "mean change in driving time of the pupils changing school" },
	{ "moved_time_change_max_s", "s", -1, 2, "largest change in driving time of a pupil changing school" },
	{ "moved_newly_beyond_limit", "pupils", -1, 2, "pupils changing school who are now beyond the walking limit and were not before" },
	{ "capital_cost_gbp", "GBP", -1, 0, "capital spent in the year on the option's changes (models/costs.ini)" },
	{ "capital_cost_to_date_gbp", "GBP", -1, 0, "capital spent on the option from the base year to this year" },
	{ "running_cost_gbp", "GBP", -1, 0, "yearly running cost of the open schools: fixed, per place (by condition) and per pupil" },
	{ "simd20_pupils", "pupils", 0, 2, "pupils living in the 20 % most deprived data zones (SIMD)" },
	{ "simd20_distance_mean_m", "m", -1, 2, "mean walking distance of pupils from the 20 % most deprived zones" },
	{ "other_distance_mean_m", "m", -1, 2, "mean walking distance of the other pupils" },
	{ "simd20_beyond_limit_pct", "%", -1, 2, "share of pupils from the 20 % most deprived zones beyond the walking limit" },
	{ "other_beyond_limit_pct", "%", -1, 2, "share of the other pupils beyond the walking limit" },
	{ "pupils_straight_line", "pupils", -1, 2, "pupils whose distance was measured in a straight line (no road route), so less certain" },
};

const char *scenario_kpi_name(int kpi)
{
	return kpi >= 0 && kpi < SK_NKPIS ? kpi_def[kpi].name : "?";
}

const char *scenario_kpi_unit(int kpi)
{
	return kpi >= 0 && kpi < SK_NKPIS ? kpi_def[kpi].unit : "?";
}

int scenario_kpi_better(int kpi)
{
	return kpi >= 0 && kpi < SK_NKPIS ? kpi_def[kpi].better : 0;
}

const char *scenario_kpi_desc(int kpi)
{
	return kpi >= 0 && kpi < SK_NKPIS ? kpi_def[kpi].desc : "?";
}

int scenario_kpi_decimals(int kpi)
{
	return kpi >= 0 && kpi < SK_NKPIS ? kpi_def[kpi].dec : 2;
}

double *scenario_kpi_council(const struct scenario_result *res, int y, int c)
{
	return &res->kpi_c[((size_t)y * (size_t)res->ncouncils + (size_t)c) * SK_NKPIS];
}


/* ---------------------------------------------------------------- refusals */

/* The change of sc that closed school k by calendar year `year` (a
 * [close] of k, or a [merge] that took k into another site), or NULL. */
static const struct scenario_change *closing_change(const struct scenario *sc,
						    int k, int year)
{
	int i, j;

	for (i = 0; sc && i < sc->n; i++) {
		const struct scenario_change *ch = &sc->v[i];

		if (ch->year > year)
			continue;
		if (ch->kind == SCENARIO_CLOSE && ch->school == k)
			return ch;
		if (ch->kind == SCENARIO_MERGE && ch->school != k)
			for (j = 0; j < ch->nschools; j++)
				if (ch->schools[j] == k)
					return ch;
	}
	return NULL;
}

/*
 * A closure never makes pupils disappear. Pupils whose only schools this
 * scenario closed, with no other school to go to, would otherwise show
 * as "unplaced" while the closed school's running cost is banked: the
 * evaluation is refused instead, naming the change (file:line), the
 * school, the pupils and why they cannot be placed. The first such
 * school in key order is reported, its pupils summed over all its keys.
 */
static int refuse_lost(const struct ctx *c, int year, struct le_err *err)
{
	const struct scenario_world *w = c->w;
	const struct scenario_change *ch;
	const struct scenario_school *ks;
	double pupils = 0;
	int q, k = -1, q0 = -1, nz = 0, last_z = -1, g, rc;
	struct buf gl;

	for (q = 0; q < c->nkeys; q++)
		if (c->lost[q] > 1e-9 && (k < 0 || c->lost_school[q] == k)) {
			if (k < 0) {
				k = c->lost_school[q];
				q0 = q;
			}
			pupils += c->lost[q];
			if (SCENARIO_KEY_ZONE(&w->grp, q) != last_z) {
				nz++;
				last_z = SCENARIO_KEY_ZONE(&w->grp, q);
			}
		}
	if (k < 0)
		return LE_OK;
	ks = &w->s[k];
	ch = closing_change(c->sc, k, year);
	g = SCENARIO_KEY_GROUP(&w->grp, q0);
	/* "secondary", or "secondary Y12-Y13" where the sector is split. */
	buf_init(&gl);
	scenario_groups_label(&w->grp, &w->r->stages, SCENARIO_GROUP_SG(g), &gl);
	if (!w->r->zones[SCENARIO_KEY_ZONE(&w->grp, q0)].has_geom)
		rc = le_errf(err, LE_EDATA,
			       "%s:%d: [%s] closing '%s' (%s) leaves %.0f pupils of %d zone%s with no school in %d: "
			       "their zones have no location, so no other school can be found for them; "
			       "give the zones a polygon, re-zone them with a [catchment] change, or keep the school open",
			       ch ? ch->path : c->sc->path, ch ? ch->line : 0, scenario_kind_name(ch ? ch->kind : SCENARIO_CLOSE),
			       ks->id, ks->name, pupils, nz, nz == 1 ? "" : "s", year);
	/* A full candidate list: other schools may exist beyond the k
	 * nearest, which the allocation does not look at (the option's
	 * view adds its new schools beyond the region's k: travel.c). */
	else if (c->t->n[q0] >= c->p->k)
		rc = le_errf(err, LE_EDATA,
			       "%s:%d: [%s] closing '%s' (%s) leaves %.0f pupils of %d zone%s with no school in %d: "
			       "the %d nearest %s schools that take %s pupils are all closed; "
			       "raise candidates in models/transport.ini, or keep a school open",
			       ch ? ch->path : c->sc->path, ch ? ch->line : 0, scenario_kind_name(ch ? ch->kind : SCENARIO_CLOSE),
			       ks->id, ks->name, pupils, nz, nz == 1 ? "" : "s", year, c->p->k,
			       gl.s, le_stream_label(SCENARIO_GROUP_STREAM(g)));
	else
		rc = le_errf(err, LE_EDATA,
		       "%s:%d: [%s] closing '%s' (%s) leaves %.0f pupils of %d zone%s with no school in %d: "
		       "no other open %s school takes %s pupils; keep the school open or add one that does",
		       ch ? ch->path : c->sc->path, ch ? ch->line : 0, scenario_kind_name(ch ? ch->kind : SCENARIO_CLOSE),
		       ks->id, ks->name, pupils, nz, nz == 1 ? "" : "s", year,
		       gl.s, le_stream_label(SCENARIO_GROUP_STREAM(g)));
	buf_release(&gl);
	return rc;
}

/* A held school (special, or one no zone's demand reached: its roll is
 * the projection's, not zone pupils) that closes outright: its pupils
 * have no geography to be moved by, so the evaluation is refused. */
static int refuse_held(const struct ctx *c, int k, double pupils, int year,
		       struct le_err *err)
{
	const struct scenario_school *ks = &c->w->s[k];
	const struct scenario_change *ch = closing_change(c->sc, k, year);

	return le_errf(err, LE_EDATA,
		       "%s:%d: [%s] closing '%s' (%s) leaves its %.0f pupils with no school in %d: %s, "
		       "so the model cannot move them; merge it into another school ([merge]) or keep it open",
		       ch ? ch->path : c->sc->path, ch ? ch->line : 0, scenario_kind_name(ch ? ch->kind : SCENARIO_CLOSE),
		       ks->id, ks->name, pupils, year,
		       ks->sector == LE_SPECIAL ? "a special school's pupils are placed by need, not by zone" :
		       "its roll is held from the projection (no zone's pupils were allocated to it)");
}

/*
 * Year index y under intake phasing, ng > 1 stage groups: group g's
 * pupils follow the rules of state c->gst[g] and were allocated as a
 * whole key under them (c->ga[g]; group 0 in a itself, unplaced in
 * c->gunpl). A key's entries become the groups' entries weighted by the
 * share of the key's pupils in each group's stages, one entry per
 * school (in school order, as allocate leaves them); the stage rolls
 * are each group's own stages; unplaced likewise. Under catchment and
 * nearest a key's split does not depend on its pupils, so this is
 * exact; under capacity each group's allocation is the flow for the
 * whole population under its rules, so a phased year can put a school
 * over capacity where one flow for the mix would not (README).
 */
static void phase_mix(struct scenario_result *res, struct ctx *c, int y, int ng,
		      const int gof[LE_MAX_STAGES])
{
	const struct model *m = c->w->m;
	struct scenario_alloc *a = &res->years[y], b;
	int q, g, e, s, x, i;

	memset(&b, 0, sizeof(b));
	b.start = xmalloc(sizeof(int) * ((size_t)c->nkeys + 1));
	for (q = 0; q < c->nkeys; q++) {
		const struct scenario_groups *gr = &c->w->grp;
		int z = SCENARIO_KEY_ZONE(gr, q), grp = SCENARIO_KEY_GROUP(gr, q);
		int t = SCENARIO_GROUP_STREAM(grp), lo = b.ne;
		/* The key's stages: a stage group inside a cohort group. */
		unsigned gs = SCENARIO_GROUP_STAGES(gr, grp);
		double P = c->keyp[q], unpl = 0;

		b.start[q] = lo;
		for (g = 0; g < ng && P > 0; g++) {
			const struct scenario_alloc *ag = g ? &c->ga[g] : a;
			double Pg = 0;

			for (s = 0; s < m->r->stages.n; s++)
				if ((gs & (1u << s)) && gof[s] == g)
					Pg += res->demand[MODEL_D(m, y, z, s, t)];
			if (Pg <= 0)
				continue;
			unpl += c->gunpl[(size_t)g * c->nkeys + q] * (Pg / P);
			for (e = ag->start[q]; e < ag->start[q + 1]; e++) {
				int k = ag->school[e];
				double pp = ag->pupils[e] * (Pg / P);

				for (s = 0; s < m->r->stages.n; s++)
					if ((gs & (1u << s)) && gof[s] == g)
						res->stage_roll[SCENARIO_SR(res, y, k, s)] +=
							ag->pupils[e] / P * res->demand[MODEL_D(m, y, z, s, t)];
				for (i = lo; i < b.ne && b.school[i] != k; i++)
					;
				if (i < b.ne) {
					b.pupils[i] += pp;
					continue;
				}
				add_entry(&b, k, pp, ag->dist_m[e], ag->time_s[e], ag->straight[e]);
				for (x = b.ne - 1; x > lo && b.school[x - 1] > b.school[x]; x--)
					swap_entry(&b, x - 1, x);
			}
		}
		c->unpl[q] = unpl < 1e-12 ? 0 : unpl;
	}
	b.start[c->nkeys] = b.ne;
	free(a->start);
	free(a->school);
	free(a->pupils);
	free(a->dist_m);
	free(a->time_s);
	free(a->straight);
	*a = b;
}

/* Allocate year index y into a (and, phased, each stage group into
 * c->ga), refusing pupils a closure strands; returns the groups. */
static int phase_allocate(struct scenario_result *res, struct ctx *c, struct state *st,
			  int y, int *ngp, int gof[LE_MAX_STAGES], struct le_err *err)
{
	int year = res->base_year + y, cut[LE_MAX_STAGES], ng = 1, g, rc;

	if (c->gst)
		ng = phase_groups(&c->w->r->stages, c->sc, year, gof, cut);
	*ngp = ng;
	/* The estate as it stands: with ng == 1 no phased merger is part
	 * way, so it is also every pupil's state. */
	state_at(st, c->w, c->sc, c->index, year, year, 1, c->nkeys);
	if (ng == 1) {
		if ((rc = allocate(c, st, &res->years[y], err)))
			return rc;
		return refuse_lost(c, year, err);
	}
	for (g = 0; g < ng; g++) {
		state_at(&c->gst[g], c->w, c->sc, c->index, year, cut[g], 0, c->nkeys);
		if ((rc = allocate(c, &c->gst[g], g ? &c->ga[g] : &res->years[y], err)) ||
		    (rc = refuse_lost(c, year, err)))
			return rc;
		memcpy(&c->gunpl[(size_t)g * c->nkeys], c->unpl, sizeof(double) * (size_t)c->nkeys);
	}
	return LE_OK;
}

/* A held school's roll in a phased year: each stage goes where its
 * cohort's state sends the school (merged into the site, or still open
 * for its remaining cohorts), the part of the total no stage carries
 * (a school without stage rolls) by the estate as it stands. */
static int held_phased(struct scenario_result *res, struct ctx *c, const struct state *st,
		       int y, int k, const int gof[LE_MAX_STAGES], struct le_err *err)
{
	const struct model *m = c->w->m;
	size_t ks = (size_t)y * res->nschools;
	double h = m->total[(size_t)y * m->nschools + k], rest = h;
	int si, to;

	for (si = 0; si <= m->r->stages.n; si++) {
		double r = si < m->r->stages.n ? m->roll[MODEL_K(m, y, k, si)] : rest;

		if (si < m->r->stages.n)
			rest -= r;
		if (r == 0)
			continue;
		to = resolve(si < m->r->stages.n ? &c->gst[gof[si]] : st, k);
		if (to >= 0) {
			res->roll[ks + to] += r;
			if (si < m->r->stages.n)
				res->stage_roll[SCENARIO_SR(res, y, to, si)] += r;
		} else if (r > 1e-9 && c->sc) {
			return refuse_held(c, k, h, res->base_year + y, err);
		} else {
			res->held_unplaced[y] += r;
		}
	}
	return LE_OK;
}

/* Evaluate year index y into res (its arrays exist). */
static int eval_year(struct scenario_result *res, struct ctx *c, struct state *st,
		     int y, struct le_err *err)
{
	const struct scenario_world *w = c->w;
	const struct model *m = w->m;
	struct scenario_alloc *a = &res->years[y];
	size_t ks = (size_t)y * res->nschools, kq = (size_t)y * res->nkeys;
	int q, k, s, t, e, rc, ng, gof[LE_MAX_STAGES];

	/* allocate() needs the year for held rolls, which change by year. */
	c->y = y;
	/* Pupils of each key: the sum over its stage group's stages. */
	for (q = 0; q < c->nkeys; q++)
		c->keyp[q] = 0;
	for (q = 0; q < c->nkeys; q++) {
		int z = SCENARIO_KEY_ZONE(&w->grp, q), g = SCENARIO_KEY_GROUP(&w->grp, q);
		unsigned gs = SCENARIO_GROUP_STAGES(&w->grp, g);

		t = SCENARIO_GROUP_STREAM(g);
		for (s = 0; s < m->r->stages.n; s++)
			if (gs & (1u << s))
				c->keyp[q] += res->demand[MODEL_D(m, y, z, s, t)];
	}
	memset(&res->roll[ks], 0, sizeof(double) * (size_t)res->nschools);
	memset(&res->stage_roll[SCENARIO_SR(res, y, 0, 0)], 0,
	       sizeof(double) * (SCENARIO_SR(res, y + 1, 0, 0) - SCENARIO_SR(res, y, 0, 0)));
	if ((rc = phase_allocate(res, c, st, y, &ng, gof, err)))
		return rc;
	if (ng > 1)
		phase_mix(res, c, y, ng, gof);
	res->held_unplaced[y] = 0;
	for (k = 0; k < w->n; k++) {
		res->status[ks + k] = st->status[k];
		/* A school offers places only while open: none before it
		 * opens, none from the year it closes. */
		res->capacity[ks + k] = st->status[k] == SCENARIO_ABSENT ||
					st->status[k] == SCENARIO_PLANNED ||
					st->status[k] == SCENARIO_CLOSED ? -1 : st->cap[k];
		res->condition[ks + k] = st->cond[k];
		res->suitability[ks + k] = st->suit[k];
		/* Held schools keep the projection's roll while open; merged
		 * into another site, the roll goes with them to the site;
		 * closed outright, the evaluation is refused (refuse_held). */
		if (is_held(w, c->spread, k) && ng > 1) {
			if ((rc = held_phased(res, c, st, y, k, gof, err)))
				return rc;
		} else if (is_held(w, c->spread, k)) {
			double h = m->total[(size_t)y * m->nschools + k];
			int to = resolve(st, k);

			if (to >= 0) {
				int si;

				res->roll[ks + to] += h;
				/* By stage where the projection has them (a
				 * school forecast by its own history). */
				for (si = 0; si < m->r->stages.n; si++)
					res->stage_roll[SCENARIO_SR(res, y, to, si)] +=
						m->roll[MODEL_K(m, y, k, si)];
			} else if (h > 1e-9 && c->sc)
				return refuse_held(c, k, h, res->base_year + y, err);
			else
				res->held_unplaced[y] += h;
		}
	}
	for (q = 0; q < c->nkeys; q++) {
		int z = SCENARIO_KEY_ZONE(&w->grp, q), g = SCENARIO_KEY_GROUP(&w->grp, q), best = -1;
		double P = c->keyp[q], bp = 0, dsum = 0, tsum = 0, wd = 0, wt = 0, bey = 0;
		struct scenario_walk wk;
		unsigned gs = SCENARIO_GROUP_STAGES(&w->grp, g);
		int str = 0;

		scenario_key_walk(&c->wt, res, w, y, q, &wk);

		for (e = a->start[q]; e < a->start[q + 1]; e++) {
			double pp = a->pupils[e];

			k = a->school[e];
			res->roll[ks + k] += pp;
			/* Phased, phase_mix has added each group's stages. */
			for (s = 0; s < m->r->stages.n && ng == 1; s++)
				if ((gs & (1u << s)) && P > 0)
					res->stage_roll[SCENARIO_SR(res, y, k, s)] +=
						pp / P * res->demand[MODEL_D(m, y, z, s, SCENARIO_GROUP_STREAM(g))];
			if (pp > bp) {
				bp = pp;
				best = k;
			}
			str |= a->straight[e];
			if (a->dist_m[e] >= 0) {
				dsum += a->dist_m[e] * pp;
				wd += pp;
				bey += pp * scenario_walk_beyond(&wk, a->dist_m[e]);
			}
			if (a->time_s[e] >= 0) {
				tsum += a->time_s[e] * pp;
				wt += pp;
			}
		}
		res->pupils[kq + q] = P;
		res->school[kq + q] = best;
		res->dist_m[kq + q] = wd > 0 ? dsum / wd : -1;
		res->time_s[kq + q] = wt > 0 ? tsum / wt : -1;
		res->beyond[kq + q] = bey;
		res->unplaced[kq + q] = c->unpl[q];
		res->straight[kq + q] = (unsigned char)str;
	}
	kpis(res, w, c->p, &c->wt, st, y, -1, &res->kpi[(size_t)y * SK_NKPIS],
	     y > 0 ? &res->kpi[(size_t)(y - 1) * SK_NKPIS] : NULL);
	for (k = 0; k < res->ncouncils; k++)
		kpis(res, w, c->p, &c->wt, st, y, k, scenario_kpi_council(res, y, k),
		     y > 0 ? scenario_kpi_council(res, y - 1, k) : NULL);
	return LE_OK;
}

static int run(struct scenario_result *res, const struct scenario_world *w,
	       const struct scenario_travel *t, const struct scenario *sc,
	       const struct scenario_params *p, int y0, int y1, struct le_err *err)
{
	struct ctx c;
	struct state st;
	struct scenario_travel view;
	int y, i, g, rc = LE_OK;

	memset(&c, 0, sizeof(c));
	c.w = w;
	c.sc = sc;
	c.p = p;
	scenario_walk_tab_init(&c.wt, p, w);
	c.policy = res->policy;
	c.nkeys = res->nkeys;
	/* -2 matches no owner: the baseline builds nothing. */
	c.index = -2;
	/* The scenario's index in the world: the owner of its new schools. */
	if (sc) {
		for (i = 0; i < sc->n; i++)
			if (sc->v[i].kind == SCENARIO_NEW)
				c.index = w->s[sc->v[i].school].owner;
	}
	/* The option's own candidates: the region's and its new schools,
	 * never another option's (travel.c). */
	scenario_travel_option(&view, t, w, c.index);
	c.t = &view;
	/* Scratch per run, not per year: the years reuse it. */
	c.keyp = xmalloc(sizeof(double) * ((size_t)c.nkeys + 1));
	c.unpl = xmalloc(sizeof(double) * ((size_t)c.nkeys + 1));
	c.lost = xmalloc(sizeof(double) * ((size_t)c.nkeys + 1));
	c.lost_school = xmalloc(sizeof(int) * ((size_t)c.nkeys + 1));
	c.spread = res->spread;
	state_init(&st, w, sc, c.nkeys);
	/* Phasing scratch only for a scenario that phases something: the
	 * others run exactly as before. */
	for (i = 0; sc && i < sc->n && !c.gst; i++)
		if (phase_skip(&sc->v[i], sc->v[i].year - 1)) {
			c.gst = xcalloc(LE_MAX_STAGES, sizeof(*c.gst));
			c.ga = xcalloc(LE_MAX_STAGES, sizeof(*c.ga));
			c.gunpl = xcalloc((size_t)LE_MAX_STAGES * (size_t)c.nkeys + 1, sizeof(double));
			for (g = 0; g < LE_MAX_STAGES; g++) {
				state_init(&c.gst[g], w, sc, c.nkeys);
				c.ga[g].start = xcalloc((size_t)c.nkeys + 1, sizeof(int));
			}
		}
	for (y = y0; y <= y1 && !rc; y++)
		rc = eval_year(res, &c, &st, y, err);
	state_release(&st);
	for (g = 0; c.gst && g < LE_MAX_STAGES; g++) {
		state_release(&c.gst[g]);
		free(c.ga[g].start);
		free(c.ga[g].school);
		free(c.ga[g].pupils);
		free(c.ga[g].dist_m);
		free(c.ga[g].time_s);
		free(c.ga[g].straight);
	}
	free(c.gst);
	free(c.ga);
	free(c.gunpl);
	scenario_travel_release(&view);
	free(c.keyp);
	free(c.unpl);
	free(c.lost);
	free(c.lost_school);
	scenario_walk_tab_release(&c.wt);
	return rc;
}

int scenario_eval(struct scenario_result *out, const struct scenario_world *w,
		  const struct scenario_travel *t, const struct scenario *sc,
		  int study_policy, const struct scenario_params *p,
		  const struct scenario_result *base, struct le_err *err)
{
	const struct model *m = w->m;
	size_t nk, nq;
	int y, rc;

	memset(out, 0, sizeof(*out));
	out->name = xstrdup(sc ? sc->name : "baseline");
	out->sc = sc;
	out->base = base;
	out->dep = w->dep;
	out->policy = sc && sc->policy >= 0 ? sc->policy : study_policy;
	out->base_year = m->base_year;
	out->nyears = m->nyears;
	out->nschools = w->n;
	out->nzones = m->nzones;
	out->grp = w->grp;
	out->nkeys = m->nzones * w->grp.nkg;
	out->nst = m->nst;
	nk = (size_t)out->nyears * (size_t)out->nschools;
	nq = (size_t)out->nyears * (size_t)out->nkeys;
	out->roll = xcalloc(nk + 1, sizeof(double));
	out->capacity = xcalloc(nk + 1, sizeof(double));
	out->status = xcalloc(nk + 1, sizeof(int));
	out->condition = xcalloc(nk + 1, sizeof(int));
	out->suitability = xcalloc(nk + 1, sizeof(int));
	out->stage_roll = xcalloc(SCENARIO_SR(out, out->nyears, 0, 0) + 1, sizeof(double));
	out->pupils = xcalloc(nq + 1, sizeof(double));
	out->dist_m = xcalloc(nq + 1, sizeof(double));
	out->time_s = xcalloc(nq + 1, sizeof(double));
	out->beyond = xcalloc(nq + 1, sizeof(double));
	out->unplaced = xcalloc(nq + 1, sizeof(double));
	out->school = xcalloc(nq + 1, sizeof(int));
	out->straight = xcalloc(nq + 1, 1);
	out->held_unplaced = xcalloc((size_t)out->nyears + 1, sizeof(double));
	out->kpi = xcalloc((size_t)out->nyears * SK_NKPIS + 1, sizeof(double));
	/* Per council only where there are several: one council's figures
	 * are the region's. */
	out->ncouncils = w->r->ncouncils > 1 ? w->r->ncouncils : 0;
	out->councils = w->r->councils;
	out->kpi_c = xcalloc((size_t)out->nyears * (size_t)out->ncouncils * SK_NKPIS + 1,
			     sizeof(double));
	out->years = xcalloc((size_t)out->nyears, sizeof(*out->years));
	for (y = 0; y < out->nyears; y++)
		out->years[y].start = xcalloc((size_t)out->nkeys + 1, sizeof(int));
	/* Demand once for every year: it depends on the scenario's housing
	 * but not on the allocation, so scenario_eval_year can reuse it. */
	build_demand(out, w, t, sc);
	rc = run(out, w, t, sc, p, 0, out->nyears - 1, err);
	if (rc)
		scenario_result_release(out);
	return rc;
}

int scenario_eval_year(struct scenario_result *out, const struct scenario_world *w,
		       const struct scenario_travel *t, const struct scenario *sc,
		       const struct scenario_params *p, int y, struct le_err *err)
{
	/* Same state replay and allocation as scenario_eval's year y: the
	 * bench times exactly what a run does per year. */
	return run(out, w, t, sc, p, y, y, err);
}

void scenario_result_release(struct scenario_result *res)
{
	int y;

	if (!res)
		return;
	for (y = 0; res->years && y < res->nyears; y++) {
		free(res->years[y].start);
		free(res->years[y].school);
		free(res->years[y].pupils);
		free(res->years[y].dist_m);
		free(res->years[y].time_s);
		free(res->years[y].straight);
	}
	free(res->years);
	free(res->name);
	free(res->roll);
	free(res->capacity);
	free(res->status);
	free(res->condition);
	free(res->suitability);
	free(res->stage_roll);
	free(res->pupils);
	free(res->dist_m);
	free(res->time_s);
	free(res->beyond);
	free(res->unplaced);
	free(res->school);
	free(res->straight);
	free(res->demand);
	free(res->held_unplaced);
	free(res->kpi);
	free(res->kpi_c);
	free(res->spread);
	memset(res, 0, sizeof(*res));
}

double scenario_high_ratio(const struct scenario_world *w, int y, int k)
{
	return high_ratio(w, y, k);
}
