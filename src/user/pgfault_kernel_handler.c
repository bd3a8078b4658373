// pgfault_kernel_handler: the upcall address is in the kernel. The kernel
// refuses to "return" there: the env is destroyed at its first fault.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	int r;

	(void) argc, (void) argv;
	if ((r = sys_page_alloc(0, (void *) (UXSTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	sys_env_set_pgfault_upcall(0, (void *) 0xf0100020);
	*(volatile int *) 0 = 0;
	cprintf("should not get here\n");
}
