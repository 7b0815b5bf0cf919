/*
 * params.c: the scenario parameters of models/transport.ini (walking
 * limits, per-council overrides, transport cost, candidates, fallback
 * speeds) and models/costs.ini (capital rates, running costs, and the
 * whole-life cost: discounting, spend profiles, optimism bias, floor
 * area, lifecycle and backlog maintenance, ASN transport).
 *
 * Invariants: every value is checked when read (a number, not negative;
 * a share or rate at most 1; a spend profile summing to 1) and reported
 * with file:line; an unknown section or key is an error, never ignored,
 * so a typo cannot silently leave a default in force. Every key goes
 * through one setter (scenario_params_set) driven by one table (keys[]),
 * so the files, per-council overrides and the per-scenario overrides of
 * a study all accept the same keys with the same checks.
 *
 * Index [0] is primary and [1] secondary in every two-element array here:
 * limits, costs and rates differ by sector in both law and practice. Units
 * are in the names: metres (_m), pounds (_gbp), km/h (_kph).
 *
 * Defaults live in code as well as in models/ so that a study without the
 * models/ files still evaluates; when the files are read, their values
 * replace the defaults key by key, so a council may give only the keys it
 * changes. The walking limits are the exception: their default is "not
 * set" (-1), and a stage without a policy gets the statutory limit of its
 * age from the stage system (scenario_walk_stage_m, at the end).
 */
#include "scenario/scenario.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 1 mile = 1,609.344 m exactly: the labels give limits in both. */
#define MILE_M 1609.344

void scenario_params_default(struct scenario_params *p)
{
	memset(p, 0, sizeof(*p));
	/* No walking policy: -1 = not set, so every stage gets the
	 * statutory limit of its age (the stage system's [walking_limit],
	 * scenario_walk_stage_m). A default of 2 miles primary here would
	 * mask the statute's 3 miles for P4-P7 in a study without
	 * transport.ini; the shipped transport.ini sets the sector policy. */
	p->walk_limit_m[0] = -1;
	p->walk_limit_m[1] = -1;
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
	/* Whole-life cost: the shipped costs.ini's values (sources there). */
	p->discount_rate = 0.035;
	p->discount_rate_long = 0.03;
	p->price_base_year = 2023;
	p->nprofile[SCENARIO_PROJ_NEW] = 3;
	p->profile[SCENARIO_PROJ_NEW][0] = 0.3;
	p->profile[SCENARIO_PROJ_NEW][1] = 0.5;
	p->profile[SCENARIO_PROJ_NEW][2] = 0.2;
	p->nprofile[SCENARIO_PROJ_EXTEND] = 2;
	p->profile[SCENARIO_PROJ_EXTEND][0] = 0.4;
	p->profile[SCENARIO_PROJ_EXTEND][1] = 0.6;
	p->nprofile[SCENARIO_PROJ_REFURB] = 2;
	p->profile[SCENARIO_PROJ_REFURB][0] = 0.5;
	p->profile[SCENARIO_PROJ_REFURB][1] = 0.5;
	p->optimism[SCENARIO_PROJ_NEW] = 0.24;
	p->optimism[SCENARIO_PROJ_EXTEND] = 0.24;
	p->optimism[SCENARIO_PROJ_REFURB] = 0.51;
	p->optimism[SCENARIO_PROJ_DEMOLITION] = 0.24;
	p->optimism[SCENARIO_PROJ_DECANT] = 0.24;
	p->optimism[SCENARIO_PROJ_LAND] = 0;
	p->m2_per_place[0] = 8.5;
	p->m2_per_place[1] = 10.5;
	p->m2_per_place[2] = 25;
	p->lifecycle_gbp_m2[LE_GRADE_A] = 20;
	p->lifecycle_gbp_m2[LE_GRADE_B] = 20;
	p->lifecycle_gbp_m2[LE_GRADE_C] = 25;
	p->lifecycle_gbp_m2[LE_GRADE_D] = 30;
	p->backlog_gbp_m2[LE_GRADE_A] = 0;
	p->backlog_gbp_m2[LE_GRADE_B] = 5;
	p->backlog_gbp_m2[LE_GRADE_C] = 40;
	p->backlog_gbp_m2[LE_GRADE_D] = 90;
	p->asn_share[0] = 0.01;
	p->asn_share[1] = 0.8;
	p->asn_gbp_per_pupil = 7500;
	/* An ungraded school counts as B, as its running cost factor is 1. */
	p->lifecycle_gbp_m2[LE_GRADE_NONE] = p->lifecycle_gbp_m2[LE_GRADE_B];
	p->backlog_gbp_m2[LE_GRADE_NONE] = p->backlog_gbp_m2[LE_GRADE_B];
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
	for (i = 0; i < p->nov; i++) {
		free(p->ov[i].council);
		free(p->ov[i].section);
		free(p->ov[i].key);
		free(p->ov[i].value);
	}
	free(p->ov);
	p->ov = NULL;
	p->nov = 0;
	for (i = 0; i < p->ncp; i++) {
		free(p->cp[i].council);
		free(p->cp[i].p);
	}
	free(p->cp);
	p->cp = NULL;
	p->ncp = 0;
}

