/*
 * consult.c: the evidence pack of a statutory consultation (Schools
 * (Consultation) (Scotland) Act 2010) for one proposal of a run: a
 * closure, merger, relocation (close + new) or catchment change, beside
 * every other option of the run that touches the same schools or zones
 * and the baseline (keeping things as they are), built as a report_doc
 * (report/doc.c writes its page and CSVs).
 *
 * Terms (README "estate consult"):
 *  - the proposal's schools: every school its changes name; its zones:
 *    the zones of its catchment changes;
 *  - the pupils affected (the group): the allocation keys (zone, sector,
 *    stream) that in some year the baseline sends to one of the
 *    proposal's schools, that the proposal moves to another school, or
 *    whose zone it rezones for the key's sector and stream. The group is
 *    one set of children for every option, so the options are compared
 *    on the same pupils; an option's effects outside it show in its
 *    region-wide figures (costs, pupils changing school overall);
 *  - an option touches the proposal when its changes name one of the
 *    proposal's schools or zones, when it moves at least half a pupil of
 *    the group in some year, or when it changes the roll of one of the
 *    proposal's schools by at least half a pupil in some year;
 *  - pupils changing school: per key and school, the baseline's pupils
 *    above the option's (eval.c's key_moves rule), so a key that moves
 *    whole counts whole;
 *  - distances are walking (entitlement), times driving, both as the
 *    run measured them (network, or straight line x detour); the limit
 *    is the zone's council's limit for the sector.
 *
 * Everything is read from the scenario results (allocation per year and
 * key, rolls, capacities, grades, KPIs): no second allocation. Loops run
 * in index order and numbers have fixed decimals: same run, same pack.
 */
#include "scenario/scenario.h"
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Half a pupil: below it a difference is rounding, not a child. */
#define CONSULT_MIN_PUPILS 0.5
/* A share of a key smaller than this is numerical dust, not a pupil
 * travelling: left out of "worst" distances. */
#define CONSULT_DUST 1e-6
/* Years on the page at most (the reported years and the change years):
 * a table wider than this does not fit a page. */
#define CONSULT_MAX_SHOWN 12

/* ---------------------------------------------------------------- params */

static const struct {
	const char *section, *key;
	size_t off;
	int share;              /* 1: at most 1 */
} cp_keys[] = {
	{ "travel", "school_days", offsetof(struct scenario_consult_params, school_days), 0 },
	{ "travel", "trips_per_day", offsetof(struct scenario_consult_params, trips_per_day), 0 },
	{ "travel", "car_km_per_pupil_km", offsetof(struct scenario_consult_params, car_km_per_pupil_km), 0 },
	{ "mode_split", "car_within_limit", offsetof(struct scenario_consult_params, car_share[0]), 1 },
	{ "mode_split", "bus_within_limit", offsetof(struct scenario_consult_params, bus_share[0]), 1 },
	{ "mode_split", "car_beyond_limit", offsetof(struct scenario_consult_params, car_share[1]), 1 },
	{ "mode_split", "bus_beyond_limit", offsetof(struct scenario_consult_params, bus_share[1]), 1 },
	{ "factors", "car_kg_co2e_per_km", offsetof(struct scenario_consult_params, car_kg_per_km), 0 },
	{ "factors", "bus_kg_co2e_per_passenger_km", offsetof(struct scenario_consult_params, bus_kg_per_pkm), 0 },
};
#define CP_NKEYS (sizeof(cp_keys) / sizeof(cp_keys[0]))

int scenario_consult_params_read(struct scenario_consult_params *cp, const char *path,
				 struct le_err *err)
{
	struct io_ini ini;
	int seen[CP_NKEYS] = { 0 };
	int rc, i;
	size_t j;

	memset(cp, 0, sizeof(*cp));
	if ((rc = io_ini_read(path, &ini, err)))
		return rc;
	for (i = 0; i < ini.n && !rc; i++) {
		const struct io_ini_entry *e = &ini.v[i];
		double v;

		for (j = 0; j < CP_NKEYS; j++)
			if (!strcmp(e->section, cp_keys[j].section) && !strcmp(e->key, cp_keys[j].key))
				break;
		if (j == CP_NKEYS) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: unknown key '%s' in [%s] (expected school_days, trips_per_day, car_km_per_pupil_km in [travel]; car_/bus_ within_limit, beyond_limit in [mode_split]; car_kg_co2e_per_km, bus_kg_co2e_per_passenger_km in [factors])",
				     path, e->line, e->key, e->section);
			break;
		}
		if (le_parse_double(e->val, &v) != 0 || v < 0 || (cp_keys[j].share && v > 1)) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: [%s] %s must be a number %s, got '%s'",
				     path, e->line, e->section, e->key,
				     cp_keys[j].share ? "from 0 to 1 (a share)" : ">= 0", e->val);
			break;
		}
		*(double *)((char *)cp + cp_keys[j].off) = v;
		seen[j] = 1;
	}
	for (j = 0; j < CP_NKEYS && !rc; j++)
		if (!seen[j])
			rc = le_errf(err, LE_EPARSE, "%s: missing '%s' in [%s]", path, cp_keys[j].key,
				     cp_keys[j].section);
	for (i = 0; i < 2 && !rc; i++)
		if (cp->car_share[i] + cp->bus_share[i] > 1 + 1e-9)
			rc = le_errf(err, LE_EPARSE, "%s: [mode_split] car and bus shares %s the limit add up to more than 1",
				     path, i ? "beyond" : "within");
	io_ini_release(&ini);
	if (!rc)
		cp->path = xstrdup(path);
	return rc;
}

void scenario_consult_params_release(struct scenario_consult_params *cp)
{
	if (cp) {
		free(cp->path);
		cp->path = NULL;
	}
}

/* ---------------------------------------------------------------- keys */

/* Pupils of key q who leave a school in a against the baseline ba: per
 * school, the baseline's pupils above the option's (both entry lists
 * are in ascending school order). */
static double key_out(const struct scenario_alloc *a, const struct scenario_alloc *ba, int q)
{
	int i = a->start[q], j = ba->start[q];
	double out = 0;

	while (i < a->start[q + 1] || j < ba->start[q + 1]) {
		int ka = i < a->start[q + 1] ? a->school[i] : -1;
		int kb = j < ba->start[q + 1] ? ba->school[j] : -1;
		int k = ka < 0 ? kb : kb < 0 ? ka : ka < kb ? ka : kb;
		double ps = 0, pb = 0;

		if (ka == k)
			ps = a->pupils[i++];
		if (kb == k)
			pb = ba->pupils[j++];
		out += pb > ps ? pb - ps : 0;
	}
	return out;
}

static int key_zone(const struct scenario_world *w, int q)
{
	return SCENARIO_KEY_ZONE(&w->grp, q);
}

static int key_sector(const struct scenario_world *w, int q)
{
	return SCENARIO_GROUP_SECTOR(&w->grp, SCENARIO_KEY_GROUP(&w->grp, q));
}

/* ---------------------------------------------------------------- pack state */

struct consult {
	struct scenario_result *const *res;
	const struct scenario_world *w;
	const struct scenario_params *p;
	const struct scenario_consult_params *cp;
	const struct scenario_result *b, *pr;   /* baseline, proposal */
	int nkeys, nyears, nschools, nres_all;
	char *school_p;         /* nschools: named by the proposal */
	char *zone_p;           /* nzones: rezoned by the proposal */
	char *group;            /* nkeys: the pupils affected */
	int has_sec[2];         /* sectors present in the group */
	int *opt;               /* result indices: baseline, proposal, others */
	char **why;             /* per option: why it is in the pack */
	int nopt;
	int *shown;             /* year indices shown on the page */
	int nshown;
};

