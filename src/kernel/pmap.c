/**
 * @file pmap.c
 * @brief Physical memory: the page allocator with reference counts, the
 *        kernel page directory and the user-visible layout of memlayout.h.
 *
 * Free pages are of two kinds: pages freed after use, on the free list,
 * and pages never handed out yet, as runs of page numbers taken from the
 * E820 map at boot (page_init() writes a few runs, not a link per page).
 * page_alloc() takes from the list first, then from the runs in ascending
 * order: the same order as a list built at boot lowest-first.
 *
 * Invariants (big kernel lock held):
 *  - a page is on the free list iff its pp_ref is 0 and pp_link is set
 *    or it is the list's last element; a page in a fresh run has pp_ref 0
 *    and pp_link NULL; page_nfree counts both;
 *  - pp_ref counts user mappings plus kernel holds (page directories,
 *    page tables of envs); kernel-space page tables are never freed;
 *  - pages that are not usable RAM (page 0 with the real-mode IVT,
 *    MPENTRY_PADDR for the AP start-up code, the I/O hole, the kernel and
 *    what boot_alloc() gave out) are never on the free list.
 *
 * @ingroup grp_memory
 */
#include <inc/x86.h>
#include <inc/mmu.h>
#include <inc/error.h>
#include <inc/string.h>
#include <inc/assert.h>

#include "pmap.h"
#include "env.h"
#include "cpu.h"
#include "bootinfo.h"
#include "trace.h"
#include "tlb.h"
#include "spinlock.h"
#include "fpu.h"

/** Physical memory the kernel can map at KERNBASE (256 MiB). */
#define MAX_PHYS	(0xFFFFFFFFu - KERNBASE + 1)

size_t npages;
pde_t *kern_pgdir;
struct PageInfo *pages;
unsigned char (*percpu_kstacks)[KSTKSIZE];
/** Free physical pages, linked through pp_link (big kernel lock). */
static struct PageInfo *page_free_list;
/** Free pages: the list's length plus the pages left in the fresh runs. */
static size_t page_nfree;
/** A run of page numbers never handed out: [next, end). */
struct fresh_run {
	uint32_t next;		/**< the next page to hand out */
	uint32_t end;		/**< one past the last page */
};
/** The fresh runs in ascending order (page_init()); at most one per E820 RAM entry and reserved hole. */
static struct fresh_run fresh[E820_MAX + 4];
/** Number of runs in fresh[]; fresh_cur is the first one not used up. */
static unsigned nfresh, fresh_cur;
/** The end of the kernel image (kernel.ld). */
extern char end[];
/** The most references struct PageInfo's 16-bit pp_ref can count. */
#define PP_REF_MAX	0xffff

/* ------------------------------------------------------------------ */
/* Boot-time setup                                                     */
/* ------------------------------------------------------------------ */

/** Highest address of usable RAM in the E820 map, capped at MAX_PHYS. */
static physaddr_t
detect_memory(const struct bootinfo *bi)
{
	uint64_t top = 0;

	for (uint32_t i = 0; i < bi->e820_count; i++) {
		const struct e820_entry *e = &bi->e820[i];

		if (e->type == E820_RAM && e->base + e->length > top)
			top = e->base + e->length;
	}
	if (top > MAX_PHYS)
		top = MAX_PHYS;
	if (top < 4 * 1024 * 1024)
		panic("only %u KiB of memory found (E820 entries: %u)",
		      (unsigned) (top / 1024), bi->e820_count);
	return ROUNDDOWN((physaddr_t) top, PGSIZE);
}

/**
 * Allocate @p n bytes (page-aligned) right after the kernel image, before the
 * page allocator exists. boot_alloc(0) returns the next free address. Only
 * used by mem_init(); the memory must lie within the entry page tables'
 * 8 MiB.
 */
static void *
boot_alloc(uint32_t n)
{
	static char *nextfree;
	char *result;

	if (!nextfree)
		nextfree = ROUNDUP((char *) end, PGSIZE);
	result = nextfree;
	nextfree = ROUNDUP(nextfree + n, PGSIZE);
	if ((uintptr_t) nextfree > KERNBASE + 8 * 1024 * 1024)
		panic("boot_alloc: out of early memory (%u bytes asked)", n);
	return result;
}

