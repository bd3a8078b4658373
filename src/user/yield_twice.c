// yield_twice: two envs yield to each other and print in turn.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	envid_t child = fork();

	for (int i = 0; i < 2; i++) {
		cprintf("%s round %d\n", child ? "parent" : "child", i);
		sys_yield();
	}
}
