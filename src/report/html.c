/*
 * html.c: the board paper (report_summary_write, summary.html): an
 * executive summary (the trend, the options in words, the officers'
 * recommendation, the appraisal sections of other modules), the key
 * measures, the caveats, per option what changes, when and at what cost
 * with an SVG map of where it changes and an SVG chart, then annexes (the
 * full table of measures, the glossary) and the data's attribution, in
 * one HTML file that needs nothing else (no scripts at all, no fonts, no
 * tiles), so it can be mailed, opened offline, read on a phone and
 * printed on A4.
 *
 * Invariants:
 *  - The output depends only on the inputs: fixed number formats, no
 *    dates, rows and features in the order given (same inputs, same bytes).
 *  - Map coordinates are the working CRS (metres, y up) scaled into an SVG
 *    frame with y flipped; 1 decimal of a pixel is plenty on screen and
 *    paper and keeps the file small.
 *  - Colours are colour-blind safe: utilisation in ColorBrewer's PuOr
 *    (purple empty, orange full), walking distance in ColorBrewer's
 *    Greens, better / worse in Okabe-Ito blue / vermillion, and every
 *    colour also has a word (a legend, a "better if" column), so the
 *    page reads in grey print too.
 *  - Layout for every reader: a single column that shrinks to a phone
 *    (SVGs by viewBox at 100 % width, tables in scrolling wrappers),
 *    A4 print (tables break between rows, headings and captions stay
 *    with what follows, page numbers by @page margin boxes), and
 *    semantic HTML (lang, headings in order, th scope, captions, SVG
 *    role="img" with <title> and <desc>).
 *  - Every text from the data is HTML-escaped.
 */
#include "report/report_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* SVG map frame in user units (the SVG scales to the page's width). */
#define MAP_W 720.0
#define MAP_H 540.0
#define MAP_PAD 12.0
/* Height of the attribution strip at the map's foot. */
#define MAP_FOOT 30.0
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

/* Bands of DESIGN.md: <= 40, 41-60, 61-80, 81-100, > 100 %, in
 * ColorBrewer PuOr (colour-blind safe, diverging): empty purple, full
 * orange, over capacity the strongest. */
static const char *band_color[5] = { "#5e3c99", "#b2abd2", "#f7f7f7", "#fdb863", "#e66101" };
static const char *band_label[5] = { "&le; 40 %", "41-60 %", "61-80 %", "81-100 %", "&gt; 100 %" };
/* ColorBrewer Greens for the zone classes (light = near). */
static const char *zone_color[5] = { "#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c" };
/* A mile in metres (the statutory limits are set in miles). */
#define HTML_MILE_M 1609.344

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

void report_html_esc(FILE *fp, const char *s)
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
const char *report_html_num(double v, int d, char *out, size_t n)
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

/* Short names inside this file. */
static void esc(FILE *fp, const char *s)
{
	report_html_esc(fp, s);
}

static const char *num(double v, int d, char *out, size_t n)
{
	return report_html_num(v, d, out, n);
}

/* ---------------------------------------------------------------- page */

/*
 * Screen first, one column of at most 760 px that shrinks to a phone:
 * nothing is wider than the screen (SVGs scale by viewBox; tables scroll
 * inside their wrapper; long words break). Print: A4 with page numbers
 * in the bottom margin (@page margin boxes: Chromium 131 and later);
 * tables break between rows with the header repeated, headings and
 * captions stay with what follows, each option starts a page.
 */
static const char *css =
	"html{-webkit-text-size-adjust:100%}"
	"body{font-family:Helvetica,Arial,sans-serif;color:#222;margin:0 auto;padding:12px 16px;"
	"max-width:760px;line-height:1.45;overflow-wrap:break-word}"
	"h1{font-size:24px;margin:8px 0 4px}h2{font-size:19px;margin:28px 0 8px;border-bottom:1px solid #ccc}"
	"h3{font-size:15px;margin:16px 0 6px}p.sub{color:#555;margin:0 0 12px}"
	"h1,h2,h3,caption{break-after:avoid;page-break-after:avoid}"
	".scroll{overflow-x:auto;max-width:100%;margin:8px 0 16px}"
	"table{border-collapse:collapse;font-size:13px}"
	"caption{text-align:left;font-weight:bold;padding:2px 0 4px;caption-side:top}"
	"thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}"
	"th,td{border:1px solid #ccc;padding:3px 8px;text-align:right;vertical-align:top}"
	"th:first-child,td:first-child,td.text,th.text{text-align:left}thead th{background:#f0f0f0}"
	"tbody th{font-weight:normal}"
	"td.better{color:#0072b2;font-weight:bold}td.worse{color:#d55e00;font-weight:bold}"
	"svg{display:block;width:100%;height:auto;margin:6px 0}"
	"figure{margin:0 0 12px;break-inside:avoid;page-break-inside:avoid}"
	"figcaption{font-size:12px;color:#555;break-before:avoid;page-break-before:avoid}"
	".rec{border-left:4px solid #0072b2;padding:4px 12px;background:#f4f8fb}"
	".slot{border:1px dashed #999;padding:8px 12px;color:#555}"
	"ul.caveats li,ul.options li{margin:4px 0}"
	"dl.glossary dt{font-weight:bold;margin-top:8px}dl.glossary dd{margin:0 0 0 16px}"
	"footer{margin-top:32px;border-top:1px solid #ccc;font-size:12px;color:#555}"
	"@media (max-width:480px){body{padding:8px 10px}table{font-size:12px}th,td{padding:2px 4px}}"
	"@page{size:A4;margin:14mm 12mm 16mm 12mm;"
	"@bottom-right{content:\"page \" counter(page) \" of \" counter(pages);font-size:9pt;color:#555}}"
	"@media print{body{max-width:none;padding:0;font-size:10.5pt}"
	".scroll{overflow:visible}section.option{break-before:page;page-break-before:always}"
	"section.annex{break-before:page;page-break-before:always}"
	/* An annex table that fits on a page starts one rather than leave
	 * its last rows alone on the next (a longer one breaks anyway). */
	"section.annex .scroll{break-inside:avoid;page-break-inside:avoid}"
	"figure.map svg{max-height:110mm}figure.chart svg{max-height:95mm}h3{margin:10px 0 4px}}";

