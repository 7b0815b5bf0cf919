/*
 * model.c: the demand method of the roll projection.
 *
 *   population (zone, single age, population year)
 *     -> aged to each year            model_pop_aged
 *     -> stage cohorts                model_stage_pop
 *     x participation x staying-on x stream share   = demand[y][z][s][t]
 *   + housing units x PPR, spread over the stages    = housing[y][z][s][t]
 *     -> allocation shares (zone, sector, stream -> schools)
 *     -> calibration factor per school (base year = observed roll)
 *
 * Invariants:
 *  - for every year, stage and stream, the sum over schools of the
 *    allocated pupils plus the unplaced pupils equals the zones' demand
 *    (shares of a key add up to exactly 1 or the key has none);
 *  - calibration scales population demand only; housing yield is added
 *    uncalibrated (a factor fitted to today's catchments says nothing
 *    about households that do not exist yet);
 *  - the base year's calibrated roll equals the observed roll of every
 *    school that has one and allocated demand;
 *  - every loop runs in index order, so the same inputs give the same
 *    bytes out.
 */
#include "model/model_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- ageing */

/* The births index for cohorts born in birth_year: 1 before the series,
 * the last value held after it. */
static double births_index(const struct model_params *p, int birth_year)
{
	int i = birth_year - p->index_year0;

	if (!p->index_n || i < 0)
		return 1.0;
	return p->births_index[i < p->index_n ? i : p->index_n - 1];
}

double model_pop_aged(const struct model_params *p, const struct region *r,
		      int z, int a, int year)
{
	int d = year - r->pop_year, src, b;
	double v;

	if (!r->pop || z < 0 || z >= r->pop_nzones || a < 0 || a > LE_MAX_AGE)
		return 0;
	if (d <= 0) {
		/* Back in time the cohort is the one observed older; no
		 * factors are undone (they describe the future). */
		src = a - d > LE_MAX_AGE ? LE_MAX_AGE : a - d;
		return region_pop(r, z, src);
	}
	src = a - d;
	if (src >= 0) {
		v = region_pop(r, z, src);
	} else {
		/* Not born (or not yet counted) in the population year: the
		 * youngest observed cohort stands in for it. */
		v = region_pop(r, z, 0) * births_index(p, year - a);
		src = 0;
	}
	for (b = src + 1; b <= a; b++)
		v *= p->cohort_change[b];
	return v;
}

double model_stage_pop(const struct model_params *p, const struct region *r,
		       int z, int s, int year)
{
	int a = p->st.age[s];

	return p->st.younger_share * model_pop_aged(p, r, z, a, year) +
	       (1 - p->st.younger_share) * model_pop_aged(p, r, z, a + 1, year);
}

/* ---------------------------------------------------------------- setup */

int model_by_history(int source)
{
	return source == MODEL_SRC_PROGRESSION || source == MODEL_SRC_SURVIVAL;
}

const char *model_source_name(int source)
{
	static const char *const names[] = { "demand", "progression", "held", "none", "survival" };

	return source >= 0 && source <= MODEL_SRC_SURVIVAL ? names[source] : "?";
}

void model_init_params(struct model *m, const struct region *r,
		       const struct model_params *p, int base_year,
		       int horizon_years)
{
	size_t nd, nk;

	memset(m, 0, sizeof(*m));
	m->r = r;
	m->p = *p;
	if (p->index_n) {
		m->p.births_index = xmalloc(sizeof(double) * (size_t)p->index_n);
		memcpy(m->p.births_index, p->births_index, sizeof(double) * (size_t)p->index_n);
	}
	m->base_year = base_year;
	m->nyears = horizon_years + 1;
	m->nzones = r->nzones;
	m->nschools = r->nschools;
	m->prog_years = 3;
	model_forecast_default(&m->fc);
	m->rc_override = -1;
	m->gaelic_override = -1;
	/* Every per-stage array holds the system's stages only (13 in
	 * Scotland): MODEL_D and MODEL_K stride by nst. */
	m->nst = r->stages.n;
	nd = MODEL_D_LEN(m);
	nk = MODEL_K_LEN(m);
	m->demand = xcalloc(nd + 1, sizeof(double));
	m->housing = xcalloc(nd + 1, sizeof(double));
	m->alloc = xcalloc(nk + 1, sizeof(double));
	m->alloc_h = xcalloc(nk + 1, sizeof(double));
	m->roll = xcalloc(nk + 1, sizeof(double));
	m->total = xcalloc((size_t)m->nyears * (size_t)m->nschools + 1, sizeof(double));
	m->low = xcalloc((size_t)m->nyears * (size_t)m->nschools + 1, sizeof(double));
	m->high = xcalloc((size_t)m->nyears * (size_t)m->nschools + 1, sizeof(double));
	m->unplaced = xcalloc(MODEL_U_LEN(m) + 1, sizeof(double));
	m->factor = xcalloc((size_t)m->nschools + 1, sizeof(double));
	m->source = xcalloc((size_t)m->nschools + 1, sizeof(int));
	m->rc_share = xcalloc((size_t)(r->ncouncils + 1) * 2, sizeof(double));
}

