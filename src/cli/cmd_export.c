/*
 * cmd_export.c: `estate export STUDY [SCENARIO...] --format F --out DIR`:
 * the study's map layers for GIS software (GeoPackage, GeoJSON),
 * spreadsheets (CSV) or a board (summary.html).
 *
 * Two modes. A study with a [model] section (one `estate run` can run)
 * is re-evaluated as `estate run` does it (cli_run_eval: the same
 * scenarios, deterministic, seconds) and the requested formats of the
 * run's outputs are written: re-evaluating is simpler and safer than
 * reading CSVs back, which hold neither the allocation nor the geometry.
 * A study without [model], or --region, gets the layers of the loaded
 * region (report_region_layers: nearest primary by straight line), as
 * before scenarios existed.
 *
 * Nothing is written unless the load succeeds, and every file is written
 * to a temporary name first, so a failed export leaves earlier files
 * intact.
 */
#include "cli/cli_int.h"
#include "geo/geo.h"
#include "io/io.h"
#include "load/load.h"
#include "model/model.h"
#include "report/report.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { FMT_GPKG = 1 << 0, FMT_GEOJSON = 1 << 1, FMT_CSV = 1 << 2, FMT_HTML = 1 << 3 };

/* "gpkg,geojson" -> flags; 0 when a word is unknown. */
static int parse_formats(const char *s)
{
	char *copy = xstrdup(s), *w, *save = NULL;
	int f = 0;

	for (w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (!strcmp(w, "gpkg"))
			f |= FMT_GPKG;
		else if (!strcmp(w, "geojson"))
			f |= FMT_GEOJSON;
		else if (!strcmp(w, "csv"))
			f |= FMT_CSV;
		else if (!strcmp(w, "html"))
			f |= FMT_HTML;
		else if (!strcmp(w, "all"))
			f |= FMT_GPKG | FMT_GEOJSON | FMT_CSV | FMT_HTML;
		else {
			f = 0;
			break;
		}
	}
	free(copy);
	return f;
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The charted schools: at most this many, the most used first. */
#define EXPORT_CHART_SCHOOLS 12

/* Projected rolls for the chart, owned here (years shared by all). */
struct chart_data {
	struct report_series *series;
	int n;
	int *years;
	double *vals;           /* n * nyears rolls, then n * nyears capacities */
};

static void chart_release(struct chart_data *c)
{
	free(c->series);
	free(c->years);
	free(c->vals);
	memset(c, 0, sizeof(*c));
}

/*
 * The summary page charts roll against capacity over the horizon, so the
 * rolls are projected as `estate project` does (the study's [model]).
 * The schools shown are those with the highest projected utilisation in
 * any year: the ones a board will ask about.
 */
static int project_chart(const struct study *s, const struct region *r, struct geo_ctx *g,
			 struct chart_data *out, struct le_err *err)
{
	struct model m;
	struct model_cands cands;
	struct le_diags md;
	double *peak = NULL;
	int *order = NULL, rc, k, y, i, n = 0;

	memset(out, 0, sizeof(*out));
	memset(&cands, 0, sizeof(cands));
	le_diags_init(&md);
	if ((rc = model_init(&m, s, r, g, &md, err)))
		goto done;
	{
		int prev_year = 0;

		/* The cohort change of estate project, so the chart is its. */
		if ((rc = cli_model_cohorts(s, g, r, &m, &md, &prev_year, err)))
			goto release;
	}
	if (m.allocation == MODEL_NEAREST) {
		model_cands_straight(&cands, r, r->nschools ? r->nschools : 1, m.p.detour_factor);
		model_alloc_nearest(&m, &cands);
	}
	if ((rc = model_run(&m, &md, err)))
		goto release;
	peak = xcalloc((size_t)r->nschools + 1, sizeof(*peak));
	order = xcalloc((size_t)r->nschools + 1, sizeof(*order));
	for (k = 0; k < r->nschools; k++) {
		if (r->schools[k].capacity <= 0 || r->schools[k].sector == LE_SPECIAL)
			continue;
		for (y = 0; y < m.nyears; y++)
			peak[k] = fmax(peak[k], m.total[(size_t)y * m.nschools + k] /
						r->schools[k].capacity);
		/* Insertion sort by peak, descending; ties keep school order. */
		for (i = n; i > 0 && peak[order[i - 1]] < peak[k]; i--)
			order[i] = order[i - 1];
		order[i] = k;
		n++;
	}
	if (n > EXPORT_CHART_SCHOOLS)
		n = EXPORT_CHART_SCHOOLS;
	out->n = n;
	out->years = xcalloc((size_t)m.nyears + 1, sizeof(int));
	out->vals = xcalloc(2 * (size_t)n * m.nyears + 1, sizeof(double));
	out->series = xcalloc((size_t)n + 1, sizeof(*out->series));
	for (y = 0; y < m.nyears; y++)
		out->years[y] = m.base_year + y;
	for (i = 0; i < n; i++) {
		struct report_series *se = &out->series[i];
		double *roll = out->vals + (size_t)i * m.nyears;
		double *cap = out->vals + ((size_t)n + i) * m.nyears;
		k = order[i];
		for (y = 0; y < m.nyears; y++) {
			roll[y] = m.total[(size_t)y * m.nschools + k];
			cap[y] = r->schools[k].capacity;
		}
		se->name = r->schools[k].name;
		se->nyears = m.nyears;
		se->years = out->years;
		se->roll = roll;
		se->capacity = cap;
	}
release:
	model_release(&m);
done:
	free(order);
	free(peak);
	model_cands_release(&cands);
	le_diags_release(&md);
	return rc;
}

static int write_all(const struct study *s, const struct region *r, struct geo_ctx *g,
		     int fmt, const char *out, const char *styles, struct le_err *err)
{
	struct report_layer *layers = NULL;
	struct scenario_params p;
	struct chart_data chart;
	double lim[LE_MAX_STAGES];
	struct buf path;
	int n = 0, i, rc;

	memset(&chart, 0, sizeof(chart));
	buf_init(&path);
	/* The region's layers read no transport.ini: each stage gets the
	 * statutory limit of its age, through the one rule of the runs. */
	scenario_params_default(&p);
	for (i = 0; i < r->stages.n; i++)
		lim[i] = scenario_walk_stage_m(&p, r, -1, i);
	scenario_params_release(&p);
	if ((rc = report_region_layers(r, g, lim, &layers, &n, err)) ||
	    (rc = io_mkdirs(out, err)))
		goto done;
	if (fmt & FMT_GPKG) {
		buf_addf(&path, "%s/estate.gpkg", out);
		if ((rc = report_gpkg_write(path.s, layers, n, styles, g, err)))
			goto done;
	}
	if ((fmt & FMT_GEOJSON) && (rc = report_geojson_write(out, NULL, layers, n, g, err)))
		goto done;
	if ((fmt & FMT_CSV) && (rc = report_csv_write(out, NULL, layers, n, err)))
		goto done;
	if ((fmt & FMT_HTML) && !(rc = project_chart(s, r, g, &chart, err)))
		rc = report_region_summary(s, r, layers, n, chart.series, chart.n, out, err);
done:
	chart_release(&chart);
	for (i = 0; i < n; i++)
		report_layer_release(&layers[i]);
	free(layers);
	buf_release(&path);
	return rc;
}

/* The scenario mode: re-evaluate, then write what fmt asks for. */
static int write_scenarios(const char *study, char **files, int nfiles, int fmt,
			   const char *out, const char *styles, struct le_err *err)
{
	struct cli_run c;
	int rc, i, maps = 0;

	rc = cli_run_eval(&c, study, files, nfiles, NULL, out, err);
	maps |= fmt & FMT_GPKG ? SCENARIO_MAP_GPKG : 0;
	maps |= fmt & FMT_GEOJSON ? SCENARIO_MAP_GEOJSON : 0;
	maps |= fmt & FMT_HTML ? SCENARIO_MAP_HTML : 0;
	/* CSV in this mode means the run's tables: per scenario schools,
	 * zones and KPIs, and the comparison. */
	for (i = 0; (fmt & FMT_CSV) && !rc && i < c.nres; i++)
		rc = scenario_write(c.res[i], &c.w, out, err);
	if (!rc && (fmt & FMT_CSV))
		rc = scenario_write_comparison(c.res, c.nres, c.years, c.nyears_rep, out, err);
	if (!rc && maps) {
		const struct le_diags *lists[2] = { &c.d, &c.md };
		struct scenario_paper paper = { c.s.name ? c.s.name : "estate scenarios", &c.s,
						&c.p, lists, 2, c.have_rank ? &c.rank.page : NULL };

		rc = scenario_maps_write(c.res, c.nres, &c.w, c.years, c.nyears_rep, c.g, styles,
					 &paper, maps, out, err);
	}
	cli_run_release(&c);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "styles", required_argument, NULL, 's' },
		{ "region", no_argument, NULL, 'r' },
		{ "threads", required_argument, NULL, CLI_OPT_THREADS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct study s;
	struct region r;
	struct le_diags d;
	struct le_err err;
	struct geo_ctx *g = NULL;
	struct io_outdir od;
	const char *out = NULL, *styles = NULL, *fmt_arg = "gpkg";
	int c, rc, fmt, code = CLI_OK, region_only = 0;

	optind = 1;
	opterr = 0;
	/* No "+": GNU getopt then takes options wherever they are, so
	 * `estate export STUDY --format csv --out DIR` (the README's order)
	 * works; with "+" the options after STUDY were read as scenario
	 * files and failed as data errors (exit 1) instead of working or
	 * giving a usage error (exit 2). */
	while ((c = getopt_long(argc, argv, "f:o:s:rh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			fmt_arg = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 's':
			styles = optarg;
			break;
		case 'r':
			region_only = 1;
			break;
		case CLI_OPT_THREADS:
			if (cli_threads_option("export", optarg))
				return CLI_EUSAGE;
			break;
		case 'h':
			cli_help_command(stdout, "export");
			return CLI_OK;
		default:
			fprintf(stderr, "estate: export: unknown option '%s' (see 'estate export --help')\n",
				argv[optind - 1]);
			return CLI_EUSAGE;
		}
	}
	if (argc - optind < 1 || (region_only && argc - optind > 1)) {
		return cli_usage_error("export", "expected one study file");
	}
	if (!(fmt = parse_formats(fmt_arg))) {
		fprintf(stderr, "estate: export: unknown format '%s' (expected gpkg, geojson, csv, html or all)\n",
			fmt_arg);
		return CLI_EUSAGE;
	}
	/* Without --styles the GeoPackage gets the styles compiled into the
	 * binary (report/gpkg.c): nothing depends on the working directory. */
	if (styles && !is_dir(styles)) {
		fprintf(stderr, "estate: export: styles folder '%s' does not exist\n", styles);
		return CLI_EUSAGE;
	}
	le_err_clear(&err);
	le_diags_init(&d);
	memset(&s, 0, sizeof(s));
	memset(&r, 0, sizeof(r));
	/* Locked before the work, written as a whole (io/out.c). */
	rc = cli_out_begin(&od, out, argv[optind], "export", &err);
	if (!rc)
		rc = io_study_read(argv[optind], &s, &err);
	if (!rc && s.model.present && !region_only) {
		/* The run re-reads the study: one code path with estate run. */
		io_study_release(&s);
		memset(&s, 0, sizeof(s));
		rc = write_scenarios(argv[optind], argv + optind + 1, argc - optind - 1, fmt,
				     io_outdir_path(&od), styles, &err);
		goto done;
	}
	if (!rc && argc - optind > 1)
		rc = le_errf(&err, LE_EUSAGE, "export: %s has no [model] section, so no scenarios can be evaluated",
			     argv[optind]);
	if (!rc) {
		g = geo_ctx_new(&err);
		rc = g ? LE_OK : err.code;
	}
	if (!rc)
		rc = load_region(&s, g, &r, &d, &err);
	if (!rc)
		rc = write_all(&s, &r, g, fmt, io_outdir_path(&od), styles, &err);
done:
	if (!rc)
		rc = io_outdir_commit(&od, &err);
	io_outdir_abort(&od);
	if (rc)
		code = cli_report(&err);
	region_release(&r);
	io_study_release(&s);
	le_diags_release(&d);
	geo_ctx_free(g);
	return code;
}
