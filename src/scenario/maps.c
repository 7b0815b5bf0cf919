/*
 * maps.c: the map outputs of `estate run` (and of `estate export` for a
 * study with scenarios): scenario_layers turns one scenario_result into
 * the generic report layers (schools, zones, catchments, desire_lines,
 * changes), and scenario_maps_write hands every scenario's layers to the
 * report writers: one GeoPackage with a "scenario" column, GeoJSON per
 * layer and scenario, and the board's summary.html.
 *
 * Invariants:
 *  - every layer has "scenario" as its first field and the same fields
 *    for every scenario, so the GeoPackage holds one table per layer (the
 *    QGIS styles in layer_styles are keyed by layer name and keep
 *    applying) and a user filters by scenario;
 *  - the zones, catchments and desire lines show the horizon year (the
 *    last reported year), the schools every reported year plus the
 *    horizon's values under the names the styles use (roll,
 *    utilisation_pct);
 *  - rows follow index order (schools and zones as loaded, new schools
 *    after them, changes as in the file), so equal inputs give equal
 *    bytes; nothing here reads the clock;
 *  - a zone's primary and secondary pupils are shown separately, each
 *    summed over the streams (non-denominational, RC, Gaelic): the main
 *    fields (pupils, school_id, distance_m, beyond_limit) are primary's,
 *    the sector most closures and catchment reviews are about;
 *  - a catchment is drawn per primary and secondary school for its own
 *    sector and stream (an RC school's from its RC pupils), and each
 *    school row says whether it has one or why not (catchment_note), so
 *    the two layers always agree.
 */
#include "scenario/scenario.h"
#include "report/report.h"
#include "geo/geo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Allocation entries below this many pupils are LP round-off, not a
 * journey worth a line on a map. */
#define MAPS_MIN_PUPILS 1e-6


/* Index of the horizon year: the last reported year the model covers. */
static int horizon_index(const struct scenario_result *res, const int *years, int n)
{
	int j, h = 0;

	for (j = 0; j < n; j++) {
		int y = years[j] - res->base_year;

		if (y >= 0 && y < res->nyears)
			h = y;
	}
	return h;
}

static void point(struct le_geom *gm, double x, double y)
{
	le_geom_begin(gm, LE_GEOM_POINT);
	le_geom_part(gm);
	le_geom_point(gm, x, y);
	le_geom_finish(gm);
}

/* ---------------------------------------------------------------- schools */

/* Has the zone a polygon for catchment areas (its own, or a point
 * zone's from [zone_boundaries])? */
static int zone_drawn(const struct zone *zn)
{
	return region_zone_polygon(zn) != NULL;
}

/*
 * Why school k has a catchment in the horizon h, or why not: the
 * catchments layer's rule (catchments_layer, catchments_voronoi) put
 * in words for the schools layer, so that a school without an area on
 * the map says so.
 */
static const char *catchment_note(const struct scenario_result *res,
				  const struct scenario_world *w, int h, int k)
{
	const struct region *r = w->r;
	int st = res->status[(size_t)h * res->nschools + k], cg = scenario_school_group(w, &w->s[k]);
	int z, drawn = 0;

	if (cg < 0)
		return "none: special schools place by need";
	if (st == SCENARIO_CLOSED || st == SCENARIO_PLANNED || st == SCENARIO_ABSENT)
		return "none: not open in the horizon";
	for (z = 0; z < r->nzones; z++) {
		size_t i = (size_t)h * res->nkeys + (size_t)SCENARIO_KEY(&res->grp, z, cg);

		if (!zone_drawn(&r->zones[z]))
			continue;
		drawn = 1;
		if (res->pupils[i] > 0 && res->school[i] == k)
			return "zones";
	}
	if (!drawn)
		return w->s[k].sector == LE_PRIMARY && k < r->nschools ? "voronoi" :
		       "none: no zone polygons (Voronoi cells are drawn for primaries only)";
	return "none: no zone sends it the largest share of its pupils";
}

/* Roll, capacity and utilisation of school k in year y into fields f,
 * f + 1, f + 2. Before it opens a school has none; a closed school
 * offers no places (its roll, 0 or held pupils, is still shown). */
