/**
 * @file sched.h
 * @brief The scheduler: choosing an env, switching this CPU to it, and
 *        the idle halt.
 *
 * @ingroup grp_smp
 */
#ifndef GW_KERN_SCHED_H
#define GW_KERN_SCHED_H

#include <inc/env.h>
#include <inc/x86.h>
#include "trace.h"
#include "cpu.h"
#include "env.h"
#include "spinlock.h"
#include "tlb.h"

/** Why a CPU leaves its current env; reported in sched_switch records. */
enum sched_reason {
	SCHED_NONE = -1,			/**< no reason to leave (cpu_resched) */
	SCHED_POINT = -2,			/**< none yet, but preempt= is on: trap_exit() asks preempt_decide() */
	SCHED_BLOCK = TR_reason_block,		/**< waiting for IPC */
	SCHED_YIELD = TR_reason_yield,		/**< sys_yield() */
	SCHED_PREEMPT = TR_reason_preempt,	/**< timer interrupt */
	SCHED_EXIT = TR_reason_exit,		/**< the current env was freed */
	SCHED_STOPPED = TR_reason_stopped,	/**< made NOT_RUNNABLE (by itself or its parent) */
};

/**
 * Set @p e's status to @p status, keeping the run queue (the ENV_RUNNABLE
 * and ENV_RUNNING envs) and the count any_env_alive() needs in step. Every
 * status change goes through sched.c's inline set_status(): from here,
 * from env_set_status(), or directly on the switch path. No trace record: the
 * callers write the one that fits (env_set_status() writes env_status).
 * @locks{big kernel lock}
 */
void sched_set_status(struct Env *e, unsigned status);

/**
 * sys_ipc_recv(): the caller @p e, ENV_RUNNING, blocks (ENV_NOT_RUNNABLE,
 * an env_status record, as env_set_status() writes).
 * @locks{big kernel lock, taken by trap_enter()}
 */
void sched_ipc_block(struct Env *e);

/**
 * sys_ipc_try_send(): the receiver @p e, blocked (ENV_NOT_RUNNABLE), has
 * its message and becomes ENV_RUNNABLE (an env_status record).
 * @locks{big kernel lock, taken by trap_enter()}
 */
void sched_ipc_wake(struct Env *e);

/**
 * CPU @p c (this one) drops its current env @p e, which is being freed:
 * nothing of it is saved (env_free()). @locks{big kernel lock}
 */
void sched_cpu_drop(struct CpuInfo *c, struct Env *e);

/**
 * Choose an env for CPU @p c (this one: thiscpu; the trap path has it at
 * hand) and run it; never returns. Round robin: the first env of the run
 * queue (ENV_RUNNABLE or ENV_RUNNING), on no other CPU, after the slot
 * this CPU ran last, wrapping around -- so curenv, in that slot, only if
 * nothing else can run; otherwise the CPU halts in sched_halt(). @p why
 * is why the current env (if any) leaves, for the trace. Every switch
 * goes through here (a breakpoint on sched_yield sees them all): from
 * trap_exit(), and each CPU's first from init.c.
 * @locks{big kernel lock held; released by env_return() or sched_halt()}
 * @context{interrupts off; never returns}
 * @callgraph
 */
void sched_yield(struct CpuInfo *c, enum sched_reason why) __attribute__((noreturn));

/**
 * Switch this CPU to @p e (if it is not curenv already) and run it in user
 * mode; never returns. @p e must be on no CPU or on this one. @p why is
 * why the previous env leaves (for its sched_switch record).
 * @locks{big kernel lock held on entry (asserted); released just before
 *        env_pop_tf()}
 */
void env_run(struct Env *e, enum sched_reason why) __attribute__((noreturn));

/**
 * Return to user mode in @p e, CPU @p c's (this CPU's) current env, which
 * is ENV_RUNNING: count the run, point the TSS's esp0 just past e's
 * env_tf (so that e's next trap builds its frame there: trapentry.asm),
 * release the big kernel lock, pop the frame. The last steps of every
 * env_run(); never returns.
 * @locks{big kernel lock held on entry; released here}
 */
static inline void __attribute__((noreturn, always_inline))
env_return(struct CpuInfo *c, struct Env *e)
{
	e->env_runs++;
	c->cpu_ts.ts_esp0 = (uintptr_t) (&e->env_tf + 1);
	/* In user mode as far as TLB shootdowns go from here on: a CPU that
	 * changes e's page tables once we release the lock interrupts us. */
	tlb_leave_kernel(c);
	unlock_kernel_on(c);
	env_pop_tf(&e->env_tf);
}

/**
 * Go back to @p e, CPU @p c's current env, still ENV_RUNNING, after a trap
 * that needs no switch: the fast way out of trap() (a sched_resume
 * record, then env_return()). Never returns.
 * @locks{big kernel lock held on entry; released here}
 */
static inline void __attribute__((noreturn, always_inline))
env_resume(struct CpuInfo *c, struct Env *e)
{
	trace_sched_resume(e->env_id, e->env_tf.tf_trapno);
	env_return(c, e);
}

/**
 * Nothing to run on this CPU: leave the current env, release the big
 * kernel lock and halt with interrupts enabled until the next interrupt.
 * If no env can ever run again, end the run instead (run_ended()). Big
 * kernel lock held; never returns.
 */
void sched_halt(void) __attribute__((noreturn));

/**
 * An interrupt arrived on CPU @p c (this one): if it woke it from
 * sched_halt(), which gave up the big kernel lock, return true (the caller
 * takes the lock back).
 */
static inline bool
sched_leave_idle(struct CpuInfo *c)
{
	return xchg(&c->cpu_status, CPU_STARTED) == CPU_HALTED;
}

/**
 * End of the run (init.c): no env can run again. Print JOS's line and the
 * envs left (stuck: waiting for ever), then power off (headless) or enter
 * the monitor. Big kernel lock held; never returns.
 */
void run_ended(void) __attribute__((noreturn));

#endif /* !GW_KERN_SCHED_H */
