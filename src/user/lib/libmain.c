/**
 * @file libmain.c
 * @brief The C start of every user program: set thisenv and binaryname,
 *        run umain(), exit.
 *
 * @ingroup grp_ulib
 */
#include <inc/lib.h>

/*
 * thisenv lives alone in its own page (user.ld gives .bss.thisenv a whole
 * page) so that sfork(), which shares all other data, can leave this one
 * page out: fork_common() gives the child its own copy of it at once, as
 * it does the stack, so each env has its own thisenv. A .bss section: the page
 * takes no room in the program file.
 */
const volatile struct Env *thisenv __attribute__((section(".bss.thisenv")));
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
