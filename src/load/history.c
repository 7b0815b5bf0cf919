/*
 * history.c: the base-year data-quality checks against the Scottish
 * Government list of schools opened, closed and mothballed ([model]
 * school_changes = FILE, read by io/changes.c, as the stage-roll history
 * reads it): a department in the schools file that the list says closed on or before the base-year census (30 September of base_year),
 * and a department the list says opened by then, in one of the study's
 * councils, that the schools file lacks. Both are warnings: the roll file
 * and the list are separate publications, and a planner must see where
 * they disagree before trusting either.
 *
 * The list is read like any [model] input: "school_changes.<field> =
 * COLUMN" for school (the seed code), status (Opened / Closed /
 * Mothballed), sector, opened, closed (ISO dates), council (the council's
 * name), name, details. Values are trimmed (the published file has
 * "Closed ").
 *
 * Matching: a school's id is its seed code, or the seed code followed by
 * letters (the Scottish SchUID: 5206227P, 5500648SP); the sector must
 * agree, since a campus's secondary department can close while its
 * primary stays.
 * Councils are matched by name, normalised (case, "&" for "and", "City
 * of", "City", "Islands", "Island", commas dropped; "Eilean Siar" = "Na
 * h-Eileanan Siar"), because the list spells them several ways.
 *
 * The same pass keeps, for estate check's report, every department of
 * the study's councils that opened or closed from 2019 (the first year of
 * the stage rolls) on: "merged" where the list's details say so (a
 * closure whose details mention a merger), else "closed" or "opened".
 */
#include "load/load_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* "Edinburgh, City of" -> "edinburgh"; "Argyll & Bute" -> "argyll and bute". */
static void norm_council(const char *in, char *out, size_t n)
{
	static const char *const drop[] = { "city of ", " city", " islands", " island", NULL };
	char tmp[200];
	size_t k = 0;
	int i;

	for (; *in && k + 4 < sizeof(tmp); in++) {
		if (*in == ',')
			continue;
		if (*in == '&') {
			memcpy(tmp + k, "and", 3);
			k += 3;
			continue;
		}
		tmp[k++] = (char)tolower((unsigned char)*in);
	}
	tmp[k] = '\0';
	le_trim(tmp);
	for (i = 0; drop[i]; i++) {
		char *p = strstr(tmp, drop[i]);
		if (p)
			memmove(p, p + strlen(drop[i]), strlen(p + strlen(drop[i])) + 1);
	}
	le_trim(tmp);
	/* "edinburgh of" is what "edinburgh, city of" leaves. */
	if (strlen(tmp) > 3 && !strcmp(tmp + strlen(tmp) - 3, " of"))
		tmp[strlen(tmp) - 3] = '\0';
	if (!strcmp(tmp, "na h-eileanan siar"))
		snprintf(tmp, sizeof(tmp), "eilean siar");
	snprintf(out, n, "%s", tmp);
}

/* The school of the region with this seed code and sector, or -1. */
static int find_school(const struct region *r, const char *seed, int sector)
{
	size_t n = strlen(seed);
	int i;

	if (!n)
		return -1;
	for (i = 0; i < r->nschools; i++) {
		const char *id = r->schools[i].id;
		if (strncmp(id, seed, n) != 0 || r->schools[i].sector != sector)
			continue;
		/* The seed alone, or followed by letters only (P, S,
		 * SP: the department). */
		while (isalpha((unsigned char)id[n]))
			n++;
		if (id[n] == '\0')
			return i;
		n = strlen(seed);
	}
	return -1;
}

/* The study's council of this (normalised) name, or -1. */
static int has_council(const struct region *r, const char *name)
{
	char a[200], b[200];
	int i;

	norm_council(name, a, sizeof(a));
	for (i = 0; i < r->ncouncils; i++) {
		if (!r->councils[i].name)
			continue;
		norm_council(r->councils[i].name, b, sizeof(b));
		if (!strcmp(a, b))
			return i;
	}
	return -1;
}

/* Does text mention a merger ("Merged with", "merge")? */
static int says_merged(const char *text)
{
	static const char word[] = "merge";
	const char *p;
	size_t i;

	for (p = text; *p; p++) {
		for (i = 0; word[i] && tolower((unsigned char)p[i]) == word[i]; i++)
			;
		if (!word[i])
			return 1;
	}
	return 0;
}

/* Keep one change of the list (strings copied). */
static void add_change(struct region *r, int council, const char *seed, const char *name,
		       const char *sector, const char *kind, const char *date,
		       const char *details)
{
	struct school_change *c;

	r->changes = xrealloc(r->changes, sizeof(*r->changes) * (size_t)(r->nchanges + 1));
	c = &r->changes[r->nchanges++];
	c->council = council;
	c->seed = xstrdup(seed);
	c->name = xstrdup(name);
	c->sector = xstrdup(sector);
	c->kind = kind;
	c->date = xstrdup(date);
	c->details = xstrdup(details);
}

