/*
 * test_net_read.c: net_read_links and net_read_speeds (src/net/read.c)
 * and io_osm_read (src/io/osm.c).
 *
 * Fixtures: tests/data/roads/os_open_roads_small.geojson (7 real OS Open
 * Roads links from the central Edinburgh file, three of them meeting at
 * one node), tests/data/osm/tiny.osm (hand-written: every OSM rule once)
 * and tiny.osm.pbf (the same, `osmium cat tiny.osm -o tiny.osm.pbf`),
 * tests/data/osm/monaco.osm.pbf (real), gis/edinburgh/roads.geojson (the
 * demo's 6 km box). Broken files are written inline with tu_write_tmp.
 */
/* realpath() is XSI, beyond the POSIX level the Makefile asks for. */
#define _XOPEN_SOURCE 700

#include "testutil.h"

#include "geo/geo.h"
#include "io/io.h"
#include "net/net.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A FeatureCollection opening in BNG. */
#define FC_BNG                                                                 \
	"{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"    \
	"{\"name\":\"urn:ogc:def:crs:EPSG::27700\"}},\"features\":["

/* One read: the study, the context, the links and what was said. */
struct rl {
	struct study s;
	struct geo_ctx *g;
	struct net_links l;
	struct le_diags d;
	struct le_err err;
	char *file;             /* the roads file as the reader names it */
	int rc;
};

/* Absolute path of a fixture (studies resolve paths against /tmp). */
static char *fx(const char *rel)
{
	char buf[PATH_MAX];

	ck_assert_msg(realpath(rel, buf) != NULL, "no fixture %s", rel);
	return xstrdup(buf);
}

/*
 * Read roads from `file` (absolute) with extra [roads] lines and the
 * working CRS crs; x->rc and x->err hold the outcome.
 */
static void rl_read(struct rl *x, const char *file, const char *extra,
		    const char *crs)
{
	struct buf b;
	char *ini;

	memset(x, 0, sizeof(*x));
	le_err_clear(&x->err);
	le_diags_init(&x->d);
	net_links_init(&x->l);
	x->file = xstrdup(file);
	buf_init(&b);
	buf_addf(&b, "[study]\nbase_year = 2023\ncrs = %s\n[schools]\nfile = s.csv\n"
		 "[roads]\nfile = %s\n%s\n", crs, file, extra ? extra : "");
	ini = tu_write_tmp(".ini", b.s);
	buf_release(&b);
	ck_assert_msg(io_study_read(ini, &x->s, &x->err) == LE_OK, "%s", x->err.msg);
	free(ini);
	x->g = geo_ctx_new(&x->err);
	ck_assert_msg(x->g != NULL, "%s", x->err.msg);
	x->rc = net_read_links(&x->s, x->g, &x->l, &x->d, &x->err);
}

static void rl_free(struct rl *x)
{
	net_links_release(&x->l);
	le_diags_release(&x->d);
	geo_ctx_free(x->g);
	io_study_release(&x->s);
	free(x->file);
}

/* Read inline GeoJSON text; returns the error message's code. */
static void rl_text(struct rl *x, const char *geojson, const char *extra)
{
	char *p = tu_write_tmp(".geojson", geojson);

	rl_read(x, p, extra, "EPSG:27700");
	free(p);
}

/* Expect an error with exactly the message "<file><tail>". */
static void expect_err(struct rl *x, int code, const char *tail)
{
	char want[1024];

	snprintf(want, sizeof(want), "%s%s", x->file, tail);
	ck_assert_msg(x->rc == code, "rc %s (%s)", le_code_name(x->rc), x->err.msg);
	ck_assert_str_eq(x->err.msg, want);
}

/* ---------------------------------------------------------------- OS */

START_TEST(os_open_roads)
{
	/* From the file, by hand: class, length, startNode/endNode numbered in
	 * order of first appearance, points per line. Links 1, 3 and 7 share
	 * node F01CC8D9... (number 1). */
	static const struct { int cls; double len; int a, b, npts; } want[] = {
		{ NET_PRIMARY, 511, 0, 1, 25 },      /* A Road */
		{ NET_TERTIARY, 26, 2, 3, 3 },       /* Classified Unnumbered */
		{ NET_PRIMARY, 21, 1, 4, 3 },        /* A Road */
		{ NET_SERVICE, 41, 5, 6, 4 },        /* Unknown */
		{ NET_RESIDENTIAL, 80, 7, 8, 4 },    /* Not Classified */
		{ NET_SECONDARY, 318, 9, 10, 13 },   /* B Road */
		{ NET_UNCLASSIFIED, 123, 11, 1, 5 }, /* Unclassified */
	};
	char *f = fx(TDATA "roads/os_open_roads_small.geojson");
	struct rl x;
	int i;

	rl_read(&x, f, NULL, "EPSG:27700");
	ck_assert_msg(x.rc == LE_OK, "%s", x.err.msg);
	ck_assert_int_eq(x.l.n, 7);
	ck_assert_int_eq((int)x.d.n, 0);
	for (i = 0; i < 7; i++) {
		const struct net_link *k = &x.l.v[i];
		ck_assert_int_eq(k->cls, want[i].cls);
		ck_assert(k->len_m == want[i].len);
		ck_assert_int_eq((int)k->start_node, want[i].a);
		ck_assert_int_eq((int)k->end_node, want[i].b);
		ck_assert_int_eq(k->npts, want[i].npts);
		ck_assert_uint_eq(k->flags, NET_WALK_OK | NET_DRIVE_OK);
	}
	/* Converted to BNG: central Edinburgh is near E 326000, N 674000. */
	ck_assert(fabs(x.l.xy[0] - 326000) < 3000 && fabs(x.l.xy[1] - 674000) < 3000);
	/* Shared node 1 is the same point in links 1 (end) and 3 (start). */
	{
		const struct net_link *a = &x.l.v[0], *c = &x.l.v[2];
		int ea = a->first_pt + a->npts - 1;
		ck_assert(fabs(x.l.xy[2 * ea] - x.l.xy[2 * c->first_pt]) < 0.01);
		ck_assert(fabs(x.l.xy[2 * ea + 1] - x.l.xy[2 * c->first_pt + 1]) < 0.01);
	}
	rl_free(&x);
	free(f);
}
END_TEST

START_TEST(os_value_map_and_drive_only)
{
	/* A study's own class word, a slip road (drive only), a motorway
	 * (never walkable), an unknown word (one warning for two rows). */
	struct rl x;

	rl_text(&x, FC_BNG
		"{\"type\":\"Feature\",\"properties\":{\"class\":\"Lane\",\"formOfWay\":\"Single Carriageway\"},"
		"\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326000,674000],[326100,674000]]}},"
		"{\"type\":\"Feature\",\"properties\":{\"class\":\"A Road\",\"formOfWay\":\"Slip Road\"},"
		"\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326100,674000],[326200,674000]]}},"
		"{\"type\":\"Feature\",\"properties\":{\"class\":\"Motorway\",\"formOfWay\":\"Dual Carriageway\"},"
		"\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326200,674000],[326300,674000]]}},"
		"{\"type\":\"Feature\",\"properties\":{\"class\":\"Byway\",\"formOfWay\":\"\"},"
		"\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326300,674000],[326400,674000]]}},"
		"{\"type\":\"Feature\",\"properties\":{\"class\":\"Byway\",\"formOfWay\":\"\"},"
		"\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326400,674000],[326500,674000]]}}]}",
		"class.Lane = service\n");
	ck_assert_msg(x.rc == LE_OK, "%s", x.err.msg);
	ck_assert_int_eq(x.l.n, 5);
	ck_assert_int_eq(x.l.v[0].cls, NET_SERVICE);
	ck_assert_int_eq(x.l.v[1].cls, NET_PRIMARY);
	ck_assert_uint_eq(x.l.v[1].flags, NET_DRIVE_OK);
	ck_assert_int_eq(x.l.v[2].cls, NET_MOTORWAY);
	ck_assert_uint_eq(x.l.v[2].flags, NET_DRIVE_OK);
	ck_assert_int_eq(x.l.v[3].cls, NET_UNCLASSIFIED);
	ck_assert_int_eq((int)x.d.n, 1);
	ck_assert(strstr(x.d.v[0].msg, "road class 'Byway' is not known") != NULL);
	/* One warning for both rows, naming the first (the 4th feature,
	 * features[3]) and saying later rows are the same. */
	ck_assert_msg(strstr(x.d.v[0].msg, ": feature 4: road class") ||
		      strstr(x.d.v[0].msg, "features[3]"), "%s", x.d.v[0].msg);
	ck_assert(strstr(x.d.v[0].msg, "(and any later row with the same value)") != NULL);
	rl_free(&x);
}
END_TEST

