/*
 * cli_int.h: what `estate run` and `estate export` share: the scenario
 * pipeline (load, project, read the scenarios, travel, evaluate), so an
 * export of a study already run re-evaluates it exactly as the run did
 * (the evaluation is deterministic and takes seconds).
 *
 * Invariant: everything a struct cli_run holds is released by
 * cli_run_release, whatever step failed.
 */
#ifndef ESTATE_CLI_INT_H
#define ESTATE_CLI_INT_H

#include "cli/cli.h"
#include "geo/geo.h"
#include "io/io.h"
#include "model/model.h"
#include "net/net.h"
#include "scenario/scenario.h"

struct cli_run {
	struct study s;
	struct region r;
	struct model m;
	struct scenario_params p;
	struct scenario_world w;
	struct scenario_travel t;
	struct net_travel nt;           /* the study's travel (net_travel_get) */
	struct net_travel_info ti;
	struct le_diags d, md;
	struct geo_ctx *g;
	char **files;                   /* scenario files */
	int nfiles, given_files;        /* given_files: argv's, not owned */
	struct scenario *scs;           /* nsc read */
	int nsc;
	struct scenario_result **res;   /* nres: [0] baseline, then scs */
	int nres;
	struct scenario_wlc *wlc;       /* nres: whole-life cost of each
					   result ([model] appraisal_years) */
	int appraisal_years;
	int years[17];                  /* reported: base year first */
	int nyears_rep;
	int have_model, have_world;
	/* Per scenario i (issue 12 item 4, [model] and [costs] overrides):
	 * the projection it is evaluated with (scm[i]; &m when it has none
	 * of its own), its projection before any forecast variant (proj[i]),
	 * and its parameters (scp[i]; &p when none). Owned here: the
	 * projection runs (pm, model_release), the variant views (views,
	 * scenario_variant_model_release), the parameter copies (ps where
	 * have_ps). */
	const struct model **scm, **proj;
	const struct scenario_params **scp;
	struct model **pm;
	int npm;
	struct cli_view *views;
	int nviews;
	struct scenario_params *ps;
	unsigned char *have_ps;
	/* --variants: the results of each variant (vres[v], nres entries
	 * each; vres[SCENARIO_V_CENTRAL] is res itself, not owned twice). */
	struct scenario_result **vres[SCENARIO_NVARIANTS];
	int nvres[SCENARIO_NVARIANTS];
	double *vnpc[SCENARIO_NVARIANTS];  /* per option: its net present
					      cost under the variant */
	struct scenario_simd_check simd; /* [model] simd against the census */
	struct scenario_criteria crit;  /* [model] criteria, when given */
	struct scenario_ranking rank;   /* the options ranked (have_rank) */
	int have_rank;
};

/* A forecast variant of a projection (variant.c), made once. */
struct cli_view {
	const struct model *base;
	int variant;
	struct model *m;
};

/*
 * Evaluate study with the scenario files files[0 .. nfiles) (nfiles = 0:
 * every *.ini beside the study that is not a study itself); years_arg is
 * --years ("2028,2033") or NULL (base + 5, base + 10, horizon). Travel
 * comes from net_travel_get with the workspace in ws_dir (NULL: the
 * study's output folder) and is kept there once the evaluation has
 * succeeded. Progress
 * goes to stderr. c is initialised here; call cli_run_release after, on
 * success or failure.
 */
int cli_run_eval(struct cli_run *c, const char *study, char **files, int nfiles,
		 const char *years_arg, const char *ws_dir, struct le_err *err);
/*
 * The same with flags (enum cli_run_flags), for the searches (cmd_search.c):
 * CLI_RUN_NO_SCENARIOS evaluates the baseline only, whatever lies beside
 * the study; CLI_RUN_GRAPH keeps the road graph in c->nt so that new
 * schools can be searched on it after (scenario_travel_build).
 */
enum cli_run_flags { CLI_RUN_NO_SCENARIOS = 1 << 0, CLI_RUN_GRAPH = 1 << 1 };
int cli_run_eval_opts(struct cli_run *c, const char *study, char **files, int nfiles,
		      const char *years_arg, const char *ws_dir, int flags, struct le_err *err);
void cli_run_release(struct cli_run *c);
/*
 * Evaluate the baseline and every scenario of c (after cli_run_eval)
 * again under each forecast variant of variants[0 .. n) (enum
 * scenario_variant; central reuses c->res): into c->vres. A scenario
 * that pins its own variant ([model] forecast = ...) keeps it in every
 * variant. Errors as scenario_eval.
 */
int cli_run_variants(struct cli_run *c, const int *variants, int n, struct le_err *err);
/* The per-scenario projections and parameters (run_override.c): called
 * by cli_run_eval once the baseline projection has run; released by
 * cli_run_release (cli_run_overrides_release). */
int cli_run_overrides(struct cli_run *c, struct le_err *err);
void cli_run_overrides_release(struct cli_run *c);
/* The study's allocation policy (enum scenario_policy). */
int cli_run_policy(const struct study *s);

/*
 * A search's clock and progress (search_clock.c), shared by estate site,
 * closures and rezone so that --time-limit and --progress mean one thing:
 *   cli_search_limit_arg  parse --time-limit SEC (0 or more; a bad value
 *                         is reported, CLI_EUSAGE);
 *   cli_search_begin      start the clock; limit_s < 0: no limit; lines:
 *                         --progress (lines on stderr when it is not a
 *                         terminal; a terminal always gets progress);
 *   cli_search_over       1 when the search must stop before the next
 *                         candidate (never while done == 0);
 *   cli_search_progress   report done of total on stderr;
 *   cli_search_note       on fp (stdout), the "cut short" lines when
 *                         done < total.
 */
struct cli_search {
	const char *cmd;        /* "site", "closures", ... */
	double limit_s;         /* < 0: none */
	double t0;              /* monotonic seconds at begin */
	int tty, lines;         /* stderr a terminal; --progress lines */
	int step;               /* last tenth reported (lines) */
};
int cli_search_limit_arg(const char *cmd, const char *arg, double *out);
void cli_search_begin(struct cli_search *s, const char *cmd, double limit_s, int lines);
int cli_search_over(const struct cli_search *s, int done);
double cli_search_elapsed_s(const struct cli_search *s);
void cli_search_progress(struct cli_search *s, int done, int total);
void cli_search_note(FILE *fp, const struct cli_search *s, int done, int total);

#endif
