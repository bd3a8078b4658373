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

/** A trap from user mode entered the kernel: this CPU is no longer "in user". */
void tlb_enter_kernel(void);
/** The big kernel lock was just taken: flush if another CPU changed our tables meanwhile. */
void tlb_catch_up(void);
/** About to release the lock and return to user mode: shootdowns must IPI us again. */
void tlb_leave_kernel(void);

#endif /* !GW_KERN_TLB_H */
