/*
 * test_forecast.c: the forecasting method on histories small enough to
 * check with a pencil: the published stage-roll reader (two header
 * wordings, both marker sets, a suppressed cell estimated, a school that
 * opened in the middle and a merger carried to its successor, the cut at
 * a base year), the empirical-Bayes shrinkage (a 5-pupil school pulled
 * toward the council more than a 500-pupil one), the survival projection
 * (recency weights, base year = observed, the range) and the backtest
 * statistics.
 */
#include "testutil.h"

#include "model/model.h"
#include "model/model_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-6

/* A study with only the [model] keys the reader looks at. */
struct fake_study {
	struct study s;
	struct study_kv kv[8];
};

static void fake_study(struct fake_study *f, const char *files, const char *years,
		       const char *changes)
{
	int n = 0;

	memset(f, 0, sizeof(*f));
	f->s.path = (char *)"study.ini";
	f->kv[n++] = (struct study_kv){ (char *)"stage_rolls", (char *)files, 10 };
	f->kv[n++] = (struct study_kv){ (char *)"stage_rolls_years", (char *)years, 11 };
	if (changes)
		f->kv[n++] = (struct study_kv){ (char *)"school_changes", (char *)changes, 12 };
	f->s.model.kv = f->kv;
	f->s.model.nkv = n;
	f->s.model.present = 1;
}

static int add_school(struct region *r, const char *id, int sector, double x)
{
	int k = region_add_school(r, id);
	struct school *sc = &r->schools[k];

	sc->name = xstrdup(id);
	sc->denom_text = xstrdup("Non-denominational");
	sc->sector = sector;
	sc->stages = sector == LE_PRIMARY ? TU_PRIMARY : TU_SECONDARY;
	sc->x = x;
	sc->roll = 70;
	sc->capacity = 100;
	return k;
}

/*
 * 2019: old wording ("Pupil roll(1)", markers * and #); 2020 and 2021 the
 * new one ("Pupil roll", c and z). School A (1000001) with a suppressed
 * P3 in 2019 (roll 70, known stages 67: P3 = 3) and P4, P5 suppressed in
 * 2020 (roll 66, known 60, no other school's P4/P5 known that year: equal
 * shares, 3 each); M (1000009, not a study school) merged into A after
 * 2019 (the list says so): its 2019 rows add to A's; B (1000002) opened in
 * 2021; S (1000003) a secondary; X (1000004) a special school, skipped.
 */
static const char *const hdr_old =
	"Local Authority,SeedCode,School Name,School Type,Pupil roll(1),P1,P2,P3,P4,P5,P6,P7,S1,S2,S3,S4,S5,S6\n";
static const char *const hdr_new =
	"Local Authority,SeedCode,School Name,School Type,Pupil roll,P1,P2,P3,P4,P5,P6,P7,S1,S2,S3,S4,S5,S6\n";

static char *write_year(const char *hdr, const char *rows)
{
	struct buf b;
	char *path;

	buf_init(&b);
	buf_adds(&b, hdr);
	buf_adds(&b, rows);
	path = tu_write_tmp(".csv", b.s);
	buf_release(&b);
	return path;
}

struct hist_fixture {
	struct region r;
	char *f[3], *changes;
	struct buf files;
	int A, B, S;
};

