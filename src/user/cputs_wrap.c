// cputs_wrap: a length that wraps around the address space. The kernel
// must refuse it and name the first address the env cannot read: the
// first unmapped page after the buffer, not some address near ULIM.
#include <inc/lib.h>

char buf[16] __attribute__((aligned(PGSIZE))) = "wrapping";

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	extern char end[];	/* user.ld: the end of the program's memory */

	/* buf's page is mapped, and the rest of the program; the pages
	 * after the program are not. */
	cprintf("printing 0xffffffff bytes from %08x; the first unmapped page is %08x\n",
		(uint32_t) buf, ROUNDUP((uint32_t) end, PGSIZE));
	sys_cputs(buf, 0xffffffff);
	cprintf("should not get here\n");
}
