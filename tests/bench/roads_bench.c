/*
 * roads_bench.c: the study's [roads] layer read once, timed, and the
 * process's peak RSS, with the streaming reader (net_read_links) or the
 * table reader it replaced (net_read_links_table); "compare" reads with
 * both and checks that links, points and warnings are the same bytes.
 *
 *   roads_bench STUDY [stream|table|compare]
 *
 * One line: mode, wall and CPU seconds, links, points, features streamed, peak RSS.
 * Run each mode in its own process: peak RSS is per process.
 */
#include "core/core.h"
#include "geo/geo.h"
#include "io/io.h"
#include "net/net.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 0 when both reads gave the same links, points and warnings. */
static int same(const struct net_links *a, const struct le_diags *da,
		const struct net_links *b, const struct le_diags *db)
{
	size_t i;

	if (a->n != b->n || a->npts != b->npts || da->n != db->n)
		return 1;
	if (memcmp(a->v, b->v, sizeof(*a->v) * (size_t)a->n) ||
	    memcmp(a->xy, b->xy, sizeof(double) * 2 * (size_t)a->npts))
		return 1;
	for (i = 0; i < da->n; i++)
		if (strcmp(da->v[i].msg, db->v[i].msg) || strcmp(da->v[i].topic, db->v[i].topic))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 2 ? argv[2] : "stream";
	struct study s;
	struct geo_ctx *g;
	struct net_links l, l2;
	struct le_diags d, d2;
	struct le_err err;
	struct rusage ru;
	double t0, t, cpu;
	long streamed;
	int rc, bad = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: roads_bench STUDY [stream|table|compare]\n");
		return 2;
	}
	le_err_clear(&err);
	if (io_study_read(argv[1], &s, &err) != LE_OK || !(g = geo_ctx_new(&err))) {
		fprintf(stderr, "roads_bench: %s\n", err.msg);
		return 1;
	}
	net_links_init(&l);
	net_links_init(&l2);
	le_diags_init(&d);
	le_diags_init(&d2);
	getrusage(RUSAGE_SELF, &ru);
	cpu = -((double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		(double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
	t0 = now_s();
	rc = strcmp(mode, "table") ? net_read_links(&s, g, &l, &d, &err)
				   : net_read_links_table(&s, g, &l, &d, &err);
	t = now_s() - t0;
	streamed = net_read_streamed();
	getrusage(RUSAGE_SELF, &ru);
	cpu += (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	if (rc == LE_OK && !strcmp(mode, "compare")) {
		rc = net_read_links_table(&s, g, &l2, &d2, &err);
		bad = rc == LE_OK && same(&l, &d, &l2, &d2);
	}
	getrusage(RUSAGE_SELF, &ru);
	if (rc != LE_OK)
		fprintf(stderr, "roads_bench: %s\n", err.msg);
	else
		printf("%s %.2f s wall, %.2f s CPU, %d links, %d points, %ld features streamed, %d warnings, peak RSS %ld MB%s\n",
		       mode, t, cpu, l.n, l.npts, streamed, (int)d.n, ru.ru_maxrss / 1024,
		       !strcmp(mode, "compare") ? (bad ? ", DIFFERENT" : ", identical") : "");
	net_links_release(&l);
	net_links_release(&l2);
	le_diags_release(&d);
	le_diags_release(&d2);
	geo_ctx_free(g);
	io_study_release(&s);
	return rc != LE_OK ? 1 : bad;
}
