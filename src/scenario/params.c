/*
 * params.c: the scenario parameters of models/transport.ini (walking
 * limits, per-council overrides, transport cost, candidates, fallback
 * speeds) and models/costs.ini (capital rates, running costs).
 *
 * Invariants: every value is checked when read (a number, not negative)
 * and reported with file:line; an unknown section or key is an error,
 * never ignored, so a typo cannot silently leave a default in force.
 *
 * Index [0] is primary and [1] secondary in every two-element array here:
 * limits, costs and rates differ by sector in both law and practice. Units
 * are in the names: metres (_m), pounds (_gbp), km/h (_kph).
 *
 * Defaults live in code as well as in models/ so that a study without the
 * models/ files still evaluates with the statutory limits; when the files
 * are read, their values replace the defaults key by key, so a council may
 * give only the keys it changes.
 */
#include "scenario/scenario.h"

#include <stdlib.h>
#include <string.h>

/* 2 and 3 miles in metres (1 mile = 1,609.344 m exactly). */
#define MILE_M 1609.344

void scenario_params_default(struct scenario_params *p)
{
	memset(p, 0, sizeof(*p));
	/* Education (Scotland) Act 1980 s.42(4): 2 miles under 8, 3 miles
	 * from 8. Councils apply 2 miles primary and 3 secondary. */
	p->walk_limit_m[0] = 2 * MILE_M;
	p->walk_limit_m[1] = 3 * MILE_M;
	/* The shipped models/ files' values (assumptions, see there). */
	p->transport_gbp[0] = 1100;
	p->transport_gbp[1] = 1100;
	p->new_gbp_per_place[0] = 38000;
	p->new_gbp_per_place[1] = 45000;
	p->extend_gbp_per_place[0] = 30000;
	p->extend_gbp_per_place[1] = 36000;
	p->refurb_gbp_per_place[0] = 12000;
	p->refurb_gbp_per_place[1] = 15000;
	p->fixed_gbp[0] = 200000;
	p->fixed_gbp[1] = 700000;
	p->fixed_gbp[2] = 250000;
	p->per_place_gbp[0] = 500;
	p->per_place_gbp[1] = 500;
	p->per_place_gbp[2] = 1500;
	p->per_pupil_gbp[0] = 5200;
	p->per_pupil_gbp[1] = 6400;
	p->per_pupil_gbp[2] = 30000;
	p->cond_factor[LE_GRADE_NONE] = 1;
	p->cond_factor[LE_GRADE_A] = 0.9;
	p->cond_factor[LE_GRADE_B] = 1;
	p->cond_factor[LE_GRADE_C] = 1.2;
	p->cond_factor[LE_GRADE_D] = 1.5;
	/* Candidate schools per zone for the capacity allocation: enough
	 * that a full nearest school still leaves real alternatives, few
	 * enough to keep the min-cost flow small (issue 3's default). */
	p->k = 8;
	/* Straight-line distance times this stands in for a road distance
	 * where a point cannot reach the network; the median network to
	 * straight-line ratio on the Edinburgh roads is tested to lie
	 * between 1.1 and 1.6. */
	p->detour = 1.3;
	/* Speeds turn fallback distances into times (km/h). */
	p->walk_kph = 4.8;
	p->drive_kph = 32;
}

void scenario_params_release(struct scenario_params *p)
{
	int i;

	if (!p)
		return;
	for (i = 0; i < p->nlimits; i++)
		free(p->limits[i].council);
	free(p->limits);
	p->limits = NULL;
	p->nlimits = 0;
}

/* A value that must be a number >= 0; "file:line: [sec] key ..." else. */
static int number(const struct io_ini *ini, const struct io_ini_entry *e,
		  double *out, struct le_err *err)
{
	/* A negative limit or cost has no planning meaning and would flip
	 * the sign of a KPI; refuse it with the line rather than clamp. */
	if (le_parse_double(e->val, out) != 0 || *out < 0)
		return le_errf(err, LE_EPARSE, "%s:%d: [%s] %s must be a number >= 0, got '%s'",
			       ini->path, e->line, e->section, e->key, e->val);
	return LE_OK;
}