/*
 * A wrong startNode (issue 9 item 2c): link C starts at (200, 0), where B
 * ends at node N3, but names N1, whose place is (0, 0) (link A's start),
 * 200 m away. The id is ignored with a warning naming both links, and C
 * joins at its own geometry: B's end. Walking from (300, 0) to (0, 0) is
 * then 300 m; trusting the id made it 100 m (C "started" at (0, 0)).
 */
START_TEST(os_wrong_node_id)
{
	struct rl x;
	struct net_graph g;
	struct net_speeds sp = net_speeds_default();
	struct net_knn kn;
	struct net_source src = { 0, 0, 0, -1, 0, 0, 0 };
	struct le_err err;
	const char *m;

	rl_text(&x,
		"{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
		"{\"name\":\"urn:ogc:def:crs:EPSG::27700\"}},\"features\":["
		"{\"type\":\"Feature\",\"properties\":{\"identifier\":\"A\",\"startNode\":\"N1\",\"endNode\":\"N2\"},"
		"\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326000,674000],[326100,674000]]}},"
		"{\"type\":\"Feature\",\"properties\":{\"identifier\":\"B\",\"startNode\":\"N2\",\"endNode\":\"N3\"},"
		"\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326100,674000],[326200,674000]]}},"
		"{\"type\":\"Feature\",\"properties\":{\"identifier\":\"C\",\"startNode\":\"N1\",\"endNode\":\"N4\"},"
		"\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326200,674000],[326300,674000]]}}]}",
		NULL);
	ck_assert_msg(x.rc == LE_OK, "%s", x.err.msg);
	ck_assert_int_eq(x.l.n, 3);
	/* C's start lost its id; A's start keeps N1 (number 0). */
	ck_assert(x.l.v[2].start_node == -1);
	ck_assert(x.l.v[0].start_node == 0 && x.l.v[2].end_node == 3);
	ck_assert_int_eq((int)x.d.n, 1);
	m = x.d.v[0].msg;
	ck_assert_msg(strstr(m, "road link 'C' (") &&
		      strstr(m, ") gives startNode 'N1', which road link 'A' (") &&
		      strstr(m, ") puts 200 m away: the id is ignored and the link joins where its geometry ends"),
		      "%s", m);
	ck_assert_str_eq(x.d.v[0].topic, "road node id");
	/* The graph joins C to B's end; a school at (326000, 674000). */
	le_err_clear(&err);
	ck_assert_int_eq(net_graph_build(&g, &x.l, &sp, 0, &err), LE_OK);
	ck_assert_uint_eq(g.nnodes, 4);
	ck_assert_uint_eq(g.link_node[4], g.link_node[3]);
	src.node = (int32_t)g.link_node[0];
	ck_assert_int_eq(net_knn_run(&kn, &g, NET_WALK, &src, 1, 1, &err), LE_OK);
	ck_assert_uint_eq(kn.cnt[g.link_node[5]], 1);
	ck_assert_uint_eq(kn.lab[(size_t)g.link_node[5]].dist_cm, 30000);
	net_knn_release(&kn);
	net_graph_release(&g);
	rl_free(&x);
}
END_TEST

START_TEST(plain_lines)
{
	/* No attributes: unclassified, both modes, no node ids, length 0. A
	 * multi-line whose parts do not touch gives one link per part; one
	 * whose parts touch gives one link without the repeated point. */
	struct rl x;
	int i;

	rl_text(&x,
		"{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
		"{\"name\":\"urn:ogc:def:crs:EPSG::27700\"}},\"features\":["
		"{\"type\":\"Feature\",\"properties\":{},"
		"\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326000,674000],[326100,674000],[326100,674100]]}},"
		"{\"type\":\"Feature\",\"properties\":{},"
		"\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[[[1,2],[3,4]],[[5,6],[7,8]]]}},"
		"{\"type\":\"Feature\",\"properties\":{},"
		"\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[[[10,20],[30,40]],[[30,40],[50,60]]]}}]}",
		NULL);
	ck_assert_msg(x.rc == LE_OK, "%s", x.err.msg);
	ck_assert_int_eq(x.l.n, 4);
	for (i = 0; i < x.l.n; i++) {
		ck_assert_int_eq(x.l.v[i].cls, NET_UNCLASSIFIED);
		ck_assert_uint_eq(x.l.v[i].flags, NET_WALK_OK | NET_DRIVE_OK);
		ck_assert(x.l.v[i].start_node == -1 && x.l.v[i].end_node == -1);
		ck_assert(x.l.v[i].len_m == 0);
	}
	ck_assert_int_eq(x.l.v[0].npts, 3);
	ck_assert_int_eq(x.l.v[1].npts, 2);
	ck_assert(x.l.xy[2 * x.l.v[2].first_pt] == 5);
	ck_assert_int_eq(x.l.v[3].npts, 3);
	ck_assert(x.l.xy[2 * x.l.v[3].first_pt + 4] == 50);
	ck_assert_int_eq((int)x.d.n, 1);
	rl_free(&x);
}
END_TEST

START_TEST(edinburgh_6km)
{
	/* 5,168 features (SOURCES.md): 5,136 LineStrings and 32
	 * MultiLineStrings whose 68 parts never touch (checked with python's
	 * json module), so 5,136 + 68 = 5,204 links, all without node ids. */
	char *f = fx("gis/edinburgh/roads.geojson");
	struct rl x;
	int i, noids = 0;

	rl_read(&x, f, "id = identifier\n", "EPSG:27700");
	ck_assert_msg(x.rc == LE_OK, "%s", x.err.msg);
	ck_assert_int_eq(x.l.n, 5204);
	for (i = 0; i < x.l.n; i++)
		noids += x.l.v[i].start_node == -1 && x.l.v[i].end_node == -1;
	ck_assert_int_eq(noids, 5204);
	ck_assert_int_eq((int)x.d.n, 1);
	ck_assert(strstr(x.d.v[0].msg, "32 roads are multi-lines") != NULL);
	/* Inside the box E 322,660-329,026, N 670,885-677,199. */
	for (i = 0; i < x.l.npts; i++) {
		ck_assert(x.l.xy[2 * i] > 322659 && x.l.xy[2 * i] < 329027);
		ck_assert(x.l.xy[2 * i + 1] > 670884 && x.l.xy[2 * i + 1] < 677200);
	}
	rl_free(&x);
	free(f);
}
END_TEST

/* ---------------------------------------------------------------- OSM */