/* The page's head and style, shared with every HTML output of estate
 * (report_int.h), so the consultation pack looks like the board page. */
void report_html_head(FILE *fp, const char *title, const char *extra_css)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", fp);
	esc(fp, title);
	fprintf(fp, "</title>\n<style>%s%s</style>\n</head>\n<body>\n", css,
		extra_css ? extra_css : "");
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

/* The class of a difference: its direction against the row's. */
static const char *diff_class(double diff, int better)
{
	if (better == 0)
		return "diff";
	return (diff > 0) == (better > 0) ? "better" : "worse";
}

/* Columns from..to of the table (the baseline column first when it is
 * not among them). */
static void compare_part(FILE *fp, const struct report_compare *c, int from, int to)
{
	char a[64], b[64];
	int i, j;

	fputs("<div class=\"scroll\"><table class=\"compare\">\n", fp);
	if (c->caption) {
		fputs("<caption>", fp);
		esc(fp, c->caption);
		fputs("</caption>\n", fp);
	}
	fputs("<thead><tr><th scope=\"col\">measure</th>", fp);
	if (c->better)
		fputs("<th scope=\"col\" class=\"text\">better if</th>", fp);
	for (j = -1; j < to; j++) {
		int col = j < 0 ? c->baseline : j;

		if ((j >= 0 && j < from) || (j >= 0 && j == c->baseline))
			continue;
		if (col == c->baseline || !c->diff_only) {
			fputs("<th scope=\"col\">", fp);
			esc(fp, c->col_names[col]);
			fputs("</th>", fp);
		}
		if (col != c->baseline) {
			/* Options beside their difference only: the caption
			 * says the cells are differences. */
			fputs("<th scope=\"col\">", fp);
			if (c->diff_only)
				esc(fp, c->col_names[col]);
			else
				fputs("&plusmn; baseline", fp);
			fputs("</th>", fp);
		}
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < c->nrows; i++) {
		int d = c->decimals ? c->decimals[i] : 0, dir = c->better ? c->better[i] : 0;
		double base = c->v[(size_t)i * c->ncols + c->baseline];

		fputs("<tr><th scope=\"row\">", fp);
		esc(fp, c->row_names[i]);
		fputs("</th>", fp);
		if (c->better)
			fprintf(fp, "<td class=\"text\">%s</td>",
				dir > 0 ? "higher" : dir < 0 ? "lower" : "&ndash;");
		for (j = -1; j < to; j++) {
			int col = j < 0 ? c->baseline : j;
			double v = c->v[(size_t)i * c->ncols + col], diff = v - base;

			if ((j >= 0 && j < from) || (j >= 0 && j == c->baseline))
				continue;
			if (col == c->baseline || !c->diff_only)
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
				fprintf(fp, "<td class=\"%s\">%s%s</td>", diff_class(diff, dir),
					diff > 0 ? "+" : "", b);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table></div>\n", fp);
}

/*
 * The comparison, in tables of at most COMPARE_COLS scenarios beside the
 * baseline (COMPARE_COLS_DIFF when options show their difference only):
 * a wider table would not fit an A4 page or the page column.
 */
#define COMPARE_COLS 3
#define COMPARE_COLS_DIFF 7

static void compare_table(FILE *fp, const struct report_compare *c)
{
	int from = 0, to, shown, most = c->diff_only ? COMPARE_COLS_DIFF : COMPARE_COLS;

	while (from < c->ncols) {
		for (to = from, shown = 0; to < c->ncols && shown < most; to++)
			shown += to != c->baseline;
		/* A part holding only the baseline adds nothing. */
		if (shown || from == 0)
			compare_part(fp, c, from, to);
		from = to;
	}
}

/* A grid: the row names first (the region's row first, as the KPIs). */
static void grid_table(FILE *fp, const struct report_grid *g)
{
	char a[64];
	int i, j;

	if (g->note) {
		fputs("<p>", fp);
		esc(fp, g->note);
		fputs("</p>\n", fp);
	}
	fputs("<div class=\"scroll\"><table class=\"grid\">\n", fp);
	if (g->caption) {
		fputs("<caption>", fp);
		esc(fp, g->caption);
		fputs("</caption>\n", fp);
	}
	fputs("<thead><tr><th scope=\"col\">", fp);
	esc(fp, g->corner ? g->corner : "council");
	fputs("</th>", fp);
	for (j = 0; j < g->ncols; j++) {
		fputs("<th scope=\"col\">", fp);
		esc(fp, g->col_names[j]);
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < g->nrows; i++) {
		fputs("<tr><th scope=\"row\">", fp);
		esc(fp, g->row_names[i]);
		fputs("</th>", fp);
		for (j = 0; j < g->ncols; j++)
			fprintf(fp, "<td>%s</td>", num(g->v[(size_t)i * g->ncols + j],
							 g->decimals[j], a, sizeof(a)));
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table></div>\n", fp);
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

/* Bounding box of one geometry. */
static void geom_bbox(const struct le_geom *gm, double b[4])
{
	int i;

	b[0] = b[1] = INFINITY;
	b[2] = b[3] = -INFINITY;
	for (i = 0; i < gm->npoints; i++) {
		b[0] = fmin(b[0], gm->xy[2 * i]);
		b[1] = fmin(b[1], gm->xy[2 * i + 1]);
		b[2] = fmax(b[2], gm->xy[2 * i]);
		b[3] = fmax(b[3], gm->xy[2 * i + 1]);
	}
}

/* Does a geometry's box meet the frame's visible window? Zones far off
 * a zoomed map are left out of the file rather than drawn off-canvas. */
static int in_window(const struct le_geom *gm, const double win[4])
{
	double b[4];

	if (!win)
		return 1;
	geom_bbox(gm, b);
	return b[2] >= win[0] && b[0] <= win[2] && b[3] >= win[1] && b[1] <= win[3];
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

/*
 * One zone's mark, attributes before it given by the caller ("<path
 * fill=..." or "<circle fill=..."): a polygon zone's path, or a point
 * zone's small circle (region_zone_draw_type), the zone markers of a map
 * of point zones. Writes the rest of the element.
 */
static void zone_mark(FILE *fp, const struct frame *f, const struct le_geom *gm)
{
	char t[32];

	if (gm->type != LE_GEOM_POINT) {
		path(fp, f, gm);
		fputs("/>\n", fp);
		return;
	}
	/* Radius 3: seen at the scale of a council, below a school's
	 * smallest symbol (2.5 + its roll) only when that school is tiny. */
	fputs("cx=\"", fp);
	fwrite(t, 1, (size_t)le_fmt_fixed(fx(f, gm->xy[0]), 1, t), fp);
	fputs("\" cy=\"", fp);
	fwrite(t, 1, (size_t)le_fmt_fixed(fy(f, gm->xy[1]), 1, t), fp);
	fputs("\" r=\"3\"/>\n", fp);
}

/* The element zone_mark completes: a path or a circle. */
static const char *zone_elem(const struct le_geom *gm)
{
	return gm->type == LE_GEOM_POINT ? "<circle class=\"zone\"" : "<path";
}

/* A round length for the scale bar: 1, 2 or 5 x 10^k metres, about a
 * fifth of the map's width. */
static double nice_length(double target)
{
	double p = pow(10, floor(log10(target))), m = target / p;

	return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

/*
 * The zone classes' upper edges (cls[0..4], the last +inf): tied to the
 * walking limits when given (half the lowest limit, then each limit
 * applied, ascending: scenario_walk_classes), else 5 equal classes over
 * the values.
 * Returns the number of classes; 0 without a zones layer or values.
 */
static int zone_classes(const struct report_view *v, int fld, double cls[5])
{
	const struct report_layer *z = v->zones;
	double lo = INFINITY, hi = -INFINITY;
	int i;

	if (v->nlimits > 0 && v->limit_m[0] > 0) {
		int n = v->nlimits < REPORT_NLIMITS ? v->nlimits : REPORT_NLIMITS;

		cls[0] = v->limit_m[0] / 2;
		for (i = 0; i < n; i++)
			cls[i + 1] = v->limit_m[i];
		cls[n + 1] = INFINITY;
		return n + 2;
	}
	for (i = 0; i < z->nrows; i++) {
		double x = report_layer_num(z, i, fld);
		if (!isnan(x)) {
			lo = fmin(lo, x);
			hi = fmax(hi, x);
		}
	}
	if (!(lo <= hi))
		return 0;
	for (i = 0; i < 5; i++)
		cls[i] = lo + (hi - lo) * (i + 1) / 5.0;
	cls[4] = INFINITY;
	return 5;
}

static int zone_class(double x, const double cls[5], int n)
{
	int c = 0;

	while (c < n - 1 && x > cls[c])
		c++;
	return c;
}

static void map_zones(FILE *fp, const struct frame *f, const struct report_view *v,
		      const double *win, double cls[5], int *ncls)
{
	const struct report_layer *z = v->zones;
	int fld = z ? report_layer_find(z, v->zone_field ? v->zone_field : "") : -1;
	int i;

	*ncls = 0;
	if (!z)
		return;
	*ncls = zone_classes(v, fld, cls);
	fputs("<g class=\"zones\" stroke=\"#999\" stroke-width=\"0.3\" fill-rule=\"evenodd\">\n", fp);
	for (i = 0; i < z->nrows; i++) {
		double x = report_layer_num(z, i, fld);

		if (z->geoms[i].npoints == 0 || !in_window(&z->geoms[i], win))
			continue;
		fprintf(fp, "%s fill=\"%s\" ", zone_elem(&z->geoms[i]), isnan(x) || !*ncls ?
			"#e0e0e0" : zone_color[zone_class(x, cls, *ncls)]);
		zone_mark(fp, f, &z->geoms[i]);
	}
	fputs("</g>\n", fp);
}

/*
 * The difference layer: zones whose school or distance changed hatched,
 * zones whose pupils' entitlement changed outlined in black. Returns how
 * many zones changed (0: nothing drawn).
 */
static int map_diff(FILE *fp, const struct frame *f, const struct report_view *v,
		    const double *win, int idx)
{
	const struct report_layer *z = v->zones;
	int i, n = 0;

	if (!z || !v->zone_diff)
		return 0;
	for (i = 0; i < z->nrows; i++)
		n += v->zone_diff[i] != 0;
	if (!n)
		return 0;
	fprintf(fp, "<g class=\"diff\" fill=\"url(#hatch%d)\" stroke=\"#000\" fill-rule=\"evenodd\">\n", idx);
	for (i = 0; i < z->nrows; i++) {
		int d = v->zone_diff[i];

		if (!d || z->geoms[i].npoints == 0 || !in_window(&z->geoms[i], win))
			continue;
		fprintf(fp, "%s stroke-width=\"%s\" ", zone_elem(&z->geoms[i]),
			d & REPORT_DIFF_ENTITLED ? "2" : "0.6");
		zone_mark(fp, f, &z->geoms[i]);
	}
	fputs("</g>\n", fp);
	return n;
}

static void map_schools(FILE *fp, const struct frame *f, const struct report_view *v,
			const double *win)
{
	const struct report_layer *s = v->schools;
	int froll = report_layer_find(s, "roll"), futil = report_layer_find(s, "utilisation_pct");
	int fstat = report_layer_find(s, "status"), fname = report_layer_find(s, "school_name");
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
		if (gm->npoints == 0 || !in_window(gm, win))
			continue;
		x = fx(f, gm->xy[0]);
		y = fy(f, gm->xy[1]);
		/* Area proportional to the roll: radius by square root. */
		r = 2.5 + 9.0 * sqrt(isnan(roll) ? 0 : roll / maxroll);
		if (!strcmp(status, "closed")) {
			/* A closed school's roll is 0: a cross sized by it would
			 * vanish, and the closure is what the reader looks for.
			 * A hollow grey ring keeps where the school was. */
			r = fmax(r, 7);
			fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" "
				"stroke=\"#777\" stroke-width=\"1.5\"/>\n", x, y, r);
			fprintf(fp, "<path class=\"closed\" stroke=\"#000\" stroke-width=\"2.5\" "
				"d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f\"/>\n",
				x - r, y - r, x + r, y + r, x - r, y + r, x + r, y - r);
		} else if (!strcmp(status, "new")) {
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
			r += 3;
		} else {
			fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" fill-opacity=\"0.9\"/>\n",
				x, y, r, band >= 0 ? band_color[band] : "#bbb");
		}
	}
	fputs("</g>\n", fp);
	if (!v->school_label || fname < 0)
		return;
	/* Labels over every symbol, with a white halo to stay readable on
	 * any fill. */
	fputs("<g class=\"labels\" font-size=\"11\" fill=\"#000\" stroke=\"#fff\" stroke-width=\"3\" "
	      "paint-order=\"stroke\" stroke-linejoin=\"round\">\n", fp);
	for (i = 0; i < s->nrows; i++) {
		const struct le_geom *gm = &s->geoms[i];
		const struct report_cell *nm = report_layer_cell(s, i, fname);
		double x, y;
		int right;

		if (!v->school_label[i] || gm->npoints == 0 || nm->null || !in_window(gm, win))
			continue;
		x = fx(f, gm->xy[0]);
		y = fy(f, gm->xy[1]);
		/* Right of the symbol, or left of it in the map's right half
		 * (where the text would run under the legend). */
		right = x < (MAP_W - MAP_LEGEND_W) / 2;
		fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", right ?
			x + 14 : x - 14, y + 4, right ? "start" : "end");
		esc(fp, nm->s);
		fputs("</text>\n", fp);
	}
	fputs("</g>\n", fp);
}

/* Legend, scale bar, north arrow and attribution, over the map's edges. */
static void map_furniture(FILE *fp, const struct frame *f, const struct report_view *v,
			  const double cls[5], int ncls, int ndiff, int idx)
{
	double len = nice_length((MAP_W - MAP_LEGEND_W - 2 * MAP_PAD) / 4 / f->scale);
	double px = len * f->scale, y = 16, lx = MAP_W - MAP_LEGEND_W + 6;
	char a[64], b[64];
	int i, j;

	fprintf(fp, "<g class=\"legend\" font-size=\"10\"><rect x=\"%.1f\" y=\"4\" width=\"%.1f\" "
		"height=\"%.1f\" fill=\"#fff\" stroke=\"#999\"/>\n",
		lx - 4, MAP_LEGEND_W - 6, MAP_H - MAP_FOOT - 8);
	fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">schools: utilisation</text>\n",
		lx, y);
	for (i = 0; i < 5; i++) {
		y += 14;
		fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" stroke=\"#333\"/>"
			"<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", lx + 8, y - 3,
			band_color[i], lx + 18, y, band_label[i]);
	}
	y += 14;
	fprintf(fp, "<path stroke=\"#000\" stroke-width=\"2\" d=\"M%.1f %.1fl8 8m0 -8l-8 8\"/>"
		"<text x=\"%.1f\" y=\"%.1f\">closed</text>\n", lx + 4, y - 8, lx + 18, y);
	y += 14;
	fprintf(fp, "<path fill=\"#bbb\" stroke=\"#333\" d=\"M%.1f %.1fl2 5h5l-4 3l2 5l-5 -3l-5 3l2 -5l-4 -3h5z\"/>"
		"<text x=\"%.1f\" y=\"%.1f\">new school</text>\n", lx + 8, y - 12, lx + 18, y);
	y += 12;
	fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\">size: pupils on roll</text>\n", lx, y);
	if (ncls) {
		y += 20;
		fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">", lx, y);
		esc(fp, v->zone_label ? v->zone_label : v->zone_field);
		fputs("</text>\n", fp);
		for (i = 0; i < ncls; i++) {
			double lo = i ? cls[i - 1] : 0;

			y += 14;
			fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\" stroke=\"#999\"/>"
				"<text x=\"%.1f\" y=\"%.1f\">", lx + 3, y - 9, zone_color[i], lx + 18, y);
			if (v->nlimits > 0 && v->limit_m[0] > 0) {
				/* Miles, as the statutory limits are set; a
				 * class ending at a limit names its stages. */
				if (isinf(cls[i])) {
					fprintf(fp, "over %s mi", num(lo / HTML_MILE_M, 1, a, sizeof(a)));
				} else {
					fprintf(fp, "%s-%s mi", num(lo / HTML_MILE_M, 1, a, sizeof(a)),
						num(cls[i] / HTML_MILE_M, 1, b, sizeof(b)));
					for (j = 0; j < v->nlimits && j < REPORT_NLIMITS; j++)
						if (cls[i] == v->limit_m[j]) {
							fputs(" (to ", fp);
							esc(fp, v->limit_stages[j]);
							fputs(" limit)", fp);
						}
				}
			} else if (isinf(cls[i])) {
				fprintf(fp, "over %s", num(lo, 0, a, sizeof(a)));
			} else {
				fprintf(fp, "%s - %s", num(lo, 0, a, sizeof(a)), num(cls[i], 0, b, sizeof(b)));
			}
			fputs("</text>\n", fp);
		}
		y += 14;
		fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"#e0e0e0\" stroke=\"#999\"/>"
			"<text x=\"%.1f\" y=\"%.1f\">no pupils</text>\n", lx + 3, y - 9, lx + 18, y);
	}
	if (v->nlimits > 0 && v->limit_m[0] > 0) {
		/* What is applied, by stage: the statute's by age unless a
		 * policy is set (scenario_walk_classes). */
		y += 18;
		fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">walking limits applied</text>\n",
			lx, y);
		for (j = 0; j < v->nlimits && j < REPORT_NLIMITS; j++) {
			y += 13;
			fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\">", lx, y);
			esc(fp, v->limit_stages[j]);
			fprintf(fp, " %s mi (%s km)</text>\n",
				num(v->limit_m[j] / HTML_MILE_M, 1, a, sizeof(a)),
				num(v->limit_m[j] / 1000, 1, b, sizeof(b)));
		}
	}
	if (ndiff) {
		y += 20;
		fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">change from baseline</text>\n",
			lx, y);
		y += 14;
		fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"url(#hatch%d)\" "
			"stroke=\"#000\" stroke-width=\"0.6\"/><text x=\"%.1f\" y=\"%.1f\">school or distance</text>\n",
			lx + 3, y - 9, idx, lx + 18, y);
		y += 14;
		fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"url(#hatch%d)\" "
			"stroke=\"#000\" stroke-width=\"2\"/><text x=\"%.1f\" y=\"%.1f\">transport entitlement</text>\n",
			lx + 3, y - 9, idx, lx + 18, y);
	}
	fputs("</g>\n", fp);
	/* Scale bar, bottom left. */
	fprintf(fp, "<g class=\"scalebar\" font-size=\"10\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		"height=\"5\" fill=\"#000\"/><text x=\"%.1f\" y=\"%.1f\">%s %s</text></g>\n",
		MAP_PAD, MAP_H - MAP_FOOT - 12, px, MAP_PAD, MAP_H - MAP_FOOT - 16,
		num(len >= 1000 ? len / 1000 : len, 0, a, sizeof(a)), len >= 1000 ? "km" : "m");
	/* North arrow, top left: the working CRS is a grid with north up. */
	fprintf(fp, "<g class=\"north\"><path d=\"M%.1f %.1fl8 22l-8 -6l-8 6z\" fill=\"#000\"/>"
		"<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\">N</text></g>\n",
		MAP_PAD + 10, MAP_PAD + 14, MAP_PAD + 10, MAP_PAD + 10);
	if (v->attribution) {
		/* The strip under the map: two lines, split at the last
		 * "; " (a source, then where the others are). */
		const char *sep = NULL, *q;
		char *first;

		for (q = strstr(v->attribution, "; "); q; q = strstr(q + 1, "; "))
			sep = q;
		first = sep ? xstrndup(v->attribution, (size_t)(sep - v->attribution)) :
			xstrdup(v->attribution);
		fprintf(fp, "<g class=\"attribution\" font-size=\"9\" fill=\"#333\"><rect x=\"0\" "
			"y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#fff\"/><text x=\"%.1f\" "
			"y=\"%.1f\">", MAP_H - MAP_FOOT, MAP_W, MAP_FOOT, MAP_PAD, MAP_H - MAP_FOOT + 12);
		esc(fp, first);
		fputs("</text>", fp);
		if (sep) {
			fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\">", MAP_PAD, MAP_H - MAP_FOOT + 24);
			esc(fp, sep + 2);
			fputs("</text>", fp);
		}
		fputs("</g>\n", fp);
		free(first);
	}
}

