/*
 * test_cost.c: the whole-life cost (scenario/cost.c) on a result built by
 * hand, so that every figure is worked out in the comments with a pencil
 * and none comes from the evaluation it checks: the spend profile, the
 * optimism bias by project type, lifecycle and backlog by condition
 * grade and floor area, ASN transport, years past the horizon, Green
 * Book discounting; and the one key setter of transport.ini / costs.ini
 * (scenario_params_set): its checks, messages and per-council overrides.
 * The evaluated cases (a delayed opening, the KPIs against the lines)
 * are in test_scenario.c, which has the line region.
 */
#include "testutil.h"

#include "scenario/scenario.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOL 1e-6

/* Two primaries in a world without a region (council -1: the general
 * rates): k = 0 the existing school, k = 1 a new one. */
static void hand_world(struct scenario_world *w, struct scenario_school *s)
{
	memset(w, 0, sizeof(*w));
	memset(s, 0, sizeof(*s) * 2);
	s[0].id = "E";
	s[1].id = "N";
	s[0].sector = s[1].sector = LE_PRIMARY;
	s[0].capacity = s[1].capacity = 100;
	s[0].council = s[1].council = -1;
	s[1].owner = 0;
	w->s = s;
	w->n = 2;
	w->nbase = 1;
}

/*
 * The hand-made option, base year 2023, rolls to 2026 (4 years),
 * appraised over 6 years (2023-2028) at the shipped defaults:
 *  - E (100 places, so 100 x 8.5 = 850 m2): grade D in 2023-2024,
 *    refurbished to B in 2025 at the rate, 100 x 12,000 = 1,200,000,
 *    spent 0.5 / 0.5 in 2023 and 2024, optimism bias 51 %; roll 100,
 *    then 50 from 2026;
 *  - N (100 places, 850 m2, grade A): opens in 2026, 100 x 38,000 =
 *    3,800,000 spent 0.3 / 0.5 / 0.2 in 2023 / 2024 / 2025, optimism
 *    bias 24 %, and land_cost 200,000 in the first year of the works
 *    (2023, no optimism bias); roll 50 from 2026;
 *  - running and mainstream transport are the KPIs set below.
 * Lines per year (GBP):
 *  2023: capital 1,140,000 + 600,000 + 200,000 = 1,940,000; optimism
 *        273,600 + 306,000 = 579,600; lifecycle D 850 x 30 = 25,500;
 *        backlog D 850 x 90 = 76,500; running 400,000; transport
 *        11,000; ASN 100 x 0.01 x 7,500 = 7,500; total 3,040,100;
 *  2024: capital 1,900,000 + 600,000 = 2,500,000; optimism 456,000 +
 *        306,000 = 762,000; lifecycle 25,500; backlog 76,500; running
 *        400,000; transport 11,000; ASN 7,500; total 3,782,500;
 *  2025: capital 760,000; optimism 182,400; E at B: lifecycle 850 x 20
 *        = 17,000, backlog 850 x 5 = 4,250; running 390,000; transport
 *        11,000; ASN 7,500; total 1,372,150;
 *  2026: lifecycle 17,000 + 17,000 (N at A) = 34,000; backlog 4,250 +
 *        0; running 700,000; transport 0; ASN (50 + 50) x 75 = 7,500;
 *        total 745,750; 2027 and 2028 hold 2026 (past the horizon).
 * Discount factors 1 / 1.035^t: 1, 0.966184, 0.933511, 0.901943,
 * 0.871442, 0.841973; NPC = 3,040,100 + 3,782,500 x 0.966184 +
 * 1,372,150 x 0.933511 + 745,750 x (0.901943 + 0.871442 + 0.841973) =
 * 9,926,009.38.
 */
