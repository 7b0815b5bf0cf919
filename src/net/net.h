/*
 * net.h: the road network. Road links as read from a source (OS Open
 * Roads, plain lines, OpenStreetMap), the routable graph in compressed
 * sparse row form with per-mode costs, snapping of points to it, and the
 * k nearest schools of every node by multi-source Dijkstra.
 *
 * Coordinates are in the working CRS (metres). Node ids are 32-bit
 * indices into the graph's arrays.
 */
#ifndef ESTATE_NET_H
#define ESTATE_NET_H

#include "core/core.h"

enum net_mode { NET_WALK = 0, NET_DRIVE, NET_NMODES };

/* Road classes; speeds per class and mode come from models/ (net_speeds). */
enum net_class {
	NET_MOTORWAY = 0, NET_TRUNK, NET_PRIMARY, NET_SECONDARY, NET_TERTIARY,
	NET_UNCLASSIFIED, NET_RESIDENTIAL, NET_SERVICE, NET_PATH, NET_FERRY_ROUTE,
	NET_NCLASSES
};

enum net_link_flags {
	NET_WALK_OK = 1 << 0,    /* walkers may use it (both directions) */
	NET_DRIVE_OK = 1 << 1,   /* cars may use it */
	NET_ONEWAY = 1 << 2,     /* driving only along the line's direction */
	NET_ONEWAY_REV = 1 << 3, /* driving only against it (oneway=-1) */
	NET_FERRY = 1 << 4       /* a ferry crossing: cost is ferry_s */
};

/*
 * A road link as read: a polyline (npts points from first_pt in the
 * owning net_links' xy) with its attributes. start_node / end_node are the
 * source's topology (OS Open Roads startNode/endNode, OSM node ids) mapped
 * to integers, or -1 when the source has none: then links join where
 * their end points coincide within the snapping tolerance.
 */
struct net_link {
	int first_pt, npts;
	double len_m;            /* length; <= 0: computed from the line */
	double ferry_s;          /* crossing time of a ferry link; <= 0: length / ferry speed */
	double speed_kph[NET_NMODES]; /* explicit speed (maxspeed); <= 0: class default */
	int cls;                 /* enum net_class */
	unsigned flags;          /* enum net_link_flags */
	long long start_node, end_node;
};

/* The links of one network source; owns its arrays. */
struct net_links {
	struct net_link *v;
	int n, alloc;
	double *xy;              /* 2 * npts */
	int npts, pts_alloc;
};

void net_links_init(struct net_links *l);
void net_links_release(struct net_links *l);

/*
 * Append a link with npts points copied from xy (2 * npts doubles, working
 * CRS, metres) and return its index. The other fields start "not given":
 * len_m = ferry_s = speed_kph[] = 0, start_node = end_node = -1; set them
 * on l->v[index] afterwards. cls is an enum net_class, flags a set of
 * enum net_link_flags.
 */
/* Planar length of link i's line (CRS units: metres in a projected CRS). */
double net_link_line_m(const struct net_links *l, int i);
/* Link i's length as the graph uses it: len_m if given, else its line. */
double net_link_length_m(const struct net_links *l, int i);
/* Sum of net_link_length_m over all links. */
double net_links_length_m(const struct net_links *l);

int net_links_add(struct net_links *l, const double *xy, int npts, int cls,
		  unsigned flags);

/* ---------------------------------------------------------------- readers
 * (read.c and friends: the study's [roads] layer into net_links) */

struct study;
struct geo_ctx;

