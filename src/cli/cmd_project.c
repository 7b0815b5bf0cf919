/*
 * cmd_project.c: `estate project STUDY`: project every school's roll over
 * the study's horizon, write rolls.csv and demand.csv, and print the
 * summary a planner reads at a glance (per sector and year: pupils,
 * capacity, schools over 100 % and under 60 % full, and over 100 % in
 * the high case of the range).
 *
 * `nearest` uses walking distance by road when the study has roads
 * (straight line times the detour factor where the network does not
 * reach), else straight lines, and the output says which. Nothing is written
 * unless the whole projection succeeds.
 */
#include "cli/cli.h"
#include "geo/geo.h"
#include "io/io.h"
#include "load/load.h"
#include "model/model.h"
#include "net/net.h"
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

static const char *const alloc_names[] = { "nearest", "catchment", "observed" };

/*
 * The planner's summary: first what produced the figures (method,
 * allocation, how distance was measured, the fitted participation and RC
 * shares), then the table per sector and year. Capacity counts schools
 * with a capacity only; "over 100 %" and "under 60 %" likewise.
 */
static void summary(FILE *fp, const struct study *s, const struct model *m,
		    int by_road, int prev_year)
{
	const struct region *r = m->r;
	int y, k, sec, nmatch = 0, nmain = 0, nsrc[MODEL_SRC_SURVIVAL + 1] = { 0 };
	char a[32], b[32];
	double units = 0, unpl;

	for (k = 0; k < r->nschools; k++) {
		nsrc[m->source[k]]++;
		if (m->source[k] == MODEL_SRC_DEMAND && r->schools[k].roll >= 0) {
			nmain++;
			/* Equal to the cent: the output's own precision. */
			if (m->total[k] - r->schools[k].roll < 0.005 &&
			    r->schools[k].roll - m->total[k] < 0.005)
				nmatch++;
		}
	}
	for (k = 0; k < m->nsites; k++)
		units += m->sites[k].units;
	fprintf(fp, "Roll projection: %s, %d-%d\n", s->name ? s->name : s->path,
		m->base_year, m->base_year + m->nyears - 1);
	fprintf(fp, "method: %s; allocation: %s; population year %d aged to each year\n",
		m->method == MODEL_PROGRESSION ? "progression (schools with a stage history), demand (the rest)" :
		m->method == MODEL_SURVIVAL ? "survival (cohort survival, shrunk ratios, for schools with a stage history), demand (the rest)" : "demand",
		alloc_names[m->allocation], r->pop_year);
	if (prev_year)
		fprintf(fp, "cohort change: estimated from the %d and %d populations (ages 1-%d)\n",
			prev_year, r->pop_year, m->p.st.age[m->p.st.n - 1] + 1);
	if (m->allocation == MODEL_NEAREST && by_road)
		fprintf(fp, "distance: walking by road where the network reaches (estate travel), else straight line x detour factor\n");
	else if (m->allocation == MODEL_NEAREST)
		fprintf(fp, "distance: straight line x %.2f (no road network used)\n", m->p.detour_factor);
	report_land_line(fp, r);
	fprintf(fp, "participation: primary %.3f, secondary %.3f of resident children; RC share (region): primary %.1f %%, secondary %.1f %%\n",
		m->participation[0], m->participation[1],
		m->rc_override >= 0 ? m->rc_override * 100 : m->rc_share[r->ncouncils * 2] * 100,
		m->rc_override >= 0 ? m->rc_override * 100 : m->rc_share[r->ncouncils * 2 + 1] * 100);
	fprintf(fp, "schools: %d by demand (base year equals the observed roll for %d of %d), %d by %s, %d held (special or no demand), %d without roll or demand\n",
		nsrc[MODEL_SRC_DEMAND], nmatch, nmain,
		nsrc[MODEL_SRC_PROGRESSION] + nsrc[MODEL_SRC_SURVIVAL],
		m->method == MODEL_SURVIVAL ? "cohort survival" : "progression",
		nsrc[MODEL_SRC_HELD], nsrc[MODEL_SRC_NONE]);
	fprintf(fp, "housing: %d completions, %s dwellings after the base year\n\n",
		m->nsites, report_count(units, a, sizeof(a)));
	fprintf(fp, "%-10s %5s %10s %10s %10s %10s %12s\n", "sector", "year", "pupils",
		"capacity", "over 100%", "under 60%", "over (high)");
	for (sec = 0; sec < LE_NSECTORS; sec++)
		for (y = 0; y < m->nyears; y++) {
			double pupils = 0, cap = 0;
			int over = 0, under = 0, over_hi = 0;

			for (k = 0; k < r->nschools; k++) {
				const struct school *sc = &r->schools[k];
				double t = m->total[(size_t)y * m->nschools + k];

				if (sc->sector != sec)
					continue;
				pupils += t;
				if (sc->capacity > 0) {
					cap += sc->capacity;
					over += t > sc->capacity;
					/* The high end of the school's range (survival
					 * method; the central figure otherwise). */
					over_hi += m->high[(size_t)y * m->nschools + k] > sc->capacity;
					under += t < 0.6 * sc->capacity;
				}
			}
			fprintf(fp, "%-10s %5d %10s %10s %10d %10d %12d\n", le_sector_name(sec),
				m->base_year + y, report_count(pupils, a, sizeof(a)),
				report_count(cap, b, sizeof(b)), over, under, over_hi);
		}
	unpl = 0;
	/* The base year's slots: every stage and stream of year index 0. */
	for (k = 0; k < (int)MODEL_U(m, 1, 0, 0); k++)
		unpl += m->unplaced[k];
	fprintf(fp, "\nunplaced pupils in the base year (zones without a point or a school of their stream): %s\n",
		report_count(unpl, a, sizeof(a)));
}