static void school_year(struct report_layer *l, int row, int f,
			const struct scenario_result *res, int y, int k)
{
	size_t i = (size_t)y * res->nschools + k;
	int st = res->status[i];
	double cap = res->capacity[i];

	if (st == SCENARIO_ABSENT || st == SCENARIO_PLANNED)
		return;
	report_layer_set_int(l, row, f, llround(res->roll[i]));
	if (st == SCENARIO_CLOSED || cap < 0)
		return;
	report_layer_set_int(l, row, f + 1, llround(cap));
	/* Stored as shown (one decimal), so that the QGIS style's ranges
	 * (lower < v <= upper) band it as report_util_band does. */
	if (cap > 0)
		report_layer_set_real(l, row, f + 2,
				      report_util_shown(report_util_pct(res->roll[i], cap)));
}

/* The horizon's band name (report_util_band, the KPIs' rule): "n/a"
 * without a capacity; empty when the school offers no places (closed,
 * planned). */
static void school_band(struct report_layer *l, int row, int f,
			const struct scenario_result *res, int y, int k)
{
	size_t i = (size_t)y * res->nschools + k;
	int st = res->status[i];

	if (st == SCENARIO_ABSENT || st == SCENARIO_PLANNED || st == SCENARIO_CLOSED)
		return;
	report_layer_set_text(l, row, f, report_util_band_name(
		report_util_band(report_util_pct(res->roll[i], res->capacity[i]))));
}

static void schools_layer(const struct scenario_result *res, const struct scenario_world *w,
			  const int *yi, int ny, int h, struct report_layer *l)
{
	struct le_geom pt;
	struct buf name;
	int j, k, f_year, f_h;

	report_layer_init(l, "schools", LE_GEOM_POINT, w->r->crs);
	report_layer_field(l, "scenario", REPORT_TEXT, 0);
	report_layer_field(l, "school_id", REPORT_TEXT, 0);
	report_layer_field(l, "school_name", REPORT_TEXT, 0);
	report_layer_field(l, "sector", REPORT_TEXT, 0);
	report_layer_field(l, "status", REPORT_TEXT, 0);
	f_year = l->nfields;
	buf_init(&name);
	for (j = 0; j < ny; j++) {
		int year = res->base_year + yi[j];

		buf_reset(&name);
		buf_addf(&name, "roll_%d", year);
		report_layer_field(l, name.s, REPORT_INT, 0);
		buf_reset(&name);
		buf_addf(&name, "capacity_%d", year);
		report_layer_field(l, name.s, REPORT_INT, 0);
		buf_reset(&name);
		buf_addf(&name, "utilisation_pct_%d", year);
		report_layer_field(l, name.s, REPORT_REAL, 1);
	}
	buf_release(&name);
	/* The horizon's values again under the names the QGIS style and the
	 * page's map use: a style cannot follow a year in a field name. */
	f_h = l->nfields;
	report_layer_field(l, "roll", REPORT_INT, 0);
	report_layer_field(l, "capacity", REPORT_INT, 0);
	report_layer_field(l, "utilisation_pct", REPORT_REAL, 1);
	report_layer_field(l, "condition", REPORT_TEXT, 0);
	report_layer_field(l, "utilisation_band", REPORT_TEXT, 0);
	/* What a planner filters and labels by: the denomination as the
	 * school file words it, the English-medium stream the school
	 * serves (nd, rc), Gaelic-medium provision, the stages taught. */
	report_layer_field(l, "denomination", REPORT_TEXT, 0);
	report_layer_field(l, "stream", REPORT_TEXT, 0);
	report_layer_field(l, "gaelic", REPORT_INT, 0);
	report_layer_field(l, "stages", REPORT_TEXT, 0);
	report_layer_field(l, "catchment", REPORT_TEXT, 0);
	buf_init(&name);
	le_geom_init(&pt);
	for (k = 0; k < w->n; k++) {
		size_t i = (size_t)h * res->nschools + k;
		int row;

		if (res->status[i] == SCENARIO_ABSENT)
			continue;
		point(&pt, w->s[k].x, w->s[k].y);
		row = report_layer_row(l, &pt);
		report_layer_set_text(l, row, 0, res->name);
		report_layer_set_text(l, row, 1, w->s[k].id);
		report_layer_set_text(l, row, 2, w->s[k].name);
		report_layer_set_text(l, row, 3, le_sector_name(w->s[k].sector));
		report_layer_set_text(l, row, 4, scenario_status_name(res->status[i]));
		for (j = 0; j < ny; j++)
			school_year(l, row, f_year + 3 * j, res, yi[j], k);
		school_year(l, row, f_h, res, h, k);
		if (res->condition[i])
			report_layer_set_text(l, row, f_h + 3, le_grade_name(res->condition[i]));
		school_band(l, row, f_h + 4, res, h, k);
		/* New schools (k >= nbase) have no row in the school file. */
		report_layer_set_text(l, row, f_h + 5, k < w->nbase ? w->r->schools[k].denom_text :
				      le_denom_name(w->s[k].stream == MODEL_RC ? LE_RC : LE_NONDENOM));
		report_layer_set_text(l, row, f_h + 6, le_stream_name(w->s[k].stream));
		report_layer_set_int(l, row, f_h + 7, w->s[k].gaelic != 0);
		le_stages_text(&w->r->stages, w->s[k].stages, &name);
		if (name.len)
			report_layer_set_text(l, row, f_h + 8, name.s);
		report_layer_set_text(l, row, f_h + 9, catchment_note(res, w, h, k));
	}
	buf_release(&name);
	le_geom_release(&pt);
}

