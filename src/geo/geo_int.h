/*
 * geo_int.h: private to geo/. The other files of the module (land.c)
 * reach the run's GEOS handle and geo.c's le_geom -> GEOS conversion
 * through these, so that struct geo_ctx stays defined in one place.
 * Pointers are void * here so that this header needs no geos_c.h; the
 * callers include geos_c.h themselves (geo/ is its only includer).
 */
#ifndef ESTATE_GEO_INT_H
#define ESTATE_GEO_INT_H

#include "geo/geo.h"

/* The context's GEOSContextHandle_t. */
void *geo_int_handle(struct geo_ctx *g);
/* Polygon j of gm (exterior and holes) as a new GEOSGeometry * (caller
 * destroys), or NULL with err set (LE_EGEO). */
void *geo_int_polygon(struct geo_ctx *g, const struct le_geom *gm, int j,
		      struct le_err *err);
/* GEOS's last message, or "unknown", for error texts. */
const char *geo_int_reason(struct geo_ctx *g);

#endif
