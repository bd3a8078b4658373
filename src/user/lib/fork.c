/**
 * @file fork.c
 * @brief Copy-on-write fork() and shared-memory sfork(), in user space.
 *
 * The protocol: the parent maps every writable (or already COW) page into
 * the child with PTE_COW and no PTE_W, then remaps it the same way in
 * itself -- child first, so that the parent never writes a page the child
 * already shares read-only without its own fault. A later write by either
 * side faults; pgfault() copies the page through PFTEMP and maps the copy
 * writable. Read-only pages are shared read-only; PTE_SHARE pages are
 * shared as they are. The exception stack is never shared: the child gets
 * a fresh one.
 *
 * @ingroup grp_ulib
 */
#include <inc/lib.h>

#include "pages.h"

/** The page-fault upcall (pfentry.asm); see set_pgfault_handler(). */
extern void _pgfault_upcall(void);

/**
 * The COW page-fault handler: a write to a PTE_COW page gets a private
 * writable copy; anything else is a real fault and panics.
 */
static void
pgfault(struct UTrapframe *utf)
{
	void *addr = (void *) ROUNDDOWN(utf->utf_fault_va, PGSIZE);
	int r;

	if (!(utf->utf_err & FEC_WR) || !page_mapped(PGNUM(addr)) ||
	    !(uvpt[PGNUM(addr)] & PTE_COW))
		panic("page fault at va %08x (ip %08x, err %x) is not a write to a copy-on-write page",
		      utf->utf_fault_va, utf->utf_eip, utf->utf_err);

	if ((r = sys_page_alloc(0, PFTEMP, PTE_P | PTE_U | PTE_W)) < 0)
		panic("pgfault: sys_page_alloc: %e", r);
	memmove(PFTEMP, addr, PGSIZE);
	if ((r = sys_page_map(0, PFTEMP, 0, addr, PTE_P | PTE_U | PTE_W)) < 0)
		panic("pgfault: sys_page_map: %e", r);
	if ((r = sys_page_unmap(0, PFTEMP)) < 0)
		panic("pgfault: sys_page_unmap: %e", r);
}

/** Map page @p pn into @p envid: shared, COW (also remapped COW here), or read-only. */
static int
duppage(envid_t envid, uintptr_t pn)
{
	void *va = (void *) (pn * PGSIZE);
	pte_t pte = uvpt[pn];
	int r;

	if (pte & PTE_SHARE)
		return sys_page_map(0, va, envid, va, pte & PTE_SYSCALL);
	if (pte & (PTE_W | PTE_COW)) {
		if ((r = sys_page_map(0, va, envid, va, PTE_P | PTE_U | PTE_COW)) < 0)
			return r;
		return sys_page_map(0, va, 0, va, PTE_P | PTE_U | PTE_COW);
	}
	return sys_page_map(0, va, envid, va, pte & PTE_SYSCALL & ~PTE_W);
}

/** Map page @p pn into @p envid with the same permissions (sfork's sharing). */
static int
sharepage(envid_t envid, uintptr_t pn)
{
	void *va = (void *) (pn * PGSIZE);

	return sys_page_map(0, va, envid, va, uvpt[pn] & PTE_SYSCALL);
}

/**
 * The common part of fork() and sfork(): create a child, map the pages in
 * [0, @p share_end) with sharepage() except thisenv's page, the others below
 * UTOP with duppage(), give it an exception stack and the upcall, and
 * start it.
 * @callgraph
 */
static envid_t
fork_common(uintptr_t share_end)
{
	envid_t child;
	int r;

	set_pgfault_handler(pgfault);
	if ((child = sys_exofork()) < 0)
		return child;
	if (child == 0) {
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}

	for (uintptr_t pn = next_forkable_page(0); pn < PGNUM(UTOP);
	     pn = next_forkable_page(pn + 1)) {
		if (pn * PGSIZE < share_end && pn != PGNUM(&thisenv))
			r = sharepage(child, pn);
		else
			r = duppage(child, pn);
		if (r < 0)
			goto fail;
	}
	if ((r = sys_page_alloc(child, (void *) (UXSTACKTOP - PGSIZE),
				PTE_P | PTE_U | PTE_W)) < 0 ||
	    (r = sys_env_set_pgfault_upcall(child, _pgfault_upcall)) < 0 ||
	    (r = sys_env_set_status(child, ENV_RUNNABLE)) < 0)
		goto fail;
	return child;

fail:
	sys_env_destroy(child);
	return r;
}

envid_t
fork(void)
{
	return fork_common(0);
}

envid_t
sfork(void)
{
	uintptr_t stack_bottom = USTACKTOP - PGSIZE;

	/* The stack (the mapped run of pages under USTACKTOP) stays
	 * copy-on-write, and so does thisenv's page; everything else below
	 * the stack is shared. */
	while (stack_bottom > UTEXT && page_mapped(PGNUM(stack_bottom - PGSIZE)))
		stack_bottom -= PGSIZE;
	return fork_common(stack_bottom);
}
