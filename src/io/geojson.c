/*
 * geojson.c: io_geojson_read, GeoJSON (RFC 7946, plus the older named
 * "crs" member) into an io_table with jansson.
 *
 * A FeatureCollection is streamed (one feature's tree at a time, see
 * "streaming" below); anything else, and every file that is not valid
 * JSON, is read into memory and parsed once by the whole-document reader.
 * Either way the table gets one row per feature with its cells and its
 * geometry, and a column at each property key's first appearance
 * (io_table keeps a table whose columns arrive late sparse, so unique
 * keys per feature cost linear time).
 *
 * Invariants:
 *  - Every row has a geometry slot (t->geoms is allocated as soon as there
 *    is one row); a null or empty geometry is an empty le_geom
 *    (LE_GEOM_NONE): whether that is acceptable is the loader's call.
 *  - rowref is the 0-based index in the features array (GDAL's FID), the
 *    i of every "features[i]" message, and rowline the line the feature
 *    starts on; a lone Feature or bare geometry is features[0].
 *  - Rings are stored closed; only x and y of a position are kept.
 *  - On error the table is left empty (released and re-initialised).
 *  - Messages follow one pattern so users can search for them:
 *    "path: line L, column C: ..." for JSON syntax (jansson's own words),
 *    "path:L: features[i]: ..." for anything wrong inside a feature, and plain
 *    "path: ..." for the document as a whole (top-level type, crs).
 *
 * Speed: json_loadb on one buffer avoids jansson's per-character stream
 * reads of json_loadf; the 1.8 MB Edinburgh road file loads in ~60 ms, most
 * of it inside jansson (building and freeing the tree).
 */
#include "io/io_int.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Bytes read per fread when slurping the file. */
#define GJR_CHUNK (256 * 1024)

/* Reader state shared by the helpers, so they need not pass five
 * arguments each just to be able to word an error. */
struct gjr {
	const char *path;       /* as given, for messages */
	struct io_table *t;     /* the table being filled */
	struct le_err *err;     /* the caller's error slot */
	long fno;               /* index of the feature being read (0-based) */
	long fline;             /* the line it starts on, 0 if not known */
	char where[700];        /* fwhere's buffer */
	int type;               /* LE_GEOM_* being read, for messages */
};

/*
 * The feature being read, as every feature message starts:
 * "path:LINE: features[i]" (the index as GDAL and QGIS number features,
 * the line for the editor), or "path: features[i]" if the line is not
 * known. The same words as io_where's, so that the loaders' messages about
 * a row read like the reader's.
 */
static const char *fwhere(struct gjr *r)
{
	if (r->fline > 0)
		snprintf(r->where, sizeof(r->where), "%s:%ld: features[%ld]", r->path,
			 r->fline, r->fno);
	else
		snprintf(r->where, sizeof(r->where), "%s: features[%ld]", r->path, r->fno);
	return r->where;
}

/*
 * "a string", "an array", ... : what a JSON value is, for messages. A user
 * who wrote "1" instead of 1 needs to be told they wrote a string, so the
 * messages name what was found, not only what was expected.
 */
static const char *kind_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/* The same without the article, for "top-level type 'array'". */
static const char *kind_word(const json_t *v)
{
	const char *k = kind_name(v);

	return !strncmp(k, "an ", 3) ? k + 3 : !strncmp(k, "a ", 2) ? k + 2 : k;
}

/*
 * Read the whole file into b. fopen is done here rather than by jansson
 * so that a missing file gives the same LE_EIO message as the CSV reader.
 */
static int slurp(const char *path, struct buf *b, struct le_err *err)
{
	FILE *fp = fopen(path, "rb");
	char *chunk;
	size_t n;
	int rc = LE_OK;

	if (!fp)
		return le_errf(err, LE_EIO, "cannot open '%s': %s", path, strerror(errno));
	chunk = xmalloc(GJR_CHUNK);
	while ((n = fread(chunk, 1, GJR_CHUNK, fp)) > 0)
		buf_add(b, chunk, n);
	if (ferror(fp))
		rc = le_errf(err, LE_EIO, "cannot read '%s': %s", path, strerror(errno));
	free(chunk);
	fclose(fp);
	return rc;
}

/* 1 if s is a non-empty run of at most 9 digits (an EPSG code). The
 * limit keeps the code inside an int for whoever parses "EPSG:n" later. */
static int is_code(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return i > 0 && i <= 9;
}

/*
 * t->crs from the top-level "crs" member. RFC 7946 dropped the member and
 * fixed CRS84, so absence (or null) means CRS84; files written by GDAL for
 * other CRSs still carry {"type": "name", "properties": {"name": URN}}.
 */
