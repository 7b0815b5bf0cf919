/*
 * test_core.c: core/: errors (first wins), diagnostics, buf, strmap, the
 * strict number parsers, paths, flat geometries and the region's id maps.
 */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

START_TEST(err_first_wins)
{
	struct le_err e;

	le_err_clear(&e);
	ck_assert_int_eq(le_errf(&e, LE_EPARSE, "%s:%d: bad '%s'", "a.csv", 3, "x"), LE_EPARSE);
	ck_assert_int_eq(le_errf(&e, LE_EIO, "later"), LE_EPARSE);
	ck_assert_str_eq(e.msg, "a.csv:3: bad 'x'");
	ck_assert_str_eq(le_code_name(LE_EGEO), "LE_EGEO");
	ck_assert_int_eq(le_errf(NULL, LE_EDB, "x"), LE_EDB);
}
END_TEST

START_TEST(diags_count)
{
	struct le_diags d;

	le_diags_init(&d);
	le_diag_add(&d, LE_WARNING, "join", "zone '%s' missing", "S1");
	le_diag_add(&d, LE_ERROR, "dup", "twice");
	ck_assert_uint_eq(d.n, 2);
	ck_assert_uint_eq(d.nwarnings, 1);
	ck_assert_uint_eq(d.nerrors, 1);
	ck_assert_str_eq(d.v[0].msg, "zone 'S1' missing");
	ck_assert_str_eq(d.v[1].topic, "dup");
	le_diags_release(&d);
	ck_assert_uint_eq(d.n, 0);
}
END_TEST

START_TEST(buf_grows)
{
	struct buf b;
	char *s;
	int i;

	buf_init(&b);
	for (i = 0; i < 1000; i++)
		buf_addf(&b, "%d,", i % 10);
	ck_assert_uint_eq(b.len, 2000);
	ck_assert_int_eq(b.s[1998], '9');
	buf_reset(&b);
	buf_adds(&b, "ab");
	buf_addc(&b, 'c');
	s = buf_detach(&b);
	ck_assert_str_eq(s, "abc");
	ck_assert_str_eq(b.s, "");
	free(s);
	buf_release(&b);
}
END_TEST

START_TEST(strmap_many)
{
	struct strmap m;
	char key[32];
	int i;

	strmap_init(&m);
	ck_assert_int_eq(strmap_get(&m, "x"), -1);
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof(key), "S01%06d", i);
		ck_assert_int_eq(strmap_put(&m, key, i), -1);
	}
	/* A duplicate keeps the first value and reports it. */
	ck_assert_int_eq(strmap_put(&m, "S01000007", 99), 7);
	for (i = 0; i < 10000; i += 37) {
		snprintf(key, sizeof(key), "S01%06d", i);
		ck_assert_int_eq(strmap_get(&m, key), i);
	}
	ck_assert_int_eq(strmap_get(&m, "S01"), -1);
	ck_assert_uint_eq(m.n, 10000);
	strmap_release(&m);
}
END_TEST

START_TEST(numbers_strict)
{
	double v;
	long l;

	ck_assert_int_eq(le_parse_double(" 12.5 ", &v), 0);
	ck_assert(v == 12.5);
	ck_assert_int_eq(le_parse_double("-3.1695825", &v), 0);
	ck_assert(v == -3.1695825);
	ck_assert_int_eq(le_parse_double("", &v), -1);
	ck_assert_int_eq(le_parse_double("12 pupils", &v), -1);
	ck_assert_int_eq(le_parse_double("1,200", &v), -1);
	ck_assert_int_eq(le_parse_double("nan", &v), -1);
	ck_assert_int_eq(le_parse_double("inf", &v), -1);
	ck_assert_int_eq(le_parse_double("0x10", &v), -1);
	ck_assert_int_eq(le_parse_double("1e400", &v), -1);
	ck_assert_int_eq(le_parse_long("2023", &l), 0);
	ck_assert_int_eq(l, 2023);
	ck_assert_int_eq(le_parse_long("2023.5", &l), -1);
	ck_assert_int_eq(le_parse_long("x", &l), -1);
}
END_TEST

