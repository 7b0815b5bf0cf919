/*
 * knn_bench.c: the k-nearest step alone, without files. The synthetic
 * road network of gen.c (synth.c: the same generator, so the same SEED
 * gives the same network) is put straight into net_links, so the timing
 * does not wait for the GeoJSON reader. The schools are gen.c's schools,
 * snapped with net_snap_points, then walking and driving are searched together by
 * net_knn_many on 2 threads, for k = 1, 5 and 8. One line per k:
 *
 *   knn SIZE nodes links sources k build_s knn_s (median of REPS, and
 *   each run) rss_mb cpu_s
 *
 * rss_mb is the peak resident size (getrusage) during the step: the
 * peak is reset before each k (Linux clear_refs), as the generator's
 * links set a higher one first that a user's run would not have; so it
 * is the graph, the sources, and both searches' labels and queues.
 * cpu_s is the median CPU time of the step (both threads together).
 *
 *   knn_bench [SIZE [SEED [REPS]]]   defaults: scotland 1 3
 *
 * Coordinates and lengths are rounded to 0.1 m as gen.c prints them, so
 * the graph has the costs the file route would give.
 */
#include "core/core.h"
#include "net/net.h"
#include "synth.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

/* synth's classes as the GeoJSON reader maps gen.c's OS Open Roads words. */
static int net_class_of(int cls)
{
	switch (cls) {
	case SYNTH_MOTORWAY: return NET_MOTORWAY;
	case SYNTH_A_ROAD: return NET_PRIMARY;
	case SYNTH_B_ROAD: return NET_SECONDARY;
	case SYNTH_PATH: return NET_PATH;
	case SYNTH_NOT_CLASSIFIED: return NET_RESIDENTIAL;
	case SYNTH_FERRY: return NET_FERRY_ROUTE;
	default: return NET_UNCLASSIFIED;
	}
}

/* What gen.c's "%.1f" does to a coordinate or a length. */
static double tenth(double v)
{
	return round(v * 10) / 10;
}

/*
 * The region's roads into l, each link as the GeoJSON reader would make
 * it (walk + drive unless a motorway, the one-way flags, topology ids),
 * and its schools' points into *sxy (2 * nschools).
 */
static void generate(const struct synth *s, struct net_links *l, double **sxy)
{
	long i;
	int k;

	for (i = 0; i < s->nlinks; i++) {
		const struct synth_link *sl = &s->links[i];
		int cls = net_class_of(sl->cls), j;
		struct net_link *lk;
		double xy[4];

		xy[0] = tenth(s->x[sl->a]);
		xy[1] = tenth(s->y[sl->a]);
		xy[2] = tenth(s->x[sl->b]);
		xy[3] = tenth(s->y[sl->b]);
		j = net_links_add(l, xy, 2, cls, NET_WALK_OK | NET_DRIVE_OK);
		lk = &l->v[j];
		if (cls == NET_MOTORWAY)
			lk->flags &= ~(unsigned)NET_WALK_OK;
		if (sl->flags & SYNTH_ONEWAY)
			lk->flags |= NET_ONEWAY;
		else if (sl->flags & SYNTH_ONEWAY_REV)
			lk->flags |= NET_ONEWAY_REV;
		/* The length from the unrounded ends, as gen.c prints it. */
		lk->len_m = tenth(hypot(s->x[sl->a] - s->x[sl->b], s->y[sl->a] - s->y[sl->b]));
		lk->start_node = sl->a;
		lk->end_node = sl->b;
	}
	*sxy = xmalloc(2 * (size_t)s->nschools * sizeof(**sxy));
	for (k = 0; k < s->nschools; k++) {
		(*sxy)[2 * k] = tenth(s->schools[k].x);
		(*sxy)[2 * k + 1] = tenth(s->schools[k].y);
	}
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double peak_rss_mb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;   /* Linux: kilobytes */
}

/*
 * Reset the peak resident size to the current one (Linux clear_refs
 * "5"; getrusage then reports the peak since). Elsewhere: no effect.
 */
static void reset_peak(void)
{
	FILE *fp = fopen("/proc/self/clear_refs", "w");

	if (fp) {
		fputs("5", fp);
		fclose(fp);
	}
}

