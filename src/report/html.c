/*
 * html.c: the board summary page (report_summary_write): a comparison
 * table, and per scenario an SVG map and an SVG chart, in one HTML file
 * that needs nothing else (no scripts at all, no fonts, no tiles), so it
 * can be mailed, opened offline and printed on A4.
 *
 * Invariants:
 *  - The output depends only on the inputs: fixed number formats, no
 *    dates, rows and features in the order given (same inputs, same bytes).
 *  - Map coordinates are the working CRS (metres, y up) scaled into an SVG
 *    frame with y flipped; 1 decimal of a pixel is plenty on screen and
 *    paper and keeps the file small.
 *  - Utilisation colours are those of gis/styles/schools.qml, so the page
 *    and the GIS maps read the same way.
 *  - Every text from the data is HTML-escaped.
 */
#include "report/report_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* SVG map frame in CSS pixels (fits an A4 column at 96 dpi). */
#define MAP_W 720.0
#define MAP_H 540.0
#define MAP_PAD 12.0
/* Width kept free for the legend at the map's right edge. */
#define MAP_LEGEND_W 202.0
/* Panels of the roll / capacity chart. */
#define CHART_COLS 3
#define CHART_MAX 12
#define PANEL_W 230.0
#define PANEL_H 140.0
/* Title characters that fit a panel at 11 px bold. */
#define PANEL_CHARS 34
/* C11 has no HTML_PI. */
#define HTML_PI 3.14159265358979323846

/* Bands of DESIGN.md: <= 40, 41-60, 61-80, 81-100, > 100 %. */
static const char *band_color[5] = { "#7b3294", "#c2a5cf", "#a6dba0", "#008837", "#d7191c" };
static const char *band_label[5] = { "&le; 40 %", "41-60 %", "61-80 %", "81-100 %", "&gt; 100 %" };
/* Sequential blues for the zone classes (light = low). */
static const char *zone_color[5] = { "#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c" };

double report_util_pct(double roll, double cap)
{
	if (isnan(roll) || isnan(cap) || roll < 0 || cap <= 0)
		return NAN;
	return roll / cap * 100;
}

double report_util_shown(double pct)
{
	return isnan(pct) ? pct : floor(pct * 10 + 0.5) / 10;
}

int report_util_band(double pct)
{
	if (isnan(pct))
		return -1;
	/* Banded as shown: one decimal. Without the rounding a school at
	 * 100.04 % would read "100.0 %" in a table and sit in "> 100 %". */
	pct = report_util_shown(pct);
	return pct <= 40 ? 0 : pct <= 60 ? 1 : pct <= 80 ? 2 : pct <= 100 ? 3 : 4;
}

const char *report_util_band_name(int band)
{
	static const char *const names[REPORT_NBANDS] = {
		"<=40 %", "41-60 %", "61-80 %", "81-100 %", ">100 %"
	};

	return band >= 0 && band < REPORT_NBANDS ? names[band] : "n/a";
}

static void esc(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default: fputc(*s, fp);
		}
	}
}

/* A number with d decimals and thousands separators ("40,866.5");
 * "n/a" for NaN. */
static const char *num(double v, int d, char *out, size_t n)
{
	char t[64];
	const char *p = t, *dot;
	size_t len, i, j = 0;

	if (isnan(v)) {
		snprintf(out, n, "n/a");
		return out;
	}
	report_fixed(v, d, t, sizeof(t));
	if (*p == '-')
		out[j++] = *p++;
	dot = strchr(p, '.');
	len = dot ? (size_t)(dot - p) : strlen(p);
	for (i = 0; i < len && j + 2 < n; i++) {
		/* A comma before every group of three digits from the right. */
		if (i > 0 && (len - i) % 3 == 0)
			out[j++] = ',';
		out[j++] = p[i];
	}
	snprintf(out + j, n - j, "%s", dot ? dot : "");
	return out;
}

/* ---------------------------------------------------------------- page */

