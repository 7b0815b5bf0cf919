/*
 * test_model_inputs.c: the model's input tables as a council gives them:
 * column mapping and filters ("<input>.<field> = COLUMN" in [model]),
 * polygon catchments, the Gaelic-medium stream and cohort change factors
 * estimated from two population years. Each test writes a small study
 * and its files into a temporary folder and builds the region by hand,
 * so every number can be checked with a pencil. Part of suite "model".
 */
#include "testutil.h"

#include "geo/geo.h"
#include "io/io.h"
#include "model/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-6

/* dir/name with text in it; returns the path (malloc'd). */
static char *put(const char *dir, const char *name, const char *text)
{
	struct buf b;
	FILE *fp;

	buf_init(&b);
	buf_addf(&b, "%s/%s", dir, name);
	fp = fopen(b.s, "wb");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	return b.s;
}

/*
 * The region: zones Z0 (x = 0), Z1 (x = 1000), Z2 (x = 2000), each a
 * 1000 m square around its point; primaries A (x = 0, roll 100) and B
 * (x = 2000, roll 50). Population year 2023, 10 children at each primary
 * age 5..11 in every zone.
 */
static void region3(struct region *r)
{
	int z, a;

	region_init(r, "EPSG:27700");
	for (z = 0; z < 3; z++) {
		char id[8];
		struct zone *zn;
		int ix;

		snprintf(id, sizeof(id), "Z%d", z);
		/* Index first: adding reallocates the array. */
		ix = region_add_zone(r, id);
		zn = &r->zones[ix];
		zn->px = 1000.0 * z;
		zn->py = 0;
		zn->has_geom = zn->has_pop = 1;
		le_geom_begin(&zn->geom, LE_GEOM_POLYGON);
		le_geom_poly(&zn->geom);
		le_geom_part(&zn->geom);
		le_geom_point(&zn->geom, zn->px - 500, -500);
		le_geom_point(&zn->geom, zn->px + 500, -500);
		le_geom_point(&zn->geom, zn->px + 500, 500);
		le_geom_point(&zn->geom, zn->px - 500, 500);
		le_geom_point(&zn->geom, zn->px - 500, -500);
		le_geom_finish(&zn->geom);
	}
	region_pop_grow(r);
	r->pop_year = 2023;
	for (z = 0; z < 3; z++)
		for (a = 5; a <= 11; a++)
			r->pop[(size_t)z * LE_NAGES + a] = 10;
	for (z = 0; z < 2; z++) {
		int ix = region_add_school(r, z ? "B" : "A");
		struct school *sc = &r->schools[ix];

		sc->name = xstrdup(z ? "B" : "A");
		sc->denom_text = xstrdup("Non-denominational");
		sc->sector = LE_PRIMARY;
		sc->stages = TU_PRIMARY;
		sc->x = z ? 2000 : 0;
		sc->roll = z ? 50 : 100;
		sc->capacity = -1;
	}
}

/* The built-in parameters with one mid-year age per stage (P1 = 5 ..
 * S6 = 17), so the oldest age the stages use is 18. */
static void simple_params_in(struct model_params *p, struct region *r)
{
	int s;

	model_params_default(p);
	(void)r;
	for (s = 0; s < TU_NSTAGES; s++)
		p->st.age[s] = 5 + s;
	p->st.younger_share = 1;
}

/* A study in dir with [model] lines `model` (base year 2023, 2 years). */
static int study_in(const char *dir, const char *model, struct study *s,
		    char **path, struct le_err *err)
{
	struct buf b;
	int rc;

	buf_init(&b);
	buf_addf(&b, "[study]\nbase_year = 2023\nhorizon_years = 2\n"
		 "[schools]\nfile = schools.csv\n[model]\n%s", model);
	*path = put(dir, "study.ini", b.s);
	buf_release(&b);
	le_err_clear(err);
	rc = io_study_read(*path, s, err);
	ck_assert_msg(rc == LE_OK, "%s", err->msg);
	return rc;
}

