/*
 * osm.c: io_osm_read, an OpenStreetMap file (.osm XML or .osm.pbf) into
 * flat arrays with GDAL's OSM driver. Only the ways a road network needs
 * are kept; turning ways into road links is net/'s job.
 *
 * Why GDAL: readosm 1.1.0a, the reader before, is unmaintained since 2017
 * and crashed (SIGSEGV) on a <tag> without k or v and on a <member>
 * without role. GDAL's OSM driver is maintained, fuzzed continuously by
 * OSS-Fuzz, and already a dependency (io/ogr.c).
 *
 * Invariants:
 *  - This is the only file that talks to the OSM driver. The driver is
 *    configured by the osmconf.ini text below, handed over in memory
 *    (/vsimem/) with the CONFIG_FILE open option: the fields are the tags
 *    net/ reads, whatever GDAL's own osmconf.ini or OSM_CONFIG_FILE say,
 *    and nothing is looked up on disk or on the network.
 *  - GDAL never prints: a handler of ours is pushed around every call. It
 *    keeps GDAL's first failure (the later ones are consequences) and the
 *    ids of ways GDAL reports with missing nodes (a CPLDebug message, the
 *    only place GDAL says so: CPL_DEBUG=OSM is set for this thread only
 *    while reading).
 *  - Any failure GDAL reports while reading is an error, even when it
 *    goes on: a partial network must never pass for the whole one.
 *  - Tag values are copied into one pool and named by offset, never by
 *    pointer, so that the pool may move while it grows.
 *  - On error the io_osm is released and re-initialised (empty), so the
 *    caller's io_osm_release is always right.
 *  - An XML file reaches GDAL only after prescan() has read it with expat
 *    and found it well-formed, sorted (nodes, then ways, then relations),
 *    and every element with the attributes OSM requires, as numbers where
 *    they are numbers. GDAL accepts the faults silently and reads them
 *    wrongly: a <tag> without k is dropped, one without v gives "", a
 *    <node> without lat (or lat="abc") lies on the equator, a way without
 *    id is way 0, and a way listed before its nodes loses them. The
 *    prescan also gives XML syntax errors their line. It costs one extra
 *    expat pass (~100 MB/s). PBF needs none: GDAL checks its structure and
 *    its tags are indices into a string table.
 */
#include "io/io.h"

/* GDAL's headers declare 64-bit enumerators (ogr_core.h), which ISO C11
 * does not allow; -Wpedantic is silenced for them only. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#include <gdal.h>
#include <ogr_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#pragma GCC diagnostic pop

#include <errno.h>
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tags kept, in enum io_osm_tag order; the config below makes each a
 * field of the lines layer under the same name. */
static const char *const tag_keys[IO_OSM_NTAGS] = {
	"highway", "foot", "access", "motor_vehicle", "oneway", "junction",
	"maxspeed", "route", "duration", "name"
};

/*
 * The OSM driver's configuration. closed_ways_are_polygons is empty so
 * that every way comes as a line: GDAL's default turns a closed way with
 * amenity=* or area=yes into a polygon of another layer, and a pedestrian
 * square or a car park's service loop would silently leave the network
 * (readosm gave every way as a way). other_tags=no: the tags we do not
 * read are not copied. The other layers are not read at all (SET
 * interest_layers below); their sections only keep them small.
 */
static const char osm_conf[] =
	"closed_ways_are_polygons=\n"
	"attribute_name_laundering=no\n"
	"[points]\nosm_id=yes\nattributes=\nother_tags=no\n"
	"[lines]\nosm_id=yes\n"
	"attributes=highway,foot,access,motor_vehicle,oneway,junction,maxspeed,route,duration,name\n"
	"other_tags=no\n"
	"[multipolygons]\nosm_id=yes\nattributes=\nother_tags=no\n"
	"[multilinestrings]\nosm_id=yes\nattributes=\nother_tags=no\n"
	"[other_relations]\nosm_id=yes\nattributes=\nother_tags=no\n";