static int read_crs(struct gjr *r, json_t *root)
{
	static const char epsg_urn[] = "urn:ogc:def:crs:EPSG:";
	json_t *crs = json_object_get(root, "crs");
	const char *name = NULL, *code = NULL;
	char *dump = NULL;
	int rc;

	if (!crs || json_is_null(crs)) {
		r->t->crs = xstrdup("OGC:CRS84");
		return LE_OK;
	}
	if (json_is_object(crs)) {
		const char *type = json_string_value(json_object_get(crs, "type"));
		if (type && !strcmp(type, "name"))
			name = json_string_value(
				json_object_get(json_object_get(crs, "properties"), "name"));
	}
	/* Only names are understood: "link" and "EPSG" crs types died with
	 * the 2008 spec, and guessing from them would hide a wrong CRS. */
	if (name) {
		/* CRS84 is WGS 84 in lon/lat order, what RFC 7946 assumes. */
		if (!strcmp(name, "urn:ogc:def:crs:OGC:1.3:CRS84") ||
		    !strcmp(name, "urn:ogc:def:crs:OGC::CRS84") ||
		    !strcmp(name, "OGC:CRS84")) {
			r->t->crs = xstrdup("OGC:CRS84");
			return LE_OK;
		}
		/* The URN may carry a version between the colons
		 * ("urn:ogc:def:crs:EPSG:6.6:27700"); the code is last. */
		if (!strncmp(name, epsg_urn, sizeof(epsg_urn) - 1)) {
			const char *rest = name + sizeof(epsg_urn) - 1;
			const char *colon = strchr(rest, ':');
			code = colon ? colon + 1 : rest;
		} else if (!strncmp(name, "EPSG:", 5)) {
			/* Kept as written: EPSG:4326 is lat/lon by the
			 * book, and geo/ decides how to treat it. */
			code = name + 5;
		}
		if (code && is_code(code)) {
			struct buf b;
			buf_init(&b);
			buf_addf(&b, "EPSG:%s", code);
			r->t->crs = buf_detach(&b);
			buf_release(&b);
			return LE_OK;
		}
	}
	/* Not a name we understand: show what the file says. */
	if (!name)
		dump = json_dumps(crs, JSON_COMPACT | JSON_ENCODE_ANY);
	rc = le_errf(r->err, LE_EPARSE,
		     "%s: crs '%s' is not understood (expected a name such as urn:ogc:def:crs:EPSG::27700)",
		     r->path, name ? name : dump ? dump : "?");
	free(dump);
	return rc;
}

int io_geojson_crs(const char *path, const char *text, size_t n, char **out,
		   struct le_err *err)
{
	struct io_table t;
	struct gjr r;
	json_error_t jerr;
	json_t *root = json_object();
	int rc;

	/* read_crs fills a table's crs; borrow one for the answer. */
	memset(&r, 0, sizeof(r));
	memset(&t, 0, sizeof(t));
	r.path = path;
	r.t = &t;
	r.err = err;
	*out = NULL;
	if (text) {
		json_t *crs = json_loadb(text, n, JSON_DECODE_ANY, &jerr);
		if (!crs) {
			json_decref(root);
			return le_errf(err, LE_EPARSE, "%s: line %d, column %d: %s", path,
				       jerr.line, jerr.column, jerr.text);
		}
		json_object_set_new(root, "crs", crs);
	}
	rc = read_crs(&r, root);
	json_decref(root);
	if (rc == LE_OK)
		*out = t.crs;
	else
		free(t.crs);
	return rc;
}

/*
 * Where in the coordinates a problem is, in the words of the geometry
 * type: "position 3 of ring 2 of polygon 1", "line 2", "coordinates".
 * Indices are 0-based here (-1 = not applicable) and 1-based in the text,
 * matching what a user counts in an editor. Levels a type does not have
 * (the only line of a LineString) are left out of the text.
 */
static void loc_text(char *out, size_t n, int type, int poly, int part, int pos)
{
	int poly_named = type == LE_GEOM_MULTIPOLYGON;
	int part_named = type == LE_GEOM_MULTILINESTRING || type == LE_GEOM_POLYGON ||
			 poly_named;
	const char *part_word = type == LE_GEOM_MULTILINESTRING ? "line" : "ring";
	size_t len = 0;

	out[0] = '\0';
	if (pos >= 0)
		len += (size_t)snprintf(out, n, "position %d", pos + 1);
	else if (type == LE_GEOM_POINT)
		len += (size_t)snprintf(out, n, "the position");
	if (part >= 0 && part_named && len < n)
		len += (size_t)snprintf(out + len, n - len, "%s%s %d",
					len ? " of " : "", part_word, part + 1);
	if (poly >= 0 && poly_named && len < n)
		len += (size_t)snprintf(out + len, n - len, "%s%s %d",
					len ? " of " : "", "polygon", poly + 1);
	if (len == 0)
		snprintf(out, n, type == LE_GEOM_LINESTRING ? "the line" : "coordinates");
}