/* key "primary_<suffix>" / "secondary_<suffix>" -> sector 0/1, else -1. */
static int sector_key(const char *key, const char *suffix)
{
	size_t n = strlen(suffix), kl = strlen(key);

	if (kl == 8 + n && strncmp(key, "primary_", 8) == 0 && strcmp(key + 8, suffix) == 0)
		return 0;
	if (kl == 10 + n && strncmp(key, "secondary_", 10) == 0 && strcmp(key + 10, suffix) == 0)
		return 1;
	return -1;
}

/* The same with "special_<suffix>" -> 2 (running costs only). */
static int sector3_key(const char *key, const char *suffix)
{
	size_t n = strlen(suffix);

	if (strlen(key) == 8 + n && strncmp(key, "special_", 8) == 0 && strcmp(key + 8, suffix) == 0)
		return 2;
	return sector_key(key, suffix);
}

static int unknown(const struct io_ini *ini, const struct io_ini_entry *e,
		   const char *expected, struct le_err *err)
{
	return le_errf(err, LE_EPARSE, "%s:%d: unknown key '%s' in [%s] (expected %s)",
		       ini->path, e->line, e->key, e->section, expected);
}

static int read_transport(struct scenario_params *p, const char *path,
			  struct le_err *err)
{
	struct io_ini ini;
	int rc, i, sec;
	double v;

	if ((rc = io_ini_read(path, &ini, err)))
		return rc;
	for (i = 0; i < ini.n && !rc; i++) {
		const struct io_ini_entry *e = &ini.v[i];

		/* Per-council overrides exist because councils set their
		 * own, more generous, transport policies on top of the
		 * statutory distances, and a collaborative study mixes
		 * councils; keyed by the zones' council code. */
		if (strcmp(e->section, "walking_limit") == 0 ||
		    strncmp(e->section, "council ", 8) == 0) {
			double *lim = p->walk_limit_m;

			if ((sec = sector_key(e->key, "m")) < 0) {
				rc = unknown(&ini, e, "primary_m or secondary_m", err);
				break;
			}
			if ((rc = number(&ini, e, &v, err)))
				break;
			if (e->section[0] == 'c') {
				const char *code = e->section + 8;
				int j;

				/* One override per council; the other sector
				 * keeps the general limit unless given. */
				for (j = 0; j < p->nlimits; j++)
					if (strcmp(p->limits[j].council, code) == 0)
						break;
				if (j == p->nlimits) {
					p->limits = xrealloc(p->limits, sizeof(*p->limits) * (size_t)(j + 1));
					p->limits[j].council = xstrdup(code);
					p->limits[j].limit_m[0] = -1;
					p->limits[j].limit_m[1] = -1;
					p->nlimits++;
				}
				lim = p->limits[j].limit_m;
			}
			lim[sec] = v;
		} else if (strcmp(e->section, "transport") == 0) {
			if ((sec = sector_key(e->key, "gbp_per_entitled_pupil")) < 0) {
				rc = unknown(&ini, e, "primary_gbp_per_entitled_pupil or secondary_gbp_per_entitled_pupil", err);
				break;
			}
			rc = number(&ini, e, &p->transport_gbp[sec], err);
		} else if (strcmp(e->section, "allocation") == 0 && strcmp(e->key, "candidates") == 0) {
			if ((rc = number(&ini, e, &v, err)))
				break;
			/* 32 bounds the per-zone candidate arrays and the
			 * LP size; a fractional k means a typo. */
			if (v < 1 || v > 32 || v != (int)v) {
				rc = le_errf(err, LE_EPARSE, "%s:%d: [allocation] candidates must be a whole number from 1 to 32, got '%s'",
					     path, e->line, e->val);
				break;
			}
			p->k = (int)v;
		} else if (strcmp(e->section, "travel") == 0 &&
			   (strcmp(e->key, "walk_kph") == 0 || strcmp(e->key, "drive_kph") == 0)) {
			if ((rc = number(&ini, e, &v, err)))
				break;
			/* Zero would make every fallback time infinite. */
			if (v <= 0) {
				rc = le_errf(err, LE_EPARSE, "%s:%d: [travel] %s must be above 0, got '%s'",
					     path, e->line, e->key, e->val);
				break;
			}
			*(e->key[0] == 'w' ? &p->walk_kph : &p->drive_kph) = v;
		} else if (strcmp(e->section, "allocation") == 0 || strcmp(e->section, "travel") == 0) {
			rc = unknown(&ini, e, strcmp(e->section, "travel") == 0 ?
				     "walk_kph or drive_kph" : "candidates", err);
		} else {
			rc = le_errf(err, LE_EPARSE, "%s:%d: '%s' is in an unknown section '[%s]' (expected walking_limit, council <code>, transport, allocation or travel)",
				     path, e->line, e->key, e->section);
		}
	}
	io_ini_release(&ini);
	return rc;
}

