/*
 * cmd_check.c: `estate check STUDY`: load everything a study names and
 * print the data-quality report. Nothing is written unless --out is given,
 * and then only when the load succeeds; the one exception is the network
 * cache (net/cache.c), kept in an output folder's workspace.sqlite that
 * already exists, so the next command does not read the roads again.
 */
#include "cli/cli.h"
#include "geo/geo.h"
#include "io/io.h"
#include "load/load.h"
#include "net/net.h"
#include "report/report.h"
#include "scenario/scenario.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Points nearest to a small road component: the snapping passes over such
 * pieces (a car park, a private loop), so the point is joined to the main
 * network farther away or measured in a straight line. Worth a look.
 */
static const char *joined(const struct net_snap *sn, char *out, size_t n)
{
	if (sn->node < 0)
		snprintf(out, n, "no usable road within reach, so its distances are straight lines times the detour factor");
	else
		snprintf(out, n, "it is joined to the main network %.0f m away", sn->snap_m);
	return out;
}

static void small_component_findings(const struct region *r,
				     const struct net_travel *t,
				     struct le_diags *d)
{
	char tmp[160];
	int i;

	for (i = 0; i < r->nzones; i++)
		if (t->zone_small[i])
			le_diag_add(d, LE_WARNING, "zone near a small road piece",
				    "%s: zone '%s' lies nearest to a small, unconnected piece of road: %s",
				    region_where(r->zones[i].where), r->zones[i].id,
				    joined(&t->zsnap[NET_WALK][i], tmp, sizeof(tmp)));
	for (i = 0; i < r->nschools; i++)
		if (t->school_small[i])
			le_diag_add(d, LE_WARNING, "school near a small road piece",
				    "%s: school '%s' (%s) lies nearest to a small, unconnected piece of road: %s",
				    region_where(r->schools[i].where), r->schools[i].id, r->schools[i].name,
				    joined(&t->ssnap[NET_WALK][i], tmp, sizeof(tmp)));
}

int cmd_check(int argc, char **argv)
{
	struct study s;
	struct region r;
	struct le_diags d;
	struct le_err err;
	struct geo_ctx *g = NULL;
	struct net_travel t;
	struct net_travel_info info;
	struct cli_args args;
	double km = 0;
	int rc, code, have_t = 0;
	double *simd = NULL;
	struct scenario_simd_check sc;
	struct scenario_dep dep;

	if ((code = cli_study_args(argc, argv, "check", NULL, &args)) >= 0)
		return code;
	code = CLI_OK;
	le_err_clear(&err);
	le_diags_init(&d);
	memset(&s, 0, sizeof(s));
	memset(&r, 0, sizeof(r));
	memset(&t, 0, sizeof(t));
	memset(&info, 0, sizeof(info));
	memset(&sc, 0, sizeof(sc));
	rc = cli_load(args.study, &s, &g, &r, &d, &err);
	/* The zones' deprivation (simd = or deprivation =) as estate run
	 * reads it: its coverage and the census check are findings of the
	 * data. */
	if (!rc)
		scenario_dep_init(&dep, &s);
	if (!rc && dep.path &&
	    !(rc = scenario_simd_read(&s, dep.path, &r, &simd, &d, &err)))
		rc = scenario_simd_census(&s, &r, simd, &sc, &d, &err);
	if (rc) {
		code = cli_report(&err);
		goto done;
	}
	/* The road graph as travel will use it (the same pipeline and
	 * [roads] settings as every other command): its size, its components
	 * and which points can reach it, so problems show before a long run. */
	if (s.layers[STUDY_ROADS].present) {
		/* The network cache of the output folder (--out, else the
		 * study's): read when there, and kept in it below. */
		rc = net_travel_get(&t, &s, g, &r, args.out ? args.out : s.output,
				    NET_TRAVEL_NETWORK, &d, &info, &err);
		if (!rc)
			cli_trace_net(&info);
		/* As travel, project and run say it: a damaged cache is
		 * rebuilt, never trusted. */
		if (!rc && info.ws_damage)
			fprintf(stderr, "estate: check: the workspace %s could not be used (%s): rebuilt\n",
				info.ws_path, info.ws_damage);
		if (rc) {
			code = cli_report(&err);
			goto done;
		}
		km = info.road_km;
		small_component_findings(&r, &t, &d);
		have_t = 1;
	}
	report_check(stdout, &s, &r, &d, have_t ? &t : NULL, km);
	if (simd) {
		putchar('\n');
		scenario_simd_print(stdout, &sc);
	}
	/* Written only after a successful load, atomically: a failed check
	 * leaves no report file that could be mistaken for a clean one. */
	if (args.out) {
		struct io_outdir od;
		struct buf path;
		buf_init(&path);
		rc = cli_out_begin(&od, args.out, args.study, "check", &err);
		if (!rc) {
			buf_addf(&path, "%s/data_quality.csv", io_outdir_path(&od));
			const struct le_diags *lists[] = { &d };
			rc = report_check_csv(path.s, lists, 1, &err);
		}
		if (!rc)
		/* The landmasses, for a study with land and sea. */
		if (!rc && r.nland > 0) {
			buf_reset(&path);
			buf_addf(&path, "%s/landmasses.csv", io_outdir_path(&od));
			rc = report_land_csv(path.s, &r, &err);
		}
		/* The network built here goes into the folder's cache (its
		 * staging copy), so the next command loads it. */
		if (!rc && have_t)
			rc = net_travel_store_at(&t, &info, io_outdir_path(&od), &err);
		if (!rc)
			rc = io_outdir_commit(&od, &err);
		io_outdir_abort(&od);
		buf_release(&path);
		if (rc) {
			code = cli_report(&err);
			goto done;
		}
	}
	/* Without --out nothing is written, but for a cache that is
	 * already there (an earlier travel, project or run made the output
	 * folder): the network built here is kept in it, in place (it is
	 * a cache, checked whole on every read; another command's copy of
	 * it is unaffected). A failure to keep it is not the check's. */
	if (!args.out && have_t && info.ws_path && access(info.ws_path, F_OK) == 0) {
		struct le_err ignored;

		le_err_clear(&ignored);
		net_travel_store(&t, &info, &ignored);
	}
	if (d.nerrors)
		code = CLI_EDATA;
done:
	free(simd);
	scenario_simd_check_release(&sc);
	net_travel_release(&t);
	net_travel_info_release(&info);
	region_release(&r);
	io_study_release(&s);
	le_diags_release(&d);
	geo_ctx_free(g);
	return code;
}
