/*
 * cmd_check.c: `estate check STUDY`: load everything a study names and
 * print the data-quality report. Nothing is written unless --out is given,
 * and then only when the load succeeds.
 */
#include "cli/cli.h"
#include "geo/geo.h"
#include "io/io.h"
#include "load/load.h"
#include "report/report.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct study s;
	struct region r;
	struct le_diags d;
	struct le_err err;
	struct geo_ctx *g = NULL;
	const char *out = NULL;
	int c, rc, code = CLI_OK, i;
	double km = -1;

	/* getopt keeps state between calls; reset it for this command. Its own
	 * messages are off so that ours follow the "estate: ..." form. */
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'h':
			cli_help_command(stdout, "check");
			return CLI_OK;
		default:
			fprintf(stderr, "estate: check: unknown option '%s' (see 'estate check --help')\n",
				argv[optind - 1]);
			return CLI_EUSAGE;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "estate: check: expected one study file (usage: estate check [--out DIR] STUDY)\n");
		return CLI_EUSAGE;
	}
	le_err_clear(&err);
	le_diags_init(&d);
	memset(&s, 0, sizeof(s));
	memset(&r, 0, sizeof(r));
	rc = io_study_read(argv[optind], &s, &err);
	if (!rc) {
		g = geo_ctx_new(&err);
		rc = g ? LE_OK : err.code;
	}
	if (!rc)
		rc = load_region(&s, g, &r, &d, &err);
	if (rc) {
		code = cli_report(&err);
		goto done;
	}
	/* Road length is reported so a planner can tell a clipped or partial
	 * network from a whole one at a glance. */
	if (s.layers[STUDY_ROADS].present) {
		km = 0;
		for (i = 0; i < r.nroads; i++)
			km += geo_length(g, &r.roads[i]) / 1000.0;
	}
	report_check(stdout, &s, &r, &d, km);
	/* Written only after a successful load, atomically: a failed check
	 * leaves no report file that could be mistaken for a clean one. */
	if (out) {
		struct buf path;
		buf_init(&path);
		buf_addf(&path, "%s/data_quality.csv", out);
		rc = io_mkdirs(out, &err);
		if (!rc)
			rc = report_check_csv(path.s, &d, &err);
		buf_release(&path);
		if (rc) {
			code = cli_report(&err);
			goto done;
		}
	}
	if (d.nerrors)
		code = CLI_EDATA;
done:
	region_release(&r);
	io_study_release(&s);
	le_diags_release(&d);
	geo_ctx_free(g);
	return code;
}
