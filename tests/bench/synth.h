/*
 * synth.h: the synthetic region of the benchmarks, built in memory. One
 * generator, so gen.c (which writes it as files for the real readers) and
 * knn_bench.c (which feeds it straight to net_links) cannot drift apart:
 * the same SIZE and SEED give the same network in both.
 *
 * Plain C and libm only, on purpose: gen.c stays independent of libestate,
 * so the benchmark tests the readers against files they did not write.
 */
#ifndef SYNTH_H
#define SYNTH_H

#include <stdint.h>

/* Road classes as gen.c writes them (OS Open Roads words, synth_class_name). */
enum synth_class {
	SYNTH_MOTORWAY,
	SYNTH_A_ROAD,
	SYNTH_B_ROAD,
	SYNTH_PATH,
	SYNTH_NOT_CLASSIFIED,   /* local street inside a town */
	SYNTH_UNCLASSIFIED,     /* local road outside the towns */
	SYNTH_FERRY
};

/* One-way flags of a link (neither: both directions). */
enum synth_link_flags {
	SYNTH_ONEWAY = 1,       /* a -> b only ("yes") */
	SYNTH_ONEWAY_REV = 2    /* b -> a only ("-1") */
};

/* A straight link between two nodes; the reader sees it as L(index + 1). */
struct synth_link {
	long a, b;              /* node indices */
	int cls;                /* enum synth_class */
	unsigned flags;         /* enum synth_link_flags */
};

struct synth_school {
	double x, y;
	int secondary;
};

struct synth_zone { double x, y; };    /* centre of a 200 m square */

struct synth {
	const char *name;       /* the size: small, medium or scotland */
	long nnodes, nlinks;
	double *x, *y;          /* node coordinates (EPSG:27700), nnodes each */
	struct synth_link *links;
	int nschools, nzones;
	struct synth_school *schools;
	struct synth_zone *zones;
};

/*
 * Build the region of size NAME (small, medium, scotland) from SEED into
 * *out. Returns 0, or -1 for an unknown size or no memory (with a message
 * on stderr); *out is then empty, and synth_release is still safe.
 */
int synth_build(const char *name, uint64_t seed, struct synth *out);
void synth_release(struct synth *s);

/* OS Open Roads "class" and "formOfWay" words for an enum synth_class. */
const char *synth_class_name(int cls);
const char *synth_form_of_way(int cls);

#endif
