// breakpoint_trap: int3 from user mode (its IDT gate allows DPL 3). In a
// headless run the kernel reports it and destroys the env; interactively
// it would stop in the monitor.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	cprintf("executing int3\n");
	asm volatile("int3");
	cprintf("after int3: should not get here headless\n");
}
