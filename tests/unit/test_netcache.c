/*
 * test_netcache.c: the network blob (net/store.c) in a workspace: a saved
 * graph loads back array for array with its road figures and findings;
 * another key misses; every kind of damage (truncated, extended, a byte
 * changed, another version, byte order or struct size, an id out of range
 * with a matching checksum) is a miss with a reason, never a graph.
 */
#include "testutil.h"
#include "io/io.h"
#include "net/net.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct le_err err;

/*
 * A small network with every kind of arc: a one-way street, a footway,
 * a ferry, a motorway (no walking), two components. Node ids 0..5.
 */
static void links_fixture(struct net_links *l)
{
	static const double pts[][4] = {
		{ 0, 0, 100, 0 }, { 100, 0, 100, 100 }, { 100, 100, 0, 100 },
		{ 0, 100, 0, 0 }, { 100, 0, 300, 0 }, { 900, 900, 950, 900 }
	};
	static const int cls[] = { NET_RESIDENTIAL, NET_PATH, NET_PRIMARY, NET_MOTORWAY,
				   NET_FERRY_ROUTE, NET_SERVICE };
	static const unsigned fl[] = { NET_WALK_OK | NET_DRIVE_OK | NET_ONEWAY, NET_WALK_OK,
				       NET_WALK_OK | NET_DRIVE_OK, NET_DRIVE_OK, NET_FERRY,
				       NET_WALK_OK | NET_DRIVE_OK };
	int i;

	net_links_init(l);
	for (i = 0; i < 6; i++)
		net_links_add(l, pts[i], 2, cls[i], fl[i]);
	l->v[4].ferry_s = 600;
}

static void graph_fixture(struct net_graph *g)
{
	struct net_speeds sp = net_speeds_default();
	struct net_links l;

	links_fixture(&l);
	le_err_clear(&err);
	ck_assert_int_eq(net_graph_build(g, &l, &sp, 0, &err), LE_OK);
	net_links_release(&l);
}

/* A fresh workspace path in a fresh folder (removed by the test). */
static char *ws_path(void)
{
	char dir[] = "/tmp/estate_netcacheXXXXXX", *p;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	p = xmalloc(strlen(dir) + 32);
	sprintf(p, "%s/workspace.sqlite", dir);
	return p;
}

static void ws_remove(char *path)
{
	char *slash = strrchr(path, '/');

	unlink(path);
	*slash = '\0';
	rmdir(path);
	free(path);
}

static void same_array(const void *a, const void *b, size_t n)
{
	ck_assert(n == 0 || memcmp(a, b, n) == 0);
}

/* Every array and count of two graphs equal. */
static void same_graph(const struct net_graph *a, const struct net_graph *b)
{
	int m;

	ck_assert_uint_eq(a->nnodes, b->nnodes);
	ck_assert_int_eq(a->nlinks, b->nlinks);
	ck_assert_int_eq(a->ncomp, b->ncomp);
	ck_assert_int_eq(a->largest_comp, b->largest_comp);
	same_array(a->xy, b->xy, 2 * a->nnodes * sizeof(double));
	same_array(a->link_node, b->link_node, 2 * (size_t)a->nlinks * sizeof(uint32_t));
	same_array(a->comp, b->comp, a->nnodes * sizeof(uint32_t));
	same_array(a->comp_size, b->comp_size, (size_t)a->ncomp * sizeof(uint32_t));
	for (m = 0; m < NET_NMODES; m++) {
		ck_assert_uint_eq(a->mode[m].narcs, b->mode[m].narcs);
		same_array(a->mode[m].off, b->mode[m].off, (a->nnodes + 1) * sizeof(uint32_t));
		same_array(a->mode[m].arcs, b->mode[m].arcs, a->mode[m].narcs * sizeof(struct net_arc));
		ck_assert_int_eq(a->mncomp[m], b->mncomp[m]);
		ck_assert_int_eq(a->mlargest[m], b->mlargest[m]);
		same_array(a->mcomp[m], b->mcomp[m], a->nnodes * sizeof(uint32_t));
		same_array(a->mcomp_size[m], b->mcomp_size[m], (size_t)a->mncomp[m] * sizeof(uint32_t));
	}
}

