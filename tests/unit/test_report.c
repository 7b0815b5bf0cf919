/*
 * test_report.c: unit tests for the map outputs of report/: the WKB and
 * GeoPackage binary encoders against hand-made bytes, right-hand-rule
 * winding, fixed-decimal numbers, catchments (zone unions and clipped
 * Voronoi cells cover exactly what they should), the GeoPackage writer's
 * determinism and read-back, GeoJSON read-back in lon/lat, and the
 * summary page's structure.
 *
 * Expected bytes were written out by hand from OGC 06-103r4 (WKB) and
 * GeoPackage 1.2 section 2.1.3 (GPB), not produced by the code under test.
 */
#include "testutil.h"

#include "geo/geo.h"
#include "io/io.h"
#include "report/report_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static struct geo_ctx *ctx;
static struct le_err err;

static void setup(void)
{
	le_err_clear(&err);
	ctx = geo_ctx_new(&err);
	ck_assert_msg(ctx != NULL, "geo_ctx_new: %s", err.msg);
}

static void teardown(void)
{
	geo_ctx_free(ctx);
	ctx = NULL;
}

static char *hex(const struct buf *b)
{
	char *s = xmalloc(2 * b->len + 1);
	size_t i;

	for (i = 0; i < b->len; i++)
		snprintf(s + 2 * i, 3, "%02x", (unsigned char)b->s[i]);
	s[2 * b->len] = '\0';
	return s;
}

static void point(struct le_geom *g, double x, double y)
{
	le_geom_init(g);
	le_geom_begin(g, LE_GEOM_POINT);
	le_geom_part(g);
	le_geom_point(g, x, y);
	le_geom_finish(g);
}

/* An axis-aligned rectangle, counter-clockwise unless cw. */
static void rect(struct le_geom *g, double x0, double y0, double x1, double y1, int cw)
{
	le_geom_init(g);
	le_geom_begin(g, LE_GEOM_POLYGON);
	le_geom_poly(g);
	le_geom_part(g);
	le_geom_point(g, x0, y0);
	if (cw) {
		le_geom_point(g, x0, y1);
		le_geom_point(g, x1, y1);
		le_geom_point(g, x1, y0);
	} else {
		le_geom_point(g, x1, y0);
		le_geom_point(g, x1, y1);
		le_geom_point(g, x0, y1);
	}
	le_geom_point(g, x0, y0);
	le_geom_finish(g);
}

/* Doubles in little-endian hex. */
#define D0 "0000000000000000"
#define D1 "000000000000f03f"
#define D2 "0000000000000040"

START_TEST(gpb_point)
{
	struct le_geom g;
	struct buf b;
	char *h;

	point(&g, 1, 2);
	buf_init(&b);
	report_gpb(&b, &g, LE_GEOM_POINT, 27700);
	h = hex(&b);
	/* "GP", version 0, flags 03 (LE + xy envelope), srs 27700 = 0x6c34,
	 * envelope minx maxx miny maxy, then WKB: 01, type 1, x, y. */
	ck_assert_str_eq(h, "47500003" "346c0000" D1 D1 D2 D2 "01" "01000000" D1 D2);
	free(h);
	buf_release(&b);
	le_geom_release(&g);
}
END_TEST

START_TEST(wkb_polygon)
{
	struct le_geom g;
	struct buf b;
	char *h;

	rect(&g, 0, 0, 1, 1, 0);
	buf_init(&b);
	report_wkb(&b, &g, LE_GEOM_POLYGON);
	h = hex(&b);
	ck_assert_str_eq(h, "01" "03000000" "01000000" "05000000"
			 D0 D0 D1 D0 D1 D1 D0 D1 D0 D0);
	free(h);
	/* Promoted to the layer's multi type: one member polygon. */
	buf_reset(&b);
	report_wkb(&b, &g, report_geom_out_type(LE_GEOM_MULTIPOLYGON, g.type));
	h = hex(&b);
	ck_assert_str_eq(h, "01" "06000000" "01000000" "01" "03000000" "01000000" "05000000"
			 D0 D0 D1 D0 D1 D1 D0 D1 D0 D0);
	free(h);
	buf_release(&b);
	le_geom_release(&g);
}
END_TEST

START_TEST(gpb_empty)
{
	struct le_geom g;
	struct buf b;
	char *h;

	le_geom_init(&g);
	buf_init(&b);
	report_gpb(&b, &g, LE_GEOM_MULTIPOLYGON, 4326);
	h = hex(&b);
	/* Empty flag, no envelope, an empty MultiPolygon. */
	ck_assert_str_eq(h, "47500011" "e6100000" "01" "06000000" "00000000");
	free(h);
	buf_release(&b);
}
END_TEST

START_TEST(winding)
{
	struct le_geom g;

	/* A clockwise exterior with a counter-clockwise hole: both wrong. */
	le_geom_init(&g);
	le_geom_begin(&g, LE_GEOM_POLYGON);
	le_geom_poly(&g);
	le_geom_part(&g);
	le_geom_point(&g, 0, 0);
	le_geom_point(&g, 0, 10);
	le_geom_point(&g, 10, 10);
	le_geom_point(&g, 10, 0);
	le_geom_point(&g, 0, 0);
	le_geom_part(&g);
	le_geom_point(&g, 2, 2);
	le_geom_point(&g, 4, 2);
	le_geom_point(&g, 4, 4);
	le_geom_point(&g, 2, 4);
	le_geom_point(&g, 2, 2);
	le_geom_finish(&g);
	ck_assert(report_ring_area2(g.xy, 5) < 0);
	ck_assert(report_ring_area2(g.xy + 10, 5) > 0);
	report_geom_rhr(&g);
	ck_assert(report_ring_area2(g.xy, 5) > 0);
	ck_assert(report_ring_area2(g.xy + 10, 5) < 0);
	ck_assert_double_eq_tol(report_ring_area2(g.xy, 5), 200, 1e-9);
	/* Still closed, same first vertex. */
	ck_assert(g.xy[0] == g.xy[8] && g.xy[1] == g.xy[9]);
	/* Already right: untouched. */
	report_geom_rhr(&g);
	ck_assert(report_ring_area2(g.xy, 5) > 0);
	le_geom_release(&g);
}
END_TEST

