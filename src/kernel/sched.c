/**
 * @file sched.c
 * @brief Round-robin scheduling, switching a CPU from one env to another,
 *        and the idle halt.
 *
 * Invariants, asserted here and checked by the trace checker: the big
 * kernel lock is held whenever a CPU picks or switches envs; an env is the
 * current env of at most one CPU (env_run() refuses an env another CPU
 * has, and sched_yield() never picks one); a CPU's cpu_env and its env's
 * oncpu always name each other (only cpu_take() and cpu_leave() change
 * them, and env_free()).
 *
 * What a switch moves: the page directory (cr3), the FPU state (fpu.c),
 * and fs/gs, which JOS's Trapframe has no room for: they stay in the CPU
 * while the env is in the kernel (the kernel never loads them), so they are
 * saved and loaded only here.
 *
 * @ingroup grp_smp
 */
#include <inc/x86.h>
#include <inc/assert.h>

#include "sched.h"
#include "env.h"
#include "pmap.h"
#include "cpu.h"
#include "spinlock.h"
#include "trace.h"
#include "tlb.h"
#include "fpu.h"

/**
 * Reset the stack to @p stacktop, enable interrupts and halt until one
 * comes (kstack.asm). The interrupt enters trap() from kernel mode.
 */
void cpu_idle(uintptr_t stacktop) __attribute__((noreturn));

/** This CPU stops having @p prev as its current env (saving what it must). */
static void
cpu_leave(struct Env *prev)
{
	struct env_private *p = env_priv(prev);

	asm volatile("movw %%fs, %0; movw %%gs, %1" : "=m" (p->fs), "=m" (p->gs));
	p->oncpu = -1;
	if (prev->env_status == ENV_RUNNING)
		prev->env_status = ENV_RUNNABLE;
}

/** This CPU takes @p next as its current env (after cpu_leave() of the last). */
static void
cpu_take(struct Env *next)
{
	struct env_private *p = env_priv(next);

	asm volatile("movw %0, %%fs; movw %1, %%gs" : : "m" (p->fs), "m" (p->gs));
	p->oncpu = cpunum();
	curenv = next;
	lcr3(PADDR(next->env_pgdir));
}

/** The sched_switch record for this CPU going from @p prev (or none) to @p next. */
static void
trace_switch(struct Env *prev, struct Env *next, enum sched_reason why)
{
	unsigned reason = why;

	if (!trace_on(TR_SCHED))
		return;
	if (!prev && why != SCHED_EXIT)
		reason = next->env_runs == 0 ? TR_reason_first_run : TR_reason_resume;
	trace_sched_switch(prev ? prev->env_id : 0, prev ? prev->env_status : TR_state_none,
			   next->env_id, reason);
}

void
env_run(struct Env *e, enum sched_reason why)
{
	struct Env *prev = curenv;

	assert_kernel_locked();
	if (env_oncpu(e) != -1 && env_oncpu(e) != cpunum())
		panic("env_run: env %08x is on CPU %d already", e->env_id, env_oncpu(e));
	if (prev != e) {
		assert(e->env_status == ENV_RUNNABLE);
		/* The sched_switch record implies both status changes (prev
		 * stops running, e starts): switches are frequent and records
		 * are not free. */
		if (prev)
			cpu_leave(prev);
		trace_switch(prev, e, why);
		fpu_switch(prev, e);
		cpu_take(e);
	} else {
		trace_sched_resume(e->env_id, e->env_tf.tf_trapno);
	}
	assert(e->env_status == ENV_RUNNABLE || e->env_status == ENV_RUNNING);
	e->env_status = ENV_RUNNING;
	e->env_cpunum = cpunum();
	thiscpu->cpu_last_slot = e - envs;
	e->env_runs++;
	/* In user mode as far as TLB shootdowns go from here on: a CPU that
	 * changes e's page tables once we release the lock interrupts us. */
	tlb_leave_kernel();
	unlock_kernel();
	env_pop_tf(&e->env_tf);
}

void
sched_yield(enum sched_reason why)
{
	struct Env *cur = curenv;
	int me = cpunum();
	/* Continue after the slot this CPU ran last, even when that env is
	 * gone: restarting at slot 0 after every exit would let low slots
	 * starve high ones. */
	size_t start = thiscpu->cpu_last_slot + 1;

	assert_kernel_locked();
	for (size_t i = 0; i < NENV; i++) {
		struct Env *e = &envs[(start + i) % NENV];

		/* Runnable, and not some other CPU's current env: a parent can
		 * make a child RUNNABLE while another CPU still runs it. */
		if (e->env_status == ENV_RUNNABLE &&
		    (env_oncpu(e) == -1 || env_oncpu(e) == me))
			env_run(e, why);
	}
	if (cur && cur->env_status == ENV_RUNNING)
		env_run(cur, why);
	sched_halt();
}

/** True while some env can still run (now, or once another CPU lets go). */
static bool
any_env_alive(void)
{
	for (size_t i = 0; i < NENV; i++)
		if (envs[i].env_status == ENV_RUNNABLE ||
		    envs[i].env_status == ENV_RUNNING ||
		    envs[i].env_status == ENV_DYING ||
		    env_oncpu(&envs[i]) != -1)
			return true;
	return false;
}

void
sched_halt(void)
{
	struct Env *prev = curenv;

	assert_kernel_locked();
	if (prev)
		cpu_leave(prev);	/* blocked or stopped: it may run elsewhere next */
	if (!any_env_alive())
		run_ended();

	trace_cpu_idle(prev ? prev->env_id : 0, prev ? prev->env_status : TR_state_none);
	fpu_switch(prev, NULL);
	curenv = NULL;
	lcr3(PADDR(kern_pgdir));

	/* Mark halted before releasing the lock: sched_leave_idle() tells
	 * trap() to take the lock back when an interrupt wakes us. */
	xchg(&thiscpu->cpu_status, CPU_HALTED);
	unlock_kernel();
	cpu_idle(kstacktop(cpunum()));
}

bool
sched_leave_idle(void)
{
	return xchg(&thiscpu->cpu_status, CPU_STARTED) == CPU_HALTED;
}
