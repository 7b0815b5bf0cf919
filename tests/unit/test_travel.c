/*
 * test_travel.c: net/travel.c on the bundled Edinburgh region: every
 * zone gets its nearest schools of each stream, network distances are
 * never shorter than the straight line, and the median detour of road
 * over straight line lies in the range usual for a city (1.1 to 1.6).
 */
#include "testutil.h"

#include "geo/geo.h"
#include "io/io.h"
#include "load/load.h"
#include "net/net.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

START_TEST(edinburgh_network_vs_straight_line)
{
	struct study s;
	struct region r;
	struct le_diags d;
	struct le_err err;
	struct geo_ctx *g;
	struct net_links links;
	struct net_travel t;
	struct net_travel_opts o;
	double *ratio = NULL;
	size_t nratio = 0, alloc = 0;
	int i, z, j, m, network_pairs = 0, straight_pairs = 0;

	le_err_clear(&err);
	le_diags_init(&d);
	net_links_init(&links);
	ck_assert_msg(io_study_read("scenarios/edinburgh/study.ini", &s, &err) == LE_OK, "%s", err.msg);
	g = geo_ctx_new(&err);
	ck_assert_msg(load_region(&s, g, &r, &d, &err) == LE_OK, "%s", err.msg);
	ck_assert_msg(net_read_links(&s, g, &links, &d, &err) == LE_OK, "%s", err.msg);
	net_travel_opts_default(&o);
	ck_assert_msg(net_travel_build(&t, &r, &links, &o, &err) == LE_OK, "%s", err.msg);

	/* Primary ND, primary RC, secondary ND, secondary RC, special. */
	ck_assert_int_eq(t.nsets, 5);
	ck_assert_int_eq(t.zones_unlocated, 8);
	for (i = 0; i < t.nsets; i++) {
		const struct net_travel_set *set = &t.sets[i];
		for (m = 0; m < NET_NMODES; m++) {
			const struct net_table *tb = &set->table[m];
			for (z = 0; z < r.nzones; z++) {
				int want = set->nschools < 8 ? set->nschools : 8;
				/* Located zones get k rows (or all the set has). */
				ck_assert_int_eq(tb->n[z], r.zones[z].has_geom ? want : 0);
				for (j = 0; j < tb->n[z]; j++) {
					const struct net_pair *p = &tb->v[(size_t)z * (size_t)tb->k + (size_t)j];
					const struct school *sc = &r.schools[set->school[p->school]];
					double line = hypot(sc->x - r.zones[z].px, sc->y - r.zones[z].py);
					if (j > 0 && m == NET_WALK)
						ck_assert(p->dist_m >= tb->v[(size_t)z * (size_t)tb->k + (size_t)j - 1].dist_m);
					if (p->method != NET_BY_NETWORK) {
						/* Fallback pairs are the straight line times the detour. */
						ck_assert(fabs(p->dist_m - line * o.snap.detour) < 0.01);
						straight_pairs++;
						continue;
					}
					network_pairs++;
					/* Costs are whole centimetres per arc: allow 1 m. */
					ck_assert_msg(p->dist_m >= line - 1.0,
						      "zone %s school %s: %.1f m by road, %.1f m straight",
						      r.zones[z].id, sc->id, p->dist_m, line);
					if (m == NET_WALK && line > 100) {
						ALLOC_GROW(ratio, nratio + 1, alloc);
						ratio[nratio++] = p->dist_m / line;
					}
				}
			}
		}
	}
	ck_assert_int_gt(network_pairs, 1000);
	ck_assert_int_gt(straight_pairs, 1000);
	qsort(ratio, nratio, sizeof(*ratio), cmp_double);
	ck_assert_msg(ratio[nratio / 2] > 1.1 && ratio[nratio / 2] < 1.6,
		      "median road / straight-line ratio %.3f", ratio[nratio / 2]);
	free(ratio);
	net_travel_release(&t);
	net_links_release(&links);
	region_release(&r);
	io_study_release(&s);
	le_diags_release(&d);
	geo_ctx_free(g);
}
END_TEST

Suite *suite_travel(void)
{
	Suite *s = suite_create("travel");
	TCase *tc = tcase_create("travel");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, edinburgh_network_vs_straight_line);
	suite_add_tcase(s, tc);
	return s;
}
