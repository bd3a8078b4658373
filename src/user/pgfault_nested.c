// pgfault_nested: the handler itself faults (it touches a second unmapped
// page), so a second frame is pushed below the first on the exception
// stack. Both faults are resolved and the program goes on.
#include <inc/lib.h>

#define FIRST	0x00e00000
#define SECOND	0x00f00000

static int depth;

static void
handler(struct UTrapframe *utf)
{
	uint32_t va = utf->utf_fault_va;
	int r;

	depth++;
	cprintf("fault at %08x, depth %d, frame at %08x\n", va, depth, (uint32_t) utf);
	if ((r = sys_page_alloc(0, (void *) ROUNDDOWN(va, PGSIZE), PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	if (va == FIRST)
		*(volatile int *) SECOND = 2;	/* faults again, nested */
	depth--;
}

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	set_pgfault_handler(handler);
	*(volatile int *) FIRST = 1;
	cprintf("back: first %d, second %d\n", *(volatile int *) FIRST, *(volatile int *) SECOND);
}
