/*
 * testutil.h: helpers shared by the unit suites: fixture paths, temporary
 * files and one declaration per suite (the runner in runner.c lists them).
 * Tests run from the repository root (the Makefile and run_all.sh do so).
 */
#ifndef ESTATE_TESTUTIL_H
#define ESTATE_TESTUTIL_H

#include <check.h>

#include "core/core.h"

/* Scotland's stage system, region_init's default: 13 stages, P1-P7 in
 * bits 0-6 and S1-S6 in bits 7-12. */
#define TU_NSTAGES 13
#define TU_PRIMARY 0x007Fu
#define TU_SECONDARY 0x1F80u

/* Fixture folder, relative to the repository root. */
#define TDATA "tests/data/"

/*
 * Write text to a fresh temporary file and return its path (malloc'd;
 * the suffix, e.g. ".csv", decides how io_table_read treats it). The file
 * lives under a per-process folder in /tmp that the runner removes.
 */
char *tu_write_tmp(const char *suffix, const char *text);
/* A fresh empty temporary folder (malloc'd path). */
char *tu_tmpdir(void);
/* 1 if path exists. */
int tu_exists(const char *path);

struct io_table;
/*
 * Write text to a temporary file with the given suffix and read it with
 * io_table_read (the suffix picks the reader). Returns the code; t and
 * err are filled; *path_out (if not NULL) gets the file's path (free it).
 */
int tu_read_text(const char *suffix, const char *text, struct io_table *t,
		 struct le_err *err, char **path_out);
/*
 * Expect that reading text fails with `code` and exactly the message
 * "<path><msg_suffix>", leaving an empty table (no rows, columns or
 * geometries) behind.
 */
void tu_expect_read_error(const char *suffix, const char *text, int code,
			  const char *msg_suffix);

Suite *suite_core(void);
Suite *suite_io_csv(void);
Suite *suite_io_geojson(void);
Suite *suite_io_db(void);
Suite *suite_io_ogr(void);
Suite *suite_io_study(void);
Suite *suite_geo(void);
Suite *suite_land(void);
Suite *suite_load(void);
Suite *suite_net(void);
Suite *suite_net_read(void);
Suite *suite_netcache(void);
Suite *suite_travel(void);
Suite *suite_model(void);
Suite *suite_forecast(void);
Suite *suite_report(void);
/* The model input cases (test_model_inputs.c), added to suite "model". */
void tu_model_inputs_tcase(Suite *s);
Suite *suite_scenario(void);
/* Whole-life cost and the parameter setter (test_cost.c). */
Suite *suite_cost(void);
Suite *suite_variants(void);
Suite *suite_search(void);
/* KPIs at their edges (test_numbers.c). */
Suite *suite_numbers(void);
/* Options appraisal: totals and sufficiency (test_compare.c). */
Suite *suite_compare(void);
Suite *suite_rank(void);
/* estate rezone's solver on hand-made grids (test_rezone.c). */
Suite *suite_rezone(void);

#endif
