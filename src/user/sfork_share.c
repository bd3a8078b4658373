// sfork_share: after sfork() parent and child share their data (a counter
// both increment in turn) but not their stacks, and thisenv is right in
// each of them.
#include <inc/lib.h>

#define ROUNDS 10

volatile int counter;		/* shared */
volatile envid_t turn;		/* whose turn it is: shared */

void
umain(int argc, char **argv)
{
	envid_t me, other, child;
	volatile int mine;		/* on the stack: private */

	(void) argc, (void) argv;
	turn = thisenv->env_id;
	if ((child = sfork()) < 0)
		panic("sfork: %e", child);
	me = sys_getenvid();
	if (thisenv->env_id != me)
		panic("thisenv is %08x in %08x", thisenv->env_id, me);
	other = child ? child : thisenv->env_parent_id;
	mine = child ? 100 : 200;

	for (int i = 0; i < ROUNDS; i++) {
		while (turn != me) {
			/* If the other one died (a panic), fail now rather than
			 * wait for a turn that never comes. */
			if (envs[ENVX(other)].env_id != other ||
			    envs[ENVX(other)].env_status == ENV_FREE)
				panic("%08x is gone, it was its turn", other);
			sys_yield();
		}
		counter++;
		turn = other;
	}
	if (mine != (child ? 100 : 200))
		panic("stack variable changed to %d", mine);
	cprintf("%s %08x: thisenv ok, my stack value %d, counter %d\n",
		child ? "parent" : "child", me, mine, counter);
}
