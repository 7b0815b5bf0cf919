/*
 * synth.c: the synthetic region of the benchmarks (see synth.h).
 *
 * The road network is a perturbed grid at 120 m spacing with some links
 * missing, some one-way, a motorway, A and B roads on a coarser lattice and
 * paths; towns pull the grid towards their centres (a radial map r ->
 * R (r / R)^1.5, monotone, so no links cross) for a higher density; a few
 * island grids lie offshore to the west, each joined to the mainland by
 * one ferry link. Schools and zones sit near random nodes, so towns get
 * more of both; 1 % of zones lie 5 km off the network (fallback cases).
 *
 * Deterministic: the same SIZE and SEED give the same region on every
 * machine (one xorshift generator, every draw in its own statement so the
 * order does not depend on the compiler). The draws are in the order the
 * files are written (nodes, links, schools, zones), which fixes the
 * sequence: changing that order changes every benchmark input.
 */
#include "synth.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct size {
	const char *name;
	int nx, ny;             /* mainland grid nodes */
	int nschools, nzones, ntowns, nislands, island_n;
};

static const struct size sizes[] = {
	{ "small", 100, 100, 50, 140, 3, 1, 10 },
	{ "medium", 316, 316, 250, 700, 10, 2, 20 },
	/* 1000 x 1000 + 5 x 40 x 40 = 1,008,000 nodes. */
	{ "scotland", 1000, 1000, 2500, 7000, 40, 5, 40 },
};

#define SPACING_M 120.0
#define X0 180000.0
#define Y0 600000.0

/* The generator's state, threaded through every draw. */
struct gen {
	uint64_t rng;
	struct town { double x, y, r; } *towns;
	int ntowns;
	struct synth *s;
};

static uint32_t rnd(struct gen *g, uint32_t n)
{
	g->rng ^= g->rng >> 12;
	g->rng ^= g->rng << 25;
	g->rng ^= g->rng >> 27;
	return (uint32_t)((g->rng * 0x2545F4914F6CDD1DULL) >> 33) % n;
}

/* Uniform in [-1, 1). */
static double unit(struct gen *g)
{
	return rnd(g, 1u << 30) / (double)(1u << 29) - 1.0;
}

/* Pull a point towards the centre of the town it lies in. */
static void warp(const struct gen *g, double *x, double *y)
{
	int t;

	for (t = 0; t < g->ntowns; t++) {
		double dx = *x - g->towns[t].x, dy = *y - g->towns[t].y;
		double r = sqrt(dx * dx + dy * dy), s;

		if (r >= g->towns[t].r || r == 0)
			continue;
		s = pow(r / g->towns[t].r, 0.5);   /* r' / r = (r / R)^0.5 */
		*x = g->towns[t].x + dx * s;
		*y = g->towns[t].y + dy * s;
		return;
	}
}

/* Inside a town: local streets there are "Not Classified" (residential). */
static int in_town(const struct gen *g, double x, double y)
{
	int t;

	for (t = 0; t < g->ntowns; t++)
		if (hypot(x - g->towns[t].x, y - g->towns[t].y) < g->towns[t].r)
			return 1;
	return 0;
}

static void link_add(struct synth *s, long a, long b, int cls, unsigned flags)
{
	struct synth_link *k = &s->links[s->nlinks++];

	k->a = a;
	k->b = b;
	k->cls = cls;
	k->flags = flags;
}

