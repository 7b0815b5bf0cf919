/*
 * areas.c: the polygon layers: council boundaries ([boundaries]) and small
 * areas ([zones], e.g. 2011 Data Zones). Each feature needs an id and a
 * polygon; the polygon is converted to the working CRS, repaired if
 * invalid, and a zone gets a representative point that lies inside it
 * (GEOSPointOnSurface: a centroid can fall outside a concave zone).
 *
 * Councils and zones are both keyed by code (S12000036, S01008417) because
 * every other layer joins on the code, never on a name: names are spelled
 * differently from file to file. Duplicate codes are errors, not warnings:
 * a second polygon for the same zone makes every later join ambiguous.
 *
 * A national zone file (all 6,976 Scottish data zones, no council code)
 * feeds one council or a collaborative by the population's filter: when
 * [population] has filter. keys and [zones] has none, the zones kept are
 * those the filtered population names, and the others are left out before
 * any geometry work (counted in region.zones_left_out, one line in the
 * check report), rather than each becoming a "polygon without population"
 * warning. A [zones] layer with its own filters keeps them and the join
 * warnings, since then a polygon without population is a real finding.
 *
 * Point zones (a zone point file) may be given polygons for drawing only
 * by [zone_boundaries] (load_zone_boundaries): joined by zone code into
 * zone.shape, which the maps and map layers draw and nothing else reads,
 * so travel and every join stay on the zone's point.
 *
 * Ownership: geometries are moved from the layer's table into the region,
 * so they are read once and never copied; the region frees them.
 */
#include "load/load_int.h"

#include <stdlib.h>
#include <string.h>

/* Copy of a trimmed cell, or NULL when the cell is empty. */
static char *cell_dup(const struct layer *ly, int r, int c)
{
	char *s;

	if (c < 0)
		return NULL;
	/* Trimmed because quoted CSV cells and hand-edited files carry
	 * stray spaces, and " S01008417" must join with "S01008417". */
	s = le_trim(xstrdup(io_cell(&ly->t, r, c)));
	if (!*s) {
		free(s);
		return NULL;
	}
	return s;
}

int load_boundaries(const struct study *s, struct geo_ctx *g, struct region *r,
		    struct le_diags *d, struct le_err *err)
{
	struct layer ly;
	int rc, i, cid, cname;
	char where[600], label[200];

	rc = layer_open(&ly, s, STUDY_BOUNDARIES, g, d, err);
	if (rc)
		goto done;
	if ((rc = layer_col(&ly, "id", 1, "the column holding each council's code", &cid, err)) ||
	    (rc = layer_col(&ly, "name", 0, NULL, &cname, err)) ||
	    (rc = layer_xform(&ly, err)))
		goto done;
	for (i = 0; i < ly.t.nrows; i++) {
		char *id;
		int k;

		/* Rows outside the study's filters (other councils) were
		 * never part of the region: skip them before any check. */
		if (!ly.keep[i])
			continue;
		id = cell_dup(&ly, i, cid);
		if (!id) {
			layer_where(&ly, i, where, sizeof(where));
			rc = le_errf(err, LE_EDATA, "%s: column '%s': council code is empty",
				     where, ly.t.cols[cid]);
			goto done;
		}
		k = region_add_council(r, id);
		if (k < 0) {
			layer_where(&ly, i, where, sizeof(where));
			rc = le_errf(err, LE_EDATA, "%s: council '%s' appears twice in %s",
				     where, id, ly.l->file);
			free(id);
			goto done;
		}
		r->councils[k].name = cell_dup(&ly, i, cname);
		/* A table without geometry (a CSV of council codes) still
		 * gives councils; layer_geom then reports the missing
		 * polygon. */
		if (ly.t.geoms)
			le_geom_move(&r->councils[k].geom, &ly.t.geoms[i]);
		snprintf(label, sizeof(label), "council '%s'", id);
		free(id);
		rc = layer_geom(&ly, i, &r->councils[k].geom, 1, label, d, err);
		if (rc)
			goto done;
	}
done:
	layer_close(&ly);
	return rc;
}

/*
 * The zone codes the filtered population names, into *set (initialised
 * here when the rule applies; *on = 1), or *on = 0 when it does not apply
 * (no population layer, the population unfiltered, or the zones filtered
 * themselves). The population file is read here once more and then again
 * by load_population: a plain table, cheap beside the polygons it spares.
 */
static int population_zones(const struct study *s, struct geo_ctx *g,
			    struct strmap *set, int *on, struct le_err *err)
{
	const struct study_layer *pl = &s->layers[STUDY_POPULATION];
	struct layer ly;
	int rc, i, c;

	*on = 0;
	if (!pl->present || !pl->nfilters || s->layers[STUDY_ZONES].nfilters)
		return LE_OK;
	rc = layer_open(&ly, s, STUDY_POPULATION, g, NULL, err);
	if (!rc)
		rc = layer_col(&ly, "zone", 1, "the column holding each row's zone code", &c, err);
	if (!rc) {
		strmap_init(set);
		*on = 1;
		for (i = 0; i < ly.t.nrows; i++)
			if (ly.keep[i]) {
				char *id = le_trim(xstrdup(io_cell(&ly.t, i, c)));
				strmap_put(set, id, i);
				free(id);
			}
	}
	layer_close(&ly);
	return rc;
}

