/*
 * test_load.c: unit tests for load.
 */
#include "testutil.h"

Suite *suite_load(void)
{
	Suite *s = suite_create("load");
	return s;
}
