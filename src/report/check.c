/*
 * check.c: the data-quality report of `estate check`, for a planner to
 * read on screen, and its CSV twin data_quality.csv for a spreadsheet.
 * Everything is printed in a fixed order with fixed formats, so two runs
 * on the same inputs print the same bytes.
 */
#include "report/report.h"
#include "net/net.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Findings of one topic listed on screen; the CSV has them all. */
#define REPORT_MAX_LISTED 25

char *report_count(double v, char *out, size_t n)
{
	char digits[64];
	long long x = llround(v);
	int len, i, j = 0, neg = x < 0;

	snprintf(digits, sizeof(digits), "%lld", neg ? -x : x);
	len = (int)strlen(digits);
	if (neg && (size_t)j + 1 < n)
		out[j++] = '-';
	for (i = 0; i < len && (size_t)j + 2 < n; i++) {
		/* A comma before every group of three digits from the right. */
		if (i > 0 && (len - i) % 3 == 0)
			out[j++] = ',';
		out[j++] = digits[i];
	}
	out[j] = '\0';
	return out;
}

/* Schools by council (rows) and sector (columns). */
static void schools_table(FILE *fp, const struct region *r)
{
	int counts[LE_NSECTORS + 1], all[LE_NSECTORS + 1] = { 0 };
	int i, j, c, w = 12;
	char *seen;

	for (i = 0; i < r->nschools; i++) {
		const char *id = r->schools[i].council_id;
		int len = (int)strlen(id ? id : "(none)");
		if (r->schools[i].council >= 0 && r->councils[r->schools[i].council].name)
			len += 1 + (int)strlen(r->councils[r->schools[i].council].name);
		if (len > w)
			w = len;
	}
	fprintf(fp, "Schools by sector and council\n");
	fprintf(fp, "  %-*s %9s %9s %9s %9s\n", w, "council", "primary",
		"secondary", "special", "total");
	/* Councils in order of first appearance in the school file. */
	seen = xcalloc((size_t)(r->nschools ? r->nschools : 1), 1);
	for (i = 0; i < r->nschools; i++) {
		const char *id = r->schools[i].council_id;
		char label[300];
		if (seen[i])
			continue;
		memset(counts, 0, sizeof(counts));
		for (j = i; j < r->nschools; j++) {
			const char *jd = r->schools[j].council_id;
			if (seen[j] || !((!id && !jd) || (id && jd && !strcmp(id, jd))))
				continue;
			seen[j] = 1;
			counts[r->schools[j].sector]++;
			counts[LE_NSECTORS]++;
		}
		c = r->schools[i].council;
		if (c >= 0 && r->councils[c].name)
			snprintf(label, sizeof(label), "%s %s", id, r->councils[c].name);
		else
			snprintf(label, sizeof(label), "%s", id ? id : "(none)");
		fprintf(fp, "  %-*s %9d %9d %9d %9d\n", w, label, counts[0],
			counts[1], counts[2], counts[3]);
		for (j = 0; j <= LE_NSECTORS; j++)
			all[j] += counts[j];
	}
	free(seen);
	fprintf(fp, "  %-*s %9d %9d %9d %9d\n\n", w, "all", all[0], all[1],
		all[2], all[3]);
}

/* Pupils on roll by sector; schools without a roll are counted, not
 * taken as zero, so a planner sees the gap. */
static void roll_table(FILE *fp, const struct study *s, const struct region *r)
{
	double roll[LE_NSECTORS + 1] = { 0 };
	int i, missing = 0;
	char a[32], b[32], c[32], d[32];

	for (i = 0; i < r->nschools; i++) {
		if (r->schools[i].roll < 0) {
			missing++;
			continue;
		}
		roll[r->schools[i].sector] += r->schools[i].roll;
		roll[LE_NSECTORS] += r->schools[i].roll;
	}
	fprintf(fp, "Pupils on roll (base year %d)\n", s->base_year);
	fprintf(fp, "  primary %s, secondary %s, special %s, all %s\n",
		report_count(roll[0], a, sizeof(a)), report_count(roll[1], b, sizeof(b)),
		report_count(roll[2], c, sizeof(c)), report_count(roll[3], d, sizeof(d)));
	if (missing)
		fprintf(fp, "  %d school%s with no roll given\n", missing, missing == 1 ? "" : "s");
	fprintf(fp, "\n");
}