int load_zones(const struct study *s, struct geo_ctx *g, struct region *r,
	       struct le_diags *d, int *rowkind, struct le_err *err)
{
	struct layer ly;
	struct strmap pop_zones;
	int rc, i, cid, cname, ccouncil, cx = -1, cy = -1, by_pop = 0, points = 0;
	char where[600], label[200];

	rc = layer_open(&ly, s, STUDY_ZONES, g, d, err);
	if (rc)
		goto done;
	if ((rc = population_zones(s, g, &pop_zones, &by_pop, err)))
		goto done;
	if (rowkind)
		*rowkind = ly.t.rowkind;
	if ((rc = layer_col(&ly, "id", 1, "the column holding each zone's code", &cid, err)) ||
	    (rc = layer_col(&ly, "name", 0, NULL, &cname, err)) ||
	    (rc = layer_col(&ly, "council", 0, NULL, &ccouncil, err)) ||
	    (rc = layer_xform(&ly, err)))
		goto done;
	/* A table without geometry (CSV) is a zone point file: x and y
	 * columns. A spatial layer is a point file when every kept feature
	 * with a geometry is a Point (its x / y columns are ignored);
	 * otherwise every zone must be a polygon, so that a stray point in a
	 * polygon layer stays the error it was. */
	if (ly.t.geoms) {
		int np = 0, nother = 0;

		for (i = 0; i < ly.t.nrows; i++)
			if (ly.keep[i] && ly.t.geoms[i].npoints > 0) {
				np += ly.t.geoms[i].type == LE_GEOM_POINT;
				nother += ly.t.geoms[i].type != LE_GEOM_POINT;
			}
		points = np > 0 && nother == 0;
	} else {
		points = 1;
		if ((rc = layer_col(&ly, "x", 0, NULL, &cx, err)) ||
		    (rc = layer_col(&ly, "y", 0, NULL, &cy, err)))
			goto done;
		if (cx < 0 || cy < 0) {
			rc = le_errf(err, LE_EPARSE,
				     "%s: [zones] %s has no geometry: a zone point file needs 'x = COLUMN' and 'y = COLUMN' (and 'crs = EPSG:4326' if they are longitude/latitude), or give a polygon layer",
				     s->path, ly.l->file);
			goto done;
		}
	}
	for (i = 0; i < ly.t.nrows; i++) {
		struct zone *z;
		char *id;
		int k;

		if (!ly.keep[i])
			continue;
		id = cell_dup(&ly, i, cid);
		if (by_pop && id && strmap_get(&pop_zones, id) < 0) {
			r->zones_left_out++;
			free(id);
			continue;
		}
		layer_where(&ly, i, where, sizeof(where));
		if (!id) {
			rc = le_errf(err, LE_EDATA, "%s: column '%s': zone code is empty",
				     where, ly.t.cols[cid]);
			goto done;
		}
		k = region_add_zone(r, id);
		if (k < 0) {
			char first[200];
			int j;
			/* The first row with this id, found again only now
			 * that it is needed, so that it can be named with
			 * its line too. */
			for (j = 0; j < i; j++) {
				char *o = ly.keep[j] ? cell_dup(&ly, j, cid) : NULL;
				int same = o && !strcmp(o, id);
				free(o);
				if (same)
					break;
			}
			io_ref(ly.t.rowkind, ly.t.rowref[j],
			       ly.t.rowline ? ly.t.rowline[j] : 0, first, sizeof(first));
			rc = le_errf(err, LE_EDATA,
				     "%s: zone '%s' appears twice (first as %s; zone codes must be unique)",
				     where, id, first);
			free(id);
			goto done;
		}
		z = &r->zones[k];
		z->name = cell_dup(&ly, i, cname);
		z->council_id = cell_dup(&ly, i, ccouncil);
		/* Kept for the join report: "zone X has a polygon
		 * (features[n]) but no population" must point the planner
		 * at the feature. */
		z->geom_row = ly.t.rowref[i];
		z->where = xstrdup(where);
		snprintf(label, sizeof(label), "zone '%s'", id);
		free(id);
		/* A point zone: the point is where its pupils start, its
		 * area 0; it has no polygon for the maps, the catchments or
		 * a point-in-polygon join (README: "Zones as points"). */
		if (points) {
			if ((rc = layer_xy(&ly, i, cx, cy, label, &z->px, &z->py, err)))
				goto done;
			z->is_point = 1;
			z->has_geom = 1;
			r->zone_points++;
			continue;
		}
		le_geom_move(&z->geom, &ly.t.geoms[i]);
		rc = layer_geom(&ly, i, &z->geom, 1, label, d, err);
		if (rc)
			goto done;
		/* The representative point is where the zone's pupils
		 * start their journey to school (snapped to the road
		 * network later); it must lie inside the zone, or a
		 * crescent-shaped zone would route its children from a
		 * neighbour's streets. */
		rc = geo_point_on_surface(g, &z->geom, &z->px, &z->py, err);
		if (rc)
			goto done;
		/* Set only once the polygon is valid and in the working
		 * CRS: the joins trust has_geom. */
		z->has_geom = 1;
	}
done:
	if (by_pop)
		strmap_release(&pop_zones);
	layer_close(&ly);
	return rc;
}

