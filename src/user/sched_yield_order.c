// sched_yield_order: three children each print four numbered passes,
// yielding after each. Every child's passes must appear in order whatever
// the CPU count; on one CPU without preemption the scheduler's round robin
// makes the global order exactly c0 c1 c2 c0 c1 c2 ...
#include <inc/lib.h>

#define NCHILD	3
#define NPASS	4

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	for (int i = 0; i < NCHILD; i++) {
		envid_t r = eager_fork();

		if (r < 0)
			panic("eager_fork: %e", r);
		if (r == 0) {
			for (int pass = 0; pass < NPASS; pass++) {
				cprintf("child %d pass %d\n", i, pass);
				sys_yield();
			}
			return;
		}
	}
	cprintf("parent created %d children\n", NCHILD);
}
