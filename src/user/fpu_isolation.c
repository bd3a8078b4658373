// fpu_isolation: the x87 FPU state is per env. Parent and child each push
// a value on the FPU stack (pi and 1.0) and yield back and forth; each must
// find exactly its own value -- one register in use, the right number --
// however the two interleave. With one FPU state shared by the CPU, the
// second push would land on top of the first env's value.
#include <inc/lib.h>

/* Registers in use on the FPU stack (from the tag word). */
static int
fpu_depth(void)
{
	uint32_t env[7];	/* fnstenv: control, status, tag, ... */
	int used = 0;

	asm volatile("fnstenv %0; fldcw %0" : "=m" (env));	/* fnstenv masks exceptions: restore */
	for (int i = 0; i < 8; i++)
		if (((env[2] >> (2 * i)) & 3) != 3)
			used++;
	return used;
}

static void
check(const char *who, double want)
{
	int depth;
	double got;

	for (int i = 0; i < 6; i++)
		sys_yield();
	depth = fpu_depth();
	asm volatile("fstpl %0" : "=m" (got));
	if (depth != 1 || got != want)
		cprintf("%s: FPU disturbed: %d registers in use, st0 %s\n", who, depth,
			got == want ? "right" : "wrong");
	else
		cprintf("%s: FPU state intact\n", who);
}

void
umain(int argc, char **argv)
{
	envid_t c;

	(void) argc, (void) argv;
	asm volatile("fninit");
	if ((c = eager_fork()) < 0)
		panic("eager_fork: %e", c);
	if (c == 0) {
		asm volatile("fld1");		/* st0 = 1.0 */
		check("child", 1.0);
		return;
	}
	asm volatile("fldpi");			/* st0 = pi */
	{
		double pi;

		asm volatile("fldpi; fstpl %0" : "=m" (pi));
		check("parent", pi);
	}
}
