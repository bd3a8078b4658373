// pgfault_empty_stack: a page fault taken with an empty normal stack (esp
// exactly USTACKTOP, nothing pushed yet) is an ordinary fault: the upcall
// runs on the exception stack and the faulting code resumes. It is not an
// exception-stack overflow.
#include <inc/lib.h>

#define ADDR 0x30000000

static void
handler(struct UTrapframe *utf)
{
	int r;

	if (utf->utf_esp != USTACKTOP)
		panic("fault with esp %08x, not USTACKTOP", utf->utf_esp);
	if ((r = sys_page_alloc(0, (void *) ROUNDDOWN(utf->utf_fault_va, PGSIZE),
				PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
}

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	set_pgfault_handler(handler);
	/* Fault with esp == USTACKTOP, then put our stack back. */
	asm volatile("movl %%esp, %%ebx\n\t"
		     "movl %1, %%esp\n\t"
		     "movl $1, (%0)\n\t"
		     "movl %%ebx, %%esp"
		     : : "r" (ADDR), "i" (USTACKTOP) : "ebx", "memory");
	cprintf("handled a fault taken with an empty stack: %d\n", *(volatile int *) ADDR);
}
