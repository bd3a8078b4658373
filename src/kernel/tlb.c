/**
 * @file tlb.c
 * @brief The TLB shootdown protocol.
 *
 * A CPU that changes the page tables of an env running on another CPU
 * (page_remove(), page_insert() replacing a mapping) must make sure that
 * CPU drops its cached translation before the old page is freed or
 * reused. The CPU making the change holds the big kernel lock; the other
 * CPU is in one of two places:
 *
 *  - in user mode (cpu_in_user): it gets a T_TLB_FLUSH IPI, which it
 *    handles without the lock (tlb_flush_ipi()), and we wait until it has
 *    flushed;
 *  - in the kernel, in a trap, waiting for the lock we hold: cpu_tlb_stale
 *    makes it flush as soon as it gets the lock (tlb_catch_up()), before
 *    it can touch user memory. No CPU can go from the kernel to user mode
 *    meanwhile: that needs the lock.
 *
 * cpu_tlb_stale is set by the changing CPU and cleared by the owner
 * before it flushes, so a change after the flush sets it again;
 * cpu_in_user is written only by its owner (false on every trap entry,
 * true just before the lock is released to return to user mode).
 *
 * @ingroup grp_memory
 */
#include <inc/x86.h>

#include "tlb.h"
#include "cpu.h"
#include "env.h"
#include "spinlock.h"
#include "trace.h"

/**
 * Make every other CPU whose current env uses @p pgdir drop its cached
 * translations (see the file comment). Big kernel lock held.
 */
static void
tlb_shootdown(pde_t *pgdir)
{
	struct CpuInfo *me = thiscpu;

	if (ncpu == 1)
		return;		/* no other CPU to tell */
	for (struct CpuInfo *c = cpus; c < cpus + NCPU; c++) {
		if (c == me || !c->cpu_env || c->cpu_env->env_pgdir != pgdir)
			continue;
		c->cpu_tlb_stale = true;
		if (!c->cpu_in_user)
			continue;
		trace_tlb_shootdown(c->cpu_id, c->cpu_env->env_id);
		lapic_ipi(c->cpu_id, T_TLB_FLUSH);
		while (c->cpu_tlb_stale && c->cpu_in_user)
			pause();
	}
}

void
tlb_invalidate(pde_t *pgdir, void *va)
{
	assert_kernel_locked();
	if (!curenv || curenv->env_pgdir == pgdir)
		invlpg(va);
	tlb_shootdown(pgdir);
}

void
tlb_flush_ipi(struct Trapframe *tf)
{
	/* cpu_in_user stays true: a later change still gets its own IPI. */
	thiscpu->cpu_tlb_stale = false;
	lcr3(rcr3());
	lapic_eoi();
	env_pop_tf(tf);
}