/* le_fmt_fixed against hand-worked strings: printf rounds the exact
 * binary value, ties to even, and keeps the sign of a negative zero. */
START_TEST(fixed_known)
{
	static const struct {
		double v;
		int dec;
		const char *want;
	} t[] = {
		{ 0, 2, "0.00" }, { -0.0, 2, "-0.00" }, { 0.125, 2, "0.12" },
		{ 0.375, 2, "0.38" }, { 2.675, 2, "2.67" }, { 1.005, 2, "1.00" },
		{ -0.001, 2, "-0.00" }, { -1.25, 1, "-1.2" }, { 0.5, 0, "0" },
		{ 1.5, 0, "2" }, { 2.5, 0, "2" }, { 99.995, 2, "100.00" },
		{ 0.05, 1, "0.1" }, { 0.04999, 1, "0.0" }, { 325418.5, 1, "325418.5" },
		{ -3.1695825, 6, "-3.169583" }, { 1e15, 2, "1000000000000000.00" },
		{ 123456789.987654, 2, "123456789.99" }, { 7, 9, "7.000000000" },
	};
	char out[64];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_int_eq(le_fmt_fixed(t[i].v, t[i].dec, out), (int)strlen(t[i].want));
		ck_assert_str_eq(out, t[i].want);
	}
}
END_TEST

/* le_fmt_fixed byte for byte against printf on many values: decimals as
 * they come from data (k/10^j, many of them exact halves in decimal but
 * not in binary), random doubles over 24 binary orders of magnitude,
 * both signs, and 0 to 9 decimals. */
START_TEST(fixed_vs_printf)
{
	char a[64], b[64];
	unsigned long long x = 88172645463325252ULL;
	int i, dec;

	for (i = 0; i < 100000; i++) {
		double v;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		dec = (int)(x % 10);
		if (i % 3 == 0)
			v = (double)(long long)(x % 200000001ULL - 100000000) / 1000.0;
		else if (i % 3 == 1)
			v = (double)(long long)(x % 2000001ULL - 1000000) / (double)(1 + x % 7 * 10);
		else
			v = ldexp((double)(x >> 11) / 9007199254740992.0, (int)(x % 48) - 24) *
			    (x & 1024 ? -1 : 1);
		snprintf(b, sizeof(b), "%.*f", dec, v);
		ck_assert_int_eq(le_fmt_fixed(v, dec, a), (int)strlen(b));
		ck_assert_msg(strcmp(a, b) == 0, "%.17g dec %d: %s, printf %s", v, dec, a, b);
	}
}
END_TEST

START_TEST(text_helpers)
{
	char s[] = "  Age 5 \t";
	char *p;

	ck_assert(le_strcaseeq("SchUID", "schuid"));
	ck_assert(!le_strcaseeq("SchUID", "schuids"));
	ck_assert_str_eq(le_trim(s), "Age 5");
	p = le_dirname("scenarios/edinburgh/study.ini");
	ck_assert_str_eq(p, "scenarios/edinburgh");
	free(p);
	p = le_dirname("study.ini");
	ck_assert_str_eq(p, ".");
	free(p);
	p = le_path_join("scenarios/edinburgh", "../../gis/x.csv");
	ck_assert_str_eq(p, "gis/x.csv");
	free(p);
	p = le_path_join("../a/./b", "../../../c.csv");
	ck_assert_str_eq(p, "../../c.csv");
	free(p);
	p = le_path_join("/data/studies", "../gis/z.geojson");
	ck_assert_str_eq(p, "/data/gis/z.geojson");
	free(p);
	p = le_path_join("scenarios", "/abs/x.csv");
	ck_assert_str_eq(p, "/abs/x.csv");
	free(p);
	ck_assert_str_eq(le_basename("a/b/c.csv"), "c.csv");
}
END_TEST

