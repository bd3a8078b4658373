/**
 * @file fork.c
 * @brief Copy-on-write fork() and shared-memory sfork(), in user space.
 *
 * The protocol: the parent maps every writable (or already COW) page into
 * the child with PTE_COW and no PTE_W, then remaps it the same way in
 * itself -- child first, so that the parent never writes a page the child
 * already shares read-only without its own fault. A later write by either
 * side faults; pgfault() gives the writer a private writable page. Read-only
 * pages are shared read-only; PTE_SHARE pages are shared as they are.
 *
 * Some pages are never copy-on-write: the exception stack (the child gets
 * a fresh one), and the normal stack and thisenv's page, which the child
 * gets copies of at once. Both sides write those right after fork anyway
 * (the child sets thisenv first thing), and this is what lets fork fail
 * cleanly when memory runs out: everything fork itself needs (those
 * copies, the exception stack) is had before any page is marked COW, so
 * neither side takes a COW fault of fork's own making, the parent none in the
 * middle of fork, and a failure (no page for the child's page tables,
 * say) destroys the child and returns the error: every page comes back.
 * (Pages already marked COW here stay so until written, as after any
 * fork: their next write copies them.)
 *
 * @ingroup grp_ulib
 */
#include <inc/lib.h>

#include "pages.h"

/** The page-fault upcall (pfentry.asm); see set_pgfault_handler(). */
extern void _pgfault_upcall(void);

/**
 * Make the COW page at @p addr (page-aligned) private and writable here,
 * by copying it through PFTEMP. (Not in place even when nobody else maps
 * it any more: sys_page_map never makes a read-only page writable.) 0 or
 * the failing system call's error.
 */
static int
cow_make_private(void *addr)
{
	int r;

	if ((r = sys_page_alloc(0, PFTEMP, PTE_P | PTE_U | PTE_W)) < 0)
		return r;
	page_copy(PFTEMP, addr);
	if ((r = sys_page_map(0, PFTEMP, 0, addr, PTE_P | PTE_U | PTE_W)) < 0)
		return r;
	return sys_page_unmap(0, PFTEMP);
}

/**
 * The COW page-fault handler: a write to a PTE_COW page gets a private
 * writable page; anything else is a real fault and panics.
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
	if ((r = cow_make_private(addr)) < 0)
		panic("pgfault: copying the page at %08x: %e", (uintptr_t) addr, r);
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

/**
 * Share page @p pn with @p envid, writable if it is writable here (sfork).
 * A page still COW from an earlier fork is made private here first: shared
 * COW, the first write on either side would give the writer a copy of
 * its own.
 */
static int
sharepage(envid_t envid, uintptr_t pn)
{
	void *va = (void *) (pn * PGSIZE);
	int r;

	if ((uvpt[pn] & PTE_COW) && (r = cow_make_private(va)) < 0)
		return r;
	return sys_page_map(0, va, envid, va, uvpt[pn] & PTE_SYSCALL);
}

/**
 * The common part of fork() and sfork(): create a child, copy the stack
 * and thisenv's page into it and give it an exception stack (before
 * anything is COW, see the file comment), map the other pages in
 * [0, @p share_end) with sharepage(), the rest with duppage(), set the
 * upcall and start it. On failure the child is destroyed.
 * @callgraph
 */
static envid_t
fork_common(uintptr_t share_end)
{
	uintptr_t stack = stack_bottom();
	envid_t child;
	int r;

	set_pgfault_handler(pgfault);
	if ((child = sys_exofork()) < 0)
		return child;
	if (child == 0) {
		thisenv = &envs[ENVX(sys_getenvid())];
		return 0;
	}

	for (uintptr_t va = stack; va < USTACKTOP; va += PGSIZE)
		if ((r = copy_page_to(child, (void *) va)) < 0)
			goto fail;
	if ((r = copy_page_to(child, (void *) ROUNDDOWN(&thisenv, PGSIZE))) < 0)
		goto fail;
	if ((r = sys_page_alloc(child, (void *) (UXSTACKTOP - PGSIZE),
				PTE_P | PTE_U | PTE_W)) < 0)
		goto fail;
	for (uintptr_t pn = next_forkable_page(0); pn < PGNUM(UTOP);
	     pn = next_forkable_page(pn + 1)) {
		if ((pn >= PGNUM(stack) && pn < PGNUM(USTACKTOP)) || pn == PGNUM(&thisenv))
			continue;	/* copied above */
		if (pn * PGSIZE < share_end)
			r = sharepage(child, pn);
		else
			r = duppage(child, pn);
		if (r < 0)
			goto fail;
	}
	if ((r = sys_env_set_pgfault_upcall(child, _pgfault_upcall)) < 0 ||
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
	/* Everything below the stack is shared but thisenv's page (copied,
	 * like the stack): each env has its own thisenv. */
	return fork_common(stack_bottom());
}