/* ---------------------------------------------------------------- zones */

/* A zone's pupils of one sector in year y, summed over the streams. */
struct zone_sum {
	double pupils, beyond, unplaced;
	double dist_m, time_s;          /* pupil-weighted means; NaN unknown */
	int school;                     /* world index of the largest share */
	int straight;
};

static void zone_sum(const struct scenario_result *res, int y, int z, int sector,
		     struct zone_sum *o)
{
	double best = 0, wd = 0, sd = 0, wt = 0, st = 0;
	int g;

	memset(o, 0, sizeof(*o));
	o->school = -1;
	for (g = 0; g < res->grp.nkg; g++) {
		size_t i = (size_t)y * res->nkeys + (size_t)SCENARIO_KEY(&res->grp, z, g);
		double p = res->pupils[i];

		if (SCENARIO_GROUP_SECTOR(&res->grp, g) != sector || p <= 0)
			continue;
		o->pupils += p;
		o->beyond += res->beyond[i];
		o->unplaced += res->unplaced[i];
		if (res->dist_m[i] >= 0) {
			sd += p * res->dist_m[i];
			wd += p;
		}
		if (res->time_s[i] >= 0) {
			st += p * res->time_s[i];
			wt += p;
		}
		o->straight |= res->straight[i] != 0;
		/* The stream with the most pupils names the zone's school;
		 * ties keep the first group, so the choice is stable. */
		if (res->school[i] >= 0 && p > best) {
			best = p;
			o->school = res->school[i];
		}
	}
	o->dist_m = wd > 0 ? sd / wd : NAN;
	o->time_s = wt > 0 ? st / wt : NAN;
}

static void zones_layer(const struct scenario_result *res, const struct scenario_world *w,
			int h, struct report_layer *l)
{
	static const char *const names[2][7] = {
		{ "pupils", "school_id", "distance_m", "time_s", "beyond_limit",
		  "unplaced", "straight_line" },
		{ "secondary_pupils", "secondary_school_id", "secondary_distance_m",
		  "secondary_time_s", "secondary_beyond_limit", "secondary_unplaced",
		  "secondary_straight_line" },
	};
	const struct region *r = w->r;
	int z, sec;

	/* Point zones are drawn as points (region_zone_draw_type). */
	report_layer_init(l, "zones", region_zone_draw_type(r), r->crs);
	report_layer_field(l, "scenario", REPORT_TEXT, 0);
	report_layer_field(l, "zone_id", REPORT_TEXT, 0);
	report_layer_field(l, "zone_name", REPORT_TEXT, 0);
	report_layer_field(l, "year", REPORT_INT, 0);
	for (sec = 0; sec < 2; sec++) {
		report_layer_field(l, names[sec][0], REPORT_REAL, 1);
		report_layer_field(l, names[sec][1], REPORT_TEXT, 0);
		report_layer_field(l, names[sec][2], REPORT_REAL, 0);
		report_layer_field(l, names[sec][3], REPORT_REAL, 0);
		report_layer_field(l, names[sec][4], REPORT_REAL, 1);
		report_layer_field(l, names[sec][5], REPORT_REAL, 1);
		report_layer_field(l, names[sec][6], REPORT_INT, 0);
	}
	for (z = 0; z < r->nzones; z++) {
		int row = report_zone_row(l, r, z);

		if (row < 0)
			continue;
		report_layer_set_text(l, row, 0, res->name);
		report_layer_set_text(l, row, 1, r->zones[z].id);
		report_layer_set_text(l, row, 2, r->zones[z].name);
		report_layer_set_int(l, row, 3, res->base_year + h);
		for (sec = 0; sec < 2; sec++) {
			struct zone_sum zs;
			int f = 4 + 7 * sec;

			zone_sum(res, h, z, sec, &zs);
			/* A zone without pupils of the sector has no school or
			 * distance: nulls, not zeros that would read as "next
			 * door". */
			report_layer_set_real(l, row, f, zs.pupils);
			if (zs.pupils <= 0)
				continue;
			if (zs.school >= 0)
				report_layer_set_text(l, row, f + 1, w->s[zs.school].id);
			report_layer_set_real(l, row, f + 2, zs.dist_m);
			report_layer_set_real(l, row, f + 3, zs.time_s);
			report_layer_set_real(l, row, f + 4, zs.beyond);
			report_layer_set_real(l, row, f + 5, zs.unplaced);
			report_layer_set_int(l, row, f + 6, zs.straight);
		}
	}
}

