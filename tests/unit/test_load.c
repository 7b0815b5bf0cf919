/*
 * test_load.c: load/: a study into a region. The mini region
 * (tests/data/mini) is small enough to check every number by hand; the
 * bundled Edinburgh region is checked against counts from the published
 * files (SOURCES.md); CRS conversion is checked against the Scottish
 * Government file's own easting / northing.
 */
/* realpath() is XSI, beyond the POSIX level the Makefile asks for. */
#define _XOPEN_SOURCE 700

#include "testutil.h"

#include "geo/geo.h"
#include "io/io.h"
#include "load/load.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Load a study file; asserts success. */
static void load_ok(const char *path, struct study *s, struct region *r,
		    struct le_diags *d, struct geo_ctx **g)
{
	struct le_err err;

	le_err_clear(&err);
	le_diags_init(d);
	ck_assert_msg(io_study_read(path, s, &err) == LE_OK, "%s", err.msg);
	*g = geo_ctx_new(&err);
	ck_assert_msg(*g != NULL, "%s", err.msg);
	ck_assert_msg(load_region(s, *g, r, d, &err) == LE_OK, "%s", err.msg);
}

static void unload(struct study *s, struct region *r, struct le_diags *d,
		   struct geo_ctx *g)
{
	region_release(r);
	io_study_release(s);
	le_diags_release(d);
	geo_ctx_free(g);
}

/* Load a study written from text; returns the code, fills err. */
static int load_text(const char *ini, struct le_err *err)
{
	char *path = tu_write_tmp(".ini", ini);
	struct study s;
	struct region r;
	struct le_diags d;
	struct geo_ctx *g;
	int rc;

	memset(&s, 0, sizeof(s));
	memset(&r, 0, sizeof(r));
	le_err_clear(err);
	le_diags_init(&d);
	rc = io_study_read(path, &s, err);
	g = geo_ctx_new(err);
	if (!rc)
		rc = load_region(&s, g, &r, &d, err);
	unload(&s, &r, &d, g);
	free(path);
	return rc;
}

static double band(const struct region *r, int lo, int hi)
{
	double sum = 0;
	int z, a;

	for (z = 0; z < r->nzones; z++)
		for (a = lo; a <= hi; a++)
			sum += region_pop(r, z, a);
	return sum;
}

START_TEST(mini_region)
{
	struct study s;
	struct region r;
	struct le_diags d;
	struct geo_ctx *g;
	const struct school *p2;
	int z4;

	load_ok(TDATA "mini/study.ini", &s, &r, &d, &g);
	ck_assert_int_eq(r.nschools, 4);
	ck_assert_int_eq(r.nzones, 4);
	ck_assert_int_eq(r.ncouncils, 1);
	ck_assert_int_eq(r.pop_year, 2021);
	p2 = &r.schools[region_school(&r, "P2")];
	ck_assert_str_eq(p2->name, "St Mary's RC Primary");
	ck_assert_int_eq(p2->sector, LE_PRIMARY);
	ck_assert_int_eq(p2->denom, LE_RC);
	ck_assert_uint_eq(p2->stages, TU_PRIMARY);
	ck_assert(p2->capacity == 120 && p2->roll == 150);
	ck_assert_int_eq(p2->condition, LE_GRADE_C);
	ck_assert(fabs(p2->x - 321500) < 1e-6 && fabs(p2->y - 670500) < 1e-6);
	ck_assert_str_eq(r.zones[p2->zone].id, "Z2");
	ck_assert_int_eq(p2->council, 0);
	ck_assert_str_eq(r.councils[0].name, "City of Edinburgh");
	ck_assert_str_eq(r.schools[0].name, "Meadow Primary, Upper");
	ck_assert(r.schools[3].capacity < 0);
	ck_assert_uint_eq(r.schools[3].stages, TU_PRIMARY | TU_SECONDARY);
	/* Z4 has population but no polygon. */
	z4 = region_zone(&r, "Z4");
	ck_assert(r.zones[z4].has_pop && !r.zones[z4].has_geom);
	ck_assert(region_pop(&r, z4, 0) == 40 && region_pop(&r, z4, 18) == 4000);
	/* Representative points lie inside their squares. */
	ck_assert(r.zones[0].px > 320000 && r.zones[0].px < 321000);
	ck_assert(r.zones[0].py > 670000 && r.zones[0].py < 671000);
	/* Hand sums of the population file (see tests/data/mini). */
	ck_assert(band(&r, 0, 3) == 424);
	ck_assert(band(&r, 4, 11) == 1040);
	ck_assert(band(&r, 12, 17) == 948);
	ck_assert(band(&r, 0, LE_MAX_AGE) == 12412);
	ck_assert_uint_eq(d.nwarnings, 4);
	ck_assert_uint_eq(d.nerrors, 0);
	ck_assert_str_eq(d.v[0].msg, "zone 'Z4' has population (tests/data/mini/population.csv line 5) but no polygon in tests/data/mini/zones.geojson");
	/* Each finding starts with the school's file and line. */
	ck_assert_str_eq(d.v[1].msg, "tests/data/mini/schools.csv:5: school 'X1' (Braid Special School): zone 'Z9' is not in the zones or population layers");
	ck_assert_str_eq(d.v[2].msg, "tests/data/mini/schools.csv:5: school 'X1' (Braid Special School) lies outside every zone polygon");
	ck_assert_str_eq(d.v[3].msg, "tests/data/mini/schools.csv:5: school 'X1' (Braid Special School) has no capacity");
	unload(&s, &r, &d, g);
}
END_TEST

/* Build a study over the mini files with one [schools] variation. */
static char *mini_study(const char *schools_section)
{
	char root[PATH_MAX];
	struct buf b;
	char *path;

	ck_assert(realpath(TDATA "mini", root) != NULL);
	buf_init(&b);
	buf_addf(&b, "[study]\nbase_year = 2023\n[schools]\nfile = %s/schools.csv\n%s\n",
		 root, schools_section);
	path = b.s;
	return path;
}

START_TEST(value_mapping_and_filter)
{
	char *ini = mini_study("id = SchUID\nsector = SchoolType\nx = Easting\ny = Northing\n"
			       "sector.Special = secondary\nfilter.SchoolType = Special, Secondary\n");
	char *path = tu_write_tmp(".ini", ini);
	struct study s;
	struct region r;
	struct le_diags d;
	struct geo_ctx *g;

	load_ok(path, &s, &r, &d, &g);
	ck_assert_int_eq(r.nschools, 2);
	ck_assert_str_eq(r.schools[0].id, "H1");
	ck_assert_int_eq(r.schools[1].sector, LE_SECONDARY);
	/* Without a name column the id names the school. */
	ck_assert_str_eq(r.schools[1].name, "X1");
	unload(&s, &r, &d, g);
	free(path);
	free(ini);
}
END_TEST

/* The join warning of a study whose [schools] are schools.csv joined with
 * places.csv (both written into a fresh folder from hand bytes) on the
 * school name; "" when there is none. */
