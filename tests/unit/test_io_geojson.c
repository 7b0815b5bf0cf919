/*
 * test_io_geojson.c: unit tests for io_geojson.
 */
#include "testutil.h"

Suite *suite_io_geojson(void)
{
	Suite *s = suite_create("io_geojson");
	return s;
}
