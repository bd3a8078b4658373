/**
 * @file init.c
 * @brief Kernel start-up: i386_init() on the boot CPU, mp_main() on each
 *        application processor.
 *
 * Boot order on the boot CPU: command line, console and trace first (so
 * every later step can report), the big kernel lock (held from here on, so
 * the assertions that guard shared data hold at boot too), then memory,
 * environments, traps, the MP tables and LAPIC; then the boot CPU moves to
 * its per-CPU stack, which has a guard page, and starts the other CPUs.
 * APs take the lock before they schedule, so the boot CPU creates the
 * first env while no other CPU can schedule.
 *
 * Every CPU sets its own control registers the same way
 * (init_control_registers()): CR0 and CR4 are per CPU.
 *
 * The end of a run is decided here too (run_ended()).
 *
 * @ingroup grp_boot
 */
#include <inc/x86.h>
#include <inc/string.h>
#include <inc/assert.h>

#include "bootinfo.h"
#include "cmdline.h"
#include "console.h"
#include "trace.h"
#include "pmap.h"
#include "env.h"
#include "trap.h"
#include "sched.h"
#include "cpu.h"
#include "lapic.h"
#include "picirq.h"
#include "timer.h"
#include "spinlock.h"
#include "monitor.h"
#include "selftest.h"
#include "fpu.h"
#include "shutdown.h"
#include "pmap.h"
#include "preempt.h"

/** The stack an AP starts on (set by boot_aps() before each start-up). */
void *mpentry_kstack;

static void boot_aps(void);
static void start_first_program(void);
static void boot_cpu_main(void) __attribute__((noreturn));
static void ap_main(void) __attribute__((noreturn));

/** The TSC at the boot's milestones, for the boot_time record (make bench). */
static struct {
	uint64_t stage1, stage2, kernel;
} boot_tsc;

/**
 * This CPU's CR0: protected mode and paging (already on), write protection
 * in ring 0 (copy-on-write), alignment checks for user code that asks
 * (EFLAGS.AC), x87 errors as floating-point exceptions, vector 16 (NE), and WAIT obeying TS (MP);
 * no FPU emulation, no task-switched trap. CR4: SSE on (the FPU state is
 * saved with fxsave, fpu.c; page_zero() uses it), SIMD exceptions on vector 19.
 * The same on every CPU.
 */
