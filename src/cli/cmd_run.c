/*
 * cmd_run.c: `estate run STUDY [SCENARIO...]`: project the baseline,
 * evaluate it and every scenario year by year, write per scenario
 * schools.csv, zones.csv and kpis.csv, the comparison.csv of all of them,
 * the map outputs (estate.gpkg, geojson/, summary.html: scenario/maps.c)
 * and print the comparison table; with --to PG:... (or [output]
 * database) also store them in PostGIS (io/pg.c). The pipeline up to
 * the evaluation (cli_run_eval) is shared with `estate export`
 * (cli_int.h).
 *
 * The scenarios are the files named on the command line, else the
 * study's list ([study] scenarios), else a scenarios/ folder beside it,
 * else the files beside it with a [scenario] section (default_scenarios).
 *
 * Order matters for "nothing written on error": every scenario file is
 * read and validated before travel is computed, and every evaluation is
 * done before the first file is written. Progress goes to stderr (the
 * table on stdout stays clean for a pipe).
 */
#include "cli/cli_int.h"
#include "load/load.h"
#include "report/report.h"

#include <dirent.h>
#include <getopt.h>
#include <math.h>
#include <glob.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Does path hold a [scenario] section? Only such a file beside the
 * study is taken for a scenario when the study lists none: a costs or
 * transport file copied there, or another study, is not one. */
static int is_scenario(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char line[256];
	int yes = 0;

	if (!fp)
		return 0;
	while (!yes && fgets(line, sizeof(line), fp))
		yes = strncmp(le_trim(line), "[scenario]", 10) == 0;
	fclose(fp);
	return yes;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append path to v unless it is there already (a file both listed and
 * matched by a glob is one scenario); takes the string. */
static void add_file(char ***v, int *n, char *path)
{
	int i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], path) == 0) {
			free(path);
			return;
		}
	*v = xrealloc(*v, sizeof(**v) * ((size_t)*n + 1));
	(*v)[(*n)++] = path;
}

/* The *.ini of folder dir but skip (may be NULL), sorted by name (a stable
 * order, whatever the file system's); only those with a [scenario]
 * section when only_scenarios. */
static void ini_files(const char *dir, const char *skip, int only_scenarios,
		      char ***v, int *n)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **found = NULL;
	int nf = 0, i;

	if (!dp)
		return;
	while ((de = readdir(dp))) {
		size_t len = strlen(de->d_name);
		char *path;

		if (len < 5 || strcmp(de->d_name + len - 4, ".ini") != 0 ||
		    (skip && strcmp(de->d_name, skip) == 0))
			continue;
		path = le_path_join(dir, de->d_name);
		if (only_scenarios && !is_scenario(path)) {
			free(path);
			continue;
		}
		found = xrealloc(found, sizeof(*found) * ((size_t)nf + 1));
		found[nf++] = path;
	}
	closedir(dp);
	if (nf)
		qsort(found, (size_t)nf, sizeof(*found), cmp_str);
	for (i = 0; i < nf; i++)
		add_file(v, n, found[i]);
	free(found);
}

/* The pattern pat relative to dir, as le_path_join would join a file
 * name, with dir's own '*', '?', '[' and '\\' escaped: malloc'd. */
static char *glob_in(const char *dir, const char *pat)
{
	char *probe = le_path_join(dir, "x"), *out;
	size_t n = strlen(probe) - 1, i;
	struct buf b;

	/* An absolute pattern is used as it is, as le_path_join does. */
	if (*pat == '/') {
		free(probe);
		return xstrdup(pat);
	}
	buf_init(&b);
	for (i = 0; i < n; i++) {
		if (strchr("*?[\\", probe[i]))
			buf_addc(&b, '\\');
		buf_addc(&b, probe[i]);
	}
	buf_adds(&b, pat);
	free(probe);
	/* buf_detach leaves a fresh empty buffer behind, to release. */
	out = buf_detach(&b);
	buf_release(&b);
	return out;
}

/*
 * The study's scenario files, in a stable order:
 *  - [study] scenarios = a.ini, close-*.ini: the list's order, each glob's
 *    matches sorted by name; relative to the study's folder. A file that
 *    is missing or a glob that matches nothing is an error at the
 *    study's line: the list is what the board sees, so a gap in it must
 *    not pass silently;
 *  - else every *.ini in a scenarios/ folder beside the study;
 *  - else every *.ini beside the study that has a [scenario] section.
 */
static int default_scenarios(const struct study *s, char ***files, int *n,
			     struct le_err *err)
{
	char **v = NULL, *copy, *tok, *save = NULL, *folder, *self;
	int rc = LE_OK, i;

