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
 * them, and sched_cpu_drop() for env_free()).
 *
 * What a switch moves: the page directory (cr3), the FPU state (fpu.c),
 * and fs/gs, which JOS's Trapframe has no room for: they stay in the CPU
 * while the env is in the kernel (the kernel never loads them), so they are
 * saved and loaded only here. Not the registers: a trap from user mode
 * writes them into the env's env_tf directly (trapentry.asm), where
 * env_return() pops them from.
 *
 * The run queue is a bitmap of the slots of envs that want a CPU --
 * ENV_RUNNABLE and ENV_RUNNING ones -- with a summary word (which of its 32
 * words are not empty): "the first runnable env after slot s, wrapping"
 * -- JOS's round robin -- is a few bit scans instead of a walk over all
 * 1,024 slots, on every yield, block and timer tick. Running envs stay in
 * it, so that a switch (RUNNING <-> RUNNABLE) does not touch it: the scan
 * skips those on other CPUs, and this CPU's own env, in the slot it ran
 * last, comes last in the round -- JOS's "curenv if nothing else".
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

/** Bit s%32 of word s/32 is set while envs[s] is ENV_RUNNABLE or ENV_RUNNING (BKL). */
static uint32_t runnable_bits[NENV / 32];
/** Bit w is set while runnable_bits[w] is not 0 (BKL). */
static uint32_t runnable_words;
/** How many envs are RUNNABLE, RUNNING or DYING: may still run (BKL). */
static unsigned envs_alive;

/** True for the statuses the run queue holds. */
static inline bool
queued(unsigned status)
{
	return status == ENV_RUNNABLE || status == ENV_RUNNING;
}

/** True for the statuses envs_alive counts. */
static inline bool
alive(unsigned status)
{
	return queued(status) || status == ENV_DYING;
}

/**
 * sched_set_status() for @p e in slot @p s, whose status is @p old. Inline,
 * so that on a switch, where the slot and both statuses are known
 * (RUNNING <-> RUNNABLE), the compiler drops everything but the store.
 */
static inline __attribute__((always_inline)) void
set_status(struct Env *e, size_t s, unsigned old, unsigned status)
{
	uint32_t bit = 1u << (s % 32);

	e->env_status = status;
	envs_alive += (int) alive(status) - (int) alive(old);
	if (queued(status) && !queued(old)) {
		runnable_bits[s / 32] |= bit;
		runnable_words |= 1u << (s / 32);
	} else if (!queued(status) && queued(old)) {
		runnable_bits[s / 32] &= ~bit;
		if (!runnable_bits[s / 32])
			runnable_words &= ~(1u << (s / 32));
	}
}

/**
 * The slot of @p e, an env in use: ENVX of its id (env_alloc() makes ids
 * so), cheaper than e - envs, a division by sizeof(struct Env).
 */
static inline size_t
slot_of(const struct Env *e)
{
	return ENVX(e->env_id);
}

void
sched_set_status(struct Env *e, unsigned status)
{
	set_status(e, slot_of(e), e->env_status, status);
}

void
env_set_status(struct Env *e, unsigned status)
{
	assert_kernel_locked();
	trace_env_status(e->env_id, e->env_status, status);
	set_status(e, slot_of(e), e->env_status, status);
}

/* The two status changes of every IPC message: env_set_status() with
 * both statuses known here, so that set_status() compiles to the few
 * stores it needs. Called from system calls, under the big kernel lock
 * trap_enter() took just before (not asserted again: the lock's release
 * checks the holder on the way out). */

void
sched_ipc_block(struct Env *e)
{
	assert(e->env_status == ENV_RUNNING);	/* the caller, running */
	trace_env_status(e->env_id, ENV_RUNNING, ENV_NOT_RUNNABLE);
	set_status(e, slot_of(e), ENV_RUNNING, ENV_NOT_RUNNABLE);
}

