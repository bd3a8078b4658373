/**
 * @file pgfault.c
 * @brief set_pgfault_handler(): the C side of user page-fault handling.
 *
 * @ingroup grp_ulib
 */
#include <inc/lib.h>

/**
 * The upcall the kernel runs on a page fault (pfentry.asm), on the user
 * exception stack with esp at a struct UTrapframe: it calls
 * _pgfault_handler, then resumes the faulting code without a system call.
 * See @ref pgfault.
 */
extern void _pgfault_upcall(void);

/** The C handler _pgfault_upcall calls (read by pfentry.asm). */
void (*_pgfault_handler)(struct UTrapframe *utf);

void
set_pgfault_handler(void (*handler)(struct UTrapframe *utf))
{
	int r;

	if (_pgfault_handler == NULL) {
		/* First time: give the env an exception stack and tell the
		 * kernel where the upcall is. */
		if ((r = sys_page_alloc(0, (void *) (UXSTACKTOP - PGSIZE),
					PTE_P | PTE_U | PTE_W)) < 0)
			panic("set_pgfault_handler: no exception stack: %e", r);
		if ((r = sys_env_set_pgfault_upcall(0, _pgfault_upcall)) < 0)
			panic("set_pgfault_handler: cannot set the upcall: %e", r);
	}
	_pgfault_handler = handler;
}