static char *join_warning(const char *schools, const char *places, const char *keys)
{
	char *dir = tu_tmpdir(), *out = NULL;
	struct buf b;
	struct study s;
	struct region r;
	struct le_diags d;
	struct geo_ctx *g;
	size_t i;
	FILE *fp;

	buf_init(&b);
	buf_addf(&b, "%s/schools.csv", dir);
	ck_assert_ptr_nonnull(fp = fopen(b.s, "wb"));
	fputs(schools, fp);
	fclose(fp);
	buf_reset(&b);
	buf_addf(&b, "%s/places.csv", dir);
	ck_assert_ptr_nonnull(fp = fopen(b.s, "wb"));
	fputs(places, fp);
	fclose(fp);
	buf_reset(&b);
	buf_addf(&b, "%s/study.ini", dir);
	ck_assert_ptr_nonnull(fp = fopen(b.s, "wb"));
	fprintf(fp, "[study]\nbase_year = 2023\n[schools]\nfile = schools.csv\nid = Id\n"
		"name = Name\nsector = Sector\nx = X\ny = Y\ncapacity = Places\n"
		"join = places.csv\njoin_on = Name\n%s", keys);
	fclose(fp);
	load_ok(b.s, &s, &r, &d, &g);
	for (i = 0; i < d.n && !out; i++)
		if (strcmp(d.v[i].topic, "join") == 0) {
			/* The folder is the test's: keep the file names. */
			const char *m = d.v[i].msg, *at;
			size_t n = strlen(dir);
			struct buf o;

			buf_init(&o);
			while ((at = strstr(m, dir)) && at[n] == '/') {
				buf_addf(&o, "%.*s", (int)(at - m), m);
				m = at + n + 1;
			}
			buf_adds(&o, m);
			out = xstrdup(o.s);
			buf_release(&o);
		}
	unload(&s, &r, &d, g);
	buf_release(&b);
	free(dir);
	return out ? out : xstrdup("");
}

/*
 * A joined file read in the wrong encoding joins its ASCII names and
 * loses only the accented one: the no-partner warning names the pair and
 * both keys. UTF-8 bytes C3 A0 (a grave) read as Windows-1252 are "Ã" and
 * a no-break space; the DOS code page 850 byte 0x85 read so is "…".
 * Names that differ in ASCII letters get no hint.
 */
START_TEST(join_encoding_hint)
{
	static const char schools[] = "Id,Name,Sector,X,Y\n"
		"A,Alba Primary,Primary,320500,670500\nB,Sgoil Gh\xC3\xA0idhlig,Primary,321500,670500\n";
	char *w;

	w = join_warning(schools, "Name,Places\nAlba Primary,100\nSgoil Gh\xC3\xA0idhlig,50\n",
			 "join_encoding = windows-1252\n");
	ck_assert_str_eq(w, "schools.csv: 1 row has no partner in places.csv (join_on Name): "
			 "'Sgoil Gh\xC3\xA0idhlig' (line 3); the joined columns are empty for them; "
			 "'Sgoil Gh\xC3\xA0idhlig' (line 3) and places.csv's 'Sgoil Gh\xC3\x83\xC2\xA0idhlig' "
			 "(line 3) differ only in their letters beyond ASCII, as when a file is read in "
			 "the wrong encoding: check join_encoding = windows-1252 and encoding (not "
			 "given) in [schools]");
	free(w);
	w = join_warning(schools, "Name,Places\nAlba Primary,100\nSgoil Gh\x85idhlig,50\n",
			 "join_encoding = windows-1252\n");
	ck_assert_ptr_nonnull(strstr(w, "and places.csv's 'Sgoil Gh\xE2\x80\xA6idhlig' (line 3) differ only"));
	free(w);
	/* Read right, the join is whole: no warning at all. */
	w = join_warning(schools, "Name,Places\nAlba Primary,100\nSgoil Gh\xE0idhlig,50\n",
			 "join_encoding = windows-1252\n");
	ck_assert_str_eq(w, "");
	free(w);
	/* A different name (an ASCII letter apart) is no encoding matter. */
	w = join_warning(schools, "Name,Places\nAlba Primary,100\nSgoil Gh\xC3\xA0idhlag,50\n", "");
	ck_assert_str_eq(w, "schools.csv: 1 row has no partner in places.csv (join_on Name): "
			 "'Sgoil Gh\xC3\xA0idhlig' (line 3); the joined columns are empty for them");
	free(w);
}
END_TEST

START_TEST(bad_values)
{
	struct le_err err;
	char *ini;

	ini = mini_study("id = SchUID\nsector = SchoolType\nx = Easting\ny = Northing\n"
			 "denomination = Denomination\n");
	ck_assert_int_eq(load_text(ini, &err), LE_OK);
	free(ini);

	ini = mini_study("id = SchUID\nsector = Denomination\nx = Easting\ny = Northing\n");
	ck_assert_int_eq(load_text(ini, &err), LE_EPARSE);
	ck_assert_msg(strstr(err.msg, "schools.csv:2: column 'Denomination': 'Non-denominational' is not a sector (expected primary, secondary or special; map the file's word with 'sector.Non-denominational = primary' in [schools])") != NULL, "%s", err.msg);
	free(ini);

	ini = mini_study("id = SchUID\nsector = SchoolType\nx = Easting\ny = Northing\ncrs = EPSG:4326\n");
	ck_assert_int_eq(load_text(ini, &err), LE_EGEO);
	ck_assert_msg(strstr(err.msg, "schools.csv:2: location 'Easting', 'Northing' = (320500, 670500) in EPSG:4326 is outside the area where EPSG:27700 can be used") != NULL, "%s", err.msg);
	free(ini);

	ini = mini_study("id = SchUID\nsector = SchoolType\nx = Northing\ny = Easting\n");
	ck_assert_int_eq(load_text(ini, &err), LE_EGEO);
	/* Row 2 swapped (670500, 320500) still lies inside the grid's
	 * rectangle of use (at sea off Norfolk); row 5 swapped does not. */
	ck_assert_msg(strstr(err.msg, "schools.csv:5: location 'Northing', 'Easting' = (675000, 325000) looks like x and y swapped") != NULL, "%s", err.msg);
	free(ini);

	ini = mini_study("id = SchUID\nsector = SchoolType\nx = Easting\n");
	ck_assert_int_eq(load_text(ini, &err), LE_EPARSE);
	ck_assert_msg(strstr(err.msg, "[schools] needs 'x = COLUMN' and 'y = COLUMN'") != NULL, "%s", err.msg);
	free(ini);

	ini = mini_study("id = SchUID\nsector = SchoolType\nx = Easting\ny = Northing\nroll = SchoolName\n");
	ck_assert_int_eq(load_text(ini, &err), LE_EPARSE);
	ck_assert_msg(strstr(err.msg, "schools.csv:2: column 'SchoolName': expected a number of pupils (a whole number from 0 to 20000), got 'Meadow Primary, Upper'") != NULL, "%s", err.msg);
	free(ini);

	ini = mini_study("id = LACode\nsector = SchoolType\nx = Easting\ny = Northing\n");
	ck_assert_int_eq(load_text(ini, &err), LE_EDATA);
	ck_assert_msg(strstr(err.msg, "schools.csv:3: school id 'S12000036' appears twice (first on line 2)") != NULL, "%s", err.msg);
	free(ini);
}
END_TEST