static void hist_fixture(struct hist_fixture *x, const char *bad_2021_row)
{
	region_init(&x->r, "EPSG:27700");
	x->A = add_school(&x->r, "1000001P", LE_PRIMARY, 0);
	x->B = add_school(&x->r, "1000002P", LE_PRIMARY, 100);
	x->S = add_school(&x->r, "1000003S", LE_SECONDARY, 0);
	x->f[0] = write_year(hdr_old,
		"T,1000001,Alpha Primary,Primary,70,10,10,*,10,10,10,17,#,#,#,#,#,#\n"
		"T,1000009,Merged Primary,Primary,14,2,2,2,2,2,2,2,#,#,#,#,#,#\n"
		"T,1000003,High School,Secondary,60,#,#,#,#,#,#,#,10,10,10,10,10,10\n"
		"T,1000004,Special School,Special,9,#,#,#,#,#,#,#,#,#,#,#,#,#\n");
	x->f[1] = write_year(hdr_new,
		"T,1000001,Alpha Primary,Primary,66,12,12,12,c,c,12,12,z,z,z,z,z,z\n"
		"T,1000003,High School,Secondary,63,z,z,z,z,z,z,z,11,10,10,10,12,10\n");
	x->f[2] = write_year(hdr_new, bad_2021_row ? bad_2021_row :
		"T,1000001,Alpha Primary,Primary,70,10,10,10,10,10,10,10,z,z,z,z,z,z\n"
		"T,1000002,Beta Primary,Primary,5,5,z,z,z,z,z,z,z,z,z,z,z,z\n"
		"T,1000003,High School,Secondary,60,z,z,z,z,z,z,z,10,10,10,10,10,10\n");
	x->changes = tu_write_tmp(".csv",
		"Local authority,School funding type,Status,Seed Code,School name,Sector,Date opened,Date closed,Date mothballed,Further details\n"
		"T,Local Authority,Closed,1000009,Merged Primary,Primary,1970-08-31,2019-07-01,,Merged with Alpha Primary 1000001\n"
		"T,Local Authority,Opened,1000002,Beta Primary,Primary,2021-08-16,,,\n");
	buf_init(&x->files);
	buf_addf(&x->files, "%s, %s, %s", x->f[0], x->f[1], x->f[2]);
}

static void hist_fixture_release(struct hist_fixture *x)
{
	int i;

	for (i = 0; i < 3; i++)
		free(x->f[i]);
	free(x->changes);
	buf_release(&x->files);
	region_release(&x->r);
}

START_TEST(test_history_sg)
{
	struct hist_fixture x;
	struct fake_study fs;
	struct model_history h;
	struct le_diags d;
	struct le_err err;
	size_t i;

	hist_fixture(&x, NULL);
	fake_study(&fs, x.files.s, "2019, 2020, 2021", x.changes);
	le_diags_init(&d);
	le_err_clear(&err);
	ck_assert_int_eq(model_history_read_sg(&h, &fs.s, &x.r, 2021, &d, &err), LE_OK);
	ck_assert_int_eq(h.year0, 2019);
	ck_assert_int_eq(h.nyears, 3);
	/* Scotland's 13 stages per school and year, not 16 slots. */
	ck_assert_int_eq(h.nst, 13);
	/* 2019: A's own stages plus M's 2 each; P3 = 3 (estimated) + 2. */
	ck_assert_double_eq_tol(model_history_at(&h, x.A, 0, 2019), 12, TOL);
	ck_assert_double_eq_tol(model_history_at(&h, x.A, 2, 2019), 5, TOL);
	ck_assert_double_eq_tol(model_history_at(&h, x.A, 6, 2019), 19, TOL);
	ck_assert_int_eq(h.est[MODEL_H(&h, x.A, 0, 2)], 3);
	ck_assert_int_eq(h.est[MODEL_H(&h, x.A, 0, 0)], 2);
	/* 2020: the two suppressed cells share 66 - 60 equally. */
	ck_assert_double_eq_tol(model_history_at(&h, x.A, 3, 2020), 3, TOL);
	ck_assert_double_eq_tol(model_history_at(&h, x.A, 4, 2020), 3, TOL);
	ck_assert_int_eq(h.est[MODEL_H(&h, x.A, 1, 3)], 1);
	ck_assert_int_eq(h.est[MODEL_H(&h, x.A, 1, 0)], 0);
	ck_assert_double_eq_tol(model_history_at(&h, x.A, 0, 2020), 12, TOL);
	/* B opened in 2021: nothing before, P2-P7 "z" are 0 pupils. */
	ck_assert_double_eq_tol(model_history_at(&h, x.B, 0, 2019), -1, TOL);
	ck_assert_double_eq_tol(model_history_at(&h, x.B, 0, 2020), -1, TOL);
	ck_assert_double_eq_tol(model_history_at(&h, x.B, 0, 2021), 5, TOL);
	ck_assert_double_eq_tol(model_history_at(&h, x.B, 1, 2021), 0, TOL);
	/* The secondary: only its own stages. */
	ck_assert_double_eq_tol(model_history_at(&h, x.S, 11, 2020), 12, TOL);
	ck_assert_double_eq_tol(model_history_at(&h, x.S, 0, 2020), -1, TOL);
	/* The merger is reported, once per carried row. */
	ck_assert_int_eq((int)d.n, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "'Merged Primary' (1000009) 2019 rows added to '1000001P'"));
	model_history_release(&h);
	/* Cut at 2020 (a backtest's base): B has no row yet. */
	ck_assert_int_eq(model_history_read_sg(&h, &fs.s, &x.r, 2020, &d, &err), LE_OK);
	ck_assert_int_eq(h.nyears, 2);
	ck_assert_int_eq(h.has[x.B], 0);
	for (i = 0; i < MODEL_H(&h, h.nschools, 0, 0); i++)
		ck_assert(h.pupils[i] >= -1);
	model_history_release(&h);
	le_diags_release(&d);
	hist_fixture_release(&x);
}
END_TEST

