/*
 * gen.c: a synthetic region for the travel benchmark, written as the files
 * a council would have: roads.geojson (OS Open Roads properties, EPSG:27700
 * as a named crs member), schools.csv, zones.geojson (small squares: the
 * zone loader wants polygons) and a study.ini naming them.
 *
 *   gen SIZE SEED DIR      SIZE = small | medium | scotland
 *
 * The road network is a perturbed grid at 120 m spacing with some links
 * missing, some one-way, a motorway, A and B roads on a coarser lattice and
 * paths; towns pull the grid towards their centres (a radial map r ->
 * R (r / R)^1.5, monotone, so no links cross) for a higher density; a few
 * island grids lie offshore to the west, each joined to the mainland by
 * one ferry link. Schools and zones sit near random nodes, so towns get
 * more of both; 1 % of zones lie 5 km off the network (fallback cases).
 *
 * Deterministic: the same SIZE and SEED give the same bytes on every
 * machine (one xorshift generator, fixed print formats). Independent of
 * libestate on purpose: the benchmark reads what this writes through the
 * real readers.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static uint64_t rng;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545F4914F6CDD1DULL) >> 33) % n;
}

/* Uniform in [-1, 1). */
static double unit(void)
{
	return rnd(1u << 30) / (double)(1u << 29) - 1.0;
}

struct town { double x, y, r; };

static struct town *towns;
static int ntowns;

/* Pull a point towards the centre of the town it lies in. */
static void warp(double *x, double *y)
{
	int t;

	for (t = 0; t < ntowns; t++) {
		double dx = *x - towns[t].x, dy = *y - towns[t].y;
		double r = sqrt(dx * dx + dy * dy), s;

		if (r >= towns[t].r || r == 0)
			continue;
		s = pow(r / towns[t].r, 0.5);   /* r' / r = (r / R)^0.5 */
		*x = towns[t].x + dx * s;
		*y = towns[t].y + dy * s;
		return;
	}
}

static int in_town(double x, double y)
{
	int t;

	for (t = 0; t < ntowns; t++)
		if (hypot(x - towns[t].x, y - towns[t].y) < towns[t].r)
			return 1;
	return 0;
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	if (!fp) {
		perror(path);
		exit(1);
	}
	return fp;
}

static double *nx_, *ny_;       /* node coordinates */
static long nnodes;
static long nlinks;

static void link_out(FILE *fp, long a, long b, const char *cls, const char *form,
		     const char *oneway)
{
	double len = hypot(nx_[a] - nx_[b], ny_[a] - ny_[b]);

	fprintf(fp, "%s{\"type\":\"Feature\",\"properties\":{\"identifier\":\"L%ld\","
		"\"class\":\"%s\",\"formOfWay\":\"%s\",\"length\":%.1f,"
		"\"startNode\":\"N%ld\",\"endNode\":\"N%ld\",\"oneway\":\"%s\"},"
		"\"geometry\":{\"type\":\"LineString\",\"coordinates\":"
		"[[%.1f,%.1f],[%.1f,%.1f]]}}",
		nlinks ? ",\n" : "", nlinks + 1, cls, form, len, a, b, oneway,
		nx_[a], ny_[a], nx_[b], ny_[b]);
	nlinks++;
}

