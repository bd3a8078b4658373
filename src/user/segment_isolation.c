// segment_isolation: fs and gs belong to the env that set them. The parent
// loads the user code selector (readable, so allowed) into fs and gs and
// yields to its child: the child must still see its own selectors, and the
// parent its own when it runs again.
#include <inc/lib.h>

#define USER_CODE	(GD_UT | 3)

static uint16_t
read_fs(void)
{
	uint16_t v;

	asm volatile("movw %%fs, %0" : "=r" (v));
	return v;
}

static uint16_t
read_gs(void)
{
	uint16_t v;

	asm volatile("movw %%gs, %0" : "=r" (v));
	return v;
}

void
umain(int argc, char **argv)
{
	envid_t c;

	(void) argc, (void) argv;
	if ((c = eager_fork()) < 0)
		panic("eager_fork: %e", c);
	if (c == 0) {
		for (int i = 0; i < 10; i++)
			sys_yield();
		cprintf("child: fs %04x gs %04x\n", read_fs(), read_gs());
		return;
	}
	asm volatile("movw %w0, %%fs; movw %w0, %%gs" : : "r" (USER_CODE));
	while (envs[ENVX(c)].env_id == c && envs[ENVX(c)].env_status != ENV_FREE)
		sys_yield();
	cprintf("parent: fs %04x gs %04x\n", read_fs(), read_gs());
}
