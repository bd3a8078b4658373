// cputs_kernel_ptr: pass sys_cputs a kernel address. The kernel could read
// it, but a user may not: the env is destroyed with the user_mem_check
// message naming that address.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	cprintf("printing from kernel address f0100000\n");
	sys_cputs((const char *) 0xf0100000, 16);
	cprintf("printed it: should not get here\n");
}
