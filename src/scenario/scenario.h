/*
 * scenario.h: what-if changes to the estate, evaluated year by year.
 *
 * A scenario file (INI, scenarios/<study>/NAME.ini) lists changes, each with
 * the year it takes effect: close, merge, new, extend, reduce, catchment,
 * refurbish, housing. The baseline is the study with no changes. For each
 * scenario and year the pupils of every zone, sector and stream go to
 * schools by the allocation policy (catchment, nearest, or capacity: least
 * total walking distance within school capacities, a min-cost flow solved
 * by successive shortest paths), and the KPIs are computed from the result.
 *
 * Terms and invariants:
 *  - the world: the region's schools (indices 0 .. r->nschools - 1) and
 *    after them every new school of every scenario read into it; a school
 *    that a scenario does not build has status SCENARIO_ABSENT there;
 *  - a key is (zone, group), group = sector * MODEL_NSTREAMS + stream
 *    (sector 0 primary, 1 secondary; stream MODEL_ND / MODEL_RC /
 *    MODEL_GM): key = zone * SCENARIO_NGROUPS + group.
 *    A key's pupils go to schools of its sector and stream only;
 *  - pupils are the projection's: population demand times the calibration
 *    factor of the zone's baseline schools, plus housing yield (the
 *    study's and the scenario's), so the baseline under the projection's
 *    own allocation reproduces `estate project`'s rolls;
 *  - nothing is lost: for every year, the pupils placed at schools plus
 *    the unplaced pupils equal the demand plus the held rolls (special
 *    schools and schools without allocated demand keep the projection's
 *    roll; merged, it goes to the site); a closure that would leave
 *    pupils with no school (no other school of their stream, zones
 *    without a location, a held roll) is refused, not counted unplaced;
 *  - distance is walking distance (it decides free-transport entitlement),
 *    time is driving time; both on the road network where the study has
 *    [roads], else straight line x detour, flagged per pair;
 *  - every array is flat and owned by its struct; loops run in index
 *    order, so equal inputs give equal bytes out;
 *  - scenario/ never prints: cli/ does.
 */
#ifndef ESTATE_SCENARIO_H
#define ESTATE_SCENARIO_H

#include "core/core.h"
#include "io/io.h"
#include "model/model.h"

struct geo_ctx;

/* A group is a sector (primary, secondary) and a stream (enum
 * model_stream): the unit pupils are allocated by. */
enum { SCENARIO_NGROUPS = 2 * MODEL_NSTREAMS };
#define SCENARIO_GROUP(sector, stream) ((sector) * MODEL_NSTREAMS + (stream))
#define SCENARIO_GROUP_SECTOR(g) ((g) / MODEL_NSTREAMS)
#define SCENARIO_GROUP_STREAM(g) ((g) % MODEL_NSTREAMS)

enum scenario_policy { SCENARIO_CATCHMENT = 0, SCENARIO_NEAREST, SCENARIO_CAPACITY };

enum scenario_kind {
	SCENARIO_CLOSE = 0, SCENARIO_MERGE, SCENARIO_NEW, SCENARIO_EXTEND,
	SCENARIO_REDUCE, SCENARIO_CATCHMENT_CHANGE, SCENARIO_REFURBISH,
	SCENARIO_HOUSING, SCENARIO_NKINDS
};

/* Status of a school in a year (schools.csv "status"). */
enum scenario_status {
	SCENARIO_ABSENT = 0,    /* not part of this scenario (another's new school) */
	SCENARIO_OPEN,          /* open, unchanged */
	SCENARIO_CLOSED,        /* closed (or merged into another) */
	SCENARIO_NEWLY_BUILT,   /* a new school, open */
	SCENARIO_PLANNED,       /* a new school before its opening year */
	SCENARIO_EXTENDED,      /* open, capacity above the base year's */
	SCENARIO_REDUCED,       /* open, capacity below the base year's */
	SCENARIO_NSTATUS
};

/* ---------------------------------------------------------------- params */

/* Capital project types, each with its optimism bias: works with a spend
 * profile first (new build, extension, refurbishment), then the costs a
 * change gives (demolition, decant, land). */
enum scenario_project {
	SCENARIO_PROJ_NEW = 0, SCENARIO_PROJ_EXTEND, SCENARIO_PROJ_REFURB,
	SCENARIO_PROJ_DEMOLITION, SCENARIO_PROJ_DECANT, SCENARIO_PROJ_LAND,
	SCENARIO_NPROJ
};
enum { SCENARIO_MAXPROFILE = 8 };    /* years of a spend profile */

/* Per-council walking limits (models/transport.ini [council CODE]). */
struct scenario_limit {
	char *council;
	double limit_m[2];      /* primary, secondary */
};

/*
 * Parameters from models/transport.ini and models/costs.ini (every value
 * documented there with its source or "assumption"). Money in GBP at the
 * files' price base. Index [0] primary, [1] secondary.
 */
