// cputs_bad_ptr: pass sys_cputs a pointer to unmapped user memory. The
// kernel's pointer check destroys the env with the user_mem_check message
// naming the first bad address; the kernel itself never touches it.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	cprintf("printing from address 00000010\n");
	sys_cputs((const char *) 0x10, 8);
	cprintf("printed it: should not get here\n");
}
