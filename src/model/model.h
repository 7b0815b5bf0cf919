/*
 * model.h: roll projection. From small-area population by single year of
 * age (and housing completions) to pupils by zone, stage and year; from
 * there to schools (catchment, nearest or observed flows); calibrated so
 * that the base year reproduces the observed roll. The councils' own
 * method (grade progression ratios over a stage history) is offered too,
 * and cohort survival per school with recency-weighted, empirically
 * shrunk ratios and ranges (survival.c) from the published stage rolls
 * (history.c); backtest.c measures forecasts against the census.
 *
 * Terms and invariants:
 *  - years run from the study's base year (index 0) to base + horizon
 *    (index nyears - 1); the population year may differ and is aged to
 *    each year (model_pop_aged);
 *  - stages are 0..r->stages.n-1 (P1..P7, S1..S6 in Scotland); the
 *    per-stage arrays hold exactly that many per (zone, year) or
 *    (school, year), m->nst (13 in Scotland, not LE_MAX_STAGES: 16 slots
 *    cost the national run 70 MB), and are indexed only through
 *    MODEL_D, MODEL_K, MODEL_U and MODEL_H below;
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
#include "input/input.h"

/* The core stream table's ids (le_stream_*): one vocabulary. */
enum model_stream {
	MODEL_ND = LE_STREAM_ND, MODEL_RC = LE_STREAM_RC, MODEL_GM = LE_STREAM_GM,
	MODEL_NSTREAMS = LE_NSTREAMS
};
enum model_dwelling { MODEL_HOUSE = 0, MODEL_FLAT, MODEL_NDWELLINGS };
#define MODEL_YIELD_MAX 40      /* years of a yield curve at most */
enum model_method { MODEL_DEMAND = 0, MODEL_PROGRESSION, MODEL_SURVIVAL };
enum model_allocation { MODEL_NEAREST = 0, MODEL_CATCHMENT, MODEL_OBSERVED };
/* How a school's figures were produced (rolls.csv column "method"). */
enum model_source {
	MODEL_SRC_DEMAND = 0,     /* population demand, allocated, calibrated */
	MODEL_SRC_PROGRESSION,    /* grade progression ratios */
	MODEL_SRC_HELD,           /* observed roll x population change */
	MODEL_SRC_NONE,           /* no roll and no demand: zero */
	MODEL_SRC_SURVIVAL        /* cohort survival, shrunk ratios */
};

/* ---------------------------------------------------------------- params */

/*
 * The parameters of models/ (projection.ini, ppr.csv). The stage system
 * (stages, ages, staying-on: models/stages.ini) is the region's,
 * r->stages: stage s in the census of year Y is fed by the mid-year (30
 * June) population of year Y, younger_share of it from age age[s] and the
 * rest from age age[s] + 1.
 */