int model_init(struct model *m, const struct study *s, const struct region *r,
	       struct geo_ctx *g, struct le_diags *d, struct le_err *err)
{
	struct model_params p;
	const char *v;
	int rc, *zone = NULL, *school = NULL, n = 0, line;
	double *share = NULL;

	model_params_default(&p);
	p.st = r->stages;
	rc = model_params_read(&p, study_model_get(s, "parameters", NULL),
			       study_model_get(s, "ppr", NULL), err);
	/* The region was loaded with the study's stage system; a scenario
	 * naming its own file (run_override.c) may change the ages and the
	 * staying-on, not the stages, which every school and table names. */
	if (!rc && (v = study_model_get(s, "stages", NULL))) {
		struct le_stages st;
		int i, same;

		if (!(rc = io_stages_read(v, &st, err))) {
			same = st.n == r->stages.n;
			for (i = 0; same && i < st.n; i++)
				same = strcmp(st.name[i], r->stages.name[i]) == 0 &&
				       st.sector[i] == r->stages.sector[i];
			if (same)
				p.st = st;
			else
				rc = le_errf(err, LE_EPARSE, "%s: not the study's stages (%s .. %s, as its sectors): a scenario's stages file may change ages and staying-on only",
					     v, r->stages.name[0], r->stages.name[r->stages.n - 1]);
		}
	}
	if (!rc && (v = study_model_get(s, "yield", NULL)))
		rc = model_yield_read(&p, v, err);
	/* The study's own detour factor overrides the parameter file's. */
	if (!rc && (v = study_model_get(s, "detour_factor", NULL)))
		le_parse_double(v, &p.detour_factor);
	model_init_params(m, r, &p, s->base_year, s->horizon_years);
	model_params_release(&p);
	if (rc)
		goto done;
	if ((v = study_model_get(s, "method", NULL)) && strcmp(v, "progression") == 0)
		m->method = MODEL_PROGRESSION;
	else if (v && strcmp(v, "survival") == 0)
		m->method = MODEL_SURVIVAL;
	if ((v = study_model_get(s, "forecast", NULL)) &&
	    (rc = model_forecast_read(&m->fc, v, err)))
		goto done;
	if ((v = study_model_get(s, "allocation", NULL)))
		/* capacity (estate run's policy) calibrates with nearest: the
		 * base-year roll is what families chose, not what fits. */
		m->allocation = strcmp(v, "catchment") == 0 ? MODEL_CATCHMENT :
				strcmp(v, "observed") == 0 ? MODEL_OBSERVED : MODEL_NEAREST;
	if ((v = study_model_get(s, "progression_years", NULL))) {
		long y;
		le_parse_long(v, &y);
		m->prog_years = (int)y;
	}
	if ((v = study_model_get(s, "rc_share", NULL)))
		le_parse_double(v, &m->rc_override);
	if ((v = study_model_get(s, "gaelic_share", NULL)))
		le_parse_double(v, &m->gaelic_override);
	/* A method or allocation that needs a file must name it: the study
	 * line of the choice is where the planner looks. */
	if (m->method != MODEL_DEMAND && !study_model_get(s, "history", NULL) &&
	    !study_model_get(s, "stage_rolls", NULL)) {
		study_model_get(s, "method", &line);
		rc = le_errf(err, LE_EUSAGE, "%s:%d: method = %s needs 'history = FILE' (school, year, stage, pupils) or 'stage_rolls = FILE, ...' in [model]",
			     s->path, line, m->method == MODEL_SURVIVAL ? "survival" : "progression");
		goto done;
	}
	if (m->allocation == MODEL_CATCHMENT && !study_model_get(s, "catchment", NULL)) {
		study_model_get(s, "allocation", &line);
		rc = le_errf(err, LE_EUSAGE, "%s:%d: allocation = catchment needs 'catchment = FILE' in [model] (zone, school)",
			     s->path, line);
		goto done;
	}
	if (m->allocation == MODEL_OBSERVED && !study_model_get(s, "flows", NULL)) {
		study_model_get(s, "allocation", &line);
		rc = le_errf(err, LE_EUSAGE, "%s:%d: allocation = observed needs 'flows = FILE' in [model] (zone, school, share)",
			     s->path, line);
		goto done;
	}
	if ((v = study_model_get(s, "housing", NULL)) &&
	    (rc = model_read_housing(m, s, v, g, d, err)))
		goto done;
	/* The published tables when named, else the long-format history. */
	if (m->method != MODEL_DEMAND && study_model_get(s, "stage_rolls", NULL)) {
		if ((rc = model_history_read_sg(&m->hist, s, r, m->base_year, d, err)))
			goto done;
	} else if (m->method != MODEL_DEMAND &&
		   (rc = model_read_history(m, s, study_model_get(s, "history", NULL), err))) {
		goto done;
	}
	if (m->allocation == MODEL_CATCHMENT) {
		if ((rc = model_read_catchment(m, s, study_model_get(s, "catchment", NULL), g, d, err)))
			goto done;
	} else if (m->allocation == MODEL_OBSERVED) {
		if ((rc = model_read_pairs(m, s, "flows", study_model_get(s, "flows", NULL), 1,
					   &zone, &school, &share, &n, err)))
			goto done;
		model_alloc_flows(m, zone, school, share, n);
		model_alloc_gaelic(m);
	}
done:
	free(zone);
	free(school);
	free(share);
	if (rc)
		model_release(m);
	return rc;
}