START_TEST(fixed_decimals)
{
	char s[64];

	ck_assert_str_eq(report_fixed(-3.25, 6, s, sizeof(s)), "-3.250000");
	ck_assert_str_eq(report_fixed(55.9533, 6, s, sizeof(s)), "55.953300");
	ck_assert_str_eq(report_fixed(-0.0000001, 6, s, sizeof(s)), "0.000000");
	ck_assert_str_eq(report_fixed(-0.4, 0, s, sizeof(s)), "0");
	ck_assert_str_eq(report_fixed(1.9999996, 6, s, sizeof(s)), "2.000000");
	ck_assert_str_eq(report_fixed(12.5, 1, s, sizeof(s)), "12.5");
}
END_TEST

/* The band edges, decided once (report.h): one decimal, as shown. */
START_TEST(util_band_edges)
{
	ck_assert_int_eq(report_util_band(40.0), 0);
	ck_assert_int_eq(report_util_band(40.04), 0);
	ck_assert_int_eq(report_util_band(40.06), 1);
	ck_assert_int_eq(report_util_band(60.0), 1);
	ck_assert_int_eq(report_util_band(60.1), 2);
	ck_assert_int_eq(report_util_band(80.0), 2);
	ck_assert_int_eq(report_util_band(80.1), 3);
	ck_assert_int_eq(report_util_band(100.0), 3);
	ck_assert_int_eq(report_util_band(100.04), 3);
	ck_assert_int_eq(report_util_band(100.3), 4);
	ck_assert_int_eq(report_util_band(report_util_pct(200.6, 200)), 4);
	ck_assert_int_eq(report_util_band(NAN), -1);
	ck_assert_double_eq_tol(report_util_shown(100.04), 100.0, 1e-12);
	ck_assert_double_eq_tol(report_util_shown(100.26), 100.3, 1e-12);
	ck_assert(isnan(report_util_shown(NAN)));
	ck_assert(isnan(report_util_pct(10, -1)));
	ck_assert(isnan(report_util_pct(10, 0)));
	ck_assert_str_eq(report_util_band_name(4), ">100 %");
	ck_assert_str_eq(report_util_band_name(3), "81-100 %");
	ck_assert_str_eq(report_util_band_name(-1), "n/a");
}
END_TEST

/* A formula-like text cell is written as text; plain ones untouched. */
START_TEST(csv_field_formula)
{
	static const char *const in[] = {
		"=HYPERLINK(\"http://x\",\"a\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx",
		"Plain", "a,b", "O\"Neil", ""
	};
	static const char *const want =
		"\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\"|\"'+1\"|\"'-2\"|\"'@SUM(A1)\"|"
		"\"'\tx\"|\"'\rx\"|Plain|\"a,b\"|\"O\"\"Neil\"||";
	char *buf = NULL;
	size_t n = 0, i;
	FILE *fp = open_memstream(&buf, &n);

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		report_csv_field(fp, in[i]);
		fputc('|', fp);
	}
	fclose(fp);
	ck_assert_str_eq(buf, want);
	free(buf);
}
END_TEST

/*
 * A 3 x 2 grid of 1 km zones and three schools: zones 0,1,3 -> school 0,
 * 2,5 -> school 1, 4 -> school 2. One council covers the grid.
 */
static void grid_region(struct region *r, int with_zones)
{
	int i;

	region_init(r, "EPSG:27700");
	for (i = 0; i < 6; i++) {
		char id[8];
		int z;
		double x = 320000 + 1000 * (i % 3), y = 670000 + 1000 * (i / 3);
		snprintf(id, sizeof(id), "Z%d", i);
		z = region_add_zone(r, id);
		if (!with_zones)
			continue;
		rect(&r->zones[z].geom, x, y, x + 1000, y + 1000, 0);
		r->zones[z].has_geom = 1;
		r->zones[z].px = x + 500;
		r->zones[z].py = y + 500;
	}
	for (i = 0; i < 3; i++) {
		char id[8];
		int k;
		snprintf(id, sizeof(id), "S%d", i);
		k = region_add_school(r, id);
		r->schools[k].name = xstrdup(id);
		r->schools[k].x = 320300 + 1100 * i;
		r->schools[k].y = 670400 + 700 * (i % 2);
	}
	i = region_add_council(r, "C1");
	rect(&r->councils[i].geom, 320000, 670000, 323000, 672000, 0);
}

START_TEST(catchments_union)
{
	struct region r;
	struct report_layer l;
	int zs[6] = { 0, 0, 1, 0, 2, 1 };
	char use[3] = { 1, 1, 1 };
	double sum_c = 0, sum_z = 0;
	struct le_geom *cs;
	int i, *idx;
	struct le_geom u;

	grid_region(&r, 1);
	ck_assert_int_eq(report_catchments_layer(&r, ctx, zs, use, &l, &err), LE_OK);
	ck_assert_int_eq(l.nrows, 3);
	ck_assert_int_eq(l.geom_type, LE_GEOM_MULTIPOLYGON);
	for (i = 0; i < l.nrows; i++)
		sum_c += geo_area(ctx, &l.geoms[i]);
	for (i = 0; i < 6; i++)
		sum_z += geo_area(ctx, &r.zones[i].geom);
	ck_assert_double_eq_tol(sum_c, sum_z, 1e-6 * sum_z);
	/* The union of the catchments is the union of the zones: no gaps,
	 * no overlaps (overlaps would make the sum exceed the union). */
	cs = l.geoms;
	idx = xmalloc(sizeof(int) * 3);
	for (i = 0; i < 3; i++)
		idx[i] = i;
	ck_assert_int_eq(geo_union(ctx, cs, idx, 3, &u, &err), LE_OK);
	ck_assert_double_eq_tol(geo_area(ctx, &u), sum_z, 1e-6 * sum_z);
	/* School 0's three zones dissolve into one polygon. */
	ck_assert_int_eq(l.geoms[0].npolys, 1);
	ck_assert_int_eq((int)report_layer_num(&l, 0, report_layer_find(&l, "zones")), 3);
	le_geom_release(&u);
	free(idx);
	report_layer_release(&l);
	region_release(&r);
}
END_TEST