/* model_init on region3 with the study's [model] lines; returns its code
 * and leaves the message in err (the model released on failure). */
static int init_with(const char *dir, const char *model, struct region *r,
		     struct model *m, struct le_diags *d, struct le_err *err,
		     char **study_path)
{
	struct study s;
	struct geo_ctx *g;
	int rc;

	region3(r);
	study_in(dir, model, &s, study_path, err);
	g = geo_ctx_new(err);
	ck_assert_ptr_nonnull(g);
	le_diags_init(d);
	rc = model_init(m, &s, r, g, d, err);
	geo_ctx_free(g);
	io_study_release(&s);
	return rc;
}

/*
 * model_init on [model] lines `model` must fail with LE_EPARSE and the
 * message want, in which "%s" (if any) stands for the file named by
 * `file` ("study": the study file; anything else: that path). With
 * prefix set, want need only start the message. Everything is released.
 */
static void expect_model_error(const char *dir, const char *model, const char *file,
			       int prefix, const char *want)
{
	struct region r;
	struct model m;
	struct le_diags d;
	struct le_err err;
	char *sp, msg[1200];

	ck_assert_int_eq(init_with(dir, model, &r, &m, &d, &err, &sp), LE_EPARSE);
	snprintf(msg, sizeof(msg), want, strcmp(file, "study") == 0 ? sp : file);
	if (prefix)
		ck_assert_int_eq(strncmp(err.msg, msg, strlen(msg)), 0);
	else
		ck_assert_str_eq(err.msg, msg);
	region_release(&r);
	le_diags_release(&d);
	free(sp);
}

/* ---------------------------------------------------------------- mapping */

/* A council's own housing columns, mapped, with a status filter: only the
 * consented site counts, with its units and dwelling type. */
START_TEST(test_housing_mapped)
{
	struct region r;
	struct model m;
	struct le_diags d;
	struct le_err err;
	char *dir = tu_tmpdir(), *sp, *hp;

	hp = put(dir, "sites.csv",
		 "SiteRef,DZ,CompletionYear,Homes,Type,Status\n"
		 "S1,Z2,2025,40,flat,Consented\n"
		 "S2,Z1,2024,99,house,Refused\n");
	ck_assert_int_eq(init_with(dir, "housing = sites.csv\nhousing.site = SiteRef\n"
				   "housing.zone = DZ\nhousing.year = CompletionYear\n"
				   "housing.units = Homes\nhousing.dwelling_type = Type\n"
				   "housing.filter.Status = Consented\n",
				   &r, &m, &d, &err, &sp), LE_OK);
	ck_assert_int_eq(m.nsites, 1);
	ck_assert_str_eq(m.sites[0].id, "S1");
	ck_assert_int_eq(m.sites[0].zone, 2);
	ck_assert_int_eq(m.sites[0].year, 2025);
	ck_assert_int_eq(m.sites[0].dwelling, MODEL_FLAT);
	ck_assert_double_eq_tol(m.sites[0].units, 40, TOL);
	model_release(&m);
	region_release(&r);
	le_diags_release(&d);
	free(dir);
	free(sp);
	free(hp);
}
END_TEST

/* A mapped column the file lacks: the study line that maps it, and the
 * file's columns. */
START_TEST(test_mapped_column_missing)
{
	struct region r;
	struct model m;
	struct le_diags d;
	struct le_err err;
	char *dir = tu_tmpdir(), *sp, *hp, want[1200];

	hp = put(dir, "sites.csv", "site,zone,year,units,dwelling_type\n"
		 "S1,Z2,2025,40,flat\n");
	ck_assert_int_eq(init_with(dir, "housing = sites.csv\nhousing.zone = DZ\n",
				   &r, &m, &d, &err, &sp), LE_EPARSE);
	snprintf(want, sizeof(want), "%s:8: [model] housing.zone = DZ: %s has no "
		 "column 'DZ' (columns: site, zone, year, units, dwelling_type)", sp, hp);
	ck_assert_str_eq(err.msg, want);
	region_release(&r);
	le_diags_release(&d);
	free(sp);
	free(hp);
	free(dir);
}
END_TEST

