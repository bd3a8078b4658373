// bss_zeroed: a large uninitialised array (BSS, several pages) must read
// as zero everywhere, and every page of it must be writable.
#include <inc/lib.h>

#define N (5 * PGSIZE / sizeof(uint32_t) + 123)

uint32_t big[N];

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	for (size_t i = 0; i < N; i++)
		if (big[i] != 0)
			panic("big[%d] is %08x, not 0", (int) i, big[i]);
	for (size_t i = 0; i < N; i++)
		big[i] = i;
	for (size_t i = 0; i < N; i++)
		if (big[i] != i)
			panic("big[%d] is %08x after writing %08x", (int) i, big[i], (unsigned) i);
	cprintf("bss of %d bytes is zeroed and writable\n", (int) sizeof(big));
}