START_TEST(test_npc_by_hand)
{
	struct scenario_world w;
	struct scenario_school s[2];
	struct scenario_change ch[2];
	struct scenario sc;
	struct scenario_result res;
	struct scenario_params p;
	struct scenario_wlc wlc;
	struct le_err err;
	double roll[8], cap[8], kpi[4 * SK_NKPIS];
	int status[8], cond[8], y;
	static const double want_total[6] = { 3040100, 3782500, 1372150, 745750, 745750, 745750 };
	static const double running[4] = { 400000, 400000, 390000, 700000 };

	hand_world(&w, s);
	scenario_params_default(&p);
	memset(ch, 0, sizeof(ch));
	ch[0].kind = SCENARIO_NEW;
	ch[0].year = 2026;
	ch[0].school = 1;
	ch[0].places = -1;
	ch[0].cost_gbp = -1;
	ch[0].land_gbp = 200000;
	ch[1].kind = SCENARIO_REFURBISH;
	ch[1].year = 2025;
	ch[1].school = 0;
	ch[1].places = -1;
	ch[1].cost_gbp = -1;
	ch[1].condition = LE_GRADE_B;
	memset(&sc, 0, sizeof(sc));
	sc.name = "hand";
	sc.v = ch;
	sc.n = 2;
	memset(&res, 0, sizeof(res));
	res.name = "hand";
	res.sc = &sc;
	res.base_year = 2023;
	res.nyears = 4;
	res.nschools = 2;
	res.roll = roll;
	res.capacity = cap;
	res.status = status;
	res.condition = cond;
	res.kpi = kpi;
	memset(kpi, 0, sizeof(kpi));
	for (y = 0; y < 4; y++) {
		roll[y * 2] = y < 3 ? 100 : 50;
		roll[y * 2 + 1] = y < 3 ? 0 : 50;
		cap[y * 2] = cap[y * 2 + 1] = 100;
		status[y * 2] = SCENARIO_OPEN;
		status[y * 2 + 1] = y < 3 ? SCENARIO_PLANNED : SCENARIO_NEWLY_BUILT;
		cond[y * 2] = y < 2 ? LE_GRADE_D : LE_GRADE_B;
		cond[y * 2 + 1] = LE_GRADE_A;
		kpi[y * SK_NKPIS + SK_RUNNING_GBP] = running[y];
		kpi[y * SK_NKPIS + SK_TRANSPORT_GBP] = y < 3 ? 11000 : 0;
	}
	le_err_clear(&err);
	ck_assert_int_eq(scenario_wlc_eval(&wlc, &res, &w, &p, 6, &err), LE_OK);
	ck_assert_int_eq(wlc.nyears, 6);
#define L(t, l) wlc.line[(t) * SW_NLINES + (l)]
	ck_assert_double_eq_tol(L(0, SW_CAPITAL), 1940000, TOL);
	ck_assert_double_eq_tol(L(0, SW_OPTIMISM), 579600, TOL);
	ck_assert_double_eq_tol(L(0, SW_LIFECYCLE), 25500, TOL);
	ck_assert_double_eq_tol(L(0, SW_BACKLOG), 76500, TOL);
	ck_assert_double_eq_tol(L(0, SW_TRANSPORT_ASN), 7500, TOL);
	ck_assert_double_eq_tol(L(1, SW_CAPITAL), 2500000, TOL);
	ck_assert_double_eq_tol(L(1, SW_OPTIMISM), 762000, TOL);
	ck_assert_double_eq_tol(L(2, SW_CAPITAL), 760000, TOL);
	ck_assert_double_eq_tol(L(2, SW_OPTIMISM), 182400, TOL);
	ck_assert_double_eq_tol(L(2, SW_LIFECYCLE), 17000, TOL);
	ck_assert_double_eq_tol(L(2, SW_BACKLOG), 4250, TOL);
	ck_assert_double_eq_tol(L(3, SW_LIFECYCLE), 34000, TOL);
	ck_assert_double_eq_tol(L(3, SW_BACKLOG), 4250, TOL);
	ck_assert_double_eq_tol(L(5, SW_RUNNING), 700000, TOL);
	ck_assert_double_eq_tol(L(5, SW_TRANSPORT), 0, TOL);
	for (y = 0; y < 6; y++)
		ck_assert_double_eq_tol(L(y, SW_TOTAL), want_total[y], TOL);
#undef L
	ck_assert_double_eq_tol(wlc.df[1], 1 / 1.035, 1e-12);
	ck_assert_double_eq_tol(wlc.df[5], 0.8419731668585242, 1e-12);
	ck_assert_double_eq_tol(wlc.npc_gbp, 9926009.38273132, 1e-4);
	/* The capital's present value: 1,940,000 + 2,500,000 x 0.966184 +
	 * 760,000 x 0.933511 = 5,065,032.35. */
	ck_assert_double_eq_tol(wlc.npc_line[SW_CAPITAL],
				1940000 + 2500000 / 1.035 + 760000 / (1.035 * 1.035), 1e-6);
	scenario_wlc_release(&wlc);

	/* A period shorter than the spend: the new school opens after it
	 * ends, but its 2023-2024 spend is inside and counts. */
	ck_assert_int_eq(scenario_wlc_eval(&wlc, &res, &w, &p, 2, &err), LE_OK);
	ck_assert_double_eq_tol(wlc.line[0 * SW_NLINES + SW_CAPITAL], 1940000, TOL);
	ck_assert_double_eq_tol(wlc.line[1 * SW_NLINES + SW_CAPITAL], 2500000, TOL);
	scenario_wlc_release(&wlc);
	ck_assert_int_eq(scenario_wlc_eval(&wlc, &res, &w, &p, 76, &err), LE_EUSAGE);
	scenario_wlc_release(&wlc);
	scenario_params_release(&p);
}
END_TEST

