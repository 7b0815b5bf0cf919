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

struct report_style {
	const char *layer;      /* layer name, e.g. "schools" */
	const char *qml;        /* the .qml file's bytes, NUL-terminated */
};

/* Every style, in name order, ended by { NULL, NULL }. */
extern const struct report_style report_styles[];

/*
 * The HTML head every page of estate shares (html.c): doctype, charset,
 * viewport, the escaped title and the board page's stylesheet, then
 * extra_css (may be NULL), up to and including "<body>". And the one
 * HTML escaper (& < > ").
 */
void report_html_head(FILE *fp, const char *title, const char *extra_css);
void report_html_esc(FILE *fp, const char *s);

#endif
