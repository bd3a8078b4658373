// tlb_shootdown: a parent unmaps a page from its child while the child is
// running on another CPU and reading that page in a loop. The child's CPU
// still caches the old translation; unless the kernel makes it flush (a
// TLB shootdown), the child would go on reading a page it no longer has --
// here it would see the parent's later write of 2 -- instead of faulting.
//
// The kernel sends the shootdown IPI only if the child's CPU is in user
// mode at that instant (in the kernel, waiting for the lock, it flushes on
// its own). So that the IPI path is the one taken, by construction rather
// than by luck of timing, the parent unmaps right after a timer interrupt
// on the child's CPU: the child spins reading the TSC, and a jump in it is
// a trap, the only kind it takes (it makes no system calls). It then
// counts the tick in a second shared page; the parent, spinning on another
// CPU, sees the count change and unmaps at once. The next tick on the
// child's CPU is a whole timer period (200,000 cycles) away, the parent's
// way into tlb_shootdown() a few thousand: the child is in user mode.
#include <inc/lib.h>

#define VA	((volatile int *) 0x00a00000)		/* the page unmapped */
#define TICKS	((volatile uint32_t *) 0x00a01000)	/* the child's tick count */
#define TRAP_GAP 100		/* TSC cycles: a loop turn is ~15, a timer trap a few hundred */
#define TICK_WAIT 20		/* ticks the parent waits for the child on another CPU */
#define GIVE_UP 40000000ull	/* TSC cycles: 200 default timer periods */

static void
handler(struct UTrapframe *utf)
{
	if (utf->utf_fault_va == (uint32_t) VA) {
		cprintf("child: the page was unmapped under me: fault at %08x\n",
			utf->utf_fault_va);
		exit();
	}
	panic("unexpected fault at %08x", utf->utf_fault_va);
}

static uint64_t
tsc(void)
{
	uint64_t t;

	asm volatile("rdtsc" : "=A" (t));
	return t;
}

static void
child_loop(void)
{
	uint64_t last;

	set_pgfault_handler(handler);
	*VA = 1;			/* "I am running, page cached" */
	last = tsc();
	while (*VA != 2) {
		uint64_t now = tsc();

		if (now - last > TRAP_GAP)
			(*TICKS)++;	/* a trap just ended: the next tick is a period away */
		last = now;
	}
	cprintf("child: read 2 from a page it no longer has (stale TLB)\n");
}

/** True while the child runs on a CPU other than ours. */
static bool
child_elsewhere(envid_t child)
{
	const volatile struct Env *c = &envs[ENVX(child)];

	return c->env_status == ENV_RUNNING && c->env_cpunum != thisenv->env_cpunum;
}

void
umain(int argc, char **argv)
{
	envid_t child;
	uint32_t seen;
	int r;

	(void) argc, (void) argv;
	/* PTE_SHARE: fork maps these very pages into the child. */
	if ((r = sys_page_alloc(0, (void *) VA, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0 ||
	    (r = sys_page_alloc(0, (void *) TICKS, PTE_P | PTE_U | PTE_W | PTE_SHARE)) < 0)
		panic("sys_page_alloc: %e", r);
	*VA = 0;
	*TICKS = 0;
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		child_loop();
		return;
	}
	while (*VA != 1)
		sys_yield();
	/* With more than one CPU: wait (spinning, not yielding: we keep our
	 * CPU) for a tick of the child while it runs elsewhere, then unmap
	 * at once. With one CPU the child never runs elsewhere: after
	 * TICK_WAIT ticks of our own waiting, unmap anyway (no IPI needed). */
	seen = *TICKS;
	/* Bounded in time as well, so that a broken tick detection ends
	 * with the unmap (and a missing IPI record) instead of a hang. */
	for (uint64_t start = tsc(), waited = 0; waited < TICK_WAIT && tsc() - start < GIVE_UP; ) {
		uint32_t now = *TICKS;

		if (now != seen && child_elsewhere(child))
			break;
		if (now != seen)
			seen = now, waited++;
		else if (!child_elsewhere(child))
			sys_yield();	/* one CPU: let the child run */
	}
	if ((r = sys_page_unmap(child, (void *) VA)) < 0)
		panic("sys_page_unmap: %e", r);
	*VA = 2;
	cprintf("parent: unmapped the page from the running child\n");
}
