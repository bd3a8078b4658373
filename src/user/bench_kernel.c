// bench_kernel: the kernel's hot paths in emulated cycles. rdtsc under
// Bochs with sync=none counts emulated instructions, so every figure is
// exact and repeatable; `make bench` (debug/bench.py) runs this at 1 and 2
// CPUs, with tracing off and on, and prints the table. Each line is
// "bench OP CYCLES-PER-OP N":
//   syscall    sys_getenvid round trip
//   page       sys_page_alloc + sys_page_unmap of one page
//   fork       fork() of this (small) program, in the parent
//   cowfault   a write to a copy-on-write page, resolved by fork's handler
//   ipc        one round trip: send to a child, its answer back
//   yieldpair  two envs yielding to each other: one yield each
#include <inc/lib.h>

#define N 200
#define COW_AREA ((char *) 0x20000000)	/* N pages, made COW by a fork */

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

	cprintf("bench %s %u %u\n", what, (unsigned) (total / n), n);
}

static void
wait_gone(envid_t c)
{
	while (envs[ENVX(c)].env_id == c && envs[ENVX(c)].env_status != ENV_FREE)
		sys_yield();
}

static void
bench_fork(void)
{
	uint64_t t;
	envid_t c;

	for (int timed = 0; timed < 2; timed++) {	/* the first sets the handler up */
		t = now();
		if ((c = fork()) < 0)
			panic("fork: %e", c);
		if (c == 0)
			exit();
		if (timed)
			report("fork", t, 1);
		wait_gone(c);
	}
}

static void
bench_cow(void)
{
	envid_t c;
	uint64_t t;
	int r;

	for (int i = 0; i < N; i++)
		if ((r = sys_page_alloc(0, COW_AREA + i * PGSIZE, PTE_P | PTE_U | PTE_W)) < 0)
			panic("sys_page_alloc: %e", r);
	if ((c = fork()) < 0)
		panic("fork: %e", c);
	if (c == 0) {
		ipc_recv(0, 0, 0);	/* keep the pages shared until the parent is done */
		exit();
	}
	t = now();
	for (int i = 0; i < N; i++)
		COW_AREA[i * PGSIZE] = 2;	/* each a COW fault */
	report("cowfault", t, N);
	ipc_send(c, 0, 0, 0);
	wait_gone(c);
	for (int i = 0; i < N; i++)
		sys_page_unmap(0, COW_AREA + i * PGSIZE);
}

static void
bench_ipc(void)
{
	envid_t c = fork();
	uint64_t t;

	if (c < 0)
		panic("fork: %e", c);
	if (c == 0)
		for (;;)
			ipc_send(thisenv->env_parent_id, ipc_recv(0, 0, 0) + 1, 0, 0);
	t = now();
	for (int i = 0; i < N; i++) {
		ipc_send(c, i, 0, 0);
		ipc_recv(0, 0, 0);
	}
	report("ipc", t, N);
	sys_env_destroy(c);
	wait_gone(c);
}

static void
bench_yield_pair(void)
{
	envid_t c = fork();
	uint64_t t;

	if (c < 0)
		panic("fork: %e", c);
	if (c == 0) {
		for (int i = 0; i < N + 20; i++)
			sys_yield();
		exit();
	}
	sys_yield();		/* the child is running or runnable now */
	t = now();
	for (int i = 0; i < N; i++)
		sys_yield();
	report("yieldpair", t, N);
	wait_gone(c);
}

void
umain(int argc, char **argv)
{
	uint64_t t;

	(void) argc, (void) argv;

	t = now();
	for (int i = 0; i < N; i++)
		sys_getenvid();
	report("syscall", t, N);

	t = now();
	for (int i = 0; i < N; i++) {
		sys_page_alloc(0, COW_AREA, PTE_P | PTE_U | PTE_W);
		sys_page_unmap(0, COW_AREA);
	}
	report("page", t, N);

	bench_fork();
	bench_cow();
	bench_ipc();
	bench_yield_pair();
}