START_TEST(long_population)
{
	char root[PATH_MAX];
	char *csv = tu_write_tmp(".csv",
				 "zone,age,people\nZ1,5,10\nZ1,6,12\nZ2,5,3\nZ1,95,2\nZ1,90+,1\n");
	char *ini;
	struct buf b;
	struct study s;
	struct region r;
	struct le_diags d;
	struct geo_ctx *g;
	char *path;

	ck_assert(realpath(TDATA "mini", root) != NULL);
	buf_init(&b);
	buf_addf(&b, "[study]\nbase_year = 2023\n[schools]\nfile = %s/schools.csv\n"
		 "id = SchUID\nsector = SchoolType\nx = Easting\ny = Northing\n"
		 "[population]\nfile = %s\nzone = zone\nage = age\ncount = people\nyear = 2022\n",
		 root, csv);
	ini = buf_detach(&b);
	buf_release(&b);
	path = tu_write_tmp(".ini", ini);
	load_ok(path, &s, &r, &d, &g);
	ck_assert_int_eq(r.nzones, 2);
	ck_assert_int_eq(r.pop_year, 2022);
	ck_assert(region_pop(&r, region_zone(&r, "Z1"), 5) == 10);
	ck_assert(region_pop(&r, region_zone(&r, "Z1"), 6) == 12);
	ck_assert(region_pop(&r, region_zone(&r, "Z1"), LE_MAX_AGE) == 3);
	ck_assert(region_pop(&r, region_zone(&r, "Z2"), 5) == 3);
	unload(&s, &r, &d, g);
	free(path);
	free(ini);
	free(csv);
}
END_TEST

/*
 * The earlier population is read with the [population] columns and
 * filters, but not its council column: NRS's 2020 file has council names
 * only, while a study maps the 2021 file's council codes. Here the 2021
 * file has a "code" column the 2022-1 file lacks; the filter (on a column
 * both have) still applies: Z2's row is of another council and is left
 * out, so has[Z2] = 0.
 */
START_TEST(previous_population_without_council)
{
	char root[PATH_MAX];
	char *now = tu_write_tmp(".csv", "zone,age,people,name,code\n"
				 "Z1,5,10,Here,C1\nZ1,6,12,Here,C1\nZ2,5,3,Here,C1\n");
	char *prev = tu_write_tmp(".csv", "zone,age,people,name\n"
				  "Z1,4,9,Here\nZ1,5,11,Here\nZ2,4,7,There\n");
	char *ini, *path, *has = NULL;
	double *p = NULL;
	struct buf b;
	struct study s;
	struct region r;
	struct le_diags d;
	struct le_err err;
	struct geo_ctx *g;

	ck_assert(realpath(TDATA "mini", root) != NULL);
	buf_init(&b);
	buf_addf(&b, "[study]\nbase_year = 2023\n[schools]\nfile = %s/schools.csv\n"
		 "id = SchUID\nsector = SchoolType\nx = Easting\ny = Northing\n"
		 "[population]\nfile = %s\nzone = zone\nage = age\ncount = people\nyear = 2022\n"
		 "council = code\nfilter.name = Here\n"
		 "[model]\npopulation_previous = %s\npopulation_previous_year = 2021\n",
		 root, now, prev);
	ini = buf_detach(&b);
	buf_release(&b);
	path = tu_write_tmp(".ini", ini);
	load_ok(path, &s, &r, &d, &g);
	le_err_clear(&err);
	ck_assert_msg(load_population_previous(&s, g, &r, &p, &has, &err) == LE_OK, "%s", err.msg);
	ck_assert_int_eq(has[region_zone(&r, "Z1")], 1);
	ck_assert_int_eq(has[region_zone(&r, "Z2")], 0);
	ck_assert(p[(size_t)region_zone(&r, "Z1") * LE_NAGES + 4] == 9);
	ck_assert(p[(size_t)region_zone(&r, "Z1") * LE_NAGES + 5] == 11);
	free(p);
	free(has);
	unload(&s, &r, &d, g);
	free(path);
	free(ini);
	free(now);
	free(prev);
}
END_TEST

START_TEST(edinburgh_counts)
{
	struct study s;
	struct region r;
	struct le_diags d;
	struct geo_ctx *g;
	int i, sectors[LE_NSECTORS] = { 0 }, ngeom = 0, npop = 0, missing = 0;
	double roll[LE_NSECTORS] = { 0 };
	static const char *nopoly[] = {
		"S01008418", "S01008549", "S01008687", "S01008720",
		"S01008721", "S01008722", "S01008787", "S01008927"
	};
	size_t k;

	load_ok("scenarios/edinburgh/study.ini", &s, &r, &d, &g);
	for (i = 0; i < r.nschools; i++) {
		sectors[r.schools[i].sector]++;
		roll[r.schools[i].sector] += r.schools[i].roll;
	}
	ck_assert_int_eq(sectors[LE_PRIMARY], 90);
	ck_assert_int_eq(sectors[LE_SECONDARY], 23);
	ck_assert_int_eq(sectors[LE_SPECIAL], 12);
	ck_assert(roll[LE_PRIMARY] == 30058);
	ck_assert(roll[LE_SECONDARY] == 23150);
	ck_assert(roll[LE_SPECIAL] == 729);
	for (i = 0; i < r.nzones; i++) {
		ngeom += r.zones[i].has_geom;
		npop += r.zones[i].has_pop;
	}
	ck_assert_int_eq(ngeom, 589);
	ck_assert_int_eq(npop, 597);
	ck_assert_int_eq(r.nzones, 597);
	ck_assert(band(&r, 4, 11) == 40866);
	ck_assert(band(&r, 11, 17) == 33574);
	ck_assert(band(&r, 0, LE_MAX_AGE) == 526470);
	/* Exactly the 8 zones SOURCES.md names have population but no polygon. */
	for (k = 0; k < d.n; k++)
		if (!strcmp(d.v[k].topic, "population without polygon"))
			missing++;
	ck_assert_int_eq(missing, 8);
	for (k = 0; k < 8; k++) {
		int z = region_zone(&r, nopoly[k]);
		ck_assert_int_ge(z, 0);
		ck_assert(r.zones[z].has_pop && !r.zones[z].has_geom);
	}
	ck_assert_int_eq(r.ncouncils, 1);
	unload(&s, &r, &d, g);
}
END_TEST

/*
 * PROJ (WGS84 -> BNG, Helmert: Debian ships no OSTN15 grid) against the
 * Scottish Government's own easting / northing for all 125 schools.
 */
