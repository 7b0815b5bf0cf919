/*
 * rank.c: the appraisal of the options (issue 12, item 8): a criteria
 * file names measures with a weight and the direction that is better,
 * and hard constraints; every option (the baseline, the do-minimum,
 * included) gets a value per measure, options that break a hard
 * constraint are flagged and not ranked, the others are scored and
 * ranked, and each gets its reasons in words.
 *
 * The method (README, "Ranking the options"):
 *  - a measure's values are normalised across the options that meet the
 *    hard constraints, min-max: the best value scores 1, the worst 0,
 *    linear between (all equal: every option scores 1, the measure does
 *    not separate them);
 *  - the score is 100 x the weighted sum of the normalised values over
 *    the sum of the weights of the measures scored; a measure that is
 *    n/a for any option (no SIMD file, no condition grades, no costs) is
 *    left out of every score and said so;
 *  - rank by score, higher first; ties (scores within 1e-9) go to the
 *    lower net present cost, then to the order of the options in the run
 *    (the baseline first).
 *
 * Invariants: measures are rows of one table (name, unit, direction,
 * words, getter), never a switch per measure; a criteria file's unknown
 * measure or key is an error with its file:line; the same inputs give the
 * same ranking, bytes and words.
 */
#include "scenario/scenario.h"
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The buffer's string, and the buffer released (buf_detach leaves a
 * fresh allocation behind). */
static char *take(struct buf *b)
{
	char *s = buf_detach(b);

	buf_release(b);
	return s;
}

/* ---------------------------------------------------------------- measures */

/*
 * The getters: each reads one number of an option, the same way for the
 * run (a result, its totals and its whole-life cost) and for the unit
 * tests' hand-made options (no result: the numbers given). A getter never
 * invents a value: what the data cannot give is NaN, and the measure is
 * then left out of every score rather than read as 0 ("no data" must not
 * look like "no problem").
 */

/* Net present cost: the whole-life cost of cost.c, already discounted
 * over the appraisal period, so it is compared as it is. */
static double get_npc(const struct scenario_rank_option *o, int arg)
{
	(void)arg;
	return o->npc_gbp;
}

/* A cumulative total of totals.c (arg: enum scenario_total): pupil-years
 * and place-years over every evaluated year, so a problem that lasts
 * counts more than one that passes. */
static double get_total(const struct scenario_rank_option *o, int arg)
{
	return o->tot[arg];
}

/* A KPI of the horizon year; NaN without a result (hand-made options). */
static double horizon_kpi(const struct scenario_result *res, int kpi)
{
	if (!res || res->nyears < 1)
		return NAN;
	return res->kpi[(size_t)(res->nyears - 1) * SK_NKPIS + (size_t)kpi];
}

/* A KPI of the horizon year (arg: enum scenario_kpi): the estate the
 * option leaves, for measures that are a state rather than a sum. */
static double get_kpi(const struct scenario_rank_option *o, int arg)
{
	return o->res ? horizon_kpi(o->res, arg) : o->kpi[arg];
}

/* The most deprived fifth's mean walk at the horizon against the
 * baseline's (the baseline: 0): what the option changes for them. */
static double get_simd_change(const struct scenario_rank_option *o, int arg)
{
	(void)arg;
	if (!o->res)
		return o->simd_change_m;
	if (!o->base)
		return isnan(horizon_kpi(o->res, SK_SIMD_DIST_MEAN_M)) ? NAN : 0;
	return horizon_kpi(o->res, SK_SIMD_DIST_MEAN_M) - horizon_kpi(o->base, SK_SIMD_DIST_MEAN_M);
}

/*
 * The measures. better: -1 lower is better, +1 higher. noun: the words of
 * the reasons ("lowest " or "highest " before it). arg: the getter's
 * argument (a total, a KPI). "kpi.<name>" is not a row: it takes any KPI
 * of the KPI table at the horizon, with that KPI's direction.
 */
struct rank_measure {
	const char *name, *unit;
	int better;
	const char *noun;
	double (*get)(const struct scenario_rank_option *o, int arg);
	int arg;
};

