// ipc_burst: a parent sends its child three pages back to back, each holding
// its number, without waiting for an answer. After each delivery the child
// is runnable but not receiving until it has read the page and unmapped
// it, so a send finds it busy whenever the parent gets there first:
// ipc_send must wait (retry) however long that takes. The child checks
// that every page arrives, in order, and reports at the end.
#include <inc/lib.h>

#define COUNT	3
#define SENDVA	((volatile uint32_t *) 0x00a00000)
#define RECVVA	((volatile uint32_t *) 0x00b00000)

void
umain(int argc, char **argv)
{
	envid_t child, from;
	int r, perm;

	(void) argc, (void) argv;
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		for (int i = 0; i < COUNT; i++) {
			uint32_t v = ipc_recv(&from, (void *) RECVVA, &perm);

			if (v != (uint32_t) i || *RECVVA != v || !(perm & PTE_P))
				panic("message %d: value %d, page holds %d, perm %x", i, v,
				      *RECVVA, perm);
			if ((r = sys_page_unmap(0, (void *) RECVVA)) < 0)
				panic("sys_page_unmap: %e", r);
		}
		cprintf("child got %d pages in order\n", COUNT);
		return;
	}
	for (int i = 0; i < COUNT; i++) {
		if ((r = sys_page_alloc(0, (void *) SENDVA, PTE_P | PTE_U | PTE_W)) < 0)
			panic("sys_page_alloc: %e", r);
		*SENDVA = i;
		ipc_send(child, i, (void *) SENDVA, PTE_P | PTE_U);
	}
	cprintf("parent sent %d pages\n", COUNT);
}
