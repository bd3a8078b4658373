/**
 * @file selftest.c
 * @brief Deliberate kernel failures for harness tests (selftest=NAME).
 * @ingroup grp_boot
 */
#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/string.h>
#include <inc/assert.h>

#include "selftest.h"
#include "spinlock.h"
#include "cpu.h"
#include "console.h"

/**
 * Recurse until the kernel stack runs into its guard page (and the double
 * fault reports it). Each frame keeps its buffer live across the call, so
 * the compiler can turn nothing into a loop.
 */
static void
selftest_recurse(int depth)
{
	volatile char frame[256];

	frame[0] = depth;
	if (depth >= 0)		/* always: there is no way back */
		selftest_recurse(depth + 1);
	frame[1] = frame[0];
}

/** Every test selftest= can name: the boot CPU's, then the APs'. */
static const char * const selftests[] = {
	"panic", "triplefault", "kernelfault", "lock-recursion", "kstack-overflow",
	"lock-foreign-release", "kstack-overflow-ap", "output-lock-stuck",
};

void
selftest_boot(const char *name)
{
	size_t i;

	if (!name)
		return;
	for (i = 0; i < ARRAY_SIZE(selftests); i++)
		if (strcmp(name, selftests[i]) == 0)
			break;
	if (i == ARRAY_SIZE(selftests)) {
		/* A typo must not look like a test that passed by not failing. */
		cprintf("selftest: the tests are");
		for (i = 0; i < ARRAY_SIZE(selftests); i++)
			cprintf(" %s", selftests[i]);
		cprintf("\n");
		panic("selftest=%s: no such test", name);
	}
	if (strcmp(name, "panic") == 0)
		panic("deliberate panic (selftest=panic)");
	if (strcmp(name, "triplefault") == 0) {
		/* No IDT: the breakpoint cannot be delivered, nor the #GP
		 * that follows, nor the double fault. */
		static struct Pseudodesc empty = { 0, 0 };

		lidt(&empty);
		asm volatile("int3");
	}
	if (strcmp(name, "kstack-overflow") == 0)
		selftest_recurse(0);
	if (strcmp(name, "kernelfault") == 0)
		(void) *(volatile uint32_t *) 0;	/* a page fault in the kernel */
	if (strcmp(name, "lock-recursion") == 0) {
		static struct spinlock lk;

		__spin_initlock(&lk, "selftest_lock", 0);
		spin_lock(&lk);
		spin_lock(&lk);
	}
}

void
selftest_ap(const char *name)
{
	if (!name)
		return;
	if (strcmp(name, "lock-foreign-release") == 0)
		spin_unlock(&kernel_lock);
	if (strcmp(name, "kstack-overflow-ap") == 0 && cpunum() == 1)
		selftest_recurse(0);
	if (strcmp(name, "output-lock-stuck") == 0 && cpunum() == 1) {
		/* Take the console and never give it back, as a CPU wedged
		 * inside a print would; boot_aps() must still see this CPU up,
		 * or the boot CPU would wait for it instead of panicking. */
		cons_out_lock();
		xchg(&thiscpu->cpu_status, CPU_STARTED);
		for (;;)
			pause();
	}
}

void
selftest_aps_up(const char *name)
{
	if (name && strcmp(name, "output-lock-stuck") == 0)
		panic("deliberate panic while CPU 1 keeps the output lock "
		      "(selftest=output-lock-stuck)");
}
