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
 *  - a key is (zone, group), group = stage group * MODEL_NSTREAMS +
 *    stream (stage groups: struct scenario_groups, one per sector in
 *    Scotland; stream MODEL_ND / MODEL_RC / MODEL_GM): key = zone *
 *    groups.nkg + group. A key's pupils go to schools teaching its
 *    stages in its stream only;
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
#include "report/report.h"

struct geo_ctx;

/*
 * Stage groups (world.c, scenario_groups_build): per sector, the coarsest
 * partition of its stages that every non-special school teaches wholly
 * or not at all. Scotland's P1-P7 and S1-S6 schools give one group per
 * sector; England's 11-16 schools and sixth forms split the secondary
 * stages into Y7-Y11 and Y12-Y13, infant and junior schools the primary
 * ones into R-Y2 and Y3-Y6. A scenario places a zone's pupils of a stage
 * group and stream as one quantity, so a school never receives pupils
 * of stages it does not teach. Groups run primary first, each sector's
 * by its first stage.
 */
struct scenario_groups {
	int n;                          /* stage groups, 1 .. LE_MAX_STAGES */
	int nkg;                        /* keys per zone: n * MODEL_NSTREAMS */
	int sector[LE_MAX_STAGES];      /* group's sector: 0 primary, 1 secondary */
	unsigned stages[LE_MAX_STAGES]; /* group's stages as bits */
	int of[LE_MAX_STAGES];          /* stage -> its group */
	int nsec[2];                    /* groups of each sector */
};

/*
 * The partition of st's stages by the stage bits of n schools (stages[i],
 * 0 = the whole of a sector; special schools left out by the caller).
 * Stages outside both sectors do not occur (io/stages.c).
 */
void scenario_groups_build(struct scenario_groups *gr, const struct le_stages *st,
			   const unsigned *stages, int n);
/* "secondary" when group j is its sector's only group, else
 * "secondary Y7-Y11" (the sector's name and the group's stages), into b. */
void scenario_groups_label(const struct scenario_groups *gr, const struct le_stages *st,
			   int j, struct buf *b);

/* A group g is a stage group j and a stream (enum model_stream), the unit
 * pupils are allocated by: g = j * MODEL_NSTREAMS + stream; a key is
 * (zone, group): q = zone * gr->nkg + g. With Scotland's two stage
 * groups (j = sector) both are what they were when the group was a
 * sector and a stream. */
#define SCENARIO_GROUP(j, stream) ((j) * MODEL_NSTREAMS + (stream))
#define SCENARIO_GROUP_SG(g) ((g) / MODEL_NSTREAMS)
#define SCENARIO_GROUP_STREAM(g) ((g) % MODEL_NSTREAMS)
#define SCENARIO_GROUP_SECTOR(gr, g) ((gr)->sector[(g) / MODEL_NSTREAMS])
#define SCENARIO_GROUP_STAGES(gr, g) ((gr)->stages[(g) / MODEL_NSTREAMS])
#define SCENARIO_KEY(gr, z, g) ((z) * (gr)->nkg + (g))
#define SCENARIO_KEY_ZONE(gr, q) ((q) / (gr)->nkg)
#define SCENARIO_KEY_GROUP(gr, q) ((q) % (gr)->nkg)
/* The model's allocation key (model.h: (zone * 2 + sector) *
 * MODEL_NSTREAMS + stream) of scenario key q. */
#define SCENARIO_MODEL_KEY(gr, q) \
	((SCENARIO_KEY_ZONE(gr, q) * 2 + SCENARIO_GROUP_SECTOR(gr, SCENARIO_KEY_GROUP(gr, q))) * \
	 MODEL_NSTREAMS + SCENARIO_GROUP_STREAM(q))

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
	double limit_m[2];      /* primary, secondary; -1 = not set */
};

/*
 * Parameters from models/transport.ini and models/costs.ini (every value
 * documented there with its source or "assumption"). Money in GBP at the
 * files' price base. Index [0] primary, [1] secondary.
 */