struct scenario_params {
	double walk_limit_m[2];          /* statutory walking limits */
	struct scenario_limit *limits;   /* per-council overrides */
	int nlimits;
	double transport_gbp[2];         /* per entitled pupil per year */
	double new_gbp_per_place[2];     /* new build */
	double extend_gbp_per_place[2];  /* extension */
	double refurb_gbp_per_place[2];  /* refurbishment, when no cost is given */
	/* Running cost per year of an open school, [0] primary, [1]
	 * secondary, [2] special: fixed per school (leadership, office) +
	 * per place of capacity (the building: energy, rates, upkeep; the
	 * roll stands in where no capacity is given) x the factor of its
	 * condition grade + per pupil. A closure saves the first two. */
	double fixed_gbp[3];
	double per_place_gbp[3];
	double per_pupil_gbp[3];
	double cond_factor[5];           /* by enum le_grade; [0] not graded */
	int k;                           /* candidates per zone and group */
	double detour;                   /* straight line -> travel distance */
	double walk_kph, drive_kph;      /* speeds of straight-line fallbacks */
	/* Whole-life cost (costs.ini, cost.c). Discounting: Green Book
	 * rates, discount_rate for years 0-30 after the base year and
	 * discount_rate_long after (real rates: every GBP at the prices of
	 * price_base_year, no inflation). */
	double discount_rate, discount_rate_long;
	int price_base_year;
	/* Capital spend profile of each works type (enum scenario_project:
	 * new build, extension, refurbishment): profile[t][i] is the share
	 * spent nprofile[t] - i years before the change's year (earliest
	 * first, summing to 1). */
	double profile[3][SCENARIO_MAXPROFILE];
	int nprofile[3];
	/* Optimism bias: the share added to capital, by project type. */
	double optimism[SCENARIO_NPROJ];
	/* Floor area per place (m2), [0] primary [1] secondary [2] special;
	 * lifecycle and backlog maintenance per m2 per year by condition
	 * grade (enum le_grade; [0] ungraded counts as B). */
	double m2_per_place[3];
	double lifecycle_gbp_m2[5];
	double backlog_gbp_m2[5];
	/* Transport of pupils with additional support needs: the share of
	 * pupils transported ([0] mainstream, [1] special school pupils)
	 * times a cost per pupil transported per year. */
	double asn_share[2];
	double asn_gbp_per_pupil;
	/* Per-council cost overrides ([council CODE] "section.key" in
	 * costs.ini): the entries as given, and per council a resolved copy
	 * of these parameters (rates only: its limits and overrides are
	 * empty). Read them through scenario_params_for. */
	struct scenario_override *ov;
	int nov;
	struct scenario_council_params *cp;
	int ncp;
};

/* One [council CODE] cost entry, and a council's resolved rates. */
struct scenario_override {
	char *council, *section, *key, *value;
};
struct scenario_council_params {
	char *council;
	struct scenario_params *p;
};

/* Defaults: 2 and 3 miles, and the shipped files' values. */
void scenario_params_default(struct scenario_params *p);
void scenario_params_release(struct scenario_params *p);
/*
 * Read models/transport.ini and/or models/costs.ini (either may be NULL).
 * Errors: LE_EIO; LE_EPARSE "path:line: ..." for an unknown section or
 * key, a negative or non-numeric value.
 */
int scenario_params_read(struct scenario_params *p, const char *transport_ini,
			 const char *costs_ini, struct le_err *err);
/*
 * Set one parameter, the way models/transport.ini and models/costs.ini
 * are read (their readers call it for every line): section and key as in
 * the files (README "Cost model"), value as written. A [council CODE]
 * section takes primary_m / secondary_m (walking limits) or a cost as
 * "section.key" (e.g. "transport_asn.gbp_per_pupil"), which applies to
 * that council's schools and zones only. Errors (LE_EPARSE, no file or
 * line: the caller adds its own "path:line: "): "[section] key ..." for
 * an unknown section or key, a value that is not a number, negative, a
 * share or rate above 1, a spend profile not summing to 1. On error p is
 * unchanged.
 */
int scenario_params_set(struct scenario_params *p, const char *section, const char *key,
			const char *value, struct le_err *err);
/* Deep copy of src into dst (dst uninitialised; release it after). */
void scenario_params_copy(struct scenario_params *dst, const struct scenario_params *src);
/* The rates in force for council c (region council index; -1 or a
 * council without overrides: p itself). Borrowed from p. */
const struct scenario_params *scenario_params_for(const struct scenario_params *p,
						  const struct region *r, int council);
/* Walking limit (metres) of sector sec (0/1) for a zone of council c
 * (region council index, -1 none). */
double scenario_walk_limit(const struct scenario_params *p,
			   const struct region *r, int council, int sec);

/* ---------------------------------------------------------------- world */