START_TEST(store_round_trip)
{
	struct net_graph g, h;
	struct le_diags d, back;
	struct io_ws *ws;
	char *path = ws_path();
	double km = 0;
	int found = 0;

	graph_fixture(&g);
	/* What the fixture must exercise: both modes, a second component. */
	ck_assert_uint_eq(g.nnodes, 7);
	ck_assert_int_eq(g.ncomp, 2);
	ck_assert_uint_gt(g.mode[NET_WALK].narcs, 0);
	ck_assert_uint_gt(g.mode[NET_DRIVE].narcs, 0);
	le_diags_init(&d);
	le_diags_init(&back);
	le_diag_add(&d, LE_WARNING, "road class", "roads.geojson:3: features[1]: road class 'lane' is not known");
	le_diag_add(&d, LE_ERROR, "roads", "%s", "");
	ck_assert_int_eq(io_ws_open(path, &ws, &err), LE_OK);
	ck_assert_int_eq(net_graph_save(ws, "k1", &g, 1.25, &d, &err), LE_OK);
	ck_assert_int_eq(net_graph_load(ws, "k1", &h, &km, &back, &found), LE_OK);
	ck_assert_int_eq(found, 1);
	ck_assert_ptr_null(io_ws_damage(ws));
	same_graph(&g, &h);
	ck_assert(km == 1.25);
	ck_assert_uint_eq(back.n, 2);
	ck_assert_int_eq(back.v[0].severity, LE_WARNING);
	ck_assert_str_eq(back.v[0].topic, "road class");
	ck_assert_str_eq(back.v[0].msg, d.v[0].msg);
	ck_assert_int_eq(back.v[1].severity, LE_ERROR);
	ck_assert_str_eq(back.v[1].msg, "");
	net_graph_release(&h);
	/* Another key (a changed road file): a miss, and no damage. */
	ck_assert_int_eq(net_graph_load(ws, "k2", &h, &km, &back, &found), LE_OK);
	ck_assert_int_eq(found, 0);
	ck_assert_uint_eq(h.nnodes, 0);
	ck_assert_ptr_null(io_ws_damage(ws));
	io_ws_close(ws);
	/* Across processes: a fresh open reads the same graph. */
	ck_assert_int_eq(io_ws_open(path, &ws, &err), LE_OK);
	ck_assert_int_eq(net_graph_load(ws, "k1", &h, &km, &back, &found), LE_OK);
	ck_assert_int_eq(found, 1);
	same_graph(&g, &h);
	net_graph_release(&h);
	io_ws_close(ws);
	le_diags_release(&d);
	le_diags_release(&back);
	net_graph_release(&g);
	ws_remove(path);
}
END_TEST

/* The stored bytes, to damage: read whole through the blob API. */
static unsigned char *blob_bytes(struct io_ws *ws, const char *key, size_t *n)
{
	struct io_ws_blob *b = NULL;
	unsigned char *p;

	ck_assert_int_eq(io_ws_blob_open(ws, NET_STORE_BLOB, key, &b, n, &err), LE_OK);
	ck_assert_ptr_nonnull(b);
	p = xmalloc(*n + 16);
	ck_assert_int_eq(io_ws_blob_read(b, p, *n, 0), 0);
	io_ws_blob_close(b);
	return p;
}

/* Header offsets (store.c's struct store_hdr on this machine). */
#define OFF_VERSION 8
#define OFF_BOM 12
#define OFF_SZ_ARC 32
#define OFF_TOTAL 40
#define OFF_CHECKSUM 48
#define HDR_BYTES 56

enum damage { D_TRUNC, D_EXTEND, D_BYTE, D_VERSION, D_BOM, D_SIZE, D_TOTAL,
	      D_ID_RANGE, D_NDAMAGE };