void io_osm_init(struct io_osm *o)
{
	memset(o, 0, sizeof(*o));
	buf_init(&o->pool_);
}

void io_osm_release(struct io_osm *o)
{
	if (!o)
		return;
	free(o->ways);
	free(o->lonlat);
	buf_release(&o->pool_);
	memset(o, 0, sizeof(*o));
}

const char *io_osm_tag(const struct io_osm *o, int w, int tag)
{
	int off = o->ways[w].tag[tag];

	return off < 0 ? NULL : o->pool_.s + off;
}

/* ---------------------------------------------------------------- prescan */

/* Bytes per XML_Parse call of the prescan. */
#define OSMX_CHUNK (64 * 1024)

/* What an attribute's value must be. */
enum osmx_kind { OSMX_TEXT, OSMX_ID, OSMX_LAT, OSMX_LON };

/*
 * The attributes an element must carry. GDAL reads a missing or
 * unreadable one as 0 or "" without a word (see the top of the file);
 * readosm crashed on k, v and role.
 */
static const struct {
	const char *el;
	const char *attrs[4];   /* NULL-terminated */
	enum osmx_kind kind[4];
	const char *why;
} osmx_rules[] = {
	{ "node", { "id", "lat", "lon", NULL }, { OSMX_ID, OSMX_LAT, OSMX_LON },
	  "every node needs id, lat and lon" },
	{ "way", { "id", NULL }, { OSMX_ID }, "every way needs an id" },
	{ "relation", { "id", NULL }, { OSMX_ID }, "every relation needs an id" },
	{ "nd", { "ref", NULL }, { OSMX_ID }, "a way's <nd> names its node with ref" },
	{ "tag", { "k", "v", NULL }, { OSMX_TEXT, OSMX_TEXT },
	  "an OpenStreetMap tag needs k and v" },
	{ "member", { "type", "ref", "role", NULL }, { OSMX_TEXT, OSMX_ID, OSMX_TEXT },
	  "a relation member needs type, ref and role; the role may be empty" },
};

/* The order of the top-level elements in a sorted file. */
static const char *const osmx_order[] = { "node", "way", "relation" };

struct osmx {
	XML_Parser p;
	const char *path;
	struct le_err *err;
	int failed;
	int stage;              /* index in osmx_order of the last one seen */
};

/* NULL when v is a valid value of kind k, else what it should be. */
static const char *osmx_bad_value(enum osmx_kind k, const char *v)
{
	double d;
	long id;

	switch (k) {
	case OSMX_ID:
		return le_parse_long(v, &id) ? "not an OpenStreetMap id (a whole number)" : NULL;
	case OSMX_LAT:
		return le_parse_double(v, &d) || !(d >= -90 && d <= 90)
			       ? "not a latitude (a number from -90 to 90)" : NULL;
	case OSMX_LON:
		return le_parse_double(v, &d) || !(d >= -180 && d <= 180)
			       ? "not a longitude (a number from -180 to 180)" : NULL;
	default:
		return NULL;
	}
}

/* Stop the prescan with the message already in x->err. */
static void osmx_stop(struct osmx *x, int rc)
{
	x->failed = rc;
	/* Resumable = false: the file is refused anyway. */
	XML_StopParser(x->p, XML_FALSE);
}

