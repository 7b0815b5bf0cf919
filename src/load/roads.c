/*
 * roads.c: the [roads] layer as plain lines in the working CRS. The road
 * graph itself (nodes, edges, costs per mode) is built by net/; here the
 * lines are only read, checked and converted.
 */
#include "load/load_int.h"

#include <stdlib.h>
#include <string.h>

int load_roads(const struct study *s, struct geo_ctx *g, struct region *r,
	       struct le_diags *d, struct le_err *err)
{
	struct layer ly;
	char label[200];
	int rc, i, n = 0, cid;

	rc = layer_open(&ly, s, STUDY_ROADS, g, err);
	if (rc)
		goto done;
	if (!ly.t.geoms) {
		rc = le_errf(err, LE_EPARSE, "%s: [roads] %s has no geometry (expected lines)",
			     s->path, ly.l->file);
		goto done;
	}
	if ((rc = layer_col(&ly, "id", 0, NULL, &cid, err)) || (rc = layer_xform(&ly, err)))
		goto done;
	r->roads = xcalloc((size_t)(ly.nkept ? ly.nkept : 1), sizeof(*r->roads));
	for (i = 0; i < ly.t.nrows; i++) {
		if (!ly.keep[i])
			continue;
		if (cid >= 0)
			snprintf(label, sizeof(label), "road '%s'", io_cell(&ly.t, i, cid));
		else
			snprintf(label, sizeof(label), "road");
		rc = layer_geom(&ly, i, &ly.t.geoms[i], 0, label, d, err);
		if (rc)
			goto done;
		le_geom_move(&r->roads[n++], &ly.t.geoms[i]);
		r->nroads = n;
	}
done:
	layer_close(&ly);
	return rc;
}
