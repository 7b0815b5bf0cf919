/*
 * qgis.c: the QGIS project stored inside estate.gpkg (report_qgis_xml)
 * and the small stored-zip writer it is packed with (report_zip_stored).
 *
 * A planner opens one file: QGIS lists the project under the GeoPackage
 * (Browser, or Project > Open From > GeoPackage), and its map themes
 * switch between the options with one click. The project is generated
 * here rather than saved from QGIS so that it follows the study (one
 * group and one theme per option) and stays byte-identical from run to
 * run.
 *
 * Invariants:
 *  - nothing here reads the clock or the environment; layer ids are made
 *    from table names and part indexes, so equal inputs give equal bytes;
 *  - every layer's data source is the GeoPackage itself by a relative
 *    path ("./estate.gpkg|layername=..."): QGIS resolves it against the
 *    file the project was read from, so the file can be moved or mailed;
 *  - a per-option layer is the table filtered by a subset string on the
 *    part field ("scenario" = 'name'); the option's theme makes exactly
 *    that option's layers (and the shared ones) visible;
 *  - each layer carries the same style as its layer_styles row (the QML's
 *    body is spliced into the <maplayer>), so the project and a layer
 *    added by hand look the same.
 *
 * Why a stored (uncompressed) zip of our own: QGIS reads the project as a
 * .qgz archive, estate links no zip library, and a stored entry needs only
 * the CRC-32 (ISO 3309, as zlib's crc32) and three fixed headers; the XML
 * is small (tens of kilobytes per option), so compression would buy
 * little.
 */
#include "report/report_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- zip */

uint32_t report_crc32(const void *data, size_t n)
{
	static uint32_t table[256];
	static int ready;
	const unsigned char *p = data;
	uint32_t c = 0xffffffffu;
	size_t i;

	/* The table of the reflected polynomial 0xEDB88320, built on first
	 * use: the same values on every call, so no race can change output
	 * (and the writers run on the main thread). */
	if (!ready) {
		uint32_t k, v;
		int b;

		for (k = 0; k < 256; k++) {
			v = k;
			for (b = 0; b < 8; b++)
				v = v & 1 ? 0xedb88320u ^ (v >> 1) : v >> 1;
			table[k] = v;
		}
		ready = 1;
	}
	for (i = 0; i < n; i++)
		c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

static void put16(struct buf *b, unsigned v)
{
	buf_addc(b, (char)(v & 0xff));
	buf_addc(b, (char)((v >> 8) & 0xff));
}

static void put32(struct buf *b, uint32_t v)
{
	put16(b, v & 0xffff);
	put16(b, v >> 16);
}

/*
 * The fields shared by the local header and the central directory entry:
 * version needed 1.0 (stored), no flags, method 0 (stored), a fixed
 * time (00:00) and date (1980-01-01, the first DOS date: no clock).
 */
static void put_entry_fields(struct buf *b, uint32_t crc, uint32_t n, size_t name_len)
{
	put16(b, 10);
	put16(b, 0);
	put16(b, 0);
	put16(b, 0);
	put16(b, (1u << 5) | 1u);
	put32(b, crc);
	put32(b, n);            /* compressed size = size: stored */
	put32(b, n);
	put16(b, (unsigned)name_len);
	put16(b, 0);            /* no extra field */
}

void report_zip_stored(struct buf *out, const char *name, const void *data, size_t n)
{
	uint32_t crc = report_crc32(data, n), size = (uint32_t)n, cd_at, eocd_at;
	size_t nl = strlen(name), start = out->len;

	put32(out, 0x04034b50u);                /* local file header */
	put_entry_fields(out, crc, size, nl);
	buf_add(out, name, nl);
	buf_add(out, data, n);
	cd_at = (uint32_t)(out->len - start);
	put32(out, 0x02014b50u);                /* central directory */
	put16(out, 20);                         /* made by: MS-DOS, 2.0 */
	put_entry_fields(out, crc, size, nl);
	put16(out, 0);                          /* comment length */
	put16(out, 0);                          /* disk */
	put16(out, 0);                          /* internal attributes */
	put32(out, 0);                          /* external attributes */
	put32(out, 0);                          /* local header offset */
	buf_add(out, name, nl);
	eocd_at = (uint32_t)(out->len - start);
	put32(out, 0x06054b50u);                /* end of central directory */
	put16(out, 0);
	put16(out, 0);
	put16(out, 1);                          /* entries on this disk */
	put16(out, 1);                          /* entries */
	put32(out, eocd_at - cd_at);            /* central directory size */
	put32(out, cd_at);
	put16(out, 0);
}

/* ---------------------------------------------------------------- XML */

/* s with & < > " ' escaped: safe in text and in either attribute quote. */
static void xml_esc(struct buf *b, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&apos;"); break;
		default: buf_addc(b, *s);
		}
}