/* How a value is checked (the kinds of keys[]). */
enum vkind {
	V_NUM,          /* a number >= 0 */
	V_POS,          /* a number > 0 (speeds: 0 would make times infinite) */
	V_SHARE,        /* a share or rate from 0 to 1 */
	V_K,            /* candidates: a whole number 1-32 */
	V_YEAR,         /* a year 1990-2200 */
	V_PROFILE       /* a spend profile: shares summing to 1 */
};

/* Where a key goes: an offset into struct scenario_params. */
struct pkey {
	const char *section, *key;
	size_t off;
	int kind;
	int cost;       /* 1: may be given per council as section.key */
};

#define D(field) offsetof(struct scenario_params, field)

/*
 * Every key of transport.ini and costs.ini, section by section (the
 * README's cost model lists them with their sources). Offsets of array
 * elements are constant expressions, so one table row is one key.
 */
static const struct pkey keys[] = {
	/* transport.ini: the council's walking policy by sector (per
	 * council: [council] primary_m / secondary_m; never above the
	 * statute, scenario_walk_stage_m) and the cost per entitled pupil. */
	{ "walking_limit", "primary_m", D(walk_limit_m[0]), V_NUM, 0 },
	{ "walking_limit", "secondary_m", D(walk_limit_m[1]), V_NUM, 0 },
	{ "transport", "primary_gbp_per_entitled_pupil", D(transport_gbp[0]), V_NUM, 1 },
	{ "transport", "secondary_gbp_per_entitled_pupil", D(transport_gbp[1]), V_NUM, 1 },
	/* The study's mechanics, not rates: never per council. */
	{ "allocation", "candidates", D(k), V_K, 0 },
	{ "travel", "walk_kph", D(walk_kph), V_POS, 0 },
	{ "travel", "drive_kph", D(drive_kph), V_POS, 0 },
	/* costs.ini: capital per place by sector (special schools are
	 * not built or extended by a scenario). */
	{ "new_build", "primary_gbp_per_place", D(new_gbp_per_place[0]), V_NUM, 1 },
	{ "new_build", "secondary_gbp_per_place", D(new_gbp_per_place[1]), V_NUM, 1 },
	{ "extension", "primary_gbp_per_place", D(extend_gbp_per_place[0]), V_NUM, 1 },
	{ "extension", "secondary_gbp_per_place", D(extend_gbp_per_place[1]), V_NUM, 1 },
	{ "refurbishment", "primary_gbp_per_place", D(refurb_gbp_per_place[0]), V_NUM, 1 },
	{ "refurbishment", "secondary_gbp_per_place", D(refurb_gbp_per_place[1]), V_NUM, 1 },
	/* Running cost: fixed, building (x condition factor), pupils. */
	{ "running", "primary_gbp_per_school", D(fixed_gbp[0]), V_NUM, 1 },
	{ "running", "secondary_gbp_per_school", D(fixed_gbp[1]), V_NUM, 1 },
	{ "running", "special_gbp_per_school", D(fixed_gbp[2]), V_NUM, 1 },
	{ "running", "primary_gbp_per_place", D(per_place_gbp[0]), V_NUM, 1 },
	{ "running", "secondary_gbp_per_place", D(per_place_gbp[1]), V_NUM, 1 },
	{ "running", "special_gbp_per_place", D(per_place_gbp[2]), V_NUM, 1 },
	{ "running", "primary_gbp_per_pupil", D(per_pupil_gbp[0]), V_NUM, 1 },
	{ "running", "secondary_gbp_per_pupil", D(per_pupil_gbp[1]), V_NUM, 1 },
	{ "running", "special_gbp_per_pupil", D(per_pupil_gbp[2]), V_NUM, 1 },
	{ "condition", "A", D(cond_factor[LE_GRADE_A]), V_NUM, 1 },
	{ "condition", "B", D(cond_factor[LE_GRADE_B]), V_NUM, 1 },
	{ "condition", "C", D(cond_factor[LE_GRADE_C]), V_NUM, 1 },
	{ "condition", "D", D(cond_factor[LE_GRADE_D]), V_NUM, 1 },
	/* The appraisal itself: one discounting per study, so that the
	 * options' present values are comparable. */
	{ "appraisal", "discount_rate", D(discount_rate), V_SHARE, 0 },
	{ "appraisal", "discount_rate_long", D(discount_rate_long), V_SHARE, 0 },
	{ "appraisal", "price_base_year", D(price_base_year), V_YEAR, 0 },
	/* By project type (enum scenario_project). */
	{ "spend_profile", "new_build", D(profile[SCENARIO_PROJ_NEW]), V_PROFILE, 1 },
	{ "spend_profile", "extension", D(profile[SCENARIO_PROJ_EXTEND]), V_PROFILE, 1 },
	{ "spend_profile", "refurbishment", D(profile[SCENARIO_PROJ_REFURB]), V_PROFILE, 1 },
	{ "optimism_bias", "new_build", D(optimism[SCENARIO_PROJ_NEW]), V_SHARE, 1 },
	{ "optimism_bias", "extension", D(optimism[SCENARIO_PROJ_EXTEND]), V_SHARE, 1 },
	{ "optimism_bias", "refurbishment", D(optimism[SCENARIO_PROJ_REFURB]), V_SHARE, 1 },
	{ "optimism_bias", "demolition", D(optimism[SCENARIO_PROJ_DEMOLITION]), V_SHARE, 1 },
	{ "optimism_bias", "decant", D(optimism[SCENARIO_PROJ_DECANT]), V_SHARE, 1 },
	{ "optimism_bias", "land", D(optimism[SCENARIO_PROJ_LAND]), V_SHARE, 1 },
	/* Maintenance is priced by floor area, which the school files do
	 * not give: places x m2 per place stands in. */
	{ "floor_area", "primary_m2_per_place", D(m2_per_place[0]), V_NUM, 1 },
	{ "floor_area", "secondary_m2_per_place", D(m2_per_place[1]), V_NUM, 1 },
	{ "floor_area", "special_m2_per_place", D(m2_per_place[2]), V_NUM, 1 },
	{ "lifecycle", "A", D(lifecycle_gbp_m2[LE_GRADE_A]), V_NUM, 1 },
	{ "lifecycle", "B", D(lifecycle_gbp_m2[LE_GRADE_B]), V_NUM, 1 },
	{ "lifecycle", "C", D(lifecycle_gbp_m2[LE_GRADE_C]), V_NUM, 1 },
	{ "lifecycle", "D", D(lifecycle_gbp_m2[LE_GRADE_D]), V_NUM, 1 },
	{ "backlog", "A", D(backlog_gbp_m2[LE_GRADE_A]), V_NUM, 1 },
	{ "backlog", "B", D(backlog_gbp_m2[LE_GRADE_B]), V_NUM, 1 },
	{ "backlog", "C", D(backlog_gbp_m2[LE_GRADE_C]), V_NUM, 1 },
	{ "backlog", "D", D(backlog_gbp_m2[LE_GRADE_D]), V_NUM, 1 },
	/* ASN transport: a share of pupils, not a distance rule. */
	{ "transport_asn", "mainstream_share", D(asn_share[0]), V_SHARE, 1 },
	{ "transport_asn", "special_share", D(asn_share[1]), V_SHARE, 1 },
	{ "transport_asn", "gbp_per_pupil", D(asn_gbp_per_pupil), V_NUM, 1 },
	{ NULL, NULL, 0, 0, 0 }
};