/* The links of an n x m grid whose node (i, j) is base + j * n + i. */
static void grid_links(struct gen *g, long base, int n, int m, int mainland)
{
	int i, j, dir;

	for (j = 0; j < m; j++)
		for (i = 0; i < n; i++)
			for (dir = 0; dir < 2; dir++) {
				int i2 = i + (dir == 0), j2 = j + (dir == 1);
				int line = dir == 0 ? j : i;   /* the row or column */
				long a = base + (long)j * n + i, b = base + (long)j2 * n + i2;
				unsigned flags = 0;
				uint32_t p;
				int cls;

				if (i2 >= n || j2 >= m)
					continue;
				/* One draw per grid edge, whatever the edge
				 * becomes, so the sequence stays in step. */
				p = rnd(g, 1000);
				if (mainland && dir == 0 && j == m / 2)
					cls = SYNTH_MOTORWAY;   /* across the region, unbroken */
				else if (p < 70)
					continue;               /* 7 % missing */
				else if (line % 25 == 0)
					cls = SYNTH_A_ROAD;
				else if (line % 8 == 0)
					cls = SYNTH_B_ROAD;
				else if (p < 100)
					cls = SYNTH_PATH;       /* 3 % footpaths */
				else
					cls = in_town(g, g->s->x[a], g->s->y[a]) ?
					      SYNTH_NOT_CLASSIFIED : SYNTH_UNCLASSIFIED;
				if (p >= 100 && p < 140 && cls != SYNTH_MOTORWAY)
					flags = p < 120 ? SYNTH_ONEWAY : SYNTH_ONEWAY_REV; /* 4 % */
				link_add(g->s, a, b, cls, flags);
			}
}

/* Upper bound on an n x m grid's links, for one allocation up front. */
static long grid_max_links(int n, int m)
{
	return (long)(n - 1) * m + (long)n * (m - 1);
}

