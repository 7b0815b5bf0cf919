/*
 * test_core.c: unit tests for core.
 */
#include "testutil.h"

Suite *suite_core(void)
{
	Suite *s = suite_create("core");
	return s;
}