START_TEST(edinburgh_proj_vs_grid)
{
	struct study s;
	struct region r;
	struct le_diags d;
	struct geo_ctx *g;
	struct io_table t;
	struct le_err err;
	char root[PATH_MAX], *ini, *path;
	struct buf b;
	int i, ce, cn, cid;
	double worst = 0;

	ck_assert(realpath("gis/edinburgh", root) != NULL);
	buf_init(&b);
	buf_addf(&b, "[study]\nbase_year = 2023\n[schools]\nfile = %s/schools.csv\n"
		 "id = SchUID\nsector = SchoolType\nx = Longitude\ny = Latitude\ncrs = EPSG:4326\n",
		 root);
	ini = buf_detach(&b);
	buf_release(&b);
	path = tu_write_tmp(".ini", ini);
	load_ok(path, &s, &r, &d, &g);
	io_table_init(&t);
	le_err_clear(&err);
	ck_assert_int_eq(io_csv_read("gis/edinburgh/schools.csv", &t, &err), LE_OK);
	ce = io_col(&t, "GridRefEasting");
	cn = io_col(&t, "GridRefNorthing");
	cid = io_col(&t, "SchUID");
	ck_assert_int_eq(t.nrows, 125);
	for (i = 0; i < t.nrows; i++) {
		const struct school *sc = &r.schools[region_school(&r, io_cell(&t, i, cid))];
		double dx = sc->x - atof(io_cell(&t, i, ce));
		double dy = sc->y - atof(io_cell(&t, i, cn));
		double dist = sqrt(dx * dx + dy * dy);
		if (dist > worst)
			worst = dist;
	}
	/* The published grid references are whole metres: allow 3 m. */
	ck_assert_msg(worst < 3.0, "worst difference %.2f m", worst);
	io_table_release(&t);
	unload(&s, &r, &d, g);
	free(path);
	free(ini);
}
END_TEST

/* The national file filtered to the Northern Alliance's eight councils. */
START_TEST(northern_alliance_filter)
{
	static const struct {
		const char *code;
		int schools;
	} na[] = {
		{ "S12000033", 63 },  /* Aberdeen City */
		{ "S12000034", 167 }, /* Aberdeenshire */
		{ "S12000035", 88 },  /* Argyll and Bute */
		{ "S12000013", 26 },  /* Na h-Eileanan an Iar */
		{ "S12000017", 198 }, /* Highland */
		{ "S12000020", 52 },  /* Moray */
		{ "S12000023", 26 },  /* Orkney Islands */
		{ "S12000027", 34 },  /* Shetland Islands */
	};
	char root[PATH_MAX], *ini, *path;
	struct buf b;
	struct study s;
	struct region r;
	struct le_diags d;
	struct geo_ctx *g;
	size_t k;
	int i, total = 0;

	ck_assert(realpath(TDATA "sg_school_roll_2023.csv", root) != NULL);
	buf_init(&b);
	buf_addf(&b, "[study]\nbase_year = 2023\n[schools]\nfile = %s\n"
		 "id = SchUID\nname = SchoolName\nsector = SchoolType\nx = GridRefEasting\n"
		 "y = GridRefNorthing\ncouncil = LACode\nroll = PupilRoll\n"
		 "filter.LACode = S12000033, S12000034, S12000035, S12000013, "
		 "S12000017, S12000020, S12000023, S12000027\n", root);
	ini = buf_detach(&b);
	buf_release(&b);
	path = tu_write_tmp(".ini", ini);
	load_ok(path, &s, &r, &d, &g);
	for (k = 0; k < sizeof(na) / sizeof(na[0]); k++) {
		int n = 0;
		for (i = 0; i < r.nschools; i++)
			n += !strcmp(r.schools[i].council_id, na[k].code);
		ck_assert_msg(n == na[k].schools, "%s: %d schools", na[k].code, n);
		total += n;
	}
	ck_assert_int_eq(r.nschools, total);
	ck_assert_int_eq(total, 654);
	unload(&s, &r, &d, g);
	free(path);
	free(ini);
}
END_TEST

/* Wide layout with ages above the top: 90, 91 and "95 and over" all add
 * into the open-ended top age; 0..89 stay single years. */
START_TEST(wide_population_top_ages)
{
	char root[PATH_MAX];
	struct buf csv, b;
	struct study s;
	struct region r;
	struct le_diags d;
	struct geo_ctx *g;
	char *csvpath, *ini, *path;
	int a;

	buf_init(&csv);
	buf_adds(&csv, "zone");
	for (a = 0; a < 90; a++)
		buf_addf(&csv, ",Age %d", a);
	buf_adds(&csv, ",Age 90,Age 91,Age 95 and over\nZ1");
	for (a = 0; a < 90; a++)
		buf_addf(&csv, ",%d", a % 7);
	buf_adds(&csv, ",5,3,2\n");
	csvpath = tu_write_tmp(".csv", csv.s);
	ck_assert(realpath(TDATA "mini", root) != NULL);
	buf_init(&b);
	buf_addf(&b, "[study]\nbase_year = 2023\n[schools]\nfile = %s/schools.csv\n"
		 "id = SchUID\nsector = SchoolType\nx = Easting\ny = Northing\n"
		 "[population]\nfile = %s\nzone = zone\nage_columns = Age\nyear = 2021\n",
		 root, csvpath);
	ini = buf_detach(&b);
	path = tu_write_tmp(".ini", ini);
	load_ok(path, &s, &r, &d, &g);
	ck_assert(region_pop(&r, 0, 89) == 89 % 7);
	ck_assert(region_pop(&r, 0, LE_MAX_AGE) == 10);
	ck_assert(band(&r, 0, LE_MAX_AGE) == band(&r, 0, 89) + 10);
	unload(&s, &r, &d, g);
	buf_release(&csv);
	buf_release(&b);
	free(csvpath);
	free(ini);
	free(path);
}
END_TEST

/*
 * A two-school CSV whose second school has roll `roll` and capacity
 * `cap`, loaded with roll and capacity mapped. Returns the code; err,
 * and on success *roll_out / *cap_out and the warnings in d (released
 * here, but the first warning's text is copied to warn).
 */
static int load_counts(const char *roll, const char *cap, struct le_err *err,
		       double *roll_out, double *cap_out, char *warn, size_t nwarn,
		       char **csv_out)
{
	struct buf b;
	char *csv, *ini;
	struct study s;
	struct region r;
	struct le_diags d;
	struct geo_ctx *g;
	int rc;

	buf_init(&b);
	buf_addf(&b, "id,type,x,y,roll,cap\nA,Primary,320500,670500,100,200\n"
		 "B,Primary,321500,670500,%s,%s\n", roll, cap);
	csv = tu_write_tmp(".csv", b.s);
	buf_reset(&b);
	buf_addf(&b, "[study]\nbase_year = 2023\n[schools]\nfile = %s\nid = id\nsector = type\n"
		 "x = x\ny = y\nroll = roll\ncapacity = cap\n", csv);
	ini = tu_write_tmp(".ini", b.s);
	buf_release(&b);
	memset(&r, 0, sizeof(r));
	le_err_clear(err);
	le_diags_init(&d);
	ck_assert_int_eq(io_study_read(ini, &s, err), LE_OK);
	g = geo_ctx_new(err);
	rc = load_region(&s, g, &r, &d, err);
	if (rc == LE_OK) {
		*roll_out = r.schools[1].roll;
		*cap_out = r.schools[1].capacity;
	}
	snprintf(warn, nwarn, "%s", d.n ? d.v[0].msg : "");
	unload(&s, &r, &d, g);
	free(ini);
	*csv_out = csv;
	return rc;
}

