/*
 * run_override.c: the parts of `estate run` that let options differ in
 * their assumptions (issue 12, item 4): a scenario's own projection and
 * parameters ([model] and [costs] in its file, scenario/override.c), and
 * --variants, every option again under the low and high forecasts.
 *
 * Cost: a scenario whose overrides change the projection gets its own
 * projection run (model_init and model_run with the study's [model] keys
 * and its own), shared by every scenario with the same overrides; a
 * forecast variant needs no run (a view of a projection, variant.c); an
 * override of the transport or costs parameters only copies them. A run
 * without overrides and without --variants does exactly what it did.
 *
 * The projection runs' findings (calibration warnings ...) repeat the
 * baseline's for the most part and are not added to data_quality.csv:
 * the baseline's are the study's findings.
 */
#include "cli/cli_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The variant view of projection base, made once per (base, variant). */
static const struct model *view(struct cli_run *c, const struct model *base, int v)
{
	int i;

	if (v == SCENARIO_V_CENTRAL || v == SCENARIO_V_NONE)
		return base;
	for (i = 0; i < c->nviews; i++)
		if (c->views[i].base == base && c->views[i].variant == v)
			return c->views[i].m;
	c->views = xrealloc(c->views, sizeof(*c->views) * ((size_t)c->nviews + 1));
	c->views[c->nviews].base = base;
	c->views[c->nviews].variant = v;
	c->views[c->nviews].m = xcalloc(1, sizeof(struct model));
	scenario_variant_model(c->views[c->nviews].m, base, v);
	return c->views[c->nviews++].m;
}

/* Scenario sc's own projection run. */
static int project(struct cli_run *c, const struct scenario *sc, struct model **out,
		   struct le_err *err)
{
	struct study s2;
	struct le_diags dd;
	struct model *pm = xcalloc(1, sizeof(*pm));
	struct le_err e2;
	int rc;

	*out = NULL;
	le_diags_init(&dd);
	le_err_clear(&e2);
	scenario_override_study(&s2, &c->s, sc);
	fprintf(stderr, "estate: run: %s: its own projection ([model] overrides)\n", sc->name);
	/* model_init releases pm on failure; model_run does not. */
	if (!(rc = model_init(pm, &s2, &c->r, c->g, &dd, &e2))) {
		int prev_year = 0;

		if ((rc = cli_model_cohorts(&s2, c->g, &c->r, pm, &dd, &prev_year, &e2))) {
			model_release(pm);
			goto done;
		}
		if (pm->allocation == MODEL_NEAREST)
			scenario_model_nearest(pm, &c->w, &c->t);
		if ((rc = model_run(pm, &dd, &e2)))
			model_release(pm);
	}
done:
	scenario_override_study_release(&s2);
	le_diags_release(&dd);
	if (rc) {
		free(pm);
		return le_errf(err, rc, "%s: [model]: %s", sc->path, e2.msg);
	}
	*out = pm;
	return LE_OK;
}

/*
 * Every scenario gets a projection and parameters to be evaluated with,
 * the run's unless it says otherwise; the arrays are filled for all so
 * that the evaluation loop never asks which case it is in. Called after
 * the baseline's model_run and the travel (a projection run of its own
 * needs the same nearest assignment).
 */
/* 1: a and b have the same walking policies (general and per council). */
static int same_walk(const struct scenario_params *a, const struct scenario_params *b)
{
	int i;

	if (a->walk_limit_m[0] != b->walk_limit_m[0] || a->walk_limit_m[1] != b->walk_limit_m[1] ||
	    a->nlimits != b->nlimits)
		return 0;
	for (i = 0; i < a->nlimits; i++)
		if (strcmp(a->limits[i].council, b->limits[i].council) != 0 ||
		    a->limits[i].limit_m[0] != b->limits[i].limit_m[0] ||
		    a->limits[i].limit_m[1] != b->limits[i].limit_m[1])
			return 0;
	return 1;
}