	*n = 0;
	if (!s->scenarios) {
		folder = le_path_join(s->dir, "scenarios");
		{
			DIR *dp = opendir(folder);

			if (dp) {
				closedir(dp);
				ini_files(folder, NULL, 0, &v, n);
			} else {
				ini_files(s->dir, le_basename(s->path), 1, &v, n);
			}
		}
		free(folder);
		*files = v;
		return LE_OK;
	}
	copy = xstrdup(s->scenarios);
	self = le_path_join(s->dir, le_basename(s->path));
	for (tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		char *item = le_trim(tok), *pat;
		glob_t g;
		int grc;

		if (!*item)
			continue;
		pat = le_path_join(s->dir, item);
		if (!strpbrk(item, "*?[")) {
			FILE *fp = fopen(pat, "rb");

			if (!fp) {
				rc = le_errf(err, LE_EIO, "%s:%d: [study] scenarios: no file '%s' (names are relative to the study's folder)",
					     s->path, s->scenarios_line, item);
				free(pat);
				break;
			}
			fclose(fp);
			add_file(&v, n, pat);
			continue;
		}
		/* The study's folder is a path, not a pattern: its own
		 * '*', '?' or '[' must match themselves. Sorted here by
		 * strcmp, not by glob (its order follows the locale's
		 * collation). */
		free(pat);
		pat = glob_in(s->dir, item);
		grc = glob(pat, GLOB_NOSORT, NULL, &g);
		if (grc == GLOB_NOMATCH || (grc == 0 && g.gl_pathc == 0)) {
			rc = le_errf(err, LE_EIO, "%s:%d: [study] scenarios: '%s' matches no file",
				     s->path, s->scenarios_line, item);
		} else if (grc != 0) {
			rc = le_errf(err, LE_EIO, "%s:%d: [study] scenarios: cannot list '%s'",
				     s->path, s->scenarios_line, item);
		} else {
			qsort(g.gl_pathv, g.gl_pathc, sizeof(*g.gl_pathv), cmp_str);
			for (i = 0; i < (int)g.gl_pathc; i++)
				/* "*.ini" would take the study itself. */
				if (strcmp(g.gl_pathv[i], self) != 0)
					add_file(&v, n, xstrdup(g.gl_pathv[i]));
		}
		if (grc == 0 || grc == GLOB_NOMATCH)
			globfree(&g);
		free(pat);
	}
	free(copy);
	free(self);
	*files = v;
	return rc;
}

int cli_run_policy(const struct study *s)
{
	const char *v = study_model_get(s, "allocation", NULL);

	/* observed flows are a fixed table like catchments: shares kept,
	 * closed schools' pupils to the nearest open school. */
	if (v && (strcmp(v, "catchment") == 0 || strcmp(v, "observed") == 0))
		return SCENARIO_CATCHMENT;
	if (v && strcmp(v, "capacity") == 0)
		return SCENARIO_CAPACITY;
	return SCENARIO_NEAREST;
}

/* "2028,2033" -> years; LE_EUSAGE on anything else. */
static int parse_years(const char *arg, int *years, int *n, struct le_err *err)
{
	char *copy = xstrdup(arg), *tok, *save = NULL;
	long y;
	int rc = LE_OK;

	*n = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (le_parse_long(tok, &y) != 0 || y < 1990 || y > 2200 || *n >= 16) {
			rc = le_errf(err, LE_EUSAGE, "run: --years takes up to 16 years such as 2028,2033, got '%s'", arg);
			break;
		}
		years[(*n)++] = (int)y;
	}
	free(copy);
	return rc;
}

int cli_run_eval(struct cli_run *c, const char *study, char **files, int nfiles,
		 const char *years_arg, const char *ws_dir, struct le_err *err)
{
	return cli_run_eval_opts(c, study, files, nfiles, years_arg, ws_dir, 0, err);
}

/* The criteria's ranking of res[0 .. c->nres) (res[0] the do-minimum)
 * with their net present costs: the one way the run, and each forecast
 * variant, builds the options it ranks. */
static int rank_results(struct scenario_ranking *rk, const struct cli_run *c,
			struct scenario_result *const *res, const double *npc)
{
	struct scenario_rank_option *opt = xcalloc((size_t)c->nres, sizeof(*opt));
	int i, rc;

	for (i = 0; i < c->nres; i++) {
		opt[i].name = res[i]->name;
		opt[i].res = res[i];
		opt[i].base = i ? res[0] : NULL;
		opt[i].npc_gbp = npc ? npc[i] : NAN;
		scenario_totals(res[i], opt[i].tot);
	}
	rc = scenario_rank(rk, &c->crit, opt, c->nres, &c->w);
	free(opt);
	return rc;
}

/* Evaluate result i of c: the baseline (0) or scenario i - 1, with its
 * own projection and parameters, into c->res[i] (allocated). */
static int eval_one(struct cli_run *c, int i, struct le_err *err)
{
	/* The shared world seen with the scenario's projection: a copy per
	 * evaluation, so evaluations on other threads never see it. */
	struct scenario_world wv = c->w;

	wv.m = i ? c->scm[i - 1] : &c->m;
	return scenario_eval(c->res[i], &wv, &c->t, i ? &c->scs[i - 1] : NULL,
			     cli_run_policy(&c->s), i ? c->scp[i - 1] : &c->p,
			     i ? c->res[0] : NULL, err);
}

/*
 * The scenarios' evaluations on several threads. Each reads the shared
 * world, travel, projections and the baseline's result (all read-only by
 * then) and writes only its own result and error, so the results are
 * those of one thread. Scenarios are handed out in order; the main
 * thread takes the results in order, printing each one's progress line
 * as it arrives and stopping at the first failure, so stdout, stderr and
 * the error are those of the serial loop whatever the thread count.
 */
struct eval_pool {
	struct cli_run *c;
	int next;               /* next scenario to hand out (1 .. nsc) */
	int stop;               /* a scenario failed: hand out no more */
	int *rc;                /* per result index */
	unsigned char *done;
	struct le_err *err;
	pthread_mutex_t lock;
	pthread_cond_t cond;    /* a scenario is done */
};

static void *eval_worker(void *arg)
{
	struct eval_pool *p = arg;

	for (;;) {
		int i, rc;

		pthread_mutex_lock(&p->lock);
		i = p->stop || p->next > p->c->nsc ? -1 : p->next++;
		pthread_mutex_unlock(&p->lock);
		if (i < 0)
			break;
		rc = eval_one(p->c, i, &p->err[i]);
		pthread_mutex_lock(&p->lock);
		p->rc[i] = rc;
		p->done[i] = 1;
		if (rc)
			p->stop = 1;
		pthread_cond_broadcast(&p->cond);
		pthread_mutex_unlock(&p->lock);
	}
	return NULL;
}

