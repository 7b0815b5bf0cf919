/*
 * test_net_read.c: unit tests for net_read.
 */
#include "testutil.h"

Suite *suite_net_read(void)
{
	Suite *s = suite_create("net_read");
	return s;
}