/* A school of the world: the region's (strings borrowed from it) or a new
 * one (strings owned by the world). */
struct scenario_school {
	const char *id, *name;
	int sector;             /* enum le_sector */
	unsigned stages;
	int stream;             /* MODEL_ND / MODEL_RC: its English-medium stream */
	int gaelic;             /* 1: also Gaelic-medium provision */
	double x, y;
	double capacity;        /* base capacity; < 0 = not given (no limit) */
	int condition, suitability;
	int council;
	int owner;              /* -1: the region's; else the scenario's
				   index in the run (new school) */
	int src_line;           /* new: line of its section */
};

/* Does s take the pupils of group g (sector x stream)? The one rule,
 * le_stream_serves, that travel and the projection use too. */
int scenario_school_serves(const struct scenario_school *s, int g);

struct scenario_world {
	const struct region *r;         /* borrowed */
	const struct model *m;          /* borrowed: the baseline projection */
	struct scenario_school *s;
	int n, nbase, alloc;
	char **owned;                   /* strings of new schools */
	int nowned, owned_alloc;
	struct geo_index *zone_ix;      /* zones and council boundaries, for
					   "outside the region"; NULL if none */
	struct geo_index *council_ix;
	double *simd_rank;              /* per zone: 1 = in the most deprived
					   20 %, 0 = not, -1 = unknown; NULL
					   when no SIMD input */
};

/*
 * Set up the world from the region and the baseline model (both borrowed;
 * model_init must have been called, model_run before any evaluation). g (may be NULL) builds the point-in-
 * polygon indices for the "outside the region" check.
 */
int scenario_world_init(struct scenario_world *w, const struct region *r,
			const struct model *m, struct geo_ctx *g,
			struct le_err *err);
void scenario_world_release(struct scenario_world *w);
/*
 * Read the SIMD of zones: a CSV with a zone column (zone, DataZone or
 * Data_Zone) and one of rank (1 = most deprived), quintile (1 = most
 * deprived), decile or vigintile; a zone is "most deprived 20 %" when its
 * quintile is 1 (rank within the lowest 20 % of ranks given). Zones not
 * in the file stay unknown. Errors: LE_EIO, LE_EPARSE "path:line: ...".
 */
int scenario_simd_read(struct scenario_world *w, const char *path,
		       struct le_err *err);

/* ---------------------------------------------------------------- scenarios */

struct scenario_change {
	int kind;               /* enum scenario_kind */
	int year;
	int line;               /* line of its [section] header */
	int school;             /* world index: close, extend, reduce,
				   refurbish, catchment (target), merge
				   (site), new (the new school) */
	int *schools, nschools; /* merge: every school merged, site included */
	int *zones, nzones;     /* catchment */
	double places;          /* extend/reduce places; merge capacity
				   (< 0 = the sum) */
	int condition, suitability;   /* refurbish (0 = unchanged) */
	double cost_gbp;        /* refurbish/new/extend given cost; < 0 = rates */
	double demolition_gbp, decant_gbp, land_gbp;  /* given; 0 = none */
	struct model_site site; /* housing (id owned) */
};

struct scenario {
	char *path;             /* file as given */
	char *name, *description;
	int policy;             /* enum scenario_policy; -1 = the study's */
	struct scenario_change *v;
	int n;
};

/*
 * Read and validate a scenario file against the world; new schools are
 * added to w (owner = index, the scenario's position in the run). The
 * file's sections: [scenario] name, description, allocation; then one
 * section per change, named by its kind ([close], [merge], [new],
 * [extend], [reduce], [catchment], [refurbish], [housing]; a kind may
 * repeat), each with year = YYYY and its keys (README, "Scenarios").
 * Errors (LE_EPARSE / LE_EDATA, "path:line: [section] ..."): unknown
 * section or key, missing key, unknown school or zone, a change before
 * the base year or after the horizon, a school closed twice (or closed
 * after it was merged away), a change to a closed school, a new school
 * outside the region, a negative capacity or places, a reduce below zero.
 * On failure sc is empty and w unchanged.
 */
int scenario_read(const char *path, struct scenario_world *w, int index,
		  struct scenario *sc, struct le_err *err);
void scenario_release(struct scenario *sc);
const char *scenario_kind_name(int kind);
const char *scenario_policy_name(int policy);
const char *scenario_status_name(int status);

/* ---------------------------------------------------------------- travel */

/* One candidate school of a key. */
struct scenario_cand {
	int school;             /* world index */
	float dist_m;           /* walking distance */
	float time_s;           /* driving time */
	unsigned char straight; /* 1: straight line x detour, not network */
};

/*
 * Candidates per key (zone * 4 + group): up to k schools of the group,
 * nearest by walking distance first (ties by index): key q's are
 * c[q * k .. q * k + n[q]).
 */
