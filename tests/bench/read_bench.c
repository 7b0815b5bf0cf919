/*
 * read_bench.c: the input readers on the shapes that used to be slow.
 * Each file is generated into a temporary folder, read with io_table_read
 * (the reader the loaders use) and timed; one line per shape:
 *
 *   read SHAPE SIZE seconds (median of 3) rows cols
 *
 *  - geojson_unique_keys N: N features, each with a property key of its
 *    own (a column per feature). Widening a row-major table per new key
 *    made this quadratic: 4,000 features took 154 s.
 *  - csv_big_field MB: one quoted field of MB megabytes. libcsv grew its
 *    buffer 128 bytes at a time, minutes under AddressSanitizer.
 *
 *   read_bench [N [MB]]   defaults: 4000 10
 *
 * The unit tests check the tables these produce (test_io_geojson.c
 * test_unique_keys, test_io_csv.c test_huge_field); this only times them.
 */
#include "core/core.h"
#include "io/io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Read path three times; print the median and the table's shape. */
static int time_read(const char *shape, long size, const char *path)
{
	double t[3];
	struct io_table tb;
	struct le_err err;
	int i, rows = 0, cols = 0;

	for (i = 0; i < 3; i++) {
		double t0 = now_s();
		io_table_init(&tb);
		le_err_clear(&err);
		if (io_table_read(path, NULL, NULL, &tb, &err) != LE_OK) {
			fprintf(stderr, "read_bench: %s\n", err.msg);
			return 1;
		}
		t[i] = now_s() - t0;
		rows = tb.nrows;
		cols = tb.ncols;
		io_table_release(&tb);
	}
	qsort(t, 3, sizeof(double), cmp_double);
	printf("read %s %ld %.3f %d %d\n", shape, size, t[1], rows, cols);
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 4000, mb = argc > 2 ? atol(argv[2]) : 10, i;
	char dir[] = "/tmp/read_bench.XXXXXX", path[600];
	FILE *fp;
	int rc;

	if (n < 1 || mb < 1 || !mkdtemp(dir)) {
		fprintf(stderr, "usage: read_bench [FEATURES [MB]]\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/keys.geojson", dir);
	fp = fopen(path, "w");
	if (!fp)
		return 1;
	fputs("{\"type\":\"FeatureCollection\",\"features\":[\n", fp);
	for (i = 0; i < n; i++)
		fprintf(fp, "%s{\"type\":\"Feature\",\"properties\":{\"id\":\"F%ld\",\"k%ld\":%ld},"
			"\"geometry\":{\"type\":\"Point\",\"coordinates\":[%ld,1]}}",
			i ? ",\n" : "", i, i, i, i);
	fputs("\n]}\n", fp);
	fclose(fp);
	rc = time_read("geojson_unique_keys", n, path);
	remove(path);

	snprintf(path, sizeof(path), "%s/big.csv", dir);
	fp = fopen(path, "w");
	if (!fp)
		return 1;
	fputs("id,text\n1,\"", fp);
	for (i = 0; i < mb * 1024 * 1024; i++)
		fputc('a' + (int)(i % 26), fp);
	fputs("\"\n", fp);
	fclose(fp);
	rc |= time_read("csv_big_field", mb, path);
	remove(path);
	rmdir(dir);
	return rc;
}
