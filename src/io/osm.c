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
 */
#include "io/io.h"

#include <errno.h>
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