/*
 * Each damage, put back under the same key: a miss, the graph empty, and
 * the reason. D_ID_RANGE also rewrites the checksum, so only the
 * structural check can catch it: an arc to a node that does not exist.
 */
START_TEST(store_damage_detected)
{
	static const char *const why[D_NDAMAGE] = {
		"truncated", "size disagrees", "checksum", "another version",
		"byte order", "byte order or sizes", "size disagrees",
		"an arc leads to a node that does not exist"
	};
	struct net_graph g, h;
	struct io_ws *ws;
	char *path = ws_path();
	unsigned char *p;
	size_t n, len;
	double km;
	int found, dmg = _i;
	uint32_t u;
	uint64_t q;
	const void *part[1];

	graph_fixture(&g);
	ck_assert_int_eq(io_ws_open(path, &ws, &err), LE_OK);
	ck_assert_int_eq(net_graph_save(ws, "k", &g, 2.0, NULL, &err), LE_OK);
	p = blob_bytes(ws, "k", &n);
	ck_assert_uint_gt(n, HDR_BYTES);
	memcpy(&q, p + OFF_TOTAL, 8);
	ck_assert_uint_eq(q, n);          /* the offsets above are right */
	len = n;
	switch (dmg) {
	case D_TRUNC: len = n - 9; break;
	case D_EXTEND: p[n] = 0; len = n + 1; break;
	case D_BYTE: p[n - 20] ^= 0x40; break;
	case D_VERSION: u = 99; memcpy(p + OFF_VERSION, &u, 4); break;
	case D_BOM: u = 0x04030201u; memcpy(p + OFF_BOM, &u, 4); break;
	case D_SIZE: u = 16; memcpy(p + OFF_SZ_ARC, &u, 4); break;
	case D_TOTAL: q = n + 8; memcpy(p + OFF_TOTAL, &q, 8); break;
	case D_ID_RANGE: {
		/* The walking CSR's first arc pointed past the last node, the
		 * checksum recomputed over the damaged bytes. */
		struct net_arc a;
		size_t off = (size_t)(n - 1), j;
		uint64_t ent[3];

		/* Section 5 (walking arcs) of the table after the header. */
		memcpy(ent, p + HDR_BYTES + 5 * 24, sizeof(ent));
		ck_assert_uint_eq(ent[0], sizeof(struct net_arc));
		off = (size_t)ent[2];
		memcpy(&a, p + off, sizeof(a));
		a.to = g.nnodes + 5;
		memcpy(p + off, &a, sizeof(a));
		q = le_xxh64(p + HDR_BYTES, n - HDR_BYTES);
		memcpy(p + OFF_CHECKSUM, &q, 8);
		(void)j;
		break;
	}
	}
	part[0] = p;
	ck_assert_int_eq(io_ws_blob_put(ws, NET_STORE_BLOB, "k", part, &len, 1, &err), LE_OK);
	io_ws_close(ws);
	ck_assert_int_eq(io_ws_open(path, &ws, &err), LE_OK);
	ck_assert_int_eq(net_graph_load(ws, "k", &h, &km, NULL, &found), LE_OK);
	ck_assert_int_eq(found, 0);
	ck_assert_uint_eq(h.nnodes, 0);
	ck_assert_ptr_null(h.xy);
	ck_assert(km == 0);
	ck_assert_ptr_nonnull(io_ws_damage(ws));
	ck_assert_msg(strstr(io_ws_damage(ws), why[dmg]), "damage %d: '%s' lacks '%s'", dmg,
		      io_ws_damage(ws), why[dmg]);
	io_ws_close(ws);
	free(p);
	net_graph_release(&g);
	ws_remove(path);
}
END_TEST

Suite *suite_netcache(void)
{
	Suite *s = suite_create("netcache");
	TCase *tc = tcase_create("netcache");

	tcase_add_test(tc, store_round_trip);
	tcase_add_loop_test(tc, store_damage_detected, 0, D_NDAMAGE);
	suite_add_tcase(s, tc);
	return s;
}
