/*
 * cmd_backtest.c: `estate backtest STUDY --base YEAR [--years N]`: how
 * good the roll forecast would have been. The study's model is run from a
 * past base year with only what was known then: the stage rolls up to the
 * base year, and the population estimate of the base year or earlier (the
 * study's population_previous when [population] is later; a later one
 * only when there is none, and the output says so). Its school totals N
 * years on are compared with the census, beside persistence and a plain
 * council-wide grade progression (model/backtest.c), per sector and by
 * school size band. Needs [model] method = survival or progression and
 * stage_rolls (the years after the base are the answers).
 *
 * Nearest allocation here is by straight line x detour factor (no road
 * network), so that the test is quick; it only shapes the P1 and S1
 * denominators. Nothing is written.
 */
#include "cli/cli.h"
#include "geo/geo.h"
#include "io/io.h"
#include "load/load.h"
#include "model/model.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { BT_SURV = 0, BT_PERS, BT_PROG, BT_NMETHODS };
static const char *const bt_names[BT_NMETHODS] = {
	"estate (cohort survival)", "persistence", "council progression"
};

/* The comparison of one sector: per compared school, actual and the
 * three forecasts (flat arrays, n each). */
struct bt_sector {
	int n;
	double *actual, *base, *fc[BT_NMETHODS], *low, *high;
	int *council;           /* region council index, -1 if none */
};

static int cmp_abs(const void *a, const void *b)
{
	double x = fabs(*(const double *)a), y = fabs(*(const double *)b);

	return x < y ? -1 : x > y;
}

/*
 * Each council's total (same schools in both years) against its actual,
 * per method; listed when at most 12 councils have schools in the test,
 * and summarised (median and largest absolute error) when 2 or more do.
 */
static void bt_councils(const struct bt_sector *b, const struct region *r)
{
	int nc = r->ncouncils, c, i, mth, n = 0;
	double *sum = xcalloc((size_t)(nc + 1) * (BT_NMETHODS + 1), sizeof(double));
	double *err[BT_NMETHODS];
	int *who = xmalloc(sizeof(int) * (size_t)(nc + 1));

	for (i = 0; i < b->n; i++) {
		if (b->council[i] < 0)
			continue;
		sum[(size_t)b->council[i] * (BT_NMETHODS + 1)] += b->actual[i];
		for (mth = 0; mth < BT_NMETHODS; mth++)
			sum[(size_t)b->council[i] * (BT_NMETHODS + 1) + 1 + (size_t)mth] += b->fc[mth][i];
	}
	for (mth = 0; mth < BT_NMETHODS; mth++)
		err[mth] = xmalloc(sizeof(double) * (size_t)(nc + 1));
	/* The councils with schools in the test (a study may load every
	 * boundary and keep the schools of a few). */
	for (c = 0; c < nc; c++) {
		double a = sum[(size_t)c * (BT_NMETHODS + 1)];

		if (a <= 0)
			continue;
		for (mth = 0; mth < BT_NMETHODS; mth++)
			err[mth][n] = (sum[(size_t)c * (BT_NMETHODS + 1) + 1 + (size_t)mth] - a) / a * 100;
		who[n++] = c;
	}
	if (n >= 2 && n <= 12) {
		printf("  council totals, error %%: estate / persistence / progression\n");
		for (i = 0; i < n; i++)
			printf("    %-28s %+6.2f / %+6.2f / %+6.2f\n",
			       r->councils[who[i]].name ? r->councils[who[i]].name : r->councils[who[i]].id,
			       err[0][i], err[1][i], err[2][i]);
	}
	if (n >= 2) {
		printf("  council totals over %d councils, |error| %%: median / largest\n", n);
		for (mth = 0; mth < BT_NMETHODS; mth++) {
			qsort(err[mth], (size_t)n, sizeof(double), cmp_abs);
			printf("    %-26s %6.2f / %6.2f\n", bt_names[mth],
			       n % 2 ? fabs(err[mth][n / 2]) : (fabs(err[mth][n / 2 - 1]) + fabs(err[mth][n / 2])) / 2,
			       fabs(err[mth][n - 1]));
		}
	}
	for (mth = 0; mth < BT_NMETHODS; mth++)
		free(err[mth]);
	free(who);
	free(sum);
}