/*
 * Read the study's [roads] layer (s->layers[STUDY_ROADS]) into out (which
 * the caller has net_links_init'ed; links are appended), coordinates in
 * the working CRS s->crs. The file type decides the reader:
 *
 *  - .osm / .pbf: OpenStreetMap. highway=* ways become links, split at
 *    every node that another kept way also uses (so links meet at
 *    junctions); route=ferry ways become NET_FERRY links usable by both
 *    modes, ferry_s from the duration tag (HH:MM, HH:MM:SS or minutes; a
 *    bad one, or one over 24 hours, is a warning and ferry_s = 0).
 *    Walk-only: footway, path, steps, pedestrian, cycleway, bridleway,
 *    track; drive-only: motorway(_link); access=no/private, foot=no,
 *    motor_vehicle=no close a mode, foot / motor_vehicle = yes reopen it.
 *    oneway=yes/true/1, junction=roundabout and motorways are one-way for
 *    driving (NET_ONEWAY), oneway=-1 against the line (NET_ONEWAY_REV);
 *    walking ignores them. maxspeed ("50", "30 mph") gives
 *    speed_kph[NET_DRIVE]. start_node / end_node number the OSM nodes in
 *    order of first use. Nodes missing from an extract cut their ways
 *    (one warning in d).
 *  - anything else: a line table through io_table_read (GeoJSON,
 *    SpatiaLite, GeoPackage) with the study's field mapping: id, class,
 *    form, length (metres), start_node, end_node, oneway, speed (km/h or
 *    "N mph"); unmapped, a column named like the field is used, and the
 *    OS Open Roads names identifier, formOfWay, startNode, endNode too.
 *    class takes OS Open Roads words ("A Road", ...), our class names
 *    ("primary", ...) or the study's "class.<word> = <class>"; an unknown
 *    word gives NET_UNCLASSIFIED and one warning per word. Node strings
 *    are numbered in order of first appearance; without node columns
 *    start_node = end_node = -1. Without a class column every link is
 *    NET_UNCLASSIFIED, walk + drive. A length column fills len_m, else 0.
 *    MultiLineStrings whose parts do not touch give one link per part
 *    (node ids -1, one warning in d). filter.<column> keys apply.
 *    models/network.ini documents the word mappings.
 *
 * Errors (the first wins; out then holds what was read before it):
 *  LE_EIO / LE_EPARSE / LE_EDB from the file readers;
 *  LE_EPARSE "study.ini:L: [roads] class = X: FILE has no column 'X'
 *    (columns: ...)", "FILE:LINE: features[i]: road length '-3' is negative";
 *  LE_EGEO "FILE:LINE: features[i]: road has no geometry", "... road is a Point
 *    (expected LineString or MultiLineString)", an unknown CRS, a file
 *    whose declared CRS contradicts its coordinates (io_table_check_crs,
 *    unless [roads] crs overrides it), a vertex or OSM node outside the
 *    working CRS's area (named by its id; an OSM point by its way's id);
 *  LE_EPARSE "FILE:LINE: <tag> has no 'k' attribute (...)" and the like
 *    for a malformed .osm file, "FILE: not a valid OpenStreetMap file
 *    (GDAL: ...)" for a corrupt .pbf (io_osm_read);
 *  LE_EDATA "FILE: the roads layer has no lines".
 */
int net_read_links(const struct study *s, struct geo_ctx *g,
		   struct net_links *out, struct le_diags *d,
		   struct le_err *err);

/*
 * A GeoJSON road file is streamed (io_geojson_stream) straight into the
 * links; anything the stream does not answer for exactly (every error,
 * and the rare file shapes io_geojson_stream lists) is read through the
 * table reader instead, so links, warnings and messages are the same
 * either way. net_read_links_table always takes the table reader (the
 * oracle the unit tests compare with); net_read_streamed says how many
 * features the last net_read_links took from the stream (0: none).
 */
int net_read_links_table(const struct study *s, struct geo_ctx *g,
			 struct net_links *out, struct le_diags *d,
			 struct le_err *err);
long net_read_streamed(void);

/*
 * Read the speed table models/network.ini: sections [walk] and [drive]
 * with one "class = km/h" line for every class but ferry (names:
 * motorway, trunk, primary, secondary, tertiary, unclassified,
 * residential, service, path; 0 = the mode may not use the class), and
 * [ferry] speed = km/h. Fills kph[class][mode] (kph[NET_FERRY_ROUTE][*]
 * = *ferry_kph) and *ferry_kph. Comments start with ';' or '#'.
 * Errors: LE_EIO; LE_EPARSE "path:12: unknown road class 'motrway'
 * (expected motorway, trunk, ...)", a negative or non-numeric speed, an
 * unknown section or key, a duplicate, a missing class.
 */
int net_read_speeds(const char *path, double kph[][NET_NMODES],
		    double *ferry_kph, struct le_err *err);


/* end of readers */

