/**
 * @file trap.h
 * @brief Trap handling: the IDT, trap(), and the page-fault upcall path.
 */
#ifndef GW_KERN_TRAP_H
#define GW_KERN_TRAP_H

#include <inc/trap.h>
#include <inc/mmu.h>

extern struct Gatedesc idt[];		/**< the interrupt descriptor table */

/** Fill the IDT (boot CPU, once) and load it with trap_init_percpu(). */
void trap_init(void);
/** Load this CPU's TSS (kernel stack for traps) and the IDT. */
void trap_init_percpu(void);
/** Print @p tf in the JOS format ("TRAP frame at ... from CPU n"). */
void print_trapframe(struct Trapframe *tf);
/** Name of trap number @p trapno. */
const char *trapname(int trapno);

/**
 * The C entry from trapentry.asm for every trap, interrupt and system
 * call. Takes the big kernel lock on entry from user mode (or when leaving
 * the idle halt), dispatches, and leaves by running an env; never returns.
 */
void trap(struct Trapframe *tf) __attribute__((noreturn));

#endif /* !GW_KERN_TRAP_H */
