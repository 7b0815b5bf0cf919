/*
 * read.c: reading and validating a scenario file.
 *
 * The file is INI (io_ini_read: sections keep their header lines, so two
 * [close] sections stay two changes). [scenario] names the scenario; every
 * other section is one change named by its kind. Checks that need one
 * section are made while reading it (unknown key, school or zone, a
 * missing key, a year out of range, a negative number, a new school
 * outside the region); checks across sections (closed twice, a change to
 * a closed or not-yet-open school, capacity below zero) are made after,
 * in year order, so the file's order does not matter.
 *
 * Invariants: messages are "path:line: [section] what"; the line is the
 * key's when a value is wrong, the header's when a key is missing; on
 * failure the scenario is empty and the world is as it was.
 *
 * Why so strict: a scenario is an option put to a board (and, for a rural
 * closure, to statutory consultation under the Schools (Consultation)
 * (Scotland) Act 2010), so a change that silently does nothing (a misspelt
 * school, a year past the horizon) would make two options look different
 * when they are not. Every doubt is an error naming file, line and
 * section.
 *
 * Ownership: new schools are appended to the shared world (w->s) with
 * owner = this scenario's index, and their strings go to w->owned; other
 * scenarios see them as absent. sort_sc below is a static, so scenarios
 * are read from one thread only.
 */
#include "scenario/scenario.h"
#include "geo/geo.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[SCENARIO_NKINDS] = {
	"close", "merge", "new", "extend", "reduce", "catchment", "refurbish", "housing"
};

/* Keys each kind takes; NULL-terminated; "year" for all. */
/* land_cost, demolition_cost, decant_cost: capital the change gives
 * (GBP) beyond its works, for the whole-life cost (cost.c). */
#define GIVEN_COSTS "land_cost", "demolition_cost", "decant_cost"
static const char *const kind_keys[SCENARIO_NKINDS][16] = {
	{ "year", "school", GIVEN_COSTS, NULL },
	{ "year", "schools", "site", "capacity", GIVEN_COSTS, NULL },
	{ "year", "id", "name", "sector", "x", "y", "capacity", "denomination", "condition",
	  "cost", GIVEN_COSTS, NULL },
	{ "year", "school", "places", "cost", GIVEN_COSTS, NULL },
	{ "year", "school", "places", NULL },
	{ "year", "zones", "school", NULL },
	{ "year", "school", "condition", "suitability", "cost", GIVEN_COSTS, NULL },
	{ "year", "id", "zone", "x", "y", "units", "dwelling", NULL },
};

const char *scenario_kind_name(int kind)
{
	return kind >= 0 && kind < SCENARIO_NKINDS ? kind_names[kind] : "?";
}

const char *scenario_policy_name(int policy)
{
	static const char *const names[] = { "catchment", "nearest", "capacity" };

	return policy >= 0 && policy <= SCENARIO_CAPACITY ? names[policy] : "?";
}

const char *scenario_status_name(int status)
{
	static const char *const names[] = {
		"absent", "open", "closed", "new", "planned", "extended", "reduced"
	};

	return status >= 0 && status < SCENARIO_NSTATUS ? names[status] : "?";
}

/* Parsing state of one file. */
struct rd {
	const char *path;
	struct scenario_world *w;
	int index;              /* the scenario's position in the run */
	int nbefore;            /* w->n before this file (rollback) */
	int nowned_before;
	struct le_err *err;
};

static char *own(struct scenario_world *w, const char *s)
{
	ALLOC_GROW(w->owned, w->nowned + 1, w->owned_alloc);
	return w->owned[w->nowned++] = xstrdup(s);
}

/* A school by id: the region's, or a new one of this same scenario. */
static int find_school(const struct rd *d, const char *id)
{
	/* Region schools first: a new school may not reuse an existing id
	 * (checked in read_change), so the two searches never both match. */
	int k = region_school(d->w->r, id);

	if (k >= 0)
		return k;
	for (k = d->w->nbase; k < d->w->n; k++)
		if (d->w->s[k].owner == d->index && strcmp(d->w->s[k].id, id) == 0)
			return k;
	return -1;
}

static const struct io_ini_entry *get(const struct io_ini *ini, int sec_line,
				      const char *key)
{
	int i;

	for (i = 0; i < ini->n; i++)
		if (ini->v[i].section_line == sec_line && strcmp(ini->v[i].key, key) == 0)
			return &ini->v[i];
	return NULL;
}