/* ---------------------------------------------------------------- graph
 * (graph.c, knn.c, snap.c: CSR graph, k nearest, snapping) */

#include <stdint.h>

/*
 * Speeds in km/h per road class and mode, used when a link has no explicit
 * speed_kph for the mode. A speed <= 0 means the mode cannot use links of
 * that class. Ferry links are usable by both modes at ferry_kph unless they
 * carry their own crossing time (ferry_s).
 */
struct net_speeds {
	double kph[NET_NCLASSES][NET_NMODES];
	double ferry_kph;
};

/*
 * The built-in defaults (a user's models/network.ini overrides them):
 *   walking 4.8 km/h (the 3 mph of school travel guidance) on every class
 *   but motorways (0: no walking);
 *   driving motorway 96, trunk 80, primary 64, secondary 56, tertiary 48,
 *   unclassified 40, residential 32, service 16, path 0 (not drivable);
 *   ferry 20 km/h (about 11 knots, a typical CalMac crossing), also in
 *   kph[NET_FERRY_ROUTE][*] as net_read_speeds fills it.
 */
struct net_speeds net_speeds_default(void);

/*
 * Resolution of stored costs: arcs keep distance in centimetres and time
 * in centiseconds as 32-bit integers, so that sums are exact, Dijkstra is
 * deterministic and a per-pair reference agrees to the last unit. Limits:
 * a path of at most 42,949 km and 497 days, far beyond any school trip.
 */
#define NET_CM_PER_M 100.0
#define NET_CS_PER_S 100.0

/* One arc of a mode's CSR: target node and its costs. */
struct net_arc {
	uint32_t to;
	uint32_t dist_cm;
	uint32_t time_cs;
};

/*
 * The arcs one mode may use, CSR, stored reversed: node v's list
 * arcs[off[v]..off[v+1]) holds the arcs ARRIVING at v, .to being the
 * node they leave. A search from the schools over these lists finds the
 * cost of every node's trip TO a school, the direction pupils travel
 * (one-way streets are driven only their allowed way towards school).
 */
struct net_csr {
	uint32_t *off;          /* nnodes + 1 */
	struct net_arc *arcs;   /* narcs */
	uint32_t narcs;
};

/*
 * The routable graph. Nodes are link end points (source topology ids, or
 * coordinates merged within a tolerance); 32-bit ids 0..nnodes-1 in order
 * along a Hilbert curve over the nodes' bounding box (ties in order of
 * first appearance in the links), so that nodes near each other on the
 * ground are near each other in memory: the k-nearest search is bound by
 * memory latency. Ids are not the order of the links: find a link's
 * nodes in link_node. Components are undirected over the union of both
 * modes' arcs, numbered in order of their lowest node.
 */
struct net_graph {
	uint32_t nnodes;
	double *xy;                     /* 2 * nnodes, working CRS metres */
	struct net_csr mode[NET_NMODES];
	int nlinks;
	uint32_t *link_node;            /* 2 * nlinks: from and to node */
	int ncomp;
	uint32_t *comp;                 /* nnodes: component of each node */
	uint32_t *comp_size;            /* ncomp: nodes in each component */
	int largest_comp;               /* index of the largest (lowest on ties) */
	/* The same per mode, over that mode's arcs only (a node the mode
	 * cannot use is a component of size 1): snapping for a mode. */
	int mncomp[NET_NMODES];
	uint32_t *mcomp[NET_NMODES];
	uint32_t *mcomp_size[NET_NMODES];
	int mlargest[NET_NMODES];
	/*
	 * Per link, what snapping onto links needs (snap.c), kept in the
	 * graph so that a graph without its links (a cached one) still
	 * snaps: the line's interior vertices (its ends are the nodes'
	 * xy), link i's being link_xy[2 * link_ipt[i] .. 2 * link_ipt[i +
	 * 1]); its length as its arcs cost it; per mode the time of the
	 * whole link and the directions the mode may take it (bit 0 along
	 * the line, from link_node[2i] to link_node[2i + 1]; bit 1 against
	 * it; 0: the mode has no arc on it, or it is a self loop).
	 */
	uint32_t *link_ipt;             /* nlinks + 1 */
	double *link_xy;                /* 2 * link_ipt[nlinks] */
	uint32_t *link_dist_cm;         /* nlinks */
	uint32_t *link_time_cs[NET_NMODES];
	unsigned char *link_dirs[NET_NMODES];
};

