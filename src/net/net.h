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

/* end of readers */

/* ---------------------------------------------------------------- graph
 * (graph.c, knn.c, snap.c: CSR graph, k nearest, snapping) */

/* end of graph */

#endif