/*
 * Zones and population by age band. The bands follow mid-year ages: a
 * child aged 4 at the June estimate starts P1 in August, so 4-11 is the
 * primary school age range and 12-17 the secondary one.
 */
/*
 * Zones per council in order of first appearance, on one line, when the
 * zones know their council (a [zones] or [population] council column):
 * the count a collaborative checks first.
 */
static void zones_by_council(FILE *fp, const struct region *r)
{
	struct strmap seen;
	int *count = xcalloc((size_t)r->nzones + 1, sizeof(int));
	int *first = xmalloc(sizeof(int) * ((size_t)r->nzones + 1));
	int z, n = 0, k;
	char a[32];

	strmap_init(&seen);
	for (z = 0; z < r->nzones; z++) {
		const char *c = r->zones[z].council_id;
		if (!c)
			continue;
		if ((k = strmap_get(&seen, c)) < 0) {
			strmap_put(&seen, c, n);
			first[n] = z;
			k = n++;
		}
		count[k]++;
	}
	if (n) {
		fprintf(fp, "  by council:");
		for (k = 0; k < n; k++)
			fprintf(fp, "%s %s %s", k ? "," : "", r->zones[first[k]].council_id,
				report_count(count[k], a, sizeof(a)));
		fprintf(fp, "\n");
	}
	strmap_release(&seen);
	free(first);
	free(count);
}

