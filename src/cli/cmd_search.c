/*
 * cmd_search.c: `estate closures` and `estate site`, searches on the
 * study's own model (README "Searching").
 *
 * Both run the pipeline of `estate run` (cli_run_eval_opts: load, project,
 * travel from the shared cache, the baseline), then build one candidate
 * scenario in memory per closure, merger or site (a struct scenario with
 * a single change, never a file) and evaluate each with scenario_eval,
 * exactly as `estate run` would evaluate it written down. search.c turns
 * each result into the figures that rank it.
 *
 * Reproducible: candidates are generated in a fixed order (region school
 * order; grid cells south to north, west to east; the candidates file's
 * rows), the evaluation is deterministic, and ties of the ranking are
 * broken by school id (closures) or candidate order (sites). --time-limit
 * stops between two candidates and ranks those evaluated, saying so on
 * stdout and in the CSV's header line; only then may the result depend
 * on the machine's speed. Progress goes to stderr only when it is a
 * terminal, so logs and pipes stay clean.
 *
 * Nothing is written on error: the output folder is staged (io/out.c)
 * and committed only when every candidate has been evaluated.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli_int.h"
#include "input/input.h"
#include "report/report.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Above this many grid cells the step is surely a typo (metres vs km). */
#define SEARCH_MAX_CANDIDATES 20000

