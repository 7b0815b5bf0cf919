/*
 * cli.h: the command-line front end. cli/ is the only module that prints
 * to stdout / stderr or decides exit codes: 0 ok, 1 data error, 2 usage.
 * Every message goes to stderr once, as "estate: <msg>".
 */
#ifndef ESTATE_CLI_H
#define ESTATE_CLI_H

#include "core/core.h"

enum { CLI_OK = 0, CLI_EDATA = 1, CLI_EUSAGE = 2 };

/* Run estate with argv; returns the process exit code. */
int cli_main(int argc, char **argv);

/* Subcommands: each parses its own options (getopt_long) and has --help. */
int cmd_check(int argc, char **argv);
int cmd_travel(int argc, char **argv);
int cmd_project(int argc, char **argv);
int cmd_backtest(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_consult(int argc, char **argv);
int cmd_closures(int argc, char **argv);
int cmd_site(int argc, char **argv);
int cmd_rezone(int argc, char **argv);

/* Print "estate: msg" for err and return the exit code for its LE_* code
 * (LE_EUSAGE -> 2, any other error -> 1). */
int cli_report(const struct le_err *err);

struct net_travel_info;
/*
 * With ESTATE_TRACE naming "net" (a comma-separated list, or "all"),
 * say on stderr where a command's network and travel tables came from:
 * "estate: network: from cache" or "estate: network: built", and
 * "estate: travel tables: from cache" or "estate: travel tables: built".
 * For tests and benchmarks (the cache is used: no road file parsed);
 * silent otherwise.
 */
void cli_trace_net(const struct net_travel_info *info);

/* Print the help text of a command to fp. */
void cli_help_command(FILE *fp, const char *name);

/*
 * A usage error of command name: prints "estate: NAME: WHAT (usage:
 * SYNOPSIS)" on stderr, the synopsis being the first paragraph of the
 * command's help without "usage: " and with its line breaks and
 * alignment folded to single spaces, so the message cannot drift from
 * the help. Returns CLI_EUSAGE.
 */
int cli_usage_error(const char *name, const char *what);

/*
 * --threads N, accepted by every command that reads a study and does the
 * long work (a long option only: its getopt value is CLI_OPT_THREADS).
 * cli_threads_option checks and keeps N for the command being run:
 * returns 0, or CLI_EUSAGE after reporting "estate: cmd: --threads
 * expects ...". cli_threads_study, right after the study is
 * read, replaces s->threads by the run's count: the option, else [study]
 * threads, else ESTATE_THREADS, else the online CPUs (le_threads_resolve).
 */
enum { CLI_OPT_THREADS = 0x100 };
int cli_threads_option(const char *cmd, const char *arg);
struct study;
int cli_threads_study(struct study *s, struct le_err *err);

/* What a study command was given on its command line. */
struct cli_args {
	const char *out;        /* --out DIR, or NULL */
	const char *study;      /* the STUDY argument */
	int flag;               /* the command's own flag, e.g. --backtest */
};

/*
 * Parse "[--out DIR] [--FLAG] [--help] STUDY" for command cmd; flag is the
 * command's one extra switch without its dashes, or NULL. Returns -1 when
 * the command should go on, else the exit code to return at once (0 after
 * --help, 2 after a usage error, already reported as "estate: cmd: ...").
 */
int cli_study_args(int argc, char **argv, const char *cmd, const char *flag,
		   struct cli_args *a);

struct study;
struct region;
struct geo_ctx;
struct io_outdir;

/*
 * Start writing command cmd's outputs: out (--out), or when NULL the
 * output folder of the study at study_path (read here for that). Takes
 * the folder's lock at once, before any long work, and stages the files
 * (io_outdir_begin: write under io_outdir_path(od), then
 * io_outdir_commit or io_outdir_abort). A folder that holds the study
 * file itself is refused: it is replaced as a whole.
 */
int cli_out_begin(struct io_outdir *od, const char *out, const char *study_path,
		  const char *cmd, struct le_err *err);

/*
 * The warnings every writing command reports (issue: users look at the
 * command they ran, not at estate check): data_quality.csv in the
 * staging folder of od with the data's findings d (load, roads) then the
 * model's md (calibration, held schools, housing; NULL for none), and,
 * after the commit, the count and the first few on stdout naming
 * out/data_quality.csv (report_warnings).
 */
int cli_warnings_csv(const struct io_outdir *od, const struct le_diags *d,
		     const struct le_diags *md, struct le_err *err);
void cli_warnings_print(const char *out, const struct le_diags *d, const struct le_diags *md);
/*
 * The start every study command shares: read the study, make the run's
 * geo context and load the region. On failure err says why; whatever was
 * made is left for the caller's usual release calls.
 */
int cli_load(const char *path, struct study *s, struct geo_ctx **g,
	     struct region *r, struct le_diags *d, struct le_err *err);
/*
 * The cohort change factors of [model] population_previous (and births =
 * trend from the same two years) into m, after model_init and before
 * model_run: the one place every projection (project, run and a
 * scenario's own, export's chart) gets them, so that `estate run`'s
 * baseline is `estate project`'s. *prev_year gets the earlier year (left
 * alone without population_previous). Errors: those of the file
 * ("path:line: ..."); LE_EUSAGE for births = trend without it.
 */
struct model;
struct region;
int cli_model_cohorts(const struct study *s, struct geo_ctx *g, const struct region *r,
		      struct model *m, struct le_diags *md, int *prev_year,
		      struct le_err *err);

#endif