/* Scenarios 1 .. nsc on nthreads (>= 2) threads, after the baseline;
 * c->nres counts the results kept, as the serial loop does. */
static int eval_scenarios(struct cli_run *c, int nthreads, struct le_err *err)
{
	struct eval_pool p;
	pthread_t *tid;
	int i, started = 0, rc = LE_OK;

	memset(&p, 0, sizeof(p));
	p.c = c;
	p.next = 1;
	p.rc = xcalloc((size_t)c->nsc + 1, sizeof(*p.rc));
	p.done = xcalloc((size_t)c->nsc + 1, 1);
	p.err = xcalloc((size_t)c->nsc + 1, sizeof(*p.err));
	tid = xcalloc((size_t)nthreads, sizeof(*tid));
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.cond, NULL);
	for (i = 1; i <= c->nsc; i++)
		c->res[i] = xcalloc(1, sizeof(**c->res));
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&tid[started], NULL, eval_worker, &p) == 0)
			started++;
	/* No thread at all (a process limit): the work is done here. */
	if (!started)
		eval_worker(&p);
	for (i = 1; i <= c->nsc; i++) {
		pthread_mutex_lock(&p.lock);
		while (!p.done[i])
			pthread_cond_wait(&p.cond, &p.lock);
		pthread_mutex_unlock(&p.lock);
		fprintf(stderr, "estate: run: %s (%d of %d)\n", c->scs[i - 1].name, i + 1, c->nsc + 1);
		if ((rc = p.rc[i])) {
			*err = p.err[i];
			break;
		}
		c->nres++;
	}
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	/* Later scenarios that finished before the failure was seen: their
	 * results are not kept (cli_run_release frees the first nres). */
	for (i = c->nres; i <= c->nsc; i++)
		if (p.done[i] && !p.rc[i])
			scenario_result_release(c->res[i]);
	pthread_cond_destroy(&p.cond);
	pthread_mutex_destroy(&p.lock);
	free(tid);
	free(p.err);
	free(p.done);
	free(p.rc);
	return rc;
}