void
sched_ipc_wake(struct Env *e)
{
	/* Receiving envs are NOT_RUNNABLE: sys_env_set_status() refuses to
	 * make them RUNNABLE, and a destroyed one is freed at once (it is
	 * on no CPU), so envid2env() finds no receiver in another status. */
	assert(e->env_status == ENV_NOT_RUNNABLE);
	trace_env_status(e->env_id, ENV_NOT_RUNNABLE, ENV_RUNNABLE);
	set_status(e, slot_of(e), ENV_NOT_RUNNABLE, ENV_RUNNABLE);
}

/**
 * The first queued slot at or after slot @p start (< NENV), wrapping
 * around, or -1 if the queue is empty: the rest of start's word of the
 * bitmap, else the first later word that is not empty, else -- wrapping
 * -- the first word that is not empty, which may be start's own (its
 * slots before start).
 */
static inline __attribute__((always_inline)) int
queued_from(unsigned start)
{
	unsigned w = start / 32;
	uint32_t bits = runnable_bits[w] & (~0u << (start % 32));
	uint32_t words;

	if (!bits) {
		words = runnable_words & (~1u << w);	/* the words after w */
		if (!words && !(words = runnable_words))
			return -1;
		w = __builtin_ctz(words);
		bits = runnable_bits[w];
	}
	return w * 32 + __builtin_ctz(bits);
}

/**
 * JOS's round robin: the slot of the first queued env at or after slot
 * @p start, wrapping around, that is on no CPU but (maybe) CPU @p me; -1
 * if none. Envs on other CPUs (running there, or made RUNNABLE by a
 * parent while that CPU still has them) are skipped one at a time: at
 * most one per CPU.
 */
static inline __attribute__((always_inline)) int
runnable_next(unsigned start, int me)
{
	int s = queued_from(start);

	if (s >= 0 && env_private[s].oncpu == -1)
		return s;		/* the usual case: an env on no CPU */
	/* Each CPU has one env, so after NCPU envs of other CPUs a probe
	 * finds one that may run here, or it is going round in circles. */
	for (unsigned tries = 0; s >= 0 && tries <= NCPU; tries++) {
		if (env_private[s].oncpu == -1 || env_private[s].oncpu == me)
			return s;
		s = queued_from((s + 1) % NENV);
	}
	return -1;
}

/**
 * This CPU stops having @p prev, in slot @p slot, as its current env:
 * what prev keeps in the CPU itself -- fs, gs and the FPU and SSE
 * registers -- goes to its slot. The caller sets cpu_env next: the
 * next env (cpu_take()) or NULL (sched_halt()).
 */
static inline __attribute__((always_inline)) void
cpu_leave(struct Env *prev, size_t slot)
{
	struct env_private *p = &env_private[slot];

	asm volatile("movw %%fs, %0; movw %%gs, %1" : "=m" (p->fs), "=m" (p->gs));
	fpu_save(&env_fpu[slot]);
	p->oncpu = -1;
	if (__builtin_expect(prev->env_status == ENV_RUNNING, 1))	/* yield, timer */
		set_status(prev, slot, ENV_RUNNING, ENV_RUNNABLE);
}

void
sched_cpu_drop(struct CpuInfo *c, struct Env *e)
{
	env_priv(e)->oncpu = -1;
	c->cpu_env = NULL;
}

/**
 * CPU @p c takes @p next, in slot @p slot, as its current env (after
 * cpu_leave() of the last): its fs, gs, FPU state and page directory.
 */
static inline __attribute__((always_inline)) void
cpu_take(struct CpuInfo *c, struct Env *next, size_t slot)
{
	struct env_private *p = &env_private[slot];
	int me = c->cpu_id;

	asm volatile("movw %0, %%fs; movw %1, %%gs" : : "m" (p->fs), "m" (p->gs));
	fpu_restore(&env_fpu[slot]);
	p->oncpu = me;
	next->env_cpunum = me;
	c->cpu_env = next;
	c->cpu_last_slot = slot;
	/* Not PADDR(), which checks its argument on every switch: an env's
	 * page directory is a page of kernel memory from env_setup_vm(). */
	lcr3((uintptr_t) next->env_pgdir - KERNBASE);
}

