/*
 * test_io_study.c: unit tests for io_study_read: parsed values, paths
 * resolved against the study file, line numbers, defaults, the exact text
 * of every error message, and the bundled Edinburgh demo study.
 */
#include "testutil.h"

#include "io/io.h"

#include <stdlib.h>
#include <string.h>

/* A minimal valid study, for tests that add one thing to it. */
#define MINIMAL "[study]\nbase_year = 2023\n[schools]\nfile = s.csv\n"

/* Read text as a study file; *path gets the temporary path (malloc'd). */
static int read_text(const char *text, char **path, struct study *s,
		     struct le_err *err)
{
	*path = tu_write_tmp(".ini", text);
	le_err_clear(err);
	return io_study_read(*path, s, err);
}

/* Read text that must fail with LE_EPARSE and message fmt, where fmt's
 * first %s is the path (and an optional %d the line). */
static void expect_error(const char *text, const char *fmt, int line)
{
	struct study s;
	struct le_err err;
	char *path, want[1100];
	int rc = read_text(text, &path, &s, &err);

	snprintf(want, sizeof(want), fmt, path, line);
	ck_assert_int_eq(rc, LE_EPARSE);
	ck_assert_int_eq(err.code, LE_EPARSE);
	ck_assert_str_eq(err.msg, want);
	/* A failed read leaves nothing to release, and release is harmless. */
	ck_assert_ptr_null(s.path);
	io_study_release(&s);
	free(path);
}

/* Expected resolved path: the temporary file's folder + name. */
static char *beside(const char *path, const char *name)
{
	char *dir = le_dirname(path), *r = le_path_join(dir, name);
	free(dir);
	return r;
}

/* The [model] keys, in the order the unknown-key message lists them. */
#define MODEL_KEYS \
	"method, allocation, stages, parameters, ppr, catchment, " \
	"flows, housing, history, progression_years, detour_factor, " \
	"rc_share, gaelic_share, catchment_outside, " \
	"population_previous, population_previous_year, transport, " \
	"costs, simd, candidates, landmass_gap_m, ferries, cross_boundary, " \
	"stage_rolls, stage_rolls_years, school_changes, " \
	"forecast, births, yield, appraisal_years, criteria, consult, deprivation, deprivation_name"

START_TEST(test_full)
{
	const char *text =
		"; a study\n"
		"[study]\n"
		"name = Test council\n"
		"crs = EPSG:27700\n"
		"base_year = 2023\n"
		"horizon_years = 10\n"
		"output = out/here\n"
		"\n"
		"[schools]\n"
		"file = data/schools.csv\n"
		"id = SchUID\n"
		"name = SchoolName\n"
		"sector = SchoolType\n"
		"sector.Primary = primary\n"
		"x = Easting\n"
		"crs = EPSG:4326\n"
		"filter.LACode = S12000033, S12000034\n"
		"[zones]\n"
		"file = /abs/zones.gpkg\n"
		"layer = dz\n"
		"geometry = geom\n"
		"id = DataZone\n"
		"[population]\n"
		"file = pop.csv\n"
		"zone = Data zone code\n"
		"year = 2021\n"
		"age_columns = Age\n"
		"total = Total population\n";
	struct study s;
	struct le_err err;
	char *path, *want;
	const struct study_layer *sch, *z, *pop;

	ck_assert_int_eq(read_text(text, &path, &s, &err), LE_OK);
	ck_assert_int_eq(err.code, LE_OK);
	ck_assert_str_eq(s.path, path);
	ck_assert_str_eq(s.name, "Test council");
	ck_assert_str_eq(s.crs, "EPSG:27700");
	ck_assert_int_eq(s.base_year, 2023);
	ck_assert_int_eq(s.horizon_years, 10);
	want = beside(path, "out/here");
	ck_assert_str_eq(s.output, want);
	free(want);

	sch = &s.layers[STUDY_SCHOOLS];
	ck_assert_int_eq(sch->present, 1);
	ck_assert_int_eq(sch->line, 9);
	want = beside(path, "data/schools.csv");
	ck_assert_str_eq(sch->file, want);
	free(want);
	ck_assert_str_eq(sch->file_given, "data/schools.csv");
	ck_assert_int_eq(sch->file_line, 10);
	ck_assert_str_eq(sch->crs, "EPSG:4326");
	ck_assert_int_eq(sch->crs_line, 16);
	ck_assert_int_eq(sch->nfields, 4);
	ck_assert_str_eq(sch->fields[0].key, "id");
	ck_assert_str_eq(sch->fields[0].val, "SchUID");
	ck_assert_int_eq(sch->fields[0].line, 11);
	ck_assert_int_eq(sch->nmaps, 1);
	ck_assert_str_eq(sch->maps[0].key, "sector.Primary");
	ck_assert_str_eq(sch->maps[0].val, "primary");
	ck_assert_int_eq(sch->maps[0].line, 14);
	ck_assert_int_eq(sch->nfilters, 1);
	ck_assert_str_eq(sch->filters[0].key, "LACode");
	ck_assert_str_eq(sch->filters[0].val, "S12000033, S12000034");
	ck_assert_int_eq(sch->filters[0].line, 17);
	ck_assert_str_eq(study_get(sch, "name"), "SchoolName");
	ck_assert_int_eq(study_line(sch, "x"), 15);
	ck_assert_str_eq(study_get(sch, "crs"), "EPSG:4326");
	ck_assert_int_eq(study_line(sch, "crs"), 16);
	ck_assert_str_eq(study_get(sch, "file"), sch->file);
	ck_assert_int_eq(study_line(sch, "file"), 10);
	ck_assert_ptr_null(study_get(sch, "roll"));
	ck_assert_int_eq(study_line(sch, "roll"), 0);

	z = &s.layers[STUDY_ZONES];
	ck_assert_str_eq(z->file, "/abs/zones.gpkg");
	ck_assert_str_eq(z->layer, "dz");
	ck_assert_str_eq(z->geometry, "geom");
	ck_assert_str_eq(study_get(z, "layer"), "dz");
	ck_assert_int_eq(study_line(z, "geometry"), 21);
	ck_assert_ptr_null(z->crs);
	ck_assert_int_eq(z->crs_line, 0);

	pop = &s.layers[STUDY_POPULATION];
	ck_assert_str_eq(study_get(pop, "zone"), "Data zone code");
	ck_assert_str_eq(study_get(pop, "year"), "2021");
	ck_assert_int_eq(study_line(pop, "year"), 26);
	ck_assert_str_eq(study_get(pop, "age_columns"), "Age");
	ck_assert_str_eq(study_get(pop, "total"), "Total population");

	ck_assert_int_eq(s.layers[STUDY_BOUNDARIES].present, 0);
	ck_assert_int_eq(s.layers[STUDY_ROADS].present, 0);
	ck_assert_ptr_null(s.layers[STUDY_ROADS].file);
	io_study_release(&s);
	io_study_release(&s);   /* twice is harmless */
	io_study_release(NULL);
	free(path);
}
END_TEST

