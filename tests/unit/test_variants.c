/*
 * test_variants.c: a scenario's own assumptions and the forecast variants
 * (issue 12, item 4): [model] and [costs] sections read and refused with
 * their file:line, the projection key set that decides a run of its own,
 * the variant model (each school's roll scaled to its low or high,
 * figures by hand) and the rank table of hand-made results (ranks,
 * ties, "survives" / "changes under").
 */
#include "testutil.h"
#include "scenario/scenario.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A scenario file read against an empty world: [model] and [costs]
 * name no school, so no region is needed. */
static int read_text(const char *text, struct scenario *sc, char **path,
		     struct le_err *err)
{
	struct scenario_world w;
	int rc;

	memset(&w, 0, sizeof(w));
	*path = tu_write_tmp(".ini", text);
	le_err_clear(err);
	rc = scenario_read(*path, &w, 0, sc, err);
	return rc;
}

static void expect_bad(const char *text, const char *fmt, int line)
{
	struct scenario sc;
	struct le_err err;
	char *path, want[800];

	ck_assert_int_eq(read_text(text, &sc, &path, &err), LE_EPARSE);
	snprintf(want, sizeof(want), fmt, path, line);
	ck_assert_str_eq(err.msg, want);
	/* Nothing of a failed file stays. */
	ck_assert_int_eq(sc.nov, 0);
	ck_assert_int_eq(sc.variant, SCENARIO_V_NONE);
	free(path);
}

START_TEST(test_read_overrides)
{
	struct scenario sc;
	struct le_err err;
	char *path, *dir, *want, *d;

	ck_assert_int_eq(read_text("[scenario]\nname = x\n[model]\nforecast = high\n"
				   "ppr = sub/ppr.csv\nrc_share = 0.2\n", &sc, &path, &err), LE_OK);
	ck_assert_int_eq(sc.variant, SCENARIO_V_HIGH);
	ck_assert_int_eq(sc.nov, 3);
	/* A file is named from the scenario's folder. */
	dir = le_dirname(path);
	want = le_path_join(dir, "sub/ppr.csv");
	ck_assert_str_eq(sc.ov[1].key, "ppr");
	ck_assert_str_eq(sc.ov[1].val, want);
	ck_assert_int_eq(sc.ov[1].line, 5);
	/* ppr and rc_share change the projection; a variant alone would
	 * not; nothing changes the evaluation's parameters. */
	ck_assert_int_eq(scenario_override_projection(&sc), 1);
	ck_assert_int_eq(scenario_override_params_any(&sc), 0);
	d = scenario_override_describe(&sc);
	ck_assert_str_eq(d, "forecast=high, ppr=ppr.csv, rc_share=0.2");
	free(d);
	scenario_release(&sc);
	free(want);
	free(dir);
	free(path);

	/* [costs]: kept as given, applied over the run's parameters. */
	ck_assert_int_eq(read_text("[scenario]\nname = x\n[costs]\nrunning.primary_gbp_per_pupil = 6200\n"
				   "walking_limit.primary_m = 2414.016\n", &sc, &path, &err), LE_OK);
	ck_assert_int_eq(sc.nov, 2);
	ck_assert_int_eq(scenario_override_projection(&sc), 0);
	ck_assert_int_eq(scenario_override_params_any(&sc), 1);
	{
		struct scenario_params base, own;

		scenario_params_default(&base);
		base.per_pupil_gbp[0] = 5000;
		ck_assert_int_eq(scenario_override_params(&own, &base, &sc, &err), LE_OK);
		ck_assert_double_eq(own.per_pupil_gbp[0], 6200);
		ck_assert_double_eq(own.walk_limit_m[0], 2414.016);
		/* The rest is the run's; the run's own are untouched. */
		ck_assert_double_eq(own.per_pupil_gbp[1], base.per_pupil_gbp[1]);
		ck_assert_double_eq(base.per_pupil_gbp[0], 5000);
		ck_assert_double_eq(base.walk_limit_m[0], -1);
		scenario_params_release(&own);
		scenario_params_release(&base);
	}
	scenario_release(&sc);
	free(path);

	/* forecast = low only: a variant, no projection run of its own;
	 * transport: the evaluation's parameters. */
	ck_assert_int_eq(read_text("[scenario]\nname = x\n[model]\nforecast = low\ntransport = t.ini\n",
				   &sc, &path, &err), LE_OK);
	ck_assert_int_eq(sc.variant, SCENARIO_V_LOW);
	ck_assert_int_eq(scenario_override_projection(&sc), 0);
	ck_assert_int_eq(scenario_override_params_any(&sc), 1);
	scenario_release(&sc);
	free(path);
}
END_TEST