/* Default tolerance (metres) for merging line end points into one node. */
#define NET_MERGE_TOL_M 0.01

/*
 * Build g from links l with speeds sp. An end with start_node / end_node
 * >= 0 is that source node (two links naming the same id share it, even
 * if their coordinates differ); an end with -1 joins any node (either
 * kind) within merge_tol_m (<= 0: NET_MERGE_TOL_M), the one that appeared
 * first in the links when several are in reach. Self loops are dropped (they never shorten a path).
 * Lengths: len_m if > 0, else the polyline length. Arc rules:
 *   walk:  NET_WALK_OK links, both directions, at the walking speed;
 *   drive: NET_DRIVE_OK links, along / against the line per NET_ONEWAY /
 *          NET_ONEWAY_REV, at the driving speed;
 *   ferry: NET_FERRY links, and links of class NET_FERRY_ROUTE (how a
 *          table source says ferry), in both modes (mode flags not needed), one-way
 *          flags still apply to driving, time ferry_s or length / ferry_kph.
 * A link whose speed for a mode resolves to <= 0 gives that mode no arc.
 * g is initialised here; release it with net_graph_release even on error.
 * Errors: LE_EDATA "road link N has fewer than 2 points", too many nodes.
 */
int net_graph_build(struct net_graph *g, const struct net_links *l,
		    const struct net_speeds *sp, double merge_tol_m,
		    struct le_err *err);
void net_graph_release(struct net_graph *g);

/*
 * A source of a k-nearest search (a school): its snapped node (-1: not on
 * the network, ignored) and the cost of reaching it from the node (the
 * snap leg), added to every path from it. A school snapped onto a link
 * is reached from either end of it: has2 = 1 adds node2 with its own
 * cost (node2's way along the link and the snap leg); 0 (as a zeroed
 * source has it) means node alone.
 */
struct net_source {
	int32_t node;
	double extra_m, extra_s;
	int32_t node2;
	double extra2_m, extra2_s;
	int has2;
};

/* One label of a node: a source and the costs of the best path to it. */
struct net_label {
	uint32_t src;           /* index into the sources given */
	uint32_t dist_cm;
	uint32_t time_cs;
};

/*
 * The k nearest sources of every node for one mode. Node v's labels are
 * lab[v * k .. v * k + cnt[v]), best first. Ranking: NET_WALK by distance
 * (statutory walking limits are distances), NET_DRIVE by time (what a
 * driver minimises); the other metric is that of the same path; ties by
 * the other metric, then by source index, so the result is deterministic.
 */
struct net_knn {
	int mode, k;
	uint32_t nnodes;
	unsigned char *cnt;     /* nnodes */
	struct net_label *lab;  /* nnodes * k */
};

/* Default number of nearest schools kept per node. */
#define NET_KNN_DEFAULT_K 8

/*
 * Label every node of g with its k (1..255; <= 0: NET_KNN_DEFAULT_K)
 * nearest of the nsrc sources for mode, by one multi-source search in
 * which a node keeps at most k labels and one per source (about k
 * passes over the graph; knn.c says how). out is initialised here;
 * release it with net_knn_release. Memory while it runs: 8 bytes per
 * node plus the result's 12 k + 1, plus the queue.
 * Errors: LE_EUSAGE for a bad mode or a source node out of range.
 */
int net_knn_run(struct net_knn *out, const struct net_graph *g, int mode,
		const struct net_source *src, int nsrc, int k,
		struct le_err *err);
void net_knn_release(struct net_knn *r);

/* One search for net_knn_many: inputs, then its result and error. */
struct net_knn_job {
	int mode;
	const struct net_source *src;
	int nsrc, k;
	struct net_knn out;     /* filled; release each with net_knn_release */
	int rc;
	struct le_err err;
};

/*
 * Run njobs searches on up to nthreads threads (<= 0: le_threads_online(),
 * the one default of every parallel step), e.g. walking and driving in
 * parallel; never more threads than jobs. Each job has its own state, so
 * results are identical whatever nthreads. Each job's own rc / err says
 * how it went; the first failure (in job order) is also copied to err.
 */