START_TEST(test_defaults)
{
	struct study s;
	struct le_err err;
	char *path, *want;

	ck_assert_int_eq(read_text(MINIMAL, &path, &s, &err), LE_OK);
	ck_assert_ptr_null(s.name);
	ck_assert_str_eq(s.crs, "EPSG:27700");
	ck_assert_int_eq(s.horizon_years, 15);
	want = beside(path, "output");
	ck_assert_str_eq(s.output, want);
	free(want);
	want = le_dirname(path);
	ck_assert_str_eq(s.dir, want);
	free(want);
	io_study_release(&s);
	free(path);
}
END_TEST

/* Indented keys, CRLF line ends, a BOM, comments, inline comments and
 * spaces around '=' are all plain INI a planner may write. */
START_TEST(test_lenient_syntax)
{
	const char *text =
		"\xEF\xBB\xBF[study]\r\n"
		"  base_year=2023   ; the census year\r\n"
		"# a comment\r\n"
		"\tname =  Spaced name  \r\n"
		"[ schools ]\r\n"
		"    file = s.csv\r\n"
		"    id = SchUID\r\n"
		"    name = School;Name\r\n";
	struct study s;
	struct le_err err;
	char *path;
	const struct study_layer *l;

	ck_assert_int_eq(read_text(text, &path, &s, &err), LE_OK);
	ck_assert_int_eq(s.base_year, 2023);
	ck_assert_str_eq(s.name, "Spaced name");
	l = &s.layers[STUDY_SCHOOLS];
	ck_assert_int_eq(l->line, 5);
	ck_assert_str_eq(l->file_given, "s.csv");
	ck_assert_str_eq(study_get(l, "id"), "SchUID");
	ck_assert_int_eq(study_line(l, "id"), 7);
	/* ';' without a space before it is part of the value. */
	ck_assert_str_eq(study_get(l, "name"), "School;Name");
	io_study_release(&s);
	free(path);
}
END_TEST