/*
 * Point zones (zone.is_point) are drawn as points, one rule for every
 * zones layer (report_zone_row); with drawing polygons (zone.shape,
 * [zone_boundaries]) as those polygons, the zones without one left off,
 * and the catchments are unions of them: school 0's zones 0, 1, 3 give
 * 300 ha, school 1's zone 2 gives 100 ha, school 2's zone 4 has no
 * polygon and no row.
 */
START_TEST(zone_rows_points_and_shapes)
{
	struct region r;
	struct report_layer l, c;
	int zs[7] = { 0, 0, 1, 0, 2, 1, -1 };
	char use[3] = { 1, 1, 1 };
	int i;

	grid_region(&r, 0);
	for (i = 0; i < 6; i++) {
		r.zones[i].is_point = r.zones[i].has_geom = 1;
		r.zones[i].px = 320500 + 1000 * (i % 3);
		r.zones[i].py = 670500 + 1000 * (i / 3);
		r.zone_points++;
	}
	/* A zone known only from the population: nothing to draw. */
	region_add_zone(&r, "Z6");
	ck_assert_int_eq(region_zone_draw_type(&r), LE_GEOM_POINT);
	report_layer_init(&l, "zones", region_zone_draw_type(&r), r.crs);
	for (i = 0; i < 7; i++)
		ck_assert_int_eq(report_zone_row(&l, &r, i), i < 6 ? i : -1);
	ck_assert_int_eq(l.geoms[4].type, LE_GEOM_POINT);
	ck_assert_double_eq(l.geoms[4].xy[0], 321500);
	ck_assert_double_eq(l.geoms[4].xy[1], 671500);
	report_layer_release(&l);

	for (i = 0; i < 4; i++) {
		double x = 320000 + 1000 * (i % 3), y = 670000 + 1000 * (i / 3);
		rect(&r.zones[i].shape, x, y, x + 1000, y + 1000, 0);
		r.zone_shapes++;
	}
	ck_assert_int_eq(region_zone_draw_type(&r), LE_GEOM_MULTIPOLYGON);
	ck_assert_ptr_eq(region_zone_polygon(&r.zones[3]), &r.zones[3].shape);
	ck_assert_ptr_null(region_zone_polygon(&r.zones[4]));
	report_layer_init(&l, "zones", region_zone_draw_type(&r), r.crs);
	for (i = 0; i < 7; i++)
		ck_assert_int_eq(report_zone_row(&l, &r, i), i < 4 ? i : -1);
	ck_assert_int_eq(l.geoms[3].npoints, 5);
	report_layer_release(&l);

	ck_assert_int_eq(report_catchments_layer(&r, ctx, zs, use, &c, &err), LE_OK);
	ck_assert_int_eq(c.nrows, 2);
	ck_assert_str_eq(report_layer_cell(&c, 0, 0)->s, "S0");
	ck_assert_double_eq_tol(report_layer_num(&c, 0, 4), 300, 1e-9);
	ck_assert_str_eq(report_layer_cell(&c, 1, 0)->s, "S1");
	ck_assert_double_eq_tol(report_layer_num(&c, 1, 4), 100, 1e-9);
	report_layer_release(&c);
	region_release(&r);
}
END_TEST

START_TEST(catchments_voronoi)
{
	struct region r;
	struct report_layer l;
	int zs[6] = { -1, -1, -1, -1, -1, -1 };
	char use[3] = { 1, 1, 1 };
	double sum = 0;
	struct geo_index *ix;
	int i;

	grid_region(&r, 0);
	ck_assert_int_eq(report_catchments_layer(&r, ctx, zs, use, &l, &err), LE_OK);
	ck_assert_int_eq(l.nrows, 3);
	for (i = 0; i < l.nrows; i++) {
		sum += geo_area(ctx, &l.geoms[i]);
		ck_assert_str_eq(report_layer_cell(&l, i, 2)->s, "voronoi");
	}
	/* The cells tile the council exactly. */
	ck_assert_double_eq_tol(sum, 3000.0 * 2000.0, 1e-6 * 6e6);
	/* Each school's row is the cell that holds it (not GEOS's order). */
	ix = geo_index_new(ctx, l.geoms, l.nrows, &err);
	ck_assert_ptr_nonnull(ix);
	for (i = 0; i < 3; i++) {
		ck_assert_str_eq(report_layer_cell(&l, i, 0)->s, r.schools[i].id);
		ck_assert_int_eq(geo_index_find(ix, r.schools[i].x, r.schools[i].y), i);
	}
	geo_index_free(ix);
	report_layer_release(&l);
	region_release(&r);
}
END_TEST

