/*
 * report_int.h: what report/ shares inside itself only.
 *
 * The QGIS styles of gis/styles are compiled in (the Makefile turns each
 * <layer>.qml into a byte array in build/gen/report_styles.c), so the
 * GeoPackage carries them whatever the working directory: a binary needs
 * no file beside it at run time.
 */
#ifndef ESTATE_REPORT_INT_H
#define ESTATE_REPORT_INT_H

#include "report/report.h"

#include <stdint.h>

struct report_style {
	const char *layer;      /* layer name, e.g. "schools" */
	const char *qml;        /* the .qml file's bytes, NUL-terminated */
};

/* Every style, in name order, ended by { NULL, NULL }. */
extern const struct report_style report_styles[];

/* "secondary" when style is "<table>.secondary" (another style of
 * table, from gis/styles/<table>.secondary.qml), else NULL. */
const char *report_style_variant(const char *style, const char *table);
/*
 * The style of a table of that name and geometry type: its name, or
 * "zones_points" for a Point zones table (point zones drawn as points:
 * gis/styles/zones_points.qml and its variants, markers instead of the
 * polygon fills, which QGIS cannot draw on points). The one place that
 * maps a table to its style; the result is static.
 */
const char *report_style_key(const char *table, int geom_type);

/*
 * The QGIS project of a GeoPackage (qgis.c). tables[0 .. ntables) are
 * the per-option tables (their names, geometry types; rows unused),
 * shared[0 .. nshared) the tables every option shows (the councils);
 * table_qml / shared_qml the style of each (NULL: QGIS's default).
 * parts[0 .. nparts) are the options' names, the values of part_field:
 * each gets a legend group of filtered layers and a map theme; nparts 0
 * gives one unfiltered set and no themes. extent: minx miny maxx maxy
 * of the canvas (NULL: none). crs: "EPSG:<code>", crs_wkt its WKT (NULL:
 * none; QGIS needs it for a valid project CRS). file: the GeoPackage's
 * file name, the relative data source of every layer.
 */
struct report_qgis {
	const char *name, *title, *file, *crs, *crs_wkt;
	const struct report_layer *tables, *shared;
	const char *const *table_qml, *const *shared_qml;
	int ntables, nshared;
	const char *part_field;
	const char *const *parts;
	int nparts;
	const double *extent;
	int variants;           /* 1: each layer also gets the built-in
				   <table>.<variant> styles (QGIS's Styles
				   menu); 0 with --styles */
};

/* The project XML (.qgs) of q, appended to b. */
void report_qgis_xml(struct buf *b, const struct report_qgis *q);

/* CRC-32 of ISO 3309 / zlib's crc32() (check value of "123456789":
 * 0xCBF43926). */
uint32_t report_crc32(const void *data, size_t n);

/* A zip archive of one stored (uncompressed) entry name holding data[0 ..
 * n), appended to out: no timestamps (1980-01-01 00:00), so equal data
 * give equal bytes. n and the archive must stay under 4 GiB (no zip64). */
void report_zip_stored(struct buf *out, const char *name, const void *data, size_t n);
/*
 * The HTML head every page of estate shares (html.c): doctype, charset,
 * viewport, the escaped title and the board page's stylesheet, then
 * extra_css (may be NULL), up to and including "<body>". And the one
 * HTML escaper (& < > "), report_html_esc in report.h.
 */
void report_html_head(FILE *fp, const char *title, const char *extra_css);

#endif