int net_knn_many(const struct net_graph *g, struct net_knn_job *jobs,
		 int njobs, int nthreads, struct le_err *err);

/* How a zone-to-school pair was measured. */
enum net_method { NET_BY_NETWORK = 0, NET_BY_STRAIGHT_LINE };
/* "network" or "straight line", as travel.csv writes it. */
const char *net_method_name(int method);

/* Where a point joins the network ([roads] snap = link | node). */
enum net_snap_to { NET_SNAP_LINK = 0, NET_SNAP_NODE };

/*
 * Snapping and fallback parameters.
 *   to: NET_SNAP_LINK (default): the nearest point of a usable link, with
 *     the point's way along the link to each of its ends; NET_SNAP_NODE:
 *     the nearest usable node (the peers' rule, and estate's before
 *     issue 15);
 *   tol_m: a point farther than this from every usable link (node) is not
 *     snapped and falls back to straight-line distance (default 2,000 m);
 *   detour: straight-line distance is multiplied by this (default 1.3);
 *   min_comp_nodes, min_comp_frac: a component is usable when it is the
 *     largest, or has >= min_comp_nodes nodes (default 50), or >=
 *     min_comp_frac of all nodes (default 0.01): small pieces (a car park,
 *     a digitising slip) would trap a point with no school in reach;
 *   offnet_kph: the speed of the snap leg and of straight-line fallbacks
 *     per mode (default walk 4.8, drive 32 km/h: a residential street).
 */
struct net_snap_opts {
	int to;                 /* enum net_snap_to */
	double tol_m, detour;
	int min_comp_nodes;
	double min_comp_frac;
	double offnet_kph[NET_NMODES];
};
void net_snap_opts_default(struct net_snap_opts *o);

/*
 * One end of the link a point snapped onto: the node, the costs of the
 * way between the snap point and it along the link (metres of the link's
 * length, seconds at the mode's speed on it), and whether the mode may
 * go that way: leave (point -> node: a zone's start) and enter (node ->
 * point: a school's arrival). One-way links allow one of the two at
 * each end when driving; a snap point on the node itself allows both.
 */
struct net_snap_end {
	int32_t node;           /* -1: no such end */
	double dist_m, time_s;
	int leave, enter;
};

/*
 * A point snapped: node -1 = fallback (no usable road within the
 * tolerance). Snapped to a node: node, snap_m the distance to it, link
 * -1 and end[0] = the node at no cost. Snapped onto a link: link, the
 * snap point (sx, sy) at pos_m of the link's length from its first
 * node, snap_m the distance from the point to it, end[0] / end[1] the
 * link's first / last node, node the nearer of the two (either: both are
 * on one component).
 */
struct net_snap {
	double x, y;            /* the point itself */
	int32_t node;
	double snap_m;          /* 0 when node is -1 */
	int32_t link;
	double sx, sy, pos_m;
	struct net_snap_end end[2];
};

/*
 * Snap n points (xy: 2 * n, working CRS) to g for mode, by o->to:
 * NET_SNAP_NODE: the nearest node of a usable component (uniform grid
 * index over those nodes; the lowest node id on exact ties);
 * NET_SNAP_LINK: the nearest point of a usable link (a link with an arc
 * of the mode, on a usable component; a grid over the links' segments;
 * ties to the lowest link, then the earlier segment). mode NET_WALK /
 * NET_DRIVE: the mode's own components and arcs (a zone beside a footway
 * snaps, for driving, to the nearest drivable road); -1: the components
 * of both modes together and any link with an arc (`estate check`'s
 * view; ends then allow both directions at no time). A point with
 * nothing usable within o->tol_m gets node -1. Returns LE_OK (a graph
 * without usable roads snaps nothing).
 */
int net_snap_points(const struct net_graph *g, const double *xy, int n, int mode,
		    const struct net_snap_opts *o, struct net_snap *out,
		    struct le_err *err);

/* One snapping of net_snap_many: mode and options, n results in out. */
struct net_snap_job {
	int mode;
	const struct net_snap_opts *o;
	struct net_snap *out;
};
#define NET_SNAP_MAX_JOBS 8

