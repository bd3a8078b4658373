// pgfault_nested_overflow: every fault's handler touches a new unmapped
// page, so faults nest until the next frame no longer fits on the
// exception stack. The kernel destroys the env; each frame it pushed lay
// inside the exception stack (the checker verifies every upcall's esp).
#include <inc/lib.h>

static uint32_t next = 0x10000000;

static void
handler(struct UTrapframe *utf)
{
	(void) utf;
	next += PGSIZE;
	*(volatile int *) next = 1;	/* another fault, one level deeper */
}

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	set_pgfault_handler(handler);
	*(volatile int *) next = 1;
	cprintf("should not get here\n");
}
