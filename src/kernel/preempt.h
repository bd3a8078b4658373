/**
 * @file preempt.h
 * @brief Forced preemption points (preempt= on the command line): the
 *        kernel reschedules at chosen places besides the timer, so that
 *        `make explore` can drive a program through interleavings the
 *        timer almost never produces.
 *
 * A *point* is a place where a CPU is about to return to the env it was
 * in a trap for (trap_exit() resuming it):
 *
 * | point     | where |
 * |-----------|-------|
 * | `syscall` | the return from a system call |
 * | `fault`   | the return from a page fault whose upcall was dispatched (the env would run its handler) |
 * | `ipi`     | a TLB shootdown IPI: taken into the kernel (big kernel lock and all) instead of the lock-free flush, then a point |
 * | `lockrel` | every release of the big kernel lock back to the same env: the three above and any other trap that resumes it |
 *
 * At a point, the env's point counter goes up by one; whether the point
 * is *taken* -- the env marked runnable and sched_yield() called, as the
 * timer does -- is decided from (seed, env id, counter) alone (see
 * preempt.c), or from an explicit list of (env, counter) decisions. A
 * taken point writes `sched_preempt_point where=... env=... seq=...`
 * (category `always`): the run's decision trace.
 *
 * Off (no preempt= option) nothing changes: the hook on the way back to
 * the env is a value trap_enter() stores anyway (preempt_resched_none),
 * and the TLB shootdown IPI's is a test on its own path.
 *
 * @ingroup grp_smp
 */
#ifndef GW_KERN_PREEMPT_H
#define GW_KERN_PREEMPT_H

#include <inc/types.h>
#include <inc/env.h>
#include <inc/trap.h>

struct CpuInfo;

/** Bits of preempt_points, one per kind of point (preempt.c's names). */
enum preempt_point_bits {
	PREEMPT_SYSCALL = 1 << 0,
	PREEMPT_FAULT   = 1 << 1,
	PREEMPT_IPI     = 1 << 2,
	PREEMPT_LOCKREL = 1 << 3,
};

/** The points in force; 0 (the default) when preemption points are off.
 *  Written once by preempt_init() on the boot CPU before any env runs. */
extern uint8_t preempt_points;

/**
 * Read the preempt= option @p spec (NULL: off) and print what is wrong
 * with it, if anything (the points stay off then). Boot CPU, after the
 * console is up, before the first env.
 */
void preempt_init(const char *spec);

/**
 * The decision at a point, for trap_exit() when preempt= is on and
 * nothing asked for a switch: this CPU @p c is about to resume its
 * current env @p e (NULL if none). If that is a point of a kind in force
 * and it is taken, returns SCHED_PREEMPT (after its sched_preempt_point
 * record); if it is not, resumes @p e (never returns). SCHED_NONE if @p e
 * is not there to resume (none, or no longer ENV_RUNNING).
 * @locks{big kernel lock}
 */
int preempt_decide(struct CpuInfo *c, struct Env *e);

/**
 * What trap_enter() resets cpu_resched to: SCHED_NONE while the points
 * are off, SCHED_POINT when they are on. A call or interrupt that wants a
 * switch overwrites it, as ever; one left at SCHED_POINT sends trap_exit()
 * off its fast path (which resumes only on SCHED_NONE) to
 * preempt_decide(). So with the points off the way back to the env is the
 * same code as without them. Written once by preempt_init() (boot CPU,
 * before any env runs).
 */
extern int preempt_resched_none;

/**
 * trap_enter()'s hook for the TLB shootdown IPI: true if this IPI, from
 * user mode, is to go through the kernel (the `ipi` point) rather than
 * the lock-free flush. Then trap_enter() takes the lock as for any trap
 * (the sender sees cpu_in_user go false and stops waiting, and
 * tlb_catch_up() flushes), trap_dispatch() acknowledges it
 * (preempt_ipi_dispatch()), and trap_exit() decides.
 */
static inline bool
preempt_takes_ipi(const struct Trapframe *tf)
{
	return (preempt_points & PREEMPT_IPI) && (tf->tf_cs & 3) == 3;
}

/** trap_dispatch() of a TLB shootdown IPI taken into the kernel: acknowledge it. */
void preempt_ipi_dispatch(void);

#endif /* !GW_KERN_PREEMPT_H */
