// sfork_after_fork: sfork() in an env made by fork(). Its data pages are
// still copy-on-write from that fork; sfork must share them all the same:
// a write by either env is seen by the other, the first write included.
#include <inc/lib.h>

/* Alone in its page, and not written by the forked child before it sforks. */
volatile int box[PGSIZE / sizeof(int)] __attribute__((aligned(PGSIZE))) = { 1 };

void
umain(int argc, char **argv)
{
	envid_t c;

	(void) argc, (void) argv;
	box[0] = 2;		/* the parent's page; fork makes it COW in both */
	if ((c = fork()) < 0)
		panic("fork: %e", c);
	if (c > 0) {
		while (envs[ENVX(c)].env_id == c && envs[ENVX(c)].env_status != ENV_FREE)
			sys_yield();
		cprintf("parent still sees its own box: %d\n", box[0]);
		return;
	}
	/* The forked child: box's page is COW here and not yet written. */
	if ((c = sfork()) < 0)
		panic("sfork: %e", c);
	if (c == 0) {
		box[0] = 7;	/* the first write to the page, in the sforked child */
		return;
	}
	for (int i = 0; i < 1000 && box[0] != 7; i++)
		sys_yield();
	if (box[0] == 7)
		cprintf("sfork parent sees the child's write\n");
	else
		cprintf("sfork parent does not see the child's write: box %d\n", box[0]);
	while (envs[ENVX(c)].env_id == c && envs[ENVX(c)].env_status != ENV_FREE)
		sys_yield();
}
