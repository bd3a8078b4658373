// stuck_envs: the end of a run with envs that can never run again. A child
// made by exofork is never made runnable; a forked child and the parent
// both wait in ipc_recv for a message nobody will send. The kernel says so
// after JOS's "No runnable environments" line, env by env, and the run ends
// as "stuck", not "finished".
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	envid_t c;

	(void) argc, (void) argv;
	if ((c = sys_exofork()) < 0)
		panic("sys_exofork: %e", c);
	if (c == 0)
		panic("the never-runnable child ran");
	if ((c = fork()) < 0)
		panic("fork: %e", c);
	if (c == 0) {
		ipc_recv(0, 0, 0);
		panic("the child got a message");
	}
	ipc_recv(0, 0, 0);
	panic("the parent got a message");
}