/* An unmapped column missing: the file, its columns and the key to add;
 * a filter on a column the file lacks: the filter's line. */
START_TEST(test_unmapped_column_missing)
{
	struct region r;
	struct model m;
	struct le_diags d;
	struct le_err err;
	char *dir = tu_tmpdir(), *sp, *hp, want[1200];

	hp = put(dir, "rolls.csv", "school,year,stage,roll\nA,2023,P1,10\n");
	expect_model_error(dir, "method = progression\nhistory = rolls.csv\n", hp, 0,
			   "%s: has no column 'pupils' (columns: school, "
			   "year, stage, roll; map yours with 'history.pupils = COLUMN' in "
			   "[model])");
	ck_assert_int_eq(init_with(dir, "method = progression\nhistory = rolls.csv\n"
				   "history.pupils = roll\nhistory.filter.Sector = Primary\n",
				   &r, &m, &d, &err, &sp), LE_EPARSE);
	snprintf(want, sizeof(want), "%s:10: [model] history.filter.Sector: %s has no "
		 "column 'Sector' (columns: school, year, stage, roll)", sp, hp);
	ck_assert_str_eq(err.msg, want);
	region_release(&r);
	le_diags_release(&d);
	free(sp);
	free(hp);
	free(dir);
}
END_TEST

/* A catchment table with the council's columns and a filter (the file
 * holds every sector's catchments): Z0, Z1 -> A, Z2 -> B; each school's
 * modelled base roll is 70 per zone. */
START_TEST(test_catchment_table_mapped)
{
	struct region r;
	struct model m;
	struct le_diags d;
	struct le_err err;
	char *dir = tu_tmpdir(), *sp, *cp;

	cp = put(dir, "catch.csv", "DataZone,SchoolCode,Sector\n"
		 "Z0,A,primary\nZ1,A,primary\nZ2,B,primary\nZ2,A,secondary\n");
	ck_assert_int_eq(init_with(dir, "allocation = catchment\ncatchment = catch.csv\n"
				   "catchment.zone = DataZone\ncatchment.school = SchoolCode\n"
				   "catchment.filter.Sector = primary\n",
				   &r, &m, &d, &err, &sp), LE_OK);
	ck_assert_int_eq(model_run(&m, &d, &err), LE_OK);
	/* Children per zone: P1 = 4/12 x 10 (the built-in stage ages: P1 is
	 * 8/12 age 4, 4/12 age 5) + P2..P7 6 x 10 = 63.33; participation 150
	 * / 190; A: 126.67 x 150/190 = 100 modelled, its roll: factor 1. */
	ck_assert_double_eq_tol(m.participation[0], 150.0 / 190.0, TOL);
	ck_assert_double_eq_tol(m.factor[0], 1.0, TOL);
	ck_assert_double_eq_tol(m.factor[1], 1.0, TOL);
	model_release(&m);
	region_release(&r);
	le_diags_release(&d);
	free(sp);
	free(cp);
	free(dir);
}
END_TEST

/* ---------------------------------------------------------------- encoding */

/* A housing file saved by Excel in Windows-1252, as a council sends it:
 * 0xE0 is a grave ("Cnoc Fàire"), 0x92 the right single quote. */
#define HOUSING_1252 "site,zone,year,units,dwelling_type\n" \
	"Cnoc F\xE0ire,Z2,2025,40,flat\n" \
	"Ceann a\x92 Bh\xE0igh,Z1,2024,12,house\n"

/* With housing.encoding = windows-1252 every name arrives as UTF-8 and
 * the numbers are the file's; without the key the file is refused at its
 * first line that is not UTF-8, and the advice names housing.encoding in
 * [model] (the layers' 'encoding =' there is an unknown key). */