/*
 * Snap the same n points for several modes or options at once, each job
 * as net_snap_points would: the link jobs share one grid (its build is
 * most of the cost: 0.1-0.3 s on the Scotland-size network). Errors:
 * LE_EUSAGE for more than NET_SNAP_MAX_JOBS jobs, or a link job on a
 * graph without its link arrays (net_graph.link_*: a graph restored
 * from a cache must restore them too).
 */
int net_snap_many(const struct net_graph *g, const double *xy, int n,
		  const struct net_snap_job *jobs, int njobs, struct le_err *err);

/*
 * Sources for net_knn_run from snapped schools: node and snap leg (metres,
 * and seconds at o->offnet_kph[mode]), plus for a link snap the way
 * along the link from each end the mode may enter it by (node2 when
 * both). out has n elements.
 */
void net_sources_from_snaps(const struct net_snap *s, int n, int mode,
			    const struct net_snap_opts *o,
			    struct net_source *out);

/* One row of the zone-to-school table. */
struct net_pair {
	int school;             /* index into the schools given */
	double dist_m, time_s;
	int method;             /* enum net_method */
	/* Network pairs: the zone's and the school's distance to the road
	 * they join it by (included in dist_m); 0 for straight-line pairs. */
	double zone_snap_m, school_snap_m;
};

/*
 * The k nearest schools of each zone for one mode: zone z's rows are
 * v[z * k .. z * k + n[z]), ranked as in net_knn (rank = position + 1).
 */
struct net_table {
	int mode, k, nzones;
	int *n;                 /* nzones */
	struct net_pair *v;     /* nzones * k */
};

/*
 * Build the table from knn (the schools' search for knn->mode; its source
 * i is school i) and the snapped zones and schools. A snapped zone gets
 * its node's labels plus its own snap leg; a zone snapped onto a link the
 * better of its two ends' labels (each plus the way along the link to
 * it: the k nearest of the two lists together are exact), and a school
 * on the same link directly along it when the mode may go that way.
 * Each network pair keeps the zone's and the school's snap distances
 * (net_pair.zone_snap_m, school_snap_m). Pairs the network cannot give
 * are measured in a straight line times o->detour at o->offnet_kph: all
 * schools for a zone that did not snap (or reaches no school), and
 * schools that did not snap for every zone. Network and straight-line
 * candidates are ranked together; the best knn->k are kept.
 */
int net_table_build(struct net_table *t, const struct net_knn *knn,
		    const struct net_snap *zones, int nzones,
		    const struct net_snap *schools, int nschools,
		    const struct net_snap_opts *o, struct le_err *err);
void net_table_release(struct net_table *t);

/* end of graph */

/* ---------------------------------------------------------------- travel
 * (travel.c: the zone-to-school tables of a region, per stream and mode) */

/*
 * Streams: the core table's (le_stream_*), plus the special schools'
 * set. Which schools a stream's pupils may attend is le_stream_serves.
 */
enum net_stream {
	NET_STREAM_NONDENOM = LE_STREAM_ND,
	NET_STREAM_RC = LE_STREAM_RC,
	NET_STREAM_GAELIC = LE_STREAM_GM,
	NET_STREAM_ALL = LE_STREAM_ALL,
	NET_NSTREAMS
};
/* le_stream_name: "nd", "rc", "gaelic", "all". */
const char *net_stream_name(int stream);
/* Is school s in the set (sector, stream)? Sector LE_SPECIAL with
 * NET_STREAM_ALL for special schools; else le_stream_serves. */
int net_stream_has(const struct le_stages *st, const struct school *s, int sector, int stream);

/* One set of schools and, per mode, its zone-to-school table. */
struct net_travel_set {
	int sector, stream;
	int nschools;
	int *school;                     /* region school indices */
	struct net_table table[NET_NMODES];  /* pair.school indexes school[] */
};

struct net_travel_opts {
	int k;                          /* schools kept per zone (default 8) */
	int threads;                    /* searches run at once: the study's
					   resolved count (struct study
					   threads); <= 0: the online CPUs.
					   Never in the cache key: results
					   do not depend on it */
	struct net_speeds speeds;
	struct net_snap_opts snap;
	double merge_tol_m;
};
void net_travel_opts_default(struct net_travel_opts *o);
/* The defaults, then the study's [roads] options: k, detour_factor,
 * snap_tolerance_m and speeds (a network.ini read by net_read_speeds),
 * and the study's thread count (s->threads). */