/** Map [va, va+size) to [pa, pa+size) with @p perm in @p pgdir (boot only). */
static void
boot_map_region(pde_t *pgdir, uintptr_t va, size_t size, physaddr_t pa, int perm)
{
	assert(va % PGSIZE == 0 && pa % PGSIZE == 0 && size % PGSIZE == 0);
	for (size_t off = 0; off < size; off += PGSIZE) {
		pte_t *pte = pgdir_walk(pgdir, (void *) (va + off), 1);

		if (!pte)
			panic("boot_map_region: out of memory");
		*pte = (pa + off) | perm | PTE_P;
	}
}

/** Add the fresh run of pages [lo, hi) (page numbers), if not empty. */
static void
fresh_add(uint32_t lo, uint32_t hi)
{
	if (lo >= hi)
		return;
	if (nfresh == ARRAY_SIZE(fresh))
		panic("page_init: more than %u runs of free pages", ARRAY_SIZE(fresh));
	fresh[nfresh++] = (struct fresh_run) { lo, hi };
	page_nfree += hi - lo;
}

/** Clear the boot_alloc()ed @p n bytes at @p kva (page-aligned) a page at a time, with page_zero(). */
static void
zero_pages(void *kva, size_t n)
{
	for (size_t off = 0; off < n; off += PGSIZE)
		page_zero((char *) kva + off);
}

/**
 * Map [va, va+size) to [pa, pa+size) in @p pgdir with 4 MiB pages
 * (PTE_PS; CR4.PSE is on in every CPU from its entry code): one directory
 * entry per 4 MiB and no page tables, for the KERNBASE window over all of
 * physical memory (64 entries instead of 65,536 PTEs). All 4 MiB-aligned.
 */
static void
boot_map_region_large(pde_t *pgdir, uintptr_t va, size_t size, physaddr_t pa, int perm)
{
	assert(va % PTSIZE == 0 && pa % PTSIZE == 0 && size % PTSIZE == 0);
	for (size_t off = 0; off < size; off += PTSIZE)
		pgdir[PDX(va + off)] = (pa + off) | perm | PTE_PS | PTE_P;
}

/**
 * Make every usable page free, as fresh runs (see the top of this file):
 * the RAM of the E820 map below npages, without page 0 (the real-mode
 * IVT), MPENTRY_PADDR (the AP start-up code) and [IOPHYSMEM, the end of
 * boot_alloc()'s memory) (the I/O hole, the kernel, its boot tables).
 * O(E820 entries), not O(pages). The E820 entries are merged in ascending
 * order first: the BIOS may list them in any order, or overlapping.
 */
static void
page_init(const struct bootinfo *bi)
{
	uint32_t hole_lo = IOPHYSMEM / PGSIZE, hole_hi = PADDR(boot_alloc(0)) / PGSIZE;
	uint32_t lo[E820_MAX], hi[E820_MAX], n = 0;

	/* The RAM entries as page numbers, sorted by start (insertion sort:
	 * at most E820_MAX of them), clipped to npages. */
	for (uint32_t k = 0; k < bi->e820_count && k < E820_MAX; k++) {
		const struct e820_entry *e = &bi->e820[k];
		uint64_t a = ROUNDUP(e->base, PGSIZE) / PGSIZE, b = (e->base + e->length) / PGSIZE;
		uint32_t at;

		if (e->type != E820_RAM || a >= npages || a >= b)
			continue;
		if (b > npages)
			b = npages;
		for (at = n; at > 0 && lo[at - 1] > a; at--)
			lo[at] = lo[at - 1], hi[at] = hi[at - 1];
		lo[at] = a, hi[at] = b;
		n++;
	}
	/* Merge overlapping or adjacent entries, cut out the reserved pages. */
	for (uint32_t k = 0; k < n; ) {
		uint32_t a = lo[k], b = hi[k];

		for (k++; k < n && lo[k] <= b; k++)
			b = MAX(b, hi[k]);
		a = MAX(a, 1u);				/* page 0 */
		if (a <= MPENTRY_PADDR / PGSIZE && MPENTRY_PADDR / PGSIZE < b) {
			fresh_add(a, MPENTRY_PADDR / PGSIZE);
			a = MPENTRY_PADDR / PGSIZE + 1;
		}
		fresh_add(a, MIN(b, hole_lo));
		fresh_add(MAX(a, hole_hi), b);
	}
}

/**
 * A second, independent statement of the pages the allocator must never
 * hand out (the invariant at the top of this file), checked right after
 * page_init(): page 0, MPENTRY_PADDR, the I/O hole, the kernel image and
 * what boot_alloc() gave out. A mistake in page_init() then panics at boot,
 * instead of handing out, say, page 0 -- which nothing else would notice.
 * (At this point every free page is in a fresh run.)
 */
