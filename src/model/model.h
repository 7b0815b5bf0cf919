/*
 * model.h: roll projection. From small-area population by single year of
 * age (and housing completions) to pupils by zone, stage and year; from
 * there to schools (catchment, nearest or observed flows); calibrated so
 * that the base year reproduces the observed roll. The councils' own
 * method (grade progression ratios over a stage history) is offered too.
 *
 * Terms and invariants:
 *  - years run from the study's base year (index 0) to base + horizon
 *    (index nyears - 1); the population year may differ and is aged to
 *    each year (model_pop_aged);
 *  - stages are 0..LE_NSTAGES-1 (P1..P7, S1..S6) as in core.h;
 *  - streams: MODEL_ND (non-denominational, and any non-RC denomination),
 *    MODEL_RC (Roman Catholic) and MODEL_GM (Gaelic-medium: a share of
 *    every zone's pupils, to schools with Gaelic provision, the nearest
 *    one). A zone's pupils of a stream go to schools of that stream only;
 *  - allocation is a table of shares per (zone, sector, stream); the
 *    shares of a key add up to 1, or the key has none and its pupils are
 *    unplaced: allocated + unplaced = demand, every year (conservation);
 *  - special schools are never allocated by geography: their roll is the
 *    observed roll times the change in the resident population of school
 *    age (P1-S6 ages) since the base year;
 *  - every array is flat and owned by struct model; schools and zones are
 *    the region's indices; the region is borrowed and must outlive it;
 *  - model/ never prints: findings go to the caller's le_diags.
 * model/ does not use net/: the candidate table below is what the travel
 * module fills; until then model_cands_straight fills it by straight-line
 * distance times a detour factor.
 */
#ifndef ESTATE_MODEL_H
#define ESTATE_MODEL_H

#include "core/core.h"
#include "io/io.h"

/* The core stream table's ids (le_stream_*): one vocabulary. */
enum model_stream {
	MODEL_ND = LE_STREAM_ND, MODEL_RC = LE_STREAM_RC, MODEL_GM = LE_STREAM_GM,
	MODEL_NSTREAMS = LE_NSTREAMS
};
enum model_dwelling { MODEL_HOUSE = 0, MODEL_FLAT, MODEL_NDWELLINGS };
enum model_method { MODEL_DEMAND = 0, MODEL_PROGRESSION };
enum model_allocation { MODEL_NEAREST = 0, MODEL_CATCHMENT, MODEL_OBSERVED };
/* How a school's figures were produced (rolls.csv column "method"). */
enum model_source {
	MODEL_SRC_DEMAND = 0,     /* population demand, allocated, calibrated */
	MODEL_SRC_PROGRESSION,    /* grade progression ratios */
	MODEL_SRC_HELD,           /* observed roll x population change */
	MODEL_SRC_NONE            /* no roll and no demand: zero */
};

/* ---------------------------------------------------------------- params */

/*
 * The parameters of models/ (stages.ini, projection.ini, ppr.csv).
 * Stage s in the September census of year Y is fed by the mid-year (30
 * June) population of year Y: younger_share of it from age stage_age[s]
 * and the rest from age stage_age[s] + 1 (see models/stages.ini).
 */
struct model_params {
	int stage_age[LE_NSTAGES];  /* younger mid-year age of each stage */
	double younger_share;       /* 0..1, share from the younger age */
	double stay_s5;             /* S4 -> S5 staying-on rate, 0..1 */
	double stay_s6;             /* S5 -> S6 staying-on rate, 0..1 */
	double cohort_change[LE_NAGES]; /* factor from age a-1 to a per year */
	double ppr[LE_NSECTORS][MODEL_NDWELLINGS]; /* pupils per dwelling */
	double detour_factor;       /* road / straight-line distance */
	double warn_below, warn_above; /* calibration factors warned about */
	/* Future intake: the youngest observed cohort held, times an index
	 * per birth year (1 when not given). */
	int index_year0, index_n;
	double *births_index;       /* index_n values from index_year0 */
};

/* Defaults: the Scottish mapping and the values of the shipped models/
 * files (tests start from these and change one thing). */
void model_params_default(struct model_params *p);
void model_params_release(struct model_params *p);
/*
 * Read the parameter files; any may be NULL (its defaults stay). Errors:
 * LE_EIO, LE_EPARSE "file:line: ..." naming the key (negative rate, a
 * missing stage, an unknown dwelling type or sector ...).
 */
int model_params_read(struct model_params *p, const char *stages_ini,
		      const char *projection_ini, const char *ppr_csv,
		      struct le_err *err);