struct scenario_params {
	double walk_limit_m[2];          /* walking policy by sector; -1 = not
					   set: the statutory limit by age */
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

/* Defaults: no walking policy (the statutory limits by age), and the
 * shipped files' values. */
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
/*
 * Walking limits (params.c): a pupil's limit is by stage. The limit of
 * stage s for a pupil living in council c (region council index, -1
 * none) is the council's policy for the stage's sector where
 * transport.ini sets one ([council CODE] primary_m / secondary_m, else
 * [walking_limit]), else the statutory limit of the stage's age
 * (le_stages_walk_m: 2 miles under 8, 3 miles from 8). A policy above the
 * statutory limit gives way to it (the statute entitles the pupil
 * whatever the policy; scenario_walk_check warns). Metres.
 */
double scenario_walk_stage_m(const struct scenario_params *p, const struct region *r,
			     int council, int s);
/*
 * The limits of one key's pupils: the stages of bits stages (a key's
 * stage mask), weighted by pupils[s] (the key's pupils by stage that
 * year, indexed by stage; NULL or all 0: one cohort per stage), grouped
 * into classes of equal limit and transport rate (the council's
 * [transport] cost per entitled pupil of the stage's sector), ascending
 * by limit; shares sum to 1. n = 0 for an empty mask.
 */
struct scenario_walk {
	int n;
	double limit_m[LE_MAX_STAGES];
	double share[LE_MAX_STAGES];    /* of the key's pupils */
	double gbp[LE_MAX_STAGES];      /* per entitled pupil per year */
};
void scenario_walk_key(const struct scenario_params *p, const struct region *r, int council,
		       unsigned stages, const double *pupils, struct scenario_walk *wk);
/* A mask's classes for one council, computed once: limit_m and gbp of
 * cls (its shares unused), the mask's stages and each one's class. */
struct scenario_walk_row {
	struct scenario_walk cls;
	int n;                          /* stages in the mask */
	signed char stage[LE_MAX_STAGES]; /* those stages, ascending */
	signed char of[LE_MAX_STAGES];  /* the class of stage[i] */
};
/*
 * The classes of every (council, stage group) under one set of
 * parameters: scenario_key_walk runs per key and year, twice (the
 * allocation's figures and the KPIs), and deriving the council's policy
 * and each stage's statutory limit there made a scenario-year at the
 * Scotland size 2.4 times as long (scen_bench). Build it once per
 * evaluation (the world's groups and the parameters must outlive no
 * row: rows are copies).
 */
struct scenario_walk_tab {
	int ngroups, ncouncils;         /* rows (ncouncils + 1) x ngroups; the
					 * last council row: zones of none */
	struct scenario_walk_row *row;
};
struct scenario_world;
void scenario_walk_tab_init(struct scenario_walk_tab *t, const struct scenario_params *p,
			    const struct scenario_world *w);
void scenario_walk_tab_release(struct scenario_walk_tab *t);
/* The share (0-1) of the key's pupils at walking distance dist_m who
 * are beyond their limit: e.g. P1-P3 3/7 and P4-P7 4/7 of a key at 2.5
 * miles, no policy: 3/7. */
double scenario_walk_beyond(const struct scenario_walk *wk, double dist_m);
/* Transport cost per pupil of the key at dist_m: the share beyond each
 * class's limit times its rate (GBP per year). */
double scenario_walk_gbp(const struct scenario_walk *wk, double dist_m);
/* The share of the key's pupils within their limit at from_m and beyond
 * it at to_m (movers newly entitled). */
double scenario_walk_newly(const struct scenario_walk *wk, double from_m, double to_m);
/*
 * The walking limits of key q of result res in year index y: its zone's
 * council's row of t (its stage group's classes) weighted by its pupils
 * by stage (res->demand). The one place a key's stages are derived for
 * the limits.
 */
struct scenario_result;
struct scenario_world;
void scenario_key_walk(const struct scenario_walk_tab *t, const struct scenario_result *res,
		       const struct scenario_world *w, int y, int q, struct scenario_walk *wk);
/*
 * The distinct limits of the stages in bits for council c, ascending,
 * into limit_m[] with each one's stages in bits_out[] (at most max; a
 * further limit's stages join the last class). Returns the count. For
 * labels and map classes.
 */
int scenario_walk_classes(const struct scenario_params *p, const struct region *r, int council,
			  unsigned stages, double *limit_m, unsigned *bits_out, int max);
/* What is applied, for labels: "P1-P3 3219 m (2.0 mi), P4-S6 4828 m
 * (3.0 mi)" (no policy) or "P1-P7 3219 m (2.0 mi), S1-S6 4828 m (3.0
 * mi)" (the shipped transport.ini). b is reset first. */
void scenario_walk_text(const struct scenario_params *p, const struct region *r, int council,
			struct buf *b);
/* A warning in d for each policy (the general one and each council's)
 * above the statutory limit of some of its sector's stages; where
 * prefixes the message (e.g. a scenario file's "path: "; may be NULL). */
void scenario_walk_check(const struct scenario_params *p, const struct region *r,
			 const char *where, struct le_diags *d);

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

/* Does s take the pupils of group g (stage group x stream) of w? The one
 * rule, le_stream_serves, that travel and the projection use too, and
 * the school teaches the group's stages. */
struct scenario_world;
int scenario_school_serves(const struct scenario_world *w, const struct scenario_school *s, int g);
/* The group whose catchment school s has: the first stage group of its
 * sector it teaches, in its English-medium stream; -1 for special
 * schools. */
int scenario_school_group(const struct scenario_world *w, const struct scenario_school *s);

/*
 * The study's zone deprivation index: [model] simd = FILE (the index is
 * SIMD) or deprivation = FILE with deprivation_name = NAME (England's
 * IMD 2019 or any other; io_study_read has checked that there is one file
 * at most and that deprivation has its name). Both are read through the
 * same mapping (<key>.zone, .rank, .quintile, .decile, .vigintile,
 * .filter.<column>). Human-readable labels of the most deprived fifth
 * carry the index's name ("IMD 2019 most deprived 20 % mean walk km");
 * for SIMD they stay estate's historical ones ("SIMD20 mean walk km"),
 * so a Scottish study's outputs do not change. Machine names (the KPI
 * columns simd20_pupils ..., the criterion simd20_distance_change_m,
 * consult's simd.csv) are the same whatever the index: users' scripts
 * read them (README, "Deprivation, the equity input").
 */
struct scenario_dep {
	const char *key;        /* "simd" or "deprivation": the prefix of
				   its mapping ("simd" without a file) */
	const char *path;       /* the file (borrowed from the study);
				   NULL: no deprivation input */
	char name[STUDY_DEP_NAME_MAX + 1];   /* "SIMD", "IMD 2019" */
	int simd;               /* 1: the name is SIMD (historical labels) */
	char mean_label[STUDY_DEP_NAME_MAX + 48];    /* board table rows */
	char beyond_label[STUDY_DEP_NAME_MAX + 48];
	char pupils_desc[STUDY_DEP_NAME_MAX + 80];   /* simd20_pupils' gloss */
};
/* Fill dep from the study (s may be NULL: SIMD, no file). */
void scenario_dep_init(struct scenario_dep *dep, const struct study *s);
/* The label of a board row (scenario_board_kpi) or the description of a
 * KPI (scenario_kpi_desc) under dep: the index's own for the deprived
 * fifth's KPIs, else the text given. dep may be NULL (SIMD). */
const char *scenario_dep_board_label(const struct scenario_dep *dep, int kpi,
				     const char *label);
const char *scenario_dep_kpi_desc(const struct scenario_dep *dep, int kpi,
				  const char *desc);

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
					   when no deprivation input */
	struct scenario_dep dep;        /* the index simd_rank comes from
					   (its name for the labels) */
	struct scenario_groups grp;     /* the stage groups of the keys */
};

/*
 * Set up the world from the region and the baseline model (both borrowed;
 * model_init must have been called, model_run before any evaluation). g (may be NULL) builds the point-in-
 * polygon indices for the "outside the region" check. The stage groups
 * (w->grp) come from the region's non-special schools; a scenario's new
 * school teaches a whole sector, which splits no group.
 */
int scenario_world_init(struct scenario_world *w, const struct region *r,
			const struct model *m, struct geo_ctx *g,
			struct le_err *err);
void scenario_world_release(struct scenario_world *w);
/*
 * Read the deprivation of zones from path ([model] simd = FILE or
 * deprivation = FILE, struct scenario_dep), with the study's column
 * mapping like any [model] input (s may be NULL: no mapping, SIMD), here
 * for simd = (deprivation.* alike): simd.zone (default column "zone") and
 * one of simd.rank (1 = most deprived), simd.quintile, simd.decile or
 * simd.vigintile (default: the first column of those names);
 * simd.filter.<column> keeps rows. A zone is
 * "most deprived 20 %" when its quintile is 1 (deciles 1-2, vigintiles
 * 1-4; for a rank, within the lowest fifth of the largest rank in the
 * file, so the national file gives the national quintile). *out: per zone
 * of r 1, 0 or -1 (no row), malloc'd (ownership passes to the caller;
 * scenario_world takes it as simd_rank); an earlier *out (or NULL) is
 * freed on success and left as it was on failure. Zones with population but no row
 * are one warning in d with the count. Errors: LE_EIO, LE_EPARSE
 * "path:line: column 'C': ...", "study:line: [model] simd.rank = C: path
 * has no column 'C' (columns: ...)".
 */
