/**
 * @file sched.h
 * @brief The round-robin scheduler and the idle halt.
 *
 * @ingroup grp_smp
 */
#ifndef GW_KERN_SCHED_H
#define GW_KERN_SCHED_H

#include <inc/env.h>
#include "trace.h"

/** Why a CPU calls sched_yield(); reported in sched_switch records. */
enum sched_reason {
	SCHED_NONE = TR_reason_block,	/**< the current env stopped being runnable (block) */
	SCHED_YIELD = TR_reason_yield,	/**< sys_yield() */
	SCHED_PREEMPT = TR_reason_preempt, /**< timer interrupt */
	SCHED_BLOCK = TR_reason_block,	/**< waiting for IPC */
	SCHED_EXIT = TR_reason_exit,	/**< the current env was destroyed */
};

/**
 * Choose an env and run it; never returns. Round robin: the first
 * ENV_RUNNABLE env after the slot this CPU ran last, wrapping around; curenv itself
 * only if nothing else is runnable and it is still ENV_RUNNING; otherwise
 * the CPU halts in sched_halt().
 * @locks{big kernel lock held (asserted); released by env_run() or sched_halt()}
 * @context{interrupts off; never returns}
 * @callgraph
 */
void sched_yield(enum sched_reason why) __attribute__((noreturn));

/**
 * Nothing to run on this CPU: release the big kernel lock and halt with
 * interrupts enabled until the next interrupt. If no env is left in the
 * system at all, end the run (headless) or enter the monitor. Big kernel
 * lock held; never returns.
 */
void sched_halt(void) __attribute__((noreturn));

/** Emit the sched_switch record for a switch from @p prev (may be NULL) to @p next. */
void sched_trace_switch(struct Env *prev, struct Env *next);

#endif /* !GW_KERN_SCHED_H */
