/*
 * bench.c: the travel benchmark. For each study folder given (written by
 * gen.c), load the region and the roads through the real readers, build
 * the graph, snap zones and schools, and time the k-nearest step for
 * k = 1, 5 and 8 (walking and driving on two threads), then print one line
 * per k:
 *
 *   size nodes links arcs(walk+drive) zones schools k load_s graph_s
 *   snap_s knn_s table_s rss_mb
 *
 * load_s covers the study, schools, zones and roads; rss_mb is the peak
 * resident size of the process so far (getrusage ru_maxrss), so it
 * includes the readers' peak. A failure prints "bench: <msg>" and exits 1.
 *
 *   bench DIR...          each DIR holds a study.ini
 */
#include "core/core.h"
#include "geo/geo.h"
#include "io/io.h"
#include "load/load.h"
#include "net/net.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

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
 * The roads, through the network readers. One function so that the
 * benchmark follows whatever reader the study's [roads] layer selects.
 */
static int load_roads(const struct study *s, struct geo_ctx *g,
		      struct net_links *l, struct le_diags *d, struct le_err *err)
{
	return net_read_links(s, g, l, d, err);
}

/* Schools and zones through load_region, without its plain-line roads. */
static int load_points(struct study *s, struct geo_ctx *g, struct region *r,
		       struct le_diags *d, struct le_err *err)
{
	int present = s->layers[STUDY_ROADS].present, rc;

	s->layers[STUDY_ROADS].present = 0;
	rc = load_region(s, g, r, d, err);
	s->layers[STUDY_ROADS].present = present;
	return rc;
}

static int run(const char *dir, struct le_err *err)
{
	static const int ks[3] = { 1, 5, 8 };
	struct study s;
	struct region r;
	struct le_diags d;
	struct net_links l;
	struct net_graph gr;
	struct net_speeds sp = net_speeds_default();
	struct net_snap_opts so;
	struct net_snap *zs = NULL, *ss = NULL;
	struct net_source *src[NET_NMODES] = { NULL, NULL };
	struct geo_ctx *g = NULL;
	double *xy = NULL, t0, t_load, t_graph, t_snap;
	char *path = le_path_join(dir, "study.ini");
	const char *name = le_basename(dir);
	int rc, i, m, nfall = 0;

	memset(&s, 0, sizeof(s));
	region_init(&r, "EPSG:27700");
	le_diags_init(&d);
	net_links_init(&l);
	memset(&gr, 0, sizeof(gr));
	t0 = now_s();
	if ((rc = io_study_read(path, &s, err)))
		goto done;
	if (!(g = geo_ctx_new(err))) {
		rc = err->code;
		goto done;
	}
	region_release(&r);
	if ((rc = load_points(&s, g, &r, &d, err)) || (rc = load_roads(&s, g, &l, &d, err)))
		goto done;
	t_load = now_s() - t0;

	t0 = now_s();
	if ((rc = net_graph_build(&gr, &l, &sp, 0, err)))
		goto done;
	t_graph = now_s() - t0;
	/* The links are not needed once the graph exists. */
	net_links_release(&l);

	t0 = now_s();
	net_snap_opts_default(&so);
	zs = xcalloc((size_t)r.nzones + 1, sizeof(*zs));
	ss = xcalloc((size_t)r.nschools + 1, sizeof(*ss));
	xy = xmalloc((2 * (size_t)(r.nzones > r.nschools ? r.nzones : r.nschools) + 2) *
		     sizeof(*xy));
	for (i = 0; i < r.nzones; i++) {
		xy[2 * i] = r.zones[i].px;
		xy[2 * i + 1] = r.zones[i].py;
	}
	if ((rc = net_snap_points(&gr, xy, r.nzones, -1, &so, zs, err)))
		goto done;
	for (i = 0; i < r.nschools; i++) {
		xy[2 * i] = r.schools[i].x;
		xy[2 * i + 1] = r.schools[i].y;
	}
	if ((rc = net_snap_points(&gr, xy, r.nschools, -1, &so, ss, err)))
		goto done;
	for (m = 0; m < NET_NMODES; m++) {
		src[m] = xcalloc((size_t)r.nschools + 1, sizeof(*src[m]));
		net_sources_from_snaps(ss, r.nschools, m, &so, src[m]);
	}
	for (i = 0; i < r.nzones; i++)
		nfall += zs[i].node < 0;
	t_snap = now_s() - t0;

	for (i = 0; i < 3; i++) {
		struct net_knn_job jobs[NET_NMODES];
		struct net_table t;
		double t_knn, t_table;

		for (m = 0; m < NET_NMODES; m++) {
			jobs[m].mode = m;
			jobs[m].src = src[m];
			jobs[m].nsrc = r.nschools;
			jobs[m].k = ks[i];
		}
		t0 = now_s();
		rc = net_knn_many(&gr, jobs, NET_NMODES, 2, err);
		t_knn = now_s() - t0;
		t0 = now_s();
		for (m = 0; m < NET_NMODES && !rc; m++) {
			rc = net_table_build(&t, &jobs[m].out, zs, r.nzones, ss, r.nschools, &so, err);
			net_table_release(&t);
		}
		t_table = now_s() - t0;
		for (m = 0; m < NET_NMODES; m++)
			net_knn_release(&jobs[m].out);
		if (rc)
			goto done;
		printf("%-9s %8u %8d %8u %6d %6d %2d %7.2f %7.2f %7.3f %7.3f %7.3f %7.0f\n",
		       name, gr.nnodes, gr.nlinks, gr.mode[NET_WALK].narcs + gr.mode[NET_DRIVE].narcs,
		       r.nzones, r.nschools, ks[i], t_load, t_graph, t_snap, t_knn, t_table,
		       peak_rss_mb());
		fflush(stdout);
	}
	printf("%-9s components %d (largest %u nodes); zones off the network %d\n", name,
	       gr.ncomp, gr.largest_comp >= 0 ? gr.comp_size[gr.largest_comp] : 0, nfall);
done:
	for (m = 0; m < NET_NMODES; m++)
		free(src[m]);
	free(xy);
	free(zs);
	free(ss);
	net_graph_release(&gr);
	net_links_release(&l);
	region_release(&r);
	le_diags_release(&d);
	geo_ctx_free(g);
	io_study_release(&s);
	free(path);
	return rc;
}

int main(int argc, char **argv)
{
	struct le_err err;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: bench DIR...\n");
		return 2;
	}
	printf("%-9s %8s %8s %8s %6s %6s %2s %7s %7s %7s %7s %7s %7s\n", "size", "nodes",
	       "links", "arcs", "zones", "school", "k", "load_s", "graph_s", "snap_s",
	       "knn_s", "table_s", "rss_mb");
	for (i = 1; i < argc; i++) {
		le_err_clear(&err);
		if (run(argv[i], &err)) {
			fprintf(stderr, "bench: %s\n", err.msg);
			return 1;
		}
	}
	return 0;
}
