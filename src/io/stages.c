/*
 * stages.c: the stage-system reader (for load/, the region's system, and
 * model/, a scenario's own ages and staying-on), models/stages.ini (Scotland, the
 * default) and models/stages-england.ini, chosen by a study's
 * `[model] stages = FILE`. The file format is documented in those files'
 * comments and the README; in short:
 *
 *   [stages]        NAME = SECTOR, AGE     one line per stage, in order
 *                   younger_share = 0..1
 *   [entry]         stages = P1, S1        the entry stages
 *   [staying_on]    NAME = 0..1            post-compulsory stages
 *   [walking_limit] under_age, under_m, from_m
 *
 * Every stage needs its sector and age and every key of [walking_limit]
 * must be given: a planner who copies the file to change one value
 * expects the file, not a hidden default, to hold the rest. Each error
 * names "file:line" and the key, as the other models/ readers do.
 */
#include "io/io.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A stage name: letters and digits, so that "R-Y6" and "P1, P2" split
 * unambiguously in school files. */
static int good_name(const char *w)
{
	size_t n = strlen(w), i;

	if (!n || n >= LE_STAGE_NAME)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)w[i]))
			return 0;
	return 1;
}

/* "SECTOR, AGE" of one [stages] line into stage s. */
static int stage_line(const struct io_ini *ini, const struct io_ini_entry *e,
		      struct le_stages *st, int s, struct le_err *err)
{
	char word[32];
	const char *comma = strchr(e->val, ',');
	size_t n;
	long age;
	int sec;

	/* A lone word is a sector without its age (or an old-format age
	 * without its sector): either way the age or sector is missing. */
	if (!comma)
		return le_errf(err, LE_EPARSE, "%s:%d: [stages] %s = %s: expected 'SECTOR, AGE' (its sector and the younger mid-year age of its cohort)",
			       ini->path, e->line, e->key, e->val);
	n = (size_t)(comma - e->val);
	while (n && e->val[n - 1] == ' ')
		n--;
	if (n >= sizeof(word))
		n = sizeof(word) - 1;
	memcpy(word, e->val, n);
	word[n] = '\0';
	sec = le_sector_parse(word);
	if (sec != LE_PRIMARY && sec != LE_SECONDARY)
		return le_errf(err, LE_EPARSE, "%s:%d: [stages] %s: unknown sector '%s' (expected primary or secondary; middle, all-through and special are phases of schools, not of stages)",
			       ini->path, e->line, e->key, word);
	comma++;
	while (*comma == ' ')
		comma++;
	if (!*comma)
		return le_errf(err, LE_EPARSE, "%s:%d: [stages] %s has no age (expected 'SECTOR, AGE', the younger mid-year age of the stage's cohort)",
			       ini->path, e->line, e->key);
	if (le_parse_long(comma, &age) || age < 0 || age > LE_MAX_AGE - 1)
		return le_errf(err, LE_EPARSE, "%s:%d: [stages] %s: the age must be a whole mid-year age from 0 to %d, got '%s'",
			       ini->path, e->line, e->key, LE_MAX_AGE - 1, comma);
	st->sector[s] = sec;
	st->age[s] = (int)age;
	st->stay[s] = 1.0;
	return LE_OK;
}

/* The [stages] pass: the stages in file order, younger_share. */
static int read_stage_list(const struct io_ini *ini, struct le_stages *st,
			   int *line, struct le_err *err)
{
	int i, s, rc = LE_OK, have_share = 0;

	for (i = 0; i < ini->n && !rc; i++) {
		const struct io_ini_entry *e = &ini->v[i];

		if (strcmp(e->section, "stages") != 0)
			continue;
		if (strcmp(e->key, "younger_share") == 0) {
			rc = io_ini_number(ini, e, 0, 1, "a share from 0 to 1", &st->younger_share, err);
			have_share = 1;
			continue;
		}
		if (!good_name(e->key))
			return le_errf(err, LE_EPARSE, "%s:%d: [stages] '%s' is not a stage name (letters and digits, at most %d)",
				       ini->path, e->line, e->key, LE_STAGE_NAME - 1);
		if ((s = le_stages_find(st, e->key)) >= 0)
			return le_errf(err, LE_EPARSE, "%s:%d: [stages] duplicate stage '%s' (already line %d)",
				       ini->path, e->line, e->key, line[s]);
		if (st->n == LE_MAX_STAGES)
			return le_errf(err, LE_EPARSE, "%s:%d: [stages] '%s': more than %d stages (the most a stage system may have)",
				       ini->path, e->line, e->key, LE_MAX_STAGES);
		s = st->n++;
		memcpy(st->name[s], e->key, strlen(e->key) + 1);
		line[s] = e->line;
		rc = stage_line(ini, e, st, s, err);
	}
	if (!rc && !st->n)
		rc = le_errf(err, LE_EPARSE, "%s: [stages] names no stage (expected one 'NAME = SECTOR, AGE' line per stage, in order)",
			     ini->path);
	if (!rc && !have_share)
		rc = le_errf(err, LE_EPARSE, "%s: [stages] has no 'younger_share' (the share of a stage's cohort at its younger mid-year age)",
			     ini->path);
	return rc;
}

/* [walking_limit]: the statutory distances by age, all three keys. */
static int walking(const struct io_ini *ini, const struct io_ini_entry *e,
		   struct le_stages *st, int *seen, struct le_err *err)
{
	double v;
	int rc;