/* Staying-on multiplier of stage s: 1 up to S4, stay_s5 for S5,
 * stay_s5 * stay_s6 for S6. */
double model_stay(const struct model_params *p, int stage);
/* Sector of a stage: LE_PRIMARY for P1-P7, LE_SECONDARY for S1-S6. */
int model_stage_sector(int stage);
/* "P1".."S6". */
const char *model_stage_name(int stage);

/* ---------------------------------------------------------------- travel */

enum model_route { MODEL_STRAIGHT = 0, MODEL_NETWORK };

struct model_cand {
	int school;             /* region school index */
	double dist_m;          /* travel distance, metres */
	double time_s;          /* travel time, seconds; < 0 when unknown */
	int route;              /* enum model_route */
};

/*
 * Per zone up to k candidate schools, nearest first (ties by school
 * index): zone z's are c[z*k .. z*k + n[z] - 1]. The travel module fills
 * it from the road network; model_cands_straight from straight lines.
 */
struct model_cands {
	int nzones, k;
	int *n;                 /* nzones */
	struct model_cand *c;   /* nzones * k */
};

void model_cands_init(struct model_cands *c, int nzones, int k);
void model_cands_release(struct model_cands *c);
/*
 * Fill c (initialised here) with the k nearest non-special schools of
 * every zone by straight-line distance from the zone's representative
 * point times detour; time unknown. Zones without a point get none.
 */
void model_cands_straight(struct model_cands *c, const struct region *r,
			  int k, double detour);

struct net_travel;
/*
 * Fill c (initialised here) from the road network's travel tables for
 * mode (NET_WALK: by walking distance): every set's candidates of a zone
 * in one list, nearest first. Zones without a location get none.
 */
void model_cands_from_travel(struct model_cands *c, const struct net_travel *t,
			     int mode);

/* ---------------------------------------------------------------- inputs */

/* A housing completion: units of a dwelling type in a zone in a year. */
struct model_site {
	char *id;
	int zone;               /* region zone index */
	int year;
	int dwelling;           /* enum model_dwelling */
	double units;           /* after the delivery discount */
};

/* Stage history: pupils[(school * nyears + y) * LE_NSTAGES + s], y from
 * year0; < 0 where not given. */
struct model_history {
	int year0, nyears, nschools;
	double *pupils;
	char *has;              /* nschools: the school has rows */
};

/* ---------------------------------------------------------------- model */

struct model {
	const struct region *r;     /* borrowed */
	struct model_params p;      /* owned copy (births index included) */
	int base_year, nyears, nzones, nschools;
	int method, allocation;     /* enum model_method / model_allocation */
	int prog_years;             /* N of the progression method */
	double rc_override;         /* < 0: the councils' base-year shares */
	double gaelic_override;     /* < 0: the councils' base-year shares */
	int has_gaelic;             /* a Gaelic school or a gaelic_share > 0 */
	/* Allocation table: key = (zone * 2 + sector) * MODEL_NSTREAMS +
	 * stream, sector 0 primary / 1 secondary; entries a_start[key] ..
	 * a_start[key + 1] - 1 of a_school / a_share. */
	int *a_start, *a_school;
	double *a_share;
	/* Inputs. */
	struct model_site *sites;
	int nsites;
	struct model_history hist;
	/* Results. */
	double participation[2];    /* by sector (primary, secondary) */
	double *rc_share;           /* (ncouncils + 1) * 2, last = region */
	double *gm_share;           /* the same for Gaelic-medium */
	double *demand;             /* [y][z][s][t] population demand */
	double *housing;            /* [y][z][s][t] housing yield */
	double *alloc;              /* [y][k][s] allocated population demand */
	double *alloc_h;            /* [y][k][s] allocated housing yield */
	double *unplaced;           /* [y][s][t] */
	double *factor;             /* [k] calibration factor (1 if none) */
	double *roll;               /* [y][k][s] projected roll (0 for held) */
	double *total;              /* [y][k] projected roll, all stages */
	int *source;                /* [k] enum model_source */
	unsigned char *homed;       /* [k] 1: no zone's nearest, shares its
				       home zone (model.c); NULL: none */
};

/* Index helpers for the flat arrays. */
#define MODEL_D(m, y, z, s, t) \
	((((size_t)(y) * (m)->nzones + (z)) * LE_NSTAGES + (s)) * MODEL_NSTREAMS + (t))
#define MODEL_K(m, y, k, s) \
	(((size_t)(y) * (m)->nschools + (k)) * LE_NSTAGES + (s))

/*
 * Population of zone z at single year of age a in year Y, aged from the
 * region's population year: forward along the cohort with the cohort
 * change factors, cohorts born after the population year from the
 * youngest observed cohort (age 0) times the births index; backward (Y
 * before the population year) the older cohort as observed.
 */
