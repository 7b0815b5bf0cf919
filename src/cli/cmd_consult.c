/*
 * cmd_consult.c: `estate consult STUDY SCENARIO [--out DIR]`: the
 * evidence pack of a statutory consultation (Schools (Consultation)
 * (Scotland) Act 2010) for one scenario of the study, beside every other
 * option that touches the same schools or zones (scenario/consult.c).
 *
 * The study is evaluated exactly as `estate run` does (cli_run_eval:
 * the scenario files given after SCENARIO, or every scenario beside the
 * study; the shared travel cache), and the pack is read from those
 * results; SCENARIO names the proposal among them. It goes to
 * <output folder>/consult-<scenario>/ (consultation.html and the CSV
 * tables), written through the output folder's staging (io/out.c) under
 * its own owner name, consult-<scenario>: packs of different proposals
 * and the run's outputs live side by side, and a failure writes
 * nothing.
 *
 * Options may come before or after the two arguments (GNU getopt
 * permutes them), as the README writes the command.
 */
#include "cli/cli_int.h"
#include "report/report.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* The argument as a scenario name: its file name without folder and
 * ".ini", so "scenarios/x/close-a.ini" and "close-a" name one pack. */
static char *arg_stem(const char *arg)
{
	char *s = xstrdup(le_basename(arg));
	size_t n = strlen(s);

	if (n > 4 && !strcmp(s + n - 4, ".ini"))
		s[n - 4] = '\0';
	return s;
}

/* The result index of the scenario the user named (by its name or its
 * file name), or 0 with err filled and the list of those there are. */
static int find_scenario(const struct cli_run *c, const char *arg, struct le_err *err)
{
	char *stem = arg_stem(arg);
	struct buf names;
	int i, found = 0;

	for (i = 1; i < c->nres && !found; i++) {
		char *fs = arg_stem(c->scs[i - 1].path);

		if (!strcmp(c->res[i]->name, arg) || !strcmp(c->res[i]->name, stem) || !strcmp(fs, stem))
			found = i;
		free(fs);
	}
	if (!found) {
		buf_init(&names);
		for (i = 1; i < c->nres; i++)
			buf_addf(&names, "%s%s", i > 1 ? ", " : "", c->res[i]->name);
		le_errf(err, LE_EUSAGE, "consult: unknown scenario '%s' (the study's scenarios: %s)", arg,
			c->nres > 1 ? names.s : "none: put scenario files beside the study");
		buf_release(&names);
	}
	free(stem);
	return found;
}

