/*
 * test_io_study.c: unit tests for io_study.
 */
#include "testutil.h"

Suite *suite_io_study(void)
{
	Suite *s = suite_create("io_study");
	return s;
}
