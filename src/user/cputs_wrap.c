// cputs_wrap: a length that wraps around the address space. The kernel
// must refuse it and name the first address the env cannot read: the
// first unmapped page after the buffer, not some address near ULIM.
#include <inc/lib.h>

char buf[16] __attribute__((aligned(PGSIZE))) = "wrapping";

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	/* buf's page is mapped; the pages after the program are not. */
	cprintf("printing 0xffffffff bytes from %08x\n", (uint32_t) buf);
	sys_cputs(buf, 0xffffffff);
	cprintf("should not get here\n");
}