/* Lines up to 199 bytes pass whole; a longer one is an error, not cut. */
START_TEST(test_line_length)
{
	struct study s;
	struct le_err err;
	struct buf b;
	char *path, want[600];
	size_t pad;

	buf_init(&b);
	buf_adds(&b, MINIMAL "filter.LACode = ");
	pad = 199 - strlen("filter.LACode = ");
	while (pad--)
		buf_addc(&b, 'a');
	buf_addc(&b, '\n');
	ck_assert_int_eq(read_text(b.s, &path, &s, &err), LE_OK);
	ck_assert_uint_eq(strlen(s.layers[STUDY_SCHOOLS].filters[0].val),
			  199 - strlen("filter.LACode = "));
	io_study_release(&s);
	free(path);

	/* One more byte, on line 5, without a final newline. */
	b.s[--b.len] = '\0';
	buf_addc(&b, 'a');
	ck_assert_int_eq(read_text(b.s, &path, &s, &err), LE_EPARSE);
	snprintf(want, sizeof(want), "%s:5: line is longer than 199 characters "
		 "(shorten the value or its path; a study line holds at most "
		 "199)", path);
	ck_assert_str_eq(err.msg, want);
	free(path);
	buf_release(&b);
}
END_TEST

START_TEST(test_output_section)
{
	struct study s;
	struct le_err err;
	char *path;

	le_err_clear(&err);
	ck_assert_int_eq(read_text("[study]\nbase_year = 2023\n[schools]\nfile = s.csv\n"
				   "[output]\ndatabase = PG:dbname=estate host=gis\nschema = moray\n",
				   &path, &s, &err), LE_OK);
	ck_assert_str_eq(s.database, "PG:dbname=estate host=gis");
	ck_assert_int_eq(s.database_line, 6);
	ck_assert_str_eq(s.schema, "moray");
	ck_assert_int_eq(s.schema_line, 7);
	io_study_release(&s);
	free(path);
	/* Not given: NULL (no store). */
	ck_assert_int_eq(read_text("[study]\nbase_year = 2023\n[schools]\nfile = s.csv\n",
				   &path, &s, &err), LE_OK);
	ck_assert_ptr_null(s.database);
	ck_assert_ptr_null(s.schema);
	io_study_release(&s);
	free(path);
	/* The value is not echoed: it may hold a password. */
	expect_error("[study]\nbase_year = 2023\n[output]\ndatabase = dbname=x password=hunter2\n",
		     "%s:%d: database must be a PostGIS connection starting with 'PG:', "
		     "such as 'PG:dbname=estate host=gis'", 4);
	expect_error("[study]\nbase_year = 2023\n[output]\nfolder = x\n",
		     "%s:%d: unknown key 'folder' in [output] (expected database or schema)", 4);
	expect_error("[study]\nbase_year = 2023\n[output]\nschema = a\nschema = b\n",
		     "%s:%d: 'schema' is given twice in [output] (first on line 4)", 5);
	expect_error("[study]\nbase_year = 2023\n[output]\n[output]\n",
		     "%s:%d: [output] is given twice (first on line 3)", 4);
}
END_TEST

START_TEST(test_missing_file)
{
	struct study s;
	struct le_err err;

	le_err_clear(&err);
	ck_assert_int_eq(io_study_read("/nonexistent/study.ini", &s, &err),
			 LE_EIO);
	ck_assert_str_eq(err.msg, "cannot open '/nonexistent/study.ini': No "
			 "such file or directory");
	io_study_release(&s);
}
END_TEST

START_TEST(test_errors_study)
{
	expect_error("[study]\nbase_year = 2023\n[school]\nfile = x\n",
		     "%s:%d: unknown section '[school]' (expected study, schools, "
		     "zones, population, boundaries, roads, zone_boundaries, model or output)", 3);
	expect_error("[study]\nbase_year = 2023\nhorizon = 10\n",
		     "%s:%d: unknown key 'horizon' in [study] (expected name, "
		     "crs, base_year, horizon_years, output, recommendation, "
		     "recommendation_file, illustrative, attribution, scenarios or threads)", 3);
	expect_error("[study]\nbase_year = abc\n",
		     "%s:%d: base_year must be a year such as 2023, got 'abc'", 2);
	expect_error("[study]\nbase_year = 1850\n",
		     "%s:%d: base_year must be between 1990 and 2100, got '1850'",
		     2);
	expect_error("[study]\nbase_year = 2023\nhorizon_years = 0\n",
		     "%s:%d: horizon_years must be a whole number of years from "
		     "1 to 50, got '0'", 3);
	expect_error("[study]\nname = x\n[schools]\nfile = s.csv\n",
		     "%s: [study] needs base_year (the census year of the school "
		     "roll, e.g. 2023)", 0);
	expect_error("[schools]\nfile = s.csv\n",
		     "%s: [study] needs base_year (the census year of the school "
		     "roll, e.g. 2023)", 0);
	expect_error("[study]\nbase_year = 2023\n",
		     "%s: the study needs a [schools] section naming the school "
		     "file", 0);
	expect_error("[study]\nbase_year = 2023\nbase_year = 2022\n",
		     "%s:%d: 'base_year' is given twice in [study] (first on "
		     "line 2)", 3);
	expect_error("base_year = 2023\n[study]\n",
		     "%s:%d: 'base_year' comes before any section (start the file "
		     "with [study])", 1);
	expect_error("[study]\nname =\nbase_year = 2023\n",
		     "%s:%d: 'name' has no value (write 'name = ...' or leave the "
		     "line out)", 2);
	expect_error("[study]\nbase_year = 2023\njust words\n",
		     "%s:%d: expected 'key = value', a [section] or a comment, "
		     "got 'just words'", 3);
	/* A syntax error comes before a later error of ours. */
	expect_error("[study\nbase_year = 2023\nbogus = 1\n",
		     "%s:%d: expected 'key = value', a [section] or a comment, "
		     "got '[study'", 1);
	expect_error(MINIMAL "[study]\n",
		     "%s:%d: [study] is given twice (first on line 1)", 5);
}
END_TEST

