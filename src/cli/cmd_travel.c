/*
 * cmd_travel.c: `estate travel STUDY`: the k nearest schools of every
 * zone by road (walking and driving), written to travel.csv and cached in
 * the workspace database beside the outputs. The cache key is a hash of
 * the road file's bytes, the study's [roads] settings, the schools and
 * zones, and the travel parameters: any change recomputes, and an
 * unchanged rerun says that it reused the table.
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
#include <unistd.h>

static void hash_kvs(struct le_hash *h, const struct study_kv *v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		le_hash_str(h, v[i].key);
		le_hash_str(h, v[i].val);
	}
}

/*
 * The cache key. Everything the table depends on goes in; line numbers
 * and comments of the study file do not, so editing a comment keeps the
 * cache.
 */
static int travel_key(const struct study *s, const struct region *r,
		      const struct net_travel_opts *o, char *key, struct le_err *err)
{
	const struct study_layer *l = &s->layers[STUDY_ROADS];
	struct le_hash h;
	int i, m, c, rc;

	le_hash_init(&h);
	le_hash_str(&h, "estate travel 2");
	le_hash_str(&h, s->crs);
	le_hash_int(&h, o->k);
	le_hash_double(&h, o->merge_tol_m);
	le_hash_double(&h, o->snap.tol_m);
	le_hash_double(&h, o->snap.detour);
	le_hash_int(&h, o->snap.min_comp_nodes);
	le_hash_double(&h, o->snap.min_comp_frac);
	for (m = 0; m < NET_NMODES; m++) {
		le_hash_double(&h, o->snap.offnet_kph[m]);
		for (c = 0; c < NET_NCLASSES; c++)
			le_hash_double(&h, o->speeds.kph[c][m]);
	}
	le_hash_double(&h, o->speeds.ferry_kph);
	if (l->present) {
		hash_kvs(&h, l->fields, l->nfields);
		hash_kvs(&h, l->maps, l->nmaps);
		hash_kvs(&h, l->filters, l->nfilters);
		hash_kvs(&h, l->opts, l->nopts);
		if ((rc = le_hash_file(&h, l->file, err)))
			return rc;
	}
	for (i = 0; i < r->nschools; i++) {
		const struct school *sc = &r->schools[i];
		le_hash_str(&h, sc->id);
		le_hash_double(&h, sc->x);
		le_hash_double(&h, sc->y);
		le_hash_int(&h, sc->sector * 100 + sc->denom * 10 + sc->gaelic);
		/* Stages decide the sets too (le_stream_serves). */
		le_hash_int(&h, (int)sc->stages);
	}
	for (i = 0; i < r->nzones; i++) {
		le_hash_str(&h, r->zones[i].id);
		le_hash_int(&h, r->zones[i].has_geom);
		le_hash_double(&h, r->zones[i].px);
		le_hash_double(&h, r->zones[i].py);
	}
	le_hash_hex(&h, key);
	return LE_OK;
}

/*
 * The tables as rows for the workspace, in travel.csv order: zone (region
 * order), then set (sector, stream), then mode, then rank. The same order
 * comes back from the cache (rowid order), so a cached and a computed
 * travel.csv are byte-identical.
 */
static struct io_travel_row *to_rows(const struct net_travel *t, size_t *n)
{
	struct io_travel_row *rows = NULL;
	size_t alloc = 0;
	int z, i, m, j;

	*n = 0;
	for (z = 0; z < t->nzones; z++)
		for (i = 0; i < t->nsets; i++)
			for (m = 0; m < NET_NMODES; m++) {
				const struct net_table *tb = &t->sets[i].table[m];
				for (j = 0; j < tb->n[z]; j++) {
					const struct net_pair *p = &tb->v[(size_t)z * (size_t)tb->k + (size_t)j];
					ALLOC_GROW(rows, *n + 1, alloc);
					rows[*n].zone = z;
					rows[*n].set = i;
					rows[*n].school = t->sets[i].school[p->school];
					rows[*n].mode = m;
					rows[*n].rank = j + 1;
					rows[*n].method = p->method;
					rows[*n].dist_m = p->dist_m;
					rows[*n].time_s = p->time_s;
					(*n)++;
				}
			}
	return rows;
}

