/**
 * @file inc/trap.h
 * @brief Trap numbers and the register frames pushed on a trap (kernel) or
 *        on a user page fault (user exception stack).
 *
 * @ingroup grp_traps
 */
#ifndef GW_INC_TRAP_H
#define GW_INC_TRAP_H

#define T_DIVIDE     0		/**< divide error */
#define T_DEBUG      1		/**< debug exception */
#define T_NMI        2		/**< non-maskable interrupt */
#define T_BRKPT      3		/**< breakpoint */
#define T_OFLOW      4		/**< overflow */
#define T_BOUND      5		/**< bounds check */
#define T_ILLOP      6		/**< illegal opcode */
#define T_DEVICE     7		/**< device not available */
#define T_DBLFLT     8		/**< double fault */
/* 9 is reserved */
#define T_TSS       10		/**< invalid task switch segment */
#define T_SEGNP     11		/**< segment not present */
#define T_STACK     12		/**< stack exception */
#define T_GPFLT     13		/**< general protection fault */
#define T_PGFLT     14		/**< page fault */
/* 15 is reserved */
#define T_FPERR     16		/**< floating point error */
#define T_ALIGN     17		/**< alignment check */
#define T_MCHK      18		/**< machine check */
#define T_SIMDERR   19		/**< SIMD floating point error */

#define T_SYSCALL   48		/**< system call (`int $0x30`) */
#define T_DEFAULT   500		/**< catchall */

#define IRQ_OFFSET	32	/**< IDT vector of IRQ 0 */

#define IRQ_TIMER        0	/**< LAPIC timer */
#define IRQ_KBD          1	/**< keyboard */
#define IRQ_SERIAL       4	/**< COM1 */
#define IRQ_SPURIOUS     7	/**< spurious (8259 and LAPIC) */
#define IRQ_IDE         14	/**< IDE disk */
#define IRQ_ERROR       19	/**< LAPIC error */

#ifndef __ASSEMBLER__

#include <inc/types.h>

/** General registers in the order `pusha` pushes them (lowest address first). */
struct PushRegs {
	uint32_t reg_edi;	/**< edi */
	uint32_t reg_esi;	/**< esi */
	uint32_t reg_ebp;	/**< ebp */
	uint32_t reg_oesp;	/**< esp at pusha time: useless, ignored by popa */
	uint32_t reg_ebx;	/**< ebx */
	uint32_t reg_edx;	/**< edx */
	uint32_t reg_ecx;	/**< ecx */
	uint32_t reg_eax;	/**< eax */
} __attribute__((packed));

/**
 * What the kernel saves on a trap, lowest address first. Who pushes what:
 * tf_regs, tf_es, tf_ds by the common entry in trapentry.asm; tf_trapno and
 * (for vectors where the CPU pushes none) a zero tf_err by the per-vector
 * stub; tf_err (some vectors), tf_eip, tf_cs, tf_eflags by the CPU, and
 * tf_esp, tf_ss by the CPU only on a ring change (trap from user mode).
 */
struct Trapframe {
	struct PushRegs tf_regs;	/**< general registers */
	uint16_t tf_es;			/**< es */
	uint16_t tf_padding1;		/**< padding */
	uint16_t tf_ds;			/**< ds */
	uint16_t tf_padding2;		/**< padding */
	uint32_t tf_trapno;		/**< vector number */
	uint32_t tf_err;		/**< error code (0 when the CPU pushes none) */
	uintptr_t tf_eip;		/**< faulting or return instruction */
	uint16_t tf_cs;			/**< code segment */
	uint16_t tf_padding3;		/**< padding */
	uint32_t tf_eflags;		/**< flags */
	uintptr_t tf_esp;		/**< user stack pointer (ring change only) */
	uint16_t tf_ss;			/**< user stack segment (ring change only) */
	uint16_t tf_padding4;		/**< padding */
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