struct scenario_travel {
	int nzones, k, nschools;
	int *n;
	struct scenario_cand *c;
	int network;            /* 1: the road network was used */
	int nstraight_zones;    /* zones off the walking network (= noff[0]) */
	int noff[2];            /* per mode (enum net_mode: walk, drive):
				   located zones with no pair measured on
				   the network */
};

struct net_travel;
struct net_travel_opts;

/*
 * Build the candidate tables for every school of the world from nt, the
 * study's travel (net_travel_get; NULL: no roads, then straight line x
 * p->detour at walk_kph / drive_kph). A zone's candidates of a group are
 * the walking rows of every set of nt whose school serves the group, and
 * the new schools of the scenarios (world index >= nbase), searched on
 * nt's graph (which must then be kept: NET_TRAVEL_GRAPH); the best p->k
 * by walking distance are kept. A candidate's driving time comes from
 * the driving table of its set, or its walking distance at o's
 * off-network driving speed when the driver's k nearest do not hold it.
 * Errors: those of the searches; LE_EUSAGE if new schools come without
 * a graph.
 */
int scenario_travel_build(struct scenario_travel *t, const struct scenario_world *w,
			  const struct net_travel *nt, const struct net_travel_opts *o,
			  const struct scenario_params *p, struct le_err *err);
/* Straight-line tables only (tests, bench). */
void scenario_travel_straight(struct scenario_travel *t,
			      const struct scenario_world *w,
			      const struct scenario_params *p);
void scenario_travel_release(struct scenario_travel *t);
/*
 * The projection's nearest allocation from the same travel: each key to
 * the nearest region school of its group by walking distance
 * (model_alloc_keys), so that the calibration is fitted to the
 * assignment the baseline of `estate run` uses. Call before model_run.
 */
void scenario_model_nearest(struct model *m, const struct scenario_world *w,
			    const struct scenario_travel *t);

/* ---------------------------------------------------------------- results */

enum scenario_kpi {
	SK_PUPILS = 0, SK_CAPACITY, SK_UTIL_PCT, SK_SCHOOLS_OPEN,
	SK_BAND_LE40, SK_BAND_41_60, SK_BAND_61_80, SK_BAND_81_100, SK_BAND_GT100,
	SK_SURPLUS, SK_SHORTFALL, SK_OVER_CAPACITY, SK_OVER_CAPACITY_HIGH, SK_UNPLACED,
	SK_BEYOND_LIMIT, SK_TRANSPORT_GBP,
	SK_DIST_MEAN_M, SK_DIST_MEDIAN_M, SK_DIST_P95_M,
	SK_TIME_MEAN_S, SK_TIME_MEDIAN_S, SK_TIME_P95_S,
	SK_PUPILS_CD, SK_INTO_AB, SK_PUPILS_SUIT_CD, SK_INTO_AB_SUIT,
	SK_MOVED, SK_MOVED_DIST_MEAN_M, SK_MOVED_DIST_MAX_M,
	SK_MOVED_TIME_MEAN_S, SK_MOVED_TIME_MAX_S, SK_MOVED_NEW_BEYOND,
	SK_CAPITAL_GBP, SK_CAPITAL_TO_DATE_GBP, SK_RUNNING_GBP,
	SK_SIMD_PUPILS, SK_SIMD_DIST_MEAN_M, SK_OTHER_DIST_MEAN_M,
	SK_SIMD_BEYOND_PCT, SK_OTHER_BEYOND_PCT,
	SK_STRAIGHT_PUPILS,
	SK_NKPIS
};
/*
 * The KPI table (eval.c), one row per KPI: its column name ("pupils",
 * "beyond_limit_pupils", ...), unit ("pupils", "places", "%",
 * "schools", "GBP", "m", "s"), which way is better (+1 higher, -1
 * lower, 0 neither) and its decimals in the CSVs (0 or 2). Every
 * output that lists KPIs reads it. A KPI that cannot be computed from
 * the data (no capacity given, no grades, no SIMD) is NaN, written
 * "n/a" everywhere.
 */
const char *scenario_kpi_name(int kpi);
const char *scenario_kpi_unit(int kpi);
int scenario_kpi_better(int kpi);
int scenario_kpi_decimals(int kpi);
struct scenario_result;
/* Council c's KPIs of year index y in res (c < res->ncouncils): a row of
 * SK_NKPIS, as res->kpi is the region's. */
double *scenario_kpi_council(const struct scenario_result *res, int y, int c);

/* The allocation of one year: key q's entries are start[q] ..
 * start[q + 1] - 1 of school / pupils / dist_m / time_s / straight
 * (dist_m < 0: the zone has no point, distance unknown). */
struct scenario_alloc {
	int *start;             /* nkeys + 1 */
	int *school;
	double *pupils, *dist_m, *time_s;
	unsigned char *straight;
	int ne, alloc;
};