int scenario_simd_read(const struct study *s, const char *path,
		       const struct region *r, double **out,
		       struct le_diags *d, struct le_err *err);

/*
 * The check of the SIMD file against the school census: the share of the
 * study's children aged 5-17 (population, zones with a SIMD row) who live
 * in the most deprived fifth, against the share of the study schools'
 * pupils in SIMD quintile 1 by the base year's stage-roll file ([model]
 * stage_rolls with its years; columns "SIMD Quintile 1" .. "5", a prefix
 * mapped with stage_rolls.simd_quintile; suppressed cells left out). The
 * two measure different things (pupils from other councils, independent
 * schools), so only a gap of more than SCENARIO_SIMD_CHECK_PTS points is a
 * warning in d (wrong zone codes or a wrong measure column give tens of
 * points). file is NULL when there is no census to compare with.
 */
#define SCENARIO_SIMD_CHECK_PTS 5
struct scenario_simd_check {
	double children, children_q1, children_pct;   /* NAN: no children */
	double pupils, pupils_q1, pupils_pct;
	int schools, suppressed, year;
	char *file;             /* the census file read, or NULL */
	char name[STUDY_DEP_NAME_MAX + 1];   /* the index's name, "SIMD" */
};
int scenario_simd_census(const struct study *s, const struct region *r,
			 const double *simd, struct scenario_simd_check *c,
			 struct le_diags *d, struct le_err *err);
void scenario_simd_check_release(struct scenario_simd_check *c);
/* One line "SIMD: ..." (the index's name) saying what was compared and
 * the result. */
void scenario_simd_print(FILE *fp, const struct scenario_simd_check *c);

/* ---------------------------------------------------------------- scenarios */

/*
 * How a [catchment] or [merge] reaches the year groups (eval.c,
 * phase_groups). ALL: every stage in the change's year. INTAKE (what a
 * scenario file gets unless it says `phasing = all`): the stage a
 * cohort enters a sector at (P1, S1) follows the change from its year,
 * the next stage a year later and so on; a cohort already in a school
 * stays with the rules it started under until it leaves. For a merger
 * that is a phased closure: each closing school takes no new intake,
 * keeps its remaining cohorts (open, its places and running cost) and
 * closes the year its last cohort has gone. 0 is ALL so that changes
 * built in memory (estate closures) keep today's meaning.
 */
enum scenario_phasing { SCENARIO_PHASE_ALL = 0, SCENARIO_PHASE_INTAKE };

struct scenario_change {
	int kind;               /* enum scenario_kind */
	int year;
	const char *path;       /* file of its section: the scenario's, or
				   an included one (borrowed from struct
				   scenario) */
	int line;               /* line of its [section] header there */
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
	int phasing;            /* catchment, merge: enum scenario_phasing */
	unsigned streams;       /* catchment: bits 1 << stream (enum
				   le_stream) of the streams it moves
				   (`stream = `); 0 = every stream its
				   school serves (no key, and changes
				   built in memory) */
};

/*
 * Does change ch move group g's pupils of its zones (a [catchment]
 * change: the groups its school serves, and of those only its stream
 * when it names one)? 0 for every other kind. The one rule the
 * evaluation and the consultation pack use.
 */
int scenario_change_moves(const struct scenario_world *w, const struct scenario_change *ch, int g);

/*
 * A scenario's own model parameters and costs (override.c): its [model]
 * and [costs] sections, validated when read. [model] keys are the
 * study's [model] keys that may differ between options (projection
 * files and shares, the transport and costs files; paths resolved
 * against the scenario file's folder), and forecast = low | central |
 * high, which pins the forecast variant; [costs] keys are
 * "section.key" of models/costs.ini.
 */
enum scenario_ov_section { SCENARIO_OV_MODEL = 0, SCENARIO_OV_COSTS };
struct scenario_own {
	int section;            /* enum scenario_ov_section */
	char *key, *val;        /* owned; val resolved for file keys */
	int line;
};

/* Forecast variants (variant.c): each school's projected roll at the
 * low or high end of its range, or central (the projection itself).
 * 0 means "not chosen" (the run's). */
enum scenario_variant {
	SCENARIO_V_NONE = 0, SCENARIO_V_LOW, SCENARIO_V_CENTRAL, SCENARIO_V_HIGH,
	SCENARIO_NVARIANTS
};

struct scenario {
	char *path;             /* file as given */
	char *name, *description;
	int policy;             /* enum scenario_policy; -1 = the study's */
	struct scenario_change *v;  /* included files' first (include order) */
	int n;
	char **files;           /* the files included ([scenario] include),
				   depth first, each once */
	int nfiles;
	struct scenario_own *ov;        /* [model] and [costs] (override.c) */
	int nov;
	int variant;            /* [model] forecast = low|central|high:
				   enum scenario_variant; 0 none */
};

/*
 * Read and validate a scenario file against the world; new schools are
 * added to w (owner = index, the scenario's position in the run). The
 * file's sections: [scenario] name, description, allocation, include
 * (other scenario files read into this one, a programme: their changes
 * first, each keeping its own path and line; nested; sc->files holds
 * them); then one section per change, named by its kind ([close],
 * [merge], [new], [extend], [reduce], [catchment], [refurbish],
 * [housing], or [housing] file = a CSV trajectory; a kind may repeat),
 * each with year = YYYY and its keys (README, "Scenarios"). Schools are
 * named by id or unique name (scenario_school_find).
 * Errors (LE_EPARSE / LE_EDATA, "path:line: [section] ..."): unknown
 * section or key, missing key, unknown school or zone, a change before
 * the base year or after the horizon, a school closed twice (or closed
 * after it was merged away), a change to a closed school, a new school
 * outside the region, a negative capacity or places, a reduce below zero;
 * in a programme, a school one file closes and another changes, two new
 * schools of one id, an include cycle or a file included twice.
 * On failure sc is empty and w unchanged.
 */
int scenario_read(const char *path, struct scenario_world *w, int index,
		  struct scenario *sc, struct le_err *err);
