// fork_readonly: fork of an env holding a read-only page and a page that is
// already copy-on-write (from an earlier fork). The read-only page must be
// shared read-only (same frame, no PTE_W, no PTE_COW); the COW page stays
// COW in both; a write to the read-only page is a real fault, which the
// fork library's handler reports with its address.
#include <inc/lib.h>

#define RO	((char *) 0x00a00000)

int data_page[PGSIZE / sizeof(int)] = { 42 };

void
umain(int argc, char **argv)
{
	envid_t c1, c2;
	int r;

	(void) argc, (void) argv;
	if ((r = sys_page_alloc(0, RO, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	strcpy(RO, "read-only text");
	if ((r = sys_page_map(0, RO, 0, RO, PTE_P | PTE_U)) < 0)
		panic("sys_page_map read-only: %e", r);

	/* A first fork makes data_page copy-on-write here. */
	if ((c1 = fork()) < 0)
		panic("fork: %e", c1);
	if (c1 == 0)
		return;
	if (!(uvpt[PGNUM(data_page)] & PTE_COW))
		panic("data_page is not COW after the first fork");

	if ((c2 = fork()) < 0)
		panic("fork: %e", c2);
	if (c2 == 0) {
		pte_t ro = uvpt[PGNUM(RO)], cow = uvpt[PGNUM(data_page)];

		if ((ro & (PTE_W | PTE_COW)) || !(ro & PTE_P))
			panic("child: read-only page has pte %08x", ro);
		if (!(cow & PTE_COW) || (cow & PTE_W))
			panic("child: COW page has pte %08x", cow);
		cprintf("child reads '%s' and %d\n", RO, data_page[0]);
		ipc_send(thisenv->env_parent_id, PTE_ADDR(ro), 0, 0);
		RO[0] = 'X';	/* a write to a read-only page: fatal */
		cprintf("wrote a read-only page: should not get here\n");
		return;
	}
	if (ipc_recv(0, 0, 0) != (int) PTE_ADDR(uvpt[PGNUM(RO)]))
		panic("the child's read-only page is not the parent's frame");
	cprintf("parent: read-only page shared, same frame\n");
}