/* Green Book: 3.5 % to year 30, then 3.0 % from year 30's factor. */
START_TEST(test_discount_long)
{
	struct scenario_params p;

	scenario_params_default(&p);
	ck_assert_double_eq_tol(scenario_discount_factor(&p, 0), 1, 1e-15);
	ck_assert_double_eq_tol(scenario_discount_factor(&p, 30), pow(1.035, -30), 1e-15);
	/* 1.035^-30 = 0.356278; / 1.03 = 0.345901. */
	ck_assert_double_eq_tol(scenario_discount_factor(&p, 31), 0.3562784 / 1.03, 1e-6);
	ck_assert_double_eq_tol(scenario_discount_factor(&p, 40),
				pow(1.035, -30) * pow(1.03, -10), 1e-15);
	scenario_params_release(&p);
}
END_TEST

/* One setter error: code and exact message, p unchanged. */
static void bad_set(const char *sec, const char *key, const char *val, const char *want)
{
	struct scenario_params p, d;
	struct le_err err;

	scenario_params_default(&p);
	scenario_params_default(&d);
	le_err_clear(&err);
	ck_assert_int_eq(scenario_params_set(&p, sec, key, val, &err), LE_EPARSE);
	ck_assert_str_eq(err.msg, want);
	/* Nothing half-set: the whole struct is as it was. */
	ck_assert_int_eq(p.nov, 0);
	ck_assert_int_eq(p.ncp, 0);
	ck_assert_int_eq(memcmp(p.optimism, d.optimism, sizeof(p.optimism)), 0);
	ck_assert_int_eq(memcmp(p.profile, d.profile, sizeof(p.profile)), 0);
	ck_assert_double_eq(p.discount_rate, d.discount_rate);
	scenario_params_release(&p);
	scenario_params_release(&d);
}

START_TEST(test_params_set)
{
	struct scenario_params p, q;
	struct region r;
	struct le_err err;

	bad_set("optimism_bias", "newbuild", "0.2",
		"unknown key 'newbuild' in [optimism_bias] (expected new_build, extension, refurbishment, demolition, decant or land)");
	bad_set("backlog", "D", "-5", "[backlog] D must be a number >= 0, got '-5'");
	bad_set("appraisal", "discount_rate", "3.5",
		"[appraisal] discount_rate must be a share from 0 to 1 (3.5 % is 0.035), got '3.5'");
	bad_set("transport_asn", "mainstream_share", "1.2",
		"[transport_asn] mainstream_share must be a share from 0 to 1 (3.5 % is 0.035), got '1.2'");
	bad_set("spend_profile", "new_build", "0.3, 0.5",
		"[spend_profile] new_build must sum to 1, got '0.3, 0.5' (sum 0.8)");
	bad_set("spend_profile", "extension", "0.5, x",
		"[spend_profile] extension must be up to 8 shares from 0 to 1, comma-separated (earliest year first), got '0.5, x'");
	bad_set("costs", "x", "1",
		"'x' is in an unknown section '[costs]' (expected walking_limit, transport, allocation, travel, new_build, extension, refurbishment, running, condition, appraisal, spend_profile, optimism_bias, floor_area, lifecycle, backlog, transport_asn or council <code>)");
	bad_set("council S1", "appraisal.discount_rate", "0.03",
		"[council S1] [appraisal] discount_rate cannot be set per council");
	bad_set("council S1", "backlog.D", "-1", "[council S1] [backlog] D must be a number >= 0, got '-1'");
	bad_set("council ", "backlog.D", "1", "[council ] needs a council code, e.g. [council S12000036]");
	bad_set("council S1", "asn", "1",
		"unknown key 'asn' in [council S1] (expected primary_m or secondary_m, or a cost as section.key such as transport_asn.gbp_per_pupil)");

	/* A profile of four years; a council's override for its schools
	 * only, kept when a general rate changes after it. */
	scenario_params_default(&p);
	le_err_clear(&err);
	ck_assert_int_eq(scenario_params_set(&p, "spend_profile", "new_build", "0.1, 0.2, 0.3, 0.4", &err), LE_OK);
	ck_assert_int_eq(p.nprofile[SCENARIO_PROJ_NEW], 4);
	ck_assert_double_eq(p.profile[SCENARIO_PROJ_NEW][3], 0.4);
	ck_assert_int_eq(scenario_params_set(&p, "council S2", "transport_asn.gbp_per_pupil", "9000", &err), LE_OK);
	ck_assert_int_eq(scenario_params_set(&p, "transport_asn", "gbp_per_pupil", "8000", &err), LE_OK);
	ck_assert_int_eq(scenario_params_set(&p, "backlog", "B", "7", &err), LE_OK);
	region_init(&r, "EPSG:27700");
	region_add_council(&r, "S1");
	region_add_council(&r, "S2");
	ck_assert_ptr_eq(scenario_params_for(&p, &r, 0), &p);
	ck_assert_ptr_eq(scenario_params_for(&p, &r, -1), &p);
	ck_assert_double_eq(scenario_params_for(&p, &r, 0)->asn_gbp_per_pupil, 8000);
	ck_assert_double_eq(scenario_params_for(&p, &r, 1)->asn_gbp_per_pupil, 9000);
	/* The general change after the override reaches the council too;
	 * an ungraded school's backlog follows B's. */
	ck_assert_double_eq(scenario_params_for(&p, &r, 1)->backlog_gbp_m2[LE_GRADE_B], 7);
	ck_assert_double_eq(scenario_params_for(&p, &r, 1)->backlog_gbp_m2[LE_GRADE_NONE], 7);
	/* A deep copy keeps the overrides and owns its own. */
	scenario_params_copy(&q, &p);
	scenario_params_release(&p);
	ck_assert_double_eq(scenario_params_for(&q, &r, 1)->asn_gbp_per_pupil, 9000);
	ck_assert_double_eq(scenario_params_for(&q, &r, 0)->asn_gbp_per_pupil, 8000);
	scenario_params_release(&q);
	region_release(&r);
}
END_TEST

