/*
 * load.c: load_region: every layer of a study in order (boundaries, zones,
 * population, schools), then the joins between them.
 *
 * Join findings are warnings: a planner needs the whole list at once, and
 * a region with a few unmatched zones can still be planned. Order of the
 * findings is the order of the input files, so reports are stable.
 *
 * Load order is fixed by the joins: councils first (zones and schools name
 * their council), then zones (polygons), then population (which adds the
 * zones that have residents but no polygon, the 8 Edinburgh data zones the
 * issue asks `estate check` to show), then schools, which are placed in
 * zones by point-in-polygon. Only schools are compulsory; every other
 * layer is optional and its joins are skipped when it is absent.
 *
 * Hard errors (unreadable file, bad value, duplicate id) stop the load at
 * the first one; join problems never do.
 */
#include "load/load_int.h"

#include <stdlib.h>
#include <string.h>

static void join_zones(const struct study *s, struct region *r, int pkind,
		       struct le_diags *d)
{
	char ref[200];
	const char *zfile = s->layers[STUDY_ZONES].file;
	const char *pfile = s->layers[STUDY_POPULATION].file;
	int have_zones = s->layers[STUDY_ZONES].present;
	int have_pop = s->layers[STUDY_POPULATION].present;
	int i;

	for (i = 0; i < r->nzones; i++) {
		struct zone *z = &r->zones[i];
		if (z->council_id) {
			z->council = region_council(r, z->council_id);
			/* Only meaningful when a boundaries layer was
			 * given; without one every council id would be
			 * "unknown". */
			if (z->council < 0 && r->ncouncils)
				le_diag_add(d, LE_WARNING, "zone council unknown",
					    "%s: zone '%s': council '%s' is not in the boundaries layer",
					    region_where(z->where), z->id, z->council_id);
		}
		/* Each half of the population/polygon join is only checked
		 * when both layers exist: a study with no zones layer has
		 * no polygons to miss. */
		if (have_zones && z->has_pop && !z->has_geom)
			le_diag_add(d, LE_WARNING, "population without polygon",
				    "zone '%s' has population (%s %s) but no polygon in %s",
				    z->id, pfile, io_ref(pkind, z->pop_row, 0, ref, sizeof(ref)),
				    zfile);
		if (have_pop && z->has_geom && !z->has_pop)
			le_diag_add(d, LE_WARNING, "polygon without population",
				    "%s: zone '%s' has a polygon but no population in %s",
				    region_where(z->where), z->id, pfile);
	}
}

static int join_schools(struct geo_ctx *g, struct region *r,
			struct le_diags *d, struct le_err *err)
{
	struct geo_index *ix = NULL;
	struct le_geom *polys;
	int i, npoly = 0;

	/* Point zones have no polygon to hold a school: with only those
	 * the check is skipped rather than flagging every school. */
	for (i = 0; i < r->nzones; i++)
		npoly += r->zones[i].has_geom && r->zones[i].geom.npoints > 0;
	if (npoly) {
		/* Index over all zones; zones without polygons are empty and skipped. */
		/* A shallow copy of the zone geometries: geo_index_new
		 * copies what it needs, so the region keeps ownership and
		 * polys is only the array. */
		polys = xmalloc(sizeof(*polys) * (size_t)r->nzones);
		for (i = 0; i < r->nzones; i++)
			polys[i] = r->zones[i].geom;
		ix = geo_index_new(g, polys, r->nzones, err);
		free(polys);
		if (!ix)
			return err->code;
	}
	for (i = 0; i < r->nschools; i++) {
		struct school *sc = &r->schools[i];
		int at = ix ? geo_index_find(ix, sc->x, sc->y) : -1;

		if (sc->zone_id) {
			sc->zone = region_zone(r, sc->zone_id);
			if (sc->zone < 0 && r->nzones)
				le_diag_add(d, LE_WARNING, "school zone unknown",
					    "%s: school '%s' (%s): zone '%s' is not in the zones or population layers",
					    region_where(sc->where), sc->id, sc->name, sc->zone_id);
		}
		/* A school outside every zone is usually a wrong
		 * coordinate or a school just over the council boundary;
		 * it still loads (it can still take pupils by road), so it
		 * is a warning. */
		if (ix && at < 0)
			le_diag_add(d, LE_WARNING, "school outside every zone",
				    "%s: school '%s' (%s) lies outside every zone polygon",
				    region_where(sc->where), sc->id, sc->name);
		/* The file's own zone column wins over point-in-polygon:
		 * the council said which zone, and a school on a zone
		 * boundary could fall either side by a few metres of
		 * coordinate error. */
		if (sc->zone < 0)
			sc->zone = at;
		if (sc->council_id) {
			sc->council = region_council(r, sc->council_id);
			if (sc->council < 0 && r->ncouncils)
				le_diag_add(d, LE_WARNING, "school council unknown",
					    "%s: school '%s' (%s): council '%s' is not in the boundaries layer",
					    region_where(sc->where), sc->id, sc->name, sc->council_id);
		}
		/* No capacity is a warning, not an error: the published
		 * national data has none, and projection and travel are
		 * still useful without it; only capacity allocation and
		 * utilisation need it. */
		if (sc->capacity < 0)
			le_diag_add(d, LE_WARNING, "school without capacity",
				    "%s: school '%s' (%s) has no capacity",
				    region_where(sc->where), sc->id, sc->name);
	}
	geo_index_free(ix);
	return LE_OK;
}