/* Council, then date, then seed and sector: the report's order, stable
 * whatever the list's row order. */
static int change_cmp(const void *a, const void *b)
{
	const struct school_change *x = a, *y = b;
	int c;

	if (x->council != y->council)
		return x->council < y->council ? -1 : 1;
	if ((c = strcmp(x->date, y->date)))
		return c;
	if ((c = strcmp(x->seed, y->seed)))
		return c;
	return strcmp(x->sector, y->sector);
}

int load_history(const struct study *s, struct region *r, struct le_diags *d,
		 struct le_err *err)
{
	struct io_changes c;
	char census[16];
	int i, rc;

	if ((rc = io_changes_read(s, &c, err)) || !c.path)
		goto done;
	/* ISO dates compare as text; the census is in September. */
	snprintf(census, sizeof(census), "%04d-09-30", s->base_year);
	for (i = 0; i < c.t.nrows; i++) {
		char *seed = io_changes_cell(&c, i, IO_CH_SCHOOL);
		char *status = io_changes_cell(&c, i, IO_CH_STATUS);
		char *sector = io_changes_cell(&c, i, IO_CH_SECTOR);
		char *opened = io_changes_cell(&c, i, IO_CH_OPENED);
		char *closed = io_changes_cell(&c, i, IO_CH_CLOSED);
		char *council = io_changes_cell(&c, i, IO_CH_COUNCIL);
		char *name = io_changes_cell(&c, i, IO_CH_NAME);
		char *details = io_changes_cell(&c, i, IO_CH_DETAILS);
		int sec = le_sector_parse(sector), k = find_school(r, seed, sec), ci;
		char where[600];

		io_where(&c.t, i, where, sizeof(where));
		if (le_strcaseeq(status, "Closed") && *closed && strcmp(closed, census) <= 0 && k >= 0)
			le_diag_add(d, LE_WARNING, "school closed in the school_changes list",
				    "school '%s' (%s) is in %s but %s says its %s department closed on %s%s%s%s",
				    r->schools[k].id, r->schools[k].name, s->layers[STUDY_SCHOOLS].file,
				    where, sector, closed, *details ? " (" : "", details,
				    *details ? ")" : "");
		/* An "Opened" row can carry its own closing date (Panmure St
		 * Ann's, 2013-2017): closed by the census is not missing. */
		if (le_strcaseeq(status, "Opened") && *opened && strcmp(opened, census) <= 0 &&
		    !(*closed && strcmp(closed, census) <= 0) && k < 0 && sec >= 0 &&
		    c.col[IO_CH_COUNCIL] >= 0 && has_council(r, council) >= 0) {
			int j, later = 0;
			/* A later row closing the same department settles it. */
			for (j = 0; j < c.t.nrows && !later; j++) {
				char *s2 = io_changes_cell(&c, j, IO_CH_SCHOOL);
				char *st2 = io_changes_cell(&c, j, IO_CH_STATUS);
				char *se2 = io_changes_cell(&c, j, IO_CH_SECTOR);
				later = j != i && !strcmp(s2, seed) && !le_strcaseeq(st2, "Opened") &&
					le_strcaseeq(se2, sector);
				free(s2);
				free(st2);
				free(se2);
			}
			if (!later)
				le_diag_add(d, LE_WARNING, "school opened but not in the schools file",
					    "%s: %s department of '%s' (seed %s, %s) opened on %s but is not in %s",
					    where, sector, name, seed, council, opened,
					    s->layers[STUDY_SCHOOLS].file);
		}
		if (c.col[IO_CH_COUNCIL] >= 0 && (ci = has_council(r, council)) >= 0) {
			if (le_strcaseeq(status, "Opened") && strcmp(opened, "2019-01-01") >= 0)
				add_change(r, ci, seed, name, sector, "opened", opened, details);
			else if (le_strcaseeq(status, "Closed") && strcmp(closed, "2019-01-01") >= 0)
				add_change(r, ci, seed, name, sector,
					   says_merged(details) ? "merged" : "closed", closed, details);
		}
		free(seed);
		free(status);
		free(sector);
		free(opened);
		free(closed);
		free(council);
		free(name);
		free(details);
	}
	if (r->nchanges > 1)
		qsort(r->changes, (size_t)r->nchanges, sizeof(*r->changes), change_cmp);
done:
	io_changes_release(&c);
	return rc;
}