static void
mem_check_reserved(void)
{
	const struct {
		physaddr_t lo, hi;
		const char *what;
	} reserved[] = {
		{ 0, PGSIZE, "the real-mode IVT" },
		{ MPENTRY_PADDR, MPENTRY_PADDR + PGSIZE, "the AP start-up code" },
		{ IOPHYSMEM, EXTPHYSMEM, "the I/O hole" },
		{ EXTPHYSMEM, PADDR(ROUNDUP((char *) end, PGSIZE)), "the kernel image" },
		{ PADDR(ROUNDUP((char *) end, PGSIZE)), PADDR(boot_alloc(0)), "boot_alloc()'s memory" },
	};

	if (page_free_list)
		panic("mem_check_reserved: the free list is not empty at boot");
	for (unsigned k = 0; k < nfresh; k++)
		for (unsigned r = 0; r < ARRAY_SIZE(reserved); r++) {
			physaddr_t a = MAX(fresh[k].next * PGSIZE, reserved[r].lo);

			if (a < MIN(fresh[k].end * PGSIZE, reserved[r].hi))
				panic("page %08x is on the free list but is not free RAM (%s)",
				      a, reserved[r].what);
		}
}

/** Set the per-CPU kernel stacks in the KSTACKTOP region (see memlayout.h). */
static void
mem_init_mp(void)
{
	for (int i = 0; i < NCPU; i++) {
		uintptr_t top = KSTACKTOP - i * (KSTKSIZE + KSTKGAP);

		boot_map_region(kern_pgdir, top - KSTKSIZE, KSTKSIZE,
				PADDR(percpu_kstacks[i]), PTE_W);
	}
}

void
mem_init(const struct bootinfo *bi)
{
	npages = detect_memory(bi) / PGSIZE;

	kern_pgdir = boot_alloc(PGSIZE);
	memset(kern_pgdir, 0, PGSIZE);
	/* The page table self-map: user programs read their own page
	 * tables through it at UVPT (read-only). */
	kern_pgdir[PDX(UVPT)] = PADDR(kern_pgdir) | PTE_U | PTE_P;

	pages = boot_alloc(npages * sizeof(struct PageInfo));
	zero_pages(pages, npages * sizeof(struct PageInfo));
	envs = boot_alloc(NENV * sizeof(struct Env));
	zero_pages(envs, NENV * sizeof(struct Env));
	/* Big arrays that need no zeroes stay out of .bss, which the boot
	 * loader clears: the FPU save areas and the kernel stacks. */
	env_fpu = boot_alloc(NENV * sizeof(struct fpu_state));
	percpu_kstacks = boot_alloc(NCPU * KSTKSIZE);

	page_init(bi);
	mem_check_reserved();

	boot_map_region(kern_pgdir, UPAGES,
			ROUNDUP(npages * sizeof(struct PageInfo), PGSIZE),
			PADDR(pages), PTE_U);
	boot_map_region(kern_pgdir, UENVS,
			ROUNDUP(NENV * sizeof(struct Env), PGSIZE),
			PADDR(envs), PTE_U);
	mem_init_mp();
	boot_map_region_large(kern_pgdir, KERNBASE, MAX_PHYS, 0, PTE_W);

	lcr3(PADDR(kern_pgdir));
}

/* ------------------------------------------------------------------ */
/* The page allocator                                                  */
/* ------------------------------------------------------------------ */

struct PageInfo *
page_alloc(int alloc_flags)
{
	struct PageInfo *pp = page_free_list;

	assert_kernel_locked();
	if (pp) {
		page_free_list = pp->pp_link;
		pp->pp_link = NULL;
	} else if (fresh_cur < nfresh) {
		/* Never handed out: pp_ref 0, pp_link NULL since mem_init(). */
		pp = &pages[fresh[fresh_cur].next++];
		if (fresh[fresh_cur].next == fresh[fresh_cur].end)
			fresh_cur++;
	} else
		return NULL;
	page_nfree--;
	if (alloc_flags & ALLOC_ZERO)
		page_zero(page2kva(pp));
	return pp;
}

void
page_free(struct PageInfo *pp)
{
	if (pp->pp_ref != 0 || pp->pp_link != NULL)
		panic("page_free: page %08x still in use (ref %u)",
		      page2pa(pp), pp->pp_ref);
	pp->pp_link = page_free_list;
	page_free_list = pp;
	page_nfree++;
}

void
page_decref(struct PageInfo *pp)
{
	if (pp->pp_ref == 0)
		panic("page_decref: page %08x has no references", page2pa(pp));
	if (--pp->pp_ref == 0)
		page_free(pp);
}