/* A cell that is neither a number nor a marker names file, line, column. */
START_TEST(test_history_sg_bad_cell)
{
	struct hist_fixture x;
	struct fake_study fs;
	struct model_history h;
	struct le_diags d;
	struct le_err err;
	char want[700];

	hist_fixture(&x, "T,1000001,Alpha Primary,Primary,70,10,x7,10,10,10,10,10,z,z,z,z,z,z\n");
	fake_study(&fs, x.files.s, "2019, 2020, 2021", NULL);
	le_diags_init(&d);
	le_err_clear(&err);
	ck_assert_int_eq(model_history_read_sg(&h, &fs.s, &x.r, 2021, &d, &err), LE_EPARSE);
	snprintf(want, sizeof(want), "%s:2: column 'P2': expected a number of pupils, a suppressed marker (c, *) or a not-applicable marker (z, #), got 'x7'",
		 x.f[2]);
	ck_assert_str_eq(err.msg, want);
	ck_assert_ptr_null(h.pupils);
	/* Years and files must pair up. */
	fake_study(&fs, x.files.s, "2019, 2020", NULL);
	le_err_clear(&err);
	ck_assert_int_eq(model_history_read_sg(&h, &fs.s, &x.r, 2021, &d, &err), LE_EPARSE);
	ck_assert_str_eq(err.msg, "study.ini:11: stage_rolls_years gives 2 years for 3 stage_rolls files");
	/* The opened/closed list is read by io/changes.c, as estate check
	 * reads it: a required column missing (here Status, not mapped)
	 * is the same error in both. */
	{
		char *bad = tu_write_tmp(".csv", "Seed Code,Sector,Date opened,Date closed\n1000009,Primary,,\n");

		fake_study(&fs, x.files.s, "2019, 2020, 2021", bad);
		le_err_clear(&err);
		ck_assert_int_eq(model_history_read_sg(&h, &fs.s, &x.r, 2021, &d, &err), LE_EPARSE);
		snprintf(want, sizeof(want), "%s: no column 'Status' for status (map it with 'school_changes.status = COLUMN' in [model])",
			 bad);
		ck_assert_str_eq(err.msg, want);
		ck_assert_ptr_null(h.pupils);
		free(bad);
	}
	le_diags_release(&d);
	hist_fixture_release(&x);
}
END_TEST

/*
 * The opened/closed list as a council's Excel saves it, in Windows-1252
 * ("Sgoil Ghàidhlig", 0xE0): school_changes.encoding reads it (io/
 * changes.c, not input/, so its own test) and the name arrives as UTF-8;
 * without the key the advice names school_changes.encoding in [model];
 * an unknown name is refused at its study line.
 */
