// ipc_sendpage: a page with a string in it travels parent -> child and
// back, mapped by the kernel at the receiver's chosen address with the
// sender's permissions; the receiver reads and changes the text.
#include <inc/lib.h>

#define SENDVA	((char *) 0x00a00000)
#define RECVVA	((char *) 0x00b00000)

void
umain(int argc, char **argv)
{
	envid_t who, child;
	int perm;
	int r;

	(void) argc, (void) argv;
	if ((child = fork()) < 0)
		panic("fork: %e", child);
	if (child == 0) {
		ipc_recv(&who, RECVVA, &perm);
		cprintf("child got '%s' with perm %x\n", RECVVA, perm);
		strcpy(RECVVA, "reply written by the child");
		ipc_send(who, 1, RECVVA, PTE_P | PTE_U | PTE_W);
		return;
	}
	if ((r = sys_page_alloc(0, SENDVA, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	strcpy(SENDVA, "hello through a shared page");
	ipc_send(child, 0, SENDVA, PTE_P | PTE_U | PTE_W);
	ipc_recv(&who, SENDVA, &perm);
	cprintf("parent got '%s' with perm %x\n", SENDVA, perm);
}
