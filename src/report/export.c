/*
 * export.c: report_region_layers, the map layers of a loaded region, so
 * that `estate export` works before scenario results exist. The field
 * names are the ones scenario layers use too (the QGIS styles in
 * gis/styles refer to them):
 *
 *   schools       school_id, school_name, sector, denomination, status,
 *                 council_id, zone_id, roll, capacity, utilisation_pct,
 *                 condition
 *   zones         zone_id, zone_name, council_id, pop_4_11, pop_12_17,
 *                 pupils, school_id, distance_m, beyond_limit
 *   catchments    school_id, school_name, method, zones, area_ha
 *   desire_lines  zone_id, school_id, pupils, distance_m
 *   councils      council_id, council_name
 *
 * Invariants: rows follow the region's order; zones and councils without
 * a polygon are left out (a map layer has nothing to draw for them),
 * except point zones, drawn as points when no [zone_boundaries] polygon
 * is given (report_zone_row).
 * Until scenario results are wired in, a zone's school is its nearest
 * primary school by straight line from its representative point, and
 * its pupils are the population aged 4-11 (the primary ages at mid-year).
 * The walking limit is by stage (the caller's, scenario_walk_stage_m), so
 * at one distance per zone the pupils beyond it are the share of the
 * primary stages' cohorts whose limit the distance exceeds (P1-P3 beyond
 * 2 miles, P4-P7 within 3): beyond_limit counts pupils, as in a run's
 * zones, so one style serves both.
 */
#include "report/report.h"
#include "geo/geo.h"

#include <math.h>
#include <stdlib.h>

/* Nearest mainstream primary school with a location, or -1. */
static int nearest_primary(const struct region *r, double x, double y, double *dist)
{
	int k, best = -1;
	double bd = INFINITY;

	for (k = 0; k < r->nschools; k++) {
		double d;
		if (r->schools[k].sector != LE_PRIMARY)
			continue;
		d = hypot(r->schools[k].x - x, r->schools[k].y - y);
		/* Ties go to the first school, so the result is stable. */
		if (d < bd) {
			bd = d;
			best = k;
		}
	}
	*dist = bd;
	return best;
}

static double pop_ages(const struct region *r, int z, int lo, int hi)
{
	double s = 0;
	int a;

	for (a = lo; a <= hi; a++)
		s += region_pop(r, z, a);
	return s;
}

static void schools_layer(const struct region *r, struct report_layer *l)
{
	struct le_geom pt;
	int k;

	report_layer_init(l, "schools", LE_GEOM_POINT, r->crs);
	report_layer_field(l, "school_id", REPORT_TEXT, 0);
	report_layer_field(l, "school_name", REPORT_TEXT, 0);
	report_layer_field(l, "sector", REPORT_TEXT, 0);
	report_layer_field(l, "denomination", REPORT_TEXT, 0);
	report_layer_field(l, "status", REPORT_TEXT, 0);
	report_layer_field(l, "council_id", REPORT_TEXT, 0);
	report_layer_field(l, "zone_id", REPORT_TEXT, 0);
	report_layer_field(l, "roll", REPORT_INT, 0);
	report_layer_field(l, "capacity", REPORT_INT, 0);
	report_layer_field(l, "utilisation_pct", REPORT_REAL, 1);
	report_layer_field(l, "condition", REPORT_TEXT, 0);
	le_geom_init(&pt);
	for (k = 0; k < r->nschools; k++) {
		const struct school *s = &r->schools[k];
		int row;
		le_geom_begin(&pt, LE_GEOM_POINT);
		le_geom_part(&pt);
		le_geom_point(&pt, s->x, s->y);
		le_geom_finish(&pt);
		row = report_layer_row(l, &pt);
		report_layer_set_text(l, row, 0, s->id);
		report_layer_set_text(l, row, 1, s->name);
		report_layer_set_text(l, row, 2, le_sector_name(s->sector));
		report_layer_set_text(l, row, 3, le_denom_name(s->denom));
		report_layer_set_text(l, row, 4, "open");
		report_layer_set_text(l, row, 5, s->council_id);
		report_layer_set_text(l, row, 6, s->zone_id);
		/* Missing roll or capacity (< 0) stays null, never 0: a zero
		 * would be drawn as an empty school. */
		if (s->roll >= 0)
			report_layer_set_int(l, row, 7, llround(s->roll));
		if (s->capacity >= 0)
			report_layer_set_int(l, row, 8, llround(s->capacity));
		if (s->roll >= 0 && s->capacity > 0)
			report_layer_set_real(l, row, 9, report_util_shown(report_util_pct(s->roll, s->capacity)));
		if (s->condition)
			report_layer_set_text(l, row, 10, le_grade_name(s->condition));
	}
	le_geom_release(&pt);
}

/* The share of zone z's primary pupils beyond their stage's limit at
 * dist_m: each primary stage weighs by its cohort, its two mid-year ages
 * by the stage system's younger_share (as the projection reads them). */
static double beyond_share(const struct region *r, int z, const double *stage_walk_m, double dist_m)
{
	const struct le_stages *st = &r->stages;
	double tot = 0, b = 0;
	int s;

	for (s = 0; s < st->n; s++) {
		double c;

		if (st->sector[s] != LE_PRIMARY)
			continue;
		c = st->younger_share * region_pop(r, z, st->age[s]) +
		    (1 - st->younger_share) * region_pop(r, z, st->age[s] + 1);
		tot += c;
		if (dist_m > stage_walk_m[s])
			b += c;
	}
	return tot > 0 ? b / tot : 0;
}