/* The shipped costs.ini reads to the built-in defaults, key by key of
 * the whole-life cost. */
START_TEST(test_costs_ini_shipped)
{
	struct scenario_params d, p;
	struct le_err err;

	scenario_params_default(&d);
	memset(&p, 0, sizeof(p));
	le_err_clear(&err);
	ck_assert_int_eq(scenario_params_read(&p, NULL, "models/costs.ini", &err), LE_OK);
	ck_assert_double_eq(p.discount_rate, d.discount_rate);
	ck_assert_double_eq(p.discount_rate_long, d.discount_rate_long);
	ck_assert_int_eq(p.price_base_year, d.price_base_year);
	ck_assert_int_eq(memcmp(p.profile, d.profile, sizeof(p.profile)), 0);
	ck_assert_int_eq(memcmp(p.nprofile, d.nprofile, sizeof(p.nprofile)), 0);
	ck_assert_int_eq(memcmp(p.optimism, d.optimism, sizeof(p.optimism)), 0);
	ck_assert_int_eq(memcmp(p.m2_per_place, d.m2_per_place, sizeof(p.m2_per_place)), 0);
	ck_assert_int_eq(memcmp(p.lifecycle_gbp_m2, d.lifecycle_gbp_m2, sizeof(p.lifecycle_gbp_m2)), 0);
	ck_assert_int_eq(memcmp(p.backlog_gbp_m2, d.backlog_gbp_m2, sizeof(p.backlog_gbp_m2)), 0);
	ck_assert_int_eq(memcmp(p.asn_share, d.asn_share, sizeof(p.asn_share)), 0);
	ck_assert_double_eq(p.asn_gbp_per_pupil, d.asn_gbp_per_pupil);
	ck_assert_double_eq(p.optimism[SCENARIO_PROJ_NEW], 0.24);
	scenario_params_release(&p);
	scenario_params_release(&d);
}
END_TEST

/* The terminal's line: millions with separators, the difference from the
 * baseline signed, the long rate named past 31 years; a difference that
 * rounds to zero is +£0.00 m, never -£0.00 m. */
START_TEST(test_wlc_print)
{
	struct scenario_wlc a, b, c;
	struct scenario_wlc *v[3] = { &a, &b, &c };
	char buf[512];
	FILE *fp;
	size_t n;

	memset(&a, 0, sizeof(a));
	a.name = "baseline";
	a.nyears = 30;
	a.rate = 0.035;
	a.rate_long = 0.03;
	a.price_base_year = 2023;
	a.npc_gbp = 7956878782.15;
	b = a;
	b.name = "late";
	b.npc_gbp = a.npc_gbp - 1170000;
	c = a;
	c.name = "same";
	c.npc_gbp = a.npc_gbp - 1000;
	fp = tmpfile();
	scenario_wlc_print(fp, v, 3);
	a.nyears = 40;
	scenario_wlc_print(fp, v, 1);
	rewind(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	ck_assert_str_eq(buf, "net present cost over 30 years at 3.5 %, 2023 prices: baseline £7,956.88 m; "
			 "late £7,955.71 m (-£1.17 m); same £7,956.88 m (+£0.00 m)\n"
			 "net present cost over 40 years at 3.5 % (3.0 % from year 31), 2023 prices: baseline £7,956.88 m\n");
}
END_TEST

Suite *suite_cost(void)
{
	Suite *s = suite_create("cost");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_npc_by_hand);
	tcase_add_test(tc, test_discount_long);
	tcase_add_test(tc, test_params_set);
	tcase_add_test(tc, test_costs_ini_shipped);
	tcase_add_test(tc, test_wlc_print);
	suite_add_tcase(s, tc);
	return s;
}
