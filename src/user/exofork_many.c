// exofork_many: create 20 children with exofork and the page system calls
// (eager_fork copies every page). Each checks that its copy of the data
// is intact and distinct from the parent's, then prints and exits.
#include <inc/lib.h>

#define NCHILD 20

int marker = 12345;	/* data: each child sees the value at fork time */

void
umain(int argc, char **argv)
{
	envid_t ids[NCHILD];

	(void) argc, (void) argv;
	for (int i = 0; i < NCHILD; i++) {
		envid_t r = eager_fork();

		if (r < 0)
			panic("eager_fork %d: %e", i, r);
		if (r == 0) {
			if (marker != 12345 + i)
				panic("child %d sees marker %d", i, marker);
			marker = -1;		/* its own copy only */
			cprintf("child %d is %08x, parent %08x\n", i,
				thisenv->env_id, thisenv->env_parent_id);
			return;
		}
		ids[i] = r;
		marker++;
	}
	for (int i = 0; i < NCHILD; i++)
		for (int j = 0; j < i; j++)
			if (ids[i] == ids[j])
				panic("children %d and %d have the same id", j, i);
	cprintf("parent created %d children with distinct ids, marker %d\n",
		NCHILD, marker);
}