struct model_params {
	/* The projection's stage system: the region's (model_init), or a
	 * scenario's own file with the same stages and other ages or
	 * staying-on rates ([model] stages in the scenario). */
	struct le_stages st;
	double cohort_change[LE_NAGES]; /* factor from age a-1 to a per year */
	double ppr[LE_NSECTORS][MODEL_NDWELLINGS]; /* pupils per dwelling */
	double detour_factor;       /* road / straight-line distance */
	double warn_below, warn_above; /* calibration factors warned about */
	/* Housing yield curve (yield.c): pupils per dwelling by years since
	 * completion; yield_n = 0 uses the flat ppr. */
	int yield_n[LE_NSECTORS][MODEL_NDWELLINGS];
	double yield[LE_NSECTORS][MODEL_NDWELLINGS][MODEL_YIELD_MAX];
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
 * LE_EIO, LE_EPARSE "file:line: ..." naming the key (negative rate, an
 * unknown dwelling type or sector ...). The stage system is read with
 * the region (load_stages_read).
 */
int model_params_read(struct model_params *p,
		      const char *projection_ini, const char *ppr_csv,
		      struct le_err *err);
/*
 * The yield curve (models/yield.csv; yield.c): read path into p
 * (sector, dwelling_type, years_since_completion from 0 without gaps,
 * pupils_per_dwelling). LE_EIO, LE_EPARSE "file:line: column ...".
 */
int model_yield_read(struct model_params *p, const char *path, struct le_err *err);
/* Pupils per dwelling of a sector and type years_since completion: the
 * curve (its last value held), or the flat PPR without one; 0 before
 * completion. */
double model_yield_at(const struct model_params *p, int sector, int dwelling,
		      int years_since);

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

/* Stage history: pupils[MODEL_H(h, school, y, s)], y from year0; < 0
 * where not given. nst is the stage system's count (r->stages.n), the
 * stride of both arrays. */
struct model_history {
	int year0, nyears, nschools, nst;
	double *pupils;
	char *has;              /* nschools: the school has rows */
	char *est;              /* as pupils: 1 = estimated (a suppressed
				 * cell), 2 = carried from a merged school;
				 * NULL for the long-format history */
};
/* Index of school k, year index y (from year0), stage s in pupils and
 * est: the one place that knows the layout. */
#define MODEL_H(h, k, y, s) \
	((((size_t)(k) * (size_t)(h)->nyears + (size_t)(y)) * (size_t)(h)->nst + (size_t)(s)))

/*
 * The published stage-roll tables (history.c): [model] stage_rolls =
 * FILE, FILE, ... with stage_rolls_years = YEAR, YEAR, ... (one census
 * year per file), read as published: rows keyed by (school, type)
 * columns, the stage columns P1 .. S6, the roll column (a list: the first
 * present, since its wording changes by year) and the suppressed and
 * not-applicable markers (defaults c, * and z, #). A row joins the
 * study's school of that sector whose id is the key or the key plus one
 * letter (SchUID = SeedCode + P/S). Only census years up to max_year are
 * kept (the backtest reads the same files with an earlier cut).
 * Suppressed cells are estimated: the school's roll minus its known
 * stages, spread over the suppressed stages by the study's stage shares
 * of that year, each kept within 1 .. 4 (what the marker means); flagged
 * 1 in est. Rows of a school that is not in the study but that the
 * school_changes list (SG opened/closed list) says merged into or was
 * replaced by a study school are added to that school (flagged 2), and
 * listed in d. h is initialised here; model_history_release frees it.
 * Errors: LE_EPARSE (study line or file:line: column ..., expected ...),
 * LE_EIO, LE_EDATA (no year up to max_year).
 */
int model_history_read_sg(struct model_history *h, const struct study *s,
			  const struct region *r, int max_year,
			  struct le_diags *d, struct le_err *err);
void model_history_release(struct model_history *h);
/* Pupils of school k, stage s, census year Y; < 0 when not given. */
double model_history_at(const struct model_history *h, int k, int s, int year);

/*
 * Parameters of the cohort-survival method (models/forecast.ini, [model]
 * forecast = FILE; defaults as the shipped file).
 */
struct model_forecast {
	double recency;         /* weight of a year vs the year after it */
	int years;              /* at most this many transitions used */
	double prior_min;       /* floor of the shrinkage strength, pupils */
	double growth_prior;    /* entry stage: catchment growth shrunk toward
				 * the council's with this weight, pupils */
	double range_level;     /* central share the range covers (0.8) */
	double range_noise;     /* relative variance per pupil and year */
	double range_floor;     /* relative variance floor per year */
	double range_hpow;      /* sigma grows as (years ahead)^hpow */
};

void model_forecast_default(struct model_forecast *f);
/* Read path (LE_EIO, LE_EPARSE "file:line: ..." for a bad or unknown key). */
int model_forecast_read(struct model_forecast *f, const char *path,
			struct le_err *err);

/* ---------------------------------------------------------------- model */

struct model {
	const struct region *r;     /* borrowed */
	struct model_params p;      /* owned copy (births index included) */
	int base_year, nyears, nzones, nschools;
	int nst;                    /* stages of the system, r->stages.n: the
				     * stride of every per-stage array */
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
	/* The stages each entry takes (with its school's own stages), or
	 * NULL: every stage. The nearest allocation sets it where a key
	 * needs several schools to cover a sector's stages (an infant and a
	 * junior school, a middle school): each stage to its nearest. */
	unsigned *a_mask;
	/* Inputs. */
	struct model_site *sites;
	int nsites;
	struct model_history hist;
	struct model_forecast fc;   /* method = survival */
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
	double *low, *high;         /* [y][k] range of total (survival
				     * schools; equal to total otherwise) */
	unsigned char *homed;       /* [k] 1: no zone's nearest, shares its
				       home zone (model.c); NULL: none */
};

/* Index helpers for the flat arrays, the only code that knows their
 * layout (the stride is the system's m->nst stages, so an array sized by
 * MODEL_D_LEN or MODEL_K_LEN is exactly full): MODEL_D for [y][z][s][t]
 * (demand, housing, a scenario's placed demand), MODEL_K for [y][k][s]
 * (alloc, alloc_h, roll), MODEL_U for unplaced [y][s][t]. */
#define MODEL_D(m, y, z, s, t) \
	((((size_t)(y) * (size_t)(m)->nzones + (size_t)(z)) * (size_t)(m)->nst + (size_t)(s)) * \
	 MODEL_NSTREAMS + (size_t)(t))
#define MODEL_K(m, y, k, s) \
	(((size_t)(y) * (size_t)(m)->nschools + (size_t)(k)) * (size_t)(m)->nst + (size_t)(s))
#define MODEL_U(m, y, s, t) \
	(((size_t)(y) * (size_t)(m)->nst + (size_t)(s)) * MODEL_NSTREAMS + (size_t)(t))
#define MODEL_D_LEN(m) MODEL_D(m, (m)->nyears, 0, 0, 0)
#define MODEL_K_LEN(m) MODEL_K(m, (m)->nyears, 0, 0)
#define MODEL_U_LEN(m) MODEL_U(m, (m)->nyears, 0, 0)

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
 * outside 0.5 .. 1.5 clamped with a warning in d. prev_year may be 1 to
 * 5 years before r->pop_year (gap G: the G-year cohort change, spread
 * evenly, f = c^(1/G); ages below G take age G's); LE_EPARSE otherwise.
 */
int model_cohort_estimate(struct model_params *p, const struct region *r,
			  const double *prev, const char *has, int prev_year,
			  struct le_diags *d, struct le_err *err);

/* [model] births = trend (cohort.c): an empty births index becomes the
 * age-0 population's annual change between the two years carried for as
 * many years as observed, then held. */
void model_births_trend(struct model_params *p, const struct region *r,
			const double *prev, const char *has, int prev_year);

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
 * per key), and the stages each entry takes (a_mask; mask NULL: every
 * stage). The scenario module builds its network-nearest table so. */
void model_alloc_keys(struct model *m, const int *key, const int *school,
		      const double *w, const unsigned *mask, int n);
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
struct geo_index;
/*
 * Read a housing trajectory table (CSV: site, year, units, dwelling_type
 * house or flat, zone or x and y in the working CRS, optional discount
 * 0..1, a delivery discount: units x (1 - discount) are kept) and append
 * its sites to *sites (*nsites; ids owned by the sites). The one reader
 * of the study's housing input (scenario 0: a year up to the base year
 * is a warning in d and the row is left out, it is in the population)
 * and a scenario's [housing] file (scenario 1: a year from the base year
 * to the horizon). s (may be NULL: none) gives the column mapping and
 * filters "housing.<field>"; sites by x/y are found in zone_ix (may be
 * NULL: built from g). Errors: "file:line: column 'x': expected ...,
 * got '...'" (LE_EPARSE), an unknown zone or a point in no zone
 * (LE_EDATA), a year after the horizon (LE_EDATA); then *sites keeps the
 * rows appended before the bad one (the caller frees them).
 */
int model_housing_read(const struct model *m, const struct study *s, const char *path,
		       int scenario, struct geo_ctx *g, struct geo_index *zone_ix,
		       struct model_site **sites, int *nsites, struct le_diags *d,
		       struct le_err *err);


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

/* ---------------------------------------------------------------- backtest */

/* backtest.c: accuracy of a forecast against the census (estate backtest). */
#define MODEL_BT_NBANDS 4

struct model_bt_stats {
	int n;                  /* schools compared */
	double median_ape;      /* median |forecast - actual| / actual, % */
	double mean_ape;        /* mean of the same, % */
	double bias;            /* mean (forecast - actual) / actual, % */
	double within5, within10;  /* share of schools within 5 / 10 %, % */
	double total_err;       /* (sum forecast - sum actual) / sum actual, % */
	double coverage;        /* share of actuals inside low..high, %; -1
				 * without ranges */
	double actual_total, forecast_total;
};

/* Statistics of n forecasts against actuals (every actual > 0); low and
 * high may be NULL (coverage -1). */
void model_bt_stats(const double *fc, const double *actual, const double *low,
		    const double *high, int n, struct model_bt_stats *st);
/* Size band (0 .. MODEL_BT_NBANDS - 1) of a base-year roll, per sector:
 * primary < 100, < 250, < 400, more; secondary < 600, < 1000, < 1300, more. */
int model_bt_band(int sector, double roll);
/* Upper bound of a band (1e30 for the open one). */
double model_bt_band_upper(int sector, int band);
/* The school's roll over its sector's stages in year Y; < 0 if a stage
 * is not given. */
double model_bt_total(const struct le_stages *st, const struct model_history *h,
		      int k, int sector, int year);
/* The naive council-wide grade progression: school k's roll n years after
 * base, its stages moved on by the council's ratios (mean of the last
 * three transitions of the sector's sums), entry stage held. */
double model_bt_progression(const struct model_history *h, const struct region *r,
			    int k, int base, int n);

/*
 * rolls.csv and demand.csv, written atomically into dir (created).
 * rolls: school_id, school_name, sector, year, stage, pupils, capacity,
 * utilisation_pct, method; one row per school, year and stage it teaches,
 * then a stage "all" row with capacity and utilisation. demand: zone_id,
 * year, stage, stream, pupils (population demand plus housing yield).
 */
int model_write(const struct model *m, const char *dir, struct le_err *err);


/* A school projected from its own stage history (progression or
 * survival): its roll is the school's, spread over its zones by the
 * scenarios rather than rebuilt from zone demand. */
int model_by_history(int source);

/* "demand", "progression", "held", "none", "survival". */
const char *model_source_name(int source);

/*
 * An input table of [model] (housing, history, catchment, flows) with its
 * column mapping "<input>.<field> = COLUMN" and filters "<input>.filter.
 * <column> = v1, v2", as load/ treats a layer: a field not mapped is
 * looked for under its own name.
 */
struct model_src {
	const struct study *s;   /* borrowed; NULL: no mapping, no filters */
	const char *input;       /* "housing", ... */
	struct io_table t;
	char *keep;              /* t.nrows flags: the row passes the filters */
	struct input_map map;    /* the input seen as a layer (input/) */
	struct study_layer view;
};

/* Read path (spatial: any io_table_read format, with the input's layer
 * and geometry keys; else CSV) and apply the filters. Errors: the
 * reader's, or "study:line: [model] input.filter.X: file has no column
 * 'X' (columns: ...)". Close even on failure. */
int model_src_open(struct model_src *src, const struct study *s,
		   const char *input, const char *path, int spatial,
		   struct le_err *err);
void model_src_close(struct model_src *src);
/* Column of a field: the mapped column (missing: "study:line: [model]
 * input.field = C: file has no column 'C' (columns: ...)"), else the
 * field's own name; -1 when absent and not required (required: "file:
 * has no column 'field' (columns: ...; map yours with 'input.field =
 * COLUMN' in [model])"). */
int model_src_col(struct model_src *src, const char *field, int required,
		  int *col, struct le_err *err);


#endif