void model_release(struct model *m)
{
	int i;

	if (!m)
		return;
	model_params_release(&m->p);
	for (i = 0; i < m->nsites; i++)
		free(m->sites[i].id);
	free(m->sites);
	model_history_release(&m->hist);
	free(m->low);
	free(m->high);
	free(m->a_start);
	free(m->a_school);
	free(m->a_share);
	free(m->a_mask);
	free(m->rc_share);
	free(m->gm_share);
	free(m->demand);
	free(m->housing);
	free(m->alloc);
	free(m->alloc_h);
	free(m->unplaced);
	free(m->factor);
	free(m->roll);
	free(m->total);
	free(m->source);
	free(m->homed);
	memset(m, 0, sizeof(*m));
}

/* ---------------------------------------------------------------- allocation */

/* Key of (zone, sector, stream) in the allocation table. */
/* Sector 0/1 rather than enum le_sector: special schools are never
 * allocated, so the table needs two slots per zone and stream, not three. */
static size_t akey(int z, int sector, int stream)
{
	return ((size_t)z * 2 + (size_t)sector) * MODEL_NSTREAMS + (size_t)stream;
}

/* Which schools serve which streams: model_serves (streams.c). */

/*
 * The share of stage s's pupils of key `key` that entry i takes. A key
 * holds the schools serving a zone's sector and stream; a school teaching
 * only some of the sector's stages (England's infant, junior and middle
 * schools, an 11-16 school without a sixth form) takes none of the other
 * stages' pupils, which go to the key's schools that teach them, in
 * proportion to their shares. When every school of the key teaches s (all
 * of Scotland's P1-P7 and S1-S6 schools) the share is a_share[i] itself,
 * the same arithmetic as before stages were checked.
 */
static int entry_takes(const struct model *m, int i, unsigned bit)
{
	return (m->r->schools[m->a_school[i]].stages & bit) &&
	       (!m->a_mask || (m->a_mask[i] & bit));
}

static double stage_share(const struct model *m, size_t key, int i, int s)
{
	unsigned bit = 1u << s;
	double sum = 0;
	int j, all = 1;

	if (!entry_takes(m, i, bit))
		return 0;
	for (j = m->a_start[key]; j < m->a_start[key + 1]; j++) {
		if (entry_takes(m, j, bit))
			sum += m->a_share[j];
		else
			all = 0;
	}
	if (all)
		return m->a_share[i];
	return sum > 0 ? m->a_share[i] / sum : 0;
}

/* Does any school of the key teach stage s? (If not, its pupils are
 * unplaced.) */
static int key_teaches(const struct model *m, size_t key, int s)
{
	int j;

	for (j = m->a_start[key]; j < m->a_start[key + 1]; j++)
		if (entry_takes(m, j, 1u << s))
			return 1;
	return 0;
}

/*
 * Build the table from per-key lists given as (key, school, weight)
 * triples in key order of appearance; weights are normalised per key so
 * that its shares add up to 1 (conservation).
 */
static void alloc_build(struct model *m, const size_t *key, const int *school,
			const double *w, const unsigned *mask, int n)
{
	size_t nkeys = (size_t)m->nzones * 2 * MODEL_NSTREAMS, k;
	int i, *count = xcalloc(nkeys + 1, sizeof(int)), *fill;
	double *sum = xcalloc(nkeys + 1, sizeof(double));

	free(m->a_start);
	free(m->a_school);
	free(m->a_share);
	free(m->a_mask);
	m->a_mask = NULL;
	for (i = 0; i < n; i++)
		if (w[i] > 0) {
			count[key[i]]++;
			sum[key[i]] += w[i];
		}
	m->a_start = xmalloc(sizeof(int) * (nkeys + 1));
	m->a_start[0] = 0;
	for (k = 0; k < nkeys; k++)
		m->a_start[k + 1] = m->a_start[k] + count[k];
	m->a_school = xmalloc(sizeof(int) * (size_t)(m->a_start[nkeys] + 1));
	m->a_share = xmalloc(sizeof(double) * (size_t)(m->a_start[nkeys] + 1));
	if (mask)
		m->a_mask = xmalloc(sizeof(unsigned) * (size_t)(m->a_start[nkeys] + 1));
	fill = count;
	memset(fill, 0, sizeof(int) * nkeys);
	for (i = 0; i < n; i++) {
		int at;

		if (w[i] <= 0)
			continue;
		at = m->a_start[key[i]] + fill[key[i]]++;
		m->a_school[at] = school[i];
		m->a_share[at] = w[i] / sum[key[i]];
		if (mask)
			m->a_mask[at] = mask[i];
	}
	free(count);
	free(sum);
}

