/*
 * test_search.c: the ranking rules of the searches (scenario/search.c):
 * which closure harms least and which site is best, on figures set by
 * hand, including the rounding that makes printed-equal figures tie (so
 * the stated tie rule, school id or candidate order, decides) and a
 * refused closure that must rank last whatever its "saving". The figures
 * themselves are checked end to end on a hand-computed study in
 * tests/cases/closures_hand and site_hand.
 */
#include "testutil.h"

#include "scenario/scenario.h"

#include <math.h>
#include <string.h>

static struct scenario_harm harm(double short_added, int over, double km, double moved,
				 double npc)
{
	struct scenario_harm h;

	memset(&h, 0, sizeof(h));
	h.feasible = 1;
	h.short_added = short_added;
	h.pushed_over = over;
	h.added_km = km;
	h.moved = moved;
	h.npc_change_gbp = npc;
	return h;
}

START_TEST(test_harm_order)
{
	struct scenario_harm a = harm(0, 0, 182, 140, -8.7e6), b = harm(0, 0, 273, 140, -8.7e6);
	struct scenario_harm bad = harm(0, 0, 0, 0, -20e6);

	/* Less added walking first. */
	ck_assert_int_lt(scenario_harm_cmp(&a, &b), 0);
	ck_assert_int_gt(scenario_harm_cmp(&b, &a), 0);
	/* Pupils without a place outrank walking: one pupil short is worse
	 * than 90 pupil-km more. */
	b = harm(1, 0, 100, 140, 0);
	ck_assert_int_lt(scenario_harm_cmp(&a, &b), 0);
	/* 0.4 pupils rounds to none: then a pushed-over school decides. */
	b = harm(0.4, 0, 0, 0, 0);
	a = harm(0, 1, 0, 0, 0);
	ck_assert_int_gt(scenario_harm_cmp(&a, &b), 0);
	/* A refused closure ranks last, its zero harm and big "saving"
	 * notwithstanding, and two refused ones tie (school id decides). */
	bad.feasible = 0;
	a = harm(50, 3, 900, 500, 1e6);
	ck_assert_int_gt(scenario_harm_cmp(&bad, &a), 0);
	ck_assert_int_lt(scenario_harm_cmp(&a, &bad), 0);
	ck_assert_int_eq(scenario_harm_cmp(&bad, &bad), 0);
}
END_TEST

START_TEST(test_harm_ties)
{
	/* Equal to the printed 0.1 km and whole pupils: then moved, then
	 * the NPC to the pound; all equal is a tie for the caller's id rule. */
	struct scenario_harm a = harm(0, 0, 182.04, 140.2, -100.4), b = harm(0, 0, 181.96, 139.8, -100.2);

	ck_assert_int_eq(scenario_harm_cmp(&a, &b), 0);
	b.moved = 141;
	ck_assert_int_lt(scenario_harm_cmp(&a, &b), 0);
	b = a;
	b.npc_change_gbp = -2000;
	ck_assert_int_gt(scenario_harm_cmp(&a, &b), 0);
}
END_TEST

START_TEST(test_site_order)
{
	struct scenario_site_fig a, b;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	/* tests/cases/site_hand: Z4 and Z5 both 1,083.33 m: a tie. */
	a.dist_mean_h_m = b.dist_mean_h_m = 5 * 1300.0 / 6;
	ck_assert_int_eq(scenario_site_cmp(&a, &b), 0);
	/* Fewer beyond the limit beats a shorter mean walk. */
	a.beyond_h = 70;
	b.dist_mean_h_m = 1516.67;
	ck_assert_int_gt(scenario_site_cmp(&a, &b), 0);
	/* Fewer places short beats both. */
	b.short_h = 30;
	ck_assert_int_lt(scenario_site_cmp(&a, &b), 0);
	/* 0.3 places short prints as 0: no difference. */
	b.short_h = 0.3;
	b.beyond_h = 70;
	b.dist_mean_h_m = a.dist_mean_h_m;
	ck_assert_int_eq(scenario_site_cmp(&a, &b), 0);
}
END_TEST

Suite *suite_search(void)
{
	Suite *s = suite_create("search");
	TCase *tc = tcase_create("rank");

	tcase_add_test(tc, test_harm_order);
	tcase_add_test(tc, test_harm_ties);
	tcase_add_test(tc, test_site_order);
	suite_add_tcase(s, tc);
	return s;
}