int cmd_consult(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "threads", required_argument, NULL, CLI_OPT_THREADS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli_run c;
	struct scenario_consult_params cp;
	struct report_doc doc;
	struct le_err err;
	struct io_outdir od;
	struct buf owner, dir, path;
	const char *out = NULL, *v;
	int opt, rc, code = CLI_OK, pi = 0, have_cp = 0;

	optind = 1;
	opterr = 0;
	/* No "+": options after STUDY SCENARIO are options too. */
	while ((opt = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'o':
			out = optarg;
			break;
		case CLI_OPT_THREADS:
			if (cli_threads_option("consult", optarg))
				return CLI_EUSAGE;
			break;
		case 'h':
			cli_help_command(stdout, "consult");
			return CLI_OK;
		default:
			fprintf(stderr, "estate: consult: unknown option '%s' (see 'estate consult --help')\n",
				argv[optind - 1]);
			return CLI_EUSAGE;
		}
	}
	if (argc - optind < 2) {
		return cli_usage_error("consult", "expected a study file and a scenario");
	}
	le_err_clear(&err);
	memset(&c, 0, sizeof(c));
	memset(&cp, 0, sizeof(cp));
	memset(&doc, 0, sizeof(doc));
	buf_init(&owner);
	buf_init(&dir);
	buf_init(&path);
	{
		char *stem = arg_stem(argv[optind + 1]);
		buf_addf(&owner, "consult-%s", stem);
		free(stem);
	}
	/* Locked before the long work; the travel cache is read from and
	 * kept in the staging folder, as estate run does. */
	if ((rc = cli_out_begin(&od, out, argv[optind], owner.s, &err))) {
		code = cli_report(&err);
		goto release;
	}
	/* The options to look among: the files given after SCENARIO, or
	 * (none given) every scenario beside the study, as estate run. */
	rc = cli_run_eval(&c, argv[optind], argv + optind + 2, argc - optind - 2, NULL,
			  io_outdir_path(&od), &err);
	if (!out)
		out = c.s.output;
	/* As estate run says it: the user knows the output folder, not
	 * the staging folder the workspace was read in. */
	if (c.ti.ws_damage)
		fprintf(stderr, "estate: consult: the workspace %s/workspace.sqlite could not be used (%s): rebuilt\n",
			out, c.ti.ws_damage);
	if (c.ti.reused)
		fprintf(stderr, "estate: consult: reused the travel table cached in %s/workspace.sqlite\n", out);
	if (!rc)
		rc = (pi = find_scenario(&c, argv[optind + 1], &err)) ? LE_OK : err.code;
	if (!rc && (v = study_model_get(&c.s, "consult", NULL))) {
		rc = scenario_consult_params_read(&cp, v, &err);
		have_cp = !rc;
	}
	if (!rc)
		rc = scenario_consult(&doc, c.res, c.nres, pi, &c.w, &c.p, have_cp ? &cp : NULL,
				      c.years, c.nyears_rep, c.s.name ? c.s.name : c.s.path, &err);
	if (!rc) {
		buf_addf(&dir, "%s/consult-%s", io_outdir_path(&od), c.res[pi]->name);
		rc = io_mkdirs(dir.s, &err);
	}
	if (!rc) {
		buf_addf(&path, "%s/consultation.html", dir.s);
		rc = report_doc_html(&doc, path.s, &err);
	}
	if (!rc)
		rc = report_doc_csv(&doc, dir.s, &err);
	if (!rc) {
		const struct le_diags *lists[] = { &c.d, &c.md };

		buf_reset(&path);
		buf_addf(&path, "%s/data_quality.csv", dir.s);
		rc = report_check_csv(path.s, lists, 2, &err);
	}
	if (!rc)
		rc = io_outdir_commit(&od, &err);
	if (rc) {
		code = cli_report(&err);
		goto done;
	}
	{
		int i, t, nalt = 0;

		for (t = 0; t < doc.nt; t++)
			if (doc.t[t].name && !strcmp(doc.t[t].name, "options"))
				nalt = doc.t[t].nrows - 2;
		printf("Consultation evidence: %s (%s)\n", c.res[pi]->name,
		       c.res[pi]->sc->description ? c.res[pi]->sc->description : "");
		printf("options side by side: the baseline, the proposal and %d alternative%s touching its schools or zones\n",
		       nalt, nalt == 1 ? "" : "s");
		for (t = 0; t < doc.nt; t++)
			if (doc.t[t].name && !strcmp(doc.t[t].name, "options"))
				for (i = 1; i <= doc.t[t].nrows; i++)
					printf("  %-24s %s\n", doc.t[t].cells[i * doc.t[t].ncols],
					       doc.t[t].cells[i * doc.t[t].ncols + 1]);
		if (!have_cp)
			printf("travel carbon: not estimated (no 'consult = FILE' in the study's [model])\n");
		buf_reset(&dir);
		buf_addf(&dir, "%s/consult-%s", out, c.res[pi]->name);
		cli_warnings_print(dir.s, &c.d, &c.md);
		printf("\nwrote %s/consultation.html and its CSV tables\n", dir.s);
	}
done:
	io_outdir_abort(&od);
	cli_run_release(&c);
release:
	report_doc_release(&doc);
	scenario_consult_params_release(&cp);
	buf_release(&owner);
	buf_release(&dir);
	buf_release(&path);
	return code;
}