static const struct rank_measure measures[] = {
	{ "net_present_cost", "GBP", -1, "net present cost", get_npc, 0 },
	{ "short_place_years", "place-years", -1, "place-years short", get_total,
	  ST_SHORT_PLACE_YEARS },
	{ "cd_buildings_pupil_years", "pupil-years", -1, "pupil-years in condition C/D buildings",
	  get_total, ST_CD_PUPIL_YEARS },
	{ "beyond_limit_pupil_years", "pupil-years", -1, "pupil-years beyond the walking limit",
	  get_total, ST_BEYOND_PUPIL_YEARS },
	{ "unplaced_pupil_years", "pupil-years", -1, "unplaced pupil-years", get_total,
	  ST_UNPLACED_PUPIL_YEARS },
	{ "simd20_distance_change_m", "m", -1,
	  "change in the most deprived fifth's mean walk to school", get_simd_change, 0 },
	{ "pupils_moved", "pupils", -1, "number of pupils who must move school", get_kpi, SK_MOVED },
};
#define NMEASURES ((int)(sizeof(measures) / sizeof(measures[0])))
/* The index of "kpi.<name>" measures: RANK_KPI_BASE + the KPI. */
#define RANK_KPI_BASE 1000

const char *scenario_rank_measure_name(const struct scenario_criteria *c, int i, char *buf,
				       size_t n)
{
	int m = c->measure[i];

	if (m >= RANK_KPI_BASE) {
		snprintf(buf, n, "kpi.%s", scenario_kpi_name(m - RANK_KPI_BASE));
		return buf;
	}
	return measures[m].name;
}

static const char *measure_unit(int m)
{
	return m >= RANK_KPI_BASE ? scenario_kpi_unit(m - RANK_KPI_BASE) : measures[m].unit;
}

static double measure_value(int m, const struct scenario_rank_option *o)
{
	if (m >= RANK_KPI_BASE)
		return get_kpi(o, m - RANK_KPI_BASE);
	return measures[m].get(o, measures[m].arg);
}

/* The measure's noun, and "lowest" / "highest" for its best (best = 1)
 * or worst value under the criteria's direction. */
static const char *measure_noun(const struct scenario_criteria *c, int i, char *buf, size_t n)
{
	int m = c->measure[i];

	if (m >= RANK_KPI_BASE) {
		snprintf(buf, n, "%s", scenario_kpi_name(m - RANK_KPI_BASE));
		return buf;
	}
	return measures[m].noun;
}

static void measure_words(const struct scenario_criteria *c, int i, int best, char *out,
			  size_t n)
{
	char tmp[96];

	snprintf(out, n, "%s %s", (best ? c->better[i] < 0 : c->better[i] > 0) ? "lowest" : "highest",
		 measure_noun(c, i, tmp, sizeof(tmp)));
}

/* ---------------------------------------------------------------- criteria */

void scenario_criteria_release(struct scenario_criteria *c)
{
	if (!c)
		return;
	free(c->path);
	memset(c, 0, sizeof(*c));
}

/*
 * One line of [criteria]: "measure = weight" or "measure = weight,
 * lower|higher". The measure is a row of the table or kpi.<name> of the
 * KPI table; everything is checked here, at the line, so a misspelt
 * measure never silently drops out of the score.
 */