static int same_bytes(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int ca, cb, same = fa && fb;

	while (same) {
		ca = fgetc(fa);
		cb = fgetc(fb);
		if (ca != cb)
			same = 0;
		if (ca == EOF)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

/* Every stage 2 miles: the limits these layer tests do not look at. */
static const double walk2mi[LE_MAX_STAGES] = {
	3218.688, 3218.688, 3218.688, 3218.688, 3218.688, 3218.688, 3218.688, 3218.688,
	3218.688, 3218.688, 3218.688, 3218.688, 3218.688, 3218.688, 3218.688, 3218.688
};

static char *slurp(const char *path);

/*
 * The region's zones layer counts the primary pupils beyond their stage's
 * limit (statutory, by age: P1-P3 2 miles, P4-P7 3 miles). Residents aged
 * a: a per zone. Z0 lies 4,000 m from the one primary school, between
 * the limits: its pupils (ages 4-11, 60) times the P1-P3 cohorts' share,
 * cohort = 8/12 x age + 4/12 x (age + 1): P1-P3 4.33 + 5.33 + 6.33 = 16,
 * all seven 154/3, so 60 x 16 / (154 / 3) = 1440 / 77 = 18.7013. Z1 at
 * 3,000 m: none; Z2 at 2,000 m: none.
 */
START_TEST(region_layers_beyond_by_age)
{
	struct region r;
	struct report_layer *layers;
	double lim[LE_MAX_STAGES];
	int n, i, z, a, fb;

	grid_region(&r, 1);
	r.schools[0].x = 324500;
	r.schools[0].y = 670500;
	r.schools[1].sector = r.schools[2].sector = LE_SECONDARY;
	region_pop_grow(&r);
	for (z = 0; z < r.nzones; z++) {
		r.zones[z].has_pop = 1;
		for (a = 0; a <= 18; a++)
			r.pop[(size_t)z * LE_NAGES + a] = a;
	}
	for (i = 0; i < r.stages.n; i++)
		lim[i] = le_stages_walk_m(&r.stages, i);
	ck_assert_int_eq(report_region_layers(&r, ctx, lim, &layers, &n, &err), LE_OK);
	ck_assert_str_eq(layers[1].name, "zones");
	fb = report_layer_find(&layers[1], "beyond_limit");
	ck_assert_double_eq_tol(report_layer_num(&layers[1], 0, report_layer_find(&layers[1], "pupils")), 60, 1e-9);
	ck_assert_double_eq_tol(report_layer_num(&layers[1], 0, report_layer_find(&layers[1], "distance_m")), 4000, 1e-9);
	ck_assert_double_eq_tol(report_layer_num(&layers[1], 0, fb), 1440.0 / 77, 1e-9);
	ck_assert_double_eq_tol(report_layer_num(&layers[1], 1, fb), 0, 1e-12);
	ck_assert_double_eq_tol(report_layer_num(&layers[1], 2, fb), 0, 1e-12);
	{
		/* The page counts the zones with any pupil beyond: Z0 and
		 * Z3 (4,123 m) of the row 1,000 m north, where Z4 (3,162 m)
		 * and Z5 (2,236 m) are within every limit: 2. It used to
		 * count zones whose beyond_limit was exactly 1 pupil. */
		struct study st;
		char *dir = tu_tmpdir(), *html;
		struct buf path;

		memset(&st, 0, sizeof(st));
		ck_assert_msg(report_region_summary(&st, &r, layers, n, NULL, 0, dir, &err) == LE_OK,
			      "%s", err.msg);
		buf_init(&path);
		buf_addf(&path, "%s/summary.html", dir);
		html = slurp(path.s);
		ck_assert_ptr_nonnull(strstr(html, "<th scope=\"row\">zones with pupils beyond the walking limit</th><td>2</td>"));
		free(html);
		buf_release(&path);
		free(dir);
	}
	for (i = 0; i < n; i++)
		report_layer_release(&layers[i]);
	free(layers);
	region_release(&r);
}
END_TEST

START_TEST(gpkg_deterministic)
{
	struct region r;
	struct report_layer *layers;
	struct io_table t;
	struct buf p1, p2;
	char *dir = tu_tmpdir();
	int n, i;

	grid_region(&r, 1);
	ck_assert_int_eq(report_region_layers(&r, ctx, walk2mi, &layers, &n, &err), LE_OK);
	buf_init(&p1);
	buf_init(&p2);
	/* One file name in two folders: the stored QGIS project names its
	 * own file (the layers' relative source), so the name is content. */
	buf_addf(&p1, "%s/a", dir);
	buf_addf(&p2, "%s/b", dir);
	ck_assert_int_eq(io_mkdirs(p1.s, &err), LE_OK);
	ck_assert_int_eq(io_mkdirs(p2.s, &err), LE_OK);
	buf_addf(&p1, "/x.gpkg");
	buf_addf(&p2, "/x.gpkg");
	ck_assert_msg(report_gpkg_write(p1.s, layers, n, "gis/styles", ctx, &err) == LE_OK,
		      "%s", err.msg);
	ck_assert_int_eq(report_gpkg_write(p2.s, layers, n, "gis/styles", ctx, &err), LE_OK);
	ck_assert(same_bytes(p1.s, p2.s));
	/* No tmp file left behind. */
	buf_addf(&p1, ".tmp");
	ck_assert(!tu_exists(p1.s));
	buf_reset(&p1);
	buf_addf(&p1, "%s/a/x.gpkg", dir);
	/* Read back through the GeoPackage reader: geometry and values. */
	io_table_init(&t);
	ck_assert_msg(io_db_read(p1.s, "schools", NULL, &t, &err) == LE_OK, "%s", err.msg);
	ck_assert_int_eq(t.nrows, 3);
	ck_assert_str_eq(t.crs, "EPSG:27700");
	ck_assert_double_eq_tol(t.geoms[1].xy[0], 321400, 1e-9);
	ck_assert_str_eq(io_cell(&t, 2, io_col(&t, "school_id")), "S2");
	io_table_release(&t);
	for (i = 0; i < n; i++)
		report_layer_release(&layers[i]);
	free(layers);
	buf_release(&p1);
	buf_release(&p2);
	free(dir);
	region_release(&r);
}
END_TEST

START_TEST(geojson_lonlat)
{
	struct region r;
	struct report_layer *layers;
	struct io_table t;
	struct buf p;
	char *dir = tu_tmpdir();
	int n, i, j;

	grid_region(&r, 1);
	ck_assert_int_eq(report_region_layers(&r, ctx, walk2mi, &layers, &n, &err), LE_OK);
	ck_assert_int_eq(report_geojson_write(dir, "base_", layers, n, ctx, &err), LE_OK);
	buf_init(&p);
	buf_addf(&p, "%s/base_zones.geojson", dir);
	io_table_init(&t);
	ck_assert_msg(io_geojson_read(p.s, &t, &err) == LE_OK, "%s", err.msg);
	ck_assert_int_eq(t.nrows, 6);
	ck_assert_str_eq(t.crs, "OGC:CRS84");
	for (i = 0; i < t.nrows; i++) {
		ck_assert_int_eq(t.geoms[i].type, LE_GEOM_MULTIPOLYGON);
		/* Edinburgh in lon/lat: x about -3.3, y about 55.9 (not swapped). */
		for (j = 0; j < t.geoms[i].npoints; j++) {
			ck_assert(t.geoms[i].xy[2 * j] > -3.4 && t.geoms[i].xy[2 * j] < -3.1);
			ck_assert(t.geoms[i].xy[2 * j + 1] > 55.8 && t.geoms[i].xy[2 * j + 1] < 56.0);
		}
		/* Exterior counter-clockwise in lon/lat. */
		ck_assert(report_ring_area2(t.geoms[i].xy, t.geoms[i].part_start[1]) > 0);
	}
	/* Numbers with their decimals: distance_m (hypot(200, 100)) has none. */
	ck_assert_str_eq(io_cell(&t, 0, io_col(&t, "distance_m")), "224");
	io_table_release(&t);
	for (i = 0; i < n; i++)
		report_layer_release(&layers[i]);
	free(layers);
	buf_release(&p);
	free(dir);
	region_release(&r);
}
END_TEST

/* report_gpkg_write_parts (two parts per table: the region's layers
 * twice) gives the very
 * bytes of report_gpkg_write on the parts appended into one layer per
 * table; parts whose fields differ are refused. */
START_TEST(gpkg_parts_as_appended)
{
	struct region r;
	struct report_layer *layers, *two, *all;
	struct buf p1, p2;
	char *dir = tu_tmpdir();
	int n, i, rc;

	grid_region(&r, 1);
	ck_assert_int_eq(report_region_layers(&r, ctx, walk2mi, &layers, &n, &err), LE_OK);
	two = xcalloc((size_t)n * 2, sizeof(*two));
	all = xcalloc((size_t)n, sizeof(*all));
	for (i = 0; i < n; i++) {
		report_layer_init_like(&two[i], &layers[i]);
		report_layer_append(&two[i], &layers[i]);
		report_layer_init_like(&two[n + i], &layers[i]);
		report_layer_append(&two[n + i], &layers[i]);
		report_layer_init_like(&all[i], &layers[i]);
		report_layer_append(&all[i], &two[i]);
		report_layer_append(&all[i], &two[n + i]);
		ck_assert_int_eq(all[i].nrows, 2 * layers[i].nrows);
	}
	buf_init(&p1);
	buf_init(&p2);
	/* One file name (the stored project names its file). */
	buf_addf(&p1, "%s/parts", dir);
	buf_addf(&p2, "%s/appended", dir);
	ck_assert_int_eq(io_mkdirs(p1.s, &err), LE_OK);
	ck_assert_int_eq(io_mkdirs(p2.s, &err), LE_OK);
	buf_addf(&p1, "/x.gpkg");
	buf_addf(&p2, "/x.gpkg");
	ck_assert_msg(report_gpkg_write_parts(p1.s, two, n, 2, NULL, ctx, &err) == LE_OK,
		      "%s", err.msg);
	ck_assert_int_eq(report_gpkg_write(p2.s, all, n, NULL, ctx, &err), LE_OK);
	ck_assert(same_bytes(p1.s, p2.s));
	/* A second part with a field the first has not. */
	report_layer_release(&two[n]);
	report_layer_init(&two[n], layers[0].name, layers[0].geom_type, layers[0].crs);
	report_layer_field(&two[n], "other", REPORT_INT, 0);
	buf_reset(&p1);
	buf_addf(&p1, "%s/bad.gpkg", dir);
	rc = report_gpkg_write_parts(p1.s, two, n, 2, NULL, ctx, &err);
	ck_assert_int_eq(rc, LE_EUSAGE);
	ck_assert(strstr(err.msg, "parts differ") != NULL);
	ck_assert(!tu_exists(p1.s));
	for (i = 0; i < n; i++) {
		report_layer_release(&layers[i]);
		report_layer_release(&two[i]);
		report_layer_release(&two[n + i]);
		report_layer_release(&all[i]);
	}
	free(layers);
	free(two);
	free(all);
	buf_release(&p1);
	buf_release(&p2);
	free(dir);
	region_release(&r);
}
END_TEST

/* CRC-32 check value of the catalogue ("123456789" -> 0xCBF43926, as
 * zlib's crc32), and 0 for no bytes. */
START_TEST(crc32_check_value)
{
	ck_assert_uint_eq(report_crc32("123456789", 9), 0xcbf43926u);
	ck_assert_uint_eq(report_crc32("", 0), 0);
	/* One byte: the table entry of 'a' (RFC 1952's example CRC). */
	ck_assert_uint_eq(report_crc32("a", 1), 0xe8b7be43u);
}
END_TEST

static unsigned long le32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return u[0] | (unsigned long)u[1] << 8 | (unsigned long)u[2] << 16 |
	       (unsigned long)u[3] << 24;
}

/* A stored zip of one entry: local header (30 + name), the data as they
 * are, central directory (46 + name), end record (22), offsets and sizes
 * as the APPNOTE lays them out. */
START_TEST(zip_stored_layout)
{
	struct buf z;
	const char *data = "<qgis/>";

	buf_init(&z);
	report_zip_stored(&z, "a.qgs", data, 7);
	ck_assert_uint_eq(z.len, 30 + 5 + 7 + 46 + 5 + 22);
	ck_assert_uint_eq(le32(z.s), 0x04034b50u);
	ck_assert_uint_eq(le32(z.s + 14), report_crc32(data, 7));
	ck_assert_uint_eq(le32(z.s + 18), 7);          /* compressed = stored */
	ck_assert_uint_eq(le32(z.s + 22), 7);
	ck_assert(!memcmp(z.s + 30, "a.qgs<qgis/>", 12));
	ck_assert_uint_eq(le32(z.s + 42), 0x02014b50u);
	ck_assert_uint_eq(le32(z.s + 42 + 42), 0);      /* local header at 0 */
	ck_assert_uint_eq(le32(z.s + 93), 0x06054b50u);
	ck_assert_uint_eq(le32(z.s + 93 + 12), 51);     /* directory size */
	ck_assert_uint_eq(le32(z.s + 93 + 16), 42);     /* directory offset */
	buf_release(&z);
}
END_TEST


/* GDAL's Shapefile names: 10 characters, then the first 8 and _1 .. _9,
 * then 10 .. 99, the lowest free number, compared without case (as
 * ogr2ogr 3.6 renamed the Edinburgh schools layer, measured). */
START_TEST(shp_names_gdal)
{
	struct report_layer l;
	char (*n)[REPORT_SHP_NAME];
	char name[32];
	int i;

	report_layer_init(&l, "schools", LE_GEOM_POINT, "EPSG:27700");
	report_layer_field(&l, "capacity_2023", REPORT_INT, 0);
	report_layer_field(&l, "capacity_2028", REPORT_INT, 0);
	report_layer_field(&l, "capacity_2033", REPORT_INT, 0);
	report_layer_field(&l, "roll", REPORT_INT, 0);
	report_layer_field(&l, "school_name", REPORT_TEXT, 0);
	for (i = 0; i < 11; i++) {
		snprintf(name, sizeof(name), "UTILISATION_%d", i);
		report_layer_field(&l, name, REPORT_REAL, 1);
	}
	n = xcalloc((size_t)l.nfields, sizeof(*n));
	report_shp_names(&l, n);
	ck_assert_str_eq(n[0], "capacity_2");
	ck_assert_str_eq(n[1], "capacity_1");
	ck_assert_str_eq(n[2], "capacity_3");
	ck_assert_str_eq(n[3], "roll");
	ck_assert_str_eq(n[4], "school_nam");
	ck_assert_str_eq(n[5], "UTILISATIO");
	ck_assert_str_eq(n[6], "UTILISAT_1");
	ck_assert_str_eq(n[14], "UTILISAT_9");
	/* the tenth collision: two digits, no underscore */
	ck_assert_str_eq(n[15], "UTILISAT10");
	free(n);
	report_layer_release(&l);
}
END_TEST

static int count(const char *hay, const char *needle);

/* The project: one group and one theme per option, each option's layers
 * filtered by a quoted subset (an apostrophe doubled for SQL, then
 * escaped for XML), the shared layer in every theme, ids stable. */
START_TEST(qgis_project_themes)
{
	static const char *const parts[] = { "baseline", "o'neil" };
	struct report_layer t[2], sh;
	const char *qml[2] = { NULL, NULL }, *shq[1] = { NULL };
	struct report_qgis q;
	struct buf x;

	report_layer_init(&t[0], "schools", LE_GEOM_POINT, "EPSG:27700");
	report_layer_init(&t[1], "zones", LE_GEOM_MULTIPOLYGON, "EPSG:27700");
	report_layer_init(&sh, "councils", LE_GEOM_MULTIPOLYGON, "EPSG:27700");
	memset(&q, 0, sizeof(q));
	q.name = "estate";
	q.file = "estate.gpkg";
	q.crs = "EPSG:27700";
	q.tables = t;
	q.ntables = 2;
	q.table_qml = qml;
	q.shared = &sh;
	q.nshared = 1;
	q.shared_qml = shq;
	q.part_field = "scenario";
	q.parts = parts;
	q.nparts = 2;
	buf_init(&x);
	report_qgis_xml(&x, &q);
	ck_assert_int_eq(count(x.s, "<visibility-preset "), 2);
	ck_assert_int_eq(count(x.s, "<maplayer "), 5);
	ck_assert_int_eq(count(x.s, "<layer-tree-group name="), 2);
	ck_assert(strstr(x.s, "<visibility-preset name=\"o&apos;neil\"") != NULL);
	ck_assert(strstr(x.s, "<datasource>./estate.gpkg|layername=zones|subset="
			      "&quot;scenario&quot; = &apos;o&apos;&apos;neil&apos;</datasource>"));
	/* Each theme: the shared layer and its own two. */
	ck_assert_int_eq(count(x.s, "<layer id=\"estate_councils\" visible=\"1\"/>"), 2);
	ck_assert_int_eq(count(x.s, "<layer id=\"estate_zones_1\" visible=\"1\"/>"), 1);
	ck_assert(strstr(x.s, "<id>estate_schools_0</id>") != NULL);
	report_layer_release(&t[0]);
	report_layer_release(&t[1]);
	report_layer_release(&sh);
	buf_release(&x);
}
END_TEST

/* A point layer "schools" of the given points, each named by its x. */
static void points_layer(struct report_layer *l, const double *xy, int n)
{
	struct le_geom g;
	char name[32];
	int i, row;

	report_layer_init(l, "schools", LE_GEOM_POINT, "EPSG:27700");
	report_layer_field(l, "school_id", REPORT_TEXT, 0);
	for (i = 0; i < n; i++) {
		point(&g, xy[2 * i], xy[2 * i + 1]);
		row = report_layer_row(l, &g);
		snprintf(name, sizeof(name), "S%.0f", xy[2 * i]);
		report_layer_set_text(l, row, 0, name);
		le_geom_release(&g);
	}
}

/* The GeoJSON memo: a second scenario whose rows are the first's in
 * another order, less one, plus a new one, is written byte for byte as
 * without the memo (rows found by content, not only by index). */
START_TEST(geojson_memo_same_bytes)
{
	static const double a[] = { 325000, 673000, 326500, 674200, 327100, 672900 };
	static const double b[] = { 327100, 672900, 328000, 675000, 325000, 673000 };
	struct report_layer la, lb;
	struct report_gj_memo *m = report_gj_memo_new();
	struct buf p1, p2;
	char *dir = tu_tmpdir();

	points_layer(&la, a, 3);
	points_layer(&lb, b, 3);
	ck_assert_int_eq(report_geojson_write_memo(dir, "a_", &la, 1, ctx, m, &err), LE_OK);
	ck_assert_int_eq(report_geojson_write_memo(dir, "b_", &lb, 1, ctx, m, &err), LE_OK);
	ck_assert_int_eq(report_geojson_write(dir, "c_", &lb, 1, ctx, &err), LE_OK);
	buf_init(&p1);
	buf_init(&p2);
	buf_addf(&p1, "%s/b_schools.geojson", dir);
	buf_addf(&p2, "%s/c_schools.geojson", dir);
	ck_assert(same_bytes(p1.s, p2.s));
	report_gj_memo_free(m);
	report_layer_release(&la);
	report_layer_release(&lb);
	buf_release(&p1);
	buf_release(&p2);
	free(dir);
}
END_TEST

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
		n++;
	return n;
}

