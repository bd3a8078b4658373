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
 * The run queue is a bitmap of the ENV_RUNNABLE slots with a summary word
 * (which of its 32 words are not empty): "the first runnable env after
 * slot s, wrapping" -- JOS's round robin -- is a few bit scans instead of a
 * walk over all 1,024 slots, on every yield, block and timer tick.
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

_Static_assert(NENV == 32 * 32, "the run queue's summary word covers 32 words of 32 slots");

/** Bit s%32 of word s/32 is set while envs[s] is ENV_RUNNABLE (BKL). */
static uint32_t runnable_bits[NENV / 32];
/** Bit w is set while runnable_bits[w] is not 0 (BKL). */
static uint32_t runnable_words;
/** How many envs have each status (BKL). */
static unsigned status_count[ENV_NOT_RUNNABLE + 1] = { [ENV_FREE] = NENV };
/** How many envs are some CPU's current env (BKL). */
static unsigned envs_on_cpus;

void
sched_set_status(struct Env *e, unsigned status)
{
	size_t s = e - envs;
	uint32_t bit = 1u << (s % 32);

	status_count[e->env_status]--;
	status_count[status]++;
	e->env_status = status;
	if (status == ENV_RUNNABLE) {
		runnable_bits[s / 32] |= bit;
		runnable_words |= 1u << (s / 32);
	} else if (runnable_bits[s / 32] & bit) {
		runnable_bits[s / 32] &= ~bit;
		if (!runnable_bits[s / 32])
			runnable_words &= ~(1u << (s / 32));
	}
}

/** The first runnable slot at or after @p start (no wrapping), or -1. */
static int
runnable_from(unsigned start)
{
	unsigned w = start / 32;
	uint32_t bits, words;

	if (w >= NENV / 32)
		return -1;
	if ((bits = runnable_bits[w] & (~0u << (start % 32))))
		return w * 32 + __builtin_ctz(bits);
	words = w + 1 < 32 ? runnable_words & (~0u << (w + 1)) : 0;
	if (!words)
		return -1;
	w = __builtin_ctz(words);
	return w * 32 + __builtin_ctz(runnable_bits[w]);
}

/**
 * JOS's round robin: the first runnable env at or after slot @p start,
 * wrapping around, that is on no CPU but (maybe) CPU @p me; NULL if none.
 * (A runnable env on another CPU is one a parent made RUNNABLE again while
 * that CPU still runs it: rare, so it is skipped one at a time.)
 */
static struct Env *
runnable_next(unsigned start, int me)
{
	int s = runnable_from(start);

	for (unsigned tries = 0; tries < NENV; tries++) {
		if (s < 0 && (s = runnable_from(0)) < 0)
			return NULL;
		if (env_oncpu(&envs[s]) == -1 || env_oncpu(&envs[s]) == me)
			return &envs[s];
		s = runnable_from(s + 1);
	}
	return NULL;
}

/** CPU @p c stops having @p prev as its current env (saving what it must). */
static void
cpu_leave(struct CpuInfo *c, struct Env *prev)
{
	struct env_private *p = env_priv(prev);

	asm volatile("movw %%fs, %0; movw %%gs, %1" : "=m" (p->fs), "=m" (p->gs));
	p->oncpu = -1;
	envs_on_cpus--;
	c->cpu_env = NULL;
	if (prev->env_status == ENV_RUNNING)
		sched_set_status(prev, ENV_RUNNABLE);
}

void
sched_cpu_drop(struct CpuInfo *c, struct Env *e)
{
	env_priv(e)->oncpu = -1;
	envs_on_cpus--;
	c->cpu_env = NULL;
}

/** CPU @p c takes @p next as its current env (after cpu_leave() of the last). */
static void
cpu_take(struct CpuInfo *c, struct Env *next)
{
	struct env_private *p = env_priv(next);

	asm volatile("movw %0, %%fs; movw %1, %%gs" : : "m" (p->fs), "m" (p->gs));
	p->oncpu = c->cpu_id;
	envs_on_cpus++;
	c->cpu_env = next;
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
	struct CpuInfo *c = thiscpu;
	struct Env *prev = c->cpu_env;

	assert_kernel_locked();
	if (prev != e) {
		if (env_oncpu(e) != -1)
			panic("env_run: env %08x is on CPU %d already", e->env_id, env_oncpu(e));
		assert(e->env_status == ENV_RUNNABLE);
		/* The sched_switch record implies both status changes (prev
		 * stops running, e starts): switches are frequent and records
		 * are not free. */
		if (prev)
			cpu_leave(c, prev);
		trace_switch(prev, e, why);
		fpu_switch(prev, e);
		cpu_take(c, e);
		e->env_cpunum = c->cpu_id;
		c->cpu_last_slot = e - envs;
	} else {
		trace_sched_resume(e->env_id, e->env_tf.tf_trapno);
	}
	if (e->env_status != ENV_RUNNING) {
		assert(e->env_status == ENV_RUNNABLE);
		sched_set_status(e, ENV_RUNNING);
	}
	e->env_runs++;
	/* In user mode as far as TLB shootdowns go from here on: a CPU that
	 * changes e's page tables once we release the lock interrupts us. */
	tlb_leave_kernel(c);
	unlock_kernel();
	env_pop_tf(&e->env_tf);
}

void
sched_yield(enum sched_reason why)
{
	struct CpuInfo *c = thiscpu;
	struct Env *cur = c->cpu_env, *e;

	assert_kernel_locked();
	/* Continue after the slot this CPU ran last, even when that env is
	 * gone: restarting at slot 0 after every exit would let low slots
	 * starve high ones. Not some other CPU's current env: a parent can
	 * make a child RUNNABLE while another CPU still runs it. */
	if ((e = runnable_next(c->cpu_last_slot + 1, c->cpu_id)))
		env_run(e, why);
	if (cur && cur->env_status == ENV_RUNNING)
		env_run(cur, why);
	sched_halt();
}

/** True while some env can still run (now, or once another CPU lets go). */
static bool
any_env_alive(void)
{
	return status_count[ENV_RUNNABLE] || status_count[ENV_RUNNING] ||
	       status_count[ENV_DYING] || envs_on_cpus;
}

void
sched_halt(void)
{
	struct CpuInfo *c = thiscpu;
	struct Env *prev = c->cpu_env;

	assert_kernel_locked();
	if (prev)
		cpu_leave(c, prev);	/* blocked or stopped: it may run elsewhere next */
	if (!any_env_alive())
		run_ended();

	trace_cpu_idle(prev ? prev->env_id : 0, prev ? prev->env_status : TR_state_none);
	fpu_switch(prev, NULL);
	lcr3(PADDR(kern_pgdir));

	/* Mark halted before releasing the lock: sched_leave_idle() tells
	 * trap() to take the lock back when an interrupt wakes us. */
	xchg(&c->cpu_status, CPU_HALTED);
	unlock_kernel();
	cpu_idle(kstacktop(c->cpu_id));
}