/*
 * [study] threads: read with its line, checked by the one rule of
 * le_threads_parse (1 to LE_THREADS_MAX); 0, negative, non-numeric and
 * absurd counts are errors at their line, never a silent default.
 */
START_TEST(test_threads_key)
{
	struct study s;
	struct le_err err;
	char *path;

	ck_assert_int_eq(read_text("[study]\nbase_year = 2023\nthreads = 3\n"
				   "[schools]\nfile = s.csv\n", &path, &s, &err), LE_OK);
	ck_assert_int_eq(s.threads, 3);
	ck_assert_int_eq(s.threads_line, 3);
	io_study_release(&s);
	free(path);
	/* Absent: 0, so the environment or the CPUs decide. */
	ck_assert_int_eq(read_text(MINIMAL, &path, &s, &err), LE_OK);
	ck_assert_int_eq(s.threads, 0);
	ck_assert_int_eq(s.threads_line, 0);
	io_study_release(&s);
	free(path);
	expect_error("[study]\nbase_year = 2023\nthreads = 0\n",
		     "%s:%d: threads must be a whole number of threads from 1 to 256, got '0'", 3);
	expect_error("[study]\nthreads = -2\nbase_year = 2023\n",
		     "%s:%d: threads must be a whole number of threads from 1 to 256, got '-2'", 2);
	expect_error("[study]\nbase_year = 2023\nthreads = four\n",
		     "%s:%d: threads must be a whole number of threads from 1 to 256, got 'four'", 3);
	expect_error("[study]\nbase_year = 2023\nthreads = 2.5\n",
		     "%s:%d: threads must be a whole number of threads from 1 to 256, got '2.5'", 3);
	expect_error("[study]\nbase_year = 2023\nthreads = 100000\n",
		     "%s:%d: threads must be a whole number of threads from 1 to 256, got '100000'", 3);
	expect_error("[study]\nbase_year = 2023\nthreads = 2\nthreads = 4\n",
		     "%s:%d: 'threads' is given twice in [study] (first on line 3)", 4);
}
END_TEST

/*
 * The board paper's words: attribution is a list in file order (the one
 * [study] key that may repeat), the recommendation comes from its text
 * or from a file read when the study is (trailing blank lines dropped),
 * once; a missing file is an error at its line.
 */
/*
 * Study and parameter files in another encoding than UTF-8: the line and
 * the first bad byte as an editor counts it (indentation and a BOM
 * included), for both INI readers (study.c, ini.c). A UTF-8 name and a
 * BOM still read.
 */
START_TEST(test_not_utf8)
{
	struct io_ini ini;
	struct le_err err;
	char *path, want[300];

	/* Latin-1 "é" (0xE9) in the name, indented by two spaces. */
	expect_error("[study]\nbase_year = 2023\n  name = Mini r\xe9gion\n"
		     "[schools]\nfile = s.csv\n",
		     "%s:%d: text is not valid UTF-8 (byte 0xE9, byte 16 of the line; save the file as UTF-8)",
		     3);
	/* In a comment too: the file is refused whole, not in part. */
	expect_error("; Gh\xe0idhlig\n[study]\nbase_year = 2023\n",
		     "%s:%d: text is not valid UTF-8 (byte 0xE0, byte 5 of the line; save the file as UTF-8)",
		     1);

	path = tu_write_tmp(".ini", "\xEF\xBB\xBF[scenario]\nname = Gh\xC3\xA0idhlig\n"
			    "description = St Mary\x92s\n");
	le_err_clear(&err);
	ck_assert_int_eq(io_ini_read(path, &ini, &err), LE_EPARSE);
	snprintf(want, sizeof(want),
		 "%s:3: text is not valid UTF-8 (byte 0x92, byte 22 of the line; save the file as UTF-8)",
		 path);
	ck_assert_str_eq(err.msg, want);
	io_ini_release(&ini);
	free(path);

	path = tu_write_tmp(".ini", "\xEF\xBB\xBF[scenario]\nname = Gh\xC3\xA0idhlig\n");
	ck_assert_int_eq(io_ini_read(path, &ini, &err), LE_OK);
	ck_assert_int_eq(ini.n, 1);
	ck_assert_str_eq(ini.v[0].val, "Gh\xC3\xA0idhlig");
	io_ini_release(&ini);
	free(path);
}
END_TEST

