/*
 * osm.c: io_osm_read, an OpenStreetMap file (.osm XML or .osm.pbf) into
 * flat arrays with readosm. Only the nodes and the ways a road network
 * needs are kept; turning ways into road links is net/'s job.
 *
 * Invariants:
 *  - This is the only file that includes readosm.h; no readosm type
 *    leaves it.
 *  - After a successful read, nodes are sorted by id, so io_osm_node is a
 *    binary search. Files written by osmium and osmosis are already
 *    sorted; the sort then costs one linear check.
 *  - Tag values are copied into one pool and named by offset, never by
 *    pointer, so that the pool may move while it grows.
 *  - On error the io_osm is released and re-initialised (empty), so
 *    the caller's io_osm_release is always right.
 *  - An .osm (XML) file reaches readosm only after prescan() has read it
 *    with expat and found every attribute readosm dereferences without
 *    a check: readosm 1.1.0a (unmaintained since 2017) crashes on a
 *    <tag> without k or v and on a <member> without role, so a 4-line
 *    file used to kill estate with SIGSEGV. The prescan also gives XML
 *    syntax errors their line, which readosm does not. It costs one
 *    extra expat pass (~100 MB/s); .pbf files do not need it (their
 *    tags and roles are indices into a string table).
 */
#include "io/io.h"

#include <errno.h>
#include <expat.h>
#include <readosm.h>
#include <stdlib.h>
#include <string.h>

/* The tags kept, in enum io_osm_tag order. */
static const char *const tag_keys[IO_OSM_NTAGS] = {
	"highway", "foot", "access", "motor_vehicle", "oneway", "junction",
	"maxspeed", "route", "duration", "name"
};

void io_osm_init(struct io_osm *o)
{
	memset(o, 0, sizeof(*o));
	buf_init(&o->pool_);
}

void io_osm_release(struct io_osm *o)
{
	if (!o)
		return;
	free(o->nodes);
	free(o->ways);
	free(o->refs);
	buf_release(&o->pool_);
	memset(o, 0, sizeof(*o));
}

const char *io_osm_tag(const struct io_osm *o, int w, int tag)
{
	int off = o->ways[w].tag[tag];

	return off < 0 ? NULL : o->pool_.s + off;
}

int io_osm_node(const struct io_osm *o, long long id)
{
	int lo = 0, hi = o->nnodes - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (o->nodes[mid].id < id)
			lo = mid + 1;
		else if (o->nodes[mid].id > id)
			hi = mid - 1;
		else
			return mid;
	}
	return -1;
}

/* readosm hands user data back as const void *; we own it, so casting the
 * const away is safe. */
static int on_node(const void *user, const readosm_node *n)
{
	struct io_osm *o = (struct io_osm *)(size_t)user;

	ALLOC_GROW(o->nodes, (size_t)o->nnodes + 1, o->nodes_alloc_);
	o->nodes[o->nnodes].id = n->id;
	o->nodes[o->nnodes].lon = n->longitude;
	o->nodes[o->nnodes].lat = n->latitude;
	o->nnodes++;
	return READOSM_OK;
}

static int on_way(const void *user, const readosm_way *wy)
{
	struct io_osm *o = (struct io_osm *)(size_t)user;
	int vals[IO_OSM_NTAGS];
	const char *route = NULL;
	int i, k, keep = 0;
	struct io_osm_way *w;

	o->ways_total++;
	/* Decide before copying anything: most ways of a city are buildings. */
	for (i = 0; i < wy->tag_count; i++) {
		if (strcmp(wy->tags[i].key, "highway") == 0)
			keep = 1;
		else if (strcmp(wy->tags[i].key, "route") == 0)
			route = wy->tags[i].value;
	}
	if (route && strcmp(route, "ferry") == 0)
		keep = 1;
	if (!keep)
		return READOSM_OK;

	for (k = 0; k < IO_OSM_NTAGS; k++)
		vals[k] = -1;
	for (i = 0; i < wy->tag_count; i++)
		for (k = 0; k < IO_OSM_NTAGS; k++)
			if (strcmp(wy->tags[i].key, tag_keys[k]) == 0) {
				vals[k] = (int)o->pool_.len;
				buf_add(&o->pool_, wy->tags[i].value,
					strlen(wy->tags[i].value) + 1);
			}

	ALLOC_GROW(o->ways, (size_t)o->nways + 1, o->ways_alloc_);
	w = &o->ways[o->nways++];
	w->id = wy->id;
	w->first_ref = o->nrefs;
	w->nrefs = wy->node_ref_count;
	memcpy(w->tag, vals, sizeof(vals));
	ALLOC_GROW(o->refs, (size_t)o->nrefs + (size_t)wy->node_ref_count,
		   o->refs_alloc_);
	for (i = 0; i < wy->node_ref_count; i++)
		o->refs[o->nrefs++] = wy->node_refs[i];
	return READOSM_OK;
}

static int node_cmp(const void *a, const void *b)
{
	long long x = ((const struct io_osm_node *)a)->id;
	long long y = ((const struct io_osm_node *)b)->id;

	return (x > y) - (x < y);
}

