// ipc_send_errors: sys_ipc_try_send and sys_ipc_recv refuse bad arguments
// with the JOS error codes: a target not receiving, a bad env id, and --
// with the target receiving a page -- an unaligned or unmapped source,
// bad permissions, a write mapping of a read-only page. An unaligned
// receive address is refused too. A valid send then gets through.
#include <inc/lib.h>

#define SRC	((char *) 0x00a00000)
#define RO	((char *) 0x00a01000)
#define DST	((char *) 0x00b00000)
#define PERM	(PTE_P | PTE_U | PTE_W)

void
umain(int argc, char **argv)
{
	envid_t child, who;
	int perm, r;

	(void) argc, (void) argv;
	if ((r = sys_page_alloc(0, SRC, PERM)) < 0 || (r = sys_page_alloc(0, RO, PTE_P | PTE_U)) < 0)
		panic("sys_page_alloc: %e", r);
	strcpy(SRC, "the page that finally got through");

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		expect_result("ipc_recv(unaligned dstva)", sys_ipc_recv(DST + 1), -E_INVAL);
		/* Wait for the parent's go, then receive a page. */
		while (ipc_recv(&who, 0, 0) != 1)
			;
		r = ipc_recv(&who, DST, &perm);
		cprintf("child got %d and '%s' with perm %x\n", r, DST, perm);
		return;
	}

	/* The child is not receiving yet (or is busy): not receiving. */
	expect_result("try_send(bad envid)", sys_ipc_try_send(child ^ 0x400000, 0, (void *) UTOP, 0), -E_BAD_ENV);
	expect_result("try_send(free slot)", sys_ipc_try_send(1023, 0, (void *) UTOP, 0), -E_BAD_ENV);
	ipc_send(child, 1, 0, 0);		/* go */
	/* Now the child waits for a page: every page check applies. */
	while ((r = sys_ipc_try_send(child, 9, SRC + 1, PERM)) == -E_IPC_NOT_RECV)
		sys_yield();
	expect_result("try_send(unaligned srcva)", r, -E_INVAL);
	expect_result("try_send(unmapped srcva)", sys_ipc_try_send(child, 9, SRC + 8 * PGSIZE, PERM), -E_INVAL);
	expect_result("try_send(perm without PTE_U)", sys_ipc_try_send(child, 9, SRC, PTE_P | PTE_W), -E_INVAL);
	expect_result("try_send(perm with PTE_G)", sys_ipc_try_send(child, 9, SRC, PERM | PTE_G), -E_INVAL);
	expect_result("try_send(W of read-only page)", sys_ipc_try_send(child, 9, RO, PERM), -E_INVAL);
	expect_result("try_send(valid page)", sys_ipc_try_send(child, 42, SRC, PTE_P | PTE_U), 0);
	expect_result("try_send(self, not receiving)", sys_ipc_try_send(0, 43, (void *) UTOP, 0), -E_IPC_NOT_RECV);
	cprintf("parent done\n");
}