/*
 * One scenario evaluated over the years. Indices: y = year index (0 =
 * base year), k = world school, z = zone, g = group, q = key = z * 4 + g.
 * For the map outputs (issue 6) these are the arrays to read:
 *   per school and year, [y * nschools + k]: roll, capacity (< 0: none
 *     given), status (enum scenario_status), condition (enum le_grade);
 *     stage_roll[(y * nschools + k) * LE_NSTAGES + s];
 *   per key and year, [y * nkeys + q]: pupils, school (the school taking
 *     the largest share, -1 none), dist_m / time_s (pupil-weighted mean
 *     over the key's schools; < 0 unknown), beyond (pupils beyond the
 *     walking limit), unplaced, straight (1: some of it measured in a
 *     straight line);
 *   the allocation itself: years[y] (struct scenario_alloc);
 *   kpi[y * SK_NKPIS + i]: NAN where not available (no SIMD input).
 */
struct scenario_result {
	char *name;                     /* "baseline" or the scenario's name */
	const struct scenario *sc;      /* borrowed; NULL for the baseline */
	const struct scenario_result *base;  /* borrowed; NULL for the baseline */
	int policy;
	int base_year, nyears, nschools, nzones, nkeys;
	double *roll, *capacity;
	int *status, *condition, *suitability;
	double *stage_roll;
	double *pupils, *dist_m, *time_s, *beyond, *unplaced;
	int *school;
	unsigned char *straight;
	struct scenario_alloc *years;   /* nyears */
	double *demand;                 /* [y][z][s][t] as MODEL_D: the pupils
					   placed (calibrated, housing added) */
	double *held_unplaced;          /* [y]: held rolls of closed schools */
	double *kpi;                    /* [y][SK_NKPIS]: the whole region */
	int ncouncils;                  /* region councils when > 1, else 0 */
	const struct council *councils; /* borrowed from the region */
	double *kpi_c;                  /* [y][council][SK_NKPIS]: the same
					   KPIs by council (eval.c, kpis) */
	unsigned char *spread;          /* nschools: a progression school whose
					   roll is in demand (spread.c), not held */
};

/*
 * Evaluate scenario sc (NULL = baseline) under policy (-1: sc's, else
 * the study's given as study_policy) over every year of the model. base
 * (may be NULL; the baseline result) gives the movers' KPIs and "moved
 * into A/B"; without it those KPIs are 0. out is initialised here;
 * release it with scenario_result_release. Errors: LE_EDATA from the
 * capacity allocation (a cost out of range), and "path:line: [close]
 * closing 'ID' (name) leaves N pupils ... with no school in YEAR: why"
 * when a closure or merge strands pupils (eval.c, refuse_lost /
 * refuse_held).
 */
int scenario_eval(struct scenario_result *out, const struct scenario_world *w,
		  const struct scenario_travel *t, const struct scenario *sc,
		  int study_policy, const struct scenario_params *p,
		  const struct scenario_result *base, struct le_err *err);
/* The same for one year index only (the bench); out must come from a
 * scenario_eval of the same inputs. */
int scenario_eval_year(struct scenario_result *out, const struct scenario_world *w,
		       const struct scenario_travel *t, const struct scenario *sc,
		       const struct scenario_params *p, int y, struct le_err *err);
void scenario_result_release(struct scenario_result *res);

/*
 * Progression schools in the scenarios (spread.c). scenario_prog_share:
 * the share of allocation key q (model.h's key) that the projection
 * gives to progression schools (their pupils are in their rolls, not in
 * the key's demand). scenario_spread_progression: add to demand ([y][z]
 * [s][t] as MODEL_D) each progression school's projected roll by stage,
 * spread over the zones and streams of its base-year allocated demand;
 * spread[k] (m->nschools) = 1 for the schools so spread, 0 for the rest
 * (a progression school with no such demand stays held).
 */
double scenario_prog_share(const struct model *m, int q);
void scenario_spread_progression(const struct model *m, double *demand,
				 unsigned char *spread);

/*
 * The capacity allocation's min-cost flow on its own (eval.c calls it;
 * tests compare it with GLPK and brute force): nsrc sources with supply[i]
 * (>= 0, real: pupils are fractional), nsnk sinks with cap[j] (< 0:
 * unlimited), arcs (from[a], to[a], cost[a]; metres, |cost| <= 1e9, no
 * upper bound); each source also has an unplaced arc at cost
 * unplaced_cost. flow[a] (narcs) and unplaced[i] (nsrc) receive an
 * optimum: successive shortest paths from the cheapest-arc start, costs
 * in integer micrometres (mincost.c). Among equal-cost sources' arcs the
 * first in arc order is tried first, so equal inputs give equal flows.
 * Every capped sink ends at or below cap[j]; a source is unplaced only
 * where no cheaper path to free places exists. LE_EDATA for a cost or
 * supply out of range.
 */