int net_travel_opts_read(const struct study *s, struct net_travel_opts *o,
			 struct le_err *err);

/*
 * The travel tables of a region. Zones without a location (population
 * but no polygon) have no rows. Figures for the report: graph size,
 * components, how many points snapped.
 */
struct net_travel {
	int nsets;
	struct net_travel_set *sets;
	int nzones;
	int k;
	int have_network;
	uint32_t nnodes, nlinks, ncomp, largest_nodes;
	double tol_m;                   /* the snapping tolerance used */
	int snap_to;                    /* the rule used: enum net_snap_to */
	/* Per mode: a point is on the network for a mode when it snapped
	 * to a node of that mode's usable roads (a zone by a footway may
	 * be on the walking network and off the driving one). */
	int zones_snapped[NET_NMODES], zones_fallback[NET_NMODES];
	int zones_unlocated;
	int schools_snapped[NET_NMODES], schools_fallback[NET_NMODES];
	/* Points whose nearest road node lies on a small component (which
	 * the snapping skips): nzones / nschools flags, for `estate check`. */
	char *zone_small, *school_small;
	int nschools;
	/* How each point was snapped per mode (region order); node -1 =
	 * fallback. Empty (NULL) when the tables came from the cache. */
	struct net_snap *zsnap[NET_NMODES], *ssnap[NET_NMODES];
	struct net_graph graph;         /* kept until net_travel_release */
};

/*
 * The school sets of region r (one per sector and stream that has schools)
 * with empty tables: the first step of net_travel_build, and all a cached
 * table needs to be put back.
 */
void net_travel_sets(struct net_travel *t, const struct region *r, int k);

/*
 * Build every table: snap zones (representative points) and schools to
 * the graph built from links (NULL or no links: straight line only), one
 * k-nearest search per set and mode (on o->threads threads), then the tables.
 * t is initialised here; release with net_travel_release.
 */
int net_travel_build(struct net_travel *t, const struct region *r,
		     const struct net_links *links,
		     const struct net_travel_opts *o, struct le_err *err);
/*
 * The two halves of net_travel_build: the graph, snapping and component
 * flags (all `estate check` needs), then the searches and tables.
 */
int net_travel_network(struct net_travel *t, const struct region *r,
		       const struct net_links *links,
		       const struct net_travel_opts *o, struct le_err *err);
int net_travel_tables(struct net_travel *t, const struct region *r,
		      const struct net_travel_opts *o, struct le_err *err);
/*
 * net_travel_network on a graph already built (or loaded from the
 * cache): ownership of *g passes to t (g is left empty), have_network
 * says whether the study has roads. Sets, snapping and flags as
 * net_travel_network.
 */
int net_travel_snap(struct net_travel *t, const struct region *r,
		    struct net_graph *g, int have_network,
		    const struct net_travel_opts *o, struct le_err *err);
void net_travel_release(struct net_travel *t);

/*
 * Zones off the network for mode: located zones (with rows) none of
 * whose pairs for mode was measured on the network (the zone did not
 * snap to a road of that mode, or reaches no school by it). Read from
 * the tables, so a cached travel gives the same count.
 */
int net_travel_offnet(const struct net_travel *t, int mode);


/* ---------------------------------------------------------------- pipeline
 * (cache.c: the one place every command gets its travel from) */

struct io_travel_row;

enum net_travel_flags {
	NET_TRAVEL_NETWORK = 1 << 0, /* graph, snaps and component flags only
					(estate check): no tables */
	NET_TRAVEL_GRAPH = 1 << 1    /* keep the graph and snaps even when the
					tables come from the cache */
};

/* Where the network of a net_travel_get came from (info->graph). */
enum net_graph_source {
	NET_GRAPH_NONE = 0,     /* not needed (tables from the cache) or no roads */
	NET_GRAPH_BUILT,        /* roads read and the graph built */
	NET_GRAPH_CACHED        /* loaded from the workspace */
};