static void zones_layer(const struct region *r, const int *zs, const double *dist,
			const double *stage_walk_m, struct report_layer *l)
{
	int z;

	/* Point zones are drawn as points (region_zone_draw_type). */
	report_layer_init(l, "zones", region_zone_draw_type(r), r->crs);
	report_layer_field(l, "zone_id", REPORT_TEXT, 0);
	report_layer_field(l, "zone_name", REPORT_TEXT, 0);
	report_layer_field(l, "council_id", REPORT_TEXT, 0);
	report_layer_field(l, "pop_4_11", REPORT_REAL, 1);
	report_layer_field(l, "pop_12_17", REPORT_REAL, 1);
	report_layer_field(l, "pupils", REPORT_REAL, 1);
	report_layer_field(l, "school_id", REPORT_TEXT, 0);
	report_layer_field(l, "distance_m", REPORT_REAL, 0);
	report_layer_field(l, "beyond_limit", REPORT_REAL, 1);
	for (z = 0; z < r->nzones; z++) {
		const struct zone *zn = &r->zones[z];
		int row = report_zone_row(l, r, z);

		if (row < 0)
			continue;
		report_layer_set_text(l, row, 0, zn->id);
		report_layer_set_text(l, row, 1, zn->name);
		report_layer_set_text(l, row, 2, zn->council_id);
		double pupils = pop_ages(r, z, 4, 11);

		report_layer_set_real(l, row, 3, pupils);
		report_layer_set_real(l, row, 4, pop_ages(r, z, 12, 17));
		report_layer_set_real(l, row, 5, pupils);
		if (zs[z] < 0)
			continue;
		report_layer_set_text(l, row, 6, r->schools[zs[z]].id);
		report_layer_set_real(l, row, 7, dist[z]);
		report_layer_set_real(l, row, 8, pupils * beyond_share(r, z, stage_walk_m, dist[z]));
	}
}

/* A line from each zone's representative point to its school. */
static void desire_layer(const struct region *r, const int *zs, const double *dist,
			 struct report_layer *l)
{
	struct le_geom line;
	int z;

	report_layer_init(l, "desire_lines", LE_GEOM_LINESTRING, r->crs);
	report_layer_field(l, "zone_id", REPORT_TEXT, 0);
	report_layer_field(l, "school_id", REPORT_TEXT, 0);
	report_layer_field(l, "pupils", REPORT_REAL, 1);
	report_layer_field(l, "distance_m", REPORT_REAL, 0);
	le_geom_init(&line);
	for (z = 0; z < r->nzones; z++) {
		const struct zone *zn = &r->zones[z];
		const struct school *s;
		int row;
		if (zs[z] < 0 || !zn->has_geom)
			continue;
		s = &r->schools[zs[z]];
		le_geom_begin(&line, LE_GEOM_LINESTRING);
		le_geom_part(&line);
		le_geom_point(&line, zn->px, zn->py);
		le_geom_point(&line, s->x, s->y);
		le_geom_finish(&line);
		row = report_layer_row(l, &line);
		report_layer_set_text(l, row, 0, zn->id);
		report_layer_set_text(l, row, 1, s->id);
		report_layer_set_real(l, row, 2, pop_ages(r, z, 4, 11));
		report_layer_set_real(l, row, 3, dist[z]);
	}
	le_geom_release(&line);
}

void report_councils_layer(const struct region *r, struct report_layer *l)
{
	int c;

	report_layer_init(l, "councils", LE_GEOM_MULTIPOLYGON, r->crs);
	report_layer_field(l, "council_id", REPORT_TEXT, 0);
	report_layer_field(l, "council_name", REPORT_TEXT, 0);
	for (c = 0; c < r->ncouncils; c++) {
		int row;
		if (r->councils[c].geom.npoints == 0)
			continue;
		row = report_layer_row(l, &r->councils[c].geom);
		report_layer_set_text(l, row, 0, r->councils[c].id);
		report_layer_set_text(l, row, 1, r->councils[c].name);
	}
}

int report_region_layers(const struct region *r, struct geo_ctx *g, const double *stage_walk_m,
			 struct report_layer **layers, int *n, struct le_err *err)
{
	struct report_layer *l = xcalloc(5, sizeof(*l));
	int *zs = xmalloc(sizeof(int) * ((size_t)r->nzones + 1));
	double *dist = xmalloc(sizeof(double) * ((size_t)r->nzones + 1));
	char *use = xcalloc((size_t)r->nschools + 1, 1);
	int z, k, rc;

	for (z = 0; z < r->nzones; z++)
		zs[z] = r->zones[z].has_geom ? nearest_primary(r, r->zones[z].px,
							       r->zones[z].py, &dist[z]) : -1;
	for (k = 0; k < r->nschools; k++)
		use[k] = r->schools[k].sector == LE_PRIMARY;
	schools_layer(r, &l[0]);
	zones_layer(r, zs, dist, stage_walk_m, &l[1]);
	rc = report_catchments_layer(r, g, zs, use, &l[2], err);
	desire_layer(r, zs, dist, &l[3]);
	report_councils_layer(r, &l[4]);
	free(use);
	free(dist);
	free(zs);
	if (rc) {
		for (k = 0; k < 5; k++)
			report_layer_release(&l[k]);
		free(l);
		*layers = NULL;
		*n = 0;
		return rc;
	}
	*layers = l;
	*n = 5;
	return LE_OK;
}
