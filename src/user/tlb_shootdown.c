// tlb_shootdown: a parent unmaps a page from its child while the child is
// running on another CPU and reading that page in a loop. The child's CPU
// still caches the old translation; unless the kernel makes it flush (a
// TLB shootdown), the child would go on reading a page it no longer has --
// here it would see the parent's later write of 2 -- instead of faulting.
#include <inc/lib.h>

#define VA	((volatile int *) 0x00a00000)

static void
handler(struct UTrapframe *utf)
{
	if (utf->utf_fault_va == (uint32_t) VA) {
		cprintf("child: the page was unmapped under me: fault at %08x\n",
			utf->utf_fault_va);
		exit();
	}
	panic("unexpected fault at %08x", utf->utf_fault_va);
}

void
umain(int argc, char **argv)
{
	envid_t child;
	int r;

	(void) argc, (void) argv;
	/* PTE_SHARE: fork maps this very page into the child. */
	if ((r = sys_page_alloc(0, (void *) VA, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
		panic("sys_page_alloc: %e", r);
	*VA = 0;
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		set_pgfault_handler(handler);
		*VA = 1;			/* "I am running, page cached" */
		while (*VA != 2)
			;
		cprintf("child: read 2 from a page it no longer has (stale TLB)\n");
		return;
	}
	while (*VA != 1)
		sys_yield();
	if ((r = sys_page_unmap(child, (void *) VA)) < 0)
		panic("sys_page_unmap: %e", r);
	*VA = 2;
	cprintf("parent: unmapped the page from the running child\n");
}
