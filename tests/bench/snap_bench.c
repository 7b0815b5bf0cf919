/*
 * snap_bench.c: snapping alone, without files, on the synthetic region
 * of gen.c (synth.c: the same SIZE and SEED give the same network as the
 * file route). Every zone and school (9,500 points on `scotland`) is
 * snapped once per mode, as net_travel_network does, by each rule:
 *
 *   snap SIZE links points rule walk_s drive_s both_s on_walk on_drive
 *
 * rule is link (the default: the nearest point of a usable link, a grid
 * over the links' segments) or node (the nearest usable node). walk_s and
 * drive_s snap for one mode (net_snap_points); both_s for both at once
 * (net_snap_many: one grid, as net_travel_network does). Each time
 * includes building the grid, in CPU seconds of the process (steadier
 * than wall time on a shared machine). The median of REPS runs; on_walk and
 * on_drive count the points that found a road within 2 km.
 *
 *   snap_bench [SIZE [SEED [REPS]]]   defaults: scotland 1 3
 */
#include "core/core.h"
#include "net/net.h"
#include "synth.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* synth's classes as the GeoJSON reader maps gen.c's OS Open Roads words
 * (knn_bench.c's table). */
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

/* CPU seconds so far (one thread here). */
static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	struct synth syn;
	struct net_links l;
	struct net_graph g;
	struct net_speeds sp = net_speeds_default();
	struct net_snap_opts so;
	struct net_snap *sn[NET_NMODES];
	struct net_snap_job jobs[NET_NMODES];
	struct le_err err;
	double *xy, tm[3][16];
	const char *name = argc > 1 ? argv[1] : "scotland";
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
	int reps = argc > 3 ? atoi(argv[3]) : 3, n, i, m, r, rule;
	long j;

	if (reps < 1 || reps > 16 || synth_build(name, seed, &syn)) {
		fprintf(stderr, "usage: snap_bench [small|medium|scotland [SEED [REPS 1..16]]]\n");
		return 2;
	}
	le_err_clear(&err);
	net_links_init(&l);
	for (j = 0; j < syn.nlinks; j++) {
		const struct synth_link *sl = &syn.links[j];
		double lxy[4] = { syn.x[sl->a], syn.y[sl->a], syn.x[sl->b], syn.y[sl->b] };
		int cls = net_class_of(sl->cls), k = net_links_add(&l, lxy, 2, cls,
								     NET_WALK_OK | NET_DRIVE_OK);

		if (cls == NET_MOTORWAY)
			l.v[k].flags &= ~(unsigned)NET_WALK_OK;
		if (sl->flags & SYNTH_ONEWAY)
			l.v[k].flags |= NET_ONEWAY;
		else if (sl->flags & SYNTH_ONEWAY_REV)
			l.v[k].flags |= NET_ONEWAY_REV;
		l.v[k].start_node = sl->a;
		l.v[k].end_node = sl->b;
	}
	/* Zones first, then schools: one call per mode, as travel.c does. */
	n = syn.nzones + syn.nschools;
	xy = xmalloc(2 * (size_t)n * sizeof(*xy));
	for (i = 0; i < syn.nzones; i++) {
		xy[2 * i] = syn.zones[i].x;
		xy[2 * i + 1] = syn.zones[i].y;
	}
	for (i = 0; i < syn.nschools; i++) {
		xy[2 * (syn.nzones + i)] = syn.schools[i].x;
		xy[2 * (syn.nzones + i) + 1] = syn.schools[i].y;
	}
	name = syn.name;
	synth_release(&syn);
	if (net_graph_build(&g, &l, &sp, 0, &err)) {
		fprintf(stderr, "snap_bench: %s\n", err.msg);
		return 1;
	}
	net_links_release(&l);
	for (m = 0; m < NET_NMODES; m++)
		sn[m] = xcalloc((size_t)n, sizeof(*sn[m]));
	printf("%-4s %-9s %8s %6s %-4s %7s %7s %7s %7s %7s\n", "snap", "size", "links", "points",
	       "rule", "walk_s", "drive_s", "total_s", "on_walk", "on_drive");
	for (rule = 0; rule < 2; rule++) {
		int on[NET_NMODES] = { 0, 0 };

		net_snap_opts_default(&so);
		so.to = rule == 0 ? NET_SNAP_LINK : NET_SNAP_NODE;
		for (r = 0; r < reps; r++) {
			double t0;

			/* One mode alone, then both together (one grid). */
			for (m = 0; m < NET_NMODES; m++) {
				t0 = now_s();
				net_snap_points(&g, xy, n, m, &so, sn[m], &err);
				tm[m][r] = now_s() - t0;
			}
			for (m = 0; m < NET_NMODES; m++) {
				jobs[m].mode = m;
				jobs[m].o = &so;
				jobs[m].out = sn[m];
			}
			t0 = now_s();
			net_snap_many(&g, xy, n, jobs, NET_NMODES, &err);
			tm[2][r] = now_s() - t0;
		}
		for (m = 0; m < NET_NMODES; m++)
			for (i = 0; i < n; i++)
				on[m] += sn[m][i].node >= 0;
		for (m = 0; m < 3; m++)
			qsort(tm[m], (size_t)reps, sizeof(double), cmp_double);
		printf("%-4s %-9s %8d %6d %-4s %7.3f %7.3f %7.3f %7d %7d\n", "snap", name, g.nlinks, n,
		       rule == 0 ? "link" : "node", tm[0][reps / 2], tm[1][reps / 2],
		       tm[2][reps / 2], on[0], on[1]);
	}
	for (m = 0; m < NET_NMODES; m++)
		free(sn[m]);
	free(xy);
	net_graph_release(&g);
	return 0;
}