/*
 * Counts are whole numbers in range: each bad roll or capacity is an
 * error naming the file, the line and the column; whole numbers written
 * as 339.0 or 1e3 are read; an empty roll is missing (-1) and reported
 * with the count, never 0 in silence.
 */
START_TEST(bad_counts)
{
	static const struct { const char *roll, *cap, *col, *what, *max, *got; } bad[] = {
		{ "1e20", "200", "roll", "pupils", "20000", "1e20" },
		{ "1e30", "200", "roll", "pupils", "20000", "1e30" },
		{ "339.5", "200", "roll", "pupils", "20000", "339.5" },
		{ "-5", "200", "roll", "pupils", "20000", "-5" },
		{ "20001", "200", "roll", "pupils", "20000", "20001" },
		{ "100", "-1", "cap", "places", "20000", "-1" },
		{ "100", "1e30", "cap", "places", "20000", "1e30" },
		{ "100", "250.25", "cap", "places", "20000", "250.25" },
		{ "100", "0x10", "cap", "places", "20000", "0x10" },
	};
	struct le_err err;
	char want[900], warn[600], *csv;
	double roll = 0, cap = 0;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(load_counts(bad[i].roll, bad[i].cap, &err, &roll, &cap, warn,
					     sizeof(warn), &csv), LE_EPARSE);
		snprintf(want, sizeof(want),
			 "%s:3: column '%s': expected a number of %s (a whole number from 0 to %s), got '%s'",
			 csv, bad[i].col, bad[i].what, bad[i].max, bad[i].got);
		ck_assert_str_eq(err.msg, want);
		free(csv);
	}
	/* Whole numbers in other spellings, and the bounds themselves. */
	ck_assert_int_eq(load_counts("339.0", "1e3", &err, &roll, &cap, warn, sizeof(warn), &csv),
			 LE_OK);
	ck_assert(roll == 339 && cap == 1000);
	free(csv);
	ck_assert_int_eq(load_counts("0", "20000", &err, &roll, &cap, warn, sizeof(warn), &csv),
			 LE_OK);
	ck_assert(roll == 0 && cap == 20000);
	free(csv);
	/* An empty roll: missing, and said so with the count and the line. */
	ck_assert_int_eq(load_counts("", "200", &err, &roll, &cap, warn, sizeof(warn), &csv),
			 LE_OK);
	ck_assert(roll == -1 && cap == 200);
	snprintf(want, sizeof(want),
		 "%s: 1 school has an empty 'roll' cell (line 3): the roll is missing, not 0", csv);
	ck_assert_str_eq(warn, want);
	free(csv);
}
END_TEST

/* Twelve schools, eleven with an empty roll: the warning counts all and
 * names the first ten rows. */
START_TEST(empty_rolls_counted)
{
	struct buf b;
	char *csv, *ini, want[900];
	struct study s;
	struct region r;
	struct le_diags d;
	struct geo_ctx *g;
	int i, k;

	buf_init(&b);
	buf_adds(&b, "id,type,x,y,PupilRoll\n");
	for (i = 0; i < 12; i++)
		buf_addf(&b, "S%d,Primary,%d,670500,%s\n", i, 320000 + 100 * i, i == 4 ? "7" : "");
	csv = tu_write_tmp(".csv", b.s);
	buf_reset(&b);
	buf_addf(&b, "[study]\nbase_year = 2023\n[schools]\nfile = %s\nid = id\nsector = type\n"
		 "x = x\ny = y\nroll = PupilRoll\n", csv);
	ini = tu_write_tmp(".ini", b.s);
	load_ok(ini, &s, &r, &d, &g);
	ck_assert(r.schools[4].roll == 7 && r.schools[3].roll == -1 && r.schools[11].roll == -1);
	/* One warning about rolls (the others are the usual "no
	 * capacity" ones: this file has no capacity column). */
	for (i = 0, k = -1; i < (int)d.n; i++)
		if (!strcmp(d.v[i].topic, "school roll missing")) {
			ck_assert_int_eq(k, -1);
			k = i;
		}
	ck_assert_int_ge(k, 0);
	snprintf(want, sizeof(want),
		 "%s: 11 schools have an empty 'PupilRoll' cell (line 2, line 3, line 4, line 5, "
		 "line 7, line 8, line 9, line 10, line 11, line 12, ...): the roll is missing, not 0",
		 csv);
	ck_assert_str_eq(d.v[k].msg, want);
	unload(&s, &r, &d, g);
	buf_release(&b);
	free(csv);
	free(ini);
}
END_TEST

/* A GeoJSON school layer: the same rule, the feature named as
 * features[i] with its line; JSON numbers as jansson gives them. */
START_TEST(bad_counts_geojson)
{
	static const struct { const char *roll, *got; } bad[] = {
		{ "339.5", "339.5" }, { "1e30", "1e+30" }, { "-3", "-3" }, { "\"12 pupils\"", "12 pupils" },
	};
	struct le_err err;
	char want[900], *gj, *ini;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct buf b;

		buf_init(&b);
		buf_addf(&b, "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":"
			 "{\"name\":\"urn:ogc:def:crs:EPSG::27700\"}},\"features\":[\n"
			 "{\"type\":\"Feature\",\"properties\":{\"id\":\"A\",\"type\":\"Primary\",\"roll\":10},"
			 "\"geometry\":{\"type\":\"Point\",\"coordinates\":[320500,670500]}},\n"
			 "{\"type\":\"Feature\",\"properties\":{\"id\":\"B\",\"type\":\"Primary\",\"roll\":%s},"
			 "\"geometry\":{\"type\":\"Point\",\"coordinates\":[321500,670500]}}\n]}\n",
			 bad[i].roll);
		gj = tu_write_tmp(".geojson", b.s);
		buf_reset(&b);
		buf_addf(&b, "[study]\nbase_year = 2023\n[schools]\nfile = %s\nid = id\n"
			 "sector = type\nroll = roll\n", gj);
		ini = b.s;
		ck_assert_int_eq(load_text(ini, &err), LE_EPARSE);
		snprintf(want, sizeof(want),
			 "%s:3: features[1]: column 'roll': expected a number of pupils (a whole number from 0 to 20000), got '%s'",
			 gj, bad[i].got);
		ck_assert_str_eq(err.msg, want);
		buf_release(&b);
		free(gj);
	}
}
END_TEST

