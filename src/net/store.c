/*
 * store.c: the built road network as a binary blob in the workspace, so
 * that a command whose road file and [roads] settings have not changed
 * loads the graph in a fraction of a second instead of reading the roads
 * and building it again (8-12 s at Scotland size).
 *
 * What is kept: everything net_graph_build makes (node coordinates, both
 * modes' CSR, link end nodes, components overall and per mode) and what
 * reading the roads gave the report (total length, the reader's
 * findings). Nothing about zones or schools: snapping is done afresh on
 * the loaded graph, so it may change without touching this format.
 *
 * Layout (native byte order and sizes, written in the header and checked
 * on load: a file moved to another kind of machine misses, it is never
 * misread):
 *
 *   header   magic "estnet\0\0", format version, byte-order mark
 *            0x01020304, sizeof(header, section entry, double, uint32_t,
 *            struct net_arc), number of sections, total bytes, XXH64 of
 *            every byte after the header
 *   table    one entry per section: element size, count, offset
 *   sections 8-byte aligned, in table order (sect_list below)
 *
 * Invariants: a blob is used only when every check passes: the header's
 * fields, the total size against the blob's, each section's element size
 * and count against the counts the graph's scalars imply, the checksum,
 * then the graph's own structure (offsets non-decreasing and ending at
 * the arc count, every node id in range), so a loaded graph can never
 * send a search out of its arrays. Any failure is a miss with a reason
 * (io_ws_note_damage), and the caller rebuilds.
 */
#include "net/net.h"
#include "io/io.h"

#include <stdlib.h>
#include <string.h>

/* Bump whenever the meaning or layout of a section changes. */
#define STORE_VERSION 2
#define STORE_BOM 0x01020304u
#define STORE_MAGIC "estnet\0"   /* with its NUL: 8 bytes */

struct store_hdr {
	char magic[8];
	uint32_t version, bom;
	uint32_t sz_hdr, sz_entry, sz_double, sz_u32, sz_arc;
	uint32_t nsect;
	uint64_t total;
	uint64_t checksum;
};

struct store_entry {
	uint64_t elem, count, offset;
};

/* The scalars of a graph and its road figures, as one section. */
enum {
	SC_NNODES, SC_NLINKS, SC_NCOMP, SC_LARGEST, SC_MNCOMP_W, SC_MNCOMP_D,
	SC_MLARGEST_W, SC_MLARGEST_D, SC_NARCS_W, SC_NARCS_D, SC_NDIAG_BYTES,
	SC_NLINKPTS, SC_N
};

/* One section: where its array lives in a graph, its element size and
 * the count the scalars imply. */
struct sect {
	void **ptr;
	size_t elem;
	uint64_t count;
};

#define NSECT 22

/*
 * Every section of g, in blob order. One table for both directions, so
 * saving and loading cannot disagree; a field added to struct net_graph
 * that snapping or searching needs is one line here (and a version bump).
 * Sections 0 (the scalars sc) and 1 (road_km) are fixed-size values the
 * callers hold themselves (ptr NULL); the others are arrays, *ptr each.
 */