/* The map's frame: the focus box (a zoomed option) grown to the map's
 * aspect, else the boundary, else everything. */
static void map_frame(const struct report_view *v, struct frame *f, double win[4])
{
	double b[4] = { 0, 0, 1, 1 }, sx, sy, w, h;
	int any = 0;

	if (v->focus && v->focus[2] >= v->focus[0] && v->focus[3] >= v->focus[1]) {
		memcpy(b, v->focus, sizeof(b));
		any = 1;
	}
	if (!any)
		grow_bbox(b, &any, v->boundary);
	if (!any) {
		grow_bbox(b, &any, v->zones);
		grow_bbox(b, &any, v->schools);
	}
	/* The legend has the right-hand strip to itself: drawn over the
	 * region it would hide schools. */
	w = MAP_W - MAP_LEGEND_W - 2 * MAP_PAD;
	h = MAP_H - 2 * MAP_PAD - MAP_FOOT;
	sx = w / fmax(b[2] - b[0], 1);
	sy = h / fmax(b[3] - b[1], 1);
	f->scale = fmin(sx, sy);
	f->x0 = b[0];
	f->y1 = b[3];
	/* Centre the box in the rest of the frame. */
	f->ox = MAP_PAD + (w - (b[2] - b[0]) * f->scale) / 2;
	f->oy = MAP_PAD + (h - (b[3] - b[1]) * f->scale) / 2;
	/* What the frame shows, in world units (the legend strip too). */
	win[0] = b[0] - f->ox / f->scale;
	win[2] = win[0] + MAP_W / f->scale;
	win[3] = b[3] + f->oy / f->scale;
	win[1] = win[3] - MAP_H / f->scale;
}

