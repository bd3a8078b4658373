// ipc_primes: the prime sieve as a pipeline of envs, one per prime. The
// generator feeds 2, 3, 4, ...; each stage prints its prime, forks the
// next stage when the first number passes, and forwards the numbers its
// prime does not divide. After NPRIMES primes the last stage exits; a
// stage whose successor is gone (sys_ipc_try_send: bad env) exits too, so
// the whole pipeline winds down and the run ends cleanly.
#include <inc/lib.h>

#ifndef NPRIMES
#define NPRIMES 100
#endif

/* Send @value to @to, waiting until it receives; exit if it is gone. */
static void
send_or_exit(envid_t to, uint32_t value)
{
	int r;

	while ((r = sys_ipc_try_send(to, value, (void *) UTOP, 0)) == -E_IPC_NOT_RECV)
		sys_yield();
	if (r == -E_BAD_ENV)
		exit();
	if (r < 0)
		panic("sending %d to %08x: %e", value, to, r);
}

/* One pipeline stage; a forked child becomes the next stage by going
 * round the outer loop again (no recursion: the stack stays flat however
 * long the pipeline grows). */
static void
stage(void)
{
	for (int count = 1; ; count++) {
		envid_t next = 0;
		int p = ipc_recv(0, 0, 0);

		cprintf("prime %d: %d\n", count, p);
		if (count == NPRIMES)
			return;
		for (;;) {
			int n = ipc_recv(0, 0, 0);

			if (n % p == 0)
				continue;
			if (!next && (next = fork()) < 0)
				panic("fork: %e", next);
			if (next == 0)
				break;		/* the child: the next stage */
			send_or_exit(next, n);
		}
	}
}

void
umain(int argc, char **argv)
{
	envid_t first;

	(void) argc, (void) argv;
	if ((first = fork()) < 0)
		panic("fork: %e", first);
	if (first == 0) {
		stage();
		return;
	}
	for (int n = 2; ; n++)
		send_or_exit(first, n);
}
