/**
 * @file memory-map.c
 * @brief A host program that draws the virtual memory map of
 *        include/inc/memlayout.h for the documentation
 *        (build/memory-map.txt, included by docs/memory.md and
 *        memlayout.h's own comment).
 *
 * Every address, and every name written at a boundary, comes from the
 * header's macros, so the picture cannot drift from the layout: change
 * memlayout.h and the next `make docs` redraws it. What this file adds is
 * the order of the regions and what each holds. It checks that the
 * regions it describes tile the address space from 4 GiB down to 0 (each
 * region ends where the next begins) and fails the build otherwise, so a
 * layout change that leaves a hole or an overlap here is noticed.
 *
 * Built without the C library's headers: memlayout.h brings its own
 * fixed-width types (inc/types.h). NCPU comes from src/kernel/cpu.h
 * (the Makefile passes it).
 *
 * @ingroup grp_tools
 */
#include <inc/memlayout.h>

/** The C library's printf (declared here: its header's types would clash
 * with inc/types.h). */
int printf(const char *fmt, ...);
/** The C library's putchar (declared here, as printf). */
int putchar(int c);

#ifndef NCPU
#error "NCPU must be given (-DNCPU=n, from src/kernel/cpu.h)"
#endif

#define TOP	0x100000000ull		/* 4 GiB */
#define A(x)	((unsigned long long) (uintptr_t) (x))
#define WIDTH	50			/* inside the boxes */

/** One region [bottom, top): what it holds, kernel/user permissions,
 * whether it is drawn elided (":" sides: its size is not to scale). */
struct region {
	unsigned long long top, bottom;
	const char *what;
	const char *perm;
	int elided;
};

static const struct region regions[] = {
	{ TOP, A(KERNBASE), "all physical memory, mapped contiguously", "RW/--", 0 },
	{ A(KSTACKTOP), A(KSTACKTOP - KSTKSIZE), "CPU 0 kernel stack (KSTKSIZE)", "RW/--", 0 },
	{ A(KSTACKTOP - KSTKSIZE), A(KSTACKTOP - (KSTKSIZE + KSTKGAP)),
	  "CPU 0 guard gap (KSTKGAP, unmapped)", "--/--", 0 },
	{ A(KSTACKTOP - (KSTKSIZE + KSTKGAP)), A(KSTACKTOP - (2 * KSTKSIZE + KSTKGAP)),
	  "CPU 1 kernel stack", "RW/--", 0 },
	{ A(KSTACKTOP - (2 * KSTKSIZE + KSTKGAP)), A(KSTACKTOP - NCPU * (KSTKSIZE + KSTKGAP)),
	  "CPU 1 gap, then a stack and a gap per CPU", "", 1 },
	{ A(KSTACKTOP - NCPU * (KSTKSIZE + KSTKGAP)), A(MMIOLIM),
	  "unmapped", "--/--", 1 },
	{ A(MMIOLIM), A(MMIOBASE), "memory-mapped I/O (the LAPIC page)", "RW/--", 0 },
	{ A(ULIM), A(UVPT), "this env's page tables (UVPT self-map)", "R-/R-", 0 },
	{ A(UVPT), A(UPAGES), "pages[]: one struct PageInfo per page", "R-/R-", 0 },
	{ A(UPAGES), A(UENVS), "envs[]: every struct Env", "R-/R-", 0 },
	{ A(UXSTACKTOP), A(UXSTACKTOP - PGSIZE),
	  "user exception stack (the user library maps it)", "RW/RW", 0 },
	{ A(UXSTACKTOP - PGSIZE), A(USTACKTOP), "guard page (unmapped)", "--/--", 0 },
	{ A(USTACKTOP), A(USTACKTOP - PGSIZE), "normal user stack (load_icode maps one page)", "RW/RW", 0 },
	{ A(USTACKTOP - PGSIZE), A(UTEXT),
	  "stack growth; the program's text, data, bss", "", 1 },
	{ A(UTEXT), A(PFTEMP), "fork's page-fault copy page (while copying)", "RW/RW", 0 },
	{ A(PFTEMP), A(UTEMP), "scratch mappings (kernel and user)", "", 1 },
	{ A(UTEMP), 0, "never mapped: NULL pointers fault", "--/--", 1 },
};

/* The names written at the boundaries. */
static const struct { const char *name; unsigned long long addr; } names[] = {
	{ "KERNBASE", A(KERNBASE) }, { "KSTACKTOP", A(KSTACKTOP) },
	{ "MMIOLIM", A(MMIOLIM) }, { "ULIM", A(ULIM) }, { "MMIOBASE", A(MMIOBASE) },
	{ "UVPT", A(UVPT) }, { "UPAGES", A(UPAGES) }, { "UTOP", A(UTOP) },
	{ "UENVS", A(UENVS) }, { "UXSTACKTOP", A(UXSTACKTOP) },
	{ "USTACKTOP", A(USTACKTOP) }, { "UTEXT", A(UTEXT) },
	{ "PFTEMP", A(PFTEMP) }, { "UTEMP", A(UTEMP) },
};

#define COUNT(a)	(sizeof(a) / sizeof((a)[0]))

/** The boundary line at address @p a (its edge character @p edge), with
 * every name whose address it is. */
static void
boundary(unsigned long long a, char edge)
{
	int first = 1;

	if (a == TOP)
		printf("  4 GiB     ");
	else
		printf(" 0x%08llx ", a);
	printf("%c", edge);
	for (int i = 0; i < WIDTH; i++)
		putchar('-');
	printf("%c", edge);
	for (unsigned i = 0; i < COUNT(names); i++)
		if (names[i].addr == a) {
			printf("%s%s", first ? " " : ", ", names[i].name);
			first = 0;
		}
	printf("\n");
}

/** Print the map; exit status 1 if the regions do not tile the space. */
int
main(void)
{
	int bad = 0;

	printf(" address    permissions on the right are kernel/user (RW/--: kernel\n");
	printf("            read-write, no user access); \":\" sides: not to scale\n");
	for (unsigned i = 0; i < COUNT(regions); i++) {
		const struct region *r = &regions[i];
		char side = r->elided ? ':' : '|';

		if (r->top <= r->bottom || (i + 1 < COUNT(regions) && regions[i + 1].top != r->bottom)) {
			printf("memory-map: region \"%s\" [%08llx, %08llx) does not meet the next one\n",
			       r->what, r->bottom, r->top);
			bad = 1;
		}
		boundary(r->top, '+');
		if (r->perm[0])
			printf("            %c %-*s%c %s\n", side, WIDTH - 1, r->what, side, r->perm);
		else
			printf("            %c %-*s%c\n", side, WIDTH - 1, r->what, side);
	}
	boundary(0, '+');
	return bad;
}