static int need(const struct rd *d, const struct io_ini *ini,
		const struct io_ini_section *sec, const char *key,
		const struct io_ini_entry **out)
{
	if (!(*out = get(ini, sec->line, key)))
		return le_errf(d->err, LE_EPARSE, "%s:%d: [%s] needs '%s = ...'",
			       d->path, sec->line, sec->name, key);
	return LE_OK;
}

static int school_key(const struct rd *d, const struct io_ini_section *sec,
		      const struct io_ini_entry *e, const char *id, int *out)
{
	if ((*out = find_school(d, id)) < 0)
		return le_errf(d->err, LE_EDATA, "%s:%d: [%s] unknown school '%s'",
			       d->path, e->line, sec->name, id);
	if (d->w->s[*out].sector == LE_SPECIAL)
		return le_errf(d->err, LE_EDATA, "%s:%d: [%s] school '%s' is a special school: its pupils are not placed by geography, so closing or changing it is not modelled",
			       d->path, e->line, sec->name, id);
	return LE_OK;
}

static int num(const struct rd *d, const struct io_ini_section *sec,
	       const struct io_ini_entry *e, const char *what, int nonneg,
	       double *out)
{
	if (le_parse_double(e->val, out) != 0)
		return le_errf(d->err, LE_EPARSE, "%s:%d: [%s] %s must be %s, got '%s'",
			       d->path, e->line, sec->name, e->key, what, e->val);
	/* LE_EDATA, not LE_EPARSE: the value is a number, but not a
	 * possible one. */
	if (nonneg && *out < 0)
		return le_errf(d->err, LE_EDATA, "%s:%d: [%s] %s cannot be below zero, got '%s'",
			       d->path, e->line, sec->name, e->key, e->val);
	return LE_OK;
}

/* Split "a, b, c" into a malloc'd array of trimmed words (*n of them). */
static char **split(const char *s, int *n)
{
	char *copy = xstrdup(s), *p = copy, *c;
	char **v = NULL;

	*n = 0;
	for (;;) {
		c = strchr(p, ',');
		if (c)
			*c = '\0';
		v = xrealloc(v, sizeof(*v) * ((size_t)*n + 1));
		v[(*n)++] = xstrdup(le_trim(p));
		if (!c)
			break;
		p = c + 1;
	}
	free(copy);
	return v;
}

