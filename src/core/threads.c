/*
 * threads.c: how many threads the parallel steps use, decided in one
 * place for every command.
 *
 * The count comes, first found wins, from the command line (--threads N),
 * the study ([study] threads = N), the environment (ESTATE_THREADS) and
 * finally the number of online CPUs. Every source is checked with the one
 * rule (le_threads_parse): a whole number from 1 to LE_THREADS_MAX. A
 * bad value is an error naming where it came from, never a silent
 * default: "threads = 0" would otherwise run as if it were absent, and a
 * typo in a script would be measured as the machine's default.
 *
 * The count changes the time a step takes, never its result: each
 * parallel step gives every job its own state and writes its results in
 * a fixed order (net/knn.c net_knn_many, cli/cmd_run.c's scenarios), so
 * the outputs are byte for byte the same for any count.
 */
#include "core/core.h"

#include <stdlib.h>
#include <unistd.h>

int le_threads_parse(const char *s, int *out)
{
	long v;

	if (!s || le_parse_long(s, &v) != 0 || v < 1 || v > LE_THREADS_MAX)
		return -1;
	*out = (int)v;
	return 0;
}

int le_threads_online(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	/* sysconf says -1 when it cannot tell: one thread is always safe. */
	if (n < 1)
		return 1;
	return n > LE_THREADS_MAX ? LE_THREADS_MAX : (int)n;
}

int le_threads_resolve(int opt, int study, int *out, struct le_err *err)
{
	const char *env = getenv("ESTATE_THREADS");
	int n = 0;

	/*
	 * The variable is checked even when an option or the study wins:
	 * a broken setting in a profile should be seen the first time, not
	 * on the one run that happens to rely on it.
	 */
	if (env && le_threads_parse(env, &n) != 0)
		return le_errf(err, LE_EUSAGE, "ESTATE_THREADS: expected a whole number "
			       "of threads from 1 to %d, got '%s'", LE_THREADS_MAX, env);
	if (opt > 0)
		*out = opt;
	else if (study > 0)
		*out = study;
	else if (env)
		*out = n;
	else
		*out = le_threads_online();
	return LE_OK;
}