static const char *css =
	"body{font-family:Helvetica,Arial,sans-serif;color:#222;margin:24px auto;max-width:760px;line-height:1.4}"
	"h1{font-size:22px;margin:0 0 8px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ccc}"
	"h3{font-size:15px;margin:16px 0 6px}"
	"table{border-collapse:collapse;font-size:13px;margin:8px 0 16px;page-break-inside:avoid}"
	"th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}"
	"th:first-child,td:first-child{text-align:left}thead th{background:#f0f0f0}"
	"td.up{color:#b2182b}td.down{color:#2166ac}"
	"svg{display:block;margin:6px 0}figure{margin:0}figcaption{font-size:12px;color:#555}"
	"section.scenario{page-break-before:always}"
	"@page{size:A4;margin:15mm}"
	"@media print{body{margin:0;max-width:none}section.scenario{break-before:page}"
	"svg{max-width:100%;height:auto}}";

/* The page's head and style, shared with every HTML output of estate
 * (report_int.h), so the consultation pack looks like the board page. */
void report_html_head(FILE *fp, const char *title, const char *extra_css)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", fp);
	esc(fp, title);
	fprintf(fp, "</title>\n<style>%s%s</style>\n</head>\n<body>\n", css,
		extra_css ? extra_css : "");
}

void report_html_esc(FILE *fp, const char *s)
{
	esc(fp, s);
}

/* Is a formatted number zero ("0", "0.00", "-0.0")? Then a difference
 * reads as no change: no sign, no colour. */
static int zero_text(const char *t)
{
	for (; *t; t++)
		if (*t != '0' && *t != '.' && *t != ',' && *t != '-')
			return 0;
	return 1;
}

/* Columns from..to of the table (the baseline column first when it is
 * not among them). */