START_TEST(summary_page)
{
	struct region r;
	struct report_layer *layers;
	struct report_view views[2];
	struct report_summary sm;
	struct report_compare cmp;
	static const char *rows[] = { "pupils beyond limit", "surplus places", "moved into A/B",
				      "pupils" };
	/* Directions as the KPI table gives them: fewer pupils beyond the
	 * limit and fewer surplus places are better, more pupils moved into
	 * A/B buildings is better, pupils neither. */
	static const int better[] = { -1, -1, 1, 0 };
	static const char *cols[] = { "baseline", "close <S1>" };
	static const int years[] = { 2023, 2024, 2025 };
	static const double roll[] = { 100, 110, 120 }, cap[] = { 115, 115, 115 };
	double v[] = { 10, 20, 1200, 1150, 0, 818, 500, 480 };
	struct report_series se = { "S0 & co", 3, years, roll, cap };
	char *dir = tu_tmpdir(), *html;
	struct buf p;
	FILE *fp;
	long len;
	int n, i;

	grid_region(&r, 1);
	ck_assert_int_eq(report_region_layers(&r, ctx, walk2mi, &layers, &n, &err), LE_OK);
	/* Scenario-like attributes: one school closed, one new. */
	report_layer_set_text(&layers[0], 1, report_layer_find(&layers[0], "status"), "closed");
	report_layer_set_text(&layers[0], 2, report_layer_find(&layers[0], "status"), "new");
	memset(views, 0, sizeof(views));
	for (i = 0; i < 2; i++) {
		views[i].name = cols[i];
		views[i].zones = &layers[1];
		views[i].zone_field = "distance_m";
		views[i].schools = &layers[0];
		views[i].boundary = &layers[4];
		views[i].series = &se;
		views[i].nseries = 1;
	}
	memset(&cmp, 0, sizeof(cmp));
	cmp.nrows = 4;
	cmp.ncols = 2;
	cmp.row_names = rows;
	cmp.col_names = cols;
	cmp.v = v;
	cmp.decimals = NULL;
	cmp.baseline = 0;
	cmp.better = better;
	memset(&sm, 0, sizeof(sm));
	sm.title = "Test <board>";
	sm.compare = &cmp;
	sm.views = views;
	sm.nviews = 2;
	buf_init(&p);
	buf_addf(&p, "%s/summary.html", dir);
	ck_assert_int_eq(report_summary_write(p.s, &sm, &err), LE_OK);
	fp = fopen(p.s, "rb");
	ck_assert_ptr_nonnull(fp);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	html = xcalloc((size_t)len + 1, 1);
	ck_assert_int_eq((long)fread(html, 1, (size_t)len, fp), len);
	fclose(fp);
	/* One map and one chart per scenario; differences signed. */
	ck_assert_int_eq(count(html, "<figure class=\"map\">"), 2);
	ck_assert_int_eq(count(html, "<figure class=\"chart\">"), 2);
	/* Coloured by direction, not by sign: +10 beyond the limit is
	 * worse, -50 surplus places and +818 moved into A/B are better, and
	 * a measure with no better way is only a difference. */
	ck_assert(strstr(html, "<th scope=\"row\">pupils beyond limit</th><td class=\"text\">lower"
			 "</td><td>10</td><td>20</td><td class=\"worse\">+10</td>"));
	ck_assert(strstr(html, "<td class=\"better\">-50</td>"));
	ck_assert(strstr(html, "<th scope=\"row\">moved into A/B</th><td class=\"text\">higher"
			 "</td><td>0</td><td>818</td><td class=\"better\">+818</td>"));
	ck_assert(strstr(html, "<td class=\"diff\">-20</td>"));
	ck_assert(strstr(html, "td.better{color:#0072b2"));
	ck_assert(strstr(html, "td.worse{color:#d55e00"));
	/* Screen readers and phones: the language, row and column headers,
	 * SVGs as images with a title, scaled by viewBox, tables in
	 * scrolling wrappers; print: page numbers and repeated headers. */
	ck_assert(strstr(html, "<html lang=\"en-GB\">"));
	ck_assert_int_eq(count(html, "role=\"img\""), 4);
	ck_assert_int_eq(count(html, "<title id=\"map"), 2);
	ck_assert_int_eq(count(html, "<desc id=\"chart"), 2);
	ck_assert(!strstr(html, "<svg xmlns=\"http://www.w3.org/2000/svg\" width="));
	ck_assert_int_eq(count(html, "<div class=\"scroll\"><table"), count(html, "<table"));
	ck_assert(strstr(html, "@bottom-right{content:\"page \" counter(page)"));
	ck_assert(strstr(html, "thead{display:table-header-group}tr{break-inside:avoid"));
	/* No recommendation slot, summary or glossary unless asked for. */
	ck_assert(!strstr(html, "Recommendation"));
	ck_assert(!strstr(html, "id=\"glossary\""));
	ck_assert(strstr(html, "Test &lt;board&gt;"));
	ck_assert(strstr(html, "S0 &amp; co"));
	ck_assert_int_eq(count(html, "class=\"closed\""), 2);
	ck_assert_int_eq(count(html, "class=\"new\""), 2);
	ck_assert(strstr(html, "@page{size:A4"));
	/* Self-contained: nothing fetched from elsewhere. */
	ck_assert(!strstr(html, "<script"));
	ck_assert(!strstr(html, "http://") || count(html, "http://") ==
		  count(html, "http://www.w3.org/2000/svg"));
	ck_assert(!strstr(html, "https://"));
	free(html);
	for (i = 0; i < n; i++)
		report_layer_release(&layers[i]);
	free(layers);
	buf_release(&p);
	free(dir);
	region_release(&r);
}
END_TEST

