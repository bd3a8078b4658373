/**
 * @file tlb.h
 * @brief Keeping every CPU's TLB true to the page tables: the TLB
 *        shootdown protocol, whole, in one place (tlb.c).
 *
 * @ingroup grp_memory
 */
#ifndef GW_KERN_TLB_H
#define GW_KERN_TLB_H

#include <inc/types.h>
#include <inc/memlayout.h>
#include <inc/trap.h>
#include <inc/x86.h>
#include "cpu.h"

/** IPI vector: "flush your TLB" (a CPU running an env whose tables changed). */
#define T_TLB_FLUSH	(IRQ_OFFSET + 18)

/**
 * Invalidate the translation of @p va in @p pgdir: here if it is the one in
 * use, and on every other CPU whose current env uses @p pgdir (an IPI, or a
 * note it reads when it next takes the lock). Returns once no CPU can use
 * the old translation.
 * @locks{big kernel lock (asserted)}
 */
void tlb_invalidate(pde_t *pgdir, void *va);

/**
 * The T_TLB_FLUSH IPI, from user mode: flush and go straight back to
 * @p tf without the big kernel lock. Never returns.
 */
void tlb_flush_ipi(struct Trapframe *tf) __attribute__((noreturn));

/** A trap from user mode entered the kernel on CPU @p c: it is no longer "in user". */
static inline void
tlb_enter_kernel(struct CpuInfo *c)
{
	c->cpu_in_user = false;
}

/**
 * CPU @p c just took the big kernel lock: flush if another CPU changed its
 * env's page tables meanwhile (the flag is cleared first: a change after
 * it sets it again).
 */
static inline void
tlb_catch_up(struct CpuInfo *c)
{
	if (c->cpu_tlb_stale) {
		c->cpu_tlb_stale = false;
		lcr3(rcr3());
	}
}

/** CPU @p c is about to release the lock and return to user mode: shootdowns must IPI it again. */
static inline void
tlb_leave_kernel(struct CpuInfo *c)
{
	c->cpu_in_user = true;
}

#endif /* !GW_KERN_TLB_H */