START_TEST(osm_tiny)
{
	/*
	 * tiny.osm, by hand. Way 100 (residential, maxspeed 20 mph) runs
	 * 1-2-3 through node 2, which ways 101 (tertiary, 4-2) and 102
	 * (footway, 2-5) also use: it is cut at 2. 103 motorway, 104
	 * oneway=yes, 105 oneway=-1, 106 access=private (dropped), 107 a
	 * closed roundabout, 108 route=ferry 3-19-20 duration 00:30; 109
	 * building, 110 construction and 111 cycleway foot=no give nothing.
	 * Node numbers follow first use as a link end: 1->0, 2->1, 3->2,
	 * 4->3, 5->4, 8->5, 9->6, 10->7, 11->8, 12->9, 13->10, 16->11, 20->12.
	 */
	static const struct { int cls; unsigned flags; int a, b, npts; } want[] = {
		{ NET_RESIDENTIAL, NET_WALK_OK | NET_DRIVE_OK, 0, 1, 2 },
		{ NET_RESIDENTIAL, NET_WALK_OK | NET_DRIVE_OK, 1, 2, 2 },
		{ NET_TERTIARY, NET_WALK_OK | NET_DRIVE_OK, 3, 1, 2 },
		{ NET_PATH, NET_WALK_OK, 1, 4, 2 },
		{ NET_MOTORWAY, NET_DRIVE_OK | NET_ONEWAY, 5, 6, 2 },
		{ NET_RESIDENTIAL, NET_WALK_OK | NET_DRIVE_OK | NET_ONEWAY, 7, 8, 2 },
		{ NET_RESIDENTIAL, NET_WALK_OK | NET_DRIVE_OK | NET_ONEWAY_REV, 9, 10, 2 },
		{ NET_PRIMARY, NET_WALK_OK | NET_DRIVE_OK | NET_ONEWAY, 11, 11, 4 },
		{ NET_FERRY_ROUTE, NET_WALK_OK | NET_DRIVE_OK | NET_FERRY, 2, 12, 3 },
	};
	/* Metres, in the order above (see the end of the test). */
	static const double want_m[] = {
		62.454, 62.454, 111.307, 111.307, 127.624, 62.470, 62.462, 380.171, 1456.004
	};
	char *f = fx(TDATA "osm/tiny.osm");
	struct rl x;
	int i;

	rl_read(&x, f, NULL, "EPSG:27700");
	ck_assert_msg(x.rc == LE_OK, "%s", x.err.msg);
	ck_assert_int_eq(x.l.n, 9);
	for (i = 0; i < 9; i++) {
		const struct net_link *k = &x.l.v[i];
		ck_assert_msg(k->cls == want[i].cls, "link %d class %d", i, k->cls);
		ck_assert_msg(k->flags == want[i].flags, "link %d flags %u", i, k->flags);
		ck_assert_int_eq((int)k->start_node, want[i].a);
		ck_assert_int_eq((int)k->end_node, want[i].b);
		ck_assert_int_eq(k->npts, want[i].npts);
		ck_assert(k->len_m == 0);
	}
	/* 20 mph = 32.18688 km/h, for driving only; no other speeds. */
	ck_assert(fabs(x.l.v[0].speed_kph[NET_DRIVE] - 32.18688) < 1e-9);
	ck_assert(fabs(x.l.v[1].speed_kph[NET_DRIVE] - 32.18688) < 1e-9);
	ck_assert(x.l.v[0].speed_kph[NET_WALK] == 0);
	ck_assert(x.l.v[2].speed_kph[NET_DRIVE] == 0);
	ck_assert(x.l.v[8].ferry_s == 1800);
	/* The cut at node 2: link 0 ends where links 1, 2 (end) and 3 start. */
	{
		int e0 = x.l.v[0].first_pt + 1, s1 = x.l.v[1].first_pt;
		int e2 = x.l.v[2].first_pt + 1, s3 = x.l.v[3].first_pt;
		ck_assert(x.l.xy[2 * e0] == x.l.xy[2 * s1] && x.l.xy[2 * e0] == x.l.xy[2 * e2] &&
			  x.l.xy[2 * e0] == x.l.xy[2 * s3]);
	}
	/* Node 2 (-3.199, 55.95) in BNG: gdaltransform -s_srs OGC:CRS84
	 * -t_srs EPSG:27700 gives (325 222.74, 673 645.48). */
	ck_assert(fabs(x.l.xy[2 * x.l.v[1].first_pt] - 325222.74) < 1);
	ck_assert(fabs(x.l.xy[2 * x.l.v[1].first_pt + 1] - 673645.48) < 1);
	/* Lengths: every node through gdaltransform -s_srs EPSG:4326 -t_srs
	 * EPSG:27700, then the sums of the straight pieces of each link by
	 * hand (python3 math.dist), to the centimetre. */
	for (i = 0; i < 9; i++)
		ck_assert_msg(fabs(net_link_line_m(&x.l, i) - want_m[i]) < 0.01, "link %d: %.3f m", i,
			      net_link_line_m(&x.l, i));
	ck_assert_int_eq((int)x.d.n, 0);
	rl_free(&x);
	free(f);
}
END_TEST

/*
 * The same ways as PBF (tiny.osm.pbf, made with `osmium cat tiny.osm -o
 * tiny.osm.pbf`): the same links, points and numbers, bit for bit. PBF
 * stores coordinates as whole units of 1e-7 degree, which is how GDAL
 * keeps the XML's too.
 */
START_TEST(osm_tiny_pbf)
{
	char *fx_xml = fx(TDATA "osm/tiny.osm"), *fx_pbf = fx(TDATA "osm/tiny.osm.pbf");
	struct rl a, b;

	rl_read(&a, fx_xml, NULL, "EPSG:27700");
	rl_read(&b, fx_pbf, NULL, "EPSG:27700");
	ck_assert_msg(a.rc == LE_OK && b.rc == LE_OK, "%s %s", a.err.msg, b.err.msg);
	ck_assert_int_eq(b.l.n, 9);
	ck_assert_int_eq(b.l.npts, a.l.npts);
	ck_assert(memcmp(a.l.v, b.l.v, sizeof(*a.l.v) * 9) == 0);
	ck_assert(memcmp(a.l.xy, b.l.xy, sizeof(double) * 2 * (size_t)a.l.npts) == 0);
	rl_free(&a);
	rl_free(&b);
	free(fx_xml);
	free(fx_pbf);
}
END_TEST

/* The content decides the format, as in GDAL: XML named .pbf is read as
 * XML (and prescanned), PBF named .osm as PBF. */
START_TEST(osm_content_decides)
{
	char *tmp = tu_write_tmp(".osm.pbf",
				 "<osm version=\"0.6\">\n"
				 "<node id=\"1\" lat=\"55.95\" lon=\"-3.20\"/>\n"
				 "<node id=\"2\" lat=\"55.96\" lon=\"-3.20\"/>\n"
				 "<way id=\"7\"><nd ref=\"1\"/><nd ref=\"2\"/><tag k=\"highway\" v=\"path\"/></way>\n"
				 "</osm>\n");
	FILE *in = fopen(TDATA "osm/tiny.osm.pbf", "rb"), *out;
	static char bytes[4096];
	size_t n;
	struct rl x;

	rl_read(&x, tmp, NULL, "EPSG:27700");
	ck_assert_msg(x.rc == LE_OK, "%s", x.err.msg);
	ck_assert_int_eq(x.l.n, 1);
	ck_assert_int_eq(x.l.v[0].cls, NET_PATH);
	rl_free(&x);
	free(tmp);
	/* And XML named .pbf gets the XML checks. */
	tmp = tu_write_tmp(".osm.pbf", "<osm version=\"0.6\">\n<way id=\"7\">\n<tag v=\"x\"/>\n</way>\n</osm>\n");
	rl_read(&x, tmp, NULL, "EPSG:27700");
	expect_err(&x, LE_EPARSE, ":3: <tag> has no 'k' attribute (an OpenStreetMap tag needs k and v)");
	rl_free(&x);
	free(tmp);

	tmp = tu_write_tmp(".osm", "");
	ck_assert(in && (out = fopen(tmp, "wb")));
	n = fread(bytes, 1, sizeof(bytes), in);
	ck_assert(n > 0 && n < sizeof(bytes) && fwrite(bytes, 1, n, out) == n);
	fclose(in);
	fclose(out);
	rl_read(&x, tmp, NULL, "EPSG:27700");
	ck_assert_msg(x.rc == LE_OK, "%s", x.err.msg);
	ck_assert_int_eq(x.l.n, 9);
	rl_free(&x);
	free(tmp);
}
END_TEST

START_TEST(osm_monaco_counts)
{
	/*
	 * Counted independently with tests/data/osm/count_pbf.py, a
	 * hand-written protobuf decoder (no OSM library): 27,377 ways, of
	 * which 2,927 have highway=* and 1 route=ferry (none has both); 3 of
	 * the highways have a single node (no line: GDAL drops them, readosm
	 * kept them and they gave no link), so 2,925 road ways with 30,277
	 * node references, every node in the file.
	 */
	struct io_osm o;
	struct le_err err;
	int w, hw = 0, ferry = 0, missing = 0;

	le_err_clear(&err);
	io_osm_init(&o);
	ck_assert_msg(io_osm_read(TDATA "osm/monaco.osm.pbf", &o, &err) == LE_OK, "%s", err.msg);
	ck_assert_int_eq(o.nways, 2925);
	ck_assert_int_eq(o.npts, 30277);
	for (w = 0; w < o.nways; w++) {
		const char *r = io_osm_tag(&o, w, IO_OSM_ROUTE);
		hw += io_osm_tag(&o, w, IO_OSM_HIGHWAY) != NULL;
		ferry += r && strcmp(r, "ferry") == 0;
		missing += o.ways[w].missing;
		ck_assert(o.ways[w].npts >= 2);
		ck_assert(o.ways[w].first_pt + o.ways[w].npts <= o.npts);
		/* Monaco: longitude 7.4, latitude 43.7. */
		ck_assert(fabs(o.lonlat[2 * o.ways[w].first_pt] - 7.42) < 0.1);
		ck_assert(fabs(o.lonlat[2 * o.ways[w].first_pt + 1] - 43.74) < 0.1);
	}
	ck_assert_int_eq(hw, 2924);
	ck_assert_int_eq(ferry, 1);
	ck_assert_int_eq(missing, 0);
	io_osm_release(&o);
}
END_TEST