START_TEST(test_housing_encoding)
{
	struct region r;
	struct model m;
	struct le_diags d;
	struct le_err err;
	char *dir = tu_tmpdir(), *sp, *hp;

	hp = put(dir, "sites.csv", HOUSING_1252);
	ck_assert_int_eq(init_with(dir, "housing = sites.csv\nhousing.encoding = windows-1252\n",
				   &r, &m, &d, &err, &sp), LE_OK);
	ck_assert_int_eq(m.nsites, 2);
	ck_assert_str_eq(m.sites[0].id, "Cnoc F\xC3\xA0ire");
	ck_assert_int_eq(m.sites[0].zone, 2);
	ck_assert_double_eq_tol(m.sites[0].units, 40, TOL);
	ck_assert_str_eq(m.sites[1].id, "Ceann a\xE2\x80\x99 Bh\xC3\xA0igh");
	ck_assert_int_eq(m.sites[1].year, 2024);
	ck_assert_int_eq(m.sites[1].dwelling, MODEL_HOUSE);
	model_release(&m);
	region_release(&r);
	le_diags_release(&d);
	free(sp);
	expect_model_error(dir, "housing = sites.csv\n", hp, 0,
			   "%s:2: column 'site': text is not valid UTF-8 but is "
			   "valid Windows-1252 (\"Cnoc F\xC3\xA0ire\"), the encoding Excel and GIAS "
			   "save CSV in: add 'housing.encoding = windows-1252' to [model] of the "
			   "study file");
	free(hp);
	free(dir);
}
END_TEST

/* The errors of a layer's encoding =, named by the input's key: a byte
 * Windows-1252 leaves undefined (file, line, column, byte), a name iconv
 * does not know and UTF-16 (the study line), a UTF-8 file declared
 * otherwise (its byte order mark); another input's key does not apply. */
START_TEST(test_model_encoding_errors)
{
	char *dir = tu_tmpdir(), *hp;

	hp = put(dir, "sites.csv", "site,zone,year,units,dwelling_type\n"
		 "S1,Z2,2025,40,flat\nCaf\x81,Z1,2024,12,house\n");
	expect_model_error(dir, "housing = sites.csv\nhousing.encoding = windows-1252\n", hp, 0,
			   "%s:3: column 'site': byte 0x81 (byte 4 of the field) "
			   "is not valid windows-1252 text (check 'housing.encoding = windows-1252' "
			   "in [model] of the study file)");
	expect_model_error(dir, "housing = sites.csv\nhousing.encoding = windows-1999\n", "study", 0,
			   "%s:8: [model] housing.encoding = windows-1999: unknown "
			   "encoding (expected a name such as windows-1252, latin1 or utf-8; `iconv -l` "
			   "lists them all)");
	expect_model_error(dir, "housing = sites.csv\nhousing.encoding = UTF-16\n", "study", 0,
			   "%s:8: [model] housing.encoding = UTF-16: the CSV reader "
			   "needs an encoding that keeps ASCII as ASCII (windows-1252, latin1, utf-8, "
			   "...), not UTF-16");
	free(hp);
	hp = put(dir, "sites.csv", "\xEF\xBB\xBFsite,zone,year,units,dwelling_type\n"
		 "S1,Z2,2025,40,flat\n");
	expect_model_error(dir, "housing = sites.csv\nhousing.encoding = latin1\n", hp, 0,
			   "%s:1: the file starts with a UTF-8 byte order mark, so "
			   "it is UTF-8, not latin1: remove 'housing.encoding = latin1' from [model] of "
			   "the study file");
	free(hp);
	/* history.encoding is the history's: the housing file stays UTF-8. */
	hp = put(dir, "sites.csv", HOUSING_1252);
	expect_model_error(dir, "housing = sites.csv\nhistory.encoding = windows-1252\n", hp, 1,
			   "%s:2: column 'site': text is not valid UTF-8");
	free(hp);
	free(dir);
}
END_TEST

/* A stage history whose council column and filter value are Gaelic
 * (header and cells recoded): the filter compares UTF-8 with the study's
 * UTF-8 value, so only Eilean Siar's row is kept. */