/* Population counts: whole people; an empty cell is an error here (a
 * shifted column), not a missing value. */
START_TEST(bad_population_counts)
{
	static const struct { const char *v, *tail; } bad[] = {
		{ "339.5", "got '339.5'" }, { "-2", "got '-2'" }, { "1e20", "got '1e20'" },
		{ "1e30", "got '1e30'" }, { "", "got an empty cell" },
	};
	char root[PATH_MAX], want[900];
	struct le_err err;
	size_t i;

	ck_assert(realpath(TDATA "mini", root) != NULL);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct buf b;
		char *csv;

		buf_init(&b);
		buf_addf(&b, "zone,Age 0,Age 1\nZ1,5,6\nZ2,7,%s\n", bad[i].v);
		csv = tu_write_tmp(".csv", b.s);
		buf_reset(&b);
		buf_addf(&b, "[study]\nbase_year = 2023\n[schools]\nfile = %s/schools.csv\n"
			 "id = SchUID\nsector = SchoolType\nx = Easting\ny = Northing\n"
			 "[population]\nfile = %s\nzone = zone\nage_columns = Age\nyear = 2021\n",
			 root, csv);
		ck_assert_int_eq(load_text(b.s, &err), LE_EPARSE);
		snprintf(want, sizeof(want),
			 "%s:3: column 'Age 1': expected a number of people (a whole number from 0 to 10000000), %s",
			 csv, bad[i].tail);
		ck_assert_str_eq(err.msg, want);
		buf_release(&b);
		free(csv);
	}
}
END_TEST

/*
 * A schools or population file with a header and no rows (or whose rows
 * the filters all drop) is an error: it used to load as a study of 0
 * schools or 0 people, whose run wrote results over the last good ones.
 */
START_TEST(header_only_files)
{
	char root[PATH_MAX], want[5000];
	struct le_err err;
	struct buf b;
	char *csv, *ini;

	ck_assert(realpath(TDATA "mini", root) != NULL);
	csv = tu_write_tmp(".csv", "SchUID,SchoolType,Easting,Northing\n");
	buf_init(&b);
	buf_addf(&b, "[study]\nbase_year = 2023\n[schools]\nfile = %s\n"
		 "id = SchUID\nsector = SchoolType\nx = Easting\ny = Northing\n", csv);
	ck_assert_int_eq(load_text(b.s, &err), LE_EDATA);
	snprintf(want, sizeof(want), "%s: no school rows (the file has only a header line)", csv);
	ck_assert_str_eq(err.msg, want);
	free(csv);

	/* Rows, but the filter keeps none of them. */
	buf_reset(&b);
	buf_addf(&b, "[study]\nbase_year = 2023\n[schools]\nfile = %s/schools.csv\n"
		 "id = SchUID\nsector = SchoolType\nx = Easting\ny = Northing\n"
		 "filter.LACode = S12000099\n", root);
	ini = tu_write_tmp(".ini", b.s);
	{
		struct study s;
		struct region r;
		struct le_diags d;
		struct geo_ctx *g;

		memset(&r, 0, sizeof(r));
		le_err_clear(&err);
		le_diags_init(&d);
		ck_assert_int_eq(io_study_read(ini, &s, &err), LE_OK);
		g = geo_ctx_new(&err);
		ck_assert_int_eq(load_region(&s, g, &r, &d, &err), LE_EDATA);
		snprintf(want, sizeof(want),
			 "%s/schools.csv: no school rows pass the filters of [schools] in %s (0 of 4 rows kept)",
			 root, ini);
		ck_assert_str_eq(err.msg, want);
		unload(&s, &r, &d, g);
	}
	free(ini);

	csv = tu_write_tmp(".csv", "zone,Age 0,Age 1\n");
	buf_reset(&b);
	buf_addf(&b, "[study]\nbase_year = 2023\n[schools]\nfile = %s/schools.csv\n"
		 "id = SchUID\nsector = SchoolType\nx = Easting\ny = Northing\n"
		 "[population]\nfile = %s\nzone = zone\nage_columns = Age\nyear = 2021\n",
		 root, csv);
	ck_assert_int_eq(load_text(b.s, &err), LE_EDATA);
	snprintf(want, sizeof(want), "%s: no population rows (the file has only a header line)", csv);
	ck_assert_str_eq(err.msg, want);
	free(csv);

	/* A GeoJSON school layer without features. */
	csv = tu_write_tmp(".geojson", "{\"type\":\"FeatureCollection\",\"features\":[]}");
	buf_reset(&b);
	buf_addf(&b, "[study]\nbase_year = 2023\n[schools]\nfile = %s\nid = id\nsector = type\n", csv);
	ck_assert_int_eq(load_text(b.s, &err), LE_EDATA);
	snprintf(want, sizeof(want), "%s: no school rows (the file has no features)", csv);
	ck_assert_str_eq(err.msg, want);
	free(csv);
	buf_release(&b);
}
END_TEST


/* ---------------------------------------------------------------- stage systems */

/* The shipped Scotland file holds exactly the built-in default
 * (younger_share is written to 6 places). */
START_TEST(stages_shipped_scotland)
{
	struct le_stages a, b;
	struct le_err err;
	int s;

	le_stages_scotland(&a);
	le_err_clear(&err);
	ck_assert_msg(io_stages_read("models/stages.ini", &b, &err) == LE_OK, "%s", err.msg);
	ck_assert_int_eq(b.n, 13);
	for (s = 0; s < 13; s++) {
		ck_assert_str_eq(b.name[s], a.name[s]);
		ck_assert_int_eq(b.sector[s], a.sector[s]);
		ck_assert_int_eq(b.age[s], a.age[s]);
		ck_assert_double_eq(b.stay[s], a.stay[s]);
	}
	ck_assert_double_eq_tol(b.younger_share, a.younger_share, 1e-6);
	ck_assert_uint_eq(b.entry, a.entry);
	ck_assert_uint_eq(b.entry, 1u << 0 | 1u << 7);
	ck_assert_int_eq(b.first[0], 0);
	ck_assert_int_eq(b.last[0], 6);
	ck_assert_int_eq(b.first[1], 7);
	ck_assert_int_eq(b.last[1], 12);
	ck_assert_uint_eq(le_stages_bits(&b, LE_PRIMARY), TU_PRIMARY);
	ck_assert_uint_eq(le_stages_bits(&b, LE_SECONDARY), TU_SECONDARY);
	/* S6 = S5 rate x S6 rate, 0.85 x 0.65. */
	ck_assert_double_eq_tol(le_stages_stay(&b, 12), 0.5525, 1e-12);
	ck_assert_double_eq(le_stages_stay(&b, 10), 1.0);
	/* The statute by age at the start of the year: P1-P3 2 miles, P4
	 * (8) and older 3 miles; 1 mile = 1,609.344 m. */
	ck_assert_double_eq_tol(le_stages_walk_m(&b, 2), 3218.688, 1e-9);
	ck_assert_double_eq_tol(le_stages_walk_m(&b, 3), 4828.032, 1e-9);
	ck_assert_double_eq_tol(le_stages_walk_m(&b, 12), 4828.032, 1e-9);
}
END_TEST

