/**
 * @file cpu.h
 * @brief Per-CPU state: one struct CpuInfo per processor, found through
 *        thiscpu, which is indexed by the LAPIC id (cpunum()).
 *
 * @ingroup grp_smp
 */
#ifndef GW_KERN_CPU_H
#define GW_KERN_CPU_H

/**
 * @defgroup grp_smp SMP, locks and scheduler
 * @brief Per-CPU state, the LAPIC, the CPU tables (ACPI MADT, MP),
 *        spinlocks and the big kernel lock, the round-robin scheduler and
 *        the preemption timer.
 *        See @ref smp.
 */

#include <inc/types.h>
#include <inc/memlayout.h>
#include <inc/mmu.h>
#include <inc/env.h>

#define NCPU  16	/**< most CPUs supported (Bochs runs up to 15) */

/** Values of CpuInfo.cpu_status. */
enum {
	CPU_UNUSED = 0,	/**< not (yet) started */
	CPU_STARTED,	/**< running kernel or user code */
	CPU_HALTED,	/**< idle in sched_halt(), big kernel lock released */
};

/**
 * Per-CPU state. Who may touch each field is said beside it: "this CPU"
 * means only the CPU the entry describes; "BKL" means with the big kernel
 * lock held.
 */
struct CpuInfo {
	uint8_t cpu_id;			/**< index into cpus[] (== LAPIC id); set by mp_init() */
	bool cpu_present;		/**< listed (enabled) in the ACPI MADT or the MP table; set by mp_init() */
	/** CPU_UNUSED, CPU_STARTED or CPU_HALTED. Written by this CPU
	 *  (xchg, also without the BKL: see sched_halt()); read by the boot
	 *  CPU while it starts APs. */
	volatile unsigned cpu_status;
	/** The env this CPU runs, or is in a trap for, or NULL (curenv).
	 *  Written by this CPU (BKL); read by other CPUs (BKL) for TLB
	 *  shootdowns. Always the env whose env_oncpu() is this CPU. */
	struct Env *cpu_env;
	/** envs[] index this CPU last ran, -1 if none; while cpu_env is not
	 *  NULL, its slot (this CPU, BKL) */
	int cpu_last_slot;
	/** Why this CPU must choose another env when it leaves the current
	 *  trap (a timer tick, sys_yield), or SCHED_NONE: set during the
	 *  trap, read and cleared by trap_exit() (this CPU). */
	int cpu_resched;
	/** True from just before this CPU returns to user mode until its
	 *  next trap entry. Written by this CPU; read by a CPU doing a TLB
	 *  shootdown (BKL) to know whether an IPI is needed (tlb.c). */
	volatile bool cpu_in_user;
	/** Another CPU changed the page tables of cpu_env: flush the TLB
	 *  before using them again. Set by the other CPU (BKL), cleared by
	 *  this one (tlb.c). */
	volatile bool cpu_tlb_stale;
	/** kstacktop(cpu_id), set by trap_init_percpu(): what a trap from
	 *  user mode checks its stack against, one compare (this CPU). */
	uintptr_t cpu_kstacktop;
	/** ss0, and esp0 for traps from user mode: just past curenv's env_tf,
	 *  set by env_return() before every return to user mode (this CPU). */
	struct Taskstate cpu_ts;
	/** The double-fault task: its own stack, so that a kernel stack
	 *  overflow still reports (trap.c). Saved state of the faulting task
	 *  is in cpu_ts. */
	struct Taskstate cpu_df_ts;
};

extern struct CpuInfo cpus[NCPU];	/**< all CPUs; ncpu of them exist */
extern int ncpu;			/**< number of CPUs found (MADT or MP table) */
extern struct CpuInfo *bootcpu;		/**< the boot processor */
extern physaddr_t lapicaddr;		/**< physical address of the LAPIC */
extern volatile uint32_t *lapic;	/**< the LAPIC, mapped by lapic_init() */

/**
 * Kernel stacks of all NCPU CPUs: mem_init() takes them from boot memory
 * (not cleared, and not in .bss, which the boot loader would clear) and
 * maps CPU i's at kstacktop(i).
 */
extern unsigned char (*percpu_kstacks)[KSTKSIZE];

/**
 * Top of CPU @p cpu's kernel stack in the KSTACKTOP region, where each
 * stack has an unmapped guard below it (memlayout.h).
 */
static inline uintptr_t
kstacktop(int cpu)
{
	return KSTACKTOP - cpu * (KSTKSIZE + KSTKGAP);
}

/**
 * The LAPIC's ID register once lapic_map() has mapped it; before that, a
 * word that reads 0 (the boot CPU). Lets cpunum() be one load and a shift:
 * the kernel asks for its CPU on every lock and every trap.
 */
extern volatile uint32_t *lapic_id;

/**
 * Index of the running CPU (its LAPIC id); 0 before the LAPIC is mapped.
 * The read is a non-volatile asm: a CPU's number never changes under the
 * code asking, so the compiler may drop a read whose answer goes unused
 * (the env id in a trace record that is off) or move it where it is
 * needed. It depends on lapic_id's value, so it is redone once
 * lapic_map() has changed that.
 */
static inline int
cpunum(void)
{
	uint32_t id;

	asm("movl (%1), %0" : "=r" (id) : "r" (lapic_id));
	return id >> 24;
}
/** This CPU's CpuInfo. */
#define thiscpu (&cpus[cpunum()])

/**
 * Top of each CPU's kernel stack, kstacktop(i) by LAPIC id: where
 * alltraps (trapentry.asm) moves after a trap from user mode, whose frame
 * the CPU wrote into the env (see env_return()). Filled by trap_init().
 */
extern uintptr_t kstack_tops[NCPU];

/** Find the CPUs and the LAPIC from the ACPI MADT or the MP tables (boot CPU only). */
void mp_init(void);
/** Map and program this CPU's LAPIC (timer, error vector, TPR). */
void lapic_init(void);
/** Send INIT and STARTUP IPIs to start CPU @p apicid at physical @p addr. */
void lapic_startap(uint8_t apicid, uint32_t addr);
/** Acknowledge the current LAPIC interrupt. */
void lapic_eoi(void);
/** Send interrupt @p vector to the CPU with LAPIC id @p apicid. */
void lapic_ipi(int apicid, int vector);

/**
 * Switch this CPU to the stack whose top is @p top and call @p fn there
 * (kstack.asm); @p fn must not return. What was on the old stack is dead.
 */
void run_on_stack(uintptr_t top, void (*fn)(void)) __attribute__((noreturn));

#endif /* !GW_KERN_CPU_H */
