// cr0_every_cpu: every CPU runs with the same control registers. On each
// CPU a child reads the machine status word (smsw: CR0's low 16 bits, PE MP
// ET NE expected), then takes an unmasked x87 divide-by-zero, which with
// CR0.NE is a #MF the kernel reports and kills the env for; another child
// makes a misaligned access with EFLAGS.AC set, which with CR0.AM is an
// alignment-check fault. A CPU without those bits would let both pass.
#include <inc/lib.h>

#define CPUS_TESTED 2	/* CPUs 0 and 1 (the RUN lines use 2 and 3 CPUs) */
#define FILLERS 3	/* yielding envs beside parent and child: more than CPUs */

/*
 * Yield until this env runs on CPU @cpu; false if it never does.
 *
 * A yield with no other env runnable resumes the env where it is, so with
 * only the parent and one child both can stay pinned to their CPUs (at 3
 * CPUs the child sat on CPU 2 for all 5000 yields, CPU 1 idle). FILLERS
 * more envs that only yield keep more envs runnable than there are CPUs:
 * every yield then hands the CPU to another env, and the child travels
 * from CPU to CPU, whatever the interleaving (Bochs' or QEMU's).
 */
static bool
move_to(int cpu)
{
	for (int i = 0; i < 5000; i++) {
		if (thisenv->env_cpunum == cpu)
			return true;
		sys_yield();
	}
	return false;
}

static void
x87_divide_by_zero(int cpu)
{
	uint16_t msw, cw = 0x037b;	/* default 0x037f with ZM (bit 2) clear */

	asm volatile("smsw %0" : "=r" (msw));
	cprintf("CPU %d: msw %04x\n", cpu, msw);
	/* st0 = 1.0 / 0.0 */
	asm volatile("fninit; fldcw %0; fldz; fld1; fdiv %%st(1), %%st; fwait" : : "m" (cw));
	cprintf("CPU %d let an unmasked x87 exception pass\n", cpu);
}

static void
misaligned_access(int cpu)
{
	static volatile char buf[8];
	volatile uint32_t v;

	asm volatile("pushfl; orl $0x40000, (%%esp); popfl" : : : "memory");	/* EFLAGS.AC */
	v = *(volatile uint32_t *) (buf + 1);
	(void) v;
	cprintf("CPU %d let a misaligned access pass\n", cpu);
}

/* Yield until env @parent is gone. */
static void
filler(envid_t parent)
{
	while (envs[ENVX(parent)].env_id == parent && envs[ENVX(parent)].env_status != ENV_FREE)
		sys_yield();
	exit();
}

void
umain(int argc, char **argv)
{
	envid_t me = sys_getenvid();

	(void) argc, (void) argv;
	for (int i = 0; i < FILLERS; i++) {
		envid_t f = eager_fork();

		if (f < 0)
			panic("eager_fork: %e", f);
		if (f == 0)
			filler(me);
	}
	for (int cpu = 0; cpu < CPUS_TESTED; cpu++)
		for (int test = 0; test < 2; test++) {
			envid_t c = eager_fork();

			if (c < 0)
				panic("eager_fork: %e", c);
			if (c == 0) {
				if (!move_to(cpu)) {
					cprintf("never ran on CPU %d\n", cpu);
					exit();
				}
				if (test == 0)
					x87_divide_by_zero(cpu);
				else
					misaligned_access(cpu);
				exit();
			}
			while (envs[ENVX(c)].env_id == c && envs[ENVX(c)].env_status != ENV_FREE)
				sys_yield();
		}
}
