/*
 * cmd_run.c: `estate run STUDY [SCENARIO...]`: project the baseline,
 * evaluate it and every scenario year by year, write per scenario
 * schools.csv, zones.csv and kpis.csv, the comparison.csv of all of them,
 * and print the comparison table.
 *
 * Every *.ini beside the study is a scenario unless it is a study itself
 * (it has a [study] section).
 *
 * Order matters for "nothing written on error": every scenario file is
 * read and validated before travel is computed, and every evaluation is
 * done before the first file is written. Progress goes to stderr (the
 * table on stdout stays clean for a pipe).
 */
#include "cli/cli.h"
#include "geo/geo.h"
#include "io/io.h"
#include "load/load.h"
#include "model/model.h"
#include "scenario/scenario.h"

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

static int study_policy(const struct study *s)
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

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "years", required_argument, NULL, 'y' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct study s;
	struct region r;
	struct model m;
	struct scenario_params p;
	struct scenario_world w;
	struct scenario_travel t;
	struct scenario *scs = NULL;
	struct scenario_result **res = NULL;
	struct le_diags d, md;
	struct le_err err;
	struct geo_ctx *g = NULL;
	const char *out = NULL, *years_arg = NULL, *v;
	char **files = NULL;
	int c, rc, code = CLI_OK, have_model = 0, have_world = 0, nfiles = 0, nsc = 0;
	int nres = 0, i, years[17], nyears_rep = 0, given_files = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+o:y:h", opts, NULL)) != -1) {
		switch (c) {
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
	le_diags_init(&d);
	le_diags_init(&md);
	memset(&s, 0, sizeof(s));
	memset(&r, 0, sizeof(r));
	memset(&t, 0, sizeof(t));
	scenario_params_default(&p);
	rc = years_arg ? parse_years(years_arg, years + 1, &nyears_rep, &err) : LE_OK;
	if (!rc)
		rc = io_study_read(argv[optind], &s, &err);
	if (!rc && (v = study_model_get(&s, "method", NULL)) && strcmp(v, "progression") == 0)
		rc = le_errf(&err, LE_EUSAGE, "%s: estate run needs method = demand (scenarios with the progression method are not implemented yet)",
			     s.path);
	if (!rc) {
		g = geo_ctx_new(&err);
		rc = g ? LE_OK : err.code;
	}
	if (!rc) {
		fprintf(stderr, "estate: run: loading %s\n", s.path);
		rc = load_region(&s, g, &r, &d, &err);
	}
	if (!rc && !(rc = model_init(&m, &s, &r, g, &md, &err)))
		have_model = 1;
	if (!rc) {
		p.detour = m.p.detour_factor;
		rc = scenario_params_read(&p, study_model_get(&s, "transport", NULL),
					  study_model_get(&s, "costs", NULL), &err);
	}
	if (!rc && (v = study_model_get(&s, "candidates", NULL))) {
		long k;

		le_parse_long(v, &k);
		p.k = (int)k;
	}
	if (!rc && !(rc = scenario_world_init(&w, &r, &m, g, &err)))
		have_world = 1;
	if (!rc && (v = study_model_get(&s, "simd", NULL)))
		rc = scenario_simd_read(&w, v, &err);
	if (rc)
		goto fail;
	/* The scenarios: named, or every one beside the study. */
	if (argc - optind > 1) {
		given_files = 1;
		nfiles = argc - optind - 1;
		files = argv + optind + 1;
	} else {
		files = default_scenarios(&s, &nfiles);
	}
	scs = xcalloc((size_t)nfiles + 1, sizeof(*scs));
	for (i = 0; i < nfiles; i++) {
		int j;

		if ((rc = scenario_read(files[i], &w, i, &scs[i], &err)))
			goto fail;
		nsc++;
		for (j = 0; j < i; j++)
			if (strcmp(scs[j].name, scs[i].name) == 0) {
				rc = le_errf(&err, LE_EDATA, "%s: scenario name '%s' is also the name of %s",
					     files[i], scs[i].name, files[j]);
				goto fail;
			}
	}
	fprintf(stderr, "estate: run: travel for %d zones and %d schools (%s)\n", r.nzones, w.n,
		s.layers[STUDY_ROADS].present ? "road network" : "straight line");
	if ((rc = scenario_travel_build(&t, &w, &s, g, &p, &d, &err)))
		goto fail;
	/* The projection's nearest is the run's nearest (walking, network),
	 * so the baseline reproduces calibrated rolls with the same
	 * assignment the scenarios change. */
	if (m.allocation == MODEL_NEAREST)
		scenario_model_nearest(&m, &w, &t);
	if ((rc = model_run(&m, &md, &err)))
		goto fail;
	res = xcalloc((size_t)nsc + 2, sizeof(*res));
	for (i = 0; i <= nsc; i++) {
		res[i] = xcalloc(1, sizeof(**res));
		fprintf(stderr, "estate: run: %s (%d of %d)\n", i ? scs[i - 1].name : "baseline",
			i + 1, nsc + 1);
		rc = scenario_eval(res[i], &w, &t, i ? &scs[i - 1] : NULL, study_policy(&s), &p,
				   i ? res[0] : NULL, &err);
		if (rc)
			goto fail;
		nres++;
	}
	/* Reported years: the base year, then --years or +5, +10 and the
	 * horizon. */
	years[0] = m.base_year;
	if (!years_arg) {
		int h = m.nyears - 1;

		if (h > 5)
			years[++nyears_rep] = m.base_year + 5;
		if (h > 10)
			years[++nyears_rep] = m.base_year + 10;
		if (h > 0)
			years[++nyears_rep] = m.base_year + h;
	}
	nyears_rep++;
	for (i = 0; i < nres && !rc; i++)
		rc = scenario_write(res[i], &w, out ? out : s.output, &err);
	if (!rc)
		rc = scenario_write_comparison(res, nres, years, nyears_rep, out ? out : s.output, &err);
	if (rc)
		goto fail;
	printf("Scenarios: %s, %d-%d; allocation %s; travel: %s (%d of %d zones off the network)\n",
	       s.name ? s.name : s.path, m.base_year, m.base_year + m.nyears - 1,
	       scenario_policy_name(study_policy(&s)),
	       t.network ? "walking and driving on the road network" : "straight line x detour",
	       t.network ? t.nstraight_zones : r.nzones, r.nzones);
	for (i = 0; i < nsc; i++)
		printf("  %-16s %s\n", scs[i].name, scs[i].description ? scs[i].description : "");
	for (i = 1; i < nyears_rep; i++) {
		if (years[i] - m.base_year < 0 || years[i] - m.base_year >= m.nyears)
			continue;
		printf("\n%d (scenarios as the difference from the baseline):\n", years[i]);
		scenario_print_comparison(stdout, res, nres, years[i] - m.base_year);
	}
	if (!w.simd_rank)
		printf("\nequity (SIMD) KPIs: not available (no zone SIMD input: add 'simd = FILE' to [model])\n");
	printf("\nwrote %s/comparison.csv and schools.csv, zones.csv, kpis.csv for %d scenarios\n",
	       out ? out : s.output, nres);
	goto done;
fail:
	code = cli_report(&err);
done:
	for (i = 0; i < nres; i++)
		scenario_result_release(res[i]);
	for (i = 0; res && i <= nsc; i++)
		free(res[i]);
	free(res);
	for (i = 0; i < nsc; i++)
		scenario_release(&scs[i]);
	free(scs);
	if (!given_files) {
		for (i = 0; i < nfiles; i++)
			free(files[i]);
		free(files);
	}
	scenario_travel_release(&t);
	if (have_world)
		scenario_world_release(&w);
	scenario_params_release(&p);
	if (have_model)
		model_release(&m);
	region_release(&r);
	io_study_release(&s);
	le_diags_release(&d);
	le_diags_release(&md);
	geo_ctx_free(g);
	return code;
}