/* "a, b or c": the keys of section sec (all == 1: the sections). */
static void list_keys(char *out, size_t size, const char *sec, int all)
{
	const char *w[65];
	int n = 0, i, j;
	size_t len = 0;

	for (i = 0; keys[i].section && n < 64; i++) {
		if (all) {
			for (j = 0; j < n; j++)
				if (strcmp(w[j], keys[i].section) == 0)
					break;
			if (j == n)
				w[n++] = keys[i].section;
		} else if (strcmp(keys[i].section, sec) == 0) {
			w[n++] = keys[i].key;
		}
	}
	/* Per-council sections are named by their code: one word for all. */
	if (all)
		w[n++] = "council <code>";
	out[0] = '\0';
	for (i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%s",
					i == 0 ? "" : i == n - 1 ? " or " : ", ", w[i]);
}

/* "0.3, 0.5, 0.2" into v (<= SCENARIO_MAXPROFILE shares summing to 1). */
static int parse_profile(const char *sec, const char *key, const char *val,
			 double *v, int *n, struct le_err *err)
{
	char buf[256], *tok, *save = NULL;
	double sum = 0, x;
	int k = 0;

	snprintf(buf, sizeof(buf), "%s", val);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (k >= SCENARIO_MAXPROFILE || le_parse_double(le_trim(tok), &x) != 0 ||
		    x < 0 || x > 1)
			return le_errf(err, LE_EPARSE, "[%s] %s must be up to %d shares from 0 to 1, comma-separated (earliest year first), got '%s'",
				       sec, key, SCENARIO_MAXPROFILE, val);
		v[k++] = x;
		sum += x;
	}
	/* A profile that does not sum to 1 would create or lose capital. */
	if (k == 0 || fabs(sum - 1) > 1e-6)
		return le_errf(err, LE_EPARSE, "[%s] %s must sum to 1, got '%s' (sum %g)",
			       sec, key, val, sum);
	*n = k;
	return LE_OK;
}