START_TEST(test_paper_keys)
{
	struct study s;
	struct le_err err;
	char *path, *rec = tu_write_tmp(".txt", "Approve option B.\n\nThen consult.\n\n");
	struct buf text;

	buf_init(&text);
	buf_addf(&text, "[study]\nbase_year = 2023\nattribution = A (OGL v3)\n"
		 "illustrative = capacities are invented\nattribution = B & C\n"
		 "recommendation_file = %s\n[schools]\nfile = s.csv\n", rec);
	ck_assert_int_eq(read_text(text.s, &path, &s, &err), LE_OK);
	ck_assert_int_eq(s.nattribution, 2);
	ck_assert_str_eq(s.attribution[0], "A (OGL v3)");
	ck_assert_str_eq(s.attribution[1], "B & C");
	ck_assert_str_eq(s.illustrative, "capacities are invented");
	ck_assert_str_eq(s.recommendation, "Approve option B.\n\nThen consult.");
	io_study_release(&s);
	ck_assert_ptr_null(s.attribution);
	free(path);
	ck_assert_int_eq(read_text("[study]\nbase_year = 2023\nrecommendation = Do B\n"
				   "[schools]\nfile = s.csv\n", &path, &s, &err), LE_OK);
	ck_assert_str_eq(s.recommendation, "Do B");
	ck_assert_int_eq(s.nattribution, 0);
	ck_assert_ptr_null(s.illustrative);
	io_study_release(&s);
	free(path);
	expect_error("[study]\nbase_year = 2023\nrecommendation = x\nrecommendation_file = r.txt\n",
		     "%s:%d: the recommendation is given twice in [study] (first on line 3): "
		     "use recommendation or recommendation_file", 4);
	buf_reset(&text);
	buf_addf(&text, "[study]\nbase_year = 2023\nrecommendation_file = %s.missing\n", rec);
	ck_assert_int_eq(read_text(text.s, &path, &s, &err), LE_EPARSE);
	ck_assert(strstr(err.msg, ":3: recommendation_file: cannot open '"));
	ck_assert(strstr(err.msg, ".missing': No such file or directory"));
	free(path);
	buf_release(&text);
	free(rec);
}
END_TEST

START_TEST(test_errors_layers)
{
	expect_error(MINIMAL "\n[zones]\nid = DataZone\n[roads]\nfile = r.geojson\n",
		     "%s:%d: [zones] needs 'file = ...'", 6);
	/* An empty section is reported at its header too. */
	expect_error("[study]\nbase_year = 2023\n[schools]\n",
		     "%s:%d: [schools] needs 'file = ...'", 3);
	expect_error(MINIMAL "nmae = SchoolName\n",
		     "%s:%d: unknown field 'nmae' in [schools] (expected one of: "
		     "id, name, sector, stages, denomination, gaelic, x, y, "
		     "capacity, condition, suitability, roll, zone, council, "
		     "urban_rural, type, low_age, high_age; or "
		     "an option: file, layer, geometry, crs, missing, join, join_on, "
		     "join_layer, encoding, join_encoding, filter.<column> or "
		     "<field>.<value>)", 5);
	expect_error(MINIMAL "[population]\nfile = p.csv\nages = Age\n",
		     "%s:%d: unknown field 'ages' in [population] (expected one "
		     "of: zone, age, count, total, council; or an option: file, layer, "
		     "geometry, crs, missing, join, join_on, join_layer, encoding, join_encoding, year, "
		     "age_columns, filter.<column> or "
		     "<field>.<value>)", 7);
	/* year and age_columns belong to [population] only. */
	expect_error(MINIMAL "[zones]\nfile = z.geojson\nyear = 2021\n",
		     "%s:%d: unknown field 'year' in [zones] (expected one of: id, "
		     "name, council, x, y; or an option: file, layer, geometry, crs, missing, join, join_on, join_layer, encoding, join_encoding, "
		     "filter.<column> or <field>.<value>)", 7);
	/* A value map must name a known field. */
	expect_error(MINIMAL "kind.Primary = primary\n",
		     "%s:%d: unknown field 'kind.Primary' in [schools] (expected "
		     "one of: id, name, sector, stages, denomination, gaelic, x, "
		     "y, capacity, condition, suitability, roll, zone, council, "
		     "urban_rural, type, low_age, high_age; "
		     "or an option: file, layer, geometry, crs, missing, join, join_on, join_layer, encoding, join_encoding, filter.<column> "
		     "or <field>.<value>)", 5);
	expect_error(MINIMAL "id = A\nname = B\nid = C\n",
		     "%s:%d: 'id' is given twice in [schools] (first on line 5)",
		     7);
	expect_error(MINIMAL "file = t.csv\n",
		     "%s:%d: 'file' is given twice in [schools] (first on line 4)",
		     5);
	expect_error(MINIMAL "filter.LACode = a\nfilter.LACode = b\n",
		     "%s:%d: 'filter.LACode' is given twice in [schools] (first "
		     "on line 5)", 6);
	expect_error(MINIMAL "sector.P = primary\nsector.P = special\n",
		     "%s:%d: 'sector.P' is given twice in [schools] (first on "
		     "line 5)", 6);
	expect_error(MINIMAL "filter. = a\n",
		     "%s:%d: 'filter.' needs a column name (filter.<column> = "
		     "value, value)", 5);
	expect_error(MINIMAL "sector. = a\n",
		     "%s:%d: 'sector.' needs the file's word after the dot "
		     "(<field>.<word in the file> = <our word>)", 5);
	expect_error(MINIMAL "[population]\nfile = p.csv\nyear = soon\n",
		     "%s:%d: year must be a year such as 2021, got 'soon'", 7);
	expect_error(MINIMAL "[schools]\nfile = t.csv\n",
		     "%s:%d: [schools] is given twice (first on line 3)", 5);
}
END_TEST