/* ---------------------------------------------------------------- common */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* "\restate: NAME: i of n" on a terminal only. */
static void progress(const char *cmd, int i, int n)
{
	if (!isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\restate: %s: %d of %d", cmd, i, n);
	if (i == n)
		fputc('\n', stderr);
	fflush(stderr);
}

/* --time-limit SEC: > 0, or usage. */
static int parse_limit(const char *cmd, const char *arg, double *out)
{
	if (le_parse_double(arg, out) != 0 || !(*out > 0)) {
		fprintf(stderr, "estate: %s: --time-limit takes seconds > 0, got '%s'\n", cmd, arg);
		return CLI_EUSAGE;
	}
	return CLI_OK;
}

static int parse_int(const char *cmd, const char *opt, const char *arg, long lo, long hi,
		     long *out)
{
	if (le_parse_long(arg, out) != 0 || *out < lo || *out > hi) {
		fprintf(stderr, "estate: %s: %s takes a whole number from %ld to %ld, got '%s'\n",
			cmd, opt, lo, hi, arg);
		return CLI_EUSAGE;
	}
	return CLI_OK;
}

/* The change's year: y (0 = the base year + 1) within the model; its
 * index into *yi. */
static int change_year(const struct cli_run *c, const char *cmd, long y, int *year,
		       int *yi, struct le_err *err)
{
	int first = c->m.base_year + 1, last = c->m.base_year + c->m.nyears - 1;

	if (!y)
		y = first <= last ? first : last;
	if (y < c->m.base_year || y > last)
		return le_errf(err, LE_EUSAGE, "%s: --year %ld is outside the model's years %d-%d",
			       cmd, y, c->m.base_year, last);
	*year = (int)y;
	*yi = (int)y - c->m.base_year;
	return LE_OK;
}

static void money_k(char *buf, size_t n, double gbp)
{
	snprintf(buf, n, "%+.0f", gbp / 1000);
}

/* ---------------------------------------------------------------- closures */

/* One candidate: close `school`, or merge it with `other` into `school`
 * (the site). */
struct cclose {
	int school, other;      /* other < 0: a closure */
	struct scenario_harm h[2];  /* per policy evaluated (pols[]) */
	char name[160];
};

/* qsort has no context argument: the world and which h[] ranks. */
static const struct scenario_world *sort_w;
static int sort_pol;

static int by_harm(const void *pa, const void *pb)
{
	const struct cclose *a = pa, *b = pb;
	int c = scenario_harm_cmp(&a->h[sort_pol], &b->h[sort_pol]);

	if (c)
		return c;
	if ((c = strcmp(sort_w->s[a->school].id, sort_w->s[b->school].id)))
		return c;
	/* A closure before a merger of the same school, then by partner. */
	if (a->other != b->other) {
		if (a->other < 0 || b->other < 0)
			return a->other < 0 ? -1 : 1;
		return strcmp(sort_w->s[a->other].id, sort_w->s[b->other].id);
	}
	return 0;
}

/* The candidate as a one-change scenario (borrowing cand's arrays). */
static void closure_scenario(struct scenario *sc, struct scenario_change *ch, int *pair,
			     const struct cclose *cc, const struct scenario_world *w, int year)
{
	memset(sc, 0, sizeof(*sc));
	memset(ch, 0, sizeof(*ch));
	sc->path = (char *)"closures";
	sc->name = (char *)cc->name;
	sc->policy = -1;
	sc->v = ch;
	sc->n = 1;
	ch->year = year;
	ch->school = cc->school;
	ch->cost_gbp = -1;
	if (cc->other < 0) {
		ch->kind = SCENARIO_CLOSE;
		return;
	}
	ch->kind = SCENARIO_MERGE;
	pair[0] = cc->school;
	pair[1] = cc->other;
	ch->schools = pair;
	ch->nschools = 2;
	/* The site's building stays: its places, not the sum. */
	ch->places = w->s[cc->school].capacity;
}

/* Same sector, stream and Gaelic provision: a merger keeps one school
 * where there were two for the same pupils. */
static int same_kind(const struct scenario_school *a, const struct scenario_school *b)
{
	return a->sector == b->sector && a->stream == b->stream && a->gaelic == b->gaelic &&
	       a->stages == b->stages;
}

static int write_closure_ini(const char *path, const struct cclose *cc,
			     const struct scenario_world *w, int year, int policy,
			     struct le_err *err)
{
	struct io_out o;
	const struct scenario_school *s = &w->s[cc->school];
	int rc;

	if ((rc = io_out_open(&o, path, err)))
		return rc;
	fprintf(o.fp, "; written by estate closures: the least-harm candidate\n");
	fprintf(o.fp, "[scenario]\nname = closures-best\n");
	if (cc->other < 0)
		fprintf(o.fp, "description = Close %s (%s) from %d (least harm of estate closures)\n",
			s->name, s->id, year);
	else
		fprintf(o.fp, "description = Merge %s into %s from %d (least harm of estate closures)\n",
			w->s[cc->other].name, s->name, year);
	fprintf(o.fp, "allocation = %s\n\n", scenario_policy_name(policy));
	if (cc->other < 0) {
		fprintf(o.fp, "[close]\nyear = %d\nschool = %s\n", year, s->id);
	} else {
		fprintf(o.fp, "[merge]\nyear = %d\nschools = %s, %s\nsite = %s\n", year, s->id,
			w->s[cc->other].id, s->id);
		if (s->capacity >= 0)
			fprintf(o.fp, "capacity = %.0f\n", s->capacity);
	}
	return io_out_commit(&o, err);
}

/* A CSV field: quoted, inner quotes doubled. */
static void csv_str(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

static int write_closures_csv(const char *dir, const struct cclose *v, int n, int npol,
			      const int *pols, int year, int done, int total,
			      const struct scenario_world *w, const int *rural, struct le_err *err)
{
	struct io_out o;
	char *path = le_path_join(dir, "closures.csv");
	int i, j, k, rc;

	rc = io_out_open(&o, path, err);
	free(path);
	if (rc)
		return rc;
	fprintf(o.fp, "rank,kind,school_id,school_name,merged_id,year,allocation,feasible,"
		"moved_pupils,added_pupil_km,added_dist_mean_m,added_dist_max_m,added_time_mean_s,"
		"newly_entitled_pupils,pupils_without_place_added,schools_pushed_over,"
		"first_over_year,surplus_removed_places,running_saved_gbp,npc_change_gbp,rural,reason\n");
	for (i = 0; i < n; i++)
		for (j = 0; j < npol; j++) {
			const struct scenario_harm *h = &v[i].h[j];
			const struct scenario_school *s = &w->s[v[i].school];

			fprintf(o.fp, "%d,%s,%s,", i + 1, v[i].other < 0 ? "close" : "merge", s->id);
			csv_str(o.fp, s->name);
			fprintf(o.fp, ",%s,%d,%s,%d,", v[i].other < 0 ? "" : w->s[v[i].other].id, year,
				scenario_policy_name(pols[j]), h->feasible);
			/* A refused closure has no figures: empty, never 0 (a
			 * 0 saving would read as a real one). */
			if (h->feasible)
				fprintf(o.fp, "%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%d,%d,%.2f,%.2f,%.2f,",
					h->moved, h->added_km, h->added_dist_m, h->max_added_dist_m, h->added_time_s,
					h->newly_entitled, h->short_added, h->pushed_over,
					h->first_over_year, h->surplus_removed, h->running_saved_gbp,
					h->npc_change_gbp);
			else
				fputs(",,,,,,,,,,,,", o.fp);
			/* Rural: the school closed (for a merger, the one merged
			 * away); empty when the file has no class. */
			k = rural[v[i].other < 0 ? v[i].school : v[i].other];
			fprintf(o.fp, "%s,", k < 0 ? "" : k ? "yes" : "no");
			csv_str(o.fp, h->feasible ? "" : h->reason);
			fputc('\n', o.fp);
		}
	/* Said in the file too: a reader of the CSV alone must know. */
	if (done < total)
		fprintf(o.fp, "# cut short by --time-limit: %d of %d candidates evaluated\n", done, total);
	return io_out_commit(&o, err);
}

/*
 * The SG urban/rural class of each school, where the schools file has
 * it (the SG school file's AddrUR6 / AddrUR8 columns, or UR6 / UR8 /
 * urban_rural as 6-fold): rural[k] = 1 for classes 5-6 of the 6-fold
 * (6-8 of the 8-fold: accessible, remote and very remote rural), 0 for
 * the others, -1 unknown. A rural school's closure proposal carries the
 * extra duties of s.12A of the Schools (Consultation) (Scotland) Act
 * 2010, so the table says which. Returns 0 when no column holds the
 * class (the column then says so), 1 otherwise.
 */
static int rural_classes(const struct cli_run *c, int *rural, struct le_err *err)
{
	static const struct { const char *col; int rural_from; } cols[] = {
		{ "AddrUR6", 5 }, { "UR6", 5 }, { "urban_rural", 5 }, { "AddrUR8", 6 }, { "UR8", 6 }
	};
	const struct study_layer *l = &c->s.layers[STUDY_SCHOOLS];
	const char *idcol = study_get(l, "id");
	struct input_map map = { &c->s, l, "schools", "" };
	struct input_marks marks;
	struct io_table t;
	int k, i, j, ci = -1, ii = -1, from = 0;

	for (k = 0; k < c->w.nbase; k++)
		rural[k] = -1;
	io_table_init(&t);
	input_marks_init(&marks);
	/* The file was read once already to load the schools: a failure
	 * now is not a reason to lose the search, only the class. Read as
	 * the loader read it (input/: its join and markers too). */
	if (!l->file || input_read(&map, &t, &marks, err) != LE_OK) {
		le_err_clear(err);
		io_table_release(&t);
		input_marks_release(&marks);
		return 0;
	}
	input_marks_release(&marks);
	for (i = 0; i < t.ncols; i++) {
		if (le_strcaseeq(t.cols[i], idcol ? idcol : "id"))
			ii = i;
		for (j = 0; j < (int)(sizeof(cols) / sizeof(cols[0])); j++)
			if (ci < 0 && le_strcaseeq(t.cols[i], cols[j].col)) {
				ci = i;
				from = cols[j].rural_from;
			}
	}
	if (ci >= 0 && ii >= 0)
		for (i = 0; i < t.nrows; i++) {
			const char *v = io_cell(&t, i, ci);
			long cls;

			if ((k = region_school(&c->r, io_cell(&t, i, ii))) < 0 || !v ||
			    le_parse_long(v, &cls) != 0 || cls < 1)
				continue;
			rural[k] = cls >= from;
		}
	io_table_release(&t);
	return ci >= 0 && ii >= 0;
}

static const struct option closures_opts[] = {
	{ "sector", required_argument, NULL, 's' },
	{ "pairs", no_argument, NULL, 'p' },
	{ "year", required_argument, NULL, 'y' },
	{ "top", required_argument, NULL, 'n' },
	{ "time-limit", required_argument, NULL, 't' },
	{ "out", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

int cmd_closures(int argc, char **argv)
{
	struct cli_run c;
	struct le_err err;
	struct io_outdir od;
	struct scenario_result bcap;
	struct scenario_wlc wcap;
	struct cclose *v = NULL;
	const struct scenario_result *bases[2];
	const struct scenario_wlc *bwlc[2];
	const char *out = NULL, *dir;
	double limit = 0, t0;
	long year_arg = 0, top = 10;
	int sector = -1, pairs = 0, opt, rc, code = CLI_OK, i, j, n = 0, done = 0;
	int pols[2], npol = 1, has_cap = 0, year = 0, y0 = 0, have_bcap = 0, k;
	int started = 0, *rural = NULL, has_rural = 0;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+s:py:n:t:o:h", closures_opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			sector = le_sector_parse(optarg);
			if (sector != LE_PRIMARY && sector != LE_SECONDARY) {
				fprintf(stderr, "estate: closures: --sector takes primary or secondary, got '%s'\n", optarg);
				return CLI_EUSAGE;
			}
			break;
		case 'p':
			pairs = 1;
			break;
		case 'y':
			if (parse_int("closures", "--year", optarg, 1990, 2200, &year_arg))
				return CLI_EUSAGE;
			break;
		case 'n':
			if (parse_int("closures", "--top", optarg, 1, 100000, &top))
				return CLI_EUSAGE;
			break;
		case 't':
			if (parse_limit("closures", optarg, &limit))
				return CLI_EUSAGE;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			cli_help_command(stdout, "closures");
			return CLI_OK;
		default:
			fprintf(stderr, "estate: closures: unknown option '%s' (see 'estate closures --help')\n",
				argv[optind - 1]);
			return CLI_EUSAGE;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "estate: closures: expected one study file (usage: estate closures [--sector S] [--pairs] [--year Y] [--top N] [--time-limit SEC] [--out DIR] STUDY)\n");
		return CLI_EUSAGE;
	}
	le_err_clear(&err);
	memset(&bcap, 0, sizeof(bcap));
	if ((rc = cli_out_begin(&od, out, argv[optind], "closures", &err)))
		return cli_report(&err);
	dir = io_outdir_path(&od);
	started = 1;
	rc = cli_run_eval_opts(&c, argv[optind], NULL, 0, NULL, dir, CLI_RUN_NO_SCENARIOS, &err);
	if (!out)
		out = c.s.output;
	if (!rc)
		rc = change_year(&c, "closures", year_arg, &year, &y0, &err);
	if (rc)
		goto fail;
	/* Candidates: every region school of the sector (special schools
	 * only when asked: their pupils are placed by need, never by zone,
	 * so closing one is always refused). */
	v = xcalloc((size_t)c.w.nbase * 2 + 1, sizeof(*v));
	for (k = 0; k < c.w.nbase; k++) {
		const struct scenario_school *s = &c.w.s[k];

		if (sector >= 0 ? s->sector != sector : s->sector == LE_SPECIAL)
			continue;
		if (s->capacity >= 0)
			has_cap = 1;
		v[n].school = k;
		v[n].other = -1;
		snprintf(v[n].name, sizeof(v[n].name), "close-%s", s->id);
		n++;
	}
	/* Pairs: each school with its nearest school of the same kind
	 * (straight line; ties by index), once per pair, merged into the
	 * one with more places (equal: the lower index). */
	if (pairs) {
		int nsingle = n, a;

		for (a = 0; a < nsingle; a++) {
			int ka = v[a].school, kb = -1, site, other, dup = 0;
			double best = INFINITY;

			for (k = 0; k < c.w.nbase; k++) {
				double dx = c.w.s[k].x - c.w.s[ka].x, dy = c.w.s[k].y - c.w.s[ka].y;

				if (k != ka && same_kind(&c.w.s[k], &c.w.s[ka]) && dx * dx + dy * dy < best) {
					best = dx * dx + dy * dy;
					kb = k;
				}
			}
			if (kb < 0)
				continue;
			site = c.w.s[kb].capacity > c.w.s[ka].capacity ||
			       (c.w.s[kb].capacity == c.w.s[ka].capacity && kb < ka) ? kb : ka;
			other = site == ka ? kb : ka;
			for (j = nsingle; j < n; j++)
				dup |= v[j].school == site && v[j].other == other;
			if (dup)
				continue;
			v[n].school = site;
			v[n].other = other;
			snprintf(v[n].name, sizeof(v[n].name), "merge-%s-%s", c.w.s[other].id, c.w.s[site].id);
			n++;
		}
	}
	/* Policies: the study's, and the capacity allocation where the
	 * schools have capacities (it ranks then: a closure must be judged
	 * by whether the others can take the pupils). */
	pols[0] = cli_run_policy(&c.s);
	bases[0] = c.res[0];
	bwlc[0] = &c.wlc[0];
	sort_pol = 0;
	if (has_cap && pols[0] != SCENARIO_CAPACITY) {
		fprintf(stderr, "estate: closures: baseline under the capacity allocation\n");
		if ((rc = scenario_eval(&bcap, &c.w, &c.t, NULL, SCENARIO_CAPACITY, &c.p, NULL, &err)))
			goto fail;
		have_bcap = 1;
		if ((rc = scenario_wlc_eval(&wcap, &bcap, &c.w, &c.p, c.appraisal_years, &err)))
			goto fail;
		have_bcap = 2;
		pols[1] = SCENARIO_CAPACITY;
		bases[1] = &bcap;
		bwlc[1] = &wcap;
		npol = 2;
		sort_pol = 1;
	}
	fprintf(stderr, "estate: closures: %d candidates, closing in %d\n", n, year);
	t0 = now_s();
	for (i = 0; i < n; i++) {
		struct scenario sc;
		struct scenario_change ch;
		int pair[2];

		if (limit > 0 && i > 0 && now_s() - t0 > limit)
			break;
		closure_scenario(&sc, &ch, pair, &v[i], &c.w, year);
		for (j = 0; j < npol; j++)
			if ((rc = scenario_closure_harm(&v[i].h[j], &c.w, &c.t, &sc, pols[j], &c.p,
							bases[j], bwlc[j], c.appraisal_years, y0, &err)))
				goto fail;
		done++;
		progress("closures", done, n);
	}
	sort_w = &c.w;
	qsort(v, (size_t)done, sizeof(*v), by_harm);
	rural = xmalloc(sizeof(int) * ((size_t)c.w.nbase + 1));
	has_rural = rural_classes(&c, rural, &err);
	rc = write_closures_csv(dir, v, done, npol, pols, year, done, n, &c.w, rural, &err);
	if (!rc && done && v[0].h[sort_pol].feasible) {
		char *p = le_path_join(dir, "closures-best.ini");

		rc = write_closure_ini(p, &v[0], &c.w, year, pols[sort_pol], &err);
		free(p);
	}
	if (!rc)
		rc = cli_warnings_csv(&od, &c.d, &c.md, &err);
	if (!rc)
		rc = io_outdir_commit(&od, &err);
	if (rc)
		goto fail;
	/* The table: ranked under the ranking policy, least harm first. */
	printf("Closures: %s, %s schools closed in %d, ranked by harm under the %s allocation\n",
	       c.s.name ? c.s.name : c.s.path, sector < 0 ? "primary and secondary" : le_sector_name(sector),
	       year, scenario_policy_name(pols[sort_pol]));
	printf("(least harm first: pupils left without a place, receiving schools pushed over capacity,\n"
	       " added walking of all pupils (pupil-km), pupils moved, NPC; ties by school id)\n");
	if (done < n)
		printf("search cut short by --time-limit after %.1f s: %d of %d candidates evaluated, the best of those shown\n",
		       limit, done, n);
	printf("\n%4s  %-12s %-32s %7s %8s %8s %7s %7s %6s %9s %7s %9s %9s %5s\n", "rank", "school", "name",
	       "moved", "+pup_km", "+walk_m", "+drv_s", "entitl", "short", "over(yr)", "surplus",
	       "run_£k/y", "NPC_£k", "rural");
	for (i = 0, j = 0; i < done && j < top; i++) {
		const struct scenario_harm *h = &v[i].h[sort_pol];
		char name[64], over[16], run[24], npc[24];

		if (!h->feasible)
			continue;
		j++;
		if (v[i].other < 0)
			snprintf(name, sizeof(name), "%.32s", c.w.s[v[i].school].name);
		else
			snprintf(name, sizeof(name), "+%.31s", c.w.s[v[i].other].name);
		if (h->pushed_over)
			snprintf(over, sizeof(over), "%d(%d)", h->pushed_over, h->first_over_year);
		else
			snprintf(over, sizeof(over), "0");
		money_k(run, sizeof(run), -h->running_saved_gbp);
		money_k(npc, sizeof(npc), h->npc_change_gbp);
		k = rural[v[i].other < 0 ? v[i].school : v[i].other];
		printf("%4d  %-12s %-32s %7.0f %8.1f %8.0f %7.0f %7.0f %6.0f %9s %7.0f %9s %9s %5s\n", i + 1,
		       c.w.s[v[i].school].id, name, h->moved, h->added_km, h->added_dist_m, h->added_time_s,
		       h->newly_entitled, h->short_added, over, h->surplus_removed, run, npc,
		       k < 0 ? "-" : k ? "yes" : "no");
	}
	for (i = 0, j = 0; i < done; i++)
		j += !v[i].h[sort_pol].feasible;
	if (j) {
		printf("\ninfeasible or not judged (%d): never counted as a saving:\n", j);
		for (i = 0; i < done; i++)
			if (!v[i].h[sort_pol].feasible)
				printf("  %-12s %s%s%s%s\n", c.w.s[v[i].school].id,
				       v[i].other < 0 ? "" : "merging ",
				       v[i].other < 0 ? "" : c.w.s[v[i].other].id,
				       v[i].other < 0 ? "" : " into it: ", v[i].h[sort_pol].reason);
	}
	printf("\n(+pup_km: walking of all pupils minus the baseline's; +walk_m, +drv_s: mean added\n"
	       " walking distance and driving time of the pupils moved;\n"
	       " entitl: moved pupils newly beyond the walking limit; short: pupils without a place added;\n"
	       " run_£k/y: running cost change per year; NPC_£k: net present cost change over %d years;\n"
	       " rural: SG urban/rural class of the school closed, %s)\n",
	       c.appraisal_years, has_rural ? "yes = accessible or remote rural: s.12A applies" :
	       "not known: the schools file has no AddrUR6 / AddrUR8 column");
	printf("\nwrote %s/closures.csv%s\n", out,
	       done && v[0].h[sort_pol].feasible ? " and closures-best.ini (run it: estate run STUDY OUT/closures-best.ini)" : "");
	goto done;
fail:
	code = cli_report(&err);
done:
	if (have_bcap >= 2)
		scenario_wlc_release(&wcap);
	if (have_bcap)
		scenario_result_release(&bcap);
	free(v);
	free(rural);
	if (started) {
		io_outdir_abort(&od);
		cli_run_release(&c);
	}
	return code;
}

/* ---------------------------------------------------------------- site */

struct csite {
	double x, y;
	int index;              /* candidate order: the tie rule */
	int zone;               /* zone it stands in */
	struct scenario_site_fig f;
};

static int by_site(const void *pa, const void *pb)
{
	const struct csite *a = pa, *b = pb;
	int c = scenario_site_cmp(&a->f, &b->f);

	return c ? c : (a->index > b->index) - (a->index < b->index);
}

/* Candidates from a CSV with columns x and y (the study's CRS, metres),
 * others ignored. Every point must stand in a zone: a site in the sea
 * or outside the region is an input error, not a candidate. */
static int read_candidates(const char *path, const struct scenario_world *w,
			   struct csite **out, int *n, struct le_err *err)
{
	FILE *fp = fopen(path, "rb");
	char line[1024];
	int ix = -1, iy = -1, lineno = 0, rc = LE_OK, alloc = 0;
	struct csite *v = NULL;

	*n = 0;
	*out = NULL;
	if (!fp)
		return le_errf(err, LE_EIO, "%s: cannot open candidates file", path);
	while (fgets(line, sizeof(line), fp)) {
		char *tok, *save = NULL, *p;
		double x = NAN, y = NAN;
		int col = 0;

		lineno++;
		if ((p = strpbrk(line, "\r\n")))
			*p = '\0';
		if (lineno == 1) {
			/* The header: which columns are x and y. */
			for (tok = strtok_r(line, ",", &save); tok; tok = strtok_r(NULL, ",", &save), col++) {
				tok = le_trim(tok);
				if (le_strcaseeq(tok, "x"))
					ix = col;
				else if (le_strcaseeq(tok, "y"))
					iy = col;
			}
			if (ix < 0 || iy < 0) {
				rc = le_errf(err, LE_EPARSE, "%s:1: expected a header with columns x and y (the study's CRS, metres)", path);
				break;
			}
			continue;
		}
		if (!*le_trim(line))
			continue;
		for (tok = strtok_r(line, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save), col++) {
			tok = le_trim(tok);
			if (col == ix && le_parse_double(tok, &x) != 0)
				rc = le_errf(err, LE_EPARSE, "%s:%d: x '%s' is not a number", path, lineno, tok);
			if (col == iy && le_parse_double(tok, &y) != 0)
				rc = le_errf(err, LE_EPARSE, "%s:%d: y '%s' is not a number", path, lineno, tok);
		}
		if (rc)
			break;
		if (isnan(x) || isnan(y)) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: expected values for x and y", path, lineno);
			break;
		}
		ALLOC_GROW(v, *n + 1, alloc);
		v[*n].x = x;
		v[*n].y = y;
		v[*n].index = *n;
		v[*n].zone = geo_index_find(w->zone_ix, x, y);
		if (v[*n].zone < 0) {
			rc = le_errf(err, LE_EDATA, "%s:%d: candidate (%.0f, %.0f) is in no zone of the region (land only: a site must stand in a zone polygon)",
				     path, lineno, x, y);
			break;
		}
		(*n)++;
	}
	fclose(fp);
	if (!rc && !*n)
		rc = le_errf(err, LE_EDATA, "%s: no candidates", path);
	if (rc) {
		free(v);
		*n = 0;
		return rc;
	}
	*out = v;
	return LE_OK;
}

/* A grid of step metres over the zones' extent, cell centres that
 * stand in a zone: south to north, then west to east. */
static int grid_candidates(const struct region *r, const struct scenario_world *w, double step,
			   struct csite **out, int *n, struct le_err *err)
{
	double bb[4] = { INFINITY, INFINITY, -INFINITY, -INFINITY }, zb[4], x, y;
	int z, alloc = 0;
	struct csite *v = NULL;

	*n = 0;
	for (z = 0; z < r->nzones; z++) {
		if (!r->zones[z].has_geom || le_geom_bbox(&r->zones[z].geom, zb) != 0)
			continue;
		bb[0] = fmin(bb[0], zb[0]);
		bb[1] = fmin(bb[1], zb[1]);
		bb[2] = fmax(bb[2], zb[2]);
		bb[3] = fmax(bb[3], zb[3]);
	}
	if (!(bb[0] < bb[2]))
		return le_errf(err, LE_EDATA, "site: --grid needs zone polygons, and the study has none");
	if ((bb[2] - bb[0]) / step * ((bb[3] - bb[1]) / step) > 4.0 * SEARCH_MAX_CANDIDATES)
		return le_errf(err, LE_EUSAGE, "site: --grid %.0f gives more than %d cells over the zones; use a larger step",
			       step, SEARCH_MAX_CANDIDATES);
	for (y = bb[1] + step / 2; y < bb[3]; y += step)
		for (x = bb[0] + step / 2; x < bb[2]; x += step) {
			int zz = geo_index_find(w->zone_ix, x, y);

			if (zz < 0)
				continue;
			if (*n >= SEARCH_MAX_CANDIDATES) {
				free(v);
				return le_errf(err, LE_EUSAGE, "site: --grid %.0f gives more than %d candidates; use a larger step",
					       step, SEARCH_MAX_CANDIDATES);
			}
			ALLOC_GROW(v, *n + 1, alloc);
			v[*n].x = x;
			v[*n].y = y;
			v[*n].index = *n;
			v[*n].zone = zz;
			(*n)++;
		}
	if (!*n)
		return le_errf(err, LE_EDATA, "site: --grid %.0f puts no cell centre inside a zone; use a smaller step", step);
	*out = v;
	return LE_OK;
}

static int write_site_csv(const char *dir, const struct csite *v, int n, int done, int total,
			  const struct region *r, struct le_err *err)
{
	struct io_out o;
	char *path = le_path_join(dir, "site.csv");
	int i, rc;

	rc = io_out_open(&o, path, err);
	free(path);
	if (rc)
		return rc;
	fprintf(o.fp, "rank,candidate,x,y,zone,places_short_horizon,beyond_limit_horizon,"
		"dist_mean_horizon_m,new_roll_open,new_util_open_pct,new_roll_horizon,"
		"new_util_horizon_pct,moved_horizon,npc_change_gbp\n");
	for (i = 0; i < n; i++) {
		const struct scenario_site_fig *f = &v[i].f;

		fprintf(o.fp, "%d,%d,%.1f,%.1f,%s,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,",
			i + 1, v[i].index + 1, v[i].x, v[i].y, r->zones[v[i].zone].id, f->short_h,
			f->beyond_h, f->dist_mean_h_m, f->roll_open, f->util_open_pct, f->roll_h,
			f->util_h_pct, f->moved_h);
		/* The whole-life cost needs every year: the top rows only. */
		if (!isnan(f->npc_change_gbp))
			fprintf(o.fp, "%.2f", f->npc_change_gbp);
		fputc('\n', o.fp);
	}
	if (done < total)
		fprintf(o.fp, "# cut short by --time-limit: %d of %d candidates evaluated\n", done, total);
	return io_out_commit(&o, err);
}

/* site.gpkg: the ranked candidates as points (layer site_candidates,
 * the CSV's fields), for QGIS beside the run's estate.gpkg (which estate
 * run writes as a whole, so the search keeps a file of its own). */
static int write_site_gpkg(const char *dir, const struct csite *v, int n, const struct region *r,
			   struct geo_ctx *g, struct le_err *err)
{
	static const char *const names[] = {
		"places_short_horizon", "beyond_limit_horizon", "dist_mean_horizon_m",
		"new_roll_open", "new_util_open_pct", "new_roll_horizon", "new_util_horizon_pct",
		"moved_horizon", "npc_change_gbp"
	};
	struct report_layer l;
	char *path = le_path_join(dir, "site.gpkg");
	int f_rank, f_cand, f_zone, f[9], i, j, rc;

	report_layer_init(&l, "site_candidates", LE_GEOM_POINT, r->crs);
	f_rank = report_layer_field(&l, "rank", REPORT_INT, 0);
	f_cand = report_layer_field(&l, "candidate", REPORT_INT, 0);
	f_zone = report_layer_field(&l, "zone", REPORT_TEXT, 0);
	for (j = 0; j < 9; j++)
		f[j] = report_layer_field(&l, names[j], REPORT_REAL, 2);
	for (i = 0; i < n; i++) {
		const struct scenario_site_fig *x = &v[i].f;
		const double val[9] = { x->short_h, x->beyond_h, x->dist_mean_h_m, x->roll_open,
					x->util_open_pct, x->roll_h, x->util_h_pct, x->moved_h,
					x->npc_change_gbp };
		struct le_geom pt;
		int row;

		le_geom_init(&pt);
		le_geom_begin(&pt, LE_GEOM_POINT);
		le_geom_part(&pt);
		le_geom_point(&pt, v[i].x, v[i].y);
		le_geom_finish(&pt);
		row = report_layer_row(&l, &pt);
		le_geom_release(&pt);
		report_layer_set_int(&l, row, f_rank, i + 1);
		report_layer_set_int(&l, row, f_cand, v[i].index + 1);
		report_layer_set_text(&l, row, f_zone, r->zones[v[i].zone].id);
		for (j = 0; j < 9; j++)
			report_layer_set_real(&l, row, f[j], val[j]);
	}
	rc = report_gpkg_write(path, &l, 1, NULL, g, err);
	report_layer_release(&l);
	free(path);
	return rc;
}

static int write_site_ini(const char *dir, const struct csite *b, int sector, double cap,
			  int year, int policy, struct le_err *err)
{
	struct io_out o;
	char *path = le_path_join(dir, "site-best.ini");
	int rc = io_out_open(&o, path, err);

	free(path);
	if (rc)
		return rc;
	fprintf(o.fp, "; written by estate site: the best candidate site\n");
	fprintf(o.fp, "[scenario]\nname = site-best\n");
	fprintf(o.fp, "description = A new %.0f-place %s school at (%.0f, %.0f) from %d (best of estate site)\n",
		cap, le_sector_name(sector), b->x, b->y, year);
	fprintf(o.fp, "allocation = %s\n\n", scenario_policy_name(policy));
	fprintf(o.fp, "[new]\nyear = %d\nid = NEW-SITE\nname = New %s school (site search)\n"
		"sector = %s\ndenomination = non-denominational\nx = %.1f\ny = %.1f\ncapacity = %.0f\n",
		year, le_sector_name(sector), le_sector_name(sector), b->x, b->y, cap);
	return io_out_commit(&o, err);
}

/* Put the candidate slot knew at site cs and measure travel to it on
 * the road graph (or straight line without roads), as estate run
 * measures a [new] school. */
static int site_travel(struct cli_run *c, int knew, const struct csite *cs,
		       struct scenario_travel *t, struct le_err *err)
{
	c->w.s[knew].x = cs->x;
	c->w.s[knew].y = cs->y;
	c->w.s[knew].council = c->w.council_ix ? geo_index_find(c->w.council_ix, cs->x, cs->y) : -1;
	return scenario_travel_build(t, &c->w, c->s.layers[STUDY_ROADS].present ? &c->nt : NULL,
				     &c->ti.opts, &c->p, err);
}

static const struct option site_opts[] = {
	{ "sector", required_argument, NULL, 's' },
	{ "candidates", required_argument, NULL, 'c' },
	{ "grid", required_argument, NULL, 'g' },
	{ "capacity", required_argument, NULL, 'k' },
	{ "year", required_argument, NULL, 'y' },
	{ "top", required_argument, NULL, 'n' },
	{ "time-limit", required_argument, NULL, 't' },
	{ "out", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

int cmd_site(int argc, char **argv)
{
	struct cli_run c;
	struct le_err err;
	struct io_outdir od;
	struct scenario_result base;
	struct scenario_wlc bw;
	struct csite *v = NULL;
	const char *out = NULL, *dir, *cand_file = NULL;
	double limit = 0, grid = 0, cap = -1, t0, bshort, bbey, bdist;
	long year_arg = 0, top = 10, capl;
	int sector = -1, opt, rc, code = CLI_OK, i, n = 0, done = 0, year = 0, ys = 0, yh;
	int policy, knew, started = 0, have_base = 0, have_res = 0;
	struct scenario sc;
	struct scenario_change ch;
	struct scenario_travel t;
	struct scenario_result res;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+s:c:g:k:y:n:t:o:h", site_opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			sector = le_sector_parse(optarg);
			if (sector != LE_PRIMARY && sector != LE_SECONDARY) {
				fprintf(stderr, "estate: site: --sector takes primary or secondary, got '%s'\n", optarg);
				return CLI_EUSAGE;
			}
			break;
		case 'c':
			cand_file = optarg;
			break;
		case 'g':
			if (le_parse_double(optarg, &grid) != 0 || !(grid >= 10)) {
				fprintf(stderr, "estate: site: --grid takes a step in metres (10 or more), got '%s'\n", optarg);
				return CLI_EUSAGE;
			}
			break;
		case 'k':
			if (parse_int("site", "--capacity", optarg, 1, 10000, &capl))
				return CLI_EUSAGE;
			cap = (double)capl;
			break;
		case 'y':
			if (parse_int("site", "--year", optarg, 1990, 2200, &year_arg))
				return CLI_EUSAGE;
			break;
		case 'n':
			if (parse_int("site", "--top", optarg, 1, 100000, &top))
				return CLI_EUSAGE;
			break;
		case 't':
			if (parse_limit("site", optarg, &limit))
				return CLI_EUSAGE;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			cli_help_command(stdout, "site");
			return CLI_OK;
		default:
			fprintf(stderr, "estate: site: unknown option '%s' (see 'estate site --help')\n",
				argv[optind - 1]);
			return CLI_EUSAGE;
		}
	}
	if (argc - optind != 1 || sector < 0 || (!cand_file) == (grid <= 0)) {
		fprintf(stderr, "estate: site: expected one study file, --sector and one of --candidates or --grid (usage: estate site --sector S (--candidates FILE | --grid METRES) [--capacity N] [--year Y] [--top N] [--time-limit SEC] [--out DIR] STUDY)\n");
		return CLI_EUSAGE;
	}
	/* Two-form entry primary (2 x 30 x 7 stages) and a six-form
	 * secondary: the usual new builds. */
	if (cap < 0)
		cap = sector == LE_PRIMARY ? 420 : 1200;
	le_err_clear(&err);
	if ((rc = cli_out_begin(&od, out, argv[optind], "site", &err)))
		return cli_report(&err);
	dir = io_outdir_path(&od);
	started = 1;
	rc = cli_run_eval_opts(&c, argv[optind], NULL, 0, NULL, dir,
			       CLI_RUN_NO_SCENARIOS | CLI_RUN_GRAPH, &err);
	if (!out)
		out = c.s.output;
	if (!rc)
		rc = change_year(&c, "site", year_arg, &year, &ys, &err);
	if (!rc && !c.w.zone_ix)
		rc = le_errf(&err, LE_EDATA, "site: the study's zones have no polygons, so no site can be placed on land");
	if (!rc)
		rc = cand_file ? read_candidates(cand_file, &c.w, &v, &n, &err) :
				 grid_candidates(&c.r, &c.w, grid, &v, &n, &err);
	if (rc)
		goto fail;
	yh = c.m.nyears - 1;
	/* Under a catchment allocation a new school draws no pupils
	 * without a [catchment] change: sites are compared by where the
	 * pupils would walk to, the nearest allocation. */
	policy = cli_run_policy(&c.s);
	if (policy == SCENARIO_CATCHMENT)
		policy = SCENARIO_NEAREST;
	/* The candidate school: one world slot reused for every site
	 * (owner 0, the one scenario evaluated at a time). */
	{
		struct scenario_school ns;

		memset(&ns, 0, sizeof(ns));
		ns.id = "NEW-SITE";
		ns.name = "New school (site search)";
		ns.sector = sector;
		ns.stages = sector == LE_PRIMARY ? LE_STAGES_PRIMARY : LE_STAGES_SECONDARY;
		ns.stream = MODEL_ND;
		ns.capacity = cap;
		ns.condition = ns.suitability = LE_GRADE_A;
		ns.owner = 0;
		ALLOC_GROW(c.w.s, c.w.n + 1, c.w.alloc);
		knew = c.w.n;
		c.w.s[c.w.n++] = ns;
	}
	/* The baseline again with the slot in the world (absent in it), so
	 * both results index schools alike; c.t does not know the slot,
	 * which the baseline never uses. */
	if ((rc = scenario_eval(&base, &c.w, &c.t, NULL, policy, &c.p, NULL, &err)))
		goto fail;
	have_base = 1;
	if ((rc = scenario_wlc_eval(&bw, &base, &c.w, &c.p, c.appraisal_years, &err)))
		goto fail;
	have_base = 2;
	scenario_sector_figures(&base, &c.w, &c.p, sector, yh, &bshort, &bbey, &bdist);
	fprintf(stderr, "estate: site: %d candidate sites for a %.0f-place %s school opening in %d\n",
		n, cap, le_sector_name(sector), year);
	/*
	 * Two passes, one ranking. The objective reads the horizon year
	 * only, and a year's allocation depends on that year's estate
	 * alone, so every candidate is ranked on scenario_eval_year of its
	 * opening year and the horizon (the same state replay and
	 * allocation as a full evaluation, reusing one result's arrays and
	 * demand: a [new] change adds no pupils). Then the top rows get
	 * the full evaluation over every year, which gives their net
	 * present cost, and their figures are taken from it.
	 */
	memset(&sc, 0, sizeof(sc));
	memset(&ch, 0, sizeof(ch));
	sc.path = (char *)"site";
	sc.name = (char *)"site";
	sc.policy = -1;
	sc.v = &ch;
	sc.n = 1;
	ch.kind = SCENARIO_NEW;
	ch.year = year;
	ch.school = knew;
	ch.cost_gbp = -1;
	t0 = now_s();
	for (i = 0; i < n; i++) {
		if (limit > 0 && i > 0 && now_s() - t0 > limit)
			break;
		if ((rc = site_travel(&c, knew, &v[i], &t, &err)))
			goto fail;
		if (!have_res)
			rc = scenario_eval(&res, &c.w, &t, &sc, policy, &c.p, &base, &err);
		else if (!(rc = scenario_eval_year(&res, &c.w, &t, &sc, &c.p, ys, &err)) && yh != ys)
			rc = scenario_eval_year(&res, &c.w, &t, &sc, &c.p, yh, &err);
		scenario_travel_release(&t);
		if (rc)
			goto fail;
		have_res = 1;
		scenario_site_figures(&v[i].f, &res, &base, &c.w, &c.p, sector, knew, ys, yh);
		v[i].f.npc_change_gbp = NAN;
		done++;
		progress("site", done, n);
	}
	qsort(v, (size_t)done, sizeof(*v), by_site);
	for (i = 0; i < done && i < top; i++) {
		struct scenario_result full;
		struct scenario_wlc wlc;

		if ((rc = site_travel(&c, knew, &v[i], &t, &err)))
			goto fail;
		rc = scenario_eval(&full, &c.w, &t, &sc, policy, &c.p, &base, &err);
		scenario_travel_release(&t);
		if (rc)
			goto fail;
		scenario_site_figures(&v[i].f, &full, &base, &c.w, &c.p, sector, knew, ys, yh);
		if ((rc = scenario_wlc_eval(&wlc, &full, &c.w, &c.p, c.appraisal_years, &err)) == LE_OK) {
			v[i].f.npc_change_gbp = wlc.npc_gbp - bw.npc_gbp;
			scenario_wlc_release(&wlc);
		}
		scenario_result_release(&full);
		if (rc)
			goto fail;
	}
	rc = write_site_csv(dir, v, done, done, n, &c.r, &err);
	if (!rc)
		rc = write_site_ini(dir, &v[0], sector, cap, year, policy, &err);
	if (!rc)
		rc = write_site_gpkg(dir, v, done, &c.r, c.g, &err);
	if (!rc)
		rc = cli_warnings_csv(&od, &c.d, &c.md, &err);
	if (!rc)
		rc = io_outdir_commit(&od, &err);
	if (rc)
		goto fail;
	printf("Site: %s, a new %.0f-place %s school opening in %d, %d candidates (%s), %s allocation\n",
	       c.s.name ? c.s.name : c.s.path, cap, le_sector_name(sector), year, n,
	       cand_file ? cand_file : "grid", scenario_policy_name(policy));
	printf("(best first: fewest places short at the horizon %d (pupils above capacity + unplaced),\n"
	       " then fewest pupils beyond the walking limit, then shortest mean walk; ties by candidate order)\n",
	       c.m.base_year + yh);
	if (done < n)
		printf("search cut short by --time-limit after %.1f s: %d of %d candidates evaluated, the best of those shown\n",
		       limit, done, n);
	printf("\nbaseline %d: short %.0f, beyond limit %.0f, mean walk %.0f m\n", c.m.base_year + yh,
	       bshort, bbey, bdist);
	printf("\n%4s %5s %10s %10s %-10s %6s %7s %7s %12s %12s %7s %8s\n", "rank", "cand", "x", "y",
	       "zone", "short", "beyond", "walk_m", "util_open_%", "util_hor_%", "moved", "NPC_£k");
	for (i = 0; i < done && i < top; i++) {
		const struct scenario_site_fig *f = &v[i].f;
		char npc[24];

		money_k(npc, sizeof(npc), f->npc_change_gbp);
		printf("%4d %5d %10.0f %10.0f %-10s %6.0f %7.0f %7.0f %12.1f %12.1f %7.0f %8s\n", i + 1,
		       v[i].index + 1, v[i].x, v[i].y, c.r.zones[v[i].zone].id, f->short_h, f->beyond_h,
		       f->dist_mean_h_m, f->util_open_pct, f->util_h_pct, f->moved_h, npc);
	}
	printf("\nwrote %s/site.csv, site.gpkg (layer site_candidates) and site-best.ini (run it: estate run STUDY OUT/site-best.ini)\n", out);
	goto done;
fail:
	code = cli_report(&err);
done:
	if (have_res)
		scenario_result_release(&res);
	if (have_base >= 2)
		scenario_wlc_release(&bw);
	if (have_base)
		scenario_result_release(&base);
	free(v);
	if (started) {
		io_outdir_abort(&od);
		cli_run_release(&c);
	}
	return code;
}
