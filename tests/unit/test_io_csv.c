/*
 * test_io_csv.c: unit tests for io_csv.
 */
#include "testutil.h"

Suite *suite_io_csv(void)
{
	Suite *s = suite_create("io_csv");
	return s;
}