START_TEST(test_changes_encoding)
{
	struct study s;
	struct study_kv kv[2];
	struct io_changes c;
	struct le_err err;
	char *path = tu_write_tmp(".csv", "Seed Code,Status,Sector,Date opened,Date closed,School name\n"
				  "1000009,Closed,Primary,,2020-06-30,Sgoil Gh\xE0idhlig\n");
	char want[900], *name;

	memset(&s, 0, sizeof(s));
	s.path = (char *)"study.ini";
	kv[0] = (struct study_kv){ (char *)"school_changes", path, 12 };
	kv[1] = (struct study_kv){ (char *)"school_changes.encoding", (char *)"windows-1252", 13 };
	s.model.kv = kv;
	s.model.nkv = 2;
	s.model.present = 1;
	le_err_clear(&err);
	ck_assert_int_eq(io_changes_read(&s, &c, &err), LE_OK);
	ck_assert_int_eq(c.t.nrows, 1);
	name = io_changes_cell(&c, 0, IO_CH_NAME);
	ck_assert_str_eq(name, "Sgoil Gh\xC3\xA0idhlig");
	free(name);
	io_changes_release(&c);
	s.model.nkv = 1;
	ck_assert_int_eq(io_changes_read(&s, &c, &err), LE_EPARSE);
	snprintf(want, sizeof(want), "%s:2: column 'School name': text is not valid UTF-8 but is "
		 "valid Windows-1252 (\"Sgoil Gh\xC3\xA0idhlig\"), the encoding Excel and GIAS save "
		 "CSV in: add 'school_changes.encoding = windows-1252' to [model] of the study file",
		 path);
	ck_assert_str_eq(err.msg, want);
	io_changes_release(&c);
	s.model.nkv = 2;
	kv[1].val = (char *)"windows-1999";
	le_err_clear(&err);
	ck_assert_int_eq(io_changes_read(&s, &c, &err), LE_EPARSE);
	ck_assert_str_eq(err.msg, "study.ini:13: [model] school_changes.encoding = windows-1999: "
			 "unknown encoding (expected a name such as windows-1252, latin1 or utf-8; "
			 "`iconv -l` lists them all)");
	io_changes_release(&c);
	free(path);
}
END_TEST

/*
 * "{year}" in stage_rolls stands for each of stage_rolls_years: the same
 * two files written as r2020.csv and r2021.csv in one folder read as the
 * listed ones (A's P1 2021 = 10; 2020's suppressed P4 estimated = 3).
 */