static void population_table(FILE *fp, const struct region *r, const char *s_zone_file)
{
	static const struct {
		int lo, hi;
		const char *what;
	} bands[] = {
		{ 0, 3, "pre-school" },
		{ 4, 11, "primary school ages" },
		{ 12, 17, "secondary school ages" },
		{ 18, 64, "" },
		{ 65, LE_MAX_AGE, "" },
	};
	int i, z, a, ngeom = 0, npop = 0;
	double total = 0;
	char n1[32], n2[32], n3[32];

	for (z = 0; z < r->nzones; z++) {
		ngeom += r->zones[z].has_geom;
		npop += r->zones[z].has_pop;
	}
	if (!r->nzones)
		return;
	/* A zone point file's zones have a point, not a polygon; their
	 * drawing polygons ([zone_boundaries]) are counted apart, as they
	 * draw the maps but never place anything. */
	fprintf(fp, "Zones\n  %s zones: %s with a %s, %s with population",
		report_count(r->nzones, n1, sizeof(n1)), report_count(ngeom, n2, sizeof(n2)),
		r->zone_points ? "point" : "polygon", report_count(npop, n3, sizeof(n3)));
	if (r->zone_shapes)
		fprintf(fp, "; %s drawn with a [zone_boundaries] polygon",
			report_count(r->zone_shapes, n1, sizeof(n1)));
	fputc('\n', fp);
	zones_by_council(fp, r);
	/* The national zone file's other councils: one line, not one
	 * warning per zone (load/areas.c). */
	if (r->zones_left_out)
		fprintf(fp, "  %s zone polygon%s of %s left out: the filtered population does not name %s\n",
			report_count(r->zones_left_out, n1, sizeof(n1)),
			r->zones_left_out == 1 ? "" : "s", s_zone_file,
			r->zones_left_out == 1 ? "it" : "them");
	fprintf(fp, "\n");
	if (!npop)
		return;
	fprintf(fp, "Population (mid-%d) by age band\n", r->pop_year);
	for (i = 0; i < (int)(sizeof(bands) / sizeof(bands[0])); i++) {
		double sum = 0;
		char label[32];
		for (z = 0; z < r->nzones; z++)
			for (a = bands[i].lo; a <= bands[i].hi; a++)
				sum += region_pop(r, z, a);
		total += sum;
		if (bands[i].hi == LE_MAX_AGE)
			snprintf(label, sizeof(label), "%d and over", bands[i].lo);
		else
			snprintf(label, sizeof(label), "%d-%d", bands[i].lo, bands[i].hi);
		fprintf(fp, "  %-12s %10s%s%s\n", label, report_count(sum, n1, sizeof(n1)),
			bands[i].what[0] ? "  " : "", bands[i].what);
	}
	fprintf(fp, "  %-12s %10s\n\n", "all ages", report_count(total, n2, sizeof(n2)));
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * "median M m, max X m" of the snap distances of the points that joined
 * the network (n of them in sn), into out; "none" when none did. The
 * distance is part of every journey from or to the point, so a planner
 * sees at once whether the points sit on their roads.
 */
static const char *snap_spread(const struct net_snap *sn, int n, char *out, size_t size)
{
	double *d = xmalloc(sizeof(double) * (size_t)(n ? n : 1));
	int i, k = 0;

	for (i = 0; i < n; i++)
		if (sn[i].node >= 0)
			d[k++] = sn[i].snap_m;
	if (k == 0) {
		snprintf(out, size, "none");
	} else {
		qsort(d, (size_t)k, sizeof(*d), cmp_dbl);
		/* The lower middle for an even count: a distance some point
		 * really has. */
		snprintf(out, size, "median %.0f m, max %.0f m", d[(k - 1) / 2], d[k - 1]);
	}
	free(d);
	return out;
}

/* The road network: size, components, how many points reach it, and how
 * far they lie from it. */
static void roads_table(FILE *fp, const struct net_travel *t, double road_km)
{
	char a[32], b[32], c[32], e[32], zs[64], ss[64];
	int m;

	fprintf(fp, "Roads\n  %s links, %.1f km: %s nodes, %s components (the largest has %s nodes)\n",
		report_count(t->nlinks, a, sizeof(a)), road_km,
		report_count(t->nnodes, b, sizeof(b)), report_count(t->ncomp, c, sizeof(c)),
		report_count(t->largest_nodes, e, sizeof(e)));
	/* Per mode: each snaps to roads it may use (net_snap_points). */
	for (m = 0; m < NET_NMODES; m++)
		fprintf(fp, "  %s: on the network %d zones, %d schools; farther than %.0f m from a usable road (straight line used): %d zones, %d schools\n",
			m == NET_WALK ? "walking" : "driving", t->zones_snapped[m],
			t->schools_snapped[m], t->tol_m, t->zones_fallback[m],
			t->schools_fallback[m]);
	/* The snaps are there when the network was built here (estate
	 * check always builds it). */
	for (m = 0; m < NET_NMODES && t->zsnap[m]; m++)
		fprintf(fp, "  %s: distance to the road joined (%s): zones %s; schools %s\n",
			m == NET_WALK ? "walking" : "driving",
			t->snap_to == NET_SNAP_NODE ? "snap = node, the nearest junction" :
			"snap = link, the nearest point of a road",
			snap_spread(t->zsnap[m], t->nzones, zs, sizeof(zs)),
			snap_spread(t->ssnap[m], t->nschools, ss, sizeof(ss)));
	fputc('\n', fp);
}

/*
 * Per council, the departments the opened / closed list ([model]
 * school_changes) says opened, closed or merged from 2019 on (load/history.c):
 * counts, then one line each, by date. Every council of the study is
 * named, "none" included, so a quiet council is seen to be quiet.
 */
static void changes_table(FILE *fp, const struct study *s, const struct region *r)
{
	int c, i;

	if (!study_model_get(s, "school_changes", NULL) || r->ncouncils == 0)
		return;
	fprintf(fp, "Schools opened, closed or merged since 2019 (%s)\n",
		study_model_get(s, "school_changes", NULL));
	for (c = 0; c < r->ncouncils; c++) {
		int n[3] = { 0, 0, 0 };

		for (i = 0; i < r->nchanges; i++)
			if (r->changes[i].council == c)
				n[!strcmp(r->changes[i].kind, "closed") ? 1 :
				  !strcmp(r->changes[i].kind, "merged") ? 2 : 0]++;
		fprintf(fp, "  %s %s: ", r->councils[c].id,
			r->councils[c].name ? r->councils[c].name : "");
		if (!n[0] && !n[1] && !n[2]) {
			fputs("none\n", fp);
			continue;
		}
		fprintf(fp, "%d opened, %d closed, %d merged\n", n[0], n[1], n[2]);
		for (i = 0; i < r->nchanges; i++) {
			const struct school_change *x = &r->changes[i];

			if (x->council != c)
				continue;
			fprintf(fp, "    %s %-6s %-9s '%s' (seed %s)%s%s\n", x->date, x->kind,
				x->sector, x->name, x->seed, *x->details ? ": " : "", x->details);
		}
	}
	fputc('\n', fp);
}

void report_check(FILE *fp, const struct study *s, const struct region *r,
		  const struct le_diags *d, const struct net_travel *t,
		  double road_km)
{
	size_t i, j;
	char *done;

	fprintf(fp, "estate check: %s\n", s->name ? s->name : s->path);
	fprintf(fp, "  study file %s; working CRS %s; base year %d\n\n", s->path,
		s->crs, s->base_year);
	schools_table(fp, r);
	roll_table(fp, s, r);
	population_table(fp, r, s->layers[STUDY_ZONES].file);
	report_land(fp, r);
	if (t)
		roads_table(fp, t, road_km);
	changes_table(fp, s, r);

	fprintf(fp, "Findings: %zu error%s, %zu warning%s\n", d->nerrors,
		d->nerrors == 1 ? "" : "s", d->nwarnings, d->nwarnings == 1 ? "" : "s");
	/* Grouped by topic, topics in order of first appearance. */
	done = xcalloc(d->n ? d->n : 1, 1);
	for (i = 0; i < d->n; i++) {
		size_t count = 0, shown;
		if (done[i])
			continue;
		for (j = i; j < d->n; j++)
			count += !done[j] && !strcmp(d->v[j].topic, d->v[i].topic);
		fprintf(fp, "  %s: %s (%zu)\n",
			d->v[i].severity == LE_ERROR ? "error" : "warning",
			d->v[i].topic, count);
		shown = 0;
		for (j = i; j < d->n; j++) {
			if (done[j] || strcmp(d->v[j].topic, d->v[i].topic))
				continue;
			done[j] = 1;
			/* A screen of one repeated finding hides the others. */
			if (shown++ < REPORT_MAX_LISTED)
				fprintf(fp, "    %s\n", d->v[j].msg);
		}
		if (count > REPORT_MAX_LISTED)
			fprintf(fp, "    ... and %zu more (estate check --out DIR lists them all in data_quality.csv)\n",
				count - REPORT_MAX_LISTED);
	}
	free(done);
	if (d->nerrors)
		fprintf(fp, "\nResult: the study has errors to fix\n");
	else if (d->nwarnings)
		fprintf(fp, "\nResult: the study loads, with %zu warning%s to review\n",
			d->nwarnings, d->nwarnings == 1 ? "" : "s");
	else
		fprintf(fp, "\nResult: the study loads cleanly\n");
}

int report_check_csv(const char *path, const struct le_diags *const *lists, int nlists,
		     struct le_err *err)
{
	struct io_out o;
	size_t i;
	int rc = io_out_open(&o, path, err), l;

	if (rc)
		return rc;
	fprintf(o.fp, "severity,topic,message\n");
	for (l = 0; l < nlists; l++) {
		const struct le_diags *d = lists[l];

		for (i = 0; i < d->n; i++) {
			fputs(d->v[i].severity == LE_ERROR ? "error," : "warning,", o.fp);
			report_csv_field(o.fp, d->v[i].topic);
			fputc(',', o.fp);
			report_csv_field(o.fp, d->v[i].msg);
			fputc('\n', o.fp);
		}
	}
	return io_out_commit(&o, err);
}

/*
 * Which findings the short list shows first: the calibration warnings
 * speak about the projected numbers themselves; a school held at a ratio
 * is expected (every special school is), so it yields to everything
 * else. Ties keep their order.
 */
static int warning_rank(const struct le_diag *g)
{
	if (g->severity == LE_ERROR)
		return 0;
	if (!strcmp(g->topic, "calibration"))
		return 1;
	if (!strcmp(g->topic, "held roll"))
		return 3;
	return 2;
}

void report_warnings(FILE *fp, const struct le_diags *const *lists, int nlists,
		     const char *csv_shown)
{
	size_t total = 0, shown = 0, i;
	int l, rank;

	for (l = 0; l < nlists; l++)
		total += lists[l]->n;
	if (!total) {
		fprintf(fp, "\nwarnings: none\n");
		return;
	}
	fprintf(fp, "\nwarnings: %zu (each names its file and line, feature or id; all are in %s)\n",
		total, csv_shown);
	/* Rank by rank: a few passes over short lists, no copy to sort. */
	for (rank = 0; rank <= 3 && shown < REPORT_WARNINGS_LISTED; rank++)
		for (l = 0; l < nlists; l++)
			for (i = 0; i < lists[l]->n && shown < REPORT_WARNINGS_LISTED; i++) {
				const struct le_diag *g = &lists[l]->v[i];

				if (warning_rank(g) != rank)
					continue;
				fprintf(fp, "  %s%s: %s\n", g->severity == LE_ERROR ? "error: " : "",
					g->topic, g->msg);
				shown++;
			}
	if (total > shown)
		fprintf(fp, "  ... and %zu more in %s\n", total - shown, csv_shown);
}
