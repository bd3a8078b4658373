/**
 * @file init.c
 * @brief Kernel start-up: i386_init() on the boot CPU, mp_main() on each
 *        application processor.
 *
 * Boot order on the boot CPU: command line and console first (so every
 * later step can report), then memory, environments, traps, the MP tables
 * and LAPIC, and only then the other CPUs. The big kernel lock is taken
 * before any AP starts, and APs take it before they schedule, so the
 * boot CPU creates the first env while no other CPU can schedule.
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

/** The stack an AP starts on (set by boot_aps() before each start-up). */
void *mpentry_kstack;

static void boot_aps(void);
static void start_first_program(void);

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

	cons_init();
	if (magic != BOOTINFO_MAGIC || bi->magic != BOOTINFO_MAGIC)
		panic("not started by the Glasswing boot loader (magic %08x)", magic);
	cmdline_parse(bi->cmdline);
	if (opts.console)
		cons_configure(opts.console);
	cons_trace_device(opts.tracedev);
	trace_init(opts.trace);

	cprintf("Glasswing kernel booting: %s\n", cmdline);
	cmdline_report();

	mem_init(bi);
	fpu_init();
	env_init();
	trap_init();

	mp_init();
	lapic_map();
	lapic_init();
	pic_init();
	cprintf("SMP: CPU %d found %d CPU(s)\n", bootcpu->cpu_id, ncpu);
	trace_machine();
	trace_boot(ncpu, npages);

	selftest_boot(opts.selftest);

	lock_kernel();
	boot_aps();
	start_first_program();
	timer_init();
	sched_yield(SCHED_NONE);
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
 * An AP's C entry (called by mpentry.asm on the stack boot_aps() chose).
 * Never returns.
 */
void mp_main(void) __attribute__((noreturn));

void
mp_main(void)
{
	lcr3(PADDR(kern_pgdir));
	cprintf("SMP: CPU %d starting\n", cpunum());

	lapic_init();
	env_init_percpu();
	trap_init_percpu();
	selftest_ap(opts.selftest);
	xchg(&thiscpu->cpu_status, CPU_STARTED);	/* tell boot_aps() we're up */

	lock_kernel();
	timer_init();
	sched_yield(SCHED_NONE);
}
