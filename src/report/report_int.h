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

/* Write s HTML-escaped (& < > "): the page's one escape (html.c). */
void report_html_esc(FILE *fp, const char *s);
/*
 * The page's section "Schools running out of places" from
 * sm->sufficiency (html_sufficiency.c): per option the first
 * REPORT_SUFF_LISTED schools over 90 % in the central or high case, in
 * the order given (by urgency); nothing when sm->sufficiency is NULL.
 */
#define REPORT_SUFF_LISTED 10
void report_html_sufficiency(FILE *fp, const struct report_summary *sm);

#endif