static void compare_part(FILE *fp, const struct report_compare *c, int from, int to)
{
	char a[64], b[64];
	int i, j;

	fputs("<table class=\"compare\">\n<thead><tr><th>measure</th>", fp);
	for (j = -1; j < to; j++) {
		int col = j < 0 ? c->baseline : j;

		if ((j >= 0 && j < from) || (j >= 0 && j == c->baseline))
			continue;
		fputs("<th>", fp);
		esc(fp, c->col_names[col]);
		fputs("</th>", fp);
		if (col != c->baseline)
			fputs("<th>&plusmn; baseline</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < c->nrows; i++) {
		int d = c->decimals ? c->decimals[i] : 0;
		double base = c->v[(size_t)i * c->ncols + c->baseline];

		fputs("<tr><td>", fp);
		esc(fp, c->row_names[i]);
		fputs("</td>", fp);
		for (j = -1; j < to; j++) {
			int col = j < 0 ? c->baseline : j;
			double v = c->v[(size_t)i * c->ncols + col], diff = v - base;

			if ((j >= 0 && j < from) || (j >= 0 && j == c->baseline))
				continue;
			fprintf(fp, "<td>%s</td>", num(v, d, a, sizeof(a)));
			if (col == c->baseline)
				continue;
			num(diff, d, b, sizeof(b));
			/* The sign is written out: a board reads "+120", not
			 * "120"; a difference that rounds to nothing is "0". */
			if (isnan(diff))
				fputs("<td>n/a</td>", fp);
			else if (zero_text(b))
				fprintf(fp, "<td class=\"same\">%s</td>", num(0, d, b, sizeof(b)));
			else
				fprintf(fp, "<td class=\"%s\">%s%s</td>", diff > 0 ? "up" : "down",
					diff > 0 ? "+" : "", b);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table>\n", fp);
}

/*
 * The comparison, in tables of at most COMPARE_COLS scenarios beside the
 * baseline: a wider table would not fit an A4 page or the page column.
 */
#define COMPARE_COLS 3

static void compare_table(FILE *fp, const struct report_compare *c)
{
	int from = 0, to, shown;

	while (from < c->ncols) {
		for (to = from, shown = 0; to < c->ncols && shown < COMPARE_COLS; to++)
			shown += to != c->baseline;
		/* A part holding only the baseline adds nothing. */
		if (shown || from == 0)
			compare_part(fp, c, from, to);
		from = to;
	}
}

/* The councils' table: the region's row first, as the KPIs are. */
static void grid_table(FILE *fp, const struct report_grid *g)
{
	char a[64];
	int i, j;

	if (g->note) {
		fputs("<p>", fp);
		esc(fp, g->note);
		fputs("</p>\n", fp);
	}
	fputs("<table class=\"compare\">\n<thead><tr><th>council</th>", fp);
	for (j = 0; j < g->ncols; j++) {
		fputs("<th>", fp);
		esc(fp, g->col_names[j]);
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < g->nrows; i++) {
		fputs("<tr><td>", fp);
		esc(fp, g->row_names[i]);
		fputs("</td>", fp);
		for (j = 0; j < g->ncols; j++)
			fprintf(fp, "<td>%s</td>", num(g->v[(size_t)i * g->ncols + j],
							 g->decimals[j], a, sizeof(a)));
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table>\n", fp);
}

/* ---------------------------------------------------------------- map */

/* World (working CRS) to SVG pixels. */
struct frame {
	double x0, y1, scale, ox, oy;
};

static double fx(const struct frame *f, double x) { return f->ox + (x - f->x0) * f->scale; }
static double fy(const struct frame *f, double y) { return f->oy + (f->y1 - y) * f->scale; }

static void grow_bbox(double b[4], int *any, const struct report_layer *l)
{
	double lb[4];

	if (!l || report_layer_bbox(l, lb) != 0)
		return;
	if (!*any) {
		memcpy(b, lb, sizeof(lb));
		*any = 1;
		return;
	}
	b[0] = fmin(b[0], lb[0]);
	b[1] = fmin(b[1], lb[1]);
	b[2] = fmax(b[2], lb[2]);
	b[3] = fmax(b[3], lb[3]);
}

/* Polygons of gm as one path (evenodd: holes stay holes). */
static void path(FILE *fp, const struct frame *f, const struct le_geom *gm)
{
	int p, i;

	char t[32];

	/* "M12.3 45.6L...": the bytes of fprintf "%c%.1f %.1f" by
	 * le_fmt_fixed, as every zone vertex of the region goes through
	 * here (24 MB of page for all of Scotland). */
	fputs("d=\"", fp);
	for (p = 0; p < gm->nparts; p++)
		for (i = gm->part_start[p]; i < gm->part_start[p + 1]; i++) {
			fputc(i == gm->part_start[p] ? 'M' : 'L', fp);
			fwrite(t, 1, (size_t)le_fmt_fixed(fx(f, gm->xy[2 * i]), 1, t), fp);
			fputc(' ', fp);
			fwrite(t, 1, (size_t)le_fmt_fixed(fy(f, gm->xy[2 * i + 1]), 1, t), fp);
		}
	fputs("Z\"", fp);
}

/* A round length for the scale bar: 1, 2 or 5 x 10^k metres, about a
 * fifth of the map's width. */
static double nice_length(double target)
{
	double p = pow(10, floor(log10(target))), m = target / p;

	return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

static void map_zones(FILE *fp, const struct frame *f, const struct report_view *v,
		      double cls[6])
{
	const struct report_layer *z = v->zones;
	int fld = z ? report_layer_find(z, v->zone_field ? v->zone_field : "") : -1;
	double lo = INFINITY, hi = -INFINITY;
	int i;

	cls[0] = NAN;
	if (!z)
		return;
	for (i = 0; i < z->nrows; i++) {
		double x = report_layer_num(z, i, fld);
		if (!isnan(x)) {
			lo = fmin(lo, x);
			hi = fmax(hi, x);
		}
	}
	if (lo <= hi)
		for (i = 0; i <= 5; i++)
			cls[i] = lo + (hi - lo) * i / 5.0;
	fputs("<g class=\"zones\" stroke=\"#999\" stroke-width=\"0.3\" fill-rule=\"evenodd\">\n", fp);
	for (i = 0; i < z->nrows; i++) {
		double x = report_layer_num(z, i, fld);
		int c = 0;
		if (z->geoms[i].npoints == 0)
			continue;
		if (!isnan(x) && hi > lo)
			c = (int)fmin(4, floor((x - lo) / (hi - lo) * 5));
		fprintf(fp, "<path fill=\"%s\" ", isnan(x) ? "#e0e0e0" : zone_color[c]);
		path(fp, f, &z->geoms[i]);
		fputs("/>\n", fp);
	}
	fputs("</g>\n", fp);
}

static void map_schools(FILE *fp, const struct frame *f, const struct report_layer *s)
{
	int froll = report_layer_find(s, "roll"), futil = report_layer_find(s, "utilisation_pct");
	int fstat = report_layer_find(s, "status");
	double maxroll = 1;
	int i;

	for (i = 0; i < s->nrows; i++)
		maxroll = fmax(maxroll, report_layer_num(s, i, froll));
	fputs("<g class=\"schools\" stroke=\"#333\" stroke-width=\"0.6\">\n", fp);
	for (i = 0; i < s->nrows; i++) {
		const struct le_geom *gm = &s->geoms[i];
		double roll = report_layer_num(s, i, froll), x, y, r;
		int band = report_util_band(report_layer_num(s, i, futil));
		const struct report_cell *st = fstat >= 0 ? report_layer_cell(s, i, fstat) : NULL;
		const char *status = st && !st->null ? st->s : "open";
		if (gm->npoints == 0)
			continue;
		x = fx(f, gm->xy[0]);
		y = fy(f, gm->xy[1]);
		/* Area proportional to the roll: radius by square root. */
		r = 2.5 + 9.0 * sqrt(isnan(roll) ? 0 : roll / maxroll);
		if (!strcmp(status, "closed")) {
			/* A closed school's roll is 0: a cross sized by it would
			 * vanish, and the closure is what the reader looks for. */
			r = fmax(r, 7);
			fprintf(fp, "<path class=\"closed\" stroke=\"#000\" stroke-width=\"2.5\" "
				"d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f\"/>\n",
				x - r, y - r, x + r, y + r, x - r, y + r, x + r, y - r);
			continue;
		}
		if (!strcmp(status, "new")) {
			int k;
			fputs("<path class=\"new\" stroke-width=\"1.2\" fill=\"", fp);
			fputs(band >= 0 ? band_color[band] : "#bbb", fp);
			fputs("\" d=\"", fp);
			/* A five-pointed star of outer radius r + 3. */
			for (k = 0; k < 10; k++) {
				double a = HTML_PI / 2 + k * HTML_PI / 5, rr = k % 2 ? (r + 3) / 2.4 : r + 3;
				fprintf(fp, "%c%.1f %.1f", k ? 'L' : 'M', x + rr * cos(a), y - rr * sin(a));
			}
			fputs("Z\"/>\n", fp);
			continue;
		}
		fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" fill-opacity=\"0.9\"/>\n",
			x, y, r, band >= 0 ? band_color[band] : "#bbb");
	}
	fputs("</g>\n", fp);
}

/* Legend, scale bar and north arrow, drawn over the map's corners. */
static void map_furniture(FILE *fp, const struct frame *f, const struct report_view *v,
			  const double cls[6])
{
	double len = nice_length((MAP_W - 2 * MAP_PAD) / 5 / f->scale), px = len * f->scale;
	double y = 16;
	char a[64], b[64];
	int i;

	fprintf(fp, "<g class=\"legend\" font-size=\"10\"><rect x=\"%.1f\" y=\"4\" width=\"190\" "
		"height=\"%d\" fill=\"#fff\" fill-opacity=\"0.85\" stroke=\"#999\"/>\n",
		MAP_W - 198, isnan(cls[0]) ? 130 : 218);
	fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">utilisation</text>\n",
		MAP_W - 192, y);
	for (i = 0; i < 5; i++) {
		y += 14;
		fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" stroke=\"#333\"/>"
			"<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", MAP_W - 184, y - 3,
			band_color[i], MAP_W - 174, y, band_label[i]);
	}
	y += 14;
	fprintf(fp, "<path stroke=\"#000\" stroke-width=\"2\" d=\"M%.1f %.1fl8 8m0 -8l-8 8\"/>"
		"<text x=\"%.1f\" y=\"%.1f\">closed</text>\n", MAP_W - 188, y - 8, MAP_W - 174, y);
	y += 14;
	fprintf(fp, "<path fill=\"#bbb\" stroke=\"#333\" d=\"M%.1f %.1fl2 5h5l-4 3l2 5l-5 -3l-5 3l2 -5l-4 -3h5z\"/>"
		"<text x=\"%.1f\" y=\"%.1f\">new school</text>\n", MAP_W - 184, y - 12, MAP_W - 174, y);
	if (!isnan(cls[0])) {
		y += 18;
		fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">", MAP_W - 192, y);
		esc(fp, v->zone_label ? v->zone_label : v->zone_field);
		fputs("</text>\n", fp);
		for (i = 0; i < 5; i++) {
			y += 14;
			fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\" stroke=\"#999\"/>"
				"<text x=\"%.1f\" y=\"%.1f\">%s - %s</text>\n", MAP_W - 189, y - 9,
				zone_color[i], MAP_W - 174, y, num(cls[i], 0, a, sizeof(a)),
				num(cls[i + 1], 0, b, sizeof(b)));
		}
	}
	fputs("</g>\n", fp);
	/* Scale bar, bottom left. */
	fprintf(fp, "<g class=\"scalebar\" font-size=\"10\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		"height=\"5\" fill=\"#000\"/><text x=\"%.1f\" y=\"%.1f\">%s %s</text></g>\n",
		MAP_PAD, MAP_H - 18, px, MAP_PAD, MAP_H - 22,
		num(len >= 1000 ? len / 1000 : len, 0, a, sizeof(a)), len >= 1000 ? "km" : "m");
	/* North arrow, top left: the working CRS is a grid with north up. */
	fprintf(fp, "<g class=\"north\"><path d=\"M%.1f %.1fl8 22l-8 -6l-8 6z\" fill=\"#000\"/>"
		"<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\">N</text></g>\n",
		MAP_PAD + 10, MAP_PAD + 14, MAP_PAD + 10, MAP_PAD + 10);
}