/* ---------------------------------------------------------------- catchments */

static void catchment_fields(struct report_layer *l, const char *crs)
{
	report_layer_init(l, "catchments", LE_GEOM_MULTIPOLYGON, crs);
	report_layer_field(l, "scenario", REPORT_TEXT, 0);
	report_layer_field(l, "school_id", REPORT_TEXT, 0);
	report_layer_field(l, "school_name", REPORT_TEXT, 0);
	report_layer_field(l, "method", REPORT_TEXT, 0);
	report_layer_field(l, "zones", REPORT_INT, 0);
	report_layer_field(l, "area_ha", REPORT_REAL, 2);
	/* The pupils the catchment is drawn for: the school's own sector
	 * and English-medium stream (an RC secondary's catchment is the
	 * zones whose RC secondary pupils it takes most of). */
	report_layer_field(l, "sector", REPORT_TEXT, 0);
	report_layer_field(l, "stream", REPORT_TEXT, 0);
}

/*
 * Without zone polygons: the Voronoi cells of report_catchments_layer,
 * for the region's primary schools open in the horizon (its layer knows
 * region schools only, so a new school gets no cell there; noted in the
 * README).
 */
static int catchments_voronoi(const struct scenario_result *res,
			      const struct scenario_world *w, struct geo_ctx *g, int h,
			      struct report_layer *l, struct le_err *err)
{
	const struct region *r = w->r;
	struct report_layer tmp;
	int *zs = xcalloc((size_t)r->nzones + 1, sizeof(int));
	char *use = xcalloc((size_t)r->nschools + 1, 1);
	int k, i, rc;

	for (i = 0; i < r->nzones; i++)
		zs[i] = -1;
	for (k = 0; k < r->nschools; k++) {
		int st = res->status[(size_t)h * res->nschools + k];

		use[k] = w->s[k].sector == LE_PRIMARY && st != SCENARIO_CLOSED &&
			 st != SCENARIO_ABSENT && st != SCENARIO_PLANNED;
	}
	rc = report_catchments_layer(r, g, zs, use, &tmp, err);
	for (i = 0; !rc && i < tmp.nrows; i++) {
		int row = report_layer_row(l, &tmp.geoms[i]), f;

		report_layer_set_text(l, row, 0, res->name);
		for (f = 0; f < 3; f++)
			report_layer_set_text(l, row, 1 + f, report_layer_cell(&tmp, i, f)->s);
		report_layer_set_int(l, row, 4, report_layer_cell(&tmp, i, 3)->i);
		report_layer_set_real(l, row, 5, report_layer_cell(&tmp, i, 4)->r);
		/* Cells of every open primary, whatever its stream. */
		report_layer_set_text(l, row, 6, le_sector_name(LE_PRIMARY));
	}
	report_layer_release(&tmp);
	free(use);
	free(zs);
	return rc;
}

/*
 * Catchment unions already computed in this write, per world school: the
 * zone list and its union. Most options change few catchments, so the
 * other scenarios' schools serve the very same zones as in the baseline
 * and get a copy of the same union instead of a new GEOS union (the
 * largest cost of the maps for all of Scotland). Same zone list, same
 * polygons, same deterministic union: the bytes are those of a fresh one.
 */
struct catch_cache {
	int n;                  /* world schools */
	int *nz;                /* per school: zones in the list, -1 none yet */
	int **zones;            /* per school: the zone list (owned) */
	struct le_geom *u;      /* per school: their union */
};

static void catch_cache_init(struct catch_cache *c, int n)
{
	int k;

	c->n = n;
	c->nz = xmalloc(sizeof(int) * ((size_t)n + 1));
	c->zones = xcalloc((size_t)n + 1, sizeof(int *));
	c->u = xcalloc((size_t)n + 1, sizeof(*c->u));
	for (k = 0; k < n; k++)
		c->nz[k] = -1;
}

