/*
 * model_int.h: private to model/: the input readers (inputs.c) and the
 * progression method (progress.c) that model.c drives.
 */
#ifndef ESTATE_MODEL_INT_H
#define ESTATE_MODEL_INT_H

#include "model/model.h"
#include "geo/geo.h"

/* "P1".."S6" (any case) -> stage, or -1. */
int model_stage_parse(const char *w);
/* Housing completions into m->sites (g for sites given by x/y). */
int model_read_housing(struct model *m, const char *path, struct geo_ctx *g,
		       struct le_diags *d, struct le_err *err);
/* Stage history into m->hist; it must end at the base year. */
int model_read_history(struct model *m, const char *path, struct le_err *err);
/* zone, school[, share] rows (malloc'd arrays, n rows). */
int model_read_pairs(struct model *m, const char *path, int with_share,
		     int **zone, int **school, double **share, int *n,
		     struct le_err *err);
/* Pupils of stage s allocated to school k in calendar year `year` (any
 * year, past ones included) from the population, uncalibrated. */
double model_alloc_stage(const struct model *m, int k, int s, int year);
/* Replace the progression schools' rolls (method = progression). */
int model_progress(struct model *m, struct le_diags *d, struct le_err *err);

#endif
