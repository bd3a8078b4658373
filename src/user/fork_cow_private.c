// fork_cow_private: after fork, parent and child write the same pages (a
// global array spanning several pages, and the stack); each must see only
// its own values. Their page-table entries show the copy-on-write at work:
// shared frame before the first write, private frames after.
#include <inc/lib.h>

#define N (3 * PGSIZE / sizeof(int))

int shared[N];

static void
fill(int tag)
{
	for (size_t i = 0; i < N; i++)
		shared[i] = tag * 100000 + i;
}

static void
verify(const char *who, int tag)
{
	for (size_t i = 0; i < N; i++)
		if (shared[i] != (int) (tag * 100000 + i))
			panic("%s: shared[%d] is %d", who, (int) i, shared[i]);
}

void
umain(int argc, char **argv)
{
	envid_t child;
	volatile int on_stack = 7;

	(void) argc, (void) argv;
	fill(1);
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		if (!(uvpt[PGNUM(shared)] & PTE_COW))
			panic("child: shared[] is not copy-on-write after fork");
		verify("child before writing", 1);
		fill(2);
		on_stack = 8;
		sys_yield();
		verify("child", 2);
		if (on_stack != 8)
			panic("child: stack variable is %d", on_stack);
		if (uvpt[PGNUM(shared)] & PTE_COW || !(uvpt[PGNUM(shared)] & PTE_W))
			panic("child: written page still copy-on-write");
		cprintf("child sees only its own writes\n");
		ipc_send(thisenv->env_parent_id, 0, 0, 0);
		return;
	}
	fill(3);
	on_stack = 9;
	ipc_recv(0, 0, 0);		/* the child wrote everything */
	verify("parent", 3);
	if (on_stack != 9)
		panic("parent: stack variable is %d", on_stack);
	cprintf("parent sees only its own writes\n");
}
