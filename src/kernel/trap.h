/**
 * @file kernel/trap.h
 * @brief Trap handling: the IDT, trap(), and the page-fault upcall path.
 */
#ifndef GW_KERN_TRAP_H
#define GW_KERN_TRAP_H

/**
 * @defgroup grp_traps Traps and system calls
 * @brief The IDT, the entry stubs, trap() dispatch, the page-fault upcall
 *        and the system calls. See @ref traps and @ref pgfault.
 *
 * Two pairs of headers have the same name, so they are named here with
 * their paths (Doxygen's file lists show names only):
 * @ref inc/trap.h "include/inc/trap.h" (trap numbers and the frames,
 * shared with user programs) and @ref src/kernel/trap.h
 * "src/kernel/trap.h" (the kernel's trap handling); @ref inc/syscall.h
 * "include/inc/syscall.h" (the system-call numbers) and
 * @ref src/kernel/syscall.h "src/kernel/syscall.h" (the kernel's
 * dispatcher).
 */

#include <inc/trap.h>
#include <inc/mmu.h>
#include "cpu.h"



/**
 * Build the gates every CPU shares and each CPU's double-fault stack (boot
 * CPU, once), then set up this CPU with trap_init_percpu().
 */
void trap_init(void);
/** Load this CPU's TSS and double-fault task, and its IDT (the shared gates plus its own double-fault gate). */
void trap_init_percpu(void);
/** Print @p tf in the JOS format ("TRAP frame at ... from CPU n"). */
void print_trapframe(struct Trapframe *tf);
/** Name of trap number @p trapno. */
const char *trapname(int trapno);

/**
 * The C entry from trapentry.asm for every trap, interrupt and system
 * call, on CPU @p c, this one (alltraps has read its number already, to
 * pick its kernel stack), with the frame @p tf. Takes the big kernel lock on entry from user mode (or when leaving
 * the idle halt), dispatches, and leaves by running an env; never returns.
 * The user page-fault path (the static page_fault_handler() in trap.c)
 * is reached from here through trap_dispatch(): see @ref pgfault.
 *
 * @context{interrupts off (every IDT gate is an interrupt gate)}
 * @locks{takes the big kernel lock on entry from user mode or when
 *        leaving the idle halt; held until env_return() or sched_halt()}
 * @callgraph
 */
void trap(struct Trapframe *tf, struct CpuInfo *c) __attribute__((noreturn));

/**
 * trap() for system calls (vector T_SYSCALL; trapentry.asm's stub for it
 * comes here): they come from user mode only -- `int $0x30` in an env, the
 * one vector besides the breakpoint that user code may raise, and no device
 * or IPI uses it -- so this way in asks neither where the trap came from
 * nor what it is. (A kernel `int $0x30` would have its frame on the kernel
 * stack: trap_enter's check of the frame's place panics.) Never returns.
 * @context{interrupts off}
 * @locks{takes the big kernel lock; held until env_return() or sched_halt()}
 */
void trap_syscall(struct Trapframe *tf, struct CpuInfo *c) __attribute__((noreturn));

#endif /* !GW_KERN_TRAP_H */