START_TEST(osm_monaco_links)
{
	/* Monaco lies outside BNG: work in UTM 32N. 5,293 links is what
	 * readosm's reader gave too (the same lines, one duplicate node now
	 * merged with its twin: osm_shared_position); the ferry is
	 * independent. */
	char *f = fx(TDATA "osm/monaco.osm.pbf");
	struct rl x;
	int i, ferries = 0;

	rl_read(&x, f, NULL, "EPSG:32632");
	ck_assert_msg(x.rc == LE_OK, "%s", x.err.msg);
	ck_assert_int_eq(x.l.n, 5293);
	for (i = 0; i < x.l.n; i++) {
		ck_assert(x.l.v[i].npts >= 2);
		ck_assert(x.l.v[i].start_node >= 0 && x.l.v[i].end_node >= 0);
		ferries += (x.l.v[i].flags & NET_FERRY) != 0;
	}
	ck_assert_int_eq(ferries, 1);
	/* Monaco: UTM 32N easting ~ 370 km, northing ~ 4 843 km. */
	ck_assert(fabs(x.l.xy[0] - 370000) < 10000 && fabs(x.l.xy[1] - 4843000) < 10000);
	rl_free(&x);
	free(f);
}
END_TEST

START_TEST(osm_outside_area)
{
	char *f = fx(TDATA "osm/monaco.osm.pbf");
	struct rl x;
	char want[600];

	rl_read(&x, f, NULL, "EPSG:27700");
	ck_assert_int_eq(x.rc, LE_EGEO);
	snprintf(want, sizeof(want), "%s: way ", f);
	ck_assert_msg(strncmp(x.err.msg, want, strlen(want)) == 0, "%s", x.err.msg);
	ck_assert(strstr(x.err.msg, "in EPSG:4326 lies outside the area of EPSG:27700") != NULL);
	rl_free(&x);
	free(f);
}
END_TEST

/* The first n bytes of fixture rel into a temporary file of that suffix. */
static char *cut_copy(const char *rel, size_t n, const char *suffix)
{
	char *tmp = tu_write_tmp(suffix, "");
	FILE *in = fopen(rel, "rb"), *out = fopen(tmp, "wb");
	char *chunk = xmalloc(n);

	ck_assert(in && out);
	ck_assert(fread(chunk, 1, n, in) == n);
	ck_assert(fwrite(chunk, 1, n, out) == n);
	fclose(in);
	fclose(out);
	free(chunk);
	return tmp;
}

/*
 * Truncated PBF: GDAL names the byte where the block it could not read
 * starts. monaco's first data block is longer than 100 KB; tiny.osm.pbf
 * (693 bytes) cut at 300 stops in its second block (byte 250); cut at 10
 * it has no whole OSMHeader signature.
 */