static void free_words(char **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Is (x, y) inside the region: a zone polygon or a council boundary?
 * Without either, nothing can be said and the answer is yes. */
static int in_region(const struct scenario_world *w, double x, double y)
{
	if (!w->zone_ix && !w->council_ix)
		return 1;
	return (w->zone_ix && geo_index_find(w->zone_ix, x, y) >= 0) ||
	       (w->council_ix && geo_index_find(w->council_ix, x, y) >= 0);
}

/* The section of one change into ch. */
static int read_change(struct rd *d, const struct io_ini *ini,
		       const struct io_ini_section *sec, int kind,
		       struct scenario_change *ch)
{
	const struct model *m = d->w->m;
	const struct io_ini_entry *e;
	char **words = NULL;
	int nwords = 0, i, j, rc;
	long y;
	double v;

	memset(ch, 0, sizeof(*ch));
	ch->kind = kind;
	ch->line = sec->line;
	/* -1 marks "not given" for school, places and cost, so the
	 * evaluation can fall back (cost from models/costs.ini rates when
	 * none is given). */
	ch->school = -1;
	ch->places = -1;
	ch->cost_gbp = -1;
	/* Unknown keys first: a misspelt key is likelier than a missing one. */
	for (i = 0; i < ini->n; i++) {
		if (ini->v[i].section_line != sec->line)
			continue;
		for (j = 0; kind_keys[kind][j]; j++)
			if (strcmp(kind_keys[kind][j], ini->v[i].key) == 0)
				break;
		if (!kind_keys[kind][j]) {
			struct buf b;

			buf_init(&b);
			for (j = 0; kind_keys[kind][j]; j++)
				buf_addf(&b, "%s%s", j ? ", " : "", kind_keys[kind][j]);
			rc = le_errf(d->err, LE_EPARSE, "%s:%d: [%s] unknown key '%s' (expected %s)",
				     d->path, ini->v[i].line, sec->name, ini->v[i].key, b.s);
			buf_release(&b);
			return rc;
		}
	}
	if ((rc = need(d, ini, sec, "year", &e)))
		return rc;
	if (le_parse_long(e->val, &y) != 0)
		return le_errf(d->err, LE_EPARSE, "%s:%d: [%s] year must be a year such as 2026, got '%s'",
			       d->path, e->line, sec->name, e->val);
	/* Changes are bounded by the projection: before the base year the
	 * past is observed data, after the horizon there is no roll to
	 * apply them to. */
	if (y < m->base_year)
		return le_errf(d->err, LE_EDATA, "%s:%d: [%s] year %ld is before the base year %d",
			       d->path, e->line, sec->name, y, m->base_year);
	if (y > m->base_year + m->nyears - 1)
		return le_errf(d->err, LE_EDATA, "%s:%d: [%s] year %ld is after the horizon %d",
			       d->path, e->line, sec->name, y, m->base_year + m->nyears - 1);
	ch->year = (int)y;
	/* Costs a change may give whatever its kind (the key lists above
	 * say which kinds take them); 0 when not given. */
	if (((e = get(ini, sec->line, "land_cost")) &&
	     (rc = num(d, sec, e, "an amount in GBP", 1, &ch->land_gbp))) ||
	    ((e = get(ini, sec->line, "demolition_cost")) &&
	     (rc = num(d, sec, e, "an amount in GBP", 1, &ch->demolition_gbp))) ||
	    ((e = get(ini, sec->line, "decant_cost")) &&
	     (rc = num(d, sec, e, "an amount in GBP", 1, &ch->decant_gbp))) ||
	    (kind == SCENARIO_NEW && (e = get(ini, sec->line, "cost")) &&
	     (rc = num(d, sec, e, "an amount in GBP", 1, &ch->cost_gbp))))
		return rc;

	switch (kind) {
	case SCENARIO_CLOSE:
	case SCENARIO_EXTEND:
	case SCENARIO_REDUCE:
	case SCENARIO_REFURBISH:
		if ((rc = need(d, ini, sec, "school", &e)) ||
		    (rc = school_key(d, sec, e, e->val, &ch->school)))
			return rc;
		if (kind == SCENARIO_EXTEND || kind == SCENARIO_REDUCE) {
			if ((rc = need(d, ini, sec, "places", &e)) ||
			    (rc = num(d, sec, e, "a number of places", 1, &ch->places)))
				return rc;
			if (kind == SCENARIO_EXTEND && (e = get(ini, sec->line, "cost")) &&
			    (rc = num(d, sec, e, "an amount in GBP", 1, &ch->cost_gbp)))
				return rc;
			/* Extending a school of unknown capacity would
			 * produce a capacity that is only the added
			 * places; refuse rather than invent a baseline. */
			if (d->w->s[ch->school].capacity < 0)
				return le_errf(d->err, LE_EDATA, "%s:%d: [%s] school '%s' has no capacity to %s",
					       d->path, sec->line, sec->name, d->w->s[ch->school].id,
					       kind_names[kind]);
		}
		if (kind == SCENARIO_REFURBISH) {
			if ((rc = need(d, ini, sec, "condition", &e)))
				return rc;
			if ((ch->condition = le_grade_parse(e->val)) <= 0)
				return le_errf(d->err, LE_EPARSE, "%s:%d: [%s] condition must be a grade A, B, C or D, got '%s'",
					       d->path, e->line, sec->name, e->val);
			if ((e = get(ini, sec->line, "suitability")) &&
			    (ch->suitability = le_grade_parse(e->val)) <= 0)
				return le_errf(d->err, LE_EPARSE, "%s:%d: [%s] suitability must be a grade A, B, C or D, got '%s'",
					       d->path, e->line, sec->name, e->val);
			if ((e = get(ini, sec->line, "cost")) &&
			    (rc = num(d, sec, e, "an amount in GBP", 1, &ch->cost_gbp)))
				return rc;
		}
		break;
	case SCENARIO_MERGE:
		if ((rc = need(d, ini, sec, "schools", &e)))
			return rc;
		words = split(e->val, &nwords);
		if (nwords < 2) {
			rc = le_errf(d->err, LE_EPARSE, "%s:%d: [merge] schools must name two or more schools, comma-separated, got '%s'",
				     d->path, e->line, e->val);
			goto done;
		}
		ch->schools = xmalloc(sizeof(int) * (size_t)nwords);
		ch->nschools = nwords;
		for (i = 0; i < nwords; i++) {
			if ((rc = school_key(d, sec, e, words[i], &ch->schools[i])))
				goto done;
			for (j = 0; j < i; j++)
				if (ch->schools[j] == ch->schools[i]) {
					rc = le_errf(d->err, LE_EDATA, "%s:%d: [merge] school '%s' is named twice",
						     d->path, e->line, words[i]);
					goto done;
				}
			/* A merged school keeps one stream: merging an RC
			 * and a non-denominational school would move
			 * pupils across streams, which is a policy
			 * decision outside what a merge models. */
			if (d->w->s[ch->schools[i]].sector != d->w->s[ch->schools[0]].sector ||
			    d->w->s[ch->schools[i]].stream != d->w->s[ch->schools[0]].stream) {
				rc = le_errf(d->err, LE_EDATA, "%s:%d: [merge] '%s' and '%s' are not of one sector and denomination",
					     d->path, e->line, words[0], words[i]);
				goto done;
			}
		}
		/* The site (the school that stays open) defaults to the
		 * first named; the others close into it. */
		ch->school = ch->schools[0];
		if ((e = get(ini, sec->line, "site"))) {
			for (i = 0; i < nwords; i++)
				if (strcmp(words[i], e->val) == 0)
					ch->school = ch->schools[i];
			if (i == nwords && find_school(d, e->val) != ch->school) {
				rc = le_errf(d->err, LE_EDATA, "%s:%d: [merge] site '%s' is not one of the schools merged",
					     d->path, e->line, e->val);
				goto done;
			}
		}
		if ((e = get(ini, sec->line, "capacity")) &&
		    (rc = num(d, sec, e, "a number of places", 1, &ch->places)))
			goto done;
		break;
	case SCENARIO_NEW: {
		struct scenario_school ns;
		const struct io_ini_entry *ex, *ey;

		memset(&ns, 0, sizeof(ns));
		if ((rc = need(d, ini, sec, "id", &e)))
			return rc;
		if (find_school(d, e->val) >= 0)
			return le_errf(d->err, LE_EDATA, "%s:%d: [new] school id '%s' is already taken",
				       d->path, e->line, e->val);
		ns.id = e->val;
		ns.name = (e = get(ini, sec->line, "name")) ? e->val : ns.id;
		if ((rc = need(d, ini, sec, "sector", &e)))
			return rc;
		ns.sector = le_sector_parse(e->val);
		/* Special schools are not placed by geography, so a new
		 * one has nothing to model. */
		if (ns.sector != LE_PRIMARY && ns.sector != LE_SECONDARY)
			return le_errf(d->err, LE_EPARSE, "%s:%d: [new] sector must be primary or secondary, got '%s'",
				       d->path, e->line, e->val);
		ns.stages = ns.sector == LE_PRIMARY ? LE_STAGES_PRIMARY : LE_STAGES_SECONDARY;
		ns.stream = MODEL_ND;
		if ((e = get(ini, sec->line, "denomination"))) {
			if (le_strcaseeq(e->val, "roman catholic") || le_strcaseeq(e->val, "rc"))
				ns.stream = MODEL_RC;
			else if (!le_strcaseeq(e->val, "non-denominational"))
				return le_errf(d->err, LE_EPARSE, "%s:%d: [new] denomination must be non-denominational or roman catholic, got '%s'",
					       d->path, e->line, e->val);
		}
		if ((rc = need(d, ini, sec, "x", &ex)) || (rc = need(d, ini, sec, "y", &ey)) ||
		    (rc = num(d, sec, ex, "an easting in the study's CRS (metres)", 0, &ns.x)) ||
		    (rc = num(d, sec, ey, "a northing in the study's CRS (metres)", 0, &ns.y)))
			return rc;
		/* Coordinates outside the region are almost always a
		 * swapped x/y or a lon/lat pair; the school would snap to
		 * a far road and distort every KPI. */
		if (!in_region(d->w, ns.x, ns.y))
			return le_errf(d->err, LE_EGEO, "%s:%d: [new] school '%s' at (%.0f, %.0f) is outside the region (in no zone and no council boundary)",
				       d->path, ex->line, ns.id, ns.x, ns.y);
		if ((rc = need(d, ini, sec, "capacity", &e)) ||
		    (rc = num(d, sec, e, "a number of places", 1, &ns.capacity)))
			return rc;
		/* A new build is graded A unless the file says otherwise. */
		ns.condition = ns.suitability = LE_GRADE_A;
		if ((e = get(ini, sec->line, "condition")) &&
		    (ns.condition = le_grade_parse(e->val)) <= 0)
			return le_errf(d->err, LE_EPARSE, "%s:%d: [new] condition must be a grade A, B, C or D, got '%s'",
				       d->path, e->line, e->val);
		ns.council = d->w->council_ix ? geo_index_find(d->w->council_ix, ns.x, ns.y) : -1;
		ns.owner = d->index;
		ns.src_line = sec->line;
		/* ns.id and ns.name pointed into the INI buffer, which is
		 * released below: copy them into the world before it goes. */
		ns.id = own(d->w, ns.id);
		ns.name = own(d->w, ns.name);
		ALLOC_GROW(d->w->s, d->w->n + 1, d->w->alloc);
		ch->school = d->w->n;
		d->w->s[d->w->n++] = ns;
		break;
	}
	case SCENARIO_CATCHMENT_CHANGE:
		if ((rc = need(d, ini, sec, "school", &e)) ||
		    (rc = school_key(d, sec, e, e->val, &ch->school)) ||
		    (rc = need(d, ini, sec, "zones", &e)))
			return rc;
		words = split(e->val, &nwords);
		ch->zones = xmalloc(sizeof(int) * (size_t)nwords);
		ch->nzones = nwords;
		for (i = 0; i < nwords; i++)
			if ((ch->zones[i] = region_zone(d->w->r, words[i])) < 0) {
				rc = le_errf(d->err, LE_EDATA, "%s:%d: [catchment] unknown zone '%s'",
					     d->path, e->line, words[i]);
				goto done;
			}
		break;
	case SCENARIO_HOUSING: {
		struct model_site *st = &ch->site;
		const struct io_ini_entry *ex, *ey;

		st->year = ch->year;
		/* A housing site without an id is named by its section, so
		 * messages and the model's per-site output still name it. */
		st->id = xstrdup((e = get(ini, sec->line, "id")) ? e->val : sec->name);
		if ((e = get(ini, sec->line, "zone"))) {
			if ((st->zone = region_zone(d->w->r, e->val)) < 0)
				return le_errf(d->err, LE_EDATA, "%s:%d: [housing] unknown zone '%s'",
					       d->path, e->line, e->val);
		} else if ((ex = get(ini, sec->line, "x")) && (ey = get(ini, sec->line, "y"))) {
			double x, yy;

			if ((rc = num(d, sec, ex, "an easting (metres)", 0, &x)) ||
			    (rc = num(d, sec, ey, "a northing (metres)", 0, &yy)))
				return rc;
			/* Housing pupils are added to a zone's demand, so
			 * a site in no zone has nowhere to go: an error,
			 * not a silent loss of pupils. */
			if (!d->w->zone_ix || (st->zone = geo_index_find(d->w->zone_ix, x, yy)) < 0)
				return le_errf(d->err, LE_EGEO, "%s:%d: [housing] site at (%.0f, %.0f) is in no zone",
					       d->path, ex->line, x, yy);
		} else {
			return le_errf(d->err, LE_EPARSE, "%s:%d: [housing] needs 'zone = ...' or 'x = ...' and 'y = ...'",
				       d->path, sec->line);
		}
		if ((rc = need(d, ini, sec, "units", &e)) ||
		    (rc = num(d, sec, e, "a number of dwellings", 1, &v)))
			return rc;
		st->units = v;
		st->dwelling = MODEL_HOUSE;
		if ((e = get(ini, sec->line, "dwelling"))) {
			if (strcmp(e->val, "flat") == 0)
				st->dwelling = MODEL_FLAT;
			else if (strcmp(e->val, "house") != 0)
				return le_errf(d->err, LE_EPARSE, "%s:%d: [housing] dwelling must be house or flat, got '%s'",
					       d->path, e->line, e->val);
		}
		break;
	}
	}
	rc = LE_OK;
done:
	free_words(words, nwords);
	return rc;
}

/*
 * [housing_trajectory] file = sites.csv: a housing trajectory as a table
 * rather than one [housing] section per site and year (a council's
 * housing land audit runs to hundreds of rows). Columns site, zone (or x
 * and y in the working CRS), year, units, dwelling_type (house or flat),
 * any case; each row becomes a [housing] change of its year. The file is
 * relative to the scenario file. Errors "file:line: column ...".
 */
static int read_trajectory(struct rd *d, const struct io_ini *ini,
			   const struct io_ini_section *sec, struct scenario *sc)
{
	const struct model *m = d->w->m;
	const struct io_ini_entry *e = NULL;
	struct io_table t;
	char *dir = NULL, *path = NULL, where[600];
	int i, rc, cs, cz, cx, cy, cyr, cu, cd;

	for (i = 0; i < ini->n; i++)
		if (ini->v[i].section_line == sec->line) {
			if (strcmp(ini->v[i].key, "file") != 0)
				return le_errf(d->err, LE_EPARSE, "%s:%d: [housing_trajectory] unknown key '%s' (expected file)",
					       d->path, ini->v[i].line, ini->v[i].key);
			e = &ini->v[i];
		}
	if (!e)
		return le_errf(d->err, LE_EPARSE, "%s:%d: [housing_trajectory] needs 'file = ...'", d->path, sec->line);
	dir = le_dirname(d->path);
	path = le_path_join(dir, e->val);
	io_table_init(&t);
	if ((rc = io_csv_read(path, &t, d->err)))
		goto done;
	cs = io_col(&t, "site");
	cz = io_col(&t, "zone");
	cx = io_col(&t, "x");
	cy = io_col(&t, "y");
	cyr = io_col(&t, "year");
	cu = io_col(&t, "units");
	cd = io_col(&t, "dwelling_type");
	if (cs < 0 || cyr < 0 || cu < 0 || cd < 0 || (cz < 0 && (cx < 0 || cy < 0))) {
		rc = le_errf(d->err, LE_EPARSE, "%s: a housing trajectory needs the columns site, year, units, dwelling_type and zone (or x and y)",
			     path);
		goto done;
	}
	for (i = 0; i < t.nrows; i++) {
		struct scenario_change *ch;
		const char *dw = io_cell(&t, i, cd);
		long y;
		double units, x, yy;

		io_where(&t, i, where, sizeof(where));
		if (le_parse_long(io_cell(&t, i, cyr), &y) || y < m->base_year ||
		    y > m->base_year + m->nyears - 1) {
			rc = le_errf(d->err, LE_EPARSE, "%s: column 'year': expected a year from %d to %d, got '%s'",
				     where, m->base_year, m->base_year + m->nyears - 1, io_cell(&t, i, cyr));
			goto done;
		}
		if (le_parse_double(io_cell(&t, i, cu), &units) || units < 0) {
			rc = le_errf(d->err, LE_EPARSE, "%s: column 'units': expected a number of dwellings (0 or more), got '%s'",
				     where, io_cell(&t, i, cu));
			goto done;
		}
		if (!le_strcaseeq(dw, "house") && !le_strcaseeq(dw, "flat")) {
			rc = le_errf(d->err, LE_EPARSE, "%s: column 'dwelling_type': expected house or flat, got '%s'",
				     where, dw);
			goto done;
		}
		sc->v = xrealloc(sc->v, sizeof(*sc->v) * ((size_t)sc->n + 1));
		ch = &sc->v[sc->n++];
		memset(ch, 0, sizeof(*ch));
		ch->kind = SCENARIO_HOUSING;
		ch->line = sec->line;
		ch->school = -1;
		ch->places = -1;
		ch->cost_gbp = -1;
		ch->year = (int)y;
		ch->site.year = (int)y;
		ch->site.units = units;
		ch->site.dwelling = le_strcaseeq(dw, "flat") ? MODEL_FLAT : MODEL_HOUSE;
		ch->site.id = xstrdup(io_cell(&t, i, cs));
		if (cz >= 0 && *io_cell(&t, i, cz)) {
			if ((ch->site.zone = region_zone(d->w->r, io_cell(&t, i, cz))) < 0) {
				rc = le_errf(d->err, LE_EDATA, "%s: column 'zone': unknown zone '%s'",
					     where, io_cell(&t, i, cz));
				goto done;
			}
		} else if (cx >= 0 && cy >= 0 && !le_parse_double(io_cell(&t, i, cx), &x) &&
			   !le_parse_double(io_cell(&t, i, cy), &yy)) {
			if (!d->w->zone_ix || (ch->site.zone = geo_index_find(d->w->zone_ix, x, yy)) < 0) {
				rc = le_errf(d->err, LE_EGEO, "%s: site at (%.0f, %.0f) is in no zone", where, x, yy);
				goto done;
			}
		} else {
			rc = le_errf(d->err, LE_EPARSE, "%s: site '%s' needs a zone or x and y (working CRS)",
				     where, io_cell(&t, i, cs));
			goto done;
		}
	}
done:
	io_table_release(&t);
	free(dir);
	free(path);
	return rc;
}

/* Changes in year order (file order within a year), for the checks. */
static const struct scenario *sort_sc;
static int by_year(const void *a, const void *b)
{
	const struct scenario_change *x = &sort_sc->v[*(const int *)a];
	const struct scenario_change *y = &sort_sc->v[*(const int *)b];

	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Cross-section checks, walking the changes in year order. */
static int check_order(struct rd *d, struct scenario *sc)
{
	struct scenario_world *w = d->w;
	/* Sized w->n + 1 (and sc->n + 1) so empty worlds and scenarios
	 * still get valid allocations. cap replays capacity changes so a
	 * reduce is judged against the capacity after earlier extends and
	 * reduces. */
	int *order = xmalloc(sizeof(int) * ((size_t)sc->n + 1));
	int *closed_line = xcalloc((size_t)w->n + 1, sizeof(int));
	int *open_year = xcalloc((size_t)w->n + 1, sizeof(int));
	double *cap = xmalloc(sizeof(double) * ((size_t)w->n + 1));
	int i, j, rc = LE_OK;

	for (i = 0; i < w->n; i++)
		cap[i] = w->s[i].capacity;
	for (i = 0; i < sc->n; i++) {
		order[i] = i;
		if (sc->v[i].kind == SCENARIO_NEW)
			open_year[sc->v[i].school] = sc->v[i].year;
	}
	sort_sc = sc;
	qsort(order, (size_t)sc->n, sizeof(int), by_year);
	for (i = 0; i < sc->n && !rc; i++) {
		struct scenario_change *ch = &sc->v[order[i]];
		const char *kn = kind_names[ch->kind];
		int n = ch->kind == SCENARIO_MERGE ? ch->nschools : 1;

		/* Housing names no school; a new school's opening was
		 * recorded above as open_year, the year before which no
		 * change may touch it. */
		if (ch->kind == SCENARIO_HOUSING || ch->kind == SCENARIO_NEW)
			continue;
		for (j = 0; j < n && !rc; j++) {
			int k = ch->kind == SCENARIO_MERGE ? ch->schools[j] : ch->school;

			if (closed_line[k])
				rc = le_errf(d->err, LE_EDATA, "%s:%d: [%s] school '%s' is already closed by the change on line %d",
					     d->path, ch->line, kn, w->s[k].id, closed_line[k]);
			else if (open_year[k] > ch->year)
				rc = le_errf(d->err, LE_EDATA, "%s:%d: [%s] school '%s' opens only in %d",
					     d->path, ch->line, kn, w->s[k].id, open_year[k]);
		}
		if (rc)
			break;
		/* Remembered by line so the second close can point at the
		 * first. */
		if (ch->kind == SCENARIO_CLOSE)
			closed_line[ch->school] = ch->line;
		if (ch->kind == SCENARIO_MERGE)
			for (j = 0; j < ch->nschools; j++)
				if (ch->schools[j] != ch->school)
					closed_line[ch->schools[j]] = ch->line;
		if (ch->kind == SCENARIO_EXTEND)
			cap[ch->school] += ch->places;
		if (ch->kind == SCENARIO_REDUCE) {
			cap[ch->school] -= ch->places;
			if (cap[ch->school] < 0)
				rc = le_errf(d->err, LE_EDATA, "%s:%d: [reduce] capacity of school '%s' would fall below zero (%.0f places left, %.0f removed)",
					     d->path, ch->line, w->s[ch->school].id,
					     cap[ch->school] + ch->places, ch->places);
		}
	}
	free(order);
	free(closed_line);
	free(open_year);
	free(cap);
	return rc;
}

int scenario_read(const char *path, struct scenario_world *w, int index,
		  struct scenario *sc, struct le_err *err)
{
	struct io_ini ini;
	struct rd d;
	int rc, i, j, kind, have_head = 0;

	memset(sc, 0, sizeof(*sc));
	/* -1: the study's allocation policy applies unless [scenario] sets
	 * one. */
	sc->policy = -1;
	d.path = path;
	d.w = w;
	d.index = index;
	d.nbefore = w->n;
	d.nowned_before = w->nowned;
	d.err = err;
	if ((rc = io_ini_read(path, &ini, err)))
		return rc;
	sc->path = xstrdup(path);
	for (i = 0; i < ini.n; i++)
		if (!ini.v[i].section_line) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: '%s' comes before any section (start the file with [scenario])",
				     path, ini.v[i].line, ini.v[i].key);
			goto done;
		}
	for (i = 0; i < ini.nsecs; i++) {
		const struct io_ini_section *sec = &ini.secs[i];

		if (strcmp(sec->name, "scenario") == 0) {
			if (have_head) {
				rc = le_errf(err, LE_EPARSE, "%s:%d: [scenario] is given twice (first on line %d)",
					     path, sec->line, have_head);
				goto done;
			}
			have_head = sec->line;
			for (j = 0; j < ini.n; j++) {
				const struct io_ini_entry *e = &ini.v[j];

				if (e->section_line != sec->line)
					continue;
				if (strcmp(e->key, "name") == 0) {
					free(sc->name);
					sc->name = xstrdup(e->val);
				} else if (strcmp(e->key, "description") == 0) {
					free(sc->description);
					sc->description = xstrdup(e->val);
				} else if (strcmp(e->key, "allocation") == 0) {
					sc->policy = strcmp(e->val, "catchment") == 0 ? SCENARIO_CATCHMENT :
						     strcmp(e->val, "nearest") == 0 ? SCENARIO_NEAREST :
						     strcmp(e->val, "capacity") == 0 ? SCENARIO_CAPACITY : -1;
					if (sc->policy < 0) {
						rc = le_errf(err, LE_EPARSE, "%s:%d: [scenario] allocation must be catchment, nearest or capacity, got '%s'",
							     path, e->line, e->val);
						goto done;
					}
				} else {
					rc = le_errf(err, LE_EPARSE, "%s:%d: [scenario] unknown key '%s' (expected name, description or allocation)",
						     path, e->line, e->key);
					goto done;
				}
			}
			continue;
		}
		if (strcmp(sec->name, "housing_trajectory") == 0) {
			if ((rc = read_trajectory(&d, &ini, sec, sc)))
				goto done;
			continue;
		}
		for (kind = 0; kind < SCENARIO_NKINDS; kind++)
			if (strcmp(sec->name, kind_names[kind]) == 0)
				break;
		if (kind == SCENARIO_NKINDS) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: unknown section '[%s]' (expected scenario, close, merge, new, extend, reduce, catchment, refurbish, housing or housing_trajectory)",
				     path, sec->line, sec->name);
			goto done;
		}
		sc->v = xrealloc(sc->v, sizeof(*sc->v) * ((size_t)sc->n + 1));
		rc = read_change(&d, &ini, sec, kind, &sc->v[sc->n]);
		sc->n++;   /* even on failure: release frees what it holds */
		if (rc)
			goto done;
	}
	if (!have_head) {
		rc = le_errf(err, LE_EPARSE, "%s: the file needs a [scenario] section with 'name = ...'", path);
		goto done;
	}
	if (!sc->name) {
		rc = le_errf(err, LE_EPARSE, "%s:%d: [scenario] needs 'name = ...'", path, have_head);
		goto done;
	}
	/* The name becomes a folder: keep it to safe characters. */
	for (i = 0; sc->name[i]; i++) {
		char c = sc->name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_')) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: [scenario] name '%s' may hold only letters, digits, '-' and '_' (it names the output folder)",
				     path, have_head, sc->name);
			goto done;
		}
	}
	if (strcmp(sc->name, "baseline") == 0) {
		rc = le_errf(err, LE_EPARSE, "%s:%d: [scenario] name 'baseline' is taken by the study without changes",
			     path, have_head);
		goto done;
	}
	rc = check_order(&d, sc);
done:
	io_ini_release(&ini);
	if (rc) {
		scenario_release(sc);
		/* Roll the world back: nothing of a failed file stays. */
		for (i = d.nowned_before; i < w->nowned; i++)
			free(w->owned[i]);
		w->nowned = d.nowned_before;
		w->n = d.nbefore;
	}
	return rc;
}

void scenario_release(struct scenario *sc)
{
	int i;

	if (!sc)
		return;
	for (i = 0; i < sc->n; i++) {
		free(sc->v[i].schools);
		free(sc->v[i].zones);
		free(sc->v[i].site.id);
	}
	free(sc->v);
	free(sc->path);
	free(sc->name);
	free(sc->description);
	memset(sc, 0, sizeof(*sc));
	sc->policy = -1;
}