START_TEST(test_same_projection)
{
	struct scenario a, b, c;
	struct le_err err;
	char *pa, *pb, *pc;

	/* The same keys and values in another order (and another variant)
	 * share one projection run; another value does not. The files
	 * resolve against different temporary folders, so use shares. */
	ck_assert_int_eq(read_text("[scenario]\nname = a\n[model]\nrc_share = 0.2\ngaelic_share = 0.01\n",
				   &a, &pa, &err), LE_OK);
	ck_assert_int_eq(read_text("[scenario]\nname = b\n[model]\ngaelic_share = 0.01\nforecast = high\nrc_share = 0.2\n",
				   &b, &pb, &err), LE_OK);
	ck_assert_int_eq(read_text("[scenario]\nname = c\n[model]\nrc_share = 0.3\ngaelic_share = 0.01\n",
				   &c, &pc, &err), LE_OK);
	ck_assert_int_eq(scenario_override_same_projection(&a, &b), 1);
	ck_assert_int_eq(scenario_override_same_projection(&b, &a), 1);
	ck_assert_int_eq(scenario_override_same_projection(&a, &c), 0);
	scenario_release(&a);
	scenario_release(&b);
	scenario_release(&c);
	free(pa);
	free(pb);
	free(pc);
}
END_TEST

START_TEST(test_bad_overrides)
{
	expect_bad("[scenario]\nname = x\n[model]\nforecast = high\nyeild = y.csv\n",
		   "%s:%d: [model] unknown key 'yeild' (expected forecast, stages, parameters, ppr, yield, rc_share, gaelic_share, transport or costs)", 5);
	expect_bad("[scenario]\nname = x\n[model]\nmethod = progression\n",
		   "%s:%d: [model] 'method' is the study's, the same for every option, and cannot be set by a scenario (a scenario may set forecast, stages, parameters, ppr, yield, rc_share, gaelic_share, transport or costs)", 4);
	expect_bad("[scenario]\nname = x\n[model]\ncandidates = 4\n",
		   "%s:%d: [model] 'candidates' is the study's, the same for every option, and cannot be set by a scenario (a scenario may set forecast, stages, parameters, ppr, yield, rc_share, gaelic_share, transport or costs)", 4);
	expect_bad("[scenario]\nname = x\n[model]\nrc_share = 1.5\n",
		   "%s:%d: [model] rc_share must be a share from 0 to 1, got '1.5'", 4);
	/* Twice, even in two [model] sections. */
	expect_bad("[scenario]\nname = x\n[model]\nforecast = high\n[model]\nforecast = low\n",
		   "%s:%d: [model] 'forecast' is given twice (first on line 4)", 6);
	expect_bad("[scenario]\nname = x\n[costs]\nprimary_gbp_per_place = 4\n",
		   "%s:%d: [costs] key 'primary_gbp_per_place' must be section.key of models/costs.ini or models/transport.ini, such as new_build.primary_gbp_per_place", 4);
	/* [costs] keys go through scenario_params_set, the files' parser. */
	expect_bad("[scenario]\nname = x\n[costs]\nrunning.primary_gbp_per_pupil = 6000\nnew_build.primary_gbp_per_plaec = 5\n",
		   "%s:%d: [costs] unknown key 'primary_gbp_per_plaec' in [new_build] (expected primary_gbp_per_place or secondary_gbp_per_place)", 5);
	expect_bad("[scenario]\nname = x\n[costs]\nrunning.primary_gbp_per_pupil = -5\n",
		   "%s:%d: [costs] [running] primary_gbp_per_pupil must be a number >= 0, got '-5'", 4);
	expect_bad("[scenario]\nname = x\n[costs]\nallocation.candidates = 4\n",
		   "%s:%d: [costs] allocation.candidates is the study's, the same for every option (the travel tables are shared)", 4);
}
END_TEST