static void catch_cache_release(struct catch_cache *c)
{
	int k;

	for (k = 0; k < c->n; k++) {
		free(c->zones[k]);
		if (c->nz[k] >= 0)
			le_geom_release(&c->u[k]);
	}
	free(c->nz);
	free(c->zones);
	free(c->u);
}

/*
 * The union of the zones each school serves: per primary and secondary
 * school, the zones whose pupils of the school's own group (sector and
 * stream) it takes the largest share of. So non-denominational and RC
 * schools, primary and secondary, each get their catchment, and the
 * catchments of one group cover exactly the zones with that group's
 * pupils placed (test_scenario.c checks the primary areas). Over the
 * world's schools, so a new school gets its catchment too.
 */
static int catchments_layer(const struct scenario_result *res, const struct scenario_world *w,
			    struct geo_ctx *g, int h, struct catch_cache *cache,
			    struct report_layer *l, struct le_err *err)
{
	const struct region *r = w->r;
	struct le_geom *polys;
	int *idx, *first, *next, z, k, n, q, rc = LE_OK;
	size_t nq = (size_t)r->nzones * (size_t)res->grp.nkg;

	catchment_fields(l, r->crs);
	for (z = 0, n = 0; z < r->nzones; z++)
		n += zone_drawn(&r->zones[z]);
	if (n == 0)
		return catchments_voronoi(res, w, g, h, l, err);
	polys = xcalloc((size_t)r->nzones + 1, sizeof(*polys));
	idx = xcalloc((size_t)r->nzones + 1, sizeof(*idx));
	first = xmalloc(sizeof(int) * ((size_t)w->n + 1));
	next = xmalloc(sizeof(int) * (nq + 1));
	for (k = 0; k < w->n; k++)
		first[k] = -1;
	/* Borrowed views of the zone polygons: geo_union only reads them.
	 * Keys (zone, group) are linked per school backwards, so each list
	 * runs in zone order (a school has one group: one key per zone). */
	for (z = r->nzones - 1; z >= 0; z--)
		if (zone_drawn(&r->zones[z]))
			polys[z] = *region_zone_polygon(&r->zones[z]);
	for (q = (int)nq - 1; q >= 0; q--) {
		size_t i = (size_t)h * res->nkeys + (size_t)q;

		next[q] = -1;
		z = SCENARIO_KEY_ZONE(&res->grp, q);
		if (!zone_drawn(&r->zones[z]) || res->pupils[i] <= 0 || (k = res->school[i]) < 0 ||
		    scenario_school_group(w, &w->s[k]) != SCENARIO_KEY_GROUP(&res->grp, q))
			continue;
		next[q] = first[k];
		first[k] = q;
	}
	for (k = 0; k < w->n && !rc; k++) {
		struct le_geom u;
		int row, cg = scenario_school_group(w, &w->s[k]);

		for (n = 0, q = first[k]; q >= 0; q = next[q])
			idx[n++] = SCENARIO_KEY_ZONE(&res->grp, q);
		if (n == 0)
			continue;
		if (cache && cache->nz[k] == n &&
		    !memcmp(cache->zones[k], idx, sizeof(int) * (size_t)n)) {
			le_geom_init(&u);
			le_geom_copy(&u, &cache->u[k]);
		} else if ((rc = geo_union(g, polys, idx, n, &u, err))) {
			break;
		} else if (cache && cache->nz[k] < 0) {
			/* The first scenario's (the baseline's) union. */
			cache->nz[k] = n;
			cache->zones[k] = xmalloc(sizeof(int) * (size_t)n);
			memcpy(cache->zones[k], idx, sizeof(int) * (size_t)n);
			le_geom_init(&cache->u[k]);
			le_geom_copy(&cache->u[k], &u);
		}
		if (u.npoints > 0) {
			row = report_layer_row(l, &u);
			report_layer_set_text(l, row, 0, res->name);
			report_layer_set_text(l, row, 1, w->s[k].id);
			report_layer_set_text(l, row, 2, w->s[k].name);
			report_layer_set_text(l, row, 3, "zones");
			report_layer_set_int(l, row, 4, n);
			/* Hectares, as planners quote areas. */
			report_layer_set_real(l, row, 5, geo_area(g, &u) / 10000.0);
			report_layer_set_text(l, row, 6, le_sector_name(w->s[k].sector));
			report_layer_set_text(l, row, 7, le_stream_name(SCENARIO_GROUP_STREAM(cg)));
		}
		le_geom_release(&u);
	}
	free(next);
	free(first);
	free(idx);
	free(polys);
	return rc;
}