int cli_run_eval_opts(struct cli_run *c, const char *study, char **files, int nfiles,
		      const char *years_arg, const char *ws_dir, int flags, struct le_err *err)
{
	const char *v;
	int rc, i, nsites = 0, *sites;

	memset(c, 0, sizeof(*c));
	le_diags_init(&c->d);
	le_diags_init(&c->md);
	scenario_params_default(&c->p);
	rc = years_arg ? parse_years(years_arg, c->years + 1, &c->nyears_rep, err) : LE_OK;
	if (!rc)
		rc = io_study_read(study, &c->s, err);
	if (!rc)
		rc = cli_threads_study(&c->s, err);
	if (!rc) {
		c->g = geo_ctx_new(err);
		rc = c->g ? LE_OK : err->code;
	}
	if (!rc) {
		fprintf(stderr, "estate: run: loading %s\n", c->s.path);
		rc = load_region(&c->s, c->g, &c->r, &c->d, err);
	}
	if (!rc && !(rc = model_init(&c->m, &c->s, &c->r, c->g, &c->md, err)))
		c->have_model = 1;
	/* The projection's cohort change, as estate project makes it. */
	if (!rc) {
		int prev_year = 0;

		rc = cli_model_cohorts(&c->s, c->g, &c->r, &c->m, &c->md, &prev_year, err);
	}
	if (!rc) {
		c->p.detour = c->m.p.detour_factor;
		rc = scenario_params_read(&c->p, study_model_get(&c->s, "transport", NULL),
					  study_model_get(&c->s, "costs", NULL), err);
		/* A walking policy above a stage's statutory limit gives way
		 * to the statute: said in the run's warnings. */
		if (!rc && (v = study_model_get(&c->s, "transport", NULL))) {
			struct buf where;

			buf_init(&where);
			buf_addf(&where, "%s: ", v);
			scenario_walk_check(&c->p, &c->r, where.s, &c->d);
			buf_release(&where);
		}
	}
	if (!rc && (v = study_model_get(&c->s, "candidates", NULL))) {
		long k;

		le_parse_long(v, &k);
		c->p.k = (int)k;
	}
	if (!rc && !(rc = scenario_world_init(&c->w, &c->r, &c->m, c->g, err)))
		c->have_world = 1;
	/* Read with the study's mapping (simd = or deprivation =), its
	 * coverage and the census check in the run's warnings (estate check
	 * says the same); the index's name labels every result. */
	if (!rc)
		scenario_dep_init(&c->w.dep, &c->s);
	if (!rc && c->w.dep.path &&
	    !(rc = scenario_simd_read(&c->s, c->w.dep.path, &c->r, &c->w.simd_rank, &c->d, err)))
		rc = scenario_simd_census(&c->s, &c->r, c->w.simd_rank, &c->simd, &c->d, err);
	/* The criteria before the long work: a bad file fails at once. */
	if (!rc && (v = study_model_get(&c->s, "criteria", NULL)))
		rc = scenario_criteria_read(v, &c->crit, err);
	if (rc)
		return rc;
	/* The scenarios: named, or every one beside the study. */
	if (nfiles > 0) {
		c->given_files = 1;
		c->nfiles = nfiles;
		c->files = files;
	} else if (!(flags & CLI_RUN_NO_SCENARIOS) &&
		   (rc = default_scenarios(&c->s, &c->files, &c->nfiles, err))) {
		return rc;
	}
	c->scs = xcalloc((size_t)c->nfiles + 1, sizeof(*c->scs));
	for (i = 0; i < c->nfiles; i++) {
		int j;

		if ((rc = scenario_read(c->files[i], &c->w, i, &c->scs[i], err)))
			return rc;
		c->nsc++;
		for (j = 0; j < i; j++)
			if (strcmp(c->scs[j].name, c->scs[i].name) == 0)
				return le_errf(err, LE_EDATA, "%s: scenario name '%s' is also the name of %s",
					       c->files[i], c->scs[i].name, c->files[j]);
	}
	/* The schools pupils are sent to beyond their k nearest ([merge]
	 * sites, [catchment] schools): measured by road, on the graph. */
	for (i = 0; i < c->nsc; i++)
		nsites += c->scs[i].n;
	sites = xmalloc(sizeof(int) * ((size_t)nsites + 1));
	for (i = 0, nsites = 0; i < c->nsc; i++)
		nsites += scenario_sites(&c->scs[i], sites + nsites);
	fprintf(stderr, "estate: run: travel for %d zones and %d schools (%s)\n", c->r.nzones,
		c->w.n, c->s.layers[STUDY_ROADS].present ? "road network" : "straight line");
	/* With roads: the travel every command shares (net/cache.c), so
	 * `estate travel`'s table serves the run and the other way round;
	 * the graph is kept only when new schools must be searched on it. */
	if (c->s.layers[STUDY_ROADS].present) {
		if ((rc = net_travel_get(&c->nt, &c->s, c->g, &c->r,
					 ws_dir ? ws_dir : c->s.output,
					 c->w.n > c->w.nbase || nsites || (flags & CLI_RUN_GRAPH) ?
					 NET_TRAVEL_GRAPH : 0, &c->d,
					 &c->ti, err))) {
			free(sites);
			return rc;
		}
		cli_trace_net(&c->ti);
	}
	rc = scenario_travel_build(&c->t, &c->w, c->s.layers[STUDY_ROADS].present ? &c->nt : NULL,
				   &c->ti.opts, &c->p, err);
	if (!rc)
		rc = scenario_travel_sites(&c->t, &c->w, c->s.layers[STUDY_ROADS].present ? &c->nt : NULL,
					   &c->ti.opts, &c->p, sites, nsites, err);
	free(sites);
	if (rc)
		return rc;
	/* The projection's nearest is the run's nearest (walking, network),
	 * so the baseline reproduces calibrated rolls with the same
	 * assignment the scenarios change. */
	if (c->m.allocation == MODEL_NEAREST)
		scenario_model_nearest(&c->m, &c->w, &c->t);
	if ((rc = model_run(&c->m, &c->md, err)))
		return rc;
	/* Scenarios with their own projection or parameters ([model],
	 * [costs]: run_override.c). */
	if ((rc = cli_run_overrides(c, err)))
		return rc;
	c->res = xcalloc((size_t)c->nsc + 2, sizeof(*c->res));
	/* The baseline first: the scenarios' movers are counted against it.
	 * Then the scenarios, on the run's threads when there are several
	 * (the largest serial step of a big study after the searches). */
	for (i = 0; i <= c->nsc; i++) {
		if (i == 1 && c->s.threads > 1 && c->nsc > 1) {
			if ((rc = eval_scenarios(c, c->s.threads < c->nsc ? c->s.threads : c->nsc, err)))
				return rc;
			break;
		}
		c->res[i] = xcalloc(1, sizeof(**c->res));
		fprintf(stderr, "estate: run: %s (%d of %d)\n", i ? c->scs[i - 1].name : "baseline",
			i + 1, c->nsc + 1);
		if ((rc = eval_one(c, i, err)))
			return rc;
		c->nres++;
	}
	/* The whole-life cost of every option over the appraisal period
	 * (default 30 years, the Green Book's 3.5 % span). */
	c->appraisal_years = 30;
	if ((v = study_model_get(&c->s, "appraisal_years", NULL))) {
		long n;

		le_parse_long(v, &n);
		c->appraisal_years = (int)n;
	}
	c->wlc = xcalloc((size_t)c->nres, sizeof(*c->wlc));
	for (i = 0; i < c->nres; i++)
		/* Under the parameters the option was evaluated with (its
		 * own [costs], run_override.c). */
		if ((rc = scenario_wlc_eval(&c->wlc[i], c->res[i], &c->w,
					    i ? c->scp[i - 1] : &c->p, c->appraisal_years, err)))
			return rc;
	/* The ranking, when the study names its criteria: every option
	 * with its net present cost and cumulative totals. */
	if (c->crit.path) {
		double *npc = xcalloc((size_t)c->nres, sizeof(*npc));

		for (i = 0; i < c->nres; i++)
			npc[i] = c->wlc[i].npc_gbp;
		rc = rank_results(&c->rank, c, c->res, npc);
		free(npc);
		if (rc)
			return rc;
		c->have_rank = 1;
	}
	/* Kept only now that every evaluation succeeded. */
	if (c->s.layers[STUDY_ROADS].present && (rc = net_travel_store(&c->nt, &c->ti, err)))
		return rc;
	/* Reported years: the base year, then --years or +5, +10 and the
	 * horizon. */
	c->years[0] = c->m.base_year;
	if (!years_arg) {
		int h = c->m.nyears - 1;

		if (h > 5)
			c->years[++c->nyears_rep] = c->m.base_year + 5;
		if (h > 10)
			c->years[++c->nyears_rep] = c->m.base_year + 10;
		if (h > 0)
			c->years[++c->nyears_rep] = c->m.base_year + h;
	}
	c->nyears_rep++;
	return LE_OK;
}

