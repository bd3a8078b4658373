/**
 * @file pages.h
 * @brief This env's own mappings, through uvpd/uvpt, and copying pages
 *        into a child (private to the user library: fork.c, eagerfork.c).
 * @ingroup grp_ulib
 */
#ifndef GW_ULIB_PAGES_H
#define GW_ULIB_PAGES_H

#include <inc/lib.h>

/** True if page number @p pn is mapped here (its page table too). */
static inline bool
page_mapped(uintptr_t pn)
{
	return (uvpd[pn / NPTENTRIES] & PTE_P) && (uvpt[pn] & PTE_P);
}

/**
 * The first page number at or after @p pn, below UTOP, that a fork must
 * copy or share: mapped, and not the exception stack (a child gets its
 * own). PGNUM(UTOP) when there is none. Skips missing page tables whole.
 */
static inline uintptr_t
next_forkable_page(uintptr_t pn)
{
	for (; pn < PGNUM(UTOP); pn++) {
		if (!(uvpd[pn / NPTENTRIES] & PTE_P)) {
			pn = ROUNDUP(pn + 1, NPTENTRIES) - 1;
			continue;
		}
		if ((uvpt[pn] & PTE_P) && pn != PGNUM(UXSTACKTOP - PGSIZE))
			return pn;
	}
	return PGNUM(UTOP);
}

/** The lowest page of the normal stack: the mapped run of pages under USTACKTOP. */
static inline uintptr_t
stack_bottom(void)
{
	uintptr_t bottom = USTACKTOP - PGSIZE;

	while (bottom > UTEXT && page_mapped(PGNUM(bottom - PGSIZE)))
		bottom -= PGSIZE;
	return bottom;
}

/**
 * Copy the page at @p src to the page at @p dst (both page-aligned) with
 * SSE2 moves (pagecopy.asm), keeping the caller's XMM registers: usable in
 * a page-fault handler.
 */
void page_copy(void *dst, const void *src);

/**
 * Give @p child a private, writable copy of this env's page at @p va (a
 * fresh page, filled through UTEMP). 0, or the failing system call's
 * error (nothing left mapped at UTEMP).
 */
int copy_page_to(envid_t child, void *va);

#endif /* !GW_ULIB_PAGES_H */
