/**
 * @file spinlock.c
 * @brief Spinlocks with holder tracking and lock trace records.
 *
 * Trace records (category "lock", only for locks initialised as traced):
 *   lock_acquire  name=N caller=ADDR spins=S wait=TICKS
 *   lock_handover name=N from=CPU     (the lock came from another CPU
 *                                      that held it while we spun)
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

/** Panic: this CPU (@p me) acquires @p lk again, at @p caller. */
static void __attribute__((noreturn, noinline))
recursive_acquire(struct spinlock *lk, uintptr_t caller)
{
	panic("recursive acquire of %s at %08x by CPU %d (held since %08x)",
	      lk->name, caller, cpunum(), lk->pc);
}

/** spin_lock() when lock records are wanted: count the spins, time the wait. */
static void __attribute__((noinline))
spin_lock_traced(struct spinlock *lk, uintptr_t caller, struct CpuInfo *me)
{
	uint64_t t0 = read_tsc();
	uint32_t spins = 0;

	while (xchg(&lk->locked, 1) != 0) {
		spins++;
		pause();
	}
	lk->cpu = me;
	lk->pc = caller;
	trace_lock_acquired(lk->trace_id - 1, caller, spins, t0);
}

void
spin_lock(struct spinlock *lk)
{
	uintptr_t caller = (uintptr_t) __builtin_return_address(0);
	struct CpuInfo *me = thiscpu;

	if (lk->locked && lk->cpu == me)
		recursive_acquire(lk, caller);
	if (lk->trace_id && trace_on(TR_LOCK)) {
		spin_lock_traced(lk, caller, me);
		return;
	}
	/* xchg is a full barrier: the critical section can't move above it. */
	while (xchg(&lk->locked, 1) != 0)
		pause();
	lk->cpu = me;
	lk->pc = caller;
}

/** Panic: the code at @p caller releases @p lk, which this CPU does not hold. */
static void __attribute__((noreturn, noinline))
foreign_release(struct spinlock *lk, uintptr_t caller)
{
	if (!lk->locked)
		panic("release of unheld lock %s by CPU %d at %08x",
		      lk->name, cpunum(), caller);
	panic("CPU %d at %08x releases %s held by CPU %d (acquired at %08x)",
	      cpunum(), caller, lk->name, lk->cpu->cpu_id, lk->pc);
}

void
spin_unlock(struct spinlock *lk)
{
	if (!spin_holding(lk))
		foreign_release(lk, (uintptr_t) __builtin_return_address(0));
	if (lk->trace_id && trace_on(TR_LOCK))
		trace_lock_released(lk->trace_id - 1);

	lk->cpu = NULL;
	lk->pc = 0;
	xchg(&lk->locked, 0);
}

void
kernel_lock_violation(const char *fn)
{
	if (read_eflags() & FL_IF)
		panic("%s: interrupts are on in the kernel", fn);
	panic("%s: called without the big kernel lock", fn);
}
