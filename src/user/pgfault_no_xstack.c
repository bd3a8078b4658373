// pgfault_no_xstack: an upcall is registered but no exception stack is
// mapped. The kernel cannot push the frame: the env is destroyed with the
// user_mem_check message for the frame's address.
#include <inc/lib.h>

static void
handler(struct UTrapframe *utf)
{
	(void) utf;
	cprintf("handler ran: should not get here\n");
}

/* The _pgfault_upcall entry from the library, without its allocation. */
extern void _pgfault_upcall(void);
extern void (*_pgfault_handler)(struct UTrapframe *utf);

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	_pgfault_handler = handler;
	sys_env_set_pgfault_upcall(0, _pgfault_upcall);
	*(volatile int *) 0 = 0;
	cprintf("should not get here\n");
}
