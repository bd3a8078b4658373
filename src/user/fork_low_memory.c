// fork_low_memory: fork() when memory is nearly gone either succeeds or
// returns -E_NO_MEM with the child destroyed and every page back -- it
// never panics half-way (say, on its own copy-on-write stack fault) nor
// leaves a half-built child behind. A hoarder child takes every free page
// and gives them back one at a time when asked; after each, we fork.
#include <inc/lib.h>

#define HOARD ((char *) 0x10000000)	/* where the hoarder keeps its pages */
#define MAX_FREE 10
#define RELEASE_ONE 1

static void
hoarder(void)
{
	unsigned n = 0;
	int r;

	while (sys_page_alloc(0, HOARD + n * PGSIZE, PTE_P | PTE_U | PTE_W) == 0)
		n++;
	ipc_send(thisenv->env_parent_id, n, 0, 0);
	for (;;) {
		if (ipc_recv(0, 0, 0) != RELEASE_ONE)
			continue;
		if ((r = sys_page_unmap(0, HOARD + --n * PGSIZE)) < 0)
			panic("sys_page_unmap: %e", r);
		ipc_send(thisenv->env_parent_id, n, 0, 0);
	}
}

void
umain(int argc, char **argv)
{
	envid_t h;

	(void) argc, (void) argv;
	if ((h = fork()) < 0)
		panic("fork: %e", h);
	if (h == 0)
		hoarder();
	ipc_recv(0, 0, 0);
	cprintf("the hoarder took every free page\n");

	for (int free = 1; free <= MAX_FREE; free++) {
		envid_t c;

		ipc_send(h, RELEASE_ONE, 0, 0);
		ipc_recv(0, 0, 0);
		if ((c = fork()) == 0)
			exit();
		if (c < 0) {
			cprintf("%d page(s) free: fork -> %e\n", free, c);
			continue;
		}
		while (envs[ENVX(c)].env_id == c && envs[ENVX(c)].env_status != ENV_FREE)
			sys_yield();
		cprintf("%d page(s) free: fork succeeded\n", free);
	}
	sys_env_destroy(h);
	/* The leak invariant checks that every page came back. */
}
