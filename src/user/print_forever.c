// print_forever: prints without end. The harness must stop it as a
// runaway once its output passes the run's max_output, rather than keep
// every byte in memory until the wall-clock guard (testlogs/print_forever).
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	for (unsigned n = 0;; n++)
		cprintf("line %u of a program that never stops printing\n", n);
}
