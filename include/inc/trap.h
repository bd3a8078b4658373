/**
 * @file inc/trap.h
 * @brief Trap numbers and the register frames pushed on a trap (kernel) or
 *        on a user page fault (user exception stack).
 */
#ifndef GW_INC_TRAP_H
#define GW_INC_TRAP_H

#define T_DIVIDE     0
#define T_DEBUG      1
#define T_NMI        2
#define T_BRKPT      3
#define T_OFLOW      4
#define T_BOUND      5
#define T_ILLOP      6
#define T_DEVICE     7
#define T_DBLFLT     8
/* 9 is reserved */
#define T_TSS       10
#define T_SEGNP     11
#define T_STACK     12
#define T_GPFLT     13
#define T_PGFLT     14
/* 15 is reserved */
#define T_FPERR     16
#define T_ALIGN     17
#define T_MCHK      18
#define T_SIMDERR   19

#define T_SYSCALL   48		/**< system call (`int $0x30`) */
#define T_DEFAULT   500

#define IRQ_OFFSET	32	/**< IDT vector of IRQ 0 */

#define IRQ_TIMER        0	/**< LAPIC timer */
#define IRQ_KBD          1
#define IRQ_SERIAL       4	/**< COM1 */
#define IRQ_SPURIOUS     7	/**< spurious (8259 and LAPIC) */
#define IRQ_IDE         14
#define IRQ_ERROR       19	/**< LAPIC error */

#ifndef __ASSEMBLER__

#include <inc/types.h>

/** General registers in the order `pusha` pushes them (lowest address first). */
struct PushRegs {
	uint32_t reg_edi;
	uint32_t reg_esi;
	uint32_t reg_ebp;
	uint32_t reg_oesp;	/**< esp at pusha time: useless, ignored by popa */
	uint32_t reg_ebx;
	uint32_t reg_edx;
	uint32_t reg_ecx;
	uint32_t reg_eax;
} __attribute__((packed));

/**
 * What the kernel saves on a trap, lowest address first. Who pushes what:
 * tf_regs, tf_es, tf_ds by the common entry in trapentry.asm; tf_trapno and
 * (for vectors where the CPU pushes none) a zero tf_err by the per-vector
 * stub; tf_err (some vectors), tf_eip, tf_cs, tf_eflags by the CPU, and
 * tf_esp, tf_ss by the CPU only on a ring change (trap from user mode).
 * Where: a trap from user mode is pushed into the current env's env_tf
 * (the TSS's esp0 points just past it), one from kernel mode onto the
 * kernel stack.
 */
struct Trapframe {
	struct PushRegs tf_regs;
	uint16_t tf_es;
	uint16_t tf_padding1;
	uint16_t tf_ds;
	uint16_t tf_padding2;
	uint32_t tf_trapno;
	uint32_t tf_err;		/**< error code (0 when the CPU pushes none) */
	uintptr_t tf_eip;		/**< faulting or return instruction */
	uint16_t tf_cs;
	uint16_t tf_padding3;
	uint32_t tf_eflags;
	uintptr_t tf_esp;		/**< user stack pointer (ring change only) */
	uint16_t tf_ss;			/**< user stack segment (ring change only) */
	uint16_t tf_padding4;
} __attribute__((packed));

/**
 * What the kernel pushes on the user exception stack before running the
 * user's page-fault upcall. The upcall restores tf_regs, eflags and esp from
 * it and returns to utf_eip.
 */
struct UTrapframe {
	uint32_t utf_fault_va;		/**< faulting address (cr2) */
	uint32_t utf_err;		/**< page-fault error code (FEC_*) */
	struct PushRegs utf_regs;	/**< general registers at the fault */
	uintptr_t utf_eip;		/**< faulting instruction */
	uint32_t utf_eflags;		/**< flags at the fault */
	uintptr_t utf_esp;		/**< stack pointer at the fault */
} __attribute__((packed));

#endif /* !__ASSEMBLER__ */

#endif /* !GW_INC_TRAP_H */