static void sect_list(struct net_graph *g, const int64_t *sc, char **diag, struct sect *s)
{
	uint64_t nn = (uint64_t)sc[SC_NNODES], nl = (uint64_t)sc[SC_NLINKS];
	int i = 0;

	s[i++] = (struct sect){ NULL, sizeof(int64_t), SC_N };
	s[i++] = (struct sect){ NULL, sizeof(double), 1 };
	s[i++] = (struct sect){ (void **)diag, 1, (uint64_t)sc[SC_NDIAG_BYTES] };
	s[i++] = (struct sect){ (void **)&g->xy, sizeof(double), 2 * nn };
	s[i++] = (struct sect){ (void **)&g->mode[NET_WALK].off, sizeof(uint32_t), nn + 1 };
	s[i++] = (struct sect){ (void **)&g->mode[NET_WALK].arcs, sizeof(struct net_arc),
				(uint64_t)sc[SC_NARCS_W] };
	s[i++] = (struct sect){ (void **)&g->mode[NET_DRIVE].off, sizeof(uint32_t), nn + 1 };
	s[i++] = (struct sect){ (void **)&g->mode[NET_DRIVE].arcs, sizeof(struct net_arc),
				(uint64_t)sc[SC_NARCS_D] };
	s[i++] = (struct sect){ (void **)&g->link_node, sizeof(uint32_t), 2 * (uint64_t)sc[SC_NLINKS] };
	s[i++] = (struct sect){ (void **)&g->comp, sizeof(uint32_t), nn };
	s[i++] = (struct sect){ (void **)&g->comp_size, sizeof(uint32_t), (uint64_t)sc[SC_NCOMP] };
	s[i++] = (struct sect){ (void **)&g->mcomp[NET_WALK], sizeof(uint32_t), nn };
	s[i++] = (struct sect){ (void **)&g->mcomp_size[NET_WALK], sizeof(uint32_t),
				(uint64_t)sc[SC_MNCOMP_W] };
	s[i++] = (struct sect){ (void **)&g->mcomp[NET_DRIVE], sizeof(uint32_t), nn };
	s[i++] = (struct sect){ (void **)&g->mcomp_size[NET_DRIVE], sizeof(uint32_t),
				(uint64_t)sc[SC_MNCOMP_D] };
	/* What snapping onto links needs (version 2). */
	s[i++] = (struct sect){ (void **)&g->link_ipt, sizeof(uint32_t), nl + 1 };
	s[i++] = (struct sect){ (void **)&g->link_xy, sizeof(double), 2 * (uint64_t)sc[SC_NLINKPTS] };
	s[i++] = (struct sect){ (void **)&g->link_dist_cm, sizeof(uint32_t), nl };
	s[i++] = (struct sect){ (void **)&g->link_time_cs[NET_WALK], sizeof(uint32_t), nl };
	s[i++] = (struct sect){ (void **)&g->link_time_cs[NET_DRIVE], sizeof(uint32_t), nl };
	s[i++] = (struct sect){ (void **)&g->link_dirs[NET_WALK], 1, nl };
	s[i++] = (struct sect){ (void **)&g->link_dirs[NET_DRIVE], 1, nl };
}

static uint64_t align8(uint64_t v)
{
	return (v + 7) & ~(uint64_t)7;
}

static void header_init(struct store_hdr *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, STORE_MAGIC, 8);
	h->version = STORE_VERSION;
	h->bom = STORE_BOM;
	h->sz_hdr = sizeof(struct store_hdr);
	h->sz_entry = sizeof(struct store_entry);
	h->sz_double = sizeof(double);
	h->sz_u32 = sizeof(uint32_t);
	h->sz_arc = sizeof(struct net_arc);
	h->nsect = NSECT;
}

/* The reader's findings as bytes: severity, topic NUL, message NUL. */
static char *diags_pack(const struct le_diags *d, size_t *n)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; d && i < d->n; i++) {
		buf_addf(&b, "%c%s", '0' + d->v[i].severity, d->v[i].topic);
		buf_add(&b, "", 1);
		buf_addf(&b, "%s", d->v[i].msg);
		buf_add(&b, "", 1);
	}
	*n = b.len;
	return b.s ? b.s : xstrdup("");
}

/* The reverse; -1 when the bytes are not a list of findings. */
static int diags_unpack(const char *p, size_t n, struct le_diags *d)
{
	const char *end = p + n;

	while (p < end) {
		const char *topic = p + 1, *msg;
		const char *z = memchr(topic, '\0', (size_t)(end - topic));

		if (*p < '0' || *p > '9' || !z)
			return -1;
		msg = z + 1;
		if (msg >= end || !(z = memchr(msg, '\0', (size_t)(end - msg))))
			return -1;
		le_diag_add(d, *p - '0', topic, "%s", msg);
		p = z + 1;
	}
	return 0;
}