/*
 * Put cached rows back into empty tables made by net_travel_sets. A
 * school may be in several sets (le_stream_serves: Gaelic provision in
 * an English-medium school), so the set of a row comes from the order
 * the rows were put in (to_rows: zone, set, mode, rank): within a zone,
 * a rank-1 row of a mode not above the previous one starts the next set
 * that holds its school. A row that fits no set is dropped. rows[].set
 * is filled in for write_travel_csv.
 */
static void from_rows(struct net_travel *t, struct io_travel_row *rows, size_t n)
{
	size_t nk = (size_t)t->nsets * (size_t)(t->nschools ? t->nschools : 1);
	int *pos_of = xmalloc(sizeof(int) * (nk + 1));
	int i, j, m, zone = -1, set = -1, last_mode = -1;
	size_t r;

	for (r = 0; r < nk; r++)
		pos_of[r] = -1;
	for (i = 0; i < t->nsets; i++) {
		for (j = 0; j < t->sets[i].nschools; j++)
			pos_of[(size_t)i * t->nschools + t->sets[i].school[j]] = j;
		for (m = 0; m < NET_NMODES; m++) {
			struct net_table *tb = &t->sets[i].table[m];
			tb->mode = m;
			tb->k = t->k;
			tb->nzones = t->nzones;
			tb->n = xcalloc((size_t)(t->nzones ? t->nzones : 1), sizeof(int));
			tb->v = xcalloc((size_t)(t->nzones ? t->nzones : 1) * (size_t)t->k,
					sizeof(*tb->v));
		}
	}
	for (r = 0; r < n; r++) {
		struct io_travel_row *w = &rows[r];
		struct net_table *tb;
		struct net_pair *p;

		w->set = -1;
		if (w->school < 0 || w->school >= t->nschools || w->mode < 0 ||
		    w->mode >= NET_NMODES || w->zone < 0 || w->zone >= t->nzones ||
		    w->rank < 1 || w->rank > t->k)
			continue;
		if (w->zone != zone) {
			zone = w->zone;
			set = -1;
			last_mode = -1;
		}
		if (w->rank == 1 && (set < 0 || w->mode <= last_mode))
			for (set++; set < t->nsets &&
			     pos_of[(size_t)set * t->nschools + w->school] < 0; set++)
				;
		last_mode = w->mode;
		if (set < 0 || set >= t->nsets || pos_of[(size_t)set * t->nschools + w->school] < 0)
			continue;
		w->set = set;
		tb = &t->sets[set].table[w->mode];
		p = &tb->v[(size_t)w->zone * (size_t)t->k + (size_t)(w->rank - 1)];
		p->school = pos_of[(size_t)set * t->nschools + w->school];
		p->dist_m = w->dist_m;
		p->time_s = w->time_s;
		p->method = w->method;
		if (tb->n[w->zone] < w->rank)
			tb->n[w->zone] = w->rank;
	}
	free(pos_of);
}

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
	fputs("zone_id,school_id,school_name,sector,stream,mode,rank,distance_m,time_s,method\n", o.fp);
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
		fprintf(o.fp, ",%s,%s,%s,%d,%.1f,%.1f,%s\n", le_sector_name(sc->sector),
			net_stream_name(t->sets[set].stream), mode_name(rows[i].mode),
			rows[i].rank, rows[i].dist_m, rows[i].time_s,
			net_method_name(rows[i].method));
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
			  const struct net_travel *t, int reused,
			  const char *ws, const char *csv, size_t nrows, double secs)
{
	char a[32], b[32], c[32], e[32];
	int located = 0, i;

	for (i = 0; i < r->nzones; i++)
		located += r->zones[i].has_geom;
	printf("estate travel: %s\n", s->name ? s->name : s->path);
	printf("  %s zones with a location, %s schools, k = %d nearest per stream and mode\n",
	       report_count(located, a, sizeof(a)), report_count(r->nschools, b, sizeof(b)), t->k);
	if (reused) {
		printf("  reused the travel table cached in %s (inputs unchanged)\n", ws);
	} else if (t->have_network) {
		printf("  road network: %s nodes, %s links, %s components (largest %s nodes)\n",
		       report_count(t->nnodes, a, sizeof(a)), report_count(t->nlinks, b, sizeof(b)),
		       report_count(t->ncomp, c, sizeof(c)), report_count(t->largest_nodes, e, sizeof(e)));
		printf("  on the network: %d zones, %d schools; by straight line (farther than %.0f m from a usable road): %d zones, %d schools\n",
		       t->zones_snapped, t->schools_snapped, t->tol_m, t->zones_fallback,
		       t->schools_fallback);
	} else {
		printf("  no road network in the study: every distance is a straight line x detour factor\n");
	}
	if (t->zones_unlocated)
		printf("  %d zone%s population but no polygon, so no location: no travel rows\n",
		       t->zones_unlocated, t->zones_unlocated == 1 ? " has" : "s have");
	printf("  wrote %s (%s rows) in %.1f s\n", csv, report_count((double)nrows, a, sizeof(a)), secs);
}