/*
 * One sector's block: the three methods side by side (same schools, same
 * actuals, so the columns compare like with like), the council totals,
 * then the median error by size band, where small schools' noise shows.
 * Only the survival method has ranges; the naive rules print "-".
 */
static void bt_print(const struct bt_sector *b, int sec, int target,
		     const struct region *r)
{
	struct model_bt_stats st;
	int mth, band, i;
	char lo[32];

	if (!b->n) {
		printf("%s: no school with a roll in both years\n\n", le_sector_name(sec));
		return;
	}
	model_bt_stats(b->fc[0], b->actual, NULL, NULL, b->n, &st);
	printf("%s: %d schools, %.0f pupils in %d\n", le_sector_name(sec), b->n,
	       st.actual_total, target);
	printf("  %-26s %8s %8s %7s %8s %9s %9s %9s\n", "method", "median", "mean",
	       "bias", "within", "within", "study", "80% range");
	printf("  %-26s %8s %8s %7s %8s %9s %9s %9s\n", "", "|err| %", "|err| %",
	       "%", "5 %", "10 %", "total %", "covers");
	for (mth = 0; mth < BT_NMETHODS; mth++) {
		int rng = mth == BT_SURV;

		model_bt_stats(b->fc[mth], b->actual, rng ? b->low : NULL,
			       rng ? b->high : NULL, b->n, &st);
		if (st.coverage >= 0)
			snprintf(lo, sizeof(lo), "%.0f %%", st.coverage);
		else
			snprintf(lo, sizeof(lo), "-");
		printf("  %-26s %8.2f %8.2f %+7.2f %6.0f %% %7.0f %% %+9.2f %9s\n",
		       bt_names[mth], st.median_ape, st.mean_ape, st.bias,
		       st.within5, st.within10, st.total_err, lo);
	}
	bt_councils(b, r);
	printf("  by size (base-year roll): median |err| %%, estate / persistence / progression; range covers\n");
	/* Bands are rebuilt as sub-samples so that model_bt_stats, the one
	 * definition of every figure, computes them too. */
	for (band = 0; band < MODEL_BT_NBANDS; band++) {
		struct bt_sector s;
		double upper = model_bt_band_upper(sec, band);
		double lower = band ? model_bt_band_upper(sec, band - 1) : 0;
		struct model_bt_stats sm[BT_NMETHODS];
		char label[40];

		memset(&s, 0, sizeof(s));
		s.actual = xmalloc(sizeof(double) * (size_t)(b->n + 1));
		s.low = xmalloc(sizeof(double) * (size_t)(b->n + 1));
		s.high = xmalloc(sizeof(double) * (size_t)(b->n + 1));
		for (mth = 0; mth < BT_NMETHODS; mth++)
			s.fc[mth] = xmalloc(sizeof(double) * (size_t)(b->n + 1));
		for (i = 0; i < b->n; i++) {
			if (model_bt_band(sec, b->base[i]) != band)
				continue;
			s.actual[s.n] = b->actual[i];
			s.low[s.n] = b->low[i];
			s.high[s.n] = b->high[i];
			for (mth = 0; mth < BT_NMETHODS; mth++)
				s.fc[mth][s.n] = b->fc[mth][i];
			s.n++;
		}
		for (mth = 0; mth < BT_NMETHODS; mth++)
			model_bt_stats(s.fc[mth], s.actual, mth == BT_SURV ? s.low : NULL,
				       mth == BT_SURV ? s.high : NULL, s.n, &sm[mth]);
		if (upper > 1e29)
			snprintf(label, sizeof(label), "%.0f or more", lower);
		else
			snprintf(label, sizeof(label), "%.0f-%.0f", lower, upper - 1);
		/* An empty band is left out rather than printed as zeros. */
		if (s.n)
			printf("    %-12s %3d schools  %6.2f / %6.2f / %6.2f   %3.0f %%\n", label,
			       s.n, sm[0].median_ape, sm[1].median_ape, sm[2].median_ape,
			       sm[0].coverage);
		free(s.actual);
		free(s.low);
		free(s.high);
		for (mth = 0; mth < BT_NMETHODS; mth++)
			free(s.fc[mth]);
	}
	printf("\n");
}