START_TEST(geom_build)
{
	struct le_geom g, h;
	double bb[4];
	int i;

	le_geom_init(&g);
	/* A MultiPolygon of two squares, the second with a hole. */
	le_geom_begin(&g, LE_GEOM_MULTIPOLYGON);
	le_geom_poly(&g);
	le_geom_part(&g);
	le_geom_point(&g, 0, 0); le_geom_point(&g, 1, 0); le_geom_point(&g, 1, 1);
	le_geom_point(&g, 0, 1); le_geom_point(&g, 0, 0);
	le_geom_poly(&g);
	le_geom_part(&g);
	for (i = 0; i < 5; i++)
		le_geom_point(&g, 10 + (i == 1 || i == 2) * 4, (i == 2 || i == 3) * 4);
	le_geom_part(&g);
	le_geom_point(&g, 11, 1); le_geom_point(&g, 12, 1); le_geom_point(&g, 12, 2);
	le_geom_point(&g, 11, 1);
	le_geom_finish(&g);
	ck_assert_int_eq(g.npoints, 14);
	ck_assert_int_eq(g.nparts, 3);
	ck_assert_int_eq(g.npolys, 2);
	ck_assert_int_eq(g.part_start[3], 14);
	ck_assert_int_eq(g.poly_start[1], 1);
	ck_assert_int_eq(g.poly_start[2], 3);
	ck_assert_int_eq(le_geom_bbox(&g, bb), 0);
	ck_assert(bb[0] == 0 && bb[1] == 0 && bb[2] == 14 && bb[3] == 4);
	le_geom_copy(&h, &g);
	le_geom_release(&g);
	ck_assert_int_eq(h.part_start[2], 10);
	ck_assert(h.xy[2 * 11] == 12);
	ck_assert_str_eq(le_geom_type_name(h.type), "MultiPolygon");
	le_geom_release(&h);
	ck_assert_int_eq(le_geom_bbox(&h, bb), -1);
}
END_TEST

START_TEST(region_ids)
{
	struct region r;
	int a, b;

	region_init(&r, NULL);
	ck_assert_str_eq(r.crs, "EPSG:27700");
	a = region_add_school(&r, "5520924P");
	b = region_add_school(&r, "8212627P");
	ck_assert_int_eq(a, 0);
	ck_assert_int_eq(b, 1);
	ck_assert_int_eq(region_add_school(&r, "5520924P"), -1);
	ck_assert_int_eq(region_school(&r, "8212627P"), 1);
	ck_assert(r.schools[0].capacity < 0 && r.schools[0].zone == -1);
	ck_assert_int_eq(region_add_zone(&r, "S01008686"), 0);
	region_pop_grow(&r);
	r.pop[5] = 12;
	ck_assert(region_pop(&r, 0, 5) == 12);
	ck_assert_int_eq(region_add_zone(&r, "S01008687"), 1);
	region_pop_grow(&r);
	ck_assert(region_pop(&r, 0, 5) == 12);
	ck_assert(region_pop(&r, 1, 5) == 0);
	ck_assert(region_pop(&r, 2, 5) == 0);
	region_release(&r);
}
END_TEST

START_TEST(words)
{
	ck_assert_int_eq(le_sector_parse("Primary"), LE_PRIMARY);
	ck_assert_int_eq(le_sector_parse("SPECIAL"), LE_SPECIAL);
	ck_assert_int_eq(le_sector_parse("Nursery"), -1);
	ck_assert_int_eq(le_grade_parse("c"), LE_GRADE_C);
	ck_assert_int_eq(le_grade_parse(""), LE_GRADE_NONE);
	ck_assert_int_eq(le_grade_parse("E"), -1);
	ck_assert_int_eq(le_grade_parse("AB"), -1);
	ck_assert_str_eq(le_grade_name(LE_GRADE_D), "D");
	ck_assert_str_eq(le_denom_name(LE_RC), "roman catholic");
}
END_TEST

/*
 * The thread count: one rule for every source (1..LE_THREADS_MAX), and
 * the precedence option > study > ESTATE_THREADS > online CPUs. Check
 * forks per test, so setenv stays in this test.
 */