/* expat start-element handler: check one element against osmx_rules. */
static void XMLCALL osmx_start(void *ud, const XML_Char *el, const XML_Char **attr)
{
	struct osmx *x = ud;
	unsigned long line;
	const char *bad;
	size_t i;
	int a, k;

	if (x->failed)
		return;
	line = (unsigned long)XML_GetCurrentLineNumber(x->p);
	for (i = 0; i < sizeof(osmx_order) / sizeof(osmx_order[0]); i++) {
		if (strcmp(el, osmx_order[i]) != 0)
			continue;
		if ((int)i < x->stage) {
			/* GDAL looks a way's nodes up when it meets the
			 * way: a node listed later is missing to it. */
			osmx_stop(x, le_errf(x->err, LE_EPARSE,
					     "%s:%lu: <%s> after a <%s>: the file is not sorted (nodes, then ways, then relations); 'osmium sort' sorts it",
					     x->path, line, el, osmx_order[x->stage]));
			return;
		}
		x->stage = (int)i;
	}
	for (i = 0; i < sizeof(osmx_rules) / sizeof(osmx_rules[0]); i++) {
		if (strcmp(el, osmx_rules[i].el) != 0)
			continue;
		for (a = 0; osmx_rules[i].attrs[a]; a++) {
			for (k = 0; attr[k]; k += 2)
				if (strcmp(attr[k], osmx_rules[i].attrs[a]) == 0)
					break;
			if (!attr[k]) {
				osmx_stop(x, le_errf(x->err, LE_EPARSE,
						     "%s:%lu: <%s> has no '%s' attribute (%s)", x->path,
						     line, el, osmx_rules[i].attrs[a], osmx_rules[i].why));
				return;
			}
			bad = osmx_bad_value(osmx_rules[i].kind[a], attr[k + 1]);
			if (bad) {
				/* %.60s: a value can be any length. */
				osmx_stop(x, le_errf(x->err, LE_EPARSE,
						     "%s:%lu: <%s> has %s '%.60s': %s", x->path, line, el,
						     attr[k], attr[k + 1], bad));
				return;
			}
		}
		return;
	}
}

/*
 * Read the XML file at path once with expat: well-formed, sorted, and
 * every element with the attributes it needs. LE_OK, LE_EIO or LE_EPARSE
 * "PATH:LINE: ...".
 */
static int prescan(const char *path, struct le_err *err)
{
	struct osmx x;
	FILE *fp = fopen(path, "rb");
	char *chunk = NULL;
	size_t n;
	int rc = LE_OK, last = 0;

	if (!fp)
		return le_errf(err, LE_EIO, "%s: cannot open: %s", path, strerror(errno));
	memset(&x, 0, sizeof(x));
	x.path = path;
	x.err = err;
	x.p = XML_ParserCreate(NULL);
	if (!x.p) {
		rc = le_errf(err, LE_EIO, "%s: out of memory starting the XML parser", path);
		goto done;
	}
	XML_SetUserData(x.p, &x);
	XML_SetStartElementHandler(x.p, osmx_start);
	chunk = xmalloc(OSMX_CHUNK);
	while (!last) {
		n = fread(chunk, 1, OSMX_CHUNK, fp);
		if (ferror(fp)) {
			rc = le_errf(err, LE_EIO, "%s: cannot read: %s", path, strerror(errno));
			goto done;
		}
		last = n < OSMX_CHUNK;
		if (XML_Parse(x.p, chunk, (int)n, last) != XML_STATUS_OK) {
			/* A rule broken in a handler stopped the parser;
			 * its message is the one that matters. */
			rc = x.failed ? x.failed
				      : le_errf(err, LE_EPARSE,
						"%s:%lu: not well-formed XML (column %lu: %s)", path,
						(unsigned long)XML_GetCurrentLineNumber(x.p),
						(unsigned long)XML_GetCurrentColumnNumber(x.p) + 1,
						XML_ErrorString(XML_GetErrorCode(x.p)));
			goto done;
		}
	}
done:
	if (x.p)
		XML_ParserFree(x.p);
	free(chunk);
	fclose(fp);
	return rc;
}

/* ---------------------------------------------------------------- GDAL */

/* What the error handler gathers while GDAL reads. */
struct osm_gdal {
	char first[300];        /* GDAL's first failure, on one line */
	int failed;
	long long *missing;     /* ids of ways with nodes not in the file */
	size_t nmissing, missing_alloc;
};

