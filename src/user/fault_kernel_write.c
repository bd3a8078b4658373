// fault_kernel_write: store to the kernel's text at 0xf0100000: a write
// protection fault from user mode; the kernel must survive it intact.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	cprintf("writing kernel address f0100000\n");
	*(volatile unsigned *) 0xf0100000 = 0;
	cprintf("wrote it: should not get here\n");
}