void scenario_release(struct scenario *sc);
/*
 * The school a person names, as every school key of a scenario file
 * reads it (and any command may): ref is an id, matched exactly, or a
 * name, matched case-insensitively with runs of white space as one space
 * and the ends trimmed, among the region's schools and the new schools
 * of scenario owner (-1: the region's only). Returns the world index, or
 * -1 with the reason appended to why (no "path:line" prefix):
 *   "unknown school 'Lorn Primary': did you mean 5526620P Lorne Primary
 *   School?" (up to 3 ids or names closest by edit distance, the typed
 *   text against the start of each name, within a third of its length
 *   or 2 edits; none: "(not an id or a name of the study's schools)");
 *   "school name 'X' is ambiguous: it names ID NAME, ID NAME (write the
 *   id)".
 */
int scenario_school_find(const struct scenario_world *w, int owner,
			 const char *ref, struct buf *why);
/*
 * Overrides (override.c). scenario_override_read: the [model] or
 * [costs] section sec of ini (the scenario file path) into sc. Errors
 * (LE_EPARSE, "path:line: [model] ..."): an unknown key, a study key
 * that cannot vary by option (method, allocation, candidates ...), a
 * key given twice, a bad value; [costs] keys as scenario_params_set.
 */
int scenario_override_read(const char *path, const struct io_ini *ini,
			   const struct io_ini_section *sec, struct scenario *sc,
			   struct le_err *err);
void scenario_override_release(struct scenario *sc);
/* Does sc change the projection (a [model] key other than transport,
 * costs and a forecast variant)? Then it needs its own projection run. */
int scenario_override_projection(const struct scenario *sc);
/* Do a and b change the projection the same way (one run serves both)? */
int scenario_override_same_projection(const struct scenario *a,
				      const struct scenario *b);
/* Does sc change the parameters of the evaluation (transport or costs
 * file, [costs])? */
int scenario_override_params_any(const struct scenario *sc);
/*
 * out = a shallow copy of s whose [model] keys are replaced by sc's
 * projection overrides (strings borrowed from s and sc: release with
 * scenario_override_study_release only, never io_study_release).
 */
void scenario_override_study(struct study *out, const struct study *s,
			     const struct scenario *sc);
void scenario_override_study_release(struct study *out);
/*
 * out = a deep copy of base with sc's transport and costs files and its
 * [costs] keys applied (release with scenario_params_release). Errors:
 * those of the files ("path:line: ..."), and "path:line: [model]
 * transport: ..." when the file changes what the shared travel tables
 * were built with (candidates, walk_kph, drive_kph).
 */
int scenario_override_params(struct scenario_params *out,
			     const struct scenario_params *base,
			     const struct scenario *sc, struct le_err *err);
/* "forecast=high, ppr=..., costs new_build.primary_gbp_per_place=..."
 * (malloc'd; "" when none), for the terminal and overrides.csv. */
char *scenario_override_describe(const struct scenario *sc);
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
	int nkg;                /* keys per zone (the world's grp.nkg): key q's
				   candidates are n[q], c[q * k ..] */
	int *n;
	struct scenario_cand *c;
	int network;            /* 1: the road network was used */
	int nstraight_zones;    /* zones off the walking network (= noff[0]) */
	int noff[2];            /* per mode (enum net_mode: walk, drive):
				   located zones with no pair measured on
				   the network */
	/* Sites: schools searched one by one for every zone (the
	 * scenarios' new schools, the sites of [merge] and [catchment]
	 * changes), so that no option's schools take another's candidate
	 * slots. Site i's pair with zone z is row[i * nzones + z] (dist_m
	 * < 0: none, a zone without a point or across water); site[k] is
	 * school k's site, -1 none (nschools entries). */
	int nsites;
	int *site;
	struct scenario_cand *row;
	int view;               /* 1: scenario_travel_option's: n and c its
				   own (own_c) or the parent's, site and
				   row the parent's */
	int own_c;
};

struct net_travel;
struct net_travel_opts;

/*
 * Build the candidate tables for every school of the world from nt, the
 * study's travel (net_travel_get; NULL: no roads, then straight line x
 * p->detour at walk_kph / drive_kph). A zone's candidates of a group are
 * the walking rows of every set of nt whose school serves the group; the
 * best p->k by walking distance are kept. The new schools of the
 * scenarios (world index >= nbase) become sites (scenario_travel_sites),
 * searched on nt's graph (which must then be kept: NET_TRAVEL_GRAPH);
 * scenario_travel_option gives an option its own. A candidate's driving time comes from
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
/*
 * Add schools ks[0 .. n) of the world as sites of t (those already
 * sites are skipped): every located zone's walking distance and driving
 * time to each, searched on nt's graph one school at a time (or in a
 * straight line x p->detour when t was built without roads, nt NULL).
 * The region's k candidates are those of the region's schools only;
 * a site adds no candidate but its distances, so [merge] and
 * [catchment] sites are measured by road however far they are.
 * Errors: those of the searches; LE_EUSAGE if nt has no graph.
 */
int scenario_travel_sites(struct scenario_travel *t, const struct scenario_world *w,
			  const struct net_travel *nt, const struct net_travel_opts *o,
			  const struct scenario_params *p, const int *ks, int n,
			  struct le_err *err);
/*
 * School k moved (a site search's slot): its site measured again, from
 * where it is now; the region's tables are kept. k must be the last site
 * added (estate site's one slot), else LE_EUSAGE.
 */
int scenario_travel_site_again(struct scenario_travel *t, const struct scenario_world *w,
			       const struct net_travel *nt, const struct net_travel_opts *o,
			       const struct scenario_params *p, int k, struct le_err *err);
/*
 * The candidates of one option (owner: the world owner index of its new
 * schools; < 0 none): each key's region candidates (t's k) and the
 * option's own new schools of the key's group, nearest first, never
 * another option's: an option's figures do not depend on which other
 * options are in the run, and until its new schools open its open
 * candidates are the baseline's. out->k is t->k plus the option's new
 * schools. out borrows t's sites (and t's candidates when the option
 * builds nothing): release it with scenario_travel_release before t.
 */
void scenario_travel_option(struct scenario_travel *out, const struct scenario_travel *t,
			    const struct scenario_world *w, int owner);
/*
 * The schools scenario sc sends pupils to whatever their distance: the
 * sites of its [merge] changes and the schools of its [catchment]
 * changes, written to ks (room for sc->n); returns how many. The caller
 * makes them sites (scenario_travel_sites) so that they are measured by
 * road.
 */