static void map(FILE *fp, const struct report_view *v)
{
	struct frame f;
	double b[4] = { 0, 0, 1, 1 }, cls[6], sx, sy;
	int any = 0, i;

	/* The boundary frames the map when there is one; else everything. */
	grow_bbox(b, &any, v->boundary);
	if (!any) {
		grow_bbox(b, &any, v->zones);
		grow_bbox(b, &any, v->schools);
	}
	/* The legend has the right-hand strip to itself: drawn over the
	 * region it would hide schools. */
	sx = (MAP_W - MAP_LEGEND_W - 2 * MAP_PAD) / fmax(b[2] - b[0], 1);
	sy = (MAP_H - 2 * MAP_PAD) / fmax(b[3] - b[1], 1);
	f.scale = fmin(sx, sy);
	f.x0 = b[0];
	f.y1 = b[3];
	/* Centre the region in the rest of the frame. */
	f.ox = (MAP_W - MAP_LEGEND_W - (b[2] - b[0]) * f.scale) / 2;
	f.oy = (MAP_H - (b[3] - b[1]) * f.scale) / 2;
	fprintf(fp, "<figure class=\"map\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
		"width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#fbfbf8\"/>\n",
		MAP_W, MAP_H, MAP_W, MAP_H);
	map_zones(fp, &f, v, cls);
	if (v->boundary) {
		fputs("<g class=\"boundary\" fill=\"none\" stroke=\"#444\" stroke-width=\"1.2\">\n", fp);
		for (i = 0; i < v->boundary->nrows; i++)
			if (v->boundary->geoms[i].npoints > 0) {
				fputs("<path ", fp);
				path(fp, &f, &v->boundary->geoms[i]);
				fputs("/>\n", fp);
			}
		fputs("</g>\n", fp);
	}
	if (v->schools)
		map_schools(fp, &f, v->schools);
	map_furniture(fp, &f, v, cls);
	fputs("</svg><figcaption>Schools sized by roll and coloured by utilisation", fp);
	if (v->zones && v->zone_field) {
		fputs("; zones shaded by ", fp);
		esc(fp, v->zone_label ? v->zone_label : v->zone_field);
	}
	fputs(".</figcaption></figure>\n", fp);
}