START_TEST(test_history_sg_pattern)
{
	struct region r;
	struct fake_study fs;
	struct model_history h;
	struct le_diags d;
	struct le_err err;
	char *dir = tu_tmpdir(), path[600], pattern[600];
	FILE *fp;

	region_init(&r, "EPSG:27700");
	add_school(&r, "1000001P", LE_PRIMARY, 0);
	snprintf(path, sizeof(path), "%s/r2020.csv", dir);
	fp = fopen(path, "w");
	fputs(hdr_new, fp);
	fputs("T,1000001,Alpha Primary,Primary,66,12,12,12,c,c,12,12,z,z,z,z,z,z\n", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/r2021.csv", dir);
	fp = fopen(path, "w");
	fputs(hdr_new, fp);
	fputs("T,1000001,Alpha Primary,Primary,70,10,10,10,10,10,10,10,z,z,z,z,z,z\n", fp);
	fclose(fp);
	snprintf(pattern, sizeof(pattern), "%s/r{year}.csv", dir);
	fake_study(&fs, pattern, "2020, 2021", NULL);
	le_diags_init(&d);
	le_err_clear(&err);
	ck_assert_int_eq(model_history_read_sg(&h, &fs.s, &r, 2021, &d, &err), LE_OK);
	ck_assert_int_eq(h.year0, 2020);
	ck_assert_int_eq(h.nyears, 2);
	ck_assert_double_eq_tol(model_history_at(&h, 0, 3, 2020), 3, TOL);
	ck_assert_double_eq_tol(model_history_at(&h, 0, 0, 2021), 10, TOL);
	model_history_release(&h);
	le_diags_release(&d);
	region_release(&r);
	free(dir);
}
END_TEST

/*
 * Three schools: 10 / 5 (ratio 2, a 5-pupil school), 300 / 500 (0.6) and
 * 700 / 500 (1.4). R = 1010 / 1005 = 1.004975; tau2 = mean of
 * (2 - R)^2 - R/5 = 0.789080, (0.6 - R)^2 - R/500 = 0.161995,
 * (1.4 - R)^2 - R/500 = 0.154035, = 0.368370; kappa = R / tau2 = 2.728170.
 * g = (10 + kappa R) / (5 + kappa) = 1.648740 (keeps 65 % of its
 * deviation from R); (300 + kappa R) / (500 + kappa) = 0.602198 (99.5 %).
 */
START_TEST(test_shrinkage)
{
	static const double num[3] = { 10, 300, 700 }, den[3] = { 5, 500, 500 };
	static const char use[3] = { 1, 1, 1 };
	double g[3], R = 1010.0 / 1005.0;

	model_survival_shrink(num, den, use, 3, 0, g);
	ck_assert_double_eq_tol(g[0], 1.648740, 1e-5);
	ck_assert_double_eq_tol(g[1], 0.602198, 1e-5);
	ck_assert_double_eq_tol(g[2], 1.397856, 1e-5);
	/* The small school is pulled toward R more than the large one. */
	ck_assert((g[0] - R) / (2 - R) < (g[1] - R) / (0.6 - R));
	/* A floor on kappa: 100 pupils pull the small school almost to R:
	 * (10 + 100 R) / 105 = 1.052357. */
	model_survival_shrink(num, den, use, 3, 100, g);
	ck_assert_double_eq_tol(g[0], (10 + 100 * R) / 105, 1e-9);
	ck_assert_double_eq_tol(g[0], 1.052357, 1e-5);
}
END_TEST

/*
 * One primary in one zone, population 10 at every age (so its P1
 * denominator is the same every year: the entry level is its weighted
 * mean P1). recency 0.5, years 2. History 2021-2023: P1 10, 12, 14;
 * P2 9, 11, 13; P3-P7 10.
 *   P1 2024 = (1 x 14 + 0.5 x 12) / 1.5 = 13.333333
 *   g(P2) = (13 + 0.5 x 11) / (12 + 0.5 x 10) = 18.5 / 17 = 1.088235
 *         -> P2 2024 = 1.088235 x 14 = 15.235294
 *   g(P3) = (10 + 0.5 x 10) / (11 + 0.5 x 9) = 15 / 15.5 = 0.967742
 *         -> P3 2024 = 0.967742 x 13 = 12.580645
 * A single school: its ratios are the council's, shrinkage changes
 * nothing. Base year 2023 = observed: 14 + 13 + 5 x 10 = 77.
 * Range 2024: var = 1 x (0.6 / 77 + 0.0003) = 0.0080922, z(80 %) =
 * 1.281552: low / high = total x (1 -/+ 0.115285).
 */
START_TEST(test_survival_projection)
{
	static const double p1[3] = { 10, 12, 14 }, p2[3] = { 9, 11, 13 };
	struct region r;
	struct model m;
	struct model_params p;
	struct model_cands c;
	struct le_diags d;
	struct le_err err;
	struct model_history *h;
	int a, y, s, z;
	double t1;

	region_init(&r, "EPSG:27700");
	z = region_add_zone(&r, "Z");
	r.zones[z].has_geom = r.zones[z].has_pop = 1;
	region_pop_grow(&r);
	r.pop_year = 2023;
	for (a = 0; a < LE_NAGES; a++)
		r.pop[a] = 10;
	add_school(&r, "P", LE_PRIMARY, 0);
	r.schools[0].roll = 77;
	model_params_default(&p);
	model_init_params(&m, &r, &p, 2023, 2);
	model_params_release(&p);
	m.method = MODEL_SURVIVAL;
	m.fc.recency = 0.5;
	m.fc.years = 2;
	h = &m.hist;
	h->year0 = 2021;
	h->nyears = 3;
	h->nschools = 1;
	h->nst = m.nst;
	h->pupils = xmalloc(sizeof(double) * MODEL_H(h, 1, 0, 0));
	h->has = xcalloc(1, 1);
	h->has[0] = 1;
	for (y = 0; y < 3; y++)
		for (s = 0; s < TU_NSTAGES; s++)
			h->pupils[MODEL_H(h, 0, y, s)] = s == 0 ? p1[y] : s == 1 ? p2[y] : s < 7 ? 10 : -1;
	model_cands_straight(&c, &r, 1, 1.0);
	model_alloc_nearest(&m, &c);
	model_cands_release(&c);
	le_diags_init(&d);
	ck_assert_int_eq(model_run(&m, &d, &err), LE_OK);
	ck_assert_int_eq(m.source[0], MODEL_SRC_SURVIVAL);
	ck_assert_double_eq_tol(m.total[0], 77, TOL);
	ck_assert_double_eq_tol(m.low[0], 77, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 1, 0, 0)], 13.333333, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 1, 0, 1)], 15.235294, TOL);
	ck_assert_double_eq_tol(m.roll[MODEL_K(&m, 1, 0, 2)], 12.580645, TOL);
	t1 = 13.333333 + 15.235294 + 12.580645 + 40;
	ck_assert_double_eq_tol(m.total[1], t1, 1e-5);
	ck_assert_double_eq_tol(m.low[1], t1 * (1 - 0.115285), 1e-3);
	ck_assert_double_eq_tol(m.high[1], t1 * (1 + 0.115285), 1e-3);
	model_release(&m);
	region_release(&r);
	le_diags_release(&d);
}
END_TEST