int scenario_sites(const struct scenario *sc, int *ks);
/* The pair of key q's zone with school k from the sites (k a site and
 * the zone located), else NULL. */
const struct scenario_cand *scenario_travel_site_pair(const struct scenario_travel *t,
						      int q, int k);
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
 * lower, 0 neither), its decimals in the CSVs (0 or 2) and what it
 * measures (scenario_kpi_desc: one sentence, the summary page's
 * glossary). Every
 * output that lists KPIs reads it. A KPI that cannot be computed from
 * the data (no capacity given, no grades, no SIMD) is NaN, written
 * "n/a" everywhere.
 */
const char *scenario_kpi_name(int kpi);
const char *scenario_kpi_unit(int kpi);
int scenario_kpi_better(int kpi);
int scenario_kpi_decimals(int kpi);
const char *scenario_kpi_desc(int kpi);
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
 *     stage_roll[SCENARIO_SR(res, y, k, s)] (nst stages per school);
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
	int nst;                        /* stages of the system (the model's
					   nst): stage_roll's stride */
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
	struct scenario_dep dep;        /* the world's, copied (evaluations
					   see a copy of the world): the
					   deprivation index's labels */
	struct scenario_groups grp;     /* the world's: the key layout */
};
/* Index of world school k, year index y, stage s in stage_roll: the one
 * place that knows its layout. */
#define SCENARIO_SR(res, y, k, s) \
	(((size_t)(y) * (size_t)(res)->nschools + (size_t)(k)) * (size_t)(res)->nst + (size_t)(s))

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

/* ---------------------------------------------------------------- totals */

/*
 * Cumulative totals of one option over every evaluated year, base year to
 * horizon (totals.c): each is the sum over years of one KPI, so a pupil
 * beyond the walking limit for three years counts three pupil-years.
 * Undiscounted (the whole-life cost discounts). A KPI that is n/a (NaN)
 * gives a NaN total. Which way is better is the KPI's
 * (scenario_kpi_better(scenario_total_kpi(t))); decimals likewise.
 */
enum scenario_total {
	ST_BEYOND_PUPIL_YEARS = 0,  /* beyond_limit_pupils summed */
	ST_CD_PUPIL_YEARS,          /* pupils_in_cd_buildings summed */
	ST_SHORT_PLACE_YEARS,       /* shortfall_places summed */
	ST_UNPLACED_PUPIL_YEARS,    /* unplaced_pupils summed */
	ST_CAPITAL_GBP,             /* capital_cost_gbp summed */
	ST_RUNNING_GBP,             /* running_cost_gbp summed */
	ST_TRANSPORT_GBP,           /* transport_cost_gbp summed */
	SCENARIO_NTOTALS
};
/* The totals of res into tot[0 .. SCENARIO_NTOTALS). */
void scenario_totals(const struct scenario_result *res, double *tot);
/* Column name ("beyond_limit_pupil_years", ...), unit ("pupil-years",
 * "place-years", "GBP") and the KPI summed; "?" / -1 out of range. */
const char *scenario_total_name(int t);
const char *scenario_total_unit(int t);
int scenario_total_kpi(int t);

/*
 * One option against another (compare.c), both results of one
 * evaluation (same world and years): dir/compare-A-B.csv, a row per KPI
 * and year, the region's (council "all") then each council's as
 * kpis.csv (a, b, year, council, kpi, unit, better, a_value, b_value,
 * a_minus_b, favours) and dir/compare-A-B-totals.csv, the region's, a
 * row per total (a, b,
 * first_year, last_year, total, unit, better, a_value, b_value,
 * a_minus_b, favours), A and B the results' names. favours: the name of
 * the option the difference is good for, "equal", or empty (no better
 * direction, or n/a). Errors: LE_EIO.
 */
int scenario_write_compare(const struct scenario_result *a, const struct scenario_result *b,
			   const char *dir, struct le_err *err);
/* The terminal's table: the board KPIs (scenario_board_kpi) of A, B and
 * A - B for each reported year years[0 .. nyears_rep) within the
 * horizon, then the totals. */
void scenario_print_compare(FILE *fp, const struct scenario_result *a,
			    const struct scenario_result *b, const int *years, int nyears_rep);
/* ---------------------------------------------------------------- sufficiency */

struct report_suff_case;
struct report_sufficiency;

/* A school's projected high / central roll in year index y (the
 * survival method's range; 1 for other methods, new schools, or a
 * central of 0): what the high case of the KPIs and of sufficiency
 * multiplies a roll by (eval.c). */
double scenario_high_ratio(const struct scenario_world *w, int y, int k);
/*
 * The sufficiency of one roll series (sufficiency.c): years y = 0 ..
 * nyears - 1 (calendar base_year + y) with roll[y], capacity cap[y] (<= 0
 * or NaN: none given) and open[y] (1: the school is open that year; only
 * those years count). Fills out: first years over 90 % / 100 % (0 never,
 * -1 n/a when no open year has a capacity), peak roll and its year,
 * capacity and places short in that year, highest utilisation.
 */
void scenario_sufficiency_series(int base_year, int nyears, const double *roll,
				 const double *cap, const unsigned char *open,
				 struct report_suff_case *out);
/*
 * One row per option res[r] and school open in it in some year, central
 * and high case (roll x scenario_high_ratio), sorted by
 * scenario_sufficiency_sort. *rows (malloc'd, free() it; strings
 * borrowed from res and w) gets the rows; returns their count.
 */
int scenario_sufficiency(struct scenario_result *const *res, int nres,
			 const struct scenario_world *w, struct report_sufficiency **rows);
/* Sort by option index, then urgency: the earliest year over 100 %, then
 * over 90 % (any year, then never, then n/a), then the highest peak
 * utilisation (n/a last), then school index. */
void scenario_sufficiency_sort(struct report_sufficiency *rows, int n);
/* dir/sufficiency.csv, rows in the order given: option, school_id,
 * school_name, sector, then first_year_over_90, first_year_over_100,
 * peak_roll, peak_year, capacity_at_peak, peak_utilisation_pct,
 * places_short_at_peak, and the same prefixed high_; years "never" or
 * "n/a", numbers "n/a" without capacity. Errors: LE_EIO. */
int scenario_write_sufficiency(const struct report_sufficiency *rows, int n,
			       const char *dir, struct le_err *err);
/* The terminal's short list: per option the first max_per_option listed
 * rows (report_suff_listed) in the order given. */
void scenario_print_sufficiency(FILE *fp, const struct report_sufficiency *rows, int n,
				int last_year, int max_per_option);

