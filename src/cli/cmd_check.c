/*
 * cmd_check.c: `estate check STUDY` (placeholder until load/ lands).
 */
#include "cli/cli.h"

int cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return CLI_OK;
}
