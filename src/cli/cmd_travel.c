/*
 * cmd_travel.c: `estate travel STUDY`: the k nearest schools of every
 * zone by road (walking and driving), written to travel.csv. The tables
 * come from net_travel_get (net/cache.c), the one place every command
 * gets travel from, cached in the workspace database beside the
 * outputs: any change of input recomputes, and a rerun (or a run after
 * `estate run`, `estate project` of the same study) says that it reused
 * the table.
 */
#include "cli/cli.h"
#include "geo/geo.h"
#include "io/io.h"
#include "load/load.h"
#include "net/net.h"
#include "report/report.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* travel.csv's words for the modes: what a planner filters on. */
static const char *mode_name(int m)
{
	return m == NET_WALK ? "walk" : "drive";
}

static int write_travel_csv(const char *path, const struct region *r,
			    const struct io_travel_row *rows, size_t n,
			    const struct net_travel *t, struct le_err *err)
{
	struct io_out o;
	size_t i;
	int rc = io_out_open(&o, path, err);

	if (rc)
		return rc;
	fputs("zone_id,school_id,school_name,sector,stream,mode,rank,distance_m,time_s,method,"
	      "zone_snap_m,school_snap_m\n", o.fp);
	for (i = 0; i < n; i++) {
		const struct school *sc = &r->schools[rows[i].school];
		int set = rows[i].set;

		if (set < 0)
			continue;
		report_csv_field(o.fp, r->zones[rows[i].zone].id);
		fputc(',', o.fp);
		report_csv_field(o.fp, sc->id);
		fputc(',', o.fp);
		report_csv_field(o.fp, sc->name);
		fprintf(o.fp, ",%s,%s,%s,%d,%.1f,%.1f,%s", le_sector_name(sc->sector),
			net_stream_name(t->sets[set].stream), mode_name(rows[i].mode),
			rows[i].rank, rows[i].dist_m, rows[i].time_s,
			net_method_name(rows[i].method));
		/* How far each end lies from the road it joins (part of the
		 * distance); a straight-line pair joins no road: empty. */
		if (rows[i].method == NET_BY_NETWORK)
			fprintf(o.fp, ",%.1f,%.1f\n", rows[i].zone_snap_m, rows[i].school_snap_m);
		else
			fputs(",,\n", o.fp);
	}
	return io_out_commit(&o, err);
}

/* Wall time for the summary line only; never written to a file, so the
 * outputs stay byte-identical between runs. */
static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/*
 * What a planner needs to trust the table: how many zones and schools,
 * whether the cache served, how big the network is and how many points
 * could not reach it (their distances are straight lines x detour).
 */
static void print_summary(const struct study *s, const struct region *r,
			  const struct net_travel *t, const struct net_travel_info *info,
			  const char *dir, size_t nrows, double secs)
{
	char a[32], b[32], c[32], e[32];
	int located = 0, i;

	for (i = 0; i < r->nzones; i++)
		located += r->zones[i].has_geom;
	printf("estate travel: %s\n", s->name ? s->name : s->path);
	printf("  %s zones with a location, %s schools, k = %d nearest per stream and mode\n",
	       report_count(located, a, sizeof(a)), report_count(r->nschools, b, sizeof(b)), t->k);
	if (info->ws_damage)
		printf("  the workspace %s/workspace.sqlite could not be used (%s): rebuilt\n", dir,
		       info->ws_damage);
	if (info->reused) {
		printf("  reused the travel table cached in %s/workspace.sqlite (inputs unchanged)\n",
		       dir);
		/* From the table itself: the same count a cold run gives. */
		if (t->nsets)
			printf("  off the network (every pair by straight line): %d zones walking, %d driving\n",
			       net_travel_offnet(t, NET_WALK), net_travel_offnet(t, NET_DRIVE));
	} else if (t->have_network) {
		int m;

		printf("  road network: %s nodes, %s links, %s components (largest %s nodes)\n",
		       report_count(t->nnodes, a, sizeof(a)), report_count(t->nlinks, b, sizeof(b)),
		       report_count(t->ncomp, c, sizeof(c)), report_count(t->largest_nodes, e, sizeof(e)));
		/* Per mode: a zone by a footway is on the walking network
		 * and may be off the driving one. */
		for (m = 0; m < NET_NMODES; m++)
			printf("  %s: on the network %d zones, %d schools; by straight line (farther than %.0f m from a usable road): %d zones, %d schools\n",
			       m == NET_WALK ? "walking" : "driving", t->zones_snapped[m],
			       t->schools_snapped[m], t->tol_m, t->zones_fallback[m],
			       t->schools_fallback[m]);
	} else {
		printf("  no road network in the study: every distance is a straight line x detour factor\n");
	}
	if (t->zones_unlocated)
		printf("  %d zone%s population but no polygon, so no location: no travel rows\n",
		       t->zones_unlocated, t->zones_unlocated == 1 ? " has" : "s have");
	printf("  wrote %s/travel.csv (%s rows) in %.1f s\n", dir, report_count((double)nrows, a, sizeof(a)), secs);
}

int cmd_travel(int argc, char **argv)
{
	struct study s;
	struct region r;
	struct le_diags d;
	struct le_err err;
	struct geo_ctx *g = NULL;
	struct net_travel t;
	struct net_travel_info info;
	struct io_travel_row *rows = NULL;
	struct io_outdir od;
	struct buf csvpath;
	struct timespec t0;
	struct cli_args args;
	const char *out;
	size_t nrows = 0;
	int rc, code;

	if ((code = cli_study_args(argc, argv, "travel", NULL, &args)) >= 0)
		return code;
	code = CLI_OK;
	out = args.out;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	le_err_clear(&err);
	le_diags_init(&d);
	memset(&s, 0, sizeof(s));
	memset(&r, 0, sizeof(r));
	memset(&t, 0, sizeof(t));
	memset(&info, 0, sizeof(info));
	buf_init(&csvpath);
	/* Locked before the work; every file (the cache too: a copy) goes to
	 * the staging folder, swapped in at the end (io/out.c). */
	rc = cli_out_begin(&od, out, args.study, "travel", &err);
	if (!rc)
		rc = cli_load(args.study, &s, &g, &r, &d, &err);
	if (!out)
		out = s.output;
	if (!rc)
		rc = net_travel_get(&t, &s, g, &r, io_outdir_path(&od), 0, &d, &info, &err);
	if (!rc)
		cli_trace_net(&info);
	if (!rc)
		buf_addf(&csvpath, "%s/travel.csv", io_outdir_path(&od));
	/* travel.csv is written from the rows in both cases, so the cached and
	 * the computed file cannot drift apart. */
	if (!rc) {
		rows = net_travel_rows(&t, &nrows);
		rc = write_travel_csv(csvpath.s, &r, rows, nrows, &t, &err);
	}
	if (!rc)
		rc = net_travel_store(&t, &info, &err);
	if (!rc)
		rc = cli_warnings_csv(&od, &d, NULL, &err);
	if (!rc)
		rc = io_outdir_commit(&od, &err);
	if (rc) {
		code = cli_report(&err);
		goto done;
	}
	print_summary(&s, &r, &t, &info, out ? out : ".", nrows, seconds_since(&t0));
	cli_warnings_print(out, &d, NULL);
done:
	io_outdir_abort(&od);
	free(rows);
	net_travel_release(&t);
	net_travel_info_release(&info);
	buf_release(&csvpath);
	region_release(&r);
	io_study_release(&s);
	le_diags_release(&d);
	geo_ctx_free(g);
	return code;
}