void cli_run_release(struct cli_run *c)
{
	int i;

	cli_run_overrides_release(c);
	for (i = 0; c->wlc && i < c->nres; i++)
		scenario_wlc_release(&c->wlc[i]);
	free(c->wlc);
	for (i = 0; i < c->nres; i++)
		scenario_result_release(c->res[i]);
	for (i = 0; c->res && i <= c->nsc; i++)
		free(c->res[i]);
	free(c->res);
	for (i = 0; i < c->nsc; i++)
		scenario_release(&c->scs[i]);
	free(c->scs);
	if (!c->given_files) {
		for (i = 0; i < c->nfiles; i++)
			free(c->files[i]);
		free(c->files);
	}
	scenario_travel_release(&c->t);
	net_travel_release(&c->nt);
	net_travel_info_release(&c->ti);
	if (c->have_world)
		scenario_world_release(&c->w);
	scenario_simd_check_release(&c->simd);
	if (c->have_rank)
		scenario_ranking_release(&c->rank);
	scenario_criteria_release(&c->crit);
	scenario_params_release(&c->p);
	if (c->have_model)
		model_release(&c->m);
	region_release(&c->r);
	io_study_release(&c->s);
	le_diags_release(&c->d);
	le_diags_release(&c->md);
	geo_ctx_free(c->g);
}

/* The sets of the rank table: central first (the reference, computed
 * whether asked or not), then the other variants asked for, low to high. */
static int variants_sets(struct cli_run *c, const int *variants, int n,
			 struct scenario_variant_set *vs)
{
	int nvs = 0, v, i;

	vs[nvs].variant = SCENARIO_V_CENTRAL;
	vs[nvs].res = c->res;
	vs[nvs++].npc = c->vnpc[SCENARIO_V_CENTRAL];
	for (v = SCENARIO_V_LOW; v < SCENARIO_NVARIANTS; v++)
		for (i = 0; i < n; i++)
			if (variants[i] == v && v != SCENARIO_V_CENTRAL) {
				vs[nvs].variant = v;
				vs[nvs].res = c->vres[v];
				vs[nvs++].npc = c->vnpc[v];
			}
	return nvs;
}

/* The terminal's sensitivity section: pupils in the horizon year per
 * variant, then whether each KPI's ranking of the options holds. */
/* A rank as the variants table shows it: "3", or "flagged" (0: a hard
 * constraint broken, not ranked). */
static const char *rank_word(int rank, char *buf, size_t n)
{
	if (!rank)
		return "flagged";
	snprintf(buf, n, "%d", rank);
	return buf;
}

/*
 * Does the appraisal's ranking (the study's criteria) survive each
 * forecast variant? Each variant's options are ranked as the run ranks
 * them (rank_results); a line says so, or which options move (rank 0:
 * not ranked, a hard constraint broken).
 */
static void print_variant_ranking(const struct cli_run *c, const struct scenario_variant_set *vs,
				  int nvs)
{
	struct scenario_ranking rk[SCENARIO_NVARIANTS];
	char a[16], b[16];
	int i, v, central = -1;

	for (v = 0; v < nvs; v++) {
		if (rank_results(&rk[v], c, vs[v].res, vs[v].npc)) {
			while (v-- > 0)
				scenario_ranking_release(&rk[v]);
			return;
		}
		if (vs[v].variant == SCENARIO_V_CENTRAL)
			central = v;
	}
	printf("  %-24s", "the appraisal's ranking");
	if (central < 0) {
		printf("(central not asked for: nothing to compare with)\n");
	} else {
		int any = 0;

		for (v = 0; v < nvs; v++) {
			int moved = 0;

			if (v == central)
				continue;
			for (i = 0; i < c->nres; i++) {
				if (rk[v].rank[i] == rk[central].rank[i])
					continue;
				if (!moved++)
					printf("%schanges under %s:", any++ ? "; " : "",
					       scenario_variant_name(vs[v].variant));
				printf("%s %s %s -> %s", moved > 1 ? "," : "", c->res[i]->name,
				       rank_word(rk[central].rank[i], a, sizeof(a)),
				       rank_word(rk[v].rank[i], b, sizeof(b)));
			}
		}
		if (!any)
			printf("the ranking survives under every variant asked for");
		printf("\n");
		/* The question a board asks first: does the top option hold? */
		for (v = 0, any = 0; v < nvs; v++)
			any += rk[v].nranked > 0 && rk[central].nranked > 0 &&
			       rk[v].order[0] != rk[central].order[0];
		if (rk[central].nranked > 0)
			printf("  %-24s%s %s\n", "", c->res[rk[central].order[0]]->name,
			       any ? "ranks first under central, but not under every variant" :
			       "ranks first under every variant");
	}
	for (v = 0; v < nvs; v++)
		scenario_ranking_release(&rk[v]);
}

static void print_variants(struct cli_run *c, const int *variants, int n)
{
	struct scenario_variant_set vs[SCENARIO_NVARIANTS];
	int nvs = variants_sets(c, variants, n, vs), h = c->m.nyears - 1, i;
	int nrange = 0, nother = 0, k;

	printf("\nforecast variants, %d: baseline pupils", c->m.base_year + h);
	for (i = 0; i < nvs; i++)
		printf("%s %s %.0f", i ? "," : "", scenario_variant_name(vs[i].variant),
		       vs[i].res[0]->kpi[(size_t)h * SK_NKPIS + SK_PUPILS]);
	printf("\n");
	/* Only cohort survival gives a range: say how much of the estate
	 * the variants move, so equal figures are not read as certainty. */
	for (k = 0; k < c->m.nschools; k++) {
		if (c->m.source[k] == MODEL_SRC_SURVIVAL)
			nrange++;
		else if (c->r.schools[k].sector != LE_SPECIAL)
			nother++;
	}
	if (!nrange)
		printf("(no school has a range: only method = survival gives one, so low and high equal central)\n");
	else if (nother)
		printf("(the ranges of the %d school%s projected by cohort survival; the other %d mainstream school%s keep%s central figures)\n",
		       nrange, nrange == 1 ? "" : "s", nother, nother == 1 ? "" : "s",
		       nother == 1 ? "s its" : " their");
	if (nvs < 2) {
		printf("(only central asked for: no ranking to compare)\n");
		return;
	}
	scenario_print_variants(stdout, vs, nvs, c->nres, h);
	if (c->have_rank)
		print_variant_ranking(c, vs, nvs);
}