/* One school per (zone, sector, stream): the nearest that serves it. A
 * zone with no such school among its candidates keeps an empty key and
 * its pupils are unplaced, never silently dropped. Where the nearest
 * teaches only some of the sector's stages, the next nearest that teaches
 * others joins the key, until every stage has its nearest school
 * (stage_share then sends each stage to its own). */
void model_alloc_nearest(struct model *m, const struct model_cands *c)
{
	/* At most one school per stage of a key. */
	size_t nmax = (size_t)m->nzones * 2 * MODEL_NSTREAMS * (size_t)m->nst + 1;
	size_t *key = xmalloc(sizeof(size_t) * nmax);
	int *school = xmalloc(sizeof(int) * nmax);
	double *w = xmalloc(sizeof(double) * nmax);
	unsigned *mask = xmalloc(sizeof(unsigned) * nmax), want;
	int z, sec, t, i, n = 0;

	for (z = 0; z < m->nzones && z < c->nzones; z++)
		for (sec = 0; sec < 2; sec++)
			for (t = 0; t < MODEL_NSTREAMS; t++)
				/* Candidates are nearest first: the first school
				 * of the right sector and stream wins. */
				for (i = 0, want = le_stages_bits(&m->r->stages, sec); i < c->n[z] && want; i++) {
					int k = c->c[(size_t)z * c->k + i].school;

					if (model_serves(&m->r->stages, &m->r->schools[k], sec, t) &&
					    (m->r->schools[k].stages & want)) {
						key[n] = akey(z, sec, t);
						school[n] = k;
						mask[n] = m->r->schools[k].stages & want;
						w[n++] = 1;
						want &= ~m->r->schools[k].stages;
					}
				}
	alloc_build(m, key, school, w, mask, n);
	free(key);
	free(school);
	free(w);
	free(mask);
}

/* Shared by catchment and flows: each pair counts for every sector and
 * stream its school serves. */
static void alloc_pairs(struct model *m, const int *zone, const int *school,
			const double *share, int n)
{
	size_t *key = xmalloc(sizeof(size_t) * (size_t)(2 * n + 1));
	int *ks = xmalloc(sizeof(int) * (size_t)(2 * n + 1));
	double *w = xmalloc(sizeof(double) * (size_t)(2 * n + 1));
	int i, sec, j = 0;

	for (i = 0; i < n; i++) {
		const struct school *sc = &m->r->schools[school[i]];

		for (sec = 0; sec < 2; sec++)
			if (model_serves(&m->r->stages, sc, sec, model_school_stream(sc))) {
				key[j] = akey(zone[i], sec, model_school_stream(sc));
				ks[j] = school[i];
				w[j++] = share ? share[i] : 1;
			}
	}
	alloc_build(m, key, ks, w, NULL, j);
	free(key);
	free(ks);
	free(w);
}

void model_alloc_keys(struct model *m, const int *key, const int *school,
		      const double *w, const unsigned *mask, int n)
{
	size_t *k = xmalloc(sizeof(size_t) * ((size_t)n + 1));
	int i;

	for (i = 0; i < n; i++)
		k[i] = (size_t)key[i];
	alloc_build(m, k, school, w, mask, n);
	free(k);
}

void model_alloc_catchment(struct model *m, const int *zone, const int *school, int n)
{
	alloc_pairs(m, zone, school, NULL, n);
}

void model_alloc_flows(struct model *m, const int *zone, const int *school,
		       const double *share, int n)
{
	alloc_pairs(m, zone, school, share, n);
}

/*
 * Nearest allocation leaves a school that is no zone's nearest with no
 * demand at all, and the calibration could only hold it at a ratio: in
 * the Highlands one data zone point stands for several small schools
 * (84 of the Northern Alliance's 642 mainstream schools). The rule, for
 * nearest allocation only, applied once after the table is built (by
 * model_alloc_nearest or the scenario's walking table alike):
 *   - such a school (not special, base-year roll > 0) gets a home zone:
 *     the zone its row names when it may be paired with it
 *     (region_pair: same council unless cross_boundary, over land or
 *     ferry), else the pairable zone with a population nearest to it
 *     by straight line;
 *   - for each sector and its stream that it serves, the home zone's
 *     pupils are shared between the schools already there and the
 *     schools homed there, in proportion to base-year roll (the schools
 *     already there keep their relative shares and weigh the sum of
 *     their rolls, or the homed schools' sum when theirs is unknown).
 * Shares still add up to 1 per key, so conservation holds; a school
 * with no pairable zone stays held.
 */
