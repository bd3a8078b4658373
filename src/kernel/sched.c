/**
 * @file sched.c
 * @brief Round-robin scheduling, the idle halt, and the end of a run.
 *
 * Invariants checked here and by the trace checker: the big kernel lock is
 * held whenever a CPU picks an env; an env is ENV_RUNNING on at most one
 * CPU (env_run() marks it under the lock, and sched_yield() only picks
 * ENV_RUNNABLE envs or curenv itself).
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
#include "monitor.h"
#include "trace.h"
#include "cmdline.h"
#include "shutdown.h"
#include "fpu.h"

/**
 * Reset the stack to @p stacktop, enable interrupts and halt until one
 * comes (halt.asm). The interrupt enters trap() from kernel mode.
 */
void cpu_idle(uintptr_t stacktop) __attribute__((noreturn));

void
sched_trace_switch(struct Env *prev, struct Env *next)
{
	envid_t prev_id = prev ? prev->env_id : thiscpu->cpu_exited;
	unsigned prev_state, reason;

	if (!trace_on(TR_SCHED)) {
		thiscpu->cpu_exited = 0;
		return;
	}
	if (prev) {
		prev_state = prev->env_status;
		reason = thiscpu->cpu_sched_reason;
	} else if (thiscpu->cpu_exited) {
		prev_state = TR_state_free;
		reason = TR_reason_exit;
	} else {
		prev_state = TR_state_none;
		reason = next->env_runs == 0 ? TR_reason_first_run : TR_reason_resume;
	}
	trace_sched_switch(prev_id, prev_state, next->env_id, reason);
	thiscpu->cpu_exited = 0;
}

void
sched_yield(enum sched_reason why)
{
	struct Env *cur = curenv;
	/* Continue after the slot this CPU ran last, even when that env is
	 * gone: restarting at slot 0 after every exit would let low slots
	 * starve high ones. */
	size_t start = thiscpu->cpu_last_slot + 1;

	assert(spin_holding(&kernel_lock));
	thiscpu->cpu_sched_reason = why;

	for (size_t i = 0; i < NENV; i++) {
		struct Env *e = &envs[(start + i) % NENV];

		if (e->env_status == ENV_RUNNABLE)
			env_run(e);
	}
	if (cur && cur->env_status == ENV_RUNNING)
		env_run(cur);
	sched_halt();
}

/** True while some env can still run (now or once another CPU lets go). */
static bool
any_env_alive(void)
{
	for (size_t i = 0; i < NENV; i++)
		if (envs[i].env_status == ENV_RUNNABLE ||
		    envs[i].env_status == ENV_RUNNING ||
		    envs[i].env_status == ENV_DYING)
			return true;
	return false;
}

void
sched_halt(void)
{
	struct Env *prev = curenv;

	if (!any_env_alive()) {
		cprintf("No runnable environments in the system!\n");
		trace_mem_free(page_free_count(), TR_when_end);
		if (opts.headless)
			shutdown(TR_stop_no_envs);
		for (;;)
			monitor(NULL);
	}

	trace_cpu_idle(prev ? prev->env_id : thiscpu->cpu_exited,
		       prev ? prev->env_status :
		       thiscpu->cpu_exited ? TR_state_free : TR_state_none);
	thiscpu->cpu_exited = 0;
	/* prev (blocked or stopped) may run next on another CPU. */
	fpu_switch(prev, NULL);
	curenv = NULL;
	lcr3(PADDR(kern_pgdir));

	/* Mark halted before releasing the lock: trap() takes the lock
	 * back when an interrupt wakes us. */
	xchg(&thiscpu->cpu_status, CPU_HALTED);
	unlock_kernel();
	cpu_idle(KSTACKTOP - cpunum() * (KSTKSIZE + KSTKGAP));
}