int net_graph_save(struct io_ws *ws, const char *key, const struct net_graph *g,
		   double road_km, const struct le_diags *diags, struct le_err *err)
{
	struct net_graph cg = *g;  /* sect_list takes a graph it may fill */
	struct store_hdr h;
	struct store_entry ent[NSECT];
	struct sect s[NSECT];
	const void *part[2 * NSECT + 2];
	size_t len[2 * NSECT + 2], ndiag;
	static const char zeros[8];
	int64_t sc[SC_N];
	char *diag = diags_pack(diags, &ndiag);
	struct le_xxh64 x;
	uint64_t off;
	int i, np = 0, rc;

	sc[SC_NNODES] = g->nnodes;
	sc[SC_NLINKS] = g->nlinks;
	sc[SC_NCOMP] = g->ncomp;
	sc[SC_LARGEST] = g->largest_comp;
	sc[SC_MNCOMP_W] = g->mncomp[NET_WALK];
	sc[SC_MNCOMP_D] = g->mncomp[NET_DRIVE];
	sc[SC_MLARGEST_W] = g->mlargest[NET_WALK];
	sc[SC_MLARGEST_D] = g->mlargest[NET_DRIVE];
	sc[SC_NARCS_W] = g->mode[NET_WALK].narcs;
	sc[SC_NARCS_D] = g->mode[NET_DRIVE].narcs;
	sc[SC_NDIAG_BYTES] = (int64_t)ndiag;
	sc[SC_NLINKPTS] = g->link_ipt ? g->link_ipt[g->nlinks] : 0;
	sect_list(&cg, sc, &diag, s);
	header_init(&h);
	off = align8(sizeof(h) + sizeof(ent));
	for (i = 0; i < NSECT; i++) {
		ent[i].elem = s[i].elem;
		ent[i].count = s[i].count;
		ent[i].offset = off;
		off = align8(off + s[i].elem * s[i].count);
	}
	h.total = off;
	/* Parts after the header: the table, then each section and its
	 * padding, hashed in the order they are written. */
	part[np] = ent;
	len[np++] = sizeof(ent);
	if (align8(sizeof(h) + sizeof(ent)) != sizeof(h) + sizeof(ent)) {
		part[np] = zeros;
		len[np++] = align8(sizeof(h) + sizeof(ent)) - sizeof(h) - sizeof(ent);
	}
	for (i = 0; i < NSECT; i++) {
		size_t n = (size_t)(s[i].elem * s[i].count);

		part[np] = i == 0 ? (const void *)sc : i == 1 ? (const void *)&road_km :
			   (const void *)*s[i].ptr;
		len[np++] = n;
		if (align8(n) != n) {
			part[np] = zeros;
			len[np++] = (size_t)(align8(n) - n);
		}
	}
	le_xxh64_init(&x);
	for (i = 0; i < np; i++)
		le_xxh64_add(&x, part[i], len[i]);
	h.checksum = le_xxh64_digest(&x);
	/* The header goes first, as part 0. */
	memmove(part + 1, part, (size_t)np * sizeof(*part));
	memmove(len + 1, len, (size_t)np * sizeof(*len));
	part[0] = &h;
	len[0] = sizeof(h);
	rc = io_ws_blob_put(ws, NET_STORE_BLOB, key, part, len, np + 1, err);
	free(diag);
	return rc;
}

/* Structural checks of a loaded graph: every id in range. */
static const char *graph_check(const struct net_graph *g)
{
	uint32_t v, j;
	int m, i;

	for (m = 0; m < NET_NMODES; m++) {
		const struct net_csr *c = &g->mode[m];

		if (c->off[0] != 0 || c->off[g->nnodes] != c->narcs)
			return "its arc offsets do not match its arc count";
		for (v = 0; v < g->nnodes; v++)
			if (c->off[v] > c->off[v + 1])
				return "its arc offsets decrease";
		for (j = 0; j < c->narcs; j++)
			if (c->arcs[j].to >= g->nnodes)
				return "an arc leads to a node that does not exist";
		if (g->mncomp[m] < 0 || (g->nnodes && (g->mlargest[m] < 0 ||
						       g->mlargest[m] >= g->mncomp[m])))
			return "its per-mode components are out of range";
		for (v = 0; v < g->nnodes; v++)
			if (g->mcomp[m][v] >= (uint32_t)g->mncomp[m])
				return "a node's per-mode component does not exist";
	}
	for (i = 0; i < 2 * g->nlinks; i++)
		if (g->link_node[i] >= g->nnodes)
			return "a link ends at a node that does not exist";
	/* The links' interior points: offsets from 0, never decreasing,
	 * ending at the count the points section holds (checked against
	 * the header by the loader); directions are two bits. */
	if (g->link_ipt[0] != 0)
		return "its link point offsets do not start at 0";
	for (i = 0; i < g->nlinks; i++)
		if (g->link_ipt[i] > g->link_ipt[i + 1])
			return "its link point offsets decrease";
	for (m = 0; m < NET_NMODES; m++)
		for (i = 0; i < g->nlinks; i++)
			if (g->link_dirs[m][i] > 3)
				return "a link's directions are out of range";
	if (g->ncomp < 0 || (g->nnodes && (g->largest_comp < 0 || g->largest_comp >= g->ncomp)))
		return "its components are out of range";
	for (v = 0; v < g->nnodes; v++)
		if (g->comp[v] >= (uint32_t)g->ncomp)
			return "a node's component does not exist";
	return NULL;
}