START_TEST(test_history_encoding)
{
	struct region r;
	struct model m;
	struct le_diags d;
	struct le_err err;
	char *dir = tu_tmpdir(), *sp, *hp;
	int k;

	hp = put(dir, "rolls.csv", "school,year,stage,pupils,\xDAghdarras\n"
		 "A,2023,P1,7,Comhairle nan Eilean Siar\n"
		 "A,2022,P1,99,Comhairle B\xF2id\n");
	ck_assert_int_eq(init_with(dir, "method = progression\nhistory = rolls.csv\n"
				   "history.encoding = windows-1252\n"
				   "history.filter.\xC3\x9Aghdarras = Comhairle nan Eilean Siar\n",
				   &r, &m, &d, &err, &sp), LE_OK);
	/* Bòid's 2022 row is filtered out: the history starts in 2023. */
	ck_assert_int_eq(m.hist.year0, 2023);
	ck_assert_int_eq(m.hist.nyears, 1);
	k = region_school(&r, "A");
	ck_assert(m.hist.has[k]);
	model_release(&m);
	region_release(&r);
	le_diags_release(&d);
	free(sp);
	free(hp);
	free(dir);
}
END_TEST

/* ---------------------------------------------------------------- polygons */

/* A GeoJSON square catchment from x0 to x1 (y -500 .. 500) for school. */
static void square(struct buf *b, const char *school, int x0, int x1, int first)
{
	buf_addf(b, "%s{\"type\": \"Feature\", \"properties\": {\"SchoolId\": \"%s\"}, "
		 "\"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[%d, -500], "
		 "[%d, -500], [%d, 500], [%d, 500], [%d, -500]]]}}",
		 first ? "" : ",\n", school, x0, x1, x1, x0, x0);
}

/* A catchment layer: A from x0a to x1a, B (or `bname`) from x0b to x1b. */
static char *catchments(const char *dir, int x0a, int x1a, const char *bname,
			int x0b, int x1b)
{
	struct buf b;
	char *path;

	buf_init(&b);
	buf_adds(&b, "{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", "
		 "\"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::27700\"}},\n\"features\": [\n");
	square(&b, "A", x0a, x1a, 1);
	square(&b, bname, x0b, x1b, 0);
	buf_adds(&b, "]}\n");
	path = put(dir, "catchments.geojson", b.s);
	buf_release(&b);
	return path;
}

#define POLY_MODEL "allocation = catchment\ncatchment = catchments.geojson\n" \
	"catchment.school = SchoolId\n"

/* The zone's school of a sector (0/1) and stream: the first entry. */
static int school_of(const struct model *m, int z, int sec, int t)
{
	size_t key = ((size_t)z * 2 + (size_t)sec) * MODEL_NSTREAMS + (size_t)t;

	return m->a_start[key] < m->a_start[key + 1] ? m->a_school[m->a_start[key]] : -1;
}

/* Z0 and Z1 in A's polygon, Z2 in B's: each school's modelled base roll
 * is its roll (factor 1), no warning. */
START_TEST(test_catchment_polygons)
{
	struct region r;
	struct model m;
	struct le_diags d;
	struct le_err err;
	char *dir = tu_tmpdir(), *sp, *cp = catchments(dir, -500, 1500, "B", 1500, 2500);

	ck_assert_int_eq(init_with(dir, POLY_MODEL, &r, &m, &d, &err, &sp), LE_OK);
	ck_assert_int_eq(school_of(&m, 0, 0, MODEL_ND), 0);
	ck_assert_int_eq(school_of(&m, 1, 0, MODEL_ND), 0);
	ck_assert_int_eq(school_of(&m, 2, 0, MODEL_ND), 1);
	ck_assert_int_eq(model_run(&m, &d, &err), LE_OK);
	ck_assert_double_eq_tol(m.factor[0], 1.0, TOL);
	ck_assert_double_eq_tol(m.factor[1], 1.0, TOL);
	ck_assert_int_eq((int)d.n, 0);
	model_release(&m);
	region_release(&r);
	le_diags_release(&d);
	free(sp);
	free(cp);
	free(dir);
}
END_TEST