double model_pop_aged(const struct model_params *p, const struct region *r,
		      int z, int a, int year);
/* Resident children of stage s in zone z in year Y (mid-year ages mixed
 * by younger_share), before participation and staying-on. */
double model_stage_pop(const struct model_params *p, const struct region *r,
		       int z, int s, int year);

/*
 * Read the study's [model] section and the files it names into m (the
 * region r is borrowed; g is used for housing sites given by x/y and may
 * be NULL). Defaults: method demand, allocation nearest, progression_years
 * 3, the built-in parameters (model_params_default) for files not named.
 * The catchment or flows table is read and applied here; for nearest the
 * caller builds the candidates and calls model_alloc_nearest.
 * Errors as model_params_read, plus "file:line:" errors of the housing,
 * history, catchment and flows CSVs. On failure m is released.
 */
struct geo_ctx;
int model_init(struct model *m, const struct study *s, const struct region *r,
	       struct geo_ctx *g, struct le_diags *d, struct le_err *err);
/*
 * Cohort change factors from two population years into p (cohort.c):
 * f[a] = sum of pop[a] in the population year over sum of prev[a - 1] a
 * year before, over the zones in both (has: r->nzones flags; prev:
 * r->nzones * LE_NAGES), for ages 1 .. the oldest stage age + 1; factors
 * outside 0.5 .. 1.5 clamped with a warning in d. LE_EPARSE unless
 * prev_year is the year before r->pop_year.
 */
int model_cohort_estimate(struct model_params *p, const struct region *r,
			  const double *prev, const char *has, int prev_year,
			  struct le_diags *d, struct le_err *err);

/* Without a study: defaults, params copied (births index included). */
void model_init_params(struct model *m, const struct region *r,
		       const struct model_params *p, int base_year,
		       int horizon_years);
void model_release(struct model *m);

/* Allocation tables (replace any earlier one). cands: as filled by the
 * travel module or model_cands_straight. */
void model_alloc_nearest(struct model *m, const struct model_cands *c);
/* pairs: zone index, school index (n pairs): the zone's school of each
 * sector and stream; a zone naming two schools of one sector and stream
 * splits evenly. */
void model_alloc_catchment(struct model *m, const int *zone, const int *school, int n);
/* A table given key by key: key = (zone * 2 + sector) * MODEL_NSTREAMS
 * + stream (sector 0 primary, 1 secondary), school, weight (normalised
 * per key). The scenario module builds its network-nearest table so. */
void model_alloc_keys(struct model *m, const int *key, const int *school,
		      const double *w, int n);
/* Observed flows: zone, school, share (normalised per zone, sector and
 * stream over the schools given). */
void model_alloc_flows(struct model *m, const int *zone, const int *school,
		       const double *share, int n);

/*
 * Run the projection: demand, housing, allocation, calibration and (with
 * method progression) the progression of schools with a history.
 * Extreme calibration factors and other findings go to d as warnings.
 * Needs an allocation table (model_alloc_*).
 */
int model_run(struct model *m, struct le_diags *d, struct le_err *err);

/*
 * Add the housing yield of one completion to housing ([y][z][s][t] as
 * m->demand, nyears x nzones x stages x streams): units x PPR of each
 * sector spread over its stages by staying-on, split by the zone's RC
 * share (fitted by model_run, so call it after). A site completed before
 * the base year counts in every year. Used by model_run and by scenarios
 * that add housing.
 */
void model_housing_add(const struct model *m, const struct model_site *st,
		       double *housing);

/* Share of school k's projected roll in year index y that lives in each
 * zone: out[z] (nzones) by the base-year shares of its allocated demand,
 * times its roll; all zero when it has no allocated demand. */
void model_spread(const struct model *m, int k, int y, double *out);

/*
 * Backtest: each mainstream school's uncalibrated base-year roll (the
 * population aged to the base year, council participation, allocated)
 * against its observed roll. Returns the median absolute percentage
 * error over schools with an observed roll > 0 and *n their number.
 */
double model_backtest(const struct model *m, int *n);

/*
 * rolls.csv and demand.csv, written atomically into dir (created).
 * rolls: school_id, school_name, sector, year, stage, pupils, capacity,
 * utilisation_pct, method; one row per school, year and stage it teaches,
 * then a stage "all" row with capacity and utilisation. demand: zone_id,
 * year, stage, stream, pupils (population demand plus housing yield).
 */
int model_write(const struct model *m, const char *dir, struct le_err *err);


/* "demand", "progression", "held", "none". */
const char *model_source_name(int source);

#endif