int net_graph_load(struct io_ws *ws, const char *key, struct net_graph *g,
		   double *road_km, struct le_diags *diags, int *found)
{
	struct io_ws_blob *b = NULL;
	struct store_hdr h, want;
	struct store_entry ent[NSECT];
	struct sect s[NSECT];
	struct le_xxh64 x;
	int64_t sc[SC_N];
	char *diag = NULL, pad[8];
	const char *why = NULL;
	size_t size = 0;
	uint64_t off;
	int i, rc;
	struct le_err err;
	struct le_diags got;

	*found = 0;
	memset(g, 0, sizeof(*g));
	g->largest_comp = -1;
	*road_km = 0;
	le_err_clear(&err);
	if ((rc = io_ws_blob_open(ws, NET_STORE_BLOB, key, &b, &size, &err)) || !b)
		return LE_OK;
	header_init(&want);
	/* The header: whole, ours, this version, this kind of machine. */
	if (size < sizeof(h) + sizeof(ent) || io_ws_blob_read(b, &h, sizeof(h), 0)) {
		why = "the cached network is truncated";
		goto done;
	}
	if (memcmp(h.magic, want.magic, 8) != 0) {
		why = "the cached network is not a network blob";
		goto done;
	}
	if (h.version != want.version) {
		why = "the cached network was written by another version of estate";
		goto done;
	}
	if (h.bom != want.bom || h.sz_hdr != want.sz_hdr || h.sz_entry != want.sz_entry ||
	    h.sz_double != want.sz_double || h.sz_u32 != want.sz_u32 ||
	    h.sz_arc != want.sz_arc || h.nsect != want.nsect) {
		why = "the cached network was written on a machine with another byte order or sizes";
		goto done;
	}
	if (h.total != size) {
		why = "the cached network's size disagrees with its header (truncated or extended)";
		goto done;
	}
	le_xxh64_init(&x);
	if (io_ws_blob_read(b, ent, sizeof(ent), sizeof(h))) {
		why = "the cached network is truncated";
		goto done;
	}
	le_xxh64_add(&x, ent, sizeof(ent));
	off = align8(sizeof(h) + sizeof(ent));
	if (off != sizeof(h) + sizeof(ent)) {
		io_ws_blob_read(b, pad, (size_t)(off - sizeof(h) - sizeof(ent)), sizeof(h) + sizeof(ent));
		le_xxh64_add(&x, pad, (size_t)(off - sizeof(h) - sizeof(ent)));
	}
	/* The scalars first: they give every other section's count. */
	if (ent[0].elem != sizeof(int64_t) || ent[0].count != SC_N || ent[0].offset != off ||
	    io_ws_blob_read(b, sc, sizeof(sc), (size_t)off)) {
		why = "the cached network's sections disagree with its header";
		goto done;
	}
	if (sc[SC_NNODES] < 0 || sc[SC_NNODES] >= (int64_t)UINT32_MAX - 1 || sc[SC_NLINKS] < 0 ||
	    sc[SC_NLINKS] > INT32_MAX / 2 || sc[SC_NCOMP] < 0 || sc[SC_NCOMP] > sc[SC_NNODES] ||
	    sc[SC_MNCOMP_W] < 0 || sc[SC_MNCOMP_W] > sc[SC_NNODES] || sc[SC_MNCOMP_D] < 0 ||
	    sc[SC_MNCOMP_D] > sc[SC_NNODES] || sc[SC_NARCS_W] < 0 || sc[SC_NARCS_W] > UINT32_MAX ||
	    sc[SC_NARCS_D] < 0 || sc[SC_NARCS_D] > UINT32_MAX || sc[SC_NDIAG_BYTES] < 0 ||
	    (uint64_t)sc[SC_NDIAG_BYTES] > size || sc[SC_NLINKPTS] < 0 ||
	    (uint64_t)sc[SC_NLINKPTS] > size) {
		why = "the cached network's counts are out of range";
		goto done;
	}
	g->nnodes = (uint32_t)sc[SC_NNODES];
	g->nlinks = (int)sc[SC_NLINKS];
	g->ncomp = (int)sc[SC_NCOMP];
	g->largest_comp = (int)sc[SC_LARGEST];
	g->mncomp[NET_WALK] = (int)sc[SC_MNCOMP_W];
	g->mncomp[NET_DRIVE] = (int)sc[SC_MNCOMP_D];
	g->mlargest[NET_WALK] = (int)sc[SC_MLARGEST_W];
	g->mlargest[NET_DRIVE] = (int)sc[SC_MLARGEST_D];
	g->mode[NET_WALK].narcs = (uint32_t)sc[SC_NARCS_W];
	g->mode[NET_DRIVE].narcs = (uint32_t)sc[SC_NARCS_D];
	sect_list(g, sc, &diag, s);
	/* Each section where the table says, of the size the scalars
	 * imply, read straight into its own array (no second copy). */
	for (i = 0; i < NSECT; i++) {
		uint64_t n = s[i].elem * s[i].count;

		if (ent[i].elem != s[i].elem || ent[i].count != s[i].count || ent[i].offset != off ||
		    off + n > size) {
			why = "the cached network's sections disagree with its header";
			goto done;
		}
		if (i >= 2) {
			/* +1: a section may be empty, and xmalloc(0) may be NULL. */
			*s[i].ptr = xmalloc((size_t)n + 1);
		}
		if (i >= 1 && io_ws_blob_read(b, i == 1 ? (void *)road_km : *s[i].ptr, (size_t)n,
					      (size_t)off)) {
			why = "the cached network is truncated";
			goto done;
		}
		le_xxh64_add(&x, i == 0 ? (void *)sc : i == 1 ? (void *)road_km : *s[i].ptr, (size_t)n);
		if (align8(n) != n) {
			if (io_ws_blob_read(b, pad, (size_t)(align8(n) - n), (size_t)(off + n))) {
				why = "the cached network is truncated";
				goto done;
			}
			le_xxh64_add(&x, pad, (size_t)(align8(n) - n));
		}
		off = align8(off + n);
	}
	if (off != size) {
		why = "the cached network's size disagrees with its sections";
		goto done;
	}
	if (le_xxh64_digest(&x) != h.checksum) {
		why = "the cached network disagrees with its checksum";
		goto done;
	}
	if ((why = graph_check(g)))
		goto done;
	if (g->link_ipt[g->nlinks] != (uint64_t)sc[SC_NLINKPTS]) {
		why = "its link point offsets do not end at its point count";
		goto done;
	}
	/* Into a list of its own first: a broken one adds nothing. */
	le_diags_init(&got);
	if (diags_unpack(diag, (size_t)sc[SC_NDIAG_BYTES], &got)) {
		le_diags_release(&got);
		why = "the cached network's findings are not readable";
		goto done;
	}
	for (i = 0; diags && i < (int)got.n; i++)
		le_diag_add(diags, got.v[i].severity, got.v[i].topic, "%s", got.v[i].msg);
	le_diags_release(&got);
	*found = 1;
done:
	io_ws_blob_close(b);
	free(diag);
	if (!*found) {
		if (why)
			io_ws_note_damage(ws, why);
		net_graph_release(g);
		*road_km = 0;
	}
	return LE_OK;
}
