/**
 * @file pmap.h
 * @brief Physical page allocator and page-table management.
 *
 * Locking: everything here is protected by the big kernel lock (which the
 * boot CPU holds from the start of i386_init()); page_alloc(),
 * page_insert() and page_remove() assert it.
 *
 * @ingroup grp_memory
 */
#ifndef GW_KERN_PMAP_H
#define GW_KERN_PMAP_H

#include <inc/memlayout.h>
#include <inc/assert.h>
#include <inc/env.h>

struct bootinfo;

/** @var bootstacktop
 * Top of the boot CPU's initial stack (entry.asm). */
extern char bootstacktop[], bootstack[];	/**< the boot CPU's initial stack (bottom) */
extern struct PageInfo *pages;			/**< one descriptor per physical page */
extern size_t npages;				/**< number of physical pages */
extern pde_t *kern_pgdir;			/**< the kernel's page directory */

/** Physical address of kernel virtual address @p kva (panics if not a KERNBASE address). */
#define PADDR(kva) _paddr(__FILE__, __LINE__, kva)

/** Convert a kernel virtual address to physical; see PADDR. */
static inline physaddr_t
_paddr(const char *file, int line, void *kva)
{
	if ((uint32_t) kva < KERNBASE)
		_panic(file, line, "PADDR called with invalid kva %08lx", (unsigned long) kva);
	return (physaddr_t) kva - KERNBASE;
}

/** Kernel virtual address of physical address @p pa (panics beyond RAM). */
#define KADDR(pa) _kaddr(__FILE__, __LINE__, pa)

/** Convert a physical address to a kernel virtual address; see KADDR. */
static inline void *
_kaddr(const char *file, int line, physaddr_t pa)
{
	if (PGNUM(pa) >= npages)
		_panic(file, line, "KADDR called with invalid pa %08lx", (unsigned long) pa);
	return (void *) (pa + KERNBASE);
}

/** Flags of page_alloc(). */
enum {
	ALLOC_ZERO = 1 << 0,	/**< fill the page with zeros */
};

/** Set up the kernel address space from the boot loader's memory map. */
void mem_init(const struct bootinfo *bi);

/** Take a free page (pp_ref stays 0: the caller counts references). NULL if none. */
struct PageInfo *page_alloc(int alloc_flags);
/** Return @p pp (pp_ref must be 0) to the free list. */
void page_free(struct PageInfo *pp);
/** Drop a reference to @p pp; free it when none are left. */
void page_decref(struct PageInfo *pp);
/** Number of free pages: on the free list or in a fresh run (the checker compares it for leaks). */
size_t page_free_count(void);

/**
 * Map @p pp at @p va with @p perm|PTE_P, replacing any mapping; 0, or
 * -E_NO_MEM when no page table can be had or @p pp has as many references
 * as pp_ref can count. (Mapping a page where it already is only changes
 * the permissions.)
 */
int page_insert(pde_t *pgdir, struct PageInfo *pp, void *va, int perm);
/** Unmap @p va, dropping the page's reference. Unmapping nothing is fine. */
void page_remove(pde_t *pgdir, void *va);
/** The page mapped at @p va (and its PTE in @p *pte_store), or NULL. */
struct PageInfo *page_lookup(pde_t *pgdir, void *va, pte_t **pte_store);
/** The PTE for @p va, creating the page table if @p create; NULL if absent or no memory. */
pte_t *pgdir_walk(pde_t *pgdir, const void *va, int create);

/** Reserve @p size bytes of MMIO space for physical @p pa, uncached; returns the address. */
void *mmio_map_region(physaddr_t pa, size_t size);

/** First bad address found by the last failed user_mem_check(). */
extern uintptr_t user_mem_check_addr;
/** 0 if @p env may access [va, va+len) with @p perm (plus PTE_P), else -E_FAULT. */
int user_mem_check(struct Env *env, const void *va, size_t len, int perm);
/**
 * Like user_mem_check(), but destroys @p env with the JOS message on
 * failure and returns -E_FAULT: the caller must give up at once (the env
 * is freed on the way out of the kernel). 0 if the access is fine.
 */
int user_mem_assert(struct Env *env, const void *va, size_t len, int perm);

/** Physical address of the page described by @p pp. */
static inline physaddr_t
page2pa(struct PageInfo *pp)
{
	return (pp - pages) << PGSHIFT;
}

/** Descriptor of the page containing physical address @p pa. */
static inline struct PageInfo *
pa2page(physaddr_t pa)
{
	if (PGNUM(pa) >= npages)
		panic("pa2page called with invalid pa %08x", pa);
	return &pages[PGNUM(pa)];
}

/** Kernel virtual address of the page described by @p pp. */
static inline void *
page2kva(struct PageInfo *pp)
{
	return KADDR(page2pa(pp));
}

/**
 * Clear the page at kernel address @p kva (page-aligned) with SSE2 stores
 * (pagemem.asm): a quarter of the instructions of `rep stosd`. Any CPU, any
 * context after init_control_registers(); curenv's XMM state is kept.
 */
void page_zero(void *kva);

#endif /* !GW_KERN_PMAP_H */