int cli_run_overrides(struct cli_run *c, struct le_err *err)
{
	int i, j, rc;
	size_t n = (size_t)c->nsc + 1;

	c->scm = xcalloc(n, sizeof(*c->scm));
	c->proj = xcalloc(n, sizeof(*c->proj));
	c->scp = xcalloc(n, sizeof(*c->scp));
	c->pm = xcalloc(n, sizeof(*c->pm));
	c->ps = xcalloc(n, sizeof(*c->ps));
	c->have_ps = xcalloc(n, 1);
	for (i = 0; i < c->nsc; i++) {
		const struct scenario *sc = &c->scs[i];

		c->proj[i] = &c->m;
		c->scp[i] = &c->p;
		if (scenario_override_projection(sc)) {
			/* One run for every scenario with the same overrides. */
			for (j = 0; j < i; j++)
				if (c->proj[j] != &c->m &&
				    scenario_override_same_projection(&c->scs[j], sc))
					break;
			if (j < i) {
				c->proj[i] = c->proj[j];
			} else {
				if ((rc = project(c, sc, &c->pm[c->npm], err)))
					return rc;
				c->proj[i] = c->pm[c->npm++];
			}
		}
		c->scm[i] = view(c, c->proj[i], sc->variant);
		if (scenario_override_params_any(sc)) {
			if ((rc = scenario_override_params(&c->ps[i], &c->p, sc, err)))
				return rc;
			/* The option's own walking policy, if it has one (the
			 * study's was checked when it was read). */
			if (!same_walk(&c->ps[i], &c->p)) {
				char where[1100];

				snprintf(where, sizeof(where), "%s: ", sc->path);
				scenario_walk_check(&c->ps[i], &c->r, where, &c->d);
			}
			c->have_ps[i] = 1;
			c->scp[i] = &c->ps[i];
		}
	}
	return LE_OK;
}

/* Variant results first (they borrow nothing from the models, but the
 * order mirrors the making), then views, projections, parameters. */
void cli_run_overrides_release(struct cli_run *c)
{
	int i, v;

	for (v = 0; v < SCENARIO_NVARIANTS; v++) {
		free(c->vnpc[v]);
		if (v == SCENARIO_V_CENTRAL || !c->vres[v])
			continue;
		for (i = 0; i < c->nvres[v]; i++)
			scenario_result_release(c->vres[v][i]);
		for (i = 0; i <= c->nsc; i++)
			free(c->vres[v][i]);
		free(c->vres[v]);
	}
	for (i = 0; i < c->nviews; i++) {
		scenario_variant_model_release(c->views[i].m);
		free(c->views[i].m);
	}
	free(c->views);
	for (i = 0; i < c->npm; i++) {
		model_release(c->pm[i]);
		free(c->pm[i]);
	}
	free(c->pm);
	for (i = 0; c->have_ps && i < c->nsc; i++)
		if (c->have_ps[i])
			scenario_params_release(&c->ps[i]);
	free(c->ps);
	free(c->have_ps);
	free(c->scm);
	free(c->proj);
	free(c->scp);
}

int cli_run_variants(struct cli_run *c, const int *variants, int n, struct le_err *err)
{
	int k, i, rc;

	/* Central's net present costs are the run's, the reference of the
	 * rank table whether asked for or not. */
	c->vnpc[SCENARIO_V_CENTRAL] = xcalloc((size_t)c->nres + 1, sizeof(double));
	for (i = 0; i < c->nres; i++)
		c->vnpc[SCENARIO_V_CENTRAL][i] = c->wlc[i].npc_gbp;
	for (k = 0; k < n; k++) {
		int v = variants[k];
		struct scenario_result **res;

		if (v == SCENARIO_V_CENTRAL) {
			/* The plain run is the central variant. */
			c->vres[v] = c->res;
			c->nvres[v] = c->nres;
			continue;
		}
		c->vnpc[v] = xcalloc((size_t)c->nsc + 1, sizeof(double));
		res = c->vres[v] = xcalloc((size_t)c->nsc + 2, sizeof(*res));
		for (i = 0; i <= c->nsc; i++) {
			const struct scenario *sc = i ? &c->scs[i - 1] : NULL;
			/* A scenario's own variant holds in every run. */
			struct scenario_world wv = c->w;

			wv.m = !sc ? view(c, &c->m, v) : sc->variant ? c->scm[i - 1] :
			       view(c, c->proj[i - 1], v);
			res[i] = xcalloc(1, sizeof(**res));
			fprintf(stderr, "estate: run: %s under the %s forecast (%d of %d)\n",
				sc ? sc->name : "baseline", scenario_variant_name(v), i + 1, c->nsc + 1);
			rc = scenario_eval(res[i], &wv, &c->t, sc, cli_run_policy(&c->s),
					   sc ? c->scp[i - 1] : &c->p, i ? res[0] : NULL, err);
			if (rc)
				return rc;
			c->nvres[v]++;
			/* Its whole-life cost, as the run's (cmd_run.c). */
			{
				struct scenario_wlc wlc;

				if ((rc = scenario_wlc_eval(&wlc, res[i], &c->w, sc ? c->scp[i - 1] : &c->p,
							    c->appraisal_years, err)))
					return rc;
				c->vnpc[v][i] = wlc.npc_gbp;
				scenario_wlc_release(&wlc);
			}
		}
	}
	return LE_OK;
}
