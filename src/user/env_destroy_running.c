// env_destroy_running: destroying a child that runs on another CPU marks
// it DYING and its CPU frees it. Hostile follow-ups must not free it under
// that CPU or bring it back: destroying it again, making it runnable
// again; nor may "stop, then destroy" free a child that is still running.
// (Each of these once freed a running env and panicked the kernel.)
#include <inc/lib.h>

static volatile uint32_t spins;

/* A child that spins without system calls. */
static envid_t
spinner(void)
{
	envid_t c = eager_fork();

	if (c < 0)
		panic("eager_fork: %e", c);
	if (c == 0)
		for (;;)
			spins++;
	return c;
}

/* Give a child the chance to be running on another CPU right now. */
static void
wait_running(envid_t c)
{
	for (int i = 0; i < 50 && envs[ENVX(c)].env_status != ENV_RUNNING; i++)
		sys_yield();
}

/* Wait until @c is gone (its slot freed or reused). */
static void
wait_gone(envid_t c)
{
	while (envs[ENVX(c)].env_id == c && envs[ENVX(c)].env_status != ENV_FREE)
		sys_yield();
}

void
umain(int argc, char **argv)
{
	envid_t c;
	int r;

	(void) argc, (void) argv;

	/* Destroy, then destroy again and try to revive it. */
	c = spinner();
	wait_running(c);
	expect_result("env_destroy(running child)", sys_env_destroy(c), 0);
	r = sys_env_set_status(c, ENV_RUNNABLE);
	if (r != -E_BAD_ENV)
		panic("reviving a destroyed child returned %d", r);
	r = sys_env_destroy(c);
	if (r != 0 && r != -E_BAD_ENV)	/* DYING still, or freed already */
		panic("destroying it again returned %d", r);
	wait_gone(c);
	cprintf("first child gone\n");

	/* Stop it, then destroy it. */
	c = spinner();
	wait_running(c);
	expect_result("env_set_status(running child, NOT_RUNNABLE)",
		      sys_env_set_status(c, ENV_NOT_RUNNABLE), 0);
	expect_result("env_destroy(stopped child)", sys_env_destroy(c), 0);
	wait_gone(c);
	cprintf("second child gone\n");
}
