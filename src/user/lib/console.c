/**
 * @file user/lib/console.c
 * @brief User character I/O through the console system calls.
 *
 * @ingroup grp_ulib
 */
#include <inc/lib.h>

void
cputchar(int ch)
{
	char c = ch;

	sys_cputs(&c, 1);
}

int
getchar(void)
{
	int c;

	/* sys_cgetc does not block: give the CPU away while nothing came. */
	while ((c = sys_cgetc()) == 0)
		sys_yield();
	return c;
}

int
iscons(int fdnum)
{
	(void) fdnum;
	return 1;
}
