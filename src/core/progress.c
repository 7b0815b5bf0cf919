/*
 * progress.c: progress of long work (reading a large file, building the
 * network, a many-scenario run) handed to a sink the front end installs.
 *
 * Why a sink: library code never prints (STYLE.md); whether progress is
 * shown at all depends on where stderr goes, which only cli/ knows. So
 * the tasks call le_progress_* unconditionally and the calls cost one
 * comparison when no sink is installed (scripts, tests, the library used
 * from elsewhere).
 *
 * Invariants: a task reaches the sink at most once per whole percent
 * (PERCENT) or per count (COUNT), plus once at its end; the steps are a
 * function of the calls only, never of time, so a forced report
 * (ESTATE_PROGRESS=1) is the same from run to run.
 */
#include "core/core.h"

#include <string.h>
#include <time.h>

static le_progress_sink sink;

void le_progress_set_sink(le_progress_sink fn)
{
	sink = fn;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void le_progress_begin(struct le_progress *p, const char *what, double total, int kind)
{
	memset(p, 0, sizeof(*p));
	p->what = what;
	p->total = total;
	p->kind = kind;
	p->step = -1;
	p->printed = -1;
	if (sink)
		p->t0 = now_s();
}

/* The step done stands for: a whole percent, or the count itself. */
static long step_of(const struct le_progress *p, double done)
{
	if (p->kind == LE_PROGRESS_COUNT)
		return (long)done;
	if (done >= p->total)
		return 100;
	return (long)(100.0 * done / p->total);
}

void le_progress_update(struct le_progress *p, double done)
{
	long st;

	if (!sink || p->total <= 0)
		return;
	st = step_of(p, done);
	if (st == p->step)
		return;
	p->step = st;
	sink(p, done, 0, 0);
}

void le_progress_end(struct le_progress *p, int completed)
{
	if (!sink || p->total <= 0)
		return;
	if (completed)
		p->step = step_of(p, p->total);
	sink(p, completed ? p->total : -1, 1, completed);
}

double le_progress_elapsed(const struct le_progress *p)
{
	return now_s() - p->t0;
}