/* At most this many ids are named in a warning that counts more. */
#define AREAS_NAMED 3

/* Append ", 'id'" (the first AREAS_NAMED of n) to a list being built. */
static void name_id(struct buf *b, int n, const char *id)
{
	if (n > AREAS_NAMED)
		return;
	buf_addf(b, "%s'%s'", n > 1 ? ", " : "", id);
	if (n == AREAS_NAMED)
		buf_adds(b, ", ...");
}

int load_zone_boundaries(const struct study *s, struct geo_ctx *g, struct region *r,
			 struct le_diags *d, struct le_err *err)
{
	struct layer ly;
	struct buf unknown, missing;
	int rc, i, z, cid, nunknown = 0, nmissing = 0;
	char where[600], label[200];

	buf_init(&unknown);
	buf_init(&missing);
	rc = layer_open(&ly, s, STUDY_ZONE_BOUNDARIES, g, d, err);
	if (rc)
		goto done;
	if ((rc = layer_col(&ly, "id", 1, "the column holding each zone's code", &cid, err)) ||
	    (rc = layer_xform(&ly, err)))
		goto done;
	/* A plain table (a CSV) cannot draw anything: said for the file,
	 * not as "no geometry" at its first row. */
	if (!ly.t.geoms) {
		rc = le_errf(err, LE_EPARSE,
			     "%s: [zone_boundaries] %s has no geometry: give a polygon layer (GeoJSON, GeoPackage, Shapefile, ...) with each zone's code",
			     s->path, ly.l->file);
		goto done;
	}
	/* Polygon zones are drawn with their own polygons: a second
	 * outline would only disagree with them. Said once, not an error,
	 * so a study can keep the section while switching files. */
	if (!r->zone_points) {
		le_diag_add(d, LE_WARNING, "zone boundaries not used",
			    "%s: [zone_boundaries] %s is not used: the zones of [zones] are polygons, drawn as they are",
			    s->path, ly.l->file);
		goto done;
	}
	for (i = 0; i < ly.t.nrows; i++) {
		struct zone *zn;
		char *id;

		if (!ly.keep[i])
			continue;
		id = cell_dup(&ly, i, cid);
		if (!id) {
			layer_where(&ly, i, where, sizeof(where));
			rc = le_errf(err, LE_EDATA, "%s: column '%s': zone code is empty",
				     where, ly.t.cols[cid]);
			goto done;
		}
		z = region_zone(r, id);
		/* A zone known only from the population (no point) is no
		 * zone of [zones] either: it is not drawn as a point. */
		if (z < 0 || !r->zones[z].is_point) {
			name_id(&unknown, ++nunknown, id);
			free(id);
			continue;
		}
		zn = &r->zones[z];
		if (zn->shape.npoints > 0) {
			layer_where(&ly, i, where, sizeof(where));
			rc = le_errf(err, LE_EDATA,
				     "%s: zone '%s' appears twice in %s (one polygon per zone)",
				     where, id, ly.l->file);
			free(id);
			goto done;
		}
		snprintf(label, sizeof(label), "zone boundary '%s'", id);
		free(id);
		le_geom_move(&zn->shape, &ly.t.geoms[i]);
		if ((rc = layer_geom(&ly, i, &zn->shape, 1, label, d, err)))
			goto done;
		r->zone_shapes++;
	}
	for (z = 0; z < r->nzones; z++)
		if (r->zones[z].is_point && r->zones[z].shape.npoints == 0)
			name_id(&missing, ++nmissing, r->zones[z].id);
	/* Counts, not a line per polygon: a national boundary file read for
	 * one council's zones would otherwise give thousands of lines. */
	if (nunknown)
		le_diag_add(d, LE_WARNING, "zone boundary unknown",
			    "%s: %d polygon%s name%s no zone of [zones] (%s) and %s not drawn (for a larger area's file, 'filter.COLUMN = ...' in [zone_boundaries] keeps the region's polygons only)",
			    ly.l->file, nunknown, nunknown == 1 ? "" : "s", nunknown == 1 ? "s" : "",
			    unknown.s, nunknown == 1 ? "is" : "are");
	if (nmissing && r->zone_shapes)
		le_diag_add(d, LE_WARNING, "zone without boundary",
			    "%s: %d zone%s of [zones] ha%s no polygon in [zone_boundaries] (%s) and %s left off the zone maps",
			    ly.l->file, nmissing, nmissing == 1 ? "" : "s", nmissing == 1 ? "s" : "ve",
			    missing.s, nmissing == 1 ? "is" : "are");
	else if (nmissing)
		le_diag_add(d, LE_WARNING, "zone without boundary",
			    "%s: no zone of [zones] has a polygon in [zone_boundaries]: the zones are drawn as points",
			    ly.l->file);
done:
	buf_release(&missing);
	buf_release(&unknown);
	layer_close(&ly);
	return rc;
}