/*
 * Without a boundaries layer the councils are still known by the codes
 * the zones and schools carry: they become the region's councils (no
 * name, no outline), zones' codes first in zone order, then any school
 * code not seen, so the KPIs by council and cross_boundary work the same
 * with or without outlines. With a boundaries layer, that layer is the
 * list, and a code outside it is a warning (join_zones, join_schools).
 */
static void councils_from_codes(const struct study *s, struct region *r)
{
	int i;

	if (s->layers[STUDY_BOUNDARIES].present || r->ncouncils)
		return;
	for (i = 0; i < r->nzones; i++)
		if (r->zones[i].council_id && region_council(r, r->zones[i].council_id) < 0)
			region_add_council(r, r->zones[i].council_id);
	for (i = 0; i < r->nschools; i++)
		if (r->schools[i].council_id && region_council(r, r->schools[i].council_id) < 0)
			region_add_council(r, r->schools[i].council_id);
}

int load_region(const struct study *s, struct geo_ctx *g, struct region *r,
		struct le_diags *diags, struct le_err *err)
{
	int rc = LE_OK, pkind = IO_ROW_LINE;

	region_init(r, s->crs);
	/* An unknown working CRS would otherwise surface as a puzzling
	 * error about the first layer read. */
	{
		struct geo_xform *xf = NULL;
		/* A private error slot: the message is rewrapped to name
		 * the study line. */
		struct le_err e2;
		le_err_clear(&e2);
		rc = geo_xform_new(g, "EPSG:4326", s->crs, &xf, &e2);
		geo_xform_free(xf);
		if (rc)
			return le_errf(err, rc, "%s: [study] crs = %s: %s", s->path, s->crs, e2.msg);
	}
	/* The stage system first: the schools' stage columns and the
	 * stage-roll tables are read in its names. Without the key, the
	 * built-in Scotland of region_init (models/stages.ini's values). */
	if (study_model_get(s, "stages", NULL) &&
	    (rc = io_stages_read(study_model_get(s, "stages", NULL), &r->stages, err)))
		return rc;
	if (s->layers[STUDY_BOUNDARIES].present &&
	    (rc = load_boundaries(s, g, r, diags, err)))
		return rc;
	if (s->layers[STUDY_ZONES].present &&
	    (rc = load_zones(s, g, r, diags, NULL, err)))
		return rc;
	if (s->layers[STUDY_ZONE_BOUNDARIES].present &&
	    (rc = load_zone_boundaries(s, g, r, diags, err)))
		return rc;
	if (s->layers[STUDY_POPULATION].present &&
	    (rc = load_population(s, g, r, diags, &pkind, err)))
		return rc;
	/* Even without a population layer, so that region_pop() always has
	 * a matrix of nzones rows to answer from. */
	region_pop_grow(r);
	if ((rc = load_schools(s, g, r, diags, err)))
		return rc;
	councils_from_codes(s, r);
	join_zones(s, r, pkind, diags);
	if ((rc = join_schools(g, r, diags, err)))
		return rc;
	if ((rc = load_land(s, g, r, diags, err)))
		return rc;
	return load_history(s, r, diags, err);
}