static int add_measure(struct scenario_criteria *c, const struct io_ini_entry *e,
		       const char *path, struct le_err *err)
{
	char *val = xstrdup(e->val), *comma = strchr(val, ','), *dir = NULL;
	double w;
	int m, i, rc = LE_OK, better;

	if (comma) {
		*comma = '\0';
		dir = le_trim(comma + 1);
	}
	m = -1;
	for (i = 0; i < NMEASURES; i++)
		if (strcmp(measures[i].name, e->key) == 0)
			m = i;
	if (m < 0 && strncmp(e->key, "kpi.", 4) == 0)
		for (i = 0; i < SK_NKPIS; i++)
			if (strcmp(scenario_kpi_name(i), e->key + 4) == 0)
				m = RANK_KPI_BASE + i;
	if (m < 0) {
		struct buf b;

		buf_init(&b);
		for (i = 0; i < NMEASURES; i++)
			buf_addf(&b, "%s, ", measures[i].name);
		rc = le_errf(err, LE_EPARSE, "%s:%d: unknown measure '%s' in [criteria] (expected one of: %skpi.<a KPI of kpis.csv>)",
			     path, e->line, e->key, b.s);
		buf_release(&b);
		goto done;
	}
	for (i = 0; i < c->n; i++)
		if (c->measure[i] == m) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: measure '%s' is given twice in [criteria] (first on line %d)",
				     path, e->line, e->key, c->line[i]);
			goto done;
		}
	if (le_parse_double(le_trim(val), &w) != 0 || w < 0 || w > 1000) {
		rc = le_errf(err, LE_EPARSE, "%s:%d: %s: the weight must be a number from 0 to 1000, got '%s' (write 'measure = weight' or 'measure = weight, lower')",
			     path, e->line, e->key, le_trim(val));
		goto done;
	}
	/* The measure's own direction unless the file turns it round; a KPI
	 * that is neither (simd20_pupils: more deprived pupils is not better
	 * or worse in itself) must be told, not guessed. */
	better = m >= RANK_KPI_BASE ? scenario_kpi_better(m - RANK_KPI_BASE) : measures[m].better;
	if (dir && strcmp(dir, "lower") == 0)
		better = -1;
	else if (dir && strcmp(dir, "higher") == 0)
		better = 1;
	else if (dir) {
		rc = le_errf(err, LE_EPARSE, "%s:%d: %s: the better direction must be lower or higher, got '%s'",
			     path, e->line, e->key, dir);
		goto done;
	}
	if (!better) {
		rc = le_errf(err, LE_EPARSE, "%s:%d: %s has no better direction of its own: write '%s = %s, lower' or ', higher'",
			     path, e->line, e->key, e->key, le_trim(val));
		goto done;
	}
	if (c->n >= SCENARIO_RANK_MAX) {
		rc = le_errf(err, LE_EPARSE, "%s:%d: at most %d measures in [criteria]", path, e->line,
			     SCENARIO_RANK_MAX);
		goto done;
	}
	c->measure[c->n] = m;
	c->weight[c->n] = w;
	c->better[c->n] = better;
	c->line[c->n] = e->line;
	c->n++;
done:
	free(val);
	return rc;
}

/* A constraint: a number in range, at its line; given once (a second
 * line would otherwise silently replace the first). */
static int add_constraint(struct scenario_criteria *c, const struct io_ini_entry *e,
			  const char *path, struct le_err *err)
{
	double v;
	double *to = strcmp(e->key, "max_over_capacity_pct") == 0 ? &c->max_over_pct :
		strcmp(e->key, "max_journey_min") == 0 ? &c->max_journey_min : NULL;

	if (!to)
		return le_errf(err, LE_EPARSE, "%s:%d: unknown constraint '%s' in [constraints] (expected max_over_capacity_pct or max_journey_min)",
			       path, e->line, e->key);
	if (!isnan(*to))
		return le_errf(err, LE_EPARSE, "%s:%d: %s is given twice in [constraints]",
			       path, e->line, e->key);
	if (le_parse_double(e->val, &v) != 0 || v < 0 || v > 1000)
		return le_errf(err, LE_EPARSE, "%s:%d: %s must be a number from 0 to 1000, got '%s'",
			       path, e->line, e->key, e->val);
	*to = v;
	return LE_OK;
}

/* The file is a plain parameter file (io/ini.c keeps each entry's line);
 * this module owns its two sections and their keys. */
