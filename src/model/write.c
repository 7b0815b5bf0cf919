/*
 * write.c: the candidate table's straight-line builder and the output
 * tables rolls.csv and demand.csv.
 *
 * Outputs are written through io_out (a .tmp file renamed when complete)
 * with fixed formatting (%.2f, le_fmt_fixed) in index order, so the same inputs give
 * byte-identical files and a failed run leaves the previous ones intact.
 */
#include "model/model.h"
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void model_cands_init(struct model_cands *c, int nzones, int k)
{
	c->nzones = nzones;
	c->k = k;
	c->n = xcalloc((size_t)nzones + 1, sizeof(int));
	c->c = xcalloc((size_t)nzones * (size_t)k + 1, sizeof(struct model_cand));
}

void model_cands_release(struct model_cands *c)
{
	if (!c)
		return;
	free(c->n);
	free(c->c);
	memset(c, 0, sizeof(*c));
}

void model_cands_straight(struct model_cands *c, const struct region *r,
			  int k, double detour)
{
	int z, i, j;

	model_cands_init(c, r->nzones, k);
	for (z = 0; z < r->nzones; z++) {
		const struct zone *zn = &r->zones[z];
		struct model_cand *row = c->c + (size_t)z * k;

		if (!zn->has_geom)
			continue;
		for (i = 0; i < r->nschools; i++) {
			const struct school *sc = &r->schools[i];
			struct model_cand cd;
			struct le_trip tr;
			int at;

			if (sc->sector == LE_SPECIAL)
				continue;
			/* Over land, or by ferry, never across open water,
			 * and within the zone's council unless the study
			 * allows otherwise (core/land.c): any other school
			 * is no candidate. */
			if (!region_pair(r, z, sc->council_id, sc->land, sc->x, sc->y,
					 detour, &tr))
				continue;
			cd.school = i;
			cd.dist_m = tr.dist_m;
			cd.time_s = -1;
			cd.route = MODEL_STRAIGHT;
			/* Insertion into the sorted top k; a tie keeps the lower
			 * school index first (strict <), so order is stable. */
			at = c->n[z] < k ? c->n[z] : k;
			while (at > 0 && cd.dist_m < row[at - 1].dist_m)
				at--;
			if (at >= k)
				continue;
			j = c->n[z] < k ? c->n[z] : k - 1;
			for (; j > at; j--)
				row[j] = row[j - 1];
			row[at] = cd;
			if (c->n[z] < k)
				c->n[z]++;
		}
	}
}

/* One fixed-decimal number: the bytes of fprintf "%.*f" without the
 * format parsing and exact decimal expansion of printf, which was most of
 * the time of writing demand.csv for all of Scotland (le_fmt_fixed). */
static void put_fixed(FILE *fp, double v, int dec)
{
	char num[32];

	fwrite(num, 1, (size_t)le_fmt_fixed(v, dec, num), fp);
}

static void roll_row(FILE *fp, const struct model *m, int k, int y,
		     const char *stage, double pupils, int with_cap)
{
	const struct school *sc = &m->r->schools[k];

	report_csv_field(fp, sc->id);
	fputc(',', fp);
	report_csv_field(fp, sc->name);
	fprintf(fp, ",%s,%d,%s,", le_sector_name(sc->sector), m->base_year + y, stage);
	put_fixed(fp, pupils, 2);
	fputc(',', fp);
	/* Capacity is for the whole school: on the "all" row only. Not
	 * given: "n/a", as in every output, never 0 %. */
	if (with_cap && sc->capacity > 0) {
		put_fixed(fp, sc->capacity, 2);
		fputc(',', fp);
		put_fixed(fp, pupils / sc->capacity * 100, 2);
	} else if (with_cap && sc->capacity == 0) {
		put_fixed(fp, sc->capacity, 2);
		fputs(",n/a", fp);
	} else if (with_cap)
		fputs("n/a,n/a", fp);
	else
		fputc(',', fp);
	fprintf(fp, ",%s", model_source_name(m->source[k]));
	/* The range of the school's total: the "all" row only. */
	if (with_cap)
		fprintf(fp, ",%.2f,%.2f\n", m->low[(size_t)y * m->nschools + k],
			m->high[(size_t)y * m->nschools + k]);
	else
		fputs(",,\n", fp);
}

static int write_rolls(const struct model *m, const char *path, struct le_err *err)
{
	struct io_out o;
	int k, y, s, rc;

	if ((rc = io_out_open(&o, path, err)))
		return rc;
	fputs("school_id,school_name,sector,year,stage,pupils,capacity,utilisation_pct,method,low,high\n", o.fp);
	for (k = 0; k < m->nschools; k++)
		for (y = 0; y < m->nyears; y++) {
			/* Held and empty schools have no stage breakdown. */
			if (m->source[k] == MODEL_SRC_DEMAND || model_by_history(m->source[k]))
				for (s = 0; s < m->r->stages.n; s++)
					if (m->r->schools[k].stages & (1u << s))
						roll_row(o.fp, m, k, y, le_stages_name(&m->r->stages, s),
							 m->roll[MODEL_K(m, y, k, s)], 0);
			roll_row(o.fp, m, k, y, "all", m->total[(size_t)y * m->nschools + k], 1);
		}
	return io_out_commit(&o, err);
}

/* Zone-major, then year, stage and stream: the order a planner filters
 * in a spreadsheet, and the order of the flat array (one pass). */
static int write_demand(const struct model *m, const char *path, struct le_err *err)
{
	struct io_out o;
	int z, y, s, t, rc;

	if ((rc = io_out_open(&o, path, err)))
		return rc;
	fputs("zone_id,year,stage,stream,pupils\n", o.fp);
	for (z = 0; z < m->nzones; z++)
		for (y = 0; y < m->nyears; y++) {
			/* ",YEAR," once per zone and year: 6,976 zones x 16
			 * years x 14 stages x 3 streams is 4.7 million rows for
			 * Scotland, so the row is put together by hand. */
			char year[16];

			snprintf(year, sizeof(year), ",%d,", m->base_year + y);
			for (s = 0; s < m->r->stages.n; s++)
				for (t = 0; t < MODEL_NSTREAMS; t++) {
					size_t i = MODEL_D(m, y, z, s, t);

					/* No Gaelic school and no share: a stream of
					 * zeros would only lengthen the file. */
					if (t == MODEL_GM && !m->has_gaelic)
						continue;
					report_csv_field(o.fp, m->r->zones[z].id);
					fputs(year, o.fp);
					fputs(le_stages_name(&m->r->stages, s), o.fp);
					fputc(',', o.fp);
					fputs(le_stream_name(t), o.fp);
					fputc(',', o.fp);
					put_fixed(o.fp, m->demand[i] + m->housing[i], 2);
					fputc('\n', o.fp);
				}
		}
	return io_out_commit(&o, err);
}

int model_write(const struct model *m, const char *dir, struct le_err *err)
{
	struct buf a, b;
	int rc;

	buf_init(&a);
	buf_init(&b);
	buf_addf(&a, "%s/rolls.csv", dir);
	buf_addf(&b, "%s/demand.csv", dir);
	if (!(rc = io_mkdirs(dir, err)) && !(rc = write_rolls(m, a.s, err)))
		rc = write_demand(m, b.s, err);
	buf_release(&a);
	buf_release(&b);
	return rc;
}