/* CPU seconds of the process so far (both threads): steadier than wall
 * time on a shared VM, where another job can take a core. */
static double cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	static const int ks[3] = { 1, 5, 8 };
	struct synth syn;
	struct net_links l;
	struct net_graph g;
	struct net_speeds sp = net_speeds_default();
	struct net_snap_opts so;
	struct net_snap *ss;
	struct net_source *src[NET_NMODES];
	struct le_err err;
	double *sxy, t0, c0, t_build, times[16], cpus[16];
	const char *name = argc > 1 ? argv[1] : "scotland";
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
	int reps = argc > 3 ? atoi(argv[3]) : 3, i, m, r, nsrc;

	if (reps < 1 || reps > 16 || synth_build(name, seed, &syn)) {
		fprintf(stderr, "usage: knn_bench [small|medium|scotland [SEED [REPS 1..16]]]\n");
		return 2;
	}
	le_err_clear(&err);
	net_links_init(&l);
	generate(&syn, &l, &sxy);
	nsrc = syn.nschools;
	name = syn.name;        /* the size's own spelling, for the output */
	/* Freed before the build: the generator's arrays are not part of
	 * what a user's run would hold. */
	synth_release(&syn);
	/* The build is timed too: it now also orders the nodes for the
	 * search, a cost the k-nearest figure should not hide. */
	t0 = now_s();
	if (net_graph_build(&g, &l, &sp, 0, &err)) {
		fprintf(stderr, "knn_bench: %s\n", err.msg);
		return 1;
	}
	t_build = now_s() - t0;
	net_links_release(&l);
	/* Schools reach the search as the travel command will give them:
	 * snapped to a node, with the snap leg as extra cost. */
	net_snap_opts_default(&so);
	ss = xcalloc((size_t)nsrc, sizeof(*ss));
	net_snap_points(&g, sxy, nsrc, -1, &so, ss, &err);
	for (m = 0; m < NET_NMODES; m++) {
		src[m] = xcalloc((size_t)nsrc, sizeof(*src[m]));
		net_sources_from_snaps(ss, nsrc, m, &so, src[m]);
	}
	printf("%-4s %-9s %8s %8s %7s %2s %7s %7s  %-23s %7s %7s\n", "knn", "size", "nodes",
	       "links", "sources", "k", "build_s", "knn_s", "(runs)", "rss_mb", "cpu_s");
	for (i = 0; i < 3; i++) {
		double sorted[16];

		/* Walking and driving together on 2 threads, as the travel
		 * command runs them; each repetition allocates afresh, so
		 * page faults on the label arrays count as they will. */
		reset_peak();
		for (r = 0; r < reps; r++) {
			struct net_knn_job jobs[NET_NMODES];

			for (m = 0; m < NET_NMODES; m++) {
				jobs[m].mode = m;
				jobs[m].src = src[m];
				jobs[m].nsrc = nsrc;
				jobs[m].k = ks[i];
			}
			t0 = now_s();
			c0 = cpu_s();
			if (net_knn_many(&g, jobs, NET_NMODES, 2, &err)) {
				fprintf(stderr, "knn_bench: %s\n", err.msg);
				return 1;
			}
			times[r] = now_s() - t0;
			cpus[r] = cpu_s() - c0;
			for (m = 0; m < NET_NMODES; m++)
				net_knn_release(&jobs[m].out);
		}
		/* The median: the VM is shared and single runs vary 2x. */
		memcpy(sorted, times, (size_t)reps * sizeof(*times));
		qsort(sorted, (size_t)reps, sizeof(*sorted), cmp_double);
		printf("%-4s %-9s %8u %8d %7d %2d %7.3f %7.3f  (", "knn", name, g.nnodes,
		       g.nlinks, nsrc, ks[i], t_build, sorted[reps / 2]);
		for (r = 0; r < reps; r++)
			printf("%s%.3f", r ? " " : "", times[r]);
		printf(") %7.0f", peak_rss_mb());
		qsort(cpus, (size_t)reps, sizeof(*cpus), cmp_double);
		printf(" %7.3f\n", cpus[reps / 2]);
		fflush(stdout);
	}
	for (m = 0; m < NET_NMODES; m++)
		free(src[m]);
	free(ss);
	free(sxy);
	net_graph_release(&g);
	return 0;
}