	if (strcmp(e->key, "under_age") == 0) {
		if ((rc = io_ini_number(ini, e, 1, LE_MAX_AGE, "a whole age from 1", &v, err)))
			return rc;
		if (v != (int)v)
			return le_errf(err, LE_EPARSE, "%s:%d: [walking_limit] under_age must be a whole age, got '%s'",
				       ini->path, e->line, e->val);
		st->walk_age = (int)v;
		seen[0] = 1;
		return LE_OK;
	}
	if (strcmp(e->key, "under_m") == 0) {
		seen[1] = 1;
		return io_ini_number(ini, e, 0, 1e6, "a distance in metres", &st->walk_under_m, err);
	}
	if (strcmp(e->key, "from_m") == 0) {
		seen[2] = 1;
		return io_ini_number(ini, e, 0, 1e6, "a distance in metres", &st->walk_from_m, err);
	}
	return le_errf(err, LE_EPARSE, "%s:%d: unknown key '%s' in [walking_limit] (expected under_age, under_m or from_m)",
		       ini->path, e->line, e->key);
}

int io_stages_read(const char *path, struct le_stages *st, struct le_err *err)
{
	static const char *const walk_keys[3] = { "under_age", "under_m", "from_m" };
	struct io_ini ini;
	struct le_stages t;
	int rc, i, s, line[LE_MAX_STAGES], seen[3] = { 0, 0, 0 }, have_entry = 0;

	if ((rc = io_ini_read(path, &ini, err)))
		return rc;
	memset(&t, 0, sizeof(t));
	/* Stages first: the other sections name them. */
	if ((rc = read_stage_list(&ini, &t, line, err)))
		goto done;
	/* With two sectors, the order fails exactly where a primary stage
	 * follows a secondary one. */
	if (le_stages_ranges(&t)) {
		for (s = 1; s < t.n - 1 && !(t.sector[s] == LE_PRIMARY && t.sector[s - 1] == LE_SECONDARY); s++)
			;
		rc = le_errf(err, LE_EPARSE, "%s:%d: [stages] '%s' is primary after the secondary stage '%s' (the primary stages come first, then the secondary ones)",
			     path, line[s], t.name[s], t.name[s - 1]);
		goto done;
	}
	/* The allocation places primary and secondary pupils apart: a
	 * system needs stages of both. */
	for (s = 0; s < 2; s++)
		if (t.first[s] < 0) {
			rc = le_errf(err, LE_EPARSE, "%s: [stages] has no %s stage (a stage system has primary stages, then secondary ones)",
				     path, le_sector_name(s));
			goto done;
		}
	for (i = 0; i < ini.n && !rc; i++) {
		const struct io_ini_entry *e = &ini.v[i];

		if (strcmp(e->section, "stages") == 0)
			continue;
		if (strcmp(e->section, "entry") == 0) {
			if (strcmp(e->key, "stages") != 0)
				rc = le_errf(err, LE_EPARSE, "%s:%d: unknown key '%s' in [entry] (expected stages)",
					     path, e->line, e->key);
			else if (le_stages_parse(&t, e->val, &t.entry))
				rc = le_errf(err, LE_EPARSE, "%s:%d: [entry] stages: expected stage names of [stages] such as '%s', got '%s'",
					     path, e->line, t.name[0], e->val);
			have_entry = 1;
		} else if (strcmp(e->section, "staying_on") == 0) {
			if ((s = le_stages_find(&t, e->key)) < 0)
				rc = le_errf(err, LE_EPARSE, "%s:%d: [staying_on] '%s' is not a stage of [stages]",
					     path, e->line, e->key);
			else
				rc = io_ini_number(&ini, e, 0, 1, "a rate from 0 to 1 (share of the previous stage staying on)",
					    &t.stay[s], err);
		} else if (strcmp(e->section, "walking_limit") == 0) {
			rc = walking(&ini, e, &t, seen, err);
		} else {
			rc = le_errf(err, LE_EPARSE, "%s:%d: '%s' is in an unknown section '[%s]' (expected stages, entry, staying_on or walking_limit)",
				     path, e->line, e->key, e->section);
		}
	}
	if (rc)
		goto done;
	if (!have_entry) {
		rc = le_errf(err, LE_EPARSE, "%s: [entry] has no 'stages' (the stages pupils join a school at, e.g. '%s')",
			     path, t.name[0]);
		goto done;
	}
	/* The projection starts each sector at its first stage (the intake
	 * of new pupils); a system whose first stage is not an entry stage
	 * would project pupils from nowhere. */
	for (s = 0; s < 2; s++)
		if (t.first[s] >= 0 && !(t.entry & 1u << t.first[s])) {
			rc = le_errf(err, LE_EPARSE, "%s: [entry] stages must include '%s', the first %s stage",
				     path, t.name[t.first[s]], le_sector_name(s));
			goto done;
		}
	for (i = 0; i < 3; i++)
		if (!seen[i]) {
			rc = le_errf(err, LE_EPARSE, "%s: [walking_limit] has no '%s' (the statutory walking distance by age: under_age, under_m, from_m)",
				     path, walk_keys[i]);
			goto done;
		}
	*st = t;
done:
	io_ini_release(&ini);
	return rc;
}