/*
 * GDAL's error handler while reading: never prints. The debug line
 * "OSM: For way N, got only K nodes instead of M" (ogrosmdatasource.cpp,
 * unchanged from GDAL 1.10 to 3.6, Debian 12's) is the only report of a
 * way whose nodes are not all in the file; osm_missing_nodes in the unit
 * tests fails if its wording changes. A way left with fewer than two
 * nodes is dropped by GDAL ("Way N with 1 nodes that could be found"):
 * it gave no link with readosm either.
 */
static void CPL_STDCALL on_gdal(CPLErr cls, CPLErrorNum no, const char *msg)
{
	struct osm_gdal *s = CPLGetErrorHandlerUserData();
	long long id;
	int got, want;
	size_t k = 0;

	(void)no;
	if (!s || !msg)
		return;
	if (cls == CE_Debug) {
		if (sscanf(msg, "OSM: For way %lld, got only %d nodes instead of %d", &id, &got,
			   &want) == 3) {
			ALLOC_GROW(s->missing, s->nmissing + 1, s->missing_alloc);
			s->missing[s->nmissing++] = id;
		}
		return;
	}
	if (cls < CE_Failure || s->failed)
		return;
	s->failed = 1;
	for (; *msg && k + 1 < sizeof(s->first); msg++)
		s->first[k++] = *msg == '\n' || *msg == '\r' || *msg == '\t' ? ' ' : *msg;
	s->first[k] = '\0';
}

static int ll_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Registered once per process: GDALAllRegister is idempotent but slow. */
static int osm_registered;

/* Copy of a thread-local config option (NULL if unset), to restore it. */
static char *tl_get(const char *key)
{
	const char *v = CPLGetThreadLocalConfigOption(key, NULL);

	return v ? xstrdup(v) : NULL;
}

/* Keep line feature f (lines layer) if it is a road or a ferry. */
static void add_way(struct io_osm *out, OGRFeatureH f, const int *fld, int id_fld)
{
	OGRGeometryH g = OGR_F_GetGeometryRef(f);
	const char *hw = NULL, *route = NULL;
	struct io_osm_way *w;
	int k, n;

	if (fld[IO_OSM_HIGHWAY] >= 0 && OGR_F_IsFieldSetAndNotNull(f, fld[IO_OSM_HIGHWAY]))
		hw = OGR_F_GetFieldAsString(f, fld[IO_OSM_HIGHWAY]);
	if (fld[IO_OSM_ROUTE] >= 0 && OGR_F_IsFieldSetAndNotNull(f, fld[IO_OSM_ROUTE]))
		route = OGR_F_GetFieldAsString(f, fld[IO_OSM_ROUTE]);
	/* Decide before copying anything: most ways of a city are buildings. */
	if (!hw && !(route && strcmp(route, "ferry") == 0))
		return;
	n = g ? OGR_G_GetPointCount(g) : 0;
	if (n < 2)
		return;
	ALLOC_GROW(out->ways, (size_t)out->nways + 1, out->ways_alloc_);
	w = &out->ways[out->nways++];
	w->id = OGR_F_GetFieldAsInteger64(f, id_fld);
	w->missing = 0;
	for (k = 0; k < IO_OSM_NTAGS; k++) {
		const char *v;
		w->tag[k] = -1;
		if (!OGR_F_IsFieldSetAndNotNull(f, fld[k]))
			continue;
		v = OGR_F_GetFieldAsString(f, fld[k]);
		w->tag[k] = (int)out->pool_.len;
		buf_add(&out->pool_, v, strlen(v) + 1);
	}
	w->first_pt = out->npts;
	w->npts = n;
	ALLOC_GROW(out->lonlat, 2 * ((size_t)out->npts + (size_t)n), out->pts_alloc_);
	OGR_G_GetPoints(g, out->lonlat + 2 * out->npts, 2 * sizeof(double),
			out->lonlat + 2 * out->npts + 1, 2 * sizeof(double), NULL, 0);
	out->npts += n;
}

