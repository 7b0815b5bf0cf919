/*
 * test_io_db.c: unit tests for io_db.
 */
#include "testutil.h"

Suite *suite_io_db(void)
{
	Suite *s = suite_create("io_db");
	return s;
}
