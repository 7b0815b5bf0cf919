/*
 * population.c: residents by small area and single year of age.
 *
 * Two layouts are read:
 *  - wide, one column per age, as NRS publishes it ("Age 0" .. "Age 89",
 *    "Age 90 and over"): `age_columns = Age` gives the columns' prefix;
 *  - long, one row per zone and age: `age = COLUMN` and `count = COLUMN`.
 * Ages above LE_MAX_AGE are added into the open-ended top age. A
 * population row for a zone with no polygon still creates the zone (the
 * join report lists it); the population year (`year =`) may differ from
 * the study's base year, the model ages it forward.
 *
 * Single years of age, not bands, because the model ages each cohort one
 * year per year and maps ages to stages (P1 at 5 ... S6 at 17): a 5-9 band
 * would blur which year a cohort reaches P1 or S1. The counts are persons:
 * whole numbers (layer_count), kept in doubles because the model's
 * projections of them are fractional.
 *
 * Invariant after a successful load: every kept row's zone exists in the
 * region with has_pop set and pop_row its first row; r->pop is sized for
 * every zone, zeros where a zone has no residents.
 */
#include "load/load_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/*
 * Parse an age column name "<prefix> N", "<prefix> N and over",
 * "<prefix> N+" (prefix compared without case). Returns the age or -1.
 */
static int age_of_column(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	long age = 0;
	const char *p;

	if (strlen(name) < n)
		return -1;
	{
		char *head = xstrndup(name, n);
		int same = le_strcaseeq(head, prefix);
		free(head);
		if (!same)
			return -1;
	}
	p = name + n;
	while (*p == ' ' || *p == '_')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	/* The cap only stops overflow on absurd column names; anything
	 * past LE_MAX_AGE lands in the open-ended top age anyway. */
	while (isdigit((unsigned char)*p) && age < 1000)
		age = age * 10 + (*p++ - '0');
	while (*p == ' ')
		p++;
	if (*p && *p != '+' && !le_strcaseeq(p, "and over") && !le_strcaseeq(p, "plus"))
		return -1;
	/* The raw age: the caller folds ages above LE_MAX_AGE. */
	return (int)age;
}

/* Parse an age cell of the long layout: "7", "90+", "90 and over". */
static int age_of_cell(const char *cell)
{
	char *s = le_trim(xstrdup(cell)), *p = s;
	long age = 0;
	int ok;

	while (isdigit((unsigned char)*p) && age < 1000)
		age = age * 10 + (*p++ - '0');
	while (*p == ' ')
		p++;
	ok = p > s && (!*p || *p == '+' || le_strcaseeq(p, "and over"));
	free(s);
	if (!ok)
		return -1;
	return age > LE_MAX_AGE ? LE_MAX_AGE : (int)age;
}

static int count_value(struct layer *ly, int r, int c, double *v, struct le_err *err)
{
	char where[600];
	int rc = layer_count(ly, r, c, "a number of people", LOAD_PEOPLE_MAX, v, err);

	/* An empty count is an error too, not a zero: a blank or "-" in
	 * a population table usually means a shifted column, and silently
	 * losing residents would lower every projected roll. */
	if (rc == LE_OK && *v < 0 && input_marker(&ly->marks, r, c)) {
		/* A published marker ("c": suppressed) is missing, and a
		 * count is required: name the marker, not an empty cell. */
		layer_where(ly, r, where, sizeof(where));
		rc = le_errf(err, LE_EPARSE,
			     "%s: column '%s': expected a number of people (a whole number from 0 to %d), got '%s', a missing-value marker of [population] (a count cannot be missing)",
			     where, ly->t.cols[c], LOAD_PEOPLE_MAX, input_marker(&ly->marks, r, c));
	} else if (rc == LE_OK && *v < 0) {
		layer_where(ly, r, where, sizeof(where));
		rc = le_errf(err, LE_EPARSE,
			     "%s: column '%s': expected a number of people (a whole number from 0 to %d), got an empty cell",
			     where, ly->t.cols[c], LOAD_PEOPLE_MAX);
	}
	return rc;
}