/* The links of an n x m grid whose node (i, j) is base + j * n + i. */
static void grid_links(FILE *fp, long base, int n, int m, int mainland)
{
	int i, j, dir;

	for (j = 0; j < m; j++)
		for (i = 0; i < n; i++)
			for (dir = 0; dir < 2; dir++) {
				int i2 = i + (dir == 0), j2 = j + (dir == 1);
				int line = dir == 0 ? j : i;   /* the row or column */
				long a = base + (long)j * n + i, b = base + (long)j2 * n + i2;
				const char *cls, *form = "Single Carriageway", *ow = "no";
				uint32_t p;

				if (i2 >= n || j2 >= m)
					continue;
				p = rnd(1000);
				if (mainland && dir == 0 && j == m / 2) {
					/* One motorway across the region, unbroken. */
					cls = "Motorway";
					form = "Dual Carriageway";
				} else if (p < 70) {
					continue;               /* 7 % missing */
				} else if (line % 25 == 0) {
					cls = "A Road";
				} else if (line % 8 == 0) {
					cls = "B Road";
				} else if (p < 100) {
					cls = "path";           /* 3 % footpaths */
				} else {
					cls = in_town(nx_[a], ny_[a]) ? "Not Classified" : "Unclassified";
				}
				if (p >= 100 && p < 140 && strcmp(cls, "Motorway") != 0)
					ow = p < 120 ? "yes" : "-1";   /* 4 % one-way */
				link_out(fp, a, b, cls, form, ow);
			}
}

