/*
 * cmd_compare.c: `estate compare STUDY A B [SCENARIO...]`: option A
 * against option B, either of them "baseline". The evaluation is `estate
 * run`'s own (cli_run_eval: the same scenarios, the same travel and its
 * cache), so A - B here is exactly the difference of A's and B's deltas
 * from the baseline in comparison.csv. Writes compare-A-B.csv and
 * compare-A-B-totals.csv (scenario/compare.c) into the output folder and
 * prints the board's KPIs for the reported years and the totals.
 *
 * Every scenario of the study is evaluated, not only A and B: the world
 * (and so each zone's candidate schools) holds every scenario's new
 * schools, and evaluating a subset could place pupils differently from
 * the run the user compares with.
 *
 * The files are owned by "compare" in the output folder's manifest
 * (io/out.c): the next `estate compare` replaces them, `estate run`
 * leaves them.
 */
#include "cli/cli_int.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* The result named name, or NULL. */
static const struct scenario_result *find_option(const struct cli_run *c, const char *name)
{
	int i;

	for (i = 0; i < c->nres; i++)
		if (strcmp(c->res[i]->name, name) == 0)
			return c->res[i];
	return NULL;
}

/* "no option 'X' in STUDY: the options are baseline, a, b" (LE_EUSAGE:
 * the command line names it). */
static int unknown_option(const struct cli_run *c, const char *name, struct le_err *err)
{
	struct buf b;
	int i, rc;

	buf_init(&b);
	for (i = 0; i < c->nres; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", c->res[i]->name);
	rc = le_errf(err, LE_EUSAGE, "compare: no option '%s' in %s: the options are %s", name,
		     c->s.path, b.s);
	buf_release(&b);
	return rc;
}

int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "years", required_argument, NULL, 'y' },
		{ "threads", required_argument, NULL, CLI_OPT_THREADS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct scenario_result *a, *b;
	struct cli_run c;
	struct le_err err;
	struct io_outdir od;
	const char *out = NULL, *years_arg = NULL, *dir, *study, *na, *nb;
	int opt, rc, code = CLI_OK;

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
		case CLI_OPT_THREADS:
			if (cli_threads_option("compare", optarg))
				return CLI_EUSAGE;
			break;
		case 'h':
			cli_help_command(stdout, "compare");
			return CLI_OK;
		default:
			fprintf(stderr, "estate: compare: unknown option '%s' (see 'estate compare --help')\n",
				argv[optind - 1]);
			return CLI_EUSAGE;
		}
	}
	if (argc - optind < 3) {
		return cli_usage_error("compare", "expected a study file and two options");
	}
	study = argv[optind];
	na = argv[optind + 1];
	nb = argv[optind + 2];
	le_err_clear(&err);
	/* As estate run: the folder locked first, written as a whole, the
	 * travel cache read and kept in the staging folder. */
	if ((rc = cli_out_begin(&od, out, study, "compare", &err)))
		return cli_report(&err);
	dir = io_outdir_path(&od);
	rc = cli_run_eval(&c, study, argv + optind + 3, argc - optind - 3, years_arg, dir, &err);
	if (!out)
		out = c.s.output;
	if (!rc && c.ti.reused)
		fprintf(stderr, "estate: compare: reused the travel table cached in %s/workspace.sqlite\n",
			out);
	a = rc ? NULL : find_option(&c, na);
	b = rc ? NULL : find_option(&c, nb);
	if (!rc && !a)
		rc = unknown_option(&c, na, &err);
	if (!rc && !b)
		rc = unknown_option(&c, nb, &err);
	if (!rc)
		rc = scenario_write_compare(a, b, dir, &err);
	if (!rc)
		rc = io_outdir_commit(&od, &err);
	if (rc) {
		code = cli_report(&err);
		goto done;
	}
	printf("Compare: %s, %d-%d: %s (A) against %s (B); A - B\n",
	       c.s.name ? c.s.name : c.s.path, c.m.base_year, c.m.base_year + c.m.nyears - 1,
	       a->name, b->name);
	scenario_print_compare(stdout, a, b, c.years + 1, c.nyears_rep - 1);
	printf("\nwrote %s/compare-%s-%s.csv (every KPI and year) and compare-%s-%s-totals.csv\n",
	       out, a->name, b->name, a->name, b->name);
done:
	io_outdir_abort(&od);
	cli_run_release(&c);
	return code;
}
