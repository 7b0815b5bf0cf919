/*
 * geojson.c: io_geojson_read, GeoJSON (RFC 7946, plus the older named
 * "crs" member) into an io_table with jansson.
 *
 * The whole file is read into memory and parsed once; the table is then
 * built in two passes over the features: the first collects the union of
 * property keys (so columns exist before any row and never have to be
 * widened), the second adds one row per feature with its cells and its
 * geometry.
 *
 * Invariants:
 *  - Every row has a geometry slot (t->geoms is allocated as soon as there
 *    is one row); a null or empty geometry is an empty le_geom
 *    (LE_GEOM_NONE): whether that is acceptable is the loader's call.
 *  - rowref is the 1-based feature number, which is also the N of every
 *    "feature N" message; a bare geometry is feature 1.
 *  - Rings are stored closed; only x and y of a position are kept.
 *  - On error the table is left empty (released and re-initialised).
 *  - Messages follow one pattern so users can search for them:
 *    "path: line L, column C: ..." for JSON syntax (jansson's own words),
 *    "path: feature N: ..." for anything wrong inside a feature, and plain
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
	long fno;               /* feature being read, for messages */
	int type;               /* LE_GEOM_* being read, for messages */
};

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
		       "%s: feature %ld: bad coordinates (expected [x, y] positions; %s)",
		       r->path, r->fno, reason);
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
			       "%s: feature %ld: 'geometry' is %s, not an object or null",
			       r->path, r->fno, kind_name(gj));
	tname = json_string_value(json_object_get(gj, "type"));
	if (!tname)
		return le_errf(r->err, LE_EPARSE,
			       "%s: feature %ld: the geometry has no 'type' member",
			       r->path, r->fno);
	r->type = geom_type(tname);
	if (r->type < 0)
		return le_errf(r->err, LE_EPARSE,
			       "%s: feature %ld: geometry type '%s' is not supported (expected Point, LineString, MultiLineString, Polygon or MultiPolygon)",
			       r->path, r->fno, tname);
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
 * Pass 1: a column for every property key, in order of first appearance.
 * The features are arr's elements, or single when there is no array.
 * Non-objects are skipped here; pass 2 reports them with their number.
 */
static void collect_columns(struct io_table *t, struct strmap *cols,
			    json_t *arr, json_t *single, size_t nfeats)
{
	const char *key;
	json_t *val;
	size_t i;

	for (i = 0; i < nfeats; i++) {
		json_t *f = arr ? json_array_get(arr, i) : single;
		json_t *props = json_object_get(f, "properties");
		json_object_foreach(props, key, val) {
			if (strmap_get(cols, key) < 0)
				strmap_put(cols, key, io_table_add_col(t, key, strlen(key)));
		}
	}
}

/*
 * Pass 2: one row per feature. bare = the input is a lone geometry, which
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
		return le_errf(r->err, LE_EPARSE, "%s: feature %ld: not an object (found %s)",
			       r->path, r->fno, kind_name(f));
	gj = bare ? f : json_object_get(f, "geometry");
	if (!gj)
		return le_errf(r->err, LE_EPARSE, "%s: feature %ld: no 'geometry' member",
			       r->path, r->fno);
	props = bare ? NULL : json_object_get(f, "properties");
	if (props && !json_is_object(props) && !json_is_null(props))
		return le_errf(r->err, LE_EPARSE,
			       "%s: feature %ld: 'properties' is %s, not an object or null",
			       r->path, r->fno, kind_name(props));
	rc = read_geometry(r, gj, &g);
	if (rc != LE_OK)
		return rc;
	row = io_table_add_row(t, r->fno);
	/* Every key has its column from pass 1: strmap_get cannot be -1. */
	json_object_foreach(props, key, val)
		set_value(t, row, strmap_get(cols, key), val);
	io_table_set_geom(t, row, &g);
	return LE_OK;
}

int io_geojson_read(const char *path, struct io_table *t, struct le_err *err)
{
	struct gjr r;
	struct buf text;
	struct strmap cols;
	json_error_t jerr;
	json_t *root = NULL, *arr = NULL;
	const char *type;
	size_t i, nfeats;
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
		rc = le_errf(err, LE_EPARSE, "%s: line %d, column %d: %s",
			     path, jerr.line, jerr.column, jerr.text);
		goto done;
	}
	/* The text is no longer needed; free it before building the table
	 * so that peak memory is the tree plus the table, not all three. */
	buf_release(&text);
	buf_init(&text);

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
	} else if ((type && !strcmp(type, "Feature")) || geom_type(type) != -2) {
		/* A lone Feature or geometry is read as feature 1. */
		bare = strcmp(type, "Feature") != 0;
		nfeats = 1;
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
	if (!bare)
		collect_columns(t, &cols, arr, root, nfeats);
	for (i = 0; i < nfeats; i++) {
		r.fno = (long)i + 1;
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
	return rc;
}