/*
 * Forecasts 105, 90, 100, 52 against 100, 100, 100, 50: errors +5, -10,
 * 0, +4 %: median |err| 4.5, mean 4.75, bias -0.25, within 5 %: 3 of 4,
 * within 10 %: 4 of 4; council total (347 - 350) / 350 = -0.857143 %;
 * ranges hold 100 (in 95..110), not 100 (in 80..95), 100, 50 (in 50..60).
 */
START_TEST(test_backtest_stats)
{
	static const double fc[4] = { 105, 90, 100, 52 }, act[4] = { 100, 100, 100, 50 };
	static const double lo[4] = { 95, 80, 90, 50 }, hi[4] = { 110, 95, 110, 60 };
	struct model_bt_stats st;

	model_bt_stats(fc, act, lo, hi, 4, &st);
	ck_assert_int_eq(st.n, 4);
	ck_assert_double_eq_tol(st.median_ape, 4.5, TOL);
	ck_assert_double_eq_tol(st.mean_ape, 4.75, TOL);
	ck_assert_double_eq_tol(st.bias, -0.25, TOL);
	ck_assert_double_eq_tol(st.within5, 75, TOL);
	ck_assert_double_eq_tol(st.within10, 100, TOL);
	ck_assert_double_eq_tol(st.total_err, -0.857143, 1e-5);
	ck_assert_double_eq_tol(st.coverage, 75, TOL);
	model_bt_stats(fc, act, NULL, NULL, 4, &st);
	ck_assert_double_eq_tol(st.coverage, -1, TOL);
	ck_assert_int_eq(model_bt_band(LE_PRIMARY, 99), 0);
	ck_assert_int_eq(model_bt_band(LE_PRIMARY, 100), 1);
	ck_assert_int_eq(model_bt_band(LE_SECONDARY, 1300), 3);
}
END_TEST

/*
 * Population 2021 and 2019 (two years apart), one zone, 100 at every age
 * but: 2021 age 5 = 81 (age 3 in 2019 = 100: c = 0.81 over two years,
 * f[5] = 0.9 a year); 2021 age 2 = 64 over 2019 age 0 = 100 (c = 0.64,
 * f = 0.8, which ages 1 and 2 both take: age 1 has no cohort in 2019);
 * 2021 age 0 = 121 (2019: 100): births trend b = 1.1 a year, index 2022 =
 * 1.1, 2023 = 1.21, then held. A gap of 6 years is refused.
 */
START_TEST(test_cohort_gap)
{
	struct region r;
	struct model_params p;
	struct le_diags d;
	struct le_err err;
	double prev[LE_NAGES];
	char has[1] = { 1 };
	int a, z;

	region_init(&r, "EPSG:27700");
	z = region_add_zone(&r, "Z");
	r.zones[z].has_pop = 1;
	region_pop_grow(&r);
	r.pop_year = 2021;
	for (a = 0; a < LE_NAGES; a++) {
		r.pop[a] = 100;
		prev[a] = 100;
	}
	r.pop[5] = 81;
	r.pop[2] = 64;
	r.pop[0] = 121;
	model_params_default(&p);
	le_diags_init(&d);
	le_err_clear(&err);
	ck_assert_int_eq(model_cohort_estimate(&p, &r, prev, has, 2019, &d, &err), LE_OK);
	ck_assert_double_eq_tol(p.cohort_change[5], 0.9, TOL);
	ck_assert_double_eq_tol(p.cohort_change[2], 0.8, TOL);
	ck_assert_double_eq_tol(p.cohort_change[1], 0.8, TOL);
	ck_assert_double_eq_tol(p.cohort_change[6], 1.0, TOL);
	model_births_trend(&p, &r, prev, has, 2019);
	ck_assert_int_eq(p.index_year0, 2022);
	ck_assert_int_eq(p.index_n, 2);
	ck_assert_double_eq_tol(p.births_index[0], 1.1, TOL);
	ck_assert_double_eq_tol(p.births_index[1], 1.21, TOL);
	/* Aged: age 0 in 2024 = born 2024, the held 1.21 x 121. */
	ck_assert_double_eq_tol(model_pop_aged(&p, &r, 0, 0, 2024), 1.21 * 121, 1e-9);
	ck_assert_int_eq(model_cohort_estimate(&p, &r, prev, has, 2015, &d, &err), LE_EPARSE);
	ck_assert_str_eq(err.msg, "population_previous_year must be 1 to 5 years before the population's year 2021, got 2015");
	model_params_release(&p);
	le_diags_release(&d);
	region_release(&r);
}
END_TEST