/* Does change ch name school k (any kind, merges by every school)? */
static int change_names_school(const struct scenario_change *ch, int k)
{
	int i;

	if (ch->kind == SCENARIO_HOUSING)
		return 0;
	if (ch->school == k)
		return 1;
	for (i = 0; ch->kind == SCENARIO_MERGE && i < ch->nschools; i++)
		if (ch->schools[i] == k)
			return 1;
	return 0;
}

static int is_consultable(int kind)
{
	return kind == SCENARIO_CLOSE || kind == SCENARIO_MERGE || kind == SCENARIO_NEW ||
	       kind == SCENARIO_CATCHMENT_CHANGE;
}

/* The proposal's schools and zones, then the group. */
static void find_group(struct consult *c)
{
	const struct scenario *sc = c->pr->sc;
	int i, j, q, y, e;

	for (i = 0; i < sc->n; i++) {
		const struct scenario_change *ch = &sc->v[i];

		if (ch->kind == SCENARIO_HOUSING)
			continue;
		if (ch->school >= 0)
			c->school_p[ch->school] = 1;
		for (j = 0; ch->kind == SCENARIO_MERGE && j < ch->nschools; j++)
			c->school_p[ch->schools[j]] = 1;
		for (j = 0; ch->kind == SCENARIO_CATCHMENT_CHANGE && j < ch->nzones; j++)
			c->zone_p[ch->zones[j]] = 1;
	}
	for (q = 0; q < c->nkeys; q++) {
		int g = SCENARIO_KEY_GROUP(&c->w->grp, q);

		/* A rezoned zone: its keys the target school takes. */
		for (i = 0; i < sc->n && !c->group[q]; i++)
			if (c->zone_p[key_zone(c->w, q)] && scenario_change_moves(c->w, &sc->v[i], g))
				for (j = 0; j < sc->v[i].nzones; j++)
					c->group[q] |= sc->v[i].zones[j] == key_zone(c->w, q);
		for (y = 0; y < c->nyears && !c->group[q]; y++) {
			const struct scenario_alloc *ba = &c->b->years[y];

			for (e = ba->start[q]; e < ba->start[q + 1]; e++)
				if (ba->pupils[e] > 0 && c->school_p[ba->school[e]])
					c->group[q] = 1;
			if (key_out(&c->pr->years[y], ba, q) > CONSULT_DUST)
				c->group[q] = 1;
		}
		if (c->group[q])
			c->has_sec[key_sector(c->w, q)] = 1;
	}
}

/* b's string for the caller (free()); b released (buf_detach leaves a
 * fresh empty buffer behind). */
static char *take(struct buf *b)
{
	char *s = buf_detach(b);

	buf_release(b);
	return s;
}

/* Why option o (a result index) touches the proposal, or NULL. */
static char *touches(const struct consult *c, int o)
{
	const struct scenario_result *r = c->res[o];
	const struct scenario *sc = r->sc;
	const struct scenario_world *w = c->w;
	struct buf b;
	int i, j, k, q, y;

	buf_init(&b);
	for (i = 0; i < sc->n; i++) {
		const struct scenario_change *ch = &sc->v[i];

		for (k = 0; k < c->nschools; k++)
			if (c->school_p[k] && change_names_school(ch, k)) {
				buf_addf(&b, "its %s change names %s", scenario_kind_name(ch->kind),
					 w->s[k].name);
				return take(&b);
			}
		for (j = 0; ch->kind == SCENARIO_CATCHMENT_CHANGE && j < ch->nzones; j++)
			if (c->zone_p[ch->zones[j]]) {
				buf_addf(&b, "it rezones zone %s", w->r->zones[ch->zones[j]].id);
				return take(&b);
			}
	}
	for (y = 0; y < c->nyears; y++) {
		double moved = 0;

		for (q = 0; q < c->nkeys; q++)
			if (c->group[q])
				moved += key_out(&r->years[y], &c->b->years[y], q);
		if (moved >= CONSULT_MIN_PUPILS) {
			buf_addf(&b, "it moves %.1f of the affected pupils to another school in %d",
				 moved, r->base_year + y);
			return take(&b);
		}
	}
	for (y = 0; y < c->nyears; y++)
		for (k = 0; k < c->nschools; k++) {
			size_t i2 = (size_t)y * c->nschools + k;

			if (c->school_p[k] && fabs(r->roll[i2] - c->b->roll[i2]) >= CONSULT_MIN_PUPILS) {
				buf_addf(&b, "it changes the roll of %s by %+.1f in %d", w->s[k].name,
					 r->roll[i2] - c->b->roll[i2], r->base_year + y);
				return take(&b);
			}
		}
	buf_release(&b);
	return NULL;
}

/* ---------------------------------------------------------------- figures */

/* The group's travel under one option in one year and sector. */
struct travel_fig {
	double pupils, moved, unplaced, unknown, straight;
	double walk_median, walk_worst, walk_mean;
	double drive_median, drive_worst;
	double beyond, newly_beyond;
	double transport_gbp;
	/* carbon: one year's car km, bus passenger km, kg CO2e */
	double car_km, bus_pkm, kg;
	double simd_pupils[2], simd_moved[2];   /* [1] most deprived 20 % */
};

static void travel_figures(const struct consult *c, const struct scenario_result *r, int y,
			   int sec, struct travel_fig *f)
{
	const struct scenario_alloc *a = &r->years[y], *ba = &c->b->years[y];
	const struct scenario_world *w = c->w;
	struct scenario_walk_tab wt;
	int n = 0, nt = 0, q, e, cap = 0;
	double *dv, *dw, *tv, *tw, dsum = 0;

	memset(f, 0, sizeof(*f));
	scenario_walk_tab_init(&wt, c->p, w);
	for (q = 0; q < c->nkeys; q++)
		if (c->group[q] && key_sector(c->w, q) == sec)
			cap += a->start[q + 1] - a->start[q];
	dv = xmalloc(sizeof(double) * ((size_t)cap + 1));
	dw = xmalloc(sizeof(double) * ((size_t)cap + 1));
	tv = xmalloc(sizeof(double) * ((size_t)cap + 1));
	tw = xmalloc(sizeof(double) * ((size_t)cap + 1));
	for (q = 0; q < c->nkeys; q++) {
		double out, beyond_o = 0, beyond_b = 0;
		int z = key_zone(c->w, q), simd;
		struct scenario_walk wk, wb;

		if (!c->group[q] || key_sector(c->w, q) != sec)
			continue;
		/* The key's limits by stage, as the KPIs count them: the
		 * option's pupils by stage, and the baseline's for its own. */
		scenario_key_walk(&wt, r, w, y, q, &wk);
		scenario_key_walk(&wt, c->b, w, y, q, &wb);
		simd = w->simd_rank ? (int)w->simd_rank[z] : -1;
		f->pupils += r->pupils[(size_t)y * c->nkeys + q];
		f->unplaced += r->unplaced[(size_t)y * c->nkeys + q];
		out = key_out(a, ba, q);
		f->moved += out;
		if (simd >= 0) {
			f->simd_pupils[simd] += r->pupils[(size_t)y * c->nkeys + q];
			f->simd_moved[simd] += out;
		}
		for (e = a->start[q]; e < a->start[q + 1]; e++) {
			double pp = a->pupils[e], d = a->dist_m[e], pkm, ent;

			if (a->straight[e])
				f->straight += pp;
			if (d < 0) {
				f->unknown += pp;
				continue;
			}
			dv[n] = d;
			dw[n++] = pp;
			dsum += d * pp;
			if (pp > CONSULT_DUST && d > f->walk_worst)
				f->walk_worst = d;
			if (a->time_s[e] >= 0) {
				tv[nt] = a->time_s[e];
				tw[nt++] = pp;
				if (pp > CONSULT_DUST && a->time_s[e] > f->drive_worst)
					f->drive_worst = a->time_s[e];
			}
			/* The share of the entry's pupils beyond their
			 * stage's limit: they travel by the beyond mode
			 * split, the rest by the within one. */
			ent = scenario_walk_beyond(&wk, d);
			beyond_o += pp * ent;
			f->transport_gbp += pp * scenario_walk_gbp(&wk, d);
			if (c->cp) {
				pkm = pp * d / 1000 * c->cp->school_days * c->cp->trips_per_day;
				f->car_km += pkm * ((1 - ent) * c->cp->car_share[0] + ent * c->cp->car_share[1]) *
					     c->cp->car_km_per_pupil_km;
				f->bus_pkm += pkm * ((1 - ent) * c->cp->bus_share[0] + ent * c->cp->bus_share[1]);
			}
		}
		for (e = ba->start[q]; e < ba->start[q + 1]; e++)
			if (ba->dist_m[e] >= 0)
				beyond_b += ba->pupils[e] * scenario_walk_beyond(&wb, ba->dist_m[e]);
		f->beyond += beyond_o;
		/* Per key: pupils of a key are alike, so the ones beyond the
		 * limit now and not before are the increase. */
		f->newly_beyond += beyond_o > beyond_b ? beyond_o - beyond_b : 0;
	}
	f->walk_median = scenario_wquantile(dv, dw, n, 0.5);
	f->drive_median = scenario_wquantile(tv, tw, nt, 0.5);
	{
		double wsum = 0;
		int i;

		for (i = 0; i < n; i++)
			wsum += dw[i];
		f->walk_mean = wsum > 0 ? dsum / wsum : 0;
	}
	if (c->cp)
		f->kg = f->car_km * c->cp->car_kg_per_km + f->bus_pkm * c->cp->bus_kg_per_pkm;
	free(dv);
	free(dw);
	free(tv);
	free(tw);
	scenario_walk_tab_release(&wt);
}