int load_population(const struct study *s, struct geo_ctx *g, struct region *r,
		    struct le_diags *d, int *rowkind, struct le_err *err)
{
	struct layer ly;
	const char *prefix, *year;
	int rc, i, a, czone, cage = -1, ccount = -1, ctotal, ccouncil;
	int *agecol = NULL, *zix = NULL, top = -1;
	int *topcols = NULL, ntop = 0, bare;
	size_t topalloc = 0;
	char where[600];

	rc = layer_open(&ly, s, STUDY_POPULATION, g, d, err);
	if (rc)
		goto done;
	if (rowkind)
		*rowkind = ly.t.rowkind;
	if ((rc = layer_need_rows(&ly, "population", err)))
		goto done;
	year = study_get(ly.l, "year");
	/* The population year matters because NRS small-area estimates lag
	 * the school year (and the census is decennial): the model ages a
	 * 2021 population forward to the base year, so a wrong year shifts
	 * every cohort's arrival in P1 and S1. */
	if (year) {
		long y;
		if (le_parse_long(year, &y) || y < 1900 || y > 2200) {
			rc = le_errf(err, LE_EPARSE,
				     "%s:%d: [population] year must be a year such as 2021, got '%s'",
				     s->path, study_line(ly.l, "year"), year);
			goto done;
		}
		r->pop_year = (int)y;
	/* A warning, not an error: assuming the base year is right for
	 * many studies, but the planner should know it was assumed. */
	} else {
		r->pop_year = s->base_year;
		le_diag_add(d, LE_WARNING, "population year",
			    "%s: [population] gives no 'year'; the population is taken to be for the base year %d",
			    s->path, s->base_year);
	}
	if ((rc = layer_col(&ly, "zone", 1, "the column holding each row's zone code", &czone, err)) ||
	    (rc = layer_col(&ly, "total", 0, NULL, &ctotal, err)) ||
	    (rc = layer_col(&ly, "council", 0, NULL, &ccouncil, err)))
		goto done;
	prefix = study_get(ly.l, "age_columns");
	/* age_columns = *: columns named by the bare age ("0" ... "89",
	 * "90+"), as ONS publishes mid-year estimates. */
	bare = prefix && strcmp(prefix, "*") == 0;
	if (bare)
		prefix = "";
	agecol = xmalloc(sizeof(int) * LE_NAGES);
	for (a = 0; a < LE_NAGES; a++)
		agecol[a] = -1;
	if (prefix) {
		/* Wide layout: find one column per age. */
		for (i = 0; i < ly.t.ncols; i++) {
			int raw = age_of_column(ly.t.cols[i], prefix), age, j;
			/* A bare number beyond any age ("2021", a year) is not
			 * an age column. */
			if (raw < 0 || (bare && raw > 150))
				continue;
			/* Two columns for one age would double count. */
			for (j = 0; j < i; j++)
				if (age_of_column(ly.t.cols[j], prefix) == raw) {
					rc = le_errf(err, LE_EPARSE,
						     "%s: columns '%s' and '%s' are both age %d",
						     ly.l->file, ly.t.cols[j], ly.t.cols[i], raw);
					goto done;
				}
			/* Ages above the top ("Age 91" .. "Age 100 and over")
			 * all add into the open-ended top age. */
			age = raw > LE_MAX_AGE ? LE_MAX_AGE : raw;
			if (age == LE_MAX_AGE && agecol[age] >= 0) {
				ALLOC_GROW(topcols, ntop + 1, topalloc);
				topcols[ntop++] = i;
				continue;
			}
			agecol[age] = i;
			if (age > top)
				top = age;
		}
		if (top < 0 && bare) {
			rc = le_errf(err, LE_EPARSE,
				     "%s:%d: [population] age_columns = *: %s has no column named by a bare age such as '0' (or '90+' for the top band)",
				     s->path, study_line(ly.l, "age_columns"), ly.l->file);
			goto done;
		}
		if (top < 0) {
			rc = le_errf(err, LE_EPARSE,
				     "%s:%d: [population] age_columns = %s: %s has no column such as '%s 0'",
				     s->path, study_line(ly.l, "age_columns"), prefix,
				     ly.l->file, prefix);
			goto done;
		}
		/* A gap in the ages (a column renamed or dropped in an
		 * export) would make a cohort vanish for one year and
		 * reappear the next: refuse it. */
		for (a = 0; a <= top; a++)
			if (agecol[a] < 0) {
				rc = le_errf(err, LE_EPARSE,
					     "%s: no column for age %d (expected '%s%s%d' between ages 0 and %d)",
					     ly.l->file, a, prefix, bare ? "" : " ", a, top);
				goto done;
			}
	} else {
		if ((rc = layer_col(&ly, "age", 1,
				    "the age column (or give 'age_columns = PREFIX' for one column per age)",
				    &cage, err)) ||
		    (rc = layer_col(&ly, "count", 1, "the column holding the number of people", &ccount, err)))
			goto done;
	}