static void map(FILE *fp, const struct report_view *v, int idx)
{
	struct frame f;
	double cls[5], win[4];
	int i, ncls, ndiff;

	map_frame(v, &f, win);
	fprintf(fp, "<figure class=\"map\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
		"viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"map%d-t map%d-d\">\n"
		"<title id=\"map%d-t\">Map: ", MAP_W, MAP_H, idx, idx, idx);
	esc(fp, v->name);
	fprintf(fp, "</title>\n<desc id=\"map%d-d\">", idx);
	esc(fp, v->desc ? v->desc : "Schools sized by roll and coloured by utilisation.");
	/* The hatch of the difference layer: black lines over a light
	 * wash, readable on every zone class and in grey print. Ids are
	 * per map: an HTML page's ids are unique. */
	fprintf(fp, "</desc>\n<defs><pattern id=\"hatch%d\" width=\"6\" height=\"6\" "
		"patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
		"<rect width=\"6\" height=\"6\" fill=\"#fff\" fill-opacity=\"0.35\"/>"
		"<path d=\"M0 0V6\" stroke=\"#000\" stroke-width=\"1.4\"/></pattern></defs>\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#fbfbf8\"/>\n", idx);
	map_zones(fp, &f, v, v->focus ? win : NULL, cls, &ncls);
	ndiff = map_diff(fp, &f, v, v->focus ? win : NULL, idx);
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
		map_schools(fp, &f, v, v->focus ? win : NULL);
	map_furniture(fp, &f, v, cls, ncls, ndiff, idx);
	fputs("</svg><figcaption>", fp);
	if (v->focus)
		fputs("Zoomed to where the option changes. ", fp);
	fputs("Schools sized by roll and coloured by utilisation", fp);
	if (v->zones && v->zone_field) {
		fputs("; zones shaded by ", fp);
		esc(fp, v->zone_label ? v->zone_label : v->zone_field);
	}
	if (ndiff)
		fprintf(fp, "; %d zone%s hatched where the school, distance or transport "
			"entitlement changes", ndiff, ndiff == 1 ? "" : "s");
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
			k ? "capacity" : "roll", k ? "#e66101" : "#0072b2", k ? "1.4" : "2",
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

/* The chart's text alternative: each school's roll and capacity in its
 * first and last year, so a screen reader gets the lines' story. */
static void chart_desc(FILE *fp, const struct report_view *v, int n)
{
	char a[64], b[64], c[64], d[64];
	int i;

	fputs("Roll against capacity by year. ", fp);
	for (i = 0; i < n; i++) {
		const struct report_series *s = &v->series[i];
		int last = s->nyears - 1;

		if (last < 0)
			continue;
		esc(fp, s->name);
		fprintf(fp, ": roll %s in %d, %s in %d; capacity %s, then %s. ",
			num(s->roll[0], 0, a, sizeof(a)), s->years[0],
			num(s->roll[last], 0, b, sizeof(b)), s->years[last],
			num(s->capacity[0], 0, c, sizeof(c)), num(s->capacity[last], 0, d, sizeof(d)));
	}
}

static void chart(FILE *fp, const struct report_view *v, int idx)
{
	int n = v->nseries < CHART_MAX ? v->nseries : CHART_MAX, i;
	int rows = (n + CHART_COLS - 1) / CHART_COLS;
	double h = rows * PANEL_H + 20;

	fprintf(fp, "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
		"viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"chart%d-t chart%d-d\">\n"
		"<title id=\"chart%d-t\">Roll and capacity: ", CHART_COLS * PANEL_W, h, idx, idx, idx);
	esc(fp, v->name);
	fprintf(fp, "</title>\n<desc id=\"chart%d-d\">", idx);
	chart_desc(fp, v, n);
	fputs("</desc>\n", fp);
	for (i = 0; i < n; i++)
		panel(fp, &v->series[i], (i % CHART_COLS) * PANEL_W, (i / CHART_COLS) * PANEL_H);
	fprintf(fp, "<g font-size=\"10\"><path stroke=\"#0072b2\" stroke-width=\"2\" d=\"M4 %.1fh20\"/>"
		"<text x=\"28\" y=\"%.1f\">roll</text><path stroke=\"#e66101\" stroke-dasharray=\"4 3\" "
		"d=\"M70 %.1fh20\"/><text x=\"94\" y=\"%.1f\">capacity</text></g>\n",
		h - 8, h - 5, h - 8, h - 5);
	fprintf(fp, "</svg><figcaption>Roll against capacity by year%s.</figcaption></figure>\n",
		v->nseries > CHART_MAX ? " (the first schools listed)" : "");
}

/* ---------------------------------------------------------------- page */

/* A paragraph of text, escaped; blank lines in it start new paragraphs
 * (a recommendation file's). */
static void paragraphs(FILE *fp, const char *cls, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *e = strstr(p, "\n\n");
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char *part = xstrndup(p, len);

		fprintf(fp, "<p%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
		esc(fp, part);
		fputs("</p>\n", fp);
		free(part);
		p += len;
		while (*p == '\n' || *p == '\r')
			p++;
	}
}

static void list(FILE *fp, const char *cls, const char *const *v, int n)
{
	int i;

	fprintf(fp, "<ul class=\"%s\">\n", cls);
	for (i = 0; i < n; i++) {
		fputs("<li>", fp);
		esc(fp, v[i]);
		fputs("</li>\n", fp);
	}
	fputs("</ul>\n", fp);
}

/* Executive summary: the trend, the options in words, the
 * recommendation, then the appraisal sections of other modules. */
static void executive(FILE *fp, const struct report_summary *sm)
{
	int i;

	if (!sm->trend_text && !sm->trend && !sm->noption_lines && !sm->recommendation &&
	    !sm->recommendation_slot && !sm->nappraisal)
		return;
	fputs("<section class=\"summary\" id=\"summary\">\n<h2>Summary</h2>\n", fp);
	if (sm->trend_text)
		paragraphs(fp, "lead", sm->trend_text);
	if (sm->trend)
		grid_table(fp, sm->trend);
	if (sm->noption_lines) {
		fputs("<h3>The options</h3>\n", fp);
		list(fp, "options", sm->option_lines, sm->noption_lines);
	}
	if (sm->recommendation || sm->recommendation_slot) {
		fputs("<h3>Recommendation</h3>\n", fp);
		if (sm->recommendation) {
			fputs("<div class=\"rec\">\n", fp);
			paragraphs(fp, NULL, sm->recommendation);
			fputs("</div>\n", fp);
		} else {
			fputs("<p class=\"slot\">For officers to write: the study gives no "
			      "recommendation (add <code>recommendation = ...</code> or "
			      "<code>recommendation_file = FILE</code> to its [study] section).</p>\n", fp);
		}
	}
	/* The appraisal of issue 12 (ranking, sufficiency): the single
	 * place the page calls other modules' sections, in their order. */
	for (i = 0; i < sm->nappraisal; i++)
		sm->appraisal[i].write(fp, sm->appraisal[i].ctx);
	fputs("</section>\n", fp);
}

static void glossary(FILE *fp, const struct report_summary *sm)
{
	int i;

	fputs("<section class=\"annex\" id=\"glossary\">\n<h2>Annex B: glossary of measures</h2>\n"
	      "<p>Every measure of the tables and of comparison.csv: its name on this page, "
	      "its column in the CSV outputs, its unit, which way is better, and what it "
	      "counts.</p>\n<dl class=\"glossary\">\n", fp);
	for (i = 0; i < sm->nglossary; i++) {
		const struct report_term *t = &sm->glossary[i];

		fputs("<dt>", fp);
		esc(fp, t->label);
		if (t->name && strcmp(t->name, t->label)) {
			fputs(" <code>", fp);
			esc(fp, t->name);
			fputs("</code>", fp);
		}
		fputs("</dt>\n<dd>", fp);
		esc(fp, t->desc);
		fputs(" (", fp);
		esc(fp, t->unit);
		fprintf(fp, "; %s)</dd>\n", t->better > 0 ? "higher is better" :
			t->better < 0 ? "lower is better" : "neither higher nor lower is better");
	}
	fputs("</dl>\n</section>\n", fp);
}

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
	fputs("<header>\n<h1>", fp);
	esc(fp, sm->title);
	fputs("</h1>\n", fp);
	if (sm->intro) {
		fputs("<p class=\"sub\">", fp);
		esc(fp, sm->intro);
		fputs("</p>\n", fp);
	}
	fputs("</header>\n<main>\n", fp);
	executive(fp, sm);
	if (sm->key) {
		fputs("<section id=\"key\">\n<h2>Key measures</h2>\n", fp);
		compare_table(fp, sm->key);
		fputs("</section>\n", fp);
	}
	if (sm->ncaveats) {
		fputs("<section id=\"caveats\">\n<h2>Caveats</h2>\n", fp);
		list(fp, "caveats", sm->caveats, sm->ncaveats);
		fputs("</section>\n", fp);
	}
	/* Without a key table the full one is the page's comparison, where
	 * it always was (the region's page). */
	if (sm->compare && !sm->key) {
		fputs("<h2>Comparison</h2>\n", fp);
		compare_table(fp, sm->compare);
	}
	if (sm->by_council) {
		fputs("<h2>By council</h2>\n", fp);
		grid_table(fp, sm->by_council);
	}
	for (i = 0; i < sm->nviews; i++) {
		const struct report_view *v = &sm->views[i];

		fputs("<section class=\"option scenario\"", fp);
		if (v->id) {
			fputs(" id=\"option-", fp);
			esc(fp, v->id);
			fputs("\"", fp);
		}
		fputs(">\n<h2>", fp);
		esc(fp, v->name);
		fputs("</h2>\n", fp);
		if (v->nchanges) {
			fputs("<h3>What changes and when</h3>\n", fp);
			list(fp, "changes", v->changes, v->nchanges);
		}
		if (v->costs) {
			fputs("<h3>What it costs</h3>\n", fp);
			grid_table(fp, v->costs);
		}
		fputs("<h3>Map</h3>\n", fp);
		map(fp, v, i);
		fputs("<h3>Roll and capacity</h3>\n", fp);
		if (v->nseries)
			chart(fp, v, i);
		else
			fputs("<p>No roll history or projection to chart.</p>\n", fp);
		fputs("</section>\n", fp);
	}
	if (sm->compare && sm->key) {
		fputs("<section class=\"annex\" id=\"measures\">\n<h2>Annex A: every measure</h2>\n", fp);
		compare_table(fp, sm->compare);
		fputs("</section>\n", fp);
	}
	if (sm->nglossary)
		glossary(fp, sm);
	if (sm->nattribution) {
		fputs("<section id=\"attribution\">\n<h2>Data and attribution</h2>\n", fp);
		list(fp, "attribution", sm->attribution, sm->nattribution);
		fputs("</section>\n", fp);
	}
	fputs("</main>\n", fp);
	if (sm->study || sm->version) {
		fputs("<footer><p>", fp);
		if (sm->study) {
			fputs("Study: ", fp);
			esc(fp, sm->study);
			fputs(". ", fp);
		}
		if (sm->version) {
			fputs("Made with estate ", fp);
			esc(fp, sm->version);
			fputs(".", fp);
		}
		fputs("</p></footer>\n", fp);
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
		"schools over capacity", "zones on the map",
		"zones with pupils beyond the walking limit",
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
			v[8] += report_layer_num(view.zones, i, fb) > 0;
	}
	memset(&cmp, 0, sizeof(cmp));
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
	sm.attribution = (const char *const *)s->attribution;
	sm.nattribution = s->nattribution;
	sm.study = s->name;
	sm.version = ESTATE_VERSION;
	buf_init(&path);
	buf_addf(&path, "%s/summary.html", dir);
	rc = report_summary_write(path.s, &sm, err);
	buf_release(&path);
	return rc;
}