START_TEST(test_layer_names)
{
	ck_assert_str_eq(study_layer_name(STUDY_SCHOOLS), "schools");
	ck_assert_str_eq(study_layer_name(STUDY_ZONES), "zones");
	ck_assert_str_eq(study_layer_name(STUDY_POPULATION), "population");
	ck_assert_str_eq(study_layer_name(STUDY_BOUNDARIES), "boundaries");
	ck_assert_str_eq(study_layer_name(STUDY_ROADS), "roads");
	ck_assert_ptr_null(study_layer_name(STUDY_NLAYERS));
	ck_assert_ptr_null(study_layer_name(-1));
}
END_TEST

/* The demo's layer files, as resolved from scenarios/edinburgh/. */
#define DEMO_GIS "gis/edinburgh/"

/* The bundled demo must stay readable by the parser it ships with. */
START_TEST(test_demo_study)
{
	const char *path = "scenarios/edinburgh/study.ini";
	struct study s;
	struct le_err err;
	const struct study_layer *l;
	int k;

	le_err_clear(&err);
	ck_assert_msg(io_study_read(path, &s, &err) == LE_OK, "%s", err.msg);
	ck_assert_str_eq(s.name, "City of Edinburgh learning estate (demo)");
	ck_assert_str_eq(s.crs, "EPSG:27700");
	ck_assert_int_eq(s.base_year, 2023);
	ck_assert_int_eq(s.horizon_years, 15);
	ck_assert_str_eq(s.output, "output/edinburgh");

	l = &s.layers[STUDY_SCHOOLS];
	ck_assert_str_eq(l->file, DEMO_GIS "schools.csv");
	ck_assert_str_eq(study_get(l, "id"), "SchUID");
	ck_assert_str_eq(study_get(l, "capacity"), "Capacity");
	ck_assert_str_eq(study_get(l, "crs"), "EPSG:27700");
	ck_assert_int_eq(l->nfilters, 1);
	ck_assert_str_eq(l->filters[0].key, "LACode");
	ck_assert_str_eq(l->filters[0].val, "S12000036");

	l = &s.layers[STUDY_ZONES];
	ck_assert_str_eq(l->file, DEMO_GIS "zones.geojson");
	ck_assert_str_eq(study_get(l, "name"), "DataZoneName");
	ck_assert_str_eq(study_get(l, "council"), "CouncilCode");

	l = &s.layers[STUDY_POPULATION];
	ck_assert_str_eq(study_get(l, "zone"), "Data zone code");
	ck_assert_str_eq(study_get(l, "year"), "2021");
	ck_assert_str_eq(study_get(l, "age_columns"), "Age");
	ck_assert_str_eq(study_get(l, "total"), "Total population");

	l = &s.layers[STUDY_BOUNDARIES];
	ck_assert_str_eq(l->file, DEMO_GIS "council.geojson");
	ck_assert_str_eq(study_get(l, "id"), "LAD23CD");
	ck_assert_str_eq(study_get(l, "name"), "LAD23NM");

	l = &s.layers[STUDY_ROADS];
	ck_assert_str_eq(l->file, DEMO_GIS "roads.geojson");
	ck_assert_str_eq(study_get(l, "id"), "identifier");
	/* The files the study names are bundled (no ../shared at run time). */
	for (k = 0; k < STUDY_NLAYERS; k++)
		ck_assert_msg(!s.layers[k].present || tu_exists(s.layers[k].file), "%s missing",
			      s.layers[k].file);
	io_study_release(&s);
}
END_TEST