	/* Two passes so that every zone, including those the population
	 * adds, is known before region_pop_grow sizes the matrix once;
	 * pass 2 then writes into a matrix that does not move. */
	/* Pass 1: the zone of every row, adding zones that have no polygon. */
	zix = xmalloc(sizeof(int) * (size_t)(ly.t.nrows ? ly.t.nrows : 1));
	for (i = 0; i < ly.t.nrows; i++) {
		char *id;
		int z;

		zix[i] = -1;
		if (!ly.keep[i])
			continue;
		id = le_trim(xstrdup(io_cell(&ly.t, i, czone)));
		layer_where(&ly, i, where, sizeof(where));
		if (!*id) {
			free(id);
			rc = le_errf(err, LE_EDATA, "%s: column '%s': zone code is empty",
				     where, ly.t.cols[czone]);
			goto done;
		}
		z = region_zone(r, id);
		/* A zone with residents but no polygon is kept, not
		 * rejected: its pupils still exist and still need a
		 * school; the join report lists it for the planner to fix
		 * the boundaries. */
		if (z < 0)
			z = region_add_zone(r, id);
		free(id);
		/* Only the wide layout has one row per zone. The long
		 * layout has one row per zone and age, and rows for the
		 * same zone and age (by sex, say) are summed. */
		if (r->zones[z].has_pop && prefix) {
			char first[200];
			io_ref(ly.t.rowkind, r->zones[z].pop_row, 0, first, sizeof(first));
			rc = le_errf(err, LE_EDATA,
				     "%s: zone '%s' has a second population row (the first is %s)",
				     where, r->zones[z].id, first);
			goto done;
		}
		if (!r->zones[z].has_pop)
			r->zones[z].pop_row = ly.t.rowref[i];
		/* The zone's council from the population file (NRS gives
		 * it; the national zone polygons do not), unless the zones
		 * layer gave one: councils are then known per zone for the
		 * council breakdowns. */
		if (ccouncil >= 0 && !r->zones[z].council_id) {
			char *cc = le_trim(xstrdup(io_cell(&ly.t, i, ccouncil)));
			if (*cc)
				r->zones[z].council_id = cc;
			else
				free(cc);
		}
		r->zones[z].has_pop = 1;
		zix[i] = z;
	}
	region_pop_grow(r);