int scenario_criteria_read(const char *path, struct scenario_criteria *c, struct le_err *err)
{
	struct io_ini ini;
	int i, rc;

	memset(c, 0, sizeof(*c));
	c->max_over_pct = c->max_journey_min = NAN;
	if ((rc = io_ini_read(path, &ini, err)))
		return rc;
	for (i = 0; i < ini.n && !rc; i++) {
		const struct io_ini_entry *e = &ini.v[i];

		if (strcmp(e->section, "criteria") == 0)
			rc = add_measure(c, e, path, err);
		else if (strcmp(e->section, "constraints") == 0)
			rc = add_constraint(c, e, path, err);
		else
			rc = le_errf(err, LE_EPARSE, "%s:%d: '%s' is outside [criteria] and [constraints] (the sections of a criteria file)",
				     path, e->line, e->key);
	}
	if (!rc && c->n == 0)
		rc = le_errf(err, LE_EPARSE, "%s: no measure in [criteria] (write 'net_present_cost = 30', one measure a line)",
			     path);
	io_ini_release(&ini);
	if (rc)
		return rc;
	c->path = xstrdup(path);
	return LE_OK;
}

/* ---------------------------------------------------------------- constraints */

/* A school that takes pupils that year: closed schools, planned ones and
 * other options' new schools have no roll to be over capacity with. */
static int open_status(int st)
{
	return st == SCENARIO_OPEN || st == SCENARIO_NEWLY_BUILT || st == SCENARIO_EXTENDED ||
	       st == SCENARIO_REDUCED;
}

/* Pupils beyond capacity x (1 + pct / 100) at school k in year y; -1e300
 * where the school is not open or has no capacity. */
static double over_excess(const struct scenario_result *res, int y, int k, double pct)
{
	size_t i = (size_t)y * (size_t)res->nschools + (size_t)k;

	if (!res || k >= res->nschools || !open_status(res->status[i]) || res->capacity[i] <= 0)
		return -1e300;
	return res->roll[i] - res->capacity[i] * (1 + pct / 100);
}

/* Pupils whose journey (driving time) is over max_s in year y, summed
 * over the allocation's entries (a zone split between schools counts
 * each part at its own school's time). */
static double pupils_over_time(const struct scenario_result *res, int y, double max_s)
{
	const struct scenario_alloc *a = &res->years[y];
	double n = 0;
	int e;

	for (e = 0; e < a->ne; e++)
		if (a->pupils[e] > 0 && a->time_s[e] > max_s)
			n += a->pupils[e];
	return n;
}

/*
 * The breaches of option o against the baseline (the do-minimum): a
 * school beyond the capacity tolerance that the do-minimum does not have
 * so far over in that year, or more pupils over the journey time than
 * the do-minimum has. Existing problems are every option's alike (a
 * constraint that flags every option ranks none), so only what an
 * option causes or worsens breaks it; the baseline breaks none. Half a
 * pupil of slack ignores rounding. The first breach found is described.
 */
static char *breaches(const struct scenario_criteria *c, const struct scenario_rank_option *o,
		      const struct scenario_world *w)
{
	const struct scenario_result *res = o->res, *base = o->base;
	struct buf b;
	int y, k;

	if (o->breach_given)
		return xstrdup(o->breach_given);
	if (!res || !base)
		return NULL;
	buf_init(&b);
	for (y = 0; y < res->nyears && !isnan(c->max_over_pct) && !b.len; y++)
		for (k = 0; k < res->nschools && !b.len; k++) {
			double ex = over_excess(res, y, k, c->max_over_pct);
			double bx = k < base->nschools ? over_excess(base, y, k, c->max_over_pct) : -1e300;
			size_t i = (size_t)y * (size_t)res->nschools + (size_t)k;
			char bw[64];
			double bp;

			/* Half a pupil of slack both ways: rolls are fractional
			 * projections, and 0.01 of a pupil is not a breach. */
			if (!(ex > 0.5 && ex > bx + 0.5))
				continue;
			bp = bx > -1e299 ? (base->roll[i] / base->capacity[i] - 1) * 100 : 0;
			if (bx > -1e299)
				snprintf(bw, sizeof(bw), "%.1f %% %s", fabs(bp), bp < 0 ? "under" : "over");
			else
				snprintf(bw, sizeof(bw), "no such school");
			buf_addf(&b, "%s is %.1f %% over capacity in %d (%.0f pupils, %.0f places; the limit %g %%, the do-minimum %s)",
				 w && k < w->n ? w->s[k].name : "a school",
				 (res->roll[i] / res->capacity[i] - 1) * 100, res->base_year + y,
				 res->roll[i], res->capacity[i], c->max_over_pct, bw);
		}
	for (y = 0; y < res->nyears && !isnan(c->max_journey_min) && !b.len; y++) {
		double n = pupils_over_time(res, y, c->max_journey_min * 60);
		double nb = pupils_over_time(base, y, c->max_journey_min * 60);

		if (n > nb + 0.5)
			buf_addf(&b, "%.0f pupils travel over %g minutes in %d (the do-minimum %.0f)",
				 n, c->max_journey_min, res->base_year + y, nb);
	}
	if (!b.len) {
		buf_release(&b);
		return NULL;
	}
	return take(&b);
}