/* A number as every CSV of a run writes it (write.c): dec fixed
 * decimals, "n/a" for NaN, no "-0". */
void scenario_csv_num(FILE *fp, double v, int dec);
/* Is a school of status (enum scenario_status) open that year: it has
 * places and a roll (not closed, planned or absent)? write.c's rule. */
int scenario_status_open(int status);

/*
 * Progression schools in the scenarios (spread.c). scenario_prog_share:
 * the share of allocation key mq (model.h's key), of the stage group of
 * those stages, that the projection gives to progression schools (their pupils are in their rolls, not in
 * the key's demand). scenario_spread_progression: add to demand ([y][z]
 * [s][t] as MODEL_D) each progression school's projected roll by stage,
 * spread over the zones and streams of its base-year allocated demand
 * (each stage over the keys of its stage group, w->grp, of the scenario
 * key layout);
 * spread[k] (m->nschools) = 1 for the schools so spread, 0 for the rest
 * (a progression school with no such demand stays held). near (may be
 * NULL: every share) gives per scenario key the school the evaluation sends it to
 * (nearest and capacity policies): only that school's share of a key
 * spreads there, so a school the key only shares stays held.
 */
double scenario_prog_share(const struct model *m, int mq, unsigned stages);
void scenario_spread_progression(const struct scenario_world *w, double *demand,
				 unsigned char *spread, const int *near);
/*
 * The model's allocation table read for one stage group (stages: its
 * bits) of model key mq: entry i takes the group when its school teaches
 * the group's stages and its a_mask (NULL: every stage) covers them;
 * the group's share of entry i is a_share[i] / scenario_entry_norm,
 * the sum of the taking entries' shares, or exactly 1 when every entry
 * of the key takes the group (Scotland: the table's own shares, bit for
 * bit).
 */
int scenario_entry_takes(const struct model *m, int i, unsigned stages);
double scenario_entry_norm(const struct model *m, int mq, unsigned stages);

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

/*
 * The weighted quantile q (0.5: the median) of values v[0 .. n) (>= 0:
 * distances, times) with weights wt (pupils): the first value, in
 * ascending order, whose cumulative weight reaches q of the total; 0
 * when n = 0. The KPIs' rule (eval.c), for other outputs to share.
 */
double scenario_wquantile(const double *v, const double *wt, int n, double q);

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
/* The same into dir/name (comparison-low.csv ... of --variants). */
int scenario_write_comparison_file(struct scenario_result *const *res, int nres,
				   const int *years, int nyears_rep, const char *dir,
				   const char *name, struct le_err *err);
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

/* ---------------------------------------------------------------- variants */

/* "low", "central", "high" ("?" else); the parse returns 0 for any
 * other word. */
const char *scenario_variant_name(int v);
int scenario_variant_parse(const char *s);
/*
 * out = m seen under forecast variant v (variant.c): a shallow copy of
 * *m sharing every array but roll, total, low and high, which it owns.
 * Under low (high) each school's roll in each year is scaled, stage by
 * stage, by its low (high) over its central total; its total becomes
 * that end of the range and the range collapses onto it (low = high =
 * total). Schools without a range keep their central figures: those the
 * demand method projects (population demand has no stated uncertainty),
 * held and special schools. Central: an exact copy. Release with
 * scenario_variant_model_release, never model_release.
 */
void scenario_variant_model(struct model *out, const struct model *m, int v);
void scenario_variant_model_release(struct model *out);

/* One variant's results: res[0] the baseline, then the scenarios in the
 * same order in every set. */
struct scenario_variant_set {
	int variant;
	struct scenario_result *const *res;
	const double *npc;      /* per option: its net present cost
				   (appraisal), or NULL (the row is n/a) */
};
/*
 * Does each option's rank hold across variants? For the net present
 * cost and each KPI of the sensitivity table (places short, schools over
 * capacity, pupils beyond the walking limit, transport cost, pupils in
 * C/D buildings, running cost) the options (the baseline as do-minimum, and every scenario) are
 * ranked in year index y, 1 = best by the KPI's direction, ties (equal
 * at the CSV's decimals) sharing the better rank. vs[0] is the
 * reference (central). scenario_write_variants: dir/variants.csv (kpi,
 * scenario, year, then value_<v>, rank_<v> per set, then holds yes/no);
 * scenario_print_variants: one line per KPI, "survives" or "changes
 * under high: new-granton 2 -> 3, ...". Errors: LE_EIO.
 */
int scenario_write_variants(const struct scenario_variant_set *vs, int nvs, int nres,
			    int y, const char *dir, struct le_err *err);
void scenario_print_variants(FILE *fp, const struct scenario_variant_set *vs, int nvs,
			     int nres, int y);

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

/* ---------------------------------------------------------------- ranking */

/*
 * The criteria of the appraisal (rank.c; README "Ranking the options"): a
 * file named by [model] criteria = FILE (models/criteria.ini holds the
 * documented defaults), INI:
 *   [criteria]      one measure a line, "name = weight" or "name = weight,
 *                   lower|higher" (the direction that is better; default
 *                   the measure's own): net_present_cost,
 *                   short_place_years, cd_buildings_pupil_years,
 *                   beyond_limit_pupil_years, unplaced_pupil_years,
 *                   simd20_distance_change_m, pupils_moved, or
 *                   kpi.<a KPI of kpis.csv> at the horizon year;
 *   [constraints]   max_over_capacity_pct = 5 (no school further over its
 *                   capacity than this, beyond the do-minimum's own), and
 *                   max_journey_min = 45 (no more pupils than the
 *                   do-minimum with a longer journey, driving time).
 * Errors (LE_EIO, LE_EPARSE "path:line: unknown measure 'x' in [criteria]
 * (expected one of: ...)", a bad weight or direction, a measure twice, an
 * unknown constraint, no measure).
 */
#define SCENARIO_RANK_MAX 32
struct scenario_criteria {
	char *path;                     /* the file read (owned) */
	int n;                          /* measures */
	int measure[SCENARIO_RANK_MAX]; /* rank.c's table index (or a KPI) */
	double weight[SCENARIO_RANK_MAX];
	int better[SCENARIO_RANK_MAX];  /* -1 lower is better, +1 higher */
	int line[SCENARIO_RANK_MAX];
	double max_over_pct;            /* NaN: no such constraint */
	double max_journey_min;         /* NaN: none */
};
int scenario_criteria_read(const char *path, struct scenario_criteria *c, struct le_err *err);
void scenario_criteria_release(struct scenario_criteria *c);
/* Measure i's name as the criteria file writes it (buf for kpi.<name>). */
const char *scenario_rank_measure_name(const struct scenario_criteria *c, int i, char *buf,
				       size_t n);

