/*
 * cmd_search.c: `estate closures`, `estate site` and `estate rezone`,
 * searches on the study's own model (README "Searching"). The rezone
 * part (at the end) builds each stream's problem from the same baseline
 * and hands it to scenario/rezone.c; its own notes are there.
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
 * on the machine's speed. Progress goes to stderr on a terminal, or as
 * lines with --progress (search_clock.c, shared with estate rezone), so
 * logs and pipes stay clean unless asked.
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

/* The options the three searches share, as given (parsed by search_opt). */
struct search_args {
	const char *cmd;        /* "site", "closures", "rezone" */
	int sector;             /* LE_PRIMARY, LE_SECONDARY; -1 not given */
	long year;              /* the change's year; 0 not given */
	double limit_s;         /* --time-limit; the command's default */
	int lines;              /* --progress */
	const char *out;        /* --out, or NULL */
};

/*
 * One option of getopt's that every search command takes alike
 * (--sector, --year, --time-limit, --progress, --out, --threads, --help)
 * or an unknown one: what the command's own switch leaves to its
 * default. 0 when taken (parse on); 1 when the command must return *ret
 * at once (the help printed, or a usage error reported). A command whose
 * option table lacks --progress or --threads never gets them here.
 */
static int search_opt(struct search_args *a, int opt, char **argv, int *ret)
{
	*ret = CLI_EUSAGE;
	switch (opt) {
	case 's':
		a->sector = le_sector_parse(optarg);
		if (a->sector != LE_PRIMARY && a->sector != LE_SECONDARY) {
			fprintf(stderr, "estate: %s: --sector takes primary or secondary, got '%s'\n",
				a->cmd, optarg);
			return 1;
		}
		return 0;
	case 'y':
		return parse_int(a->cmd, "--year", optarg, 1990, 2200, &a->year) != CLI_OK;
	case 't':
		return cli_search_limit_arg(a->cmd, optarg, &a->limit_s) != CLI_OK;
	case 'P':
		a->lines = 1;
		return 0;
	case 'o':
		a->out = optarg;
		return 0;
	case CLI_OPT_THREADS:
		return cli_threads_option(a->cmd, optarg) != 0;
	case 'h':
		cli_help_command(stdout, a->cmd);
		*ret = CLI_OK;
		return 1;
	default:
		fprintf(stderr, "estate: %s: unknown option '%s' (see 'estate %s --help')\n",
			a->cmd, argv[optind - 1], a->cmd);
		return 1;
	}
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
	/* Harm is the building closing: every pupil moves in the year. */
	ch->phasing = SCENARIO_PHASE_ALL;
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
		/* The sweep judges the building closing with every pupil
		 * moving (closure_scenario's change is phasing = all): the
		 * file says so, or `estate run` would phase it by intake. */
		fprintf(o.fp, "phasing = all\n");
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
	{ "progress", no_argument, NULL, 'P' },
	{ "out", required_argument, NULL, 'o' },
	{ "threads", required_argument, NULL, CLI_OPT_THREADS },
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
	double limit;
	struct cli_search sw;
	struct search_args sa = { "closures", -1, 0, -1, 0, NULL };
	long year_arg, top = 10;
	int sector, pairs = 0, opt, rc, code = CLI_OK, i, j, n = 0, done = 0;
	int pols[2], npol = 1, has_cap = 0, year = 0, y0 = 0, have_bcap = 0, k;
	int started = 0, *rural = NULL, has_rural = 0, lines;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+s:py:n:t:Po:h", closures_opts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			pairs = 1;
			break;
		case 'n':
			if (parse_int("closures", "--top", optarg, 1, 100000, &top))
				return CLI_EUSAGE;
			break;
		default:
			if (search_opt(&sa, opt, argv, &rc))
				return rc;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("closures", "expected one study file");
	sector = sa.sector;
	year_arg = sa.year;
	limit = sa.limit_s;
	lines = sa.lines;
	out = sa.out;
	le_err_clear(&err);
	memset(&bcap, 0, sizeof(bcap));
	if ((rc = cli_out_begin(&od, out, argv[optind], "closures", &err)))
		return cli_report(&err);
	dir = io_outdir_path(&od);
	started = 1;
	/* Mergers send pupils to the site by road: the graph is kept. */
	rc = cli_run_eval_opts(&c, argv[optind], NULL, 0, NULL, dir,
			       CLI_RUN_NO_SCENARIOS | (pairs ? CLI_RUN_GRAPH : 0), &err);
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
		/* Each merger's site measured by road from every zone, as
		 * `estate run` measures a [merge] (scenario_sites). */
		{
			int *ks = xmalloc(sizeof(int) * ((size_t)(n - nsingle) + 1));

			for (a = nsingle; a < n; a++)
				ks[a - nsingle] = v[a].school;
			rc = scenario_travel_sites(&c.t, &c.w, c.s.layers[STUDY_ROADS].present ? &c.nt : NULL,
						   &c.ti.opts, &c.p, ks, n - nsingle, &err);
			free(ks);
			if (rc)
				goto fail;
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
	cli_search_begin(&sw, "closures", limit, lines);
	for (i = 0; i < n; i++) {
		struct scenario sc;
		struct scenario_change ch;
		int pair[2];

		if (cli_search_over(&sw, done))
			break;
		closure_scenario(&sc, &ch, pair, &v[i], &c.w, year);
		for (j = 0; j < npol; j++)
			if ((rc = scenario_closure_harm(&v[i].h[j], &c.w, &c.t, &sc, pols[j], &c.p,
							bases[j], bwlc[j], c.appraisal_years, y0, &err)))
				goto fail;
		done++;
		cli_search_progress(&sw, done, n);
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
	cli_search_note(stdout, &sw, done, n);
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
 * measures a [new] school. The region's tables do not depend on where
 * the slot is: built once (*built), then only the slot's site is
 * searched again for each candidate. */
static int site_travel(struct cli_run *c, int knew, const struct csite *cs,
		       struct scenario_travel *t, int *built, struct le_err *err)
{
	const struct net_travel *nt = c->s.layers[STUDY_ROADS].present ? &c->nt : NULL;

	c->w.s[knew].x = cs->x;
	c->w.s[knew].y = cs->y;
	c->w.s[knew].council = c->w.council_ix ? geo_index_find(c->w.council_ix, cs->x, cs->y) : -1;
	int rc;

	if (*built)
		return scenario_travel_site_again(t, &c->w, nt, &c->ti.opts, &c->p, knew, err);
	/* A failed build releases what it made. */
	if ((rc = scenario_travel_build(t, &c->w, nt, &c->ti.opts, &c->p, err)) == LE_OK)
		*built = 1;
	return rc;
}

static const struct option site_opts[] = {
	{ "sector", required_argument, NULL, 's' },
	{ "candidates", required_argument, NULL, 'c' },
	{ "grid", required_argument, NULL, 'g' },
	{ "capacity", required_argument, NULL, 'k' },
	{ "year", required_argument, NULL, 'y' },
	{ "top", required_argument, NULL, 'n' },
	{ "time-limit", required_argument, NULL, 't' },
	{ "progress", no_argument, NULL, 'P' },
	{ "out", required_argument, NULL, 'o' },
	{ "threads", required_argument, NULL, CLI_OPT_THREADS },
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
	double limit, grid = 0, cap = -1, bshort, bbey, bdist;
	struct cli_search sw;
	struct search_args sa = { "site", -1, 0, -1, 0, NULL };
	long year_arg, top = 10, capl;
	int sector, opt, rc, code = CLI_OK, i, n = 0, done = 0, year = 0, ys = 0, yh;
	int policy, knew, started = 0, have_base = 0, have_res = 0, lines, tbuilt = 0;
	struct scenario sc;
	struct scenario_change ch;
	struct scenario_travel t;
	struct scenario_result res;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+s:c:g:k:y:n:t:Po:h", site_opts, NULL)) != -1) {
		switch (opt) {
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
		case 'n':
			if (parse_int("site", "--top", optarg, 1, 100000, &top))
				return CLI_EUSAGE;
			break;
		default:
			if (search_opt(&sa, opt, argv, &rc))
				return rc;
		}
	}
	if (argc - optind != 1 || sa.sector < 0 || (!cand_file) == (grid <= 0))
		return cli_usage_error("site", "expected one study file, --sector and one of --candidates or --grid");
	sector = sa.sector;
	year_arg = sa.year;
	limit = sa.limit_s;
	lines = sa.lines;
	out = sa.out;
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
		ns.stages = le_stages_bits(&c.r.stages, sector);
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
	cli_search_begin(&sw, "site", limit, lines);
	for (i = 0; i < n; i++) {
		if (cli_search_over(&sw, done))
			break;
		if ((rc = site_travel(&c, knew, &v[i], &t, &tbuilt, &err)))
			goto fail;
		if (!have_res)
			rc = scenario_eval(&res, &c.w, &t, &sc, policy, &c.p, &base, &err);
		else if (!(rc = scenario_eval_year(&res, &c.w, &t, &sc, &c.p, ys, &err)) && yh != ys)
			rc = scenario_eval_year(&res, &c.w, &t, &sc, &c.p, yh, &err);
		if (rc)
			goto fail;
		have_res = 1;
		scenario_site_figures(&v[i].f, &res, &base, &c.w, &c.p, sector, knew, ys, yh);
		v[i].f.npc_change_gbp = NAN;
		done++;
		cli_search_progress(&sw, done, n);
	}
	qsort(v, (size_t)done, sizeof(*v), by_site);
	for (i = 0; i < done && i < top; i++) {
		struct scenario_result full;
		struct scenario_wlc wlc;

		if ((rc = site_travel(&c, knew, &v[i], &t, &tbuilt, &err)))
			goto fail;
		rc = scenario_eval(&full, &c.w, &t, &sc, policy, &c.p, &base, &err);
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
	cli_search_note(stdout, &sw, done, n);
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
	if (tbuilt)
		scenario_travel_release(&t);
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

/* ---------------------------------------------------------------- rezone */

/*
 * estate rezone: whole-zone contiguous catchments (scenario/rezone.c
 * solves; this part builds each stream's problem from the evaluation
 * and writes the answer). Per stream of the sector (English-medium,
 * Roman Catholic, then Gaelic-medium: le_stream order), from the
 * baseline of `estate run` in year Y:
 *   zones    every zone with a polygon whose current school (the
 *            projection's allocation: the study's catchment layer, else
 *            nearest) is one of the schools re-drawn;
 *   pupils   the baseline's pupils of the stream in the zone in year Y;
 *   current  the school with the largest share of the zone (ties: the
 *            lower index); pupils moved = the zone's pupils not at the
 *            new school in the baseline's allocation;
 *   candidates  the current school and the nearest of the stream's
 *            re-drawn schools by walking distance on the roads (the
 *            travel estate run builds), REZONE_CANDS at most, each
 *            within the statutory walking limit of the zone's council
 *            (or, when the current school is already beyond it, no
 *            farther than the current one);
 *   roll     the baseline roll of a school minus the pupils of the
 *            problem's zones it holds, plus those of its new zones,
 *            plus what the streams drawn before it moved in or out of
 *            the same school (a Gaelic unit shares its host's places,
 *            so the Gaelic catchment is drawn for the host's roll after
 *            its English-medium catchment has moved).
 * Each stream is its own problem among the schools that teach it: a
 * Gaelic-medium catchment is drawn from the Gaelic pupils only, and
 * every [catchment] written names its stream (`stream = `), so that
 * estate run moves exactly the pupils the search moved.
 * Zones touch when their polygons share an edge (geo_adjacency); the
 * pieces of land the edges leave apart are joined by the study's ferry
 * and fixed links, and failing those each piece to its nearest zone
 * elsewhere (straight line between representative points), so that an
 * island can join a catchment across the water.
 */
#define REZONE_CANDS 4

static const char *const rezone_stream_name[] = { "non-denominational", "roman-catholic", "gaelic" };

/* One stream's problem and answer. */
struct rz {
	int g, nz, ns, nc;
	int *zone;              /* problem zone -> region zone */
	int *school;            /* problem school -> world index */
	int *pz;                /* region zone -> problem zone, -1 */
	int *cur, *cstart, *cschool, *root, *pairs, npairs;
	double *pupils, *cdist, *cmoved, *cap, *fixed;
	struct scenario_rezone_in in;
	struct scenario_rezone_out out;
	int solved;
};

static void rz_free(struct rz *p)
{
	free(p->zone);
	free(p->school);
	free(p->pz);
	free(p->cur);
	free(p->cstart);
	free(p->cschool);
	free(p->root);
	free(p->pairs);
	free(p->pupils);
	free(p->cdist);
	free(p->cmoved);
	free(p->cap);
	free(p->fixed);
	if (p->solved)
		scenario_rezone_out_release(&p->out);
}

/* Union-find over zones, for the pieces of land. */
static int uf_find(int *par, int z)
{
	while (par[z] != z)
		z = par[z] = par[par[z]];
	return z;
}

/*
 * Region-wide adjacency: shared edges, then links across the water
 * (*nlinked pairs added by ferry or fixed links, *nnear by nearest
 * zone). *pairs is malloc'd.
 */
static int rezone_adjacency(struct cli_run *c, int **pairs, int *npairs, int *nlinked,
			    int *nnear, struct le_err *err)
{
	const struct region *r = &c->r;
	struct le_geom *polys = xcalloc((size_t)r->nzones + 1, sizeof(*polys));
	int *par = xmalloc(sizeof(int) * ((size_t)r->nzones + 1));
	int alloc, i, z, rc, big = -1, *size = xcalloc((size_t)r->nzones + 1, sizeof(int));

	*nlinked = *nnear = 0;
	for (z = 0; z < r->nzones; z++) {
		if (r->zones[z].has_geom)
			polys[z] = r->zones[z].geom;   /* borrowed: never released */
		par[z] = z;
	}
	rc = geo_adjacency(c->g, polys, r->nzones, pairs, npairs, err);
	free(polys);
	if (rc)
		goto done;
	alloc = *npairs;
	for (i = 0; i < *npairs; i++)
		par[uf_find(par, (*pairs)[2 * i])] = uf_find(par, (*pairs)[2 * i + 1]);
	/* Links: an end in a zone of one piece, the other end in another. */
	for (i = 0; i < r->nlinks && c->w.zone_ix; i++) {
		int a = geo_index_find(c->w.zone_ix, r->links[i].ax, r->links[i].ay);
		int b = geo_index_find(c->w.zone_ix, r->links[i].bx, r->links[i].by);

		if (a < 0 || b < 0 || uf_find(par, a) == uf_find(par, b))
			continue;
		ALLOC_GROW(*pairs, 2 * (*npairs + 1), alloc);
		(*pairs)[2 * *npairs] = a < b ? a : b;
		(*pairs)[2 * *npairs + 1] = a < b ? b : a;
		(*npairs)++;
		(*nlinked)++;
		par[uf_find(par, a)] = uf_find(par, b);
	}
	/* Failing links: each piece but the largest (first on ties) to the
	 * zone nearest to it outside it, repeated until one piece. */
	for (;;) {
		int best_a = -1, best_b = -1, pieces = 0;
		double bd = INFINITY;

		memset(size, 0, sizeof(int) * (size_t)r->nzones);
		for (z = 0; z < r->nzones; z++)
			if (r->zones[z].has_geom && !size[uf_find(par, z)]++)
				pieces++;
		if (pieces <= 1)
			break;
		big = -1;
		for (z = 0; z < r->nzones; z++)
			if (r->zones[z].has_geom && (big < 0 || size[uf_find(par, z)] > size[big]))
				big = uf_find(par, z);
		/* The first piece (zone order) that is not the largest. */
		for (z = 0; z < r->nzones && best_a < 0; z++) {
			int pz = uf_find(par, z), a, b;

			if (!r->zones[z].has_geom || pz == big)
				continue;
			for (a = 0; a < r->nzones; a++) {
				if (!r->zones[a].has_geom || uf_find(par, a) != pz)
					continue;
				for (b = 0; b < r->nzones; b++) {
					double dx = r->zones[a].px - r->zones[b].px;
					double dy = r->zones[a].py - r->zones[b].py;

					if (r->zones[b].has_geom && uf_find(par, b) != pz &&
					    dx * dx + dy * dy < bd) {
						bd = dx * dx + dy * dy;
						best_a = a;
						best_b = b;
					}
				}
			}
		}
		ALLOC_GROW(*pairs, 2 * (*npairs + 1), alloc);
		(*pairs)[2 * *npairs] = best_a < best_b ? best_a : best_b;
		(*pairs)[2 * *npairs + 1] = best_a < best_b ? best_b : best_a;
		(*npairs)++;
		(*nnear)++;
		par[uf_find(par, best_a)] = uf_find(par, best_b);
	}
	/* The solver wants pairs sorted (a, b). */
	{
		int j;

		for (i = 1; i < *npairs; i++) {
			int a = (*pairs)[2 * i], b = (*pairs)[2 * i + 1];

			for (j = i; j > 0 && ((*pairs)[2 * j - 2] > a ||
					      ((*pairs)[2 * j - 2] == a && (*pairs)[2 * j - 1] > b)); j--) {
				(*pairs)[2 * j] = (*pairs)[2 * j - 2];
				(*pairs)[2 * j + 1] = (*pairs)[2 * j - 1];
			}
			(*pairs)[2 * j] = a;
			(*pairs)[2 * j + 1] = b;
		}
	}
done:
	free(par);
	free(size);
	return rc;
}

/* Pupils of key q at world school k in year index y (the baseline's
 * allocation). */
static double alloc_at(const struct scenario_result *res, int y, int q, int k)
{
	const struct scenario_alloc *a = &res->years[y];
	double p = 0;
	int i;

	for (i = a->start[q]; i < a->start[q + 1]; i++)
		if (a->school[i] == k)
			p += a->pupils[i];
	return p;
}

/* The current school of key q among the schools re-drawn (serve[k] =
 * 1): the projection's largest share among them (lower index on ties),
 * else the nearest of them by walking; -1 none. */
static int rezone_current(const struct model *m, const struct scenario_travel *t, int q,
			  int mq, const unsigned char *serve)
{
	double best = 0;
	int i, k = -1;

	for (i = m->a_start[mq]; i < m->a_start[mq + 1]; i++) {
		int s = m->a_school[i];

		if (s < (int)m->nschools && serve[s] && (m->a_share[i] > best ||
		    (m->a_share[i] == best && k >= 0 && s < k))) {
			best = m->a_share[i];
			k = s;
		}
	}
	if (k >= 0)
		return k;
	for (i = 0; i < t->n[q]; i++)
		if (serve[t->c[(size_t)q * t->k + i].school])
			return t->c[(size_t)q * t->k + i].school;
	return -1;
}

/* Walking distance of key q to world school k: the travel's, else
 * straight line x detour from the zone's point (a current school beyond
 * the k nearest). */
static double rezone_dist(const struct cli_run *c, int q, int k)
{
	const struct scenario_travel *t = &c->t;
	const struct zone *zn = &c->r.zones[SCENARIO_KEY_ZONE(&c->w.grp, q)];
	int i;

	for (i = 0; i < t->n[q]; i++)
		if (t->c[(size_t)q * t->k + i].school == k)
			return t->c[(size_t)q * t->k + i].dist_m;
	return hypot(zn->px - c->w.s[k].x, zn->py - c->w.s[k].y) * c->p.detour;
}

/*
 * Build stream g's problem: schools of the sector serving g that are
 * re-drawn (listed[k], or all when listed is NULL), zones whose current
 * school is one of them. A school whose own zone cannot be its root
 * (no polygon, outside the problem, shared with another school: the
 * lower index keeps it) is left as it is, and the problem rebuilt
 * without it; kept[] counts them. Returns the schools re-drawn.
 */
static int rezone_build(struct rz *p, struct cli_run *c, int g, int sector, const unsigned char *listed,
			int yi, const int *gpairs, int ngpairs, unsigned char *dropped)
{
	const struct region *r = &c->r;
	const struct scenario_result *b = c->res[0];
	unsigned char *serve = xcalloc((size_t)c->w.n + 1, 1);
	int k, z, i, again = 1;
	int *root_of = xmalloc(sizeof(int) * ((size_t)c->w.n + 1));
	int *curz = xmalloc(sizeof(int) * ((size_t)r->nzones + 1));
	struct scenario_walk_tab wt;

	memset(p, 0, sizeof(*p));
	scenario_walk_tab_init(&wt, &c->p, &c->w);
	p->g = g;
	while (again) {
		again = 0;
		for (k = 0; k < c->w.nbase; k++)
			serve[k] = c->w.s[k].sector == sector && scenario_school_serves(&c->w, &c->w.s[k], g) &&
				   (!listed || listed[k]) && !dropped[k];
		for (z = 0; z < r->nzones; z++) {
			int q = SCENARIO_KEY(&c->w.grp, z, g);

			/* The projection's table by its own key (the sector's
			 * one stage group: rezone refuses a split sector). */
			curz[z] = r->zones[z].has_geom && c->t.n[q] > 0 ?
				  rezone_current(c->w.m, &c->t, q, SCENARIO_MODEL_KEY(&c->w.grp, q), serve) : -1;
		}
		/* Roots: the zone the school stands in, current or not. */
		for (k = 0; k < c->w.nbase; k++) {
			root_of[k] = -1;
			if (!serve[k])
				continue;
			z = c->w.zone_ix ? geo_index_find(c->w.zone_ix, c->w.s[k].x, c->w.s[k].y) : -1;
			if (z < 0 || curz[z] < 0) {
				dropped[k] = 1;
				again = 1;
				continue;
			}
			for (i = 0; i < k; i++)
				if (root_of[i] == z)
					break;
			if (i < k) {
				dropped[k] = 1;
				again = 1;
				continue;
			}
			root_of[k] = z;
		}
	}
	p->pz = xmalloc(sizeof(int) * ((size_t)r->nzones + 1));
	p->school = xmalloc(sizeof(int) * ((size_t)c->w.nbase + 1));
	for (k = 0; k < c->w.nbase; k++)
		if (serve[k])
			p->school[p->ns++] = k;
	p->zone = xmalloc(sizeof(int) * ((size_t)r->nzones + 1));
	for (z = 0; z < r->nzones; z++) {
		p->pz[z] = curz[z] >= 0 ? p->nz : -1;
		if (curz[z] >= 0)
			p->zone[p->nz++] = z;
	}
	p->cur = xmalloc(sizeof(int) * ((size_t)p->nz + 1));
	p->pupils = xmalloc(sizeof(double) * ((size_t)p->nz + 1));
	p->cstart = xmalloc(sizeof(int) * ((size_t)p->nz + 2));
	p->cschool = xmalloc(sizeof(int) * ((size_t)p->nz * (REZONE_CANDS + 1) + 1));
	p->cdist = xmalloc(sizeof(double) * ((size_t)p->nz * (REZONE_CANDS + 1) + 1));
	p->cmoved = xmalloc(sizeof(double) * ((size_t)p->nz * (REZONE_CANDS + 1) + 1));
	p->root = xmalloc(sizeof(int) * ((size_t)p->ns + 1));
	p->cap = xmalloc(sizeof(double) * ((size_t)p->ns + 1));
	p->fixed = xmalloc(sizeof(double) * ((size_t)p->ns + 1));
	p->pairs = xmalloc(sizeof(int) * (2 * (size_t)ngpairs + 1));
	{
		int *ps = xmalloc(sizeof(int) * ((size_t)c->w.nbase + 1));

		for (i = 0; i < p->ns; i++) {
			k = p->school[i];
			ps[k] = i;
			p->root[i] = p->pz[root_of[k]];
			p->cap[i] = c->w.s[k].capacity > 0 ? c->w.s[k].capacity : 0;
			p->fixed[i] = b->roll[(size_t)yi * b->nschools + (size_t)k];
		}
		for (i = 0; i < ngpairs; i++)
			if (p->pz[gpairs[2 * i]] >= 0 && p->pz[gpairs[2 * i + 1]] >= 0) {
				p->pairs[2 * p->npairs] = p->pz[gpairs[2 * i]];
				p->pairs[2 * p->npairs + 1] = p->pz[gpairs[2 * i + 1]];
				p->npairs++;
			}
		for (i = 0; i < p->nz; i++) {
			int q = SCENARIO_KEY(&c->w.grp, p->zone[i], g), kc = curz[p->zone[i]], j, touch = 0;
			struct scenario_walk wk;
			double lim, dcur = rezone_dist(c, q, kc), P = b->pupils[(size_t)yi * b->nkeys + (size_t)q];

			/* The key's lowest limit (P1-P3's when no policy):
			 * a candidate beyond the limit of some of the zone's
			 * pupils is not offered unless the current school is
			 * as far, so no rezoning makes a pupil newly
			 * entitled. */
			scenario_key_walk(&wt, b, &c->w, yi, q, &wk);
			lim = wk.n ? wk.limit_m[0] : INFINITY;
			for (j = 0; j < p->npairs && !touch; j++)
				touch = p->pairs[2 * j] == i || p->pairs[2 * j + 1] == i;
			p->cur[i] = ps[kc];
			p->pupils[i] = P;
			p->cstart[i] = p->nc;
			/* The current school first, then the nearest by
			 * walking; a zone with no neighbour in the problem
			 * (its neighbours are fixed) stays where it is. */
			p->cschool[p->nc] = ps[kc];
			p->cdist[p->nc] = dcur;
			p->cmoved[p->nc++] = fmax(P - alloc_at(b, yi, q, kc), 0);
			for (j = 0; touch && j < c->t.n[q] && p->nc - p->cstart[i] < REZONE_CANDS; j++) {
				const struct scenario_cand *cd = &c->t.c[(size_t)q * c->t.k + j];

				if (cd->school >= c->w.nbase || !serve[cd->school] || cd->school == kc ||
				    (cd->dist_m > lim && cd->dist_m > dcur))
					continue;
				p->cschool[p->nc] = ps[cd->school];
				p->cdist[p->nc] = cd->dist_m;
				p->cmoved[p->nc++] = fmax(P - alloc_at(b, yi, q, cd->school), 0);
			}
			/* The root zone must offer its school. */
			for (k = 0; k < p->ns; k++)
				if (p->root[k] == i) {
					for (j = p->cstart[i]; j < p->nc && p->cschool[j] != k; j++)
						;
					if (j == p->nc) {
						p->cschool[p->nc] = k;
						p->cdist[p->nc] = rezone_dist(c, q, p->school[k]);
						p->cmoved[p->nc++] = fmax(P - alloc_at(b, yi, q, p->school[k]), 0);
					}
				}
			p->fixed[p->cur[i]] -= alloc_at(b, yi, q, kc);
			/* Pupils of the zone elsewhere in the baseline (a split
			 * zone) still count at their schools there. */
			for (k = 0; k < p->ns; k++)
				if (p->school[k] != kc)
					p->fixed[k] -= alloc_at(b, yi, q, p->school[k]);
		}
		p->cstart[p->nz] = p->nc;
		free(ps);
	}
	free(serve);
	free(root_of);
	free(curz);
	scenario_walk_tab_release(&wt);
	return p->ns;
}

/* "80-100" (percent) into fractions; 0 <= lo < hi <= 200. */
static int parse_band(const char *arg, double *lo, double *hi)
{
	char buf[64], *dash;

	if (strlen(arg) >= sizeof(buf))
		return -1;
	strcpy(buf, arg);
	if (!(dash = strchr(buf, '-')))
		return -1;
	*dash = '\0';
	if (le_parse_double(buf, lo) != 0 || le_parse_double(dash + 1, hi) != 0 ||
	    !(*lo >= 0) || !(*hi > *lo) || *hi > 200)
		return -1;
	*lo /= 100;
	*hi /= 100;
	return 0;
}

/* Is a roll within the band of a school with capacity cap (> 0)? */
static int in_band(double roll, double cap, double lo, double hi)
{
	return cap > 0 && roll >= lo * cap - 1e-6 && roll <= hi * cap + 1e-6;
}

/* rezone.ini: one [catchment] per re-drawn school and stream (in
 * stream, then school order), its whole new catchment, zones in
 * region order, split into sections of 40 so that no line nears the
 * INI reader's limit; each says its stream, so that it moves only that
 * stream's pupils (a Gaelic unit's host keeps its English catchment). */
static int write_rezone_ini(const char *path, const struct rz *v, int nv, const struct cli_run *c,
			    int sector, int year, double lo, double hi, struct le_err *err)
{
	struct io_out o;
	int i, k, z, n, rc;

	if ((rc = io_out_open(&o, path, err)))
		return rc;
	fprintf(o.fp, "; written by estate rezone: whole-zone contiguous %s catchments, band %.0f-%.0f %%\n",
		le_sector_name(sector), lo * 100, hi * 100);
	fprintf(o.fp, "[scenario]\nname = rezone-best\n");
	fprintf(o.fp, "description = Re-drawn %s catchments from %d (estate rezone, band %.0f-%.0f %%)\n",
		le_sector_name(sector), year, lo * 100, hi * 100);
	/* The catchments were drawn for the whole roll of the year: every
	 * section says phasing = all, so `estate run` gives the figures the
	 * search printed; a council phasing by intake edits one word. */
	fprintf(o.fp, "; phasing = all: every stage moves in %d, as the search judged it; write\n"
		"; phasing = intake to move new P1/S1 intakes from %d, the other stages following\n",
		year, year);
	for (i = 0; i < nv; i++)
		for (k = 0; k < v[i].ns; k++) {
			for (n = 0, z = 0; z < v[i].nz; z++) {
				if (v[i].out.assign[z] != k)
					continue;
				if (n % 40 == 0)
					fprintf(o.fp, "%s\n[catchment]\n; %s, %s\nyear = %d\nphasing = all\nstream = %s\nschool = %s\nzones = ",
						n ? "" : "", c->w.s[v[i].school[k]].name,
						rezone_stream_name[SCENARIO_GROUP_STREAM(v[i].g)], year,
						le_stream_name(SCENARIO_GROUP_STREAM(v[i].g)), c->w.s[v[i].school[k]].id);
				fprintf(o.fp, "%s%s", n % 40 ? ", " : "", c->r.zones[v[i].zone[z]].id);
				n++;
			}
			if (n)
				fputc('\n', o.fp);
		}
	return io_out_commit(&o, err);
}

/* rezone-changes.csv: the zones whose school changes. */
static int write_rezone_csv(const char *path, const struct rz *v, int nv, const struct cli_run *c,
			    struct le_err *err)
{
	struct io_out o;
	int i, z, rc;

	if ((rc = io_out_open(&o, path, err)))
		return rc;
	fprintf(o.fp, "zone,stream,from_id,from_name,to_id,to_name,pupils,walk_from_m,walk_to_m\n");
	for (i = 0; i < nv; i++)
		for (z = 0; z < v[i].nz; z++) {
			int a = v[i].cur[z], b = v[i].out.assign[z], j;
			double df = NAN, dt = NAN;

			if (a == b)
				continue;
			for (j = v[i].cstart[z]; j < v[i].cstart[z + 1]; j++) {
				if (v[i].cschool[j] == a)
					df = v[i].cdist[j];
				if (v[i].cschool[j] == b)
					dt = v[i].cdist[j];
			}
			fprintf(o.fp, "%s,%s,%s,", c->r.zones[v[i].zone[z]].id,
				rezone_stream_name[SCENARIO_GROUP_STREAM(v[i].g)], c->w.s[v[i].school[a]].id);
			csv_str(o.fp, c->w.s[v[i].school[a]].name);
			fprintf(o.fp, ",%s,", c->w.s[v[i].school[b]].id);
			csv_str(o.fp, c->w.s[v[i].school[b]].name);
			fprintf(o.fp, ",%.2f,%.0f,%.0f\n", v[i].pupils[z], df, dt);
		}
	return io_out_commit(&o, err);
}

/* estate.gpkg, layer rezone_catchments: each re-drawn school's new
 * catchment dissolved (GEOS union of its zones), with its roll and
 * utilisation before (the baseline) and after (the scenario evaluated),
 * and the check of contiguity: pieces (polygons of the union) against
 * zone_islands (parts of its zones beyond their first: a coastal zone
 * with an island is two pieces whatever the catchment). *multi counts
 * the catchments with more pieces than 1 + zone_islands. */
static int write_rezone_gpkg(const char *path, const struct rz *v, int nv, const struct cli_run *c,
			     const struct scenario_result *after, int yi, double lo, double hi,
			     int *multi, struct le_err *err)
{
	struct report_layer l;
	const struct scenario_result *b = c->res[0];
	int f_id, f_name, f_stream, f_zones, f_cap, f_rb, f_ra, f_ub, f_ua, f_band, f_moved, f_pieces, f_islands;
	int i, k, z, rc = LE_OK, *idx = xmalloc(sizeof(int) * ((size_t)c->r.nzones + 1));
	struct le_geom *polys = xcalloc((size_t)c->r.nzones + 1, sizeof(*polys));

	for (z = 0; z < c->r.nzones; z++)
		if (c->r.zones[z].has_geom)
			polys[z] = c->r.zones[z].geom;   /* borrowed */
	report_layer_init(&l, "rezone_catchments", LE_GEOM_MULTIPOLYGON, c->r.crs);
	f_id = report_layer_field(&l, "school_id", REPORT_TEXT, 0);
	f_name = report_layer_field(&l, "school_name", REPORT_TEXT, 0);
	f_stream = report_layer_field(&l, "stream", REPORT_TEXT, 0);
	f_zones = report_layer_field(&l, "zones", REPORT_INT, 0);
	f_cap = report_layer_field(&l, "capacity", REPORT_REAL, 0);
	f_rb = report_layer_field(&l, "roll_before", REPORT_REAL, 2);
	f_ra = report_layer_field(&l, "roll_after", REPORT_REAL, 2);
	f_ub = report_layer_field(&l, "utilisation_before_pct", REPORT_REAL, 2);
	f_ua = report_layer_field(&l, "utilisation_after_pct", REPORT_REAL, 2);
	f_band = report_layer_field(&l, "in_band_after", REPORT_INT, 0);
	f_moved = report_layer_field(&l, "zones_gained", REPORT_INT, 0);
	f_pieces = report_layer_field(&l, "pieces", REPORT_INT, 0);
	f_islands = report_layer_field(&l, "zone_islands", REPORT_INT, 0);
	*multi = 0;
	for (i = 0; i < nv && !rc; i++)
		for (k = 0; k < v[i].ns && !rc; k++) {
			struct le_geom u;
			int n = 0, gained = 0, row, ks = v[i].school[k], islands = 0;
			size_t si = (size_t)yi * b->nschools + (size_t)ks;
			double cap = c->w.s[ks].capacity;

			for (z = 0; z < v[i].nz; z++)
				if (v[i].out.assign[z] == k) {
					const struct le_geom *zg = &c->r.zones[v[i].zone[z]].geom;

					idx[n++] = v[i].zone[z];
					gained += v[i].cur[z] != k;
					/* A zone of several parts (a coast with an
					 * island) is pieces of its own. */
					islands += zg->npolys > 1 ? zg->npolys - 1 : 0;
				}
			if ((rc = geo_union(c->g, polys, idx, n, &u, err)))
				break;
			row = report_layer_row(&l, &u);
			/* The check of contiguity by GEOS: one polygon. */
			report_layer_set_int(&l, row, f_pieces, u.npolys);
			report_layer_set_int(&l, row, f_islands, islands);
			*multi += u.npolys > 1 + islands;
			le_geom_release(&u);
			report_layer_set_text(&l, row, f_id, c->w.s[ks].id);
			report_layer_set_text(&l, row, f_name, c->w.s[ks].name);
			report_layer_set_text(&l, row, f_stream, rezone_stream_name[SCENARIO_GROUP_STREAM(v[i].g)]);
			report_layer_set_int(&l, row, f_zones, n);
			report_layer_set_real(&l, row, f_cap, cap > 0 ? cap : NAN);
			report_layer_set_real(&l, row, f_rb, b->roll[si]);
			report_layer_set_real(&l, row, f_ra, after->roll[si]);
			report_layer_set_real(&l, row, f_ub, cap > 0 ? 100 * b->roll[si] / cap : NAN);
			report_layer_set_real(&l, row, f_ua, cap > 0 ? 100 * after->roll[si] / cap : NAN);
			report_layer_set_int(&l, row, f_band, in_band(after->roll[si], cap, lo, hi));
			report_layer_set_int(&l, row, f_moved, gained);
		}
	if (!rc)
		rc = report_gpkg_write(path, &l, 1, NULL, c->g, err);
	report_layer_release(&l);
	free(idx);
	free(polys);
	return rc;
}

static const struct option rezone_opts[] = {
	{ "sector", required_argument, NULL, 's' },
	{ "year", required_argument, NULL, 'y' },
	{ "schools", required_argument, NULL, 'S' },
	{ "band", required_argument, NULL, 'b' },
	{ "time-limit", required_argument, NULL, 't' },
	{ "no-contiguity", no_argument, NULL, 'N' },
	{ "nodes", required_argument, NULL, 'n' },
	{ "out", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

int cmd_rezone(int argc, char **argv)
{
	struct cli_run c;
	struct le_err err;
	struct io_outdir od;
	struct rz v[MODEL_NSTREAMS];
	struct scenario sc;
	struct scenario_result after;
	const char *out = NULL, *dir, *schools_arg = NULL;
	char *path = NULL;
	double limit, lo = 0.8, hi = 1.0, *shift = NULL;
	/* Unlike the candidate searches, a MIP has a default time limit. */
	struct search_args sa = { "rezone", -1, 0, 60, 0, NULL };
	long year_arg, nodes = 0;
	int sector, opt, rc, code = CLI_OK, i, k, nv = 0, year = 0, yi = 0, started = 0;
	int *gpairs = NULL, ngpairs = 0, nlinked = 0, nnear = 0, have_sc = 0, have_after = 0, ntotal = 0;
	int nocontig = 0, pieces = 0;
	unsigned char *listed = NULL, *dropped = NULL;

	memset(v, 0, sizeof(v));
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+s:y:S:b:t:Nn:o:h", rezone_opts, NULL)) != -1) {
		switch (opt) {
		case 'S':
			schools_arg = optarg;
			break;
		case 'N':
			nocontig = 1;
			break;
		case 'n':
			if (parse_int("rezone", "--nodes", optarg, 1, 100000000, &nodes))
				return CLI_EUSAGE;
			break;
		case 'b':
			if (parse_band(optarg, &lo, &hi)) {
				fprintf(stderr, "estate: rezone: --band takes LO-HI in percent of capacity, 0 <= LO < HI <= 200 (e.g. 80-100), got '%s'\n", optarg);
				return CLI_EUSAGE;
			}
			break;
		default:
			if (search_opt(&sa, opt, argv, &rc))
				return rc;
		}
	}
	if (argc - optind != 1 || sa.sector < 0)
		return cli_usage_error("rezone", "expected one study file and --sector");
	sector = sa.sector;
	year_arg = sa.year;
	limit = sa.limit_s;
	out = sa.out;
	le_err_clear(&err);
	if ((rc = cli_out_begin(&od, out, argv[optind], "rezone", &err)))
		return cli_report(&err);
	dir = io_outdir_path(&od);
	started = 1;
	rc = cli_run_eval_opts(&c, argv[optind], NULL, 0, NULL, dir, CLI_RUN_NO_SCENARIOS, &err);
	if (!out)
		out = c.s.output;
	if (!rc)
		rc = change_year(&c, "rezone", year_arg, &year, &yi, &err);
	if (!rc && !c.w.zone_ix)
		rc = le_errf(&err, LE_EDATA, "rezone: the study's zones have no polygons, so no catchment can be drawn");
	/* A sector split into stage groups (an 11-16 school beside a sixth
	 * form) has a catchment per school and group, which the problem's
	 * one catchment per school of the sector cannot draw: refused
	 * rather than re-drawn for one group and applied to all. */
	if (!rc && c.w.grp.nsec[sector == LE_SECONDARY] > 1) {
		struct buf gl;
		int j;

		buf_init(&gl);
		for (j = 0; j < c.w.grp.n; j++)
			if (c.w.grp.sector[j] == (sector == LE_SECONDARY)) {
				struct buf one;

				buf_init(&one);
				le_stages_text(&c.r.stages, c.w.grp.stages[j], &one);
				buf_addf(&gl, "%s%s", gl.len ? "; " : "", one.s);
				buf_release(&one);
			}
		rc = le_errf(&err, LE_EDATA, "rezone: the study's %s stages are split into stage groups (%s) by schools teaching part of them: rezone draws one catchment per school of the sector and cannot re-draw a split sector; write the [catchment] changes by hand",
			     le_sector_name(sector), gl.s);
		buf_release(&gl);
	}
	if (rc)
		goto fail;
	listed = xcalloc((size_t)c.w.n + 1, 1);
	dropped = xcalloc((size_t)c.w.n + 1, 1);
	if (schools_arg) {
		char *list = xstrdup(schools_arg), *save = NULL, *tok;

		for (tok = strtok_r(list, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
			struct buf why;

			le_trim(tok);
			buf_init(&why);
			if ((k = scenario_school_find(&c.w, -1, tok, &why)) < 0)
				rc = le_errf(&err, LE_EUSAGE, "rezone: --schools: %s", why.s ? why.s : tok);
			else if (c.w.s[k].sector != sector)
				rc = le_errf(&err, LE_EUSAGE, "rezone: --schools: '%s' (%s) is a %s school, not %s",
					     c.w.s[k].id, c.w.s[k].name, le_sector_name(c.w.s[k].sector),
					     le_sector_name(sector));
			else
				listed[k] = 1;
			buf_release(&why);
		}
		free(list);
		if (rc)
			goto fail;
	}
	if ((rc = rezone_adjacency(&c, &gpairs, &ngpairs, &nlinked, &nnear, &err)))
		goto fail;
	/* Every stream, each among the schools that teach it. A school
	 * left out of one stream's problem (its root zone taken) may still
	 * be drawn in another's: a Gaelic unit's host is in two. */
	for (i = 0; i < MODEL_NSTREAMS; i++) {
		/* The sector's one stage group (a split one is refused). */
		int g = SCENARIO_GROUP(sector == LE_SECONDARY ? c.w.grp.nsec[0] : 0, i);

		memset(dropped, 0, (size_t)c.w.n + 1);
		if (rezone_build(&v[nv], &c, g, sector, schools_arg ? listed : NULL, yi, gpairs, ngpairs,
				 dropped) < 2) {
			rz_free(&v[nv]);
			memset(&v[nv], 0, sizeof(v[nv]));
			continue;
		}
		ntotal += v[nv].nz;
		nv++;
	}
	if (!nv) {
		rc = le_errf(&err, LE_EUSAGE, "rezone: fewer than two %s schools of one stream to re-draw%s",
			     le_sector_name(sector), schools_arg ? " among --schools" : "");
		goto fail;
	}
	shift = xcalloc((size_t)c.w.n + 1, sizeof(double));
	for (i = 0; i < nv; i++) {
		struct rz *p = &v[i];
		const struct scenario_result *b = c.res[0];
		int z;

		/* The streams drawn before moved pupils in and out of the
		 * schools this one shares with them (a Gaelic unit's
		 * host): its roll is theirs, not the baseline's. */
		for (k = 0; k < p->ns; k++)
			p->fixed[k] += shift[p->school[k]];
		p->in.nzones = p->nz;
		p->in.nschools = p->ns;
		p->in.pupils = p->pupils;
		p->in.cur = p->cur;
		p->in.cstart = p->cstart;
		p->in.cschool = p->cschool;
		p->in.cdist_m = p->cdist;
		p->in.cmoved = p->cmoved;
		p->in.root = p->root;
		p->in.cap = p->cap;
		p->in.fixed = p->fixed;
		/* --no-contiguity: the plain assignment MIP (the README's
		 * comparison): no adjacency, every zone free to go to any
		 * candidate, no flow rows. */
		p->in.pairs = p->pairs;
		p->in.npairs = nocontig ? 0 : p->npairs;
		p->in.lo = lo;
		p->in.hi = hi;
		p->in.w_band = SCENARIO_REZONE_W_BAND;
		p->in.w_move = SCENARIO_REZONE_W_MOVE;
		p->in.w_walk_km = SCENARIO_REZONE_W_WALK_KM;
		/* The time shared by zones: same inputs, same shares. */
		p->in.time_limit_s = limit * p->nz / ntotal;
		p->in.max_nodes = (int)nodes;
		fprintf(stderr, "estate: rezone: %s %s: %d schools, %d zones, %.1f s at most\n",
			le_sector_name(sector), rezone_stream_name[SCENARIO_GROUP_STREAM(p->g)], p->ns,
			p->nz, p->in.time_limit_s);
		if ((rc = scenario_rezone_solve(&p->in, &p->out, &err)))
			goto fail;
		p->solved = 1;
		/* Each school's roll after this stream: shift is what every
		 * stream so far changed against the baseline. */
		for (k = 0; k < p->ns; k++) {
			double r = p->fixed[k];

			for (z = 0; z < p->nz; z++)
				if (p->out.assign[z] == k)
					r += p->pupils[z];
			shift[p->school[k]] = r - b->roll[(size_t)yi * b->nschools + (size_t)p->school[k]];
		}
	}
	/* Write the scenario, then evaluate it exactly as estate run will
	 * (read back from the file): the printed rolls are the evaluation's,
	 * not the solver's arithmetic. */
	path = le_path_join(dir, "rezone-best.ini");
	if ((rc = write_rezone_ini(path, v, nv, &c, sector, year, lo, hi, &err)))
		goto fail;
	if ((rc = scenario_read(path, &c.w, 0, &sc, &err)))
		goto fail;
	have_sc = 1;
	if ((rc = scenario_eval(&after, &c.w, &c.t, &sc, cli_run_policy(&c.s), &c.p, c.res[0], &err)))
		goto fail;
	have_after = 1;
	free(path);
	path = le_path_join(dir, "rezone-changes.csv");
	rc = write_rezone_csv(path, v, nv, &c, &err);
	free(path);
	path = le_path_join(dir, "estate.gpkg");
	if (!rc)
		rc = write_rezone_gpkg(path, v, nv, &c, &after, yi, lo, hi, &pieces, &err);
	if (!rc)
		rc = cli_warnings_csv(&od, &c.d, &c.md, &err);
	if (!rc)
		rc = io_outdir_commit(&od, &err);
	if (rc)
		goto fail;
	printf("Rezone: %s, %s catchments in %d, band %.0f-%.0f %% of capacity, %s allocation\n",
	       c.s.name ? c.s.name : c.s.path, le_sector_name(sector), year, lo * 100, hi * 100,
	       scenario_policy_name(cli_run_policy(&c.s)));
	printf("(objective = %.0f x pupils outside the band + %.0f x pupils moved + %.0f x pupil-km walked;\n"
	       " zones joined across water: %d by links, %d to the nearest zone)\n",
	       SCENARIO_REZONE_W_BAND, SCENARIO_REZONE_W_MOVE, SCENARIO_REZONE_W_WALK_KM, nlinked, nnear);
	for (i = 0; i < nv; i++) {
		const struct scenario_rezone_out *o = &v[i].out;
		int changed = 0, z;
		char gap[32];

		for (z = 0; z < v[i].nz; z++)
			changed += o->assign[z] != v[i].cur[z];
		if (isnan(o->gap))
			snprintf(gap, sizeof(gap), "n/a (no bound)");
		else if (o->gap < 0)
			snprintf(gap, sizeof(gap), "n/a (input not contiguous)");
		else
			snprintf(gap, sizeof(gap), "%.2f %%", 100 * o->gap);
		printf("\n%s: %d schools, %d zones (%d change school), MIP %d rows x %d columns, %.1f s\n",
		       rezone_stream_name[SCENARIO_GROUP_STREAM(v[i].g)], v[i].ns, v[i].nz, changed,
		       o->mip_rows, o->mip_cols, o->seconds);
		printf("  objective      %12.1f -> %12.1f   (best bound %.1f, gap %s)\n", o->obj_in.total,
		       o->obj.total, o->bound, gap);
		printf("  outside band   %12.1f -> %12.1f pupils\n", o->obj_in.out_of_band, o->obj.out_of_band);
		printf("  pupils moved   %12.1f -> %12.1f\n", o->obj_in.moved, o->obj.moved);
		printf("  pupil-km       %12.1f -> %12.1f\n", o->obj_in.pupil_km, o->obj.pupil_km);
		printf("  in band        %7d of %d -> %d of %d schools with a capacity\n", o->obj_in.in_band,
		       o->obj_in.banded, o->obj.in_band, o->obj.banded);
		if (o->orphans)
			printf("  %d zone(s) that no school within the walking limit can reach through its own zones stay with their school, not joined to it\n",
			       o->orphans);
		printf("  %s%s\n",
		       o->how == SCENARIO_REZONE_OPTIMAL ? "proven optimal" :
		       o->how == SCENARIO_REZONE_TIME_LIMIT ?
		       (o->node_limited ? "node limit (--nodes) reached: the best found" :
					  "time limit reached: the best found") :
		       "the solver did not beat the input catchments: they are returned unchanged",
		       o->input_contiguous ? "" : " (the input catchments are not contiguous)");
	}
	/* The evaluation's figures (estate run of rezone-best.ini). */
	{
		int bin = 0, ain = 0, nb = 0;
		const struct scenario_result *b = c.res[0];
		/* Once per school: a Gaelic unit's host is in two streams. */
		unsigned char *seen = xcalloc((size_t)c.w.n + 1, 1);

		for (i = 0; i < nv; i++)
			for (k = 0; k < v[i].ns; k++) {
				size_t si = (size_t)yi * b->nschools + (size_t)v[i].school[k];
				double cap = c.w.s[v[i].school[k]].capacity;

				if (!(cap > 0) || seen[v[i].school[k]]++)
					continue;
				nb++;
				bin += in_band(b->roll[si], cap, lo, hi);
				ain += in_band(after.roll[si], cap, lo, hi);
			}
		free(seen);
		printf("\nevaluated as estate run evaluates rezone-best.ini, %d: schools in band %d -> %d of %d, pupils moved %.0f\n",
		       year, bin, ain, nb, after.kpi[(size_t)yi * SK_NKPIS + SK_MOVED]);
		printf("catchments in more than one piece (GEOS union of their zones; a zone's own islands aside): %d%s\n", pieces,
		       nocontig ? " (--no-contiguity)" : "");
	}
	printf("\nwrote %s/rezone-best.ini (run it: estate run STUDY OUT/rezone-best.ini), rezone-changes.csv and estate.gpkg (layer rezone_catchments)\n", out);
	goto done;
fail:
	code = cli_report(&err);
done:
	free(path);
	if (have_after)
		scenario_result_release(&after);
	if (have_sc)
		scenario_release(&sc);
	for (i = 0; i < nv; i++)
		rz_free(&v[i]);
	free(gpairs);
	free(listed);
	free(dropped);
	free(shift);
	if (started) {
		io_outdir_abort(&od);
		cli_run_release(&c);
	}
	return code;
}
