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
int cmd_export(int argc, char **argv);

/* Print "estate: msg" for err and return the exit code for its LE_* code
 * (LE_EUSAGE -> 2, any other error -> 1). */
int cli_report(const struct le_err *err);

/* Print the help text of a command to fp. */
void cli_help_command(FILE *fp, const char *name);

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
/*
 * The start every study command shares: read the study, make the run's
 * geo context and load the region. On failure err says why; whatever was
 * made is left for the caller's usual release calls.
 */
int cli_load(const char *path, struct study *s, struct geo_ctx **g,
	     struct region *r, struct le_diags *d, struct le_err *err);

#endif
