/*
 * knn_bench.c: the k-nearest step alone, without files. The synthetic
 * road network of gen.c (same grid, towns, islands, ferries, classes and
 * one-way mix, same xorshift seed) is generated straight into net_links,
 * so the timing does not wait for the GeoJSON reader. The schools are
 * drawn as gen.c draws them (a random node, moved up to 60 m) and snapped
 * with net_snap_points, then walking and driving are searched together by
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
 * the graph has the costs the file route would give. The schools' offsets
 * are drawn x then y (gen.c leaves that order to the compiler): the same
 * kind of points, not necessarily the same points.
 */
#include "core/core.h"
#include "net/net.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

struct size {
	const char *name;
	int nx, ny;             /* mainland grid nodes */
	int nschools, ntowns, nislands, island_n;
};

/* gen.c's sizes (zones are not needed here). */
static const struct size sizes[] = {
	{ "small", 100, 100, 50, 3, 1, 10 },
	{ "medium", 316, 316, 250, 10, 2, 20 },
	{ "scotland", 1000, 1000, 2500, 40, 5, 40 },
};

#define SPACING_M 120.0
#define X0 180000.0
#define Y0 600000.0

static uint64_t rng;

/* gen.c's generator, call for call, so the same seed gives the same net. */
static uint32_t rnd(uint32_t n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545F4914F6CDD1DULL) >> 33) % n;
}

/* Uniform in [-1, 1), as gen.c draws jitter. */
static double unit(void)
{
	return rnd(1u << 30) / (double)(1u << 29) - 1.0;
}

struct town { double x, y, r; };

static struct town *towns;
static int ntowns;
static double *nx_, *ny_;

/*
 * gen.c's town warp: pull a point towards the centre of its town, so
 * towns are denser (more nodes, schools and short links per km2).
 */
static void warp(double *x, double *y)
{
	int t;

	for (t = 0; t < ntowns; t++) {
		double dx = *x - towns[t].x, dy = *y - towns[t].y;
		double r = sqrt(dx * dx + dy * dy), s;

		if (r >= towns[t].r || r == 0)
			continue;
		s = pow(r / towns[t].r, 0.5);
		*x = towns[t].x + dx * s;
		*y = towns[t].y + dy * s;
		return;
	}
}

/* Inside a town: local streets there are residential, not unclassified. */
static int in_town(double x, double y)
{
	int t;

	for (t = 0; t < ntowns; t++)
		if (hypot(x - towns[t].x, y - towns[t].y) < towns[t].r)
			return 1;
	return 0;
}

/* What gen.c's "%.1f" does to a coordinate or a length. */
static double tenth(double v)
{
	return round(v * 10) / 10;
}

/*
 * One link a -> b as the GeoJSON reader would make it: OS Open Roads
 * class, walk + drive unless a motorway, the oneway word, topology ids.
 */
static void link_add(struct net_links *l, long a, long b, int cls, const char *ow)
{
	double xy[4];
	struct net_link *k;
	int i;

	xy[0] = tenth(nx_[a]);
	xy[1] = tenth(ny_[a]);
	xy[2] = tenth(nx_[b]);
	xy[3] = tenth(ny_[b]);
	i = net_links_add(l, xy, 2, cls, NET_WALK_OK | NET_DRIVE_OK);
	k = &l->v[i];
	if (cls == NET_MOTORWAY)
		k->flags &= ~(unsigned)NET_WALK_OK;
	if (strcmp(ow, "yes") == 0)
		k->flags |= NET_ONEWAY;
	else if (strcmp(ow, "-1") == 0)
		k->flags |= NET_ONEWAY_REV;
	k->len_m = tenth(hypot(nx_[a] - nx_[b], ny_[a] - ny_[b]));
	k->start_node = a;
	k->end_node = b;
}

/* gen.c's grid_links, into l. */
static void grid_links(struct net_links *l, long base, int n, int m, int mainland)
{
	int i, j, dir;

	for (j = 0; j < m; j++)
		for (i = 0; i < n; i++)
			for (dir = 0; dir < 2; dir++) {
				int i2 = i + (dir == 0), j2 = j + (dir == 1);
				int line = dir == 0 ? j : i, cls;
				long a = base + (long)j * n + i, b = base + (long)j2 * n + i2;
				const char *ow = "no";
				uint32_t p;

				if (i2 >= n || j2 >= m)
					continue;
				/* One draw per grid edge, as in gen.c, whatever
				 * the edge becomes: the sequence stays in step. */
				p = rnd(1000);
				if (mainland && dir == 0 && j == m / 2)
					cls = NET_MOTORWAY;
				else if (p < 70)
					continue;
				else if (line % 25 == 0)
					cls = NET_PRIMARY;
				else if (line % 8 == 0)
					cls = NET_SECONDARY;
				else if (p < 100)
					cls = NET_PATH;
				else
					cls = in_town(nx_[a], ny_[a]) ? NET_RESIDENTIAL : NET_UNCLASSIFIED;
				if (p >= 100 && p < 140 && cls != NET_MOTORWAY)
					ow = p < 120 ? "yes" : "-1";
				link_add(l, a, b, cls, ow);
			}
}