/* A model of two schools over two years in a system of two stages, P1
 * and P2: the roll holds 2 x 2 x 2 values, no slot for a 3rd stage (the
 * variant must copy and scale by m->nst, or valgrind sees it read and
 * write past the array). */
static void small_model(struct model *m)
{
	memset(m, 0, sizeof(*m));
	m->nyears = 2;
	m->nschools = 2;
	m->nst = 2;
	m->roll = xcalloc(MODEL_K_LEN(m), sizeof(double));
	m->total = xcalloc(4, sizeof(double));
	m->low = xcalloc(4, sizeof(double));
	m->high = xcalloc(4, sizeof(double));
	/* School 0 (survival): 100 in the base year, no range; 110 a year
	 * on (P1 44, P2 66), range 99 .. 121. School 1 (demand): 50 both
	 * years, no range. */
	m->roll[MODEL_K(m, 0, 0, 0)] = 40;
	m->roll[MODEL_K(m, 0, 0, 1)] = 60;
	m->roll[MODEL_K(m, 1, 0, 0)] = 44;
	m->roll[MODEL_K(m, 1, 0, 1)] = 66;
	m->total[0] = m->low[0] = m->high[0] = 100;
	m->total[2] = 110;
	m->low[2] = 99;
	m->high[2] = 121;
	m->roll[MODEL_K(m, 0, 1, 0)] = m->roll[MODEL_K(m, 1, 1, 0)] = 50;
	m->total[1] = m->low[1] = m->high[1] = 50;
	m->total[3] = m->low[3] = m->high[3] = 50;
}

static void free_small(struct model *m)
{
	free(m->roll);
	free(m->total);
	free(m->low);
	free(m->high);
}