/* England: R, Y1 .. Y13; Reception 3 at 30 June (of the year its school
 * year starts) with 2 birth months of 12 at that age; entry R, Y7, Y12. */
START_TEST(stages_shipped_england)
{
	struct le_stages e;
	struct le_err err;
	struct buf b;
	unsigned bits;
	char w[80];

	le_err_clear(&err);
	ck_assert_msg(io_stages_read("models/stages-england.ini", &e, &err) == LE_OK, "%s", err.msg);
	ck_assert_int_eq(e.n, 14);
	ck_assert_str_eq(e.name[0], "R");
	ck_assert_str_eq(e.name[6], "Y6");
	ck_assert_str_eq(e.name[13], "Y13");
	ck_assert_int_eq(e.age[0], 3);
	ck_assert_int_eq(e.age[13], 16);
	ck_assert_double_eq_tol(e.younger_share, 2.0 / 12, 1e-6);
	ck_assert_int_eq(e.first[1], 7);
	ck_assert_int_eq(e.last[1], 13);
	ck_assert_uint_eq(e.entry, 1u << 0 | 1u << 7 | 1u << 12);
	/* Y13: 0.40 x 0.90 of Y11. */
	ck_assert_double_eq_tol(le_stages_stay(&e, 13), 0.36, 1e-12);
	ck_assert_double_eq(le_stages_stay(&e, 11), 1.0);
	/* Y3 starts at 7 (8 during the year), Y4 at 8. */
	ck_assert_double_eq_tol(le_stages_walk_m(&e, 3), 3218.688, 1e-9);
	ck_assert_double_eq_tol(le_stages_walk_m(&e, 4), 4828.032, 1e-9);
	/* Stage sets in its names; "Y1" is not the start of "Y12". */
	ck_assert_int_eq(le_stages_parse(&e, "R-Y6", &bits), 0);
	ck_assert_uint_eq(bits, 0x7Fu);
	ck_assert_int_eq(le_stages_parse(&e, "y12 - y13", &bits), 0);
	ck_assert_uint_eq(bits, 1u << 12 | 1u << 13);
	ck_assert_int_eq(le_stages_parse(&e, "Y1, Y12", &bits), 0);
	ck_assert_uint_eq(bits, 1u << 1 | 1u << 12);
	ck_assert_int_eq(le_stages_parse(&e, "Y5-Y8", &bits), 0);
	ck_assert_uint_eq(bits, 0xF0u << 1);
	ck_assert_int_eq(le_stages_parse(&e, "Y7-Y1", &bits), -1);
	ck_assert_int_eq(le_stages_parse(&e, "P1-P7", &bits), -1);
	ck_assert_int_eq(le_stages_parse(&e, "Y14", &bits), -1);
	ck_assert_int_eq(le_stages_parse(&e, "", &bits), -1);
	buf_init(&b);
	le_stages_text(&e, 0x7Fu | 1u << 12 | 1u << 13, &b);
	ck_assert_str_eq(b.s, "R-Y6, Y12-Y13");
	buf_release(&b);
	le_stages_words(&e, w, sizeof(w));
	ck_assert_str_eq(w, "R .. Y6 or Y7 .. Y13");
}
END_TEST

/* One broken definition: LE_EPARSE and exactly "<path><suffix>", and the
 * caller's definition left as it was. */
static void expect_stages_error(const char *text, const char *suffix)
{
	struct le_stages st;
	struct le_err err;
	char *path = tu_write_tmp(".ini", text), want[700];

	le_stages_scotland(&st);
	le_err_clear(&err);
	ck_assert_int_eq(io_stages_read(path, &st, &err), LE_EPARSE);
	snprintf(want, sizeof(want), "%s%s", path, suffix);
	ck_assert_str_eq(err.msg, want);
	ck_assert_int_eq(st.n, 13);
	ck_assert_str_eq(st.name[12], "S6");
	free(path);
}

#define ST_TAIL "younger_share = 0.5\n[entry]\nstages = A, B\n" \
	"[walking_limit]\nunder_age = 8\nunder_m = 3218.688\nfrom_m = 4828.032\n"

START_TEST(stages_bad_files)
{
	struct buf b;
	int i;

	/* The smallest good file reads. */
	{
		struct le_stages st;
		struct le_err err;
		char *path = tu_write_tmp(".ini", "[stages]\nA = primary, 5\nB = secondary, 11\n" ST_TAIL);

		le_err_clear(&err);
		ck_assert_msg(io_stages_read(path, &st, &err) == LE_OK, "%s", err.msg);
		ck_assert_int_eq(st.n, 2);
		free(path);
	}
	expect_stages_error("[stages]\nA = primary\nB = secondary, 11\n" ST_TAIL,
			    ":2: [stages] A = primary: expected 'SECTOR, AGE' (its sector and the younger mid-year age of its cohort)");
	expect_stages_error("[stages]\nA = primary,\nB = secondary, 11\n" ST_TAIL,
			    ":2: [stages] A has no age (expected 'SECTOR, AGE', the younger mid-year age of the stage's cohort)");
	expect_stages_error("[stages]\nA = primary, 5\nB = middle, 11\n" ST_TAIL,
			    ":3: [stages] B: unknown sector 'middle' (expected primary or secondary; middle, all-through and special are phases of schools, not of stages)");
	expect_stages_error("[stages]\nA = primary, 5\nB = secondary, 11\na = secondary, 12\n" ST_TAIL,
			    ":4: [stages] duplicate stage 'a' (already line 2)");
	expect_stages_error("[stages]\nA = primary, 5.5\nB = secondary, 11\n" ST_TAIL,
			    ":2: [stages] A: the age must be a whole mid-year age from 0 to 89, got '5.5'");
	expect_stages_error("[stages]\nA-1 = primary, 5\nB = secondary, 11\n" ST_TAIL,
			    ":2: [stages] 'A-1' is not a stage name (letters and digits, at most 11)");
	expect_stages_error("[stages]\nB = secondary, 11\nA = primary, 5\n" ST_TAIL,
			    ":3: [stages] 'A' is primary after the secondary stage 'B' (the primary stages come first, then the secondary ones)");
	expect_stages_error("[stages]\nA = primary, 5\nB = primary, 11\n" ST_TAIL,
			    ": [stages] has no secondary stage (a stage system has primary stages, then secondary ones)");
	expect_stages_error("[stages]\nA = primary, 5\nB = secondary, 11\n[entry]\nstages = A, B\n",
			    ": [stages] has no 'younger_share' (the share of a stage's cohort at its younger mid-year age)");
	expect_stages_error("[stages]\nA = primary, 5\nB = secondary, 11\nyounger_share = 0.5\n"
			    "[walking_limit]\nunder_age = 8\nunder_m = 1\nfrom_m = 2\n",
			    ": [entry] has no 'stages' (the stages pupils join a school at, e.g. 'A')");
	expect_stages_error("[stages]\nA = primary, 5\nB = secondary, 11\nC = secondary, 12\n"
			    "younger_share = 0.5\n[entry]\nstages = A, C\n"
			    "[walking_limit]\nunder_age = 8\nunder_m = 1\nfrom_m = 2\n",
			    ": [entry] stages must include 'B', the first secondary stage");
	expect_stages_error("[stages]\nA = primary, 5\nB = secondary, 11\nyounger_share = 0.5\n"
			    "[entry]\nstages = A, B\n[walking_limit]\nunder_age = 8\nunder_m = 1\n",
			    ": [walking_limit] has no 'from_m' (the statutory walking distance by age: under_age, under_m, from_m)");
	expect_stages_error("[stages]\nA = primary, 5\nB = secondary, 11\n" ST_TAIL "[staying_on]\nC = 0.5\n",
			    ":12: [staying_on] 'C' is not a stage of [stages]");
	expect_stages_error("[stages]\nA = primary, 5\nB = secondary, 11\n" ST_TAIL "[staying_on]\nB = 1.5\n",
			    ":12: [staying_on] B must be a rate from 0 to 1 (share of the previous stage staying on), got '1.5'");
	expect_stages_error("[stages]\nA = primary, 5\nB = secondary, 11\n" ST_TAIL "[ages]\nA = 5\n",
			    ":12: 'A' is in an unknown section '[ages]' (expected stages, entry, staying_on or walking_limit)");
	/* 17 stages: the 17th is refused by name and line. */
	buf_init(&b);
	buf_addf(&b, "[stages]\n");
	for (i = 1; i <= 17; i++)
		buf_addf(&b, "T%d = %s, %d\n", i, i <= 7 ? "primary" : "secondary", i + 3);
	expect_stages_error(b.s, ":18: [stages] 'T17': more than 16 stages (the most a stage system may have)");
	buf_release(&b);
}
END_TEST

