// sse_isolation: the XMM registers are per env too, and nothing the kernel
// or the user library does on an env's behalf disturbs them. Parent and
// child (a COW fork) each fill xmm0-xmm7 with their own pattern, then
// repeatedly: yield (the other env fills its registers meanwhile), have a
// page allocated (the kernel clears it with SSE stores) and write to a
// copy-on-write page (fork's handler copies it with SSE moves inside the
// upcall). Afterwards each must find exactly its own pattern.
#include <inc/lib.h>

#define ROUNDS 8

/* Pages the fork makes copy-on-write: one fault per round. */
static char cow_pages[ROUNDS][PGSIZE] __attribute__((aligned(PGSIZE))) = { { 1 } };
#define SCRATCH ((void *) 0x30000000)

static void
fill(uint32_t seed)
{
	uint32_t v[32];

	for (int i = 0; i < 32; i++)
		v[i] = seed * 2654435761u + i;
	asm volatile("movdqu 0(%0), %%xmm0; movdqu 16(%0), %%xmm1; movdqu 32(%0), %%xmm2\n"
		     "movdqu 48(%0), %%xmm3; movdqu 64(%0), %%xmm4; movdqu 80(%0), %%xmm5\n"
		     "movdqu 96(%0), %%xmm6; movdqu 112(%0), %%xmm7" : : "r" (v) : "memory");
}

/* How many of the 32 words in xmm0-7 differ from fill(seed)'s. */
static int
differences(uint32_t seed)
{
	uint32_t v[32];
	int bad = 0;

	asm volatile("movdqu %%xmm0, 0(%0); movdqu %%xmm1, 16(%0); movdqu %%xmm2, 32(%0)\n"
		     "movdqu %%xmm3, 48(%0); movdqu %%xmm4, 64(%0); movdqu %%xmm5, 80(%0)\n"
		     "movdqu %%xmm6, 96(%0); movdqu %%xmm7, 112(%0)" : : "r" (v) : "memory");
	for (int i = 0; i < 32; i++)
		if (v[i] != seed * 2654435761u + i)
			bad++;
	return bad;
}

static void
run(const char *who, uint32_t seed)
{
	int bad = 0, r;

	fill(seed);
	for (int i = 0; i < ROUNDS; i++) {
		sys_yield();
		bad += differences(seed);
		if ((r = sys_page_alloc(0, SCRATCH, PTE_P | PTE_U | PTE_W)) < 0)
			panic("sys_page_alloc: %e", r);
		bad += differences(seed);
		cow_pages[i][0] = (char) seed;	/* a COW fault, copied by page_copy() */
		bad += differences(seed);
		fill(seed);
	}
	if (bad)
		cprintf("%s: XMM registers disturbed (%d words)\n", who, bad);
	else
		cprintf("%s: XMM registers intact\n", who);
}

void
umain(int argc, char **argv)
{
	envid_t c;

	(void) argc, (void) argv;
	if ((c = fork()) < 0)
		panic("fork: %e", c);
	run(c == 0 ? "child" : "parent", c == 0 ? 2 : 1);
}
