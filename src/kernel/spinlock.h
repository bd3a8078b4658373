/**
 * @file spinlock.h
 * @brief Spinlocks that know their name, holder and acquiring code, plus
 *        the big kernel lock.
 *
 * The kernel runs with interrupts disabled (all IDT gates are interrupt
 * gates and the kernel never executes sti except while idle in
 * sched_halt()), so a spinlock never needs to disable interrupts itself.
 *
 * @ingroup grp_smp
 */
#ifndef GW_KERN_SPINLOCK_H
#define GW_KERN_SPINLOCK_H

#include <inc/types.h>
#include <inc/x86.h>
#include <inc/mmu.h>
#include "cpu.h"
#include "trace.h"

/** A mutual-exclusion spin lock. */
struct spinlock {
	volatile uint32_t locked;	/**< 1 while held (changed by xchg only) */
	const char *name;		/**< for messages and trace records */
	struct CpuInfo *cpu;		/**< holder while locked, NULL while free (assert_kernel_locked() relies on it) */
	uintptr_t pc;			/**< code address of the holder's acquire */
	/** 1 + its TR_lock_* id if listed in trace_events.h (lock_*
	 *  records), 0 if untraced. */
	uint8_t trace_id;
};

/** Initialise lock @p lk; @p trace_id as in struct spinlock (0: untraced). */
void __spin_initlock(struct spinlock *lk, const char *name, unsigned trace_id);

/** True if this CPU holds @p lk. */
static inline bool
spin_holding(struct spinlock *lk)
{
	return lk->locked && lk->cpu == thiscpu;
}

/**
 * The address of this point in the code: one `mov` of a constant. Inlined
 * into a caller, it names the caller's code, which is what a lock's pc
 * (and a panic about it) should show.
 */
static inline __attribute__((always_inline)) uintptr_t
code_address_here(void)
{
	uintptr_t pc;

	asm volatile("movl $1f, %0\n1:" : "=r" (pc));
	return pc;
}

/**
 * spin_lock() off the fast path: a recursive acquire (panics) or a lock
 * whose acquisitions are being traced (spins counted, wait timed, a
 * lock_acquire record). @p pc is the acquiring code.
 */
void spin_lock_slow(struct spinlock *lk, uintptr_t pc);
/**
 * spin_unlock() off the fast path: a release by a CPU that does not hold
 * @p lk (panics), or of a traced lock (a lock_release record).
 */
void spin_unlock_slow(struct spinlock *lk, uintptr_t pc);

/**
 * Acquire @p lk for CPU @p me (this CPU), spinning; panics if it holds @p
 * lk already. Inline: it is on every kernel entry (the big kernel lock),
 * and the untraced case is a handful of instructions. Whether lock
 * records are on is checked first, so a run without them pays nothing
 * for them. (lk->cpu is NULL whenever lk is free, and only this CPU can
 * store @p me in it, so it names this CPU only if this CPU holds lk.)
 */
static inline __attribute__((always_inline)) void
spin_acquire(struct spinlock *lk, struct CpuInfo *me)
{
	uintptr_t pc = code_address_here();

	if ((trace_on(TR_LOCK) && lk->trace_id) || lk->cpu == me) {
		spin_lock_slow(lk, pc);
		return;
	}
	/* xchg is a full barrier: the critical section can't move above it. */
	while (xchg(&lk->locked, 1) != 0)
		pause();
	lk->cpu = me;
	lk->pc = pc;
}

/**
 * Release @p lk, held by CPU @p me (this CPU); panics if it does not hold
 * it (lk->cpu is @p me only while this CPU holds lk: see spin_acquire()).
 */
static inline __attribute__((always_inline)) void
spin_release(struct spinlock *lk, struct CpuInfo *me)
{
	if (__builtin_expect((trace_on(TR_LOCK) && lk->trace_id) || lk->cpu != me, 0)) {
		spin_unlock_slow(lk, code_address_here());
		return;
	}
	lk->cpu = NULL;
	/* xchg again a full barrier: nothing in the critical section can
	 * move below the store that lets the next CPU in. */
	xchg(&lk->locked, 0);
}

/** Acquire @p lk, spinning; panics if this CPU already holds it. */
static inline __attribute__((always_inline)) void
spin_lock(struct spinlock *lk)
{
	spin_acquire(lk, thiscpu);
}

/** Release @p lk; panics unless this CPU holds it. */
static inline __attribute__((always_inline)) void
spin_unlock(struct spinlock *lk)
{
	spin_release(lk, thiscpu);
}

/**
 * The big kernel lock. Taken by the boot CPU at the start of i386_init(),
 * on every entry from user mode (trap()), by an AP before its first
 * sched_yield(), and by a CPU leaving the idle halt; released by
 * env_return() just before returning to user mode and by sched_halt(). It
 * protects every kernel data structure except those with their own lock
 * (the console/trace output lock) and per-CPU state.
 */
extern struct spinlock kernel_lock;

/** Panic: @p fn broke the rule "big kernel lock held, interrupts off". */
void kernel_lock_violation(const char *fn) __attribute__((noreturn));

/**
 * A context assertion (Pintos style) for code that touches shared kernel
 * data: this CPU holds the big kernel lock (its cpu field names this CPU
 * only then: see spin_acquire()) and interrupts are off. Otherwise the
 * kernel panics naming the function and the rule.
 */
#define assert_kernel_locked()						\
	do {								\
		if (kernel_lock.cpu != thiscpu || (read_eflags() & FL_IF)) \
			kernel_lock_violation(__func__);		\
	} while (0)

/** Take the big kernel lock. */
static inline __attribute__((always_inline)) void
lock_kernel(void)
{
	spin_lock(&kernel_lock);
}

/** Release the big kernel lock. */
static inline __attribute__((always_inline)) void
unlock_kernel(void)
{
	spin_unlock(&kernel_lock);
}

/** lock_kernel() for the trap path, which has this CPU's CpuInfo @p c at hand. */
static inline __attribute__((always_inline)) void
lock_kernel_on(struct CpuInfo *c)
{
	spin_acquire(&kernel_lock, c);
}

/** unlock_kernel() for the way back to user mode, on this CPU @p c. */
static inline __attribute__((always_inline)) void
unlock_kernel_on(struct CpuInfo *c)
{
	spin_release(&kernel_lock, c);
}

#endif /* !GW_KERN_SPINLOCK_H */
