/**
 * @file spinlock.c
 * @brief Spinlocks with holder tracking and lock trace records.
 *
 * Trace records (category "lock", only for locks initialised as traced):
 *   lock_acquire  name=N caller=ADDR spins=S wait=TICKS from=CPU|none
 *                 (from: the CPU the lock came from, when another CPU
 *                 held it while we spun: a hand-over)
 *   lock_release  name=N held=TICKS
 * The trace output lock itself is a raw lock in console.c and is never
 * traced, so emitting a record never recurses into this file.
 *
 * @ingroup grp_smp
 */
#include <inc/x86.h>
#include <inc/assert.h>

#include "spinlock.h"
#include "cpu.h"
#include "trace.h"
#include "kdebug.h"

/** The big kernel lock. */
struct spinlock kernel_lock = {
	.name = "kernel_lock",
	.trace_id = TR_lock_kernel_lock + 1,
};

void
__spin_initlock(struct spinlock *lk, const char *name, unsigned trace_id)
{
	lk->locked = 0;
	lk->name = name;
	lk->cpu = NULL;
	lk->pc = 0;
	lk->trace_id = trace_id;
}

/** Panic: this CPU acquires @p lk again, at @p pc. */
static void __attribute__((noreturn))
recursive_acquire(struct spinlock *lk, uintptr_t pc)
{
	panic("recursive acquire of %s at %08x by CPU %d (held since %08x)",
	      lk->name, pc, cpunum(), lk->pc);
}

void
spin_lock_slow(struct spinlock *lk, uintptr_t pc)
{
	struct CpuInfo *me = thiscpu;
	uint64_t t0;
	uint32_t spins = 0;

	if (lk->cpu == me)
		recursive_acquire(lk, pc);
	t0 = read_tsc();
	while (xchg(&lk->locked, 1) != 0) {
		spins++;
		pause();
	}
	lk->cpu = me;
	lk->pc = pc;
	trace_lock_acquired(lk->trace_id - 1, pc, spins, t0);
}

void
spin_unlock_slow(struct spinlock *lk, uintptr_t pc)
{
	if (!lk->locked)
		panic("release of unheld lock %s by CPU %d at %08x",
		      lk->name, cpunum(), pc);
	if (lk->cpu != thiscpu)
		panic("CPU %d at %08x releases %s held by CPU %d (acquired at %08x)",
		      cpunum(), pc, lk->name, lk->cpu->cpu_id, lk->pc);
	trace_lock_released(lk->trace_id - 1);
	lk->cpu = NULL;
	xchg(&lk->locked, 0);
}

void
kernel_lock_violation(const char *fn)
{
	if (read_eflags() & FL_IF)
		panic("%s: interrupts are on in the kernel", fn);
	panic("%s: called without the big kernel lock", fn);
}