	/* Pass 2: the counts. */
	for (i = 0; i < ly.t.nrows; i++) {
		double *row, v, sum = 0;

		if (zix[i] < 0)
			continue;
		row = r->pop + (size_t)zix[i] * LE_NAGES;
		if (prefix) {
			for (a = 0; a <= top; a++) {
				if ((rc = count_value(&ly, i, agecol[a], &v, err)))
					goto done;
				row[a] += v;
				sum += v;
			}
			for (a = 0; a < ntop; a++) {
				if ((rc = count_value(&ly, i, topcols[a], &v, err)))
					goto done;
				row[LE_MAX_AGE] += v;
				sum += v;
			}
		} else {
			int age = age_of_cell(io_cell(&ly.t, i, cage));
			if (age < 0) {
				layer_where(&ly, i, where, sizeof(where));
				rc = le_errf(err, LE_EPARSE,
					     "%s: column '%s': expected an age such as 7 or 90+, got '%s'",
					     where, ly.t.cols[cage], io_cell(&ly.t, i, cage));
				goto done;
			}
			if ((rc = count_value(&ly, i, ccount, &v, err)))
				goto done;
			row[age] += v;
			/* A long-layout row holds one age, so a per-row
			 * total cannot be checked. */
			sum = -1;
		}
		if (ctotal >= 0 && sum >= 0) {
			double tot;
			if ((rc = count_value(&ly, i, ctotal, &tot, err)))
				goto done;
			/* Published totals are rounded sums; allow half a person. */
			/* A warning: the ages are what the model uses, and
			 * a mismatch with the file's own total tells the
			 * planner the export may be incomplete without
			 * stopping the load. */
			if (tot - sum > 0.5 || sum - tot > 0.5) {
				layer_where(&ly, i, where, sizeof(where));
				le_diag_add(d, LE_WARNING, "population total",
					    "%s: zone '%s': the ages add up to %.0f but '%s' says %.0f",
					    where, r->zones[zix[i]].id, sum,
					    ly.t.cols[ctotal], tot);
			}
		}
	}
done:
	free(topcols);
	free(agecol);
	free(zix);
	layer_close(&ly);
	return rc;
}

/*
 * The earlier population of [model] population_previous, read with the
 * [population] section's columns and filters: the same loader on a
 * shallow copy of the study whose population file is the earlier one, so
 * both years are read by one set of rules and messages. Zones are matched
 * to r by id; those r lacks are not needed (the estimate sums over zones
 * present in both years) and are left out. The council of a zone is the
 * current year's: the earlier file only gives ages, so the [population]
 * council column is not looked for in it (NRS's 2020 file names councils
 * but has no council code, unlike 2021's).
 */
int load_population_previous(const struct study *s, struct geo_ctx *g,
			     const struct region *r, double **pop, char **has,
			     struct le_err *err)
{
	/* Shallow: s2 shares every string with s and only its population
	 * file pointer and field list differ, so s2 must not be released. */
	struct study s2 = *s;
	struct study_layer *pl = &s2.layers[STUDY_POPULATION];
	struct study_kv *fields = xcalloc((size_t)pl->nfields + 1, sizeof(*fields));
	struct region tmp;
	struct le_diags d;
	int rc, z, nf = 0, i;

	/* + 1 so a region with no zones still gets a valid allocation. The
	 * caller owns both arrays (free()) on success; on error they are
	 * freed and set to NULL here. */
	*pop = xcalloc((size_t)r->nzones * LE_NAGES + 1, sizeof(double));
	*has = xcalloc((size_t)r->nzones + 1, 1);
	/* The same fields, council left out (shallow copies of the kv). */
	for (i = 0; i < pl->nfields; i++)
		if (strcmp(pl->fields[i].key, "council") != 0)
			fields[nf++] = pl->fields[i];
	pl->fields = fields;
	pl->nfields = nf;
	pl->file = (char *)study_model_get(s, "population_previous", NULL);
	region_init(&tmp, s->crs);
	le_diags_init(&d);
	rc = load_population(&s2, g, &tmp, &d, NULL, err);
	for (z = 0; !rc && z < tmp.nzones; z++) {
		int at = region_zone(r, tmp.zones[z].id);

		if (at < 0 || !tmp.zones[z].has_pop)
			continue;
		(*has)[at] = 1;
		memcpy(*pop + (size_t)at * LE_NAGES, tmp.pop + (size_t)z * LE_NAGES,
		       sizeof(double) * LE_NAGES);
	}
	le_diags_release(&d);
	region_release(&tmp);
	free(fields);
	if (rc) {
		free(*pop);
		free(*has);
		*pop = NULL;
		*has = NULL;
	}
	return rc;
}