/*
 * The group's pupils at each school under r in every year, at[y *
 * nschools + k] (malloc'd; free it). One pass over the group's entries:
 * asking school by school would cost schools x keys per year, hours at
 * the national size (2,500 schools, 56,000 keys).
 */
static double *group_by_school(const struct consult *c, const struct scenario_result *r)
{
	double *at = xcalloc((size_t)c->nyears * c->nschools + 1, sizeof(double));
	int y, q, e;

	for (y = 0; y < c->nyears; y++) {
		const struct scenario_alloc *a = &r->years[y];

		for (q = 0; q < c->nkeys; q++)
			if (c->group[q])
				for (e = a->start[q]; e < a->start[q + 1]; e++)
					at[(size_t)y * c->nschools + a->school[e]] += a->pupils[e];
	}
	return at;
}

/* ---------------------------------------------------------------- text */

static const char *opt_name(const struct consult *c, int i)
{
	return c->res[c->opt[i]]->name;
}

static const char *opt_role(const struct consult *c, int i)
{
	(void)c;
	return i == 0 ? "baseline (keep as now)" : i == 1 ? "proposal" : "alternative";
}

/* "12.50" / "n/a" */
static void cell_num(struct report_doc *d, int t, double v, int dec)
{
	if (isnan(v))
		report_doc_cell(d, t, "n/a");
	else
		report_doc_cell(d, t, "%.*f", dec, fabs(v) < 0.5 * pow(10, -dec) ? 0.0 : v);
}

static const char *grade(int g)
{
	const char *s = le_grade_name(g);
	return s && *s ? s : "not given";
}

/* Is an SG urban/rural class rural? 1 rural, 0 not, -1 cannot tell.
 * The 6-fold and 8-fold descriptions say "Rural" for the rural classes
 * (accessible, remote, very remote) and "Urban" or "Town" for the rest;
 * a bare code (5, 6) depends on the fold and is not guessed. */
