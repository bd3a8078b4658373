// sched_preempt: a child spins forever without a system call. The parent
// must still get the CPU back (LAPIC timer preemption) to finish its own
// busy loop and destroy the child -- on one CPU as on several.
#include <inc/lib.h>

static void
busy(unsigned n)
{
	for (volatile unsigned i = 0; i < n; i++)
		;
}

void
umain(int argc, char **argv)
{
	envid_t child;

	(void) argc, (void) argv;
	if ((child = eager_fork()) < 0)
		panic("eager_fork: %e", child);
	if (child == 0) {
		cprintf("spinner started\n");
		for (;;)
			;
	}
	/* Long enough for several timer periods: the child must run. */
	busy(2000000);
	cprintf("parent finished its loop while the child spins\n");
	sys_env_destroy(child);
	cprintf("parent destroyed the spinner\n");
}