size_t
page_free_count(void)
{
	return page_nfree;
}

/* ------------------------------------------------------------------ */
/* Page tables                                                         */
/* ------------------------------------------------------------------ */

pte_t *
pgdir_walk(pde_t *pgdir, const void *va, int create)
{
	pde_t *pde = &pgdir[PDX(va)];

	if (!(*pde & PTE_P)) {
		struct PageInfo *pp;

		if (!create || !(pp = page_alloc(ALLOC_ZERO)))
			return NULL;
		pp->pp_ref++;
		/* Generous directory permissions; the PTEs decide. */
		*pde = page2pa(pp) | PTE_P | PTE_W | PTE_U;
	}
	return (pte_t *) KADDR(PTE_ADDR(*pde)) + PTX(va);
}

int
page_insert(pde_t *pgdir, struct PageInfo *pp, void *va, int perm)
{
	pte_t *pte;

	assert_kernel_locked();
	if (!(pte = pgdir_walk(pgdir, va, 1)))
		return -E_NO_MEM;
	if ((*pte & PTE_P) && PTE_ADDR(*pte) == page2pa(pp)) {
		/* The same page at the same place: new permissions, no new
		 * reference. */
		*pte = page2pa(pp) | perm | PTE_P;
		tlb_invalidate(pgdir, va);
		return 0;
	}
	/* pp_ref is 16 bits (JOS's struct PageInfo): one more reference
	 * than it can count would wrap it to 0, and the page would be freed
	 * while still mapped. */
	if (pp->pp_ref == PP_REF_MAX)
		return -E_NO_MEM;
	if (*pte & PTE_P)
		page_remove(pgdir, va);
	pp->pp_ref++;
	*pte = page2pa(pp) | perm | PTE_P;
	return 0;
}

struct PageInfo *
page_lookup(pde_t *pgdir, void *va, pte_t **pte_store)
{
	pte_t *pte = pgdir_walk(pgdir, va, 0);

	if (!pte || !(*pte & PTE_P))
		return NULL;
	if (pte_store)
		*pte_store = pte;
	return pa2page(PTE_ADDR(*pte));
}

void
page_remove(pde_t *pgdir, void *va)
{
	pte_t *pte;
	struct PageInfo *pp;

	assert_kernel_locked();
	if (!(pp = page_lookup(pgdir, va, &pte)))
		return;
	*pte = 0;
	tlb_invalidate(pgdir, va);
	page_decref(pp);
}

void *
mmio_map_region(physaddr_t pa, size_t size)
{
	static uintptr_t base = MMIOBASE;
	uintptr_t start = base;
	physaddr_t first = ROUNDDOWN(pa, PGSIZE);

	size = ROUNDUP(pa + size, PGSIZE) - first;
	if (base + size > MMIOLIM || base + size < base)
		panic("mmio_map_region: MMIO window exhausted (%u bytes asked)", size);
	boot_map_region(kern_pgdir, base, size, first, PTE_PCD | PTE_PWT | PTE_W);
	base += size;
	return (void *) (start + (pa - first));
}

/* ------------------------------------------------------------------ */
/* Checking user pointers                                              */
/* ------------------------------------------------------------------ */

uintptr_t user_mem_check_addr;

int
user_mem_check(struct Env *env, const void *va, size_t len, int perm)
{
	uintptr_t start = (uintptr_t) va;
	uintptr_t end = start + len;
	/* A range that wraps past 4 GiB runs into ULIM first: scan to there
	 * (the loop stops at ULIM whatever end says). */
	bool wraps = end < start;

	perm |= PTE_P;
	for (uintptr_t a = ROUNDDOWN(start, PGSIZE); wraps || a < end; a += PGSIZE) {
		pte_t *pte;

		if (a >= ULIM || !(pte = pgdir_walk(env->env_pgdir, (void *) a, 0)) ||
		    (*pte & perm) != (uint32_t) perm) {
			user_mem_check_addr = a < start ? start : a;
			return -E_FAULT;
		}
	}
	return 0;
}

int
user_mem_assert(struct Env *env, const void *va, size_t len, int perm)
{
	if (user_mem_check(env, va, len, perm | PTE_U) < 0) {
		cprintf("[%08x] user_mem_check assertion failure for va %08x\n",
			env->env_id, user_mem_check_addr);
		env_kill(env, TR_kill_bad_pointer);
		return -E_FAULT;
	}
	return 0;
}