/* ---------------------------------------------------------------- chart */

/* One small panel: roll (solid) against capacity (dashed) by year. */
static void panel(FILE *fp, const struct report_series *s, double ox, double oy)
{
	double top = 1, l = ox + 34, r = ox + PANEL_W - 8, t = oy + 18, b = oy + PANEL_H - 18;
	char a[64];
	int i, k, n = s->nyears;

	for (i = 0; i < n; i++) {
		if (!isnan(s->roll[i]))
			top = fmax(top, s->roll[i]);
		if (!isnan(s->capacity[i]))
			top = fmax(top, s->capacity[i]);
	}
	top *= 1.1;
	fputs("<text font-size=\"11\" font-weight=\"bold\" ", fp);
	fprintf(fp, "x=\"%.1f\" y=\"%.1f\">", ox + 4, oy + 12);
	/* A panel is 230 px: a longer title would run into the next one.
	 * Cut at a character boundary (UTF-8 continuation bytes are
	 * 10xxxxxx) and mark the cut. */
	if (strlen(s->name) > PANEL_CHARS) {
		char cut[PANEL_CHARS + 1];
		size_t len = PANEL_CHARS - 1;

		while (len > 0 && ((unsigned char)s->name[len] & 0xC0) == 0x80)
			len--;
		memcpy(cut, s->name, len);
		cut[len] = '\0';
		esc(fp, cut);
		fputs("&hellip;", fp);
	} else {
		esc(fp, s->name);
	}
	fputs("</text>\n", fp);
	fprintf(fp, "<path stroke=\"#999\" fill=\"none\" d=\"M%.1f %.1fV%.1fH%.1f\"/>\n", l, t, b, r);
	fprintf(fp, "<text font-size=\"9\" text-anchor=\"end\" x=\"%.1f\" y=\"%.1f\">%s</text>"
		"<text font-size=\"9\" text-anchor=\"end\" x=\"%.1f\" y=\"%.1f\">0</text>\n",
		l - 3, t + 4, num(top, 0, a, sizeof(a)), l - 3, b);
	if (n > 0)
		fprintf(fp, "<text font-size=\"9\" x=\"%.1f\" y=\"%.1f\">%d</text>"
			"<text font-size=\"9\" text-anchor=\"end\" x=\"%.1f\" y=\"%.1f\">%d</text>\n",
			l, b + 11, s->years[0], r, b + 11, s->years[n - 1]);
	for (k = 0; k < 2; k++) {
		const double *v = k ? s->capacity : s->roll;
		int started = 0;
		fprintf(fp, "<path class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s d=\"",
			k ? "capacity" : "roll", k ? "#d7191c" : "#2166ac", k ? "1.2" : "2",
			k ? " stroke-dasharray=\"4 3\"" : "");
		for (i = 0; i < n; i++) {
			double x = n > 1 ? l + (r - l) * i / (n - 1) : (l + r) / 2;
			if (isnan(v[i])) {
				started = 0;
				continue;
			}
			fprintf(fp, "%c%.1f %.1f", started ? 'L' : 'M', x, b - (b - t) * v[i] / top);
			/* A single year still shows as a short tick. */
			if (n == 1)
				fprintf(fp, "h0.1M%.1f %.1fh16", x - 8, b - (b - t) * v[i] / top);
			started = 1;
		}
		fputs("\"/>\n", fp);
	}
}