/* QGIS's names for a layer's geometry: the maplayer's "geometry"
 * attribute and its WKB type name. */
static const char *geom_kind(int type)
{
	switch (type) {
	case LE_GEOM_POINT: return "Point";
	case LE_GEOM_LINESTRING:
	case LE_GEOM_MULTILINESTRING: return "Line";
	default: return "Polygon";
	}
}

static const char *wkb_name(int type)
{
	switch (type) {
	case LE_GEOM_POINT: return "Point";
	case LE_GEOM_LINESTRING: return "LineString";
	case LE_GEOM_MULTILINESTRING: return "MultiLineString";
	case LE_GEOM_POLYGON: return "Polygon";
	default: return "MultiPolygon";
	}
}

/* The data source: the table, filtered to one part when part_value is
 * not NULL (the SQL string literal with its quotes doubled). Unescaped:
 * the caller escapes it for XML. */
static void source(struct buf *b, const struct report_qgis *q, const char *table,
		   const char *part_value)
{
	const char *p;

	buf_addf(b, "./%s|layername=%s", q->file, table);
	if (!part_value)
		return;
	buf_addf(b, "|subset=\"%s\" = '", q->part_field);
	for (p = part_value; *p; p++) {
		if (*p == '\'')
			buf_addc(b, '\'');
		buf_addc(b, *p);
	}
	buf_addc(b, '\'');
}

/*
 * The id of table t in part p (p < 0: a shared layer): ASCII, stable.
 * The prefix is not decoration: QGIS 3.22 replaces a short id (measured:
 * "zones_0" and "schools_0" were, "catchments_0" was not) by a random
 * one, which the themes would then no longer find.
 */
static void layer_id(struct buf *b, const char *table, int p)
{
	if (p < 0)
		buf_addf(b, "estate_%s", table);
	else
		buf_addf(b, "estate_%s_%d", table, p);
}

/*
 * The QML's root attributes other than version and styleCategories
 * (e.g. labelsEnabled, hasScaleBasedVisibilityFlag): on a project's
 * <maplayer> they say the same thing. Attributes are name="value" as
 * QGIS writes them.
 */
static void qml_root_attrs(struct buf *b, const char *qml)
{
	const char *p = qml ? strstr(qml, "<qgis") : NULL, *end;

	if (!p)
		return;
	end = strchr(p, '>');
	if (!end)
		return;
	p += 5;
	while (p < end) {
		const char *name, *eq, *close;

		while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
			p++;
		name = p;
		eq = memchr(p, '=', (size_t)(end - p));
		if (!eq || eq + 1 >= end || (eq[1] != '"' && eq[1] != '\''))
			return;
		close = memchr(eq + 2, eq[1], (size_t)(end - eq - 2));
		if (!close)
			return;
		if (!(eq - name == 7 && !strncmp(name, "version", 7)) &&
		    !(eq - name == 15 && !strncmp(name, "styleCategories", 15))) {
			buf_addc(b, ' ');
			buf_add(b, name, (size_t)(close + 1 - name));
		}
		p = close + 1;
	}
}

/* The QML's body: what lies between <qgis ...> and </qgis>. */
static void qml_body(struct buf *b, const char *qml)
{
	const char *p = qml ? strstr(qml, "<qgis") : NULL, *e;

	if (!p || !(p = strchr(p, '>')))
		return;
	p++;
	for (e = NULL; ; ) {
		const char *n = strstr(e ? e + 1 : p, "</qgis>");
		if (!n)
			break;
		e = n;
	}
	if (e)
		buf_add(b, p, (size_t)(e - p));
}

/* QGIS 3.22 takes a CRS from its WKT: an authid alone leaves the
 * project CRS invalid (measured: map scale and labels then fail). */
static void srs(struct buf *b, const struct report_qgis *q)
{
	buf_adds(b, "<spatialrefsys>");
	if (q->crs_wkt) {
		buf_adds(b, "<wkt>");
		xml_esc(b, q->crs_wkt);
		buf_adds(b, "</wkt>");
	}
	buf_adds(b, "<authid>");
	xml_esc(b, q->crs);
	buf_adds(b, "</authid></spatialrefsys>");
}

const char *report_style_variant(const char *style, const char *table)
{
	size_t n = strlen(table);

	return !strncmp(style, table, n) && style[n] == '.' && style[n + 1] ? style + n + 1 : NULL;
}

const char *report_style_key(const char *table, int geom_type)
{
	return geom_type == LE_GEOM_POINT && !strcmp(table, "zones") ? "zones_points" : table;
}

