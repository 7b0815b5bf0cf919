/*
 * test_geo.c: unit tests for geo.
 */
#include "testutil.h"

Suite *suite_geo(void)
{
	Suite *s = suite_create("geo");
	return s;
}
