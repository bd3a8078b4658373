// fault_kernel_read: load from the kernel's text at 0xf0100000. It is
// mapped, but without PTE_U: a protection fault from user mode.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	cprintf("reading kernel address f0100000\n");
	cprintf("read %08x: should not get here\n", *(volatile unsigned *) 0xf0100000);
}
