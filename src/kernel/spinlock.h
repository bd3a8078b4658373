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

/** A mutual-exclusion spin lock. */
struct spinlock {
	volatile uint32_t locked;	/**< 1 while held (changed by xchg only) */
	const char *name;		/**< for messages and trace records */
	struct CpuInfo *cpu;		/**< holder, valid while locked */
	uintptr_t pc;			/**< code address of the holder's acquire */
	/** 1 + its TR_lock_* id if listed in trace_events.h (lock_*
	 *  records), 0 if untraced. */
	uint8_t trace_id;
};

/** Initialise lock @p lk; @p trace_id as in struct spinlock (0: untraced). */
void __spin_initlock(struct spinlock *lk, const char *name, unsigned trace_id);
/** Acquire @p lk, spinning; panics if this CPU already holds it. */
void spin_lock(struct spinlock *lk);
/** Release @p lk; panics unless this CPU holds it. */
void spin_unlock(struct spinlock *lk);
/** True if this CPU holds @p lk. */
static inline bool
spin_holding(struct spinlock *lk)
{
	return lk->locked && lk->cpu == thiscpu;
}

/**
 * The big kernel lock. Taken by the boot CPU at the start of i386_init(),
 * on every entry from user mode (trap()), by an AP before its first
 * sched_yield(), and by a CPU leaving the idle halt; released by env_run()
 * just before returning to user mode and by sched_halt(). It protects
 * every kernel data structure except those with their own lock (the
 * console/trace output lock) and per-CPU state.
 */
extern struct spinlock kernel_lock;

/** Panic: @p fn broke the rule "big kernel lock held, interrupts off". */
void kernel_lock_violation(const char *fn) __attribute__((noreturn));

/**
 * A context assertion (Pintos style) for code that touches shared kernel
 * data: this CPU holds the big kernel lock and interrupts are off.
 * Otherwise the kernel panics naming the function and the rule.
 */
#define assert_kernel_locked()						\
	do {								\
		if (!spin_holding(&kernel_lock) || (read_eflags() & FL_IF)) \
			kernel_lock_violation(__func__);		\
	} while (0)

/** Take the big kernel lock. */
static inline void
lock_kernel(void)
{
	spin_lock(&kernel_lock);
}

/** Release the big kernel lock. */
static inline void
unlock_kernel(void)
{
	spin_unlock(&kernel_lock);
}

#endif /* !GW_KERN_SPINLOCK_H */