/* ---------------------------------------------------------------- desire lines */

static void desire_layer(const struct scenario_result *res, const struct scenario_world *w,
			 int h, struct report_layer *l)
{
	const struct region *r = w->r;
	const struct scenario_alloc *a = &res->years[h];
	struct le_geom line;
	struct buf lab[LE_MAX_STAGES];
	int z, g, e, j;

	report_layer_init(l, "desire_lines", LE_GEOM_LINESTRING, r->crs);
	report_layer_field(l, "scenario", REPORT_TEXT, 0);
	report_layer_field(l, "zone_id", REPORT_TEXT, 0);
	report_layer_field(l, "school_id", REPORT_TEXT, 0);
	report_layer_field(l, "sector", REPORT_TEXT, 0);
	report_layer_field(l, "stream", REPORT_TEXT, 0);
	report_layer_field(l, "pupils", REPORT_REAL, 1);
	report_layer_field(l, "distance_m", REPORT_REAL, 0);
	report_layer_field(l, "time_s", REPORT_REAL, 0);
	report_layer_field(l, "straight_line", REPORT_INT, 0);
	le_geom_init(&line);
	/* "secondary", or the stage group where the sector is split. */
	for (j = 0; j < res->grp.n; j++) {
		buf_init(&lab[j]);
		scenario_groups_label(&res->grp, &r->stages, j, &lab[j]);
	}
	for (z = 0; z < r->nzones; z++) {
		/* A zone without a polygon has no point to start from. */
		if (!r->zones[z].has_geom)
			continue;
		for (g = 0; g < res->grp.nkg; g++) {
			int q = SCENARIO_KEY(&res->grp, z, g);

			for (e = a->start[q]; e < a->start[q + 1]; e++) {
				int k = a->school[e], row;

				if (k < 0 || a->pupils[e] <= MAPS_MIN_PUPILS)
					continue;
				le_geom_begin(&line, LE_GEOM_LINESTRING);
				le_geom_part(&line);
				le_geom_point(&line, r->zones[z].px, r->zones[z].py);
				le_geom_point(&line, w->s[k].x, w->s[k].y);
				le_geom_finish(&line);
				row = report_layer_row(l, &line);
				report_layer_set_text(l, row, 0, res->name);
				report_layer_set_text(l, row, 1, r->zones[z].id);
				report_layer_set_text(l, row, 2, w->s[k].id);
				report_layer_set_text(l, row, 3, lab[SCENARIO_GROUP_SG(g)].s);
				report_layer_set_text(l, row, 4, le_stream_name(SCENARIO_GROUP_STREAM(g)));
				report_layer_set_real(l, row, 5, a->pupils[e]);
				if (a->dist_m[e] >= 0)
					report_layer_set_real(l, row, 6, a->dist_m[e]);
				if (a->time_s[e] >= 0)
					report_layer_set_real(l, row, 7, a->time_s[e]);
				report_layer_set_int(l, row, 8, a->straight[e] != 0);
			}
		}
	}
	for (j = 0; j < res->grp.n; j++)
		buf_release(&lab[j]);
	le_geom_release(&line);
}

/* ---------------------------------------------------------------- changes */