static int home_zone(const struct model *m, int k)
{
	const struct region *r = m->r;
	const struct school *sc = &r->schools[k];
	struct le_trip tr;
	double best = 0;
	int z, home = -1;

	if (sc->zone >= 0 && sc->zone < m->nzones && r->zones[sc->zone].has_pop &&
	    region_pair(r, sc->zone, sc->council_id, sc->land, sc->x, sc->y, 1, &tr))
		return sc->zone;
	for (z = 0; z < m->nzones; z++)
		if (r->zones[z].has_geom && r->zones[z].has_pop &&
		    region_pair(r, z, sc->council_id, sc->land, sc->x, sc->y, 1, &tr) &&
		    (home < 0 || tr.dist_m < best)) {
			home = z;
			best = tr.dist_m;
		}
	return home;
}

static double roll_or0(const struct school *sc)
{
	return sc->roll > 0 ? sc->roll : 0;
}

static void share_home_zones(struct model *m, struct le_diags *d)
{
	const struct region *r = m->r;
	size_t nkeys = (size_t)m->nzones * 2 * MODEL_NSTREAMS, key;
	int nold = m->a_start[nkeys], k, i, n = 0, sec, nhomed = 0;
	char *used = xcalloc((size_t)r->nschools + 1, 1);
	int *home = xmalloc(sizeof(int) * ((size_t)r->nschools + 1));
	double *homed = xcalloc(nkeys + 1, sizeof(double));
	size_t *tk = xmalloc(sizeof(size_t) * ((size_t)nold + 2 * (size_t)r->nschools + 1));
	int *ts = xmalloc(sizeof(int) * ((size_t)nold + 2 * (size_t)r->nschools + 1));
	double *tw = xmalloc(sizeof(double) * ((size_t)nold + 2 * (size_t)r->nschools + 1));
	unsigned *tm = xmalloc(sizeof(unsigned) * ((size_t)nold + 2 * (size_t)r->nschools + 1));

	for (i = 0; i < nold; i++)
		used[m->a_school[i]] = 1;
	/* Homes first, so the weights of the schools already there can be
	 * set from the sum of the homed schools' rolls. */
	for (k = 0; k < r->nschools; k++) {
		const struct school *sc = &r->schools[k];

		home[k] = -1;
		if (used[k] || sc->sector == LE_SPECIAL || sc->roll <= 0)
			continue;
		if ((home[k] = home_zone(m, k)) < 0)
			continue;
		nhomed++;
		for (sec = 0; sec < 2; sec++)
			if (model_serves(&m->r->stages, sc, sec, model_school_stream(sc)))
				homed[akey(home[k], sec, model_school_stream(sc))] += sc->roll;
	}
	if (!nhomed)
		goto done;
	for (key = 0; key < nkeys; key++) {
		double rex = 0;

		for (i = m->a_start[key]; i < m->a_start[key + 1]; i++)
			rex += m->a_share[i] * roll_or0(&r->schools[m->a_school[i]]);
		if (homed[key] > 0 && rex <= 0)
			rex = homed[key];
		for (i = m->a_start[key]; i < m->a_start[key + 1]; i++) {
			tk[n] = key;
			ts[n] = m->a_school[i];
			tm[n] = m->a_mask ? m->a_mask[i] : ~0u;
			/* Untouched keys keep their shares exactly. */
			tw[n++] = homed[key] > 0 ? m->a_share[i] * rex : m->a_share[i];
		}
	}
	for (k = 0; k < r->nschools; k++) {
		const struct school *sc = &r->schools[k];

		if (home[k] < 0)
			continue;
		for (sec = 0; sec < 2; sec++)
			if (model_serves(&m->r->stages, sc, sec, model_school_stream(sc))) {
				tk[n] = akey(home[k], sec, model_school_stream(sc));
				ts[n] = k;
				tm[n] = ~0u;
				tw[n++] = sc->roll;
			}
	}
	alloc_build(m, tk, ts, tw, m->a_mask ? tm : NULL, n);
	/* The scenarios keep these shares under their nearest policy
	 * (scenario/eval.c), so they must know which schools they are. */
	free(m->homed);
	m->homed = xcalloc((size_t)r->nschools + 1, 1);
	for (k = 0; k < r->nschools; k++)
		m->homed[k] = home[k] >= 0;
	/* One line per school, naming its row, as every finding does: the
	 * planner checks that the zone is the right one. */
	for (k = 0; k < r->nschools; k++)
		if (home[k] >= 0)
			le_diag_add(d, LE_WARNING, "allocation",
				    "%s: school '%s' (%s) is no zone's nearest: it shares the pupils of zone '%s' (%s) with that zone's schools in proportion to base-year roll",
				    region_where(r->schools[k].where), r->schools[k].id,
				    r->schools[k].name, r->zones[home[k]].id,
				    home[k] == r->schools[k].zone ? "the zone it stands in" :
				    "its nearest zone");
done:
	free(used);
	free(home);
	free(homed);
	free(tk);
	free(ts);
	free(tw);
	free(tm);
}