START_TEST(osm_truncated_pbf)
{
	static const struct { const char *rel; size_t n; const char *tail; } cases[] = {
		{ TDATA "osm/monaco.osm.pbf", 100 * 1024,
		  ": not a valid OpenStreetMap file (GDAL: An error occurred during the parsing of data around byte 220)" },
		{ TDATA "osm/tiny.osm.pbf", 300,
		  ": not a valid OpenStreetMap file (GDAL: An error occurred during the parsing of data around byte 250)" },
		{ TDATA "osm/tiny.osm.pbf", 100,
		  ": not a valid OpenStreetMap file (GDAL: An error occurred during the parsing of data around byte 89)" },
		{ TDATA "osm/tiny.osm.pbf", 10,
		  ": not an OpenStreetMap PBF file (no OSMHeader block at its start)" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *tmp = cut_copy(cases[i].rel, cases[i].n, ".osm.pbf");
		struct rl x;

		rl_read(&x, tmp, NULL, "EPSG:27700");
		expect_err(&x, LE_EPARSE, cases[i].tail);
		ck_assert_int_eq(x.l.n, 0);
		rl_free(&x);
		free(tmp);
	}
}
END_TEST

START_TEST(osm_not_xml)
{
	char *tmp = tu_write_tmp(".osm", "this is not XML\n");
	struct rl x;

	rl_read(&x, tmp, NULL, "EPSG:27700");
	/* expat's words, with the line (GDAL names only a byte). */
	expect_err(&x, LE_EPARSE, ":1: not well-formed XML (column 1: syntax error)");
	rl_free(&x);
	free(tmp);
	/* An element left open is found at the end, on the last line. */
	tmp = tu_write_tmp(".osm", "<osm version=\"0.6\">\n<node id=\"1\" lat=\"55.9\" lon=\"-3.2\">\n</osm>\n");
	rl_read(&x, tmp, NULL, "EPSG:27700");
	expect_err(&x, LE_EPARSE, ":3: not well-formed XML (column 3: mismatched tag)");
	rl_free(&x);
	free(tmp);
	/* Cut in the middle of an element. */
	tmp = tu_write_tmp(".osm", "<osm version=\"0.6\">\n<node id=\"1\" lat=\"55.9\" lo");
	rl_read(&x, tmp, NULL, "EPSG:27700");
	expect_err(&x, LE_EPARSE, ":2: not well-formed XML (column 1: unclosed token)");
	rl_free(&x);
	free(tmp);
	/* Well-formed XML that is not OpenStreetMap: GDAL refuses it. */
	tmp = tu_write_tmp(".osm", "<gpx version=\"1.1\"/>\n");
	rl_read(&x, tmp, NULL, "EPSG:27700");
	expect_err(&x, LE_EPARSE,
		   ": not an OpenStreetMap file (GDAL: the OSM driver does not recognise it)");
	rl_free(&x);
	free(tmp);
}
END_TEST

/* Empty files and binary junk with either name: errors, not crashes. */
START_TEST(osm_empty_and_junk)
{
	static const unsigned char junk[] = {
		0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe, 0x01
	};
	char *tmp;
	FILE *fp;
	struct rl x;

	tmp = tu_write_tmp(".osm", "");
	rl_read(&x, tmp, NULL, "EPSG:27700");
	expect_err(&x, LE_EPARSE, ": the file is empty (expected OpenStreetMap XML or PBF)");
	rl_free(&x);
	free(tmp);
	tmp = tu_write_tmp(".osm.pbf", "");
	rl_read(&x, tmp, NULL, "EPSG:27700");
	expect_err(&x, LE_EPARSE, ": the file is empty (expected OpenStreetMap XML or PBF)");
	rl_free(&x);
	free(tmp);

	tmp = tu_write_tmp(".osm", "");
	ck_assert((fp = fopen(tmp, "wb")) && fwrite(junk, 1, sizeof(junk), fp) == sizeof(junk));
	fclose(fp);
	rl_read(&x, tmp, NULL, "EPSG:27700");
	expect_err(&x, LE_EPARSE, ":1: not well-formed XML (column 1: not well-formed (invalid token))");
	rl_free(&x);
	free(tmp);
	tmp = tu_write_tmp(".osm.pbf", "");
	ck_assert((fp = fopen(tmp, "wb")) && fwrite(junk, 1, sizeof(junk), fp) == sizeof(junk));
	fclose(fp);
	rl_read(&x, tmp, NULL, "EPSG:27700");
	expect_err(&x, LE_EPARSE, ": not an OpenStreetMap PBF file (no OSMHeader block at its start)");
	rl_free(&x);
	free(tmp);
}
END_TEST

/*
 * readosm 1.1.0a dereferenced NULL on the first three (SIGSEGV, exit
 * 139); GDAL reads every one of these silently and wrongly (a tag
 * dropped or "", a node on the equator, a way 0, nodes lost to a way
 * listed before them). Each must be an error naming its line. Run
 * through net_read_links, as `estate travel` reads them.
 */
START_TEST(osm_missing_attributes)
{
	static const struct { const char *body, *tail; } cases[] = {
		{ "<node id=\"1\" lat=\"55.9\" lon=\"-3.2\">\n<tag v=\"primary\"/>\n</node>",
		  ":4: <tag> has no 'k' attribute (an OpenStreetMap tag needs k and v)" },
		{ "<way id=\"1\">\n<tag k=\"highway\"/>\n</way>",
		  ":4: <tag> has no 'v' attribute (an OpenStreetMap tag needs k and v)" },
		{ "<relation id=\"1\">\n<member type=\"way\" ref=\"1\"/>\n</relation>",
		  ":4: <member> has no 'role' attribute (a relation member needs type, ref and role; the role may be empty)" },
		{ "<node id=\"1\" lon=\"-3.2\"/>\n",
		  ":3: <node> has no 'lat' attribute (every node needs id, lat and lon)" },
		{ "<way id=\"1\">\n<nd/>\n</way>",
		  ":4: <nd> has no 'ref' attribute (a way's <nd> names its node with ref)" },
		{ "<node id=\"1\" lat=\"abc\" lon=\"-3.2\"/>\n",
		  ":3: <node> has lat 'abc': not a latitude (a number from -90 to 90)" },
		{ "<node id=\"1\" lat=\"55.9\" lon=\"-183.2\"/>\n",
		  ":3: <node> has lon '-183.2': not a longitude (a number from -180 to 180)" },
		{ "<node id=\"1\" lat=\"nan\" lon=\"-3.2\"/>\n",
		  ":3: <node> has lat 'nan': not a latitude (a number from -90 to 90)" },
		{ "<way id=\"w1\">\n</way>",
		  ":3: <way> has id 'w1': not an OpenStreetMap id (a whole number)" },
		{ "<way id=\"1\">\n<nd ref=\"\"/>\n</way>",
		  ":4: <nd> has ref '': not an OpenStreetMap id (a whole number)" },
		{ "<way id=\"1\">\n</way>\n<node id=\"1\" lat=\"55.9\" lon=\"-3.2\"/>",
		  ":5: <node> after a <way>: the file is not sorted (nodes, then ways, then relations); 'osmium sort' sorts it" },
		{ "<relation id=\"1\">\n</relation>\n<way id=\"1\"/>",
		  ":5: <way> after a <relation>: the file is not sorted (nodes, then ways, then relations); 'osmium sort' sorts it" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b;
		char *tmp;
		struct rl x;

		buf_init(&b);
		buf_addf(&b, "<?xml version=\"1.0\"?>\n<osm version=\"0.6\">\n%s\n</osm>\n",
			 cases[i].body);
		tmp = tu_write_tmp(".osm", b.s);
		rl_read(&x, tmp, NULL, "EPSG:27700");
		expect_err(&x, LE_EPARSE, cases[i].tail);
		ck_assert_int_eq(x.l.n, 0);
		rl_free(&x);
		free(tmp);
		buf_release(&b);
	}
}
END_TEST

/*
 * Ferry durations: HH:MM, HH:MM:SS and minutes are read; a duration past
 * 24 hours (99999999:00 made h * 3600 overflow a long before) or a
 * number of minutes as large is a warning and the crossing time then
 * comes from the length (ferry_s = 0).
 */
START_TEST(osm_ferry_durations)
{
	static const struct { const char *v; double sec; const char *warn; } cases[] = {
		{ "01:30", 5400, NULL },
		{ "0:45:30", 2730, NULL },
		{ "90", 5400, NULL },
		{ "24:00", 86400, NULL },
		{ "24:00:01", 0, "is longer than 24 hours" },
		{ "99999999:00", 0, "is longer than 24 hours" },
		{ "99999999999999999999:00", 0, "is not HH:MM, HH:MM:SS or minutes" },
		{ "99999999999999999999", 0, "is longer than 24 hours" },
		{ "1e300", 0, "is longer than 24 hours" },
		{ "1:60", 0, "is not HH:MM, HH:MM:SS or minutes" },
		{ "1:", 0, "is not HH:MM, HH:MM:SS or minutes" },
		{ "-5", 0, "is not HH:MM, HH:MM:SS or minutes" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf b;
		char *tmp, want[600];
		struct rl x;

		buf_init(&b);
		buf_addf(&b, "<osm version=\"0.6\">\n"
			 "<node id=\"1\" lat=\"55.95\" lon=\"-3.20\"/>\n"
			 "<node id=\"2\" lat=\"55.96\" lon=\"-3.20\"/>\n"
			 "<way id=\"7\"><nd ref=\"1\"/><nd ref=\"2\"/>"
			 "<tag k=\"route\" v=\"ferry\"/><tag k=\"duration\" v=\"%s\"/></way>\n"
			 "</osm>\n", cases[i].v);
		tmp = tu_write_tmp(".osm", b.s);
		rl_read(&x, tmp, NULL, "EPSG:27700");
		ck_assert_msg(x.rc == LE_OK, "%s", x.err.msg);
		ck_assert_int_eq(x.l.n, 1);
		ck_assert_msg(x.l.v[0].ferry_s == cases[i].sec, "'%s': %g s", cases[i].v,
			      x.l.v[0].ferry_s);
		if (cases[i].warn) {
			ck_assert_int_eq((int)x.d.n, 1);
			snprintf(want, sizeof(want),
				 "%s: way 7: ferry duration '%s' %s: the crossing time comes from its length",
				 tmp, cases[i].v, cases[i].warn);
			ck_assert_str_eq(x.d.v[0].msg, want);
		} else {
			ck_assert_int_eq((int)x.d.n, 0);
		}
		rl_free(&x);
		free(tmp);
		buf_release(&b);
	}
}
END_TEST

/* Read OSM XML text (a temporary .osm) into x; the caller frees x and *tmp. */
static void rl_osm(struct rl *x, const char *xml, char **tmp)
{
	*tmp = tu_write_tmp(".osm", xml);
	rl_read(x, *tmp, NULL, "EPSG:27700");
}

/*
 * Ways whose nodes are not all in the file (an extract cut at its edge).
 * GDAL joins the nodes that are there (1-2-3 of 1, 99, 2, 98, 3) and
 * drops a way left with one node; the warning names the first way, and
 * only road ways count (the building 210 is missing a node too). The
 * length is tiny.osm's 1-2 plus 4-2 (osm_tiny): 62.454 + 111.307 m.
 */
START_TEST(osm_missing_nodes)
{
	char *tmp, want[1200];
	struct rl x;

	rl_osm(&x, "<osm version=\"0.6\">\n"
	       "<node id=\"1\" lat=\"55.950\" lon=\"-3.200\"/>\n"
	       "<node id=\"2\" lat=\"55.950\" lon=\"-3.199\"/>\n"
	       "<node id=\"3\" lat=\"55.951\" lon=\"-3.199\"/>\n"
	       "<way id=\"202\"><nd ref=\"1\"/><nd ref=\"99\"/><nd ref=\"2\"/><nd ref=\"98\"/><nd ref=\"3\"/>"
	       "<tag k=\"highway\" v=\"residential\"/></way>\n"
	       "<way id=\"203\"><nd ref=\"1\"/><nd ref=\"99\"/><tag k=\"highway\" v=\"residential\"/></way>\n"
	       "<way id=\"210\"><nd ref=\"1\"/><nd ref=\"97\"/><nd ref=\"2\"/><tag k=\"building\" v=\"yes\"/></way>\n"
	       "</osm>\n", &tmp);
	ck_assert_msg(x.rc == LE_OK, "%s", x.err.msg);
	ck_assert_int_eq(x.l.n, 1);
	ck_assert_int_eq(x.l.v[0].npts, 3);
	ck_assert_int_eq((int)x.l.v[0].start_node, 0);
	ck_assert_int_eq((int)x.l.v[0].end_node, 1);
	ck_assert_msg(fabs(net_link_line_m(&x.l, 0) - 173.761) < 0.01, "%.3f",
		      net_link_line_m(&x.l, 0));
	ck_assert_int_eq((int)x.d.n, 1);
	snprintf(want, sizeof(want),
		 "%s: 1 way refers to nodes that are not in the file (first: way 202), as in an extract cut at its edge; GDAL joins the nodes that are there, so such a way may cut a corner where nodes are missing: extract with complete ways (osmium extract's default strategy)",
		 tmp);
	ck_assert_str_eq(x.d.v[0].msg, want);
	rl_free(&x);
	free(tmp);
}
END_TEST

/*
 * Junctions from positions: GDAL gives coordinates, not node ids. Node 4
 * lies exactly on node 2, so footway 11 (4-5) meets residential 10
 * (1-2-3) there and 10 is cut: links 1-2, 2-3, 2-5 with ends numbered
 * 0, 1, 2, 3 by first use. Path 12 crosses 10 between 2 and 3 without a
 * shared position (a bridge): no cut, its own ends 4 and 5.
 */
START_TEST(osm_shared_position)
{
	static const struct { int cls, a, b; } want[] = {
		{ NET_RESIDENTIAL, 0, 1 }, { NET_RESIDENTIAL, 1, 2 }, { NET_PATH, 1, 3 },
		{ NET_PATH, 4, 5 },
	};
	char *tmp;
	struct rl x;
	int i;

	rl_osm(&x, "<osm version=\"0.6\">\n"
	       "<node id=\"1\" lat=\"55.950\" lon=\"-3.200\"/>\n"
	       "<node id=\"2\" lat=\"55.950\" lon=\"-3.199\"/>\n"
	       "<node id=\"3\" lat=\"55.950\" lon=\"-3.198\"/>\n"
	       "<node id=\"4\" lat=\"55.9500\" lon=\"-3.1990\"/>\n"
	       "<node id=\"5\" lat=\"55.951\" lon=\"-3.199\"/>\n"
	       "<node id=\"6\" lat=\"55.9495\" lon=\"-3.1985\"/>\n"
	       "<node id=\"7\" lat=\"55.9505\" lon=\"-3.1985\"/>\n"
	       "<way id=\"10\"><nd ref=\"1\"/><nd ref=\"2\"/><nd ref=\"3\"/><tag k=\"highway\" v=\"residential\"/></way>\n"
	       "<way id=\"11\"><nd ref=\"4\"/><nd ref=\"5\"/><tag k=\"highway\" v=\"footway\"/></way>\n"
	       "<way id=\"12\"><nd ref=\"6\"/><nd ref=\"7\"/><tag k=\"highway\" v=\"path\"/>"
	       "<tag k=\"bridge\" v=\"yes\"/></way>\n"
	       "</osm>\n", &tmp);
	ck_assert_msg(x.rc == LE_OK, "%s", x.err.msg);
	ck_assert_int_eq(x.l.n, 4);
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(x.l.v[i].cls, want[i].cls);
		ck_assert_int_eq((int)x.l.v[i].start_node, want[i].a);
		ck_assert_int_eq((int)x.l.v[i].end_node, want[i].b);
		ck_assert_int_eq(x.l.v[i].npts, 2);
	}
	ck_assert_int_eq((int)x.d.n, 0);
	rl_free(&x);
	free(tmp);
}
END_TEST

/*
 * Closed ways stay roads: GDAL's default configuration makes a closed
 * way with area=yes, or with amenity=* (a car park's service loop), a
 * polygon of another layer, and both would leave the network without a
 * word. Each is one loop link from its first node back to it.
 */
START_TEST(osm_closed_ways)
{
	char *tmp;
	struct rl x;
	int i;

	rl_osm(&x, "<osm version=\"0.6\">\n"
	       "<node id=\"1\" lat=\"55.950\" lon=\"-3.200\"/>\n"
	       "<node id=\"2\" lat=\"55.950\" lon=\"-3.199\"/>\n"
	       "<node id=\"3\" lat=\"55.951\" lon=\"-3.199\"/>\n"
	       "<node id=\"4\" lat=\"55.960\" lon=\"-3.200\"/>\n"
	       "<node id=\"5\" lat=\"55.960\" lon=\"-3.199\"/>\n"
	       "<node id=\"6\" lat=\"55.961\" lon=\"-3.199\"/>\n"
	       "<way id=\"20\"><nd ref=\"1\"/><nd ref=\"2\"/><nd ref=\"3\"/><nd ref=\"1\"/>"
	       "<tag k=\"highway\" v=\"pedestrian\"/><tag k=\"area\" v=\"yes\"/></way>\n"
	       "<way id=\"21\"><nd ref=\"4\"/><nd ref=\"5\"/><nd ref=\"6\"/><nd ref=\"4\"/>"
	       "<tag k=\"highway\" v=\"service\"/><tag k=\"amenity\" v=\"parking\"/></way>\n"
	       "</osm>\n", &tmp);
	ck_assert_msg(x.rc == LE_OK, "%s", x.err.msg);
	ck_assert_int_eq(x.l.n, 2);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(x.l.v[i].npts, 4);
		ck_assert_int_eq((int)x.l.v[i].start_node, i);
		ck_assert_int_eq((int)x.l.v[i].end_node, i);
	}
	ck_assert_int_eq(x.l.v[0].cls, NET_PATH);
	ck_assert_int_eq(x.l.v[1].cls, NET_SERVICE);
	rl_free(&x);
	free(tmp);
}
END_TEST

/*
 * A file saved by JOSM with new objects: negative ids (GDAL's fast node
 * index refuses them, so the reader reads again with SQLite's), a
 * <bounds>, action= attributes, a character reference in a name.
 */
START_TEST(osm_negative_ids)
{
	char *tmp;
	struct rl x;

	rl_osm(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"JOSM\">\n"
	       "<bounds minlat=\"55.9\" minlon=\"-3.3\" maxlat=\"56\" maxlon=\"-3.1\"/>\n"
	       "<node id=\"-1\" action=\"modify\" visible=\"true\" lat=\"55.950\" lon=\"-3.200\"/>\n"
	       "<node id=\"-2\" action=\"modify\" visible=\"true\" lat=\"55.950\" lon=\"-3.199\"/>\n"
	       "<node id=\"7\" visible=\"true\" lat=\"55.950\" lon=\"-3.198\"/>\n"
	       "<way id=\"-3\" action=\"modify\" visible=\"true\"><nd ref=\"-1\"/><nd ref=\"-2\"/><nd ref=\"7\"/>"
	       "<tag k=\"highway\" v=\"residential\"/><tag k=\"name\" v=\"Caf&#233; Street\"/></way>\n"
	       "</osm>\n", &tmp);
	ck_assert_msg(x.rc == LE_OK, "%s", x.err.msg);
	ck_assert_int_eq(x.l.n, 1);
	ck_assert_int_eq(x.l.v[0].npts, 3);
	/* tiny.osm's 1-2-3: 62.454 m twice (osm_tiny). */
	ck_assert_msg(fabs(net_link_line_m(&x.l, 0) - 124.908) < 0.01, "%.3f",
		      net_link_line_m(&x.l, 0));
	ck_assert_int_eq((int)x.d.n, 0);
	rl_free(&x);
	free(tmp);
}
END_TEST

/* ---------------------------------------------------------------- errors */

#define LINE_FEATURE(props, coords)                                            \
	"{\"type\":\"Feature\",\"properties\":{" props "},\"geometry\":"           \
	"{\"type\":\"LineString\",\"coordinates\":" coords "}}"

START_TEST(err_missing_geometry)
{
	struct rl x;

	rl_text(&x, FC_BNG
		LINE_FEATURE("", "[[326000,674000],[326100,674000]]") ","
		"{\"type\":\"Feature\",\"properties\":{},\"geometry\":null}]}", NULL);
	expect_err(&x, LE_EGEO, ":1: features[1]: road has no geometry");
	rl_free(&x);
}
END_TEST

START_TEST(err_unknown_crs)
{
	struct rl x;
	char want[600];

	rl_text(&x, "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
		"{\"name\":\"urn:ogc:def:crs:EPSG::99999\"}},\"features\":["
		LINE_FEATURE("", "[[326000,674000],[326100,674000]]") "]}", NULL);
	ck_assert_int_eq(x.rc, LE_EGEO);
	snprintf(want, sizeof(want), "%s: unknown crs 'EPSG:99999'", x.file);
	ck_assert_msg(strncmp(x.err.msg, want, strlen(want)) == 0, "%s", x.err.msg);
	rl_free(&x);
}
END_TEST

START_TEST(err_empty_layer)
{
	struct rl x;

	rl_text(&x, "{\"type\":\"FeatureCollection\",\"features\":[]}", NULL);
	expect_err(&x, LE_EDATA, ": the roads layer has no lines");
	rl_free(&x);
}
END_TEST

START_TEST(err_point)
{
	struct rl x;

	rl_text(&x, FC_BNG
		"{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
		"{\"type\":\"Point\",\"coordinates\":[326000,674000]}}]}", NULL);
	expect_err(&x, LE_EGEO, ":1: features[0]: road is a Point (expected LineString or MultiLineString)");
	rl_free(&x);
}
END_TEST

/*
 * A roads file whose CRS contradicts its coordinates: metres in a file
 * without a crs member (which RFC 7946 makes CRS84), and degrees in a
 * file labelled EPSG:27700. A crs key in [roads] overrides the file.
 */
START_TEST(err_crs_contradiction)
{
	struct rl x;

	rl_text(&x, "{\"type\":\"FeatureCollection\",\"features\":[\n"
		LINE_FEATURE("", "[[-3.2,55.9],[-3.21,55.91]]") ",\n"
		LINE_FEATURE("", "[[-3.2,55.9],[326000,674000]]") "]}", NULL);
	expect_err(&x, LE_EGEO, ": the file says its CRS is OGC:CRS84 (longitude/latitude degrees), "
		   "but features[1] (line 3) has the position (326000, 674000), beyond +-180, +-90: "
		   "correct the file's CRS or give the right one with 'crs = EPSG:27700' (or whichever it is) in [roads]");
	rl_free(&x);
	rl_text(&x, FC_BNG "\n" LINE_FEATURE("", "[[-3.2,55.9],[-3.21,55.91]]") "]}", NULL);
	expect_err(&x, LE_EGEO, ": the file says its CRS is EPSG:27700 (metres), but every position is "
		   "within +-180, +-90, as longitude/latitude degrees are (features[0] (line 2): (-3.2, 55.9)): "
		   "correct the file's CRS or add 'crs = EPSG:4326' to [roads]");
	rl_free(&x);
	/* The planner's crs key wins over the file's label. */
	rl_text(&x, FC_BNG "\n" LINE_FEATURE("", "[[-3.2,55.9],[-3.21,55.91]]") "]}",
		"crs = EPSG:4326");
	ck_assert_msg(x.rc == LE_OK, "%s", x.err.msg);
	ck_assert_int_eq(x.l.n, 1);
	rl_free(&x);
}
END_TEST

START_TEST(err_length)
{
	struct rl x;

	rl_text(&x, FC_BNG
		LINE_FEATURE("\"length\":12", "[[326000,674000],[326100,674000]]") ","
		LINE_FEATURE("\"length\":-3", "[[326000,674000],[326100,674000]]") "]}", NULL);
	expect_err(&x, LE_EPARSE, ":1: features[1]: road length '-3' is negative");
	rl_free(&x);
	rl_text(&x, FC_BNG
		LINE_FEATURE("\"length\":\"long\"", "[[326000,674000],[326100,674000]]") "]}", NULL);
	expect_err(&x, LE_EPARSE, ":1: features[0]: road length 'long' is not a number");
	rl_free(&x);
}
END_TEST

START_TEST(err_mapped_column)
{
	struct rl x;
	char want[1024];

	rl_text(&x, FC_BNG
		LINE_FEATURE("\"kind\":\"A Road\",\"len\":3", "[[326000,674000],[326100,674000]]") "]}",
		"class = roadclass\n");
	ck_assert_int_eq(x.rc, LE_EPARSE);
	/* The [roads] section starts on line 6; file = is 7, class = 8. */
	snprintf(want, sizeof(want),
		 "%s:8: [roads] class = roadclass: %s has no column 'roadclass' (columns: kind, len)",
		 x.s.path, x.file);
	ck_assert_str_eq(x.err.msg, want);
	rl_free(&x);
}
END_TEST

/* ---------------------------------------------------------------- speeds */

START_TEST(speeds_model)
{
	double kph[NET_NCLASSES][NET_NMODES], ferry = 0;
	struct le_err err;
	int c;

	le_err_clear(&err);
	ck_assert_msg(net_read_speeds("models/network.ini", kph, &ferry, &err) == LE_OK,
		      "%s", err.msg);
	ck_assert(kph[NET_MOTORWAY][NET_WALK] == 0);
	for (c = NET_TRUNK; c <= NET_PATH; c++)
		ck_assert(kph[c][NET_WALK] == 4.8);
	ck_assert(kph[NET_MOTORWAY][NET_DRIVE] == 96);
	ck_assert(kph[NET_TRUNK][NET_DRIVE] == 80);
	ck_assert(kph[NET_PRIMARY][NET_DRIVE] == 64);
	ck_assert(kph[NET_SECONDARY][NET_DRIVE] == 56);
	ck_assert(kph[NET_TERTIARY][NET_DRIVE] == 48);
	ck_assert(kph[NET_UNCLASSIFIED][NET_DRIVE] == 40);
	ck_assert(kph[NET_RESIDENTIAL][NET_DRIVE] == 32);
	ck_assert(kph[NET_SERVICE][NET_DRIVE] == 16);
	ck_assert(kph[NET_PATH][NET_DRIVE] == 0);
	ck_assert(ferry == 20);
	ck_assert(kph[NET_FERRY_ROUTE][NET_WALK] == 20 && kph[NET_FERRY_ROUTE][NET_DRIVE] == 20);
}
END_TEST

/* A speed file: the model's with line `line` (1-based) replaced. */
static int speeds_with(const char *replace, int *lineno, struct le_err *err,
		       char **path)
{
	double kph[NET_NCLASSES][NET_NMODES], ferry;
	const char *base =
		"; test\n[walk]\nmotorway = 0\ntrunk = 4.8\nprimary = 4.8\nsecondary = 4.8\n"
		"tertiary = 4.8\nunclassified = 4.8\nresidential = 4.8\nservice = 4.8\npath = 4.8\n"
		"[drive]\nmotorway = 96\ntrunk = 80\nprimary = 64\nsecondary = 56\ntertiary = 48\n"
		"unclassified = 40\nresidential = 32\nservice = 16\npath = 0\n[ferry]\nspeed = 20\n";
	struct buf b;
	const char *p = base;
	int n = 1;

	buf_init(&b);
	while (*p) {
		const char *e = strchr(p, '\n');
		if (n == *lineno)
			buf_addf(&b, "%s\n", replace);
		else
			buf_add(&b, p, (size_t)(e - p + 1));
		p = e + 1;
		n++;
	}
	*path = tu_write_tmp(".ini", b.s);
	buf_release(&b);
	le_err_clear(err);
	return net_read_speeds(*path, kph, &ferry, err);
}

START_TEST(speeds_errors)
{
	static const struct { int line; const char *text, *msg; } cases[] = {
		{ 13, "motrway = 96", ":13: unknown road class 'motrway' (expected motorway, trunk, primary, secondary, tertiary, unclassified, residential, service, path; ferries take [ferry] speed)" },
		{ 14, "trunk = -80", ":14: speed '-80' for 'trunk' is negative" },
		{ 15, "primary = fast", ":15: speed 'fast' for 'primary' is not a number (km/h)" },
		{ 16, "secondary = 56 mph", ":16: speed '56 mph' for 'secondary' is not a number (km/h)" },
		{ 23, "speed = 0", ":23: ferry speed must be more than 0" },
		{ 12, "[cycle]", ":12: unknown section '[cycle]' (expected walk, drive or ferry)" },
		{ 1, "motorway = 3", ":1: 'motorway' before any section (expected [walk], [drive] or [ferry])" },
		{ 14, "motorway = 90", ":14: speed for 'motorway' given twice in [drive] (first on line 13)" },
		{ 21, "; no path", ": [drive] has no speed for 'path'" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct le_err err;
		char *path, want[600];
		int line = cases[i].line;
		ck_assert_int_eq(speeds_with(cases[i].text, &line, &err, &path), LE_EPARSE);
		snprintf(want, sizeof(want), "%s%s", path, cases[i].msg);
		ck_assert_str_eq(err.msg, want);
		free(path);
	}
}
END_TEST

/* ---------------------------------------------------------------- stream */

/*
 * Read file (absolute) with [roads] extra twice, through the stream and
 * through the table reader it replaced, and check that links, points,
 * node numbers, warnings and any error are the same bytes. streamed: 1
 * the stream must have answered, 0 it must have left the file to the
 * table reader.
 */
static void same_both_ways(const char *file, const char *extra, int streamed)
{
	struct rl a;
	struct net_links l;
	struct le_diags d;
	struct le_err err;
	size_t i;
	int rc;

	rl_read(&a, file, extra, "EPSG:27700");
	ck_assert_msg((net_read_streamed() > 0) == streamed, "%s: streamed %ld", file,
		      net_read_streamed());
	/* The same study and context, through the table reader. */
	net_links_init(&l);
	le_diags_init(&d);
	le_err_clear(&err);
	rc = net_read_links_table(&a.s, a.g, &l, &d, &err);
	ck_assert_int_eq(net_read_streamed(), 0);
	ck_assert_int_eq(a.rc, rc);
	ck_assert_str_eq(a.err.msg, err.msg);
	ck_assert_int_eq(a.l.n, l.n);
	ck_assert_int_eq(a.l.npts, l.npts);
	ck_assert(a.l.n == 0 || memcmp(a.l.v, l.v, sizeof(*l.v) * (size_t)l.n) == 0);
	ck_assert(a.l.npts == 0 || memcmp(a.l.xy, l.xy, sizeof(double) * 2 * (size_t)l.npts) == 0);
	ck_assert_int_eq((int)a.d.n, (int)d.n);
	for (i = 0; i < d.n; i++) {
		ck_assert_str_eq(a.d.v[i].topic, d.v[i].topic);
		ck_assert_str_eq(a.d.v[i].msg, d.v[i].msg);
	}
	net_links_release(&l);
	le_diags_release(&d);
	rl_free(&a);
}

static void same_text(const char *geojson, const char *extra, int streamed)
{
	char *p = tu_write_tmp(".geojson", geojson);

	same_both_ways(p, extra, streamed);
	free(p);
}

/* The bundled road files: streamed, and the same links as the table. */
START_TEST(stream_bundled_files)
{
	static const char *const files[] = {
		TDATA "roads/os_open_roads_small.geojson", TDATA "roadmini/roads.geojson",
		TDATA "roadmini/roads_oneway.geojson", TDATA "roadmini/roads_footway.geojson",
		"gis/edinburgh/roads.geojson",
	};
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *f = fx(files[i]);
		same_both_ways(f, NULL, 1);
		free(f);
	}
	/* With a value map and a filter (os_value_map_and_drive_only's). */
	{
		char *f = fx(TDATA "roads/os_open_roads_small.geojson");
		same_both_ways(f, "class.A Road = trunk\nfilter.class = A Road, B Road\n", 1);
		free(f);
	}
}
END_TEST

/* A synthetic file of every shape the stream answers for (warnings of
 * unknown words, multi-lines that touch and that do not, mapped and
 * aliased columns, a property after the geometry, a null geometry
 * filtered out), and of shapes it leaves to the table reader. */
START_TEST(stream_synthetic)
{
	static const char body[] =
		FC_BNG "\n"
		"{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326000,674000],[326100,674000.5]]},"
		"\"properties\":{\"road\":\"A Road\",\"formOfWay\":\"Slip Road\",\"ow\":\"yes\",\"speed\":\"30 mph\",\"length\":101.5,\"keep\":\"y\"}},\n"
		"{\"type\":\"Feature\",\"properties\":{\"road\":\"lane\",\"formOfWay\":\"Footpath\",\"ow\":\"maybe\",\"speed\":40,\"keep\":\"y\"},"
		"\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[[[326100,674000.5],[326200,674001]],[[326200,674001],[326300,674000]]]}},\n"
		"{\"type\":\"Feature\",\"properties\":{\"road\":\"lane\",\"keep\":\"y\",\"length\":null},"
		"\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[[[326300,674000],[326400,674000]],[[326500,674000],[326600,674000],[326700,674010]]]}},\n"
		"{\"type\":\"Feature\",\"properties\":{\"road\":\"Motorway\",\"keep\":\"n\"},\"geometry\":null},\n"
		"{\"type\":\"Feature\",\"properties\":{\"road\":\"\\u0041 Road\",\"keep\":\"y\"},"
		"\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[3.26e5,6.74e5],[326000.25,674100]]}}\n"
		"]}\n";
	const char *extra = "class = road\noneway = ow\nfilter.keep = y\n";

	same_text(body, extra, 1);
	/* Left to the table reader, with the same result: a wrong node id
	 * (its warning names the link), a column first seen after rows were
	 * read without it, crs after the features, a Polygon filtered out. */
	same_text(FC_BNG
		  "{\"type\":\"Feature\",\"properties\":{\"identifier\":\"A\",\"startNode\":\"N1\",\"endNode\":\"N2\"},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326000,674000],[326100,674000]]}},"
		  "{\"type\":\"Feature\",\"properties\":{\"identifier\":\"C\",\"startNode\":\"N1\",\"endNode\":\"N4\"},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326200,674000],[326300,674000]]}}]}",
		  NULL, 0);
	same_text(FC_BNG
		  "{\"type\":\"Feature\",\"properties\":{\"formOfWay\":\"Slip Road\"},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326000,674000],[326100,674000]]}},"
		  "{\"type\":\"Feature\",\"properties\":{\"form\":\"Dual Carriageway\"},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326200,674000],[326300,674000]]}}]}",
		  NULL, 0);
	same_text("{\"type\":\"FeatureCollection\",\"features\":["
		  "{\"type\":\"Feature\",\"properties\":{},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326000,674000],[326100,674000]]}}],"
		  "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::27700\"}}}",
		  NULL, 0);
	same_text(FC_BNG
		  "{\"type\":\"Feature\",\"properties\":{\"k\":\"y\"},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326000,674000],[326100,674000]]}},"
		  "{\"type\":\"Feature\",\"properties\":{\"k\":\"n\"},"
		  "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}]}",
		  "filter.k = y\n", 0);
}
END_TEST

/* Broken files: the stream stops and the message is the table reader's,
 * word for word (the err_* tests above check the words themselves). */
START_TEST(stream_errors_same)
{
	static const struct { const char *text, *extra; } bad[] = {
		{ FC_BNG "{\"type\":\"Feature\",\"properties\":{},\"geometry\":null}]}", NULL },
		{ FC_BNG "{\"type\":\"Feature\",\"properties\":{\"length\":-3},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326000,674000],[326100,674000]]}}]}", NULL },
		{ FC_BNG "{\"type\":\"Feature\",\"properties\":{\"speed\":\"fast\"},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326000,674000],[326100,674000]]}}]}", NULL },
		{ FC_BNG "{\"type\":\"Feature\",\"properties\":{\"startNode\":\"\",\"endNode\":\"b\"},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326000,674000],[326100,674000]]}}]}", NULL },
		{ FC_BNG "{\"type\":\"Feature\",\"properties\":{},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326000,674000],[326100,674000]]}}]}",
		  "class = roadclass\n" },
		{ FC_BNG "{\"type\":\"Feature\",\"properties\":{},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326000,674000],[326100,674000]]}}]}",
		  "filter.nope = 1\n" },
		{ FC_BNG "{\"type\":\"Feature\",\"properties\":{},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[-3.2,55.9],[-3.21,55.91]]}}]}", NULL },
		{ "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326000,674000],[326100,674000]]}}]}", NULL },
		{ FC_BNG "{\"type\":\"Feature\",\"properties\":{},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326000,674000],[326100,674000]]}}", NULL },
		{ FC_BNG "{\"type\":\"Feature\",\"properties\":{},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[326000,674000]]}}]}", NULL },
		{ FC_BNG "]}", NULL },
		{ "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[-3.2,55.9],[-3.21,55.91]]}},"
		  "{\"type\":\"Feature\",\"properties\":{},"
		  "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[-3.2,55.9],[200,55.91]]}}]}", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct rl x;
		same_text(bad[i].text, bad[i].extra, 0);
		/* And it is an error, not a quiet success. */
		rl_text(&x, bad[i].text, bad[i].extra);
		ck_assert_msg(x.rc != LE_OK, "case %zu read", i);
		rl_free(&x);
	}
}
END_TEST

Suite *suite_net_read(void)
{
	Suite *s = suite_create("net_read");
	TCase *tc = tcase_create("table");
	TCase *to = tcase_create("osm");
	TCase *te = tcase_create("errors");

	tcase_add_test(tc, os_open_roads);
	tcase_add_test(tc, os_value_map_and_drive_only);
	tcase_add_test(tc, plain_lines);
	tcase_add_test(tc, os_wrong_node_id);
	tcase_add_test(tc, edinburgh_6km);
	tcase_add_test(tc, speeds_model);
	suite_add_tcase(s, tc);
	tcase_add_test(to, osm_tiny);
	tcase_add_test(to, osm_tiny_pbf);
	tcase_add_test(to, osm_content_decides);
	tcase_add_test(to, osm_monaco_counts);
	tcase_add_test(to, osm_monaco_links);
	tcase_add_test(to, osm_outside_area);
	tcase_add_test(to, osm_truncated_pbf);
	tcase_add_test(to, osm_not_xml);
	tcase_add_test(to, osm_empty_and_junk);
	tcase_add_test(to, osm_missing_attributes);
	tcase_add_test(to, osm_ferry_durations);
	tcase_add_test(to, osm_missing_nodes);
	tcase_add_test(to, osm_shared_position);
	tcase_add_test(to, osm_closed_ways);
	tcase_add_test(to, osm_negative_ids);
	suite_add_tcase(s, to);
	tcase_add_test(te, err_missing_geometry);
	tcase_add_test(te, err_unknown_crs);
	tcase_add_test(te, err_empty_layer);
	tcase_add_test(te, err_point);
	tcase_add_test(te, err_crs_contradiction);
	tcase_add_test(te, err_length);
	tcase_add_test(te, err_mapped_column);
	tcase_add_test(te, speeds_errors);
	/* Each reads a file twice with a new PROJ context: seconds on a
	 * busy machine or under valgrind. */
	{
		TCase *ts = tcase_create("stream");
		tcase_set_timeout(ts, 120);
		tcase_add_test(ts, stream_bundled_files);
		tcase_add_test(ts, stream_synthetic);
		tcase_add_test(ts, stream_errors_same);
		suite_add_tcase(s, ts);
	}
	suite_add_tcase(s, te);
	return s;
}
