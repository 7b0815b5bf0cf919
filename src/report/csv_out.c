/*
 * csv_out.c: report_csv_write, an output layer as a plain table for a
 * spreadsheet: one CSV per layer, the field names as header, point
 * layers with their x and y (working CRS) first. Polygons and lines have
 * no CSV form: their attributes are written without the geometry.
 *
 * Invariants: same field order and number formats as the GeoJSON files
 * (each real with its field's decimals), null is an empty cell, files are
 * written atomically.
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

/*
 * The one writer of a CSV text cell, used by every CSV file estate
 * writes. RFC 4180 quoting only when needed, so plain ids stay unquoted
 * and files diff cleanly. A cell a spreadsheet would run as a formula
 * (first character =, +, -, @, tab or carriage return: a school named
 * "=HYPERLINK(...)" in a council's file) is written quoted with a single
 * quote in front, the OWASP "CSV injection" practice: Excel, LibreOffice
 * and Sheets then show it as text. Numbers never come through here, so a
 * negative figure keeps its sign.
 */
void report_csv_field(FILE *fp, const char *s)
{
	const char *p;
	int formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
		      s[0] == '\t' || s[0] == '\r';

	if (!formula && !strpbrk(s, ",\"\r\n")) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	if (formula)
		fputc('\'', fp);
	for (p = s; *p; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	fputc('"', fp);
}

/* Coordinates of the working CRS: BNG is in metres, so 2 decimals (cm). */
#define CSV_XY_DECIMALS 2

static void write_one(FILE *fp, const struct report_layer *l)
{
	char num[64];
	int i, f, pts = l->geom_type == LE_GEOM_POINT;

	if (pts)
		fputs("x,y", fp);
	for (f = 0; f < l->nfields; f++) {
		if (f || pts)
			fputc(',', fp);
		report_csv_field(fp, l->fields[f].name);
	}
	fputc('\n', fp);
	for (i = 0; i < l->nrows; i++) {
		const struct le_geom *gm = &l->geoms[i];
		if (pts && gm->npoints > 0)
			fprintf(fp, "%s,", report_fixed(gm->xy[0], CSV_XY_DECIMALS, num, sizeof(num)));
		else if (pts)
			fputc(',', fp);
		if (pts && gm->npoints > 0)
			fputs(report_fixed(gm->xy[1], CSV_XY_DECIMALS, num, sizeof(num)), fp);
		for (f = 0; f < l->nfields; f++) {
			const struct report_cell *c = report_layer_cell(l, i, f);
			if (f || pts)
				fputc(',', fp);
			if (c->null)
				continue;
			if (l->fields[f].type == REPORT_INT)
				fprintf(fp, "%lld", c->i);
			else if (l->fields[f].type == REPORT_REAL)
				fputs(report_fixed(c->r, l->fields[f].decimals, num, sizeof(num)), fp);
			else
				report_csv_field(fp, c->s);
		}
		fputc('\n', fp);
	}
}

int report_csv_write(const char *dir, const char *prefix,
		     const struct report_layer *layers, int n, struct le_err *err)
{
	struct io_out o;
	struct buf path;
	int i, rc = LE_OK;

	buf_init(&path);
	for (i = 0; i < n && !rc; i++) {
		buf_reset(&path);
		buf_addf(&path, "%s/%s%s.csv", dir, prefix ? prefix : "", layers[i].name);
		if ((rc = io_out_open(&o, path.s, err)))
			break;
		write_one(o.fp, &layers[i]);
		rc = io_out_commit(&o, err);
	}
	buf_release(&path);
	return rc;
}