int scenario_mincost(int nsrc, const double *supply, int nsnk, const double *cap,
		     int narcs, const int *from, const int *to, const double *cost,
		     double unplaced_cost, double *flow, double *unplaced,
		     struct le_err *err);
/*
 * The same problem as a linear program solved by GLPK's simplex
 * (mincost_lp.c): the tests' independent reference, not used by
 * evaluations. LE_EDATA on a solver failure.
 */
int scenario_mincost_lp(int nsrc, const double *supply, int nsnk, const double *cap,
			int narcs, const int *from, const int *to, const double *cost,
			double unplaced_cost, double *flow, double *unplaced,
			struct le_err *err);

/* ---------------------------------------------------------------- output */

/*
 * Write dir/<name>/schools.csv, zones.csv and kpis.csv of one result
 * (atomically, fixed decimals, index order). Errors: LE_EIO.
 */
int scenario_write(const struct scenario_result *res, const struct scenario_world *w,
		   const char *dir, struct le_err *err);
/*
 * dir/comparison.csv: one row per scenario and reported year (the base
 * year, and each year of years[]), KPIs as columns, then for every
 * scenario but the first (the baseline) a row "diff" per year with the
 * difference from the baseline.
 */
int scenario_write_comparison(struct scenario_result *const *res, int nres,
			      const int *years, int nyears_rep, const char *dir,
			      struct le_err *err);
/* The readable comparison table for the terminal (cli/ prints it). */
void scenario_print_comparison(FILE *fp, struct scenario_result *const *res,
			       int nres, int year_index);
/*
 * Row i of that table (and of the summary page's): the KPI index, its
 * label, the divisor its value is shown in (1000 for km) and decimals.
 * Returns -1 past the last row, so `for (i = 0; scenario_board_kpi(i,
 * ...) >= 0; i++)` walks them.
 */
int scenario_board_kpi(int i, const char **label, double *scale, int *dec);
/*
 * The council table of year index year_index: the region's row, then one
 * row per council (res[0]->ncouncils; nothing when the study has one
 * council): the baseline's key KPIs, and for each scenario its pupils
 * changing school and the change in schools over 100 %.
 */
void scenario_print_councils(FILE *fp, struct scenario_result *const *res,
			     int nres, int year_index);
/* The council table's KPIs, as scenario_board_kpi. */
int scenario_council_kpi(int i, const char **label, double *scale, int *dec);
/*
 * Cross-boundary flows (cross_boundary = yes): pupils living in one
 * council placed at another council's schools, from the allocation.
 * scenario_write_flows: dir/cross_boundary.csv (scenario, year,
 * from_council, to_council, pupils; the crossings only) for the reported
 * years; scenario_print_flows: the terminal's table of year index y
 * (pairs of at least half a pupil in some result). Errors: LE_EIO.
 */
int scenario_write_flows(struct scenario_result *const *res, int nres,
			 const struct scenario_world *w, const int *years,
			 int nyears_rep, const char *dir, struct le_err *err);
void scenario_print_flows(FILE *fp, struct scenario_result *const *res, int nres,
			  const struct scenario_world *w, int year_index);

/* ---------------------------------------------------------------- cost */

/*
 * Whole-life cost of one option (cost.c; README "Cost model"). Lines per
 * appraisal year t (0 = the base year), in GBP at the price base:
 *   capital     the changes' works spread by their spend profile, and
 *               the demolition, decant and land they give;
 *   optimism    optimism bias on that capital, by project type;
 *   lifecycle   per m2 (places x m2 per place) of every open school by
 *               its condition grade that year;
 *   backlog     the same by grade: a school left at D keeps costing;
 *   running     the running cost KPI (SK_RUNNING_GBP);
 *   transport   mainstream pupils beyond the walking limit
 *               (SK_TRANSPORT_GBP);
 *   transport_asn  additional support needs transport: pupils of open
 *               schools x share x cost per pupil;
 *   total       their sum.
 * Years past the roll horizon hold the horizon year's estate and rolls.
 */
enum scenario_wlc_line {
	SW_CAPITAL = 0, SW_OPTIMISM, SW_LIFECYCLE, SW_BACKLOG, SW_RUNNING,
	SW_TRANSPORT, SW_TRANSPORT_ASN, SW_TOTAL, SW_NLINES
};
const char *scenario_wlc_line_name(int line);

struct scenario_wlc {
	const char *name;       /* borrowed from the result */
	int base_year, nyears;  /* appraisal years base_year .. + nyears - 1 */
	double *line;           /* [t * SW_NLINES + l] */
	double *df;             /* [t] discount factor */
	double *discounted;     /* [t] total x df */
	double npc_line[SW_NLINES];  /* each line discounted and summed */
	double npc_gbp;         /* net present cost: sum of discounted */
	double rate, rate_long; /* the discount rates used */
	int price_base_year;
};