static void chart(FILE *fp, const struct report_view *v)
{
	int n = v->nseries < CHART_MAX ? v->nseries : CHART_MAX, i;
	int rows = (n + CHART_COLS - 1) / CHART_COLS;
	double h = rows * PANEL_H + 20;

	fprintf(fp, "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
		"width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n",
		CHART_COLS * PANEL_W, h, CHART_COLS * PANEL_W, h);
	for (i = 0; i < n; i++)
		panel(fp, &v->series[i], (i % CHART_COLS) * PANEL_W, (i / CHART_COLS) * PANEL_H);
	fprintf(fp, "<g font-size=\"10\"><path stroke=\"#2166ac\" stroke-width=\"2\" d=\"M4 %.1fh20\"/>"
		"<text x=\"28\" y=\"%.1f\">roll</text><path stroke=\"#d7191c\" stroke-dasharray=\"4 3\" "
		"d=\"M70 %.1fh20\"/><text x=\"94\" y=\"%.1f\">capacity</text></g>\n",
		h - 8, h - 5, h - 8, h - 5);
	fprintf(fp, "</svg><figcaption>Roll against capacity by year%s.</figcaption></figure>\n",
		v->nseries > CHART_MAX ? " (the first schools listed)" : "");
}

/* ---------------------------------------------------------------- page */

int report_summary_write(const char *path, const struct report_summary *sm,
			 struct le_err *err)
{
	struct io_out o;
	FILE *fp;
	int i, rc;

