// bench_kernel: costs of the basic kernel paths in emulated cycles (rdtsc
// under Bochs with sync=none counts emulated ticks, so the numbers are
// exact and repeatable). `make bench` runs this without tracing.
//   syscall   sys_getenvid round trip
//   yield     sys_yield with nothing else runnable (back to the caller)
//   pgfault   a user page fault handled by the upcall (page allocated)
//   cowfault  a copy-on-write fault resolved by fork's handler
//   fork      fork() of this program
//   ipc       one ping-pong round trip between two envs
#include <inc/lib.h>

#define N 200

static uint64_t
now(void)
{
	uint64_t t;

	asm volatile("rdtsc" : "=A" (t));
	return t;
}

static void
report(const char *what, uint64_t start, unsigned n)
{
	uint64_t total = now() - start;

	cprintf("bench %-8s %8u cycles per op (%u ops)\n", what,
		(unsigned) (total / n), n);
}

static void
map_handler(struct UTrapframe *utf)
{
	sys_page_alloc(0, (void *) ROUNDDOWN(utf->utf_fault_va, PGSIZE), PTE_P | PTE_U | PTE_W);
}

char cow_area[N][PGSIZE] __attribute__((aligned(PGSIZE)));	/* global: stores are kept */

void
umain(int argc, char **argv)
{
	uint64_t t;
	envid_t child;

	(void) argc, (void) argv;

	t = now();
	for (int i = 0; i < N; i++)
		sys_getenvid();
	report("syscall", t, N);

	t = now();
	for (int i = 0; i < N; i++)
		sys_yield();
	report("yield", t, N);

	set_pgfault_handler(map_handler);
	t = now();
	for (int i = 0; i < N; i++)
		*(volatile char *) (0x20000000 + i * PGSIZE) = 1;
	report("pgfault", t, N);

	for (int i = 0; i < N; i++)
		cow_area[i][0] = 1;
	t = now();
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0)
		return;		/* the child exits at once */
	report("fork", t, 1);
	t = now();
	for (int i = 0; i < N; i++)
		*(volatile char *) &cow_area[i][0] = 2;	/* each a COW fault */
	report("cowfault", t, N);

	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		for (;;)
			ipc_send(thisenv->env_parent_id, ipc_recv(0, 0, 0) + 1, 0, 0);
	}
	t = now();
	for (int i = 0; i < N; i++) {
		ipc_send(child, i, 0, 0);
		ipc_recv(0, 0, 0);
	}
	report("ipc", t, N);
	sys_env_destroy(child);
}
