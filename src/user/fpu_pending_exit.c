// fpu_pending_exit: x87 exceptions belong to the env that caused them. A
// child unmasks divide-by-zero, divides 1 by 0 and exits before any FPU
// instruction that would report it: the pending exception dies with it.
// A second child does the same and then waits on the FPU (fwait): it takes
// the #MF itself and is killed. Neither may reach the kernel, and the
// parent's FPU works afterwards.
#include <inc/lib.h>

static void
divide_by_zero_unmasked(void)
{
	uint16_t cw = 0x037b;	/* the default 0x037f with ZM (bit 2) clear */

	/* st0 = 1.0 / 0.0, the exception left pending (fdiv does not wait
	 * for its own result) */
	asm volatile("fninit; fldcw %0; fldz; fld1; fdiv %%st(1), %%st" : : "m" (cw));
}

static void
run_child(bool wait_for_it)
{
	envid_t c = eager_fork();

	if (c < 0)
		panic("eager_fork: %e", c);
	if (c == 0) {
		divide_by_zero_unmasked();
		if (wait_for_it) {
			asm volatile("fwait");
			cprintf("child survived its own x87 exception\n");
		}
		exit();
	}
	while (envs[ENVX(c)].env_id == c && envs[ENVX(c)].env_status != ENV_FREE)
		sys_yield();
}

void
umain(int argc, char **argv)
{
	double x = 0;

	(void) argc, (void) argv;
	run_child(false);
	cprintf("child with a pending exception exited\n");
	run_child(true);
	cprintf("child that waited was killed\n");
	asm volatile("fninit; fld1; fadd %%st(0), %%st; fstpl %0; fwait" : "=m" (x));
	cprintf("parent: 1 + 1 = %d\n", (int) x);
}