/*
 * Record a bad-coordinates error; reason is complete text after "; ".
 * Every coordinates problem shares the prefix, so one search in the docs
 * finds them all, and the reason says exactly which position is wrong.
 */
static int bad_coords(struct gjr *r, const char *reason)
{
	return le_errf(r->err, LE_EPARSE,
		       "%s: bad coordinates (expected [x, y] positions; %s)",
		       fwhere(r), reason);
}

/* A container level ("coordinates", a ring, ...) that is not an array;
 * inner names what it should hold ("positions", "rings", ...). */
static int not_array(struct gjr *r, const json_t *v, int poly, int part,
		     const char *inner)
{
	char where[96], reason[200];

	loc_text(where, sizeof(where), r->type, poly, part, -1);
	snprintf(reason, sizeof(reason), "%s is %s, not an array of %s",
		 where, kind_name(v), inner);
	return bad_coords(r, reason);
}

/*
 * Append one [x, y, ...] position to g; z and m are ignored (estate works
 * in the plane). The common case is tested first and returns at once;
 * the diagnosis below only runs for a bad position.
 */
static int add_position(struct gjr *r, struct le_geom *g, const json_t *p,
			int poly, int part, int pos)
{
	char where[96], reason[200];
	const json_t *x = NULL, *y = NULL;

	if (json_is_array(p) && json_array_size(p) >= 2) {
		x = json_array_get(p, 0);
		y = json_array_get(p, 1);
		if (json_is_number(x) && json_is_number(y)) {
			le_geom_point(g, json_number_value(x), json_number_value(y));
			return LE_OK;
		}
	}
	loc_text(where, sizeof(where), r->type, poly, part, pos);
	if (!json_is_array(p))
		snprintf(reason, sizeof(reason), "%s is %s, not an [x, y] array",
			 where, kind_name(p));
	else if (json_array_size(p) < 2)
		snprintf(reason, sizeof(reason), "%s has %zu value%s, need at least 2",
			 where, json_array_size(p), json_array_size(p) == 1 ? "" : "s");
	else
		snprintf(reason, sizeof(reason), "%s holds %s where a number belongs",
			 where, kind_name(json_is_number(x) ? y : x));
	return bad_coords(r, reason);
}

/*
 * One line or ring: a new part of g. A ring that does not end where it
 * starts is closed here (files from some tools omit the last position),
 * and must then have at least 4 positions to enclose anything.
 * ring = 0 for a line, which needs 2 positions and is never closed.
 * Closure is tested with exact equality on purpose: a ring that ends a
 * hair away from its start is not closed, and GEOS would reject it.
 */
static int add_part(struct gjr *r, struct le_geom *g, const json_t *a,
		    int poly, int part, int ring)
{
	char where[96], reason[200];
	size_t i, n;
	int start, rc, npos, closed = 0;

	if (!json_is_array(a))
		return not_array(r, a, poly, part, "positions");
	le_geom_part(g);
	start = g->npoints;
	n = json_array_size(a);
	for (i = 0; i < n; i++) {
		rc = add_position(r, g, json_array_get(a, i), poly, part, (int)i);
		if (rc != LE_OK)
			return rc;
	}
	npos = g->npoints - start;
	if (ring && npos > 0 &&
	    (g->xy[2 * start] != g->xy[2 * (g->npoints - 1)] ||
	     g->xy[2 * start + 1] != g->xy[2 * (g->npoints - 1) + 1])) {
		le_geom_point(g, g->xy[2 * start], g->xy[2 * start + 1]);
		npos++;
		closed = 1;
	}
	if (npos >= (ring ? 4 : 2))
		return LE_OK;
	loc_text(where, sizeof(where), r->type, poly, part, -1);
	snprintf(reason, sizeof(reason), "%s has %d position%s%s, need at least %d",
		 where, npos, npos == 1 ? "" : "s",
		 closed ? " after closing" : "", ring ? 4 : 2);
	return bad_coords(r, reason);
}

/*
 * One polygon: an array of rings, the first being the exterior. A polygon
 * with no ring inside a MultiPolygon is an error: unlike empty top-level
 * coordinates it is not a recognised way of saying "no geometry".
 */
static int add_polygon(struct gjr *r, struct le_geom *g, const json_t *a, int poly)
{
	size_t i, n;
	int rc;

	if (!json_is_array(a))
		return not_array(r, a, poly, -1, "rings");
	n = json_array_size(a);
	if (n == 0) {
		char where[96], reason[200];
		loc_text(where, sizeof(where), r->type, poly, -1, -1);
		snprintf(reason, sizeof(reason), "%s has no rings", where);
		return bad_coords(r, reason);
	}
	le_geom_poly(g);
	for (i = 0; i < n; i++) {
		rc = add_part(r, g, json_array_get(a, i), poly, (int)i, 1);
		if (rc != LE_OK)
			return rc;
	}
	return LE_OK;
}