int main(int argc, char **argv)
{
	const struct size *sz = NULL;
	FILE *fp;
	double span, cand_sp, hx, hy;
	long i, base;
	int k, c, ncx, *used;

	if (argc != 4) {
		fprintf(stderr, "usage: gen small|medium|scotland SEED DIR\n");
		return 2;
	}
	for (k = 0; k < (int)(sizeof(sizes) / sizeof(sizes[0])); k++)
		if (strcmp(argv[1], sizes[k].name) == 0)
			sz = &sizes[k];
	if (!sz) {
		fprintf(stderr, "gen: unknown size '%s' (expected small, medium or scotland)\n",
			argv[1]);
		return 2;
	}
	rng = 0x9e3779b97f4a7c15ULL ^ (uint64_t)strtoull(argv[2], NULL, 10) * 0xbf58476d1ce4e5b9ULL;
	if (!rng)
		rng = 1;
	mkdir(argv[3], 0755);

	/* Towns on a coarse lattice of candidate centres, so discs never
	 * overlap; radius up to 40 % of the lattice step. */
	span = sz->nx * SPACING_M;
	ncx = (int)ceil(sqrt(sz->ntowns * 1.6));
	cand_sp = span / ncx;
	towns = calloc((size_t)sz->ntowns, sizeof(*towns));
	used = calloc((size_t)(ncx * ncx), sizeof(*used));
	for (ntowns = 0; ntowns < sz->ntowns;) {
		c = (int)rnd((uint32_t)(ncx * ncx));
		if (used[c])
			continue;
		used[c] = 1;
		towns[ntowns].x = X0 + (c % ncx + 0.5) * cand_sp;
		towns[ntowns].y = Y0 + (c / ncx + 0.5) * cand_sp;
		towns[ntowns].r = cand_sp * 0.4 * (0.6 + 0.4 * rnd(1000) / 1000.0);
		ntowns++;
	}

	nnodes = (long)sz->nx * sz->ny + (long)sz->nislands * sz->island_n * sz->island_n;
	nx_ = malloc((size_t)nnodes * sizeof(*nx_));
	ny_ = malloc((size_t)nnodes * sizeof(*ny_));
	for (i = 0; i < (long)sz->nx * sz->ny; i++) {
		/* Jitter of +-25 m keeps the grid's order; then the town warp. */
		nx_[i] = X0 + (i % sz->nx) * SPACING_M + 25 * unit();
		ny_[i] = Y0 + (i / sz->nx) * SPACING_M + 25 * unit();
		warp(&nx_[i], &ny_[i]);
	}
	base = (long)sz->nx * sz->ny;
	for (k = 0; k < sz->nislands; k++) {
		double w = sz->island_n * SPACING_M;

		/* Islands 10 km off the west coast, 6 km apart. */
		hx = X0 - 10000 - w;
		hy = Y0 + 2000 + k * (w + 6000);
		for (i = 0; i < (long)sz->island_n * sz->island_n; i++) {
			nx_[base + i] = hx + (i % sz->island_n) * SPACING_M + 25 * unit();
			ny_[base + i] = hy + (i / sz->island_n) * SPACING_M + 25 * unit();
		}
		base += (long)sz->island_n * sz->island_n;
	}

	fp = open_out(argv[3], "roads.geojson");
	fprintf(fp, "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
		"\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::27700\"}},\n\"features\":[\n");
	grid_links(fp, 0, sz->nx, sz->ny, 1);
	base = (long)sz->nx * sz->ny;
	for (k = 0; k < sz->nislands; k++) {
		long nmid = base + (long)(sz->island_n / 2) * sz->island_n + sz->island_n - 1;
		long land;
		int row;

		grid_links(fp, base, sz->island_n, sz->island_n, 0);
		/* The ferry: the island's east shore to the mainland's west
		 * edge at about the same northing. */
		row = (int)((ny_[nmid] - Y0) / SPACING_M);
		row = row < 0 ? 0 : row >= sz->ny ? sz->ny - 1 : row;
		land = (long)row * sz->nx;
		link_out(fp, nmid, land, "ferry", "", "no");
		base += (long)sz->island_n * sz->island_n;
	}
	fprintf(fp, "\n]}\n");
	fclose(fp);

	fp = open_out(argv[3], "schools.csv");
	fprintf(fp, "SchUID,SchoolName,SchoolType,Easting,Northing,Capacity,PupilRoll\n");
	for (k = 0; k < sz->nschools; k++) {
		long v = (long)rnd((uint32_t)nnodes);
		int secondary = rnd(100) < 20;

		fprintf(fp, "S%05d,School %d,%s,%.1f,%.1f,%d,%d\n", k + 1, k + 1,
			secondary ? "Secondary" : "Primary", nx_[v] + 60 * unit(),
			ny_[v] + 60 * unit(), secondary ? 900 : 300, secondary ? 800 : 250);
	}
	fclose(fp);

	fp = open_out(argv[3], "zones.geojson");
	fprintf(fp, "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
		"\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::27700\"}},\n\"features\":[\n");
	for (k = 0; k < sz->nzones; k++) {
		long v = (long)rnd((uint32_t)nnodes);
		double x = nx_[v] + 80 * unit(), y = ny_[v] + 80 * unit();

		/* 1 %: 5 km east of the region, far from every road. */
		if (rnd(100) == 0) {
			x = X0 + span + 5000 + 1000 * unit();
			y = Y0 + span / 2 + 20000 * unit();
		}
		fprintf(fp, "%s{\"type\":\"Feature\",\"properties\":{\"ZoneId\":\"Z%05d\"},"
			"\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%.1f,%.1f],"
			"[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f]]]}}",
			k ? ",\n" : "", k + 1, x - 100, y - 100, x + 100, y - 100, x + 100,
			y + 100, x - 100, y + 100, x - 100, y - 100);
	}
	fprintf(fp, "\n]}\n");
	fclose(fp);

	fp = open_out(argv[3], "study.ini");
	fprintf(fp, "; study.ini: synthetic region '%s', seed %s (tests/bench/gen.c)\n"
		"[study]\nname = synthetic %s\ncrs = EPSG:27700\nbase_year = 2023\n\n"
		"[schools]\nfile = schools.csv\nid = SchUID\nname = SchoolName\n"
		"sector = SchoolType\nx = Easting\ny = Northing\ncrs = EPSG:27700\n"
		"capacity = Capacity\nroll = PupilRoll\n\n"
		"[zones]\nfile = zones.geojson\nid = ZoneId\n\n"
		"[roads]\nfile = roads.geojson\nid = identifier\n",
		sz->name, argv[2], sz->name);
	fclose(fp);
	printf("gen: %s: %ld nodes, %ld links, %d schools, %d zones in %s\n", sz->name,
	       nnodes, nlinks, sz->nschools, sz->nzones, argv[3]);
	free(nx_);
	free(ny_);
	free(towns);
	free(used);
	return 0;
}