/* Set a key of an ordinary section into p (no council). */
static int set_one(struct scenario_params *p, const char *sec, const char *key,
		   const char *val, int cost_only, struct le_err *err)
{
	const struct pkey *k = NULL;
	char words[1024];
	double v;
	int i, found_sec = 0;

	for (i = 0; keys[i].section; i++) {
		if (strcmp(keys[i].section, sec) != 0)
			continue;
		found_sec = 1;
		if (strcmp(keys[i].key, key) == 0) {
			k = &keys[i];
			break;
		}
	}
	if (!found_sec) {
		list_keys(words, sizeof(words), NULL, 1);
		return le_errf(err, LE_EPARSE, "'%s' is in an unknown section '[%s]' (expected %s)",
			       key, sec, words);
	}
	if (!k) {
		list_keys(words, sizeof(words), sec, 0);
		return le_errf(err, LE_EPARSE, "unknown key '%s' in [%s] (expected %s)", key, sec, words);
	}
	/* Walking limits, candidates, speeds and the discount rates are the
	 * study's, not a council's: per-council walking limits have their
	 * own [council] keys. */
	if (cost_only && !k->cost)
		return le_errf(err, LE_EPARSE, "[%s] %s cannot be set per council", sec, key);
	if (k->kind == V_PROFILE) {
		int proj = (int)((k->off - D(profile)) / sizeof(p->profile[0]));
		double tmp[SCENARIO_MAXPROFILE];
		int n = 0, rc;

		if ((rc = parse_profile(sec, key, val, tmp, &n, err)))
			return rc;
		memset(p->profile[proj], 0, sizeof(p->profile[proj]));
		memcpy(p->profile[proj], tmp, sizeof(double) * (size_t)n);
		p->nprofile[proj] = n;
		return LE_OK;
	}
	/* A negative cost or limit has no planning meaning and would flip
	 * the sign of a KPI; refuse it with the line rather than clamp. */
	if (le_parse_double(val, &v) != 0 || v < 0)
		return le_errf(err, LE_EPARSE, "[%s] %s must be a number >= 0, got '%s'", sec, key, val);
	switch (k->kind) {
	case V_POS:
		if (v <= 0)
			return le_errf(err, LE_EPARSE, "[%s] %s must be above 0, got '%s'", sec, key, val);
		break;
	case V_SHARE:
		/* Shares and rates are fractions: 3.5 % is 0.035; a value
		 * above 1 is almost surely a percentage typed as one. */
		if (v > 1)
			return le_errf(err, LE_EPARSE, "[%s] %s must be a share from 0 to 1 (3.5 %% is 0.035), got '%s'",
				       sec, key, val);
		break;
	case V_K:
		/* 32 bounds the per-zone candidate arrays and the LP size;
		 * a fractional k means a typo. */
		if (v < 1 || v > 32 || v != (int)v)
			return le_errf(err, LE_EPARSE, "[%s] %s must be a whole number from 1 to 32, got '%s'",
				       sec, key, val);
		*(int *)(void *)((char *)p + k->off) = (int)v;
		return LE_OK;
	case V_YEAR:
		if (v < 1990 || v > 2200 || v != (int)v)
			return le_errf(err, LE_EPARSE, "[%s] %s must be a year such as 2023, got '%s'",
				       sec, key, val);
		*(int *)(void *)((char *)p + k->off) = (int)v;
		return LE_OK;
	default:
		break;
	}
	*(double *)(void *)((char *)p + k->off) = v;
	/* An ungraded school counts as B in lifecycle and backlog. */
	if (strcmp(key, "B") == 0 && strcmp(sec, "lifecycle") == 0)
		p->lifecycle_gbp_m2[LE_GRADE_NONE] = v;
	if (strcmp(key, "B") == 0 && strcmp(sec, "backlog") == 0)
		p->backlog_gbp_m2[LE_GRADE_NONE] = v;
	return LE_OK;
}