int cmd_backtest(int argc, char **argv)
{
	static struct option opts[] = {
		{ "base", required_argument, NULL, 'b' },
		{ "years", required_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct study s;
	struct region r;
	struct model m;
	struct model_history act;
	struct model_cands cands;
	struct le_diags d, md;
	struct le_err err;
	struct geo_ctx *g = NULL;
	struct bt_sector bs[2];
	long base = 0, years = 1;
	int c, rc, code = CLI_OK, have_model = 0, k, sec, mth, cohort_from = 0;
	int pop_note = 0;
	const char *study;
	double *prev = NULL;
	char *has = NULL;

	/* getopt keeps state between commands; its own messages are off so
	 * that ours follow the "estate: ..." form. Options may follow the
	 * study (GNU permutation): "estate backtest STUDY --base 2022". */
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "b:y:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (le_parse_long(optarg, &base) || base < 1990 || base > 2200)
				return cli_usage_error("backtest", "--base must be a census year such as 2022");
			break;
		case 'y':
			if (le_parse_long(optarg, &years) || years < 1 || years > 20)
				return cli_usage_error("backtest", "--years must be a whole number from 1 to 20");
			break;
		case 'h':
			cli_help_command(stdout, "backtest");
			return CLI_OK;
		default:
			fprintf(stderr, "estate: backtest: unknown option '%s' (see 'estate backtest --help')\n",
				argv[optind - 1]);
			return CLI_EUSAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("backtest", "expected one study file");
	if (!base)
		return cli_usage_error("backtest", "--base YEAR is required");
	study = argv[optind];
	le_err_clear(&err);
	le_diags_init(&d);
	le_diags_init(&md);
	memset(&s, 0, sizeof(s));
	memset(&r, 0, sizeof(r));
	memset(&act, 0, sizeof(act));
	memset(&cands, 0, sizeof(cands));
	memset(bs, 0, sizeof(bs));
	/* The region as the study loads it: the schools layer is today's
	 * list, so a school closed before the target year is not compared
	 * (it has nothing to be compared with). */
	rc = cli_load(study, &s, &g, &r, &d, &err);
	if (!rc && (!study_model_get(&s, "stage_rolls", NULL) ||
		    !study_model_get(&s, "method", NULL) ||
		    strcmp(study_model_get(&s, "method", NULL), "demand") == 0))
		rc = le_errf(&err, LE_EUSAGE, "%s: backtest needs [model] method = survival (or progression) and stage_rolls = FILE, ...",
			     s.path ? s.path : study);
	if (rc)
		goto fail;
	/* The population known at the base year: the previous estimate when
	 * [population] is later; cohort change only from two years <= base. */
	if (study_model_get(&s, "population_previous", NULL)) {
		long py = 0;

		le_parse_long(study_model_get(&s, "population_previous_year", NULL), &py);
		if ((rc = load_population_previous(&s, g, &r, &prev, &has, &err)))
			goto fail;
		if (r.pop_year > base && py <= base) {
			free(r.pop);
			r.pop = prev;
			prev = NULL;
			r.pop_year = (int)py;
		} else if (r.pop_year <= base) {
			cohort_from = (int)py;
		}
	}
	pop_note = r.pop_year > base;
	/* The past base year and the horizon of the test: model_init then
	 * reads the stage rolls only up to the base year. */
	s.base_year = (int)base;
	s.horizon_years = (int)years;
	if ((rc = model_init(&m, &s, &r, g, &md, &err)))
		goto fail;
	have_model = 1;
	if (cohort_from) {
		struct le_err e2;

		le_err_clear(&e2);
		if ((rc = model_cohort_estimate(&m.p, &r, prev, has, cohort_from, &md, &e2))) {
			le_errf(&err, rc, "%s", e2.msg);
			goto fail;
		}
		if (study_model_get(&s, "births", NULL) &&
		    strcmp(study_model_get(&s, "births", NULL), "trend") == 0)
			model_births_trend(&m.p, &r, prev, has, cohort_from);
	}
	/* Straight-line nearest: the allocation only shapes the P1 and S1
	 * denominators, whose changes the ratios use, and a road network
	 * would make the test slower without changing what it measures. */
	model_cands_straight(&cands, &r, r.nschools ? r.nschools : 1, m.p.detour_factor);
	model_alloc_nearest(&m, &cands);
	/* The answers: the same files read again with the target year as the
	 * cut, so actual and base-year rolls are estimated the same way. */
	if ((rc = model_run(&m, &md, &err)) ||
	    (rc = model_history_read_sg(&act, &s, &r, (int)(base + years), &md, &err)))
		goto fail;
	if (act.year0 + act.nyears - 1 < base + years) {
		rc = le_errf(&err, LE_EDATA, "%s: stage_rolls end in %d: nothing to compare a forecast for %ld with",
			     s.path, act.year0 + act.nyears - 1, base + years);
		goto fail;
	}
	for (sec = 0; sec < 2; sec++) {
		bs[sec].actual = xmalloc(sizeof(double) * (size_t)(r.nschools + 1));
		bs[sec].base = xmalloc(sizeof(double) * (size_t)(r.nschools + 1));
		bs[sec].low = xmalloc(sizeof(double) * (size_t)(r.nschools + 1));
		bs[sec].high = xmalloc(sizeof(double) * (size_t)(r.nschools + 1));
		bs[sec].council = xmalloc(sizeof(int) * (size_t)(r.nschools + 1));
		for (mth = 0; mth < BT_NMETHODS; mth++)
			bs[sec].fc[mth] = xmalloc(sizeof(double) * (size_t)(r.nschools + 1));
	}
	for (k = 0; k < r.nschools; k++) {
		int sc = r.schools[k].sector;
		double b0, a1;
		struct bt_sector *b;
		size_t ky = (size_t)years * (size_t)r.nschools + (size_t)k;

		if (sc != LE_PRIMARY && sc != LE_SECONDARY)
			continue;
		b0 = model_bt_total(&r.stages, &act, k, sc, (int)base);
		a1 = model_bt_total(&r.stages, &act, k, sc, (int)(base + years));
		/* Opened after the base year, closed before the target, or
		 * forecast by the demand method (no stage roll at the base):
		 * not a forecast from history, so not in the test. */
		if (b0 <= 0 || a1 <= 0 || m.source[k] == MODEL_SRC_DEMAND)
			continue;
		b = &bs[sc == LE_PRIMARY ? 0 : 1];
		b->actual[b->n] = a1;
		b->base[b->n] = b0;
		b->council[b->n] = r.schools[k].council;
		b->fc[BT_SURV][b->n] = m.total[ky];
		b->low[b->n] = m.low[ky];
		b->high[b->n] = m.high[ky];
		b->fc[BT_PERS][b->n] = b0;
		b->fc[BT_PROG][b->n] = model_bt_progression(&m.hist, &r, k, (int)base, (int)years);
		b->n++;
	}
	printf("Backtest: %s, base %ld, %ld year%s ahead (%ld)\n", s.name ? s.name : s.path,
	       base, years, years > 1 ? "s" : "", base + years);
	printf("fitted on the stage rolls %d-%ld only; population %d%s; method %s; allocation nearest by straight line x %.2f\n",
	       m.hist.year0, base, r.pop_year,
	       pop_note ? " (LATER than the base year: no earlier estimate in the study)" :
	       cohort_from ? ", cohort change from the population a year before" : "",
	       study_model_get(&s, "method", NULL), m.p.detour_factor);
	printf("compared with the %ld census; schools with a roll in both years; error = (forecast - actual) / actual\n\n",
	       base + years);
	for (sec = 0; sec < 2; sec++)
		bt_print(&bs[sec], sec == 0 ? LE_PRIMARY : LE_SECONDARY, (int)(base + years), &r);
	goto done;
fail:
	code = cli_report(&err);
done:
	for (sec = 0; sec < 2; sec++) {
		free(bs[sec].actual);
		free(bs[sec].base);
		free(bs[sec].low);
		free(bs[sec].high);
		free(bs[sec].council);
		for (mth = 0; mth < BT_NMETHODS; mth++)
			free(bs[sec].fc[mth]);
	}
	free(prev);
	free(has);
	model_history_release(&act);
	if (have_model)
		model_release(&m);
	model_cands_release(&cands);
	region_release(&r);
	io_study_release(&s);
	le_diags_release(&d);
	le_diags_release(&md);
	geo_ctx_free(g);
	return code;
}
