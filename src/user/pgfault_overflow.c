// pgfault_overflow: a handler that recurses without bound runs off the
// bottom of the one-page exception stack into the unmapped guard page.
// The kernel must destroy the env with a clear message, not restart the
// handler at the top of the exception stack forever.
#include <inc/lib.h>

/* Far deeper than the exception stack allows (volatile: no folding). */
static volatile int limit = 1 << 20;

static int
recurse(int n)
{
	volatile char pad[256];

	pad[0] = n;
	if (n >= limit)
		return pad[0];
	return recurse(n + 1) + pad[0];
}

static void
handler(struct UTrapframe *utf)
{
	cprintf("fault at %08x: recursing in the handler\n", utf->utf_fault_va);
	recurse(0);
}

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	set_pgfault_handler(handler);
	*(volatile int *) 0 = 0;
	cprintf("should not get here\n");
}