/* p's rates without its owned arrays: the base of a council's copy. */
static void shallow(struct scenario_params *dst, const struct scenario_params *src)
{
	*dst = *src;
	dst->limits = NULL;
	dst->nlimits = 0;
	dst->ov = NULL;
	dst->nov = 0;
	dst->cp = NULL;
	dst->ncp = 0;
}

/* Rebuild every council's copy: the general rates, then its overrides
 * in the order given, so an override wins whatever line it is on. */
static void rebuild(struct scenario_params *p)
{
	int i, j;

	for (i = 0; i < p->ncp; i++) {
		free(p->cp[i].council);
		free(p->cp[i].p);
	}
	p->ncp = 0;
	for (i = 0; i < p->nov; i++) {
		const struct scenario_override *o = &p->ov[i];

		for (j = 0; j < p->ncp; j++)
			if (strcmp(p->cp[j].council, o->council) == 0)
				break;
		if (j == p->ncp) {
			p->cp = xrealloc(p->cp, sizeof(*p->cp) * (size_t)(j + 1));
			p->cp[j].council = xstrdup(o->council);
			p->cp[j].p = xmalloc(sizeof(*p->cp[j].p));
			shallow(p->cp[j].p, p);
			p->ncp++;
		}
		/* Checked when it was added: cannot fail. */
		set_one(p->cp[j].p, o->section, o->key, o->value, 1, NULL);
	}
}

/* [council CODE]: a walking limit, or a cost as section.key. */
static int set_council(struct scenario_params *p, const char *code, const char *key,
		       const char *val, struct le_err *err)
{
	const char *dot = strchr(key, '.');
	struct scenario_params scratch;
	struct scenario_override *o;
	struct le_err e1;
	char sec[64];
	int rc, j;

	if (!dot) {
		double v;
		int s = strcmp(key, "primary_m") == 0 ? 0 : strcmp(key, "secondary_m") == 0 ? 1 : -1;

		if (s < 0)
			return le_errf(err, LE_EPARSE, "unknown key '%s' in [council %s] (expected primary_m or secondary_m, or a cost as section.key such as transport_asn.gbp_per_pupil)",
				       key, code);
		if (le_parse_double(val, &v) != 0 || v < 0)
			return le_errf(err, LE_EPARSE, "[council %s] %s must be a number >= 0, got '%s'",
				       code, key, val);
		/* One override per council; the other sector keeps the
		 * general limit unless given. */
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
		p->limits[j].limit_m[s] = v;
		return LE_OK;
	}
	if ((size_t)(dot - key) >= sizeof(sec))
		return le_errf(err, LE_EPARSE, "unknown key '%s' in [council %s]", key, code);
	memcpy(sec, key, (size_t)(dot - key));
	sec[dot - key] = '\0';
	/* Checked on a scratch copy first, so an error leaves p as it was. */
	shallow(&scratch, p);
	le_err_clear(&e1);
	if ((rc = set_one(&scratch, sec, dot + 1, val, 1, &e1)))
		return le_errf(err, rc, "[council %s] %s", code, e1.msg);
	p->ov = xrealloc(p->ov, sizeof(*p->ov) * (size_t)(p->nov + 1));
	o = &p->ov[p->nov++];
	o->council = xstrdup(code);
	o->section = xstrdup(sec);
	o->key = xstrdup(dot + 1);
	o->value = xstrdup(val);
	rebuild(p);
	return LE_OK;
}

int scenario_params_set(struct scenario_params *p, const char *section, const char *key,
			const char *value, struct le_err *err)
{
	int rc;

	/* Per-council overrides exist because councils set their own
	 * transport policies and pay their own contract and maintenance
	 * rates; a collaborative study mixes councils. Keyed by the zones'
	 * and schools' council code. */
	if (strncmp(section, "council ", 8) == 0) {
		/* An empty code would match no council and silently do
		 * nothing. */
		if (!section[8] || section[8] == ' ')
			return le_errf(err, LE_EPARSE, "[%s] needs a council code, e.g. [council S12000036]",
				       section);
		return set_council(p, section + 8, key, value, err);
	}
	rc = set_one(p, section, key, value, 0, err);
	/* A general rate changed: the councils' copies start from it. */
	if (!rc && p->nov)
		rebuild(p);
	return rc;
}