/* read_gdal's answer when the file needs the other node index. */
#define OSM_RETRY (-1)

/*
 * The GDAL part of io_osm_read: open with our configuration, read the
 * lines layer alone (GDALDatasetGetNextFeature: the driver reads the
 * file once, in its order, whatever the layer), keep the roads.
 * custom_index: GDAL's own node index (fast, ids >= 0 only) rather than
 * SQLite's. LE_OK, LE_EPARSE, or OSM_RETRY (read again without it).
 */
static int read_gdal(const char *path, int custom_index, struct io_osm *out,
		     struct le_err *err)
{
	static const char *const drivers[] = { "OSM", NULL };
	struct osm_gdal s;
	char conf_path[64], conf_opt[96], *old_debug, *old_tmp;
	const char *open_opts[3];
	GDALDatasetH ds = NULL;
	OGRLayerH lines, ly, res;
	OGRFeatureH f;
	OGRFeatureDefnH defn;
	int fld[IO_OSM_NTAGS], id_fld, k, w, rc = LE_OK;

	memset(&s, 0, sizeof(s));
	/* One name per read, so that two threads never share it. */
	snprintf(conf_path, sizeof(conf_path), "/vsimem/estate_osmconf_%p.ini", (void *)out);
	snprintf(conf_opt, sizeof(conf_opt), "CONFIG_FILE=%s", conf_path);
	open_opts[0] = conf_opt;
	open_opts[1] = custom_index ? NULL : "USE_CUSTOM_INDEXING=NO";
	open_opts[2] = NULL;

	CPLPushErrorHandlerEx(on_gdal, &s);
	if (!osm_registered) {
		GDALAllRegister();
		osm_registered = 1;
	}
	old_debug = tl_get("CPL_DEBUG");
	old_tmp = tl_get("CPL_TMPDIR");
	CPLSetThreadLocalConfigOption("CPL_DEBUG", "OSM");
	/* A large file's node index spills to a temporary file, which
	 * GDAL would otherwise put in the current folder. */
	if (!old_tmp && !CPLGetConfigOption("CPL_TMPDIR", NULL))
		CPLSetThreadLocalConfigOption("CPL_TMPDIR",
					      getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	/* GDAL only reads the buffer; the cast is for its signature. */
	VSIFCloseL(VSIFileFromMemBuffer(conf_path, (GByte *)(size_t)osm_conf,
					(vsi_l_offset)strlen(osm_conf), FALSE));
	CPLErrorReset();
	ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, open_opts, NULL);
	if (!ds) {
		rc = le_errf(err, LE_EPARSE, "%s: not an OpenStreetMap file (GDAL: %s)", path,
			     s.failed ? s.first : "the OSM driver does not recognise it");
		goto done;
	}
	lines = GDALDatasetGetLayerByName(ds, "lines");
	defn = lines ? OGR_L_GetLayerDefn(lines) : NULL;
	id_fld = defn ? OGR_FD_GetFieldIndex(defn, "osm_id") : -1;
	for (k = 0; k < IO_OSM_NTAGS; k++) {
		fld[k] = defn ? OGR_FD_GetFieldIndex(defn, tag_keys[k]) : -1;
		if (fld[k] < 0)
			id_fld = -1;
	}
	if (id_fld < 0) {
		/* Our configuration was not applied: a GDAL we do not know. */
		rc = le_errf(err, LE_EPARSE,
			     "%s: GDAL's OSM driver did not take estate's configuration (no field '%s' in its lines layer)",
			     path, defn ? "osm_id or a tag" : "lines");
		goto done;
	}
	/* Only lines: the driver then neither builds polygons nor indexes
	 * ways for relations. */
	res = GDALDatasetExecuteSQL(ds, "SET interest_layers = lines", NULL, NULL);
	if (res)
		GDALDatasetReleaseResultSet(ds, res);
	while (!s.failed && (f = GDALDatasetGetNextFeature(ds, &ly, NULL, NULL, NULL)) != NULL) {
		if (ly == lines)
			add_way(out, f, fld, id_fld);
		OGR_F_Destroy(f);
	}
	if (s.failed && custom_index && strstr(s.first, "USE_CUSTOM_INDEXING")) {
		/* GDAL's fast node index takes ids from 0 up; a file with
		 * negative ids (new objects drawn in JOSM) needs its SQLite
		 * index, about 15 % slower: the caller reads again. */
		rc = OSM_RETRY;
		goto done;
	}
	if (s.failed) {
		/* A truncated or corrupt block ends the read like the end of
		 * the file: only the error tells them apart. */
		rc = le_errf(err, LE_EPARSE, "%s: not a valid OpenStreetMap file (GDAL: %s)", path,
			     s.first);
		goto done;
	}
	if (s.nmissing) {
		qsort(s.missing, s.nmissing, sizeof(*s.missing), ll_cmp);
		for (w = 0; w < out->nways; w++)
			out->ways[w].missing = bsearch(&out->ways[w].id, s.missing, s.nmissing,
						       sizeof(*s.missing), ll_cmp) != NULL;
	}
done:
	if (ds)
		GDALClose(ds);
	VSIUnlink(conf_path);
	CPLSetThreadLocalConfigOption("CPL_DEBUG", old_debug);
	CPLSetThreadLocalConfigOption("CPL_TMPDIR", old_tmp);
	free(old_debug);
	free(old_tmp);
	CPLPopErrorHandler();
	free(s.missing);
	return rc;
}

