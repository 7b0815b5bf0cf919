/*
 * load.h: from a study to a region. Reads every layer a study names
 * through io/, applies the study's field mapping, value mapping and
 * filters, converts coordinates into the working CRS through geo/, and
 * checks the joins between layers.
 *
 * Fatal problems (a file that cannot be read, a required column missing, a
 * value that is not what the field needs, a duplicate id, a coordinate
 * outside the CRS's area of use) stop the load with the first error, in
 * err. Join problems that a planner must see all at once (population rows
 * without polygons, polygons without population, schools whose zone is
 * unknown, schools outside every zone, schools without capacity, repaired
 * polygons) are collected in diags as warnings.
 */
#ifndef ESTATE_LOAD_H
#define ESTATE_LOAD_H

#include "core/core.h"
#include "io/io.h"
#include "geo/geo.h"

/*
 * Load every layer of study s into r but the roads (net_read_links reads
 * those, into the form the graph needs) (initialised here; release with
 * region_release even on failure). g is the run's geo context.
 * Returns LE_OK or the first fatal error's code.
 */
int load_region(const struct study *s, struct geo_ctx *g, struct region *r,
		struct le_diags *diags, struct le_err *err);

/*
 * The earlier population named by [model] population_previous, read with
 * the [population] section's mapping: *pop (r->nzones * LE_NAGES,
 * zone-major, the zones of r) and *has (r->nzones flags: the zone has a
 * row), both malloc'd (free()). Errors as the population loader's, the
 * earlier file named in them.
 */
int load_population_previous(const struct study *s, struct geo_ctx *g,
			     const struct region *r, double **pop, char **has,
			     struct le_err *err);

#endif