void scenario_params_copy(struct scenario_params *dst, const struct scenario_params *src)
{
	int i;

	shallow(dst, src);
	if (src->nlimits) {
		dst->limits = xmalloc(sizeof(*dst->limits) * (size_t)src->nlimits);
		for (i = 0; i < src->nlimits; i++) {
			dst->limits[i] = src->limits[i];
			dst->limits[i].council = xstrdup(src->limits[i].council);
		}
		dst->nlimits = src->nlimits;
	}
	if (src->nov) {
		dst->ov = xmalloc(sizeof(*dst->ov) * (size_t)src->nov);
		for (i = 0; i < src->nov; i++) {
			dst->ov[i].council = xstrdup(src->ov[i].council);
			dst->ov[i].section = xstrdup(src->ov[i].section);
			dst->ov[i].key = xstrdup(src->ov[i].key);
			dst->ov[i].value = xstrdup(src->ov[i].value);
		}
		dst->nov = src->nov;
		rebuild(dst);
	}
}

const struct scenario_params *scenario_params_for(const struct scenario_params *p,
						  const struct region *r, int council)
{
	int i;

	if (council < 0 || !r || council >= r->ncouncils)
		return p;
	for (i = 0; i < p->ncp; i++)
		if (strcmp(p->cp[i].council, r->councils[council].id) == 0)
			return p->cp[i].p;
	return p;
}

/* One file: every entry through the setter, its message given the
 * file and line. */