/* Z2 outside every catchment: a warning naming it, and its pupils go to
 * the nearest school, B; with catchment_outside = error, the error. */
START_TEST(test_catchment_outside)
{
	struct region r;
	struct model m;
	struct le_diags d;
	struct le_err err;
	char *dir = tu_tmpdir(), *sp, *cp = catchments(dir, -500, 1500, "B", 5000, 6000);
	char want[1200];

	ck_assert_int_eq(init_with(dir, POLY_MODEL, &r, &m, &d, &err, &sp), LE_OK);
	ck_assert_int_eq((int)d.n, 1);
	snprintf(want, sizeof(want), "%s: 1 zone outside every primary non-denominational "
		 "catchment, allocated to the nearest primary non-denominational school "
		 "instead (straight line; 'catchment_outside = error' to stop): Z2", cp);
	ck_assert_str_eq(d.v[0].msg, want);
	ck_assert_int_eq(d.v[0].severity, LE_WARNING);
	ck_assert_int_eq(school_of(&m, 2, 0, MODEL_ND), 1);
	model_release(&m);
	region_release(&r);
	le_diags_release(&d);
	free(sp);
	ck_assert_int_eq(init_with(dir, POLY_MODEL "catchment_outside = error\n",
				   &r, &m, &d, &err, &sp), LE_EDATA);
	snprintf(want, sizeof(want), "%s: 1 zone outside every primary non-denominational "
		 "catchment (catchment_outside = error): Z2", cp);
	ck_assert_str_eq(err.msg, want);
	region_release(&r);
	le_diags_release(&d);
	free(sp);
	free(cp);
	free(dir);
}
END_TEST

/* A catchment naming a school the study does not have: its feature. */
START_TEST(test_catchment_unknown_school)
{
	struct region r;
	struct model m;
	struct le_diags d;
	struct le_err err;
	char *dir = tu_tmpdir(), *sp, *cp = catchments(dir, -500, 1500, "C", 1500, 2500);
	char want[1200];

	ck_assert_int_eq(init_with(dir, POLY_MODEL, &r, &m, &d, &err, &sp), LE_EDATA);
	snprintf(want, sizeof(want), "%s:4: features[1]: column 'SchoolId': catchment of "
		 "school 'C', which is not in the study's schools", cp);
	ck_assert_str_eq(err.msg, want);
	region_release(&r);
	le_diags_release(&d);
	free(sp);
	free(cp);
	free(dir);
}
END_TEST

/* ---------------------------------------------------------------- gaelic */

/*
 * B has Gaelic provision. Each zone's primary demand is 50 (63.33
 * children x 150/190). Nearest: Z0, Z1 -> A (Z1's tie to the lower
 * index), Z2 -> B; the Gaelic share g of every zone -> B.
 *   gaelic_share = 0.1: A = 0.9 x 100 = 90, B = 0.9 x 50 + 0.1 x 150 = 60;
 *   from the base-year roll, g = 50 / 150: A = 66.67, B = 33.33 + 50 = 83.33.
 */
static void gaelic_case(const char *model, double want_a, double want_b)
{
	struct region r;
	struct model m;
	struct model_cands c;
	struct le_diags d;
	struct le_err err;
	char *dir = tu_tmpdir(), *sp;
	double a = 0, b = 0, sum = 0;
	int s, z, t;

	ck_assert_int_eq(init_with(dir, model, &r, &m, &d, &err, &sp), LE_OK);
	/* Before the run: the shares and the table are made there. */
	r.schools[1].gaelic = 1;
	model_cands_straight(&c, &r, r.nschools, 1.0);
	model_alloc_nearest(&m, &c);
	model_cands_release(&c);
	ck_assert_int_eq(model_run(&m, &d, &err), LE_OK);
	for (s = 0; s < 7; s++) {
		a += m.alloc[MODEL_K(&m, 0, 0, s)];
		b += m.alloc[MODEL_K(&m, 0, 1, s)];
		for (z = 0; z < 3; z++)
			for (t = 0; t < MODEL_NSTREAMS; t++)
				sum += m.demand[MODEL_D(&m, 0, z, s, t)];
	}
	ck_assert_double_eq_tol(a, want_a, 1e-6);
	ck_assert_double_eq_tol(b, want_b, 1e-6);
	/* Conservation: nothing lost to the third stream. */
	ck_assert_double_eq_tol(a + b, 150, 1e-6);
	ck_assert_double_eq_tol(sum, 150, 1e-6);
	ck_assert_int_eq(m.has_gaelic, 1);
	model_release(&m);
	region_release(&r);
	le_diags_release(&d);
	free(sp);
	free(dir);
}

