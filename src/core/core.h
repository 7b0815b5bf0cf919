/*
 * core.h: the bottom layer of estate. Error reporting, memory helpers, a
 * growable string buffer, a string-to-index map, flat geometries and the
 * region model (schools, zones, population, councils) that every other
 * module reads.
 *
 * Invariants:
 *  - core includes no third-party header; it is plain C11 + POSIX.
 *  - Bulk data lives in flat arrays owned by one struct; other objects refer
 *    to an element by its index, never by pointer.
 *  - A fallible function returns an LE_* code and fills a caller's le_err;
 *    the first error wins (le_errf does not overwrite a set error).
 */
#ifndef ESTATE_CORE_H
#define ESTATE_CORE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ESTATE_VERSION "0.1.0"

/* ---------------------------------------------------------------- errors */

enum le_code {
	LE_OK = 0,
	LE_EIO,     /* a file could not be opened, read or written */
	LE_EPARSE,  /* a file is not in the expected format */
	LE_EDATA,   /* well-formed input that breaks a rule (duplicate id, ...) */
	LE_EGEO,    /* a geometry or coordinate problem (CRS, area of use, ...) */
	LE_EDB,     /* SQLite / SpatiaLite failure */
	LE_EUSAGE   /* bad command line or study option */
};

/*
 * The caller's error slot. msg holds one line, lowercase, no final period,
 * "file:line: what is wrong" (STYLE.md). It is larger than STYLE's 256 bytes
 * because messages carry full paths, and a cut message helps nobody (the
 * [model] key list of an unknown key, with a long path, passed 512).
 */
struct le_err {
	int code;
	char msg[1024];
};

/* Clear an error slot to LE_OK and an empty message. */
void le_err_clear(struct le_err *err);

/*
 * Record an error unless one is already recorded (the first error wins) and
 * return the recorded code, so that callers can write
 *     return le_errf(err, LE_EPARSE, "%s:%ld: bad capacity '%s'", ...);
 * err may be NULL (the code is still returned).
 */
