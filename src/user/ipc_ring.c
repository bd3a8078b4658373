// ipc_ring: eight envs in a ring pass a token five times around; each
// adds its position. Meant for 4 CPUs: values must arrive in send order
// and no receiver may run while blocked (checked on the trace).
#include <inc/lib.h>

#define NRING	8
#define ROUNDS	5

void
umain(int argc, char **argv)
{
	envid_t ids[NRING], next, from;
	int pos = 0;

	(void) argc, (void) argv;
	ids[0] = sys_getenvid();
	for (int i = 1; i < NRING; i++) {
		envid_t r = fork();

		if (r < 0)
			panic("fork: %e", r);
		if (r == 0) {
			pos = i;
			break;
		}
		ids[i] = r;
	}
	/* Env 0 tells each member who comes after it. */
	if (pos == 0) {
		for (int i = 1; i < NRING; i++)
			ipc_send(ids[i], ids[(i + 1) % NRING], 0, 0);
		next = ids[1];
	} else
		next = ipc_recv(0, 0, 0);

	if (pos == 0)
		ipc_send(next, 0, 0, 0);
	for (int round = 0; round < ROUNDS; round++) {
		uint32_t token = ipc_recv(&from, 0, 0);

		if (pos == 0)
			cprintf("round %d: token %d\n", round, token);
		if (pos == 0 && round == ROUNDS - 1)
			break;
		ipc_send(next, token + pos, 0, 0);
	}
	cprintf("member %d done\n", pos);
}