int synth_build(const char *name, uint64_t seed, struct synth *out)
{
	const struct size *sz = NULL;
	struct gen g;
	struct synth *s = out;
	double span, cand_sp, hx, hy, w;
	long i, base, maxl;
	int k, c, ncx, *used;

	memset(s, 0, sizeof(*s));
	for (k = 0; k < (int)(sizeof(sizes) / sizeof(sizes[0])); k++)
		if (strcmp(name, sizes[k].name) == 0)
			sz = &sizes[k];
	if (!sz) {
		fprintf(stderr, "synth: unknown size '%s' (expected small, medium or scotland)\n",
			name);
		return -1;
	}
	memset(&g, 0, sizeof(g));
	g.s = s;
	g.rng = 0x9e3779b97f4a7c15ULL ^ seed * 0xbf58476d1ce4e5b9ULL;
	if (!g.rng)
		g.rng = 1;      /* xorshift's one fixed point */
	s->name = sz->name;
	s->nschools = sz->nschools;
	s->nzones = sz->nzones;

	/* Towns on a coarse lattice of candidate centres, so discs never
	 * overlap; radius up to 40 % of the lattice step. */
	span = sz->nx * SPACING_M;
	ncx = (int)ceil(sqrt(sz->ntowns * 1.6));
	cand_sp = span / ncx;
	s->nnodes = (long)sz->nx * sz->ny + (long)sz->nislands * sz->island_n * sz->island_n;
	maxl = grid_max_links(sz->nx, sz->ny) +
	       sz->nislands * (grid_max_links(sz->island_n, sz->island_n) + 1);
	g.towns = calloc((size_t)sz->ntowns, sizeof(*g.towns));
	used = calloc((size_t)(ncx * ncx), sizeof(*used));
	s->x = malloc((size_t)s->nnodes * sizeof(*s->x));
	s->y = malloc((size_t)s->nnodes * sizeof(*s->y));
	s->links = malloc((size_t)maxl * sizeof(*s->links));
	s->schools = malloc((size_t)sz->nschools * sizeof(*s->schools));
	s->zones = malloc((size_t)sz->nzones * sizeof(*s->zones));
	if (!g.towns || !used || !s->x || !s->y || !s->links || !s->schools || !s->zones) {
		fprintf(stderr, "synth: out of memory\n");
		free(g.towns);
		free(used);
		synth_release(s);
		return -1;
	}
	for (g.ntowns = 0; g.ntowns < sz->ntowns;) {
		c = (int)rnd(&g, (uint32_t)(ncx * ncx));
		if (used[c])
			continue;
		used[c] = 1;
		g.towns[g.ntowns].x = X0 + (c % ncx + 0.5) * cand_sp;
		g.towns[g.ntowns].y = Y0 + (c / ncx + 0.5) * cand_sp;
		g.towns[g.ntowns].r = cand_sp * 0.4 * (0.6 + 0.4 * rnd(&g, 1000) / 1000.0);
		g.ntowns++;
	}
	free(used);

	for (i = 0; i < (long)sz->nx * sz->ny; i++) {
		/* Jitter of +-25 m keeps the grid's order; then the town warp. */
		s->x[i] = X0 + (i % sz->nx) * SPACING_M + 25 * unit(&g);
		s->y[i] = Y0 + (i / sz->nx) * SPACING_M + 25 * unit(&g);
		warp(&g, &s->x[i], &s->y[i]);
	}
	base = (long)sz->nx * sz->ny;
	for (k = 0; k < sz->nislands; k++) {
		w = sz->island_n * SPACING_M;
		/* Islands 10 km off the west coast, 6 km apart. */
		hx = X0 - 10000 - w;
		hy = Y0 + 2000 + k * (w + 6000);
		for (i = 0; i < (long)sz->island_n * sz->island_n; i++) {
			s->x[base + i] = hx + (i % sz->island_n) * SPACING_M + 25 * unit(&g);
			s->y[base + i] = hy + (i / sz->island_n) * SPACING_M + 25 * unit(&g);
		}
		base += (long)sz->island_n * sz->island_n;
	}

	/* Mainland, then each island and its ferry: the order the links
	 * are written, so the reader numbers them as they are here. */
	grid_links(&g, 0, sz->nx, sz->ny, 1);
	base = (long)sz->nx * sz->ny;
	for (k = 0; k < sz->nislands; k++) {
		long nmid = base + (long)(sz->island_n / 2) * sz->island_n + sz->island_n - 1;
		int row;

		grid_links(&g, base, sz->island_n, sz->island_n, 0);
		/* The ferry: the island's east shore to the mainland's west
		 * edge at about the same northing. */
		row = (int)((s->y[nmid] - Y0) / SPACING_M);
		row = row < 0 ? 0 : row >= sz->ny ? sz->ny - 1 : row;
		link_add(s, nmid, (long)row * sz->nx, SYNTH_FERRY, 0);
		base += (long)sz->island_n * sz->island_n;
	}

	for (k = 0; k < sz->nschools; k++) {
		struct synth_school *sc = &s->schools[k];
		long v = (long)rnd(&g, (uint32_t)s->nnodes);

		sc->secondary = rnd(&g, 100) < 20;
		/* Up to 60 m off the node, y drawn before x: the order the
		 * first gen.c happened to get from the compiler (one fprintf
		 * call), kept so the files stay byte-identical. */
		sc->y = s->y[v] + 60 * unit(&g);
		sc->x = s->x[v] + 60 * unit(&g);
	}
	for (k = 0; k < sz->nzones; k++) {
		struct synth_zone *z = &s->zones[k];
		long v = (long)rnd(&g, (uint32_t)s->nnodes);

		z->x = s->x[v] + 80 * unit(&g);
		z->y = s->y[v] + 80 * unit(&g);
		/* 1 %: 5 km east of the region, far from every road. */
		if (rnd(&g, 100) == 0) {
			z->x = X0 + span + 5000 + 1000 * unit(&g);
			z->y = Y0 + span / 2 + 20000 * unit(&g);
		}
	}
	free(g.towns);
	return 0;
}

void synth_release(struct synth *s)
{
	free(s->x);
	free(s->y);
	free(s->links);
	free(s->schools);
	free(s->zones);
	memset(s, 0, sizeof(*s));
}

const char *synth_class_name(int cls)
{
	static const char *const names[] = {
		"Motorway", "A Road", "B Road", "path", "Not Classified", "Unclassified",
		"ferry",
	};

	return cls >= 0 && cls <= SYNTH_FERRY ? names[cls] : "Unclassified";
}

const char *synth_form_of_way(int cls)
{
	if (cls == SYNTH_MOTORWAY)
		return "Dual Carriageway";
	/* The ferry has no form of way; the reader takes "" as none. */
	return cls == SYNTH_FERRY ? "" : "Single Carriageway";
}
