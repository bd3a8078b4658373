// divide_zero: an integer division by zero raises trap 0 in user mode;
// the kernel prints the trap frame and destroys the env. The divide is
// written in assembly: the compiler may turn a C division by a small
// constant numerator into compares that never trap.
#include <inc/lib.h>

void
umain(int argc, char **argv)
{
	unsigned quotient;

	(void) argc, (void) argv;
	cprintf("dividing 1 by zero\n");
	asm volatile("divl %2" : "=a" (quotient) : "a" (1), "r" (0), "d" (0));
	cprintf("1/0 is %08x: should not get here\n", quotient);
}
