/*
 * params.c: the model parameters of models/: cohort change factors, the
 * births index,
 * the detour factor and the calibration warning band (projection.ini),
 * and the pupil product ratios (ppr.csv).
 *
 * Every value is checked against its meaning (a rate is 0..1, an age is
 * 0..LE_MAX_AGE - 1, a ratio is 0 or more) and a bad one is reported as
 * "file:line: key ..." so that a planner editing a copy of models/ finds
 * the line at once. An unknown section or key is an error too: a typo
 * would otherwise leave a default silently in force.
 */
#include "model/model.h"

#include <stdlib.h>
#include <string.h>

void model_params_default(struct model_params *p)
{
	int a;

	memset(p, 0, sizeof(*p));
	le_stages_scotland(&p->st);
	for (a = 0; a < LE_NAGES; a++)
		p->cohort_change[a] = 1.0;
	p->ppr[LE_PRIMARY][MODEL_HOUSE] = 0.25;
	p->ppr[LE_PRIMARY][MODEL_FLAT] = 0.05;
	p->ppr[LE_SECONDARY][MODEL_HOUSE] = 0.15;
	p->ppr[LE_SECONDARY][MODEL_FLAT] = 0.03;
	p->detour_factor = 1.3;
	p->warn_below = 0.5;
	p->warn_above = 2.0;
}

void model_params_release(struct model_params *p)
{
	if (!p)
		return;
	free(p->births_index);
	p->births_index = NULL;
	p->index_n = 0;
}

/*
 * projection.ini: every section is optional. Keys of [cohort_change] are
 * ages and keys of [births_index] years, so they are parsed as numbers
 * and checked against their range rather than looked up in a list.
 */
static int read_projection(struct model_params *p, const char *path, struct le_err *err)
{
	struct io_ini ini;
	int rc, i;
	long y, a;

	if ((rc = io_ini_read(path, &ini, err)))
		return rc;
	for (i = 0; i < ini.n && !rc; i++) {
		const struct io_ini_entry *e = &ini.v[i];

		if (strcmp(e->section, "cohort_change") == 0) {
			if (le_parse_long(e->key, &a) || a < 1 || a > LE_MAX_AGE)
				rc = le_errf(err, LE_EPARSE, "%s:%d: [cohort_change] key must be an age from 1 to %d, got '%s'",
					     path, e->line, LE_MAX_AGE, e->key);
			else
				rc = io_ini_number(&ini, e, 0, 10, "a factor from 0 to 10", &p->cohort_change[a], err);
		} else if (strcmp(e->section, "births_index") == 0) {
			double v;

			if (le_parse_long(e->key, &y) || y < 1990 || y > 2200) {
				rc = le_errf(err, LE_EPARSE, "%s:%d: [births_index] key must be a birth year such as 2025, got '%s'",
					     path, e->line, e->key);
				break;
			}
			if ((rc = io_ini_number(&ini, e, 0, 10, "an index from 0 to 10 (1 = the youngest observed cohort)", &v, err)))
				break;
			/* Years must follow on: a gap would leave a year undefined. */
			if (p->index_n && y != p->index_year0 + p->index_n) {
				rc = le_errf(err, LE_EPARSE, "%s:%d: [births_index] expected year %d next, got '%s'",
					     path, e->line, p->index_year0 + p->index_n, e->key);
				break;
			}
			if (!p->index_n)
				p->index_year0 = (int)y;
			p->births_index = xrealloc(p->births_index, sizeof(double) * (size_t)(p->index_n + 1));
			p->births_index[p->index_n++] = v;
		} else if (strcmp(e->section, "travel") == 0 && strcmp(e->key, "detour_factor") == 0) {
			rc = io_ini_number(&ini, e, 1, 5, "a number from 1 to 5", &p->detour_factor, err);
		} else if (strcmp(e->section, "calibration") == 0 && strcmp(e->key, "warn_below") == 0) {
			rc = io_ini_number(&ini, e, 0, 1, "a factor from 0 to 1", &p->warn_below, err);
		} else if (strcmp(e->section, "calibration") == 0 && strcmp(e->key, "warn_above") == 0) {
			rc = io_ini_number(&ini, e, 1, 100, "a factor from 1 to 100", &p->warn_above, err);
		} else {
			rc = le_errf(err, LE_EPARSE, "%s:%d: unknown key '%s' in [%s] (expected [cohort_change] AGE, [births_index] YEAR, [travel] detour_factor, [calibration] warn_below or warn_above)",
				     path, e->line, e->key, e->section);
		}
	}
	io_ini_release(&ini);
	return rc;
}

