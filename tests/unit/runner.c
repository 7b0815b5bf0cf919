/*
 * runner.c: runs every unit suite (Check, fork mode: a crash or leak is
 * pinned to its test) and ends with a plain "N passed, N failed" line.
 */
#include "testutil.h"

#include "io/io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmproot[64];
static int tmpseq;

char *tu_tmpdir(void)
{
	struct buf b;

	buf_init(&b);
	/* Forked tests share tmpseq values; the pid keeps their paths apart. */
	buf_addf(&b, "%s/%ld-%d", tmproot, (long)getpid(), tmpseq++);
	mkdir(b.s, 0700);
	return b.s;
}

char *tu_write_tmp(const char *suffix, const char *text)
{
	char *dir = tu_tmpdir();
	struct buf b;
	FILE *fp;

	buf_init(&b);
	buf_addf(&b, "%s/input%s", dir, suffix);
	free(dir);
	fp = fopen(b.s, "wb");
	if (!fp)
		abort();
	fputs(text, fp);
	fclose(fp);
	return b.s;
}

int tu_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

int tu_read_text(const char *suffix, const char *text, struct io_table *t,
		 struct le_err *err, char **path_out)
{
	char *path = tu_write_tmp(suffix, text);
	int rc;

	io_table_init(t);
	le_err_clear(err);
	rc = io_table_read(path, NULL, NULL, t, err);
	if (path_out)
		*path_out = path;
	else
		free(path);
	return rc;
}

void tu_expect_read_error(const char *suffix, const char *text, int code,
			  const char *msg_suffix)
{
	struct io_table t;
	struct le_err err;
	char *path, want[700];
	int rc = tu_read_text(suffix, text, &t, &err, &path);

	snprintf(want, sizeof(want), "%s%s", path, msg_suffix);
	ck_assert_str_eq(le_code_name(rc), le_code_name(code));
	ck_assert_int_eq(err.code, code);
	ck_assert_str_eq(err.msg, want);
	/* A failed read leaves an empty table behind, never a partial one. */
	ck_assert_int_eq(t.nrows, 0);
	ck_assert_int_eq(t.ncols, 0);
	ck_assert_ptr_null(t.geoms);
	io_table_release(&t);
	free(path);
}

int main(int argc, char **argv)
{
	Suite *(*suites[])(void) = {
		suite_core, suite_io_csv, suite_io_geojson, suite_io_db, suite_io_ogr,
		suite_io_study, suite_geo, suite_land, suite_load, suite_net,
		suite_net_read, suite_netcache, suite_travel, suite_model, suite_forecast,
		suite_report, suite_scenario, suite_numbers, suite_cost,
		suite_compare, suite_variants, suite_rank, suite_search,
		suite_rezone,
	};
	SRunner *sr;
	size_t i;
	int run, failed;
	char cmd[128];

	sr = srunner_create(NULL);
	/* Made here, before the forks, so that the parent removes it. */
	snprintf(tmproot, sizeof(tmproot), "/tmp/estate-unit-%ld", (long)getpid());
	mkdir(tmproot, 0700);
	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		srunner_add_suite(sr, suites[i]());
	/* `test_runner NAME` runs one suite (CK_RUN_SUITE does the same). */
	srunner_run(sr, argc > 1 ? argv[1] : NULL, NULL, CK_NORMAL);
	run = srunner_ntests_run(sr);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (tmproot[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", tmproot);
		if (system(cmd) != 0)
			fprintf(stderr, "runner: could not remove %s\n", tmproot);
	}
	printf("unit: %d passed, %d failed\n", run - failed, failed);
	return failed ? 1 : 0;
}