static int read_file(struct scenario_params *p, const char *path, struct le_err *err)
{
	struct io_ini ini;
	struct le_err e1;
	int rc, i;

	if ((rc = io_ini_read(path, &ini, err)))
		return rc;
	for (i = 0; i < ini.n && !rc; i++) {
		const struct io_ini_entry *e = &ini.v[i];

		le_err_clear(&e1);
		if ((rc = scenario_params_set(p, e->section, e->key, e->val, &e1)))
			le_errf(err, rc, "%s:%d: %s", path, e->line, e1.msg);
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
		rc = read_file(p, transport_ini, err);
	if (!rc && costs_ini)
		rc = read_file(p, costs_ini, err);
	return rc;
}

/* ---------------------------------------------------------------- walking limits */

/*
 * The walking limit is a pupil's, by stage: the statute gives it by age
 * (the stage system's [walking_limit]: 2 miles under 8, 3 miles from 8),
 * a council's transport policy by sector (transport.ini [walking_limit]
 * or [council CODE] primary_m / secondary_m). A policy can only be more
 * generous than the statute: a pupil beyond the statutory distance is
 * entitled whatever the policy says, so a policy above a stage's
 * statutory limit gives way to it for that stage (and the run warns,
 * scenario_walk_check). Everything that counts pupils beyond the limit
 * or prices their transport goes through scenario_walk_stage_m.
 */

/* The policy limit of sector sec for council (region index, -1 none):
 * the council's override for that sector, else the general one; -1 when
 * no file set one. */
static double policy_m(const struct scenario_params *p, const struct region *r,
		       int council, int sec)
{
	int i;

	if (sec < 0 || sec > 1)
		return -1;
	if (council >= 0 && r && council < r->ncouncils)
		for (i = 0; i < p->nlimits; i++)
			if (strcmp(p->limits[i].council, r->councils[council].id) == 0 &&
			    p->limits[i].limit_m[sec] >= 0)
				return p->limits[i].limit_m[sec];
	return p->walk_limit_m[sec];
}

double scenario_walk_stage_m(const struct scenario_params *p, const struct region *r,
			     int council, int s)
{
	double stat = le_stages_walk_m(&r->stages, s);
	double pol = policy_m(p, r, council, r->stages.sector[s]);

	return pol >= 0 && pol < stat ? pol : stat;
}

/*
 * The classes of a mask of stages for council: one per (limit, rate),
 * ascending by limit (a later class of an equal limit after the earlier
 * ones), and each stage's class in row->of (-1: not in the mask).
 * Scotland's keys have one or two classes, so the per-entry loops of
 * the KPIs stay short.
 */
static void walk_classes(const struct scenario_params *p, const struct region *r, int council,
			 unsigned stages, struct scenario_walk_row *row)
{
	const struct le_stages *st = &r->stages;
	const struct scenario_params *cp = scenario_params_for(p, r, council);
	struct scenario_walk *k = &row->cls;
	double lim[LE_MAX_STAGES], gbp[LE_MAX_STAGES];
	int s, c;

	memset(row, 0, sizeof(*row));
	for (s = 0; s < st->n; s++) {
		if (!(stages & (1u << s)))
			continue;
		/* The one rule (policy, else statute); the table calls this
		 * once per council and group, not per key. */
		lim[s] = scenario_walk_stage_m(p, r, council, s);
		gbp[s] = cp->transport_gbp[st->sector[s]];
		for (c = 0; c < k->n; c++)
			if (k->limit_m[c] == lim[s] && k->gbp[c] == gbp[s])
				break;
		if (c < k->n)
			continue;
		/* Keep ascending by limit (insertion). */
		for (c = k->n; c > 0 && k->limit_m[c - 1] > lim[s]; c--) {
			k->limit_m[c] = k->limit_m[c - 1];
			k->gbp[c] = k->gbp[c - 1];
		}
		k->limit_m[c] = lim[s];
		k->gbp[c] = gbp[s];
		k->n++;
	}
	/* Each stage's class, once the order is final. */
	for (s = 0; s < st->n; s++) {
		if (!(stages & (1u << s)))
			continue;
		for (c = 0; k->limit_m[c] != lim[s] || k->gbp[c] != gbp[s]; c++)
			;
		row->stage[row->n] = (signed char)s;
		row->of[row->n++] = (signed char)c;
	}
}

/* The shares of row's classes among a key's pupils by stage (pupils[s],
 * NULL or all 0: one cohort per stage, so that the limits still weigh by
 * the stages taught: a key whose pupils are all housing yield spread
 * later, or none this year). */
static void walk_weigh(const struct scenario_walk_row *row, const double *pupils,
		       struct scenario_walk *wk)
{
	double tot = 0, wt[LE_MAX_STAGES];
	int i, c;

	wk->n = row->cls.n;
	for (c = 0; c < wk->n; c++) {
		wk->limit_m[c] = row->cls.limit_m[c];
		wk->gbp[c] = row->cls.gbp[c];
		wk->share[c] = 0;
	}
	/* One class (every Scottish key under the shipped policy): the
	 * whole key, exactly as the weights below would give it. */
	if (wk->n == 1) {
		wk->share[0] = 1;
		return;
	}
	if (!wk->n)
		return;
	for (i = 0; i < row->n; i++) {
		double v = pupils ? pupils[row->stage[i]] : 0;

		wt[i] = v > 0 ? v : 0;
		tot += wt[i];
	}
	if (tot <= 0)
		for (i = 0, tot = 0; i < row->n; i++) {
			wt[i] = 1;
			tot += 1;
		}
	/* Weights first, shares after: the shares sum the same weights
	 * as tot, so a count or cost is the entry's own to the last
	 * digit where the classes are whole. */
	for (i = 0; i < row->n; i++)
		wk->share[row->of[i]] += wt[i];
	for (c = 0; c < wk->n; c++)
		wk->share[c] /= tot;
}

void scenario_walk_key(const struct scenario_params *p, const struct region *r, int council,
		       unsigned stages, const double *pupils, struct scenario_walk *wk)
{
	struct scenario_walk_row row;

	walk_classes(p, r, council, stages, &row);
	walk_weigh(&row, pupils, wk);
}

void scenario_walk_tab_init(struct scenario_walk_tab *t, const struct scenario_params *p,
			    const struct scenario_world *w)
{
	int c, g, nc = w->r->ncouncils;

	t->ngroups = w->grp.n;
	t->ncouncils = nc;
	t->row = xmalloc(sizeof(*t->row) * ((size_t)(nc + 1) * (size_t)t->ngroups + 1));
	/* Row nc: zones of no council (the study-wide policy). */
	for (c = 0; c <= nc; c++)
		for (g = 0; g < t->ngroups; g++)
			walk_classes(p, w->r, c < nc ? c : -1, w->grp.stages[g],
				     &t->row[(size_t)c * (size_t)t->ngroups + (size_t)g]);
}

void scenario_walk_tab_release(struct scenario_walk_tab *t)
{
	if (!t)
		return;
	free(t->row);
	memset(t, 0, sizeof(*t));
}

void scenario_key_walk(const struct scenario_walk_tab *t, const struct scenario_result *res,
		       const struct scenario_world *w, int y, int q, struct scenario_walk *wk)
{
	const struct model *m = w->m;
	int z = SCENARIO_KEY_ZONE(&w->grp, q), g = SCENARIO_KEY_GROUP(&w->grp, q), s;
	int council = w->r->zones[z].council, sg = SCENARIO_GROUP_SG(g);
	/* The key's stages: its stage group's (a whole sector unless a
	 * school teaches part of it). */
	const struct scenario_walk_row *row =
		&t->row[(size_t)(council >= 0 && council < t->ncouncils ? council : t->ncouncils) *
			(size_t)t->ngroups + (size_t)sg];
	double by[LE_MAX_STAGES];
	int i;

	/* The pupils the key places that year, by stage (calibrated,
	 * housing added): the shares of its limit classes, needed only
	 * where the key has more than one. */
	for (i = 0; row->cls.n > 1 && i < row->n; i++) {
		s = row->stage[i];
		by[s] = res->demand ? res->demand[MODEL_D(m, y, z, s, SCENARIO_GROUP_STREAM(g))] : 0;
	}
	walk_weigh(row, by, wk);
}

double scenario_walk_beyond(const struct scenario_walk *wk, double dist_m)
{
	double f = 0;
	int c;

	/* Ascending limits: the classes a distance exceeds come first. */
	for (c = 0; c < wk->n && dist_m > wk->limit_m[c]; c++)
		f += wk->share[c];
	return f;
}

double scenario_walk_gbp(const struct scenario_walk *wk, double dist_m)
{
	double g = 0;
	int c;

	for (c = 0; c < wk->n && dist_m > wk->limit_m[c]; c++)
		g += wk->share[c] * wk->gbp[c];
	return g;
}

double scenario_walk_newly(const struct scenario_walk *wk, double from_m, double to_m)
{
	double f = 0;
	int c;

	/* Within the limit at from_m, beyond it at to_m. */
	for (c = 0; c < wk->n; c++)
		if (from_m <= wk->limit_m[c] && to_m > wk->limit_m[c])
			f += wk->share[c];
	return f;
}

int scenario_walk_classes(const struct scenario_params *p, const struct region *r, int council,
			  unsigned stages, double *limit_m, unsigned *bits, int max)
{
	int s, c, n = 0;

	for (s = 0; s < r->stages.n; s++) {
		double lim;

		if (!(stages & (1u << s)))
			continue;
		lim = scenario_walk_stage_m(p, r, council, s);
		for (c = 0; c < n; c++)
			if (limit_m[c] == lim)
				break;
		if (c == n) {
			/* Past max distinct limits the largest class takes
			 * the rest's stages: labels only, never a count. */
			if (n == max) {
				bits[n - 1] |= 1u << s;
				continue;
			}
			for (c = n; c > 0 && limit_m[c - 1] > lim; c--) {
				limit_m[c] = limit_m[c - 1];
				bits[c] = bits[c - 1];
			}
			limit_m[c] = lim;
			bits[c] = 0;
			n++;
		}
		bits[c] |= 1u << s;
	}
	return n;
}

void scenario_walk_text(const struct scenario_params *p, const struct region *r, int council,
			struct buf *b)
{
	double lim[LE_MAX_STAGES];
	unsigned bits[LE_MAX_STAGES];
	struct buf t;
	int c, n;

	buf_init(&t);
	buf_reset(b);
	n = scenario_walk_classes(p, r, council, le_stages_all(&r->stages), lim, bits, LE_MAX_STAGES);
	for (c = 0; c < n; c++) {
		le_stages_text(&r->stages, bits[c], &t);
		buf_addf(b, "%s%s %.0f m (%.1f mi)", c ? ", " : "", t.s, lim[c], lim[c] / MILE_M);
	}
	buf_release(&t);
}

/* "P1-P3" of a sector's stages where policy pol exceeds the statute. */
static void check_one(const struct region *r, const char *section, int sec, double pol,
		      const char *where, struct le_diags *d)
{
	static const char *const key[2] = { "primary_m", "secondary_m" };
	unsigned over = 0;
	double stat = 0;
	struct buf t;
	int s;

	if (pol < 0)
		return;
	for (s = 0; s < r->stages.n; s++)
		if (r->stages.sector[s] == sec && pol > le_stages_walk_m(&r->stages, s)) {
			over |= 1u << s;
			stat = le_stages_walk_m(&r->stages, s);
		}
	if (!over)
		return;
	buf_init(&t);
	le_stages_text(&r->stages, over, &t);
	le_diag_add(d, LE_WARNING, "walking limit",
		    "%s[%s] %s = %.0f m (%.1f mi) is above the statutory walking distance of %s (%.0f m, %.1f mi, under age %d): a pupil beyond the statutory distance is entitled whatever the policy, so %s keep the statutory limit",
		    where ? where : "", section, key[sec], pol, pol / MILE_M, t.s, stat, stat / MILE_M,
		    r->stages.walk_age, t.s);
	buf_release(&t);
}

void scenario_walk_check(const struct scenario_params *p, const struct region *r,
			 const char *where, struct le_diags *d)
{
	char sec[80];
	int i, s;

	for (s = 0; s < 2; s++)
		check_one(r, "walking_limit", s, p->walk_limit_m[s], where, d);
	for (i = 0; i < p->nlimits; i++) {
		snprintf(sec, sizeof(sec), "council %s", p->limits[i].council);
		for (s = 0; s < 2; s++)
			check_one(r, sec, s, p->limits[i].limit_m[s], where, d);
	}
}