/** The sched_switch record for this CPU going from @p prev (or none) to @p next. */
static void __attribute__((noinline))
trace_switch(struct Env *prev, struct Env *next, enum sched_reason why)
{
	unsigned reason = why;

	if (!prev && why != SCHED_EXIT)
		reason = next->env_runs == 0 ? TR_reason_first_run : TR_reason_resume;
	trace_sched_switch(prev ? prev->env_id : 0, prev ? prev->env_status : TR_state_none,
			   next->env_id, reason);
}

/**
 * env_run() on CPU @p c (this one) of @p e, in slot @p slot, the lock
 * already asserted and @p e on no CPU but maybe this one (env_run()
 * checks it, runnable_next() chose it so): the switch, in one straight
 * line, inlined into its two callers (it is on every yield, block and
 * preemption).
 */
static inline __attribute__((noreturn, always_inline)) void
run_on(struct CpuInfo *c, struct Env *e, size_t slot, enum sched_reason why)
{
	struct Env *prev = c->cpu_env;

	if (prev == e) {
		/* Still this CPU's env; a parent may have made it NOT_RUNNABLE
		 * and RUNNABLE again meanwhile. */
		if (e->env_status != ENV_RUNNING) {
			assert(e->env_status == ENV_RUNNABLE);
			sched_set_status(e, ENV_RUNNING);
		}
		env_resume(c, e);
	}
	assert(e->env_status == ENV_RUNNABLE);
	/* The sched_switch record implies both status changes (prev stops
	 * running, e starts): switches are frequent and records are not
	 * free. It shows the status prev leaves in. prev, if any, is in the
	 * slot this CPU ran last. */
	if (prev)
		cpu_leave(prev, c->cpu_last_slot);
	if (trace_on(TR_SCHED))
		trace_switch(prev, e, why);
	cpu_take(c, e, slot);
	set_status(e, slot, ENV_RUNNABLE, ENV_RUNNING);	/* asserted above */
	env_return(c, e);
}

void
env_run(struct Env *e, enum sched_reason why)
{
	struct CpuInfo *c = thiscpu;
	size_t slot = slot_of(e);
	int oncpu = env_private[slot].oncpu;

	assert_kernel_locked();
	if (oncpu != -1 && oncpu != c->cpu_id)
		panic("env_run: env %08x is on CPU %d already", e->env_id, oncpu);
	run_on(c, e, slot, why);
}

void
sched_yield(struct CpuInfo *c, enum sched_reason why)
{
	int s;

	/* Continue after the slot this CPU ran last, even when that env is
	 * gone: restarting at slot 0 after every exit would let low slots
	 * starve high ones. Not some other CPU's current env: a parent can
	 * make a child RUNNABLE while another CPU still runs it. This CPU's
	 * own env, if it still wants to run, is in that last slot: the scan
	 * reaches it last. */
	if ((s = runnable_next((unsigned) (c->cpu_last_slot + 1) % NENV, c->cpu_id)) >= 0)
		run_on(c, &envs[s], s, why);
	sched_halt();
}

/** True while some env can still run (now, or once another CPU lets go). */
static bool
any_env_alive(void)
{
	if (envs_alive)
		return true;
	for (int i = 0; i < NCPU; i++)
		if (cpus[i].cpu_env)
			return true;
	return false;
}

void
sched_halt(void)
{
	struct CpuInfo *c = thiscpu;
	struct Env *prev = c->cpu_env;

	assert_kernel_locked();
	if (prev) {	/* blocked or stopped: it may run elsewhere next */
		cpu_leave(prev, c->cpu_last_slot);
		c->cpu_env = NULL;
	}
	if (!any_env_alive())
		run_ended();

	trace_cpu_idle(prev ? prev->env_id : 0, prev ? prev->env_status : TR_state_none);
	lcr3(PADDR(kern_pgdir));

	/* Mark halted before releasing the lock: sched_leave_idle() tells
	 * trap() to take the lock back when an interrupt wakes us. */
	xchg(&c->cpu_status, CPU_HALTED);
	unlock_kernel();
	cpu_idle(kstacktop(c->cpu_id));
}