static int read_costs(struct scenario_params *p, const char *path,
		      struct le_err *err)
{
	static const char *const secs[] = { "new_build", "extension", "refurbishment", "running", "condition" };
	struct io_ini ini;
	int rc, i, j, sec;

	if ((rc = io_ini_read(path, &ini, err)))
		return rc;
	for (i = 0; i < ini.n && !rc; i++) {
		const struct io_ini_entry *e = &ini.v[i];
		double *dst = NULL;

		for (j = 0; j < 5; j++)
			if (strcmp(e->section, secs[j]) == 0)
				break;
		if (j == 5) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: '%s' is in an unknown section '[%s]' (expected new_build, extension, refurbishment, running or condition)",
				     path, e->line, e->key, e->section);
			break;
		}
		/* Capital rates are per place (a new school, an extension,
		 * a refurbishment are priced by the places they add or
		 * renew); running cost is fixed per open school plus per
		 * pupil, which is what makes closing a small school save
		 * money. */
		if (j < 3 && (sec = sector_key(e->key, "gbp_per_place")) >= 0)
			dst = j == 0 ? &p->new_gbp_per_place[sec] :
			      j == 1 ? &p->extend_gbp_per_place[sec] : &p->refurb_gbp_per_place[sec];
		else if (j == 3 && (sec = sector3_key(e->key, "gbp_per_school")) >= 0)
			dst = &p->fixed_gbp[sec];
		else if (j == 3 && (sec = sector3_key(e->key, "gbp_per_place")) >= 0)
			dst = &p->per_place_gbp[sec];
		else if (j == 3 && (sec = sector3_key(e->key, "gbp_per_pupil")) >= 0)
			dst = &p->per_pupil_gbp[sec];
		else if (j == 4 && (sec = le_grade_parse(e->key)) > 0)
			dst = &p->cond_factor[sec];
		if (!dst) {
			rc = unknown(&ini, e, j < 3 ? "primary_gbp_per_place or secondary_gbp_per_place" :
				     j == 3 ? "primary_, secondary_ or special_ gbp_per_school, gbp_per_place or gbp_per_pupil" :
				     "A, B, C or D", err);
			break;
		}
		rc = number(&ini, e, dst, err);
	}
	io_ini_release(&ini);
	return rc;
}

int scenario_params_read(struct scenario_params *p, const char *transport_ini,
			 const char *costs_ini, struct le_err *err)
{
	int rc = LE_OK;

	/* Either file may be absent (NULL): the defaults above then stand. */
	if (transport_ini)
		rc = read_transport(p, transport_ini, err);
	if (!rc && costs_ini)
		rc = read_costs(p, costs_ini, err);
	return rc;
}

double scenario_walk_limit(const struct scenario_params *p,
			   const struct region *r, int council, int sec)
{
	int i;

	/* An override wins only for the sector it names (-1 = not given);
	 * a school with no council, or a council without an override, gets
	 * the general limit. */
	if (council >= 0 && r && council < r->ncouncils)
		for (i = 0; i < p->nlimits; i++)
			if (strcmp(p->limits[i].council, r->councils[council].id) == 0 &&
			    p->limits[i].limit_m[sec] >= 0)
				return p->limits[i].limit_m[sec];
	return p->walk_limit_m[sec];
}