/*
 * LE_GEOM_* for a GeoJSON type name; -1 for other geometry types, -2 for
 * names that are not geometry types at all. MultiPoint and
 * GeometryCollection are listed so they get "not supported" rather than
 * "not a geometry": the file is valid, estate just has no use for them.
 */
static int geom_type(const char *name)
{
	static const struct { const char *name; int type; } types[] = {
		{ "Point", LE_GEOM_POINT },
		{ "LineString", LE_GEOM_LINESTRING },
		{ "MultiLineString", LE_GEOM_MULTILINESTRING },
		{ "Polygon", LE_GEOM_POLYGON },
		{ "MultiPolygon", LE_GEOM_MULTIPOLYGON },
		{ "MultiPoint", -1 },
		{ "GeometryCollection", -1 },
	};
	size_t i;

	for (i = 0; name && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(name, types[i].name))
			return types[i].type;
	return -2;
}

/*
 * Parse geometry gj of the current feature into g (empty for null). On
 * error g is released, so the caller owns nothing it must free.
 */
static int read_geometry(struct gjr *r, const json_t *gj, struct le_geom *g)
{
	const json_t *coords;
	const char *tname;
	size_t i, n;
	int rc = LE_OK;

	le_geom_init(g);
	if (json_is_null(gj))
		return LE_OK;
	if (!json_is_object(gj))
		return le_errf(r->err, LE_EPARSE,
			       "%s: 'geometry' is %s, not an object or null",
			       fwhere(r), kind_name(gj));
	tname = json_string_value(json_object_get(gj, "type"));
	if (!tname)
		return le_errf(r->err, LE_EPARSE,
			       "%s: the geometry has no 'type' member",
			       fwhere(r));
	r->type = geom_type(tname);
	if (r->type < 0)
		return le_errf(r->err, LE_EPARSE,
			       "%s: geometry type '%s' is not supported (expected Point, LineString, MultiLineString, Polygon or MultiPolygon)",
			       fwhere(r), tname);
	coords = json_object_get(gj, "coordinates");
	if (!coords)
		return bad_coords(r, "the geometry has no 'coordinates' member");
	/* RFC 7946 3.1: empty coordinates may be read as a null geometry. */
	if (json_is_array(coords) && json_array_size(coords) == 0)
		return LE_OK;

	le_geom_begin(g, r->type);
	switch (r->type) {
	case LE_GEOM_POINT:
		le_geom_part(g);
		rc = add_position(r, g, coords, -1, -1, -1);
		break;
	case LE_GEOM_LINESTRING:
		rc = add_part(r, g, coords, -1, -1, 0);
		break;
	case LE_GEOM_POLYGON:
		rc = add_polygon(r, g, coords, -1);
		break;
	case LE_GEOM_MULTILINESTRING:
	case LE_GEOM_MULTIPOLYGON:
		if (!json_is_array(coords)) {
			rc = not_array(r, coords, -1, -1,
				       r->type == LE_GEOM_MULTIPOLYGON ? "polygons" : "lines");
			break;
		}
		n = json_array_size(coords);
		for (i = 0; i < n && rc == LE_OK; i++) {
			const json_t *el = json_array_get(coords, i);
			rc = r->type == LE_GEOM_MULTIPOLYGON
				? add_polygon(r, g, el, (int)i)
				: add_part(r, g, el, -1, (int)i, 0);
		}
		break;
	}
	if (rc != LE_OK) {
		le_geom_release(g);
		return rc;
	}
	le_geom_finish(g);
	return LE_OK;
}

/*
 * A property value as cell text. Reals use the shortest of %.15g / %.17g
 * that reads back to the same double, so 0.1 stays "0.1" and nothing is
 * lost; objects and arrays keep their JSON text for the loader to parse.
 */
