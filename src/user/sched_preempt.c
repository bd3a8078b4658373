// sched_preempt: a child spins forever without a system call. The parent
// must still get the CPU back (LAPIC timer preemption) to finish its own
// busy loop and destroy the child -- on one CPU as on several.
// The parent waits, spinning too, until the child has printed (a flag in
// the memory sfork shares): a busy loop "long enough for several timer
// periods" is not, when a period is host time (QEMU) and the host is busy.
#include <inc/lib.h>

/* Shared with the child (sfork): it is running and has printed. */
static volatile uint32_t started;

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
	if ((child = sfork()) < 0)
		panic("sfork: %e", child);
	if (child == 0) {
		cprintf("spinner started\n");
		started = 1;
		for (;;)
			;
	}
	/* No system call here either: with one CPU only the timer can let
	 * the child run, and then only the timer can bring us back. */
	while (!started)
		;
	busy(2000000);
	cprintf("parent finished its loop while the child spins\n");
	sys_env_destroy(child);
	cprintf("parent destroyed the spinner\n");
}