/* [model]: values kept, paths resolved, words and numbers checked. */
START_TEST(test_model_section)
{
	struct study s;
	struct le_err err;
	char *path, *want;
	int line;

	ck_assert_int_eq(read_text(MINIMAL "[model]\nmethod = progression\n"
				   "allocation = nearest\nppr = m/ppr.csv\n"
				   "progression_years = 3\n", &path, &s, &err),
			 LE_OK);
	ck_assert(s.model.present);
	ck_assert_int_eq(s.model.line, 5);
	ck_assert_str_eq(study_model_get(&s, "method", &line), "progression");
	ck_assert_int_eq(line, 6);
	want = beside(path, "m/ppr.csv");
	ck_assert_str_eq(study_model_get(&s, "ppr", NULL), want);
	ck_assert_ptr_null(study_model_get(&s, "housing", &line));
	ck_assert_int_eq(line, 0);
	free(want);
	io_study_release(&s);
	free(path);
	/* A mapping and a filter are kept as written, not resolved. */
	ck_assert_int_eq(read_text(MINIMAL "[model]\nhousing = h.csv\n"
				   "housing.zone = DZ\nhousing.filter.Status = "
				   "Consented, Started\n", &path, &s, &err), LE_OK);
	ck_assert_str_eq(study_model_get(&s, "housing.zone", &line), "DZ");
	ck_assert_int_eq(line, 7);
	ck_assert_str_eq(study_model_get(&s, "housing.filter.Status", NULL),
			 "Consented, Started");
	io_study_release(&s);
	free(path);
	/* Every input takes its file's encoding, kept as written (the name
	 * is checked where the file is read, with the file's suffix). */
	ck_assert_int_eq(read_text(MINIMAL "[model]\nhousing.encoding = windows-1252\n"
				   "history.encoding = latin1\ncatchment.encoding = cp1252\n"
				   "flows.encoding = utf-8\nferries.encoding = windows-1252\n"
				   "school_changes.encoding = windows-1252\n"
				   "stage_rolls.encoding = windows-1252\n"
				   "simd.encoding = windows-1252\n"
				   "deprivation.encoding = windows-1999\n", &path, &s, &err),
			 LE_OK);
	ck_assert_str_eq(study_model_get(&s, "housing.encoding", &line), "windows-1252");
	ck_assert_int_eq(line, 6);
	ck_assert_str_eq(study_model_get(&s, "history.encoding", NULL), "latin1");
	ck_assert_str_eq(study_model_get(&s, "catchment.encoding", NULL), "cp1252");
	ck_assert_str_eq(study_model_get(&s, "flows.encoding", NULL), "utf-8");
	ck_assert_str_eq(study_model_get(&s, "ferries.encoding", NULL), "windows-1252");
	ck_assert_str_eq(study_model_get(&s, "school_changes.encoding", NULL), "windows-1252");
	ck_assert_str_eq(study_model_get(&s, "stage_rolls.encoding", NULL), "windows-1252");
	ck_assert_str_eq(study_model_get(&s, "simd.encoding", NULL), "windows-1252");
	ck_assert_str_eq(study_model_get(&s, "deprivation.encoding", &line), "windows-1999");
	ck_assert_int_eq(line, 14);
	io_study_release(&s);
	free(path);
	/* The option belongs to an input: bare, it is an unknown key. */
	expect_error(MINIMAL "[model]\nencoding = windows-1252\n",
		     "%s:%d: unknown key 'encoding' in [model] (expected one of: " MODEL_KEYS ")", 6);
	expect_error(MINIMAL "[model]\nhousing.encoding = a\nhousing.encoding = b\n",
		     "%s:%d: 'housing.encoding' is given twice in [model] (first on "
		     "line 6)", 7);

	expect_error(MINIMAL "[model]\nmethod = cohort\n",
		     "%s:%d: method must be demand, progression or survival, got 'cohort'", 6);
	expect_error(MINIMAL "[model]\nallocation = closest\n",
		     "%s:%d: allocation must be catchment, nearest, observed or capacity, "
		     "got 'closest'", 6);
	expect_error(MINIMAL "[model]\ndetour_factor = 0.5\n",
		     "%s:%d: detour_factor must be a number from 1 to 5 (road "
		     "distance over straight-line distance), got '0.5'", 6);
	expect_error(MINIMAL "[model]\nrc_share = -0.1\n",
		     "%s:%d: rc_share must be a share from 0 to 1, got '-0.1'", 6);
	expect_error(MINIMAL "[model]\nprogression_years = 0\n",
		     "%s:%d: progression_years must be a whole number of years "
		     "from 1 to 20, got '0'", 6);
	expect_error(MINIMAL "[model]\nppr = a\nppr = b\n",
		     "%s:%d: 'ppr' is given twice in [model] (first on line 6)", 7);
	expect_error(MINIMAL "[model]\nhorizon = 3\n",
		     "%s:%d: unknown key 'horizon' in [model] (expected one of: " MODEL_KEYS ")", 6);
	/* Column mappings of the input tables: input and field checked. */
	expect_error(MINIMAL "[model]\nhouses.zone = DZ\n",
		     "%s:%d: unknown key 'houses.zone' in [model] (a column "
		     "mapping is <input>.<field> = COLUMN, input one of: "
		     "housing, history, catchment, flows, ferries, school_changes, stage_rolls, simd, deprivation)", 6);
	/* The zone deprivation input: simd = or deprivation = with its name,
	 * one of the two, mapped by the same fields. */
	expect_error(MINIMAL "[model]\nsimd = s.csv\ndeprivation = imd.csv\ndeprivation_name = IMD 2019\n",
		     "%s:%d: [model] simd and deprivation both name a deprivation file "
		     "(the other on line 6): give one of the two", 7);
	expect_error(MINIMAL "[model]\ndeprivation = imd.csv\nsimd = s.csv\ndeprivation_name = IMD 2019\n",
		     "%s:%d: [model] simd and deprivation both name a deprivation file "
		     "(the other on line 6): give one of the two", 7);
	expect_error(MINIMAL "[model]\ndeprivation = imd.csv\ndeprivation.decile = D\n",
		     "%s:%d: [model] deprivation needs deprivation_name = NAME, the "
		     "index's name in the reports (e.g. IMD 2019)", 6);
	expect_error(MINIMAL "[model]\ndeprivation_name = IMD 2019\n",
		     "%s:%d: [model] deprivation_name without a deprivation file "
		     "(add deprivation = FILE)", 6);
	expect_error(MINIMAL "[model]\ndeprivation = imd.csv\n"
		     "deprivation_name = English Indices of Deprivation 2019, IMD domain\n",
		     "%s:%d: [model] deprivation_name must be 1 to 40 characters (the "
		     "index's name in the reports, e.g. IMD 2019), got 'English Indices "
		     "of Deprivation 2019, IMD domain'", 7);
	expect_error(MINIMAL "[model]\ndeprivation = imd.csv\ndeprivation_name = IMD 2019\n"
		     "deprivation.decil = D\n",
		     "%s:%d: unknown field 'decil' of deprivation in [model] (expected "
		     "deprivation.<field> with field one of: zone, rank, quintile, "
		     "decile, vigintile; or deprivation.encoding, "
		     "deprivation.filter.<column>)", 8);
	/* The old name of the opened/closed list names the new key. */
	expect_error(MINIMAL "[model]\nclosures = list.csv\n",
		     "%s:%d: [model] closures: the key is now school_changes (the "
		     "same opened/closed list; map its columns with "
		     "school_changes.<field> = COLUMN)", 6);
	expect_error(MINIMAL "[model]\nclosures.school = Seed Code\n",
		     "%s:%d: [model] closures.school: the key is now school_changes "
		     "(the same opened/closed list; map its columns with "
		     "school_changes.<field> = COLUMN)", 6);
	expect_error(MINIMAL "[model]\nhousing.zones = DZ\n",
		     "%s:%d: unknown field 'zones' of housing in [model] "
		     "(expected housing.<field> with field one of: site, year, "
		     "units, dwelling_type, zone, x, y, discount; or "
		     "housing.encoding, housing.filter.<column>)", 6);
	expect_error(MINIMAL "[model]\nhistory.year = A\nhistory.year = B\n",
		     "%s:%d: 'history.year' is given twice in [model] (first on "
		     "line 6)", 7);
	expect_error(MINIMAL "[model]\ngaelic_share = 2\n",
		     "%s:%d: gaelic_share must be a share from 0 to 1, got '2'", 6);
	expect_error(MINIMAL "[model]\ncatchment_outside = drop\n",
		     "%s:%d: catchment_outside must be nearest or error, got 'drop'", 6);
	expect_error(MINIMAL "[model]\npopulation_previous_year = twenty\n",
		     "%s:%d: population_previous_year must be a year such as "
		     "2020, got 'twenty'", 6);
}
END_TEST

Suite *suite_io_study(void)
{
	Suite *s = suite_create("io_study");
	TCase *tc = tcase_create("io_study");

	tcase_add_test(tc, test_full);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_lenient_syntax);
	tcase_add_test(tc, test_line_length);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_output_section);
	tcase_add_test(tc, test_errors_study);
	tcase_add_test(tc, test_threads_key);
	tcase_add_test(tc, test_errors_layers);
	tcase_add_test(tc, test_layer_names);
	tcase_add_test(tc, test_demo_study);
	tcase_add_test(tc, test_model_section);
	tcase_add_test(tc, test_paper_keys);
	tcase_add_test(tc, test_not_utf8);
	suite_add_tcase(s, tc);
	return s;
}
