/*
 * report.h: what estate writes for people: text reports and output
 * tables. Report functions write to a FILE * or an output file they are
 * given; they never decide exit codes (cli/ does).
 */
#ifndef ESTATE_REPORT_H
#define ESTATE_REPORT_H

#include "core/core.h"
#include "io/io.h"

struct net_travel;

/*
 * The data-quality report of `estate check`: what was loaded (schools by
 * sector and council, pupils on roll, zones, population by age band,
 * roads) and every finding in diags, grouped by topic.
 * t: the road graph and snapping (net_travel_network), NULL without
 * roads; road_km: total length of the road links in km.
 */
void report_check(FILE *fp, const struct study *s, const struct region *r,
		  const struct le_diags *d, const struct net_travel *t,
		  double road_km);

/*
 * data_quality.csv: one row a finding (severity, topic, message), written
 * atomically to path. Returns LE_OK or LE_EIO.
 */
int report_check_csv(const char *path, const struct le_diags *d,
		     struct le_err *err);

/* Format a count with thousands separators ("40,866") into out. */
char *report_count(double v, char *out, size_t n);

/* Write s as one CSV field (quoted when it holds , " or a newline). */
void report_csv_field(FILE *fp, const char *s);

#endif