/*
 * Candidates from the road network, walking distance: the travel every
 * command shares (net_travel_get: the study's [roads] settings, the
 * workspace cache in the output folder), kept in the cache only once
 * the projection has been written.
 */
static int road_cands(const struct study *s, const struct region *r,
		      struct geo_ctx *g, const char *out, struct le_diags *d,
		      struct net_travel *t, struct net_travel_info *info,
		      struct model_cands *c, struct le_err *err)
{
	int rc = net_travel_get(t, s, g, r, out, 0, d, info, err);

	cli_trace_net(info);
	if (!rc)
		model_cands_from_travel(c, t, NET_WALK);
	return rc;
}

int cmd_project(int argc, char **argv)
{
	struct study s;
	struct region r;
	struct model m;
	struct model_cands cands;
	struct net_travel t;
	struct net_travel_info info;
	struct le_diags d, md;
	struct le_err err;
	struct geo_ctx *g = NULL;
	struct cli_args args;
	struct io_outdir od;
	const char *out;
	int rc, code, backtest, have_model = 0, by_road = 0, prev_year = 0;

	if ((code = cli_study_args(argc, argv, "project", "allocation-check", &args)) >= 0)
		return code;
	code = CLI_OK;
	out = args.out;
	backtest = args.flag;
	le_err_clear(&err);
	le_diags_init(&d);
	le_diags_init(&md);
	memset(&s, 0, sizeof(s));
	memset(&r, 0, sizeof(r));
	memset(&cands, 0, sizeof(cands));
	memset(&t, 0, sizeof(t));
	memset(&info, 0, sizeof(info));
	/* Locked before the work, written as a whole (io/out.c). */
	rc = cli_out_begin(&od, out, args.study, "project", &err);
	if (!rc)
		rc = cli_load(args.study, &s, &g, &r, &d, &err);
	if (!rc && !(rc = model_init(&m, &s, &r, g, &md, &err)))
		have_model = 1;
	if (!rc)
		rc = cli_model_cohorts(&s, g, &r, &m, &md, &prev_year, &err);
	if (!rc && m.allocation == MODEL_NEAREST) {
		/* By road where the study has roads: walking distance, the
		 * measure of the statutory limits; straight line otherwise. */
		if (s.layers[STUDY_ROADS].present) {
			rc = road_cands(&s, &r, g, io_outdir_path(&od), &d, &t, &info,
					&cands, &err);
			by_road = 1;
		} else {
			model_cands_straight(&cands, &r, r.nschools ? r.nschools : 1,
					     m.p.detour_factor);
		}
		if (!rc)
			model_alloc_nearest(&m, &cands);
	}
	if (!rc)
		rc = model_run(&m, &md, &err);
	if (!rc)
		rc = model_write(&m, io_outdir_path(&od), &err);
	if (!rc && by_road)
		rc = net_travel_store(&t, &info, &err);
	if (!rc)
		rc = cli_warnings_csv(&od, &d, &md, &err);
	if (!rc)
		rc = io_outdir_commit(&od, &err);
	if (rc) {
		code = cli_report(&err);
		goto done;
	}
	summary(stdout, &s, &m, by_road, prev_year);
	if (by_road && info.ws_damage)
		printf("the workspace %s/workspace.sqlite could not be used (%s): rebuilt\n",
		       out ? out : s.output, info.ws_damage);
	if (by_road && info.reused)
		printf("travel: reused the travel table cached in %s/workspace.sqlite (inputs unchanged)\n",
		       out ? out : s.output);
	if (backtest) {
		int n;
		double mape = model_backtest(&m, &n);

		printf("\nallocation check (not a forecast test: see estate backtest): the %d population aged to %d, allocated %s, before calibration,\n"
		       "against the %d roll of %d schools: median absolute percentage error %.1f %%\n"
		       "(sector totals agree by construction: participation is fitted to the %d roll;\n"
		       "the error measures how well the geography and allocation share pupils out)\n",
		       r.pop_year, m.base_year, alloc_names[m.allocation], m.base_year, n, mape,
		       m.base_year);
	}
	cli_warnings_print(out ? out : s.output, &d, &md);
	printf("\nwrote %s/rolls.csv, demand.csv and data_quality.csv\n", out ? out : s.output);
done:
	io_outdir_abort(&od);
	if (have_model)
		model_release(&m);
	model_cands_release(&cands);
	net_travel_release(&t);
	net_travel_info_release(&info);
	region_release(&r);
	io_study_release(&s);
	le_diags_release(&d);
	le_diags_release(&md);
	geo_ctx_free(g);
	return code;
}