/* ---------------------------------------------------------------- demand */

/* The RC share of zone z's pupils of sector sec (0/1). */
static double rc_share(const struct model *m, int z, int sec)
{
	int c = m->r->zones[z].council;

	if (m->rc_override >= 0)
		return m->rc_override;
	if (c < 0)
		c = m->r->ncouncils;
	return m->rc_share[c * 2 + sec];
}

/*
 * Participation and RC shares from the base year: observed mainstream
 * roll over resident children (times staying-on) of the sector's stages;
 * RC schools' roll over all mainstream roll, per council and sector (the
 * last slot is the whole region, used where a council has no schools).
 */
static void base_shares(struct model *m)
{
	const struct region *r = m->r;
	int nc = r->ncouncils, k, z, s, c;
	double *rc = xcalloc((size_t)(nc + 1) * 2, sizeof(double));
	double *all = xcalloc((size_t)(nc + 1) * 2, sizeof(double));
	double roll[2] = { 0, 0 }, kids[2] = { 0, 0 };

	for (k = 0; k < r->nschools; k++) {
		const struct school *sc = &r->schools[k];
		double w[2] = { 0, 0 };
		int sec;

		if (sc->sector == LE_SPECIAL || sc->roll < 0)
			continue;
		/* A school's roll counts for the sectors of the stages it
		 * teaches, in proportion to their staying-on weights: all of
		 * it for a primary or secondary school (w / w = 1 exactly),
		 * part for an all-through or middle school, whose roll is
		 * otherwise all in one sector and skews both participations. */
		for (s = 0; s < r->stages.n; s++)
			if (sc->stages & 1u << s)
				w[r->stages.sector[s]] += le_stages_stay(&m->p.st, s);
		if (w[0] + w[1] <= 0)
			w[sc->sector] = 1;
		c = sc->council >= 0 ? sc->council : nc;
		for (sec = 0; sec < 2; sec++) {
			double v = sc->roll * (w[sec] / (w[0] + w[1]));

			if (w[sec] <= 0)
				continue;
			roll[sec] += v;
			all[c * 2 + sec] += v;
			all[nc * 2 + sec] += c < nc ? v : 0;
			if (sc->denom == LE_RC) {
				rc[c * 2 + sec] += v;
				rc[nc * 2 + sec] += c < nc ? v : 0;
			}
		}
	}
	for (c = 0; c <= nc; c++)
		for (s = 0; s < 2; s++) {
			int at = all[c * 2 + s] > 0 ? c : nc;
			m->rc_share[c * 2 + s] = all[at * 2 + s] > 0 ?
				rc[at * 2 + s] / all[at * 2 + s] : 0;
		}
	for (z = 0; z < m->nzones; z++)
		for (s = 0; s < m->r->stages.n; s++)
			kids[m->r->stages.sector[s]] += model_stage_pop(&m->p, r, z, s, m->base_year) *
						       le_stages_stay(&m->p.st, s);
	for (s = 0; s < 2; s++)
		m->participation[s] = kids[s] > 0 ? roll[s] / kids[s] : 0;
	model_gaelic_shares(m);
	free(rc);
	free(all);
}

/* Population demand of zone z, stage s, stream t in calendar year Y. */
static double demand_at(const struct model *m, int z, int s, int t, int year)
{
	int sec = m->r->stages.sector[s];
	double share = rc_share(m, z, sec), v;

	v = model_stage_pop(&m->p, m->r, z, s, year) * m->participation[sec] *
	    le_stages_stay(&m->p.st, s);
	return v * model_stream_share(m, z, sec, t, share);
}

double model_alloc_stage(const struct model *m, int k, int s, int year)
{
	int z, t, i, sec = m->r->stages.sector[s];
	double v = 0;

	for (z = 0; z < m->nzones; z++)
		for (t = 0; t < MODEL_NSTREAMS; t++) {
			size_t key = akey(z, sec, t);
			for (i = m->a_start[key]; i < m->a_start[key + 1]; i++)
				if (m->a_school[i] == k)
					v += demand_at(m, z, s, t, year) * stage_share(m, key, i, s);
		}
	return v;
}

