/*
 * search_clock.c: the one clock and progress report of every search
 * (estate site, estate closures, estate rezone): how --time-limit and
 * --progress behave is decided here, once (README "Searching").
 *
 * Time limit: checked between two candidates, never before the first is
 * evaluated, so a search always has a best found to return; 0 evaluates
 * exactly one. A search cut short says so (cli_search_note); only then
 * may its result depend on the machine's speed. estate rezone, one
 * solver run rather than candidates in turn, takes only the parsing of
 * --time-limit from here: the limit goes to GLPK (tm_lim) as it is.
 *
 * Progress goes to stderr, never stdout (the table): on a terminal one
 * line rewritten per candidate; elsewhere (logs, pipes, tests) nothing
 * unless --progress asks, then a line at the first candidate, at each
 * tenth of the way and at the last. The lines carry counts only, no
 * times, so a run with --progress writes the same bytes every time.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli/cli_int.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int cli_search_limit_arg(const char *cmd, const char *arg, double *out)
{
	if (le_parse_double(arg, out) != 0 || !(*out >= 0)) {
		fprintf(stderr, "estate: %s: --time-limit takes seconds, 0 or more (0: only the first candidate), got '%s'\n",
			cmd, arg);
		return CLI_EUSAGE;
	}
	return CLI_OK;
}

void cli_search_begin(struct cli_search *s, const char *cmd, double limit_s, int lines)
{
	s->cmd = cmd;
	s->limit_s = limit_s;
	s->t0 = now_s();
	s->tty = isatty(STDERR_FILENO);
	/* A terminal gets the rewritten line whatever the switch says. */
	s->lines = lines && !s->tty;
	s->step = -1;
}

double cli_search_elapsed_s(const struct cli_search *s)
{
	return now_s() - s->t0;
}

int cli_search_over(const struct cli_search *s, int done)
{
	return s->limit_s >= 0 && done > 0 && cli_search_elapsed_s(s) >= s->limit_s;
}


void cli_search_progress(struct cli_search *s, int done, int total)
{
	int step;

	if (s->tty) {
		fprintf(stderr, "\restate: %s: %d of %d", s->cmd, done, total);
		if (done == total)
			fputc('\n', stderr);
		fflush(stderr);
		return;
	}
	if (!s->lines || total <= 0)
		return;
	/* Tenths by count, not by time: the same lines every run. */
	step = (int)((long)done * 10 / total);
	if (done != 1 && done != total && step == s->step)
		return;
	s->step = step;
	fprintf(stderr, "estate: %s: %d of %d candidates evaluated\n", s->cmd, done, total);
}

void cli_search_note(FILE *fp, const struct cli_search *s, int done, int total)
{
	if (done >= total)
		return;
	fprintf(fp, "search cut short by --time-limit after %.1f s: %d of %d candidates evaluated, the best of those shown\n",
		s->limit_s, done, total);
	if (done == 1)
		fprintf(fp, "(only the first candidate was evaluated: it is what was found, not the best of the search)\n");
}
