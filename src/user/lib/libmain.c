/**
 * @file libmain.c
 * @brief The C start of every user program: set thisenv and binaryname,
 *        run umain(), exit.
 */
#include <inc/lib.h>

const volatile struct Env *thisenv;
const char *binaryname = "<unknown>";

void
libmain(int argc, char **argv)
{
	thisenv = &envs[ENVX(sys_getenvid())];
	if (argc > 0)
		binaryname = argv[0];
	umain(argc, argv);
	exit();
}