/* Green Book discount factor of year t (0 = base year): 1 / (1 +
 * rate)^t up to t = 30, then on at rate_long from year 30's factor. */
double scenario_discount_factor(const struct scenario_params *p, int t);
/*
 * Capital of change ch of a scenario by project type into out
 * [SCENARIO_NPROJ] (GBP, before optimism bias), at the rates of the
 * school's council: new build capacity x rate, extension places x rate
 * or its given cost, refurbishment cap_places (the school's places the
 * year it happens) x rate or its given cost, and the demolition, decant
 * and land costs it gives. The one capital rule: the capital KPIs and
 * the appraisal both use it.
 */
void scenario_change_capital(const struct scenario_change *ch, const struct scenario_world *w,
			     const struct scenario_params *p, double cap_places,
			     double out[SCENARIO_NPROJ]);
/* Running cost per year of one open school of sector (enum le_sector)
 * under rates p (the school's council's): fixed + per place x size x
 * condition factor + per pupil x roll. */
double scenario_running_gbp(const struct scenario_params *p, int sector, double size,
			    int grade, double roll);
/*
 * The whole-life cost of result res over appraisal_years (1-75) years
 * from its base year, under p (the parameters res was evaluated with).
 * out is initialised here; release it with scenario_wlc_release.
 * Errors: LE_EUSAGE for appraisal_years out of range.
 */
int scenario_wlc_eval(struct scenario_wlc *out, const struct scenario_result *res,
		      const struct scenario_world *w, const struct scenario_params *p,
		      int appraisal_years, struct le_err *err);
void scenario_wlc_release(struct scenario_wlc *wlc);
/*
 * dir/appraisal.csv: per option (v[0] the baseline) and year: option,
 * year, t, every line, discount_factor, discounted_total; then per option
 * a row with year "npc" (each line discounted, the net present cost in
 * discounted_total). Fixed decimals. Errors: LE_EIO.
 */
int scenario_wlc_write(struct scenario_wlc *const *v, int n, const char *dir,
		       struct le_err *err);
/* The terminal's line: "net present cost over N years at R %: baseline
 * £X; name £Y (+£Z); ..." (v[0] the baseline). */
void scenario_wlc_print(FILE *fp, struct scenario_wlc *const *v, int n);

/* ---------------------------------------------------------------- maps */

/*
 * The map outputs of a run (src/scenario/maps.c; README "Outputs").
 * Layers, each with "scenario" as its first field, in the working CRS:
 *   schools       points: school_id, school_name, sector, status,
 *                 roll_<Y>, capacity_<Y>, utilisation_pct_<Y> for every
 *                 reported year Y, then roll, capacity, utilisation_pct
 *                 and condition of the horizon year, and its
 *                 utilisation_band (report_util_band's name)
 *   zones         polygons, horizon year, primary pupils (all streams):
 *                 pupils, school_id (the school taking the largest
 *                 share), distance_m, time_s, beyond_limit (pupils),
 *                 unplaced, straight_line (0/1); the same for secondary
 *                 as secondary_*
 *   catchments    union of the zones each school serves (zones layer's
 *                 school_id), horizon year
 *   desire_lines  zone point to school per allocation entry with pupils
 *                 > 0, horizon year
 *   changes       one point per change of the scenario
 * The reported years are years[0 .. nyears_rep) (years[0] the base
 * year); the last one in the model's range is the horizon.
 */
enum scenario_layer_id {
	SCENARIO_L_SCHOOLS = 0, SCENARIO_L_ZONES, SCENARIO_L_CATCHMENTS,
	SCENARIO_L_DESIRE, SCENARIO_L_CHANGES, SCENARIO_NLAYERS
};

struct report_layer;

/*
 * The SCENARIO_NLAYERS layers of one result into out[0 ..
 * SCENARIO_NLAYERS) (initialised here; release each with
 * report_layer_release, also after an error). g does the catchment
 * unions. Errors: LE_EGEO.
 */
int scenario_layers(const struct scenario_result *res, const struct scenario_world *w,
		    const int *years, int nyears_rep, struct geo_ctx *g,
		    struct report_layer *out, struct le_err *err);

enum scenario_map_formats {
	SCENARIO_MAP_GPKG = 1 << 0,     /* dir/estate.gpkg */
	SCENARIO_MAP_GEOJSON = 1 << 1,  /* dir/geojson/<scenario>_<layer>.geojson */
	SCENARIO_MAP_HTML = 1 << 2      /* dir/summary.html */
};

/*
 * Write the map outputs of res[0 .. nres) (res[0] the baseline) into dir:
 * the GeoPackage holds every scenario's rows in one table per layer
 * (filter by "scenario"), with the QGIS styles of styles_dir (may be
 * NULL) in layer_styles; GeoJSON is one file per layer and scenario;
 * summary.html has the comparison table of the horizon year and per
 * scenario a map and a chart of the affected schools' roll against
 * capacity. title heads the page. Every file is written atomically and
 * the same inputs give the same bytes. Errors: LE_EIO, LE_EGEO, LE_EDB.
 */
