/*
 * gen.c: a synthetic region for the travel benchmark, written as the files
 * a council would have: roads.geojson (OS Open Roads properties, EPSG:27700
 * as a named crs member), schools.csv, zones.geojson (small squares: the
 * zone loader wants polygons) and a study.ini naming them.
 *
 *   gen SIZE SEED DIR      SIZE = small | medium | scotland
 *
 * The region itself (grid, towns, islands, ferries, schools, zones) comes
 * from synth.c, shared with knn_bench.c; this file only prints it.
 *
 * Deterministic: the same SIZE and SEED give the same bytes on every
 * machine (synth.c's generator, fixed print formats). Independent of
 * libestate on purpose: the benchmark reads what this writes through the
 * real readers.
 */
#include "synth.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

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

/* The header of a GeoJSON FeatureCollection in EPSG:27700, named the way
 * OS downloads name it. */
static void collection_open(FILE *fp)
{
	fprintf(fp, "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
		"\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::27700\"}},\n\"features\":[\n");
}

static void write_roads(FILE *fp, const struct synth *s)
{
	long i;

	collection_open(fp);
	for (i = 0; i < s->nlinks; i++) {
		const struct synth_link *k = &s->links[i];
		double ax = s->x[k->a], ay = s->y[k->a], bx = s->x[k->b], by = s->y[k->b];
		const char *ow = k->flags & SYNTH_ONEWAY ? "yes" :
				 k->flags & SYNTH_ONEWAY_REV ? "-1" : "no";

		/* Ids and lengths as OS Open Roads has them, so the reader's
		 * topology and length columns are exercised. */
		fprintf(fp, "%s{\"type\":\"Feature\",\"properties\":{\"identifier\":\"L%ld\","
			"\"class\":\"%s\",\"formOfWay\":\"%s\",\"length\":%.1f,"
			"\"startNode\":\"N%ld\",\"endNode\":\"N%ld\",\"oneway\":\"%s\"},"
			"\"geometry\":{\"type\":\"LineString\",\"coordinates\":"
			"[[%.1f,%.1f],[%.1f,%.1f]]}}",
			i ? ",\n" : "", i + 1, synth_class_name(k->cls),
			synth_form_of_way(k->cls), hypot(ax - bx, ay - by), k->a, k->b, ow,
			ax, ay, bx, by);
	}
	fprintf(fp, "\n]}\n");
}

static void write_schools(FILE *fp, const struct synth *s)
{
	int k;

	fprintf(fp, "SchUID,SchoolName,SchoolType,Easting,Northing,Capacity,PupilRoll\n");
	for (k = 0; k < s->nschools; k++) {
		const struct synth_school *sc = &s->schools[k];

		fprintf(fp, "S%05d,School %d,%s,%.1f,%.1f,%d,%d\n", k + 1, k + 1,
			sc->secondary ? "Secondary" : "Primary", sc->x, sc->y,
			sc->secondary ? 900 : 300, sc->secondary ? 800 : 250);
	}
}

/* Zones as 200 m squares: the zone loader wants polygons. */
static void write_zones(FILE *fp, const struct synth *s)
{
	int k;

	collection_open(fp);
	for (k = 0; k < s->nzones; k++) {
		double x = s->zones[k].x, y = s->zones[k].y;

		fprintf(fp, "%s{\"type\":\"Feature\",\"properties\":{\"ZoneId\":\"Z%05d\"},"
			"\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%.1f,%.1f],"
			"[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f],[%.1f,%.1f]]]}}",
			k ? ",\n" : "", k + 1, x - 100, y - 100, x + 100, y - 100, x + 100,
			y + 100, x - 100, y + 100, x - 100, y - 100);
	}
	fprintf(fp, "\n]}\n");
}

int main(int argc, char **argv)
{
	struct synth s;
	FILE *fp;

	if (argc != 4) {
		fprintf(stderr, "usage: gen small|medium|scotland SEED DIR\n");
		return 2;
	}
	if (synth_build(argv[1], (uint64_t)strtoull(argv[2], NULL, 10), &s))
		return 2;
	mkdir(argv[3], 0755);

	fp = open_out(argv[3], "roads.geojson");
	write_roads(fp, &s);
	fclose(fp);
	fp = open_out(argv[3], "schools.csv");
	write_schools(fp, &s);
	fclose(fp);
	fp = open_out(argv[3], "zones.geojson");
	write_zones(fp, &s);
	fclose(fp);

	fp = open_out(argv[3], "study.ini");
	fprintf(fp, "; study.ini: synthetic region '%s', seed %s (tests/bench/gen.c)\n"
		"[study]\nname = synthetic %s\ncrs = EPSG:27700\nbase_year = 2023\n\n"
		"[schools]\nfile = schools.csv\nid = SchUID\nname = SchoolName\n"
		"sector = SchoolType\nx = Easting\ny = Northing\ncrs = EPSG:27700\n"
		"capacity = Capacity\nroll = PupilRoll\n\n"
		"[zones]\nfile = zones.geojson\nid = ZoneId\n\n"
		"[roads]\nfile = roads.geojson\nid = identifier\n",
		s.name, argv[2], s.name);
	fclose(fp);
	printf("gen: %s: %ld nodes, %ld links, %d schools, %d zones in %s\n", s.name,
	       s.nnodes, s.nlinks, s.nschools, s.nzones, argv[3]);
	synth_release(&s);
	return 0;
}
