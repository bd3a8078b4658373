// env_status_running: ENV_RUNNABLE set on an env that is running -- itself,
// or a child on another CPU -- must not let a second CPU pick it up too.
// Each counts to N in a counter only it uses: run on two CPUs at once, it
// would overshoot (and the checker would see one env on two CPUs).
// The child stays alive until the parent has made its calls (a flag in the
// memory sfork shares), however long a timer period is: with one CPU the
// parent's yields each give the child a whole period, and under QEMU a
// period is host time, in which the child could finish before the calls.
#include <inc/lib.h>

#define N 3000000

/* Shared (sfork); each env counts only its own. */
static volatile uint32_t count[2];	/* [0] the parent's, [1] the child's */
static volatile uint32_t calls_made;	/* the parent made its two calls */

static void
count_to_n(const char *who, volatile uint32_t *c)
{
	for (uint32_t i = 0; i < N; i++)
		(*c)++;
	cprintf("%s counted %u\n", who, *c);
}

void
umain(int argc, char **argv)
{
	envid_t c;

	(void) argc, (void) argv;
	if ((c = sfork()) < 0)
		panic("sfork: %e", c);
	if (c == 0) {
		count_to_n("child", &count[1]);
		while (!calls_made)
			;
		return;
	}
	for (int i = 0; i < 50 && envs[ENVX(c)].env_status != ENV_RUNNING; i++)
		sys_yield();
	expect_result("env_set_status(running child, RUNNABLE)", sys_env_set_status(c, ENV_RUNNABLE), 0);
	expect_result("env_set_status(self, RUNNABLE)", sys_env_set_status(0, ENV_RUNNABLE), 0);
	calls_made = 1;
	count_to_n("parent", &count[0]);
}