static int rural_class(const char *s)
{
	char low[128];
	size_t i;

	if (!s)
		return -1;
	for (i = 0; s[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	low[i] = '\0';
	if (strstr(low, "rural"))
		return 1;
	if (strstr(low, "urban") || strstr(low, "town"))
		return 0;
	return -1;
}

/* The words of one change of the proposal for the changes table. */
static void change_detail(const struct scenario_world *w, const struct scenario_change *ch,
			  struct buf *b)
{
	int i;

	switch (ch->kind) {
	case SCENARIO_CLOSE:
		buf_adds(b, "closes; its pupils go to other schools by the allocation");
		break;
	case SCENARIO_MERGE:
		buf_adds(b, "merges");
		for (i = 0; i < ch->nschools; i++)
			buf_addf(b, "%s %s", i ? "," : "", w->s[ch->schools[i]].name);
		buf_addf(b, " on the site of %s", w->s[ch->school].name);
		if (ch->places >= 0)
			buf_addf(b, ", %.0f places", ch->places);
		break;
	case SCENARIO_NEW:
		buf_addf(b, "new school");
		if (w->s[ch->school].capacity >= 0)
			buf_addf(b, ", %.0f places", w->s[ch->school].capacity);
		break;
	case SCENARIO_CATCHMENT_CHANGE:
		buf_adds(b, "takes zones");
		for (i = 0; i < ch->nzones; i++)
			buf_addf(b, "%s %s", i ? "," : "", w->r->zones[ch->zones[i]].id);
		for (i = 0; i < LE_NSTREAMS; i++)
			if (ch->streams == 1u << i)
				buf_addf(b, " (%s pupils)", le_stream_label(i));
		break;
	case SCENARIO_EXTEND:
		buf_addf(b, "%.0f places added", ch->places);
		break;
	case SCENARIO_REDUCE:
		buf_addf(b, "%.0f places removed", ch->places);
		break;
	case SCENARIO_REFURBISH:
		buf_addf(b, "refurbished to condition %s", grade(ch->condition ? ch->condition :
							       LE_GRADE_NONE));
		break;
	case SCENARIO_HOUSING:
		buf_addf(b, "housing %s", ch->site.id ? ch->site.id : "");
		break;
	}
}

/* The schools the proposal closes (close, or merged away from the
 * site): the ones s.12A is about. */
static void closed_by(const struct scenario *sc, int nschools, char *out)
{
	int i, j;

	memset(out, 0, (size_t)nschools);
	for (i = 0; i < sc->n; i++) {
		const struct scenario_change *ch = &sc->v[i];

		if (ch->kind == SCENARIO_CLOSE)
			out[ch->school] = 1;
		for (j = 0; ch->kind == SCENARIO_MERGE && j < ch->nschools; j++)
			if (ch->schools[j] != ch->school)
				out[ch->schools[j]] = 1;
	}
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Year indices on the page: the reported years and the year of each of
 * the proposal's changes (the first year a closure is felt). */
static void shown_years(struct consult *c, const int *years, int nyears_rep)
{
	const struct scenario *sc = c->pr->sc;
	int i, n = 0, *v = xmalloc(sizeof(int) * ((size_t)(nyears_rep + sc->n) + 1));

	for (i = 0; i < nyears_rep; i++)
		v[n++] = years[i] - c->b->base_year;
	for (i = 0; i < sc->n; i++)
		v[n++] = sc->v[i].year - c->b->base_year;
	qsort(v, (size_t)n, sizeof(int), cmp_int);
	c->shown = xmalloc(sizeof(int) * ((size_t)n + 1));
	for (i = 0; i < n; i++)
		if (v[i] >= 0 && v[i] < c->nyears && c->nshown < CONSULT_MAX_SHOWN &&
		    (c->nshown == 0 || c->shown[c->nshown - 1] != v[i]))
			c->shown[c->nshown++] = v[i];
	free(v);
}

/* The group's pupils by stage (the sector's stages) under r in year y,
 * sector sec. */
static void group_stages(const struct consult *c, const struct scenario_result *r, int y,
			 int sec, double *st)
{
	const struct le_stages *stg = &c->w->r->stages;
	int q, s;

	memset(st, 0, sizeof(double) * LE_MAX_STAGES);
	for (q = 0; q < c->nkeys; q++) {
		int z = key_zone(c->w, q), t = SCENARIO_GROUP_STREAM(q);
		unsigned gs = SCENARIO_GROUP_STAGES(&c->w->grp, SCENARIO_KEY_GROUP(&c->w->grp, q));

		if (!c->group[q] || key_sector(c->w, q) != sec)
			continue;
		/* The key's own stages: its stage group's, of the sector. */
		for (s = stg->first[sec]; s >= 0 && s <= stg->last[sec]; s++)
			if (gs & (1u << s))
				st[s] += r->demand[MODEL_D(c->w->m, y, z, s, t)];
	}
}

/*
 * Section 1: what is proposed, which pupils that touches, and whether a
 * closed school is rural. *rural gets 1 (s.12A applies), 0 (no closed
 * school is rural), -1 (a closed school's class is unknown: officers
 * must check the Ministers' list) or -2 (nothing closes: a catchment
 * change or a new school alone).
 */
static void section_proposal(struct consult *c, struct report_doc *d, char *closed, int *rural)
{
	static const char *const ch_cols[] = { "change", "year", "school_id", "school", "detail" };
	static const char *const ru_cols[] = {
		"school_id", "school", "closed_by_proposal", "urban_rural_class", "rural"
	};
	const struct scenario *sc = c->pr->sc;
	const struct scenario_world *w = c->w;
	struct buf b;
	int t, i, k, q, any_closed = 0, unknown = 0;
	double base_pupils = 0;

	buf_init(&b);
	report_doc_text(d, REPORT_B_H2, "1. The proposal");
	report_doc_text(d, REPORT_B_P, "%s: %s.", sc->name,
			sc->description ? sc->description : "(no description in the scenario file)");
	t = report_doc_table(d, "proposal", "The changes of the proposal",
			     REPORT_T_PAGE | REPORT_T_CSV, 5, ch_cols);
	for (i = 0; i < sc->n; i++) {
		const struct scenario_change *ch = &sc->v[i];

		buf_reset(&b);
		change_detail(w, ch, &b);
		report_doc_cell(d, t, "%s", scenario_kind_name(ch->kind));
		report_doc_cell(d, t, "%d", ch->year);
		report_doc_cell(d, t, "%s", ch->school >= 0 ? w->s[ch->school].id : "");
		report_doc_cell(d, t, "%s", ch->school >= 0 ? w->s[ch->school].name : "");
		report_doc_cell(d, t, "%s", b.s);
	}
	for (q = 0; q < c->nkeys; q++)
		if (c->group[q])
			base_pupils += c->b->pupils[q];
	report_doc_text(d, REPORT_B_P,
			"The pupils affected are the children of the zones, sectors and streams that the "
			"baseline sends to a school the proposal names, that the proposal moves to another "
			"school, or that it rezones, in any year: %.2f pupils in %d (the base year). Every "
			"option below is measured on these same pupils.",
			base_pupils, c->b->base_year);
	report_doc_text(d, REPORT_B_H3, "Rural school");
	t = report_doc_table(d, "rural", "The proposal's schools and the Scottish Government urban/rural classification",
			     REPORT_T_PAGE | REPORT_T_CSV, 5, ru_cols);
	*rural = 0;
	for (k = 0; k < c->nschools; k++) {
		const char *cls;
		int rr;

		if (!c->school_p[k])
			continue;
		cls = k < w->nbase ? w->r->schools[k].urban_rural : NULL;
		rr = rural_class(cls);
		report_doc_cell(d, t, "%s", w->s[k].id);
		report_doc_cell(d, t, "%s", w->s[k].name);
		report_doc_cell(d, t, "%s", closed[k] ? "yes" : "no");
		report_doc_cell(d, t, "%s", cls ? cls : k >= w->nbase ? "new school" : "not given");
		report_doc_cell(d, t, "%s", rr == 1 ? "yes" : rr == 0 ? "no" : "unknown");
		if (closed[k]) {
			any_closed = 1;
			if (rr == 1)
				*rural = 1;
			else if (rr < 0)
				unknown = 1;
		}
	}
	if (!any_closed)
		*rural = -2;
	else if (!*rural && unknown)
		*rural = -1;
	if (*rural == 1)
		report_doc_text(d, REPORT_B_P,
				"The proposal closes a school the Scottish Government classes as rural: the "
				"rural school duties of the Act apply (section 8 of this pack, s.12A). The "
				"classification is the basis of the Scottish Ministers' list of rural schools; "
				"confirm the school is on the current list.");
	else if (*rural == 0)
		report_doc_text(d, REPORT_B_P,
				"No school the proposal closes is classed as rural: the rural school duties "
				"(s.12A) do not apply.");
	else if (*rural == -1)
		report_doc_text(d, REPORT_B_P,
				"The urban/rural class of a school the proposal closes is not known (map "
				"urban_rural = COLUMN in the study's [schools], e.g. AddrUR6Desc): check the "
				"Scottish Ministers' list of rural schools before the consultation.");
	else
		report_doc_text(d, REPORT_B_P,
				"The proposal closes no school, so the rural school closure duties (s.12A) do "
				"not arise.");
	buf_release(&b);
}

/*
 * Section 2: the options side by side, each with the reason it is in
 * the pack, and the study's options left out by name: a consultation is
 * challenged on alternatives not considered, so the pack shows that
 * every modelled one was looked at.
 */
static void section_options(struct consult *c, struct report_doc *d)
{
	static const char *const cols[] = { "option", "role", "description", "why_in_the_pack" };
	struct buf left;
	int t, i, o, in;

	buf_init(&left);
	report_doc_text(d, REPORT_B_H2, "2. Options assessed");
	report_doc_text(d, REPORT_B_P,
			"The proposal beside the baseline (the estate as it is, the school kept open) and "
			"every other option of the study that touches the same schools or zones: it names "
			"one of them, moves at least half a pupil of the affected zones to another school, "
			"or changes the roll of one of the proposal's schools by half a pupil or more, in "
			"some year.");
	t = report_doc_table(d, "options", "Options in this pack", REPORT_T_PAGE | REPORT_T_CSV, 4, cols);
	for (i = 0; i < c->nopt; i++) {
		const struct scenario_result *r = c->res[c->opt[i]];

		report_doc_cell(d, t, "%s", opt_name(c, i));
		report_doc_cell(d, t, "%s", opt_role(c, i));
		report_doc_cell(d, t, "%s", r->sc ? (r->sc->description ? r->sc->description : "") :
				"the study without changes");
		report_doc_cell(d, t, "%s", c->why[i]);
	}
	for (o = 1; o < (int)c->nres_all; o++) {
		for (in = 0, i = 0; i < c->nopt; i++)
			in |= c->opt[i] == o;
		if (!in)
			buf_addf(&left, "%s%s", left.len ? ", " : "", c->res[o]->name);
	}
	if (left.len)
		report_doc_text(d, REPORT_B_P, "Not in the pack (they touch neither the schools nor the zones of the proposal): %s.",
				left.s);
	else
		report_doc_text(d, REPORT_B_P, "Every option of the study touches the proposal.");
	report_doc_text(d, REPORT_B_OFFICER,
			"The reasonable alternatives the council considered and did not model, and why "
			"each was not taken forward; why the proposal is preferred.");
	buf_release(&left);
}

/*
 * Section 3: the affected pupils by stage. The stages come from the
 * placed demand (res->demand, as MODEL_D), the same pupils the
 * allocation shares out, so the stage rows add up to the travel table's
 * pupils.
 */
static void section_pupils(struct consult *c, struct report_doc *d)
{
	const struct le_stages *stg = &c->w->r->stages;
	const char *cols[4 + LE_MAX_STAGES];
	double st[LE_MAX_STAGES];
	int t, i, y, s, sec, n;

	report_doc_text(d, REPORT_B_H2, "3. Pupils affected");
	report_doc_text(d, REPORT_B_P,
			"The affected pupils by stage and year, as projected (the study's projection, "
			"with the housing of each option). The page shows the baseline; "
			"pupils_by_stage.csv has every option and year.");
	for (sec = 0; sec < 2; sec++) {
		if (!c->has_sec[sec])
			continue;
		n = 0;
		cols[n++] = "year";
		for (s = stg->first[sec]; s >= 0 && s <= stg->last[sec]; s++)
			cols[n++] = stg->name[s];
		cols[n++] = "total";
		t = report_doc_table(d, NULL, sec ? "Secondary pupils affected (baseline)" :
				     "Primary pupils affected (baseline)", REPORT_T_PAGE, n, cols);
		for (i = 0; i < c->nshown; i++) {
			double tot = 0;

			y = c->shown[i];
			group_stages(c, c->b, y, sec, st);
			report_doc_cell(d, t, "%d", c->b->base_year + y);
			for (s = stg->first[sec]; s >= 0 && s <= stg->last[sec]; s++) {
				cell_num(d, t, st[s], 2);
				tot += st[s];
			}
			cell_num(d, t, tot, 2);
		}
	}
	n = 0;
	cols[n++] = "option";
	cols[n++] = "year";
	cols[n++] = "sector";
	for (s = 0; s < stg->n; s++)
		cols[n++] = stg->name[s];
	cols[n++] = "total";
	t = report_doc_table(d, "pupils_by_stage", NULL, REPORT_T_CSV, n, cols);
	for (i = 0; i < c->nopt; i++)
		for (y = 0; y < c->nyears; y++)
			for (sec = 0; sec < 2; sec++) {
				double tot = 0;

				if (!c->has_sec[sec])
					continue;
				group_stages(c, c->res[c->opt[i]], y, sec, st);
				report_doc_cell(d, t, "%s", opt_name(c, i));
				report_doc_cell(d, t, "%d", c->b->base_year + y);
				report_doc_cell(d, t, "%s", le_sector_name(sec));
				for (s = 0; s < stg->n; s++) {
					if (stg->sector[s] != sec)
						report_doc_cell(d, t, "%s", "");
					else
						cell_num(d, t, st[s], 2);
					tot += stg->sector[s] == sec ? st[s] : 0;
				}
				cell_num(d, t, tot, 2);
			}
}

/* Does option r send group pupils to school k in a year shown, or is k
 * one of the proposal's schools (and part of r)? The schools the pack
 * lists for r; at is group_by_school's table for r. */
static int listed_school(const struct consult *c, const struct scenario_result *r,
			 const double *at, int k)
{
	int i;

	if (c->school_p[k] && r->status[k] != SCENARIO_ABSENT)
		return 1;
	for (i = 0; i < c->nshown; i++)
		if (at[(size_t)c->shown[i] * c->nschools + k] > CONSULT_DUST)
			return 1;
	return 0;
}

/*
 * Section 4: where the affected pupils would be taught. The page has a
 * table per option (schools x shown years of utilisation); the CSV every
 * school, option and year. Utilisation of a school not open that year
 * (closed, planned, another option's new school) is n/a, not 0 %.
 */
static void section_education(struct consult *c, struct report_doc *d)
{
	static const char *const csv_cols[] = {
		"option", "year", "school_id", "school", "status", "capacity", "roll",
		"utilisation_pct", "condition", "suitability", "affected_pupils"
	};
	static const char *const b_cols[] = {
		"option", "year", "affected_pupils", "in_condition_ab", "in_condition_cd",
		"in_suitability_ab", "in_suitability_cd", "not_graded"
	};
	const char *cols[CONSULT_MAX_SHOWN + 6];
	char hdr[CONSULT_MAX_SHOWN][24];
	int t, i, j, k, y, n, last = c->shown[c->nshown - 1];

	report_doc_text(d, REPORT_B_H2, "4. Educational benefits");
	report_doc_text(d, REPORT_B_P,
			"The schools the affected pupils attend under each option: places, projected roll "
			"and utilisation over the horizon, and the condition and suitability of the "
			"buildings (A good, B satisfactory, C poor, D bad). Capacity without a figure reads "
			"n/a; schools.csv of this pack has every year.");
	for (i = 0; i < c->nopt; i++) {
		const struct scenario_result *r = c->res[c->opt[i]];
		double *at = group_by_school(c, r);
		char cap[96];

		n = 0;
		cols[n++] = "school";
		cols[n++] = "status";
		cols[n++] = "affected pupils";
		cols[n++] = "places";
		for (j = 0; j < c->nshown; j++) {
			snprintf(hdr[j], sizeof(hdr[j]), "use %% %d", c->b->base_year + c->shown[j]);
			cols[n++] = hdr[j];
		}
		cols[n++] = "condition";
		cols[n++] = "suitability";
		snprintf(cap, sizeof(cap), "%s: the schools in %d", r->name, c->b->base_year + last);
		report_doc_text(d, REPORT_B_H3, "%s (%s)", r->name, opt_role(c, i));
		t = report_doc_table(d, NULL, cap, REPORT_T_PAGE, n, cols);
		for (k = 0; k < c->nschools; k++) {
			size_t ik = (size_t)last * c->nschools + k;

			if (!listed_school(c, r, at, k))
				continue;
			report_doc_cell(d, t, "%s", c->w->s[k].name);
			report_doc_cell(d, t, "%s", scenario_status_name(r->status[ik]));
			cell_num(d, t, at[ik], 2);
			cell_num(d, t, r->capacity[ik] >= 0 ? r->capacity[ik] : NAN, 0);
			for (j = 0; j < c->nshown; j++) {
				size_t iy = (size_t)c->shown[j] * c->nschools + k;
				int open = r->status[iy] != SCENARIO_CLOSED && r->status[iy] != SCENARIO_ABSENT &&
					   r->status[iy] != SCENARIO_PLANNED;

				cell_num(d, t, open ? report_util_shown(report_util_pct(r->roll[iy], r->capacity[iy])) : NAN, 1);
			}
			report_doc_cell(d, t, "%s", grade(r->condition[ik]));
			report_doc_cell(d, t, "%s", grade(r->suitability[ik]));
		}
		free(at);
	}
	t = report_doc_table(d, "schools", NULL, REPORT_T_CSV, 11, csv_cols);
	for (i = 0; i < c->nopt; i++) {
		const struct scenario_result *r = c->res[c->opt[i]];
		double *at = group_by_school(c, r);

		for (k = 0; k < c->nschools; k++) {
			if (!listed_school(c, r, at, k))
				continue;
			for (y = 0; y < c->nyears; y++) {
				size_t iy = (size_t)y * c->nschools + k;

				report_doc_cell(d, t, "%s", r->name);
				report_doc_cell(d, t, "%d", r->base_year + y);
				report_doc_cell(d, t, "%s", c->w->s[k].id);
				report_doc_cell(d, t, "%s", c->w->s[k].name);
				report_doc_cell(d, t, "%s", scenario_status_name(r->status[iy]));
				cell_num(d, t, r->capacity[iy] >= 0 ? r->capacity[iy] : NAN, 0);
				cell_num(d, t, r->roll[iy], 2);
				cell_num(d, t, report_util_pct(r->roll[iy], r->capacity[iy]), 2);
				report_doc_cell(d, t, "%s", le_grade_name(r->condition[iy]));
				report_doc_cell(d, t, "%s", le_grade_name(r->suitability[iy]));
				cell_num(d, t, at[iy], 2);
			}
		}
		free(at);
	}
	/* The buildings the affected pupils are taught in: the part of the
	 * educational benefit the data can show. */
	t = report_doc_table(d, "buildings", "Affected pupils by the grade of the building they attend",
			     REPORT_T_PAGE | REPORT_T_CSV, 8, b_cols);
	for (i = 0; i < c->nopt; i++) {
		const struct scenario_result *r = c->res[c->opt[i]];

		for (j = 0; j < c->nshown; j++) {
			double v[6] = { 0, 0, 0, 0, 0, 0 };
			int q, e;

			y = c->shown[j];
			for (q = 0; q < c->nkeys; q++) {
				const struct scenario_alloc *a = &r->years[y];

				if (!c->group[q])
					continue;
				for (e = a->start[q]; e < a->start[q + 1]; e++) {
					size_t iy = (size_t)y * c->nschools + a->school[e];
					int cg = r->condition[iy], sg = r->suitability[iy];
					double pp = a->pupils[e];

					v[0] += pp;
					v[1] += (cg == LE_GRADE_A || cg == LE_GRADE_B) ? pp : 0;
					v[2] += (cg == LE_GRADE_C || cg == LE_GRADE_D) ? pp : 0;
					v[3] += (sg == LE_GRADE_A || sg == LE_GRADE_B) ? pp : 0;
					v[4] += (sg == LE_GRADE_C || sg == LE_GRADE_D) ? pp : 0;
					v[5] += cg == LE_GRADE_NONE ? pp : 0;
				}
			}
			report_doc_cell(d, t, "%s", r->name);
			report_doc_cell(d, t, "%d", r->base_year + y);
			for (k = 0; k < 6; k++)
				cell_num(d, t, v[k], 2);
		}
	}
	report_doc_text(d, REPORT_B_OFFICER,
			"The educational benefits statement: the likely effects of the proposal on the "
			"pupils of the affected school(s), on other pupils of the council's schools and on "
			"children likely to become pupils; the benefits the council expects and its "
			"reasons; how adverse effects would be reduced.");
}

/*
 * Section 5: the journeys, before (the baseline) and after (each option),
 * per sector because the walking limits differ; then the carbon of the
 * change. Times are shown in minutes on the page and kept in seconds in
 * the CSV (the unit of every other estate table).
 */
static void section_travel(struct consult *c, struct report_doc *d)
{
	static const char *const csv_cols[] = {
		"option", "year", "sector", "pupils", "changing_school", "walk_median_m",
		"walk_worst_m", "walk_mean_m", "drive_median_s", "drive_worst_s",
		"beyond_limit", "newly_entitled", "unknown_distance", "straight_line", "unplaced"
	};
	static const char *const page_cols[] = {
		"option", "year", "pupils", "changing school", "walk median (m)", "walk worst (m)",
		"drive median (min)", "drive worst (min)", "beyond limit", "newly entitled"
	};
	static const char *const co2_cols[] = {
		"option", "year", "car_km", "bus_passenger_km", "kg_co2e", "added_car_km",
		"added_bus_passenger_km", "added_kg_co2e"
	};
	struct travel_fig f, fb;
	struct buf lim;
	int t, tp, i, j, y, sec, pass;

	/* The limits applied, by stage (no policy: the statute's by age). */
	buf_init(&lim);
	scenario_walk_text(c->p, c->w->r, -1, &lim);
	report_doc_text(d, REPORT_B_H2, "5. Travel effect");
	report_doc_text(d, REPORT_B_P,
			"Walking distance (which decides free transport) and driving time from each affected "
			"zone to the school its pupils attend, before (the baseline) and after (each option). "
			"A pupil beyond the walking limit of their stage (%s%s) is entitled to free "
			"transport; newly entitled: beyond the limit under the option and not in the "
			"baseline. Median and worst are over the affected pupils; travel.csv has every year "
			"and the straight-line share.",
			lim.s, c->p->nlimits ? ", or the council's own in models/transport.ini" : "");
	buf_release(&lim);
	t = report_doc_table(d, "travel", NULL, REPORT_T_CSV, 15, csv_cols);
	for (sec = 0; sec < 2; sec++) {
		if (!c->has_sec[sec])
			continue;
		tp = report_doc_table(d, NULL, sec ? "Secondary pupils affected: travel" :
				      "Primary pupils affected: travel", REPORT_T_PAGE, 10, page_cols);
		for (i = 0; i < c->nopt; i++)
			for (j = 0; j < c->nshown; j++) {
				travel_figures(c, c->res[c->opt[i]], c->shown[j], sec, &f);
				report_doc_cell(d, tp, "%s", opt_name(c, i));
				report_doc_cell(d, tp, "%d", c->b->base_year + c->shown[j]);
				cell_num(d, tp, f.pupils, 2);
				cell_num(d, tp, f.moved, 2);
				cell_num(d, tp, f.walk_median, 0);
				cell_num(d, tp, f.walk_worst, 0);
				cell_num(d, tp, f.drive_median / 60, 1);
				cell_num(d, tp, f.drive_worst / 60, 1);
				cell_num(d, tp, f.beyond, 2);
				cell_num(d, tp, f.newly_beyond, 2);
			}
	}
	for (i = 0; i < c->nopt; i++)
		for (y = 0; y < c->nyears; y++)
			for (sec = 0; sec < 2; sec++) {
				if (!c->has_sec[sec])
					continue;
				travel_figures(c, c->res[c->opt[i]], y, sec, &f);
				report_doc_cell(d, t, "%s", opt_name(c, i));
				report_doc_cell(d, t, "%d", c->b->base_year + y);
				report_doc_cell(d, t, "%s", le_sector_name(sec));
				cell_num(d, t, f.pupils, 2);
				cell_num(d, t, f.moved, 2);
				cell_num(d, t, f.walk_median, 0);
				cell_num(d, t, f.walk_worst, 0);
				cell_num(d, t, f.walk_mean, 0);
				cell_num(d, t, f.drive_median, 0);
				cell_num(d, t, f.drive_worst, 0);
				cell_num(d, t, f.beyond, 2);
				cell_num(d, t, f.newly_beyond, 2);
				cell_num(d, t, f.unknown, 2);
				cell_num(d, t, f.straight, 2);
				cell_num(d, t, f.unplaced, 2);
			}
	report_doc_text(d, REPORT_B_H3, "Travel-related carbon");
	if (!c->cp) {
		report_doc_text(d, REPORT_B_P,
				"Not estimated: the study names no travel assumptions (add consult = "
				"models/consult.ini to its [model]).");
	} else {
		const struct scenario_consult_params *cp = c->cp;

		report_doc_text(d, REPORT_B_P,
				"The affected pupils' school journeys in a year: %.0f days x %.0f trips over the "
				"walking distance to their school; by car %.0f %% within the limit and %.0f %% "
				"beyond it (%.1f car km per pupil km), by bus %.0f %% within and %.0f %% beyond; "
				"%.3f kg CO2e per car km and %.3f per bus passenger km (%s: sources and "
				"assumptions there). Added: the option's figure less the baseline's.",
				cp->school_days, cp->trips_per_day, 100 * cp->car_share[0],
				100 * cp->car_share[1], cp->car_km_per_pupil_km, 100 * cp->bus_share[0],
				100 * cp->bus_share[1], cp->car_kg_per_km, cp->bus_kg_per_pkm, cp->path);
		/* Pass 0 the page (shown years), pass 1 the CSV (every year). */
		for (pass = 0; pass < 2; pass++) {
			t = report_doc_table(d, pass ? "carbon" : NULL,
					     pass ? NULL : "School travel of the affected pupils: a year's km and CO2e",
					     pass ? REPORT_T_CSV : REPORT_T_PAGE, 8, co2_cols);
			for (i = 0; i < c->nopt; i++)
				for (j = 0; j < (pass ? c->nyears : c->nshown); j++) {
					double v[3] = { 0, 0, 0 }, vb[3] = { 0, 0, 0 };

					y = pass ? j : c->shown[j];
					for (sec = 0; sec < 2; sec++) {
						if (!c->has_sec[sec])
							continue;
						travel_figures(c, c->res[c->opt[i]], y, sec, &f);
						travel_figures(c, c->b, y, sec, &fb);
						v[0] += f.car_km;
						v[1] += f.bus_pkm;
						v[2] += f.kg;
						vb[0] += fb.car_km;
						vb[1] += fb.bus_pkm;
						vb[2] += fb.kg;
					}
					report_doc_cell(d, t, "%s", opt_name(c, i));
					report_doc_cell(d, t, "%d", c->b->base_year + y);
					cell_num(d, t, v[0], 0);
					cell_num(d, t, v[1], 0);
					cell_num(d, t, v[2], 0);
					cell_num(d, t, v[0] - vb[0], 0);
					cell_num(d, t, v[1] - vb[1], 0);
					cell_num(d, t, v[2] - vb[2], 0);
				}
		}
	}
	report_doc_text(d, REPORT_B_OFFICER,
			"Routes and road safety, the school transport that would be provided and its "
			"journey times, and the effect of the journeys on pupils (wellbeing, "
			"after-school activities).");
}

/*
 * Section 6: the one community measure the data holds, deprivation (SIMD
 * of the zones the pupils live in); the rest is for officers.
 */
static void section_community(struct consult *c, struct report_doc *d)
{
	static const char *const cols[] = {
		"option", "year", "simd20_pupils", "other_pupils", "simd20_changing_school",
		"other_changing_school"
	};
	struct travel_fig f;
	int t, i, j, sec, pass;

	report_doc_text(d, REPORT_B_H2, "6. Community effect");
	if (!c->w->simd_rank) {
		report_doc_text(d, REPORT_B_P,
				"SIMD profile: not available (the study has no zone SIMD input: add simd = "
				"FILE to its [model]).");
	} else if (!c->w->dep.mean_label[0] || c->w->dep.simd) {
		report_doc_text(d, REPORT_B_P,
				"SIMD profile of the affected pupils: those living in data zones among Scotland's "
				"20 %% most deprived (SIMD quintile 1) and the others, and how many of each change "
				"school. Zones without a SIMD figure are in neither column.");
	} else {
		/* Another index (deprivation_name): its name, and no claim
		 * about which country's zones it ranks. */
		report_doc_text(d, REPORT_B_P,
				"%s profile of the affected pupils: those living in the 20 %% most deprived "
				"zones by %s and the others, and how many of each change school. Zones "
				"the %s file does not give are in neither column.",
				c->w->dep.name, c->w->dep.name, c->w->dep.name);
	}
	if (c->w->simd_rank) {
		for (pass = 0; pass < 2; pass++) {
			t = report_doc_table(d, pass ? "simd" : NULL, pass ? NULL : "Affected pupils by deprivation",
					     pass ? REPORT_T_CSV : REPORT_T_PAGE, 6, cols);
			for (i = 0; i < c->nopt; i++)
				for (j = 0; j < (pass ? c->nyears : c->nshown); j++) {
					double v[4] = { 0, 0, 0, 0 };
					int y = pass ? j : c->shown[j];

					for (sec = 0; sec < 2; sec++) {
						if (!c->has_sec[sec])
							continue;
						travel_figures(c, c->res[c->opt[i]], y, sec, &f);
						v[0] += f.simd_pupils[1];
						v[1] += f.simd_pupils[0];
						v[2] += f.simd_moved[1];
						v[3] += f.simd_moved[0];
					}
					report_doc_cell(d, t, "%s", opt_name(c, i));
					report_doc_cell(d, t, "%d", c->b->base_year + y);
					cell_num(d, t, v[0], 2);
					cell_num(d, t, v[1], 2);
					cell_num(d, t, v[2], 2);
					cell_num(d, t, v[3], 2);
				}
		}
	}
	report_doc_text(d, REPORT_B_OFFICER,
			"The likely effect on the local community: its sustainability, the use of the "
			"school's premises and facilities by the community and where that use would go, "
			"and the views of the community gathered so far.");
}

/*
 * Section 7: costs a year. The affected pupils' transport is computed
 * here (beyond the limit x the rate); the council-wide changes are the
 * run's KPIs less the baseline's, so an option's effect on other pupils
 * is not hidden by the group.
 */
static void section_costs(struct consult *c, struct report_doc *d)
{
	static const char *const cols[] = {
		"option", "year", "affected_transport_gbp", "affected_transport_change_gbp",
		"region_transport_change_gbp", "region_running_change_gbp", "capital_to_date_gbp",
		"region_pupils_changing_school"
	};
	struct travel_fig f, fb;
	int t, i, j, sec, pass;

	report_doc_text(d, REPORT_B_H2, "7. Transport and running costs");
	report_doc_text(d, REPORT_B_P,
			"A year's cost at the price base of models/costs.ini and models/transport.ini: free "
			"transport for the affected pupils beyond the limit, and its change from the "
			"baseline; the change in the council's whole transport and running cost (an "
			"option's effect outside the affected pupils shows here); capital spent to date; "
			"pupils changing school anywhere in the council.");
	for (pass = 0; pass < 2; pass++) {
		t = report_doc_table(d, pass ? "costs" : NULL, pass ? NULL : "Costs (GBP a year; capital to date)",
				     pass ? REPORT_T_CSV : REPORT_T_PAGE, 8, cols);
		for (i = 0; i < c->nopt; i++)
			for (j = 0; j < (pass ? c->nyears : c->nshown); j++) {
				const struct scenario_result *r = c->res[c->opt[i]];
				int y = pass ? j : c->shown[j];
				const double *K = r->kpi + (size_t)y * SK_NKPIS;
				const double *KB = c->b->kpi + (size_t)y * SK_NKPIS;
				double v = 0, vb = 0;

				for (sec = 0; sec < 2; sec++) {
					if (!c->has_sec[sec])
						continue;
					travel_figures(c, r, y, sec, &f);
					travel_figures(c, c->b, y, sec, &fb);
					v += f.transport_gbp;
					vb += fb.transport_gbp;
				}
				report_doc_cell(d, t, "%s", r->name);
				report_doc_cell(d, t, "%d", r->base_year + y);
				cell_num(d, t, v, 0);
				cell_num(d, t, v - vb, 0);
				cell_num(d, t, K[SK_TRANSPORT_GBP] - KB[SK_TRANSPORT_GBP], 0);
				cell_num(d, t, K[SK_RUNNING_GBP] - KB[SK_RUNNING_GBP], 0);
				cell_num(d, t, K[SK_CAPITAL_TO_DATE_GBP], 0);
				cell_num(d, t, K[SK_MOVED], 2);
			}
	}
	report_doc_text(d, REPORT_B_OFFICER,
			"Capital receipts and the future of the building, staffing, and any cost the model "
			"does not hold.");
}

/*
 * Section 8: the rural special factors (s.12A(2)-(4) as inserted by the
 * Children and Young People (Scotland) Act 2014), each pointing to the
 * figures above and leaving the judgement to officers.
 */
static void section_rural(struct consult *c, struct report_doc *d, int rural)
{
	(void)c;
	report_doc_text(d, REPORT_B_H2, "8. Rural school: the special factors (s.12A)");
	if (rural != 1) {
		report_doc_text(d, REPORT_B_P, "%s",
				rural == -2 ? "Not applicable: the proposal closes no school." :
				rural == 0 ? "Not applicable: no school the proposal closes is classed as rural." :
				"Cannot tell: the urban/rural class of a closed school is not known (section 1).");
		if (rural == -1)
			report_doc_text(d, REPORT_B_OFFICER,
					"Whether the school is on the Scottish Ministers' list of rural schools; if "
					"it is, the three factors of s.12A as below.");
		return;
	}
	report_doc_text(d, REPORT_B_P,
			"The proposal closes a rural school. The council must have special regard to: (a) "
			"any viable alternative to the closure; (b) the likely effect of the closure on the "
			"local community (its sustainability, and the availability of the school's premises "
			"and other facilities for the community's use); (c) the likely effect caused by any "
			"different travelling arrangements, including their environmental impact.");
	report_doc_text(d, REPORT_B_H3, "(a) Viable alternatives to closure");
	report_doc_text(d, REPORT_B_P,
			"The modelled alternatives are in section 2, with the baseline (keeping the school "
			"open); their figures stand beside the proposal's in sections 3 to 7.");
	report_doc_text(d, REPORT_B_OFFICER,
			"Why each alternative is or is not viable (federation, shared headship, a change of "
			"catchment, a different use of the building, ...).");
	report_doc_text(d, REPORT_B_H3, "(b) Effect on the local community");
	report_doc_text(d, REPORT_B_P, "The %s profile is in section 6.",
			c->w->dep.name[0] ? c->w->dep.name : "SIMD");
	report_doc_text(d, REPORT_B_OFFICER,
			"The community's sustainability without the school and the availability of its "
			"premises and facilities for community use.");
	report_doc_text(d, REPORT_B_H3, "(c) Effect of different travelling arrangements");
	report_doc_text(d, REPORT_B_P,
			"Distances, times, newly entitled pupils and the added car and bus km and CO2e are "
			"in section 5; the transport cost in section 7.");
	report_doc_text(d, REPORT_B_OFFICER,
			"The journeys as pupils would make them: routes, road safety, the transport "
			"provided, time spent travelling, and the environmental impact beyond the CO2e "
			"estimate.");
}

/* How the figures were made, and the share of them measured in a
 * straight line (a reader must know how much is approximate). */
static void section_method(struct consult *c, struct report_doc *d, const char *study)
{
	double straight = 0, pupils = 0;
	int q, e, y = c->shown[c->nshown - 1];

	for (q = 0; q < c->nkeys; q++) {
		const struct scenario_alloc *a = &c->pr->years[y];

		if (!c->group[q])
			continue;
		for (e = a->start[q]; e < a->start[q + 1]; e++) {
			pupils += a->pupils[e];
			straight += a->straight[e] ? a->pupils[e] : 0;
		}
	}
	report_doc_text(d, REPORT_B_H2, "Method, assumptions and sources");
	report_doc_text(d, REPORT_B_NOTE,
			"Prepared by estate %s from the study \"%s\" and its scenario files: every figure "
			"comes from the same evaluation as estate run (projection, allocation by the "
			"study's policy, year by year). Pupils are projected and fractional; a figure is as "
			"good as the study's inputs (see data_quality.csv of estate run).",
			ESTATE_VERSION, study);
	report_doc_text(d, REPORT_B_NOTE,
			"Distances are walking distances on the road network where the study has roads, "
			"else the straight line times the detour factor; %.1f %% of the affected pupils' "
			"journeys under the proposal in %d are measured in a straight line. The "
			"allocation holds each journey's walking distance and driving time: driving "
			"distance and walking time are not measured, and the carbon estimate uses the "
			"walking route's length for the car and bus too.",
			pupils > 0 ? 100 * straight / pupils : 0.0, c->b->base_year + y);
	report_doc_text(d, REPORT_B_NOTE,
			"Statutory references: Schools (Consultation) (Scotland) Act 2010 as amended by the "
			"Children and Young People (Scotland) Act 2014 (s.12A, rural schools); free "
			"transport: Education (Scotland) Act 1980 s.51 and the council's policy. The "
			"sections headed \"For officers to write\" are the parts of the proposal paper "
			"estate cannot produce.");
	/* The open data licences require attribution wherever the figures
	 * are published; a council's own inputs carry their own. */
	report_doc_text(d, REPORT_B_NOTE,
			"Data: the study's inputs. Where they are the bundled open data (gis/README.md, "
			"Open Government Licence v3): Copyright Scottish Government, contains Ordnance "
			"Survey data \u00a9 Crown copyright and database right; \u00a9 Crown Copyright, "
			"National Records of Scotland.");
}

/*
 * The order of the work: refuse a scenario the Act does not cover before
 * anything is built; then the proposal's schools, zones and pupils; the
 * options that touch them (the baseline and the proposal first, then in
 * run order); then the sections in the order of a proposal paper.
 */
int scenario_consult(struct report_doc *doc, struct scenario_result *const *res, int nres,
		     int proposal, const struct scenario_world *w,
		     const struct scenario_params *p,
		     const struct scenario_consult_params *cp, const int *years,
		     int nyears_rep, const char *title_study, struct le_err *err)
{
	struct consult c;
	struct buf b;
	char *closed = NULL;
	int i, o, rural = 0, ok = 0, rc = LE_OK;

	buf_init(&b);
	memset(&c, 0, sizeof(c));
	report_doc_init(doc, "Consultation evidence");
	c.res = res;
	c.nres_all = nres;
	c.w = w;
	c.p = p;
	c.cp = cp;
	c.b = res[0];
	c.pr = res[proposal];
	c.nkeys = c.b->nkeys;
	c.nyears = c.b->nyears;
	c.nschools = c.b->nschools;
	for (i = 0; i < c.pr->sc->n; i++)
		ok |= is_consultable(c.pr->sc->v[i].kind);
	if (!ok) {
		/* Name the ones that do, so the user can pick. */
		for (o = 1; o < nres; o++) {
			int yes = 0;

			for (i = 0; i < res[o]->sc->n; i++)
				yes |= is_consultable(res[o]->sc->v[i].kind);
			if (yes)
				buf_addf(&b, "%s%s", b.len ? ", " : "", res[o]->name);
		}
		rc = le_errf(err, LE_EUSAGE, "consult: scenario '%s' closes, merges, opens and rezones nothing, so there is no proposal to consult on under the Schools (Consultation) (Scotland) Act 2010 (scenarios that do: %s)",
			     c.pr->name, b.len ? b.s : "none");
		goto done;
	}
	c.school_p = xcalloc((size_t)c.nschools + 1, 1);
	c.zone_p = xcalloc((size_t)c.b->nzones + 1, 1);
	c.group = xcalloc((size_t)c.nkeys + 1, 1);
	closed = xcalloc((size_t)c.nschools + 1, 1);
	c.opt = xcalloc((size_t)nres + 1, sizeof(int));
	c.why = xcalloc((size_t)nres + 1, sizeof(char *));
	find_group(&c);
	closed_by(c.pr->sc, c.nschools, closed);
	shown_years(&c, years, nyears_rep);
	c.opt[0] = 0;
	c.why[0] = xstrdup("keeping things as they are: what every option is measured against");
	c.opt[1] = proposal;
	c.why[1] = xstrdup("the proposal");
	c.nopt = 2;
	for (o = 1; o < nres; o++) {
		char *why;

		if (o == proposal || !(why = touches(&c, o)))
			continue;
		c.opt[c.nopt] = o;
		c.why[c.nopt++] = why;
	}
	free(doc->title);
	buf_addf(&b, "Consultation evidence: %s", c.pr->sc->description ? c.pr->sc->description :
		 c.pr->name);
	doc->title = buf_detach(&b);
	report_doc_text(doc, REPORT_B_P,
			"The quantitative evidence for a proposal under the Schools (Consultation) "
			"(Scotland) Act 2010, for the study \"%s\": the proposal beside the reasonable "
			"alternatives the study holds and the baseline (keeping the school open), for the "
			"same pupils. The boxed parts are for officers to write.", title_study);
	section_proposal(&c, doc, closed, &rural);
	section_options(&c, doc);
	section_pupils(&c, doc);
	section_education(&c, doc);
	section_travel(&c, doc);
	section_community(&c, doc);
	section_costs(&c, doc);
	section_rural(&c, doc, rural);
	section_method(&c, doc, title_study);
done:
	for (i = 0; i < c.nopt; i++)
		free(c.why[i]);
	free(c.why);
	free(c.opt);
	free(c.shown);
	free(closed);
	free(c.group);
	free(c.zone_p);
	free(c.school_p);
	buf_release(&b);
	return rc;
}