static void project_demand(struct model *m)
{
	int y, z, s, t, i;

	for (y = 0; y < m->nyears; y++)
		for (z = 0; z < m->nzones; z++)
			for (s = 0; s < m->r->stages.n; s++)
				for (t = 0; t < MODEL_NSTREAMS; t++)
					m->demand[MODEL_D(m, y, z, s, t)] =
						demand_at(m, z, s, t, m->base_year + y);
	for (i = 0; i < m->nsites; i++)
		model_housing_add(m, &m->sites[i], m->housing);
}

void model_housing_add(const struct model *m, const struct model_site *st,
		       double *housing)
{
	int y, s, sec, t;
	double wsum[2] = { 0, 0 };

	/* A sector's PPR spread over its stages in proportion to staying-on
	 * (even over P1-P7 and S1-S4; S5 and S6 smaller), so the stages add
	 * up to exactly units x PPR. */
	for (s = 0; s < m->r->stages.n; s++)
		wsum[m->r->stages.sector[s]] += le_stages_stay(&m->p.st, s);
	/* A site completed before the base year is in every year. */
	for (y = st->year > m->base_year ? st->year - m->base_year : 0; y < m->nyears; y++)
		for (s = 0; s < m->r->stages.n; s++) {
			double v, share;

			sec = m->r->stages.sector[s];
			if (wsum[sec] <= 0)
				continue;
			/* The yield curve by years since completion (a site
			 * completed before the base year is years into it). */
			v = st->units * model_yield_at(&m->p, sec, st->dwelling,
						       m->base_year + y - st->year) *
			    le_stages_stay(&m->p.st, s) / wsum[sec];
			/* Split by stream as the zone's population demand is. */
			share = rc_share(m, st->zone, sec);
			for (t = 0; t < MODEL_NSTREAMS; t++)
				housing[MODEL_D(m, y, st->zone, s, t)] += v *
					model_stream_share(m, st->zone, sec, t, share);
		}
}

/* Population demand and housing yield are allocated by the same shares
 * but kept apart, because calibration applies to the first only. */
static void allocate(struct model *m)
{
	int y, z, s, t, i;

	for (y = 0; y < m->nyears; y++)
		for (z = 0; z < m->nzones; z++)
			for (s = 0; s < m->r->stages.n; s++)
				for (t = 0; t < MODEL_NSTREAMS; t++) {
					size_t key = akey(z, m->r->stages.sector[s], t), di = MODEL_D(m, y, z, s, t);
					double dv = m->demand[di], hv = m->housing[di];

					if (!key_teaches(m, key, s)) {
						m->unplaced[MODEL_U(m, y, s, t)] += dv + hv;
						continue;
					}
					for (i = m->a_start[key]; i < m->a_start[key + 1]; i++) {
						double f = stage_share(m, key, i, s);

						m->alloc[MODEL_K(m, y, m->a_school[i], s)] += dv * f;
						m->alloc_h[MODEL_K(m, y, m->a_school[i], s)] += hv * f;
					}
				}
}

/* ---------------------------------------------------------------- calibration */

/* Resident children of the stages of sector `which` (LE_SPECIAL = all
 * stages) in year index y: the base of the held schools' change. */
static double sector_pop(const struct model *m, int which, int y)
{
	int z, s;
	double v = 0;

	for (z = 0; z < m->nzones; z++)
		for (s = 0; s < m->r->stages.n; s++)
			if (which == LE_SPECIAL || m->r->stages.sector[s] == which)
				v += model_stage_pop(&m->p, m->r, z, s, m->base_year + y);
	return v;
}

