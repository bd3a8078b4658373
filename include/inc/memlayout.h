/**
 * @file memlayout.h
 * @brief The virtual memory layout every environment sees, and the page
 *        descriptor exported read-only to user space at UPAGES.
 *
 * The map with every address is drawn from these macros by the build
 * (debug/memory-map.c; `make build/memory-map.txt` to read it here) and
 * shown on the Memory page of the documentation (@ref memory_map):
 * @verbinclude memory-map.txt
 *
 * Permissions are kernel/user. ULIM is the first address user space may
 * never touch; UTOP the first address above which a user may not change
 * mappings (everything between UTOP and ULIM is read-only to users).
 *
 * @ingroup grp_memory
 */
#ifndef GW_INC_MEMLAYOUT_H
#define GW_INC_MEMLAYOUT_H

/**
 * @defgroup grp_memory Memory
 * @brief The virtual memory layout, x86 paging definitions, the physical
 *        page allocator and page tables. See @ref memory.
 */

#ifndef __ASSEMBLER__
#include <inc/types.h>
#endif
#include <inc/mmu.h>

#define GD_KT     0x08
#define GD_KD     0x10
#define GD_UT     0x18
#define GD_UD     0x20
#define GD_TSS0   0x28	/**< task state segment of CPU 0; CPU i's is GD_TSS0 + 8*i */

#define KERNBASE	0xF0000000	/**< all physical memory is mapped at this address */
#define IOPHYSMEM	0x0A0000	/**< start of the legacy I/O hole */
#define EXTPHYSMEM	0x100000	/**< end of the I/O hole: extended memory starts here */

#define KSTACKTOP	KERNBASE	/**< top of CPU 0's kernel stack */
#define KSTKSIZE	(8*PGSIZE)
#define KSTKGAP		(8*PGSIZE)	/**< unmapped guard below each kernel stack */

#define MMIOLIM		(KSTACKTOP - PTSIZE)
#define MMIOBASE	(MMIOLIM - PTSIZE)

#define ULIM		(MMIOBASE)		/**< user space ends here */

#define UVPT		(ULIM - PTSIZE)		/**< page-table self-map (user read-only) */
#define UPAGES		(UVPT - PTSIZE)		/**< read-only copy of pages[] */
#define UENVS		(UPAGES - PTSIZE)	/**< read-only copy of envs[] */

#define UTOP		UENVS			/**< top of user-controlled memory */
#define UXSTACKTOP	UTOP
#define USTACKTOP	(UTOP - 2*PGSIZE)

#define UTEXT		(2*PTSIZE)		/**< where user programs are linked */
#define UTEMP		((void*) PTSIZE)	/**< scratch mappings (kernel and user) */
#define PFTEMP		(UTEMP + PTSIZE - PGSIZE) /**< fork's page-fault copy page */
#define USTABDATA	(PTSIZE / 2)		/**< user stab data (JOS; unused) */

#define MPENTRY_PADDR	0x7000	/**< physical address of the AP start-up code */

#ifndef __ASSEMBLER__

typedef uint32_t pte_t;
typedef uint32_t pde_t;

#if JOS_USER
/** The page table of the current environment, by page number (user only). */
extern volatile pte_t uvpt[];
/** The page directory of the current environment, by PDX (user only). */
extern volatile pde_t uvpd[];
#endif

/**
 * Descriptor of one physical page. The kernel keeps one per page in pages[]
 * (mapped read-only at UPAGES). Protected by the page allocator's rules:
 * see pmap.c.
 */
struct PageInfo {
	/** Next page on the free list; NULL when the page is allocated. */
	struct PageInfo *pp_link;
	/** Number of page-table mappings (and kernel holds) of this page. */
	uint16_t pp_ref;
};

#endif /* !__ASSEMBLER__ */
#endif /* !GW_INC_MEMLAYOUT_H */
