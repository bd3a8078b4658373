// exit_clean: exit() in the middle of umain ends the env at once; the run
// then shuts down cleanly because no env is left.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	cprintf("calling exit\n");
	exit();
	cprintf("after exit: should not get here\n");
}