static void
init_control_registers(void)
{
	uint32_t id[4];

	/* CPUID.1:EDX bit 24 FXSR, bit 26 SSE2 (Bochs and QEMU have both). */
	cpuid(1, id);
	if (!(id[3] & (1u << 24)) || !(id[3] & (1u << 26)))
		panic("this kernel needs a CPU with fxsave and SSE2 (cpuid 1: edx %08x)", id[3]);
	lcr0((rcr0() | CR0_PE | CR0_PG | CR0_WP | CR0_AM | CR0_NE | CR0_MP) &
	     ~(CR0_EM | CR0_TS));
	lcr4(rcr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
}

/**
 * The boot CPU's C entry (called by entry.asm). @p magic and @p bi_pa are
 * what the boot loader passed in eax and ebx. Never returns.
 */
void i386_init(uint32_t magic, physaddr_t bi_pa) __attribute__((noreturn));

void
i386_init(uint32_t magic, physaddr_t bi_pa)
{
	/* entry_pgdir maps the low 8 MiB at KERNBASE: the boot info and
	 * command line are reachable there until mem_init() replaces it,
	 * and are only read before page_init() may hand out their pages. */
	const struct bootinfo *bi = (const struct bootinfo *) (KERNBASE + bi_pa);

	boot_tsc.kernel = read_tsc();
	cons_init();
	if (magic != BOOTINFO_MAGIC || bi->magic != BOOTINFO_MAGIC)
		panic("not started by the Glasswing boot loader (magic %08x)", magic);
	cmdline_parse(bi->cmdline);
	boot_tsc.stage1 = bi->tsc_stage1;	/* before page_init() may reuse its page */
	boot_tsc.stage2 = bi->tsc_stage2;
	if (opts.console)
		cons_configure(opts.console);
	cons_trace_device(opts.tracedev);
	trace_init(opts.trace);
	lock_kernel();
	init_control_registers();

	cprintf("Glasswing kernel booting: %s\n", cmdline);
	cmdline_report();
	preempt_init(opts.preempt);

	mem_init(bi);
	fpu_init();
	env_init();
	trap_init();

	mp_init();
	lapic_map();
	lapic_init();
	pic_init();
	cprintf("SMP: CPU %d found %d CPU(s)\n", bootcpu->cpu_id, ncpu);
	timer_calibrate();
	trace_machine(timer_period_tsc());
	trace_boot(ncpu, npages);
	run_on_stack(kstacktop(bootcpu->cpu_id), boot_cpu_main);
}

/** The rest of the boot CPU's start, on its guarded per-CPU stack. */
static void
boot_cpu_main(void)
{
	selftest_boot(opts.selftest);
	boot_aps();
	selftest_aps_up(opts.selftest);
	start_first_program();
	timer_init();
	trace_boot_time(boot_tsc.stage1, boot_tsc.stage2, boot_tsc.kernel, read_tsc());
	assert_kernel_locked();
	sched_yield(thiscpu, SCHED_NONE);
}

/** Create the env named by prog= (or enter the monitor if none). */
static void
start_first_program(void)
{
	const struct user_program *p;
	int r;

	trace_mem_free(page_free_count(), TR_when_start);
	if (!opts.prog[0]) {
		cprintf("No program given (prog=NAME): entering the monitor.\n");
		for (;;)
			monitor(NULL);
	}
	if (!(p = user_program_find(opts.prog))) {
		cprintf("Programs in this image:");
		for (uint32_t i = 0; i < user_programs_count; i++)
			cprintf(" %s", user_programs[i].name);
		cprintf("\n");
		panic("no user program named '%s'", opts.prog);
	}
	if ((r = env_create(p->start, p->end - p->start, p->name, ENV_TYPE_USER)) < 0)
		panic("cannot start '%s': %e", p->name, r);
}

/** Start every AP, one at a time, each on its own kernel stack. */
static void
boot_aps(void)
{
	extern unsigned char mpentry_start[], mpentry_end[], mpentry_break[];
	void *code = KADDR(MPENTRY_PADDR);

	memmove(code, mpentry_start, mpentry_end - mpentry_start);
	/* break=ap-start: the copy stops each AP in the debugger (mpentry.asm). */
	((uint8_t *) code)[mpentry_break - mpentry_start] = opts.break_ap_start;
	for (struct CpuInfo *c = cpus; c < cpus + NCPU; c++) {
		if (!c->cpu_present || c == bootcpu)
			continue;
		mpentry_kstack = percpu_kstacks[c - cpus] + KSTKSIZE;
		lapic_startap(c->cpu_id, PADDR(code));
		while (c->cpu_status != CPU_STARTED)
			pause();
	}
}

/**
 * An AP's C entry (called by mpentry.asm on the stack boot_aps() chose,
 * with the entry page directory). Never returns.
 */
void mp_main(void) __attribute__((noreturn));

void
mp_main(void)
{
	/* The KSTACKTOP region is mapped in kern_pgdir only: load it, then
	 * move to this CPU's guarded stack there. */
	lcr3(PADDR(kern_pgdir));
	run_on_stack(kstacktop(cpunum()), ap_main);
}

/** An AP's start, on its guarded per-CPU stack. */
static void
ap_main(void)
{
	cprintf("SMP: CPU %d starting\n", cpunum());
	init_control_registers();
	lapic_init();
	env_init_percpu();
	trap_init_percpu();
	selftest_ap(opts.selftest);
	xchg(&thiscpu->cpu_status, CPU_STARTED);	/* tell boot_aps() we're up */

	lock_kernel();
	timer_init();
	assert_kernel_locked();
	sched_yield(thiscpu, SCHED_NONE);
}

void
run_ended(void)
{
	int stuck = 0;

	cprintf("No runnable environments in the system!\n");
	/* Envs left now can never run again: nothing else is running, and
	 * only an env could wake them. Name them and what they wait for. */
	for (struct Env *e = envs; e < envs + NENV; e++) {
		if (e->env_status == ENV_FREE)
			continue;
		stuck++;
		cprintf("[%08x] %s\n", e->env_id,
			e->env_ipc_recving ? "blocked in ipc_recv" :
			e->env_runs == 0 ? "never made runnable" :
			"stopped (not runnable)");
		trace_stuck_env(e->env_id, e->env_status, e->env_ipc_recving);
	}
	trace_mem_free(page_free_count(), TR_when_end);
	if (opts.headless)
		shutdown(stuck ? TR_stop_stuck : TR_stop_no_envs);
	for (;;)
		monitor(NULL);
}
