// env_status_flip: a parent stops a child that is running on another CPU
// (NOT_RUNNABLE) and lets it go again (RUNNABLE) before that CPU has noticed.
// "Should run" and "is on a CPU" are different facts: no other CPU may
// pick the child up while it is still on its CPU -- a second copy would
// run from a stale trap frame on the same stack. Part 1 counts: run twice,
// the child overshoots. Part 2 destroys such a child: with two copies, one
// CPU freed it under the other.
// The counting child waits, after counting, until the parent has flipped
// it (a flag in the memory sfork shares): with one CPU each of the
// parent's yields gives it a whole timer period, and under QEMU a period
// is host time, in which the child could finish and be gone before the flip.
#include <inc/lib.h>

#define N 3000000

/* Shared with the children (sfork). */
static volatile uint32_t count;
static volatile uint32_t flipped;	/* the parent flipped the first child */

/* Wait until child @c runs on another CPU than ours (if there is one). */
static void
wait_running_elsewhere(envid_t c)
{
	for (int i = 0; i < 20; i++) {
		const volatile struct Env *e = &envs[ENVX(c)];

		if (e->env_status == ENV_RUNNING && e->env_cpunum != thisenv->env_cpunum)
			return;
		sys_yield();
	}
}

static void
flip(envid_t c)
{
	expect_result("env_set_status(running child, NOT_RUNNABLE)",
		      sys_env_set_status(c, ENV_NOT_RUNNABLE), 0);
	expect_result("env_set_status(running child, RUNNABLE)",
		      sys_env_set_status(c, ENV_RUNNABLE), 0);
	/* Give every CPU the chance to (wrongly) pick it up. */
	for (int i = 0; i < 20; i++)
		sys_yield();
}

void
umain(int argc, char **argv)
{
	envid_t c;

	(void) argc, (void) argv;
	if ((c = sfork()) < 0)
		panic("sfork: %e", c);
	if (c == 0) {
		for (uint32_t i = 0; i < N; i++)
			count++;
		cprintf("child counted %u\n", count);
		while (!flipped)
			;
		return;
	}
	wait_running_elsewhere(c);
	flip(c);
	flipped = 1;
	while (envs[ENVX(c)].env_id == c && envs[ENVX(c)].env_status != ENV_FREE)
		sys_yield();

	if ((c = eager_fork()) < 0)
		panic("eager_fork: %e", c);
	if (c == 0)
		for (;;)
			count++;
	wait_running_elsewhere(c);
	flip(c);
	expect_result("env_destroy(flipped child)", sys_env_destroy(c), 0);
	while (envs[ENVX(c)].env_id == c && envs[ENVX(c)].env_status != ENV_FREE)
		sys_yield();
	cprintf("flipped child destroyed\n");
}