/*
 * The layer's other styles (table.variant in gis/styles), as QGIS keeps
 * them: the current one ("default", the layer's own) and each variant
 * as a <qgis> element; Layer > Styles switches between them.
 */
static void style_manager(struct buf *b, const struct report_qgis *q, const char *table)
{
	const struct report_style *v;
	int any = 0;

	for (v = report_styles; q->variants && v->layer; v++) {
		const char *name = report_style_variant(v->layer, table);

		if (!name)
			continue;
		if (!any)
			buf_adds(b, "\n      <map-layer-style-manager current=\"default\">"
				 "<map-layer-style name=\"default\"/>");
		any = 1;
		buf_adds(b, "<map-layer-style name=\"");
		xml_esc(b, name);
		buf_adds(b, "\"><qgis");
		qml_root_attrs(b, v->qml);
		buf_adds(b, ">");
		qml_body(b, v->qml);
		buf_adds(b, "</qgis></map-layer-style>");
	}
	if (any)
		buf_adds(b, "</map-layer-style-manager>");
}

/* One <maplayer> of table l (part p, value part_value; p < 0: shared). */
static void maplayer(struct buf *b, const struct report_qgis *q, const struct report_layer *l,
		     const char *qml, int p, const char *part_value)
{
	struct buf t;

	buf_init(&t);
	buf_addf(b, "    <maplayer type=\"vector\" geometry=\"%s\" wkbType=\"%s\"",
		 geom_kind(l->geom_type), wkb_name(l->geom_type));
	qml_root_attrs(b, qml);
	buf_adds(b, ">\n      <id>");
	layer_id(b, l->name, p);
	buf_adds(b, "</id>\n      <datasource>");
	source(&t, q, l->name, part_value);
	xml_esc(b, t.s);
	buf_adds(b, "</datasource>\n      <layername>");
	xml_esc(b, l->name);
	if (part_value) {
		buf_adds(b, " (");
		xml_esc(b, part_value);
		buf_adds(b, ")");
	}
	buf_adds(b, "</layername>\n      <srs>");
	srs(b, q);
	buf_adds(b, "</srs>\n      <provider encoding=\"UTF-8\">ogr</provider>\n");
	qml_body(b, qml);
	style_manager(b, q, report_style_key(l->name, l->geom_type));
	buf_adds(b, "\n    </maplayer>\n");
	buf_release(&t);
}

/* A <layer-tree-layer> node. */
static void tree_layer(struct buf *b, const struct report_qgis *q, const struct report_layer *l,
		       int p, const char *part_value, int checked, const char *indent)
{
	struct buf t;

	buf_init(&t);
	buf_addf(b, "%s<layer-tree-layer id=\"", indent);
	layer_id(b, l->name, p);
	buf_adds(b, "\" name=\"");
	xml_esc(b, l->name);
	if (part_value) {
		buf_adds(b, " (");
		xml_esc(b, part_value);
		buf_adds(b, ")");
	}
	buf_adds(b, "\" source=\"");
	source(&t, q, l->name, part_value);
	xml_esc(b, t.s);
	buf_addf(b, "\" providerKey=\"ogr\" checked=\"Qt::%s\" expanded=\"0\" legend_exp=\"\">"
		 "<customproperties/></layer-tree-layer>\n", checked ? "Checked" : "Unchecked");
	buf_release(&t);
}

/* Is table l drawn when its option is shown? Desire lines are one per
 * zone and school: a planner turns them on where needed. */
static int shown(const struct report_layer *l)
{
	return strcmp(l->name, "desire_lines") != 0;
}

/*
 * Legend position of a table: QGIS draws the legend's first layer last,
 * so points go first (changes over the schools they change: the new
 * school's star is never hidden), then lines, outlines, and the zones'
 * fills at the bottom. Tables not listed follow in their own order.
 */
static int legend_rank(const char *name)
{
	static const char *const order[] = {
		"changes", "schools", "desire_lines", "catchments", "zones",
	};
	int i;

	for (i = 0; i < (int)(sizeof(order) / sizeof(order[0])); i++)
		if (!strcmp(name, order[i]))
			return i;
	return (int)(sizeof(order) / sizeof(order[0]));
}

/* The tables' indexes in legend order (a stable insertion sort). */
static void legend_order(const struct report_qgis *q, int *idx)
{
	int i, j;

	for (i = 0; i < q->ntables; i++) {
		int r = legend_rank(q->tables[i].name);

		for (j = i; j > 0 && legend_rank(q->tables[idx[j - 1]].name) > r; j--)
			idx[j] = idx[j - 1];
		idx[j] = i;
	}
}