/*
 * One option to rank: its evaluated result and the baseline's (NULL for
 * the baseline itself), its net present cost (NaN: not appraised) and
 * totals (scenario_totals). Without a result (res NULL: a hand-made
 * option, the unit tests) the KPI measures read kpi[] and simd_change_m,
 * and breach_given (may be NULL) stands for the constraint check.
 */
struct scenario_rank_option {
	const char *name;
	const struct scenario_result *res, *base;
	double npc_gbp;
	double tot[SCENARIO_NTOTALS];
	double kpi[SK_NKPIS];
	double simd_change_m;
	const char *breach_given;
};

/* The ranking of nopt options (arrays per option in run order unless said). */
struct scenario_ranking {
	const struct scenario_criteria *crit;   /* borrowed */
	int nopt, nranked;
	const char **name;              /* borrowed from the options */
	double *value, *norm;           /* [o * crit->n + i]; norm NaN: flagged */
	double *score;                  /* 0-100; NaN: flagged */
	int *rank;                      /* 1 .. nranked; 0: flagged */
	int *order;                     /* option indices, rank order, flagged last */
	char **breach;                  /* NULL, or the breach in words */
	char **reason;                  /* the reasons in words */
	int *used, *spread;             /* [i]: scored; values differ */
	int base_index;                 /* the do-minimum (res without base), or -1 */
	/* summary.html's section (report/html_ranking.c), in rank order. */
	struct report_ranking page;
	const char **page_names, **page_reasons;
	int *page_rank;
	double *page_score;
};
/*
 * Score and rank opt[0 .. nopt) under c (method at the top of rank.c):
 * flag the options that break a hard constraint (named with w's schools;
 * w may be NULL), normalise each measure min-max over the others, score
 * 100 x the weighted mean, rank (ties: lower npc_gbp, then run order)
 * and word the reasons. rk is initialised here; release it with
 * scenario_ranking_release. Returns LE_OK.
 */
int scenario_rank(struct scenario_ranking *rk, const struct scenario_criteria *c,
		  const struct scenario_rank_option *opt, int nopt,
		  const struct scenario_world *w);
void scenario_ranking_release(struct scenario_ranking *rk);
/* dir/ranking.csv: rank (empty: flagged), option, score, each measure's
 * value and its normalised score, breach, reasons; rank order. LE_EIO. */
int scenario_ranking_write(const struct scenario_ranking *rk, const char *dir,
			   struct le_err *err);
/* The terminal's table: the criteria, then one line per option. */
void scenario_ranking_print(FILE *fp, const struct scenario_ranking *rk);

/* ---------------------------------------------------------------- maps */

/*
 * The map outputs of a run (src/scenario/maps.c; README "Outputs").
 * Layers, each with "scenario" as its first field, in the working CRS:
 *   schools       points: school_id, school_name, sector, status,
 *                 roll_<Y>, capacity_<Y>, utilisation_pct_<Y> for every
 *                 reported year Y, then roll, capacity, utilisation_pct
 *                 and condition of the horizon year, and its
 *                 utilisation_band (report_util_band's name)
 *   zones         polygons (points: point zones without
 *                 [zone_boundaries]; report_zone_row), horizon year,
 *                 primary pupils (all streams):
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
 * What the board paper (summary.html) needs beyond the results: title
 * heads the page; study (may be NULL) gives its name, the officers'
 * recommendation, the caveat on illustrative inputs and the data's
 * attribution; p (may be NULL) the walking limits of the maps' classes
 * and legend; diags[0 .. ndiags) the run's findings (the calibration
 * warnings become a caveat).
 */
struct scenario_paper {
	const char *title;
	const struct study *study;
	const struct scenario_params *p;
	const struct le_diags *const *diags;
	int ndiags;
	const struct report_ranking *ranking;  /* the options ranked (rank.c);
						  may be NULL */
};

/*
 * Write the map outputs of res[0 .. nres) (res[0] the baseline) into dir:
 * the GeoPackage holds every scenario's rows in one table per layer
 * (filter by "scenario"), with the QGIS styles of styles_dir (may be
 * NULL) in layer_styles; GeoJSON is one file per layer and scenario;
 * summary.html is the board paper (scenario_paper_write). Every file is
 * written atomically and the same inputs give the same bytes. Errors:
 * LE_EIO, LE_EGEO, LE_EDB.
 */
int scenario_maps_write(struct scenario_result *const *res, int nres,
			const struct scenario_world *w, const int *years, int nyears_rep,
			struct geo_ctx *g, const char *styles_dir,
			const struct scenario_paper *paper, int formats, const char *dir,
			struct le_err *err);

/*
 * dir/summary.html, the board paper (paper.c), from the results, their
 * layers L (part-major: scenario r's layer i is L[r * SCENARIO_NLAYERS +
 * i], as scenario_layers gives them), the reported years and h, the
 * horizon's year index: the trend over the reported years, one line per
 * option, the recommendation, the key measures at the horizon coloured by
 * each KPI's direction, caveats from the data, per option its changes,
 * costs by year, a map zoomed to where it changes and a chart, the full
 * table and the glossary (the KPI table's descriptions), attribution.
 * Errors: LE_EIO.
 */
int scenario_paper_write(struct scenario_result *const *res, int nres,
			 const struct scenario_world *w, const struct report_layer *L,
			 const int *years, int nyears_rep, int h,
			 const struct scenario_paper *paper, const char *dir,
			 struct le_err *err);

/* One sentence for a change, e.g. "extend Hill High by 100 places",
 * into b (reset first). */
void scenario_change_describe(struct buf *b, const struct scenario_change *c,
			      const struct scenario_world *w);

/* ---------------------------------------------------------------- consultation */

/*
 * The travel assumptions of the consultation pack's carbon estimate
 * (models/consult.ini, every value sourced there): school days and trips
 * a day, car km driven per pupil km carried, the share of pupils by car
 * and by bus within ([0]) and beyond ([1]) the walking limit, and the
 * conversion factors (kg CO2e per car km, per bus passenger km).
 */
struct scenario_consult_params {
	double school_days, trips_per_day, car_km_per_pupil_km;
	double car_share[2], bus_share[2];
	double car_kg_per_km, bus_kg_per_pkm;
	char *path;             /* the file read, for the pack's notes */
};
/*
 * Read path (every key required). Errors: LE_EIO; LE_EPARSE "path:line:
 * ..." for an unknown section or key, a value that is not a number >= 0,
 * a share above 1 or car + bus above 1; "path: missing 'key' in
 * [section]".
 */