/* A whole file as a string (malloc'd). */
static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *s;
	long len;

	ck_assert_msg(fp != NULL, "cannot open %s", path);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	s = xmalloc((size_t)len + 1);
	ck_assert_int_eq((long)fread(s, 1, (size_t)len, fp), len);
	s[len] = '\0';
	fclose(fp);
	return s;
}

/*
 * The document of the consultation pack: one table on the page and in
 * its CSV alike; numbers keep their sign in the CSV, text goes through
 * the formula-safe quoting; a CSV-only table is not on the page, a
 * page-only one writes no file; every text is escaped.
 */
START_TEST(doc_page_and_csv)
{
	static const char *const cols[] = { "option", "value", "note" };
	struct report_doc d;
	struct buf p;
	char *dir = tu_tmpdir(), *html, *csv;
	int t;

	report_doc_init(&d, "Pack <1> & co");
	report_doc_text(&d, REPORT_B_H2, "Travel %d", 5);
	report_doc_text(&d, REPORT_B_OFFICER, "Write <here>");
	t = report_doc_table(&d, "both", "Caption", REPORT_T_PAGE | REPORT_T_CSV, 3, cols);
	report_doc_cell(&d, t, "%s", "a,b");
	report_doc_cell(&d, t, "%.2f", -12.5);
	report_doc_cell(&d, t, "%s", "=SUM(A1)");
	report_doc_cell(&d, t, "%s", "n/a");
	report_doc_cell(&d, t, "%s", "");     /* the row's last cell left out */
	t = report_doc_table(&d, "hidden", NULL, REPORT_T_CSV, 1, cols);
	report_doc_cell(&d, t, "%s", "only-in-csv");
	t = report_doc_table(&d, "pageonly", NULL, REPORT_T_PAGE, 1, cols + 2);
	report_doc_cell(&d, t, "%s", "only-on-page");
	buf_init(&p);
	buf_addf(&p, "%s/pack.html", dir);
	ck_assert_int_eq(report_doc_html(&d, p.s, &err), LE_OK);
	ck_assert_int_eq(report_doc_csv(&d, dir, &err), LE_OK);
	html = slurp(p.s);
	ck_assert_ptr_nonnull(strstr(html, "<title>Pack &lt;1&gt; &amp; co</title>"));
	ck_assert_ptr_nonnull(strstr(html, "<h2>Travel 5</h2>"));
	ck_assert_ptr_nonnull(strstr(html, "<div class=\"officer\"><b>For officers to write</b>Write &lt;here&gt;</div>"));
	ck_assert_ptr_nonnull(strstr(html, "<td>a,b</td><td>-12.50</td><td style=\"text-align:left\">=SUM(A1)</td>"));
	ck_assert_ptr_nonnull(strstr(html, "only-on-page"));
	ck_assert_ptr_null(strstr(html, "only-in-csv"));
	/* The board page's stylesheet, then the document's own rules. */
	ck_assert_ptr_nonnull(strstr(html, "<style>html{-webkit-text-size-adjust:100%}body{font-family:"));
	buf_reset(&p);
	buf_addf(&p, "%s/both.csv", dir);
	csv = slurp(p.s);
	ck_assert_str_eq(csv, "option,value,note\n\"a,b\",-12.50,\"'=SUM(A1)\"\nn/a,,\n");
	free(csv);
	buf_reset(&p);
	buf_addf(&p, "%s/hidden.csv", dir);
	csv = slurp(p.s);
	ck_assert_str_eq(csv, "option\nonly-in-csv\n");
	free(csv);
	buf_reset(&p);
	buf_addf(&p, "%s/pageonly.csv", dir);
	ck_assert(!tu_exists(p.s));
	free(html);
	buf_release(&p);
	report_doc_release(&d);
	free(dir);
}
END_TEST

Suite *suite_report(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, gpb_point);
	tcase_add_test(tc, wkb_polygon);
	tcase_add_test(tc, gpb_empty);
	tcase_add_test(tc, winding);
	tcase_add_test(tc, fixed_decimals);
	tcase_add_test(tc, catchments_union);
	tcase_add_test(tc, catchments_voronoi);
	tcase_add_test(tc, zone_rows_points_and_shapes);
	tcase_add_test(tc, gpkg_deterministic);
	tcase_add_test(tc, region_layers_beyond_by_age);
	tcase_add_test(tc, gpkg_parts_as_appended);
	tcase_add_test(tc, crc32_check_value);
	tcase_add_test(tc, zip_stored_layout);
	tcase_add_test(tc, qgis_project_themes);
	tcase_add_test(tc, shp_names_gdal);
	tcase_add_test(tc, geojson_memo_same_bytes);
	tcase_add_test(tc, geojson_lonlat);
	tcase_add_test(tc, summary_page);
	tcase_add_test(tc, util_band_edges);
	tcase_add_test(tc, csv_field_formula);
	tcase_add_test(tc, doc_page_and_csv);
	suite_add_tcase(s, tc);
	return s;
}
