// syscall_bad_args: every lab-4 system call given bad arguments must
// return the JOS error code (and never harm the kernel or another env).
// Each check prints one line "ok: what -> error"; a wrong result panics.
#include <inc/lib.h>

#define PERM	(PTE_P | PTE_U | PTE_W)
#define VA	((void *) 0x00a00000)	/* a free user address */

void
umain(int argc, char **argv)
{
	envid_t child, parent = thisenv->env_id;
	envid_t stale = parent ^ 0x400000;	/* same slot, other generation */
	envid_t bad_slot = 1023;		/* a free slot */

	(void) argc, (void) argv;

	/* envid checks: stale ids, free slots; checkperm refuses non-children. */
	expect_result("env_destroy(stale id)", sys_env_destroy(stale), -E_BAD_ENV);
	expect_result("env_destroy(free slot)", sys_env_destroy(bad_slot), -E_BAD_ENV);
	expect_result("page_alloc(stale id)", sys_page_alloc(stale, VA, PERM), -E_BAD_ENV);
	expect_result("env_set_status(free slot)", sys_env_set_status(bad_slot, ENV_RUNNABLE), -E_BAD_ENV);
	expect_result("env_set_pgfault_upcall(stale id)", sys_env_set_pgfault_upcall(stale, 0), -E_BAD_ENV);

	/* page_alloc: va below UTOP and aligned; perm has P|U, only PTE_SYSCALL bits. */
	expect_result("page_alloc(va = UTOP)", sys_page_alloc(0, (void *) UTOP, PERM), -E_INVAL);
	expect_result("page_alloc(kernel va)", sys_page_alloc(0, (void *) KERNBASE, PERM), -E_INVAL);
	expect_result("page_alloc(unaligned va)", sys_page_alloc(0, VA + 1, PERM), -E_INVAL);
	expect_result("page_alloc(perm without PTE_U)", sys_page_alloc(0, VA, PTE_P | PTE_W), -E_INVAL);
	expect_result("page_alloc(perm without PTE_P)", sys_page_alloc(0, VA, PTE_U | PTE_W), -E_INVAL);
	expect_result("page_alloc(perm with PTE_G)", sys_page_alloc(0, VA, PERM | PTE_G), -E_INVAL);
	expect_result("page_alloc(perm with PTE_PCD)", sys_page_alloc(0, VA, PERM | PTE_PCD), -E_INVAL);

	/* page_map: both addresses checked, source mapped, no W of read-only. */
	if (sys_page_alloc(0, VA, PTE_P | PTE_U) < 0)
		panic("page_alloc of a read-only page failed");
	expect_result("page_map(unmapped src)", sys_page_map(0, VA + PGSIZE, 0, VA + 2 * PGSIZE, PERM), -E_INVAL);
	expect_result("page_map(src va = UTOP)", sys_page_map(0, (void *) UTOP, 0, VA + PGSIZE, PTE_P | PTE_U), -E_INVAL);
	expect_result("page_map(unaligned dst)", sys_page_map(0, VA, 0, VA + 3, PTE_P | PTE_U), -E_INVAL);
	expect_result("page_map(dst va = ULIM)", sys_page_map(0, VA, 0, (void *) ULIM, PTE_P | PTE_U), -E_INVAL);
	expect_result("page_map(W of read-only page)", sys_page_map(0, VA, 0, VA + PGSIZE, PERM), -E_INVAL);
	expect_result("page_map(bad perm)", sys_page_map(0, VA, 0, VA + PGSIZE, PTE_P), -E_INVAL);
	expect_result("page_map(stale dst)", sys_page_map(0, VA, stale, VA, PTE_P | PTE_U), -E_BAD_ENV);
	expect_result("page_map(read-only to read-only)", sys_page_map(0, VA, 0, VA + PGSIZE, PTE_P | PTE_U), 0);

	/* page_unmap: va below UTOP and aligned; unmapping nothing is fine. */
	expect_result("page_unmap(va = UTOP)", sys_page_unmap(0, (void *) UTOP), -E_INVAL);
	expect_result("page_unmap(unaligned)", sys_page_unmap(0, VA + 5), -E_INVAL);
	expect_result("page_unmap(nothing mapped)", sys_page_unmap(0, VA + 8 * PGSIZE), 0);

	/* env_set_status: only RUNNABLE and NOT_RUNNABLE. */
	expect_result("env_set_status(ENV_FREE)", sys_env_set_status(0, ENV_FREE), -E_INVAL);
	expect_result("env_set_status(ENV_RUNNING)", sys_env_set_status(0, ENV_RUNNING), -E_INVAL);
	expect_result("env_set_status(ENV_DYING)", sys_env_set_status(0, ENV_DYING), -E_INVAL);
	expect_result("env_set_status(99)", sys_env_set_status(0, 99), -E_INVAL);

	/* Unknown system call numbers. */
	{
		int r;

		asm volatile("int %1" : "=a" (r) : "i" (T_SYSCALL), "a" (NSYSCALLS) : "memory");
		expect_result("syscall(NSYSCALLS)", r, -E_INVAL);
		asm volatile("int %1" : "=a" (r) : "i" (T_SYSCALL), "a" (-1) : "memory");
		expect_result("syscall(-1)", r, -E_INVAL);
	}

	/* checkperm: a child may not touch its parent; the parent may touch
	 * the child. */
	if ((child = sys_exofork()) < 0)
		panic("sys_exofork: %e", child);
	if (child == 0) {
		/* The exofork child runs with the parent's registers only: no
		 * memory yet. It never runs: the parent destroys it. */
		for (;;)
			;
	}
	expect_result("page_alloc(child)", sys_page_alloc(child, VA, PERM), 0);
	expect_result("page_map(to child)", sys_page_map(0, VA, child, VA + PGSIZE, PTE_P | PTE_U), 0);
	expect_result("page_map(child W of read-only)", sys_page_map(0, VA, child, VA + PGSIZE, PERM), -E_INVAL);
	expect_result("env_set_status(child, NOT_RUNNABLE)", sys_env_set_status(child, ENV_NOT_RUNNABLE), 0);
	expect_result("env_destroy(child)", sys_env_destroy(child), 0);
	expect_result("env_destroy(destroyed child)", sys_env_destroy(child), -E_BAD_ENV);

	/* A grandchild's parent is not us: exofork a child that exoforks a
	 * grandchild, and check that we may not destroy the grandchild. */
	if ((child = eager_fork()) < 0)
		panic("eager_fork: %e", child);
	if (child == 0) {
		envid_t grandchild = sys_exofork();

		if (grandchild == 0)
			for (;;)
				;
		ipc_send(parent, grandchild, 0, 0);
		expect_result("env_destroy(parent) from child", sys_env_destroy(parent), -E_BAD_ENV);
		expect_result("page_alloc(parent) from child", sys_page_alloc(parent, VA, PERM), -E_BAD_ENV);
		ipc_send(parent, 0, 0, 0);
		sys_env_destroy(grandchild);
		return;
	}
	{
		envid_t grandchild = ipc_recv(0, 0, 0);

		expect_result("env_destroy(grandchild)", sys_env_destroy(grandchild), -E_BAD_ENV);
		expect_result("env_set_status(grandchild)", sys_env_set_status(grandchild, ENV_RUNNABLE), -E_BAD_ENV);
		ipc_recv(0, 0, 0);	/* the child's checks are done */
	}
	cprintf("all bad arguments refused\n");
}