void scenario_change_describe(struct buf *b, const struct scenario_change *c,
			      const struct scenario_world *w)
{
	const char *name = c->school >= 0 ? w->s[c->school].name : "";
	int i;

	buf_reset(b);
	switch (c->kind) {
	case SCENARIO_CLOSE:
		buf_addf(b, "close %s", name);
		break;
	case SCENARIO_MERGE:
		buf_adds(b, "merge ");
		for (i = 0; i < c->nschools; i++)
			buf_addf(b, "%s%s", i ? (i + 1 < c->nschools ? ", " : " and ") : "",
				 w->s[c->schools[i]].name);
		buf_addf(b, " on the site of %s", name);
		if (c->places >= 0)
			buf_addf(b, " (%.0f places)", c->places);
		break;
	case SCENARIO_NEW:
		buf_addf(b, "new %s school %s", le_sector_name(w->s[c->school].sector), name);
		if (w->s[c->school].capacity >= 0)
			buf_addf(b, " (%.0f places)", w->s[c->school].capacity);
		break;
	case SCENARIO_EXTEND:
	case SCENARIO_REDUCE:
		buf_addf(b, "%s %s by %.0f places", c->kind == SCENARIO_EXTEND ? "extend" : "reduce",
			 name, c->places);
		break;
	case SCENARIO_CATCHMENT_CHANGE:
		buf_addf(b, "%d zone%s to %s", c->nzones, c->nzones == 1 ? "" : "s", name);
		/* A change of one stream (`stream = `) says which. */
		for (i = 0; i < LE_NSTREAMS; i++)
			if (c->streams == 1u << i)
				buf_addf(b, " (%s pupils)", le_stream_label(i));
		break;
	case SCENARIO_REFURBISH:
		buf_addf(b, "refurbish %s", name);
		if (c->condition)
			buf_addf(b, " to condition %s", le_grade_name(c->condition));
		break;
	default:
		buf_addf(b, "%.0f %s units", c->site.units,
			 c->site.dwelling == MODEL_FLAT ? "flat" : "house");
		if (c->site.zone >= 0)
			buf_addf(b, " in zone %s", w->r->zones[c->site.zone].id);
		break;
	}
}

static void changes_layer(const struct scenario_result *res, const struct scenario_world *w,
			  struct report_layer *l)
{
	const struct scenario *sc = res->sc;
	struct le_geom pt;
	struct buf text;
	int i;

	report_layer_init(l, "changes", LE_GEOM_POINT, w->r->crs);
	report_layer_field(l, "scenario", REPORT_TEXT, 0);
	report_layer_field(l, "change", REPORT_TEXT, 0);
	report_layer_field(l, "year", REPORT_INT, 0);
	report_layer_field(l, "school_id", REPORT_TEXT, 0);
	report_layer_field(l, "school_name", REPORT_TEXT, 0);
	report_layer_field(l, "places", REPORT_REAL, 0);
	report_layer_field(l, "description", REPORT_TEXT, 0);
	le_geom_init(&pt);
	buf_init(&text);
	for (i = 0; sc && i < sc->n; i++) {
		const struct scenario_change *c = &sc->v[i];
		int row;

		/* Housing sits at its zone's point; everything else at the
		 * school it changes (a merger at its site, a catchment change
		 * at the school receiving the zones). */
		le_geom_release(&pt);
		le_geom_init(&pt);
		if (c->kind == SCENARIO_HOUSING) {
			if (c->site.zone >= 0 && w->r->zones[c->site.zone].has_geom)
				point(&pt, w->r->zones[c->site.zone].px, w->r->zones[c->site.zone].py);
		} else if (c->school >= 0) {
			point(&pt, w->s[c->school].x, w->s[c->school].y);
		}
		row = report_layer_row(l, &pt);
		report_layer_set_text(l, row, 0, res->name);
		report_layer_set_text(l, row, 1, scenario_kind_name(c->kind));
		report_layer_set_int(l, row, 2, c->year);
		if (c->kind != SCENARIO_HOUSING && c->school >= 0) {
			report_layer_set_text(l, row, 3, w->s[c->school].id);
			report_layer_set_text(l, row, 4, w->s[c->school].name);
		}
		if (c->kind == SCENARIO_EXTEND || c->kind == SCENARIO_REDUCE ||
		    (c->kind == SCENARIO_MERGE && c->places >= 0))
			report_layer_set_real(l, row, 5, c->places);
		else if (c->kind == SCENARIO_NEW && w->s[c->school].capacity >= 0)
			report_layer_set_real(l, row, 5, w->s[c->school].capacity);
		scenario_change_describe(&text, c, w);
		report_layer_set_text(l, row, 6, text.s);
	}
	buf_release(&text);
	le_geom_release(&pt);
}

/* ---------------------------------------------------------------- layers */

/* scenario_layers with the catchment unions of earlier scenarios
 * (cache, or NULL: every union computed). */
static int layers_cached(const struct scenario_result *res, const struct scenario_world *w,
			 const int *years, int nyears_rep, struct geo_ctx *g,
			 struct catch_cache *cache, struct report_layer *out,
			 struct le_err *err)
{
	int *yi = xcalloc((size_t)nyears_rep + 1, sizeof(int));
	int h = horizon_index(res, years, nyears_rep), ny = 0, j, i, rc;