	if ((rc = io_out_open(&o, path, err)))
		return rc;
	fp = o.fp;
	report_html_head(fp, sm->title, NULL);
	fputs("<h1>", fp);
	esc(fp, sm->title);
	fputs("</h1>\n", fp);
	if (sm->intro) {
		fputs("<p>", fp);
		esc(fp, sm->intro);
		fputs("</p>\n", fp);
	}
	if (sm->compare) {
		fputs("<h2>Comparison</h2>\n", fp);
		compare_table(fp, sm->compare);
	}
	if (sm->by_council) {
		fputs("<h2>By council</h2>\n", fp);
		grid_table(fp, sm->by_council);
	}
	for (i = 0; i < sm->nviews; i++) {
		const struct report_view *v = &sm->views[i];
		fputs("<section class=\"scenario\">\n<h2>", fp);
		esc(fp, v->name);
		fputs("</h2>\n<h3>Map</h3>\n", fp);
		map(fp, v);
		fputs("<h3>Roll and capacity</h3>\n", fp);
		if (v->nseries)
			chart(fp, v);
		else
			fputs("<p>No roll history or projection to chart.</p>\n", fp);
		fputs("</section>\n", fp);
	}
	fputs("</body>\n</html>\n", fp);
	return io_out_commit(&o, err);
}

/* ---------------------------------------------------------------- region */

int report_region_summary(const struct study *s, const struct region *r,
			  const struct report_layer *layers, int n,
			  const struct report_series *series, int nseries,
			  const char *dir, struct le_err *err)
{
	static const char *rows[] = {
		"primary schools", "secondary schools", "special schools",
		"pupils on roll", "places (capacity)", "utilisation (%)",
		"schools over capacity", "zones with a polygon",
		"zones beyond 2 miles of a primary school",
	};
	static const int dec[] = { 0, 0, 0, 0, 0, 1, 0, 0, 0 };
	const char *cols[] = { "as loaded" };
	double v[9] = { 0 }, roll = 0, cap = 0;
	int ncap = 0;
	struct report_compare cmp;
	struct report_view view;
	struct report_summary sm;
	struct buf path;
	int k, i, rc;

	memset(&view, 0, sizeof(view));
	for (k = 0; k < r->nschools; k++) {
		const struct school *sc = &r->schools[k];
		v[sc->sector]++;
		if (sc->roll >= 0 && sc->capacity > 0) {
			roll += sc->roll;
			cap += sc->capacity;
			/* The one band rule (report_util_band). */
			v[6] += report_util_band(report_util_pct(sc->roll, sc->capacity)) == REPORT_BAND_OVER;
		}
		v[3] += sc->roll > 0 ? sc->roll : 0;
		v[4] += sc->capacity > 0 ? sc->capacity : 0;
		ncap += sc->capacity >= 0;
	}
	/* Over the schools with both figures, so gaps do not lower it. */
	v[5] = cap > 0 ? 100 * roll / cap : NAN;
	/* No capacity given at all: "n/a", never 0 places or 0 schools
	 * over capacity. */
	if (!ncap)
		v[4] = v[6] = NAN;
	if (cap <= 0)
		v[6] = NAN;
	for (i = 0; i < n; i++) {
		if (!strcmp(layers[i].name, "schools"))
			view.schools = &layers[i];
		else if (!strcmp(layers[i].name, "zones"))
			view.zones = &layers[i];
		else if (!strcmp(layers[i].name, "councils"))
			view.boundary = &layers[i];
	}
	if (view.zones) {
		int fb = report_layer_find(view.zones, "beyond_limit");
		v[7] = view.zones->nrows;
		for (i = 0; i < view.zones->nrows; i++)
			v[8] += report_layer_num(view.zones, i, fb) == 1;
	}
	cmp.nrows = 9;
	cmp.ncols = 1;
	cmp.row_names = rows;
	cmp.col_names = cols;
	cmp.v = v;
	cmp.decimals = dec;
	cmp.baseline = 0;
	view.name = "The region as loaded";
	view.zone_field = "distance_m";
	view.zone_label = "distance to nearest primary (m)";
	view.series = series;
	view.nseries = nseries;
	memset(&sm, 0, sizeof(sm));
	sm.title = s->name ? s->name : "estate summary";
	sm.intro = "The region as loaded, before any scenario: schools, zones and the "
		   "straight-line distance from each zone to its nearest primary school.";
	sm.compare = &cmp;
	sm.views = &view;
	sm.nviews = 1;
	buf_init(&path);
	buf_addf(&path, "%s/summary.html", dir);
	rc = report_summary_write(path.s, &sm, err);
	buf_release(&path);
	return rc;
}