/* What net_travel_get did, for the command's summary. */
struct net_travel_info {
	struct net_travel_opts opts;    /* the study's [roads] options, resolved */
	char key[17];                   /* the travel tables' cache key (hex) */
	char graph_key[17];             /* the network's cache key (hex) */
	char *ws_path;                  /* <ws_dir>/workspace.sqlite, or NULL */
	unsigned flags;                 /* as given to net_travel_get */
	int reused;                     /* 1: tables from the cache */
	int graph;                      /* enum net_graph_source */
	char *ws_damage;                /* why the cache could not be used
					   (damaged, rebuilt), or NULL */
	double road_km;                 /* length of the links read (0 if not) */
	struct le_diags road_diags;     /* the road reader's findings, kept in
					   the cache with the tables and the
					   network and given back to d on a hit */
};

/*
 * Travel for study s and region r (loaded by load_region): read the
 * [roads] options (net_travel_opts_read), then the tables from the
 * workspace <ws_dir>/workspace.sqlite when their key matches. The graph,
 * when needed (no cached tables, flags asking for it), comes from the
 * same workspace when the network's key matches (the road file's bytes
 * and the [roads] settings that shape the graph: net/store.c), else the
 * roads are read (net_read_links, warnings into d) and the graph built.
 * Then zones and schools are snapped to it and the tables searched
 * (net_travel_build's steps). ws_dir NULL: no cache. flags: enum
 * net_travel_flags. A damaged workspace or network blob is never an
 * error: it is rebuilt and recomputed (info->ws_damage says why).
 * Nothing is written here: call net_travel_store once the command has
 * succeeded. t and info are initialised here; release them with
 * net_travel_release and net_travel_info_release, also on error.
 * Errors: those of the readers and of net_travel_build; LE_EDB when an
 * existing workspace cannot be opened or rebuilt at all.
 */
int net_travel_get(struct net_travel *t, const struct study *s, struct geo_ctx *g,
		   const struct region *r, const char *ws_dir, unsigned flags,
		   struct le_diags *d, struct net_travel_info *info,
		   struct le_err *err);
/* Keep t in the workspace under info's keys: the tables (unless they
 * were reused or not computed: NET_TRAVEL_NETWORK) and the network
 * (when it was built here). Nothing without a workspace path. Creates
 * ws_dir. LE_EIO / LE_EDB. */
int net_travel_store(const struct net_travel *t, const struct net_travel_info *info,
		     struct le_err *err);
/* The same into <ws_dir>/workspace.sqlite rather than info's (estate
 * check --out: read in the output folder, kept in its staging copy). */
int net_travel_store_at(const struct net_travel *t, const struct net_travel_info *info,
			const char *ws_dir, struct le_err *err);
void net_travel_info_release(struct net_travel_info *info);
/* t's rows in travel.csv order (zone, set, mode, rank); free() them. */
struct io_travel_row *net_travel_rows(const struct net_travel *t, size_t *n);

/* ---------------------------------------------------------------- store
 * (store.c: the built network as a blob in the workspace) */

struct io_ws;

/* The blob's name in the workspace. */
#define NET_STORE_BLOB "network"

/*
 * Keep g (as net_graph_build made it) in ws under key, with the road
 * figures the reports need: road_km and the road reader's findings
 * (diags, may be NULL). One blob: a header (format version, byte order,
 * sizes, total length, XXH64 checksum), a section table, the arrays.
 * Errors: those of io_ws_blob_put.
 */
int net_graph_save(struct io_ws *ws, const char *key, const struct net_graph *g,
		   double road_km, const struct le_diags *diags, struct le_err *err);
/*
 * Load the graph kept under key into g (initialised here; release with
 * net_graph_release), *road_km and the findings (appended to diags).
 * *found = 0 when there is none under key, or when the blob fails any
 * check (truncated, another version, byte order or sizes, a size or
 * count that disagrees, the checksum, an id out of range): then g is
 * empty and io_ws_damage(ws) says why. Never trusts what it cannot
 * check. Returns LE_OK.
 */
int net_graph_load(struct io_ws *ws, const char *key, struct net_graph *g,
		   double *road_km, struct le_diags *diags, int *found);

#endif