	/* Reported years in range, each once, in the order given. */
	for (j = 0; j < nyears_rep; j++) {
		int y = years[j] - res->base_year, dup = 0;

		for (i = 0; i < ny; i++)
			dup |= yi[i] == y;
		if (y >= 0 && y < res->nyears && !dup)
			yi[ny++] = y;
	}
	schools_layer(res, w, yi, ny, h, &out[SCENARIO_L_SCHOOLS]);
	zones_layer(res, w, h, &out[SCENARIO_L_ZONES]);
	rc = catchments_layer(res, w, g, h, cache, &out[SCENARIO_L_CATCHMENTS], err);
	desire_layer(res, w, h, &out[SCENARIO_L_DESIRE]);
	changes_layer(res, w, &out[SCENARIO_L_CHANGES]);
	free(yi);
	return rc;
}

int scenario_layers(const struct scenario_result *res, const struct scenario_world *w,
		    const int *years, int nyears_rep, struct geo_ctx *g,
		    struct report_layer *out, struct le_err *err)
{
	return layers_cached(res, w, years, nyears_rep, g, NULL, out, err);
}

/* ---------------------------------------------------------------- write */

int scenario_maps_write(struct scenario_result *const *res, int nres,
			const struct scenario_world *w, const int *years, int nyears_rep,
			struct geo_ctx *g, const char *styles_dir,
			const struct scenario_paper *paper, int formats, const char *dir,
			struct le_err *err)
{
	struct report_layer *L = xcalloc((size_t)nres * SCENARIO_NLAYERS + 1, sizeof(*L));
	struct catch_cache cache;
	struct buf path;
	int r, i, h, rc = LE_OK;

	buf_init(&path);
	if (nres <= 0)
		goto done;
	h = horizon_index(res[0], years, nyears_rep);
	catch_cache_init(&cache, w->n);
	for (r = 0; r < nres && !rc; r++)
		rc = layers_cached(res[r], w, years, nyears_rep, g, &cache,
				   &L[r * SCENARIO_NLAYERS], err);
	catch_cache_release(&cache);
	if (rc || (rc = io_mkdirs(dir, err)))
		goto done;
	if (formats & SCENARIO_MAP_GPKG) {
		/* One table per layer with every scenario's rows, baseline
		 * first: the styles key on the layer name. L is part-major
		 * (scenario r's layer i is L[r * SCENARIO_NLAYERS + i]), so
		 * the scenarios' layers are written as parts of one table,
		 * without a copy of them all (a third of the memory of a
		 * run over all of Scotland). */
		struct report_gpkg_opts o;
		struct report_layer councils;
		const char **names = xcalloc((size_t)nres + 1, sizeof(char *));

		buf_addf(&path, "%s/estate.gpkg", dir);
		/* The council boundary is written once, and the QGIS project
		 * gets one map theme per scenario. */
		for (r = 0; r < nres; r++)
			names[r] = res[r]->name;
		report_councils_layer(w->r, &councils);
		memset(&o, 0, sizeof(o));
		o.styles_dir = styles_dir;
		o.part_field = "scenario";
		o.part_names = names;
		o.shared = councils.nrows ? &councils : NULL;
		o.nshared = councils.nrows ? 1 : 0;
		o.title = paper && paper->title ? paper->title : "estate scenarios";
		rc = report_gpkg_write_study(path.s, L, SCENARIO_NLAYERS, nres, &o, g, err);
		report_layer_release(&councils);
		free(names);
		if (rc)
			goto done;
	}
	if (formats & SCENARIO_MAP_GEOJSON) {
		buf_reset(&path);
		buf_addf(&path, "%s/geojson", dir);
		if ((rc = io_mkdirs(path.s, err)))
			goto done;
		/* One memo for all scenarios: the transform to lon/lat is
		 * built once and the baseline's transformed zones and
		 * schools serve every scenario whose rows are the same. */
		struct report_gj_memo *memo = report_gj_memo_new();

		for (r = 0; r < nres && !rc; r++) {
			char *prefix = xmalloc(strlen(res[r]->name) + 2);

			sprintf(prefix, "%s_", res[r]->name);
			rc = report_geojson_write_memo(path.s, prefix, &L[r * SCENARIO_NLAYERS],
						       SCENARIO_NLAYERS, g, memo, err);
			free(prefix);
		}
		report_gj_memo_free(memo);
		if (rc)
			goto done;
	}
	if (formats & SCENARIO_MAP_HTML)
		rc = scenario_paper_write(res, nres, w, L, years, nyears_rep, h, paper, dir, err);
done:
	for (i = 0; i < nres * SCENARIO_NLAYERS; i++)
		report_layer_release(&L[i]);
	free(L);
	buf_release(&path);
	return rc;
}
