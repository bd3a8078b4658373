// smp_stress: 16 workers hammer the kernel at once (page alloc, map,
// unmap, yield), each checking its own pages. Meant for 4 or 8 CPUs: the
// invariant checks (one holder per lock, one CPU per env, no starvation,
// no leaked page) run on the whole trace.
#include <inc/lib.h>

#define NWORKER	16
#define NROUND	25
#define BASE	0x10000000	/* each worker's pages: BASE + index * 16 pages */

static void
worker(int index)
{
	uint32_t *a = (uint32_t *) (BASE + index * 16 * PGSIZE);
	uint32_t *b = a + 4 * PGSIZE / sizeof(uint32_t);
	int r;

	for (int round = 0; round < NROUND; round++) {
		uint32_t tag = (index << 16) | round;

		if ((r = sys_page_alloc(0, a, PTE_P | PTE_U | PTE_W)) < 0)
			panic("worker %d: page_alloc: %e", index, r);
		for (int i = 0; i < 8; i++)
			a[i * 100] = tag + i;
		if ((r = sys_page_map(0, a, 0, b, PTE_P | PTE_U)) < 0)
			panic("worker %d: page_map: %e", index, r);
		for (int i = 0; i < 8; i++)
			if (b[i * 100] != tag + i)
				panic("worker %d round %d: read %08x through the alias",
				      index, round, b[i * 100]);
		if ((r = sys_page_unmap(0, a)) < 0 || (r = sys_page_unmap(0, b)) < 0)
			panic("worker %d: page_unmap: %e", index, r);
		sys_yield();
	}
	cprintf("worker %d done\n", index);
}

void
umain(int argc, char **argv)
{
	(void) argc, (void) argv;
	for (int i = 0; i < NWORKER; i++) {
		envid_t r = eager_fork();

		if (r < 0)
			panic("eager_fork: %e", r);
		if (r == 0) {
			worker(i);
			return;
		}
	}
	cprintf("started %d workers\n", NWORKER);
}
