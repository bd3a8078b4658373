// timer_after_destroy: destroy a child that spins on another CPU. Its only
// way into the kernel is the timer interrupt, and that CPU frees it there;
// the CPU must still acknowledge the interrupt and re-arm its timer, or it
// is never preempted again and, once idle, never wakes. A second child then
// needs that CPU (the transcript checks its timer keeps ticking).
#include <inc/lib.h>

#define N 2000000

static volatile uint32_t spins;

void
umain(int argc, char **argv)
{
	envid_t c;

	(void) argc, (void) argv;
	if ((c = eager_fork()) < 0)
		panic("eager_fork: %e", c);
	if (c == 0)
		for (;;)
			spins++;
	/* Wait until it runs on another CPU, then destroy it there. */
	while (envs[ENVX(c)].env_status != ENV_RUNNING ||
	       envs[ENVX(c)].env_cpunum == thisenv->env_cpunum)
		sys_yield();
	expect_result("env_destroy(child spinning on another CPU)", sys_env_destroy(c), 0);
	while (envs[ENVX(c)].env_id == c && envs[ENVX(c)].env_status != ENV_FREE)
		sys_yield();
	cprintf("spinner gone\n");

	if ((c = eager_fork()) < 0)
		panic("eager_fork: %e", c);
	if (c == 0) {
		for (uint32_t i = 0; i < N; i++)
			spins++;
		cprintf("counter done\n");
		return;
	}
	while (envs[ENVX(c)].env_id == c && envs[ENVX(c)].env_status != ENV_FREE)
		sys_yield();
	cprintf("parent done\n");
}