int cmd_travel(int argc, char **argv)
{
	struct study s;
	struct region r;
	struct le_diags d;
	struct le_err err;
	struct geo_ctx *g = NULL;
	struct io_ws *ws = NULL;
	struct net_links links;
	struct net_travel t;
	struct net_travel_opts topt;
	struct io_travel_row *rows = NULL;
	struct buf wspath, csvpath;
	struct timespec t0;
	struct cli_args args;
	const char *out;
	char key[17];
	size_t nrows = 0;
	int rc, code, found = 0;

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
	net_links_init(&links);
	buf_init(&wspath);
	buf_init(&csvpath);
	/* Roads are read below, only when the cache cannot serve. */
	rc = cli_load(args.study, &s, &g, &r, &d, &err);
	if (!rc)
		rc = net_travel_opts_read(&s, &topt, &err);
	if (!rc)
		rc = travel_key(&s, &r, &topt, key, &err);
	if (!out)
		out = s.output;
	if (!rc)
		rc = io_mkdirs(out, &err);
	buf_addf(&wspath, "%s/workspace.sqlite", out ? out : ".");
	buf_addf(&csvpath, "%s/travel.csv", out ? out : ".");
	/* An existing workspace is consulted; a new one is made only once
	 * there is a table to keep, so a failed run writes nothing. */
	if (!rc && access(wspath.s, F_OK) == 0) {
		rc = io_ws_open(wspath.s, &ws, &err);
		if (!rc)
			rc = io_ws_travel_get(ws, key, &rows, &nrows, &found, &err);
	}
	/* A hit skips the road file, the graph and the searches entirely:
	 * the key already covers everything they depend on. */
	if (!rc && found) {
		net_travel_sets(&t, &r, topt.k);
		from_rows(&t, rows, nrows);
	} else if (!rc) {
		if (s.layers[STUDY_ROADS].present)
			rc = net_read_links(&s, g, &links, &d, &err);
		if (!rc)
			rc = net_travel_build(&t, &r, s.layers[STUDY_ROADS].present ? &links : NULL,
					      &topt, &err);
		if (!rc) {
			free(rows);
			rows = to_rows(&t, &nrows);
			if (!ws)
				rc = io_ws_open(wspath.s, &ws, &err);
			if (!rc)
				rc = io_ws_travel_put(ws, key, rows, nrows, &err);
		}
	}
	/* travel.csv is written from the rows in both cases, so the cached and
	 * the computed file cannot drift apart. */
	if (!rc)
		rc = write_travel_csv(csvpath.s, &r, rows, nrows, &t, &err);
	if (rc) {
		code = cli_report(&err);
		goto done;
	}
	print_summary(&s, &r, &t, found, wspath.s, csvpath.s, nrows, seconds_since(&t0));
done:
	io_ws_close(ws);
	free(rows);
	net_travel_release(&t);
	net_links_release(&links);
	buf_release(&wspath);
	buf_release(&csvpath);
	region_release(&r);
	io_study_release(&s);
	le_diags_release(&d);
	geo_ctx_free(g);
	return code;
}