static void calibrate(struct model *m, struct le_diags *d)
{
	const struct region *r = m->r;
	double change[LE_NSECTORS][64], base;
	int k, y, s, sec, ny = m->nyears < 64 ? m->nyears : 64;

	for (sec = 0; sec < LE_NSECTORS; sec++) {
		base = sector_pop(m, sec, 0);
		for (y = 0; y < ny; y++)
			change[sec][y] = base > 0 ? sector_pop(m, sec, y) / base : 1;
	}
	for (k = 0; k < r->nschools; k++) {
		const struct school *sc = &r->schools[k];
		double mod = 0, f;

		for (s = 0; s < m->r->stages.n; s++)
			mod += m->alloc[MODEL_K(m, 0, k, s)];
		m->factor[k] = 1;
		if (sc->sector == LE_SPECIAL || mod <= 0) {
			/* Not allocated by geography: held at the observed roll,
			 * moving with the school-age population of its sector. */
			m->source[k] = sc->roll > 0 ? MODEL_SRC_HELD : MODEL_SRC_NONE;
			if (sc->sector != LE_SPECIAL && sc->roll > 0)
				le_diag_add(d, LE_WARNING, "calibration",
					    "%s: school '%s' (%s) has a roll of %.0f but no allocated demand: held at the roll times the %s population change",
					    region_where(sc->where), sc->id, sc->name, sc->roll,
					    le_sector_name(sc->sector));
			else if (sc->roll > 0)
				/* Not a data fault, but a figure no geography
				 * produced: the board should know which. */
				le_diag_add(d, LE_WARNING, "held roll",
					    "%s: school '%s' (%s), special: held at its roll of %.0f times the change in the school-age (%s-%s) population",
					    region_where(sc->where), sc->id, sc->name, sc->roll,
					    r->stages.name[0], r->stages.name[r->stages.n - 1]);
			for (y = 0; y < m->nyears; y++)
				m->total[(size_t)y * m->nschools + k] = sc->roll > 0 ?
					sc->roll * change[sc->sector][y < ny ? y : ny - 1] : 0;
			continue;
		}
		m->source[k] = MODEL_SRC_DEMAND;
		if (sc->roll < 0) {
			le_diag_add(d, LE_WARNING, "calibration",
				    "%s: school '%s' (%s) has no observed roll: its projection is not calibrated",
				    region_where(sc->where), sc->id, sc->name);
		} else {
			f = sc->roll / mod;
			m->factor[k] = f;
			if (f < m->p.warn_below || f > m->p.warn_above)
				le_diag_add(d, LE_WARNING, "calibration",
					    "%s: school '%s' (%s): calibration factor %.2f (roll %.0f, modelled %.1f) is outside %.2f .. %.2f: check its catchment and roll",
					    region_where(sc->where), sc->id, sc->name, f, sc->roll, mod,
					    m->p.warn_below, m->p.warn_above);
		}
		for (y = 0; y < m->nyears; y++) {
			double tot = 0;

			for (s = 0; s < m->r->stages.n; s++) {
				size_t i = MODEL_K(m, y, k, s);
				m->roll[i] = m->factor[k] * m->alloc[i] + m->alloc_h[i];
				tot += m->roll[i];
			}
			m->total[(size_t)y * m->nschools + k] = tot;
		}
	}
}

int model_run(struct model *m, struct le_diags *d, struct le_err *err)
{
	int rc = LE_OK;
	size_t i;

	if (!m->a_start)
		return le_errf(err, LE_EUSAGE, "model_run: no allocation table");
	if (m->nyears > 64)
		return le_errf(err, LE_EUSAGE, "model_run: at most 63 years ahead");
	if (m->allocation == MODEL_NEAREST)
		share_home_zones(m, d);
	base_shares(m);
	project_demand(m);
	allocate(m);
	calibrate(m, d);
	if (m->method == MODEL_PROGRESSION)
		rc = model_progress(m, d, err);
	else if (m->method == MODEL_SURVIVAL)
		rc = model_survival(m, d, err);
	/* No range but the survival method's: low = high = central. */
	for (i = 0; i < (size_t)m->nyears * (size_t)m->nschools; i++)
		if (m->source[i % (size_t)m->nschools] != MODEL_SRC_SURVIVAL)
			m->low[i] = m->high[i] = m->total[i];
	return rc;
}

/* ---------------------------------------------------------------- after */

void model_spread(const struct model *m, int k, int y, double *out)
{
	int z, s, t, i;
	double sum = 0, tot = m->total[(size_t)y * m->nschools + k];

	memset(out, 0, sizeof(double) * (size_t)m->nzones);
	for (z = 0; z < m->nzones; z++)
		for (s = 0; s < m->r->stages.n; s++)
			for (t = 0; t < MODEL_NSTREAMS; t++) {
				size_t key = akey(z, m->r->stages.sector[s], t);
				for (i = m->a_start[key]; i < m->a_start[key + 1]; i++)
					if (m->a_school[i] == k)
						out[z] += m->demand[MODEL_D(m, 0, z, s, t)] * stage_share(m, key, i, s);
			}
	for (z = 0; z < m->nzones; z++)
		sum += out[z];
	for (z = 0; z < m->nzones; z++)
		out[z] = sum > 0 ? out[z] / sum * tot : 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double model_backtest(const struct model *m, int *n)
{
	double *ape = xmalloc(sizeof(double) * (size_t)(m->nschools + 1)), med = 0;
	int k, s, cnt = 0;

	for (k = 0; k < m->nschools; k++) {
		const struct school *sc = &m->r->schools[k];
		double mod = 0;

		if (sc->sector == LE_SPECIAL || sc->roll <= 0)
			continue;
		for (s = 0; s < m->r->stages.n; s++)
			mod += m->alloc[MODEL_K(m, 0, k, s)];
		ape[cnt++] = fabs(mod - sc->roll) / sc->roll * 100;
	}
	qsort(ape, (size_t)cnt, sizeof(double), cmp_double);
	if (cnt)
		med = cnt % 2 ? ape[cnt / 2] : (ape[cnt / 2 - 1] + ape[cnt / 2]) / 2;
	free(ape);
	*n = cnt;
	return med;
}