START_TEST(test_gaelic_stream)
{
	gaelic_case("gaelic_share = 0.1\n", 90, 60);
	gaelic_case("method = demand\n", 200.0 / 3, 250.0 / 3);
}
END_TEST

/* ---------------------------------------------------------------- cohorts */

/*
 * region3 has 10 at ages 5..11 in each zone in 2023. The 2022 file: 8 at
 * ages 4..10 in Z0 and Z1, and Z2 absent (left out of both sums). So
 * f[5..11] = 20 / 16 = 1.25; f[12] = 0 / 16 = 0 -> clamped to 0.5 with a
 * warning; ages whose earlier cohort is empty (f[1..4], f[13..]) keep 1.
 */
START_TEST(test_cohort_estimate)
{
	struct region r;
	struct model_params p;
	struct le_diags d;
	struct le_err err;
	double *prev = xcalloc((size_t)3 * LE_NAGES, sizeof(double));
	char has[3] = { 1, 1, 0 };
	int z, a;

	region3(&r);
	simple_params_in(&p, &r);
	for (z = 0; z < 2; z++)
		for (a = 4; a <= 11; a++)
			prev[(size_t)z * LE_NAGES + a] = 8;
	le_diags_init(&d);
	le_err_clear(&err);
	ck_assert_int_eq(model_cohort_estimate(&p, &r, prev, has, 2022, &d, &err), LE_OK);
	for (a = 1; a <= 4; a++)
		ck_assert_double_eq(p.cohort_change[a], 1.0);
	for (a = 5; a <= 11; a++)
		ck_assert_double_eq_tol(p.cohort_change[a], 1.25, TOL);
	ck_assert_double_eq(p.cohort_change[12], 0.5);
	ck_assert_double_eq(p.cohort_change[13], 1.0);
	ck_assert_int_eq((int)d.n, 1);
	ck_assert_str_eq(d.v[0].msg, "age 12: estimated factor 0.00 (0 aged 12 in 2023 over "
			 "16 aged 11 in 2022) is outside 0.50 .. 1.50: clamped to 0.50");
	/* Six years apart: too far for a cohort factor (two years apart is
	 * test_forecast's test_cohort_gap). */
	ck_assert_int_eq(model_cohort_estimate(&p, &r, prev, has, 2017, &d, &err), LE_EPARSE);
	ck_assert_str_eq(err.msg, "population_previous_year must be 1 to 5 years before the "
			 "population's year 2023, got 2017");
	free(prev);
	model_params_release(&p);
	region_release(&r);
	le_diags_release(&d);
}
END_TEST

void tu_model_inputs_tcase(Suite *s)
{
	TCase *tc = tcase_create("model_inputs");

	tcase_add_test(tc, test_housing_mapped);
	tcase_add_test(tc, test_mapped_column_missing);
	tcase_add_test(tc, test_unmapped_column_missing);
	tcase_add_test(tc, test_catchment_table_mapped);
	tcase_add_test(tc, test_housing_encoding);
	tcase_add_test(tc, test_model_encoding_errors);
	tcase_add_test(tc, test_history_encoding);
	tcase_add_test(tc, test_catchment_polygons);
	tcase_add_test(tc, test_catchment_outside);
	tcase_add_test(tc, test_catchment_unknown_school);
	tcase_add_test(tc, test_gaelic_stream);
	tcase_add_test(tc, test_cohort_estimate);
	suite_add_tcase(s, tc);
}