START_TEST(test_variant_model)
{
	struct model m, v;

	small_model(&m);
	/* High: school 0 in year 1 at 121 / 110 = 1.1 of each stage:
	 * P1 48.4, P2 72.6, and its range collapsed onto 121. */
	scenario_variant_model(&v, &m, SCENARIO_V_HIGH);
	ck_assert(v.roll != m.roll && v.a_start == m.a_start);
	ck_assert_double_eq_tol(v.roll[MODEL_K(&v, 1, 0, 0)], 48.4, 1e-9);
	ck_assert_double_eq_tol(v.roll[MODEL_K(&v, 1, 0, 1)], 72.6, 1e-9);
	ck_assert_double_eq_tol(v.total[2], 121, 1e-9);
	ck_assert_double_eq_tol(v.low[2], 121, 1e-9);
	ck_assert_double_eq_tol(v.high[2], 121, 1e-9);
	/* The base year and the school without a range are untouched. */
	ck_assert_double_eq(v.roll[MODEL_K(&v, 0, 0, 0)], 40);
	ck_assert_double_eq(v.total[0], 100);
	ck_assert_double_eq(v.roll[MODEL_K(&v, 1, 1, 0)], 50);
	ck_assert_double_eq(v.total[3], 50);
	/* The model it came from is unchanged. */
	ck_assert_double_eq(m.roll[MODEL_K(&m, 1, 0, 0)], 44);
	ck_assert_double_eq(m.total[2], 110);
	scenario_variant_model_release(&v);
	/* Low: 99 / 110 = 0.9: P1 39.6, P2 59.4. */
	scenario_variant_model(&v, &m, SCENARIO_V_LOW);
	ck_assert_double_eq_tol(v.roll[MODEL_K(&v, 1, 0, 0)], 39.6, 1e-9);
	ck_assert_double_eq_tol(v.roll[MODEL_K(&v, 1, 0, 1)], 59.4, 1e-9);
	ck_assert_double_eq_tol(v.total[2], 99, 1e-9);
	ck_assert_double_eq_tol(v.high[2], 99, 1e-9);
	scenario_variant_model_release(&v);
	/* Central: an exact copy, range kept. */
	scenario_variant_model(&v, &m, SCENARIO_V_CENTRAL);
	ck_assert_int_eq((int)MODEL_K_LEN(&m), 8);
	ck_assert(memcmp(v.roll, m.roll, sizeof(double) * MODEL_K_LEN(&m)) == 0);
	ck_assert_double_eq(v.low[2], 99);
	ck_assert_double_eq(v.high[2], 121);
	scenario_variant_model_release(&v);
	free_small(&m);

	ck_assert_int_eq(scenario_variant_parse("high"), SCENARIO_V_HIGH);
	ck_assert_int_eq(scenario_variant_parse("central"), SCENARIO_V_CENTRAL);
	ck_assert_int_eq(scenario_variant_parse("High"), SCENARIO_V_NONE);
	ck_assert_str_eq(scenario_variant_name(SCENARIO_V_LOW), "low");
}
END_TEST

/* Three options, one year; every KPI NaN but those set. */
static void result(struct scenario_result *r, const char *name, double shortfall,
		   double over, double running)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->name = (char *)name;
	r->base_year = 2030;
	r->nyears = 1;
	r->kpi = xmalloc(sizeof(double) * SK_NKPIS);
	for (i = 0; i < SK_NKPIS; i++)
		r->kpi[i] = NAN;
	r->kpi[SK_SHORTFALL] = shortfall;
	r->kpi[SK_OVER_CAPACITY] = over;
	r->kpi[SK_RUNNING_GBP] = running;
	r->kpi[SK_BEYOND_LIMIT] = r->kpi[SK_TRANSPORT_GBP] = r->kpi[SK_PUPILS_CD] = 0;
}

