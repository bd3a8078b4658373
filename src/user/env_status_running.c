// env_status_running: ENV_RUNNABLE set on an env that is running -- itself,
// or a child on another CPU -- must not let a second CPU pick it up too.
// Each counts to N in memory only it uses: run on two CPUs at once, it
// would overshoot (and the checker would see one env on two CPUs).
#include <inc/lib.h>

#define N 3000000

static volatile uint32_t count;

static void
count_to_n(const char *who)
{
	for (uint32_t i = 0; i < N; i++)
		count++;
	cprintf("%s counted %u\n", who, count);
}

void
umain(int argc, char **argv)
{
	envid_t c;

	(void) argc, (void) argv;
	if ((c = eager_fork()) < 0)
		panic("eager_fork: %e", c);
	if (c == 0) {
		count_to_n("child");
		return;
	}
	for (int i = 0; i < 50 && envs[ENVX(c)].env_status != ENV_RUNNING; i++)
		sys_yield();
	expect_result("env_set_status(running child, RUNNABLE)", sys_env_set_status(c, ENV_RUNNABLE), 0);
	expect_result("env_set_status(self, RUNNABLE)", sys_env_set_status(0, ENV_RUNNABLE), 0);
	count_to_n("parent");
}
