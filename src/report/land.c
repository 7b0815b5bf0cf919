/*
 * land.c: reporting land and sea: the "Land and sea" section of the check
 * report, the one line of the projection and run summaries that says how
 * travel was measured, and landmasses.csv.
 *
 * Why a line in every summary: without a road network every distance is
 * a straight line x detour factor, and on islands a board must know that
 * it was measured within each landmass and over the ferry links only,
 * never across open water.
 *
 * Rows in landmass order; numbers with fixed formats (stable bytes).
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

struct land_sum {
	int zones, first, prim, sec, links;
	double kids_p, kids_s;
};

/* Per landmass: zones (with residents), schools, children, link ends. */
static struct land_sum *sums(const struct region *r)
{
	struct land_sum *v = xcalloc((size_t)r->nland + 1, sizeof(*v));
	int i, a;

	for (i = 0; i < r->nland; i++)
		v[i].first = -1;
	for (i = 0; i < r->nzones; i++) {
		const struct zone *z = &r->zones[i];
		if (z->land < 0 || z->land >= r->nland)
			continue;
		v[z->land].zones++;
		if (v[z->land].first < 0)
			v[z->land].first = i;
		for (a = 4; a <= 11; a++)
			v[z->land].kids_p += region_pop(r, i, a);
		for (a = 12; a <= 17; a++)
			v[z->land].kids_s += region_pop(r, i, a);
	}
	for (i = 0; i < r->nschools; i++) {
		const struct school *s = &r->schools[i];
		if (s->land < 0 || s->land >= r->nland)
			continue;
		v[s->land].prim += s->sector == LE_PRIMARY;
		v[s->land].sec += s->sector == LE_SECONDARY;
	}
	for (i = 0; i < r->nlinks; i++) {
		if (r->links[i].la >= 0)
			v[r->links[i].la].links++;
		if (r->links[i].lb >= 0 && r->links[i].lb != r->links[i].la)
			v[r->links[i].lb].links++;
	}
	return v;
}

void report_land_line(FILE *fp, const struct region *r)
{
	int i, nf = 0;

	if (r->nland <= 0)
		return;
	for (i = 0; i < r->nlinks; i++)
		nf += r->links[i].sailings > 0;
	fprintf(fp, "land and sea: straight line x detour within each of %d landmasses (zone polygons closer than %.0f m joined); between landmasses only over %d ferr%s and %d fixed link%s (crossing time + half the headway of a %.0f-hour school day); never across open water\n",
		r->nland, r->land_gap_m, nf, nf == 1 ? "y" : "ies", r->nlinks - nf,
		r->nlinks - nf == 1 ? "" : "s", LE_SCHOOL_DAY_MIN / 60);
}

void report_land(FILE *fp, const struct region *r)
{
	struct land_sum *v;
	int i, inhabited = 0, single = 0;
	char a[32];

	if (r->nland <= 0)
		return;
	v = sums(r);
	for (i = 0; i < r->nland; i++) {
		inhabited += v[i].kids_p + v[i].kids_s > 0;
		single += v[i].kids_p + v[i].kids_s > 0 && v[i].prim + v[i].sec == 0;
	}
	fprintf(fp, "Land and sea\n  %s landmasses from the zone polygons (pieces closer than %.0f m joined): %d with children of school age, %d of them without a school\n",
		report_count(r->nland, a, sizeof(a)), r->land_gap_m, inhabited, single);
	for (i = 0; i < r->nlinks; i++) {
		const struct le_link *l = &r->links[i];
		if (l->sailings > 0)
			fprintf(fp, "  ferry %s: landmass %d - %d, %.0f min + %.0f min wait (%.0f sailing%s a school day)\n",
				l->name, l->la, l->lb, l->crossing_s / 60, l->wait_s / 60, l->sailings,
				l->sailings == 1 ? "" : "s");
		else
			fprintf(fp, "  fixed link %s: landmass %d - %d, %.0f min\n",
				l->name, l->la, l->lb, l->crossing_s / 60);
	}
	fprintf(fp, "  ");
	report_land_line(fp, r);
	fprintf(fp, "\n");
	free(v);
}

int report_land_csv(const char *path, const struct region *r, struct le_err *err)
{
	struct io_out o;
	struct land_sum *v;
	int rc, i;

	if ((rc = io_out_open(&o, path, err)))
		return rc;
	v = sums(r);
	fprintf(o.fp, "landmass,zones,first_zone,first_zone_name,x,y,primary_schools,secondary_schools,children_4_11,children_12_17,link_ends\n");
	for (i = 0; i < r->nland; i++) {
		const struct zone *z;
		if (!v[i].zones && !v[i].prim && !v[i].sec)
			continue;
		z = v[i].first >= 0 ? &r->zones[v[i].first] : NULL;
		fprintf(o.fp, "%d,%d,", i, v[i].zones);
		report_csv_field(o.fp, z ? z->id : "");
		fputc(',', o.fp);
		report_csv_field(o.fp, z && z->name ? z->name : "");
		fprintf(o.fp, ",%.0f,%.0f,%d,%d,%.0f,%.0f,%d\n", z ? z->px : 0, z ? z->py : 0,
			v[i].prim, v[i].sec, v[i].kids_p, v[i].kids_s, v[i].links);
	}
	free(v);
	return io_out_commit(&o, err);
}