int scenario_maps_write(struct scenario_result *const *res, int nres,
			const struct scenario_world *w, const int *years, int nyears_rep,
			struct geo_ctx *g, const char *styles_dir, const char *title,
			int formats, const char *dir, struct le_err *err);

/* ---------------------------------------------------------------- search */

/*
 * Searches on the model (search.c; README "Searching"): candidate
 * closures and sites, each evaluated by scenario_eval exactly as `estate
 * run` evaluates a scenario file, then summarised for ranking.
 *
 * Harm of one closure or merger, from its result against the baseline
 * under the same policy. y0 = the change's year index; "after" = every
 * year from y0 to the horizon.
 */
struct scenario_harm {
	int feasible;           /* 0: scenario_eval refused it, or the
				   baseline places none of its recorded
				   pupils there (not judged; reason) */
	char reason[512];
	double moved;           /* pupils changing school in year y0 */
	double added_dist_m;    /* their mean added walking distance */
	double added_time_s;    /* their mean added driving time */
	double max_added_dist_m;
	double added_km;        /* total walking of every pupil in year y0
				   minus the baseline's (pupil-km): exact,
				   whatever the allocation re-shuffles */
	double newly_entitled;  /* movers newly beyond the walking limit */
	double short_added;     /* max after y0 of the rise in unplaced +
				   shortfall places: pupils without a place */
	int pushed_over;        /* open schools over capacity in some year
				   after y0 that were not in the baseline */
	int first_over_year;    /* calendar year of the first; 0 none */
	double surplus_removed; /* baseline surplus - scenario's, year y0 */
	double running_saved_gbp;  /* running cost saved in year y0 */
	double npc_change_gbp;  /* scenario NPC - baseline NPC (< 0 saves) */
};

/*
 * Evaluate sc (one [close] or [merge] built in memory; sc->path names
 * it in a refusal) under policy with base (the baseline under the same
 * policy) and base_wlc (its whole-life cost) and fill h. A closure that
 * strands pupils (refuse_lost / refuse_held) is not an error: h->feasible
 * = 0 and h->reason holds the refusal without its "path:line: " prefix.
 * Other errors (LE_EDATA from the allocation, LE_EUSAGE) are returned.
 */
int scenario_closure_harm(struct scenario_harm *h, const struct scenario_world *w,
			  const struct scenario_travel *t, const struct scenario *sc,
			  int policy, const struct scenario_params *p,
			  const struct scenario_result *base,
			  const struct scenario_wlc *base_wlc, int appraisal_years,
			  int y0, struct le_err *err);
/* Least harm first: fewer pupils without a place (short_added, whole
 * pupils), then fewer receiving schools pushed over capacity, then less
 * added walking (added_km, to 0.1 km), then fewer
 * pupils moved (whole pupils), then the larger NPC saving (whole
 * pounds); infeasible ones last. 0 = equal (the caller then orders by
 * school id). */
int scenario_harm_cmp(const struct scenario_harm *a, const struct scenario_harm *b);

/*
 * Figures of a candidate site (a SCENARIO_NEW school of `sector`), from
 * its result against the baseline: ys = the opening year's index, yh =
 * the horizon's. Sector figures are over the keys and open schools of
 * the sector only.
 */
struct scenario_site_fig {
	double short_h;         /* places short at the horizon: pupils above
				   capacity at the sector's schools +
				   unplaced pupils of the sector */
	double beyond_h;        /* pupils beyond the walking limit, horizon */
	double dist_mean_h_m;   /* mean walking distance of the sector */
	double roll_open, roll_h;     /* the new school's roll */
	double util_open_pct, util_h_pct;  /* and utilisation (capacity > 0) */
	double moved_h;         /* pupils at another school than in the
				   baseline, horizon */
	double npc_change_gbp;  /* NPC - baseline NPC (capital included) */
};
/* Compute f from res (the candidate's scenario, new school world index
 * k) and base. */
void scenario_site_figures(struct scenario_site_fig *f, const struct scenario_result *res,
			   const struct scenario_result *base, const struct scenario_world *w,
			   const struct scenario_params *p, int sector, int k, int ys, int yh);
/* The site objective: fewer places short (whole pupils), then fewer
 * pupils beyond the limit (whole pupils), then the shorter mean walk
 * (whole metres); 0 = equal (the caller orders by candidate index). */
int scenario_site_cmp(const struct scenario_site_fig *a, const struct scenario_site_fig *b);
/* Sector figures of any result in year index y (the baseline's too). */
void scenario_sector_figures(const struct scenario_result *res, const struct scenario_world *w,
			     const struct scenario_params *p, int sector, int y,
			     double *short_places, double *beyond, double *dist_mean_m);

#endif