/*
 * ppr.csv: one row per sector and dwelling type, all four required, a
 * duplicate refused (two ratios for one type would make the result depend
 * on row order). The source column is for people and is not read.
 */
static int read_ppr(struct model_params *p, const char *path, struct le_err *err)
{
	struct io_table t;
	int rc, r, cs, cd, cv, seen[LE_NSECTORS][MODEL_NDWELLINGS] = { { 0 } };
	char where[600];

	io_table_init(&t);
	if ((rc = io_csv_read(path, &t, err)))
		goto done;
	cs = io_col(&t, "sector");
	cd = io_col(&t, "dwelling_type");
	cv = io_col(&t, "pupils_per_dwelling");
	if (cs < 0 || cd < 0 || cv < 0) {
		rc = le_errf(err, LE_EPARSE, "%s: needs columns sector, dwelling_type and pupils_per_dwelling", path);
		goto done;
	}
	for (r = 0; r < t.nrows; r++) {
		const char *sw = io_cell(&t, r, cs), *dw = io_cell(&t, r, cd), *vw = io_cell(&t, r, cv);
		int sec = le_sector_parse(sw), dwl;
		double v;

		io_where(&t, r, where, sizeof(where));
		if (sec != LE_PRIMARY && sec != LE_SECONDARY) {
			rc = le_errf(err, LE_EPARSE, "%s: column 'sector': expected primary or secondary, got '%s'", where, sw);
			goto done;
		}
		if (le_strcaseeq(dw, "house"))
			dwl = MODEL_HOUSE;
		else if (le_strcaseeq(dw, "flat"))
			dwl = MODEL_FLAT;
		else {
			rc = le_errf(err, LE_EPARSE, "%s: column 'dwelling_type': unknown dwelling type '%s' (expected house or flat)", where, dw);
			goto done;
		}
		if (le_parse_double(vw, &v) || v < 0 || v > 5) {
			rc = le_errf(err, LE_EPARSE, "%s: column 'pupils_per_dwelling': expected pupils per dwelling from 0 to 5, got '%s'", where, vw);
			goto done;
		}
		if (seen[sec][dwl]) {
			rc = le_errf(err, LE_EPARSE, "%s: %s %s is given twice", where, le_sector_name(sec), dw);
			goto done;
		}
		seen[sec][dwl] = 1;
		p->ppr[sec][dwl] = v;
	}
	for (r = 0; r < 2 * MODEL_NDWELLINGS; r++)
		if (!seen[r / 2][r % 2]) {
			rc = le_errf(err, LE_EPARSE, "%s: no ratio for %s %s (every sector and dwelling type needs one)",
				     path, le_sector_name(r / 2), r % 2 ? "flat" : "house");
			goto done;
		}
done:
	io_table_release(&t);
	return rc;
}

int model_params_read(struct model_params *p,
		      const char *projection_ini, const char *ppr_csv,
		      struct le_err *err)
{
	int rc = LE_OK;

	if (projection_ini && (rc = read_projection(p, projection_ini, err)))
		return rc;
	if (ppr_csv && (rc = read_ppr(p, ppr_csv, err)))
		return rc;
	return rc;
}