START_TEST(threads_rule)
{
	static const char *const bad[] = { "0", "-1", "257", "100000", "x", "2.5", "", "4x", NULL };
	struct le_err err;
	int n = -7, i;

	ck_assert_int_eq(le_threads_parse("1", &n), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(le_threads_parse(" 256 ", &n), 0);
	ck_assert_int_eq(n, 256);
	for (i = 0; bad[i]; i++) {
		n = -7;
		ck_assert_msg(le_threads_parse(bad[i], &n) == -1, "'%s' accepted", bad[i]);
		ck_assert_int_eq(n, -7);
	}
	ck_assert_int_eq(le_threads_parse(NULL, &n), -1);
	ck_assert_int_ge(le_threads_online(), 1);
	ck_assert_int_le(le_threads_online(), LE_THREADS_MAX);

	unsetenv("ESTATE_THREADS");
	le_err_clear(&err);
	ck_assert_int_eq(le_threads_resolve(0, 0, &n, &err), LE_OK);
	ck_assert_int_eq(n, le_threads_online());
	ck_assert_int_eq(le_threads_resolve(0, 3, &n, &err), LE_OK);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(le_threads_resolve(5, 3, &n, &err), LE_OK);
	ck_assert_int_eq(n, 5);
	setenv("ESTATE_THREADS", "7", 1);
	ck_assert_int_eq(le_threads_resolve(0, 0, &n, &err), LE_OK);
	ck_assert_int_eq(n, 7);
	ck_assert_int_eq(le_threads_resolve(0, 3, &n, &err), LE_OK);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(le_threads_resolve(2, 3, &n, &err), LE_OK);
	ck_assert_int_eq(n, 2);
	/* A bad variable is an error even when the option wins. */
	for (i = 0; bad[i]; i++) {
		char want[160];

		setenv("ESTATE_THREADS", bad[i], 1);
		le_err_clear(&err);
		n = -7;
		ck_assert_int_eq(le_threads_resolve(2, 0, &n, &err), LE_EUSAGE);
		snprintf(want, sizeof(want), "ESTATE_THREADS: expected a whole number of "
			 "threads from 1 to 256, got '%s'", bad[i]);
		ck_assert_str_eq(err.msg, want);
		ck_assert_int_eq(n, -7);
	}
	unsetenv("ESTATE_THREADS");
}
END_TEST

/*
 * XXH64 against the reference: the first four are xxHash's published
 * vectors, the fifth (1,000 bytes, i * 7 + 3 mod 251) was computed with
 * Debian's libxxhash 0.8.1 through Python's ctypes. Fed whole and in
 * uneven pieces (1, 5, 33, ... bytes): the same digest, so a file read in
 * chunks hashes as one buffer.
 */
START_TEST(xxh64_reference)
{
	static const char *txt[] = { "", "a", "abc", "Nobody inspects the spammish repetition" };
	static const uint64_t want[] = { 0xef46db3751d8e999ULL, 0xd24ec4f1a98c6e5bULL,
					 0x44bc2cf5ad770999ULL, 0xfbcea83c8a378bf1ULL };
	static const size_t piece[] = { 1, 5, 33, 2, 31, 64, 7 };
	unsigned char b[1000];
	struct le_xxh64 s;
	size_t i, off, k;

	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(le_xxh64(txt[i], strlen(txt[i])), want[i]);
	for (i = 0; i < sizeof(b); i++)
		b[i] = (unsigned char)((i * 7 + 3) % 251);
	ck_assert_uint_eq(le_xxh64(b, sizeof(b)), 0x21f7a7424085ea4ULL);
	le_xxh64_init(&s);
	for (off = 0, k = 0; off < sizeof(b); off += piece[k % 7], k++)
		le_xxh64_add(&s, b + off, off + piece[k % 7] <= sizeof(b) ?
			     piece[k % 7] : sizeof(b) - off);
	ck_assert_uint_eq(s.total, sizeof(b));
	ck_assert_uint_eq(le_xxh64_digest(&s), 0x21f7a7424085ea4ULL);
}
END_TEST

/*
 * le_hash_file: the same bytes give the same key, one changed byte or one
 * byte more another; a missing file is LE_EIO with its name.
 */
START_TEST(hash_file_content)
{
	char dir[] = "/tmp/estate_hashXXXXXX", path[64], a[17], b[17];
	struct le_hash h;
	struct le_err e;
	FILE *fp;
	int i;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/f", dir);
	fp = fopen(path, "wb");
	for (i = 0; i < 3000000; i++)
		fputc('a' + i % 26, fp);
	fclose(fp);
	le_err_clear(&e);
	le_hash_init(&h);
	ck_assert_int_eq(le_hash_file(&h, path, &e), LE_OK);
	le_hash_hex(&h, a);
	le_hash_init(&h);
	ck_assert_int_eq(le_hash_file(&h, path, &e), LE_OK);
	le_hash_hex(&h, b);
	ck_assert_str_eq(a, b);
	/* One byte in the middle of the second 1 MB chunk. */
	fp = fopen(path, "r+b");
	fseek(fp, 1500000, SEEK_SET);
	fputc('#', fp);
	fclose(fp);
	le_hash_init(&h);
	ck_assert_int_eq(le_hash_file(&h, path, &e), LE_OK);
	le_hash_hex(&h, b);
	ck_assert_str_ne(a, b);
	unlink(path);
	rmdir(dir);
	le_hash_init(&h);
	ck_assert_int_eq(le_hash_file(&h, path, &e), LE_EIO);
	ck_assert_ptr_nonnull(strstr(e.msg, "cannot read '/tmp/estate_hash"));
}
END_TEST

/* What the progress sink was given. */
static char prog_log[512];

static void log_sink(struct le_progress *p, double done, int final, int completed)
{
	size_t n = strlen(prog_log);

	snprintf(prog_log + n, sizeof(prog_log) - n, "%s%ld/%.0f%s ", final ? "end:" : "",
		 p->step, done, final && !completed ? "!" : "");
}

/* Progress reaches the sink once per whole percent or count, and once
 * at the end; with no sink nothing is called. */
START_TEST(progress_steps)
{
	struct le_progress p;

	prog_log[0] = '\0';
	le_progress_begin(&p, "x", 1000, LE_PROGRESS_PERCENT);
	le_progress_update(&p, 5);  /* no sink yet: nothing */
	le_progress_set_sink(log_sink);
	le_progress_begin(&p, "x", 1000, LE_PROGRESS_PERCENT);
	le_progress_update(&p, 5);
	le_progress_update(&p, 9);      /* still 0 % */
	le_progress_update(&p, 10);
	le_progress_update(&p, 999);
	le_progress_end(&p, 1);
	ck_assert_str_eq(prog_log, "0/5 1/10 99/999 end:100/1000 ");
	prog_log[0] = '\0';
	le_progress_begin(&p, "scenario", 3, LE_PROGRESS_COUNT);
	le_progress_update(&p, 1);
	le_progress_update(&p, 1);
	le_progress_update(&p, 2);
	le_progress_end(&p, 0);
	ck_assert_str_eq(prog_log, "1/1 2/2 end:2/-1! ");
	/* An unknown total (size 0) reports nothing. */
	prog_log[0] = '\0';
	le_progress_begin(&p, "x", 0, LE_PROGRESS_PERCENT);
	le_progress_update(&p, 5);
	le_progress_end(&p, 1);
	ck_assert_str_eq(prog_log, "");
	le_progress_set_sink(NULL);
}
END_TEST

Suite *suite_core(void)
{
	Suite *s = suite_create("core");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, err_first_wins);
	tcase_add_test(tc, diags_count);
	tcase_add_test(tc, buf_grows);
	tcase_add_test(tc, strmap_many);
	tcase_add_test(tc, numbers_strict);
	tcase_add_test(tc, text_helpers);
	tcase_add_test(tc, fixed_known);
	tcase_add_test(tc, fixed_vs_printf);
	tcase_add_test(tc, geom_build);
	tcase_add_test(tc, region_ids);
	tcase_add_test(tc, words);
	tcase_add_test(tc, threads_rule);
	tcase_add_test(tc, xxh64_reference);
	tcase_add_test(tc, hash_file_content);
	tcase_add_test(tc, progress_steps);
	suite_add_tcase(s, tc);
	return s;
}
