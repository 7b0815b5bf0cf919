/*
 * params_stub.c: TEMPORARY stand-ins for helper "cost"'s
 * scenario_params_set and scenario_params_copy (params.c on h-cost);
 * deleted when h-cost is merged.
 */
#include "scenario/scenario.h"

#include <stdlib.h>
#include <string.h>

int scenario_params_set(struct scenario_params *p, const char *section, const char *key,
			const char *value, struct le_err *err)
{
	(void)p;
	(void)value;
	return le_errf(err, LE_EPARSE, "[%s] %s: not supported yet", section, key);
}

void scenario_params_copy(struct scenario_params *dst, const struct scenario_params *src)
{
	int i;

	*dst = *src;
	dst->limits = xmalloc(sizeof(*dst->limits) * ((size_t)src->nlimits + 1));
	for (i = 0; i < src->nlimits; i++) {
		dst->limits[i] = src->limits[i];
		dst->limits[i].council = xstrdup(src->limits[i].council);
	}
}