void report_qgis_xml(struct buf *b, const struct report_qgis *q)
{
	int i, p, np = q->nparts > 0 ? q->nparts : 1;
	int *ord = xcalloc((size_t)q->ntables + 1, sizeof(int));

	legend_order(q, ord);

	buf_adds(b, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n");
	buf_adds(b, "<qgis projectname=\"");
	xml_esc(b, q->title ? q->title : q->name);
	buf_adds(b, "\" version=\"3.22.16\">\n  <homePath path=\"\"/>\n  <title>");
	xml_esc(b, q->title ? q->title : q->name);
	buf_adds(b, "</title>\n  <projectCrs>");
	srs(b, q);
	buf_adds(b, "</projectCrs>\n");

	/* The legend: shared layers on top, then one group per option, the
	 * first (the baseline) checked. */
	buf_adds(b, "  <layer-tree-group>\n    <customproperties/>\n");
	for (i = 0; i < q->nshared; i++)
		tree_layer(b, q, &q->shared[i], -1, NULL, 1, "    ");
	for (p = 0; p < np; p++) {
		const char *pv = q->nparts > 0 ? q->parts[p] : NULL;
		const char *ind = pv ? "      " : "    ";

		if (pv) {
			buf_adds(b, "    <layer-tree-group name=\"");
			xml_esc(b, pv);
			buf_addf(b, "\" checked=\"Qt::%s\" expanded=\"%d\">\n"
				 "      <customproperties/>\n", p == 0 ? "Checked" : "Unchecked",
				 p == 0);
		}
		for (i = 0; i < q->ntables; i++)
			tree_layer(b, q, &q->tables[ord[i]], pv ? p : -1, pv,
				   shown(&q->tables[ord[i]]), ind);
		if (pv)
			buf_adds(b, "    </layer-tree-group>\n");
	}
	buf_adds(b, "  </layer-tree-group>\n");

	buf_adds(b, "  <mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\">\n"
		 "    <units>meters</units>\n");
	if (q->extent) {
		char v[4][64];

		for (i = 0; i < 4; i++)
			report_fixed(q->extent[i], 1, v[i], sizeof(v[i]));
		buf_addf(b, "    <extent><xmin>%s</xmin><ymin>%s</ymin><xmax>%s</xmax>"
			 "<ymax>%s</ymax></extent>\n", v[0], v[1], v[2], v[3]);
	}
	buf_adds(b, "    <rotation>0</rotation>\n    <destinationsrs>");
	srs(b, q);
	buf_adds(b, "</destinationsrs>\n  </mapcanvas>\n");

	buf_adds(b, "  <projectlayers>\n");
	for (i = 0; i < q->nshared; i++)
		maplayer(b, q, &q->shared[i], q->shared_qml[i], -1, NULL);
	for (p = 0; p < np; p++)
		for (i = 0; i < q->ntables; i++)
			maplayer(b, q, &q->tables[i], q->table_qml[i], q->nparts > 0 ? p : -1,
				 q->nparts > 0 ? q->parts[p] : NULL);
	buf_adds(b, "  </projectlayers>\n");

	/* One theme per option: its group checked, its layers (but the
	 * desire lines) and the shared ones visible, every other layer off. */
	buf_adds(b, "  <visibility-presets>\n");
	for (p = 0; p < q->nparts; p++) {
		buf_adds(b, "    <visibility-preset name=\"");
		xml_esc(b, q->parts[p]);
		buf_adds(b, "\" has-expanded-info=\"0\" has-checked-group-info=\"1\">\n");
		for (i = 0; i < q->nshared; i++) {
			buf_adds(b, "      <layer id=\"");
			layer_id(b, q->shared[i].name, -1);
			buf_adds(b, "\" visible=\"1\"/>\n");
		}
		for (i = 0; i < q->ntables; i++) {
			if (!shown(&q->tables[i]))
				continue;
			buf_adds(b, "      <layer id=\"");
			layer_id(b, q->tables[i].name, p);
			buf_adds(b, "\" visible=\"1\"/>\n");
		}
		buf_adds(b, "      <checked-group-nodes><checked-group-node id=\"");
		xml_esc(b, q->parts[p]);
		buf_adds(b, "\"/></checked-group-nodes>\n    </visibility-preset>\n");
	}
	buf_adds(b, "  </visibility-presets>\n");
	/* Relative paths, so that QGIS keeps them relative on a save; and
	 * QGIS 3.22 reads <projectCrs> only with ProjectionsEnabled set
	 * (without, the project has no CRS: no map scale, no labels). */
	buf_adds(b, "  <properties><Paths><Absolute type=\"bool\">false</Absolute></Paths>"
		 "<SpatialRefSys><ProjectionsEnabled type=\"int\">1</ProjectionsEnabled>"
		 "</SpatialRefSys></properties>\n</qgis>\n");
	free(ord);
}
