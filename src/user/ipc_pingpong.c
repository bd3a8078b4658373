// ipc_pingpong: parent and child pass a counter back and forth with
// ipc_send/ipc_recv; each adds one. Ten round trips, in strict order.
#include <inc/lib.h>

#define LAST 20

void
umain(int argc, char **argv)
{
	envid_t who, peer;
	uint32_t value;

	(void) argc, (void) argv;
	if ((peer = fork()) < 0)
		panic("fork: %e", peer);
	if (peer != 0) {
		cprintf("%08x sends 0 to %08x\n", sys_getenvid(), peer);
		ipc_send(peer, 0, 0, 0);
	}
	for (;;) {
		value = ipc_recv(&who, 0, 0);
		if (peer == 0)
			peer = who;
		if (who != peer)
			panic("message from %08x, expected %08x", who, peer);
		cprintf("%08x got %d from %08x\n", sys_getenvid(), value, who);
		if (value == LAST)
			return;
		ipc_send(who, value + 1, 0, 0);
		if (value + 1 == LAST)
			return;
	}
}
