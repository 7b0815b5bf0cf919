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
int cmd_project(int argc, char **argv);
int cmd_run(int argc, char **argv);

/* Print "estate: msg" for err and return the exit code for its LE_* code
 * (LE_EUSAGE -> 2, any other error -> 1). */
int cli_report(const struct le_err *err);

/* Print the help text of a command to fp. */
void cli_help_command(FILE *fp, const char *name);

#endif
