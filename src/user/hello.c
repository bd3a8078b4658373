// hello: print a greeting and this environment's id, then return
// (libmain then calls exit(), which ends the run cleanly).
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	cprintf("hello, world\n");
	cprintf("i am environment %08x\n", thisenv->env_id);
}