/* ---------------------------------------------------------------- entry */

/* Bytes GDAL looks at to recognise an OSM file (GDALOpenInfo's header). */
#define OSM_HEAD 1024

/* 1 when the name ends in .pbf (without regard to case). */
static int named_pbf(const char *path)
{
	size_t n = strlen(path);

	return n >= 4 && le_strcaseeq(path + n - 4, ".pbf");
}

int io_osm_read(const char *path, struct io_osm *out, struct le_err *err)
{
	char head[OSM_HEAD + 1];
	size_t n, i;
	int rc, pbf = 0;
	FILE *fp;

	fp = fopen(path, "rb");
	if (!fp)
		return le_errf(err, LE_EIO, "%s: cannot open: %s", path, strerror(errno));
	n = fread(head, 1, OSM_HEAD, fp);
	fclose(fp);
	head[n] = '\0';
	if (n == 0)
		return le_errf(err, LE_EPARSE,
			       "%s: the file is empty (expected OpenStreetMap XML or PBF)", path);
	/* GDAL's own test (OGROSMDriverIdentify): "<osm" in the header
	 * (up to its first NUL) is XML, else "OSMHeader" anywhere in it is
	 * PBF. The same test here, so the prescan sees every file GDAL
	 * would read as XML, whatever its name. */
	if (!strstr(head, "<osm"))
		for (i = 0; i + 9 <= n && !pbf; i++)
			pbf = memcmp(head + i, "OSMHeader", 9) == 0;
	if (!pbf && named_pbf(path) && !strstr(head, "<osm"))
		return le_errf(err, LE_EPARSE,
			       "%s: not an OpenStreetMap PBF file (no OSMHeader block at its start)",
			       path);
	if (!pbf && (rc = prescan(path, err)) != LE_OK)
		return rc;
	rc = read_gdal(path, 1, out, err);
	if (rc == OSM_RETRY) {
		io_osm_release(out);
		io_osm_init(out);
		rc = read_gdal(path, 0, out, err);
	}
	if (rc) {
		io_osm_release(out);
		io_osm_init(out);
	}
	return rc;
}