/* Words for readosm's codes: the header documents them only in comments. */
static const char *osm_reason(int code)
{
	switch (code) {
	case READOSM_INVALID_SUFFIX:
		return "the name must end in .osm or .pbf";
	case READOSM_FILE_NOT_FOUND:
		return "file not found";
	case READOSM_NULL_HANDLE:
	case READOSM_INVALID_HANDLE:
		return "invalid handle";
	case READOSM_INSUFFICIENT_MEMORY:
		return "out of memory";
	case READOSM_CREATE_XML_PARSER_ERROR:
		return "cannot create the XML parser";
	case READOSM_READ_ERROR:
		return "read error, the file is truncated or corrupt";
	case READOSM_XML_ERROR:
		return "not well-formed XML";
	case READOSM_INVALID_PBF_HEADER:
		return "invalid PBF block header";
	case READOSM_UNZIP_ERROR:
		return "a compressed PBF block cannot be unpacked";
	case READOSM_ABORT:
		return "parsing aborted";
	default:
		return "unknown error";
	}
}

/* ---------------------------------------------------------------- prescan */

/* Bytes per XML_Parse call of the prescan. */
#define OSMX_CHUNK (64 * 1024)

/*
 * The attributes an element must carry before readosm may see it. readosm
 * dereferences k, v and role blindly; the ids, coordinates and refs are
 * required too because readosm would turn a missing one into a made-up
 * value (id 0, latitude -1234567890) that surfaces later as a puzzling
 * error about a node far outside the study area.
 */
static const struct {
	const char *el;
	const char *attrs[4];   /* NULL-terminated */
	const char *why;
} osmx_rules[] = {
	{ "node", { "id", "lat", "lon", NULL }, "every node needs id, lat and lon" },
	{ "way", { "id", NULL }, "every way needs an id" },
	{ "relation", { "id", NULL }, "every relation needs an id" },
	{ "nd", { "ref", NULL }, "a way's <nd> names its node with ref" },
	{ "tag", { "k", "v", NULL }, "an OpenStreetMap tag needs k and v" },
	{ "member", { "type", "ref", "role", NULL },
	  "a relation member needs type, ref and role; the role may be empty" },
};

struct osmx {
	XML_Parser p;
	const char *path;
	struct le_err *err;
	int failed;
};

/* expat start-element handler: check one element against osmx_rules. */
static void XMLCALL osmx_start(void *ud, const XML_Char *el, const XML_Char **attr)
{
	struct osmx *x = ud;
	size_t i;
	int a, k;

	if (x->failed)
		return;
	for (i = 0; i < sizeof(osmx_rules) / sizeof(osmx_rules[0]); i++) {
		if (strcmp(el, osmx_rules[i].el) != 0)
			continue;
		for (a = 0; osmx_rules[i].attrs[a]; a++) {
			for (k = 0; attr[k]; k += 2)
				if (strcmp(attr[k], osmx_rules[i].attrs[a]) == 0)
					break;
			if (attr[k])
				continue;
			x->failed = le_errf(x->err, LE_EPARSE,
					    "%s:%lu: <%s> has no '%s' attribute (%s)", x->path,
					    (unsigned long)XML_GetCurrentLineNumber(x->p), el,
					    osmx_rules[i].attrs[a], osmx_rules[i].why);
			/* Resumable = false: the file is refused anyway. */
			XML_StopParser(x->p, XML_FALSE);
			return;
		}
		return;
	}
}

/*
 * Read the .osm file at path once with expat: well-formed XML, and every
 * element readosm reads carries the attributes it needs. LE_OK, LE_EIO
 * or LE_EPARSE "PATH:LINE: ...".
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

/* 1 when readosm will read path as XML: its test is the suffix, without
 * regard to case. */
static int is_xml(const char *path)
{
	size_t n = strlen(path);

	return n >= 4 && le_strcaseeq(path + n - 4, ".osm");
}

int io_osm_read(const char *path, struct io_osm *out, struct le_err *err)
{
	const void *h = NULL;
	FILE *fp;
	int rc = LE_OK, orc, i;

	/* readosm folds every open failure into "file not found": ask the
	 * system first, so that a permission problem is named as such. */
	fp = fopen(path, "rb");
	if (!fp)
		return le_errf(err, LE_EIO, "%s: cannot open: %s", path, strerror(errno));
	fclose(fp);
	if (is_xml(path) && (rc = prescan(path, err)) != LE_OK)
		return rc;

	orc = readosm_open(path, &h);
	if (orc == READOSM_OK)
		orc = readosm_parse(h, out, on_node, on_way, NULL);
	if (orc != READOSM_OK) {
		rc = le_errf(err, LE_EPARSE,
			     "%s: not a valid OpenStreetMap file (readosm error %d: %s)",
			     path, orc, osm_reason(orc));
		goto done;
	}
	for (i = 1; i < out->nnodes; i++)
		if (out->nodes[i - 1].id > out->nodes[i].id)
			break;
	if (i < out->nnodes)
		qsort(out->nodes, (size_t)out->nnodes, sizeof(*out->nodes), node_cmp);
done:
	/* readosm wants a close even after a failed open. */
	readosm_close(h);
	if (rc) {
		io_osm_release(out);
		io_osm_init(out);
	}
	return rc;
}
