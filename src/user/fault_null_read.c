// fault_null_read: load from address 0. Nothing is mapped there, the env
// has no page-fault upcall, so the kernel reports a user fault and
// destroys it; the line after the load must never print.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	cprintf("reading address 0\n");
	cprintf("read %08x: should not get here\n", *(volatile unsigned *) 0);
}
