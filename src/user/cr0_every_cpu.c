// cr0_every_cpu: every CPU runs with the same control registers. On CPUs 0
// and 1, a child reads the machine status word (smsw: CR0's low 16 bits,
// PE MP ET NE expected) and takes an unmasked x87 divide-by-zero -- with
// CR0.NE a #MF, which the kernel reports and kills the env for -- and
// another makes a misaligned access with EFLAGS.AC set, which with CR0.AM
// is an alignment check. A CPU without those bits lets them pass. The
// children spin (no system calls) until the timer has moved them to their
// CPU; spinning fillers keep every CPU busy, and the RUN line's seed keeps
// the CPUs' timers out of step, so that envs do move between CPUs.
#include <inc/lib.h>

#define FILLERS 4

static void
x87_divide_by_zero(void)
{
	uint16_t cw = 0x037b;	/* the default 0x037f with ZM (bit 2) clear */

	/* st0 = 1.0 / 0.0 */
	asm volatile("fninit; fldcw %0; fldz; fld1; fdiv %%st(1), %%st; fwait" : : "m" (cw));
}

static void
misaligned_access(void)
{
	static volatile char buf[8];
	volatile uint32_t v;

	asm volatile("pushfl; orl $0x40000, (%%esp); popfl" : : : "memory");	/* EFLAGS.AC */
	v = *(volatile uint32_t *) (buf + 1);
	(void) v;
}

/* Spin until this env runs on CPU @cpu (about 400 timer periods at most). */
static bool
spin_until_on(int cpu)
{
	for (volatile uint32_t spin = 0; spin < 40000000; spin++)
		if (thisenv->env_cpunum == cpu)
			return true;
	return false;
}

static void
test_on(int cpu, bool x87)
{
	const char *what = x87 ? "x87" : "alignment";
	uint16_t msw;

	if (!spin_until_on(cpu)) {
		cprintf("%s test never ran on CPU %d\n", what, cpu);
		return;
	}
	asm volatile("smsw %0" : "=r" (msw));
	cprintf("%s test on CPU %d: msw %04x\n", what, cpu, msw);
	if (x87)
		x87_divide_by_zero();
	else
		misaligned_access();
	cprintf("CPU %d let the %s exception pass\n", thisenv->env_cpunum, what);
}

void
umain(int argc, char **argv)
{
	envid_t filler[FILLERS], test[4];

	(void) argc, (void) argv;
	for (int i = 0; i < FILLERS; i++)
		if ((filler[i] = eager_fork()) == 0)
			for (;;)
				;
	for (int i = 0; i < 4; i++) {
		if ((test[i] = eager_fork()) < 0)
			panic("eager_fork: %e", test[i]);
		if (test[i] == 0) {
			test_on(i / 2, i % 2 == 0);
			return;
		}
	}
	for (int i = 0; i < 4; i++)
		while (envs[ENVX(test[i])].env_id == test[i] &&
		       envs[ENVX(test[i])].env_status != ENV_FREE)
			sys_yield();
	for (int i = 0; i < FILLERS; i++)
		sys_env_destroy(filler[i]);
}
