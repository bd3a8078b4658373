// pgfault_regs: the upcall must resume the faulting instruction with
// every general register, eflags and esp exactly as they were.
// run_fault (assembly below) loads a distinct value into every register
// and sets the flags, takes a snapshot, stores to an unmapped page (the
// handler maps it and clobbers what it can), takes a second snapshot; the
// two must be identical. Done with the arithmetic flags and DF all clear,
// then all set.
#include <inc/lib.h>

#define TARGET	0x00c00000	/* unmapped until the handler maps it */

/* edi esi ebp ebx edx ecx eax eflags esp: as run_fault stores them. */
uint32_t before[9], after[9];
static const char * const names[9] = {
	"edi", "esi", "ebp", "ebx", "edx", "ecx", "eax", "eflags", "esp"
};

void run_fault(uint32_t flags);

asm(".text\n"
    "run_fault:\n"
    "	pushl %ebp\n"
    "	movl %esp, %ebp\n"
    "	pushal\n"
    "	pushl 8(%ebp)\n"		/* the flags to load */
    "	movl $0x11111111, %edi\n"
    "	movl $0x22222222, %esi\n"
    "	movl $0x44444444, %ebx\n"
    "	movl $0x55555555, %edx\n"
    "	movl $0x66666666, %ecx\n"
    "	movl $0x77777777, %eax\n"
    "	movl $0x33333333, %ebp\n"
    "	popfl\n"			/* from here on: nothing that changes flags */
    "	movl %edi, before+0\n"
    "	movl %esi, before+4\n"
    "	movl %ebp, before+8\n"
    "	movl %ebx, before+12\n"
    "	movl %edx, before+16\n"
    "	movl %ecx, before+20\n"
    "	movl %eax, before+24\n"
    "	pushfl\n"
    "	popl before+28\n"
    "	movl %esp, before+32\n"
    "	movl %eax, 0x00c00000\n"	/* the fault */
    "	movl %edi, after+0\n"
    "	movl %esi, after+4\n"
    "	movl %ebp, after+8\n"
    "	movl %ebx, after+12\n"
    "	movl %edx, after+16\n"
    "	movl %ecx, after+20\n"
    "	movl %eax, after+24\n"
    "	pushfl\n"
    "	popl after+28\n"
    "	movl %esp, after+32\n"
    "	cld\n"
    "	popal\n"
    "	popl %ebp\n"
    "	ret\n");

static void
handler(struct UTrapframe *utf)
{
	int r;

	if (utf->utf_fault_va != TARGET || !(utf->utf_err & FEC_WR))
		panic("unexpected fault at %08x err %x", utf->utf_fault_va, utf->utf_err);
	if (utf->utf_regs.reg_eax != 0x77777777 || utf->utf_regs.reg_edi != 0x11111111)
		panic("the frame does not hold the faulting registers");
	if ((r = sys_page_alloc(0, (void *) TARGET, PTE_P | PTE_U | PTE_W)) < 0)
		panic("sys_page_alloc: %e", r);
	/* Leave different flags and registers behind: the upcall must
	 * restore everything from the frame. */
	asm volatile("movl $0xdead, %%eax; movl $0xbeef, %%edx; cmpl $1, %%eax; std; cld"
		     ::: "eax", "edx", "cc");
}

static void
check(const char *label, uint32_t flags)
{
	int r;

	run_fault(flags);
	for (int i = 0; i < 9; i++)
		if (before[i] != after[i])
			panic("%s: %s was %08x before the fault and %08x after",
			      label, names[i], before[i], after[i]);
	if (*(volatile uint32_t *) TARGET != 0x77777777)
		panic("%s: the store did not happen", label);
	cprintf("%s: all registers, eflags %08x and esp %08x preserved\n",
		label, after[7], after[8]);
	if ((r = sys_page_unmap(0, (void *) TARGET)) < 0)
		panic("sys_page_unmap: %e", r);
}

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	set_pgfault_handler(handler);
	check("flags clear", FL_IF);
	check("flags set", FL_IF | FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF | FL_DF);
}
