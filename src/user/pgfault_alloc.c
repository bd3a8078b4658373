// pgfault_alloc: a page-fault handler that maps the faulting page and
// writes a note into it; the faulting instruction then re-executes and
// the program reads what the handler wrote.
#include <inc/lib.h>

static void
handler(struct UTrapframe *utf)
{
	void *addr = (void *) utf->utf_fault_va;
	int r;

	cprintf("fault at %08x, err %x\n", (uint32_t) addr, utf->utf_err);
	if ((r = sys_page_alloc(0, ROUNDDOWN(addr, PGSIZE), PTE_P | PTE_U | PTE_W)) < 0)
		panic("allocating at %08x in the handler: %e", (uint32_t) addr, r);
	snprintf((char *) addr, 100, "page made by the handler for %08x", (uint32_t) addr);
}

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	set_pgfault_handler(handler);
	cprintf("%s\n", (char *) 0xdeadbeef);
	cprintf("%s\n", (char *) 0x3fe00000);
	cprintf("second read, no fault: %s\n", (char *) 0xdeadbeef);
}
