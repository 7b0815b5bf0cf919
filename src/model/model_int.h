/*
 * model_int.h: private to model/: the input readers (inputs.c) and the
 * progression method (progress.c) that model.c drives.
 */
#ifndef ESTATE_MODEL_INT_H
#define ESTATE_MODEL_INT_H

#include "model/model.h"
#include "geo/geo.h"

/* struct model_src and its readers (model_src_open, _col, _close) are
 * in model.h: scenario/ reads [model] simd with the same mapping. */

/* streams.c. MODEL_ND or MODEL_RC by the school's denomination. */
int model_school_stream(const struct school *sc);
/* May the school take pupils of this sector (0 primary, 1 secondary) and
 * stream? Never a special school; MODEL_GM: Gaelic provision. */
int model_serves(const struct le_stages *st, const struct school *sc, int sector, int stream);
/* The Gaelic-medium shares from the base-year roll (m->gm_share) and
 * m->has_gaelic. */
void model_gaelic_shares(struct model *m);
/* Share of zone z's pupils of sector sec in stream t, given the zone's RC
 * share rc; the three streams add up to 1. */
double model_stream_share(const struct model *m, int z, int sec, int stream,
			  double rc);
/* Give each empty key of the streams in stream_mask (bit 1 << stream)
 * the nearest candidate school that serves it; other keys are kept. */
void model_alloc_fill(struct model *m, const struct model_cands *c,
		      unsigned stream_mask);
/* Gaelic-medium keys of a catchment or flow table: the nearest Gaelic
 * school by straight line x detour factor. */
void model_alloc_gaelic(struct model *m);
/* catchment.c: allocation = catchment from a zone-school table or from
 * catchment polygons (zones by their representative point). */
int model_read_catchment(struct model *m, const struct study *s, const char *path,
			 struct geo_ctx *g, struct le_diags *d, struct le_err *err);

/* Housing completions into m->sites (g for sites given by x/y). */
int model_read_housing(struct model *m, const struct study *s, const char *path,
		       struct geo_ctx *g, struct le_diags *d, struct le_err *err);
/* Stage history into m->hist; it must end at the base year. */
int model_read_history(struct model *m, const struct study *s, const char *path,
		       struct le_err *err);
/* zone, school[, share] rows (malloc'd arrays, n rows) of the input
 * "catchment" or "flows" (its column mapping). */
int model_read_pairs(struct model *m, const struct study *s, const char *input,
		     const char *path, int with_share, int **zone, int **school,
		     double **share, int *n, struct le_err *err);
/* Pupils of stage s allocated to school k in calendar year `year` (any
 * year, past ones included) from the population, uncalibrated. */
double model_alloc_stage(const struct model *m, int k, int s, int year);
/* w[i] (nschools): share of primary i's base-year P7 cohort whose zones
 * the allocation sends to secondary j (progress.c). */
void model_feeders(const struct model *m, int j, double *w);
/* Empirical-Bayes shrinkage (survival.c): g[k] = (num[k] + kappa R) /
 * (den[k] + kappa) for the schools with use[k], R = sum num / sum den,
 * kappa = max(R / tau2, prior_min), tau2 = mean of (num/den - R)^2 -
 * R / den over schools with den > 0 (no spread: kappa = 1e9). */
void model_survival_shrink(const double *num, const double *den, const char *use,
			   int nk, double prior_min, double *g);
/* Cohort survival with shrunk ratios (method = survival, survival.c). */
int model_survival(struct model *m, struct le_diags *d, struct le_err *err);
/* Replace the progression schools' rolls (method = progression). */
int model_progress(struct model *m, struct le_diags *d, struct le_err *err);

#endif