int le_errf(struct le_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Name of an LE_* code: "LE_EPARSE" etc. (for tests and logs). */
const char *le_code_name(int code);

/*
 * Diagnostics: findings that do not stop a load (warnings) or that stop it
 * only after everything has been checked (errors), so that `estate check`
 * can report every join problem at once instead of the first one only.
 */
enum le_severity { LE_WARNING = 1, LE_ERROR = 2 };

struct le_diag {
	int severity;
	char *topic;   /* short group name for the report, e.g. "join" */
	char *msg;     /* full message, same conventions as le_err.msg */
};

struct le_diags {
	struct le_diag *v;
	size_t n, alloc;
	size_t nerrors, nwarnings;
};

void le_diags_init(struct le_diags *d);
void le_diags_release(struct le_diags *d);
/* Append a finding; topic and the formatted message are copied. */
void le_diag_add(struct le_diags *d, int severity, const char *topic,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ---------------------------------------------------------------- memory */

/* Allocation that never returns NULL: out of memory aborts (Redis, git). */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Copy of the first n bytes of s, NUL-terminated. */
char *xstrndup(const char *s, size_t n);

/*
 * Grow array x (element count nr, capacity alloc) so that it holds at least
 * `want` elements (git's ALLOC_GROW). Capacity grows by 3/2.
 */
#define ALLOC_GROW(x, want, alloc)                                         \
	do {                                                               \
		if ((size_t)(want) > (size_t)(alloc)) {                    \
			size_t na_ = ((size_t)(alloc) + 16) * 3 / 2;       \
			if (na_ < (size_t)(want))                          \
				na_ = (size_t)(want);                      \
			(alloc) = na_;                                     \
			(x) = xrealloc((x), na_ * sizeof(*(x)));           \
		}                                                          \
	} while (0)

/* ---------------------------------------------------------------- buf */

/* A growable NUL-terminated string. s is never NULL after buf_init. */
struct buf {
	char *s;
	size_t len, alloc;
};

void buf_init(struct buf *b);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hand the string to the caller (free()), leaving b empty and valid. */
char *buf_detach(struct buf *b);

/* ---------------------------------------------------------------- strmap */

/*
 * An open-addressing hash map from strings to non-negative ints, used to
 * look ids up (school id -> index). Keys are copied.
 */
struct strmap {
	char **keys;
	int *vals;
	size_t n, cap;
};

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
/* Value for key, or -1. */
int strmap_get(const struct strmap *m, const char *key);
/*
 * Insert key -> val. Returns -1 when the key was new, else the value already
 * stored (which is kept: the first insertion wins, so duplicates can be
 * reported against the first occurrence).
 */
int strmap_put(struct strmap *m, const char *key, int val);

/* ---------------------------------------------------------------- text */

/* Case-insensitive ASCII comparison (strcasecmp is POSIX, not C11). */
int le_strcaseeq(const char *a, const char *b);
/* Trim ASCII white space at both ends in place; returns s. */
char *le_trim(char *s);
/*
 * Parse a whole decimal number / integer. The whole string (after trimming
 * spaces) must be used; empty is an error. Return 0 on success, -1 if not
 * a number. Thousands separators are not accepted.
 */
int le_parse_double(const char *s, double *out);
int le_parse_long(const char *s, long *out);
/*
 * Write v with dec decimals (0..9) into out (at least 32 bytes), exactly
 * the bytes snprintf(out, n, "%.*f", dec, v) gives, NUL-terminated;
 * returns the length. A fast path for the big outputs (demand.csv, the
 * layers): printf's exact decimal expansion was the largest single cost of
 * writing all of Scotland. Values it cannot decide exactly (near a
 * rounding half, very large, NaN or infinite) go through snprintf.
 */
int le_fmt_fixed(double v, int dec, char *out);

/* Directory part of path ("." if none); returned string is malloc'd. */
char *le_dirname(const char *path);
/* path if absolute, else dir/path; malloc'd. */
char *le_path_join(const char *dir, const char *path);
/* Final component of path (borrowed pointer into path). */
const char *le_basename(const char *path);

/* ---------------------------------------------------------------- hash */

/*
 * A 64-bit FNV-1a hash built up piece by piece: cache keys are a hash of
 * everything a cached result was computed from. Not cryptographic: it
 * guards against stale caches, not against attackers.
 */
struct le_hash {
	unsigned long long h;
};

void le_hash_init(struct le_hash *h);
void le_hash_add(struct le_hash *h, const void *data, size_t n);
void le_hash_str(struct le_hash *h, const char *s);   /* with its NUL */
void le_hash_double(struct le_hash *h, double v);
void le_hash_int(struct le_hash *h, long long v);
/* Add a file's content (its XXH64 digest and length, so a large file
 * costs one fast pass); LE_EIO "cannot read 'path': ..." on failure. */
int le_hash_file(struct le_hash *h, const char *path, struct le_err *err);
/* The hash as 16 lowercase hex digits into out (at least 17 bytes). */
void le_hash_hex(const struct le_hash *h, char *out);

/*
 * XXH64 (xxHash, 64-bit, seed 0), byte for byte the reference's digest
 * on every machine: for bulk bytes (files, cached blobs), several times
 * faster than FNV-1a. Incremental: init, add any number of pieces,
 * digest (the state is not changed by it). le_xxh64 does all three.
 */
struct le_xxh64 {
	uint64_t v[4];
	uint64_t total;         /* bytes added */
	unsigned char buf[32];  /* a partial stripe */
	unsigned nbuf;
};
void le_xxh64_init(struct le_xxh64 *s);
void le_xxh64_add(struct le_xxh64 *s, const void *data, size_t n);
uint64_t le_xxh64_digest(const struct le_xxh64 *s);
uint64_t le_xxh64(const void *data, size_t n);

/* ---------------------------------------------------------------- geometry */

enum le_geom_type {
	LE_GEOM_NONE = 0,
	LE_GEOM_POINT,
	LE_GEOM_LINESTRING,
	LE_GEOM_MULTILINESTRING,
	LE_GEOM_POLYGON,
	LE_GEOM_MULTIPOLYGON
};

/*
 * A flat geometry: npoints (x, y) pairs in xy; parts are runs of points
 * (a linestring or a polygon ring), part_start[i]..part_start[i+1]; polygons
 * are runs of parts, poly_start[j]..poly_start[j+1], the first part of each
 * being the exterior ring. Points have one part, lines one part per line.
 * Rings are stored closed (first point repeated at the end).
 * An empty geometry has type LE_GEOM_NONE and all counts 0.
 */
struct le_geom {
	int type;
	int npoints;
	double *xy;         /* 2 * npoints */
	int nparts;
	int *part_start;    /* nparts + 1 */
	int npolys;
	int *poly_start;    /* npolys + 1 (polygonal types only) */
};

void le_geom_init(struct le_geom *g);
void le_geom_release(struct le_geom *g);
/* Deep copy of src into dst (dst is overwritten, not released). */
void le_geom_copy(struct le_geom *dst, const struct le_geom *src);
/* Move src into dst (dst released first); src becomes empty. */
void le_geom_move(struct le_geom *dst, struct le_geom *src);
/* "Point", "LineString", ... as in GeoJSON. */
const char *le_geom_type_name(int type);
/* Bounding box; returns -1 for an empty geometry. */
int le_geom_bbox(const struct le_geom *g, double bbox[4]);

/*
 * Builders used by readers: start a geometry of a type, then add points;
 * le_geom_part() starts a new part (line or ring), le_geom_poly() a new
 * polygon (its next part is the exterior). le_geom_finish() closes offsets.
 */
void le_geom_begin(struct le_geom *g, int type);
void le_geom_poly(struct le_geom *g);
void le_geom_part(struct le_geom *g);
void le_geom_point(struct le_geom *g, double x, double y);
void le_geom_finish(struct le_geom *g);

/* ---------------------------------------------------------------- region */

/*
 * The region in memory: what a study loads. Schools, zones and councils are
 * flat arrays; population is one zone-major array. Cross references are
 * indices (-1 = none). Every string is owned by the region.
 */

enum le_sector {
	LE_PRIMARY = 0,
	LE_SECONDARY,
	LE_SPECIAL,
	LE_NSECTORS
};

/*
 * Stage systems (core/stages.c): the stages pupils move through, read from
 * a models/ file (load/stages.c) and carried by the region (region.stages).
 * Stage s is bit s of a school's stage set and index s of every per-stage
 * array; loops run to stages.n. The large per-stage arrays (model/,
 * scenario/) hold stages.n per zone or school and year; LE_MAX_STAGES
 * sizes only fixed ones (this struct, small locals). Each
 * sector's stages are consecutive, primary first: sector ranges are
 * first[sec] .. last[sec]. region_init sets Scotland's P1-S6, the same
 * values as models/stages.ini, so a region made in memory has stages.
 */
enum { LE_MAX_STAGES = 16, LE_STAGE_NAME = 12 };

struct le_stages {
	int n;                          /* stages, 1 .. LE_MAX_STAGES */
	char name[LE_MAX_STAGES][LE_STAGE_NAME];  /* "P1", "Y13": letters
					   and digits only */
	int sector[LE_MAX_STAGES];      /* LE_PRIMARY or LE_SECONDARY */
	int age[LE_MAX_STAGES];         /* younger mid-year age of the
					   stage's cohort in the census year */
	double stay[LE_MAX_STAGES];     /* share of the previous stage's
					   pupils staying on; 1 = compulsory */
	double younger_share;           /* share of a cohort at the younger
					   age (birth months) */
	unsigned entry;                 /* entry stages as bits */
	int first[2], last[2];          /* each sector's stage range */
	unsigned bits[2];               /* each sector's stages as bits
					   (le_stages_ranges) */
	/* Statutory walking distance by age: pupils under walk_age walk
	 * up to walk_under_m, older ones up to walk_from_m; a stage's age
	 * for the rule is its age at the start of the school year, age[s]
	 * + 1 (core/stages.c). */
	int walk_age;
	double walk_under_m, walk_from_m;
};

/* Scotland's P1-S6, as models/stages.ini. */
void le_stages_scotland(struct le_stages *st);
/* Index of the stage named name (any case), or -1. */
int le_stages_find(const struct le_stages *st, const char *name);
/* Name of stage s, or "?" out of range. */
const char *le_stages_name(const struct le_stages *st, int s);
/* The stage bits of a sector (LE_PRIMARY / LE_SECONDARY); 0 for others. */
unsigned le_stages_bits(const struct le_stages *st, int sector);
/* Every stage's bits. */
unsigned le_stages_all(const struct le_stages *st);
/* Staying-on multiplier of stage s: the product of stay[] over the
 * stages up to s (S6 = stay S5 x stay S6), 1 for compulsory stages. */
double le_stages_stay(const struct le_stages *st, int s);
/* Statutory walking distance of stage s in metres (by its age). */
double le_stages_walk_m(const struct le_stages *st, int s);
/*
 * Parse a stage set: names and ranges separated by commas ("P1-P7",
 * "R-Y6, Y12-Y13", "P1, P2"), any case, a range in stage order. Returns
 * 0 and the bits, or -1 (an unknown name, a backwards range, nothing).
 */
int le_stages_parse(const struct le_stages *st, const char *text, unsigned *bits);
/* Stage bits as runs, the spelling the school files use: "P1-P7",
 * "S1-S6", "P1-S6", "P1-P3, P5"; empty for none. b is reset first. */
void le_stages_text(const struct le_stages *st, unsigned bits, struct buf *b);
/* The stages for messages, by sector: "P1 .. P7 or S1 .. S6". */
void le_stages_words(const struct le_stages *st, char *buf, size_t n);
/* Fill first[] / last[] from sector[]; -1 when the stages of a sector
 * are not consecutive after the other's (the reader's check). */
int le_stages_ranges(struct le_stages *st);

enum le_denom {
	LE_NONDENOM = 0,        /* non-denominational */
	LE_RC,                  /* Roman Catholic */
	LE_OTHER_DENOM,         /* any other denomination (recorded in text) */
	LE_NDENOMS
};

/*
 * Streams: the one vocabulary for which pupils go to which schools,
 * used by travel (net/), the projection (model/) and the scenarios
 * (scenario/). le_stream_name is the spelling in every output file
 * (travel.csv, demand.csv, zones.csv, GeoPackage): "nd", "rc",
 * "gaelic", and "all" for the special schools' set, which is not a
 * pupil stream (special schools place by need). le_stream_label is the
 * words for messages and the page.
 */
enum le_stream {
	LE_STREAM_ND = 0,       /* non-denominational (and other denominations) */
	LE_STREAM_RC,           /* Roman Catholic, English-medium */
	LE_STREAM_GM,           /* Gaelic-medium */
	LE_NSTREAMS,
	LE_STREAM_ALL = LE_NSTREAMS     /* special schools' set (net/ only) */
};
const char *le_stream_name(int stream);
const char *le_stream_label(int stream);
/*
 * A pupil stream from a word a user wrote (a scenario's `stream = `):
 * its name or its label, either case ("nd" or "non-denominational",
 * "rc" or "Roman Catholic", "gaelic" or "Gaelic-medium"). Returns the
 * stream (enum le_stream, never LE_STREAM_ALL), or -1.
 * le_stream_choices is the words for the message that refuses one.
 */
int le_stream_parse(const char *word);
const char *le_stream_choices(void);
/*
 * The one rule for which schools serve a stream: does a school of
 * sector school_sector (enum le_sector) teaching stages (bits of the
 * stage system st; 0 = not given, then its sector decides), Roman Catholic
 * (rc != 0) or not, with Gaelic-medium provision (gaelic != 0) or not,
 * take the pupils of pupil_sector (0 primary, 1 secondary) and stream?
 * Special schools serve no stream. Gaelic-medium pupils go to schools
 * with Gaelic provision; English-medium pupils by denomination, RC to
 * RC schools and the rest to the others. A school with Gaelic provision
 * also serves its own denomination's English-medium stream: most Gaelic
 * provision in Scotland is a unit inside an English-medium school.
 */
int le_stream_serves(const struct le_stages *st, int school_sector, unsigned stages,
		     int rc, int gaelic, int pupil_sector, int stream);

/* Building grades; 0 = not given. */
enum le_grade { LE_GRADE_NONE = 0, LE_GRADE_A, LE_GRADE_B, LE_GRADE_C, LE_GRADE_D };

/* Number of single years of age held: 0 .. LE_MAX_AGE, the last open-ended. */
enum { LE_MAX_AGE = 90, LE_NAGES = LE_MAX_AGE + 1 };

struct school {
	char *id;
	char *name;
	int sector;             /* enum le_sector */
	unsigned stages;        /* stage bits of region.stages */
	int denom;              /* enum le_denom */
	char *denom_text;       /* the file's own word, for reports */
	int gaelic;             /* 1 = has Gaelic-medium provision */
	double x, y;            /* location in the working CRS */
	double capacity;        /* places; < 0 = not given */
	int condition;          /* enum le_grade */
	int suitability;        /* enum le_grade */
	double roll;            /* pupils on roll in the base year; < 0 = not given */
	char *zone_id;          /* zone the file names, may be NULL */
	int zone;               /* index into region.zones, -1 if unknown */
	char *council_id;       /* council code as given, may be NULL */
	int council;            /* index into region.councils, -1 if none */
	long src_row;           /* line / feature number in its file */
	char *where;            /* "file:line" (or feature) of its row, for
				 * messages; NULL when not read from a file */
	int land;               /* landmass (region.nland > 0), -1 unknown */
	char *urban_rural;      /* the SG urban/rural class as the file words
				   it ("Accessible Rural Areas"), NULL when
				   not mapped or empty (estate consult) */
};

struct zone {
	char *id;
	char *name;             /* may be NULL */
	char *council_id;       /* may be NULL */
	int council;            /* index into region.councils, -1 if none */
	struct le_geom geom;    /* polygon in the working CRS; empty if none */
	double px, py;          /* representative point inside the polygon */
	int has_geom, has_pop;
	int is_point;           /* given as a point (a zone point file): px, py
				   is the point, geom stays empty, area 0 */
	struct le_geom shape;   /* a point zone's polygon from
				   [zone_boundaries], for drawing only (maps,
				   map layers, catchment areas); never used
				   for travel or joins; empty if none */
	long geom_row, pop_row; /* feature / line numbers in their files */
	char *where;            /* its polygon's "file: feature", or NULL */
	int land;               /* landmass of its point (region.nland > 0) */
};

struct council {
	char *id;
	char *name;             /* may be NULL */
	struct le_geom geom;    /* boundary in the working CRS; may be empty */
};

struct region {
	char *crs;              /* working CRS, e.g. "EPSG:27700" */
	struct school *schools;
	int nschools;
	struct zone *zones;
	int nzones;
	struct council *councils;
	int ncouncils;
	int zone_points;        /* zones given as points (zone.is_point) */
	int zone_shapes;        /* point zones with a drawing polygon
				   (zone.shape, [zone_boundaries]) */
	int pop_year;           /* year of the population estimate, 0 if none */
	double *pop;            /* pop_nzones * LE_NAGES, zone-major; 0 where
				   absent */
	int pop_nzones;         /* zones the pop array covers */
	int zones_left_out;     /* zone polygons outside the filtered
				   population, not loaded (load/areas.c) */
	/* Land and sea (load/land.c): 0 landmasses = not derived, every
	 * trip is a plain straight line as before. */
	int nland;
	int cross_boundary;     /* 1: pupils may go to another council's
				   schools ([model] cross_boundary = yes) */
	double land_gap_m;      /* pieces closer than this are one landmass */
	struct le_link *links;  /* ferries and fixed links, nlinks */
	int nlinks;
	struct le_hops *hops;   /* end-to-end paths over the links */
	struct strmap school_ix, zone_ix, council_ix;
	/* Schools opened, closed or merged since 2019 in the study's
	 * councils, from [model] closures (load/history.c), for estate
	 * check's report: in council order, then date. */
	struct school_change *changes;
	int nchanges;
	struct le_stages stages;        /* the study's stage system */
};

/* One row of the opened / closed list (strings owned). */
struct school_change {
	int council;            /* index into region.councils */
	char *seed, *name, *sector;
	const char *kind;       /* "opened", "closed" or "merged" (static) */
	char *date;             /* ISO date */
	char *details;          /* the list's further details, may be "" */
};

void region_init(struct region *r, const char *crs);
void region_release(struct region *r);
/* Append an element with the given id; returns its index, or -1 (and adds
 * nothing) when the id is already present. Other fields start empty / -1. */
int region_add_school(struct region *r, const char *id);
int region_add_zone(struct region *r, const char *id);
int region_add_council(struct region *r, const char *id);
/* Index by id, or -1. */
int region_school(const struct region *r, const char *id);
int region_zone(const struct region *r, const char *id);
int region_council(const struct region *r, const char *id);
/* Population of zone z at age a (0 if none). */
double region_pop(const struct region *r, int z, int age);
/* Ensure the population array covers every zone (call after adding zones). */
/* A school's or zone's where for a message: where itself, or "(no file)"
 * for one made in memory (tests, scenarios), so that every finding names
 * its source. */
const char *region_where(const char *where);
void region_pop_grow(struct region *r);
/*
 * How zones are drawn (maps, GeoPackage, GeoJSON, estate export), one
 * rule for every writer: a zone's own polygon; else a point zone's
 * drawing polygon (zone.shape, [zone_boundaries]). region_zone_polygon
 * returns that polygon (borrowed), or NULL when the zone has none.
 * region_zone_draw_type is LE_GEOM_POINT when the zones are points and
 * no boundary polygon was given (each zone is then drawn as its point),
 * else LE_GEOM_MULTIPOLYGON (zones without a polygon are left off).
 */
const struct le_geom *region_zone_polygon(const struct zone *zn);
int region_zone_draw_type(const struct region *r);

/* ---------------------------------------------------------------- land and sea */

/*
 * A link between two landmasses (core/land.c): a ferry (sailings > 0: a
 * mean wait of half the headway of a 12-hour school travel day,
 * LE_SCHOOL_DAY_MIN) or a fixed link, a bridge or causeway longer than the
 * landmass gap (sailings 0: no wait). Ends a and b are port points in the
 * working CRS on landmasses la and lb.
 */
#define LE_SCHOOL_DAY_MIN 720.0

struct le_link {
	char *name, *operator_name, *source;
	double ax, ay, bx, by;
	int la, lb;
	double crossing_s;      /* time on the water (or over the bridge) */
	double sailings;        /* per school day; 0 = fixed link */
	double wait_s;          /* 0.5 * LE_SCHOOL_DAY_MIN / sailings, in s */
	long src_row;           /* line in the links file */
};

/* A straight-line trip over land and links (region_trip). */
struct le_trip {
	double dist_m;          /* land legs x detour + sea crossings */
	double land_m;          /* the land legs x detour */
	double ferry_s;         /* crossings and waits */
	int nlinks;             /* links used (0: same landmass) */
};

/*
 * Append a link (strings copied; ends already on their landmasses) and
 * rebuild the paths between link ends: call after the last one. The
 * paths choose, between any two ends, the least land x 1.3 + sea.
 */
void region_add_link(struct region *r, const struct le_link *l);
void region_links_ready(struct region *r);
/* Free the links and paths (region_release calls it). */
void region_links_release(struct region *r);

/*
 * The pairing rule of every straight-line trip (zone point z on landmass
 * zl, school at s on landmass sl): the same landmass (or landmasses not
 * derived, or either unknown): the straight line x detour; otherwise the
 * best path over the links: land leg to a port, crossings (with their
 * waits), land legs between ports, land leg to the school. Returns 1 and
 * fills *t, or 0 when no link reaches sl: never across open water.
 */
int region_trip(const struct region *r, int zl, double zx, double zy, int sl,
		double sx, double sy, double detour, struct le_trip *t);

/*
 * The pairing rule of a zone and a school by straight line: zone z with a
 * school of council school_council (NULL: unknown) on landmass sl at (sx,
 * sy). Unless r->cross_boundary, a zone is paired only with its own
 * council's schools (when both councils are known: councils plan their
 * own estates); then region_trip from the zone's point and landmass.
 * Returns 1 and fills *t, or 0: not a candidate.
 */
int region_pair(const struct region *r, int z, const char *school_council, int sl,
		double sx, double sy, double detour, struct le_trip *t);

/* Words: "primary", "secondary", "special"; -1 / NULL when unknown. */
const char *le_sector_name(int sector);
int le_sector_parse(const char *word);
const char *le_denom_name(int denom);
/* "A".."D" -> grade; 0 for empty; -1 when not a grade. */
int le_grade_parse(const char *word);
const char *le_grade_name(int grade);

/* ---------------------------------------------------------------- threads
 * (threads.c: the thread count of the parallel steps, one rule for all) */

/* The largest thread count accepted anywhere (option, study, environment). */
#define LE_THREADS_MAX 256
/* Parse a thread count: a whole number 1..LE_THREADS_MAX (spaces around it
 * allowed). Returns 0 and sets *out, or -1 (out untouched). */
int le_threads_parse(const char *s, int *out);
/* The number of online CPUs (sysconf), 1..LE_THREADS_MAX; 1 when unknown. */
int le_threads_online(void);
/*
 * The thread count of a run: opt (--threads; 0 = not given), else study
 * ([study] threads; 0 = not given), else the environment variable
 * ESTATE_THREADS, else le_threads_online(). A set but bad ESTATE_THREADS
 * is LE_EUSAGE ("ESTATE_THREADS: expected ...") whatever wins; opt and
 * study are checked where they are read (their option name or line).
 */
int le_threads_resolve(int opt, int study, int *out, struct le_err *err);
/* ---------------------------------------------------------------- progress */

/*
 * Progress of long work (progress.c). Library code reports through a
 * struct le_progress and never prints: the reports go to a sink that the
 * front end installs (cli/ decides: a terminal, or ESTATE_PROGRESS=1);
 * with no sink every call is a comparison and nothing more.
 *
 *   struct le_progress p;
 *   le_progress_begin(&p, "reading roads.geojson", file_bytes, LE_PROGRESS_PERCENT);
 *   ... le_progress_update(&p, bytes_done); ...
 *   le_progress_end(&p, rc == LE_OK);
 *
 * PERCENT tasks (bytes of a file, links of a network) reach the sink at each new whole percent,
 * COUNT tasks ("scenario 3 of 12") at each new count. what is borrowed
 * and must outlive the task.
 */
enum le_progress_kind { LE_PROGRESS_PERCENT = 0, LE_PROGRESS_COUNT };

struct le_progress {
	const char *what;       /* "reading roads.geojson" */
	double total;           /* bytes or items; <= 0: unknown (no reports) */
	int kind;               /* enum le_progress_kind */
	long step;              /* last step given to the sink; -1 none */
	double t0;              /* monotonic start time, seconds */
	int shown;              /* sink's state: something is on screen */
	long printed;           /* sink's state: last step it printed */
};

/* The sink: done of p->total; final = 1 once, at le_progress_end, with
 * completed saying whether the task finished. */
typedef void (*le_progress_sink)(struct le_progress *p, double done, int final,
				 int completed);

/* Install the sink (NULL: none, the default). Process-wide. */
void le_progress_set_sink(le_progress_sink fn);
void le_progress_begin(struct le_progress *p, const char *what, double total, int kind);
void le_progress_update(struct le_progress *p, double done);
void le_progress_end(struct le_progress *p, int completed);
/* Seconds since p began (for a sink that shows only slow work). */
double le_progress_elapsed(const struct le_progress *p);

#endif
