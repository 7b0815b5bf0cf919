/*
 * test_net.c: unit tests for net.
 */
#include "testutil.h"

Suite *suite_net(void)
{
	Suite *s = suite_create("net");
	return s;
}