/* The region's roads into l and its schools' points into *sxy (2 * n). */
static void generate(const struct size *sz, uint64_t seed, struct net_links *l,
		     double **sxy)
{
	double span = sz->nx * SPACING_M, cand_sp;
	long i, base, nnodes;
	int k, c, ncx, *used;

	/* gen.c's seeding: SEED 1 here is SEED 1 there. */
	rng = 0x9e3779b97f4a7c15ULL ^ seed * 0xbf58476d1ce4e5b9ULL;
	if (!rng)
		rng = 1;
	/* Towns on a coarse lattice of candidate centres, so discs never
	 * overlap. */
	ncx = (int)ceil(sqrt(sz->ntowns * 1.6));
	cand_sp = span / ncx;
	towns = xcalloc((size_t)sz->ntowns, sizeof(*towns));
	used = xcalloc((size_t)(ncx * ncx), sizeof(*used));
	for (ntowns = 0; ntowns < sz->ntowns;) {
		c = (int)rnd((uint32_t)(ncx * ncx));
		if (used[c])
			continue;
		used[c] = 1;
		towns[ntowns].x = X0 + (c % ncx + 0.5) * cand_sp;
		towns[ntowns].y = Y0 + (c / ncx + 0.5) * cand_sp;
		towns[ntowns].r = cand_sp * 0.4 * (0.6 + 0.4 * rnd(1000) / 1000.0);
		ntowns++;
	}
	nnodes = (long)sz->nx * sz->ny + (long)sz->nislands * sz->island_n * sz->island_n;
	nx_ = xmalloc((size_t)nnodes * sizeof(*nx_));
	ny_ = xmalloc((size_t)nnodes * sizeof(*ny_));
	for (i = 0; i < (long)sz->nx * sz->ny; i++) {
		/* Explicit statements: gen.c's order of the two draws. */
		nx_[i] = X0 + (i % sz->nx) * SPACING_M + 25 * unit();
		ny_[i] = Y0 + (i / sz->nx) * SPACING_M + 25 * unit();
		warp(&nx_[i], &ny_[i]);
	}
	base = (long)sz->nx * sz->ny;
	for (k = 0; k < sz->nislands; k++) {
		double w = sz->island_n * SPACING_M, hx = X0 - 10000 - w,
		       hy = Y0 + 2000 + k * (w + 6000);

		for (i = 0; i < (long)sz->island_n * sz->island_n; i++) {
			nx_[base + i] = hx + (i % sz->island_n) * SPACING_M + 25 * unit();
			ny_[base + i] = hy + (i / sz->island_n) * SPACING_M + 25 * unit();
		}
		base += (long)sz->island_n * sz->island_n;
	}
	/* Mainland, then each island and its ferry to the mainland's west
	 * edge, in gen.c's order: the links come as the reader gives them. */
	grid_links(l, 0, sz->nx, sz->ny, 1);
	base = (long)sz->nx * sz->ny;
	for (k = 0; k < sz->nislands; k++) {
		long nmid = base + (long)(sz->island_n / 2) * sz->island_n + sz->island_n - 1;
		int row;

		grid_links(l, base, sz->island_n, sz->island_n, 0);
		row = (int)((ny_[nmid] - Y0) / SPACING_M);
		row = row < 0 ? 0 : row >= sz->ny ? sz->ny - 1 : row;
		link_add(l, nmid, (long)row * sz->nx, NET_FERRY_ROUTE, "no");
		base += (long)sz->island_n * sz->island_n;
	}
	*sxy = xmalloc(2 * (size_t)sz->nschools * sizeof(**sxy));
	for (k = 0; k < sz->nschools; k++) {
		long v = (long)rnd((uint32_t)nnodes);

		(void)rnd(100);         /* gen.c's primary / secondary draw */
		(*sxy)[2 * k] = tenth(nx_[v] + 60 * unit());
		(*sxy)[2 * k + 1] = tenth(ny_[v] + 60 * unit());
	}
	free(nx_);
	free(ny_);
	free(towns);
	free(used);
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
	const struct size *sz = NULL;
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

	for (i = 0; i < (int)(sizeof(sizes) / sizeof(sizes[0])); i++)
		if (strcmp(name, sizes[i].name) == 0)
			sz = &sizes[i];
	if (!sz || reps < 1 || reps > 16) {
		fprintf(stderr, "usage: knn_bench [small|medium|scotland [SEED [REPS 1..16]]]\n");
		return 2;
	}
	le_err_clear(&err);
	net_links_init(&l);
	generate(sz, seed, &l, &sxy);
	nsrc = sz->nschools;
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
	net_snap_points(&g, sxy, nsrc, &so, ss, &err);
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
		printf("%-4s %-9s %8u %8d %7d %2d %7.3f %7.3f  (", "knn", sz->name, g.nnodes,
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