/* ---------------------------------------------------------------- ranking */

static const char *ordinal(int n, char *buf, size_t len)
{
	static const char *const words[] = { "first", "second", "third", "fourth", "fifth",
					     "sixth", "seventh", "eighth", "ninth", "tenth" };

	if (n >= 1 && n <= 10)
		return words[n - 1];
	/* 11th-13th, then 21st, 22nd, 23rd ... */
	snprintf(buf, len, "%d%s", n, n % 100 >= 11 && n % 100 <= 13 ? "th" : n % 10 == 1 ? "st" :
		 n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th");
	return buf;
}

/* A value for the reasons: money in GBP m, counts whole, metres signed. */
static void value_words(const char *unit, double v, char *out, size_t n)
{
	char g[48];

	if (isnan(v)) {
		snprintf(out, n, "n/a");
	} else if (strcmp(unit, "GBP") == 0) {
		report_html_num(v / 1e6, 1, g, sizeof(g));
		snprintf(out, n, "£%s m", g);
	} else if (strcmp(unit, "m") == 0) {
		report_html_num(fabs(v), 0, g, sizeof(g));
		snprintf(out, n, "%s%s m", v < -0.5 ? "-" : v > 0.5 ? "+" : "", g);
	} else if (strcmp(unit, "%") == 0) {
		snprintf(out, n, "%.1f %%", v);
	} else {
		report_html_num(v, 0, g, sizeof(g));
		snprintf(out, n, "%s %s", g, unit);
	}
}

/* Reasons of ranked option o: the measures it is best on (by weight, up
 * to three), and its weakest (the largest weighted shortfall from the
 * best). */
static char *reasons(const struct scenario_ranking *rk, const struct scenario_criteria *c, int o)
{
	struct buf b;
	char w[160], v[64], tmp[16], tmp2[96];
	int pass, i, nb = 0, weak = -1, j, *ord = xcalloc((size_t)c->n + 1, sizeof(int));
	double loss = 0;

	buf_init(&b);
	buf_addf(&b, "%sranks %s (score %.1f)", rk->base_index == o ? "the do-minimum " : "",
		 ordinal(rk->rank[o], tmp, sizeof(tmp)), rk->score[o]);
	/* Measures by weight, heaviest first, then file order: stable. */
	for (i = 0; i < c->n; i++)
		ord[i] = i;
	for (i = 1; i < c->n; i++)
		for (j = i; j > 0 && c->weight[ord[j]] > c->weight[ord[j - 1]]; j--) {
			int t = ord[j];
			ord[j] = ord[j - 1];
			ord[j - 1] = t;
		}
	/* Pass 0: where it is best alone; pass 1, only when it is best
	 * alone nowhere: where it is joint best (a measure many options
	 * share the best of says little). The weakest on the way. */
	for (pass = 0; pass < 2 && !nb; pass++)
		for (j = 0; j < c->n; j++) {
			int shared = 0, q;

			i = ord[j];
			if (!rk->used[i] || !rk->spread[i] || c->weight[i] <= 0)
				continue;
			if (rk->norm[(size_t)o * c->n + i] < 1 - 1e-12) {
				if (pass == 0 &&
				    c->weight[i] * (1 - rk->norm[(size_t)o * c->n + i]) > loss + 1e-12) {
					loss = c->weight[i] * (1 - rk->norm[(size_t)o * c->n + i]);
					weak = i;
				}
				continue;
			}
			for (q = 0; q < rk->nopt; q++)
				shared += q != o && rk->norm[(size_t)q * c->n + i] >= 1 - 1e-12;
			if (nb >= 3 || (shared > 0) != pass)
				continue;
			measure_words(c, i, 1, w, sizeof(w));
			value_words(measure_unit(c->measure[i]), rk->value[(size_t)o * c->n + i], v,
				    sizeof(v));
			buf_addf(&b, "%s%s%s (%s)", nb ? " and " : ": ", shared ? "joint " : "", w, v);
			nb++;
		}
	if (weak >= 0) {
		value_words(measure_unit(c->measure[weak]), rk->value[(size_t)o * c->n + weak], v,
			    sizeof(v));
		/* The worst of all on it (alone or jointly), or only short of
		 * the best. */
		if (rk->norm[(size_t)o * c->n + weak] <= 1e-12) {
			int shared = 0, q;

			for (q = 0; q < rk->nopt; q++)
				shared += q != o && rk->norm[(size_t)q * c->n + weak] <= 1e-12;
			measure_words(c, weak, 0, tmp2, sizeof(tmp2));
			snprintf(w, sizeof(w), "%s%s", shared ? "joint " : "", tmp2);
		} else
			snprintf(w, sizeof(w), "weaker on %s", measure_noun(c, weak, tmp2, sizeof(tmp2)));
		buf_addf(&b, "%s %s (%s)", nb ? "; but" : ":", w, v);
	} else if (!nb) {
		buf_adds(&b, ": no measure separates the options");
	}
	if (!isnan(c->max_over_pct) || !isnan(c->max_journey_min))
		buf_adds(&b, "; meets the hard constraints");
	free(ord);
	return take(&b);
}

int scenario_rank(struct scenario_ranking *rk, const struct scenario_criteria *c,
		  const struct scenario_rank_option *opt, int nopt,
		  const struct scenario_world *w)
{
	int o, i, n = c->n, r;
	size_t on = (size_t)nopt * (size_t)(n ? n : 1);

	memset(rk, 0, sizeof(*rk));
	rk->crit = c;
	rk->nopt = nopt;
	rk->value = xcalloc(on, sizeof(double));
	rk->norm = xcalloc(on, sizeof(double));
	rk->score = xcalloc((size_t)nopt + 1, sizeof(double));
	rk->rank = xcalloc((size_t)nopt + 1, sizeof(int));
	rk->order = xcalloc((size_t)nopt + 1, sizeof(int));
	rk->breach = xcalloc((size_t)nopt + 1, sizeof(char *));
	rk->reason = xcalloc((size_t)nopt + 1, sizeof(char *));
	rk->name = xcalloc((size_t)nopt + 1, sizeof(char *));
	rk->used = xcalloc((size_t)n + 1, sizeof(int));
	rk->spread = xcalloc((size_t)n + 1, sizeof(int));
	rk->base_index = -1;
	for (o = 0; o < nopt; o++) {
		if (opt[o].res && !opt[o].base && rk->base_index < 0)
			rk->base_index = o;
		rk->name[o] = opt[o].name;
		rk->breach[o] = breaches(c, &opt[o], w);
		for (i = 0; i < n; i++)
			rk->value[(size_t)o * n + i] = measure_value(c->measure[i], &opt[o]);
	}
	/* Normalise each measure over the options that meet the constraints:
	 * a flagged option must not set the scale for the others (an option
	 * that is cheap because it leaves pupils without places would
	 * otherwise make every honest option look dear). */
	for (i = 0; i < n; i++) {
		double best = NAN, worst = NAN;

		rk->used[i] = c->weight[i] > 0;
		for (o = 0; o < nopt; o++) {
			double v = rk->value[(size_t)o * n + i];

			if (rk->breach[o])
				continue;
			if (isnan(v)) {
				rk->used[i] = 0;
				continue;
			}
			if (isnan(best) || (c->better[i] < 0 ? v < best : v > best))
				best = v;
			if (isnan(worst) || (c->better[i] < 0 ? v > worst : v < worst))
				worst = v;
		}
		rk->spread[i] = !isnan(best) && best != worst;
		for (o = 0; o < nopt; o++) {
			double v = rk->value[(size_t)o * n + i];
			double s = rk->breach[o] || isnan(v) ? NAN :
				!rk->spread[i] ? 1 : (v - worst) / (best - worst);

			/* The worst over a negative range is -0: written "0". */
			rk->norm[(size_t)o * n + i] = s == 0 ? 0 : s;
		}
	}
	/* Score: the weighted mean over the measures scored, on 0-100, so a
	 * measure left out (n/a) shifts no option against another. */
	for (o = 0; o < nopt; o++) {
		double sw = 0, s = 0;

		if (rk->breach[o]) {
			rk->score[o] = NAN;
			continue;
		}
		for (i = 0; i < n; i++)
			if (rk->used[i]) {
				sw += c->weight[i];
				s += c->weight[i] * rk->norm[(size_t)o * n + i];
			}
		rk->score[o] = sw > 0 ? 100 * s / sw : 100;
	}
	/* Order: eligible by score (ties: lower NPC, then run order), then
	 * the flagged in run order. Insertion sort: a handful of options. */
	for (o = 0; o < nopt; o++)
		rk->order[o] = o;
	for (o = 1; o < nopt; o++) {
		int j;

		for (j = o; j > 0; j--) {
			int a = rk->order[j - 1], b = rk->order[j], swap;

			if (!!rk->breach[a] != !!rk->breach[b])
				swap = rk->breach[a] != NULL;
			else if (rk->breach[a])
				swap = 0;
			else if (fabs(rk->score[a] - rk->score[b]) > 1e-9)
				swap = rk->score[b] > rk->score[a];
			else
				swap = opt[b].npc_gbp < opt[a].npc_gbp;
			if (!swap)
				break;
			rk->order[j - 1] = b;
			rk->order[j] = a;
		}
	}
	for (r = 0, o = 0; o < nopt; o++) {
		int k = rk->order[o];

		if (!rk->breach[k])
			rk->rank[k] = ++r;
	}
	rk->nranked = r;
	for (o = 0; o < nopt; o++) {
		if (rk->breach[o]) {
			struct buf b;

			buf_init(&b);
			buf_addf(&b, "not ranked: breaks a hard constraint: %s", rk->breach[o]);
			rk->reason[o] = take(&b);
		} else {
			rk->reason[o] = reasons(rk, c, o);
		}
	}
	/* The page's view (report/html_ranking.c): rank order. */
	rk->page_names = xcalloc((size_t)nopt + 1, sizeof(char *));
	rk->page_reasons = xcalloc((size_t)nopt + 1, sizeof(char *));
	rk->page_rank = xcalloc((size_t)nopt + 1, sizeof(int));
	rk->page_score = xcalloc((size_t)nopt + 1, sizeof(double));
	for (o = 0; o < nopt; o++) {
		int k = rk->order[o];

		rk->page_names[o] = rk->name[k];
		rk->page_reasons[o] = rk->reason[k];
		rk->page_rank[o] = rk->rank[k];
		rk->page_score[o] = rk->score[k];
	}
	rk->page.nrows = nopt;
	rk->page.option = rk->page_names;
	rk->page.reason = rk->page_reasons;
	rk->page.rank = rk->page_rank;
	rk->page.score = rk->page_score;
	rk->page.criteria = c->path;
	return LE_OK;
}

void scenario_ranking_release(struct scenario_ranking *rk)
{
	int o;

	if (!rk)
		return;
	for (o = 0; o < rk->nopt; o++) {
		free(rk->breach ? rk->breach[o] : NULL);
		free(rk->reason ? rk->reason[o] : NULL);
	}
	free(rk->value);
	free(rk->norm);
	free(rk->score);
	free(rk->rank);
	free(rk->order);
	free(rk->breach);
	free(rk->reason);
	free(rk->name);
	free(rk->used);
	free(rk->spread);
	free(rk->page_names);
	free(rk->page_reasons);
	free(rk->page_rank);
	free(rk->page_score);
	memset(rk, 0, sizeof(*rk));
}

/* ---------------------------------------------------------------- outputs */

/* A CSV field in quotes, quotes doubled (the reasons hold commas; names
 * are quoted too, so a scenario name can never shift a column). */
static void quoted(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

/* ranking.csv: every measure's value beside its scaled value, so a
 * reader can redo a score by hand and see where min-max magnified a
 * small difference; fixed decimals, rank order: the same run gives the
 * same bytes. */
int scenario_ranking_write(const struct scenario_ranking *rk, const char *dir,
			   struct le_err *err)
{
	const struct scenario_criteria *c = rk->crit;
	struct io_out o;
	char *path, name[96], num[64];
	int rc, i, r;

	path = le_path_join(dir, "ranking.csv");
	rc = io_out_open(&o, path, err);
	free(path);
	if (rc)
		return rc;
	fputs("rank,option,score", o.fp);
	for (i = 0; i < c->n; i++) {
		const char *m = scenario_rank_measure_name(c, i, name, sizeof(name));

		fprintf(o.fp, ",%s,%s_score", m, m);
	}
	fputs(",breach,reasons\n", o.fp);
	for (r = 0; r < rk->nopt; r++) {
		int k = rk->order[r];

		if (rk->rank[k])
			fprintf(o.fp, "%d,", rk->rank[k]);
		else
			fputc(',', o.fp);
		quoted(o.fp, rk->name[k]);
		fputc(',', o.fp);
		if (isnan(rk->score[k])) {
			fputs("n/a", o.fp);
		} else {
			le_fmt_fixed(rk->score[k], 2, num);
			fputs(num, o.fp);
		}
		for (i = 0; i < c->n; i++) {
			double v = rk->value[(size_t)k * c->n + i], s = rk->norm[(size_t)k * c->n + i];

			fputc(',', o.fp);
			if (isnan(v))
				fputs("n/a", o.fp);
			else {
				le_fmt_fixed(v, 2, num);
				fputs(num, o.fp);
			}
			fputc(',', o.fp);
			if (isnan(s) || !rk->used[i])
				fputs("n/a", o.fp);
			else {
				le_fmt_fixed(s, 4, num);
				fputs(num, o.fp);
			}
		}
		fputc(',', o.fp);
		quoted(o.fp, rk->breach[k] ? rk->breach[k] : "");
		fputc(',', o.fp);
		quoted(o.fp, rk->reason[k]);
		fputc('\n', o.fp);
	}
	return io_out_commit(&o, err);
}

/* The terminal's table: the criteria and weights first (what the scores
 * mean), then the measures left out, then one line per option with its
 * reasons, and the method in one line so the figures cannot be misread. */
void scenario_ranking_print(FILE *fp, const struct scenario_ranking *rk)
{
	const struct scenario_criteria *c = rk->crit;
	char name[96];
	int i, r, nun = 0;

	fprintf(fp, "Ranking of the options (criteria %s: ", c->path ? c->path : "(given)");
	for (i = 0; i < c->n; i++)
		fprintf(fp, "%s%s %g", i ? ", " : "", scenario_rank_measure_name(c, i, name, sizeof(name)),
			c->weight[i]);
	fputs(")\n", fp);
	for (i = 0; i < c->n; i++)
		if (!rk->used[i] && c->weight[i] > 0)
			fprintf(fp, "%s%s", nun++ ? ", " : "  not scored (n/a for some option): ",
				scenario_rank_measure_name(c, i, name, sizeof(name)));
	if (nun)
		fputc('\n', fp);
	for (r = 0; r < rk->nopt; r++) {
		int k = rk->order[r];

		if (rk->rank[k])
			fprintf(fp, "  %2d. %-22s %6.1f  %s\n", rk->rank[k], rk->name[k], rk->score[k],
				rk->reason[k]);
		else
			fprintf(fp, "   -  %-22s    n/a  %s\n", rk->name[k], rk->reason[k]);
	}
	fputs("  (score: each measure min-max normalised over the options that meet the constraints, 1 the best; 100 x the weighted mean; ties to the lower net present cost)\n",
	      fp);
}
