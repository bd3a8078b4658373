// pp_ref_overflow: a page's reference count is 16 bits (JOS's struct
// PageInfo). Mapping one page 65,535 times more than it has must fail with
// -E_NO_MEM instead of wrapping the count to 0 -- after which one unmap
// would free a page still mapped 65,535 times, and the next exofork could
// take it as a page directory that this env can write. Then every mapping
// goes, and the kernel must neither panic nor leak.
#include <inc/lib.h>

#define PAGE	((char *) 0x10000000)	/* the page mapped over and over */
#define ALIASES	((char *) 0x20000000)	/* 65,535 alias slots from here */

void
umain(int argc, char **argv)
{
	unsigned maps = 0;
	int r;

	(void) argc, (void) argv;
	expect_result("sys_page_alloc(PAGE)", sys_page_alloc(0, PAGE, PTE_P | PTE_U | PTE_W), 0);
	PAGE[0] = 42;
	/* pp_ref is 1 now; 65,534 aliases bring it to 65,535, the most. */
	for (;;) {
		char *va = ALIASES + maps * PGSIZE;

		if ((r = sys_page_map(0, PAGE, 0, va, PTE_P | PTE_U)) < 0)
			break;
		if (++maps % 16384 == 0)
			cprintf("%u aliases\n", maps);
		if (maps == 70000)
			break;
	}
	cprintf("mapping alias %u: %e\n", maps + 1, r);
	expect_result("the map that would overflow the count", r, -E_NO_MEM);
	cprintf("pp_ref %u\n", pages[PGNUM(PTE_ADDR(uvpt[PGNUM(PAGE)]))].pp_ref);

	/* Re-mapping the same page at an alias it already has changes
	 * nothing: it needs no new reference. */
	expect_result("re-map at an existing alias", sys_page_map(0, PAGE, 0, ALIASES, PTE_P | PTE_U), 0);

	/* Drop one alias: the page is still mapped everywhere else. */
	expect_result("sys_page_unmap(one alias)", sys_page_unmap(0, ALIASES), 0);
	if (ALIASES[PGSIZE] != 42 || PAGE[0] != 42)
		panic("the page changed under its mappings");
	cprintf("page intact after one unmap\n");
	/* exit() unmaps the rest (env_free): no panic, no leak. */
}