START_TEST(test_rank_table)
{
	struct scenario_result c[3], h[3];
	struct scenario_result *cp[3] = { &c[0], &c[1], &c[2] }, *hp[3] = { &h[0], &h[1], &h[2] };
	struct scenario_variant_set vs[2];
	static const double npc_c[3] = { 300, 200, 250 }, npc_h[3] = { 300, 260, 250 };
	struct le_err err;
	char *dir = tu_tmpdir(), *path, *got = NULL, buf[4096];
	size_t n = 0;
	FILE *fp;
	int i;

	/* Central: places short 10, 0, 10 -> ranks 2, 1, 2 (a tie shares
	 * the better rank); over capacity 1, 0, 0 -> 3, 1, 1; running cost
	 * 5.4, 5.6, 5.0 (0 decimals: 5, 6, 5) -> 1, 3, 1.
	 * High: places short 20, 5, 15 -> 3, 1, 2 (a changes 2 -> 3, c
	 * stays 2); over capacity 2, 1, 1 -> 3, 1, 1 (holds); running 6,
	 * 7, 5 -> 2, 3, 1 (a 1 -> 2). */
	result(&c[0], "baseline", 10, 1, 5.4);
	result(&c[1], "a", 0, 0, 5.6);
	result(&c[2], "b", 10, 0, 5.0);
	result(&h[0], "baseline", 20, 2, 6);
	result(&h[1], "a", 5, 1, 7);
	result(&h[2], "b", 15, 1, 5);
	/* Net present cost: central 300, 200, 250 -> 3, 1, 2; high 300,
	 * 260, 250 -> 3, 2, 1 (a and b swap). */
	vs[0].variant = SCENARIO_V_CENTRAL;
	vs[0].res = cp;
	vs[0].npc = npc_c;
	vs[1].variant = SCENARIO_V_HIGH;
	vs[1].res = hp;
	vs[1].npc = npc_h;
	le_err_clear(&err);
	ck_assert_int_eq(scenario_write_variants(vs, 2, 3, 0, dir, &err), LE_OK);
	path = le_path_join(dir, "variants.csv");
	fp = fopen(path, "rb");
	ck_assert_ptr_nonnull(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	ck_assert_str_eq(buf,
		"kpi,scenario,year,value_central,rank_central,value_high,rank_high,holds\n"
		"net_present_cost_gbp,baseline,2030,300,3,300,3,yes\n"
		"net_present_cost_gbp,a,2030,200,1,260,2,no\n"
		"net_present_cost_gbp,b,2030,250,2,250,1,no\n"
		"shortfall_places,baseline,2030,10.00,2,20.00,3,no\n"
		"shortfall_places,a,2030,0.00,1,5.00,1,yes\n"
		"shortfall_places,b,2030,10.00,2,15.00,2,yes\n"
		"schools_over_capacity,baseline,2030,1,3,2,3,yes\n"
		"schools_over_capacity,a,2030,0,1,1,1,yes\n"
		"schools_over_capacity,b,2030,0,1,1,1,yes\n"
		"beyond_limit_pupils,baseline,2030,0.00,1,0.00,1,yes\n"
		"beyond_limit_pupils,a,2030,0.00,1,0.00,1,yes\n"
		"beyond_limit_pupils,b,2030,0.00,1,0.00,1,yes\n"
		"transport_cost_gbp,baseline,2030,0,1,0,1,yes\n"
		"transport_cost_gbp,a,2030,0,1,0,1,yes\n"
		"transport_cost_gbp,b,2030,0,1,0,1,yes\n"
		"pupils_in_cd_buildings,baseline,2030,0.00,1,0.00,1,yes\n"
		"pupils_in_cd_buildings,a,2030,0.00,1,0.00,1,yes\n"
		"pupils_in_cd_buildings,b,2030,0.00,1,0.00,1,yes\n"
		"running_cost_gbp,baseline,2030,5,1,6,2,no\n"
		"running_cost_gbp,a,2030,6,3,7,3,yes\n"
		"running_cost_gbp,b,2030,5,1,5,1,yes\n");
	fp = open_memstream(&got, &n);
	scenario_print_variants(fp, vs, 2, 3, 0);
	fclose(fp);
	ck_assert_str_eq(got,
		"rank of each option in 2030, 1 = best of 3 (central / high):\n"
		"  net present cost        changes under high: a 1 -> 2, b 2 -> 1\n"
		"  places short            changes under high: baseline 2 -> 3\n"
		"  schools over capacity   the ranking survives under high\n"
		"  beyond walking limit    the ranking survives under high\n"
		"  transport cost          the ranking survives under high\n"
		"  pupils in C/D buildings the ranking survives under high\n"
		"  running cost            changes under high: baseline 1 -> 2\n");
	free(got);
	for (i = 0; i < 3; i++) {
		free(c[i].kpi);
		free(h[i].kpi);
	}
	free(path);
	free(dir);
}
END_TEST

Suite *suite_variants(void)
{
	Suite *s = suite_create("variants");
	TCase *tc = tcase_create("variants");

	tcase_add_test(tc, test_read_overrides);
	tcase_add_test(tc, test_same_projection);
	tcase_add_test(tc, test_bad_overrides);
	tcase_add_test(tc, test_variant_model);
	tcase_add_test(tc, test_rank_table);
	suite_add_tcase(s, tc);
	return s;
}
