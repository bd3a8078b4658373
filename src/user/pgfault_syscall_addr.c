// pgfault_syscall_addr: an address that would fault (and that the page
// fault handler would happily map) passed to a system call. The kernel
// checks user pointers itself and never takes a fault on the user's
// behalf: the env is destroyed, the handler never runs.
#include <inc/lib.h>

static void
handler(struct UTrapframe *utf)
{
	cprintf("handler ran for %08x: should not get here\n", utf->utf_fault_va);
	sys_page_alloc(0, (void *) ROUNDDOWN(utf->utf_fault_va, PGSIZE), PTE_P | PTE_U | PTE_W);
}

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	set_pgfault_handler(handler);
	sys_cputs((const char *) 0xdeadbeef, 4);
	cprintf("should not get here\n");
}