int scenario_consult_params_read(struct scenario_consult_params *cp, const char *path,
				 struct le_err *err);
void scenario_consult_params_release(struct scenario_consult_params *cp);

struct report_doc;

/*
 * The consultation evidence pack (scenario/consult.c; README "estate
 * consult") of proposal res[proposal] (1 <= proposal < nres; res[0] the
 * baseline) as a document: the proposal, the options that touch its
 * schools or zones side by side with the baseline (keeping things as
 * they are), the pupils affected by stage and year, their walking
 * distance and driving time, the walking limit and free transport, the
 * schools they attend (capacity, utilisation, condition, suitability),
 * cost changes, the SIMD profile (w->simd_rank), whether a closed school
 * is rural (the schools' urban_rural) and the carbon of the change in
 * travel (cp; NULL: not estimated), under the statutory headings, with
 * the qualitative parts left as officer slots. Everything comes from the
 * results' allocations (no second allocation). years[0 .. nyears_rep)
 * are the reported years (years[0] the base year); title_study names the
 * study. doc is initialised here (release it also after an error).
 * Errors: LE_EUSAGE "scenario 'NAME' closes, merges, opens and rezones
 * nothing: ..." (naming the scenarios that do) when the proposal has no
 * close, merge, new or catchment change.
 */
int scenario_consult(struct report_doc *doc, struct scenario_result *const *res, int nres,
		     int proposal, const struct scenario_world *w,
		     const struct scenario_params *p,
		     const struct scenario_consult_params *cp, const int *years,
		     int nyears_rep, const char *title_study, struct le_err *err);

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
	char reason[1024];     /* as long as an error message */
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

/* ---------------------------------------------------------------- rezone */

/*
 * Whole-zone contiguous catchments (rezone.c; README "Searching"): one
 * stream's zones re-drawn among its schools, each zone to exactly one
 * school, each school's zones one connected piece of polygons rooted at
 * the school's own zone, each school within a utilisation band where
 * it can be. The caller (cli/cmd_search.c) builds the problem from the
 * evaluation (pupils, travel, current catchments) and GEOS (adjacency);
 * this solver knows indices only.
 *
 * Objective (lower is better), in points:
 *   w_band x pupils outside the band (sum over schools with a capacity of
 *            the roll below lo x cap or above hi x cap)
 * + w_move x pupils moved (a zone's pupils not at its new school before)
 * + w_walk_km x pupil-km walked (pupils x walking distance to the school)
 */
#define SCENARIO_REZONE_W_BAND 100.0
#define SCENARIO_REZONE_W_MOVE 1.0
#define SCENARIO_REZONE_W_WALK_KM 1.0

struct scenario_rezone_in {
	int nzones, nschools;
	const double *pupils;   /* nzones: the stream's pupils in the year */
	const int *cur;         /* nzones: the input catchment's school */
	const int *cstart;      /* nzones + 1: zone z's candidates are
				   cstart[z] .. cstart[z + 1] - 1 of: */
	const int *cschool;     /*   school (0 .. nschools), cur among them */
	const double *cdist_m;  /*   walking distance, metres */
	const double *cmoved;   /*   pupils moved if the zone goes there */
	const int *root;        /* nschools: its own zone (distinct; the
				   school is among that zone's candidates) */
	const double *cap;      /* nschools: places; <= 0: no band */
	const double *fixed;    /* nschools: roll from outside the problem */
	const int *pairs;       /* adjacent zones (a, b), npairs of them; a
				   zone with no pair is an island already
				   joined by the caller or exempt */
	int npairs;
	double lo, hi;          /* band, fractions of capacity (0.8, 1.0) */
	double w_band, w_move, w_walk_km;
	double time_limit_s;    /* > 0 */
	int max_nodes;          /* > 0: stop the branch and cut after this
				   many nodes (a machine-independent limit,
				   so the result is the same on any machine
				   that reaches it within the time); 0 none */
};

/* The objective's parts of one assignment. */
struct scenario_rezone_obj {
	double total, out_of_band, moved, pupil_km;
	int in_band;            /* schools with a capacity within the band */
	int banded;             /* schools with a capacity */
};

enum scenario_rezone_how {
	SCENARIO_REZONE_OPTIMAL = 0,   /* the MIP proved optimality */
	SCENARIO_REZONE_TIME_LIMIT,    /* best found within the time limit */
	SCENARIO_REZONE_KEPT_INPUT     /* nothing better than the input */
};

struct scenario_rezone_out {
	int *assign;            /* nzones: school (malloc'd; free()) */
	struct scenario_rezone_obj obj, obj_in;   /* result, input */
	double bound;           /* best bound of the MIP (NaN: none) */
	double gap;             /* (obj - bound) / |obj|, 0 optimal, NaN none */
	int how;                /* enum scenario_rezone_how */
	int input_contiguous;   /* the input catchments are one piece each */
	int local_moves;        /* improving moves of the local search */
	int orphans;            /* zones no usable school can reach
				   contiguously: kept at their school,
				   exempt from contiguity (rezone.c) */
	int mip_rows, mip_cols; /* size of the MIP solved */
	int node_limited;       /* the branch and cut stopped at max_nodes */
	double seconds;         /* time spent */
};

/* The objective of assign (nzones schools) under in. */
void scenario_rezone_objective(const struct scenario_rezone_in *in, const int *assign,
			       struct scenario_rezone_obj *o);
/* 1 when every school's zones under assign form one connected piece
 * containing its root (zones with no adjacency pair are exempt), every
 * zone goes to one of its candidates and every root to its school. */
int scenario_rezone_feasible(const struct scenario_rezone_in *in, const int *assign);
/*
 * Solve: local search from the input (when feasible), then GLPK's branch
 * and cut on the flow formulation with that as its first incumbent,
 * within in->time_limit_s; the result is never worse than the input on
 * the objective (when it is not better, the input is returned, how =
 * SCENARIO_REZONE_KEPT_INPUT). out is initialised here. Errors: LE_EDATA
 * for a malformed problem (a root not among its zone's candidates, two
 * schools with one root).
 */
int scenario_rezone_solve(const struct scenario_rezone_in *in, struct scenario_rezone_out *out,
			  struct le_err *err);
void scenario_rezone_out_release(struct scenario_rezone_out *out);

#endif