/* England's phases, types and statutory ages (tests/data/stages_england):
 * a stages column, ages 11-16 -> Y7-Y11, 4-18 -> R-Y13 (all-through:
 * secondary, its stages' tie), a middle school deemed secondary, and a
 * special school by its type whatever its phase ("Not applicable"). */
START_TEST(stages_england_phases)
{
	struct study s;
	struct region r;
	struct le_diags d;
	struct geo_ctx *g;

	load_ok(TDATA "stages_england/study.ini", &s, &r, &d, &g);
	ck_assert_int_eq(r.stages.n, 14);
	ck_assert_int_eq(r.nschools, 5);
	ck_assert_int_eq(r.schools[0].sector, LE_PRIMARY);
	ck_assert_uint_eq(r.schools[0].stages, 0x7Fu);          /* R-Y6 */
	ck_assert_int_eq(r.schools[1].sector, LE_SECONDARY);
	ck_assert_uint_eq(r.schools[1].stages, 0x1Fu << 7);     /* Y7-Y11 */
	ck_assert_int_eq(r.schools[2].sector, LE_SECONDARY);
	ck_assert_uint_eq(r.schools[2].stages, 0x3FFFu);        /* R-Y13 */
	ck_assert_int_eq(r.schools[3].sector, LE_SECONDARY);
	ck_assert_uint_eq(r.schools[3].stages, 0xFu << 5);      /* Y5-Y8 */
	ck_assert_int_eq(r.schools[4].sector, LE_SPECIAL);
	ck_assert_uint_eq(r.schools[4].stages, 0x3FFFu);
	unload(&s, &r, &d, g);
}
END_TEST

/* One school row of an English study: the load's error, exactly. */
static void expect_school_error(const char *row, const char *want_suffix)
{
	char stages[PATH_MAX], *csv, want[900];
	struct buf b;
	struct le_err err;

	ck_assert_ptr_nonnull(realpath("models/stages-england.ini", stages));
	buf_init(&b);
	buf_addf(&b, "id,name,phase,stages,low,high,x,y\n%s\n", row);
	csv = tu_write_tmp(".csv", b.s);
	buf_reset(&b);
	buf_addf(&b, "[study]\nbase_year = 2024\n[schools]\nfile = %s\nsector = phase\n"
		 "stages = stages\nlow_age = low\nhigh_age = high\n[model]\nstages = %s\n",
		 csv, stages);
	ck_assert_int_eq(load_text(b.s, &err), LE_EPARSE);
	snprintf(want, sizeof(want), "%s:2: %s", csv, want_suffix);
	ck_assert_str_eq(err.msg, want);
	free(csv);
	buf_release(&b);
}

START_TEST(stages_england_bad_schools)
{
	expect_school_error("1,N,Nursery,,2,5,400000,200000",
			    "column 'phase': 'Nursery' is a nursery: nursery pupils are not in the roll the model projects (leave it out with 'filter.phase = ...' or map the word)");
	expect_school_error("1,M,Middle deemed primary,,,,400000,200000",
			    "school '1' is a middle school: give its stages (map 'stages = COLUMN', e.g. Y5-Y8, or 'low_age' and 'high_age' for its statutory ages)");
	expect_school_error("1,P,Primary,,11,4,400000,200000",
			    "columns 'low', 'high': expected statutory ages such as 4 and 11 (low below high), got '11' and '4'");
	expect_school_error("1,P,Primary,,19,25,400000,200000",
			    "statutory ages 19-25 cover no stage (the stages run from R, age 4 at the start of its year, to Y13, leaving at 18)");
	expect_school_error("1,P,Primary,P1-P7,,,400000,200000",
			    "column 'stages': expected stages such as R-Y6, Y7-Y13 or R-Y13, got 'P1-P7'");
}
END_TEST

Suite *suite_load(void)
{
	Suite *s = suite_create("load");
	TCase *tc = tcase_create("load");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, mini_region);
	tcase_add_test(tc, value_mapping_and_filter);
	tcase_add_test(tc, bad_values);
	tcase_add_test(tc, join_encoding_hint);
	tcase_add_test(tc, long_population);
	tcase_add_test(tc, previous_population_without_council);
	tcase_add_test(tc, wide_population_top_ages);
	tcase_add_test(tc, edinburgh_counts);
	tcase_add_test(tc, edinburgh_proj_vs_grid);
	tcase_add_test(tc, northern_alliance_filter);
	tcase_add_test(tc, bad_counts);
	tcase_add_test(tc, empty_rolls_counted);
	tcase_add_test(tc, bad_counts_geojson);
	tcase_add_test(tc, bad_population_counts);
	tcase_add_test(tc, header_only_files);
	tcase_add_test(tc, stages_shipped_scotland);
	tcase_add_test(tc, stages_shipped_england);
	tcase_add_test(tc, stages_bad_files);
	tcase_add_test(tc, stages_england_phases);
	tcase_add_test(tc, stages_england_bad_schools);
	suite_add_tcase(s, tc);
	return s;
}
