// pgfault_unmapped_handler: the upcall address is a user address with
// nothing mapped. Running it faults on the exception stack, again and
// again, one frame deeper each time, until the exception stack is full:
// then the kernel destroys the env.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	int r;

	(void) argc, (void) argv;
	if ((r = sys_page_alloc(0, (void *) (UXSTACKTOP - PGSIZE), PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	sys_env_set_pgfault_upcall(0, (void *) 0xdeadbeef);
	*(volatile int *) 0 = 0;
	cprintf("should not get here\n");
}