#define RUN_USAGE "usage: estate run [--out DIR] [--to PG:...] [--years Y,...] [--variants low,central,high] STUDY [SCENARIO...]"

/* "low,central,high" -> variants (enum scenario_variant, each once);
 * LE_EUSAGE on anything else. */
static int parse_variants(const char *arg, int *v, int *n, struct le_err *err)
{
	char *copy = xstrdup(arg), *tok, *save = NULL;
	int rc = LE_OK, j;

	*n = 0;
	for (tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		int x = scenario_variant_parse(le_trim(tok));

		for (j = 0; j < *n && x; j++)
			if (v[j] == x)
				x = 0;
		if (!x)
			rc = le_errf(err, LE_EUSAGE, "run: --variants takes low, central and high, each once, separated by commas, got '%s'", arg);
		else
			v[(*n)++] = x;
	}
	if (!rc && !*n)
		rc = le_errf(err, LE_EUSAGE, "run: --variants takes low, central and high, each once, separated by commas, got '%s'", arg);
	free(copy);
	return rc;
}

/* overrides.csv: every scenario's [model] and [costs] keys (written only
 * when some scenario has one, so a run without keeps its files). */
static int write_overrides(const struct cli_run *c, const char *dir, struct le_err *err)
{
	struct io_out o;
	char *path = le_path_join(dir, "overrides.csv");
	int rc = io_out_open(&o, path, err), i, j;

	free(path);
	if (rc)
		return rc;
	fputs("scenario,section,key,value,file,line\n", o.fp);
	for (i = 0; i < c->nsc; i++)
		for (j = 0; j < c->scs[i].nov; j++) {
			const struct scenario_own *ov = &c->scs[i].ov[j];

			report_csv_field(o.fp, c->scs[i].name);
			fprintf(o.fp, ",%s,", ov->section == SCENARIO_OV_COSTS ? "costs" : "model");
			report_csv_field(o.fp, ov->key);
			fputc(',', o.fp);
			report_csv_field(o.fp, ov->val);
			fputc(',', o.fp);
			report_csv_field(o.fp, c->scs[i].path);
			fprintf(o.fp, ",%d\n", ov->line);
		}
	return io_out_commit(&o, err);
}

/* --to's getopt value (a long option only, like --threads). */
enum { RUN_OPT_TO = CLI_OPT_THREADS + 1 };

/*
 * The PostGIS store of the run, if any: --to (to) wins over the study's
 * [output] database. Opened before the long work, so that a bad
 * connection, a database without PostGIS or a schema that is not
 * estate's costs nothing. *pg stays NULL without a database.
 */
static int store_begin(const char *to, const char *study_path, struct io_pg **pg,
		       struct le_err *err)
{
	struct study s;
	char schema[IO_PG_NAME_MAX + 1], *stem = NULL;
	const char *conn;
	int rc;

