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
 * @brief Per-CPU state, the LAPIC and MP tables, spinlocks and the big
 *        kernel lock, the round-robin scheduler and the preemption timer.
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
 * Per-CPU state. A CPU touches only its own entry, except cpu_status which
 * others read (the boot CPU waits on it while starting APs) and the
 * idle-halt handshake in sched.c.
 */
struct CpuInfo {
	uint8_t cpu_id;			/**< index into cpus[] (== LAPIC id) */
	bool cpu_present;		/**< listed (enabled) in the MP table */
	volatile unsigned cpu_status;	/**< CPU_UNUSED, CPU_STARTED or CPU_HALTED */
	struct Env *cpu_env;		/**< env running here, or NULL (big kernel lock) */
	int cpu_sched_reason;		/**< why this CPU last called sched_yield() */
	int cpu_last_slot;		/**< envs[] index this CPU last ran, -1 if none */
	envid_t cpu_exited;		/**< env that just exited here (for the trace), or 0 */
	/**
	 * True from just before this CPU returns to user mode until its next
	 * trap entry. Written only by this CPU; read by a CPU doing a TLB
	 * shootdown (big kernel lock held) to know whether an IPI is needed.
	 */
	volatile bool cpu_in_user;
	/**
	 * Another CPU changed the page tables of cpu_env: flush the TLB
	 * before using them again (in the TLB IPI handler, or on taking the
	 * big kernel lock). Set by the other CPU, cleared by this one.
	 */
	volatile bool cpu_tlb_stale;
	struct Taskstate cpu_ts;	/**< esp0/ss0 for traps from user mode */
};

extern struct CpuInfo cpus[NCPU];	/**< all CPUs; ncpu of them exist */
extern int ncpu;			/**< number of CPUs found in the MP table */
extern struct CpuInfo *bootcpu;		/**< the boot processor */
extern physaddr_t lapicaddr;		/**< physical address of the LAPIC */
extern volatile uint32_t *lapic;	/**< the LAPIC, mapped by lapic_init() */

/** Kernel stacks of all CPUs (pmap.c maps CPU i's at KSTACKTOP - i*(KSTKSIZE+KSTKGAP)). */
extern unsigned char percpu_kstacks[NCPU][KSTKSIZE];

/** Index of the running CPU; 0 before the LAPIC is mapped. */
int cpunum(void);
/** This CPU's CpuInfo. */
#define thiscpu (&cpus[cpunum()])

/** Find the CPUs and the LAPIC from the BIOS MP tables (boot CPU only). */
void mp_init(void);
/** Map and program this CPU's LAPIC (timer, error vector, TPR). */
void lapic_init(void);
/** Send INIT and STARTUP IPIs to start CPU @p apicid at physical @p addr. */
void lapic_startap(uint8_t apicid, uint32_t addr);
/** Acknowledge the current LAPIC interrupt. */
void lapic_eoi(void);
/** Send interrupt @p vector to the CPU with LAPIC id @p apicid. */
void lapic_ipi(int apicid, int vector);

#endif /* !GW_KERN_CPU_H */