/*
 * A yield curve for primary houses of 0.1, 0.3, 0.2 pupils per dwelling
 * in the completion year and the two after (then 0.2 held); secondary
 * houses not in the file keep the flat PPR 0.15. 100 houses completed in
 * 2024, base year 2023: primary pupils 0 (2023), 10 (2024), 30 (2025),
 * 20 (2026), 20 (2027); secondary 0, 15, 15, 15, 15.
 */
START_TEST(test_yield_curve)
{
	static const double want_p[5] = { 0, 10, 30, 20, 20 };
	struct region r;
	struct model m;
	struct model_params p;
	struct model_site st;
	struct le_err err;
	char *path;
	double *housing;
	int z, y, s, t;

	path = tu_write_tmp(".csv",
		"sector,dwelling_type,years_since_completion,pupils_per_dwelling\n"
		"primary,house,0,0.1\nprimary,house,1,0.3\nprimary,house,2,0.2\n");
	region_init(&r, "EPSG:27700");
	z = region_add_zone(&r, "Z");
	r.zones[z].has_pop = 1;
	region_pop_grow(&r);
	model_params_default(&p);
	le_err_clear(&err);
	ck_assert_int_eq(model_yield_read(&p, path, &err), LE_OK);
	ck_assert_double_eq_tol(model_yield_at(&p, LE_PRIMARY, MODEL_HOUSE, 7), 0.2, TOL);
	ck_assert_double_eq_tol(model_yield_at(&p, LE_PRIMARY, MODEL_FLAT, 0), 0.05, TOL);
	model_init_params(&m, &r, &p, 2023, 4);
	memset(&st, 0, sizeof(st));
	st.zone = z;
	st.year = 2024;
	st.dwelling = MODEL_HOUSE;
	st.units = 100;
	housing = xcalloc(MODEL_D_LEN(&m), sizeof(double));
	model_housing_add(&m, &st, housing);
	for (y = 0; y < 5; y++) {
		double pri = 0, sec = 0;

		for (s = 0; s < TU_NSTAGES; s++)
			for (t = 0; t < MODEL_NSTREAMS; t++)
				*(s < 7 ? &pri : &sec) += housing[MODEL_D(&m, y, z, s, t)];
		ck_assert_double_eq_tol(pri, want_p[y], 1e-9);
		ck_assert_double_eq_tol(sec, y ? 15 : 0, 1e-9);
	}
	/* A gap in the years is refused at its line. */
	free(path);
	path = tu_write_tmp(".csv",
		"sector,dwelling_type,years_since_completion,pupils_per_dwelling\n"
		"primary,house,0,0.1\nprimary,house,2,0.3\n");
	{
		char want[700];

		snprintf(want, sizeof(want), "%s:3: column 'years_since_completion': expected year 1 next for primary house (0, 1, 2 ... below 40), got '2'", path);
		ck_assert_int_eq(model_yield_read(&p, path, &err), LE_EPARSE);
		ck_assert_str_eq(err.msg, want);
		ck_assert_int_eq(p.yield_n[LE_PRIMARY][MODEL_HOUSE], 0);
	}
	free(housing);
	free(path);
	model_release(&m);
	model_params_release(&p);
	region_release(&r);
}
END_TEST

Suite *suite_forecast(void)
{
	Suite *s = suite_create("forecast");
	TCase *tc = tcase_create("forecast");

	tcase_add_test(tc, test_history_sg);
	tcase_add_test(tc, test_history_sg_bad_cell);
	tcase_add_test(tc, test_changes_encoding);
	tcase_add_test(tc, test_history_sg_pattern);
	tcase_add_test(tc, test_shrinkage);
	tcase_add_test(tc, test_survival_projection);
	tcase_add_test(tc, test_backtest_stats);
	tcase_add_test(tc, test_cohort_gap);
	tcase_add_test(tc, test_yield_curve);
	suite_add_tcase(s, tc);
	return s;
}
