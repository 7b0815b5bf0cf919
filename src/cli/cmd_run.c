/*
 * cmd_run.c: `estate run STUDY [SCENARIO...]`: project the baseline,
 * evaluate it and every scenario year by year, write per scenario
 * schools.csv, zones.csv and kpis.csv, the comparison.csv of all of them,
 * the map outputs (estate.gpkg, geojson/, summary.html: scenario/maps.c)
 * and print the comparison table. The pipeline up to the evaluation
 * (cli_run_eval) is shared with `estate export` (cli_int.h).
 *
 * Every *.ini beside the study is a scenario unless it is a study itself
 * (it has a [study] section).
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
#include <stdlib.h>
#include <string.h>

/* Is path another study (a line "[study]")? Folders like tests/data/mini
 * hold several studies side by side; they are not scenarios. */
static int is_study(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char line[256];
	int yes = 0;

	if (!fp)
		return 0;
	while (!yes && fgets(line, sizeof(line), fp))
		yes = strncmp(le_trim(line), "[study]", 7) == 0;
	fclose(fp);
	return yes;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.ini beside the study but the study itself, sorted by name (a
 * stable order, whatever the file system's). */
static char **default_scenarios(const struct study *s, int *n)
{
	DIR *dp = opendir(s->dir);
	struct dirent *de;
	char **v = NULL;
	const char *self = le_basename(s->path);

	*n = 0;
	if (!dp)
		return NULL;
	while ((de = readdir(dp))) {
		size_t len = strlen(de->d_name);

		if (len < 5 || strcmp(de->d_name + len - 4, ".ini") != 0 ||
		    strcmp(de->d_name, self) == 0)
			continue;
		v = xrealloc(v, sizeof(*v) * ((size_t)*n + 1));
		v[*n] = le_path_join(s->dir, de->d_name);
		if (is_study(v[*n]))
			free(v[*n]);
		else
			(*n)++;
	}
	closedir(dp);
	if (*n)
		qsort(v, (size_t)*n, sizeof(*v), cmp_str);
	return v;
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

int cli_run_eval_opts(struct cli_run *c, const char *study, char **files, int nfiles,
		      const char *years_arg, const char *ws_dir, int flags, struct le_err *err)
{
	const char *v;
	int rc, i;

	memset(c, 0, sizeof(*c));
	le_diags_init(&c->d);
	le_diags_init(&c->md);
	scenario_params_default(&c->p);
	rc = years_arg ? parse_years(years_arg, c->years + 1, &c->nyears_rep, err) : LE_OK;
	if (!rc)
		rc = io_study_read(study, &c->s, err);
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
	if (!rc) {
		c->p.detour = c->m.p.detour_factor;
		rc = scenario_params_read(&c->p, study_model_get(&c->s, "transport", NULL),
					  study_model_get(&c->s, "costs", NULL), err);
	}
	if (!rc && (v = study_model_get(&c->s, "candidates", NULL))) {
		long k;

		le_parse_long(v, &k);
		c->p.k = (int)k;
	}
	if (!rc && !(rc = scenario_world_init(&c->w, &c->r, &c->m, c->g, err)))
		c->have_world = 1;
	if (!rc && (v = study_model_get(&c->s, "simd", NULL)))
		rc = scenario_simd_read(&c->w, v, err);
	if (rc)
		return rc;
	/* The scenarios: named, or every one beside the study. */
	if (nfiles > 0) {
		c->given_files = 1;
		c->nfiles = nfiles;
		c->files = files;
	} else if (!(flags & CLI_RUN_NO_SCENARIOS)) {
		c->files = default_scenarios(&c->s, &c->nfiles);
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
	fprintf(stderr, "estate: run: travel for %d zones and %d schools (%s)\n", c->r.nzones,
		c->w.n, c->s.layers[STUDY_ROADS].present ? "road network" : "straight line");
	/* With roads: the travel every command shares (net/cache.c), so
	 * `estate travel`'s table serves the run and the other way round;
	 * the graph is kept only when new schools must be searched on it. */
	if (c->s.layers[STUDY_ROADS].present) {
		if ((rc = net_travel_get(&c->nt, &c->s, c->g, &c->r,
					 ws_dir ? ws_dir : c->s.output,
					 c->w.n > c->w.nbase || (flags & CLI_RUN_GRAPH) ?
					 NET_TRAVEL_GRAPH : 0, &c->d,
					 &c->ti, err)))
			return rc;
	}
	if ((rc = scenario_travel_build(&c->t, &c->w,
					c->s.layers[STUDY_ROADS].present ? &c->nt : NULL,
					&c->ti.opts, &c->p, err)))
		return rc;
	/* The projection's nearest is the run's nearest (walking, network),
	 * so the baseline reproduces calibrated rolls with the same
	 * assignment the scenarios change. */
	if (c->m.allocation == MODEL_NEAREST)
		scenario_model_nearest(&c->m, &c->w, &c->t);
	if ((rc = model_run(&c->m, &c->md, err)))
		return rc;
	c->res = xcalloc((size_t)c->nsc + 2, sizeof(*c->res));
	for (i = 0; i <= c->nsc; i++) {
		c->res[i] = xcalloc(1, sizeof(**c->res));
		fprintf(stderr, "estate: run: %s (%d of %d)\n", i ? c->scs[i - 1].name : "baseline",
			i + 1, c->nsc + 1);
		rc = scenario_eval(c->res[i], &c->w, &c->t, i ? &c->scs[i - 1] : NULL,
				   cli_run_policy(&c->s), &c->p, i ? c->res[0] : NULL, err);
		if (rc)
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
		if ((rc = scenario_wlc_eval(&c->wlc[i], c->res[i], &c->w, &c->p,
					    c->appraisal_years, err)))
			return rc;
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
	scenario_params_release(&c->p);
	if (c->have_model)
		model_release(&c->m);
	region_release(&c->r);
	io_study_release(&c->s);
	le_diags_release(&c->d);
	le_diags_release(&c->md);
	geo_ctx_free(c->g);
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "years", required_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_run c;
	struct le_err err;
	struct io_outdir od;
	const char *out = NULL, *years_arg = NULL, *dir;
	int opt, rc, code = CLI_OK, i;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+o:y:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			out = optarg;
			break;
		case 'y':
			years_arg = optarg;
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
		fprintf(stderr, "estate: run: expected a study file (usage: estate run [--out DIR] [--years Y,...] STUDY [SCENARIO...])\n");
		return CLI_EUSAGE;
	}
	le_err_clear(&err);
	/* The folder is locked before the long work, and written as a whole
	 * (io/out.c): a failure at any point leaves it as it was. The travel
	 * cache is read from and kept in the staging folder (a copy of the
	 * output folder's workspace.sqlite). */
	if ((rc = cli_out_begin(&od, out, argv[optind], "run", &err)))
		return cli_report(&err);
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
	for (i = 0; i < c.nres && !rc; i++)
		rc = scenario_write(c.res[i], &c.w, dir, &err);
	if (!rc)
		rc = scenario_write_comparison(c.res, c.nres, c.years, c.nyears_rep, dir, &err);
	if (!rc) {
		struct scenario_wlc **wv = xmalloc(sizeof(*wv) * (size_t)c.nres);

		for (i = 0; i < c.nres; i++)
			wv[i] = &c.wlc[i];
		rc = scenario_wlc_write(wv, c.nres, dir, &err);
		free(wv);
	}
	/* Flows across council boundaries exist only where the study lets
	 * pupils cross ([model] cross_boundary = yes). */
	if (!rc && c.r.cross_boundary && c.r.ncouncils > 1)
		rc = scenario_write_flows(c.res, c.nres, &c.w, c.years, c.nyears_rep, dir, &err);
	if (!rc) {
		fprintf(stderr, "estate: run: maps and summary page\n");
		rc = scenario_maps_write(c.res, c.nres, &c.w, c.years, c.nyears_rep, c.g,
					 NULL, c.s.name ? c.s.name : "estate scenarios",
					 SCENARIO_MAP_GPKG | SCENARIO_MAP_GEOJSON | SCENARIO_MAP_HTML,
					 dir, &err);
	}
	if (!rc)
		rc = cli_warnings_csv(&od, &c.d, &c.md, &err);
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
	for (i = 0; i < c.nsc; i++)
		printf("  %-16s %s\n", c.scs[i].name, c.scs[i].description ? c.scs[i].description : "");
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
	if (!c.w.simd_rank)
		printf("\nequity (SIMD) KPIs: not available (no zone SIMD input: add 'simd = FILE' to [model])\n");
	cli_warnings_print(out, &c.d, &c.md);
	printf("\nwrote %s/comparison.csv, appraisal.csv%s and schools.csv, zones.csv, kpis.csv for %d scenarios,\n"
	       "estate.gpkg, geojson/, summary.html and data_quality.csv\n", out,
	       c.r.cross_boundary && c.r.ncouncils > 1 ? ", cross_boundary.csv" : "", c.nres);
done:
	io_outdir_abort(&od);
	cli_run_release(&c);
	return code;
}