	*pg = NULL;
	memset(&s, 0, sizeof(s));
	if ((rc = io_study_read(study_path, &s, err)))
		return rc;
	conn = to ? to : s.database;
	if (conn) {
		/* The schema: [output] schema, else the study's name, else
		 * its file's name without .ini. */
		if (!s.schema && !s.name) {
			const char *base = le_basename(study_path), *dot = strrchr(base, '.');

			stem = xstrndup(base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
		}
		rc = io_pg_schema_name(s.name ? s.name : stem, s.schema, schema, err);
		if (!rc)
			rc = io_pg_open(conn, schema, pg, err);
	}
	free(stem);
	io_study_release(&s);
	return rc;
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "to", required_argument, NULL, RUN_OPT_TO },
		{ "years", required_argument, NULL, 'y' },
		{ "variants", required_argument, NULL, 'V' },
		{ "threads", required_argument, NULL, CLI_OPT_THREADS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_run c;
	struct le_err err;
	struct io_outdir od;
	const char *out = NULL, *years_arg = NULL, *dir, *to = NULL;
	int opt, rc, code = CLI_OK, i, nsuff = 0, variants[SCENARIO_NVARIANTS], nvariants = 0, anyov = 0;
	int ntables = 0;
	struct report_sufficiency *suff = NULL;
	struct io_pg *pg = NULL;

	optind = 1;
	opterr = 0;
	le_err_clear(&err);
	while ((opt = getopt_long(argc, argv, "+o:y:V:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			out = optarg;
			break;
		case 'y':
			years_arg = optarg;
			break;
		case RUN_OPT_TO:
			/* The form now; the connection before the long work. */
			if (strncmp(optarg, "PG:", 3) != 0) {
				fprintf(stderr, "estate: run: --to expects a PostGIS connection such as "
					"'PG:dbname=estate host=gis' (" RUN_USAGE ")\n");
				return CLI_EUSAGE;
			}
			to = optarg;
			break;
		case 'V':
			/* Checked before any work: a typo costs nothing. */
			if (parse_variants(optarg, variants, &nvariants, &err)) {
				/* The usage after the message: a long argument
				 * cannot cut it off (err.msg is bounded). */
				fprintf(stderr, "estate: %s (" RUN_USAGE ")\n", err.msg);
				return CLI_EUSAGE;
			}
			break;
		case CLI_OPT_THREADS:
			if (cli_threads_option("run", optarg))
				return CLI_EUSAGE;
			break;
		case 'h':
			cli_help_command(stdout, "run");
			return CLI_OK;
		default:
			fprintf(stderr, "estate: run: unknown option '%s' (see 'estate run --help')\n",
				argv[optind - 1]);
			return CLI_EUSAGE;
		}
	}
	if (argc - optind < 1) {
		fprintf(stderr, "estate: run: expected a study file (" RUN_USAGE ")\n");
		return CLI_EUSAGE;
	}
	le_err_clear(&err);
	if ((rc = store_begin(to, argv[optind], &pg, &err)))
		return cli_report(&err);
	/* The folder is locked before the long work, and written as a whole
	 * (io/out.c): a failure at any point leaves it as it was. The travel
	 * cache is read from and kept in the staging folder (a copy of the
	 * output folder's workspace.sqlite). */
	if ((rc = cli_out_begin(&od, out, argv[optind], "run", &err))) {
		io_pg_close(pg);
		return cli_report(&err);
	}
	dir = io_outdir_path(&od);
	rc = cli_run_eval(&c, argv[optind], argv + optind + 1, argc - optind - 1, years_arg,
			  dir, &err);
	if (!out)
		out = c.s.output;
	/* Said here, not in cli_run_eval: the workspace is read in the
	 * staging folder, and the user knows the output folder. */
	if (c.ti.ws_damage)
		fprintf(stderr, "estate: run: the workspace %s/workspace.sqlite could not be used (%s): rebuilt\n",
			out, c.ti.ws_damage);
	if (c.ti.reused)
		fprintf(stderr, "estate: run: reused the travel table cached in %s/workspace.sqlite\n", out);
	/* Every variant evaluated before the first file is written. */
	if (!rc && nvariants)
		rc = cli_run_variants(&c, variants, nvariants, &err);
	for (i = 0; i < c.nres && !rc; i++)
		rc = scenario_write(c.res[i], &c.w, dir, &err);
	if (!rc)
		rc = scenario_write_comparison(c.res, c.nres, c.years, c.nyears_rep, dir, &err);
	for (i = 0; i < nvariants && !rc; i++) {
		char name[64];

		snprintf(name, sizeof(name), "comparison-%s.csv", scenario_variant_name(variants[i]));
		rc = scenario_write_comparison_file(c.vres[variants[i]], c.nvres[variants[i]], c.years,
						    c.nyears_rep, dir, name, &err);
	}
	if (!rc && nvariants) {
		struct scenario_variant_set vs[SCENARIO_NVARIANTS];
		int nvs = variants_sets(&c, variants, nvariants, vs);

		rc = scenario_write_variants(vs, nvs, c.nres, c.m.nyears - 1, dir, &err);
	}
	for (i = 0; i < c.nsc; i++)
		anyov |= c.scs[i].nov > 0;
	if (!rc && anyov)
		rc = write_overrides(&c, dir, &err);
	if (!rc) {
		struct scenario_wlc **wv = xmalloc(sizeof(*wv) * (size_t)c.nres);

		for (i = 0; i < c.nres; i++)
			wv[i] = &c.wlc[i];
		rc = scenario_wlc_write(wv, c.nres, dir, &err);
		free(wv);
	}
	/* Which school runs out of places first, per option. */
	if (!rc) {
		nsuff = scenario_sufficiency(c.res, c.nres, &c.w, &suff);
		rc = scenario_write_sufficiency(suff, nsuff, dir, &err);
	}
	if (!rc && c.have_rank)
		rc = scenario_ranking_write(&c.rank, dir, &err);
	/* Flows across council boundaries exist only where the study lets
	 * pupils cross ([model] cross_boundary = yes). */
	if (!rc && c.r.cross_boundary && c.r.ncouncils > 1)
		rc = scenario_write_flows(c.res, c.nres, &c.w, c.years, c.nyears_rep, dir, &err);
	if (!rc) {
		const struct le_diags *lists[2] = { &c.d, &c.md };
		struct scenario_paper paper = { c.s.name ? c.s.name : "estate scenarios", &c.s,
						&c.p, lists, 2, c.have_rank ? &c.rank.page : NULL };

		fprintf(stderr, "estate: run: maps and summary page\n");
		rc = scenario_maps_write(c.res, c.nres, &c.w, c.years, c.nyears_rep, c.g,
					 NULL, &paper,
					 SCENARIO_MAP_GPKG | SCENARIO_MAP_GEOJSON | SCENARIO_MAP_HTML,
					 dir, &err);
	}
	if (!rc)
		rc = cli_warnings_csv(&od, &c.d, &c.md, &err);
	/* The database from the complete staging folder, last before the
	 * folder's commit: a run that fails anywhere changes neither. */
	if (!rc && pg) {
		const char **names = xcalloc((size_t)c.nres + 1, sizeof(char *));
		const char *vnames[SCENARIO_NVARIANTS];
		int v, nv = 0;

		for (i = 0; i < c.nres; i++)
			names[i] = c.res[i]->name;
		/* The variants' comparisons low to high, whatever the order
		 * asked: the table's rows are the same for the same set. */
		for (v = SCENARIO_V_NONE + 1; v < SCENARIO_NVARIANTS; v++)
			for (i = 0; i < nvariants; i++)
				if (variants[i] == v)
					vnames[nv++] = scenario_variant_name(v);
		fprintf(stderr, "estate: run: results into %s\n", io_pg_shown(pg));
		rc = io_pg_store(pg, dir, names, c.nres, vnames, nv, &ntables, &err);
		free(names);
	}
	if (!rc)
		rc = io_outdir_commit(&od, &err);
	if (rc) {
		code = cli_report(&err);
		goto done;
	}
	/* Per mode: driving may fall back where walking does not (a zone
	 * reached only by footways). */
	if (c.t.network)
		printf("Scenarios: %s, %d-%d; allocation %s; travel: walking and driving on the road network (off the network: %d of %d zones walking, %d driving)\n",
		       c.s.name ? c.s.name : c.s.path, c.m.base_year, c.m.base_year + c.m.nyears - 1,
		       scenario_policy_name(cli_run_policy(&c.s)), c.t.noff[0], c.r.nzones,
		       c.t.noff[1]);
	else
		printf("Scenarios: %s, %d-%d; allocation %s; travel: straight line x detour (%d of %d zones off the network)\n",
		       c.s.name ? c.s.name : c.s.path, c.m.base_year, c.m.base_year + c.m.nyears - 1,
		       scenario_policy_name(cli_run_policy(&c.s)), c.r.nzones, c.r.nzones);
	report_land_line(stdout, &c.r);
	for (i = 0; i < c.nsc; i++) {
		printf("  %-16s %s\n", c.scs[i].name, c.scs[i].description ? c.scs[i].description : "");
		/* An option under its own assumptions says so beside it. */
		if (c.scs[i].nov) {
			char *d = scenario_override_describe(&c.scs[i]);

			printf("  %-16s   own assumptions: %s\n", "", d);
			free(d);
		}
	}
	for (i = 1; i < c.nyears_rep; i++) {
		if (c.years[i] - c.m.base_year < 0 || c.years[i] - c.m.base_year >= c.m.nyears)
			continue;
		printf("\n%d (scenarios as the difference from the baseline):\n", c.years[i]);
		scenario_print_comparison(stdout, c.res, c.nres, c.years[i] - c.m.base_year);
		/* The collaborative's view: the region above, its councils
		 * side by side here (comparison.csv has every KPI). */
		if (c.res[0]->ncouncils) {
			putchar('\n');
			scenario_print_councils(stdout, c.res, c.nres, c.years[i] - c.m.base_year);
		}
		if (c.r.cross_boundary && c.r.ncouncils > 1) {
			putchar('\n');
			scenario_print_flows(stdout, c.res, c.nres, &c.w, c.years[i] - c.m.base_year);
		}
	}
	scenario_print_sufficiency(stdout, suff, nsuff, c.m.base_year + c.m.nyears - 1, 5);
	{
		/* The appraisal beside the comparison: one line, each option's
		 * net present cost and its difference from the baseline. */
		struct scenario_wlc **wv = xmalloc(sizeof(*wv) * (size_t)c.nres);

		for (i = 0; i < c.nres; i++)
			wv[i] = &c.wlc[i];
		putchar('\n');
		scenario_wlc_print(stdout, wv, c.nres);
		free(wv);
	}
	putchar('\n');
	if (c.have_rank)
		scenario_ranking_print(stdout, &c.rank);
	else
		printf("no ranking of the options: name the criteria with 'criteria = FILE' in [model] (models/criteria.ini holds the documented defaults)\n");
	{
		/* Unplaced pupils are counted, never dropped: say where the
		 * ones with no location come from, so a planner can fix it. */
		int z, nz = 0;
		for (z = 0; z < c.r.nzones; z++)
			nz += c.r.zones[z].has_pop && !c.r.zones[z].has_geom;
		if (nz)
			printf("\nunplaced pupils include those of the %d zone%s with population but no polygon:\n"
			       "with no location they cannot be measured to a school (estate check lists them)\n",
			       nz, nz == 1 ? "" : "s");
	}
	if (nvariants)
		print_variants(&c, variants, nvariants);
	if (!c.w.simd_rank) {
		printf("\nequity (SIMD) KPIs: not available (no zone SIMD input: add 'simd = FILE' to [model])\n");
	} else {
		putchar('\n');
		scenario_simd_print(stdout, &c.simd);
	}
	cli_warnings_print(out, &c.d, &c.md);
	printf("\nwrote %s/comparison.csv, appraisal.csv%s%s, sufficiency.csv and schools.csv, zones.csv, kpis.csv for %d scenarios,\n"
	       "estate.gpkg, geojson/, summary.html and data_quality.csv\n", out,
	       c.have_rank ? ", ranking.csv" : "",
	       c.r.cross_boundary && c.r.ncouncils > 1 ? ", cross_boundary.csv" : "", c.nres);
	if (nvariants) {
		printf("and per forecast variant");
		for (i = 0; i < nvariants; i++)
			printf(" comparison-%s.csv", scenario_variant_name(variants[i]));
		printf(", variants.csv (ranks)\n");
	}
	if (anyov)
		printf("and overrides.csv (the scenarios' own assumptions)\n");
	if (pg) {
		const char *why;
		int nst = io_pg_styles(pg, &why);

		printf("and %d tables into schema %s of %s (the previous run's replaced)\n",
		       ntables, io_pg_schema(pg), io_pg_shown(pg));
		if (why)
			printf("QGIS styles not stored in the database: %s (they are in estate.gpkg)\n", why);
		else
			printf("and %d QGIS styles into public.layer_styles (QGIS draws the layers with them)\n", nst);
	}
done:
	io_pg_close(pg);
	free(suff);
	io_outdir_abort(&od);
	cli_run_release(&c);
	return code;
}