static void set_value(struct io_table *t, int row, int col, json_t *v)
{
	char num[40];
	char *dump;

	switch (json_typeof(v)) {
	case JSON_STRING:
		io_table_set(t, row, col, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		/* jansson rejects integers beyond long long ("too big
		 * integer"), so this is exact for all it accepts. */
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		io_table_set(t, row, col, num, strlen(num));
		break;
	case JSON_REAL:
		snprintf(num, sizeof(num), "%.15g", json_real_value(v));
		if (strtod(num, NULL) != json_real_value(v))
			snprintf(num, sizeof(num), "%.17g", json_real_value(v));
		io_table_set(t, row, col, num, strlen(num));
		break;
	case JSON_TRUE:
		io_table_set(t, row, col, "true", 4);
		break;
	case JSON_FALSE:
		io_table_set(t, row, col, "false", 5);
		break;
	case JSON_NULL:
		break;  /* the cell stays "" */
	default:
		/* jansson keeps object keys in file order, so the text is
		 * stable from run to run. */
		dump = json_dumps(v, JSON_COMPACT);
		if (dump) {
			io_table_set(t, row, col, dump, strlen(dump));
			free(dump);
		}
		break;
	}
}

/*
 * One row per feature. bare = the input is a lone geometry, which
 * has no properties. The geometry is parsed before the row is added so a
 * bad one leaves nothing to undo.
 */
static int read_feature(struct gjr *r, struct strmap *cols, json_t *f, int bare)
{
	struct io_table *t = r->t;
	json_t *gj, *props, *val;
	struct le_geom g;
	const char *key;
	int row, rc;

	if (!json_is_object(f))
		return le_errf(r->err, LE_EPARSE, "%s: not an object (found %s)",
			       fwhere(r), kind_name(f));
	gj = bare ? f : json_object_get(f, "geometry");
	if (!gj)
		return le_errf(r->err, LE_EPARSE, "%s: no 'geometry' member",
			       fwhere(r));
	props = bare ? NULL : json_object_get(f, "properties");
	if (props && !json_is_object(props) && !json_is_null(props))
		return le_errf(r->err, LE_EPARSE,
			       "%s: 'properties' is %s, not an object or null",
			       fwhere(r), kind_name(props));
	rc = read_geometry(r, gj, &g);
	if (rc != LE_OK)
		return rc;
	row = io_table_add_row(t, r->fno);
	io_table_set_line(t, row, r->fline);
	/* Both readers meet keys feature by feature and add a column at
	 * a key's first appearance. Columns made up front would force a
	 * full matrix: 4,000 features with a key each, 16 M cells. */
	json_object_foreach(props, key, val) {
		int c = strmap_get(cols, key);
		if (c < 0) {
			c = io_table_add_col(t, key, strlen(key));
			strmap_put(cols, key, c);
		}
		set_value(t, row, c, val);
	}
	io_table_set_geom(t, row, &g);
	return LE_OK;
}

static long *feature_lines(const char *text, size_t n, size_t nfeats);

int io_geojson_read_dom(const char *path, struct io_table *t, struct le_err *err)
{
	struct gjr r;
	struct buf text;
	struct strmap cols;
	json_error_t jerr;
	json_t *root = NULL, *arr = NULL;
	const char *type;
	size_t i, nfeats;
	long *lines = NULL;
	int rc, bare = 0;

	memset(&r, 0, sizeof(r));
	r.path = path;
	r.t = t;
	r.err = err;
	buf_init(&text);
	strmap_init(&cols);
	io_table_begin(t, path, IO_ROW_FEATURE);

	rc = slurp(path, &text, err);
	if (rc != LE_OK)
		goto done;
	root = json_loadb(text.s, text.len, 0, &jerr);
	if (!root) {
		/* jansson's "unable to decode byte 0xe0" does not say why: a
		 * file saved as Latin-1 is the usual cause, and the fix is
		 * the file's, as no key can name a GeoJSON's encoding. */
		rc = le_errf(err, LE_EPARSE, "%s: line %d, column %d: %s%s",
			     path, jerr.line, jerr.column, jerr.text,
			     json_error_code(&jerr) == json_error_invalid_utf8
				     ? " (text is not valid UTF-8, which GeoJSON requires: re-save the file as UTF-8)"
				     : "");
		goto done;
	}
	/* json_object_get and json_string_value accept any value (NULL for
	 * a non-object / non-string), so one line covers "not an object". */
	type = json_string_value(json_object_get(root, "type"));
	if (type && !strcmp(type, "FeatureCollection")) {
		arr = json_object_get(root, "features");
		if (!json_is_array(arr)) {
			rc = le_errf(err, LE_EPARSE,
				     "%s: the FeatureCollection has no 'features' array", path);
			goto done;
		}
		nfeats = json_array_size(arr);
		/* jansson keeps no positions: the lines come from a scan of
		 * the text, so messages match the streaming reader's. */
		lines = feature_lines(text.s, text.len, nfeats);
	} else if ((type && !strcmp(type, "Feature")) || geom_type(type) != -2) {
		/* A lone Feature or geometry is features[0] (GDAL's FID 0),
		 * on the line where the document starts. */
		bare = strcmp(type, "Feature") != 0;
		nfeats = 1;
		lines = xcalloc(1, sizeof(long));
		lines[0] = 1;
		for (i = 0; i < text.len && strchr(" \t\r\n", text.s[i]); i++)
			lines[0] += text.s[i] == '\n';
	} else {
		rc = le_errf(err, LE_EPARSE,
			     "%s: not a GeoJSON FeatureCollection, Feature or geometry (top-level type '%s')",
			     path, json_is_object(root) ? (type ? type : "(none)")
							: kind_word(root));
		goto done;
	}

	/* The CRS is checked before any feature: a wrong CRS makes every
	 * coordinate wrong, which is the message that matters most. */
	rc = read_crs(&r, root);
	if (rc != LE_OK)
		goto done;
	/* The text is no longer needed; free it before building the table
	 * so that peak memory is the tree plus the table, not all three. */
	buf_release(&text);
	buf_init(&text);
	for (i = 0; i < nfeats; i++) {
		r.fno = (long)i;
		r.fline = lines[i];
		rc = read_feature(&r, &cols, arr ? json_array_get(arr, i) : root, bare);
		if (rc != LE_OK)
			goto done;
	}
	io_table_end(t);

done:
	if (rc != LE_OK)
		io_table_discard(t);
	json_decref(root);
	strmap_release(&cols);
	buf_release(&text);
	free(lines);
	return rc;
}

/* ---------------------------------------------------------------- spans */

void io_jspan_init(struct io_jspan *j)
{
	memset(j, 0, sizeof(*j));
}

/* Bytes that end a bare number, true, false or null. */
static int ends_scalar(char c)
{
	return c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' ||
	       c == '\n' || c == '\r';
}

int io_jspan_scan(struct io_jspan *j, const char *s, size_t n, int at_eof)
{
	size_t i = j->off;
	char c0;

	if (n == 0)
		return 0;
	c0 = s[0];
	if (c0 != '{' && c0 != '[' && c0 != '"') {
		if (!(c0 == '-' || (c0 >= '0' && c0 <= '9') || c0 == 't' || c0 == 'f' ||
		      c0 == 'n'))
			return -1;
		/* A scalar ends at the first delimiter, or at the end of
		 * the input when nothing more can come. */
		for (; i < n; i++)
			if (ends_scalar(s[i])) {
				j->off = i;
				return 1;
			}
		j->off = n;
		return at_eof ? 1 : 0;
	}
	for (; i < n; i++) {
		char c = s[i];

		if (j->in_str) {
			/* Only a quote or a backslash matters in a string;
			 * brackets there are text. */
			if (j->esc)
				j->esc = 0;
			else if (c == '\\')
				j->esc = 1;
			else if (c == '"') {
				j->in_str = 0;
				if (j->depth == 0) {
					/* The value was a lone string. */
					j->off = i + 1;
					return 1;
				}
			}
			continue;
		}
		if (c == '"') {
			j->in_str = 1;
		} else if (c == '{' || c == '[') {
			if (++j->depth > j->max_depth)
				j->max_depth = j->depth;
		} else if (c == '}' || c == ']') {
			if (--j->depth == 0) {
				j->off = i + 1;
				return 1;
			}
			if (j->depth < 0)
				return -1;
		}
	}
	j->off = n;
	return 0;
}

/* ---------------------------------------------------------------- streaming */

/*
 * The streaming reader: a FeatureCollection's top level is walked here
 * byte by byte through a window on the file, and each feature (one array
 * element) is handed to jansson alone, turned into a row and freed. Memory
 * is one feature's tree plus the window, instead of a tree for the whole
 * file (~10 bytes of tree per byte of GeoJSON: 5 GB for a national road
 * layer).
 *
 * The whole-document reader stays the oracle for anything unusual: when
 * the file is not a FeatureCollection, is not valid JSON (the scanner or
 * jansson stops on a span), has two "features" members or nesting near
 * jansson's depth limit, the table is discarded and io_geojson_read_dom
 * reads the file again, so every message is exactly the one it gives.
 * Only valid files are read here, and for them the order of checks is
 * kept: top-level type, then the crs, then the first bad feature (a bad
 * feature is remembered, the rest of the file still checked as JSON).
 */

/* Initial window; it doubles when one value does not fit. */
#define GJS_WINDOW (1024 * 1024)
/* jansson refuses nesting deeper than 2048; a feature sits two levels
 * down in the document. Anything close goes to the oracle. */
#define GJS_MAX_DEPTH 2000

/* A window on the file: b[pos .. len) is read but not yet consumed. */
struct gjs {
	FILE *fp;
	char *b;
	size_t len, pos, cap;
	int eof;                /* fread has returned 0 */
	int ioerr;              /* ... because of an error: errno kept */
	int saved_errno;
	long line;              /* line of b[lpos] (1-based) */
	size_t lpos;            /* newlines before lpos are counted */
};

/* The line of the next unconsumed byte: newlines are counted lazily, up
 * to pos, so the cost is one pass over the bytes whatever the calls. */
static long gjs_line(struct gjs *s)
{
	for (; s->lpos < s->pos; s->lpos++)
		if (s->b[s->lpos] == '\n')
			s->line++;
	return s->line;
}

/*
 * Keep b[pos .. len), move it to the front and read more after it,
 * doubling the window when it is full. Returns the number of bytes read
 * (0 at the end of the file or on a read error). Offsets into the window
 * are therefore only valid relative to pos across calls.
 */
static size_t gjs_more(struct gjs *s)
{
	size_t n;

	if (s->eof)
		return 0;
	if (s->pos) {
		/* Count the consumed bytes' newlines before they go. */
		gjs_line(s);
		memmove(s->b, s->b + s->pos, s->len - s->pos);
		s->len -= s->pos;
		s->pos = 0;
		s->lpos = 0;
	}
	if (s->len == s->cap) {
		s->cap *= 2;
		s->b = xrealloc(s->b, s->cap);
	}
	n = fread(s->b + s->len, 1, s->cap - s->len, s->fp);
	if (n == 0) {
		s->eof = 1;
		if (ferror(s->fp)) {
			s->ioerr = 1;
			s->saved_errno = errno;
		}
	}
	s->len += n;
	return n;
}

/* The next byte that is not JSON whitespace (not consumed), or -1 at the
 * end of the file. */
static int gjs_peek(struct gjs *s)
{
	for (;;) {
		while (s->pos < s->len) {
			char c = s->b[s->pos];
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
				return (unsigned char)c;
			s->pos++;
		}
		if (gjs_more(s) == 0)
			return -1;
	}
}

/*
 * The span of the next value: 1 and its length in *len (not consumed),
 * 0 when it is not a complete value (the file ends inside it, or s[pos]
 * cannot begin one). *depth gets its deepest nesting.
 */
static int gjs_span(struct gjs *s, size_t *len, int *depth)
{
	struct io_jspan j;
	int rc;

	/* Values may be preceded by whitespace, e.g. after a comma. */
	if (gjs_peek(s) < 0)
		return 0;
	io_jspan_init(&j);
	while ((rc = io_jspan_scan(&j, s->b + s->pos, s->len - s->pos, s->eof)) == 0) {
		if (s->eof || gjs_more(s) == 0) {
			/* Ends inside the value: one last look with at_eof
			 * set, which completes a number at the very end. */
			rc = io_jspan_scan(&j, s->b + s->pos, s->len - s->pos, 1);
			break;
		}
	}
	*len = j.off;
	*depth = j.max_depth;
	return rc == 1;
}

/*
 * Parse the next value with jansson and consume it. NULL
 * when it is not valid JSON (or too deep): the caller falls back.
 */
static json_t *gjs_value(struct gjs *s)
{
	json_error_t jerr;
	json_t *v;
	size_t n;
	int depth;

	if (!gjs_span(s, &n, &depth) || depth > GJS_MAX_DEPTH)
		return NULL;
	/* JSON_DECODE_ANY: a feature may be a scalar (an error the reader
	 * words itself), and member values such as "type" are strings. */
	v = json_loadb(s->b + s->pos, n, JSON_DECODE_ANY, &jerr);
	s->pos += n;
	return v;
}

/* Consume byte c if it is the next non-space byte. */
static int gjs_accept(struct gjs *s, int c)
{
	if (gjs_peek(s) != c)
		return 0;
	s->pos++;
	return 1;
}

/*
 * Walk the features array (pos just after its '['), one row per feature.
 * The first bad feature is recorded in ferr and the rest only parsed.
 * Returns 0 when the array was valid JSON, -1 when the oracle must read
 * the file.
 */
static int gjs_features(struct gjs *s, struct gjr *r, struct strmap *cols,
			struct le_err *ferr)
{
	json_t *f;

	if (gjs_accept(s, ']'))
		return 0;
	for (r->fno = 0;; r->fno++) {
		/* The feature's line is that of its first byte. */
		if (gjs_peek(s) < 0)
			return -1;
		r->fline = gjs_line(s);
		if (!(f = gjs_value(s)))
			return -1;
		if (ferr->code == LE_OK)
			read_feature(r, cols, f, 0);
		json_decref(f);
		if (gjs_accept(s, ','))
			continue;
		return gjs_accept(s, ']') ? 0 : -1;
	}
}

/*
 * Stream path into t: 0 when the file is a valid FeatureCollection (the
 * first bad feature, if any, in ferr; the other top-level members in
 * top), -1 when the file must go to the oracle.
 */
static int gjs_read(struct gjs *s, struct gjr *r, struct strmap *cols, json_t *top,
		    struct le_err *ferr)
{
	struct le_err *err = r->err;
	const char *type;
	int nfeatures = 0, rc;

	if (!gjs_accept(s, '{'))
		return -1;
	if (!gjs_accept(s, '}')) {
		for (;;) {
			json_t *key, *v;
			const char *k;

			if (gjs_peek(s) != '"' || !(key = gjs_value(s)))
				return -1;
			k = json_string_value(key);
			if (!gjs_accept(s, ':')) {
				json_decref(key);
				return -1;
			}
			if (!strcmp(k, "features")) {
				json_decref(key);
				/* Not an array, or a second one: the oracle
				 * words (or resolves) that. */
				if (nfeatures++ || !gjs_accept(s, '['))
					return -1;
				/* Feature errors go to ferr, so that a crs
				 * member found later can still come first. */
				r->err = ferr;
				rc = gjs_features(s, r, cols, ferr);
				r->err = err;
				if (rc)
					return -1;
			} else {
				if (!(v = gjs_value(s))) {
					json_decref(key);
					return -1;
				}
				json_object_set_new(top, k, v);
				json_decref(key);
			}
			if (gjs_accept(s, ','))
				continue;
			if (gjs_accept(s, '}'))
				break;
			return -1;
		}
	}
	/* Only whitespace may follow the document. */
	if (gjs_peek(s) != -1 || s->ioerr)
		return -1;
	type = json_string_value(json_object_get(top, "type"));
	if (!nfeatures || !type || strcmp(type, "FeatureCollection"))
		return -1;
	return 0;
}

int io_geojson_read(const char *path, struct io_table *t, struct le_err *err)
{
	struct gjs s;
	struct gjr r;
	struct strmap cols;
	struct le_err ferr;
	json_t *top;
	int rc;

	memset(&s, 0, sizeof(s));
	s.fp = fopen(path, "rb");
	if (!s.fp) {
		/* The same words as the whole-document reader's. */
		io_table_begin(t, path, IO_ROW_FEATURE);
		io_table_discard(t);
		return le_errf(err, LE_EIO, "cannot open '%s': %s", path, strerror(errno));
	}
	s.cap = GJS_WINDOW;
	s.b = xmalloc(s.cap);
	s.line = 1;
	memset(&r, 0, sizeof(r));
	r.path = path;
	r.t = t;
	r.err = err;
	strmap_init(&cols);
	le_err_clear(&ferr);
	top = json_object();
	io_table_begin(t, path, IO_ROW_FEATURE);

	if (gjs_read(&s, &r, &cols, top, &ferr) != 0) {
		/* Not for streaming, or not valid: the oracle reads it from
		 * scratch and says exactly what is wrong. */
		io_table_discard(t);
		rc = s.ioerr ? le_errf(err, LE_EIO, "cannot read '%s': %s", path,
				       strerror(s.saved_errno))
			     : io_geojson_read_dom(path, t, err);
		goto done;
	}
	/* The checks of the whole-document reader, in its order: the crs
	 * before any feature, since a wrong CRS makes every coordinate
	 * wrong. */
	rc = read_crs(&r, top);
	if (rc == LE_OK && ferr.code != LE_OK)
		rc = le_errf(err, ferr.code, "%s", ferr.msg);
	if (rc == LE_OK)
		io_table_end(t);
	else
		io_table_discard(t);
done:
	json_decref(top);
	strmap_release(&cols);
	free(s.b);
	fclose(s.fp);
	return rc;
}

/*
 * For the whole-document reader: the line each element of the top-level
 * "features" array starts on (the last such member, as jansson keeps the
 * last of duplicate keys). text is valid JSON here (jansson parsed it),
 * so a plain scan suffices: the window is the text itself, never refilled.
 * Returns nfeats lines (0 where the scan could not tell), malloc'd.
 */
static long *feature_lines(const char *text, size_t n, size_t nfeats)
{
	long *lines = xcalloc(nfeats + 1, sizeof(long));
	struct gjs s;
	size_t len, i;
	int depth;

	memset(&s, 0, sizeof(s));
	s.b = (char *)text;     /* read only: gjs_more never runs (eof) */
	s.len = s.cap = n;
	s.eof = 1;
	s.line = 1;
	if (!gjs_accept(&s, '{') || gjs_accept(&s, '}'))
		return lines;
	for (;;) {
		json_t *key;
		int features;

		if (gjs_peek(&s) != '"' || !(key = gjs_value(&s)))
			return lines;
		features = !strcmp(json_string_value(key), "features");
		json_decref(key);
		if (!gjs_accept(&s, ':'))
			return lines;
		if (features && gjs_accept(&s, '[')) {
			for (i = 0; !gjs_accept(&s, ']'); i++) {
				if (gjs_peek(&s) < 0 || !gjs_span(&s, &len, &depth))
					return lines;
				if (i < nfeats)
					lines[i] = gjs_line(&s);
				s.pos += len;
				if (!gjs_accept(&s, ',') && gjs_peek(&s) != ']')
					return lines;
			}
		} else {
			if (!gjs_span(&s, &len, &depth))
				return lines;
			s.pos += len;
		}
		if (!gjs_accept(&s, ','))
			return lines;
	}
}
