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
 *    modes, ferry_s from the duration tag (HH:MM, HH:MM:SS or minutes).
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
 *    (columns: ...)", "FILE: feature N: road length '-3' is negative";
 *  LE_EGEO "FILE: feature N: road has no geometry", "... road is a Point
 *    (expected LineString or MultiLineString)", an unknown CRS, a vertex
 *    or OSM node outside the working CRS's area (named by its id);
 *  LE_EDATA "FILE: the roads layer has no lines".
 */
int net_read_links(const struct study *s, struct geo_ctx *g,
		   struct net_links *out, struct le_diags *d,
		   struct le_err *err);

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

/* end of graph */

#endif
